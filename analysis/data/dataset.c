#include "analysis/data/dataset.h"

#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/data/bigbuf.h"
#include "analysis/data/computed.h"
#include "analysis/data/infer.h"
#include "analysis/data/tidy.h"
#include "io/doc.h"
#include "io/input.h"
#include "io/strbuf.h"
#include "io/suggest.h"
#include "io/value_codes.h"
#include "models/descriptives.h"

#define MAX_GROUP_LEVELS 100

/* What dataset_variable and dataset_grouping computed, kept for the next analysis of the wave.
 * An entry is claimed under `lock` by the first thread that needs it (BUSY), computed outside
 * the lock, and published (READY); a thread that needs a BUSY entry waits for it, so each is
 * computed once while different entries are computed side by side. */
enum { ENTRY_EMPTY, ENTRY_BUSY, ENTRY_READY };

struct dataset_cache {
	pthread_mutex_t lock;
	pthread_cond_t settled;     /* an entry left BUSY */
	double **scores;            /* n_scales: scale scores */
	double **columns;           /* n_cols: one-byte numeric columns as doubles */
	struct grouping *groupings; /* n_cols: a column's levels and codes */
	char *score_state, *column_state, *grouping_state;
};

static struct dataset_cache *cache_alloc(size_t n_scales, size_t n_cols)
{
	struct dataset_cache *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->scores = calloc(n_scales ? n_scales : 1, sizeof *c->scores);
	c->columns = calloc(n_cols ? n_cols : 1, sizeof *c->columns);
	c->groupings = calloc(n_cols ? n_cols : 1, sizeof *c->groupings);
	c->score_state = calloc(n_scales ? n_scales : 1, 1);
	c->column_state = calloc(n_cols ? n_cols : 1, 1);
	c->grouping_state = calloc(n_cols ? n_cols : 1, 1);
	if (!c->scores || !c->columns || !c->groupings || !c->score_state || !c->column_state || !c->grouping_state ||
	    pthread_mutex_init(&c->lock, NULL) != 0)
		goto fail;
	if (pthread_cond_init(&c->settled, NULL) == 0)
		return c;
	pthread_mutex_destroy(&c->lock);
fail:
	free(c->scores);
	free(c->columns);
	free(c->groupings);
	free(c->score_state);
	free(c->column_state);
	free(c->grouping_state);
	free(c);
	return NULL;
}

static void cache_free(struct dataset_cache *c, size_t n_scales, size_t n_cols)
{
	if (!c)
		return;
	for (size_t i = 0; i < n_scales; i++)
		bigbuf_free(c->scores[i]);
	for (size_t j = 0; j < n_cols; j++) {
		bigbuf_free(c->columns[j]);
		if (c->grouping_state[j] == ENTRY_READY)
			grouping_release(&c->groupings[j]);
	}
	free(c->scores);
	free(c->columns);
	free(c->groupings);
	free(c->score_state);
	free(c->column_state);
	free(c->grouping_state);
	pthread_cond_destroy(&c->settled);
	pthread_mutex_destroy(&c->lock);
	free(c);
}

/* With the lock held: waits while the entry is being computed; 1 when the caller is to compute
 * it (it is then BUSY), 0 when it is READY. */
static int cache_claim(struct dataset_cache *c, char *state)
{
	while (*state == ENTRY_BUSY)
		pthread_cond_wait(&c->settled, &c->lock);
	if (*state == ENTRY_READY)
		return 0;
	*state = ENTRY_BUSY;
	return 1;
}

/* With the lock held: publishes a claimed entry (or gives it up when it could not be computed). */
static void cache_settle(struct dataset_cache *c, char *state, int ok)
{
	*state = ok ? ENTRY_READY : ENTRY_EMPTY;
	pthread_cond_broadcast(&c->settled);
}

static int out_of_memory(struct sk_error *err)
{
	return sk_fail(err, SK_EXIT_INPUT, "out of memory");
}

struct scale_entry {
	const char *scale;
	size_t index; /* codebook entry, or scale */
};

static int compare_scale_entry(const void *a, const void *b)
{
	const struct scale_entry *x = a, *y = b;
	int c = strcmp(x->scale, y->scale);

	return c ? c : (x->index > y->index) - (x->index < y->index);
}

/* Scales in the order their first item appears in the codebook, items in codebook order. The
 * entries are sorted by (scale, position) so each scale's items lie side by side: a codebook of
 * 100,000 items is grouped in O(n log n), not by rescanning it for every scale. */
