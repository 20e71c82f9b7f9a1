/* models/htmt against semTools::htmt 0.5-6 (HTMT, HTMT2 and the signed HTMT) on psych's bfi and
 * the bundled wave, and its bootstrap against an R percentile bootstrap of the same ratios
 * (scripts/ref/htmt.R, tests/fixtures/htmt.json); then the bootstrap's thread invariance and the
 * data and specifications it refuses. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "model_ref.h"
#include "models/htmt.h"
#include "refdata.h"

/* reverse-keyed items of tests/fixtures/bfi.codebook.csv and data/wave-between.codebook.csv */
static const char *const reversed[] = {"A1", "C4", "C5", "E1", "E2", "O2", "O5", "inv_4", "tru_3", "sat_2", NULL};

struct items {
	gsl_matrix *x;
	size_t construct[64], p, k;
};

static void items_read(struct items *it, const json_t *ref, const char *key, const char *path, double hi)
{
	struct table t;
	char buf[64];

	snprintf(buf, sizeof buf, "%s.items", key);
	CHECK_INT(table_read(path, &t), 0);
	it->x = table_scales(&t, refget(ref, buf), reversed, 1, hi, it->construct, &it->p);
	it->k = json_array_size(refget(ref, buf));
	table_free(&t);
}

static void check_matrix(const gsl_matrix *m, const json_t *ref, const char *key, const char *what)
{
	for (size_t a = 0; a < m->size1; a++)
		for (size_t b = 0; b < m->size2; b++) {
			char path[96];
			snprintf(path, sizeof path, "%s.%s[%zu][%zu]", key, what, a, b);
			CHECK_CLOSE(gsl_matrix_get(m, a, b), refnum(ref, path), 1e-9);
		}
}

static void check_dataset(const char *key, const char *path, double hi)
{
	json_t *ref = refjson("htmt.json");
	struct items it;
	struct htmt *h;
	struct htmt_spec s;
	char buf[64];

	items_read(&it, ref, key, path, hi);
	snprintf(buf, sizeof buf, "%s.n", key);
	CHECK_INT(it.x->size1, (long long)refnum(ref, buf));
	s = (struct htmt_spec){it.p, it.k, it.construct, 1};
	h = htmt_alloc(it.p, it.k);
	CHECK_INT(htmt_compute(h, it.x, &s), GSL_SUCCESS);
	check_matrix(h->ratio, ref, key, "htmt");
	check_matrix(h->ratio2, ref, key, "htmt2");
	s.absolute = 0;
	CHECK_INT(htmt_compute(h, it.x, &s), GSL_SUCCESS);
	check_matrix(h->ratio, ref, key, "htmt_signed");
	htmt_free(h);
	gsl_matrix_free(it.x);
	json_decref(ref);
}

TEST(htmt_bfi_matches_semtools)
{
	check_dataset("bfi", "tests/fixtures/bfi.csv", 6);
}

TEST(htmt_wave_matches_semtools)
{
	check_dataset("wave_between", "data/wave-between.csv", 7);
}

TEST(htmt_pairs_in_order)
{
	size_t a, b, q = 0;

	CHECK_INT(htmt_n_pairs(5), 10);
	CHECK_INT(htmt_n_pairs(1), 0);
	CHECK_INT(htmt_n_pairs(0), 0);
	for (size_t i = 0; i < 5; i++)
		for (size_t j = i + 1; j < 5; j++, q++) {
			htmt_pair(5, q, &a, &b);
			CHECK(a == i && b == j);
		}
}

/* Percentile CIs of 5,000 resamples within Monte-Carlo error of R's 20,000 (the endpoints of
 * either differ by about 0.04 bootstrap SEs at one SD); the same draws at 1, 2 and 4 threads. */
