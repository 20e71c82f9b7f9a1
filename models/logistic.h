/* Binary logistic regression: logit P(y = 1) = b0 + X b, X holding k predictor columns, y coded
 * 0/1 by the caller (any other value is refused: the caller decides which answer is the event).
 *
 * Estimation: maximum likelihood by Newton-Raphson, which for the logit link is the same as
 * iteratively reweighted least squares (the observed and expected information coincide,
 * I = Z' W Z with W = diag(w_i mu_i (1 - mu_i)); McCullagh & Nelder 1989, sec. 4.4). The predictors
 * are centred on their (weighted) means, Z = [1, X - mean], so that an intercept far from the
 * data does not ruin the conditioning; each step solves I d = Z' diag(w) (y - mu) by a Cholesky
 * factorisation of I scaled to unit diagonal, taken in column order (written out because GSL's
 * Cholesky reports a matrix that is not positive definite without saying which column made it
 * so, and a pivot below `tolerance` must name it). A step that raises the deviance is halved,
 * up to `max_halvings` times. The start is the intercept-only fit (b0 = logit of the mean of y,
 * slopes 0) or the caller's `start`. Converged when the deviance changes by at most
 * epsilon (|dev| + 0.1) (glm.fit's criterion) and no coefficient moves by more than `step_tol`
 * on the log-odds scale per SD of its predictor: the second condition keeps a deviance that has
 * levelled off while a coefficient still runs away (quasi-complete separation) from passing as
 * converged.
 *
 * Separation (Albert & Anderson 1984): when an iterate classifies every case correctly
 * (eta_i > 0 exactly for y_i = 1), that iterate separates the data completely and the estimates
 * do not exist: LOGIT_SEPARATION, naming the predictor with the largest standardised coefficient.
 * When the deviance has levelled off for LOGIT_STALL_STEPS steps while the coefficients keep
 * moving (or the information turns singular, or max_iter is reached) and some case's fitted
 * probability of its own answer is within `fitted_tol` of 1, the separation is quasi-complete:
 * LOGIT_QUASI_SEPARATION, naming the predictor that moved most in the last step; without such a
 * case it is LOGIT_NO_CONVERGENCE. These are the symptoms of separation rather than the linear
 * programme that proves it (Konis 2007); they catch the textbook cases (an empty cell of a
 * binary predictor, a threshold on one predictor) that R's glm only warns about, if at all.
 *
 * Statistics (R's glm(family = binomial) and summary.glm; PROCESS 4 for a binary Y, Hayes 2022,
 * Appendix A): b, SE from the inverse information at the estimates, z = b / SE, two-sided p from
 * the normal distribution, Wald CI b +- z* SE, odds ratio exp(b) with CI exp(b +- z* SE);
 * -2LL = 2 sum w_i [-y_i ln mu_i - (1 - y_i) ln(1 - mu_i)] (glm's deviance), -2LL0 of the
 * intercept-only model, closed form -2 [n1 ln(n1/n) + n0 ln(n0/n)]; the likelihood-ratio test of
 * the model ("ModelLL" in PROCESS) chi2 = -2LL0 - -2LL on k df; McFadden R2 = chi2 / -2LL0;
 * Cox-Snell R2 = 1 - exp(-chi2 / n); Nagelkerke R2 = Cox-Snell / (1 - exp(-(-2LL0) / n)), with n
 * the sum of the case weights. The likelihood-ratio test of a set of terms (PROCESS's test of the
 * highest-order interaction with a binary Y) is the difference in -2LL between the model without
 * them and the full model on the number of terms dropped. A linear combination L b (a
 * conditional effect on the log-odds scale) has SE sqrt(L' V L) and a normal-theory test.
 *
 * Matched to 1e-9 by scripts/ref/logistic.R (mtcars; MASS::birthwt with an interaction). Note
 * that summary.glm takes its SEs from the weights of the iterate before the last, so after glm's
 * default stopping rule they differ from the SEs at the estimates by about 1e-7; refitted from its
 * own estimates (start = coef(fit)) glm gives these SEs.
 *
 * Case weights are frequency weights (a bootstrap resample's counts): a case with weight 2 counts
 * as two cases; weight 0 leaves it out. NULL means every case once.
 *
 * Ownership: X, y and the weights are read, never kept. Every output vector/matrix belongs to the
 * fit. */
#ifndef SURVEYKIT_MODELS_LOGISTIC_H
#define SURVEYKIT_MODELS_LOGISTIC_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

/* glm.fit's convergence criterion on the deviance is 1e-8; a stricter one costs at most one more
 * Newton step (quadratic convergence) and gives the estimates to about 1e-12. */
#define LOGIT_EPSILON 1e-10
/* Largest change of a coefficient (log-odds per SD of its predictor) at convergence. */
#define LOGIT_STEP_TOL 1e-6
/* A fitted probability of a case's own answer above 1 - this is "numerically 1". */
#define LOGIT_FITTED_TOL 1e-6
/* PROCESS's default iteration limit (R's glm stops at 25). */
#define LOGIT_MAX_ITER 100
#define LOGIT_MAX_HALVINGS 30
/* Steps with a levelled-off deviance and moving coefficients before the fit is declared diverging. */
#define LOGIT_STALL_STEPS 3

