#include "io/frame.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/grow.h"

/* The cell arrays of numeric columns (small, whole, wide) and the why arrays start at a different
 * offset within a 4 KB page for each column: allocated apart, large arrays all start 16 bytes into
 * a page, so a reader storing a row (one cell in each column) or a pass reading several columns
 * row by row hits the same set of the processor's first-level cache in every column, and the
 * cache holds only 8 of them (measured: the CSV reader's stores into 27 one-byte columns took
 * 60% of its time). The offset, a multiple of 64 bytes below 4,160, is kept just before the
 * array. Text arrays stay plain malloc'ed (frame_make_numeric hands them to its caller). */
static void *cells_alloc(size_t bytes, size_t col)
{
	size_t off = 64 + (col * 7 % 64) * 64;
	char *base = bytes <= SIZE_MAX - off ? malloc(bytes + off) : NULL;

	if (!base)
		return NULL;
	memcpy(base + off - sizeof off, &off, sizeof off);
	return base + off;
}

/* The same, all zero, its pages untouched until used (a why array, CELL_MISSING throughout). */
static void *cells_calloc(size_t bytes, size_t col)
{
	size_t off = 64 + (col * 7 % 64) * 64;
	char *base = bytes <= SIZE_MAX - off ? calloc(bytes + off, 1) : NULL;

	if (!base)
		return NULL;
	memcpy(base + off - sizeof off, &off, sizeof off);
	return base + off;
}

static size_t cells_offset(const void *p)
{
	size_t off;

	memcpy(&off, (const char *)p - sizeof off, sizeof off);
	return off;
}

static void *cells_realloc(void *p, size_t bytes, size_t col)
{
	size_t off;
	char *base;

	if (!p)
		return cells_alloc(bytes, col);
	off = cells_offset(p);
	base = bytes <= SIZE_MAX - off ? realloc((char *)p - off, bytes + off) : NULL;
	return base ? base + off : NULL;
}

static void cells_free(void *p)
{
	if (p)
		free((char *)p - cells_offset(p));
}

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
		cells_free(c->small);
		cells_free(c->whole);
		cells_free(c->wide);
		free(c->text);
		cells_free(c->why);
		var_meta_free(&c->meta);
	}
	free(f->cols);
	free(f->by_name);
	free(f->line);
	free(f->arena);
	free(f->path);
	memset(f, 0, sizeof *f);
}

/* Sets the cells [from, to) of a column missing. */
static void clear_cells(struct column *c, size_t from, size_t to)
{
	if (c->kind == COLUMN_TEXT) {
		for (size_t i = from; i < to; i++)
			c->text[i] = SIZE_MAX;
	} else if (c->wide) {
		for (size_t i = from; i < to; i++)
			c->wide[i] = NAN;
	} else if (c->whole) {
		for (size_t i = from; i < to; i++)
			c->whole[i] = INT32_MIN;
	} else {
		memset(c->small + from, INT8_MIN, to - from);
	}
}

int frame_add_column(struct frame *f, const char *name, enum column_kind kind)
{
	struct column *cols, *c;
	size_t cap = f->cap_rows ? f->cap_rows : 1;

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
		/* rows already exist: their cells in the new column are missing */
		if (kind == COLUMN_NUMERIC)
			c->small = cells_alloc(cap, f->n_cols);
		else
			c->text = malloc(cap * sizeof *c->text);
		if (!c->small && !c->text) {
			free(c->name);
			return -1;
		}
		clear_cells(c, 0, f->n_rows);
		c->n_missing = f->n_rows;
	}
	f->n_cols++;
	return 0;
}

/* Capacity beyond n_rows is never initialised (a row's cells are set when it is added), except
 * the why array, which is zero (CELL_MISSING) throughout: calloc'ed, and cleared when it grows. */
static int resize_column(struct column *c, size_t col, size_t old_cap, size_t cap)
{
	if (c->why) {
		uint8_t *w = cells_realloc(c->why, cap, col);
		if (!w)
			return -1;
		if (cap > old_cap)
			memset(w + old_cap, CELL_MISSING, cap - old_cap);
		c->why = w;
	}
	if (c->kind == COLUMN_TEXT) {
		size_t *t = realloc(c->text, cap * sizeof *t);
		if (!t)
			return -1;
		c->text = t;
	} else if (c->wide) {
		double *w = cells_realloc(c->wide, cap * sizeof *w, col);
		if (!w)
			return -1;
		c->wide = w;
	} else if (c->whole) {
		int32_t *w = cells_realloc(c->whole, cap * sizeof *w, col);
		if (!w)
			return -1;
		c->whole = w;
	} else {
		int8_t *s = cells_realloc(c->small, cap, col);
		if (!s)
			return -1;
		c->small = s;
	}
	return 0;
}

