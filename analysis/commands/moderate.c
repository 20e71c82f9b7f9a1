/* surveykit moderate: PROCESS models 1, 2 and 3 with continuous, dichotomous or categorical X, W
 * and Z, covariates, mean-centring, HC0-HC4, as a preset of the conditional-process engine
 * (models/process_*.h): the engine fits the model (categorical variables indicator-coded against
 * their first level), tests the highest-order interaction(s), gives the conditional effects of X at
 * probed moderator values (with the omnibus test for a categorical X), model 3's conditional X:W
 * interaction at each probed Z, the predicted values of the simple-slopes plot and the bootstrap
 * CIs of the conditional effects (models/process_boot.h); Johnson-Neyman regions and bands come
 * from models/johnson_neyman.h on the engine's coefficients. Typed steps
 * (analysis/commands/moderate.h): moderate_run computes every number, moderate_emit lays the
 * document out in PROCESS's order so results can be checked side by side with it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/data/bigbuf.h"
#include "analysis/cli/boot_options.h"
#include "analysis/cli/emit.h"
#include "analysis/commands.h"
#include "analysis/commands/moderate.h"
#include "analysis/data/regression_data.h"
#include "io/doc.h"
#include "models/bootstrap.h"
#include "models/distributions.h"
#include "models/johnson_neyman.h"
#include "models/coding.h"
#include "models/ols.h"
#include "models/ols_tests.h"
#include "models/process_boot.h"
#include "models/process_effects.h"
#include "models/process_model.h"

const struct option_spec moderate_options[] = {
	{"y", "VAR", "outcome"},
	{"x", "VAR", "focal predictor (continuous, dichotomous or categorical)"},
	{"w", "VAR", "moderator (continuous, dichotomous or categorical)"},
	{"z", "VAR", "second moderator (models 2 and 3)"},
	{"model", "1|2|3", "PROCESS model: 1 X*W (default), 2 X*W + X*Z, 3 X*W*Z"},
	{"cov", "VAR,...", "covariates"},
	{"center", NULL, "mean-centre continuous X, W and Z before forming products"},
	{"probe", "percentiles|meansd|V1,V2,...", "moderator values: 16th/50th/84th percentiles (default), mean and +/-1 SD, or given values"},
	{"probe-z", "V1,V2,...", "values of Z to probe at (default: as --probe)"},
	{"jn", NULL, "Johnson-Neyman regions of significance"},
	{"boot", "[N]", "bootstrap CIs of the conditional effects from N resamples (N defaults to 5000, as PROCESS; at most 100000)"},
	{"seed", "S", "random seed for the bootstrap (default: from the clock, reported)"},
	{"threads", "N", "bootstrap threads (default and most: one per processor)"},
	{"hc", "0..4", "heteroskedasticity-consistent standard errors HC0-HC4"},
	{"categorical", "VAR,...", "indicator-code these columns (codebook groups are already)"},
	{0},
};

/* ---- the request ---- */

int moderate_request_parse(const struct cli *cli, struct moderate_request *rq, struct sk_error *err)
{
	const char *x = cli_get(cli, "x"), *w = cli_get(cli, "w"), *z = cli_get(cli, "z"), *y = cli_get(cli, "y");
	size_t model;
	int status;

	memset(rq, 0, sizeof *rq);
	if (!y || !x || !w)
		return sk_fail(err, SK_EXIT_USAGE, "moderate needs --y, --x and --w (see 'surveykit moderate --help')");
	if ((status = cli_get_size(cli, "model", 1, &model, err)) != 0)
		return status;
	if (model < 1 || model > 3)
		return sk_fail(err, SK_EXIT_USAGE, "--model %zu: moderate fits PROCESS models 1, 2 and 3", model);
	if (model >= 2 && !z)
		return sk_fail(err, SK_EXIT_USAGE, "--model %zu needs a second moderator --z", model);
	if (model == 1 && z)
		return sk_fail(err, SK_EXIT_USAGE, "--z needs --model 2 or 3");
	if (!strcmp(x, w) || !strcmp(x, y) || !strcmp(w, y) || (z && (!strcmp(z, x) || !strcmp(z, w) || !strcmp(z, y))))
		return sk_fail(err, SK_EXIT_USAGE, "--y, --x, --w and --z must be different variables");
	rq->model = (int)model;
	rq->y = y;
	rq->x = x;
	rq->w = w;
	rq->z = z;
	rq->center = cli_flag(cli, "center");
	rq->jn = cli_flag(cli, "jn");
	rq->probe = cli_get(cli, "probe");
	rq->probe_z = cli_get(cli, "probe-z");
	if ((status = reg_ols_options(cli, &rq->o, err)) != 0 ||
	    (status = cli_get_list(cli, "cov", &rq->cov, &rq->ncov, err)) != 0 ||
	    (status = cli_get_list(cli, "categorical", &rq->categorical, &rq->ncat, err)) != 0 ||
	    (status = boot_options_parse(cli, 0, &rq->boot, err)) != 0 ||
	    (status = reg_probes_check(rq->probe, "--probe", err)) != 0 ||
	    (status = reg_probes_check(rq->probe_z, "--probe-z", err)) != 0)
		return status;
	rq->o.residuals = 0; /* no residual diagnostics here */
	return 0;
}

void moderate_request_release(struct moderate_request *rq)
{
	cli_list_free(rq->cov);
	cli_list_free(rq->categorical);
	memset(rq, 0, sizeof *rq);
}

