/* dm_write_html: io/docwrite.h. */
#include "io/docwrite.h"

#include <stdlib.h>
#include <string.h>

#include "io/doc_pandoc.h"
#include "io/strbuf.h"
#include "io/text.h"

/* The page's style sheet. Serif type as APA papers; a column of readable width; tables scroll in
 * their own box; SVG figures scale to the width; rules as APA tables have them; print: no split
 * tables or figures, headings kept with what follows, the contents on a page of their own. */
static const char css[] =
	":root{color-scheme:light}\n"
	"body{margin:0 auto;padding:1rem 1.25rem 3rem;max-width:62rem;color:#111;background:#fff;"
	"font:1.05rem/1.5 \"Times New Roman\",Times,\"Liberation Serif\",\"DejaVu Serif\",serif}\n"
	"h1,h2,h3,h4,h5{line-height:1.25;margin:1.6em 0 .5em;break-after:avoid;page-break-after:avoid}\n"
	"h1{font-size:1.7rem;text-align:center}h2{font-size:1.35rem}h3{font-size:1.15rem}h4,h5{font-size:1.05rem}\n"
	"nav{border:1px solid #ccc;padding:.5rem 1rem;margin:1rem 0}nav h2{margin:.3rem 0;font-size:1.1rem}\n"
	"nav ol{margin:.2rem 0;padding-left:1.4rem}a{color:#1a4f8b}\n"
	"p,li{overflow-wrap:anywhere}\n"
	"code{font-family:\"DejaVu Sans Mono\",monospace;font-size:.9em}\n"
	"figure{margin:1.8rem 0;break-inside:avoid;page-break-inside:avoid}\n"
	"figcaption{margin:0 0 .6rem}.number{display:block;font-weight:bold}.title{display:block;font-style:italic}\n"
	".scroll{overflow-x:auto;max-width:100%}\n"
	"table{border-collapse:collapse;border-top:2px solid #111;border-bottom:2px solid #111;"
	"font-variant-numeric:tabular-nums;line-height:1.35}\n"
	"thead{border-bottom:1px solid #111}th.spanner{border-bottom:1px solid #111}\n"
	"th,td{padding:.3rem .65rem;vertical-align:top;text-align:left}th{font-weight:normal;text-align:center}\n"
	"th.r,td.r{text-align:right}th.c,td.c{text-align:center}th.l{text-align:left}\n"
	".note{margin:.5rem 0 0;font-size:.95em}\n"
	".chart svg{display:block;width:100%;max-width:100%;height:auto}\n"
	".missing{font-style:italic;color:#555}\n"
	"@page{margin:2.5cm}\n"
	"@media print{body{max-width:none;padding:0;font-size:11pt}nav{break-after:page;border:0}"
	".scroll{overflow:visible}a{color:inherit;text-decoration:none}.pagebreak{break-before:page}}\n";

struct writer {
	struct strbuf *b;
	int pandoc, figures_later;
	const char *cell_style; /* for pandoc: the reference document's character style of the cells
				 * of the table being written (a wide table's smaller text), or NULL */
};

static void runs(struct strbuf *b, const struct dm_inlines *in)
{
	for (size_t i = 0; in && i < in->n; i++) {
		unsigned st = in->runs[i].style;
		if (st & DM_SUP)
			strbuf_adds(b, "<sup>");
		if (st & DM_SUB)
			strbuf_adds(b, "<sub>");
		if (st & DM_BOLD)
			strbuf_adds(b, "<strong>");
		if (st & DM_ITALIC)
			strbuf_adds(b, "<em>");
		if (st & DM_CODE)
			strbuf_adds(b, "<code>");
		text_html(b, in->runs[i].text);
		if (st & DM_CODE)
			strbuf_adds(b, "</code>");
		if (st & DM_ITALIC)
			strbuf_adds(b, "</em>");
		if (st & DM_BOLD)
			strbuf_adds(b, "</strong>");
		if (st & DM_SUB)
			strbuf_adds(b, "</sub>");
		if (st & DM_SUP)
			strbuf_adds(b, "</sup>");
	}
}

static const char *align_class(enum dm_align a)
{
	return a == DM_RIGHT ? " class=\"r\"" : a == DM_CENTER ? " class=\"c\"" : "";
}

/* pandoc reads a cell's alignment from its align attribute (as from a style, which is longer: the
 * thousands of cells of a report make pandoc's reading measurably slower) */
static const char *align_attr(enum dm_align a)
{
	return a == DM_RIGHT ? " align=\"right\"" : a == DM_CENTER ? " align=\"center\"" : "";
}

