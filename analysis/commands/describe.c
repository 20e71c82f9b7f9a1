/* surveykit describe: what a wave holds. Rows read and used; each item's n, missing, out of
 * range, mean, SD, min, max; each scale's distribution (models/descriptives.h: SPSS definitions
 * of skewness and kurtosis), optionally per group; frequencies of the group columns; and data
 * quality flags: duplicate ids, straight-lining, respondents with many missing items. */
#include "analysis/commands/describe.h"

#include <math.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/dropped.h"
#include "analysis/data/parallel.h"
#include "io/doc.h"
#include "io/strbuf.h"
#include "models/descriptives.h"

const struct option_spec describe_options[] = {
	{"by", "VAR", "describe the scales at each level of a group column"},
	{"max-missing", "SHARE", "flag respondents missing more than this share of items (default 0.5)"},
	{0},
};

#define CASES_LISTED 10 /* respondents listed per quality flag */

/* Why statistics of a row are null. Every null gets a note; the note names the variables, one
 * note per reason, so a file of 100,000 one-row columns gives six notes, not 100,000. */
enum gap { GAP_EMPTY, GAP_ONE, GAP_TWO, GAP_THREE, GAP_CONSTANT, GAP_OVERFLOW, GAP_NONE };

static const char *const gap_reason[GAP_NONE] = {
	"no valid value, so no statistic is defined",
	"one valid value, so sd, skewness and kurtosis are not defined",
	"two valid values, so skewness and kurtosis are not defined",
	"three valid values, so kurtosis is not defined",
	"zero variance (every value the same), so skewness and kurtosis are not defined",
	"values so large that their sums overflow double precision, so those statistics are not defined",
};

#define GAP_NAMES_LISTED 5

struct gaps {
	size_t count[GAP_NONE];
	char names[GAP_NONE][400];
};

static enum gap gap_of(const struct moments *m, int shape)
{
	if (m->n == 0)
		return GAP_EMPTY;
	if (m->n == 1)
		return GAP_ONE;
	if (!isfinite(m->mean) || !isfinite(m->sd))
		return GAP_OVERFLOW;
	if (!shape)
		return GAP_NONE;
	if (m->sd == 0)
		return GAP_CONSTANT;
	if (m->n == 2)
		return GAP_TWO;
	if (m->n == 3)
		return GAP_THREE;
	if (!isfinite(m->skewness) || !isfinite(m->kurtosis))
		return GAP_OVERFLOW;
	return GAP_NONE;
}

static void gaps_add(struct gaps *g, const struct moments *m, int shape, const char *name, const char *level)
{
	enum gap k = gap_of(m, shape);
	char *list;
	size_t used;

	if (k == GAP_NONE || g->count[k]++ >= GAP_NAMES_LISTED)
		return;
	list = g->names[k];
	used = strlen(list);
	snprintf(list + used, sizeof g->names[k] - used, level ? "%s'%.60s' at '%.60s'" : "%s'%.60s'",
		 used ? ", " : "", name, level);
}

static void gaps_note(json_t *doc, const struct gaps *g)
{
	for (size_t k = 0; k < GAP_NONE; k++) {
		if (g->count[k] > GAP_NAMES_LISTED)
			doc_note(doc, "%s and %zu more: %s", g->names[k], g->count[k] - GAP_NAMES_LISTED, gap_reason[k]);
		else if (g->count[k])
			doc_note(doc, "%s: %s", g->names[k], gap_reason[k]);
	}
}

/* A statistic that is not defined is null; gaps_note says why, by reason (gap_of covers every
 * case in which these are not finite). */
static void put_moments(json_t *row, const struct moments *m)
{
	doc_size(row, "n", m->n);
	doc_num_noted(row, "mean", m->mean);
	doc_num_noted(row, "sd", m->sd);
	doc_num_noted(row, "min", m->min);
	doc_num_noted(row, "max", m->max);
}

