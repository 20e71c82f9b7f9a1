/* Ordinary least squares with an intercept: y = b0 + X b + e, X holding k predictor columns.
 *
 * Method: the predictors and y are centred on their means (two-pass means with a correction
 * term, so values near 1e6 with a small spread keep their precision), the predictor columns are
 * scaled to unit length, and the normal equations of that correlation-form system R b* = g are
 * solved by a Cholesky factorisation taken in column order; one step of iterative refinement with
 * residuals computed from the data recovers the accuracy of a QR solution on well-conditioned
 * designs (semi-normal equations: Bjorck 1996, Numerical Methods for Least Squares Problems,
 * sec. 2.8; Golub & Van Loan 2013, sec. 5.3). The intercept is b0 = ybar - sum_j xbar_j b_j.
 *
 * Singularity: the Cholesky pivot of column j is 1 - R2_j, the share of the variance of x_j not
 * explained by the columns before it (its tolerance given those columns, as SPSS defines it).
 * A pivot below `tolerance` (default OLS_TOLERANCE) marks x_j as a linear combination of earlier
 * columns; the fit stops with GSL_ESING and names the columns of that combination. A column with
 * a standard deviation below OLS_CONSTANT_TOLERANCE times its mean (or exactly zero) is constant.
 * The condition number of the predictors' correlation matrix is reported as well.
 *
 * Statistics (R's lm/summary.lm; Hayes 2022 for PROCESS): b, SE, t, two-sided p from the t
 * distribution with n - k - 1 df, CI from the exact t quantile, standardised beta (b_j sd_j / sd_y,
 * the coefficient R gives on scale()d variables), R2, adjusted R2, F with its p, VIF_j = [R^-1]_jj
 * and tolerance 1 / VIF_j. With a heteroskedasticity-consistent covariance (HC0-HC4, as
 * sandwich::vcovHC: models/robust_cov.h) the SEs, t, p, CIs and the model F (a Wald test of all
 * slopes, as PROCESS does with hc=) use that covariance; R2 does not depend on it.
 *
 * Ownership: X and y are read, never kept. Every output vector/matrix belongs to the fit. */
#ifndef SURVEYKIT_MODELS_OLS_H
#define SURVEYKIT_MODELS_OLS_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* A predictor whose tolerance (1 - R2 on the predictors before it) is below this is treated as a
 * linear combination of them. 1e-10 corresponds to a VIF of 1e10, a condition number of the
 * predictors' correlation matrix of about 1e10: beyond that, double precision cannot give the
 * coefficient to the 1e-6 the toolkit promises. */
#define OLS_TOLERANCE 1e-10
/* A column is constant when its SD is zero or below this times the absolute value of its mean. */
#define OLS_CONSTANT_TOLERANCE 1e-12
/* In a linear combination found singular, earlier columns whose standardised weight is below this
 * share of the largest weight are not named. */
#define OLS_COMBINATION_TOLERANCE 1e-6

/* Covariance estimator of the coefficients. */
enum ols_cov_type {
	OLS_CLASSICAL = -1, /* s^2 (X'X)^-1 */
	OLS_HC0 = 0,
	OLS_HC1 = 1,
	OLS_HC2 = 2,
	OLS_HC3 = 3,
	OLS_HC4 = 4,
};

/* Why a fit could not be made (status GSL_EDOM or GSL_ESING). */
enum ols_problem {
	OLS_OK = 0,
	OLS_NO_PREDICTORS, /* k = 0 */
	OLS_TOO_FEW_CASES, /* n < k + 2: no residual degree of freedom */
	OLS_NOT_FINITE,    /* a value of X or y is NaN or infinite (row `bad_row`, column `bad`, k = y) */
	OLS_CONSTANT_Y,    /* y has no variance */
	OLS_CONSTANT_X,    /* predictor `bad` has no variance */
	OLS_COLLINEAR,     /* predictor `bad` is a linear combination of predictors combo[0..n_combo) */
	OLS_LEVERAGE_ONE,  /* case `bad_row` has leverage 1: HC2-HC4 are undefined */
	OLS_OVERFLOW,      /* column `bad` (k = y) is finite but its sum or sum of squares is not:
	                      values too large for double precision, a fit would be NaN */
};

