/* surveykit mediate: PROCESS model 4 (X -> M_1..M_k -> Y, parallel mediators) and model 7
 * (first-stage moderated mediation, --w) as a preset of the conditional-process engine
 * (analysis/commands/process.h): every equation's coefficients, the total, direct and indirect
 * effects with bootstrap percentile and bias-corrected CIs, standardised indirect effects, and in
 * model 7 the conditional indirect effects at probed values of W with the index of moderated
 * mediation. Y is always fitted by OLS here (process fits a two-valued Y by logistic regression). */
#include <math.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cli/emit.h"
#include "analysis/commands.h"
#include "analysis/commands/mediate.h"
#include "io/doc.h"

const struct option_spec mediate_options[] = {
	{"y", "VAR", "outcome"},
	{"x", "VAR", "focal predictor (continuous, dichotomous or categorical)"},
	{"m", "VAR,...", "mediator(s), in parallel"},
	{"w", "VAR", "moderator of the X -> M paths (PROCESS model 7)"},
	{"cov", "VAR,...", "covariates (in every equation)"},
	{"boot", "[N]", "bootstrap resamples for the indirect effects (default 5000; 0 for none; at most 100000)"},
	{"seed", "S", "random seed for the bootstrap (default: from the clock, reported)"},
	{"threads", "N", "bootstrap threads (default and most: one per processor)"},
	{"probe", "percentiles|meansd|V1,V2,...", "values of W for the conditional indirect effects (model 7)"},
	{"center", NULL, "mean-centre continuous X and W before forming their product (model 7)"},
	{"hc", "0..4", "heteroskedasticity-consistent standard errors HC0-HC4 for the regressions"},
	{"categorical", "VAR,...", "indicator-code these columns (codebook groups are already)"},
	{0},
};

/* --probe V1,V2,...: the values of W handed to the engine (as process's --wmodval). */
static int probe_values(const char *text, struct process_request *p, struct sk_error *err)
{
	switch (cli_parse_numbers(text, p->wmodval, PROCESS_MAX_MODVALS, &p->n_wmodval)) {
	case CLI_NUMBERS_NOT_A_NUMBER:
		return sk_fail(err, SK_EXIT_USAGE, "--probe '%s' must be percentiles, meansd or numbers separated by commas",
			       text);
	case CLI_NUMBERS_TOO_MANY:
		return sk_fail(err, SK_EXIT_USAGE, "--probe: at most %d values", PROCESS_MAX_MODVALS);
	case CLI_NUMBERS_NONE:
		return sk_fail(err, SK_EXIT_USAGE, "--probe '%s' gives no value", text);
	case CLI_NUMBERS_OK:
		break;
	}
	return 0;
}

