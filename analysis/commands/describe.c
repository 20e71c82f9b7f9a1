/* surveykit describe: what a wave holds. Rows read and used; each item's n, missing, out of
 * range, mean, SD, min, max; each scale's distribution (models/descriptives.h: SPSS definitions
 * of skewness and kurtosis), optionally per group; frequencies of the group columns; and data
 * quality flags: duplicate ids, straight-lining, respondents with many missing items. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/dropped.h"
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

static void describe_columns(json_t *doc, const struct dataset *ds, double *work, struct gaps *gaps)
{
	const struct frame *f = &ds->frame;
	json_t *items = json_array(), *vars = json_array();

	for (size_t s = 0; s < ds->n_scales; s++)
		for (size_t j = 0; j < ds->scales[s].k; j++) {
			size_t col = ds->scales[s].items[j];
			const struct column *c = &f->cols[col];
			struct moments m;
			json_t *row = doc_push_obj(items);
			dataset_column_moments(ds, col, work, &m);
			doc_str(row, "item", c->name);
			doc_str(row, "scale", ds->scales[s].name);
			doc_bool(row, "reversed", c->meta.reverse);
			doc_size(row, "n_missing", c->n_missing - c->n_out_of_range);
			doc_size(row, "out_of_range", c->n_out_of_range);
			put_moments(row, &m);
			gaps_add(gaps, &m, 0, c->name, NULL);
		}
	for (size_t col = 0; col < f->n_cols; col++) {
		const struct column *c = &f->cols[col];
		struct moments m;
		json_t *row;
		if (c->kind != COLUMN_NUMERIC || (c->meta.role != ROLE_NUMERIC && c->meta.role != ROLE_UNSET))
			continue;
		row = doc_push_obj(vars);
		dataset_column_moments(ds, col, work, &m);
		doc_str(row, "variable", c->name);
		doc_size(row, "n_missing", c->n_missing - c->n_out_of_range);
		doc_size(row, "out_of_range", c->n_out_of_range);
		put_moments(row, &m);
		gaps_add(gaps, &m, 0, c->name, NULL);
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

static void frequencies(json_t *doc, const struct dataset *ds)
{
	json_t *rows = json_array();

	for (size_t col = 0; col < ds->frame.n_cols; col++) {
		struct grouping g;
		struct sk_error ignored;
		size_t valid = 0;
		if (ds->frame.cols[col].meta.role != ROLE_GROUP ||
		    dataset_grouping(ds, ds->frame.cols[col].name, &g, &ignored) != 0)
			continue;
		for (size_t l = 0; l < g.n_levels; l++)
			valid += g.counts[l];
		for (size_t l = 0; l < g.n_levels; l++) {
			json_t *row = doc_push_obj(rows);
			doc_str(row, "variable", g.name);
			doc_str(row, "level", g.levels[l]);
			doc_str(row, "label", g.labels[l]);
			doc_size(row, "n", g.counts[l]);
			doc_num(row, "percent", 100.0 * (double)g.counts[l] / (double)valid);
		}
		if (valid < g.n)
			doc_note(doc, "'%s' is missing for %zu rows", g.name, g.n - valid);
		grouping_release(&g);
	}
	if (json_array_size(rows))
		json_object_set(doc, "frequencies", rows);
	json_decref(rows);
}

static int describe_scales(json_t *doc, const struct dataset *ds, const struct grouping *by, double *work,
			   struct gaps *gaps, struct sk_error *err)
{
	json_t *scales = json_array(), *groups = by ? json_array() : NULL;
	size_t n = ds->frame.n_rows, used = 0;
	char *complete = malloc(n ? n : 1);
	int status = 0;

	if (!complete) {
		json_decref(scales);
		json_decref(groups);
		return sk_out_of_memory(err);
	}
	memset(complete, 1, n);
	for (size_t s = 0; s < ds->n_scales && status == 0; s++) {
		struct variable v;
		struct moments m;
		json_t *row;
		status = dataset_variable(ds, ds->scales[s].name, &v, err);
		if (status != 0)
			break;
		for (size_t i = 0; i < n; i++)
			if (isnan(v.v[i]))
				complete[i] = 0;
		moments_compute(v.v, 1, n, &m);
		row = doc_push_obj(scales);
		doc_str(row, "name", v.name);
		doc_size(row, "k", ds->scales[s].k);
		put_moments(row, &m);
		put_shape(row, &m, median_of(v.v, n, work));
		gaps_add(gaps, &m, 1, v.name, NULL);
		for (size_t l = 0; by && l < by->n_levels; l++) {
			size_t k = 0;
			for (size_t i = 0; i < n; i++)
				if (by->code[i] == (int)l)
					work[k++] = v.v[i];
			moments_compute(work, 1, k, &m);
			row = doc_push_obj(groups);
			doc_str(row, "scale", v.name);
			doc_str(row, "level", by->levels[l]);
			doc_str(row, "label", by->labels[l]);
			put_moments(row, &m);
			put_shape(row, &m, median_of(work, k, work + k));
			gaps_add(gaps, &m, 1, v.name, by->labels[l]);
		}
		variable_release(&v);
	}
	for (size_t i = 0; i < n; i++)
		used += complete[i];
	free(complete);
	if (status == 0 && ds->n_scales) {
		const char **names = malloc(ds->n_scales * sizeof *names);
		json_object_set(doc, "scales", scales);
		doc_set_used(doc, used);
		for (size_t s = 0; names && s < ds->n_scales; s++)
			names[s] = ds->scales[s].name;
		/* used: rows with every scale score */
		status = names ? dataset_note_dropped(ds, doc, NULL, names, ds->n_scales, NULL, err) : sk_out_of_memory(err);
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

