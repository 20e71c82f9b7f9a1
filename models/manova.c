#include "models/manova.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sort.h>

#include "models/distributions.h"

static const struct manova_stat no_stat = {NAN, NAN, NAN, NAN, NAN};

static void stat_set(struct manova_stat *s, double stat, double F, double df1, double df2)
{
	s->stat = stat;
	if (df1 > 0 && df2 > 0 && isfinite(F)) {
		s->F = F, s->df1 = df1, s->df2 = df2;
		s->p = dist_f_Q(F, df1, df2);
	} else {
		s->F = s->df1 = s->df2 = s->p = NAN;
	}
}

static void no_test(struct manova_test *t)
{
	t->q = t->df_error = NAN;
	t->s = 0;
	for (size_t i = 0; i < t->p; i++)
		t->eigen[i] = NAN;
	t->pillai = t->wilks = t->hotelling = t->roy = no_stat;
}

int manova_test(const gsl_matrix *H, double q, const gsl_matrix *E, double df_e, gsl_matrix *L, gsl_matrix *M,
		gsl_eigen_symm_workspace *eig, struct manova_test *t)
{
	size_t p = E->size1;
	double pp = (double)p, s, m, n, V = 0, logL = 0, T = 0, l1, r, u, v, w, big;
	gsl_vector_view ev = gsl_vector_view_array(t->eigen, p);
	int st;

	t->p = p;
	no_test(t);
	gsl_matrix_memcpy(L, E);
	if (gsl_linalg_cholesky_decomp1(L) != GSL_SUCCESS)
		return GSL_EDOM;
	/* L^-1 H L^-T: symmetric, with the eigenvalues of E^-1 H */
	gsl_matrix_memcpy(M, H);
	gsl_blas_dtrsm(CblasLeft, CblasLower, CblasNoTrans, CblasNonUnit, 1.0, L, M);
	gsl_blas_dtrsm(CblasRight, CblasLower, CblasTrans, CblasNonUnit, 1.0, L, M);
	for (size_t i = 0; i < p; i++) /* symmetric up to rounding: average the halves */
		for (size_t j = 0; j < i; j++) {
			double a = 0.5 * (gsl_matrix_get(M, i, j) + gsl_matrix_get(M, j, i));
			gsl_matrix_set(M, i, j, a);
			gsl_matrix_set(M, j, i, a);
		}
	if ((st = gsl_eigen_symm(M, &ev.vector, eig)) != GSL_SUCCESS)
		return st;
	gsl_sort(t->eigen, 1, p);
	for (size_t i = 0; i < p / 2; i++) { /* descending */
		double x = t->eigen[i];
		t->eigen[i] = t->eigen[p - 1 - i];
		t->eigen[p - 1 - i] = x;
	}
	for (size_t i = 0; i < p; i++) {
		double l = GSL_MAX(t->eigen[i], 0.0); /* H is positive semi-definite: below 0 by rounding */
		t->eigen[i] = l;
		V += l / (1 + l);
		logL -= log1p(l);
		T += l;
	}
	t->q = q;
	t->df_error = df_e;
	s = GSL_MIN(pp, q);
	t->s = (size_t)s;
	m = 0.5 * (fabs(pp - q) - 1);
	n = 0.5 * (df_e - pp - 1);
	l1 = t->eigen[0];
	stat_set(&t->pillai, V, (2 * n + s + 1) / (2 * m + s + 1) * V / (s - V), s * (2 * m + s + 1),
		 s * (2 * n + s + 1));
	r = pp * pp + q * q - 5 > 0 ? sqrt((pp * pp * q * q - 4) / (pp * pp + q * q - 5)) : 1;
	u = (pp * q - 2) / 4;
	v = df_e - 0.5 * (pp - q + 1);
	w = v * r - 2 * u;
	stat_set(&t->wilks, exp(logL), expm1(-logL / r) * w / (pp * q), pp * q, w);
	stat_set(&t->hotelling, T, 2 * (s * n + 1) * T / (s * s * (2 * m + s + 1)), s * (2 * m + s + 1),
		 2 * (s * n + 1));
	big = GSL_MAX(pp, q);
	stat_set(&t->roy, l1, l1 * (df_e - big + q) / big, big, df_e - big + q);
	return GSL_SUCCESS;
}

