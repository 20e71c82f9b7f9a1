#include "models/process_jn.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

#include "models/distributions.h"

static int moderates(const struct proc_fit *f, size_t e, int a, int var)
{
	unsigned mask = proc_link_moderators(&f->model, e, a);

	if (var < 0 || var >= PROC_Y || var == a || !((mask >> var) & 1u))
		return 0;
	return var > PROC_Z || !f->levels[var];
}

/* pt with the moderator at `value` */
static struct proc_point at(const struct proc_fit *f, const struct proc_point *pt, int var, double value)
{
	struct proc_point p = *pt;

	proc_point_set(f, &p, var, value, 0);
	return p;
}

/* Rows of L (q x (k + 1)): the link's weights of each antecedent column at v = 0 (L0) and their
 * derivative with respect to v (L1). */
static void link_rows(const struct proc_fit *f, const struct proc_jn *jn, const struct proc_point *pt, gsl_matrix *L0,
		      gsl_matrix *L1)
{
	struct proc_point p0 = at(f, pt, jn->var, 0);
	struct proc_deriv d = {jn->var, 0};

	for (size_t c = 0; c < L0->size1; c++) {
		proc_link_weights(f, jn->e, jn->a, c, &p0, NULL, 0, gsl_matrix_ptr(L0, c, 0));
		proc_link_weights(f, jn->e, jn->a, c, &p0, &d, 1, gsl_matrix_ptr(L1, c, 0));
	}
}

/* theta = [L0; L1] b and its covariance [L0; L1] V [L0; L1]' */
static int moments(const struct proc_eqfit *fit, const gsl_matrix *L0, const gsl_matrix *L1, gsl_vector *theta,
		   gsl_matrix *S)
{
	size_t q = L0->size1, p = L0->size2;
	gsl_matrix *L = gsl_matrix_alloc(2 * q, p), *LV = gsl_matrix_alloc(2 * q, p);

	if (!L || !LV) {
		gsl_matrix_free(L);
		gsl_matrix_free(LV);
		return GSL_ENOMEM;
	}
	for (size_t c = 0; c < q; c++)
		for (size_t j = 0; j < p; j++) {
			gsl_matrix_set(L, c, j, gsl_matrix_get(L0, c, j));
			gsl_matrix_set(L, q + c, j, gsl_matrix_get(L1, c, j));
		}
	gsl_blas_dgemv(CblasNoTrans, 1, L, fit->b, 0, theta);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, L, fit->cov, 0, LV);
	gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, LV, L, 0, S);
	gsl_matrix_free(L);
	gsl_matrix_free(LV);
	return GSL_SUCCESS;
}

/* 1 when the omnibus F of a multicategorical X is significant at moderator value v */
static int significant(const struct proc_fit *f, const struct proc_jn *jn, const struct proc_point *pt, double v,
		       int *status)
{
	struct proc_point p = at(f, pt, jn->var, v);
	struct wald wd;

	*status = proc_link_omnibus(f, jn->e, jn->a, &p, &wd);
	return !*status && wd.F >= jn->crit;
}

/* The regions of the omnibus F (a continuous antecedent's are models/johnson_neyman.h's jn_regions). */
static int omnibus_regions(const struct proc_fit *f, struct proc_jn *jn, const struct proc_point *pt)
{
	double cut[PROC_JN_MAX_POINTS + 2];
	size_t nc = 0;
	int status = GSL_SUCCESS;

	cut[nc++] = jn->lo;
	for (size_t i = 0; i < jn->n_points; i++)
		if (jn->points[i] > cut[nc - 1] && jn->points[i] < jn->hi)
			cut[nc++] = jn->points[i];
	cut[nc++] = jn->hi;
	jn->n_regions = 0;
	for (size_t i = 0; i + 1 < nc && !status; i++) {
		struct proc_jn_region *r = &jn->region[jn->n_regions++];
		r->from = cut[i];
		r->to = cut[i + 1];
		r->significant = significant(f, jn, pt, (cut[i] + cut[i + 1]) / 2, &status);
	}
	return status;
}

