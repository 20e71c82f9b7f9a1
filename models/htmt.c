#include "models/htmt.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "models/bootstrap.h"
#include "models/crossprod.h"
#include "models/ols.h"

struct htmt *htmt_alloc(size_t p, size_t k)
{
	struct htmt *h = calloc(1, sizeof *h);

	if (!h)
		return NULL;
	h->p = p;
	h->k = k;
	h->r = gsl_matrix_alloc(p ? p : 1, p ? p : 1);
	h->ratio = gsl_matrix_alloc(k ? k : 1, k ? k : 1);
	h->ratio2 = gsl_matrix_alloc(k ? k : 1, k ? k : 1);
	h->mono = gsl_vector_alloc(k ? k : 1);
	h->mono2 = gsl_vector_alloc(k ? k : 1);
	if (!h->r || !h->ratio || !h->ratio2 || !h->mono || !h->mono2) {
		htmt_free(h);
		return NULL;
	}
	return h;
}

void htmt_free(struct htmt *h)
{
	if (!h)
		return;
	gsl_matrix_free(h->r);
	gsl_matrix_free(h->ratio);
	gsl_matrix_free(h->ratio2);
	gsl_vector_free(h->mono);
	gsl_vector_free(h->mono2);
	free(h);
}

size_t htmt_n_pairs(size_t k)
{
	return k * (k - (k > 0)) / 2;
}

static size_t pair_index(size_t k, size_t a, size_t b)
{
	return a * k - a * (a + 1) / 2 + (b - a - 1);
}

void htmt_pair(size_t k, size_t index, size_t *a, size_t *b)
{
	size_t i = 0;

	while (index >= k - 1 - i) {
		index -= k - 1 - i;
		i++;
	}
	*a = i;
	*b = i + 1 + index;
}

/* Where each item pair's correlation goes: block c < k is construct c's monotrait block, block
 * k + pair_index(i, j) the heterotrait block of constructs i < j. */
struct plan {
	size_t p, k, nblocks;
	int absolute;
	size_t *block;     /* p(p - 1)/2 item pairs a < b, row by row */
	double *count;     /* nblocks */
	double *sum, *lsum; /* nblocks scratch (per thread when copied into a workspace) */
};

static void plan_free(struct plan *pl)
{
	free(pl->block);
	free(pl->count);
	free(pl->sum);
	free(pl->lsum);
}

/* GSL_EINVAL with *why and *bad set for a spec that names a construct out of range or leaves one with a
 * single item. */
static int plan_init(struct plan *pl, const struct htmt_spec *s, enum htmt_problem *why, size_t *bad)
{
	size_t p = s->p, k = s->k, c = 0;

	*pl = (struct plan){p, k, k + htmt_n_pairs(k), s->absolute, NULL, NULL, NULL, NULL};
	for (size_t a = 0; a < p; a++)
		if (s->construct[a] >= k) {
			*why = HTMT_BAD_CONSTRUCT;
			*bad = a;
			return GSL_EINVAL;
		}
	pl->block = malloc((p * (p - 1) / 2 + 1) * sizeof *pl->block);
	pl->count = calloc(pl->nblocks, sizeof *pl->count);
	pl->sum = malloc(pl->nblocks * sizeof *pl->sum);
	pl->lsum = malloc(pl->nblocks * sizeof *pl->lsum);
	if (!pl->block || !pl->count || !pl->sum || !pl->lsum) {
		plan_free(pl);
		return GSL_ENOMEM;
	}
	for (size_t a = 0; a < p; a++)
		for (size_t b = a + 1; b < p; b++) {
			size_t i = s->construct[a], j = s->construct[b];
			size_t blk = i == j ? i : k + (i < j ? pair_index(k, i, j) : pair_index(k, j, i));
			pl->block[c++] = blk;
			pl->count[blk]++;
		}
	for (size_t i = 0; i < k; i++)
		if (pl->count[i] == 0) {
			*why = HTMT_ONE_ITEM;
			*bad = i;
			plan_free(pl);
			return GSL_EINVAL;
		}
	return GSL_SUCCESS;
}

/* Both ratios of every pair from the correlations above the diagonal of r (row stride tda):
 * ratio[P], ratio2[P], mono[k], mono2[k], with sum/lsum as scratch. GSL_EDOM with *bad the
 * construct whose monotrait mean is not positive. */
