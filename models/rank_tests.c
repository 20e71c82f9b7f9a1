#include "models/rank_tests.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sort.h>

/* Mid-ranks of a sample: its distinct values ascending, with how many values lie below each and
 * how many equal it. The mid-rank of v is below + (ties + 1) / 2. */
struct rank_table {
	double *v;
	size_t *below, *ties;
	size_t nd;
	double tie_sum; /* sum of t^3 - t over the tie groups */
};

/* Sorts `x` (n values, destroyed) and builds the table from it. */
static int rank_table_build(double *x, size_t n, struct rank_table *t)
{
	size_t nd = 0;

	gsl_sort(x, 1, n);
	t->v = x; /* distinct values are compacted into the front of x */
	t->below = malloc((n ? n : 1) * sizeof *t->below);
	t->ties = malloc((n ? n : 1) * sizeof *t->ties);
	t->tie_sum = 0;
	if (!t->below || !t->ties) {
		free(t->below);
		free(t->ties);
		return GSL_ENOMEM;
	}
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		double c;
		while (j < n && x[j] == x[i])
			j++;
		c = (double)(j - i);
		t->tie_sum += c * c * c - c;
		x[nd] = x[i];
		t->below[nd] = i;
		t->ties[nd] = j - i;
		nd++;
		i = j;
	}
	t->nd = nd;
	return GSL_SUCCESS;
}

static void rank_table_release(struct rank_table *t)
{
	free(t->below);
	free(t->ties);
}

/* Mid-rank of a value that is in the table (binary search). */
static double mid_rank(const struct rank_table *t, double v)
{
	size_t lo = 0, hi = t->nd;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (t->v[mid] <= v)
			lo = mid;
		else
			hi = mid;
	}
	return (double)t->below[lo] + 0.5 * ((double)t->ties[lo] + 1);
}

int rank_kruskal(const struct grouped *g, struct kruskal *out)
{
	double n = (double)g->n, h = 0, c;
	struct rank_table t;
	double *x;
	int st;

	if (g->k < 2)
		return GSL_EDOM;
	for (size_t i = 0; i < g->k; i++)
		if (g->count[i] == 0)
			return GSL_EDOM;
	x = malloc(g->n * sizeof *x);
	if (!x)
		return GSL_ENOMEM;
	memcpy(x, g->y, g->n * sizeof *x);
	st = rank_table_build(x, g->n, &t);
	if (st != GSL_SUCCESS) {
		free(x);
		return st;
	}
	c = 1 - t.tie_sum / (n * n * n - n);
	for (size_t i = 0; i < g->k; i++) {
		const double *y = g->y + g->start[i];
		double rs = 0, mr, d;
		for (size_t j = 0; j < g->count[i]; j++)
			rs += mid_rank(&t, y[j]);
		mr = rs / (double)g->count[i];
		d = mr - 0.5 * (n + 1);
		h += (double)g->count[i] * d * d;
		if (out->mean_rank)
			out->mean_rank[i] = mr;
	}
	rank_table_release(&t);
	free(x);
	if (!(c > 0))
		return GSL_EZERODIV;
	out->H = 12 / (n * (n + 1)) * h / c;
	out->df = (double)g->k - 1;
	out->p = gsl_cdf_chisq_Q(out->H, out->df);
	out->epsilon2 = out->H / ((n * n - 1) / (n + 1));
	return GSL_SUCCESS;
}

int rank_friedman(const gsl_matrix *Y, struct friedman *out, double *mean_rank)
{
	size_t n = Y->size1, m = Y->size2;
	double *rs = calloc(m ? m : 1, sizeof *rs), ties = 0, num = 0, den, nn = (double)n, mm = (double)m;

	if (!rs)
		return GSL_ENOMEM;
	if (n < 1 || m < 2) {
		free(rs);
		return GSL_EDOM;
	}
	/* mid-ranks within each subject: 1 + #below + (#equal - 1) / 2; the tie groups of a row
	 * are counted once each, at their first member */
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < m; j++) {
			double v = gsl_matrix_get(Y, i, j);
			size_t below = 0, equal = 0, first = 1;
			for (size_t l = 0; l < m; l++) {
				double u = gsl_matrix_get(Y, i, l);
				below += u < v;
				equal += u == v;
				if (u == v && l < j)
					first = 0;
			}
			rs[j] += 1 + (double)below + 0.5 * ((double)equal - 1);
			if (first)
				ties += (double)equal * equal * equal - (double)equal;
		}
	for (size_t j = 0; j < m; j++) {
		double d = rs[j] - 0.5 * nn * (mm + 1);
		num += d * d;
		if (mean_rank)
			mean_rank[j] = rs[j] / nn;
	}
	free(rs);
	den = nn * mm * (mm + 1) - ties / (mm - 1);
	if (!(den > 0))
		return GSL_EZERODIV;
	out->chi2 = 12 * num / den;
	out->df = mm - 1;
	out->p = gsl_cdf_chisq_Q(out->chi2, out->df);
	out->kendall_w = out->chi2 / (nn * (mm - 1));
	return GSL_SUCCESS;
}

int rank_wilcoxon_paired(const gsl_vector *x, const gsl_vector *y, struct wilcoxon *out)
{
	size_t n = x->size, nz = 0;
	double *a, *d, vplus = 0, vminus = 0, nn, mu, var, z;
	struct rank_table t;
	int st;

	if (y->size != n)
		return GSL_EBADLEN;
	a = malloc((n ? n : 1) * sizeof *a);
	d = malloc((n ? n : 1) * sizeof *d);
	if (!a || !d) {
		free(a);
		free(d);
		return GSL_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		double v = gsl_vector_get(x, i) - gsl_vector_get(y, i);
		if (v != 0) {
			d[nz] = v;
			a[nz] = fabs(v);
			nz++;
		}
	}
	out->n_nonzero = nz;
	out->n_zero = n - nz;
	if (nz == 0) {
		free(a);
		free(d);
		return GSL_EDOM;
	}
	st = rank_table_build(a, nz, &t);
	if (st != GSL_SUCCESS) {
		free(a);
		free(d);
		return st;
	}
	for (size_t i = 0; i < nz; i++) {
		double r = mid_rank(&t, fabs(d[i]));
		if (d[i] > 0)
			vplus += r;
		else
			vminus += r;
	}
	nn = (double)nz;
	mu = nn * (nn + 1) / 4;
	var = nn * (nn + 1) * (2 * nn + 1) / 24 - t.tie_sum / 48;
	rank_table_release(&t);
	free(a);
	free(d);
	if (!(var > 0))
		return GSL_EZERODIV;
	z = vplus - mu;
	z = (z - (z > 0 ? 0.5 : z < 0 ? -0.5 : 0)) / sqrt(var);
	out->V = vplus;
	out->z = z;
	out->p = 2 * GSL_MIN(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
	out->rank_biserial = (vplus - vminus) / (vplus + vminus);
	return GSL_SUCCESS;
}
