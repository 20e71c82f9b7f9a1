#include "analysis/data/exclusions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/doc.h"
#include "io/filter.h"
#include "io/filter_frame.h"
#include "io/strbuf.h"

static int bind_error(struct sk_error *err, const char *text, const struct filter_error *ferr)
{
	struct strbuf line = STRBUF_INIT;

	filter_error_line(&line, "--filter", text, ferr);
	sk_fail(err, ferr->code, "%s", strbuf_ok(&line) ? strbuf_str(&line) : ferr->message);
	strbuf_release(&line);
	return ferr->code;
}

/* A cell of the id column as text: a whole number written directly (most ids; printf's floating
 * point formatting costs thousands of instructions a cell), else as frame_cell_string does. */
static const char *id_text(const struct frame *f, size_t col, size_t row, char *buf, size_t size)
{
	double v = frame_value(f, col, row);
	char digits[24];
	size_t n = 0, k = 0;
	unsigned long long u;

	if (f->cols[col].kind == COLUMN_TEXT || isnan(v) || v != floor(v) || fabs(v) >= 1e15)
		return frame_cell_string(f, col, row, buf, size);
	u = (unsigned long long)fabs(v);
	do
		digits[n++] = (char)('0' + u % 10);
	while ((u /= 10) > 0);
	if (v < 0)
		buf[k++] = '-';
	while (n)
		buf[k++] = digits[--n];
	buf[k] = '\0';
	return buf;
}

/* Each row's line and, when there is an id column, its id as text. */
static int record_rows(const struct frame *f, size_t id_col, struct exclusions *x)
{
	size_t n = f->n_rows ? f->n_rows : 1;

	if (!(x->line = malloc(n * sizeof *x->line)))
		return -1;
	memcpy(x->line, f->line, f->n_rows * sizeof *x->line);
	if (id_col == SIZE_MAX)
		return 0;
	if (!(x->id_column = strdup(f->cols[id_col].name)) || !(x->id = calloc(n, sizeof *x->id)))
		return -1;
	for (size_t i = 0; i < f->n_rows; i++) {
		char buf[32];
		const char *s;
		if (x->first_failed[i] == EXCLUSION_KEPT) /* only the removed rows are audited */
			continue;
		if ((s = id_text(f, id_col, i, buf, sizeof buf)) && !(x->id[i] = strdup(s)))
			return -1;
	}
	return 0;
}

int exclusions_run(const struct frame *f, const char *const *filters, size_t n, struct exclusions *x,
		   struct sk_error *err)
{
	struct filter_frame_source src;
	struct filter_program **programs = calloc(n ? n : 1, sizeof *programs);
	struct filter_flow flow = {0};
	int status = 0;

	memset(x, 0, sizeof *x);
	if (!programs || filter_frame_source_init(&src, f) != 0) {
		free(programs);
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	}
	for (size_t s = 0; s < n && status == 0; s++) {
		struct filter_expr *e = NULL;
		struct filter_error ferr;
		if (filter_parse(filters[s], &e, &ferr) != 0 || filter_bind(e, &src.src, &programs[s], &ferr) != 0)
			status = bind_error(err, filters[s], &ferr);
		filter_expr_free(e);
	}
	if (status == 0 && (filter_flow_init(&flow, f->n_rows, n) != 0 || filter_flow_run(&flow, programs, n) != 0))
		status = sk_fail(err, SK_EXIT_INPUT, "out of memory");
	for (size_t s = 0; s < n; s++)
		filter_program_free(programs[s]);
	free(programs);
	if (status == 0) {
		x->rows_read = flow.rows_read;
		x->n_steps = n;
		x->kept = flow.kept;
		x->first_failed = flow.first_failed;
		x->removed = flow.removed;
		flow.first_failed = NULL;
		flow.removed = NULL;
		x->steps = calloc(n ? n : 1, sizeof *x->steps);
		for (size_t s = 0; x->steps && s < n; s++) {
			if (!(x->steps[s] = strdup(filters[s]))) {
				status = -1;
				break;
			}
			for (char *c = x->steps[s]; *c; c++) /* one line wherever it is printed */
				if ((unsigned char)*c < 0x20 || *c == 0x7F)
					*c = ' ';
		}
		if (!x->steps || status != 0 || record_rows(f, src.src.id_column, x) != 0)
			status = sk_fail(err, SK_EXIT_INPUT, "out of memory");
	}
	filter_flow_release(&flow);
	filter_frame_source_release(&src);
	if (status != 0)
		exclusions_free(x);
	return status;
}

void exclusions_free(struct exclusions *x)
{
	for (size_t s = 0; x->steps && s < x->n_steps; s++)
		free(x->steps[s]);
	for (size_t i = 0; x->id && i < x->rows_read; i++)
		free(x->id[i]);
	free(x->steps);
	free(x->removed);
	free(x->first_failed);
	free(x->line);
	free(x->id);
	free(x->id_column);
	memset(x, 0, sizeof *x);
}