static struct manova_test *test_init(struct manova_test *t, size_t p)
{
	t->p = p;
	t->eigen = calloc(p, sizeof *t->eigen);
	return t->eigen ? t : NULL;
}

struct manova *manova_alloc(size_t k, size_t p, size_t c)
{
	struct manova *f = calloc(1, sizeof *f);
	size_t v = p + c, pp = p ? p : 1, vv = v ? v : 1;
	int ok = 1;

	if (!f)
		return NULL;
	f->k = k, f->p = p, f->c = c;
	f->covariate = calloc(c ? c : 1, sizeof *f->covariate);
	f->univariate = calloc(pp, sizeof *f->univariate);
	f->box.log_det = calloc(k + 1, sizeof *f->box.log_det);
	f->E = gsl_matrix_alloc(pp, pp);
	f->H = gsl_matrix_alloc(pp, pp);
	f->W = gsl_matrix_alloc(vv, vv);
	f->T = gsl_matrix_alloc(vv, vv);
	f->S = gsl_matrix_alloc(vv, vv);
	f->L = gsl_matrix_alloc(pp, pp);
	f->M = gsl_matrix_alloc(pp, pp);
	f->Hc = gsl_matrix_alloc(pp, pp);
	f->eig = gsl_eigen_symm_alloc(pp);
	f->work = calloc(3 * vv, sizeof *f->work);
	f->skip = calloc(vv, sizeof *f->skip);
	ok = f->covariate && f->univariate && f->box.log_det && f->E && f->H && f->W && f->T && f->S && f->L &&
	     f->M && f->Hc && f->eig && f->work && f->skip && test_init(&f->group, pp);
	for (size_t j = 0; ok && j < c; j++)
		ok = test_init(&f->covariate[j], pp) != NULL;
	if (!ok) {
		manova_free(f);
		return NULL;
	}
	return f;
}

void manova_free(struct manova *f)
{
	if (!f)
		return;
	free(f->group.eigen);
	for (size_t j = 0; f->covariate && j < f->c; j++)
		free(f->covariate[j].eigen);
	free(f->covariate);
	free(f->univariate);
	free(f->box.log_det);
	gsl_matrix_free(f->E);
	gsl_matrix_free(f->H);
	gsl_matrix_free(f->W);
	gsl_matrix_free(f->T);
	gsl_matrix_free(f->S);
	gsl_matrix_free(f->L);
	gsl_matrix_free(f->M);
	gsl_matrix_free(f->Hc);
	if (f->eig)
		gsl_eigen_symm_free(f->eig);
	free(f->work);
	free(f->skip);
	free(f);
}

static int refuse(enum manova_problem *problem, size_t *bad, enum manova_problem why, size_t which)
{
	*problem = why;
	*bad = which;
	return GSL_EDOM;
}

/* S = M reordered with its last c variables (the covariates) first. */
static void covariates_first(const gsl_matrix *M, size_t c, gsl_matrix *S)
{
	size_t v = M->size1, p = v - c;

	for (size_t i = 0; i < v; i++)
		for (size_t j = 0; j < v; j++)
			gsl_matrix_set(S, i, j, gsl_matrix_get(M, (i + p) % v, (j + p) % v));
}

/* The p x p block of the swept S after its c leading rows. */
static void trailing_block(const gsl_matrix *S, size_t c, gsl_matrix *out)
{
	gsl_matrix_const_view b = gsl_matrix_const_submatrix(S, c, c, out->size1, out->size2);

	gsl_matrix_memcpy(out, &b.matrix);
}

/* Refuses a singular error matrix E (p x p), naming the outcome: its error SS at most tol times
 * floor_ref[j], or its tolerance given the earlier ones below tol. A scratch for the sweep. */
static int check_error(const gsl_matrix *E, const double *floor_ref, gsl_matrix *A, double *floor, double *diag,
		       enum sweep_skip *skip, enum manova_problem *problem, size_t *bad)
{
	size_t p = E->size1;

	gsl_matrix_memcpy(A, E);
	for (size_t j = 0; j < p; j++)
		floor[j] = MANOVA_TOLERANCE * floor_ref[j];
	sweep_leading(A, p, MANOVA_TOLERANCE, floor, diag, skip);
	for (size_t j = 0; j < p; j++)
		if (skip[j] != SWEEP_SWEPT)
			return refuse(problem, bad, skip[j] == SWEEP_CONSTANT ? MANOVA_CONSTANT_OUTCOME
									: MANOVA_COLLINEAR_OUTCOMES, j);
	return GSL_SUCCESS;
}

