#include "analysis/cli/cli.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_reader.h"
#include "io/filter.h"
#include "io/numparse.h"
#include "io/strbuf.h"

/* Options every data command accepts (README "Commands"). */
static const struct option_spec global_options[] = {
	{"format", "FMT", "output format: text (default), json, csv, markdown, html, latex or docx (needs -o)"},
	{"style", "STYLE", "tables as plain (default: key names, --digits decimals) or apa (APA 7 numbers, symbols, notes)"},
	{"output", "FILE", "write to FILE instead of standard output (also -o FILE)"},
	{"codebook", "CB", "codebook CSV: roles, scales, reverse keying, ranges, missing codes, labels"},
	{"missing", "CODES", "values meaning missing in every column, e.g. -99,999"},
	{"delimiter", "C", "field delimiter: ',', ';' or 'tab' (default: detected)"},
	{"min-items", "K", "score a scale when at least K items are answered (default: all)"},
	{"ci", "LEVEL", "confidence level in percent (default 95)"},
	{"digits", "N", "decimals in text output (default 4)"},
	{"quiet", NULL, "no progress or notes on standard error"},
	{"max-field", "BYTES", "longest cell accepted (default 1048576)"},
	{"max-columns", "N", "most columns accepted (default 100000)"},
	{"max-rows", "N", "most data rows held in memory (default 50000000)"},
	{"filter", "EXPR", "keep the rows where EXPR is true; repeatable, one exclusion step each"},
	{"reference", "VAR=LEVEL", "the reference level of a group in every model (repeatable)"},
	{0},
};

static const struct option_spec *find_spec(const struct option_spec *specs, const char *name, size_t len)
{
	for (; specs && specs->name; specs++)
		if (strlen(specs->name) == len && strncmp(specs->name, name, len) == 0)
			return specs;
	return NULL;
}

static int usage(struct sk_error *err, const char *command, const char *fmt, const char *arg)
{
	struct strbuf msg = STRBUF_INIT;

	strbuf_addf(&msg, fmt, arg);
	sk_fail(err, SK_EXIT_USAGE, "%s (see 'surveykit %s --help')", strbuf_str(&msg), command);
	strbuf_release(&msg);
	return SK_EXIT_USAGE;
}

static int parse_codes(const char *s, double **out, size_t *n)
{
	const char *p = s;

	*out = NULL;
	*n = 0;
	while (*p) {
		const char *end = strpbrk(p, ",;");
		size_t len = end ? (size_t)(end - p) : strlen(p);
		double v, *codes;
		if (num_parse(p, len, 0, &v) != NUM_OK)
			return -1;
		codes = realloc(*out, (*n + 1) * sizeof *codes);
		if (!codes)
			return -1;
		*out = codes;
		codes[(*n)++] = v;
		p = end ? end + 1 : p + len;
	}
	return 0;
}

/* --filter (checked by parsing it) and --reference (VAR=LEVEL), kept in order. */
static int add_repeated(struct cli *cli, const char *name, const char *value, struct sk_error *err)
{
	int filter = strcmp(name, "filter") == 0;
	const char ***list = filter ? &cli->filters : &cli->references;
	size_t *n = filter ? &cli->n_filters : &cli->n_references;
	const char **grown;

	if (filter) {
		struct filter_expr *e;
		struct filter_error ferr;
		if (filter_parse(value, &e, &ferr) != 0) {
			struct strbuf line = STRBUF_INIT;
			filter_error_line(&line, "--filter", value, &ferr);
			sk_fail(err, ferr.code, "%s", strbuf_ok(&line) ? strbuf_str(&line) : ferr.message);
			strbuf_release(&line);
			return ferr.code;
		}
		filter_expr_free(e);
	} else if (!strchr(value, '=') || value[0] == '=' || strchr(value, '=')[1] == '\0') {
		return usage(err, cli->command, "--reference '%s' must be VAR=LEVEL (a level as written or its label, e.g. scenario=Fix only)", value);
	}
	grown = realloc(*list, (*n + 1) * sizeof **list);
	if (!grown)
		return sk_fail(err, SK_EXIT_USAGE, "out of memory");
	*list = grown;
	grown[(*n)++] = value;
	return 0;
}

