/* Mediation as `surveykit mediate` runs it on the PROCESS engine (models 4 and 7:
 * models/process_fit.h, process_effects.h, process_boot.h), models/bootstrap and
 * models/crossprod. Point estimates against two-equation lm fits in R,
 * bootstrap percentile CIs against R's own case resampling (B = 20000) within Monte-Carlo error:
 * scripts/ref/mediation.R wrote tests/fixtures/models/mediation.json. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "models/bootstrap.h"
#include "models/crossprod.h"
#include "models/ols.h"
#include "models/process_boot.h"
#include "models/process_effects.h"
#include "models/process_fit.h"
#include "models/process_model.h"
#include "model_ref.h"

/* |ours - R| within 0.25 bootstrap SEs: the Monte-Carlo SD of a 2.5% quantile of B = 5000 draws is
 * about 0.04 SE for a normal statistic (sqrt(.025 .975 / B) / phi(1.96)), R's own at B = 20000 about
 * 0.02 SE; 0.25 SE is over five times their combined SD. */
#define MC_TOL 0.25

static gsl_matrix *columns(const struct reftable *t, const char *names)
{
	return refdesign(t, names);
}

/* Fits PROCESS model `number` (k mediators, ncov covariates) to d (aborts the test run when it
 * cannot). */
static struct proc_fit *fit_model(int number, size_t k, size_t ncov, struct proc_data *d)
{
	struct proc_model m;
	enum proc_model_problem why;
	struct proc_fit *f = NULL;

	ols_options_init(&d->ols);
	CHECK_INT(proc_model_init(&m, number, k, ncov, NULL, &why), GSL_SUCCESS);
	CHECK_INT(proc_fit_run(&m, d, &f), GSL_SUCCESS);
	return f;
}

/* What `surveykit mediate` reports for model 4, from the engine (models/process_fit.h,
 * models/process_effects.h, models/process_boot.h): equation 0 and 1 the mediators', 2 Y's,
 * 3 the total-effect equation. */
