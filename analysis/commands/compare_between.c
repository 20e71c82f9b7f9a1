/* compare, between subjects: one-way (groups, ANOVA, Welch, Brown-Forsythe, Levene, Kruskal-Wallis,
 * post hoc) and two-way (type III or II ANOVA with simple effects). The numerics are in
 * models/oneway.h, models/posthoc.h, models/rank_tests.h and models/factorial_anova.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands/compare.h"
#include "analysis/data/dropped.h"
#include "io/doc.h"
#include "models/factorial_anova.h"
#include "models/oneway.h"
#include "models/posthoc.h"
#include "models/rank_tests.h"

/* Significance level of Levene's test behind the recommendation (the SPSS habit). */
#define LEVENE_ALPHA 0.05

struct between {
	struct variable y;
	struct grouping g;
	int have_y, have_g;
	char *keep;
	int *map, *code;
	size_t *orig, k, used;
	struct grouped *data;
	struct group_summary *s;
};

static void between_release(struct between *b)
{
	if (b->have_y)
		variable_release(&b->y);
	if (b->have_g)
		grouping_release(&b->g);
	free(b->keep);
	free(b->map);
	free(b->code);
	free(b->orig);
	grouped_free(b->data);
	free(b->s);
}

/* input.used, "excluded", and the rows left out of an analysis of `names` by reason. */
static int put_excluded(json_t *doc, const struct dataset *ds, const char *const *names, size_t k, size_t used,
			struct sk_error *err)
{
	doc_set_used(doc, used);
	doc_size(doc, "excluded", ds->frame.n_rows - used);
	return dataset_note_dropped(ds, doc, NULL, names, k, NULL, err);
}

/* An F test object; all members null when it could not be computed, with the reason noted. */
static void put_ftest(json_t *doc, const char *key, const char *title, const struct ftest *t, int ok, const char *why)
{
	json_t *o = doc_obj(doc, key);
	void (*put)(json_t *, const char *, double) = ok ? doc_num : doc_num_noted;

	put(o, "F", ok ? t->F : NAN);
	put(o, "df1", ok ? t->df1 : NAN);
	put(o, "df2", ok ? t->df2 : NAN);
	put(o, "p", ok ? t->p : NAN);
	if (!ok)
		doc_note(doc, "%s not computed: %s", title, why);
}

/* The reason a group-wise test failed, naming the group. */
static void group_why(char *buf, size_t size, int status, const struct between *b, size_t bad)
{
	const char *label = bad < b->k ? b->g.labels[b->orig[bad]] : "?";

	if (status == GSL_EDOM && bad < b->k)
		snprintf(buf, size, "group '%s' of '%s' has %zu case%s", label, b->g.name, b->s[bad].n,
			 b->s[bad].n == 1 ? "" : "s");
	else if (status == GSL_EZERODIV && bad < b->k)
		snprintf(buf, size, "group '%s' of '%s' has no variance in '%s'", label, b->g.name, b->y.name);
	else if (status == GSL_EZERODIV)
		snprintf(buf, size, "the deviations do not vary within the groups of '%s'", b->g.name);
	else
		snprintf(buf, size, "%s", gsl_strerror(status));
}

/* Loads y and the grouping, keeps the rows with both, and gathers y by the levels that have data. */
static int between_load(struct between *b, const struct dataset *ds, const char *y, const char *by, json_t *doc,
			struct sk_error *err)
{
	size_t n = ds->frame.n_rows;
	int status;

	if ((status = dataset_variable(ds, y, &b->y, err)) != 0)
		return status;
	b->have_y = 1;
	if ((status = dataset_check_variable(&b->y, err)) != 0)
		return status;
	if ((status = dataset_grouping(ds, by, &b->g, err)) != 0)
		return status;
	b->have_g = 1;
	b->keep = malloc(n ? n : 1);
	if (!b->keep)
		return sk_out_of_memory(err);
	for (size_t i = 0; i < n; i++) {
		b->keep[i] = !isnan(b->y.v[i]) && b->g.code[i] >= 0;
		b->used += (size_t)b->keep[i];
	}
	return compare_used_levels(&b->g, b->keep, doc, &b->k, &b->map, &b->code, &b->orig, err);
}

