#include "models/bootstrap.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort.h>

/* MurmurHash3 finalisers (Appleby 2011): bijective avalanche mixes. */
static uint32_t fmix32(uint32_t h)
{
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h;
}

static uint64_t fmix64(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ull;
	k ^= k >> 33;
	return k;
}

unsigned long bootstrap_stream_seed(unsigned long seed, size_t r)
{
	uint32_t base = (uint32_t)fmix64((uint64_t)seed);

	return fmix32(base + (uint32_t)r * 0x9E3779B9u);
}

struct worker {
	const struct boot_spec *s;
	gsl_matrix *draws;
	size_t first, step;
	size_t replaced;
	int status;
};

static void *work(void *p)
{
	struct worker *w = p;
	const struct boot_spec *s = w->s;
	unsigned *counts = malloc(s->n * sizeof *counts);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
	void *ws = s->ws_alloc ? s->ws_alloc(s->arg) : NULL;

	w->status = GSL_SUCCESS;
	if (!counts || !rng || (s->ws_alloc && !ws)) {
		w->status = GSL_ENOMEM;
		goto done;
	}
	for (size_t r = w->first; r < s->reps; r += w->step) {
		size_t tries = 0;
		gsl_rng_set(rng, bootstrap_stream_seed(s->seed, r));
		for (;;) {
			memset(counts, 0, s->n * sizeof *counts);
			for (size_t i = 0; i < s->n; i++)
				counts[gsl_rng_uniform_int(rng, s->n)]++;
			if (s->stat(counts, gsl_matrix_ptr(w->draws, r, 0), ws, s->arg) == GSL_SUCCESS)
				break;
			if (++tries == BOOT_MAX_REDRAWS) {
				w->status = GSL_EMAXITER;
				goto done;
			}
			w->replaced++;
		}
	}
done:
	if (s->ws_free)
		s->ws_free(ws);
	gsl_rng_free(rng);
	free(counts);
	return NULL;
}

int bootstrap_run(const struct boot_spec *s, gsl_matrix *draws, size_t *replaced)
{
	size_t T = s->threads;
	struct worker *w;
	pthread_t *tid;
	int status = GSL_SUCCESS;

	*replaced = 0;
	if (draws->size1 != s->reps || draws->size2 != s->n_stats)
		return GSL_EBADLEN;
	if (s->n == 0 || s->reps == 0)
		return GSL_EINVAL;
	if (T == 0) {
		long c = sysconf(_SC_NPROCESSORS_ONLN);
		T = c > 0 ? (size_t)c : 1;
	}
	if (T > s->reps)
		T = s->reps;
	w = calloc(T, sizeof *w);
	tid = calloc(T, sizeof *tid);
	if (!w || !tid) {
		free(w);
		free(tid);
		return GSL_ENOMEM;
	}
	for (size_t t = 0; t < T; t++) {
		w[t] = (struct worker){s, draws, t, T, 0, GSL_SUCCESS};
		if (t > 0 && pthread_create(&tid[t], NULL, work, &w[t]) != 0) {
			/* run what could not be started in this thread instead */
			w[t].status = GSL_EFAILED;
		}
	}
	work(&w[0]);
	for (size_t t = 1; t < T; t++) {
		if (w[t].status == GSL_EFAILED) {
			w[t].status = GSL_SUCCESS;
			w[t].replaced = 0;
			work(&w[t]);
		} else {
			pthread_join(tid[t], NULL);
		}
	}
	for (size_t t = 0; t < T; t++) {
		*replaced += w[t].replaced;
		if (w[t].status && !status)
			status = w[t].status;
	}
	free(w);
	free(tid);
	return status;
}

/* 1-based position x clamped to 1..B, as a 0-based index. */
static size_t position(double x, size_t B)
{
	if (!(x >= 1))
		return 0;
	if (x >= (double)B)
		return B - 1;
	return (size_t)x - 1;
}

static double snap(double x)
{
	double r = round(x);
	return fabs(x - r) < BOOT_POSITION_SNAP * fmax(1, fabs(x)) ? r : x;
}

int bootstrap_ci(const gsl_matrix *draws, size_t col, double estimate, double level, double *work,
		 struct boot_ci *out)
{
	size_t B = draws->size1, below = 0;
	double a = (1 - level) / 2, sum = 0, ss = 0, mean, z0, za;

	if (B < 2 || col >= draws->size2 || !(level > 0 && level < 1))
		return GSL_EINVAL;
	for (size_t r = 0; r < B; r++) {
		double v = gsl_matrix_get(draws, r, col);
		work[r] = v;
		sum += v;
		below += v < estimate;
	}
	mean = sum / (double)B;
	for (size_t r = 0; r < B; r++)
		ss += (work[r] - mean) * (work[r] - mean);
	out->se = sqrt(ss / (double)(B - 1));
	gsl_sort(work, 1, B);
	out->llci = work[position(round(snap((double)B * a)), B)];
	out->ulci = work[position(floor(snap((double)B * (1 - a))) + 1, B)];
	if (below == 0 || below == B) {
		out->bc_llci = out->bc_ulci = NAN;
		return GSL_SUCCESS;
	}
	z0 = gsl_cdf_ugaussian_Pinv((double)below / (double)B);
	za = gsl_cdf_ugaussian_Pinv(a);
	out->bc_llci = work[position(round(snap((double)B * gsl_cdf_ugaussian_P(2 * z0 + za))), B)];
	out->bc_ulci = work[position(floor(snap((double)B * gsl_cdf_ugaussian_P(2 * z0 - za))) + 1, B)];
	return GSL_SUCCESS;
}