static double log_det_chol(gsl_matrix *A)
{
	double s = 0;

	if (gsl_linalg_cholesky_decomp1(A) != GSL_SUCCESS)
		return NAN;
	for (size_t i = 0; i < A->size1; i++)
		s += 2 * log(gsl_matrix_get(A, i, i));
	return s;
}

/* Box's M over the outcome blocks of the group moments (W holds the pooled within SSCP). */
static void box_m(struct manova *f, const struct group_moments *m)
{
	size_t k = f->k, p = f->p, q = m->q, n = group_moments_total(m);
	double pp = (double)p, dfp = (double)n - (double)k, sum_inv = 0, M;
	double *floor = f->work, *diag = f->work + p, *ref = f->work + 2 * p;
	struct box_m *b = &f->box;
	gsl_matrix_const_view pooled = gsl_matrix_const_submatrix(f->W, 0, 0, p, p);
	enum manova_problem why;
	size_t which;

	b->M = b->chi2 = b->df = b->p = b->c1 = NAN;
	b->problem = BOX_M_OK;
	for (size_t g = 0; g <= k; g++)
		b->log_det[g] = NAN;
	for (size_t a = 0; a < p; a++)
		ref[a] = gsl_matrix_get(f->W, a, a);
	for (size_t g = 0; g < k; g++) {
		const double *C = m->C + g * q * q;
		for (size_t a = 0; a < p; a++)
			for (size_t c = a; c < p; c++) {
				gsl_matrix_set(f->Hc, a, c, C[a * q + c]);
				gsl_matrix_set(f->Hc, c, a, C[a * q + c]);
			}
		if (m->n[g] < p + 1 || check_error(f->Hc, ref, f->M, floor, diag, f->skip, &why, &which) != GSL_SUCCESS) {
			b->problem = BOX_M_SINGULAR_GROUP;
			b->bad_group = g;
			return;
		}
		gsl_matrix_memcpy(f->M, f->Hc);
		b->log_det[g] = log_det_chol(f->M) - pp * log((double)(m->n[g] - 1));
		sum_inv += 1 / (double)(m->n[g] - 1);
	}
	gsl_matrix_memcpy(f->M, &pooled.matrix);
	b->log_det[k] = log_det_chol(f->M) - pp * log(dfp);
	M = dfp * b->log_det[k];
	for (size_t g = 0; g < k; g++)
		M -= (double)(m->n[g] - 1) * b->log_det[g];
	b->M = M;
	b->c1 = (sum_inv - 1 / dfp) * (2 * pp * pp + 3 * pp - 1) / (6 * (pp + 1) * (double)(k - 1));
	b->chi2 = M * (1 - b->c1);
	b->df = pp * (pp + 1) * (double)(k - 1) / 2;
	b->p = dist_chisq_Q(b->chi2, b->df);
}

static void reset(struct manova *f)
{
	no_test(&f->group);
	for (size_t j = 0; j < f->c; j++)
		no_test(&f->covariate[j]);
	for (size_t j = 0; j < f->p; j++)
		f->univariate[j] = (struct manova_univariate){NAN, NAN, NAN, NAN, NAN, NAN, NAN};
	f->box.M = f->box.chi2 = f->box.df = f->box.p = f->box.c1 = NAN;
	f->box.problem = BOX_M_OK;
	f->df_error = NAN;
	f->problem = MANOVA_OK;
	f->bad = 0;
}

