/* A frame as an SPSS file through ReadStat's writer (see io/sav_writer.h). */
#include "io/sav_writer.h"

#include <ctype.h>
#include <errno.h>
#include <float.h>
#include <math.h>
#include <readstat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/codebook.h"

struct writer_ctx {
	struct sav_write_report report;
	FILE *out;
	int write_failed;
	int write_errno;
	char detail[256]; /* ReadStat's message */
};

static ssize_t write_bytes(const void *data, size_t len, void *ctx)
{
	struct writer_ctx *w = ctx;

	if (len && fwrite(data, 1, len, w->out) != len) {
		w->write_failed = 1;
		w->write_errno = errno ? errno : EIO;
		return -1;
	}
	return (ssize_t)len;
}

static void on_write_error(const char *msg, void *ctx)
{
	struct writer_ctx *w = ctx;

	if (!w->detail[0] && msg)
		snprintf(w->detail, sizeof w->detail, "%s", msg);
}

/* `s` cut to at most `max` bytes at a UTF-8 character boundary (into buf, max + 1 bytes). */
static const char *fit(const char *s, size_t max, char *buf, int *shortened)
{
	size_t n = strlen(s);

	*shortened = 0;
	if (n <= max)
		return s;
	n = max;
	while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
		n--; /* s[n] continues a character: cut before it starts */
	memcpy(buf, s, n);
	buf[n] = '\0';
	*shortened = 1;
	return buf;
}

/* Counts a shortened label: the variable label (l NULL) or a value label of `column`. */
static void note_shortened(struct writer_ctx *w, const char *column, const struct value_label *l)
{
	if (w->report.labels_shortened++ != 0)
		return;
	w->report.first_label_column = column;
	w->report.first_value_label = l;
}

