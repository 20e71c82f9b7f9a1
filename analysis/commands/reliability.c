/* surveykit reliability DATA [--codebook CB] [--scale NAME] [--by VAR] [--validity]
 *
 * For every scale of the dataset (or one): Cronbach's alpha with its Feldt CI, standardised
 * alpha, average inter-item r, omega total, and per item mean, SD, corrected item-total r and
 * alpha if deleted (models/reliability.h), on the reverse-coded items, listwise within the
 * scale. An item without variance among the complete cases is removed from the scale with a
 * warning, as SPSS RELIABILITY and psych::alpha do. --by repeats everything per level of a
 * categorical variable. --validity adds the standardised loading of each item on its scale's
 * factor (one-factor principal-axis model per scale, the same fit omega uses), composite
 * reliability and AVE per scale, and the Fornell-Larcker table: sqrt(AVE) on the diagonal
 * against the correlations of the scale scores (item means), pairwise complete, as PLS-SEM
 * software (SmartPLS) builds it from construct scores. */
#include "analysis/commands/reliability.h"

#include <math.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_statistics_double.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/dropped.h"
#include "analysis/data/parallel.h"
#include "analysis/cli/limits.h"
#include "io/doc.h"
#include "io/strbuf.h"
#include "models/reliability.h"

/* Nunnally (1978): alpha below .70 is flagged as insufficient for research use. */
#define ALPHA_FLAG_BELOW 0.70
/* Fornell & Larcker (1981): an AVE below .50 leaves more error than trait variance. */
#define AVE_FLAG_BELOW 0.50

const struct option_spec reliability_options[] = {
	{"scale", "NAME", "only this scale (default: every scale of the dataset)"},
	{"by", "VAR", "repeat the analysis for each level of a categorical variable"},
	{"validity", NULL, "add loadings, composite reliability, AVE and the Fornell-Larcker table"},
	{"max-items", "N", "most items in a scale (default 1000; the time grows with their cube)"},
	{"max-vars", "N", "most scales in the Fornell-Larcker table (default 500)"},
	{0},
};

/* What a run works with besides its result: the limits and, per scale, why it is not computed
 * at all ("" when it is). */
struct run_state {
	struct reliability_result *res;
	size_t max_items;
	size_t threads; /* reliability_request.threads */
	char (*skip)[512];
};

static const char *item_name(const struct dataset *ds, const struct scale *s, size_t j)
{
	return ds->frame.cols[s->items[j]].name;
}

/* "scale 'trust'" or "scale 'trust' in group 'Fix only' of 'scenario'" */
static void subject(const struct reliability_result *res, const struct scale *s, size_t level, char *buf, size_t size)
{
	if (res->by)
		snprintf(buf, size, "scale '%s' in group '%s' of '%s'", s->name, res->g.labels[level], res->g.name);
	else
		snprintf(buf, size, "scale '%s'", s->name);
}

/* Accumulation of the selected scales' co-moments: one task per scale, side by side
 * (analysis/data/parallel.h); each scale's rows are added in row order whatever the threads. */
struct accumulation {
	const struct reliability_result *res;
	struct item_cov **acc;
	atomic_int failed; /* out of memory in a task */
};

/* Scale a's item co-moments per group in one pass over the rows. */
static void accumulate_scale(void *ctx, size_t a)
{
	struct accumulation *job = ctx;
	const struct reliability_result *res = job->res;
	const struct dataset *ds = res->ds;
	const struct scale *s = res->scales[a];
	struct item_cov **acc = job->acc + a * res->levels;
	double *x, *tables; /* item j's values by byte code: tables[256 j + code] */
	const int8_t **small;

	if (!acc[0])
		return;
	x = malloc((s->k ? s->k : 1) * sizeof *x);
	tables = malloc(256 * (s->k ? s->k : 1) * sizeof *tables);
	small = malloc((s->k ? s->k : 1) * sizeof *small);
	if (!x || !tables || !small) {
		atomic_store(&job->failed, 1);
	} else {
		for (size_t j = 0; j < s->k; j++)
			small[j] = dataset_item_table(ds, s, j, tables + 256 * j);
		for (size_t row = 0; row < ds->frame.n_rows; row++) {
			size_t level = 0, j;
			if (res->by) {
				if (res->g.code[row] < 0)
					continue;
				level = (size_t)res->g.code[row];
			}
			for (j = 0; j < s->k; j++) {
				x[j] = small[j] ? tables[256 * j + (uint8_t)small[j][row]] : dataset_item_value(ds, s, j, row);
				if (isnan(x[j]))
					break;
			}
			if (j == s->k)
				item_cov_add(acc[level], x);
		}
	}
	free(x);
	free(tables);
	free(small);
}

