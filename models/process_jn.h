/* Johnson-Neyman regions of significance for any moderated path of a fitted PROCESS model
 * (models/process_fit.h), generalising models/johnson_neyman.h from model 1's X -> Y to every link
 * (antecedent A in an outcome's equation: X -> Y, X -> M, M -> Y, M -> M) and every continuous
 * moderator v of it, the link's other moderators held at given values. PROCESS gives this only for
 * the X -> Y path of models 1 and 3.
 *
 * The link's slope is linear in v: theta(v) = a + b v with a = l0'b_e, b = l1'b_e, l0 the link's
 * weights at v = 0 and l1 their derivative with respect to v (models/process_effects.h), and
 * (a, b) has covariance [l0 l1]' V [l0 l1] from the equation's covariance V (classical or HC).
 *   A continuous antecedent (a mediator, or a continuous X): theta(v) is significant where
 *     theta^2 >= t*^2 var(theta(v)), t* the equation's critical t (its CI level); the boundaries
 *     are the roots of the quadratic of jn_roots inside the observed range of v.
 *   A multicategorical X: its code columns' slopes theta(v) (q of them) are jointly significant
 *     where the omnibus Wald F(v) >= F*(q, df2) at the same level; boundaries by jn_omnibus_points.
 * In a logistic Y equation (models/process_logit.h) the effect is on the log-odds scale and the
 * tests are normal-theory (the equation's df is infinite): t* is z*, as PROCESS uses with a
 * dichotomous Y, and F* is chi-square* / q.
 * Regions: the observed range cut at the boundaries, each marked significant or not by its
 * midpoint (models/johnson_neyman.h's jn_regions for a continuous antecedent); the band (effect, SE, t, p, CI, or F) at any values of v, so a chart draws exactly
 * what is computed here. The moderator's values and range are in the model's metric (centred
 * when centred). */
#ifndef SURVEYKIT_MODELS_PROCESS_JN_H
#define SURVEYKIT_MODELS_PROCESS_JN_H

#include <stddef.h>

#include "models/johnson_neyman.h"
#include "models/ols_tests.h"
#include "models/process_effects.h"

/* At most this many boundaries are reported (an omnibus F can cross its critical value more often
 * than a t can: PROCESS has no such region at all). */
#define PROC_JN_MAX_POINTS 8

struct proc_jn_region {
	double from, to;
	int significant;
};

struct proc_jn {
	size_t e;                /* the link: antecedent a in equation e, moderator var */
	int a, var;
	int omnibus;             /* 1: a multicategorical X (F test of its code columns) */
	double lo, hi;           /* observed range of the moderator */
	double crit;             /* t* (continuous antecedent) or F* (omnibus) */
	size_t n_points;
	double points[PROC_JN_MAX_POINTS];
	double below[PROC_JN_MAX_POINTS], above[PROC_JN_MAX_POINTS]; /* % of cases below / above */
	size_t n_regions;
	struct proc_jn_region region[PROC_JN_MAX_POINTS + 1];
	struct jn_linear lin;    /* theta(v) of a continuous antecedent */
};

/* Johnson-Neyman analysis of antecedent a in equation e over moderator var (the link's other
 * moderators at pt). GSL_EINVAL when var does not moderate the link or is multicategorical;
 * GSL_EMAXITER when a boundary of the omnibus F did not converge. */
int proc_jn(const struct proc_fit *f, size_t e, int a, int var, const struct proc_point *pt, struct proc_jn *out);

/* The table's moderator values (models/johnson_neyman.h's jn_grid): JN_INTERVALS + 1 equal steps
 * over the range with the boundaries inserted; out holds JN_INTERVALS + 1 + n_points values. */
size_t proc_jn_grid(const struct proc_jn *jn, double *out);

/* The band of column col of the link at values[0..n) of the moderator: effect, SE, t, p, CI. */
int proc_jn_band(const struct proc_fit *f, const struct proc_jn *jn, size_t col, const struct proc_point *pt,
		 const double *values, size_t n, struct lincom *out);
/* The omnibus F of all the antecedent's columns at values[0..n). */
int proc_jn_omnibus_band(const struct proc_fit *f, const struct proc_jn *jn, const struct proc_point *pt,
			 const double *values, size_t n, struct wald *out);

#endif
