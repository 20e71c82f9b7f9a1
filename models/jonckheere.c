#include "models/jonckheere.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

struct obs {
	double v;
	size_t g; /* index among the non-empty groups */
};

static int cmp_obs(const void *a, const void *b)
{
	double x = ((const struct obs *)a)->v, y = ((const struct obs *)b)->v;
	return (x > y) - (x < y);
}

/* The distribution of the Mann-Whitney count U = #{x < y} of m x's against n y's: counts c(u),
 * u = 0..mn, by c(u; a, b) = c(u - a; a, b - 1) + c(u; a - 1, b) (the largest value is a y, above
 * all a x's, or an x), normalised to probabilities. out has m n + 1 elements. */
static int mann_whitney(size_t m, size_t n, double *out)
{
	size_t len = m * n + 1;
	double *prev = calloc((n + 1) * len, sizeof *prev), *cur = calloc((n + 1) * len, sizeof *cur), total = 0;

	if (!prev || !cur) {
		free(prev);
		free(cur);
		return GSL_ENOMEM;
	}
	/* row a = 0: no x, U = 0 whatever b */
	for (size_t b = 0; b <= n; b++)
		prev[b * len] = 1;
	for (size_t a = 1; a <= m; a++) {
		for (size_t b = 0; b <= n; b++) {
			double *c = cur + b * len, *up = prev + b * len, *left = cur + (b ? b - 1 : 0) * len;
			size_t top = a * b;
			for (size_t u = 0; u <= top; u++)
				c[u] = (u <= (a - 1) * b ? up[u] : 0) + (b && u >= a && u - a <= a * (b - 1) ? left[u - a] : 0);
		}
		{
			double *t = prev;
			prev = cur;
			cur = t;
		}
	}
	for (size_t u = 0; u < len; u++)
		total += prev[n * len + u];
	for (size_t u = 0; u < len; u++)
		out[u] = prev[n * len + u] / total;
	free(prev);
	free(cur);
	return GSL_SUCCESS;
}

/* P(J >= j) and P(J <= j) under the null hypothesis, n[0..k) the group sizes, j an integer. */
static int exact_tails(const size_t *n, size_t k, double j, double *upper, double *lower)
{
	size_t max = 0, before = n[0];
	double *dist, *mw = NULL, *next = NULL;
	int st = GSL_SUCCESS;

	for (size_t g = 1; g < k; g++) {
		max += before * n[g];
		before += n[g];
	}
	dist = calloc(max + 1, sizeof *dist);
	next = calloc(max + 1, sizeof *next);
	mw = malloc((max + 1) * sizeof *mw);
	if (!dist || !next || !mw) {
		st = GSL_ENOMEM;
		goto done;
	}
	dist[0] = 1;
	before = n[0];
	for (size_t g = 1, top = 0; g < k; g++) {
		size_t w = before * n[g];
		if ((st = mann_whitney(before, n[g], mw)) != GSL_SUCCESS)
			goto done;
		memset(next, 0, (top + w + 1) * sizeof *next);
		for (size_t a = 0; a <= top; a++)
			for (size_t b = 0; b <= w; b++)
				next[a + b] += dist[a] * mw[b];
		top += w;
		memcpy(dist, next, (top + 1) * sizeof *dist);
		before += n[g];
	}
	*upper = *lower = 0;
	for (size_t u = 0; u <= max; u++) {
		if ((double)u >= j)
			*upper += dist[u];
		if ((double)u <= j)
			*lower += dist[u];
	}
	*upper = fmin(1, *upper);
	*lower = fmin(1, *lower);
done:
	free(dist);
	free(next);
	free(mw);
	return st;
}

int jonckheere_test(const struct grouped *g, int exact, struct jonckheere *out)
{
	struct obs *o;
	size_t *n, *below, *in_block, k = 0, N = 0;
	double J = 0, sn2 = 0, sn3 = 0, sn_a = 0, sn_b = 0, sn_c = 0, st_a = 0, st_b = 0, st_c = 0, dN;
	int st = GSL_SUCCESS;

	memset(out, 0, sizeof *out);
	out->J = out->mean = out->var = out->z = out->p_increasing = out->p_decreasing = out->p_two_sided = NAN;
	n = calloc(g->k ? g->k : 1, sizeof *n);
	below = calloc(g->k ? g->k : 1, sizeof *below);
	in_block = calloc(g->k ? g->k : 1, sizeof *in_block);
	o = malloc((g->n ? g->n : 1) * sizeof *o);
	if (!n || !below || !in_block || !o) {
		st = GSL_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < g->k; i++)
		if (g->count[i]) {
			for (size_t a = 0; a < g->count[i]; a++)
				o[N + a] = (struct obs){g->y[g->start[i] + a], k};
			N += g->count[i];
			n[k++] = g->count[i];
		}
	out->n = N;
	out->groups = k;
	if (k < 2) {
		st = GSL_EDOM;
		goto done;
	}
	qsort(o, N, sizeof *o, cmp_obs);
	/* sweep the blocks of tied values in increasing order: an observation of group j is above
	 * every earlier group's observation below the block and ties with those in it */
	for (size_t a = 0; a < N;) {
		size_t b = a, t;
		double earlier_below = 0, earlier_in = 0;
		while (b < N && o[b].v == o[a].v)
			in_block[o[b++].g]++;
		for (size_t j = 0; j < k; j++) {
			J += (double)in_block[j] * (earlier_below + 0.5 * earlier_in);
			earlier_below += (double)below[j];
			earlier_in += (double)in_block[j];
		}
		for (size_t c = a; c < b; c++)
			if (in_block[o[c].g]) {
				below[o[c].g] += in_block[o[c].g];
				in_block[o[c].g] = 0;
			}
		t = b - a;
		if (t > 1) {
			double dt = (double)t;
			out->tied_values++;
			st_a += dt * (dt - 1) * (2 * dt + 5);
			st_b += dt * (dt - 1) * (dt - 2);
			st_c += dt * (dt - 1);
		}
		a = b;
	}
	for (size_t i = 0; i < k; i++) {
		double d = (double)n[i];
		sn2 += d * d;
		sn3 += d * d * (2 * d + 3);
		sn_a += d * (d - 1) * (2 * d + 5);
		sn_b += d * (d - 1) * (d - 2);
		sn_c += d * (d - 1);
	}
	dN = (double)N;
	out->J = J;
	out->mean = (dN * dN - sn2) / 4;
	if (out->tied_values)
		out->var = (dN * (dN - 1) * (2 * dN + 5) - sn_a - st_a) / 72 +
			   sn_b * st_b / (36 * dN * (dN - 1) * (dN - 2)) + sn_c * st_c / (8 * dN * (dN - 1));
	else
		out->var = (dN * dN * (2 * dN + 3) - sn3) / 72;
	if (!(out->var > 0)) {
		st = GSL_EZERODIV;
		goto done;
	}
	out->z = (J - out->mean) / sqrt(out->var);
	if (exact && !out->tied_values && N <= JT_EXACT_MAX_N) {
		out->method = JT_EXACT;
		if ((st = exact_tails(n, k, J, &out->p_increasing, &out->p_decreasing)) != GSL_SUCCESS)
			goto done;
	} else {
		out->method = JT_NORMAL;
		out->p_increasing = gsl_cdf_ugaussian_Q(out->z);
		out->p_decreasing = gsl_cdf_ugaussian_P(out->z);
	}
	out->p_two_sided = 2 * fmin(0.5, fmin(out->p_increasing, out->p_decreasing));
done:
	free(n);
	free(below);
	free(in_block);
	free(o);
	return st;
}
