/* Every command: its entry point and option table (defined in analysis/<command>.c), and the
 * table in analysis/main.c that dispatches to them and generates --help. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_H
#define SURVEYKIT_ANALYSIS_COMMANDS_H

#include <jansson.h>

#include "analysis/cli.h"

struct command {
	const char *name;
	int (*run)(const struct cli *cli, struct sk_error *err);
	const struct option_spec *options; /* terminated by {0} */
	const char *synopsis;
	const char *summary;
};

int cmd_describe(const struct cli *cli, struct sk_error *err);
extern const struct option_spec describe_options[];
int cmd_mediate(const struct cli *cli, struct sk_error *err);
extern const struct option_spec mediate_options[];
int cmd_moderate(const struct cli *cli, struct sk_error *err);
extern const struct option_spec moderate_options[];
int cmd_regress(const struct cli *cli, struct sk_error *err);
extern const struct option_spec regress_options[];
int cmd_score(const struct cli *cli, struct sk_error *err);
extern const struct option_spec score_options[];
int cmd_compare(const struct cli *cli, struct sk_error *err);
extern const struct option_spec compare_options[];
int cmd_simulate(const struct cli *cli, struct sk_error *err);
extern const struct option_spec simulate_options[];
int cmd_reliability(const struct cli *cli, struct sk_error *err);
extern const struct option_spec reliability_options[];
int cmd_factor(const struct cli *cli, struct sk_error *err);
extern const struct option_spec factor_options[];
int cmd_codebook(const struct cli *cli, struct sk_error *err);
extern const struct option_spec codebook_options[];
int cmd_convert(const struct cli *cli, struct sk_error *err);
extern const struct option_spec convert_options[];
int cmd_reshape(const struct cli *cli, struct sk_error *err);
extern const struct option_spec reshape_options[];

/* Writes a result document to -o FILE or stdout in --format, atomically; exit 4 on failure. */
int command_output(const struct cli *cli, json_t *doc, struct sk_error *err);

#endif
