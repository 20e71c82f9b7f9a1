/* The parts of `surveykit waves` (waves.c, the command) in their own files: waves_documents.c
 * writes waves.html and waves.docx, waves_invariance.c tests measurement invariance across the
 * waves. */
#ifndef SURVEYKIT_ANALYSIS_REPORT_WAVES_H
#define SURVEYKIT_ANALYSIS_REPORT_WAVES_H

#include <stddef.h>

#include <jansson.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
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

/* Measurement invariance across the n waves (files `paths`, named `labels`; `first` the first
 * wave loaded): in doc, the sentence "measurement_invariance" on which level of invariance the
 * comparison of the means rests, the table "measurement_invariance_across_waves" and its notes. The stacked waves are written to a
 * work folder in dir (removed again). What cannot be stacked or fitted is a note in doc; returns
 * 0, or exit 1 with err set when out of memory. */
int waves_invariance(const struct cli *cli, const char *const *paths, char **labels, size_t n,
		     const struct dataset *first, const char *dir, json_t *doc, struct sk_error *err);

#endif
