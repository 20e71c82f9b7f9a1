/* SPSS/Stata/SAS files into a frame through ReadStat (see io/readstat_reader.h).
 *
 * ReadStat parses and calls back: metadata (counts), one call per variable, one per value (case
 * by case, variable by variable), one per value label (for Stata after the data). The handlers
 * below build the frame as the values arrive, collect the value-label sets by name and attach
 * them to their columns once the file is read. A handler that finds a problem fills the error,
 * sets `failed` and aborts the parse; every exit goes through one cleanup. */
#include "io/readstat_reader.h"

#include <errno.h>
#include <float.h>
#include <limits.h>
#include <readstat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/output_guard.h"
#include "io/sav_writer.h"

/* How a variable's values go into its column. */
enum conversion {
	CONV_NUMBER,           /* numeric variable, numeric column */
	CONV_TEXT,             /* string variable, text column */
	CONV_STRING_TO_NUMBER, /* string variable the codebook says is numeric */
	CONV_NUMBER_TO_TEXT,   /* numeric variable the codebook says is text */
};

struct raw_label {
	double value;
	char *label;
	size_t order; /* position in the file, to keep the first of duplicates */
};

/* A value-label set as read. A name seen again after another set starts a new entry; the
 * entries of one name are merged when they are attached. */
struct label_set {
	char *name;
	struct raw_label *labels;
	size_t n, cap;
};

struct reader {
	const struct statfile_options *o;
	const char *name;    /* file name for messages */
	uint64_t file_size;  /* 0 when unknown */
	struct frame *f;
	struct sk_error *err;
	int failed;          /* a handler filled err */
	char detail[256];    /* ReadStat's own message */
	int64_t header_rows; /* -1: the file does not say */
	enum input_format fmt;
	size_t set_name_max; /* bytes of a value-label set name ReadStat may pass unterminated */
	/* per column */
	char **set_name;     /* its value-label set, or NULL */
	unsigned char *conv; /* enum conversion */
	size_t cap_cols;
	/* value labels */
	struct label_set *sets;
	size_t n_sets, cap_sets;
	size_t n_labels;
	size_t n_values; /* cells delivered */
	/* "surveykit: ..." document lines (io/sav_writer.h) */
	char **notes;
	size_t n_notes, cap_notes;
	int notes_applied;
};

__attribute__((format(printf, 2, 3))) static int fail(struct reader *r, const char *fmt, ...)
{
	char msg[sizeof r->err->msg];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	sk_fail(r->err, SK_EXIT_INPUT, "cannot read '%s': %s", r->name, msg);
	r->failed = 1;
	return READSTAT_HANDLER_ABORT;
}

/* "SPSS", "SPSS compressed (zsav)", ... for messages. */
static const char *statfile_format_name(enum input_format fmt)
{
	switch (fmt) {
	case INPUT_SAV:
		return "SPSS system file";
	case INPUT_ZSAV:
		return "SPSS compressed system file";
	case INPUT_POR:
		return "SPSS portable file";
	case INPUT_DTA:
		return "Stata file";
	case INPUT_SAS7BDAT:
		return "SAS data file";
	case INPUT_CSV:
		break;
	}
	return "CSV file";
}

void statfile_options_init(struct statfile_options *o)
{
	memset(o, 0, sizeof *o);
	o->max_columns = CSV_DEFAULT_MAX_COLUMNS;
	o->max_rows = CSV_DEFAULT_MAX_ROWS;
	o->max_string = CSV_DEFAULT_MAX_FIELD;
	o->max_labels = STATFILE_DEFAULT_MAX_LABELS;
}

void statfile_options_from_csv(struct statfile_options *o, const struct csv_read_options *csv)
{
	statfile_options_init(o);
	o->codebook = csv->codebook;
	o->missing = csv->missing;
	o->n_missing = csv->n_missing;
	if (csv->max_columns)
		o->max_columns = csv->max_columns;
	if (csv->max_rows)
		o->max_rows = csv->max_rows;
	if (csv->max_field)
		o->max_string = csv->max_field;
}

/* ---- recognising the formats ---- */

static const unsigned char sas7bdat_magic[32] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc2, 0xea, 0x81, 0x60,
	0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11,
};

/* A portable file starts with a 200-byte splash and a 256-byte character table, wrapped in
 * 80-column lines (no, LF or CRLF line ends), then the tag "SPSSPORT". */
#define POR_TAG_FIRST 456
#define POR_TAG_LAST 470

/* Stata 5-12 (formats 102-115): format byte, byte order (1 HILO, 2 LOHI), file type 1, 0. */
static int old_dta(const unsigned char *h, size_t n)
{
	static const unsigned char versions[] = {102, 103, 104, 105, 108, 110, 111, 112, 113, 114, 115};

	if (n < 4 || (h[1] != 1 && h[1] != 2) || h[2] != 1 || h[3] != 0)
		return 0;
	return memchr(versions, h[0], sizeof versions) != NULL;
}