int mediate_request_parse(const struct cli *cli, struct mediate_request *rq, struct sk_error *err)
{
	struct process_request *p = &rq->proc;
	const char *y = cli_get(cli, "y"), *x = cli_get(cli, "x"), *w = cli_get(cli, "w");
	int status;

	memset(rq, 0, sizeof *rq);
	if (!y || !x || !cli_get(cli, "m"))
		return sk_fail(err, SK_EXIT_USAGE, "mediate needs --y, --x and --m (see 'surveykit mediate --help')");
	if ((status = reg_ols_options(cli, &p->ols, err)) != 0 ||
	    (status = cli_get_list(cli, "m", &p->m, &p->k, err)) != 0 ||
	    (status = cli_get_list(cli, "cov", &p->cov, &p->ncov, err)) != 0 ||
	    (status = cli_get_list(cli, "categorical", &rq->categorical, &rq->ncat, err)) != 0 ||
	    (status = boot_options_parse(cli, BOOT_DEFAULT_REPS, &p->boot, err)) != 0)
		return status;
	p->ols.residuals = 0; /* no residual diagnostics here */
	if (!strcmp(x, y) || (w && (!strcmp(w, x) || !strcmp(w, y))))
		return sk_fail(err, SK_EXIT_USAGE, "--y, --x and --w must be different variables");
	for (size_t j = 0; j < p->k; j++) {
		if (!strcmp(p->m[j], x) || !strcmp(p->m[j], y) || (w && !strcmp(p->m[j], w)))
			return sk_fail(err, SK_EXIT_USAGE, "mediator '%s' is also --x, --y or --w", p->m[j]);
		for (size_t k = 0; k < j; k++)
			if (!strcmp(p->m[j], p->m[k]))
				return sk_fail(err, SK_EXIT_USAGE, "mediator '%s' is listed twice", p->m[j]);
	}
	if (!w && (cli_get(cli, "probe") || cli_flag(cli, "center")))
		return sk_fail(err, SK_EXIT_USAGE, "--probe and --center need a moderator --w (model 7)");
	if (p->k > PROC_MAX_MEDIATORS)
		return sk_fail(err, SK_EXIT_USAGE, "--m: at most %d mediators", PROC_MAX_MEDIATORS);
	if (p->ncov > PROC_MAX_COVARIATES)
		return sk_fail(err, SK_EXIT_USAGE, "--cov: at most %d covariates", PROC_MAX_COVARIATES);
	rq->probe = cli_get(cli, "probe");
	p->probe = rq->probe && !strcmp(rq->probe, "meansd") ? MOD_PROBE_MEANSD : MOD_PROBE_PERCENTILES;
	if (rq->probe && strcmp(rq->probe, "percentiles") && strcmp(rq->probe, "meansd") &&
	    (status = probe_values(rq->probe, p, err)) != 0)
		return status;
	p->command = "mediate";
	p->model = w ? 7 : 4;
	p->y = y;
	p->x = x;
	p->w = w;
	p->center = cli_flag(cli, "center") ? PROC_CENTER_ALL : PROC_CENTER_NONE;
	p->effsize = !w; /* model 4 prints standardised indirect effects */
	p->ols_only = 1;
	p->modval_centred = 1; /* --probe values with --center are deviations from the mean */
	p->preset_categorical = 1;
	p->categorical = rq->categorical;
	return 0;
}

void mediate_request_release(struct mediate_request *rq)
{
	cli_list_free(rq->categorical);
	process_request_release(&rq->proc);
	memset(rq, 0, sizeof *rq);
}

static char **equation_names(const struct process_result *r, size_t e, char *(*term)(const struct reg_var *, size_t));

/* An equation that cannot be fitted: what made it impossible, in the model of its outcome. */
static int fit_error(const struct mediate_result *res, const struct dataset *ds, int status, struct sk_error *err)
{
	const struct process_result *r = &res->proc;
	size_t e = r->fit->bad_eq;
	const char *outcome = process_var_name(r, r->model.eq[e].outcome);
	char **names = equation_names(r, e, reg_var_term), ctx[300];

	if (!names)
		return sk_out_of_memory(err);
	snprintf(ctx, sizeof ctx, "the model of '%s'", outcome);
	status = reg_fit_error(err, status, r->fit->eq[e].fit, names, outcome, r->rows, ds, ctx);
	reg_names_free(names, r->fit->eq[e].k);
	return status;
}

int mediate_run(const struct mediate_request *rq, const struct dataset *ds, struct mediate_result *res,
		struct sk_error *err)
{
	struct process_result *pr = &res->proc;
	double *work;
	int status;

	memset(res, 0, sizeof *res);
	res->rq = rq;
	status = process_run(&rq->proc, ds, pr, err);
	if (status && pr->fit && pr->fit->problem == PROC_FIT)
		return fit_error(res, ds, status, err);
	if (status || rq->proc.model != 7)
		return status;
	/* the probe values as the document shows them (with their notes); the engine probed the same */
	work = malloc((pr->n + 1) * sizeof *work);
	if (!work)
		return sk_out_of_memory(err);
	status = reg_probes_make(&pr->w, pr->fit->center[PROC_W], rq->probe, "moderator", pr->envelope, work, &res->pw,
				 err);
	free(work);
	if (status == 0 && res->pw.S != pr->n_probe[PROC_W])
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot probe '%s'", pr->w.name);
	return status;
}

void mediate_result_release(struct mediate_result *res)
{
	reg_probes_release(&res->pw);
	process_result_release(&res->proc);
	memset(res, 0, sizeof *res);
}

COMMAND_STEPS(mediate);

/* ---- the document ---- */

static const struct reg_var *model_var(const struct process_result *r, int v)
{
	return v == PROC_X ? &r->x : v == PROC_W ? &r->w : v == PROC_Z ? &r->z : v == PROC_Y ? &r->y : &r->m[v - PROC_M1];
}

