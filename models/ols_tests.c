#include "models/ols_tests.h"

#include <math.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "models/distributions.h"

void lincom_from(double est, double var, double df, double t_crit, struct lincom *out)
{
	out->est = est;
	out->se = var >= 0 ? sqrt(var) : NAN;
	out->t = est / out->se;
	out->p = 2 * dist_t_Q(fabs(out->t), df);
	out->llci = est - t_crit * out->se;
	out->ulci = est + t_crit * out->se;
}

int ols_lincom(const struct ols_fit *fit, const gsl_vector *l, const gsl_matrix *V, struct lincom *out)
{
	double est = 0, var = 0;

	if (l->size != fit->p)
		return GSL_EBADLEN;
	if (!V)
		V = fit->cov;
	for (size_t i = 0; i < fit->p; i++) {
		double li = gsl_vector_get(l, i);
		if (li == 0)
			continue;
		est += li * gsl_vector_get(fit->b, i);
		for (size_t j = 0; j < fit->p; j++)
			var += li * gsl_matrix_get(V, i, j) * gsl_vector_get(l, j);
	}
	lincom_from(est, var, fit->df2, fit->t_crit, out);
	return GSL_SUCCESS;
}

int wald_quadratic(const gsl_vector *theta, gsl_matrix *Vt, double df2, struct wald *out)
{
	size_t q = theta->size;
	gsl_vector *u = gsl_vector_alloc(q);
	int status;
	double quad;

	if (!u)
		return GSL_ENOMEM;
	status = gsl_linalg_cholesky_decomp1(Vt);
	if (!status)
		status = gsl_linalg_cholesky_solve(Vt, theta, u);
	if (!status)
		status = gsl_blas_ddot(theta, u, &quad);
	gsl_vector_free(u);
	if (status)
		return status == GSL_EDOM ? GSL_ESING : status;
	out->df1 = (double)q;
	out->df2 = df2;
	out->F = quad / (double)q;
	out->p = dist_f_Q(out->F, out->df1, df2);
	return GSL_SUCCESS;
}

int ols_wald(const struct ols_fit *fit, const gsl_matrix *L, const gsl_matrix *V, struct wald *out)
{
	size_t q = L->size1, p = fit->p;
	gsl_vector *theta = NULL;
	gsl_matrix *LV = NULL, *LVL = NULL;
	int status = GSL_ENOMEM;

	if (L->size2 != p || q == 0)
		return GSL_EBADLEN;
	if (!V)
		V = fit->cov;
	theta = gsl_vector_alloc(q);
	LV = gsl_matrix_alloc(q, p);
	LVL = gsl_matrix_alloc(q, q);
	if (!theta || !LV || !LVL)
		goto done;
	status = gsl_blas_dgemv(CblasNoTrans, 1.0, L, fit->b, 0.0, theta);
	if (!status)
		status = gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, L, V, 0.0, LV);
	if (!status)
		status = gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, LV, L, 0.0, LVL);
	if (!status)
		status = wald_quadratic(theta, LVL, fit->df2, out);
done:
	gsl_vector_free(theta);
	gsl_matrix_free(LV);
	gsl_matrix_free(LVL);
	return status;
}

int ols_wald_terms(const struct ols_fit *fit, const size_t *idx, size_t q, const gsl_matrix *V, struct wald *out)
{
	gsl_vector *theta;
	gsl_matrix *Vt;
	int status = GSL_ENOMEM;

	if (q == 0)
		return GSL_EBADLEN;
	if (!V)
		V = fit->cov;
	for (size_t i = 0; i < q; i++)
		if (idx[i] >= fit->p)
			return GSL_EINVAL;
	theta = gsl_vector_alloc(q);
	Vt = gsl_matrix_alloc(q, q);
	if (theta && Vt) {
		for (size_t i = 0; i < q; i++) {
			gsl_vector_set(theta, i, gsl_vector_get(fit->b, idx[i]));
			for (size_t j = 0; j < q; j++)
				gsl_matrix_set(Vt, i, j, gsl_matrix_get(V, idx[i], idx[j]));
		}
		status = wald_quadratic(theta, Vt, fit->df2, out);
	}
	gsl_vector_free(theta);
	gsl_matrix_free(Vt);
	return status;
}

int ols_r2_change(const struct ols_fit *fit, const size_t *idx, size_t q, double *r2_change)
{
	struct wald w;
	int status = ols_wald_terms(fit, idx, q, fit->cov_classical, &w);

	if (status)
		return status;
	*r2_change = w.F * (double)q * fit->sigma * fit->sigma / fit->sst;
	return GSL_SUCCESS;
}

void ols_f_change(double r2_full, double r2_reduced, double q, double df2, struct wald *out)
{
	out->df1 = q;
	out->df2 = df2;
	out->F = ((r2_full - r2_reduced) / q) / ((1 - r2_full) / df2);
	out->p = dist_f_Q(out->F, q, df2);
}
