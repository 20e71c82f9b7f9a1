#include "models/regression_diagnostics.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

#include "models/distributions.h"

int ols_diagnostics_compute(const struct ols_fit *fit, const gsl_matrix *X, struct ols_diagnostics *d)
{
	struct ols_matrix_data md;

	ols_data_matrix(&md, X, fit->resid); /* y is not read */
	return ols_diagnostics_compute_data(fit, &md.data, d);
}

int ols_diagnostics_compute_data(const struct ols_fit *fit, const struct ols_data *data, struct ols_diagnostics *d)
{
	size_t n = fit->n, k = fit->k, rows = n < OLS_BLOCK_ROWS ? n : OLS_BLOCK_ROWS, from = 0, count = 0;
	double s2 = fit->sigma * fit->sigma, ubar = fit->sse / (double)n, num = 0, tss = 0, ess, *buf;
	struct ols_block blk = {0};
	gsl_vector *t;
	int status;

	if (data->n != n || data->k != k)
		return GSL_EBADLEN;
	if (!fit->has_residuals)
		return GSL_EINVAL;
	t = gsl_vector_calloc(k);
	buf = malloc((rows * (k + 1) + 1) * sizeof *buf);
	if (!t || !buf) {
		gsl_vector_free(t);
		free(buf);
		return GSL_ENOMEM;
	}
	d->cook_max = d->leverage_max = -INFINITY;
	d->cook_row = d->leverage_row = 0;
	const double *m = fit->mean->data, *sc = fit->scale->data, *res = fit->resid->data, *lev = fit->leverage->data;
	size_t rs = fit->resid->stride, ls = fit->leverage->stride;
	double *tv = t->data;
	for (size_t i = 0; i < n; i++) {
		if (i == from + count) {
			from = i;
			count = n - from < OLS_BLOCK_ROWS ? n - from : OLS_BLOCK_ROWS;
			data->rows(data->ctx, from, count, buf, buf + rows * k, &blk);
		}
		const double *row = blk.x + (i - from) * blk.tda;
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
	free(buf);
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
	d->bp_koenker_p = dist_chisq_Q(d->bp_koenker, d->bp_df);
	d->bp_original_p = dist_chisq_Q(d->bp_original, d->bp_df);
	return GSL_SUCCESS;
}
