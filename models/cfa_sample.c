#include "models/cfa_sample.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>

static int fail(struct cfa_why *why, enum cfa_problem problem, size_t group, size_t item, size_t row)
{
	why->problem = problem;
	why->group = group;
	why->item = item;
	why->row = row;
	return GSL_EDOM;
}

/* ---- Cholesky with the item at fault -------------------------------------------------------- */

/* 1 when the leading k x k block of a is numerically positive definite (relative pivots >= tol). */
static int leading_pd(const gsl_matrix *a, size_t k, double tol, gsl_matrix *work)
{
	gsl_matrix_const_view src = gsl_matrix_const_submatrix(a, 0, 0, k, k);
	gsl_matrix_view w = gsl_matrix_submatrix(work, 0, 0, k, k);

	gsl_matrix_memcpy(&w.matrix, &src.matrix);
	if (gsl_linalg_cholesky_decomp1(&w.matrix))
		return 0;
	for (size_t j = 0; j < k; j++) {
		double l = gsl_matrix_get(&w.matrix, j, j);
		if (!(l * l >= tol * gsl_matrix_get(a, j, j)))
			return 0;
	}
	return 1;
}

/* Cholesky factor of a p x p covariance matrix in place (lower triangle), with log|S| in
 * *logdet; GSL_ESING when not positive definite, with *bad the first item whose pivot, relative
 * to its variance, is below tol (a linear combination of the items before it). */
static int cfa_cholesky(gsl_matrix *a, double tol, double *logdet, size_t *bad)
{
	const size_t p = a->size1;
	gsl_matrix *copy = gsl_matrix_alloc(p, p), *work;
	int ok;

	if (!copy)
		return GSL_ENOMEM;
	gsl_matrix_memcpy(copy, a);
	ok = gsl_linalg_cholesky_decomp1(a) == GSL_SUCCESS;
	for (size_t j = 0; ok && j < p; j++) {
		double l = gsl_matrix_get(a, j, j);
		ok = l * l >= tol * gsl_matrix_get(copy, j, j);
	}
	if (ok) {
		double ld = 0;
		for (size_t j = 0; j < p; j++)
			ld += 2 * log(gsl_matrix_get(a, j, j));
		*logdet = ld;
		gsl_matrix_free(copy);
		return GSL_SUCCESS;
	}
	/* the smallest k whose leading block is singular: item k - 1 is the culprit */
	work = gsl_matrix_alloc(p, p);
	if (!work) {
		gsl_matrix_free(copy);
		return GSL_ENOMEM;
	}
	size_t lo = 0, hi = p; /* leading lo is PD, leading hi is not */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (leading_pd(copy, mid, tol, work))
			lo = mid;
		else
			hi = mid;
	}
	if (bad)
		*bad = hi - 1;
	gsl_matrix_memcpy(a, copy);
	gsl_matrix_free(work);
	gsl_matrix_free(copy);
	return GSL_ESING;
}

/* ---- patterns ------------------------------------------------------------------------------ */

/* A set of patterns keyed by the observed-item bit mask (words uint64 per key), open
 * addressing with linear probing, doubled when half full. */
struct pattern_set {
	size_t words;
	uint64_t *keys; /* n_keys x words */
	size_t n_keys, cap_keys;
	size_t *slot;   /* table of key indices, CFA_NONE empty */
	size_t n_slot;
};

static uint64_t hash_key(const uint64_t *k, size_t words)
{
	uint64_t h = 0x9e3779b97f4a7c15u;
	for (size_t w = 0; w < words; w++) {
		h ^= k[w] + 0x9e3779b97f4a7c15u + (h << 6) + (h >> 2);
		h *= 0xff51afd7ed558ccdu;
	}
	return h ^ (h >> 33);
}

static int set_grow(struct pattern_set *s)
{
	size_t n = s->n_slot ? 2 * s->n_slot : 64;
	size_t *slot = malloc(n * sizeof *slot);

	if (!slot)
		return GSL_ENOMEM;
	for (size_t i = 0; i < n; i++)
		slot[i] = CFA_NONE;
	for (size_t k = 0; k < s->n_keys; k++) {
		size_t h = hash_key(s->keys + k * s->words, s->words) & (n - 1);
		while (slot[h] != CFA_NONE)
			h = (h + 1) & (n - 1);
		slot[h] = k;
	}
	free(s->slot);
	s->slot = slot;
	s->n_slot = n;
	return 0;
}

