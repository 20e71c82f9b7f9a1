/* surveykit crosstab DATA --rows VAR --cols VAR [--bands B1,B2,...] [--fisher auto|exact|mc|off] [--seed S] [--sims N]:
 * a two-way table of counts with row, column and total percentages, Pearson's chi-square (and
 * Yates' corrected one for a 2 x 2 table) as chisq.test, the likelihood-ratio G2, Fisher's exact
 * test as fisher.test (exact by the network algorithm, or Monte Carlo with a seed:
 * simulate.p.value = TRUE, B = --sims), Cramer's V with its noncentral chi-square interval as
 * effectsize::cramers_v (bias-corrected, one-sided by default) and the adjusted standardised
 * residuals (chisq.test()$stdres); models/crosstab.h. Rows missing either variable are left out
 * and counted by reason; an empty row or column (a level with no case) is dropped and noted.
 * --bands groups a numeric --cols into bands by ascending lower bounds (the report's age groups:
 * --cols age --bands 30,45,60 gives under 30, 30 to under 45, 45 to under 60, 60 and over). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands.h"
#include "analysis/commands/crosstab.h"
#include "analysis/data/bigbuf.h"
#include "analysis/data/dropped.h"
#include "io/doc.h"

const struct option_spec crosstab_options[] = {
	{"rows", "VAR", "grouping column of the table's rows (e.g. scenario)"},
	{"cols", "VAR", "grouping column of the table's columns (e.g. gender)"},
	{"bands", "B1,B2,...", "--cols is a number grouped into bands by these ascending lower bounds (e.g. age: 30,45,60)"},
	{"fisher", "HOW", "Fisher's exact test: auto (exact, Monte Carlo past the work limit; default), exact, mc or off"},
	{"seed", "S", "seed of the Monte Carlo test (default 1)"},
	{"sims", "N", "tables drawn by the Monte Carlo test (default 2000, as fisher.test's B)"},
	{0},
};

/* --bands: finite numbers, ascending, at most CROSSTAB_MAX_BANDS. */
static int parse_bands(const char *list, struct crosstab_request *rq, struct sk_error *err)
{
	const char *p = list;

	if (!list)
		return 0;
	for (;;) {
		char *end;
		double b = strtod(p, &end);
		if (end == p || (*end && *end != ',') || !isfinite(b))
			return sk_fail(err, SK_EXIT_USAGE, "--bands must be numbers separated by commas, not '%s'", list);
		if (rq->n_bands == CROSSTAB_MAX_BANDS)
			return sk_fail(err, SK_EXIT_USAGE, "--bands takes at most %d bounds", CROSSTAB_MAX_BANDS);
		if (rq->n_bands && !(b > rq->bands[rq->n_bands - 1]))
			return sk_fail(err, SK_EXIT_USAGE, "--bands must be ascending: %g after %g", b, rq->bands[rq->n_bands - 1]);
		rq->bands[rq->n_bands++] = b;
		if (!*end)
			return 0;
		p = end + 1;
	}
}

int crosstab_request_parse(const struct cli *cli, struct crosstab_request *rq, struct sk_error *err)
{
	const char *f = cli_get(cli, "fisher");
	size_t seed, sims;
	int status;

	*rq = (struct crosstab_request){.rows = cli_get(cli, "rows"), .cols = cli_get(cli, "cols")};
	crosstab_options_init(&rq->opt);
	rq->opt.level = cli->ci;
	if (!rq->rows || !rq->cols || !*rq->rows || !*rq->cols)
		return sk_fail(err, SK_EXIT_USAGE, "crosstab needs --rows VAR --cols VAR");
	if (strcmp(rq->rows, rq->cols) == 0)
		return sk_fail(err, SK_EXIT_USAGE, "--rows and --cols name the same variable '%s'", rq->rows);
	if (!f || strcmp(f, "auto") == 0)
		rq->opt.fisher = CROSSTAB_FISHER_AUTO;
	else if (strcmp(f, "exact") == 0)
		rq->opt.fisher = CROSSTAB_FISHER_EXACT;
	else if (strcmp(f, "mc") == 0)
		rq->opt.fisher = CROSSTAB_FISHER_SIMULATE;
	else if (strcmp(f, "off") == 0)
		rq->opt.fisher = CROSSTAB_FISHER_OFF;
	else
		return sk_fail(err, SK_EXIT_USAGE, "--fisher must be auto, exact, mc or off, not '%s'", f);
	if ((status = cli_get_size(cli, "seed", 1, &seed, err)) != 0 ||
	    (status = cli_get_size(cli, "sims", FISHER_DEFAULT_REPS, &sims, err)) != 0)
		return status;
	if (sims < 1 || sims > CROSSTAB_MAX_SIMS)
		return sk_fail(err, SK_EXIT_USAGE, "--sims must be 1 to %d", CROSSTAB_MAX_SIMS);
	if ((cli_get(cli, "seed") || cli_get(cli, "sims")) &&
	    (rq->opt.fisher == CROSSTAB_FISHER_EXACT || rq->opt.fisher == CROSSTAB_FISHER_OFF))
		return sk_fail(err, SK_EXIT_USAGE, "--seed and --sims go with --fisher mc or auto");
	rq->opt.seed = (unsigned long)seed;
	rq->opt.fisher_reps = sims;
	return parse_bands(cli_get(cli, "bands"), rq, err);
}

