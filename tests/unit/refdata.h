/* Shared helpers for the tests of models/reliability and models/factor: the bfi fixture as a
 * numeric table and the reference values that scripts/ref/reliability.R wrote to
 * tests/fixtures/reliability_ref.json. */
#ifndef SURVEYKIT_TESTS_REFDATA_H
#define SURVEYKIT_TESTS_REFDATA_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <jansson.h>

/* tests/fixtures/bfi.csv: rows x cols numbers (NaN for an empty cell), column names. */
struct table {
	size_t rows, cols;
	double *v;
	char **names;
};
int table_read(const char *path, struct table *t);
void table_free(struct table *t);
size_t table_col(const struct table *t, const char *name);

/* Rows complete on the named columns, as an n x k matrix; reversed columns scored lo + hi - x. */
gsl_matrix *table_complete(const struct table *t, const char *const *cols, size_t k,
			   const int *reverse, double lo, double hi);

/* The items of several scales, complete cases, as one n x p matrix: `scales` is a JSON array of
 * arrays of column names (one per scale); items named in `reversed` (NULL-terminated) are scored
 * lo + hi - x; construct[j] (p values, at most 64) gets the scale of column j, *p the count. */
gsl_matrix *table_scales(const struct table *t, const json_t *scales, const char *const *reversed, double lo,
			 double hi, size_t *construct, size_t *p);

/* The reference document (cached; NULL when it cannot be read). */
json_t *ref_json(void);
/* A number at a path of keys like "bfi.factor.msa" (NaN when missing). */
double ref_num(const char *path);
json_t *ref_get(const char *path);

#endif
