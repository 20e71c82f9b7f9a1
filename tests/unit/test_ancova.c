/* models/ancova against car::Anova(type = 3), anova() of the separate-slopes model and emmeans:
 * scripts/ref/ancova.R writes tests/fixtures/experiments/ancova.json; the moments come from the
 * fixture CSVs. Agreement 1e-10 relative (p-values 1e-12 absolute); Tukey p-values and intervals
 * 1e-6, the accuracy of R's ptukey and qtukey (models/studentized_range.h). */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <jansson.h>

#include "model_ref.h"
#include "models/ancova.h"

#define REL 1e-10

/* Moments of (y, covariates) by the 1-based codes of `group` in a fixture CSV. */
static struct group_moments *moments_of(const json_t *c, size_t *k_out)
{
	char path[128];
	struct reftable *t;
	json_t *covs = json_object_get(c, "covariates");
	size_t k = 0, nc = json_array_size(covs);
	const char *g = json_string_value(json_object_get(c, "group"));
	struct group_moments *m;
	double x[8];

	snprintf(path, sizeof path, "experiments/%s", json_string_value(json_object_get(c, "file")));
	t = reftable_read(path);
	for (size_t i = 0; i < t->n; i++)
		k = refcol(t, g)[i] > (double)k ? (size_t)refcol(t, g)[i] : k;
	m = group_moments_alloc(k, 1 + nc);
	for (size_t i = 0; i < t->n; i++) {
		x[0] = refcol(t, json_string_value(json_object_get(c, "y")))[i];
		for (size_t j = 0; j < nc; j++)
			x[1 + j] = refcol(t, json_string_value(json_array_get(covs, j)))[i];
		CHECK_INT(group_moments_add(m, (size_t)refcol(t, g)[i] - 1, x), GSL_SUCCESS);
	}
	reftable_free(t);
	*k_out = k;
	return m;
}

static void check_term(const struct ancova_term *got, const json_t *row, double rss)
{
	CHECK_CLOSE(got->ss, refnum(row, "ss"), REL);
	CHECK_CLOSE(got->df, refnum(row, "df"), 0);
	CHECK_CLOSE(got->F, refnum(row, "F"), REL);
	CHECK_NEAR(got->p, refnum(row, "p"), 1e-12);
	CHECK_CLOSE(got->partial_eta2, refnum(row, "ss") / (refnum(row, "ss") + rss), REL);
}

static void check_pairs(const struct ancova *a, enum ancova_adjust adj, const json_t *ref, double p_tol, double ci_rel)
{
	struct ancova_pair pr[16];
	size_t i;
	json_t *row;

	CHECK_INT(ancova_pairwise(a, adj, pr), GSL_SUCCESS);
	CHECK_INT(json_array_size(ref), ancova_pairs(a->k));
	json_array_foreach(ref, i, row) {
		CHECK_CLOSE(pr[i].estimate, refnum(row, "estimate"), REL);
		CHECK_CLOSE(pr[i].se, refnum(row, "se"), REL);
		CHECK_CLOSE(pr[i].df, refnum(row, "df"), 0);
		CHECK_CLOSE(pr[i].t, refnum(row, "t"), REL);
		CHECK_NEAR(pr[i].p, refnum(row, "p"), p_tol);
		CHECK_CLOSE(pr[i].llci, refnum(row, "llci"), ci_rel);
		CHECK_CLOSE(pr[i].ulci, refnum(row, "ulci"), ci_rel);
	}
}

