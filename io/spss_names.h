/* Column names SPSS accepts: `convert` to .sav/.zsav/.por renames a column whose name
 * SPSS rejects instead of refusing the file, and keeps the original as its variable label when it
 * has none. A valid name (left as it is) starts with an ASCII letter, holds only ASCII letters,
 * digits and _ . @ # $, does not end in '.', is not a reserved word (ALL AND BY EQ GE GT LE LT NE
 * NOT OR TO WITH, any case) and has at most 64 bytes (8 in a portable file). Another name becomes:
 * each run of other characters one '_' ("Duration (in seconds)" -> "Duration_in_seconds"),
 * without a '_' or '.' at either end; "v" in front when it does not start with a letter; "_" after
 * a reserved word; cut to the length; "_2", "_3", ... when the result is already a name. */
#ifndef SURVEYKIT_IO_SPSS_NAMES_H
#define SURVEYKIT_IO_SPSS_NAMES_H

#include <stddef.h>

#include "io/frame.h"

#define SPSS_NAME_MAX 64

int spss_name_valid(const char *name, int portable);

struct spss_rename {
	size_t col;
	char *from; /* the original name (the frame's column now has the new one) */
};

/* Renames the frame's invalid column names; *renames (malloc'd, n of them, free with
 * spss_renames_free) says which. 0, or -1 when out of memory
 * (some columns may be renamed then). */
int spss_names_apply(struct frame *f, int portable, struct spss_rename **renames, size_t *n);
void spss_renames_free(struct spss_rename *renames, size_t n);

#endif
