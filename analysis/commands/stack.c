/* surveykit stack W1 W2 ... -o ALL.csv [--wave-column wave] [--labels A,B,...]: the
 * waves of a study as one file with a wave column, so scenario x wave designs are analysed with
 * the ordinary commands. Each wave is read as it is (analysis/data/rawdata.h: with --codebook,
 * or the codebook next to a CSV wave, or what a .sav states). The waves must agree: the same
 * columns, and for each column the same role, scale, reverse keying, range, missing codes, value
 * labels and variable label; every difference is reported (exit 3, one line, "; " between
 * them). The output has the wave column first (1, 2, ... labelled with --labels or the files'
 * names; a group), then the first wave's columns in its order; a column that is text in any wave
 * is text. Written as `convert` writes (CSV with ALL.codebook.csv beside it, or .sav/.zsav/.por),
 * atomically. --filter is refused: stack the waves, then filter the stacked file. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/commands/stack.h"
#include "analysis/data/rawdata.h"
#include "io/doc.h"
#include "io/strbuf.h"

#define STACK_DIFFERENCES_LISTED 10

const struct option_spec stack_options[] = {
	{"wave-column", "NAME", "name of the column saying each row's wave (default: wave)"},
	{"labels", "A,B,...", "the waves' labels, one per file (default: the files' names)"},
	{0},
};

static int stack_request_parse(const struct cli *cli, struct stack_request *r, struct sk_error *err)
{
	int status;

	memset(r, 0, sizeof *r);
	r->waves = cli->positional;
	r->n = cli->n_positional;
	r->out = cli->output;
	r->wave_column = cli_get(cli, "wave-column") ? cli_get(cli, "wave-column") : "wave";
	if (r->n < 2)
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit stack' takes two or more waves, got %zu (see 'surveykit stack --help')",
			       r->n);
	if (!r->out)
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit stack' needs -o ALL.csv (see 'surveykit stack --help')");
	if ((status = rawdata_check_output(cli, r->out, err)) != 0)
		return status;
	if (!r->wave_column[0])
		return sk_fail(err, SK_EXIT_USAGE, "stack: --wave-column needs a name");
	if (cli->n_filters)
		return sk_fail(err, SK_EXIT_USAGE, "stack: --filter is not applied while stacking; stack the waves, then filter the stacked file");
	if ((status = cli_get_list(cli, "labels", &r->labels, &r->n_labels, err)) != 0)
		return status;
	if (r->labels && r->n_labels != r->n) {
		cli_list_free(r->labels);
		return sk_fail(err, SK_EXIT_USAGE, "stack: --labels gives %zu labels for %zu waves", r->n_labels, r->n);
	}
	return 0;
}

static void stack_request_release(struct stack_request *r)
{
	cli_list_free(r->labels);
	memset(r, 0, sizeof *r);
}

static int same_codes(const double *a, size_t na, const double *b, size_t nb)
{
	if (na != nb)
		return 0;
	for (size_t i = 0; i < na; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

static int same_number(double a, double b)
{
	return (isnan(a) && isnan(b)) || a == b;
}

static int same_text(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* What differs between two columns' metadata, or NULL. */
static const char *meta_difference(const struct var_meta *a, const struct var_meta *b)
{
	if (a->role != b->role)
		return "role";
	if (!same_text(a->scale, b->scale))
		return "scale";
	if (a->reverse != b->reverse)
		return "reverse keying";
	if (!same_number(a->min, b->min) || !same_number(a->max, b->max))
		return "range";
	if (!same_codes(a->missing, a->n_missing, b->missing, b->n_missing) ||
	    !same_number(a->missing_low, b->missing_low) || !same_number(a->missing_high, b->missing_high))
		return "missing codes";
	if (a->n_labels != b->n_labels)
		return "values";
	for (size_t k = 0; k < a->n_labels; k++)
		if (a->labels[k].value != b->labels[k].value || strcmp(a->labels[k].label, b->labels[k].label) != 0)
			return "values";
	if (!same_text(a->label, b->label))
		return "label";
	return NULL;
}

