#include "models/cfa_model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_linalg.h>

static void group_free(struct cfa_group_model *g)
{
	gsl_matrix_free(g->lambda);
	gsl_matrix_free(g->phi);
	gsl_matrix_free(g->theta);
	gsl_vector_free(g->nu);
	gsl_vector_free(g->alpha);
	gsl_matrix_free(g->sigma);
	gsl_matrix_free(g->P);
	gsl_vector_free(g->mu);
	gsl_matrix_free(g->V);
	gsl_matrix_free(g->PV);
	gsl_matrix_free(g->G);
	gsl_matrix_free(g->EC);
	gsl_matrix_free(g->R);
	gsl_matrix_free(g->RPV);
	gsl_matrix_free(g->VMV);
	gsl_vector_free(g->rho);
	gsl_vector_free(g->Vb);
}

void cfa_model_free(struct cfa_model *mod)
{
	if (!mod)
		return;
	if (mod->gm)
		for (size_t g = 0; g < mod->groups; g++)
			group_free(&mod->gm[g]);
	free(mod->gm);
	free(mod->x_of);
	free(mod->rep);
	free(mod->value);
	free(mod);
}

/* gsl_matrix_calloc that accepts zero sizes (a model without factors) */
static gsl_matrix *mat(size_t r, size_t c)
{
	return gsl_matrix_calloc(r ? r : 1, c ? c : 1);
}

static gsl_vector *vec(size_t n)
{
	return gsl_vector_calloc(n ? n : 1);
}

struct cfa_model *cfa_model_alloc(const struct cfa_spec *spec, const struct cfa_sample *sample)
{
	struct cfa_model *mod = calloc(1, sizeof *mod);
	size_t *label_x = NULL;

	if (!mod)
		return NULL;
	mod->spec = spec;
	mod->sample = sample;
	mod->p = spec->p;
	mod->m = spec->m;
	mod->groups = spec->groups;
	mod->nv = spec->p + 2 * spec->m;
	mod->means = spec->means;
	mod->x_of = malloc((spec->n_param + 1) * sizeof *mod->x_of);
	mod->rep = malloc((spec->n_param + 1) * sizeof *mod->rep);
	mod->value = calloc(spec->n_param + 1, sizeof *mod->value);
	mod->gm = calloc(spec->groups, sizeof *mod->gm);
	label_x = malloc((spec->n_labels + 1) * sizeof *label_x);
	if (!mod->x_of || !mod->rep || !mod->value || !mod->gm || !label_x)
		goto fail;
	for (size_t l = 0; l <= spec->n_labels; l++)
		label_x[l] = CFA_NONE;
	for (size_t k = 0; k < spec->n_param; k++) {
		const struct cfa_param *q = &spec->param[k];
		mod->value[k] = q->free ? 0.0 : q->value;
		if (!q->free) {
			mod->x_of[k] = CFA_NONE;
			continue;
		}
		if (q->label != CFA_NO_LABEL && label_x[q->label] != CFA_NONE) {
			mod->x_of[k] = label_x[q->label];
			continue;
		}
		mod->rep[mod->q] = k;
		mod->x_of[k] = mod->q++;
		if (q->label != CFA_NO_LABEL)
			label_x[q->label] = mod->x_of[k];
	}
	free(label_x);
	label_x = NULL;
	const size_t p = mod->p, m = mod->m, nv = mod->nv;
	for (size_t g = 0; g < mod->groups; g++) {
		struct cfa_group_model *gm = &mod->gm[g];
		gm->lambda = mat(p, m);
		gm->phi = mat(m, m);
		gm->theta = mat(p, p);
		gm->nu = vec(p);
		gm->alpha = vec(m);
		gm->sigma = mat(p, p);
		gm->P = mat(p, p);
		gm->mu = vec(p);
		gm->V = mat(p, nv);
		gm->PV = mat(p, nv);
		gm->G = mat(nv, nv);
		gm->EC = mat(p, p);
		gm->R = mat(p, p);
		gm->RPV = mat(p, nv);
		gm->VMV = mat(nv, nv);
		gm->rho = vec(p);
		gm->Vb = vec(nv);
		if (!gm->lambda || !gm->phi || !gm->theta || !gm->nu || !gm->alpha || !gm->sigma || !gm->P ||
		    !gm->mu || !gm->V || !gm->PV || !gm->G || !gm->EC || !gm->R || !gm->RPV || !gm->VMV || !gm->rho || !gm->Vb)
			goto fail;
		for (size_t i = 0; i < p; i++)
			gsl_matrix_set(gm->V, i, i, 1.0);
	}
	return mod;
fail:
	free(label_x);
	cfa_model_free(mod);
	return NULL;
}

