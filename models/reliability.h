/* Internal consistency of a scale from its n x k item matrix (complete cases, items already
 * reverse-coded), as R's psych::alpha (Revelle, psych 2.2.9) and SPSS RELIABILITY report it.
 *
 * With C the k x k item covariance matrix (n - 1 denominator) and R = cov2cor(C):
 *   alpha (Cronbach 1951) = k / (k - 1) (1 - tr C / 1'C1), NaN when 1'C1 = 0 (the items' sum has
 *     no variance), and likewise standardised alpha when 1'R1 = 0 and r.drop when the rest has none;
 *   Feldt (1965) CI at level 1 - a: 1 - (1 - alpha) F(1 - a/2; n - 1, (n - 1)(k - 1)) and
 *     1 - (1 - alpha) F(a/2; n - 1, (n - 1)(k - 1)) (psych::alpha.ci, with n the complete cases);
 *   standardised alpha = k / (k - 1) (1 - k / 1'R1); average inter-item r = (1'R1 - k) / (k(k - 1));
 *   corrected item-total correlation (psych "r.drop") of item i with the sum of the others:
 *     (sum_j C_ij - C_ii) / sqrt(C_ii (1'C1 - 2 sum_j C_ij + C_ii));
 *   alpha if item deleted: alpha of C without row and column i (undefined for k = 2: one item
 *     left; psych prints C_12 / C_jj there, SPSS a meaningless value; here NaN);
 *   omega total (McDonald 1999) from a one-factor principal-axis model of R (models/factor.h,
 *     psych::fa(fm = "pa"): SMC start, psych's stopping rule), as psych's omega computes it:
 *     omega_t = (1'R1 - sum u_i^2) / 1'R1 with u_i^2 = 1 - h_i^2; this equals
 *     psych::omega(x, nfactors = 1, fm = "pa", flip = FALSE)$omega.tot (and the default flip = TRUE
 *     whenever no loading is negative). It needs k >= 3 (a one-factor model of two items is not
 *     identified) and a non-singular R (SMCs);
 *   from the same loadings lambda_i: composite reliability CR = (sum lambda)^2 /
 *     ((sum lambda)^2 + sum(1 - lambda^2)) (Joreskog 1971; Fornell & Larcker 1981) and average
 *     variance extracted AVE = sum lambda^2 / k (Fornell & Larcker 1981).
 * Scale score statistics refer to the mean of the k items (the scale score: the mean of its items after reverse-coding).
 *
 * The covariance comes from one pass over the rows (item_cov: models/group_moments.h with one
 * group, Welford's update generalised to co-moments), so values near 1e6 with a small spread keep
 * their variance. */
#ifndef SURVEYKIT_MODELS_RELIABILITY_H
#define SURVEYKIT_MODELS_RELIABILITY_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/group_moments.h"

/* Two items count as perfectly correlated when |r| >= 1 - RELIABILITY_PERFECT_R_TOL. */
#define RELIABILITY_PERFECT_R_TOL 1e-12

/* One-pass means and co-moments of k variables over complete rows. */
struct item_cov {
	size_t k, n;
	struct group_moments *m; /* one group of max(k, 1) variables */
};
struct item_cov *item_cov_alloc(size_t k);
void item_cov_free(struct item_cov *c);
/* Adds one row of k finite values (a row with a value not finite is not added). */
void item_cov_add(struct item_cov *c, const double *x);
/* Covariance (n - 1 denominator) and means; GSL_EINVAL when n < 2. */
int item_cov_get(const struct item_cov *c, gsl_matrix *cov, gsl_vector *mean);

struct reliability {
	size_t k, n;
	double alpha, alpha_lo, alpha_hi; /* CI at the level asked for */
	double alpha_std, average_r;
	double scale_mean, scale_sd; /* of the mean of the items */
	double omega, cr, ave;       /* NaN unless omega_status is GSL_SUCCESS */
	int omega_status;            /* GSL_SUCCESS, GSL_EINVAL (k < 3), GSL_ESING (R singular),
	                                GSL_EDOM, GSL_EMAXITER (PA did not converge) */
	size_t omega_bad;            /* with GSL_ESING: an item that is a linear combination of others */
	size_t pa_iterations;
	int heywood;                 /* 1 when a one-factor communality exceeds 1 */
	gsl_matrix *cov, *cor;       /* k x k */
	gsl_vector *mean, *sd, *r_drop, *alpha_if_deleted; /* per item */
	gsl_vector *loading;         /* one-factor PA loadings (NaN when omega is missing) */
};

struct reliability *reliability_alloc(size_t k);
void reliability_free(struct reliability *r);

/* Everything above from a covariance matrix, item means and n complete cases, with a Feldt CI
 * at `level` (e.g. 0.95). Status: GSL_EINVAL when k < 2 or n < 2; GSL_EDOM when an item has no
 * variance (*bad is that item; SPSS and psych drop such an item, which the caller may do). */
int reliability_from_cov(const gsl_matrix *cov, const gsl_vector *mean, size_t n, double level,
			 struct reliability *rel, size_t *bad);
/* The same from the n x k item matrix x (rows complete). */
int reliability_compute(const gsl_matrix *x, double level, struct reliability *rel, size_t *bad);

/* 1 and the pair (i < j) when two items are perfectly correlated (see the tolerance above). */
int reliability_perfect_pair(const struct reliability *rel, size_t *i, size_t *j);

/* Fornell & Larcker (1981) discriminant validity for m scales: scale i passes when sqrt(AVE_i)
 * exceeds |r_ij| for every other scale j whose correlation is known (not NaN). ok[i] is 1 or 0,
 * or -1 when AVE_i is NaN or no correlation is known (cor is m x m, ave has m elements). */
void reliability_fornell_larcker(const gsl_vector *ave, const gsl_matrix *cor, int *ok);

#endif