int statfile_sniff(const unsigned char *head, size_t n, enum input_format *fmt)
{
	if (n >= 4 && memcmp(head, "$FL2", 4) == 0) {
		*fmt = INPUT_SAV;
		return 1;
	}
	if (n >= 4 && memcmp(head, "$FL3", 4) == 0) {
		*fmt = INPUT_ZSAV;
		return 1;
	}
	if ((n >= 11 && memcmp(head, "<stata_dta>", 11) == 0) || old_dta(head, n)) {
		*fmt = INPUT_DTA;
		return 1;
	}
	if (n >= sizeof sas7bdat_magic && memcmp(head, sas7bdat_magic, sizeof sas7bdat_magic) == 0) {
		*fmt = INPUT_SAS7BDAT;
		return 1;
	}
	for (size_t i = POR_TAG_FIRST; i <= POR_TAG_LAST && i + 8 <= n; i++) {
		if (memcmp(head + i, "SPSSPORT", 8) == 0) {
			*fmt = INPUT_POR;
			return 1;
		}
	}
	return 0;
}

/* ---- reading from memory (fuzzing, tests) ---- */

struct membuf {
	const unsigned char *data;
	size_t size, pos;
};

static int mem_open(const char *path, void *io_ctx)
{
	struct membuf *m = io_ctx;

	(void)path;
	m->pos = 0;
	return 0;
}

static int mem_close(void *io_ctx)
{
	(void)io_ctx;
	return 0;
}

static readstat_off_t mem_seek(readstat_off_t offset, readstat_io_flags_t whence, void *io_ctx)
{
	struct membuf *m = io_ctx;
	size_t base = whence == READSTAT_SEEK_SET ? 0 : whence == READSTAT_SEEK_CUR ? m->pos : m->size;

	if (offset >= 0) {
		if ((uint64_t)offset > m->size - base)
			return -1;
		m->pos = base + (size_t)offset;
	} else {
		uint64_t back = (uint64_t)(-(offset + 1)) + 1;
		if (back > base)
			return -1;
		m->pos = base - (size_t)back;
	}
	return (readstat_off_t)m->pos;
}

static ssize_t mem_read(void *buf, size_t nbyte, void *io_ctx)
{
	struct membuf *m = io_ctx;
	size_t avail = m->size - m->pos;

	if (nbyte > avail)
		nbyte = avail;
	if (nbyte > SSIZE_MAX)
		nbyte = SSIZE_MAX;
	if (nbyte == 0)
		return 0; /* ReadStat asks for 0 bytes into a NULL buffer (an empty Stata label) */
	memcpy(buf, m->data + m->pos, nbyte);
	m->pos += nbyte;
	return (ssize_t)nbyte;
}

static readstat_error_t mem_update(long file_size, readstat_progress_handler progress, void *user_ctx,
				   void *io_ctx)
{
	(void)file_size;
	(void)progress;
	(void)user_ctx;
	(void)io_ctx;
	return READSTAT_OK;
}

/* ---- handlers ---- */

static const struct var_meta *codebook_entry(const struct codebook *cb, const char *column)
{
	return cb ? codebook_find(cb, column) : NULL;
}

static int on_metadata(readstat_metadata_t *md, void *ctx)
{
	struct reader *r = ctx;
	int64_t rows = md->row_count, vars = md->var_count;

	if (vars > 0 && (uint64_t)vars > r->o->max_columns)
		return fail(r, "the file states %lld variables, more than the limit of %zu", (long long)vars,
			    r->o->max_columns);
	if (vars > 0 && r->file_size && (uint64_t)vars > r->file_size)
		return fail(r, "the file states %lld variables but has only %llu bytes", (long long)vars,
			    (unsigned long long)r->file_size);
	if (rows > 0 && (uint64_t)rows > r->o->max_rows)
		return fail(r, "the file states %lld cases, more than the limit of %zu", (long long)rows,
			    r->o->max_rows);
	r->header_rows = rows < 0 ? -1 : rows;
	/* a Stata file's value-label set names are fixed-width fields (9, 33 or 129 bytes by format)
	 * that ReadStat passes as they are: a full one has no terminating NUL */
	if (r->fmt == INPUT_DTA)
		r->set_name_max = md->file_format_version < 110 ? 9 : md->file_format_version < 118 ? 33 : 129;
	return READSTAT_HANDLER_OK;
}

static int add_code(struct var_meta *m, double code)
{
	double *codes;

	for (size_t i = 0; i < m->n_missing; i++)
		if (m->missing[i] == code)
			return 0;
	codes = realloc(m->missing, (m->n_missing + 1) * sizeof *codes);
	if (!codes)
		return -1;
	codes[m->n_missing++] = code;
	m->missing = codes;
	return 0;
}

/* SPSS user-missing values: discrete codes (lo == hi) and at most one range. SPSS stores LO and
 * HI as -DBL_MAX's neighbour (its LOWEST) and DBL_MAX; ReadStat may pass them on as they are or
 * as system-missing. Either way they become -inf and +inf here. */
