/* compare, within subjects and mixed: one column or scale per condition (wide format). Two
 * conditions without groups: paired t and Wilcoxon signed-rank; otherwise the repeated-measures
 * ANOVA with Mauchly's test and its corrections, plus (without groups) Friedman and Bonferroni
 * pairwise paired t tests. Numerics: models/rm_anova.h, models/paired.h, models/rank_tests.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#include "analysis/commands/compare.h"
#include "analysis/data/dropped.h"
#include "io/doc.h"
#include "models/oneway.h"
#include "models/paired.h"
#include "models/rank_tests.h"
#include "models/rm_anova.h"

/* The within-subjects factor's name in the ANOVA table. */
#define WITHIN_FACTOR "condition"

struct within {
	struct variable *v;
	size_t m, loaded;
	struct grouping g;
	int have_g;
	char *keep;
	int *map, *code;
	size_t *orig, k;
	gsl_matrix *Y;
	size_t *grp;
};

static void within_release(struct within *w)
{
	for (size_t j = 0; j < w->loaded; j++)
		variable_release(&w->v[j]);
	free(w->v);
	if (w->have_g)
		grouping_release(&w->g);
	free(w->keep);
	free(w->map);
	free(w->code);
	free(w->orig);
	gsl_matrix_free(w->Y);
	free(w->grp);
}

static const char *label_of(const struct variable *v)
{
	if (v->scale && v->scale->label)
		return v->scale->label;
	if (v->meta && v->meta->label)
		return v->meta->label;
	return v->name;
}

/* Summaries of the values x[0..n) with code[i] (group index or -1) into s[0..k). */
static int summarise(const double *x, const int *code, size_t n, size_t k, double level, struct group_summary *s)
{
	struct grouped *g = grouped_alloc(x, code, n, k);
	int st = g ? oneway_summaries(g, level, s) : GSL_ENOMEM;

	grouped_free(g);
	return st;
}

static void put_effect_rows(json_t *terms, const char *name, const struct rm_effect *e, const struct rm_sphericity *s,
			    int corrections)
{
	const char *kind[] = {"none", "greenhouse-geisser", "huynh-feldt", "lower-bound"};
	double df1[] = {e->df1, e->gg_df1, e->hf_df1, e->lb_df1}, df2[] = {e->df2, e->gg_df2, e->hf_df2, e->lb_df2};
	double p[] = {e->p, e->gg_p, e->hf_p, e->lb_p}, eps[] = {1, s->gg, s->hf < 1 ? s->hf : 1, s->lb};

	for (size_t i = 0; i < (corrections ? 4u : 1u); i++) {
		json_t *row = json_object();
		json_array_append_new(terms, row);
		doc_str(row, "term", name);
		doc_str(row, "correction", kind[i]);
		if (corrections)
			doc_num(row, "epsilon", eps[i]);
		else /* no sphericity correction applies to this term */
			doc_num_noted(row, "epsilon", NAN);
		doc_num(row, "ss", e->ss);
		doc_num(row, "df1", df1[i]);
		doc_num(row, "df2", df2[i]);
		doc_num(row, "ms", e->ss / df1[i]);
		doc_num(row, "F", e->F);
		doc_num(row, "p", p[i]);
		doc_num(row, "ss_error", e->ss_error);
		doc_num(row, "partial_eta2", e->partial_eta2);
		doc_num(row, "ges", e->ges);
	}
}

static int load(struct within *w, const struct dataset *ds, char **vars, size_t m, const char *between, json_t *doc,
		size_t *used, struct sk_error *err)
{
	size_t n = ds->frame.n_rows;
	int status;

	for (size_t j = 0; j < m; j++)
		for (size_t l = 0; l < j; l++)
			if (strcmp(vars[j], vars[l]) == 0)
				return sk_fail(err, SK_EXIT_USAGE, "--within names '%s' twice", vars[j]);
	w->m = m;
	w->v = calloc(m, sizeof *w->v);
	w->keep = malloc(n ? n : 1);
	if (!w->v || !w->keep)
		return sk_out_of_memory(err);
	for (size_t j = 0; j < m; j++) {
		if ((status = dataset_variable(ds, vars[j], &w->v[j], err)) != 0)
			return status;
		w->loaded++;
		if ((status = dataset_check_variable(&w->v[j], err)) != 0)
			return status;
	}
	if (between) {
		if ((status = dataset_grouping(ds, between, &w->g, err)) != 0)
			return status;
		w->have_g = 1;
	}
	*used = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < m && !isnan(w->v[j].v[i]))
			j++;
		w->keep[i] = j == m && (!between || w->g.code[i] >= 0);
		*used += (size_t)w->keep[i];
	}
	if (between)
		return compare_used_levels(&w->g, w->keep, doc, &w->k, &w->map, &w->code, &w->orig, err);
	return 0;
}

