/* models/manova against car::Manova, car::Anova on an mlm with idata/idesign, and Box's M by its
 * published formula: scripts/ref/manova.R writes tests/fixtures/experiments/manova.json; the
 * moments come from the fixture CSVs. Agreement 1e-10 relative for sums of squares and
 * statistics, 1e-9 for the F approximations, p-values 1e-12 absolute. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_vector.h>
#include <jansson.h>

#include "model_ref.h"
#include "models/manova.h"
#include "models/paired.h"

/* Moments of the named columns (outcomes, then covariates) by the 1-based codes of `group`
 * (NULL: one group) in a fixture CSV under experiments/. */
static struct group_moments *moments_of(const char *file, const json_t *cols1, const json_t *cols2, const char *group,
					size_t *k_out)
{
	char path[128];
	struct reftable *t;
	size_t k = 1, n1 = json_array_size(cols1), n2 = json_array_size(cols2);
	struct group_moments *m;
	double x[16];

	snprintf(path, sizeof path, "experiments/%s", file);
	t = reftable_read(path);
	for (size_t i = 0; group && i < t->n; i++)
		k = refcol(t, group)[i] > (double)k ? (size_t)refcol(t, group)[i] : k;
	m = group_moments_alloc(k, n1 + n2);
	for (size_t i = 0; i < t->n; i++) {
		for (size_t j = 0; j < n1; j++)
			x[j] = refcol(t, json_string_value(json_array_get(cols1, j)))[i];
		for (size_t j = 0; j < n2; j++)
			x[n1 + j] = refcol(t, json_string_value(json_array_get(cols2, j)))[i];
		CHECK_INT(group_moments_add(m, group ? (size_t)refcol(t, group)[i] - 1 : 0, x), GSL_SUCCESS);
	}
	reftable_free(t);
	*k_out = k;
	return m;
}

static void check_stat(const struct manova_stat *s, const json_t *ref)
{
	CHECK_CLOSE(s->stat, refnum(ref, "stat"), 1e-10);
	CHECK_CLOSE(s->F, refnum(ref, "F"), 1e-9);
	CHECK_CLOSE(s->df1, refnum(ref, "df1"), 1e-12);
	CHECK_CLOSE(s->df2, refnum(ref, "df2"), 1e-12);
	CHECK_NEAR(s->p, refnum(ref, "p"), 1e-12);
}

static void check_test(const struct manova_test *t, const json_t *ref)
{
	json_t *eig = json_object_get(ref, "eigen");

	CHECK_CLOSE(t->q, refnum(ref, "q"), 0);
	CHECK_CLOSE(t->df_error, refnum(ref, "df_error"), 0);
	CHECK_INT(json_array_size(eig), t->p);
	for (size_t i = 0; i < t->p; i++)
		CHECK_NEAR(t->eigen[i], json_number_value(json_array_get(eig, i)), 1e-10 * GSL_MAX(1, t->eigen[0]));
	check_stat(&t->pillai, json_object_get(ref, "pillai"));
	check_stat(&t->wilks, json_object_get(ref, "wilks"));
	check_stat(&t->hotelling, json_object_get(ref, "hotelling"));
	check_stat(&t->roy, json_object_get(ref, "roy"));
}

static void check_matrix(const gsl_matrix *got, const json_t *ref)
{
	for (size_t i = 0; i < got->size1; i++)
		for (size_t j = 0; j < got->size2; j++)
			CHECK_CLOSE(gsl_matrix_get(got, i, j), json_number_value(json_array_get(json_array_get(ref, i), j)),
				    1e-10);
}