static void put_shape(json_t *row, const struct moments *m, double median)
{
	doc_num_noted(row, "median", median);
	doc_num_noted(row, "skewness", m->skewness);
	doc_num_noted(row, "se_skewness", m->se_skewness);
	doc_num_noted(row, "kurtosis", m->kurtosis);
	doc_num_noted(row, "se_kurtosis", m->se_kurtosis);
}

/* describe_run's passes, each of which reads the wave and writes its own part of the result, so
 * they run side by side (analysis/data/parallel.h) and give the same result on any number of
 * threads: each column's moments, the group columns' frequencies, each scale's distribution, the
 * duplicate ids, and the response patterns of each block of rows. */
#define PATTERN_ROWS 16384 /* rows of a response-pattern block: its per-row state stays in cache */

struct describe_job {
	struct describe_result *res;
	size_t n_columns;       /* items then variables: res->items, res->vars */
	size_t n_items;         /* scale items, each read by the response patterns */
	atomic_int failed;      /* out of memory in a column task */
	int *scale_status;      /* per scale, with its error */
	struct sk_error *scale_err;
	const double **score;   /* per scale, its values (the dataset's cache) */
	int8_t *grouped;        /* per column: 1 when it is a group column read as a grouping (freq[col]) */
	struct grouping *freq;  /* per group column */
	struct describe_case *dups; /* the duplicate ids' cases, before the patterns' */
	size_t n_dups;
	int dup_status;
	int all_bytes;          /* every item stored in one byte per cell */
	uint32_t *answered;     /* per row: the items answered, */
	char *varied;           /* whether they differ, */
	double *first;          /* and, when they do not, the answer (zeroed: 0 when none) */
};

/* The moments of column task t: an item of a scale, or a numeric variable. */
static void column_task(struct describe_job *job, size_t t)
{
	struct describe_result *res = job->res;
	struct describe_column *c = t < res->n_items ? &res->items[t] : &res->vars[t - res->n_items];
	const struct column *col = &res->ds->frame.cols[c->col];
	double *work = NULL;

	if (!col->small && !(work = malloc((res->ds->frame.n_rows + 1) * sizeof *work))) {
		atomic_store(&job->failed, 1);
		return;
	}
	dataset_column_moments(res->ds, c->col, work, &c->m);
	free(work);
}

/* Each scale item's and each numeric variable's place in the result (their moments are tasks). */
static int list_columns(struct describe_result *res)
{
	const struct dataset *ds = res->ds;
	const struct frame *f = &ds->frame;
	size_t n_items = 0, n_vars = 0;

	for (size_t s = 0; s < ds->n_scales; s++)
		n_items += ds->scales[s].k;
	for (size_t col = 0; col < f->n_cols; col++) {
		const struct column *c = &f->cols[col];
		n_vars += c->kind == COLUMN_NUMERIC && (c->meta.role == ROLE_NUMERIC || c->meta.role == ROLE_UNSET);
	}
	res->items = malloc((n_items ? n_items : 1) * sizeof *res->items);
	res->vars = malloc((n_vars ? n_vars : 1) * sizeof *res->vars);
	if (!res->items || !res->vars)
		return -1;
	for (size_t s = 0; s < ds->n_scales; s++)
		for (size_t j = 0; j < ds->scales[s].k; j++) {
			struct describe_column *it = &res->items[res->n_items++];
			it->col = ds->scales[s].items[j];
			it->scale = s;
		}
	for (size_t col = 0; col < f->n_cols; col++) {
		const struct column *c = &f->cols[col];
		struct describe_column *v;
		if (c->kind != COLUMN_NUMERIC || (c->meta.role != ROLE_NUMERIC && c->meta.role != ROLE_UNSET))
			continue;
		v = &res->vars[res->n_vars++];
		v->col = col;
		v->scale = SIZE_MAX;
	}
	return 0;
}