static int set_global(struct cli *cli, const char *name, const char *value, struct sk_error *err)
{
	if (strcmp(name, "format") == 0) {
		if (render_parse_format(value, &cli->format) != 0)
			return usage(err, cli->command, "unknown format '%s' (use text, json, csv or markdown)", value);
	} else if (strcmp(name, "style") == 0) {
		if (render_parse_style(value, &cli->style) != 0)
			return usage(err, cli->command, "unknown style '%s' (use plain or apa)", value);
	} else if (strcmp(name, "output") == 0) {
		cli->output = value;
	} else if (strcmp(name, "codebook") == 0) {
		cli->codebook = value;
	} else if (strcmp(name, "missing") == 0) {
		free(cli->missing);
		if (parse_codes(value, &cli->missing, &cli->n_missing) != 0)
			return usage(err, cli->command, "--missing '%s' is not a list of numbers", value);
	} else if (strcmp(name, "delimiter") == 0) {
		if (strcmp(value, "tab") == 0 || strcmp(value, "\\t") == 0 || strcmp(value, "\t") == 0)
			cli->delimiter = '\t';
		else if (strlen(value) == 1 && strchr(",;|", value[0]))
			cli->delimiter = value[0];
		else
			return usage(err, cli->command, "--delimiter '%s' must be ',', ';', '|' or 'tab'", value);
	} else if (strcmp(name, "min-items") == 0) {
		if (parse_size(value, &cli->min_items) != 0 || cli->min_items == 0)
			return usage(err, cli->command, "--min-items '%s' must be a positive whole number", value);
	} else if (strcmp(name, "ci") == 0) {
		double v;
		if (num_parse(value, strlen(value), 0, &v) != NUM_OK || !(v > 0 && v < 100))
			return usage(err, cli->command, "--ci '%s' must be a level between 0 and 100, e.g. 95", value);
		cli->ci = v > 1 ? v / 100 : v;
	} else if (strcmp(name, "digits") == 0) {
		size_t d;
		if (parse_size(value, &d) != 0 || d > 15)
			return usage(err, cli->command, "--digits '%s' must be a whole number from 0 to 15", value);
		cli->digits = (int)d;
	} else if (strcmp(name, "quiet") == 0) {
		cli->quiet = 1;
	} else if (strcmp(name, "filter") == 0 || strcmp(name, "reference") == 0) {
		return add_repeated(cli, name, value, err);
	} else {
		size_t *target = strcmp(name, "max-field") == 0 ? &cli->max_field
				 : strcmp(name, "max-columns") == 0 ? &cli->max_columns
								    : &cli->max_rows;
		if (parse_size(value, target) != 0 || *target == 0)
			return usage(err, cli->command, "a limit must be a positive whole number, not '%s'", value);
	}
	return 0;
}

int cli_parse(struct cli *cli, const char *command, const struct option_spec *specs, int argc, char **argv,
	      struct sk_error *err)
{
	memset(cli, 0, sizeof *cli);
	cli->command = command;
	cli->format = FORMAT_TEXT;
	cli->ci = 0.95;
	cli->digits = 4;
	cli->max_field = CSV_DEFAULT_MAX_FIELD;
	cli->max_columns = CSV_DEFAULT_MAX_COLUMNS;
	cli->max_rows = CSV_DEFAULT_MAX_ROWS;
	cli->positional = calloc((size_t)argc + 1, sizeof *cli->positional);
	cli->values = calloc((size_t)argc + 1, sizeof *cli->values);
	if (!cli->positional || !cli->values)
		return sk_out_of_memory(err);
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i], *name, *eq, *value = NULL;
		const struct option_spec *spec;
		int global;
		size_t len;
		if (strcmp(a, "-o") == 0)
			a = "--output";
		if (strncmp(a, "--", 2) != 0 || a[2] == '\0') {
			cli->positional[cli->n_positional++] = a;
			continue;
		}
		name = a + 2;
		eq = strchr(name, '=');
		len = eq ? (size_t)(eq - name) : strlen(name);
		spec = find_spec(specs, name, len);
		global = spec == NULL;
		if (!spec)
			spec = find_spec(global_options, name, len);
		if (!spec)
			return usage(err, command, "unknown option '%s'", a);
		if (spec->arg && spec->arg[0] == '[') {
			size_t ignored;
			if (eq)
				value = eq + 1;
			else if (i + 1 < argc && parse_size(argv[i + 1], &ignored) == 0)
				value = argv[++i];
			else
				value = "";
		} else if (spec->arg) {
			if (eq)
				value = eq + 1;
			else if (i + 1 < argc)
				value = argv[++i];
			else
				return usage(err, command, "option '--%s' needs a value", spec->name);
		} else if (eq) {
			return usage(err, command, "option '--%s' takes no value", spec->name);
		} else {
			value = "";
		}
		if (global) {
			int rc = set_global(cli, spec->name, value, err);
			if (rc)
				return rc;
		} else {
			cli->values[cli->n_values].name = spec->name;
			cli->values[cli->n_values].value = value;
			cli->n_values++;
		}
	}
	if (cli->format == FORMAT_DOCX && (!cli->output || strcmp(cli->output, "-") == 0))
		return usage(err, command, "--format docx needs -o FILE%s", "");
	return 0;
}

