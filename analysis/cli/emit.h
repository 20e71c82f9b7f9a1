/* One writer for each result shape that several commands print, so that its JSON keys are named
 * in one place: an F test (F, df1, df2, p), a Wald test, a one-way ANOVA row with its Welch test.
 * (The OLS model summary and coefficient tables are written by reg_put_summary and
 * reg_put_coefficients, analysis/data/regression_data.h.) */
#ifndef SURVEYKIT_ANALYSIS_CLI_EMIT_H
#define SURVEYKIT_ANALYSIS_CLI_EMIT_H

#include <jansson.h>

#include "models/oneway.h"
#include "models/ols_tests.h"

/* "F", "df1", "df2", "p" into row (a value that is not finite is null, noted by doc_explain). */
void emit_f_test(json_t *row, double F, double df1, double df2, double p);
/* The same from a Wald test. */
void emit_wald(json_t *row, const struct wald *w);

/* A one-way ANOVA of groups as a row of a tests table: "F" (null with the note `why_f` when the
 * ANOVA could not be computed: anova_status not 0), "df1", "df2", "p", "eta2", then Welch's
 * "welch_F" (null with the note `why_welch`), "welch_df2", "welch_p". Notes go to doc. */
void emit_oneway(json_t *doc, json_t *row, int anova_status, const struct oneway_anova *a, const char *why_f,
		 int welch_status, const struct ftest *welch, const char *why_welch);

#endif
