#include "models/regression_diagnostics.h"

#include <math.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

int ols_diagnostics_compute(const struct ols_fit *fit, const gsl_matrix *X, struct ols_diagnostics *d)
{
	size_t n = fit->n, k = fit->k;
	double s2 = fit->sigma * fit->sigma, ubar = fit->sse / (double)n, num = 0, tss = 0, ess;
	gsl_vector *t;
	int status;

	if (X->size1 != n || X->size2 != k)
		return GSL_EBADLEN;
	if (!fit->has_residuals)
		return GSL_EINVAL;
	t = gsl_vector_calloc(k);
	if (!t)
		return GSL_ENOMEM;
	d->cook_max = d->leverage_max = -INFINITY;
	d->cook_row = d->leverage_row = 0;
	const double *m = fit->mean->data, *sc = fit->scale->data, *res = fit->resid->data, *lev = fit->leverage->data;
	size_t rs = fit->resid->stride, ls = fit->leverage->stride;
	double *tv = t->data;
	for (size_t i = 0; i < n; i++) {
		const double *row = X->data + i * X->tda;
		double e = res[i * rs], h = lev[i * ls];
		double u = e * e - ubar;
		if (i > 0) {
			double de = e - res[(i - 1) * rs];
			num += de * de;
		}
		if (h < 1) {
			double cook = e * e * h / ((double)fit->p * s2 * (1 - h) * (1 - h));
			if (cook > d->cook_max) {
				d->cook_max = cook;
				d->cook_row = i;
			}
		}
		if (h > d->leverage_max) {
			d->leverage_max = h;
			d->leverage_row = i;
		}
		for (size_t j = 0; j < k; j++)
			tv[j] += u * (row[j] - m[j]) / sc[j];
		tss += u * u;
	}
	d->durbin_watson = num / fit->sse;
	if (!isfinite(d->cook_max))
		d->cook_max = NAN;
	/* ESS of the auxiliary regression: t' R^-1 t */
	{
		gsl_vector *v = gsl_vector_alloc(k);
		if (!v) {
			gsl_vector_free(t);
			return GSL_ENOMEM;
		}
		gsl_vector_memcpy(v, t);
		status = ols_solve_scaled(fit, v);
		if (!status)
			status = gsl_blas_ddot(t, v, &ess);
		gsl_vector_free(v);
	}
	gsl_vector_free(t);
	if (status)
		return status;
	d->bp_df = (double)k;
	d->bp_koenker = tss > 0 ? (double)n * ess / tss : NAN;
	d->bp_original = ubar > 0 ? ess / (2 * ubar * ubar) : NAN;
	d->bp_koenker_p = gsl_cdf_chisq_Q(d->bp_koenker, d->bp_df);
	d->bp_original_p = gsl_cdf_chisq_Q(d->bp_original, d->bp_df);
	return GSL_SUCCESS;
}
