/* The report's documents: report.html and report.docx (report_documents.c) and the results in APA
 * prose they open with (report_prose.c). report.c and waves.c call these; nothing else does. */
#ifndef SURVEYKIT_ANALYSIS_REPORT_DOCUMENTS_H
#define SURVEYKIT_ANALYSIS_REPORT_DOCUMENTS_H

#include <jansson.h>

#include "analysis/cli/cli.h"
#include "io/docmodel.h"
#include "io/error.h"

struct report;

/* The --figures option of report and waves. */
#define REPORT_FIGURES_OPTION {"figures", "png|svg|pdf|all", "figure files besides the SVG and PNG the documents embed: pdf or all add PDF"}

/* The chart formats --figures asks for (a chart_format mask: SVG and PNG always, PDF for pdf and
 * all); a usage error (exit 2) for any other value. Called before any data is read. */
int report_figure_formats(const struct cli *cli, unsigned *formats, struct sk_error *err);

/* Writes report.html and, when pandoc is there, report.docx into dir from r->results (complete
 * but for the note this adds when pandoc is missing); 0 or an exit code with err set. */
int report_write_documents(struct report *r, const char *dir, struct sk_error *err);

/* The results of a report's computed sections as APA prose paragraphs, appended to d: the
 * reliability of the scales, each scenario comparison, each regression and each moderation, with
 * their test statistics, p values, effect sizes and the CIs the results hold (at --ci). */
void report_results_prose(struct dm_doc *d, const struct report *r);

#endif
