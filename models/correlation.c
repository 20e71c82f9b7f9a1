#include "models/correlation.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "models/distributions.h"

static int pair(const double *x, size_t sx, const double *y, size_t sy, size_t n, struct correlation *out)
{
	double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0, df;
	size_t m = 0;

	for (size_t i = 0; i < n; i++) {
		double a = x[i * sx], b = y[i * sy];
		if (isnan(a) || isnan(b))
			continue;
		mx += a;
		my += b;
		m++;
	}
	out->n = m;
	out->r = out->t = out->p = NAN;
	if (m < 3)
		return GSL_EDOM;
	mx /= (double)m;
	my /= (double)m;
	for (size_t i = 0; i < n; i++) {
		double a = x[i * sx], b = y[i * sy];
		if (isnan(a) || isnan(b))
			continue;
		sxx += (a - mx) * (a - mx);
		syy += (b - my) * (b - my);
		sxy += (a - mx) * (b - my);
	}
	if (!(sxx > 0 && syy > 0))
		return GSL_EDOM;
	df = (double)m - 2;
	out->r = fmax(-1, fmin(1, sxy / sqrt(sxx * syy)));
	out->t = out->r * sqrt(df / (1 - out->r * out->r));
	out->p = fabs(out->r) == 1 ? 0 : 2 * dist_t_Q(fabs(out->t), df);
	return GSL_SUCCESS;
}

int correlation_pair(const double *x, const double *y, size_t n, struct correlation *out)
{
	return pair(x, 1, y, 1, n, out);
}

/* Every pair of the k variables at cols[a] (values `stride` apart). */
static int all_pairs(const double *const *cols, size_t stride, size_t k, size_t n, gsl_matrix *r, gsl_matrix *p,
		     gsl_matrix *count)
{
	int status = GSL_SUCCESS;

	if (r->size1 != k || r->size2 != k || p->size1 != k || p->size2 != k ||
	    (count && (count->size1 != k || count->size2 != k)))
		return GSL_EBADLEN;
	for (size_t a = 0; a < k; a++)
		for (size_t b = a; b < k; b++) {
			struct correlation c;
			int st = pair(cols[a], stride, cols[b], stride, n, &c);
			if (a == b && st == GSL_SUCCESS) {
				c.r = 1;
				c.p = 0;
			}
			if (st)
				status = GSL_EDOM;
			gsl_matrix_set(r, a, b, c.r);
			gsl_matrix_set(r, b, a, c.r);
			gsl_matrix_set(p, a, b, c.p);
			gsl_matrix_set(p, b, a, c.p);
			if (count) {
				gsl_matrix_set(count, a, b, (double)c.n);
				gsl_matrix_set(count, b, a, (double)c.n);
			}
		}
	return status;
}

int correlation_matrix(const gsl_matrix *data, gsl_matrix *r, gsl_matrix *p, gsl_matrix *count)
{
	size_t k = data->size2;
	const double **cols = malloc((k ? k : 1) * sizeof *cols);
	int status;

	if (!cols)
		return GSL_ENOMEM;
	for (size_t a = 0; a < k; a++)
		cols[a] = gsl_matrix_const_ptr(data, 0, a);
	status = all_pairs(cols, data->tda, k, data->size1, r, p, count);
	free(cols);
	return status;
}

int correlation_columns(const double *const *cols, size_t k, size_t n, gsl_matrix *r, gsl_matrix *p,
			gsl_matrix *count)
{
	return all_pairs(cols, 1, k, n, r, p, count);
}

void correlation_fisher_ci(double r, size_t n, double level, double *lo, double *hi)
{
	double z, h;

	*lo = *hi = NAN;
	if (isnan(r) || n < 4 || fabs(r) >= 1)
		return;
	z = atanh(r);
	h = gsl_cdf_ugaussian_Pinv(0.5 + level / 2) / sqrt((double)n - 3);
	*lo = tanh(z - h);
	*hi = tanh(z + h);
}
