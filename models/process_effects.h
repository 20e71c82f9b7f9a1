/* Direct, indirect and total effects of a fitted PROCESS model (models/process_fit.h), conditional
 * on moderator values, with the indices of moderated mediation, contrasts and standardised
 * effects (Hayes 2022, chs. 3-5, 7, 11-12; Hayes 2015, 2018; Hayes & Preacher 2014).
 *
 * A link is antecedent A (X or a mediator) in the equation of an outcome. Its slope at moderator
 * values pt is the derivative of that equation's linear predictor with respect to A,
 *   s(pt) = sum over the terms T containing A of b_T prod_{V in T, V != A} v(pt),
 * a linear combination l'b of the equation's coefficients (for a multicategorical X, one slope per
 * code column: relative effects). For W moderating X -> M (model 7) that is a1 + a3 w.
 *   Direct effect of X: the link X -> Y, with SE sqrt(l' V l) from the equation's covariance
 *     (classical or HC), t on its residual df and CI (Hayes 2022, sec. 7.2); in a logistic Y
 *     equation (models/process_logit.h) on the log-odds scale with the ML covariance, lincom's
 *     t holding z, its p and CI from the normal distribution (df infinite), and the omnibus test
 *     of a multicategorical X Wald's chi-square, given as F = chi2 / q on (q, infinity) df;
 *   indirect effect through path X -> M_i -> ... -> M_j -> Y: the product of its links' slopes
 *     (a d b for M1 -> M2 in series; relative indirect effects for a multicategorical X);
 *   total indirect effect: the sum over paths; total effect: X in the total-effect equation of the
 *     unmoderated models (4, 6, 80-82; equal to direct + total indirect for OLS);
 *   index of moderated mediation (and of partial or conditional moderated mediation) of path p with
 *     respect to moderator column (v, c): d omega_p / d v_c at pt, by the product rule over links
 *     (exact and independent of v because omega_p is linear in v where proc_path_index_kind says
 *     so); index of moderated moderated mediation: d2 omega_p / d v1 d v2;
 *   contrast of two indirect effects: omega_1 - omega_2, or |omega_1| - |omega_2| (PROCESS
 *     contrast=1 and contrast=2);
 *   standardised (Hayes 2022, sec. 3.5, 4.3): partially effect / SD(Y), completely
 *     effect SD(X) / SD(Y) (continuous X only), with the SDs of the estimation sample; none
 *     with a dichotomous Y (as PROCESS);
 *   with a dichotomous Y the indirect effects are the same products, the last link on the
 *     log-odds scale (PROCESS's convention; Hayes 2022, Appendix A).
 * Indirect-type quantities have no normal-theory SE here: their inference is the bootstrap
 * (models/process_boot.h), which evaluates the same proc_stat from every resample's coefficients.
 *
 * Moderator values are given in the metric the model uses (centred when centred; codes of a level
 * for a multicategorical moderator). proc_probe_values gives PROCESS's probe values. */
#ifndef SURVEYKIT_MODELS_PROCESS_EFFECTS_H
#define SURVEYKIT_MODELS_PROCESS_EFFECTS_H

#include <stddef.h>

#include "models/moderation.h"
#include "models/ols_tests.h"
#include "models/process_fit.h"

/* Values of the variables that moderate a link: W's and Z's design values, X's value where X
 * moderates (model 74's M -> Y), the mediators' values where they do (model 74's X -> Y). */
struct proc_point {
	double w[PROC_MAX_CODES], z[PROC_MAX_CODES];
	double x;
	double m[PROC_MAX_MEDIATORS];
};

/* Variable v of the point: a continuous v to `value`, a multicategorical one (W, Z) to the codes
 * of level `level`. GSL_EINVAL for a variable that cannot moderate or a level out of range. */
int proc_point_set(const struct proc_fit *f, struct proc_point *pt, int v, double value, size_t level);
/* Design column c of variable v at the point. */
double proc_point_get(const struct proc_point *pt, int v, size_t c);

/* PROCESS's probe values of moderator v (models/moderation.h's mod_probe_values on the values the
 * model uses): 16th, 50th and 84th percentiles, or mean -/+ SD clamped to the range (*clamped as
 * there), or the two values of a dichotomous variable; for a multicategorical W or Z its levels
 * 0..L-1 (give them to proc_point_set as `level`). Writes up to max(3, L) values, *count how many. */
int proc_probe_values(const struct proc_fit *f, int v, enum mod_probe_kind kind, double *out, size_t *count,
		      int *clamped);
/* Every combination of the given values of the variables in mask (bit v set: values[v][0..n[v])),
 * W outermost, then Z, X, M_1, ...: writes up to max points and returns how many there are. */
