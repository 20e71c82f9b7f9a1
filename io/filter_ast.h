/* The parsed form of a filter expression, shared by the parser (io/filter_parse.c) and the binder
 * (io/filter_bind.c); not part of the public interface (io/filter.h).
 *
 * Chains of the same precedence (a or b or c, a + b - c) are one node with many children, so the
 * tree is as deep as the nesting the parser counts (FILTER_MAX_DEPTH), never as long as the text:
 * every walk over it may recurse. */
#ifndef SURVEYKIT_IO_FILTER_AST_H
#define SURVEYKIT_IO_FILTER_AST_H

#include <stddef.h>

#include "io/filter.h"

enum filter_node_kind {
	NODE_NUMBER,  /* number */
	NODE_STRING,  /* text: 'literal' */
	NODE_NAME,    /* a column (or a scale, as the argument of straightlining) */
	NODE_CALL,    /* fn(kids...) */
	NODE_SIGN,    /* op '-' or '+' applied to kids[0] */
	NODE_NOT,     /* not kids[0] */
	NODE_ARITH,   /* kids[0] ops[1] kids[1] ops[2] kids[2] ... ('+', '-', '*', '/'), one precedence level */
	NODE_AND,     /* kids[0] and kids[1] and ... */
	NODE_OR,      /* kids[0] or kids[1] or ... */
	NODE_COMPARE, /* kids[0] cmp kids[1] */
	NODE_IN,      /* kids[0] in (kids[1], ...); negated for `not in` */
};

enum filter_cmp { CMP_EQ, CMP_NE, CMP_LT, CMP_LE, CMP_GT, CMP_GE };

enum filter_fn {
	FN_MISSING,
	FN_MEDIAN,
	FN_MEAN,
	FN_SD,
	FN_QUANTILE,
	FN_TOO_FAST,
	FN_STRAIGHTLINING,
	FN_DUPLICATE_ID,
	FN_RECODE,
	FN_COUNT,
};

struct filter_node {
	enum filter_node_kind kind;
	size_t pos;       /* byte offset of the token that stands for the node (literal, name, operator) */
	double number;    /* NODE_NUMBER */
	char *text;       /* NODE_STRING value, NODE_NAME name (unquoted) */
	enum filter_fn fn; /* NODE_CALL */
	enum filter_cmp cmp; /* NODE_COMPARE */
	int negated;      /* NODE_IN: `not in` */
	char op;          /* NODE_SIGN */
	char *ops;        /* NODE_ARITH: ops[i] joins kids[i] to what precedes (ops[0] unused) */
	double *ranges;   /* recode(): n_ranges triples low, high, code */
	size_t n_ranges;
	struct filter_node **kids;
	size_t n_kids;
	struct filter_node *next_alloc; /* every node of the expression, for freeing without recursion */
};

struct filter_expr {
	char *text; /* a copy of the text, for positions */
	struct filter_node *root;
	struct filter_node *nodes; /* list through next_alloc */
};

/* Name of a function as written in the language (lower case). */
const char *filter_fn_name(enum filter_fn fn);

/* Fills `err` with the problem, the position of byte `offset` of `text` and a message; the
 * message gets "PREFIX at character N: " before the printf-style rest (no position when
 * offset is SIZE_MAX). Returns err->code. */
int filter_fail(struct filter_error *err, enum filter_problem problem, const char *text, size_t offset,
		const char *prefix, const char *fmt, ...) __attribute__((format(printf, 6, 7)));

/* Appends `s` quoted with single quotes for a message: control characters and bytes that are
 * not UTF-8 as \xNN, cut after `max` bytes (at a character boundary) with "...". */
void filter_quote(struct strbuf *b, const char *s, size_t max);

/* 1-based character position of byte `offset` of `text`: UTF-8 characters, a byte that does not
 * start one counting as one. */
size_t filter_char_column(const char *text, size_t offset);

#endif
