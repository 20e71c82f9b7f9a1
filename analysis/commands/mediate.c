/* surveykit mediate: PROCESS model 4 (X -> M_1..M_k -> Y, parallel mediators) and model 7
 * (first-stage moderated mediation, --w) on OLS (models/mediation.h): every equation's
 * coefficients, the total, direct and indirect effects with bootstrap percentile and
 * bias-corrected CIs (models/bootstrap.h), standardised indirect effects, and in model 7 the
 * conditional indirect effects at probed values of W with the index of moderated mediation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/data/bigbuf.h"
#include "analysis/cli/boot_options.h"
#include "analysis/cli/emit.h"
#include "analysis/commands.h"
#include "analysis/data/regression_data.h"
#include "io/doc.h"
#include "models/bootstrap.h"
#include "models/mediation.h"
#include "models/ols.h"
#include "models/ols_tests.h"

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

/* Column names of the M equations (a), the Y equation (y) and X (x). */
struct med_terms {
	char **a, **y, **x;
};

struct mediate {
	struct dataset ds;
	int ds_loaded;
	json_t *doc;
	struct med_spec spec;
	char **mnames, **cov, **categorical;
	size_t nm, ncov, ncat;
	struct reg_var y, x, w, *mv, *cv;
	size_t *rows, n;
	gsl_matrix *M, *C;
	gsl_vector *yv;
	struct mediation *md;
	struct med_terms names, labels; /* design column names, and with value labels */
	struct reg_probes pw;
	double *work, *est;
	gsl_matrix *draws;
	size_t reps;
	struct boot_request boot;
};

static void med_terms_free(struct med_terms *t, const struct mediation *md)
{
	reg_names_free(t->a, md ? md->ka : 0);
	reg_names_free(t->y, md ? md->ky : 0);
	reg_names_free(t->x, md ? md->nx : 0);
}

static void mediate_release(struct mediate *m)
{
	med_terms_free(&m->names, m->md);
	med_terms_free(&m->labels, m->md);
	mediation_free(m->md);
	cli_list_free(m->mnames);
	cli_list_free(m->cov);
	cli_list_free(m->categorical);
	reg_var_release(&m->y);
	reg_var_release(&m->x);
	reg_var_release(&m->w);
	for (size_t j = 0; m->mv && j < m->nm; j++)
		reg_var_release(&m->mv[j]);
	for (size_t c = 0; m->cv && c < m->ncov; c++)
		reg_var_release(&m->cv[c]);
	free(m->mv);
	free(m->cv);
	bigbuf_free(m->rows);
	gsl_matrix_free(m->M);
	gsl_matrix_free(m->C);
	gsl_vector_free(m->yv);
	reg_probes_release(&m->pw);
	free(m->work);
	free(m->est);
	gsl_matrix_free(m->draws);
	json_decref(m->doc);
	if (m->ds_loaded)
		dataset_free(&m->ds);
}

static int load_vars(struct mediate *m, const struct cli *cli, struct sk_error *err)
{
	struct reg_var **all = calloc(m->nm + m->ncov + 4, sizeof *all);
	size_t k = 0;
	int status;

	m->mv = calloc(m->nm, sizeof *m->mv);
	m->cv = calloc(m->ncov + 1, sizeof *m->cv);
	if (!all || !m->mv || !m->cv) {
		free(all);
		return sk_out_of_memory(err);
	}
	if ((status = reg_var_load(&m->ds, cli_get(cli, "y"), 0, NULL, m->doc, &m->y, err)) != 0 ||
	    (status = reg_var_load(&m->ds, cli_get(cli, "x"), 1, m->categorical, m->doc, &m->x, err)) != 0 ||
	    (cli_get(cli, "w") &&
	     (status = reg_var_load(&m->ds, cli_get(cli, "w"), 1, m->categorical, m->doc, &m->w, err)) != 0))
		goto done;
	all[k++] = &m->y;
	all[k++] = &m->x;
	if (cli_get(cli, "w"))
		all[k++] = &m->w;
	for (size_t j = 0; j < m->nm; j++) {
		if ((status = reg_var_load(&m->ds, m->mnames[j], 0, NULL, m->doc, &m->mv[j], err)) != 0)
			goto done;
		all[k++] = &m->mv[j];
	}
	for (size_t c = 0; c < m->ncov; c++) {
		if ((status = reg_var_load(&m->ds, m->cov[c], 0, NULL, m->doc, &m->cv[c], err)) != 0)
			goto done;
		all[k++] = &m->cv[c];
	}
	status = reg_rows(&m->ds, all, k, NULL, m->doc, &m->rows, &m->n, err);
	for (size_t j = 0; !status && j < k; j++)
		status = reg_var_restrict(all[j], m->rows, m->n, m->doc, err);
done:
	free(all);
	return status;
}

