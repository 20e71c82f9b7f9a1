#include "models/memore.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "models/bootstrap.h"
#include "models/crossprod.h"
#include "models/descriptives.h"
#include "models/distributions.h"
#include "models/johnson_neyman.h"

struct memore *memore_alloc(size_t n, size_t k)
{
	struct memore *md;

	if (k == 0 || !(md = calloc(1, sizeof *md)))
		return NULL;
	md->n = n;
	md->k = k;
	md->a = calloc(k, sizeof *md->a);
	md->b = calloc(k, sizeof *md->b);
	md->d = calloc(k, sizeof *md->d);
	md->indirect = calloc(k, sizeof *md->indirect);
	md->fit = ols_fit_alloc(n, 2 * k);
	md->X = gsl_matrix_alloc(n ? n : 1, 2 * k);
	md->yd = gsl_vector_alloc(n ? n : 1);
	md->V = gsl_matrix_alloc(n ? n : 1, 2 * k + 1);
	if (!md->a || !md->b || !md->d || !md->indirect || !md->fit || !md->X || !md->yd || !md->V) {
		memore_free(md);
		return NULL;
	}
	return md;
}

void memore_free(struct memore *md)
{
	if (!md)
		return;
	free(md->a);
	free(md->b);
	free(md->d);
	free(md->indirect);
	ols_fit_free(md->fit);
	gsl_matrix_free(md->X);
	gsl_vector_free(md->yd);
	gsl_matrix_free(md->V);
	free(md);
}

/* One-sample t test of the mean of n values `stride` apart; GSL_EDOM when they do not vary. */
static int mean_test(const double *x, size_t stride, size_t n, double ci, struct memore_effect *e)
{
	struct moments m;
	double tq;

	moments_compute(x, stride, n, &m);
	e->est = m.mean;
	e->df = (double)n - 1;
	e->se = m.sd / sqrt((double)n);
	if (!(e->se > 0))
		return GSL_EDOM;
	tq = dist_t_Qinv((1 - ci) / 2, e->df);
	e->t = e->est / e->se;
	e->p = 2 * dist_t_Q(fabs(e->t), e->df);
	e->llci = e->est - tq * e->se;
	e->ulci = e->est + tq * e->se;
	return GSL_SUCCESS;
}

/* Coefficient j of a successful fit as an effect. */
static void coefficient(const struct ols_fit *f, size_t j, struct memore_effect *e)
{
	*e = (struct memore_effect){gsl_vector_get(f->b, j), gsl_vector_get(f->se, j), gsl_vector_get(f->t, j),
				    f->df2, gsl_vector_get(f->p_value, j), gsl_vector_get(f->llci, j),
				    gsl_vector_get(f->ulci, j)};
}

static int fail(enum memore_problem *problem, size_t *bad, enum memore_problem why, size_t which, int status)
{
	*problem = why;
	*bad = which;
	return status;
}

