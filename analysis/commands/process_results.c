/* surveykit process: everything PROCESS reports from a fitted model (models/process_effects.h),
 * computed into the result (analysis/commands/process.h), no JSON:
 *   the tests of the highest-order interactions of each equation (R2-change F, or the
 *     likelihood-ratio chi-square in a logistic Y equation);
 *   the probe values of every moderator (16th, 50th, 84th percentiles, or mean -/+ SD with
 *     --moments; each level of a multicategorical W);
 *   the total effect (models with a total-effect equation), the direct effect of X at every
 *     combination of the probe values of its moderators, each indirect effect at every
 *     combination of the probe values of its path's moderators, the total indirect effect where
 *     no path is moderated, the indices of moderated mediation (of partial and of conditional
 *     moderated mediation, and of moderated moderated mediation) of every path that has them,
 *     the pairwise contrasts of indirect effects with the same moderators (--contrast);
 *   Johnson-Neyman regions of every link with a continuous moderator (--jn), at the probe values
 *     of the link's other moderators;
 *   one bootstrap of every indirect-type quantity (models/process_boot.h), percentile and
 *     bias-corrected CIs (bootstrap_ci). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands/process.h"
#include "models/process_boot.h"

#define MAX_POINTS 256

/* Variables that can be probed: W, Z, and X or a mediator where they moderate (model 74). */
static int probable(int v)
{
	return v >= 0 && v < PROC_Y;
}

static int set_probes(struct process_result *res, unsigned mask, struct sk_error *err)
{
	for (int v = 0; v < PROC_Y; v++) {
		const struct process_request *rq = res->rq;
		const double *given = v == PROC_W ? rq->wmodval : v == PROC_Z ? rq->zmodval : NULL;
		size_t n_given = v == PROC_W ? rq->n_wmodval : v == PROC_Z ? rq->n_zmodval : 0;
		if (!((mask >> v) & 1u) || res->n_probe[v])
			continue;
		if (n_given && !res->fit->levels[v]) {
			/* --wmodval / --zmodval (mediate's --probe values), moved into the model's metric as
			 * the data were unless given in it; a multicategorical variable is probed at each level */
			for (size_t i = 0; i < n_given; i++)
				res->probe[v][i] = given[i] - (rq->modval_centred ? 0 : res->fit->center[v]);
			res->n_probe[v] = n_given;
			continue;
		}
		if (proc_probe_values(res->fit, v, res->rq->probe, res->probe[v], &res->n_probe[v], &res->clamped[v]) !=
		    GSL_SUCCESS)
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot probe '%s'", process_var_name(res, v));
	}
	return 0;
}

/* Every combination of the probe values of the variables in mask (W outermost, then Z, X, the
 * mediators: proc_grid's order), at most max of them: the points and their probe indices. */
static size_t grid(const struct process_result *res, unsigned mask, struct proc_point *pts, struct process_at *at,
		   size_t max)
{
	const double *vals[PROC_Y] = {0};
	size_t nv[PROC_Y] = {0}, total = 1, idx[PROC_Y] = {0};
	int vars[PROC_Y], k = 0;

	for (int v = 0; v < PROC_Y; v++)
		if ((mask >> v) & 1u) {
			vals[v] = res->probe[v];
			nv[v] = res->n_probe[v];
			vars[k++] = v;
			total *= nv[v];
		}
	if (total > max)
		total = max;
	for (size_t p = 0; p < total; p++) {
		memset(&pts[p], 0, sizeof pts[p]);
		at[p].mask = mask;
		for (int v = 0; v < PROC_Y; v++)
			at[p].probe[v] = SIZE_MAX;
		for (int i = 0; i < k; i++) {
			int v = vars[i];
			double value = vals[v][idx[v]];
			proc_point_set(res->fit, &pts[p], v, value, (size_t)value);
			at[p].probe[v] = idx[v];
		}
		for (int i = k - 1; i >= 0; i--) {
			if (++idx[vars[i]] < nv[vars[i]])
				break;
			idx[vars[i]] = 0;
		}
	}
	return total;
}

static unsigned probe_mask(unsigned mask)
{
	unsigned out = 0;

	for (int v = 0; v < PROC_Y; v++)
		if (((mask >> v) & 1u) && probable(v))
			out |= 1u << v;
	return out;
}

static struct process_effect *push(struct process_result *res, size_t *cap)
{
	struct process_effect *e;