static int scales_from_codebook(struct dataset *ds, struct sk_error *err)
{
	const struct codebook *cb = &ds->codebook;
	size_t n = cb->n ? cb->n : 1, k = 0;
	struct scale_entry *v = malloc(n * sizeof *v);
	size_t *run_at = malloc(n * sizeof *run_at), *items = malloc(n * sizeof *items);
	int status = 0;

	if (!v || !run_at || !items) {
		status = out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < cb->n; i++) {
		run_at[i] = SIZE_MAX;
		if (cb->vars[i].scale)
			v[k++] = (struct scale_entry){cb->vars[i].scale, i};
	}
	qsort(v, k, sizeof *v, compare_scale_entry);
	for (size_t p = 0; p < k; p++)
		if (p == 0 || strcmp(v[p].scale, v[p - 1].scale) != 0)
			run_at[v[p].index] = p; /* the scale's first entry in the codebook */
	for (size_t i = 0; i < cb->n && status == 0; i++) {
		const char *name = cb->vars[i].scale;
		size_t m = 0;
		if (run_at[i] == SIZE_MAX)
			continue;
		if (frame_find(&ds->frame, name) != SIZE_MAX) {
			status = sk_fail(err, SK_EXIT_INPUT, "codebook '%s' line %zu: scale '%s' has the name of a data column",
					 cb->path, cb->vars[i].line, name);
			break;
		}
		for (size_t p = run_at[i]; p < k && strcmp(v[p].scale, name) == 0; p++)
			items[m++] = frame_find(&ds->frame, cb->vars[v[p].index].column);
		if (dataset_add_scale(ds, name, items, m) != 0)
			status = out_of_memory(err);
	}
done:
	free(v);
	free(run_at);
	free(items);
	return status;
}

/* Sorts the scale names for dataset_find_scale: commands look scales up by name once per scale,
 * which would be quadratic in a codebook of 50,000 scales. */
static int index_scales(struct dataset *ds)
{
	size_t n = ds->n_scales ? ds->n_scales : 1;
	struct scale_entry *v = malloc(n * sizeof *v);

	ds->scales_by_name = malloc(n * sizeof *ds->scales_by_name);
	if (!v || !ds->scales_by_name) {
		free(v);
		return -1;
	}
	for (size_t i = 0; i < ds->n_scales; i++)
		v[i] = (struct scale_entry){ds->scales[i].name, i};
	qsort(v, ds->n_scales, sizeof *v, compare_scale_entry);
	for (size_t i = 0; i < ds->n_scales; i++)
		ds->scales_by_name[i] = v[i].index;
	free(v);
	return 0;
}

/* Without a codebook, scales a labelled file states (the "surveykit:" document lines of a .sav
 * that surveykit wrote, io/sav_writer.h), in the order of their first item. */
static int scales_from_file(struct dataset *ds, struct sk_error *err)
{
	const struct frame *f = &ds->frame;
	size_t *items = malloc((f->n_cols ? f->n_cols : 1) * sizeof *items);

	if (!items)
		return out_of_memory(err);
	for (size_t j = 0; j < f->n_cols; j++) {
		const char *name = f->cols[j].meta.scale;
		size_t k = 0;
		if (!name || f->cols[j].meta.role != ROLE_ITEM || dataset_find_scale(ds, name))
			continue;
		for (size_t i = j; i < f->n_cols; i++)
			if (f->cols[i].meta.role == ROLE_ITEM && f->cols[i].meta.scale &&
			    strcmp(f->cols[i].meta.scale, name) == 0)
				items[k++] = i;
		if (k < 2 || frame_find(f, name) != SIZE_MAX) {
			free(items);
			return sk_fail(err, SK_EXIT_INPUT, "'%s': scale '%s' stated in the file %s", f->path, name,
				       k < 2 ? "has only one item" : "has the name of a data column");
		}
		if (dataset_add_scale(ds, name, items, k) != 0 ||
		    dataset_add_note(ds, "scale '%s' as stated in '%s' (%zu items)", name, f->path, k) != 0) {
			free(items);
			return out_of_memory(err);
		}
	}
	free(items);
	return 0;
}

static const char *frame_column_name(void *ctx, size_t j)
{
	return ((const struct frame *)ctx)->cols[j].name;
}

/* --reference VAR=LEVEL: VAR must be a column (exit 3 with the closest names); LEVEL is checked
 * when VAR's levels are made (dataset_grouping). */
static int copy_references(struct dataset *ds, const struct cli *cli, struct sk_error *err)
{
	if (!cli->n_references)
		return 0;
	if (!(ds->references = calloc(cli->n_references, sizeof *ds->references)))
		return out_of_memory(err);
	for (size_t i = 0; i < cli->n_references; i++) {
		const char *eq = strchr(cli->references[i], '=');
		size_t close[SUGGEST_MAX], k;
		struct strbuf names = STRBUF_INIT;
		int status;
		if (!(ds->references[i] = strdup(cli->references[i])))
			return out_of_memory(err);
		ds->n_references++;
		ds->references[i][eq - cli->references[i]] = '\0';
		if (frame_find(&ds->frame, ds->references[i]) != SIZE_MAX) {
			ds->references[i][eq - cli->references[i]] = '=';
			continue;
		}
		k = suggest_names(ds->references[i], ds->frame.n_cols, frame_column_name, &ds->frame, close);
		for (size_t j = 0; j < k; j++)
			strbuf_addf(&names, "%s'%s'", j ? ", " : "", ds->frame.cols[close[j]].name);
		status = sk_fail(err, SK_EXIT_INPUT, "--reference: no column named '%s' in '%s'%s%s%s", ds->references[i],
				 ds->frame.path, k ? " (closest: " : "", k && strbuf_ok(&names) ? strbuf_str(&names) : "",
				 k ? ")" : "");
		strbuf_release(&names);
		return status;
	}
	return 0;
}