int proc_jn(const struct proc_fit *f, size_t e, int a, int var, const struct proc_point *pt, struct proc_jn *out)
{
	size_t q, p, col, n = f->n;
	const struct proc_eqfit *fit;
	gsl_matrix *L0 = NULL, *L1 = NULL, *S = NULL;
	gsl_vector *theta = NULL;
	double *vals = NULL;
	int status = GSL_ENOMEM;

	memset(out, 0, sizeof *out);
	if (e >= f->model.n_eq || !moderates(f, e, a, var))
		return GSL_EINVAL;
	col = proc_fit_column(f, var, 0);
	if (col == f->q)
		return GSL_EINVAL;
	fit = &f->eq[e];
	q = f->width[a];
	p = f->eq[e].k + 1;
	*out = (struct proc_jn){.e = e, .a = a, .var = var, .omnibus = q > 1, .lo = INFINITY, .hi = -INFINITY};
	L0 = gsl_matrix_alloc(q, p);
	L1 = gsl_matrix_alloc(q, p);
	S = gsl_matrix_alloc(2 * q, 2 * q);
	theta = gsl_vector_alloc(2 * q);
	vals = malloc(n * sizeof *vals);
	if (!L0 || !L1 || !S || !theta || !vals)
		goto done;
	proc_fit_values(f, col, 0, n, vals, 1);
	for (size_t i = 0; i < n; i++) {
		out->lo = fmin(out->lo, vals[i]);
		out->hi = fmax(out->hi, vals[i]);
	}
	link_rows(f, out, pt, L0, L1);
	status = moments(fit, L0, L1, theta, S);
	if (status)
		goto done;
	if (q == 1) {
		out->lin = (struct jn_linear){gsl_vector_get(theta, 0), gsl_vector_get(theta, 1), gsl_matrix_get(S, 0, 0),
					      gsl_matrix_get(S, 0, 1), gsl_matrix_get(S, 1, 1)};
		out->crit = fit->crit;
		out->n_points = jn_points(&out->lin, out->crit, out->lo, out->hi, out->points);
	} else {
		gsl_vector_view av = gsl_vector_subvector(theta, 0, q), bv = gsl_vector_subvector(theta, q, q);
		out->crit = dist_f_Qinv(1 - f->ci, (double)q, fit->df);
		status = jn_omnibus_points(&av.vector, &bv.vector, S, fit->df, out->crit, out->lo, out->hi, out->points,
					   PROC_JN_MAX_POINTS, &out->n_points);
		if (status)
			goto done;
	}
	for (size_t i = 0; i < out->n_points; i++)
		jn_shares(vals, n, out->points[i], &out->below[i], &out->above[i]);
	if (q == 1) {
		struct jn_region r[3];
		out->n_regions = jn_regions(&out->lin, out->crit, out->lo, out->hi, r);
		for (size_t i = 0; i < out->n_regions; i++)
			out->region[i] = (struct proc_jn_region){r[i].from, r[i].to, r[i].significant};
	} else {
		status = omnibus_regions(f, out, pt);
	}
done:
	gsl_matrix_free(L0);
	gsl_matrix_free(L1);
	gsl_matrix_free(S);
	gsl_vector_free(theta);
	free(vals);
	return status;
}

size_t proc_jn_grid(const struct proc_jn *jn, double *out)
{
	return jn_grid(jn->lo, jn->hi, jn->points, jn->n_points, out);
}

int proc_jn_band(const struct proc_fit *f, const struct proc_jn *jn, size_t col, const struct proc_point *pt,
		 const double *values, size_t n, struct lincom *out)
{
	for (size_t i = 0; i < n; i++) {
		struct proc_point p = at(f, pt, jn->var, values[i]);
		int status = proc_link_effect(f, jn->e, jn->a, col, &p, &out[i]);
		if (status)
			return status;
	}
	return GSL_SUCCESS;
}

int proc_jn_omnibus_band(const struct proc_fit *f, const struct proc_jn *jn, const struct proc_point *pt,
			 const double *values, size_t n, struct wald *out)
{
	for (size_t i = 0; i < n; i++) {
		struct proc_point p = at(f, pt, jn->var, values[i]);
		int status = proc_link_omnibus(f, jn->e, jn->a, &p, &out[i]);
		if (status)
			return status;
	}
	return GSL_SUCCESS;
}
