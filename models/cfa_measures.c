/* Fit measures of a CFA fit, as lavaan 0.6.14's fitMeasures() (formulas in models/cfa_fit.h):
 * the chi-square against the saturated model, the baseline (independence) model at its closed-
 * form ML estimates (the variables are independent, so each variance and mean is estimated
 * from its own answers, with FIML too), CFI, TLI, RMSEA with interval and close-fit test,
 * SRMR (lavaan's srmr_bentler), log-likelihoods and information criteria. */
#include "models/cfa_internal.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "models/distributions.h"
#include "models/noncentral.h"

/* lavaan's lav_fit_cfi; c and cb are the scaling factors of the robust version (1: standard) */
double cfa_cfi(double X2, double df, double X2b, double dfb, double c, double cb)
{
	if (isnan(X2) || isnan(df) || isnan(X2b) || isnan(dfb) || isnan(c) || isnan(cb))
		return GSL_NAN;
	double t1 = fmax(X2 - c * df, 0), t2 = fmax(fmax(X2 - c * df, X2b - cb * dfb), 0);
	if (t1 == 0 && t2 == 0)
		return 1;
	return 1 - t1 / t2;
}

/* lavaan's lav_fit_tli */
double cfa_tli(double X2, double df, double X2b, double dfb, double c, double cb)
{
	if (isnan(X2) || isnan(df) || isnan(X2b) || isnan(dfb) || isnan(c) || isnan(cb))
		return GSL_NAN;
	double t1 = (X2 - c * df) * dfb, t2 = (X2b - cb * dfb) * df;
	if (df > 0 && fabs(t2) > 0)
		return 1 - t1 / t2;
	return 1;
}

/* P(chi2_df(ncp) <= X2) (upper = 0) or > X2; NaN when it cannot be computed. */
static double nc_tail(double X2, double df, double ncp, int upper)
{
	double v = GSL_NAN;

	noncentral_chisq(X2, df, ncp, upper ? NULL : &v, upper ? &v : NULL);
	return v;
}

/* The ncp with P(chi2_df(ncp) <= X2) = p; NaN when the search fails. */
static double nc_root(double X2, double df, double p)
{
	double ncp;

	return noncentral_chisq_ncp(X2, df, p, &ncp) == GSL_SUCCESS ? ncp : GSL_NAN;
}

/* lavaan's lav_fit_rmsea, lav_fit_rmsea_ci and lav_fit_rmsea_closefit with c.hat = c: the
 * interval solves P(chi2_df(ncp) <= X2) = (1 +/- level) / 2 and maps ncp to sqrt(c ncp / (N df));
 * a limit is 0 where lavaan's search interval [0, X2] or [0, max(N, 4 X2)] holds no root. */
void cfa_rmsea_fill(double X2, double df, double N, double G, double c, const struct cfa_options *o,
		    struct cfa_rmsea *r)
{
	const double up = 1 - (1 - o->rmsea_ci) / 2, lo = (1 - o->rmsea_ci) / 2;

	r->value = r->lo = r->hi = r->p_close = GSL_NAN;
	if (isnan(X2) || isnan(df) || isnan(c))
		return;
	r->value = df > 0 ? sqrt(fmax(X2 / (N * df) - c / N, 0)) * sqrt(G) : 0;
	if (df < 1 || nc_tail(X2, df, 0, 0) - up < 0)
		r->lo = 0;
	else
		r->lo = sqrt(c * nc_root(X2, df, up) / (N * df)) * sqrt(G);
	double NR = fmax(N, 4 * X2);
	if (df < 1 || nc_tail(X2, df, NR, 0) - lo > 0 || nc_tail(X2, df, 0, 0) - lo < 0)
		r->hi = 0;
	else
		r->hi = sqrt(c * nc_root(X2, df, lo) / (N * df)) * sqrt(G);
	if (df > 0)
		r->p_close = nc_tail(X2, df, N * df / c * o->rmsea_close * o->rmsea_close / G, 1);
}

