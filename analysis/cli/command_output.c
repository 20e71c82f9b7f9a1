#include "analysis/cli/command_output.h"

#include <jansson.h>
#include <string.h>

#include "io/doc.h"
#include "io/docwrite.h"
#include "io/output.h"
#include "io/render.h"

/* Word through pandoc (io/docwrite.h): the document model of the result in the chosen style. */
static int write_docx(const json_t *doc, const struct render_options *ro, FILE *out, struct sk_error *err)
{
	const char *command = json_string_value(json_object_get(doc, "command"));
	char title[128], msg[256];
	struct dm_doc d;
	enum dm_docx_status st = DM_DOCX_SYSTEM;

	snprintf(title, sizeof title, "surveykit %s", command ? command : "");
	dm_init(&d, title, "en");
	render_docmodel(doc, ro, &d, 1);
	snprintf(msg, sizeof msg, "out of memory");
	if (dm_ok(&d))
		st = dm_write_docx(&d, ".", out, msg, sizeof msg);
	dm_release(&d);
	if (st == DM_DOCX_NO_PANDOC)
		return sk_fail(err, SK_EXIT_OUTPUT, "no Word document written: %s", DM_DOCX_HOW);
	if (st == DM_DOCX_FAILED || st == DM_DOCX_SYSTEM)
		return sk_fail(err, SK_EXIT_OUTPUT, "no Word document written: %s", msg);
	return st == DM_DOCX_OK ? 0 : -1;
}

int command_output(const struct cli *cli, json_t *doc, struct sk_error *err)
{
	struct render_options ro = {.format = cli->format, .digits = cli->digits, .style = cli->style, .ci = cli->ci};
	struct output out;
	int status;

	/* the values that could not be computed are named in notes */
	doc_explain(doc);
	/* warnings and notes read last, whenever they were added */
	for (size_t i = 0; i < 2; i++) {
		const char *key = i ? "notes" : "warnings";
		json_t *lines = json_incref(json_object_get(doc, key));
		if (lines) {
			json_object_del(doc, key);
			json_object_set_new(doc, key, lines);
		}
	}
	/* -o naming an input is refused by output_open (io/output.h) */
	status = output_open(&out, cli->output, err);
	if (status != 0)
		return status;
	if (cli->format == FORMAT_DOCX) {
		status = write_docx(doc, &ro, out.fp, err);
		if (status > 0) {
			output_abort(&out);
			return status;
		}
	} else {
		status = render_doc(doc, &ro, out.fp);
	}
	if (status != 0) {
		output_abort(&out);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s'", cli->output ? cli->output : "standard output");
	}
	return output_commit(&out, err);
}

int command_check_output(const struct cli *cli, struct sk_error *err)
{
	return cli->output && strcmp(cli->output, "-") != 0 ? output_guard_check(cli->output, 0, err) : 0;
}
