#include "io/codebook.h"

#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/csv_reader.h"
#include "io/grow.h"
#include "io/numparse.h"
#include "io/value_codes.h"

enum cb_field {
	CB_COLUMN, CB_ROLE, CB_SCALE, CB_REVERSE, CB_MIN, CB_MAX, CB_MISSING, CB_VALUES, CB_LABEL,
	CB_CONTROL, CB_COMPUTE, CB_N
};
static const char *const field_names[CB_N] = {"column", "role",   "scale", "reverse", "min",    "max",
					      "missing", "values", "label", "control", "compute"};
static const char *const role_names[] = {"", "id", "group", "item", "numeric", "text"};
static const char *const purpose_names[] = {"", "check", "adequate", "desired", "perceived", "computed"};

const char *column_role_name(enum column_role role)
{
	return role_names[role];
}

const char *codebook_purpose_name(enum codebook_purpose p)
{
	return purpose_names[p];
}

static int parse_role(const char *s, enum column_role *out, enum codebook_purpose *purpose)
{
	for (size_t i = 1; i < sizeof role_names / sizeof role_names[0]; i++)
		if (strcasecmp(s, role_names[i]) == 0) {
			*out = (enum column_role)i;
			return 0;
		}
	for (size_t i = 1; i < sizeof purpose_names / sizeof purpose_names[0]; i++)
		if (strcasecmp(s, purpose_names[i]) == 0) {
			*purpose = (enum codebook_purpose)i;
			return 0;
		}
	return -1;
}

static int is_zone_purpose(enum codebook_purpose p)
{
	return p == PURPOSE_ADEQUATE || p == PURPOSE_DESIRED || p == PURPOSE_PERCEIVED;
}

static int parse_yes_no(const char *s, int *out)
{
	static const char *const yes[] = {"yes", "y", "true", "1"}, *const no[] = {"no", "n", "false", "0", ""};

	for (size_t i = 0; i < 4; i++)
		if (strcasecmp(s, yes[i]) == 0)
			return *out = 1, 0;
	for (size_t i = 0; i < 5; i++)
		if (strcasecmp(s, no[i]) == 0)
			return *out = 0, 0;
	return -1;
}

static int parse_number(const char *s, double *out)
{
	return num_parse(s, strlen(s), 0, out) == NUM_OK ? 0 : -1;
}

/* One end of a missing range: a number, or lo/lowest (low end), hi/highest (high end). */
static int parse_bound(const char *s, size_t len, int high, double *out)
{
	static const char *const words[2][2] = {{"lo", "lowest"}, {"hi", "highest"}};

	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	for (size_t k = 0; k < 2; k++)
		if (len == strlen(words[high][k]) && strncasecmp(s, words[high][k], len) == 0) {
			*out = high ? INFINITY : -INFINITY;
			return 0;
		}
	return num_parse(s, len, 0, out) == NUM_OK ? 0 : -1;
}

/* "-99;999;90 thru 99" -> codes {-99, 999} and the range 90..99 (one range at most, its ends
 * lo/lowest and hi/highest allowed, as SPSS's MISSING VALUES). */
static int parse_missing(const char *s, struct var_meta *m, const char **bad)
{
	const char *p = s;

	while (*p) {
		const char *end = strchr(p, ';'), *thru = NULL;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		double v, *codes;
		for (size_t i = 0; i + 4 <= len && !thru; i++)
			if (strncasecmp(p + i, "thru", 4) == 0)
				thru = p + i;
		if (thru) {
			double lo, hi;
			if (!isnan(m->missing_low) ||
			    parse_bound(p, (size_t)(thru - p), 0, &lo) != 0 ||
			    parse_bound(thru + 4, len - (size_t)(thru + 4 - p), 1, &hi) != 0 || lo > hi) {
				*bad = p;
				return -1;
			}
			m->missing_low = lo;
			m->missing_high = hi;
			p = end ? end + 1 : p + len;
			continue;
		}
		if (num_parse(p, len, 0, &v) != NUM_OK) {
			*bad = p;
			return -1;
		}
		codes = grow_for(m->missing, m->n_missing, sizeof *codes);
		if (!codes)
			return -2;
		m->missing = codes;
		m->missing[m->n_missing++] = v;
		p = end ? end + 1 : p + len;
	}
	return 0;
}