/* Every difference between wave w and the first, appended to `diffs` (counted in *n). */
static void compare_waves(const struct frame *first, const struct frame *w, const char *first_path, const char *path,
			  struct strbuf *diffs, size_t *n)
{
	for (size_t j = 0; j < first->n_cols; j++) {
		size_t k = frame_find(w, first->cols[j].name);
		const char *what = k == SIZE_MAX ? NULL : meta_difference(&first->cols[j].meta, &w->cols[k].meta);
		if (k != SIZE_MAX && !what)
			continue;
		if ((*n)++ < STACK_DIFFERENCES_LISTED) {
			if (k == SIZE_MAX)
				strbuf_addf(diffs, "%s'%s' is in '%s' but not in '%s'", *n > 1 ? "; " : "", first->cols[j].name,
					    first_path, path);
			else
				strbuf_addf(diffs, "%s'%s' has another %s in '%s' than in '%s'", *n > 1 ? "; " : "",
					    first->cols[j].name, what, path, first_path);
		}
	}
	for (size_t k = 0; k < w->n_cols; k++)
		if (frame_find(first, w->cols[k].name) == SIZE_MAX && (*n)++ < STACK_DIFFERENCES_LISTED)
			strbuf_addf(diffs, "%s'%s' is in '%s' but not in '%s'", *n > 1 ? "; " : "", w->cols[k].name, path,
				    first_path);
}

/* The output's columns: the wave column, then the first wave's (text when any wave's is). */
static int set_up_columns(const struct stack_request *r, const struct frame *waves, struct frame *out,
			  struct sk_error *err)
{
	struct var_meta *m;

	if (frame_find(&waves[0], r->wave_column) != SIZE_MAX)
		return sk_fail(err, SK_EXIT_INPUT, "stack: '%s' already has a column '%s' (name the wave column with --wave-column)",
			       r->waves[0], r->wave_column);
	if (frame_add_column(out, r->wave_column, COLUMN_NUMERIC) != 0)
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	m = &out->cols[0].meta;
	m->role = ROLE_GROUP;
	m->labels = calloc(r->n, sizeof *m->labels);
	if (!m->labels || !(m->label = strdup("Wave")))
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	for (size_t w = 0; w < r->n; w++) {
		m->labels[w].value = (double)(w + 1);
		if (!(m->labels[w].label = strdup(r->labels ? r->labels[w] : r->waves[w])))
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
		m->n_labels++;
	}
	for (size_t j = 0; j < waves[0].n_cols; j++) {
		const struct column *c = &waves[0].cols[j];
		enum column_kind kind = COLUMN_NUMERIC;
		for (size_t w = 0; w < r->n; w++)
			if (waves[w].cols[frame_find(&waves[w], c->name)].kind == COLUMN_TEXT)
				kind = COLUMN_TEXT;
		if (frame_add_column(out, c->name, kind) != 0 || var_meta_copy(&out->cols[j + 1].meta, &c->meta) != 0)
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	}
	return 0;
}

static int append_wave(struct frame *out, const struct frame *f, size_t wave, struct sk_error *err)
{
	size_t *col = malloc((out->n_cols ? out->n_cols : 1) * sizeof *col);

	if (!col)
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	for (size_t j = 1; j < out->n_cols; j++)
		col[j] = frame_find(f, out->cols[j].name);
	for (size_t i = 0; i < f->n_rows; i++) {
		size_t row = frame_add_row(out, f->line[i]);
		int rc = row == SIZE_MAX || frame_set_number(out, 0, row, (double)wave);
		for (size_t j = 1; j < out->n_cols && rc == 0; j++) {
			char buf[32];
			const char *t;
			if (out->cols[j].kind == COLUMN_NUMERIC)
				rc = frame_set_number(out, j, row, frame_value(f, col[j], i));
			else if ((t = frame_cell_string(f, col[j], i, buf, sizeof buf)))
				rc = frame_set_text(out, j, row, t, strlen(t));
		}
		if (rc != 0) {
			free(col);
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
		}
	}
	free(col);
	return 0;
}

