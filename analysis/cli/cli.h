/* The command line: global options shared by every command, plus the command's own options as
 * declared in its option table. Parsing never exits; it returns SK_EXIT_USAGE with a message. */
#ifndef SURVEYKIT_ANALYSIS_CLI_H
#define SURVEYKIT_ANALYSIS_CLI_H

#include <stddef.h>

#include "io/error.h"
#include "io/render.h"

/* One option of a command: `--name ARG` (arg non-NULL) or a flag `--name` (arg NULL). An arg in
 * brackets ("[N]") is an optional whole number: `--boot 2000` or just `--boot` (value ""). */
struct option_spec {
	const char *name; /* without the leading dashes */
	const char *arg;  /* metavariable for --help, e.g. "VAR"; NULL for a flag */
	const char *help;
};

struct cli_value {
	const char *name;
	const char *value; /* "" for a flag */
};

struct cli {
	const char *command;
	const char **positional;
	size_t n_positional;
	/* global options */
	enum out_format format;
	enum out_style style; /* --style apa|plain (default plain) */
	const char *output;   /* -o FILE */
	const char *codebook; /* --codebook CB */
	double ci;            /* --ci LEVEL as a proportion (0.95) */
	int digits;
	int quiet;
	char delimiter;       /* 0: detect */
	double *missing;      /* --missing CODES */
	size_t n_missing;
	size_t min_items;     /* 0: every item of a scale required */
	size_t max_field, max_columns, max_rows;
	const char **filters;    /* --filter EXPR, in order (each parsed once here, so a syntax error
				    is a usage error before any data is read) */
	size_t n_filters;
	const char **references; /* --reference VAR=LEVEL */
	size_t n_references;
	/* command options, in command-line order */
	struct cli_value *values;
	size_t n_values;
};

/* Parses argv (after the command name) against the command's options and the global ones. */
int cli_parse(struct cli *cli, const char *command, const struct option_spec *specs, int argc,
	      char **argv, struct sk_error *err);
void cli_free(struct cli *cli);

/* The value of a command option, or NULL when not given (a given flag returns ""). */
const char *cli_get(const struct cli *cli, const char *name);
int cli_flag(const struct cli *cli, const char *name);
/* Typed getters: `def` when absent or given without its optional value; usage error (exit 2)
 * naming the option when malformed. */
int cli_get_size(const struct cli *cli, const char *name, size_t def, size_t *out, struct sk_error *err);
int cli_get_double(const struct cli *cli, const char *name, double def, double *out, struct sk_error *err);
/* Splits a comma-separated value into a NULL-terminated array (free with cli_list_free).
 * Absent option: *items = NULL, *n = 0. Empty elements are a usage error. */
int cli_get_list(const struct cli *cli, const char *name, char ***items, size_t *n, struct sk_error *err);
void cli_list_free(char **items);
/* Reads "V1,V2,..." (finite numbers separated by commas, a trailing comma allowed) into out, at
 * most cap of them, *n the count read; CLI_NUMBERS_OK or why not. The caller words the message. */
enum cli_numbers_why { CLI_NUMBERS_OK, CLI_NUMBERS_NOT_A_NUMBER, CLI_NUMBERS_TOO_MANY, CLI_NUMBERS_NONE };
enum cli_numbers_why cli_parse_numbers(const char *text, double *out, size_t cap, size_t *n);
/* Options for calling a command's document function from another command (report, waves):
 * `base`'s global options (ci, digits, missing codes, min-items, ...) with the command options
 * `values` (n of them) and the data file `data`. The result borrows everything: never cli_free it. */
struct cli cli_derive(const struct cli *base, const char *command, const char **data,
		      const struct cli_value *values, size_t n);

/* The single DATA argument every data command takes. */
int cli_data_path(const struct cli *cli, const char **path, struct sk_error *err);

/* Prints --help for a command from its option table (and the global options). */
void cli_print_help(FILE *out, const char *command, const char *synopsis, const char *summary,
		    const struct option_spec *specs);

#endif
