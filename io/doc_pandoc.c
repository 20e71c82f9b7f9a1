/* dm_write_pandoc and dm_pandoc_api_parse: io/docwrite.h.
 *
 * The document as pandoc's JSON AST (pandoc-types 1.22 and 1.23: pandoc 2.11 to 3.x), built with
 * jansson, which escapes every string. The AST is the one pandoc's HTML reader makes of
 * dm_write_html's intermediate (o->pandoc), so that Word gets the same document by either route:
 *   - text is split into words (Str) and white space (Space; SoftBreak when it holds a line
 *     break) at spaces, tabs and line feeds only, as the reader does; control characters become
 *     spaces and bytes that are not UTF-8 U+FFFD (io/text.h's rule for HTML), and in running text
 *     U+0080..U+009F, which HTML does not allow there, become the Windows-1252 characters the
 *     reader makes of them; code keeps its spaces, a tab or a line feed in it is one space (the
 *     one difference: through HTML pandoc expanded a tab in code to its 4-column tab stops of the
 *     HTML's source line and dropped a line feed that ended it);
 *   - runs are put together as pandoc's Builder does: adjacent words join, adjacent spaces merge,
 *     a space next to a line break goes, adjacent runs of the same emphasis share one element;
 *     a space at either end of an emphasis (italic, bold, superscript, subscript) moves out of it;
 *     paragraphs, headings, cells and list items lose the spaces at their ends, and an empty
 *     paragraph is none;
 *   - the nesting of a run's styles is the HTML writer's: superscript, subscript, bold, italic,
 *     code, outermost first.
 * The blocks: headings with their ids; paragraphs; tables with their number and title as a caption
 * (the number bold, a line break, the title italic), the column widths of io/doc_pandoc.h, the
 * spanners above their columns' headings after a line break in the one heading row, a wide
 * table's cells in a Span of the reference document's small type, each note a Div of the custom
 * style "Table Note"; figures as a "Figure Title" Div, an Image of the PNG's path (percent-encoded,
 * which pandoc decodes to read the file; or, drawn later, the placeholder of io/doc_pandoc.h) and
 * a "Figure Note" Div; lists; the blocks on landscape pages between raw Open XML section breaks;
 * page-break hints are not passed on. */
#include "io/docwrite.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "io/doc_pandoc.h"
#include "io/strbuf.h"
#include "io/text.h"

struct jw {
	int failed;
};

/* Appends v (taken: released when it cannot be) to the array a. */
static void push(struct jw *w, json_t *a, json_t *v)
{
	if (json_array_append_new(a, v) != 0)
		w->failed = 1;
}

static json_t *string(struct jw *w, const char *s)
{
	json_t *v = json_string(s);

	if (!v)
		w->failed = 1;
	return v;
}

static json_t *array(struct jw *w)
{
	json_t *v = json_array();

	if (!v)
		w->failed = 1;
	return v;
}

/* An element of pandoc's AST, {"t": t} or {"t": t, "c": c} (c taken; NULL with has_c is a failure):
 * held as the array [true, t, c] until it is written (serialise), as a jansson object costs
 * several times as much to make and release (an array never starts with true in pandoc's AST). */
static json_t *element(struct jw *w, const char *t, int has_c, json_t *c)
{
	json_t *e = json_array();

	if (!e || json_array_append_new(e, json_true()) != 0 || json_array_append_new(e, json_string(t)) != 0) {
		json_decref(c);
		json_decref(e);
		w->failed = 1;
		return NULL;
	}
	if (has_c && json_array_append_new(e, c) != 0) { /* c is released by the call */
		json_decref(e);
		w->failed = 1;
		return NULL;
	}
	return e;
}

static int is_element(const json_t *x)
{
	return json_is_array(x) && json_is_true(json_array_get(x, 0));
}

/* An element's content. */
static json_t *content(const json_t *x)
{
	return json_array_get(x, 2);
}

