/* Every command: its steps or entry point and its option table (defined in
 * analysis/commands/<command>.c), and the struct of the table in analysis/main.c that runs them and
 * generates --help. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_H
#define SURVEYKIT_ANALYSIS_COMMANDS_H

#include <jansson.h>

#include "analysis/cli/cli.h"
#include "analysis/cli/command_output.h"

struct dataset;

/* A command in the typed-results style, from six functions in its file:
 *   int X_request_parse(const struct cli *, struct X_request *, struct sk_error *)
 *       every option parsed and validated before any data is read (exit 2 with one line);
 *   int X_run(const struct X_request *, const struct dataset *, struct X_result *, struct sk_error *)
 *       calls models/, writes no JSON;
 *   json_t *X_emit(const struct X_result *)
 *       the result document, the only place naming its JSON keys (NULL when out of memory);
 *   size_t X_used(const struct X_result *)
 *       the rows the result used: its document's input.used, which X_emit writes from it;
 *   void X_result_release(struct X_result *), void X_request_release(struct X_request *)
 *       free what they hold, also after a failed parse or run (the structs start zeroed).
 * COMMAND_STEPS(X), written once in the command's file, makes `X_steps` from them; main (and the
 * report, on the wave it loaded once) drives every typed command through them. */
struct command_steps {
	size_t request_size, result_size;
	int (*parse)(const struct cli *cli, void *request, struct sk_error *err);
	int (*run)(const void *request, const struct dataset *ds, void *result, struct sk_error *err);
	json_t *(*emit)(const void *result);
	size_t (*used)(const void *result);
	void (*result_release)(void *result);
	void (*request_release)(void *request);
};

#define COMMAND_STEPS(X)                                                                                  \
	static int X##_parse_step(const struct cli *cli, void *q, struct sk_error *err)                    \
	{                                                                                                  \
		return X##_request_parse(cli, q, err);                                                     \
	}                                                                                                  \
	static int X##_run_step(const void *q, const struct dataset *ds, void *res, struct sk_error *err) \
	{                                                                                                  \
		return X##_run(q, ds, res, err);                                                           \
	}                                                                                                  \
	static json_t *X##_emit_step(const void *res)                                                      \
	{                                                                                                  \
		return X##_emit(res);                                                                      \
	}                                                                                                  \
	static size_t X##_used_step(const void *res)                                                       \
	{                                                                                                  \
		return X##_used(res);                                                                      \
	}                                                                                                  \
	static void X##_result_release_step(void *res)                                                     \
	{                                                                                                  \
		X##_result_release(res);                                                                   \
	}                                                                                                  \
	static void X##_request_release_step(void *q)                                                      \
	{                                                                                                  \
		X##_request_release(q);                                                                    \
	}                                                                                                  \
	const struct command_steps X##_steps = {sizeof(struct X##_request), sizeof(struct X##_result),     \
						X##_parse_step,        X##_run_step,                         \
						X##_emit_step,         X##_used_step,                        \
						X##_result_release_step, X##_request_release_step}

/* How main runs a command: */
enum command_flags {
	/* typed (`steps`): main parses and validates the options, loads DATA, runs, emits the result
	 * document and writes it (analysis/cli/command_output.c); no command repeats that sequence */
	COMMAND_TYPED = 1,
	/* `run` does its own work: a command that reads or writes other files than one DATA and one
	 * document (report, waves, score, simulate, codebook, convert, reshape), or one not yet typed */
	COMMAND_OWN_RUN = 2,
};

/* One entry of the command table in analysis/main.c. The first five members keep the order of
 * the entries written before typed commands: {name, run, options, synopsis, summary}. */
struct command {
	const char *name;
	int (*run)(const struct cli *cli, struct sk_error *err); /* COMMAND_OWN_RUN */
	const struct option_spec *options;                        /* terminated by {0} */
	const char *synopsis;
	const char *summary;
	const struct command_steps *steps;                        /* COMMAND_TYPED */
	unsigned flags;                                           /* 0: COMMAND_OWN_RUN */
};

extern const struct command_steps describe_steps;
extern const struct option_spec describe_options[];
extern const struct command_steps mediate_steps;
extern const struct option_spec mediate_options[];
extern const struct command_steps moderate_steps;
extern const struct option_spec moderate_options[];
extern const struct command_steps process_command_steps;
extern const struct option_spec process_options[];
extern const struct command_steps regress_steps;
extern const struct option_spec regress_options[];
int cmd_score(const struct cli *cli, struct sk_error *err);
extern const struct option_spec score_options[];
extern const struct command_steps compare_steps;
extern const struct option_spec compare_options[];
extern const struct command_steps crosstab_steps;
extern const struct option_spec crosstab_options[];
int cmd_simulate(const struct cli *cli, struct sk_error *err);
extern const struct option_spec simulate_options[];
extern const struct command_steps reliability_steps;
extern const struct option_spec reliability_options[];
extern const struct command_steps factor_steps;
extern const struct option_spec factor_options[];
int cmd_codebook(const struct cli *cli, struct sk_error *err);
extern const struct option_spec codebook_options[];
int cmd_convert(const struct cli *cli, struct sk_error *err);
extern const struct option_spec convert_options[];
int cmd_reshape(const struct cli *cli, struct sk_error *err);
extern const struct option_spec reshape_options[];
extern const struct command_steps correlate_steps;
extern const struct option_spec correlate_options[];
extern const struct command_steps segment_steps;
extern const struct option_spec segment_options[];
int cmd_report(const struct cli *cli, struct sk_error *err);
extern const struct option_spec report_options[];
extern const struct command_steps cfa_steps;
extern const struct option_spec cfa_options[];
int cmd_waves(const struct cli *cli, struct sk_error *err);
extern const struct option_spec waves_options[];
int cmd_prepare(const struct cli *cli, struct sk_error *err);
extern const struct option_spec prepare_options[];
int cmd_stack(const struct cli *cli, struct sk_error *err);
extern const struct option_spec stack_options[];

#endif
