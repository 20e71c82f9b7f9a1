/* compare, within subjects and mixed: one column or scale per condition (wide format), into a
 * struct compare_result. Two conditions without groups: paired t and Wilcoxon signed-rank;
 * otherwise the repeated-measures ANOVA with Mauchly's test and its corrections, plus (without
 * groups) Friedman and Bonferroni pairwise paired t tests. Numerics: models/rm_anova.h,
 * models/paired.h, models/rank_tests.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#include "analysis/commands/compare.h"

/* Summaries of the values x[0..n) with code[i] (group index or -1) into s[0..k). */
static int summarise(const double *x, const int *code, size_t n, size_t k, double level, struct group_summary *s)
{
	struct grouped *g = grouped_alloc(x, code, n, k);
	int st = g ? oneway_summaries(g, level, s) : GSL_ENOMEM;

	grouped_free(g);
	return st;
}

static int load(struct compare_within *w, const struct dataset *ds, const struct compare_request *rq, char *keep,
		size_t *used, struct sk_error *err)
{
	size_t n = ds->frame.n_rows, m = rq->n_within;
	int status;

	w->m = m;
	w->v = calloc(m, sizeof *w->v);
	if (!w->v)
		return sk_out_of_memory(err);
	for (size_t j = 0; j < m; j++) {
		if ((status = dataset_variable(ds, rq->within[j], &w->v[j], err)) != 0)
			return status;
		w->loaded++;
		if ((status = dataset_check_variable(&w->v[j], err)) != 0)
			return status;
	}
	if (rq->between) {
		if ((status = dataset_grouping(ds, rq->between, &w->between.g, err)) != 0)
			return status;
		w->between.have_g = 1;
	}
	*used = 0;
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < m && !isnan(w->v[j].v[i]))
			j++;
		keep[i] = j == m && (!rq->between || w->between.g.code[i] >= 0);
		*used += (size_t)keep[i];
	}
	if (rq->between)
		return compare_levels_keep(&w->between, keep, err);
	return 0;
}

/* The condition and (mixed) cell summaries of Y's columns. */
static int summaries(struct compare_within *w, const gsl_matrix *Y, const size_t *grp, int between, double level,
		     struct sk_error *err)
{
	size_t used = Y->size1, m = w->m, k = w->between.k;
	double *col = malloc(used * sizeof *col);
	int *code = calloc(used, sizeof *code), status = 0;

	if (!col || !code) {
		free(col);
		free(code);
		return sk_out_of_memory(err);
	}
	for (size_t j = 0; j < m && status == 0; j++) {
		for (size_t i = 0; i < used; i++)
			col[i] = gsl_matrix_get(Y, i, j);
		if (summarise(col, code, used, 1, level, &w->s[j]) != GSL_SUCCESS)
			status = sk_out_of_memory(err);
	}
	if (between) {
		for (size_t i = 0; i < used; i++)
			code[i] = (int)grp[i];
		for (size_t j = 0; j < m && status == 0; j++) {
			for (size_t i = 0; i < used; i++)
				col[i] = gsl_matrix_get(Y, i, j);
			if (summarise(col, code, used, k, level, w->s + m + j * k) != GSL_SUCCESS)
				status = sk_out_of_memory(err);
		}
	}
	free(col);
	free(code);
	return status;
}

/* The multivariate test of the conditions (and their interaction with the groups) from the
 * groups' moments of the m scores (models/manova.h, as car::Anova(idata, idesign) type III). */
static int multivariate(struct compare_within *w, const gsl_matrix *Y, const size_t *grp, size_t g,
			struct sk_error *err)
{
	struct group_moments *m = group_moments_alloc(g, w->m);
	double *row = malloc(w->m * sizeof *row);

	w->mv = manova_within_alloc(w->m, g);
	if (!m || !row || !w->mv) {
		group_moments_free(m);
		free(row);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < Y->size1; i++) {
		for (size_t j = 0; j < w->m; j++)
			row[j] = gsl_matrix_get(Y, i, j);
		group_moments_add(m, grp[i], row);
	}
	w->mv_status = manova_within_fit(w->mv, m);
	group_moments_free(m);
	free(row);
	return w->mv_status == GSL_ENOMEM ? sk_out_of_memory(err) : 0;
}

