#include "io/frame.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/grow.h"

void frame_init(struct frame *f, const char *path)
{
	memset(f, 0, sizeof *f);
	f->path = path ? strdup(path) : NULL;
}

void var_meta_free(struct var_meta *m)
{
	free(m->column);
	free(m->scale);
	free(m->missing);
	for (size_t i = 0; i < m->n_labels; i++)
		free(m->labels[i].label);
	free(m->labels);
	free(m->label);
	memset(m, 0, sizeof *m);
}

static char *dup_or_null(const char *s, int *failed)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*failed = 1;
	return d;
}

int var_meta_copy(struct var_meta *dst, const struct var_meta *src)
{
	int failed = 0;

	*dst = *src;
	dst->column = dup_or_null(src->column, &failed);
	dst->scale = dup_or_null(src->scale, &failed);
	dst->label = dup_or_null(src->label, &failed);
	dst->missing = NULL;
	dst->labels = NULL;
	if (src->n_missing) {
		dst->missing = malloc(src->n_missing * sizeof *dst->missing);
		if (dst->missing)
			memcpy(dst->missing, src->missing, src->n_missing * sizeof *dst->missing);
		else
			failed = 1;
	}
	if (src->n_labels) {
		dst->labels = calloc(src->n_labels, sizeof *dst->labels);
		if (dst->labels) {
			for (size_t i = 0; i < src->n_labels; i++) {
				dst->labels[i].value = src->labels[i].value;
				dst->labels[i].label = dup_or_null(src->labels[i].label, &failed);
			}
		} else {
			failed = 1;
		}
	}
	if (failed) {
		size_t n_labels = dst->labels ? dst->n_labels : 0;
		dst->n_labels = n_labels;
		var_meta_free(dst);
		return -1;
	}
	return 0;
}

void frame_free(struct frame *f)
{
	for (size_t j = 0; j < f->n_cols; j++) {
		struct column *c = &f->cols[j];
		free(c->name);
		free(c->small);
		free(c->wide);
		free(c->text);
		free(c->why);
		var_meta_free(&c->meta);
	}
	free(f->cols);
	free(f->by_name);
	free(f->line);
	free(f->arena);
	free(f->path);
	memset(f, 0, sizeof *f);
}

int frame_add_column(struct frame *f, const char *name, enum column_kind kind)
{
	struct column *cols, *c;

	free(f->by_name);
	f->by_name = NULL;
	cols = grow_for(f->cols, f->n_cols, sizeof *cols);
	if (!cols)
		return -1;
	f->cols = cols;
	c = &cols[f->n_cols];
	memset(c, 0, sizeof *c);
	c->meta.min = c->meta.max = NAN;
	c->meta.missing_low = c->meta.missing_high = NAN;
	c->kind = kind;
	c->name = strdup(name);
	if (!c->name)
		return -1;
	if (f->cap_rows) {
		/* rows already exist: allocate the new column's cells as missing */
		if (kind == COLUMN_NUMERIC) {
			c->small = malloc(f->cap_rows);
			if (!c->small)
				goto fail;
			memset(c->small, INT8_MIN, f->cap_rows);
		} else {
			c->text = malloc(f->cap_rows * sizeof *c->text);
			if (!c->text)
				goto fail;
			for (size_t i = 0; i < f->cap_rows; i++)
				c->text[i] = SIZE_MAX;
		}
		c->n_missing = f->n_rows;
	}
	f->n_cols++;
	return 0;
fail:
	free(c->name);
	return -1;
}

static int grow_column(struct column *c, size_t old_cap, size_t cap)
{
	if (c->why) {
		uint8_t *w = realloc(c->why, cap);
		if (!w)
			return -1;
		memset(w + old_cap, CELL_MISSING, cap - old_cap);
		c->why = w;
	}
	if (c->kind == COLUMN_TEXT) {
		size_t *t = realloc(c->text, cap * sizeof *t);
		if (!t)
			return -1;
		for (size_t i = old_cap; i < cap; i++)
			t[i] = SIZE_MAX;
		c->text = t;
	} else if (c->wide) {
		double *w = realloc(c->wide, cap * sizeof *w);
		if (!w)
			return -1;
		for (size_t i = old_cap; i < cap; i++)
			w[i] = NAN;
		c->wide = w;
	} else {
		int8_t *s = realloc(c->small, cap);
		if (!s)
			return -1;
		memset(s + old_cap, INT8_MIN, cap - old_cap);
		c->small = s;
	}
	return 0;
}

