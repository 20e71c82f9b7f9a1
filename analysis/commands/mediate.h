/* surveykit mediate as typed steps (analysis/commands.h) on the conditional-process engine:
 * PROCESS model 4 (parallel mediators) or, with --w, model 7 (first-stage moderated mediation),
 * fitted and bootstrapped by process_run (analysis/commands/process.h); mediate keeps its own
 * options and its document's keys and layout. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_MEDIATE_H
#define SURVEYKIT_ANALYSIS_COMMANDS_MEDIATE_H

#include <jansson.h>

#include "analysis/cli/cli.h"
#include "analysis/commands/process.h"
#include "analysis/data/dataset.h"
#include "analysis/data/regression_data.h"
#include "io/error.h"

struct mediate_request {
	struct process_request proc; /* the engine's request: model 4 or 7, Y by OLS */
	const char *probe;           /* --probe as given (percentiles, meansd or values of W) */
	char **categorical;          /* --categorical */
	size_t ncat;
};

struct mediate_result {
	const struct mediate_request *rq;
	struct process_result proc;  /* the engine's fit, effects and bootstrap */
	struct reg_probes pw;        /* model 7: the values of W as printed (and their notes) */
};

int mediate_request_parse(const struct cli *cli, struct mediate_request *rq, struct sk_error *err);
void mediate_request_release(struct mediate_request *rq);
int mediate_run(const struct mediate_request *rq, const struct dataset *ds, struct mediate_result *res,
		struct sk_error *err);
json_t *mediate_emit(const struct mediate_result *res);
size_t mediate_used(const struct mediate_result *res);
void mediate_result_release(struct mediate_result *res);

#endif
