/* Writing CSV: a header and rows, quoting only fields that need it (RFC 4180). Numbers are
 * written exactly in their shortest decimal form; NaN and infinities as an empty cell (the
 * missing-value marker every reader of these files takes), never as "nan" or "inf".
 *
 * Rows are formatted into a buffer and handed to stdio once per row (csv_write_numbers,
 * csv_write_frame) or once per block of rows (struct csv_rows), not once per value: on a
 * 1,000,000-row output the per-call cost of stdio was a quarter of the time of `surveykit score`. */
#ifndef SURVEYKIT_IO_CSV_WRITER_H
#define SURVEYKIT_IO_CSV_WRITER_H

#include <stdint.h>
#include <stdio.h>

#include "io/frame.h"

/* Room csv_format_number needs: "%.17g" of any double, a sign and the NUL. */
#define CSV_NUMBER_MAX 32

/* Formats v into buf in the shortest decimal form that reads back exactly (NUL-terminated) and
 * returns its length; 0 (an empty cell) when v is not finite. */
size_t csv_format_number(char buf[CSV_NUMBER_MAX], double v);
/* The same, written to a stream. */
void csv_write_number(FILE *out, double v);
/* Each returns 0, or -1 when the stream reports a write error. */
int csv_write_field(FILE *out, const char *s);
int csv_write_header(FILE *out, const char *const *names, size_t n);
int csv_write_numbers(FILE *out, const double *v, size_t n);
int csv_write_frame(FILE *out, const struct frame *f);

/* Rows built in memory and written many at a time (`score` writes a chunk of rows per stdio
 * call): cells are appended with csv_rows_char, csv_rows_number (as csv_format_number writes it)
 * and csv_rows_field (quoted when it needs to be). After a failed allocation `failed` is set, later
 * appends are ignored and csv_rows_write returns -1 (errno ENOMEM). */
struct csv_rows {
	char *s;
	size_t len, cap;
	int failed;
	struct csv_number_memo *memo; /* numbers formatted so far (csv_rows_format), made on first use */
};
#define CSV_ROWS_INIT {NULL, 0, 0, 0, NULL}
/* Room for n more bytes: 0, or -1 when out of memory. */
int csv_rows_grow(struct csv_rows *b, size_t n);
static inline int csv_rows_room(struct csv_rows *b, size_t n)
{
	return b->cap - b->len >= n && !b->failed ? 0 : csv_rows_grow(b, n);
}
static inline void csv_rows_char(struct csv_rows *b, char c)
{
	if (csv_rows_room(b, 1) == 0)
		b->s[b->len++] = c;
}
/* csv_format_number(b->s + b->len, v) for a buffer with room: the values are remembered by their
 * bits in a small table of the last ones seen, so a column with few distinct values (scale
 * scores: a mean of k answers) is formatted once per value, not once per row. The same characters
 * as csv_format_number by construction. */
size_t csv_rows_format(struct csv_rows *b, double v);
static inline void csv_rows_number(struct csv_rows *b, double v)
{
	if (csv_rows_room(b, CSV_NUMBER_MAX) == 0)
		b->len += csv_rows_format(b, v);
}
/* A whole number (an id, a group code), as csv_rows_number writes (double)v: without the table,
 * which a column of distinct values would only churn. */
size_t csv_rows_format_whole(struct csv_rows *b, int32_t v);
static inline void csv_rows_whole(struct csv_rows *b, int32_t v)
{
	if (csv_rows_room(b, CSV_NUMBER_MAX) == 0)
		b->len += csv_rows_format_whole(b, v);
}
void csv_rows_field(struct csv_rows *b, const char *s);
/* Writes the rows built so far and empties the buffer: 0, or -1 (out of memory, or a write error). */
int csv_rows_write(FILE *out, struct csv_rows *b);
void csv_rows_free(struct csv_rows *b);

#endif
