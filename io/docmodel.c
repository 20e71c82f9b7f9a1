#include "io/docmodel.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/grow.h"
#include "io/strbuf.h"
#include "io/svg_embed.h"

static void fail(struct dm_doc *d)
{
	if (d)
		d->failed = 1;
}

static char *copy(struct dm_doc *d, const char *s)
{
	char *c = strdup(s ? s : "");

	if (!c)
		fail(d);
	return c;
}

static void inlines_release(struct dm_inlines *in)
{
	for (size_t i = 0; i < in->n; i++)
		free(in->runs[i].text);
	free(in->runs);
	in->runs = NULL;
	in->n = 0;
}

void dm_init(struct dm_doc *d, const char *title, const char *lang)
{
	memset(d, 0, sizeof *d);
	d->title = copy(d, title);
	d->lang = copy(d, lang ? lang : "en");
}

static void block_release(struct dm_block *b)
{
	switch (b->kind) {
	case DM_HEADING:
		inlines_release(&b->u.heading.text);
		break;
	case DM_PARAGRAPH:
		inlines_release(&b->u.paragraph);
		break;
	case DM_TABLE: {
		struct dm_table *t = &b->u.table;
		inlines_release(&t->title);
		for (size_t c = 0; c < t->n_cols; c++)
			inlines_release(&t->head[c]);
		for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
			inlines_release(&t->cells[i]);
		for (size_t s = 0; s < t->n_spanners; s++)
			inlines_release(&t->spanners[s].label);
		for (size_t k = 0; k < t->n_notes; k++)
			inlines_release(&t->notes[k].text);
		free(t->head);
		free(t->align);
		free(t->cells);
		free(t->spanners);
		free(t->notes);
		break;
	}
	case DM_FIGURE:
		inlines_release(&b->u.figure.title);
		inlines_release(&b->u.figure.note);
		free(b->u.figure.svg);
		free(b->u.figure.png);
		free(b->u.figure.pdf);
		free(b->u.figure.svg_file);
		break;
	case DM_LIST:
		for (size_t i = 0; i < b->u.list.n; i++)
			inlines_release(&b->u.list.items[i]);
		free(b->u.list.items);
		break;
	case DM_PAGE_BREAK:
		break;
	}
	free(b);
}

void dm_release(struct dm_doc *d)
{
	for (size_t i = 0; i < d->n; i++)
		block_release(d->blocks[i]);
	free(d->blocks);
	free(d->title);
	free(d->lang);
	memset(d, 0, sizeof *d);
}

int dm_ok(const struct dm_doc *d)
{
	return !d->failed;
}

/* A new block of `kind` appended, or NULL after a failure. */
static struct dm_block *new_block(struct dm_doc *d, enum dm_kind kind)
{
	struct dm_block *b, **blocks;

	if (!d || d->failed)
		return NULL;
	if (!(blocks = grow_for(d->blocks, d->n, sizeof *blocks)) || !(b = calloc(1, sizeof *b))) {
		if (blocks)
			d->blocks = blocks;
		fail(d);
		return NULL;
	}
	d->blocks = blocks;
	b->kind = kind;
	d->blocks[d->n++] = b;
	return b;
}

struct dm_inlines *dm_heading(struct dm_doc *d, int level, const char *text)
{
	struct dm_block *b = new_block(d, DM_HEADING);

	if (!b)
		return NULL;
	b->u.heading.level = level < 1 ? 1 : level > DM_HEADING_LEVELS ? DM_HEADING_LEVELS : level;
	snprintf(b->u.heading.id, sizeof b->u.heading.id, "sec-%u", ++d->headings);
	b->u.heading.text.doc = d;
	if (text)
		dm_text(&b->u.heading.text, text);
	return &b->u.heading.text;
}

struct dm_inlines *dm_paragraph(struct dm_doc *d)
{
	struct dm_block *b = new_block(d, DM_PARAGRAPH);

	if (!b)
		return NULL;
	b->u.paragraph.doc = d;
	return &b->u.paragraph;
}

void dm_page_break(struct dm_doc *d)
{
	new_block(d, DM_PAGE_BREAK);
}

void dm_add(struct dm_inlines *in, unsigned style, const char *text)
{
	struct dm_run *runs;
	char *c;

	if (!in || in->doc->failed || !text || !*text)
		return;
	if (!(runs = grow_for(in->runs, in->n, sizeof *runs)) || !(c = strdup(text))) {
		if (runs)
			in->runs = runs;
		fail(in->doc);
		return;
	}
	in->runs = runs;
	in->runs[in->n].text = c;
	in->runs[in->n].style = style;
	in->n++;
}

void dm_addf(struct dm_inlines *in, unsigned style, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;

	if (!in)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (!strbuf_ok(&b))
		fail(in->doc);
	dm_add(in, style, strbuf_str(&b));
	strbuf_release(&b);
}