/* "1=Fix only;2=Fix + apology" -> value labels */
static int parse_values(const char *s, struct var_meta *m, const char **bad)
{
	const char *p = s;

	while (*p) {
		const char *end = strchr(p, ';'), *eq;
		size_t len = end ? (size_t)(end - p) : strlen(p);
		struct value_label *labels;
		double v;
		eq = memchr(p, '=', len);
		if (!eq || num_parse(p, (size_t)(eq - p), 0, &v) != NUM_OK || eq + 1 == p + len) {
			*bad = p;
			return -1;
		}
		labels = grow_for(m->labels, m->n_labels, sizeof *labels);
		if (!labels)
			return -2;
		m->labels = labels;
		labels[m->n_labels].value = v;
		labels[m->n_labels].label = strndup(eq + 1, (size_t)(p + len - eq - 1));
		if (!labels[m->n_labels].label)
			return -2;
		m->n_labels++;
		p = end ? end + 1 : p + len;
	}
	return 0;
}

static int row_error(struct sk_error *err, const char *path, size_t line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static int row_error(struct sk_error *err, const char *path, size_t line, const char *fmt, ...)
{
	char msg[800];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return sk_fail(err, SK_EXIT_INPUT, "codebook '%s' line %zu: %s", path, line, msg);
}

/* Two labels the same under io/value_codes.h's rule, or one value twice, make text answers
 * ambiguous: the first repeat, or -1. */
static int repeated_label(const struct var_meta *m, size_t *a, size_t *b)
{
	for (size_t j = 1; j < m->n_labels; j++)
		for (size_t i = 0; i < j; i++)
			if (m->labels[i].value == m->labels[j].value ||
			    value_label_equal(m->labels[i].label, strlen(m->labels[i].label), m->labels[j].label,
					      strlen(m->labels[j].label))) {
				*a = i, *b = j;
				return 0;
			}
	return -1;
}

/* The control cell: a value, or one of the labels (io/value_codes.h's rule); with labels, the
 * value must be one of them. */
static int parse_control(const char *s, const struct var_meta *m, double *out)
{
	size_t k = value_code_find(m, s, strlen(s));

	if (k != SIZE_MAX) {
		*out = m->labels[k].value;
		return 0;
	}
	if (parse_number(s, out) != 0)
		return -1;
	for (k = 0; k < m->n_labels; k++)
		if (m->labels[k].value == *out)
			return 0;
	return m->n_labels ? -1 : 0;
}

/* The role cell and what follows from it: role, purpose, scale or dimension, expression. */
static int read_role(const char *path, size_t line, const char *cells[CB_N], struct var_meta *m,
		     struct codebook_extra *x, struct sk_error *err)
{
	if (cells[CB_ROLE] && parse_role(cells[CB_ROLE], &m->role, &x->purpose) != 0)
		return row_error(err, path, line,
				 "unknown role '%s' for '%s' (use id, group, item, numeric, text, check, adequate, desired, perceived or computed)",
				 cells[CB_ROLE], m->column);
	if (cells[CB_COMPUTE] && m->role == ROLE_UNSET && x->purpose == PURPOSE_NONE)
		x->purpose = PURPOSE_COMPUTED;
	if (cells[CB_COMPUTE] && x->purpose != PURPOSE_COMPUTED)
		return row_error(err, path, line, "'%s' has a compute expression but role '%s' (use role computed)",
				 m->column, cells[CB_ROLE]);
	if (x->purpose == PURPOSE_COMPUTED) {
		if (!cells[CB_COMPUTE])
			return row_error(err, path, line, "'%s' has role computed but no expression in a 'compute' column",
					 m->column);
		if (cells[CB_SCALE])
			return row_error(err, path, line, "computed '%s' has scale '%s' (a computed variable is not an item)",
					 m->column, cells[CB_SCALE]);
		if (!(x->compute = strdup(cells[CB_COMPUTE])))
			return row_error(err, path, line, "out of memory");
		m->role = ROLE_NUMERIC;
		return 0;
	}
	if (is_zone_purpose(x->purpose)) {
		if (!cells[CB_SCALE])
			return row_error(err, path, line, "'%s' has role %s but no scale naming its service dimension",
					 m->column, purpose_names[x->purpose]);
		if (!(x->dimension = strdup(cells[CB_SCALE])))
			return row_error(err, path, line, "out of memory");
		m->role = ROLE_NUMERIC;
		return 0;
	}
	if (x->purpose == PURPOSE_CHECK)
		m->role = cells[CB_SCALE] ? ROLE_ITEM : ROLE_NUMERIC;
	if (cells[CB_SCALE]) {
		if (m->role == ROLE_UNSET)
			m->role = ROLE_ITEM;
		if (m->role != ROLE_ITEM)
			return row_error(err, path, line, "'%s' has scale '%s' but role '%s' (only items belong to scales)",
					 m->column, cells[CB_SCALE], role_names[m->role]);
		if (!(m->scale = strdup(cells[CB_SCALE])))
			return row_error(err, path, line, "out of memory");
	} else if (m->role == ROLE_ITEM) {
		return row_error(err, path, line, "item '%s' has no scale", m->column);
	}
	return 0;
}

/* Fills one var_meta (and its extra) from codebook row `row`; cells[f] is NULL when blank. */
static int read_entry(const char *path, size_t line, const char *cells[CB_N], struct var_meta *m,
		      struct codebook_extra *x, struct sk_error *err)
{
	const char *bad = NULL;
	size_t a, b;
	int rc;

	m->line = line;
	m->min = m->max = m->missing_low = m->missing_high = NAN;
	x->control = NAN;
	if (!cells[CB_COLUMN])
		return row_error(err, path, line, "the 'column' cell is empty");
	if (!(m->column = strdup(cells[CB_COLUMN])))
		return row_error(err, path, line, "out of memory");
	if ((rc = read_role(path, line, cells, m, x, err)) != 0)
		return rc;
	if (cells[CB_REVERSE] && parse_yes_no(cells[CB_REVERSE], &m->reverse) != 0)
		return row_error(err, path, line, "reverse must be yes or no, not '%s'", cells[CB_REVERSE]);
	if (cells[CB_MIN] && parse_number(cells[CB_MIN], &m->min) != 0)
		return row_error(err, path, line, "min '%s' of '%s' is not a number", cells[CB_MIN], m->column);
	if (cells[CB_MAX] && parse_number(cells[CB_MAX], &m->max) != 0)
		return row_error(err, path, line, "max '%s' of '%s' is not a number", cells[CB_MAX], m->column);
	if (!isnan(m->min) && !isnan(m->max) && m->min >= m->max)
		return row_error(err, path, line, "bad range for '%s': min %g is not below max %g", m->column, m->min,
				 m->max);
	if (m->reverse && (isnan(m->min) || isnan(m->max)))
		return row_error(err, path, line, "'%s' is reversed but has no min and max to reverse it with",
				 m->column);
	if (m->reverse && !isfinite(m->min + m->max))
		return row_error(err, path, line, "'%s' is reversed but min + max (%g + %g) is too large to reverse with",
				 m->column, m->min, m->max);
	if (cells[CB_MISSING] && (rc = parse_missing(cells[CB_MISSING], m, &bad)) != 0)
		return rc == -2 ? row_error(err, path, line, "out of memory")
				: row_error(err, path, line,
					    "missing code '%s' of '%s' is not a number or a range such as 90 thru 99 (one range at most)",
					    bad, m->column);
	if (cells[CB_VALUES] && (rc = parse_values(cells[CB_VALUES], m, &bad)) != 0)
		return rc == -2 ? row_error(err, path, line, "out of memory")
				: row_error(err, path, line, "value label '%s' of '%s' is not of the form VALUE=LABEL", bad,
					    m->column);
	if (repeated_label(m, &a, &b) == 0 && m->labels[a].value == m->labels[b].value)
		return row_error(err, path, line, "values of '%s': %g is listed twice", m->column, m->labels[a].value);
	if (repeated_label(m, &a, &b) == 0)
		return row_error(err, path, line,
				 "values of '%s': labels '%s' and '%s' read the same (case and spaces are ignored)", m->column,
				 m->labels[a].label, m->labels[b].label);
	if (cells[CB_CONTROL] && m->role != ROLE_GROUP)
		return row_error(err, path, line, "'%s' has a control level but is not a group", m->column);
	if (cells[CB_CONTROL] && parse_control(cells[CB_CONTROL], m, &x->control) != 0)
		return row_error(err, path, line, "control '%s' of '%s' is neither one of its values nor one of its labels",
				 cells[CB_CONTROL], m->column);
	if (cells[CB_LABEL] && !(m->label = strdup(cells[CB_LABEL])))
		return row_error(err, path, line, "out of memory");
	return 0;
}

/* Names sorted with their positions, so that repeats and look-ups take O(n log n) rather than
 * comparing every pair (minutes for a codebook of 100,000 columns). */
struct keyed {
	const char *key;
	size_t index;
};

static int compare_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Two or more items per scale, as a scale score is a mean of items. The entry named is the first
 * in file order whose scale has a single item. */
static int check_scales(const struct codebook *cb, struct sk_error *err)
{
	struct keyed *v = malloc((cb->n ? cb->n : 1) * sizeof *v);
	size_t k = 0, lone = SIZE_MAX;

	if (!v)
		return sk_fail(err, SK_EXIT_INPUT, "codebook '%s': out of memory", cb->path);
	for (size_t i = 0; i < cb->n; i++)
		if (cb->vars[i].scale)
			v[k++] = (struct keyed){cb->vars[i].scale, i};
	qsort(v, k, sizeof *v, compare_keyed);
	for (size_t i = 0; i < k; i++)
		if ((i == 0 || strcmp(v[i].key, v[i - 1].key) != 0) && (i + 1 == k || strcmp(v[i].key, v[i + 1].key) != 0) &&
		    v[i].index < lone)
			lone = v[i].index;
	free(v);
	if (lone != SIZE_MAX)
		return sk_fail(err, SK_EXIT_INPUT,
			       "codebook '%s' line %zu: scale '%s' has only one item ('%s'); a scale needs two or more (give a single item role numeric)",
			       cb->path, cb->vars[lone].line, cb->vars[lone].scale, cb->vars[lone].column);
	return 0;
}

/* Sorts the entries by column name into cb->by_column; a column listed twice is an error naming
 * the earliest repeat, as reading the rows in order would. */
static int index_columns(struct codebook *cb, struct sk_error *err)
{
	struct keyed *v = malloc((cb->n ? cb->n : 1) * sizeof *v);
	size_t first = 0, second = SIZE_MAX;

	cb->by_column = malloc((cb->n ? cb->n : 1) * sizeof *cb->by_column);
	if (!v || !cb->by_column) {
		free(v);
		return sk_fail(err, SK_EXIT_INPUT, "codebook '%s': out of memory", cb->path);
	}
	for (size_t i = 0; i < cb->n; i++)
		v[i] = (struct keyed){cb->vars[i].column, i};
	qsort(v, cb->n, sizeof *v, compare_keyed);
	for (size_t i = 0; i < cb->n; i++) {
		cb->by_column[i] = v[i].index;
		if (i > 0 && strcmp(v[i].key, v[i - 1].key) == 0 && (i == 1 || strcmp(v[i - 1].key, v[i - 2].key) != 0) &&
		    v[i].index < second)
			first = v[i - 1].index, second = v[i].index;
	}
	free(v);
	if (second != SIZE_MAX)
		return row_error(err, cb->path, cb->vars[second].line, "column '%s' is listed twice (lines %zu and %zu)",
				 cb->vars[second].column, cb->vars[first].line, cb->vars[second].line);
	return 0;
}

static void extra_free(struct codebook_extra *x)
{
	free(x->dimension);
	free(x->compute);
	memset(x, 0, sizeof *x);
}

int codebook_read(const char *path, struct codebook *cb, struct sk_error *err)
{
	struct csv_read_options o;
	struct frame f;
	size_t field_col[CB_N];
	int status;

	memset(cb, 0, sizeof *cb);
	csv_read_options_init(&o);
	status = csv_read_frame(path, &o, &f, err);
	if (status != 0) {
		sk_error_prefix(err, "codebook: ");
		return status;
	}
	for (size_t k = 0; k < CB_N; k++)
		field_col[k] = SIZE_MAX;
	for (size_t j = 0; j < f.n_cols; j++) {
		size_t k = 0;
		while (k < CB_N && strcasecmp(f.cols[j].name, field_names[k]) != 0)
			k++;
		if (k == CB_N) {
			status = sk_fail(err, SK_EXIT_INPUT,
					 "codebook '%s' line 1: unknown column '%s' (expected column, role, scale, reverse, min, max, missing, values, label, control, compute)",
					 path, f.cols[j].name);
			goto done;
		}
		field_col[k] = j;
	}
	if (field_col[CB_COLUMN] == SIZE_MAX) {
		status = sk_fail(err, SK_EXIT_INPUT, "codebook '%s' line 1: no 'column' column in the header", path);
		goto done;
	}
	cb->path = strdup(path);
	cb->vars = calloc(f.n_rows, sizeof *cb->vars);
	cb->extra = calloc(f.n_rows ? f.n_rows : 1, sizeof *cb->extra);
	if (!cb->path || !cb->vars || !cb->extra) {
		status = sk_fail(err, SK_EXIT_INPUT, "codebook '%s': out of memory", path);
		goto done;
	}
	for (size_t i = 0; i < f.n_rows && status == 0; i++) {
		const char *cells[CB_N];
		char bufs[CB_N][32];
		for (size_t k = 0; k < CB_N; k++) {
			const char *c = field_col[k] == SIZE_MAX ? NULL : frame_cell_string(&f, field_col[k], i, bufs[k], 32);
			cells[k] = c && *c ? c : NULL;
		}
		status = read_entry(path, f.line[i], cells, &cb->vars[cb->n], &cb->extra[cb->n], err);
		if (status == 0) {
			cb->n++;
		} else {
			var_meta_free(&cb->vars[cb->n]);
			extra_free(&cb->extra[cb->n]);
		}
	}
	/* a repeated column before the first bad row is reported first, as it comes first in the file */
	if (index_columns(cb, err) != 0)
		status = SK_EXIT_INPUT;
	if (status == 0)
		status = check_scales(cb, err);
done:
	frame_free(&f);
	if (status != 0)
		codebook_free(cb);
	return status;
}

void codebook_free(struct codebook *cb)
{
	for (size_t i = 0; i < cb->n; i++) {
		var_meta_free(&cb->vars[i]);
		if (cb->extra)
			extra_free(&cb->extra[i]);
	}
	free(cb->vars);
	free(cb->extra);
	free(cb->by_column);
	free(cb->path);
	memset(cb, 0, sizeof *cb);
}

const struct var_meta *codebook_find(const struct codebook *cb, const char *column)
{
	size_t lo = 0, hi = cb->n;

	if (!cb->by_column) {
		for (size_t i = 0; i < cb->n; i++)
			if (strcmp(cb->vars[i].column, column) == 0)
				return &cb->vars[i];
		return NULL;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(cb->vars[cb->by_column[mid]].column, column) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < cb->n && strcmp(cb->vars[cb->by_column[lo]].column, column) == 0 ? &cb->vars[cb->by_column[lo]]
										     : NULL;
}

int codebook_check_columns(const struct codebook *cb, const struct frame *f, struct sk_error *err)
{
	for (size_t i = 0; i < cb->n; i++) {
		int computed = cb->extra && cb->extra[i].purpose == PURPOSE_COMPUTED;
		int present = frame_find(f, cb->vars[i].column) != SIZE_MAX;
		if (!computed && !present)
			return sk_fail(err, SK_EXIT_INPUT, "codebook '%s' line %zu: column '%s' is not in '%s'", cb->path,
				       cb->vars[i].line, cb->vars[i].column, f->path ? f->path : "the data");
		if (computed && present)
			return sk_fail(err, SK_EXIT_INPUT,
				       "codebook '%s' line %zu: computed '%s' has the name of a column of '%s'", cb->path,
				       cb->vars[i].line, cb->vars[i].column, f->path ? f->path : "the data");
	}
	return 0;
}

static int put_field(FILE *out, const char *s, int last)
{
	if (s && *s && csv_fwrite(out, s, strlen(s)) != 0)
		return -1;
	return fputc(last ? '\n' : ',', out) == EOF ? -1 : 0;
}

/* The shortest text that reads back as the same double; "" for NaN. */
static void format_number(char *buf, size_t size, double v)
{
	if (isnan(v)) {
		buf[0] = '\0';
		return;
	}
	snprintf(buf, size, "%.15g", v);
	if (strtod(buf, NULL) != v)
		snprintf(buf, size, "%.17g", v);
}

const struct codebook_extra *codebook_extra_at(const struct codebook *cb, size_t i)
{
	return cb->extra && i < cb->n ? &cb->extra[i] : NULL;
}

const struct codebook_extra *codebook_extra_of(const struct codebook *cb, const char *column)
{
	const struct var_meta *m = codebook_find(cb, column);

	return m ? codebook_extra_at(cb, (size_t)(m - cb->vars)) : NULL;
}

enum codebook_purpose codebook_purpose_of(const struct codebook *cb, const char *column)
{
	const struct codebook_extra *x = codebook_extra_of(cb, column);

	return x ? x->purpose : PURPOSE_NONE;
}

int codebook_control(const struct codebook *cb, const char *column, double *value)
{
	const struct codebook_extra *x = codebook_extra_of(cb, column);

	if (!x || isnan(x->control))
		return 0;
	*value = x->control;
	return 1;
}

const char *codebook_compute(const struct codebook *cb, const char *column)
{
	const struct codebook_extra *x = codebook_extra_of(cb, column);

	return x ? x->compute : NULL;
}

size_t codebook_entries_with(const struct codebook *cb, enum codebook_purpose purpose, const char *dimension,
			     size_t *idx, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; cb->extra && i < cb->n; i++) {
		const struct codebook_extra *x = &cb->extra[i];
		if (x->purpose != purpose || (dimension && (!x->dimension || strcmp(x->dimension, dimension) != 0)))
			continue;
		if (n < max)
			idx[n] = i;
		n++;
	}
	return n;
}

size_t codebook_dimensions(const struct codebook *cb, const char **names, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; cb->extra && i < cb->n; i++) {
		const char *d = cb->extra[i].dimension;
		size_t earlier = 0;
		if (!d)
			continue;
		while (earlier < i && !(cb->extra[earlier].dimension && strcmp(cb->extra[earlier].dimension, d) == 0))
			earlier++;
		if (earlier < i)
			continue;
		if (n < max)
			names[n] = d;
		n++;
	}
	return n;
}

