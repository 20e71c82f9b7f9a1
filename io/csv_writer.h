/* Writing CSV: a header and rows, quoting only fields that need it (RFC 4180). Numbers are
 * written exactly: integers without decimals, others in the shortest of %.15g and %.17g that
 * reads back as the same double; NaN as an empty cell. */
#ifndef SURVEYKIT_IO_CSV_WRITER_H
#define SURVEYKIT_IO_CSV_WRITER_H

#include <stdio.h>

#include "io/frame.h"

/* Each returns 0, or -1 when the stream reports a write error. */
int csv_write_field(FILE *out, const char *s);
int csv_write_header(FILE *out, const char *const *names, size_t n);
int csv_write_numbers(FILE *out, const double *v, size_t n);
int csv_write_frame(FILE *out, const struct frame *f);

#endif
