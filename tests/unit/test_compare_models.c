/* The models behind `surveykit compare` against R: one-way tests, post hoc comparisons, rank
 * tests, two-way ANOVA, repeated measures. Reference values: tests/fixtures/reference/
 * protest_oneway.json (../shared/reference/ref.R) and the JSON files in tests/fixtures/compare
 * (scripts/ref/compare.R). Tolerance: 1e-6 relative, p-values 1e-6 absolute, unless noted. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <jansson.h>

#include "models/factorial_anova.h"
#include "models/oneway.h"
#include "models/paired.h"
#include "models/posthoc.h"
#include "models/rank_tests.h"
#include "models/rm_anova.h"
#include "models/studentized_range.h"

#define REL 1e-6
#define PABS 1e-6

/* A numeric CSV with a header line: column `name` into a new array; *n rows. */
static double *csv_column(const char *file, const char *name, size_t *n)
{
	FILE *f = fopen(fixture(file), "r");
	char line[4096];
	long col = -1, c = 0;
	double *v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!f || !fgets(line, sizeof line, f)) {
		if (f)
			fclose(f);
		return NULL;
	}
	for (char *tok = strtok(line, ",\r\n"); tok; tok = strtok(NULL, ",\r\n"), c++) {
		size_t len = strlen(tok);
		if (len >= 2 && tok[0] == '"')
			tok[len - 1] = 0, tok++;
		if (strcmp(tok, name) == 0)
			col = c;
	}
	while (col >= 0 && fgets(line, sizeof line, f)) {
		char *s = line, *end;
		for (long i = 0; i < col && s; i++)
			s = strchr(s, ',') ? strchr(s, ',') + 1 : NULL;
		if (!s)
			break;
		if (*n == cap) {
			double *nv = realloc(v, (cap = cap ? 2 * cap : 64) * sizeof *v);
			if (!nv)
				break;
			v = nv;
		}
		v[*n] = strtod(s, &end);
		if (end == s)
			v[*n] = NAN;
		(*n)++;
	}
	fclose(f);
	return v;
}

static json_t *load_json(const char *file)
{
	json_error_t e;
	json_t *j = json_load_file(fixture(file), 0, &e);

	CHECK(j != NULL);
	return j;
}

static double num(const json_t *obj, const char *path)
{
	char buf[256], *save = NULL;
	const json_t *cur = obj;

	snprintf(buf, sizeof buf, "%s", path);
	for (char *tok = strtok_r(buf, ".", &save); tok && cur; tok = strtok_r(NULL, ".", &save)) {
		char *end;
		long idx = strtol(tok, &end, 10);
		cur = *end == 0 ? json_array_get(cur, (size_t)idx) : json_object_get(cur, tok);
	}
	return cur && json_is_number(cur) ? json_number_value(cur) : NAN;
}

/* protest.csv liking by protest (0, 1, 2) as group codes. */
struct protest {
	double *y, *x;
	int *code;
	size_t n;
};

static int protest_load(struct protest *p)
{
	size_t n2;

	p->y = csv_column("reference/protest.csv", "liking", &p->n);
	p->x = csv_column("reference/protest.csv", "protest", &n2);
	p->code = malloc((p->n ? p->n : 1) * sizeof *p->code);
	CHECK(p->y && p->x && p->code && p->n == 129 && n2 == 129);
	if (!p->y || !p->x || !p->code || p->n != n2)
		return 0;
	for (size_t i = 0; i < p->n; i++)
		p->code[i] = (int)p->x[i];
	return 1;
}

static void protest_free(struct protest *p)
{
	free(p->y);
	free(p->x);
	free(p->code);
}

