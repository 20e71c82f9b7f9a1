/* surveykit segment DATA --on VAR,VAR [--method median|tertile|kmeans] [--k K] [--seed S]
 *                       [--starts N] [--outcomes A,B,...]
 *
 * Segments of respondents from the --on variables (typically involvement and trust):
 *  - median: low / high on each variable, cut at its median;
 *  - tertile (default): low / moderate / high, cut at its 33.3rd and 66.7th percentiles;
 *    percentiles at position p(n + 1), interpolated (R quantile type 6, SPSS, PROCESS); a value
 *    equal to a cut point goes to the lower group (R cut(right = TRUE)); the groups of the
 *    variables are crossed (3 x 3 = 9 segments for two variables);
 *  - kmeans: k clusters (default 3) of the z-scored variables (R scale()), models/kmeans.h
 *    (k-means++ seeding, Lloyd iterations then Hartigan transfers, --starts starts, default 25,
 *    --seed; the share of starts that reached the best solution is reported).
 * For each segment: size, share and the mean of each --on variable (the centroid, raw units); for
 * each outcome (default: every scale not used in --on) its mean, SD and CI per segment and the
 * one-way ANOVA and Welch test that the segments differ. Rows missing an --on variable are left
 * out; each outcome uses the rows where it is present. */
#include "analysis/commands/segment.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "analysis/cli/emit.h"
#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/dropped.h"
#include "io/doc.h"
#include "io/strbuf.h"
#include "models/descriptives.h"
#include "models/kmeans.h"
#include "models/oneway.h"

const struct option_spec segment_options[] = {
	{"on", "VAR,VAR", "variables (scales or columns) that define the segments"},
	{"method", "M", "median (low/high), tertile (low/moderate/high, default) or kmeans"},
	{"k", "K", "number of k-means clusters (default 3)"},
	{"seed", "S", "random seed of the k-means starts (default 1)"},
	{"starts", "N", "k-means starts, each seeded by k-means++ (default 25)"},
	{"outcomes", "A,B,...", "outcomes profiled per segment (default: every scale not in --on)"},
	{0},
};

#define SEGMENT_MAX_ITER 100

const char *segment_method_name(enum segment_method m)
{
	return m == SEG_MEDIAN ? "median" : m == SEG_TERTILE ? "tertile" : "kmeans";
}

int segment_request_parse(const struct cli *cli, struct segment_request *q, struct sk_error *err)
{
	const char *method_name = cli_get(cli, "method");
	size_t levels, n_seg = 1;
	int status;

	q->method = SEG_TERTILE;
	q->level = cli->ci;
	if (method_name) {
		if (strcmp(method_name, "median") == 0)
			q->method = SEG_MEDIAN;
		else if (strcmp(method_name, "tertile") == 0)
			q->method = SEG_TERTILE;
		else if (strcmp(method_name, "kmeans") == 0)
			q->method = SEG_KMEANS;
		else
			return sk_fail(err, SK_EXIT_USAGE, "--method must be median, tertile or kmeans, not '%s'", method_name);
	}
	if ((status = cli_get_list(cli, "on", &q->on, &q->n_on, err)) != 0)
		return status;
	if (!q->on)
		return sk_fail(err, SK_EXIT_USAGE, "segment needs --on VAR[,VAR...] (see 'surveykit segment --help')");
	if (q->n_on > SEGMENT_MAX_ON)
		return sk_fail(err, SK_EXIT_USAGE, "--on takes at most %d variables", SEGMENT_MAX_ON);
	if ((status = cli_get_list(cli, "outcomes", &q->outcomes, &q->n_outcomes, err)) != 0)
		return status;
	if (q->method != SEG_KMEANS) {
		levels = q->method == SEG_MEDIAN ? 2 : 3;
		for (size_t j = 0; j < q->n_on; j++)
			n_seg *= levels;
		if (n_seg > SEGMENT_MAX_SEGMENTS)
			return sk_fail(err, SK_EXIT_USAGE, "--on gives %zu segments; at most %d are supported", n_seg,
				       SEGMENT_MAX_SEGMENTS);
		return 0;
	}
	if ((status = cli_get_size(cli, "k", 3, &q->k, err)) != 0 ||
	    (status = cli_get_size(cli, "starts", 25, &q->starts, err)) != 0 ||
	    (status = cli_get_size(cli, "seed", 1, &q->seed, err)) != 0)
		return status;
	if (q->k < 2 || q->k > SEGMENT_MAX_SEGMENTS)
		return sk_fail(err, SK_EXIT_USAGE, "--k must be between 2 and %d", SEGMENT_MAX_SEGMENTS);
	if (q->starts < 1)
		return sk_fail(err, SK_EXIT_USAGE, "--starts must be at least 1");
	return 0;
}

