/* surveykit factor DATA (--items A,B,C | --codebook CB) [--factors K] [--rotation R] [--sort]
 *                     [--suppress X] [--max-iter N]
 *
 * Exploratory factor analysis as psych::fa(fm = "pa") computes it (models/factor.h), with the
 * tables SPSS FACTOR prints: KMO and Bartlett's test, the initial eigenvalues, the (rotated)
 * pattern loadings with communalities, the variance explained, and for an oblique rotation the
 * structure matrix and the factor correlations. Items: the --items columns, or every item of
 * every scale in the codebook; an item of a scale is reverse-coded when the codebook says so.
 * Cases: listwise over the items. Number of factors: --factors, or as many eigenvalues of R as
 * exceed 1 (Kaiser's rule, SPSS's default), at most what the degrees of freedom allow. Typed
 * steps (analysis/commands/factor.h): factor_run computes, factor_emit writes the tables. */
#include "analysis/commands/factor.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/dropped.h"
#include "analysis/cli/limits.h"
#include "io/doc.h"
#include "models/factor.h"
#include "models/reliability.h"

const struct option_spec factor_options[] = {
	{"items", "A,B,C", "the items to factor (default: every scale item of the codebook)"},
	{"factors", "K", "number of factors (default: eigenvalues above 1)"},
	{"rotation", "NAME", "varimax (default), promax, oblimin or none"},
	{"sort", NULL, "sort items by the factor they load on most, then by loading"},
	{"suppress", "X", "blank loadings below X in absolute value"},
	{"max-iter", "N", "principal-axis iterations before giving up (default 50, as psych)"},
	{"max-items", "N", "most items factored (default 1000; the time grows with their cube)"},
	{0},
};

static double item_value(const struct dataset *ds, const struct factor_item *it, size_t row)
{
	return it->s ? dataset_item_value(ds, it->s, it->j, row) : frame_value(&ds->frame, it->col, row);
}

static int find_item(const struct dataset *ds, const char *name, struct factor_item *it, struct sk_error *err)
{
	size_t col = frame_find(&ds->frame, name);

	if (col == (size_t)-1)
		return sk_fail(err, SK_EXIT_INPUT, "no column named '%s' in '%s'", name, ds->frame.path);
	if (ds->frame.cols[col].kind != COLUMN_NUMERIC)
		return sk_fail(err, SK_EXIT_INPUT, "column '%s' is text, not numeric", name);
	*it = (struct factor_item){.name = ds->frame.cols[col].name, .col = col};
	for (size_t a = 0; a < ds->n_scales; a++)
		for (size_t j = 0; j < ds->scales[a].k; j++)
			if (ds->scales[a].items[j] == col) {
				it->s = &ds->scales[a];
				it->j = j;
				return 0;
			}
	return 0;
}

/* The --items columns, or every item of every scale of the codebook. */
static int collect_items(const struct factor_request *q, const struct dataset *ds, struct factor_result *res,
			 struct sk_error *err)
{
	size_t n = q->n_items;
	int rc = 0;

	if (!q->items) {
		for (size_t a = 0; a < ds->n_scales; a++)
			n += ds->scales[a].k;
		if (n == 0)
			return sk_fail(err, SK_EXIT_USAGE,
				       "factor needs --items A,B,C or a codebook that assigns items to scales");
	}
	if (!(res->items = calloc(n, sizeof *res->items)))
		return sk_out_of_memory(err);
	if (q->items) {
		for (size_t i = 0; i < n && !rc; i++)
			rc = find_item(ds, q->items[i], &res->items[i], err);
	} else {
		size_t i = 0;
		for (size_t a = 0; a < ds->n_scales; a++)
			for (size_t j = 0; j < ds->scales[a].k; j++, i++)
				res->items[i] = (struct factor_item){.name = ds->frame.cols[ds->scales[a].items[j]].name,
								     .col = ds->scales[a].items[j],
								     .s = &ds->scales[a],
								     .j = j};
	}
	res->p = n;
	return rc;
}

/* Every item's values within the range where sums of squares stay finite (analysis/data/dataset.h). */
static int check_magnitudes(const struct dataset *ds, const struct factor_item *items, size_t p, struct sk_error *err)
{
	size_t n = ds->frame.n_rows;
	double *v = malloc((n ? n : 1) * sizeof *v);
	int rc = 0;

	if (!v)
		return sk_out_of_memory(err);
	for (size_t j = 0; j < p && !rc; j++) {
		char what[300];
		for (size_t row = 0; row < n; row++)
			v[row] = item_value(ds, &items[j], row);
		snprintf(what, sizeof what, "item '%s'", items[j].name);
		rc = dataset_check_magnitude(v, n, 1, what, err);
	}
	free(v);
	return rc;
}

