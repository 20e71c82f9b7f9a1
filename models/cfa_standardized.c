/* The standardised solution (lavaan's standardizedSolution(type = "std.all")), R2 and the
 * residual correlations of a CFA fit (formulas in models/cfa_fit.h).
 *
 * Every standardised value is s = v prod_k z_k^(e_k) with v the parameter and z_k among the
 * implied item variance sigma_ii, a factor variance phi_ff and a residual variance theta_ii, so
 *   ds/dtheta = [theta is v] prod_k z_k^(e_k) + s sum_k e_k (dz_k/dtheta) / z_k,
 * with dsigma_ii/dtheta = 2c V_iu V_iv (models/cfa_model.h); the delta-method variance is
 * J vcov J'. As lavaan, a standard error below eps^(1/4) (1.2e-4) is reported as 0 with no z
 * (the standardised factor variances, which are 1 whatever the estimates). */
#include "models/cfa_internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

struct scale {
	enum { SIGMA, PHI, THETA } what;
	size_t i;
	double e; /* exponent */
};

static double scale_value(const struct cfa_group_model *gm, const struct scale *sc)
{
	switch (sc->what) {
	case SIGMA:
		return gsl_matrix_get(gm->sigma, sc->i, sc->i);
	case PHI:
		return gsl_matrix_get(gm->phi, sc->i, sc->i);
	case THETA:
		return fabs(gsl_matrix_get(gm->theta, sc->i, sc->i));
	}
	return GSL_NAN;
}

/* The scales of parameter k and the product of their powers. */
static size_t std_terms(const struct cfa_model *mod, size_t k, struct scale *sc, double *factor)
{
	const struct cfa_param *q = &mod->spec->param[k];
	size_t n = 0;

	switch (q->kind) {
	case CFA_LOADING:
		sc[n++] = (struct scale){PHI, q->j, 0.5};
		sc[n++] = (struct scale){SIGMA, q->i, -0.5};
		break;
	case CFA_FACTOR_COV:
		sc[n++] = (struct scale){PHI, q->i, -0.5};
		sc[n++] = (struct scale){PHI, q->j, -0.5};
		break;
	case CFA_RESID_COV:
		if (q->i == q->j) {
			sc[n++] = (struct scale){SIGMA, q->i, -1};
		} else {
			sc[n++] = (struct scale){THETA, q->i, -0.5};
			sc[n++] = (struct scale){THETA, q->j, -0.5};
		}
		break;
	case CFA_INTERCEPT:
		sc[n++] = (struct scale){SIGMA, q->i, -0.5};
		break;
	case CFA_LATENT_MEAN:
		sc[n++] = (struct scale){PHI, q->i, -0.5};
		break;
	}
	*factor = 1;
	for (size_t t = 0; t < n; t++)
		*factor *= pow(scale_value(&mod->gm[q->group], &sc[t]), sc[t].e);
	return n;
}

/* dz/dtheta_e for a scale z and parameter e of the same group */
static double dscale(const struct cfa_model *mod, const struct scale *sc, size_t e)
{
	const struct cfa_param *q = &mod->spec->param[e];

	switch (sc->what) {
	case SIGMA: {
		struct cfa_deriv dv = cfa_model_deriv(mod, e);
		const gsl_matrix *V = mod->gm[q->group].V;
		return 2 * dv.c * gsl_matrix_get(V, sc->i, dv.u) * gsl_matrix_get(V, sc->i, dv.v);
	}
	case PHI:
		return q->kind == CFA_FACTOR_COV && q->i == sc->i && q->j == sc->i;
	case THETA:
		if (q->kind != CFA_RESID_COV || q->i != sc->i || q->j != sc->i)
			return 0;
		return gsl_matrix_get(mod->gm[q->group].theta, sc->i, sc->i) < 0 ? -1.0 : 1.0;
	}
	return 0;
}

