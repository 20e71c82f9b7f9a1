#include "models/studentized_range.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_chebyshev.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_exp.h>

#include "models/distributions.h"
#include "models/roots.h"

/* A function as Chebyshev series on consecutive pieces [lo, hi] (series_fit). */
struct sr_piece {
	double lo, hi;
	gsl_cheb_series *cs;
};

struct sr_series {
	struct sr_piece *piece;
	size_t n;
};

struct studentized_range_table {
	size_t k;
	double w_max;         /* P(W > w) is taken as 0 beyond */
	struct sr_series log_tail; /* log P(W > w) on [0, w_max] */
};

struct studentized_range_curve {
	double lo, hi;        /* log df */
	double single;        /* log q when lo == hi */
	struct sr_series log_q; /* log q over log df */
};

struct sr_ctx {
	size_t k;
	double q, df;
	double w;            /* inner integral: the range value */
	double log_norm;     /* the chi density's constant (log_chi_weight) */
	int upper;           /* 1: P(. > .), 0: P(. <= .) */
	int status;          /* first failure inside the outer integrand */
	const struct studentized_range_table *tab; /* the upper tail of the range, when tabulated */
	gsl_integration_workspace *inner, *outer;
};

static double phi(double z);

/* Phi(z + w) - Phi(z) for w >= 0 without cancellation in either tail. A short interval is
 * integrated by Taylor's series about its midpoint m (the difference of the two tails would keep
 * only 1e-16 / w of relative accuracy, which the outer integral over small s needs):
 *   w phi(m) (1 + (m^2 - 1) w^2 / 24 + (m^4 - 6 m^2 + 3) w^4 / 1920), next term O(w^6 m^6). */
static double normal_interval(double z, double w)
{
	if (w <= STUDENTIZED_RANGE_SHORT_INTERVAL) {
		double m = z + 0.5 * w, m2 = m * m, w2 = w * w;
		return w * phi(m) * (1 + (m2 - 1) * w2 / 24 + (m2 * m2 - 6 * m2 + 3) * w2 * w2 / 1920);
	}
	if (z >= 0)
		return gsl_cdf_ugaussian_Q(z) - gsl_cdf_ugaussian_Q(z + w);
	if (z + w <= 0)
		return gsl_cdf_ugaussian_P(z + w) - gsl_cdf_ugaussian_P(z);
	return 1.0 - gsl_cdf_ugaussian_P(z) - gsl_cdf_ugaussian_Q(z + w);
}

static double phi(double z)
{
	return exp(-0.5 * z * z) / sqrt(2 * M_PI);
}

/* k phi(z) b^(k-1): the density of the minimum times P(all others within w of it). */
static double range_lower_integrand(double z, void *params)
{
	const struct sr_ctx *c = params;
	double b = normal_interval(z, c->w);

	return (double)c->k * phi(z) * gsl_pow_uint(b, (unsigned)(c->k - 1));
}

/* k phi(z) (1 - Phi(z + w)) sum_{i=0}^{k-2} a^i b^(k-2-i), summed by S_{j+1} = a S_j + b^j. */
static double range_upper_integrand(double z, void *params)
{
	const struct sr_ctx *c = params;
	double a = gsl_cdf_ugaussian_Q(z), b = normal_interval(z, c->w);
	double s = 1, bj = 1;

	for (size_t j = 1; j + 1 < c->k; j++) {
		bj *= b;
		s = a * s + bj;
	}
	return (double)c->k * phi(z) * gsl_cdf_ugaussian_Q(z + c->w) * s;
}

static int integrate(gsl_function *f, double lo, double hi, gsl_integration_workspace *ws, double *sum)
{
	double r, err;
	int st;

	if (!(hi > lo))
		return GSL_SUCCESS;
	st = gsl_integration_qag(f, lo, hi, 0, STUDENTIZED_RANGE_EPSREL, STUDENTIZED_RANGE_LIMIT,
				 GSL_INTEG_GAUSS61, ws, &r, &err);
	/* round-off limiting the error estimate still leaves a result at the tolerance's scale */
	if (st != GSL_SUCCESS && st != GSL_EROUND)
		return st;
	*sum += r;
	return GSL_SUCCESS;
}

