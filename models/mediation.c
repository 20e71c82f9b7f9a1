#include "models/mediation.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "models/bootstrap.h"
#include "models/descriptives.h"

/* The M equations' layout: model 7 is PROCESS model 1 of X and W with the covariates; model 4
 * has only the X block and the covariates. */
static int layout(const struct med_spec *s, size_t n, struct mod_layout *lay)
{
	struct mod_spec ms = {1, s->x, s->w, {0}, s->cov, s->center};

	if (s->model == 7)
		return mod_layout_init(&ms, n, lay);
	if (s->x.kind == MOD_CATEGORICAL ? !(s->x.code && s->x.levels >= 2) : !s->x.v)
		return GSL_EINVAL;
	lay->model = 1;
	lay->nx = s->x.kind == MOD_CATEGORICAL ? s->x.levels - 1 : 1;
	lay->nw = lay->nz = 0;
	lay->ncov = s->cov ? s->cov->size2 : 0;
	lay->x0 = 0;
	lay->w0 = lay->xw0 = lay->z0 = lay->xz0 = lay->wz0 = lay->xwz0 = lay->cov0 = lay->nx;
	lay->k = lay->nx + lay->ncov;
	lay->center_x = lay->center_w = lay->center_z = 0;
	return GSL_SUCCESS;
}

struct mediation *mediation_alloc(const struct med_spec *s, size_t n)
{
	struct mediation *md;
	size_t nm = s->m ? s->m->size2 : 0;

	if ((s->model != 4 && s->model != 7) || nm == 0 || s->m->size1 != n || s->y->size != n)
		return NULL;
	md = calloc(1, sizeof *md);
	if (!md)
		return NULL;
	md->model = s->model;
	md->n = n;
	md->nm = nm;
	if (layout(s, n, &md->lay)) {
		free(md);
		return NULL;
	}
	md->nx = md->lay.nx;
	md->nw = md->lay.nw;
	md->ncov = md->lay.ncov;
	md->ka = md->lay.k;
	md->ky = md->nx + nm + md->ncov;
	md->x_continuous = s->x.kind == MOD_CONTINUOUS;
	md->ypred = malloc(md->ky * sizeof *md->ypred);
	md->Xa = gsl_matrix_alloc(n, md->ka);
	md->Xy = gsl_matrix_alloc(n, md->ky);
	md->V = gsl_matrix_alloc(n, md->ka + nm + 1);
	md->a_fit = calloc(nm, sizeof *md->a_fit);
	md->y_fit = ols_fit_alloc(n, md->ky);
	if (s->model == 4)
		md->c_fit = ols_fit_alloc(n, md->ka);
	if (!md->ypred || !md->Xa || !md->Xy || !md->V || !md->a_fit || !md->y_fit || (s->model == 4 && !md->c_fit)) {
		mediation_free(md);
		return NULL;
	}
	for (size_t j = 0; j < nm; j++)
		if (!(md->a_fit[j] = ols_fit_alloc(n, md->ka))) {
			mediation_free(md);
			return NULL;
		}
	/* Y equation: X columns, M_1..M_k, covariates (indices into V) */
	for (size_t d = 0; d < md->nx; d++)
		md->ypred[d] = md->lay.x0 + d;
	for (size_t j = 0; j < nm; j++)
		md->ypred[md->nx + j] = md->ka + j;
	for (size_t c = 0; c < md->ncov; c++)
		md->ypred[md->nx + nm + c] = md->lay.cov0 + c;
	return md;
}

void mediation_free(struct mediation *md)
{
	if (!md)
		return;
	if (md->a_fit)
		for (size_t j = 0; j < md->nm; j++)
			ols_fit_free(md->a_fit[j]);
	free(md->a_fit);
	ols_fit_free(md->y_fit);
	ols_fit_free(md->c_fit);
	gsl_matrix_free(md->Xa);
	gsl_matrix_free(md->Xy);
	gsl_matrix_free(md->V);
	free(md->ypred);
	free(md);
}