/* The index of the key, added when new; CFA_NONE when out of memory. */
static size_t set_find(struct pattern_set *s, const uint64_t *key)
{
	if (2 * (s->n_keys + 1) > s->n_slot && set_grow(s))
		return CFA_NONE;
	size_t h = hash_key(key, s->words) & (s->n_slot - 1);
	while (s->slot[h] != CFA_NONE) {
		if (!memcmp(s->keys + s->slot[h] * s->words, key, s->words * sizeof *key))
			return s->slot[h];
		h = (h + 1) & (s->n_slot - 1);
	}
	if (s->n_keys == s->cap_keys) {
		size_t cap = s->cap_keys ? 2 * s->cap_keys : 16;
		uint64_t *k = realloc(s->keys, cap * s->words * sizeof *k);
		if (!k)
			return CFA_NONE;
		s->keys = k;
		s->cap_keys = cap;
	}
	memcpy(s->keys + s->n_keys * s->words, key, s->words * sizeof *key);
	s->slot[h] = s->n_keys;
	return s->n_keys++;
}

static void group_free(struct cfa_group_sample *g)
{
	if (g->pat)
		for (size_t k = 0; k < g->n_pat; k++) {
			free(g->pat[k].obs);
			free(g->pat[k].mean);
			free(g->pat[k].cross);
		}
	free(g->pat);
	free(g->rows);
	gsl_vector_free(g->mean);
	gsl_matrix_free(g->cov);
}

void cfa_sample_free(struct cfa_sample *s)
{
	if (!s)
		return;
	if (s->g)
		for (size_t g = 0; g < s->groups; g++)
			group_free(&s->g[g]);
	free(s->g);
	free(s);
}

/* A new pattern with the observed-item mask key: its items, and sums started at the values of
 * its first row (x), from which later rows are taken as deviations. */
static int pattern_new(struct cfa_pattern *pt, const uint64_t *key, size_t p, const double *x)
{
	memset(pt, 0, sizeof *pt);
	if (!(pt->obs = malloc(p * sizeof *pt->obs)))
		return GSL_ENOMEM;
	for (size_t i = 0; i < p; i++)
		if (key[i / 64] >> (i % 64) & 1)
			pt->obs[pt->n_obs++] = i;
	pt->mis = pt->obs + pt->n_obs;
	for (size_t i = 0; i < p; i++)
		if (!(key[i / 64] >> (i % 64) & 1))
			pt->mis[pt->n_mis++] = i;
	const size_t k = pt->n_obs;
	pt->mean = malloc(2 * k * sizeof *pt->mean); /* the shift, then the sum of deviations */
	pt->cross = calloc(k * k, sizeof *pt->cross);
	if (!pt->mean || !pt->cross)
		return GSL_ENOMEM;
	for (size_t a = 0; a < k; a++) {
		pt->mean[a] = x[pt->obs[a]];
		pt->mean[k + a] = 0;
	}
	return 0;
}

/* Adds a row: c = x_o - shift, sum += c, lower(cross) += c c'. */
static void pattern_add(struct cfa_pattern *pt, const double *x, double *restrict c)
{
	const size_t k = pt->n_obs;
	const double *shift = pt->mean;
	double *restrict sum = pt->mean + k;

	for (size_t a = 0; a < k; a++) {
		c[a] = x[pt->obs[a]] - shift[a];
		sum[a] += c[a];
	}
	for (size_t a = 0; a < k; a++) {
		double *restrict w = pt->cross + a * k;
		const double ca = c[a];
		for (size_t b = 0; b <= a; b++)
			w[b] += ca * c[b];
	}
	pt->n++;
}

