#include "analysis/data/infer.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/grow.h"
#include "io/strbuf.h"

static int add_line(char ***lines, size_t *n, const char *fmt, va_list ap)
{
	struct strbuf line = STRBUF_INIT;
	char **grown;

	strbuf_vaddf(&line, fmt, ap);
	grown = grow_for(*lines, *n, sizeof *grown);
	if (!grown) {
		strbuf_release(&line);
		return -1;
	}
	*lines = grown;
	if (!(grown[*n] = strbuf_take(&line)))
		return -1;
	(*n)++;
	return 0;
}

int dataset_add_note(struct dataset *ds, const char *fmt, ...)
{
	va_list ap;
	int status;

	va_start(ap, fmt);
	status = add_line(&ds->notes, &ds->n_notes, fmt, ap);
	va_end(ap);
	return status;
}

int dataset_add_warning(struct dataset *ds, const char *fmt, ...)
{
	va_list ap;
	int status;

	va_start(ap, fmt);
	status = add_line(&ds->warnings, &ds->n_warnings, fmt, ap);
	va_end(ap);
	return status;
}

int dataset_add_scale(struct dataset *ds, const char *name, const size_t *items, size_t k)
{
	struct scale *scales = grow_for(ds->scales, ds->n_scales, sizeof *scales), *s;

	if (!scales)
		return -1;
	free(ds->scales_by_name); /* the name index is rebuilt when the scales are complete */
	ds->scales_by_name = NULL;
	ds->scales = scales;
	s = &scales[ds->n_scales];
	memset(s, 0, sizeof *s);
	s->name = strdup(name);
	s->items = malloc(k * sizeof *s->items);
	if (!s->name || !s->items) {
		free(s->name);
		free(s->items);
		return -1;
	}
	memcpy(s->items, items, k * sizeof *items);
	s->k = k;
	ds->n_scales++;
	return 0;
}

static int is_id_name(const char *name)
{
	static const char *const names[] = {"id", "respondent", "respondent_id", "respondentid", "responseid",
					    "response_id", "participant", "participant_id", "pid", "caseid",
					    "case_id", "subject", "subject_id", "subnum", "uuid"};

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(name, names[i]) == 0)
			return 1;
	return 0;
}

/* PREFIX[_]DIGITS[_][r]: returns the prefix length (without a trailing '_') or 0 when the name is
 * not an item name; *reversed tells whether it ends in r. */
static size_t item_prefix(const char *name, int *reversed)
{
	size_t n = strlen(name), end = n, digits;

	*reversed = 0;
	if (end > 0 && (name[end - 1] == 'r' || name[end - 1] == 'R') && end > 1 &&
	    (isdigit((unsigned char)name[end - 2]) || name[end - 2] == '_')) {
		*reversed = 1;
		end--;
		if (name[end - 1] == '_')
			end--;
	}
	digits = end;
	while (digits > 0 && isdigit((unsigned char)name[digits - 1]))
		digits--;
	if (digits == end || digits == 0)
		return 0;
	if (name[digits - 1] == '_')
		digits--;
	return digits > 0 && isalpha((unsigned char)name[0]) ? digits : 0;
}

/* Number of distinct non-missing values of a column, stopping above `limit`; *integers tells
 * whether every numeric value is a whole number. */
static size_t count_levels(const struct frame *f, size_t col, size_t limit, int *integers)
{
	const char *texts[INFER_MAX_GROUP_LEVELS + 1];
	double values[INFER_MAX_GROUP_LEVELS + 1];
	size_t n = 0;

	*integers = 1;
	for (size_t i = 0; i < f->n_rows; i++) {
		size_t j;
		if (f->cols[col].kind == COLUMN_TEXT) {
			const char *t = frame_text(f, col, i);
			if (!t)
				continue;
			for (j = 0; j < n && strcmp(texts[j], t) != 0; j++)
				;
			if (j == n) {
				if (n == limit)
					return limit + 1;
				texts[n++] = t;
			}
		} else {
			double v = frame_value(f, col, i);
			if (isnan(v))
				continue;
			if (v != floor(v))
				*integers = 0;
			for (j = 0; j < n && values[j] != v; j++)
				;
			if (j == n) {
				if (n == limit)
					return limit + 1;
				values[n++] = v;
			}
		}
	}
	return n;
}

/* A text column of free answers rather than a few categories, however few its distinct values:
 * one of its answers runs over several lines or is longer than INFER_FREE_TEXT_LENGTH bytes.
 * Returns 0, or 1 with the first such answer's row in *row and 'newline' or 'long' in *why. */
