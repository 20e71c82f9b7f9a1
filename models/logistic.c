#include "models/logistic.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "models/distributions.h"
#include "models/ols.h"

void logit_options_init(struct logit_options *o)
{
	o->ci = 0.95;
	o->epsilon = LOGIT_EPSILON;
	o->step_tol = LOGIT_STEP_TOL;
	o->fitted_tol = LOGIT_FITTED_TOL;
	o->tolerance = OLS_TOLERANCE;
	o->max_iter = LOGIT_MAX_ITER;
	o->max_halvings = LOGIT_MAX_HALVINGS;
	o->start = NULL;
}

struct logit_fit *logit_fit_alloc(size_t n, size_t k)
{
	struct logit_fit *f = calloc(1, sizeof *f);
	size_t p = k + 1, kk = k ? k : 1;

	if (!f)
		return NULL;
	f->n = n;
	f->k = k;
	f->p = p;
	f->b = gsl_vector_alloc(p);
	f->se = gsl_vector_alloc(p);
	f->z = gsl_vector_alloc(p);
	f->p_value = gsl_vector_alloc(p);
	f->llci = gsl_vector_alloc(p);
	f->ulci = gsl_vector_alloc(p);
	f->odds = gsl_vector_alloc(p);
	f->odds_llci = gsl_vector_alloc(p);
	f->odds_ulci = gsl_vector_alloc(p);
	f->cov = gsl_matrix_alloc(p, p);
	f->fitted = gsl_vector_alloc(n ? n : 1);
	f->mean = gsl_vector_alloc(kk);
	f->sd = gsl_vector_alloc(kk);
	f->theta = gsl_vector_alloc(p);
	f->step = gsl_vector_alloc(p);
	f->trial = gsl_vector_alloc(p);
	f->grad = gsl_vector_alloc(p);
	f->scale = gsl_vector_alloc(p);
	f->info = gsl_matrix_alloc(p, p);
	f->L = gsl_matrix_alloc(p, p);
	if (!f->b || !f->se || !f->z || !f->p_value || !f->llci || !f->ulci || !f->odds || !f->odds_llci ||
	    !f->odds_ulci || !f->cov || !f->fitted || !f->mean || !f->sd || !f->theta || !f->step || !f->trial ||
	    !f->grad || !f->scale || !f->info || !f->L) {
		logit_fit_free(f);
		return NULL;
	}
	return f;
}

void logit_fit_free(struct logit_fit *f)
{
	if (!f)
		return;
	gsl_vector_free(f->b);
	gsl_vector_free(f->se);
	gsl_vector_free(f->z);
	gsl_vector_free(f->p_value);
	gsl_vector_free(f->llci);
	gsl_vector_free(f->ulci);
	gsl_vector_free(f->odds);
	gsl_vector_free(f->odds_llci);
	gsl_vector_free(f->odds_ulci);
	gsl_matrix_free(f->cov);
	gsl_vector_free(f->fitted);
	gsl_vector_free(f->mean);
	gsl_vector_free(f->sd);
	gsl_vector_free(f->theta);
	gsl_vector_free(f->step);
	gsl_vector_free(f->trial);
	gsl_vector_free(f->grad);
	gsl_vector_free(f->scale);
	gsl_matrix_free(f->info);
	gsl_matrix_free(f->L);
	free(f);
}

static int fail(struct logit_fit *f, enum logit_problem why, size_t bad, int status)
{
	f->problem = why;
	f->bad = bad;
	return status;
}

