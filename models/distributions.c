#include "models/distributions.h"

#include <float.h>
#include <math.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_log.h>

#include "models/roots.h"

/* --- the incomplete beta ------------------------------------------------------------------------ */

/* log Gamma(z) minus Stirling's (z - 1/2) log z - z + log(2 pi) / 2. */
static double stirling_rest(double z)
{
	return log(gsl_sf_gammastar(z));
}

/* log(1 + t) where t comes exactly from u: log1pmx-based near 0, else from the ratio itself. */
static double log_ratio(double t, double ratio)
{
	return fabs(t) <= 0.5 ? log1p(t) : log(ratio);
}

/* x^a y^b / B(a, b) (y = 1 - x, u = x b - y a), without the cancellation of the direct form. */
static double beta_prefactor(double a, double b, double x, double y, double u)
{
	double t = u / a, s = -u / b, l;

	if (fabs(t) <= 0.5 && fabs(s) <= 0.5) /* a t + b s = 0: the linear terms cancel exactly */
		l = a * gsl_sf_log_1plusx_mx(t) + b * gsl_sf_log_1plusx_mx(s);
	else
		l = a * log_ratio(t, x * (a + b) / a) + b * log_ratio(s, y * (a + b) / b);
	l += -stirling_rest(a) - stirling_rest(b) + stirling_rest(a + b);
	return exp(l) * sqrt(a * b / (2 * M_PI * (a + b)));
}

/* The continued fraction of I_x(a, b) (DLMF 8.17.22) by the modified Lentz method; its first
 * denominator 1 - (a + b) x / (a + 1) is written (1 - u) / (a + 1). NaN when it does not settle. */
static double beta_fraction(double a, double b, double x, double u)
{
	const double tiny = 1e-300;
	double c = 1, d = (1 - u) / (a + 1), h;

	d = 1 / (fabs(d) < tiny ? tiny : d);
	h = d;
	for (long m = 1; m <= DIST_CF_MAXITER; m++) {
		double dm = (double)m, m2 = 2 * dm, step;
		double e = dm * (b - dm) * x / ((a + m2 - 1) * (a + m2));
		d = 1 + e * d;
		c = 1 + e / c;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = fabs(c) < tiny ? tiny : c;
		h *= d * c;
		e = -(a + dm) * (a + b + dm) * x / ((a + m2) * (a + m2 + 1));
		d = 1 + e * d;
		c = 1 + e / c;
		d = 1 / (fabs(d) < tiny ? tiny : d);
		c = fabs(c) < tiny ? tiny : c;
		step = d * c;
		h *= step;
		if (fabs(step - 1) <= 2 * DBL_EPSILON)
			return h;
	}
	return NAN;
}

/* I_x(a, b) (upper = 0) or 1 - I_x(a, b) for a large and b small, from y = 1 - x:
 * I_x(a, b) ~ Q(b, -N log x), N = a + (b - 1) / 2 (Abramowitz & Stegun 26.5.17, the regime of
 * GSL's beta_inc_AXPY), with an error of about 3e3 b / a^2 relative. */
static double beta_gamma_limit(double a, double b, double y, int upper)
{
	double z = -(a + 0.5 * (b - 1)) * log1p(-y);

	return upper ? gsl_sf_gamma_inc_P(b, z) : gsl_sf_gamma_inc_Q(b, z);
}

/* I_x(a, b) (upper = 0) or 1 - I_x(a, b) (upper = 1), with y = 1 - x and u = x b - y a given
 * exactly by the caller. */
