#include "models/factor.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_sort_vector.h>

#include "models/distributions.h"

int factor_cor_from_cov(const gsl_matrix *cov, gsl_matrix *r, size_t *bad)
{
	const size_t p = cov->size1;

	for (size_t i = 0; i < p; i++)
		if (!(gsl_matrix_get(cov, i, i) > 0)) {
			if (bad)
				*bad = i;
			return GSL_EDOM;
		}
	for (size_t i = 0; i < p; i++)
		for (size_t j = 0; j < p; j++)
			gsl_matrix_set(r, i, j,
				       i == j ? 1.0
					      : gsl_matrix_get(cov, i, j) /
							sqrt(gsl_matrix_get(cov, i, i) * gsl_matrix_get(cov, j, j)));
	return GSL_SUCCESS;
}

/* Eigenvalues (descending) and, when evec is non-NULL, eigenvectors of a symmetric matrix. */
static int eigen_desc(const gsl_matrix *a, gsl_vector *eval, gsl_matrix *evec)
{
	const size_t p = a->size1;
	gsl_matrix *copy = gsl_matrix_alloc(p, p);
	int status = GSL_ENOMEM;

	if (!copy)
		return status;
	gsl_matrix_memcpy(copy, a);
	if (evec) {
		gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(p);
		if (w) {
			status = gsl_eigen_symmv(copy, eval, evec, w);
			gsl_eigen_symmv_free(w);
			if (!status)
				status = gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_DESC);
		}
	} else {
		gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(p);
		if (w) {
			status = gsl_eigen_symm(copy, eval, w);
			gsl_eigen_symm_free(w);
			if (!status) {
				gsl_sort_vector(eval);
				status = gsl_vector_reverse(eval);
			}
		}
	}
	gsl_matrix_free(copy);
	return status;
}

int factor_eigenvalues(const gsl_matrix *r, gsl_vector *eval)
{
	return eigen_desc(r, eval, NULL);
}

int factor_check_singular(const gsl_matrix *r, size_t *bad)
{
	const size_t p = r->size1;
	gsl_vector *eval = gsl_vector_alloc(p);
	gsl_matrix *evec = gsl_matrix_alloc(p, p);
	int status = GSL_ENOMEM;

	if (eval && evec && !(status = eigen_desc(r, eval, evec))) {
		double lo = gsl_vector_get(eval, p - 1), hi = gsl_vector_get(eval, 0);
		if (!(lo > FACTOR_SINGULAR_TOL * hi)) {
			gsl_vector_view v = gsl_matrix_column(evec, p - 1);
			if (bad)
				*bad = gsl_blas_idamax(&v.vector);
			status = GSL_ESING;
		}
	}
	gsl_vector_free(eval);
	gsl_matrix_free(evec);
	return status;
}

/* inv = R^-1 through Cholesky, after the singularity check; optionally log|R|. */
static int cor_inverse(const gsl_matrix *r, gsl_matrix *inv, double *logdet, size_t *bad)
{
	int status = factor_check_singular(r, bad);

	if (status)
		return status;
	gsl_matrix_memcpy(inv, r);
	status = gsl_linalg_cholesky_decomp1(inv);
	if (status)
		return GSL_ESING;
	if (logdet) {
		double s = 0;
		for (size_t i = 0; i < r->size1; i++)
			s += log(gsl_matrix_get(inv, i, i));
		*logdet = 2 * s;
	}
	return gsl_linalg_cholesky_invert(inv);
}

int factor_smc(const gsl_matrix *r, gsl_vector *smc, size_t *bad)
{
	const size_t p = r->size1;
	gsl_matrix *inv = gsl_matrix_alloc(p, p);
	int status = GSL_ENOMEM;

	if (inv && !(status = cor_inverse(r, inv, NULL, bad)))
		for (size_t j = 0; j < p; j++) {
			/* psych::smc clamps to [0, 1] */
			double v = 1 - 1 / gsl_matrix_get(inv, j, j);
			gsl_vector_set(smc, j, v < 0 ? 0 : v > 1 ? 1 : v);
		}
	gsl_matrix_free(inv);
	return status;
}