/* An attribute: [id, [class], [[key, value]]], each part empty when NULL. */
static json_t *attr(struct jw *w, const char *id, const char *cls, const char *key, const char *value)
{
	json_t *a = array(w), *classes = array(w), *pairs = array(w);

	push(w, a, string(w, id ? id : ""));
	if (cls)
		push(w, classes, string(w, cls));
	if (key) {
		json_t *kv = array(w);
		push(w, kv, string(w, key));
		push(w, kv, string(w, value));
		push(w, pairs, kv);
	}
	push(w, a, classes);
	push(w, a, pairs);
	return a;
}

static const char *type_of(const json_t *x)
{
	return is_element(x) ? json_string_value(json_array_get(x, 1)) : NULL;
}

static int is(const json_t *x, const char *t)
{
	const char *s = x ? type_of(x) : NULL;

	return s && strcmp(s, t) == 0;
}

static int is_space(const json_t *x)
{
	return is(x, "Space") || is(x, "SoftBreak");
}

static int melds(const char *t)
{
	return strcmp(t, "Emph") == 0 || strcmp(t, "Strong") == 0 || strcmp(t, "Superscript") == 0 ||
	       strcmp(t, "Subscript") == 0;
}

/* Appends the inline x (taken) to the list as pandoc's Builder joins two pieces of text. */
static void add(struct jw *w, json_t *list, json_t *x)
{
	size_t n = json_array_size(list);
	json_t *last = n ? json_array_get(list, n - 1) : NULL;

	if (!x || !list) {
		w->failed = 1;
		json_decref(x);
		return;
	}
	if (last && is_space(last) && is_space(x)) {
		if (is(x, "SoftBreak") && json_array_set_new(last, 1, json_string("SoftBreak")) != 0)
			w->failed = 1;
		json_decref(x);
		return;
	}
	if (last && is_space(last) && is(x, "LineBreak")) {
		if (json_array_set_new(list, n - 1, x) != 0)
			w->failed = 1;
		return;
	}
	if (last && is(last, "LineBreak") && is_space(x)) {
		json_decref(x);
		return;
	}
	if (last && is(last, "Str") && is(x, "Str")) {
		struct strbuf b = STRBUF_INIT;
		strbuf_adds(&b, json_string_value(content(last)));
		strbuf_adds(&b, json_string_value(content(x)));
		if (!strbuf_ok(&b) || json_array_set_new(last, 2, json_string(strbuf_str(&b))) != 0)
			w->failed = 1;
		strbuf_release(&b);
		json_decref(x);
		return;
	}
	if (last && type_of(x) && is(last, type_of(x)) && melds(type_of(x))) {
		/* the contents are put one after the other, not joined (a list's append) */
		if (json_array_extend(content(last), content(x)) != 0)
			w->failed = 1;
		json_decref(x);
		return;
	}
	push(w, list, x);
}

/* Where a text goes: running text, code, or an image's description (an attribute for the HTML
 * reader). */
enum text_kind { TEXT_RUNNING, TEXT_CODE, TEXT_ALT };

/* U+0080..U+009F read as Windows-1252, as pandoc's HTML reader does ('?' where it has none). */
static const unsigned short windows_1252[32] = {
	0x20AC, '?',    0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
	0x2039, 0x0152, '?',    0x017D, '?',    '?',    0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
	0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, '?',    0x017E, 0x0178,
};

