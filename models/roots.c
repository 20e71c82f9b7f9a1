#include "models/roots.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>

int root_brent(gsl_function *f, double lo, double hi, double epsabs, double epsrel, size_t maxiter,
	       const int *fn_status, double *root)
{
	gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	int st;

	if (!s)
		return GSL_ENOMEM;
	st = gsl_root_fsolver_set(s, f, lo, hi);
	if (st == GSL_SUCCESS && fn_status && *fn_status != GSL_SUCCESS)
		st = *fn_status;
	for (size_t it = 0; st == GSL_SUCCESS; it++) {
		if (it == maxiter) {
			st = GSL_EMAXITER;
			break;
		}
		st = gsl_root_fsolver_iterate(s);
		if (st == GSL_SUCCESS && fn_status && *fn_status != GSL_SUCCESS)
			st = *fn_status;
		if (st == GSL_SUCCESS && gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s),
								 epsabs, epsrel) == GSL_SUCCESS) {
			*root = gsl_root_fsolver_root(s);
			break;
		}
	}
	gsl_root_fsolver_free(s);
	return st;
}
