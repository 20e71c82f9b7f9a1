#include "models/crossprod.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "models/descriptives.h"

struct crossprod_data *crossprod_data_alloc(const gsl_matrix *data)
{
	size_t n = data->size1, q = data->size2;
	struct crossprod_data *d = calloc(1, sizeof *d);

	if (!d)
		return NULL;
	d->n = n;
	d->q = q;
	d->D = gsl_matrix_alloc(n, q + 1);
	d->shift = malloc(q * sizeof *d->shift);
	if (!d->D || !d->shift) {
		crossprod_data_free(d);
		return NULL;
	}
	for (size_t j = 0; j < q; j++) {
		struct moments m;
		gsl_vector_const_view col = gsl_matrix_const_column(data, j);
		moments_compute(col.vector.data, col.vector.stride, n, &m);
		d->shift[j] = m.mean;
	}
	for (size_t i = 0; i < n; i++) {
		double *row = gsl_matrix_ptr(d->D, i, 0);
		row[0] = 1;
		for (size_t j = 0; j < q; j++)
			row[j + 1] = gsl_matrix_get(data, i, j) - d->shift[j];
	}
	d->np = (q + 1) * (q + 2) / 2;
	if (n <= CROSSPROD_PACKED_MAX / d->np && (d->packed = malloc(n * d->np * sizeof *d->packed))) {
		for (size_t i = 0; i < n; i++) {
			const double *v = gsl_matrix_const_ptr(d->D, i, 0);
			for (size_t a = 0, c = 0; a <= q; a++)
				for (size_t b = a; b <= q; b++)
					d->packed[c++ * n + i] = v[a] * v[b];
		}
	}
	return d;
}

void crossprod_data_free(struct crossprod_data *d)
{
	if (!d)
		return;
	gsl_matrix_free(d->D);
	free(d->shift);
	free(d->packed);
	free(d);
}

struct crossprod *crossprod_alloc(size_t q, size_t n)
{
	struct crossprod *cp = calloc(1, sizeof *cp);

	if (!cp)
		return NULL;
	cp->q = q;
	cp->S = gsl_matrix_alloc(q + 1, q + 1);
	cp->C = gsl_matrix_alloc(q, q);
	cp->A = gsl_matrix_alloc(q, q);
	cp->mean = malloc(q * sizeof *cp->mean);
	cp->r = malloc(q * sizeof *cp->r);
	cp->scale = malloc(q * sizeof *cp->scale);
	cp->packed = malloc((q + 1) * (q + 2) / 2 * sizeof *cp->packed);
	cp->w = malloc((n ? n : 1) * sizeof *cp->w);
	if (!cp->S || !cp->C || !cp->A || !cp->mean || !cp->r || !cp->scale || !cp->packed || !cp->w) {
		crossprod_free(cp);
		return NULL;
	}
	return cp;
}

void crossprod_free(struct crossprod *cp)
{
	if (!cp)
		return;
	gsl_matrix_free(cp->S);
	gsl_matrix_free(cp->C);
	gsl_matrix_free(cp->A);
	free(cp->mean);
	free(cp->r);
	free(cp->scale);
	free(cp->packed);
	free(cp->w);
	free(cp);
}