int frame_reserve_rows(struct frame *f, size_t rows)
{
	size_t *lines;

	if (rows <= f->cap_rows && f->cap_rows)
		return 0;
	if (rows == 0)
		rows = 1;
	if (rows > SIZE_MAX / sizeof(double))
		return -1;
	lines = realloc(f->line, rows * sizeof *lines);
	if (!lines)
		return -1;
	f->line = lines;
	for (size_t j = 0; j < f->n_cols; j++)
		if (resize_column(&f->cols[j], j, f->cap_rows, rows) != 0)
			return -1;
	f->cap_rows = rows;
	return 0;
}

int frame_fit_rows(struct frame *f)
{
	size_t cap = f->n_rows ? f->n_rows : 1, *lines;

	if (cap >= f->cap_rows)
		return 0;
	lines = realloc(f->line, cap * sizeof *lines);
	if (!lines)
		return -1;
	f->line = lines;
	for (size_t j = 0; j < f->n_cols; j++)
		if (resize_column(&f->cols[j], j, f->cap_rows, cap) != 0)
			return -1;
	f->cap_rows = cap;
	return 0;
}

size_t frame_add_row_unset(struct frame *f, size_t line)
{
	/* start small: a file of 1,000,000 columns would take 1 GB for a first block of 1024 rows */
	if (f->n_rows == f->cap_rows && frame_reserve_rows(f, f->cap_rows ? f->cap_rows + f->cap_rows / 2 : 16) != 0)
		return SIZE_MAX;
	f->line[f->n_rows] = line;
	return f->n_rows++;
}

size_t frame_add_row(struct frame *f, size_t line)
{
	size_t r = frame_add_row_unset(f, line);

	if (r == SIZE_MAX)
		return r;
	for (size_t j = 0; j < f->n_cols; j++) {
		clear_cells(&f->cols[j], r, r + 1);
		f->cols[j].n_missing++; /* cells start missing; setting one decrements */
	}
	return r;
}

/* --- passes over the columns on several threads ------------------------------------------------ */

#define FRAME_MAX_THREADS 16

struct column_range {
	int (*fn)(struct column_range *r, size_t j); /* the pass over column j: 0, or -1 */
	struct frame *f, *src;
	size_t from, to;   /* columns [from, to) */
	size_t n, base, line_offset; /* frame_append_rows: dst's rows and arena before, src's line offset */
	int status;
};

static void *run_range(void *arg)
{
	struct column_range *r = arg;

	for (size_t j = r->from; j < r->to && r->status == 0; j++)
		r->status = r->fn(r, j);
	return NULL;
}

/* The bytes per row of column j (for dividing the columns between threads). */
static size_t column_weight(const struct column *c)
{
	return c->kind == COLUMN_TEXT ? sizeof(size_t) : c->small ? 1 : c->whole ? 4 : 8;
}

/* Runs proto->fn over every column, the columns cut into up to `threads` ranges of about equal
 * bytes, each range on a thread of its own (the first on the caller's; a thread that cannot be
 * started leaves its range to the caller). `extra`: bytes per row the caller does besides its range.
 * The columns are independent, so the result does not depend on the number of threads. 0, or -1. */
static int over_columns(const struct column_range *proto, size_t threads, size_t extra)
{
	struct column_range r[FRAME_MAX_THREADS];
	pthread_t tid[FRAME_MAX_THREADS];
	int started[FRAME_MAX_THREADS] = {0}, status = 0;
	const struct frame *f = proto->f;
	size_t total = extra, k = 0, at = 0, sum = extra;

	if (threads < 1)
		threads = 1;
	if (threads > FRAME_MAX_THREADS)
		threads = FRAME_MAX_THREADS;
	for (size_t j = 0; j < f->n_cols; j++)
		total += column_weight(&f->cols[j]);
	/* range k ends once the bytes so far reach (k + 1) / threads of the total */
	for (k = 0; k < threads && at <= f->n_cols; k++) {
		size_t from = at;
		while (at < f->n_cols && (k + 1 == threads || sum * threads < total * (k + 1)))
			sum += column_weight(&f->cols[at++]);
		r[k] = *proto;
		r[k].from = from, r[k].to = at, r[k].status = 0;
		if (at == f->n_cols) {
			k++;
			break;
		}
	}
	for (size_t t = 1; t < k; t++)
		started[t] = pthread_create(&tid[t], NULL, run_range, &r[t]) == 0;
	run_range(&r[0]);
	for (size_t t = 1; t < k; t++) {
		if (started[t])
			pthread_join(tid[t], NULL);
		else
			run_range(&r[t]);
	}
	for (size_t t = 0; t < k; t++)
		if (r[t].status)
			status = r[t].status;
	return status;
}

