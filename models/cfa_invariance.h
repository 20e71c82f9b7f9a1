/* Measurement invariance across groups (Meredith 1993; Vandenberg & Lance 2000): the sequence
 * of multi-group fits lavaan gives with group.equal, each tested against the one before.
 *
 *   configural  same model in every group, every parameter free per group (latent means 0)
 *   metric      + equal loadings                                (group.equal = "loadings")
 *   scalar      + equal intercepts, latent means free after the first group
 *                                                                (+ "intercepts")
 *   strict      + equal residual variances                      (+ "residuals")
 * Partial invariance: the equalities listed in options.partial are left out of every step
 * (lavaan's group.partial), e.g. the intercept of an item that differs between groups.
 *
 * Each step after the first is compared with the one before by the chi-square difference
 * (lavaan's lavTestLRT): D = X2 - X2_prev on df - df_prev degrees of freedom; under MLM or MLR by
 * the Satorra-Bentler (2001) scaled difference lavTestLRT uses by default for those estimators
 * ("satorra.bentler.2001"): c_d = (df c - df_prev c_prev) / (df - df_prev) and D / c_d (c_prev =
 * 1 when df_prev = 0); and by the changes in CFI and RMSEA, this step minus the one before
 * (Cheung & Rensvold 2002 read a CFI drop of more than .01 as non-invariance; Chen 2007 adds an
 * RMSEA rise of more than .015 for metric and scalar steps). The latent mean differences of the
 * groups after the first are the free latent means of the scalar step (the first group's are 0).
 *
 * Ownership: the result owns its fits; cfa_invariance_release frees them. */
#ifndef SURVEYKIT_MODELS_CFA_INVARIANCE_H
#define SURVEYKIT_MODELS_CFA_INVARIANCE_H

#include <stddef.h>

#include "models/cfa_fit.h"

enum cfa_step { CFA_CONFIGURAL, CFA_METRIC, CFA_SCALAR, CFA_STRICT, CFA_STEPS };

struct cfa_step_result {
	struct cfa_fit *fit; /* NULL when out of memory */
	int status;          /* of cfa_fit_run: the step failed unless GSL_SUCCESS */
	/* against the step before (NaN for the configural step or after a failed step) */
	double chisq_diff, df_diff, p;
	double scaled_diff, scaling, scaled_p; /* MLM/MLR */
	double delta_cfi, delta_rmsea;
};

struct cfa_invariance {
	struct cfa_step_result step[CFA_STEPS];
};

/* Runs the four steps for a specification with two or more groups; options as for cfa_fit_run
 * (their `equal` is replaced, their `partial` applies to every step). Returns GSL_SUCCESS when
 * every step ran (read each step's status and fit->why), GSL_EINVAL for one group, or
 * GSL_ENOMEM. */
int cfa_invariance_run(const struct cfa_spec *spec, const struct cfa_data *data, const struct cfa_options *opt,
		       struct cfa_invariance *out);
void cfa_invariance_release(struct cfa_invariance *inv);

/* The difference test of a restricted fit against a less restricted one, as above. */
void cfa_difference_test(const struct cfa_fit *restricted, const struct cfa_fit *free_fit, struct cfa_step_result *r);

#endif
