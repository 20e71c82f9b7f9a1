/* models/ols against R: tests/fixtures/reference/ref.R (lm, summary.lm, car::vif, scale(),
 * sandwich::vcovHC) on Hayes' glbwarm data; edge cases provoked on purpose. */
#include "test.h"

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>

#include "models/ols.h"
#include "models/ols_tests.h"
#include "model_ref.h"

/* every coefficient of `fit` against the array at `path` (R's order = the design's order) */
static void check_coefs(const struct ols_fit *fit, const json_t *ref, const char *path)
{
	char key[256];

	for (size_t j = 0; j < fit->p; j++) {
		snprintf(key, sizeof key, "%s[%zu].b", path, j);
		CHECK_CLOSE(gsl_vector_get(fit->b, j), refnum(ref, key), 1e-9);
		snprintf(key, sizeof key, "%s[%zu].se", path, j);
		CHECK_CLOSE(gsl_vector_get(fit->se, j), refnum(ref, key), 1e-9);
		snprintf(key, sizeof key, "%s[%zu].t", path, j);
		CHECK_CLOSE(gsl_vector_get(fit->t, j), refnum(ref, key), 1e-9);
		snprintf(key, sizeof key, "%s[%zu].p", path, j);
		CHECK_CLOSE(gsl_vector_get(fit->p_value, j), refnum(ref, key), 1e-7);
		snprintf(key, sizeof key, "%s[%zu].llci", path, j);
		CHECK_CLOSE(gsl_vector_get(fit->llci, j), refnum(ref, key), 1e-9);
		snprintf(key, sizeof key, "%s[%zu].ulci", path, j);
		CHECK_CLOSE(gsl_vector_get(fit->ulci, j), refnum(ref, key), 1e-9);
	}
}

TEST(ols_glbwarm_regression_matches_r)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	json_t *ref = refjson("reference/glbwarm_regression.json");
	gsl_matrix *X = refdesign(g, "negemot,posemot,ideology,age,sex");
	gsl_vector *y = refvector(g, "govact");
	struct ols_fit *fit = ols_fit_alloc(g->n, 5);
	struct ols_options o;

	ols_options_init(&o);
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_SUCCESS);
	ref_check_model(fit, ref);
	check_coefs(fit, ref, "model.coefficients");
	for (size_t j = 0; j < 5; j++) {
		char key[64];
		snprintf(key, sizeof key, "beta[%zu]", j);
		CHECK_CLOSE(gsl_vector_get(fit->beta, j + 1), refnum(ref, key), 1e-9);
		snprintf(key, sizeof key, "vif[%zu]", j);
		CHECK_CLOSE(gsl_vector_get(fit->vif, j), refnum(ref, key), 1e-9);
		CHECK_CLOSE(gsl_vector_get(fit->tolerance, j) * gsl_vector_get(fit->vif, j), 1, 1e-12);
	}
	CHECK(isnan(gsl_vector_get(fit->beta, 0)));
	CHECK(fit->condition > 1 && fit->condition < 10);
	ols_fit_free(fit);
	gsl_matrix_free(X);
	gsl_vector_free(y);
	json_decref(ref);
	reftable_free(g);
}

/* PROCESS model 1 coefficients in R's order: negemot, age, posemot, ideology, sex, negemot:age */
static gsl_matrix *model1_design(const struct reftable *g)
{
	gsl_matrix *X = gsl_matrix_alloc(g->n, 6);
	const char *cols[] = {"negemot", "age", "posemot", "ideology", "sex"};

	for (size_t j = 0; j < 5; j++) {
		const double *c = refcol(g, cols[j]);
		for (size_t i = 0; i < g->n; i++)
			gsl_matrix_set(X, i, j, c[i]);
	}
	for (size_t i = 0; i < g->n; i++)
		gsl_matrix_set(X, i, 5, gsl_matrix_get(X, i, 0) * gsl_matrix_get(X, i, 1));
	return X;
}

TEST(ols_glbwarm_model1_and_hc_match_r)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	json_t *ref = refjson("reference/glbwarm_model1.json");
	gsl_matrix *X = model1_design(g);
	gsl_vector *y = refvector(g, "govact");
	struct ols_fit *fit = ols_fit_alloc(g->n, 6);
	struct ols_options o;
	const struct {
		enum ols_cov_type type;
		const char *key;
	} hc[] = {{OLS_HC0, "hc0"}, {OLS_HC3, "hc3"}, {OLS_HC4, "hc4"}};
	size_t xw = 6;
	double r2c;
	struct wald w;

	ols_options_init(&o);
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_SUCCESS);
	ref_check_model(fit, ref);
	check_coefs(fit, ref, "model.coefficients");
	/* interaction test: R2 change and F of dropping negemot:age */
	CHECK_INT(ols_r2_change(fit, &xw, 1, &r2c), GSL_SUCCESS);
	CHECK_INT(ols_wald_terms(fit, &xw, 1, NULL, &w), GSL_SUCCESS);
	ref_check_interaction_test(r2c, w.F, w.df1, w.df2, w.p, ref, 1e-7);
	for (size_t h = 0; h < sizeof hc / sizeof hc[0]; h++) {
		o.cov = hc[h].type;
		CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_SUCCESS);
		check_coefs(fit, ref, hc[h].key);
		CHECK_CLOSE(fit->r2, refnum(ref, "model.r2"), 1e-10);
	}
	ols_fit_free(fit);
	gsl_matrix_free(X);
	gsl_vector_free(y);
	json_decref(ref);
	reftable_free(g);
}
