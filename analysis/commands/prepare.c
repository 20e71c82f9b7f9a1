/* surveykit prepare DATA [--codebook CB] --filter EXPR [--filter EXPR ...] -o OUT.csv:
 * the analysed sample as a file. Writes the rows every --filter step keeps, as read (a missing
 * code or a value outside a range stays in its cell; text answers with codebook values become
 * their codes; Qualtrics's extra header rows are gone) to OUT.csv; its codebook to
 * OUT.codebook.csv (the --codebook as given, else what the file states and inference adds, as
 * `convert` writes it), so that any command reading OUT.csv analyses what filtering on the fly
 * analyses; and the audit of the exclusions to OUT.exclusions.csv: one row per removed row,
 *   id,line,step,filter
 * (the id column's value, the row's line in DATA, the first step that removed it and its
 * expression). The three files are written under temporary names and put in place together
 * (io/output.h); none names an input. Standard output gets the exclusion record. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/exclusions.h"
#include "analysis/data/rawdata.h"
#include "io/csv_writer.h"
#include "io/doc.h"
#include "io/frame_write.h"
#include "io/output.h"

const struct option_spec prepare_options[] = {
	{0},
};

struct prepare_request {
	const char *data;
	const char *out;      /* OUT.csv */
	char *codebook_out;   /* OUT.codebook.csv */
	char *exclusions_out; /* OUT.exclusions.csv */
};

struct prepare_result {
	const struct dataset *ds; /* the wave as analysed (its notes and exclusion record) */
	struct frame frame;       /* the rows kept, as read */
};

static void prepare_request_release(struct prepare_request *r)
{
	free(r->codebook_out);
	free(r->exclusions_out);
	memset(r, 0, sizeof *r);
}

/* "OUT.csv" -> "OUT" + suffix */
static char *sibling(const char *out, const char *suffix)
{
	size_t stem = strlen(out) - 4;
	char *p = malloc(stem + strlen(suffix) + 1);

	if (p) {
		memcpy(p, out, stem);
		strcpy(p + stem, suffix);
	}
	return p;
}

static int prepare_request_parse(const struct cli *cli, struct prepare_request *r, struct sk_error *err)
{
	size_t len;

	memset(r, 0, sizeof *r);
	if (cli_data_path(cli, &r->data, err) != 0)
		return err->code;
	r->out = cli->output;
	len = r->out ? strlen(r->out) : 0;
	if (!r->out || strcmp(r->out, "-") == 0)
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit prepare' needs -o OUT.csv (see 'surveykit prepare --help')");
	if (len < 5 || strcasecmp(r->out + len - 4, ".csv") != 0 || r->out[len - 5] == '/')
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit prepare' writes a CSV file named NAME.csv, not '%s'", r->out);
	r->codebook_out = sibling(r->out, ".codebook.csv");
	r->exclusions_out = sibling(r->out, ".exclusions.csv");
	if (!r->codebook_out || !r->exclusions_out) {
		prepare_request_release(r);
		return sk_fail(err, SK_EXIT_USAGE, "out of memory");
	}
	if (strcmp(r->out, r->data) == 0 || strcmp(r->codebook_out, r->data) == 0 ||
	    strcmp(r->exclusions_out, r->data) == 0 || (cli->codebook && (strcmp(r->out, cli->codebook) == 0 ||
									 strcmp(r->codebook_out, cli->codebook) == 0 ||
									 strcmp(r->exclusions_out, cli->codebook) == 0))) {
		prepare_request_release(r);
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit prepare': -o '%s' would replace an input", cli->output);
	}
	return 0;
}

/* The wave as read (io/readstat_reader.h, analysis/data/rawdata.h) with the rows ds kept. */
static int prepare_run(const struct cli *cli, const struct prepare_request *r, const struct dataset *ds,
		struct prepare_result *res, struct sk_error *err)
{
	json_t *scratch;
	int status;

	memset(res, 0, sizeof *res);
	res->ds = ds;
	if ((status = rawdata_load(r->data, cli, &res->frame, err)) != 0)
		return status;
	if (!(scratch = json_object())) {
		frame_free(&res->frame);
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	}
	/* the record and notes are the dataset's; the scratch document takes rawdata's copies */
	status = rawdata_exclude(&res->frame, ds, scratch, err);
	if (status == 0 && !cli->codebook)
		rawdata_infer(&res->frame, ds, scratch);
	json_decref(scratch);
	if (status != 0)
		frame_free(&res->frame);
	return status;
}