static int gather(struct between *b, double level, struct sk_error *err)
{
	b->data = grouped_alloc(b->y.v, b->code, b->g.n, b->k);
	b->s = calloc(b->k ? b->k : 1, sizeof *b->s);
	if (!b->data || !b->s || oneway_summaries(b->data, level, b->s) != GSL_SUCCESS)
		return sk_out_of_memory(err);
	return 0;
}

static const char *method_name(enum posthoc_method m)
{
	return m == POSTHOC_TUKEY ? "tukey" : m == POSTHOC_GAMES_HOWELL ? "games-howell" : "bonferroni";
}

static int put_posthoc(json_t *doc, const struct between *b, const struct oneway_anova *a, unsigned set, double level,
		       struct sk_error *err)
{
	const enum posthoc_method methods[] = {POSTHOC_TUKEY, POSTHOC_GAMES_HOWELL, POSTHOC_BONFERRONI};
	const unsigned bits[] = {POSTHOC_SET_TUKEY, POSTHOC_SET_GAMES_HOWELL, POSTHOC_SET_BONFERRONI};
	size_t np = posthoc_pairs(b->k);
	struct pairwise *pw = malloc((np ? np : 1) * sizeof *pw);
	json_t *rows = doc_arr(doc, "posthoc");
	int effect_noted = 0;

	if (!pw)
		return sk_out_of_memory(err);
	for (size_t mi = 0; mi < 3; mi++) {
		int st, gh_noted = 0;
		if (!(set & bits[mi]))
			continue;
		st = posthoc_compare(methods[mi], b->s, b->k, a, level, pw);
		if (st != GSL_SUCCESS) {
			free(pw);
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute the %s comparisons of '%s' by '%s': %s",
				       method_name(methods[mi]), b->y.name, b->g.name, gsl_strerror(st));
		}
		for (size_t r = 0; r < np; r++) {
			const struct pairwise *p = &pw[r];
			const char *la = b->g.labels[b->orig[p->a]], *lb = b->g.labels[b->orig[p->b]];
			json_t *row = doc_push_obj(rows);
			char pair[512];
			snprintf(pair, sizeof pair, "%s - %s", la, lb);
			doc_str(row, "method", method_name(methods[mi]));
			doc_str(row, "pair", pair);
			doc_str(row, "a", b->g.levels[b->orig[p->a]]);
			doc_str(row, "b", b->g.levels[b->orig[p->b]]);
			/* a pair not computed is explained once in the notes below */
			void (*put)(json_t *, const char *, double) = p->status == PAIR_OK ? doc_num : doc_num_noted;
			void (*put_es)(json_t *, const char *, double) = p->effect_status == PAIR_OK ? doc_num : doc_num_noted;
			doc_num(row, "diff", p->diff);
			put(row, "se", p->se);
			put(row, "df", p->df);
			put(row, "p", p->p);
			put(row, "llci", p->llci);
			put(row, "ulci", p->ulci);
			put_es(row, "d", p->d);
			put_es(row, "g", p->g);
			if (p->status != PAIR_OK && !gh_noted) {
				doc_note(doc, "some Games-Howell comparisons are not computed: they need 2 or more cases "
					      "and some variance in both groups");
				gh_noted = 1;
			}
			if (p->effect_status != PAIR_OK && !effect_noted) {
				doc_note(doc, "Cohen's d and Hedges' g are not defined for a pair whose pooled SD is "
					      "0 or has no degrees of freedom");
				effect_noted = 1;
			}
		}
	}
	free(pw);
	return 0;
}

