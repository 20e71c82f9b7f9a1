#include "models/cfa_modindices.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>

#include "models/cfa_internal.h"

/* Adds every omitted loading and residual covariance to ext (free, labelled none). */
static int add_candidates(const struct cfa_spec *spec, struct cfa_spec *ext, size_t *first)
{
	int status;

	*first = ext->n_param;
	for (size_t g = 0; g < spec->groups; g++) {
		for (size_t f = 0; f < spec->m; f++)
			for (size_t i = 0; i < spec->p; i++) {
				struct cfa_param q = {CFA_LOADING, g, i, f, 1, 0.0, CFA_NO_LABEL, 0};
				if (cfa_spec_find(spec, CFA_LOADING, g, i, f) == CFA_NONE &&
				    (status = cfa_spec_add(ext, &q, NULL)))
					return status;
			}
		for (size_t i = 0; i < spec->p; i++)
			for (size_t j = 0; j < i; j++) {
				struct cfa_param q = {CFA_RESID_COV, g, i, j, 1, 0.0, CFA_NO_LABEL, 0};
				if (cfa_spec_find(spec, CFA_RESID_COV, g, i, j) == CFA_NONE &&
				    (status = cfa_spec_add(ext, &q, NULL)))
					return status;
			}
	}
	return 0;
}

int cfa_modindices(const struct cfa_fit *fit, struct cfa_mi **out, size_t *n)
{
	const struct cfa_model *mod = fit->state->model;
	const size_t q = mod->q;
	struct cfa_spec ext;
	struct cfa_model *em = NULL;
	gsl_matrix *I = NULL, *Imm = NULL, *Z = NULL;
	double *grad = NULL;
	size_t first = 0;
	int status;

	*out = NULL;
	*n = 0;
	if ((status = cfa_spec_copy(&ext, &fit->spec)))
		return status;
	if ((status = add_candidates(&fit->spec, &ext, &first)))
		goto done;
	const size_t nc = ext.n_param - first;
	status = GSL_ENOMEM;
	if (!(em = cfa_model_alloc(&ext, fit->state->sample)))
		goto done;
	/* the extended model keeps the fit's free parameters first, in their order */
	for (size_t k = 0; k < ext.n_param; k++)
		em->value[k] = k < first ? mod->value[k] : 0.0;
	if ((status = cfa_model_update(em)))
		goto done;
	status = GSL_ENOMEM;
	const size_t qe = em->q;
	if (!(grad = malloc(qe * sizeof *grad)) || !(I = gsl_matrix_alloc(qe, qe)) ||
	    !(Imm = gsl_matrix_alloc(q ? q : 1, q ? q : 1)) || !(Z = gsl_matrix_alloc(q ? q : 1, nc ? nc : 1)) ||
	    !(*out = calloc(nc ? nc : 1, sizeof **out)))
		goto done;
	cfa_model_deviance(em, grad, &status);
	if (status)
		goto done;
	if ((status = cfa_model_expected(em, fit->state->sample->fiml, I)))
		goto done;
	/* Z = I_mm^-1 I_mc */
	gsl_matrix_const_view Im = gsl_matrix_const_submatrix(I, 0, 0, q ? q : 1, q ? q : 1);
	gsl_matrix_memcpy(Imm, &Im.matrix);
	if (q && gsl_linalg_cholesky_decomp1(Imm)) {
		status = GSL_ESING;
		goto done;
	}
	for (size_t c = 0; c < nc; c++) {
		gsl_vector_view col = gsl_matrix_column(Z, c);
		for (size_t j = 0; j < q; j++)
			gsl_vector_set(&col.vector, j, gsl_matrix_get(I, j, q + c));
		if (q)
			gsl_linalg_cholesky_svx(Imm, &col.vector);
	}
	const double tiny = cbrt(2.220446049250313e-16);
	for (size_t c = 0; c < nc; c++) {
		const struct cfa_param *pc = &ext.param[first + c];
		const size_t x = em->x_of[first + c];
		double V = gsl_matrix_get(I, x, x);
		for (size_t j = 0; j < q; j++)
			V -= gsl_matrix_get(I, x, j) * gsl_matrix_get(Z, j, c);
		if (V < tiny)
			continue;
		double score = -0.5 * grad[x];
		struct cfa_mi *r = &(*out)[(*n)++];
		const struct cfa_group_model *gm = &mod->gm[pc->group];
		r->kind = pc->kind;
		r->group = pc->group;
		r->i = pc->i;
		r->j = pc->j;
		r->mi = score * score / V;
		r->epc = score / V;
		if (pc->kind == CFA_LOADING)
			r->sepc_all = r->epc * sqrt(gsl_matrix_get(gm->phi, pc->j, pc->j) /
						    gsl_matrix_get(gm->sigma, pc->i, pc->i));
		else
			r->sepc_all = r->epc / sqrt(fabs(gsl_matrix_get(gm->theta, pc->i, pc->i)) *
						    fabs(gsl_matrix_get(gm->theta, pc->j, pc->j)));
	}
	status = 0;
done:
	if (status) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	cfa_model_free(em);
	cfa_spec_release(&ext);
	gsl_matrix_free(I);
	gsl_matrix_free(Imm);
	gsl_matrix_free(Z);
	free(grad);
	return status;
}

/* qsort is not stable: ties keep their order through the original position */
struct ranked {
	struct cfa_mi m;
	size_t pos;
};

static int by_mi(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->m.mi != y->m.mi)
		return x->m.mi < y->m.mi ? 1 : -1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

void cfa_modindices_sort(struct cfa_mi *mi, size_t n)
{
	struct ranked *tmp = n > 1 ? malloc(n * sizeof *tmp) : NULL;

	if (!tmp)
		return;
	for (size_t k = 0; k < n; k++)
		tmp[k] = (struct ranked){mi[k], k};
	qsort(tmp, n, sizeof *tmp, by_mi);
	for (size_t k = 0; k < n; k++)
		mi[k] = tmp[k].m;
	free(tmp);
}
