/* compare, between subjects: one-way (groups, ANOVA, Welch, Brown-Forsythe, Levene, Kruskal-Wallis,
 * post hoc) and two-way (type III or II ANOVA with simple effects), into a struct compare_result.
 * The numerics are in models/oneway.h, models/posthoc.h, models/rank_tests.h and
 * models/factorial_anova.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands/compare.h"

static const char *method_name(enum posthoc_method m)
{
	return m == POSTHOC_TUKEY ? "tukey" : m == POSTHOC_GAMES_HOWELL ? "games-howell" : "bonferroni";
}

/* The reason a group-wise test failed, naming the group. */
static void group_why(struct compare_ftest *f, int status, const struct compare_oneway *o, const char *y, size_t bad)
{
	const struct compare_levels *L = &o->by;
	const char *label = bad < L->k ? L->g.labels[L->orig[bad]] : "?";

	f->ok = status == GSL_SUCCESS;
	if (f->ok)
		f->why[0] = 0;
	else if (status == GSL_EDOM && bad < L->k)
		snprintf(f->why, sizeof f->why, "group '%s' of '%s' has %zu case%s", label, L->g.name, o->s[bad].n,
			 o->s[bad].n == 1 ? "" : "s");
	else if (status == GSL_EZERODIV && bad < L->k)
		snprintf(f->why, sizeof f->why, "group '%s' of '%s' has no variance in '%s'", label, L->g.name, y);
	else if (status == GSL_EZERODIV)
		snprintf(f->why, sizeof f->why, "the deviations do not vary within the groups of '%s'", L->g.name);
	else
		snprintf(f->why, sizeof f->why, "%s", gsl_strerror(status));
}

/* Loads y (into r) and the grouping `by` (into L), marks the rows with both in keep. */
static int load_y(const struct dataset *ds, const char *y, struct compare_result *r, struct sk_error *err)
{
	int status;

	if ((status = dataset_variable(ds, y, &r->y, err)) != 0)
		return status;
	r->have_y = 1;
	return dataset_check_variable(&r->y, err);
}

static int load_grouping(const struct dataset *ds, const char *by, struct compare_levels *L, struct sk_error *err)
{
	int status = dataset_grouping(ds, by, &L->g, err);

	L->have_g = status == 0;
	return status;
}

static int posthoc_run(struct compare_oneway *o, const struct compare_request *rq, const char *y,
		       struct sk_error *err)
{
	const enum posthoc_method methods[] = {POSTHOC_TUKEY, POSTHOC_GAMES_HOWELL, POSTHOC_BONFERRONI};
	const unsigned bits[] = {POSTHOC_SET_TUKEY, POSTHOC_SET_GAMES_HOWELL, POSTHOC_SET_BONFERRONI};

	o->n_pairs = posthoc_pairs(o->by.k);
	for (size_t mi = 0; mi < COMPARE_METHODS; mi++) {
		int st;
		if (!(rq->posthoc & bits[mi]))
			continue;
		o->pairs[mi] = malloc((o->n_pairs ? o->n_pairs : 1) * sizeof *o->pairs[mi]);
		if (!o->pairs[mi])
			return sk_out_of_memory(err);
		st = posthoc_compare(methods[mi], o->s, o->by.k, &o->anova, rq->level, o->pairs[mi]);
		if (st != GSL_SUCCESS)
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute the %s comparisons of '%s' by '%s': %s",
				       method_name(methods[mi]), y, o->by.g.name, gsl_strerror(st));
	}
	return 0;
}

