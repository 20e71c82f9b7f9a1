/* dm_write_latex: io/docwrite.h. */
#include "io/docwrite.h"

#include <string.h>

#include "io/strbuf.h"
#include "io/text.h"

static void runs(struct strbuf *b, const struct dm_inlines *in)
{
	for (size_t i = 0; in && i < in->n; i++) {
		unsigned st = in->runs[i].style;
		int braces = 0;
		if (st & DM_SUP)
			strbuf_adds(b, "\\textsuperscript{"), braces++;
		if (st & DM_SUB)
			strbuf_adds(b, "\\textsubscript{"), braces++;
		if (st & DM_BOLD)
			strbuf_adds(b, "\\textbf{"), braces++;
		if (st & DM_ITALIC)
			strbuf_adds(b, "\\textit{"), braces++;
		if (st & DM_CODE)
			strbuf_adds(b, "\\texttt{"), braces++;
		text_latex(b, in->runs[i].text);
		while (braces-- > 0)
			strbuf_addc(b, '}');
	}
}

/* A path LaTeX can take as written: \includegraphics has no quoting for the others. */
static int plain_path(const char *p)
{
	if (!p || !*p)
		return 0;
	for (; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("-_./", *p)))
			return 0;
	return 1;
}

static char column(enum dm_align a)
{
	return a == DM_RIGHT ? 'r' : a == DM_CENTER ? 'c' : 'l';
}

static void table(struct strbuf *b, const struct dm_table *t)
{
	strbuf_addf(b, "\\begin{table}[htbp]\n\\noindent\\textbf{Table %u}\\par\\smallskip\n\\noindent\\textit{",
		    t->number);
	runs(b, &t->title);
	strbuf_adds(b, "}\\par\\medskip\n\\noindent\\begin{tabular}{@{}");
	for (size_t c = 0; c < t->n_cols; c++)
		strbuf_addc(b, c == 0 ? 'l' : column(t->align[c]));
	strbuf_adds(b, "@{}}\n\\toprule\n");
	/* each row starts with {} so that a cell beginning with * or [ is not read as an argument of
	 * the \\ before it */
	if (t->n_spanners) {
		strbuf_adds(b, "{}");
		for (size_t c = 0; c < t->n_cols;) {
			const struct dm_spanner *s = NULL;
			for (size_t k = 0; k < t->n_spanners && !s; k++)
				if (t->spanners[k].first == c)
					s = &t->spanners[k];
			if (c > 0)
				strbuf_adds(b, " & ");
			if (s) {
				strbuf_addf(b, "\\multicolumn{%zu}{c}{", s->n);
				runs(b, &s->label);
				strbuf_adds(b, "}");
				c += s->n;
			} else {
				c++;
			}
		}
		strbuf_adds(b, " \\\\\n");
		for (size_t k = 0; k < t->n_spanners; k++)
			strbuf_addf(b, "\\cmidrule(lr){%zu-%zu}", t->spanners[k].first + 1, t->spanners[k].first + t->spanners[k].n);
		strbuf_adds(b, "\n");
	}
	strbuf_adds(b, "{}");
	for (size_t c = 0; c < t->n_cols; c++) {
		if (c > 0)
			strbuf_adds(b, " & ");
		if (c > 0 && t->align[c] != DM_CENTER) {
			strbuf_adds(b, "\\multicolumn{1}{c}{");
			runs(b, &t->head[c]);
			strbuf_adds(b, "}");
		} else {
			runs(b, &t->head[c]);
		}
	}
	strbuf_adds(b, " \\\\\n\\midrule\n");
	for (size_t r = 0; r < t->n_rows; r++) {
		strbuf_adds(b, "{}");
		for (size_t c = 0; c < t->n_cols; c++) {
			if (c > 0)
				strbuf_adds(b, " & ");
			runs(b, &t->cells[r * t->n_cols + c]);
		}
		strbuf_adds(b, " \\\\\n");
	}
	strbuf_adds(b, "\\bottomrule\n\\end{tabular}\n");
	for (int kind = DM_NOTE_GENERAL; kind <= DM_NOTE_PROBABILITY; kind++) {
		int open = 0;
		for (size_t k = 0; k < t->n_notes; k++) {
			const struct dm_note *n = &t->notes[k];
			if ((int)n->kind != kind)
				continue;
			if (!open || kind != DM_NOTE_SPECIFIC) {
				strbuf_adds(b, open ? "\\par\n" : "\\par\\smallskip\n");
				strbuf_adds(b, "{\\small\\noindent ");
			} else {
				strbuf_adds(b, " ");
			}
			if (kind == DM_NOTE_GENERAL)
				strbuf_adds(b, "\\textit{Note.} ");
			else if (kind == DM_NOTE_SPECIFIC)
				strbuf_addf(b, "\\textsuperscript{%c}", n->mark);
			runs(b, &n->text);
			if (kind != DM_NOTE_SPECIFIC)
				strbuf_adds(b, "\\par}\n");
			open = 1;
		}
		if (open && kind == DM_NOTE_SPECIFIC)
			strbuf_adds(b, "\\par}\n");
	}
	strbuf_adds(b, "\\end{table}\n\n");
}

