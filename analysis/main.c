/* surveykit: analysis of service-recovery surveys. Dispatches git-style subcommands from the
 * command table; every error ends as one line on stderr and a documented exit code. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands.h"
#include "io/version.h"

static const struct command commands[] = {
	{"describe", cmd_describe, describe_options, "DATA [--codebook CB] [--by VAR]",
	 "Items, scales and data quality of a wave: n, missing, out of range, mean, SD, median, skewness,\n"
	 "kurtosis (SPSS definitions), frequencies of groups, duplicate ids, straight-lining."},
	{"simulate", cmd_simulate, simulate_options, "[--design between|within] [--n N] [--seed S] [-o FILE]",
	 "Write a study-shaped wave with planted effects (and its codebook next to FILE)."},
};

static void print_usage(FILE *out)
{
	fprintf(out, "usage: surveykit COMMAND [ARGS] [--help]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].synopsis);
	fprintf(out, "\nexit codes: 0 ok, 1 analysis not possible on this data, 2 usage error,\n"
		     "            3 unreadable or invalid input, 4 output cannot be written\n");
}

/* Standard streams the caller closed (`surveykit describe DATA >&-`) are held open on /dev/null
 * read-only, so no file opened later takes descriptor 1 and receives the report, and writing the
 * report fails (EBADF): exit 4. A file size limit (ulimit -f) makes a write fail with EFBIG
 * instead of killing the process, so the partial output file is removed as on a full disk. */
static void guard_output(void)
{
	for (int fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) == -1 && errno == EBADF && open("/dev/null", O_RDONLY) != fd)
			break;
	signal(SIGXFSZ, SIG_IGN);
}

static int wants_help(int argc, char **argv)
{
	for (int i = 0; i < argc; i++)
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			return 1;
	return 0;
}

int main(int argc, char **argv)
{
	struct sk_error err = {0};
	const struct command *cmd = NULL;
	struct cli cli;
	int status;

	gsl_set_error_handler_off();
	guard_output();
	if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
		print_usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? SK_EXIT_USAGE : SK_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("surveykit %s\n", SURVEYKIT_VERSION);
		return fflush(stdout) == 0 ? SK_EXIT_OK : SK_EXIT_OUTPUT;
	}
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(argv[1], commands[i].name) == 0)
			cmd = &commands[i];
	if (!cmd) {
		fprintf(stderr, "surveykit: unknown command '%s' (see 'surveykit --help')\n", argv[1]);
		return SK_EXIT_USAGE;
	}
	if (wants_help(argc - 2, argv + 2)) {
		cli_print_help(stdout, cmd->name, cmd->synopsis, cmd->summary, cmd->options);
		return fflush(stdout) == 0 ? SK_EXIT_OK : SK_EXIT_OUTPUT;
	}
	status = cli_parse(&cli, cmd->name, cmd->options, argc - 2, argv + 2, &err);
	if (status == 0)
		status = cmd->run(&cli, &err);
	cli_free(&cli);
	if (status != 0) {
		fflush(stdout);
		fprintf(stderr, "surveykit: %s\n", err.msg);
	}
	return status;
}
