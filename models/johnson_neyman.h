/* Johnson-Neyman regions of significance (Johnson & Neyman 1936; Bauer & Curran 2005; Hayes &
 * Matthes 2009; Hayes 2022, sec. 7.4).
 *
 * A conditional effect linear in the moderator, theta(w) = a + b w with
 * var(theta) = s_aa + 2 w s_ab + w^2 s_bb, is significant at level alpha where
 * theta^2 >= t*^2 var(theta), t* the critical t on the model's residual df. The boundaries are the
 * real roots of
 *   (t*^2 s_bb - b^2) w^2 + 2 (t*^2 s_ab - a b) w + (t*^2 s_aa - a^2) = 0.
 * PROCESS reports the roots inside the observed range of W, the percentage of cases below and
 * above each, and a table of theta over W at JN_INTERVALS equal steps from the minimum to the
 * maximum with the roots inserted.
 *
 * The band (jn_band): theta(w), its SE sqrt(var(theta(w))), t = theta / SE on the model's df, p and
 * the CI theta -/+ t* SE at any values of w, so a table and a chart show exactly what is computed
 * here. The regions (jn_regions): the observed range cut at the boundaries inside it, each piece
 * marked significant when theta^2 >= t*^2 var(theta) at its middle (Hayes 2022, sec. 7.4).
 *
 * For a categorical focal predictor (q indicator effects theta(w) = a + b w, a and b q-vectors)
 * the omnibus Wald F(w) = theta' S(w)^-1 theta / q, S(w) = V_aa + w (V_ab + V_ba) + w^2 V_bb, is
 * significant where F(w) >= F*(q, df2); its boundaries are found numerically: F(w) - F* is
 * evaluated at JN_SCAN_STEPS equal steps over the range and every sign change is refined with
 * Brent's method to JN_ROOT_TOLERANCE (relative to the range). Two boundaries closer than one
 * step can be missed; PROCESS has no such region at all. */
#ifndef SURVEYKIT_MODELS_JOHNSON_NEYMAN_H
#define SURVEYKIT_MODELS_JOHNSON_NEYMAN_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/ols_tests.h"

#define JN_INTERVALS 20
#define JN_SCAN_STEPS 2000
#define JN_ROOT_TOLERANCE 1e-12
#define JN_MAX_ITER 200

struct jn_linear {
	double a, b;           /* theta(w) = a + b w */
	double saa, sab, sbb;  /* covariance of (a, b) */
};

/* Real roots of the boundary equation in ascending order; returns how many (0, 1 or 2). */
size_t jn_roots(const struct jn_linear *f, double t_crit, double roots[2]);
/* Only the roots with lo <= w <= hi. */
size_t jn_points(const struct jn_linear *f, double t_crit, double lo, double hi, double out[2]);
/* Percentages of the n values (in any order) strictly below and strictly above w. */
void jn_shares(const double *sorted, size_t n, double w, double *below, double *above);
/* The table's moderator values: lo + i (hi - lo) / JN_INTERVALS, i = 0..JN_INTERVALS, with the
 * points inserted in order (not repeated when equal to a step). out holds
 * JN_INTERVALS + 1 + np values; returns how many were written. */
size_t jn_grid(double lo, double hi, const double *points, size_t np, double *out);

/* theta(w) at w[0..n): effect, SE, t and p on df, CI with t_crit (models/ols_tests.h's lincom).
 * A negative variance (from rounding) gives NaN SE, t, p and CI. */
void jn_band(const struct jn_linear *f, double df, double t_crit, const double *w, size_t n, struct lincom *out);

struct jn_region {
	double from, to;
	int significant;
};
/* The pieces of [lo, hi] between consecutive boundaries inside it (1 to 3 of them, in order), each
 * with its significance at t_crit; returns how many. */
size_t jn_regions(const struct jn_linear *f, double t_crit, double lo, double hi, struct jn_region out[3]);

/* Omnibus F(w) for theta(w) = a + b w (q each) with V the 2q x 2q covariance of (a, b). */
int jn_omnibus_f(const gsl_vector *a, const gsl_vector *b, const gsl_matrix *V, double df2, double w,
		 struct wald *out);
/* Boundaries F(w) = f_crit inside [lo, hi]: up to `max` into out, *n found (GSL_EMAXITER when
 * Brent did not converge). */
int jn_omnibus_points(const gsl_vector *a, const gsl_vector *b, const gsl_matrix *V, double df2, double f_crit,
		      double lo, double hi, double *out, size_t max, size_t *n);

#endif