void segment_request_release(struct segment_request *q)
{
	cli_list_free(q->on);
	cli_list_free(q->outcomes);
	q->on = q->outcomes = NULL;
}

static const char *const level_names[2][3] = {{"low", "high", NULL}, {"low", "moderate", "high"}};

/* Median or tertile groups crossed over the variables; the cut points into res->cuts. */
static int quantile_segments(struct segment_result *res, const struct variable *on, int *code, struct sk_error *err)
{
	const struct segment_request *q = res->q;
	size_t rows = res->ds->frame.n_rows, levels = q->method == SEG_MEDIAN ? 2 : 3, n_seg = 1;
	double *work = malloc(2 * (rows ? rows : 1) * sizeof *work);

	if (!work)
		return sk_out_of_memory(err);
	for (size_t j = 0; j < q->n_on; j++)
		n_seg *= levels;
	for (size_t j = 0; j < q->n_on; j++) {
		size_t k = 0;
		for (size_t i = 0; i < rows; i++)
			if (code[i] >= 0)
				work[k++] = on[j].v[i];
		for (size_t c = 0; c + 1 < levels; c++)
			res->cuts[j][c] = quantile_type6(work, k, (double)(c + 1) / (double)levels, work + rows);
	}
	free(work);
	for (size_t i = 0; i < rows; i++) {
		int c = 0;
		if (code[i] < 0)
			continue;
		for (size_t j = 0; j < q->n_on; j++) {
			double v = on[j].v[i];
			int g = 0;
			while ((size_t)g + 1 < levels && v > res->cuts[j][g])
				g++;
			c = c * (int)levels + g;
		}
		code[i] = c;
	}
	res->n_seg = n_seg;
	res->label = calloc(n_seg, sizeof *res->label);
	if (!res->label)
		return sk_out_of_memory(err);
	for (size_t s = 0; s < n_seg; s++) {
		struct strbuf b = STRBUF_INIT;
		size_t rest = s, div = n_seg;
		for (size_t j = 0; j < q->n_on; j++) {
			div /= levels;
			strbuf_addf(&b, "%s%s %s", j ? "\n" : "", on[j].name, level_names[levels == 3][rest / div]);
			rest %= div;
		}
		if (!(res->label[s] = strbuf_take(&b)))
			return sk_out_of_memory(err);
	}
	return 0;
}

