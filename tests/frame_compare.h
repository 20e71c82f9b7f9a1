/* Whether two reads of the same input gave the same frame (every cell, line, count and note the
 * reader records) and the same error: used by the unit tests of the parallel CSV read and by its
 * fuzz target (tests/fuzz/csv_split.c). Returns NULL when they agree, else what differs. */
#ifndef SURVEYKIT_TESTS_FRAME_COMPARE_H
#define SURVEYKIT_TESTS_FRAME_COMPARE_H

#include <math.h>
#include <string.h>

#include "io/error.h"
#include "io/frame.h"

static inline int same_number(double a, double b)
{
	return (isnan(a) && isnan(b)) || (a == b && signbit(a) == signbit(b));
}

static inline const char *frame_compare_columns(const struct frame *a, const struct frame *b)
{
	for (size_t j = 0; j < a->n_cols; j++) {
		const struct column *x = &a->cols[j], *y = &b->cols[j];
		if (strcmp(x->name, y->name) != 0 || x->kind != y->kind || x->meta.role != y->meta.role)
			return "column name, kind or role";
		if (!!x->small != !!y->small || !!x->whole != !!y->whole || !!x->wide != !!y->wide)
			return "column storage";
		if (x->n_missing != y->n_missing || x->n_out_of_range != y->n_out_of_range)
			return "missing or out-of-range counts";
		for (size_t k = 0; k < x->n_out_of_range && k < FRAME_BAD_CELLS_KEPT; k++)
			if (x->out_of_range[k].line != y->out_of_range[k].line ||
			    !same_number(x->out_of_range[k].value, y->out_of_range[k].value))
				return "out-of-range cells kept";
		if (x->stray.n != y->stray.n || x->stray.numbers != y->stray.numbers)
			return "stray text counts";
		for (size_t k = 0; k < x->stray.n && k < FRAME_BAD_CELLS_KEPT; k++)
			if (x->stray.line[k] != y->stray.line[k])
				return "stray text lines";
		for (size_t i = 0; i < a->n_rows; i++) {
			const char *s = frame_text(a, j, i), *t = frame_text(b, j, i);
			if (!same_number(frame_value(a, j, i), frame_value(b, j, i)) || !s != !t || (s && strcmp(s, t) != 0))
				return "a cell";
			if (frame_why(a, j, i) != frame_why(b, j, i))
				return "why a cell is missing";
		}
	}
	return NULL;
}

static inline const char *frame_compare(int status_a, const struct frame *a, const struct sk_error *ea,
					int status_b, const struct frame *b, const struct sk_error *eb)
{
	if (status_a != status_b)
		return "status";
	if (status_a != 0)
		return ea->code != eb->code || strcmp(ea->msg, eb->msg) != 0 ? "error message" : NULL;
	if (a->n_rows != b->n_rows || a->n_cols != b->n_cols || a->delimiter != b->delimiter ||
	    a->skipped_headers != b->skipped_headers)
		return "shape, delimiter or header rows";
	for (size_t i = 0; i < a->n_rows; i++)
		if (a->line[i] != b->line[i])
			return "line numbers";
	return frame_compare_columns(a, b);
}

#endif
