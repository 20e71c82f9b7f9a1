/* Shared by the text, Markdown and CSV renderers: how a document's values become cells and
 * tables, and the human titles of the JSON keys. Internal to io/render*.c. */
#ifndef SURVEYKIT_IO_RENDER_TABLE_H
#define SURVEYKIT_IO_RENDER_TABLE_H

#include <jansson.h>
#include <stddef.h>

struct table {
	char *title;
	size_t n_cols, n_rows;
	char **headers;   /* n_cols */
	char **cells;     /* n_rows * n_cols, row-major; "" for an absent cell */
	int *right;       /* n_cols: right-align (numbers) */
};

/* digits < 0: full precision (%.17g) for machine-readable output. */
struct cell_format {
	int digits;
};

/* A scalar (or an array of scalars, joined by ", ") as text; the key decides p-value format. */
char *format_cell(const char *key, const json_t *v, const struct cell_format *f);
/* Human title of a key ("anova" -> "One-way ANOVA"); `_title` in an object wins. */
const char *key_title(const char *key, const json_t *value, char *buf, size_t size);
/* Column header of a key ("llci" -> "LLCI"). */
const char *key_header(const char *key);

int is_scalar(const json_t *v);
int is_scalar_array(const json_t *v);
int is_flat_object(const json_t *v); /* members are scalars or arrays of scalars */
int is_table(const json_t *v);       /* a non-empty array of objects */
int is_matrix(const json_t *v);      /* a non-empty array of arrays of scalars */
int is_hidden_key(const char *key);  /* "_..." hints, and the envelope's own keys */
/* Columns of a table: the scalar (or scalar-array) keys of its rows, in first-seen order, at most
 * `max` of them (the plain and the APA layout of a table of rows). */
size_t collect_columns(const json_t *rows, const char **keys, size_t max);

/* The fit statistics of a regression-like result (r2, adj_r2, F, df1, df2, p, n, mse), printed
 * together as one "Model summary" row: whether obj[key] is one (obj has a numeric r2), and that
 * row as a new object (NULL when out of memory). */
int is_model_summary_key(const json_t *obj, const char *key);
json_t *model_summary_row(const json_t *obj);

/* Tables from values; 0 or -1 (out of memory). */
int table_from_rows(struct table *t, const char *title, const json_t *rows, const struct cell_format *f);
int table_from_object(struct table *t, const char *title, const json_t *obj, const struct cell_format *f);
int table_from_matrix(struct table *t, const char *title, const json_t *matrix, const json_t *labels,
		      const struct cell_format *f);
void table_release(struct table *t);
/* The first string member of a row object, naming it in subsection titles ("" when none). */
/* The name of a row for the heading of its nested tables: its "_name" hint, else its first
 * string member. */
const char *row_name(const json_t *row);

#endif