/* The names of equation e's design columns (terms, then covariates), each variable's column named
 * by `term` (reg_var_term, or reg_var_term_label with value labels); NULL when out of memory. */
static char **equation_names(const struct process_result *r, size_t e, char *(*term)(const struct reg_var *, size_t))
{
	const struct proc_equation *eq = &r->model.eq[e];
	size_t k = r->fit->eq[e].k, at = 0, cols[3];
	char **t = calloc(k + 1, sizeof *t);
	int ok = t != NULL;

	for (size_t i = 0; ok && i < eq->n_terms; i++)
		for (size_t c = 0; ok && c < proc_term_width(r->fit, &eq->term[i]); c++) {
			char *f[3] = {NULL, NULL, NULL};
			proc_term_decode(r->fit, &eq->term[i], c, cols);
			for (size_t j = 0; j < eq->term[i].n; j++)
				ok = ok && (f[j] = term(model_var(r, eq->term[i].var[j]), cols[j])) != NULL;
			if (ok)
				t[at] = eq->term[i].n == 1 ? strdup(f[0]) : reg_product_name(f[0], f[1], f[2]);
			ok = ok && t[at++];
			for (size_t j = 0; j < 3; j++)
				free(f[j]);
		}
	for (size_t c = 0; ok && c < r->rq->ncov; c++)
		if (eq->cov[c])
			ok = (t[at++] = strdup(r->cv[c].name)) != NULL;
	if (!ok) {
		reg_names_free(t, k);
		return NULL;
	}
	return t;
}

static int put_equation(json_t *obj, const struct process_result *r, size_t e)
{
	char **names = equation_names(r, e, reg_var_term), **labels = equation_names(r, e, reg_var_term_label);
	const struct ols_fit *fit = r->fit->eq[e].fit;

	if (names && labels) {
		doc_str(obj, "outcome", process_var_name(r, r->model.eq[e].outcome));
		reg_put_summary(obj, fit);
		reg_put_coefficients(obj, fit, names, labels);
	}
	reg_names_free(names, r->fit->eq[e].k);
	reg_names_free(labels, r->fit->eq[e].k);
	return names && labels ? 0 : -1;
}

/* "term" (and "label") of X's column d, or of the product of X's column d and W's column l. */
static int put_x_term(json_t *row, const struct process_result *r, size_t d, size_t l, int product)
{
	char *n = reg_var_term(&r->x, d), *lab = reg_var_term_label(&r->x, d);
	int ok = n && lab;

	if (ok && product) {
		char *wn = reg_var_term(&r->w, l), *wl = reg_var_term_label(&r->w, l);
		char *pn = wn ? reg_product_name(n, wn, NULL) : NULL, *pl = wl ? reg_product_name(lab, wl, NULL) : NULL;
		free(wn);
		free(wl);
		free(n);
		free(lab);
		n = pn;
		lab = pl;
		ok = n && lab;
	}
	if (ok)
		reg_put_term(row, n, lab);
	free(n);
	free(lab);
	return ok ? 0 : -1;
}

/* The mediator that path p goes through (every path of models 4 and 7 has one). */
static size_t path_mediator(const struct process_result *r, size_t p)
{
	return r->model.path[p].med[0];
}

static const struct process_effect *find_effect(const struct process_result *r, enum process_effect_kind kind,
						size_t j, size_t col, size_t probe, size_t of_col)
{
	for (size_t i = 0; i < r->n_eff; i++) {
		const struct process_effect *e = &r->eff[i];
		if (e->kind != kind || e->stat.col != col)
			continue;
		if ((kind == PE_INDIRECT || kind == PE_INDEX) && path_mediator(r, e->stat.path) != j)
			continue;
		if (kind == PE_INDIRECT && probe != SIZE_MAX && e->at.probe[PROC_W] != probe)
			continue;
		if (kind == PE_INDEX && (e->of != PROC_W || e->of_col != of_col))
			continue;
		return e;
	}
	return NULL;
}

