/* The compiled form of a filter (io/filter.h), shared by the binder (io/filter_bind.c,
 * io/filter_calls.c), the whole-column computations (io/filter_columns.c) and the evaluator
 * (io/filter_run.c); not part of the public interface.
 *
 * A program is postfix code for a stack machine whose every slot holds a block of FILTER_BLOCK
 * rows: numbers (NaN = missing), texts (NULL = missing) or truth values. Each instruction runs
 * over the whole block, so the dispatch costs once per FILTER_BLOCK rows and the inner loops are
 * plain array loops. Truth values are ordered F < U < T (0, 1, 2), which makes Kleene's
 * three-valued logic (SQL's) and = min, or = max, not = T - x. */
#ifndef SURVEYKIT_IO_FILTER_PROGRAM_H
#define SURVEYKIT_IO_FILTER_PROGRAM_H

#include <stddef.h>
#include <stdint.h>

#include "io/filter_ast.h"

#define FILTER_BLOCK 512

enum { TRUTH_F = 0, TRUTH_U = 1, TRUTH_T = 2 };

enum filter_op {
	OP_NUMBER_COLUMN, /* push column `arg` (numeric) */
	OP_TEXT_COLUMN,   /* push column `arg` (text) */
	OP_TEXT_NUMBERS,  /* push text column `arg` read as numbers */
	OP_NUMBER,        /* push the constant `number` */
	OP_TEXT,          /* push the constant `text` */
	OP_NEG,
	OP_ADD,
	OP_SUB,
	OP_MUL,
	OP_DIV,
	OP_CMP_NUMBER,    /* compare two numbers with `cmp` */
	OP_CMP_TEXT,      /* compare two texts with `cmp` */
	OP_IN_NUMBER,     /* top in list `arg` (numbers), `negated` for not in */
	OP_IN_TEXT,
	OP_MISSING_NUMBER,
	OP_MISSING_TEXT,
	OP_NOT,
	OP_AND,
	OP_OR,
	OP_MASK,          /* push the precomputed truth values `arg` (a quality step) */
	OP_RECODE,        /* top through the ranges of list `arg` (numbers: low, high, code triples) */
};

struct filter_instr {
	enum filter_op op;
	enum filter_cmp cmp;
	int negated;
	size_t arg;
	double number;
	const char *text;
};

/* The constants after `in`: sorted (numbers ascending, texts by strcmp) for a binary search.
 * For recode(): numbers holds n (low, high, code) triples in the order written. */
struct filter_list {
	double *numbers;
	const char **texts;
	size_t n;
	int has_missing; /* a constant was missing (1/0): no match gives unknown, not false */
};

struct filter_program {
	struct filter_source src;
	struct filter_instr *code;
	size_t n_code;
	size_t depth;          /* stack slots needed */
	double *stack;         /* depth * FILTER_BLOCK cells, each read as a double, a pointer or a byte */
	const char **scratch;  /* FILTER_BLOCK texts, for text columns read as numbers */
	struct filter_list *lists;
	size_t n_lists;
	uint8_t **masks;       /* quality steps: truth value per row of the source */
	size_t n_masks;
	char **strings;        /* text constants owned by the program */
	size_t n_strings;
	struct filter_aggregate *aggregates;
	size_t n_aggregates;
};

/* Rows first..first+n-1 of column col as numbers (NaN = missing); a text column is read through
 * num_parse (a cell that is not a number reads as missing), using `scratch` (n texts). */
void filter_read_numbers(const struct filter_source *src, size_t col, int text, size_t first, size_t n,
			 double *out, const char **scratch);

/* Whether every non-missing cell of text column col reads as a decimal number; when not, *bad
 * points at the first cell that does not (valid while the source lives). */
int filter_text_is_numbers(const struct filter_source *src, size_t col, const char **bad);

/* The non-missing values of column col (`text`: read as numbers) in *values (malloc'd, may be
 * NULL when n is 0) and their count in *n. 0, or -1 when out of memory. */
int filter_column_values(const struct filter_source *src, size_t col, int text, double **values, size_t *n);

/* R's quantile(x, p, type = 7) of x[0..n), n >= 1, 0 <= p <= 1; rearranges x. */
double filter_quantile7(double *x, size_t n, double p);

/* truth[i] = TRUTH_T for a row whose answers to the k numeric item columns are all the same,
 * with at least 3 answered and at least half (the describe rule), else TRUTH_F. k >= 3.
 * 0, or -1 when out of memory. */
int filter_straightlining(const struct filter_source *src, const size_t *items, size_t k, uint8_t *truth);

/* truth[i] = TRUTH_T for a row whose id (column src->id_column) equals an earlier row's. 0, or -1
 * when out of memory. */
int filter_duplicate_id(const struct filter_source *src, uint8_t *truth);

#endif
