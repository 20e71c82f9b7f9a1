/* libFuzzer target: the whole `surveykit describe` path (reading, codebook, inference, scales,
 * rendering). Input: a first line of extra arguments (e.g. "--by g --format json"), then the
 * data, then optionally "\n%%\n" and a codebook. Output goes to /dev/null. */
#include "tests/fuzz/scratch.h"

#include <stdint.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/commands/describe.h"

#define MAX_ARGS 16

static struct scratch data_file, codebook_file;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	scratch_open(&data_file, "data.csv");
	scratch_open(&codebook_file, "codebook.csv");
	if (!freopen("/dev/null", "w", stdout))
		abort();
	return 0;
}

/* describe's steps as main runs them: parse, load, run, emit, write. */
static void describe(const struct cli *cli, struct sk_error *err)
{
	struct describe_request q = {0};
	struct describe_result res = {0};
	struct dataset ds;
	const char *path;
	json_t *doc;

	if (cli_data_path(cli, &path, err) == 0 && describe_request_parse(cli, &q, err) == 0 &&
	    dataset_load(&ds, path, cli, err) == 0) {
		if (describe_run(&q, &ds, &res, err) == 0 && (doc = describe_emit(&res))) {
			command_output(cli, doc, err);
			json_decref(doc);
		}
		describe_result_release(&res);
		dataset_free(&ds);
	}
	describe_request_release(&q);
}

int LLVMFuzzerTestOneInput(const uint8_t *bytes, size_t size)
{
	const char *in = (const char *)bytes, *nl = memchr(in, '\n', size), *split;
	char line[512], *argv[MAX_ARGS + 3], *tok, *save;
	int argc = 0;
	struct cli cli;
	struct sk_error err;

	if (!nl || (size_t)(nl - in) >= sizeof line)
		return 0;
	memcpy(line, in, (size_t)(nl - in));
	line[nl - in] = '\0';
	size -= (size_t)(nl - in) + 1;
	in = nl + 1;
	argv[argc++] = data_file.path;
	for (tok = strtok_r(line, " ", &save); tok && argc < MAX_ARGS; tok = strtok_r(NULL, " ", &save))
		if (strncmp(tok, "-o", 2) != 0 && strncmp(tok, "--output", 8) != 0 && strncmp(tok, "--codebook", 10) != 0)
			argv[argc++] = tok; /* never let the input choose a file to write or read */
	split = size >= 4 ? memmem(in, size, "\n%%\n", 4) : NULL;
	if (split) {
		scratch_fill(&codebook_file, split + 4, size - (size_t)(split + 4 - in));
		size = (size_t)(split - in) + 1;
		argv[argc++] = "--codebook";
		argv[argc++] = codebook_file.path;
	}
	scratch_fill(&data_file, in, size);
	argv[argc] = NULL;
	if (cli_parse(&cli, "describe", describe_options, argc, argv, &err) == 0)
		describe(&cli, &err);
	cli_free(&cli);
	clearerr(stdout);
	return 0;
}
