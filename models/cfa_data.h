/* The data a confirmatory factor model is fitted to, and why a fit cannot be made.
 *
 * Data: n rows of p items in the specification's item order (row r, item i at
 * x[r * stride + i]; NaN marks a missing answer), and optionally the group of each row (0 ..
 * groups - 1, or CFA_NONE for a row that belongs to no group: it is left out and counted).
 * Ownership: the engine reads the data during a fit and keeps no pointer to it afterwards. */
#ifndef SURVEYKIT_MODELS_CFA_DATA_H
#define SURVEYKIT_MODELS_CFA_DATA_H

#include <stddef.h>

#include "models/cfa_spec.h"

struct cfa_data {
	size_t n, p;
	const double *x;
	size_t stride;       /* >= p */
	const size_t *group; /* NULL: every row in group 0 */
	size_t groups;       /* 1 when group is NULL */
};

/* Why a fit failed or is inadmissible. Each names what is at fault through the indices of
 * struct cfa_why (CFA_NONE where they do not apply). */
enum cfa_problem {
	CFA_OK = 0,
	CFA_BAD_SPEC,          /* the specification is invalid: why.spec says how */
	CFA_BAD_DATA,          /* the data do not match the specification (p, groups) */
	CFA_BAD_OPTIONS,       /* the options cannot go together (MLM needs complete data, as in lavaan) */
	CFA_NOT_FINITE,        /* item `item` of row `row` is infinite */
	CFA_EMPTY_GROUP,       /* group `group` has fewer than two usable rows */
	CFA_CONSTANT_ITEM,     /* item `item` has no variance (or fewer than two answers) in group `group` */
	CFA_SAMPLE_NOT_PD,     /* the sample (or EM) covariance matrix of group `group` is singular: item
				* `item` is a linear combination of the items before it */
	CFA_EM_NOT_CONVERGED,  /* the EM estimate of the saturated model did not converge in group `group` */
	CFA_NEGATIVE_DF,       /* more free parameters (why.count) than sample moments (why.moments): df < 0 */
	CFA_NOT_IDENTIFIED,    /* the information matrix is singular: parameter `param` (and `param2`) can
				* change without changing the fit (local identification fails) */
	CFA_NOT_CONVERGED,     /* the optimiser stopped after the iteration limit (why.count iterations) */
	CFA_IMPLIED_NOT_PD,    /* the model-implied covariance matrix of group `group` is not positive
				* definite at the estimates (or the optimiser could not leave such a region) */
	CFA_HEYWOOD,           /* a variance estimate is negative: the residual variance of item `item`,
				* or the variance of factor `factor`, in group `group` (inadmissible) */
	CFA_LATENT_NOT_PD,     /* the factor covariance matrix of group `group` is not positive definite:
				* factors `factor` and `factor2` correlate beyond +/-1 (inadmissible) */
};

struct cfa_why {
	enum cfa_problem problem;
	size_t group, item, factor, factor2, param, param2, row;
	size_t count, moments;
	struct cfa_spec_error spec;
};

#endif
