/* Timing of the PROCESS engine's bootstrap (models/process_boot.h), built and run by
 * scripts/bench-process: model 58 (W moderating both X -> M and M -> Y) on n = 1,000 simulated
 * cases, the conditional indirect effects at W's 16th, 50th and 84th percentiles (what PROCESS
 * reports for model 58) from 5,000 resamples on every core; the fastest of RUNS runs, elapsed and
 * CPU seconds. Writes the data to the CSV named by its argument so R can run the same job. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/bootstrap.h"
#include "models/process_boot.h"

#define N 1000
#define REPS 5000
#define RUNS 7

static double seconds(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv)
{
	static double x[N], w[N], m[N], y[N];
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_taus2);
	struct proc_model model;
	enum proc_model_problem why;
	struct proc_data d = {.n = N, .x = {x, NULL, 0, 0}, .w = {w, NULL, 0, 0}, .m = {m}, .y = y};
	struct proc_fit *f;
	struct proc_stat st[3];
	double probes[3], best = 1e9, best_cpu = 1e9, work[REPS];
	size_t np, replaced;
	int clamped;
	gsl_matrix *draws = gsl_matrix_alloc(REPS, 3);
	FILE *out = argc > 1 ? fopen(argv[1], "w") : NULL;

	gsl_set_error_handler_off();
	gsl_rng_set(rng, 58);
	for (size_t i = 0; i < N; i++) {
		x[i] = gsl_ran_gaussian(rng, 1);
		w[i] = 1 + 6 * gsl_rng_uniform(rng);
		m[i] = 0.5 * x[i] + 0.2 * w[i] + 0.1 * x[i] * w[i] + gsl_ran_gaussian(rng, 1);
		y[i] = 0.3 * x[i] + 0.4 * m[i] + 0.1 * m[i] * w[i] + gsl_ran_gaussian(rng, 1);
	}
	if (out) {
		fprintf(out, "x,w,m,y\n");
		for (size_t i = 0; i < N; i++)
			fprintf(out, "%.17g,%.17g,%.17g,%.17g\n", x[i], w[i], m[i], y[i]);
		if (fclose(out)) {
			fprintf(stderr, "bench-process: cannot write '%s'\n", argv[1]);
			return 4;
		}
	}
	ols_options_init(&d.ols);
	if (proc_model_init(&model, 58, 1, 0, NULL, &why) || proc_fit_run(&model, &d, &f)) {
		fprintf(stderr, "bench-process: model 58 could not be fitted\n");
		return 1;
	}
	proc_probe_values(f, PROC_W, MOD_PROBE_PERCENTILES, probes, &np, &clamped);
	for (size_t i = 0; i < 3; i++) {
		st[i] = (struct proc_stat){.kind = PROC_STAT_INDIRECT};
		proc_point_set(f, &st[i].pt, PROC_W, probes[i], 0);
	}
	for (int r = 0; r < RUNS; r++) {
		double t0 = seconds(CLOCK_MONOTONIC), c0 = seconds(CLOCK_PROCESS_CPUTIME_ID), t, c;
		if (proc_bootstrap(f, st, 3, REPS, 1, 0, draws, &replaced)) {
			fprintf(stderr, "bench-process: the bootstrap failed\n");
			return 1;
		}
		t = seconds(CLOCK_MONOTONIC) - t0;
		c = seconds(CLOCK_PROCESS_CPUTIME_ID) - c0;
		best = t < best ? t : best;
		best_cpu = c < best_cpu ? c : best_cpu;
	}
	printf("model 58, n = %d, %d resamples, 3 conditional indirect effects: %.3f s elapsed, %.3f s CPU "
	       "(fastest of %d runs)\n",
	       N, REPS, best, best_cpu, RUNS);
	for (size_t i = 0; i < 3; i++) {
		struct boot_ci ci;
		bootstrap_ci(draws, i, proc_stat_estimate(f, &st[i]), 0.95, work, &ci);
		printf("  W = %.3f: indirect %.4f, 95%% percentile CI [%.4f, %.4f]\n", probes[i],
		       proc_stat_estimate(f, &st[i]), ci.llci, ci.ulci);
	}
	printf("%.6f\n", best);
	gsl_matrix_free(draws);
	proc_fit_free(f);
	gsl_rng_free(rng);
	return 0;
}