/* direct (from the Y equation) or total (model 4) effect of each X column */
static int put_effects(json_t *doc, const struct process_result *r, const char *key, enum process_effect_kind kind)
{
	json_t *arr = doc_arr(doc, key);
	double sd_y = r->fit->sd_y;

	for (size_t d = 0; d < r->fit->width[PROC_X]; d++) {
		const struct process_effect *e = find_effect(r, kind, 0, d, SIZE_MAX, 0);
		json_t *row = doc_push_obj(arr);
		if (!e || (r->x.categorical && put_x_term(row, r, d, 0, 0)))
			return -1;
		reg_put_lincom(row, &e->lc, "effect");
		doc_num(row, "c_ps", e->lc.est / sd_y);
		if (!r->x.categorical)
			doc_num(row, "c_cs", e->lc.est * r->fit->sd_x / sd_y);
	}
	return 0;
}

/* An indirect-effect row (scale b: the effect, partially or completely standardised) with its
 * bootstrap CIs (when resampled). */
static void put_boot_row(json_t *doc, const struct mediate_result *res, json_t *row, const char *key,
			 const struct process_effect *e, size_t b)
{
	const struct boot_ci *ci = &e->ci[b];

	doc_num(row, key, b == 0 ? e->est : b == 1 ? e->partial : e->complete);
	if (res->rq->proc.boot.reps) {
		doc_num(row, "boot_se", ci->se);
		doc_num(row, "boot_llci", ci->llci);
		doc_num(row, "boot_ulci", ci->ulci);
		doc_num_why(doc, row, "bc_llci", ci->bc_llci, "bias-corrected CI (every resample on one side)");
		doc_num_why(doc, row, "bc_ulci", ci->bc_ulci, "bias-corrected CI (every resample on one side)");
	}
}

static int put_model4(json_t *doc, const struct mediate_result *res)
{
	static const char *keys[] = {"indirect_effects", "partially_standardized_indirect",
				     "completely_standardized_indirect"};
	const struct process_result *r = &res->proc;
	size_t blocks = r->x.categorical ? 2 : 3, nm = r->rq->k;

	if (put_effects(doc, r, "total_effect", PE_TOTAL) || put_effects(doc, r, "direct_effect", PE_DIRECT))
		return -1;
	for (size_t b = 0; b < blocks; b++) {
		json_t *arr = doc_arr(doc, keys[b]);
		for (size_t d = 0; d < r->fit->width[PROC_X]; d++)
			for (size_t j = 0; j <= nm; j++) {
				const struct process_effect *e;
				json_t *row;
				if (j == nm && nm == 1)
					break;
				e = find_effect(r, j < nm ? PE_INDIRECT : PE_TOTAL_INDIRECT, j, d, SIZE_MAX, 0);
				row = doc_push_obj(arr);
				if (!e || (r->x.categorical && put_x_term(row, r, d, 0, 0)))
					return -1;
				doc_str(row, "mediator", j < nm ? r->m[j].name : "total");
				put_boot_row(doc, res, row, "effect", e, b);
			}
	}
	return 0;
}

static int put_model7(json_t *doc, const struct mediate_result *res)
{
	const struct process_result *r = &res->proc;
	json_t *tests = doc_arr(doc, "interaction_tests"), *cond, *index;
	size_t nm = r->rq->k, nx = r->fit->width[PROC_X], nw = r->fit->width[PROC_W];

	for (size_t j = 0; j < nm; j++) {
		const struct process_itest *t = NULL;
		json_t *row;
		for (size_t i = 0; i < r->n_tests && !t; i++)
			if (r->model.eq[r->tests[i].eq].outcome == PROC_M((int)j))
				t = &r->tests[i];
		if (!t)
			return -1;
		row = doc_push_obj(tests);
		doc_str(row, "outcome", r->m[j].name);
		doc_num(row, "r2_change", t->r2_change);
		emit_wald(row, &(struct wald){t->stat, t->df1, t->df2, t->p});
	}
	if (put_effects(doc, r, "direct_effect", PE_DIRECT))
		return -1;
	cond = doc_arr(doc, "conditional_indirect_effects");
	for (size_t j = 0; j < nm; j++)
		for (size_t d = 0; d < nx; d++)
			for (size_t s = 0; s < res->pw.S; s++) {
				const struct process_effect *e = find_effect(r, PE_INDIRECT, j, d, s, 0);
				json_t *row = doc_push_obj(cond);
				if (!e)
					return -1;
				doc_str(row, "mediator", r->m[j].name);
				if (r->x.categorical && put_x_term(row, r, d, 0, 0))
					return -1;
				reg_probes_put(row, "w", &r->w, &res->pw, s);
				put_boot_row(doc, res, row, "effect", e, 0);
			}
	index = doc_arr(doc, "index_of_moderated_mediation");
	for (size_t j = 0; j < nm; j++)
		for (size_t d = 0; d < nx; d++)
			for (size_t l = 0; l < nw; l++) {
				const struct process_effect *e = find_effect(r, PE_INDEX, j, d, SIZE_MAX, l);
				json_t *row = doc_push_obj(index);
				if (!e)
					return -1;
				doc_str(row, "mediator", r->m[j].name);
				if ((r->x.categorical || r->w.categorical) && put_x_term(row, r, d, l, 1))
					return -1;
				put_boot_row(doc, res, row, "index", e, 0);
			}
	return 0;
}