static int accumulate(const struct reliability_result *res, struct item_cov **acc, size_t threads, struct sk_error *err)
{
	struct accumulation job = {.res = res, .acc = acc};

	parallel_run(res->m, threads, accumulate_scale, &job);
	return atomic_load(&job.failed) ? sk_out_of_memory(err) : 0;
}

/* Why scale s cannot be computed at all (into why, "" when it can): more items than --max-items,
 * or an item whose values are too large or too small for sums of squares (analysis/data/dataset.h). */
static int scale_skipped(const struct run_state *w, const struct scale *s, double *work, char *why, size_t size)
{
	const struct dataset *ds = w->res->ds;
	size_t n = ds->frame.n_rows;

	why[0] = '\0';
	if (s->k > w->max_items) {
		snprintf(why, size, "scale '%s' has %zu items: at most %zu are analysed (raise the limit with --max-items)",
			 s->name, s->k, w->max_items);
		return 1;
	}
	for (size_t j = 0; j < s->k; j++) {
		struct sk_error e;
		char what[300];
		double table[256];
		const int8_t *small = dataset_item_table(ds, s, j, table);
		size_t m = 0;
		if (small) {
			/* one-byte cells: the values of the codes that occur, each once (the same largest
			 * and smallest magnitude) */
			unsigned char seen[256] = {0};
			for (size_t row = 0; row < n; row++)
				seen[(uint8_t)small[row]] = 1;
			for (size_t b = 0; b < 256; b++)
				if (seen[b])
					work[m++] = table[b];
		} else {
			for (size_t row = 0; row < n; row++)
				work[m++] = dataset_item_value(ds, s, j, row);
		}
		snprintf(what, sizeof what, "scale '%s': item '%s'", s->name, item_name(ds, s, j));
		if (dataset_check_magnitude(work, m, 1, what, &e) != 0) {
			size_t len = strnlen(e.msg, size - 1);
			memcpy(why, e.msg, len);
			why[len] = '\0';
			return 1;
		}
	}
	return 0;
}

/* Reliability of one scale from its accumulated co-moments; constant items dropped (and kept in
 * u->constant for the warning). */
static void compute(const struct reliability_result *res, const struct item_cov *acc, size_t level,
		    struct reliability_unit *u)
{
	const struct scale *s = u->s;
	gsl_matrix *cov = NULL, *sub = NULL;
	gsl_vector *mean = NULL, *submean = NULL;
	char subj[400];
	size_t bad = 0;
	int status;

	subject(res, s, level, subj, sizeof subj);
	if (!acc) /* reliability_run said why */
		return;
	u->n = acc->n;
	u->keep = malloc(s->k * sizeof *u->keep);
	u->constant = malloc(s->k * sizeof *u->constant);
	u->constant_value = malloc(s->k * sizeof *u->constant_value);
	cov = gsl_matrix_alloc(s->k, s->k);
	mean = gsl_vector_alloc(s->k);
	if (!cov || !mean || !u->keep || !u->constant || !u->constant_value) {
		snprintf(u->why, sizeof u->why, "out of memory");
		goto done;
	}
	if (s->k < 2) {
		snprintf(u->why, sizeof u->why, "%s has %zu item: reliability needs at least 2", subj, s->k);
		goto done;
	}
	if (acc->n < 2) {
		snprintf(u->why, sizeof u->why, "%s has %zu complete respondent%s: reliability needs at least 2",
			 subj, acc->n, acc->n == 1 ? "" : "s");
		goto done;
	}
	item_cov_get(acc, cov, mean);
	for (size_t j = 0; j < s->k; j++) {
		if (gsl_matrix_get(cov, j, j) > 0) {
			u->keep[u->k++] = j;
			continue;
		}
		u->constant[u->n_constant] = j;
		u->constant_value[u->n_constant++] = gsl_vector_get(mean, j);
	}
	if (u->k < 2) {
		snprintf(u->why, sizeof u->why, "%s has %zu item%s with any variance: reliability needs at least 2",
			 subj, u->k, u->k == 1 ? "" : "s");
		goto done;
	}
	sub = gsl_matrix_alloc(u->k, u->k);
	submean = gsl_vector_alloc(u->k);
	u->rel = reliability_alloc(u->k);
	if (!sub || !submean || !u->rel) {
		snprintf(u->why, sizeof u->why, "out of memory");
		goto done;
	}
	for (size_t a = 0; a < u->k; a++) {
		gsl_vector_set(submean, a, gsl_vector_get(mean, u->keep[a]));
		for (size_t b = 0; b < u->k; b++)
			gsl_matrix_set(sub, a, b, gsl_matrix_get(cov, u->keep[a], u->keep[b]));
	}
	status = reliability_from_cov(sub, submean, acc->n, res->level, u->rel, &bad);
	if (status) {
		snprintf(u->why, sizeof u->why, "%s: %s", subj, gsl_strerror(status));
		reliability_free(u->rel);
		u->rel = NULL;
	}
done:
	gsl_matrix_free(cov);
	gsl_matrix_free(sub);
	gsl_vector_free(mean);
	gsl_vector_free(submean);
}

