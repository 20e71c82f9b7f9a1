#include "io/doc.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/strbuf.h"
#include "io/text.h"
#include "io/version.h"

json_t *doc_string(const char *s)
{
	size_t n = strlen(s), out = 0;
	unsigned char *buf;
	json_t *j;

	j = json_string(s); /* the common case: valid UTF-8 (json_string validates) */
	if (j)
		return j;
	buf = malloc(n * 3 + 1);
	if (!buf)
		return NULL;
	for (size_t i = 0; i < n;) {
		size_t len = text_utf8_length(s + i, n - i);
		if (len == 0) {
			memcpy(buf + out, "\xEF\xBF\xBD", 3); /* U+FFFD */
			out += 3;
			i++;
		} else {
			memcpy(buf + out, s + i, len);
			out += len;
			i += len;
		}
	}
	j = json_stringn((const char *)buf, out);
	free(buf);
	return j;
}

void doc_num_noted(json_t *obj, const char *key, double v)
{
	json_object_set_new(obj, key, isfinite(v) ? json_real(v) : json_null());
}

void doc_num(json_t *obj, const char *key, double v)
{
	json_t *marks;

	doc_num_noted(obj, key, v);
	if (isfinite(v))
		return;
	marks = json_object_get(obj, DOC_UNDEFINED);
	if (!marks) {
		marks = json_array();
		json_object_set_new(obj, DOC_UNDEFINED, marks);
	}
	json_array_append_new(marks, json_string(key));
}

void doc_int(json_t *obj, const char *key, long long v)
{
	json_object_set_new(obj, key, json_integer(v));
}

void doc_size(json_t *obj, const char *key, size_t v)
{
	json_object_set_new(obj, key, json_integer((json_int_t)v));
}

void doc_str(json_t *obj, const char *key, const char *s)
{
	json_object_set_new(obj, key, s ? doc_string(s) : json_null());
}

void doc_bool(json_t *obj, const char *key, int v)
{
	json_object_set_new(obj, key, json_boolean(v));
}

json_t *doc_obj(json_t *obj, const char *key)
{
	json_t *child = json_object();

	json_object_set_new(obj, key, child);
	return child;
}

json_t *doc_arr(json_t *obj, const char *key)
{
	json_t *child = json_array();

	json_object_set_new(obj, key, child);
	return child;
}

json_t *doc_push_obj(json_t *arr)
{
	json_t *child = json_object();

	json_array_append_new(arr, child);
	return child;
}

void doc_push_num(json_t *arr, double v)
{
	json_array_append_new(arr, isfinite(v) ? json_real(v) : json_null());
}

void doc_push_str(json_t *arr, const char *s)
{
	json_array_append_new(arr, s ? doc_string(s) : json_null());
}

json_t *doc_new(const char *command, const char *file, size_t rows, size_t used)
{
	json_t *doc = json_object(), *input;

	doc_str(doc, "command", command);
	doc_str(doc, "version", SURVEYKIT_VERSION);
	input = doc_obj(doc, "input");
	doc_str(input, "file", file);
	doc_size(input, "rows", rows);
	doc_size(input, "used", used);
	return doc;
}

void doc_set_used(json_t *doc, size_t used)
{
	json_t *input = json_object_get(doc, "input");

	if (input)
		doc_size(input, "used", used);
}

int doc_line_said(const char *line, const void *lines, size_t n, const char *(*line_at)(const void *lines, size_t i))
{
	for (size_t i = 0; i < n; i++) {
		if (i == DOC_SAME_LINES && n > 2 * DOC_SAME_LINES)
			i = n - DOC_SAME_LINES;
		if (strcmp(line_at(lines, i), line) == 0)
			return 1;
	}
	return 0;
}

static const char *json_line(const void *arr, size_t i)
{
	return json_string_value(json_array_get(arr, i));
}

static void append_line(json_t *doc, const char *key, const char *fmt, va_list ap)
{
	struct strbuf line = STRBUF_INIT;
	json_t *arr = json_object_get(doc, key), *said;

	strbuf_vaddf(&line, fmt, ap); /* a NaN or infinite number reads "n/a" (io/strbuf.h) */
	if (!arr)
		arr = doc_arr(doc, key);
	/* the same sentence twice (e.g. per table row) is said once; compared as stored (invalid
	 * UTF-8 already replaced), so a line with a stray byte is said once too. Only the first and
	 * the last DOC_SAME_LINES lines are compared: a wide file's thousands of notes (one per
	 * variable, each naming it) would otherwise take quadratic time, and those do not repeat. */
	said = strbuf_ok(&line) ? doc_string(strbuf_str(&line)) : NULL;
	strbuf_release(&line);
	if (!said)
		return;
	if (doc_line_said(json_string_value(said), arr, json_array_size(arr), json_line))
		json_decref(said);
	else
		json_array_append_new(arr, said);
}

void doc_note(json_t *doc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append_line(doc, "notes", fmt, ap);
	va_end(ap);
}

void doc_warning(json_t *doc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	append_line(doc, "warnings", fmt, ap);
	va_end(ap);
}