static void cell_open(struct writer *w, const char *tag, const char *attr)
{
	strbuf_addf(w->b, "<%s%s>", tag, attr);
	if (w->cell_style)
		strbuf_addf(w->b, "<span data-custom-style=\"%s\">", w->cell_style);
}

static void cell_close(struct writer *w, const char *tag)
{
	strbuf_addf(w->b, "%s</%s>", w->cell_style ? "</span>" : "", tag);
}

static void cell(struct writer *w, const char *tag, enum dm_align a, const struct dm_inlines *in)
{
	cell_open(w, tag, w->pandoc ? align_attr(a) : a == DM_LEFT && tag[1] == 'h' ? " class=\"l\"" : align_class(a));
	runs(w->b, in);
	cell_close(w, tag);
}

/* The spanner over column c, or NULL. */
static const struct dm_spanner *spanner_at(const struct dm_table *t, size_t c)
{
	for (size_t s = 0; s < t->n_spanners; s++)
		if (c >= t->spanners[s].first && c < t->spanners[s].first + t->spanners[s].n)
			return &t->spanners[s];
	return NULL;
}

static void notes(struct writer *w, const struct dm_table *t)
{
	/* APA's order: the general note, then the specific notes together, then the probability note */
	for (int kind = DM_NOTE_GENERAL; kind <= DM_NOTE_PROBABILITY; kind++) {
		int open = 0;
		for (size_t k = 0; k < t->n_notes; k++) {
			const struct dm_note *n = &t->notes[k];
			if ((int)n->kind != kind)
				continue;
			if (!open || kind != DM_NOTE_SPECIFIC) {
				if (open)
					strbuf_adds(w->b, "</p>\n");
				strbuf_adds(w->b, w->pandoc ? "<div data-custom-style=\"Table Note\"><p>" : "<p class=\"note\">");
				open = 1;
			} else {
				strbuf_adds(w->b, " ");
			}
			if (kind == DM_NOTE_GENERAL)
				strbuf_adds(w->b, "<em>Note.</em> ");
			else if (kind == DM_NOTE_SPECIFIC)
				strbuf_addf(w->b, "<sup>%c</sup> ", n->mark);
			runs(w->b, &n->text);
			if (w->pandoc) {
				strbuf_adds(w->b, "</p></div>\n");
				open = 0;
			}
		}
		if (open)
			strbuf_adds(w->b, "</p>\n");
	}
}

/* For pandoc: each column's share of the page width (io/doc_pandoc.h). */
static void column_widths(struct writer *w, const struct dm_table *t)
{
	double *percent = calloc(t->n_cols ? t->n_cols : 1, sizeof *percent);

	if (!percent || dm_docx_column_widths(t, percent) != 0) {
		free(percent);
		w->b->failed = 1;
		return;
	}
	strbuf_adds(w->b, "<colgroup>");
	for (size_t c = 0; c < t->n_cols; c++)
		strbuf_addf(w->b, "<col style=\"width: %.1f%%\">", percent[c]);
	strbuf_adds(w->b, "</colgroup>\n");
	free(percent);
}

