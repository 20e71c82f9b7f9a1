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

/* The id and the document of the i-th section shown (plan order), NULL past the last; and the
 * document of the section with this id, or NULL. Only for the sections whose command has no
 * result struct yet (regress, moderate). */
const char *report_section_id(const struct report *r, size_t i);
const json_t *report_section_document(const struct report *r, const char *id);

/* The first object of the array `rows` whose member `key` is the string `value`, or NULL. */
json_t *report_row(const json_t *rows, const char *key, const char *value);

/* "p < .001" or "p = .023" into buf. */
const char *report_p(double p, char *buf, size_t size);

/* Whether c may stand in a wave's directory name: a letter, a digit, '-', '_' or '.'. */
int report_name_char(char c);

#endif