/* The mean and centred cross-products from the shifted sums: W = C - n d d', d = sum / n. */
static void pattern_finish(struct cfa_pattern *pt)
{
	const size_t k = pt->n_obs;
	const double n = (double)pt->n;
	double *d = pt->mean + k;

	for (size_t a = 0; a < k; a++)
		d[a] /= n;
	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b <= a; b++) {
			double w = pt->cross[a * k + b] - n * d[a] * d[b];
			pt->cross[a * k + b] = pt->cross[b * k + a] = w;
		}
	for (size_t a = 0; a < k; a++)
		pt->mean[a] += d[a];
}

/* Groups the rows of one group (rows[0..n), in data order) by pattern in one pass over the data,
 * which it reads in order. */
static int build_patterns(const struct cfa_data *d, size_t p, const size_t *rows, size_t n, const uint64_t *keys,
			  size_t words, struct cfa_group_sample *gs)
{
	struct pattern_set set = {words, NULL, 0, 0, NULL, 0};
	size_t *id = malloc(n * sizeof *id), *count = NULL, cap = 0;
	double *c = malloc(p * sizeof *c);
	int status = GSL_ENOMEM;

	if (!id || !c)
		goto done;
	for (size_t r = 0; r < n; r++) {
		const double *x = d->x + rows[r] * d->stride;
		size_t k = set_find(&set, keys + rows[r] * words);
		if (k == CFA_NONE)
			goto done;
		if (k == gs->n_pat) {
			if (k == cap) {
				size_t nc = cap ? 2 * cap : 64;
				struct cfa_pattern *np = realloc(gs->pat, nc * sizeof *np);
				if (!np)
					goto done;
				gs->pat = np;
				cap = nc;
			}
			gs->n_pat++;
			if ((status = pattern_new(&gs->pat[k], keys + rows[r] * words, p, x)))
				goto done;
			status = GSL_ENOMEM;
		}
		id[r] = k;
		pattern_add(&gs->pat[k], x, c);
	}
	gs->rows = malloc(n * sizeof *gs->rows);
	count = calloc(gs->n_pat + 1, sizeof *count);
	if (!gs->rows || !count)
		goto done;
	for (size_t k = 0; k < gs->n_pat; k++) {
		pattern_finish(&gs->pat[k]);
		count[k + 1] = count[k] + gs->pat[k].n;
		gs->pat[k].first = count[k];
	}
	for (size_t r = 0; r < n; r++)
		gs->rows[count[id[r]]++] = rows[r];
	status = 0;
done:
	free(set.keys);
	free(set.slot);
	free(id);
	free(count);
	free(c);
	return status;
}

/* ---- the E-step ------------------------------------------------------------------------------ */

/* EC[i][j] += v into the lower triangle (i >= j) */
static inline void add_lower(double *ec, size_t tda, size_t i, size_t j, double v)
{
	if (i >= j)
		ec[i * tda + j] += v;
	else
		ec[j * tda + i] += v;
}

