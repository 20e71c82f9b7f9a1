/* dm_write_markdown: io/docwrite.h. */
#include "io/docwrite.h"

#include <stdlib.h>
#include <string.h>

#include "io/strbuf.h"
#include "io/text.h"

/* One run: its leading and trailing spaces outside the emphasis markers (CommonMark does not
 * take "* x *" as emphasis), its text escaped by text_markdown. In a table cell a code run is
 * escaped text too: a '|' in a code span would still end the cell. The first run of a block
 * loses its leading spaces (four would make the block code). */
static void run(struct strbuf *b, const struct dm_run *r, int in_cell, int first)
{
	const char *s = r->text, *end = s + strlen(s);
	unsigned st = r->style;
	struct strbuf core = STRBUF_INIT;

	/* spaces that start a block would make it code */
	while (*s == ' ') {
		if (!first)
			strbuf_addc(b, ' ');
		s++;
	}
	while (end > s && end[-1] == ' ')
		end--;
	strbuf_add(&core, s, (size_t)(end - s));
	if (!strbuf_ok(&core))
		b->failed = 1;
	if (st & DM_SUP)
		strbuf_adds(b, "<sup>");
	if (st & DM_SUB)
		strbuf_adds(b, "<sub>");
	if ((st & DM_CODE) && !in_cell) {
		text_markdown_code(b, strbuf_str(&core));
	} else {
		const char *mark = (st & DM_BOLD) && (st & DM_ITALIC) ? "***" : st & DM_BOLD ? "**" : st & DM_ITALIC ? "*" : "";
		if (core.len) {
			strbuf_adds(b, mark);
			text_markdown(b, strbuf_str(&core));
			strbuf_adds(b, mark);
		}
	}
	if (st & DM_SUB)
		strbuf_adds(b, "</sub>");
	if (st & DM_SUP)
		strbuf_adds(b, "</sup>");
	strbuf_adds(b, end);
	strbuf_release(&core);
}

static void runs(struct strbuf *b, const struct dm_inlines *in, int in_cell)
{
	for (size_t i = 0; in && i < in->n; i++)
		run(b, &in->runs[i], in_cell, i == 0);
}

static void table(struct strbuf *b, const struct dm_table *t)
{
	strbuf_addf(b, "**Table %u**\n\n", t->number);
	if (t->title.n) {
		/* the title in italics: each run italic as well as its own style */
		for (size_t i = 0; i < t->title.n; i++) {
			struct dm_run r = t->title.runs[i];
			r.style |= DM_ITALIC;
			run(b, &r, 0, i == 0);
		}
		strbuf_adds(b, "\n\n");
	}
	strbuf_adds(b, "|");
	for (size_t c = 0; c < t->n_cols; c++) {
		strbuf_adds(b, " ");
		for (size_t s = 0; s < t->n_spanners; s++)
			if (c >= t->spanners[s].first && c < t->spanners[s].first + t->spanners[s].n) {
				runs(b, &t->spanners[s].label, 1);
				strbuf_adds(b, "<br>");
			}
		runs(b, &t->head[c], 1);
		strbuf_adds(b, " |");
	}
	strbuf_adds(b, "\n|");
	for (size_t c = 0; c < t->n_cols; c++)
		strbuf_adds(b, c > 0 && t->align[c] == DM_RIGHT ? "---:|" : c > 0 && t->align[c] == DM_CENTER ? ":---:|" : "---|");
	strbuf_adds(b, "\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		strbuf_adds(b, "|");
		for (size_t c = 0; c < t->n_cols; c++) {
			strbuf_adds(b, " ");
			runs(b, &t->cells[r * t->n_cols + c], 1);
			strbuf_adds(b, " |");
		}
		strbuf_adds(b, "\n");
	}
	strbuf_adds(b, "\n");
	for (int kind = DM_NOTE_GENERAL; kind <= DM_NOTE_PROBABILITY; kind++) {
		int open = 0;
		for (size_t k = 0; k < t->n_notes; k++) {
			const struct dm_note *n = &t->notes[k];
			if ((int)n->kind != kind)
				continue;
			if (open)
				strbuf_adds(b, kind == DM_NOTE_SPECIFIC ? " " : "\n\n");
			open = 1;
			if (kind == DM_NOTE_GENERAL)
				strbuf_adds(b, "*Note.* ");
			else if (kind == DM_NOTE_SPECIFIC)
				strbuf_addf(b, "<sup>%c</sup> ", n->mark);
			runs(b, &n->text, 0);
		}
		if (open)
			strbuf_adds(b, "\n\n");
	}
}

static void figure(struct strbuf *b, const struct dm_figure *f)
{
	const char *file = f->png ? f->png : f->svg_file;
	char *alt = dm_plain(&f->title);

	if (!alt)
		b->failed = 1;
	strbuf_addf(b, "**Figure %u**\n\n", f->number);
	if (f->title.n) {
		for (size_t i = 0; i < f->title.n; i++) {
			struct dm_run r = f->title.runs[i];
			r.style |= DM_ITALIC;
			run(b, &r, 0, i == 0);
		}
		strbuf_adds(b, "\n\n");
	}
	if (file) {
		strbuf_adds(b, "![");
		text_markdown(b, alt);
		strbuf_adds(b, "](");
		text_url_path(b, file);
		strbuf_adds(b, ")\n\n");
	} else {
		strbuf_adds(b, "*The figure was not drawn.*\n\n");
	}
	if (f->note.n) {
		strbuf_adds(b, "*Note.* ");
		runs(b, &f->note, 0);
		strbuf_adds(b, "\n\n");
	}
	free(alt);
}

int dm_write_markdown(const struct dm_doc *d, FILE *out)
{
	struct strbuf b = STRBUF_INIT;
	int status;

	strbuf_adds(&b, "# ");
	text_markdown(&b, d->title);
	strbuf_adds(&b, "\n\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct dm_block *blk = d->blocks[i];
		switch (blk->kind) {
		case DM_HEADING:
			for (int k = 0; k <= blk->u.heading.level; k++)
				strbuf_addc(&b, '#');
			strbuf_adds(&b, " ");
			runs(&b, &blk->u.heading.text, 0);
			strbuf_adds(&b, "\n\n");
			break;
		case DM_PARAGRAPH:
			runs(&b, &blk->u.paragraph, 0);
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
					strbuf_addf(&b, "%zu. ", k + 1);
				else
					strbuf_adds(&b, "- ");
				runs(&b, &blk->u.list.items[k], 0);
				strbuf_adds(&b, "\n");
			}
			strbuf_adds(&b, "\n");
			break;
		case DM_PAGE_BREAK:
			break;
		}
	}
	status = strbuf_ok(&b) && fwrite(strbuf_str(&b), 1, b.len, out) == b.len ? 0 : -1;
	strbuf_release(&b);
	return status;
}