void dm_text(struct dm_inlines *in, const char *text)
{
	dm_add(in, 0, text);
}

void dm_italic(struct dm_inlines *in, const char *text)
{
	dm_add(in, DM_ITALIC, text);
}

void dm_symbol(struct dm_inlines *in, const char *name)
{
	const struct apa_symbol *s = apa_symbol(name);

	if (!s) {
		dm_add(in, DM_ITALIC, name);
		return;
	}
	dm_add(in, s->italic ? DM_ITALIC : 0, s->base);
	if (s->sup)
		dm_add(in, DM_SUP, s->sup);
	if (s->sub)
		dm_add(in, DM_SUB, s->sub);
}

void dm_value(struct dm_inlines *in, enum apa_kind kind, double v)
{
	struct strbuf b = STRBUF_INIT;

	if (!in)
		return;
	apa_value(&b, kind, v);
	if (!strbuf_ok(&b))
		fail(in->doc);
	dm_add(in, 0, strbuf_str(&b));
	strbuf_release(&b);
}

void dm_stat(struct dm_inlines *in, const char *symbol, double v)
{
	const struct apa_symbol *s = apa_symbol(symbol);
	struct strbuf b = STRBUF_INIT;

	if (!in)
		return;
	dm_symbol(in, symbol);
	if (s && s->kind == APA_P) {
		strbuf_addc(&b, ' ');
		apa_p_relation(&b, v);
	} else {
		strbuf_adds(&b, " = ");
		apa_value(&b, s ? s->kind : APA_GENERAL, v);
	}
	if (!strbuf_ok(&b))
		fail(in->doc);
	dm_add(in, 0, strbuf_str(&b));
	strbuf_release(&b);
}

void dm_ci(struct dm_inlines *in, enum apa_kind kind, double lo, double hi)
{
	struct strbuf b = STRBUF_INIT;

	if (!in)
		return;
	apa_ci(&b, kind, lo, hi);
	if (!strbuf_ok(&b))
		fail(in->doc);
	dm_add(in, 0, strbuf_str(&b));
	strbuf_release(&b);
}

char *dm_plain(const struct dm_inlines *in)
{
	struct strbuf b = STRBUF_INIT;

	for (size_t i = 0; in && i < in->n; i++)
		strbuf_adds(&b, in->runs[i].text);
	return strbuf_take(&b);
}

struct dm_table *dm_table(struct dm_doc *d, size_t n_cols)
{
	struct dm_block *b;
	struct dm_table *t;

	if (n_cols == 0)
		n_cols = 1;
	if (!(b = new_block(d, DM_TABLE)))
		return NULL;
	t = &b->u.table;
	t->number = ++d->tables;
	snprintf(t->id, sizeof t->id, "table-%u", t->number);
	t->title.doc = d;
	t->head = calloc(n_cols, sizeof *t->head);
	t->align = calloc(n_cols, sizeof *t->align);
	if (!t->head || !t->align) {
		fail(d);
		return NULL;
	}
	t->n_cols = n_cols;
	for (size_t c = 0; c < n_cols; c++)
		t->head[c].doc = d;
	return t;
}

static int table_usable(struct dm_table *t)
{
	return t && !t->title.doc->failed;
}

struct dm_inlines *dm_table_title(struct dm_table *t)
{
	return table_usable(t) ? &t->title : NULL;
}

struct dm_inlines *dm_table_header(struct dm_table *t, size_t col, enum dm_align align)
{
	if (!table_usable(t) || col >= t->n_cols)
		return NULL;
	t->align[col] = align;
	return &t->head[col];
}

struct dm_inlines *dm_table_spanner(struct dm_table *t, size_t first, size_t n)
{
	struct dm_spanner *s;

	if (!table_usable(t) || first >= t->n_cols || n == 0)
		return NULL;
	if (!(s = grow_for(t->spanners, t->n_spanners, sizeof *s))) {
		fail(t->title.doc);
		return NULL;
	}
	t->spanners = s;
	s = &t->spanners[t->n_spanners++];
	memset(s, 0, sizeof *s);
	s->first = first;
	s->n = n > t->n_cols - first ? t->n_cols - first : n;
	s->label.doc = t->title.doc;
	return &s->label;
}

void dm_table_row(struct dm_table *t)
{
	struct dm_inlines *cells;

	if (!table_usable(t))
		return;
	if (t->n_rows == t->rows_cap) {
		size_t cap = t->rows_cap ? 2 * t->rows_cap : 8;
		if (cap > SIZE_MAX / t->n_cols / sizeof *cells ||
		    !(cells = realloc(t->cells, cap * t->n_cols * sizeof *cells))) {
			fail(t->title.doc);
			return;
		}
		t->cells = cells;
		t->rows_cap = cap;
	}
	for (size_t c = 0; c < t->n_cols; c++)
		t->cells[t->n_rows * t->n_cols + c] = (struct dm_inlines){NULL, 0, t->title.doc};
	t->n_rows++;
}