double cfa_estep(const struct cfa_group_sample *gs, const gsl_vector *mu, const gsl_matrix *P, double logdet,
		 gsl_matrix *EC, gsl_vector *rho, int *status)
{
	const size_t p = P->size1, tda = EC->tda, tp = P->tda;
	const double *pm = P->data;
	double *ec = EC->data, *rh = rho->data, extra = 0;
	double *T = NULL;
	size_t cap = 0;

	*status = GSL_SUCCESS;
	gsl_matrix_set_zero(EC);
	gsl_vector_set_zero(rho);
	for (size_t k = 0; k < gs->n_pat; k++) {
		const struct cfa_pattern *pt = &gs->pat[k];
		const size_t no = pt->n_obs, nm = pt->n_mis, *o = pt->obs, *m = pt->mis;
		const double n = (double)pt->n, *W = pt->cross;
		size_t need = no * no + 3 * nm * no + nm * nm + no;
		if (need > cap) {
			double *t = realloc(T, need * sizeof *t);
			if (!t) {
				*status = GSL_ENOMEM;
				break;
			}
			T = t;
			cap = need;
		}
		double *restrict BT = T + no * no, *restrict B = BT + nm * no, *restrict PMO = B + nm * no,
				 *restrict K = PMO + nm * no, *restrict d = K + nm * nm;
		for (size_t a = 0; a < no; a++) {
			d[a] = pt->mean[a] - gsl_vector_get(mu, o[a]);
			rh[o[a] * rho->stride] += n * d[a];
		}
		/* EC_oo += T = W + n d d' (lower triangle; o is ascending) */
		for (size_t a = 0; a < no; a++) {
			double *restrict row = ec + o[a] * tda, *restrict t = T + a * no;
			const double nd = n * d[a], *w = W + a * no;
			for (size_t b = 0; b < no; b++)
				t[b] = w[b] + nd * d[b];
			for (size_t b = 0; b <= a; b++)
				row[o[b]] += t[b];
		}
		if (!nm)
			continue;
		/* K = P_mm: Cholesky, log-determinant, inverse; B = -K^-1 P_mo */
		for (size_t a = 0; a < nm; a++) {
			for (size_t c = 0; c < nm; c++)
				K[a * nm + c] = pm[m[a] * tp + m[c]];
			for (size_t b = 0; b < no; b++)
				PMO[a * no + b] = pm[m[a] * tp + o[b]];
		}
		gsl_matrix_view Kv = gsl_matrix_view_array(K, nm, nm);
		if (gsl_linalg_cholesky_decomp1(&Kv.matrix)) {
			*status = GSL_ESING;
			break;
		}
		for (size_t a = 0; a < nm; a++)
			extra += n * (2 * log(K[a * nm + a]) - 1);
		gsl_linalg_cholesky_invert(&Kv.matrix);
		for (size_t a = 0; a < nm; a++) {
			double *restrict ba = B + a * no;
			for (size_t b = 0; b < no; b++)
				ba[b] = 0;
			for (size_t c = 0; c < nm; c++) {
				const double kac = -K[a * nm + c], *pc = PMO + c * no;
				for (size_t b = 0; b < no; b++)
					ba[b] += kac * pc[b];
			}
		}
		/* BT = B T; rho_m += n B d; EC_mo += BT; EC_mm += BT B' + n K^-1 */
		for (size_t a = 0; a < nm; a++) {
			double *restrict bta = BT + a * no, bd = 0;
			const double *ba = B + a * no;
			for (size_t b = 0; b < no; b++)
				bta[b] = 0;
			for (size_t c = 0; c < no; c++) {
				const double bac = ba[c], *t = T + c * no;
				bd += bac * d[c];
				for (size_t b = 0; b < no; b++)
					bta[b] += bac * t[b];
			}
			rh[m[a] * rho->stride] += n * bd;
			for (size_t b = 0; b < no; b++)
				add_lower(ec, tda, m[a], o[b], bta[b]);
			for (size_t c = 0; c <= a; c++) {
				const double *bc = B + c * no;
				double s = n * K[a * nm + c];
				for (size_t b = 0; b < no; b++)
					s += bta[b] * bc[b];
				ec[m[a] * tda + m[c]] += s;
			}
		}
	}
	free(T);
	if (*status)
		return GSL_NAN;
	/* EC from its lower triangle; D = N log|Sigma| + tr(P EC) + extra */
	double tr = 0;
	for (size_t i = 0; i < p; i++) {
		for (size_t j = 0; j < i; j++)
			ec[j * tda + i] = ec[i * tda + j];
	}
	for (size_t i = 0; i < p; i++) {
		const double *pr = pm + i * tp, *er = ec + i * tda;
		for (size_t j = 0; j < p; j++)
			tr += pr[j] * er[j];
	}
	return (double)gs->n * logdet + tr + extra;
}

/* ---- the saturated model by EM ------------------------------------------------------------- */

/* The E-step at gs's current mean and covariance: P is overwritten by Sigma^-1, the expected
 * moments go to EC and rho, and *D receives the deviance; GSL_EDOM with `why` when Sigma is not
 * positive definite. */
static int estep_at_current(struct cfa_group_sample *gs, const struct cfa_sample_options *opt, size_t group,
			    struct cfa_why *why, gsl_matrix *P, gsl_matrix *EC, gsl_vector *rho, double *D)
{
	double logdet = 0;
	size_t bad = 0;
	int status;

	gsl_matrix_memcpy(P, gs->cov);
	if ((status = cfa_cholesky(P, opt->pd_tolerance, &logdet, &bad)))
		return status == GSL_ESING ? fail(why, CFA_SAMPLE_NOT_PD, group, bad, CFA_NONE) : status;
	gsl_linalg_cholesky_invert(P);
	*D = cfa_estep(gs, gs->mean, P, logdet, EC, rho, &status);
	return status;
}