/* ---- the run ---- */

size_t moderate_point_w(const struct moderate_result *res, size_t s)
{
	return res->rq->model >= 2 ? s / res->pz.S : s;
}

size_t moderate_point_z(const struct moderate_result *res, size_t s)
{
	return res->rq->model >= 2 ? s % res->pz.S : 0;
}

/* Probe i of moderator v as the engine's point: its value, or the codes of its level. */
static void probe_set(const struct moderate_result *res, struct proc_point *pt, int v, const struct reg_probes *p,
		      size_t i)
{
	proc_point_set(res->engine, pt, v, p->design[i * p->ncols], p->level ? p->level[i] : 0);
}

/* Probe point s: W's probe and (models 2, 3) Z's. */
static void point_at(const struct moderate_result *res, size_t s, struct proc_point *pt)
{
	memset(pt, 0, sizeof *pt);
	probe_set(res, pt, PROC_W, &res->pw, moderate_point_w(res, s));
	if (res->rq->model >= 2)
		probe_set(res, pt, PROC_Z, &res->pz, moderate_point_z(res, s));
}

/* The Y equation (the only one of models 1-3). */
static size_t y_equation(const struct moderate_result *res)
{
	return proc_model_equation(&res->engine->model, PROC_Y);
}

/* The first design column of term a[:b[:c]] of the Y equation (where the covariates start when the
 * model has no such term). */
static size_t term_column(const struct moderate_result *res, size_t n, int a, int b, int c)
{
	const struct proc_fit *f = res->engine;
	size_t e = y_equation(res);
	struct proc_term term = proc_term_make(n, a, b, c);

	return f->eq[e].off[proc_model_term(&f->model, e, &term)];
}

/* The layout of the engine's Y equation. */
static void layout_from_engine(struct moderate_result *res)
{
	const struct proc_fit *f = res->engine;
	struct moderate_layout *L = &res->lay;
	int model = res->rq->model;

	L->nx = f->width[PROC_X];
	L->nw = f->width[PROC_W];
	L->nz = model >= 2 ? f->width[PROC_Z] : 0;
	L->ncov = res->rq->ncov;
	L->k = f->eq[y_equation(res)].k;
	L->x0 = term_column(res, 1, PROC_X, 0, 0);
	L->w0 = term_column(res, 1, PROC_W, 0, 0);
	L->xw0 = term_column(res, 2, PROC_X, PROC_W, 0);
	L->z0 = term_column(res, 1, PROC_Z, 0, 0);
	L->xz0 = term_column(res, 2, PROC_X, PROC_Z, 0);
	L->wz0 = term_column(res, 2, PROC_W, PROC_Z, 0);
	L->xwz0 = term_column(res, 3, PROC_X, PROC_W, PROC_Z);
	L->cov0 = f->eq[y_equation(res)].off[f->model.eq[y_equation(res)].n_terms];
	L->center_x = f->center[PROC_X];
	L->center_w = f->center[PROC_W];
	L->center_z = model >= 2 ? f->center[PROC_Z] : 0;
}

/* Design column names in the layout's order, each variable's columns named by `term`
 * (reg_var_term, or reg_var_term_label for the names with value labels). */
static char **name_terms(const struct moderate_result *res, char *(*term)(const struct reg_var *, size_t))
{
	const struct moderate_layout *L = &res->lay;
	int model = res->rq->model;
	char **xt = calloc(L->nx, sizeof *xt), **wt = calloc(L->nw, sizeof *wt), **zt = calloc(L->nz + 1, sizeof *zt);
	char **terms = calloc(L->k, sizeof *terms);

	if (!xt || !wt || !zt || !terms) {
		free(terms);
		terms = NULL;
		goto done;
	}
	for (size_t i = 0; i < L->nx; i++)
		xt[i] = term(&res->x, i);
	for (size_t l = 0; l < L->nw; l++)
		wt[l] = term(&res->w, l);
	for (size_t q = 0; q < L->nz; q++)
		zt[q] = term(&res->z, q);
	for (size_t i = 0; i < L->nx; i++) {
		terms[L->x0 + i] = xt[i] ? strdup(xt[i]) : NULL;
		for (size_t l = 0; l < L->nw; l++)
			terms[L->xw0 + i * L->nw + l] = xt[i] && wt[l] ? reg_product_name(xt[i], wt[l], NULL) : NULL;
		for (size_t q = 0; q < L->nz; q++)
			terms[L->xz0 + i * L->nz + q] = xt[i] && zt[q] ? reg_product_name(xt[i], zt[q], NULL) : NULL;
		if (model == 3)
			for (size_t l = 0; l < L->nw; l++)
				for (size_t q = 0; q < L->nz; q++)
					terms[L->xwz0 + (i * L->nw + l) * L->nz + q] =
						xt[i] && wt[l] && zt[q] ? reg_product_name(xt[i], wt[l], zt[q]) : NULL;
	}
	for (size_t l = 0; l < L->nw; l++) {
		terms[L->w0 + l] = wt[l] ? strdup(wt[l]) : NULL;
		if (model == 3)
			for (size_t q = 0; q < L->nz; q++)
				terms[L->wz0 + l * L->nz + q] = wt[l] && zt[q] ? reg_product_name(wt[l], zt[q], NULL) : NULL;
	}
	for (size_t q = 0; q < L->nz; q++)
		terms[L->z0 + q] = zt[q] ? strdup(zt[q]) : NULL;
	for (size_t c = 0; c < L->ncov; c++)
		terms[L->cov0 + c] = strdup(res->cv[c].name);
	for (size_t c = 0; c < L->k; c++)
		if (!terms[c]) {
			reg_names_free(terms, L->k);
			terms = NULL;
			break;
		}
done:
	reg_names_free(xt, L->nx);
	reg_names_free(wt, L->nw);
	reg_names_free(zt, L->nz);
	return terms;
}

