/* surveykit reshape DATA OUT --to long|wide: wide <-> long reshaping of within-subjects waves
 * (see analysis/commands/reshape.h for the rules); the data is read and written as it is
 * (analysis/data/rawdata.h), so codes, labels and the codebook travel along: a CSV's codebook next to
 * it is used unless --codebook is given, and what no codebook states is inferred. */
#include "analysis/commands/reshape.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/rawdata.h"
#include "io/doc.h"
#include "io/numparse.h"

const struct option_spec reshape_options[] = {
	{"to", "LAYOUT", "long (a row per respondent and condition) or wide (a row per respondent)"},
	{"index", "VAR", "the condition column of the long layout (default scenario)"},
	{"id", "VAR", "the respondent column, to wide (default: the codebook's id column, or 'id')"},
	{"marker", "TEXT", "the name token before a condition number in wide names (default s, as in sat_s2_1)"},
	{"labels", "LABELS", "value labels of the new condition column, to long: \"1=Fix only;2=Fix + apology\""},
	{0},
};

/* ---- names ---- */

/* If `tok[0..len)` is marker + digits, its number; otherwise -1. */
static long condition_of(const char *tok, size_t len, const char *marker)
{
	size_t m = strlen(marker);
	long v = 0;

	if (len <= m || strncmp(tok, marker, m) != 0)
		return -1;
	for (size_t i = m; i < len; i++) {
		if (tok[i] < '0' || tok[i] > '9')
			return -1;
		v = v * 10 + (tok[i] - '0');
		if (v > RESHAPE_MAX_CONDITION)
			return -1;
	}
	return v;
}

/* Finds the condition token of `name`: returns the number of such tokens (0, 1 or more);
 * with exactly one, *level and the stem (malloc'ed, the name without the token) are set. */
static int split_name(const char *name, const char *marker, long *level, char **stem)
{
	const char *tok_start = NULL;
	size_t tok_len = 0, n_tokens = 0;
	int found = 0;

	*stem = NULL;
	for (const char *p = name;; ) {
		const char *end = strchr(p, '_');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		long v = condition_of(p, len, marker);
		n_tokens++;
		if (v >= 0) {
			found++;
			*level = v;
			tok_start = p;
			tok_len = len;
		}
		if (!end)
			break;
		p = end + 1;
	}
	if (found != 1 || n_tokens < 2)
		return found > 1 ? found : 0;
	{
		size_t n = strlen(name);
		char *s = malloc(n + 1);
		size_t before = (size_t)(tok_start - name);
		if (!s)
			return -1;
		if (before > 0) {
			/* drop "_token" */
			memcpy(s, name, before - 1);
			memcpy(s + before - 1, tok_start + tok_len, n + 1 - (size_t)(tok_start + tok_len - name));
		} else {
			/* first token: drop "token_" */
			memcpy(s, tok_start + tok_len + 1, n - tok_len);
		}
		*stem = s;
	}
	return 1;
}

/* `name` with "_<marker><level>" after its first token (sat_1 -> sat_s2_1); malloc'ed. */
static char *insert_token(const char *name, const char *marker, long level)
{
	const char *us = strchr(name, '_');
	size_t first = us ? (size_t)(us - name) : strlen(name);
	size_t n = strlen(name) + strlen(marker) + 24;
	char *s = malloc(n);

	if (!s)
		return NULL;
	snprintf(s, n, "%.*s_%s%ld%s", (int)first, name, marker, level, name + first);
	return s;
}

/* The scale name without its token for `level` when it has one, else a copy. */
static char *scale_without_token(const char *scale, const char *marker, long level)
{
	long l;
	char *stem;
	int k = split_name(scale, marker, &l, &stem);

	if (k == 1 && l == level)
		return stem;
	free(stem);
	return strdup(scale);
}

/* ---- copying cells and metadata ---- */