/* k-means on the z-scored variables; the clustering facts into res->km. */
static int kmeans_segments(struct segment_result *res, const struct variable *on, int *code, struct sk_error *err)
{
	const struct segment_request *q = res->q;
	size_t rows = res->ds->frame.n_rows, k = q->k, d = q->n_on, r = 0;
	double mean[SEGMENT_MAX_SEGMENTS], sd[SEGMENT_MAX_SEGMENTS];
	gsl_matrix *x = NULL;
	gsl_rng *rng = NULL;
	struct kmeans *km = NULL;
	int status;

	if (res->used < k)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot form %zu clusters from %zu complete rows", k, res->used);
	for (size_t j = 0; j < d; j++) {
		double *v = malloc(res->used * sizeof *v);
		struct moments m;
		size_t n = 0;
		if (!v)
			return sk_out_of_memory(err);
		for (size_t i = 0; i < rows; i++)
			if (code[i] >= 0)
				v[n++] = on[j].v[i];
		moments_compute(v, 1, n, &m);
		free(v);
		mean[j] = m.mean;
		sd[j] = m.sd;
		if (!(sd[j] > 0))
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot cluster on '%s': it has no variance", on[j].name);
	}
	x = gsl_matrix_alloc(res->used, d);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	km = kmeans_alloc(res->used, d, k);
	res->km.centre_z = malloc(k * d * sizeof *res->km.centre_z);
	res->km.within = malloc(k * sizeof *res->km.within);
	if (!x || !rng || !km || !res->km.centre_z || !res->km.within) {
		status = sk_out_of_memory(err);
		goto done;
	}
	gsl_rng_set(rng, q->seed);
	for (size_t i = 0; i < rows; i++)
		if (code[i] >= 0) {
			for (size_t j = 0; j < d; j++)
				gsl_matrix_set(x, r, j, (on[j].v[i] - mean[j]) / sd[j]);
			r++;
		}
	status = kmeans_run(x, k, q->starts, SEGMENT_MAX_ITER, rng, km);
	if (status == GSL_EDOM) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot form %zu clusters: the data have fewer distinct cases", k);
		goto done;
	}
	if (status != GSL_SUCCESS) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "k-means failed: %s", gsl_strerror(status));
		goto done;
	}
	r = 0;
	for (size_t i = 0; i < rows; i++)
		if (code[i] >= 0)
			code[i] = (int)km->cluster[r++];
	res->n_seg = k;
	res->label = calloc(k, sizeof *res->label);
	if (!res->label) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t s = 0; s < k; s++) {
		char buf[32];
		snprintf(buf, sizeof buf, "cluster %zu", s + 1);
		if (!(res->label[s] = strdup(buf))) {
			status = sk_out_of_memory(err);
			goto done;
		}
		res->km.within[s] = km->within[s];
		for (size_t j = 0; j < d; j++)
			res->km.centre_z[s * d + j] = gsl_matrix_get(km->centre, s, j);
	}
	res->km.k = k;
	res->km.starts = q->starts;
	res->km.seed = q->seed;
	res->km.converged = km->converged;
	res->km.best_starts = km->best_starts;
	res->km.total_within = km->total_within;
	res->km.between_ss = km->between_ss;
	res->km.total_ss = km->total_ss;
	status = 0;
done:
	if (x)
		gsl_matrix_free(x);
	gsl_rng_free(rng);
	kmeans_free(km);
	return status;
}

/* Every segment's label on one line: "involvement low, trust high". */
static int flatten_labels(struct segment_result *res, struct sk_error *err)
{
	res->flat = calloc(res->n_seg ? res->n_seg : 1, sizeof *res->flat);
	if (!res->flat)
		return sk_out_of_memory(err);
	for (size_t s = 0; s < res->n_seg; s++) {
		struct strbuf b = STRBUF_INIT;
		for (const char *p = res->label[s]; *p; p++) {
			if (*p == '\n')
				strbuf_adds(&b, ", ");
			else
				strbuf_addc(&b, *p);
		}
		if (!(res->flat[s] = strbuf_take(&b)))
			return sk_out_of_memory(err);
	}
	return 0;
}

/* Mean, SD and t CI of one outcome per segment, and the one-way tests across the non-empty
 * segments. */
