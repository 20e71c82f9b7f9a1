/* The codebook: a CSV that says what each data column is.
 *
 *   column,role,scale,reverse,min,max,missing,values,label
 *   sat_1,item,satisfaction,no,1,7,-99,,I am satisfied with how the firm handled it
 *   scenario,group,,,,,,1=Fix only;2=Fix + apology;3=Full recovery,Recovery scenario
 *
 * Optional columns:
 *   control   on a group row, the level that is the no-failure control (a value, or one of its
 *             labels): `scenario,group,,,,,,0=No failure;1=Fix only,Recovery scenario,0`
 *   compute   on a row of role computed, its expression in the filter language (io/filter.h) plus
 *             recode(): `severity,computed,...,(sev_1 + sev_2) / 2`
 * Roles beyond id, group, item, numeric and text (the var_meta keeps the role its column is read
 * with; codebook_purpose says what the row is for):
 *   check       a manipulation-check item: read as a number, or as an item of its `scale`
 *   adequate, desired, perceived
 *               the zone of tolerance's expectations and perception; `scale` names the service
 *               dimension (not a scale of the dataset); read as numbers
 *   computed    a variable computed from others (its `compute` cell); not a column of the data
 * `values` order is the level order of a group (the first level is the reference in every model);
 * on any column that is not text, `values` also maps text answers to their codes
 * (io/value_codes.h).
 *
 * Only `column` is required. codebook_read checks the file on its own (duplicate columns, bad
 * roles, min > max, a reversed item without a range, malformed labels) and names file and line
 * of every problem; codebook_check_columns then checks it against the data's header. */
#ifndef SURVEYKIT_IO_CODEBOOK_H
#define SURVEYKIT_IO_CODEBOOK_H

#include <stdio.h>

#include "io/error.h"
#include "io/frame.h"

enum codebook_purpose {
	PURPOSE_NONE,      /* the role says it all */
	PURPOSE_CHECK,     /* role check */
	PURPOSE_ADEQUATE,  /* role adequate */
	PURPOSE_DESIRED,   /* role desired */
	PURPOSE_PERCEIVED, /* role perceived */
	PURPOSE_COMPUTED,  /* role computed */
};

/* What a row states beyond its var_meta (parallel to codebook.vars). */
struct codebook_extra {
	enum codebook_purpose purpose;
	char *dimension;      /* adequate, desired, perceived: the service dimension (the scale cell) */
	char *compute;        /* computed: the expression as written */
	double control;       /* group: the control level's value; NaN when none */
};

struct codebook {
	char *path;
	struct var_meta *vars;
	struct codebook_extra *extra; /* n entries */
	size_t n;
	size_t *by_column; /* entry indices sorted by column name (codebook_find); NULL: search in order */
};

int codebook_read(const char *path, struct codebook *cb, struct sk_error *err);
void codebook_free(struct codebook *cb);
/* The entry for a column, or NULL. */
const struct var_meta *codebook_find(const struct codebook *cb, const char *column);
/* The row's extra statements by entry index (i < cb->n) or column name; NULL when not listed. */
const struct codebook_extra *codebook_extra_at(const struct codebook *cb, size_t i);
const struct codebook_extra *codebook_extra_of(const struct codebook *cb, const char *column);
enum codebook_purpose codebook_purpose_of(const struct codebook *cb, const char *column);
/* The control level of a group: 1 and *value when the codebook names one, else 0. */
int codebook_control(const struct codebook *cb, const char *column, double *value);
/* The expression of a computed variable, or NULL. */
const char *codebook_compute(const struct codebook *cb, const char *column);
/* The entries (indices in file order) with this purpose and, when `dimension` is not NULL, this
 * dimension; up to `max` written to idx, the total returned. */
size_t codebook_entries_with(const struct codebook *cb, enum codebook_purpose purpose, const char *dimension,
			     size_t *idx, size_t max);
/* The distinct dimensions of the adequate, desired and perceived rows in order of first mention;
 * up to `max` written to names (pointers into the codebook), the total returned. */
size_t codebook_dimensions(const struct codebook *cb, const char **names, size_t max);
/* Every codebook column but the computed ones must exist in the frame's header, and a computed
 * one must not: exit 3 naming the first that is wrong. */
int codebook_check_columns(const struct codebook *cb, const struct frame *f, struct sk_error *err);
/* Writes the codebook as CSV (the format codebook_read reads). Returns 0 or -1 on a write error. */
int codebook_write(const struct codebook *cb, FILE *out);
const char *column_role_name(enum column_role role);
/* "check", "adequate", "desired", "perceived", "computed"; "" for PURPOSE_NONE. */
const char *codebook_purpose_name(enum codebook_purpose p);

#endif
