/* Row filters: the expression language of --filter. A filter is a condition; a row is
 * kept when the condition is true for it.
 *
 * Language
 *   or-chain    a or b or ...           (lowest precedence)
 *   and-chain   a and b and ...
 *   not         not a
 *   comparison  x == y, !=, <, <=, >, >=   (do not chain: write a < b and b < c)
 *               x in (v1, v2, ...), x not in (...)   (the values are constants)
 *   sum         x + y, x - y
 *   product     x * y, x / y
 *   sign        -x, +x
 *   primary     123, 4.5, .5, 1e-3 (C/R decimal notation; no hex, inf or nan)
 *               'text' (single quotes; '' is a quote inside)
 *               name: a column, bare when it is an identifier (a letter, _ or any non-ASCII byte
 *               first, then also digits and .), otherwise in double quotes ("Duration (in seconds)";
 *               "" is a quote inside)
 *               function(arguments), ( expression )
 * Keywords (and, or, not, in) and function names are case-insensitive; column names are not.
 * A name followed by '(' is a function, so a column named like a keyword or a function is still
 * reachable in double quotes ("not", "median").
 *
 * Functions
 *   missing(x)            true when x is missing (never unknown)
 *   median(COL), mean(COL), sd(COL), quantile(COL, p)
 *                         whole-column values, computed once when the filter is bound, over
 *                         every row read (not only the rows kept by earlier steps: a speeder rule
 *                         compares with the whole sample's median), missing values left out (R's
 *                         na.rm = TRUE); sd has the n - 1 denominator (R's sd); quantile is R's
 *                         default type 7 (Hyndman & Fan 1996): on the sorted values x[1..n], with
 *                         h = 1 + (n - 1)p and j = floor(h), x[j] + (h - j)(x[j+1] - x[j]);
 *                         median = quantile(COL, 0.5); p a constant in [0, 1]
 *   too_fast(COL, FRACTION)
 *                         COL < FRACTION * median(COL); FRACTION a constant > 0
 *   straightlining()      the describe rule: the respondent gave the same answer to every item of
 *                         every scale they answered, answered at least 3 items and at least half of
 *                         them (items as answered, before reverse-coding; needs at least 3 items);
 *                         straightlining(SCALE): the same rule on one scale's items
 *   duplicate_id()        the row's id equals the id of an earlier row (of every row read), so the
 *                         first occurrence is not a duplicate; a missing id is never a duplicate;
 *                         text ids compare byte for byte, numeric ids by value
 * The quality steps are true for the rows to remove: a filter keeps rows with
 * `not straightlining()`, `not duplicate_id()`, `not too_fast("Duration (in seconds)", 1/3)`;
 * a filter that is a quality step alone (which would keep only the rows it flags) is refused
 * with a message saying so.
 * Constant arguments may be arithmetic on numbers (1/3).
 *
 * Types. Values are numbers, texts or conditions. Arithmetic, signs and ordering of numbers need
 * numbers; and/or/not need conditions; the whole filter must be a condition (a bare column is
 * not: write finished == 1). == and friends compare two numbers, or two texts (byte order,
 * case-sensitive). A text compared with a number (or in arithmetic or median()) is an error when
 * binding, naming the column and its type, except for a text column whose every non-missing
 * value reads as a decimal number: that column is then used as numbers wherever a number is
 * expected (so "007" == 7), and as text where a text is expected.
 *
 * Missing values and three-valued logic (SQL's). A missing cell, a value computed from one, a
 * division by zero and any non-finite result are missing. A comparison or `in` with a missing
 * operand is unknown. not unknown = unknown; false and anything = false; true and unknown =
 * unknown; true or anything = true; false or unknown = unknown. `x in (...)` is true when x
 * equals a value, else unknown when x is missing, else false. A row is kept only when the filter
 * is true, so a row with a missing consent fails both `consent == 1` and `not consent == 1`;
 * write `missing(consent) or consent == 1` to keep it.
 *
 * Limits: at most FILTER_MAX_LENGTH bytes and FILTER_MAX_DEPTH nested levels (each parenthesis,
 * function call, `in` list, `not` and sign opens one), so no input makes recursion deep.
 *
 * Errors: one line, with the 1-based character position (UTF-8 characters) of what is wrong
 * ("syntax error at character 9: expected '==' to compare (a single '=' is not an operator)");
 * an unknown column or scale lists up to three of the closest names. The suggested exit code
 * (io/error.h) is SK_EXIT_USAGE for what filter_parse finds (a caller reading the text from a
 * file makes it SK_EXIT_INPUT), SK_EXIT_INPUT for what filter_bind finds in the data (unknown
 * column, a type that does not fit), SK_EXIT_ANALYSIS when a whole-column value or a quality step
 * cannot be computed on this data or memory runs out.
 *
 * Use: filter_parse (text -> expression), filter_bind (expression + data -> program; computes the
 * whole-column values and quality steps), filter_run (program -> keep mask), or filter_flow_run
 * for several steps in order. Ownership: filter_parse copies what it needs from the text;
 * a program keeps pointers to the source (which must outlive it) but not to the expression.
 * A program holds scratch space, so one program runs in one thread at a time. */
