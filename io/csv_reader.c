#include "io/csv_reader.h"

#include <csv.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/csv_fast.h"
#include "io/csv_split.h"
#include "io/grow.h"
#include "io/numparse.h"
#include "io/output_guard.h"
#include "io/value_codes.h"

#define BLOCK_SIZE ((size_t)1 << 16)

/* A one-digit cell whose value needs the full store path (a missing code, out of range). */
#define DIGIT_SLOW INT8_MAX

/* How each column's cells are handled, decided once from the codebook. */
struct column_plan {
	const struct var_meta *meta; /* codebook entry or NULL */
	int numeric_only;            /* text in it is an error (items, numeric variables) */
	int text_codes;              /* text answers read through the value labels (io/value_codes.h) */
	int has_codes;               /* missing codes to look for (global or the column's) */
	double lo, hi;               /* valid range (-inf, inf when none) */
	int8_t digit[10];            /* what a one-digit cell stores in a one-byte column, or DIGIT_SLOW */
	enum column_kind start_kind; /* a part after the first: the column's kind when it started */
	int text_after_cells;        /* a part after the first turned the column to text after cells
					that were not blank (the join cannot rebuild those as text) */
};

/* A data record held back until we know whether it is a Qualtrics header row. */
struct held_record {
	char **cells;
	size_t *lens;
	size_t n, line;
};

struct reader {
	const char *path;
	const struct csv_read_options *o;
	struct frame *f;
	struct sk_error *err;
	int failed;
	int decimal_comma;
	size_t line;   /* physical line being parsed (1-based) */
	size_t next_field_line; /* where the field after the last complete one starts */
	size_t field;  /* field index in the current record */
	size_t record; /* 0 = header */
	size_t row;    /* frame row of the current record */
	char **header;
	size_t n_header;
	struct column_plan *plan;
	struct held_record held[2];
	size_t n_held;
	int qualtrics_decided;
	int cr_lines;  /* lines end in a lone CR (decided from the header line) */
	int after_cr;  /* the last segment ended in CR: an LF next completes a CRLF */
	int later_part; /* parses a part after the first of a parallel read (lines counted from 1) */
	size_t bytes;   /* read so far */
	atomic_int *stop; /* a parallel read: set when a part fails, so the others stop */
	struct parallel *par; /* the first part of a parallel read: cuts the input once the data start */
	struct source *src;
	size_t offset;  /* of the next byte to parse, in the input (first part) */
	int fast;       /* data rows stored, no failure, fields of one byte allowed: on_field's direct path */
	struct csv_fast split;  /* quote-free lines split without libcsv (io/csv_fast.h) */
	int split_ok;   /* the delimiter and line ends allow it, and the options do not forbid it */
	int row_start;  /* libcsv stands between records: the next line may be split directly */
	struct csv_cell *cells; /* n_header cells of the line being split */
};

/* Quotes a cell for a message: at most 40 bytes, control characters as '?'. */
static const char *cell_for_message(const char *s, size_t len, char *buf, size_t size)
{
	size_t n = len < 40 ? len : 40, j = 0;

	for (size_t i = 0; i < n && j + 4 < size; i++)
		buf[j++] = (unsigned char)s[i] < 0x20 ? '?' : s[i];
	if (n < len && j + 4 < size) {
		memcpy(buf + j, "...", 3);
		j += 3;
	}
	buf[j] = '\0';
	return buf;
}

static int fail(struct reader *r, enum sk_exit code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct reader *r, enum sk_exit code, const char *fmt, ...)
{
	char msg[900];
	va_list ap;

	if (r->failed)
		return -1;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sk_fail(r->err, code, "'%s' %s", r->path, msg);
	r->failed = 1;
	r->fast = 0;
	return -1;
}

static int oom(struct reader *r)
{
	return fail(r, SK_EXIT_INPUT, "line %zu: out of memory", r->line);
}

static int is_missing_code(const double *codes, size_t n, double v)
{
	for (size_t i = 0; i < n; i++)
		if (codes[i] == v)
			return 1;
	return 0;
}

static int is_na(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	return len == 0 || (len == 2 && s[0] == 'N' && s[1] == 'A');
}

/* A text answer's code from the column's value labels; exit 3 naming the line, the column, the
 * text and the labels when it has none. */
static int code_of_answer(struct reader *r, size_t col, const char *s, size_t len, double *v)
{
	const struct var_meta *m = r->plan[col].meta;
	size_t k = value_code_find(m, s, len);
	char buf[64], labels[400];

	if (k != SIZE_MAX) {
		*v = m->labels[k].value;
		return 0;
	}
	value_labels_list(m, labels, sizeof labels);
	return fail(r, SK_EXIT_INPUT, "line %zu, column '%s': '%s' is not one of its values (%s)", r->line,
		    r->f->cols[col].name, cell_for_message(s, len, buf, sizeof buf), labels);
}

/* 1 when a cell of the column's rows so far holds a number or was set missing for its value. */
static int has_cells(const struct frame *f, size_t col)
{
	const struct column *c = &f->cols[col];

	for (size_t i = 0; i + 1 < f->n_rows; i++)
		if ((c->small && c->small[i] != INT8_MIN) || (c->whole && c->whole[i] != INT32_MIN) ||
		    (c->wide && !isnan(c->wide[i])) ||
		    (c->why && c->why[i] != CELL_MISSING))
			return 1;
	return 0;
}

