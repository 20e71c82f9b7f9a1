/* Suspected missing-value codes in a wave read without a codebook (see analysis/data/infer.h):
 * -99 among answers 1..7 is almost always "no answer", but nothing says so, so it is used as an
 * answer unless the user gives --missing. This finds such values and warns. */
#include "analysis/data/infer.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/grow.h"
#include "io/strbuf.h"

#define CANDIDATES_MAX 16   /* distinct code-like values looked at in a column */
#define ANSWER_SPAN 10      /* answers lie within max - min <= 10: at most 11 points */
#define COLUMNS_LISTED 5    /* columns named per warning */

/* Negative, or 99, 999, 9999, ... */
static int looks_like_code(double v)
{
	if (v < 0)
		return 1;
	if (v < 99)
		return 0;
	for (; v >= 10; v = floor(v / 10))
		if (fmod(v, 10) != 9)
			return 0;
	return v == 9;
}

/* What one pass over a column found: the range of its answers and its code-like values. */
struct scan {
	double lo, hi; /* answers: values that do not look like codes */
	double cand[CANDIDATES_MAX];
	size_t cells[CANDIDATES_MAX];
	size_t n_cand;
};

/* Adds `count` cells of value v; 0 while the column may still hold suspected codes. */
static int scan_add(struct scan *s, double v, size_t count)
{
	size_t k = 0;

	if (v != floor(v))
		return -1;
	if (!looks_like_code(v)) {
		s->lo = fmin(s->lo, v);
		s->hi = fmax(s->hi, v);
		return s->hi - s->lo > ANSWER_SPAN ? -1 : 0;
	}
	while (k < s->n_cand && s->cand[k] != v)
		k++;
	if (k == s->n_cand) {
		if (s->n_cand == CANDIDATES_MAX)
			return -1;
		s->cand[s->n_cand] = v;
		s->cells[s->n_cand++] = 0;
	}
	s->cells[k] += count;
	return 0;
}

static int scan_column(const struct frame *f, size_t col, struct scan *s)
{
	const int8_t *small = f->cols[col].small;

	s->lo = INFINITY;
	s->hi = -INFINITY;
	s->n_cand = 0;
	if (small) {
		size_t counts[256] = {0};
		for (size_t i = 0; i < f->n_rows; i++)
			counts[(uint8_t)small[i]]++;
		for (int b = -127; b < 128; b++) /* -128 (INT8_MIN) marks a missing cell */
			if (counts[(uint8_t)b] && scan_add(s, b, counts[(uint8_t)b]) != 0)
				return -1;
		return 0;
	}
	for (size_t i = 0; i < f->n_rows; i++) {
		double v = frame_value(f, col, i);
		if (!isnan(v) && scan_add(s, v, 1) != 0)
			return -1;
	}
	return 0;
}

/* The codes apart from the answers: code-like values that steps of 1 through values present do
 * not join to the answers' range. 1 when there are 1..SUSPECT_CODES_MAX of them. */
static int apart(const struct scan *s, struct suspect_codes *out)
{
	double lo = s->lo, hi = s->hi;
	int joined[CANDIDATES_MAX] = {0}, grew = 1;

	if (!(lo < hi))
		return 0; /* fewer than two distinct answers */
	while (grew) {
		grew = 0;
		for (size_t k = 0; k < s->n_cand; k++)
			if (!joined[k] && s->cand[k] >= lo - 1 && s->cand[k] <= hi + 1) {
				joined[k] = grew = 1;
				lo = fmin(lo, s->cand[k]);
				hi = fmax(hi, s->cand[k]);
			}
	}
	out->n = 0;
	for (size_t k = 0; k < s->n_cand; k++) {
		if (joined[k])
			continue;
		if (out->n == SUSPECT_CODES_MAX)
			return 0;
		out->code[out->n] = s->cand[k];
		out->cells[out->n++] = s->cells[k];
	}
	/* ascending, for the message and for comparing columns */
	for (size_t a = 1; a < out->n; a++)
		for (size_t b = a; b > 0 && out->code[b - 1] > out->code[b]; b--) {
			double c = out->code[b];
			size_t n = out->cells[b];
			out->code[b] = out->code[b - 1], out->cells[b] = out->cells[b - 1];
			out->code[b - 1] = c, out->cells[b - 1] = n;
		}
	out->lo = lo;
	out->hi = hi;
	return out->n > 0;
}

