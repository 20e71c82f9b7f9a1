/* A reader of the part of lavaan's model syntax (Rosseel 2012; lavaan 0.6.14's
 * lavParseModelString) that describes a measurement model, into a CFA specification
 * (models/cfa_spec.h). No C library reads lavaan syntax, so the lexer and parser are written
 * here: a few dozen lines of grammar, with every size capped because the text is untrusted.
 *
 *   # a comment (also after '!'), to the end of the line
 *   visual  =~ x1 + x2 + x3          a factor measured by items (the first loading is fixed to 1
 *                                    by cfa_spec_complete unless the term has a value or NA)
 *   textual =~ x4 + a*x5 + a*x6      a label: parameters with one label are equal
 *   speed   =~ NA*x7 + x8 + 0.5*x9   NA frees a loading, a number fixes it
 *   speed ~~ 1*speed                 a factor variance (here fixed); f1 ~~ f2 a covariance
 *   x7 ~~ x8                         a residual covariance (x7 ~~ x7: a residual variance)
 *   x1 =~ ...; x2 ~~ x3              ';' separates statements as a line break does
 *
 * A statement starts on a line holding an operator; a line without one continues the statement
 * before it (so a long right-hand side may be split before or after a '+'), as lavaan does.
 * Names are letters, digits, '_' and '.', not starting with a digit; a modifier is a number
 * (optionally signed), NA, or a label (a name), followed by '*'. Factors are the names on the
 * left of =~; every other name is an item. In a model with several groups every statement
 * applies to each group, and a label makes its parameters equal in and across groups (lavaan).
 *
 * Stricter than lavaan, with a message where lavaan warns or guesses: text before the first
 * statement, two names without '+' between them (lavaan pastes them into one), a repeated
 * statement. Not supported (an error naming the operator): regressions (~), intercepts (~1),
 * constraints (==, <, >, :=), thresholds (|), formative factors (<~), vector modifiers c(...),
 * start(), second-order factors (a factor as an indicator) and factor-item covariances.
 *
 * Errors: exit code 3 (invalid input) with "line L, column C: what is wrong"; the caller adds the
 * file name (sk_error_prefix).
 * Limits: CFA_SYNTAX_MAX_BYTES of text, CFA_SYNTAX_MAX_NAME bytes per name, CFA_SYNTAX_MAX_TERMS
 * terms, CFA_SYNTAX_MAX_VARS distinct names.
 *
 * Ownership: a parsed syntax and a built model own their strings; the free functions release
 * them (and the model's specification). */
#ifndef SURVEYKIT_IO_CFA_SYNTAX_H
#define SURVEYKIT_IO_CFA_SYNTAX_H

#include <stddef.h>

#include "io/error.h"
#include "models/cfa_spec.h"

#define CFA_SYNTAX_MAX_BYTES (1u << 20)
#define CFA_SYNTAX_MAX_NAME 128
#define CFA_SYNTAX_MAX_TERMS 100000
#define CFA_SYNTAX_MAX_VARS 10000

enum cfa_syntax_op { CFA_OP_MEASURED, CFA_OP_COVARIES }; /* =~ and ~~ */
enum cfa_syntax_mod { CFA_MOD_NONE, CFA_MOD_FIXED, CFA_MOD_FREE, CFA_MOD_LABEL };

/* One term of a statement: lhs op [modifier*]rhs. */
struct cfa_syntax_term {
	char *lhs, *rhs;
	enum cfa_syntax_op op;
	enum cfa_syntax_mod mod;
	double value; /* CFA_MOD_FIXED */
	char *label;  /* CFA_MOD_LABEL */
	size_t line, col; /* of rhs */
	size_t lhs_line, lhs_col;
};

struct cfa_syntax {
	struct cfa_syntax_term *term;
	size_t n, cap;
};

/* Parses text[0..len) (need not be NUL-terminated). Returns 0, or SK_EXIT_INPUT with *err
 * (SK_EXIT_ANALYSIS when out of memory); *out is empty on failure. */
int cfa_syntax_parse(const char *text, size_t len, struct cfa_syntax *out, struct sk_error *err);
void cfa_syntax_free(struct cfa_syntax *s);

/* The model of a parsed syntax: item and factor names in order of first appearance (lavaan's
 * order) and a specification for `groups` groups, not yet completed. With known[0..n_known)
 * (the data's columns) every item must be one of them and no factor may be one; known = NULL
 * accepts any item. Returns 0 or SK_EXIT_INPUT with *err naming line and column. */
struct cfa_syntax_model {
	char **items, **factors;
	size_t p, m;
	struct cfa_spec spec;
};

int cfa_syntax_build(const struct cfa_syntax *s, size_t groups, const char *const *known, size_t n_known,
		     struct cfa_syntax_model *out, struct sk_error *err);
void cfa_syntax_model_free(struct cfa_syntax_model *m);

#endif