struct dm_inlines *dm_table_cell(struct dm_table *t, size_t col)
{
	if (!table_usable(t) || t->n_rows == 0 || col >= t->n_cols)
		return NULL;
	return &t->cells[(t->n_rows - 1) * t->n_cols + col];
}

void dm_table_text(struct dm_table *t, size_t col, const char *text)
{
	dm_text(dm_table_cell(t, col), text);
}

void dm_table_value(struct dm_table *t, size_t col, enum apa_kind kind, double v)
{
	dm_value(dm_table_cell(t, col), kind, v);
}

struct dm_inlines *dm_table_note(struct dm_table *t, enum dm_note_kind kind, char *mark)
{
	struct dm_note *n;
	char letter = 0;

	if (!table_usable(t))
		return NULL;
	if (kind == DM_NOTE_SPECIFIC) {
		size_t specific = 0;
		for (size_t k = 0; k < t->n_notes; k++)
			specific += t->notes[k].kind == DM_NOTE_SPECIFIC;
		/* 26 letters; more specific notes than that repeat 'z' (no table needs them) */
		letter = (char)('a' + (specific < 25 ? specific : 25));
	}
	if (!(n = grow_for(t->notes, t->n_notes, sizeof *n))) {
		fail(t->title.doc);
		return NULL;
	}
	t->notes = n;
	n = &t->notes[t->n_notes++];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->mark = letter;
	n->text.doc = t->title.doc;
	if (mark)
		*mark = letter;
	return &n->text;
}

void dm_table_stars(struct dm_table *t, const double *levels, size_t n)
{
	struct dm_inlines *in = dm_table_note(t, DM_NOTE_PROBABILITY, NULL);

	for (size_t i = 0; in && i < n; i++) {
		struct strbuf b = STRBUF_INIT;
		for (size_t k = 0; k <= i; k++)
			strbuf_addc(&b, '*');
		dm_text(in, i ? " " : "");
		dm_text(in, strbuf_str(&b));
		dm_italic(in, "p");
		strbuf_reset(&b);
		strbuf_adds(&b, " < ");
		apa_number(&b, levels[i], levels[i] < 0.01 ? 3 : 2, 0);
		strbuf_addc(&b, '.');
		if (!strbuf_ok(&b))
			fail(in->doc);
		dm_text(in, strbuf_str(&b));
		strbuf_release(&b);
	}
}

struct dm_figure *dm_figure(struct dm_doc *d)
{
	struct dm_block *b = new_block(d, DM_FIGURE);
	struct dm_figure *f;

	if (!b)
		return NULL;
	f = &b->u.figure;
	f->number = ++d->figures;
	snprintf(f->id, sizeof f->id, "figure-%u", f->number);
	f->title.doc = d;
	f->note.doc = d;
	return f;
}

struct dm_inlines *dm_figure_title(struct dm_figure *f)
{
	return f && !f->title.doc->failed ? &f->title : NULL;
}

struct dm_inlines *dm_figure_note(struct dm_figure *f)
{
	return f && !f->title.doc->failed ? &f->note : NULL;
}

int dm_figure_svg(struct dm_figure *f, const char *svg, size_t len)
{
	struct strbuf b = STRBUF_INIT;

	if (!f || f->title.doc->failed)
		return 0;
	if (svg_embed(&b, svg, len, f->id) != 0) {
		strbuf_release(&b);
		return -1;
	}
	if (!strbuf_ok(&b))
		fail(f->title.doc);
	free(f->svg);
	f->svg = strbuf_take(&b);
	return 0;
}

static void set_path(struct dm_doc *d, char **slot, const char *path)
{
	free(*slot);
	*slot = path ? copy(d, path) : NULL;
}

void dm_figure_files(struct dm_figure *f, const char *png, const char *pdf, const char *svg_file)
{
	if (!f || f->title.doc->failed)
		return;
	set_path(f->title.doc, &f->png, png);
	set_path(f->title.doc, &f->pdf, pdf);
	set_path(f->title.doc, &f->svg_file, svg_file);
}

struct dm_list *dm_list(struct dm_doc *d, int ordered)
{
	struct dm_block *b = new_block(d, DM_LIST);

	if (!b)
		return NULL;
	b->u.list.doc = d;
	b->u.list.ordered = ordered;
	return &b->u.list;
}

struct dm_inlines *dm_list_item(struct dm_list *l)
{
	struct dm_inlines *items;

	if (!l || l->doc->failed)
		return NULL;
	if (!(items = grow_for(l->items, l->n, sizeof *items))) {
		fail(l->doc);
		return NULL;
	}
	l->items = items;
	l->items[l->n] = (struct dm_inlines){NULL, 0, l->doc};
	return &l->items[l->n++];
}
