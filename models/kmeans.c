#include "models/kmeans.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

struct kmeans *kmeans_alloc(size_t n, size_t d, size_t k)
{
	struct kmeans *km = calloc(1, sizeof *km);

	if (!km || n == 0 || d == 0 || k == 0)
		return free(km), NULL;
	km->n = n;
	km->d = d;
	km->k = k;
	km->centre = gsl_matrix_alloc(k, d);
	km->cluster = malloc(n * sizeof *km->cluster);
	km->size = calloc(k, sizeof *km->size);
	km->within = calloc(k, sizeof *km->within);
	if (!km->centre || !km->cluster || !km->size || !km->within) {
		kmeans_free(km);
		return NULL;
	}
	return km;
}

void kmeans_free(struct kmeans *km)
{
	if (!km)
		return;
	if (km->centre)
		gsl_matrix_free(km->centre);
	free(km->cluster);
	free(km->size);
	free(km->within);
	free(km);
}

static double dist2(const double *a, const double *b, size_t d)
{
	double s = 0;

	for (size_t j = 0; j < d; j++)
		s += (a[j] - b[j]) * (a[j] - b[j]);
	return s;
}

static const double *row(const gsl_matrix *x, size_t i)
{
	return x->data + i * x->tda;
}

/* k-means++ seeding (Arthur & Vassilvitskii 2007): the first centre a case drawn uniformly, each
 * next one a case drawn with probability D(x)^2 / sum D^2, D the distance to the nearest centre so
 * far (d2[i] holds D(x_i)^2). A case equal to a chosen centre has D = 0 and is never drawn again;
 * GSL_EDOM when every case equals a chosen centre before k are chosen. */
static int seed_centres(const gsl_matrix *x, size_t k, gsl_rng *rng, double *c, double *d2)
{
	size_t n = x->size1, d = x->size2, pick = gsl_rng_uniform_int(rng, n);

	for (size_t m = 0;; m++) {
		double total = 0, target, acc = 0;
		memcpy(c + m * d, row(x, pick), d * sizeof *c);
		if (m + 1 == k)
			return GSL_SUCCESS;
		for (size_t i = 0; i < n; i++) {
			double e = dist2(row(x, i), c + m * d, d);
			d2[i] = m == 0 || e < d2[i] ? e : d2[i];
			total += d2[i];
		}
		if (!(total > 0))
			return GSL_EDOM;
		/* the case where the running sum of D^2 first exceeds a uniform draw in [0, total) */
		target = gsl_rng_uniform(rng) * total;
		pick = n;
		for (size_t i = 0; i < n && pick == n; i++) {
			acc += d2[i];
			if (acc > target && d2[i] > 0)
				pick = i;
		}
		if (pick == n) /* rounding left the draw beyond the sum: the last case with D > 0 */
			for (size_t i = n; i-- > 0 && pick == n;)
				if (d2[i] > 0)
					pick = i;
	}
}

/* Scratch of one start: centres, sums, sizes, the assignment and the seeding's distances. */
struct work {
	double *c, *sum, *d2;
	size_t *size, *cl;
};

/* Cluster means from the assignment; an empty cluster keeps its centre. */
static void update_centres(const gsl_matrix *x, size_t k, struct work *w)
{
	size_t n = x->size1, d = x->size2;

	memset(w->sum, 0, k * d * sizeof *w->sum);
	memset(w->size, 0, k * sizeof *w->size);
	for (size_t i = 0; i < n; i++) {
		const double *xi = row(x, i);
		w->size[w->cl[i]]++;
		for (size_t j = 0; j < d; j++)
			w->sum[w->cl[i] * d + j] += xi[j];
	}
	for (size_t q = 0; q < k; q++)
		if (w->size[q])
			for (size_t j = 0; j < d; j++)
				w->c[q * d + j] = w->sum[q * d + j] / (double)w->size[q];
}

static size_t nearest(const double *xi, const double *c, size_t k, size_t d)
{
	size_t best = 0;
	double bd = dist2(xi, c, d);

	for (size_t q = 1; q < k; q++) {
		double dq = dist2(xi, c + q * d, d);
		if (dq < bd)
			bd = dq, best = q;
	}
	return best;
}

/* Lloyd's iterations from the centres in w->c; returns the iterations used, *done = converged. */
static size_t lloyd(const gsl_matrix *x, size_t k, size_t max_iter, struct work *w, int *done)
{
	size_t n = x->size1, d = x->size2, it;

	for (size_t i = 0; i < n; i++)
		w->cl[i] = nearest(row(x, i), w->c, k, d);
	update_centres(x, k, w);
	*done = 0;
	for (it = 1; it < max_iter; it++) {
		size_t moved = 0;
		for (size_t i = 0; i < n; i++) {
			size_t q = nearest(row(x, i), w->c, k, d);
			moved += q != w->cl[i];
			w->cl[i] = q;
		}
		update_centres(x, k, w);
		if (moved == 0) {
			*done = 1;
			break;
		}
	}
	return it;
}

/* Hartigan's single-case transfers while any lowers W (means kept up to date incrementally,
 * then recomputed exactly). Returns the passes used; *done = a pass moved nothing. */