/* Why a fit could not be made (status GSL_EDOM, GSL_ESING or GSL_EMAXITER). */
enum logit_problem {
	LOGIT_OK = 0,
	LOGIT_TOO_FEW_CASES,    /* sum of weights < k + 2: no more cases than coefficients, plus one */
	LOGIT_NOT_FINITE,       /* a value of X is NaN or infinite (row `bad_row`, column `bad`) */
	LOGIT_NOT_BINARY,       /* y at row `bad_row` is not 0 or 1 */
	LOGIT_BAD_WEIGHT,       /* the weight of row `bad_row` is negative or not finite */
	LOGIT_CONSTANT_Y,       /* every (weighted) case has the same y */
	LOGIT_CONSTANT_X,       /* predictor `bad` has no variance */
	LOGIT_COLLINEAR,        /* predictor `bad` is a linear combination of the predictors before it */
	LOGIT_SEPARATION,       /* complete separation; `bad` the predictor that carries it most */
	LOGIT_QUASI_SEPARATION, /* quasi-complete separation; `bad` the predictor that diverges most */
	LOGIT_NO_CONVERGENCE,   /* no convergence within max_iter steps (or no step lowered the deviance) */
};

struct logit_options {
	double ci;            /* confidence level of the Wald intervals (0.95) */
	double epsilon;       /* LOGIT_EPSILON */
	double step_tol;      /* LOGIT_STEP_TOL */
	double fitted_tol;    /* LOGIT_FITTED_TOL */
	double tolerance;     /* pivot of the scaled information below which a column is collinear
			       * (models/ols.h's OLS_TOLERANCE) */
	size_t max_iter;      /* LOGIT_MAX_ITER */
	size_t max_halvings;  /* LOGIT_MAX_HALVINGS */
	const double *start;  /* k + 1 starting coefficients (intercept first), or NULL */
};
/* The defaults above, ci 0.95, no start. */
void logit_options_init(struct logit_options *o);

struct logit_fit {
	size_t n, k, p;            /* rows, predictors, coefficients (k + 1) */
	double n_cases;            /* sum of the weights */
	double n_events;           /* weighted count of y = 1 */
	/* coefficients: index 0 the intercept, j = 1..k predictor column j - 1 */
	gsl_vector *b, *se, *z, *p_value, *llci, *ulci;
	gsl_vector *odds, *odds_llci, *odds_ulci;
	gsl_matrix *cov;           /* p x p inverse information */
	gsl_vector *fitted;        /* n fitted probabilities (rows of weight 0 included) */
	double dev, dev_null;      /* -2LL of the model and of the intercept-only model */
	double chi2, df, p_chi2;   /* likelihood-ratio test of the model */
	double mcfadden, cox_snell, nagelkerke;
	double z_crit, ci;
	size_t iterations, halvings;
	/* why the last logit_fit_run failed */
	enum logit_problem problem;
	size_t bad, bad_row;
	/* workspace: predictor means and SDs (k), the centred-parameter estimate and step (p), the
	 * gradient (p), the information and its scaled Cholesky factor (p x p), the scale (p) */
	gsl_vector *mean, *sd, *theta, *step, *trial, *grad, *scale;
	gsl_matrix *info, *L;
};

/* A fit for n rows and k predictors (k may be 0: the intercept-only model); NULL when out of
 * memory. */
struct logit_fit *logit_fit_alloc(size_t n, size_t k);
void logit_fit_free(struct logit_fit *fit);

/* Fits y (n, each 0 or 1) on X (n x k; NULL when k = 0) with case weights w (n, or NULL).
 * Returns GSL_SUCCESS;
 * GSL_EDOM (bad data or a constant predictor: problem says which), GSL_ESING (collinear
 * predictors, separation), GSL_EMAXITER (no convergence); GSL_EBADLEN when the sizes differ from the
 * allocation. On failure the estimates are not usable. */
int logit_fit_run(struct logit_fit *fit, const gsl_matrix *X, const gsl_vector *y, const double *w,
		  const struct logit_options *o);

struct logit_lr {
	double chi2, df, p;
};
/* The test of the predictor columns drop[0..n_drop) (ascending, distinct) of a fitted model: fits
 * X without them into `reduced` (allocated by the caller for n rows and k - n_drop predictors)
 * and compares. A failed reduced fit returns its status (reduced->problem says why). */
int logit_drop_test(const struct logit_fit *full, const gsl_matrix *X, const gsl_vector *y, const double *w,
		    const size_t *drop, size_t n_drop, const struct logit_options *o, struct logit_fit *reduced,
		    struct logit_lr *out);

struct logit_effect {
	double est, se, z, p, llci, ulci;
};
/* theta = L b for L (p values, intercept first), with SE sqrt(L' cov L), z, p and the fit's CI. */
void logit_linear(const struct logit_fit *fit, const double *L, struct logit_effect *out);

#endif