/* The group columns that can be read as groupings (one that cannot is left out): each tried in
 * its task, kept in column order afterwards. */
static void frequency_task(struct describe_job *job)
{
	const struct dataset *ds = job->res->ds;

	for (size_t col = 0; col < ds->frame.n_cols; col++) {
		struct sk_error ignored;
		job->grouped[col] = ds->frame.cols[col].meta.role == ROLE_GROUP &&
				    dataset_grouping(ds, ds->frame.cols[col].name, &job->freq[col], &ignored) == 0;
	}
}

/* Scale s's distribution, overall and (--by) per group. */
static void scale_task(struct describe_job *job, size_t s)
{
	struct describe_result *res = job->res;
	const struct dataset *ds = res->ds;
	const struct grouping *by = res->has_by ? &res->by : NULL;
	size_t n = ds->frame.n_rows, levels = by ? by->n_levels : 0;
	struct sk_error *err = &job->scale_err[s];
	double *work = malloc((2 * n + 1) * sizeof *work);
	struct variable v;

	if (!work) {
		job->scale_status[s] = sk_out_of_memory(err);
		return;
	}
	if ((job->scale_status[s] = dataset_variable(ds, ds->scales[s].name, &v, err)) != 0) {
		free(work);
		return;
	}
	job->score[s] = v.v;
	moments_compute(v.v, 1, n, &res->scales[s].m);
	res->scales[s].median = median_of(v.v, n, work);
	for (size_t l = 0; l < levels; l++) {
		struct describe_scale *g = &res->groups[s * levels + l];
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (by->code[i] == (int)l)
				work[k++] = v.v[i];
		moments_compute(work, 1, k, &g->m);
		g->median = median_of(work, k, work + k);
	}
	variable_release(&v);
	free(work);
}

/* Each scale's distribution (its tasks done): the first scale that failed stops the command, as
 * when they ran one after another; else the rows with every scale score. */
static int scales_done(struct describe_job *job, struct sk_error *err)
{
	const struct dataset *ds = job->res->ds;
	size_t n = ds->frame.n_rows;
	char *complete;

	for (size_t s = 0; s < ds->n_scales; s++)
		if (job->scale_status[s] != 0) {
			*err = job->scale_err[s];
			return job->scale_status[s];
		}
	if (!(complete = malloc(n ? n : 1)))
		return sk_out_of_memory(err);
	memset(complete, 1, n);
	for (size_t s = 0; s < ds->n_scales; s++)
		for (size_t i = 0; i < n; i++)
			if (isnan(job->score[s][i]))
				complete[i] = 0;
	for (size_t i = 0; i < n; i++)
		job->res->used += complete[i];
	free(complete);
	return 0;
}

static int add_case(struct describe_case **cases, size_t *n, struct describe_case c)
{
	struct describe_case *v = realloc(*cases, (*n + 1) * sizeof *v);

	if (!v)
		return -1;
	*cases = v;
	v[(*n)++] = c;
	return 0;
}

/* One answer stored in one byte (INT8_MIN: missing) added to its row's state: u = code + 128
 * (0 when missing) keeps the order of the answers, so hi is the largest u answered and lo the
 * smallest u - 1 (a missing one, u - 1 = 255, changes neither); cnt counts the answers. */
static inline void pattern_byte(int8_t b, uint8_t *lo, uint8_t *hi, uint8_t *cnt)
{
	uint8_t u = (uint8_t)((uint8_t)b ^ 0x80u), w = (uint8_t)(u - 1u);

	*cnt = (uint8_t)(*cnt + (u != 0));
	*hi = u > *hi ? u : *hi;
	*lo = w < *lo ? w : *lo;
}

/* The rows from .. from + n when every item is stored in one byte per cell: answers are the same
 * everywhere exactly when the smallest equals the largest, which is then the answer (first). The
 * rows are taken sixteen at a time so that the compiler can do them in one vector step. */
