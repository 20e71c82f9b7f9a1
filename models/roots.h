/* Brent's method (GSL's gsl_root_fsolver_brent; Brent 1973) run to a tolerance: the one loop of
 * allocate, set, iterate and test that every bracketed root search in models/ needs (the
 * quantiles of models/distributions and models/studentized_range, the noncentralities of
 * models/noncentral, the Johnson-Neyman boundaries of models/johnson_neyman). Bracketing is the
 * caller's: each knows the scale of its own function.
 *
 * root_brent searches [lo, hi], where f(lo) and f(hi) differ in sign, until the bracket
 * [a, b] satisfies |a - b| < epsabs + epsrel min(|a|, |b|) (gsl_root_test_interval), and stores
 * the estimate in *root. A function that fails sets *fn_status (when fn_status is not NULL) to a
 * GSL status other than GSL_SUCCESS, which ends the search with that status. Returns GSL_SUCCESS,
 * GSL_EMAXITER after maxiter steps, GSL_ENOMEM, the status of gsl_root_fsolver_set (GSL_EINVAL
 * when f(lo) and f(hi) have the same sign) or of an iteration, or *fn_status; *root is only
 * written on success. */
#ifndef SURVEYKIT_MODELS_ROOTS_H
#define SURVEYKIT_MODELS_ROOTS_H

#include <stddef.h>

#include <gsl/gsl_math.h>

int root_brent(gsl_function *f, double lo, double hi, double epsabs, double epsrel, size_t maxiter,
	       const int *fn_status, double *root);

#endif