static int load_vars(struct moderate_result *res, const struct dataset *ds, struct sk_error *err)
{
	const struct moderate_request *rq = res->rq;
	const char *names[3] = {rq->x, rq->w, rq->z};
	struct reg_var *vars[3] = {&res->x, &res->w, &res->z}, **all;
	size_t k = 0;
	int status;

	if ((status = reg_var_load(ds, rq->y, 0, NULL, res->envelope, &res->y, err)) != 0)
		return status;
	for (size_t v = 0; v < 3; v++)
		if (names[v] && (status = reg_var_load(ds, names[v], 1, rq->categorical, res->envelope, vars[v], err)) != 0)
			return status;
	res->cv = calloc(rq->ncov + 1, sizeof *res->cv);
	all = calloc(rq->ncov + 4, sizeof *all);
	if (!res->cv || !all) {
		free(all);
		return sk_out_of_memory(err);
	}
	for (size_t c = 0; c < rq->ncov; c++)
		if ((status = reg_var_load(ds, rq->cov[c], 0, NULL, res->envelope, &res->cv[c], err)) != 0) {
			free(all);
			return status;
		}
	all[k++] = &res->y;
	for (size_t v = 0; v < 3; v++)
		if (names[v])
			all[k++] = vars[v];
	for (size_t c = 0; c < rq->ncov; c++)
		all[k++] = &res->cv[c];
	status = reg_rows(ds, all, k, NULL, res->envelope, &res->rows, &res->n, err);
	for (size_t j = 0; !status && j < k; j++)
		status = reg_var_restrict(all[j], res->rows, res->n, res->envelope, err);
	free(all);
	return status;
}

/* The test(s) of the highest-order interaction(s) of the engine's Y equation
 * (proc_highest_interactions: X:W, then in model 2 X:Z and the two together), in the document's
 * order: which 2 (X:Z), 1 (X:W), 0 (the highest-order term(s) together: the only test of models 1
 * and 3, "both" in model 2). */
static int run_tests(struct moderate_result *res, struct sk_error *err)
{
	const struct proc_fit *f = res->engine;
	struct proc_test_set sets[PROC_MAX_TESTS];
	size_t e = y_equation(res), ns = proc_highest_interactions(&f->model, e, sets);
	size_t *idx = malloc((res->lay.k + 1) * sizeof *idx);

	if (!idx)
		return sk_out_of_memory(err);
	for (int which = 2; which >= 0; which--)
		for (size_t i = 0; i < ns && res->n_tests < 3; i++) {
			const struct proc_test_set *set = &sets[i];
			int w = ns == 1 || set->n == 2 ? 0 : proc_term_has(&f->model.eq[e].term[set->term[0]], PROC_Z) ? 2 : 1;
			struct moderate_test *t = &res->tests[res->n_tests];
			size_t q = 0;
			int status;
			if (w != which)
				continue;
			for (size_t j = 0; j < set->n; j++)
				q += proc_term_coefs(f, e, set->term[j], idx + q);
			status = ols_wald_terms(res->fit, idx, q, NULL, &t->wald);
			if (!status)
				status = ols_r2_change(res->fit, idx, q, &t->r2_change);
			if (status) {
				free(idx);
				return sk_fail(err, SK_EXIT_ANALYSIS, "cannot test the interaction: %s", gsl_strerror(status));
			}
			t->which = which;
			res->n_tests++;
		}
	free(idx);
	return 0;
}

/* Conditional effects and (categorical X) omnibus tests at every probe point; with --boot, their
 * bootstrap CIs from the engine's case resamples. */
static int run_conditional(struct moderate_result *res, struct sk_error *err)
{
	const struct moderate_request *rq = res->rq;
	size_t P = res->n_points, nx = res->lay.nx, reps = rq->boot.reps;
	struct proc_stat *stats = calloc(P * nx, sizeof *stats);
	gsl_matrix *draws = NULL;
	double *work = NULL;
	int status = 0;

	res->effect = malloc(P * nx * sizeof *res->effect);
	res->omnibus = nx > 1 ? malloc(P * sizeof *res->omnibus) : NULL;
	if (!stats || !res->effect || (nx > 1 && !res->omnibus)) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t s = 0; s < P; s++) {
		struct proc_point pt;
		point_at(res, s, &pt);
		for (size_t i = 0; i < nx && !status; i++) {
			stats[s * nx + i] = (struct proc_stat){.kind = PROC_STAT_DIRECT, .scale = PROC_SCALE_RAW, .col = i, .pt = pt};
			status = proc_direct_effect(res->engine, i, &pt, &res->effect[s * nx + i]);
		}
		if (!status && nx > 1)
			status = proc_link_omnibus(res->engine, y_equation(res), PROC_X, &pt, &res->omnibus[s]);
		if (status) {
			status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute conditional effects: %s", gsl_strerror(status));
			goto done;
		}
	}
	if (reps == 0)
		goto done;
	draws = gsl_matrix_alloc(reps, P * nx);
	work = malloc(reps * sizeof *work);
	res->boot = malloc(P * nx * sizeof *res->boot);
	if (!draws || !work || !res->boot) {
		status = sk_out_of_memory(err);
		goto done;
	}
	status = proc_bootstrap(res->engine, stats, P * nx, reps, rq->boot.seed, rq->boot.threads, draws, &res->replaced);
	if (status) {
		status = status == GSL_EMAXITER
				 ? sk_fail(err, SK_EXIT_ANALYSIS, "bootstrap: %d resamples in a row had a singular design",
					   BOOT_MAX_REDRAWS)
				 : sk_out_of_memory(err);
		goto done;
	}
	for (size_t r = 0; r < P * nx; r++)
		bootstrap_ci(draws, r, res->effect[r].est, rq->o.ci, work, &res->boot[r]);
