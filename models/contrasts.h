/* Planned contrasts among the k ordered levels of a between-subjects factor, from the group
 * summaries (models/oneway.h; models/group_moments.h gives them in one pass).
 *
 * Weights (one row of k per contrast, each summing to 0):
 *   polynomial of degree d (1 linear, 2 quadratic, ...; d < k): R's contr.poly(k, scores)[, d],
 *     the orthonormal polynomial over the level scores (1..k when none are given; unequal
 *     spacing as contr.poly(k, scores = s)): with y = s - mean(s), p_0 = 1/sqrt(k) and p_d the
 *     part of y p_{d-1} orthogonal to p_0..p_{d-1}, scaled to length 1 (the three-term
 *     Stieltjes recurrence, the same vectors as R's QR of the powers of y, leading sign
 *     positive); the scores must be distinct; weights below CONTRAST_ZERO_WEIGHT of the largest
 *     are set to 0;
 *   sequential: level j+1 - level j, j = 1..k-1 (the contrasts MASS::contr.sdif codes);
 *   helmert, SPSS's HELMERT: level j - the mean of levels j+1..k, j = 1..k-1 (each level against
 *     the mean of the following ones; R's contr.helmert codes the reverse direction with other
 *     scaling: see difference);
 *   difference, SPSS's DIFFERENCE (reverse Helmert): level j+1 - the mean of levels 1..j;
 *   custom: weights w_1..w_k given by the user, refused unless they sum to 0 (within
 *     CONTRAST_SUM_TOLERANCE times sum |w|) and are not all 0.
 * Each is the coefficient lm() reports for that contrast when the factor is coded with the
 * matrix whose coefficients are these contrasts (solve(rbind(1/k, L))[, -1] for rows L; the
 * contr.poly and contr.sdif matrices themselves for the first two), scripts/ref/contrasts.R.
 *
 * Tests of psi = sum_i w_i m_i (Maxwell & Delaney 2004, ch. 4-5):
 *   pooled: se = sqrt(MS_w sum_i w_i^2 / n_i), MS_w = sum (n_i - 1) s_i^2 / (N - k), df = N - k,
 *     t = psi / se, two-sided p, CI psi -/+ t_{(1+level)/2; df} se (R lm with the contrast matrix);
 *     SS_psi = psi^2 / sum_i (w_i^2 / n_i), its share of SS_between = sum n_i (m_i - M)^2 (for
 *     k - 1 orthogonal contrasts with equal n the shares sum to 1);
 *   Welch (unequal variances; SPSS ONEWAY's "does not assume equal variances" row):
 *     se = sqrt(sum_i w_i^2 s_i^2 / n_i), Welch-Satterthwaite df =
 *     se^4 / sum_i (w_i^2 s_i^2 / n_i)^2 / (n_i - 1), over the levels with w_i != 0; for two
 *     levels this is t.test(var.equal = FALSE).
 * Every level must have a case (an empty level is refused: the levels are the ones the contrast
 * is written for); a level with one case adds no variance to MS_w but cannot enter a Welch test
 * with a non-zero weight. */
#ifndef SURVEYKIT_MODELS_CONTRASTS_H
#define SURVEYKIT_MODELS_CONTRASTS_H

#include <stddef.h>

#include "models/oneway.h"

/* A polynomial weight below this share of the largest is a 0 in rounding (the middle level of a
 * linear trend over equally spaced scores) and is set to 0. */
#define CONTRAST_ZERO_WEIGHT 1e-12
/* Custom weights sum to 0 when |sum w| <= this times sum |w| (0.333,0.333,-0.666 and rounding). */
#define CONTRAST_SUM_TOLERANCE 1e-9

enum contrast_problem {
	CONTRAST_OK = 0,
	CONTRAST_TOO_FEW_LEVELS, /* k < 2 */
	CONTRAST_BAD_DEGREE,     /* polynomial degree 0 or >= k */
	CONTRAST_BAD_SCORES,     /* scores not finite, or two equal (`bad` = the second) */
	CONTRAST_WRONG_COUNT,    /* custom: as many weights as levels are needed */
	CONTRAST_NOT_FINITE,     /* custom: weight `bad` is NaN or infinite */
	CONTRAST_ALL_ZERO,       /* custom: every weight 0 */
	CONTRAST_NOT_ZERO_SUM,   /* custom: the weights do not sum to 0 */
	CONTRAST_EMPTY_LEVEL,    /* level `bad` has no case */
	CONTRAST_NO_ERROR_DF,    /* N <= k: no error degrees of freedom */
	CONTRAST_NO_ERROR_VARIANCE, /* every level constant: MS_w = 0 */
	CONTRAST_SMALL_GROUP,    /* Welch: level `bad` has a weight and fewer than 2 cases */
	CONTRAST_NO_VARIANCE,    /* Welch: every weighted level is constant */
	CONTRAST_NO_MEMORY,
};

/* Weights: w has room for k values (one contrast) or (k - 1) x k (a set, row by row). Each
 * returns CONTRAST_OK or why not; *bad (may be NULL) gets the offending index. */
enum contrast_problem contrast_polynomial(size_t k, const double *scores, size_t degree, double *w, size_t *bad);
enum contrast_problem contrast_sequential(size_t k, double *w);
enum contrast_problem contrast_helmert(size_t k, double *w);
enum contrast_problem contrast_difference(size_t k, double *w);
/* Checks n user weights for k levels. */
enum contrast_problem contrast_check_custom(const double *w, size_t n, size_t k, size_t *bad);

struct contrast_test {
	double estimate;                     /* psi */
	double se, t, df, p, llci, ulci;     /* pooled */
	double ss, share;                    /* SS_psi and SS_psi / SS_between (NaN when SS_between = 0) */
	double welch_se, welch_t, welch_df, welch_p, welch_llci, welch_ulci;
	enum contrast_problem problem;       /* pooled test (estimate, ss, share and pooled fields) */
	enum contrast_problem welch_problem; /* Welch fields */
	size_t bad, welch_bad;               /* the level a problem names */
};

/* Tests the contrast w (k weights, made by the functions above or checked by
 * contrast_check_custom) on the summaries s (n, mean, var used) at confidence `level`.
 * Returns CONTRAST_OK, or out->problem when the pooled test is impossible (then every field is
 * NaN); a Welch problem alone leaves the pooled test in place and sets out->welch_problem. */
enum contrast_problem contrast_test(const struct group_summary *s, size_t k, const double *w, double level,
				    struct contrast_test *out);

#endif
