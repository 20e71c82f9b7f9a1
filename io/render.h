/* Printing a result document (io/doc.h) in the format the user asked for. */
#ifndef SURVEYKIT_IO_RENDER_H
#define SURVEYKIT_IO_RENDER_H

#include <jansson.h>
#include <stdio.h>

enum out_format { FORMAT_TEXT, FORMAT_JSON, FORMAT_CSV, FORMAT_MARKDOWN };

struct render_options {
	enum out_format format;
	int digits; /* decimals for statistics in text/Markdown/CSV (p-values get max(digits, 4)) */
	int embedded; /* a section of a larger report: no "surveykit COMMAND" header, headings one
			 level down (Markdown "###"), notes and warnings still printed */
};

/* Returns 0, or -1 when a write failed (the caller reports it with exit 4). */
int render_doc(const json_t *doc, const struct render_options *o, FILE *out);
/* "text", "json", "csv", "markdown"/"md"; returns -1 for an unknown name. */
int render_parse_format(const char *name, enum out_format *out);

#endif