size_t frame_add_row(struct frame *f, size_t line)
{
	if (f->n_rows == f->cap_rows) {
		/* start small: a file of 1,000,000 columns would take 1 GB for a first block of 1024 rows */
		size_t cap = f->cap_rows ? f->cap_rows + f->cap_rows / 2 : 16;
		size_t *lines = realloc(f->line, cap * sizeof *lines);
		if (!lines)
			return SIZE_MAX;
		f->line = lines;
		for (size_t j = 0; j < f->n_cols; j++)
			if (grow_column(&f->cols[j], f->cap_rows, cap) != 0)
				return SIZE_MAX;
		f->cap_rows = cap;
	}
	f->line[f->n_rows] = line;
	for (size_t j = 0; j < f->n_cols; j++)
		f->cols[j].n_missing++; /* cells start missing; setting one decrements */
	return f->n_rows++;
}

void frame_drop_last_row(struct frame *f)
{
	size_t r;

	if (f->n_rows == 0)
		return;
	r = --f->n_rows;
	for (size_t j = 0; j < f->n_cols; j++) {
		struct column *c = &f->cols[j];
		int missing = c->kind == COLUMN_TEXT ? c->text[r] == SIZE_MAX
			      : c->wide	    ? isnan(c->wide[r])
					    : c->small[r] == INT8_MIN;
		if (missing)
			c->n_missing--;
		if (c->why)
			c->why[r] = CELL_MISSING;
		if (c->kind == COLUMN_TEXT)
			c->text[r] = SIZE_MAX;
		else if (c->wide)
			c->wide[r] = NAN;
		else
			c->small[r] = INT8_MIN;
	}
}

/* Moves a column from one byte per cell to doubles. */
static int widen(struct frame *f, struct column *c)
{
	double *w = malloc((f->cap_rows ? f->cap_rows : 1) * sizeof *w);

	if (!w)
		return -1;
	for (size_t i = 0; i < f->cap_rows; i++)
		w[i] = c->small[i] == INT8_MIN ? NAN : (double)c->small[i];
	free(c->small);
	c->small = NULL;
	c->wide = w;
	return 0;
}

int frame_set_number_wide(struct frame *f, size_t col, size_t row, double value)
{
	struct column *c = &f->cols[col];

	if (isnan(value))
		return 0;
	if (value == 0)
		value = 0; /* -0 reads as 0 */
	if (c->small) {
		if (value >= -127 && value <= 127 && value == (double)(int8_t)value) {
			if (c->small[row] == INT8_MIN)
				c->n_missing--;
			c->small[row] = (int8_t)value;
			return 0;
		}
		if (widen(f, c) != 0)
			return -1;
	}
	if (isnan(c->wide[row]))
		c->n_missing--;
	c->wide[row] = value;
	return 0;
}

int frame_set_text(struct frame *f, size_t col, size_t row, const char *s, size_t len)
{
	struct column *c = &f->cols[col];

	if (f->arena_len + len + 1 > f->arena_cap) {
		size_t cap = f->arena_cap ? f->arena_cap : 4096;
		char *a;
		while (cap < f->arena_len + len + 1)
			cap *= 2;
		a = realloc(f->arena, cap);
		if (!a)
			return -1;
		f->arena = a;
		f->arena_cap = cap;
	}
	memcpy(f->arena + f->arena_len, s, len);
	f->arena[f->arena_len + len] = '\0';
	if (c->text[row] == SIZE_MAX)
		c->n_missing--;
	c->text[row] = f->arena_len;
	f->arena_len += len + 1;
	return 0;
}

