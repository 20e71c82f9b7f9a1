/* Effect sizes with confidence intervals from the noncentral t and F distributions
 * (models/noncentral.h), as R's effectsize package 0.8.3 computes them.
 *
 * Proportion of variance explained (eta2, omega2, epsilon2, their partial forms, R2). Point
 * estimates of a term with SS, df in a table with error SS_e, df_e, MS_e = SS_e / df_e, the sum
 * of the table's sums of squares SS_t (terms and error, no intercept; the corrected total for a
 * one-way or balanced design) and N = the sum of the table's df + 1 (effectsize's .values_aov):
 *   eta2 = SS / SS_t                          partial eta2 = SS / (SS + SS_e)
 *   omega2 = (SS - df MS_e) / (SS_t + MS_e)   partial omega2 = (SS - df MS_e) / (SS + (N - df) MS_e)
 *   epsilon2 = (SS - df MS_e) / SS_t          partial epsilon2 = (SS - df MS_e) / (SS + SS_e)
 * omega2 and epsilon2 truncated at 0 (Hays 1963; Olejnik & Algina 2003; effectsize eta_squared,
 * omega_squared, epsilon_squared). For a regression, R2 is the partial eta2 of all k predictors
 * together: F = (R2 / k) / ((1 - R2) / (n - k - 1)).
 * Interval of any of them, ES (effectsize's F_to_eta2 after .es_aov_simple): the F that ES would
 * have as an eta2, F = (ES / df) / ((1 - ES) / df_e) with ES truncated at 0, is inverted for the
 * noncentrality of the noncentral F(df, df_e): lambda_lo with P(F' <= F; lambda_lo) = 1 - a/2 and
 * lambda_hi with P(F' <= F; lambda_hi) = a/2 (0 when no lambda >= 0 gets there), and each bound
 * is lambda / (lambda + df_e). a = 1 - level for a two-sided interval.
 * effectsize's default for these is one-sided, alternative = "greater" with ci = 0.95: the
 * two-sided 90% interval's lower bound (a = 2 (1 - level)) with the upper bound 1; EFFECT_LESS
 * gives the mirror image (lower bound 0). EFFECT_TWO_SIDED gives the interval at `level` itself.
 * The R2 interval is effectsize's (F_to_eta2 on the model F); MBESS's ci.R2 is not installed
 * here and was not compared.
 *
 * Standardised mean differences (effectsize cohens_d, hedges_g; Cohen 1988; Hedges 1981):
 *   two groups, pooled SD: d = (m_a - m_b) / s_p, s_p^2 = ((n_a-1) s_a^2 + (n_b-1) s_b^2) /
 *     (n_a + n_b - 2), df = n_a + n_b - 2, h = 1/n_a + 1/n_b;
 *   paired (d_z): d = mean(diff) / sd(diff), df = n - 1, h = 1/n;
 *   interval: t = d / sqrt(h) is inverted for the noncentrality delta of the noncentral t(df):
 *     P(T <= t; delta_lo) = 1 - a/2, P(T <= t; delta_hi) = a/2, bounds delta sqrt(h);
 *     effectsize's default here is two-sided; one-sided intervals use a = 2 (1 - level) and an
 *     infinite other bound;
 *   Hedges' g = J d with J = Gamma(df/2) / (sqrt(df/2) Gamma((df-1)/2)), bounds J times d's.
 * effectsize finds the noncentralities with optim() to an absolute error of 1e-9 in the
 * probabilities, which leaves its bounds up to 2.2e-6 relative (2.5e-7 absolute) off the exact
 * ones in the tests; here they are solved to 1e-13 relative and agree with uniroot() on the exact
 * series to 1e-9 (scripts/ref/effect_size.R gives both references).
 *
 * Functions return GSL_SUCCESS or GSL_EDOM with out->problem saying why (the estimate is still
 * set when it exists), or the status of the noncentral inversion (problem EFFECT_NO_ROOT). */
#ifndef SURVEYKIT_MODELS_EFFECT_SIZE_H
#define SURVEYKIT_MODELS_EFFECT_SIZE_H

#include <stddef.h>

#include "models/oneway.h"

enum effect_alternative {
	EFFECT_TWO_SIDED, /* [lo, hi] at the level */
	EFFECT_GREATER,   /* [lo, 1] (or [lo, +inf) for d): effectsize's default for eta2 and kin */
	EFFECT_LESS,      /* [0, hi] (or (-inf, hi]) */
};

/* Why an effect size or its interval is missing (NaN). */
enum effect_problem {
	EFFECT_OK = 0,
	EFFECT_BAD_LEVEL,   /* level not inside (0, 1), or a one-sided interval at level <= 1/2 */
	EFFECT_NO_DF,       /* a df is not positive (d: fewer than 3 cases in all, or n < 2 paired;
	                     * g also needs df > 1) */
	EFFECT_NOT_FINITE,  /* the estimate or a sum of squares is NaN or infinite */
	EFFECT_PERFECT,     /* the estimate is 1: the F it implies is infinite, so is the interval */
	EFFECT_NO_VARIANCE, /* d: the (pooled) SD is 0 */
	EFFECT_NO_ROOT,     /* the noncentrality search failed (the status says how) */
};

struct effect_interval {
	double estimate, lo, hi;
	enum effect_problem problem;
};

/* The interval of a proportion of variance `es` of a term with (df, df_error), into out (whose
 * estimate is set to es truncated at 0). */
int effect_pve_interval(double es, double df, double df_error, double level, enum effect_alternative alt,
			struct effect_interval *out);

struct effect_anova {
	struct effect_interval eta2, partial_eta2, omega2, partial_omega2, epsilon2, partial_epsilon2;
};

/* Every proportion of variance of one term (ss, df) of a table with error (ss_error, df_error),
 * table total ss_total and N = n_total (the sum of the table's df + 1), with intervals. */
int effect_anova_term(double ss, double df, double ss_error, double df_error, double ss_total, double n_total,
		      double level, enum effect_alternative alt, struct effect_anova *out);

/* R2 of a regression with k predictors on n cases, with its interval. */
int effect_r2_interval(double r2, size_t k, size_t n, double level, enum effect_alternative alt,
		       struct effect_interval *out);

struct effect_d {
	struct effect_interval d, g;
	double df, t, J; /* the t the interval inverts, its df, Hedges' factor J */
};

/* d with its df and h (the t is d / sqrt(h)), and g. */
int effect_d_interval(double d, double df, double h, double level, enum effect_alternative alt, struct effect_d *out);
/* Two groups (a - b) with the pooled SD, from their summaries (n, mean, var). */
int effect_cohens_d(const struct group_summary *a, const struct group_summary *b, double level,
		    enum effect_alternative alt, struct effect_d *out);
/* Paired differences: n, their mean and SD. */
int effect_paired_d(size_t n, double mean_diff, double sd_diff, double level, enum effect_alternative alt,
		    struct effect_d *out);

#endif