TEST(mediation_model4_parallel_matches_lm)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	json_t *ref = refjson("models/mediation.json");
	gsl_matrix *C = columns(g, "age,sex"), *draws;
	struct proc_data d = {.n = g->n, .x = {.v = refcol(g, "ideology")}, .m = {refcol(g, "negemot"), refcol(g, "posemot")},
			      .y = refcol(g, "govact"), .cov = C};
	struct proc_fit *f = fit_model(4, 2, 2, &d);
	const struct proc_stat st[5] = {
		{.kind = PROC_STAT_INDIRECT, .path = 0},
		{.kind = PROC_STAT_INDIRECT, .path = 1},
		{.kind = PROC_STAT_TOTAL_INDIRECT},
		{.kind = PROC_STAT_INDIRECT, .path = 0, .scale = PROC_SCALE_COMPLETE},
		{.kind = PROC_STAT_TOTAL_INDIRECT, .scale = PROC_SCALE_COMPLETE},
	};
	const struct proc_stat partial = {.kind = PROC_STAT_INDIRECT, .path = 0, .scale = PROC_SCALE_PARTIAL};
	const char *names[] = {"ind1", "ind2", "total", "std1", "stdtot"};
	const struct ols_fit *a0 = f->eq[0].fit, *a1 = f->eq[1].fit, *yf = f->eq[2].fit, *cf = f->eq[3].fit;
	double est[5], *work;
	size_t replaced;
	struct boot_ci ci;

	CHECK_CLOSE(gsl_vector_get(a0->b, 1), refnum(ref, "model4.a[0]"), 1e-10);
	CHECK_CLOSE(gsl_vector_get(a1->b, 1), refnum(ref, "model4.a[1]"), 1e-10);
	CHECK_CLOSE(gsl_vector_get(a0->se, 1), refnum(ref, "model4.a_se[0]"), 1e-10);
	CHECK_CLOSE(gsl_vector_get(yf->b, 2), refnum(ref, "model4.b[0]"), 1e-10);
	CHECK_CLOSE(gsl_vector_get(yf->b, 3), refnum(ref, "model4.b[1]"), 1e-10);
	CHECK_CLOSE(gsl_vector_get(yf->b, 1), refnum(ref, "model4.direct"), 1e-10);
	CHECK_CLOSE(gsl_vector_get(yf->se, 1), refnum(ref, "model4.direct_se"), 1e-10);
	CHECK_CLOSE(gsl_vector_get(cf->b, 1), refnum(ref, "model4.total"), 1e-10);
	CHECK_CLOSE(gsl_vector_get(cf->se, 1), refnum(ref, "model4.total_se"), 1e-10);
	CHECK_CLOSE(yf->r2, refnum(ref, "model4.y_r2"), 1e-10);
	for (size_t i = 0; i < 5; i++) {
		char key[64];
		snprintf(key, sizeof key, "model4.estimates.%s", names[i]);
		est[i] = proc_stat_estimate(f, &st[i]);
		CHECK_CLOSE(est[i], refnum(ref, key), 1e-10);
	}
	CHECK_CLOSE(proc_stat_estimate(f, &partial), refnum(ref, "model4.partially_std1"), 1e-10);
	/* total = direct + indirect, exactly for OLS with the same covariates */
	CHECK_CLOSE(gsl_vector_get(cf->b, 1), gsl_vector_get(yf->b, 1) + est[2], 1e-12);
	/* bootstrap: against R's percentile CIs within Monte-Carlo error */
	draws = gsl_matrix_alloc(5000, 5);
	work = malloc(5000 * sizeof *work);
	CHECK_INT(proc_bootstrap(f, st, 5, 5000, 12345, 0, draws, &replaced), GSL_SUCCESS);
	CHECK_INT(replaced, 0);
	for (size_t i = 0; i < 5; i++) {
		char key[64];
		double se_r;
		CHECK_INT(bootstrap_ci(draws, i, est[i], 0.95, work, &ci), GSL_SUCCESS);
		snprintf(key, sizeof key, "model4.boot_se.%s", names[i]);
		se_r = refnum(ref, key);
		CHECK_NEAR(ci.se, se_r, 0.05 * se_r);
		snprintf(key, sizeof key, "model4.boot_ci.%s[0]", names[i]);
		CHECK_NEAR(ci.llci, refnum(ref, key), MC_TOL * se_r);
		snprintf(key, sizeof key, "model4.boot_ci.%s[1]", names[i]);
		CHECK_NEAR(ci.ulci, refnum(ref, key), MC_TOL * se_r);
		CHECK(ci.bc_llci < est[i] && ci.bc_ulci > est[i]);
	}
	free(work);
	gsl_matrix_free(draws);
	proc_fit_free(f);
	gsl_matrix_free(C);
	json_decref(ref);
	reftable_free(g);
}

TEST(mediation_model4_categorical_x_matches_lm)
{
	struct reftable *p = reftable_read("reference/protest.csv");
	json_t *ref = refjson("models/mediation.json");
	size_t *code = malloc(p->n * sizeof *code);
	const double *pr = refcol(p, "protest");
	struct proc_data d = {.n = p->n, .x = {NULL, code, 3, CODING_INDICATOR}, .m = {refcol(p, "respappr")},
			      .y = refcol(p, "liking")};
	struct proc_fit *f;

	for (size_t i = 0; i < p->n; i++)
		code[i] = (size_t)pr[i];
	f = fit_model(4, 1, 0, &d);
	/* no completely standardised effect of a multicategorical X */
	CHECK_INT(proc_stat_check(f, &(struct proc_stat){.kind = PROC_STAT_INDIRECT, .scale = PROC_SCALE_COMPLETE}),
		  GSL_EINVAL);
	for (size_t c = 0; c < 2; c++) {
		char key[64];
		snprintf(key, sizeof key, "mcx.a[%zu]", c);
		CHECK_CLOSE(gsl_vector_get(f->eq[0].fit->b, 1 + c), refnum(ref, key), 1e-10);
		snprintf(key, sizeof key, "mcx.ind[%zu]", c);
		CHECK_CLOSE(proc_stat_estimate(f, &(struct proc_stat){.kind = PROC_STAT_INDIRECT, .col = c}), refnum(ref, key),
			    1e-10);
		snprintf(key, sizeof key, "mcx.direct[%zu]", c);
		CHECK_CLOSE(gsl_vector_get(f->eq[1].fit->b, 1 + c), refnum(ref, key), 1e-10);
		snprintf(key, sizeof key, "mcx.total[%zu]", c);
		CHECK_CLOSE(gsl_vector_get(f->eq[2].fit->b, 1 + c), refnum(ref, key), 1e-10);
	}
	CHECK_CLOSE(gsl_vector_get(f->eq[1].fit->b, 3), refnum(ref, "mcx.b"), 1e-10);
	proc_fit_free(f);
	free(code);
	json_decref(ref);
	reftable_free(p);
}

