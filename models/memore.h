/* Mediation and moderation of a within-subject effect in a two-condition design: every respondent
 * answered in condition 1 and condition 2 (two recovery scenarios), as the MEMORE macro estimates
 * them (Montoya & Hayes 2017, Psychological Methods 22(1), 6-27, for mediation; Montoya 2019,
 * Behavior Research Methods 51, 61-82, for moderation).
 *
 * Variables, as MEMORE computes them (the condition given first minus the one given second):
 *   Ydiff = Y1 - Y2; for each of k parallel mediators Mdiff_j = M1_j - M2_j and the centred
 *   average Mavg_j = (M1_j + M2_j)/2 - its sample mean (a centred sum instead would halve d_j
 *   below and change nothing else).
 * Mediation (model 1 of MEMORE, parallel mediators):
 *   a_j = mean of Mdiff_j (the effect of the condition on M_j), with its one-sample t test on
 *   n - 1 df; total effect c = mean of Ydiff, also a one-sample t;
 *   Ydiff = c' + sum_j b_j Mdiff_j + sum_j d_j Mavg_j + e by OLS (models/ols.h): the direct effect
 *   c' (intercept), b_j, d_j with t tests on n - 2k - 1 df; the averages adjust b_j for a
 *   mediator that affects Y differently at its different levels;
 *   indirect effect through M_j: a_j b_j; total indirect sum_j a_j b_j; c = c' + sum_j a_j b_j
 *   exactly (the averages are centred); pairwise contrasts a_i b_i - a_j b_j.
 *   Inference on indirect effects is by the percentile bootstrap (models/bootstrap.h): each
 *   resample refits a and b from one pass of weighted cross-products (models/crossprod.h).
 * Moderation by a between-subject variable W (model 2 of MEMORE):
 *   Ydiff = b0 + b1 W + e by OLS; the effect of the condition at W = w is theta(w) = b0 + b1 w,
 *   SE sqrt(v00 + 2 w v01 + w^2 v11), t on n - 2 df; its Johnson-Neyman boundaries are the roots of
 *   (t*^2 v11 - b1^2) w^2 + 2 (t*^2 v01 - b0 b1) w + (t*^2 v00 - b0^2) = 0 (models/johnson_neyman.h),
 *   those inside the observed range of W reported as PROCESS does.
 * scripts/ref/memore.R computes the same from the papers' formulas with lm on difference scores.
 *
 * Limits: two conditions only; complete cases (the caller drops incomplete rows and counts them);
 * no covariates and no serial mediators (MEMORE has both); the bootstrap draws cases, so a
 * respondent's two answers always stay together.
 *
 * Ownership: the data are read, never kept; every vector, matrix and fit belongs to the struct. */
#ifndef SURVEYKIT_MODELS_MEMORE_H
#define SURVEYKIT_MODELS_MEMORE_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/ols.h"

/* Why an analysis could not be made (status GSL_EDOM, GSL_ESING). */
enum memore_problem {
	MEMORE_OK = 0,
	MEMORE_TOO_FEW_CASES,       /* n < 2k + 2 (mediation) or n < 3 (moderation) */
	MEMORE_NOT_FINITE,          /* a value is NaN or infinite at row `bad_row` */
	MEMORE_CONSTANT_DIFFERENCE, /* Mdiff_bad (bad < k) or Ydiff (bad = k) is the same for everyone */
	MEMORE_REGRESSION,          /* the regression of Ydiff failed: fit->problem says why (column j
				     * of it is Mdiff_j for j < k, Mavg_(j-k) after; W in moderation) */
};

/* An effect with its t test and CI. */
struct memore_effect {
	double est, se, t, df, p, llci, ulci;
};

struct memore_spec {
	const gsl_vector *y1, *y2;   /* n: the outcome in condition 1 and condition 2 */
	const gsl_matrix *m1, *m2;   /* n x k: the mediators in condition 1 and condition 2 */
	struct ols_options ols;      /* ci and tolerance of the regression */
};

struct memore {
	size_t n, k;
	struct memore_effect total;   /* c */
	struct memore_effect direct;  /* c' */
	struct memore_effect *a, *b, *d;
	double *indirect;             /* k: a_j b_j */
	double total_indirect;
	struct ols_fit *fit;          /* Ydiff on Mdiff_1..k, Mavg_1..k */
	gsl_matrix *X;                /* n x 2k: that design */
	gsl_vector *yd;               /* n: Ydiff */
	gsl_matrix *V;                /* n x (2k + 1): Mdiff, Mavg, Ydiff for the bootstrap */
	/* why memore_run failed */
	enum memore_problem problem;
	size_t bad, bad_row;
};

/* For n respondents and k >= 1 mediators; NULL when k = 0 or out of memory. */
struct memore *memore_alloc(size_t n, size_t k);
void memore_free(struct memore *md);

/* Every effect. GSL_EBADLEN for data of the wrong size; GSL_EDOM or GSL_ESING with md->problem. */
int memore_run(struct memore *md, const struct memore_spec *s);

/* The bootstrapped statistics of a successful run, in order: the indirect effect through each
 * mediator (k), the total indirect effect, then the contrasts ind_i - ind_j for the pairs
 * i < j in order (0,1), (0,2), ..., (1,2), ... (k(k - 1)/2). */
size_t memore_n_stats(size_t k);
/* Their point estimates (memore_n_stats(k) values). */
void memore_statistics(const struct memore *md, double *out);
/* draws: reps x memore_n_stats(k); tol as models/ols.h's tolerance. */
int memore_bootstrap(const struct memore *md, size_t reps, unsigned long seed, size_t threads, double tol,
		     gsl_matrix *draws, size_t *replaced);

/* Moderation of the condition effect by W. */
struct memore_mod {
	size_t n;
	struct ols_fit *fit;     /* Ydiff on W: b[0] the effect at W = 0, b[1] its change per unit of W */
	gsl_matrix *X;           /* n x 1: W */
	gsl_vector *yd;          /* n: Ydiff */
	double w_min, w_max;
	enum memore_problem problem;
	size_t bad, bad_row;
};

struct memore_mod *memore_mod_alloc(size_t n);
void memore_mod_free(struct memore_mod *mm);
/* Fits Ydiff = b0 + b1 W. Status as memore_run (bad = 0 names Ydiff's constant). */
int memore_mod_run(struct memore_mod *mm, const gsl_vector *y1, const gsl_vector *y2, const gsl_vector *w,
		   const struct ols_options *o);
/* The effect of the condition at W = w. */
void memore_mod_effect(const struct memore_mod *mm, double w, struct memore_effect *out);
/* Johnson-Neyman boundaries at the fit's level: all real roots (0, 1 or 2, ascending, into
 * roots) are returned by count; those inside [w_min, w_max] go to points, *n_points of them. */
size_t memore_mod_jn(const struct memore_mod *mm, double roots[2], double points[2], size_t *n_points);

#endif
