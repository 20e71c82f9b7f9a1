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
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

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
#define SEGMENT_MAX_SEGMENTS 64

enum seg_method { SEG_MEDIAN, SEG_TERTILE, SEG_KMEANS };

struct segmentation {
	size_t n_on;
	struct variable *on;
	size_t n_seg;
	char **label;      /* n_seg labels; "\n" between the variables' parts */
	char **flat;       /* the same on one line: "involvement low, trust high" */
	int *code;         /* per row: segment or -1 */
	size_t used;
};

static void segmentation_release(struct segmentation *s)
{
	for (size_t j = 0; s->on && j < s->n_on; j++)
		variable_release(&s->on[j]);
	for (size_t q = 0; s->label && q < s->n_seg; q++)
		free(s->label[q]);
	for (size_t q = 0; s->flat && q < s->n_seg; q++)
		free(s->flat[q]);
	free(s->flat);
	free(s->on);
	free(s->label);
	free(s->code);
	memset(s, 0, sizeof *s);
}

static const char *const level_names[2][3] = {{"low", "high", NULL}, {"low", "moderate", "high"}};

/* Median or tertile groups crossed over the variables; the cut points go into `cuts`. */
static int quantile_segments(struct segmentation *s, enum seg_method m, const struct dataset *ds, json_t *cuts,
			     struct sk_error *err)
{
	size_t rows = ds->frame.n_rows, levels = m == SEG_MEDIAN ? 2 : 3, n_seg = 1;
	double *work = malloc(2 * (rows ? rows : 1) * sizeof *work), cut[SEGMENT_MAX_SEGMENTS][2];

	if (!work)
		return sk_out_of_memory(err);
	for (size_t j = 0; j < s->n_on; j++)
		n_seg *= levels;
	if (n_seg > SEGMENT_MAX_SEGMENTS) {
		free(work);
		return sk_fail(err, SK_EXIT_USAGE, "--on gives %zu segments; at most %d are supported", n_seg,
			       SEGMENT_MAX_SEGMENTS);
	}
	for (size_t j = 0; j < s->n_on; j++) {
		size_t k = 0;
		json_t *row = doc_push_obj(cuts), *at;
		for (size_t i = 0; i < rows; i++)
			if (s->code[i] >= 0)
				work[k++] = s->on[j].v[i];
		doc_str(row, "variable", s->on[j].name);
		at = doc_arr(row, "cuts");
		for (size_t c = 0; c + 1 < levels; c++) {
			cut[j][c] = quantile_type6(work, k, (double)(c + 1) / (double)levels, work + rows);
			doc_push_num(at, cut[j][c]);
		}
	}
	free(work);
	for (size_t i = 0; i < rows; i++) {
		int code = 0;
		if (s->code[i] < 0)
			continue;
		for (size_t j = 0; j < s->n_on; j++) {
			double v = s->on[j].v[i];
			int g = 0;
			while ((size_t)g + 1 < levels && v > cut[j][g])
				g++;
			code = code * (int)levels + g;
		}
		s->code[i] = code;
	}
	s->n_seg = n_seg;
	s->label = calloc(n_seg, sizeof *s->label);
	if (!s->label)
		return sk_out_of_memory(err);
	for (size_t q = 0; q < n_seg; q++) {
		struct strbuf b = STRBUF_INIT;
		size_t rest = q, div = n_seg;
		for (size_t j = 0; j < s->n_on; j++) {
			div /= levels;
			strbuf_addf(&b, "%s%s %s", j ? "\n" : "", s->on[j].name, level_names[levels == 3][rest / div]);
			rest %= div;
		}
		if (!(s->label[q] = strbuf_take(&b)))
			return sk_out_of_memory(err);
	}
	return 0;
}

/* k-means on the z-scored variables; the clustering facts go into `info`. */
static int kmeans_segments(struct segmentation *s, const struct cli *cli, const struct dataset *ds, json_t *doc,
			   struct sk_error *err)
{
	size_t rows = ds->frame.n_rows, k, starts, seed, d = s->n_on, r = 0;
	double mean[SEGMENT_MAX_SEGMENTS], sd[SEGMENT_MAX_SEGMENTS];
	gsl_matrix *x = NULL;
	gsl_rng *rng = NULL;
	struct kmeans *km = NULL;
	json_t *info;
	int status;

