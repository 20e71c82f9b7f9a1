/* PROCESS with a dichotomous Y: the Y equation by logistic regression (models/logistic.h), the
 * mediators' equations by OLS, for every model PROCESS numbers but 74 (Hayes 2022, Appendix A;
 * what PROCESS for R 4.3.1 prints when Y has two values). proc_model_set_logistic makes the model,
 * proc_fit_run fits it (models/process_fit.h), and the rest of the engine reads the logistic
 * equation through its b, cov, df = infinity and crit = z*.
 *
 * What PROCESS prints with a dichotomous Y, and where it is here:
 *   "Coding of binary Y for logistic regression analysis": the lower of Y's two values is coded
 *     0, the higher 1 (proc_fit's y_value[0], y_value[1]);
 *   the Y equation's coeff, se, Z, p, LLCI, ULCI, "expressed in a log-odds metric" (the fit's
 *     eq[k].logit: b, se, z, p_value, llci, ulci, Wald intervals on z*); odds ratios exp(b) with
 *     their intervals are given as well (odds, odds_llci, odds_ulci), which PROCESS does not print;
 *   its model summary -2LL, ModelLL, df, p, McFadden, CoxSnell, Nagelkrk (logit: dev, chi2, df,
 *     p_chi2, mcfadden, cox_snell, nagelkerke, with PROCESS's definitions: models/logistic.h);
 *   "Likelihood ratio test of highest order unconditional interaction(s)": Chi-sq, df, p
 *     (proc_logit_lr_test of each set proc_highest_interactions lists for the Y equation);
 *   conditional effects of X or of a mediator on Y at moderator values: effect, se, Z, p, LLCI,
 *     ULCI on the log-odds scale (proc_link_effect, proc_direct_effect: lincom's t holds Z);
 *   a multicategorical X: the "Test of equality of conditional logits" at moderator values, Wald's
 *     chi-square (proc_link_omnibus: F = chi2 / q on (q, infinity) df, p from chi-square), and the
 *     "Omnibus likelihood ratio test of direct effect of X on Y" (proc_logit_lr_test of X's term);
 *   Johnson-Neyman boundaries of a path of the Y equation with z* for t* (proc_jn);
 *   indirect effects: the products of the links' coefficients, the last on the log-odds scale,
 *     with their indices of moderated mediation and contrasts (proc_stat_value), and bootstrap CIs
 *     (models/process_boot.h: a logistic fit on every resample).
 * Not reported, as in PROCESS: R2, F and MSE of the Y equation; the total-effect model ("Total
 * effect model not available with dichotomous Y": on the log-odds scale the total effect is not
 * the direct plus the indirect effects); standardised effects ("STAND/EFFSIZE options not
 * available with dichotomous Y"; proc_stat_check refuses them); HC standard errors in the Y
 * equation (PROCESS uses them in OLS equations only); model 74 ("The XMINT option is not available
 * for models with a dichotomous Y"); a dichotomous mediator (its equation stays OLS).
 *
 * Where this differs from PROCESS. Its estimates stop when -2LL changes by less than 1e-5 and its
 * fitted probabilities are clamped to [1e-8, 1 - 1e-7]; here they are R's glm(family = binomial)
 * to about 1e-10 (models/logistic.h). Separation in the full sample is refused with the equation
 * and the predictor named (eq[k].logit->problem, ->bad); PROCESS prints what 100 iterations
 * reached. Bootstrap resamples: see models/process_boot.h.
 *
 * Checked against R (scripts/ref/process_logistic.R, tests/unit/test_process_logit.c): glm with
 * the same formula for the Y equation and lm for the mediators' in every model, to 1e-9. */
#ifndef SURVEYKIT_MODELS_PROCESS_LOGIT_H
#define SURVEYKIT_MODELS_PROCESS_LOGIT_H

#include <stddef.h>

#include "models/logistic.h"
#include "models/process_fit.h"

/* Likelihood-ratio test of the terms term[0..n) of the logistic equation e: the equation refitted
 * without their columns, chi2 = -2LL(reduced) - -2LL(full) on the number of columns dropped.
 * GSL_EINVAL when equation e is not logistic or a term is out of range or repeated; a reduced fit
 * that fails returns its status with *why its problem. */
int proc_logit_lr_test(const struct proc_fit *f, size_t e, const size_t *term, size_t n, struct logit_lr *out,
		       enum logit_problem *why);

#endif