TEST(oneway_protest_matches_r)
{
	struct protest pr;
	json_t *ref = load_json("reference/protest_oneway.json"), *ext = load_json("compare/protest_compare.json");
	struct grouped *g;
	struct group_summary s[3];
	struct oneway_anova a;
	struct ftest t;
	struct kruskal kw = {0};

	if (!ref || !ext || !protest_load(&pr))
		goto out;
	g = grouped_alloc(pr.y, pr.code, pr.n, 3);
	CHECK(g != NULL);
	if (!g)
		goto out;
	CHECK_INT(oneway_summaries(g, 0.95, s), GSL_SUCCESS);
	for (size_t i = 0; i < 3; i++) {
		char key[64];
		snprintf(key, sizeof key, "groups.%zu.n", i);
		CHECK_INT(s[i].n, num(ext, key));
		snprintf(key, sizeof key, "group_means.%zu.liking", i);
		CHECK_CLOSE(s[i].mean, num(ref, key), 1e-12);
		snprintf(key, sizeof key, "groups.%zu.sd", i);
		CHECK_CLOSE(s[i].sd, num(ext, key), REL);
		snprintf(key, sizeof key, "groups.%zu.se", i);
		CHECK_CLOSE(s[i].se, num(ext, key), REL);
		snprintf(key, sizeof key, "groups.%zu.llci", i);
		CHECK_CLOSE(s[i].llci, num(ext, key), REL);
		snprintf(key, sizeof key, "groups.%zu.ulci", i);
		CHECK_CLOSE(s[i].ulci, num(ext, key), REL);
		snprintf(key, sizeof key, "groups.%zu.median", i);
		CHECK_CLOSE(s[i].median, num(ext, key), 1e-12);
	}
	CHECK_INT(oneway_anova(s, 3, &a), GSL_SUCCESS);
	CHECK_CLOSE(a.F, num(ref, "anova.F"), REL);
	CHECK_CLOSE(a.df1, 2, 0);
	CHECK_CLOSE(a.df2, 126, 0);
	CHECK_NEAR(a.p, num(ref, "anova.p"), PABS);
	CHECK_CLOSE(a.eta2, num(ref, "anova.eta2"), REL);
	CHECK_CLOSE(a.omega2, num(ref, "anova.omega2"), REL);

	CHECK_INT(oneway_welch(s, 3, &t, NULL), GSL_SUCCESS);
	CHECK_CLOSE(t.F, num(ref, "welch.F"), REL);
	CHECK_CLOSE(t.df2, num(ref, "welch.df2"), REL);
	CHECK_NEAR(t.p, num(ref, "welch.p"), PABS);

	CHECK_INT(oneway_brown_forsythe(s, 3, &t, NULL), GSL_SUCCESS);
	CHECK_CLOSE(t.F, num(ext, "brown_forsythe.F"), REL);
	CHECK_CLOSE(t.df1, 2, 0);
	CHECK_CLOSE(t.df2, num(ext, "brown_forsythe.df2"), REL);
	CHECK_NEAR(t.p, num(ext, "brown_forsythe.p"), PABS);

	CHECK_INT(oneway_levene(g, s, LEVENE_MEAN, &t, NULL), GSL_SUCCESS);
	CHECK_CLOSE(t.F, num(ref, "levene_mean.F"), REL);
	CHECK_NEAR(t.p, num(ref, "levene_mean.p"), PABS);
	CHECK_CLOSE(t.df1, num(ext, "levene_mean.df1"), 0);
	CHECK_CLOSE(t.df2, num(ext, "levene_mean.df2"), 0);
	CHECK_INT(oneway_levene(g, s, LEVENE_MEDIAN, &t, NULL), GSL_SUCCESS);
	CHECK_CLOSE(t.F, num(ref, "levene_median.F"), REL);
	CHECK_NEAR(t.p, num(ref, "levene_median.p"), PABS);

	double mr[3];
	kw.mean_rank = mr;
	CHECK_INT(rank_kruskal(g, &kw), GSL_SUCCESS);
	CHECK_CLOSE(kw.H, num(ref, "kruskal.H"), REL);
	CHECK_CLOSE(kw.df, 2, 0);
	CHECK_NEAR(kw.p, num(ref, "kruskal.p"), PABS);
	CHECK_CLOSE(kw.epsilon2, num(ext, "kruskal.epsilon2"), REL);
	CHECK_CLOSE((mr[0] * 41 + mr[1] * 43 + mr[2] * 45) / 129, 65, 1e-12); /* mean rank (N+1)/2 */

	struct pairwise pw[3];
	char key[64];
	CHECK_INT(posthoc_pairs(3), 3);
	CHECK_INT(posthoc_compare(POSTHOC_TUKEY, s, 3, &a, 0.95, pw), GSL_SUCCESS);
	for (size_t i = 0; i < 3; i++) {
		snprintf(key, sizeof key, "tukey.%zu.diff", i);
		CHECK_CLOSE(pw[i].diff, num(ref, key), REL);
		snprintf(key, sizeof key, "tukey.%zu.lwr", i);
		CHECK_CLOSE(pw[i].llci, num(ref, key), REL);
		snprintf(key, sizeof key, "tukey.%zu.upr", i);
		CHECK_CLOSE(pw[i].ulci, num(ref, key), REL);
		snprintf(key, sizeof key, "tukey.%zu.p", i);
		CHECK_NEAR(pw[i].p, num(ref, key), PABS);
		snprintf(key, sizeof key, "pairs.%zu.tukey_se", i);
		CHECK_CLOSE(pw[i].se, num(ext, key), REL);
		snprintf(key, sizeof key, "pairs.%zu.d", i);
		CHECK_CLOSE(pw[i].d, num(ext, key), REL);
		snprintf(key, sizeof key, "pairs.%zu.g", i);
		CHECK_CLOSE(pw[i].g, num(ext, key), REL);
		CHECK_CLOSE(pw[i].df, 126, 0);
	}
	CHECK_INT(pw[0].a, 1);
	CHECK_INT(pw[0].b, 0);
	CHECK_INT(pw[2].a, 2);
	CHECK_INT(pw[2].b, 1);
	CHECK_INT(posthoc_compare(POSTHOC_GAMES_HOWELL, s, 3, &a, 0.95, pw), GSL_SUCCESS);
	for (size_t i = 0; i < 3; i++) {
		snprintf(key, sizeof key, "games_howell.%zu.diff", i);
		CHECK_CLOSE(pw[i].diff, num(ref, key), REL);
		snprintf(key, sizeof key, "games_howell.%zu.se", i);
		CHECK_CLOSE(pw[i].se, num(ref, key), REL);
		snprintf(key, sizeof key, "games_howell.%zu.df", i);
		CHECK_CLOSE(pw[i].df, num(ref, key), REL);
		snprintf(key, sizeof key, "games_howell.%zu.p", i);
		CHECK_NEAR(pw[i].p, num(ref, key), PABS);
		snprintf(key, sizeof key, "games_howell.%zu.llci", i);
		CHECK_CLOSE(pw[i].llci, num(ext, key), REL);
		snprintf(key, sizeof key, "games_howell.%zu.ulci", i);
		CHECK_CLOSE(pw[i].ulci, num(ext, key), REL);
	}
	CHECK_INT(posthoc_compare(POSTHOC_BONFERRONI, s, 3, &a, 0.95, pw), GSL_SUCCESS);
	for (size_t i = 0; i < 3; i++) {
		snprintf(key, sizeof key, "bonferroni.%zu.diff", i);
		CHECK_CLOSE(pw[i].diff, num(ext, key), REL);
		snprintf(key, sizeof key, "bonferroni.%zu.se", i);
		CHECK_CLOSE(pw[i].se, num(ext, key), REL);
		snprintf(key, sizeof key, "bonferroni.%zu.t", i);
		CHECK_CLOSE(pw[i].stat, num(ext, key), REL);
		snprintf(key, sizeof key, "bonferroni.%zu.p", i);
		CHECK_NEAR(pw[i].p, num(ext, key), PABS);
		snprintf(key, sizeof key, "bonferroni.%zu.llci", i);
		CHECK_CLOSE(pw[i].llci, num(ext, key), REL);
		snprintf(key, sizeof key, "bonferroni.%zu.ulci", i);
		CHECK_CLOSE(pw[i].ulci, num(ext, key), REL);
	}
	grouped_free(g);
out:
	json_decref(ref);
	json_decref(ext);
	protest_free(&pr);
}

