#include "models/rotation.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_permutation.h>
#include <gsl/gsl_vector.h>

static const char *const names[] = {"none", "varimax", "promax", "oblimin"};

int rotation_parse(const char *name, enum rotation_method *out)
{
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcmp(name, names[i]) == 0) {
			*out = (enum rotation_method)i;
			return 0;
		}
	return -1;
}

const char *rotation_name(enum rotation_method m)
{
	return (size_t)m < sizeof names / sizeof names[0] ? names[m] : "?";
}

/* C = op(A) op(B) */
static int mul(CBLAS_TRANSPOSE_t ta, const gsl_matrix *a, CBLAS_TRANSPOSE_t tb, const gsl_matrix *b,
	       gsl_matrix *c)
{
	return gsl_blas_dgemm(ta, tb, 1.0, a, b, 0.0, c);
}

/* inv = a^-1 (k x k); GSL_ESING when a is singular. `lu` and `perm` are scratch. */
static int invert(const gsl_matrix *a, gsl_matrix *inv, gsl_matrix *lu, gsl_permutation *perm)
{
	int sign, status;

	gsl_matrix_memcpy(lu, a);
	status = gsl_linalg_LU_decomp(lu, perm, &sign);
	if (status)
		return status;
	for (size_t i = 0; i < lu->size1; i++)
		if (gsl_matrix_get(lu, i, i) == 0.0)
			return GSL_ESING;
	return gsl_linalg_LU_invert(lu, perm, inv);
}

int rotation_varimax(const gsl_matrix *a, int normalize, double eps, size_t max_iter,
		     gsl_matrix *out, gsl_matrix *rot, size_t *iter)
{
	const size_t p = a->size1, k = a->size2;
	gsl_matrix *x = gsl_matrix_alloc(p, k), *w = gsl_matrix_alloc(p, k);
	gsl_matrix *b = gsl_matrix_alloc(k, k), *v = gsl_matrix_alloc(k, k), *t = gsl_matrix_alloc(k, k);
	gsl_vector *sc = gsl_vector_alloc(p), *s = gsl_vector_alloc(k), *work = gsl_vector_alloc(k);
	double d = 0;
	int status = GSL_ENOMEM, converged = 0;
	size_t it = 0;

	if (!x || !w || !b || !v || !t || !sc || !s || !work)
		goto done;
	gsl_matrix_memcpy(x, a);
	gsl_vector_set_all(sc, 1.0);
	if (normalize) {
		for (size_t i = 0; i < p; i++) {
			gsl_vector_view row = gsl_matrix_row(x, i);
			double norm = gsl_blas_dnrm2(&row.vector);
			if (!(norm > 0)) {
				status = GSL_EDOM;
				goto done;
			}
			gsl_vector_set(sc, i, norm);
			gsl_vector_scale(&row.vector, 1.0 / norm);
		}
	}
	gsl_matrix_set_identity(t);
	while (it < max_iter) {
		double dpast = d;

		it++;
		mul(CblasNoTrans, x, CblasNoTrans, t, out); /* Z = X T */
		for (size_t j = 0; j < k; j++) {
			double c = 0;
			for (size_t i = 0; i < p; i++) {
				double z = gsl_matrix_get(out, i, j);
				c += z * z;
			}
			for (size_t i = 0; i < p; i++) {
				double z = gsl_matrix_get(out, i, j);
				gsl_matrix_set(w, i, j, z * z * z - z * c / (double)p);
			}
		}
		mul(CblasTrans, x, CblasNoTrans, w, b); /* B = X' W, then B = U S V' */
		status = gsl_linalg_SV_decomp(b, v, s, work);
		if (status)
			goto done;
		mul(CblasNoTrans, b, CblasTrans, v, t); /* T = U V' */
		d = 0;
		for (size_t j = 0; j < k; j++)
			d += gsl_vector_get(s, j);
		if (d < dpast * (1 + eps)) {
			converged = 1;
			break;
		}
	}
	mul(CblasNoTrans, x, CblasNoTrans, t, out);
	for (size_t i = 0; i < p; i++) {
		gsl_vector_view row = gsl_matrix_row(out, i);
		gsl_vector_scale(&row.vector, gsl_vector_get(sc, i));
	}
	if (rot)
		gsl_matrix_memcpy(rot, t);
	status = converged ? GSL_SUCCESS : GSL_EMAXITER;
done:
	if (iter)
		*iter = it;
	gsl_matrix_free(x);
	gsl_matrix_free(w);
	gsl_matrix_free(b);
	gsl_matrix_free(v);
	gsl_matrix_free(t);
	gsl_vector_free(sc);
	gsl_vector_free(s);
	gsl_vector_free(work);
	return status;
}

