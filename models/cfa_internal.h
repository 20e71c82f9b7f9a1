/* Shared between the files of the CFA engine (cfa_fit.c and its companions); not for callers. */
#ifndef SURVEYKIT_MODELS_CFA_INTERNAL_H
#define SURVEYKIT_MODELS_CFA_INTERNAL_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "models/cfa_fit.h"
#include "models/cfa_model.h"
#include "models/cfa_sample.h"

struct cfa_state {
	struct cfa_sample *sample;
	struct cfa_model *model; /* at the estimates */
	gsl_matrix *info;        /* the information behind the standard errors (total, q x q) */
	gsl_matrix *info_inv;
	int info_observed;       /* info is the observed information */
	struct cfa_spec base_spec;      /* the baseline (independence) model */
	struct cfa_model *baseline;     /* at its estimates */
};

/* Starting values (cfa_start.c) of the model's free parameters into x. */
int cfa_start(const struct cfa_model *mod, double *x);

/* Minimises the deviance from x (cfa_optimise.c); x receives the estimates. newton: 0 Fisher
 * scoring only, 1 Newton near the optimum, 2 a chord method with the observed information of
 * one point near it. Fills why on failure; *iterations the steps taken. */
int cfa_optimise(struct cfa_model *mod, const struct cfa_data *data, double *x, const struct cfa_options *opt,
		 int newton, size_t *iterations, struct cfa_why *why);

/* Inverse of a symmetric positive definite matrix in place; GSL_ESING when not positive definite. */
int cfa_spd_invert(gsl_matrix *a);

/* Checks the rank of an information matrix (cfa_fit.c): GSL_ESING with why->param(2) set. */
int cfa_check_rank(const struct cfa_model *mod, const gsl_matrix *info, double tol, struct cfa_why *why);

/* est, se, z, p and interval of every parameter from the estimates and fit->vcov (cfa_fit.c). */
void cfa_fill_estimates(struct cfa_fit *fit);

/* Fit measures of a fitted model (cfa_measures.c): chi-square, baseline, indices, logl. */
int cfa_measures(struct cfa_fit *fit, const struct cfa_data *data);

/* lavaan's CFI and TLI (c, cb: scaling factors of the robust versions, 1 otherwise) and RMSEA
 * with interval and close-fit p (c: lavaan's c.hat) (cfa_measures.c). */
double cfa_cfi(double X2, double df, double X2b, double dfb, double c, double cb);
double cfa_tli(double X2, double df, double X2b, double dfb, double c, double cb);
void cfa_rmsea_fill(double X2, double df, double N, double G, double c, const struct cfa_options *o,
		    struct cfa_rmsea *r);

/* Robust standard errors and scaled tests (cfa_robust.c). */
int cfa_robust(struct cfa_fit *fit, const struct cfa_data *data);

/* Standardised solution, R2, residual correlations (cfa_standardized.c). */
int cfa_standardize(struct cfa_fit *fit);

#endif
