/* Writing CSV: a header and rows, quoting only fields that need it (RFC 4180). Numbers are
 * written exactly in their shortest decimal form; NaN and infinities as an empty cell (the
 * missing-value marker every reader of these files takes), never as "nan" or "inf".
 *
 * Rows are formatted into a buffer and handed to stdio once per row (csv_write_numbers,
 * csv_write_frame), not once per value: on a 1,000,000-row output the per-call cost of stdio
 * was a quarter of the time of `surveykit score`. */
#ifndef SURVEYKIT_IO_CSV_WRITER_H
#define SURVEYKIT_IO_CSV_WRITER_H

#include <stdio.h>

#include "io/frame.h"
#include "io/strbuf.h"

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
/* Appending cells to rows built in memory, to be written many rows per stdio call: a text cell
 * (quoted when it needs to be), a number as csv_format_number writes it. */
void csv_add_field(struct strbuf *row, const char *s);
void csv_add_number(struct strbuf *row, double v);

#endif