/* Stores one data cell: missing, a number (checked against the codebook), or text. */
static void store_cell(struct reader *r, size_t col, size_t row, const char *s, size_t len)
{
	struct frame *f = r->f;
	struct column *c = &f->cols[col];
	const struct var_meta *m = r->plan[col].meta;
	double v;
	char buf[64];

	struct column_plan *p = &r->plan[col];

	frame_set_missing(f, col, row); /* the row's cells are unset until stored */
	if (c->kind == COLUMN_TEXT) {
		if (!is_na(s, len) && frame_set_text(f, col, row, s, len) != 0)
			oom(r);
		return;
	}
	if (len == 1 && s[0] >= '0' && s[0] <= '9') /* a one-digit answer: most cells of a survey */
		v = s[0] - '0';
	else switch (num_parse(s, len, r->decimal_comma, &v)) {
	case NUM_EMPTY:
		return;
	case NUM_OK:
		break;
	case NUM_RANGE:
		fail(r, SK_EXIT_INPUT, "line %zu, column '%s': '%s' is too large for a number", r->line,
		     c->name, cell_for_message(s, len, buf, sizeof buf));
		return;
	case NUM_INVALID:
		if (is_na(s, len))
			return;
		if (p->text_codes) {
			if (code_of_answer(r, col, s, len, &v) != 0)
				return;
			break;
		}
		if (p->numeric_only) {
			fail(r, SK_EXIT_INPUT, "line %zu, column '%s': '%s' is not a number", r->line, c->name,
			     cell_for_message(s, len, buf, sizeof buf));
			return;
		}
		if (r->later_part)
			p->text_after_cells = p->has_codes || has_cells(f, col);
		if (frame_make_text(f, col) != 0 || frame_set_text(f, col, row, s, len) != 0)
			oom(r);
		return;
	}
	if (p->has_codes && (is_missing_code(r->o->missing, r->o->n_missing, v) ||
			     (m && (is_missing_code(m->missing, m->n_missing, v) ||
				    (!isnan(m->missing_low) && v >= m->missing_low && v <= m->missing_high)))))
		return;
	if (v < p->lo || v > p->hi) {
		if (c->n_out_of_range < FRAME_BAD_CELLS_KEPT)
			c->out_of_range[c->n_out_of_range] = (struct bad_cell){r->line, v};
		c->n_out_of_range++;
		if (frame_set_why(f, col, row, CELL_OUT_OF_RANGE) != 0)
			oom(r);
		return;
	}
	if (frame_set_number(f, col, row, v) != 0)
		oom(r);
}

static char *copy_cell(const char *s, size_t len)
{
	char *d = malloc(len + 1);

	if (d) {
		memcpy(d, s, len);
		d[len] = '\0';
	}
	return d;
}

static int add_header_name(struct reader *r, const char *s, size_t len)
{
	char **h;

	if (r->n_header >= r->o->max_columns)
		return fail(r, SK_EXIT_INPUT,
			    "line %zu: more than %zu columns (raise the limit with --max-columns)", r->line,
			    r->o->max_columns);
	h = grow_for(r->header, r->n_header, sizeof *h);
	if (!h)
		return oom(r);
	r->header = h;
	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (len == 0) {
		char name[32];
		int n = snprintf(name, sizeof name, "column_%zu", r->n_header + 1);
		h[r->n_header] = copy_cell(name, (size_t)n);
	} else {
		h[r->n_header] = copy_cell(s, len);
	}
	if (!h[r->n_header])
		return oom(r);
	r->n_header++;
	return 0;
}

static int hold_cell(struct reader *r, const char *s, size_t len)
{
	struct held_record *h = &r->held[r->n_held];
	char **cells = grow_for(h->cells, h->n, sizeof *cells);
	size_t *lens;

	if (!cells)
		return oom(r);
	h->cells = cells;
	lens = grow_for(h->lens, h->n, sizeof *lens);
	if (!lens)
		return oom(r);
	h->lens = lens;
	h->cells[h->n] = copy_cell(s, len);
	if (!h->cells[h->n])
		return oom(r);
	h->lens[h->n] = len;
	if (h->n++ == 0)
		h->line = r->line;
	return 0;
}

static void free_held(struct reader *r)
{
	for (size_t k = 0; k < 2; k++) {
		for (size_t i = 0; i < r->held[k].n; i++)
			free(r->held[k].cells[i]);
		free(r->held[k].cells);
		free(r->held[k].lens);
		memset(&r->held[k], 0, sizeof r->held[k]);
	}
}

static int new_row(struct reader *r, size_t line)
{
	if (r->f->n_rows >= r->o->max_rows)
		return fail(r, SK_EXIT_INPUT, "line %zu: more than %zu data rows (raise the limit with --max-rows)",
			    line, r->o->max_rows);
	r->row = frame_add_row_unset(r->f, line);
	return r->row == SIZE_MAX ? oom(r) : 0;
}

/* Qualtrics puts question text in row 2 and {"ImportId":"QID1"} cells in row 3. */
static int looks_like_import_ids(const struct held_record *h)
{
	for (size_t i = 0; i < h->n; i++)
		if (strncmp(h->cells[i], "{\"ImportId\"", 11) == 0)
			return 1;
	return 0;
}