TEST(mediation_model7_matches_lm_and_r_bootstrap)
{
	struct reftable *p = reftable_read("reference/protest.csv");
	json_t *ref = refjson("models/mediation.json");
	gsl_matrix *draws;
	double *D = malloc(p->n * sizeof *D), est[4], *work;
	const double *pr = refcol(p, "protest");
	struct proc_data d = {.n = p->n, .w = {.v = refcol(p, "sexism")}, .m = {refcol(p, "respappr")},
			      .y = refcol(p, "liking")};
	struct proc_stat st[4] = {{.kind = PROC_STAT_INDIRECT}, {.kind = PROC_STAT_INDIRECT}, {.kind = PROC_STAT_INDIRECT},
				  {.kind = PROC_STAT_INDEX, .d = {{PROC_W, 0}}}};
	const char *names[] = {"cond1", "cond2", "cond3", "index"};
	struct proc_fit *f;
	size_t replaced;
	struct boot_ci ci;

	for (size_t i = 0; i < p->n; i++)
		D[i] = pr[i] > 0;
	d.x.v = D;
	f = fit_model(7, 1, 0, &d);
	CHECK_INT(f->model.n_eq, 2); /* no total-effect equation in model 7 */
	CHECK_CLOSE(gsl_vector_get(f->eq[0].fit->b, 3), refnum(ref, "model7.a[2]"), 1e-10);
	CHECK_CLOSE(gsl_vector_get(f->eq[1].fit->b, 2), refnum(ref, "model7.b"), 1e-10);
	CHECK_CLOSE(gsl_vector_get(f->eq[1].fit->b, 1), refnum(ref, "model7.direct"), 1e-10);
	for (size_t s = 0; s < 3; s++) {
		char key[64];
		snprintf(key, sizeof key, "model7.w[%zu]", s);
		CHECK_INT(proc_point_set(f, &st[s].pt, PROC_W, refnum(ref, key), 0), GSL_SUCCESS);
	}
	for (size_t i = 0; i < 4; i++) {
		char key[64];
		snprintf(key, sizeof key, "model7.estimates[%zu]", i);
		est[i] = proc_stat_estimate(f, &st[i]);
		CHECK_CLOSE(est[i], refnum(ref, key), 1e-10);
	}
	draws = gsl_matrix_alloc(5000, 4);
	work = malloc(5000 * sizeof *work);
	CHECK_INT(proc_bootstrap(f, st, 4, 5000, 777, 0, draws, &replaced), GSL_SUCCESS);
	for (size_t i = 0; i < 4; i++) {
		char key[64];
		double se_r;
		snprintf(key, sizeof key, "model7.boot_se[%zu]", i);
		se_r = refnum(ref, key);
		CHECK_INT(bootstrap_ci(draws, i, est[i], 0.95, work, &ci), GSL_SUCCESS);
		CHECK_NEAR(ci.se, se_r, 0.05 * se_r);
		snprintf(key, sizeof key, "model7.boot_ci.%s[0]", names[i]);
		CHECK_NEAR(ci.llci, refnum(ref, key), MC_TOL * se_r);
		snprintf(key, sizeof key, "model7.boot_ci.%s[1]", names[i]);
		CHECK_NEAR(ci.ulci, refnum(ref, key), MC_TOL * se_r);
	}
	free(work);
	gsl_matrix_free(draws);
	proc_fit_free(f);
	free(D);
	json_decref(ref);
	reftable_free(p);
}

