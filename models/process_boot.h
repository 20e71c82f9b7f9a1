/* Bootstrap of any quantities of a fitted PROCESS model (models/process_effects.h's proc_stat:
 * conditional indirect effects, indices of moderated mediation, contrasts, total indirect effects,
 * standardised effects) by the toolkit's one case bootstrap (models/bootstrap.h): parallel
 * threads, each resample's cases drawn from its own stream, so the draws are identical for a seed
 * whatever the number of threads; a resample on which an equation is singular is drawn again
 * (PROCESS's practice) and counted. Percentile and bias-corrected intervals then come from
 * bootstrap_ci (PROCESS's positions: Hayes 2022, Appendix A).
 *
 * Each resample accumulates the weighted cross-products of the fit's design columns V once
 * (models/crossprod.h) and solves every equation from them, with the centring of the full sample
 * (PROCESS does not centre again per resample) and the SDs of X and Y of the resample for
 * standardised effects (Hayes 2022, sec. 4.3). The statistics are evaluated by the same
 * proc_stat_value as the point estimates.
 *
 * A logistic Y equation (models/process_logit.h) is fitted on each resample by Newton-Raphson
 * with the case counts as frequency weights, started from the full-sample estimates (PROCESS
 * starts from zero: the same maximum, in fewer steps); a resample on which it separates, is
 * collinear or does not converge is drawn again and counted with the singular ones. PROCESS
 * redraws only a resample with a constant Y or a singular design and keeps a separated fit's
 * coefficients as they stand after its 100 iterations. The draws stay identical for a seed at
 * any number of threads: a resample's fit depends on its counts alone. */
#ifndef SURVEYKIT_MODELS_PROCESS_BOOT_H
#define SURVEYKIT_MODELS_PROCESS_BOOT_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "models/process_effects.h"

/* Fills draws (reps x n_stats) with stats[0..n_stats) of each resample; *replaced counts the
 * resamples drawn again. GSL_EINVAL when a statistic fails proc_stat_check (nothing is drawn),
 * otherwise the status of bootstrap_run. threads 0: one per online processor. */
int proc_bootstrap(const struct proc_fit *f, const struct proc_stat *stats, size_t n_stats, size_t reps,
		   unsigned long seed, size_t threads, gsl_matrix *draws, size_t *replaced);

#endif
