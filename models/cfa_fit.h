/* Confirmatory factor analysis by maximum likelihood, matching lavaan 0.6.14's cfa() with its
 * defaults (Rosseel 2012, lavaan: An R package for structural equation modeling, J. Stat.
 * Softw. 48(2)). Every number below equals lavaan's to 1e-5 relative or better (tests/unit/
 * test_cfa*.c against scripts/ref/cfa.R).
 *
 * Model: models/cfa_spec.h, completed with lavaan's defaults (first loading fixed to 1; a mean
 * structure when there are several groups or FIML, unless options.means says otherwise).
 *
 * Estimation: maximum likelihood with N (not N - 1) in the likelihood (lavaan's likelihood =
 * "normal"), minimising the deviance D = -2 log L of models/cfa_model.h; with complete data and
 * no mean structure D / (2N) - const is lavaan's fmin = (log|Sigma| - log|S| + tr(S Sigma^-1) - p) / 2
 * and the chi-square is 2 N fmin = D - D_saturated. Optimiser (models/cfa_optimise.c): Fisher
 * scoring (Gauss-Newton for covariance structures; Lee & Jennrich 1979) with step halving from
 * starting values near lavaan's (models/cfa_start.c), then Newton steps with the analytic
 * observed information near the optimum (complete data), or Fisher scoring to the end while it
 * converges fast (FIML, where the observed information costs a pass over the patterns); with
 * FIML the first estimate is the fit to the EM moments. It stops when the Newton decrement
 * g' I^-1 g of fmin falls below options.tolerance (1e-20: the estimates are then at the optimum to
 * about 1e-10 relative; lavaan's nlminb stops at a relative change of 1e-10 in fmin, 1e-6 to 2e-5
 * from it). The optimiser is written here because neither GSL's multimin (no curvature matrix)
 * nor NLopt uses the information matrix, which the model gives in closed form and with which a
 * fit takes 3 to 20 steps (on HS1939: 11 to the tolerance above, where lavaan's quasi-Newton
 * nlminb takes 35 to its looser one); the linear algebra is GSL's (Cholesky, eigensolver).
 *
 * Standard errors: the inverse of the information matrix, expected (complete data; lavaan's
 * information = "expected", h1.information = "structured") or observed (FIML, and MLR; lavaan's
 * "observed" with observed.information = "hessian", which lavaan differentiates numerically and
 * this engine analytically). Robust variants (models/cfa_robust.c): estimator MLM (lavaan
 * se = "robust.sem", test = "satorra.bentler": expected information, Gamma with divisor N) and
 * MLR (se = "robust.huber.white", test = "yuan.bentler.mplus": observed information, first-order
 * information from casewise scores), with the scaled and robust fit indices lavaan's
 * fitMeasures() reports; with FIML also lavaan's FIML-corrected robust CFI, TLI and RMSEA
 * (options.fiml_corrected).
 *
 * Missing data: listwise deletion, or FIML (lavaan's missing = "ml": casewise likelihood by
 * missing-data pattern, the saturated model by EM, rows answering no item left out, observed
 * information for the standard errors).
 *
 * Fit measures (models/cfa_measures.c) as lavaan's fitMeasures(): baseline = independence model
 * (free variances, and free means with a mean structure, per group); CFI = 1 - max(X2 - df, 0) /
 * max(X2 - df, X2_B - df_B, 0); TLI = 1 - ((X2 - df) df_B) / ((X2_B - df_B) df);
 * RMSEA = sqrt(max(X2 / (N df) - 1 / N, 0)) sqrt(G) with its interval from the noncentral
 * chi-square (models/noncentral.h) and p-close = P(chi2_df(ncp = N df 0.05^2 / G) > X2); SRMR =
 * lavaan's srmr_bentler: residual covariances (and mean residuals with a mean structure) divided
 * by the observed standard deviations, root mean square over p(p+1)/2 (+ p) elements, weighted
 * across groups by N_g / N; logl, unrestricted logl, AIC = -2 logl + 2 npar, BIC = -2 logl +
 * npar log N, sample-size adjusted BIC = -2 logl + npar log((N + 2) / 24).
 *
 * Standardised solution (std.all, lavaan's standardizedSolution()): loadings lambda sqrt(phi_ff)
 * / sqrt(sigma_ii), factor correlations, residual variances theta_ii / sigma_ii, residual
 * correlations theta_ij / sqrt(theta_ii theta_jj), intercepts nu_i / sqrt(sigma_ii), latent
 * means alpha_f / sqrt(phi_ff), all with model-implied sigma; standard errors by the delta
 * method with the analytic Jacobian and the same covariance matrix of the estimates (robust
 * with MLM/MLR; as lavaan, a standard error below 1.2e-4 is shown as 0 with no z); the latent
 * correlations with their Wald intervals are the std.all factor covariances.
 * R2_i = 1 - theta_ii / sigma_ii. Residual correlations: lavaan's
 * resid(type = "cor.bollen"): observed minus implied correlations (each from its own standard
 * deviations); with a mean structure, the mean residuals (ybar_i - mu_i) / sqrt(s_ii).
 *
 * Problems (why.problem, models/cfa_data.h): a specification or data that cannot be fitted,
 * df < 0, a singular information matrix (local under-identification: the eigenvector of its
 * smallest eigenvalue, scaled to unit diagonal, names the parameters that trade off), no
 * convergence, a singular implied matrix: GSL_EDOM, GSL_ESING or GSL_EMAXITER with no
 * estimates. A negative variance (Heywood case) or a factor covariance matrix that is not
 * positive definite: GSL_SUCCESS with every number computed (lavaan prints them with a warning)
 * and why.problem CFA_HEYWOOD or CFA_LATENT_NOT_PD, which the caller must show.
 *
 * Limits: measurement models only (no regressions among factors, no second-order factors, no
 * thresholds for ordinal items); equality constraints are equalities of parameters (labels and
 * group.equal), not general linear constraints. MLR with FIML and lavaan's FIML-corrected
 * indices need the information of the saturated model, O(patterns (p + p(p+1)/2)^2) and, for
 * MLR, O(N (p + p(p+1)/2)^2) for its first-order part: fine for surveys of thousands of rows,
 * slow at a million rows with thousands of missing-data patterns.
 *
 * Speed (scripts/bench-cfa): the five-factor, 23-item fit at n = 600 takes about 1 ms (lavaan's
 * cfa() about 0.1 s); FIML on 1,000,000 rows with 5% of the answers missing about 1.3 CPU s.
 *
 * Ownership: a fit owns everything it points to; cfa_fit_free frees it. */
