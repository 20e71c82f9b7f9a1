/* Whole-column computations of the filter language (io/filter.h), done once when a filter is
 * bound: the values behind median, mean, sd and quantile, and the quality steps straightlining()
 * and duplicate_id(). Each reads its columns from the source in blocks of FILTER_BLOCK rows. */
#include "io/filter_program.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "io/numparse.h"

void filter_read_numbers(const struct filter_source *src, size_t col, int text, size_t first, size_t n,
			 double *out, const char **scratch)
{
	if (!text) {
		src->numbers(src->ctx, col, first, n, out);
		return;
	}
	src->texts(src->ctx, col, first, n, scratch);
	for (size_t i = 0; i < n; i++)
		if (!scratch[i] || num_parse(scratch[i], strlen(scratch[i]), 0, &out[i]) != NUM_OK)
			out[i] = NAN;
}

int filter_text_is_numbers(const struct filter_source *src, size_t col, const char **bad)
{
	const char *cells[FILTER_BLOCK];
	double v;

	for (size_t first = 0; first < src->n_rows; first += FILTER_BLOCK) {
		size_t n = src->n_rows - first < FILTER_BLOCK ? src->n_rows - first : FILTER_BLOCK;
		src->texts(src->ctx, col, first, n, cells);
		for (size_t i = 0; i < n; i++)
			if (cells[i] && num_parse(cells[i], strlen(cells[i]), 0, &v) != NUM_OK) {
				*bad = cells[i];
				return 0;
			}
	}
	return 1;
}

int filter_column_values(const struct filter_source *src, size_t col, int text, double **values, size_t *n)
{
	const char *scratch[FILTER_BLOCK];
	size_t k = 0;
	double *x = malloc((src->n_rows ? src->n_rows : 1) * sizeof *x);

	*values = NULL;
	*n = 0;
	if (!x)
		return -1;
	for (size_t first = 0; first < src->n_rows; first += FILTER_BLOCK) {
		size_t m = src->n_rows - first < FILTER_BLOCK ? src->n_rows - first : FILTER_BLOCK, base = k;
		/* read after what is kept so far, then move the present values down */
		filter_read_numbers(src, col, text, first, m, x + base, scratch);
		for (size_t i = 0; i < m; i++)
			if (!isnan(x[base + i]))
				x[k++] = x[base + i];
	}
	*values = x;
	*n = k;
	return 0;
}

/* R's type 7 (Hyndman & Fan 1996, definition 7), as quantile.default computes it: with the
 * 1-based index h = 1 + (n - 1)p and lo = floor(h), the order statistics x(lo) <= x(lo+1) give
 * (1 - (h - lo)) x(lo) + (h - lo) x(lo+1) (x(lo) alone when the two are equal). Order
 * statistics by selection (gsl_stats_select, linear time); x(lo+1) is then found by counting,
 * since how selection leaves the other values is not documented. */
double filter_quantile7(double *x, size_t n, double p)
{
	double h = 1 + (double)(n - 1) * p, frac, lo_v, hi_v = INFINITY;
	size_t lo = (size_t)floor(h), at_most = 0;

	frac = h - (double)lo;
	if (lo >= n)
		return gsl_stats_select(x, 1, n, n - 1);
	lo_v = gsl_stats_select(x, 1, n, lo - 1);
	if (frac == 0)
		return lo_v;
	for (size_t i = 0; i < n; i++) {
		at_most += x[i] <= lo_v;
		if (x[i] > lo_v && x[i] < hi_v)
			hi_v = x[i];
	}
	if (at_most > lo || hi_v == INFINITY)
		return lo_v;
	return (1 - frac) * lo_v + frac * hi_v;
}

int filter_straightlining(const struct filter_source *src, const size_t *items, size_t k, uint8_t *truth)
{
	size_t n = src->n_rows;
	uint32_t *answered = calloc(n ? n : 1, sizeof *answered);
	double *first = calloc(n ? n : 1, sizeof *first);
	uint8_t *varied = calloc(n ? n : 1, 1);
	double block[FILTER_BLOCK];

	if (!answered || !first || !varied) {
		free(answered);
		free(first);
		free(varied);
		return -1;
	}
	for (size_t j = 0; j < k; j++)
		for (size_t r0 = 0; r0 < n; r0 += FILTER_BLOCK) {
			size_t m = n - r0 < FILTER_BLOCK ? n - r0 : FILTER_BLOCK;
			src->numbers(src->ctx, items[j], r0, m, block);
			for (size_t i = 0; i < m; i++) {
				size_t r = r0 + i;
				if (isnan(block[i]))
					continue;
				varied[r] |= answered[r] && block[i] != first[r];
				if (!answered[r])
					first[r] = block[i];
				answered[r] += answered[r] < UINT32_MAX;
			}
		}
	for (size_t i = 0; i < n; i++)
		truth[i] = answered[i] >= 3 && (size_t)answered[i] * 2 >= k && !varied[i] ? TRUTH_T : TRUTH_F;
	free(answered);
	free(first);
	free(varied);
	return 0;
}

static uint64_t mix(uint64_t h)
{
	/* splitmix64's finaliser: spreads the bits of a double over the table */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static uint64_t hash_text(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
	return mix(h);
}

static uint64_t hash_number(double v)
{
	uint64_t bits;

	v = v == 0 ? 0 : v; /* -0 and 0 are one id */
	memcpy(&bits, &v, sizeof bits);
	return mix(bits);
}

/* Marks rows whose id was seen before, with an open-addressing table of row numbers + 1. */
static int mark_repeats(size_t n, const double *num, const char *const *txt, uint8_t *truth)
{
	size_t cap = 16, *table;

	while (cap < 2 * n)
		cap *= 2;
	if (!(table = calloc(cap, sizeof *table)))
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t at;
		truth[i] = TRUTH_F;
		if (txt ? !txt[i] : isnan(num[i]))
			continue;
		at = (size_t)(txt ? hash_text(txt[i]) : hash_number(num[i])) & (cap - 1);
		for (; table[at]; at = (at + 1) & (cap - 1)) {
			size_t r = table[at] - 1;
			if (txt ? strcmp(txt[r], txt[i]) == 0 : num[r] == num[i]) {
				truth[i] = TRUTH_T;
				break;
			}
		}
		if (!table[at])
			table[at] = i + 1;
	}
	free(table);
	return 0;
}

int filter_duplicate_id(const struct filter_source *src, uint8_t *truth)
{
	size_t n = src->n_rows, col = src->id_column, i = 1;
	int text = src->column_kind(src->ctx, col) == FILTER_COLUMN_TEXT;
	double *num = NULL;
	const char **txt = NULL;
	int rc;

	if (text ? !(txt = malloc((n ? n : 1) * sizeof *txt)) : !(num = malloc((n ? n : 1) * sizeof *num)))
		return -1;
	for (size_t r0 = 0; r0 < n; r0 += FILTER_BLOCK) {
		size_t m = n - r0 < FILTER_BLOCK ? n - r0 : FILTER_BLOCK;
		if (text)
			src->texts(src->ctx, col, r0, m, txt + r0);
		else
			src->numbers(src->ctx, col, r0, m, num + r0);
	}
	/* ids numbered in increasing order (the usual export) cannot repeat */
	while (!text && i < n && num[i] > num[i - 1])
		i++;
	if (!text && n && i == n && !isnan(num[0])) {
		memset(truth, TRUTH_F, n);
		rc = 0;
	} else {
		rc = mark_repeats(n, num, txt, truth);
	}
	free(num);
	free(txt);
	return rc;
}