/* Names of the M equations' and the Y equation's columns and of X's columns, each variable's
 * columns named by `term` (reg_var_term, or reg_var_term_label with value labels). */
static int name_terms(const struct mediate *m, char *(*term)(const struct reg_var *, size_t), struct med_terms *t)
{
	const struct mod_layout *L = &m->md->lay;
	char **wt = calloc(L->nw + 1, sizeof *wt);
	int ok = 1;

	t->a = calloc(m->md->ka, sizeof *t->a);
	t->y = calloc(m->md->ky, sizeof *t->y);
	t->x = calloc(L->nx, sizeof *t->x);
	if (!wt || !t->a || !t->y || !t->x) {
		free(wt);
		return -1;
	}
	for (size_t l = 0; l < L->nw; l++)
		wt[l] = term(&m->w, l);
	for (size_t i = 0; i < L->nx; i++) {
		t->x[i] = term(&m->x, i);
		t->a[L->x0 + i] = term(&m->x, i);
		t->y[i] = term(&m->x, i);
		for (size_t l = 0; l < L->nw; l++)
			t->a[L->xw0 + i * L->nw + l] = t->x[i] && wt[l] ? reg_product_name(t->x[i], wt[l], NULL) : NULL;
	}
	for (size_t l = 0; l < L->nw; l++)
		t->a[L->w0 + l] = wt[l] ? strdup(wt[l]) : NULL;
	for (size_t c = 0; c < L->ncov; c++) {
		t->a[L->cov0 + c] = strdup(m->cv[c].name);
		t->y[L->nx + m->nm + c] = strdup(m->cv[c].name);
	}
	for (size_t j = 0; j < m->nm; j++)
		t->y[L->nx + j] = strdup(m->mv[j].name);
	for (size_t c = 0; c < m->md->ka; c++)
		ok = ok && t->a[c];
	for (size_t c = 0; c < m->md->ky; c++)
		ok = ok && t->y[c];
	for (size_t i = 0; i < L->nx; i++)
		ok = ok && t->x[i];
	reg_names_free(wt, L->nw);
	return ok ? 0 : -1;
}

static void put_path(json_t *arr, const char *outcome, const struct ols_fit *fit, char *const *terms,
		     char *const *labels)
{
	json_t *row = doc_push_obj(arr);

	doc_str(row, "outcome", outcome);
	reg_put_summary(row, fit);
	reg_put_coefficients(row, fit, terms, labels);
}

/* direct (from the Y equation) or total (model 4) effect of each X column */
static void put_effects(struct mediate *m, const char *key, const struct ols_fit *fit)
{
	json_t *arr = doc_arr(m->doc, key);

	for (size_t i = 0; i < m->md->nx; i++) {
		struct lincom lc;
		json_t *row = doc_push_obj(arr);
		lincom_from(gsl_vector_get(fit->b, 1 + i), gsl_matrix_get(fit->cov, 1 + i, 1 + i), fit->df2, fit->t_crit, &lc);
		if (m->x.categorical)
			reg_put_term(row, m->names.x[i], m->labels.x[i]);
		reg_put_lincom(row, &lc, "effect");
		doc_num(row, "c_ps", lc.est / m->md->sd_y);
		if (m->md->x_continuous)
			doc_num(row, "c_cs", lc.est * m->md->sd_x / m->md->sd_y);
	}
}

/* An indirect-effect row with its bootstrap CIs (when resampled). */
static void put_boot_row(struct mediate *m, json_t *row, const char *key, size_t col)
{
	doc_num(row, key, m->est[col]);
	if (m->draws) {
		struct boot_ci ci;
		bootstrap_ci(m->draws, col, m->est[col], m->spec.ols.ci, m->work, &ci);
		doc_num(row, "boot_se", ci.se);
		doc_num(row, "boot_llci", ci.llci);
		doc_num(row, "boot_ulci", ci.ulci);
		doc_num_why(m->doc, row, "bc_llci", ci.bc_llci, "bias-corrected CI (every resample on one side)");
		doc_num_why(m->doc, row, "bc_ulci", ci.bc_ulci, "bias-corrected CI (every resample on one side)");
	}
}