int factor_kmo(const gsl_matrix *r, double *msa, gsl_vector *msa_item, size_t *bad)
{
	const size_t p = r->size1;
	gsl_matrix *q = gsl_matrix_alloc(p, p);
	int status = GSL_ENOMEM;

	if (q && !(status = cor_inverse(r, q, NULL, bad))) {
		double sr = 0, sq = 0;
		for (size_t j = 0; j < p; j++) {
			double cr = 0, cq = 0;
			for (size_t i = 0; i < p; i++) {
				double rij, qij;
				if (i == j)
					continue;
				rij = gsl_matrix_get(r, i, j);
				qij = gsl_matrix_get(q, i, j) /
				      sqrt(gsl_matrix_get(q, i, i) * gsl_matrix_get(q, j, j));
				cr += rij * rij;
				cq += qij * qij;
			}
			gsl_vector_set(msa_item, j, cr / (cr + cq));
			sr += cr;
			sq += cq;
		}
		*msa = sr / (sr + sq);
	}
	gsl_matrix_free(q);
	return status;
}

int factor_bartlett(const gsl_matrix *r, size_t n, struct bartlett *out, size_t *bad)
{
	const size_t p = r->size1;
	const double mult = (double)n - 1 - (2.0 * (double)p + 5) / 6;
	gsl_matrix *inv = gsl_matrix_alloc(p, p);
	double logdet = 0;
	int status = GSL_ENOMEM;

	if (inv && !(status = cor_inverse(r, inv, &logdet, bad))) {
		if (!(mult > 0)) {
			status = GSL_EDOM;
		} else {
			out->chisq = -logdet * mult;
			out->df = (double)p * ((double)p - 1) / 2;
			out->p = dist_chisq_Q(out->chisq, out->df);
		}
	}
	gsl_matrix_free(inv);
	return status;
}

size_t factor_max_factors(size_t p)
{
	size_t k = 0;

	/* (p - K)^2 >= p + K, i.e. non-negative degrees of freedom */
	while (k + 1 < p && (p - k - 1) * (p - k - 1) >= p + k + 1)
		k++;
	return k;
}

void factor_settings_init(struct factor_settings *o, size_t n_factors, enum rotation_method rot)
{
	*o = (struct factor_settings){
		.n_factors = n_factors,
		.rotation = rot,
		.min_err = FACTOR_PA_MIN_ERR,
		.max_iter = FACTOR_PA_MAX_ITER,
		.promax_power = 4,
		.oblimin_gamma = 0,
		.rotation_eps = 1e-5,
		.rotation_max_iter = 1000,
	};
}

struct factor_fit *factor_fit_alloc(size_t p, size_t k)
{
	struct factor_fit *f = calloc(1, sizeof *f);

	if (!f)
		return NULL;
	f->p = p;
	f->k = k;
	f->eigen = gsl_vector_alloc(p);
	f->reduced_eigen = gsl_vector_alloc(p);
	f->unrotated = gsl_matrix_alloc(p, k);
	f->loadings = gsl_matrix_alloc(p, k);
	f->structure = gsl_matrix_alloc(p, k);
	f->phi = gsl_matrix_alloc(k, k);
	f->communality = gsl_vector_alloc(p);
	f->uniqueness = gsl_vector_alloc(p);
	f->ss_loadings = gsl_vector_alloc(k);
	if (!f->eigen || !f->reduced_eigen || !f->unrotated || !f->loadings || !f->structure ||
	    !f->phi || !f->communality || !f->uniqueness || !f->ss_loadings) {
		factor_fit_free(f);
		return NULL;
	}
	return f;
}

void factor_fit_free(struct factor_fit *f)
{
	if (!f)
		return;
	gsl_vector_free(f->eigen);
	gsl_vector_free(f->reduced_eigen);
	gsl_matrix_free(f->unrotated);
	gsl_matrix_free(f->loadings);
	gsl_matrix_free(f->structure);
	gsl_matrix_free(f->phi);
	gsl_vector_free(f->communality);
	gsl_vector_free(f->uniqueness);
	gsl_vector_free(f->ss_loadings);
	free(f);
}

