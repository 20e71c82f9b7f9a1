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

void doc_num(json_t *obj, const char *key, double v)
{
	json_object_set_new(obj, key, isfinite(v) ? json_real(v) : json_null());
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

static void append_line(json_t *doc, const char *key, const char *fmt, va_list ap)
{
	struct strbuf line = STRBUF_INIT;
	json_t *arr = json_object_get(doc, key), *said;
	size_t n;

	strbuf_vaddf(&line, fmt, ap);
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
	n = json_array_size(arr);
	for (size_t i = 0; i < n; i++) {
		if (i == DOC_SAME_LINES && n > 2 * DOC_SAME_LINES)
			i = n - DOC_SAME_LINES;
		if (strcmp(json_string_value(json_array_get(arr, i)), json_string_value(said)) == 0) {
			json_decref(said);
			return;
		}
	}
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
	doc_num(obj, key, v);
	if (!isfinite(v))
		doc_note(doc, "%s is not defined here (%s)", key, what);
}