int cfa_model_update(struct cfa_model *mod)
{
	const size_t p = mod->p, m = mod->m;

	mod->tables = 0;
	for (size_t g = 0; g < mod->groups; g++) {
		struct cfa_group_model *gm = &mod->gm[g];
		gsl_matrix_set_zero(gm->lambda);
		gsl_matrix_set_zero(gm->phi);
		gsl_matrix_set_zero(gm->theta);
		gsl_vector_set_zero(gm->nu);
		gsl_vector_set_zero(gm->alpha);
	}
	for (size_t k = 0; k < mod->spec->n_param; k++) {
		const struct cfa_param *q = &mod->spec->param[k];
		struct cfa_group_model *gm = &mod->gm[q->group];
		double v = mod->value[k];
		switch (q->kind) {
		case CFA_LOADING:
			gsl_matrix_set(gm->lambda, q->i, q->j, v);
			break;
		case CFA_FACTOR_COV:
			gsl_matrix_set(gm->phi, q->i, q->j, v);
			gsl_matrix_set(gm->phi, q->j, q->i, v);
			break;
		case CFA_RESID_COV:
			gsl_matrix_set(gm->theta, q->i, q->j, v);
			gsl_matrix_set(gm->theta, q->j, q->i, v);
			break;
		case CFA_INTERCEPT:
			gsl_vector_set(gm->nu, q->i, v);
			break;
		case CFA_LATENT_MEAN:
			gsl_vector_set(gm->alpha, q->i, v);
			break;
		}
	}
	for (size_t g = 0; g < mod->groups; g++) {
		struct cfa_group_model *gm = &mod->gm[g];
		/* V = [I | Lambda | Lambda Phi]; Sigma = (Lambda Phi) Lambda' + Theta */
		for (size_t i = 0; i < p; i++)
			for (size_t f = 0; f < m; f++) {
				double lp = 0;
				for (size_t h = 0; h < m; h++)
					lp += gsl_matrix_get(gm->lambda, i, h) * gsl_matrix_get(gm->phi, h, f);
				gsl_matrix_set(gm->V, i, p + f, gsl_matrix_get(gm->lambda, i, f));
				gsl_matrix_set(gm->V, i, p + m + f, lp);
			}
		gsl_matrix_memcpy(gm->sigma, gm->theta);
		if (m) {
			gsl_matrix_const_view LP = gsl_matrix_const_submatrix(gm->V, 0, p + m, p, m);
			gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &LP.matrix, gm->lambda, 1.0, gm->sigma);
		}
		for (size_t i = 0; i < p; i++)
			for (size_t j = 0; j < i; j++) {
				double s = 0.5 * (gsl_matrix_get(gm->sigma, i, j) + gsl_matrix_get(gm->sigma, j, i));
				gsl_matrix_set(gm->sigma, i, j, s);
				gsl_matrix_set(gm->sigma, j, i, s);
			}
		if (mod->means) {
			gsl_vector_memcpy(gm->mu, gm->nu);
			if (m)
				gsl_blas_dgemv(CblasNoTrans, 1.0, gm->lambda, gm->alpha, 1.0, gm->mu);
		} else {
			gsl_vector_memcpy(gm->mu, mod->sample->g[g].mean);
		}
		gsl_matrix_memcpy(gm->P, gm->sigma);
		if (gsl_linalg_cholesky_decomp1(gm->P)) {
			mod->bad_group = g;
			return GSL_EDOM;
		}
		gm->logdet = 0;
		for (size_t i = 0; i < p; i++)
			gm->logdet += 2 * log(gsl_matrix_get(gm->P, i, i));
		gsl_linalg_cholesky_invert(gm->P);
	}
	return 0;
}

