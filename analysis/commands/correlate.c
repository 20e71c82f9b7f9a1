/* surveykit correlate DATA [--vars A,B,...] [--listwise]: Pearson correlations of the scale
 * scores (or of the named columns and scales) with two-sided p-values, the n of each pair and
 * Fisher-z confidence intervals (models/correlation.h: a pair needs 3 complete rows and variance
 * in both). Pairwise deletion by default, as SPSS CORRELATIONS and psych::corr.test; --listwise
 * keeps only rows with every variable. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/dropped.h"
#include "analysis/cli/limits.h"
#include "io/doc.h"
#include "models/correlation.h"

const struct option_spec correlate_options[] = {
	{"vars", "A,B,...", "variables or scales to correlate (default: every scale)"},
	{"listwise", NULL, "use only rows where every variable is present (default: pairwise)"},
	{"max-vars", "N", "most variables in the matrix (default 500; the output grows with their square)"},
	{0},
};

/* Fisher (1921): z = atanh(r), SE 1 / sqrt(n - 3), back-transformed (R cor.test). */
static void fisher_ci(double r, size_t n, double level, double *lo, double *hi)
{
	double z, h;

	*lo = *hi = NAN;
	if (isnan(r) || n < 4 || fabs(r) >= 1)
		return;
	z = atanh(r);
	h = gsl_cdf_ugaussian_Pinv(0.5 + level / 2) / sqrt((double)n - 3);
	*lo = tanh(z - h);
	*hi = tanh(z + h);
}