static void fill_designs(struct mediation *md, const struct med_spec *s)
{
	size_t n = md->n, nm = md->nm;

	if (s->model == 7) {
		struct mod_spec ms = {1, s->x, s->w, {0}, s->cov, s->center};
		mod_design_fill(&ms, &md->lay, md->Xa);
	} else {
		for (size_t i = 0; i < n; i++) {
			for (size_t d = 0; d < md->nx; d++)
				gsl_matrix_set(md->Xa, i, d,
					       s->x.kind == MOD_CATEGORICAL ? (double)(s->x.code[i] == d + 1) : s->x.v[i]);
			for (size_t c = 0; c < md->ncov; c++)
				gsl_matrix_set(md->Xa, i, md->lay.cov0 + c, gsl_matrix_get(s->cov, i, c));
		}
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t c = 0; c < md->ka; c++)
			gsl_matrix_set(md->V, i, c, gsl_matrix_get(md->Xa, i, c));
		for (size_t j = 0; j < nm; j++)
			gsl_matrix_set(md->V, i, md->ka + j, gsl_matrix_get(s->m, i, j));
		gsl_matrix_set(md->V, i, md->ka + nm, gsl_vector_get(s->y, i));
		for (size_t c = 0; c < md->ky; c++)
			gsl_matrix_set(md->Xy, i, c, gsl_matrix_get(md->V, i, md->ypred[c]));
	}
}

int mediation_run(struct mediation *md, const struct med_spec *s)
{
	int status;
	struct moments mo;

	fill_designs(md, s);
	for (size_t j = 0; j < md->nm; j++) {
		gsl_vector_const_view mj = gsl_matrix_const_column(s->m, j);
		status = ols_fit_run(md->a_fit[j], md->Xa, &mj.vector, &s->ols);
		if (status) {
			md->bad_equation = j;
			return status;
		}
	}
	status = ols_fit_run(md->y_fit, md->Xy, s->y, &s->ols);
	if (status) {
		md->bad_equation = md->nm;
		return status;
	}
	if (md->c_fit) {
		status = ols_fit_run(md->c_fit, md->Xa, s->y, &s->ols);
		if (status) {
			md->bad_equation = md->nm + 1;
			return status;
		}
	}
	md->sd_y = md->y_fit->sd_y;
	md->sd_x = NAN;
	if (md->x_continuous) {
		moments_compute(s->x.v, 1, md->n, &mo);
		md->sd_x = mo.sd;
	}
	return GSL_SUCCESS;
}

static size_t blocks(const struct mediation *md)
{
	return md->x_continuous ? 3 : 2;
}

size_t mediation_n_stats(const struct mediation *md, size_t S)
{
	if (md->model == 4)
		return blocks(md) * md->nx * (md->nm + 1);
	return S * md->nx * md->nm + md->nx * md->nw * md->nm;
}

size_t mediation_stat_indirect(const struct mediation *md, size_t block, size_t d, size_t j)
{
	return block * md->nx * (md->nm + 1) + d * md->nm + j;
}

size_t mediation_stat_total(const struct mediation *md, size_t block, size_t d)
{
	return block * md->nx * (md->nm + 1) + md->nx * md->nm + d;
}

size_t mediation_stat_conditional(const struct mediation *md, size_t s, size_t d, size_t j)
{
	return (s * md->nx + d) * md->nm + j;
}

size_t mediation_stat_index(const struct mediation *md, size_t S, size_t d, size_t l, size_t j)
{
	return S * md->nx * md->nm + (d * md->nw + l) * md->nm + j;
}

void mediation_statistics(const struct mediation *md, const double *const *a_coef, const double *y_coef, double sd_x,
			  double sd_y, const double *probes, size_t S, double *out)
{
	size_t nx = md->nx, nm = md->nm, nw = md->nw;
	const struct mod_layout *lay = &md->lay;

	if (md->model == 4) {
		for (size_t d = 0; d < nx; d++) {
			double tot = 0;
			for (size_t j = 0; j < nm; j++) {
				double ab = a_coef[j][1 + lay->x0 + d] * y_coef[1 + nx + j];
				out[mediation_stat_indirect(md, 0, d, j)] = ab;
				tot += ab;
			}
			out[mediation_stat_total(md, 0, d)] = tot;
		}
		for (size_t b = 1; b < blocks(md); b++) {
			double f = b == 1 ? 1 / sd_y : sd_x / sd_y;
			for (size_t d = 0; d < nx; d++) {
				for (size_t j = 0; j < nm; j++)
					out[mediation_stat_indirect(md, b, d, j)] = f * out[mediation_stat_indirect(md, 0, d, j)];
				out[mediation_stat_total(md, b, d)] = f * out[mediation_stat_total(md, 0, d)];
			}
		}
		return;
	}
	for (size_t j = 0; j < nm; j++) {
		double bj = y_coef[1 + nx + j];
		for (size_t d = 0; d < nx; d++) {
			for (size_t s = 0; s < S; s++) {
				const double *wv = probes + s * nw;
				double a = a_coef[j][1 + lay->x0 + d];
				for (size_t l = 0; l < nw; l++)
					a += a_coef[j][1 + lay->xw0 + d * nw + l] * wv[l];
				out[mediation_stat_conditional(md, s, d, j)] = a * bj;
			}
			for (size_t l = 0; l < nw; l++)
				out[mediation_stat_index(md, S, d, l, j)] = a_coef[j][1 + lay->xw0 + d * nw + l] * bj;
		}
	}
}