int compare_oneway(const struct dataset *ds, const char *y, const char *by, unsigned posthoc, double level,
		   json_t *doc, struct sk_error *err)
{
	struct between b = {0};
	struct oneway_anova a;
	struct ftest t;
	struct kruskal kw = {0};
	size_t bad = SIZE_MAX;
	char why[512];
	int status, st, levene_ok;
	double levene_p = NAN;

	if ((status = between_load(&b, ds, y, by, doc, err)) != 0)
		goto done;
	if (b.k < 2) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare groups: '%s' has only one group with data on '%s' ('%s')",
				 b.g.name, b.y.name, b.k ? b.g.labels[b.orig[0]] : "none");
		goto done;
	}
	if ((status = gather(&b, level, err)) != 0)
		goto done;
	if (b.used <= b.k) {
		status = sk_fail(err, SK_EXIT_ANALYSIS,
				 "cannot compare groups: every group of '%s' has 1 case on '%s', so no variance within groups",
				 b.g.name, b.y.name);
		goto done;
	}
	st = oneway_anova(b.s, b.k, &a);
	if (st == GSL_EZERODIV) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare groups: '%s' does not vary within any group of '%s'",
				 b.y.name, b.g.name);
		goto done;
	}
	if (st != GSL_SUCCESS) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare groups of '%s': %s", b.g.name, gsl_strerror(st));
		goto done;
	}
	doc_str(doc, "design", "between");
	doc_str(doc, "y", b.y.name);
	doc_str(doc, "by", b.g.name);
	doc_num(doc, "ci_level", level);
	{
		const char *names[] = {y, by};
		if ((status = put_excluded(doc, ds, names, 2, b.used, err)) != 0)
			goto done;
	}
	doc_bool(doc, "equal_variances_rejected", 0); /* set below; here for its place in the report */
	json_t *groups = doc_arr(doc, "groups");
	double *mean_rank = calloc(b.k, sizeof *mean_rank);
	if (!mean_rank) {
		status = sk_out_of_memory(err);
		goto done;
	}
	kw.mean_rank = mean_rank;
	int kw_st = rank_kruskal(b.data, &kw);
	for (size_t i = 0; i < b.k; i++) {
		json_t *row = doc_push_obj(groups);
		doc_str(row, "level", b.g.levels[b.orig[i]]);
		doc_str(row, "label", b.g.labels[b.orig[i]]);
		compare_put_summary(row, &b.s[i]);
		doc_num(row, "mean_rank", kw_st == GSL_SUCCESS ? mean_rank[i] : NAN);
		if (b.s[i].n < 2)
			doc_note(doc, "group '%s' of '%s' has 1 case: its SD and CI are not defined",
				 b.g.labels[b.orig[i]], b.g.name);
	}
	free(mean_rank);
	json_t *ao = doc_obj(doc, "anova");
	doc_num(ao, "F", a.F);
	doc_num(ao, "df1", a.df1);
	doc_num(ao, "df2", a.df2);
	doc_num(ao, "p", a.p);
	doc_num(ao, "eta2", a.eta2);
	doc_num(ao, "omega2", a.omega2);
	doc_num(ao, "ss_between", a.ss_between);
	doc_num(ao, "ss_within", a.ss_within);
	doc_num(ao, "ms_within", a.ms_within);

	st = oneway_welch(b.s, b.k, &t, &bad);
	group_why(why, sizeof why, st, &b, bad);
	put_ftest(doc, "welch", "Welch's F", &t, st == GSL_SUCCESS, why);
	bad = SIZE_MAX;
	st = oneway_brown_forsythe(b.s, b.k, &t, &bad);
	group_why(why, sizeof why, st, &b, bad);
	put_ftest(doc, "brown_forsythe", "Brown-Forsythe's F", &t, st == GSL_SUCCESS, why);
	bad = SIZE_MAX;
	st = oneway_levene(b.data, b.s, LEVENE_MEAN, &t, &bad);
	group_why(why, sizeof why, st, &b, bad);
	levene_ok = st == GSL_SUCCESS;
	levene_p = levene_ok ? t.p : NAN;
	put_ftest(doc, "levene", "Levene's test", &t, levene_ok, why);
	bad = SIZE_MAX;
	st = oneway_levene(b.data, b.s, LEVENE_MEDIAN, &t, &bad);
	group_why(why, sizeof why, st, &b, bad);
	put_ftest(doc, "levene_median", "Levene's test about the median", &t, st == GSL_SUCCESS, why);

	json_t *ko = doc_obj(doc, "kruskal");
	doc_num(ko, "H", kw_st == GSL_SUCCESS ? kw.H : NAN);
	doc_num(ko, "df", kw_st == GSL_SUCCESS ? kw.df : NAN);
	doc_num(ko, "p", kw_st == GSL_SUCCESS ? kw.p : NAN);
	doc_num(ko, "epsilon2", kw_st == GSL_SUCCESS ? kw.epsilon2 : NAN);
	if (kw_st != GSL_SUCCESS)
		doc_note(doc, "Kruskal-Wallis test not computed: every value of '%s' is tied", b.y.name);

	if ((status = put_posthoc(doc, &b, &a, posthoc, level, err)) != 0)
		goto done;
	if (!levene_ok)
		json_object_set_new(doc, "equal_variances_rejected", json_null());
	if (levene_ok && levene_p < LEVENE_ALPHA) {
		doc_bool(doc, "equal_variances_rejected", 1);
		doc_note(doc, "Levene's test rejects equal variances (p = %.4g): report Welch's F and the Games-Howell "
			      "comparisons rather than the ANOVA F and Tukey HSD", levene_p);
	} else if (levene_ok) {
		doc_note(doc, "Levene's test does not reject equal variances (p = %.4g): the ANOVA F and Tukey HSD apply",
			 levene_p);
	}
	status = 0;