static int ratios(const struct plan *pl, double *sum, double *lsum, const double *r, size_t tda, double *mono,
		  double *mono2, double *ratio, double *ratio2, size_t *bad)
{
	size_t k = pl->k, c = 0;

	for (size_t b = 0; b < pl->nblocks; b++)
		sum[b] = lsum[b] = 0;
	for (size_t a = 0; a < pl->p; a++) {
		const double *row = r + a * tda;
		for (size_t b = a + 1; b < pl->p; b++) {
			double v = row[b], av = fabs(v);
			size_t blk = pl->block[c++];
			sum[blk] += pl->absolute ? av : v;
			lsum[blk] += log(av);
		}
	}
	for (size_t i = 0; i < k; i++) {
		mono[i] = sum[i] / pl->count[i];
		mono2[i] = exp(lsum[i] / pl->count[i]);
		if (!(mono[i] > 0) || !(mono2[i] > 0)) {
			*bad = i;
			return GSL_EDOM;
		}
	}
	for (size_t i = 0, q = 0; i < k; i++)
		for (size_t j = i + 1; j < k; j++, q++) {
			size_t blk = k + q;
			ratio[q] = sum[blk] / pl->count[blk] / sqrt(mono[i] * mono[j]);
			ratio2[q] = exp(lsum[blk] / pl->count[blk]) / sqrt(mono2[i] * mono2[j]);
		}
	return GSL_SUCCESS;
}

static int fail(struct htmt *h, enum htmt_problem why, size_t bad, int status)
{
	h->problem = why;
	h->bad = bad;
	return status;
}

/* Ratios from a correlation matrix (p x p). */
static int htmt_from_cor(struct htmt *h, const gsl_matrix *r, const struct htmt_spec *s)
{
	size_t k = s->k, P = htmt_n_pairs(k), bad = 0;
	struct plan pl;
	double *ratio, *ratio2;
	int status;

	h->problem = HTMT_OK;
	h->bad = h->bad_row = 0;
	if (s->p != h->p || k != h->k || r->size1 != s->p || r->size2 != s->p || k == 0)
		return GSL_EBADLEN;
	if (r != h->r)
		gsl_matrix_memcpy(h->r, r);
	status = plan_init(&pl, s, &h->problem, &h->bad);
	if (status)
		return status;
	ratio = malloc((2 * P + 1) * sizeof *ratio);
	if (!ratio) {
		plan_free(&pl);
		return GSL_ENOMEM;
	}
	ratio2 = ratio + P;
	status = ratios(&pl, pl.sum, pl.lsum, r->data, r->tda, h->mono->data, h->mono2->data, ratio, ratio2, &bad);
	if (status) {
		fail(h, HTMT_MONOTRAIT, bad, status);
	} else {
		gsl_matrix_set_identity(h->ratio);
		gsl_matrix_set_identity(h->ratio2);
		for (size_t q = 0; q < P; q++) {
			size_t a, b;
			htmt_pair(k, q, &a, &b);
			gsl_matrix_set(h->ratio, a, b, ratio[q]);
			gsl_matrix_set(h->ratio, b, a, ratio[q]);
			gsl_matrix_set(h->ratio2, a, b, ratio2[q]);
			gsl_matrix_set(h->ratio2, b, a, ratio2[q]);
		}
	}
	free(ratio);
	plan_free(&pl);
	return status;
}

/* Correlations from the centred cross-products of the last accumulation into r (p x p, upper
 * triangle and diagonal); *bad the first item without variance. */
static int cor_from_cross(const struct crossprod *cp, double *inv, double *r, size_t tda, size_t *bad)
{
	size_t p = cp->q;

	for (size_t a = 0; a < p; a++) {
		double v = gsl_matrix_get(cp->C, a, a);
		if (!(v > 0) || sqrt(v / cp->n) <= OLS_CONSTANT_TOLERANCE * fabs(cp->mean[a])) {
			*bad = a;
			return GSL_EDOM;
		}
		inv[a] = 1 / sqrt(v);
	}
	for (size_t a = 0; a < p; a++) {
		const double *C = gsl_matrix_const_ptr(cp->C, a, 0);
		double *row = r + a * tda;
		row[a] = 1;
		for (size_t b = a + 1; b < p; b++)
			row[b] = fmax(-1, fmin(1, C[b] * inv[a] * inv[b]));
	}
	return GSL_SUCCESS;
}

/* Rejects data the ratios cannot use: fewer than 3 cases, a value not finite. */
static int check_data(struct htmt *h, const gsl_matrix *data, const struct htmt_spec *s)
{
	if (data->size2 != s->p)
		return GSL_EBADLEN;
	if (data->size1 < 3)
		return fail(h, HTMT_TOO_FEW_CASES, 0, GSL_EDOM);
	for (size_t i = 0; i < data->size1; i++)
		for (size_t a = 0; a < s->p; a++)
			if (!isfinite(gsl_matrix_get(data, i, a))) {
				h->bad_row = i;
				return fail(h, HTMT_NOT_FINITE, a, GSL_EDOM);
			}
	return GSL_SUCCESS;
}

