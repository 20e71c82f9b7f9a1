/* Fitting a PROCESS model (models/process_model.h) to data: every equation by its estimator, OLS
 * (models/ols.h) or, for a dichotomous Y (proc_model_set_logistic), logistic regression of Y
 * (models/logistic.h; what follows from it is in models/process_logit.h).
 *
 * Variables as the model sees them: X, W and Z continuous (a dichotomous variable is continuous
 * with two values) or multicategorical with L levels entering as L - 1 code columns of the chosen
 * coding (models/coding.h); mediators continuous. A product term holds every product of its
 * factors' columns, the first factor's column outermost (X_i W_l Z_m at (i nw + l) nz + m).
 * Centring (PROCESS's center=): PROC_CENTER_ALL subtracts the
 * mean from every continuous variable that appears in a product, PROC_CENTER_CONTINUOUS only
 * from those with more than two distinct values (PROCESS center=2); code columns are never
 * centred, so effects stay relative to their coding. The same centred values are used in every
 * equation, also where the variable is the outcome (a centred mediator changes only its own
 * equation's intercept); probe values and Johnson-Neyman points are then in the centred metric.
 *
 * Every distinct design column (a variable's column, a product, a covariate) and every outcome
 * is a column of V (n x q), from which each equation reads its columns. V is not stored: each OLS
 * fit forms its design from the data block by block as it reads it (models/ols.h's ols_data: an
 * n x q matrix of doubles over 1,000,000 cases would cost more in fresh pages than the fit), and
 * proc_fit_values forms any rows of a column; the fits here, the values the probes and
 * Johnson-Neyman points are taken from and every bootstrap resample (models/process_boot.h, which
 * stores the V it resamples) use the same numbers.
 *
 * A logistic Y equation: Y must take exactly two distinct values, the lower coded 0 and the
 * higher 1 as PROCESS codes them (its "Coding of binary Y"; y_value says which was which); it is
 * fitted by models/logistic.h to glm's convergence (the ML covariance: HC options apply to the OLS
 * equations only, as in PROCESS), and its design and coded outcome are kept for the
 * likelihood-ratio tests and the bootstrap. Whatever the estimator, each equation's estimates
 * are read through b, cov, df and crit: for a logistic equation df is infinite, so that every
 * t test, F test and t* of the effects computed from it is the normal-theory z, chi-square / q
 * and z* (models/distributions.h gives those limits).
 *
 * Ownership: the fit borrows the data (a copy of struct proc_data, whose arrays and covariate
 * matrix must stay alive and unchanged until proc_fit_free); it owns its OLS and logistic fits
 * and everything else it points to. */
#ifndef SURVEYKIT_MODELS_PROCESS_FIT_H
#define SURVEYKIT_MODELS_PROCESS_FIT_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "models/coding.h"
#include "models/logistic.h"
#include "models/ols.h"
#include "models/process_model.h"

#define PROC_MAX_CODES (CODING_MAX_LEVELS - 1)

enum proc_center { PROC_CENTER_NONE, PROC_CENTER_ALL, PROC_CENTER_CONTINUOUS };

/* X, W or Z: continuous (v) or multicategorical (level, levels, coding). */
struct proc_input {
	const double *v;          /* continuous: n values; NULL for a multicategorical variable */
	const size_t *level;      /* multicategorical: each case's level, 0..levels-1 (0 the first) */
	size_t levels;            /* 2..CODING_MAX_LEVELS */
	enum coding_system coding;
};

struct proc_data {
	size_t n;
	struct proc_input x, w, z;            /* w and z read only when the model uses them */
	const double *m[PROC_MAX_MEDIATORS];  /* the k mediators */
	const double *y;
	const gsl_matrix *cov;                /* n x ncov, or NULL when the model has none */
	enum proc_center center;
	struct ols_options ols;
};

enum proc_problem {
	PROC_OK = 0,
	PROC_MISSING_VARIABLE,  /* variable `bad_var` (-1: the covariates) is needed but not given or malformed */
	PROC_LEVEL_RANGE,       /* case `bad_row` of variable `bad_var` has a level >= levels */
	PROC_CATEGORICAL_X,     /* model 74 moderates by X itself: X must be continuous or dichotomous */
	PROC_FAMILY,            /* equation `bad_eq` asks for an estimator not available */
	PROC_FIT,               /* equation `bad_eq` could not be fitted: its fit's (OLS `fit` or
				 * logistic `logit`) `problem` says why, and `bad` which predictor */
	PROC_Y_NOT_BINARY,      /* logistic Y: case `bad_row` is a third distinct value or not finite */
	PROC_Y_CONSTANT,        /* logistic Y: every case has the same value */
};

