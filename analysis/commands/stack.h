/* The stacking of `surveykit stack` (analysis/commands/stack.c) as a step other commands use:
 * `waves` stacks its waves in memory to test measurement invariance across them
 * (analysis/report/waves_invariance.c). */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_STACK_H
#define SURVEYKIT_ANALYSIS_COMMANDS_STACK_H

#include <stddef.h>

#include "analysis/cli/cli.h"
#include "io/error.h"
#include "io/frame.h"

struct stack_request {
	const char *const *waves;
	size_t n;
	const char *out;         /* the stacked frame's name (its path when written) */
	const char *wave_column;
	char **labels;           /* n labels, or NULL: file names */
	size_t n_labels;
};

struct stack_result {
	struct frame frame;
	size_t *rows; /* rows per wave */
	size_t n;
};

/* Reads the waves as they are (with cli's codebook) and stacks them; exit 3 when they disagree. */
int stack_run(const struct cli *cli, const struct stack_request *r, struct stack_result *res, struct sk_error *err);
void stack_result_release(struct stack_result *res);

#endif