	if (res->n_eff == *cap) {
		size_t nc = *cap ? 2 * *cap : 64;
		struct process_effect *p = realloc(res->eff, nc * sizeof *p);
		if (!p)
			return NULL;
		res->eff = p;
		*cap = nc;
	}
	e = &res->eff[res->n_eff++];
	memset(e, 0, sizeof *e);
	e->boot_col[0] = e->boot_col[1] = e->boot_col[2] = SIZE_MAX;
	e->partial = e->complete = NAN;
	for (int v = 0; v < PROC_Y; v++)
		e->at.probe[v] = SIZE_MAX;
	return e;
}

static int tests(struct process_result *res, struct sk_error *err)
{
	const struct proc_model *m = &res->model;
	struct proc_test_set sets[PROC_MAX_TESTS];
	size_t cap = 0;

	for (size_t e = 0; e < m->n_eq; e++) {
		size_t ns;
		if (m->eq[e].total)
			continue;
		ns = proc_highest_interactions(m, e, sets);
		for (size_t s = 0; s < ns; s++) {
			struct process_itest *t;
			if (res->n_tests == cap) {
				size_t nc = cap ? 2 * cap : 16;
				struct process_itest *p = realloc(res->tests, nc * sizeof *p);
				if (!p)
					return sk_out_of_memory(err);
				res->tests = p;
				cap = nc;
			}
			t = &res->tests[res->n_tests++];
			memset(t, 0, sizeof *t);
			t->eq = e;
			t->set = sets[s];
			if (m->eq[e].family == PROC_FAMILY_LOGISTIC) {
				struct logit_lr lr;
				enum logit_problem why;
				if (proc_logit_lr_test(res->fit, e, sets[s].term, sets[s].n, &lr, &why) != GSL_SUCCESS)
					return sk_fail(err, SK_EXIT_ANALYSIS, "the likelihood-ratio test of an interaction of '%s' cannot be made",
						       process_var_name(res, m->eq[e].outcome));
				t->stat = lr.chi2;
				t->df1 = lr.df;
				t->df2 = NAN;
				t->p = lr.p;
			} else {
				size_t idx[2 * PROC_MAX_CODES * PROC_MAX_CODES], q = 0;
				struct wald wd;
				for (size_t i = 0; i < sets[s].n; i++)
					q += proc_term_coefs(res->fit, e, sets[s].term[i], idx + q);
				if (ols_wald_terms(res->fit->eq[e].fit, idx, q, NULL, &wd) != GSL_SUCCESS ||
				    ols_r2_change(res->fit->eq[e].fit, idx, q, &t->r2_change) != GSL_SUCCESS)
					return sk_fail(err, SK_EXIT_ANALYSIS, "the test of an interaction of '%s' cannot be made",
						       process_var_name(res, m->eq[e].outcome));
				t->stat = wd.F;
				t->df1 = wd.df1;
				t->df2 = wd.df2;
				t->p = wd.p;
			}
		}
	}
	return 0;
}

/* The a x W interaction of every antecedent a with an a x W x Z term, at each probe value of Z:
 * the derivative of a's slope with respect to W's column, l'b with l from proc_link_weights. */
static int conditional_interactions(struct process_result *res, size_t *cap, struct sk_error *err)
{
	const struct proc_model *m = &res->model;
	struct proc_point pts[PROCESS_MAX_PROBES];
	struct process_at at[PROCESS_MAX_PROBES];

	for (size_t e = 0; e < m->n_eq; e++) {
		const struct proc_eqfit *ef = &res->fit->eq[e];
		double *l = malloc((ef->k + 1) * sizeof *l);
		if (!l)
			return sk_out_of_memory(err);
		for (int a = PROC_X; a < PROC_M((int)m->k) && !m->eq[e].total; a++) {
			struct proc_term t = proc_term_make(3, a, PROC_W, PROC_Z);
			size_t np;
			int status;
			if (a == PROC_W || a == PROC_Z || proc_model_term(m, e, &t) == m->eq[e].n_terms)
				continue;
			if ((status = set_probes(res, 1u << PROC_Z, err)) != 0) {
				free(l);
				return status;
			}
			np = grid(res, 1u << PROC_Z, pts, at, PROCESS_MAX_PROBES);
			for (size_t i = 0; i < np; i++)
				for (size_t c = 0; c < res->fit->width[a]; c++)
					for (size_t wc = 0; wc < res->fit->width[PROC_W]; wc++) {
						struct proc_deriv d = {PROC_W, wc};
						struct process_cond *r;
						double est = 0, var = 0;
						if (res->n_cond == *cap) {
							size_t nc = *cap ? 2 * *cap : 16;
							struct process_cond *p = realloc(res->cond, nc * sizeof *p);
							if (!p) {
								free(l);
								return sk_out_of_memory(err);
							}
							res->cond = p;
							*cap = nc;
						}
						proc_link_weights(res->fit, e, a, c, &pts[i], &d, 1, l);
						for (size_t u = 0; u <= ef->k; u++) {
							est += l[u] * gsl_vector_get(ef->b, u);
							for (size_t v = 0; v <= ef->k; v++)
								var += l[u] * l[v] * gsl_matrix_get(ef->cov, u, v);
						}
						r = &res->cond[res->n_cond++];
						*r = (struct process_cond){.eq = e, .col = c, .a = a, .by_w = 1, .wcol = wc, .at = at[i]};
						lincom_from(est, var, ef->df, ef->crit, &r->lc);
					}
		}
		free(l);
	}
	return 0;
}

