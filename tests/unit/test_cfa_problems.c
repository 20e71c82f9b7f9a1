/* The CFA engine on data made for it: every failure kind of enum cfa_problem provoked on
 * purpose, planted loadings recovered from simulated data (and from the bundled wave), and
 * non-invariant groups detected at the metric and scalar steps. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "cfa_ref.h"
#include "models/cfa_fit.h"
#include "models/cfa_invariance.h"
#include "models/simulation.h"
#include "test.h"

/* n x p data whose covariance matrix (divisor n) is exactly R and whose means are 3. */
static double *exact_data(const double *R, size_t p, size_t n, unsigned long seed)
{
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	gsl_matrix *X = gsl_matrix_alloc(n, p), *C = gsl_matrix_calloc(p, p), *L = gsl_matrix_alloc(p, p);
	double *x = malloc(n * p * sizeof *x);

	gsl_rng_set(rng, seed);
	for (size_t r = 0; r < n; r++)
		for (size_t i = 0; i < p; i++)
			gsl_matrix_set(X, r, i, gsl_ran_ugaussian(rng));
	for (size_t i = 0; i < p; i++) {
		gsl_vector_view col = gsl_matrix_column(X, i);
		double m = 0;
		for (size_t r = 0; r < n; r++)
			m += gsl_vector_get(&col.vector, r);
		gsl_vector_add_constant(&col.vector, -m / (double)n);
	}
	/* X C^-1/2 (Cholesky) has identity covariance; times chol(R)' it has R */
	gsl_blas_dsyrk(CblasLower, CblasTrans, 1.0 / (double)n, X, 0.0, C);
	gsl_linalg_cholesky_decomp1(C);
	gsl_blas_dtrsm(CblasRight, CblasLower, CblasTrans, CblasNonUnit, 1.0, C, X);
	for (size_t i = 0; i < p; i++)
		for (size_t j = 0; j < p; j++)
			gsl_matrix_set(L, i, j, R[i * p + j]);
	gsl_linalg_cholesky_decomp1(L);
	for (size_t i = 0; i < p; i++)
		for (size_t j = i + 1; j < p; j++)
			gsl_matrix_set(L, i, j, 0);
	gsl_blas_dtrmm(CblasRight, CblasLower, CblasTrans, CblasNonUnit, 1.0, L, X);
	for (size_t r = 0; r < n; r++)
		for (size_t i = 0; i < p; i++)
			x[r * p + i] = gsl_matrix_get(X, r, i) + 3;
	gsl_matrix_free(X);
	gsl_matrix_free(C);
	gsl_matrix_free(L);
	gsl_rng_free(rng);
	return x;
}

/* Runs a fit of spec on x (n x p, one group unless group is set) and returns its status. */
static int run(const struct cfa_spec *spec, const double *x, size_t n, size_t p, const size_t *group, size_t groups,
	       const struct cfa_options *o, struct cfa_fit **fit)
{
	struct cfa_data d = {n, p, x, p, group, group ? groups : 1};
	return cfa_fit_run(spec, &d, o, fit);
}

static void one_factor(struct cfa_spec *s, size_t p, size_t groups)
{
	size_t f[64] = {0};
	cfa_spec_init(s, p, 1, groups);
	cfa_spec_scales(s, f);
}

/* A correlation matrix of p items on one factor with loadings l. */
static void factor_cor(const double *l, size_t p, double *R)
{
	for (size_t i = 0; i < p; i++)
		for (size_t j = 0; j < p; j++)
			R[i * p + j] = i == j ? 1 : l[i] * l[j];
}

