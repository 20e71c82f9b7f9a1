/* The rows an analysis leaves out, counted by reason, so that no row is dropped silently
 * (nothing silent): every command states them the same way, in text and JSON.
 *
 * An analysis of variables V1..Vk (columns or scales, by name: the outcome, the predictors, the
 * grouping variables, the items of a scale) uses the rows where every one of them is present; a
 * row is left out when one is missing. A scale is missing in a row when fewer of its items are
 * answered than it needs (all, or --min-items). Each missing cell behind it is a reason, named by
 * its column:
 *   "missing"                  blank, NA or a missing code (the codebook's, --missing, a .sav's);
 *   "out of range MIN..MAX"    outside the codebook's range (io/frame.h: CELL_OUT_OF_RANGE);
 *   "not a number"             text in a numeric column without a codebook (CELL_NOT_NUMBER).
 * A row left out for several reasons counts under each, so the reasons may add up to more than
 * the rows. The note reads
 *   "48 of 600 rows left out: sat_2 out of range 1..7 (48); scenario missing (3)"
 * with the DROPPED_LISTED most frequent reasons; the JSON document also gets them all under
 * input.dropped: {"rows", "reasons": [{"column", "reason", "rows"}]} (with "min" and "max" for a
 * range). */
#ifndef SURVEYKIT_ANALYSIS_DROPPED_H
#define SURVEYKIT_ANALYSIS_DROPPED_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/data/dataset.h"
#include "io/error.h"

#define DROPPED_LISTED 8

/* Counts the rows of ds left out of an analysis of names[0..k) and notes them in doc when any
 * are. `what` NULL: the command's analysis (input.used's rows), also written to input.dropped;
 * otherwise a part of it, and the note starts with `what` ("scale 'trust'"). A name that is
 * neither a column nor a scale is ignored. *left_out (may be NULL) gets the number of rows.
 * 0, or SK_EXIT_INPUT when out of memory. */
int dataset_note_dropped(const struct dataset *ds, json_t *doc, const char *what, const char *const *names,
			 size_t k, size_t *left_out, struct sk_error *err);

#endif