TEST(ancova_matches_car_and_emmeans)
{
	json_t *ref = refjson("experiments/ancova.json"), *c;
	size_t ci, cases = 0;

	json_array_foreach(ref, ci, c) {
		size_t k, nc = json_array_size(json_object_get(c, "covariates")), i;
		struct group_moments *m = moments_of(c, &k);
		struct ancova *a = ancova_alloc(k, nc);
		json_t *table = json_object_get(c, "table"), *row;
		const struct ancova_term *terms[8];

		CHECK_INT(ancova_fit(a, m, refnum(c, "level")), GSL_SUCCESS);
		CHECK_INT(a->problem, ANCOVA_OK);
		terms[0] = &a->intercept;
		terms[1] = &a->group;
		for (size_t j = 0; j < nc; j++)
			terms[2 + j] = &a->covariate[j];
		CHECK_INT(json_array_size(table), nc + 3);
		json_array_foreach(table, i, row) {
			if (i < nc + 2) {
				check_term(terms[i], row, refnum(json_array_get(table, nc + 2), "ss"));
			} else { /* Residuals */
				CHECK_CLOSE(a->error.ss, refnum(row, "ss"), REL);
				CHECK_CLOSE(a->error.df, refnum(row, "df"), 0);
			}
		}
		for (size_t j = 0; j < nc; j++) {
			char key[64];
			snprintf(key, sizeof key, "slopes[%zu].b", j);
			CHECK_CLOSE(a->slope[j], refnum(c, key), REL);
			snprintf(key, sizeof key, "slopes[%zu].se", j);
			CHECK_CLOSE(a->slope_se[j], refnum(c, key), REL);
			snprintf(key, sizeof key, "cov_means[%zu]", j);
			CHECK_CLOSE(a->cov_mean[j], refnum(c, key), 1e-13);
		}
		CHECK_CLOSE(a->slopes.ss, refnum(c, "homogeneity.ss"), 1e-9);
		CHECK_CLOSE(a->slopes.df, refnum(c, "homogeneity.df1"), 0);
		CHECK_CLOSE(a->slopes.F, refnum(c, "homogeneity.F"), 1e-9);
		CHECK_NEAR(a->slopes.p, refnum(c, "homogeneity.p"), 1e-12);
		CHECK_CLOSE(a->slopes_df_error, refnum(c, "homogeneity.df2"), 0);
		for (size_t g = 0; g < k; g++) {
			char key[64];
			snprintf(key, sizeof key, "emm[%zu].emm", g);
			CHECK_CLOSE(a->emm[g].emm, refnum(c, key), REL);
			snprintf(key, sizeof key, "emm[%zu].se", g);
			CHECK_CLOSE(a->emm[g].se, refnum(c, key), REL);
			snprintf(key, sizeof key, "emm[%zu].df", g);
			CHECK_CLOSE(a->emm[g].df, refnum(c, key), 0);
			snprintf(key, sizeof key, "emm[%zu].llci", g);
			CHECK_CLOSE(a->emm[g].llci, refnum(c, key), REL);
			snprintf(key, sizeof key, "emm[%zu].ulci", g);
			CHECK_CLOSE(a->emm[g].ulci, refnum(c, key), REL);
		}
		check_pairs(a, ANCOVA_TUKEY, json_object_get(c, "tukey"), 1e-6, 1e-6);
		check_pairs(a, ANCOVA_BONFERRONI, json_object_get(c, "bonferroni"), 1e-12, REL);
		/* the covariate constant in group 2, the group of one (group 3): a slope fewer */
		if (strcmp(json_string_value(json_object_get(c, "file")), "ancova_flat.csv") == 0) {
			CHECK_INT(a->slopes_problem, SLOPES_REDUCED);
			CHECK_INT(a->slopes_bad_group, 1);
		} else if (strcmp(json_string_value(json_object_get(c, "file")), "ancova_one.csv") == 0) {
			CHECK_INT(a->slopes_problem, SLOPES_REDUCED);
			CHECK_INT(a->slopes_bad_group, 2);
		} else {
			CHECK_INT(a->slopes_problem, SLOPES_OK);
		}
		ancova_free(a);
		group_moments_free(m);
		cases++;
	}
	CHECK_INT(cases, 6);
	json_decref(ref);
}

/* Moments of rows (g, y, x1[, x2]) for k groups and c covariates. */
static struct group_moments *rows_of(size_t k, size_t c, const double *rows, size_t n)
{
	struct group_moments *m = group_moments_alloc(k, 1 + c);

	for (size_t i = 0; i < n; i++)
		CHECK_INT(group_moments_add(m, (size_t)rows[i * (2 + c)], rows + i * (2 + c) + 1), GSL_SUCCESS);
	return m;
}

static int fit_rows(size_t k, size_t c, const double *rows, size_t n, struct ancova **out)
{
	struct group_moments *m = rows_of(k, c, rows, n);
	int st;

	*out = ancova_alloc(k, c);
	st = ancova_fit(*out, m, 0.95);
	group_moments_free(m);
	return st;
}