	if ((status = cli_get_size(cli, "k", 3, &k, err)) != 0 || (status = cli_get_size(cli, "starts", 25, &starts, err)) != 0 ||
	    (status = cli_get_size(cli, "seed", 1, &seed, err)) != 0)
		return status;
	if (k < 2 || k > SEGMENT_MAX_SEGMENTS)
		return sk_fail(err, SK_EXIT_USAGE, "--k must be between 2 and %d", SEGMENT_MAX_SEGMENTS);
	if (starts < 1)
		return sk_fail(err, SK_EXIT_USAGE, "--starts must be at least 1");
	if (s->used < k)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot form %zu clusters from %zu complete rows", k, s->used);
	for (size_t j = 0; j < d; j++) {
		double *v = malloc(s->used * sizeof *v);
		struct moments m;
		size_t q = 0;
		if (!v)
			return sk_out_of_memory(err);
		for (size_t i = 0; i < rows; i++)
			if (s->code[i] >= 0)
				v[q++] = s->on[j].v[i];
		moments_compute(v, 1, q, &m);
		free(v);
		mean[j] = m.mean;
		sd[j] = m.sd;
		if (!(sd[j] > 0))
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot cluster on '%s': it has no variance", s->on[j].name);
	}
	x = gsl_matrix_alloc(s->used, d);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	km = kmeans_alloc(s->used, d, k);
	if (!x || !rng || !km) {
		status = sk_out_of_memory(err);
		goto done;
	}
	gsl_rng_set(rng, seed);
	for (size_t i = 0; i < rows; i++)
		if (s->code[i] >= 0) {
			for (size_t j = 0; j < d; j++)
				gsl_matrix_set(x, r, j, (s->on[j].v[i] - mean[j]) / sd[j]);
			r++;
		}
	status = kmeans_run(x, k, starts, SEGMENT_MAX_ITER, rng, km);
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
		if (s->code[i] >= 0)
			s->code[i] = (int)km->cluster[r++];
	s->n_seg = k;
	s->label = calloc(k, sizeof *s->label);
	if (!s->label) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t q = 0; q < k; q++) {
		char buf[32];
		snprintf(buf, sizeof buf, "cluster %zu", q + 1);
		if (!(s->label[q] = strdup(buf))) {
			status = sk_out_of_memory(err);
			goto done;
		}
	}
	info = doc_obj(doc, "kmeans");
	doc_str(info, "algorithm", "k-means++ seeding, Lloyd iterations, then Hartigan single-case transfers (models/kmeans.h)");
	doc_size(info, "k", k);
	doc_size(info, "starts", starts);
	doc_size(info, "seed", seed);
	doc_size(info, "converged_starts", km->converged);
	doc_size(info, "best_starts", km->best_starts);
	doc_num(info, "best_share", (double)km->best_starts / (double)starts);
	doc_num(info, "total_within_ss", km->total_within);
	doc_num(info, "between_ss", km->between_ss);
	doc_num(info, "total_ss", km->total_ss);
	doc_num(info, "between_over_total", km->between_ss / km->total_ss);
	{
		json_t *z = doc_arr(info, "centres_z");
		for (size_t q = 0; q < k; q++) {
			json_t *row = doc_push_obj(z);
			doc_str(row, "segment", s->label[q]);
			doc_num(row, "within_ss", km->within[q]);
			for (size_t j = 0; j < d; j++)
				doc_num(row, s->on[j].name, gsl_matrix_get(km->centre, q, j));
		}
	}
	if (km->converged < starts)
		doc_warning(doc, "%zu of %zu k-means starts did not converge in %d iterations", starts - km->converged,
			    starts, SEGMENT_MAX_ITER);
	if (km->best_starts == 1 && starts > 1)
		doc_warning(doc, "only 1 of %zu k-means starts reached the best solution: more starts (--starts) may "
				 "find a better one", starts);
	doc_note(doc, "k-means on z-scores (mean and SD of the %zu rows used; SD with n - 1 as R's scale()); "
		      "k-means++ starts, seed %zu (GSL mt19937); %zu of %zu starts reached the best solution", s->used,
		 seed, km->best_starts, starts);
	status = 0;
done:
	if (x)
		gsl_matrix_free(x);
	gsl_rng_free(rng);
	kmeans_free(km);
	return status;
}

/* Every segment's label on one line: "involvement low, trust high". */
static int flatten_labels(struct segmentation *s, struct sk_error *err)
{
	s->flat = calloc(s->n_seg ? s->n_seg : 1, sizeof *s->flat);
	if (!s->flat)
		return sk_out_of_memory(err);
	for (size_t q = 0; q < s->n_seg; q++) {
		struct strbuf b = STRBUF_INIT;
		for (const char *p = s->label[q]; *p; p++) {
			if (*p == '\n')
				strbuf_adds(&b, ", ");
			else
				strbuf_addc(&b, *p);
		}
		if (!(s->flat[q] = strbuf_take(&b)))
			return sk_out_of_memory(err);
	}
	return 0;
}