/* Shifting every value by 1e6 changes no statistic (values near 1e6 with a small spread). */
TEST(oneway_large_offset)
{
	double y[] = {1, 2, 3, 2, 4, 5, 6, 5, 4, 9, 8, 9.5}, y6[12];
	int code[] = {0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2};
	struct grouped *g = grouped_alloc(y, code, 12, 3), *g6;
	struct group_summary s[3], s6[3];
	struct oneway_anova a, a6;
	struct ftest l, l6, w, w6;

	for (size_t i = 0; i < 12; i++)
		y6[i] = y[i] + 1e6;
	g6 = grouped_alloc(y6, code, 12, 3);
	CHECK(g && g6);
	if (!g || !g6)
		return;
	oneway_summaries(g, 0.95, s);
	oneway_summaries(g6, 0.95, s6);
	CHECK_INT(oneway_anova(s, 3, &a), GSL_SUCCESS);
	CHECK_INT(oneway_anova(s6, 3, &a6), GSL_SUCCESS);
	CHECK_CLOSE(a6.F, a.F, 1e-9);
	CHECK_CLOSE(a6.ss_within, a.ss_within, 1e-9);
	CHECK_INT(oneway_levene(g6, s6, LEVENE_MEDIAN, &l6, NULL), GSL_SUCCESS);
	CHECK_INT(oneway_levene(g, s, LEVENE_MEDIAN, &l, NULL), GSL_SUCCESS);
	CHECK_CLOSE(l6.F, l.F, 1e-9);
	CHECK_INT(oneway_welch(s6, 3, &w6, NULL), GSL_SUCCESS);
	CHECK_INT(oneway_welch(s, 3, &w, NULL), GSL_SUCCESS);
	CHECK_CLOSE(w6.F, w.F, 1e-9);
	grouped_free(g);
	grouped_free(g6);
}

/* A group with one case: the ANOVA, Tukey and Kruskal-Wallis still run; Welch, Brown-Forsythe,
 * Levene and the Games-Howell pairs of that group do not, and name it. */
TEST(oneway_group_with_one_case)
{
	double y[] = {1, 2, 3, 2, 4, 5, 6, 5, 7};
	int code[] = {0, 0, 0, 0, 1, 1, 1, 1, 2, -1};
	struct grouped *g = grouped_alloc(y, code, 9, 3);
	struct group_summary s[3];
	struct oneway_anova a;
	struct ftest t;
	struct kruskal kw = {0};
	struct pairwise pw[3];
	size_t bad = 99;

	CHECK(g != NULL);
	if (!g)
		return;
	CHECK_INT(g->n, 9);
	CHECK_INT(g->count[2], 1);
	oneway_summaries(g, 0.95, s);
	CHECK(isnan(s[2].sd) && isnan(s[2].llci));
	CHECK_CLOSE(s[2].mean, 7, 0);
	CHECK_INT(oneway_anova(s, 3, &a), GSL_SUCCESS);
	CHECK_CLOSE(a.df2, 6, 0);
	CHECK_INT(oneway_welch(s, 3, &t, &bad), GSL_EDOM);
	CHECK_INT(bad, 2);
	bad = 99;
	CHECK_INT(oneway_brown_forsythe(s, 3, &t, &bad), GSL_EDOM);
	CHECK_INT(bad, 2);
	bad = 99;
	CHECK_INT(oneway_levene(g, s, LEVENE_MEAN, &t, &bad), GSL_EDOM);
	CHECK_INT(bad, 2);
	CHECK_INT(rank_kruskal(g, &kw), GSL_SUCCESS);
	CHECK_INT(posthoc_compare(POSTHOC_TUKEY, s, 3, &a, 0.95, pw), GSL_SUCCESS);
	CHECK(isfinite(pw[1].p) && pw[1].status == PAIR_OK);
	CHECK_INT(posthoc_compare(POSTHOC_GAMES_HOWELL, s, 3, &a, 0.95, pw), GSL_SUCCESS);
	CHECK(pw[0].status == PAIR_OK && isfinite(pw[0].p));       /* 1-0 */
	CHECK(pw[1].status == PAIR_SMALL_GROUP && isnan(pw[1].p)); /* 2-0 */
	CHECK(pw[2].status == PAIR_SMALL_GROUP && isnan(pw[2].se)); /* 2-1 */
	/* d for 2-0 uses group 0's SD alone: (7 - 2) / sd(1, 2, 3, 2) */
	CHECK_CLOSE(pw[1].d, 5 / sqrt(2.0 / 3), 1e-12);
	grouped_free(g);
}

