/* Every command: its entry point and option table (defined in analysis/<command>.c), and the
 * table in analysis/main.c that dispatches to them and generates --help. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_H
#define SURVEYKIT_ANALYSIS_COMMANDS_H

#include <jansson.h>

#include "analysis/cli/cli.h"

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
int cmd_correlate(const struct cli *cli, struct sk_error *err);
extern const struct option_spec correlate_options[];
int cmd_segment(const struct cli *cli, struct sk_error *err);
extern const struct option_spec segment_options[];
int cmd_report(const struct cli *cli, struct sk_error *err);
extern const struct option_spec report_options[];
int cmd_waves(const struct cli *cli, struct sk_error *err);
extern const struct option_spec waves_options[];
int cmd_prepare(const struct cli *cli, struct sk_error *err);
extern const struct option_spec prepare_options[];
int cmd_stack(const struct cli *cli, struct sk_error *err);
extern const struct option_spec stack_options[];

/* Result documents. A data command's work on a loaded wave is one function
 *   int X_document(const struct cli *opts, const struct dataset *ds, json_t **doc, struct sk_error *err)
 * that reads its options from `opts` (cli_get and the global options) and on success sets *doc
 * to a new reference; cmd_X loads the data, calls it and writes the document. `report` and
 * `waves` call the same functions on the wave they loaded once (options from cli_derive), so
 * their results.json holds exactly the numbers the single commands print. */
struct dataset;
int describe_document(const struct cli *opts, const struct dataset *ds, json_t **doc, struct sk_error *err);
int reliability_document(const struct cli *opts, const struct dataset *ds, json_t **doc, struct sk_error *err);
int compare_document(const struct cli *opts, const struct dataset *ds, json_t **doc, struct sk_error *err);
int regress_document(const struct cli *opts, const struct dataset *ds, json_t **doc, struct sk_error *err);
int moderate_document(const struct cli *opts, const struct dataset *ds, json_t **doc, struct sk_error *err);
int correlate_document(const struct cli *opts, const struct dataset *ds, json_t **doc, struct sk_error *err);
int segment_document(const struct cli *opts, const struct dataset *ds, json_t **doc, struct sk_error *err);

/* Writes a result document to -o FILE or stdout in --format, atomically; exit 4 on failure. */
int command_output(const struct cli *cli, json_t *doc, struct sk_error *err);
/* Exit 2 when -o names an input: for commands that write another file before their document
 * (convert, reshape), so that nothing is written. */
int command_check_output(const struct cli *cli, struct sk_error *err);

/* A command's result built from a loaded wave; `report` calls the same functions. */
struct dataset;
typedef int (*document_fn)(const struct cli *cli, const struct dataset *ds, json_t **doc, struct sk_error *err);
/* The body of most data commands: load DATA, build the document, write it. */
int command_run_document(const struct cli *cli, document_fn build, struct sk_error *err);

#endif