done:
	free(stats);
	free(work);
	gsl_matrix_free(draws);
	return status;
}

/* Model 3: the X:W interaction at each probed Z (the engine's slope of X differentiated by W). */
static int run_conditional_interaction(struct moderate_result *res, struct sk_error *err)
{
	const struct moderate_layout *L = &res->lay;

	res->xw_at_z = malloc((res->pz.S * L->nx * L->nw + 1) * sizeof *res->xw_at_z);
	if (!res->xw_at_z)
		return sk_out_of_memory(err);
	for (size_t q = 0; q < res->pz.S; q++) {
		struct proc_point pt;
		memset(&pt, 0, sizeof pt);
		probe_set(res, &pt, PROC_Z, &res->pz, q);
		for (size_t i = 0; i < L->nx; i++)
			for (size_t j = 0; j < L->nw; j++) {
				struct proc_deriv d = {PROC_W, j};
				int status = proc_link_effect_by(res->engine, y_equation(res), PROC_X, i, &pt, &d, 1,
								 &res->xw_at_z[(q * L->nx + i) * L->nw + j]);
				if (status)
					return sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute the conditional interaction: %s",
						       gsl_strerror(status));
			}
	}
	return 0;
}

/* The effect a + b w from coefficients ia and ib (with the intercept) and their covariance. */
static struct jn_linear linear_effect(const struct ols_fit *fit, size_t ia, size_t ib)
{
	return (struct jn_linear){gsl_vector_get(fit->b, ia), gsl_vector_get(fit->b, ib), gsl_matrix_get(fit->cov, ia, ia),
				  gsl_matrix_get(fit->cov, ia, ib), gsl_matrix_get(fit->cov, ib, ib)};
}

/* The moderator's values as the model sees them (centred when centred) into vals, and its range;
 * the transition points with their shares of cases; the table's grid. */
static void jn_range(struct moderate_jn *jn, const struct reg_var *mv, double center, double *vals, size_t n)
{
	jn->lo = INFINITY;
	jn->hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		vals[i] = mv->v[i] - center;
		jn->lo = fmin(jn->lo, vals[i]);
		jn->hi = fmax(jn->hi, vals[i]);
	}
}

static void jn_points_table(struct moderate_jn *jn, const double *vals, size_t n)
{
	for (size_t r = 0; r < jn->np; r++)
		jn_shares(vals, n, jn->points[r], &jn->below[r], &jn->above[r]);
	jn->ng = jn_grid(jn->lo, jn->hi, jn->points, jn->np, jn->grid);
}

/* The band of each effect f[0..ns) over [lo, hi] and its own regions of significance. */
static int jn_bands(struct moderate_result *res, size_t ns, struct sk_error *err)
{
	struct moderate_jn *jn = &res->jn;

	jn->n_series = ns;
	jn->band = malloc(ns * MODERATE_BAND_POINTS * sizeof *jn->band);
	jn->own = malloc(ns * sizeof *jn->own);
	jn->n_own = malloc(ns * sizeof *jn->n_own);
	if (!jn->band || !jn->own || !jn->n_own)
		return sk_out_of_memory(err);
	jn->level = res->rq->o.ci;
	jn->t_crit = res->fit->t_crit;
	for (size_t i = 0; i < MODERATE_BAND_POINTS; i++)
		jn->band_w[i] = jn->lo + (jn->hi - jn->lo) * (double)i / (MODERATE_BAND_POINTS - 1);
	for (size_t t = 0; t < ns; t++) {
		jn_band(&jn->f[t], res->fit->df2, jn->t_crit, jn->band_w, MODERATE_BAND_POINTS,
			jn->band + t * MODERATE_BAND_POINTS);
		jn->n_own[t] = jn_regions(&jn->f[t], jn->t_crit, jn->lo, jn->hi, jn->own[t]);
	}
	return 0;
}

/* Johnson-Neyman over a continuous moderator `mv` (model metric) of the effect from coefficients
 * ia + ib w. */