static void pattern_bytes(struct describe_job *job, size_t from, size_t n)
{
	const struct dataset *ds = job->res->ds;
	uint8_t lo[PATTERN_ROWS], hi[PATTERN_ROWS], cnt[PATTERN_ROWS];
	size_t counted = 0; /* items in cnt, flushed into answered before it can overflow */

	memset(lo, 255, n);
	memset(hi, 0, n);
	memset(cnt, 0, n);
	for (size_t s = 0; s < ds->n_scales; s++)
		for (size_t j = 0; j < ds->scales[s].k; j++) {
			const int8_t *restrict small = ds->frame.cols[ds->scales[s].items[j]].small + from;
			uint8_t *restrict l = lo, *restrict h = hi, *restrict c = cnt;
			size_t i = 0;
			for (; i + 16 <= n; i += 16)
				for (size_t k = i; k < i + 16; k++)
					pattern_byte(small[k], &l[k], &h[k], &c[k]);
			for (; i < n; i++)
				pattern_byte(small[i], &l[i], &h[i], &c[i]);
			if (++counted == UINT8_MAX) {
				for (i = 0; i < n; i++)
					job->answered[from + i] += cnt[i];
				memset(cnt, 0, n);
				counted = 0;
			}
		}
	for (size_t i = 0; i < n; i++) {
		job->answered[from + i] += cnt[i];
		if (!job->answered[from + i])
			continue;
		job->varied[from + i] = (char)((uint8_t)(lo[i] + 1u) != hi[i]);
		job->first[from + i] = (double)(int8_t)(hi[i] ^ 0x80u);
	}
}

/* Respondents who answered every item the same way (as answered, before reverse-coding), or left
 * many items blank: the per-row state of the rows from .. from + n, item by item. */
static void pattern_task(struct describe_job *job, size_t from, size_t n)
{
	const struct dataset *ds = job->res->ds;
	const struct frame *f = &ds->frame;
	uint32_t *answered = job->answered + from; /* 32 bits: 65,535 items are not a limit */
	double *first = job->first + from;
	char *varied = job->varied + from;

	if (job->all_bytes)
		return pattern_bytes(job, from, n);
	for (size_t s = 0; s < ds->n_scales; s++)
		for (size_t j = 0; j < ds->scales[s].k; j++) {
			size_t col = ds->scales[s].items[j];
			for (size_t i = 0; i < n; i++) {
				double v = frame_value(f, col, from + i);
				int seen = answered[i] != 0;
				if (isnan(v))
					continue;
				/* without branches on the data: the first answer is kept, a later one that
				 * differs marks the row */
				varied[i] |= (char)(seen & (v != first[i]));
				first[i] = seen ? first[i] : v;
				answered[i]++;
			}
		}
}

/* The rows the patterns flag, in row order. */
static int patterns_done(struct describe_job *job, double max_missing)
{
	struct describe_result *res = job->res;
	const struct frame *f = &res->ds->frame;
	size_t n_items = job->n_items, straight = 0, sparse = 0;
	const uint32_t *answered = job->answered;
	int status = 0;

	for (size_t i = 0; n_items >= 3 && i < f->n_rows && status == 0; i++) {
		if (answered[i] >= 3 && (size_t)answered[i] * 2 >= n_items && !job->varied[i] && straight++ < CASES_LISTED)
			status = add_case(&res->cases, &res->n_cases,
					  (struct describe_case){.flag = DESCRIBE_STRAIGHT_LINING, .line = f->line[i],
								 .value = job->first[i]});
		if (status == 0 && (double)(n_items - answered[i]) > max_missing * (double)n_items && sparse++ < CASES_LISTED)
			status = add_case(&res->cases, &res->n_cases,
					  (struct describe_case){.flag = DESCRIBE_MANY_MISSING, .line = f->line[i],
								 .value = (double)(n_items - answered[i])});
	}
	res->straight_lining = straight;
	res->many_missing = sparse;
	return status;
}