int frame_set_why(struct frame *f, size_t col, size_t row, enum cell_why why)
{
	struct column *c = &f->cols[col];

	if (!c->why) {
		if (why == CELL_MISSING)
			return 0;
		c->why = calloc(f->cap_rows ? f->cap_rows : 1, 1); /* CELL_MISSING is 0 */
		if (!c->why)
			return -1;
	}
	c->why[row] = (uint8_t)why;
	return 0;
}

int frame_make_text(struct frame *f, size_t col)
{
	struct column *c = &f->cols[col];
	int8_t *small = c->small;
	double *wide = c->wide;
	size_t cap = f->cap_rows ? f->cap_rows : 1;

	if (c->kind == COLUMN_TEXT)
		return 0;
	c->text = malloc(cap * sizeof *c->text);
	if (!c->text)
		return -1;
	for (size_t i = 0; i < cap; i++)
		c->text[i] = SIZE_MAX;
	c->kind = COLUMN_TEXT;
	c->small = NULL;
	c->wide = NULL;
	c->n_missing = f->n_rows;
	for (size_t i = 0; i < f->n_rows; i++) {
		double v = small ? (small[i] == INT8_MIN ? NAN : small[i]) : wide ? wide[i] : NAN;
		char buf[32];
		int len;
		if (isnan(v))
			continue;
		len = snprintf(buf, sizeof buf, "%.15g", v);
		if (frame_set_text(f, col, i, buf, (size_t)len) != 0) {
			free(small);
			free(wide);
			return -1;
		}
	}
	free(small);
	free(wide);
	return 0;
}

size_t *frame_make_numeric(struct frame *f, size_t col)
{
	struct column *c = &f->cols[col];
	size_t cap = f->cap_rows ? f->cap_rows : 1, *text = c->text;
	int8_t *small = malloc(cap);

	if (!small)
		return NULL;
	memset(small, INT8_MIN, cap);
	c->kind = COLUMN_NUMERIC;
	c->text = NULL;
	c->small = small;
	c->n_missing = f->n_rows;
	return text;
}

const char *frame_cell_string(const struct frame *f, size_t col, size_t row, char *buf, size_t size)
{
	double v;

	if (f->cols[col].kind == COLUMN_TEXT)
		return frame_text(f, col, row);
	v = frame_value(f, col, row);
	if (isnan(v))
		return NULL;
	snprintf(buf, size, "%.15g", v);
	return buf;
}

size_t frame_find(const struct frame *f, const char *name)
{
	size_t lo = 0, hi = f->n_cols;

	if (!f->by_name) {
		for (size_t j = 0; j < f->n_cols; j++)
			if (strcmp(f->cols[j].name, name) == 0)
				return j;
		return SIZE_MAX;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(f->cols[f->by_name[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < f->n_cols && strcmp(f->cols[f->by_name[lo]].name, name) == 0 ? f->by_name[lo] : SIZE_MAX;
}

struct named_index {
	const char *name;
	size_t index;
};

static int compare_named_index(const void *a, const void *b)
{
	const struct named_index *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Looking columns up by name in a wide file (100,000 columns, a codebook as long) by scanning
 * would take O(columns^2) string comparisons: minutes. */
int frame_index_names(struct frame *f)
{
	struct named_index *v = malloc((f->n_cols ? f->n_cols : 1) * sizeof *v);
	size_t *by_name = malloc((f->n_cols ? f->n_cols : 1) * sizeof *by_name);

	if (!v || !by_name) {
		free(v);
		free(by_name);
		return -1;
	}
	for (size_t j = 0; j < f->n_cols; j++)
		v[j] = (struct named_index){f->cols[j].name, j};
	qsort(v, f->n_cols, sizeof *v, compare_named_index);
	for (size_t j = 0; j < f->n_cols; j++)
		by_name[j] = v[j].index;
	free(v);
	free(f->by_name);
	f->by_name = by_name;
	return 0;
}

const char *var_meta_value_label(const struct var_meta *m, double value)
{
	for (size_t i = 0; i < m->n_labels; i++)
		if (m->labels[i].value == value)
			return m->labels[i].label;
	return NULL;
}
