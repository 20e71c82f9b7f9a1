#include "models/ncchisq.h"

#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_sf_gamma.h>

/* The density-like term t_v = (x/2)^{v/2} e^{-x/2} / Gamma(v/2 + 1). */
static double term(double x, double v)
{
	return exp(0.5 * v * log(0.5 * x) - 0.5 * x - gsl_sf_lngamma(0.5 * v + 1));
}

/* GSL's central chi-square distribution (gsl_sf_gamma_inc) is off by up to 1e-6 for shape
 * a = v/2 >= 1e4 when x/2 lies within about one standard deviation sqrt(a) of a (its continued
 * fraction stops early there: tests/unit/test_ncchisq.c shows the case); elsewhere it agrees with
 * R's pchisq to 1e-13. Values are taken from it only where it is trusted. */
static int trusted(double x, double v)
{
	const double a = 0.5 * v, z = (0.5 * x - a) / sqrt(a);
	return a < 1e4 || z <= -2 || z >= 2.5;
}

static double central(double x, double v, int upper)
{
	return upper ? gsl_cdf_chisq_Q(x, v) : gsl_cdf_chisq_P(x, v);
}

/* F at df v, from GSL when trusted there, else carried down from the first trusted df above */
static double anchor(double x, double v, int upper)
{
	double w = v;
	while (!trusted(x, w))
		w += 2;
	double F = central(x, w, upper), t = term(x, w);
	while (w > v) {
		t *= (0.5 * w) / (0.5 * x);
		w -= 2;
		F = upper ? F - t : F + t;
	}
	return fmax(F, 0.0);
}

/* sum_j Pois(j; ncp/2) F_j with F_j the central lower (upper = 0) or upper tail at df + 2j */
static double mixture(double x, double df, double ncp, int upper)
{
	const double lam = 0.5 * ncp;
	const long mode = (long)floor(lam);
	const double w0 = exp(-lam + mode * log(lam) - gsl_sf_lngamma(mode + 1.0)), F0 = anchor(x, df + 2.0 * mode, upper);
	double sum = 0;

	/* forward from the mode: F_{j+1} = F_j -/+ t_j */
	double w = w0, v = df + 2.0 * mode, t = term(x, v), F = F0;
	for (long j = mode;; j++) {
		sum += w * F;
		double ratio = lam / (j + 1.0);
		if (ratio < 1 && w * ratio / (1 - ratio) < 1e-17 * sum)
			break;
		if (w == 0 && j > mode)
			break;
		w *= ratio;
		F = upper ? F + t : F - t;
		F = fmax(F, 0.0);
		v += 2;
		t *= 0.5 * x / (0.5 * v);
		if ((j - mode + 1) % 64 == 0 && trusted(x, v)) {
			F = central(x, v, upper);
			t = term(x, v);
		}
	}
	/* backward: F_{j-1} = F_j +/- t_{j-1}, t_{j-1} = t_j (v_j / 2) / (x / 2) */
	w = w0;
	v = df + 2.0 * mode;
	t = term(x, v);
	F = F0;
	for (long j = mode; j > 0; j--) {
		w *= j / lam;
		t = t * (0.5 * v) / (0.5 * x);
		v -= 2;
		F = upper ? F - t : F + t;
		F = fmax(F, 0.0);
		if ((mode - j + 1) % 64 == 0 && trusted(x, v)) {
			F = central(x, v, upper);
			t = term(x, v);
		}
		sum += w * F;
		if (w * (double)j < 1e-17 * sum)
			break;
	}
	return fmin(sum, 1.0);
}

double ncchisq_P(double x, double df, double ncp)
{
	if (!(x > 0))
		return 0;
	if (ncp <= 0)
		return gsl_cdf_chisq_P(x, df);
	return mixture(x, df, ncp, 0);
}

double ncchisq_Q(double x, double df, double ncp)
{
	if (!(x > 0))
		return 1;
	if (ncp <= 0)
		return gsl_cdf_chisq_Q(x, df);
	return mixture(x, df, ncp, 1);
}

struct root_args {
	double x, df, prob;
};

static double root_f(double ncp, void *params)
{
	const struct root_args *a = params;
	return ncchisq_P(a->x, a->df, ncp) - a->prob;
}

double ncchisq_ncp(double x, double df, double prob, double lo, double hi)
{
	struct root_args a = {x, df, prob};
	gsl_function F = {root_f, &a};
	gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
	double r = GSL_NAN;

	if (!s)
		return r;
	if (root_f(lo, &a) * root_f(hi, &a) > 0 || gsl_root_fsolver_set(s, &F, lo, hi)) {
		gsl_root_fsolver_free(s);
		return r;
	}
	for (int it = 0; it < 200; it++) {
		if (gsl_root_fsolver_iterate(s))
			break;
		r = gsl_root_fsolver_root(s);
		if (gsl_root_test_interval(gsl_root_fsolver_x_lower(s), gsl_root_fsolver_x_upper(s), 0, 1e-13) ==
		    GSL_SUCCESS)
			break;
	}
	gsl_root_fsolver_free(s);
	return r;
}
