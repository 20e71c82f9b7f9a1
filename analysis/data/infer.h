/* What a wave's columns are when no codebook is given, decided from names and values and
 * reported as notes so the user can check it:
 *  - an id column by name (id, respondent, ResponseId, participant, subject, ...);
 *  - items: numeric columns named PREFIX_1, PREFIX2, ... form a scale per prefix when the prefix
 *    has two or more; a trailing r (sat_3r, TRU4_r) marks a reverse-keyed item, reversed within
 *    the range observed over the scale's items;
 *  - groups: other columns with 2 to INFER_MAX_GROUP_LEVELS distinct integer (or text) values
 *    and at least twice as many rows as values;
 *  - everything else numeric or text.
 * A labelled file's measurement level (meta.measure, io/readstat_reader.h) is a hint: a nominal
 * or ordinal column with value labels is a group even when the rows are few. Level "scale" is
 * not taken as a sign of a numeric column: R's haven writes it for every numeric variable. */
#ifndef SURVEYKIT_ANALYSIS_INFER_H
#define SURVEYKIT_ANALYSIS_INFER_H

#include "analysis/data/dataset.h"

#define INFER_MAX_GROUP_LEVELS 10

/* Fills the roles of ds->frame's columns and ds->scales; appends notes. 0 or SK_EXIT_INPUT. */
int infer_codebook(struct dataset *ds, struct sk_error *err);

/* With a codebook: a data column the codebook does not list but named like the items of one of
 * its scales (NEG_4 beside the scale's NEG_1..NEG_3: the same PREFIX, ignoring case) is in no
 * scale; a note names it and the scale. 0 or SK_EXIT_INPUT. */
int infer_note_unlisted_items(struct dataset *ds, struct sk_error *err);

/* Suspected missing-value codes: a numeric column whose values are whole numbers, all
 * but a few of them within a span of 11 points (max - min <= 10, e.g. 1..7 or 0..10) and at
 * least two distinct, plus one to SUSPECT_CODES_MAX values that
 *   - look like codes: negative (-1, -9, -99, ...) or all nines (99, 999, 9999, ...), and
 *   - lie apart from the answers: not reached from them in steps of 1 through values present
 *     (so the -3..3 of a bipolar scale are answers, and -99 beside them a code).
 * Those values are used as answers, as they are in the data; a warning names the columns and the
 * codes and suggests --missing, and ds->suspects keeps them, so that an inferred reverse-keyed
 * item is reversed within the range of the answers and `codebook` writes them as missing codes.
 * Run on columns without a codebook entry before roles are inferred. 0 or SK_EXIT_INPUT. */
int infer_missing_codes(struct dataset *ds, struct sk_error *err);
/* The range of the answers over columns items[0..k): their values but the suspected codes
 * (lo > hi when there is none). */
void infer_answer_range(const struct dataset *ds, const size_t *items, size_t k, double *lo, double *hi);

/* Helpers shared with dataset.c */
int dataset_add_note(struct dataset *ds, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dataset_add_warning(struct dataset *ds, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int dataset_add_scale(struct dataset *ds, const char *name, const size_t *items, size_t k);

#endif
