/* Writing a command's result document. */
#ifndef SURVEYKIT_ANALYSIS_CLI_COMMAND_OUTPUT_H
#define SURVEYKIT_ANALYSIS_CLI_COMMAND_OUTPUT_H

#include <jansson.h>

#include "analysis/cli/cli.h"
#include "io/error.h"

/* Writes a result document to -o FILE or stdout in --format, atomically; exit 4 on failure. */
int command_output(const struct cli *cli, json_t *doc, struct sk_error *err);
/* Exit 2 when -o names an input: for commands that write another file before their document
 * (convert, reshape), so that nothing is written. */
int command_check_output(const struct cli *cli, struct sk_error *err);

#endif