/* ln(1 + e^t) without overflow or cancellation. */
static double softplus(double t)
{
	return t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

/* The data of one fit, read in place. */
struct data {
	const gsl_matrix *X;
	const gsl_vector *y;
	const double *w;
};

static double weight(const struct data *d, size_t i)
{
	return d->w ? d->w[i] : 1.0;
}

/* Linear predictor of row i at the centred parameters theta. */
static double eta_of(const struct logit_fit *f, const struct data *d, const double *theta, size_t i)
{
	const double *m = f->mean->data;
	double eta = theta[0];

	if (f->k == 0)
		return eta;
	for (size_t j = 0, tda = d->X->tda; j < f->k; j++)
		eta += theta[j + 1] * (d->X->data[i * tda + j] - m[j]);
	return eta;
}

/* Deviance at theta; *wrong counts the cases (weight > 0) not classified strictly correctly. */
static double deviance(const struct logit_fit *f, const struct data *d, const double *theta, size_t *wrong)
{
	double dev = 0;

	*wrong = 0;
	for (size_t i = 0; i < f->n; i++) {
		double w = weight(d, i), eta;
		int y;
		if (w == 0)
			continue;
		eta = eta_of(f, d, theta, i);
		y = gsl_vector_get(d->y, i) == 1;
		dev += w * softplus(y ? -eta : eta);
		*wrong += y ? !(eta > 0) : !(eta < 0);
	}
	return 2 * dev;
}

/* Gradient and information at theta (weights c_i mu_i (1 - mu_i); with `constant` set, the
 * weights c_i alone: the design's own cross-products), and the fitted probabilities. */
static void gradient_information(struct logit_fit *f, const struct data *d, const double *theta, int constant)
{
	size_t p = f->p, tda = f->info->tda;
	double *I = f->info->data, *g = f->grad->data, *m = f->mean->data;

	gsl_matrix_set_zero(f->info);
	gsl_vector_set_zero(f->grad);
	for (size_t i = 0; i < f->n; i++) {
		const double *x = f->k ? gsl_matrix_const_ptr(d->X, i, 0) : NULL;
		double w = weight(d, i), eta = eta_of(f, d, theta, i);
		double mu = 1 / (1 + exp(-eta)), v, r;
		gsl_vector_set(f->fitted, i, mu);
		if (w == 0)
			continue;
		v = constant ? w : w * mu * (1 - mu);
		r = w * (gsl_vector_get(d->y, i) - mu);
		/* z = (1, x - mean) */
		for (size_t a = 0; a < p; a++) {
			double za = a ? x[a - 1] - m[a - 1] : 1, va = v * za;
			g[a] += r * za;
			for (size_t b = a; b < p; b++)
				I[a * tda + b] += va * (b ? x[b - 1] - m[b - 1] : 1);
		}
	}
	for (size_t a = 0; a < p; a++)
		for (size_t b = 0; b < a; b++)
			I[a * tda + b] = I[b * tda + a];
}

/* Cholesky factor of the information scaled to unit diagonal, S = D^-1 I D^-1, in column order:
 * the pivot of column j is the share of its (weighted) variation not explained by the columns
 * before it. L (lower) and its transpose (upper) go to f->L, D to f->scale. GSL_ESING with *col
 * set when a diagonal element is not positive or a pivot falls below tol. */
static int scaled_cholesky(struct logit_fit *f, double tol, size_t *col)
{
	size_t p = f->p;
	gsl_matrix *L = f->L;

	for (size_t j = 0; j < p; j++) {
		double v = gsl_matrix_get(f->info, j, j);
		if (!(v > 0)) {
			*col = j;
			return GSL_ESING;
		}
		gsl_vector_set(f->scale, j, sqrt(v));
	}
	for (size_t j = 0; j < p; j++) {
		double piv = 1, dj = gsl_vector_get(f->scale, j);
		for (size_t i = 0; i < j; i++) {
			double s = gsl_matrix_get(f->info, j, i) / (dj * gsl_vector_get(f->scale, i));
			for (size_t m = 0; m < i; m++)
				s -= gsl_matrix_get(L, j, m) * gsl_matrix_get(L, i, m);
			s /= gsl_matrix_get(L, i, i);
			gsl_matrix_set(L, j, i, s);
			piv -= s * s;
		}
		if (!(piv >= tol)) {
			*col = j;
			return GSL_ESING;
		}
		gsl_matrix_set(L, j, j, sqrt(piv));
	}
	for (size_t i = 0; i < p; i++)
		for (size_t j = i + 1; j < p; j++)
			gsl_matrix_set(L, i, j, gsl_matrix_get(L, j, i));
	return GSL_SUCCESS;
}

/* Newton step: I d = g solved through the scaled factor, d = D^-1 S^-1 D^-1 g. */
static int newton_step(struct logit_fit *f)
{
	int status;

	gsl_vector_memcpy(f->step, f->grad);
	gsl_vector_div(f->step, f->scale);
	status = gsl_linalg_cholesky_svx(f->L, f->step);
	gsl_vector_div(f->step, f->scale);
	return status;
}

/* Size of a step on the log-odds scale: the intercept's change, each slope's change per SD. */
static double step_size(const struct logit_fit *f, const double *d, size_t *largest)
{
	double big = fabs(d[0]), slope = -1;

	*largest = 0;
	for (size_t j = 0; j < f->k; j++) {
		double s = fabs(d[j + 1]) * gsl_vector_get(f->sd, j);
		big = fmax(big, s);
		if (s > slope) {
			slope = s;
			*largest = j;
		}
	}
	return big;
}

/* Largest fitted probability of a case's own answer, at the fitted values last computed. */
static double most_certain(const struct logit_fit *f, const struct data *d)
{
	double best = 0;

	for (size_t i = 0; i < f->n; i++) {
		double mu = gsl_vector_get(f->fitted, i);
		if (weight(d, i) > 0)
			best = fmax(best, gsl_vector_get(d->y, i) == 1 ? mu : 1 - mu);
	}
	return best;
}

/* Row checks, totals, predictor means and SDs. */
static int describe(struct logit_fit *f, const struct data *d)
{
	size_t n = f->n, k = f->k;
	double nw = 0, n1 = 0;

	for (size_t i = 0; i < n; i++) {
		double w = weight(d, i), y = gsl_vector_get(d->y, i);
		f->bad_row = i;
		if (!(w >= 0) || !isfinite(w))
			return fail(f, LOGIT_BAD_WEIGHT, 0, GSL_EDOM);
		if (y != 0 && y != 1)
			return fail(f, LOGIT_NOT_BINARY, k, GSL_EDOM);
		for (size_t j = 0; j < k; j++)
			if (!isfinite(gsl_matrix_get(d->X, i, j)))
				return fail(f, LOGIT_NOT_FINITE, j, GSL_EDOM);
		nw += w;
		n1 += w * y;
	}
	f->bad_row = 0;
	f->n_cases = nw;
	f->n_events = n1;
	if (nw < (double)k + 2)
		return fail(f, LOGIT_TOO_FEW_CASES, 0, GSL_EDOM);
	if (n1 == 0 || n1 == nw)
		return fail(f, LOGIT_CONSTANT_Y, k, GSL_EDOM);
	/* two-pass weighted means and SDs */
	for (size_t j = 0; j < k; j++) {
		double s = 0, ss = 0, m, sd;
		for (size_t i = 0; i < n; i++)
			s += weight(d, i) * gsl_matrix_get(d->X, i, j);
		m = s / nw;
		s = 0;
		for (size_t i = 0; i < n; i++) {
			double e = gsl_matrix_get(d->X, i, j) - m;
			s += weight(d, i) * e;
			ss += weight(d, i) * e * e;
		}
		m += s / nw;
		sd = sqrt(fmax(ss - s * s / nw, 0) / (nw - 1));
		gsl_vector_set(f->mean, j, m);
		gsl_vector_set(f->sd, j, sd);
		if (!(sd > 0) || sd <= OLS_CONSTANT_TOLERANCE * fabs(m))
			return fail(f, LOGIT_CONSTANT_X, j, GSL_EDOM);
	}
	return GSL_SUCCESS;
}

/* Coefficients, covariance and statistics from the converged centred parameters. */
static int finish(struct logit_fit *f, const struct data *d, const struct logit_options *o)
{
	size_t p = f->p, k = f->k, col;
	const double *th = f->theta->data, *m = f->mean->data;
	double nw = f->n_cases, n1 = f->n_events, n0 = nw - n1, b0 = th[0];
	int status;

	gradient_information(f, d, th, 0);
	status = scaled_cholesky(f, 0, &col);
	if (status)
		return fail(f, LOGIT_NO_CONVERGENCE, col ? col - 1 : 0, GSL_ESING);
	/* V = D^-1 S^-1 D^-1 in the centred parameters */
	gsl_matrix_memcpy(f->cov, f->L);
	status = gsl_linalg_cholesky_invert(f->cov);
	if (status)
		return status;
	for (size_t a = 0; a < p; a++)
		for (size_t b = 0; b < p; b++)
			gsl_matrix_set(f->cov, a, b,
				       gsl_matrix_get(f->cov, a, b) / (f->scale->data[a] * f->scale->data[b]));
	/* back to the original intercept: b0 = a - m' b, a linear map T = [1, -m'; 0, I] */
	for (size_t j = 0; j < k; j++)
		b0 -= m[j] * th[j + 1];
	gsl_vector_memcpy(f->b, f->theta);
	gsl_vector_set(f->b, 0, b0);
	{
		double v00 = gsl_matrix_get(f->cov, 0, 0);
		for (size_t j = 0; j < k; j++) {
			double c = gsl_matrix_get(f->cov, 0, j + 1);
			for (size_t l = 0; l < k; l++)
				c -= m[l] * gsl_matrix_get(f->cov, l + 1, j + 1);
			v00 -= 2 * m[j] * gsl_matrix_get(f->cov, 0, j + 1);
			for (size_t l = 0; l < k; l++)
				v00 += m[j] * m[l] * gsl_matrix_get(f->cov, j + 1, l + 1);
			gsl_matrix_set(f->cov, 0, j + 1, c);
			gsl_matrix_set(f->cov, j + 1, 0, c);
		}
		gsl_matrix_set(f->cov, 0, 0, v00);
	}
	f->ci = o->ci;
	f->z_crit = gsl_cdf_ugaussian_Pinv(1 - (1 - o->ci) / 2);
	for (size_t j = 0; j < p; j++) {
		double b = gsl_vector_get(f->b, j), se = sqrt(gsl_matrix_get(f->cov, j, j));
		gsl_vector_set(f->se, j, se);
		gsl_vector_set(f->z, j, b / se);
		gsl_vector_set(f->p_value, j, 2 * gsl_cdf_ugaussian_Q(fabs(b / se)));
		gsl_vector_set(f->llci, j, b - f->z_crit * se);
		gsl_vector_set(f->ulci, j, b + f->z_crit * se);
		gsl_vector_set(f->odds, j, exp(b));
		gsl_vector_set(f->odds_llci, j, exp(b - f->z_crit * se));
		gsl_vector_set(f->odds_ulci, j, exp(b + f->z_crit * se));
	}
	f->dev_null = -2 * (n1 * log(n1 / nw) + n0 * log(n0 / nw));
	f->chi2 = fmax(f->dev_null - f->dev, 0);
	f->df = (double)k;
	f->p_chi2 = k ? dist_chisq_Q(f->chi2, f->df) : NAN;
	f->mcfadden = f->chi2 / f->dev_null;
	f->cox_snell = -expm1(-f->chi2 / nw);
	f->nagelkerke = f->cox_snell / -expm1(-f->dev_null / nw);
	return GSL_SUCCESS;
}

/* The iterations failed to settle: quasi-complete separation when some case is fitted as
 * certain, otherwise no convergence. */
static int diverged(struct logit_fit *f, const struct data *d, const struct logit_options *o, size_t moved)
{
	if (f->k > 0 && most_certain(f, d) > 1 - o->fitted_tol)
		return fail(f, LOGIT_QUASI_SEPARATION, moved, GSL_ESING);
	return fail(f, LOGIT_NO_CONVERGENCE, moved, GSL_EMAXITER);
}

int logit_fit_run(struct logit_fit *f, const gsl_matrix *X, const gsl_vector *y, const double *w,
		  const struct logit_options *o)
{
	struct data d = {X, y, w};
	size_t p = f->p, k = f->k, col, wrong, stall = 0, moved = 0;
	double *th = f->theta->data, *tr = f->trial->data, *dl = f->step->data, dev;
	int status;

	f->problem = LOGIT_OK;
	f->bad = f->bad_row = 0;
	f->iterations = f->halvings = 0;
	if ((k > 0 && (!X || X->size1 != f->n || X->size2 != k)) || y->size != f->n)
		return GSL_EBADLEN;
	status = describe(f, &d);
	if (status)
		return status;
	/* the design: the information with constant weights is Z' diag(w) Z */
	gsl_vector_set_zero(f->theta);
	gradient_information(f, &d, th, 1);
	if (scaled_cholesky(f, o->tolerance, &col))
		return fail(f, LOGIT_COLLINEAR, col ? col - 1 : 0, GSL_ESING);
	/* start: the intercept-only fit, or the caller's coefficients in centred form */
	th[0] = log(f->n_events / (f->n_cases - f->n_events));
	if (o->start) {
		th[0] = o->start[0];
		for (size_t j = 0; j < k; j++) {
			th[j + 1] = o->start[j + 1];
			th[0] += o->start[j + 1] * gsl_vector_get(f->mean, j);
		}
	}
	dev = deviance(f, &d, th, &wrong);
	for (;;) {
		double dev_new = NAN, full;
		size_t h;
		int small_change;
		if (f->iterations == o->max_iter) {
			gradient_information(f, &d, th, 0);
			return diverged(f, &d, o, moved);
		}
		f->iterations++;
		gradient_information(f, &d, th, 0);
		if (scaled_cholesky(f, o->tolerance, &col) || newton_step(f))
			return diverged(f, &d, o, moved);
		full = step_size(f, dl, &moved);
		for (h = 0; h <= o->max_halvings; h++) {
			for (size_t j = 0; j < p; j++)
				tr[j] = th[j] + dl[j];
			dev_new = deviance(f, &d, tr, &wrong);
			if (dev_new <= dev + o->epsilon * (fabs(dev) + 0.1))
				break;
			gsl_vector_scale(f->step, 0.5);
		}
		f->halvings += h;
		if (h > o->max_halvings) {
			/* no step lowers the deviance: at the optimum only if the full step was negligible */
			if (full <= o->step_tol)
				break;
			return diverged(f, &d, o, moved);
		}
		gsl_vector_memcpy(f->theta, f->trial);
		small_change = fabs(dev_new - dev) <= o->epsilon * (fabs(dev_new) + 0.1);
		dev = dev_new;
		if (k > 0 && wrong == 0) {
			size_t big = 0;
			double best = -1;
			for (size_t j = 0; j < k; j++) {
				double s = fabs(th[j + 1]) * gsl_vector_get(f->sd, j);
				if (s > best) {
					best = s;
					big = j;
				}
			}
			return fail(f, LOGIT_SEPARATION, big, GSL_ESING);
		}
		/* converged: the deviance has settled and the full Newton step was negligible */
		if (small_change && full <= o->step_tol)
			break;
		stall = small_change ? stall + 1 : 0;
		if (stall == LOGIT_STALL_STEPS) {
			gradient_information(f, &d, th, 0);
			return diverged(f, &d, o, moved);
		}
	}
	f->dev = dev;
	return finish(f, &d, o);
}

/* Likelihood-ratio test of a model against a model nested in it, both fitted to the same cases:
 * chi2 = dev(reduced) - dev(full) on p(full) - p(reduced) df. GSL_EINVAL when the reduced model
 * has no fewer coefficients or the case totals differ. */
static int logit_lr_test(const struct logit_fit *full, const struct logit_fit *reduced, struct logit_lr *out)
{
	if (reduced->p >= full->p || reduced->n_cases != full->n_cases)
		return GSL_EINVAL;
	out->df = (double)(full->p - reduced->p);
	out->chi2 = fmax(reduced->dev - full->dev, 0);
	out->p = dist_chisq_Q(out->chi2, out->df);
	return GSL_SUCCESS;
}

int logit_drop_test(const struct logit_fit *full, const gsl_matrix *X, const gsl_vector *y, const double *w,
		    const size_t *drop, size_t n_drop, const struct logit_options *o, struct logit_fit *reduced,
		    struct logit_lr *out)
{
	size_t k = X->size2, kr = reduced->k, c = 0, next = 0;
	gsl_matrix *Xr;
	int status;

	if (n_drop == 0 || n_drop > k || kr != k - n_drop || reduced->n != X->size1)
		return GSL_EBADLEN;
	for (size_t i = 0; i < n_drop; i++)
		if (drop[i] >= k || (i > 0 && drop[i] <= drop[i - 1]))
			return GSL_EINVAL;
	if (kr == 0) {
		status = logit_fit_run(reduced, NULL, y, w, o);
		return status ? status : logit_lr_test(full, reduced, out);
	}
	Xr = gsl_matrix_alloc(X->size1, kr);
	if (!Xr)
		return GSL_ENOMEM;
	for (size_t j = 0; j < k; j++) {
		if (next < n_drop && drop[next] == j) {
			next++;
			continue;
		}
		for (size_t i = 0; i < X->size1; i++)
			gsl_matrix_set(Xr, i, c, gsl_matrix_get(X, i, j));
		c++;
	}
	status = logit_fit_run(reduced, Xr, y, w, o);
	gsl_matrix_free(Xr);
	if (status)
		return status;
	return logit_lr_test(full, reduced, out);
}

void logit_linear(const struct logit_fit *fit, const double *L, struct logit_effect *out)
{
	double est = 0, var = 0;

	for (size_t a = 0; a < fit->p; a++) {
		est += L[a] * gsl_vector_get(fit->b, a);
		for (size_t b = 0; b < fit->p; b++)
			var += L[a] * L[b] * gsl_matrix_get(fit->cov, a, b);
	}
	out->est = est;
	out->se = sqrt(fmax(var, 0));
	out->z = est / out->se;
	out->p = 2 * gsl_cdf_ugaussian_Q(fabs(out->z));
	out->llci = est - fit->z_crit * out->se;
	out->ulci = est + fit->z_crit * out->se;
}
