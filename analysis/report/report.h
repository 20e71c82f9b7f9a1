/* The study report of one wave (surveykit report; each wave of surveykit waves): every section is
 * the result document of a single command (analysis/commands.h), run on the wave loaded once, with
 * the charts drawn from those documents, a findings section in words, and the notes. */
#ifndef SURVEYKIT_ANALYSIS_REPORT_H
#define SURVEYKIT_ANALYSIS_REPORT_H

#include <jansson.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "analysis/report/study.h"

/* Writes report.txt, report.md, results.json and charts/ into the existing directory `dir`.
 * `data` is the DATA argument as given (it names the file in the commands the report lists).
 * On success *results is results.json's tree (a new reference). */
int report_write(const struct cli *cli, const struct dataset *ds, const struct study *st, const char *data,
		 const char *dir, json_t **results, struct sk_error *err);

/* The section of results.json with this id, or NULL. */
json_t *report_section(const json_t *results, const char *id);

/* The first object of the array `rows` whose member `key` is the string `value`, or NULL. */
json_t *report_row(const json_t *rows, const char *key, const char *value);

/* "p < .001" or "p = .023" into buf. */
const char *report_p(double p, char *buf, size_t size);

/* Whether c may stand in a wave's directory name: a letter, a digit, '-', '_' or '.'. */
int report_name_char(char c);

#endif