TEST(htmt_bootstrap_matches_r_and_threads)
{
	json_t *ref = refjson("htmt.json");
	struct items it;
	struct htmt *h;
	struct htmt_spec s;
	struct htmt_interval ci[20];
	gsl_matrix *d1, *d2, *d4;
	size_t rep, P;

	items_read(&it, ref, "wave_between", "data/wave-between.csv", 7);
	s = (struct htmt_spec){it.p, it.k, it.construct, 1};
	P = htmt_n_pairs(it.k);
	h = htmt_alloc(it.p, it.k);
	d1 = gsl_matrix_alloc(5000, 2 * P);
	d2 = gsl_matrix_alloc(5000, 2 * P);
	d4 = gsl_matrix_alloc(5000, 2 * P);
	CHECK_INT(htmt_compute(h, it.x, &s), GSL_SUCCESS);
	CHECK_INT(htmt_bootstrap(it.x, &s, 5000, 1, 1, d1, &rep), GSL_SUCCESS);
	CHECK_INT(htmt_bootstrap(it.x, &s, 5000, 1, 2, d2, &rep), GSL_SUCCESS);
	CHECK_INT(htmt_bootstrap(it.x, &s, 5000, 1, 4, d4, &rep), GSL_SUCCESS);
	CHECK(memcmp(d1->data, d2->data, 5000 * 2 * P * sizeof(double)) == 0);
	CHECK(memcmp(d1->data, d4->data, 5000 * 2 * P * sizeof(double)) == 0);
	CHECK_INT(htmt_intervals(h, d1, 0.95, ci), GSL_SUCCESS);
	for (size_t q = 0; q < P; q++) {
		char path[96];
		double se, se2;
		snprintf(path, sizeof path, "wave_between.boot.htmt_se[%zu]", q);
		se = refnum(ref, path);
		snprintf(path, sizeof path, "wave_between.boot.htmt2_se[%zu]", q);
		se2 = refnum(ref, path);
		CHECK_CLOSE(ci[q].se, se, 0.05);
		CHECK_CLOSE(ci[P + q].se, se2, 0.05);
		snprintf(path, sizeof path, "wave_between.boot.htmt_llci[%zu]", q);
		CHECK_NEAR(ci[q].llci, refnum(ref, path), 0.2 * se);
		snprintf(path, sizeof path, "wave_between.boot.htmt_ulci[%zu]", q);
		CHECK_NEAR(ci[q].ulci, refnum(ref, path), 0.2 * se);
		snprintf(path, sizeof path, "wave_between.boot.htmt2_llci[%zu]", q);
		CHECK_NEAR(ci[P + q].llci, refnum(ref, path), 0.2 * se2);
		snprintf(path, sizeof path, "wave_between.boot.htmt2_ulci[%zu]", q);
		CHECK_NEAR(ci[P + q].ulci, refnum(ref, path), 0.2 * se2);
		CHECK(ci[q].a < ci[q].b);
		CHECK_CLOSE(ci[q].est, gsl_matrix_get(h->ratio, ci[q].a, ci[q].b), 0);
		CHECK_CLOSE(ci[P + q].est, gsl_matrix_get(h->ratio2, ci[q].a, ci[q].b), 0);
		/* the bundled constructs are distinct: every ratio is well below both thresholds */
		CHECK(!ci[q].above_strict && ci[q].supported_strict && ci[q].supported_lenient);
	}
	htmt_free(h);
	gsl_matrix_free(d1);
	gsl_matrix_free(d2);
	gsl_matrix_free(d4);
	gsl_matrix_free(it.x);
	json_decref(ref);
}

/* Two constructs measured by nearly the same items: HTMT near 1, flagged at both thresholds,
 * its upper bound above them. */
