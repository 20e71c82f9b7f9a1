#include "models/harman.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_vector.h>

#include "models/factor.h"

/* Principal-axis share into out, or the reason it is missing. GSL_ENOMEM, otherwise success. */
static int principal_axis(const gsl_matrix *r, struct harman *out)
{
	size_t p = out->p, bad = 0;
	struct factor_settings o;
	struct factor_fit *fit;
	int status;

	if (factor_max_factors(p) < 1) {
		out->problem = HARMAN_PA_TOO_FEW_ITEMS;
		return GSL_SUCCESS;
	}
	fit = factor_fit_alloc(p, 1);
	if (!fit)
		return GSL_ENOMEM;
	factor_settings_init(&o, 1, ROTATION_NONE);
	status = factor_pa(r, &o, fit, &bad);
	if (status == GSL_SUCCESS || status == GSL_EMAXITER) {
		out->ss_pa = gsl_vector_get(fit->ss_loadings, 0);
		out->share_pa = out->ss_pa / (double)p;
		out->majority_pa = out->share_pa > HARMAN_MAJORITY;
		out->pa_iterations = fit->pa_iterations;
		if (status == GSL_EMAXITER)
			out->problem = HARMAN_PA_NO_CONVERGENCE;
		status = GSL_SUCCESS;
	} else if (status == GSL_ESING || status == GSL_EDOM) {
		out->problem = status == GSL_ESING ? HARMAN_PA_SINGULAR : HARMAN_PA_HEYWOOD;
		out->bad = bad;
		status = GSL_SUCCESS;
	}
	factor_fit_free(fit);
	return status;
}

int harman_test(const gsl_matrix *r, struct harman *out)
{
	size_t p = r->size1;
	gsl_vector *eval;
	int status;

	*out = (struct harman){.p = p, .ss_pa = NAN, .share_pa = NAN};
	if (r->size2 != p)
		return GSL_EBADLEN;
	if (p < 2) {
		out->problem = HARMAN_TOO_FEW_ITEMS;
		return GSL_EINVAL;
	}
	for (size_t i = 0; i < p; i++)
		for (size_t j = i; j < p; j++) {
			double a = gsl_matrix_get(r, i, j), b = gsl_matrix_get(r, j, i);
			if (!(fabs(a - b) <= HARMAN_COR_TOL && fabs(a) <= 1 + HARMAN_COR_TOL) ||
			    (i == j && !(fabs(a - 1) <= HARMAN_COR_TOL))) {
				out->problem = HARMAN_NOT_CORRELATION;
				out->bad = i;
				return GSL_EDOM;
			}
		}
	eval = gsl_vector_alloc(p);
	if (!eval)
		return GSL_ENOMEM;
	status = factor_eigenvalues(r, eval);
	if (status == GSL_SUCCESS) {
		out->eigen1 = gsl_vector_get(eval, 0);
		out->share_pc = out->eigen1 / (double)p;
		out->majority_pc = out->share_pc > HARMAN_MAJORITY;
		status = principal_axis(r, out);
	}
	gsl_vector_free(eval);
	return status;
}
