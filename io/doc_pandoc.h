/* What dm_write_docx's two inputs for pandoc share (io/docwrite.h: pandoc's JSON, or for a pandoc
 * of another API version the HTML intermediate): the Word layout of a document, decided once.
 * Internal to io/doc_*.c. */
#ifndef SURVEYKIT_IO_DOC_PANDOC_H
#define SURVEYKIT_IO_DOC_PANDOC_H

#include <stddef.h>

#include "io/docmodel.h"

/* Which blocks go on landscape pages (1): each table of more than DM_DOCX_WIDER_COLUMNS columns,
 * the headings just before it, and whatever lies between two such tables on the same page (no
 * page break between them; or nothing but page breaks, which pandoc is not given), so that no
 * portrait page is left between two landscape ones. d->n bytes; NULL when out of memory. */
unsigned char *dm_docx_landscape(const struct dm_doc *d);

/* Each column's share of the page width in percent, from the text it holds (Word and LibreOffice
 * otherwise give every column the same width, and a wide table wraps its labels and numbers letter
 * by letter), rounded to one decimal as both inputs write it: t->n_cols values in `percent`.
 * -1 when out of memory. */
int dm_docx_column_widths(const struct dm_table *t, double *percent);

/* The reference document's character style of a table's cells: a wide table's smaller text
 * ("Table Text Small", "Table Text Smallest"), or NULL. */
const char *dm_docx_cell_style(const struct dm_table *t);

/* The Word section breaks (Open XML paragraphs) around the blocks on landscape pages: a Word
 * section ends with a paragraph holding its properties, so one before them ends the portrait pages
 * before, one after them ends the landscape ones; the document's last section is the reference
 * document's page (US Letter portrait, 1 in margins: scripts/make-reference-docx), which both
 * repeat. */
#define DM_DOCX_MARGINS                                                                                \
	"<w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" " \
	"w:footer=\"720\" w:gutter=\"0\"/>"
#define DM_DOCX_SIZE_PORTRAIT "<w:pgSz w:w=\"12240\" w:h=\"15840\"/>"
#define DM_DOCX_SIZE_LANDSCAPE "<w:pgSz w:w=\"15840\" w:h=\"12240\" w:orient=\"landscape\"/>"
/* The image a figure shows until its PNG is drawn (a one-pixel GIF), for a pandoc started before
 * the figures are (dm_docx_start with `gated`): pandoc 2.17 reads the images of its input before
 * it runs its filters, and would put a missing file's description in its place for good; the
 * gate's filter reads the PNG named by the image's attribute DM_PANDOC_PNG_ATTR instead. */
#define DM_PANDOC_PLACEHOLDER "data:image/gif;base64,R0lGODlhAQABAAAAACw="
#define DM_PANDOC_PNG_ATTR "surveykit-png"
#define DM_DOCX_SECTION_END(size) "<w:p><w:pPr><w:sectPr>" size DM_DOCX_MARGINS "</w:sectPr></w:pPr></w:p>"

#endif