static void put_model4(struct mediate *m)
{
	static const char *keys[] = {"indirect_effects", "partially_standardized_indirect",
				     "completely_standardized_indirect"};
	size_t blocks = m->md->x_continuous ? 3 : 2;

	put_effects(m, "total_effect", m->md->c_fit);
	put_effects(m, "direct_effect", m->md->y_fit);
	for (size_t b = 0; b < blocks; b++) {
		json_t *arr = doc_arr(m->doc, keys[b]);
		for (size_t d = 0; d < m->md->nx; d++) {
			for (size_t j = 0; j <= m->nm; j++) {
				json_t *row;
				if (j == m->nm && m->nm == 1)
					break;
				row = doc_push_obj(arr);
				if (m->x.categorical)
					reg_put_term(row, m->names.x[d], m->labels.x[d]);
				doc_str(row, "mediator", j < m->nm ? m->mv[j].name : "total");
				put_boot_row(m, row, "effect",
					     j < m->nm ? mediation_stat_indirect(m->md, b, d, j) : mediation_stat_total(m->md, b, d));
			}
		}
	}
}

static int put_model7(struct mediate *m, struct sk_error *err)
{
	const struct mod_layout *L = &m->md->lay;
	json_t *tests = doc_arr(m->doc, "interaction_tests"), *cond, *index;
	size_t *idx = malloc((L->nx * L->nw + 1) * sizeof *idx);

	if (!idx)
		return sk_out_of_memory(err);
	for (size_t j = 0; j < m->nm; j++) {
		struct wald wd;
		double r2c;
		size_t q = mod_interaction_terms(L, 0, idx);
		json_t *row;
		if (ols_wald_terms(m->md->a_fit[j], idx, q, NULL, &wd) != 0 ||
		    ols_r2_change(m->md->a_fit[j], idx, q, &r2c) != 0) {
			free(idx);
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot test the interaction in the model of '%s'", m->mv[j].name);
		}
		row = doc_push_obj(tests);
		doc_str(row, "outcome", m->mv[j].name);
		doc_num(row, "r2_change", r2c);
		emit_wald(row, &wd);
	}
	free(idx);
	put_effects(m, "direct_effect", m->md->y_fit);
	cond = doc_arr(m->doc, "conditional_indirect_effects");
	for (size_t j = 0; j < m->nm; j++)
		for (size_t d = 0; d < L->nx; d++)
			for (size_t s = 0; s < m->pw.S; s++) {
				json_t *row = doc_push_obj(cond);
				doc_str(row, "mediator", m->mv[j].name);
				if (m->x.categorical)
					reg_put_term(row, m->names.x[d], m->labels.x[d]);
				reg_probes_put(row, "w", &m->w, &m->pw, s);
				put_boot_row(m, row, "effect", mediation_stat_conditional(m->md, s, d, j));
			}
	index = doc_arr(m->doc, "index_of_moderated_mediation");
	for (size_t j = 0; j < m->nm; j++)
		for (size_t d = 0; d < L->nx; d++)
			for (size_t l = 0; l < L->nw; l++) {
				json_t *row = doc_push_obj(index);
				doc_str(row, "mediator", m->mv[j].name);
				if (m->x.categorical || m->w.categorical)
					reg_put_term(row, m->names.a[L->xw0 + d * L->nw + l], m->labels.a[L->xw0 + d * L->nw + l]);
				put_boot_row(m, row, "index", mediation_stat_index(m->md, m->pw.S, d, l, j));
			}
	return 0;
}

