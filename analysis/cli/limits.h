/* Limits on work that grows faster than the data, so that a file with thousands of items or scales
 * (or a typo in an option) ends in one clear line instead of minutes of computing and gigabytes of
 * memory or output. Each is far beyond a real survey and stated in --help and the README
 * ("Limits"); the first two can be raised with their option.
 *
 *   items of one scale (reliability, factor; --max-items): the item covariance and correlation
 *     matrices take k^2 memory and the one-factor or EFA fit k^3 time (1000 items: 3 s, 60 MB;
 *     10,000 items: more than 120 s and 4 GB);
 *   variables of one correlation matrix (correlate, the Fornell-Larcker table of
 *     reliability --validity; --max-vars): the output grows with v^2 (10,000 scales gave 165 MB
 *     of JSON from a 254 KB file);
 *   bootstrap resamples (moderate, mediate): analysis/cli/boot_options.h. */
#ifndef SURVEYKIT_ANALYSIS_LIMITS_H
#define SURVEYKIT_ANALYSIS_LIMITS_H

#include <stddef.h>

#include "analysis/cli/cli.h"
#include "io/error.h"

#define LIMIT_SCALE_ITEMS 1000
#define LIMIT_MATRIX_VARS 500

/* The value of --NAME (a positive whole number), or def when absent; exit 2 otherwise. */
int limit_option(const struct cli *cli, const char *name, size_t def, size_t *out, struct sk_error *err);

#endif
