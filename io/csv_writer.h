/* Writing CSV: a header and rows, quoting only fields that need it (RFC 4180). Numbers are
 * written exactly in their shortest decimal form; NaN and infinities as an empty cell (the
 * missing-value marker every reader of these files takes), never as "nan" or "inf". */
#ifndef SURVEYKIT_IO_CSV_WRITER_H
#define SURVEYKIT_IO_CSV_WRITER_H

#include <stdio.h>

#include "io/frame.h"

/* A number in the shortest decimal form that reads back exactly; nothing when not finite. */
void csv_write_number(FILE *out, double v);
/* Each returns 0, or -1 when the stream reports a write error. */
int csv_write_field(FILE *out, const char *s);
int csv_write_header(FILE *out, const char *const *names, size_t n);
int csv_write_numbers(FILE *out, const double *v, size_t n);
int csv_write_frame(FILE *out, const struct frame *f);

#endif
