/* The codebook: a CSV that says what each data column is (DESIGN.md "Codebook").
 *
 *   column,role,scale,reverse,min,max,missing,values,label
 *   sat_1,item,satisfaction,no,1,7,-99,,I am satisfied with how the firm handled it
 *   scenario,group,,,,,,1=Fix only;2=Fix + apology;3=Full recovery,Recovery scenario
 *
 * Only `column` is required. codebook_read checks the file on its own (duplicate columns, bad
 * roles, min > max, a reversed item without a range, malformed labels) and names file and line
 * of every problem; codebook_check_columns then checks it against the data's header. */
#ifndef SURVEYKIT_IO_CODEBOOK_H
#define SURVEYKIT_IO_CODEBOOK_H

#include <stdio.h>

#include "io/error.h"
#include "io/frame.h"

struct codebook {
	char *path;
	struct var_meta *vars;
	size_t n;
	size_t *by_column; /* entry indices sorted by column name (codebook_find); NULL: search in order */
};

int codebook_read(const char *path, struct codebook *cb, struct sk_error *err);
void codebook_free(struct codebook *cb);
/* The entry for a column, or NULL. */
const struct var_meta *codebook_find(const struct codebook *cb, const char *column);
/* Every codebook column must exist in the frame's header: exit 3 naming the first that does not. */
int codebook_check_columns(const struct codebook *cb, const struct frame *f, struct sk_error *err);
/* Writes the codebook as CSV (the format codebook_read reads). Returns 0 or -1 on a write error. */
int codebook_write(const struct codebook *cb, FILE *out);
const char *column_role_name(enum column_role role);

#endif
