/* A small survey table for the filter tests (tests/unit/test_filter_*.c): 12 respondents with an
 * id, consent, a text Finished, a duration, a text scenario, an attention check, two scales
 * (satisfaction sat_1..sat_4, involvement inv_1..inv_3), a text column of numbers and columns
 * for the whole-column functions. scripts/ref/filter_expr.R holds the same data. */
#ifndef SURVEYKIT_TESTS_FILTER_TABLE_H
#define SURVEYKIT_TESTS_FILTER_TABLE_H

#include "io/filter.h"
#include "io/filter_frame.h"
#include "io/frame.h"

#define FILTER_TABLE_ROWS 12

struct filter_table {
	struct frame frame;
	struct filter_frame_source source;
};

void filter_table_init(struct filter_table *t);
void filter_table_free(struct filter_table *t);

/* The rows (1-based, space-separated) the filter keeps, "" for none, or "error: MESSAGE"
 * (static buffer, valid until the next call). */
const char *filter_rows(struct filter_table *t, const char *expr);

/* Parses and binds expr; returns 0 and the program in *out, or the exit code with `err` filled. */
int filter_try(struct filter_table *t, const char *expr, struct filter_program **out, struct filter_error *err);

#endif
