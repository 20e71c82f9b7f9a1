/* Reading SPSS (.sav, .zsav, .por), Stata (.dta) and SAS (.sas7bdat) data into a frame through
 * ReadStat (libreadstat), with the labels researchers put in those files:
 *
 *  - numeric variables become numeric columns, string variables text columns (an empty string
 *    is missing, as a blank CSV cell is);
 *  - the variable label fills meta.label; numeric value labels fill meta.labels (sorted by
 *    value; a value labelled twice keeps its first label); string-keyed value labels and labels
 *    of Stata/SAS tagged missing values (.a, .b) have no place in a var_meta and are skipped;
 *  - SPSS user-missing values fill meta.missing (discrete codes) and meta.missing_low/high (the
 *    one range SPSS allows, LO THRU x and x THRU HI included); cells holding them are missing,
 *    never data. Stata/SAS system and tagged missing values are missing;
 *  - the measurement level (SPSS VARIABLE LEVEL; SAS/Stata have none) fills meta.measure, a hint
 *    for inference: see enum measure_level in io/frame.h.
 *
 * A codebook given with the file wins for anything it states (role, scale, reverse, min/max,
 * missing codes, value labels, variable label): its missing codes replace the file's, its range
 * sets values outside it missing (counted in the column's out-of-range tally), its role text
 * stores a numeric variable as text, its role item/numeric reads a string variable as numbers
 * (a string that is not a number is an error naming the case). Global --missing codes apply to
 * every numeric column. In `raw` mode (convert, reshape) no value is set missing: user-missing
 * codes and out-of-range values stay in the cells and the metadata says what they mean.
 *
 * Untrusted input: counts read from a file are checked before anything is allocated for them
 * (variables at most max_columns and never more than the file has bytes, cases at most max_rows,
 * strings at most max_string bytes, value labels at most max_labels in all); a file whose data
 * ends before the number of cases its header states, a case cut short, duplicate variable names
 * or anything ReadStat rejects is exit 3 with one line naming the file. Nothing in the frame
 * survives a failure.
 *
 * Case numbers stand in for line numbers: frame.line[i] = i + 1. */
#ifndef SURVEYKIT_IO_READSTAT_READER_H
#define SURVEYKIT_IO_READSTAT_READER_H

#include <stddef.h>

#include "io/codebook.h"
#include "io/error.h"
#include "io/frame.h"
#include "io/input.h"

struct statfile_options {
	const struct codebook *codebook; /* NULL: the file's own metadata only */
	const double *missing;           /* global missing codes (--missing) */
	size_t n_missing;
	int raw;                         /* keep coded values in the cells (see above) */
	size_t max_columns;
	size_t max_rows;
	size_t max_string;               /* bytes in one string value */
	size_t max_labels;               /* value labels in the whole file */
};

#define STATFILE_DEFAULT_MAX_LABELS ((size_t)1000000)

/* Limits from the CSV defaults (io/csv_reader.h), no codebook, no codes, not raw. */
void statfile_options_init(struct statfile_options *o);
/* The same options input_read_frame gets for a CSV: codebook, --missing and the limits. */
void statfile_options_from_csv(struct statfile_options *o, const struct csv_read_options *csv);

/* Recognises a ReadStat format from the first `n` bytes of a file (512 are enough): "$FL2"
 * (.sav), "$FL3" (.zsav), the "SPSSPORT" tag of a portable file, a Stata 13+ "<stata_dta>"
 * header or the first bytes of a Stata 5-12 file, the SAS7BDAT magic number. Returns 1 and sets
 * *fmt when one matches, 0 otherwise. */
int statfile_sniff(const unsigned char *head, size_t n, enum input_format *fmt);

/* Reads `path`, whose format is `fmt` (not INPUT_CSV), into `out` (initialised here; empty on
 * error). */
int statfile_read_path(const char *path, enum input_format fmt, const struct statfile_options *o,
		       struct frame *out, struct sk_error *err);
/* The same from memory (`name` is used in messages and as the frame's path); the entry point of
 * a fuzz target:
 *     struct statfile_options o; struct frame f; struct sk_error e;
 *     statfile_options_init(&o);
 *     statfile_read_buffer(data, size, INPUT_SAV, "fuzz.sav", &o, &f, &e);
 *     frame_free(&f);
 */
int statfile_read_buffer(const void *data, size_t size, enum input_format fmt, const char *name,
			 const struct statfile_options *o, struct frame *out, struct sk_error *err);

#endif
