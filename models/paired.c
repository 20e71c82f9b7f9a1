#include "models/paired.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "models/distributions.h"

/* The t test of a - b with critical value for the CI t_{1 - alpha / 2; n-1}. */
static int paired_core(const gsl_vector *a, const gsl_vector *b, double alpha, struct paired_t *out)
{
	size_t n = a->size;
	double sum = 0, corr = 0, m, ss = 0, nn = (double)n, crit, big = 0;

	if (b->size != n)
		return GSL_EBADLEN;
	if (n < 2)
		return GSL_EDOM;
	for (size_t i = 0; i < n; i++) {
		double d = gsl_vector_get(a, i) - gsl_vector_get(b, i);
		sum += d;
		big = GSL_MAX(big, fabs(d));
	}
	m = sum / nn;
	for (size_t i = 0; i < n; i++)
		corr += gsl_vector_get(a, i) - gsl_vector_get(b, i) - m;
	m += corr / nn;
	for (size_t i = 0; i < n; i++) {
		double d = gsl_vector_get(a, i) - gsl_vector_get(b, i) - m;
		ss += d * d;
	}
	out->n = n;
	out->diff = m;
	out->sd = sqrt(ss / (nn - 1));
	out->df = nn - 1;
	out->se = out->t = out->p = out->llci = out->ulci = out->dz = NAN;
	out->status = GSL_SUCCESS;
	if (!(out->sd > PAIRED_ZERO_SHARE * big)) {
		out->status = GSL_EZERODIV;
		return GSL_SUCCESS;
	}
	out->se = out->sd / sqrt(nn);
	out->t = m / out->se;
	out->p = 2 * dist_t_Q(fabs(out->t), out->df);
	crit = dist_t_Qinv(alpha / 2, out->df);
	out->llci = m - crit * out->se;
	out->ulci = m + crit * out->se;
	out->dz = m / out->sd;
	return GSL_SUCCESS;
}

int paired_t_test(const gsl_vector *a, const gsl_vector *b, double level, struct paired_t *out)
{
	out->a = 0;
	out->b = 1;
	return paired_core(a, b, 1 - level, out);
}

int paired_pairwise(const gsl_matrix *Y, double level, struct paired_t *out)
{
	size_t m = Y->size2, row = 0;
	double pairs = (double)(m * (m - 1) / 2);

	if (m < 2)
		return GSL_EDOM;
	for (size_t b = 0; b + 1 < m; b++)
		for (size_t a = b + 1; a < m; a++) {
			gsl_vector_const_view va = gsl_matrix_const_column(Y, a), vb = gsl_matrix_const_column(Y, b);
			struct paired_t *r = &out[row++];
			int st = paired_core(&va.vector, &vb.vector, (1 - level) / pairs, r);

			if (st != GSL_SUCCESS)
				return st;
			r->a = a;
			r->b = b;
			if (r->status == GSL_SUCCESS)
				r->p = GSL_MIN(1.0, pairs * r->p);
		}
	return GSL_SUCCESS;
}
