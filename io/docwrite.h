/* Writing a document of io/docmodel.h in a format: HTML, Markdown, LaTeX, Word.
 *
 * Every text of the document is escaped here for its format (io/text.h); a path of a figure file
 * is percent-encoded (HTML, Markdown) or written only when it is made of letters, digits and
 * "-_./" (LaTeX, which has no way to quote one). The text writers return 0, or -1 when out of
 * memory or when writing to `out` failed (the caller reports it with exit 4, as io/output.h does). */
#ifndef SURVEYKIT_IO_DOCWRITE_H
#define SURVEYKIT_IO_DOCWRITE_H

#include <stdio.h>

#include "io/docmodel.h"

/* HTML5, one self-contained page: the style sheet in a <style>, the figures as inline SVG, no
 * script and no reference to anything outside the page (links are in-page anchors); a table of
 * contents of the headings; tables that scroll sideways in their own box on a narrow screen,
 * figures that shrink to the width; print styles that keep a table or a figure on one page and a
 * heading with what follows. A figure without SVG shows a line saying it was not drawn. The
 * page's Content-Security-Policy forbids scripts and requests, should anything slip through.
 *
 * `pandoc` writes instead the intermediate that dm_write_docx feeds a pandoc whose JSON AST
 * dm_write_pandoc does not write (and that dm_write_pandoc's AST reproduces): no style sheet and no
 * table of contents, tables with their number and title as a <caption>, figures as <img> of
 * their PNG files, notes in paragraphs of the reference document's custom styles
 * ("Table Note", "Figure Title", "Figure Note"). */
struct dm_html_options {
	int pandoc;
	int toc_levels; /* the heading levels the table of contents lists: 1..toc_levels; 0 all */
	/* with pandoc: each figure an <img> of a one-pixel placeholder (a data: URI) with its PNG's
	 * path in data-surveykit-png, for a pandoc started before the PNG files are drawn
	 * (dm_docx_start with `gated`, whose filter puts the files in once they are) */
	int figures_later;
};
/* The page's Content-Security-Policy (a <meta> in its head): no script, no request anywhere;
 * inline styles and data: images only. */
#define DM_HTML_POLICY "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

int dm_write_html(const struct dm_doc *d, const struct dm_html_options *o, FILE *out);

/* GitHub-flavoured Markdown: headings, pipe tables (a spanner is put above its columns' headings
 * with a line break, as pipe tables cannot span), notes and figure titles as paragraphs, figures
 * as image links to their PNG (else SVG) files; superscripts and subscripts as <sup>/<sub>. */
int dm_write_markdown(const struct dm_doc *d, FILE *out);

/* Plain text for a terminal (the APA style of single commands): the title underlined, tables as
 * aligned columns between rules under "Table N" and the title, spanners centred over their columns,
 * notes under the tables; no markup. */
int dm_write_text(const struct dm_doc *d, FILE *out);

/* LaTeX with booktabs tables (\toprule, \midrule, \cmidrule under spanners, \bottomrule) and
 * figures from their PDF (else PNG) files. `standalone` writes a whole article that pdfLaTeX,
 * XeLaTeX and LuaLaTeX compile (packages iftex, booktabs, graphicx, geometry); otherwise the body
 * only, for \input into the user's own document with booktabs and graphicx loaded. */
struct dm_latex_options {
	int standalone;
};
int dm_write_latex(const struct dm_doc *d, const struct dm_latex_options *o, FILE *out);

/* Word (.docx), made by pandoc from the document's JSON AST (dm_write_pandoc) with surveykit's
 * reference document (data/reference.docx, built into the program; scripts/make-reference-docx
 * made it and lists its edits): Times New Roman 12 pt, body text double-spaced with a first-line
 * indent as an APA manuscript (and papaja's default), tables and notes single-spaced, APA heading
 * levels, tables ruled only at the top, under the heading row and at the bottom (a spanner is
 * written above its columns' headings in that one row), a wide table's cells in a smaller type, as
 * APA 7 allows for a table that would not fit the page otherwise: more than DM_DOCX_WIDE_COLUMNS
 * columns in 10 pt (the reference document's character style "Table Text Small"), more than
 * DM_DOCX_WIDER_COLUMNS in 8 pt ("Table Text Smallest", APA's smallest size) and on landscape
 * pages (a section of its own, with the headings just before it and anything between it and the
 * next such table on the same page, between Word section breaks: US Letter, 1 in margins as APA
 * asks, portrait before and after). Page-break hints are not passed on.
 *
 * pandoc reads only the JSON of its own API version: a pandoc of pandoc-types 1.22 or 1.23
 * (pandoc 2.11 to 3.x; dm_pandoc_api asks it once) is given the JSON, which spares it the HTML
 * reader and a Lua filter over the whole document (pandoc on the report of the 600-row demo wave:
 * about 1.0 s of CPU instead of 1.7 s); any other is given the HTML above (o->pandoc), the
 * landscape pages marked by a <div> of class DM_DOCX_LANDSCAPE_CLASS that a Lua filter turns into
 * the section breaks. Both give pandoc 2.17 the same document. pandoc is found on PATH or named by SURVEYKIT_PANDOC (empty
 * or "none": not used); it runs as a child process (fork/exec, no shell) in `resource_dir` (where
 * the figures' PNG paths lead), its input, reference document and filter given as unlinked
 * temporary files on its standard input and descriptors 3 and 4, its output read from a pipe and
 * copied to `out`. Its arguments are fixed: nothing from the document reaches its command line. */