/* --filter: the exclusion steps over the rows read; the frame keeps the rows that pass. */
static int apply_filters(struct dataset *ds, const struct cli *cli, struct sk_error *err)
{
	int status;

	if (!(ds->exclusions = calloc(1, sizeof *ds->exclusions)))
		return out_of_memory(err);
	status = exclusions_run(&ds->frame, cli->filters, cli->n_filters, ds->exclusions, err);
	if (status != 0) {
		free(ds->exclusions);
		ds->exclusions = NULL;
		return status;
	}
	return exclusions_keep(&ds->frame, ds->exclusions) == 0 ? 0 : out_of_memory(err);
}

int dataset_load(struct dataset *ds, const char *path, const struct cli *cli, struct sk_error *err)
{
	struct csv_read_options o;
	int status;

	memset(ds, 0, sizeof *ds);
	ds->min_items = cli->min_items;
	if (cli->codebook && (status = codebook_read(cli->codebook, &ds->codebook, err)) != 0)
		return status;
	csv_read_options_init(&o);
	o.delimiter = cli->delimiter;
	o.codebook = cli->codebook ? &ds->codebook : NULL;
	o.missing = cli->missing;
	o.n_missing = cli->n_missing;
	o.max_field = cli->max_field;
	o.max_columns = cli->max_columns;
	o.max_rows = cli->max_rows;
	o.mixed_numeric = 1; /* stray text in a numeric column is missing, with a note (analysis/data/tidy.h) */
	o.threads = cli_get(cli, "threads") ? strtoul(cli_get(cli, "threads"), NULL, 10) : 0; /* --threads: parts read side by side */
	status = input_read_frame(path, &o, &ds->frame, err);
	if (status != 0) {
		codebook_free(&ds->codebook);
		return status;
	}
	status = tidy_trim_text(ds, err);
	if (status == 0)
		status = tidy_note_stray_text(ds, err);
	if (status == 0 && cli->codebook) {
		status = computed_add(ds, err);
		if (status == 0)
			status = scales_from_codebook(ds, err);
		if (status == 0)
			status = infer_note_unlisted_items(ds, err);
	} else if (status == 0) {
		ds->inferred = 1;
		status = infer_missing_codes(ds, err);
		if (status == 0)
			status = scales_from_file(ds, err);
		if (status == 0)
			status = infer_codebook(ds, err);
	}
	if (status == 0 && cli->n_filters)
		status = apply_filters(ds, cli, err);
	if (status == 0)
		status = copy_references(ds, cli, err);
	if (status == 0 && index_scales(ds) != 0)
		status = out_of_memory(err);
	if (status == 0 && !(ds->cache = cache_alloc(ds->n_scales, ds->frame.n_cols)))
		status = out_of_memory(err);
	if (status == 0 && ds->frame.skipped_headers &&
	    dataset_add_note(ds, "'%s' is a Qualtrics export: its %d extra header rows were skipped", path,
			     ds->frame.skipped_headers) != 0)
		status = out_of_memory(err);
	if (status != 0)
		dataset_free(ds);
	return status;
}

void dataset_free(struct dataset *ds)
{
	cache_free(ds->cache, ds->n_scales, ds->frame.n_cols);
	for (size_t i = 0; i < ds->n_scales; i++) {
		free(ds->scales[i].name);
		free(ds->scales[i].items);
		free(ds->scales[i].label);
	}
	free(ds->scales);
	free(ds->scales_by_name);
	for (size_t i = 0; i < ds->n_notes; i++)
		free(ds->notes[i]);
	free(ds->notes);
	for (size_t i = 0; i < ds->n_warnings; i++)
		free(ds->warnings[i]);
	free(ds->warnings);
	free(ds->suspects);
	if (ds->exclusions)
		exclusions_free(ds->exclusions);
	free(ds->exclusions);
	for (size_t i = 0; i < ds->n_references; i++)
		free(ds->references[i]);
	free(ds->references);
	frame_free(&ds->frame);
	codebook_free(&ds->codebook);
	memset(ds, 0, sizeof *ds);
}

const struct scale *dataset_find_scale(const struct dataset *ds, const char *name)
{
	size_t lo = 0, hi = ds->n_scales;

	if (!ds->scales_by_name) {
		for (size_t i = 0; i < ds->n_scales; i++)
			if (strcmp(ds->scales[i].name, name) == 0)
				return &ds->scales[i];
		return NULL;
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ds->scales[ds->scales_by_name[mid]].name, name) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ds->n_scales && strcmp(ds->scales[ds->scales_by_name[lo]].name, name) == 0
		       ? &ds->scales[ds->scales_by_name[lo]]
		       : NULL;
}

