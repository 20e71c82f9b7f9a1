#include "models/ancova.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "models/distributions.h"
#include "models/studentized_range.h"

struct ancova *ancova_alloc(size_t k, size_t c)
{
	struct ancova *a = calloc(1, sizeof *a);
	size_t cc = c ? c : 1, q = c + 1;

	if (!a)
		return NULL;
	a->k = k;
	a->c = c;
	a->covariate = calloc(cc, sizeof *a->covariate);
	a->slope = calloc(cc, sizeof *a->slope);
	a->slope_se = calloc(cc, sizeof *a->slope_se);
	a->cov_mean = calloc(cc, sizeof *a->cov_mean);
	a->emm = calloc(k ? k : 1, sizeof *a->emm);
	a->Winv = gsl_matrix_alloc(cc, cc);
	a->xbar = calloc((k ? k : 1) * cc, sizeof *a->xbar);
	a->S = gsl_matrix_alloc(q, q);
	a->W = gsl_matrix_alloc(q, q);
	a->T = gsl_matrix_alloc(q, q);
	a->C = gsl_matrix_alloc(q, q);
	a->work = calloc(3 * cc, sizeof *a->work);
	a->skip = calloc(cc, sizeof *a->skip);
	if (!a->covariate || !a->slope || !a->slope_se || !a->cov_mean || !a->emm || !a->Winv || !a->xbar || !a->S ||
	    !a->W || !a->T || !a->C || !a->work || !a->skip) {
		ancova_free(a);
		return NULL;
	}
	return a;
}

void ancova_free(struct ancova *a)
{
	if (!a)
		return;
	free(a->covariate);
	free(a->slope);
	free(a->slope_se);
	free(a->cov_mean);
	free(a->emm);
	gsl_matrix_free(a->Winv);
	free(a->xbar);
	gsl_matrix_free(a->S);
	gsl_matrix_free(a->W);
	gsl_matrix_free(a->T);
	gsl_matrix_free(a->C);
	free(a->work);
	free(a->skip);
	free(a);
}

size_t ancova_pairs(size_t k)
{
	return k * (k - 1) / 2;
}

static const struct ancova_term no_term = {NAN, NAN, NAN, NAN, NAN, NAN};

static int refuse(struct ancova *a, enum ancova_problem why, size_t bad)
{
	a->problem = why;
	a->bad = bad;
	return GSL_EDOM;
}

static void set_term(struct ancova_term *t, double ss, double df, double ss_error, double df_error)
{
	t->ss = GSL_MAX(ss, 0.0); /* a difference of two fits: below 0 only by rounding */
	t->df = df;
	t->ms = t->ss / df;
	t->F = t->ms / (ss_error / df_error);
	t->p = dist_f_Q(t->F, df, df_error);
	t->partial_eta2 = t->ss / (t->ss + ss_error);
}

/* S = the (c+1) x (c+1) matrix M (y first) reordered with the covariates first and y last. */
static void covariates_first(const gsl_matrix *M, gsl_matrix *S)
{
	size_t q = M->size1;

	for (size_t i = 0; i < q; i++)
		for (size_t j = 0; j < q; j++)
			gsl_matrix_set(S, i, j, gsl_matrix_get(M, (i + 1) % q, (j + 1) % q));
}

/* x' Winv x over c values */
static double quad(const gsl_matrix *Winv, const double *x, size_t c)
{
	double s = 0;

	for (size_t i = 0; i < c; i++)
		for (size_t j = 0; j < c; j++)
			s += x[i] * gsl_matrix_get(Winv, i, j) * x[j];
	return s;
}

