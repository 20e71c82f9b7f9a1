/* models/logistic against R's glm(family = binomial) (scripts/ref/logistic.R,
 * tests/fixtures/models/logistic.json): mtcars am ~ wt + hp, and MASS::birthwt low ~ smoke * lwt
 * + age with the likelihood-ratio test of the interaction and conditional effects of smoke on the
 * log-odds; then the data it refuses and the separations it must recognise. */
#include "test.h"

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>

#include "model_ref.h"
#include "models/logistic.h"

/* Every coefficient statistic and the fit summary against the reference object at `key`. */
static void check_fit(const struct logit_fit *f, const json_t *ref, const char *key)
{
	char path[128];

	snprintf(path, sizeof path, "%s.n", key);
	CHECK_CLOSE(f->n_cases, refnum(ref, path), 0);
	for (size_t j = 0; j < f->p; j++) {
		static const char *const fields[] = {"b", "se", "z", "llci", "ulci", "or", "or_llci", "or_ulci"};
		const gsl_vector *got[] = {f->b, f->se, f->z, f->llci, f->ulci, f->odds, f->odds_llci, f->odds_ulci};
		for (size_t s = 0; s < sizeof fields / sizeof fields[0]; s++) {
			snprintf(path, sizeof path, "%s.%s[%zu]", key, fields[s], j);
			CHECK_CLOSE(gsl_vector_get(got[s], j), refnum(ref, path), 1e-9);
		}
		snprintf(path, sizeof path, "%s.p[%zu]", key, j);
		CHECK_CLOSE(gsl_vector_get(f->p_value, j), refnum(ref, path), 1e-8);
		for (size_t l = 0; l < f->p; l++) {
			snprintf(path, sizeof path, "%s.cov[%zu][%zu]", key, j, l);
			CHECK_CLOSE(gsl_matrix_get(f->cov, j, l), refnum(ref, path), 1e-9);
		}
	}
	snprintf(path, sizeof path, "%s.dev", key);
	CHECK_CLOSE(f->dev, refnum(ref, path), 1e-10);
	snprintf(path, sizeof path, "%s.dev_null", key);
	CHECK_CLOSE(f->dev_null, refnum(ref, path), 1e-12);
	snprintf(path, sizeof path, "%s.chi2", key);
	CHECK_CLOSE(f->chi2, refnum(ref, path), 1e-9);
	snprintf(path, sizeof path, "%s.df", key);
	CHECK_CLOSE(f->df, refnum(ref, path), 0);
	snprintf(path, sizeof path, "%s.p_chi2", key);
	CHECK_CLOSE(f->p_chi2, refnum(ref, path), 1e-8);
	snprintf(path, sizeof path, "%s.mcfadden", key);
	CHECK_CLOSE(f->mcfadden, refnum(ref, path), 1e-9);
	snprintf(path, sizeof path, "%s.cox_snell", key);
	CHECK_CLOSE(f->cox_snell, refnum(ref, path), 1e-9);
	snprintf(path, sizeof path, "%s.nagelkerke", key);
	CHECK_CLOSE(f->nagelkerke, refnum(ref, path), 1e-9);
}

TEST(logistic_mtcars_matches_glm)
{
	struct reftable *t = reftable_read("models/logistic_mtcars.csv");
	json_t *ref = refjson("models/logistic.json");
	gsl_matrix *X = refdesign(t, "wt,hp");
	gsl_vector *y = refvector(t, "am");
	struct logit_fit *f = logit_fit_alloc(t->n, 2);
	struct logit_options o;

	logit_options_init(&o);
	CHECK_INT(logit_fit_run(f, X, y, NULL, &o), GSL_SUCCESS);
	check_fit(f, ref, "mtcars");
	CHECK(f->iterations < 15);
	logit_fit_free(f);
	gsl_matrix_free(X);
	gsl_vector_free(y);
	json_decref(ref);
	reftable_free(t);
}

/* R's column order: smoke, lwt, age, smoke:lwt. */
static gsl_matrix *birthwt_design(const struct reftable *t)
{
	gsl_matrix *X = gsl_matrix_alloc(t->n, 4);
	const double *s = refcol(t, "smoke"), *l = refcol(t, "lwt"), *a = refcol(t, "age");

	for (size_t i = 0; i < t->n; i++) {
		gsl_matrix_set(X, i, 0, s[i]);
		gsl_matrix_set(X, i, 1, l[i]);
		gsl_matrix_set(X, i, 2, a[i]);
		gsl_matrix_set(X, i, 3, s[i] * l[i]);
	}
	return X;
}