TEST(ancova_refuses_with_a_reason)
{
	struct ancova *a;
	struct group_moments *m;
	/* g, y, x */
	const double base[] = {0, 1.0, 2.0, 0, 2.1, 3.1, 0, 2.9, 4.2, 1, 3.3, 2.2, 1, 4.4, 3.7, 1, 4.1, 5.0,
			       2, 5.2, 1.9, 2, 6.3, 3.3, 2, 6.1, 4.8};
	const double by_group[] = {0, 1.0, 1, 0, 2.1, 1, 0, 2.9, 1, 1, 3.3, 2, 1, 4.4, 2, 1, 4.1, 2};
	const double exact[] = {0, 3.0, 1, 0, 5.0, 2, 0, 4.0, 1.5, 1, 4.0, 1, 1, 5.0, 1.5, 1, 8.0, 3};
	const double two_each[] = {0, 1.0, 2.0, 0, 2.1, 3.1, 1, 3.3, 2.2, 1, 4.4, 3.7, 2, 5.2, 1.9, 2, 6.3, 3.3};
	/* g, y, x1, x2 with x2 = 2 x1 + 3 */
	double collinear[9 * 4];

	CHECK_INT(fit_rows(3, 1, base, 9, &a), GSL_SUCCESS);
	CHECK_INT(a->slopes_problem, SLOPES_OK);
	ancova_free(a);
	/* group 3 empty */
	CHECK_INT(fit_rows(4, 1, base, 9, &a), GSL_EDOM);
	CHECK_INT(a->problem, ANCOVA_EMPTY_GROUP);
	CHECK_INT(a->bad, 3);
	CHECK(isnan(a->group.F) && isnan(a->emm[0].emm) && isnan(a->slope[0]));
	ancova_free(a);
	/* the covariate is the group */
	CHECK_INT(fit_rows(2, 1, by_group, 6, &a), GSL_EDOM);
	CHECK_INT(a->problem, ANCOVA_CONSTANT_WITHIN);
	CHECK_INT(a->bad, 0);
	ancova_free(a);
	/* y = 2 x + group: no residual */
	CHECK_INT(fit_rows(2, 1, exact, 6, &a), GSL_EDOM);
	CHECK_INT(a->problem, ANCOVA_PERFECT_FIT);
	ancova_free(a);
	/* a second covariate 2 x + 3: collinear; then 4 cases for 2 groups and 2 covariates: too few */
	for (size_t i = 0; i < 9; i++) {
		collinear[i * 4] = base[i * 3];
		collinear[i * 4 + 1] = base[i * 3 + 1];
		collinear[i * 4 + 2] = base[i * 3 + 2];
		collinear[i * 4 + 3] = 2 * base[i * 3 + 2] + 3;
	}
	CHECK_INT(fit_rows(3, 2, collinear, 9, &a), GSL_EDOM);
	CHECK_INT(a->problem, ANCOVA_COLLINEAR);
	CHECK_INT(a->bad, 1);
	ancova_free(a);
	CHECK_INT(fit_rows(2, 2, collinear, 4, &a), GSL_EDOM); /* groups 0 and 1: 3 + 1 cases */
	CHECK_INT(a->problem, ANCOVA_TOO_FEW_CASES);
	ancova_free(a);
	/* two cases a group: the separate slopes leave no error df */
	CHECK_INT(fit_rows(3, 1, two_each, 6, &a), GSL_SUCCESS);
	CHECK_INT(a->slopes_problem, SLOPES_NO_DF);
	CHECK(isnan(a->slopes.F));
	ancova_free(a);
	/* one group; no covariates; sizes that differ from the allocation */
	m = rows_of(1, 1, base, 3);
	a = ancova_alloc(1, 1);
	CHECK_INT(ancova_fit(a, m, 0.95), GSL_EDOM);
	CHECK_INT(a->problem, ANCOVA_TOO_FEW_GROUPS);
	ancova_free(a);
	a = ancova_alloc(1, 2);
	CHECK_INT(ancova_fit(a, m, 0.95), GSL_EBADLEN);
	ancova_free(a);
	group_moments_free(m);
	m = group_moments_alloc(3, 1);
	for (size_t i = 0; i < 9; i++)
		group_moments_add(m, (size_t)base[i * 3], &base[i * 3 + 1]);
	a = ancova_alloc(3, 0);
	CHECK_INT(ancova_fit(a, m, 0.95), GSL_EDOM);
	CHECK_INT(a->problem, ANCOVA_NO_COVARIATES);
	ancova_free(a);
	group_moments_free(m);
	ancova_free(NULL);
}

/* Values near 1e6 with a small spread: the same fit as near 0 (but for the intercept). */
TEST(ancova_large_offsets)
{
	const double base[] = {0, 1.0, 2.0, 0, 2.1, 3.1, 0, 2.9, 4.2, 1, 3.3, 2.2, 1, 4.4, 3.7, 1, 4.1, 5.0,
			       2, 5.2, 1.9, 2, 6.3, 3.3, 2, 6.1, 4.8};
	double far[27];
	struct ancova *a, *b;
	struct ancova_pair pa[3], pb[3];

	for (size_t i = 0; i < 27; i++)
		far[i] = i % 3 == 0 ? base[i] : base[i] + 1e6;
	CHECK_INT(fit_rows(3, 1, base, 9, &a), GSL_SUCCESS);
	CHECK_INT(fit_rows(3, 1, far, 9, &b), GSL_SUCCESS);
	CHECK_CLOSE(b->group.F, a->group.F, 1e-8);
	CHECK_CLOSE(b->covariate[0].F, a->covariate[0].F, 1e-8);
	CHECK_CLOSE(b->slope[0], a->slope[0], 1e-8);
	CHECK_CLOSE(b->slopes.F, a->slopes.F, 1e-7);
	CHECK_CLOSE(b->emm[1].emm - 1e6, a->emm[1].emm, 1e-8);
	CHECK_CLOSE(b->emm[1].se, a->emm[1].se, 1e-8);
	CHECK_INT(ancova_pairwise(a, ANCOVA_NONE, pa), GSL_SUCCESS);
	CHECK_INT(ancova_pairwise(b, ANCOVA_NONE, pb), GSL_SUCCESS);
	CHECK_CLOSE(pb[2].t, pa[2].t, 1e-8);
	ancova_free(a);
	ancova_free(b);
}