static int file_missing(struct reader *r, const readstat_variable_t *v, struct var_meta *m)
{
	int n = readstat_variable_get_missing_ranges_count(v);

	for (int i = 0; i < n; i++) {
		readstat_value_t lo_v = readstat_variable_get_missing_range_lo(v, i);
		readstat_value_t hi_v = readstat_variable_get_missing_range_hi(v, i);
		double lo = readstat_double_value(lo_v), hi = readstat_double_value(hi_v);

		if (readstat_value_type_class(lo_v) != READSTAT_TYPE_CLASS_NUMERIC)
			continue;
		if (isnan(lo) && isnan(hi))
			continue;
		if (isnan(lo) || lo <= nextafter(-DBL_MAX, 0))
			lo = -INFINITY;
		if (isnan(hi) || hi >= nextafter(DBL_MAX, 0))
			hi = INFINITY;
		if (lo > hi)
			return fail(r, "variable '%s' has a missing-value range %g to %g whose low end is above its high end",
				    readstat_variable_get_name(v), lo, hi);
		if (lo == hi) {
			if (add_code(m, lo) != 0)
				return fail(r, "out of memory");
		} else if (isnan(m->missing_low)) {
			m->missing_low = lo;
			m->missing_high = hi;
		} else {
			return fail(r, "variable '%s' has more than one missing-value range",
				    readstat_variable_get_name(v));
		}
	}
	return READSTAT_HANDLER_OK;
}

static int set_string(char **dst, const char *src)
{
	char *s = strdup(src);

	if (!s)
		return -1;
	free(*dst);
	*dst = s;
	return 0;
}

/* The codebook wins for what it states; value labels are settled after the parse. */
static int codebook_override(struct var_meta *m, const struct var_meta *cb)
{
	if (cb->role != ROLE_UNSET)
		m->role = cb->role;
	if (cb->scale && set_string(&m->scale, cb->scale) != 0)
		return -1;
	if (cb->reverse)
		m->reverse = cb->reverse;
	if (!isnan(cb->min))
		m->min = cb->min;
	if (!isnan(cb->max))
		m->max = cb->max;
	if (cb->n_missing || !isnan(cb->missing_low)) {
		free(m->missing);
		m->missing = NULL;
		m->n_missing = 0;
		m->missing_low = cb->missing_low;
		m->missing_high = cb->missing_high;
		if (cb->n_missing) {
			m->missing = malloc(cb->n_missing * sizeof *m->missing);
			if (!m->missing)
				return -1;
			memcpy(m->missing, cb->missing, cb->n_missing * sizeof *m->missing);
			m->n_missing = cb->n_missing;
		}
	}
	if (cb->label && set_string(&m->label, cb->label) != 0)
		return -1;
	m->line = cb->line;
	return 0;
}

static enum measure_level measure_of(readstat_measure_t m)
{
	switch (m) {
	case READSTAT_MEASURE_NOMINAL:
		return MEASURE_NOMINAL;
	case READSTAT_MEASURE_ORDINAL:
		return MEASURE_ORDINAL;
	case READSTAT_MEASURE_SCALE:
		return MEASURE_SCALE;
	default:
		return MEASURE_UNKNOWN;
	}
}

static int grow_columns(struct reader *r, size_t need)
{
	size_t cap;
	char **names;
	unsigned char *conv;

	if (need <= r->cap_cols)
		return 0;
	cap = r->cap_cols ? r->cap_cols * 2 : 64;
	if (cap < need)
		cap = need;
	names = realloc(r->set_name, cap * sizeof *names);
	if (!names)
		return -1;
	r->set_name = names;
	conv = realloc(r->conv, cap);
	if (!conv)
		return -1;
	r->conv = conv;
	for (size_t i = r->cap_cols; i < cap; i++)
		r->set_name[i] = NULL;
	r->cap_cols = cap;
	return 0;
}

static int on_variable(int index, readstat_variable_t *v, const char *val_labels, void *ctx)
{
	struct reader *r = ctx;
	struct frame *f = r->f;
	const char *name = readstat_variable_get_name(v);
	const char *label = readstat_variable_get_label(v);
	int is_string = readstat_variable_get_type_class(v) == READSTAT_TYPE_CLASS_STRING;
	const struct var_meta *cb;
	enum conversion conv;
	struct var_meta *m;
	size_t col = f->n_cols;

	if (index < 0 || (size_t)index != col)
		return fail(r, "variable %d arrives out of order", index);
	if (col >= r->o->max_columns)
		return fail(r, "more than %zu variables", r->o->max_columns);
	if (!name || !*name)
		return fail(r, "variable %zu has no name", col + 1);
	cb = codebook_entry(r->o->codebook, name);
	if (is_string)
		conv = cb && (cb->role == ROLE_ITEM || cb->role == ROLE_NUMERIC) ? CONV_STRING_TO_NUMBER : CONV_TEXT;
	else
		conv = cb && cb->role == ROLE_TEXT ? CONV_NUMBER_TO_TEXT : CONV_NUMBER;
	if (grow_columns(r, col + 1) != 0 ||
	    frame_add_column(f, name, conv == CONV_TEXT || conv == CONV_NUMBER_TO_TEXT ? COLUMN_TEXT : COLUMN_NUMERIC) != 0)
		return fail(r, "out of memory");
	r->conv[col] = (unsigned char)conv;
	m = &f->cols[col].meta;
	m->measure = measure_of(readstat_variable_get_measure(v));
	if (label && *label && set_string(&m->label, label) != 0)
		return fail(r, "out of memory");
	if (!is_string && file_missing(r, v, m) != READSTAT_HANDLER_OK)
		return READSTAT_HANDLER_ABORT;
	if (val_labels && *val_labels && !is_string) {
		char *set = r->set_name_max ? strndup(val_labels, r->set_name_max) : strdup(val_labels);
		if (!set)
			return fail(r, "out of memory");
		free(r->set_name[col]);
		r->set_name[col] = set;
	}
	if (cb && codebook_override(m, cb) != 0)
		return fail(r, "out of memory");
	return READSTAT_HANDLER_OK;
}