int compare_run_oneway(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		       struct sk_error *err)
{
	struct compare_oneway *o = &r->one;
	struct grouped *data = NULL;
	size_t n = ds->frame.n_rows, bad = SIZE_MAX;
	char *keep = NULL;
	int status, st;

	r->design = COMPARE_ONEWAY;
	if ((status = load_y(ds, rq->y, r, err)) != 0 || (status = load_grouping(ds, rq->by[0], &o->by, err)) != 0)
		goto done;
	keep = malloc(n ? n : 1);
	if (!keep) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		keep[i] = !isnan(r->y.v[i]) && o->by.g.code[i] >= 0;
		r->used += (size_t)keep[i];
	}
	if ((status = compare_levels_keep(&o->by, keep, err)) != 0)
		goto done;
	if (o->by.k < 2) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare groups: '%s' has only one group with data on '%s' ('%s')",
				 o->by.g.name, r->y.name, o->by.k ? o->by.g.labels[o->by.orig[0]] : "none");
		goto done;
	}
	data = grouped_alloc(r->y.v, o->by.code, o->by.g.n, o->by.k);
	o->s = calloc(o->by.k, sizeof *o->s);
	o->kw.mean_rank = calloc(o->by.k, sizeof *o->kw.mean_rank);
	if (!data || !o->s || !o->kw.mean_rank || oneway_summaries(data, rq->level, o->s) != GSL_SUCCESS) {
		status = sk_out_of_memory(err);
		goto done;
	}
	if (r->used <= o->by.k) {
		status = sk_fail(err, SK_EXIT_ANALYSIS,
				 "cannot compare groups: every group of '%s' has 1 case on '%s', so no variance within groups",
				 o->by.g.name, r->y.name);
		goto done;
	}
	st = oneway_anova(o->s, o->by.k, &o->anova);
	if (st == GSL_EZERODIV) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare groups: '%s' does not vary within any group of '%s'",
				 r->y.name, o->by.g.name);
		goto done;
	}
	if (st != GSL_SUCCESS) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare groups of '%s': %s", o->by.g.name, gsl_strerror(st));
		goto done;
	}
	{
		const char *names[] = {rq->y, rq->by[0]};
		if ((status = compare_note_dropped(ds, r, names, 2, err)) != 0)
			goto done;
	}
	o->kw_status = rank_kruskal(data, &o->kw);
	st = oneway_welch(o->s, o->by.k, &o->welch.t, &bad);
	group_why(&o->welch, st, o, r->y.name, bad);
	bad = SIZE_MAX;
	st = oneway_brown_forsythe(o->s, o->by.k, &o->brown_forsythe.t, &bad);
	group_why(&o->brown_forsythe, st, o, r->y.name, bad);
	bad = SIZE_MAX;
	st = oneway_levene(data, o->s, LEVENE_MEAN, &o->levene.t, &bad);
	group_why(&o->levene, st, o, r->y.name, bad);
	bad = SIZE_MAX;
	st = oneway_levene(data, o->s, LEVENE_MEDIAN, &o->levene_median.t, &bad);
	group_why(&o->levene_median, st, o, r->y.name, bad);
	if ((status = posthoc_run(o, rq, r->y.name, err)) != 0)
		goto done;
	effect_anova_term(o->anova.ss_between, o->anova.df1, o->anova.ss_within, o->anova.df2, o->anova.ss_total,
			  o->anova.df1 + o->anova.df2 + 1, rq->level, EFFECT_GREATER, &o->es);
	o->pair_d = calloc(o->n_pairs ? o->n_pairs : 1, sizeof *o->pair_d);
	if (!o->pair_d) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t mi = 0; mi < COMPARE_METHODS; mi++)
		for (size_t p = 0; o->pairs[mi] && p < o->n_pairs; p++)
			effect_cohens_d(&o->s[o->pairs[mi][p].a], &o->s[o->pairs[mi][p].b], rq->level, EFFECT_TWO_SIDED,
					&o->pair_d[p]);
	if (rq->contrast && (status = compare_contrasts_run(o, rq, data, err)) != 0)
		goto done;
	status = compare_paradox_run(o, rq, ds, err);
done:
	free(keep);
	grouped_free(data);
	return status;
}

/* Two factors: rows with y, A and B present; levels of A or B without data dropped; every
 * remaining cell must have a case. */