/* P(W <= w) or P(W > w) for the range W of k standard normals. */
static int range_tail(struct sr_ctx *c, double w, double *out)
{
	const double h = STUDENTIZED_RANGE_Z_HALFWIDTH, mid = -0.5 * w;
	gsl_function f = {c->upper ? range_upper_integrand : range_lower_integrand, c};
	double sum = 0;
	int st;

	if (w <= 0) {
		*out = c->upper ? 1.0 : 0.0;
		return GSL_SUCCESS;
	}
	c->w = w;
	if (c->upper) {
		/* the integrand is dominated by a Gaussian about -w/2 (or, for small w, by the
		 * density of the minimum, within the same range) */
		st = integrate(&f, mid - h, mid, c->inner, &sum);
		if (st == GSL_SUCCESS)
			st = integrate(&f, mid, mid + h, c->inner, &sum);
	} else {
		/* the integrand is below k phi(z) */
		double split = mid > -h ? mid : 0.0;
		st = integrate(&f, -h, split, c->inner, &sum);
		if (st == GSL_SUCCESS)
			st = integrate(&f, split, h, c->inner, &sum);
	}
	*out = sum;
	return st;
}

/* The series at x (within its pieces). */
static double series_eval(const struct sr_series *s, double x)
{
	size_t lo = 0, hi = s->n;

	while (hi - lo > 1) { /* the last piece starting at or below x */
		size_t mid = lo + (hi - lo) / 2;
		if (s->piece[mid].lo <= x)
			lo = mid;
		else
			hi = mid;
	}
	return gsl_cheb_eval(s->piece[lo].cs, x);
}

/* P(W > w) from the table. */
static double table_tail(const struct studentized_range_table *t, double w)
{
	if (w <= 0)
		return 1;
	if (w >= t->w_max)
		return 0;
	return exp(series_eval(&t->log_tail, w));
}

/* The range tail at w: from the table when there is one, else by the inner integral. */
static int range_tail_at(struct sr_ctx *c, double w, double *out)
{
	if (c->tab) {
		*out = table_tail(c->tab, w);
		return GSL_SUCCESS;
	}
	return range_tail(c, w, out);
}

/* The outer integral is taken over x = log s: f_S(s) ds = exp(log_norm - nu (e^{2x} - 1 - 2x)) dx
 * with nu = df / 2 and log_norm = log sqrt(2 nu / pi) - log Gamma*(nu) (Gamma*(nu) =
 * Gamma(nu) / (sqrt(2 pi) nu^(nu - 1/2) e^-nu), GSL's gsl_sf_gammastar), and
 * e^{2x} - 1 - 2x = 2 x^2 exprel_2(2x). In s the integrand behaves like s^(df - 1) at 0, which
 * for df between 1 and 2 (Games-Howell pairs of small groups) took the adaptive rule hundreds of
 * subintervals; in x it is smooth, and written this way no term of size df log df cancels (the
 * direct form lost 1e-6 of relative accuracy at df = 1e9). */
static double log_chi_weight(const struct sr_ctx *c, double x)
{
	return c->log_norm - c->df * x * x * gsl_sf_exprel_2(2 * x);
}

/* The weight times the range tail at q e^x. */
static double outer_integrand(double x, void *params)
{
	struct sr_ctx *c = params;
	double tail;
	int st;

	st = range_tail_at(c, c->q * exp(x), &tail);
	if (st != GSL_SUCCESS) {
		if (c->status == GSL_SUCCESS)
			c->status = st;
		return 0;
	}
	return exp(log_chi_weight(c, x)) * tail;
}

/* The x range outside which nu (e^{2x} - 1 - 2x) exceeds L = STUDENTIZED_RANGE_S_SPAN^2 / 2, so
 * that the weight there is below exp(-L) of its peak: on the left it falls like exp(2 nu x), so
 * -(L / (2 nu) + sqrt(L / (2 nu))) is far enough; on the right e^{2x} - 1 - 2x >= 2 x^2 gives
 * sqrt(L / (2 nu)) and, for nu <= L, x = log(1 + 3 L / nu) / 2 does. */
static void weight_range(double nu, double *lo, double *hi)
{
	double L = 0.5 * STUDENTIZED_RANGE_S_SPAN * STUDENTIZED_RANGE_S_SPAN, r = L / (2 * nu);

	*lo = -(r + sqrt(r));
	*hi = nu > L ? sqrt(r) : 0.5 * log1p(3 * L / nu);
}