int factor_request_parse(const struct cli *cli, struct factor_request *q, struct sk_error *err)
{
	const char *rot_name = cli_get(cli, "rotation");
	int rc;

	if ((rc = limit_option(cli, "max-items", LIMIT_SCALE_ITEMS, &q->max_items, err)) ||
	    (rc = cli_get_list(cli, "items", &q->items, &q->n_items, err)))
		return rc;
	for (size_t i = 0; i < q->n_items; i++)
		for (size_t j = 0; j < i; j++)
			if (strcmp(q->items[i], q->items[j]) == 0)
				return sk_fail(err, SK_EXIT_USAGE, "item '%s' is listed twice in --items", q->items[i]);
	q->rotation = ROTATION_VARIMAX;
	if (rot_name && rotation_parse(rot_name, &q->rotation))
		return sk_fail(err, SK_EXIT_USAGE, "unknown rotation '%s': use varimax, promax, oblimin or none", rot_name);
	if ((rc = cli_get_double(cli, "suppress", 0, &q->suppress, err)) ||
	    (rc = cli_get_size(cli, "max-iter", FACTOR_PA_MAX_ITER, &q->max_iter, err)))
		return rc;
	if (q->suppress < 0 || q->suppress >= 1 || q->max_iter == 0)
		return sk_fail(err, SK_EXIT_USAGE, q->suppress < 0 || q->suppress >= 1 ? "--suppress must lie in [0, 1)"
										      : "--max-iter must be at least 1");
	q->sort = cli_flag(cli, "sort");
	q->has_factors = cli_get(cli, "factors") != NULL;
	return cli_get_size(cli, "factors", 0, &q->factors, err);
}

void factor_request_release(struct factor_request *q)
{
	cli_list_free(q->items);
	memset(q, 0, sizeof *q);
}

/* The correlation matrix of the items over the respondents who answered every one (res->n). */
static int correlations(const struct dataset *ds, struct factor_result *res, gsl_matrix *r, struct sk_error *err)
{
	size_t p = res->p, bad = 0;
	struct item_cov *acc = item_cov_alloc(p);
	gsl_matrix *cov = gsl_matrix_alloc(p, p);
	gsl_vector *mean = gsl_vector_alloc(p);
	double *x = malloc(p * sizeof *x);
	int rc = 0;

	if (!acc || !cov || !mean || !x) {
		rc = sk_out_of_memory(err);
		goto done;
	}
	for (size_t row = 0; row < ds->frame.n_rows; row++) {
		size_t j;
		for (j = 0; j < p; j++)
			if (isnan(x[j] = item_value(ds, &res->items[j], row)))
				break;
		if (j == p)
			item_cov_add(acc, x);
	}
	res->n = acc->n;
	if (acc->n < 2) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot factor: %zu respondent%s answered every item", acc->n,
			     acc->n == 1 ? "" : "s");
		goto done;
	}
	item_cov_get(acc, cov, mean);
	if (factor_cor_from_cov(cov, r, &bad))
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot factor: item '%s' is constant (every one of %zu respondents has %g)",
			     res->items[bad].name, acc->n, gsl_vector_get(mean, bad));
	else if (factor_check_singular(r, &bad) == GSL_ESING)
		rc = sk_fail(err, SK_EXIT_ANALYSIS,
			     "cannot factor: the correlation matrix is singular ('%s' is a linear combination of other items)",
			     res->items[bad].name);
done:
	item_cov_free(acc);
	gsl_matrix_free(cov);
	gsl_vector_free(mean);
	free(x);
	return rc;
}

/* Principal-axis factoring of r with res->k factors, rotated. */
static int extract(const struct factor_request *q, struct factor_result *res, const gsl_matrix *r, struct sk_error *err)
{
	struct factor_settings o;
	size_t bad = 0;
	int status;

	factor_settings_init(&o, res->k, q->rotation);
	o.max_iter = q->max_iter;
	if (!(res->fit = factor_fit_alloc(res->p, res->k)))
		return sk_out_of_memory(err);
	status = factor_pa(r, &o, res->fit, &bad);
	if (status == GSL_EMAXITER)
		return res->fit->pa_iterations >= q->max_iter && res->fit->rotation_iterations < o.rotation_max_iter
			       ? sk_fail(err, SK_EXIT_ANALYSIS,
					 "principal-axis factoring did not converge in %zu iterations (communalities "
					 "still changing by more than %g): try fewer factors or --max-iter",
					 res->fit->pa_iterations, o.min_err)
			       : sk_fail(err, SK_EXIT_ANALYSIS, "%s rotation did not converge in %zu iterations",
					 rotation_name(q->rotation), res->fit->rotation_iterations);
	if (status == GSL_EDOM)
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "cannot extract %zu factors: eigenvalue %zu of the reduced correlation matrix is "
			       "negative; try fewer factors",
			       res->k, bad + 1);
	if (status)
		return sk_fail(err, SK_EXIT_ANALYSIS, "factor analysis failed: %s", gsl_strerror(status));
	return 0;
}

