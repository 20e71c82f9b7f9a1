/* Results as a document: every command builds one JSON tree (jansson) in the shape of the JSON
 * contract (the CLI tests guard it), and io/render.c prints that same tree as text, Markdown, CSV or JSON.
 * One tree per result is what makes `report`'s results.json equal the single commands' output.
 *
 * Conventions the renderers rely on:
 *  - an object whose members are all scalars prints as a one-row table (or key: value lines);
 *  - an array of objects prints as a table, columns in the key order of its first object;
 *  - "notes" and "warnings" (arrays of strings) print as lines after the tables;
 *  - in a table whose rows have a "term" and a "label" (the term with value labels,
 *    "scenario=Fix + apology" for "scenario=2"), the label is printed in the term's place;
 *  - keys starting with "_" are presentation hints (e.g. "_title" for an object's table title,
 *    "_name" for the heading of a row's nested tables) and are not printed as data.
 * Non-finite numbers are stored as null, never as NaN or infinity, and never silently: doc_num
 * marks the key (in a hidden "_undefined" member of its object) and doc_explain turns the marks
 * into notes naming each value that could not be computed; doc_num_why notes its own reason;
 * doc_num_noted is for nulls the command explains in a note of its own (the intercept's beta). */
#ifndef SURVEYKIT_IO_DOC_H
#define SURVEYKIT_IO_DOC_H

#include <jansson.h>
#include <stddef.h>

/* {"command": ..., "version": ..., "input": {"file": ..., "rows": ..., "used": ...}} */
json_t *doc_new(const char *command, const char *file, size_t rows, size_t used);
/* Sets input.used (when known only after the analysis). */
void doc_set_used(json_t *doc, size_t used);

/* Members. All take a borrowed parent; strings are copied (invalid UTF-8 becomes U+FFFD). */
void doc_num(json_t *obj, const char *key, double v); /* NaN/Inf -> null, marked for doc_explain */
void doc_num_noted(json_t *obj, const char *key, double v); /* NaN/Inf -> null, explained by the caller */
void doc_int(json_t *obj, const char *key, long long v);
void doc_size(json_t *obj, const char *key, size_t v);
void doc_str(json_t *obj, const char *key, const char *s); /* NULL -> null */
void doc_bool(json_t *obj, const char *key, int v);
/* A new empty object/array set as obj[key]; returns it (borrowed). */
json_t *doc_obj(json_t *obj, const char *key);
json_t *doc_arr(json_t *obj, const char *key);
/* Appends a new empty object to an array; returns it (borrowed). */
json_t *doc_push_obj(json_t *arr);
void doc_push_num(json_t *arr, double v); /* NaN/Inf -> null: the caller notes why */
void doc_push_str(json_t *arr, const char *s);
/* A string value for json_array_append_new etc.; never NULL unless out of memory. */
json_t *doc_string(const char *s);

/* Appends a line to doc["notes"] (created on first use), unless the same line is among its first
 * or last DOC_SAME_LINES lines (the check is bounded so that a note per variable of a 100,000-column
 * file stays linear; such notes name their variable and do not repeat). */
#define DOC_SAME_LINES 512
void doc_note(json_t *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void doc_warning(json_t *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* doc_note's rule for any list of n lines, line_at(lines, i) the i-th: 1 when `line` is among the
 * first or the last DOC_SAME_LINES of them (so it is not said again), else 0. */
int doc_line_said(const char *line, const void *lines, size_t n, const char *(*line_at)(const void *lines, size_t i));
/* doc_num, plus a note naming `what` when v is not finite. */
void doc_num_why(json_t *doc, json_t *obj, const char *key, double v, const char *what);
/* Turns the marks doc_num left anywhere in doc into notes, one per table (or object) and key:
 * "posthoc: p could not be computed (null) for 2 rows ('a - b', 'c - b')", and removes the marks.
 * Called once a document is complete, before it is written in any format. */
#define DOC_UNDEFINED "_undefined"
#define DOC_ROWS_NAMED 3
void doc_explain(json_t *doc);

#endif