static double beta_tail(double a, double b, double x, double y, double u, int upper)
{
	double r;

	if (!(x > 0))
		return upper ? 1 : 0;
	if (!(y > 0))
		return upper ? 0 : 1;
	/* one parameter huge, the other small: the mass sits at x within 1e-6 of 1 (or of 0), where
	 * the fraction would need x to more digits than a double holds; use the incomplete gamma */
	if (a >= DIST_BETA_GAMMA_LARGE && b <= DIST_BETA_GAMMA_SMALL)
		return beta_gamma_limit(a, b, y, upper);
	if (b >= DIST_BETA_GAMMA_LARGE && a <= DIST_BETA_GAMMA_SMALL)
		return beta_gamma_limit(b, a, x, !upper);
	if (x < (a + 1) / (a + b + 2)) {
		r = beta_prefactor(a, b, x, y, u) * beta_fraction(a, b, x, u) / a;
		return upper ? 1 - r : r;
	}
	r = beta_prefactor(b, a, y, x, -u) * beta_fraction(b, a, y, -u) / b;
	return upper ? r : 1 - r;
}

/* --- t, F and chi-square tails ------------------------------------------------------------------ */

static int bad_df(double df)
{
	return isnan(df) || !(df > 0);
}

/* P(T > t) (upper) or P(T <= t). */
static double t_tail(double t, double df, int upper)
{
	double x, y, u, half;

	if (isnan(t) || bad_df(df))
		return NAN;
	if (isinf(df))
		return upper ? gsl_cdf_ugaussian_Q(t) : gsl_cdf_ugaussian_P(t);
	if (t < 0)
		return t_tail(-t, df, !upper);
	if (t == 0)
		return 0.5;
	if (t <= 1) {
		x = df / (df + t * t);
		y = t * t / (df + t * t);
		u = df * (1 - t) * (1 + t) / (2 * (df + t * t));
	} else { /* in powers of 1 / t, which cannot overflow */
		double q = 1 / t, r = df * q * q;
		x = r / (1 + r);
		y = 1 / (1 + r);
		u = -0.5 * df * (1 - q) * (1 + q) / (1 + r);
	}
	/* P(T > t) = I_x(df/2, 1/2) / 2 */
	half = 0.5 * beta_tail(0.5 * df, 0.5, x, y, u, 0);
	return upper ? half : 1 - half;
}

/* P(F > f) (upper) or P(F <= f). */
static double f_tail(double f, double df1, double df2, int upper)
{
	double den, x, y, u;

	if (isnan(f) || bad_df(df1) || bad_df(df2))
		return NAN;
	if (f <= 0)
		return upper ? 1 : 0;
	if (isinf(f))
		return upper ? 0 : 1;
	if (isinf(df1) && isinf(df2))
		return (f > 1) == (upper != 0) ? 0 : 1;
	if (isinf(df2)) /* df1 F ~ chi-square(df1) */
		return upper ? dist_chisq_Q(df1 * f, df1) : dist_chisq_P(df1 * f, df1);
	if (isinf(df1)) /* df2 / F ~ chi-square(df2) */
		return upper ? dist_chisq_P(df2 / f, df2) : dist_chisq_Q(df2 / f, df2);
	den = df1 * f + df2;
	x = df1 * f / den;
	y = df2 / den;
	u = 0.5 * df2 * (df1 * (f - 1) / den);
	if (!isfinite(u)) { /* df1 f beyond the double range */
		x = 1;
		y = df2 / df1 / f;
		u = 0.5 * df2;
	}
	return beta_tail(0.5 * df1, 0.5 * df2, x, y, u, upper);
}

/* Temme's uniform expansion of the incomplete gamma ratio: Q(a, x) (upper) or P(a, x). */
static double gamma_temme(double a, double x, int upper)
{
	double e = x / a - 1, eta, c0, c1, r, s;

	eta = (e >= 0 ? 1 : -1) * sqrt(-2 * gsl_sf_log_1plusx_mx(e));
	if (fabs(e) < 1e-3) { /* Taylor series in lambda - 1 (the closed forms cancel there) */
		c0 = -1.0 / 3 + e * (1.0 / 12 - e * (23.0 / 540 - e * (353.0 / 12960 - e * 589.0 / 30240)));
		c1 = -1.0 / 540 - e / 288;
	} else {
		c0 = 1 / e - 1 / eta;
		c1 = 1 / (eta * eta * eta) - 1 / (e * e * e) - 1 / (e * e) - 1 / (12 * e);
	}
	r = exp(-0.5 * a * eta * eta) / sqrt(2 * M_PI * a) * (c0 + c1 / a);
	s = eta * sqrt(0.5 * a);
	return upper ? 0.5 * gsl_sf_erfc(s) + r : 0.5 * gsl_sf_erfc(-s) - r;
}

