#include "models/robust_cov.h"

#include <math.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

int robust_omega(enum ols_cov_type type, double e, double h, size_t n, size_t p, double *omega)
{
	double e2 = e * e, q = 1 - h;

	switch (type) {
	case OLS_HC0:
		*omega = e2;
		return GSL_SUCCESS;
	case OLS_HC1:
		*omega = e2 * (double)n / (double)(n - p);
		return GSL_SUCCESS;
	case OLS_HC2:
	case OLS_HC3:
	case OLS_HC4:
		if (!(q > 0))
			return GSL_EDOM;
		if (type == OLS_HC2)
			*omega = e2 / q;
		else if (type == OLS_HC3)
			*omega = e2 / (q * q);
		else
			*omega = e2 / pow(q, fmin(4.0, (double)n * h / (double)p));
		return GSL_SUCCESS;
	case OLS_CLASSICAL:
		break;
	}
	return GSL_EINVAL;
}

int robust_sandwich(const gsl_matrix *bread, const gsl_matrix *meat, gsl_matrix *V, gsl_matrix *work)
{
	int status = gsl_blas_dsymm(CblasLeft, CblasUpper, 1.0, bread, meat, 0.0, work);

	if (status)
		return status;
	return gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, work, bread, 0.0, V);
}
