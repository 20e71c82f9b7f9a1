/* Helpers of the CFA tests: a data set read from a fixture CSV as the engine's struct cfa_data,
 * and comparisons of a fit with the values scripts/ref/cfa.R stored from lavaan and semTools
 * (tests/fixtures/cfa/, one JSON file per data set). */
#ifndef SURVEYKIT_TESTS_CFA_REF_H
#define SURVEYKIT_TESTS_CFA_REF_H

#include <stddef.h>

#include <jansson.h>

#include "models/cfa_data.h"
#include "models/cfa_fit.h"

struct cfa_case {
	size_t n, p, groups;
	const char *const *items;   /* p names (borrowed) */
	const char *const *factors; /* m names (borrowed) */
	double *x;                  /* n x p */
	size_t *group;              /* NULL or n */
	struct cfa_data data;
};

/* Reads the numeric CSV `path` (a path from the repository root); items in the order given,
 * an item named in `reversed` scored rev_sum - x; groups from column group_col coded 1..G
 * (NULL: one group). Aborts the test run when the fixture is broken. */
void cfa_case_load(struct cfa_case *c, const char *path, const char *const *items, size_t p,
		   const char *const *reversed, double rev_sum, const char *group_col, size_t groups);
void cfa_case_free(struct cfa_case *c);

/* The fixture tests/fixtures/cfa/<file>, cached; a member by key path "a/b/c". */
json_t *cfa_ref(const char *file, const char *path);
double cfa_refnum(const json_t *obj, const char *key);

/* The row of a lavaan parameter table matching parameter k of the fit (NULL if none). */
json_t *cfa_ref_row(const json_t *ref, const struct cfa_fit *fit, size_t k, const char *const *items,
		    const char *const *factors);

/* Compares every parameter with the reference: est, se, z, p, interval, std.all with its se,
 * z and interval (relative tolerance tol; p-values absolute 1e-8). Every reference row must
 * match one parameter. */
void cfa_check_estimates(const struct cfa_fit *fit, const json_t *ref, const char *const *items,
			 const char *const *factors, double tol);
/* Compares the chi-square, baseline, CFI, TLI, RMSEA (interval solved exactly), SRMR, logl,
 * AIC, BIC, npar and, for a robust fit, the scaled and robust measures. */
void cfa_check_measures(const struct cfa_fit *fit, const json_t *ref, double tol);

/* Compares R2, the residual correlations (cor.bollen) and mean residuals, and the sample (or EM)
 * moments of every group; items named as in the fit. */
void cfa_check_groups(const struct cfa_fit *fit, const json_t *ref, const char *const *items, double tol);

#endif
