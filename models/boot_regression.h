/* Bootstrap of linear functions of one regression's coefficients, theta = L b (e.g. the
 * conditional effects of X at the probed moderator values in PROCESS models 1-3, Hayes 2022):
 * every resample refits Y on the design's columns from weighted cross-products
 * (models/crossprod.h) and evaluates each row of L (intercept first, as in models/ols.h). */
#ifndef SURVEYKIT_MODELS_BOOT_REGRESSION_H
#define SURVEYKIT_MODELS_BOOT_REGRESSION_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* X is n x k, y n, L is s x (k + 1); draws is reps x s. tol as models/ols.h's tolerance. */
int boot_regression(const gsl_matrix *X, const gsl_vector *y, const gsl_matrix *L, size_t reps, unsigned long seed,
		    size_t threads, double tol, gsl_matrix *draws, size_t *replaced);

#endif