double dataset_item_value(const struct dataset *ds, const struct scale *s, size_t j, size_t row)
{
	const struct column *c = &ds->frame.cols[s->items[j]];
	double v = frame_value(&ds->frame, s->items[j], row);

	return c->meta.reverse ? c->meta.min + c->meta.max - v : v;
}

const int8_t *dataset_item_table(const struct dataset *ds, const struct scale *s, size_t j, double value[256])
{
	const struct column *c = &ds->frame.cols[s->items[j]];

	if (!c->small)
		return NULL;
	for (int b = -128; b < 128; b++) {
		double v = b; /* frame_value of a one-byte cell */
		value[(uint8_t)b] = b == INT8_MIN ? NAN : c->meta.reverse ? c->meta.min + c->meta.max - v : v;
	}
	return c->small;
}

void dataset_column_moments(const struct dataset *ds, size_t col, double *work, struct moments *m)
{
	const struct frame *f = &ds->frame;
	const int8_t *small = f->cols[col].small;

	if (small) {
		size_t counts[256] = {0};
		double values[256];
		for (size_t i = 0; i < f->n_rows; i++)
			counts[(uint8_t)small[i]]++;
		counts[(uint8_t)INT8_MIN] = 0; /* the missing marker */
		for (int v = 0; v < 256; v++)
			values[v] = (double)(int8_t)v;
		moments_from_counts(values, counts, 256, m);
		return;
	}
	for (size_t i = 0; i < f->n_rows; i++)
		work[i] = frame_value(f, col, i);
	moments_compute(work, 1, f->n_rows, m);
}

/* The mean of row i's m answered items as the sum of x / m, for a row whose sum overflowed (items
 * near 1e308): each term, and so every partial sum, stays within the largest |x|. */
static double scaled_mean(const struct dataset *ds, const struct scale *s, size_t i, uint32_t m)
{
	double mean = 0;

	for (size_t j = 0; j < s->k; j++) {
		double v = dataset_item_value(ds, s, j, i);
		if (!isnan(v))
			mean += v / m;
	}
	return mean;
}

#define WHOLE_OFFSET_MAX 1000
#define WHOLE_ITEMS_CARRIED 29          /* 29 x (127 + 1000) < 32767 */
#define WHOLE_ITEMS_MAX ((size_t)1 << 20) /* 2^20 x 1127 < 2^31 */

/* A one-byte item whose answers, reverse-coded or not, are whole numbers: the value of code b
 * (INT8_MIN: missing) is offset + sign b, as dataset_item_table gives it (min + max - b for a
 * reversed item, exact for a whole min + max). 0 for any other item. */
static int whole_byte_item(const struct dataset *ds, const struct scale *s, size_t j, int *sign, int *offset)
{
	const struct column *c = &ds->frame.cols[s->items[j]];
	double k = c->meta.min + c->meta.max;

	if (!c->small)
		return 0;
	*sign = c->meta.reverse ? -1 : 1;
	*offset = 0;
	if (!c->meta.reverse)
		return 1;
	if (!(fabs(k) <= WHOLE_OFFSET_MAX) || k != floor(k))
		return 0;
	*offset = (int)k;
	return 1;
}

static inline void add_whole_byte(int8_t b, int16_t sign, int16_t offset, int16_t *sum, uint8_t *count)
{
	int ok = b != INT8_MIN;

	*sum = (int16_t)(*sum + (ok ? offset + sign * b : 0));
	*count = (uint8_t)(*count + ok);
}

/* The sums and counts of rows from .. from + n of a scale of whole one-byte items (whole_byte_item),
 * in integers: a partial sum of whole numbers below 2^53 is exact in a double too, so these are
 * the very sums the doubles give, in any order. Sixteen rows at a time (one vector step); 16-bit
 * partial sums are carried into 32 bits every WHOLE_ITEMS_CARRIED items, before they can overflow
 * (|value| <= 127 + WHOLE_OFFSET_MAX). */
static void sum_whole_bytes(const struct dataset *ds, const struct scale *s, size_t from, size_t n, int32_t *sum,
			    uint32_t *answered)
{
	int16_t part[DATASET_SCORE_ROWS];
	uint8_t count[DATASET_SCORE_ROWS];
	size_t carried = 0;

	memset(part, 0, n * sizeof *part);
	memset(count, 0, n);
	for (size_t j = 0; j < s->k; j++) {
		const int8_t *restrict b = ds->frame.cols[s->items[j]].small + from;
		int16_t *restrict p = part;
		uint8_t *restrict c = count;
		int sign, offset;
		size_t i = 0;
		whole_byte_item(ds, s, j, &sign, &offset);
		for (; i + 16 <= n; i += 16)
			for (size_t r = i; r < i + 16; r++)
				add_whole_byte(b[r], (int16_t)sign, (int16_t)offset, &p[r], &c[r]);
		for (; i < n; i++)
			add_whole_byte(b[i], (int16_t)sign, (int16_t)offset, &p[i], &c[i]);
		if (++carried < WHOLE_ITEMS_CARRIED && j + 1 < s->k)
			continue;
		for (i = 0; i < n; i++) {
			sum[i] += part[i];
			answered[i] += count[i];
		}
		if (j + 1 < s->k) {
			memset(part, 0, n * sizeof *part);
			memset(count, 0, n);
			carried = 0;
		}
	}
}

