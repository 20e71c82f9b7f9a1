/* One writer for each result shape that several commands print, so that its JSON keys are named
 * in one place: an F test (F, df1, df2, p), a Wald test, a one-way ANOVA row with its Welch test,
 * a row of an ANOVA table.
 * (The OLS model summary and coefficient tables are written by reg_put_summary and
 * reg_put_coefficients, analysis/data/regression_data.h.) */
#ifndef SURVEYKIT_ANALYSIS_CLI_EMIT_H
#define SURVEYKIT_ANALYSIS_CLI_EMIT_H

#include <jansson.h>

#include "models/effect_size.h"
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

/* A row of an ANOVA table, after the keys that name it, in one of the tables' shapes:
 *   ANOVA_TERM        "ss", "df", "ms", "F", "p", "partial_eta2" with its interval
 *   ANOVA_ERROR       "ss", "df", "ms"
 *   ANOVA_SIMPLE      "ss", "df1", "df2", "F", "p", "partial_eta2" with its interval
 *   ANOVA_REPEATED    "ss", "df1", "df2", "ms", "F", "p", "ss_error", "partial_eta2" with its interval
 *   ANOVA_UNIVARIATE  "ss", "df1", "ss_error", "df2", "F", "p", "partial_eta2" with its interval
 * The interval is "partial_eta2_llci" and "partial_eta2_ulci"; `es` NULL: none is reported (both
 * null, explained by the caller's note). df is df1. */
enum anova_row_shape { ANOVA_TERM, ANOVA_ERROR, ANOVA_SIMPLE, ANOVA_REPEATED, ANOVA_UNIVARIATE };
struct anova_row {
	double ss, df1, df2, ms, F, p, ss_error, partial_eta2;
	const struct effect_interval *es;
};
void emit_anova_row(json_t *row, enum anova_row_shape shape, const struct anova_row *a);

#endif
