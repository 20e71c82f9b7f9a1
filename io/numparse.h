/* Parsing a cell as a number: the whole cell must be a finite decimal number. */
#ifndef SURVEYKIT_IO_NUMPARSE_H
#define SURVEYKIT_IO_NUMPARSE_H

#include <stddef.h>

enum num_parse {
	NUM_OK,
	NUM_EMPTY,    /* blank (only spaces) */
	NUM_INVALID,  /* not a number: text, "nan", "inf", hex, a lone "-" */
	NUM_RANGE,    /* a number too large for a double (1e400) */
};

/* Parses s[0..len) allowing surrounding spaces; `decimal_comma` also accepts "4,5" as 4.5.
 * Small integers take a fast path; everything else goes through strtod in the C locale. */
enum num_parse num_parse(const char *s, size_t len, int decimal_comma, double *out);

/* Parses a whole NUL-terminated string as a size (decimal digits only, fits size_t). */
int parse_size(const char *s, size_t *out);

#endif