/* Scale score: the mean of the (reverse-coded) items; missing unless at least `need` answered.
 * Accumulated item by item (column order) over a chunk of rows, so each item column is read
 * straight through and the running sums and counts stay in cache. */
void dataset_score_rows(const struct dataset *ds, const struct scale *s, size_t from, size_t n, double *out)
{
	size_t need = ds->min_items && ds->min_items < s->k ? ds->min_items : s->k;
	/* 32-bit counts: a scale can have more than 65,535 items (a 100,000-column file) */
	uint32_t answered[DATASET_SCORE_ROWS];

	size_t whole = 0;
	int sign, offset;

	while (whole < s->k && whole_byte_item(ds, s, whole, &sign, &offset))
		whole++;
	if (whole == s->k && s->k && s->k <= WHOLE_ITEMS_MAX) {
		int32_t sum[DATASET_SCORE_ROWS];
		memset(sum, 0, n * sizeof *sum);
		memset(answered, 0, n * sizeof *answered);
		sum_whole_bytes(ds, s, from, n, sum, answered);
		for (size_t i = 0; i < n; i++)
			out[i] = answered[i] >= need ? (double)sum[i] / answered[i] : NAN;
		return;
	}
	for (size_t i = 0; i < n; i++)
		out[i] = 0, answered[i] = 0;
	for (size_t j = 0; j < s->k; j++) {
		double value[256];
		uint32_t ok[256];
		const int8_t *small = dataset_item_table(ds, s, j, value);
		if (small) {
			/* adding 0 for a missing answer leaves the sum as it is */
			for (size_t b = 0; b < 256; b++) {
				ok[b] = !isnan(value[b]);
				value[b] = ok[b] ? value[b] : 0.0;
			}
			small += from;
			for (size_t i = 0; i < n; i++) {
				out[i] += value[(uint8_t)small[i]];
				answered[i] += ok[(uint8_t)small[i]];
			}
			continue;
		}
		for (size_t i = 0; i < n; i++) {
			double v = dataset_item_value(ds, s, j, from + i);
			if (!isnan(v)) {
				out[i] += v;
				answered[i]++;
			}
		}
	}
	for (size_t i = 0; i < n; i++) {
		out[i] = answered[i] >= need ? out[i] / answered[i] : NAN;
		if (answered[i] >= need && !isfinite(out[i]))
			out[i] = scaled_mean(ds, s, from + i, answered[i]);
	}
}

static void score_scale(const struct dataset *ds, const struct scale *s, double *out)
{
	for (size_t from = 0; from < ds->frame.n_rows; from += DATASET_SCORE_ROWS) {
		size_t n = ds->frame.n_rows - from;
		dataset_score_rows(ds, s, from, n < DATASET_SCORE_ROWS ? n : DATASET_SCORE_ROWS, out + from);
	}
}

/* Exit 1 for a variable whose every value is missing, naming the item behind it for a scale. */
static int all_missing(const struct dataset *ds, const char *name, const struct scale *s, struct sk_error *err)
{
	if (!s)
		return sk_fail(err, SK_EXIT_ANALYSIS, "every value of '%s' in '%s' is missing", name, ds->frame.path);
	for (size_t j = 0; j < s->k; j++) {
		const struct column *c = &ds->frame.cols[s->items[j]];
		if (c->n_missing == ds->frame.n_rows)
			return sk_fail(err, SK_EXIT_ANALYSIS, "every value of item '%s' of scale '%s' is missing", c->name,
				       name);
	}
	return sk_fail(err, SK_EXIT_ANALYSIS,
		       "scale '%s' has no respondent who answered %s of its %zu items (--min-items K accepts partial responses)",
		       name, ds->min_items ? "enough" : "all", s->k);
}

static int check_not_all_missing(const struct dataset *ds, const struct variable *v, struct sk_error *err)
{
	for (size_t i = 0; i < v->n; i++)
		if (!isnan(v->v[i]))
			return 0;
	return all_missing(ds, v->name, v->scale, err);
}

int dataset_check_scale(const struct dataset *ds, const struct scale *s, struct sk_error *err)
{
	double out[DATASET_SCORE_ROWS];

	for (size_t from = 0; from < ds->frame.n_rows; from += DATASET_SCORE_ROWS) {
		size_t n = ds->frame.n_rows - from < DATASET_SCORE_ROWS ? ds->frame.n_rows - from : DATASET_SCORE_ROWS;
		dataset_score_rows(ds, s, from, n, out);
		for (size_t i = 0; i < n; i++)
			if (!isnan(out[i]))
				return 0;
	}
	return all_missing(ds, s->name, s, err);
}

