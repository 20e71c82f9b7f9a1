/* surveykit score: the wave's scale scores as CSV, one row per respondent, beside its id and
 * group columns (or, with --keep all, after every original column), ready for other software.
 * What the dataset layer noted or warned of, and why scores are empty (analysis/data/dropped.h, per scale), go to
 * standard error, as for `codebook` (not with --quiet): the CSV holds data only. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/dropped.h"
#include "analysis/data/parallel.h"
#include "io/doc.h"
#include "io/csv_writer.h"
#include "io/output.h"

const struct option_spec score_options[] = {
	{"keep", "WHICH", "columns written before the scores: ids (id and group columns, default) or all"},
	{0},
};

/* Chunks of DATASET_SCORE_ROWS rows formatted side by side and written in order as each is ready
 * (parallel_ordered, analysis/data/parallel.h): the file is the same on any number of threads.
 * SCORE_SLOTS chunks may be formatted ahead of the one being written. */
#define SCORE_SLOTS 4

struct score_job {
	const struct dataset *ds;
	const size_t *keep;
	size_t n_keep;
	FILE *out;
	double *chunk;                   /* SCORE_SLOTS x n_scales x DATASET_SCORE_ROWS scores */
	struct csv_rows rows[SCORE_SLOTS];
};

/* Chunk t into its slot: the scales are scored into the slot's part of `chunk` (n_scales x
 * DATASET_SCORE_ROWS) and the rows, the kept columns as read and then the scores, built in its
 * buffer. */
static void format_chunk(void *ctx, size_t t, size_t slot)
{
	struct score_job *b = ctx;
	const struct dataset *ds = b->ds;
	const struct frame *f = &ds->frame;
	struct csv_rows *rows = &b->rows[slot];
	size_t from = t * DATASET_SCORE_ROWS;
	size_t n = f->n_rows - from < DATASET_SCORE_ROWS ? f->n_rows - from : DATASET_SCORE_ROWS;
	double *chunk = b->chunk + slot * ds->n_scales * DATASET_SCORE_ROWS;

	for (size_t s = 0; s < ds->n_scales; s++)
		dataset_score_rows(ds, &ds->scales[s], from, n, chunk + s * DATASET_SCORE_ROWS);
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < b->n_keep; j++) {
			if (j)
				csv_rows_char(rows, ',');
			const struct column *c = &f->cols[b->keep[j]];
			if (c->kind == COLUMN_TEXT) {
				const char *text = frame_text(f, b->keep[j], from + i);
				if (text)
					csv_rows_field(rows, text);
			} else if (c->small) {
				if (c->small[from + i] != INT8_MIN)
					csv_rows_whole(rows, c->small[from + i]);
			} else if (c->whole) {
				if (c->whole[from + i] != INT32_MIN)
					csv_rows_whole(rows, c->whole[from + i]);
			} else {
				csv_rows_number(rows, frame_value(f, b->keep[j], from + i));
			}
		}
		for (size_t s = 0; s < ds->n_scales; s++) {
			if (s || b->n_keep)
				csv_rows_char(rows, ',');
			csv_rows_number(rows, chunk[s * DATASET_SCORE_ROWS + i]);
		}
		csv_rows_char(rows, '\n');
	}
}

/* Hands a formatted chunk to stdio: 0, or -1 when it could not be formatted (out of memory) or the
 * stream reports a write error. */
static int write_chunk(void *ctx, size_t t, size_t slot)
{
	struct score_job *b = ctx;

	(void)t;
	return csv_rows_write(b->out, &b->rows[slot]);
}

/* Writes the rows: 0, or -1 when out of memory (a write error is left in the stream's error
 * flag). */