/* The conditional effects of every moderated antecedent of every equation (X -> Y is the direct
 * effect, given with the effects). */
static int conditional(struct process_result *res, struct sk_error *err)
{
	const struct proc_model *m = &res->model;
	struct proc_point pts[MAX_POINTS];
	struct process_at at[MAX_POINTS];
	size_t cap = 0, ey = proc_model_equation(m, PROC_Y);

	res->n_cond = 0;

	for (size_t e = 0; e < m->n_eq; e++) {
		if (m->eq[e].total)
			continue;
		for (int a = PROC_X; a < PROC_M((int)m->k); a++) {
			unsigned mods;
			size_t np;
			int status;
			if (a == PROC_W || a == PROC_Z || (e == ey && a == PROC_X))
				continue;
			if (!(mods = probe_mask(proc_link_moderators(m, e, a))))
				continue;
			if ((status = set_probes(res, mods, err)) != 0)
				return status;
			np = grid(res, mods, pts, at, MAX_POINTS);
			for (size_t i = 0; i < np; i++)
				for (size_t c = 0; c < res->fit->width[a]; c++) {
					struct process_cond *r;
					if (res->n_cond == cap) {
						size_t nc = cap ? 2 * cap : 16;
						struct process_cond *p = realloc(res->cond, nc * sizeof *p);
						if (!p)
							return sk_out_of_memory(err);
						res->cond = p;
						cap = nc;
					}
					r = &res->cond[res->n_cond++];
					memset(r, 0, sizeof *r);
					r->eq = e;
					r->a = a;
					r->col = c;
					r->at = at[i];
					if (proc_link_effect(res->fit, e, a, c, &pts[i], &r->lc) != GSL_SUCCESS)
						return sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute the conditional effects of '%s'",
							       process_var_name(res, a));
				}
		}
	}
	return conditional_interactions(res, &cap, err);
}

static size_t x_cols(const struct process_result *res)
{
	return res->fit->width[PROC_X];
}

/* Adds the bootstrapped statistic (and with --effsize its standardised versions) to e. */
static void add_stat(struct process_result *res, struct process_effect *e, const struct proc_stat *s)
{
	e->stat = *s;
	e->est = proc_stat_estimate(res->fit, s);
	e->boot_col[0] = res->boot_stats++;
	if (res->rq->effsize && !res->logistic && e->kind != PE_CONTRAST) {
		struct proc_stat t = *s;
		t.scale = PROC_SCALE_PARTIAL;
		if (proc_stat_check(res->fit, &t) == GSL_SUCCESS) {
			e->partial = proc_stat_estimate(res->fit, &t);
			e->boot_col[1] = res->boot_stats++;
		}
		t.scale = PROC_SCALE_COMPLETE;
		if (proc_stat_check(res->fit, &t) == GSL_SUCCESS) {
			e->complete = proc_stat_estimate(res->fit, &t);
			e->boot_col[2] = res->boot_stats++;
		}
	}
}