struct proc_eqfit {
	size_t k;                          /* design columns: the terms', then the covariates */
	size_t off[PROC_MAX_TERMS + 1];    /* first design column of each term (off[n_terms]: covariates) */
	size_t *pred;                      /* V column of each design column */
	size_t outcome;                    /* V column of the outcome */
	struct ols_fit *fit;               /* an OLS equation's fit, else NULL */
	struct logit_fit *logit;           /* a logistic equation's fit, else NULL */
	gsl_matrix *X;                     /* logistic: its design (n x k) and coded outcome (n) */
	gsl_vector *y;
	/* the estimates, whichever the estimator (borrowed from fit or logit) */
	const gsl_vector *b;               /* k + 1 coefficients, intercept first */
	const gsl_matrix *cov;             /* their covariance (OLS: the estimator asked for) */
	double df;                         /* residual df; infinity for a logistic equation */
	double crit;                       /* critical t (z) of the CI */
};

/* A column of V: columns cols[0..n) of the term's factors, or covariate `cov` (>= 0). */
struct proc_column {
	struct proc_term term;
	unsigned char cols[3];
	int cov;
};

struct proc_fit {
	struct proc_model model;
	size_t n;
	size_t width[PROC_NVARS];          /* design columns of each variable (1 unless multicategorical) */
	size_t levels[PROC_NVARS];         /* levels of a multicategorical X, W or Z, else 0 */
	double code[3][CODING_MAX_LEVELS][PROC_MAX_CODES]; /* codes of X, W, Z by level and column */
	double center[PROC_NVARS];         /* subtracted mean (0 when not centred) */
	struct proc_data data;             /* borrowed: the arrays V is formed from */
	size_t q;                          /* columns of V */
	struct proc_column *column;        /* q */
	struct proc_eqfit eq[PROC_MAX_EQUATIONS];
	double sd_x, sd_y;                 /* sample SDs (n - 1) of X (NaN if multicategorical) and Y (NaN
					    * if Y's equation is logistic: no standardised effects) */
	double y_value[2];                 /* logistic Y: the values coded 0 and 1; else NaN */
	double ci, tolerance;              /* from the OLS options */
	/* why proc_fit_run failed */
	enum proc_problem problem;
	size_t bad_eq, bad_row;
	int bad_var;
};

/* Fits every equation of m to d. Returns GSL_SUCCESS, GSL_EINVAL (problem set), an OLS or
 * logistic status (problem PROC_FIT, bad_eq set: a logistic Y that separates is GSL_ESING with
 * eq[bad_eq].logit->problem LOGIT_SEPARATION or LOGIT_QUASI_SEPARATION and `bad` the predictor
 * column) or GSL_ENOMEM. *out receives the fit whatever the status (NULL only when out of
 * memory); free it with proc_fit_free. */
int proc_fit_run(const struct proc_model *m, const struct proc_data *d, struct proc_fit **out);
void proc_fit_free(struct proc_fit *f);

/* The options of a logistic equation of this fit: models/logistic.h's defaults with the fit's CI
 * level and collinearity tolerance. */
void proc_logit_options(const struct proc_fit *f, struct logit_options *o);

/* 1 when the n values take exactly two distinct values, both finite (*lo < *hi): PROCESS then
 * treats Y as dichotomous and fits it by logistic regression. */
int proc_dichotomous(const double *x, size_t n, double *lo, double *hi);

/* Design columns of term t (the product of its factors' widths), and column r of them as its
 * factors' columns cols[0..t->n) (the first factor's column outermost). */
size_t proc_term_width(const struct proc_fit *f, const struct proc_term *t);
void proc_term_decode(const struct proc_fit *f, const struct proc_term *t, size_t r, size_t *cols);
/* Index of coefficient (intercept 0) of term t of equation e at its factors' columns cols. */
size_t proc_coef_index(const struct proc_fit *f, size_t e, size_t t, const size_t *cols);
/* The coefficient indices of every column of term t of equation e: writes width(t) indices and
 * returns how many (for a joint test of a product term with ols_wald_terms or ols_r2_change). */
size_t proc_term_coefs(const struct proc_fit *f, size_t e, size_t t, size_t *idx);
/* V column holding variable v's design column c (v as the model sees it: centred, coded), or
 * f->q when v is not in the model. */
size_t proc_fit_column(const struct proc_fit *f, int v, size_t c);
/* Rows [from, from + count) of V column j (j < q) into out[0], out[stride], ...: formed from the
 * data, the same numbers every fit reads. */
void proc_fit_values(const struct proc_fit *f, size_t j, size_t from, size_t count, double *out, size_t stride);

#endif