/* The document being emitted: its "scales" array and, with --validity, its "validity" object. */
struct out {
	const struct reliability_result *res;
	json_t *doc, *scales, *validity;
};

static void flag(const struct out *o, json_t *flags, const char *subj, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
static void flag(const struct out *o, json_t *flags, const char *subj, const char *fmt, ...)
{
	struct strbuf buf = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&buf, fmt, ap);
	va_end(ap);
	doc_push_str(flags, strbuf_str(&buf));
	doc_warning(o->doc, "%s: %s", subj, strbuf_str(&buf));
	strbuf_release(&buf);
}

static const char *omega_why(int status)
{
	switch (status) {
	case GSL_EINVAL:
		return "a one-factor model needs at least 3 items";
	case GSL_ESING:
		return "the items' correlation matrix is singular";
	case GSL_EDOM:
		return "the one-factor model has a negative eigenvalue";
	case GSL_EMAXITER:
		return "principal-axis factoring did not converge";
	default:
		return gsl_strerror(status);
	}
}

/* The warnings of the items a scale lost for having no variance, then its "scales" entry in one group. */
static void emit_scale(const struct out *o, const struct reliability_unit *u, size_t level)
{
	const struct reliability_result *res = o->res;
	const struct dataset *ds = res->ds;
	const struct scale *s = u->s;
	const struct reliability *r = u->rel;
	json_t *e, *items, *rev, *ci, *st, *flags, *dropped;
	char subj[400];

	subject(res, s, level, subj, sizeof subj);
	for (size_t c = 0; c < u->n_constant; c++)
		doc_warning(o->doc, "%s: item '%s' has no variance (every one of the %zu respondents has %g) "
				    "and was removed from the scale",
			    subj, item_name(ds, s, u->constant[c]), u->n, u->constant_value[c]);
	e = doc_push_obj(o->scales);
	doc_str(e, "name", s->name);
	if (res->by) {
		char name[600];
		snprintf(name, sizeof name, "%s (%s = %s)", s->name, res->g.name, res->g.labels[level]);
		doc_str(e, "_name", name);
		doc_str(e, "by", res->g.name);
		doc_str(e, "level", res->g.levels[level]);
		doc_str(e, "label", res->g.labels[level]);
	}
	doc_size(e, "k", r ? r->k : s->k);
	doc_size(e, "n", u->n);
	if (r) {
		struct strbuf why = STRBUF_INIT;
		/* a null alpha, and its CI with it, is flagged below ("alpha could not be computed") */
		doc_num_noted(e, "alpha", r->alpha);
		ci = doc_arr(e, "alpha_ci");
		doc_push_num(ci, r->alpha_lo);
		doc_push_num(ci, r->alpha_hi);
		strbuf_addf(&why, "%s: the sum of the items' correlations is not positive, they cancel out", subj);
		doc_num_why(o->doc, e, "alpha_std", r->alpha_std, strbuf_str(&why));
		strbuf_release(&why);
		doc_num(e, "average_r", r->average_r);
		if (r->omega_status == GSL_SUCCESS)
			doc_num(e, "omega", r->omega);
		else
			doc_num_noted(e, "omega", r->omega); /* "omega is null: ..." below */
		doc_num(e, "mean", r->scale_mean);
		doc_num(e, "sd", r->scale_sd);
	} else { /* the scale's note (u->why) says why nothing is computed */
		doc_num_noted(e, "alpha", NAN);
		ci = doc_arr(e, "alpha_ci");
		doc_push_num(ci, NAN);
		doc_push_num(ci, NAN);
		doc_num_noted(e, "alpha_std", NAN);
		doc_num_noted(e, "average_r", NAN);
		doc_num_noted(e, "omega", NAN);
		doc_num_noted(e, "mean", NAN);
		doc_num_noted(e, "sd", NAN);
	}
	items = doc_arr(e, "items");
	rev = doc_arr(e, "reversed");
	dropped = doc_arr(e, "dropped");
	for (size_t j = 0, a = 0; j < s->k; j++) {
		const char *name = item_name(ds, s, j);
		int kept = r && a < u->k && u->keep[a] == j;
		if (ds->frame.cols[s->items[j]].meta.reverse)
			doc_push_str(rev, name);
		if (kept || !r)
			doc_push_str(items, name);
		else
			doc_push_str(dropped, name);
		a += (size_t)kept;
	}
	flags = doc_arr(e, "flags");
	if (!r) {
		doc_note(o->doc, "%s", u->why);
		return;
	}
	st = doc_arr(e, "items_stats");
	for (size_t a = 0; a < r->k; a++) {
		json_t *it = doc_push_obj(st);
		doc_str(it, "item", item_name(ds, s, u->keep[a]));
		doc_num(it, "mean", gsl_vector_get(r->mean, a));
		doc_num(it, "sd", gsl_vector_get(r->sd, a));
		doc_num(it, "r_drop", gsl_vector_get(r->r_drop, a));
		if (r->k == 2) /* noted below */
			doc_num_noted(it, "alpha_if_deleted", gsl_vector_get(r->alpha_if_deleted, a));
		else
			doc_num(it, "alpha_if_deleted", gsl_vector_get(r->alpha_if_deleted, a));
	}
	if (r->k == 2)
		doc_note(o->doc, "%s: alpha if item deleted is undefined with 2 items", subj);
	if (r->omega_status != GSL_SUCCESS)
		doc_note(o->doc, "%s: omega is null: %s", subj, omega_why(r->omega_status));
	/* flags only from values that were computed */
	if (!isfinite(r->alpha))
		flag(o, flags, subj, "alpha could not be computed: the sum of the items does not vary (they cancel out)");
	else if (r->alpha < ALPHA_FLAG_BELOW)
		flag(o, flags, subj, "alpha %.3f is below .70", r->alpha);
	for (size_t a = 0; a < r->k; a++)
		if (isfinite(gsl_vector_get(r->r_drop, a)) && gsl_vector_get(r->r_drop, a) < 0)
			flag(o, flags, subj,
			     "item '%s' correlates negatively with the rest of the scale (r = %.3f): is it reverse-keyed?",
			     item_name(ds, s, u->keep[a]), gsl_vector_get(r->r_drop, a));
	{
		size_t i, j;
		if (reliability_perfect_pair(r, &i, &j))
			flag(o, flags, subj, "items '%s' and '%s' are perfectly correlated: one of them is redundant",
			     item_name(ds, s, u->keep[i]), item_name(ds, s, u->keep[j]));
	}
	if (r->heywood)
		flag(o, flags, subj, "a communality of the one-factor model exceeds 1 (Heywood case)");
}