static int direct_total(struct process_result *res, size_t *cap, struct sk_error *err)
{
	const struct proc_model *m = &res->model;
	size_t ey = proc_model_equation(m, PROC_Y);
	unsigned mask = probe_mask(proc_link_moderators(m, ey, PROC_X));
	struct proc_point *pts = malloc(MAX_POINTS * sizeof *pts);
	struct process_at *at = malloc(MAX_POINTS * sizeof *at);
	size_t np;
	int status = 0;

	if (!pts || !at) {
		status = sk_out_of_memory(err);
		goto done;
	}
	if (proc_model_total_equation(m) < m->n_eq)
		for (size_t c = 0; c < x_cols(res); c++) {
			struct process_effect *e = push(res, cap);
			if (!e) {
				status = sk_out_of_memory(err);
				goto done;
			}
			e->kind = PE_TOTAL;
			e->stat = (struct proc_stat){.kind = PROC_STAT_TOTAL, .col = c};
			proc_total_effect(res->fit, c, &e->lc);
			e->est = e->lc.est;
			if (res->rq->effsize && !res->logistic) {
				e->partial = e->est / res->fit->sd_y;
				e->complete = e->est * res->fit->sd_x / res->fit->sd_y;
			}
		}
	if ((status = set_probes(res, mask, err)) != 0)
		goto done;
	np = grid(res, mask, pts, at, MAX_POINTS);
	if (x_cols(res) > 1) {
		res->omni = calloc(np, sizeof *res->omni);
		if (!res->omni) {
			status = sk_out_of_memory(err);
			goto done;
		}
		for (size_t p = 0; p < np; p++) {
			res->omni[p].at = at[p];
			if (proc_link_omnibus(res->fit, ey, PROC_X, &pts[p], &res->omni[p].wd) != GSL_SUCCESS) {
				status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot test the direct effect of '%s'", res->rq->x);
				goto done;
			}
		}
		res->n_omni = np;
	}
	for (size_t p = 0; p < np; p++)
		for (size_t c = 0; c < x_cols(res); c++) {
			struct process_effect *e = push(res, cap);
			if (!e) {
				status = sk_out_of_memory(err);
				goto done;
			}
			e->kind = PE_DIRECT;
			e->stat = (struct proc_stat){.kind = PROC_STAT_DIRECT, .col = c, .pt = pts[p]};
			e->at = at[p];
			proc_direct_effect(res->fit, c, &pts[p], &e->lc);
			e->est = e->lc.est;
			if (res->rq->effsize && !res->logistic && !mask) {
				e->partial = e->est / res->fit->sd_y;
				e->complete = e->est * res->fit->sd_x / res->fit->sd_y;
			}
		}
done:
	free(pts);
	free(at);
	return status;
}

static int indirect(struct process_result *res, size_t *cap, struct sk_error *err)
{
	const struct proc_model *m = &res->model;
	struct proc_point *pts = malloc(MAX_POINTS * sizeof *pts);
	struct process_at *at = malloc(MAX_POINTS * sizeof *at);
	int any_moderated = 0, status = 0;

	if (!pts || !at) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t p = 0; p < m->n_paths; p++) {
		unsigned mask = probe_mask(proc_path_moderators(m, p));
		size_t np;
		any_moderated |= mask != 0;
		if ((status = set_probes(res, mask, err)) != 0)
			goto done;
		np = grid(res, mask, pts, at, MAX_POINTS);
		for (size_t i = 0; i < np; i++)
			for (size_t c = 0; c < x_cols(res); c++) {
				struct process_effect *e = push(res, cap);
				struct proc_stat s = {.kind = PROC_STAT_INDIRECT, .path = p, .col = c, .pt = pts[i]};
				if (!e) {
					status = sk_out_of_memory(err);
					goto done;
				}
				e->kind = PE_INDIRECT;
				e->at = at[i];
				add_stat(res, e, &s);
			}
	}
	if (!any_moderated && m->n_paths > 1)
		for (size_t c = 0; c < x_cols(res); c++) {
			struct process_effect *e = push(res, cap);
			struct proc_stat s = {.kind = PROC_STAT_TOTAL_INDIRECT, .col = c};
			if (!e) {
				status = sk_out_of_memory(err);
				goto done;
			}
			e->kind = PE_TOTAL_INDIRECT;
			add_stat(res, e, &s);
		}
done:
	free(pts);
	free(at);
	return status;
}

/* Index of moderated mediation with respect to each column of v (at pt; the other moderator's
 * probe `at` for a conditional index). */
static int index_rows(struct process_result *res, size_t *cap, size_t p, enum process_effect_kind kind, int v,
		      const struct proc_point *pt, const struct process_at *at)
{
	for (size_t c = 0; c < x_cols(res); c++)
		for (size_t vc = 0; vc < res->fit->width[v]; vc++) {
			struct proc_stat s = {.kind = PROC_STAT_INDEX, .path = p, .col = c, .d = {{v, vc}}};
			struct process_effect *e;
			if (pt)
				s.pt = *pt;
			if (proc_stat_check(res->fit, &s) != GSL_SUCCESS)
				continue;
			if (!(e = push(res, cap)))
				return -1;
			e->kind = kind;
			e->of = v;
			e->of_col = vc;
			if (at)
				e->at = *at;
			add_stat(res, e, &s);
		}
	return 0;
}

