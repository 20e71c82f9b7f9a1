#include "models/group_slopes.h"

#include <stdlib.h>

#include <gsl/gsl_errno.h>

struct group_slopes *group_slopes_alloc(size_t n, size_t k, size_t groups)
{
	struct group_slopes *gs;
	size_t cols;

	if (groups < 2 || k == 0)
		return NULL;
	gs = calloc(1, sizeof *gs);
	if (!gs)
		return NULL;
	cols = (groups - 1) * (k + 1) + k;
	gs->groups = groups;
	gs->k = k;
	gs->predictor = calloc(k, sizeof *gs->predictor);
	gs->fit = ols_fit_alloc(n, cols);
	if (!gs->predictor || !gs->fit) {
		group_slopes_free(gs);
		return NULL;
	}
	return gs;
}

void group_slopes_free(struct group_slopes *gs)
{
	if (!gs)
		return;
	free(gs->predictor);
	ols_fit_free(gs->fit);
	free(gs);
}

void group_slopes_column(const struct group_slopes *gs, size_t c, size_t *group, size_t *predictor)
{
	size_t G = gs->groups, k = gs->k;

	if (c < G - 1) {
		*group = c + 1;
		*predictor = k;
	} else if (c < G - 1 + k) {
		*group = 0;
		*predictor = c - (G - 1);
	} else {
		c -= G - 1 + k;
		*group = c / k + 1;
		*predictor = c % k;
	}
}

/* The interacted design, formed block by block from the predictors' data. */
struct interacted {
	struct ols_data data;
	const struct ols_data *base;
	const size_t *group;
	size_t G, k;
	double *xbuf, *ybuf; /* the base data's block buffers */
};

static void interacted_rows(const void *ctx, size_t from, size_t count, double *xbuf, double *ybuf, struct ols_block *b)
{
	const struct interacted *it = ctx;
	size_t G = it->G, k = it->k, cols = it->data.k;
	struct ols_block base;

	(void)ybuf;
	it->base->rows(it->base->ctx, from, count, it->xbuf, it->ybuf, &base);
	for (size_t r = 0; r < count; r++) {
		const double *x = base.x + r * base.tda;
		double *row = xbuf + r * cols;
		size_t gi = it->group[from + r];
		/* selected by index, not by a branch on the data */
		for (size_t g = 1; g < G; g++) {
			long hit = gi == g;
			row[g - 1] = (double)hit;
		}
		for (size_t j = 0; j < k; j++) {
			const double pick[2] = {0.0, x[j]};
			row[G - 1 + j] = x[j];
			for (size_t g = 1; g < G; g++)
				row[G - 1 + k + (g - 1) * k + j] = pick[gi == g];
		}
	}
	b->x = xbuf;
	b->tda = cols;
	b->y = base.y;
	b->ystride = base.ystride;
}

int group_slopes_run(struct group_slopes *gs, const gsl_matrix *X, const gsl_vector *y, const size_t *group,
		     const struct ols_options *o)
{
	struct ols_matrix_data md;

	if (X->size1 != gs->fit->n || X->size2 != gs->k || y->size != gs->fit->n)
		return GSL_EBADLEN;
	ols_data_matrix(&md, X, y);
	return group_slopes_run_data(gs, &md.data, group, o);
}

int group_slopes_run_data(struct group_slopes *gs, const struct ols_data *data, const size_t *group,
			  const struct ols_options *o)
{
	size_t n = gs->fit->n, k = gs->k, G = gs->groups, q = (G - 1) * k, rows = n < OLS_BLOCK_ROWS ? n : OLS_BLOCK_ROWS;
	struct interacted it = {{n, gs->fit->k, interacted_rows, &it}, data, group, G, k, NULL, NULL};
	struct ols_options fo = *o;
	size_t *idx;
	int status;

	if (data->n != n || data->k != k)
		return GSL_EBADLEN;
	for (size_t i = 0; i < n; i++)
		if (group[i] >= G)
			return GSL_EINVAL;
	it.xbuf = malloc((rows * (k + 1) + 1) * sizeof *it.xbuf);
	if (!it.xbuf)
		return GSL_ENOMEM;
	it.ybuf = it.xbuf + rows * k;
	fo.residuals = 0;
	status = ols_fit_run_data(gs->fit, &it.data, &fo);
	free(it.xbuf);
	if (status)
		return status;
	idx = malloc((q + G - 1) * sizeof *idx);
	if (!idx)
		return GSL_ENOMEM;
	/* coefficient index = design column + 1 */
	for (size_t c = 0; c < q; c++)
		idx[c] = G + k + c;
	status = ols_wald_terms(gs->fit, idx, q, NULL, &gs->slopes);
	for (size_t j = 0; !status && j < k; j++) {
		for (size_t g = 1; g < G; g++)
			idx[g - 1] = G + k + (g - 1) * k + j;
		status = ols_wald_terms(gs->fit, idx, G - 1, NULL, &gs->predictor[j]);
	}
	if (!status) {
		for (size_t c = 0; c < G - 1; c++)
			idx[c] = c + 1;
		for (size_t c = 0; c < q; c++)
			idx[G - 1 + c] = G + k + c;
		status = ols_wald_terms(gs->fit, idx, q + G - 1, NULL, &gs->chow);
	}
	free(idx);
	return status;
}

int group_slopes_test(const struct group_slopes *gs, const size_t *cols, size_t m, struct wald *out)
{
	size_t G = gs->groups, k = gs->k, q = 0;
	size_t *idx = malloc((m * (G - 1) + 1) * sizeof *idx);
	int status;

	if (!idx)
		return GSL_ENOMEM;
	for (size_t a = 0; a < m; a++) {
		if (cols[a] >= k) {
			free(idx);
			return GSL_EINVAL;
		}
		for (size_t g = 1; g < G; g++)
			idx[q++] = G + k + (g - 1) * k + cols[a];
	}
	status = ols_wald_terms(gs->fit, idx, q, NULL, out);
	free(idx);
	return status;
}