int compare_run_twoway(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		       struct sk_error *err)
{
	struct compare_twoway *w = &r->two;
	const char *an = rq->by[0], *bn = rq->by[1];
	struct grouped *cells = NULL;
	int *cell = NULL, status, st;
	size_t n = ds->frame.n_rows, bad = SIZE_MAX;
	char *keep = NULL;

	r->design = COMPARE_TWOWAY;
	w->a_name = an;
	w->b_name = bn;
	w->ss_type = (int)rq->ss_type;
	if ((status = load_y(ds, rq->y, r, err)) != 0 || (status = load_grouping(ds, an, &w->a, err)) != 0 ||
	    (status = load_grouping(ds, bn, &w->b, err)) != 0)
		goto done;
	keep = malloc(n ? n : 1);
	if (!keep) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		keep[i] = !isnan(r->y.v[i]) && w->a.g.code[i] >= 0 && w->b.g.code[i] >= 0;
		r->used += (size_t)keep[i];
	}
	if ((status = compare_levels_keep(&w->a, keep, err)) != 0 || (status = compare_levels_keep(&w->b, keep, err)) != 0)
		goto done;
	if (w->a.k < 2 || w->b.k < 2) {
		const struct compare_levels *one = w->a.k < 2 ? &w->a : &w->b;
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the two-way ANOVA: '%s' has only one level with data on '%s'",
				 one->g.name, r->y.name);
		goto done;
	}
	cell = malloc(n * sizeof *cell);
	if (!cell) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		cell[i] = keep[i] ? w->a.code[i] * (int)w->b.k + w->b.code[i] : -1;
	cells = grouped_alloc(r->y.v, cell, n, w->a.k * w->b.k);
	w->cells = calloc(w->a.k * w->b.k, sizeof *w->cells);
	w->simple = calloc(w->a.k + w->b.k, sizeof *w->simple);
	if (!cells || !w->cells || !w->simple || oneway_summaries(cells, rq->level, w->cells) != GSL_SUCCESS) {
		status = sk_out_of_memory(err);
		goto done;
	}
	st = factorial_anova_fit(w->cells, w->a.k, w->b.k, w->ss_type, &w->f, &bad);
	if (st == GSL_EDOM && bad < w->a.k * w->b.k) {
		status = sk_fail(err, SK_EXIT_ANALYSIS,
				 "cannot fit the two-way ANOVA: no case with '%s' = '%s' and '%s' = '%s' (an empty cell)", an,
				 w->a.g.labels[w->a.orig[bad / w->b.k]], bn, w->b.g.labels[w->b.orig[bad % w->b.k]]);
		goto done;
	}
	if (st == GSL_EDOM) {
		status = sk_fail(err, SK_EXIT_ANALYSIS,
				 "cannot fit the two-way ANOVA: %zu cases for %zu cells leave no error degrees of freedom",
				 r->used, w->a.k * w->b.k);
		goto done;
	}
	if (st == GSL_EZERODIV) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the two-way ANOVA: '%s' does not vary within any cell of '%s' x '%s'",
				 r->y.name, an, bn);
		goto done;
	}
	if (st != GSL_SUCCESS) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the two-way ANOVA of '%s': %s", r->y.name, gsl_strerror(st));
		goto done;
	}
	{
		const char *names[] = {rq->y, an, bn};
		if ((status = compare_note_dropped(ds, r, names, 3, err)) != 0)
			goto done;
	}
	/* simple effects: A at each level of B, then B at each level of A */
	factorial_simple_effects(w->cells, &w->f, 1, w->simple);
	factorial_simple_effects(w->cells, &w->f, 0, w->simple + w->b.k);
	{
		const struct factorial_term *tt[] = {&w->f.A, &w->f.B, &w->f.AB};
		size_t ns = w->a.k + w->b.k;
		for (size_t i = 0; i < 3; i++)
			effect_pve_interval(tt[i]->partial_eta2, tt[i]->df, w->f.df_error, rq->level, EFFECT_GREATER,
					    &w->term_es[i]);
		w->simple_es = calloc(ns, sizeof *w->simple_es);
		if (!w->simple_es) {
			status = sk_out_of_memory(err);
			goto done;
		}
		for (size_t o = 0; o < ns; o++)
			effect_pve_interval(w->simple[o].partial_eta2, w->simple[o].df, w->f.df_error, rq->level,
					    EFFECT_GREATER, &w->simple_es[o]);
	}
done:
	free(keep);
	free(cell);
	grouped_free(cells);
	return status;
}