struct id_row {
	const char *text;
	double value;
	size_t row;
};

static int compare_ids(const void *a, const void *b)
{
	const struct id_row *x = a, *y = b;
	int c = x->text ? strcmp(x->text, y->text) : (x->value > y->value) - (x->value < y->value);
	return c ? c : (x->row > y->row) - (x->row < y->row);
}

static int duplicate_ids(struct describe_job *job)
{
	struct describe_result *res = job->res;
	const struct frame *f = &res->ds->frame;
	size_t col = res->id_col, k = 0, dup = 0;
	struct id_row *ids;
	int status = 0;

	if (col == SIZE_MAX)
		return 0;
	if (f->cols[col].kind == COLUMN_NUMERIC) {
		/* ids numbered in increasing order (the usual export) cannot repeat: no sort needed */
		size_t i = 1;
		while (i < f->n_rows && frame_value(f, col, i) > frame_value(f, col, i - 1))
			i++;
		if (f->n_rows && i == f->n_rows && f->cols[col].n_missing == 0)
			return 0;
	}
	ids = malloc((f->n_rows ? f->n_rows : 1) * sizeof *ids);
	if (!ids)
		return -1;
	for (size_t i = 0; i < f->n_rows; i++) {
		const char *t = frame_text(f, col, i);
		double v = frame_value(f, col, i);
		if (t || !isnan(v))
			ids[k++] = (struct id_row){t, v, i};
	}
	qsort(ids, k, sizeof *ids, compare_ids);
	for (size_t i = 1; i < k && status == 0; i++) {
		const struct id_row *a = &ids[i - 1], *b = &ids[i];
		if (a->text ? strcmp(a->text, b->text) != 0 : a->value != b->value)
			continue;
		if (dup++ < CASES_LISTED)
			status = add_case(&job->dups, &job->n_dups,
					  (struct describe_case){.flag = DESCRIBE_DUPLICATE_ID, .line = f->line[b->row],
								 .first_line = f->line[a->row], .id_text = b->text,
								 .id_value = b->value});
	}
	res->duplicate_ids = dup;
	free(ids);
	return status;
}

/* Task t: the scales first (the longest), then the pattern blocks, the columns, the
 * frequencies and the duplicate ids. */
static void describe_task(void *ctx, size_t t)
{
	struct describe_job *job = ctx;
	const size_t scales = job->res->ds->n_scales, rows = job->res->ds->frame.n_rows;
	const size_t blocks = (rows + PATTERN_ROWS - 1) / PATTERN_ROWS;

	if (t < scales)
		return scale_task(job, t);
	t -= scales;
	if (t < blocks)
		return pattern_task(job, t * PATTERN_ROWS, t + 1 < blocks ? PATTERN_ROWS : rows - t * PATTERN_ROWS);
	t -= blocks;
	if (t < job->n_columns)
		return column_task(job, t);
	t -= job->n_columns;
	if (t == 0)
		return frequency_task(job);
	job->dup_status = duplicate_ids(job);
}

static size_t id_column(const struct frame *f)
{
	for (size_t j = 0; j < f->n_cols; j++)
		if (f->cols[j].meta.role == ROLE_ID)
			return j;
	return SIZE_MAX;
}