/* Each column of l (and the matching row and column of phi) signed to a non-negative sum. */
static void sign_columns(gsl_matrix *l, gsl_matrix *phi)
{
	for (size_t j = 0; j < l->size2; j++) {
		gsl_vector_view c = gsl_matrix_column(l, j);
		double s = 0;
		for (size_t i = 0; i < l->size1; i++)
			s += gsl_vector_get(&c.vector, i);
		if (s < 0) {
			gsl_vector_scale(&c.vector, -1.0);
			if (phi) {
				gsl_vector_view pr = gsl_matrix_row(phi, j), pc = gsl_matrix_column(phi, j);
				gsl_vector_scale(&pr.vector, -1.0);
				gsl_vector_scale(&pc.vector, -1.0);
			}
		}
	}
}

/* Iterated principal axes (psych::fa, fm = "pa"). */
static int principal_axes(const gsl_matrix *r, const struct factor_settings *o, struct factor_fit *fit,
			  size_t *bad)
{
	const size_t p = r->size1, k = o->n_factors;
	gsl_matrix *rmat = gsl_matrix_alloc(p, p), *evec = gsl_matrix_alloc(p, p);
	gsl_vector *smc = gsl_vector_alloc(p);
	double comm = 0, err;
	int status = GSL_ENOMEM;

	fit->pa_iterations = 0;
	if (!rmat || !evec || !smc)
		goto done;
	status = factor_smc(r, smc, bad);
	if (status)
		goto done;
	gsl_matrix_memcpy(rmat, r);
	for (size_t i = 0; i < p; i++) {
		gsl_matrix_set(rmat, i, i, gsl_vector_get(smc, i));
		comm += gsl_vector_get(smc, i);
	}
	do {
		double comm1 = 0;

		status = eigen_desc(rmat, fit->reduced_eigen, evec);
		if (status)
			goto done;
		for (size_t j = 0; j < k; j++) {
			double ev = gsl_vector_get(fit->reduced_eigen, j);
			if (ev < 0) {
				if (bad)
					*bad = j;
				status = GSL_EDOM;
				goto done;
			}
			for (size_t i = 0; i < p; i++)
				gsl_matrix_set(fit->unrotated, i, j, gsl_matrix_get(evec, i, j) * sqrt(ev));
		}
		for (size_t i = 0; i < p; i++) {
			gsl_vector_view row = gsl_matrix_row(fit->unrotated, i);
			double h2 = 0;
			for (size_t j = 0; j < k; j++)
				h2 += gsl_vector_get(&row.vector, j) * gsl_vector_get(&row.vector, j);
			gsl_vector_set(fit->communality, i, h2);
			gsl_matrix_set(rmat, i, i, h2);
			comm1 += h2;
		}
		err = fabs(comm - comm1);
		comm = comm1;
		fit->pa_iterations++;
	} while (err > o->min_err && fit->pa_iterations < o->max_iter);
	for (size_t i = 0; i < p; i++)
		gsl_vector_set(fit->uniqueness, i, 1 - gsl_vector_get(fit->communality, i));
	sign_columns(fit->unrotated, NULL);
	status = err > o->min_err ? GSL_EMAXITER : GSL_SUCCESS;
done:
	gsl_matrix_free(rmat);
	gsl_matrix_free(evec);
	gsl_vector_free(smc);
	return status;
}

