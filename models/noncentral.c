#include "models/noncentral.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>

#include "models/distributions.h"
#include "models/roots.h"

/* stirl(z) = log Gamma(z) - (z - 1/2) log z + z - log(2 pi) / 2, the error of Stirling's formula:
 * its asymptotic series (Abramowitz & Stegun 6.1.41) from z = 15 on, where five terms leave less
 * than 3e-16; directly below, where the cancellation costs at most a few 1e-15 absolute. */
static double stirl(double z)
{
	if (z >= 15) {
		double z2 = 1 / (z * z);
		return (1.0 / 12 - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 - z2 / 1188) * z2) * z2) * z2) / z;
	}
	return gsl_sf_lngamma(z) - (z - 0.5) * log(z) + z - 0.5 * log(2 * M_PI);
}

/* bd0(u, v) = u log(u / v) + v - u >= 0 without cancellation near u = v (Loader 2000): with
 * e = (u - v) / (u + v), bd0 = (u - v) e + 2 u sum_{j >= 1} e^(2j+1) / (2j + 1). */
static double bd0(double u, double v)
{
	if (u == 0)
		return v;
	if (v == 0)
		return GSL_POSINF;
	if (fabs(u - v) < 0.1 * (u + v)) {
		double e = (u - v) / (u + v), s = (u - v) * e, ej = 2 * u * e;
		for (int j = 1; j < 1000; j++) {
			double s1;
			ej *= e * e;
			s1 = s + ej / (2 * j + 1);
			if (s1 == s)
				break;
			s = s1;
		}
		return s;
	}
	return u * log(u / v) + v - u;
}

/* log of x^a y^b / B(a, b), x + y = 1 (both given, each exact). */
static double log_beta_term(double a, double b, double x, double y)
{
	double n = a + b;

	if (x == 0 || y == 0)
		return GSL_NEGINF;
	return stirl(n) - stirl(a) - stirl(b) - bd0(a, x * n) - bd0(b, y * n) + 0.5 * log(a * b / (2 * M_PI * n));
}

/* I = I_x(a, b) and J = 1 - I with x + y = 1. gsl_sf_beta_inc takes x alone and forms 1 - x for
 * the tail it does not sum directly, so the smaller of the two (the one below the mean of the
 * beta distribution, approximately) is asked for and the other taken as its complement. An
 * underflow is a value of 0, not a failure. */
static int beta_inc_pair(double a, double b, double x, double y, double *I, double *J)
{
	gsl_sf_result r;
	int direct = x < (a + 1) / (a + b + 2);
	int st = direct ? gsl_sf_beta_inc_e(a, b, x, &r) : gsl_sf_beta_inc_e(b, a, y, &r);

	if (st == GSL_EUNDRFLW)
		r.val = 0, st = GSL_SUCCESS;
	if (st != GSL_SUCCESS)
		return st;
	*I = direct ? r.val : 1 - r.val;
	*J = direct ? 1 - r.val : r.val;
	return GSL_SUCCESS;
}

/* One tail of a mixture: sum_{j >= 0} w_{j+o}(c) K_j with K_j = I_x(a + j, b) (the lower tail,
 * decreasing in j) or 1 - I_x(a + j, b) (the upper tail, increasing); o = 0 or 1/2; 0 < x < 1. */
struct mixture {
	double c, o, a, b, x, y;
	int upper;
};

/* log K_j, roughly: x^(a+j) y^b / B(a + j, b) divided by a + j (lower) or b (upper) while K_j
 * is small (the leading term of its series), and at most 0. */
static double log_k_guess(const struct mixture *m, double j)
{
	double lk = log_beta_term(m->a + j, m->b, m->x, m->y) - log(m->upper ? m->b : m->a + j);

	return GSL_MIN(0.0, lk);
}

/* The first j in [lo, hi] (upper tail: K increasing) or the last (lower tail: decreasing) whose
 * log_k_guess reaches log NONCENTRAL_START_MIN, by bisection. */