static int jn_single(struct moderate_result *res, size_t ia, size_t ib, const struct reg_var *mv, double center,
		     double *vals, struct sk_error *err)
{
	struct moderate_jn *jn = &res->jn;
	const struct ols_fit *fit = res->fit;

	if (!(jn->f = malloc(sizeof *jn->f)))
		return sk_out_of_memory(err);
	jn->f[0] = linear_effect(fit, ia, ib);
	jn_range(jn, mv, center, vals, res->n);
	jn->np = jn_points(&jn->f[0], fit->t_crit, jn->lo, jn->hi, jn->points);
	jn_points_table(jn, vals, res->n);
	jn_band(&jn->f[0], fit->df2, fit->t_crit, jn->grid, jn->ng, jn->table);
	jn->n_regions = jn_regions(&jn->f[0], fit->t_crit, jn->lo, jn->hi, jn->regions);
	return jn_bands(res, 1, err);
}

/* Johnson-Neyman for a categorical X: where the omnibus F crosses its critical value. */
static int jn_omnibus(struct moderate_result *res, double *vals, struct sk_error *err)
{
	struct moderate_jn *jn = &res->jn;
	const struct ols_fit *fit = res->fit;
	size_t q = res->lay.nx, nc = 0;
	gsl_vector *a = gsl_vector_alloc(q), *b = gsl_vector_alloc(q);
	gsl_matrix *V = gsl_matrix_alloc(2 * q, 2 * q);
	size_t *coef = malloc(2 * q * sizeof *coef);
	double cut[MODERATE_JN_MAX_POINTS + 2];
	int status = 0;

	jn->omnibus = 1;
	jn->f = malloc(q * sizeof *jn->f);
	if (!a || !b || !V || !coef || !jn->f) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < q; i++) {
		coef[i] = 1 + res->lay.x0 + i;
		coef[q + i] = 1 + res->lay.xw0 + i;
		gsl_vector_set(a, i, gsl_vector_get(fit->b, coef[i]));
		gsl_vector_set(b, i, gsl_vector_get(fit->b, coef[q + i]));
		jn->f[i] = linear_effect(fit, coef[i], coef[q + i]);
	}
	for (size_t i = 0; i < 2 * q; i++)
		for (size_t j = 0; j < 2 * q; j++)
			gsl_matrix_set(V, i, j, gsl_matrix_get(fit->cov, coef[i], coef[j]));
	jn_range(jn, &res->w, res->lay.center_w, vals, res->n);
	jn->f_crit = dist_f_Qinv(1 - res->rq->o.ci, (double)q, fit->df2);
	status = jn_omnibus_points(a, b, V, fit->df2, jn->f_crit, jn->lo, jn->hi, jn->points, MODERATE_JN_MAX_POINTS,
				   &jn->np);
	if (status)
		goto fail;
	jn_points_table(jn, vals, res->n);
	for (size_t r = 0; r < jn->ng && !status; r++)
		status = jn_omnibus_f(a, b, V, fit->df2, jn->grid[r], &jn->ftable[r]);
	/* the regions: the range cut at the points inside it, each piece tested at its middle */
	cut[nc++] = jn->lo;
	for (size_t i = 0; i < jn->np; i++)
		if (jn->points[i] > cut[nc - 1] && jn->points[i] < jn->hi)
			cut[nc++] = jn->points[i];
	cut[nc++] = jn->hi;
	for (size_t i = 0; i + 1 < nc && !status; i++) {
		struct wald wd;
		status = jn_omnibus_f(a, b, V, fit->df2, (cut[i] + cut[i + 1]) / 2, &wd);
		jn->regions[jn->n_regions++] = (struct jn_region){cut[i], cut[i + 1], wd.p < 1 - res->rq->o.ci};
	}
	if (status)
		goto fail;
	status = jn_bands(res, q, err);
	goto done;
fail:
	status = sk_fail(err, SK_EXIT_ANALYSIS, "Johnson-Neyman: %s", gsl_strerror(status));
done:
	gsl_vector_free(a);
	gsl_vector_free(b);
	gsl_matrix_free(V);
	free(coef);
	return status;
}

static int run_jn(struct moderate_result *res, double *vals, struct sk_error *err)
{
	struct moderate_jn *jn = &res->jn;
	const struct moderate_layout *L = &res->lay;

	if (res->rq->model == 2) {
		jn->why = MODERATE_JN_MODEL2;
		return 0;
	}
	if (res->rq->model == 3) {
		if (res->x.categorical || res->w.categorical || res->z.categorical || reg_var_dichotomous(&res->z)) {
			jn->why = MODERATE_JN_MODEL3_KINDS;
			return 0;
		}
		jn->why = MODERATE_JN_DONE;
		jn->moderator = &res->z;
		return jn_single(res, 1 + L->xw0, 1 + L->xwz0, &res->z, L->center_z, vals, err);
	}
	if (res->w.categorical || reg_var_dichotomous(&res->w)) {
		jn->why = MODERATE_JN_TWO_VALUED;
		return 0;
	}
	jn->why = MODERATE_JN_DONE;
	jn->moderator = &res->w;
	if (L->nx > 1)
		return jn_omnibus(res, vals, err);
	return jn_single(res, 1 + L->x0, 1 + L->xw0, &res->w, L->center_w, vals, err);
}

