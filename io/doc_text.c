/* dm_write_text: io/docwrite.h. Plain text has no italics: a symbol keeps its letters, a
 * superscript 2 becomes "²" and a subscript follows its base ("df2", "η²p"; a word after a
 * space: "SE skew"); widths are counted in
 * characters (UTF-8 code points), so the columns of a table line up in a terminal. */
#include "io/docwrite.h"

#include <stdlib.h>
#include <string.h>

#include "io/strbuf.h"

#define RULE_MAX 78

static void runs(struct strbuf *b, const struct dm_inlines *in)
{
	for (size_t i = 0; in && i < in->n; i++) {
		const struct dm_run *r = &in->runs[i];
		if ((r->style & DM_SUP) && strcmp(r->text, "2") == 0)
			strbuf_adds(b, "\xC2\xB2");
		else if ((r->style & DM_SUB) && strlen(r->text) > 1)
			strbuf_addf(b, " %s", r->text); /* "SE skew", "p Holm"; "df1" stays */
		else
			strbuf_adds(b, r->text);
	}
}

/* Characters of a UTF-8 string (continuation bytes not counted). */
static size_t width(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static char *text_of(const struct dm_inlines *in)
{
	struct strbuf b = STRBUF_INIT;

	runs(&b, in);
	return strbuf_take(&b);
}

static void pad(struct strbuf *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addc(b, ' ');
}

static void rule(struct strbuf *b, char c, size_t n)
{
	for (size_t i = 0; i < n && i < RULE_MAX * 4; i++)
		strbuf_addc(b, c);
	strbuf_addc(b, '\n');
}

static void cell(struct strbuf *b, const char *s, size_t w, enum dm_align a)
{
	size_t len = width(s), room = w > len ? w - len : 0;

	strbuf_adds(b, "  ");
	if (a == DM_RIGHT)
		pad(b, room);
	else if (a == DM_CENTER)
		pad(b, room / 2);
	strbuf_adds(b, s);
	if (a == DM_LEFT)
		pad(b, room);
	else if (a == DM_CENTER)
		pad(b, room - room / 2);
}

static void table(struct strbuf *b, const struct dm_table *t)
{
	size_t nc = t->n_cols, total = 0, cells = nc * (t->n_rows + 1);
	char **text = calloc(cells ? cells : 1, sizeof *text);
	size_t *w = calloc(nc ? nc : 1, sizeof *w);

	if (!text || !w) {
		b->failed = 1;
		goto done;
	}
	for (size_t c = 0; c < nc; c++)
		text[c] = text_of(&t->head[c]);
	for (size_t i = 0; i < t->n_rows * nc; i++)
		text[nc + i] = text_of(&t->cells[i]);
	for (size_t i = 0; i < cells; i++)
		if (!text[i]) {
			b->failed = 1;
			goto done;
		}
	for (size_t i = 0; i < cells; i++)
		if (width(text[i]) > w[i % nc])
			w[i % nc] = width(text[i]);
	/* a spanner wider than its columns widens the last of them */
	for (size_t s = 0; s < t->n_spanners; s++) {
		const struct dm_spanner *sp = &t->spanners[s];
		char *label = text_of(&sp->label);
		size_t span = 0;
		if (!label) {
			b->failed = 1;
			goto done;
		}
		for (size_t c = sp->first; c < sp->first + sp->n; c++)
			span += w[c] + (c > sp->first ? 2 : 0);
		if (width(label) > span)
			w[sp->first + sp->n - 1] += width(label) - span;
		free(label);
	}
	for (size_t c = 0; c < nc; c++)
		total += w[c] + 2;
	strbuf_addf(b, "Table %u\n", t->number);
	runs(b, &t->title);
	strbuf_addc(b, '\n');
	rule(b, '-', total);
	if (t->n_spanners) {
		size_t col = 0;
		for (size_t s = 0; s < t->n_spanners; s++) {
			const struct dm_spanner *sp = &t->spanners[s];
			char *label = text_of(&sp->label);
			size_t span = 0;
			for (; col < sp->first; col++)
				pad(b, w[col] + 2);
			for (size_t c = sp->first; c < sp->first + sp->n; c++)
				span += w[c] + (c > sp->first ? 2 : 0);
			if (label)
				cell(b, label, span, DM_CENTER);
			free(label);
			col = sp->first + sp->n;
		}
		strbuf_addc(b, '\n');
	}
	for (size_t c = 0; c < nc; c++)
		cell(b, text[c], w[c], t->align[c]);
	strbuf_addc(b, '\n');
	rule(b, '-', total);
	for (size_t r = 0; r < t->n_rows; r++) {
		for (size_t c = 0; c < nc; c++)
			cell(b, text[nc + r * nc + c], w[c], t->align[c]);
		strbuf_addc(b, '\n');
	}
	rule(b, '-', total);
	for (int kind = DM_NOTE_GENERAL; kind <= DM_NOTE_PROBABILITY; kind++)
		for (size_t k = 0; k < t->n_notes; k++) {
			const struct dm_note *n = &t->notes[k];
			if ((int)n->kind != kind)
				continue;
			if (kind == DM_NOTE_GENERAL)
				strbuf_adds(b, "Note. ");
			else if (kind == DM_NOTE_SPECIFIC)
				strbuf_addf(b, "%c ", n->mark);
			runs(b, &n->text);
			strbuf_addc(b, '\n');
		}
	strbuf_addc(b, '\n');
done:
	for (size_t i = 0; text && i < cells; i++)
		free(text[i]);
	free(text);
	free(w);
}

static void figure(struct strbuf *b, const struct dm_figure *f)
{
	const char *file = f->png ? f->png : f->svg_file ? f->svg_file : f->pdf;

	strbuf_addf(b, "Figure %u\n", f->number);
	runs(b, &f->title);
	strbuf_addc(b, '\n');
	strbuf_adds(b, file ? file : "(the figure was not drawn)");
	strbuf_addc(b, '\n');
	if (f->note.n) {
		strbuf_adds(b, "Note. ");
		runs(b, &f->note);
		strbuf_addc(b, '\n');
	}
	strbuf_addc(b, '\n');
}

static void heading(struct strbuf *b, const struct dm_inlines *in, char underline)
{
	size_t start = b->len;

	runs(b, in);
	if (!strbuf_ok(b))
		return;
	size_t n = width(b->s + start);
	strbuf_addc(b, '\n');
	if (underline)
		rule(b, underline, n < RULE_MAX ? n : RULE_MAX);
	strbuf_addc(b, '\n');
}

int dm_write_text(const struct dm_doc *d, FILE *out)
{
	struct strbuf b = STRBUF_INIT;
	int status;

	if (d->title[0]) {
		size_t n = width(d->title);
		strbuf_adds(&b, d->title);
		strbuf_addc(&b, '\n');
		rule(&b, '=', n < RULE_MAX ? n : RULE_MAX);
		strbuf_addc(&b, '\n');
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct dm_block *blk = d->blocks[i];
		switch (blk->kind) {
		case DM_HEADING:
			heading(&b, &blk->u.heading.text, blk->u.heading.level <= 2 ? "=-"[blk->u.heading.level - 1] : 0);
			break;
		case DM_PARAGRAPH:
			runs(&b, &blk->u.paragraph);
			strbuf_adds(&b, "\n\n");
			break;
		case DM_TABLE:
			table(&b, &blk->u.table);
			break;
		case DM_FIGURE:
			figure(&b, &blk->u.figure);
			break;
		case DM_LIST:
			for (size_t k = 0; k < blk->u.list.n; k++) {
				if (blk->u.list.ordered)
					strbuf_addf(&b, "  %zu. ", k + 1);
				else
					strbuf_adds(&b, "  - ");
				runs(&b, &blk->u.list.items[k]);
				strbuf_addc(&b, '\n');
			}
			strbuf_addc(&b, '\n');
			break;
		case DM_PAGE_BREAK:
			break;
		}
	}
	status = strbuf_ok(&b) && fwrite(strbuf_str(&b), 1, b.len, out) == b.len ? 0 : -1;
	strbuf_release(&b);
	return status;
}
