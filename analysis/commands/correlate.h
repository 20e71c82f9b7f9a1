/* surveykit correlate as typed steps (analysis/commands.h): the request, the result the report
 * reads (its findings and heat map), and the functions behind correlate_steps. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_CORRELATE_H
#define SURVEYKIT_ANALYSIS_COMMANDS_CORRELATE_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "io/error.h"

struct correlate_request {
	char **names;     /* --vars (NULL: every scale) */
	size_t n_names;
	int pairwise;     /* 0 with --listwise */
	size_t max_vars;  /* --max-vars */
	double level;     /* --ci as a proportion */
};

/* k variables; the matrices are k x k, row-major; llci and ulci the Fisher-z CIs at `level` (the
 * diagonal NaN). */
struct correlate_result {
	const struct dataset *ds; /* borrowed: the input, its notes and the rows left out */
	size_t k;
	struct variable *vars;
	const char **names;       /* vars[j].name */
	int pairwise;
	size_t used;              /* rows: every row (pairwise) or the complete ones (listwise) */
	double level;
	double *r, *p, *llci, *ulci;
	size_t *n;
};

int correlate_request_parse(const struct cli *cli, struct correlate_request *q, struct sk_error *err);
void correlate_request_release(struct correlate_request *q);
int correlate_run(const struct correlate_request *q, const struct dataset *ds, struct correlate_result *res,
		  struct sk_error *err);
json_t *correlate_emit(const struct correlate_result *res);
size_t correlate_used(const struct correlate_result *res);
void correlate_result_release(struct correlate_result *res);

#endif