/* The values of scale s (scored on first use) or of numeric column col, from the cache. */
static const double *cached_values(const struct dataset *ds, const struct scale *s, size_t col)
{
	struct dataset_cache *c = ds->cache;
	const struct frame *f = &ds->frame;
	size_t n = f->n_rows;
	double **slot, *v;
	char *state;

	if (!s && f->cols[col].wide)
		return f->cols[col].wide; /* stored as doubles already (NaN = missing) */
	slot = s ? &c->scores[s - ds->scales] : &c->columns[col];
	state = s ? &c->score_state[s - ds->scales] : &c->column_state[col];
	pthread_mutex_lock(&c->lock);
	if (!cache_claim(c, state)) {
		v = *slot;
		pthread_mutex_unlock(&c->lock);
		return v;
	}
	pthread_mutex_unlock(&c->lock);
	v = bigbuf_alloc((n ? n : 1) * sizeof *v);
	if (v && s) {
		score_scale(ds, s, v);
	} else if (v) {
		for (size_t i = 0; i < n; i++)
			v[i] = frame_value(f, col, i);
	}
	pthread_mutex_lock(&c->lock);
	*slot = v;
	cache_settle(c, state, v != NULL);
	pthread_mutex_unlock(&c->lock);
	return v;
}

int dataset_variable(const struct dataset *ds, const char *name, struct variable *out, struct sk_error *err)
{
	const struct frame *f = &ds->frame;
	const struct scale *s = dataset_find_scale(ds, name);
	size_t col = s ? SIZE_MAX : frame_find(f, name);

	memset(out, 0, sizeof *out);
	if (!s && col == SIZE_MAX)
		return sk_fail(err, SK_EXIT_INPUT, "no column or scale named '%s' in '%s'", name, f->path);
	if (!s && f->cols[col].kind == COLUMN_TEXT)
		return sk_fail(err, SK_EXIT_INPUT, "column '%s' in '%s' holds text, not numbers", name, f->path);
	out->name = strdup(name);
	out->v = out->name ? cached_values(ds, s, col) : NULL;
	if (!out->v) {
		variable_release(out);
		return out_of_memory(err);
	}
	out->n = f->n_rows;
	out->scale = s;
	out->meta = s ? NULL : &f->cols[col].meta;
	if (check_not_all_missing(ds, out, err) != 0) {
		variable_release(out);
		return err->code;
	}
	return 0;
}

int dataset_check_magnitude(const double *v, size_t n, size_t stride, const char *what, struct sk_error *err)
{
	double big = 0;

	for (size_t i = 0; i < n; i++)
		if (fabs(v[i * stride]) > big) /* NaN (missing) never is */
			big = fabs(v[i * stride]);
	if (big > DATASET_MAX_MAGNITUDE)
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "%s has values up to %.3g: sums of their squares exceed the double range (at most %g "
			       "here); divide it by a power of ten",
			       what, big, DATASET_MAX_MAGNITUDE);
	if (big > 0 && big < DATASET_MIN_MAGNITUDE)
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "%s has no value larger than %.3g: their squares fall below the double range (at least "
			       "%g here); multiply it by a power of ten",
			       what, big, DATASET_MIN_MAGNITUDE);
	return 0;
}

int dataset_check_variable(const struct variable *v, struct sk_error *err)
{
	struct strbuf what = STRBUF_INIT;
	int status;

	strbuf_addf(&what, "'%s'", v->name);
	status = dataset_check_magnitude(v->v, v->n, 1, strbuf_ok(&what) ? strbuf_str(&what) : v->name, err);
	strbuf_release(&what);
	return status;
}

void variable_release(struct variable *v)
{
	free(v->name);
	memset(v, 0, sizeof *v);
}

void grouping_release(struct grouping *g)
{
	for (size_t l = 0; l < g->n_levels; l++) {
		free(g->levels[l]);
		free(g->labels[l]);
	}
	free(g->name);
	free(g->values);
	free(g->levels);
	free(g->labels);
	bigbuf_free(g->own_code);
	free(g->counts);
	memset(g, 0, sizeof *g);
}

/* The level order of column col's found levels: a numeric column's levels in the order
 * of its value labels (the codebook's `values`), then those without a label ascending; a text
 * column's in order of first appearance. */
static int level_order(const struct dataset *ds, size_t col, const double *found_v, size_t n_found, size_t *order,
		       struct sk_error *err)
{
	const struct column *c = &ds->frame.cols[col];
	size_t n = 0;
	char placed[MAX_GROUP_LEVELS] = {0};