static int on_value_label(const char *set, readstat_value_t value, const char *label, void *ctx)
{
	struct reader *r = ctx;
	struct label_set *s;
	double x;

	if (readstat_value_type_class(value) != READSTAT_TYPE_CLASS_NUMERIC || readstat_value_is_tagged_missing(value) ||
	    readstat_value_is_system_missing(value))
		return READSTAT_HANDLER_OK;
	x = readstat_double_value(value);
	if (isnan(x) || !set || !label)
		return READSTAT_HANDLER_OK;
	if (r->n_labels >= r->o->max_labels)
		return fail(r, "more than %zu value labels", r->o->max_labels);
	if (r->n_sets == 0 || strcmp(r->sets[r->n_sets - 1].name, set) != 0) {
		if (r->n_sets == r->cap_sets) {
			size_t cap = r->cap_sets ? r->cap_sets * 2 : 16;
			struct label_set *sets = realloc(r->sets, cap * sizeof *sets);
			if (!sets)
				return fail(r, "out of memory");
			r->sets = sets;
			r->cap_sets = cap;
		}
		s = &r->sets[r->n_sets];
		memset(s, 0, sizeof *s);
		s->name = strdup(set);
		if (!s->name)
			return fail(r, "out of memory");
		r->n_sets++;
	}
	s = &r->sets[r->n_sets - 1];
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		struct raw_label *l = realloc(s->labels, cap * sizeof *l);
		if (!l)
			return fail(r, "out of memory");
		s->labels = l;
		s->cap = cap;
	}
	s->labels[s->n].label = strdup(label);
	if (!s->labels[s->n].label)
		return fail(r, "out of memory");
	s->labels[s->n].value = x;
	s->labels[s->n].order = r->n_labels++;
	s->n++;
	return READSTAT_HANDLER_OK;
}

static int on_note(int index, const char *note, void *ctx)
{
	struct reader *r = ctx;
	size_t len;
	char *copy;

	(void)index;
	if (!note || strncmp(note, SAV_DOCUMENT_PREFIX, strlen(SAV_DOCUMENT_PREFIX)) != 0)
		return READSTAT_HANDLER_OK;
	if (r->n_notes >= r->o->max_columns)
		return fail(r, "more than %zu surveykit document lines", r->o->max_columns);
	if (r->n_notes == r->cap_notes) {
		size_t cap = r->cap_notes ? r->cap_notes * 2 : 16;
		char **notes = realloc(r->notes, cap * sizeof *notes);
		if (!notes)
			return fail(r, "out of memory");
		r->notes = notes;
		r->cap_notes = cap;
	}
	note += strlen(SAV_DOCUMENT_PREFIX);
	len = strlen(note);
	while (len > 0 && (note[len - 1] == ' ' || note[len - 1] == '\n' || note[len - 1] == '\r'))
		len--;
	copy = strndup(note, len);
	if (!copy)
		return fail(r, "out of memory");
	r->notes[r->n_notes++] = copy;
	return READSTAT_HANDLER_OK;
}

struct named_col {
	const char *name;
	size_t col;
};

static int cmp_named_col(const void *a, const void *b)
{
	return strcmp(((const struct named_col *)a)->name, ((const struct named_col *)b)->name);
}

static int parse_bound(const char *s, double *out)
{
	char *end;

	if (!*s) {
		*out = NAN;
		return 0;
	}
	errno = 0;
	*out = strtod(s, &end);
	return *end || errno == ERANGE || !isfinite(*out) ? -1 : 0;
}

/* One line "COLUMN,ROLE,SCALE,REVERSE,MIN,MAX" into the column's meta, field by field where
 * the codebook does not say. A line that does not parse is ignored: it is a note, not data. */