static double threshold_index(const struct mixture *m, double lo, double hi)
{
	double target = log(NONCENTRAL_START_MIN);

	while (hi - lo > 1) {
		double mid = floor((lo + hi) / 2);
		if ((log_k_guess(m, mid) >= target) == !m->upper)
			lo = mid;
		else
			hi = mid;
	}
	return m->upper ? hi : lo;
}

/* The sum starts at the largest weight, j = m, and runs both ways with the recurrences; the rest
 * of each direction is bounded by (the largest K still to come) times (the weights still to come,
 * at most min(1, w r / (1 - r)) once they fall by a ratio r < 1; the weights sum to at most 1).
 * A direction also stops where its weights, falling, are below DBL_MIN (a denormal weight
 * multiplied by a ratio near 1 rounds back to itself and would never reach 0).
 * Each direction adds or subtracts g as K dictates; a subtraction loses at most DBL_EPSILON K_m
 * per term, small against the sum, which is at least w_m K_m.
 * When K_m is below NONCENTRAL_START_MIN, the terms on the far side of the mode are negligible
 * (at most K_m in all) and the start moves to where K first reaches it on the tail's side (the
 * lower tail below the mode, the upper above it): the sum then runs from there away from the
 * mode only, the stable direction (K growing), and drops at most about NONCENTRAL_START_MIN. */
static int mixture_sum(const struct mixture *m, double *sum)
{
	double c = m->c, o = m->o, a = m->a, b = m->b, x = m->x, y = m->y;
	double s = c > o ? floor(c - o) : 0, I, J, K, g, w, tot;
	int up = m->upper, both = 1;
	unsigned long n;
	int st;

	if ((st = beta_inc_pair(a + s, b, x, y, &I, &J)) != GSL_SUCCESS)
		return st;
	if (c == 0) { /* only w_0 = 1 when o = 0 */
		*sum = o == 0 ? (up ? J : I) : 0;
		return GSL_SUCCESS;
	}
	if ((up ? J : I) < NONCENTRAL_START_MIN) {
		both = 0;
		s = up ? threshold_index(m, s, s + ceil(40 * sqrt(c) + 40)) : threshold_index(m, 0, s);
		if ((st = beta_inc_pair(a + s, b, x, y, &I, &J)) != GSL_SUCCESS)
			return st;
	}
	w = dist_poisson_weight(s + o, c);
	g = exp(log_beta_term(a + s, b, x, y)) / (a + s);
	tot = w * (up ? J : I);
	/* upward: after adding term j + 1, the rest is sum_{i > j+1} w_i K_i, the weights falling
	 * by r = c / (j + 2 + o) */
	if (both || up) {
		double wj = w, Ij = I, Jj = J, gj = g;
		for (n = 0;; n++) {
			double j = s + (double)n, r, rest;
			if (n >= NONCENTRAL_MAX_TERMS)
				return GSL_EMAXITER;
			Ij = GSL_MAX(Ij - gj, 0.0);
			Jj = GSL_MIN(Jj + gj, 1.0);
			gj *= x * (a + b + j) / (a + j + 1);
			wj *= c / (j + 1 + o);
			K = up ? Jj : Ij;
			tot += wj * K;
			r = c / (j + 2 + o);
			rest = (up ? 1 : K) * (r < 1 ? GSL_MIN(1.0, wj * r / (1 - r)) : 1);
			if (rest <= NONCENTRAL_EPSREL * tot || (wj < DBL_MIN && r < 1))
				break;
		}
	}
	/* downward to 0: the rest is sum_{i < j-1} w_i K_i, the weights falling by
	 * r = (j - 1 + o) / c */
	if (both || !up)
		for (n = 0; n < (unsigned long)s; n++) {
			double j = s - (double)n, r, rest;
			if (n >= NONCENTRAL_MAX_TERMS)
				return GSL_EMAXITER;
			g *= (a + j) / (x * (a + b + j - 1)); /* g_{a+j-1} from g_{a+j} */
			I = GSL_MIN(I + g, 1.0);
			J = GSL_MAX(J - g, 0.0);
			w *= (j + o) / c;
			K = up ? J : I;
			tot += w * K;
			r = (j - 1 + o) / c;
			rest = (up ? K : 1) * (r < 1 ? GSL_MIN(1.0, w * r / (1 - r)) : 1);
			if (rest <= NONCENTRAL_EPSREL * tot || (w < DBL_MIN && r < 1))
				break;
		}
	*sum = tot;
	return GSL_SUCCESS;
}