/* Runs the passes and puts their parts together. */
static int describe_all(struct describe_job *job, size_t threads, double max_missing, struct sk_error *err)
{
	struct describe_result *res = job->res;
	const struct dataset *ds = res->ds;
	const size_t n = ds->frame.n_rows, n_cols = ds->frame.n_cols, scales = ds->n_scales;
	int status;

	job->n_columns = res->n_items + res->n_vars;
	job->n_items = res->n_items;
	job->all_bytes = 1;
	for (size_t i = 0; i < res->n_items; i++)
		job->all_bytes &= ds->frame.cols[res->items[i].col].small != NULL;
	job->scale_status = calloc(scales + 1, sizeof *job->scale_status);
	job->scale_err = calloc(scales + 1, sizeof *job->scale_err);
	job->score = calloc(scales + 1, sizeof *job->score);
	job->grouped = calloc(n_cols + 1, 1);
	job->freq = calloc(n_cols + 1, sizeof *job->freq);
	job->answered = calloc(n + 1, sizeof *job->answered);
	job->first = calloc(n + 1, sizeof *job->first);
	job->varied = calloc(n + 1, 1);
	res->freq = malloc((n_cols ? n_cols : 1) * sizeof *res->freq);
	res->scales = calloc(scales ? scales : 1, sizeof *res->scales);
	res->groups = calloc(scales * (res->has_by ? res->by.n_levels : 0) + 1, sizeof *res->groups);
	if (!job->scale_status || !job->scale_err || !job->score || !job->grouped || !job->freq || !job->answered ||
	    !job->first || !job->varied || !res->freq || !res->scales || !res->groups)
		return sk_out_of_memory(err);
	parallel_run(scales + (n + PATTERN_ROWS - 1) / PATTERN_ROWS + job->n_columns + 2, threads, describe_task, job);
	for (size_t col = 0; col < n_cols; col++)
		if (job->grouped[col])
			res->freq[res->n_freq++] = job->freq[col];
	if (atomic_load(&job->failed))
		return sk_out_of_memory(err);
	if ((status = scales_done(job, err)) != 0)
		return status;
	if (job->dup_status != 0)
		return sk_out_of_memory(err);
	res->cases = job->dups;
	res->n_cases = job->n_dups;
	job->dups = NULL;
	return patterns_done(job, max_missing) != 0 ? sk_out_of_memory(err) : 0;
}

static void describe_job_release(struct describe_job *job)
{
	free(job->scale_status);
	free(job->scale_err);
	free(job->score);
	free(job->grouped);
	free(job->freq);
	free(job->dups);
	free(job->answered);
	free(job->first);
	free(job->varied);
}

int describe_request_parse(const struct cli *cli, struct describe_request *q, struct sk_error *err)
{
	int status;

	q->by = cli_get(cli, "by");
	q->threads = 0;
	if ((status = cli_get_double(cli, "max-missing", 0.5, &q->max_missing, err)) != 0)
		return status;
	if (!(q->max_missing >= 0 && q->max_missing <= 1))
		return sk_fail(err, SK_EXIT_USAGE, "--max-missing must be a share between 0 and 1");
	return 0;
}

void describe_request_release(struct describe_request *q)
{
	(void)q; /* it borrows its strings from the command line */
}

int describe_run(const struct describe_request *q, const struct dataset *ds, struct describe_result *res,
		 struct sk_error *err)
{
	struct describe_job job = {.res = res};
	int status;

	res->ds = ds;
	res->id_col = id_column(&ds->frame);
	if (q->by) {
		if ((status = dataset_grouping(ds, q->by, &res->by, err)) != 0)
			return status;
		res->has_by = 1;
	}
	if (list_columns(res) != 0)
		status = sk_out_of_memory(err);
	else
		status = describe_all(&job, q->threads, q->max_missing, err);
	describe_job_release(&job);
	return status;
}

