/* Times models/fisher_exact on 3 x 3 tables with N = 300 (issue 15's target: under 0.1 s each).
 * Built and run by scripts/fisher-timing; not part of the tests (timings depend on the machine).
 * Prints, for three fixed tables (a strong association with p near 1e-13, a moderate one, none)
 * the best of five runs, then the mean and the largest time over random tables: cell
 * probabilities from random row and column weights times lognormal noise of random strength,
 * counts multinomial (GSL MT19937, seed 15). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/fisher_exact.h"

#define RANDOM_TABLES 500
#define TARGET_SECONDS 0.1

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static double time_one(const size_t *x, double *p, double *work)
{
	double t0 = now();
	if (fisher_exact(x, 3, 3, FISHER_WORK_LIMIT, p, work) != 0)
		*p = NAN;
	return now() - t0;
}

int main(void)
{
	static const size_t fixed[3][9] = {
		{50, 20, 15, 25, 35, 40, 10, 50, 60},
		{40, 35, 25, 30, 40, 30, 20, 30, 50},
		{33, 35, 32, 31, 36, 33, 34, 33, 33},
	};
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double worst = 0, total = 0, p, work;
	size_t worst_at = 0, over = 0;

	gsl_rng_set(rng, 15);
	for (size_t t = 0; t < 3; t++) {
		double best = INFINITY;
		for (int run = 0; run < 5; run++)
			best = fmin(best, time_one(fixed[t], &p, &work));
		printf("fixed table %zu: %.4f s (p = %.4g, work %.3g)\n", t + 1, best, p, work);
	}
	for (size_t k = 0; k < RANDOM_TABLES; k++) {
		double prob[9], rw[3], cw[3], noise = gsl_rng_uniform(rng), dt;
		unsigned n[9];
		size_t x[9];
		for (size_t i = 0; i < 3; i++) {
			rw[i] = 0.3 + gsl_rng_uniform(rng);
			cw[i] = 0.3 + gsl_rng_uniform(rng);
		}
		for (size_t a = 0; a < 9; a++)
			prob[a] = rw[a / 3] * cw[a % 3] * exp(noise * gsl_ran_gaussian(rng, 1));
		gsl_ran_multinomial(rng, 9, 300, prob, n);
		for (size_t a = 0; a < 9; a++)
			x[a] = n[a];
		dt = time_one(x, &p, &work);
		total += dt;
		over += dt >= TARGET_SECONDS;
		if (dt > worst)
			worst = dt, worst_at = k;
	}
	printf("%d random tables: mean %.4f s, largest %.4f s (table %zu), %zu at or over %.1f s\n", RANDOM_TABLES,
	       total / RANDOM_TABLES, worst, worst_at + 1, over, TARGET_SECONDS);
	gsl_rng_free(rng);
	return over ? 1 : 0;
}