static int tail(double q, size_t k, double df, int upper, const struct studentized_range_table *tab, double *p)
{
	struct sr_ctx c = {.k = k, .q = q, .df = df, .upper = upper, .status = GSL_SUCCESS, .tab = upper ? tab : NULL};
	gsl_function f = {outer_integrand, &c};
	double pts[4], sum = 0, nu = 0.5 * df, lo, hi, peak;
	int st = GSL_SUCCESS;

	if (isnan(q) || isnan(df) || k < 2 || !(df > 0) || q < 0)
		return GSL_EDOM;
	if (q == 0 || isinf(q)) {
		*p = (q == 0) == (upper != 0) ? 1.0 : 0.0;
		return GSL_SUCCESS;
	}
	c.inner = gsl_integration_workspace_alloc(STUDENTIZED_RANGE_LIMIT);
	if (!c.inner)
		return GSL_ENOMEM;
	if (isinf(df)) {
		st = range_tail_at(&c, q, p);
		gsl_integration_workspace_free(c.inner);
		return st;
	}
	c.outer = gsl_integration_workspace_alloc(STUDENTIZED_RANGE_LIMIT);
	if (!c.outer) {
		gsl_integration_workspace_free(c.inner);
		return GSL_ENOMEM;
	}
	c.log_norm = 0.5 * log(df / M_PI) - log(gsl_sf_gammastar(nu));
	/* the integrand's peak: the weight's at x = 0, moved left by the upper tail of the range
	 * (about exp(-q^2 s^2 / 4)) to -log(1 + q^2 / (4 nu)) / 2, or right by the lower tail at a
	 * small q (about (q s)^(k - 1)) to log(1 + (k - 1) / (2 nu)) / 2; around it the integrand has
	 * the weight's shape, so the weight's range is moved with it */
	peak = upper ? -0.5 * log1p(q * q / (4 * nu)) : 0.5 * log1p(((double)k - 1) / (2 * nu));
	weight_range(nu, &lo, &hi);
	pts[0] = lo + fmin(peak, 0);
	pts[1] = fmin(peak, 0);
	pts[2] = fmax(peak, 0);
	pts[3] = hi + fmax(peak, 0);
	for (size_t i = 0; i + 1 < 4 && st == GSL_SUCCESS; i++)
		st = integrate(&f, pts[i], pts[i + 1], c.outer, &sum);
	if (st == GSL_SUCCESS)
		st = c.status;
	gsl_integration_workspace_free(c.outer);
	gsl_integration_workspace_free(c.inner);
	if (st != GSL_SUCCESS)
		return st;
	*p = sum > 1 ? 1.0 : sum;
	return GSL_SUCCESS;
}

int studentized_range_P(double q, size_t k, double df, double *p)
{
	return tail(q, k, df, 0, NULL, p);
}

int studentized_range_Q(double q, size_t k, double df, double *p)
{
	return tail(q, k, df, 1, NULL, p);
}

struct inv_ctx {
	size_t k;
	double df, target;
	int upper;
	const struct studentized_range_table *tab;
	int status;
	double memo_q[2], memo_g[2]; /* the bracket's ends, which Brent's method evaluates again */
	size_t n_memo;
};

/* log(tail(q)) - log(target): monotone in q and well scaled for small tail probabilities */
static double inv_fn(double q, void *params)
{
	struct inv_ctx *c = params;
	double p, g;
	int st;

	for (size_t i = 0; i < c->n_memo && i < 2; i++)
		if (c->memo_q[i] == q)
			return c->memo_g[i];
	st = tail(q, c->k, c->df, c->upper, c->tab, &p);
	if (st != GSL_SUCCESS) {
		if (c->status == GSL_SUCCESS)
			c->status = st;
		return 0;
	}
	g = log(p) - log(c->target);
	c->memo_q[c->n_memo % 2] = q;
	c->memo_g[c->n_memo % 2] = g;
	c->n_memo++;
	return g;
}

/* The q where the lower (upper = 0) or upper tail equals target (0 < target <= 1/2). */
static int invert(double target, size_t k, double df, int upper, const struct studentized_range_table *tab,
		  double *q)
{
	struct inv_ctx c = {.k = k, .df = df, .target = target, .upper = upper, .tab = tab, .status = GSL_SUCCESS};
	gsl_function f = {inv_fn, &c};
	double kk = (double)k, q0, g0, lo, hi, step = STUDENTIZED_RANGE_BRACKET_STEP;

	/* start from the Bonferroni bound for the k(k-1)/2 pairs, sqrt(2) t(target / (k(k-1)), df),
	 * an upper bound for the upper-tail quantile and within a few percent of it */
	if (upper)
		q0 = M_SQRT2 * (isinf(df) ? gsl_cdf_ugaussian_Qinv(target / (kk * (kk - 1)))
					  : dist_t_Qinv(target / (kk * (kk - 1)), df));
	else
		q0 = 1;
	g0 = inv_fn(q0, &c);
	if (c.status != GSL_SUCCESS)
		return c.status;
	/* the root lies above q0 when the tail there is still too large (upper) or too small */
	int above = upper ? g0 > 0 : g0 < 0;
	lo = hi = q0;
	for (size_t it = 0;; it++) {
		double x, g;

		if (it == STUDENTIZED_RANGE_MAXITER)
			return GSL_EMAXITER;
		x = above ? hi * step : lo / step;
		g = inv_fn(x, &c);
		if (c.status != GSL_SUCCESS)
			return c.status;
		if (above)
			lo = hi, hi = x;
		else
			hi = lo, lo = x;
		if ((g > 0) != (g0 > 0) || g == 0)
			break;
		step *= step;
	}
	return root_brent(&f, lo, hi, 0, STUDENTIZED_RANGE_Q_EPSREL, STUDENTIZED_RANGE_MAXITER, &c.status, q);
}