int manova_fit(struct manova *f, const struct group_moments *m)
{
	size_t k = f->k, p = f->p, c = f->c, v = p + c, n;
	double *floor = f->work, *diag = f->work + v, *ref = f->work + 2 * v, df_e;
	int st;

	if (m->k != k || m->q != v || p == 0)
		return GSL_EBADLEN;
	reset(f);
	if (k < 2)
		return refuse(&f->problem, &f->bad, MANOVA_TOO_FEW_GROUPS, 0);
	for (size_t g = 0; g < k; g++)
		if (m->n[g] == 0)
			return refuse(&f->problem, &f->bad, MANOVA_EMPTY_GROUP, g);
	n = group_moments_total(m);
	f->n = n;
	df_e = (double)n - (double)k - (double)c;
	if (df_e < (double)p)
		return refuse(&f->problem, &f->bad, MANOVA_TOO_FEW_CASES, 0);
	group_moments_split(m, f->W, NULL, f->T, NULL);
	/* covariates swept out of W: the error SSCP and the slopes */
	covariates_first(f->W, c, f->S);
	for (size_t j = 0; j < c; j++)
		floor[j] = MANOVA_TOLERANCE * gsl_matrix_get(f->T, p + j, p + j);
	sweep_leading(f->S, c, MANOVA_TOLERANCE, floor, diag, f->skip);
	for (size_t j = 0; j < c; j++)
		if (f->skip[j] != SWEEP_SWEPT)
			return refuse(&f->problem, &f->bad,
				      f->skip[j] == SWEEP_CONSTANT ? MANOVA_CONSTANT_WITHIN : MANOVA_COLLINEAR, j);
	trailing_block(f->S, c, f->E);
	for (size_t j = 0; j < p; j++)
		ref[j] = gsl_matrix_get(f->T, j, j);
	if ((st = check_error(f->E, ref, f->M, floor, diag, f->skip, &f->problem, &f->bad)) != GSL_SUCCESS)
		return st;
	f->df_error = df_e;
	/* each covariate given the group and the others: b_j b_j' / [Wxx^-1]_jj */
	for (size_t j = 0; j < c; j++) {
		double inv = -gsl_matrix_get(f->S, j, j);
		for (size_t a = 0; a < p; a++)
			for (size_t b = 0; b < p; b++)
				gsl_matrix_set(f->Hc, a, b, gsl_matrix_get(f->S, j, c + a) * gsl_matrix_get(f->S, j, c + b) / inv);
		if ((st = manova_test(f->Hc, 1, f->E, df_e, f->L, f->M, f->eig, &f->covariate[j])) != GSL_SUCCESS)
			return st;
	}
	/* the group: the rise in the error SSCP without it */
	covariates_first(f->T, c, f->S);
	sweep_leading(f->S, c, MANOVA_TOLERANCE, NULL, diag, NULL);
	trailing_block(f->S, c, f->H);
	gsl_matrix_sub(f->H, f->E);
	if ((st = manova_test(f->H, (double)(k - 1), f->E, df_e, f->L, f->M, f->eig, &f->group)) != GSL_SUCCESS)
		return st;
	for (size_t j = 0; j < p; j++) {
		struct manova_univariate *u = &f->univariate[j];
		u->ss = GSL_MAX(gsl_matrix_get(f->H, j, j), 0.0);
		u->df = (double)(k - 1);
		u->ss_error = gsl_matrix_get(f->E, j, j);
		u->df_error = df_e;
		u->F = (u->ss / u->df) / (u->ss_error / df_e);
		u->p = dist_f_Q(u->F, u->df, df_e);
		u->partial_eta2 = u->ss / (u->ss + u->ss_error);
	}
	box_m(f, m);
	return GSL_SUCCESS;
}

struct manova_within *manova_within_alloc(size_t m, size_t g)
{
	struct manova_within *w;
	size_t p = m - 1;

	if (m < 2 || g == 0)
		return NULL;
	w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->m = m, w->g = g;
	w->E = gsl_matrix_alloc(p, p);
	w->C = gsl_matrix_calloc(m, p);
	w->W = gsl_matrix_alloc(m, m);
	w->B = gsl_matrix_alloc(m, m);
	w->T = gsl_matrix_alloc(m, m);
	w->H = gsl_matrix_alloc(p, p);
	w->A = gsl_matrix_alloc(p, m);
	w->L = gsl_matrix_alloc(p, p);
	w->M = gsl_matrix_alloc(p, p);
	w->eig = gsl_eigen_symm_alloc(p);
	w->work = calloc(3 * m + g * p, sizeof *w->work);
	w->skip = calloc(m, sizeof *w->skip);
	if (!w->E || !w->C || !w->W || !w->B || !w->T || !w->H || !w->A || !w->L || !w->M || !w->eig || !w->work ||
	    !w->skip || !test_init(&w->within, p) || !test_init(&w->interaction, p)) {
		manova_within_free(w);
		return NULL;
	}
	/* normalised Helmert contrasts: column j contrasts conditions 0..j with condition j + 1 */
	for (size_t j = 0; j < p; j++) {
		double a = (double)(j + 1), s = sqrt(a * (a + 1));
		for (size_t i = 0; i <= j; i++)
			gsl_matrix_set(w->C, i, j, 1 / s);
		gsl_matrix_set(w->C, j + 1, j, -a / s);
	}
	return w;
}