/* The test of group x covariates from each group's own regression. */
static void slopes_test(struct ancova *a, const struct group_moments *m, double rss, const double *w_diag)
{
	size_t k = a->k, c = a->c, n = group_moments_total(m);
	double rss_sep = 0, rank = 0, *floor = a->work, *diag = a->work + c, df1, df2; /* w_diag: work + 2c */

	a->slopes = no_term;
	a->slopes_df_error = NAN;
	a->slopes_problem = SLOPES_OK;
	for (size_t j = 0; j < c; j++)
		floor[j] = ANCOVA_TOLERANCE * w_diag[j];
	for (size_t g = 0; g < k; g++) {
		size_t r;
		group_moments_sscp(m, g, a->C);
		covariates_first(a->C, a->S);
		r = sweep_leading(a->S, c, ANCOVA_TOLERANCE, floor, diag, a->skip);
		rss_sep += GSL_MAX(gsl_matrix_get(a->S, c, c), 0.0);
		rank += (double)r;
		for (size_t j = 0; j < c && a->slopes_problem == SLOPES_OK; j++)
			if (a->skip[j] != SWEEP_SWEPT) {
				a->slopes_problem = SLOPES_REDUCED;
				a->slopes_bad = j;
				a->slopes_bad_group = g;
			}
	}
	df1 = rank - (double)c;
	df2 = (double)n - (double)k - rank;
	if (df1 < 1 || df2 < 1) {
		a->slopes_problem = SLOPES_NO_DF;
		return;
	}
	if (!(rss_sep > ANCOVA_TOLERANCE * gsl_matrix_get(a->W, 0, 0))) {
		a->slopes_problem = SLOPES_PERFECT_FIT;
		return;
	}
	set_term(&a->slopes, rss - rss_sep, df1, rss_sep, df2);
	a->slopes_df_error = df2;
}

int ancova_fit(struct ancova *a, const struct group_moments *m, double level)
{
	size_t k = a->k, c = a->c, q = c + 1, n;
	double *floor = a->work, *diag = a->work + c, *w_diag = a->work + 2 * c;
	double rss, rss0, mse, df_e, mu = 0, inv_n = 0, tc;

	if (m->k != k || m->q != q)
		return GSL_EBADLEN;
	a->level = level;
	a->problem = ANCOVA_OK;
	a->bad = 0;
	a->intercept = a->group = a->error = a->slopes = no_term;
	a->slopes_df_error = NAN;
	a->slopes_problem = SLOPES_NO_DF;
	a->mse = a->df_error = NAN;
	for (size_t j = 0; j < c; j++) {
		a->covariate[j] = no_term;
		a->slope[j] = a->slope_se[j] = a->cov_mean[j] = NAN;
	}
	for (size_t g = 0; g < k; g++)
		a->emm[g] = (struct ancova_emm){.n = m->n[g], .mean = NAN, .emm = NAN, .se = NAN, .df = NAN,
						.llci = NAN, .ulci = NAN};
	if (k < 2)
		return refuse(a, ANCOVA_TOO_FEW_GROUPS, 0);
	if (c == 0)
		return refuse(a, ANCOVA_NO_COVARIATES, 0);
	for (size_t g = 0; g < k; g++)
		if (m->n[g] == 0)
			return refuse(a, ANCOVA_EMPTY_GROUP, g);
	n = group_moments_total(m);
	a->n = n;
	if (n <= k + c)
		return refuse(a, ANCOVA_TOO_FEW_CASES, 0);
	group_moments_split(m, a->W, NULL, a->T, a->work); /* the grand means land in work[0..c] */
	for (size_t j = 0; j < c; j++)
		a->cov_mean[j] = a->work[j + 1];
	/* common slopes: sweep the covariates out of W */
	for (size_t j = 0; j < c; j++) {
		floor[j] = ANCOVA_TOLERANCE * gsl_matrix_get(a->T, j + 1, j + 1);
		w_diag[j] = gsl_matrix_get(a->W, j + 1, j + 1);
	}
	covariates_first(a->W, a->S);
	sweep_leading(a->S, c, ANCOVA_TOLERANCE, floor, diag, a->skip);
	for (size_t j = 0; j < c; j++)
		if (a->skip[j] != SWEEP_SWEPT)
			return refuse(a, a->skip[j] == SWEEP_CONSTANT ? ANCOVA_CONSTANT_WITHIN : ANCOVA_COLLINEAR, j);
	rss = gsl_matrix_get(a->S, c, c);
	if (!(rss > ANCOVA_TOLERANCE * gsl_matrix_get(a->W, 0, 0)))
		return refuse(a, ANCOVA_PERFECT_FIT, 0);
	for (size_t i = 0; i < c; i++) {
		a->slope[i] = gsl_matrix_get(a->S, i, c);
		for (size_t j = 0; j < c; j++)
			gsl_matrix_set(a->Winv, i, j, -gsl_matrix_get(a->S, i, j));
	}
	df_e = (double)n - (double)k - (double)c;
	mse = rss / df_e;
	a->mse = mse;
	a->df_error = df_e;
	a->error = (struct ancova_term){.ss = rss, .df = df_e, .ms = mse, .F = NAN, .p = NAN, .partial_eta2 = NAN};
	for (size_t j = 0; j < c; j++) {
		double v = gsl_matrix_get(a->Winv, j, j);
		a->slope_se[j] = sqrt(mse * v);
		set_term(&a->covariate[j], a->slope[j] * a->slope[j] / v, 1, rss, df_e);
	}
	/* the group: the rise in RSS without it (the regression on the covariates in T) */
	covariates_first(a->T, a->S);
	sweep_leading(a->S, c, ANCOVA_TOLERANCE, NULL, diag, NULL);
	rss0 = gsl_matrix_get(a->S, c, c);
	set_term(&a->group, rss0 - rss, (double)(k - 1), rss, df_e);
	/* the intercept (contr.sum): the unweighted mean of the group lines at x = 0 */
	for (size_t j = 0; j < c; j++)
		diag[j] = 0; /* xu */
	for (size_t g = 0; g < k; g++) {
		double line = m->mean[g * q];
		for (size_t j = 0; j < c; j++) {
			a->xbar[g * c + j] = m->mean[g * q + j + 1];
			line -= a->slope[j] * a->xbar[g * c + j];
			diag[j] += a->xbar[g * c + j] / (double)k;
		}
		mu += line / (double)k;
		inv_n += 1 / (double)m->n[g];
	}
	set_term(&a->intercept, mu * mu / (inv_n / (double)(k * k) + quad(a->Winv, diag, c)), 1, rss, df_e);
	/* estimated marginal means at the covariates' grand means */
	tc = dist_t_Pinv(0.5 + 0.5 * level, df_e);
	for (size_t g = 0; g < k; g++) {
		struct ancova_emm *e = &a->emm[g];
		double adj = 0;
		for (size_t j = 0; j < c; j++) {
			diag[j] = a->xbar[g * c + j] - a->cov_mean[j];
			adj += a->slope[j] * diag[j];
		}
		e->n = m->n[g];
		e->mean = m->mean[g * q];
		e->emm = e->mean - adj;
		e->se = sqrt(mse * (1 / (double)m->n[g] + quad(a->Winv, diag, c)));
		e->df = df_e;
		e->llci = e->emm - tc * e->se;
		e->ulci = e->emm + tc * e->se;
	}
	slopes_test(a, m, rss, w_diag);
	return GSL_SUCCESS;
}