#define DM_DOCX_WIDE_COLUMNS 6
#define DM_DOCX_WIDER_COLUMNS 10
#define DM_DOCX_LANDSCAPE_CLASS "landscape"
enum dm_docx_status {
	DM_DOCX_OK = 0,
	DM_DOCX_NO_PANDOC, /* none found: the caller says how to get it (DM_DOCX_HOW) */
	DM_DOCX_FAILED,    /* pandoc failed: `msg` holds its first line of error */
	DM_DOCX_SYSTEM,    /* a temporary file, pipe or process could not be made, or out of memory: `msg` says which */
	DM_DOCX_WRITE,     /* writing to `out` failed */
};
#define DM_DOCX_HOW "install pandoc (Debian: apt-get install pandoc) to get Word documents"
enum dm_docx_status dm_write_docx(const struct dm_doc *d, const char *resource_dir, FILE *out, char *msg,
				  size_t msg_size);
/* dm_write_docx in two steps, so that pandoc reads and parses a document while the caller still
 * draws its figures: dm_docx_start starts pandoc on d (d may be released after it); with `gated`
 * the figures' files need not exist yet: pandoc waits, after parsing, until dm_docx_finish lets
 * it go (its Lua filter reads descriptor 5 to its end), and the filter then reads each figure's
 * PNG into pandoc's media (pandoc 2.17 fetches images before it runs filters, so the document it
 * is given holds placeholders: figures_later of dm_pandoc_options and dm_html_options).
 * dm_docx_finish with `go` lets it go and copies the Word document to `out`; without `go` it stops
 * pandoc (SIGKILL), writes nothing and returns DM_DOCX_FAILED. Every started job must be finished. The child is started with
 * output_guard_fork, so an interrupted run kills it. */
struct dm_docx_job {
	int pid;         /* 0: not started */
	int output;      /* our end of pandoc's output */
	int gate;        /* our end of the gate, -1 when not gated */
	FILE *errors;    /* pandoc's standard error */
	char program[4096];
	const char *dir;
};
enum dm_docx_status dm_docx_start(const struct dm_doc *d, const char *resource_dir, int gated,
				  struct dm_docx_job *job, char *msg, size_t msg_size);
enum dm_docx_status dm_docx_finish(struct dm_docx_job *job, int go, FILE *out, char *msg, size_t msg_size);
/* The pandoc dm_write_docx would run (path in buf), or NULL when none is available. */
const char *dm_pandoc_path(char *buf, size_t size);

/* pandoc's JSON AST of the document, for a pandoc of pandoc-types 1.`api_minor` (22 or 23, the
 * versions whose JSON it writes: the same for what a document holds); io/doc_pandoc.c says what it
 * holds: the AST pandoc's HTML reader makes of the HTML above (o->pandoc), the landscape pages
 * between raw Open XML section breaks, each figure an Image of its PNG's path. Every text is
 * escaped by jansson; bytes that are not UTF-8 become U+FFFD. 0, or -1 as the writers above. */
struct dm_pandoc_options {
	int api_minor;
	/* each figure a placeholder image with its PNG's path in an attribute, as
	 * dm_html_options.figures_later */
	int figures_later;
};
int dm_write_pandoc(const struct dm_doc *d, const struct dm_pandoc_options *o, FILE *out);
/* The minor API version (22 or 23) in what `pandoc --from=markdown --to=json` printed for an empty
 * input ({"pandoc-api-version":[1,22,2,1],...}); 0 for any other version, for anything that is
 * not such JSON, and for more than DM_PANDOC_PROBE_MAX bytes. */
#define DM_PANDOC_PROBE_MAX 4096
int dm_pandoc_api_parse(const char *bytes, size_t len);
/* The minor API version of the pandoc at `path` (as dm_pandoc_api_parse), asked once a process for
 * a path by running it (fork/exec, no shell, on an empty input, its errors discarded); 0 when it
 * could not be run or failed. Thread-safe. */
int dm_pandoc_api(const char *path);

#endif