/* Zero variance: in one group Welch fails (naming it) while Levene, Brown-Forsythe and the ANOVA
 * run; in every group the ANOVA itself cannot be done. */
TEST(oneway_zero_variance)
{
	double y[] = {3, 3, 3, 1, 2, 4, 5, 6, 8}, c[] = {2, 2, 2, 5, 5, 5, 7, 7, 7};
	int code[] = {0, 0, 0, 1, 1, 1, 2, 2, 2};
	struct grouped *g = grouped_alloc(y, code, 9, 3), *gc = grouped_alloc(c, code, 9, 3);
	struct group_summary s[3], sc[3];
	struct oneway_anova a;
	struct ftest t;
	struct pairwise pw[3];
	struct kruskal kw = {0};
	size_t bad = 99;

	CHECK(g && gc);
	if (!g || !gc)
		return;
	oneway_summaries(g, 0.95, s);
	oneway_summaries(gc, 0.95, sc);
	CHECK_INT(oneway_anova(s, 3, &a), GSL_SUCCESS);
	CHECK_INT(oneway_welch(s, 3, &t, &bad), GSL_EZERODIV);
	CHECK_INT(bad, 0);
	CHECK_INT(oneway_brown_forsythe(s, 3, &t, NULL), GSL_SUCCESS);
	CHECK_INT(oneway_levene(g, s, LEVENE_MEAN, &t, NULL), GSL_SUCCESS);
	CHECK_INT(posthoc_compare(POSTHOC_GAMES_HOWELL, s, 3, &a, 0.95, pw), GSL_SUCCESS);
	CHECK(pw[0].status == PAIR_OK && isfinite(pw[0].df)); /* one constant group: df from the other */
	CHECK_CLOSE(pw[0].df, 2, 1e-12);
	CHECK_INT(oneway_anova(sc, 3, &a), GSL_EZERODIV);
	CHECK_INT(oneway_levene(gc, sc, LEVENE_MEDIAN, &t, NULL), GSL_EZERODIV);
	CHECK_INT(oneway_brown_forsythe(sc, 3, &t, NULL), GSL_EZERODIV);
	CHECK_INT(rank_kruskal(gc, &kw), GSL_SUCCESS); /* ties within groups only: H is defined */
	CHECK_CLOSE(kw.H, 8, 1e-12);                   /* perfectly separated groups, N = 9 */
	grouped_free(g);
	grouped_free(gc);
}

TEST(oneway_single_group)
{
	double y[] = {1, 2, 3};
	int code[] = {0, 0, 0};
	struct grouped *g = grouped_alloc(y, code, 3, 1);
	struct group_summary s[1];
	struct oneway_anova a;
	struct ftest t;
	struct kruskal kw = {0};

	CHECK(g != NULL);
	if (!g)
		return;
	oneway_summaries(g, 0.95, s);
	CHECK_INT(oneway_anova(s, 1, &a), GSL_EDOM);
	CHECK_INT(oneway_welch(s, 1, &t, NULL), GSL_EDOM);
	CHECK_INT(rank_kruskal(g, &kw), GSL_EDOM);
	grouped_free(g);
	/* all values tied: Kruskal-Wallis undefined */
	double tied[] = {4, 4, 4, 4};
	int code2[] = {0, 0, 1, 1};
	g = grouped_alloc(tied, code2, 4, 2);
	CHECK(g != NULL);
	if (!g)
		return;
	CHECK_INT(rank_kruskal(g, &kw), GSL_EZERODIV);
	grouped_free(g);
}