/* Pearson r of two scale scores over the rows of one group where both are present. */
static double score_cor(const struct reliability_result *res, const struct variable *a, const struct variable *b,
			size_t level, double *wa, double *wb)
{
	size_t n = 0;

	for (size_t row = 0; row < a->n; row++) {
		if (res->by && res->g.code[row] != (int)level)
			continue;
		if (isnan(a->v[row]) || isnan(b->v[row]))
			continue;
		wa[n] = a->v[row];
		wb[n] = b->v[row];
		n++;
	}
	return n > 2 ? gsl_stats_correlation(wa, 1, wb, 1, n) : NAN;
}

/* The AVEs, the correlations of the scale scores and the Fornell-Larcker verdicts of one group. */
static int compute_validity(struct reliability_result *res, size_t level, struct sk_error *err)
{
	const size_t m = res->m, rows = res->ds->frame.n_rows;
	const struct reliability_unit *units = res->units + level * m;
	struct reliability_validity *v = &res->validity[level];
	/* the table has m^2 cells: beyond --max-vars scales only CR and AVE */
	const int table = m <= res->max_vars;
	double *wa = malloc((rows ? rows : 1) * sizeof *wa), *wb = malloc((rows ? rows : 1) * sizeof *wb);

	v->ave = gsl_vector_alloc(m);
	v->cor = table ? gsl_matrix_alloc(m, m) : NULL;
	v->ok = malloc(m * sizeof *v->ok);
	if (!v->ave || (table && !v->cor) || !wa || !wb || !v->ok) {
		free(wa);
		free(wb);
		return sk_out_of_memory(err);
	}
	for (size_t a = 0; a < m; a++) {
		const struct reliability *r = units[a].rel;
		gsl_vector_set(v->ave, a, r ? r->ave : NAN);
		v->ok[a] = -1;
		for (size_t b = 0; table && b <= a; b++) {
			double c = a == b ? 1 : score_cor(res, &res->scores[a], &res->scores[b], level, wa, wb);
			gsl_matrix_set(v->cor, a, b, c);
			gsl_matrix_set(v->cor, b, a, c);
		}
	}
	if (table)
		reliability_fornell_larcker(v->ave, v->cor, v->ok);
	free(wa);
	free(wb);
	return 0;
}