void doc_num_why(json_t *doc, json_t *obj, const char *key, double v, const char *what)
{
	doc_num_noted(obj, key, v);
	if (!isfinite(v))
		doc_note(doc, "%s is not defined here (%s)", key, what);
}

/* --- doc_explain -------------------------------------------------------------------------------- */

/* The undefined values found, by place and key: {"place\tkey": {"place", "key", "rows": [names],
 * "count": n}} in order of discovery. */
struct explain {
	json_t *found;
};

/* A row's name for a note: its "_name" hint, else its first string member, else its position. */
static void row_label(const json_t *row, size_t i, struct strbuf *b)
{
	const char *key;
	json_t *m = json_object_get(row, "_name");

	if (json_is_string(m)) {
		strbuf_addf(b, "'%s'", json_string_value(m));
		return;
	}
	json_object_foreach((json_t *)row, key, m)
		if (key[0] != '_' && json_is_string(m)) {
			strbuf_addf(b, "'%s'", json_string_value(m));
			return;
		}
	strbuf_addf(b, "row %zu", i + 1);
}

static void record(struct explain *e, const char *place, const char *key, const char *row)
{
	struct strbuf id = STRBUF_INIT;
	json_t *entry;

	strbuf_addf(&id, "%s\t%s", place, key);
	if (!strbuf_ok(&id)) {
		strbuf_release(&id);
		return;
	}
	entry = json_object_get(e->found, strbuf_str(&id));
	if (!entry) {
		entry = json_object();
		json_object_set_new(entry, "place", doc_string(place));
		json_object_set_new(entry, "key", doc_string(key));
		json_object_set_new(entry, "rows", json_array());
		json_object_set_new(entry, "count", json_integer(0));
		json_object_set_new(e->found, strbuf_str(&id), entry);
	}
	strbuf_release(&id);
	json_integer_set(json_object_get(entry, "count"), json_integer_value(json_object_get(entry, "count")) + 1);
	if (row && json_array_size(json_object_get(entry, "rows")) < DOC_ROWS_NAMED)
		json_array_append_new(json_object_get(entry, "rows"), doc_string(row));
}

static void explain_node(struct explain *e, json_t *node, const char *place, const char *row);

/* The marks of one object (a row of a table when `row` is set), then its members. */
static void explain_object(struct explain *e, json_t *obj, const char *place, const char *row)
{
	json_t *marks = json_object_get(obj, DOC_UNDEFINED), *v;
	const char *key;

	for (size_t i = 0; i < json_array_size(marks); i++) {
		const char *k = json_string_value(json_array_get(marks, i));
		int first = 1;
		for (size_t j = 0; j < i; j++) /* a key marked twice counts once */
			first &= strcmp(k, json_string_value(json_array_get(marks, j))) != 0;
		if (k && first && json_is_null(json_object_get(obj, k)))
			record(e, place, k, row);
	}
	json_object_del(obj, DOC_UNDEFINED);
	json_object_foreach(obj, key, v) {
		struct strbuf sub = STRBUF_INIT;
		if (!json_is_object(v) && !json_is_array(v))
			continue;
		if (place[0])
			strbuf_addf(&sub, "%s%s%s: %s", place, row ? " " : "", row ? row : "", key);
		else
			strbuf_addf(&sub, "%s", key);
		explain_node(e, v, strbuf_str(&sub), NULL);
		strbuf_release(&sub);
	}
}

static void explain_node(struct explain *e, json_t *node, const char *place, const char *row)
{
	if (json_is_object(node)) {
		explain_object(e, node, place, row);
		return;
	}
	for (size_t i = 0; json_is_array(node) && i < json_array_size(node); i++) {
		json_t *el = json_array_get(node, i);
		if (json_is_object(el)) {
			struct strbuf name = STRBUF_INIT;
			row_label(el, i, &name);
			explain_object(e, el, place, strbuf_str(&name));
			strbuf_release(&name);
		} else if (json_is_array(el)) {
			explain_node(e, el, place, row);
		}
	}
}

void doc_explain(json_t *doc)
{
	struct explain e = {json_object()};
	const char *id;
	json_t *entry;

	if (!e.found || !json_is_object(doc))
		return;
	explain_object(&e, doc, "", NULL);
	json_object_foreach(e.found, id, entry) {
		const char *place = json_string_value(json_object_get(entry, "place"));
		const char *key = json_string_value(json_object_get(entry, "key"));
		json_t *rows = json_object_get(entry, "rows");
		json_int_t count = json_integer_value(json_object_get(entry, "count"));
		struct strbuf line = STRBUF_INIT;

		strbuf_addf(&line, "%s%s%s could not be computed (null)", place, place[0] ? ": " : "", key);
		if (json_array_size(rows)) {
			strbuf_addf(&line, " for %lld row%s (", (long long)count, count == 1 ? "" : "s");
			for (size_t i = 0; i < json_array_size(rows); i++)
				strbuf_addf(&line, "%s%s", i ? ", " : "", json_string_value(json_array_get(rows, i)));
			strbuf_adds(&line, (size_t)count > json_array_size(rows) ? ", ...)" : ")");
		}
		if (strbuf_ok(&line))
			doc_note(doc, "%s", strbuf_str(&line));
		strbuf_release(&line);
	}
	json_decref(e.found);
}
