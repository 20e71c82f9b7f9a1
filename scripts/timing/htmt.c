/* Times models/htmt: the ratios and a 5,000-resample percentile bootstrap of them for 23 items
 * of 5 constructs (5, 5, 5, 4, 4 items, as the bundled wave) at n = 600, on answers 1..7
 * simulated from one factor per construct (factor correlations 0.3). Prints the best wall-clock
 * time of RUNS runs at 1 and 2 threads and one per core, with that run's CPU time (steadier on a
 * shared machine). Built and run by scripts/time-htmt; not a
 * test (the time depends on the machine and its load). */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/htmt.h"

#define N 600
#define P 23
#define K 5
#define REPS 5000
#define RUNS 5

static double seconds(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(void)
{
	static const size_t sizes[K] = {5, 5, 5, 4, 4};
	size_t construct[P], threads[] = {1, 2, 0}, replaced;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_matrix *x = gsl_matrix_alloc(N, P), *draws = gsl_matrix_alloc(REPS, 2 * htmt_n_pairs(K));
	struct htmt *h = htmt_alloc(P, K);
	struct htmt_spec s = {P, K, construct, 1};

	gsl_set_error_handler_off();
	for (size_t c = 0, j = 0; c < K; c++)
		for (size_t i = 0; i < sizes[c]; i++)
			construct[j++] = c;
	gsl_rng_set(rng, 2026);
	for (size_t i = 0; i < N; i++) {
		double common = gsl_ran_gaussian(rng, 1), f[K];
		for (size_t c = 0; c < K; c++)
			f[c] = 0.55 * common + 0.84 * gsl_ran_gaussian(rng, 1);
		for (size_t j = 0; j < P; j++) {
			double v = 4 + 1.2 * f[construct[j]] + gsl_ran_gaussian(rng, 1);
			v = v < 1 ? 1 : v > 7 ? 7 : v;
			gsl_matrix_set(x, i, j, (double)(long)(v + 0.5));
		}
	}
	printf("htmt: n = %d, %d items, %d constructs, %d resamples (best of %d runs)\n", N, P, K, REPS, RUNS);
	for (size_t t = 0; t < sizeof threads / sizeof threads[0]; t++) {
		double best = 1e300, cpu = 0;
		for (int run = 0; run < RUNS; run++) {
			double t0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID), t1;
			if (htmt_compute(h, x, &s) || htmt_bootstrap(x, &s, REPS, 1, threads[t], draws, &replaced)) {
				fprintf(stderr, "time-htmt: the bootstrap failed\n");
				return 1;
			}
			t1 = seconds(CLOCK_MONOTONIC) - t0;
			if (t1 < best) {
				best = t1;
				cpu = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
			}
		}
		if (threads[t])
			printf("  %zu thread%s  %.3f s  (%.3f s CPU)\n", threads[t], threads[t] > 1 ? "s" : " ", best, cpu);
		else
			printf("  all cores  %.3f s  (%.3f s CPU)\n", best, cpu);
	}
	htmt_free(h);
	gsl_matrix_free(x);
	gsl_matrix_free(draws);
	gsl_rng_free(rng);
	return 0;
}
