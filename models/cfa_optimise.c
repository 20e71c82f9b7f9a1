/* The optimiser of a CFA fit (see models/cfa_fit.h for why it is written here): minimises
 * f(x) = D(x) / (2N) by steps dx = -H^-1 g(x). H is the expected information of f (Fisher
 * scoring) until the Newton decrement g' H^-1 g falls below 1e-6, then the observed
 * information (Newton) with complete data, where it costs no more than the expected one. With
 * missing data the observed information costs a pass over the patterns with O(q^2) work each,
 * so Fisher scoring continues while it converges fast (each decrement below a tenth of the one
 * before; the rate is about the squared fraction of missing information); otherwise the
 * observed information of one point is computed and kept (a chord method, as fast this close
 * to the optimum). When the observed information is not positive definite the step stays with
 * the expected one. A step is halved (at most 40 times) until f decreases by at least 1e-4
 * of the decrement with Sigma positive definite (Armijo), except once the decrement is below
 * the resolution of f (64 eps (1 + |f|)), where the full step is taken: the gradient, which has
 * no such cancellation, still shows the way. The first trial point is evaluated with its
 * gradient, which is kept when the full step is taken. Converged when the decrement is below
 * opt->tolerance. */
#include "models/cfa_internal.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

int cfa_spd_invert(gsl_matrix *a)
{
	if (gsl_linalg_cholesky_decomp1(a))
		return GSL_ESING;
	return gsl_linalg_cholesky_invert(a);
}

static size_t total_n(const struct cfa_model *mod)
{
	size_t n = 0;
	for (size_t g = 0; g < mod->groups; g++)
		n += mod->sample->g[g].n;
	return n;
}

/* f and its gradient at x (model set to x); GSL_EDOM when Sigma is not positive definite. */
static int evaluate(struct cfa_model *mod, const double *x, double scale, double *f, double *grad)
{
	int status = cfa_model_set(mod, x);
	if (status)
		return status;
	*f = cfa_model_deviance(mod, grad, &status) * scale;
	if (status)
		return status;
	if (grad)
		for (size_t j = 0; j < mod->q; j++)
			grad[j] *= scale;
	return isfinite(*f) ? 0 : GSL_EDOM;
}

/* The Cholesky factor of the expected information of f into H; GSL_ESING (why filled) when
 * it is singular: the model is not identified. */
static int expected_step_matrix(struct cfa_model *mod, double scale, gsl_matrix *H, gsl_matrix *copy,
				const struct cfa_options *opt, struct cfa_why *why)
{
	int status = cfa_model_expected(mod, 0, H);
	if (status)
		return status;
	gsl_matrix_scale(H, 2 * scale);
	gsl_matrix_memcpy(copy, H);
	if (!gsl_linalg_cholesky_decomp1(H))
		return 0;
	if (!cfa_check_rank(mod, copy, opt->rank_tolerance, why)) {
		why->param = why->param2 = CFA_NONE;
	}
	why->problem = CFA_NOT_IDENTIFIED;
	return GSL_ESING;
}

int cfa_optimise(struct cfa_model *mod, const struct cfa_data *data, double *x, const struct cfa_options *opt,
		 int newton, size_t *iterations, struct cfa_why *why)
{
	const size_t q = mod->q, qq = q ? q : 1;
	const double scale = 0.5 / (double)total_n(mod);
	gsl_matrix *H = gsl_matrix_alloc(qq, qq), *copy = gsl_matrix_alloc(qq, qq), *chord = gsl_matrix_alloc(qq, qq);
	gsl_vector *g = gsl_vector_alloc(qq), *dx = gsl_vector_alloc(qq), *gt = gsl_vector_alloc(qq);
	double *trial = malloc(qq * sizeof *trial);
	double f = 0, dec = INFINITY, prev = INFINITY;
	int status = GSL_ENOMEM, near = 0, slow = 0, have_chord = 0;

	*iterations = 0;
	if (!H || !copy || !chord || !g || !dx || !gt || !trial)
		goto done;
	if ((status = evaluate(mod, x, scale, &f, g->data))) {
		why->problem = CFA_IMPLIED_NOT_PD;
		why->group = mod->bad_group;
		status = GSL_EDOM;
		goto done;
	}
	if (!q)
		goto done;
	for (;;) {
		const gsl_matrix *step = H;
		if (near && newton == 1 && !cfa_model_observed(mod, data, H)) {
			gsl_matrix_scale(H, 2 * scale);
			if (gsl_linalg_cholesky_decomp1(H) && (status = expected_step_matrix(mod, scale, H, copy, opt, why)))
				goto done;
		} else if (near && slow && newton == 2 && (have_chord || !cfa_model_observed(mod, data, chord))) {
			if (!have_chord) {
				gsl_matrix_scale(chord, 2 * scale);
				have_chord = gsl_linalg_cholesky_decomp1(chord) ? -1 : 1;
			}
			if (have_chord > 0)
				step = chord;
			else if ((status = expected_step_matrix(mod, scale, H, copy, opt, why)))
				goto done;
		} else if ((status = expected_step_matrix(mod, scale, H, copy, opt, why))) {
			goto done;
		}
		gsl_vector_memcpy(dx, g);
		gsl_linalg_cholesky_svx(step, dx);
		gsl_blas_ddot(g, dx, &dec);
		gsl_vector_scale(dx, -1.0);
		if (dec < opt->tolerance)
			break;
		if (newton && dec < 1e-6)
			near = 1;
		slow = slow || dec > 0.1 * prev;
		prev = dec;
		if (*iterations >= opt->max_iter) {
			why->problem = CFA_NOT_CONVERGED;
			why->count = *iterations;
			status = GSL_EMAXITER;
			goto done;
		}
		(*iterations)++;
		const int resolved = dec > 64 * DBL_EPSILON * (1 + fabs(f));
		double t = 1, ft = 0;
		int ok = 0, h;
		for (h = 0; h < 40; h++, t *= 0.5) {
			for (size_t j = 0; j < q; j++)
				trial[j] = x[j] + t * gsl_vector_get(dx, j);
			if (!evaluate(mod, trial, scale, &ft, h ? NULL : gt->data) && (!resolved || ft <= f - 1e-4 * t * dec)) {
				ok = 1;
				break;
			}
		}
		if (!ok) {
			why->problem = CFA_NOT_CONVERGED;
			why->count = *iterations;
			status = GSL_EMAXITER;
			goto done;
		}
		memcpy(x, trial, q * sizeof *x);
		if (h == 0) {
			f = ft;
			gsl_vector_swap(g, gt);
		} else if ((status = evaluate(mod, x, scale, &f, g->data))) {
			goto done;
		}
	}
	status = 0; /* the model is at x, with its tables */
done:
	gsl_matrix_free(H);
	gsl_matrix_free(copy);
	gsl_matrix_free(chord);
	gsl_vector_free(g);
	gsl_vector_free(dx);
	gsl_vector_free(gt);
	free(trial);
	return status;
}
