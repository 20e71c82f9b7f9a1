#include "models/correlation.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

struct correlation *correlation_alloc(size_t k)
{
	struct correlation *c = calloc(1, sizeof *c);

	if (!c || k == 0)
		return free(c), NULL;
	c->k = k;
	c->r = gsl_matrix_alloc(k, k);
	c->p = gsl_matrix_alloc(k, k);
	c->n = calloc(k * k, sizeof *c->n);
	if (!c->r || !c->p || !c->n) {
		correlation_free(c);
		return NULL;
	}
	return c;
}

void correlation_free(struct correlation *c)
{
	if (!c)
		return;
	if (c->r)
		gsl_matrix_free(c->r);
	if (c->p)
		gsl_matrix_free(c->p);
	free(c->n);
	free(c);
}

double correlation_p(double r, size_t n)
{
	double df, t;

	if (isnan(r) || n < 3)
		return NAN;
	if (fabs(r) >= 1)
		return 0;
	df = (double)n - 2;
	t = fabs(r) * sqrt(df / (1 - r * r));
	return 2 * gsl_cdf_tdist_Q(t, df);
}

/* r of x and y over the rows where `use` is NULL or set and both values are present. */
static double pair_r(const double *x, const double *y, size_t rows, const char *use, size_t *n_out)
{
	double sx = 0, sy = 0, mx, my, sxx = 0, syy = 0, sxy = 0;
	size_t n = 0;

	for (size_t i = 0; i < rows; i++)
		if ((!use || use[i]) && !isnan(x[i]) && !isnan(y[i])) {
			sx += x[i];
			sy += y[i];
			n++;
		}
	*n_out = n;
	if (n < 2)
		return NAN;
	mx = sx / (double)n;
	my = sy / (double)n;
	for (size_t i = 0; i < rows; i++)
		if ((!use || use[i]) && !isnan(x[i]) && !isnan(y[i])) {
			double dx = x[i] - mx, dy = y[i] - my;
			sxx += dx * dx;
			syy += dy * dy;
			sxy += dx * dy;
		}
	if (!(sxx > 0) || !(syy > 0))
		return NAN;
	{
		double r = sxy / sqrt(sxx * syy);
		return r > 1 ? 1 : r < -1 ? -1 : r; /* rounding can step past +-1 */
	}
}

int correlation_pearson(const double *const *x, size_t k, size_t rows, int pairwise, struct correlation *c)
{
	char *use = NULL;

	if (c->k != k)
		return GSL_EBADLEN;
	if (!pairwise) {
		use = malloc(rows ? rows : 1);
		if (!use)
			return GSL_ENOMEM;
		for (size_t i = 0; i < rows; i++) {
			size_t j = 0;
			while (j < k && !isnan(x[j][i]))
				j++;
			use[i] = j == k;
		}
	}
	for (size_t a = 0; a < k; a++)
		for (size_t b = a; b < k; b++) {
			size_t n;
			double r = pair_r(x[a], x[b], rows, use, &n);
			double p = a == b ? (isnan(r) ? NAN : 0) : correlation_p(r, n);
			gsl_matrix_set(c->r, a, b, r);
			gsl_matrix_set(c->r, b, a, r);
			gsl_matrix_set(c->p, a, b, p);
			gsl_matrix_set(c->p, b, a, p);
			c->n[a * k + b] = c->n[b * k + a] = n;
		}
	free(use);
	return GSL_SUCCESS;
}