#define INFER_FREE_TEXT_LENGTH 100
static int is_free_text(const struct frame *f, size_t col, size_t *row, const char **why)
{
	if (f->cols[col].kind != COLUMN_TEXT)
		return 0;
	for (size_t i = 0; i < f->n_rows; i++) {
		const char *t = frame_text(f, col, i);
		if (!t)
			continue;
		*row = i;
		if (strpbrk(t, "\r\n")) {
			*why = "runs over several lines";
			return 1;
		}
		if (strlen(t) > INFER_FREE_TEXT_LENGTH) {
			*why = "is longer than 100 characters";
			return 1;
		}
	}
	return 0;
}

/* Reverse-keyed inferred items need a range: the one observed over the scale's items. */
static void set_observed_range(struct dataset *ds, const size_t *items, size_t k, const int *reversed)
{
	struct frame *f = &ds->frame;
	double lo, hi;

	infer_answer_range(ds, items, k, &lo, &hi); /* suspected missing codes left out */
	for (size_t j = 0; j < k; j++)
		if (reversed[j] && lo < hi) {
			f->cols[items[j]].meta.reverse = 1;
			f->cols[items[j]].meta.min = lo;
			f->cols[items[j]].meta.max = hi;
		}
}

static int is_code(const struct suspect_codes *s, double v)
{
	for (size_t k = 0; s && k < s->n; k++)
		if (s->code[k] == v)
			return 1;
	return 0;
}

void infer_answer_range(const struct dataset *ds, const size_t *items, size_t k, double *lo, double *hi)
{
	const struct frame *f = &ds->frame;

	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t j = 0; j < k; j++) {
		const struct suspect_codes *s = dataset_suspects(ds, items[j]);
		for (size_t i = 0; i < f->n_rows; i++) {
			double v = frame_value(f, items[j], i);
			if (!isnan(v) && !is_code(s, v)) {
				*lo = v < *lo ? v : *lo;
				*hi = v > *hi ? v : *hi;
			}
		}
	}
}

struct prefixed {
	const char *name;
	size_t plen;  /* the item prefix is name[0..plen) */
	size_t index; /* column */
	int reversed;
};

static int compare_prefixed(const void *a, const void *b)
{
	const struct prefixed *x = a, *y = b;
	int c = memcmp(x->name, y->name, x->plen < y->plen ? x->plen : y->plen);

	if (c == 0)
		c = (x->plen > y->plen) - (x->plen < y->plen);
	return c ? c : (x->index > y->index) - (x->index < y->index);
}

static int same_prefix(const struct prefixed *x, const struct prefixed *y)
{
	return x->plen == y->plen && memcmp(x->name, y->name, x->plen) == 0;
}

/* Candidate items sorted by (prefix, column) so each prefix's columns lie side by side: grouping
 * 100,000 columns takes O(n log n), where rescanning the header for every prefix took minutes.
 * Scales come in the order of their first column. */
static int infer_scales(struct dataset *ds, struct sk_error *err)
{
	struct frame *f = &ds->frame;
	size_t n = f->n_cols ? f->n_cols : 1, k = 0;
	struct prefixed *v = malloc(n * sizeof *v);
	size_t *items = malloc(n * sizeof *items), *run_at = malloc(n * sizeof *run_at);
	int *reversed = malloc(n * sizeof *reversed);
	int status = 0;

	if (!v || !items || !run_at || !reversed) {
		status = sk_fail(err, SK_EXIT_INPUT, "out of memory");
		goto out;
	}
	for (size_t a = 0; a < f->n_cols; a++) {
		int rev;
		size_t plen = item_prefix(f->cols[a].name, &rev);
		run_at[a] = SIZE_MAX;
		if (plen > 0 && plen < 256 && f->cols[a].kind == COLUMN_NUMERIC && f->cols[a].meta.role == ROLE_UNSET)
			v[k++] = (struct prefixed){f->cols[a].name, plen, a, rev};
	}
	qsort(v, k, sizeof *v, compare_prefixed);
	for (size_t p = 0; p < k; p++)
		if (p == 0 || !same_prefix(&v[p], &v[p - 1]))
			run_at[v[p].index] = p;
	for (size_t a = 0; a < f->n_cols; a++) {
		char name[256], list[512] = "";
		size_t m = 0;
		if (run_at[a] == SIZE_MAX)
			continue;
		for (size_t p = run_at[a]; p < k && same_prefix(&v[p], &v[run_at[a]]); p++) {
			reversed[m] = v[p].reversed;
			items[m++] = v[p].index;
		}
		memcpy(name, f->cols[a].name, v[run_at[a]].plen);
		name[v[run_at[a]].plen] = '\0';
		if (m < 2 || frame_find(f, name) != SIZE_MAX)
			continue;
		for (size_t j = 0; j < m; j++) {
			f->cols[items[j]].meta.role = ROLE_ITEM;
			if (!(f->cols[items[j]].meta.scale = strdup(name))) {
				status = sk_fail(err, SK_EXIT_INPUT, "out of memory");
				goto out;
			}
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s%s", j ? ", " : "",
				 f->cols[items[j]].name, reversed[j] ? " (reversed)" : "");
		}
		set_observed_range(ds, items, m, reversed);
		if (dataset_add_scale(ds, name, items, m) != 0 ||
		    dataset_add_note(ds, "no codebook: scale '%s' inferred from %s", name, list) != 0) {
			status = sk_fail(err, SK_EXIT_INPUT, "out of memory");
			goto out;
		}
	}