static void emit_columns(json_t *doc, const struct describe_result *res, struct gaps *gaps)
{
	const struct dataset *ds = res->ds;
	const struct frame *f = &ds->frame;
	json_t *items = json_array(), *vars = json_array();

	for (size_t i = 0; i < res->n_items; i++) {
		const struct describe_column *it = &res->items[i];
		const struct column *c = &f->cols[it->col];
		json_t *row = doc_push_obj(items);
		doc_str(row, "item", c->name);
		doc_str(row, "scale", ds->scales[it->scale].name);
		doc_bool(row, "reversed", c->meta.reverse);
		doc_size(row, "n_missing", c->n_missing - c->n_out_of_range);
		doc_size(row, "out_of_range", c->n_out_of_range);
		put_moments(row, &it->m);
		gaps_add(gaps, &it->m, 0, c->name, NULL);
	}
	for (size_t i = 0; i < res->n_vars; i++) {
		const struct column *c = &f->cols[res->vars[i].col];
		json_t *row = doc_push_obj(vars);
		doc_str(row, "variable", c->name);
		doc_size(row, "n_missing", c->n_missing - c->n_out_of_range);
		doc_size(row, "out_of_range", c->n_out_of_range);
		put_moments(row, &res->vars[i].m);
		gaps_add(gaps, &res->vars[i].m, 0, c->name, NULL);
	}
	if (json_array_size(items))
		json_object_set(doc, "items", items);
	if (json_array_size(vars))
		json_object_set(doc, "variables", vars);
	json_decref(items);
	json_decref(vars);
	for (size_t col = 0; col < f->n_cols; col++) {
		const struct column *c = &f->cols[col];
		struct strbuf where = STRBUF_INIT, range = STRBUF_INIT;
		if (!c->n_out_of_range)
			continue;
		for (size_t k = 0; k < c->n_out_of_range && k < FRAME_BAD_CELLS_KEPT; k++)
			strbuf_addf(&where, "%sline %zu: %g", k ? ", " : "", c->out_of_range[k].line, c->out_of_range[k].value);
		/* a codebook range may give only its min or only its max */
		if (isnan(c->meta.max))
			strbuf_addf(&range, "below %g", c->meta.min);
		else if (isnan(c->meta.min))
			strbuf_addf(&range, "above %g", c->meta.max);
		else
			strbuf_addf(&range, "outside %g..%g", c->meta.min, c->meta.max);
		doc_warning(doc, "'%s': %zu value%s %s treated as missing (%s%s)", c->name, c->n_out_of_range,
			    c->n_out_of_range == 1 ? "" : "s", strbuf_str(&range), strbuf_str(&where),
			    c->n_out_of_range > FRAME_BAD_CELLS_KEPT ? ", ..." : "");
		strbuf_release(&where);
		strbuf_release(&range);
	}
}

static void emit_frequencies(json_t *doc, const struct describe_result *res)
{
	json_t *rows = json_array();

	for (size_t i = 0; i < res->n_freq; i++) {
		const struct grouping *g = &res->freq[i];
		size_t valid = 0;
		for (size_t l = 0; l < g->n_levels; l++)
			valid += g->counts[l];
		for (size_t l = 0; l < g->n_levels; l++) {
			json_t *row = doc_push_obj(rows);
			doc_str(row, "variable", g->name);
			doc_str(row, "level", g->levels[l]);
			doc_str(row, "label", g->labels[l]);
			doc_size(row, "n", g->counts[l]);
			doc_num(row, "percent", 100.0 * (double)g->counts[l] / (double)valid);
		}
		if (valid < g->n)
			doc_note(doc, "'%s' is missing for %zu rows", g->name, g->n - valid);
	}
	if (json_array_size(rows))
		json_object_set(doc, "frequencies", rows);
	json_decref(rows);
}