/* Predicted Y at X values x each probed (W, Z), covariates at their means (the engine's design row). */
static int run_simple_slopes(struct moderate_result *res, double *work, struct sk_error *err)
{
	const struct moderate_layout *L = &res->lay;
	const char *probe = res->rq->probe;
	gsl_vector *row = gsl_vector_alloc(L->k + 1);
	double *cm = malloc((L->ncov + 1) * sizeof *cm);
	const char *xkind = probe && strcmp(probe, "meansd") == 0 ? "meansd" : "percentiles";
	int status;

	if (!row || !cm) {
		gsl_vector_free(row);
		free(cm);
		return sk_out_of_memory(err);
	}
	status = reg_probes_make(&res->x, L->center_x, xkind, "focal predictor", NULL, work, &res->px, err);
	if (!status && !(res->yhat = malloc((res->px.S * res->n_points + 1) * sizeof *res->yhat)))
		status = sk_out_of_memory(err);
	for (size_t c = 0; c < L->ncov; c++)
		cm[c] = gsl_vector_get(res->fit->mean, L->cov0 + c);
	for (size_t a = 0; !status && a < res->px.S; a++)
		for (size_t s = 0; s < res->n_points; s++) {
			struct proc_point pt;
			struct lincom lc;
			point_at(res, s, &pt);
			proc_design_row(res->engine, y_equation(res), res->px.design + a * res->px.ncols, &pt, cm, row->data);
			ols_lincom(res->fit, row, NULL, &lc);
			res->yhat[a * res->n_points + s] = lc.est;
		}
	gsl_vector_free(row);
	free(cm);
	return status;
}

/* A categorical X, W or Z for the engine: indicator-coded against its first kept level. */
static int engine_input(const struct reg_var *v, struct proc_input *in, struct sk_error *err)
{
	if (!v->categorical) {
		*in = (struct proc_input){v->v, NULL, 0, CODING_INDICATOR};
		return 0;
	}
	if (v->n_kept > CODING_MAX_LEVELS)
		return sk_fail(err, SK_EXIT_ANALYSIS, "'%s' has %zu levels: a categorical variable may have at most %d",
			       v->name, v->n_kept, CODING_MAX_LEVELS);
	*in = (struct proc_input){NULL, v->code, v->n_kept, CODING_INDICATOR};
	return 0;
}

/* PROCESS model 1, 2 or 3 fitted by the engine; its layout and column names. */
static int run_engine(struct moderate_result *res, const struct dataset *ds, struct sk_error *err)
{
	const struct moderate_request *rq = res->rq;
	struct proc_model model;
	struct proc_data d;
	enum proc_model_problem why;
	int status;

	memset(&d, 0, sizeof d);
	if (rq->ncov) {
		if (!(res->C = gsl_matrix_alloc(res->n, rq->ncov)))
			return sk_out_of_memory(err);
		for (size_t i = 0; i < res->n; i++)
			for (size_t c = 0; c < rq->ncov; c++)
				gsl_matrix_set(res->C, i, c, res->cv[c].v[i]);
	}
	d.n = res->n;
	d.y = res->y.v;
	d.cov = res->C;
	d.center = rq->center ? PROC_CENTER_ALL : PROC_CENTER_NONE;
	d.ols = rq->o;
	if ((status = engine_input(&res->x, &d.x, err)) != 0 || (status = engine_input(&res->w, &d.w, err)) != 0 ||
	    (rq->model >= 2 && (status = engine_input(&res->z, &d.z, err)) != 0))
		return status;
	if (proc_model_init(&model, rq->model, 0, rq->ncov, NULL, &why) != GSL_SUCCESS)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot lay out the model");
	status = proc_fit_run(&model, &d, &res->engine);
	if (!res->engine)
		return sk_out_of_memory(err);
	if (status && res->engine->problem != PROC_FIT)
		return status == GSL_ENOMEM ? sk_out_of_memory(err) : sk_fail(err, SK_EXIT_ANALYSIS, "cannot lay out the model");
	layout_from_engine(res);
	res->fit = res->engine->eq[y_equation(res)].fit;
	res->terms = name_terms(res, reg_var_term);
	res->labels = name_terms(res, reg_var_term_label);
	if (!res->terms || !res->labels)
		return sk_out_of_memory(err);
	if (status)
		return reg_fit_error(err, status, res->fit, res->terms, res->y.name, res->rows, ds, "the model");
	return 0;
}

int moderate_run(const struct moderate_request *rq, const struct dataset *ds, struct moderate_result *res,
		 struct sk_error *err)
{
	double *work = NULL;
	int status;

	memset(res, 0, sizeof *res);
	res->rq = rq;
	if (!(res->envelope = dataset_doc(ds, "moderate")))
		return sk_out_of_memory(err);
	if ((status = load_vars(res, ds, err)) != 0 || (status = run_engine(res, ds, err)) != 0)
		goto done;
	if (!(work = bigbuf_alloc((res->n + 1) * sizeof *work))) {
		status = sk_out_of_memory(err);
		goto done;
	}
	if ((status = run_tests(res, err)) != 0 ||
	    (status = reg_probes_make(&res->w, res->lay.center_w, rq->probe, "moderator", NULL, work, &res->pw, err)) != 0 ||
	    (rq->model >= 2 && (status = reg_probes_make(&res->z, res->lay.center_z, rq->probe_z ? rq->probe_z : rq->probe,
							  "moderator", NULL, work, &res->pz, err)) != 0))
		goto done;
	res->n_points = res->pw.S * (rq->model >= 2 ? res->pz.S : 1);
	if ((status = run_conditional(res, err)) != 0 ||
	    (rq->model == 3 && (status = run_conditional_interaction(res, err)) != 0) ||
	    (rq->jn && (status = run_jn(res, work, err)) != 0))
		goto done;
	status = run_simple_slopes(res, work, err);
done:
	bigbuf_free(work);
	return status;
}

