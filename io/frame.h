/* The data table as read from a file: named columns of numbers or text, one row per respondent.
 *
 * Numeric columns start as one byte per cell (survey items are small integers), widen to four
 * (int32_t) the first time a whole number needs it (ids, years, incomes), and to doubles the first
 * time any other value does, so each column takes the narrowest type that holds its values
 * exactly: the columns of a 1,000,000-row wave with 25 answer columns and an id take near 30 MB
 * (the row line numbers 8 MB more).
 * Rows beyond n_rows (capacity) are never initialised. Missing cells are NaN through frame_value() and NULL through frame_text().
 * Readers (CSV, ReadStat) build a frame with frame_init/frame_add_column/frame_set_*; everything
 * else only reads it. The frame owns all its strings. */
#ifndef SURVEYKIT_IO_FRAME_H
#define SURVEYKIT_IO_FRAME_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>

enum column_kind { COLUMN_NUMERIC, COLUMN_TEXT };

/* What the codebook says a column is (ROLE_UNSET: no codebook entry; inference decides). */
enum column_role { ROLE_UNSET, ROLE_ID, ROLE_GROUP, ROLE_ITEM, ROLE_NUMERIC, ROLE_TEXT };

/* Measurement level a labelled file states (SPSS VARIABLE LEVEL; none in CSV, Stata or SAS).
 * Inference takes it as a hint: nominal or ordinal with value labels suggests a group, scale
 * suggests a numeric column; a codebook role always wins. */
enum measure_level { MEASURE_UNKNOWN, MEASURE_NOMINAL, MEASURE_ORDINAL, MEASURE_SCALE };

struct value_label {
	double value;
	char *label;
};

/* Metadata of one column, from a codebook row or a labelled (.sav) file. */
struct var_meta {
	char *column;
	enum column_role role;
	char *scale;     /* ROLE_ITEM: name of its scale */
	int reverse;     /* score as min + max - x */
	double min, max; /* valid range; NaN when not given */
	double *missing; /* codes meaning missing */
	size_t n_missing;
	double missing_low, missing_high; /* a range of missing codes (SPSS); NaN when none */
	struct value_label *labels;
	size_t n_labels;
	char *label;  /* variable label (question text) */
	enum measure_level measure;
	size_t line;  /* codebook line, for messages; 0 when not from a codebook */
};

/* A cell the reader set to missing because it lay outside [min, max]. */
struct bad_cell {
	size_t line;
	double value;
};

#define FRAME_BAD_CELLS_KEPT 5

/* Cells of a CSV column without a codebook entry that are not numbers while others are (a stray
 * "-" or "n/a" among answers, or numbers among text): how many, their first lines, and how many
 * cells are numbers. The column is numeric, these cells missing (CELL_NOT_NUMBER), when the
 * numbers are more; otherwise it is text. */
struct stray_text {
	size_t n;       /* cells that are not numbers (0: none, or the column holds no number) */
	size_t numbers; /* cells that are numbers */
	size_t line[FRAME_BAD_CELLS_KEPT];
};

/* Why a cell is missing when it is not simply blank, NA or a missing code, so an analysis that
 * leaves its row out can say why (analysis/data/dropped.h). */
enum cell_why { CELL_MISSING, CELL_OUT_OF_RANGE, CELL_NOT_NUMBER, CELL_WHY_COUNT };

struct column {
	char *name;
	enum column_kind kind;
	struct var_meta meta; /* meta.column is NULL: the name is `name` */
	int8_t *small;        /* numeric, one byte (INT8_MIN = missing); NULL once wider */
	int32_t *whole;       /* numeric, whole numbers (INT32_MIN = missing); NULL unless the widest
				 value needs more than a byte and fewer than 32 bits */
	double *wide;         /* numeric, doubles (NaN = missing); NULL while a narrower type holds all */
	size_t *text;         /* text: offset into the frame's arena, SIZE_MAX = missing */
	size_t n_missing;
	size_t n_out_of_range;
	struct bad_cell out_of_range[FRAME_BAD_CELLS_KEPT];
	uint8_t *why;         /* enum cell_why per cell; NULL while every missing cell is CELL_MISSING */
	struct stray_text stray;
};

struct frame {
	char *path;
	size_t n_rows, cap_rows;
	size_t n_cols;
	struct column *cols;
	size_t *line; /* physical line (1-based) where each row starts */
	char *arena;  /* text cells, NUL-terminated */
	size_t arena_len, arena_cap;
	size_t *by_name;     /* column indices sorted by name (frame_index_names); NULL: frame_find scans */
	char delimiter;      /* detected or given; 0 for non-CSV inputs */
	int skipped_headers; /* extra header rows skipped (Qualtrics) */
};

void frame_init(struct frame *f, const char *path);
void frame_free(struct frame *f);

/* Appends a column (numeric until told otherwise). Returns 0, or -1 when out of memory. */
int frame_add_column(struct frame *f, const char *name, enum column_kind kind);
/* Makes room for one more row and returns its index (cells start missing); SIZE_MAX on ENOMEM. */
size_t frame_add_row(struct frame *f, size_t line);