static int profile_outcome(struct segment_outcome *out, const int *code, size_t n_seg, const struct variable *y,
			   double level, struct sk_error *err)
{
	struct grouped *g = grouped_alloc(y->v, code, y->n, n_seg);
	struct group_summary *nonempty = NULL;
	size_t k = 0;

	out->sum = calloc(n_seg ? n_seg : 1, sizeof *out->sum);
	nonempty = calloc(n_seg ? n_seg : 1, sizeof *nonempty);
	if (!g || !out->sum || !nonempty || !(out->name = strdup(y->name))) {
		grouped_free(g);
		free(nonempty);
		return sk_out_of_memory(err);
	}
	oneway_summaries(g, level, out->sum);
	for (size_t s = 0; s < n_seg; s++)
		if (out->sum[s].n)
			nonempty[k++] = out->sum[s];
	out->segments = k;
	out->anova_status = oneway_anova(nonempty, k, &out->anova);
	out->welch_status = oneway_welch(nonempty, k, &out->welch, NULL);
	grouped_free(g);
	free(nonempty);
	return 0;
}

/* Each segment's size and the means of the --on variables, in one pass (each sum in row order). */
static int segment_means(struct segment_result *res, const struct variable *on, const int *code, struct sk_error *err)
{
	size_t n_on = res->q->n_on, n_seg = res->n_seg ? res->n_seg : 1;

	res->n = calloc(n_seg, sizeof *res->n);
	res->mean_on = calloc(n_seg * n_on, sizeof *res->mean_on);
	if (!res->n || !res->mean_on)
		return sk_out_of_memory(err);
	for (size_t i = 0; i < res->ds->frame.n_rows; i++) {
		if (code[i] < 0)
			continue;
		res->n[code[i]]++;
		for (size_t j = 0; j < n_on; j++)
			res->mean_on[(size_t)code[i] * n_on + j] += on[j].v[i];
	}
	for (size_t s = 0; s < res->n_seg; s++)
		for (size_t j = 0; j < n_on; j++)
			res->mean_on[s * n_on + j] = res->n[s] ? res->mean_on[s * n_on + j] / (double)res->n[s] : NAN;
	return 0;
}

/* The outcomes: --outcomes, or every scale not used in --on. */
static int profile_outcomes(struct segment_result *res, const int *code, struct sk_error *err)
{
	const struct segment_request *q = res->q;
	const struct dataset *ds = res->ds;
	size_t n = q->outcomes ? q->n_outcomes : ds->n_scales;
	int status = 0;

	res->outcomes = calloc(n ? n : 1, sizeof *res->outcomes);
	if (!res->outcomes)
		return sk_out_of_memory(err);
	for (size_t o = 0; o < n && status == 0; o++) {
		const char *name = q->outcomes ? q->outcomes[o] : ds->scales[o].name;
		struct variable y;
		int skip = 0;
		for (size_t j = 0; !q->outcomes && j < q->n_on; j++)
			skip |= strcmp(q->on[j], name) == 0;
		if (skip)
			continue;
		if ((status = dataset_variable(ds, name, &y, err)) != 0)
			return status;
		if ((status = dataset_check_variable(&y, err)) == 0)
			status = profile_outcome(&res->outcomes[res->n_outcomes++], code, res->n_seg, &y, q->level, err);
		variable_release(&y);
	}
	return status;
}

int segment_run(const struct segment_request *q, const struct dataset *ds, struct segment_result *res,
		struct sk_error *err)
{
	size_t rows = ds->frame.n_rows;
	struct variable *on = calloc(q->n_on, sizeof *on);
	int *code = malloc((rows ? rows : 1) * sizeof *code), status = 0;

	res->ds = ds;
	res->q = q;
	if (!on || !code) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t j = 0; j < q->n_on; j++)
		if ((status = dataset_variable(ds, q->on[j], &on[j], err)) != 0 ||
		    (status = dataset_check_variable(&on[j], err)) != 0)
			goto done;
	for (size_t i = 0; i < rows; i++) {
		size_t j = 0;
		while (j < q->n_on && !isnan(on[j].v[i]))
			j++;
		code[i] = j == q->n_on ? 0 : -1;
		res->used += j == q->n_on;
	}
	if (res->used < 2) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot segment: %zu row%s %s every --on variable", res->used,
				 res->used == 1 ? "" : "s", res->used == 1 ? "has" : "have");
		goto done;
	}
	status = q->method == SEG_KMEANS ? kmeans_segments(res, on, code, err) : quantile_segments(res, on, code, err);
	if (status == 0 && (status = flatten_labels(res, err)) == 0 && (status = segment_means(res, on, code, err)) == 0)
		status = profile_outcomes(res, code, err);
