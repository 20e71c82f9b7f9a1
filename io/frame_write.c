/* A frame to a CSV (+ codebook) or SPSS file (see io/frame_write.h). */
#include "io/frame_write.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/csv_writer.h"
#include "io/output.h"

enum frame_file_kind frame_file_kind(const char *path)
{
	const char *dot = strrchr(path, '.');
	const char *slash = strrchr(path, '/');

	if (!dot || (slash && dot < slash))
		return FRAME_FILE_UNKNOWN;
	if (strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".txt") == 0)
		return FRAME_FILE_CSV;
	if (strcasecmp(dot, ".sav") == 0)
		return FRAME_FILE_SAV;
	if (strcasecmp(dot, ".zsav") == 0)
		return FRAME_FILE_ZSAV;
	if (strcasecmp(dot, ".por") == 0)
		return FRAME_FILE_POR;
	return FRAME_FILE_UNKNOWN;
}

const char *frame_file_kind_name(enum frame_file_kind kind)
{
	static const char *const names[] = {"csv", "sav", "zsav", "por", "csv"};

	return names[kind];
}

int frame_codebook(const struct frame *f, struct codebook *cb)
{
	memset(cb, 0, sizeof *cb);
	cb->vars = calloc(f->n_cols ? f->n_cols : 1, sizeof *cb->vars);
	if (!cb->vars)
		return -1;
	for (size_t j = 0; j < f->n_cols; j++) {
		cb->vars[j] = f->cols[j].meta;
		cb->vars[j].column = f->cols[j].name;
	}
	cb->n = f->n_cols;
	return 0;
}

void frame_codebook_release(struct codebook *cb)
{
	free(cb->vars);
	memset(cb, 0, sizeof *cb);
}

char *frame_codebook_path(const char *data_path)
{
	const char *dot = strrchr(data_path, '.');
	const char *slash = strrchr(data_path, '/');
	size_t stem = dot && (!slash || dot > slash) && dot != data_path && dot[-1] != '/' ? (size_t)(dot - data_path)
											      : strlen(data_path);
	char *p = malloc(stem + sizeof ".codebook.csv");

	if (!p)
		return NULL;
	memcpy(p, data_path, stem);
	memcpy(p + stem, ".codebook.csv", sizeof ".codebook.csv");
	return p;
}

static int write_codebook(const struct frame *f, const char *path, struct output *o, struct sk_error *err)
{
	struct codebook cb;
	int rc;

	if (frame_codebook(f, &cb) != 0)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': out of memory", path);
	if ((rc = output_open(o, path, err)) != SK_EXIT_OK) {
		frame_codebook_release(&cb);
		return rc;
	}
	if (codebook_write(&cb, o->fp) != 0) {
		frame_codebook_release(&cb);
		output_abort(o);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
	}
	frame_codebook_release(&cb);
	return SK_EXIT_OK;
}

int frame_write_file(const struct frame *f, const char *path, char **codebook_path,
		     struct sav_write_report *report, struct sk_error *err)
{
	static const enum sav_kind sav_kinds[] = {SAV_BYTECODE, SAV_BYTECODE, SAV_ZLIB, SAV_PORTABLE};
	enum frame_file_kind kind = frame_file_kind(path);
	struct output data = {0}, book = {0};
	char *cb_path = NULL;
	int have_book = 0, rc;

	if (kind == FRAME_FILE_UNKNOWN)
		kind = FRAME_FILE_CSV;
	if (codebook_path)
		*codebook_path = NULL;
	if (report)
		memset(report, 0, sizeof *report);
	if ((rc = output_open(&data, path, err)) != SK_EXIT_OK)
		return rc;
	if (kind == FRAME_FILE_CSV) {
		errno = 0;
		if (csv_write_frame(data.fp, f) != 0) {
			rc = sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", path, strerror(errno ? errno : EIO));
			goto fail;
		}
		cb_path = frame_codebook_path(path);
		if (!cb_path) {
			rc = sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': out of memory", path);
			goto fail;
		}
		if ((rc = write_codebook(f, cb_path, &book, err)) != SK_EXIT_OK)
			goto fail;
		have_book = 1;
	} else if ((rc = sav_write(f, sav_kinds[kind], data.fp, path, report, err)) != SK_EXIT_OK) {
		goto fail;
	}
	/* both complete: put in place together (the codebook first, so a data file never lands
	 * without its codebook) */
	if ((rc = output_commit_pair(&data, have_book ? &book : NULL, err)) != SK_EXIT_OK)
		goto done;
	if (codebook_path) {
		*codebook_path = cb_path;
		cb_path = NULL;
	}
	goto done;
fail:
	if (have_book)
		output_abort(&book);
	output_abort(&data);
done:
	free(cb_path);
	return rc;
}