/* Qualtrics's question-text row: each column's variable label, unless the codebook gives one. */
static void qualtrics_labels(struct reader *r, const struct held_record *h)
{
	for (size_t j = 0; j < h->n && j < r->f->n_cols && !r->failed; j++) {
		struct var_meta *m = &r->f->cols[j].meta;
		if (m->label || h->lens[j] == 0)
			continue;
		if (!(m->label = copy_cell(h->cells[j], h->lens[j])))
			oom(r);
	}
}

static void settle_held_records(struct reader *r)
{
	if (r->qualtrics_decided)
		return;
	r->qualtrics_decided = 1;
	if (r->n_held == 2 && looks_like_import_ids(&r->held[1])) {
		r->f->skipped_headers = 2;
		qualtrics_labels(r, &r->held[0]);
	} else {
		size_t line = r->line;
		for (size_t k = 0; k < r->n_held && !r->failed; k++) {
			r->line = r->held[k].line; /* messages name the held record's own line */
			if (new_row(r, r->line) != 0)
				break;
			for (size_t i = 0; i < r->held[k].n && !r->failed; i++)
				store_cell(r, i, r->row, r->held[k].cells[i], r->held[k].lens[i]);
		}
		r->line = line;
	}
	free_held(r);
}

/* A column without a codebook entry that turned to text: counts its cells that are numbers and
 * those that are not (column.stray); with o->mixed_numeric, when the numbers are more it is
 * numeric again, the numbers stored as store_cell stores them and the rest missing. */
static void settle_mixed_column(struct reader *r, size_t col)
{
	struct frame *f = r->f;
	struct column *c = &f->cols[col];
	struct stray_text *st = &c->stray;
	size_t *text;
	double v;

	for (size_t i = 0; i < f->n_rows; i++) {
		const char *t = frame_text(f, col, i);
		if (!t)
			continue;
		if (num_parse(t, strlen(t), r->decimal_comma, &v) == NUM_INVALID) {
			if (st->n < FRAME_BAD_CELLS_KEPT)
				st->line[st->n] = f->line[i];
			st->n++;
		} else {
			st->numbers++;
		}
	}
	if (!st->numbers)
		st->n = 0; /* a text column */
	if (!r->o->mixed_numeric || st->numbers <= st->n)
		return;
	if (!(text = frame_make_numeric(f, col))) {
		oom(r);
		return;
	}
	for (size_t i = 0; i < f->n_rows && !r->failed; i++) {
		const char *t = text[i] == SIZE_MAX ? NULL : f->arena + text[i];
		r->line = f->line[i];
		if (!t)
			continue;
		if (num_parse(t, strlen(t), r->decimal_comma, &v) == NUM_INVALID) {
			if (frame_set_why(f, col, i, CELL_NOT_NUMBER) != 0)
				oom(r);
		} else {
			store_cell(r, col, i, t, strlen(t));
		}
	}
	free(text);
}

static void settle_mixed_columns(struct reader *r)
{
	for (size_t j = 0; j < r->f->n_cols && j < r->n_header && !r->failed; j++)
		if (!r->plan[j].meta && r->f->cols[j].kind == COLUMN_TEXT)
			settle_mixed_column(r, j);
}

/* Names the first column that repeats an earlier name; repeats sit side by side in the frame's
 * name index (sorted by name, then position). */
static int check_duplicate_names(struct reader *r)
{
	const struct frame *f = r->f;
	size_t first = 0, second = SIZE_MAX;

	for (size_t i = 1; i < f->n_cols; i++) {
		size_t a = f->by_name[i - 1], b = f->by_name[i];
		if (strcmp(f->cols[a].name, f->cols[b].name) == 0 && b < second &&
		    (i == 1 || strcmp(f->cols[f->by_name[i - 2]].name, f->cols[a].name) != 0))
			first = a, second = b;
	}
	if (second != SIZE_MAX)
		return fail(r, SK_EXIT_INPUT, "line %zu: duplicate column name '%s' (columns %zu and %zu)", r->line,
			    f->cols[second].name, first + 1, second + 1);
	return 0;
}

static int set_up_columns(struct reader *r)
{
	const struct codebook *cb = r->o->codebook;

	r->plan = calloc(r->n_header ? r->n_header : 1, sizeof *r->plan);
	r->cells = malloc((r->n_header ? r->n_header : 1) * sizeof *r->cells);
	if (!r->plan || !r->cells)
		return oom(r);
	for (size_t j = 0; j < r->n_header; j++) {
		const struct var_meta *m = cb ? codebook_find(cb, r->header[j]) : NULL;
		enum column_kind kind = m && m->role == ROLE_TEXT ? COLUMN_TEXT : COLUMN_NUMERIC;
		if (frame_add_column(r->f, r->header[j], kind) != 0)
			return oom(r);
		if (m && var_meta_copy(&r->f->cols[j].meta, m) != 0)
			return oom(r);
		if (m) {
			free(r->f->cols[j].meta.column);
			r->f->cols[j].meta.column = NULL;
		}
		r->plan[j].meta = m;
		r->plan[j].numeric_only = m && (m->role == ROLE_ITEM || m->role == ROLE_NUMERIC);
		r->plan[j].text_codes = m && m->n_labels && m->role != ROLE_TEXT;
		r->plan[j].has_codes = r->o->n_missing || (m && (m->n_missing || !isnan(m->missing_low)));
		r->plan[j].lo = m && !isnan(m->min) ? m->min : -INFINITY;
		r->plan[j].hi = m && !isnan(m->max) ? m->max : INFINITY;
		for (int d = 0; d < 10; d++)
			r->plan[j].digit[d] = r->plan[j].has_codes || d < r->plan[j].lo || d > r->plan[j].hi ? DIGIT_SLOW : (int8_t)d;
	}
	if (frame_index_names(r->f) != 0)
		return oom(r);
	if (check_duplicate_names(r) != 0)
		return -1;
	if (cb && codebook_check_columns(cb, r->f, r->err) != 0) {
		r->failed = 1;
		return -1;
	}
	return 0;
}

