/* surveykit factor DATA (--items A,B,C | --codebook CB) [--factors K] [--rotation R] [--sort]
 *                     [--suppress X] [--max-iter N]
 *
 * Exploratory factor analysis as psych::fa(fm = "pa") computes it (models/factor.h), with the
 * tables SPSS FACTOR prints: KMO and Bartlett's test, the initial eigenvalues, the (rotated)
 * pattern loadings with communalities, the variance explained, and for an oblique rotation the
 * structure matrix and the factor correlations. Items: the --items columns, or every item of
 * every scale in the codebook; an item of a scale is reverse-coded when the codebook says so.
 * Cases: listwise over the items. Number of factors: --factors, or as many eigenvalues of R as
 * exceed 1 (Kaiser's rule, SPSS's default), at most what the degrees of freedom allow. */
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

/* Where an item's values come from: a scale item (reverse-coded) or a plain column. */
struct source {
	const char *name;
	size_t col;
	const struct scale *s; /* NULL: the column as read */
	size_t j;              /* index in s->items */
};

static double source_value(const struct dataset *ds, const struct source *src, size_t row)
{
	return src->s ? dataset_item_value(ds, src->s, src->j, row) : frame_value(&ds->frame, src->col, row);
}

static int find_source(const struct dataset *ds, const char *name, struct source *src, struct sk_error *err)
{
	size_t col = frame_find(&ds->frame, name);

	if (col == (size_t)-1)
		return sk_fail(err, SK_EXIT_INPUT, "no column named '%s' in '%s'", name, ds->frame.path);
	if (ds->frame.cols[col].kind != COLUMN_NUMERIC)
		return sk_fail(err, SK_EXIT_INPUT, "column '%s' is text, not numeric", name);
	*src = (struct source){.name = ds->frame.cols[col].name, .col = col};
	for (size_t a = 0; a < ds->n_scales; a++)
		for (size_t j = 0; j < ds->scales[a].k; j++)
			if (ds->scales[a].items[j] == col) {
				src->s = &ds->scales[a];
				src->j = j;
				return 0;
			}
	return 0;
}

static int collect_sources(const struct cli *cli, const struct dataset *ds, struct source **out, size_t *p,
			   struct sk_error *err)
{
	char **names = NULL;
	size_t n = 0;
	int rc = cli_get_list(cli, "items", &names, &n, err);

	*out = NULL;
	*p = 0;
	if (rc)
		return rc;
	if (!names) {
		for (size_t a = 0; a < ds->n_scales; a++)
			n += ds->scales[a].k;
		if (n == 0)
			return sk_fail(err, SK_EXIT_USAGE,
				       "factor needs --items A,B,C or a codebook that assigns items to scales");
	}
	*out = calloc(n, sizeof **out);
	if (!*out) {
		cli_list_free(names);
		return sk_out_of_memory(err);
	}
	if (names) {
		for (size_t i = 0; i < n && !rc; i++) {
			for (size_t j = 0; j < i && !rc; j++)
				if (strcmp(names[i], names[j]) == 0)
					rc = sk_fail(err, SK_EXIT_USAGE, "item '%s' is listed twice in --items", names[i]);
			if (!rc)
				rc = find_source(ds, names[i], &(*out)[i], err);
		}
		cli_list_free(names);
	} else {
		size_t i = 0;
		for (size_t a = 0; a < ds->n_scales; a++)
			for (size_t j = 0; j < ds->scales[a].k; j++, i++)
				(*out)[i] = (struct source){.name = ds->frame.cols[ds->scales[a].items[j]].name,
							    .col = ds->scales[a].items[j],
							    .s = &ds->scales[a],
							    .j = j};
	}
	*p = n;
	return rc;
}

static const char *factor_label(size_t j, char *buf, size_t size)
{
	snprintf(buf, size, "PA%zu", j + 1);
	return buf;
}

