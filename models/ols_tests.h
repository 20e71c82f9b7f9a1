/* Tests on a fitted OLS model (models/ols.h): linear combinations of coefficients, Wald F tests
 * of linear hypotheses, and the R2 change of a set of terms.
 *
 *   linear combination: est = l'b, se = sqrt(l' V l), t = est / se on n - p df, CI est +/- t* se;
 *   Wald: F = (Lb)' (L V L')^-1 (Lb) / q on (q, n - p) df (with the classical V this is the
 *         nested-model F of R's anova(); with an HC V it is the robust test PROCESS reports);
 *   R2 change of dropping terms S: q F_S s^2 / SST with F_S the classical Wald F, which equals
 *         R2(full) - R2(without S) exactly (Hayes 2022, sec. 7.3; Cohen et al. 2003, sec. 5.5);
 *   F change of nested models from their R2: ((R2f - R2r) / q) / ((1 - R2f) / df2).
 * V is the fit's chosen covariance unless another is given. */
#ifndef SURVEYKIT_MODELS_OLS_TESTS_H
#define SURVEYKIT_MODELS_OLS_TESTS_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/ols.h"

struct lincom {
	double est, se, t, p, llci, ulci;
};

struct wald {
	double F, df1, df2, p;
};

/* l (p values) times the coefficients; V NULL means fit->cov. */
int ols_lincom(const struct ols_fit *fit, const gsl_vector *l, const gsl_matrix *V, struct lincom *out);
/* A linear combination from its estimate and variance on `df` degrees of freedom. */
void lincom_from(double est, double var, double df, double t_crit, struct lincom *out);

/* H0: L b = 0 for L (q x p). GSL_ESING when L V L' is not positive definite. */
int ols_wald(const struct ols_fit *fit, const gsl_matrix *L, const gsl_matrix *V, struct wald *out);
/* H0: b_j = 0 for every coefficient index j in idx[0..q). */
int ols_wald_terms(const struct ols_fit *fit, const size_t *idx, size_t q, const gsl_matrix *V, struct wald *out);
/* Wald F of theta (q) with covariance Vt (q x q) on (q, df2) df; Vt is overwritten. */
int wald_quadratic(const gsl_vector *theta, gsl_matrix *Vt, double df2, struct wald *out);

/* R2(full) - R2(without the terms idx[0..q)). */
int ols_r2_change(const struct ols_fit *fit, const size_t *idx, size_t q, double *r2_change);
/* F test of an R2 change of q terms, df2 the full model's residual df. */
void ols_f_change(double r2_full, double r2_reduced, double q, double df2, struct wald *out);

#endif
