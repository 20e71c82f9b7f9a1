/* The Word layout shared by dm_write_docx's inputs for pandoc: io/doc_pandoc.h. */
#include "io/doc_pandoc.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/docwrite.h"

unsigned char *dm_docx_landscape(const struct dm_doc *d)
{
	unsigned char *on = calloc(d->n ? d->n : 1, 1);
	size_t last = SIZE_MAX;

	if (!on)
		return NULL;
	for (size_t i = 0; i < d->n; i++) {
		size_t first = i, breaks = 0;
		if (d->blocks[i]->kind != DM_TABLE || d->blocks[i]->u.table.n_cols <= DM_DOCX_WIDER_COLUMNS)
			continue;
		while (first > 0 && d->blocks[first - 1]->kind == DM_HEADING)
			first--;
		if (last != SIZE_MAX) {
			for (size_t k = last + 1; k < first; k++)
				breaks += d->blocks[k]->kind == DM_PAGE_BREAK;
			if (breaks == 0 || breaks == first - last - 1)
				first = last + 1;
		}
		memset(on + first, 1, i - first + 1);
		last = i;
	}
	return on;
}

/* The width a cell's text asks for, in characters: its whole length (capped at DOCX_CELL_WIDE,
 * beyond which it wraps), or for a heading its longest word (a heading wraps between words). */
#define DOCX_CELL_WIDE 12
/* a cell's left and right margins in Word, in characters of a table's text */
#define DOCX_CELL_PADDING 3
static size_t text_width(const struct dm_inlines *in, int words)
{
	size_t all = 0, word = 0, longest = 0;

	for (size_t i = 0; in && i < in->n; i++)
		for (const char *c = in->runs[i].text; c && *c; c++) {
			if ((*c & 0xC0) == 0x80)
				continue; /* a UTF-8 continuation byte */
			all++;
			word = *c == ' ' ? 0 : word + 1;
			longest = word > longest ? word : longest;
		}
	all = words ? longest : all;
	return all < DOCX_CELL_WIDE ? all : DOCX_CELL_WIDE;
}

int dm_docx_column_widths(const struct dm_table *t, double *percent)
{
	size_t total = 0, *width = calloc(t->n_cols ? t->n_cols : 1, sizeof *width);

	if (!width)
		return -1;
	for (size_t c = 0; c < t->n_cols; c++) {
		width[c] = text_width(&t->head[c], 1);
		for (size_t r = 0; r < t->n_rows; r++) {
			size_t n = text_width(&t->cells[r * t->n_cols + c], 0);
			width[c] = n > width[c] ? n : width[c];
		}
		width[c] = width[c] < 3 ? 3 : width[c];
		total += width[c] + DOCX_CELL_PADDING;
	}
	for (size_t c = 0; c < t->n_cols; c++) {
		char one[32];
		snprintf(one, sizeof one, "%.1f", 100.0 * (double)(width[c] + DOCX_CELL_PADDING) / (double)total);
		percent[c] = strtod(one, NULL);
	}
	free(width);
	return 0;
}

const char *dm_docx_cell_style(const struct dm_table *t)
{
	return t->n_cols <= DM_DOCX_WIDE_COLUMNS ? NULL
	     : t->n_cols <= DM_DOCX_WIDER_COLUMNS ? "Table Text Small" : "Table Text Smallest";
}
