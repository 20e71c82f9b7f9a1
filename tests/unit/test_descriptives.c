/* models/descriptives against R (psych::describe type 2, quantile type 6):
 * scripts/ref/descriptives.R prints the reference values used here. */
#include "test.h"

#include <math.h>

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