__attribute__((noinline)) static void on_field_slow(void *s, size_t len, void *data)
{
	struct reader *r = data;
	const char *cell = s ? s : "";

	if (r->failed)
		return;
	if (len > r->o->max_field) {
		fail(r, SK_EXIT_INPUT, "line %zu: a field is longer than %zu bytes (raise the limit with --max-field)",
		     r->line, r->o->max_field);
		return;
	}
	r->next_field_line = r->line;
	if (r->record == 0) {
		add_header_name(r, cell, len);
	} else {
		if (r->field >= r->n_header) {
			fail(r, SK_EXIT_INPUT, "line %zu: row has more than the %zu fields of the header", r->line,
			     r->n_header);
			return;
		}
		if (!r->qualtrics_decided) {
			hold_cell(r, cell, len);
		} else {
			if (r->field == 0 && new_row(r, r->line) != 0)
				return;
			store_cell(r, r->field, r->row, cell, len);
		}
	}
	r->field++;
}

/* A blank or one-digit cell of a one-byte column stored directly: 1, or 0 when it needs
 * store_field. */
static inline int store_digit(struct reader *r, size_t j, const unsigned char *cell, size_t len)
{
	struct column *c = &r->f->cols[j];
	unsigned d = len ? cell[0] - (unsigned)'0' : 0;
	int8_t b;

	if (len > 1 || !c->small || d >= 10u)
		return 0;
	b = len ? r->plan[j].digit[d] : INT8_MIN;
	if (b == DIGIT_SLOW)
		return 0;
	c->small[r->row] = b;
	return 1;
}

/* A data cell of the current row: a whole number within the column's range in a numeric column
 * without missing codes directly, the rest through store_cell. */
static void store_field(struct reader *r, size_t j, const unsigned char *cell, size_t len)
{
	const struct column_plan *p = &r->plan[j];

	if (len >= 2 && len <= 9 && r->f->cols[j].kind == COLUMN_NUMERIC && !p->has_codes) {
		long v = 0;
		size_t i = 0;
		unsigned d;
		while (i < len && (d = cell[i] - (unsigned)'0') < 10u)
			v = v * 10 + (long)d, i++;
		if (i == len && (double)v >= p->lo && (double)v <= p->hi) {
			struct column *c = &r->f->cols[j];
			/* as frame_set_number stores it (the reader counts missing cells at the end) */
			if (c->small && v <= INT8_MAX) {
				c->small[r->row] = (int8_t)v;
				return;
			}
			if (c->whole) {
				c->whole[r->row] = (int32_t)v; /* at most 9 digits */
				return;
			}
			frame_set_missing(r->f, j, r->row);
			if (frame_set_number(r->f, j, r->row, (double)v) != 0)
				oom(r);
			return;
		}
	}
	store_cell(r, j, r->row, (const char *)cell, len);
}

/* A data cell once the rows are being stored, other than a blank or one-digit cell after the
 * row's first: store_field; the header, held rows, errors and long fields through on_field_slow. */
__attribute__((noinline)) static void on_field_stored(void *s, size_t len, void *data)
{
	struct reader *r = data;
	size_t j = r->field;

	if (!r->fast || j >= r->n_header || len > r->o->max_field) {
		on_field_slow(s, len, data);
		return;
	}
	r->next_field_line = r->line;
	if (j == 0 && new_row(r, r->line) != 0)
		return;
	r->field = j + 1;
	store_field(r, j, s ? s : (const unsigned char *)"", len);
}

/* The common cells of a survey, blank or one digit in a one-byte column after the row's first,
 * stored directly; everything else through on_field_stored. */
static void on_field(void *s, size_t len, void *data)
{
	struct reader *r = data;
	size_t j = r->field;

	if (len <= 1 && j - 1 < r->n_header - 1 && r->fast && store_digit(r, j, s, len)) {
		r->next_field_line = r->line;
		r->field = j + 1;
		return;
	}
	on_field_stored(s, len, data);
}

static void on_record(int terminator, void *data)
{
	struct reader *r = data;

	(void)terminator;
	if (r->failed)
		return;
	r->next_field_line = r->line + 1;
	if (r->record == 0) {
		set_up_columns(r);
	} else if (r->field != r->n_header) {
		fail(r, SK_EXIT_INPUT, "line %zu: row has %zu fields, the header has %zu", r->line, r->field,
		     r->n_header);
		return;
	} else if (!r->qualtrics_decided) {
		r->n_held++;
		if (r->n_held == 2)
			settle_held_records(r);
	}
	r->record++;
	r->field = 0;
	r->fast = r->qualtrics_decided && !r->failed && r->o->max_field >= 1;
}