static void put(double *dst, double v)
{
	if (dst)
		*dst = v;
}

int noncentral_f(double f, double df1, double df2, double ncp, double *lower, double *upper)
{
	struct mixture m = {.c = ncp / 2, .a = df1 / 2, .b = df2 / 2};
	double d, v;
	int st;

	if (isnan(f) || !(df1 > 0) || !(df2 > 0) || !(ncp >= 0) || isinf(df1) || isinf(df2) || isinf(ncp))
		return GSL_EDOM;
	if (f <= 0 || isinf(f)) {
		put(lower, f > 0), put(upper, f <= 0);
		return GSL_SUCCESS;
	}
	d = df1 * f + df2;
	m.x = df1 * f / d;
	m.y = df2 / d;
	for (m.upper = 0; m.upper <= 1; m.upper++) {
		double *dst = m.upper ? upper : lower;
		if (!dst)
			continue;
		if ((st = mixture_sum(&m, &v)) != GSL_SUCCESS)
			return st;
		*dst = GSL_MIN(v, 1.0);
	}
	return GSL_SUCCESS;
}

/* P(T <= t) (upper = 0) or P(T > t) (upper = 1) for t >= 0. */
static int nct_tail(double t, double df, double delta, int upper, double *out)
{
	double d = t * t + df, sgn = delta < 0 ? -1 : 1, s1, s2;
	struct mixture m1 = {.c = delta * delta / 2, .o = 0, .a = 0.5, .b = df / 2, .upper = upper};
	struct mixture m2 = {.c = delta * delta / 2, .o = 0.5, .a = 1, .b = df / 2, .upper = upper};
	int st;

	if (t == 0 || isinf(t)) {
		*out = t == 0 ? (upper ? gsl_cdf_ugaussian_P(delta) : gsl_cdf_ugaussian_Q(delta)) : !upper;
		return GSL_SUCCESS;
	}
	m1.x = m2.x = t * t / d;
	m1.y = m2.y = df / d;
	if ((st = mixture_sum(&m1, &s1)) != GSL_SUCCESS || (st = mixture_sum(&m2, &s2)) != GSL_SUCCESS)
		return st;
	*out = 0.5 * (s1 + sgn * s2) + (upper ? 0 : gsl_cdf_ugaussian_Q(delta));
	*out = GSL_MIN(1.0, GSL_MAX(0.0, *out));
	return GSL_SUCCESS;
}

int noncentral_t(double t, double df, double ncp, double *lower, double *upper)
{
	int st = GSL_SUCCESS;

	if (isnan(t) || !(df > 0) || isinf(df) || isnan(ncp) || isinf(ncp))
		return GSL_EDOM;
	/* for t < 0: P(T <= t; delta) = P(T >= -t; -delta) */
	if (lower)
		st = t >= 0 ? nct_tail(t, df, ncp, 0, lower) : nct_tail(-t, df, -ncp, 1, lower);
	if (upper && st == GSL_SUCCESS)
		st = t >= 0 ? nct_tail(t, df, ncp, 1, upper) : nct_tail(-t, df, -ncp, 0, upper);
	return st;
}

/* The inversion: h(ncp) = (tail below one half at ncp) - its target, decreasing in ncp. */
enum ncp_family { NCP_T, NCP_F, NCP_CHISQ };

struct ncp_ctx {
	enum ncp_family family;
	double q, df1, df2, p;
	int status;
};

static int family_tails(const struct ncp_ctx *c, double ncp, double *lo, double *up)
{
	switch (c->family) {
	case NCP_T:
		return noncentral_t(c->q, c->df1, ncp, lo, up);
	case NCP_F:
		return noncentral_f(c->q, c->df1, c->df2, ncp, lo, up);
	default:
		return noncentral_chisq(c->q, c->df1, ncp, lo, up);
	}
}