int cfa_model_set(struct cfa_model *mod, const double *x)
{
	for (size_t k = 0; k < mod->spec->n_param; k++)
		if (mod->x_of[k] != CFA_NONE)
			mod->value[k] = x[mod->x_of[k]];
	return cfa_model_update(mod);
}

struct cfa_deriv cfa_model_deriv(const struct cfa_model *mod, size_t k)
{
	const struct cfa_param *q = &mod->spec->param[k];
	const size_t p = mod->p, m = mod->m;
	struct cfa_deriv dv = {0, 0, 0, 0, 0};

	switch (q->kind) {
	case CFA_LOADING:
		dv.c = 1;
		dv.u = q->i;
		dv.v = p + m + q->j;
		dv.d = mod->means ? gsl_vector_get(mod->gm[q->group].alpha, q->j) : 0;
		dv.w = q->i;
		break;
	case CFA_FACTOR_COV:
		dv.c = q->i == q->j ? 0.5 : 1;
		dv.u = p + q->i;
		dv.v = p + q->j;
		break;
	case CFA_RESID_COV:
		dv.c = q->i == q->j ? 0.5 : 1;
		dv.u = q->i;
		dv.v = q->j;
		break;
	case CFA_INTERCEPT:
		dv.d = 1;
		dv.w = q->i;
		break;
	case CFA_LATENT_MEAN:
		dv.d = 1;
		dv.w = p + q->i;
		break;
	}
	return dv;
}

/* PV, G = V'PV, V'MV = (PV)' (N Sigma - EC) (PV) and V'b = (PV)' rho of every group, after
 * the E-step. */
static void tables(struct cfa_model *mod)
{
	for (size_t g = 0; g < mod->groups; g++) {
		struct cfa_group_model *gm = &mod->gm[g];
		gsl_blas_dsymm(CblasLeft, CblasUpper, 1.0, gm->P, gm->V, 0.0, gm->PV);
		gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, gm->V, gm->PV, 0.0, gm->G);
		gsl_matrix_memcpy(gm->R, gm->sigma);
		gsl_matrix_scale(gm->R, (double)mod->sample->g[g].n);
		gsl_matrix_sub(gm->R, gm->EC);
		gsl_blas_dsymm(CblasLeft, CblasUpper, 1.0, gm->R, gm->PV, 0.0, gm->RPV);
		gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, gm->PV, gm->RPV, 0.0, gm->VMV);
		gsl_blas_dgemv(CblasTrans, 1.0, gm->PV, gm->rho, 0.0, gm->Vb);
	}
	mod->tables = 1;
}

double cfa_model_deviance(struct cfa_model *mod, double *grad, int *status)
{
	double D = 0;

	*status = 0;
	if (grad)
		memset(grad, 0, mod->q * sizeof *grad);
	for (size_t g = 0; g < mod->groups; g++) {
		struct cfa_group_model *gm = &mod->gm[g];
		gm->D = cfa_estep(&mod->sample->g[g], gm->mu, gm->P, gm->logdet, gm->EC, gm->rho, status);
		if (*status)
			return GSL_NAN;
		D += gm->D;
	}
	if (!grad)
		return D;
	tables(mod);
	for (size_t k = 0; k < mod->spec->n_param; k++) {
		if (mod->x_of[k] == CFA_NONE)
			continue;
		const struct cfa_group_model *gm = &mod->gm[mod->spec->param[k].group];
		struct cfa_deriv dv = cfa_model_deriv(mod, k);
		grad[mod->x_of[k]] +=
			2 * dv.c * gsl_matrix_get(gm->VMV, dv.u, dv.v) - 2 * dv.d * gsl_vector_get(gm->Vb, dv.w);
	}
	return D;
}

/* Makes sure the tables belong to the current parameters. */
static int need_tables(struct cfa_model *mod)
{
	int status = 0;
	if (!mod->tables) {
		double *grad = malloc((mod->q + 1) * sizeof *grad);
		if (!grad)
			return GSL_ENOMEM;
		cfa_model_deviance(mod, grad, &status);
		free(grad);
	}
	return status;
}

/* ---- information ------------------------------------------------------------------------------ */

