/* The study report of one wave (surveykit report; each wave of surveykit waves): every section is
 * the result document of a single command (analysis/commands.h), run on the wave loaded once, with
 * the charts drawn from those documents, a findings section in words, and the notes. */
#ifndef SURVEYKIT_ANALYSIS_REPORT_H
#define SURVEYKIT_ANALYSIS_REPORT_H

#include <jansson.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "analysis/report/study.h"

struct report;
struct reliability_result;

/* Writes report.txt, report.md, results.json and charts/ into the existing directory `dir`.
 * `data` is the DATA argument as given (it names the file in the commands the report lists).
 * On success, when `kept` is not NULL, *kept is the report with its sections' results (read by
 * the functions below; cli, ds and st must outlive it), freed by report_free. */
int report_write(const struct cli *cli, const struct dataset *ds, const struct study *st, const char *data,
		 const char *dir, struct report **kept, struct sk_error *err);
void report_free(struct report *r);

/* The result of the report's reliability section, NULL when it has none. */
const struct reliability_result *report_reliability(const struct report *r);

/* The id of the i-th section shown (plan order), NULL past the last. */
const char *report_section_id(const struct report *r, size_t i);

/* The model of a regression or moderation section: its fit (coefficient 0 the intercept) and the
 * names of its design columns (terms[j - 1] is coefficient j's; labels the same with value labels,
 * an entry NULL when it has none). */
struct ols_fit;
struct report_model {
	const struct ols_fit *fit;
	char *const *terms, *const *labels;
};
/* The model of the section shown with this id; 0 when there is no such section or it is neither a
 * regression nor a moderation. */
int report_section_model(const struct report *r, const char *id, struct report_model *m);

/* "p < .001" or "p = .023" into buf. */
const char *report_p(double p, char *buf, size_t size);

/* Whether c may stand in a wave's directory name: a letter, a digit, '-', '_' or '.'. */
int report_name_char(char c);

#endif