/* The role cell of entry i: its purpose when it has one, else its role. */
static const char *role_cell(const struct codebook *cb, size_t i)
{
	const struct codebook_extra *x = codebook_extra_at(cb, i);

	return x && x->purpose != PURPOSE_NONE ? purpose_names[x->purpose] : role_names[cb->vars[i].role];
}

int codebook_write(const struct codebook *cb, FILE *out)
{
	int with_control = 0, with_compute = 0;
	size_t last;

	for (size_t i = 0; cb->extra && i < cb->n; i++) {
		with_control |= !isnan(cb->extra[i].control);
		with_compute |= cb->extra[i].compute != NULL;
	}
	last = with_compute ? CB_COMPUTE : with_control ? CB_CONTROL : CB_LABEL;
	for (size_t k = 0; k <= last; k++)
		if ((k != CB_CONTROL || with_control) && put_field(out, field_names[k], k == last) != 0)
			return -1;
	for (size_t i = 0; i < cb->n; i++) {
		const struct var_meta *m = &cb->vars[i];
		const struct codebook_extra *x = codebook_extra_at(cb, i);
		char lo[32], hi[32], control[32], *missing = NULL, *values = NULL;
		size_t mlen = 0, vlen = 0;
		FILE *ms = open_memstream(&missing, &mlen), *vs = open_memstream(&values, &vlen);
		int rc;
		if (!ms || !vs) {
			if (ms)
				fclose(ms);
			if (vs)
				fclose(vs);
			free(missing);
			free(values);
			return -1;
		}
		for (size_t j = 0; j < m->n_missing; j++) {
			format_number(lo, sizeof lo, m->missing[j]);
			fprintf(ms, "%s%s", j ? ";" : "", lo);
		}
		if (!isnan(m->missing_low)) {
			format_number(lo, sizeof lo, m->missing_low);
			format_number(hi, sizeof hi, m->missing_high);
			fprintf(ms, "%s%s thru %s", m->n_missing ? ";" : "", isinf(m->missing_low) ? "lo" : lo,
				isinf(m->missing_high) ? "hi" : hi);
		}
		for (size_t j = 0; j < m->n_labels; j++) {
			format_number(lo, sizeof lo, m->labels[j].value);
			fprintf(vs, "%s%s=%s", j ? ";" : "", lo, m->labels[j].label);
		}
		fclose(ms);
		fclose(vs);
		format_number(lo, sizeof lo, m->min);
		format_number(hi, sizeof hi, m->max);
		format_number(control, sizeof control, x ? x->control : NAN);
		rc = put_field(out, m->column, 0) || put_field(out, role_cell(cb, i), 0) ||
		     put_field(out, x && x->dimension ? x->dimension : m->scale, 0) ||
		     put_field(out, m->reverse ? "yes" : "no", 0) || put_field(out, lo, 0) || put_field(out, hi, 0) ||
		     put_field(out, missing, 0) || put_field(out, values, 0) || put_field(out, m->label, last == CB_LABEL) ||
		     (with_control && put_field(out, control, last == CB_CONTROL)) ||
		     (with_compute && put_field(out, x ? x->compute : NULL, 1));
		free(missing);
		free(values);
		if (rc)
			return -1;
	}
	return ferror(out) ? -1 : 0;
}
