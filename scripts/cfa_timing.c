/* Timing of the CFA engine (models/cfa_fit.h), for scripts/bench-cfa; not run by the tests.
 *
 *   cfa-timing small CSV   a complete wave of 600 respondents from the simulator (seed 2026),
 *                          written to CSV for lavaan; times the five-factor, 23-item ML fit
 *                          (everything cfa_fit_run computes: moments, estimates, standard errors,
 *                          baseline, fit measures, standardised solution) as the median of 200
 *                          runs, then the modification indices and an MLR fit
 *   cfa-timing fiml        1,000,000 respondents with 5% of the answers missing (the simulator's
 *                          missing-rate 0.05, completely at random); times one FIML fit of the
 *                          same model, best of three
 * Data are generated in memory: no parsing is timed (process start-up neither). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "models/cfa_fit.h"
#include "models/cfa_modindices.h"
#include "models/simulation.h"

static const size_t factor_of[23] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4};
static const size_t scale_k[5] = {5, 5, 5, 4, 4};
static const char *const names[23] = {"inv_1", "inv_2", "inv_3", "inv_4", "inv_5", "tru_1", "tru_2", "tru_3",
				      "tru_4", "tru_5", "sat_1", "sat_2", "sat_3", "sat_4", "sat_5", "neg_1",
				      "neg_2", "neg_3", "neg_4", "pwom_1", "pwom_2", "pwom_3", "pwom_4"};

static double now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* CPU seconds of this process: on a machine shared with other jobs, the robust figure */
static double cpu(void)
{
	struct timespec t;
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/* n respondents of the between design, items unreversed; NaN for missing answers. */
static double *wave(size_t n, double missing, unsigned long seed)
{
	struct sim_params par;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *x = malloc(n * 23 * sizeof *x);

	if (!rng || !x) {
		fprintf(stderr, "cfa-timing: out of memory\n");
		exit(1);
	}
	sim_params_default(&par);
	par.missing_rate = missing;
	gsl_rng_set(rng, seed);
	for (size_t r = 0; r < n; r++) {
		struct sim_person who;
		struct sim_outcomes out;
		sim_person_draw(rng, 0, &who);
		sim_outcomes_draw(&par, rng, &who, 1 + (int)(r % 3), &out);
		const double latent[5] = {who.involvement, who.trust, out.satisfaction, out.negemo, out.pwom};
		double *row = x + r * 23;
		for (size_t f = 0; f < 5; f++) {
			sim_items(&par, rng, latent[f], scale_k[f], NULL, row);
			row += scale_k[f];
		}
	}
	gsl_rng_free(rng);
	return x;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

static struct cfa_fit *fit_once(const struct cfa_spec *spec, const struct cfa_data *d, const struct cfa_options *o)
{
	struct cfa_fit *fit = NULL;
	int status = cfa_fit_run(spec, d, o, &fit);
	if (status || !fit) {
		fprintf(stderr, "cfa-timing: the fit failed (status %d, problem %d)\n", status, fit ? (int)fit->why.problem : -1);
		exit(1);
	}
	return fit;
}

static int small(const char *csv)
{
	const size_t n = 600, runs = 200;
	double *x = wave(n, 0, 2026), t[200], c[200];
	struct cfa_spec spec;
	struct cfa_options o;
	struct cfa_data d = {n, 23, x, 23, NULL, 1};
	FILE *f = fopen(csv, "w");

	if (!f) {
		fprintf(stderr, "cfa-timing: cannot write '%s'\n", csv);
		return 1;
	}
	for (size_t i = 0; i < 23; i++)
		fprintf(f, "%s%c", names[i], i == 22 ? '\n' : ',');
	for (size_t r = 0; r < n; r++)
		for (size_t i = 0; i < 23; i++)
			fprintf(f, "%g%c", x[r * 23 + i], i == 22 ? '\n' : ',');
	if (fclose(f)) {
		fprintf(stderr, "cfa-timing: cannot write '%s'\n", csv);
		return 1;
	}
	cfa_spec_init(&spec, 23, 5, 1);
	cfa_spec_scales(&spec, factor_of);
	cfa_options_init(&o);
	for (size_t k = 0; k < runs; k++) {
		double t0 = now(), c0 = cpu();
		cfa_fit_free(fit_once(&spec, &d, &o));
		t[k] = now() - t0;
		c[k] = cpu() - c0;
	}
	qsort(t, runs, sizeof *t, cmp_double);
	qsort(c, runs, sizeof *c, cmp_double);
	struct cfa_fit *fit = fit_once(&spec, &d, &o);
	printf("ml_fit_seconds %.6f cpu %.6f chisq %.6f df %g iterations %zu\n", t[runs / 2], c[runs / 2],
	       fit->standard.chisq, fit->standard.df, fit->iterations);
	struct cfa_mi *mi;
	size_t nmi;
	double t0 = now();
	if (cfa_modindices(fit, &mi, &nmi))
		return 1;
	printf("modindices_seconds %.6f candidates %zu\n", now() - t0, nmi);
	free(mi);
	cfa_fit_free(fit);
	o.estimator = CFA_MLR;
	t0 = now();
	cfa_fit_free(fit_once(&spec, &d, &o));
	printf("mlr_fit_seconds %.6f\n", now() - t0);
	cfa_spec_release(&spec);
	free(x);
	return 0;
}

static int fiml(void)
{
	const size_t n = 1000000;
	double *x = wave(n, 0.05, 7), best = 1e30, best_cpu = 1e30;
	struct cfa_spec spec;
	struct cfa_options o;
	struct cfa_data d = {n, 23, x, 23, NULL, 1};
	size_t missing = 0;

	for (size_t k = 0; k < n * 23; k++)
		missing += x[k] != x[k];
	cfa_spec_init(&spec, 23, 5, 1);
	cfa_spec_scales(&spec, factor_of);
	cfa_options_init(&o);
	o.missing = CFA_FIML;
	struct cfa_fit *fit = NULL;
	for (int k = 0; k < 3; k++) {
		cfa_fit_free(fit);
		double t0 = now(), c0 = cpu();
		fit = fit_once(&spec, &d, &o);
		double t1 = now() - t0, c1 = cpu() - c0;
		best = t1 < best ? t1 : best;
		best_cpu = c1 < best_cpu ? c1 : best_cpu;
	}
	printf("fiml_fit_seconds %.3f cpu %.3f rows %zu missing_share %.4f chisq %.3f iterations %zu\n", best,
	       best_cpu, fit->n, (double)missing / (double)(n * 23), fit->standard.chisq, fit->iterations);
	cfa_fit_free(fit);
	cfa_spec_release(&spec);
	free(x);
	return 0;
}

int main(int argc, char **argv)
{
	gsl_set_error_handler_off();
	if (argc == 3 && !strcmp(argv[1], "small"))
		return small(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "fiml"))
		return fiml();
	fprintf(stderr, "usage: cfa-timing small CSV | cfa-timing fiml\n");
	return 2;
}
