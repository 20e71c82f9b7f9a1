/* A document for publication, independent of its format: what a command or the report builds once
 * and io/docwrite.h writes as HTML (self-contained), Markdown, LaTeX or Word (.docx via pandoc).
 *
 * A document is a title and a sequence of blocks: headings (levels 1-4 below the title, each with
 * an id "sec-N" for the table of contents: the tree of sections is the order of the levels, as in
 * HTML and pandoc), paragraphs, APA tables, figures, lists and page-break hints. Text lives in
 * runs (struct dm_inlines): plain, italic, bold, code, superscript or subscript, and a
 * statistic's symbol becomes its runs by io/apa.h's table (dm_symbol: *M*, χ², η²p).
 *
 * APA tables (Publication Manual, 7th ed., chapter 7): a number ("Table 1", bold) and a title
 * (italic, title case: the caller writes the case), each on its own line above the table; column
 * headings, optionally under spanners (a heading over several columns); rows of cells, each cell
 * aligned as its column (numbers right); horizontal rules only above and below the headings and
 * at the bottom; notes below: the general note ("Note." in italic), specific notes (superscript
 * letters a, b, ... that the caller also puts in the cells they belong to) and the probability
 * note ("* p < .05. ** p < .01."). Figures: a number and an italic title above, the image
 * (inline SVG for HTML, the PNG for Word and Markdown, the PDF for LaTeX) and a note below.
 *
 * Text is stored as given and escaped by each writer for its format (io/text.h); callers never
 * escape. Nothing here reads or writes files.
 *
 * Ownership and failure (the rule of io/strbuf.h): a struct dm_doc owns everything added to it,
 * copies every string it is given, and dm_release frees it all. The builders return handles into
 * the document (valid until dm_release); after an allocation failure the document is marked
 * failed, builders return NULL and every call on a NULL handle does nothing, so a caller builds
 * the whole document and checks dm_ok once at the end. */
#ifndef SURVEYKIT_IO_DOCMODEL_H
#define SURVEYKIT_IO_DOCMODEL_H

#include <stddef.h>

#include "io/apa.h"

/* Styles of a run, combined with |; 0 is plain text. */
enum dm_style {
	DM_ITALIC = 1,
	DM_BOLD = 2,
	DM_CODE = 4, /* a command or a file name, in a fixed-width font */
	DM_SUP = 8,
	DM_SUB = 16,
};

struct dm_run {
	char *text;
	unsigned style;
};

struct dm_doc;

/* A piece of text made of runs: a paragraph, a heading, a title, a cell, a note, a list item. */
struct dm_inlines {
	struct dm_run *runs;
	size_t n;
	struct dm_doc *doc; /* where a failure is recorded */
};

enum dm_align { DM_LEFT, DM_RIGHT, DM_CENTER };

struct dm_spanner {
	struct dm_inlines label;
	size_t first, n; /* over columns first .. first + n - 1 */
};

enum dm_note_kind {
	DM_NOTE_GENERAL,     /* "Note." and the text: what the table shows, abbreviations, the CIs */
	DM_NOTE_SPECIFIC,    /* a superscript letter and the text: one cell, row or column */
	DM_NOTE_PROBABILITY, /* the stars: "* p < .05. ** p < .01." */
};

struct dm_note {
	enum dm_note_kind kind;
	char mark; /* 'a', 'b', ... for a specific note; 0 otherwise */
	struct dm_inlines text;
};

struct dm_table {
	unsigned number;
	char id[32]; /* "table-1" */
	struct dm_inlines title;
	size_t n_cols, n_rows;
	struct dm_inlines *head; /* n_cols column headings */
	enum dm_align *align;    /* n_cols */
	struct dm_spanner *spanners;
	size_t n_spanners;
	struct dm_inlines *cells; /* n_rows x n_cols, row-major */
	size_t rows_cap;
	struct dm_note *notes;
	size_t n_notes;
};

struct dm_figure {
	unsigned number;
	char id[32]; /* "figure-1": also the prefix of the ids inside its SVG */
	struct dm_inlines title, note;
	char *svg; /* the drawing, already made safe by io/svg_embed.h; NULL when none */
	char *png, *pdf, *svg_file; /* the image files, as paths relative to the document; NULL when none */
};

struct dm_list {
	struct dm_doc *doc;
	int ordered;
	struct dm_inlines *items;
	size_t n;
};

enum dm_kind { DM_HEADING, DM_PARAGRAPH, DM_TABLE, DM_FIGURE, DM_LIST, DM_PAGE_BREAK };

struct dm_block {
	enum dm_kind kind;
	union {
		struct {
			int level; /* 1 (a section) .. 4 */
			char id[32]; /* "sec-1" */
			struct dm_inlines text;
		} heading;
		struct dm_inlines paragraph;
		struct dm_table table;
		struct dm_figure figure;
		struct dm_list list;
	} u;
};

