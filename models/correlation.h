/* Pearson correlations of several variables with their two-sided tests.
 *
 *   r = sum (x - mx)(y - my) / sqrt(sum (x - mx)^2 sum (y - my)^2),
 *   t = r sqrt((n - 2) / (1 - r^2)) on n - 2 df, p = 2 P(T > |t|)
 * (Pearson 1896; Fisher 1915 for the t form; R cor.test / psych::corr.test, SPSS CORRELATIONS).
 * Sums are taken about the means in a second pass, so values near 1e6 with a small spread keep
 * their precision. Missing values are NaN. With `pairwise` each pair uses the rows where both
 * are present (SPSS /MISSING=PAIRWISE, psych::corr.test); otherwise only the rows where every
 * variable is present (listwise).
 *
 * A coefficient is NaN when its pair has fewer than 2 complete rows or a variable without
 * variance among them; its p is NaN also when n < 3 (no df). |r| = 1 gives p = 0, which is
 * exact. The diagonal is r = 1 and p = 0 for a variable with variance. */
#ifndef SURVEYKIT_MODELS_CORRELATION_H
#define SURVEYKIT_MODELS_CORRELATION_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

struct correlation {
	size_t k;
	gsl_matrix *r, *p; /* k x k */
	size_t *n;         /* k x k complete rows of each pair */
};

struct correlation *correlation_alloc(size_t k);
void correlation_free(struct correlation *c);

/* x[j][i]: variable j, row i (i < rows). GSL_SUCCESS, GSL_EBADLEN when c->k differs from k, or
 * GSL_ENOMEM. */
int correlation_pearson(const double *const *x, size_t k, size_t rows, int pairwise, struct correlation *c);

/* Two-sided p of a Pearson r from n pairs (NaN when n < 3 or r is NaN). */
double correlation_p(double r, size_t n);

#endif
