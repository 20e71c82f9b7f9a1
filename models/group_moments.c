#include "models/group_moments.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

struct group_moments *group_moments_alloc(size_t k, size_t q)
{
	struct group_moments *m;

	if (k == 0 || q == 0 || q > SIZE_MAX / q / k)
		return NULL;
	m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->k = k;
	m->q = q;
	m->n = calloc(k, sizeof *m->n);
	m->mean = calloc(k * q, sizeof *m->mean);
	m->C = calloc(k * q * q, sizeof *m->C);
	m->work = calloc(q, sizeof *m->work);
	if (!m->n || !m->mean || !m->C || !m->work) {
		group_moments_free(m);
		return NULL;
	}
	return m;
}

void group_moments_free(struct group_moments *m)
{
	if (!m)
		return;
	free(m->n);
	free(m->mean);
	free(m->C);
	free(m->work);
	free(m);
}

void group_moments_reset(struct group_moments *m)
{
	memset(m->n, 0, m->k * sizeof *m->n);
	memset(m->mean, 0, m->k * m->q * sizeof *m->mean);
	memset(m->C, 0, m->k * m->q * m->q * sizeof *m->C);
}

int group_moments_add(struct group_moments *m, size_t g, const double *x)
{
	size_t q = m->q;
	double *mean, *C, *dp = m->work, inv;

	if (g >= m->k)
		return GSL_EINVAL;
	for (size_t a = 0; a < q; a++)
		if (!isfinite(x[a]))
			return GSL_EDOM;
	mean = m->mean + g * q;
	C = m->C + g * q * q;
	inv = 1.0 / (double)++m->n[g];
	for (size_t a = 0; a < q; a++) {
		dp[a] = x[a] - mean[a];
		mean[a] += dp[a] * inv;
	}
	/* d (x - mean_new)' on the upper triangle */
	for (size_t a = 0; a < q; a++)
		for (size_t b = a; b < q; b++)
			C[a * q + b] += dp[a] * (x[b] - mean[b]);
	return GSL_SUCCESS;
}

int group_moments_merge(struct group_moments *a, const struct group_moments *b)
{
	size_t q = a->q;

	if (a->k != b->k || a->q != b->q)
		return GSL_EBADLEN;
	for (size_t g = 0; g < a->k; g++) {
		double na = (double)a->n[g], nb = (double)b->n[g], n = na + nb;
		double *ma = a->mean + g * q, *Ca = a->C + g * q * q;
		const double *mb = b->mean + g * q, *Cb = b->C + g * q * q;

		if (b->n[g] == 0)
			continue;
		for (size_t i = 0; i < q; i++)
			for (size_t j = i; j < q; j++)
				Ca[i * q + j] += Cb[i * q + j] + (mb[i] - ma[i]) * (mb[j] - ma[j]) * na * nb / n;
		for (size_t i = 0; i < q; i++)
			ma[i] += (mb[i] - ma[i]) * nb / n;
		a->n[g] += b->n[g];
	}
	return GSL_SUCCESS;
}

size_t group_moments_total(const struct group_moments *m)
{
	size_t n = 0;

	for (size_t g = 0; g < m->k; g++)
		n += m->n[g];
	return n;
}

void group_moments_sscp(const struct group_moments *m, size_t g, gsl_matrix *S)
{
	size_t q = m->q;
	const double *C = m->C + g * q * q;

	for (size_t a = 0; a < q; a++)
		for (size_t b = a; b < q; b++) {
			gsl_matrix_set(S, a, b, C[a * q + b]);
			gsl_matrix_set(S, b, a, C[a * q + b]);
		}
}

void group_moments_split(const struct group_moments *m, gsl_matrix *W, gsl_matrix *B, gsl_matrix *T, double *grand)
{
	size_t q = m->q;
	double n = (double)group_moments_total(m), *gm = m->work;

	for (size_t a = 0; a < q; a++) {
		gm[a] = 0;
		for (size_t g = 0; g < m->k; g++)
			gm[a] += (double)m->n[g] * m->mean[g * q + a];
		gm[a] = n > 0 ? gm[a] / n : NAN;
		if (grand)
			grand[a] = gm[a];
	}
	for (size_t a = 0; a < q; a++)
		for (size_t b = a; b < q; b++) {
			double w = 0, bt = 0;
			for (size_t g = 0; g < m->k; g++) {
				if (m->n[g] == 0)
					continue;
				w += m->C[(g * q + a) * q + b];
				bt += (double)m->n[g] * (m->mean[g * q + a] - gm[a]) * (m->mean[g * q + b] - gm[b]);
			}
			if (W)
				gsl_matrix_set(W, a, b, w), gsl_matrix_set(W, b, a, w);
			if (B)
				gsl_matrix_set(B, a, b, bt), gsl_matrix_set(B, b, a, bt);
			if (T)
				gsl_matrix_set(T, a, b, w + bt), gsl_matrix_set(T, b, a, w + bt);
		}
}

void group_moments_summaries(const struct group_moments *m, size_t j, double level, struct group_summary *out)
{
	size_t q = m->q;

	for (size_t g = 0; g < m->k; g++)
		group_summary_from_moments(m->n[g], m->mean[g * q + j], m->C[(g * q + j) * q + j], level, &out[g]);
}