int htmt_compute(struct htmt *h, const gsl_matrix *data, const struct htmt_spec *s)
{
	struct crossprod_data *cpd;
	struct crossprod *cp;
	double *inv;
	size_t bad = 0;
	int status;

	h->problem = HTMT_OK;
	h->bad = h->bad_row = 0;
	if (s->p != h->p || s->k != h->k)
		return GSL_EBADLEN;
	status = check_data(h, data, s);
	if (status)
		return status;
	cpd = crossprod_data_alloc(data);
	cp = crossprod_alloc(s->p, data->size1);
	inv = malloc(s->p * sizeof *inv);
	status = GSL_ENOMEM;
	if (cpd && cp && inv) {
		crossprod_accumulate(cp, cpd, NULL);
		status = cor_from_cross(cp, inv, h->r->data, h->r->tda, &bad);
		if (status) {
			fail(h, HTMT_CONSTANT_ITEM, bad, status);
		} else {
			for (size_t a = 0; a < s->p; a++)
				for (size_t b = a + 1; b < s->p; b++)
					gsl_matrix_set(h->r, b, a, gsl_matrix_get(h->r, a, b));
			status = htmt_from_cor(h, h->r, s);
		}
	}
	free(inv);
	crossprod_free(cp);
	crossprod_data_free(cpd);
	return status;
}

/* bootstrap: one cross-product pass per resample, then the ratios */
struct boot_arg {
	struct plan pl;
	struct crossprod_data *cpd;
	size_t n;
};

/* the workspace: models/crossprod's, its scratch the correlations (p x p), the items' 1 / SD
 * (p), the block sums and their logarithms (nblocks each) and two monotrait means (k each) */
static void *ws_alloc(const void *arg)
{
	const struct boot_arg *a = arg;
	size_t p = a->pl.p;

	return crossprod_ws_alloc(p, a->n, p * p + p + 2 * a->pl.nblocks + 2 * a->pl.k);
}

static int boot_stat(const unsigned *counts, double *out, void *ws, const void *arg)
{
	const struct boot_arg *a = arg;
	struct crossprod_ws *w = ws;
	size_t p = a->pl.p, P = htmt_n_pairs(a->pl.k), bad;
	double *r = w->scratch, *inv = r + p * p, *sum = inv + p, *lsum = sum + a->pl.nblocks;
	double *mono = lsum + a->pl.nblocks, *mono2 = mono + a->pl.k;
	int status;

	crossprod_accumulate(w->cp, a->cpd, counts);
	status = cor_from_cross(w->cp, inv, r, p, &bad);
	if (status)
		return status;
	return ratios(&a->pl, sum, lsum, r, p, mono, mono2, out, out + P, &bad);
}

int htmt_bootstrap(const gsl_matrix *data, const struct htmt_spec *s, size_t reps, unsigned long seed,
		   size_t threads, gsl_matrix *draws, size_t *replaced)
{
	struct boot_arg a = {.n = data->size1};
	struct boot_spec spec = {data->size1, 2 * htmt_n_pairs(s->k), reps, seed, threads, boot_stat, ws_alloc,
				 crossprod_ws_free, &a};
	struct htmt check = {.p = s->p, .k = s->k};
	enum htmt_problem why;
	size_t bad;
	int status;

	*replaced = 0;
	if (draws->size1 != reps || draws->size2 != spec.n_stats)
		return GSL_EBADLEN;
	status = check_data(&check, data, s);
	if (status)
		return status;
	status = plan_init(&a.pl, s, &why, &bad);
	if (status)
		return status;
	a.cpd = crossprod_data_alloc(data);
	status = a.cpd ? bootstrap_run(&spec, draws, replaced) : GSL_ENOMEM;
	crossprod_data_free(a.cpd);
	plan_free(&a.pl);
	return status;
}

int htmt_intervals(const struct htmt *h, const gsl_matrix *draws, double level, struct htmt_interval *out)
{
	size_t k = h->k, P = htmt_n_pairs(k), B = draws->size1;
	double *work;

	if (draws->size2 != 2 * P)
		return GSL_EBADLEN;
	work = malloc((B ? B : 1) * sizeof *work);
	if (!work)
		return GSL_ENOMEM;
	for (size_t c = 0; c < 2 * P; c++) {
		struct htmt_interval *o = &out[c];
		struct boot_ci ci;
		int status;
		htmt_pair(k, c % P, &o->a, &o->b);
		o->est = gsl_matrix_get(c < P ? h->ratio : h->ratio2, o->a, o->b);
		status = bootstrap_ci(draws, c, o->est, level, work, &ci);
		if (status) {
			free(work);
			return status;
		}
		o->se = ci.se;
		o->llci = ci.llci;
		o->ulci = ci.ulci;
		o->above_strict = o->est > HTMT_THRESHOLD_STRICT;
		o->above_lenient = o->est > HTMT_THRESHOLD_LENIENT;
		o->supported_strict = o->ulci < HTMT_THRESHOLD_STRICT;
		o->supported_lenient = o->ulci < HTMT_THRESHOLD_LENIENT;
	}
	free(work);
	return GSL_SUCCESS;
}
