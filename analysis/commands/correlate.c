/* surveykit correlate DATA [--vars A,B,...] [--listwise]: Pearson correlations of the scale
 * scores (or of the named columns and scales) with two-sided p-values, the n of each pair and
 * Fisher-z confidence intervals (models/correlation.h: a pair needs 3 complete rows and variance
 * in both). Pairwise deletion by default, as SPSS CORRELATIONS and psych::corr.test; --listwise
 * keeps only rows with every variable. */
#include "analysis/commands/correlate.h"

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
#include "models/correlation.h"

const struct option_spec correlate_options[] = {
	{"vars", "A,B,...", "variables or scales to correlate (default: every scale)"},
	{"listwise", NULL, "use only rows where every variable is present (default: pairwise)"},
	{"max-vars", "N", "most variables in the matrix (default 500; the output grows with their square)"},
	{0},
};

int correlate_request_parse(const struct cli *cli, struct correlate_request *q, struct sk_error *err)
{
	int status;

	q->pairwise = !cli_flag(cli, "listwise");
	q->level = cli->ci;
	if ((status = limit_option(cli, "max-vars", LIMIT_MATRIX_VARS, &q->max_vars, err)) != 0 ||
	    (status = cli_get_list(cli, "vars", &q->names, &q->n_names, err)) != 0)
		return status;
	if (q->names && q->n_names < 2)
		return sk_fail(err, SK_EXIT_USAGE, "cannot correlate: --vars needs at least two variables");
	return 0;
}

void correlate_request_release(struct correlate_request *q)
{
	cli_list_free(q->names);
	q->names = NULL;
}

/* The data as rows x variables: every row (pairwise), or only the complete ones (listwise) copied
 * into `data`, variable by variable. */
static size_t listwise_rows(const struct correlate_result *res, size_t rows, double *data)
{
	size_t used = 0;

	for (size_t i = 0; i < rows; i++) {
		size_t j = 0;
		while (j < res->k && !isnan(res->vars[j].v[i]))
			j++;
		if (j < res->k && !res->pairwise)
			continue;
		used++;
	}
	for (size_t i = 0, row = 0; data && i < rows; i++) {
		size_t j = 0;
		while (j < res->k && !isnan(res->vars[j].v[i]))
			j++;
		if (j < res->k)
			continue;
		for (j = 0; j < res->k; j++)
			data[j * used + row] = res->vars[j].v[i];
		row++;
	}
	return used;
}

int correlate_run(const struct correlate_request *q, const struct dataset *ds, struct correlate_result *res,
		  struct sk_error *err)
{
	size_t k = q->names ? q->n_names : ds->n_scales, rows = ds->frame.n_rows;
	const double **cols = NULL;
	double *data = NULL;
	gsl_matrix *r = NULL, *p = NULL, *count = NULL;
	int status;

	res->ds = ds;
	res->pairwise = q->pairwise;
	res->level = q->level;
	if (k < 2)
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "cannot correlate: the data have fewer than two scales (name them with --vars)");
	if (k > q->max_vars)
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "cannot correlate %zu %s: at most %zu in one matrix (raise the limit with --max-vars)", k,
			       q->names ? "variables" : "scales", q->max_vars);
	if (!(res->vars = calloc(k, sizeof *res->vars)))
		return sk_out_of_memory(err);
	res->k = k;
	for (size_t j = 0; j < k; j++)
		if ((status = dataset_variable(ds, q->names ? q->names[j] : ds->scales[j].name, &res->vars[j], err)) != 0 ||
		    (status = dataset_check_variable(&res->vars[j], err)) != 0)
			return status;
	if (!(res->names = malloc(k * sizeof *res->names)))
		return sk_out_of_memory(err);
	for (size_t j = 0; j < k; j++)
		res->names[j] = res->vars[j].name;
	if ((res->used = listwise_rows(res, rows, NULL)) == 0)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot correlate: no row has every variable");
	cols = malloc(k * sizeof *cols);
	data = q->pairwise ? NULL : malloc(res->used * k * sizeof *data);
	r = gsl_matrix_alloc(k, k);
	p = gsl_matrix_alloc(k, k);
	count = gsl_matrix_alloc(k, k);
	res->r = malloc(k * k * sizeof *res->r);
	res->p = malloc(k * k * sizeof *res->p);
	res->llci = malloc(k * k * sizeof *res->llci);
	res->ulci = malloc(k * k * sizeof *res->ulci);
	res->n = malloc(k * k * sizeof *res->n);
	if (!cols || (!q->pairwise && !data) || !r || !p || !count || !res->r || !res->p || !res->llci || !res->ulci ||
	    !res->n) {
		status = sk_out_of_memory(err);
		goto done;
	}
	/* pairwise: the variables as they are; listwise: their values on the complete rows */
	listwise_rows(res, rows, data);
	for (size_t j = 0; j < k; j++)
		cols[j] = q->pairwise ? res->vars[j].v : data + j * res->used;
	if (correlation_columns(cols, k, res->used, r, p, count) == GSL_EBADLEN) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot correlate: matrix sizes differ");
		goto done;
	}
	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b < k; b++) {
			size_t i = a * k + b;
			res->r[i] = gsl_matrix_get(r, a, b);
			res->p[i] = gsl_matrix_get(p, a, b);
			res->n[i] = (size_t)gsl_matrix_get(count, a, b);
			res->llci[i] = res->ulci[i] = NAN;
			if (a != b)
				correlation_fisher_ci(res->r[i], res->n[i], q->level, &res->llci[i], &res->ulci[i]);
		}
	status = 0;