void moderate_result_release(struct moderate_result *res)
{
	size_t ncov = res->rq ? res->rq->ncov : 0;

	reg_var_release(&res->y);
	reg_var_release(&res->x);
	reg_var_release(&res->w);
	reg_var_release(&res->z);
	for (size_t i = 0; res->cv && i < ncov; i++)
		reg_var_release(&res->cv[i]);
	free(res->cv);
	bigbuf_free(res->rows);
	reg_names_free(res->terms, res->lay.k);
	reg_names_free(res->labels, res->lay.k);
	gsl_matrix_free(res->C);
	proc_fit_free(res->engine);
	reg_probes_release(&res->pw);
	reg_probes_release(&res->pz);
	reg_probes_release(&res->px);
	free(res->effect);
	free(res->omnibus);
	free(res->boot);
	free(res->xw_at_z);
	free(res->jn.f);
	free(res->jn.band);
	free(res->jn.own);
	free(res->jn.n_own);
	free(res->yhat);
	json_decref(res->envelope);
	memset(res, 0, sizeof *res);
}

COMMAND_STEPS(moderate);

/* ---- the document ---- */

static void put_header(json_t *doc, const struct moderate_result *res)
{
	const struct moderate_request *rq = res->rq;
	json_t *covs;

	doc_int(doc, "process_model", rq->model);
	doc_str(doc, "y", res->y.name);
	doc_str(doc, "x", res->x.name);
	doc_str(doc, "w", res->w.name);
	if (rq->model >= 2)
		doc_str(doc, "z", res->z.name);
	if (rq->ncov) {
		covs = doc_arr(doc, "covariates");
		for (size_t c = 0; c < rq->ncov; c++)
			doc_push_str(covs, res->cv[c].name);
	}
	doc_str(doc, "se_type", reg_cov_name(rq->o.cov));
	if (rq->center) {
		const struct reg_var *vs[3] = {&res->x, &res->w, &res->z};
		double means[3] = {res->lay.center_x, res->lay.center_w, res->lay.center_z};
		for (size_t v = 0; v < (rq->model >= 2 ? 3u : 2u); v++)
			if (!vs[v]->categorical)
				doc_note(doc, "'%s' was mean-centred (mean %.10g): its values here are deviations from the mean",
					 vs[v]->name, means[v]);
	}
}

static void put_interaction_tests(json_t *doc, const struct moderate_result *res)
{
	static const char *names[] = {"both", "X:W", "X:Z"};
	int model2 = res->rq->model == 2;
	json_t *arr = model2 ? doc_arr(doc, "interaction_tests") : NULL;

	for (size_t i = 0; i < res->n_tests; i++) {
		const struct moderate_test *t = &res->tests[i];
		json_t *row = t->which == 0 ? doc_obj(doc, "interaction_test") : doc_push_obj(arr);
		if (model2) {
			doc_str(row, "term", names[t->which]);
			if (t->which == 0)
				json_array_append(arr, row);
		}
		doc_num(row, "r2_change", t->r2_change);
		emit_wald(row, &t->wald);
	}
	if (res->rq->o.cov != OLS_CLASSICAL)
		doc_note(doc, "interaction F tests use %s standard errors; R2 change is from the classical fit",
			 reg_cov_name(res->rq->o.cov));
}

static void put_point(const struct moderate_result *res, json_t *row, size_t s)
{
	reg_probes_put(row, "w", &res->w, &res->pw, moderate_point_w(res, s));
	if (res->rq->model >= 2)
		reg_probes_put(row, "z", &res->z, &res->pz, moderate_point_z(res, s));
}

static void put_conditional(json_t *doc, const struct moderate_result *res)
{
	const struct moderate_request *rq = res->rq;
	size_t P = res->n_points, nx = res->lay.nx, reps = rq->boot.reps;
	json_t *ce = doc_arr(doc, "conditional_effects"), *om = nx > 1 ? doc_arr(doc, "omnibus") : NULL;

	for (size_t s = 0; s < P; s++) {
		for (size_t i = 0; i < nx; i++) {
			json_t *row = doc_push_obj(ce);
			if (res->x.categorical)
				reg_put_term(row, res->terms[res->lay.x0 + i], res->labels[res->lay.x0 + i]);
			put_point(res, row, s);
			reg_put_lincom(row, &res->effect[s * nx + i], "effect");
		}
		if (om) {
			json_t *row = doc_push_obj(om);
			put_point(res, row, s);
			emit_wald(row, &res->omnibus[s]);
		}
	}
	if (reps == 0)
		return;
	boot_options_notes(&rq->boot, doc);
	for (size_t r = 0; r < P * nx; r++) {
		const struct boot_ci *ci = &res->boot[r];
		json_t *row = json_array_get(ce, r);
		doc_num(row, "boot_se", ci->se);
		doc_num(row, "boot_llci", ci->llci);
		doc_num(row, "boot_ulci", ci->ulci);
		doc_num_why(doc, row, "bc_llci", ci->bc_llci, "bias-corrected CI (every resample on one side)");
		doc_num_why(doc, row, "bc_ulci", ci->bc_ulci, "bias-corrected CI (every resample on one side)");
	}
	{
		json_t *b = doc_obj(doc, "bootstrap");
		doc_size(b, "resamples", reps);
		doc_size(b, "seed", rq->boot.seed);
		doc_size(b, "replaced", res->replaced);
		doc_num(b, "level", rq->o.ci);
	}
	doc_note(doc, "bootstrap: %zu case resamples (seed %lu); boot_llci/boot_ulci percentile, bc_ bias-corrected "
		      "(PROCESS positions)", reps, rq->boot.seed);
}

