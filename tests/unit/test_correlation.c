/* models/correlation against psych::corr.test (ref.R: glbwarm_correlations.json). */
#include "test.h"

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>

#include "models/correlation.h"
#include "model_ref.h"

TEST(correlation_glbwarm_matches_corr_test)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	json_t *ref = refjson("reference/glbwarm_correlations.json");
	gsl_matrix *D = refdesign(g, "govact,negemot,posemot,ideology,age");
	gsl_matrix *r = gsl_matrix_alloc(5, 5), *p = gsl_matrix_alloc(5, 5), *c = gsl_matrix_alloc(5, 5);

	CHECK_INT(correlation_matrix(D, r, p, c), GSL_SUCCESS);
	for (size_t a = 0; a < 5; a++)
		for (size_t b = 0; b < 5; b++) {
			char key[64];
			snprintf(key, sizeof key, "r[%zu][%zu]", a, b);
			CHECK_CLOSE(gsl_matrix_get(r, a, b), refnum(ref, key), 1e-12);
			snprintf(key, sizeof key, "p[%zu][%zu]", a, b);
			CHECK_CLOSE(gsl_matrix_get(p, a, b), refnum(ref, key), 1e-8);
			CHECK_CLOSE(gsl_matrix_get(c, a, b), 815, 0);
		}
	gsl_matrix_free(D);
	gsl_matrix_free(r);
	gsl_matrix_free(p);
	gsl_matrix_free(c);
	json_decref(ref);
	reftable_free(g);
}

TEST(correlation_edge_cases)
{
	double x[] = {1, 2, NAN, 4, 5}, y[] = {2, 4, 6, NAN, 10}, k[] = {3, 3, 3, 3, 3};
	struct correlation c;

	CHECK_INT(correlation_pair(x, y, 5, &c), GSL_SUCCESS); /* 3 complete pairs, exactly linear */
	CHECK_INT(c.n, 3);
	CHECK_CLOSE(c.r, 1, 1e-15);
	CHECK_CLOSE(c.p, 0, 0);
	CHECK_INT(correlation_pair(x, k, 5, &c), GSL_EDOM); /* constant */
	CHECK(isnan(c.r));
	CHECK_INT(correlation_pair(x, y, 2, &c), GSL_EDOM); /* n = 2 */
	CHECK_INT(correlation_pair(x, y, 0, &c), GSL_EDOM);
	CHECK_INT(c.n, 0);
}

/* Variables held as separate arrays give the matrix of the stored columns bit for bit. */
TEST(correlation_columns_equal_matrix)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	gsl_matrix *D = refdesign(g, "govact,negemot,posemot,ideology,age");
	gsl_matrix *r = gsl_matrix_alloc(5, 5), *p = gsl_matrix_alloc(5, 5), *c = gsl_matrix_alloc(5, 5);
	gsl_matrix *r2 = gsl_matrix_alloc(5, 5), *p2 = gsl_matrix_alloc(5, 5), *c2 = gsl_matrix_alloc(5, 5);
	const double *cols[5];

	cols[0] = refcol(g, "govact");
	cols[1] = refcol(g, "negemot");
	cols[2] = refcol(g, "posemot");
	cols[3] = refcol(g, "ideology");
	cols[4] = refcol(g, "age");
	CHECK_INT(correlation_matrix(D, r, p, c), GSL_SUCCESS);
	CHECK_INT(correlation_columns(cols, 5, g->n, r2, p2, c2), GSL_SUCCESS);
	for (size_t a = 0; a < 5; a++)
		for (size_t b = 0; b < 5; b++) {
			CHECK_CLOSE(gsl_matrix_get(r2, a, b), gsl_matrix_get(r, a, b), 0);
			CHECK_CLOSE(gsl_matrix_get(p2, a, b), gsl_matrix_get(p, a, b), 0);
			CHECK_CLOSE(gsl_matrix_get(c2, a, b), gsl_matrix_get(c, a, b), 0);
		}
	CHECK_INT(correlation_columns(cols, 4, g->n, r2, p2, c2), GSL_EBADLEN);
	gsl_matrix_free(D);
	gsl_matrix_free(r);
	gsl_matrix_free(p);
	gsl_matrix_free(c);
	gsl_matrix_free(r2);
	gsl_matrix_free(p2);
	gsl_matrix_free(c2);
	reftable_free(g);
}

/* scripts/ref/correlation_fisher_ci.R: cor.test(x, y, conf.level = 0.95 and 0.90)$conf.int */
TEST(correlation_fisher_ci_matches_cor_test)
{
	double x[] = {2, 4, 4, 5, 7, 8, 9, 11, 12, 15}, y[] = {1, 3, 2, 6, 5, 9, 7, 10, 14, 12}, lo, hi;
	struct correlation c;

	CHECK_INT(correlation_pair(x, y, 10, &c), GSL_SUCCESS);
	CHECK_CLOSE(c.r, 0.92775122552890732, 1e-12);
	correlation_fisher_ci(c.r, c.n, 0.95, &lo, &hi);
	CHECK_CLOSE(lo, 0.71688180525634515, 1e-12);
	CHECK_CLOSE(hi, 0.98310811935697884, 1e-12);
	correlation_fisher_ci(c.r, c.n, 0.90, &lo, &hi);
	CHECK_CLOSE(lo, 0.76998902531521785, 1e-12);
	CHECK_CLOSE(hi, 0.97861338986229263, 1e-12);
	/* undefined: too few pairs, |r| = 1, r NaN */
	correlation_fisher_ci(0.5, 3, 0.95, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
	correlation_fisher_ci(1, 50, 0.95, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
	correlation_fisher_ci(NAN, 50, 0.95, &lo, &hi);
	CHECK(isnan(lo) && isnan(hi));
}