struct dm_doc {
	char *title;
	char *lang; /* the language of the text, "en" */
	struct dm_block **blocks;
	size_t n;
	unsigned headings, tables, figures; /* numbers given so far */
	int failed;
};

#define DM_HEADING_LEVELS 4

/* Starts an empty document (title and lang copied; lang NULL means "en"). */
void dm_init(struct dm_doc *d, const char *title, const char *lang);
void dm_release(struct dm_doc *d);
/* 1 when every addition succeeded. */
int dm_ok(const struct dm_doc *d);

/* A heading (level clamped to 1..DM_HEADING_LEVELS) with `text` (NULL: add runs to the result). */
struct dm_inlines *dm_heading(struct dm_doc *d, int level, const char *text);
struct dm_inlines *dm_paragraph(struct dm_doc *d);
/* A place where printed output may start a new page (HTML print styles, LaTeX; Word ignores it). */
void dm_page_break(struct dm_doc *d);

/* Runs. */
void dm_add(struct dm_inlines *in, unsigned style, const char *text);
void dm_addf(struct dm_inlines *in, unsigned style, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void dm_text(struct dm_inlines *in, const char *text);
void dm_italic(struct dm_inlines *in, const char *text);
/* A statistic's symbol by io/apa.h's name ("M", "chi2", "partial_eta2"); a name not in the table
 * is added in italics as written. */
void dm_symbol(struct dm_inlines *in, const char *name);
/* A value by an APA rule (io/apa.h). */
void dm_value(struct dm_inlines *in, enum apa_kind kind, double v);
/* "SYMBOL = VALUE" by the symbol's rule, for running text ("*t* = -2.00", "*p* < .001",
 * "η² = .25"); df and CIs are the caller's ("*F*(2, 597) = 94.90"). */
void dm_stat(struct dm_inlines *in, const char *symbol, double v);
/* "[LO, HI]" by an APA rule. */
void dm_ci(struct dm_inlines *in, enum apa_kind kind, double lo, double hi);
/* The runs as plain text (styles dropped), e.g. for an image's alternative text; caller frees;
 * NULL when out of memory. */
char *dm_plain(const struct dm_inlines *in);

/* An APA table of n_cols columns (at least 1), numbered in order of addition. */
struct dm_table *dm_table(struct dm_doc *d, size_t n_cols);
struct dm_inlines *dm_table_title(struct dm_table *t);
/* The heading of column `col`, which also sets how its cells are aligned. */
struct dm_inlines *dm_table_header(struct dm_table *t, size_t col, enum dm_align align);
/* A spanner over columns first .. first + n - 1 (clamped to the table). */
struct dm_inlines *dm_table_spanner(struct dm_table *t, size_t first, size_t n);
/* Appends a row of empty cells; dm_table_cell fills the last row's. */
void dm_table_row(struct dm_table *t);
struct dm_inlines *dm_table_cell(struct dm_table *t, size_t col);
/* Shorthands for the last row: a text, a number by an APA rule, a p-value. */
void dm_table_text(struct dm_table *t, size_t col, const char *text);
void dm_table_value(struct dm_table *t, size_t col, enum apa_kind kind, double v);
/* A note under the table. A specific note's letter (a, b, ... in order) is stored in *mark when
 * mark is not NULL, for the caller to put in its cells with dm_add(cell, DM_SUP, ...). */
struct dm_inlines *dm_table_note(struct dm_table *t, enum dm_note_kind kind, char *mark);
/* The probability note for the levels given, largest first: {.05, .01, .001} gives
 * "*p < .05. **p < .01. ***p < .001." (p italic). */
void dm_table_stars(struct dm_table *t, const double *levels, size_t n);

/* A figure, numbered in order of addition. */
struct dm_figure *dm_figure(struct dm_doc *d);
struct dm_inlines *dm_figure_title(struct dm_figure *f);
struct dm_inlines *dm_figure_note(struct dm_figure *f);
/* The figure's drawing, from an SVG file's bytes, made safe and given ids of its own
 * (io/svg_embed.h). Returns 0, or -1 when it is not a well-formed SVG (the figure then has
 * none; the document is not failed). */
int dm_figure_svg(struct dm_figure *f, const char *svg, size_t len);
/* Paths of the figure's image files, relative to where the document is written (NULL: none). */
void dm_figure_files(struct dm_figure *f, const char *png, const char *pdf, const char *svg_file);

struct dm_list *dm_list(struct dm_doc *d, int ordered);
struct dm_inlines *dm_list_item(struct dm_list *l);

#endif
