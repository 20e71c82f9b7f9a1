/* Nonparametric case bootstrap, run in parallel threads, and its confidence intervals.
 *
 * Resampling: resample r (0-based) draws n cases with replacement from its own random stream,
 * gsl_rng_taus2 seeded with fmix32(h(seed) + r * 0x9E3779B9) (fmix32 the MurmurHash3 finaliser,
 * h the low half of its 64-bit version applied to the seed). The map is one-to-one in r, so every
 * resample of a run has a distinct stream, and a resample's cases depend only on the seed and r:
 * the draws are identical whatever the number of threads. A resample on which the statistic
 * cannot be computed (a singular design) is replaced by drawing again from the same stream, as
 * PROCESS does; the number of replacements is reported.
 *
 * Intervals (Hayes 2022, Appendix A; PROCESS's positions, 1-based in the sorted draws):
 *   percentile: lower = round(B a), upper = floor(B (1 - a)) + 1 with a = (1 - level) / 2;
 *   bias-corrected (Efron 1987): z0 = Phi^-1(share of draws below the estimate),
 *     lower = round(B Phi(2 z0 + z_a)), upper = floor(B Phi(2 z0 + z_{1-a})) + 1;
 * positions are clamped to 1..B. B a within BOOT_POSITION_SNAP of an integer counts as that
 * integer, so 0.95 x 5000 gives positions 125 and 4876 despite rounding. The bootstrap SE is
 * the standard deviation of the draws. */
#ifndef SURVEYKIT_MODELS_BOOTSTRAP_H
#define SURVEYKIT_MODELS_BOOTSTRAP_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#define BOOT_DEFAULT_REPS 5000
#define BOOT_MAX_REDRAWS 100
#define BOOT_POSITION_SNAP 1e-9

/* The statistic of one resample given as case counts (n values summing to n): writes n_stats
 * values to out. A non-zero return has the resample drawn again. */
typedef int (*boot_stat_fn)(const unsigned *counts, double *out, void *ws, const void *arg);
/* Per-thread workspace for the statistic (may be NULL functions when none is needed). */
typedef void *(*boot_ws_alloc_fn)(const void *arg);
typedef void (*boot_ws_free_fn)(void *ws);

struct boot_spec {
	size_t n;          /* cases */
	size_t n_stats;
	size_t reps;
	unsigned long seed;
	size_t threads;    /* 0: one per online processor */
	boot_stat_fn stat;
	boot_ws_alloc_fn ws_alloc;
	boot_ws_free_fn ws_free;
	const void *arg;
};

/* Fills draws (reps x n_stats); *replaced counts redrawn resamples. GSL_EMAXITER when a
 * resample failed BOOT_MAX_REDRAWS times in a row, GSL_ENOMEM, GSL_EFAILED if a thread could
 * not be started. */
int bootstrap_run(const struct boot_spec *s, gsl_matrix *draws, size_t *replaced);

/* The seed of resample r's stream (exposed for tests and for documenting a run). */
unsigned long bootstrap_stream_seed(unsigned long seed, size_t r);

struct boot_ci {
	double se;
	double llci, ulci;       /* percentile */
	double bc_llci, bc_ulci; /* bias-corrected; NaN when every draw is on one side of the estimate */
};

/* Intervals from column `col` of draws; `work` holds reps doubles. */
int bootstrap_ci(const gsl_matrix *draws, size_t col, double estimate, double level, double *work,
		 struct boot_ci *out);

#endif