static int indices(struct process_result *res, size_t *cap, struct sk_error *err)
{
	const struct proc_model *m = &res->model;
	struct proc_point pts[PROCESS_MAX_PROBES];
	struct process_at at[PROCESS_MAX_PROBES];

	for (size_t p = 0; p < m->n_paths; p++) {
		int vars[2];
		enum proc_index_kind kind = proc_path_index_kind(m, p, vars);
		if (kind == PROC_INDEX_SINGLE || kind == PROC_INDEX_PARTIAL) {
			for (int i = 0; i < (kind == PROC_INDEX_SINGLE ? 1 : 2); i++)
				if (index_rows(res, cap, p, PE_INDEX, vars[i], NULL, NULL))
					return sk_out_of_memory(err);
		} else if (kind == PROC_INDEX_CONDITIONAL) {
			for (int i = 0; i < 2; i++) {
				int other = vars[1 - i];
				size_t np;
				int status = set_probes(res, 1u << other, err);
				if (status)
					return status;
				np = grid(res, 1u << other, pts, at, PROCESS_MAX_PROBES);
				for (size_t j = 0; j < np; j++)
					if (index_rows(res, cap, p, PE_INDEX_CONDITIONAL, vars[i], &pts[j], &at[j]))
						return sk_out_of_memory(err);
			}
			for (size_t c = 0; c < x_cols(res); c++)
				for (size_t c0 = 0; c0 < res->fit->width[vars[0]]; c0++)
					for (size_t c1 = 0; c1 < res->fit->width[vars[1]]; c1++) {
						struct proc_stat s = {.kind = PROC_STAT_INDEX2, .path = p, .col = c,
								      .d = {{vars[0], c0}, {vars[1], c1}}};
						struct process_effect *e;
						if (proc_stat_check(res->fit, &s) != GSL_SUCCESS)
							continue;
						if (!(e = push(res, cap)))
							return sk_out_of_memory(err);
						e->kind = PE_INDEX_MM;
						e->of = vars[0];
						e->of_col = c0;
						e->of2 = vars[1];
						e->of2_col = c1;
						add_stat(res, e, &s);
					}
		}
	}
	return 0;
}

/* Pairwise contrasts of the indirect effects of paths with the same moderators, at each point. */
static int contrasts(struct process_result *res, size_t *cap, struct sk_error *err)
{
	const struct proc_model *m = &res->model;
	struct proc_point *pts = malloc(MAX_POINTS * sizeof *pts);
	struct process_at *at = malloc(MAX_POINTS * sizeof *at);
	int status = 0;

	if (!pts || !at) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t p = 0; p < m->n_paths; p++)
		for (size_t q = p + 1; q < m->n_paths; q++) {
			unsigned mask = probe_mask(proc_path_moderators(m, p));
			size_t np;
			if (mask != probe_mask(proc_path_moderators(m, q)))
				continue;
			np = grid(res, mask, pts, at, MAX_POINTS);
			for (size_t i = 0; i < np; i++)
				for (size_t c = 0; c < x_cols(res); c++) {
					struct process_effect *e = push(res, cap);
					struct proc_stat s = {.kind = PROC_STAT_CONTRAST, .path = p, .col = c, .pt = pts[i],
							      .path2 = q, .col2 = c, .pt2 = pts[i],
							      .absolute = res->rq->contrast == 2};
					if (!e) {
						status = sk_out_of_memory(err);
						goto done;
					}
					e->kind = PE_CONTRAST;
					e->at = at[i];
					add_stat(res, e, &s);
				}
		}
done:
	free(pts);
	free(at);
	return status;
}

static int dichotomous_var(const struct process_result *res, int v)
{
	const struct reg_var *mv = v == PROC_W ? &res->w : &res->z;

	return mv->categorical || reg_var_dichotomous(mv);
}