static int write_rows(FILE *out, const struct dataset *ds, const size_t *keep, size_t n_keep, double *chunk)
{
	const size_t n_rows = ds->frame.n_rows;
	struct score_job b = {.ds = ds, .keep = keep, .n_keep = n_keep, .out = out, .chunk = chunk};
	int status = 0;

	for (size_t t = 0; t < SCORE_SLOTS; t++)
		b.rows[t] = (struct csv_rows)CSV_ROWS_INIT;
	if (parallel_ordered((n_rows + DATASET_SCORE_ROWS - 1) / DATASET_SCORE_ROWS, SCORE_SLOTS, 0, format_chunk,
			     write_chunk, &b) != 0 && !ferror(out))
		status = -1;
	for (size_t t = 0; t < SCORE_SLOTS; t++)
		csv_rows_free(&b.rows[t]);
	return status;
}

/* The notes, and each scale's rows without a score by reason, on standard error. */
static int print_notes(const struct cli *cli, const struct dataset *ds, struct sk_error *err)
{
	json_t *doc, *notes;
	int status = 0;

	if (cli->quiet)
		return 0;
	if (!(doc = dataset_doc(ds, "score")))
		return sk_out_of_memory(err);
	for (size_t s = 0; s < ds->n_scales && status == 0; s++) {
		const char *name = ds->scales[s].name;
		char what[300];
		snprintf(what, sizeof what, "scale '%.200s' (an empty score)", name);
		status = dataset_note_dropped(ds, doc, what, &name, 1, NULL, err);
	}
	for (int w = 1; w >= 0; w--) {
		notes = json_object_get(doc, w ? "warnings" : "notes");
		for (size_t i = 0; status == 0 && i < json_array_size(notes); i++)
			fprintf(stderr, "surveykit: %s: %s\n", w ? "warning" : "note",
				json_string_value(json_array_get(notes, i)));
	}
	json_decref(doc);
	return status;
}

int cmd_score(const struct cli *cli, struct sk_error *err)
{
	const char *path, *keep_opt = cli_get(cli, "keep");
	struct dataset ds;
	struct output out;
	size_t *keep = NULL, n_keep = 0, n_scores = 0;
	const char **names = NULL;
	double *chunk = NULL;
	int status, all = keep_opt && strcmp(keep_opt, "all") == 0;

	if ((status = cli_data_path(cli, &path, err)) != 0)
		return status;
	if (keep_opt && !all && strcmp(keep_opt, "ids") != 0)
		return sk_fail(err, SK_EXIT_USAGE, "--keep must be ids or all, not '%s'", keep_opt);
	if (cli->format != FORMAT_TEXT && cli->format != FORMAT_CSV)
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit score' writes CSV only");
	if ((status = dataset_load(&ds, path, cli, err)) != 0)
		return status;
	if (ds.n_scales == 0) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "'%s' has no scales to score (give a codebook with items)", path);
		goto done;
	}
	keep = malloc((ds.frame.n_cols + 1) * sizeof *keep);
	names = malloc((ds.frame.n_cols + ds.n_scales + 1) * sizeof *names);
	chunk = malloc(SCORE_SLOTS * ds.n_scales * DATASET_SCORE_ROWS * sizeof *chunk);
	if (!keep || !names || !chunk) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t j = 0; j < ds.frame.n_cols; j++) {
		enum column_role role = ds.frame.cols[j].meta.role;
		if (all || role == ROLE_ID || role == ROLE_GROUP) {
			names[n_keep] = ds.frame.cols[j].name;
			keep[n_keep++] = j;
		}
	}
	for (; n_scores < ds.n_scales; n_scores++) {
		if ((status = dataset_check_scale(&ds, &ds.scales[n_scores], err)) != 0)
			goto done;
		names[n_keep + n_scores] = ds.scales[n_scores].name;
	}
	if ((status = output_open(&out, cli->output, err)) != 0)
		goto done;
	csv_write_header(out.fp, names, n_keep + n_scores);
	if (write_rows(out.fp, &ds, keep, n_keep, chunk) != 0) {
		output_abort(&out);
		status = sk_out_of_memory(err);
		goto done;
	}
	if (ferror(out.fp) && out.fp != stdout) {
		output_abort(&out);
		status = sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s'", cli->output);
		goto done;
	}
	status = output_commit(&out, err);
	if (status == 0)
		status = print_notes(cli, &ds, err);
done:
	free(keep);
	free(names);
	free(chunk);
	dataset_free(&ds);
	return status;
}