/* The delimiter that occurs most often outside quotes in the first line: ',' ';' or tab. */
static char detect_delimiter(const char *buf, size_t len)
{
	size_t comma = 0, semicolon = 0, tab = 0;
	int quoted = 0;

	for (size_t i = 0; i < len && (quoted || (buf[i] != '\n' && buf[i] != '\r')); i++) {
		if (buf[i] == '"')
			quoted = !quoted;
		else if (!quoted && buf[i] == ',')
			comma++;
		else if (!quoted && buf[i] == ';')
			semicolon++;
		else if (!quoted && buf[i] == '\t')
			tab++;
	}
	if (semicolon > comma && semicolon >= tab)
		return ';';
	if (tab > comma && tab > semicolon)
		return '\t';
	return ',';
}

void csv_read_options_init(struct csv_read_options *o)
{
	memset(o, 0, sizeof *o);
	o->max_field = CSV_DEFAULT_MAX_FIELD;
	o->max_columns = CSV_DEFAULT_MAX_COLUMNS;
	o->max_rows = CSV_DEFAULT_MAX_ROWS;
}

/* Where a part's bytes come from: a stream read in order, a regular file read by offset (one
 * part of it), or memory. */
struct source {
	FILE *fp;
	int fd;           /* a regular file read with pread, when fp and mem are NULL */
	const char *mem;
	size_t pos, end;  /* fd and mem: the bytes [pos, end) still to read */
	char *buf;        /* BLOCK_SIZE bytes (fp and fd) */
	int error;        /* errno of a failed read */
};

/* Feeds a block to libcsv one physical line at a time, so every callback knows its line. A line
 * ends in LF or CRLF; in a file whose header ends in a lone CR (old Mac exports, which libcsv also
 * reads) a lone CR ends a line too, and a CRLF split between two blocks counts once. */
static void start_parts(struct parallel *par, struct reader *r0, struct source *src0);

/* The cells of a line split directly (r->cells) stored in the row just added. */
static int store_row(struct reader *r, size_t n)
{
	const struct csv_cell *cells = r->cells;

	for (size_t j = 0; j < n; j++) {
		const unsigned char *cell = (const unsigned char *)cells[j].s;
		size_t len = cells[j].len;
		if (len <= 1 && store_digit(r, j, cell, len)) /* as on_field stores it */
			continue;
		store_field(r, j, cell, len);
		if (r->failed)
			return -1;
	}
	return 0;
}

/* The data lines from buf up to `end` (just past a line feed) that io/csv_fast.h splits, stored
 * as libcsv and on_field would store them; returns the bytes used. Stops before a line it does
 * not settle (a quote, a lone CR, a field too long, a row of the wrong width or beyond
 * --max-rows): libcsv then parses that line, with its own messages. */
static size_t parse_lines_directly(struct reader *r, const char *buf, const char *end)
{
	const char *at = buf, *next;
	size_t n;

	while (at < end && r->f->n_rows < r->o->max_rows) {
		enum csv_fast_line kind = csv_fast_line(&r->split, at, r->cells, r->n_header, &n, &next);
		if (kind == CSV_FAST_STOP || (kind == CSV_FAST_ROW && n != r->n_header))
			break;
		if (kind == CSV_FAST_ROW) {
			if (new_row(r, r->line) != 0 || store_row(r, n) != 0)
				break;
			r->next_field_line = r->line + 1;
			r->record++;
		}
		r->line++;
		at = next;
	}
	return (size_t)(at - buf);
}

static int parse_block(struct reader *r, struct csv_parser *p, const char *buf, size_t len)
{
	/* where the block's complete lines end: found once, when a line may first be split directly,
	 * not again for each line libcsv takes */
	const char *lines_end = NULL;

	while (len && !r->failed) {
		const char *nl, *cr;
		size_t seg;
		int ends;
		if (r->row_start && r->fast && r->split_ok && r->cells && !r->par &&
		    buf < (lines_end ? lines_end : (lines_end = csv_fast_last_line_end(buf, len)))) {
			size_t used = parse_lines_directly(r, buf, lines_end);
			buf += used;
			len -= used;
			r->offset += used;
			if (!len || r->failed)
				break;
		}
		if (r->after_cr && buf[0] == '\n') {
			seg = 1, ends = 0; /* the LF of a CRLF whose CR ended the previous block */
		} else {
			nl = memchr(buf, '\n', len);
			seg = nl ? (size_t)(nl - buf) + 1 : len;
			ends = nl != NULL;
			cr = r->cr_lines ? memchr(buf, '\r', seg) : NULL;
			if (cr && cr + 1 != nl)
				seg = (size_t)(cr - buf) + 1, ends = 1;
		}
		r->after_cr = r->cr_lines && ends && buf[seg - 1] == '\r';
		r->row_start = 0;
		if (csv_parse(p, buf, seg, on_field, on_record, r) != seg && !r->failed)
			return fail(r, SK_EXIT_INPUT, "line %zu: %s", r->line,
				    csv_error(p) == CSV_EPARSE ? "malformed quoting (a quote inside an unquoted field, or text after a closing quote)"
							       : csv_strerror(csv_error(p)));
		if (p->entry_pos > r->o->max_field)
			return fail(r, SK_EXIT_INPUT,
				    "line %zu: a field is longer than %zu bytes (raise the limit with --max-field)",
				    r->line, r->o->max_field);
		/* libcsv grows its field buffer by a fixed step: make the step the buffer's size, so a
		 * 100 MB field takes a few dozen reallocations rather than 25,000 (quadratic copying) */
		if (p->entry_size > p->blk_size)
			csv_set_blk_size(p, p->entry_size);
		if (ends)
			r->line++;
		/* after a line feed outside quotes libcsv waits for a new record */
		r->row_start = buf[seg - 1] == '\n' && !p->quoted;
		buf += seg;
		len -= seg;
		r->offset += seg;
		if (r->par && r->qualtrics_decided && !r->failed) {
			/* the data start here: cut the rest of the input, and stop this block at the cut */
			start_parts(r->par, r, r->src);
			r->par = NULL;
			if (r->src->end - r->offset < len)
				len = r->src->end - r->offset;
			lines_end = NULL;
		}
	}
	return r->failed ? -1 : 0;
}


