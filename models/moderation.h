/* Moderation models of PROCESS (Hayes 2022, Appendix A) on OLS:
 *
 *   model 1: Y = b0 + X b1 + W b2 + X W b3 + C g + e
 *   model 2: Y = b0 + X b1 + W b2 + X W b3 + Z b4 + X Z b5 + C g + e
 *   model 3: Y = b0 + X b1 + W b2 + X W b3 + Z b4 + X Z b5 + W Z b6 + X W Z b7 + C g + e
 *
 * X, W and Z are continuous (a dichotomous variable is continuous with two values) or
 * categorical with L levels, indicator-coded against the first level (L - 1 columns); a product of
 * blocks holds every product of their columns, the left block's column outer. Design columns are
 * in PROCESS's order: X, W, X:W, [Z, X:Z, [W:Z, X:W:Z]], covariates. With `center`, continuous
 * X, W and Z are mean-centred before the products are formed (PROCESS center=2; indicator codes
 * are left as they are, so effects stay relative to the reference level).
 *
 * The conditional effect of X column i at moderator values (w, z) is the linear combination
 *   theta_i(w, z) = b1_i + sum_l b3_il w_l + sum_m b5_im z_m + sum_lm b7_ilm w_l z_m
 * of the coefficients (w_l, z_m the design values of W and Z at the probe: the value itself, or
 * the indicators of a level); its SE is sqrt(l' V l) with V the model's covariance (classical or
 * HC), its t test on n - p df (Hayes 2022, sec. 7.2, 10.1). For a categorical X the omnibus test of
 * X at (w, z) is the Wald F of all theta_i(w, z) = 0 (Hayes & Montoya 2017). */
#ifndef SURVEYKIT_MODELS_MODERATION_H
#define SURVEYKIT_MODELS_MODERATION_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/ols.h"
#include "models/ols_tests.h"

enum mod_kind { MOD_CONTINUOUS, MOD_CATEGORICAL };

struct mod_var {
	enum mod_kind kind;
	const double *v;    /* continuous: n values */
	const size_t *code; /* categorical: level 0..levels-1 of each case, 0 the reference */
	size_t levels;      /* categorical: >= 2 */
};

struct mod_spec {
	int model;              /* 1, 2 or 3 */
	struct mod_var x, w, z; /* z only for models 2 and 3 */
	const gsl_matrix *cov;  /* n x c covariates, or NULL */
	int center;
};

/* Where each block sits among the design columns (0-based; the coefficient is column + 1). */
struct mod_layout {
	int model;
	size_t nx, nw, nz, ncov; /* columns of each block (nz = 0 in model 1) */
	size_t k;                /* design columns */
	size_t x0, w0, xw0, z0, xz0, wz0, xwz0, cov0;
	double center_x, center_w, center_z; /* means subtracted (0 when not centred or categorical) */
};

/* Checks the specification and lays the design out; computes the centring means over n cases.
 * GSL_EINVAL for a model other than 1-3, a categorical variable with < 2 levels, or a missing Z. */
int mod_layout_init(const struct mod_spec *s, size_t n, struct mod_layout *lay);
/* Fills X (n x lay->k). */
int mod_design_fill(const struct mod_spec *s, const struct mod_layout *lay, gsl_matrix *X);

/* Value of a continuous moderator/predictor for case i as the model sees it (centred if so). */
double mod_value(const struct mod_var *v, double center, size_t i);

/* Coefficient-space vector of theta_i(w, z) (length lay->k + 1). wv has nw values, zv nz (NULL
 * when nz = 0). */
void mod_effect_vector(const struct mod_layout *lay, size_t i, const double *wv, const double *zv, gsl_vector *l);
/* Model 3: the conditional X:W interaction (X column i, W column l) at Z design values zv:
 * b3_il + sum_m b7_ilm z_m. */
void mod_xw_at_z_vector(const struct mod_layout *lay, size_t i, size_t l, const double *zv, gsl_vector *out);
/* A design row with the intercept (length lay->k + 1) for X design values xv, W wv, Z zv and the
 * covariates at cmeans (ncov values): its product with b is the predicted Y. */
void mod_predict_vector(const struct mod_layout *lay, const double *xv, const double *wv, const double *zv,
			const double *cmeans, gsl_vector *row);

/* The conditional effects of every X column at (wv, zv): out[0..nx), and for nx > 1 the omnibus
 * Wald F (omnibus may be NULL). `l` is scratch of length k + 1. */
int mod_conditional(const struct ols_fit *fit, const struct mod_layout *lay, const double *wv, const double *zv,
		    struct lincom *out, struct wald *omnibus);

/* Coefficient indices of the highest-order interaction(s): which = 0 all of them (model 2: X:W
 * and X:Z together), 1 the X:W block, 2 the X:Z block. Writes up to lay->k indices, returns q. */
size_t mod_interaction_terms(const struct mod_layout *lay, int which, size_t *idx);

/* Design values (nw or nz) of a probe: a value of a continuous moderator, or level `level` of a
 * categorical one (all zeros for the reference level). */
void mod_probe_design(const struct mod_var *v, double value, size_t level, double *out);

/* Values at which to probe a continuous moderator, from its n values as the model sees them:
 *   MOD_PROBE_PERCENTILES: 16th, 50th, 84th percentiles (position p(n+1), interpolated: PROCESS);
 *   MOD_PROBE_MEANSD: mean - SD, mean, mean + SD, a value beyond the data replaced by the minimum
 *     or maximum (as PROCESS does; *clamped has bit 1 for the low, bit 2 for the high value);
 * a moderator with exactly two distinct values is probed at those two whatever the kind.
 * Writes up to 3 values to out, returns how many; `work` holds n doubles. */
enum mod_probe_kind { MOD_PROBE_PERCENTILES, MOD_PROBE_MEANSD };
size_t mod_probe_values(const double *v, size_t n, enum mod_probe_kind kind, double *out, int *clamped, double *work);

#endif