#ifndef SURVEYKIT_MODELS_CFA_FIT_H
#define SURVEYKIT_MODELS_CFA_FIT_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/cfa_data.h"
#include "models/cfa_spec.h"

enum cfa_estimator { CFA_ML, CFA_MLM, CFA_MLR };
enum cfa_missing { CFA_LISTWISE, CFA_FIML };

struct cfa_options {
	enum cfa_estimator estimator; /* CFA_ML */
	enum cfa_missing missing;     /* CFA_LISTWISE */
	int means;                    /* -1: lavaan's default (several groups or FIML); 0; 1 */
	unsigned equal;               /* CFA_EQ_* across groups (0) */
	const struct cfa_partial *partial;
	size_t n_partial;
	double ci;             /* confidence level of parameter intervals (0.95) */
	double rmsea_ci;       /* level of the RMSEA interval (0.90) */
	double rmsea_close;    /* RMSEA under H0 of the close-fit test (0.05) */
	double tolerance;      /* Newton decrement of fmin at convergence (1e-20) */
	size_t max_iter;       /* optimiser steps (1000) */
	double em_tolerance;   /* EM for the saturated model (1e-10) */
	size_t em_max_iter;    /* (10000) */
	double pd_tolerance;   /* relative Cholesky pivot below which a sample matrix is singular (1e-10) */
	double rank_tolerance; /* smallest / largest eigenvalue of the scaled information (1e-9) */
	int fiml_corrected;    /* FIML: lavaan's robust (FIML-corrected) CFI/TLI/RMSEA: 1 always, 0 never,
				* -1 (default) when patterns x (p + p(p+1)/2)^2 <= CFA_FIML_CORRECTED_WORK */
};

/* The FIML-corrected indices need the observed information of the saturated model, whose cost
 * grows with the number of missing-data patterns times the square of the number of moments:
 * 2e8 (bfi's 25 items: about 1e7) takes a few seconds. Above it they are skipped by default and
 * fit->fiml_robust stays 0. */
#define CFA_FIML_CORRECTED_WORK 2e8

void cfa_options_init(struct cfa_options *o);

/* One parameter of the specification: estimate, standard error, z, two-sided p and Wald
 * interval; its std.all counterpart with delta-method standard error. Fixed parameters have
 * se 0 and NaN z and p (as lavaan). */
struct cfa_estimate {
	double est, se, z, p, lo, hi;
	double std, std_se, std_z, std_p, std_lo, std_hi;
};

struct cfa_rmsea {
	double value, lo, hi, p_close;
};

/* A chi-square test and its fit indices. */
struct cfa_test {
	double chisq, df, p;
	double baseline_chisq, baseline_df, baseline_p;
	double cfi, tli;
	struct cfa_rmsea rmsea;
};

struct cfa_fit {
	struct cfa_spec spec; /* the completed specification; par[k] belongs to spec.param[k] */
	struct cfa_why why;
	struct cfa_options opt;

	/* rows */
	size_t n, *n_group;
	size_t dropped_incomplete, dropped_empty, dropped_group;

	/* estimation */
	size_t npar;    /* free parameters, equal ones counted once */
	size_t moments; /* sample moments in all groups */
	double df;
	int converged;
	size_t iterations;
	double fmin;    /* lavaan's fmin: chi-square / (2N) */
	struct cfa_estimate *par;
	gsl_matrix *vcov; /* npar x npar */

	/* tests and fit */
	struct cfa_test standard;
	double *chisq_group;
	int robust;                 /* MLM or MLR: the fields below are set */
	struct cfa_test scaled;     /* chisq / c with the baseline scaled by its own factor; its rmsea is
				     * lavaan's rmsea.scaled (X2 with df c df) */
	double scaling, baseline_scaling, trace_ugamma;
	double cfi_robust, tli_robust;
	struct cfa_rmsea rmsea_robust;
	double scaling_h1, scaling_h0; /* MLR */
	int fiml_robust;            /* FIML: lavaan's robust (FIML-corrected) CFI/TLI/RMSEA are set (see
				     * options.fiml_corrected) */
	double srmr;
	double logl, logl_h1, aic, bic, sabic;

	/* per group: moments, residual correlations, R2 (items) */
	gsl_matrix **implied_cov, **sample_cov, **resid_cor;
	gsl_vector **implied_mean, **sample_mean, **resid_mean, **r2;

	struct cfa_state *state; /* what modification indices and validity need */
};

/* Fits spec (completed first with the options' defaults and equalities) to data. Always sets
 * *out (NULL only when out of memory) so that why can be read; returns GSL_SUCCESS (also for an
 * inadmissible solution, see above), GSL_EDOM, GSL_ESING, GSL_EMAXITER or GSL_ENOMEM. */
int cfa_fit_run(const struct cfa_spec *spec, const struct cfa_data *data, const struct cfa_options *opt,
		struct cfa_fit **out);
void cfa_fit_free(struct cfa_fit *fit);

#endif
