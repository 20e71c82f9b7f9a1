/* Rank-based tests, with mid-ranks for ties and the usual tie corrections.
 *
 *   Kruskal & Wallis (1952): with R_i the rank sum of group i over all N values,
 *     H = 12 / (N (N+1)) sum n_i (R_i/n_i - (N+1)/2)^2 / (1 - sum (t^3 - t) / (N^3 - N)),
 *     df = k - 1, p from chi-square (R kruskal.test); epsilon^2 = H / ((N^2 - 1) / (N + 1))
 *     (Tomczak & Tomczak 2014; R rcompanion::epsilonSquared).
 *   Friedman (1937), n subjects by m conditions, ranked within each subject:
 *     chi2 = 12 sum_j (R_j - n (m+1)/2)^2 / (n m (m+1) - sum (t^3 - t) / (m - 1)), df = m - 1
 *     (R friedman.test); Kendall's W = chi2 / (n (m - 1)).
 *   Wilcoxon signed-rank test of paired differences d (zeros dropped, n' non-zero left;
 *     Wilcoxon 1945): V = sum of the ranks of |d| where d > 0,
 *     z = (V - n'(n'+1)/4 - 0.5 sign) / sqrt(n'(n'+1)(2n'+1)/24 - sum (t^3 - t)/48),
 *     two-sided p from the normal distribution: the normal approximation with continuity
 *     correction and tie correction, always (R wilcox.test(paired = TRUE, exact = FALSE,
 *     correct = TRUE)); with Likert scores ties and zeros are the rule, and R's exact test is
 *     unavailable with them anyway. Matched-pairs rank-biserial r = (V - V-) / (V + V-)
 *     (Kerby 2014; R effectsize::rank_biserial(paired = TRUE)).
 *
 * Pooled ranks come from a tally of the distinct values (a hash table with counts per group; only
 * the distinct values are sorted), or from sorting all values when there are more than a few
 * thousand distinct ones: both give the same mid-ranks.
 *
 * Functions return GSL_SUCCESS, GSL_EDOM for too few observations, GSL_EZERODIV when every
 * value is tied (the statistic is undefined), or GSL_ENOMEM. */
#ifndef SURVEYKIT_MODELS_RANK_TESTS_H
#define SURVEYKIT_MODELS_RANK_TESTS_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/oneway.h"

struct kruskal {
	double H, df, p, epsilon2;
	double *mean_rank; /* per group; owned by the caller, g->k elements, may be NULL */
};

/* Needs k >= 2 groups with n_i >= 1 each. */
int rank_kruskal(const struct grouped *g, struct kruskal *out);

struct friedman {
	double chi2, df, p, kendall_w;
};

/* Y: n subjects (rows) by m conditions, complete; mean_rank (m elements) may be NULL. */
int rank_friedman(const gsl_matrix *Y, struct friedman *out, double *mean_rank);

struct wilcoxon {
	double V, z, p, rank_biserial;
	size_t n_nonzero, n_zero;
};

/* Signed-rank test of d_i = x_i - y_i (complete pairs). */
int rank_wilcoxon_paired(const gsl_vector *x, const gsl_vector *y, struct wilcoxon *out);

#endif