/* For a reader that sets every cell of every row it adds (the CSV reader), so no cell is written
 * twice and no capacity is cleared before use:
 *   frame_reserve_rows  capacity for at least `rows` rows (an estimate; cells not initialised);
 *   frame_add_row_unset adds a row whose cells hold nothing yet: the reader sets each of them,
 *                       missing ones with frame_set_missing (n_missing is not kept meanwhile);
 *   frame_count_missing sets every column's n_missing from its cells, once all are set;
 *   frame_fit_rows      gives back the capacity beyond n_rows.
 * Each returns 0 (or the row), -1 (SIZE_MAX) when out of memory. */
int frame_reserve_rows(struct frame *f, size_t rows);
size_t frame_add_row_unset(struct frame *f, size_t line);
void frame_count_missing(struct frame *f);
int frame_fit_rows(struct frame *f);
/* Appends the rows of `src` (same columns, each of the same kind: a reader reading a file in parts
 * joins them with it) to `dst`, adding line_offset to their line numbers; a one-byte column
 * widens when the other side holds doubles. Each of src's columns is freed once copied (src is
 * then only good for frame_free). 0, or -1 when out of memory. */
int frame_append_rows(struct frame *dst, struct frame *src, size_t line_offset);
/* frame_count_missing and frame_append_rows with the columns divided between up to `threads`
 * threads (the caller's among them): the same frame as on one thread, each column being done
 * alone. */
void frame_count_missing_threads(struct frame *f, size_t threads);
int frame_append_rows_threads(struct frame *dst, struct frame *src, size_t line_offset, size_t threads);
static inline void frame_set_missing(struct frame *f, size_t col, size_t row)
{
	struct column *c = &f->cols[col];
	if (c->small)
		c->small[row] = INT8_MIN;
	else if (c->whole)
		c->whole[row] = INT32_MIN;
	else if (c->wide)
		c->wide[row] = NAN;
	else
		c->text[row] = SIZE_MAX;
}
/* Stores a number (NaN leaves the cell missing; -0 is stored as 0). Inline for the common case
 * of a small whole number in a one-byte column; frame_set_number_wide does the rest, widening the
 * column when the value needs it. */
int frame_set_number_wide(struct frame *f, size_t col, size_t row, double value);
static inline int frame_set_number(struct frame *f, size_t col, size_t row, double value)
{
	struct column *c = &f->cols[col];
	if (c->small && value >= -127 && value <= 127) {
		int8_t b = (int8_t)value;
		if ((double)b == value) {
			c->n_missing -= c->small[row] == INT8_MIN;
			c->small[row] = b;
			return 0;
		}
	}
	return frame_set_number_wide(f, col, row, value);
}
int frame_set_text(struct frame *f, size_t col, size_t row, const char *s, size_t len);
/* Records why a missing cell is missing (the cell stays missing). 0, or -1 when out of memory. */
int frame_set_why(struct frame *f, size_t col, size_t row, enum cell_why why);
static inline enum cell_why frame_why(const struct frame *f, size_t col, size_t row)
{
	const uint8_t *why = f->cols[col].why;
	return why ? (enum cell_why)why[row] : CELL_MISSING;
}
/* Converts a numeric column to text, formatting the numbers already stored. */
int frame_make_text(struct frame *f, size_t col);
/* Turns a text column into an empty numeric one (every cell missing) and hands the caller the
 * arena offsets of its cells (SIZE_MAX = missing; the caller frees them, the texts stay in the
 * arena) to set numbers from. NULL, leaving the column as it was, when out of memory. */
size_t *frame_make_numeric(struct frame *f, size_t col);

/* NaN for a missing cell or a text column. */
static inline double frame_value(const struct frame *f, size_t col, size_t row)
{
	const struct column *c = &f->cols[col];
	if (c->small)
		return c->small[row] == INT8_MIN ? NAN : (double)c->small[row];
	if (c->whole)
		return c->whole[row] == INT32_MIN ? NAN : (double)c->whole[row];
	if (c->wide)
		return c->wide[row];
	return NAN;
}
/* NULL for a missing cell or a numeric column. */
static inline const char *frame_text(const struct frame *f, size_t col, size_t row)
{
	const struct column *c = &f->cols[col];
	return c->text && c->text[row] != SIZE_MAX ? f->arena + c->text[row] : NULL;
}
/* A cell as text (numbers formatted with %.15g into buf), or NULL when missing. */
const char *frame_cell_string(const struct frame *f, size_t col, size_t row, char *buf, size_t size);
/* Index of the column with this name (the first, if repeated), or SIZE_MAX. A binary search once
 * frame_index_names has run (readers call it when all columns are added), otherwise a scan. */
size_t frame_find(const struct frame *f, const char *name);
/* Sorts the column names for frame_find; frame_add_column drops the index. 0, or -1 on ENOMEM. */
int frame_index_names(struct frame *f);
/* The label of a value in a column's value labels, or NULL. */
const char *var_meta_value_label(const struct var_meta *m, double value);
void var_meta_free(struct var_meta *m);
/* Deep copy; returns 0 or -1 on ENOMEM. */
int var_meta_copy(struct var_meta *dst, const struct var_meta *src);

#endif