static double ncp_h(double ncp, void *params)
{
	struct ncp_ctx *c = params;
	double v = NAN, *lo = c->p <= 0.5 ? &v : NULL, *up = c->p <= 0.5 ? NULL : &v;
	int st = family_tails(c, ncp, lo, up);

	if (st != GSL_SUCCESS && c->status == GSL_SUCCESS)
		c->status = st;
	return c->p <= 0.5 ? v - c->p : (1 - c->p) - v;
}

/* Brent's method on [lo, hi] with h(lo) > 0 > h(hi). */
static int ncp_solve(struct ncp_ctx *c, double lo, double hi, double *root)
{
	gsl_function fn = {ncp_h, c};

	return root_brent(&fn, lo, hi, 0, NONCENTRAL_NCP_EPSREL, NONCENTRAL_NCP_MAXITER, &c->status, root);
}

int noncentral_t_ncp(double t, double df, double p, double *ncp)
{
	struct ncp_ctx c = {.family = NCP_T, .q = t, .df1 = df, .p = p, .status = GSL_SUCCESS};
	double step, lo, hi;
	int it;

	if (isnan(t) || isinf(t) || !(df > 0) || isinf(df) || !(p > 0 && p < 1))
		return GSL_EDOM;
	/* the sampling SD of t near delta is about sqrt(1 + delta^2 / (2 df)) */
	step = 2 * sqrt(1 + t * t / (2 * df));
	lo = t - step, hi = t + step;
	for (it = 0; ncp_h(lo, &c) <= 0 && c.status == GSL_SUCCESS; it++, step *= 2, lo -= step)
		if (it >= NONCENTRAL_NCP_MAXITER)
			return GSL_EMAXITER;
	for (it = 0; ncp_h(hi, &c) >= 0 && c.status == GSL_SUCCESS; it++, step *= 2, hi += step)
		if (it >= NONCENTRAL_NCP_MAXITER)
			return GSL_EMAXITER;
	if (c.status != GSL_SUCCESS)
		return c.status;
	return ncp_solve(&c, lo, hi, ncp);
}

/* The ncp >= 0 of F or chi-square: 0 when h(0) <= 0, else the root in [0, hi], hi doubled from
 * `hi` until h(hi) < 0. */
static int nonnegative_ncp(struct ncp_ctx *c, double hi, double *ncp)
{
	double lo = 0;
	int it;

	if (ncp_h(0, c) <= 0) {
		*ncp = 0;
		return c->status;
	}
	for (it = 0; ncp_h(hi, c) >= 0 && c->status == GSL_SUCCESS; it++) {
		if (it >= NONCENTRAL_NCP_MAXITER)
			return GSL_EMAXITER;
		lo = hi;
		hi *= 2;
	}
	if (c->status != GSL_SUCCESS)
		return c->status;
	return ncp_solve(c, lo, hi, ncp);
}

int noncentral_f_ncp(double f, double df1, double df2, double p, double *ncp)
{
	struct ncp_ctx c = {.family = NCP_F, .q = f, .df1 = df1, .df2 = df2, .p = p, .status = GSL_SUCCESS};

	if (isnan(f) || isinf(f) || !(df1 > 0) || isinf(df1) || !(df2 > 0) || isinf(df2) || !(p > 0 && p < 1))
		return GSL_EDOM;
	return nonnegative_ncp(&c, GSL_MAX(1.0, 2 * df1 * f), ncp);
}

int noncentral_chisq_ncp(double x, double df, double p, double *ncp)
{
	struct ncp_ctx c = {.family = NCP_CHISQ, .q = x, .df1 = df, .p = p, .status = GSL_SUCCESS};

	if (isnan(x) || isinf(x) || !(df > 0) || isinf(df) || !(p > 0 && p < 1))
		return GSL_EDOM;
	return nonnegative_ncp(&c, GSL_MAX(1.0, x), ncp);
}