/* Mean, SD and t CI of one outcome per segment, and the one-way tests across segments. */
static int profile_outcome(json_t *doc, json_t *profiles, json_t *tests, const struct segmentation *s,
			   const struct variable *y, double level, struct sk_error *err)
{
	struct grouped *g = grouped_alloc(y->v, s->code, y->n, s->n_seg);
	struct group_summary *sum = NULL;
	size_t *map = NULL, k = 0;
	struct oneway_anova a;
	struct ftest welch;
	json_t *t;
	int st;

	if (!g)
		return sk_out_of_memory(err);
	sum = calloc(s->n_seg, sizeof *sum);
	map = calloc(s->n_seg, sizeof *map);
	if (!sum || !map) {
		grouped_free(g);
		free(sum);
		free(map);
		return sk_out_of_memory(err);
	}
	oneway_summaries(g, level, sum);
	for (size_t q = 0; q < s->n_seg; q++) {
		json_t *row = doc_push_obj(profiles);
		doc_str(row, "outcome", y->name);
		doc_str(row, "segment", s->flat[q]);
		doc_size(row, "n", sum[q].n);
		doc_num(row, "mean", sum[q].n ? sum[q].mean : NAN);
		doc_num(row, "sd", sum[q].sd);
		doc_num(row, "llci", sum[q].llci);
		doc_num(row, "ulci", sum[q].ulci);
		if (sum[q].n)
			sum[k++] = sum[q];
	}
	t = doc_push_obj(tests);
	doc_str(t, "outcome", y->name);
	doc_size(t, "segments", k);
	st = oneway_anova(sum, k, &a);
	doc_num_why(doc, t, "F", st == GSL_SUCCESS ? a.F : NAN, "the segments have too few cases or no variance");
	doc_num(t, "df1", st == GSL_SUCCESS ? a.df1 : NAN);
	doc_num(t, "df2", st == GSL_SUCCESS ? a.df2 : NAN);
	doc_num(t, "p", st == GSL_SUCCESS ? a.p : NAN);
	doc_num(t, "eta2", st == GSL_SUCCESS ? a.eta2 : NAN);
	st = oneway_welch(sum, k, &welch, NULL);
	doc_num_why(doc, t, "welch_F", st == GSL_SUCCESS ? welch.F : NAN,
		    "Welch's test needs two cases and some variance in every segment");
	doc_num(t, "welch_df2", st == GSL_SUCCESS ? welch.df2 : NAN);
	doc_num(t, "welch_p", st == GSL_SUCCESS ? welch.p : NAN);
	grouped_free(g);
	free(sum);
	free(map);
	return 0;
}

/* The rows an outcome's profile leaves out: those without a segment or without the outcome. */
static int note_outcome_dropped(const struct dataset *ds, json_t *doc, char **on, size_t n_on, const char *outcome,
				struct sk_error *err)
{
	const char **names = malloc((n_on + 1) * sizeof *names);
	char what[300];
	int status;

	if (!names)
		return sk_out_of_memory(err);
	for (size_t j = 0; j < n_on; j++)
		names[j] = on[j];
	names[n_on] = outcome;
	snprintf(what, sizeof what, "outcome '%.200s'", outcome);
	status = dataset_note_dropped(ds, doc, what, names, n_on + 1, NULL, err);
	free(names);
	return status;
}