/* The free parameters of group g with their derivative terms. */
struct slot {
	size_t k, x;
	struct cfa_deriv dv;
};

static size_t group_slots(const struct cfa_model *mod, size_t g, struct slot *s)
{
	size_t n = 0;
	for (size_t k = 0; k < mod->spec->n_param; k++)
		if (mod->x_of[k] != CFA_NONE && mod->spec->param[k].group == g) {
			s[n].k = k;
			s[n].x = mod->x_of[k];
			s[n].dv = cfa_model_deriv(mod, k);
			n++;
		}
	return n;
}

static void add_sym(gsl_matrix *info, size_t xa, size_t xb, double v, int diagonal_pair)
{
	*gsl_matrix_ptr(info, xa, xb) += v;
	if (!diagonal_pair)
		*gsl_matrix_ptr(info, xb, xa) += v;
}

/* weight * [c_a c_b (G_uu' G_vv' + G_uv' G_vu') + d_a d_b G_ww'] over the pairs of slots */
static void expected_terms(const struct slot *s, size_t ns, const gsl_matrix *G, double weight, gsl_matrix *info)
{
	const double *g = G->data;
	const size_t t = G->tda;

	for (size_t a = 0; a < ns; a++) {
		const struct cfa_deriv *A = &s[a].dv;
		for (size_t b = a; b < ns; b++) {
			const struct cfa_deriv *B = &s[b].dv;
			double v = 0;
			if (A->c != 0 && B->c != 0)
				v += A->c * B->c *
				     (g[A->u * t + B->u] * g[A->v * t + B->v] + g[A->u * t + B->v] * g[A->v * t + B->u]);
			if (A->d != 0 && B->d != 0)
				v += A->d * B->d * g[A->w * t + B->w];
			if (v != 0)
				add_sym(info, s[a].x, s[b].x, weight * v, a == b);
		}
	}
}

/* Tables of one pattern: Y = A V (p x nv, zero rows for missing items), Gp = V'Y; with T set,
 * Hp = Y'TY and gp = Y'd for T = W + n d d', d = m - mu_o. Work arrays sized by the caller. */
struct ptables {
	gsl_matrix *Y, *Gp, *Hp, *TY;
	gsl_vector *gp;
	double *K, *X, *d, *T;
};

static int ptables_alloc(struct ptables *t, size_t p, size_t nv)
{
	t->Y = mat(p, nv);
	t->Gp = mat(nv, nv);
	t->Hp = mat(nv, nv);
	t->TY = mat(p, nv);
	t->gp = vec(nv);
	t->K = malloc((p * p + p * nv + p + p * p + 1) * sizeof(double));
	if (!t->Y || !t->Gp || !t->Hp || !t->TY || !t->gp || !t->K)
		return GSL_ENOMEM;
	t->X = t->K + p * p;
	t->d = t->X + p * nv;
	t->T = t->d + p;
	return 0;
}

static void ptables_free(struct ptables *t)
{
	gsl_matrix_free(t->Y);
	gsl_matrix_free(t->Gp);
	gsl_matrix_free(t->Hp);
	gsl_matrix_free(t->TY);
	gsl_vector_free(t->gp);
	free(t->K);
}

/* Patterns with at most this many rows get Hp from their rows (z = Y_o'(y - mu_o), Hp = sum z z',
 * O(n_p (p nv + nv^2))) rather than from W (O(p^2 nv + p nv^2)). */
#define ROWS_FOR_TABLES 24

