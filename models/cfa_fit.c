#include "models/cfa_fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_linalg.h>

#include "models/cfa_internal.h"

void cfa_options_init(struct cfa_options *o)
{
	memset(o, 0, sizeof *o);
	o->estimator = CFA_ML;
	o->missing = CFA_LISTWISE;
	o->means = -1;
	o->ci = 0.95;
	o->rmsea_ci = 0.90;
	o->rmsea_close = 0.05;
	o->tolerance = 1e-20;
	o->max_iter = 1000;
	o->em_tolerance = 1e-10;
	o->em_max_iter = 10000;
	o->pd_tolerance = 1e-10;
	o->rank_tolerance = 1e-9;
	o->fiml_corrected = -1;
}

static void free_group_arrays(gsl_matrix **m, size_t groups)
{
	if (m)
		for (size_t g = 0; g < groups; g++)
			gsl_matrix_free(m[g]);
	free(m);
}

static void free_group_vectors(gsl_vector **v, size_t groups)
{
	if (v)
		for (size_t g = 0; g < groups; g++)
			gsl_vector_free(v[g]);
	free(v);
}

void cfa_fit_free(struct cfa_fit *fit)
{
	if (!fit)
		return;
	const size_t G = fit->spec.groups;
	free_group_arrays(fit->implied_cov, G);
	free_group_arrays(fit->sample_cov, G);
	free_group_arrays(fit->resid_cor, G);
	free_group_vectors(fit->implied_mean, G);
	free_group_vectors(fit->sample_mean, G);
	free_group_vectors(fit->resid_mean, G);
	free_group_vectors(fit->r2, G);
	if (fit->state) {
		cfa_model_free(fit->state->model);
		cfa_sample_free(fit->state->sample);
		gsl_matrix_free(fit->state->info);
		gsl_matrix_free(fit->state->info_inv);
		cfa_model_free(fit->state->baseline);
		cfa_spec_release(&fit->state->base_spec);
		free(fit->state);
	}
	gsl_matrix_free(fit->vcov);
	free(fit->par);
	free(fit->chisq_group);
	free(fit->n_group);
	cfa_spec_release(&fit->spec);
	free(fit);
}

int cfa_check_rank(const struct cfa_model *mod, const gsl_matrix *info, double tol, struct cfa_why *why)
{
	const size_t q = info->size1;
	gsl_matrix *R = gsl_matrix_alloc(q, q), *evec = gsl_matrix_alloc(q, q);
	gsl_vector *eval = gsl_vector_alloc(q);
	gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(q);
	int status = GSL_ENOMEM;

	if (!R || !evec || !eval || !w)
		goto done;
	status = 0;
	/* a parameter the fit does not depend on at all */
	for (size_t j = 0; j < q; j++)
		if (!(gsl_matrix_get(info, j, j) > 0)) {
			why->param = mod->rep[j];
			why->param2 = CFA_NONE;
			status = GSL_ESING;
			goto done;
		}
	for (size_t i = 0; i < q; i++)
		for (size_t j = 0; j < q; j++)
			gsl_matrix_set(R, i, j,
				       gsl_matrix_get(info, i, j) /
					       sqrt(gsl_matrix_get(info, i, i) * gsl_matrix_get(info, j, j)));
	/* a singular matrix has a zero Cholesky pivot; the eigenvectors (costlier) only to name the
	 * parameters then */
	gsl_matrix_memcpy(evec, R);
	if (!gsl_linalg_cholesky_decomp1(evec)) {
		double small = INFINITY;
		for (size_t j = 0; j < q; j++)
			small = fmin(small, gsl_matrix_get(evec, j, j) * gsl_matrix_get(evec, j, j));
		if (small > tol)
			goto done;
	}
	if ((status = gsl_eigen_symmv(R, eval, evec, w)))
		goto done;
	gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_ASC);
	if (gsl_vector_get(eval, 0) > tol * gsl_vector_get(eval, q - 1))
		goto done;
	/* the two largest components of the null direction */
	size_t a = 0, b = CFA_NONE;
	for (size_t j = 1; j < q; j++)
		if (fabs(gsl_matrix_get(evec, j, 0)) > fabs(gsl_matrix_get(evec, a, 0)))
			a = j;
	for (size_t j = 0; j < q; j++)
		if (j != a && (b == CFA_NONE || fabs(gsl_matrix_get(evec, j, 0)) > fabs(gsl_matrix_get(evec, b, 0))))
			b = j;
	why->param = mod->rep[a];
	why->param2 = b == CFA_NONE ? CFA_NONE : mod->rep[b];
	status = GSL_ESING;
done:
	gsl_matrix_free(R);
	gsl_matrix_free(evec);
	gsl_vector_free(eval);
	gsl_eigen_symmv_free(w);
	return status;
}