int memore_run(struct memore *md, const struct memore_spec *s)
{
	size_t n = md->n, k = md->k;
	double *mean_avg;
	int status;

	md->problem = MEMORE_OK;
	md->bad = md->bad_row = 0;
	if (s->y1->size != n || s->y2->size != n || s->m1->size1 != n || s->m2->size1 != n || s->m1->size2 != k ||
	    s->m2->size2 != k)
		return GSL_EBADLEN;
	if (n < 2 * k + 2)
		return fail(&md->problem, &md->bad, MEMORE_TOO_FEW_CASES, 0, GSL_EDOM);
	/* differences, averages (centred below) */
	for (size_t i = 0; i < n; i++) {
		double y1 = gsl_vector_get(s->y1, i), y2 = gsl_vector_get(s->y2, i);
		int finite = isfinite(y1) && isfinite(y2);
		for (size_t j = 0; j < k; j++) {
			double a = gsl_matrix_get(s->m1, i, j), b = gsl_matrix_get(s->m2, i, j);
			finite &= isfinite(a) && isfinite(b);
			gsl_matrix_set(md->V, i, j, a - b);
			gsl_matrix_set(md->V, i, k + j, (a + b) / 2);
		}
		if (!finite) {
			md->bad_row = i;
			return fail(&md->problem, &md->bad, MEMORE_NOT_FINITE, 0, GSL_EDOM);
		}
		gsl_matrix_set(md->V, i, 2 * k, y1 - y2);
		gsl_vector_set(md->yd, i, y1 - y2);
	}
	/* a paths and the total effect: one-sample t tests of the differences */
	for (size_t j = 0; j <= k; j++) {
		struct memore_effect *e = j < k ? &md->a[j] : &md->total;
		if (mean_test(gsl_matrix_const_ptr(md->V, 0, j < k ? j : 2 * k), md->V->tda, n, s->ols.ci, e))
			return fail(&md->problem, &md->bad, MEMORE_CONSTANT_DIFFERENCE, j, GSL_EDOM);
	}
	mean_avg = malloc(k * sizeof *mean_avg);
	if (!mean_avg)
		return GSL_ENOMEM;
	for (size_t j = 0; j < k; j++) {
		struct moments m;
		moments_compute(gsl_matrix_const_ptr(md->V, 0, k + j), md->V->tda, n, &m);
		mean_avg[j] = m.mean;
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < k; j++) {
			gsl_matrix_set(md->X, i, j, gsl_matrix_get(md->V, i, j));
			gsl_matrix_set(md->X, i, k + j, gsl_matrix_get(md->V, i, k + j) - mean_avg[j]);
		}
	free(mean_avg);
	status = ols_fit_run(md->fit, md->X, md->yd, &s->ols);
	if (status)
		return fail(&md->problem, &md->bad, MEMORE_REGRESSION, md->fit->bad, status);
	coefficient(md->fit, 0, &md->direct);
	md->total_indirect = 0;
	for (size_t j = 0; j < k; j++) {
		coefficient(md->fit, 1 + j, &md->b[j]);
		coefficient(md->fit, 1 + k + j, &md->d[j]);
		md->indirect[j] = md->a[j].est * md->b[j].est;
		md->total_indirect += md->indirect[j];
	}
	return GSL_SUCCESS;
}

size_t memore_n_stats(size_t k)
{
	return k + 1 + k * (k - 1) / 2;
}

/* Given the indirect effects out[0..k), the total indirect effect and the contrasts after them. */
static void sums_and_contrasts(size_t k, double *out)
{
	size_t c = k + 1;

	out[k] = 0;
	for (size_t j = 0; j < k; j++)
		out[k] += out[j];
	for (size_t i = 0; i < k; i++)
		for (size_t j = i + 1; j < k; j++)
			out[c++] = out[i] - out[j];
}

void memore_statistics(const struct memore *md, double *out)
{
	for (size_t j = 0; j < md->k; j++)
		out[j] = md->indirect[j];
	sums_and_contrasts(md->k, out);
}

/* bootstrap: one cross-product pass over (Mdiff, Mavg, Ydiff) per resample */
struct boot_arg {
	struct crossprod_data *cpd;
	size_t k, n, *pred;
	double tol;
};

/* the workspace: models/crossprod's, its scratch the 2k slopes */
static void *ws_alloc(const void *arg)
{
	const struct boot_arg *a = arg;

	return crossprod_ws_alloc(2 * a->k + 1, a->n, 2 * a->k);
}

static int boot_stat(const unsigned *counts, double *out, void *ws, const void *arg)
{
	const struct boot_arg *a = arg;
	struct crossprod_ws *w = ws;
	double *b = w->scratch;
	size_t k = a->k;
	int status;

	crossprod_accumulate(w->cp, a->cpd, counts);
	for (size_t j = 0; j <= k; j++) {
		size_t v = j < k ? j : 2 * k;
		if (!(gsl_matrix_get(w->cp->C, v, v) > 0))
			return GSL_EDOM;
	}
	status = crossprod_regress(w->cp, a->pred, 2 * k, 2 * k, a->tol, b, NULL);
	if (status)
		return status;
	/* a_j: the resample mean of Mdiff_j */
	for (size_t j = 0; j < k; j++)
		out[j] = w->cp->mean[j] * b[j];
	sums_and_contrasts(k, out);
	return GSL_SUCCESS;
}

int memore_bootstrap(const struct memore *md, size_t reps, unsigned long seed, size_t threads, double tol,
		     gsl_matrix *draws, size_t *replaced)
{
	size_t k = md->k;
	struct boot_arg a = {NULL, k, md->n, NULL, tol};
	struct boot_spec spec = {md->n, memore_n_stats(k), reps, seed, threads, boot_stat, ws_alloc, crossprod_ws_free, &a};
	int status = GSL_ENOMEM;

	*replaced = 0;
	if (draws->size1 != reps || draws->size2 != spec.n_stats)
		return GSL_EBADLEN;
	a.pred = malloc(2 * k * sizeof *a.pred);
	a.cpd = crossprod_data_alloc(md->V);
	if (a.pred && a.cpd) {
		for (size_t j = 0; j < 2 * k; j++)
			a.pred[j] = j;
		status = bootstrap_run(&spec, draws, replaced);
	}
	crossprod_data_free(a.cpd);
	free(a.pred);
	return status;
}

