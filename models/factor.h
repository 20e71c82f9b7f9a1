/* Exploratory factor analysis of a correlation matrix, as R's psych::fa(fm = "pa") does it
 * (Revelle, psych 2.2.9), with the sampling-adequacy checks SPSS FACTOR prints beside it.
 *
 *   KMO (Kaiser 1970; Kaiser & Rice 1974), as psych::KMO: with Q = R^-1 and the anti-image
 *   correlations q_ij = Q_ij / sqrt(Q_ii Q_jj), MSA = sum_{i!=j} r_ij^2 /
 *   (sum_{i!=j} r_ij^2 + sum_{i!=j} q_ij^2); MSA_j the same sums over column j.
 *   Bartlett's (1951) test of sphericity, as psych::cortest.bartlett:
 *   chi2 = -ln|R| (n - 1 - (2p + 5) / 6), df = p(p - 1) / 2.
 *   Iterated principal-axis factoring, as psych::fa(fm = "pa"): the diagonal of R starts at the
 *   squared multiple correlations SMC_j = 1 - 1 / (R^-1)_jj (clamped to [0, 1]); each step takes
 *   the K largest eigenpairs of the reduced matrix, loadings L = V_K diag(sqrt(lambda_K)), and puts
 *   the communalities diag(L L') back on the diagonal; it stops when the sum of communalities
 *   changes by no more than `min_err` (psych: 0.001) or after `max_iter` steps (psych: 50).
 *   Columns are signed so that each sums to a positive value.
 *   Rotation (models/rotation.h), then, as psych::fa: each column signed to a positive sum, the
 *   columns ordered by the variance they explain (diag(Phi L'L) when oblique), Phi reordered
 *   with them; structure matrix S = L Phi.
 *
 * Number of factors: at most the largest K for which the common factor model keeps
 * non-negative degrees of freedom, ((p - K)^2 - (p + K)) / 2 >= 0 (Ledermann 1937), which is
 * what identifies it; factor_max_factors gives it.
 *
 * Singularity: R counts as singular when its smallest eigenvalue is at most
 * FACTOR_SINGULAR_TOL times its largest; KMO, SMCs and Bartlett's test need R^-1 and |R|. */
#ifndef SURVEYKIT_MODELS_FACTOR_H
#define SURVEYKIT_MODELS_FACTOR_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/rotation.h"

/* Smallest eigenvalue / largest eigenvalue at or below which R is treated as singular. */
#define FACTOR_SINGULAR_TOL 1e-10
/* psych::fa defaults for principal-axis factoring. */
#define FACTOR_PA_MIN_ERR 0.001
#define FACTOR_PA_MAX_ITER 50

/* Correlation matrix from a covariance matrix (both p x p). GSL_EDOM when a variance is not
 * positive, with *bad set to that variable. */
int factor_cor_from_cov(const gsl_matrix *cov, gsl_matrix *r, size_t *bad);

/* Eigenvalues of R, largest first (`eval` has p elements). */
int factor_eigenvalues(const gsl_matrix *r, gsl_vector *eval);

/* GSL_ESING when R is singular (see above), with *bad set to the variable that weighs most in
 * the eigenvector of the smallest eigenvalue, i.e. one that is a linear combination of others. */
int factor_check_singular(const gsl_matrix *r, size_t *bad);

/* Squared multiple correlations of each variable on the others (psych::smc). GSL_ESING (with
 * *bad) when R is singular. */
int factor_smc(const gsl_matrix *r, gsl_vector *smc, size_t *bad);

/* KMO measure of sampling adequacy, overall and per variable (msa_item has p elements). */
int factor_kmo(const gsl_matrix *r, double *msa, gsl_vector *msa_item, size_t *bad);

struct bartlett {
	double chisq, df, p;
};
/* Bartlett's test of sphericity for R estimated from n cases. GSL_EDOM when n is too small for
 * a positive multiplier (n - 1 - (2p + 5) / 6 <= 0). */
int factor_bartlett(const gsl_matrix *r, size_t n, struct bartlett *out, size_t *bad);

/* The largest number of factors for p variables under the degrees-of-freedom rule above
 * (0 when p < 3). */
size_t factor_max_factors(size_t p);

struct factor_settings {
	size_t n_factors;
	enum rotation_method rotation;
	double min_err;       /* PA convergence: change in the sum of communalities */
	size_t max_iter;      /* PA steps */
	double promax_power;  /* psych: 4 */
	double oblimin_gamma; /* psych/GPArotation: 0 (quartimin) */
	double rotation_eps;  /* stats::varimax and GPArotation: 1e-5 */
	size_t rotation_max_iter; /* both: 1000 */
};
/* psych::fa(fm = "pa") defaults with the given number of factors and rotation. */
void factor_settings_init(struct factor_settings *o, size_t n_factors, enum rotation_method rot);

struct factor_fit {
	size_t p, k;
	gsl_vector *eigen;         /* eigenvalues of R (p) */
	gsl_vector *reduced_eigen; /* eigenvalues of the final reduced matrix (p) */
	gsl_matrix *unrotated;     /* p x k PA loadings */
	gsl_matrix *loadings;      /* p x k rotated pattern loadings (= unrotated when none) */
	gsl_matrix *structure;     /* p x k, L Phi */
	gsl_matrix *phi;           /* k x k factor correlations (identity for orthogonal) */
	gsl_vector *communality;   /* p, diag(L L') of the unrotated solution */
	gsl_vector *uniqueness;    /* p, 1 - communality */
	gsl_vector *ss_loadings;   /* k, variance explained by each rotated factor */
	size_t pa_iterations;
	size_t rotation_iterations;
	int oblique;               /* 1 for promax and oblimin */
};

struct factor_fit *factor_fit_alloc(size_t p, size_t k);
void factor_fit_free(struct factor_fit *f);

/* Principal-axis factoring of the correlation matrix r with o->n_factors factors, rotated.
 * Status: GSL_EINVAL when the number of factors is 0 or above factor_max_factors(p);
 * GSL_ESING (with *bad) for a singular R; GSL_EDOM when a retained eigenvalue of the reduced
 * matrix turns negative (psych stops there with "imaginary eigen value"); GSL_EMAXITER when PA
 * or the rotation did not converge (fit->pa_iterations / rotation_iterations say how far it got;
 * the fit holds the last iterate). */
int factor_pa(const gsl_matrix *r, const struct factor_settings *o, struct factor_fit *fit, size_t *bad);

/* Display order of the variables as SPSS FORMAT=SORT: grouped by the factor on which each
 * loads highest (absolute value), by descending absolute loading within a group. */
void factor_sort_order(const gsl_matrix *loadings, size_t *order);

#endif