int ancova_pairwise(const struct ancova *a, enum ancova_adjust adjust, struct ancova_pair *out)
{
	size_t k = a->k, c = a->c, npairs = ancova_pairs(k), i = 0;
	double df = a->df_error, crit, *d = a->work;
	struct studentized_range_table *tab = NULL;
	int st = GSL_SUCCESS;

	if (adjust == ANCOVA_TUKEY) {
		if ((st = studentized_range_table_alloc(k, &tab)) != GSL_SUCCESS)
			return st;
		st = studentized_range_table_Qinv(tab, 1 - a->level, df, &crit);
		crit /= M_SQRT2;
	} else if (adjust == ANCOVA_BONFERRONI) {
		crit = dist_t_Pinv(1 - (1 - a->level) / (2 * (double)npairs), df);
	} else {
		crit = dist_t_Pinv(0.5 + 0.5 * a->level, df);
	}
	for (size_t x = 0; x < k && st == GSL_SUCCESS; x++)
		for (size_t y = x + 1; y < k && st == GSL_SUCCESS; y++, i++) {
			struct ancova_pair *r = &out[i];
			for (size_t j = 0; j < c; j++)
				d[j] = a->xbar[x * c + j] - a->xbar[y * c + j];
			r->a = x;
			r->b = y;
			r->estimate = a->emm[x].emm - a->emm[y].emm;
			r->se = sqrt(a->mse * (1 / (double)a->emm[x].n + 1 / (double)a->emm[y].n + quad(a->Winv, d, c)));
			r->df = df;
			r->t = r->estimate / r->se;
			r->llci = r->estimate - crit * r->se;
			r->ulci = r->estimate + crit * r->se;
			if (adjust == ANCOVA_TUKEY)
				st = studentized_range_table_Q(tab, M_SQRT2 * fabs(r->t), df, &r->p);
			else
				r->p = 2 * dist_t_Q(fabs(r->t), df);
			if (adjust == ANCOVA_BONFERRONI)
				r->p = GSL_MIN(1.0, (double)npairs * r->p);
		}
	studentized_range_table_free(tab);
	return st;
}