/* Columns ordered by explained variance diag(Phi L'L), descending (stable, as R's order). */
static int order_factors(struct factor_fit *fit)
{
	const size_t p = fit->p, k = fit->k;
	gsl_matrix *ltl = gsl_matrix_alloc(k, k), *tmp = gsl_matrix_alloc(k, k);
	gsl_matrix *l = gsl_matrix_alloc(p, k);
	size_t *ord = malloc(k * sizeof *ord);
	double *ev = malloc(k * sizeof *ev);
	int status = GSL_ENOMEM;

	if (!ltl || !tmp || !l || !ord || !ev)
		goto done;
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, fit->loadings, fit->loadings, 0.0, ltl);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, fit->phi, ltl, 0.0, tmp);
	for (size_t j = 0; j < k; j++) {
		size_t at = j;
		ev[j] = gsl_matrix_get(tmp, j, j);
		while (at > 0 && ev[ord[at - 1]] < ev[j]) {
			ord[at] = ord[at - 1];
			at--;
		}
		ord[at] = j;
	}
	gsl_matrix_memcpy(l, fit->loadings);
	gsl_matrix_memcpy(tmp, fit->phi);
	for (size_t a = 0; a < k; a++) {
		gsl_vector_view dst = gsl_matrix_column(fit->loadings, a);
		gsl_vector_view src = gsl_matrix_column(l, ord[a]);
		gsl_vector_memcpy(&dst.vector, &src.vector);
		gsl_vector_set(fit->ss_loadings, a, ev[ord[a]]);
		for (size_t b = 0; b < k; b++)
			gsl_matrix_set(fit->phi, a, b, gsl_matrix_get(tmp, ord[a], ord[b]));
	}
	status = GSL_SUCCESS;
done:
	gsl_matrix_free(ltl);
	gsl_matrix_free(tmp);
	gsl_matrix_free(l);
	free(ord);
	free(ev);
	return status;
}

int factor_pa(const gsl_matrix *r, const struct factor_settings *o, struct factor_fit *fit, size_t *bad)
{
	const size_t p = r->size1, k = o->n_factors;
	int pa_status, rot_status = GSL_SUCCESS, status;

	if (k == 0 || k > factor_max_factors(p) || fit->p != p || fit->k != k)
		return GSL_EINVAL;
	status = factor_eigenvalues(r, fit->eigen);
	if (status)
		return status;
	pa_status = principal_axes(r, o, fit, bad);
	if (pa_status && pa_status != GSL_EMAXITER)
		return pa_status;
	gsl_matrix_set_identity(fit->phi);
	fit->oblique = 0;
	fit->rotation_iterations = 0;
	if (k < 2 || o->rotation == ROTATION_NONE) {
		gsl_matrix_memcpy(fit->loadings, fit->unrotated);
	} else if (o->rotation == ROTATION_VARIMAX) {
		rot_status = rotation_varimax(fit->unrotated, 1, o->rotation_eps, o->rotation_max_iter,
					      fit->loadings, NULL, &fit->rotation_iterations);
	} else if (o->rotation == ROTATION_PROMAX) {
		fit->oblique = 1;
		rot_status = rotation_promax(fit->unrotated, o->promax_power, o->rotation_eps,
					     o->rotation_max_iter, fit->loadings, fit->phi,
					     &fit->rotation_iterations, bad);
	} else {
		fit->oblique = 1;
		rot_status = rotation_oblimin(fit->unrotated, o->oblimin_gamma, o->rotation_eps,
					      o->rotation_max_iter, fit->loadings, fit->phi,
					      &fit->rotation_iterations);
	}
	if (rot_status && rot_status != GSL_EMAXITER)
		return rot_status;
	sign_columns(fit->loadings, fit->phi);
	status = order_factors(fit);
	if (status)
		return status;
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, fit->loadings, fit->phi, 0.0, fit->structure);
	return pa_status ? pa_status : rot_status;
}

void factor_sort_order(const gsl_matrix *loadings, size_t *order)
{
	const size_t p = loadings->size1, k = loadings->size2;

	/* insertion sort keyed on (factor of the largest |loading|, -|loading|), stable */
	for (size_t i = 0; i < p; i++) {
		size_t fi = 0, at = i;
		double li;
		for (size_t j = 1; j < k; j++)
			if (fabs(gsl_matrix_get(loadings, i, j)) > fabs(gsl_matrix_get(loadings, i, fi)))
				fi = j;
		li = fabs(gsl_matrix_get(loadings, i, fi));
		while (at > 0) {
			size_t prev = order[at - 1], fp = 0;
			for (size_t j = 1; j < k; j++)
				if (fabs(gsl_matrix_get(loadings, prev, j)) > fabs(gsl_matrix_get(loadings, prev, fp)))
					fp = j;
			if (fp < fi || (fp == fi && fabs(gsl_matrix_get(loadings, prev, fp)) >= li))
				break;
			order[at] = order[at - 1];
			at--;
		}
		order[at] = i;
	}
}