void crossprod_accumulate(struct crossprod *cp, const struct crossprod_data *d, const unsigned *counts)
{
	size_t q1 = d->q + 1, tda = cp->S->tda, np = d->np;
	double *S = cp->S->data;

	gsl_matrix_set_zero(cp->S);
	if (d->packed) {
		/* four partial sums per product keep the dot products pipelined */
		size_t n = d->n;
		double *w = cp->w, *acc = cp->packed;
		for (size_t i = 0; i < n; i++)
			w[i] = counts ? (double)counts[i] : 1.0;
		for (size_t c = 0; c < np; c++) {
			const double *P = d->packed + c * n;
			double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
			size_t i = 0;
			for (; i + 4 <= n; i += 4) {
				s0 += w[i] * P[i];
				s1 += w[i + 1] * P[i + 1];
				s2 += w[i + 2] * P[i + 2];
				s3 += w[i + 3] * P[i + 3];
			}
			for (; i < n; i++)
				s0 += w[i] * P[i];
			acc[c] = (s0 + s1) + (s2 + s3);
		}
		for (size_t a = 0, c = 0; a < q1; a++)
			for (size_t b = a; b < q1; b++)
				S[a * tda + b] = acc[c++];
	} else {
		for (size_t i = 0; i < d->n; i++) {
			double w = counts ? (double)counts[i] : 1.0;
			const double *v = d->D->data + i * d->D->tda;
			if (w == 0)
				continue;
			for (size_t a = 0; a < q1; a++) {
				double wa = w * v[a], *Sa = S + a * tda;
				for (size_t b = a; b < q1; b++)
					Sa[b] += wa * v[b];
			}
		}
	}
	cp->n = S[0];
	for (size_t a = 0; a < d->q; a++) {
		double ma = S[a + 1] / cp->n;
		cp->mean[a] = d->shift[a] + ma;
		for (size_t b = a; b < d->q; b++) {
			double v = S[(a + 1) * tda + b + 1] - cp->n * ma * (S[b + 1] / cp->n);
			gsl_matrix_set(cp->C, a, b, v);
			gsl_matrix_set(cp->C, b, a, v);
		}
	}
}

double crossprod_sd(const struct crossprod *cp, size_t j)
{
	return sqrt(fmax(gsl_matrix_get(cp->C, j, j), 0) / (cp->n - 1));
}

int crossprod_regress(struct crossprod *cp, const size_t *pred, size_t k, size_t y, double tol, double *b,
		      double *b0)
{
	gsl_matrix *L = cp->A;
	double *r = cp->r, *s = cp->scale;

	for (size_t a = 0; a < k; a++) {
		double v = gsl_matrix_get(cp->C, pred[a], pred[a]);
		if (!(v > 0))
			return GSL_ESING;
		s[a] = sqrt(v);
	}
	/* ordered Cholesky of the correlation matrix of the predictors, in place in L (lower) */
	for (size_t j = 0; j < k; j++) {
		double piv = 1;
		for (size_t i = 0; i < j; i++) {
			double v = gsl_matrix_get(cp->C, pred[j], pred[i]) / (s[j] * s[i]);
			for (size_t m = 0; m < i; m++)
				v -= gsl_matrix_get(L, j, m) * gsl_matrix_get(L, i, m);
			v /= gsl_matrix_get(L, i, i);
			gsl_matrix_set(L, j, i, v);
			piv -= v * v;
		}
		if (!(piv >= tol))
			return GSL_ESING;
		gsl_matrix_set(L, j, j, sqrt(piv));
	}
	/* L L' u = g with g_a = C[pred_a, y] / s_a; then b_a = u_a / s_a */
	for (size_t a = 0; a < k; a++) {
		double v = gsl_matrix_get(cp->C, pred[a], y) / s[a];
		for (size_t m = 0; m < a; m++)
			v -= gsl_matrix_get(L, a, m) * r[m];
		r[a] = v / gsl_matrix_get(L, a, a);
	}
	for (size_t a = k; a-- > 0;) {
		double v = r[a];
		for (size_t m = a + 1; m < k; m++)
			v -= gsl_matrix_get(L, m, a) * r[m];
		r[a] = v / gsl_matrix_get(L, a, a);
	}
	for (size_t a = 0; a < k; a++)
		b[a] = r[a] / s[a];
	if (b0) {
		double v = cp->mean[y];
		for (size_t a = 0; a < k; a++)
			v -= cp->mean[pred[a]] * b[a];
		*b0 = v;
	}
	return GSL_SUCCESS;
}

struct crossprod_ws *crossprod_ws_alloc(size_t q, size_t n, size_t scratch)
{
	struct crossprod_ws *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->cp = crossprod_alloc(q, n);
	w->scratch = calloc(scratch ? scratch : 1, sizeof *w->scratch);
	if (!w->cp || !w->scratch) {
		crossprod_ws_free(w);
		return NULL;
	}
	return w;
}

void crossprod_ws_free(void *ws)
{
	struct crossprod_ws *w = ws;

	if (!w)
		return;
	crossprod_free(w->cp);
	free(w->scratch);
	free(w);
}