	(void)err;
	if (c->kind == COLUMN_TEXT) {
		for (size_t l = 0; l < n_found; l++)
			order[l] = l;
		return 0;
	}
	for (size_t k = 0; k < c->meta.n_labels; k++)
		for (size_t l = 0; l < n_found; l++)
			if (!placed[l] && found_v[l] == c->meta.labels[k].value) {
				placed[l] = 1;
				order[n++] = l;
			}
	while (n < n_found) {
		size_t best = SIZE_MAX;
		for (size_t l = 0; l < n_found; l++)
			if (!placed[l] && (best == SIZE_MAX || found_v[l] < found_v[best]))
				best = l;
		placed[best] = 1;
		order[n++] = best;
	}
	return 0;
}

/* --reference VAR=LEVEL: moves LEVEL (as written, or its label, case and spaces ignored) to the
 * front; exit 3 listing the levels when there is none such. */
static int apply_reference(const struct dataset *ds, size_t col, struct grouping *g, struct sk_error *err)
{
	const char *name = ds->frame.cols[col].name, *want = NULL;
	size_t len = strlen(name), r = SIZE_MAX;
	struct strbuf levels = STRBUF_INIT;

	for (size_t i = 0; i < ds->n_references; i++)
		if (strncmp(ds->references[i], name, len) == 0 && ds->references[i][len] == '=')
			want = ds->references[i] + len + 1;
	if (!want)
		return 0;
	for (size_t l = 0; l < g->n_levels && r == SIZE_MAX; l++)
		if (strcmp(g->levels[l], want) == 0 ||
		    value_label_equal(g->labels[l], strlen(g->labels[l]), want, strlen(want)))
			r = l;
	if (r == SIZE_MAX) {
		int status;
		for (size_t l = 0; l < g->n_levels; l++)
			strbuf_addf(&levels, "%s'%s'", l ? ", " : "", g->labels[l]);
		status = sk_fail(err, SK_EXIT_INPUT, "--reference %s=%s: '%s' has no such level (its levels: %s)", name,
				 want, name, strbuf_ok(&levels) ? strbuf_str(&levels) : "");
		strbuf_release(&levels);
		return status;
	}
	if (r > 0) {
		double v = g->values[r];
		char *level = g->levels[r], *label = g->labels[r];
		int *code = g->own_code;
		memmove(g->values + 1, g->values, r * sizeof *g->values);
		memmove(g->levels + 1, g->levels, r * sizeof *g->levels);
		memmove(g->labels + 1, g->labels, r * sizeof *g->labels);
		g->values[0] = v, g->levels[0] = level, g->labels[0] = label;
		for (size_t i = 0; i < g->n; i++)
			if (code[i] >= 0)
				code[i] = code[i] == (int)r ? 0 : code[i] < (int)r ? code[i] + 1 : code[i];
	}
	return 0;
}

/* The grouping of column col: distinct values in first-seen order, then put in level order
 * (level_order, --reference); codes point into the ordered levels. */
static int make_grouping(const struct dataset *ds, size_t col, struct grouping *g, struct sk_error *err)
{
	const struct frame *f = &ds->frame;
	const char *name = f->cols[col].name;
	size_t n_found = 0;
	int text = f->cols[col].kind == COLUMN_TEXT, *code, seen[256];
	const int8_t *small = text ? NULL : f->cols[col].small;
	double found_v[MAX_GROUP_LEVELS];
	const char *found_t[MAX_GROUP_LEVELS];

	for (int b = 0; b < 256; b++)
		seen[b] = -1; /* one-byte columns: the level of each byte code met so far */
	memset(g, 0, sizeof *g);
	g->n = f->n_rows;
	g->name = strdup(name);
	g->code = g->own_code = code = bigbuf_alloc((f->n_rows ? f->n_rows : 1) * sizeof *code);
	if (!g->name || !code) {
		grouping_release(g);
		return out_of_memory(err);
	}
	for (size_t i = 0; i < f->n_rows; i++) {
		size_t l;
		double v;
		const char *t;
		if (small && seen[(uint8_t)small[i]] >= 0) {
			code[i] = seen[(uint8_t)small[i]];
			continue;
		}
		v = text ? 0 : frame_value(f, col, i);
		t = text ? frame_text(f, col, i) : NULL;
		if (text ? !t : isnan(v)) {
			code[i] = -1;
			continue;
		}
		for (l = 0; l < n_found && (text ? strcmp(found_t[l], t) != 0 : found_v[l] != v); l++)
			;
		if (l == n_found) {
			if (n_found == MAX_GROUP_LEVELS) {
				grouping_release(g);
				return sk_fail(err, SK_EXIT_ANALYSIS,
					       "'%s' has more than %d distinct values; a grouping variable needs fewer", name,
					       MAX_GROUP_LEVELS);
			}
			found_v[n_found] = v;
			found_t[n_found] = t;
			n_found++;
		}
		code[i] = (int)l;
		if (small)
			seen[(uint8_t)small[i]] = (int)l;
	}
	if (n_found == 0) {
		grouping_release(g);
		return sk_fail(err, SK_EXIT_ANALYSIS, "every value of '%s' in '%s' is missing", name, f->path);
	}
	/* order the levels and remap the codes */
	{
		size_t order[MAX_GROUP_LEVELS]; /* order[l]: the found level that becomes level l */
		int remap[MAX_GROUP_LEVELS];
		int status = level_order(ds, col, found_v, n_found, order, err);
		if (status != 0) {
			grouping_release(g);
			return status;
		}
		for (size_t l = 0; l < n_found; l++)
			remap[order[l]] = (int)l;
		for (size_t i = 0; i < f->n_rows; i++)
			if (code[i] >= 0)
				code[i] = remap[code[i]];
		g->n_levels = n_found;
		g->values = malloc(n_found * sizeof *g->values);
		g->levels = calloc(n_found, sizeof *g->levels);
		g->labels = calloc(n_found, sizeof *g->labels);
		g->counts = calloc(n_found, sizeof *g->counts);
		if (!g->values || !g->levels || !g->labels || !g->counts) {
			grouping_release(g);
			return out_of_memory(err);
		}
		for (size_t l = 0; l < n_found; l++) {
			char buf[32];
			const char *label = NULL, *t = found_t[order[l]];
			double v = found_v[order[l]];
			g->values[l] = text ? NAN : v;
			if (!text) {
				snprintf(buf, sizeof buf, "%.15g", v);
				label = var_meta_value_label(&f->cols[col].meta, v);
			}
			g->levels[l] = strdup(text ? t : buf);
			g->labels[l] = strdup(label ? label : text ? t : buf);
			if (!g->levels[l] || !g->labels[l]) {
				grouping_release(g);
				return out_of_memory(err);
			}
		}
		status = apply_reference(ds, col, g, err);
		if (status != 0) {
			grouping_release(g);
			return status;
		}
	}
	for (size_t i = 0; i < f->n_rows; i++)
		if (code[i] >= 0)
			g->counts[code[i]]++;
	return 0;
}