static size_t source_read(struct source *src, const char **block)
{
	size_t want = src->end - src->pos < BLOCK_SIZE ? src->end - src->pos : BLOCK_SIZE, got;
	ssize_t n;

	*block = src->buf;
	if (src->fp) {
		got = fread(src->buf, 1, BLOCK_SIZE, src->fp);
		if (got == 0 && ferror(src->fp))
			src->error = errno ? errno : EIO;
		return got;
	}
	if (src->mem) {
		*block = src->mem + src->pos;
		src->pos += want;
		return want;
	}
	do
		n = pread(src->fd, src->buf, want, (off_t)src->pos);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		src->error = errno;
		return 0;
	}
	src->pos += (size_t)n;
	return (size_t)n;
}

/* A part after the first of a parallel read: its own reader, parser and frame. */
struct part {
	struct reader r;
	struct frame f;
	struct sk_error err;
	struct csv_parser p;
	struct source src;
	pthread_t tid;
	int parser_ready;
	int running; /* on a thread of its own */
};

/* The parallel read of a file or buffer of known size (io/csv_split.h): the first part is read
 * by the caller's reader, which cuts the file once it has read the header and decided on the
 * Qualtrics rows, and starts the other parts on threads; their frames are appended to the first
 * one's. Anything a part cannot settle alone (an error anywhere, a column one part saw as text and
 * another as numbers, more rows than --max-rows) makes the reader read the file again in one
 * part, so results and messages never depend on the number of parts. */
struct parallel {
	size_t wanted;    /* parts asked for */
	size_t size;      /* bytes of the whole input */
	int broken;       /* a part could not be set up: read again in one part */
	size_t n;         /* parts after the first */
	struct part *parts;
	atomic_int stop;  /* a part failed: the others stop at their next block */
};

/* Sizes the columns once for the rows the part's bytes still hold, from the width of the lines
 * read so far (5% over; the slack is given back at the end). */
static void reserve_rows(struct reader *r, size_t bytes_left)
{
	size_t lines = r->line - 1;
	double rows;

	if (lines == 0 || r->f->n_cols == 0)
		return;
	rows = (double)r->f->n_rows + (double)bytes_left / ((double)r->bytes / (double)lines) * 1.05 + 16;
	if (rows > (double)r->o->max_rows + 1)
		rows = (double)r->o->max_rows + 1;
	frame_reserve_rows(r->f, (size_t)rows); /* on failure the rows grow one block at a time */
}

/* Reads a part's blocks through libcsv; the first part also checks the start of the file and
 * picks the delimiter. `par` (first part of a parallel read only) is told when to cut. */
static void read_part(struct reader *r, struct csv_parser *p, struct source *src, size_t size)
{
	atomic_int *stop = r->stop;
	const char *block;
	size_t got;
	int first = !r->later_part, reserved = 0;

	while (!r->failed && (got = source_read(src, &block)) > 0) {
		const char *start = block;
		size_t len = got;
		if (first) {
			first = 0;
			if (len >= 2 && (memcmp(start, "\xFF\xFE", 2) == 0 || memcmp(start, "\xFE\xFF", 2) == 0)) {
				fail(r, SK_EXIT_INPUT, "is UTF-16 text; save it as CSV in UTF-8");
				break;
			}
			if (len >= 3 && memcmp(start, "\xEF\xBB\xBF", 3) == 0)
				start += 3, len -= 3;
			{
				const char *cr = memchr(start, '\r', len), *nl = memchr(start, '\n', len);
				r->cr_lines = cr && (!nl || cr < nl) && cr + 1 != nl;
			}
			r->f->delimiter = r->o->delimiter ? r->o->delimiter : detect_delimiter(start, len);
			csv_set_delim(p, (unsigned char)r->f->delimiter);
			r->split_ok = !r->cr_lines && !r->o->libcsv_only &&
				      csv_fast_init(&r->split, (unsigned char)r->f->delimiter, r->o->max_field) == 0;
			r->decimal_comma = r->f->delimiter != ',';
		}
		r->bytes += got;
		r->offset = src->pos - got + (size_t)(start - block);
		if (parse_block(r, p, start, len) != 0)
			break;
		if (!reserved && size && r->f->n_cols) {
			reserved = 1;
			reserve_rows(r, src->end > src->pos ? src->end - src->pos : 0);
		}
		if (stop && atomic_load(stop))
			return;
	}
	if (!r->failed && src->error)
		fail(r, SK_EXIT_INPUT, "read error: %s", strerror(src->error));
	if (!r->failed && csv_fini(p, on_field, on_record, r) != 0 && !r->failed)
		fail(r, SK_EXIT_INPUT, "line %zu: unterminated quoted field (its quote is never closed)",
		     r->next_field_line);
	if (r->failed && stop)
		atomic_store(stop, 1);
}

