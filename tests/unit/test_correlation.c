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
