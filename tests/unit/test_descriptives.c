/* models/descriptives against R (psych::describe type 2, quantile type 6):
 * scripts/ref/descriptives.R prints the reference values used here. */
#include "test.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "models/descriptives.h"

static const double x12[] = {2, 4, 4, 5, 7, 1, 3, 6, 6, 5, 5.5, 1e-3};

TEST(moments_match_r)
{
	struct moments m;

	moments_compute(x12, 1, 12, &m);
	CHECK_INT(m.n, 12);
	CHECK_CLOSE(m.mean, 4.0417500000000004, 1e-12);
	CHECK_CLOSE(m.sd, 2.1578837328608449, 1e-12);
	CHECK_CLOSE(m.skewness, -0.62962571199241069, 1e-10);
	CHECK_CLOSE(m.kurtosis, -0.52351542578981247, 1e-10);
	CHECK_CLOSE(m.min, 1e-3, 0);
	CHECK_CLOSE(m.max, 7, 0);
}

TEST(moments_skip_missing_and_stride)
{
	double x[] = {1, 100, NAN, 100, 3, 100, 5, 100};
	struct moments m;

	moments_compute(x, 2, 4, &m);
	CHECK_INT(m.n, 3);
	CHECK_CLOSE(m.mean, 3, 1e-15);
	CHECK_CLOSE(m.var, 4, 1e-15);
	CHECK(isnan(m.kurtosis)); /* n < 4 */
}

TEST(moments_edge_cases)
{
	double one = 5, con[] = {3, 3, 3, 3, 3};
	struct moments m;

	moments_compute(NULL, 1, 0, &m);
	CHECK_INT(m.n, 0);
	CHECK(isnan(m.mean) && isnan(m.sd));
	moments_compute(&one, 1, 1, &m);
	CHECK_CLOSE(m.mean, 5, 0);
	CHECK(isnan(m.sd));
	moments_compute(con, 1, 5, &m);
	CHECK_CLOSE(m.sd, 0, 0);
	CHECK(isnan(m.skewness)); /* zero variance: undefined, not a number */
}

TEST(moments_large_offset)
{
	/* 1e6 + {0.1, 0.2, 0.3}: a one-pass sum of squares loses the variance (0.01) */
	double x[] = {1e6 + 0.1, 1e6 + 0.2, 1e6 + 0.3};
	struct moments m;

	moments_compute(x, 1, 3, &m);
	CHECK_CLOSE(m.var, 0.01, 1e-8);
}

TEST(quantile_type6_matches_r)
{
	double work[12];
	size_t n = sorted_finite(x12, 12, work);

	CHECK_CLOSE(quantile_type6_sorted(work, n, .16), 1.0800000000000001, 1e-12);
	CHECK_CLOSE(quantile_type6_sorted(work, n, .5), 4.5, 1e-12);
	CHECK_CLOSE(quantile_type6_sorted(work, n, .84), 6, 1e-12);
	CHECK_CLOSE(quantile_type6_sorted(work, n, .01), 1e-3, 0); /* clamped */
	CHECK(isnan(quantile_type6_sorted(work, 0, .5)));
}

TEST(quantile_by_selection_equals_sorted_quantile)
{
	double work[12], sorted[12];
	size_t n = sorted_finite(x12, 12, sorted);

	for (double p = 0; p <= 1.0001; p += 0.05)
		CHECK_CLOSE(quantile_type6(x12, 12, p, work), quantile_type6_sorted(sorted, n, p), 1e-15);
	CHECK_CLOSE(median_of(x12, 12, work), 4.5, 1e-15);
}

/* Scores on a grid of 1/5 steps (means of five 1..7 answers) and values that are all distinct,
 * from a fixed linear congruential sequence; every fifth score missing. */
static void grid_scores(double *x, size_t n, int distinct)
{
	unsigned long s = 12345;

	for (size_t i = 0; i < n; i++) {
		s = (s * 1103515245UL + 12345UL) % 2147483648UL;
		x[i] = distinct ? (double)i / 7.0 - 30 : 1 + (double)(s % 31) / 5.0;
		if (i % 5 == 3)
			x[i] = NAN;
	}
}

TEST(quantiles_by_counting_equal_sorted_quantiles)
{
	enum { N = 3001 };
	static double x[N], sorted[N], work[N], fin[N];

	for (int distinct = 0; distinct <= 1; distinct++) {
		struct value_counts vc;
		size_t n;
		grid_scores(x, N, distinct);
		n = sorted_finite(x, N, sorted);
		/* few distinct values are counted; more than ORDER_COUNT_MAX fall back to selection */
		CHECK_INT(value_counts(x, N, &vc), distinct ? -1 : 0);
		if (!distinct) {
			CHECK_INT(vc.n, n);
			CHECK_INT(vc.distinct, 31);
			for (size_t r = 0; r < n; r += 97)
				CHECK_CLOSE(value_counts_select(&vc, r), sorted[r], 0);
			CHECK_CLOSE(value_counts_select(&vc, n - 1), sorted[n - 1], 0);
		}
		for (double p = 0; p <= 1.0001; p += 0.01)
			CHECK_CLOSE(quantile_type6(x, N, p, work), quantile_type6_sorted(sorted, n, p), 0);
		/* the median as gsl_stats_median gives it, for an even and an odd count */
		for (size_t m = n - 1; m <= n; m++) {
			size_t k = 0;
			double want;
			for (size_t i = 0; i < N; i++)
				if (!isnan(x[i]))
					fin[k++] = x[i];
			memcpy(work, fin, m * sizeof *work);
			want = gsl_stats_median(work, 1, m);
			CHECK_CLOSE(median_exact(fin, m, work), want, 0);
		}
	}
}

TEST(value_counts_edge_cases)
{
	double none[] = {NAN, NAN}, zeros[] = {-0.0, 0.0, 2, -0.0}, work[4];
	struct value_counts vc;

	CHECK_INT(value_counts(none, 2, &vc), 0);
	CHECK_INT(vc.n, 0);
	CHECK(isnan(quantile_type6(none, 2, 0.5, work)));
	CHECK_INT(value_counts(zeros, 4, &vc), 0);
	CHECK_INT(vc.distinct, 2); /* -0 and 0 are one value */
	CHECK_CLOSE(value_counts_select(&vc, 2), 0, 0);
	CHECK_CLOSE(value_counts_select(&vc, 3), 2, 0);
	CHECK_CLOSE(median_exact(zeros, 4, work), 0, 0);
}

TEST(moments_from_counts_equal_moments_of_the_data)
{
	double data[] = {1, 2, 2, 3, 3, 3, 5, 7, 7, 7, 7}, values[] = {1, 2, 3, 5, 7, 4};
	size_t counts[] = {1, 2, 3, 1, 4, 0};
	struct moments a, b;

	moments_compute(data, 1, 11, &a);
	moments_from_counts(values, counts, 6, &b);
	CHECK_INT(b.n, a.n);
	CHECK_CLOSE(b.mean, a.mean, 1e-14);
	CHECK_CLOSE(b.sd, a.sd, 1e-14);
	CHECK_CLOSE(b.skewness, a.skewness, 1e-12);
	CHECK_CLOSE(b.kurtosis, a.kurtosis, 1e-12);
	CHECK(b.min == 1 && b.max == 7);
}