/* The baseline model: free variances (and means) at their closed-form estimates. */
static int baseline(struct cfa_fit *fit)
{
	struct cfa_state *st = fit->state;
	const struct cfa_sample *s = st->sample;
	const size_t p = s->p;
	int status;

	cfa_spec_init(&st->base_spec, p, 0, s->groups);
	if ((status = cfa_spec_complete(&st->base_spec, fit->spec.means, 0, NULL, 0, NULL)))
		return status;
	if (!(st->baseline = cfa_model_alloc(&st->base_spec, s)))
		return GSL_ENOMEM;
	double *mean = malloc(2 * p * sizeof *mean), *var = mean + p;
	if (!mean)
		return GSL_ENOMEM;
	for (size_t g = 0; g < s->groups; g++) {
		const struct cfa_group_sample *gs = &s->g[g];
		/* per item: mean and variance (divisor: answers) of its own answers */
		for (size_t i = 0; i < p; i++)
			mean[i] = var[i] = 0;
		double *cnt = calloc(p, sizeof *cnt);
		if (!cnt) {
			free(mean);
			return GSL_ENOMEM;
		}
		for (size_t k = 0; k < gs->n_pat; k++)
			for (size_t a = 0; a < gs->pat[k].n_obs; a++) {
				mean[gs->pat[k].obs[a]] += gs->pat[k].n * gs->pat[k].mean[a];
				cnt[gs->pat[k].obs[a]] += gs->pat[k].n;
			}
		for (size_t i = 0; i < p; i++)
			mean[i] /= cnt[i];
		for (size_t k = 0; k < gs->n_pat; k++) {
			const struct cfa_pattern *pt = &gs->pat[k];
			for (size_t a = 0; a < pt->n_obs; a++) {
				double d = pt->mean[a] - mean[pt->obs[a]];
				var[pt->obs[a]] += pt->cross[a * pt->n_obs + a] + pt->n * d * d;
			}
		}
		for (size_t i = 0; i < p; i++)
			var[i] /= cnt[i];
		free(cnt);
		for (size_t k = 0; k < st->base_spec.n_param; k++) {
			const struct cfa_param *q = &st->base_spec.param[k];
			if (q->group == g)
				st->baseline->value[k] = q->kind == CFA_INTERCEPT ? mean[q->i] : var[q->i];
		}
	}
	free(mean);
	if ((status = cfa_model_update(st->baseline)))
		return status;
	cfa_model_deviance(st->baseline, NULL, &status);
	return status;
}

/* SRMR (srmr_bentler): residuals over observed standard deviations. */
static double srmr(const struct cfa_fit *fit)
{
	const struct cfa_model *mod = fit->state->model;
	const size_t p = mod->p;
	double total = 0;

	for (size_t g = 0; g < mod->groups; g++) {
		const struct cfa_group_sample *gs = &fit->state->sample->g[g];
		double ss = 0, count = 0;
		for (size_t i = 0; i < p; i++)
			for (size_t j = 0; j <= i; j++) {
				double r = (gsl_matrix_get(gs->cov, i, j) - gsl_matrix_get(mod->gm[g].sigma, i, j)) /
					   sqrt(gsl_matrix_get(gs->cov, i, i) * gsl_matrix_get(gs->cov, j, j));
				ss += r * r;
				count++;
			}
		if (mod->means)
			for (size_t i = 0; i < p; i++) {
				double r = (gsl_vector_get(gs->mean, i) - gsl_vector_get(mod->gm[g].mu, i)) /
					   sqrt(gsl_matrix_get(gs->cov, i, i));
				ss += r * r;
				count++;
			}
		total += (double)gs->n / (double)fit->n * sqrt(ss / count);
	}
	return total;
}

int cfa_measures(struct cfa_fit *fit, const struct cfa_data *data)
{
	struct cfa_state *st = fit->state;
	const struct cfa_sample *s = st->sample;
	const struct cfa_model *mod = st->model;
	const double N = (double)fit->n, G = (double)s->groups;
	double D = 0, D1 = 0, log2pi = 0, logl_h1 = 0;
	int status;

	(void)data;
	for (size_t g = 0; g < s->groups; g++) {
		const struct cfa_group_sample *gs = &s->g[g];
		double d1 = -2 * gs->logl_h1 - gs->log2pi_terms;
		fit->chisq_group[g] = mod->gm[g].D - d1;
		D += mod->gm[g].D;
		D1 += d1;
		log2pi += gs->log2pi_terms;
		logl_h1 += gs->logl_h1;
	}
	struct cfa_test *t = &fit->standard;
	t->chisq = D - D1;
	t->df = fit->df;
	t->p = t->df > 0 ? dist_chisq_Q(t->chisq, t->df) : GSL_NAN;
	fit->fmin = t->chisq / (2 * N);
	if ((status = baseline(fit)))
		return status;
	double Db = 0;
	for (size_t g = 0; g < s->groups; g++)
		Db += st->baseline->gm[g].D;
	t->baseline_chisq = Db - D1;
	t->baseline_df = (double)fit->moments - (double)st->baseline->q;
	t->baseline_p = dist_chisq_Q(t->baseline_chisq, t->baseline_df);
	t->cfi = cfa_cfi(t->chisq, t->df, t->baseline_chisq, t->baseline_df, 1, 1);
	t->tli = cfa_tli(t->chisq, t->df, t->baseline_chisq, t->baseline_df, 1, 1);
	cfa_rmsea_fill(t->chisq, t->df, N, G, 1, &fit->opt, &t->rmsea);
	fit->srmr = srmr(fit);
	fit->logl = -0.5 * (D + log2pi);
	fit->logl_h1 = logl_h1;
	fit->aic = -2 * fit->logl + 2.0 * (double)fit->npar;
	fit->bic = -2 * fit->logl + (double)fit->npar * log(N);
	fit->sabic = -2 * fit->logl + (double)fit->npar * log((N + 2) / 24);
	return 0;
}