static int copy_cell(const struct frame *in, size_t jin, size_t iin, struct frame *out, size_t jout, size_t iout)
{
	if (out->cols[jout].kind == COLUMN_TEXT) {
		const char *s;
		char buf[32];
		if (in->cols[jin].kind == COLUMN_TEXT) {
			s = frame_text(in, jin, iin);
		} else {
			double x = frame_value(in, jin, iin);
			if (isnan(x))
				return 0;
			snprintf(buf, sizeof buf, "%.15g", x);
			if (strtod(buf, NULL) != x)
				snprintf(buf, sizeof buf, "%.17g", x);
			s = buf;
		}
		return s ? frame_set_text(out, jout, iout, s, strlen(s)) : 0;
	}
	return frame_set_number(out, jout, iout, frame_value(in, jin, iin));
}

/* Adds a column with `name`, `kind` and a copy of `meta` whose scale becomes `scale` (owned). */
static int add_column(struct frame *out, const char *name, enum column_kind kind, const struct var_meta *meta,
		      char *scale)
{
	struct var_meta *m;

	if (frame_add_column(out, name, kind) != 0) {
		free(scale);
		return -1;
	}
	m = &out->cols[out->n_cols - 1].meta;
	if (meta) {
		if (var_meta_copy(m, meta) != 0) {
			free(scale);
			return -1;
		}
		free(m->column);
		m->column = NULL;
		free(m->scale);
		m->scale = scale;
	} else {
		free(scale);
	}
	return 0;
}

static int oom(struct sk_error *err)
{
	return sk_fail(err, SK_EXIT_INPUT, "cannot reshape: out of memory");
}

/* ---- wide -> long ---- */

struct piece {
	char *stem;
	long level;
	size_t col;
	size_t stem_no; /* index of its stem in first-appearance order */
};

