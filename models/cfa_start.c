/* Starting values of a CFA fit. lavaan starts loadings from Hägglund's (1982) FABIN 3, residual
 * variances at half the observed variances and factor covariances at 0; any start inside the
 * region where Sigma is positive definite leads to the same optimum, so this one aims only to be
 * close to it, per group from the sample (or EM) covariance matrix S:
 *   - each factor's indicators: standardised loadings l from the first principal component of
 *     their correlation matrix (l = sqrt|r| for two indicators, 0.7 for one), a_j = l_j sd_j on a
 *     unit-variance factor, rescaled so that the first fixed loading keeps its value (its factor
 *     variance follows) or to a fixed factor variance; an item's loadings after its first start
 *     at 0;
 *   - residual variances s_jj (1 - l_j^2), at least s_jj / 10;
 *   - factor correlations: the mean of r_jk / (l_j l_k) over pairs of their indicators, clamped
 *     to [-0.9, 0.9] and halved until Phi is positive definite;
 *   - residual covariances 0; intercepts the sample means; free latent means 0.
 * A free parameter shared by several (a label) starts at the first one's value. */
#include "models/cfa_internal.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

/* Standardised one-factor loadings of the items in idx[0..k) from the correlations of S. */
static int pc_loadings(const gsl_matrix *S, const size_t *idx, size_t k, double *l)
{
	if (k == 1) {
		l[0] = 0.7;
		return 0;
	}
	if (k == 2) {
		double r = gsl_matrix_get(S, idx[0], idx[1]) /
			   sqrt(gsl_matrix_get(S, idx[0], idx[0]) * gsl_matrix_get(S, idx[1], idx[1]));
		l[0] = l[1] = sqrt(fmin(fabs(r), 0.95));
		if (r < 0)
			l[1] = -l[1];
		return 0;
	}
	gsl_matrix *R = gsl_matrix_alloc(k, k), *evec = gsl_matrix_alloc(k, k);
	gsl_vector *eval = gsl_vector_alloc(k);
	gsl_eigen_symmv_workspace *w = gsl_eigen_symmv_alloc(k);
	int status = GSL_ENOMEM;

	if (R && evec && eval && w) {
		for (size_t a = 0; a < k; a++)
			for (size_t b = 0; b < k; b++)
				gsl_matrix_set(R, a, b,
					       gsl_matrix_get(S, idx[a], idx[b]) /
						       sqrt(gsl_matrix_get(S, idx[a], idx[a]) * gsl_matrix_get(S, idx[b], idx[b])));
		status = gsl_eigen_symmv(R, eval, evec, w);
		if (!status) {
			gsl_eigen_symmv_sort(eval, evec, GSL_EIGEN_SORT_VAL_DESC);
			/* the first component, its size corrected for the uniqueness it absorbs */
			double lam = gsl_vector_get(eval, 0), sum = 0;
			double scale = sqrt(fmax(lam - (k - lam) / (k - 1.0), 0.1 * lam) / lam);
			for (size_t a = 0; a < k; a++)
				sum += gsl_matrix_get(evec, a, 0);
			for (size_t a = 0; a < k; a++) {
				double v = gsl_matrix_get(evec, a, 0) * sqrt(lam) * scale * (sum < 0 ? -1 : 1);
				l[a] = fmax(fmin(v, 0.95), -0.95);
			}
		}
	}
	gsl_matrix_free(R);
	gsl_matrix_free(evec);
	gsl_vector_free(eval);
	gsl_eigen_symmv_free(w);
	return status;
}