out:
	free(v);
	free(items);
	free(run_at);
	free(reversed);
	return status;
}

/* An item prefix and the scale whose codebook item has it. */
struct item_stem {
	const char *name; /* the prefix is name[0..len) */
	size_t len;
	const char *scale;
};

static int compare_stem(const void *a, const void *b)
{
	const struct item_stem *x = a, *y = b;
	int c = strncasecmp(x->name, y->name, x->len < y->len ? x->len : y->len);

	return c ? c : (x->len > y->len) - (x->len < y->len);
}

int infer_note_unlisted_items(struct dataset *ds, struct sk_error *err)
{
	const struct codebook *cb = &ds->codebook;
	const struct frame *f = &ds->frame;
	struct item_stem *stems = malloc((cb->n ? cb->n : 1) * sizeof *stems);
	size_t n = 0;
	int status = 0;

	if (!stems)
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	for (size_t i = 0; i < cb->n; i++) {
		int rev;
		size_t len = cb->vars[i].scale ? item_prefix(cb->vars[i].column, &rev) : 0;
		if (len)
			stems[n++] = (struct item_stem){cb->vars[i].column, len, cb->vars[i].scale};
	}
	qsort(stems, n, sizeof *stems, compare_stem);
	for (size_t j = 0; j < f->n_cols && status == 0; j++) {
		int rev;
		struct item_stem key = {f->cols[j].name, item_prefix(f->cols[j].name, &rev), NULL};
		const struct item_stem *hit;
		if (!key.len || codebook_find(cb, key.name))
			continue;
		hit = bsearch(&key, stems, n, sizeof *stems, compare_stem);
		if (hit && dataset_add_note(ds, "'%s' is not in the codebook, so it is in no scale, though it is named like the items of scale '%s' (such as '%s'): add a row for it to use it",
					    key.name, hit->scale, hit->name) != 0)
			status = sk_fail(err, SK_EXIT_INPUT, "out of memory");
	}
	free(stems);
	return status;
}

int infer_codebook(struct dataset *ds, struct sk_error *err)
{
	struct frame *f = &ds->frame;
	int status = infer_scales(ds, err);

	if (status != 0)
		return status;
	for (size_t j = 0; j < f->n_cols; j++) {
		struct column *c = &f->cols[j];
		int integers, categorical;
		size_t levels, free_row;
		const char *free_why;
		if (c->meta.role != ROLE_UNSET)
			continue;
		if (is_id_name(c->name)) {
			c->meta.role = ROLE_ID;
			if (dataset_add_note(ds, "no codebook: '%s' taken as the respondent id", c->name) != 0)
				return sk_fail(err, SK_EXIT_INPUT, "out of memory");
			continue;
		}
		if (is_free_text(f, j, &free_row, &free_why)) {
			c->meta.role = ROLE_TEXT;
			if (dataset_add_note(ds, "no codebook: '%s' taken as free text, not a group (the answer on line %zu %s)",
					     c->name, f->line[free_row], free_why) != 0)
				return sk_fail(err, SK_EXIT_INPUT, "out of memory");
			continue;
		}
		levels = count_levels(f, j, INFER_MAX_GROUP_LEVELS, &integers);
		categorical = c->meta.n_labels > 0 &&
			      (c->meta.measure == MEASURE_NOMINAL || c->meta.measure == MEASURE_ORDINAL);
		if (levels >= 2 && levels <= INFER_MAX_GROUP_LEVELS && integers &&
		    (f->n_rows >= 2 * levels || categorical)) {
			c->meta.role = ROLE_GROUP;
			if (dataset_add_note(ds, "no codebook: '%s' taken as a group (%zu values)", c->name, levels) != 0)
				return sk_fail(err, SK_EXIT_INPUT, "out of memory");
		} else {
			int rev;
			c->meta.role = c->kind == COLUMN_TEXT ? ROLE_TEXT : ROLE_NUMERIC;
			/* one stray cell ("-", "n/a") turns a column to text: say so rather than drop an item */
			if (c->kind == COLUMN_TEXT && !c->stray.n && item_prefix(c->name, &rev) &&
			    dataset_add_note(ds, "no codebook: '%s' holds text, so it is in no scale (a codebook giving it role item names the cells that are not numbers)",
					     c->name) != 0)
				return sk_fail(err, SK_EXIT_INPUT, "out of memory");
		}
	}
	return 0;
}