static int fail(struct cfa_fit *fit, enum cfa_problem problem, int status)
{
	fit->why.problem = problem;
	return status;
}

/* Heywood cases and a factor covariance matrix that is not positive definite. */
static void admissibility(struct cfa_fit *fit)
{
	const struct cfa_model *mod = fit->state->model;

	for (size_t g = 0; g < mod->groups; g++) {
		const struct cfa_group_model *gm = &mod->gm[g];
		for (size_t i = 0; i < mod->p; i++)
			if (gsl_matrix_get(gm->theta, i, i) < 0) {
				fit->why.problem = CFA_HEYWOOD;
				fit->why.group = g;
				fit->why.item = i;
				return;
			}
		for (size_t f = 0; f < mod->m; f++)
			if (gsl_matrix_get(gm->phi, f, f) < 0) {
				fit->why.problem = CFA_HEYWOOD;
				fit->why.group = g;
				fit->why.factor = f;
				return;
			}
		if (mod->m < 2)
			continue;
		gsl_matrix *c = gsl_matrix_alloc(mod->m, mod->m);
		if (!c)
			return;
		gsl_matrix_memcpy(c, gm->phi);
		int bad = gsl_linalg_cholesky_decomp1(c) != GSL_SUCCESS;
		gsl_matrix_free(c);
		if (!bad)
			continue;
		/* the pair with the largest absolute correlation */
		double best = -1;
		for (size_t f = 0; f < mod->m; f++)
			for (size_t h = 0; h < f; h++) {
				double r = fabs(gsl_matrix_get(gm->phi, f, h)) /
					   sqrt(gsl_matrix_get(gm->phi, f, f) * gsl_matrix_get(gm->phi, h, h));
				if (r > best) {
					best = r;
					fit->why.factor = h;
					fit->why.factor2 = f;
				}
			}
		fit->why.problem = CFA_LATENT_NOT_PD;
		fit->why.group = g;
		return;
	}
}

/* est, se, z, p and interval of every parameter from the estimates and fit->vcov */
void cfa_fill_estimates(struct cfa_fit *fit)
{
	const struct cfa_model *mod = fit->state->model;
	const double zc = gsl_cdf_ugaussian_Pinv(0.5 + fit->opt.ci / 2);

	for (size_t k = 0; k < fit->spec.n_param; k++) {
		struct cfa_estimate *e = &fit->par[k];
		size_t x = mod->x_of[k];
		e->est = mod->value[k];
		if (x == CFA_NONE) {
			e->se = 0;
			e->z = e->p = GSL_NAN;
			e->lo = e->hi = e->est;
			continue;
		}
		double v = gsl_matrix_get(fit->vcov, x, x);
		e->se = v > 0 ? sqrt(v) : GSL_NAN;
		e->z = e->est / e->se;
		e->p = 2 * gsl_cdf_ugaussian_Q(fabs(e->z));
		e->lo = e->est - zc * e->se;
		e->hi = e->est + zc * e->se;
	}
}

/* FIML starts from the fit to the EM moments, a complete-data problem of the same size. */
static int fit_moments_first(struct cfa_fit *fit, double *x)
{
	struct cfa_state *st = fit->state;
	struct cfa_sample *mom = cfa_sample_moments(st->sample);
	struct cfa_model *mm;
	size_t it = 0;
	int status;

	if (!mom)
		return GSL_ENOMEM;
	if (!(mm = cfa_model_alloc(&fit->spec, mom))) {
		cfa_sample_free(mom);
		return GSL_ENOMEM;
	}
	struct cfa_options o = fit->opt;
	o.tolerance = 1e-12;
	status = cfa_optimise(mm, NULL, x, &o, 1, &it, &fit->why);
	fit->iterations += it;
	cfa_model_free(mm);
	cfa_sample_free(mom);
	if (status == GSL_EMAXITER || status == GSL_EDOM) {
		/* start the real problem from wherever it got */
		memset(&fit->why, 0, sizeof fit->why);
		status = 0;
	}
	return status;
}