size_t proc_grid(const struct proc_fit *f, unsigned mask, const double *const *values, const size_t *n,
		 struct proc_point *out, size_t max);

/* Differentiation of a link with respect to a moderator's design column. */
struct proc_deriv {
	int var;
	size_t col;
};

/* Weights l (length k_e + 1, intercept first) with l'b_e the slope of antecedent a's column col in
 * equation e at pt, differentiated further with respect to d[0..nd) (nd <= 2). */
void proc_link_weights(const struct proc_fit *f, size_t e, int a, size_t col, const struct proc_point *pt,
		       const struct proc_deriv *d, size_t nd, double *l);
/* The same slope from coefficients b (intercept first), without forming l. */
double proc_link_slope(const struct proc_fit *f, size_t e, const double *b, int a, size_t col,
		       const struct proc_point *pt, const struct proc_deriv *d, size_t nd);

/* Conditional effect of antecedent a's column col in equation e at pt, with SE, t, p and CI from
 * that equation's fit; for all of a's columns together (a multicategorical X), the omnibus Wald F. */
int proc_link_effect(const struct proc_fit *f, size_t e, int a, size_t col, const struct proc_point *pt,
		     struct lincom *out);
int proc_link_omnibus(const struct proc_fit *f, size_t e, int a, const struct proc_point *pt, struct wald *out);
/* The slope of the link differentiated with respect to d[0..nd) (nd <= 2), with SE, t, p and CI
 * as proc_link_effect's: the conditional a x W interaction at a point of Z is the derivative of
 * a's slope with respect to W's column, b_aW + b_aWZ z (model 3; PROCESS's "Test of conditional
 * X*W interaction at value(s) of the moderator(s)", Hayes 2022, sec. 9.4). */
int proc_link_effect_by(const struct proc_fit *f, size_t e, int a, size_t col, const struct proc_point *pt,
			const struct proc_deriv *d, size_t nd, struct lincom *out);
/* The design row of equation e (intercept first: k_e + 1 values) with X's design columns at x (its
 * width of them), the moderators and mediators at pt and covariate c at cov[c] (those not in the
 * equation skipped): l'b_e is the predicted outcome there, as PROCESS's plot= option tabulates it
 * with the covariates at their means (Hayes 2022, sec. 7.3). */
void proc_design_row(const struct proc_fit *f, size_t e, const double *x, const struct proc_point *pt,
		     const double *cov, double *row);
/* The direct effect of X's column col on Y at pt, and the total effect (GSL_EINVAL when the model
 * has no total-effect equation). */
int proc_direct_effect(const struct proc_fit *f, size_t col, const struct proc_point *pt, struct lincom *out);
int proc_total_effect(const struct proc_fit *f, size_t col, struct lincom *out);

enum proc_stat_kind {
	PROC_STAT_INDIRECT,       /* path, col at pt */
	PROC_STAT_TOTAL_INDIRECT, /* sum over paths, col at pt */
	PROC_STAT_INDEX,          /* d omega_path / d d[0] at pt */
	PROC_STAT_INDEX2,         /* d2 omega_path / d d[0] d d[1] */
	PROC_STAT_CONTRAST,       /* omega(path, col, pt) - omega(path2, col2, pt2) */
	PROC_STAT_DIRECT,         /* the direct effect of X's column col at pt */
	PROC_STAT_TOTAL,          /* the total effect of X's column col */
};

enum proc_scale { PROC_SCALE_RAW, PROC_SCALE_PARTIAL, PROC_SCALE_COMPLETE };

/* One quantity to estimate (and bootstrap). */
struct proc_stat {
	enum proc_stat_kind kind;
	enum proc_scale scale;
	size_t path, col;
	struct proc_point pt;
	struct proc_deriv d[2];
	size_t path2, col2;       /* CONTRAST */
	struct proc_point pt2;
	int absolute;             /* CONTRAST: |omega_1| - |omega_2| */
};

/* GSL_SUCCESS when s is defined for this fit: path and columns in range, an index only with
 * respect to a moderator of a path proc_path_index_kind gives indices for, a completely
 * standardised effect only for a continuous X and a continuous Y, a total effect only with a
 * total-effect equation. */
int proc_stat_check(const struct proc_fit *f, const struct proc_stat *s);
/* The value of s from coefficient vectors b[e] (intercept first) of every equation and the SDs. */
double proc_stat_value(const struct proc_fit *f, const double *const *b, double sd_x, double sd_y,
		       const struct proc_stat *s);
/* The point estimate of s from the fit (after proc_stat_check). */
double proc_stat_estimate(const struct proc_fit *f, const struct proc_stat *s);

#endif