/* Johnson-Neyman of every link moderated by a continuous W or Z with more than two values. */
static int johnson_neyman(struct process_result *res, struct sk_error *err)
{
	const struct proc_model *m = &res->model;
	struct proc_point pts[MAX_POINTS];
	struct process_at at[MAX_POINTS];
	size_t cap = 0;

	for (size_t e = 0; e < m->n_eq; e++) {
		if (m->eq[e].total)
			continue;
		for (int a = PROC_X; a < PROC_Y; a++) {
			unsigned mods;
			if (a == PROC_W || a == PROC_Z || (a >= PROC_M1 && a >= PROC_M((int)m->k)))
				continue;
			mods = proc_link_moderators(m, e, a);
			for (int v = PROC_W; v <= PROC_Z; v++) {
				unsigned others = probe_mask(mods & ~(1u << v));
				size_t np;
				int status;
				if (!((mods >> v) & 1u) || res->fit->levels[v] || dichotomous_var(res, v))
					continue;
				if ((status = set_probes(res, others, err)) != 0)
					return status;
				np = grid(res, others, pts, at, MAX_POINTS);
				for (size_t i = 0; i < np; i++) {
					struct process_jn_row *r;
					if (res->n_jn == cap) {
						size_t nc = cap ? 2 * cap : 8;
						struct process_jn_row *p = realloc(res->jn, nc * sizeof *p);
						if (!p)
							return sk_out_of_memory(err);
						res->jn = p;
						cap = nc;
					}
					r = &res->jn[res->n_jn];
					memset(r, 0, sizeof *r);
					status = proc_jn(res->fit, e, a, v, &pts[i], &r->jn);
					if (status == GSL_EINVAL)
						continue;
					if (status)
						return sk_fail(err, SK_EXIT_ANALYSIS, "Johnson-Neyman over '%s': %s",
							       process_var_name(res, v), gsl_strerror(status));
					r->at = at[i];
					r->n_band = proc_jn_grid(&r->jn, r->band_values);
					if (r->jn.omnibus)
						r->n_band = 0; /* the points and regions are given; the F band is not */
					else if (proc_jn_band(res->fit, &r->jn, 0, &pts[i], r->band_values, r->n_band, r->band) !=
						 GSL_SUCCESS)
						r->n_band = 0;
					res->n_jn++;
				}
			}
		}
	}
	return 0;
}

static int bootstrap(struct process_result *res, struct sk_error *err)
{
	const struct process_request *rq = res->rq;
	struct proc_stat *stats;
	gsl_matrix *draws;
	double *work;
	int status;

	if (!rq->boot.reps || !res->boot_stats)
		return 0;
	stats = malloc(res->boot_stats * sizeof *stats);
	draws = gsl_matrix_alloc(rq->boot.reps, res->boot_stats);
	work = malloc(rq->boot.reps * sizeof *work);
	if (!stats || !draws || !work) {
		free(stats);
		gsl_matrix_free(draws);
		free(work);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < res->n_eff; i++)
		for (int k = 0; k < 3; k++)
			if (res->eff[i].boot_col[k] != SIZE_MAX) {
				stats[res->eff[i].boot_col[k]] = res->eff[i].stat;
				stats[res->eff[i].boot_col[k]].scale = (enum proc_scale)k;
			}
	status = proc_bootstrap(res->fit, stats, res->boot_stats, rq->boot.reps, rq->boot.seed, rq->boot.threads, draws,
				&res->replaced);
	if (status == 0)
		for (size_t i = 0; i < res->n_eff; i++)
			for (int k = 0; k < 3; k++) {
				struct process_effect *e = &res->eff[i];
				double est = k == 0 ? e->est : k == 1 ? e->partial : e->complete;
				if (e->boot_col[k] != SIZE_MAX)
					bootstrap_ci(draws, e->boot_col[k], est, rq->ols.ci, work, &e->ci[k]);
			}
	free(stats);
	gsl_matrix_free(draws);
	free(work);
	if (status == GSL_ENOMEM)
		return sk_out_of_memory(err);
	if (status)
		return sk_fail(err, SK_EXIT_ANALYSIS, "bootstrap: %s (too many resamples could not be fitted)",
			       gsl_strerror(status));
	return 0;
}

int process_results_compute(struct process_result *res, struct sk_error *err)
{
	size_t cap = 0;
	int status;

	if ((status = tests(res, err)) != 0 || (status = conditional(res, err)) != 0 || (status = direct_total(res, &cap, err)) != 0 ||
	    (status = indirect(res, &cap, err)) != 0 || (status = indices(res, &cap, err)) != 0 ||
	    (res->rq->contrast && (status = contrasts(res, &cap, err)) != 0) ||
	    (res->rq->jn && (status = johnson_neyman(res, err)) != 0))
		return status;
	return bootstrap(res, err);
}