int mediation_estimates(const struct mediation *md, const double *probes, size_t S, double *out)
{
	const double **a = malloc(md->nm * sizeof *a);

	if (!a)
		return GSL_ENOMEM;
	for (size_t j = 0; j < md->nm; j++)
		a[j] = md->a_fit[j]->b->data;
	mediation_statistics(md, a, md->y_fit->b->data, md->sd_x, md->sd_y, probes, S, out);
	free(a);
	return GSL_SUCCESS;
}

/* bootstrap: one cross-product pass per resample, every equation solved from it */
struct med_boot {
	const struct mediation *md;
	struct crossprod_data *cpd;
	const double *probes;
	size_t S;
	double tol;
	size_t *apred;
	size_t xcol; /* X's column in the variable set (continuous X) */
};

struct med_ws {
	struct crossprod *cp;
	double **a, *y;
};

static void med_ws_free(void *p)
{
	struct med_ws *w = p;

	if (!w)
		return;
	crossprod_free(w->cp);
	if (w->a)
		free(w->a[0]);
	free(w->a);
	free(w->y);
	free(w);
}

static void *med_ws_alloc(const void *arg)
{
	const struct med_boot *b = arg;
	const struct mediation *md = b->md;
	struct med_ws *w = calloc(1, sizeof *w);

	if (!w)
		return NULL;
	w->cp = crossprod_alloc(b->cpd->q, b->cpd->n);
	w->a = calloc(md->nm, sizeof *w->a);
	w->y = calloc(md->ky + 1, sizeof *w->y);
	if (w->a)
		w->a[0] = calloc(md->nm * (md->ka + 1), sizeof **w->a);
	if (!w->cp || !w->a || !w->a[0] || !w->y) {
		med_ws_free(w);
		return NULL;
	}
	for (size_t j = 1; j < md->nm; j++)
		w->a[j] = w->a[0] + j * (md->ka + 1);
	return w;
}

static int med_stat(const unsigned *counts, double *out, void *ws, const void *arg)
{
	const struct med_boot *b = arg;
	const struct mediation *md = b->md;
	struct med_ws *w = ws;
	int status;
	double sd_x = NAN, sd_y;

	crossprod_accumulate(w->cp, b->cpd, counts);
	for (size_t j = 0; j < md->nm; j++) {
		status = crossprod_regress(w->cp, b->apred, md->ka, md->ka + j, b->tol, w->a[j] + 1, NULL);
		if (status)
			return status;
	}
	status = crossprod_regress(w->cp, md->ypred, md->ky, md->ka + md->nm, b->tol, w->y + 1, NULL);
	if (status)
		return status;
	sd_y = crossprod_sd(w->cp, md->ka + md->nm);
	if (md->x_continuous)
		sd_x = crossprod_sd(w->cp, b->xcol);
	mediation_statistics(md, (const double *const *)w->a, w->y, sd_x, sd_y, b->probes, b->S, out);
	return GSL_SUCCESS;
}

int mediation_bootstrap(const struct mediation *md, const double *probes, size_t S, size_t reps, unsigned long seed,
			size_t threads, double tol, gsl_matrix *draws, size_t *replaced)
{
	struct med_boot b = {md, NULL, probes, S, tol, NULL, md->lay.x0};
	struct boot_spec spec = {md->n, mediation_n_stats(md, S), reps, seed, threads, med_stat, med_ws_alloc,
				 med_ws_free, &b};
	int status = GSL_ENOMEM;

	*replaced = 0;
	b.apred = malloc(md->ka * sizeof *b.apred);
	b.cpd = crossprod_data_alloc(md->V);
	if (b.apred && b.cpd) {
		for (size_t c = 0; c < md->ka; c++)
			b.apred[c] = c;
		status = bootstrap_run(&spec, draws, replaced);
	}
	crossprod_data_free(b.cpd);
	free(b.apred);
	return status;
}