static int group_start(const struct cfa_model *mod, size_t g, double *val, size_t *idx, double *l, double *lstd,
		       int *first_loading)
{
	const struct cfa_spec *sp = mod->spec;
	const gsl_matrix *S = mod->sample->g[g].cov;
	const gsl_vector *mean = mod->sample->g[g].mean;
	const size_t p = mod->p, m = mod->m;
	double *phi = calloc(m * m + 1, sizeof *phi);
	int status = 0;

	if (!phi)
		return GSL_ENOMEM;
	for (size_t i = 0; i < p; i++)
		lstd[i] = 0;
	/* an item's first loading (in parameter order) is its main one */
	for (size_t k = 0; k < sp->n_param; k++)
		first_loading[k] = 0;
	for (size_t i = 0; i < p; i++)
		for (size_t k = 0; k < sp->n_param; k++)
			if (sp->param[k].group == g && sp->param[k].kind == CFA_LOADING && sp->param[k].i == i) {
				first_loading[k] = 1;
				break;
			}
	for (size_t f = 0; f < m && !status; f++) {
		size_t k_items = 0, marker = CFA_NONE, var = cfa_spec_find(sp, CFA_FACTOR_COV, g, f, f);
		for (size_t k = 0; k < sp->n_param; k++) {
			const struct cfa_param *q = &sp->param[k];
			if (q->group != g || q->kind != CFA_LOADING || q->j != f || !first_loading[k])
				continue;
			if (!q->free && q->value == 0)
				continue;
			idx[k_items++] = q->i;
			if (!q->free && marker == CFA_NONE)
				marker = k;
		}
		if (!k_items) {
			phi[f * m + f] = 1;
			continue;
		}
		if ((status = pc_loadings(S, idx, k_items, l)))
			break;
		/* a_j = l_j sd_j; scale so the marker keeps its value, else to the factor variance */
		double scale = 1, fvar = 1;
		if (marker != CFA_NONE) {
			size_t pos = 0;
			while (idx[pos] != sp->param[marker].i)
				pos++;
			double a = l[pos] * sqrt(gsl_matrix_get(S, idx[pos], idx[pos]));
			scale = sp->param[marker].value / a;
			fvar = 1 / (scale * scale);
		} else if (var != CFA_NONE && !sp->param[var].free && sp->param[var].value > 0) {
			fvar = sp->param[var].value;
			scale = 1 / sqrt(fvar);
		}
		phi[f * m + f] = fvar;
		for (size_t a = 0; a < k_items; a++) {
			lstd[idx[a]] = l[a];
			size_t k = cfa_spec_find(sp, CFA_LOADING, g, idx[a], f);
			if (sp->param[k].free)
				val[k] = l[a] * sqrt(gsl_matrix_get(S, idx[a], idx[a])) * scale;
		}
	}
	/* factor correlations from the items' correlations, disattenuated */
	for (size_t f = 0; f < m; f++)
		for (size_t h = 0; h < f; h++) {
			double sum = 0;
			size_t cnt = 0;
			for (size_t k = 0; k < sp->n_param; k++) {
				const struct cfa_param *a = &sp->param[k];
				if (a->group != g || a->kind != CFA_LOADING || a->j != f || !first_loading[k])
					continue;
				for (size_t t = 0; t < sp->n_param; t++) {
					const struct cfa_param *b = &sp->param[t];
					if (b->group != g || b->kind != CFA_LOADING || b->j != h || !first_loading[t] ||
					    lstd[a->i] == 0 || lstd[b->i] == 0)
						continue;
					double r = gsl_matrix_get(S, a->i, b->i) /
						   sqrt(gsl_matrix_get(S, a->i, a->i) * gsl_matrix_get(S, b->i, b->i));
					sum += r / (lstd[a->i] * lstd[b->i]);
					cnt++;
				}
			}
			double rho = cnt ? fmax(fmin(sum / (double)cnt, 0.9), -0.9) : 0;
			phi[f * m + h] = phi[h * m + f] = rho * sqrt(phi[f * m + f] * phi[h * m + h]);
		}
	/* halve the covariances until Phi is positive definite */
	if (m) {
		gsl_matrix *c = gsl_matrix_alloc(m, m);
		if (!c) {
			free(phi);
			return GSL_ENOMEM;
		}
		for (int tries = 0; tries < 60; tries++) {
			for (size_t f = 0; f < m; f++)
				for (size_t h = 0; h < m; h++)
					gsl_matrix_set(c, f, h, phi[f * m + h]);
			if (!gsl_linalg_cholesky_decomp1(c))
				break;
			for (size_t f = 0; f < m; f++)
				for (size_t h = 0; h < m; h++)
					if (f != h)
						phi[f * m + h] *= 0.5;
		}
		gsl_matrix_free(c);
	}
	for (size_t k = 0; k < sp->n_param; k++) {
		const struct cfa_param *q = &sp->param[k];
		if (q->group != g || !q->free)
			continue;
		switch (q->kind) {
		case CFA_LOADING:
			if (!first_loading[k])
				val[k] = 0;
			break;
		case CFA_FACTOR_COV:
			val[k] = phi[q->i * m + q->j];
			break;
		case CFA_RESID_COV:
			if (q->i == q->j) {
				double s = gsl_matrix_get(S, q->i, q->i);
				val[k] = fmax(s * (1 - lstd[q->i] * lstd[q->i]), 0.1 * s);
			} else {
				val[k] = 0;
			}
			break;
		case CFA_INTERCEPT:
			val[k] = gsl_vector_get(mean, q->i);
			break;
		case CFA_LATENT_MEAN:
			val[k] = 0;
			break;
		}
	}
	free(phi);
	return status;
}

int cfa_start(const struct cfa_model *mod, double *x)
{
	const struct cfa_spec *sp = mod->spec;
	double *val = calloc(sp->n_param + 1, sizeof *val), *l = malloc((mod->p + 1) * sizeof *l),
	       *lstd = malloc((mod->p + 1) * sizeof *lstd);
	size_t *idx = malloc((mod->p + 1) * sizeof *idx);
	int *first = malloc((sp->n_param + 1) * sizeof *first);
	int status = GSL_ENOMEM;

	if (val && l && lstd && idx && first) {
		status = 0;
		for (size_t g = 0; g < mod->groups && !status; g++)
			status = group_start(mod, g, val, idx, l, lstd, first);
		for (size_t j = 0; j < mod->q; j++)
			x[j] = val[mod->rep[j]];
	}
	free(val);
	free(l);
	free(lstd);
	free(idx);
	free(first);
	return status;
}