static void put_code_point(struct strbuf *b, unsigned cp)
{
	if (cp < 0x80) {
		strbuf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addc(b, (char)(0xC0 | (cp >> 6)));
		strbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addc(b, (char)(0xE0 | (cp >> 12)));
		strbuf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* s as the HTML reader reads it back from dm_write_html: valid UTF-8 with no control character
 * but tab and line feed (in code, not those either). */
static void clean(struct strbuf *b, const char *s, enum text_kind kind)
{
	size_t left = strlen(s);

	while (*s) {
		size_t len = text_utf8_length(s, left);
		unsigned char c = (unsigned char)*s;
		if (len == 0) {
			strbuf_adds(b, "\xEF\xBF\xBD");
			len = 1;
		} else if (c < 0x20 || c == 0x7F) {
			strbuf_addc(b, (c == '\t' || c == '\n') && kind != TEXT_CODE ? (char)c : ' ');
		} else if (len == 2 && c == 0xC2 && (unsigned char)s[1] < 0xA0 && kind == TEXT_RUNNING) {
			put_code_point(b, windows_1252[(unsigned char)s[1] - 0x80]);
		} else {
			strbuf_add(b, s, len);
		}
		s += len, left -= len;
	}
}

/* The text's words and spaces appended to the list. */
static void text(struct jw *w, json_t *list, const char *s, enum text_kind kind)
{
	struct strbuf b = STRBUF_INIT;
	const char *p;

	clean(&b, s ? s : "", kind);
	if (!strbuf_ok(&b)) {
		w->failed = 1;
		strbuf_release(&b);
		return;
	}
	p = strbuf_str(&b);
	while (*p) {
		size_t n = strspn(p, " \t\n");
		if (n) {
			add(w, list, element(w, memchr(p, '\n', n) ? "SoftBreak" : "Space", 0, NULL));
		} else {
			char *word;
			n = strcspn(p, " \t\n");
			word = strndup(p, n);
			if (!word)
				w->failed = 1;
			else
				add(w, list, element(w, "Str", 1, string(w, word)));
			free(word);
		}
		p += n;
	}
	strbuf_release(&b);
}

/* A copy of an inline without content (Space, SoftBreak). */
static json_t *same(struct jw *w, const json_t *x)
{
	return element(w, type_of(x), 0, NULL);
}

/* The inlines (taken) inside an element of type t, with a space at either end moved out of it
 * (the HTML reader's rule for emphasis), appended to the list. */
static void wrap(struct jw *w, json_t *list, const char *t, json_t *inner)
{
	size_t n = json_array_size(inner);
	json_t *left = n && is_space(json_array_get(inner, 0)) ? same(w, json_array_get(inner, 0)) : NULL;
	json_t *right = n && is_space(json_array_get(inner, n - 1)) ? same(w, json_array_get(inner, n - 1)) : NULL;

	while (json_array_size(inner) && is_space(json_array_get(inner, 0)))
		json_array_remove(inner, 0);
	while ((n = json_array_size(inner)) && is_space(json_array_get(inner, n - 1)))
		json_array_remove(inner, n - 1);
	if (left)
		add(w, list, left);
	add(w, list, element(w, t, 1, inner));
	if (right)
		add(w, list, right);
}

/* One run appended to the list, its styles nested as the HTML writer nests them. */
static void run(struct jw *w, json_t *list, const struct dm_run *r)
{
	static const struct {
		unsigned style;
		const char *t;
	} nest[] = {{DM_ITALIC, "Emph"}, {DM_BOLD, "Strong"}, {DM_SUB, "Subscript"}, {DM_SUP, "Superscript"}};
	json_t *in = array(w);

	if (r->style & DM_CODE) {
		struct strbuf b = STRBUF_INIT;
		json_t *code = array(w);
		clean(&b, r->text, TEXT_CODE);
		if (!strbuf_ok(&b))
			w->failed = 1;
		push(w, code, attr(w, NULL, NULL, NULL, NULL));
		push(w, code, string(w, strbuf_str(&b)));
		add(w, in, element(w, "Code", 1, code));
		strbuf_release(&b);
	} else {
		text(w, in, r->text, TEXT_RUNNING);
	}
	for (size_t k = 0; k < sizeof nest / sizeof nest[0]; k++)
		if (r->style & nest[k].style) {
			json_t *out = array(w);
			wrap(w, out, nest[k].t, in);
			in = out;
		}
	for (size_t i = 0; i < json_array_size(in); i++)
		add(w, list, json_incref(json_array_get(in, i)));
	json_decref(in);
}

static void runs(struct jw *w, json_t *list, const struct dm_inlines *in)
{
	for (size_t i = 0; in && i < in->n; i++)
		run(w, list, &in->runs[i]);
}

/* The list without the spaces at its ends. */
static json_t *trimmed(json_t *list)
{
	size_t n;

	while (json_array_size(list) && is_space(json_array_get(list, 0)))
		json_array_remove(list, 0);
	while ((n = json_array_size(list)) && is_space(json_array_get(list, n - 1)))
		json_array_remove(list, n - 1);
	return list;
}

/* A block of type t ("Para", "Plain") of the inlines (taken) appended to blocks, unless they are
 * empty. */
static void block_of(struct jw *w, json_t *blocks, const char *t, json_t *inlines)
{
	if (!inlines) {
		w->failed = 1;
		return;
	}
	if (json_array_size(trimmed(inlines)) == 0) {
		json_decref(inlines);
		return;
	}
	push(w, blocks, element(w, t, 1, inlines));
}

static json_t *div_of(struct jw *w, const char *cls, const char *style, json_t *blocks)
{
	json_t *c = array(w);

	push(w, c, attr(w, NULL, cls, style ? "custom-style" : NULL, style));
	push(w, c, blocks);
	return element(w, "Div", 1, c);
}

/* "Table 1" or "Figure 1" in bold, a line break and the title in italics. */
static json_t *numbered_title(struct jw *w, const char *what, unsigned number, const struct dm_inlines *title)
{
	json_t *list = array(w), *bold = array(w), *in = array(w);
	char num[64];

	snprintf(num, sizeof num, "%s %u", what, number);
	text(w, bold, num, TEXT_RUNNING);
	add(w, list, element(w, "Strong", 1, bold));
	add(w, list, element(w, "LineBreak", 0, NULL));
	runs(w, in, title);
	wrap(w, list, "Emph", in);
	return list;
}

/* A cell: [attr, alignment, row span, column span, blocks]; its text in the style's Span. */
static json_t *cell(struct jw *w, enum dm_align a, json_t *inlines, const char *style)
{
	json_t *c = array(w), *blocks = array(w);

	push(w, c, attr(w, NULL, NULL, NULL, NULL));
	push(w, c, element(w, a == DM_RIGHT ? "AlignRight" : a == DM_CENTER ? "AlignCenter" : "AlignDefault", 0, NULL));
	push(w, c, json_integer(1));
	push(w, c, json_integer(1));
	if (style) {
		json_t *span = array(w), *plain = array(w);
		push(w, span, attr(w, NULL, NULL, "custom-style", style));
		push(w, span, inlines);
		push(w, plain, element(w, "Span", 1, span));
		block_of(w, blocks, "Plain", plain);
	} else {
		block_of(w, blocks, "Plain", inlines);
	}
	push(w, c, blocks);
	return c;
}

/* A row: [attr, cells]. */
static json_t *row(struct jw *w, json_t *cells)
{
	json_t *r = array(w);

	push(w, r, attr(w, NULL, NULL, NULL, NULL));
	push(w, r, cells);
	return r;
}

static const struct dm_spanner *spanner_at(const struct dm_table *t, size_t c)
{
	for (size_t s = 0; s < t->n_spanners; s++)
		if (c >= t->spanners[s].first && c < t->spanners[s].first + t->spanners[s].n)
			return &t->spanners[s];
	return NULL;
}

static void notes(struct jw *w, json_t *blocks, const struct dm_table *t)
{
	/* APA's order: the general note, then the specific notes, then the probability note */
	for (int kind = DM_NOTE_GENERAL; kind <= DM_NOTE_PROBABILITY; kind++)
		for (size_t k = 0; k < t->n_notes; k++) {
			const struct dm_note *n = &t->notes[k];
			json_t *list = array(w), *para = array(w);
			if ((int)n->kind != kind) {
				json_decref(list);
				json_decref(para);
				continue;
			}
			if (kind == DM_NOTE_GENERAL || kind == DM_NOTE_SPECIFIC) {
				json_t *in = array(w);
				char mark[2] = {n->mark, '\0'};
				text(w, in, kind == DM_NOTE_GENERAL ? "Note." : mark, TEXT_RUNNING);
				wrap(w, list, kind == DM_NOTE_GENERAL ? "Emph" : "Superscript", in);
				text(w, list, " ", TEXT_RUNNING);
			}
			runs(w, list, &n->text);
			block_of(w, para, "Para", list);
			push(w, blocks, div_of(w, NULL, "Table Note", para));
		}
}

static void table(struct jw *w, json_t *blocks, const struct dm_table *t)
{
	const char *style = dm_docx_cell_style(t);
	json_t *c = array(w), *caption = array(w), *caption_blocks = array(w), *specs = array(w);
	json_t *head = array(w), *head_cells = array(w), *head_rows = array(w), *body = array(w), *rows = array(w);
	json_t *foot = array(w);
	double *percent = calloc(t->n_cols ? t->n_cols : 1, sizeof *percent);

	if (!percent || dm_docx_column_widths(t, percent) != 0)
		w->failed = 1;
	push(w, c, attr(w, t->id, NULL, NULL, NULL));
	push(w, caption, json_null());
	block_of(w, caption_blocks, "Plain", numbered_title(w, "Table", t->number, &t->title));
	push(w, caption, caption_blocks);
	push(w, c, caption);
	for (size_t k = 0; k < t->n_cols; k++) {
		/* the reader takes a column's alignment from its cells in the body */
		enum dm_align a = t->n_rows ? t->align[k] : DM_LEFT;
		json_t *spec = array(w);
		push(w, spec, element(w, a == DM_RIGHT ? "AlignRight" : a == DM_CENTER ? "AlignCenter" : "AlignDefault", 0, NULL));
		push(w, spec, element(w, "ColWidth", 1, json_real(percent ? percent[k] / 100.0 : 0)));
		push(w, specs, spec);
	}
	push(w, c, specs);
	/* Word's table style rules only its first row: each spanner goes above its columns' headings
	 * in the one heading row, after a line break */
	for (size_t k = 0; k < t->n_cols; k++) {
		const struct dm_spanner *s = spanner_at(t, k);
		json_t *in = array(w);
		if (s) {
			runs(w, in, &s->label);
			add(w, in, element(w, "LineBreak", 0, NULL));
		}
		runs(w, in, &t->head[k]);
		push(w, head_cells, cell(w, k == 0 && !s ? DM_LEFT : t->align[k], in, style));
	}
	push(w, head_rows, row(w, head_cells));
	push(w, head, attr(w, NULL, NULL, NULL, NULL));
	push(w, head, head_rows);
	push(w, c, head);
	for (size_t r = 0; r < t->n_rows; r++) {
		json_t *cells = array(w);
		for (size_t k = 0; k < t->n_cols; k++) {
			json_t *in = array(w);
			runs(w, in, &t->cells[r * t->n_cols + k]);
			push(w, cells, cell(w, t->align[k], in, style));
		}
		push(w, rows, row(w, cells));
	}
	{
		json_t *one = array(w);
		push(w, one, attr(w, NULL, NULL, NULL, NULL));
		push(w, one, json_integer(0));
		push(w, one, array(w));
		push(w, one, rows);
		push(w, body, one);
	}
	push(w, c, body);
	push(w, foot, attr(w, NULL, NULL, NULL, NULL));
	push(w, foot, array(w));
	push(w, c, foot);
	push(w, blocks, element(w, "Table", 1, c));
	free(percent);
	notes(w, blocks, t);
}

static void figure(struct jw *w, json_t *blocks, const struct dm_figure *f, int later)
{
	json_t *title = array(w), *image = array(w);

	block_of(w, title, "Para", numbered_title(w, "Figure", f->number, &f->title));
	push(w, blocks, div_of(w, NULL, "Figure Title", title));
	if (f->png) {
		json_t *c = array(w), *alt = array(w), *target = array(w);
		struct strbuf path = STRBUF_INIT;
		char *plain = dm_plain(&f->title);
		if (!plain)
			w->failed = 1;
		text(w, alt, plain, TEXT_ALT);
		free(plain);
		if (later)
			strbuf_adds(&path, DM_PANDOC_PLACEHOLDER);
		else
			text_url_path(&path, f->png);
		if (!strbuf_ok(&path))
			w->failed = 1;
		push(w, target, string(w, strbuf_str(&path)));
		push(w, target, string(w, ""));
		if (later) {
			/* the path as the HTML reader reads it from an attribute */
			strbuf_reset(&path);
			clean(&path, f->png, TEXT_ALT);
			push(w, c, attr(w, NULL, NULL, DM_PANDOC_PNG_ATTR, strbuf_ok(&path) ? strbuf_str(&path) : NULL));
		} else {
			push(w, c, attr(w, NULL, NULL, NULL, NULL));
		}
		strbuf_release(&path);
		push(w, c, alt);
		push(w, c, target);
		add(w, image, element(w, "Image", 1, c));
	} else {
		json_t *in = array(w);
		text(w, in, "The figure was not drawn.", TEXT_RUNNING);
		wrap(w, image, "Emph", in);
	}
	block_of(w, blocks, "Para", image);
	if (f->note.n) {
		json_t *list = array(w), *in = array(w), *para = array(w);
		text(w, in, "Note.", TEXT_RUNNING);
		wrap(w, list, "Emph", in);
		text(w, list, " ", TEXT_RUNNING);
		runs(w, list, &f->note);
		block_of(w, para, "Para", list);
		push(w, blocks, div_of(w, NULL, "Figure Note", para));
	}
}

static void list(struct jw *w, json_t *blocks, const struct dm_list *l)
{
	json_t *items = array(w), *c = l->ordered ? array(w) : items;

	for (size_t k = 0; k < l->n; k++) {
		json_t *item = array(w), *in = array(w);
		runs(w, in, &l->items[k]);
		block_of(w, item, "Plain", in);
		push(w, items, item);
	}
	if (l->ordered) {
		json_t *how = array(w);
		push(w, how, json_integer(1));
		push(w, how, element(w, "DefaultStyle", 0, NULL));
		push(w, how, element(w, "DefaultDelim", 0, NULL));
		push(w, c, how);
		push(w, c, items);
	}
	push(w, blocks, element(w, l->ordered ? "OrderedList" : "BulletList", 1, c));
}

static json_t *raw_openxml(struct jw *w, const char *xml)
{
	json_t *c = array(w);

	push(w, c, string(w, "openxml"));
	push(w, c, string(w, xml));
	return element(w, "RawBlock", 1, c);
}

static json_t *meta_inlines(struct jw *w, const char *s, enum text_kind kind)
{
	json_t *in = array(w);

	text(w, in, s, kind);
	return element(w, "MetaInlines", 1, trimmed(in));
}

/* The tree as compact JSON (jansson's own writer takes about five times as long, through small
 * writes of each token): strings with '"', '\\' and the control characters escaped (they are
 * valid UTF-8, as jansson holds them), integers, and reals with the 17 digits that give the same
 * double back. */
static void serialise(struct strbuf *b, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		const char *key;
		json_t *value;
		int first = 1;
		strbuf_addc(b, '{');
		json_object_foreach((json_t *)v, key, value) {
			if (!first)
				strbuf_addc(b, ',');
			first = 0;
			strbuf_addc(b, '"'); /* the writer's own keys: "t", "c", "meta", ... */
			strbuf_adds(b, key);
			strbuf_adds(b, "\":");
			serialise(b, value);
		}
		strbuf_addc(b, '}');
		break;
	}
	case JSON_ARRAY:
		if (is_element(v)) {
			strbuf_adds(b, "{\"t\":");
			serialise(b, json_array_get(v, 1));
			if (json_array_size(v) > 2) {
				strbuf_adds(b, ",\"c\":");
				serialise(b, content(v));
			}
			strbuf_addc(b, '}');
			break;
		}
		strbuf_addc(b, '[');
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (i)
				strbuf_addc(b, ',');
			serialise(b, json_array_get(v, i));
		}
		strbuf_addc(b, ']');
		break;
	case JSON_STRING: {
		const char *s = json_string_value(v);
		size_t n = json_string_length(v);
		strbuf_addc(b, '"');
		for (size_t i = 0; i < n;) {
			size_t plain = i;
			while (plain < n && (unsigned char)s[plain] >= 0x20 && s[plain] != '"' && s[plain] != '\\')
				plain++;
			strbuf_add(b, s + i, plain - i);
			if (plain < n && (s[plain] == '"' || s[plain] == '\\'))
				strbuf_adds(b, s[plain] == '"' ? "\\\"" : "\\\\");
			else if (plain < n)
				strbuf_addf(b, "\\u%04x", (unsigned)(unsigned char)s[plain]);
			i = plain + 1;
		}
		strbuf_addc(b, '"');
		break;
	}
	case JSON_INTEGER:
		strbuf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		strbuf_addf(b, "%.17g", json_real_value(v));
		break;
	case JSON_TRUE:
	case JSON_FALSE:
	case JSON_NULL:
		strbuf_adds(b, json_is_true(v) ? "true" : json_is_false(v) ? "false" : "null");
		break;
	}
}