static size_t transfers(const gsl_matrix *x, size_t k, size_t max_pass, struct work *w, int *done)
{
	size_t n = x->size1, d = x->size2, pass;

	*done = 0;
	for (pass = 0; pass < max_pass; pass++) {
		size_t moved = 0;
		for (size_t i = 0; i < n; i++) {
			const double *xi = row(x, i);
			size_t a = w->cl[i], best = a;
			double na = (double)w->size[a], cost, best_cost;
			if (w->size[a] <= 1)
				continue;
			cost = na / (na - 1) * dist2(xi, w->c + a * d, d);
			best_cost = cost * (1 - KMEANS_TRANSFER_TOL);
			for (size_t b = 0; b < k; b++) {
				double nb = (double)w->size[b], add;
				if (b == a)
					continue;
				add = nb / (nb + 1) * dist2(xi, w->c + b * d, d);
				if (add < best_cost)
					best_cost = add, best = b;
			}
			if (best == a)
				continue;
			for (size_t j = 0; j < d; j++) {
				double nb = (double)w->size[best];
				w->c[a * d + j] = (na * w->c[a * d + j] - xi[j]) / (na - 1);
				w->c[best * d + j] = (nb * w->c[best * d + j] + xi[j]) / (nb + 1);
			}
			w->size[a]--;
			w->size[best]++;
			w->cl[i] = best;
			moved++;
		}
		update_centres(x, k, w);
		if (moved == 0) {
			*done = 1;
			pass++;
			break;
		}
	}
	return pass;
}

static double total_within(const gsl_matrix *x, const struct work *w, size_t d)
{
	double s = 0;

	for (size_t i = 0; i < x->size1; i++)
		s += dist2(row(x, i), w->c + w->cl[i] * d, d);
	return s;
}

/* Centre a before centre b in ascending order of the coordinates. */
static int centre_before(const double *c, size_t d, size_t a, size_t b)
{
	for (size_t j = 0; j < d; j++)
		if (c[a * d + j] != c[b * d + j])
			return c[a * d + j] < c[b * d + j];
	return a < b;
}

int kmeans_run(const gsl_matrix *x, size_t k, size_t starts, size_t max_iter, gsl_rng *rng, struct kmeans *km)
{
	size_t n = x->size1, d = x->size2, *order = NULL, *rank = NULL;
	struct work w = {0};
	double best = INFINITY, *wss = NULL;
	int status = GSL_SUCCESS;

	if (k < 1 || k > n || starts == 0 || km->n != n || km->d != d || km->k != k)
		return GSL_EINVAL;
	w.c = malloc(k * d * sizeof *w.c);
	w.sum = malloc(k * d * sizeof *w.sum);
	w.size = malloc(k * sizeof *w.size);
	w.cl = malloc(n * sizeof *w.cl);
	w.d2 = malloc(n * sizeof *w.d2);
	order = malloc(k * sizeof *order);
	rank = malloc(k * sizeof *rank);
	wss = malloc(starts * sizeof *wss);
	if (!w.c || !w.sum || !w.size || !w.cl || !w.d2 || !order || !rank || !wss) {
		status = GSL_ENOMEM;
		goto done;
	}
	km->converged = 0;
	for (size_t s = 0; s < starts; s++) {
		int done1, done2;
		size_t it;
		if ((status = seed_centres(x, k, rng, w.c, w.d2)) != GSL_SUCCESS)
			goto done;
		it = lloyd(x, k, max_iter, &w, &done1);
		it += transfers(x, k, max_iter, &w, &done2);
		km->converged += done1 && done2;
		wss[s] = total_within(x, &w, d);
		if (wss[s] < best) {
			best = wss[s];
			km->iterations = it;
			memcpy(km->cluster, w.cl, n * sizeof *w.cl);
		}
	}
	km->best_starts = 0;
	for (size_t s = 0; s < starts; s++)
		km->best_starts += wss[s] - best <= KMEANS_SAME_W * best;
	/* the winner, its clusters numbered by their centres */
	memcpy(w.cl, km->cluster, n * sizeof *w.cl);
	update_centres(x, k, &w);
	for (size_t q = 0; q < k; q++) { /* insertion sort: k is small */
		size_t p = q;
		for (; p > 0 && centre_before(w.c, d, q, order[p - 1]); p--)
			order[p] = order[p - 1];
		order[p] = q;
	}
	for (size_t q = 0; q < k; q++)
		rank[order[q]] = q;
	for (size_t i = 0; i < n; i++)
		km->cluster[i] = rank[w.cl[i]];
	memset(km->within, 0, k * sizeof *km->within);
	for (size_t q = 0; q < k; q++) {
		km->size[q] = w.size[order[q]];
		for (size_t j = 0; j < d; j++)
			gsl_matrix_set(km->centre, q, j, w.c[order[q] * d + j]);
	}
	km->total_within = 0;
	for (size_t i = 0; i < n; i++) {
		double e = 0;
		for (size_t j = 0; j < d; j++) {
			double v = row(x, i)[j] - gsl_matrix_get(km->centre, km->cluster[i], j);
			e += v * v;
		}
		km->within[km->cluster[i]] += e;
	}
	for (size_t q = 0; q < k; q++)
		km->total_within += km->within[q];
	{
		double *mean = w.sum; /* reused: d grand means */
		memset(mean, 0, d * sizeof *mean);
		for (size_t i = 0; i < n; i++)
			for (size_t j = 0; j < d; j++)
				mean[j] += row(x, i)[j];
		for (size_t j = 0; j < d; j++)
			mean[j] /= (double)n;
		km->total_ss = 0;
		for (size_t i = 0; i < n; i++)
			km->total_ss += dist2(row(x, i), mean, d);
	}
	km->between_ss = km->total_ss - km->total_within;
done:
	free(w.c);
	free(w.sum);
	free(w.size);
	free(w.cl);
	free(w.d2);
	free(order);
	free(rank);
	free(wss);
	return status;
}