void crosstab_result_release(struct crosstab_result *res)
{
	json_decref(res->envelope);
	json_decref(res->dropped);
	if (res->have_r)
		grouping_release(&res->r);
	if (res->have_c)
		grouping_release(&res->c);
	free(res->counts);
	crosstab_free(res->ct);
	*res = (struct crosstab_result){0};
}

/* The bands of a numeric --cols as a grouping (its own codes; -1 for a missing value). */
static int band_grouping(const struct crosstab_request *rq, const struct dataset *ds, struct grouping *g,
			 struct sk_error *err)
{
	size_t k = rq->n_bands + 1, n = ds->frame.n_rows;
	struct variable v;
	int status, *code;

	memset(g, 0, sizeof *g);
	if ((status = dataset_variable(ds, rq->cols, &v, err)) != 0)
		return status;
	g->name = strdup(rq->cols);
	g->values = calloc(k, sizeof *g->values);
	g->levels = calloc(k, sizeof *g->levels);
	g->labels = calloc(k, sizeof *g->labels);
	g->counts = calloc(k, sizeof *g->counts);
	g->code = g->own_code = code = bigbuf_alloc((n ? n : 1) * sizeof *code);
	if (!g->name || !g->values || !g->levels || !g->labels || !g->counts || !code) {
		variable_release(&v);
		grouping_release(g);
		return sk_out_of_memory(err);
	}
	g->n_levels = k;
	for (size_t l = 0; l < k; l++) {
		char level[32], label[96];
		snprintf(level, sizeof level, "%zu", l + 1);
		if (l == 0)
			snprintf(label, sizeof label, "under %g", rq->bands[0]);
		else if (l + 1 == k)
			snprintf(label, sizeof label, "%g and over", rq->bands[l - 1]);
		else
			snprintf(label, sizeof label, "%g to under %g", rq->bands[l - 1], rq->bands[l]);
		g->values[l] = (double)(l + 1);
		if (!(g->levels[l] = strdup(level)) || !(g->labels[l] = strdup(label))) {
			variable_release(&v);
			grouping_release(g);
			return sk_out_of_memory(err);
		}
	}
	for (size_t i = 0; i < n; i++) {
		size_t l = 0;
		if (isnan(v.v[i])) {
			code[i] = -1;
			continue;
		}
		while (l < rq->n_bands && v.v[i] >= rq->bands[l])
			l++;
		code[i] = (int)l;
		g->counts[l]++;
	}
	variable_release(&v);
	return 0;
}

int crosstab_run_table(const struct crosstab_request *rq, const struct dataset *ds, struct crosstab_result *res,
		       struct sk_error *err)
{
	size_t nr, nc;
	int status;

	*res = (struct crosstab_result){.n_rows = ds->frame.n_rows, .level = rq->opt.level};
	res->envelope = dataset_doc(ds, "crosstab");
	res->dropped = json_pack("{s:{}}", "input");
	if (!res->envelope || !res->dropped)
		return sk_out_of_memory(err);
	if ((status = dataset_grouping(ds, rq->rows, &res->r, err)) != 0)
		return status;
	res->have_r = 1;
	if ((status = rq->n_bands ? band_grouping(rq, ds, &res->c, err) : dataset_grouping(ds, rq->cols, &res->c, err)) != 0)
		return status;
	res->have_c = 1;
	nr = res->r.n_levels;
	nc = res->c.n_levels;
	if (nr == 0 || nc == 0)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot cross '%s' and '%s': '%s' has no value", rq->rows, rq->cols,
			       nr == 0 ? rq->rows : rq->cols);
	if (nr > CROSSTAB_MAX_CELLS / nc)
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "cannot cross '%s' (%zu levels) and '%s' (%zu levels): more than %d cells", rq->rows, nr,
			       rq->cols, nc, CROSSTAB_MAX_CELLS);
	res->counts = calloc(nr * nc, sizeof *res->counts);
	res->ct = crosstab_alloc(nr, nc);
	if (!res->counts || !res->ct)
		return sk_out_of_memory(err);
	for (size_t i = 0; i < ds->frame.n_rows; i++)
		if (res->r.code[i] >= 0 && res->c.code[i] >= 0) {
			res->counts[(size_t)res->r.code[i] * nc + (size_t)res->c.code[i]]++;
			res->used++;
		}
	{
		const char *names[] = {rq->rows, rq->cols};
		if ((status = dataset_note_dropped(ds, res->dropped, NULL, names, 2, NULL, err)) != 0)
			return status;
	}
	if (res->used == 0)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot cross '%s' and '%s': no row has both", rq->rows, rq->cols);
	res->status = crosstab_run(res->ct, res->counts, &rq->opt);
	if (res->status == GSL_ENOMEM)
		return sk_out_of_memory(err);
	return 0;
}