void manova_within_free(struct manova_within *w)
{
	if (!w)
		return;
	free(w->within.eigen);
	free(w->interaction.eigen);
	gsl_matrix_free(w->E);
	gsl_matrix_free(w->C);
	gsl_matrix_free(w->W);
	gsl_matrix_free(w->B);
	gsl_matrix_free(w->T);
	gsl_matrix_free(w->H);
	gsl_matrix_free(w->A);
	gsl_matrix_free(w->L);
	gsl_matrix_free(w->M);
	if (w->eig)
		gsl_eigen_symm_free(w->eig);
	free(w->work);
	free(w->skip);
	free(w);
}

/* out = C' X C (p x p) for X m x m, through A (p x m). */
static void congruence(const gsl_matrix *C, const gsl_matrix *X, gsl_matrix *A, gsl_matrix *out)
{
	gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, C, X, 0.0, A);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, C, 0.0, out);
}

int manova_within_fit(struct manova_within *w, const struct group_moments *m)
{
	size_t cond = w->m, g = w->g, p = cond - 1, n;
	double *floor = w->work, *diag = w->work + cond, *ref = w->work + 2 * cond, *zbar = w->work + 3 * cond;
	double inv = 0, df_e;
	int st;

	if (m->k != g || m->q != cond)
		return GSL_EBADLEN;
	no_test(&w->within);
	no_test(&w->interaction);
	w->problem = MANOVA_OK;
	w->bad = 0;
	for (size_t j = 0; j < g; j++)
		if (m->n[j] == 0)
			return refuse(&w->problem, &w->bad, MANOVA_EMPTY_GROUP, j);
	n = group_moments_total(m);
	w->n = n;
	df_e = (double)n - (double)g;
	if (df_e < (double)p)
		return refuse(&w->problem, &w->bad, MANOVA_TOO_FEW_CASES, 0);
	group_moments_split(m, w->W, w->B, w->T, NULL);
	congruence(w->C, w->W, w->A, w->E);
	congruence(w->C, w->T, w->A, w->H);
	for (size_t j = 0; j < p; j++)
		ref[j] = gsl_matrix_get(w->H, j, j);
	if ((st = check_error(w->E, ref, w->M, floor, diag, w->skip, &w->problem, &w->bad)) != GSL_SUCCESS)
		return st;
	/* group means of z = C'y, and the within effect: the unweighted mean of the groups */
	for (size_t j = 0; j < g; j++) {
		for (size_t a = 0; a < p; a++) {
			double z = 0;
			for (size_t i = 0; i < cond; i++)
				z += gsl_matrix_get(w->C, i, a) * m->mean[j * cond + i];
			zbar[j * p + a] = z;
		}
		inv += 1 / (double)m->n[j];
	}
	for (size_t a = 0; a < p; a++) {
		double za = 0, zb;
		for (size_t j = 0; j < g; j++)
			za += zbar[j * p + a] / (double)g;
		for (size_t b = 0; b <= a; b++) {
			zb = 0;
			for (size_t j = 0; j < g; j++)
				zb += zbar[j * p + b] / (double)g;
			gsl_matrix_set(w->H, a, b, za * zb / (inv / ((double)g * (double)g)));
			gsl_matrix_set(w->H, b, a, za * zb / (inv / ((double)g * (double)g)));
		}
	}
	if ((st = manova_test(w->H, 1, w->E, df_e, w->L, w->M, w->eig, &w->within)) != GSL_SUCCESS)
		return st;
	if (g >= 2) {
		congruence(w->C, w->B, w->A, w->H);
		if ((st = manova_test(w->H, (double)(g - 1), w->E, df_e, w->L, w->M, w->eig, &w->interaction)) !=
		    GSL_SUCCESS)
			return st;
	}
	return GSL_SUCCESS;
}