/* rows (with data) lets small patterns build Hp from their rows; NULL uses W. */
static int pattern_tables(const struct cfa_group_model *gm, const struct cfa_pattern *pt, const size_t *rows,
			  const struct cfa_data *data, int with_data, struct ptables *t)
{
	const size_t nv = gm->V->size2, no = pt->n_obs, nm = pt->n_mis, ty = t->Y->tda, th = t->Hp->tda;
	const size_t *o = pt->obs, *m = pt->mis;

	for (size_t a = 0; a < no; a++)
		memcpy(gsl_matrix_ptr(t->Y, o[a], 0), gsl_matrix_const_ptr(gm->PV, o[a], 0), nv * sizeof(double));
	gsl_matrix_memcpy(t->Gp, gm->G);
	if (nm) {
		gsl_matrix_view K = gsl_matrix_view_array(t->K, nm, nm);
		gsl_matrix_view X = gsl_matrix_view_array(t->X, nm, nv);
		for (size_t a = 0; a < nm; a++) {
			for (size_t c = 0; c < nm; c++)
				gsl_matrix_set(&K.matrix, a, c, gsl_matrix_get(gm->P, m[a], m[c]));
			memcpy(gsl_matrix_ptr(&X.matrix, a, 0), gsl_matrix_const_ptr(gm->PV, m[a], 0), nv * sizeof(double));
		}
		if (gsl_linalg_cholesky_decomp1(&K.matrix))
			return GSL_ESING;
		gsl_linalg_cholesky_invert(&K.matrix);
		/* KX = K^-1 X into TY's first nm rows; Y_o -= P[o, m] KX; Gp -= X' KX */
		gsl_matrix_view KX = gsl_matrix_submatrix(t->TY, 0, 0, nm, nv);
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &K.matrix, &X.matrix, 0.0, &KX.matrix);
		for (size_t a = 0; a < no; a++) {
			double *restrict y = t->Y->data + o[a] * ty;
			for (size_t c = 0; c < nm; c++) {
				const double pim = gsl_matrix_get(gm->P, o[a], m[c]);
				const double *kx = gsl_matrix_const_ptr(&KX.matrix, c, 0);
				for (size_t e = 0; e < nv; e++)
					y[e] -= pim * kx[e];
			}
		}
		gsl_blas_dgemm(CblasTrans, CblasNoTrans, -1.0, &X.matrix, &KX.matrix, 1.0, t->Gp);
	}
	if (!with_data)
		return 0;
	const double n = (double)pt->n;
	double *restrict H = t->Hp->data, *restrict gp = t->gp->data;
	for (size_t a = 0; a < no; a++)
		t->d[a] = pt->mean[a] - gsl_vector_get(gm->mu, o[a]);
	gsl_matrix_set_zero(t->Hp);
	gsl_vector_set_zero(t->gp);
	if (rows && pt->n <= ROWS_FOR_TABLES) {
		/* Hp = sum over rows of z z', gp = mean of z, z = Y_o' (y_o - mu_o) */
		double *restrict z = t->TY->data;
		for (size_t r = 0; r < pt->n; r++) {
			const double *x = data->x + rows[pt->first + r] * data->stride;
			for (size_t e = 0; e < nv; e++)
				z[e] = 0;
			for (size_t a = 0; a < no; a++) {
				const double ra = x[o[a]] - gsl_vector_get(gm->mu, o[a]), *y = t->Y->data + o[a] * ty;
				for (size_t e = 0; e < nv; e++)
					z[e] += y[e] * ra;
			}
			for (size_t e = 0; e < nv; e++) {
				double *restrict h = H + e * th;
				const double ze = z[e];
				gp[e * t->gp->stride] += ze / n;
				for (size_t f = 0; f <= e; f++)
					h[f] += ze * z[f];
			}
		}
	} else {
		/* T = W + n d d' over o, TY = T Y_o (no x nv), Hp = Y_o' TY, gp = Y_o' d */
		for (size_t a = 0; a < no; a++)
			for (size_t b = 0; b < no; b++)
				t->T[a * no + b] = pt->cross[a * no + b] + n * t->d[a] * t->d[b];
		for (size_t a = 0; a < no; a++) {
			const double *y = t->Y->data + o[a] * ty;
			for (size_t e = 0; e < nv; e++)
				gp[e * t->gp->stride] += y[e] * t->d[a];
		}
		for (size_t a = 0; a < no; a++) {
			double *restrict tyr = t->TY->data + a * t->TY->tda;
			for (size_t e = 0; e < nv; e++)
				tyr[e] = 0;
			for (size_t b = 0; b < no; b++) {
				const double tab = t->T[a * no + b], *y = t->Y->data + o[b] * ty;
				for (size_t e = 0; e < nv; e++)
					tyr[e] += tab * y[e];
			}
		}
		for (size_t a = 0; a < no; a++) {
			const double *y = t->Y->data + o[a] * ty, *tyr = t->TY->data + a * t->TY->tda;
			for (size_t e = 0; e < nv; e++) {
				double *restrict h = H + e * th;
				const double ye = y[e];
				for (size_t f = 0; f <= e; f++)
					h[f] += ye * tyr[f];
			}
		}
	}
	for (size_t e = 0; e < nv; e++)
		for (size_t f = 0; f < e; f++)
			H[f * th + e] = H[e * th + f];
	return 0;
}