TEST(manova_matches_car)
{
	json_t *ref = refjson("experiments/manova.json"), *c;
	size_t ci, cases = 0;

	json_array_foreach(json_object_get(ref, "between"), ci, c) {
		json_t *ys = json_object_get(c, "outcomes"), *covs = json_object_get(c, "covariates"), *row;
		size_t k, p = json_array_size(ys), nc = json_array_size(covs), i;
		struct group_moments *m = moments_of(json_string_value(json_object_get(c, "file")), ys, covs,
						     json_string_value(json_object_get(c, "group")), &k);
		struct manova *f = manova_alloc(k, p, nc);
		json_t *box = json_object_get(c, "box");

		CHECK_INT(manova_fit(f, m), GSL_SUCCESS);
		CHECK_INT(f->problem, MANOVA_OK);
		check_test(&f->group, json_object_get(c, "group_test"));
		check_matrix(f->E, json_object_get(c, "E"));
		check_matrix(f->H, json_object_get(c, "H"));
		json_array_foreach(json_object_get(c, "covariate_tests"), i, row)
			check_test(&f->covariate[i], row);
		json_array_foreach(json_object_get(c, "univariate"), i, row) {
			const struct manova_univariate *u = &f->univariate[i];
			CHECK_CLOSE(u->ss, refnum(row, "ss"), 1e-10);
			CHECK_CLOSE(u->df, refnum(row, "df"), 0);
			CHECK_CLOSE(u->ss_error, refnum(row, "ss_error"), 1e-10);
			CHECK_CLOSE(u->df_error, refnum(row, "df_error"), 0);
			CHECK_CLOSE(u->F, refnum(row, "F"), 1e-10);
			CHECK_NEAR(u->p, refnum(row, "p"), 1e-12);
			CHECK_CLOSE(u->partial_eta2, u->ss / (u->ss + refnum(row, "ss_error")), 1e-10);
		}
		if (json_object_get(box, "M")) {
			CHECK_INT(f->box.problem, BOX_M_OK);
			CHECK_CLOSE(f->box.M, refnum(box, "M"), 1e-10);
			CHECK_CLOSE(f->box.c1, refnum(box, "c1"), 1e-12);
			CHECK_CLOSE(f->box.chi2, refnum(box, "chi2"), 1e-10);
			CHECK_CLOSE(f->box.df, refnum(box, "df"), 0);
			CHECK_NEAR(f->box.p, refnum(box, "p"), 1e-12);
			for (size_t g = 0; g <= k; g++)
				CHECK_CLOSE(f->box.log_det[g], json_number_value(json_array_get(json_object_get(box, "log_det"), g)),
					    1e-10);
		} else { /* three flowers a species, four outcomes: every covariance matrix is singular */
			CHECK_INT(f->box.problem, BOX_M_SINGULAR_GROUP);
			CHECK_INT(f->box.bad_group, 0);
			CHECK(isnan(f->box.chi2));
		}
		manova_free(f);
		group_moments_free(m);
		cases++;
	}
	json_array_foreach(json_object_get(ref, "within"), ci, c) {
		json_t *ys = json_object_get(c, "conditions"), *none = json_array();
		const char *g = json_string_value(json_object_get(c, "group"));
		size_t k, p = json_array_size(ys);
		struct group_moments *m = moments_of(json_string_value(json_object_get(c, "file")), ys, none, g, &k);
		struct manova_within *w = manova_within_alloc(p, k);

		CHECK_INT(manova_within_fit(w, m), GSL_SUCCESS);
		check_test(&w->within, json_object_get(c, "within"));
		if (g)
			check_test(&w->interaction, json_object_get(c, "interaction"));
		else
			CHECK_CLOSE(w->within.hotelling.stat * w->within.df_error, refnum(c, "T2"), 1e-10);
		manova_within_free(w);
		group_moments_free(m);
		json_decref(none);
		cases++;
	}
	CHECK_INT(cases, 8);
	json_decref(ref);
}

/* Moments of rows (g, v_1..v_q). */
static struct group_moments *rows_of(size_t k, size_t q, const double *rows, size_t n)
{
	struct group_moments *m = group_moments_alloc(k, q);

	for (size_t i = 0; i < n; i++)
		CHECK_INT(group_moments_add(m, (size_t)rows[i * (q + 1)], rows + i * (q + 1) + 1), GSL_SUCCESS);
	return m;
}

static enum manova_problem fit_rows(size_t k, size_t p, size_t c, const double *rows, size_t n, size_t *bad,
				    struct manova **keep)
{
	struct group_moments *m = rows_of(k, p + c, rows, n);
	struct manova *f = manova_alloc(k, p, c);
	enum manova_problem why;

	manova_fit(f, m);
	why = f->problem;
	*bad = f->bad;
	group_moments_free(m);
	if (keep)
		*keep = f;
	else
		manova_free(f);
	return why;
}

