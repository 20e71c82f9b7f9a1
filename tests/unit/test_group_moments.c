/* models/group_moments: one-pass moments against two passes over the same data (models/oneway),
 * merging, rejected rows and values near 1e6 with a small spread. */
#include "test.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#include "model_ref.h"
#include "models/group_moments.h"
#include "models/oneway.h"

static const char *const scales[] = {"involvement", "trust", "satisfaction", "negemo", "pwom"};

/* The wave's five scales by scenario, rows [from, to). */
static void add_rows(struct group_moments *m, const struct reftable *t, size_t from, size_t to)
{
	const double *g = refcol(t, "scenario");

	for (size_t i = from; i < to; i++) {
		double x[5];
		for (size_t j = 0; j < 5; j++)
			x[j] = refcol(t, scales[j])[i];
		CHECK_INT(group_moments_add(m, (size_t)g[i] - 1, x), GSL_SUCCESS);
	}
}

TEST(group_moments_match_two_passes)
{
	struct reftable *t = reftable_read("experiments/wave_between.csv");
	struct group_moments *m = group_moments_alloc(3, 5);
	int *code = malloc(t->n * sizeof *code);
	gsl_matrix *S = gsl_matrix_alloc(5, 5), *W = gsl_matrix_alloc(5, 5), *B = gsl_matrix_alloc(5, 5);
	gsl_matrix *T = gsl_matrix_alloc(5, 5);
	double grand[5];

	add_rows(m, t, 0, t->n);
	CHECK_INT(group_moments_total(m), t->n);
	for (size_t i = 0; i < t->n; i++)
		code[i] = (int)refcol(t, "scenario")[i] - 1;
	for (size_t j = 0; j < 5; j++) {
		struct grouped *g = grouped_alloc(refcol(t, scales[j]), code, t->n, 3);
		struct group_summary two[3], one[3];
		oneway_summaries(g, 0.95, two);
		group_moments_summaries(m, j, 0.95, one);
		for (size_t k = 0; k < 3; k++) {
			CHECK_INT(one[k].n, two[k].n);
			CHECK_CLOSE(one[k].mean, two[k].mean, 1e-13);
			CHECK_CLOSE(one[k].var, two[k].var, 1e-12);
			CHECK_CLOSE(one[k].llci, two[k].llci, 1e-12);
			CHECK(isnan(one[k].median));
		}
		grouped_free(g);
	}
	/* a covariance, and W + B = T about the grand mean */
	group_moments_sscp(m, 1, S);
	{
		double ma = 0, mb = 0, c = 0, n = 0;
		const double *a = refcol(t, "trust"), *b = refcol(t, "pwom");
		for (size_t i = 0; i < t->n; i++)
			if (code[i] == 1)
				ma += a[i], mb += b[i], n++;
		ma /= n, mb /= n;
		for (size_t i = 0; i < t->n; i++)
			if (code[i] == 1)
				c += (a[i] - ma) * (b[i] - mb);
		CHECK_CLOSE(gsl_matrix_get(S, 1, 4), c, 1e-12);
		CHECK_CLOSE(gsl_matrix_get(S, 4, 1), c, 1e-12);
	}
	group_moments_split(m, W, B, T, grand);
	for (size_t a = 0; a < 5; a++) {
		double tot = 0, mean = 0;
		const double *x = refcol(t, scales[a]);
		for (size_t i = 0; i < t->n; i++)
			mean += x[i];
		mean /= (double)t->n;
		for (size_t i = 0; i < t->n; i++)
			tot += (x[i] - mean) * (x[i] - mean);
		CHECK_CLOSE(grand[a], mean, 1e-13);
		CHECK_CLOSE(gsl_matrix_get(T, a, a), tot, 1e-12);
		CHECK_CLOSE(gsl_matrix_get(W, a, a) + gsl_matrix_get(B, a, a), tot, 1e-12);
	}
	free(code);
	gsl_matrix_free(S);
	gsl_matrix_free(W);
	gsl_matrix_free(B);
	gsl_matrix_free(T);
	group_moments_free(m);
	reftable_free(t);
}

TEST(group_moments_merge_equals_one_pass)
{
	struct reftable *t = reftable_read("experiments/wave_between.csv");
	struct group_moments *whole = group_moments_alloc(3, 5), *a = group_moments_alloc(3, 5);
	struct group_moments *b = group_moments_alloc(3, 5), *other = group_moments_alloc(2, 5);

	add_rows(whole, t, 0, t->n);
	add_rows(a, t, 0, 100);
	add_rows(b, t, 100, t->n);
	CHECK_INT(group_moments_merge(a, b), GSL_SUCCESS);
	for (size_t i = 0; i < 3 * 5; i++)
		CHECK_CLOSE(a->mean[i], whole->mean[i], 1e-13);
	for (size_t i = 0; i < 3 * 25; i++)
		if (whole->C[i] != 0)
			CHECK_CLOSE(a->C[i], whole->C[i], 1e-12);
	for (size_t g = 0; g < 3; g++)
		CHECK_INT(a->n[g], whole->n[g]);
	CHECK_INT(group_moments_merge(a, other), GSL_EBADLEN);
	group_moments_reset(a);
	CHECK_INT(group_moments_total(a), 0);
	group_moments_free(whole);
	group_moments_free(a);
	group_moments_free(b);
	group_moments_free(other);
	reftable_free(t);
}

TEST(group_moments_rejects_and_large_offsets)
{
	struct group_moments *m = group_moments_alloc(2, 2);
	struct group_summary s[2];
	double bad[2] = {1, NAN}, inf[2] = {INFINITY, 1};

	CHECK(group_moments_alloc(0, 2) == NULL);
	CHECK(group_moments_alloc(2, 0) == NULL);
	group_moments_free(NULL);
	CHECK_INT(group_moments_add(m, 0, bad), GSL_EDOM);
	CHECK_INT(group_moments_add(m, 0, inf), GSL_EDOM);
	CHECK_INT(group_moments_add(m, 2, (double[]){1, 2}), GSL_EINVAL);
	CHECK_INT(group_moments_total(m), 0);
	/* 1e6 + 0.1 i: variance of 0, 0.1, ..., 0.9 exactly as about 0 */
	for (int i = 0; i < 10; i++)
		CHECK_INT(group_moments_add(m, 1, (double[]){1e6 + 0.1 * i, 0.1 * i}), GSL_SUCCESS);
	group_moments_summaries(m, 0, 0.95, s);
	CHECK_INT(s[0].n, 0);
	CHECK(isnan(s[0].mean) && isnan(s[0].var));
	CHECK_CLOSE(s[1].mean, 1e6 + 0.45, 1e-15);
	CHECK_CLOSE(s[1].var, 0.0916666666666667, 1e-9);
	group_moments_summaries(m, 1, 0.95, s);
	CHECK_CLOSE(s[1].var, 0.0916666666666667, 1e-12);
	group_moments_free(m);
}