/* Loadings, CR, AVE and the Fornell-Larcker table of one group. */
static void emit_validity(const struct out *o, size_t level)
{
	const struct reliability_result *res = o->res;
	const size_t m = res->m;
	const struct reliability_unit *units = res->units + level * m;
	const struct reliability_validity *v = &res->validity[level];
	json_t *load = json_object_get(o->validity, "loadings");
	json_t *sc = json_object_get(o->validity, "composite_reliability");
	json_t *fl = json_object_get(o->validity, "fornell_larcker");

	if (!v->cor)
		doc_note(o->doc, "Fornell-Larcker table not computed: %zu scales, more than %zu (raise the limit with "
				 "--max-vars)", m, res->max_vars);
	for (size_t a = 0; a < m; a++) {
		const struct reliability_unit *u = &units[a];
		const struct reliability *r = u->rel;
		json_t *e = doc_push_obj(sc), *f = v->cor ? doc_push_obj(fl) : NULL;
		char subj[400];

		subject(res, u->s, level, subj, sizeof subj);
		if (res->by) {
			doc_str(e, "level", res->g.levels[level]);
			doc_str(e, "label", res->g.labels[level]);
			if (f) {
				doc_str(f, "level", res->g.levels[level]);
				doc_str(f, "label", res->g.labels[level]);
			}
		}
		doc_str(e, "scale", u->s->name);
		doc_num(e, "cr", r ? r->cr : NAN);
		doc_num(e, "ave", r ? r->ave : NAN);
		doc_num(e, "sqrt_ave", r ? sqrt(r->ave) : NAN);
		if (v->ok[a] < 0)
			json_object_set_new(e, "fornell_larcker", json_null());
		else
			doc_bool(e, "fornell_larcker", v->ok[a]);
		if (r && isfinite(r->ave) && r->ave < AVE_FLAG_BELOW)
			doc_warning(o->doc, "%s: AVE %.3f is below .50 (convergent validity not shown)", subj, r->ave);
		if (v->ok[a] == 0)
			doc_warning(o->doc, "%s: sqrt(AVE) %.3f does not exceed its correlation with every other scale "
					    "(Fornell-Larcker)", subj, sqrt(r->ave));
		if (f) {
			doc_str(f, "scale", u->s->name);
			for (size_t b = 0; b < m; b++)
				doc_num(f, units[b].s->name, a == b ? sqrt(gsl_vector_get(v->ave, a)) : gsl_matrix_get(v->cor, a, b));
		}
		if (!r)
			continue;
		for (size_t j = 0; j < r->k; j++) {
			json_t *l = doc_push_obj(load);
			if (res->by) {
				doc_str(l, "level", res->g.levels[level]);
				doc_str(l, "label", res->g.labels[level]);
			}
			doc_str(l, "scale", u->s->name);
			doc_str(l, "item", item_name(res->ds, u->s, u->keep[j]));
			doc_num(l, "loading", gsl_vector_get(r->loading, j));
		}
	}
}