static int same_codes(const struct suspect_codes *a, const struct suspect_codes *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t k = 0; k < a->n; k++)
		if (a->code[k] != b->code[k])
			return 0;
	return 1;
}

/* Orders columns by their codes (fewer first, then by value), then by position. */
static int compare_codes(const void *a, const void *b)
{
	const struct suspect_codes *x = *(const struct suspect_codes *const *)a, *y = *(const struct suspect_codes *const *)b;

	if (x->n != y->n)
		return x->n < y->n ? -1 : 1;
	for (size_t k = 0; k < x->n; k++)
		if (x->code[k] != y->code[k])
			return x->code[k] < y->code[k] ? -1 : 1;
	return (x->col > y->col) - (x->col < y->col);
}

/* One warning for the columns run[0..n) that hold the same codes, naming the first few. */
static int warn(struct dataset *ds, struct suspect_codes *const *run, size_t n)
{
	const struct suspect_codes *first = run[0];
	struct strbuf codes = STRBUF_INIT, list = STRBUF_INIT, cols = STRBUF_INIT;
	int status;

	for (size_t k = 0; k < first->n; k++) {
		strbuf_addf(&codes, "%s%.15g", k == 0 ? "" : k + 1 == first->n ? " and " : ", ", first->code[k]);
		strbuf_addf(&list, "%s%.15g", k ? "," : "", first->code[k]);
	}
	for (size_t i = 0; i < n && i < COLUMNS_LISTED; i++) {
		size_t cells = 0;
		for (size_t k = 0; k < run[i]->n; k++)
			cells += run[i]->cells[k];
		strbuf_addf(&cols, "%s'%s' (%zu cell%s; other values %.15g..%.15g)", i ? ", " : "",
			    ds->frame.cols[run[i]->col].name, cells, cells == 1 ? "" : "s", run[i]->lo, run[i]->hi);
	}
	if (n > COLUMNS_LISTED)
		strbuf_addf(&cols, " and %zu more column%s", n - COLUMNS_LISTED, n - COLUMNS_LISTED == 1 ? "" : "s");
	status = strbuf_ok(&codes) && strbuf_ok(&list) && strbuf_ok(&cols)
			 ? dataset_add_warning(ds, "no codebook: %s look%s like %smissing-value code%s in %s, yet %s used as %s: give --missing %s (or a codebook) if %s missing",
					       strbuf_str(&codes), first->n == 1 ? "s" : "", first->n == 1 ? "a " : "",
					       first->n == 1 ? "" : "s", strbuf_str(&cols), first->n == 1 ? "it is" : "they are",
					       first->n == 1 ? "an answer" : "answers", strbuf_str(&list),
					       first->n == 1 ? "it means" : "they mean")
			 : -1;
	strbuf_release(&codes);
	strbuf_release(&list);
	strbuf_release(&cols);
	return status;
}

int infer_missing_codes(struct dataset *ds, struct sk_error *err)
{
	const struct frame *f = &ds->frame;

	for (size_t col = 0; col < f->n_cols; col++) {
		struct suspect_codes found = {.col = col};
		struct scan s;
		struct suspect_codes *grown;
		if (f->cols[col].kind != COLUMN_NUMERIC || f->cols[col].meta.role != ROLE_UNSET ||
		    scan_column(f, col, &s) != 0 || !apart(&s, &found))
			continue;
		if (!(grown = grow_for(ds->suspects, ds->n_suspects, sizeof *grown)))
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
		ds->suspects = grown;
		grown[ds->n_suspects++] = found;
	}
	/* one warning per set of codes: the columns sorted by their codes, each run warned once */
	if (ds->n_suspects) {
		struct suspect_codes **by_codes = malloc(ds->n_suspects * sizeof *by_codes);
		if (!by_codes)
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
		for (size_t i = 0; i < ds->n_suspects; i++)
			by_codes[i] = &ds->suspects[i];
		qsort(by_codes, ds->n_suspects, sizeof *by_codes, compare_codes);
		for (size_t i = 0, j; i < ds->n_suspects; i = j) {
			for (j = i + 1; j < ds->n_suspects && same_codes(by_codes[j], by_codes[i]); j++)
				;
			if (warn(ds, by_codes + i, j - i) != 0) {
				free(by_codes);
				return sk_fail(err, SK_EXIT_INPUT, "out of memory");
			}
		}
		free(by_codes);
	}
	return 0;
}