struct memore_mod *memore_mod_alloc(size_t n)
{
	struct memore_mod *mm = calloc(1, sizeof *mm);

	if (!mm)
		return NULL;
	mm->n = n;
	mm->fit = ols_fit_alloc(n, 1);
	mm->X = gsl_matrix_alloc(n ? n : 1, 1);
	mm->yd = gsl_vector_alloc(n ? n : 1);
	if (!mm->fit || !mm->X || !mm->yd) {
		memore_mod_free(mm);
		return NULL;
	}
	return mm;
}

void memore_mod_free(struct memore_mod *mm)
{
	if (!mm)
		return;
	ols_fit_free(mm->fit);
	gsl_matrix_free(mm->X);
	gsl_vector_free(mm->yd);
	free(mm);
}

int memore_mod_run(struct memore_mod *mm, const gsl_vector *y1, const gsl_vector *y2, const gsl_vector *w,
		   const struct ols_options *o)
{
	size_t n = mm->n;
	int status;

	mm->problem = MEMORE_OK;
	mm->bad = mm->bad_row = 0;
	if (y1->size != n || y2->size != n || w->size != n)
		return GSL_EBADLEN;
	if (n < 3)
		return fail(&mm->problem, &mm->bad, MEMORE_TOO_FEW_CASES, 0, GSL_EDOM);
	mm->w_min = INFINITY;
	mm->w_max = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		double a = gsl_vector_get(y1, i), b = gsl_vector_get(y2, i), v = gsl_vector_get(w, i);
		if (!isfinite(a) || !isfinite(b) || !isfinite(v)) {
			mm->bad_row = i;
			return fail(&mm->problem, &mm->bad, MEMORE_NOT_FINITE, 0, GSL_EDOM);
		}
		gsl_vector_set(mm->yd, i, a - b);
		gsl_matrix_set(mm->X, i, 0, v);
		mm->w_min = fmin(mm->w_min, v);
		mm->w_max = fmax(mm->w_max, v);
	}
	status = ols_fit_run(mm->fit, mm->X, mm->yd, o);
	if (status && mm->fit->problem == OLS_CONSTANT_Y)
		return fail(&mm->problem, &mm->bad, MEMORE_CONSTANT_DIFFERENCE, 0, status);
	if (status)
		return fail(&mm->problem, &mm->bad, MEMORE_REGRESSION, mm->fit->bad, status);
	return GSL_SUCCESS;
}

/* theta(w) = b0 + b1 w with the fit's covariance. */
static struct jn_linear linear(const struct memore_mod *mm)
{
	const struct ols_fit *f = mm->fit;

	return (struct jn_linear){gsl_vector_get(f->b, 0), gsl_vector_get(f->b, 1), gsl_matrix_get(f->cov, 0, 0),
				  gsl_matrix_get(f->cov, 0, 1), gsl_matrix_get(f->cov, 1, 1)};
}

void memore_mod_effect(const struct memore_mod *mm, double w, struct memore_effect *out)
{
	struct jn_linear f = linear(mm);
	double df = mm->fit->df2, tq = mm->fit->t_crit;

	out->est = f.a + f.b * w;
	out->se = sqrt(fmax(f.saa + 2 * w * f.sab + w * w * f.sbb, 0));
	out->t = out->est / out->se;
	out->df = df;
	out->p = 2 * dist_t_Q(fabs(out->t), df);
	out->llci = out->est - tq * out->se;
	out->ulci = out->est + tq * out->se;
}

size_t memore_mod_jn(const struct memore_mod *mm, double roots[2], double points[2], size_t *n_points)
{
	struct jn_linear f = linear(mm);
	size_t nr = jn_roots(&f, mm->fit->t_crit, roots);

	*n_points = 0;
	for (size_t i = 0; i < nr; i++)
		if (roots[i] >= mm->w_min && roots[i] <= mm->w_max)
			points[(*n_points)++] = roots[i];
	return nr;
}