int rotation_promax(const gsl_matrix *a, double power, double eps, size_t max_iter,
		    gsl_matrix *out, gsl_matrix *phi, size_t *iter, size_t *bad)
{
	const size_t p = a->size1, k = a->size2;
	gsl_matrix *wtd = gsl_matrix_alloc(p, k), *x = gsl_matrix_alloc(p, k), *q = gsl_matrix_alloc(p, k);
	gsl_matrix *qr = gsl_matrix_alloc(p, k), *tv = gsl_matrix_alloc(k, k), *u = gsl_matrix_alloc(k, k);
	gsl_matrix *m = gsl_matrix_alloc(k, k), *inv = gsl_matrix_alloc(k, k), *lu = gsl_matrix_alloc(k, k);
	gsl_permutation *perm = gsl_permutation_alloc(k);
	gsl_vector *h = gsl_vector_alloc(p), *tau = gsl_vector_alloc(k), *resid = gsl_vector_alloc(p);
	int status = GSL_ENOMEM, vstatus;

	if (!wtd || !x || !q || !qr || !tv || !u || !m || !inv || !lu || !perm || !h || !tau || !resid)
		goto done;
	/* Kaiser normalisation (psych::kaiser): rows divided by sqrt(h2) */
	gsl_matrix_memcpy(wtd, a);
	for (size_t i = 0; i < p; i++) {
		gsl_vector_view row = gsl_matrix_row(wtd, i);
		double norm = gsl_blas_dnrm2(&row.vector);
		if (!(norm > 0)) {
			if (bad)
				*bad = i;
			status = GSL_EDOM;
			goto done;
		}
		gsl_vector_set(h, i, norm);
		gsl_vector_scale(&row.vector, 1.0 / norm);
	}
	vstatus = rotation_varimax(wtd, 1, eps, max_iter, x, tv, iter);
	if (vstatus && vstatus != GSL_EMAXITER) {
		status = vstatus;
		goto done;
	}
	/* target Q = X |X|^(m-1); U = least-squares solution of X U = Q, column by column */
	for (size_t i = 0; i < p; i++)
		for (size_t j = 0; j < k; j++) {
			double v = gsl_matrix_get(x, i, j);
			gsl_matrix_set(q, i, j, v * pow(fabs(v), power - 1));
		}
	gsl_matrix_memcpy(qr, x);
	status = gsl_linalg_QR_decomp(qr, tau);
	if (status)
		goto done;
	for (size_t j = 0; j < k; j++) {
		gsl_vector_const_view qj = gsl_matrix_const_column(q, j);
		gsl_vector_view uj = gsl_matrix_column(u, j);
		status = gsl_linalg_QR_lssolve(qr, tau, &qj.vector, &uj.vector, resid);
		if (status)
			goto done;
	}
	/* columns of U scaled by sqrt(diag((U'U)^-1)) */
	mul(CblasTrans, u, CblasNoTrans, u, m);
	status = invert(m, inv, lu, perm);
	if (status)
		goto done;
	for (size_t j = 0; j < k; j++) {
		gsl_vector_view uj = gsl_matrix_column(u, j);
		gsl_vector_scale(&uj.vector, sqrt(gsl_matrix_get(inv, j, j)));
	}
	mul(CblasNoTrans, x, CblasNoTrans, u, out);
	for (size_t i = 0; i < p; i++) {
		gsl_vector_view row = gsl_matrix_row(out, i);
		gsl_vector_scale(&row.vector, gsl_vector_get(h, i));
	}
	/* whole rotation T_varimax U; Phi = U^-1 U^-T */
	mul(CblasNoTrans, tv, CblasNoTrans, u, m);
	status = invert(m, inv, lu, perm);
	if (status)
		goto done;
	mul(CblasNoTrans, inv, CblasTrans, inv, phi);
	status = vstatus;
done:
	gsl_matrix_free(wtd);
	gsl_matrix_free(x);
	gsl_matrix_free(q);
	gsl_matrix_free(qr);
	gsl_matrix_free(tv);
	gsl_matrix_free(u);
	gsl_matrix_free(m);
	gsl_matrix_free(inv);
	gsl_matrix_free(lu);
	gsl_permutation_free(perm);
	gsl_vector_free(h);
	gsl_vector_free(tau);
	gsl_vector_free(resid);
	return status;
}

/* Oblimin criterion (GPArotation vgQ.oblimin): X = (I - gamma/p 11') L^2 (11' - I),
 * gradient Gq = L * X, f = sum(L^2 * X) / 4. */
static double oblimin_vgq(const gsl_matrix *l, double gamma, gsl_matrix *gq)
{
	const size_t p = l->size1, k = l->size2;
	double f = 0;

	for (size_t i = 0; i < p; i++) {
		double rs = 0;
		for (size_t j = 0; j < k; j++) {
			double v = gsl_matrix_get(l, i, j);
			rs += v * v;
		}
		for (size_t j = 0; j < k; j++) {
			double v = gsl_matrix_get(l, i, j);
			gsl_matrix_set(gq, i, j, rs - v * v); /* X for now */
		}
	}
	if (gamma != 0)
		for (size_t j = 0; j < k; j++) {
			double cs = 0;
			for (size_t i = 0; i < p; i++)
				cs += gsl_matrix_get(gq, i, j);
			for (size_t i = 0; i < p; i++)
				gsl_matrix_set(gq, i, j, gsl_matrix_get(gq, i, j) - gamma / (double)p * cs);
		}
	for (size_t i = 0; i < p; i++)
		for (size_t j = 0; j < k; j++) {
			double v = gsl_matrix_get(l, i, j), xx = gsl_matrix_get(gq, i, j);
			f += v * v * xx;
			gsl_matrix_set(gq, i, j, v * xx);
		}
	return f / 4;
}