/* A copy of `src` that shares its codes. */
static int copy_grouping(const struct grouping *src, struct grouping *g)
{
	size_t L = src->n_levels;

	memset(g, 0, sizeof *g);
	g->name = strdup(src->name);
	g->values = malloc(L * sizeof *g->values);
	g->levels = calloc(L, sizeof *g->levels);
	g->labels = calloc(L, sizeof *g->labels);
	g->counts = malloc(L * sizeof *g->counts);
	if (!g->name || !g->values || !g->levels || !g->labels || !g->counts) {
		grouping_release(g);
		return -1;
	}
	g->n_levels = L;
	for (size_t l = 0; l < L; l++) {
		g->levels[l] = strdup(src->levels[l]);
		g->labels[l] = strdup(src->labels[l]);
		if (!g->levels[l] || !g->labels[l]) {
			grouping_release(g);
			return -1;
		}
	}
	memcpy(g->values, src->values, L * sizeof *g->values);
	memcpy(g->counts, src->counts, L * sizeof *g->counts);
	g->code = src->code;
	g->n = src->n;
	return 0;
}

int dataset_grouping(const struct dataset *ds, const char *name, struct grouping *g, struct sk_error *err)
{
	const struct frame *f = &ds->frame;
	struct dataset_cache *c = ds->cache;
	size_t col = frame_find(f, name);
	int status = 0;

	memset(g, 0, sizeof *g);
	if (col == SIZE_MAX && dataset_find_scale(ds, name))
		return sk_fail(err, SK_EXIT_INPUT, "'%s' is a scale; a grouping variable must be a column of '%s'", name,
			       f->path);
	if (col == SIZE_MAX)
		return sk_fail(err, SK_EXIT_INPUT, "no column named '%s' in '%s'", name, f->path);
	pthread_mutex_lock(&c->lock);
	if (cache_claim(c, &c->grouping_state[col])) {
		pthread_mutex_unlock(&c->lock);
		status = make_grouping(ds, col, &c->groupings[col], err);
		pthread_mutex_lock(&c->lock);
		cache_settle(c, &c->grouping_state[col], status == 0);
	}
	pthread_mutex_unlock(&c->lock);
	if (status != 0)
		return status;
	return copy_grouping(&c->groupings[col], g) == 0 ? 0 : out_of_memory(err);
}

json_t *dataset_doc(const struct dataset *ds, const char *command)
{
	json_t *doc = doc_new(command, ds->frame.path, ds->frame.n_rows, ds->frame.n_rows);

	if (ds->exclusions)
		exclusions_doc(ds->exclusions, doc);

	for (size_t i = 0; i < ds->n_warnings; i++)
		doc_warning(doc, "%s", ds->warnings[i]);
	for (size_t i = 0; i < ds->n_notes; i++)
		doc_note(doc, "%s", ds->notes[i]);
	return doc;
}

const struct suspect_codes *dataset_suspects(const struct dataset *ds, size_t col)
{
	size_t lo = 0, hi = ds->n_suspects;

	while (lo < hi) { /* ds->suspects are in column order */
		size_t mid = lo + (hi - lo) / 2;
		if (ds->suspects[mid].col < col)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ds->n_suspects && ds->suspects[lo].col == col ? &ds->suspects[lo] : NULL;
}
