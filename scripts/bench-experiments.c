/* Timing of the issue 15 models on 1,000,000 rows held in memory (the part of an analysis beyond
 * reading and scoring): for each, one pass that gathers the group moments and the model from
 * them, best of five runs. Built and run by scripts/bench-experiments; not a test.
 * Data: a seeded wave of n rows, 3 scenarios, outcomes y1..y3 with planted scenario effects,
 * covariates x1, x2; for the repeated measures 3 conditions by 2 groups. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "models/ancova.h"
#include "models/contrasts.h"
#include "models/effect_size.h"
#include "models/group_moments.h"
#include "models/manova.h"

#define RUNS 5

static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

struct data {
	size_t n;
	size_t *g;
	double *v; /* n x 5: y1, y2, y3, x1, x2 */
};

static double contrasts_run(const struct data *d)
{
	struct group_moments *m = group_moments_alloc(3, 1);
	struct group_summary s[3];
	struct contrast_test r;
	double w[6], t0 = now(), sink = 0;

	for (size_t i = 0; i < d->n; i++)
		group_moments_add(m, d->g[i], d->v + i * 5);
	group_moments_summaries(m, 0, 0.95, s);
	contrast_polynomial(3, NULL, 1, w, NULL);
	contrast_test(s, 3, w, 0.95, &r);
	sink += r.t + r.welch_t;
	contrast_polynomial(3, (double[]){1, 2, 4}, 2, w, NULL);
	contrast_test(s, 3, w, 0.95, &r);
	sink += r.t;
	contrast_helmert(3, w);
	contrast_test(s, 3, w, 0.95, &r);
	sink += r.t;
	t0 = now() - t0;
	group_moments_free(m);
	return isfinite(sink) ? t0 : -1;
}

static double ancova_run(const struct data *d)
{
	struct group_moments *m = group_moments_alloc(3, 3);
	struct ancova *a = ancova_alloc(3, 2);
	struct ancova_pair p[3];
	double t0 = now(), x[3];
	int st;

	for (size_t i = 0; i < d->n; i++) {
		x[0] = d->v[i * 5], x[1] = d->v[i * 5 + 3], x[2] = d->v[i * 5 + 4];
		group_moments_add(m, d->g[i], x);
	}
	st = ancova_fit(a, m, 0.95);
	st |= ancova_pairwise(a, ANCOVA_TUKEY, p);
	st |= ancova_pairwise(a, ANCOVA_BONFERRONI, p);
	t0 = now() - t0;
	ancova_free(a);
	group_moments_free(m);
	return st == GSL_SUCCESS ? t0 : -1;
}

static double manova_run(const struct data *d)
{
	struct group_moments *m = group_moments_alloc(3, 5);
	struct manova *f = manova_alloc(3, 3, 2);
	double t0 = now();
	int st;

	for (size_t i = 0; i < d->n; i++)
		group_moments_add(m, d->g[i], d->v + i * 5);
	st = manova_fit(f, m);
	t0 = now() - t0;
	manova_free(f);
	group_moments_free(m);
	return st == GSL_SUCCESS ? t0 : -1;
}

static double within_run(const struct data *d)
{
	struct group_moments *m = group_moments_alloc(2, 3);
	struct manova_within *w = manova_within_alloc(3, 2);
	double t0 = now();
	int st;

	for (size_t i = 0; i < d->n; i++)
		group_moments_add(m, d->g[i] % 2, d->v + i * 5);
	st = manova_within_fit(w, m);
	t0 = now() - t0;
	manova_within_free(w);
	group_moments_free(m);
	return st == GSL_SUCCESS ? t0 : -1;
}

/* Intervals at n = 1,000,000 with the effects of the wave (eta2 = .25, d = 1.4, R2 = .25): the
 * noncentralities run to 3e5. */
static double effects_run(const struct data *d)
{
	struct effect_anova e;
	struct effect_interval r;
	struct effect_d dd;
	double n = (double)d->n, t0 = now(), ss = 0.25, sse = 0.75;
	int st;

	st = effect_anova_term(ss, 2, sse, n - 3, ss + sse, n, 0.95, EFFECT_GREATER, &e);
	st |= effect_anova_term(ss, 2, sse, n - 3, ss + sse, n, 0.95, EFFECT_TWO_SIDED, &e);
	st |= effect_r2_interval(0.25, 2, d->n, 0.95, EFFECT_TWO_SIDED, &r);
	st |= effect_d_interval(1.4, n / 1.5 - 2, 2 / (n / 3), 0.95, EFFECT_TWO_SIDED, &dd);
	return st == GSL_SUCCESS ? now() - t0 : -1;
}

int main(int argc, char **argv)
{
	struct data d = {.n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000};
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct {
		const char *name;
		double (*run)(const struct data *);
	} jobs[] = {
		{"contrasts (moments + linear, quadratic, Helmert, Welch)", contrasts_run},
		{"ANCOVA, 2 covariates (moments + fit + Tukey + Bonferroni)", ancova_run},
		{"MANCOVA, 3 outcomes, 2 covariates (moments + fit + Box's M)", manova_run},
		{"repeated measures, 3 conditions x 2 groups (multivariate)", within_run},
		{"effect sizes: 6 proportions of variance x 2, R2, d (CIs)", effects_run},
	};

	gsl_set_error_handler_off();
	d.g = malloc(d.n * sizeof *d.g);
	d.v = malloc(d.n * 5 * sizeof *d.v);
	if (!rng || !d.g || !d.v || d.n < 10) {
		fprintf(stderr, "bench-experiments: out of memory or n < 10\n");
		return 1;
	}
	gsl_rng_set(rng, 15);
	for (size_t i = 0; i < d.n; i++) {
		double x1 = gsl_ran_gaussian(rng, 1), x2 = gsl_ran_gaussian(rng, 1), c;
		d.g[i] = gsl_rng_uniform_int(rng, 3);
		c = (double)d.g[i] - 1;
		d.v[i * 5] = 4 + 0.7 * c + 0.3 * x1 + gsl_ran_gaussian(rng, 1);
		d.v[i * 5 + 1] = 4 - 0.7 * c - 0.2 * x2 + gsl_ran_gaussian(rng, 1);
		d.v[i * 5 + 2] = 3.6 + 0.5 * d.v[i * 5] + 0.2 * c + gsl_ran_gaussian(rng, 1);
		d.v[i * 5 + 3] = x1;
		d.v[i * 5 + 4] = x2;
	}
	printf("bench-experiments: %zu rows in memory, best of %d runs (target < 0.2 s each)\n", d.n, RUNS);
	for (size_t j = 0; j < sizeof jobs / sizeof jobs[0]; j++) {
		double best = INFINITY;
		for (int r = 0; r < RUNS; r++) {
			double t = jobs[j].run(&d);
			if (t < 0) {
				printf("%-62s failed\n", jobs[j].name);
				break;
			}
			best = t < best ? t : best;
		}
		printf("%-62s %8.4f s\n", jobs[j].name, best);
	}
	free(d.g);
	free(d.v);
	gsl_rng_free(rng);
	return 0;
}