size_t crosstab_used(const struct crosstab_result *res)
{
	return res->used;
}

static void put_excluded(json_t *doc, const struct crosstab_result *res)
{
	json_t *dropped = json_object_get(json_object_get(res->dropped, "input"), "dropped"), *note;
	size_t i;

	doc_set_used(doc, crosstab_used(res));
	doc_size(doc, "excluded", res->n_rows - res->used);
	if (dropped)
		json_object_set_new(json_object_get(doc, "input"), "dropped", json_deep_copy(dropped));
	json_array_foreach(json_object_get(res->dropped, "notes"), i, note)
		doc_note(doc, "%s", json_string_value(note));
}

static void put_chisq(json_t *doc, const char *key, const char *title, const struct chisq_test *t)
{
	json_t *o = doc_obj(doc, key);

	doc_str(o, "_title", title);
	doc_num(o, "chi2", t->stat);
	doc_num(o, "df", t->df);
	doc_num(o, "p", t->p);
}

static const char *fisher_method(enum fisher_method m)
{
	return m == FISHER_EXACT ? "exact" : m == FISHER_MONTE_CARLO ? "monte-carlo" : m == FISHER_TOO_LARGE ? "too-large"
	     : m == FISHER_NOT_NEEDED ? "not-needed" : NULL;
}

/* The cells as rows: counts, percentages, expected counts and residuals. */
static void put_cells(json_t *doc, const struct crosstab_result *res)
{
	const struct crosstab *ct = res->ct;
	json_t *cells = doc_arr(doc, "cells");

	for (size_t i = 0; i < ct->r; i++)
		for (size_t j = 0; j < ct->c; j++) {
			size_t ri = ct->row_index[i], cj = ct->col_index[j], x = i * ct->c + j;
			json_t *row = doc_push_obj(cells);
			doc_str(row, "row", res->r.levels[ri]);
			doc_str(row, "row_label", res->r.labels[ri]);
			doc_str(row, "col", res->c.levels[cj]);
			doc_str(row, "col_label", res->c.labels[cj]);
			doc_size(row, "count", (size_t)ct->count[x]);
			doc_num(row, "row_pct", ct->row_pct[x]);
			doc_num(row, "col_pct", ct->col_pct[x]);
			doc_num(row, "total_pct", ct->total_pct[x]);
			doc_num(row, "expected", ct->expected[x]);
			doc_num(row, "stdres", ct->stdres[x]);
		}
}