static int count_column_missing(struct column_range *r, size_t j)
{
	const struct frame *f = r->f;
	struct column *c = &r->f->cols[j];
	size_t n = 0;

	if (c->kind == COLUMN_TEXT) {
		for (size_t i = 0; i < f->n_rows; i++)
			n += c->text[i] == SIZE_MAX;
	} else if (c->wide) {
		for (size_t i = 0; i < f->n_rows; i++)
			n += isnan(c->wide[i]);
	} else if (c->whole) {
		for (size_t i = 0; i < f->n_rows; i++)
			n += c->whole[i] == INT32_MIN;
	} else {
		/* missing cells are few: find them rather than test every byte */
		const int8_t *p = c->small, *end = c->small + f->n_rows;
		while (p < end && (p = memchr(p, (unsigned char)INT8_MIN, (size_t)(end - p))))
			n++, p++;
	}
	c->n_missing = n;
	return 0;
}

void frame_count_missing_threads(struct frame *f, size_t threads)
{
	struct column_range proto = {.fn = count_column_missing, .f = f};

	over_columns(&proto, threads, 0);
}

void frame_count_missing(struct frame *f)
{
	frame_count_missing_threads(f, 1);
}

/* The narrowest storage of a number: 0 one byte, 1 int32_t, 2 double. */
static int width_of(double v)
{
	if (v >= -127 && v <= 127 && v == (double)(int8_t)v)
		return 0;
	if (v >= -2147483647.0 && v <= 2147483647.0 && v == (double)(int32_t)v)
		return 1;
	return 2;
}

static int width_now(const struct column *c)
{
	return c->small ? 0 : c->whole ? 1 : 2;
}

/* Moves a numeric column to a wider storage (1 int32_t, 2 doubles), keeping its cells. */
static int widen_to(struct frame *f, struct column *c, int width)
{
	size_t cap = f->cap_rows ? f->cap_rows : 1;

	if (width <= width_now(c))
		return 0;
	if (width == 1) {
		int32_t *w = cells_alloc(cap * sizeof *w, (size_t)(c - f->cols));
		if (!w)
			return -1;
		for (size_t i = 0; i < f->n_rows; i++)
			w[i] = c->small[i] == INT8_MIN ? INT32_MIN : (int32_t)c->small[i];
		cells_free(c->small);
		c->small = NULL;
		c->whole = w;
	} else {
		double *w = cells_alloc(cap * sizeof *w, (size_t)(c - f->cols));
		if (!w)
			return -1;
		for (size_t i = 0; i < f->n_rows; i++)
			w[i] = c->small ? (c->small[i] == INT8_MIN ? NAN : (double)c->small[i])
				   : (c->whole[i] == INT32_MIN ? NAN : (double)c->whole[i]);
		cells_free(c->small);
		cells_free(c->whole);
		c->small = NULL;
		c->whole = NULL;
		c->wide = w;
	}
	return 0;
}

int frame_set_number_wide(struct frame *f, size_t col, size_t row, double value)
{
	struct column *c = &f->cols[col];
	int width;

	if (isnan(value))
		return 0;
	if (value == 0)
		value = 0; /* -0 reads as 0 */
	width = width_of(value);
	if (width > width_now(c) && widen_to(f, c, width) != 0)
		return -1;
	if (c->small) {
		if (c->small[row] == INT8_MIN)
			c->n_missing--;
		c->small[row] = (int8_t)value;
	} else if (c->whole) {
		if (c->whole[row] == INT32_MIN)
			c->n_missing--;
		c->whole[row] = (int32_t)value;
	} else {
		if (isnan(c->wide[row]))
			c->n_missing--;
		c->wide[row] = value;
	}
	return 0;
}