static int quantile(double p, size_t k, double df, int upper, const struct studentized_range_table *tab, double *q)
{
	if (isnan(p) || p < 0 || p > 1 || k < 2 || isnan(df) || !(df > 0))
		return GSL_EDOM;
	if (p == 0 || p == 1) {
		*q = (p == 0) == (upper == 0) ? 0.0 : GSL_POSINF;
		return GSL_SUCCESS;
	}
	/* search on whichever tail is the smaller probability */
	if (p <= 0.5)
		return invert(p, k, df, upper, tab, q);
	return invert(1 - p, k, df, !upper, tab, q);
}

int studentized_range_Pinv(double p, size_t k, double df, double *q)
{
	return quantile(p, k, df, 0, NULL, q);
}

int studentized_range_Qinv(double p, size_t k, double df, double *q)
{
	return quantile(p, k, df, 1, NULL, q);
}

/* --- the tabulated upper tail of the range ------------------------------------------------------ */

/* log P(W > w), for the Chebyshev fit. */
static double log_range_tail(double w, void *params)
{
	struct sr_ctx *c = params;
	double t = 0;
	int st = range_tail(c, w, &t);

	if (st != GSL_SUCCESS && c->status == GSL_SUCCESS)
		c->status = st;
	if (!(t > 0) && c->status == GSL_SUCCESS)
		c->status = GSL_EUNDRFLW;
	return t > 0 ? log(t) : 0;
}

/* Fits f on [lo, hi], halving it until the series' last two coefficients are within tol times
 * max(1, |c0|) (at most STUDENTIZED_RANGE_TABLE_DEPTH times). f reports its failures in *status. */
static int series_fit(struct sr_series *s, gsl_function *f, const int *status, double lo, double hi, double tol,
		      size_t depth)
{
	gsl_cheb_series *cs;
	double tail_size, scale;
	const double *coef;

	if (s->n == STUDENTIZED_RANGE_TABLE_PIECES)
		return GSL_ENOMEM;
	cs = gsl_cheb_alloc(STUDENTIZED_RANGE_TABLE_ORDER);
	if (!cs)
		return GSL_ENOMEM;
	gsl_cheb_init(cs, f, lo, hi);
	if (*status != GSL_SUCCESS) {
		gsl_cheb_free(cs);
		return *status;
	}
	coef = gsl_cheb_coeffs(cs);
	tail_size = fabs(coef[STUDENTIZED_RANGE_TABLE_ORDER]) + fabs(coef[STUDENTIZED_RANGE_TABLE_ORDER - 1]);
	scale = fmax(1, fabs(coef[0]));
	if (tail_size > tol * scale && depth < STUDENTIZED_RANGE_TABLE_DEPTH) {
		int st;
		gsl_cheb_free(cs);
		st = series_fit(s, f, status, lo, 0.5 * (lo + hi), tol, depth + 1);
		return st != GSL_SUCCESS ? st : series_fit(s, f, status, 0.5 * (lo + hi), hi, tol, depth + 1);
	}
	if (tail_size > tol * scale) {
		gsl_cheb_free(cs);
		return GSL_ETOL;
	}
	s->piece[s->n++] = (struct sr_piece){lo, hi, cs};
	return GSL_SUCCESS;
}

/* Fits f on [lo, hi] in pieces at most STUDENTIZED_RANGE_TABLE_WIDTH wide. */
static int series_alloc(struct sr_series *s, gsl_function *f, const int *status, double lo, double hi, double tol)
{
	double width = (hi - lo) / ceil((hi - lo) / STUDENTIZED_RANGE_TABLE_WIDTH);
	int st = GSL_SUCCESS;

	s->n = 0;
	s->piece = calloc(STUDENTIZED_RANGE_TABLE_PIECES, sizeof *s->piece);
	if (!s->piece)
		return GSL_ENOMEM;
	for (double a = lo; st == GSL_SUCCESS && a < hi - 0.5 * width; a += width)
		st = series_fit(s, f, status, a, fmin(a + width, hi), tol, 0);
	return st;
}