static void put_bootstrap(json_t *doc, const struct mediate_result *res)
{
	const struct process_request *p = &res->rq->proc;
	json_t *b;

	if (p->boot.reps == 0) {
		doc_note(doc, "no bootstrap (--boot 0): indirect effects without CIs");
		return;
	}
	boot_options_notes(&p->boot, doc);
	b = doc_obj(doc, "bootstrap");
	doc_size(b, "resamples", p->boot.reps);
	doc_size(b, "seed", p->boot.seed);
	doc_size(b, "replaced", res->proc.replaced);
	doc_num(b, "level", p->ols.ci);
	doc_note(doc, "bootstrap: %zu case resamples (seed %lu); boot_llci/boot_ulci percentile, bc_ bias-corrected "
		      "(PROCESS positions)%s", p->boot.reps, p->boot.seed, res->proc.replaced ? "; singular resamples were replaced" : "");
}

/* process_run's count, which it writes in the envelope the document starts from. */
size_t mediate_used(const struct mediate_result *res)
{
	return res->proc.n;
}

json_t *mediate_emit(const struct mediate_result *res)
{
	const struct process_result *r = &res->proc;
	const struct process_request *p = &res->rq->proc;
	json_t *doc = json_incref(r->envelope), *arr, *paths;
	int model7 = p->model == 7, bad = 0;

	doc_int(doc, "process_model", p->model);
	doc_str(doc, "y", r->y.name);
	doc_str(doc, "x", r->x.name);
	arr = doc_arr(doc, "m");
	for (size_t j = 0; j < p->k; j++)
		doc_push_str(arr, r->m[j].name);
	if (model7)
		doc_str(doc, "w", r->w.name);
	if (p->ncov) {
		arr = doc_arr(doc, "covariates");
		for (size_t c = 0; c < p->ncov; c++)
			doc_push_str(arr, r->cv[c].name);
	}
	doc_size(doc, "n", r->n);
	doc_str(doc, "se_type", reg_cov_name(p->ols.cov));
	paths = doc_arr(doc, "paths");
	for (size_t j = 0; j <= p->k; j++)
		bad |= put_equation(doc_push_obj(paths), r, proc_model_equation(&r->model, j < p->k ? PROC_M((int)j) : PROC_Y));
	if (!model7)
		bad |= put_equation(doc_obj(doc, "total_effect_model"), r, proc_model_total_equation(&r->model));
	put_bootstrap(doc, res);
	bad |= model7 ? put_model7(doc, res) : put_model4(doc, res);
	if (model7 && r->fit->center[PROC_W] != 0)
		doc_note(doc, "'%s' was mean-centred (mean %.10g): its values here are deviations from the mean", r->w.name,
			 r->fit->center[PROC_W]);
	doc_note(doc, "beta: standardised coefficients (lm on scale()d variables); none for the intercept");
	if (model7 && res->rq->probe && r->w.categorical)
		doc_note(doc, "--probe is ignored for the categorical moderator '%s': each of its levels is probed", r->w.name);
	if (!r->x.categorical)
		doc_note(doc, "c_ps = effect / SD(%s); c_cs = effect x SD(%s) / SD(%s) (standardised, Hayes 2022)", r->y.name,
			 r->x.name, r->y.name);
	else
		doc_note(doc, "c_ps = effect / SD(%s) (partially standardised, Hayes 2022)", r->y.name);
	if (bad) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}