int compare_within(const struct dataset *ds, char **vars, size_t m, const char *between, double level, json_t *doc,
		   struct sk_error *err)
{
	struct within w = {0};
	size_t n = ds->frame.n_rows, used = 0, row = 0;
	struct group_summary *s = NULL;
	double *col = NULL;
	int *zero = NULL, status;

	if ((status = load(&w, ds, vars, m, between, doc, &used, err)) != 0)
		goto done;
	if (between && w.k < 2) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare groups: '%s' has only one group with every condition answered",
				 w.g.name);
		goto done;
	}
	if (used < 2 || (between && used < w.k + 1)) {
		status = sk_fail(err, SK_EXIT_ANALYSIS,
				 "cannot compare conditions: %zu respondent%s answered every one of the %zu conditions", used,
				 used == 1 ? "" : "s", m);
		goto done;
	}
	w.Y = gsl_matrix_alloc(used, m);
	w.grp = malloc(used * sizeof *w.grp);
	col = malloc(used * sizeof *col);
	zero = calloc(used, sizeof *zero);
	s = calloc(m + (between ? w.k * m : 0), sizeof *s);
	if (!w.Y || !w.grp || !col || !zero || !s) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (!w.keep[i])
			continue;
		for (size_t j = 0; j < m; j++)
			gsl_matrix_set(w.Y, row, j, w.v[j].v[i]);
		w.grp[row] = between ? (size_t)w.code[i] : 0;
		row++;
	}
	doc_str(doc, "design", between ? "mixed" : "within");
	json_t *wl = doc_arr(doc, "within");
	for (size_t j = 0; j < m; j++)
		doc_push_str(wl, w.v[j].name);
	if (between)
		doc_str(doc, "between", w.g.name);
	doc_num(doc, "ci_level", level);
	doc_set_used(doc, used);
	doc_size(doc, "excluded", n - used);
	{
		const char **names = malloc((m + 1) * sizeof *names);
		if (!names) {
			status = sk_out_of_memory(err);
			goto done;
		}
		for (size_t j = 0; j < m; j++)
			names[j] = vars[j];
		names[m] = between;
		status = dataset_note_dropped(ds, doc, NULL, names, m + (between != NULL), NULL, err);
		free(names);
		if (status)
			goto done;
	}

	/* conditions, and with groups the cells */
	json_t *conds = doc_arr(doc, "conditions");
	for (size_t j = 0; j < m; j++) {
		for (size_t i = 0; i < used; i++)
			col[i] = gsl_matrix_get(w.Y, i, j);
		if (summarise(col, zero, used, 1, level, &s[j]) != GSL_SUCCESS) {
			status = sk_out_of_memory(err);
			goto done;
		}
		json_t *r = doc_push_obj(conds);
		doc_str(r, "name", w.v[j].name);
		doc_str(r, "label", label_of(&w.v[j]));
		compare_put_summary(r, &s[j]);
	}
	if (between) {
		int *gc = malloc(used * sizeof *gc);
		json_t *groups = doc_arr(doc, "groups"), *cells = doc_arr(doc, "cells");
		if (!gc) {
			status = sk_out_of_memory(err);
			goto done;
		}
		for (size_t i = 0; i < used; i++)
			gc[i] = (int)w.grp[i];
		for (size_t j = 0; j < m && status == 0; j++) {
			for (size_t i = 0; i < used; i++)
				col[i] = gsl_matrix_get(w.Y, i, j);
			if (summarise(col, gc, used, w.k, level, s + m + j * w.k) != GSL_SUCCESS)
				status = sk_out_of_memory(err);
		}
		free(gc);
		if (status != 0)
			goto done;
		for (size_t l = 0; l < w.k; l++) {
			json_t *r = doc_push_obj(groups);
			doc_str(r, "level", w.g.levels[w.orig[l]]);
			doc_str(r, "label", w.g.labels[w.orig[l]]);
			doc_size(r, "n", s[m + l].n);
			for (size_t j = 0; j < m; j++) {
				json_t *c = doc_push_obj(cells);
				doc_str(c, "level", w.g.levels[w.orig[l]]);
				doc_str(c, "label", w.g.labels[w.orig[l]]);
				doc_str(c, "condition", w.v[j].name);
				compare_put_summary(c, &s[m + j * w.k + l]);
			}
		}
	}

	if (!between && m == 2) {
		/* two conditions: the change from the first to the second */
		gsl_vector_view a = gsl_matrix_column(w.Y, 1), b = gsl_matrix_column(w.Y, 0);
		struct paired_t t;
		struct wilcoxon wx;
		int st = paired_t_test(&a.vector, &b.vector, level, &t);
		if (st != GSL_SUCCESS) {
			status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare '%s' and '%s': %s", w.v[0].name, w.v[1].name,
					 gsl_strerror(st));
			goto done;
		}
		json_t *po = doc_obj(doc, "paired_t");
		doc_str(po, "_title", "Paired-samples t test");
		doc_str(po, "a", w.v[1].name);
		doc_str(po, "b", w.v[0].name);
		doc_size(po, "n", t.n);
		doc_num(po, "diff", t.diff);
		doc_num(po, "sd", t.sd);
		doc_num(po, "se", t.se);
		doc_num(po, "t", t.t);
		doc_num(po, "df", t.df);
		doc_num(po, "p", t.p);
		doc_num(po, "llci", t.llci);
		doc_num(po, "ulci", t.ulci);
		doc_num(po, "dz", t.dz);
		if (t.status != GSL_SUCCESS)
			doc_note(doc, "paired t test not computed: '%s' - '%s' is the same (%g) for every respondent",
				 w.v[1].name, w.v[0].name, t.diff);
		json_t *wo = doc_obj(doc, "wilcoxon");
		doc_str(wo, "_title", "Wilcoxon signed-rank test");
		st = rank_wilcoxon_paired(&a.vector, &b.vector, &wx);
		doc_num(wo, "V", st == GSL_SUCCESS ? wx.V : NAN);
		doc_num(wo, "z", st == GSL_SUCCESS ? wx.z : NAN);
		doc_num(wo, "p", st == GSL_SUCCESS ? wx.p : NAN);
		doc_num(wo, "rank_biserial", st == GSL_SUCCESS ? wx.rank_biserial : NAN);
		doc_size(wo, "n_nonzero", wx.n_nonzero);
		doc_size(wo, "zeros", wx.n_zero);
		if (st != GSL_SUCCESS)
			doc_note(doc, "Wilcoxon test not computed: %s", st == GSL_EDOM ? "every difference is zero"
											: "every difference has the same size");
		doc_note(doc, "differences are '%s' - '%s'; the Wilcoxon test drops zero differences and uses the normal "
			      "approximation with tie and continuity corrections (R wilcox.test(exact = FALSE))",
			 w.v[1].name, w.v[0].name);
		status = 0;
		goto done;
	}

	struct rm_anova r;
	size_t bad = SIZE_MAX;
	int st = rm_anova_fit(w.Y, between ? w.grp : NULL, between ? w.k : 1, &r, &bad);
	if (st == GSL_EZERODIV) {
		status = sk_fail(err, SK_EXIT_ANALYSIS,
				 "cannot compare conditions: every respondent's scores differ between the conditions by the "
				 "same amounts%s, so there is no error variance", between ? " within each group" : "");
		goto done;
	}
	if (st != GSL_SUCCESS) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the repeated-measures ANOVA: %s", gsl_strerror(st));
		goto done;
	}
	json_t *ao = doc_obj(doc, "anova");
	doc_str(ao, "_title", "Repeated-measures ANOVA (univariate tests, type III)");
	json_t *terms = doc_arr(ao, "terms");
	put_effect_rows(terms, WITHIN_FACTOR, &r.within, &r.sphericity, 1);
	if (between) {
		char inter[512];
		snprintf(inter, sizeof inter, "%s:%s", WITHIN_FACTOR, w.g.name);
		put_effect_rows(terms, inter, &r.interaction, &r.sphericity, 1);
		put_effect_rows(terms, w.g.name, &r.between, &r.sphericity, 0);
	}
	doc_num(ao, "ss_error", r.ss_error);
	doc_num(ao, "df_error", r.df_error);
	doc_num(ao, "ss_subjects", r.ss_subjects);
	doc_num(ao, "df_subjects", r.df_subjects);
	json_t *so = doc_obj(doc, "sphericity");
	doc_str(so, "_title", "Mauchly's test of sphericity and epsilons");
	doc_num(so, "W", r.sphericity.W);
	doc_num(so, "chi2", r.sphericity.chi2);
	doc_num(so, "df", r.sphericity.df);
	doc_num(so, "p", r.sphericity.p);
	doc_num(so, "gg_epsilon", r.sphericity.gg);
	doc_num(so, "hf_epsilon", r.sphericity.hf);
	doc_num(so, "lb_epsilon", r.sphericity.lb);
	if (r.sphericity.status == GSL_EDOM)
		doc_note(doc, "two conditions: sphericity holds by definition (every epsilon is 1)");
	else if (r.sphericity.status == GSL_ESING)
		doc_note(doc, "Mauchly's test not computed: %.0f error degrees of freedom for %zu contrasts leave the "
			      "error covariance singular", r.df_subjects, m - 1);
	doc_note(doc, "Huynh-Feldt epsilon with Lecoutre's (1991) correction, as R car and afex%s; a corrected test "
		      "uses min(1, epsilon)", between ? " (SPSS's is larger with a between-subjects factor)" : "");
	if (!between) {
		struct friedman fr;
		double *mr = malloc(m * sizeof *mr);
		if (!mr) {
			status = sk_out_of_memory(err);
			goto done;
		}
		st = rank_friedman(w.Y, &fr, mr);
		for (size_t j = 0; j < m; j++)
			doc_num(json_array_get(conds, j), "mean_rank", st == GSL_SUCCESS ? mr[j] : NAN);
		free(mr);
		json_t *fo = doc_obj(doc, "friedman");
		doc_str(fo, "_title", "Friedman test");
		doc_num(fo, "chi2", st == GSL_SUCCESS ? fr.chi2 : NAN);
		doc_num(fo, "df", st == GSL_SUCCESS ? fr.df : NAN);
		doc_num(fo, "p", st == GSL_SUCCESS ? fr.p : NAN);
		doc_num(fo, "kendall_w", st == GSL_SUCCESS ? fr.kendall_w : NAN);
		if (st != GSL_SUCCESS)
			doc_note(doc, "Friedman test not computed: every respondent gave the same score in every condition");

		size_t np = m * (m - 1) / 2;
		struct paired_t *pw = malloc(np * sizeof *pw);
		if (!pw || paired_pairwise(w.Y, level, pw) != GSL_SUCCESS) {
			free(pw);
			status = sk_out_of_memory(err);
			goto done;
		}
		json_t *rows = doc_arr(doc, "pairwise");
		int flat = 0;
		for (size_t i = 0; i < np; i++) {
			json_t *pr = doc_push_obj(rows);
			char pair[512];
			snprintf(pair, sizeof pair, "%s - %s", w.v[pw[i].a].name, w.v[pw[i].b].name);
			doc_str(pr, "pair", pair);
			doc_str(pr, "a", w.v[pw[i].a].name);
			doc_str(pr, "b", w.v[pw[i].b].name);
			doc_num(pr, "diff", pw[i].diff);
			doc_num(pr, "se", pw[i].se);
			doc_num(pr, "t", pw[i].t);
			doc_num(pr, "df", pw[i].df);
			doc_num(pr, "p", pw[i].p);
			doc_num(pr, "llci", pw[i].llci);
			doc_num(pr, "ulci", pw[i].ulci);
			doc_num(pr, "dz", pw[i].dz);
			flat |= pw[i].status != GSL_SUCCESS;
		}
		free(pw);
		doc_note(doc, "pairwise: paired t tests with Bonferroni-adjusted p and %g%% CI over %zu pairs%s", 100 * level,
			 np, flat ? "; a pair whose difference is the same for everyone has no test" : "");
	}
	status = 0;
done:
	free(s);
	free(col);
	free(zero);
	within_release(&w);
	return status;
}