static int write_exclusions(FILE *fp, const struct exclusions *x)
{
	if (csv_write_field(fp, "id") || fputc(',', fp) == EOF || csv_write_field(fp, "line") || fputc(',', fp) == EOF ||
	    csv_write_field(fp, "step") || fputc(',', fp) == EOF || csv_write_field(fp, "filter") || fputc('\n', fp) == EOF)
		return -1;
	for (size_t i = 0; x && i < x->rows_read; i++) {
		uint32_t s = x->first_failed[i];
		if (s == EXCLUSION_KEPT)
			continue;
		if ((x->id && x->id[i] && csv_write_field(fp, x->id[i])) ||
		    fprintf(fp, ",%zu,%u,", x->line[i], (unsigned)s + 1) < 0 || csv_write_field(fp, x->steps[s]) ||
		    fputc('\n', fp) == EOF)
			return -1;
	}
	return ferror(fp) ? -1 : 0;
}

static int write_codebook_of(const struct prepare_result *res, FILE *fp)
{
	struct codebook cb;
	int rc;

	if (res->ds->codebook.path)
		return codebook_write(&res->ds->codebook, fp);
	if (frame_codebook(&res->frame, &cb) != 0)
		return -1;
	rc = codebook_write(&cb, fp);
	frame_codebook_release(&cb);
	return rc;
}

/* The three files, put in place together: the audit first, then the data with its codebook; the
 * audit is removed again when the pair cannot be committed. */
static int prepare_write(const struct prepare_request *r, const struct prepare_result *res, struct sk_error *err)
{
	struct output data = {0}, book = {0}, audit = {0};
	int status;

	if ((status = output_open(&data, r->out, err)) != 0)
		return status;
	if ((status = output_open(&book, r->codebook_out, err)) != 0) {
		output_abort(&data);
		return status;
	}
	if ((status = output_open(&audit, r->exclusions_out, err)) != 0) {
		output_abort(&data);
		output_abort(&book);
		return status;
	}
	errno = 0;
	if (csv_write_frame(data.fp, &res->frame) != 0 || write_codebook_of(res, book.fp) != 0 ||
	    write_exclusions(audit.fp, res->ds->exclusions) != 0) {
		status = sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", r->out, strerror(errno ? errno : EIO));
		output_abort(&data);
		output_abort(&book);
		output_abort(&audit);
		return status;
	}
	if ((status = output_commit(&audit, err)) != 0) {
		output_abort(&data);
		output_abort(&book);
		return status;
	}
	if ((status = output_commit_pair(&data, &book, err)) != 0)
		unlink(r->exclusions_out);
	return status;
}

static json_t *prepare_emit(const struct prepare_request *r, const struct prepare_result *res)
{
	json_t *doc = dataset_doc(res->ds, "prepare"), *o;

	if (!doc)
		return NULL;
	o = doc_obj(doc, "output");
	doc_str(o, "file", r->out);
	doc_str(o, "codebook", r->codebook_out);
	doc_str(o, "exclusions", r->exclusions_out);
	doc_size(o, "rows", res->frame.n_rows);
	doc_size(o, "columns", res->frame.n_cols);
	if (!res->ds->exclusions)
		doc_note(doc, "no --filter given: every row is kept");
	return doc;
}

static void prepare_result_release(struct prepare_result *res)
{
	frame_free(&res->frame);
	memset(res, 0, sizeof *res);
}

int cmd_prepare(const struct cli *cli, struct sk_error *err)
{
	struct prepare_request r;
	struct prepare_result res;
	struct dataset ds;
	struct cli out = *cli;
	json_t *doc;
	int status;

	if ((status = prepare_request_parse(cli, &r, err)) != 0)
		return status;
	if ((status = dataset_load(&ds, r.data, cli, err)) != 0) {
		prepare_request_release(&r);
		return status;
	}
	if ((status = prepare_run(cli, &r, &ds, &res, err)) == 0) {
		if ((status = prepare_write(&r, &res, err)) == 0) {
			out.output = NULL; /* -o is the data file; the record goes to standard output */
			doc = prepare_emit(&r, &res);
			status = doc ? command_output(&out, doc, err) : sk_fail(err, SK_EXIT_OUTPUT, "out of memory");
			json_decref(doc);
		}
		prepare_result_release(&res);
	}
	dataset_free(&ds);
	prepare_request_release(&r);
	return status;
}
