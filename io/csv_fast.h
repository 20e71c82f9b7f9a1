/* Splitting quote-free CSV lines into fields without libcsv, exactly as libcsv splits them.
 *
 * Written by hand only for speed: libcsv hands over each byte through a state machine and each
 * field through a callback, which costs about twice the whole read of a survey export (most of
 * whose lines hold no quote at all). This splitter takes one line at a time and settles only what
 * is plain: a line with a quote, a carriage return anywhere but before its line feed, more fields
 * than asked for or a field longer than the limit is left to libcsv (CSV_FAST_STOP), which the
 * reader (io/csv_reader.c) then gives that line, so quoting, errors and their messages stay
 * libcsv's.
 *
 * What libcsv (3.0, options CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL, default space and
 * line-end characters) does with a quote-free line that starts a record, and so this splitter:
 * fields end at the delimiter and the record at CR or LF; spaces and tabs (other than the
 * delimiter) around a field are dropped; a line of nothing but spaces and tabs is no record at
 * all (CRLF too: the LF after the CR that ended a record is such an empty line); a delimiter at
 * the end of a line makes one more, empty field; any other byte, NUL included, is part of the
 * field. tests/fuzz/csv_fast.c compares the two on any input, byte for byte. */
#ifndef SURVEYKIT_IO_CSV_FAST_H
#define SURVEYKIT_IO_CSV_FAST_H

#include <stddef.h>

struct csv_cell {
	const char *s; /* into the input, not NUL-terminated */
	size_t len;
};

struct csv_fast {
	unsigned char byte_class[256];
	size_t max_len;  /* a longer field: CSV_FAST_STOP */
};

enum csv_fast_line {
	CSV_FAST_ROW,   /* a record: its fields in cells[0..*n) */
	CSV_FAST_BLANK, /* an empty line, which libcsv skips */
	CSV_FAST_STOP,  /* libcsv must parse this line */
};

/* Sets up the splitter for a delimiter; -1 when the delimiter is one it cannot take (a quote or
 * a line end), and libcsv must parse every line. */
int csv_fast_init(struct csv_fast *fs, unsigned char delimiter, size_t max_len);

/* Splits the line at `line`, where a record starts; a line feed must follow somewhere in the
 * buffer (the line's own or a later line's: the scan stops at the first one). On CSV_FAST_ROW and
 * CSV_FAST_BLANK, *next is just past the line's line feed; on CSV_FAST_ROW cells[0..*n) hold its
 * fields (at most max_cells). */
enum csv_fast_line csv_fast_line(const struct csv_fast *fs, const char *line, struct csv_cell *cells,
				 size_t max_cells, size_t *n, const char **next);

/* Just past the last line feed in buf[0..len), or buf when there is none. */
const char *csv_fast_last_line_end(const char *buf, size_t len);

#endif