int segment_document(const struct cli *cli, const struct dataset *ds, json_t **out, struct sk_error *err)
{
	const char *method_name = cli_get(cli, "method");
	char **on = NULL, **outs = NULL;
	size_t n_on = 0, n_outs = 0, rows = ds->frame.n_rows, *seg_n = NULL;
	double *seg_sum = NULL;
	struct segmentation s = {0};
	enum seg_method method = SEG_TERTILE;
	json_t *doc = NULL, *segs, *profiles, *tests;
	int status;

	*out = NULL;
	if (method_name) {
		if (strcmp(method_name, "median") == 0)
			method = SEG_MEDIAN;
		else if (strcmp(method_name, "tertile") == 0)
			method = SEG_TERTILE;
		else if (strcmp(method_name, "kmeans") == 0)
			method = SEG_KMEANS;
		else
			return sk_fail(err, SK_EXIT_USAGE, "--method must be median, tertile or kmeans, not '%s'", method_name);
	}
	if ((status = cli_get_list(cli, "on", &on, &n_on, err)) != 0)
		return status;
	if (!on) {
		return sk_fail(err, SK_EXIT_USAGE, "segment needs --on VAR[,VAR...] (see 'surveykit segment --help')");
	}
	if (n_on > 6) {
		cli_list_free(on);
		return sk_fail(err, SK_EXIT_USAGE, "--on takes at most 6 variables");
	}
	if ((status = cli_get_list(cli, "outcomes", &outs, &n_outs, err)) != 0)
		goto done;
	s.n_on = n_on;
	s.on = calloc(n_on, sizeof *s.on);
	s.code = malloc((rows ? rows : 1) * sizeof *s.code);
	if (!s.on || !s.code) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t j = 0; j < n_on; j++)
		if ((status = dataset_variable(ds, on[j], &s.on[j], err)) != 0 ||
		    (status = dataset_check_variable(&s.on[j], err)) != 0)
			goto done;
	for (size_t i = 0; i < rows; i++) {
		size_t j = 0;
		while (j < n_on && !isnan(s.on[j].v[i]))
			j++;
		s.code[i] = j == n_on ? 0 : -1;
		s.used += j == n_on;
	}
	if (s.used < 2) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot segment: %zu row%s %s every --on variable", s.used,
				 s.used == 1 ? "" : "s", s.used == 1 ? "has" : "have");
		goto done;
	}
	doc = dataset_doc(ds, "segment");
	doc_set_used(doc, s.used);
	if ((status = dataset_note_dropped(ds, doc, NULL, (const char *const *)on, n_on, NULL, err)) != 0)
		goto done;
	doc_str(doc, "method", method == SEG_MEDIAN ? "median" : method == SEG_TERTILE ? "tertile" : "kmeans");
	{
		json_t *arr = doc_arr(doc, "on");
		for (size_t j = 0; j < n_on; j++)
			doc_push_str(arr, on[j]);
	}
	if (method == SEG_KMEANS) {
		status = kmeans_segments(&s, cli, ds, doc, err);
	} else {
		status = quantile_segments(&s, method, ds, doc_arr(doc, "cuts"), err);
		doc_note(doc, "cut points are percentiles at position p(n + 1), interpolated (R type 6); a value equal to "
			      "a cut point goes to the lower group");
	}
	if (status == 0)
		status = flatten_labels(&s, err);
	if (status != 0)
		goto done;
	/* each segment's size and the sums of the --on variables, in one pass (each sum in row order) */
	seg_n = calloc(s.n_seg ? s.n_seg : 1, sizeof *seg_n);
	seg_sum = calloc((s.n_seg ? s.n_seg : 1) * n_on, sizeof *seg_sum);
	if (!seg_n || !seg_sum) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < rows; i++) {
		if (s.code[i] < 0)
			continue;
		seg_n[s.code[i]]++;
		for (size_t j = 0; j < n_on; j++)
			seg_sum[(size_t)s.code[i] * n_on + j] += s.on[j].v[i];
	}
	segs = doc_arr(doc, "segments");
	for (size_t q = 0; q < s.n_seg; q++) {
		json_t *row = doc_push_obj(segs);
		size_t n = seg_n[q];
		doc_str(row, "segment", s.flat[q]);
		doc_size(row, "n", n);
		doc_num(row, "percent", 100.0 * (double)n / (double)s.used);
		for (size_t j = 0; j < n_on; j++) {
			struct strbuf key = STRBUF_INIT;
			strbuf_addf(&key, "mean_%s", on[j]);
			if (!strbuf_ok(&key)) {
				strbuf_release(&key);
				status = sk_out_of_memory(err);
				goto done;
			}
			doc_num(row, strbuf_str(&key), n ? seg_sum[q * n_on + j] / (double)n : NAN);
			strbuf_release(&key);
		}
		if (n == 0)
			doc_note(doc, "segment '%s' is empty", s.flat[q]);
	}
	profiles = doc_arr(doc, "profiles");
	tests = doc_arr(doc, "tests");
	{
		size_t made = 0;
		for (size_t o = 0; o < (outs ? n_outs : ds->n_scales); o++) {
			const char *name = outs ? outs[o] : ds->scales[o].name;
			struct variable y;
			int skip = 0;
			for (size_t j = 0; !outs && j < n_on; j++)
				skip |= strcmp(on[j], name) == 0;
			if (skip)
				continue;
			if ((status = dataset_variable(ds, name, &y, err)) != 0 ||
			    (status = note_outcome_dropped(ds, doc, on, n_on, name, err)) != 0)
				goto done;
			status = dataset_check_variable(&y, err);
			if (status == 0)
				status = profile_outcome(doc, profiles, tests, &s, &y, cli->ci, err);
			variable_release(&y);
			if (status != 0)
				goto done;
			made++;
		}
		if (!made)
			doc_note(doc, "no outcomes: every scale is used in --on (name outcomes with --outcomes)");
	}
	doc_note(doc, "outcome means with %g%% t confidence intervals; one-way ANOVA and Welch's F across the non-empty "
		      "segments", cli->ci * 100);
	*out = doc;
	doc = NULL;
done:
	free(seg_n);
	free(seg_sum);
	json_decref(doc);
	segmentation_release(&s);
	cli_list_free(on);
	cli_list_free(outs);
	return status;
}

int cmd_segment(const struct cli *cli, struct sk_error *err)
{
	return command_run_document(cli, segment_document, err);
}