static int em_h1(struct cfa_group_sample *gs, size_t p, const struct cfa_sample_options *opt, size_t group,
		 struct cfa_why *why)
{
	gsl_matrix *P = gsl_matrix_alloc(p, p), *EC = gsl_matrix_alloc(p, p), *old = gsl_matrix_alloc(p, p);
	gsl_vector *rho = gsl_vector_alloc(p), *sum = gsl_vector_calloc(p), *sumsq = gsl_vector_calloc(p),
		   *cnt = gsl_vector_calloc(p);
	int status = GSL_ENOMEM;
	double D = 0;

	if (!P || !EC || !old || !rho || !sum || !sumsq || !cnt)
		goto done;
	/* start: observed means and variances (divisor: answers), as lavaan */
	for (size_t k = 0; k < gs->n_pat; k++) {
		const struct cfa_pattern *pt = &gs->pat[k];
		for (size_t a = 0; a < pt->n_obs; a++) {
			*gsl_vector_ptr(sum, pt->obs[a]) += pt->n * pt->mean[a];
			*gsl_vector_ptr(cnt, pt->obs[a]) += pt->n;
		}
	}
	for (size_t i = 0; i < p; i++) {
		if (gsl_vector_get(cnt, i) < 2) {
			status = fail(why, CFA_CONSTANT_ITEM, group, i, CFA_NONE);
			goto done;
		}
		gsl_vector_set(gs->mean, i, gsl_vector_get(sum, i) / gsl_vector_get(cnt, i));
	}
	for (size_t k = 0; k < gs->n_pat; k++) {
		const struct cfa_pattern *pt = &gs->pat[k];
		for (size_t a = 0; a < pt->n_obs; a++) {
			double dm = pt->mean[a] - gsl_vector_get(gs->mean, pt->obs[a]);
			*gsl_vector_ptr(sumsq, pt->obs[a]) += pt->cross[a * pt->n_obs + a] + pt->n * dm * dm;
		}
	}
	gsl_matrix_set_zero(gs->cov);
	for (size_t i = 0; i < p; i++) {
		double v = gsl_vector_get(sumsq, i) / gsl_vector_get(cnt, i);
		if (!(v > 0)) {
			status = fail(why, CFA_CONSTANT_ITEM, group, i, CFA_NONE);
			goto done;
		}
		gsl_matrix_set(gs->cov, i, i, v);
	}
	for (gs->em_iterations = 1;; gs->em_iterations++) {
		if ((status = estep_at_current(gs, opt, group, why, P, EC, rho, &D)))
			goto done;
		if (gs->em_iterations > opt->em_max_iter) {
			status = fail(why, CFA_EM_NOT_CONVERGED, group, CFA_NONE, CFA_NONE);
			goto done;
		}
		/* M-step: mu += rho / N, Sigma = EC / N - (rho / N)(rho / N)' */
		double change = 0, N = (double)gs->n;
		gsl_matrix_memcpy(old, gs->cov);
		for (size_t i = 0; i < p; i++) {
			double di = gsl_vector_get(rho, i) / N;
			change = fmax(change, fabs(di));
			*gsl_vector_ptr(gs->mean, i) += di;
			for (size_t j = 0; j < p; j++)
				gsl_matrix_set(gs->cov, i, j,
					       gsl_matrix_get(EC, i, j) / N - di * gsl_vector_get(rho, j) / N);
		}
		for (size_t i = 0; i < p; i++)
			for (size_t j = 0; j <= i; j++) {
				double s = 0.5 * (gsl_matrix_get(gs->cov, i, j) + gsl_matrix_get(gs->cov, j, i));
				gsl_matrix_set(gs->cov, i, j, s);
				gsl_matrix_set(gs->cov, j, i, s);
				change = fmax(change, fabs(s - gsl_matrix_get(old, i, j)));
			}
		if (change < opt->em_tolerance)
			break;
	}
	/* the log-likelihood at the final estimate */
	if ((status = estep_at_current(gs, opt, group, why, P, EC, rho, &D)))
		goto done;
	gs->logl_h1 = -0.5 * (D + gs->log2pi_terms);
done:
	gsl_matrix_free(P);
	gsl_matrix_free(EC);
	gsl_matrix_free(old);
	gsl_vector_free(rho);
	gsl_vector_free(sum);
	gsl_vector_free(sumsq);
	gsl_vector_free(cnt);
	return status;
}