static int standardized_solution(struct cfa_fit *fit)
{
	const struct cfa_model *mod = fit->state->model;
	const size_t q = mod->q, np = fit->spec.n_param;
	const double zc = gsl_cdf_ugaussian_Pinv(0.5 + fit->opt.ci / 2), se_floor = pow(2.220446049250313e-16, 0.25);
	gsl_vector *J = gsl_vector_alloc(q ? q : 1), *VJ = gsl_vector_alloc(q ? q : 1);

	if (!J || !VJ) {
		gsl_vector_free(J);
		gsl_vector_free(VJ);
		return GSL_ENOMEM;
	}
	for (size_t k = 0; k < np; k++) {
		struct cfa_estimate *e = &fit->par[k];
		const size_t g = fit->spec.param[k].group;
		const struct cfa_group_model *gm = &mod->gm[g];
		struct scale sc[2];
		double factor;
		size_t ns = std_terms(mod, k, sc, &factor);
		e->std = mod->value[k] * factor;
		gsl_vector_set_zero(J);
		for (size_t t = 0; t < np; t++) {
			if (mod->x_of[t] == CFA_NONE || fit->spec.param[t].group != g)
				continue;
			double d = t == k ? factor : 0;
			for (size_t u = 0; u < ns; u++) {
				double dz = dscale(mod, &sc[u], t);
				if (dz != 0)
					d += e->std * sc[u].e * dz / scale_value(gm, &sc[u]);
			}
			*gsl_vector_ptr(J, mod->x_of[t]) += d;
		}
		double var = 0;
		if (q) {
			gsl_blas_dsymv(CblasUpper, 1.0, fit->vcov, J, 0.0, VJ);
			gsl_blas_ddot(J, VJ, &var);
		}
		e->std_se = var > 0 ? sqrt(var) : 0;
		if (e->std_se < se_floor)
			e->std_se = 0;
		e->std_z = e->std_se > 0 ? e->std / e->std_se : GSL_NAN;
		e->std_p = 2 * gsl_cdf_ugaussian_Q(fabs(e->std_z));
		e->std_lo = e->std - zc * e->std_se;
		e->std_hi = e->std + zc * e->std_se;
	}
	gsl_vector_free(J);
	gsl_vector_free(VJ);
	return 0;
}

static int group_outputs(struct cfa_fit *fit)
{
	const struct cfa_model *mod = fit->state->model;
	const struct cfa_sample *s = fit->state->sample;
	const size_t G = s->groups, p = mod->p;

	if (!(fit->implied_cov = calloc(G, sizeof *fit->implied_cov)) ||
	    !(fit->sample_cov = calloc(G, sizeof *fit->sample_cov)) ||
	    !(fit->resid_cor = calloc(G, sizeof *fit->resid_cor)) ||
	    !(fit->implied_mean = calloc(G, sizeof *fit->implied_mean)) ||
	    !(fit->sample_mean = calloc(G, sizeof *fit->sample_mean)) ||
	    !(fit->resid_mean = calloc(G, sizeof *fit->resid_mean)) || !(fit->r2 = calloc(G, sizeof *fit->r2)))
		return GSL_ENOMEM;
	for (size_t g = 0; g < G; g++) {
		const struct cfa_group_model *gm = &mod->gm[g];
		const struct cfa_group_sample *gs = &s->g[g];
		if (!(fit->implied_cov[g] = gsl_matrix_alloc(p, p)) || !(fit->sample_cov[g] = gsl_matrix_alloc(p, p)) ||
		    !(fit->resid_cor[g] = gsl_matrix_alloc(p, p)) || !(fit->implied_mean[g] = gsl_vector_alloc(p)) ||
		    !(fit->sample_mean[g] = gsl_vector_alloc(p)) || !(fit->resid_mean[g] = gsl_vector_alloc(p)) ||
		    !(fit->r2[g] = gsl_vector_alloc(p)))
			return GSL_ENOMEM;
		gsl_matrix_memcpy(fit->implied_cov[g], gm->sigma);
		gsl_matrix_memcpy(fit->sample_cov[g], gs->cov);
		gsl_vector_memcpy(fit->implied_mean[g], gm->mu);
		gsl_vector_memcpy(fit->sample_mean[g], gs->mean);
		for (size_t i = 0; i < p; i++) {
			double si = gsl_matrix_get(gs->cov, i, i), vi = gsl_matrix_get(gm->sigma, i, i);
			gsl_vector_set(fit->r2[g], i, 1 - gsl_matrix_get(gm->theta, i, i) / vi);
			gsl_vector_set(fit->resid_mean[g], i,
				       mod->means ? (gsl_vector_get(gs->mean, i) - gsl_vector_get(gm->mu, i)) / sqrt(si)
						  : 0);
			for (size_t j = 0; j < p; j++) {
				double sj = gsl_matrix_get(gs->cov, j, j), vj = gsl_matrix_get(gm->sigma, j, j);
				gsl_matrix_set(fit->resid_cor[g], i, j,
					       i == j ? 0
						      : gsl_matrix_get(gs->cov, i, j) / sqrt(si * sj) -
								gsl_matrix_get(gm->sigma, i, j) / sqrt(vi * vj));
			}
		}
	}
	return 0;
}

int cfa_standardize(struct cfa_fit *fit)
{
	int status = standardized_solution(fit);
	return status ? status : group_outputs(fit);
}