int compare_run_within(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		       struct sk_error *err)
{
	struct compare_within *w = &r->within;
	size_t n = ds->frame.n_rows, m = rq->n_within, used = 0, row = 0, *grp = NULL;
	int between = rq->between != NULL, status, st;
	char *keep = malloc(n ? n : 1);
	gsl_matrix *Y = NULL;

	r->design = between ? COMPARE_MIXED : COMPARE_WITHIN;
	if (!keep) {
		status = sk_out_of_memory(err);
		goto done;
	}
	if ((status = load(w, ds, rq, keep, &used, err)) != 0)
		goto done;
	r->used = used;
	if (between && w->between.k < 2) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare groups: '%s' has only one group with every condition answered",
				 w->between.g.name);
		goto done;
	}
	if (used < 2 || (between && used < w->between.k + 1)) {
		status = sk_fail(err, SK_EXIT_ANALYSIS,
				 "cannot compare conditions: %zu respondent%s answered every one of the %zu conditions", used,
				 used == 1 ? "" : "s", m);
		goto done;
	}
	Y = gsl_matrix_alloc(used, m);
	grp = malloc(used * sizeof *grp);
	w->s = calloc(m + (between ? w->between.k * m : 0), sizeof *w->s);
	if (!Y || !grp || !w->s) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		for (size_t j = 0; j < m; j++)
			gsl_matrix_set(Y, row, j, w->v[j].v[i]);
		grp[row] = between ? (size_t)w->between.code[i] : 0;
		row++;
	}
	{
		const char **names = malloc((m + 1) * sizeof *names);
		if (!names) {
			status = sk_out_of_memory(err);
			goto done;
		}
		for (size_t j = 0; j < m; j++)
			names[j] = rq->within[j];
		names[m] = rq->between;
		status = compare_note_dropped(ds, r, names, m + (size_t)between, err);
		free(names);
		if (status)
			goto done;
	}
	if ((status = summaries(w, Y, grp, between, rq->level, err)) != 0)
		goto done;

	if (!between && m == 2) {
		/* two conditions: the change from the first to the second */
		gsl_vector_view a = gsl_matrix_column(Y, 1), b = gsl_matrix_column(Y, 0);
		st = paired_t_test(&a.vector, &b.vector, rq->level, &w->t);
		if (st != GSL_SUCCESS) {
			status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare '%s' and '%s': %s", w->v[0].name,
					 w->v[1].name, gsl_strerror(st));
			goto done;
		}
		w->wx_status = rank_wilcoxon_paired(&a.vector, &b.vector, &w->wx);
		effect_paired_d(w->t.n, w->t.diff, w->t.sd, rq->level, EFFECT_TWO_SIDED, &w->t_d);
		goto done;
	}

	size_t bad = SIZE_MAX;
	st = rm_anova_fit(Y, between ? grp : NULL, between ? w->between.k : 1, &w->rm, &bad);
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
	if ((status = multivariate(w, Y, grp, between ? w->between.k : 1, err)) != 0)
		goto done;
	{
		const struct rm_effect *e[] = {&w->rm.within, &w->rm.interaction, &w->rm.between};
		for (size_t i = 0; i < (between ? 3u : 1u); i++)
			effect_pve_interval(e[i]->partial_eta2, e[i]->df1, e[i]->df2, rq->level, EFFECT_GREATER, &w->rm_es[i]);
	}
	if (!between) {
		w->mean_rank = malloc(m * sizeof *w->mean_rank);
		w->n_pairs = m * (m - 1) / 2;
		w->pairs = malloc(w->n_pairs * sizeof *w->pairs);
		if (!w->mean_rank || !w->pairs) {
			status = sk_out_of_memory(err);
			goto done;
		}
		w->fr_status = rank_friedman(Y, &w->fr, w->mean_rank);
		w->pair_d = calloc(w->n_pairs, sizeof *w->pair_d);
		if (!w->pair_d || paired_pairwise(Y, rq->level, w->pairs) != GSL_SUCCESS) {
			status = sk_out_of_memory(err);
			goto done;
		}
		for (size_t i = 0; i < w->n_pairs; i++)
			effect_paired_d(w->pairs[i].n, w->pairs[i].diff, w->pairs[i].sd, rq->level, EFFECT_TWO_SIDED,
					&w->pair_d[i]);
	}
	status = 0;
done:
	free(keep);
	free(grp);
	gsl_matrix_free(Y);
	return status;
}
