/* The parts of `surveykit waves` (waves.c, the command) in their own files: waves_documents.c
 * writes waves.html and waves.docx. */
#ifndef SURVEYKIT_ANALYSIS_REPORT_WAVES_H
#define SURVEYKIT_ANALYSIS_REPORT_WAVES_H

#include <stddef.h>

#include <jansson.h>

#include "analysis/cli/cli.h"
#include "io/error.h"
#include "io/gnuplot.h"

/* What the documents show: the findings (strings), the comparison's result document and its
 * charts (drawn or not) with their titles, in the set's order. */
struct waves_doc {
	const struct cli *cli;
	const json_t *doc, *findings;
	const struct chart_set *cs;
	const char *const *titles;
};

/* Writes dir/waves.html and, when pandoc is there, dir/waves.docx; 0 or an exit code with err
 * set. Without pandoc the caller has noted it (report_docx_notice). */
int waves_write_documents(const char *dir, const struct waves_doc *w, struct sk_error *err);

#endif