TEST(logistic_birthwt_interaction_matches_glm)
{
	struct reftable *t = reftable_read("models/logistic_birthwt.csv");
	json_t *ref = refjson("models/logistic.json");
	gsl_matrix *X = birthwt_design(t);
	gsl_vector *y = refvector(t, "low");
	struct logit_fit *f = logit_fit_alloc(t->n, 4), *r = logit_fit_alloc(t->n, 3);
	struct logit_options o;
	struct logit_lr lr;
	size_t drop[] = {3};

	logit_options_init(&o);
	CHECK_INT(logit_fit_run(f, X, y, NULL, &o), GSL_SUCCESS);
	check_fit(f, ref, "birthwt");
	/* the likelihood-ratio test of the interaction, and the reduced model itself */
	CHECK_INT(logit_drop_test(f, X, y, NULL, drop, 1, &o, r, &lr), GSL_SUCCESS);
	check_fit(r, ref, "birthwt.reduced");
	CHECK_CLOSE(lr.chi2, refnum(ref, "birthwt.interaction_lr.chi2"), 1e-8);
	CHECK_CLOSE(lr.df, 1, 0);
	CHECK_CLOSE(lr.p, refnum(ref, "birthwt.interaction_lr.p"), 1e-8);
	/* conditional effects of smoke at the 16th, 50th and 84th percentiles of lwt */
	for (size_t s = 0; s < 3; s++) {
		char path[96];
		double L[5];
		struct logit_effect e;
		for (size_t j = 0; j < 5; j++) {
			snprintf(path, sizeof path, "birthwt.conditional[%zu].L[%zu]", s, j);
			L[j] = refnum(ref, path);
		}
		logit_linear(f, L, &e);
#define COND(field)                                                                   \
	snprintf(path, sizeof path, "birthwt.conditional[%zu]." #field, s); \
	CHECK_CLOSE(e.field, refnum(ref, path), 1e-9)
		COND(est);
		COND(se);
		COND(z);
		COND(llci);
		COND(ulci);
#undef COND
		snprintf(path, sizeof path, "birthwt.conditional[%zu].p", s);
		CHECK_CLOSE(e.p, refnum(ref, path), 1e-8);
	}
	/* 90% intervals */
	o.ci = 0.90;
	CHECK_INT(logit_fit_run(f, X, y, NULL, &o), GSL_SUCCESS);
	for (size_t j = 0; j < 5; j++) {
		char path[64];
		snprintf(path, sizeof path, "birthwt.ci90.llci[%zu]", j);
		CHECK_CLOSE(gsl_vector_get(f->llci, j), refnum(ref, path), 1e-9);
		snprintf(path, sizeof path, "birthwt.ci90.ulci[%zu]", j);
		CHECK_CLOSE(gsl_vector_get(f->ulci, j), refnum(ref, path), 1e-9);
	}
	logit_fit_free(f);
	logit_fit_free(r);
	gsl_matrix_free(X);
	gsl_vector_free(y);
	json_decref(ref);
	reftable_free(t);
}

/* Frequency weights equal repeated rows; a start at the estimates converges in one step; values
 * near 1e6 with a small spread change only the intercept. */
TEST(logistic_weights_start_offset)
{
	struct reftable *t = reftable_read("models/logistic_mtcars.csv");
	gsl_matrix *X = refdesign(t, "wt,hp"), *X2 = gsl_matrix_alloc(t->n + 3, 2), *Xo = gsl_matrix_alloc(t->n, 2);
	gsl_vector *y = refvector(t, "am"), *y2 = gsl_vector_alloc(t->n + 3);
	struct logit_fit *a = logit_fit_alloc(t->n, 2), *b = logit_fit_alloc(t->n + 3, 2);
	struct logit_options o;
	double w[64];

	logit_options_init(&o);
	for (size_t i = 0; i < t->n; i++) {
		w[i] = i < 3 ? 2 : 1;
		gsl_vector_set(y2, i, gsl_vector_get(y, i));
		for (size_t j = 0; j < 2; j++) {
			gsl_matrix_set(X2, i, j, gsl_matrix_get(X, i, j));
			gsl_matrix_set(Xo, i, j, gsl_matrix_get(X, i, j) + (j ? 1e6 : 0));
		}
	}
	for (size_t i = 0; i < 3; i++) {
		gsl_vector_set(y2, t->n + i, gsl_vector_get(y, i));
		for (size_t j = 0; j < 2; j++)
			gsl_matrix_set(X2, t->n + i, j, gsl_matrix_get(X, i, j));
	}
	CHECK_INT(logit_fit_run(a, X, y, w, &o), GSL_SUCCESS);
	CHECK_INT(logit_fit_run(b, X2, y2, NULL, &o), GSL_SUCCESS);
	CHECK_CLOSE(a->n_cases, 35, 0);
	for (size_t j = 0; j < 3; j++) {
		CHECK_CLOSE(gsl_vector_get(a->b, j), gsl_vector_get(b->b, j), 1e-10);
		CHECK_CLOSE(gsl_vector_get(a->se, j), gsl_vector_get(b->se, j), 1e-10);
	}
	CHECK_CLOSE(a->dev, b->dev, 1e-12);
	CHECK_CLOSE(a->nagelkerke, b->nagelkerke, 1e-10);

	/* started at the estimates */
	CHECK_INT(logit_fit_run(a, X, y, NULL, &o), GSL_SUCCESS);
	{
		double start[3], b1 = gsl_vector_get(a->b, 1), se1 = gsl_vector_get(a->se, 1);
		for (size_t j = 0; j < 3; j++)
			start[j] = gsl_vector_get(a->b, j);
		o.start = start;
		CHECK_INT(logit_fit_run(a, X, y, NULL, &o), GSL_SUCCESS);
		CHECK(a->iterations <= 2);
		CHECK_CLOSE(gsl_vector_get(a->b, 1), b1, 1e-12);
		CHECK_CLOSE(gsl_vector_get(a->se, 1), se1, 1e-12);
		o.start = NULL;
	}
	/* hp shifted by 1e6: same slopes, SEs and deviance */
	{
		double b2 = gsl_vector_get(a->b, 2), se2 = gsl_vector_get(a->se, 2), dev = a->dev;
		CHECK_INT(logit_fit_run(a, Xo, y, NULL, &o), GSL_SUCCESS);
		CHECK_CLOSE(gsl_vector_get(a->b, 2), b2, 1e-8);
		CHECK_CLOSE(gsl_vector_get(a->se, 2), se2, 1e-8);
		CHECK_CLOSE(a->dev, dev, 1e-10);
	}
	logit_fit_free(a);
	logit_fit_free(b);
	gsl_matrix_free(X);
	gsl_matrix_free(X2);
	gsl_matrix_free(Xo);
	gsl_vector_free(y);
	gsl_vector_free(y2);
	reftable_free(t);
}

/* Runs a one- or two-predictor fit on small data; returns the status, *why the problem. */
static int fit_small(const double *x1, const double *x2, const double *y, size_t n, enum logit_problem *why,
		     size_t *bad)
{
	size_t k = x2 ? 2 : 1;
	gsl_matrix *X = gsl_matrix_alloc(n, k);
	gsl_vector *yv = gsl_vector_alloc(n);
	struct logit_fit *f = logit_fit_alloc(n, k);
	struct logit_options o;
	int status;

	logit_options_init(&o);
	for (size_t i = 0; i < n; i++) {
		gsl_matrix_set(X, i, 0, x1[i]);
		if (x2)
			gsl_matrix_set(X, i, 1, x2[i]);
		gsl_vector_set(yv, i, y[i]);
	}
	status = logit_fit_run(f, X, yv, NULL, &o);
	*why = f->problem;
	*bad = f->bad;
	logit_fit_free(f);
	gsl_matrix_free(X);
	gsl_vector_free(yv);
	return status;
}

TEST(logistic_separation)
{
	const double x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	const double noise[] = {3, 1, 4, 1, 5, 9, 2, 6, 5, 3};
	const double complete[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1};
	/* quasi-complete: x = 5 appears with both answers, every other case is separated at 5 */
	const double xq[] = {1, 2, 3, 4, 5, 5, 6, 7, 8, 9};
	/* quasi-complete on a binary predictor: every case with g = 1 answered 1 */
	const double g[] = {0, 0, 0, 0, 0, 0, 1, 1, 1, 1};
	const double yg[] = {0, 1, 0, 1, 1, 0, 1, 1, 1, 1};
	enum logit_problem why;
	size_t bad;

	CHECK_INT(fit_small(x, NULL, complete, 10, &why, &bad), GSL_ESING);
	CHECK_INT(why, LOGIT_SEPARATION);
	CHECK_INT(fit_small(noise, x, complete, 10, &why, &bad), GSL_ESING);
	CHECK_INT(why, LOGIT_SEPARATION);
	CHECK_INT(bad, 1);
	CHECK_INT(fit_small(xq, NULL, complete, 10, &why, &bad), GSL_ESING);
	CHECK_INT(why, LOGIT_QUASI_SEPARATION);
	CHECK_INT(fit_small(noise, g, yg, 10, &why, &bad), GSL_ESING);
	CHECK_INT(why, LOGIT_QUASI_SEPARATION);
	CHECK_INT(bad, 1);
	/* overlapping answers fit */
	{
		const double y[] = {0, 1, 0, 0, 1, 0, 1, 1, 0, 1};
		CHECK_INT(fit_small(x, noise, y, 10, &why, &bad), GSL_SUCCESS);
		CHECK_INT(why, LOGIT_OK);
	}
}

TEST(logistic_refuses_bad_data)
{
	const double x[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
	const double c[] = {2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
	const double x2[] = {2, 4, 6, 8, 10, 12, 14, 16, 18, 20};
	const double y[] = {0, 1, 0, 0, 1, 0, 1, 1, 0, 1};
	const double ones[] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
	const double y3[] = {0, 1, 0, 0, 2, 0, 1, 1, 0, 1};
	const double xnan[] = {1, 2, 3, NAN, 5, 6, 7, 8, 9, 10};
	enum logit_problem why;
	size_t bad;

	CHECK_INT(fit_small(x, c, y, 10, &why, &bad), GSL_EDOM);
	CHECK_INT(why, LOGIT_CONSTANT_X);
	CHECK_INT(bad, 1);
	CHECK_INT(fit_small(x, x2, y, 10, &why, &bad), GSL_ESING);
	CHECK_INT(why, LOGIT_COLLINEAR);
	CHECK_INT(bad, 1);
	CHECK_INT(fit_small(x, NULL, ones, 10, &why, &bad), GSL_EDOM);
	CHECK_INT(why, LOGIT_CONSTANT_Y);
	CHECK_INT(fit_small(x, NULL, y3, 10, &why, &bad), GSL_EDOM);
	CHECK_INT(why, LOGIT_NOT_BINARY);
	CHECK_INT(fit_small(xnan, NULL, y, 10, &why, &bad), GSL_EDOM);
	CHECK_INT(why, LOGIT_NOT_FINITE);
	/* as many cases as coefficients (3 cases, 2 predictors + intercept), and fewer */
	{
		const double z[] = {5, 1, 4};
		CHECK_INT(fit_small(x, z, y, 3, &why, &bad), GSL_EDOM);
		CHECK_INT(why, LOGIT_TOO_FEW_CASES);
		CHECK_INT(fit_small(x, z, y, 2, &why, &bad), GSL_EDOM);
		CHECK_INT(why, LOGIT_TOO_FEW_CASES);
	}
}

/* The intercept-only model (k = 0) in closed form: b0 = logit(p), SE = 1 / sqrt(n p (1 - p)),
 * deviance = null deviance; a negative weight is refused. */
TEST(logistic_intercept_only_and_weights)
{
	const double yv[] = {0, 1, 0, 0, 1, 0, 1, 1, 0, 1, 1, 1};
	gsl_vector_const_view y = gsl_vector_const_view_array(yv, 12);
	struct logit_fit *f = logit_fit_alloc(12, 0), *g = logit_fit_alloc(12, 1);
	gsl_matrix *X = gsl_matrix_alloc(12, 1);
	struct logit_options o;
	double w[12], pr = 7.0 / 12;

	logit_options_init(&o);
	CHECK_INT(logit_fit_run(f, NULL, &y.vector, NULL, &o), GSL_SUCCESS);
	CHECK_CLOSE(gsl_vector_get(f->b, 0), log(pr / (1 - pr)), 1e-12);
	CHECK_CLOSE(gsl_vector_get(f->se, 0), 1 / sqrt(12 * pr * (1 - pr)), 1e-12);
	CHECK_CLOSE(f->dev, f->dev_null, 1e-12);
	CHECK_NEAR(f->chi2, 0, 1e-12);
	for (size_t i = 0; i < 12; i++) {
		w[i] = 1;
		gsl_matrix_set(X, i, 0, (double)(i % 5));
	}
	w[4] = -1;
	CHECK_INT(logit_fit_run(g, X, &y.vector, w, &o), GSL_EDOM);
	CHECK_INT(g->problem, LOGIT_BAD_WEIGHT);
	CHECK_INT(g->bad_row, 4);
	w[4] = NAN;
	CHECK_INT(logit_fit_run(g, X, &y.vector, w, &o), GSL_EDOM);
	CHECK_INT(g->problem, LOGIT_BAD_WEIGHT);
	/* dropping the only predictor compares with the intercept-only model */
	w[4] = 1;
	{
		struct logit_lr lr;
		size_t drop[] = {0};
		CHECK_INT(logit_fit_run(g, X, &y.vector, w, &o), GSL_SUCCESS);
		CHECK_INT(logit_drop_test(g, X, &y.vector, w, drop, 1, &o, f, &lr), GSL_SUCCESS);
		CHECK_CLOSE(lr.chi2, g->chi2, 1e-12);
		CHECK_CLOSE(lr.p, g->p_chi2, 1e-12);
	}
	logit_fit_free(f);
	logit_fit_free(g);
	gsl_matrix_free(X);
}