/* refits from cross-products equal the OLS fit */
TEST(crossprod_regression_equals_ols)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	gsl_matrix *V = columns(g, "negemot,posemot,ideology,age,sex,govact"), *X = columns(g, "negemot,posemot,ideology,age,sex");
	gsl_vector *y = refvector(g, "govact");
	struct ols_fit *fit = ols_fit_alloc(g->n, 5);
	struct ols_options o;
	struct crossprod_data *d = crossprod_data_alloc(V);
	struct crossprod *cp = crossprod_alloc(6, g->n);
	size_t pred[5] = {0, 1, 2, 3, 4}, dup[2] = {0, 0};
	double b[5], b0;

	ols_options_init(&o);
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_SUCCESS);
	crossprod_accumulate(cp, d, NULL);
	CHECK_INT(crossprod_regress(cp, pred, 5, 5, OLS_TOLERANCE, b, &b0), GSL_SUCCESS);
	CHECK_CLOSE(b0, gsl_vector_get(fit->b, 0), 1e-11);
	for (size_t j = 0; j < 5; j++)
		CHECK_CLOSE(b[j], gsl_vector_get(fit->b, j + 1), 1e-11);
	CHECK_CLOSE(crossprod_sd(cp, 5), fit->sd_y, 1e-12);
	/* the same column twice is singular */
	CHECK_INT(crossprod_regress(cp, dup, 2, 5, OLS_TOLERANCE, b, NULL), GSL_ESING);
	crossprod_free(cp);
	crossprod_data_free(d);
	ols_fit_free(fit);
	gsl_matrix_free(V);
	gsl_matrix_free(X);
	gsl_vector_free(y);
	reftable_free(g);
}

/* moderate's bootstrap: the conditional effects of X in model 1 at two values of W, drawn by the
 * engine, identical on 1, 2 and 3 threads for a seed and different for another seed. */
TEST(bootstrap_identical_whatever_the_threads)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	gsl_matrix *d1 = gsl_matrix_alloc(997, 2), *d2 = gsl_matrix_alloc(997, 2), *d3 = gsl_matrix_alloc(997, 2);
	struct proc_data d = {.n = g->n, .y = refcol(g, "govact")};
	struct proc_stat st[2];
	struct proc_fit *f;
	size_t rep1, rep2, rep3;

	d.x.v = refcol(g, "negemot");
	d.w.v = refcol(g, "age");
	f = fit_model(1, 0, 0, &d);
	for (size_t i = 0; i < 2; i++) {
		memset(&st[i], 0, sizeof st[i]);
		st[i].kind = PROC_STAT_DIRECT;
		CHECK_INT(proc_point_set(f, &st[i].pt, PROC_W, i ? 60 : 30, 0), GSL_SUCCESS);
	}
	CHECK_INT(proc_bootstrap(f, st, 2, 997, 42, 1, d1, &rep1), GSL_SUCCESS);
	CHECK_INT(proc_bootstrap(f, st, 2, 997, 42, 2, d2, &rep2), GSL_SUCCESS);
	CHECK_INT(proc_bootstrap(f, st, 2, 997, 42, 3, d3, &rep3), GSL_SUCCESS);
	CHECK(memcmp(d1->data, d2->data, 997 * 2 * sizeof(double)) == 0);
	CHECK(memcmp(d1->data, d3->data, 997 * 2 * sizeof(double)) == 0);
	CHECK_INT(proc_bootstrap(f, st, 2, 997, 43, 2, d2, &rep2), GSL_SUCCESS);
	CHECK(memcmp(d1->data, d2->data, 997 * 2 * sizeof(double)) != 0);
	/* distinct streams for distinct resamples, and for distinct seeds */
	CHECK(bootstrap_stream_seed(42, 0) != bootstrap_stream_seed(42, 1));
	CHECK(bootstrap_stream_seed(42, 0) != bootstrap_stream_seed(43, 0));
	proc_fit_free(f);
	gsl_matrix_free(d1);
	gsl_matrix_free(d2);
	gsl_matrix_free(d3);
	reftable_free(g);
}