void cli_free(struct cli *cli)
{
	free(cli->positional);
	free(cli->values);
	free(cli->missing);
	free(cli->filters);
	free(cli->references);
	memset(cli, 0, sizeof *cli);
}

struct cli cli_derive(const struct cli *base, const char *command, const char **data,
		      const struct cli_value *values, size_t n)
{
	struct cli c = *base;

	c.command = command;
	c.positional = data;
	c.n_positional = data ? 1 : 0;
	c.output = NULL;
	c.values = (struct cli_value *)values;
	c.n_values = n;
	return c;
}

const char *cli_get(const struct cli *cli, const char *name)
{
	const char *v = NULL;

	for (size_t i = 0; i < cli->n_values; i++)
		if (strcmp(cli->values[i].name, name) == 0)
			v = cli->values[i].value;
	return v;
}

int cli_flag(const struct cli *cli, const char *name)
{
	return cli_get(cli, name) != NULL;
}

int cli_get_size(const struct cli *cli, const char *name, size_t def, size_t *out, struct sk_error *err)
{
	const char *v = cli_get(cli, name);

	*out = def;
	if (v && *v && parse_size(v, out) != 0)
		return sk_fail(err, SK_EXIT_USAGE, "--%s '%s' must be a whole number (see 'surveykit %s --help')", name,
			       v, cli->command);
	return 0;
}

int cli_get_double(const struct cli *cli, const char *name, double def, double *out, struct sk_error *err)
{
	const char *v = cli_get(cli, name);

	*out = def;
	if (v && num_parse(v, strlen(v), 0, out) != NUM_OK)
		return sk_fail(err, SK_EXIT_USAGE, "--%s '%s' must be a number (see 'surveykit %s --help')", name, v,
			       cli->command);
	return 0;
}

void cli_list_free(char **items)
{
	if (!items)
		return;
	for (char **p = items; *p; p++)
		free(*p);
	free(items);
}

enum cli_numbers_why cli_parse_numbers(const char *text, double *out, size_t cap, size_t *n)
{
	const char *s = text;

	*n = 0;
	while (*s) {
		char *end;
		double d = strtod(s, &end);
		if (end == s || (*end && *end != ',') || !isfinite(d))
			return CLI_NUMBERS_NOT_A_NUMBER;
		if (*n == cap)
			return CLI_NUMBERS_TOO_MANY;
		out[(*n)++] = d;
		s = *end ? end + 1 : end;
	}
	return *n ? CLI_NUMBERS_OK : CLI_NUMBERS_NONE;
}

int cli_get_list(const struct cli *cli, const char *name, char ***items, size_t *n, struct sk_error *err)
{
	const char *v = cli_get(cli, name), *p;
	size_t count = 1;

	*items = NULL;
	*n = 0;
	if (!v)
		return 0;
	for (p = v; *p; p++)
		count += *p == ',';
	*items = calloc(count + 1, sizeof **items);
	if (!*items)
		return sk_out_of_memory(err);
	p = v;
	for (size_t i = 0; i < count; i++) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		while (len && *p == ' ')
			p++, len--;
		while (len && p[len - 1] == ' ')
			len--;
		if (len == 0) {
			cli_list_free(*items);
			*items = NULL;
			return sk_fail(err, SK_EXIT_USAGE, "--%s '%s' has an empty name in its list (see 'surveykit %s --help')",
				       name, v, cli->command);
		}
		if (!((*items)[i] = strndup(p, len))) {
			cli_list_free(*items);
			*items = NULL;
			return sk_out_of_memory(err);
		}
		p = end ? end + 1 : p + len;
	}
	*n = count;
	return 0;
}

int cli_data_path(const struct cli *cli, const char **path, struct sk_error *err)
{
	if (cli->n_positional != 1)
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit %s' takes one data file, got %zu (see 'surveykit %s --help')",
			       cli->command, cli->n_positional, cli->command);
	*path = cli->positional[0];
	return 0;
}

static void print_options(FILE *out, const struct option_spec *specs)
{
	for (; specs && specs->name; specs++) {
		char left[64];
		snprintf(left, sizeof left, "--%s%s%s", specs->name, specs->arg ? " " : "", specs->arg ? specs->arg : "");
		fprintf(out, "  %-22s %s\n", left, specs->help);
	}
}

void cli_print_help(FILE *out, const char *command, const char *synopsis, const char *summary,
		    const struct option_spec *specs)
{
	fprintf(out, "usage: surveykit %s %s\n\n%s\n", command, synopsis, summary);
	if (specs && specs->name) {
		fputs("\noptions:\n", out);
		print_options(out, specs);
	}
	fputs("\nglobal options:\n", out);
	print_options(out, global_options);
	fputs("  -o FILE                same as --output FILE\n", out);
}
