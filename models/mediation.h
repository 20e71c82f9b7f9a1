/* Mediation models of PROCESS (Hayes 2022, Appendix A), with k parallel mediators M_1..M_k and
 * covariates C in every equation:
 *
 *   model 4: M_j = a0_j + X a_j + C g_j + e_j;   Y = c0' + X c' + sum_j M_j b_j + C h + e;
 *            total effect from Y = c0 + X c + C h + e (c = c' + sum_j a_j b_j for OLS);
 *            indirect effect of X through M_j: a_j b_j; total indirect sum_j a_j b_j;
 *   model 7: M_j = a0_j + X a1_j + W a2_j + X W a3_j + C g_j + e_j; Y as in model 4;
 *            conditional indirect effect at W = w: (a1_j + a3_j w) b_j; index of moderated
 *            mediation a3_j b_j (Hayes 2015).
 *
 * A categorical X is indicator-coded (relative effects per indicator: Hayes & Preacher 2014); a
 * categorical W in model 7 gives one index per W indicator (the difference between that level's
 * conditional indirect effect and the reference level's). Standardised indirect effects (Hayes
 * 2022, sec. 4.3): partially ab / SD(Y); completely ab SD(X) / SD(Y) (continuous X only), with the
 * SDs of the estimation sample (of each resample in the bootstrap).
 *
 * Inference on indirect effects is by the bootstrap (models/bootstrap.h): every resample refits
 * all equations from one pass of weighted cross-products (models/crossprod.h). */
#ifndef SURVEYKIT_MODELS_MEDIATION_H
#define SURVEYKIT_MODELS_MEDIATION_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/crossprod.h"
#include "models/moderation.h"
#include "models/ols.h"

struct med_spec {
	int model;              /* 4 or 7 */
	struct mod_var x;
	struct mod_var w;       /* model 7 */
	const gsl_matrix *m;    /* n x k mediators */
	const gsl_matrix *cov;  /* n x c covariates, or NULL */
	const gsl_vector *y;
	int center;             /* model 7: mean-centre continuous X and W before the product */
	struct ols_options ols;
};

struct mediation {
	int model;
	size_t n, nx, nm, nw, ncov;
	struct mod_layout lay;     /* columns of the M equations: X, [W, X:W,] covariates */
	size_t ka, ky;             /* predictors of the M and Y equations */
	size_t *ypred;             /* Y equation's columns in the bootstrap variable set */
	gsl_matrix *Xa, *Xy;
	struct ols_fit **a_fit;    /* nm fits of the M equations */
	struct ols_fit *y_fit;     /* Y on X, M, covariates */
	struct ols_fit *c_fit;     /* model 4: Y on X, covariates (total effect); NULL in model 7 */
	int x_continuous;
	double sd_x, sd_y;
	gsl_matrix *V;             /* variables for the bootstrap: Xa columns, M_1..M_k, Y */
	/* why mediation_run failed: which equation (0..k-1 an M equation, k the Y equation,
	 * k + 1 the total-effect equation); that fit's `problem` says what went wrong */
	size_t bad_equation;
};

/* Workspace for n cases; NULL on a bad specification or out of memory. */
struct mediation *mediation_alloc(const struct med_spec *s, size_t n);
void mediation_free(struct mediation *md);

/* Fits every equation. A failed fit returns its status with md->bad_equation set. */
int mediation_run(struct mediation *md, const struct med_spec *s);

/* The effects as one vector of statistics from coefficient vectors (intercept first):
 * a_coef[j] of the M_j equation (ka + 1 values), y_coef of the Y equation (ky + 1).
 *   model 4: [ind(d, j) d*k + j ; total(d)] for d < nx, j < k, then that block / sd_y, then (X
 *            continuous) that block * sd_x / sd_y;
 *   model 7: for probe s < S (W design values probes + s * nw): [cond(s, d, j)] at (s*nx + d)*k + j,
 *            then index(d, l, j) at S nx k + (d*nw + l)*k + j.
 * mediation_n_stats gives the length; S is ignored in model 4. */
size_t mediation_n_stats(const struct mediation *md, size_t S);
void mediation_statistics(const struct mediation *md, const double *const *a_coef, const double *y_coef, double sd_x,
			  double sd_y, const double *probes, size_t S, double *out);
/* The same from the point-estimate fits. */
int mediation_estimates(const struct mediation *md, const double *probes, size_t S, double *out);
/* Offsets into that vector. */
size_t mediation_stat_indirect(const struct mediation *md, size_t block, size_t d, size_t j);
size_t mediation_stat_total(const struct mediation *md, size_t block, size_t d);
size_t mediation_stat_conditional(const struct mediation *md, size_t s, size_t d, size_t j);
size_t mediation_stat_index(const struct mediation *md, size_t S, size_t d, size_t l, size_t j);

/* Bootstrap of every statistic: draws is reps x mediation_n_stats(md, S). */
int mediation_bootstrap(const struct mediation *md, const double *probes, size_t S, size_t reps, unsigned long seed,
			size_t threads, double tol, gsl_matrix *draws, size_t *replaced);

#endif