/* A loadings table (pattern or structure) with communalities when h2 is given. */
static void loadings_table(json_t *doc, const char *key, const gsl_matrix *l,
			   const struct source *src, const size_t *order, double suppress, const gsl_vector *h2)
{
	json_t *arr = doc_arr(doc, key);
	char lab[32];

	for (size_t a = 0; a < l->size1; a++) {
		size_t i = order[a];
		json_t *row = doc_push_obj(arr);
		doc_str(row, "item", src[i].name);
		for (size_t j = 0; j < l->size2; j++) {
			double v = gsl_matrix_get(l, i, j);
			if (fabs(v) < suppress)
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

/* Every item's values within the range where sums of squares stay finite (analysis/data/dataset.h). */
static int check_magnitudes(const struct dataset *ds, const struct source *src, size_t p, struct sk_error *err)
{
	size_t n = ds->frame.n_rows;
	double *v = malloc((n ? n : 1) * sizeof *v);
	int rc = 0;

	if (!v)
		return sk_out_of_memory(err);
	for (size_t j = 0; j < p && !rc; j++) {
		char what[300];
		for (size_t row = 0; row < n; row++)
			v[row] = source_value(ds, &src[j], row);
		snprintf(what, sizeof what, "item '%s'", src[j].name);
		rc = dataset_check_magnitude(v, n, 1, what, err);
	}
	free(v);
	return rc;
}

static int analyse(const struct cli *cli, const struct dataset *ds, const struct source *src, size_t p,
		   json_t *doc, struct sk_error *err)
{
	struct item_cov *acc = item_cov_alloc(p);
	gsl_matrix *cov = gsl_matrix_alloc(p, p), *r = gsl_matrix_alloc(p, p);
	gsl_vector *mean = gsl_vector_alloc(p), *msai = gsl_vector_alloc(p);
	double *x = malloc(p * sizeof *x), msa, suppress = 0, cum = 0;
	size_t *order = malloc(p * sizeof *order), bad = 0, k, kmax, kaiser = 0, max_iter;
	struct factor_fit *fit = NULL;
	struct factor_settings o;
	struct bartlett bt;
	enum rotation_method rot = ROTATION_VARIMAX;
	const char *rot_name = cli_get(cli, "rotation");
	json_t *t, *arr;
	char lab[32];
	int rc = 0, status;

	if (!acc || !cov || !r || !mean || !msai || !x || !order) {
		rc = sk_out_of_memory(err);
		goto done;
	}
	if (rot_name && rotation_parse(rot_name, &rot)) {
		rc = sk_fail(err, SK_EXIT_USAGE, "unknown rotation '%s': use varimax, promax, oblimin or none", rot_name);
		goto done;
	}
	if ((rc = cli_get_double(cli, "suppress", 0, &suppress, err)) ||
	    (rc = cli_get_size(cli, "max-iter", FACTOR_PA_MAX_ITER, &max_iter, err)))
		goto done;
	if (suppress < 0 || suppress >= 1 || max_iter == 0) {
		rc = sk_fail(err, SK_EXIT_USAGE, suppress < 0 || suppress >= 1 ? "--suppress must lie in [0, 1)"
									: "--max-iter must be at least 1");
		goto done;
	}
	if (p < 3) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot factor %zu item%s: one factor needs at least 3", p,
			     p == 1 ? "" : "s");
		goto done;
	}
	if ((rc = check_magnitudes(ds, src, p, err)) != 0)
		goto done;
	for (size_t row = 0; row < ds->frame.n_rows; row++) {
		size_t j;
		for (j = 0; j < p; j++)
			if (isnan(x[j] = source_value(ds, &src[j], row)))
				break;
		if (j == p)
			item_cov_add(acc, x);
	}
	doc_set_used(doc, acc->n);
	{
		const char **names = malloc(p * sizeof *names);
		if (!names) {
			rc = sk_out_of_memory(err);
			goto done;
		}
		for (size_t j = 0; j < p; j++)
			names[j] = src[j].name;
		rc = dataset_note_dropped(ds, doc, NULL, names, p, NULL, err);
		free(names);
		if (rc)
			goto done;
	}
	if (acc->n < 2) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot factor: %zu respondent%s answered every item", acc->n,
			     acc->n == 1 ? "" : "s");
		goto done;
	}
	item_cov_get(acc, cov, mean);
	if (factor_cor_from_cov(cov, r, &bad)) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot factor: item '%s' is constant (every one of %zu respondents has %g)",
			     src[bad].name, acc->n, gsl_vector_get(mean, bad));
		goto done;
	}
	if (factor_check_singular(r, &bad) == GSL_ESING) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS,
			     "cannot factor: the correlation matrix is singular ('%s' is a linear combination of other items)",
			     src[bad].name);
		goto done;
	}
	/* sampling adequacy */
	if ((status = factor_kmo(r, &msa, msai, &bad))) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute KMO: %s", gsl_strerror(status));
		goto done;
	}
	t = doc_obj(doc, "kmo");
	doc_str(t, "_title", "KMO and Bartlett's test");
	doc_num(t, "msa", msa);
	status = factor_bartlett(r, acc->n, &bt, &bad);
	doc_num(t, "bartlett_chisq", status ? NAN : bt.chisq);
	if (status)
		doc_num(t, "bartlett_df", NAN);
	else
		doc_size(t, "bartlett_df", p * (p - 1) / 2);
	doc_num(t, "bartlett_p", status ? NAN : bt.p);
	if (status)
		doc_note(doc, "bartlett's test is null: %zu cases are too few for %zu items", acc->n, p);
	arr = doc_arr(doc, "sampling_adequacy");
	for (size_t i = 0; i < p; i++) {
		json_t *row = doc_push_obj(arr);
		doc_str(row, "item", src[i].name);
		doc_num(row, "msa", gsl_vector_get(msai, i));
	}
	/* number of factors */
	fit = factor_fit_alloc(p, 1);
	if (!fit || factor_eigenvalues(r, fit->eigen)) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute the eigenvalues of the correlation matrix");
		goto done;
	}
	arr = doc_arr(doc, "eigenvalues");
	for (size_t j = 0; j < p; j++) {
		double ev = gsl_vector_get(fit->eigen, j);
		json_t *row = doc_push_obj(arr);
		cum += ev / (double)p * 100;
		doc_size(row, "factor", j + 1);
		doc_num(row, "eigenvalue", ev);
		doc_num(row, "percent", ev / (double)p * 100);
		doc_num(row, "cumulative", cum);
		kaiser += ev > 1;
	}
	factor_fit_free(fit);
	fit = NULL;
	kmax = factor_max_factors(p);
	if ((rc = cli_get_size(cli, "factors", 0, &k, err)))
		goto done;
	if (!cli_get(cli, "factors")) {
		k = kaiser ? kaiser : 1;
		if (k > kmax)
			k = kmax;
		doc_note(doc, "%zu factor%s retained: eigenvalues above 1 (Kaiser), at most %zu for %zu items", k,
			 k == 1 ? "" : "s", kmax, p);
	} else if (k == 0 || k > kmax) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS,
			     "cannot extract %zu factor%s from %zu items: at most %zu (the model's degrees of freedom "
			     "((p - k)^2 - (p + k)) / 2 must not be negative)",
			     k, k == 1 ? "" : "s", p, kmax);
		goto done;
	}
	/* extraction and rotation */
	factor_settings_init(&o, k, rot);
	o.max_iter = max_iter;
	fit = factor_fit_alloc(p, k);
	if (!fit) {
		rc = sk_out_of_memory(err);
		goto done;
	}
	status = factor_pa(r, &o, fit, &bad);
	if (status == GSL_EMAXITER) {
		rc = fit->pa_iterations >= max_iter && fit->rotation_iterations < o.rotation_max_iter
			     ? sk_fail(err, SK_EXIT_ANALYSIS,
				       "principal-axis factoring did not converge in %zu iterations (communalities "
				       "still changing by more than %g): try fewer factors or --max-iter",
				       fit->pa_iterations, o.min_err)
			     : sk_fail(err, SK_EXIT_ANALYSIS, "%s rotation did not converge in %zu iterations",
				       rotation_name(rot), fit->rotation_iterations);
		goto done;
	}
	if (status == GSL_EDOM) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS,
			     "cannot extract %zu factors: eigenvalue %zu of the reduced correlation matrix is "
			     "negative; try fewer factors",
			     k, bad + 1);
		goto done;
	}
	if (status) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "factor analysis failed: %s", gsl_strerror(status));
		goto done;
	}
	t = doc_obj(doc, "extraction");
	doc_str(t, "_title", "Extraction");
	doc_str(t, "method", "principal axis factoring (psych::fa, fm = \"pa\")");
	doc_size(t, "factors", k);
	doc_size(t, "iterations", fit->pa_iterations);
	doc_str(t, "rotation", k > 1 ? rotation_name(rot) : "none");
	doc_size(t, "rotation_iterations", fit->rotation_iterations);
	if (k == 1 && rot != ROTATION_NONE)
		doc_note(doc, "one factor: no rotation applied");
	for (size_t i = 0; i < p; i++)
		order[i] = i;
	if (cli_flag(cli, "sort"))
		factor_sort_order(fit->loadings, order);
	loadings_table(doc, "loadings", fit->loadings, src, order, suppress, fit->communality);
	if (fit->oblique)
		loadings_table(doc, "structure", fit->structure, src, order, suppress, NULL);
	if (suppress > 0)
		doc_note(doc, "loadings below %g in absolute value are suppressed (null)", suppress);
	arr = doc_arr(doc, "variance_explained");
	cum = 0;
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
				    src[i].name);
