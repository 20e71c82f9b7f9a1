/* Cutting a CSV file into parts that can be parsed side by side: each cut falls just after a
 * line feed that ends a record, found by a pre-scan of quote parity. In a file libcsv parses
 * without error (RFC 4180, strict) every quote opens or closes a quoted field or is half of a
 * doubled quote inside one, so a position lies inside a quoted field exactly when an odd number
 * of quotes precede it; a line feed after an even number of quotes therefore ends a record (or
 * a blank line, which libcsv skips), and a parser started there is in the state the parser of
 * the whole file is in at that point. A file with a stray quote gets cuts that may be wrong, but
 * the parse of the part holding the stray quote fails, and the reader then reads the file again
 * in one part (io/csv_reader.c), so every result and message is that of a one-part read.
 *
 * The scan takes the file's bytes in order, in blocks of any size (csv_split_feed), from offset 0
 * up to the last cut: about (parts - 1) / parts of the file. */
#ifndef SURVEYKIT_IO_CSV_SPLIT_H
#define SURVEYKIT_IO_CSV_SPLIT_H

#include <stddef.h>

#define CSV_SPLIT_MAX_PARTS 16

struct csv_split {
	size_t parts;      /* asked for; on return from the last feed, the number found */
	size_t size;       /* of the whole file */
	size_t cut[CSV_SPLIT_MAX_PARTS + 1]; /* part k is [cut[k], cut[k + 1]); cut[0] = 0, cut[parts] = size */
	size_t found;      /* cuts found so far (1: only cut[0]) */
	size_t target;     /* where the search for the next cut starts */
	size_t pos;        /* bytes fed so far */
	int quoted;        /* an odd number of quotes so far */
	int done;
};

/* Up to `parts` parts of about equal size (at most CSV_SPLIT_MAX_PARTS), none starting before
 * `first` (the end of the header and the rows a reader must see first). */
void csv_split_init(struct csv_split *s, size_t size, size_t parts, size_t first);
/* Feeds the next len bytes; returns 1 once every cut is known (then s->parts is final). */
int csv_split_feed(struct csv_split *s, const char *block, size_t len);
/* Ends the scan early (end of file): the cuts found so far make the parts. */
void csv_split_finish(struct csv_split *s);

/* The processors this process may run on (its CPU affinity), at least 1. */
size_t csv_split_processors(void);

#endif
