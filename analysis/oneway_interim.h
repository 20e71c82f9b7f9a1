/* Interim one-way tests (Fisher's ANOVA, Welch 1951) for segment and waves, in the shape and
 * with the names of models/oneway.h from the comparison work (issue 4), which is not merged yet.
 * When it is: delete this file and its .c and include "models/oneway.h" instead; the callers do
 * not change. Same definitions as there:
 *   ANOVA: F = (SS_b / (k-1)) / (SS_w / (N-k)), eta^2 = SS_b / SS_t;
 *   Welch: w_i = n_i / s_i^2, F = A / (1 + 2 (k-2) L / (k^2 - 1)), df2 = (k^2 - 1) / (3 L). */
#ifndef SURVEYKIT_ANALYSIS_ONEWAY_INTERIM_H
#define SURVEYKIT_ANALYSIS_ONEWAY_INTERIM_H

#include <stddef.h>

struct grouped {
	size_t k, n;
	double *y;
	size_t *start, *count;
};
struct grouped *grouped_alloc(const double *y, const int *group, size_t rows, size_t k);
void grouped_free(struct grouped *g);

struct group_summary {
	size_t n;
	double mean;
	double var, sd, se;
	double llci, ulci;
};
int oneway_summaries(const struct grouped *g, double level, struct group_summary *out);

struct oneway_anova {
	double ss_between, ss_within, ss_total;
	double df1, df2, ms_between, ms_within;
	double F, p, eta2, omega2;
};
int oneway_anova(const struct group_summary *s, size_t k, struct oneway_anova *a);

struct ftest {
	double F, df1, df2, p;
};
int oneway_welch(const struct group_summary *s, size_t k, struct ftest *t, size_t *bad_group);

#endif
