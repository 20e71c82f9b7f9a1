/* The noncentral chi-square distribution of models/noncentral.h: each tail of the Poisson
 * mixture summed on its own from the largest weight outwards, the central tails carried between
 * neighbouring terms and re-read from models/distributions every NONCENTRAL_CHISQ_ANCHOR terms. */
#include "models/noncentral.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "models/distributions.h"

/* Term j of one tail: the Poisson weight w_j(ncp / 2), the central tail K_j (P(chi2_(df+2j) <= x),
 * or > x when upper) and the step s_j = w_(df/2 + j)(x / 2) between K_j and K_(j+1). */
struct term {
	double w, K, s;
};

static struct term term_at(double x, double df, double lam, double j, int upper)
{
	double v = df + 2 * j;

	return (struct term){dist_poisson_weight(j, lam), upper ? dist_chisq_Q(x, v) : dist_chisq_P(x, v),
			     dist_poisson_weight(0.5 * v, 0.5 * x)};
}

static double clamp01(double v)
{
	return GSL_MIN(1.0, GSL_MAX(0.0, v));
}

/* One tail: sum_j w_j K_j. The rest of a direction is bounded by (the largest K still to come:
 * 1, or K_j where K falls that way) times the weights still to come (at most w r / (1 - r) once
 * they fall by r < 1); a direction also stops where its weights fall below DBL_MIN. */
static int tail_sum(double x, double df, double ncp, int upper, double *out)
{
	const double lam = 0.5 * ncp, h = 0.5 * x, a = 0.5 * df, mode = floor(lam);
	const struct term t0 = term_at(x, df, lam, mode, upper);
	struct term t = t0;
	double sum = t0.w * t0.K;

	/* upwards: K_(j+1) = K_j -/+ s_j, s_(j+1) = s_j h / (a + j + 1), w_(j+1) = w_j lam / (j + 1) */
	for (unsigned long n = 1;; n++) {
		double j = mode + (double)n, r, rest;
		if (n > NONCENTRAL_MAX_TERMS)
			return GSL_EMAXITER;
		if (n % NONCENTRAL_CHISQ_ANCHOR == 0) {
			t = term_at(x, df, lam, j, upper);
		} else {
			t.w *= lam / j;
			t.K = clamp01(upper ? t.K + t.s : t.K - t.s);
			t.s *= h / (a + j);
		}
		sum += t.w * t.K;
		r = lam / (j + 1);
		rest = (upper ? 1 : t.K) * (r < 1 ? GSL_MIN(1.0, t.w * r / (1 - r)) : 1);
		if (rest <= NONCENTRAL_EPSREL * sum || (t.w < DBL_MIN && r < 1))
			break;
	}
	/* downwards to 0: s_(j-1) = s_j (a + j) / h, K_(j-1) = K_j +/- s_(j-1), w_(j-1) = w_j j / lam */
	t = t0;
	for (unsigned long n = 1; (double)n <= mode; n++) {
		double j = mode - (double)n, r, rest;
		if (n > NONCENTRAL_MAX_TERMS)
			return GSL_EMAXITER;
		if (n % NONCENTRAL_CHISQ_ANCHOR == 0) {
			t = term_at(x, df, lam, j, upper);
		} else {
			t.w *= (j + 1) / lam;
			t.s *= (a + j + 1) / h;
			t.K = clamp01(upper ? t.K - t.s : t.K + t.s);
		}
		sum += t.w * t.K;
		r = j / lam;
		rest = (upper ? t.K : 1) * GSL_MIN(1.0, t.w * r / (1 - r));
		if (rest <= NONCENTRAL_EPSREL * sum || t.w < DBL_MIN)
			break;
	}
	if (!(sum >= 0)) /* a term that could not be formed (NaN) */
		return GSL_EFAILED;
	*out = GSL_MIN(sum, 1.0);
	return GSL_SUCCESS;
}

int noncentral_chisq(double x, double df, double ncp, double *lower, double *upper)
{
	int st;

	if (isnan(x) || !(df > 0) || isinf(df) || !(ncp >= 0) || isinf(ncp))
		return GSL_EDOM;
	if (x <= 0 || isinf(x)) {
		if (lower)
			*lower = x > 0;
		if (upper)
			*upper = x <= 0;
		return GSL_SUCCESS;
	}
	if (ncp == 0) {
		if (lower)
			*lower = dist_chisq_P(x, df);
		if (upper)
			*upper = dist_chisq_Q(x, df);
		return GSL_SUCCESS;
	}
	if (lower && (st = tail_sum(x, df, ncp, 0, lower)) != GSL_SUCCESS)
		return st;
	if (upper && (st = tail_sum(x, df, ncp, 1, upper)) != GSL_SUCCESS)
		return st;
	return GSL_SUCCESS;
}
