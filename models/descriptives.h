/* Univariate descriptive statistics, as SPSS/PSPP DESCRIPTIVES/EXAMINE define them.
 *
 * mean, variance (n - 1), SD;
 * skewness G1 = n / ((n-1)(n-2)) * sum(((x - m)/s)^3), SE = sqrt(6n(n-1) / ((n-2)(n+1)(n+3)));
 * kurtosis G2 = n(n+1) / ((n-1)(n-2)(n-3)) * sum(((x - m)/s)^4) - 3(n-1)^2 / ((n-2)(n-3)),
 *   SE = 2 SE_skew sqrt((n^2 - 1) / ((n-3)(n+5)));
 * (Joanes & Gill 1998, "type 2"; equal to R e1071 type = 2 and psych::describe(type = 2)).
 * Sums are taken about the mean in a second pass, so data near 1e6 with a small spread keep
 * their variance. Percentiles use position p(n+1) with linear interpolation (SPSS, PROCESS,
 * R quantile type 6). Missing values (NaN) are skipped everywhere. */
#ifndef SURVEYKIT_MODELS_DESCRIPTIVES_H
#define SURVEYKIT_MODELS_DESCRIPTIVES_H

#include <stddef.h>

/* moments_compute measures deviations from the mean in units of the largest one when that lies
 * outside [MOMENTS_UNIT_MIN, MOMENTS_UNIT_MAX]: d^4 of a spread near 1e80 would overflow and d^2
 * of a spread near 1e-160 underflow. Inside the interval the plain sums are used. */
#define MOMENTS_UNIT_MIN 1e-64
#define MOMENTS_UNIT_MAX 1e64

struct moments {
	size_t n;
	double mean;
	double var, sd;             /* NaN when n < 2 */
	double min, max;            /* NaN when n = 0 */
	double skewness, se_skewness; /* NaN when n < 3 or s = 0 */
	double kurtosis, se_kurtosis; /* NaN when n < 4 or s = 0 */
};

/* Moments of the non-NaN values of x[0..n) taken with `stride`. */
void moments_compute(const double *x, size_t stride, size_t n, struct moments *m);

/* Moments of data given as distinct values and their frequencies (survey items: a handful of
 * answer codes), exactly as moments_compute would give for the expanded data. */
void moments_from_counts(const double *values, const size_t *counts, size_t k, struct moments *m);

/* Order statistics of data with few distinct values (a scale score is the mean of k answers on a
 * short scale: a few dozen values over 1,000,000 respondents) are read from a table of the
 * distinct values and their frequencies, built in one pass, instead of being selected; the value
 * at any position is the same, bit for bit, as selection or sorting would give. */
#define ORDER_COUNT_MAX 512
struct value_counts {
	size_t n;                      /* values counted (NaN skipped) */
	size_t distinct;
	double value[ORDER_COUNT_MAX]; /* the distinct values, ascending */
	size_t below[ORDER_COUNT_MAX]; /* how many values are smaller than value[i] */
};
/* Counts the non-NaN values of x[0..n): 0, or -1 when they take more than ORDER_COUNT_MAX distinct
 * values (vc is then not usable). -0 counts as 0. */
int value_counts(const double *x, size_t n, struct value_counts *vc);
/* The value at 0-based position r (r < vc->n) of the values counted, in ascending order. */
double value_counts_select(const struct value_counts *vc, size_t r);
/* The median of x[0..n) (no NaN, n >= 1) as gsl_stats_median computes it (the middle value, or
 * the mean of the two middle values); `work` holds n doubles (x is not changed). */
double median_exact(const double *x, size_t n, double *work);

/* The p-th quantile (0 <= p <= 1) of sorted[0..n), position p(n+1), clamped to the extremes. */
double quantile_type6_sorted(const double *sorted, size_t n, double p);
/* Copies the non-NaN values of x into `work` (n doubles), sorts them and returns how many. */
size_t sorted_finite(const double *x, size_t n, double *work);
/* The p-th quantile (type 6) of the non-NaN values of x by counting or selection (O(n), no full
 * sort); `work` holds n doubles. NaN when there are none. */
double quantile_type6(const double *x, size_t n, double p, double *work);
/* The p-th quantile (type 6) of the m values in w (no NaN; reordered by the selection), or, when
 * vc is not NULL, of the same values counted in vc (w is then not read): several quantiles of
 * one set of values share its counting. NaN when m = 0. */
double quantile_type6_select(double *w, size_t m, const struct value_counts *vc, double p);
/* Median of the non-NaN values; `work` holds n doubles. NaN when none. */
double median_of(const double *x, size_t n, double *work);

#endif