int cfa_model_expected(struct cfa_model *mod, int per_pattern, gsl_matrix *info)
{
	struct slot *s = malloc((mod->spec->n_param + 1) * sizeof *s);
	struct ptables t = {0};
	int status = need_tables(mod);

	if (status) {
		free(s);
		return status;
	}
	if (!s || (per_pattern && (status = ptables_alloc(&t, mod->p, mod->nv)))) {
		free(s);
		ptables_free(&t);
		return GSL_ENOMEM;
	}
	gsl_matrix_set_zero(info);
	for (size_t g = 0; g < mod->groups && !status; g++) {
		const struct cfa_group_model *gm = &mod->gm[g];
		const struct cfa_group_sample *gs = &mod->sample->g[g];
		size_t ns = group_slots(mod, g, s);
		if (!per_pattern) {
			expected_terms(s, ns, gm->G, (double)gs->n, info);
			continue;
		}
		for (size_t k = 0; k < gs->n_pat && !status; k++) {
			if (!(status = pattern_tables(gm, &gs->pat[k], NULL, NULL, 0, &t)))
				expected_terms(s, ns, t.Gp, (double)gs->pat[k].n, info);
		}
	}
	free(s);
	if (per_pattern)
		ptables_free(&t);
	return status;
}

/* the per-pattern terms of the observed information over the pairs of slots */
static void observed_terms(const struct slot *s, size_t ns, const struct ptables *t, double n, gsl_matrix *info)
{
	const double *G = t->Gp->data, *H = t->Hp->data, *gv = t->gp->data;
	const size_t tg = t->Gp->tda, th = t->Hp->tda, sg = t->gp->stride;

	for (size_t a = 0; a < ns; a++) {
		const struct cfa_deriv *A = &s[a].dv;
		const size_t ua = A->u, va = A->v, wa = A->w;
		for (size_t b = a; b < ns; b++) {
			const struct cfa_deriv *B = &s[b].dv;
			const size_t ub = B->u, vb = B->v, wb = B->w;
			double v = 0;
			if (A->c != 0 && B->c != 0) {
				double gg = G[ua * tg + ub] * G[va * tg + vb] + G[ua * tg + vb] * G[va * tg + ub];
				double gh = G[va * tg + ub] * H[vb * th + ua] + G[va * tg + vb] * H[ub * th + ua] +
					    G[ua * tg + ub] * H[vb * th + va] + G[ua * tg + vb] * H[ub * th + va];
				v += A->c * B->c * (gh - n * gg);
			}
			if (A->c != 0 && B->d != 0)
				v += n * A->c * B->d * (gv[ua * sg] * G[va * tg + wb] + gv[va * sg] * G[ua * tg + wb]);
			if (B->c != 0 && A->d != 0)
				v += n * B->c * A->d * (gv[ub * sg] * G[vb * tg + wa] + gv[vb * sg] * G[ub * tg + wa]);
			if (A->d != 0 && B->d != 0)
				v += n * A->d * B->d * G[wa * tg + wb];
			if (v != 0)
				add_sym(info, s[a].x, s[b].x, v, a == b);
		}
	}
}

/* Second-derivative terms of one ordered pair (a a loading, b anything). */
static double second_terms(const struct cfa_model *mod, const struct cfa_group_model *gm, const struct cfa_param *a,
			   const struct cfa_param *b)
{
	const size_t p = mod->p, f = a->j, j = a->i;

	switch (b->kind) {
	case CFA_LOADING:
		/* M_jk is VMV[j][k], (M Lambda)_jh is VMV[j][p + h], b_j is Vb[j] */
		return gsl_matrix_get(gm->phi, f, b->j) * gsl_matrix_get(gm->VMV, j, b->i);
	case CFA_FACTOR_COV: {
		double v = 0;
		if (b->i == f)
			v += gsl_matrix_get(gm->VMV, j, p + b->j);
		if (b->j == f && b->i != b->j)
			v += gsl_matrix_get(gm->VMV, j, p + b->i);
		return v;
	}
	case CFA_LATENT_MEAN:
		return b->i == f && mod->means ? -gsl_vector_get(gm->Vb, j) : 0;
	default:
		return 0;
	}
}

