/* The data side of the regression-like commands (regress, moderate, mediate): variables by name,
 * continuous or categorical, listwise deletion, indicator coding of categorical variables with
 * empty levels dropped, the names of design columns, the messages for fits that cannot be made,
 * and the coefficient tables of the result document.
 *
 * Categorical or continuous: a variable is categorical (indicator-coded against its first level
 * with data) when the codebook given with --codebook declares it a `group`, when --categorical
 * names it, or when its values are text. A column inferred to be a group without a codebook is
 * used as a number (as R's lm and PROCESS would), and a note says how to indicator-code it. */
#ifndef SURVEYKIT_ANALYSIS_REGRESSION_DATA_H
#define SURVEYKIT_ANALYSIS_REGRESSION_DATA_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "io/error.h"
#include "models/moderation.h"
#include "models/ols.h"

struct reg_var {
	char *name;
	int categorical;
	struct variable var; /* continuous: values over every row */
	struct grouping g;   /* categorical */
	/* on the rows used, after reg_var_restrict */
	size_t n;
	const double *v;     /* continuous (var.v itself when every row is used) */
	double *own_v;       /* v when it is a copy on the rows used */
	size_t *code;        /* categorical: kept level 0..n_kept-1 (0 the reference) */
	size_t n_kept;
	size_t *kept;        /* kept level -> level of g */
};

/* Reads a variable. `categorical` is the --categorical list (NULL-terminated, may be NULL);
 * may_be_categorical 0 forces a number (an outcome, a covariate, a mediator). Notes go to doc. */
int reg_var_load(const struct dataset *ds, const char *name, int may_be_categorical, char **categorical,
		   json_t *doc, struct reg_var *mv, struct sk_error *err);
void reg_var_release(struct reg_var *mv);

/* Rows (indices into the frame) where every variable is present and, when `by` is given, its
 * group too; those left out are counted by reason in doc (analysis/data/dropped.h). Exit 1 when there
 * is none. *rows is freed with bigbuf_free (analysis/data/bigbuf.h). */
int reg_rows(const struct dataset *ds, struct reg_var *const *vars, size_t k, const struct grouping *by,
	       json_t *doc, size_t **rows, size_t *n, struct sk_error *err);

/* The variable's values on `rows` (n); a categorical variable keeps its levels with data (a note
 * names the empty ones) and fails with exit 1 when fewer than two remain. */
int reg_var_restrict(struct reg_var *mv, const size_t *rows, size_t n, json_t *doc, struct sk_error *err);

/* Design columns of the variable: 1, or kept levels - 1. */
size_t reg_var_columns(const struct reg_var *mv);
/* Name of design column c of the variable: "name", or "name=LEVEL" for an indicator. */
char *reg_var_term(const struct reg_var *mv, size_t c);
/* The same for a reader: "name=LABEL" with the level's value label ("scenario=Fix + apology"),
 * "name" for a continuous variable. */
char *reg_var_term_label(const struct reg_var *mv, size_t c);
/* A design column as members of a result row: "term" (its name, the JSON contract's key) and
 * "label" (its name with value labels, printed in place of the name in tables: io/doc.h). */
void reg_put_term(json_t *row, const char *term, const char *label);
/* Level (as written) and label of kept level l. */
const char *reg_var_level(const struct reg_var *mv, size_t l);
const char *reg_var_label(const struct reg_var *mv, size_t l);

/* The term names of a product of two or three name lists: "a:b" (b may be NULL). */
char *reg_product_name(const char *a, const char *b, const char *c);

/* --hc 0..4 (absent: classical) and the confidence level into OLS options. */
int reg_ols_options(const struct cli *cli, struct ols_options *o, struct sk_error *err);
/* "classical" or "HC3" for the output. */
const char *reg_cov_name(enum ols_cov_type t);

/* Exit 1 with a message naming what made the fit impossible; `terms` are the design column
 * names, `y` the outcome, `context` what was being fitted ("the model", "the model for group
 * 'Fix only' of 'scenario'"). */
int reg_fit_error(struct sk_error *err, int status, const struct ols_fit *fit, char *const *terms, const char *y,
		    const size_t *rows, const struct dataset *ds, const char *context);

/* r2, adj_r2, F, df1, df2, p (and mse, n) into obj. */
void reg_put_summary(json_t *obj, const struct ols_fit *fit);
/* "coefficients": [{"term","b","se","t","p","llci","ulci","beta","label"}] into obj (beta null for
 * the intercept: the command notes it once); `labels` are the terms with value labels. */
void reg_put_coefficients(json_t *obj, const struct ols_fit *fit, char *const *terms, char *const *labels);
/* One row of a linear combination: effect, se, t, p, llci, ulci. */
struct lincom;
void reg_put_lincom(json_t *row, const struct lincom *lc, const char *effect_key);

/* Values of a moderator to probe at (Hayes 2022, sec. 7.3): a categorical variable at each kept
 * level; a continuous one at the 16th, 50th and 84th percentiles (kind NULL or "percentiles"),
 * at the mean and +/- 1 SD ("meansd", a value beyond the data replaced by the minimum or maximum),
 * or at a comma-separated list of values, all in the model's metric (centred when centred); a
 * variable with two values is probed at those two. `work` holds mv->n doubles. */
struct reg_probes {
	size_t S;       /* probe points */
	double *value;  /* the value (continuous) or the numeric level (categorical; NaN for text) */
	size_t *level;  /* categorical: kept level */
	double *design; /* S x ncols design values */
	size_t ncols;
	/* what the notes say: how a continuous variable was probed (none for given values or a
	 * categorical variable) and which mean -/+ SD values were replaced by the minimum (bit 1) or
	 * the maximum (bit 2) */
	enum { REG_PROBES_GIVEN, REG_PROBES_TWO_VALUES, REG_PROBES_PERCENTILES, REG_PROBES_MEANSD } note;
	int clamped;
};
/* With doc, the notes (reg_probes_notes) go there at once; `what` names the variable in them. */
int reg_probes_make(const struct reg_var *v, double center, const char *kind, const char *what, json_t *doc,
		      double *work, struct reg_probes *p, struct sk_error *err);
/* Whether `kind` (an option's value, named `option` in the message) is one reg_probes_make takes:
 * exit 2 with the message it would give when not (for checking options before data are read). */
int reg_probes_check(const char *kind, const char *option, struct sk_error *err);
/* The notes on how p was probed, into doc (for a command that writes its document later). */
void reg_probes_notes(json_t *doc, const struct reg_var *v, const struct reg_probes *p, const char *what);
void reg_probes_release(struct reg_probes *p);
/* The probe value as a row member `key` (with `key`_label for a level). */
void reg_probes_put(json_t *row, const char *key, const struct reg_var *v, const struct reg_probes *p,
		      size_t s);
/* Whether a continuous variable has at most two distinct values on the rows used. */
int reg_var_dichotomous(const struct reg_var *v);

/* A formatted string (malloc'd), NULL when out of memory. */
char *reg_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A list of names freed with it. */
void reg_names_free(char **names, size_t n);

#endif
