#include "models/reliability.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "models/distributions.h"
#include "models/factor.h"

struct item_cov *item_cov_alloc(size_t k)
{
	struct item_cov *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->k = k;
	if (!(c->m = group_moments_alloc(1, k ? k : 1))) {
		free(c);
		return NULL;
	}
	return c;
}

void item_cov_free(struct item_cov *c)
{
	if (!c)
		return;
	group_moments_free(c->m);
	free(c);
}

void item_cov_add(struct item_cov *c, const double *x)
{
	if (c->k == 0 || group_moments_add(c->m, 0, x) == GSL_SUCCESS)
		c->n++;
}

int item_cov_get(const struct item_cov *c, gsl_matrix *cov, gsl_vector *mean)
{
	const size_t k = c->k;

	if (c->n < 2)
		return GSL_EINVAL;
	if (k)
		group_moments_sscp(c->m, 0, cov);
	for (size_t i = 0; i < k; i++) {
		gsl_vector_set(mean, i, c->m->mean[i]);
		for (size_t j = 0; j < k; j++)
			gsl_matrix_set(cov, i, j, gsl_matrix_get(cov, i, j) / (double)(c->n - 1));
	}
	return GSL_SUCCESS;
}

struct reliability *reliability_alloc(size_t k)
{
	struct reliability *r = calloc(1, sizeof *r);

	if (!r || k == 0) {
		free(r);
		return NULL;
	}
	r->k = k;
	r->cov = gsl_matrix_alloc(k, k);
	r->cor = gsl_matrix_alloc(k, k);
	r->mean = gsl_vector_alloc(k);
	r->sd = gsl_vector_alloc(k);
	r->r_drop = gsl_vector_alloc(k);
	r->alpha_if_deleted = gsl_vector_alloc(k);
	r->loading = gsl_vector_alloc(k);
	if (!r->cov || !r->cor || !r->mean || !r->sd || !r->r_drop || !r->alpha_if_deleted || !r->loading) {
		reliability_free(r);
		return NULL;
	}
	return r;
}

void reliability_free(struct reliability *r)
{
	if (!r)
		return;
	gsl_matrix_free(r->cov);
	gsl_matrix_free(r->cor);
	gsl_vector_free(r->mean);
	gsl_vector_free(r->sd);
	gsl_vector_free(r->r_drop);
	gsl_vector_free(r->alpha_if_deleted);
	gsl_vector_free(r->loading);
	free(r);
}

/* Cronbach's alpha from k, trace and total sum of a covariance matrix. */
/* NaN when the sum of the items has no variance (items that cancel each other, x and 8 - x):
 * alpha is not defined there (the formula would give -infinity). */
static double alpha_of(double k, double trace, double total)
{
	return total > 0 ? k / (k - 1) * (1 - trace / total) : NAN;
}

/* omega total, CR and AVE from a one-factor principal-axis fit of R. */
static void one_factor(struct reliability *rel, double sum_r)
{
	const size_t k = rel->k;
	struct factor_settings o;
	struct factor_fit *fit;
	double sl = 0, sl2 = 0, su2 = 0;

	rel->omega = rel->cr = rel->ave = NAN;
	gsl_vector_set_all(rel->loading, NAN);
	rel->pa_iterations = 0;
	rel->heywood = 0;
	if (k < 3) {
		rel->omega_status = GSL_EINVAL;
		return;
	}
	fit = factor_fit_alloc(k, 1);
	if (!fit) {
		rel->omega_status = GSL_ENOMEM;
		return;
	}
	factor_settings_init(&o, 1, ROTATION_NONE);
	rel->omega_status = factor_pa(rel->cor, &o, fit, &rel->omega_bad);
	rel->pa_iterations = fit->pa_iterations;
	if (rel->omega_status == GSL_SUCCESS) {
		for (size_t i = 0; i < k; i++) {
			double l = gsl_matrix_get(fit->loadings, i, 0);
			gsl_vector_set(rel->loading, i, l);
			sl += l;
			sl2 += l * l;
			su2 += gsl_vector_get(fit->uniqueness, i);
			if (gsl_vector_get(fit->communality, i) > 1)
				rel->heywood = 1;
		}
		rel->omega = (sum_r - su2) / sum_r;
		rel->cr = sl * sl / (sl * sl + su2);
		rel->ave = sl2 / (double)k;
	}
	factor_fit_free(fit);
}