/* Whether `line` is among the (ascending) lines of the rows kept. */
static int line_kept(const size_t *lines, size_t n, size_t line)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (lines[mid] < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && lines[lo] == line;
}

/* Drops the recorded cells whose rows were removed (they are at most FRAME_BAD_CELLS_KEPT). */
static void keep_bad_cells(struct column *c, const size_t *lines, size_t n)
{
	size_t k = 0, listed = c->n_out_of_range < FRAME_BAD_CELLS_KEPT ? c->n_out_of_range : FRAME_BAD_CELLS_KEPT;
	size_t k2 = 0, listed2 = c->stray.n < FRAME_BAD_CELLS_KEPT ? c->stray.n : FRAME_BAD_CELLS_KEPT;

	for (size_t i = 0; i < listed; i++)
		if (line_kept(lines, n, c->out_of_range[i].line))
			c->out_of_range[k++] = c->out_of_range[i];
	for (size_t i = 0; i < listed2; i++)
		if (line_kept(lines, n, c->stray.line[i]))
			c->stray.line[k2++] = c->stray.line[i];
}

/* Column c on the rows kept (kept[0..n) ascending): one gather per storage, then the counts. */
static void keep_column(struct column *c, const size_t *kept, size_t n, const size_t *lines)
{
	size_t missing = 0, out_of_range = 0, not_number = 0;

	if (c->small) {
		for (size_t k = 0; k < n; k++)
			c->small[k] = c->small[kept[k]];
		for (size_t k = 0; k < n; k++)
			missing += c->small[k] == INT8_MIN;
	} else if (c->whole) {
		for (size_t k = 0; k < n; k++)
			c->whole[k] = c->whole[kept[k]];
		for (size_t k = 0; k < n; k++)
			missing += c->whole[k] == INT32_MIN;
	} else if (c->wide) {
		for (size_t k = 0; k < n; k++)
			c->wide[k] = c->wide[kept[k]];
		for (size_t k = 0; k < n; k++)
			missing += isnan(c->wide[k]);
	} else if (c->text) {
		for (size_t k = 0; k < n; k++)
			c->text[k] = c->text[kept[k]];
		for (size_t k = 0; k < n; k++)
			missing += c->text[k] == SIZE_MAX;
	} else {
		missing = n;
	}
	if (c->why) {
		for (size_t k = 0; k < n; k++) {
			c->why[k] = c->why[kept[k]];
			out_of_range += c->why[k] == CELL_OUT_OF_RANGE;
			not_number += c->why[k] == CELL_NOT_NUMBER;
		}
	}
	c->n_missing = missing;
	keep_bad_cells(c, lines, n);
	c->n_out_of_range = out_of_range;
	if (c->stray.n) {
		c->stray.numbers = n - missing;
		c->stray.n = not_number;
	}
}

int exclusions_keep(struct frame *f, const struct exclusions *x)
{
	size_t k = 0, *kept;

	if (f->n_rows != x->rows_read || !(kept = malloc((x->kept ? x->kept : 1) * sizeof *kept)))
		return -1;
	for (size_t i = 0; i < f->n_rows; i++)
		if (x->first_failed[i] == EXCLUSION_KEPT)
			kept[k++] = i;
	for (size_t j = 0; j < k; j++)
		f->line[j] = f->line[kept[j]];
	for (size_t j = 0; j < f->n_cols; j++)
		keep_column(&f->cols[j], kept, k, f->line);
	f->n_rows = k;
	free(kept);
	return 0;
}

char *exclusions_sentence(const struct exclusions *x)
{
	struct strbuf s = STRBUF_INIT;

	strbuf_addf(&s, "%zu row%s read; removed ", x->rows_read, x->rows_read == 1 ? "" : "s");
	for (size_t i = 0; i < x->n_steps; i++)
		strbuf_addf(&s, "%s%zu by step %zu '%s'", i ? ", " : "", x->removed[i], i + 1, x->steps[i]);
	strbuf_addf(&s, "; %zu kept", x->kept);
	return strbuf_take(&s);
}

void exclusions_doc(const struct exclusions *x, json_t *doc)
{
	json_t *o = doc_obj(doc, "exclusions"), *steps;
	size_t remaining = x->rows_read;
	char *sentence = exclusions_sentence(x);

	doc_str(o, "_title", "Exclusions");
	doc_size(o, "rows_read", x->rows_read);
	steps = doc_arr(o, "steps");
	for (size_t i = 0; i < x->n_steps; i++) {
		json_t *row = doc_push_obj(steps);
		remaining -= x->removed[i];
		doc_size(row, "step", i + 1);
		doc_str(row, "filter", x->steps[i]);
		doc_size(row, "removed", x->removed[i]);
		doc_size(row, "remaining", remaining);
	}
	doc_size(o, "kept", x->kept);
	if (sentence)
		doc_note(doc, "exclusions: %s", sentence);
	free(sentence);
}