static int emit_scales(json_t *doc, const struct describe_result *res, struct gaps *gaps)
{
	const struct dataset *ds = res->ds;
	const struct grouping *by = res->has_by ? &res->by : NULL;
	size_t levels = by ? by->n_levels : 0;
	json_t *scales = json_array(), *groups = by ? json_array() : NULL;
	struct sk_error err;
	int status = 0;

	for (size_t s = 0; s < ds->n_scales; s++) {
		const char *name = ds->scales[s].name;
		json_t *row = doc_push_obj(scales);
		doc_str(row, "name", name);
		doc_size(row, "k", ds->scales[s].k);
		put_moments(row, &res->scales[s].m);
		put_shape(row, &res->scales[s].m, res->scales[s].median);
		gaps_add(gaps, &res->scales[s].m, 1, name, NULL);
		for (size_t l = 0; l < levels; l++) {
			const struct describe_scale *g = &res->groups[s * levels + l];
			row = doc_push_obj(groups);
			doc_str(row, "scale", name);
			doc_str(row, "level", by->levels[l]);
			doc_str(row, "label", by->labels[l]);
			put_moments(row, &g->m);
			put_shape(row, &g->m, g->median);
			gaps_add(gaps, &g->m, 1, name, by->labels[l]);
		}
	}
	if (ds->n_scales) {
		const char **names = malloc(ds->n_scales * sizeof *names);
		json_object_set(doc, "scales", scales);
		doc_set_used(doc, describe_used(res));
		for (size_t s = 0; names && s < ds->n_scales; s++)
			names[s] = ds->scales[s].name;
		/* used: rows with every scale score */
		status = names ? dataset_note_dropped(ds, doc, NULL, names, ds->n_scales, NULL, &err) : -1;
		free(names);
	}
	if (status == 0 && by) {
		json_t *obj = doc_obj(doc, "by_group");
		doc_str(obj, "variable", by->name);
		json_object_set(obj, "groups", groups);
	}
	json_decref(scales);
	json_decref(groups);
	return status;
}

static void emit_quality(json_t *doc, const struct describe_result *res)
{
	json_t *quality = doc_obj(doc, "quality"), *cases = json_array();

	if (res->id_col != SIZE_MAX) {
		doc_str(quality, "id_column", res->ds->frame.cols[res->id_col].name);
		doc_size(quality, "duplicate_ids", res->duplicate_ids);
	}
	doc_size(quality, "straight_lining", res->straight_lining);
	doc_size(quality, "many_missing", res->many_missing);
	for (size_t i = 0; i < res->n_cases; i++) {
		const struct describe_case *c = &res->cases[i];
		json_t *row = doc_push_obj(cases);
		char buf[32];
		switch (c->flag) {
		case DESCRIBE_DUPLICATE_ID:
			doc_str(row, "flag", "duplicate id");
			doc_size(row, "line", c->line);
			snprintf(buf, sizeof buf, "%.15g", c->id_value);
			doc_str(row, "id", c->id_text ? c->id_text : buf);
			doc_size(row, "first_line", c->first_line);
			break;
		case DESCRIBE_STRAIGHT_LINING:
		case DESCRIBE_MANY_MISSING:
			doc_str(row, "flag", c->flag == DESCRIBE_STRAIGHT_LINING ? "straight-lining" : "many missing items");
			doc_size(row, "line", c->line);
			doc_num(row, "value", c->value);
			break;
		}
	}
	if (json_array_size(cases))
		json_object_set(doc, "flagged_cases", cases);
	json_decref(cases);
}

/* The rows with every scale score; every row read when the wave has no scale. */
size_t describe_used(const struct describe_result *res)
{
	return res->ds->n_scales ? res->used : res->ds->frame.n_rows;
}

json_t *describe_emit(const struct describe_result *res)
{
	json_t *doc = dataset_doc(res->ds, "describe");
	struct gaps gaps = {0};

	if (!doc)
		return NULL;
	emit_columns(doc, res, &gaps);
	emit_frequencies(doc, res);
	if (emit_scales(doc, res, &gaps) != 0) {
		json_decref(doc);
		return NULL;
	}
	gaps_note(doc, &gaps);
	emit_quality(doc, res);
	return doc;
}

void describe_result_release(struct describe_result *res)
{
	for (size_t i = 0; i < res->n_freq; i++)
		grouping_release(&res->freq[i]);
	free(res->freq);
	if (res->has_by)
		grouping_release(&res->by);
	free(res->items);
	free(res->vars);
	free(res->scales);
	free(res->groups);
	free(res->cases);
	memset(res, 0, sizeof *res);
}

COMMAND_STEPS(describe);