json_t *crosstab_emit(const struct crosstab_result *res)
{
	const struct crosstab *ct = res->ct;
	json_t *doc = json_deep_copy(res->envelope), *t;

	if (!doc)
		return NULL;
	doc_str(doc, "rows", res->r.name);
	doc_str(doc, "cols", res->c.name);
	doc_num(doc, "ci_level", res->level);
	put_excluded(doc, res);
	for (size_t i = 0; i < res->r.n_levels; i++) {
		int kept = 0;
		for (size_t a = 0; a < ct->r; a++)
			kept |= ct->row_index[a] == i;
		if (!kept)
			doc_note(doc, "row '%s' of '%s' has no case with '%s' and is left out of the table and the tests",
				 res->r.labels[i], res->r.name, res->c.name);
	}
	for (size_t j = 0; j < res->c.n_levels; j++) {
		int kept = 0;
		for (size_t a = 0; a < ct->c; a++)
			kept |= ct->col_index[a] == j;
		if (!kept)
			doc_note(doc, "column '%s' of '%s' has no case with '%s' and is left out of the table and the tests",
				 res->c.labels[j], res->c.name, res->r.name);
	}
	put_cells(doc, res);
	t = doc_arr(doc, "row_totals");
	for (size_t i = 0; i < ct->r; i++) {
		json_t *row = doc_push_obj(t);
		doc_str(row, "row", res->r.levels[ct->row_index[i]]);
		doc_str(row, "row_label", res->r.labels[ct->row_index[i]]);
		doc_size(row, "n", (size_t)ct->row_total[i]);
	}
	t = doc_arr(doc, "col_totals");
	for (size_t j = 0; j < ct->c; j++) {
		json_t *row = doc_push_obj(t);
		doc_str(row, "col", res->c.levels[ct->col_index[j]]);
		doc_str(row, "col_label", res->c.labels[ct->col_index[j]]);
		doc_size(row, "n", (size_t)ct->col_total[j]);
	}
	if (res->status != GSL_SUCCESS) {
		doc_note(doc, "no test of association: %s", ct->problem == CROSSTAB_ONE_ROW ? "fewer than two rows have cases"
							   : ct->problem == CROSSTAB_ONE_COLUMN
							       ? "fewer than two columns have cases"
							       : "the table has no case");
		return doc;
	}
	put_chisq(doc, "pearson", "Pearson chi-square", &ct->pearson);
	if (ct->r == 2 && ct->c == 2)
		put_chisq(doc, "yates", "Chi-square with Yates' continuity correction", &ct->yates);
	put_chisq(doc, "likelihood_ratio", "Likelihood-ratio G2", &ct->lr);
	json_t *f = doc_obj(doc, "fisher");
	doc_str(f, "_title", "Fisher's exact test");
	doc_str(f, "method", fisher_method(ct->fisher.method));
	if (ct->fisher.method != FISHER_NOT_NEEDED)
		doc_num(f, "p", ct->fisher.method == FISHER_EXACT || ct->fisher.method == FISHER_MONTE_CARLO ? ct->fisher.p : NAN);
	if (ct->fisher.method == FISHER_MONTE_CARLO) {
		doc_size(f, "sims", ct->fisher.reps);
		doc_size(f, "seed", ct->fisher.seed);
	}
	json_t *v = doc_obj(doc, "cramers_v");
	doc_str(v, "_title", "Cramer's V");
	doc_num(v, "v", ct->v.v);
	doc_num(v, "llci", ct->v.llci);
	doc_num(v, "ulci", ct->v.ulci);
	doc_num(v, "v_unadjusted", ct->v.v_unadjusted);
	json_t *e = doc_obj(doc, "expected");
	doc_str(e, "_title", "Expected counts");
	doc_size(e, "below_5", ct->small_expected);
	doc_num(e, "share_below_5", ct->small_share);
	doc_num(e, "min", ct->min_expected);
	doc_bool(e, "sparse", ct->sparse);
	if (ct->sparse)
		doc_note(doc, "%zu of %zu expected counts are below 5 (smallest %.3g): read Fisher's test rather than the "
			      "chi-square", ct->small_expected, ct->r * ct->c, ct->min_expected);
	if (ct->fisher.method == FISHER_MONTE_CARLO)
		doc_note(doc, "Fisher's test by Monte Carlo: %zu tables with the observed margins, seed %lu%s (as "
			      "fisher.test(simulate.p.value = TRUE), with other random numbers)",
			 ct->fisher.reps, ct->fisher.seed, ct->fisher.exact_gave_up ? ", after the exact test passed its work limit" : "");
	else if (ct->fisher.method == FISHER_TOO_LARGE)
		doc_note(doc, "Fisher's exact test not computed: the table passed the work limit; use --fisher mc");
	else if (ct->fisher.method == FISHER_NOT_NEEDED)
		doc_note(doc, "Fisher's test not run: with %.0f cases and every expected count at least 5 the chi-square "
			      "test is accurate (--fisher exact or mc forces it)", (double)ct->n);
	doc_note(doc, "chi-square as chisq.test (Yates' correction for a 2 x 2 table in its own row); Cramer's V "
		      "bias-corrected with a one-sided %g%% interval from the noncentral chi-square (effectsize::cramers_v); "
		      "stdres are adjusted standardised residuals (|stdres| > 1.96: the cell departs from independence)",
		 100 * res->level);
	return doc;
}

/* The typed steps (by hand: models/crosstab.h already has crosstab_run); the request owns nothing. */
static int crosstab_parse_step(const struct cli *cli, void *q, struct sk_error *err)
{
	return crosstab_request_parse(cli, q, err);
}
static int crosstab_run_step(const void *q, const struct dataset *ds, void *res, struct sk_error *err)
{
	return crosstab_run_table(q, ds, res, err);
}
static json_t *crosstab_emit_step(const void *res)
{
	return crosstab_emit(res);
}
static size_t crosstab_used_step(const void *res)
{
	return crosstab_used(res);
}
static void crosstab_result_release_step(void *res)
{
	crosstab_result_release(res);
}
static void crosstab_request_release_step(void *q)
{
	(void)q;
}
const struct command_steps crosstab_steps = {sizeof(struct crosstab_request), sizeof(struct crosstab_result),
					     crosstab_parse_step, crosstab_run_step, crosstab_emit_step,
					     crosstab_used_step, crosstab_result_release_step, crosstab_request_release_step};
