/* Residual diagnostics of a fitted OLS model (models/ols.h):
 *
 *   Durbin-Watson d = sum_{i>1} (e_i - e_{i-1})^2 / sum e_i^2, cases in data order
 *     (Durbin & Watson 1950; lmtest::dwtest's statistic);
 *   Cook's distance D_i = e_i^2 h_i / (p s^2 (1 - h_i)^2) (Cook 1977; R's cooks.distance),
 *     the largest with its case, and the largest leverage h_i with its case;
 *   Breusch-Pagan test of heteroskedasticity from the auxiliary regression of u_i = e_i^2 on the
 *     predictors: Koenker's studentised statistic n R2_aux (Koenker 1981; the default of
 *     lmtest::bptest, studentize = TRUE) and the original ESS_aux / (2 sigma^4), sigma^2 = SSE/n
 *     (Breusch & Pagan 1979; bptest(studentize = FALSE)); both chi-square on k df. */
#ifndef SURVEYKIT_MODELS_REGRESSION_DIAGNOSTICS_H
#define SURVEYKIT_MODELS_REGRESSION_DIAGNOSTICS_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "models/ols.h"

struct ols_diagnostics {
	double durbin_watson;
	double cook_max;
	size_t cook_row;        /* row of X */
	double leverage_max;
	size_t leverage_row;
	double bp_df;
	double bp_koenker, bp_koenker_p;
	double bp_original, bp_original_p;
};

/* From a successful fit made with options.residuals set (GSL_EINVAL otherwise) and the X it
 * was fitted on. A case with leverage 1 has no Cook's
 * distance and is skipped; when every residual is zero the BP statistics are NaN. */
int ols_diagnostics_compute(const struct ols_fit *fit, const gsl_matrix *X, struct ols_diagnostics *d);

#endif
