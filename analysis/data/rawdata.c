/* Reading a wave as it is and writing it on (see analysis/data/rawdata.h). */
#include "analysis/data/rawdata.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/codebook.h"
#include "io/csv_reader.h"
#include "io/doc.h"
#include "io/input.h"
#include "io/numparse.h"
#include "io/readstat_reader.h"
#include "io/value_codes.h"

static int out_of_memory(struct sk_error *err)
{
	return sk_fail(err, SK_EXIT_INPUT, "out of memory");
}

/* The codebook's entries become the columns' metadata (a CSV has none of its own). */
/* A text column whose codebook entry has values: its answers as their codes (io/value_codes.h),
 * as the wave is read for analysis; an answer without a label is exit 3 naming it. */
static int code_text_answers(struct frame *f, size_t j, struct sk_error *err)
{
	struct column *c = &f->cols[j];
	size_t *text = frame_make_numeric(f, j);
	int status = 0;

	if (!text)
		return out_of_memory(err);
	for (size_t i = 0; i < f->n_rows && status == 0; i++) {
		const char *t = text[i] == SIZE_MAX ? NULL : f->arena + text[i];
		size_t k;
		double v;
		if (!t || !*t)
			continue;
		if (num_parse(t, strlen(t), 0, &v) == NUM_OK) {
			if (frame_set_number(f, j, i, v) != 0)
				status = out_of_memory(err);
			continue;
		}
		if ((k = value_code_find(&c->meta, t, strlen(t))) == SIZE_MAX) {
			char labels[400];
			value_labels_list(&c->meta, labels, sizeof labels);
			status = sk_fail(err, SK_EXIT_INPUT, "'%s' line %zu, column '%s': '%s' is not one of its values (%s)",
					 f->path, f->line[i], c->name, t, labels);
		} else if (frame_set_number(f, j, i, c->meta.labels[k].value) != 0) {
			status = out_of_memory(err);
		}
	}
	free(text);
	return status;
}

static int attach_codebook(struct frame *f, const struct codebook *cb, struct sk_error *err)
{
	for (size_t k = 0; k < cb->n; k++) {
		const struct var_meta *m = &cb->vars[k];
		size_t j = frame_find(f, m->column);
		struct column *c;
		char *label;
		if (j == SIZE_MAX) /* a computed variable: the dataset layer computes it */
			continue;
		c = &f->cols[j];
		label = c->meta.label; /* the file's (Qualtrics's question text) unless the codebook has one */
		c->meta.label = NULL;
		var_meta_free(&c->meta);
		if (var_meta_copy(&c->meta, m) != 0) {
			free(label);
			return out_of_memory(err);
		}
		free(c->meta.column);
		c->meta.column = NULL;
		if (!c->meta.label)
			c->meta.label = label;
		else
			free(label);
		if (m->role == ROLE_TEXT && c->kind == COLUMN_NUMERIC && frame_make_text(f, j) != 0)
			return out_of_memory(err);
		if (m->role != ROLE_TEXT && m->n_labels && c->kind == COLUMN_TEXT) {
			int status = code_text_answers(f, j, err);
			if (status != 0)
				return status;
			continue;
		}
		if ((m->role == ROLE_ITEM || m->role == ROLE_NUMERIC) && c->kind == COLUMN_TEXT) {
			/* a numeric role on a column the reader found text in: name the first text */
			for (size_t i = 0; i < f->n_rows; i++) {
				const char *t = frame_text(f, j, i);
				double v;
				if (t && num_parse(t, strlen(t), 0, &v) != NUM_OK)
					return sk_fail(err, SK_EXIT_INPUT,
						       "'%s' line %zu, column '%s': '%s' is not a number (the codebook says '%s' is %s)",
						       f->path, f->line[i], c->name, t, c->name, column_role_name(m->role));
			}
		}
	}
	return 0;
}

/* --missing codes join every numeric column's own. */
static int add_global_codes(struct frame *f, const struct cli *cli, struct sk_error *err)
{
	for (size_t j = 0; j < f->n_cols; j++) {
		struct var_meta *m = &f->cols[j].meta;
		if (f->cols[j].kind != COLUMN_NUMERIC)
			continue;
		for (size_t k = 0; k < cli->n_missing; k++) {
			double *codes;
			size_t i = 0;
			while (i < m->n_missing && m->missing[i] != cli->missing[k])
				i++;
			if (i < m->n_missing)
				continue;
			codes = realloc(m->missing, (m->n_missing + 1) * sizeof *codes);
			if (!codes)
				return out_of_memory(err);
			codes[m->n_missing++] = cli->missing[k];
			m->missing = codes;
		}
	}
	return 0;
}