/* L = A T^-T and the gradient G = -(L' Gq T^-1)' for the rotation T. */
struct gpf {
	const gsl_matrix *a;
	double gamma;
	gsl_matrix *tinv, *lu, *gq, *m, *m2;
	gsl_permutation *perm;
};

static int gpf_eval(struct gpf *w, const gsl_matrix *t, gsl_matrix *l, gsl_matrix *g, double *f)
{
	int status = invert(t, w->tinv, w->lu, w->perm);

	if (status)
		return status;
	mul(CblasNoTrans, w->a, CblasTrans, w->tinv, l);
	*f = oblimin_vgq(l, w->gamma, w->gq);
	mul(CblasTrans, l, CblasNoTrans, w->gq, w->m);        /* L' Gq */
	mul(CblasNoTrans, w->m, CblasNoTrans, w->tinv, w->m2); /* L' Gq T^-1 */
	gsl_matrix_transpose_memcpy(g, w->m2);
	gsl_matrix_scale(g, -1.0);
	return GSL_SUCCESS;
}

int rotation_oblimin(const gsl_matrix *a, double gamma, double eps, size_t max_iter,
		     gsl_matrix *out, gsl_matrix *phi, size_t *iter)
{
	const size_t p = a->size1, k = a->size2;
	struct gpf w = {a, gamma, gsl_matrix_alloc(k, k), gsl_matrix_alloc(k, k), gsl_matrix_alloc(p, k),
			gsl_matrix_alloc(k, k), gsl_matrix_alloc(k, k), gsl_permutation_alloc(k)};
	gsl_matrix *t = gsl_matrix_alloc(k, k), *tt = gsl_matrix_alloc(k, k), *g = gsl_matrix_alloc(k, k);
	gsl_matrix *gp = gsl_matrix_alloc(k, k), *lt = gsl_matrix_alloc(p, k);
	double f, al = 1, s = 0;
	int status = GSL_ENOMEM;
	size_t it;

	if (!w.tinv || !w.lu || !w.gq || !w.m || !w.m2 || !w.perm || !t || !tt || !g || !gp || !lt)
		goto done;
	gsl_matrix_set_identity(t);
	status = gpf_eval(&w, t, out, g, &f);
	if (status)
		goto done;
	for (it = 0; it <= max_iter; it++) {
		double ft = f;

		/* projected gradient Gp = G - T diag(1'(T * G)) */
		s = 0;
		for (size_t j = 0; j < k; j++) {
			double c = 0;
			for (size_t i = 0; i < k; i++)
				c += gsl_matrix_get(t, i, j) * gsl_matrix_get(g, i, j);
			for (size_t i = 0; i < k; i++) {
				double v = gsl_matrix_get(g, i, j) - gsl_matrix_get(t, i, j) * c;
				gsl_matrix_set(gp, i, j, v);
				s += v * v;
			}
		}
		s = sqrt(s);
		if (s < eps)
			break;
		al *= 2;
		for (int half = 0; half <= 10; half++) {
			for (size_t j = 0; j < k; j++) {
				double norm = 0;
				for (size_t i = 0; i < k; i++) {
					double v = gsl_matrix_get(t, i, j) - al * gsl_matrix_get(gp, i, j);
					gsl_matrix_set(tt, i, j, v);
					norm += v * v;
				}
				for (size_t i = 0; i < k; i++)
					gsl_matrix_set(tt, i, j, gsl_matrix_get(tt, i, j) / sqrt(norm));
			}
			status = gpf_eval(&w, tt, lt, g, &ft);
			if (status)
				goto done;
			if (f - ft > 0.5 * s * s * al)
				break;
			al /= 2;
		}
		gsl_matrix_memcpy(t, tt);
		gsl_matrix_memcpy(out, lt);
		f = ft;
	}
	if (iter)
		*iter = it > max_iter ? max_iter : it;
	mul(CblasTrans, t, CblasNoTrans, t, phi);
	status = s < eps ? GSL_SUCCESS : GSL_EMAXITER;
done:
	gsl_matrix_free(w.tinv);
	gsl_matrix_free(w.lu);
	gsl_matrix_free(w.gq);
	gsl_matrix_free(w.m);
	gsl_matrix_free(w.m2);
	gsl_permutation_free(w.perm);
	gsl_matrix_free(t);
	gsl_matrix_free(tt);
	gsl_matrix_free(g);
	gsl_matrix_free(gp);
	gsl_matrix_free(lt);
	return status;
}
