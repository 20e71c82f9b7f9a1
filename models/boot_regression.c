#include "models/boot_regression.h"

#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "models/bootstrap.h"
#include "models/crossprod.h"

struct br_arg {
	struct crossprod_data *cpd;
	const gsl_matrix *L;
	size_t k;
	size_t *pred;
	double tol;
};

/* the workspace: models/crossprod's, its scratch the k + 1 coefficients */
static void *br_ws_alloc(const void *arg)
{
	const struct br_arg *a = arg;

	return crossprod_ws_alloc(a->k + 1, a->cpd->n, a->k + 1);
}

static int br_stat(const unsigned *counts, double *out, void *ws, const void *arg)
{
	const struct br_arg *a = arg;
	struct crossprod_ws *w = ws;
	double *b = w->scratch;
	int status;

	crossprod_accumulate(w->cp, a->cpd, counts);
	status = crossprod_regress(w->cp, a->pred, a->k, a->k, a->tol, b + 1, b);
	if (status)
		return status;
	for (size_t s = 0; s < a->L->size1; s++) {
		double v = 0;
		for (size_t c = 0; c <= a->k; c++)
			v += gsl_matrix_get(a->L, s, c) * b[c];
		out[s] = v;
	}
	return GSL_SUCCESS;
}

int boot_regression(const gsl_matrix *X, const gsl_vector *y, const gsl_matrix *L, size_t reps, unsigned long seed,
		    size_t threads, double tol, gsl_matrix *draws, size_t *replaced)
{
	size_t n = X->size1, k = X->size2;
	gsl_matrix *V;
	struct br_arg a = {NULL, L, k, NULL, tol};
	struct boot_spec spec = {n, L->size1, reps, seed, threads, br_stat, br_ws_alloc, crossprod_ws_free, &a};
	int status = GSL_ENOMEM;

	*replaced = 0;
	if (y->size != n || L->size2 != k + 1)
		return GSL_EBADLEN;
	V = gsl_matrix_alloc(n, k + 1);
	a.pred = malloc(k * sizeof *a.pred);
	if (V && a.pred) {
		for (size_t i = 0; i < n; i++) {
			for (size_t c = 0; c < k; c++)
				gsl_matrix_set(V, i, c, gsl_matrix_get(X, i, c));
			gsl_matrix_set(V, i, k, gsl_vector_get(y, i));
		}
		for (size_t c = 0; c < k; c++)
			a.pred[c] = c;
		a.cpd = crossprod_data_alloc(V);
		if (a.cpd)
			status = bootstrap_run(&spec, draws, replaced);
	}
	crossprod_data_free(a.cpd);
	gsl_matrix_free(V);
	free(a.pred);
	return status;
}