#ifndef SURVEYKIT_IO_FILTER_H
#define SURVEYKIT_IO_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "io/error.h"
#include "io/strbuf.h"

#define FILTER_MAX_LENGTH 65536 /* bytes of one expression */
#define FILTER_MAX_DEPTH 256    /* nested parentheses, calls, lists, nots and signs */

enum filter_problem {
	FILTER_OK = 0,
	FILTER_SYNTAX,    /* not an expression of the language */
	FILTER_TOO_LONG,  /* more than FILTER_MAX_LENGTH bytes */
	FILTER_TOO_DEEP,  /* nested more than FILTER_MAX_DEPTH levels */
	FILTER_FUNCTION,  /* unknown function, wrong number or kind of arguments, a quality step alone */
	FILTER_UNKNOWN,   /* unknown column or scale */
	FILTER_TYPE,      /* a value of the wrong type (text against number, number as condition) */
	FILTER_NO_DATA,   /* a whole-column value or quality step undefined on this data */
	FILTER_MEMORY,    /* out of memory */
};

struct filter_error {
	enum filter_problem problem;
	enum sk_exit code; /* suggested exit code (above) */
	size_t offset;     /* byte offset of the character at fault */
	size_t column;     /* its 1-based character position; 0 when about the whole expression */
	char message[768]; /* one line, names escaped; starts "syntax error at character N: " etc. */
};

/* A parsed expression (opaque). */
struct filter_expr;

/* Parses `text` (NUL-terminated, untrusted). Returns 0 and sets *out, or the suggested exit code
 * with *out NULL and `err` filled. */
int filter_parse(const char *text, struct filter_expr **out, struct filter_error *err);
void filter_expr_free(struct filter_expr *e);

/* The data a filter reads, as callbacks over a table of n_rows rows. Missing cells are NaN
 * (numbers) and NULL (texts): that is the missing flag. Texts stay valid while the source lives. */
enum filter_column_kind { FILTER_COLUMN_NUMBER, FILTER_COLUMN_TEXT };

struct filter_source {
	void *ctx;
	size_t n_rows;
	size_t n_columns;
	const char *(*column_name)(void *ctx, size_t col);
	enum filter_column_kind (*column_kind)(void *ctx, size_t col);
	/* the column with this name, or SIZE_MAX */
	size_t (*find_column)(void *ctx, const char *name);
	/* out[0..n) = the cells of rows first..first+n-1 of a numeric / text column */
	void (*numbers)(void *ctx, size_t col, size_t first, size_t n, double *out);
	void (*texts)(void *ctx, size_t col, size_t first, size_t n, const char **out);
	/* scales for straightlining(): name and item columns of scale s < n_scales */
	size_t n_scales;
	const char *(*scale_name)(void *ctx, size_t s);
	size_t (*scale_items)(void *ctx, size_t s, const size_t **items);
	size_t id_column; /* for duplicate_id(); SIZE_MAX when there is none */
};