static void table(struct writer *w, const struct dm_table *t)
{
	struct strbuf *b = w->b;

	w->cell_style = w->pandoc ? dm_docx_cell_style(t) : NULL;
	if (w->pandoc) {
		strbuf_addf(b, "<table id=\"%s\">\n<caption><strong>Table %u</strong><br><em>", t->id, t->number);
		runs(b, &t->title);
		strbuf_adds(b, "</em></caption>\n");
		column_widths(w, t);
	} else {
		strbuf_addf(b, "<figure class=\"table\" id=\"%s\">\n<figcaption><span class=\"number\">Table %u</span>"
			       "<span class=\"title\">", t->id, t->number);
		runs(b, &t->title);
		strbuf_addf(b, "</span></figcaption>\n<div class=\"scroll\" role=\"region\" tabindex=\"0\" "
			       "aria-label=\"Table %u\">\n<table>\n", t->number);
	}
	strbuf_adds(b, "<thead>\n");
	/* Word's table style rules only its first row: for pandoc each spanner goes above its columns'
	 * headings in the one heading row, after a line break */
	if (t->n_spanners && !w->pandoc) {
		/* the spanners' row: a spanner over its columns, an empty cell elsewhere */
		strbuf_adds(b, "<tr>");
		for (size_t c = 0; c < t->n_cols;) {
			const struct dm_spanner *s = spanner_at(t, c);
			if (s && s->first == c) {
				strbuf_addf(b, "<th colspan=\"%zu\" class=\"spanner\">", s->n);
				runs(b, &s->label);
				strbuf_adds(b, "</th>");
				c += s->n;
			} else {
				strbuf_adds(b, "<th></th>");
				c++;
			}
		}
		strbuf_adds(b, "</tr>\n");
	}
	strbuf_adds(b, "<tr>");
	for (size_t c = 0; c < t->n_cols; c++) {
		const struct dm_spanner *s = w->pandoc ? spanner_at(t, c) : NULL;
		if (!s) {
			cell(w, "th", c == 0 ? DM_LEFT : t->align[c], &t->head[c]);
			continue;
		}
		cell_open(w, "th", align_attr(t->align[c]));
		runs(b, &s->label);
		strbuf_adds(b, "<br>");
		runs(b, &t->head[c]);
		cell_close(w, "th");
	}
	strbuf_adds(b, "</tr>\n</thead>\n<tbody>\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		strbuf_adds(b, "<tr>");
		for (size_t c = 0; c < t->n_cols; c++)
			cell(w, "td", t->align[c], &t->cells[r * t->n_cols + c]);
		strbuf_adds(b, "</tr>\n");
	}
	strbuf_adds(b, "</tbody>\n</table>\n");
	w->cell_style = NULL;
	if (!w->pandoc)
		strbuf_adds(b, "</div>\n");
	notes(w, t);
	if (!w->pandoc)
		strbuf_adds(b, "</figure>\n");
}

static void figure(struct writer *w, const struct dm_figure *f)
{
	struct strbuf *b = w->b;
	char *alt = dm_plain(&f->title);

	if (!alt)
		b->failed = 1;
	if (w->pandoc) {
		strbuf_addf(b, "<div data-custom-style=\"Figure Title\"><p><strong>Figure %u</strong><br><em>", f->number);
		runs(b, &f->title);
		strbuf_adds(b, "</em></p></div>\n");
		if (f->png && w->figures_later) {
			/* a one-pixel GIF; dm_write_docx's filter reads the file named after it */
			strbuf_adds(b, "<p><img src=\"" DM_PANDOC_PLACEHOLDER "\" data-" DM_PANDOC_PNG_ATTR "=\"");
			text_html(b, f->png);
			strbuf_adds(b, "\" alt=\"");
			text_html(b, alt);
			strbuf_adds(b, "\"></p>\n");
		} else if (f->png) {
			strbuf_adds(b, "<p><img src=\"");
			text_url_path(b, f->png);
			strbuf_adds(b, "\" alt=\"");
			text_html(b, alt);
			strbuf_adds(b, "\"></p>\n");
		} else {
			strbuf_adds(b, "<p><em>The figure was not drawn.</em></p>\n");
		}
		if (f->note.n) {
			strbuf_adds(b, "<div data-custom-style=\"Figure Note\"><p><em>Note.</em> ");
			runs(b, &f->note);
			strbuf_adds(b, "</p></div>\n");
		}
	} else {
		strbuf_addf(b, "<figure id=\"%s\">\n<figcaption><span class=\"number\">Figure %u</span><span class=\"title\">",
			    f->id, f->number);
		runs(b, &f->title);
		strbuf_adds(b, "</span></figcaption>\n");
		if (f->svg) {
			strbuf_addf(b, "<div class=\"chart\" role=\"img\" aria-label=\"Figure %u: ", f->number);
			text_html(b, alt);
			strbuf_adds(b, "\">\n");
			strbuf_adds(b, f->svg);
			strbuf_adds(b, "\n</div>\n");
		} else {
			strbuf_adds(b, "<p class=\"missing\">The figure was not drawn.</p>\n");
		}
		if (f->note.n) {
			strbuf_adds(b, "<p class=\"note\"><em>Note.</em> ");
			runs(b, &f->note);
			strbuf_adds(b, "</p>\n");
		}
		strbuf_adds(b, "</figure>\n");
	}
	free(alt);
}

/* The table of contents: nested lists following the heading levels (a level that skips one is
 * taken as the next level down). */
