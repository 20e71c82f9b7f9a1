#include "models/noncentral_chisq.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_roots.h>

#include "models/distributions.h"

int noncentral_chisq_P(double x, double df, double ncp, double *P)
{
	double lambda = ncp / 2, w0, sum, w;
	unsigned j0;

	*P = NAN;
	if (!(x >= 0) || !(df > 0) || !(ncp >= 0) || !isfinite(x) || !isfinite(df) || !isfinite(ncp))
		return GSL_EDOM;
	if (ncp == 0) {
		*P = dist_chisq_P(x, df);
		return GSL_SUCCESS;
	}
	j0 = (unsigned)floor(lambda);
	w0 = gsl_ran_poisson_pdf(j0, lambda);
	sum = w0 * dist_chisq_P(x, df + 2.0 * j0);
	/* downwards from the mode: w_(j-1) = w_j j / lambda, each ratio below the last */
	w = w0;
	for (unsigned j = j0; j > 0; j--) {
		double ratio = j / lambda;
		w *= ratio;
		sum += w * dist_chisq_P(x, df + 2.0 * (j - 1));
		if (ratio < 1 && w * ratio / (1 - ratio) < NCCHISQ_EPS * sum)
			break;
	}
	/* upwards: w_(j+1) = w_j lambda / (j + 1) */
	w = w0;
	for (unsigned j = j0 + 1;; j++) {
		double term;
		w *= lambda / j;
		term = dist_chisq_P(x, df + 2.0 * j);
		sum += w * term;
		if (term == 0 || (lambda < j + 1 && w / (1 - lambda / (j + 1)) < NCCHISQ_EPS * sum))
			break;
	}
	*P = sum > 1 ? 1 : sum;
	return GSL_SUCCESS;
}

struct root_arg {
	double x, df, p;
};

static double excess(double ncp, void *arg)
{
	const struct root_arg *a = arg;
	double P;

	noncentral_chisq_P(a->x, a->df, ncp, &P);
	return P - a->p;
}

int noncentral_chisq_ncp(double x, double df, double p, double *ncp)
{
	struct root_arg a = {x, df, p};
	gsl_function f = {excess, &a};
	gsl_root_fsolver *s;
	double lo = 0, hi = fmax(1, x), P;
	int st;

	*ncp = NAN;
	if (!(p > 0 && p < 1) || (st = noncentral_chisq_P(x, df, 0, &P)) != GSL_SUCCESS)
		return GSL_EDOM;
	if (P <= p) {
		*ncp = 0;
		return GSL_SUCCESS;
	}
	/* P falls to 0 as ncp grows: double the upper end until it is below p */
	while (excess(hi, &a) > 0) {
		lo = hi;
		hi *= 2;
		if (!isfinite(hi))
			return GSL_EMAXITER;
	}
	if (!(s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent)))
		return GSL_ENOMEM;
	st = gsl_root_fsolver_set(s, &f, lo, hi);
	for (int i = 0; st == GSL_SUCCESS && i < NCCHISQ_MAXITER; i++) {
		st = gsl_root_fsolver_iterate(s);
		if (st != GSL_SUCCESS)
			break;
		st = gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 0, NCCHISQ_NCP_EPSREL);
		if (st == GSL_SUCCESS) {
			*ncp = gsl_root_fsolver_root(s);
			break;
		}
		if (st == GSL_CONTINUE)
			st = i + 1 < NCCHISQ_MAXITER ? GSL_SUCCESS : GSL_EMAXITER;
	}
	gsl_root_fsolver_free(s);
	return st;
}