/* Complete data: the one pattern's mean and cross-products are the sample moments. */
static int complete_h1(struct cfa_group_sample *gs, size_t p, const struct cfa_sample_options *opt, size_t group,
		       struct cfa_why *why)
{
	const struct cfa_pattern *pt = &gs->pat[0];
	const double N = (double)gs->n;
	double logdet;
	size_t bad = 0;
	int status;

	for (size_t i = 0; i < p; i++) {
		gsl_vector_set(gs->mean, i, pt->mean[i]);
		for (size_t j = 0; j < p; j++)
			gsl_matrix_set(gs->cov, i, j, pt->cross[i * p + j] / N);
	}
	for (size_t i = 0; i < p; i++) {
		double v = gsl_matrix_get(gs->cov, i, i), m = gsl_vector_get(gs->mean, i);
		if (!(v > 0) || sqrt(v) <= 1e-12 * fabs(m))
			return fail(why, CFA_CONSTANT_ITEM, group, i, CFA_NONE);
	}
	gsl_matrix *L = gsl_matrix_alloc(p, p);
	if (!L)
		return GSL_ENOMEM;
	gsl_matrix_memcpy(L, gs->cov);
	status = cfa_cholesky(L, opt->pd_tolerance, &logdet, &bad);
	gsl_matrix_free(L);
	if (status == GSL_ESING)
		return fail(why, CFA_SAMPLE_NOT_PD, group, bad, CFA_NONE);
	if (status)
		return status;
	gs->logl_h1 = -0.5 * (gs->log2pi_terms + N * (logdet + (double)p));
	return 0;
}

int cfa_sample_build(const struct cfa_data *data, size_t p, size_t groups, const struct cfa_sample_options *opt,
		     struct cfa_sample **out, struct cfa_why *why)
{
	const size_t words = (p + 63) / 64;
	struct cfa_sample *s = calloc(1, sizeof *s);
	uint64_t *keys = NULL;
	size_t *rows = NULL, *count = NULL;
	unsigned char *used = NULL;
	int status = GSL_ENOMEM;

	*out = NULL;
	if (!s)
		return status;
	s->p = p;
	s->groups = groups;
	s->fiml = opt->fiml;
	if (data->p != p || data->stride < p || (data->group ? data->groups : 1) != groups || !groups || !p) {
		status = fail(why, CFA_BAD_DATA, CFA_NONE, CFA_NONE, CFA_NONE);
		goto done;
	}
	s->g = calloc(groups, sizeof *s->g);
	keys = calloc(data->n ? data->n * words : 1, sizeof *keys);
	rows = malloc((data->n ? data->n : 1) * sizeof *rows);
	count = calloc(groups + 1, sizeof *count);
	used = calloc(data->n ? data->n : 1, 1);
	if (!s->g || !keys || !rows || !count || !used)
		goto done;
	/* the observed-item mask of each row; rows left out are counted */
	for (size_t r = 0; r < data->n; r++) {
		const double *x = data->x + r * data->stride;
		size_t g = data->group ? data->group[r] : 0, answered = 0;
		uint64_t *key = keys + r * words;
		if (g == CFA_NONE) {
			s->dropped_group++;
			continue;
		}
		if (g >= groups) {
			status = fail(why, CFA_BAD_DATA, g, CFA_NONE, r);
			goto done;
		}
		for (size_t i = 0; i < p; i++) {
			if (isnan(x[i]))
				continue;
			if (!isfinite(x[i])) {
				status = fail(why, CFA_NOT_FINITE, g, i, r);
				goto done;
			}
			key[i / 64] |= (uint64_t)1 << (i % 64);
			answered++;
		}
		if (!opt->fiml && answered < p)
			s->dropped_incomplete++;
		else if (!answered)
			s->dropped_empty++;
		else {
			count[g + 1]++;
			used[r] = 1;
		}
	}
	for (size_t g = 0; g < groups; g++)
		count[g + 1] += count[g];
	/* rows of each group, in order */
	{
		size_t *next = malloc(groups * sizeof *next);
		if (!next)
			goto done;
		memcpy(next, count, groups * sizeof *next);
		for (size_t r = 0; r < data->n; r++)
			if (used[r])
				rows[next[data->group ? data->group[r] : 0]++] = r;
		free(next);
	}
	for (size_t g = 0; g < groups; g++) {
		struct cfa_group_sample *gs = &s->g[g];
		gs->n = count[g + 1] - count[g];
		s->n += gs->n;
		if (gs->n < 2) {
			status = fail(why, CFA_EMPTY_GROUP, g, CFA_NONE, CFA_NONE);
			goto done;
		}
		gs->mean = gsl_vector_alloc(p);
		gs->cov = gsl_matrix_alloc(p, p);
		if (!gs->mean || !gs->cov)
			goto done;
		if ((status = build_patterns(data, p, rows + count[g], gs->n, keys, words, gs)))
			goto done;
		for (size_t k = 0; k < gs->n_pat; k++)
			gs->log2pi_terms += (double)gs->pat[k].n * (double)gs->pat[k].n_obs * log(2 * M_PI);
		status = opt->fiml ? em_h1(gs, p, opt, g, why) : complete_h1(gs, p, opt, g, why);
		if (status)
			goto done;
	}
	*out = s;
	s = NULL;
	status = 0;
done:
	cfa_sample_free(s);
	free(keys);
	free(rows);
	free(count);
	free(used);
	return status;
}