TEST(htmt_flags_overlapping_constructs)
{
	const double base[12][2] = {{1, 2}, {2, 1}, {3, 3}, {4, 5}, {5, 4}, {2, 2},
				    {3, 4}, {4, 3}, {5, 5}, {1, 1}, {2, 3}, {4, 4}};
	const size_t construct[] = {0, 0, 1, 1};
	gsl_matrix *x = gsl_matrix_alloc(12, 4), *draws = gsl_matrix_alloc(400, 2);
	struct htmt_spec s = {4, 2, construct, 1};
	struct htmt *h = htmt_alloc(4, 2);
	struct htmt_interval ci[2];
	size_t rep;

	for (size_t i = 0; i < 12; i++) {
		gsl_matrix_set(x, i, 0, base[i][0]);
		gsl_matrix_set(x, i, 1, base[i][0] + (i % 3 == 0));
		gsl_matrix_set(x, i, 2, base[i][0] + (i % 4 == 1));
		gsl_matrix_set(x, i, 3, base[i][1]);
	}
	CHECK_INT(htmt_compute(h, x, &s), GSL_SUCCESS);
	CHECK(gsl_matrix_get(h->ratio, 0, 1) > 0.9);
	CHECK_INT(htmt_bootstrap(x, &s, 400, 7, 2, draws, &rep), GSL_SUCCESS);
	CHECK_INT(htmt_intervals(h, draws, 0.95, ci), GSL_SUCCESS);
	CHECK(ci[0].above_strict && ci[0].above_lenient);
	CHECK(!ci[0].supported_strict && !ci[0].supported_lenient);
	htmt_free(h);
	gsl_matrix_free(x);
	gsl_matrix_free(draws);
}

TEST(htmt_refuses_bad_input)
{
	const double v[6][4] = {{1, 2, 3, 1}, {2, 2, 4, 2}, {3, 1, 5, 1}, {4, 3, 5, 3}, {5, 4, 6, 2}, {2, 5, 2, 4}};
	gsl_matrix *x = gsl_matrix_alloc(6, 4);
	struct htmt *h = htmt_alloc(4, 2);
	size_t c[4] = {0, 0, 1, 1};
	struct htmt_spec s = {4, 2, c, 1};

	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 4; j++)
			gsl_matrix_set(x, i, j, v[i][j]);
	CHECK_INT(htmt_compute(h, x, &s), GSL_SUCCESS);
	/* a construct with one item */
	c[1] = 1;
	CHECK_INT(htmt_compute(h, x, &s), GSL_EINVAL);
	CHECK_INT(h->problem, HTMT_ONE_ITEM);
	CHECK_INT(h->bad, 0);
	/* a construct index out of range */
	c[1] = 2;
	CHECK_INT(htmt_compute(h, x, &s), GSL_EINVAL);
	CHECK_INT(h->problem, HTMT_BAD_CONSTRUCT);
	CHECK_INT(h->bad, 1);
	c[1] = 0;
	/* a constant item */
	for (size_t i = 0; i < 6; i++)
		gsl_matrix_set(x, i, 2, 4);
	CHECK_INT(htmt_compute(h, x, &s), GSL_EDOM);
	CHECK_INT(h->problem, HTMT_CONSTANT_ITEM);
	CHECK_INT(h->bad, 2);
	/* two items of one construct correlating -1: the signed monotrait mean is negative */
	for (size_t i = 0; i < 6; i++)
		gsl_matrix_set(x, i, 2, -v[i][3]);
	s.absolute = 0;
	CHECK_INT(htmt_compute(h, x, &s), GSL_EDOM);
	CHECK_INT(h->problem, HTMT_MONOTRAIT);
	CHECK_INT(h->bad, 1);
	s.absolute = 1;
	CHECK_INT(htmt_compute(h, x, &s), GSL_SUCCESS);
	/* a value that is not finite; too few cases */
	gsl_matrix_set(x, 4, 1, NAN);
	CHECK_INT(htmt_compute(h, x, &s), GSL_EDOM);
	CHECK_INT(h->problem, HTMT_NOT_FINITE);
	CHECK_INT(h->bad_row, 4);
	CHECK_INT(h->bad, 1);
	{
		gsl_matrix_view two = gsl_matrix_submatrix(x, 0, 0, 2, 4);
		CHECK_INT(htmt_compute(h, &two.matrix, &s), GSL_EDOM);
		CHECK_INT(h->problem, HTMT_TOO_FEW_CASES);
	}
	htmt_free(h);
	gsl_matrix_free(x);
}
