/* Heteroskedasticity-consistent covariance of OLS coefficients, as R's sandwich::vcovHC:
 *
 *   V = (X'X)^-1 X' diag(omega) X (X'X)^-1,  omega_i = e_i^2 w_i with
 *   HC0 w = 1 (White 1980); HC1 w = n / (n - p) (MacKinnon & White 1985);
 *   HC2 w = 1 / (1 - h_i); HC3 w = 1 / (1 - h_i)^2 (MacKinnon & White 1985);
 *   HC4 w = 1 / (1 - h_i)^delta_i, delta_i = min(4, n h_i / p) (Cribari-Neto 2004),
 * h_i the leverage of case i and p the number of coefficients including the intercept.
 * PROCESS's hc=0..4 options use the same estimators (Hayes & Cai 2007). */
#ifndef SURVEYKIT_MODELS_ROBUST_COV_H
#define SURVEYKIT_MODELS_ROBUST_COV_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "models/ols.h"

/* omega_i of case with residual e and leverage h. GSL_EDOM when h >= 1 and the type divides by
 * 1 - h (HC2-HC4), GSL_EINVAL for a type that is not HC0-HC4. */
int robust_omega(enum ols_cov_type type, double e, double h, size_t n, size_t p, double *omega);

/* V = B M B for the symmetric p x p bread B and meat M; V may not alias B or M. `work` is p x p. */
int robust_sandwich(const gsl_matrix *bread, const gsl_matrix *meat, gsl_matrix *V, gsl_matrix *work);

#endif