/* Two-way ANOVA: liking by protest x sexism (median split), unbalanced 3 x 2. */
TEST(factorial_protest_matches_car)
{
	struct protest pr;
	size_t n;
	double *sexism = csv_column("reference/protest.csv", "sexism", &n), med;
	json_t *ref = load_json("compare/protest_twoway.json");
	int *cell = NULL;
	struct grouped *g = NULL;
	struct group_summary cells[6];
	struct factorial_anova f;
	struct factorial_term se[5];

	if (!ref || !sexism || !protest_load(&pr))
		goto out;
	/* median of sexism (129 values: the 65th) */
	{
		double *sorted = malloc(n * sizeof *sorted);
		if (!sorted)
			goto out;
		memcpy(sorted, sexism, n * sizeof *sorted);
		for (size_t i = 1; i < n; i++)
			for (size_t j = i; j > 0 && sorted[j - 1] > sorted[j]; j--) {
				double t = sorted[j];
				sorted[j] = sorted[j - 1];
				sorted[j - 1] = t;
			}
		med = sorted[n / 2];
		free(sorted);
	}
	cell = malloc(n * sizeof *cell);
	if (!cell)
		goto out;
	for (size_t i = 0; i < n; i++)
		cell[i] = pr.code[i] * 2 + (sexism[i] > med ? 1 : 0);
	g = grouped_alloc(pr.y, cell, n, 6);
	if (!g)
		goto out;
	oneway_summaries(g, 0.95, cells);
	for (int type = 3; type >= 2; type--) {
		CHECK_INT(factorial_anova_fit(cells, 3, 2, type, &f, NULL), GSL_SUCCESS);
		const struct factorial_term *t[] = {&f.A, &f.B, &f.AB};
		for (size_t i = 0; i < 3; i++) {
			char key[64];
			snprintf(key, sizeof key, "type%d.%zu.ss", type, i);
			CHECK_CLOSE(t[i]->ss, num(ref, key), REL);
			snprintf(key, sizeof key, "type%d.%zu.df", type, i);
			CHECK_CLOSE(t[i]->df, num(ref, key), 0);
			snprintf(key, sizeof key, "type%d.%zu.F", type, i);
			CHECK_CLOSE(t[i]->F, num(ref, key), REL);
			snprintf(key, sizeof key, "type%d.%zu.p", type, i);
			CHECK_NEAR(t[i]->p, num(ref, key), PABS);
		}
		CHECK_CLOSE(f.ss_error, num(ref, "type3.3.ss"), REL);
		CHECK_CLOSE(f.df_error, 123, 0);
	}
	CHECK_CLOSE(f.r2, num(ref, "r2"), REL);
	/* simple effects: protest at low, high sexism; then sexism at protest 0, 1, 2 */
	factorial_simple_effects(cells, &f, 1, se);
	factorial_simple_effects(cells, &f, 0, se + 2);
	for (size_t i = 0; i < 5; i++) {
		char key[64];
		snprintf(key, sizeof key, "simple_effects.%zu.F", i);
		CHECK_CLOSE(se[i].F, num(ref, key), REL);
		snprintf(key, sizeof key, "simple_effects.%zu.df1", i);
		CHECK_CLOSE(se[i].df, num(ref, key), 0);
		snprintf(key, sizeof key, "simple_effects.%zu.p", i);
		CHECK_NEAR(se[i].p, num(ref, key), PABS);
	}
	/* an empty cell is named; bad type refused */
	size_t bad = 99;
	struct group_summary empty[6];
	memcpy(empty, cells, sizeof empty);
	empty[4].n = 0;
	CHECK_INT(factorial_anova_fit(empty, 3, 2, 3, &f, &bad), GSL_EDOM);
	CHECK_INT(bad, 4);
	CHECK_INT(factorial_anova_fit(cells, 3, 2, 1, &f, NULL), GSL_EINVAL);
out:
	grouped_free(g);
	free(cell);
	free(sexism);
	json_decref(ref);
	protest_free(&pr);
}

static gsl_matrix *obk_matrix(const char *file, const char *const *cols, size_t m, double **group)
{
	gsl_matrix *Y = NULL;
	size_t n = 0;

	for (size_t j = 0; j < m; j++) {
		double *c = csv_column(file, cols[j], &n);
		if (!c)
			return Y;
		if (!Y)
			Y = gsl_matrix_alloc(n, m);
		if (Y)
			for (size_t i = 0; i < n; i++)
				gsl_matrix_set(Y, i, j, c[i]);
		free(c);
	}
	if (group)
		*group = csv_column(file, "treatment", &n);
	return Y;
}

static void check_rm_effect(const struct rm_effect *e, const json_t *ref, const char *design, size_t row, size_t corr_row)
{
	char key[96];

	snprintf(key, sizeof key, "%s.univariate.%zu.ss", design, row);
	CHECK_CLOSE(e->ss, num(ref, key), REL);
	snprintf(key, sizeof key, "%s.univariate.%zu.df1", design, row);
	CHECK_CLOSE(e->df1, num(ref, key), 0);
	snprintf(key, sizeof key, "%s.univariate.%zu.df2", design, row);
	CHECK_CLOSE(e->df2, num(ref, key), 0);
	snprintf(key, sizeof key, "%s.univariate.%zu.ss_error", design, row);
	CHECK_CLOSE(e->ss_error, num(ref, key), REL);
	snprintf(key, sizeof key, "%s.univariate.%zu.F", design, row);
	CHECK_CLOSE(e->F, num(ref, key), REL);
	snprintf(key, sizeof key, "%s.univariate.%zu.p", design, row);
	CHECK_NEAR(e->p, num(ref, key), PABS);
	if (corr_row == (size_t)-1)
		return;
	snprintf(key, sizeof key, "%s.corrections.%zu.gg_p", design, corr_row);
	CHECK_NEAR(e->gg_p, num(ref, key), PABS);
	snprintf(key, sizeof key, "%s.corrections.%zu.hf_p", design, corr_row);
	CHECK_NEAR(e->hf_p, num(ref, key), PABS);
}