static void put_conditional_interaction(json_t *doc, const struct moderate_result *res)
{
	const struct moderate_layout *L = &res->lay;
	json_t *arr = doc_arr(doc, "conditional_interaction");

	for (size_t q = 0; q < res->pz.S; q++)
		for (size_t i = 0; i < L->nx; i++)
			for (size_t j = 0; j < L->nw; j++) {
				json_t *row = doc_push_obj(arr);
				reg_put_term(row, res->terms[L->xw0 + i * L->nw + j], res->labels[L->xw0 + i * L->nw + j]);
				reg_probes_put(row, "z", &res->z, &res->pz, q);
				reg_put_lincom(row, &res->xw_at_z[(q * L->nx + i) * L->nw + j], "effect");
			}
}

static void put_jn(json_t *doc, const struct moderate_result *res)
{
	const struct moderate_jn *jn = &res->jn;
	json_t *obj, *parr, *tab;

	switch (jn->why) {
	case MODERATE_JN_NOT_ASKED:
		return;
	case MODERATE_JN_MODEL2:
		doc_note(doc, "Johnson-Neyman is not available for model 2 (as in PROCESS)");
		return;
	case MODERATE_JN_MODEL3_KINDS:
		doc_note(doc, "Johnson-Neyman in model 3 needs continuous X and W and a Z with more than two values");
		return;
	case MODERATE_JN_TWO_VALUED:
		doc_note(doc, "Johnson-Neyman needs a moderator with more than two values; '%s' has two or is categorical",
			 res->w.name);
		return;
	case MODERATE_JN_DONE:
		break;
	}
	obj = doc_obj(doc, "johnson_neyman");
	if (res->rq->model == 3) {
		doc_str(obj, "effect", res->terms[res->lay.xw0]);
		doc_str(obj, "moderator", res->z.name);
	}
	parr = doc_arr(obj, "points");
	if (jn->np) {
		json_t *sh = doc_arr(obj, "shares");
		for (size_t r = 0; r < jn->np; r++) {
			json_t *row = doc_push_obj(sh);
			doc_push_num(parr, jn->points[r]);
			doc_num(row, "w", jn->points[r]);
			doc_num(row, "below", jn->below[r]);
			doc_num(row, "above", jn->above[r]);
		}
	}
	tab = doc_arr(obj, "table");
	if (jn->np == 0 && jn->omnibus)
		doc_note(doc, "Johnson-Neyman: the omnibus test of '%s' does not change significance inside the "
			      "observed range of '%s'", res->x.name, res->w.name);
	else if (jn->np == 0)
		doc_note(doc, "Johnson-Neyman: no transition point inside the observed range of '%s' (%g to %g)",
			 jn->moderator->name, jn->lo, jn->hi);
	for (size_t r = 0; r < jn->ng; r++) {
		json_t *row = doc_push_obj(tab);
		doc_num(row, "w", jn->grid[r]);
		if (jn->omnibus)
			emit_wald(row, &jn->ftable[r]);
		else
			reg_put_lincom(row, &jn->table[r], "effect");
	}
	if (jn->omnibus)
		doc_note(doc, "Johnson-Neyman for a categorical X: points where the omnibus F of '%s' crosses its "
			      "critical value %g (found numerically; not in PROCESS)", res->x.name, jn->f_crit);
}

static void put_simple_slopes(json_t *doc, const struct moderate_result *res)
{
	json_t *arr = doc_arr(doc, "simple_slopes");

	for (size_t a = 0; a < res->px.S; a++)
		for (size_t s = 0; s < res->n_points; s++) {
			json_t *r = doc_push_obj(arr);
			reg_probes_put(r, "x", &res->x, &res->px, a);
			put_point(res, r, s);
			doc_num(r, "yhat", res->yhat[a * res->n_points + s]);
		}
}

size_t moderate_used(const struct moderate_result *res)
{
	return res->n;
}

json_t *moderate_emit(const struct moderate_result *res)
{
	const struct moderate_request *rq = res->rq;
	json_t *doc = json_incref(res->envelope);

	doc_set_used(doc, moderate_used(res));
	put_header(doc, res);
	reg_put_summary(doc, res->fit);
	reg_put_coefficients(doc, res->fit, res->terms, res->labels);
	put_interaction_tests(doc, res);
	reg_probes_notes(doc, &res->w, &res->pw, "moderator");
	if (rq->model >= 2)
		reg_probes_notes(doc, &res->z, &res->pz, "moderator");
	put_conditional(doc, res);
	if (rq->model == 3)
		put_conditional_interaction(doc, res);
	put_jn(doc, res);
	put_simple_slopes(doc, res);
	doc_note(doc, "simple_slopes: predicted %s with the covariates at their means", res->y.name);
	doc_note(doc, "beta: standardised coefficients (lm on scale()d variables); none for the intercept");
	if (rq->probe && res->w.categorical)
		doc_note(doc, "--probe is ignored for the categorical moderator '%s': each of its levels is probed", res->w.name);
	return doc;
}