static void series_release(struct sr_series *s)
{
	for (size_t i = 0; i < s->n; i++)
		gsl_cheb_free(s->piece[i].cs);
	free(s->piece);
}

int studentized_range_table_alloc(size_t k, struct studentized_range_table **out)
{
	struct studentized_range_table *t;
	struct sr_ctx c = {.k = k, .upper = 1, .status = GSL_SUCCESS};
	gsl_function f = {log_range_tail, &c};
	int st;

	*out = NULL;
	if (k < 2)
		return GSL_EDOM;
	t = calloc(1, sizeof *t);
	if (!t)
		return GSL_ENOMEM;
	t->k = k;
	/* P(W > w) <= k(k-1)/2 P(|X1 - X2| > w) <= k^2 exp(-w^2 / 4): below DBL_MIN / DBL_EPSILON
	 * (where the logarithm would lose its precision) beyond */
	t->w_max = 2 * sqrt(2 * log((double)k) - log(DBL_MIN / DBL_EPSILON));
	c.inner = gsl_integration_workspace_alloc(STUDENTIZED_RANGE_LIMIT);
	st = c.inner ? series_alloc(&t->log_tail, &f, &c.status, 0, t->w_max, STUDENTIZED_RANGE_TABLE_TOL) : GSL_ENOMEM;
	gsl_integration_workspace_free(c.inner);
	if (st != GSL_SUCCESS) {
		studentized_range_table_free(t);
		return st;
	}
	*out = t;
	return GSL_SUCCESS;
}

void studentized_range_table_free(struct studentized_range_table *t)
{
	if (!t)
		return;
	series_release(&t->log_tail);
	free(t);
}

int studentized_range_table_Q(const struct studentized_range_table *t, double q, double df, double *p)
{
	return tail(q, t->k, df, 1, t, p);
}

int studentized_range_table_Qinv(const struct studentized_range_table *t, double p, double df, double *q)
{
	return quantile(p, t->k, df, 1, t, q);
}

/* --- critical values over a range of df --------------------------------------------------------- */

struct curve_ctx {
	const struct studentized_range_table *t;
	double p;
	int status;
};

/* log q(df) at log df, for the Chebyshev fit. */
static double log_quantile(double log_df, void *params)
{
	struct curve_ctx *c = params;
	double q = NAN;
	int st = studentized_range_table_Qinv(c->t, c->p, exp(log_df), &q);

	if (st != GSL_SUCCESS && c->status == GSL_SUCCESS)
		c->status = st;
	return q > 0 ? log(q) : 0;
}

int studentized_range_curve_alloc(const struct studentized_range_table *t, double p, double df_lo, double df_hi,
				  struct studentized_range_curve **out)
{
	struct curve_ctx c = {t, p, GSL_SUCCESS};
	gsl_function f = {log_quantile, &c};
	struct studentized_range_curve *cv;
	int st;

	*out = NULL;
	if (!(p > 0 && p < 1) || !(df_lo > 0) || !(df_hi >= df_lo) || isinf(df_hi))
		return GSL_EDOM;
	cv = calloc(1, sizeof *cv);
	if (!cv)
		return GSL_ENOMEM;
	cv->lo = log(df_lo);
	cv->hi = log(df_hi);
	if (cv->hi - cv->lo <= STUDENTIZED_RANGE_CURVE_SAME_DF) {
		cv->single = log_quantile(cv->lo, &c);
		st = c.status;
	} else {
		st = series_alloc(&cv->log_q, &f, &c.status, cv->lo, cv->hi, STUDENTIZED_RANGE_CURVE_TOL);
	}
	if (st != GSL_SUCCESS) {
		studentized_range_curve_free(cv);
		return st;
	}
	*out = cv;
	return GSL_SUCCESS;
}

void studentized_range_curve_free(struct studentized_range_curve *c)
{
	if (!c)
		return;
	series_release(&c->log_q);
	free(c);
}

int studentized_range_curve_Qinv(const struct studentized_range_curve *c, double df, double *q)
{
	double l = log(df);

	if (!(l >= c->lo && l <= c->hi))
		return GSL_EDOM;
	*q = exp(c->log_q.n ? series_eval(&c->log_q, l) : c->single);
	return GSL_SUCCESS;
}