/* A filter bound to a source (opaque). */
struct filter_program;

/* Resolves names, checks types, computes the whole-column values and quality steps over every
 * row of `src`, and compiles the expression. Returns 0 and sets *out, or the suggested exit code
 * with *out NULL and `err` filled. */
int filter_bind(const struct filter_expr *e, const struct filter_source *src, struct filter_program **out,
		struct filter_error *err);
void filter_program_free(struct filter_program *p);

/* keep[i] = 1 when the filter is true for row first + i, 0 when false or unknown (i < n). */
void filter_run(struct filter_program *p, size_t first, size_t n, uint8_t *keep);

/* A computed variable (the codebook's compute column): the same language, but the
 * expression must give a number: arithmetic, whole-column values, and
 *   recode(x, LOW-HIGH=CODE, VALUE=CODE, ...)
 * (constants, optionally signed: recode(age, 18-34=1, 35-54=2, 55-99=3)): x in the first range
 * holding it (LOW <= x <= HIGH) becomes its CODE; a missing x or one in no range is missing.
 * out[i] = the value for row first + i (NaN = missing). */
int filter_bind_number(const struct filter_expr *e, const struct filter_source *src, struct filter_program **out,
		       struct filter_error *err);
void filter_run_numbers(struct filter_program *p, size_t first, size_t n, double *out);

/* A whole-column value the program computed, for the record (e.g. the median a speeder rule
 * compared with): function ("median", "mean", "sd", "quantile"; too_fast() records its median),
 * column (name and index in the source), p (quantile; NaN otherwise), value. */
struct filter_aggregate {
	const char *function;
	const char *column;
	size_t column_index;
	double p;
	double value;
};
size_t filter_program_aggregates(const struct filter_program *p, const struct filter_aggregate **list);

/* The exclusion record of steps applied in order: a row counts at the first step that removes it. */
#define FILTER_FLOW_KEPT UINT32_MAX
struct filter_flow {
	size_t rows_read;
	size_t n_steps;   /* steps recorded so far */
	size_t max_steps;
	size_t *removed;  /* removed[s]: rows removed by step s (not by an earlier one) */
	size_t kept;
	uint32_t *first_failed; /* per row: the step that removed it, or FILTER_FLOW_KEPT */
};
/* 0, or -1 when out of memory (or max_steps >= FILTER_FLOW_KEPT). Every row starts kept. */
int filter_flow_init(struct filter_flow *f, size_t n_rows, size_t max_steps);
/* Records the next step's keep mask (n_rows bytes, 1 = kept). -1 when max_steps are recorded. */
int filter_flow_add(struct filter_flow *f, const uint8_t *keep);
/* Runs the programs in order over all rows and records each (filter_flow_init first, with
 * max_steps >= n). 0, or -1 when out of memory, too many steps, or a program whose source has
 * not rows_read rows. */
int filter_flow_run(struct filter_flow *f, struct filter_program *const *steps, size_t n);
void filter_flow_release(struct filter_flow *f);

/* `OPTION 'TEXT': MESSAGE` on one line (the text with control characters escaped, cut to 80
 * characters), e.g. "--filter 'consent = 1': syntax error at character 9: expected '==' ...". */
void filter_error_line(struct strbuf *out, const char *option, const char *text, const struct filter_error *err);
/* Two lines for text mode: the expression around the fault (control characters shown as spaces)
 * and a caret under the character at fault; nothing when err->column is 0. */
void filter_error_caret(struct strbuf *out, const char *text, const struct filter_error *err);

#endif
