/* Reading a survey export (CSV) into a frame, streamed through libcsv in blocks.
 *
 * RFC 4180 quoting; comma, semicolon or tab (detected from the header line unless given); CRLF
 * or LF; a UTF-8 byte order mark; a header row; the two extra header rows of a Qualtrics export
 * (question text, then {"ImportId":...}) are recognised and skipped, the question texts becoming
 * the columns' variable labels (a codebook's label wins). Blank cells, "NA" and
 * missing codes are missing; a value outside a codebook range is counted and set missing.
 * Errors name the file, line and column: a ragged row, an unterminated quote, text in a column
 * the codebook says is numeric, a field or a file beyond the limits.
 *
 * A regular file (or a buffer) of a few MB is parsed in parts side by side, one per processor:
 * cut at record boundaries (io/csv_split.h), each part through its own libcsv parser into its own
 * frame, joined in order. Whatever a part cannot settle on its own (any error, a column that one
 * part reads as text and another as numbers) makes the reader read the file again in one part,
 * so the frame and every message are the same with 1 or N parts. Columns are sized once, from
 * the file's size and the width of its first lines.
 *
 * Data lines without a quote are split by io/csv_fast.h instead of libcsv (the same fields, at
 * half the cost) and their cells stored straight into the columns; any line it does not settle
 * (a quote, a lone CR, a ragged row, a field too long) goes through libcsv. */
#ifndef SURVEYKIT_IO_CSV_READER_H
#define SURVEYKIT_IO_CSV_READER_H

#include "io/codebook.h"
#include "io/error.h"
#include "io/frame.h"

struct csv_read_options {
	char delimiter;                   /* 0: detect from the header line */
	const struct codebook *codebook;  /* NULL: every column's type is inferred */
	const double *missing;            /* global missing codes (--missing) */
	size_t n_missing;
	size_t max_field;                 /* bytes in one cell */
	size_t max_columns;
	size_t max_rows;
	int mixed_numeric;                /* a column without a codebook entry with more numbers than
					     other cells stays numeric, the others missing (frame.h:
					     struct stray_text); 0: any text makes it a text column */
	size_t threads;                   /* parts of a file parsed side by side (io/csv_split.h):
					     0 one per processor the process may use, 1 none */
	size_t min_part;                  /* bytes of a part at least; 0: CSV_DEFAULT_MIN_PART */
	int libcsv_only;                  /* every line through libcsv, none split directly
					     (io/csv_fast.h): what the tests compare the direct
					     split with */
};

#define CSV_DEFAULT_MAX_FIELD ((size_t)1 << 20)
#define CSV_DEFAULT_MAX_COLUMNS ((size_t)100000)
#define CSV_DEFAULT_MAX_ROWS ((size_t)50000000)
#define CSV_DEFAULT_MIN_PART ((size_t)1 << 20)

void csv_read_options_init(struct csv_read_options *o);
/* Reads `path` into `out` (initialised here). On error `out` is left empty. */
int csv_read_frame(const char *path, const struct csv_read_options *o, struct frame *out, struct sk_error *err);
/* The same from memory: data[0..len) holds the file's bytes, `name` stands for its path. */
int csv_read_buffer(const char *name, const void *data, size_t len, const struct csv_read_options *o,
		    struct frame *out, struct sk_error *err);

#endif
