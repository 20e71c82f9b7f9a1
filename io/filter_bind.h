/* The binder's state and helpers, shared by io/filter_bind.c (names, types, operators) and
 * io/filter_calls.c (the functions); not part of the public interface (io/filter.h).
 * Every function returns 0 or the exit code of the error it filled in b->err. */
#ifndef SURVEYKIT_IO_FILTER_BIND_H
#define SURVEYKIT_IO_FILTER_BIND_H

#include <stddef.h>

#include "io/filter_program.h"
#include "io/strbuf.h"

enum vtype { V_NUMBER, V_TEXT, V_BOOL };

/* A text column checked for filter_text_is_numbers. */
struct checked {
	size_t col;
	int numbers;
	const char *bad;
};

struct binder {
	const struct filter_expr *e;
	const struct filter_source *src;
	struct filter_program *p;
	struct filter_error *err;
	size_t sp; /* stack slots in use after the code emitted so far */
	struct checked *checked;
	size_t n_checked;
};

#define NAME_SHOWN 60 /* bytes of a name or text repeated in a message */

int bind_out_of_memory(struct binder *b);
/* Fails with `problem` at byte `pos`: "HEAD at character N" and the text of `tail` (released). */
int bind_fail_at(struct binder *b, enum filter_problem problem, size_t pos, const char *head, struct strbuf *tail);
/* Appends an instruction and keeps the stack depth. */
int bind_emit(struct binder *b, enum filter_op op, size_t arg, double number, const char *text);
/* The column a name node names, or an "unknown column" error listing the closest names. */
int bind_resolve(struct binder *b, const struct filter_node *n, size_t *col);
/* "unknown column (or scale) 'x' ...; did you mean ...?" */
int bind_unknown_name(struct binder *b, const struct filter_node *n, int scale);
int bind_is_text(const struct binder *b, size_t col);
/* Whether text column col reads as numbers (checked once per column); *bad: a cell that does not. */
int bind_text_numbers(struct binder *b, size_t col, const char **bad, int *numbers);
/* The type a node gives, without resolving more than the column kinds. */
enum vtype bind_static_type(const struct binder *b, const struct filter_node *n);
/* "type error at character N: SUBJECT, CONTEXT" where SUBJECT says what node n is. */
int bind_type_error(struct binder *b, const struct filter_node *n, enum vtype want, const char *context);
/* 1 and *v for a constant number expression (numbers, signs, arithmetic on them), else 0. */
int bind_const_number(const struct filter_node *n, double *v);
/* Emits node n as a value of type `want`; `context` says where it is used, for type errors. */
int bind_emit_node(struct binder *b, const struct filter_node *n, enum vtype want, const char *context);
/* Emits a function call (io/filter_calls.c). */
int bind_emit_call(struct binder *b, const struct filter_node *n, enum vtype want, const char *context);

#endif