/* Each scale's rows left out (items listwise, and with --by the group), by reason. */
static int note_dropped(const struct reliability_result *res, json_t *doc, struct sk_error *err)
{
	size_t kmax = 0;
	const char **names;
	int rc = 0;

	for (size_t a = 0; a < res->m; a++)
		kmax = res->scales[a]->k > kmax ? res->scales[a]->k : kmax;
	if (!(names = malloc((kmax + 1) * sizeof *names)))
		return sk_out_of_memory(err);
	for (size_t a = 0; a < res->m && rc == 0; a++) {
		const struct scale *s = res->scales[a];
		char what[300];
		for (size_t j = 0; j < s->k; j++)
			names[j] = item_name(res->ds, s, j);
		names[s->k] = res->by ? res->g.name : NULL;
		snprintf(what, sizeof what, "scale '%.200s'", s->name);
		rc = dataset_note_dropped(res->ds, doc, what, names, s->k + (size_t)res->by, NULL, err);
	}
	free(names);
	return rc;
}

/* Every scale in every group: co-moments in one pass, then each unit's reliability and, with
 * --validity, each group's table. Exit 1 when no scale could be computed (naming the first reason). */
static int compute_all(struct run_state *w, struct sk_error *err)
{
	struct reliability_result *res = w->res;
	const size_t groups = res->levels, m = res->m;
	struct item_cov **acc = calloc(m * groups, sizeof *acc);
	double *work = malloc((res->ds->frame.n_rows ? res->ds->frame.n_rows : 1) * sizeof *work);
	size_t n_ok = 0;
	const char *first_why = NULL;
	int rc = 0;

	w->skip = calloc(m, sizeof *w->skip);
	res->units = calloc(m * groups, sizeof *res->units);
	if (!acc || !work || !w->skip || !res->units) {
		rc = sk_out_of_memory(err);
		goto done;
	}
	for (size_t a = 0; a < m; a++) {
		if (scale_skipped(w, res->scales[a], work, w->skip[a], sizeof w->skip[a]))
			continue;
		for (size_t l = 0; l < groups; l++)
			if (!(acc[a * groups + l] = item_cov_alloc(res->scales[a]->k))) {
				rc = sk_out_of_memory(err);
				goto done;
			}
	}
	if ((rc = accumulate(res, acc, w->threads, err)) != 0)
		goto done;
	for (size_t l = 0; l < groups; l++) {
		for (size_t a = 0; a < m; a++) {
			struct reliability_unit *u = &res->units[l * m + a];
			u->s = res->scales[a];
			snprintf(u->why, sizeof u->why, "%s", w->skip[a]);
			compute(res, acc[a * groups + l], l, u);
			if (u->rel)
				n_ok++;
			else if (!first_why)
				first_why = u->why;
		}
		if (res->validity && (rc = compute_validity(res, l, err)) != 0)
			goto done;
	}
	if (n_ok == 0)
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute reliability: %s", first_why ? first_why : "");
done:
	if (acc)
		for (size_t i = 0; i < m * groups; i++)
			item_cov_free(acc[i]);
	free(acc);
	free(work);
	free(w->skip);
	w->skip = NULL;
	return rc;
}

int reliability_request_parse(const struct cli *cli, struct reliability_request *q, struct sk_error *err)
{
	int rc;

	q->scale = cli_get(cli, "scale");
	q->by = cli_get(cli, "by");
	q->validity = cli_flag(cli, "validity");
	q->level = cli->ci;
	q->threads = 0;
	if ((rc = limit_option(cli, "max-items", LIMIT_SCALE_ITEMS, &q->max_items, err)) != 0 ||
	    (rc = limit_option(cli, "max-vars", LIMIT_MATRIX_VARS, &q->max_vars, err)) != 0)
		return rc;
	return 0;
}

void reliability_request_release(struct reliability_request *q)
{
	(void)q; /* it borrows its strings from the command line */
}

int reliability_run(const struct reliability_request *q, const struct dataset *ds, struct reliability_result *res,
		    struct sk_error *err)
{
	struct run_state w = {.res = res, .max_items = q->max_items, .threads = q->threads};
	const char *path = ds->frame.path;
	int rc;