static void *run_part(void *arg)
{
	struct part *pt = arg;

	read_part(&pt->r, &pt->p, &pt->src, pt->src.end - pt->src.pos);
	return NULL;
}

/* A part [from, to) after the first: a reader in the state the first part's is in at a record
 * boundary after the header (columns as they are now, lines counted from 1 until the join). */
static int set_up_part(struct parallel *par, struct part *pt, const struct reader *r0, const struct source *src0,
		       size_t from, size_t to)
{
	struct column_plan *plan = malloc((r0->n_header ? r0->n_header : 1) * sizeof *plan);
	struct csv_cell *cells = malloc((r0->n_header ? r0->n_header : 1) * sizeof *cells);

	frame_init(&pt->f, r0->path);
	if (!plan || !cells) {
		free(plan);
		free(cells);
		return -1;
	}
	memcpy(plan, r0->plan, r0->n_header * sizeof *plan);
	pt->r = (struct reader){.path = r0->path, .o = r0->o, .f = &pt->f, .err = &pt->err, .line = 1,
				.next_field_line = 1, .decimal_comma = r0->decimal_comma, .record = 1,
				.header = r0->header, .n_header = r0->n_header, .plan = plan,
				.qualtrics_decided = 1, .later_part = 1, .stop = &par->stop,
				.fast = r0->o->max_field >= 1, .split = r0->split, .split_ok = r0->split_ok,
				.row_start = 1, .cells = cells};
	pt->f.delimiter = r0->f->delimiter;
	for (size_t j = 0; j < r0->n_header; j++) {
		plan[j].start_kind = r0->f->cols[j].kind;
		plan[j].text_after_cells = 0;
		if (frame_add_column(&pt->f, r0->f->cols[j].name, r0->f->cols[j].kind) != 0)
			return -1;
	}
	pt->src = (struct source){.fd = src0->fd, .mem = src0->mem, .pos = from, .end = to};
	if (!pt->src.mem && !(pt->src.buf = malloc(BLOCK_SIZE)))
		return -1;
	if (csv_init(&pt->p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		return -1;
	pt->parser_ready = 1;
	csv_set_blk_size(&pt->p, 4096);
	csv_set_delim(&pt->p, (unsigned char)r0->f->delimiter);
	return 0;
}

static void release_part(struct part *pt)
{
	if (pt->parser_ready)
		csv_free(&pt->p);
	free(pt->r.plan);
	free(pt->r.cells);
	free(pt->src.buf);
	frame_free(&pt->f);
}

/* Cuts the input (io/csv_split.h) after what the first part has read, and starts the others. */
static void start_parts(struct parallel *par, struct reader *r0, struct source *src0)
{
	struct csv_split sp;
	char *buf = NULL;

	if (par->wanted < 2 || r0->cr_lines || r0->failed)
		return;
	csv_split_init(&sp, par->size, par->wanted, r0->offset);
	if (src0->mem) {
		csv_split_feed(&sp, src0->mem, par->size);
	} else if ((buf = malloc(BLOCK_SIZE))) {
		for (size_t at = 0; !sp.done;) {
			ssize_t n = pread(src0->fd, buf, BLOCK_SIZE, (off_t)at);
			if (n <= 0)
				break;
			at += (size_t)n;
			csv_split_feed(&sp, buf, (size_t)n);
		}
		free(buf);
	}
	if (!sp.done || sp.parts < 2)
		return;
	if (!(par->parts = calloc(sp.parts - 1, sizeof *par->parts))) {
		par->broken = 1;
		return;
	}
	src0->end = sp.cut[1];
	if (src0->pos > src0->end)
		src0->pos = src0->end; /* the block in hand reaches past the cut: no more to read */
	for (size_t k = 1; k < sp.parts; k++) {
		struct part *pt = &par->parts[par->n++];
		if (set_up_part(par, pt, r0, src0, sp.cut[k], sp.cut[k + 1]) != 0) {
			par->broken = 1;
			atomic_store(&par->stop, 1);
			return;
		}
		pt->running = pthread_create(&pt->tid, NULL, run_part, pt) == 0;
	}
}

/* Appends the later parts' rows to the first part's frame. -1: read again in one part. */
static int join_parts(struct reader *r0, struct parallel *par)
{
	struct frame *f = r0->f;
	size_t total = f->n_rows, line = r0->line;

	for (size_t k = 0; k < par->n; k++)
		total += par->parts[k].f.n_rows;
	if (total > r0->o->max_rows || frame_reserve_rows(f, total) != 0)
		return -1;
	for (size_t k = 0; k < par->n; k++) {
		struct part *pt = &par->parts[k];
		for (size_t j = 0; j < f->n_cols; j++) {
			const struct column_plan *p = &pt->r.plan[j];
			enum column_kind a = f->cols[j].kind, b = pt->f.cols[j].kind;
			/* numbers or cells set missing for their value in a part that, read in order,
			 * would have kept them as text */
			if (a == COLUMN_TEXT && p->start_kind == COLUMN_NUMERIC && (b == COLUMN_NUMERIC || p->text_after_cells))
				return -1;
			/* read in order, the column turns to text in this part: the numbers before it are
			 * formatted as frame_make_text formats them */
			if (a == COLUMN_NUMERIC && b == COLUMN_TEXT && frame_make_text(f, j) != 0)
				return -1;
		}
		if (frame_append_rows_threads(f, &pt->f, line - 1, par->n + 1) != 0)
			return -1;
		line += pt->r.line - 1;
	}
	r0->line = line;
	return 0;
}

/* Waits for the later parts (running any whose thread did not start) and joins them: 0, or -1
 * when the input must be read again in one part. */
static int finish_parts(struct reader *r0, struct parallel *par)
{
	int ok = !r0->failed && !par->broken;

	for (size_t k = 0; k < par->n; k++) {
		struct part *pt = &par->parts[k];
		if (pt->running)
			pthread_join(pt->tid, NULL);
		else if (ok && !atomic_load(&par->stop))
			run_part(pt);
		ok = ok && !pt->r.failed;
	}
	ok = ok && !atomic_load(&par->stop) && join_parts(r0, par) == 0;
	for (size_t k = 0; k < par->n; k++)
		release_part(&par->parts[k]);
	free(par->parts);
	return ok ? 0 : -1;
}

/* The input: a stream, or a regular file (fd) or memory of known size. */
struct input {
	FILE *fp;
	int fd;
	const char *mem;
	size_t size;
};

static int read_csv(const char *path, const struct input *in, const struct csv_read_options *o, size_t parts,
		    struct frame *out, struct sk_error *err)
{
	struct sk_error e0 = {0};
	struct reader r = {.path = path, .o = o, .f = out, .err = &e0, .line = 1, .next_field_line = 1};
	struct parallel par = {.wanted = parts, .size = in->size};
	struct source src = {.fp = in->fp, .fd = in->fd, .mem = in->mem, .end = in->size};
	struct csv_parser p;
	int status = SK_EXIT_OK, parser_ready = 0;

	atomic_init(&par.stop, 0);
	frame_init(out, path);
	if ((!src.mem && !(src.buf = malloc(BLOCK_SIZE))) ||
	    csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		status = sk_fail(err, SK_EXIT_INPUT, "'%s': out of memory", path);
		goto done;
	}
	parser_ready = 1;
	csv_set_blk_size(&p, 4096);
	if (parts > 1 && !in->fp) {
		r.stop = &par.stop;
		r.par = &par;
		r.src = &src;
	}
	read_part(&r, &p, &src, in->fp ? 0 : in->size);
	if (par.n && finish_parts(&r, &par) != 0) {
		/* read again in one part: the result and any message are those of an ordered read */
		csv_free(&p);
		free(src.buf);
		free_held(&r);
		for (size_t j = 0; j < r.n_header; j++)
			free(r.header[j]);
		free(r.header);
		free(r.plan);
		free(r.cells);
		frame_free(out);
		return read_csv(path, in, o, 1, out, err);
	}
	if (!r.failed)
		settle_held_records(&r);
	if (!r.failed && r.bytes == 0)
		fail(&r, SK_EXIT_INPUT, "is empty");
	else if (!r.failed && r.n_header == 0)
		fail(&r, SK_EXIT_INPUT, "has no header row");
	else if (!r.failed && out->n_rows == 0)
		fail(&r, SK_EXIT_INPUT, "has a header but no data rows");
	if (!r.failed)
		settle_mixed_columns(&r);
	if (!r.failed) {
		frame_count_missing_threads(out, parts);
		if (frame_fit_rows(out) != 0)
			oom(&r);
	}
	if (r.failed) {
		*err = e0;
		status = err->code;
	}
done:
	if (parser_ready)
		csv_free(&p);
	free(src.buf);
	free_held(&r);
	for (size_t j = 0; j < r.n_header; j++)
		free(r.header[j]);
	free(r.header);
	free(r.plan);
	free(r.cells);
	if (status != SK_EXIT_OK)
		frame_free(out);
	return status;
}

/* Parts for an input of `size` bytes: o->threads (0: one per processor this process may use), at
 * most one per o->min_part bytes. */
static size_t parts_for(const struct csv_read_options *o, size_t size)
{
	size_t parts = o->threads ? o->threads : csv_split_processors();
	size_t min_part = o->min_part ? o->min_part : CSV_DEFAULT_MIN_PART;

	if (parts > CSV_SPLIT_MAX_PARTS)
		parts = CSV_SPLIT_MAX_PARTS;
	if (parts > size / min_part)
		parts = size / min_part;
	return parts ? parts : 1;
}

int csv_read_frame(const char *path, const struct csv_read_options *o, struct frame *out, struct sk_error *err)
{
	struct input in = {.fd = -1};
	struct stat st;
	FILE *fp;
	int status;

	frame_init(out, path);
	fp = fopen(path, "rb");
	if (!fp)
		return sk_fail(err, SK_EXIT_INPUT, "cannot open '%s': %s", path, strerror(errno));
	output_guard_input(path, fileno(fp));
	if (fstat(fileno(fp), &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		in.fd = fileno(fp);
		in.size = (size_t)st.st_size;
	} else {
		in.fp = fp;
	}
	frame_free(out);
	status = read_csv(path, &in, o, in.fp ? 1 : parts_for(o, in.size), out, err);
	fclose(fp);
	return status;
}

int csv_read_buffer(const char *name, const void *data, size_t len, const struct csv_read_options *o,
		    struct frame *out, struct sk_error *err)
{
	struct input in = {.fd = -1, .mem = len ? data : "", .size = len};

	return read_csv(name, &in, o, parts_for(o, len), out, err);
}