TEST(manova_refuses_with_a_reason)
{
	/* g, y1, y2, y3 */
	const double rows[] = {0, 1.0, 2.0, 3.3, 0, 2.2, 2.9, 4.1, 0, 2.9, 4.4, 3.0, 0, 3.5, 3.1, 2.2,
			       1, 3.1, 2.2, 5.0, 1, 4.4, 3.9, 4.6, 1, 4.0, 5.1, 6.2, 1, 5.2, 4.4, 5.3,
			       2, 5.5, 2.0, 6.6, 2, 6.1, 3.5, 7.7, 2, 6.9, 3.8, 6.1, 2, 5.8, 4.9, 7.3};
	double collinear[12 * 4], constant[12 * 4], two_each[6 * 4], by_group[12 * 3];
	struct manova *f;
	size_t bad;

	CHECK_INT(fit_rows(3, 3, 0, rows, 12, &bad, &f), MANOVA_OK);
	CHECK(isfinite(f->group.pillai.p) && f->box.problem == BOX_M_OK);
	manova_free(f);
	for (size_t i = 0; i < 12; i++) {
		for (size_t j = 0; j < 4; j++)
			collinear[i * 4 + j] = constant[i * 4 + j] = rows[i * 4 + j];
		collinear[i * 4 + 3] = rows[i * 4 + 1] - 2 * rows[i * 4 + 2];
		constant[i * 4 + 2] = 7;
	}
	CHECK_INT(fit_rows(3, 3, 0, collinear, 12, &bad, NULL), MANOVA_COLLINEAR_OUTCOMES);
	CHECK_INT(bad, 2);
	CHECK_INT(fit_rows(3, 3, 0, constant, 12, &bad, NULL), MANOVA_CONSTANT_OUTCOME);
	CHECK_INT(bad, 1);
	/* more outcomes than error df: 2 cases in each of 3 groups, 3 outcomes (df_e = 3 is enough
	 * for E; 4 outcomes would not be) */
	for (size_t g = 0; g < 3; g++)
		for (size_t j = 0; j < 8; j++)
			two_each[g * 8 + j] = rows[g * 16 + j];
	CHECK_INT(fit_rows(3, 3, 0, two_each, 6, &bad, &f), MANOVA_OK);
	CHECK_INT(f->box.problem, BOX_M_SINGULAR_GROUP); /* n_g - 1 = 1 < 3 */
	manova_free(f);
	CHECK_INT(fit_rows(3, 3, 0, two_each, 5, &bad, NULL), MANOVA_TOO_FEW_CASES);
	/* an empty group, one group */
	CHECK_INT(fit_rows(4, 3, 0, rows, 12, &bad, NULL), MANOVA_EMPTY_GROUP);
	CHECK_INT(bad, 3);
	CHECK_INT(fit_rows(1, 3, 0, rows, 4, &bad, NULL), MANOVA_TOO_FEW_GROUPS);
	/* a group of one: the MANOVA stands, Box's M cannot */
	CHECK_INT(fit_rows(3, 3, 0, rows, 9, &bad, &f), MANOVA_OK);
	CHECK_INT(f->box.problem, BOX_M_SINGULAR_GROUP);
	CHECK_INT(f->box.bad_group, 2);
	manova_free(f);
	/* (g, y, x) with the covariate a function of the group: constant within groups */
	for (size_t i = 0; i < 12; i++) {
		by_group[i * 3] = rows[i * 4];
		by_group[i * 3 + 1] = rows[i * 4 + 2];
		by_group[i * 3 + 2] = rows[i * 4] * 2 + 1;
	}
	CHECK_INT(fit_rows(3, 1, 1, by_group, 12, &bad, NULL), MANOVA_CONSTANT_WITHIN);
	CHECK_INT(bad, 0);
	manova_free(NULL);
	manova_within_free(NULL);
	CHECK(manova_within_alloc(1, 1) == NULL);
}

/* Two conditions: the multivariate test is the paired t test squared. */
TEST(manova_within_two_conditions_is_paired_t)
{
	const double a[] = {3.1, 4.2, 2.7, 5.0, 6.3, 5.9, 7.4, 6.8}, b[] = {2.0, 4.0, 3.1, 3.9, 5.0, 6.1, 5.2, 5.5};
	struct group_moments *m = group_moments_alloc(1, 2);
	struct manova_within *w = manova_within_alloc(2, 1);
	gsl_vector_const_view va = gsl_vector_const_view_array(a, 8), vb = gsl_vector_const_view_array(b, 8);
	struct paired_t t;

	for (size_t i = 0; i < 8; i++)
		group_moments_add(m, 0, (double[]){a[i], b[i]});
	CHECK_INT(manova_within_fit(w, m), GSL_SUCCESS);
	CHECK_INT(paired_t_test(&va.vector, &vb.vector, 0.95, &t), GSL_SUCCESS);
	CHECK_CLOSE(w->within.pillai.F, t.t * t.t, 1e-12);
	CHECK_CLOSE(w->within.wilks.F, t.t * t.t, 1e-12);
	CHECK_CLOSE(w->within.roy.F, t.t * t.t, 1e-12);
	CHECK_NEAR(w->within.hotelling.p, t.p, 1e-12);
	manova_within_free(w);
	group_moments_free(m);
	/* three conditions, two subjects: E cannot be inverted */
	m = group_moments_alloc(1, 3);
	w = manova_within_alloc(3, 1);
	group_moments_add(m, 0, (double[]){1, 2, 4});
	group_moments_add(m, 0, (double[]){2, 2, 5});
	CHECK_INT(manova_within_fit(w, m), GSL_EDOM);
	CHECK_INT(w->problem, MANOVA_TOO_FEW_CASES);
	manova_within_free(w);
	group_moments_free(m);
}