/* Respondents who answered every item the same way (as answered, before reverse-coding), or left
 * many items blank. Items are read column by column; per-row state lives in three arrays. */
static int response_patterns(json_t *quality, json_t *cases, const struct dataset *ds, double max_missing)
{
	const struct frame *f = &ds->frame;
	size_t n_items = 0, straight = 0, sparse = 0, n = f->n_rows;
	uint32_t *answered = calloc(n ? n : 1, sizeof *answered); /* 32 bits: 65,535 items are not a limit */
	double *first = calloc(n ? n : 1, sizeof *first);         /* read before set, by design: zeroed */
	char *varied = calloc(n ? n : 1, 1);

	if (!answered || !first || !varied) {
		free(answered);
		free(first);
		free(varied);
		return -1;
	}
	for (size_t s = 0; s < ds->n_scales; s++)
		for (size_t j = 0; j < ds->scales[s].k; j++, n_items++) {
			size_t col = ds->scales[s].items[j];
			const int8_t *small = f->cols[col].small;
			for (size_t i = 0; i < n; i++) {
				double v = small ? (small[i] == INT8_MIN ? NAN : (double)small[i]) : frame_value(f, col, i);
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
	for (size_t i = 0; n_items >= 3 && i < n; i++) {
		if (answered[i] >= 3 && (size_t)answered[i] * 2 >= n_items && !varied[i]) {
			if (straight++ < CASES_LISTED) {
				json_t *row = doc_push_obj(cases);
				doc_str(row, "flag", "straight-lining");
				doc_size(row, "line", f->line[i]);
				doc_num(row, "value", first[i]);
			}
		}
		if ((double)(n_items - answered[i]) > max_missing * (double)n_items && sparse++ < CASES_LISTED) {
			json_t *row = doc_push_obj(cases);
			doc_str(row, "flag", "many missing items");
			doc_size(row, "line", f->line[i]);
			doc_num(row, "value", (double)(n_items - answered[i]));
		}
	}
	doc_size(quality, "straight_lining", straight);
	doc_size(quality, "many_missing", sparse);
	free(answered);
	free(first);
	free(varied);
	return 0;
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

static int duplicate_ids(json_t *quality, json_t *cases, const struct dataset *ds)
{
	const struct frame *f = &ds->frame;
	size_t col = SIZE_MAX, k = 0, dup = 0;
	struct id_row *ids;

	for (size_t j = 0; j < f->n_cols && col == SIZE_MAX; j++)
		if (f->cols[j].meta.role == ROLE_ID)
			col = j;
	if (col == SIZE_MAX)
		return 0;
	if (f->cols[col].kind == COLUMN_NUMERIC) {
		/* ids numbered in increasing order (the usual export) cannot repeat: no sort needed */
		size_t i = 1;
		while (i < f->n_rows && frame_value(f, col, i) > frame_value(f, col, i - 1))
			i++;
		if (f->n_rows && i == f->n_rows && f->cols[col].n_missing == 0) {
			doc_str(quality, "id_column", f->cols[col].name);
			doc_size(quality, "duplicate_ids", 0);
			return 0;
		}
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
	for (size_t i = 1; i < k; i++) {
		const struct id_row *a = &ids[i - 1], *b = &ids[i];
		if (a->text ? strcmp(a->text, b->text) != 0 : a->value != b->value)
			continue;
		if (dup++ < CASES_LISTED) {
			json_t *row = doc_push_obj(cases);
			char buf[32];
			doc_str(row, "flag", "duplicate id");
			doc_size(row, "line", f->line[b->row]);
			snprintf(buf, sizeof buf, "%.15g", b->value);
			doc_str(row, "id", b->text ? b->text : buf);
			doc_size(row, "first_line", f->line[a->row]);
		}
	}
	doc_str(quality, "id_column", f->cols[col].name);
	doc_size(quality, "duplicate_ids", dup);
	free(ids);
	return 0;
}

int describe_document(const struct cli *cli, const struct dataset *ds, json_t **out, struct sk_error *err)
{
	const char *by_name = cli_get(cli, "by");
	struct grouping by;
	double max_missing, *work = NULL;
	json_t *doc = NULL, *quality, *cases;
	struct gaps gaps = {0};
	int status;

	*out = NULL;
	if ((status = cli_get_double(cli, "max-missing", 0.5, &max_missing, err)) != 0)
		return status;
	if (!(max_missing >= 0 && max_missing <= 1))
		return sk_fail(err, SK_EXIT_USAGE, "--max-missing must be a share between 0 and 1");
	if (by_name && (status = dataset_grouping(ds, by_name, &by, err)) != 0)
		return status;
	work = malloc((2 * ds->frame.n_rows + 1) * sizeof *work);
	if (!work) {
		status = sk_out_of_memory(err);
		goto done;
	}
	doc = dataset_doc(ds, "describe");
	describe_columns(doc, ds, work, &gaps);
	frequencies(doc, ds);
	if ((status = describe_scales(doc, ds, by_name ? &by : NULL, work, &gaps, err)) != 0)
		goto done;
	gaps_note(doc, &gaps);
	quality = doc_obj(doc, "quality");
	cases = json_array();
	if (duplicate_ids(quality, cases, ds) != 0 || response_patterns(quality, cases, ds, max_missing) != 0) {
		json_decref(cases);
		status = sk_out_of_memory(err);
		goto done;
	}
	if (json_array_size(cases))
		json_object_set(doc, "flagged_cases", cases);
	json_decref(cases);
	*out = doc;
	doc = NULL;
done:
	if (by_name)
		grouping_release(&by);
	json_decref(doc);
	free(work);
	return status;
}

int cmd_describe(const struct cli *cli, struct sk_error *err)
{
	return command_run_document(cli, describe_document, err);
}