int dm_write_pandoc(const struct dm_doc *d, const struct dm_pandoc_options *o, FILE *out)
{
	int api_minor = o->api_minor;
	struct jw w = {0};
	json_t *root = json_object(), *version = array(&w), *meta = json_object(), *blocks = array(&w);
	unsigned char *landscape = dm_docx_landscape(d);
	int open = 0, status;

	if (!root || !meta || !landscape || (api_minor != 22 && api_minor != 23))
		w.failed = 1;
	push(&w, version, json_integer(1));
	push(&w, version, json_integer(api_minor));
	if (meta && (json_object_set_new_nocheck(meta, "lang", meta_inlines(&w, d->lang, TEXT_ALT)) != 0 ||
		     json_object_set_new_nocheck(meta, "title", meta_inlines(&w, d->title, TEXT_RUNNING)) != 0))
		w.failed = 1;
	for (size_t i = 0; landscape && i < d->n; i++) {
		const struct dm_block *blk = d->blocks[i];
		if (landscape[i] != open) {
			push(&w, blocks, raw_openxml(&w, open ? DM_DOCX_SECTION_END(DM_DOCX_SIZE_LANDSCAPE)
							  : DM_DOCX_SECTION_END(DM_DOCX_SIZE_PORTRAIT)));
			open = landscape[i];
		}
		switch (blk->kind) {
		case DM_HEADING: {
			json_t *c = array(&w), *in = array(&w);
			runs(&w, in, &blk->u.heading.text);
			push(&w, c, json_integer(blk->u.heading.level));
			push(&w, c, attr(&w, blk->u.heading.id, NULL, NULL, NULL));
			push(&w, c, in ? trimmed(in) : NULL);
			push(&w, blocks, element(&w, "Header", 1, c));
			break;
		}
		case DM_PARAGRAPH: {
			json_t *in = array(&w);
			runs(&w, in, &blk->u.paragraph);
			block_of(&w, blocks, "Para", in);
			break;
		}
		case DM_TABLE:
			table(&w, blocks, &blk->u.table);
			break;
		case DM_FIGURE:
			figure(&w, blocks, &blk->u.figure, o->figures_later);
			break;
		case DM_LIST:
			list(&w, blocks, &blk->u.list);
			break;
		case DM_PAGE_BREAK:
			break;
		}
	}
	if (open)
		push(&w, blocks, raw_openxml(&w, DM_DOCX_SECTION_END(DM_DOCX_SIZE_LANDSCAPE)));
	if (root && (json_object_set_new_nocheck(root, "pandoc-api-version", version) != 0 ||
		     json_object_set_new_nocheck(root, "meta", meta) != 0 ||
		     json_object_set_new_nocheck(root, "blocks", blocks) != 0))
		w.failed = 1;
	if (!root) {
		json_decref(version);
		json_decref(meta);
		json_decref(blocks);
	}
	if (!w.failed) {
		struct strbuf b = STRBUF_INIT;
		serialise(&b, root);
		strbuf_addc(&b, '\n');
		w.failed = !strbuf_ok(&b) || fwrite(strbuf_str(&b), 1, b.len, out) != b.len;
		strbuf_release(&b);
	}
	status = w.failed ? -1 : 0;
	json_decref(root);
	free(landscape);
	return status;
}

int dm_pandoc_api_parse(const char *bytes, size_t len)
{
	json_t *doc, *version;
	int minor = 0;

	if (!bytes || len > DM_PANDOC_PROBE_MAX)
		return 0;
	doc = json_loadb(bytes, len, JSON_REJECT_DUPLICATES, NULL);
	version = json_object_get(doc, "pandoc-api-version");
	if (json_array_size(version) >= 2 && json_integer_value(json_array_get(version, 0)) == 1 &&
	    json_is_integer(json_array_get(version, 0)) && json_is_integer(json_array_get(version, 1))) {
		json_int_t m = json_integer_value(json_array_get(version, 1));
		minor = m == 22 || m == 23 ? (int)m : 0;
	}
	json_decref(doc);
	return minor;
}
