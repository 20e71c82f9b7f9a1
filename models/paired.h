/* Paired-samples t tests of repeated measures.
 *
 *   d_i = a_i - b_i, mean d, s_d (n - 1), se = s_d / sqrt(n), t = mean d / se, df = n - 1,
 *   two-sided p; CI mean d -/+ t_{(1 + level)/2; n-1} se (R t.test(a, b, paired = TRUE));
 *   Cohen's d_z = mean d / s_d (Cohen 1988).
 *   Pairwise among m conditions with Bonferroni adjustment over M = m(m-1)/2 pairs:
 *   p = min(1, M p), CI at t_{1 - (1 - level)/(2M); n-1} (R pairwise.t.test(paired = TRUE,
 *   p.adjust.method = "bonferroni"); SPSS GLM /EMMEANS COMPARE ADJ(BONFERRONI) for a one-factor
 *   repeated-measures design).
 * Differences are accumulated about their mean in two passes. */
#ifndef SURVEYKIT_MODELS_PAIRED_H
#define SURVEYKIT_MODELS_PAIRED_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* s_d at most this share of the largest |d| counts as 0: the differences are equal but for the
 * rounding of the scores they come from. */
#define PAIRED_ZERO_SHARE 1e-12

struct paired_t {
	size_t a, b;   /* condition indices (pairwise: a > b) */
	size_t n;
	double diff, sd, se, t, df, p, llci, ulci, dz;
	int status;    /* GSL_SUCCESS, or GSL_EZERODIV when every difference is the same (s_d = 0,
			 * see PAIRED_ZERO_SHARE):
			* then only n, diff and sd are set, the rest NaN */
};

/* d = a - b over complete pairs; GSL_EDOM when n < 2, GSL_EBADLEN when the lengths differ.
 * A zero s_d is reported in out->status, not as the return value. */
int paired_t_test(const gsl_vector *a, const gsl_vector *b, double level, struct paired_t *out);

/* Every pair of the m columns of Y (R's order: (1,0), (2,0), ..., (2,1), ...; diff = column a -
 * column b), Bonferroni-adjusted; out has m(m-1)/2 elements. */
int paired_pairwise(const gsl_matrix *Y, double level, struct paired_t *out);

#endif
