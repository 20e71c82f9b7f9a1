#include "models/rank_tests.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sort.h>

#include "models/distributions.h"

/* Pooled mid-ranks by tallying distinct values: with few distinct values (Likert items and
 * scores: a few dozen), a hash table of the values with their counts per group replaces sorting
 * all N values; only the distinct values are sorted. With many distinct values the pooled values
 * are sorted instead and each value's mid-rank found by binary search. */

/* Slots of the tally's hash table (a power of 2) and the most distinct values kept in it. */
#define TALLY_SLOTS 16384
#define TALLY_MAX_DISTINCT (TALLY_SLOTS / 2)

static size_t slot_of(double v)
{
	uint64_t bits;

	v = v == 0 ? 0.0 : v; /* -0 and +0 are one value */
	memcpy(&bits, &v, sizeof bits);
	bits ^= bits >> 29;
	bits *= UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(bits >> 50) & (TALLY_SLOTS - 1);
}

/* Rank sums by tally; returns GSL_CONTINUE when there are too many distinct values. */
static int tally_rank_sums(const double *const *x, const size_t *n, size_t k, double *rank_sum, double *tie_sum)
{
	double *key = malloc(TALLY_SLOTS * sizeof *key), *dv = NULL;
	size_t *count = calloc((size_t)TALLY_SLOTS * k, sizeof *count), *order = NULL, *slot_at = NULL, nd = 0;
	int st = GSL_SUCCESS;

	if (!key || !count) {
		st = GSL_ENOMEM;
		goto done;
	}
	for (size_t s = 0; s < TALLY_SLOTS; s++)
		key[s] = NAN;
	for (size_t g = 0; g < k; g++)
		for (size_t i = 0; i < n[g]; i++) {
			double v = x[g][i];
			size_t s = slot_of(v);
			while (!isnan(key[s]) && key[s] != v)
				s = (s + 1) & (TALLY_SLOTS - 1);
			if (isnan(key[s])) {
				if (++nd > TALLY_MAX_DISTINCT) {
					st = GSL_CONTINUE;
					goto done;
				}
				key[s] = v;
			}
			count[s * k + g]++;
		}
	dv = malloc((nd ? nd : 1) * sizeof *dv);
	order = malloc((nd ? nd : 1) * sizeof *order);
	slot_at = malloc((nd ? nd : 1) * sizeof *slot_at);
	if (!dv || !order || !slot_at) {
		st = GSL_ENOMEM;
		goto done;
	}
	nd = 0;
	for (size_t s = 0; s < TALLY_SLOTS; s++)
		if (!isnan(key[s])) {
			dv[nd] = key[s];
			slot_at[nd++] = s;
		}
	gsl_sort_index(order, dv, 1, nd);
	{
		double below = 0;
		for (size_t d = 0; d < nd; d++) {
			size_t s = slot_at[order[d]];
			double c = 0, mid;
			for (size_t g = 0; g < k; g++)
				c += (double)count[s * k + g];
			mid = below + 0.5 * (c + 1);
			for (size_t g = 0; g < k; g++)
				rank_sum[g] += (double)count[s * k + g] * mid;
			*tie_sum += c * c * c - c;
			below += c;
		}
	}
done:
	free(key);
	free(count);
	free(dv);
	free(order);
	free(slot_at);
	return st;
}

/* Rank sums by sorting the pooled values and finding each value's mid-rank by binary search. */
static int sorted_rank_sums(const double *const *x, const size_t *n, size_t k, double *rank_sum, double *tie_sum)
{
	size_t total = 0, nd = 0;
	double *v;
	size_t *below, *ties;

	for (size_t g = 0; g < k; g++)
		total += n[g];
	v = malloc((total ? total : 1) * sizeof *v);
	below = malloc((total ? total : 1) * sizeof *below);
	ties = malloc((total ? total : 1) * sizeof *ties);
	if (!v || !below || !ties) {
		free(v);
		free(below);
		free(ties);
		return GSL_ENOMEM;
	}
	for (size_t g = 0, at = 0; g < k; at += n[g], g++)
		memcpy(v + at, x[g], n[g] * sizeof *v);
	gsl_sort(v, 1, total);
	/* compact the distinct values into the front of v */
	for (size_t i = 0; i < total;) {
		size_t j = i + 1;
		double c;
		while (j < total && v[j] == v[i])
			j++;
		c = (double)(j - i);
		*tie_sum += c * c * c - c;
		v[nd] = v[i];
		below[nd] = i;
		ties[nd++] = j - i;
		i = j;
	}
	for (size_t g = 0; g < k; g++)
		for (size_t i = 0; i < n[g]; i++) {
			size_t lo = 0, hi = nd;
			while (hi - lo > 1) {
				size_t mid = lo + (hi - lo) / 2;
				if (v[mid] <= x[g][i])
					lo = mid;
				else
					hi = mid;
			}
			rank_sum[g] += (double)below[lo] + 0.5 * ((double)ties[lo] + 1);
		}
	free(v);
	free(below);
	free(ties);
	return GSL_SUCCESS;
}

