#include "io/render.h"

#include <stdlib.h>
#include <string.h>

#include "io/docwrite.h"
#include "io/render_table.h"
#include "io/strbuf.h"
#include "io/text.h"

/* Text and Markdown differ only in how headings, tables and lists look. */
struct style {
	int base; /* depth of the document's own members: 0, or 1 when embedded */
	int markdown;
	int csv;
	struct cell_format cells;
};

static void print_padded(FILE *out, const char *s, size_t width, int right)
{
	size_t len = strlen(s);
	if (right)
		fprintf(out, "%*s%s", (int)(width - len), "", s);
	else
		fprintf(out, "%s%*s", s, (int)(width - len), "");
}

static void print_table_text(FILE *out, const struct table *t)
{
	size_t *w = calloc(t->n_cols ? t->n_cols : 1, sizeof *w);

	if (!w)
		return;
	for (size_t j = 0; j < t->n_cols; j++) {
		w[j] = strlen(t->headers[j]);
		for (size_t i = 0; i < t->n_rows; i++) {
			size_t len = strlen(t->cells[i * t->n_cols + j]);
			w[j] = len > w[j] ? len : w[j];
		}
	}
	fprintf(out, "%s\n", t->title);
	for (size_t j = 0; j < t->n_cols; j++) {
		fputs("  ", out);
		print_padded(out, t->headers[j], w[j], t->right[j]);
	}
	fputc('\n', out);
	for (size_t i = 0; i < t->n_rows; i++) {
		for (size_t j = 0; j < t->n_cols; j++) {
			fputs("  ", out);
			print_padded(out, t->cells[i * t->n_cols + j], w[j], t->right[j]);
		}
		fputc('\n', out);
	}
	fputc('\n', out);
	free(w);
}