static int apply_note(struct reader *r, char *line, const struct named_col *index, size_t n)
{
	char *field[6];
	size_t k = 0;
	struct named_col key, *hit;
	const struct var_meta *cb;
	struct var_meta *m;
	enum column_role role = ROLE_UNSET;
	double lo, hi;

	for (char *p = line; k < 6; k++) {
		field[k] = p;
		p = strchr(p, ',');
		if (!p)
			break;
		*p++ = '\0';
	}
	if (k != 5)
		return 0;
	key.name = field[0];
	hit = bsearch(&key, index, n, sizeof *index, cmp_named_col);
	if (!hit)
		return 0;
	if (field[1][0]) {
		for (role = ROLE_ID; role <= ROLE_TEXT; role++)
			if (strcmp(field[1], column_role_name(role)) == 0)
				break;
		if (role > ROLE_TEXT)
			return 0;
	}
	if ((strcmp(field[3], "yes") != 0 && strcmp(field[3], "no") != 0) || parse_bound(field[4], &lo) != 0 ||
	    parse_bound(field[5], &hi) != 0)
		return 0;
	m = &r->f->cols[hit->col].meta;
	cb = codebook_entry(r->o->codebook, field[0]);
	if (role != ROLE_UNSET && !(cb && cb->role != ROLE_UNSET))
		m->role = role;
	if (field[2][0] && !(cb && cb->scale) && set_string(&m->scale, field[2]) != 0)
		return -1;
	if (!(cb && cb->reverse))
		m->reverse = strcmp(field[3], "yes") == 0;
	if (!isnan(lo) && !(cb && !isnan(cb->min)))
		m->min = lo;
	if (!isnan(hi) && !(cb && !isnan(cb->max)))
		m->max = hi;
	if (m->reverse && (isnan(m->min) || isnan(m->max)))
		m->reverse = 0; /* nothing to reverse with */
	return 0;
}

static int apply_notes(struct reader *r)
{
	struct frame *f = r->f;
	struct named_col *index;

	r->notes_applied = 1;
	if (r->n_notes == 0 || f->n_cols == 0)
		return READSTAT_HANDLER_OK;
	index = malloc(f->n_cols * sizeof *index);
	if (!index)
		return fail(r, "out of memory");
	for (size_t j = 0; j < f->n_cols; j++) {
		index[j].name = f->cols[j].name;
		index[j].col = j;
	}
	qsort(index, f->n_cols, sizeof *index, cmp_named_col);
	for (size_t i = 0; i < r->n_notes; i++) {
		if (apply_note(r, r->notes[i], index, f->n_cols) != 0) {
			free(index);
			return fail(r, "out of memory");
		}
	}
	free(index);
	return READSTAT_HANDLER_OK;
}

static int is_coded_missing(const struct var_meta *m, const struct statfile_options *o, double x)
{
	for (size_t i = 0; i < m->n_missing; i++)
		if (m->missing[i] == x)
			return 1;
	if (!isnan(m->missing_low) && x >= m->missing_low && x <= m->missing_high)
		return 1;
	for (size_t i = 0; i < o->n_missing; i++)
		if (o->missing[i] == x)
			return 1;
	return 0;
}

/* A string that must be a number: blank and "NA" are missing; returns 0, or -1 if not a number. */
static int parse_number(const char *s, double *out)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || strcmp(s, "NA") == 0) {
		*out = NAN;
		return 0;
	}
	errno = 0;
	*out = strtod(s, &end);
	while (*end == ' ' || *end == '\t')
		end++;
	if (end == s || *end || errno == ERANGE || !isfinite(*out))
		return -1;
	return 0;
}

static int put_number(struct reader *r, size_t col, size_t row, double x)
{
	struct column *c = &r->f->cols[col];
	char buf[32];
	int len;

	if (isnan(x))
		return READSTAT_HANDLER_OK;
	if (!r->o->raw) {
		if (is_coded_missing(&c->meta, r->o, x))
			return READSTAT_HANDLER_OK;
		if ((!isnan(c->meta.min) && x < c->meta.min) || (!isnan(c->meta.max) && x > c->meta.max)) {
			if (c->n_out_of_range < FRAME_BAD_CELLS_KEPT) {
				c->out_of_range[c->n_out_of_range].line = row + 1;
				c->out_of_range[c->n_out_of_range].value = x;
			}
			c->n_out_of_range++;
			if (frame_set_why(r->f, col, row, CELL_OUT_OF_RANGE) != 0)
				return fail(r, "out of memory");
			return READSTAT_HANDLER_OK;
		}
	}
	if (r->conv[col] == CONV_NUMBER_TO_TEXT) {
		len = snprintf(buf, sizeof buf, "%.15g", x);
		if (frame_set_text(r->f, col, row, buf, (size_t)len) != 0)
			return fail(r, "out of memory");
		return READSTAT_HANDLER_OK;
	}
	if (frame_set_number(r->f, col, row, x) != 0)
		return fail(r, "out of memory");
	return READSTAT_HANDLER_OK;
}