struct ols_options {
	double ci;                 /* confidence level, 0 < ci < 1 (0.95) */
	enum ols_cov_type cov;     /* OLS_CLASSICAL */
	double tolerance;          /* OLS_TOLERANCE */
	int residuals;             /* 1: keep residuals and leverages (regression_diagnostics needs them) */
};
/* ci 0.95, classical, OLS_TOLERANCE, residuals kept */
void ols_options_init(struct ols_options *o);

struct ols_fit {
	size_t n, k, p;            /* cases, predictors, coefficients (k + 1) */
	/* coefficients: index 0 the intercept, j = 1..k predictor column j - 1 */
	gsl_vector *b, *se, *t, *p_value, *llci, *ulci;
	gsl_vector *beta;          /* standardised; beta[0] = NaN (no standardised intercept) */
	gsl_matrix *cov;           /* p x p, the estimator asked for */
	gsl_matrix *cov_classical; /* p x p, s^2 (X'X)^-1 */
	/* predictors, index j = 0..k-1 */
	gsl_vector *mean, *sd, *vif, *tolerance;
	double mean_y, sd_y;
	/* model */
	double sse, sst, sigma;    /* sigma = sqrt(sse / df2) */
	double r2, adj_r2;
	double F, df1, df2, p_F;   /* df1 = k, df2 = n - k - 1 */
	double t_crit;             /* t quantile for the CI */
	double condition;          /* condition number of the predictors' correlation matrix */
	double ci;
	enum ols_cov_type cov_type;
	/* per case (row of X), when options.residuals was set */
	gsl_vector *resid, *leverage;
	int has_residuals;
	/* why the last ols_fit_run failed */
	enum ols_problem problem;
	size_t bad, bad_row;
	size_t *combo, n_combo;
	/* the centred predictors scaled to unit length, z_j = (x_j - mean_j) / scale_j: their
	 * correlation matrix R, its Cholesky factor L (lower, transpose above) and inverse */
	gsl_vector *scale;
	gsl_matrix *R, *L, *Rinv;
	gsl_vector *g, *bs, *work, *work2;
	gsl_matrix *M;             /* (k + 1) x (k + 1) scratch for the sandwich */
};

/* The data of a fit read a block of rows at a time, so that a design which is cheaper to form
 * than to store (indicator and product columns over 1,000,000 cases: 8 MB per column, and on a
 * virtual machine every fresh page costs a fault) is formed block by block and never held whole.
 * rows() gives rows [from, from + count) of X and y, count <= OLS_BLOCK_ROWS: in b->x (row stride
 * b->tda) and b->y (stride b->ystride), pointing either into the caller's own storage or into
 * xbuf (count x k, stride k) and ybuf (count) after writing them there. A pass over the data
 * reads the blocks in order; the fit is the same, bit for bit, as on the whole matrix. */
#define OLS_BLOCK_ROWS 512
struct ols_block {
	const double *x, *y;
	size_t tda, ystride;
};
struct ols_data {
	size_t n, k;
	void (*rows)(const void *ctx, size_t from, size_t count, double *xbuf, double *ybuf, struct ols_block *b);
	const void *ctx;
};
/* The data of a stored design, X (n x k) and y (n), read in place: md->data. */
struct ols_matrix_data {
	struct ols_data data;
	const gsl_matrix *X;
	const gsl_vector *y;
};
void ols_data_matrix(struct ols_matrix_data *md, const gsl_matrix *X, const gsl_vector *y);

/* A fit for n cases and k predictors; NULL when out of memory. */
struct ols_fit *ols_fit_alloc(size_t n, size_t k);
void ols_fit_free(struct ols_fit *fit);

/* Fits y (n) on X (n x k). Returns GSL_SUCCESS, GSL_EDOM or GSL_ESING (with fit->problem and the
 * offending column/row set), or GSL_EBADLEN when the sizes differ from the allocation. */
int ols_fit_run(struct ols_fit *fit, const gsl_matrix *X, const gsl_vector *y, const struct ols_options *o);
/* The same from data read block by block (sizes d->n and d->k as allocated). */
int ols_fit_run_data(struct ols_fit *fit, const struct ols_data *d, const struct ols_options *o);

/* Solves R u = v in the centred, scaled predictor space of a successful fit (k values), in
 * place. Used by the diagnostics and tests built on the fit. */
int ols_solve_scaled(const struct ols_fit *fit, gsl_vector *v);

#endif