static int bootstrap(struct mediate *m, struct sk_error *err)
{
	size_t replaced, S = m->pw.S, ns = mediation_n_stats(m->md, S);
	unsigned long seed = m->boot.seed;
	int status;

	m->reps = m->boot.reps;
	if (m->reps == 0) {
		doc_note(m->doc, "no bootstrap (--boot 0): indirect effects without CIs");
		return 0;
	}
	boot_options_notes(&m->boot, m->doc);
	m->draws = gsl_matrix_alloc(m->reps, ns);
	m->work = malloc(m->reps * sizeof *m->work);
	if (!m->draws || !m->work)
		return sk_out_of_memory(err);
	status = mediation_bootstrap(m->md, m->pw.design, S, m->reps, seed, m->boot.threads, m->spec.ols.tolerance, m->draws,
				     &replaced);
	if (status == GSL_EMAXITER)
		return sk_fail(err, SK_EXIT_ANALYSIS, "bootstrap: %d resamples in a row had a singular design",
			       BOOT_MAX_REDRAWS);
	if (status)
		return sk_out_of_memory(err);
	json_t *b = doc_obj(m->doc, "bootstrap");
	doc_size(b, "resamples", m->reps);
	doc_size(b, "seed", seed);
	doc_size(b, "replaced", replaced);
	doc_num(b, "level", m->spec.ols.ci);
	doc_note(m->doc, "bootstrap: %zu case resamples (seed %lu); boot_llci/boot_ulci percentile, bc_ bias-corrected "
			 "(PROCESS positions)%s", m->reps, seed, replaced ? "; singular resamples were replaced" : "");
	return 0;
}

static int check_options(struct mediate *m, const struct cli *cli, struct sk_error *err)
{
	const char *y = cli_get(cli, "y"), *x = cli_get(cli, "x"), *w = cli_get(cli, "w");
	int status;

	if (!y || !x || !cli_get(cli, "m"))
		return sk_fail(err, SK_EXIT_USAGE, "mediate needs --y, --x and --m (see 'surveykit mediate --help')");
	if ((status = reg_ols_options(cli, &m->spec.ols, err)) != 0 ||
	    (status = cli_get_list(cli, "m", &m->mnames, &m->nm, err)) != 0 ||
	    (status = cli_get_list(cli, "cov", &m->cov, &m->ncov, err)) != 0 ||
	    (status = cli_get_list(cli, "categorical", &m->categorical, &m->ncat, err)) != 0 ||
	    (status = boot_options_parse(cli, BOOT_DEFAULT_REPS, &m->boot, err)) != 0)
		return status;
	m->spec.ols.residuals = 0; /* no residual diagnostics here */
	if (!strcmp(x, y) || (w && (!strcmp(w, x) || !strcmp(w, y))))
		return sk_fail(err, SK_EXIT_USAGE, "--y, --x and --w must be different variables");
	for (size_t j = 0; j < m->nm; j++) {
		if (!strcmp(m->mnames[j], x) || !strcmp(m->mnames[j], y) || (w && !strcmp(m->mnames[j], w)))
			return sk_fail(err, SK_EXIT_USAGE, "mediator '%s' is also --x, --y or --w", m->mnames[j]);
		for (size_t k = 0; k < j; k++)
			if (!strcmp(m->mnames[j], m->mnames[k]))
				return sk_fail(err, SK_EXIT_USAGE, "mediator '%s' is listed twice", m->mnames[j]);
	}
	if (!w && (cli_get(cli, "probe") || cli_flag(cli, "center")))
		return sk_fail(err, SK_EXIT_USAGE, "--probe and --center need a moderator --w (model 7)");
	m->spec.model = w ? 7 : 4;
	m->spec.center = cli_flag(cli, "center");
	return 0;
}