static int cmp_piece(const void *a, const void *b)
{
	const struct piece *x = a, *y = b;
	int c = strcmp(x->stem, y->stem);

	if (c)
		return c;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	return x->col < y->col ? -1 : x->col > y->col;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static int cmp_size(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;

	return x < y ? -1 : x > y;
}

static int cmp_str_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int same_label(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

int reshape_to_long(const struct frame *wide, const struct reshape_spec *s, struct frame *out,
		    struct reshape_report *report, struct sk_error *err)
{
	struct piece *pieces = NULL;
	size_t n_pieces = 0, n_levels = 0, n_stems = 0, n_const = 0, n_names = 0;
	long *levels = NULL;
	size_t *constant = NULL, *stem_first = NULL, *grid = NULL; /* grid[stem * n_levels + level] = col */
	const char **names = NULL, **stem_name = NULL;
	int retval = SK_EXIT_OK;

	frame_init(out, wide->path);
	if (report)
		memset(report, 0, sizeof *report);
	pieces = calloc(wide->n_cols ? wide->n_cols : 1, sizeof *pieces);
	constant = malloc((wide->n_cols ? wide->n_cols : 1) * sizeof *constant);
	if (!pieces || !constant) {
		retval = oom(err);
		goto cleanup;
	}
	for (size_t j = 0; j < wide->n_cols; j++) {
		long level;
		char *stem;
		int k = split_name(wide->cols[j].name, s->marker, &level, &stem);
		if (k < 0) {
			retval = oom(err);
			goto cleanup;
		}
		if (k > 1) {
			retval = sk_fail(err, SK_EXIT_INPUT, "cannot reshape '%s': column '%s' names %d conditions ('%s' tokens)",
					 wide->path, wide->cols[j].name, k, s->marker);
			goto cleanup;
		}
		if (k == 1) {
			pieces[n_pieces].stem = stem;
			pieces[n_pieces].level = level;
			pieces[n_pieces].col = j;
			n_pieces++;
		} else {
			constant[n_const++] = j;
		}
	}
	if (n_pieces == 0) {
		retval = sk_fail(err, SK_EXIT_INPUT,
				 "cannot reshape '%s': no column name carries a condition token like 'sat_%s1_1' (--marker %s)",
				 wide->path, s->marker, s->marker);
		goto cleanup;
	}
	/* conditions */
	levels = malloc(n_pieces * sizeof *levels);
	if (!levels) {
		retval = oom(err);
		goto cleanup;
	}
	for (size_t p = 0; p < n_pieces; p++)
		levels[p] = pieces[p].level;
	qsort(levels, n_pieces, sizeof *levels, cmp_long);
	for (size_t p = 0; p < n_pieces; p++)
		if (p == 0 || levels[p] != levels[p - 1])
			levels[n_levels++] = levels[p];
	/* stems: group the pieces, number the stems in order of first appearance */
	qsort(pieces, n_pieces, sizeof *pieces, cmp_piece);
	stem_first = malloc(n_pieces * sizeof *stem_first);
	if (!stem_first) {
		retval = oom(err);
		goto cleanup;
	}
	for (size_t p = 0; p < n_pieces; p++) {
		if (p > 0 && strcmp(pieces[p].stem, pieces[p - 1].stem) == 0) {
			if (pieces[p].level == pieces[p - 1].level) {
				retval = sk_fail(err, SK_EXIT_INPUT,
						 "cannot reshape '%s': columns '%s' and '%s' both give '%s' for condition %ld",
						 wide->path, wide->cols[pieces[p - 1].col].name, wide->cols[pieces[p].col].name,
						 pieces[p].stem, pieces[p].level);
				goto cleanup;
			}
			pieces[p].stem_no = pieces[p - 1].stem_no;
			if (pieces[p].col < stem_first[pieces[p].stem_no])
				stem_first[pieces[p].stem_no] = pieces[p].col;
		} else {
			pieces[p].stem_no = n_stems;
			stem_first[n_stems++] = pieces[p].col;
		}
	}
	/* number the stems by their first column instead: rank[stem_no] */
	{
		size_t *order = malloc(n_stems * sizeof *order), *rank = malloc(n_stems * sizeof *rank);
		if (!order || !rank) {
			free(order);
			free(rank);
			retval = oom(err);
			goto cleanup;
		}
		memcpy(order, stem_first, n_stems * sizeof *order);
		qsort(order, n_stems, sizeof *order, cmp_size); /* distinct column indices */
		for (size_t t = 0; t < n_stems; t++)
			rank[t] = (size_t)((const size_t *)bsearch(&stem_first[t], order, n_stems, sizeof *order, cmp_size) - order);
		for (size_t p = 0; p < n_pieces; p++)
			pieces[p].stem_no = rank[pieces[p].stem_no];
		free(order);
		free(rank);
	}
	stem_name = malloc(n_stems * sizeof *stem_name);
	if (!stem_name) {
		retval = oom(err);
		goto cleanup;
	}
	for (size_t p = 0; p < n_pieces; p++)
		stem_name[pieces[p].stem_no] = pieces[p].stem;
	grid = malloc(n_stems * n_levels * sizeof *grid);
	if (!grid) {
		retval = oom(err);
		goto cleanup;
	}
	for (size_t g = 0; g < n_stems * n_levels; g++)
		grid[g] = SIZE_MAX;
	for (size_t p = 0; p < n_pieces; p++) {
		size_t l = 0;
		while (levels[l] != pieces[p].level)
			l++;
		grid[pieces[p].stem_no * n_levels + l] = pieces[p].col;
	}
	/* the new names must be unique */
	names = malloc((n_const + 1 + n_stems) * sizeof *names);
	if (!names) {
		retval = oom(err);
		goto cleanup;
	}
	for (size_t c = 0; c < n_const; c++)
		names[n_names++] = wide->cols[constant[c]].name;
	names[n_names++] = s->index;
	for (size_t p = 0; p < n_pieces; p++)
		if (p == 0 || strcmp(pieces[p].stem, pieces[p - 1].stem) != 0)
			names[n_names++] = pieces[p].stem;
	qsort(names, n_names, sizeof *names, cmp_str_ptr);
	for (size_t k = 1; k < n_names; k++) {
		if (strcmp(names[k], names[k - 1]) == 0) {
			retval = sk_fail(err, SK_EXIT_INPUT, "cannot reshape '%s': the long layout would have two columns named '%s'",
					 wide->path, names[k]);
			goto cleanup;
		}
	}
	/* columns: the constant ones, the index, the stems */
	for (size_t c = 0; c < n_const; c++) {
		const struct column *col = &wide->cols[constant[c]];
		char *scale = col->meta.scale ? strdup(col->meta.scale) : NULL;
		if ((col->meta.scale && !scale) || add_column(out, col->name, col->kind, &col->meta, scale) != 0) {
			retval = oom(err);
			goto cleanup;
		}
	}
	if (add_column(out, s->index, COLUMN_NUMERIC, NULL, NULL) != 0) {
		retval = oom(err);
		goto cleanup;
	}
	{
		struct var_meta *m = &out->cols[n_const].meta;
		m->role = ROLE_GROUP;
		if (s->n_index_labels) {
			m->labels = calloc(s->n_index_labels, sizeof *m->labels);
			if (!m->labels) {
				retval = oom(err);
				goto cleanup;
			}
			for (size_t k = 0; k < s->n_index_labels; k++) {
				m->labels[k].value = s->index_labels[k].value;
				m->labels[k].label = strdup(s->index_labels[k].label);
				m->n_labels++;
				if (!m->labels[k].label) {
					retval = oom(err);
					goto cleanup;
				}
			}
		}
	}
	for (size_t t = 0; t < n_stems; t++) {
		const struct column *first = NULL;
		enum column_kind kind = COLUMN_NUMERIC;
		const char *stem = NULL;
		long first_level = 0;
		char *scale = NULL;
		int differ = 0;
		for (size_t l = 0; l < n_levels; l++) {
			size_t c = grid[t * n_levels + l];
			if (c == SIZE_MAX)
				continue;
			if (!first) {
				first = &wide->cols[c];
				first_level = levels[l];
			} else if (!same_label(first->meta.label, wide->cols[c].meta.label)) {
				differ = 1;
			}
			if (wide->cols[c].kind == COLUMN_TEXT)
				kind = COLUMN_TEXT;
		}
		stem = stem_name[t];
		if (first->meta.scale && !(scale = scale_without_token(first->meta.scale, s->marker, first_level))) {
			retval = oom(err);
			goto cleanup;
		}
		if (add_column(out, stem, kind, &first->meta, scale) != 0) {
			retval = oom(err);
			goto cleanup;
		}
		if (differ && report && report->labels_differ++ == 0)
			report->first = out->cols[out->n_cols - 1].name;
	}
	/* rows */
	for (size_t i = 0; i < wide->n_rows; i++) {
		for (size_t l = 0; l < n_levels; l++) {
			size_t r = frame_add_row(out, wide->line ? wide->line[i] : i + 1);
			if (r == SIZE_MAX) {
				retval = oom(err);
				goto cleanup;
			}
			for (size_t c = 0; c < n_const; c++)
				if (copy_cell(wide, constant[c], i, out, c, r) != 0) {
					retval = oom(err);
					goto cleanup;
				}
			if (frame_set_number(out, n_const, r, (double)levels[l]) != 0) {
				retval = oom(err);
				goto cleanup;
			}
			for (size_t t = 0; t < n_stems; t++) {
				size_t c = grid[t * n_levels + l];
				if (c != SIZE_MAX && copy_cell(wide, c, i, out, n_const + 1 + t, r) != 0) {
					retval = oom(err);
					goto cleanup;
				}
			}
		}
	}
cleanup:
	if (pieces)
		for (size_t p = 0; p < n_pieces; p++)
			free(pieces[p].stem);
	free(pieces);
	free(constant);
	free(levels);
	free(stem_first);
	free(grid);
	free(names);
	free(stem_name);
	if (retval != SK_EXIT_OK)
		frame_free(out);
	return retval;
}

/* ---- long -> wide ---- */

/* A long row with its respondent key (number or text) and condition. */
struct keyed_row {
	size_t row;
	long level;
	double num;
	const char *text; /* NULL for a numeric id */
};

static int cmp_key(const struct keyed_row *x, const struct keyed_row *y)
{
	if (x->text)
		return strcmp(x->text, y->text);
	return x->num < y->num ? -1 : x->num > y->num;
}

static int cmp_keyed(const void *a, const void *b)
{
	const struct keyed_row *x = a, *y = b;
	int c = cmp_key(x, y);

	if (c)
		return c;
	if (x->level != y->level)
		return x->level < y->level ? -1 : 1;
	return x->row < y->row ? -1 : x->row > y->row;
}

static int same_cell(const struct frame *f, size_t col, size_t a, size_t b)
{
	if (f->cols[col].kind == COLUMN_TEXT) {
		const char *s = frame_text(f, col, a), *t = frame_text(f, col, b);
		return (!s && !t) || (s && t && strcmp(s, t) == 0);
	}
	{
		double x = frame_value(f, col, a), y = frame_value(f, col, b);
		return (isnan(x) && isnan(y)) || x == y;
	}
}

struct group {
	size_t start, n; /* in the sorted keyed rows */
	size_t first;    /* smallest row index: the respondent's order */
};

static int cmp_group(const void *a, const void *b)
{
	const struct group *x = a, *y = b;

	return x->first < y->first ? -1 : x->first > y->first;
}

int reshape_to_wide(const struct frame *lng, const struct reshape_spec *s, struct frame *out, struct sk_error *err)
{
	size_t index = frame_find(lng, s->index), id = s->id ? frame_find(lng, s->id) : SIZE_MAX;
	struct keyed_row *keyed = NULL;
	struct group *groups = NULL;
	long *levels = NULL;
	unsigned char *trait = NULL;
	size_t n_groups = 0, n_levels = 0, n = lng->n_rows;
	char **names = NULL;
	size_t n_names = 0;
	int retval = SK_EXIT_OK;

	frame_init(out, lng->path);
	if (index == SIZE_MAX) {
		retval = sk_fail(err, SK_EXIT_INPUT, "cannot reshape '%s': no column named '%s' (--index)", lng->path, s->index);
		goto cleanup;
	}
	if (!s->id) {
		retval = sk_fail(err, SK_EXIT_USAGE, "reshape --to wide needs --id VAR, the respondent column");
		goto cleanup;
	}
	if (id == SIZE_MAX) {
		retval = sk_fail(err, SK_EXIT_INPUT, "cannot reshape '%s': no column named '%s' (--id)", lng->path, s->id);
		goto cleanup;
	}
	if (id == index) {
		retval = sk_fail(err, SK_EXIT_USAGE, "reshape: --id and --index name the same column '%s'", s->id);
		goto cleanup;
	}
	if (lng->cols[index].kind != COLUMN_NUMERIC) {
		retval = sk_fail(err, SK_EXIT_INPUT, "cannot reshape '%s': index column '%s' is not numeric", lng->path,
				 s->index);
		goto cleanup;
	}
	keyed = malloc((n ? n : 1) * sizeof *keyed);
	levels = malloc((n ? n : 1) * sizeof *levels);
	trait = calloc(lng->n_cols ? lng->n_cols : 1, 1);
	if (!keyed || !levels || !trait) {
		retval = oom(err);
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		double v = frame_value(lng, index, i);
		size_t line = lng->line ? lng->line[i] : i + 1;
		if (isnan(v) || v < 0 || v > RESHAPE_MAX_CONDITION || v != floor(v)) {
			retval = sk_fail(err, SK_EXIT_INPUT, "cannot reshape '%s': line %zu: '%s' is %s, not a condition number",
					 lng->path, line, s->index, isnan(v) ? "missing" : "not a whole number from 0");
			goto cleanup;
		}
		if (lng->cols[id].kind == COLUMN_TEXT ? !frame_text(lng, id, i) : isnan(frame_value(lng, id, i))) {
			retval = sk_fail(err, SK_EXIT_INPUT, "cannot reshape '%s': line %zu: id '%s' is missing", lng->path,
					 line, s->id);
			goto cleanup;
		}
		keyed[i].row = i;
		keyed[i].level = (long)v;
		keyed[i].text = lng->cols[id].kind == COLUMN_TEXT ? frame_text(lng, id, i) : NULL;
		keyed[i].num = frame_value(lng, id, i);
		levels[i] = (long)v;
	}
	qsort(levels, n, sizeof *levels, cmp_long);
	for (size_t i = 0; i < n; i++)
		if (i == 0 || levels[i] != levels[i - 1])
			levels[n_levels++] = levels[i];
	qsort(keyed, n, sizeof *keyed, cmp_keyed);
	groups = malloc((n ? n : 1) * sizeof *groups);
	if (!groups) {
		retval = oom(err);
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && cmp_key(&keyed[i], &keyed[i - 1]) == 0) {
			struct group *g = &groups[n_groups - 1];
			if (keyed[i].level == keyed[i - 1].level) {
				size_t line = lng->line ? lng->line[keyed[i].row] : keyed[i].row + 1;
				retval = sk_fail(err, SK_EXIT_INPUT,
						 "cannot reshape '%s': line %zu: a second row for this respondent ('%s') and condition %ld",
						 lng->path, line, s->id, keyed[i].level);
				goto cleanup;
			}
			g->n++;
			if (keyed[i].row < g->first)
				g->first = keyed[i].row;
		} else {
			groups[n_groups].start = i;
			groups[n_groups].n = 1;
			groups[n_groups].first = keyed[i].row;
			n_groups++;
		}
	}
	/* traits: the same on every row of every respondent */
	for (size_t j = 0; j < lng->n_cols; j++) {
		if (j == index)
			continue;
		trait[j] = 1;
		for (size_t g = 0; g < n_groups && trait[j]; g++)
			for (size_t k = 1; k < groups[g].n; k++)
				if (!same_cell(lng, j, keyed[groups[g].start].row, keyed[groups[g].start + k].row)) {
					trait[j] = 0;
					break;
				}
	}
	trait[id] = 1;
	qsort(groups, n_groups, sizeof *groups, cmp_group);
	/* columns: traits, then per condition the varying columns */
	names = calloc(lng->n_cols * (n_levels + 1) + 1, sizeof *names);
	if (!names) {
		retval = oom(err);
		goto cleanup;
	}
	for (size_t j = 0; j < lng->n_cols; j++) {
		const struct column *c = &lng->cols[j];
		char *scale = c->meta.scale ? strdup(c->meta.scale) : NULL;
		if (j == index || !trait[j]) {
			free(scale);
			continue;
		}
		if ((c->meta.scale && !scale) || add_column(out, c->name, c->kind, &c->meta, scale) != 0 ||
		    !(names[n_names++] = strdup(c->name))) {
			retval = oom(err);
			goto cleanup;
		}
	}
	for (size_t l = 0; l < n_levels; l++) {
		for (size_t j = 0; j < lng->n_cols; j++) {
			const struct column *c = &lng->cols[j];
			char *name, *scale = NULL;
			if (j == index || trait[j])
				continue;
			name = insert_token(c->name, s->marker, levels[l]);
			if (!name || (c->meta.scale && !(scale = insert_token(c->meta.scale, s->marker, levels[l])))) {
				free(name);
				retval = oom(err);
				goto cleanup;
			}
			names[n_names++] = name;
			if (add_column(out, name, c->kind, &c->meta, scale) != 0) {
				retval = oom(err);
				goto cleanup;
			}
		}
	}
	{
		char **sorted = malloc((n_names ? n_names : 1) * sizeof *sorted);
		if (!sorted) {
			retval = oom(err);
			goto cleanup;
		}
		memcpy(sorted, names, n_names * sizeof *sorted);
		qsort(sorted, n_names, sizeof *sorted, cmp_str_ptr);
		for (size_t k = 1; k < n_names; k++) {
			if (strcmp(sorted[k], sorted[k - 1]) == 0) {
				retval = sk_fail(err, SK_EXIT_INPUT,
						 "cannot reshape '%s': the wide layout would have two columns named '%s'",
						 lng->path, sorted[k]);
				free(sorted);
				goto cleanup;
			}
		}
		free(sorted);
	}
	/* rows */
	for (size_t g = 0; g < n_groups; g++) {
		const struct group *gr = &groups[g];
		size_t r = frame_add_row(out, lng->line ? lng->line[gr->first] : gr->first + 1), jout = 0;
		if (r == SIZE_MAX) {
			retval = oom(err);
			goto cleanup;
		}
		for (size_t j = 0; j < lng->n_cols; j++)
			if (j != index && trait[j] && copy_cell(lng, j, gr->first, out, jout++, r) != 0) {
				retval = oom(err);
				goto cleanup;
			}
		for (size_t l = 0; l < n_levels; l++) {
			size_t row = SIZE_MAX;
			for (size_t k = 0; k < gr->n; k++)
				if (keyed[gr->start + k].level == levels[l])
					row = keyed[gr->start + k].row;
			for (size_t j = 0; j < lng->n_cols; j++) {
				if (j == index || trait[j])
					continue;
				if (row != SIZE_MAX && copy_cell(lng, j, row, out, jout, r) != 0) {
					retval = oom(err);
					goto cleanup;
				}
				jout++;
			}
		}
	}
cleanup:
	if (names)
		for (size_t k = 0; k < n_names; k++)
			free(names[k]);
	free(names);
	free(keyed);
	free(groups);
	free(levels);
	free(trait);
	if (retval != SK_EXIT_OK)
		frame_free(out);
	return retval;
}

/* ---- the command ---- */

/* "1=Fix only;2=Fix + apology" -> labels (malloc'ed, strings point into `copy`). */
static int parse_labels(const char *text, char **copy, struct value_label **labels, size_t *n, struct sk_error *err)
{
	size_t cap = 1;
	char *p;

	*labels = NULL;
	*n = 0;
	if (!text)
		return 0;
	for (const char *q = text; *q; q++)
		cap += *q == ';';
	*copy = strdup(text);
	*labels = calloc(cap, sizeof **labels);
	if (!*copy || !*labels)
		return sk_fail(err, SK_EXIT_USAGE, "out of memory");
	for (p = *copy; *p;) {
		char *end = strchr(p, ';'), *eq;
		if (end)
			*end = '\0';
		eq = strchr(p, '=');
		if (!eq || eq == p || !eq[1] || num_parse(p, (size_t)(eq - p), 0, &(*labels)[*n].value) != NUM_OK)
			return sk_fail(err, SK_EXIT_USAGE, "reshape: --labels wants VALUE=LABEL;..., not '%s'", p);
		(*labels)[*n].label = eq + 1;
		(*n)++;
		if (!end)
			break;
		p = end + 1;
	}
	return 0;
}

/* --id, else the column whose role is id, else "id". */
static const char *id_column(const struct cli *cli, const struct frame *f)
{
	const char *id = cli_get(cli, "id");

	if (id)
		return id;
	for (size_t j = 0; j < f->n_cols; j++)
		if (f->cols[j].meta.role == ROLE_ID)
			return f->cols[j].name;
	return "id";
}

/* Roles and scales the file does not state, from the dataset layer's inference; the rows --filter
 * keeps. */
static int complete(struct frame *f, const char *in, const struct cli *c, json_t *doc, struct sk_error *err)
{
	struct dataset ds;
	int unset = 0, status;

	for (size_t j = 0; j < f->n_cols; j++)
		unset |= f->cols[j].meta.role == ROLE_UNSET;
	if ((c->codebook || !unset) && !c->n_filters)
		return 0;
	if ((status = dataset_load(&ds, in, c, err)) != 0)
		return status;
	status = rawdata_exclude(f, &ds, doc, err);
	if (status == 0 && !c->codebook)
		rawdata_infer(f, &ds, doc);
	dataset_free(&ds);
	return status;
}

int cmd_reshape(const struct cli *cli, struct sk_error *err)
{
	const char *to = cli_get(cli, "to"), *in, *out;
	struct reshape_spec spec = {.index = cli_get(cli, "index"), .marker = cli_get(cli, "marker")};
	struct reshape_report report;
	struct value_label *labels = NULL;
	struct cli c = *cli;
	char *labels_text = NULL, *found = NULL;
	struct frame f, g;
	json_t *doc = NULL;
	int status, wide;

	if (cli->n_positional != 2)
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit reshape' takes DATA and OUT, got %zu file%s (see 'surveykit reshape --help')",
			       cli->n_positional, cli->n_positional == 1 ? "" : "s");
	in = cli->positional[0];
	out = cli->positional[1];
	if (!to || (strcmp(to, "long") != 0 && strcmp(to, "wide") != 0))
		return sk_fail(err, SK_EXIT_USAGE, "reshape needs --to long or --to wide");
	wide = strcmp(to, "wide") == 0;
	if (!spec.index)
		spec.index = "scenario";
	if (!spec.marker)
		spec.marker = "s";
	if (!spec.marker[0] || strchr(spec.marker, '_'))
		return sk_fail(err, SK_EXIT_USAGE, "reshape: --marker must be a non-empty token without '_', not '%s'", spec.marker);
	if (wide && cli_get(cli, "labels"))
		return sk_fail(err, SK_EXIT_USAGE, "reshape: --labels names the condition column made --to long");
	if ((status = rawdata_check_output(cli, out, err)) != 0)
		return status;
	if ((status = parse_labels(cli_get(cli, "labels"), &labels_text, &labels, &spec.n_index_labels, err)) != 0)
		goto done_labels;
	spec.index_labels = labels;
	c.codebook = rawdata_codebook(in, cli, &found);
	if ((status = rawdata_load(in, &c, &f, err)) != 0)
		goto done_labels;
	doc = doc_new("reshape", in, f.n_rows, f.n_rows);
	doc_str(doc, "layout", to);
	if (found)
		doc_note(doc, "codebook '%s' read as the codebook of '%s'", found, in);
	if ((status = complete(&f, in, &c, doc, err)) != 0)
		goto done_f;
	spec.id = id_column(cli, &f);
	status = wide ? reshape_to_wide(&f, &spec, &g, err) : reshape_to_long(&f, &spec, &g, &report, err);
	if (status != 0)
		goto done_f;
	if (!wide && report.labels_differ)
		doc_note(doc, "%zu column%s of the long layout (the first '%s') take%s the variable label of condition 1: the conditions' labels differ",
			 report.labels_differ, report.labels_differ == 1 ? "" : "s", report.first,
			 report.labels_differ == 1 ? "s" : "");
	if ((status = command_check_output(cli, err)) == 0 && (status = rawdata_write(&g, out, doc, err)) == 0)
		status = command_output(cli, doc, err);
	frame_free(&g);
done_f:
	json_decref(doc);
	frame_free(&f);
done_labels:
	free(labels);
	free(labels_text);
	free(found);
	return status;
}