int rawdata_load(const char *path, const struct cli *cli, struct frame *out, struct sk_error *err)
{
	struct codebook cb = {0};
	enum input_format fmt;
	int retval;

	frame_init(out, NULL);
	if (cli->codebook && (retval = codebook_read(cli->codebook, &cb, err)) != 0)
		return retval;
	if ((retval = input_detect(path, &fmt, err)) != 0)
		goto cleanup;
	if (fmt == INPUT_CSV) {
		struct csv_read_options o;
		csv_read_options_init(&o);
		o.delimiter = cli->delimiter;
		o.max_field = cli->max_field;
		o.max_columns = cli->max_columns;
		o.max_rows = cli->max_rows;
		frame_free(out);
		if ((retval = csv_read_frame(path, &o, out, err)) != 0)
			goto cleanup;
		if (cli->codebook && ((retval = codebook_check_columns(&cb, out, err)) != 0 ||
				      (retval = attach_codebook(out, &cb, err)) != 0))
			goto cleanup;
	} else {
		struct statfile_options o;
		statfile_options_init(&o);
		o.codebook = cli->codebook ? &cb : NULL;
		o.raw = 1;
		o.max_string = cli->max_field;
		o.max_columns = cli->max_columns;
		o.max_rows = cli->max_rows;
		frame_free(out);
		if ((retval = statfile_read_path(path, fmt, &o, out, err)) != 0 ||
		    (cli->codebook && (retval = codebook_check_columns(&cb, out, err)) != 0))
			goto cleanup;
	}
	retval = add_global_codes(out, cli, err);
cleanup:
	codebook_free(&cb);
	if (retval != 0)
		frame_free(out);
	return retval;
}

const char *rawdata_codebook(const char *path, const struct cli *cli, char **found)
{
	enum input_format fmt;
	struct sk_error ignored;
	char *p;

	*found = NULL;
	if (cli->codebook)
		return cli->codebook;
	if (input_detect(path, &fmt, &ignored) != 0 || fmt != INPUT_CSV || !(p = frame_codebook_path(path)))
		return NULL;
	if (strcmp(p, path) == 0 || access(p, R_OK) != 0) {
		free(p);
		return NULL;
	}
	*found = p;
	return p;
}

void rawdata_infer(struct frame *f, const struct dataset *ds, json_t *doc)
{
	for (size_t j = 0; j < f->n_cols && j < ds->frame.n_cols; j++) {
		struct var_meta *m = &f->cols[j].meta;
		const struct var_meta *inf = &ds->frame.cols[j].meta;
		if (m->role != ROLE_UNSET || strcmp(f->cols[j].name, ds->frame.cols[j].name) != 0)
			continue;
		m->role = inf->role;
		if (inf->scale && !m->scale)
			m->scale = strdup(inf->scale);
		if (inf->scale && !m->scale)
			m->role = ROLE_NUMERIC; /* out of memory: an item without its scale would not read back */
		if (inf->reverse && !m->reverse && isnan(m->min) && isnan(m->max)) {
			m->reverse = 1;
			m->min = inf->min;
			m->max = inf->max;
		}
	}
	for (size_t i = 0; i < ds->n_warnings; i++)
		doc_warning(doc, "%s", ds->warnings[i]);
	for (size_t i = 0; i < ds->n_notes; i++)
		doc_note(doc, "%s", ds->notes[i]);
}

int rawdata_exclude(struct frame *f, const struct dataset *ds, json_t *doc, struct sk_error *err)
{
	size_t rows = ds->exclusions ? ds->exclusions->rows_read : ds->frame.n_rows;

	if (rows != f->n_rows || ds->frame.n_cols - ds->n_computed != f->n_cols)
		return sk_fail(err, SK_EXIT_INPUT, "'%s' read differently twice", ds->frame.path);
	if (ds->exclusions && exclusions_keep(f, ds->exclusions) != 0)
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	if (!ds->exclusions)
		return 0;
	json_object_set_new(json_object_get(doc, "input"), "rows", json_integer((json_int_t)f->n_rows));
	json_object_set_new(json_object_get(doc, "input"), "used", json_integer((json_int_t)f->n_rows));
	exclusions_doc(ds->exclusions, doc);
	return 0;
}

int rawdata_check_output(const struct cli *cli, const char *path, struct sk_error *err)
{
	if (strcmp(path, "-") == 0 || frame_file_kind(path) == FRAME_FILE_UNKNOWN)
		return sk_fail(err, SK_EXIT_USAGE,
			       "'surveykit %s' writes a file named .csv, .sav, .zsav or .por, not '%s' (see 'surveykit %s --help')",
			       cli->command, path, cli->command);
	return 0;
}

int rawdata_write(const struct frame *f, const char *path, json_t *doc, struct sk_error *err)
{
	struct sav_write_report report;
	char *cb_path = NULL;
	json_t *o;
	int retval = frame_write_file(f, path, &cb_path, &report, err);

	if (retval != 0)
		return retval;
	o = doc_obj(doc, "output");
	doc_str(o, "file", path);
	doc_str(o, "format", frame_file_kind_name(frame_file_kind(path)));
	doc_str(o, "codebook", cb_path);
	doc_size(o, "rows", f->n_rows);
	doc_size(o, "columns", f->n_cols);
	if (report.labels_shortened && report.first_value_label)
		doc_note(doc, "%zu label%s longer than SPSS keeps (256 bytes for a variable label, 120 for a value label) shortened, the first: value label %.15g of '%s'",
			 report.labels_shortened, report.labels_shortened == 1 ? " was" : "s were",
			 report.first_value_label->value, report.first_label_column);
	else if (report.labels_shortened)
		doc_note(doc, "%zu label%s longer than SPSS keeps (256 bytes for a variable label, 120 for a value label) shortened, the first: variable label of '%s'",
			 report.labels_shortened, report.labels_shortened == 1 ? " was" : "s were", report.first_label_column);
	if (report.lines_left_out)
		doc_note(doc, "the codebook fields (role, scale, reverse, min, max) of %zu column%s did not fit in an SPSS document line and were left out, the first: '%s'",
			 report.lines_left_out, report.lines_left_out == 1 ? "" : "s", report.first_line);
	free(cb_path);
	return 0;
}
