/* The measurement model section's charts (analysis/report/report_parts.h), from cfa's result
 * struct (analysis/commands/cfa.h): the HTMT ratios of every pair of factors as a heat map of the
 * cells below the diagonal, outlined above .85 and .90 (Henseler, Ringle & Sarstedt 2015), and
 * the standardised loadings (lavaan's std.all) grouped by factor with their CIs at cfa's level,
 * reference lines at .70 and .50. The section runs cfa through these typed steps so that its
 * result struct is kept; a model that could not be fitted draws no chart (its note says why). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_matrix.h>

#include "analysis/commands/cfa.h"
#include "analysis/report/report_parts.h"
#include "io/doc.h"

/* The standard thresholds of HTMT: .85 (conservative) and .90. */
static const double htmt_marks[] = {0.85, 0.90};
#define LOADING_REF 0.70
#define LOADING_REF2 0.50

static int htmt_chart(struct report *r, const struct job *j, const struct cfa_result *res, struct sk_error *err)
{
	const struct htmt *h = res->htmt;
	size_t k = res->m;
	const char *title = "Heterotrait-monotrait ratios (HTMT) of the factors";
	double *v;
	int status;

	if (!h || !h->ratio || h->ratio->size1 != k || k < 2)
		return 0;
	if (!(v = malloc(k * k * sizeof *v)))
		return sk_out_of_memory(err);
	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b < k; b++)
			v[a * k + b] = gsl_matrix_get(h->ratio, a, b);
	struct chart_heatmap c = {.t = {"htmt", title, NULL, NULL}, .n = k, .labels = (const char *const *)res->factors,
				  .r = v, .value_name = "HTMT", .from_zero = 1, .off_diagonal = 1, .apa = 1,
				  .marks = htmt_marks, .n_marks = 2};
	if ((status = chart_heatmap(&r->charts, &c, err)) == 0)
		report_attach_chart(r, j->sec, title);
	free(v);
	return status;
}

static int loadings_chart(struct report *r, const struct job *j, const struct cfa_result *res, struct sk_error *err)
{
	const struct cfa_fit *fit = res->fit;
	const struct cfa_spec *s = &fit->spec;
	const char *title = "Standardised factor loadings (std.all)";
	size_t n = 0;
	int status;

	for (size_t k = 0; k < s->n_param; k++)
		n += s->param[k].kind == CFA_LOADING && s->param[k].group == 0;
	if (!n)
		return 0;
	const char **items = calloc(n, sizeof *items);
	size_t *factor_of = calloc(n, sizeof *factor_of);
	double *v = calloc(3 * n, sizeof *v);
	if (!items || !factor_of || !v) {
		free(items);
		free(factor_of);
		free(v);
		return sk_out_of_memory(err);
	}
	for (size_t k = 0, i = 0; k < s->n_param; k++) {
		const struct cfa_param *q = &s->param[k];
		if (q->kind != CFA_LOADING || q->group != 0)
			continue;
		items[i] = res->items[q->i];
		factor_of[i] = q->j;
		v[i] = fit->par[k].std;
		v[n + i] = fit->par[k].std_lo;
		v[2 * n + i] = fit->par[k].std_hi;
		i++;
	}
	struct chart_loadings c = {.t = {"loadings", title, "Standardised loading", NULL}, .n_loadings = n,
				   .n_factors = res->m, .items = items, .factor_of = factor_of,
				   .factors = (const char *const *)res->factors, .loading = v, .lo = v + n, .hi = v + 2 * n,
				   .ci_level = fit->opt.ci, .ref = LOADING_REF, .ref2 = LOADING_REF2};
	if ((status = chart_loadings(&r->charts, &c, err)) == 0)
		report_attach_chart(r, j->sec, title);
	free(items);
	free(factor_of);
	free(v);
	return status;
}

int report_measurement_charts(struct report *r, const struct job *j, struct sk_error *err)
{
	const struct cfa_result *res = j->result;
	int status;

	/* a model that could not be fitted (its note in the section) has nothing to draw */
	if (!res || !res->fit || !res->fit->converged || !res->fit->par || j->failed)
		return 0;
	if ((status = loadings_chart(r, j, res, err)) != 0)
		return status;
	return htmt_chart(r, j, res, err);
}