TEST(rm_anova_matches_afex)
{
	const char *phases[] = {"pre", "post", "fup"}, *hours[] = {"hour1", "hour2", "hour3", "hour4", "hour5"};
	json_t *ref = load_json("compare/obk_rm.json");
	double *treat = NULL;
	gsl_matrix *Y = obk_matrix("compare/obk.csv", phases, 3, &treat), *H = obk_matrix("compare/obk_hours.csv", hours, 5, NULL);
	struct rm_anova r;
	size_t grp[16];

	CHECK(ref && Y && H && treat);
	if (!ref || !Y || !H || !treat)
		goto out;
	/* within only */
	CHECK_INT(rm_anova_fit(Y, NULL, 0, &r, NULL), GSL_SUCCESS);
	check_rm_effect(&r.within, ref, "within", 1, 0);
	CHECK_CLOSE(r.ss_subjects, num(ref, "within.univariate.0.ss_error"), REL);
	CHECK_CLOSE(r.sphericity.gg, num(ref, "within.corrections.0.gg"), REL);
	CHECK_CLOSE(r.sphericity.hf, num(ref, "within.corrections.0.hf"), REL);
	CHECK_CLOSE(r.sphericity.W, num(ref, "within.mauchly.0.W"), REL);
	CHECK_NEAR(r.sphericity.p, num(ref, "within.mauchly.0.p"), PABS);
	CHECK_CLOSE(r.within.ges, num(ref, "within.afex.0.ges"), REL);
	CHECK_CLOSE(r.sphericity.lb, 0.5, 0);
	/* five conditions: Mauchly's p with Anderson's second term */
	CHECK_INT(rm_anova_fit(H, NULL, 0, &r, NULL), GSL_SUCCESS);
	check_rm_effect(&r.within, ref, "hours", 1, 0);
	CHECK_CLOSE(r.sphericity.W, num(ref, "hours.mauchly.0.W"), REL);
	CHECK_NEAR(r.sphericity.p, num(ref, "hours.mauchly.0.p"), PABS);
	CHECK_CLOSE(r.sphericity.gg, num(ref, "hours.corrections.0.gg"), REL);
	CHECK_CLOSE(r.sphericity.hf, num(ref, "hours.corrections.0.hf"), REL);
	/* mixed: treatment (1, 2, 3) between */
	for (size_t i = 0; i < 16; i++)
		grp[i] = (size_t)treat[i] - 1;
	CHECK_INT(rm_anova_fit(Y, grp, 3, &r, NULL), GSL_SUCCESS);
	check_rm_effect(&r.between, ref, "mixed", 1, (size_t)-1);
	check_rm_effect(&r.within, ref, "mixed", 2, 0);
	check_rm_effect(&r.interaction, ref, "mixed", 3, 1);
	CHECK_CLOSE(r.sphericity.gg, num(ref, "mixed.corrections.0.gg"), REL);
	CHECK_CLOSE(r.sphericity.hf, num(ref, "mixed.corrections.0.hf"), REL);
	CHECK_CLOSE(r.sphericity.W, num(ref, "mixed.mauchly.0.W"), REL);
	CHECK_NEAR(r.sphericity.p, num(ref, "mixed.mauchly.0.p"), PABS);
	CHECK_CLOSE(r.between.ges, num(ref, "mixed.afex.0.ges"), REL);
	CHECK_CLOSE(r.within.ges, num(ref, "mixed.afex.1.ges"), REL);
	CHECK_CLOSE(r.interaction.ges, num(ref, "mixed.afex.2.ges"), REL);
	/* an empty group is named */
	size_t bad = 99;
	for (size_t i = 0; i < 16; i++)
		grp[i] = grp[i] == 1 ? 2 : grp[i];
	CHECK_INT(rm_anova_fit(Y, grp, 3, &r, &bad), GSL_EDOM);
	CHECK_INT(bad, 1);
out:
	gsl_matrix_free(Y);
	gsl_matrix_free(H);
	free(treat);
	json_decref(ref);
}