int correlate_document(const struct cli *cli, const struct dataset *ds, json_t **out, struct sk_error *err)
{
	char **names = NULL;
	size_t k = 0, max_vars;
	struct variable *vars = NULL;
	const double **cols = NULL;
	const char **vnames = NULL;
	double *data = NULL;
	gsl_matrix *r = NULL, *p = NULL, *count = NULL;
	size_t rows = ds->frame.n_rows, used = 0;
	json_t *doc = NULL, *labels, *rj, *pj, *nj, *pairs;
	int status, pairwise = !cli_flag(cli, "listwise");

	*out = NULL;
	if ((status = limit_option(cli, "max-vars", LIMIT_MATRIX_VARS, &max_vars, err)) != 0 ||
	    (status = cli_get_list(cli, "vars", &names, &k, err)) != 0)
		return status;
	if (!names)
		k = ds->n_scales;
	if (k < 2) {
		cli_list_free(names);
		return sk_fail(err, names ? SK_EXIT_USAGE : SK_EXIT_ANALYSIS,
			       "cannot correlate: %s", names ? "--vars needs at least two variables"
							     : "the data have fewer than two scales (name them with --vars)");
	}
	if (k > max_vars) {
		cli_list_free(names);
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "cannot correlate %zu %s: at most %zu in one matrix (raise the limit with --max-vars)", k,
			       names ? "variables" : "scales", max_vars);
	}
	vars = calloc(k, sizeof *vars);
	if (!vars) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t j = 0; j < k; j++)
		if ((status = dataset_variable(ds, names ? names[j] : ds->scales[j].name, &vars[j], err)) != 0 ||
		    (status = dataset_check_variable(&vars[j], err)) != 0)
			goto done;
	if (!(vnames = malloc(k * sizeof *vnames))) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t j = 0; j < k; j++)
		vnames[j] = vars[j].name;
	/* the data as rows x variables: every row (pairwise), or only the complete ones (listwise) */
	for (size_t i = 0; i < rows; i++) {
		size_t j = 0;
		while (j < k && !isnan(vars[j].v[i]))
			j++;
		used += pairwise || j == k;
	}
	if (used == 0) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot correlate: no row has every variable");
		goto done;
	}
	cols = malloc(k * sizeof *cols);
	data = pairwise ? NULL : malloc(used * k * sizeof *data);
	r = gsl_matrix_alloc(k, k);
	p = gsl_matrix_alloc(k, k);
	count = gsl_matrix_alloc(k, k);
	if (!cols || (!pairwise && !data) || !r || !p || !count) {
		status = sk_out_of_memory(err);
		goto done;
	}
	/* pairwise: the variables as they are; listwise: their values on the complete rows */
	for (size_t j = 0; j < k; j++)
		cols[j] = pairwise ? vars[j].v : data + j * used;
	for (size_t i = 0, row = 0; !pairwise && i < rows; i++) {
		size_t j = 0;
		while (j < k && !isnan(vars[j].v[i]))
			j++;
		if (j < k)
			continue;
		for (j = 0; j < k; j++)
			data[j * used + row] = vars[j].v[i];
		row++;
	}
	if (correlation_columns(cols, k, used, r, p, count) == GSL_EBADLEN) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot correlate: matrix sizes differ");
		goto done;
	}
	doc = dataset_doc(ds, "correlate");
	doc_str(doc, "missing", pairwise ? "pairwise" : "listwise");
	labels = doc_arr(doc, "vars");
	for (size_t j = 0; j < k; j++)
		doc_push_str(labels, vars[j].name);
	if (!pairwise) {
		doc_set_used(doc, used);
		if ((status = dataset_note_dropped(ds, doc, NULL, vnames, k, NULL, err)) != 0)
			goto done;
	}
	/* pairwise: each correlation leaves out the rows missing either variable, counted per variable */
	for (size_t j = 0; pairwise && j < k; j++) {
		char what[400];
		snprintf(what, sizeof what, "'%.200s' (and each correlation with it)", vnames[j]);
		if ((status = dataset_note_dropped(ds, doc, what, &vnames[j], 1, NULL, err)) != 0)
			goto done;
	}
	rj = json_array();
	pj = json_array();
	nj = json_array();
	json_object_set_new(doc, "r", rj);
	json_object_set_new(doc, "p", pj);
	json_object_set_new(doc, "n", nj);
	for (size_t a = 0; a < k; a++) {
		json_t *rr = json_array(), *pr = json_array(), *nr = json_array();
		json_array_append_new(rj, rr);
		json_array_append_new(pj, pr);
		json_array_append_new(nj, nr);
		for (size_t b = 0; b < k; b++) {
			doc_push_num(rr, gsl_matrix_get(r, a, b));
			doc_push_num(pr, gsl_matrix_get(p, a, b));
			json_array_append_new(nr, json_integer((json_int_t)gsl_matrix_get(count, a, b)));
		}
	}
	pairs = doc_arr(doc, "pairs");
	for (size_t a = 0; a < k; a++)
		for (size_t b = a + 1; b < k; b++) {
			json_t *row = doc_push_obj(pairs);
			double rv = gsl_matrix_get(r, a, b), lo, hi;
			size_t nn = (size_t)gsl_matrix_get(count, a, b);
			char why[256];
			fisher_ci(rv, nn, cli->ci, &lo, &hi);
			snprintf(why, sizeof why, "'%s' or '%s' has no variance, or too few pairs", vars[a].name, vars[b].name);
			doc_str(row, "a", vars[a].name);
			doc_str(row, "b", vars[b].name);
			doc_size(row, "n", nn);
			doc_num_why(doc, row, "r", rv, why);
			doc_num_why(doc, row, "p", gsl_matrix_get(p, a, b), why);
			doc_num(row, "llci", lo);
			doc_num(row, "ulci", hi);
		}
	doc_note(doc, "Pearson r, two-sided t test on n - 2 df; CI by Fisher's z at %g%%; %s deletion", cli->ci * 100,
		 pairwise ? "pairwise" : "listwise");
	*out = doc;
	doc = NULL;
	status = 0;
done:
	json_decref(doc);
	free(vnames);
	if (vars)
		for (size_t j = 0; j < k; j++)
			variable_release(&vars[j]);
	free(vars);
	free(cols);
	free(data);
	if (r)
		gsl_matrix_free(r);
	if (p)
		gsl_matrix_free(p);
	if (count)
		gsl_matrix_free(count);
	cli_list_free(names);
	return status;
}

int cmd_correlate(const struct cli *cli, struct sk_error *err)
{
	return command_run_document(cli, correlate_document, err);
}
