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
	gs->design = gsl_matrix_alloc(n ? n : 1, cols);
	if (!gs->predictor || !gs->fit || !gs->design) {
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
	gsl_matrix_free(gs->design);
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

int group_slopes_run(struct group_slopes *gs, const gsl_matrix *X, const gsl_vector *y, const size_t *group,
		     const struct ols_options *o)
{
	size_t n = gs->fit->n, k = gs->k, G = gs->groups, q = (G - 1) * k;
	size_t *idx;
	int status;

	if (X->size1 != n || X->size2 != k || y->size != n)
		return GSL_EBADLEN;
	for (size_t i = 0; i < n; i++) {
		size_t gi = group[i];
		if (gi >= G)
			return GSL_EINVAL;
		for (size_t g = 1; g < G; g++)
			gsl_matrix_set(gs->design, i, g - 1, gi == g);
		for (size_t j = 0; j < k; j++) {
			double x = gsl_matrix_get(X, i, j);
			gsl_matrix_set(gs->design, i, G - 1 + j, x);
			for (size_t g = 1; g < G; g++)
				gsl_matrix_set(gs->design, i, G - 1 + k + (g - 1) * k + j, gi == g ? x : 0.0);
		}
	}
	status = ols_fit_run(gs->fit, gs->design, y, o);
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