int cfa_model_observed(struct cfa_model *mod, const struct cfa_data *data, gsl_matrix *info)
{
	struct slot *s = malloc((mod->spec->n_param + 1) * sizeof *s);
	struct ptables t = {0};
	int status = need_tables(mod);

	if (status) {
		free(s);
		return status;
	}
	if (!s || ptables_alloc(&t, mod->p, mod->nv)) {
		free(s);
		ptables_free(&t);
		return GSL_ENOMEM;
	}
	status = 0;
	gsl_matrix_set_zero(info);
	for (size_t g = 0; g < mod->groups && !status; g++) {
		const struct cfa_group_model *gm = &mod->gm[g];
		const struct cfa_group_sample *gs = &mod->sample->g[g];
		size_t ns = group_slots(mod, g, s);
		for (size_t k = 0; k < gs->n_pat && !status; k++)
			if (!(status = pattern_tables(gm, &gs->pat[k], data ? gs->rows : NULL, data, 1, &t)))
				observed_terms(s, ns, &t, (double)gs->pat[k].n, info);
		for (size_t a = 0; a < ns; a++) {
			const struct cfa_param *pa = &mod->spec->param[s[a].k];
			for (size_t b = a; b < ns; b++) {
				const struct cfa_param *pb = &mod->spec->param[s[b].k];
				double v = 0;
				if (pa->kind == CFA_LOADING)
					v += second_terms(mod, gm, pa, pb);
				else if (pb->kind == CFA_LOADING)
					v += second_terms(mod, gm, pb, pa);
				if (v != 0)
					add_sym(info, s[a].x, s[b].x, v, a == b);
			}
		}
	}
	free(s);
	ptables_free(&t);
	return status;
}

/* ---- casewise scores -------------------------------------------------------------------------- */