static int on_value(int obs_index, readstat_variable_t *v, readstat_value_t value, void *ctx)
{
	struct reader *r = ctx;
	struct frame *f = r->f;
	int index = readstat_variable_get_index(v);
	size_t col, row;
	const char *s;
	double x;

	if (index < 0 || (size_t)index >= f->n_cols)
		return fail(r, "a value of an unknown variable %d", index);
	col = (size_t)index;
	if (obs_index < 0 || (size_t)obs_index + 1 < f->n_rows || (size_t)obs_index > f->n_rows)
		return fail(r, "case %d arrives out of order", obs_index);
	if ((size_t)obs_index == f->n_rows) {
		if (f->n_rows >= r->o->max_rows)
			return fail(r, "more than %zu cases", r->o->max_rows);
		if (frame_add_row(f, (size_t)obs_index + 1) == SIZE_MAX)
			return fail(r, "out of memory");
	}
	row = (size_t)obs_index;
	/* the dictionary is complete: the document's ranges apply to the values that follow */
	if (!r->notes_applied && apply_notes(r) != READSTAT_HANDLER_OK)
		return READSTAT_HANDLER_ABORT;
	r->n_values++;
	if ((readstat_value_type_class(value) == READSTAT_TYPE_CLASS_STRING) !=
	    (r->conv[col] == CONV_TEXT || r->conv[col] == CONV_STRING_TO_NUMBER))
		return fail(r, "case %zu, variable '%s': a value of the wrong type", row + 1, f->cols[col].name);
	switch ((enum conversion)r->conv[col]) {
	case CONV_NUMBER:
	case CONV_NUMBER_TO_TEXT:
		if (readstat_value_is_system_missing(value) || readstat_value_is_tagged_missing(value))
			return READSTAT_HANDLER_OK;
		return put_number(r, col, row, readstat_double_value(value));
	case CONV_STRING_TO_NUMBER:
		s = readstat_string_value(value);
		if (!s || (!r->o->raw && readstat_value_is_defined_missing(value, v)))
			return READSTAT_HANDLER_OK;
		if (parse_number(s, &x) != 0)
			return fail(r, "case %zu, variable '%s': '%.40s' is not a number (the codebook says '%s' is numeric)",
				    row + 1, f->cols[col].name, s, f->cols[col].name);
		return put_number(r, col, row, x);
	case CONV_TEXT:
		s = readstat_string_value(value);
		if (!s || !*s || (!r->o->raw && readstat_value_is_defined_missing(value, v)))
			return READSTAT_HANDLER_OK;
		if (strlen(s) > r->o->max_string)
			return fail(r, "case %zu, variable '%s': a string longer than %zu bytes", row + 1,
				    f->cols[col].name, r->o->max_string);
		if (frame_set_text(f, col, row, s, strlen(s)) != 0)
			return fail(r, "out of memory");
		return READSTAT_HANDLER_OK;
	}
	return READSTAT_HANDLER_OK;
}

static void on_error(const char *msg, void *ctx)
{
	struct reader *r = ctx;
	size_t n = 0;

	if (r->detail[0] || !msg)
		return;
	/* one line with single spaces: ReadStat's messages may end in a newline */
	for (const char *p = msg; *p && *p != '\n' && *p != '\r' && n + 1 < sizeof r->detail; p++) {
		if ((*p == ' ' || *p == '\t') && (n == 0 || r->detail[n - 1] == ' '))
			continue;
		r->detail[n++] = *p == '\t' ? ' ' : *p;
	}
	while (n > 0 && (r->detail[n - 1] == '.' || r->detail[n - 1] == ' '))
		n--;
	r->detail[n] = '\0';
}

/* ---- after the parse ---- */