static int estimate(struct cfa_fit *fit, const struct cfa_data *data)
{
	struct cfa_state *st = fit->state;
	struct cfa_model *mod = st->model;
	const size_t q = mod->q;
	double *x = malloc((q + 1) * sizeof *x);
	size_t it = 0;
	int status;

	if (!x)
		return GSL_ENOMEM;
	if ((status = cfa_start(mod, x)))
		goto done;
	if (st->sample->fiml && (status = fit_moments_first(fit, x)))
		goto done;
	status = cfa_optimise(mod, data, x, &fit->opt, st->sample->fiml ? 2 : 1, &it, &fit->why);
	fit->iterations += it;
	if (status)
		goto done;
	fit->converged = 1;
	/* the information behind the standard errors */
	st->info_observed = st->sample->fiml || fit->opt.estimator == CFA_MLR;
	st->info = gsl_matrix_alloc(q ? q : 1, q ? q : 1);
	st->info_inv = gsl_matrix_alloc(q ? q : 1, q ? q : 1);
	fit->vcov = gsl_matrix_alloc(q ? q : 1, q ? q : 1);
	if (!st->info || !st->info_inv || !fit->vcov) {
		status = GSL_ENOMEM;
		goto done;
	}
	if (q) {
		status = st->info_observed ? cfa_model_observed(mod, data, st->info) : cfa_model_expected(mod, 0, st->info);
		if (status)
			goto done;
		if ((status = cfa_check_rank(mod, st->info, fit->opt.rank_tolerance, &fit->why))) {
			if (status == GSL_ESING)
				fit->why.problem = CFA_NOT_IDENTIFIED;
			goto done;
		}
		gsl_matrix_memcpy(st->info_inv, st->info);
		if (cfa_spd_invert(st->info_inv)) {
			status = fail(fit, CFA_NOT_IDENTIFIED, GSL_ESING);
			goto done;
		}
		gsl_matrix_memcpy(fit->vcov, st->info_inv);
	}
done:
	free(x);
	return status;
}

int cfa_fit_run(const struct cfa_spec *spec, const struct cfa_data *data, const struct cfa_options *opt,
		struct cfa_fit **out)
{
	struct cfa_fit *fit = calloc(1, sizeof *fit);
	struct cfa_sample_options so;
	int status, means;

	*out = fit;
	if (!fit)
		return GSL_ENOMEM;
	fit->opt = *opt;
	fit->why.group = fit->why.item = fit->why.factor = fit->why.factor2 = CFA_NONE;
	fit->why.param = fit->why.param2 = fit->why.row = CFA_NONE;
	if (opt->estimator == CFA_MLM && opt->missing == CFA_FIML)
		return fail(fit, CFA_BAD_OPTIONS, GSL_EDOM);
	means = opt->means >= 0 ? opt->means : (spec->groups > 1 || opt->missing == CFA_FIML);
	if (opt->missing == CFA_FIML)
		means = 1;
	if ((status = cfa_spec_copy(&fit->spec, spec)))
		return status;
	status = cfa_spec_complete(&fit->spec, means, opt->equal, opt->partial, opt->n_partial, &fit->why.spec);
	if (status == GSL_EDOM)
		return fail(fit, CFA_BAD_SPEC, status);
	if (status)
		return status;
	if (!(fit->state = calloc(1, sizeof *fit->state)) || !(fit->par = calloc(fit->spec.n_param + 1, sizeof *fit->par)))
		return GSL_ENOMEM;
	so.fiml = opt->missing == CFA_FIML;
	so.em_tolerance = opt->em_tolerance;
	so.em_max_iter = opt->em_max_iter;
	so.pd_tolerance = opt->pd_tolerance;
	if ((status = cfa_sample_build(data, fit->spec.p, fit->spec.groups, &so, &fit->state->sample, &fit->why)))
		return status;
	const struct cfa_sample *s = fit->state->sample;
	fit->n = s->n;
	fit->dropped_incomplete = s->dropped_incomplete;
	fit->dropped_empty = s->dropped_empty;
	fit->dropped_group = s->dropped_group;
	if (!(fit->n_group = malloc(s->groups * sizeof *fit->n_group)) ||
	    !(fit->chisq_group = calloc(s->groups, sizeof *fit->chisq_group)))
		return GSL_ENOMEM;
	for (size_t g = 0; g < s->groups; g++)
		fit->n_group[g] = s->g[g].n;
	if (!(fit->state->model = cfa_model_alloc(&fit->spec, s)))
		return GSL_ENOMEM;
	fit->npar = fit->state->model->q;
	fit->moments = cfa_model_moments(fit->state->model) * s->groups;
	fit->df = (double)fit->moments - (double)fit->npar;
	if (fit->df < 0) {
		fit->why.count = fit->npar;
		fit->why.moments = fit->moments;
		return fail(fit, CFA_NEGATIVE_DF, GSL_EDOM);
	}
	if ((status = estimate(fit, data)))
		return status;
	cfa_fill_estimates(fit);
	if ((status = cfa_measures(fit, data)))
		return status;
	if ((opt->estimator != CFA_ML || opt->missing == CFA_FIML) && (status = cfa_robust(fit, data)))
		return status;
	if ((status = cfa_standardize(fit)))
		return status;
	admissibility(fit);
	return GSL_SUCCESS;
}