done:
	between_release(&b);
	return status;
}

/* Two factors: rows with y, A and B present; levels of A or B without data dropped; every
 * remaining cell must have a case. */
int compare_twoway(const struct dataset *ds, const char *y, const char *an, const char *bn, int ss_type, double level,
		   json_t *doc, struct sk_error *err)
{
	struct between A = {0}, B = {0};
	struct grouped *cells = NULL;
	struct group_summary *cs = NULL;
	struct factorial_anova f;
	struct factorial_term *se = NULL;
	int *cell = NULL, status, st;
	size_t n = ds->frame.n_rows, bad = SIZE_MAX, used = 0;

	if ((status = dataset_variable(ds, y, &A.y, err)) != 0)
		goto done;
	A.have_y = 1;
	if ((status = dataset_check_variable(&A.y, err)) != 0)
		goto done;
	if ((status = dataset_grouping(ds, an, &A.g, err)) != 0)
		goto done;
	A.have_g = 1;
	if ((status = dataset_grouping(ds, bn, &B.g, err)) != 0)
		goto done;
	B.have_g = 1;
	A.keep = malloc(n ? n : 1);
	if (!A.keep) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		A.keep[i] = !isnan(A.y.v[i]) && A.g.code[i] >= 0 && B.g.code[i] >= 0;
		used += (size_t)A.keep[i];
	}
	if ((status = compare_used_levels(&A.g, A.keep, doc, &A.k, &A.map, &A.code, &A.orig, err)) != 0 ||
	    (status = compare_used_levels(&B.g, A.keep, doc, &B.k, &B.map, &B.code, &B.orig, err)) != 0)
		goto done;
	if (A.k < 2 || B.k < 2) {
		const struct between *one = A.k < 2 ? &A : &B;
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the two-way ANOVA: '%s' has only one level with data on '%s'",
				 one->g.name, A.y.name);
		goto done;
	}
	cell = malloc(n * sizeof *cell);
	if (!cell) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		cell[i] = A.keep[i] ? A.code[i] * (int)B.k + B.code[i] : -1;
	cells = grouped_alloc(A.y.v, cell, n, A.k * B.k);
	cs = calloc(A.k * B.k, sizeof *cs);
	se = calloc(A.k + B.k, sizeof *se);
	if (!cells || !cs || !se || oneway_summaries(cells, level, cs) != GSL_SUCCESS) {
		status = sk_out_of_memory(err);
		goto done;
	}
	st = factorial_anova_fit(cs, A.k, B.k, ss_type, &f, &bad);
	if (st == GSL_EDOM && bad < A.k * B.k) {
		status = sk_fail(err, SK_EXIT_ANALYSIS,
				 "cannot fit the two-way ANOVA: no case with '%s' = '%s' and '%s' = '%s' (an empty cell)", an,
				 A.g.labels[A.orig[bad / B.k]], bn, B.g.labels[B.orig[bad % B.k]]);
		goto done;
	}
	if (st == GSL_EDOM) {
		status = sk_fail(err, SK_EXIT_ANALYSIS,
				 "cannot fit the two-way ANOVA: %zu cases for %zu cells leave no error degrees of freedom", used,
				 A.k * B.k);
		goto done;
	}
	if (st == GSL_EZERODIV) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the two-way ANOVA: '%s' does not vary within any cell of '%s' x '%s'",
				 A.y.name, an, bn);
		goto done;
	}
	if (st != GSL_SUCCESS) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the two-way ANOVA of '%s': %s", A.y.name, gsl_strerror(st));
		goto done;
	}
	doc_str(doc, "design", "two-way");
	doc_str(doc, "y", A.y.name);
	json_t *fac = doc_arr(doc, "factors");
	doc_push_str(fac, an);
	doc_push_str(fac, bn);
	doc_int(doc, "ss_type", ss_type);
	doc_num(doc, "ci_level", level);
	{
		const char *names[] = {y, an, bn};
		if ((status = put_excluded(doc, ds, names, 3, used, err)) != 0)
			goto done;
	}
	json_t *rows = doc_arr(doc, "cells");
	for (size_t i = 0; i < A.k; i++)
		for (size_t j = 0; j < B.k; j++) {
			json_t *row = doc_push_obj(rows);
			doc_str(row, "a_level", A.g.levels[A.orig[i]]);
			doc_str(row, "a_label", A.g.labels[A.orig[i]]);
			doc_str(row, "b_level", B.g.levels[B.orig[j]]);
			doc_str(row, "b_label", B.g.labels[B.orig[j]]);
			compare_put_summary(row, &cs[i * B.k + j]);
		}
	json_t *ao = doc_obj(doc, "anova");
	char title[128], inter[512];
	snprintf(title, sizeof title, "Two-way ANOVA (type %s sums of squares)", ss_type == 3 ? "III" : "II");
	doc_str(ao, "_title", title);
	json_t *terms = doc_arr(ao, "terms");
	const struct factorial_term *tt[] = {&f.A, &f.B, &f.AB};
	snprintf(inter, sizeof inter, "%s:%s", an, bn);
	const char *names[] = {an, bn, inter};
	for (size_t i = 0; i < 3; i++) {
		json_t *row = doc_push_obj(terms);
		doc_str(row, "term", names[i]);
		doc_num(row, "ss", tt[i]->ss);
		doc_num(row, "df", tt[i]->df);
		doc_num(row, "ms", tt[i]->ms);
		doc_num(row, "F", tt[i]->F);
		doc_num(row, "p", tt[i]->p);
		doc_num(row, "partial_eta2", tt[i]->partial_eta2);
	}
	json_t *er = doc_push_obj(terms);
	doc_str(er, "term", "error");
	doc_num(er, "ss", f.ss_error);
	doc_num(er, "df", f.df_error);
	doc_num(er, "ms", f.ms_error);
	doc_num(ao, "r2", f.r2);
	/* simple effects: A at each level of B, then B at each level of A */
	factorial_simple_effects(cs, &f, 1, se);
	factorial_simple_effects(cs, &f, 0, se + B.k);
	json_t *sr = doc_arr(doc, "simple_effects");
	for (size_t o = 0; o < B.k + A.k; o++) {
		int of_a = o < B.k;
		const struct between *at = of_a ? &B : &A;
		size_t l = of_a ? o : o - B.k;
		json_t *row = doc_push_obj(sr);
		doc_str(row, "effect", of_a ? an : bn);
		doc_str(row, "at", at->g.name);
		doc_str(row, "level", at->g.levels[at->orig[l]]);
		doc_str(row, "label", at->g.labels[at->orig[l]]);
		doc_num(row, "ss", se[o].ss);
		doc_num(row, "df1", se[o].df);
		doc_num(row, "df2", f.df_error);
		doc_num(row, "F", se[o].F);
		doc_num(row, "p", se[o].p);
		doc_num(row, "partial_eta2", se[o].partial_eta2);
	}
	doc_note(doc, "simple effects are F tests of one factor at each level of the other with the two-way model's "
		      "pooled error (SPSS /EMMEANS ... COMPARE, univariate tests)");
	status = 0;
done:
	free(cell);
	grouped_free(cells);
	free(cs);
	free(se);
	between_release(&A);
	between_release(&B);
	return status;
}