static int cmp_label(const void *a, const void *b)
{
	const struct raw_label *x = a, *y = b;

	if (x->value != y->value)
		return x->value < y->value ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_set_ptr(const void *a, const void *b)
{
	const struct label_set *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

/* Copies every label of the sets named `name` (sorted in `by_name`) into m->labels. */
static int attach_labels(struct label_set **by_name, size_t n_sets, const char *name, struct var_meta *m)
{
	size_t lo = 0, hi = n_sets, first, total = 0, k = 0;
	struct raw_label *all;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(by_name[mid]->name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	first = lo;
	for (size_t i = first; i < n_sets && strcmp(by_name[i]->name, name) == 0; i++)
		total += by_name[i]->n;
	if (total == 0)
		return 0;
	all = malloc(total * sizeof *all);
	if (!all)
		return -1;
	for (size_t i = first; i < n_sets && strcmp(by_name[i]->name, name) == 0; i++) {
		memcpy(all + k, by_name[i]->labels, by_name[i]->n * sizeof *all);
		k += by_name[i]->n;
	}
	qsort(all, total, sizeof *all, cmp_label);
	m->labels = calloc(total, sizeof *m->labels);
	if (!m->labels) {
		free(all);
		return -1;
	}
	for (size_t i = 0; i < total; i++) {
		if (i > 0 && all[i].value == all[i - 1].value)
			continue; /* a value labelled twice keeps its first label */
		m->labels[m->n_labels].value = all[i].value;
		m->labels[m->n_labels].label = strdup(all[i].label);
		if (!m->labels[m->n_labels].label) {
			free(all);
			return -1;
		}
		m->n_labels++;
	}
	free(all);
	return 0;
}

/* The codebook's value labels replace the file's. */
static int replace_labels(struct var_meta *m, const struct var_meta *cb)
{
	for (size_t i = 0; i < m->n_labels; i++)
		free(m->labels[i].label);
	free(m->labels);
	m->n_labels = 0;
	m->labels = calloc(cb->n_labels, sizeof *m->labels);
	if (!m->labels)
		return -1;
	for (size_t i = 0; i < cb->n_labels; i++) {
		m->labels[i].value = cb->labels[i].value;
		m->labels[i].label = strdup(cb->labels[i].label);
		if (!m->labels[i].label)
			return -1;
		m->n_labels++;
	}
	return 0;
}

static int cmp_name_ptr(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;

	return strcmp(*x, *y);
}

static int finish(struct reader *r)
{
	struct frame *f = r->f;
	struct label_set **by_name = NULL;
	const char **names = NULL;
	int retval = SK_EXIT_OK;

	if (f->n_cols == 0) {
		fail(r, "the file has no variables");
		goto cleanup;
	}
	if (!r->notes_applied && apply_notes(r) != READSTAT_HANDLER_OK)
		goto cleanup;
	if (r->header_rows >= 0 && (uint64_t)r->header_rows != f->n_rows) {
		fail(r, "the file is truncated or corrupt: its header states %lld cases, its data holds %zu",
		     (long long)r->header_rows, f->n_rows);
		goto cleanup;
	}
	if (r->n_values != f->n_rows * f->n_cols) {
		fail(r, "the file is truncated or corrupt: case %zu is incomplete", f->n_rows);
		goto cleanup;
	}
	names = malloc(f->n_cols * sizeof *names);
	if (!names) {
		fail(r, "out of memory");
		goto cleanup;
	}
	for (size_t j = 0; j < f->n_cols; j++)
		names[j] = f->cols[j].name;
	qsort(names, f->n_cols, sizeof *names, cmp_name_ptr);
	for (size_t j = 1; j < f->n_cols; j++) {
		if (strcmp(names[j], names[j - 1]) == 0) {
			fail(r, "two variables are named '%s'", names[j]);
			goto cleanup;
		}
	}
	if (frame_index_names(f) != 0) { /* frame_find by binary search, as for a CSV */
		fail(r, "out of memory");
		goto cleanup;
	}
	if (r->n_sets) {
		by_name = malloc(r->n_sets * sizeof *by_name);
		if (!by_name) {
			fail(r, "out of memory");
			goto cleanup;
		}
		for (size_t i = 0; i < r->n_sets; i++)
			by_name[i] = &r->sets[i];
		qsort(by_name, r->n_sets, sizeof *by_name, cmp_set_ptr);
	}
	for (size_t j = 0; j < f->n_cols; j++) {
		struct var_meta *m = &f->cols[j].meta;
		const struct var_meta *cb = codebook_entry(r->o->codebook, f->cols[j].name);
		if (r->set_name[j] && f->cols[j].kind == COLUMN_NUMERIC &&
		    attach_labels(by_name, r->n_sets, r->set_name[j], m) != 0) {
			fail(r, "out of memory");
			goto cleanup;
		}
		if (cb && cb->n_labels && replace_labels(m, cb) != 0) {
			fail(r, "out of memory");
			goto cleanup;
		}
	}
cleanup:
	free(names);
	free(by_name);
	if (r->failed)
		retval = r->err->code;
	return retval;
}

static void reader_release(struct reader *r)
{
	for (size_t j = 0; j < r->cap_cols; j++)
		free(r->set_name[j]);
	free(r->set_name);
	free(r->conv);
	for (size_t i = 0; i < r->n_sets; i++) {
		for (size_t k = 0; k < r->sets[i].n; k++)
			free(r->sets[i].labels[k].label);
		free(r->sets[i].labels);
		free(r->sets[i].name);
	}
	free(r->sets);
	for (size_t i = 0; i < r->n_notes; i++)
		free(r->notes[i]);
	free(r->notes);
}

static char *lower_first(char *s)
{
	if (s[0] >= 'A' && s[0] <= 'Z' && !(s[1] >= 'A' && s[1] <= 'Z'))
		s[0] = (char)(s[0] - 'A' + 'a');
	return s;
}

/* Runs the parser on `path` (or on `mem` when non-NULL). */
static int parse(const char *path, struct membuf *mem, uint64_t size, enum input_format fmt, const char *name,
		 const struct statfile_options *o, struct frame *out, struct sk_error *err)
{
	struct reader r = {.o = o, .name = name, .file_size = size, .f = out, .err = err, .header_rows = -1, .fmt = fmt,
			   .set_name_max = fmt == INPUT_DTA ? 9 : 0};
	readstat_parser_t *parser = NULL;
	readstat_error_t rc = READSTAT_OK;
	int retval = SK_EXIT_OK;

	frame_init(out, name);
	if (name && !out->path) {
		retval = sk_fail(err, SK_EXIT_INPUT, "cannot read '%s': out of memory", name);
		goto cleanup;
	}
	parser = readstat_parser_init();
	if (!parser || !parser->io) {
		retval = sk_fail(err, SK_EXIT_INPUT, "cannot read '%s': out of memory", name);
		goto cleanup;
	}
	readstat_set_metadata_handler(parser, on_metadata);
	readstat_set_variable_handler(parser, on_variable);
	readstat_set_value_handler(parser, on_value);
	readstat_set_value_label_handler(parser, on_value_label);
	readstat_set_note_handler(parser, on_note);
	readstat_set_error_handler(parser, on_error);
	if (mem) {
		readstat_set_open_handler(parser, mem_open);
		readstat_set_close_handler(parser, mem_close);
		readstat_set_seek_handler(parser, mem_seek);
		readstat_set_read_handler(parser, mem_read);
		readstat_set_update_handler(parser, mem_update);
		readstat_set_io_ctx(parser, mem);
	}
	switch (fmt) {
	case INPUT_SAV:
	case INPUT_ZSAV:
		rc = readstat_parse_sav(parser, path, &r);
		break;
	case INPUT_POR:
		rc = readstat_parse_por(parser, path, &r);
		break;
	case INPUT_DTA:
		rc = readstat_parse_dta(parser, path, &r);
		break;
	case INPUT_SAS7BDAT:
		rc = readstat_parse_sas7bdat(parser, path, &r);
		break;
	case INPUT_CSV:
		retval = sk_fail(err, SK_EXIT_INPUT, "cannot read '%s': not a %s", name, "SPSS, Stata or SAS file");
		goto cleanup;
	}
	if (r.failed) {
		retval = err->code;
		goto cleanup;
	}
	if (rc != READSTAT_OK) {
		char what[128];
		snprintf(what, sizeof what, "%s", readstat_error_message(rc));
		lower_first(what);
		if (rc == READSTAT_ERROR_READ || rc == READSTAT_ERROR_SEEK || rc == READSTAT_ERROR_ROW_COUNT_MISMATCH)
			retval = sk_fail(err, SK_EXIT_INPUT, "cannot read '%s' (%s): the file is truncated or corrupt (%s)",
					 name, statfile_format_name(fmt), what);
		else if (r.detail[0])
			retval = sk_fail(err, SK_EXIT_INPUT, "cannot read '%s' (%s): %s (%s)", name,
					 statfile_format_name(fmt), lower_first(r.detail), what);
		else
			retval = sk_fail(err, SK_EXIT_INPUT, "cannot read '%s' (%s): %s", name,
					 statfile_format_name(fmt), what);
		goto cleanup;
	}
	retval = finish(&r);
cleanup:
	readstat_parser_free(parser);
	reader_release(&r);
	if (retval != SK_EXIT_OK)
		frame_free(out);
	return retval;
}

/* A Stata 13+ file is tagged like XML and ends with "</stata_dta>"; ReadStat accepts one cut
 * inside its value labels (which follow the data), so the end tag is checked here. */
static const char dta_open[] = "<stata_dta>", dta_close[] = "</stata_dta>";
#define DTA_OPEN_LEN (sizeof dta_open - 1)
#define DTA_CLOSE_LEN (sizeof dta_close - 1)

static int dta_cut(const unsigned char *head, size_t n_head, const unsigned char *tail, size_t n_tail)
{
	if (n_head < DTA_OPEN_LEN || memcmp(head, dta_open, DTA_OPEN_LEN) != 0)
		return 0; /* Stata 5-12: no end tag */
	return n_tail < DTA_CLOSE_LEN || memcmp(tail + n_tail - DTA_CLOSE_LEN, dta_close, DTA_CLOSE_LEN) != 0;
}

static int dta_cut_error(const char *name, struct frame *out, struct sk_error *err)
{
	frame_init(out, NULL);
	return sk_fail(err, SK_EXIT_INPUT, "cannot read '%s' (%s): the file is truncated or corrupt (it does not end with %s)",
		       name, statfile_format_name(INPUT_DTA), dta_close);
}

int statfile_read_path(const char *path, enum input_format fmt, const struct statfile_options *o,
		       struct frame *out, struct sk_error *err)
{
	unsigned char head[DTA_OPEN_LEN], tail[DTA_CLOSE_LEN];
	size_t n_head = 0, n_tail = 0;
	struct stat st;
	FILE *fp = fopen(path, "rb");

	if (!fp) {
		frame_init(out, NULL);
		return sk_fail(err, SK_EXIT_INPUT, "cannot open '%s': %s", path, strerror(errno));
	}
	output_guard_input(path, fileno(fp));
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(fp);
		frame_init(out, NULL);
		return sk_fail(err, SK_EXIT_INPUT, "cannot read '%s': not a regular file", path);
	}
	if (fmt == INPUT_DTA) {
		n_head = fread(head, 1, sizeof head, fp);
		if ((uint64_t)st.st_size >= sizeof tail && fseeko(fp, st.st_size - (off_t)sizeof tail, SEEK_SET) == 0)
			n_tail = fread(tail, 1, sizeof tail, fp);
	}
	fclose(fp);
	if (fmt == INPUT_DTA && dta_cut(head, n_head, tail, n_tail))
		return dta_cut_error(path, out, err);
	return parse(path, NULL, (uint64_t)st.st_size, fmt, path, o, out, err);
}

int statfile_read_buffer(const void *data, size_t size, enum input_format fmt, const char *name,
			 const struct statfile_options *o, struct frame *out, struct sk_error *err)
{
	struct membuf mem = {.data = data, .size = size, .pos = 0};

	if (fmt == INPUT_DTA && dta_cut(data, size, data, size))
		return dta_cut_error(name, out, err);
	return parse(name, &mem, size, fmt, name, o, out, err);
}