done:
	item_cov_free(acc);
	gsl_matrix_free(cov);
	gsl_matrix_free(r);
	gsl_vector_free(mean);
	gsl_vector_free(msai);
	free(x);
	free(order);
	factor_fit_free(fit);
	return rc;
}

int cmd_factor(const struct cli *cli, struct sk_error *err)
{
	struct dataset ds = {0};
	struct source *src = NULL;
	const char *path;
	json_t *doc = NULL;
	size_t p = 0, max_items;
	int rc;

	if ((rc = cli_data_path(cli, &path, err)) || (rc = limit_option(cli, "max-items", LIMIT_SCALE_ITEMS, &max_items, err)))
		return rc;
	if ((rc = dataset_load(&ds, path, cli, err)))
		return rc;
	if ((rc = collect_sources(cli, &ds, &src, &p, err)))
		goto done;
	if (p > max_items) {
		rc = sk_fail(err, SK_EXIT_ANALYSIS, "cannot factor %zu items: at most %zu (raise the limit with --max-items)", p,
			     max_items);
		goto done;
	}
	doc = dataset_doc(&ds, "factor");
	if (!doc) {
		rc = sk_out_of_memory(err);
		goto done;
	}
	if ((rc = analyse(cli, &ds, src, p, doc, err)))
		goto done;
	rc = command_output(cli, doc, err);
done:
	json_decref(doc);
	free(src);
	dataset_free(&ds);
	return rc;
}
