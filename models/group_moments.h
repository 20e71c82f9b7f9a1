/* Per-group counts, means and centred cross-products of q variables, accumulated in one pass over
 * the rows: everything the contrasts (models/contrasts.h), ANCOVA (models/ancova.h) and MANOVA
 * (models/manova.h) need, so that each of them costs one pass over 1,000,000 rows plus work that
 * depends on the number of groups and variables only.
 *
 * Updating (Welford 1962; the multivariate form of West 1979, Chan, Golub & LeVeque 1979): a row
 * x of group g, the group's n-th, moves
 *   d = x - mean_g,  mean_g += d / n,  C_g += d (x - mean_g)'     (C_g: sum of (x - mean_g)(.)' )
 * which keeps values near 1e6 with a small spread as accurate as two passes would. Two sets of
 * moments (for example from two threads) merge exactly as Chan et al. combine them:
 *   n = n_a + n_b, delta = mean_b - mean_a, mean = mean_a + delta n_b / n,
 *   C = C_a + C_b + delta delta' n_a n_b / n.
 * Derived: the pooled within-group SSCP W = sum_g C_g, the grand mean, the between-group SSCP
 * B = sum_g n_g (mean_g - mean)(mean_g - mean)', and the total T = W + B.
 *
 * Ownership: the struct owns its arrays; group_moments_free(NULL) is a no-op. One struct is
 * filled by one thread at a time (its scratch is shared); merge the structs of several. */
#ifndef SURVEYKIT_MODELS_GROUP_MOMENTS_H
#define SURVEYKIT_MODELS_GROUP_MOMENTS_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "models/oneway.h"

struct group_moments {
	size_t k, q;
	size_t *n;    /* k counts */
	double *mean; /* k x q: mean[g * q + j] */
	double *C;    /* k x q x q centred cross-products: C[(g * q + a) * q + b], symmetric, upper
		       * triangle (a <= b) accumulated; group_moments_sscp copies it out whole */
	double *work; /* q scratch values */
};

/* k groups of q variables; NULL when out of memory, k or q is 0, or k q^2 overflows. */
struct group_moments *group_moments_alloc(size_t k, size_t q);
void group_moments_free(struct group_moments *m);
/* Back to no rows. */
void group_moments_reset(struct group_moments *m);

/* Adds row x (q values) to group g. GSL_EINVAL: g >= k; GSL_EDOM: a value is NaN or infinite.
 * Either way the row is not added (the caller counts it by reason). */
int group_moments_add(struct group_moments *m, size_t g, const double *x);
/* Adds the moments of b to a (same k and q; GSL_EBADLEN otherwise). */
int group_moments_merge(struct group_moments *a, const struct group_moments *b);

/* Total count. */
size_t group_moments_total(const struct group_moments *m);
/* Group g's q x q cross-products, whole (symmetric), into S. */
void group_moments_sscp(const struct group_moments *m, size_t g, gsl_matrix *S);
/* W (pooled within), B (between) and T = W + B, each q x q (any may be NULL), and the grand
 * means (q values, may be NULL), over the groups with at least one row. */
void group_moments_split(const struct group_moments *m, gsl_matrix *W, gsl_matrix *B, gsl_matrix *T, double *grand);

/* Variable j of every group as a struct group_summary (models/oneway.h) with CIs at `level`:
 * n, mean, var, sd, se, llci, ulci; the median is NaN (moments do not give it). out has k
 * elements. */
void group_moments_summaries(const struct group_moments *m, size_t j, double level, struct group_summary *out);

#endif
