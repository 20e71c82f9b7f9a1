/* Test helpers: the shared reference data (tests/fixtures/reference) as numeric columns, and
 * their JSON reference values. Only for the unit tests: the toolkit reads data through io/. */
#ifndef SURVEYKIT_TEST_MODEL_REF_H
#define SURVEYKIT_TEST_MODEL_REF_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include <jansson.h>

/* A numeric CSV with a header line (names optionally in double quotes), column-major. */
struct reftable {
	size_t n, k;
	char **names;
	double *v; /* column j at v + j * n */
};

/* Reads tests/fixtures/<name>; aborts the test run on failure (a broken fixture). */
struct reftable *reftable_read(const char *name);
void reftable_free(struct reftable *t);
const double *refcol(const struct reftable *t, const char *name);
/* n x k design from the named columns (comma-separated). */
gsl_matrix *refdesign(const struct reftable *t, const char *names);
gsl_vector *refvector(const struct reftable *t, const char *name);

/* tests/fixtures/<name> parsed; aborts on failure. */
json_t *refjson(const char *name);
/* The value at a path like "model.coefficients[2]" (NULL if absent). */
const json_t *refget(const json_t *root, const char *path);
/* A number at a path like "model.coefficients[2].b" ("" keys and [i] indices). NaN if absent. */
double refnum(const json_t *root, const char *path);
/* Field `field` of the element of the array at `path` whose "term" is `term`; NaN if absent. */
double refterm(const json_t *root, const char *path, const char *term, const char *field);

/* Checks against a ref.R "model" object: n, R2, adjusted R2, F, df1, df2 (p to 1e-7 absolute). */
struct ols_fit;
void ref_check_model(const struct ols_fit *fit, const json_t *ref);
/* Checks an F test against the reference object at `prefix` (its F, df1, df2 and p keys): F to
 * F_tol, the degrees of freedom exactly, p to p_tol. */
void ref_check_f_test(const json_t *ref, const char *prefix, double F, double df1, double df2, double p, double F_tol,
		      double p_tol);
/* Checks a test of the highest-order interaction against ref.R's "interaction_test" object. */
void ref_check_interaction_test(double r2_change, double F, double df1, double df2, double p, const json_t *ref,
				double p_tol);

#endif
