/* Printing a result document (io/doc.h) in the format and style the user asked for.
 *
 * Style (`--style`): plain (the default for single commands) keeps the layout scripts read: key
 * names as column headers, `--digits` decimals, p-values with at least four. apa (the default in
 * the report's documents) writes the same document as APA 7 tables (io/render_apa.c): numbers by
 * io/apa.h's rules per statistic, statistic symbols as column headings (italic where the format
 * has italics), numbered tables with titles, notes under the tables (what the CIs are, which post
 * hoc test) and the labels a result carries in place of codes. JSON and CSV are data: the style
 * does not change them. HTML, LaTeX and Word are documents (io/docwrite.h), always built from the
 * document model; --style plain there keeps plain headers and `--digits` numbers. */
#ifndef SURVEYKIT_IO_RENDER_H
#define SURVEYKIT_IO_RENDER_H

#include <jansson.h>
#include <stdio.h>

#include "io/docmodel.h"

enum out_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV, FORMAT_MARKDOWN, FORMAT_HTML, FORMAT_LATEX, FORMAT_DOCX };
enum out_style { STYLE_PLAIN, STYLE_APA };

struct render_options {
	enum out_format format;
	int digits; /* decimals for statistics in text/Markdown/CSV (p-values get max(digits, 4)) */
	int embedded; /* a section of a larger report: no "surveykit COMMAND" header, headings one
			 level down (Markdown "###"), notes and warnings still printed */
	enum out_style style;
	double ci; /* the confidence level of the document's intervals (0.95), named in APA tables; 0: 95% */
};

/* Returns 0, or -1 when a write failed (the caller reports it with exit 4). FORMAT_DOCX is not
 * written here (it needs pandoc: render_docmodel and io/docwrite.h's dm_write_docx). */
int render_doc(const json_t *doc, const struct render_options *o, FILE *out);
/* "text", "json", "csv", "markdown"/"md", "html", "latex"/"tex", "docx"; -1 for an unknown name. */
int render_parse_format(const char *name, enum out_format *out);
/* "apa" or "plain"; -1 for an unknown name. */
int render_parse_style(const char *name, enum out_style *out);

/* The document model of a result document (io/render_apa.c): its tables, lists and notes added
 * to `d` in the order the text renderer prints them, in o->style. Headings of its parts start at
 * `level` (1 for a command's own document; deeper inside a report). The caller checks dm_ok. */
void render_docmodel(const json_t *doc, const struct render_options *o, struct dm_doc *d, int level);
/* A table or figure title in APA title case: words of four letters or more and every word that
 * is not an article, a short conjunction or a short preposition capitalised, so are the first
 * word, the word after a colon and each part of a hyphenated word. Into b. */
void render_title_case(struct strbuf *b, const char *s);

#endif
