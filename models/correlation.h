/* Pearson correlations with their two-sided t tests (as R's cor.test and psych::corr.test with
 * adjust = "none"): r = S_xy / sqrt(S_xx S_yy) over the cases where both values are present
 * (pairwise deletion), t = r sqrt((n - 2) / (1 - r^2)) on n - 2 df. Sums are taken about the
 * pair's means in a second pass. */
#ifndef SURVEYKIT_MODELS_CORRELATION_H
#define SURVEYKIT_MODELS_CORRELATION_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

struct correlation {
	double r, t, p;
	size_t n;
};

/* NaN in x or y marks a missing value. r, t and p are NaN when fewer than 3 pairs are present or
 * either variable is constant over them (GSL_EDOM is returned then). */
int correlation_pair(const double *x, const double *y, size_t n, struct correlation *out);

/* Every pair of the columns of data (n x k): r and p (k x k; the diagonal r = 1, p = 0), and the
 * pairwise n when count is not NULL. Returns GSL_EDOM when some pair could not be computed (its
 * cells are NaN), GSL_EBADLEN for matrices of the wrong size, GSL_ENOMEM, GSL_SUCCESS otherwise. */
int correlation_matrix(const gsl_matrix *data, gsl_matrix *r, gsl_matrix *p, gsl_matrix *count);
/* The same for k variables held as separate arrays cols[0..k), each of n values. */
int correlation_columns(const double *const *cols, size_t k, size_t n, gsl_matrix *r, gsl_matrix *p,
			gsl_matrix *count);

/* The confidence interval of r at `level` (0.95) by Fisher's z (Fisher 1921; R cor.test):
 * z = atanh(r), z -/+ z_{(1+level)/2} / sqrt(n - 3), back-transformed by tanh. lo and hi are NaN
 * when r is NaN, |r| = 1 or n < 4. */
void correlation_fisher_ci(double r, size_t n, double level, double *lo, double *hi);

#endif