int reliability_from_cov(const gsl_matrix *cov, const gsl_vector *mean, size_t n, double level,
			 struct reliability *rel, size_t *bad)
{
	const size_t k = cov->size1;
	const double kk = (double)k;
	double trace = 0, total = 0, sum_r = 0, a, df1, df2;
	int status;

	if (k < 2 || n < 2 || rel->k != k)
		return GSL_EINVAL;
	rel->n = n;
	gsl_matrix_memcpy(rel->cov, cov);
	gsl_vector_memcpy(rel->mean, mean);
	status = factor_cor_from_cov(cov, rel->cor, bad);
	if (status)
		return status;
	for (size_t i = 0; i < k; i++) {
		trace += gsl_matrix_get(cov, i, i);
		for (size_t j = 0; j < k; j++) {
			total += gsl_matrix_get(cov, i, j);
			sum_r += gsl_matrix_get(rel->cor, i, j);
		}
	}
	rel->alpha = alpha_of(kk, trace, total);
	rel->alpha_std = sum_r > 0 ? kk / (kk - 1) * (1 - kk / sum_r) : NAN;
	rel->average_r = (sum_r - kk) / (kk * (kk - 1));
	/* Feldt (1965): (1 - alpha_pop) / (1 - alpha) ~ F(n - 1, (n - 1)(k - 1)) */
	a = 1 - level;
	df1 = (double)n - 1;
	df2 = df1 * (kk - 1);
	rel->alpha_lo = 1 - (1 - rel->alpha) * dist_f_Pinv(1 - a / 2, df1, df2);
	rel->alpha_hi = 1 - (1 - rel->alpha) * dist_f_Pinv(a / 2, df1, df2);
	rel->scale_mean = 0;
	for (size_t i = 0; i < k; i++)
		rel->scale_mean += gsl_vector_get(mean, i) / kk;
	rel->scale_sd = sqrt(total) / kk;
	for (size_t i = 0; i < k; i++) {
		double cii = gsl_matrix_get(cov, i, i), row = 0, rest;
		for (size_t j = 0; j < k; j++)
			row += gsl_matrix_get(cov, i, j);
		rest = total - 2 * row + cii; /* variance of the sum of the other items */
		gsl_vector_set(rel->sd, i, sqrt(cii));
		gsl_vector_set(rel->r_drop, i, rest > 0 ? (row - cii) / sqrt(cii * rest) : NAN);
		gsl_vector_set(rel->alpha_if_deleted, i, k > 2 ? alpha_of(kk - 1, trace - cii, rest) : NAN);
	}
	one_factor(rel, sum_r);
	return GSL_SUCCESS;
}

int reliability_compute(const gsl_matrix *x, double level, struct reliability *rel, size_t *bad)
{
	const size_t n = x->size1, k = x->size2;
	struct item_cov *c = item_cov_alloc(k);
	gsl_matrix *cov = gsl_matrix_alloc(k, k);
	gsl_vector *mean = gsl_vector_alloc(k);
	int status = GSL_ENOMEM;

	if (c && cov && mean) {
		for (size_t i = 0; i < n; i++)
			item_cov_add(c, gsl_matrix_const_ptr(x, i, 0));
		status = item_cov_get(c, cov, mean);
		if (!status)
			status = reliability_from_cov(cov, mean, n, level, rel, bad);
	}
	item_cov_free(c);
	gsl_matrix_free(cov);
	gsl_vector_free(mean);
	return status;
}

int reliability_perfect_pair(const struct reliability *rel, size_t *i, size_t *j)
{
	for (size_t a = 0; a < rel->k; a++)
		for (size_t b = a + 1; b < rel->k; b++)
			if (fabs(gsl_matrix_get(rel->cor, a, b)) >= 1 - RELIABILITY_PERFECT_R_TOL) {
				*i = a;
				*j = b;
				return 1;
			}
	return 0;
}

void reliability_fornell_larcker(const gsl_vector *ave, const gsl_matrix *cor, int *ok)
{
	const size_t m = ave->size;

	for (size_t i = 0; i < m; i++) {
		double root = sqrt(gsl_vector_get(ave, i));
		size_t compared = 0;
		ok[i] = 1;
		for (size_t j = 0; j < m; j++) {
			double r = gsl_matrix_get(cor, i, j);
			if (j == i || isnan(r))
				continue;
			compared++;
			if (fabs(r) >= root)
				ok[i] = 0;
		}
		if (isnan(root) || compared == 0)
			ok[i] = -1;
	}
}
