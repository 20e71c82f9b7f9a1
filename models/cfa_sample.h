/* Sample statistics of a CFA fit, grouped by missing-data pattern, and the saturated (h1) model.
 *
 * Rows are grouped by group and then by the set of items they answer (a pattern); each pattern
 * keeps its row count n, its observed and missing items, the mean m of its rows over the
 * observed items and the centred cross-products W = sum (y - m)(y - m)'. These are sufficient
 * for the normal likelihood, so a fit costs a pass over the patterns, not over the rows. With
 * listwise deletion there is one pattern per group (every item answered; rows missing an item
 * are counted and left out); with full-information ML (FIML) rows answering no item are counted
 * and left out, as lavaan does.
 *
 * The E-step (Dempster, Laird & Rubin 1977; Little & Rubin 2002, sec. 11.2) of the normal model
 * at (mu, Sigma), with P = Sigma^-1 and, in a pattern, o its observed and m its missing items:
 * the missing items given the observed ones have mean mu_m + B (y_o - mu_o), B = -K^-1 P_mo,
 * and covariance K^-1, K = P_mm (Schur-complement identities: Sigma_mo Sigma_oo^-1 = -K^-1 P_mo,
 * Sigma_m|o = K^-1, log|Sigma_oo| = log|Sigma| + log|K|). Summed over the rows, with
 * d = m - mu_o and T = W + n d d':
 *   EC  = sum E[(y - mu)(y - mu)'],  blocks oo: T, mo: B T, mm: B T B' + n K^-1
 *   rho = sum E[y - mu],             o: n d, m: n B d
 * and the deviance -2 loglik (without n p_o log 2 pi) of the observed data,
 *   D = sum over patterns [n log|Sigma_oo| + tr(Sigma_oo^-1 T)]
 *     = N log|Sigma| + tr(P EC) + sum n (log|K| - |m|).
 * Each pattern costs O(p^2 |m|), so patterns missing few items are cheap.
 *
 * The saturated model: the sample means and covariance matrix (divisor n) of each group with
 * complete data; with FIML their ML estimates by EM, started (as lavaan) from the observed means
 * and variances and iterated until no mean or covariance changes by more than `em_tolerance`
 * (lavaan's em.h1.tol is 1e-5; the default here, 1e-10, puts the h1 log-likelihood within
 * rounding of its maximum so the chi-square is exact).
 *
 * Ownership: cfa_sample_free frees everything; the data are read during cfa_sample_build and
 * cfa_sample_rows only. */
#ifndef SURVEYKIT_MODELS_CFA_SAMPLE_H
#define SURVEYKIT_MODELS_CFA_SAMPLE_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/cfa_data.h"

struct cfa_pattern {
	size_t n;            /* rows */
	size_t n_obs, n_mis; /* observed and missing items */
	size_t *obs, *mis;   /* their indices, ascending */
	double *mean;        /* n_obs (followed by n_obs doubles of scratch) */
	double *cross;       /* n_obs x n_obs, row-major */
	size_t first;        /* its rows are rows[first .. first + n) of the group */
};

struct cfa_group_sample {
	size_t n; /* rows used */
	size_t n_pat;
	struct cfa_pattern *pat;
	size_t *rows;          /* data rows, pattern by pattern */
	gsl_vector *mean;      /* sample means, or the EM estimate */
	gsl_matrix *cov;       /* sample covariance (divisor n), or the EM estimate */
	double logl_h1;        /* log-likelihood of the saturated model, 2 pi constant included */
	double log2pi_terms;   /* sum over patterns of n p_o log(2 pi) */
	size_t em_iterations;
};

struct cfa_sample {
	size_t p, groups, n;
	int fiml;
	struct cfa_group_sample *g;
	size_t dropped_incomplete; /* listwise: rows missing at least one item */
	size_t dropped_empty;      /* FIML: rows answering no item */
	size_t dropped_group;      /* rows whose group is CFA_NONE */
};

struct cfa_sample_options {
	int fiml;
	double em_tolerance; /* 1e-10 */
	size_t em_max_iter;  /* 10000 */
	double pd_tolerance; /* a pivot 1 - R^2 below this marks an item as a combination of others */
};

/* Builds the statistics of `data` (p items, `groups` groups). Returns 0, GSL_ENOMEM, or GSL_EDOM
 * with *why filled (CFA_BAD_DATA, CFA_NOT_FINITE, CFA_EMPTY_GROUP, CFA_CONSTANT_ITEM,
 * CFA_SAMPLE_NOT_PD, CFA_EM_NOT_CONVERGED). *out is NULL on failure. */
int cfa_sample_build(const struct cfa_data *data, size_t p, size_t groups, const struct cfa_sample_options *opt,
		     struct cfa_sample **out, struct cfa_why *why);
void cfa_sample_free(struct cfa_sample *s);

/* A sample of complete data with the saturated moments (means and covariances) of src in each
 * group and its row counts: the fit of a model to it is the fit to those moments (a starting
 * point for FIML, and lavaan's "fit.tilde" of the FIML-corrected robust indices). NULL when out
 * of memory. It has no rows (cfa_model_firstorder cannot use it). */
struct cfa_sample *cfa_sample_moments(const struct cfa_sample *src);

/* The E-step of group g at mu and P = Sigma^-1 (log|Sigma| = logdet): fills EC (p x p) and rho
 * (p) and returns D as above. GSL_ESING in *status when some K is not positive definite. */
double cfa_estep(const struct cfa_group_sample *gs, const gsl_vector *mu, const gsl_matrix *P, double logdet,
		 gsl_matrix *EC, gsl_vector *rho, int *status);

#endif