double dist_poisson_weight(double z, double c)
{
	double l;

	if (isnan(z) || isnan(c) || z < 0 || c < 0)
		return NAN;
	if (z == 0)
		return exp(-c);
	if (c == 0 || isinf(c) || isinf(z))
		return 0;
	/* z log1pmx(t), t = c/z - 1; far below z, where 1 + t would round to 0, from log(c/z) itself */
	l = c > 0.5 * z ? z * gsl_sf_log_1plusx_mx((c - z) / z) : z * (log(c / z) - (c - z) / z);
	return exp(l) / (sqrt(2 * M_PI * z) * gsl_sf_gammastar(z));
}

/* Where GSL's incomplete gamma uses its continued fraction below the mean: a - sqrt(a) < h < a,
 * widened by 1 below so that GSL's own test (h - a)^2 < a, rounded either way, falls inside. */
static int gamma_in_band(double a, double h)
{
	return h > a - sqrt(a) - 1 && h < a;
}

/* P(a, h) (upper = 0) or Q(a, h) inside the band, carried down from the first a + k outside it
 * (see the header). */
static double gamma_carried(double a, double h, int upper)
{
	double w, sum = 0, F;
	size_t k = 1;

	while (gamma_in_band(a + (double)k, h))
		k++;
	F = upper ? gsl_sf_gamma_inc_Q(a + (double)k, h) : gsl_sf_gamma_inc_P(a + (double)k, h);
	w = dist_poisson_weight(a + (double)k, h);
	for (; k > 0; k--) {
		w *= (a + (double)k) / h; /* w_(a+k-1) from w_(a+k) */
		sum += w;
	}
	return upper ? F - sum : F + sum;
}

static double chisq_tail(double x, double df, int upper)
{
	double a = 0.5 * df, h = 0.5 * x;

	if (isnan(x) || bad_df(df) || isinf(df))
		return NAN;
	if (x <= 0)
		return upper ? 1 : 0;
	if (isinf(x))
		return upper ? 0 : 1;
	if (df >= DIST_CHISQ_TEMME_DF)
		return gamma_temme(a, h, upper);
	if (df >= DIST_CHISQ_CARRY_DF && gamma_in_band(a, h))
		return gamma_carried(a, h, upper);
	return upper ? gsl_sf_gamma_inc_Q(a, h) : gsl_sf_gamma_inc_P(a, h);
}

double dist_t_P(double t, double df)
{
	return t_tail(t, df, 0);
}

double dist_t_Q(double t, double df)
{
	return t_tail(t, df, 1);
}

double dist_f_P(double f, double df1, double df2)
{
	return f_tail(f, df1, df2, 0);
}

double dist_f_Q(double f, double df1, double df2)
{
	return f_tail(f, df1, df2, 1);
}

double dist_chisq_P(double x, double df)
{
	return chisq_tail(x, df, 0);
}

double dist_chisq_Q(double x, double df)
{
	return chisq_tail(x, df, 1);
}

/* --- quantiles ---------------------------------------------------------------------------------- */

/* A tail as a function of v = log x (x = F or t > 0). */
struct quantile_ctx {
	double df1, df2;
	int is_t, upper;
	double log_p;
};

static double tail_at(double v, const struct quantile_ctx *c)
{
	return c->is_t ? t_tail(exp(v), c->df1, c->upper) : f_tail(exp(v), c->df1, c->df2, c->upper);
}

