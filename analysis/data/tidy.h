/* What the dataset layer tidies in a wave as it is loaded for analysis, before roles are
 * inferred, each change that could alter a result reported as a note (nothing silent).
 * `convert` and `reshape` read a wave as it is (analysis/data/rawdata.h) and are not tidied.
 *
 * Text values are trimmed: spaces, tabs, line breaks and no-break spaces (U+00A0) before and
 * after a text value are removed, so "Fix only " and "Fix only" are one group level. When that
 * makes values that were written differently equal, a note names the column and the values.
 *
 * Stray text: a CSV column without a codebook entry that holds both numbers and other cells is
 * numeric when the numbers are more, its other cells missing ("-", "n/a": CELL_NOT_NUMBER), and
 * text otherwise (io/csv_reader.h: mixed_numeric); either way a note names the column and the
 * lines of the cells that are not numbers, so a column never turns to text, or loses a cell,
 * silently. */
#ifndef SURVEYKIT_ANALYSIS_TIDY_H
#define SURVEYKIT_ANALYSIS_TIDY_H

#include "analysis/data/dataset.h"

/* Trims every text cell of ds->frame; notes merged values. 0, or SK_EXIT_INPUT when out of memory. */
int tidy_trim_text(struct dataset *ds, struct sk_error *err);
/* Notes each column with stray text (column.stray). 0, or SK_EXIT_INPUT when out of memory. */
int tidy_note_stray_text(struct dataset *ds, struct sk_error *err);

#endif