int cmd_mediate(const struct cli *cli, struct sk_error *err)
{
	struct mediate m;
	const char *path;
	json_t *paths, *arr;
	int status;

	memset(&m, 0, sizeof m);
	if ((status = cli_data_path(cli, &path, err)) != 0 || (status = check_options(&m, cli, err)) != 0)
		goto done;
	if ((status = dataset_load(&m.ds, path, cli, err)) != 0)
		goto done;
	m.ds_loaded = 1;
	m.doc = dataset_doc(&m.ds, "mediate");
	if ((status = load_vars(&m, cli, err)) != 0)
		goto done;
	m.M = gsl_matrix_alloc(m.n, m.nm);
	m.C = m.ncov ? gsl_matrix_alloc(m.n, m.ncov) : NULL;
	m.yv = gsl_vector_alloc(m.n);
	if (!m.M || (m.ncov && !m.C) || !m.yv) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < m.n; i++) {
		gsl_vector_set(m.yv, i, m.y.v[i]);
		for (size_t j = 0; j < m.nm; j++)
			gsl_matrix_set(m.M, i, j, m.mv[j].v[i]);
		for (size_t c = 0; c < m.ncov; c++)
			gsl_matrix_set(m.C, i, c, m.cv[c].v[i]);
	}
	m.spec.x = reg_var_mod(&m.x);
	if (m.spec.model == 7)
		m.spec.w = reg_var_mod(&m.w);
	m.spec.m = m.M;
	m.spec.cov = m.C;
	m.spec.y = m.yv;
	m.md = mediation_alloc(&m.spec, m.n);
	if (!m.md) {
		status = sk_out_of_memory(err);
		goto done;
	}
	if (name_terms(&m, reg_var_term, &m.names) != 0 || name_terms(&m, reg_var_term_label, &m.labels) != 0) {
		status = sk_out_of_memory(err);
		goto done;
	}
	status = mediation_run(m.md, &m.spec);
	if (status) {
		size_t e = m.md->bad_equation;
		const struct ols_fit *f = e < m.nm ? m.md->a_fit[e] : e == m.nm ? m.md->y_fit : m.md->c_fit;
		char ctx[300];
		snprintf(ctx, sizeof ctx, "the model of '%s'", e < m.nm ? m.mv[e].name : m.y.name);
		status = reg_fit_error(err, status, f, e == m.nm ? m.names.y : m.names.a, e < m.nm ? m.mv[e].name : m.y.name,
					 m.rows, &m.ds, ctx);
		goto done;
	}
	m.work = malloc((m.n + 1) * sizeof *m.work);
	if (!m.work) {
		status = sk_out_of_memory(err);
		goto done;
	}
	if (m.spec.model == 7 && (status = reg_probes_make(&m.w, m.md->lay.center_w, cli_get(cli, "probe"), "moderator",
							     m.doc, m.work, &m.pw, err)) != 0)
		goto done;
	free(m.work);
	m.work = NULL;
	m.est = malloc(mediation_n_stats(m.md, m.pw.S) * sizeof *m.est);
	if (!m.est || mediation_estimates(m.md, m.pw.design, m.pw.S, m.est) != GSL_SUCCESS) {
		status = sk_out_of_memory(err);
		goto done;
	}
	doc_set_used(m.doc, m.n);
	doc_int(m.doc, "process_model", m.spec.model);
	doc_str(m.doc, "y", m.y.name);
	doc_str(m.doc, "x", m.x.name);
	arr = doc_arr(m.doc, "m");
	for (size_t j = 0; j < m.nm; j++)
		doc_push_str(arr, m.mv[j].name);
	if (m.spec.model == 7)
		doc_str(m.doc, "w", m.w.name);
	if (m.ncov) {
		arr = doc_arr(m.doc, "covariates");
		for (size_t c = 0; c < m.ncov; c++)
			doc_push_str(arr, m.cv[c].name);
	}
	doc_size(m.doc, "n", m.n);
	doc_str(m.doc, "se_type", reg_cov_name(m.spec.ols.cov));
	paths = doc_arr(m.doc, "paths");
	for (size_t j = 0; j < m.nm; j++)
		put_path(paths, m.mv[j].name, m.md->a_fit[j], m.names.a, m.labels.a);
	put_path(paths, m.y.name, m.md->y_fit, m.names.y, m.labels.y);
	if (m.spec.model == 4) {
		json_t *tm = doc_obj(m.doc, "total_effect_model");
		doc_str(tm, "outcome", m.y.name);
		reg_put_summary(tm, m.md->c_fit);
		reg_put_coefficients(tm, m.md->c_fit, m.names.a, m.labels.a);
	}
	if ((status = bootstrap(&m, err)) != 0)
		goto done;
	if (m.spec.model == 4)
		put_model4(&m);
	else if ((status = put_model7(&m, err)) != 0)
		goto done;
	if (m.spec.model == 7 && m.md->lay.center_w != 0)
		doc_note(m.doc, "'%s' was mean-centred (mean %.10g): its values here are deviations from the mean", m.w.name,
			 m.md->lay.center_w);
	doc_note(m.doc, "beta: standardised coefficients (lm on scale()d variables); none for the intercept");
	if (m.spec.model == 7 && cli_get(cli, "probe") && m.w.categorical)
		doc_note(m.doc, "--probe is ignored for the categorical moderator '%s': each of its levels is probed", m.w.name);
	if (m.md->x_continuous)
		doc_note(m.doc, "c_ps = effect / SD(%s); c_cs = effect x SD(%s) / SD(%s) (standardised, Hayes 2022)",
			 m.y.name, m.x.name, m.y.name);
	else
		doc_note(m.doc, "c_ps = effect / SD(%s) (partially standardised, Hayes 2022)", m.y.name);
	status = command_output(cli, m.doc, err);
done:
	mediate_release(&m);
	return status;
}