/* log(tail) - log(p): decreasing in v for an upper tail, increasing for a lower one. A tail that
 * underflows counts as far below p. */
static double quantile_fn(double v, void *params)
{
	const struct quantile_ctx *c = params;
	double t = tail_at(v, c);

	return t > 0 ? log(t) - c->log_p : -1e4;
}

/* The v where the tail equals p (0 < p <= 1/2), searched from v0 with steps of `step`. */
static double quantile_search(struct quantile_ctx *c, double p, double v0, double step)
{
	gsl_function fn = {quantile_fn, c};
	double lo = v0, hi = v0, g0, v = NAN;
	int above;

	c->log_p = log(p);
	g0 = quantile_fn(v0, c);
	if (isnan(g0))
		return NAN;
	if (g0 == 0)
		return v0;
	/* the root is above v0 when the upper tail there is still too large (or the lower one too small) */
	above = c->upper ? g0 > 0 : g0 < 0;
	for (size_t it = 0;; it++) {
		double w, g;
		if (it == DIST_QUANTILE_MAXITER)
			return NAN;
		w = above ? hi + step : lo - step;
		g = quantile_fn(w, c);
		if (isnan(g))
			return NAN;
		if (above)
			lo = hi, hi = w;
		else
			hi = lo, lo = w;
		if (g == 0)
			return w;
		if ((g > 0) != (g0 > 0))
			break;
		step *= 2;
	}
	if (root_brent(&fn, lo, hi, DIST_QUANTILE_EPSABS, DIST_QUANTILE_EPSREL, DIST_QUANTILE_MAXITER, NULL, &v) !=
	    GSL_SUCCESS)
		return NAN;
	return v;
}

/* The t with upper (or lower) tail p. */
static double t_quantile(double p, double df, int upper)
{
	struct quantile_ctx c = {.df1 = df, .is_t = 1};
	double z;

	if (isnan(p) || p < 0 || p > 1 || bad_df(df))
		return NAN;
	if (p == 0 || p == 1)
		return (p == 0) == (upper != 0) ? GSL_POSINF : GSL_NEGINF;
	if (p == 0.5)
		return 0;
	if (isinf(df))
		return upper ? gsl_cdf_ugaussian_Qinv(p) : gsl_cdf_ugaussian_Pinv(p);
	/* by symmetry, the upper tail quantile of the smaller probability */
	if ((p < 0.5) != (upper != 0))
		return -t_quantile(p, df, !upper);
	if (p > 0.5)
		p = 1 - p;
	c.upper = 1;
	z = gsl_cdf_ugaussian_Qinv(p);
	return exp(quantile_search(&c, p, log(z), 0.25));
}

/* The F with upper (or lower) tail p. */
static double f_quantile(double p, double df1, double df2, int upper)
{
	struct quantile_ctx c = {.df1 = df1, .df2 = df2};
	double v0;

	if (isnan(p) || p < 0 || p > 1 || bad_df(df1) || bad_df(df2))
		return NAN;
	if (p == 0 || p == 1)
		return (p == 0) == (upper != 0) ? GSL_POSINF : 0;
	if (p > 0.5) {
		p = 1 - p;
		upper = !upper;
	}
	c.upper = upper;
	/* log F is about normal with variance 2 / df1 + 2 / df2 */
	v0 = (upper ? 1 : -1) * gsl_cdf_ugaussian_Qinv(p) * sqrt(2 / df1 + 2 / df2);
	return exp(quantile_search(&c, p, v0, 0.25));
}

double dist_t_Pinv(double p, double df)
{
	return t_quantile(p, df, 0);
}

double dist_t_Qinv(double p, double df)
{
	return t_quantile(p, df, 1);
}

double dist_f_Pinv(double p, double df1, double df2)
{
	return f_quantile(p, df1, df2, 0);
}

double dist_f_Qinv(double p, double df1, double df2)
{
	return f_quantile(p, df1, df2, 1);
}