struct cfa_sample *cfa_sample_moments(const struct cfa_sample *src)
{
	const size_t p = src->p;
	struct cfa_sample *s = calloc(1, sizeof *s);

	if (!s)
		return NULL;
	s->p = p;
	s->groups = src->groups;
	s->n = src->n;
	if (!(s->g = calloc(src->groups, sizeof *s->g)))
		goto fail;
	for (size_t g = 0; g < src->groups; g++) {
		const struct cfa_group_sample *from = &src->g[g];
		struct cfa_group_sample *gs = &s->g[g];
		struct cfa_pattern *pt;
		gs->n = from->n;
		gs->n_pat = 1;
		gs->log2pi_terms = (double)from->n * (double)p * log(2 * M_PI);
		gs->mean = gsl_vector_alloc(p);
		gs->cov = gsl_matrix_alloc(p, p);
		gs->pat = pt = calloc(1, sizeof *pt);
		if (!gs->mean || !gs->cov || !pt)
			goto fail;
		gsl_vector_memcpy(gs->mean, from->mean);
		gsl_matrix_memcpy(gs->cov, from->cov);
		pt->n = from->n;
		pt->n_obs = p;
		pt->obs = malloc(p * sizeof *pt->obs);
		pt->mean = malloc(p * sizeof *pt->mean);
		pt->cross = malloc(p * p * sizeof *pt->cross);
		if (!pt->obs || !pt->mean || !pt->cross)
			goto fail;
		pt->mis = pt->obs + p;
		for (size_t i = 0; i < p; i++) {
			pt->obs[i] = i;
			pt->mean[i] = gsl_vector_get(from->mean, i);
			for (size_t j = 0; j < p; j++)
				pt->cross[i * p + j] = (double)from->n * gsl_matrix_get(from->cov, i, j);
		}
		/* the saturated log-likelihood of these moments as complete data */
		double logdet;
		gsl_matrix *L = gsl_matrix_alloc(p, p);
		if (!L)
			goto fail;
		gsl_matrix_memcpy(L, gs->cov);
		int status = gsl_linalg_cholesky_decomp1(L);
		logdet = 0;
		for (size_t i = 0; i < p; i++)
			logdet += 2 * log(gsl_matrix_get(L, i, i));
		gsl_matrix_free(L);
		if (status)
			goto fail;
		gs->logl_h1 = -0.5 * (gs->log2pi_terms + (double)gs->n * (logdet + (double)p));
	}
	return s;
fail:
	cfa_sample_free(s);
	return NULL;
}
