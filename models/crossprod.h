/* Weighted cross-products of a set of variables, and regressions of one variable on others
 * solved from them: the fast path for refitting the same equations on many bootstrap resamples.
 *
 * The data (n cases x q variables) are stored once, shifted by their full-sample means so that
 * resample sums stay small and the centring S_ab - S_a S_b / n loses no precision. A resample is
 * given by case weights (bootstrap counts); one pass over the cases with a non-zero weight
 * accumulates S = sum c_i (1, d_i)(1, d_i)'. A regression of variable y on variables P is then
 * the Cholesky solution of the centred normal equations C_PP b = C_Py, taken on the correlation
 * scale with the same tolerance rule as models/ols.h (a predictor whose tolerance given the
 * predictors before it is below `tol` makes the resample singular).
 *
 * Ownership: crossprod_data is read-only once built and may be shared between threads; each
 * thread uses its own struct crossprod. */
#ifndef SURVEYKIT_MODELS_CROSSPROD_H
#define SURVEYKIT_MODELS_CROSSPROD_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

struct crossprod_data {
	size_t n, q;
	gsl_matrix *D;     /* n x (q + 1): column 0 is 1, then the shifted variables */
	double *shift;     /* q full-sample means */
	/* each case's products v_a v_b (a <= b, the upper triangle of (q+1) x (q+1) row by row),
	 * stored product by product (packed[c * n + i]) so that a resample's sums are np weighted
	 * dot products over contiguous memory; kept only when they take at most CROSSPROD_PACKED_MAX
	 * doubles (NULL otherwise: products formed case by case) */
	double *packed;
	size_t np;         /* (q + 1)(q + 2) / 2 */
};

#define CROSSPROD_PACKED_MAX ((size_t)8 << 20)

/* Copies the n x q data (NaN not allowed); NULL when out of memory. */
struct crossprod_data *crossprod_data_alloc(const gsl_matrix *data);
void crossprod_data_free(struct crossprod_data *d);

struct crossprod {
	size_t q;
	double n;          /* sum of the weights */
	gsl_matrix *S;     /* (q + 1) x (q + 1), upper triangle accumulated */
	gsl_matrix *C;     /* q x q centred cross-products (sum of squares about the resample mean) */
	double *mean;      /* q resample means, in the original units */
	gsl_matrix *A;     /* q x q scratch for a regression */
	double *r, *scale, *packed;
	double *w;         /* n case weights as doubles */
};

/* For q variables and n cases; NULL when out of memory. */
struct crossprod *crossprod_alloc(size_t q, size_t n);
void crossprod_free(struct crossprod *cp);

/* S, C and the means over the cases weighted by counts (NULL: every case once). */
void crossprod_accumulate(struct crossprod *cp, const struct crossprod_data *d, const unsigned *counts);

/* Regression of variable y on variables pred[0..k): slopes into b[0..k), the intercept into *b0
 * (may be NULL). GSL_ESING when a predictor is constant or falls below the tolerance. */
int crossprod_regress(struct crossprod *cp, const size_t *pred, size_t k, size_t y, double tol, double *b,
		      double *b0);

/* Sample SD (n - 1) of variable j from the last accumulation. */
double crossprod_sd(const struct crossprod *cp, size_t j);

/* One bootstrap thread's workspace for a statistic computed from cross-products (the ws_alloc /
 * ws_free of models/bootstrap.h): a struct crossprod of q variables over n cases and `scratch`
 * doubles, zeroed, that the statistic divides as it needs (coefficients, correlations, sums).
 * NULL when out of memory; crossprod_ws_free(NULL) is a no-op. */
struct crossprod_ws {
	struct crossprod *cp;
	double *scratch;
};
struct crossprod_ws *crossprod_ws_alloc(size_t q, size_t n, size_t scratch);
void crossprod_ws_free(void *ws);

#endif