/* Sums of the pooled mid-ranks of the values of each of k groups (x[g]: n[g] values, no NaN),
 * and the sum of t^3 - t over the groups of tied values. */
static int pooled_rank_sums(const double *const *x, const size_t *n, size_t k, double *rank_sum, double *tie_sum)
{
	int st;

	for (size_t g = 0; g < k; g++)
		rank_sum[g] = 0;
	*tie_sum = 0;
	st = tally_rank_sums(x, n, k, rank_sum, tie_sum);
	if (st != GSL_CONTINUE)
		return st;
	for (size_t g = 0; g < k; g++)
		rank_sum[g] = 0;
	*tie_sum = 0;
	return sorted_rank_sums(x, n, k, rank_sum, tie_sum);
}

int rank_kruskal(const struct grouped *g, struct kruskal *out)
{
	double n = (double)g->n, h = 0, c, ties;
	const double **x = malloc((g->k ? g->k : 1) * sizeof *x);
	double *rs = malloc((g->k ? g->k : 1) * sizeof *rs);
	int st = GSL_SUCCESS;

	if (!x || !rs) {
		st = GSL_ENOMEM;
		goto done;
	}
	if (g->k < 2)
		st = GSL_EDOM;
	for (size_t i = 0; i < g->k; i++) {
		if (g->count[i] == 0)
			st = GSL_EDOM;
		x[i] = g->y + g->start[i];
	}
	if (st == GSL_SUCCESS)
		st = pooled_rank_sums(x, g->count, g->k, rs, &ties);
	if (st != GSL_SUCCESS)
		goto done;
	c = 1 - ties / (n * n * n - n);
	for (size_t i = 0; i < g->k; i++) {
		double mr = rs[i] / (double)g->count[i], d = mr - 0.5 * (n + 1);
		h += (double)g->count[i] * d * d;
		if (out->mean_rank)
			out->mean_rank[i] = mr;
	}
	if (!(c > 0)) {
		st = GSL_EZERODIV;
		goto done;
	}
	out->H = 12 / (n * (n + 1)) * h / c;
	out->df = (double)g->k - 1;
	out->p = dist_chisq_Q(out->H, out->df);
	out->epsilon2 = out->H / ((n * n - 1) / (n + 1));
done:
	free(x);
	free(rs);
	return st;
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
	out->p = dist_chisq_Q(out->chi2, out->df);
	out->kendall_w = out->chi2 / (nn * (mm - 1));
	return GSL_SUCCESS;
}

int rank_wilcoxon_paired(const gsl_vector *x, const gsl_vector *y, struct wilcoxon *out)
{
	size_t n = x->size, npos = 0, nneg = 0, count[2];
	double *pos, *neg, rs[2], ties, nn, mu, var, z;
	int st;

	if (y->size != n)
		return GSL_EBADLEN;
	pos = malloc((n ? n : 1) * sizeof *pos);
	neg = malloc((n ? n : 1) * sizeof *neg);
	if (!pos || !neg) {
		free(pos);
		free(neg);
		return GSL_ENOMEM;
	}
	/* |d| of the positive and of the negative differences: V is the rank sum of the first */
	for (size_t i = 0; i < n; i++) {
		double v = gsl_vector_get(x, i) - gsl_vector_get(y, i);
		if (v > 0)
			pos[npos++] = v;
		else if (v < 0)
			neg[nneg++] = -v;
	}
	out->n_nonzero = npos + nneg;
	out->n_zero = n - npos - nneg;
	if (npos + nneg == 0) {
		free(pos);
		free(neg);
		return GSL_EDOM;
	}
	count[0] = npos;
	count[1] = nneg;
	st = pooled_rank_sums((const double *const[]){pos, neg}, count, 2, rs, &ties);
	free(pos);
	free(neg);
	if (st != GSL_SUCCESS)
		return st;
	nn = (double)(npos + nneg);
	mu = nn * (nn + 1) / 4;
	var = nn * (nn + 1) * (2 * nn + 1) / 24 - ties / 48;
	if (!(var > 0))
		return GSL_EZERODIV;
	z = rs[0] - mu;
	z = (z - (z > 0 ? 0.5 : z < 0 ? -0.5 : 0)) / sqrt(var);
	out->V = rs[0];
	out->z = z;
	out->p = 2 * GSL_MIN(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
	out->rank_biserial = (rs[0] - rs[1]) / (rs[0] + rs[1]);
	return GSL_SUCCESS;
}