done:
	free(cols);
	free(data);
	if (r)
		gsl_matrix_free(r);
	if (p)
		gsl_matrix_free(p);
	if (count)
		gsl_matrix_free(count);
	return status;
}

/* The rows left out: of the analysis (listwise), or per variable (pairwise: each correlation
 * leaves out the rows missing either variable). */
static int note_dropped(const struct correlate_result *res, json_t *doc)
{
	struct sk_error err;

	if (!res->pairwise)
		return dataset_note_dropped(res->ds, doc, NULL, res->names, res->k, NULL, &err);
	for (size_t j = 0; j < res->k; j++) {
		char what[400];
		snprintf(what, sizeof what, "'%.200s' (and each correlation with it)", res->names[j]);
		if (dataset_note_dropped(res->ds, doc, what, &res->names[j], 1, NULL, &err) != 0)
			return -1;
	}
	return 0;
}

size_t correlate_used(const struct correlate_result *res)
{
	return res->used;
}

json_t *correlate_emit(const struct correlate_result *res)
{
	size_t k = res->k;
	json_t *doc = dataset_doc(res->ds, "correlate"), *labels, *rj, *pj, *nj, *pairs;

	doc_str(doc, "missing", res->pairwise ? "pairwise" : "listwise");
	labels = doc_arr(doc, "vars");
	for (size_t j = 0; j < k; j++)
		doc_push_str(labels, res->names[j]);
	doc_set_used(doc, correlate_used(res));
	if (note_dropped(res, doc) != 0) {
		json_decref(doc);
		return NULL;
	}
	rj = doc_arr(doc, "r");
	pj = doc_arr(doc, "p");
	nj = doc_arr(doc, "n");
	for (size_t a = 0; a < k; a++) {
		json_t *rr = json_array(), *pr = json_array(), *nr = json_array();
		json_array_append_new(rj, rr);
		json_array_append_new(pj, pr);
		json_array_append_new(nj, nr);
		for (size_t b = 0; b < k; b++) {
			doc_push_num(rr, res->r[a * k + b]);
			doc_push_num(pr, res->p[a * k + b]);
			json_array_append_new(nr, json_integer((json_int_t)res->n[a * k + b]));
		}
	}
	pairs = doc_arr(doc, "pairs");
	for (size_t a = 0; a < k; a++)
		for (size_t b = a + 1; b < k; b++) {
			json_t *row = doc_push_obj(pairs);
			size_t i = a * k + b;
			char why[256];
			snprintf(why, sizeof why, "'%s' or '%s' has no variance, or too few pairs", res->names[a], res->names[b]);
			doc_str(row, "a", res->names[a]);
			doc_str(row, "b", res->names[b]);
			doc_size(row, "n", res->n[i]);
			doc_num_why(doc, row, "r", res->r[i], why);
			doc_num_why(doc, row, "p", res->p[i], why);
			doc_num(row, "llci", res->llci[i]);
			doc_num(row, "ulci", res->ulci[i]);
		}
	doc_note(doc, "Pearson r, two-sided t test on n - 2 df; CI by Fisher's z at %g%%; %s deletion", res->level * 100,
		 res->pairwise ? "pairwise" : "listwise");
	return doc;
}

void correlate_result_release(struct correlate_result *res)
{
	if (res->vars)
		for (size_t j = 0; j < res->k; j++)
			variable_release(&res->vars[j]);
	free(res->vars);
	free(res->names);
	free(res->r);
	free(res->p);
	free(res->llci);
	free(res->ulci);
	free(res->n);
	memset(res, 0, sizeof *res);
}

COMMAND_STEPS(correlate);