int factor_run(const struct factor_request *q, const struct dataset *ds, struct factor_result *res,
	       struct sk_error *err)
{
	gsl_matrix *r = NULL;
	size_t p, bad = 0, kaiser = 0;
	int rc, status;

	res->ds = ds;
	res->rotation = q->rotation;
	res->suppress = q->suppress;
	if ((rc = collect_items(q, ds, res, err)))
		return rc;
	p = res->p;
	if (p > q->max_items)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot factor %zu items: at most %zu (raise the limit with --max-items)",
			       p, q->max_items);
	if (p < 3)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot factor %zu item%s: one factor needs at least 3", p,
			       p == 1 ? "" : "s");
	if ((rc = check_magnitudes(ds, res->items, p, err)))
		return rc;
	r = gsl_matrix_alloc(p, p);
	res->msa_item = gsl_vector_alloc(p);
	res->eigen = gsl_vector_alloc(p);
	res->order = malloc(p * sizeof *res->order);
	if (!r || !res->msa_item || !res->eigen || !res->order) {
		rc = sk_out_of_memory(err);
		goto done;
	}
	if ((rc = correlations(ds, res, r, err)))
		goto done;
	/* sampling adequacy */
	if ((status = factor_kmo(r, &res->msa, res->msa_item, &bad))) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute KMO: %s", gsl_strerror(status));
		goto done;
	}
	res->bartlett_status = factor_bartlett(r, res->n, &res->bartlett, &bad);
	/* number of factors */
	if (factor_eigenvalues(r, res->eigen)) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute the eigenvalues of the correlation matrix");
		goto done;
	}
	for (size_t j = 0; j < p; j++)
		kaiser += gsl_vector_get(res->eigen, j) > 1;
	res->kmax = factor_max_factors(p);
	res->kaiser = !q->has_factors;
	res->k = q->factors;
	if (res->kaiser) {
		res->k = kaiser ? kaiser : 1;
		if (res->k > res->kmax)
			res->k = res->kmax;
	} else if (res->k == 0 || res->k > res->kmax) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS,
			     "cannot extract %zu factor%s from %zu items: at most %zu (the model's degrees of freedom "
			     "((p - k)^2 - (p + k)) / 2 must not be negative)",
			     res->k, res->k == 1 ? "" : "s", p, res->kmax);
		goto done;
	}
	/* extraction and rotation */
	if ((rc = extract(q, res, r, err)))
		goto done;
	for (size_t i = 0; i < p; i++)
		res->order[i] = i;
	if (q->sort)
		factor_sort_order(res->fit->loadings, res->order);
done:
	gsl_matrix_free(r);
	return rc;
}

static const char *factor_label(size_t j, char *buf, size_t size)
{
	snprintf(buf, size, "PA%zu", j + 1);
	return buf;
}

/* A loadings table (pattern or structure) with communalities when h2 is given. */
static void loadings_table(json_t *doc, const char *key, const gsl_matrix *l, const struct factor_result *res,
			   const gsl_vector *h2)
{
	json_t *arr = doc_arr(doc, key);
	char lab[32];

	for (size_t a = 0; a < l->size1; a++) {
		size_t i = res->order[a];
		json_t *row = doc_push_obj(arr);
		doc_str(row, "item", res->items[i].name);
		for (size_t j = 0; j < l->size2; j++) {
			double v = gsl_matrix_get(l, i, j);
			if (fabs(v) < res->suppress)
				json_object_set_new(row, factor_label(j, lab, sizeof lab), json_null());
			else
				doc_num(row, factor_label(j, lab, sizeof lab), v);
		}
		if (h2) {
			doc_num(row, "communality", gsl_vector_get(h2, i));
			doc_num(row, "uniqueness", 1 - gsl_vector_get(h2, i));
		}
	}
}

static void emit_adequacy(json_t *doc, const struct factor_result *res)
{
	size_t p = res->p;
	json_t *t = doc_obj(doc, "kmo"), *arr;

	doc_str(t, "_title", "KMO and Bartlett's test");
	doc_num(t, "msa", res->msa);
	doc_num(t, "bartlett_chisq", res->bartlett_status ? NAN : res->bartlett.chisq);
	if (res->bartlett_status)
		doc_num(t, "bartlett_df", NAN);
	else
		doc_size(t, "bartlett_df", p * (p - 1) / 2);
	doc_num(t, "bartlett_p", res->bartlett_status ? NAN : res->bartlett.p);
	if (res->bartlett_status)
		doc_note(doc, "bartlett's test is null: %zu cases are too few for %zu items", res->n, p);
	arr = doc_arr(doc, "sampling_adequacy");
	for (size_t i = 0; i < p; i++) {
		json_t *row = doc_push_obj(arr);
		doc_str(row, "item", res->items[i].name);
		doc_num(row, "msa", gsl_vector_get(res->msa_item, i));
	}
}