	res->ds = ds;
	res->level = q->level;
	res->max_vars = q->max_vars;
	res->scales = calloc(ds->n_scales ? ds->n_scales : 1, sizeof *res->scales);
	if (!res->scales)
		return sk_out_of_memory(err);
	if (q->scale) {
		const struct scale *s = dataset_find_scale(ds, q->scale);
		if (!s) {
			struct strbuf known = STRBUF_INIT;
			for (size_t a = 0; a < ds->n_scales; a++)
				strbuf_addf(&known, "%s%s", a ? ", " : "", ds->scales[a].name);
			rc = sk_fail(err, SK_EXIT_INPUT, "no scale named '%s' in '%s' (scales: %s)", q->scale, path,
				     ds->n_scales ? strbuf_str(&known) : "none");
			strbuf_release(&known);
			return rc;
		}
		res->scales[res->m++] = s;
	} else {
		for (size_t a = 0; a < ds->n_scales; a++)
			res->scales[res->m++] = &ds->scales[a];
	}
	if (res->m == 0)
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "no scales in '%s': give a codebook with item rows or name items PREFIX_1, PREFIX_2, ...", path);
	if (q->by) {
		if ((rc = dataset_grouping(ds, q->by, &res->g, err)))
			return rc;
		res->by = 1;
	}
	res->levels = res->by ? res->g.n_levels : 1;
	if (q->validity) {
		res->validity = calloc(res->levels ? res->levels : 1, sizeof *res->validity);
		res->scores = calloc(res->m, sizeof *res->scores);
		if (!res->validity || !res->scores)
			return sk_out_of_memory(err);
		for (size_t a = 0; a < res->m; a++)
			if ((rc = dataset_variable(ds, res->scales[a]->name, &res->scores[a], err)))
				return rc;
	}
	return compute_all(&w, err);
}

/* Every row read: each scale's table gives the rows it used. */
size_t reliability_used(const struct reliability_result *res)
{
	return res->ds->frame.n_rows;
}

json_t *reliability_emit(const struct reliability_result *res)
{
	struct out o = {.res = res, .doc = dataset_doc(res->ds, "reliability")};
	struct sk_error err;

	if (!o.doc)
		return NULL;
	o.scales = doc_arr(o.doc, "scales");
	if (res->validity) {
		o.validity = doc_obj(o.doc, "validity");
		doc_str(o.validity, "method",
			"one-factor principal-axis model per scale (psych::fa, fm = \"pa\"); CR and AVE from its "
			"standardised loadings; Fornell-Larcker: sqrt(AVE) against the pairwise correlations of "
			"the scale scores");
		doc_arr(o.validity, "composite_reliability");
		doc_arr(o.validity, "loadings");
		doc_arr(o.validity, "fornell_larcker");
	}
	if (note_dropped(res, o.doc, &err) != 0) {
		json_decref(o.doc);
		return NULL;
	}
	for (size_t l = 0; l < res->levels; l++) {
		for (size_t a = 0; a < res->m; a++)
			emit_scale(&o, &res->units[l * res->m + a], l);
		if (res->validity)
			emit_validity(&o, l);
	}
	doc_note(o.doc, "alpha CI: Feldt (1965) at %g%%; omega total from a one-factor principal-axis model "
			"(psych::omega, fm = \"pa\"); items listwise within each scale, reverse-keyed items "
			"reverse-coded", res->level * 100);
	return o.doc;
}

void reliability_result_release(struct reliability_result *res)
{
	for (size_t i = 0; res->units && i < res->m * res->levels; i++) {
		reliability_free(res->units[i].rel);
		free(res->units[i].keep);
		free(res->units[i].constant);
		free(res->units[i].constant_value);
	}
	free(res->units);
	for (size_t l = 0; res->validity && l < res->levels; l++) {
		gsl_vector_free(res->validity[l].ave);
		gsl_matrix_free(res->validity[l].cor);
		free(res->validity[l].ok);
	}
	free(res->validity);
	if (res->scores)
		for (size_t a = 0; a < res->m; a++)
			variable_release(&res->scores[a]);
	free(res->scores);
	free(res->scales);
	if (res->by)
		grouping_release(&res->g);
	memset(res, 0, sizeof *res);
}

COMMAND_STEPS(reliability);
