/* Writing a frame as an SPSS system file (.sav, bytecode-compressed as SPSS writes by default;
 * .zsav, zlib-compressed) or an SPSS portable file (.por) through ReadStat's writer.
 *
 * What each column's meta becomes in the file:
 *  - numeric columns: numeric variables (F format: F<w>.0 when every value is a whole number,
 *    F<w>.2 otherwise; the stored double is exact either way); text columns: string variables
 *    as wide as their longest value (at most 32767 bytes);
 *  - label -> variable label (SPSS keeps 256 bytes), labels -> value labels (120 bytes each;
 *    longer ones are shortened at a character boundary and counted in the report),
 *    missing/missing_low/missing_high ->
 *    user-missing values (SPSS allows three codes, or one range and one code: more is an error
 *    naming the column; an open end of a range becomes LO or HI);
 *  - role -> measurement level (group and id nominal, item ordinal, numeric scale, text
 *    nominal; without a role the level read from a file, if any);
 *  - what SPSS has no place for (role, scale, reverse, min, max) goes into the file's document
 *    (DISPLAY DOCUMENTS in SPSS/PSPP), one line per column:
 *        surveykit: COLUMN,ROLE,SCALE,REVERSE,MIN,MAX
 *    in the codebook's notation; io/readstat_reader.c reads these lines back, so a wave taken
 *    to SPSS and back keeps its codebook. A line longer than SPSS's 80 bytes is left out and
 *    counted in the report.
 * Values are written as they are in the frame: a convert keeps coded values (-99) in the cells
 * and declares them missing, as SPSS users expect.
 *
 * Variable names must be valid SPSS names (a letter first; letters, digits, _ . @ # $; at most
 * 64 bytes; not a reserved word such as BY or TO; unique ignoring case): exit 3 naming the
 * column otherwise. A portable file holds names of at most 8 bytes, written in upper case (as
 * SPSS and PSPP write them), printable ASCII text only (exit 3 naming the column otherwise) and
 * no document. A write error is exit 4. */
#ifndef SURVEYKIT_IO_SAV_WRITER_H
#define SURVEYKIT_IO_SAV_WRITER_H

#include <stdio.h>

#include "io/error.h"
#include "io/frame.h"

enum sav_kind { SAV_BYTECODE, SAV_ZLIB, SAV_PORTABLE };

#define SAV_DOCUMENT_PREFIX "surveykit: "
#define SAV_DOCUMENT_LINE_MAX 80
#define SAV_MAX_STRING 32767
#define SAV_MAX_VARIABLE_LABEL 256
#define SAV_MAX_VALUE_LABEL 120

/* What did not fit: labels shortened, document lines left out (the first of each named). The
 * pointers borrow from the frame written: valid while it is. */
struct sav_write_report {
	size_t labels_shortened;
	const char *first_label_column;              /* the column of the first label shortened */
	const struct value_label *first_value_label; /* that label, or NULL: the variable label */
	size_t lines_left_out;
	const char *first_line;                      /* the column of the first line left out */
};

/* Writes `f` to `out` (`name` for messages); `report` may be NULL. */
int sav_write(const struct frame *f, enum sav_kind kind, FILE *out, const char *name,
	      struct sav_write_report *report, struct sk_error *err);

#endif