done:
	for (size_t j = 0; on && j < q->n_on; j++)
		variable_release(&on[j]);
	free(on);
	free(code);
	return status;
}

void segment_result_release(struct segment_result *res)
{
	for (size_t s = 0; res->label && s < res->n_seg; s++)
		free(res->label[s]);
	for (size_t s = 0; res->flat && s < res->n_seg; s++)
		free(res->flat[s]);
	for (size_t o = 0; res->outcomes && o < res->n_outcomes; o++) {
		free(res->outcomes[o].name);
		free(res->outcomes[o].sum);
	}
	free(res->label);
	free(res->flat);
	free(res->n);
	free(res->mean_on);
	free(res->outcomes);
	free(res->km.centre_z);
	free(res->km.within);
	memset(res, 0, sizeof *res);
}

/* --- the document -------------------------------------------------------------------------------- */

static void emit_kmeans(json_t *doc, const struct segment_result *res)
{
	const struct segment_kmeans *km = &res->km;
	json_t *info = doc_obj(doc, "kmeans"), *z;

	doc_str(info, "algorithm", "k-means++ seeding, Lloyd iterations, then Hartigan single-case transfers (models/kmeans.h)");
	doc_size(info, "k", km->k);
	doc_size(info, "starts", km->starts);
	doc_size(info, "seed", km->seed);
	doc_size(info, "converged_starts", km->converged);
	doc_size(info, "best_starts", km->best_starts);
	doc_num(info, "best_share", (double)km->best_starts / (double)km->starts);
	doc_num(info, "total_within_ss", km->total_within);
	doc_num(info, "between_ss", km->between_ss);
	doc_num(info, "total_ss", km->total_ss);
	doc_num(info, "between_over_total", km->between_ss / km->total_ss);
	z = doc_arr(info, "centres_z");
	for (size_t s = 0; s < km->k; s++) {
		json_t *row = doc_push_obj(z);
		doc_str(row, "segment", res->label[s]);
		doc_num(row, "within_ss", km->within[s]);
		for (size_t j = 0; j < res->q->n_on; j++)
			doc_num(row, res->q->on[j], km->centre_z[s * res->q->n_on + j]);
	}
	if (km->converged < km->starts)
		doc_warning(doc, "%zu of %zu k-means starts did not converge in %d iterations", km->starts - km->converged,
			    km->starts, SEGMENT_MAX_ITER);
	if (km->best_starts == 1 && km->starts > 1)
		doc_warning(doc, "only 1 of %zu k-means starts reached the best solution: more starts (--starts) may "
				 "find a better one", km->starts);
	doc_note(doc, "k-means on z-scores (mean and SD of the %zu rows used; SD with n - 1 as R's scale()); "
		      "k-means++ starts, seed %zu (GSL mt19937); %zu of %zu starts reached the best solution", res->used,
		 km->seed, km->best_starts, km->starts);
}

/* The rows an outcome's profile leaves out: those without a segment or without the outcome. */
static int note_outcome_dropped(const struct segment_result *res, json_t *doc, const char *outcome)
{
	const char **names = malloc((res->q->n_on + 1) * sizeof *names);
	struct sk_error err;
	char what[300];
	int status;

	if (!names)
		return -1;
	for (size_t j = 0; j < res->q->n_on; j++)
		names[j] = res->q->on[j];
	names[res->q->n_on] = outcome;
	snprintf(what, sizeof what, "outcome '%.200s'", outcome);
	status = dataset_note_dropped(res->ds, doc, what, names, res->q->n_on + 1, NULL, &err);
	free(names);
	return status;
}