/* ReadStat's message as one line starting in lower case, without a final full stop. */
static const char *one_line(char *buf, size_t size, const char *msg)
{
	size_t n = 0;

	for (; msg[n] && msg[n] != '\n' && msg[n] != '\r' && n + 1 < size; n++)
		buf[n] = msg[n];
	while (n > 0 && (buf[n - 1] == '.' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	if (buf[0] >= 'A' && buf[0] <= 'Z' && !(buf[1] >= 'A' && buf[1] <= 'Z'))
		buf[0] = (char)(buf[0] - 'A' + 'a');
	return buf;
}

/* A portable file holds printable ASCII only. */
static int portable_text(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
			return 0;
	return 1;
}

/* Checked before ReadStat sees the data (its portable writer stops midway otherwise). */
static int check_portable(const struct frame *f, const char *name, struct sk_error *err)
{
	for (size_t j = 0; j < f->n_cols; j++) {
		const struct column *c = &f->cols[j];
		const char *bad = c->meta.label && !portable_text(c->meta.label) ? c->meta.label : NULL;
		for (size_t i = 0; !bad && i < c->meta.n_labels; i++)
			if (!portable_text(c->meta.labels[i].label))
				bad = c->meta.labels[i].label;
		for (size_t i = 0; !bad && c->kind == COLUMN_TEXT && i < f->n_rows; i++) {
			const char *t = frame_text(f, j, i);
			if (t && !portable_text(t))
				bad = t;
		}
		if (bad)
			return sk_fail(err, SK_EXIT_INPUT,
				       "cannot write '%s': column '%s' holds '%.40s', but a portable file holds printable ASCII only (write .sav instead)",
				       name, c->name, bad);
	}
	return SK_EXIT_OK;
}

static int cmp_name_ci(const void *a, const void *b)
{
	const char *const *x = a, *const *y = b;

	return strcasecmp(*x, *y);
}

/* SPSS names are unique ignoring case. */
static int check_unique(const struct frame *f, const char *name, struct sk_error *err)
{
	const char **names = malloc((f->n_cols ? f->n_cols : 1) * sizeof *names);
	int retval = SK_EXIT_OK;

	if (!names)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': out of memory", name);
	for (size_t j = 0; j < f->n_cols; j++)
		names[j] = f->cols[j].name;
	qsort(names, f->n_cols, sizeof *names, cmp_name_ci);
	for (size_t j = 1; j < f->n_cols; j++) {
		if (strcasecmp(names[j], names[j - 1]) == 0) {
			retval = sk_fail(err, SK_EXIT_INPUT,
					 "cannot write '%s': columns '%s' and '%s' would have the same SPSS name", name,
					 names[j - 1], names[j]);
			break;
		}
	}
	free(names);
	return retval;
}

static readstat_measure_t measure_for(const struct column *c)
{
	switch (c->meta.role) {
	case ROLE_ID:
	case ROLE_GROUP:
	case ROLE_TEXT:
		return READSTAT_MEASURE_NOMINAL;
	case ROLE_ITEM:
		return READSTAT_MEASURE_ORDINAL;
	case ROLE_NUMERIC:
		return READSTAT_MEASURE_SCALE;
	case ROLE_UNSET:
		break;
	}
	switch (c->meta.measure) {
	case MEASURE_NOMINAL:
		return READSTAT_MEASURE_NOMINAL;
	case MEASURE_ORDINAL:
		return READSTAT_MEASURE_ORDINAL;
	case MEASURE_SCALE:
		return READSTAT_MEASURE_SCALE;
	case MEASURE_UNKNOWN:
		break;
	}
	return c->kind == COLUMN_TEXT ? READSTAT_MEASURE_NOMINAL : READSTAT_MEASURE_SCALE;
}

/* F<w>.0 for whole numbers, F<w>.2 otherwise, wide enough for the largest magnitude. */
static void numeric_format(const struct frame *f, size_t col, char *buf, size_t size)
{
	int whole = 1;
	double big = 0;
	int width, decimals;

	for (size_t i = 0; i < f->n_rows; i++) {
		double x = frame_value(f, col, i);
		if (isnan(x))
			continue;
		if (x != floor(x))
			whole = 0;
		if (fabs(x) > big)
			big = fabs(x);
	}
	decimals = whole ? 0 : 2;
	width = big >= 1 ? (int)floor(log10(big)) + 1 : 1;
	width += 1 + (decimals ? decimals + 1 : 0); /* sign, point and decimals */
	if (width < 8)
		width = 8;
	if (width > 40)
		width = 40;
	snprintf(buf, size, "F%d.%d", width, decimals);
}

static size_t text_width(const struct frame *f, size_t col)
{
	size_t w = 1;

	for (size_t i = 0; i < f->n_rows; i++) {
		const char *s = frame_text(f, col, i);
		size_t n = s ? strlen(s) : 0;
		if (n > w)
			w = n;
	}
	return w;
}

/* Shortest text that reads back as the same double. */
static void format_number(double x, char *buf, size_t size)
{
	snprintf(buf, size, "%.15g", x);
	if (strtod(buf, NULL) != x)
		snprintf(buf, size, "%.17g", x);
}

/* "surveykit: COLUMN,ROLE,SCALE,REVERSE,MIN,MAX" into buf, or "" when the column has none of
 * these (returns 0) or the line cannot be written: longer than an SPSS document line, or a
 * comma in a name (returns -1). */
static int document_line(const struct column *c, char *buf, size_t size)
{
	const struct var_meta *m = &c->meta;
	char lo[32] = "", hi[32] = "";
	int n;

	buf[0] = '\0';
	if (m->role == ROLE_UNSET && !m->scale && !m->reverse && isnan(m->min) && isnan(m->max))
		return 0;
	if (strchr(c->name, ',') || (m->scale && strchr(m->scale, ',')))
		return -1;
	if (!isnan(m->min))
		format_number(m->min, lo, sizeof lo);
	if (!isnan(m->max))
		format_number(m->max, hi, sizeof hi);
	n = snprintf(buf, size, SAV_DOCUMENT_PREFIX "%s,%s,%s,%s,%s,%s", c->name,
		     m->role == ROLE_UNSET ? "" : column_role_name(m->role), m->scale ? m->scale : "",
		     m->reverse ? "yes" : "no", lo, hi);
	if (n < 0 || (size_t)n >= size || n > SAV_DOCUMENT_LINE_MAX) {
		buf[0] = '\0';
		return -1;
	}
	return 0;
}

static int add_missing(readstat_variable_t *v, const struct column *c, const char *name, struct sk_error *err)
{
	const struct var_meta *m = &c->meta;
	int has_range = !isnan(m->missing_low);

	if (m->n_missing > (has_range ? 1u : 3u))
		return sk_fail(err, SK_EXIT_INPUT,
			       "cannot write '%s': column '%s' has %zu missing codes%s; SPSS allows 3, or a range and 1",
			       name, c->name, m->n_missing, has_range ? " and a range" : "");
	if (has_range) {
		double lo = isinf(m->missing_low) ? -DBL_MAX : m->missing_low;
		double hi = isinf(m->missing_high) ? DBL_MAX : m->missing_high;
		if (readstat_variable_add_missing_double_range(v, lo, hi) != READSTAT_OK)
			return sk_fail(err, SK_EXIT_INPUT, "cannot write '%s': column '%s': too many missing values",
				       name, c->name);
	}
	for (size_t i = 0; i < m->n_missing; i++)
		if (readstat_variable_add_missing_double_value(v, m->missing[i]) != READSTAT_OK)
			return sk_fail(err, SK_EXIT_INPUT, "cannot write '%s': column '%s': too many missing values",
				       name, c->name);
	return SK_EXIT_OK;
}

static int define_variables(readstat_writer_t *w, struct writer_ctx *ctx, const struct frame *f, enum sav_kind kind,
			    const char *name, struct sk_error *err)
{
	char fmt[16], set_name[32], buf[SAV_MAX_VARIABLE_LABEL + 1], upper[72];
	int shortened;

	for (size_t j = 0; j < f->n_cols; j++) {
		const struct column *c = &f->cols[j];
		const char *var_name = c->name;
		readstat_variable_t *v;
		int rc;

		if (kind == SAV_PORTABLE && strlen(c->name) < sizeof upper) {
			/* portable files hold upper-case names (longer ones fail validation below) */
			size_t k = 0;
			for (; c->name[k]; k++)
				upper[k] = (char)toupper((unsigned char)c->name[k]);
			upper[k] = '\0';
			var_name = upper;
		}
		if (c->kind == COLUMN_TEXT) {
			size_t width = text_width(f, j);
			if (width > SAV_MAX_STRING)
				return sk_fail(err, SK_EXIT_INPUT,
					       "cannot write '%s': column '%s' holds a text of %zu bytes; SPSS strings hold at most %d",
					       name, c->name, width, SAV_MAX_STRING);
			v = readstat_add_variable(w, var_name, READSTAT_TYPE_STRING, width);
		} else {
			v = readstat_add_variable(w, var_name, READSTAT_TYPE_DOUBLE, 0);
		}
		if (!v)
			return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': out of memory", name);
		if (c->kind == COLUMN_NUMERIC) {
			numeric_format(f, j, fmt, sizeof fmt);
			readstat_variable_set_format(v, fmt);
			if ((rc = add_missing(v, c, name, err)) != SK_EXIT_OK)
				return rc;
			if (c->meta.n_labels) {
				readstat_label_set_t *set;
				snprintf(set_name, sizeof set_name, "labels%zu", j);
				set = readstat_add_label_set(w, READSTAT_TYPE_DOUBLE, set_name);
				if (!set)
					return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': out of memory", name);
				for (size_t i = 0; i < c->meta.n_labels; i++) {
					const struct value_label *l = &c->meta.labels[i];
					const char *text = fit(l->label, SAV_MAX_VALUE_LABEL, buf, &shortened);
					if (shortened)
						note_shortened(ctx, c->name, l);
					readstat_label_double_value(set, l->value, text);
				}
				readstat_variable_set_label_set(v, set);
			}
		}
		if (c->meta.label) {
			const char *text = fit(c->meta.label, SAV_MAX_VARIABLE_LABEL, buf, &shortened);
			if (shortened)
				note_shortened(ctx, c->name, NULL);
			readstat_variable_set_label(v, text);
		}
		readstat_variable_set_measure(v, measure_for(c));
	}
	return SK_EXIT_OK;
}

static const char *name_problem(readstat_error_t rc)
{
	switch (rc) {
	case READSTAT_ERROR_NAME_BEGINS_WITH_ILLEGAL_CHARACTER:
		return "an SPSS name starts with a letter";
	case READSTAT_ERROR_NAME_CONTAINS_ILLEGAL_CHARACTER:
		return "an SPSS name holds only letters, digits and _ . @ # $";
	case READSTAT_ERROR_NAME_IS_RESERVED_WORD:
		return "it is an SPSS reserved word";
	case READSTAT_ERROR_NAME_IS_TOO_LONG:
		return "an SPSS name has at most 64 bytes (8 in a portable file)";
	case READSTAT_ERROR_NAME_IS_ZERO_LENGTH:
		return "it is empty";
	default:
		return NULL;
	}
}

static int write_rows(readstat_writer_t *w, const struct frame *f)
{
	readstat_error_t rc;

	for (size_t i = 0; i < f->n_rows; i++) {
		if ((rc = readstat_begin_row(w)) != READSTAT_OK)
			return rc;
		for (size_t j = 0; j < f->n_cols; j++) {
			const readstat_variable_t *v = readstat_get_variable(w, (int)j);
			if (f->cols[j].kind == COLUMN_TEXT) {
				const char *s = frame_text(f, j, i);
				rc = s ? readstat_insert_string_value(w, v, s) : readstat_insert_missing_value(w, v);
			} else {
				double x = frame_value(f, j, i);
				rc = isnan(x) ? readstat_insert_missing_value(w, v) : readstat_insert_double_value(w, v, x);
			}
			if (rc != READSTAT_OK)
				return rc;
		}
		if ((rc = readstat_end_row(w)) != READSTAT_OK)
			return rc;
	}
	return READSTAT_OK;
}

int sav_write(const struct frame *f, enum sav_kind kind, FILE *out, const char *name,
	      struct sav_write_report *report, struct sk_error *err)
{
	struct writer_ctx ctx = {.out = out};
	readstat_writer_t *w = NULL;
	readstat_error_t rc = READSTAT_OK;
	char line[SAV_DOCUMENT_LINE_MAX * 2], what[128], detail[256];
	int retval = SK_EXIT_OK;

	if (f->n_cols == 0) {
		retval = sk_fail(err, SK_EXIT_INPUT, "cannot write '%s': the data has no columns", name);
		goto cleanup;
	}
	if (f->n_rows > INT32_MAX) {
		retval = sk_fail(err, SK_EXIT_INPUT, "cannot write '%s': %zu rows are more than an SPSS file holds", name,
				 f->n_rows);
		goto cleanup;
	}
	if ((retval = check_unique(f, name, err)) != SK_EXIT_OK ||
	    (kind == SAV_PORTABLE && (retval = check_portable(f, name, err)) != SK_EXIT_OK))
		goto cleanup;
	w = readstat_writer_init();
	if (!w) {
		retval = sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': out of memory", name);
		goto cleanup;
	}
	readstat_set_data_writer(w, write_bytes);
	readstat_writer_set_error_handler(w, on_write_error);
	if (kind == SAV_ZLIB)
		readstat_writer_set_compression(w, READSTAT_COMPRESS_BINARY);
	else if (kind == SAV_BYTECODE)
		readstat_writer_set_compression(w, READSTAT_COMPRESS_ROWS);
	if ((retval = define_variables(w, &ctx, f, kind, name, err)) != SK_EXIT_OK)
		goto cleanup;
	if (kind != SAV_PORTABLE) {
		for (size_t j = 0; j < f->n_cols; j++) {
			if (document_line(&f->cols[j], line, sizeof line) != 0 && ctx.report.lines_left_out++ == 0)
				ctx.report.first_line = f->cols[j].name;
			if (line[0])
				readstat_add_note(w, line);
		}
	}
	rc = kind == SAV_PORTABLE ? readstat_begin_writing_por(w, &ctx, (long)f->n_rows)
				  : readstat_begin_writing_sav(w, &ctx, (long)f->n_rows);
	for (size_t j = 0; rc == READSTAT_OK && j < f->n_cols; j++) {
		readstat_error_t vrc = readstat_validate_variable(w, readstat_get_variable(w, (int)j));
		const char *why = name_problem(vrc);
		if (why) {
			retval = sk_fail(err, SK_EXIT_INPUT, "cannot write '%s': column '%s' is not a valid SPSS name: %s",
					 name, f->cols[j].name, why);
			goto cleanup;
		}
		if (vrc != READSTAT_OK)
			rc = vrc;
	}
	if (rc == READSTAT_OK)
		rc = write_rows(w, f);
	if (rc == READSTAT_OK)
		rc = readstat_end_writing(w);
	if (ctx.write_failed || rc == READSTAT_ERROR_WRITE) {
		retval = sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", name,
				 strerror(ctx.write_errno ? ctx.write_errno : EIO));
	} else if (rc != READSTAT_OK) {
		char extra[sizeof detail + 3] = "";
		if (ctx.detail[0])
			snprintf(extra, sizeof extra, " (%s)", one_line(detail, sizeof detail, ctx.detail));
		retval = sk_fail(err, SK_EXIT_INPUT, "cannot write '%s': %s%s", name,
				 one_line(what, sizeof what, readstat_error_message(rc)), extra);
	}
cleanup:
	if (w)
		readstat_writer_free(w);
	if (report)
		*report = ctx.report;
	return retval;
}