TEST(rm_anova_edge_cases)
{
	/* two conditions: no sphericity test, epsilons 1, F = t^2 */
	double y2[] = {1, 2, 2, 4, 3, 3, 4, 7}, same[] = {1, 2, 2, 3, 3, 4, 4, 5};
	gsl_matrix_view v = gsl_matrix_view_array(y2, 4, 2), s = gsl_matrix_view_array(same, 4, 2);
	struct rm_anova r;
	struct paired_t t;

	CHECK_INT(rm_anova_fit(&v.matrix, NULL, 0, &r, NULL), GSL_SUCCESS);
	CHECK_INT(r.sphericity.status, GSL_EDOM);
	CHECK(isnan(r.sphericity.W));
	CHECK_CLOSE(r.sphericity.gg, 1, 0);
	gsl_vector_view c1 = gsl_matrix_column(&v.matrix, 1), c0 = gsl_matrix_column(&v.matrix, 0);
	CHECK_INT(paired_t_test(&c1.vector, &c0.vector, 0.95, &t), GSL_SUCCESS);
	CHECK_CLOSE(r.within.F, t.t * t.t, 1e-12);
	CHECK_CLOSE(r.within.gg_p, t.p, 1e-12);
	/* every subject changes by the same amount: no error variance */
	CHECK_INT(rm_anova_fit(&s.matrix, NULL, 0, &r, NULL), GSL_EZERODIV);
	c1 = gsl_matrix_column(&s.matrix, 1);
	c0 = gsl_matrix_column(&s.matrix, 0);
	CHECK_INT(paired_t_test(&c1.vector, &c0.vector, 0.95, &t), GSL_SUCCESS);
	CHECK_INT(t.status, GSL_EZERODIV);
	CHECK(isnan(t.t) && t.diff == 1);
	/* error df below the number of contrasts: Mauchly impossible (E singular), the ANOVA runs */
	double y3[] = {1, 2, 4, 2, 2, 5, 3, 5, 5};
	gsl_matrix_view w = gsl_matrix_view_array(y3, 2, 3);
	CHECK_INT(rm_anova_fit(&w.matrix, NULL, 0, &r, NULL), GSL_SUCCESS);
	CHECK_INT(r.sphericity.status, GSL_ESING);
	CHECK(isfinite(r.within.F) && isfinite(r.sphericity.gg));
	/* one subject: no error df */
	gsl_matrix_view one = gsl_matrix_view_array(y3, 1, 3);
	CHECK_INT(rm_anova_fit(&one.matrix, NULL, 0, &r, NULL), GSL_EDOM);
}

TEST(within_tests_match_r)
{
	const char *phases[] = {"pre", "post", "fup"};
	json_t *ref = load_json("compare/obk_rm.json");
	gsl_matrix *Y = obk_matrix("compare/obk.csv", phases, 3, NULL);
	struct friedman fr;
	struct paired_t pw[3], t;
	struct wilcoxon wx;
	double mr[3];

	CHECK(ref && Y);
	if (!ref || !Y)
		goto out;
	CHECK_INT(rank_friedman(Y, &fr, mr), GSL_SUCCESS);
	CHECK_CLOSE(fr.chi2, num(ref, "friedman.chi2"), REL);
	CHECK_CLOSE(fr.df, 2, 0);
	CHECK_NEAR(fr.p, num(ref, "friedman.p"), PABS);
	CHECK_CLOSE(fr.kendall_w, fr.chi2 / (16 * 2), 1e-15);
	CHECK_CLOSE(mr[0] + mr[1] + mr[2], 6, 1e-12);
	CHECK_INT(paired_pairwise(Y, 0.95, pw), GSL_SUCCESS);
	for (size_t i = 0; i < 3; i++) {
		char key[64];
		snprintf(key, sizeof key, "pairwise.%zu.diff", i);
		CHECK_CLOSE(pw[i].diff, num(ref, key), REL);
		snprintf(key, sizeof key, "pairwise.%zu.t", i);
		CHECK_CLOSE(pw[i].t, num(ref, key), REL);
		snprintf(key, sizeof key, "pairwise.%zu.p", i);
		CHECK_NEAR(pw[i].p, num(ref, key), PABS);
		snprintf(key, sizeof key, "pairwise.%zu.llci", i);
		CHECK_CLOSE(pw[i].llci, num(ref, key), REL);
		snprintf(key, sizeof key, "pairwise.%zu.ulci", i);
		CHECK_CLOSE(pw[i].ulci, num(ref, key), REL);
		snprintf(key, sizeof key, "pairwise.%zu.dz", i);
		CHECK_CLOSE(pw[i].dz, num(ref, key), REL);
	}
	/* the same p-values from pairwise.t.test's lower triangle (rows post, fup; columns pre, post) */
	CHECK_NEAR(pw[0].p, num(ref, "pairwise_t_test_p.0.0"), PABS);
	CHECK_NEAR(pw[1].p, num(ref, "pairwise_t_test_p.1.0"), PABS);
	CHECK_NEAR(pw[2].p, num(ref, "pairwise_t_test_p.1.1"), PABS);
	gsl_vector_view post = gsl_matrix_column(Y, 1), pre = gsl_matrix_column(Y, 0);
	CHECK_INT(paired_t_test(&post.vector, &pre.vector, 0.95, &t), GSL_SUCCESS);
	CHECK_CLOSE(t.diff, num(ref, "paired.diff"), REL);
	CHECK_CLOSE(t.t, num(ref, "paired.t"), REL);
	CHECK_CLOSE(t.df, 15, 0);
	CHECK_NEAR(t.p, num(ref, "paired.p"), PABS);
	CHECK_CLOSE(t.llci, num(ref, "paired.llci"), REL);
	CHECK_CLOSE(t.ulci, num(ref, "paired.ulci"), REL);
	CHECK_CLOSE(t.dz, num(ref, "paired.dz"), REL);
	CHECK_INT(rank_wilcoxon_paired(&post.vector, &pre.vector, &wx), GSL_SUCCESS);
	CHECK_CLOSE(wx.V, num(ref, "wilcoxon.V"), REL);
	CHECK_NEAR(wx.p, num(ref, "wilcoxon.p"), PABS);
	CHECK_CLOSE(wx.rank_biserial, num(ref, "wilcoxon.rank_biserial"), REL);
	CHECK_INT(wx.n_nonzero + wx.n_zero, 16);
	/* every difference zero: no test */
	CHECK_INT(rank_wilcoxon_paired(&pre.vector, &pre.vector, &wx), GSL_EDOM);
	/* every row tied: Friedman undefined */
	double tied[] = {2, 2, 2, 3, 3, 3};
	gsl_matrix_view tv = gsl_matrix_view_array(tied, 2, 3);
	CHECK_INT(rank_friedman(&tv.matrix, &fr, NULL), GSL_EZERODIV);
out:
	gsl_matrix_free(Y);
	json_decref(ref);
}