static void figure(struct strbuf *b, const struct dm_figure *f)
{
	const char *file = plain_path(f->pdf) ? f->pdf : plain_path(f->png) ? f->png : NULL;

	strbuf_addf(b, "\\begin{figure}[htbp]\n\\noindent\\textbf{Figure %u}\\par\\smallskip\n\\noindent\\textit{",
		    f->number);
	runs(b, &f->title);
	strbuf_adds(b, "}\\par\\medskip\n");
	if (file)
		strbuf_addf(b, "\\noindent\\includegraphics[width=\\linewidth]{%s}\n", file);
	else
		strbuf_adds(b, "\\noindent\\textit{The figure was not drawn.}\n");
	if (f->note.n) {
		strbuf_adds(b, "\\par\\smallskip\n{\\small\\noindent\\textit{Note.} ");
		runs(b, &f->note);
		strbuf_adds(b, "\\par}\n");
	}
	strbuf_adds(b, "\\end{figure}\n\n");
}

static const char *const sections[DM_HEADING_LEVELS] = {"section", "subsection", "subsubsection", "paragraph"};

int dm_write_latex(const struct dm_doc *d, const struct dm_latex_options *o, FILE *out)
{
	struct strbuf b = STRBUF_INIT;
	int status;

	if (o && o->standalone) {
		strbuf_adds(&b, "\\documentclass[12pt]{article}\n\\usepackage{iftex}\n\\ifPDFTeX\n"
				"\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n"
				"\\DeclareUnicodeCharacter{FFFD}{?}\n\\else\n\\usepackage{fontspec}\n\\fi\n"
				"\\usepackage{booktabs}\n\\usepackage{graphicx}\n\\usepackage[margin=2.5cm]{geometry}\n"
				"\\title{");
		text_latex(&b, d->title);
		strbuf_adds(&b, "}\n\\date{}\n\\begin{document}\n\\maketitle\n\n");
	}
	for (size_t i = 0; i < d->n; i++) {
		const struct dm_block *blk = d->blocks[i];
		switch (blk->kind) {
		case DM_HEADING:
			strbuf_addf(&b, "\\%s*{", sections[blk->u.heading.level - 1]);
			runs(&b, &blk->u.heading.text);
			strbuf_addf(&b, "}\\label{%s}\n\n", blk->u.heading.id);
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
			strbuf_adds(&b, blk->u.list.ordered ? "\\begin{enumerate}\n" : "\\begin{itemize}\n");
			for (size_t k = 0; k < blk->u.list.n; k++) {
				/* {} so that an item starting with [ is not the \item's label */
				strbuf_adds(&b, "\\item {}");
				runs(&b, &blk->u.list.items[k]);
				strbuf_adds(&b, "\n");
			}
			strbuf_adds(&b, blk->u.list.ordered ? "\\end{enumerate}\n\n" : "\\end{itemize}\n\n");
			break;
		case DM_PAGE_BREAK:
			strbuf_adds(&b, "\\clearpage\n\n");
			break;
		}
	}
	if (o && o->standalone)
		strbuf_adds(&b, "\\end{document}\n");
	status = strbuf_ok(&b) && fwrite(strbuf_str(&b), 1, b.len, out) == b.len ? 0 : -1;
	strbuf_release(&b);
	return status;
}