TEST(cfa_problem_spec_data_options)
{
	const double l[4] = {.7, .7, .7, .7};
	double R[16];
	struct cfa_spec s;
	struct cfa_options o;
	struct cfa_fit *fit = NULL;

	factor_cor(l, 4, R);
	double *x = exact_data(R, 4, 200, 1);
	cfa_options_init(&o);
	/* a factor without indicators */
	size_t f[4] = {0, 0, 0, 0};
	cfa_spec_init(&s, 4, 2, 1);
	cfa_spec_scales(&s, f);
	CHECK_INT(run(&s, x, 200, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_BAD_SPEC);
	CHECK_INT(fit->why.spec.problem, CFA_SPEC_NO_INDICATOR);
	CHECK_INT(fit->why.spec.factor, 1);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	/* a label shared by parameters fixed at different values */
	one_factor(&s, 4, 1);
	s.param[1].free = s.param[2].free = 0;
	s.param[1].value = 0.5;
	s.param[2].value = 0.6;
	s.param[1].flags = s.param[2].flags = CFA_VALUE_SET;
	s.param[1].label = s.param[2].label = cfa_spec_new_label(&s);
	CHECK_INT(run(&s, x, 200, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_BAD_SPEC);
	CHECK_INT(fit->why.spec.problem, CFA_SPEC_LABEL_CONFLICT);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	/* a parameter naming an item that does not exist */
	one_factor(&s, 4, 1);
	struct cfa_param far = {CFA_RESID_COV, 0, 7, 1, 1, NAN, CFA_NO_LABEL, CFA_USER};
	cfa_spec_add(&s, &far, NULL);
	CHECK_INT(run(&s, x, 200, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_BAD_SPEC);
	CHECK_INT(fit->why.spec.problem, CFA_SPEC_BAD_INDEX);
	CHECK_INT(fit->why.spec.param, s.n_param - 1);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	/* data of another width */
	one_factor(&s, 4, 1);
	struct cfa_data d = {200, 3, x, 4, NULL, 1};
	CHECK_INT(cfa_fit_run(&s, &d, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_BAD_DATA);
	cfa_fit_free(fit);
	/* MLM with FIML, which lavaan refuses too */
	o.estimator = CFA_MLM;
	o.missing = CFA_FIML;
	CHECK_INT(run(&s, x, 200, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_BAD_OPTIONS);
	cfa_fit_free(fit);
	cfa_options_init(&o);
	/* an infinite value */
	x[7 * 4 + 2] = INFINITY;
	CHECK_INT(run(&s, x, 200, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_NOT_FINITE);
	CHECK_INT(fit->why.row, 7);
	CHECK_INT(fit->why.item, 2);
	cfa_fit_free(fit);
	/* a missing value and listwise deletion: counted */
	x[7 * 4 + 2] = NAN;
	CHECK_INT(run(&s, x, 200, 4, NULL, 1, &o, &fit), GSL_SUCCESS);
	CHECK_INT(fit->n, 199);
	CHECK_INT(fit->dropped_incomplete, 1);
	cfa_fit_free(fit);
	/* a constant item */
	for (size_t r = 0; r < 200; r++)
		x[r * 4 + 1] = 4;
	CHECK_INT(run(&s, x, 200, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_CONSTANT_ITEM);
	CHECK_INT(fit->why.item, 1);
	cfa_fit_free(fit);
	/* an item that is the sum of two others */
	for (size_t r = 0; r < 200; r++)
		x[r * 4 + 1] = x[r * 4 + 2] + 0.5;
	for (size_t r = 0; r < 200; r++)
		x[r * 4 + 3] = x[r * 4 + 0] + x[r * 4 + 1];
	CHECK_INT(run(&s, x, 200, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_SAMPLE_NOT_PD);
	CHECK_INT(fit->why.item, 2);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	free(x);
}

TEST(cfa_problem_groups_and_em)
{
	const double l[4] = {.7, .6, .8, .7};
	double R[16];
	struct cfa_spec s;
	struct cfa_options o;
	struct cfa_fit *fit = NULL;
	size_t group[300];

	factor_cor(l, 4, R);
	double *x = exact_data(R, 4, 300, 2);
	cfa_options_init(&o);
	/* group 1 has one row, group 2 none; rows of no group are counted */
	one_factor(&s, 4, 3);
	for (size_t r = 0; r < 300; r++)
		group[r] = r == 5 ? 1 : r == 6 ? CFA_NONE : 0;
	CHECK_INT(run(&s, x, 300, 4, group, 3, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_EMPTY_GROUP);
	CHECK_INT(fit->why.group, 1);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	one_factor(&s, 4, 1);
	for (size_t r = 0; r < 300; r++)
		group[r] = r == 6 ? CFA_NONE : 0;
	CHECK_INT(run(&s, x, 300, 4, group, 1, &o, &fit), GSL_SUCCESS);
	CHECK_INT(fit->dropped_group, 1);
	CHECK_INT(fit->n, 299);
	cfa_fit_free(fit);
	/* FIML: a row without answers is left out and counted; EM stopped after one step */
	for (size_t i = 0; i < 4; i++)
		x[9 * 4 + i] = NAN;
	for (size_t r = 20; r < 80; r++)
		x[r * 4 + r % 4] = NAN;
	o.missing = CFA_FIML;
	CHECK_INT(run(&s, x, 300, 4, NULL, 1, &o, &fit), GSL_SUCCESS);
	CHECK_INT(fit->dropped_empty, 1);
	CHECK_INT(fit->n, 299);
	cfa_fit_free(fit);
	o.em_max_iter = 1;
	CHECK_INT(run(&s, x, 300, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_EM_NOT_CONVERGED);
	CHECK_INT(fit->why.group, 0);
	cfa_fit_free(fit);
	/* an item answered once: no variance to estimate */
	o.em_max_iter = 10000;
	for (size_t r = 1; r < 300; r++)
		x[r * 4 + 3] = NAN;
	CHECK_INT(run(&s, x, 300, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_CONSTANT_ITEM);
	CHECK_INT(fit->why.item, 3);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	free(x);
}

TEST(cfa_problem_identification_and_convergence)
{
	const double l[4] = {.7, .6, .8, .7};
	double R[16];
	struct cfa_spec s;
	struct cfa_options o;
	struct cfa_fit *fit = NULL;

	factor_cor(l, 4, R);
	double *x = exact_data(R, 4, 300, 3);
	cfa_options_init(&o);
	/* more parameters than moments: every residual covariance free */
	one_factor(&s, 4, 1);
	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < i; j++) {
			struct cfa_param q = {CFA_RESID_COV, 0, i, j, 1, NAN, CFA_NO_LABEL, CFA_USER};
			cfa_spec_add(&s, &q, NULL);
		}
	CHECK_INT(run(&s, x, 300, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_NEGATIVE_DF);
	CHECK_INT(fit->why.count, 14);
	CHECK_INT(fit->why.moments, 10);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	/* df = 1 but the factor has no scale: the first loading freed (NA) and its variance free */
	one_factor(&s, 4, 1);
	s.param[0].flags = CFA_USER | CFA_VALUE_SET;
	CHECK_INT(run(&s, x, 300, 4, NULL, 1, &o, &fit), GSL_ESING);
	CHECK_INT(fit->why.problem, CFA_NOT_IDENTIFIED);
	CHECK(fit->why.param != CFA_NONE && fit->why.param2 != CFA_NONE);
	/* the trade-off is between the factor's variance and its loadings */
	int names_variance = 0;
	for (size_t k = 0; k < 2; k++) {
		size_t par = k ? fit->why.param2 : fit->why.param;
		names_variance |= fit->spec.param[par].kind == CFA_FACTOR_COV;
	}
	CHECK(names_variance);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	/* one step allowed */
	one_factor(&s, 4, 1);
	o.max_iter = 1;
	CHECK_INT(run(&s, x, 300, 4, NULL, 1, &o, &fit), GSL_EMAXITER);
	CHECK_INT(fit->why.problem, CFA_NOT_CONVERGED);
	CHECK_INT(fit->why.count, 1);
	cfa_fit_free(fit);
	cfa_options_init(&o);
	/* a residual variance fixed below zero: Sigma is not positive definite at the start */
	struct cfa_param neg = {CFA_RESID_COV, 0, 2, 2, 0, -5.0, CFA_NO_LABEL, CFA_USER | CFA_VALUE_SET};
	cfa_spec_add(&s, &neg, NULL);
	CHECK_INT(run(&s, x, 300, 4, NULL, 1, &o, &fit), GSL_EDOM);
	CHECK_INT(fit->why.problem, CFA_IMPLIED_NOT_PD);
	CHECK_INT(fit->why.group, 0);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	free(x);
}

TEST(cfa_problem_inadmissible)
{
	struct cfa_spec s;
	struct cfa_options o;
	struct cfa_fit *fit = NULL;

	cfa_options_init(&o);
	/* r12 r13 / r23 = 1.6: the first item's standardised loading exceeds 1 (Heywood case) */
	const double R3[9] = {1, .8, .8, .8, 1, .4, .8, .4, 1};
	double *x = exact_data(R3, 3, 300, 4);
	one_factor(&s, 3, 1);
	CHECK_INT(run(&s, x, 300, 3, NULL, 1, &o, &fit), GSL_SUCCESS);
	CHECK_INT(fit->why.problem, CFA_HEYWOOD);
	CHECK_INT(fit->why.item, 0);
	CHECK(fit->par[cfa_spec_find(&fit->spec, CFA_RESID_COV, 0, 0, 0)].est < 0);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	free(x);
	/* two factors whose items correlate more across than within: latent correlation 5/3 */
	double R6[36];
	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 6; j++)
			R6[i * 6 + j] = i == j ? 1 : (i < 3) == (j < 3) ? .3 : .5;
	x = exact_data(R6, 6, 500, 5);
	const size_t f[6] = {0, 0, 0, 1, 1, 1};
	cfa_spec_init(&s, 6, 2, 1);
	cfa_spec_scales(&s, f);
	CHECK_INT(run(&s, x, 500, 6, NULL, 1, &o, &fit), GSL_SUCCESS);
	CHECK_INT(fit->why.problem, CFA_LATENT_NOT_PD);
	CHECK_INT(fit->why.factor, 0);
	CHECK_INT(fit->why.factor2, 1);
	CHECK_CLOSE(fit->par[cfa_spec_find(&fit->spec, CFA_FACTOR_COV, 0, 1, 0)].std, 5.0 / 3.0, 1e-8);
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	free(x);
}

/* Factor-model data: F ~ N(0, Phi), y = nu + Lambda F + e, e ~ N(0, theta). */
static double *factor_data(size_t n, size_t p, size_t m, const size_t *factor_of, const double *lambda,
			   const double *theta, const double *nu, const double *phi, const double *alpha, gsl_rng *rng)
{
	double *x = malloc(n * p * sizeof *x), F[8];
	gsl_matrix *L = gsl_matrix_alloc(m, m);

	for (size_t f = 0; f < m; f++)
		for (size_t h = 0; h < m; h++)
			gsl_matrix_set(L, f, h, phi[f * m + h]);
	gsl_linalg_cholesky_decomp1(L);
	for (size_t r = 0; r < n; r++) {
		double z[8];
		for (size_t f = 0; f < m; f++)
			z[f] = gsl_ran_ugaussian(rng);
		for (size_t f = 0; f < m; f++) {
			F[f] = alpha ? alpha[f] : 0;
			for (size_t h = 0; h <= f; h++)
				F[f] += gsl_matrix_get(L, f, h) * z[h];
		}
		for (size_t i = 0; i < p; i++)
			x[r * p + i] = nu[i] + lambda[i] * F[factor_of[i]] + gsl_ran_gaussian(rng, sqrt(theta[i]));
	}
	gsl_matrix_free(L);
	return x;
}

TEST(cfa_simulated_planted_loadings)
{
	const size_t p = 9, m = 3, n = 3000, factor_of[9] = {0, 0, 0, 1, 1, 1, 2, 2, 2};
	const double lambda[9] = {1, .8, 1.2, 1, 1.1, .7, 1, .9, 1.3}, theta[9] = {.5, .4, .6, .3, .5, .4, .6, .5, .4},
		     nu[9] = {3, 3.5, 4, 2.5, 3, 3.2, 4.1, 3.8, 3.3}, phi[9] = {1, .4, .3, .4, .8, .5, .3, .5, 1.2};
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct cfa_spec s;
	struct cfa_options o;
	struct cfa_fit *fit = NULL;
	size_t outside = 0, checked = 0;

	gsl_rng_set(rng, 2026);
	double *x = factor_data(n, p, m, factor_of, lambda, theta, nu, phi, NULL, rng);
	cfa_spec_init(&s, p, m, 1);
	cfa_spec_scales(&s, factor_of);
	cfa_options_init(&o);
	CHECK_INT(run(&s, x, n, p, NULL, 1, &o, &fit), GSL_SUCCESS);
	/* every free loading, residual variance and factor (co)variance within 3 SE of the truth */
	for (size_t k = 0; k < fit->spec.n_param; k++) {
		const struct cfa_param *q = &fit->spec.param[k];
		double truth = q->kind == CFA_LOADING ? lambda[q->i] : q->kind == CFA_RESID_COV ? theta[q->i] : phi[q->i * m + q->j];
		if (!q->free)
			continue;
		checked++;
		outside += fabs(fit->par[k].est - truth) > 3 * fit->par[k].se;
	}
	CHECK_INT(checked, 21);
	CHECK_INT(outside, 0);
	CHECK(fit->standard.p > 0.001); /* the model is true */
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	free(x);
	gsl_rng_free(rng);
}

static const size_t wave_factor_of[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4};

/* The largest |lambda - 1| / SE over the free loadings of a one-factor-per-scale fit. */
static double worst_loading_z(const struct cfa_data *d)
{
	struct cfa_spec s;
	struct cfa_options o;
	struct cfa_fit *fit = NULL;
	double worst = INFINITY;

	cfa_spec_init(&s, 23, 5, 1);
	cfa_spec_scales(&s, wave_factor_of);
	cfa_options_init(&o);
	CHECK_INT(cfa_fit_run(&s, d, &o, &fit), GSL_SUCCESS);
	if (fit && fit->converged) {
		worst = 0;
		for (size_t k = 0; k < fit->spec.n_param; k++)
			if (fit->spec.param[k].kind == CFA_LOADING && fit->spec.param[k].free)
				worst = fmax(worst, fabs(fit->par[k].est - 1) / fit->par[k].se);
	}
	cfa_fit_free(fit);
	cfa_spec_release(&s);
	return worst;
}

TEST(cfa_simulated_wave_loadings)
{
	/* the data-generating model of `surveykit simulate` (models/simulation.h): each item is its
	 * latent score plus N(0, 0.75) noise, rounded and clamped to 1..7, so every loading is 1;
	 * 20,000 respondents of the between design, items unreversed */
	const size_t n = 20000, k[5] = {5, 5, 5, 4, 4};
	struct sim_params par;
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *x = malloc(n * 23 * sizeof *x);

	sim_params_default(&par);
	par.missing_rate = 0;
	gsl_rng_set(rng, 2026);
	for (size_t r = 0; r < n; r++) {
		struct sim_person who;
		struct sim_outcomes out;
		sim_person_draw(rng, 0, &who);
		sim_outcomes_draw(&par, rng, &who, 1 + (int)(r % 3), &out);
		const double latent[5] = {who.involvement, who.trust, out.satisfaction, out.negemo, out.pwom};
		double *row = x + r * 23;
		for (size_t f = 0; f < 5; f++) {
			sim_items(&par, rng, latent[f], k[f], NULL, row);
			row += k[f];
		}
	}
	struct cfa_data d = {n, 23, x, 23, NULL, 1};
	CHECK(worst_loading_z(&d) < 3);
	free(x);
	gsl_rng_free(rng);
}

TEST(cfa_bundled_wave_loadings)
{
	/* data/wave-between.csv (600 respondents) from the same model: the 18 free loadings are 1
	 * within sampling error, each inside the family-wise 99.9% bound (Bonferroni: |z| < 4.03);
	 * the largest deviation is pwom_4's, 3.5 standard errors */
	static const char *const items[] = {"inv_1", "inv_2", "inv_3", "inv_4", "inv_5", "tru_1", "tru_2", "tru_3",
					    "tru_4", "tru_5", "sat_1", "sat_2", "sat_3", "sat_4", "sat_5", "neg_1",
					    "neg_2", "neg_3", "neg_4", "pwom_1", "pwom_2", "pwom_3", "pwom_4"};
	static const char *const reversed[] = {"inv_4", "tru_3", "sat_2", NULL};
	struct cfa_case c;

	cfa_case_load(&c, "data/wave-between.csv", items, 23, reversed, 8, NULL, 1);
	CHECK(worst_loading_z(&c.data) < 4.03);
	cfa_case_free(&c);
}

/* Two groups of 1500 from one factor model, except that two items of the second group have other
 * loadings (loadings set) or other intercepts; the second group's latent means differ too. */
static void non_invariant(int loadings, struct cfa_invariance *inv)
{
	const size_t p = 6, n = 1500, factor_of[6] = {0, 0, 0, 1, 1, 1};
	double lambda[6] = {1, .8, .9, 1, .7, 1.1}, nu[6] = {3, 3.2, 2.9, 4, 3.6, 3.8};
	const double theta[6] = {.5, .4, .5, .4, .5, .6}, phi[4] = {1, .4, .4, .9}, alpha[2] = {.3, -.2};
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	double *x = malloc(2 * n * p * sizeof *x);
	size_t *group = malloc(2 * n * sizeof *group);
	struct cfa_spec s;
	struct cfa_options o;

	gsl_rng_set(rng, loadings ? 11 : 12);
	double *a = factor_data(n, p, 2, factor_of, lambda, theta, nu, phi, NULL, rng);
	if (loadings)
		lambda[1] = 0.4, lambda[4] = 1.2;
	else
		nu[1] += 0.5, nu[5] -= 0.5;
	double *b = factor_data(n, p, 2, factor_of, lambda, theta, nu, phi, alpha, rng);
	memcpy(x, a, n * p * sizeof *x);
	memcpy(x + n * p, b, n * p * sizeof *x);
	for (size_t r = 0; r < 2 * n; r++)
		group[r] = r >= n;
	cfa_spec_init(&s, p, 2, 2);
	cfa_spec_scales(&s, factor_of);
	cfa_options_init(&o);
	struct cfa_data d = {2 * n, p, x, p, group, 2};
	CHECK_INT(cfa_invariance_run(&s, &d, &o, inv), GSL_SUCCESS);
	cfa_spec_release(&s);
	free(a);
	free(b);
	free(x);
	free(group);
	gsl_rng_free(rng);
}

TEST(cfa_simulated_non_invariance)
{
	struct cfa_invariance inv;

	/* loadings differ: the metric step fails */
	non_invariant(1, &inv);
	for (int st = 0; st < CFA_STEPS; st++)
		CHECK_INT(inv.step[st].status, GSL_SUCCESS);
	CHECK(inv.step[CFA_CONFIGURAL].fit->standard.p > 0.001);
	CHECK(inv.step[CFA_METRIC].p < 1e-6);
	cfa_invariance_release(&inv);
	/* intercepts differ: metric holds, the scalar step fails; the latent means are recovered */
	non_invariant(0, &inv);
	CHECK(inv.step[CFA_METRIC].p > 0.001);
	CHECK(inv.step[CFA_SCALAR].p < 1e-6);
	CHECK(inv.step[CFA_SCALAR].delta_cfi < -0.01);
	cfa_invariance_release(&inv);
}

TEST(cfa_simulated_latent_means)
{
	/* invariant groups: every step holds, and the scalar step's latent means of the second group
	 * are within 3 SE of the planted differences (0.3, -0.2) */
	const size_t p = 6, n = 1500, factor_of[6] = {0, 0, 0, 1, 1, 1};
	const double lambda[6] = {1, .8, .9, 1, .7, 1.1}, nu[6] = {3, 3.2, 2.9, 4, 3.6, 3.8},
		     theta[6] = {.5, .4, .5, .4, .5, .6}, phi[4] = {1, .4, .4, .9}, alpha[2] = {.3, -.2};
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct cfa_spec s;
	struct cfa_options o;
	struct cfa_invariance inv;

	gsl_rng_set(rng, 13);
	double *a = factor_data(n, p, 2, factor_of, lambda, theta, nu, phi, NULL, rng);
	double *b = factor_data(n, p, 2, factor_of, lambda, theta, nu, phi, alpha, rng);
	double *x = malloc(2 * n * p * sizeof *x);
	size_t *group = malloc(2 * n * sizeof *group);
	memcpy(x, a, n * p * sizeof *x);
	memcpy(x + n * p, b, n * p * sizeof *x);
	for (size_t r = 0; r < 2 * n; r++)
		group[r] = r >= n;
	cfa_spec_init(&s, p, 2, 2);
	cfa_spec_scales(&s, factor_of);
	cfa_options_init(&o);
	struct cfa_data d = {2 * n, p, x, p, group, 2};
	CHECK_INT(cfa_invariance_run(&s, &d, &o, &inv), GSL_SUCCESS);
	for (int st = CFA_METRIC; st < CFA_STEPS; st++)
		CHECK(inv.step[st].p > 0.001);
	const struct cfa_fit *fit = inv.step[CFA_SCALAR].fit;
	for (size_t f = 0; f < 2; f++) {
		size_t k0 = cfa_spec_find(&fit->spec, CFA_LATENT_MEAN, 0, f, 0), k1 = cfa_spec_find(&fit->spec, CFA_LATENT_MEAN, 1, f, 0);
		CHECK(!fit->spec.param[k0].free && fit->par[k0].est == 0);
		CHECK(fit->spec.param[k1].free);
		CHECK(fabs(fit->par[k1].est - alpha[f]) < 3 * fit->par[k1].se);
	}
	cfa_invariance_release(&inv);
	cfa_spec_release(&s);
	free(a);
	free(b);
	free(x);
	free(group);
	gsl_rng_free(rng);
}