TEST(bootstrap_ci_positions_follow_process)
{
	gsl_matrix *draws = gsl_matrix_alloc(5000, 1);
	double *work = malloc(5000 * sizeof *work);
	struct boot_ci ci;

	/* draws 1..5000 in scrambled order: the percentile CI is the 125th and 4876th value */
	for (size_t r = 0; r < 5000; r++)
		gsl_matrix_set(draws, r, 0, (double)((r * 2999) % 5000 + 1));
	CHECK_INT(bootstrap_ci(draws, 0, 2500.5, 0.95, work, &ci), GSL_SUCCESS);
	CHECK_CLOSE(ci.llci, 125, 0);
	CHECK_CLOSE(ci.ulci, 4876, 0);
	/* estimate at the median: z0 = 0, BC equals the percentile interval */
	CHECK_CLOSE(ci.bc_llci, 125, 0);
	CHECK_CLOSE(ci.bc_ulci, 4876, 0);
	CHECK_NEAR(ci.se, sqrt((5000.0 * 5000.0 - 1) / 12 * 5000.0 / 4999.0), 1e-6);
	/* 90%: 250th and 4751st */
	CHECK_INT(bootstrap_ci(draws, 0, 2500.5, 0.90, work, &ci), GSL_SUCCESS);
	CHECK_CLOSE(ci.llci, 250, 0);
	CHECK_CLOSE(ci.ulci, 4751, 0);
	/* estimate below every draw: BC undefined */
	CHECK_INT(bootstrap_ci(draws, 0, 0, 0.95, work, &ci), GSL_SUCCESS);
	CHECK(isnan(ci.bc_llci) && isnan(ci.bc_ulci));
	/* an estimate above the median shifts the BC interval up */
	CHECK_INT(bootstrap_ci(draws, 0, 3000.5, 0.95, work, &ci), GSL_SUCCESS);
	CHECK(ci.bc_llci > 125 && ci.bc_ulci > 4876);
	CHECK_INT(bootstrap_ci(draws, 0, 1, 1.5, work, &ci), GSL_EINVAL);
	free(work);
	gsl_matrix_free(draws);
}

/* a statistic that fails whenever case 0 is drawn twice or more: those resamples are replaced */
static int picky(const unsigned *counts, double *out, void *ws, const void *arg)
{
	(void)ws;
	(void)arg;
	if (counts[0] >= 2)
		return GSL_ESING;
	out[0] = counts[1];
	return GSL_SUCCESS;
}

static int never(const unsigned *counts, double *out, void *ws, const void *arg)
{
	(void)counts;
	(void)out;
	(void)ws;
	(void)arg;
	return GSL_ESING;
}

TEST(bootstrap_replaces_failed_resamples)
{
	struct boot_spec s = {10, 1, 400, 9, 2, picky, NULL, NULL, NULL};
	gsl_matrix *a = gsl_matrix_alloc(400, 1), *b = gsl_matrix_alloc(400, 1);
	size_t ra, rb;

	CHECK_INT(bootstrap_run(&s, a, &ra), GSL_SUCCESS);
	CHECK(ra > 0);
	s.threads = 1;
	CHECK_INT(bootstrap_run(&s, b, &rb), GSL_SUCCESS);
	CHECK_INT(ra, rb);
	CHECK(memcmp(a->data, b->data, 400 * sizeof(double)) == 0);
	s.stat = never;
	CHECK_INT(bootstrap_run(&s, a, &ra), GSL_EMAXITER);
	gsl_matrix_free(a);
	gsl_matrix_free(b);
}