static void print_table_markdown(FILE *out, const struct table *t, int depth)
{
	fprintf(out, "%.*s ", depth + 2 > 6 ? 6 : depth + 2, "######");
	text_markdown_write(out, t->title);
	fputs("\n\n|", out);
	for (size_t j = 0; j < t->n_cols; j++) {
		fputc(' ', out);
		text_markdown_write(out, t->headers[j]);
		fputs(" |", out);
	}
	fputs("\n|", out);
	for (size_t j = 0; j < t->n_cols; j++)
		fputs(t->right[j] ? "---:|" : "---|", out);
	fputc('\n', out);
	for (size_t i = 0; i < t->n_rows; i++) {
		fputc('|', out);
		for (size_t j = 0; j < t->n_cols; j++) {
			fputc(' ', out);
			text_markdown_write(out, t->cells[i * t->n_cols + j]);
			fputs(" |", out);
		}
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void put_csv_field(FILE *out, const char *s)
{
	if (strpbrk(s, ",\"\n\r")) {
		fputc('"', out);
		for (; *s; s++) {
			if (*s == '"')
				fputc('"', out);
			fputc(*s, out);
		}
		fputc('"', out);
	} else {
		fputs(s, out);
	}
}

/* CSV: one block per table, every row starting with the table's name. */
static void print_table_csv(FILE *out, const struct table *t)
{
	fputs("table", out);
	for (size_t j = 0; j < t->n_cols; j++) {
		fputc(',', out);
		put_csv_field(out, t->headers[j]);
	}
	fputc('\n', out);
	for (size_t i = 0; i < t->n_rows; i++) {
		put_csv_field(out, t->title);
		for (size_t j = 0; j < t->n_cols; j++) {
			fputc(',', out);
			put_csv_field(out, t->cells[i * t->n_cols + j]);
		}
		fputc('\n', out);
	}
	fputc('\n', out);
}

static void emit_table(FILE *out, const struct style *st, const struct table *t, int depth)
{
	if (st->csv)
		print_table_csv(out, t);
	else if (st->markdown)
		print_table_markdown(out, t, depth);
	else
		print_table_text(out, t);
}

static void emit_heading(FILE *out, const struct style *st, const char *title, int depth)
{
	if (st->csv)
		return;
	if (st->markdown) {
		fprintf(out, "%.*s ", depth + 2 > 6 ? 6 : depth + 2, "######");
		text_markdown_write(out, title);
		fputs("\n\n", out);
	} else
		fprintf(out, "%s\n%.*s\n", title, (int)strlen(title) > 78 ? 78 : (int)strlen(title),
			"==============================================================================");
}

static void emit_key_value(FILE *out, const struct style *st, const char *key, const json_t *v)
{
	char tbuf[128];
	char *cell = format_cell(key, v, &st->cells);
	const char *title = key_title(key, NULL, tbuf, sizeof tbuf);

	if (!cell)
		return;
	if (st->csv) {
		fputs("value,", out);
		put_csv_field(out, key);
		fputc(',', out);
		put_csv_field(out, cell);
		fputc('\n', out);
	} else if (st->markdown) {
		fputs("- **", out);
		text_markdown_write(out, title);
		fputs("**: ", out);
		text_markdown_write(out, cell);
		fputc('\n', out);
	} else {
		fprintf(out, "%s: %s\n", title, cell);
	}
	free(cell);
}

static void walk(FILE *out, const struct style *st, const json_t *obj, int depth, const char *prefix);

/* A table of row objects; nested objects/arrays inside rows become subsections per row. */
static void emit_rows(FILE *out, const struct style *st, const json_t *rows, int depth, const char *title)
{
	struct table t;

	if (table_from_rows(&t, title, rows, &st->cells) == 0) {
		if (t.n_cols)
			emit_table(out, st, &t, depth);
		table_release(&t);
	}
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *row = json_array_get(rows, i);
		char sub[600];
		const char *k;
		json_t *m;
		int nested = 0;
		json_object_foreach((json_t *)row, k, m)
			if (!is_hidden_key(k) && !is_scalar(m) && !is_scalar_array(m))
				nested = 1;
		if (!nested)
			continue;
		snprintf(sub, sizeof sub, "%s: %s", title, row_name(row));
		json_t *wrapper = json_object();
		json_object_foreach((json_t *)row, k, m)
			if (!is_hidden_key(k) && !is_scalar(m) && !is_scalar_array(m))
				json_object_set(wrapper, k, m);
		emit_heading(out, st, sub, depth + 1);
		walk(out, st, wrapper, depth + 1, sub);
		json_decref(wrapper);
	}
}

static void emit_model_summary(FILE *out, const struct style *st, const json_t *obj, int depth, const char *prefix)
{
	json_t *row = model_summary_row(obj);
	struct table t;
	char title[600];

	snprintf(title, sizeof title, "%s%sModel summary", st->csv ? prefix : "", st->csv && prefix[0] ? ": " : "");
	if (json_object_size(row) && table_from_object(&t, title, row, &st->cells) == 0) {
		emit_table(out, st, &t, depth);
		table_release(&t);
	}
	json_decref(row);
}

static void walk(FILE *out, const struct style *st, const json_t *obj, int depth, const char *prefix)
{
	const char *key;
	json_t *v;
	int pending_kv = 0, summary_done = 0;

	json_object_foreach((json_t *)obj, key, v) {
		char tbuf[128], full[512];
		const char *title;
		if (is_hidden_key(key) || (depth == st->base && (!strcmp(key, "command") || !strcmp(key, "version") ||
							  !strcmp(key, "input") || !strcmp(key, "notes") ||
							  !strcmp(key, "warnings"))))
			continue;
		if (is_model_summary_key(obj, key)) {
			if (!summary_done) {
				if (pending_kv && !st->csv)
					fputc('\n', out);
				pending_kv = 0;
				emit_model_summary(out, st, obj, depth, prefix);
				summary_done = 1;
			}
			continue;
		}
		title = key_title(key, v, tbuf, sizeof tbuf);
		if (st->csv && prefix[0]) {
			snprintf(full, sizeof full, "%s: %s", prefix, title);
			title = full;
		}
		if (is_scalar(v) || is_scalar_array(v)) {
			emit_key_value(out, st, key, v);
			pending_kv = 1;
			continue;
		}
		if (pending_kv && !st->csv)
			fputc('\n', out);
		pending_kv = 0;
		if (is_flat_object(v)) {
			struct table t;
			if (table_from_object(&t, title, v, &st->cells) == 0) {
				if (t.n_cols)
					emit_table(out, st, &t, depth);
				table_release(&t);
			}
		} else if (is_table(v)) {
			emit_rows(out, st, v, depth, title);
		} else if (is_matrix(v)) {
			struct table t;
			json_t *labels = json_object_get(obj, "_labels");
			if (!labels)
				labels = json_object_get(obj, "vars");
			if (table_from_matrix(&t, title, v, labels, &st->cells) == 0) {
				emit_table(out, st, &t, depth);
				table_release(&t);
			}
		} else if (json_is_object(v)) {
			emit_heading(out, st, title, depth);
			walk(out, st, v, depth + 1, title);
		}
	}
	if (pending_kv && !st->csv)
		fputc('\n', out);
}

static void emit_lines(FILE *out, const struct style *st, const json_t *doc, const char *key, const char *title)
{
	const json_t *lines = json_object_get(doc, key);

	if (!json_is_array(lines) || json_array_size(lines) == 0)
		return;
	if (st->csv) {
		for (size_t i = 0; i < json_array_size(lines); i++) {
			fprintf(out, "%s,", key);
			put_csv_field(out, json_string_value(json_array_get(lines, i)));
			fputc('\n', out);
		}
		return;
	}
	fprintf(out, st->markdown ? "**%s**\n\n" : "%s:\n", title);
	for (size_t i = 0; i < json_array_size(lines); i++) {
		const char *line = json_string_value(json_array_get(lines, i));
		if (st->markdown) {
			fputs("- ", out);
			text_markdown_write(out, line);
			fputc('\n', out);
		} else {
			fprintf(out, "  - %s\n", line);
		}
	}
	fputc('\n', out);
}

static void emit_header(FILE *out, const struct style *st, const json_t *doc)
{
	const json_t *input = json_object_get(doc, "input");
	const char *command = json_string_value(json_object_get(doc, "command"));
	const char *version = json_string_value(json_object_get(doc, "version"));

	if (st->csv)
		return;
	if (st->markdown) {
		fputs("# surveykit ", out);
		text_markdown_write(out, command ? command : "");
		fputs("\n\n", out);
	} else {
		fprintf(out, "surveykit %s (version %s)\n", command ? command : "", version ? version : "?");
	}
	if (json_is_object(input)) {
		const char *file = json_string_value(json_object_get(input, "file"));
		json_t *rows = json_object_get(input, "rows"), *used = json_object_get(input, "used");
		fputs("Data: ", out);
		if (st->markdown)
			text_markdown_write(out, file ? file : "?");
		else
			fputs(file ? file : "?", out);
		fprintf(out, ": %lld rows read, %lld used\n\n", (long long)json_integer_value(rows),
			(long long)json_integer_value(used));
	} else {
		fputc('\n', out);
	}
}

/* The document formats, and text and Markdown in APA style: through the document model. */
static int render_document(const json_t *doc, const struct render_options *o, FILE *out)
{
	const char *command = json_string_value(json_object_get(doc, "command"));
	struct strbuf title = STRBUF_INIT;
	struct dm_doc d;
	int status = -1;

	if (!o->embedded)
		strbuf_addf(&title, "surveykit %s", command ? command : "");
	dm_init(&d, strbuf_ok(&title) ? strbuf_str(&title) : "", "en");
	render_docmodel(doc, o, &d, 1);
	if (dm_ok(&d) && strbuf_ok(&title)) {
		struct dm_latex_options lo = {.standalone = !o->embedded};
		struct dm_html_options ho = {0};
		status = o->format == FORMAT_HTML      ? dm_write_html(&d, &ho, out)
			 : o->format == FORMAT_LATEX    ? dm_write_latex(&d, &lo, out)
			 : o->format == FORMAT_MARKDOWN ? dm_write_markdown(&d, out)
							: dm_write_text(&d, out);
	}
	dm_release(&d);
	strbuf_release(&title);
	return status;
}

int render_doc(const json_t *doc, const struct render_options *o, FILE *out)
{
	struct style st = {.base = o->embedded ? 1 : 0, .markdown = o->format == FORMAT_MARKDOWN,
			   .csv = o->format == FORMAT_CSV,
			   .cells = {.digits = o->format == FORMAT_CSV ? -1 : o->digits}};

	if (o->format == FORMAT_DOCX)
		return -1;
	if (o->format == FORMAT_HTML || o->format == FORMAT_LATEX ||
	    (o->style == STYLE_APA && (o->format == FORMAT_TEXT || o->format == FORMAT_MARKDOWN)))
		return render_document(doc, o, out);
	if (o->format == FORMAT_JSON) {
		if (json_dumpf(doc, out, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) != 0)
			return -1;
		fputc('\n', out);
	} else {
		if (!o->embedded)
			emit_header(out, &st, doc);
		walk(out, &st, doc, st.base, "");
		emit_lines(out, &st, doc, "warnings", "Warnings");
		emit_lines(out, &st, doc, "notes", "Notes");
	}
	return ferror(out) ? -1 : 0;
}

int render_parse_format(const char *name, enum out_format *out)
{
	static const struct {
		const char *name;
		enum out_format format;
	} names[] = {{"text", FORMAT_TEXT}, {"json", FORMAT_JSON}, {"csv", FORMAT_CSV},
		     {"markdown", FORMAT_MARKDOWN}, {"md", FORMAT_MARKDOWN}, {"html", FORMAT_HTML},
		     {"latex", FORMAT_LATEX}, {"tex", FORMAT_LATEX}, {"docx", FORMAT_DOCX}};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i].name) == 0) {
			*out = names[i].format;
			return 0;
		}
	return -1;
}

int render_parse_style(const char *name, enum out_style *out)
{
	if (strcmp(name, "apa") == 0)
		*out = STYLE_APA;
	else if (strcmp(name, "plain") == 0)
		*out = STYLE_PLAIN;
	else
		return -1;
	return 0;
}