int cfa_model_firstorder(struct cfa_model *mod, const struct cfa_data *data, int gamma, gsl_matrix *B,
			 double *trace_wg)
{
	const size_t p = mod->p, nv = mod->nv, q = mod->q;
	struct slot *s = malloc((mod->spec->n_param + 1) * sizeof *s);
	gsl_vector *sc = vec(q), *mean_u = vec(q), *z = vec(nv), *r = vec(p), *Pr = vec(p);
	gsl_matrix *PS = mat(p, p);
	struct ptables t = {0};
	int status = GSL_ENOMEM;

	if (!s || !sc || !mean_u || !z || !r || !Pr || !PS || ptables_alloc(&t, p, nv))
		goto done;
	if ((status = need_tables(mod)))
		goto done;
	gsl_matrix_set_zero(B);
	if (trace_wg)
		*trace_wg = 0;
	for (size_t g = 0; g < mod->groups && !status; g++) {
		const struct cfa_group_model *gm = &mod->gm[g];
		const struct cfa_group_sample *gs = &mod->sample->g[g];
		const double N = (double)gs->n;
		size_t ns = group_slots(mod, g, s);
		double trPSPS = 0, twg = 0;
		gsl_vector_set_zero(mean_u);
		if (gamma) {
			gsl_blas_dsymm(CblasLeft, CblasUpper, 1.0, gm->P, gs->cov, 0.0, PS);
			for (size_t i = 0; i < p; i++)
				for (size_t j = 0; j < p; j++)
					trPSPS += gsl_matrix_get(PS, i, j) * gsl_matrix_get(PS, j, i);
		}
		for (size_t k = 0; k < gs->n_pat && !status; k++) {
			const struct cfa_pattern *pt = &gs->pat[k];
			if ((status = pattern_tables(gm, pt, NULL, NULL, 0, &t)))
				break;
			for (size_t rr = 0; rr < pt->n; rr++) {
				const double *x = data->x + gs->rows[pt->first + rr] * data->stride;
				/* z = Y' r over the observed items */
				gsl_vector_set_zero(z);
				for (size_t a = 0; a < pt->n_obs; a++) {
					size_t i = pt->obs[a];
					double ri = x[i] - gsl_vector_get(gamma ? gs->mean : gm->mu, i);
					const double *y = gsl_matrix_const_ptr(t.Y, i, 0);
					gsl_vector_set(r, i, ri);
					for (size_t c = 0; c < nv; c++)
						z->data[c * z->stride] += y[c] * ri;
				}
				gsl_vector_set_zero(sc);
				for (size_t a = 0; a < ns; a++) {
					const struct cfa_deriv *A = &s[a].dv;
					double v = A->d * gsl_vector_get(z, A->w);
					if (A->c != 0) {
						v += A->c * gsl_vector_get(z, A->u) * gsl_vector_get(z, A->v);
						if (!gamma)
							v -= A->c * gsl_matrix_get(t.Gp, A->u, A->v);
					}
					*gsl_vector_ptr(sc, s[a].x) += v;
				}
				gsl_blas_dsyr(CblasLower, 1.0, sc, B);
				if (gamma) {
					gsl_vector_add(mean_u, sc);
					/* (c'Pc)^2 - 2 c'PSPc + tr(PSPS), and c'Pc with means */
					double cpc = 0, cpspc;
					gsl_vector_const_view pc = gsl_vector_const_subvector(z, 0, p);
					gsl_blas_ddot(r, &pc.vector, &cpc);
					gsl_blas_dsymv(CblasUpper, 1.0, gs->cov, &pc.vector, 0.0, Pr);
					gsl_blas_ddot(&pc.vector, Pr, &cpspc);
					twg += 0.5 * (cpc * cpc - 2 * cpspc + trPSPS) + (mod->means ? cpc : 0);
				}
			}
		}
		if (gamma) {
			gsl_vector_scale(mean_u, 1.0 / N);
			gsl_blas_dsyr(CblasLower, -N, mean_u, B);
			if (trace_wg)
				*trace_wg += twg / N;
		}
	}
	for (size_t i = 0; i < q; i++)
		for (size_t j = 0; j < i; j++)
			gsl_matrix_set(B, j, i, gsl_matrix_get(B, i, j));
done:
	free(s);
	gsl_vector_free(sc);
	gsl_vector_free(mean_u);
	gsl_vector_free(z);
	gsl_vector_free(r);
	gsl_vector_free(Pr);
	gsl_matrix_free(PS);
	ptables_free(&t);
	return status;
}

/* ---- Jacobian of the moments ------------------------------------------------------------------ */

size_t cfa_model_moments(const struct cfa_model *mod)
{
	return mod->p * (mod->p + 1) / 2 + (mod->means ? mod->p : 0);
}

int cfa_model_jacobian(const struct cfa_model *mod, const struct cfa_model *sat, gsl_matrix *J)
{
	if (J->size1 != sat->q || J->size2 != mod->q)
		return GSL_EBADLEN;
	gsl_matrix_set_zero(J);
	for (size_t r = 0; r < sat->q; r++) {
		const struct cfa_param *mom = &sat->spec->param[sat->rep[r]];
		const size_t g = mom->group, i = mom->i, j = mom->j;
		const gsl_matrix *V = mod->gm[g].V;
		for (size_t k = 0; k < mod->spec->n_param; k++) {
			if (mod->x_of[k] == CFA_NONE || mod->spec->param[k].group != g)
				continue;
			struct cfa_deriv dv = cfa_model_deriv(mod, k);
			double d = mom->kind == CFA_INTERCEPT
					   ? dv.d * gsl_matrix_get(V, i, dv.w)
					   : dv.c * (gsl_matrix_get(V, i, dv.u) * gsl_matrix_get(V, j, dv.v) +
						     gsl_matrix_get(V, i, dv.v) * gsl_matrix_get(V, j, dv.u));
			*gsl_matrix_ptr(J, r, mod->x_of[k]) += d;
		}
	}
	return 0;
}
