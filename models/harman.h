/* Harman's single-factor test for common method variance (Harman 1976; as used in survey research
 * since Podsakoff & Organ 1986): the share of the total variance of all the items of a study that
 * the first unrotated factor explains. With R the p x p correlation matrix of the items (every
 * scale's items together, reverse-keyed items reversed), two extractions are given:
 *   principal components (the common practice: SPSS FACTOR with extraction PC, "% of variance" of
 *   the first component): share = lambda_1 / p, lambda_1 the largest eigenvalue of R (R's
 *   eigen(cor(x))$values[1] / p);
 *   one principal-axis factor (models/factor.h, as psych::fa(nfactors = 1, rotate = "none",
 *   fm = "pa")): share = sum_j l_j^2 / p, the factor's "Proportion Var" in psych; smaller than the
 *   component's share because it explains only the common variance.
 * Rule of thumb: common method variance is a concern when the first factor explains the
 * majority (more than 50%) of the variance.
 *
 * Limits (Podsakoff, MacKenzie, Lee & Podsakoff 2003, J. Applied Psychology 88, 879-903,
 * pp. 889-890): the test only detects a method factor strong enough to dominate every trait
 * factor; with several constructs a single factor rarely emerges even when method variance is
 * substantial, so a share below 50% does not show its absence. It neither estimates nor controls
 * the method effect; the 50% cut-off is a convention, not a test. Report it with the comparison
 * of a single-factor CFA against the measurement model, and prefer a design-based remedy or a
 * marker variable where the study allows.
 *
 * Ownership: r is read, never kept. */
#ifndef SURVEYKIT_MODELS_HARMAN_H
#define SURVEYKIT_MODELS_HARMAN_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

/* The rule of thumb: a first factor explaining more than this share is a warning sign. */
#define HARMAN_MAJORITY 0.5
/* Largest |r_ij - r_ji| and |r_jj - 1| accepted in a correlation matrix. */
#define HARMAN_COR_TOL 1e-8

/* Why a part of the test is missing. */
enum harman_problem {
	HARMAN_OK = 0,
	HARMAN_TOO_FEW_ITEMS,    /* p < 2 (status GSL_EINVAL): nothing is computed */
	HARMAN_NOT_CORRELATION,  /* row `bad` is not that of a correlation matrix (GSL_EDOM): nothing */
	HARMAN_PA_TOO_FEW_ITEMS, /* p < 3: one common factor is not identified; only the PC share */
	HARMAN_PA_SINGULAR,      /* R is singular (item `bad` a linear combination of others): only PC */
	HARMAN_PA_HEYWOOD,       /* the principal-axis communality left [0, 1]: only the PC share */
	HARMAN_PA_NO_CONVERGENCE, /* principal axes did not settle in psych's 50 steps: the PA share is
				   * the last iterate's */
};

struct harman {
	size_t p;
	double eigen1, share_pc;   /* largest eigenvalue of R, and over p */
	double ss_pa, share_pa;    /* variance of one principal-axis factor, and over p (NaN if none) */
	size_t pa_iterations;
	int majority_pc, majority_pa; /* share above HARMAN_MAJORITY */
	enum harman_problem problem;
	size_t bad;
};

/* The test from a correlation matrix (p x p). GSL_SUCCESS when the component share is computed
 * (problem then says whether the principal-axis share is missing or unconverged), GSL_EINVAL or
 * GSL_EDOM when nothing could be, GSL_ENOMEM. */
int harman_test(const gsl_matrix *r, struct harman *out);

#endif