int stack_run(const struct cli *cli, const struct stack_request *r, struct stack_result *res,
		     struct sk_error *err)
{
	struct frame *waves = calloc(r->n, sizeof *waves);
	struct strbuf diffs = STRBUF_INIT;
	size_t n_diffs = 0, loaded = 0;
	int status = 0;

	memset(res, 0, sizeof *res);
	frame_init(&res->frame, r->out);
	res->rows = calloc(r->n, sizeof *res->rows);
	res->n = r->n;
	if (!waves || !res->rows)
		status = sk_fail(err, SK_EXIT_INPUT, "out of memory");
	for (size_t w = 0; w < r->n && status == 0; w++) {
		struct cli c = *cli;
		char *found = NULL;
		c.codebook = rawdata_codebook(r->waves[w], cli, &found);
		status = rawdata_load(r->waves[w], &c, &waves[w], err);
		free(found);
		if (status == 0)
			loaded++;
		if (status == 0 && w > 0)
			compare_waves(&waves[0], &waves[w], r->waves[0], r->waves[w], &diffs, &n_diffs);
	}
	if (status == 0 && n_diffs)
		status = sk_fail(err, SK_EXIT_INPUT, "stack: the waves do not agree (%zu difference%s): %s%s", n_diffs,
				 n_diffs == 1 ? "" : "s", strbuf_ok(&diffs) ? strbuf_str(&diffs) : "",
				 n_diffs > STACK_DIFFERENCES_LISTED ? "; ..." : "");
	if (status == 0)
		status = set_up_columns(r, waves, &res->frame, err);
	for (size_t w = 0; w < r->n && status == 0; w++) {
		res->rows[w] = waves[w].n_rows;
		status = append_wave(&res->frame, &waves[w], w + 1, err);
	}
	for (size_t w = 0; w < loaded; w++)
		frame_free(&waves[w]);
	free(waves);
	strbuf_release(&diffs);
	if (status != 0)
		stack_result_release(res);
	return status;
}

static json_t *stack_emit(const struct stack_request *r, const struct stack_result *res)
{
	json_t *doc = doc_new("stack", r->out, res->frame.n_rows, res->frame.n_rows), *waves = doc_arr(doc, "waves");

	for (size_t w = 0; w < res->n; w++) {
		json_t *row = doc_push_obj(waves);
		doc_size(row, "wave", w + 1);
		doc_str(row, "label", r->labels ? r->labels[w] : r->waves[w]);
		doc_str(row, "file", r->waves[w]);
		doc_size(row, "rows", res->rows[w]);
	}
	doc_str(doc, "wave_column", r->wave_column);
	return doc;
}

void stack_result_release(struct stack_result *res)
{
	frame_free(&res->frame);
	free(res->rows);
	memset(res, 0, sizeof *res);
}

int cmd_stack(const struct cli *cli, struct sk_error *err)
{
	struct stack_request r;
	struct stack_result res;
	struct cli out = *cli;
	json_t *doc = NULL;
	int status;

	if ((status = stack_request_parse(cli, &r, err)) != 0)
		return status;
	if ((status = command_check_output(cli, err)) == 0 && (status = stack_run(cli, &r, &res, err)) == 0) {
		doc = stack_emit(&r, &res);
		status = rawdata_write(&res.frame, r.out, doc, err);
		out.output = NULL; /* -o is the stacked file; the summary goes to standard output */
		if (status == 0)
			status = command_output(&out, doc, err);
		json_decref(doc);
		stack_result_release(&res);
	}
	stack_request_release(&r);
	return status;
}