static void contents(struct writer *w, const struct dm_doc *d, int max_level)
{
	struct strbuf *b = w->b;
	int depth = 0;

	strbuf_adds(b, "<nav aria-labelledby=\"contents\">\n<h2 id=\"contents\">Contents</h2>\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct dm_block *blk = d->blocks[i];
		int level;
		if (blk->kind != DM_HEADING || (max_level > 0 && blk->u.heading.level > max_level))
			continue;
		level = blk->u.heading.level > depth + 1 ? depth + 1 : blk->u.heading.level;
		if (level > depth) {
			strbuf_adds(b, "<ol>");
			depth = level;
		} else {
			for (; depth > level; depth--)
				strbuf_adds(b, "</li></ol>");
			strbuf_adds(b, "</li>\n");
		}
		strbuf_addf(b, "<li><a href=\"#%s\">", blk->u.heading.id);
		runs(b, &blk->u.heading.text);
		strbuf_adds(b, "</a>");
	}
	for (; depth > 0; depth--)
		strbuf_adds(b, "</li></ol>");
	strbuf_adds(b, "\n</nav>\n");
}

int dm_write_html(const struct dm_doc *d, const struct dm_html_options *o, FILE *out)
{
	struct strbuf b = STRBUF_INIT;
	struct writer w = {.b = &b, .pandoc = o && o->pandoc, .figures_later = o && o->pandoc && o->figures_later};
	unsigned char *landscape = w.pandoc ? dm_docx_landscape(d) : NULL;
	int status, headings = 0, open = 0;

	strbuf_adds(&b, "<!DOCTYPE html>\n<html lang=\"");
	text_html(&b, d->lang);
	strbuf_adds(&b, "\">\n<head>\n<meta charset=\"utf-8\">\n");
	/* the page asks for nothing and runs nothing, even if a text slipped through unescaped */
	if (!w.pandoc)
		strbuf_adds(&b, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
				"<meta http-equiv=\"Content-Security-Policy\" content=\"" DM_HTML_POLICY "\">\n");
	strbuf_adds(&b, "<title>");
	text_html(&b, d->title);
	strbuf_adds(&b, "</title>\n");
	if (!w.pandoc) {
		strbuf_adds(&b, "<style>\n");
		strbuf_adds(&b, css);
		strbuf_adds(&b, "</style>\n");
	}
	strbuf_adds(&b, "</head>\n<body>\n");
	if (!w.pandoc) {
		strbuf_adds(&b, "<header><h1>");
		text_html(&b, d->title);
		strbuf_adds(&b, "</h1></header>\n");
		for (size_t i = 0; i < d->n; i++)
			headings += d->blocks[i]->kind == DM_HEADING;
		if (headings)
			contents(&w, d, o ? o->toc_levels : 0);
		strbuf_adds(&b, "<main>\n");
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct dm_block *blk = d->blocks[i];
		if (landscape && landscape[i] != open) {
			/* dm_write_docx's filter puts the blocks of this <div> on landscape pages */
			strbuf_adds(&b, open ? "</div>\n" : "<div class=\"" DM_DOCX_LANDSCAPE_CLASS "\">\n");
			open = landscape[i];
		}
		switch (blk->kind) {
		case DM_HEADING: {
			/* the page's title is its h1; pandoc takes the title from <title> */
			int h = blk->u.heading.level + (w.pandoc ? 0 : 1);
			strbuf_addf(&b, "<h%d id=\"%s\">", h, blk->u.heading.id);
			runs(&b, &blk->u.heading.text);
			strbuf_addf(&b, "</h%d>\n", h);
			break;
		}
		case DM_PARAGRAPH:
			strbuf_adds(&b, "<p>");
			runs(&b, &blk->u.paragraph);
			strbuf_adds(&b, "</p>\n");
			break;
		case DM_TABLE:
			table(&w, &blk->u.table);
			break;
		case DM_FIGURE:
			figure(&w, &blk->u.figure);
			break;
		case DM_LIST:
			strbuf_adds(&b, blk->u.list.ordered ? "<ol>\n" : "<ul>\n");
			for (size_t k = 0; k < blk->u.list.n; k++) {
				strbuf_adds(&b, "<li>");
				runs(&b, &blk->u.list.items[k]);
				strbuf_adds(&b, "</li>\n");
			}
			strbuf_adds(&b, blk->u.list.ordered ? "</ol>\n" : "</ul>\n");
			break;
		case DM_PAGE_BREAK:
			if (!w.pandoc)
				strbuf_adds(&b, "<div class=\"pagebreak\"></div>\n");
			break;
		}
	}
	if (open)
		strbuf_adds(&b, "</div>\n");
	if (!w.pandoc)
		strbuf_adds(&b, "</main>\n");
	strbuf_adds(&b, "</body>\n</html>\n");
	status = strbuf_ok(&b) && (!w.pandoc || landscape) && fwrite(strbuf_str(&b), 1, b.len, out) == b.len ? 0 : -1;
	free(landscape);
	strbuf_release(&b);
	return status;
}