static void emit_eigenvalues(json_t *doc, const struct factor_result *res)
{
	size_t p = res->p, k = res->k;
	json_t *arr = doc_arr(doc, "eigenvalues");
	double cum = 0;

	for (size_t j = 0; j < p; j++) {
		double ev = gsl_vector_get(res->eigen, j);
		json_t *row = doc_push_obj(arr);
		cum += ev / (double)p * 100;
		doc_size(row, "factor", j + 1);
		doc_num(row, "eigenvalue", ev);
		doc_num(row, "percent", ev / (double)p * 100);
		doc_num(row, "cumulative", cum);
	}
	if (res->kaiser)
		doc_note(doc, "%zu factor%s retained: eigenvalues above 1 (Kaiser), at most %zu for %zu items", k,
			 k == 1 ? "" : "s", res->kmax, p);
}

static void emit_solution(json_t *doc, const struct factor_result *res)
{
	const struct factor_fit *fit = res->fit;
	size_t p = res->p, k = res->k;
	json_t *t = doc_obj(doc, "extraction"), *arr;
	double cum = 0;
	char lab[32];

	doc_str(t, "_title", "Extraction");
	doc_str(t, "method", "principal axis factoring (psych::fa, fm = \"pa\")");
	doc_size(t, "factors", k);
	doc_size(t, "iterations", fit->pa_iterations);
	doc_str(t, "rotation", k > 1 ? rotation_name(res->rotation) : "none");
	doc_size(t, "rotation_iterations", fit->rotation_iterations);
	if (k == 1 && res->rotation != ROTATION_NONE)
		doc_note(doc, "one factor: no rotation applied");
	loadings_table(doc, "loadings", fit->loadings, res, fit->communality);
	if (fit->oblique)
		loadings_table(doc, "structure", fit->structure, res, NULL);
	if (res->suppress > 0)
		doc_note(doc, "loadings below %g in absolute value are suppressed (null)", res->suppress);
	arr = doc_arr(doc, "variance_explained");
	for (size_t j = 0; j < k; j++) {
		double ss = gsl_vector_get(fit->ss_loadings, j);
		json_t *row = doc_push_obj(arr);
		cum += ss / (double)p * 100;
		doc_str(row, "factor", factor_label(j, lab, sizeof lab));
		doc_num(row, "ss_loadings", ss);
		doc_num(row, "percent", ss / (double)p * 100);
		doc_num(row, "cumulative", cum);
	}
	if (fit->oblique) {
		arr = doc_arr(doc, "factor_correlations");
		for (size_t a = 0; a < k; a++) {
			json_t *row = doc_push_obj(arr);
			if (a == 0)
				doc_str(row, "_title", "Factor correlations");
			doc_str(row, "factor", factor_label(a, lab, sizeof lab));
			for (size_t b = 0; b < k; b++)
				doc_num(row, factor_label(b, lab, sizeof lab), gsl_matrix_get(fit->phi, a, b));
		}
		doc_note(doc, "oblique rotation: sums of squared loadings are diag(Phi L'L) and do not add up "
			      "to the common variance");
	}
	for (size_t i = 0; i < p; i++)
		if (gsl_vector_get(fit->communality, i) > 1)
			doc_warning(doc, "item '%s' has a communality above 1 (Heywood case): interpret with care",
				    res->items[i].name);
}

size_t factor_used(const struct factor_result *res)
{
	return res->n;
}

json_t *factor_emit(const struct factor_result *res)
{
	json_t *doc = dataset_doc(res->ds, "factor");
	const char **names = malloc((res->p ? res->p : 1) * sizeof *names);
	struct sk_error err;

	if (!doc || !names)
		goto fail;
	doc_set_used(doc, factor_used(res));
	for (size_t j = 0; j < res->p; j++)
		names[j] = res->items[j].name;
	if (dataset_note_dropped(res->ds, doc, NULL, names, res->p, NULL, &err) != 0)
		goto fail;
	free(names);
	emit_adequacy(doc, res);
	emit_eigenvalues(doc, res);
	emit_solution(doc, res);
	return doc;
fail:
	free(names);
	json_decref(doc);
	return NULL;
}

void factor_result_release(struct factor_result *res)
{
	free(res->items);
	gsl_vector_free(res->msa_item);
	gsl_vector_free(res->eigen);
	factor_fit_free(res->fit);
	free(res->order);
	memset(res, 0, sizeof *res);
}

COMMAND_STEPS(factor);
