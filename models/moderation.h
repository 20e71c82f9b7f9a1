/* Probe values of a continuous moderator, as PROCESS chooses them (Hayes 2022, sec. 7.3 and
 * Appendix A: its default probes and moments=1), for the conditional effects of moderate, mediate
 * and process (models/process_effects.h's proc_probe_values):
 *   MOD_PROBE_PERCENTILES: 16th, 50th, 84th percentiles (position p(n+1), interpolated: PROCESS;
 *     R's quantile type 6);
 *   MOD_PROBE_MEANSD: mean - SD, mean, mean + SD, a value beyond the data replaced by the minimum
 *     or maximum (as PROCESS does; *clamped has bit 1 for the low, bit 2 for the high value);
 * a moderator with exactly two distinct values is probed at those two whatever the kind. */
#ifndef SURVEYKIT_MODELS_MODERATION_H
#define SURVEYKIT_MODELS_MODERATION_H

#include <stddef.h>

enum mod_probe_kind { MOD_PROBE_PERCENTILES, MOD_PROBE_MEANSD };

/* From the n values v (NaN skipped): writes up to 3 values to out, returns how many; `work` holds
 * n doubles. */
size_t mod_probe_values(const double *v, size_t n, enum mod_probe_kind kind, double *out, int *clamped, double *work);

#endif