static void emit_outcome(json_t *doc, json_t *profiles, json_t *tests, const struct segment_result *res,
			 const struct segment_outcome *out)
{
	json_t *t;

	for (size_t s = 0; s < res->n_seg; s++) {
		json_t *row = doc_push_obj(profiles);
		doc_str(row, "outcome", out->name);
		doc_str(row, "segment", res->flat[s]);
		doc_size(row, "n", out->sum[s].n);
		doc_num(row, "mean", out->sum[s].n ? out->sum[s].mean : NAN);
		doc_num(row, "sd", out->sum[s].sd);
		doc_num(row, "llci", out->sum[s].llci);
		doc_num(row, "ulci", out->sum[s].ulci);
	}
	t = doc_push_obj(tests);
	doc_str(t, "outcome", out->name);
	doc_size(t, "segments", out->segments);
	emit_oneway(doc, t, out->anova_status, &out->anova, "the segments have too few cases or no variance",
		    out->welch_status, &out->welch, "Welch's test needs two cases and some variance in every segment");
}

size_t segment_used(const struct segment_result *res)
{
	return res->used;
}

json_t *segment_emit(const struct segment_result *res)
{
	const struct segment_request *q = res->q;
	json_t *doc = dataset_doc(res->ds, "segment"), *segs, *profiles, *tests, *arr;
	struct sk_error err;

	doc_set_used(doc, segment_used(res));
	if (dataset_note_dropped(res->ds, doc, NULL, (const char *const *)q->on, q->n_on, NULL, &err) != 0)
		goto fail;
	doc_str(doc, "method", segment_method_name(q->method));
	arr = doc_arr(doc, "on");
	for (size_t j = 0; j < q->n_on; j++)
		doc_push_str(arr, q->on[j]);
	if (q->method == SEG_KMEANS) {
		emit_kmeans(doc, res);
	} else {
		json_t *cuts = doc_arr(doc, "cuts");
		for (size_t j = 0; j < q->n_on; j++) {
			json_t *row = doc_push_obj(cuts), *at;
			doc_str(row, "variable", q->on[j]);
			at = doc_arr(row, "cuts");
			for (size_t c = 0; c + 1 < (q->method == SEG_MEDIAN ? 2u : 3u); c++)
				doc_push_num(at, res->cuts[j][c]);
		}
		doc_note(doc, "cut points are percentiles at position p(n + 1), interpolated (R type 6); a value equal to "
			      "a cut point goes to the lower group");
	}
	segs = doc_arr(doc, "segments");
	for (size_t s = 0; s < res->n_seg; s++) {
		json_t *row = doc_push_obj(segs);
		size_t n = res->n[s];
		doc_str(row, "segment", res->flat[s]);
		doc_size(row, "n", n);
		doc_num(row, "percent", 100.0 * (double)n / (double)res->used);
		for (size_t j = 0; j < q->n_on; j++) {
			struct strbuf key = STRBUF_INIT;
			strbuf_addf(&key, "mean_%s", q->on[j]);
			if (!strbuf_ok(&key)) {
				strbuf_release(&key);
				goto fail;
			}
			doc_num(row, strbuf_str(&key), res->mean_on[s * q->n_on + j]);
			strbuf_release(&key);
		}
		if (n == 0)
			doc_note(doc, "segment '%s' is empty", res->flat[s]);
	}
	profiles = doc_arr(doc, "profiles");
	tests = doc_arr(doc, "tests");
	for (size_t o = 0; o < res->n_outcomes; o++) {
		if (note_outcome_dropped(res, doc, res->outcomes[o].name) != 0)
			goto fail;
		emit_outcome(doc, profiles, tests, res, &res->outcomes[o]);
	}
	if (!res->n_outcomes)
		doc_note(doc, "no outcomes: every scale is used in --on (name outcomes with --outcomes)");
	doc_note(doc, "outcome means with %g%% t confidence intervals; one-way ANOVA and Welch's F across the non-empty "
		      "segments", q->level * 100);
	return doc;
fail:
	json_decref(doc);
	return NULL;
}

COMMAND_STEPS(segment);