/* More distinct values than the tally of models/rank_tests.c holds: the pooled values are sorted
 * instead (scripts/ref/compare.R section 4 builds the same sequence). */
TEST(rank_tests_many_distinct_values)
{
	json_t *ref = load_json("compare/many_distinct.json");
	double *v = malloc(12000 * sizeof *v), *y = malloc(6000 * sizeof *y);
	int *code = malloc(12000 * sizeof *code);
	struct grouped *g = NULL;
	struct kruskal kw = {0};
	struct wilcoxon wx;

	if (!ref || !v || !y || !code)
		goto out;
	for (long i = 1; i <= 12000; i++) {
		v[i - 1] = (double)((i * 7919) % 10007) / 10;
		code[i - 1] = (int)(i % 3);
		if (i <= 6000)
			y[i - 1] = (double)((i * 104729) % 10009) / 10;
	}
	g = grouped_alloc(v, code, 12000, 3);
	CHECK(g != NULL);
	if (!g)
		goto out;
	CHECK_INT(rank_kruskal(g, &kw), GSL_SUCCESS);
	CHECK_CLOSE(kw.H, num(ref, "kruskal.H"), REL);
	CHECK_NEAR(kw.p, num(ref, "kruskal.p"), PABS);
	gsl_vector_view xv = gsl_vector_view_array(v, 6000), yv = gsl_vector_view_array(y, 6000);
	CHECK_INT(rank_wilcoxon_paired(&xv.vector, &yv.vector, &wx), GSL_SUCCESS);
	CHECK_CLOSE(wx.V, num(ref, "wilcoxon.V"), 1e-12);
	CHECK_NEAR(wx.p, num(ref, "wilcoxon.p"), PABS);
out:
	grouped_free(g);
	free(v);
	free(y);
	free(code);
	json_decref(ref);
}

/* Games-Howell with 20 groups (190 pairs, each with its own Welch df) from the tabulated range
 * distribution equals the nested integration pair by pair. */
TEST(games_howell_many_groups)
{
	enum { K = 20 };
	struct group_summary s[K];
	struct pairwise pw[K * (K - 1) / 2];
	struct oneway_anova a = {0};

	for (size_t i = 0; i < K; i++) {
		s[i] = (struct group_summary){.n = 20 + 7 * i, .mean = 3 + 0.05 * (double)i * (i % 3 ? 1 : -1),
					      .var = 0.6 + 0.04 * (double)((i * 7) % K)};
		s[i].sd = sqrt(s[i].var);
	}
	CHECK_INT(posthoc_compare(POSTHOC_GAMES_HOWELL, s, K, &a, 0.95, pw), GSL_SUCCESS);
	for (size_t r = 0; r < K * (K - 1) / 2; r += 17) {
		double p, q;
		CHECK_INT(studentized_range_Q(pw[r].stat, K, pw[r].df, &p), GSL_SUCCESS);
		CHECK_CLOSE(pw[r].p, p, 1e-12);
		CHECK_INT(studentized_range_Qinv(0.05, K, pw[r].df, &q), GSL_SUCCESS);
		CHECK_CLOSE(pw[r].diff - pw[r].llci, q * pw[r].se / sqrt(2.0), 1e-12);
	}
}

/* Hedges' g for two groups of 500,000,000: J = 1 - 3 / (4v - 1) to O(v^-2); the direct form
 * from log-gammas of size v log v gave J = 1.0000019. */
TEST(posthoc_hedges_g_at_large_n)
{
	struct group_summary s[2] = {{.n = 500000000, .mean = 1, .var = 4, .sd = 2},
				     {.n = 500000000, .mean = 0, .var = 4, .sd = 2}};
	struct oneway_anova a = {.df2 = 999999998, .ms_within = 4};
	struct pairwise pw;
	double v = 999999998;

	CHECK_INT(posthoc_compare(POSTHOC_BONFERRONI, s, 2, &a, 0.95, &pw), GSL_SUCCESS);
	CHECK_CLOSE(pw.d, -0.5, 1e-15);
	CHECK_CLOSE(pw.g / pw.d, 1 - 3 / (4 * v - 1), 1e-15);
}
