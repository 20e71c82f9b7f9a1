/* Reshaping a within-subjects wave between its two layouts (`surveykit reshape`):
 *
 *   wide: one row per respondent, one column set per condition, the condition a token of the
 *         column name:  id, inv_1, sat_s1_1, sat_s1_2, sat_s2_1, sat_s2_2, satisfaction_s1, ...
 *   long: one row per respondent x condition, the condition in a column:
 *         id, inv_1, scenario, sat_1, sat_2, satisfaction
 *
 * Wide -> long: a column is per-condition when one of its '_'-separated name tokens is the
 * marker followed by digits (marker "s": s1, s2, ...; the name must have another token). Its
 * stem is the name without that token (sat_s2_1 -> sat_1, satisfaction_s2 -> satisfaction,
 * s2_sat -> sat). Conditions are the numbers found, ascending; each respondent gets one row per
 * condition, in that order, even when all its values there are missing (within-subjects
 * procedures drop incomplete respondents themselves). Every other column is repeated on each
 * of the respondent's rows. The new index column holds the condition number, role group, with
 * the value labels given. A stem's metadata is its first condition's (the scale name loses the
 * token too: satisfaction_s1 -> satisfaction); where the conditions' variable labels differ
 * ("... (scenario 1)", "... (scenario 2)") the long layout keeps the first one and the report
 * counts it (long -> wide copies the label to every condition, so those labels do not return).
 *
 * Long -> wide: rows are grouped by the id column; the index column's values (whole numbers
 * >= 0) name the conditions. A column whose value (or missingness) is the same on all rows of
 * every respondent is a trait and stays one column; every other column becomes one column per
 * condition, named by inserting the token after the name's first token (sat_1 -> sat_s2_1;
 * satisfaction -> satisfaction_s2; the scale name likewise). Output: the traits in their
 * order, then per condition its columns. Respondents keep the order of their first row.
 * Wide -> long -> wide gives back the same table when the tokens stood after the first token.
 *
 * Errors (exit 3, naming the column or row): no per-condition column, a name with two tokens,
 * two columns with the same stem and condition, a stem or index name that is already a column,
 * a missing or non-whole index value, a missing id, a respondent with two rows for a condition. */
#ifndef SURVEYKIT_ANALYSIS_RESHAPE_H
#define SURVEYKIT_ANALYSIS_RESHAPE_H

#include <stddef.h>

#include "io/error.h"
#include "io/frame.h"

struct reshape_spec {
	const char *index;  /* the condition column of the long layout, e.g. "scenario" */
	const char *id;     /* the respondent column (long -> wide) */
	const char *marker; /* the token prefix naming a condition in wide names, e.g. "s" */
	const struct value_label *index_labels; /* wide -> long: labels of the index column */
	size_t n_index_labels;
};

#define RESHAPE_MAX_CONDITION 1000000 /* the largest condition number accepted */

/* Stems whose conditions have different variable labels (the first named: a column name of the
 * long frame, valid while it is). */
struct reshape_report {
	size_t labels_differ;
	const char *first;
};

/* Both initialise `out` (empty on error); `report` may be NULL. */
int reshape_to_long(const struct frame *wide, const struct reshape_spec *s, struct frame *out,
		    struct reshape_report *report, struct sk_error *err);
int reshape_to_wide(const struct frame *lng, const struct reshape_spec *s, struct frame *out, struct sk_error *err);

#endif