/* Column j of src appended to dst's (frame_append_rows). */
static int append_column(struct column_range *r, size_t j)
{
	struct frame *dst = r->f, *src = r->src;
	struct column *a = &dst->cols[j], *b = &src->cols[j];
	size_t n = r->n, m = src->n_rows, base = r->base;
	size_t kept = a->n_out_of_range < FRAME_BAD_CELLS_KEPT ? a->n_out_of_range : FRAME_BAD_CELLS_KEPT;

	if (a->kind == COLUMN_TEXT) {
		for (size_t i = 0; i < m; i++)
			a->text[n + i] = b->text[i] == SIZE_MAX ? SIZE_MAX : b->text[i] + base;
	} else {
		/* the joined column takes the wider storage of the two */
		if (widen_to(dst, a, width_now(b)) != 0)
			return -1;
		if (a->small)
			memcpy(a->small + n, b->small, m);
		else if (a->whole && b->whole)
			memcpy(a->whole + n, b->whole, m * sizeof *b->whole);
		else if (a->whole)
			for (size_t i = 0; i < m; i++)
				a->whole[n + i] = b->small[i] == INT8_MIN ? INT32_MIN : (int32_t)b->small[i];
		else if (b->wide)
			memcpy(a->wide + n, b->wide, m * sizeof *b->wide);
		else
			for (size_t i = 0; i < m; i++)
				a->wide[n + i] = frame_value(src, j, i);
	}
	if (b->why) {
		if (!a->why && !(a->why = cells_calloc(dst->cap_rows, j)))
			return -1;
		memcpy(a->why + n, b->why, m);
	}
	for (size_t k = 0; k < b->n_out_of_range && kept < FRAME_BAD_CELLS_KEPT; k++, kept++)
		a->out_of_range[kept] = (struct bad_cell){b->out_of_range[k].line + r->line_offset, b->out_of_range[k].value};
	a->n_out_of_range += b->n_out_of_range;
	a->n_missing += b->n_missing;
	/* the cells are copied: give their memory back now, not after the last column */
	cells_free(b->small);
	cells_free(b->whole);
	cells_free(b->wide);
	free(b->text);
	cells_free(b->why);
	b->small = NULL, b->whole = NULL, b->wide = NULL, b->text = NULL, b->why = NULL;
	return 0;
}

int frame_append_rows_threads(struct frame *dst, struct frame *src, size_t line_offset, size_t threads)
{
	size_t n = dst->n_rows, m = src->n_rows, base = dst->arena_len;
	struct column_range proto = {.fn = append_column, .f = dst, .src = src, .n = n, .base = base,
				     .line_offset = line_offset};

	if (m == 0)
		return 0;
	if (frame_reserve_rows(dst, n + m) != 0)
		return -1;
	if (src->arena_len) {
		if (base + src->arena_len > dst->arena_cap) {
			char *a = realloc(dst->arena, base + src->arena_len);
			if (!a)
				return -1;
			dst->arena = a;
			dst->arena_cap = base + src->arena_len;
		}
		memcpy(dst->arena + base, src->arena, src->arena_len);
		dst->arena_len += src->arena_len;
	}
	/* the caller's thread copies the line numbers besides its columns */
	if (over_columns(&proto, threads, sizeof *dst->line) != 0)
		return -1;
	for (size_t i = 0; i < m; i++)
		dst->line[n + i] = src->line[i] + line_offset;
	dst->n_rows = n + m;
	return 0;
}

int frame_append_rows(struct frame *dst, struct frame *src, size_t line_offset)
{
	return frame_append_rows_threads(dst, src, line_offset, 1);
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
		c->why = cells_calloc(f->cap_rows ? f->cap_rows : 1, col); /* CELL_MISSING is 0 */
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
	int32_t *whole = c->whole;
	double *wide = c->wide;
	size_t cap = f->cap_rows ? f->cap_rows : 1;

	if (c->kind == COLUMN_TEXT)
		return 0;
	c->text = malloc(cap * sizeof *c->text);
	if (!c->text)
		return -1;
	for (size_t i = 0; i < f->n_rows; i++)
		c->text[i] = SIZE_MAX;
	c->kind = COLUMN_TEXT;
	c->small = NULL;
	c->whole = NULL;
	c->wide = NULL;
	c->n_missing = f->n_rows;
	for (size_t i = 0; i < f->n_rows; i++) {
		double v = small ? (small[i] == INT8_MIN ? NAN : small[i])
			   : whole ? (whole[i] == INT32_MIN ? NAN : whole[i])
			   : wide ? wide[i] : NAN;
		char buf[32];
		int len;
		if (isnan(v))
			continue;
		len = snprintf(buf, sizeof buf, "%.15g", v);
		if (frame_set_text(f, col, i, buf, (size_t)len) != 0) {
			cells_free(small);
			cells_free(whole);
			cells_free(wide);
			return -1;
		}
	}
	cells_free(small);
	cells_free(whole);
	cells_free(wide);
	return 0;
}

size_t *frame_make_numeric(struct frame *f, size_t col)
{
	struct column *c = &f->cols[col];
	size_t cap = f->cap_rows ? f->cap_rows : 1, *text = c->text;
	int8_t *small = cells_alloc(cap, col);

	if (!small)
		return NULL;
	memset(small, INT8_MIN, f->n_rows);
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
