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
#define REPORT_FIGURES_OPTION {"figures", "png|svg|pdf|all", "figure files besides the SVG the documents use: png, pdf or all (PNG also for Word)"}

/* The chart formats to draw (a chart_format mask): SVG always, PNG for png and all and whenever
 * pandoc is there (report.docx embeds PNG), PDF for pdf and all; a usage error (exit 2) for any
 * other value. Called before any data is read. */
int report_figure_formats(const struct cli *cli, unsigned *formats, struct sk_error *err);

/* Writes report.html and, when pandoc is there, report.docx into dir from the report's records
 * (complete but for the note this adds when pandoc is missing); 0 or an exit code with err set. */
int report_write_documents(struct report *r, const char *dir, struct sk_error *err);
/* Starts pandoc on report.docx's document (with its charts' files) before the charts are drawn,
 * once the results and notes are complete: pandoc reads and parses it while gnuplot draws, and
 * waits to embed the PNGs until report_write_documents lets it go (io/docwrite.h's
 * dm_docx_start). Nothing without pandoc or gnuplot, or when pandoc cannot be started (then
 * report_write_documents runs it as usual and says what fails). */
void report_docx_start(struct report *r, const char *dir);
/* Stops such a pandoc when the report fails before its documents are written (no-op otherwise). */
void report_docx_stop(struct report *r);

/* The writing both report.c and waves.c use (report_documents.c). A numbered figure of a chart
 * in d, captioned `title`: its SVG file (a name under dir) inlined for HTML when drawn, its PNG
 * for Word, its PDF for LaTeX (NULL: not drawn in that format). */
void report_doc_figure(struct dm_doc *d, const char *dir, const char *title, const char *svg, const char *png,
		       const char *pdf, int drawn);
/* Without pandoc: 1, and unless quiet the notice "NAME not written: DM_DOCX_HOW" on standard
 * error (the caller notes the same in its results); 0 with pandoc. */
int report_docx_missing(const char *name, int quiet);
/* Writes d as dir/STEM.html and, when pandoc is there, dir/STEM.docx (pandoc run in dir, where
 * the figures' files lead); 0 or an exit code with err set (out of memory when d is not ok). */
int report_doc_write(const struct dm_doc *d, const char *dir, const char *stem, struct sk_error *err);

/* The results of a report's computed sections as APA prose paragraphs, appended to d: the
 * reliability of the scales, each scenario comparison, each regression and each moderation, with
 * their test statistics, p values, effect sizes and the CIs the results hold (at --ci). */
void report_results_prose(struct dm_doc *d, const struct report *r);

#endif
