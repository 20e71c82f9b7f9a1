#include "models/rm_anova.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>

#include "models/distributions.h"

/* Normalised Helmert contrast j (0-based, j < m-1) at condition i: conditions 0..j get
 * 1/sqrt((j+1)(j+2)), condition j+1 gets -(j+1)/sqrt((j+1)(j+2)). */
static double helmert(size_t i, size_t j)
{
	double a = (double)(j + 1), s = sqrt(a * (a + 1));

	if (i <= j)
		return 1 / s;
	return i == j + 1 ? -a / s : 0.0;
}

/* z = C'y_i (m - 1 values) and the return value u_i = sum_j y_ij / sqrt(m). */
static double transform(const gsl_matrix *Y, size_t i, double *z)
{
	size_t m = Y->size2;
	double u = 0;

	for (size_t c = 0; c + 1 < m; c++) {
		z[c] = 0;
		for (size_t j = 0; j <= c + 1; j++)
			z[c] += helmert(j, c) * gsl_matrix_get(Y, i, j);
	}
	for (size_t j = 0; j < m; j++)
		u += gsl_matrix_get(Y, i, j);
	return u / sqrt((double)m);
}

static void corrected(double F, double df1, double df2, double eps, double *c1, double *c2, double *p)
{
	*c1 = eps * df1;
	*c2 = eps * df2;
	*p = dist_f_Q(F, *c1, *c2);
}

static void set_f(struct rm_effect *e, double ss, double df1, double ss_error, double df2)
{
	e->ss = ss;
	e->df1 = df1;
	e->df2 = df2;
	e->ss_error = ss_error;
	e->ms = ss / df1;
	e->F = e->ms / (ss_error / df2);
	e->p = dist_f_Q(e->F, df1, df2);
	e->partial_eta2 = ss / (ss + ss_error);
}

static void set_corrections(struct rm_effect *e, const struct rm_sphericity *s)
{
	corrected(e->F, e->df1, e->df2, s->gg, &e->gg_df1, &e->gg_df2, &e->gg_p);
	corrected(e->F, e->df1, e->df2, GSL_MIN(1.0, s->hf), &e->hf_df1, &e->hf_df2, &e->hf_p);
	corrected(e->F, e->df1, e->df2, s->lb, &e->lb_df1, &e->lb_df2, &e->lb_p);
}

static void sphericity(gsl_matrix *E, size_t m, double df_e, struct rm_sphericity *s)
{
	size_t p = E->size1;
	double tr = 0, tr2 = 0, pp = (double)p, mm = (double)m;

	for (size_t a = 0; a < p; a++) {
		tr += gsl_matrix_get(E, a, a);
		for (size_t b = 0; b < p; b++)
			tr2 += gsl_matrix_get(E, a, b) * gsl_matrix_get(E, a, b);
	}
	s->gg = tr * tr / (pp * tr2);
	s->hf = ((df_e + 1) * pp * s->gg - 2) / (pp * (df_e - pp * s->gg));
	s->lb = 1 / pp;
	s->W = s->chi2 = s->df = s->p = NAN;
	if (p < 2) {
		s->gg = s->hf = s->lb = 1;
		s->status = GSL_EDOM;
		return;
	}
	/* log det E from its Cholesky factor (E is destroyed) */
	if (df_e < pp || gsl_linalg_cholesky_decomp1(E) != GSL_SUCCESS) {
		s->status = GSL_ESING;
		return;
	}
	double logdet = 0;
	for (size_t a = 0; a < p; a++)
		logdet += 2 * log(gsl_matrix_get(E, a, a));
	double logw = logdet - pp * log(tr / pp);
	double rho = 1 - (2 * pp * pp + pp + 2) / (6 * pp * df_e);
	double w2 = (pp + 2) * (pp - 1) * (pp - 2) * (2 * pp * pp * pp + 6 * pp * pp + 3 * mm + 2) /
		    (288 * (df_e * pp * rho) * (df_e * pp * rho));
	double z = -df_e * rho * logw, f = pp * (pp + 1) / 2 - 1;
	double pr1 = dist_chisq_Q(z, f), pr2 = dist_chisq_Q(z, f + 4);

	s->W = exp(logw);
	s->chi2 = z;
	s->df = f;
	s->p = pr1 + w2 * (pr2 - pr1);
	s->status = GSL_SUCCESS;
}

int rm_anova_fit(const gsl_matrix *Y, const size_t *group, size_t g, struct rm_anova *out, size_t *bad_group)
{
	size_t n = Y->size1, m = Y->size2, p = m - 1;
	gsl_matrix *zbar = NULL, *E = NULL;
	double *ubar = NULL, *cnt = NULL, *z = NULL;
	double ss_w, ss_int = 0, ss_b = 0, ss_s = 0, ss_e = 0, df_e;
	int st = GSL_SUCCESS;

	if (!group)
		g = 1;
	if (m < 2 || g < 1 || n < g + 1)
		return GSL_EDOM;
	zbar = gsl_matrix_calloc(g, p);
	E = gsl_matrix_calloc(p, p);
	ubar = calloc(g, sizeof *ubar);
	cnt = calloc(g, sizeof *cnt);
	z = malloc(p * sizeof *z);
	if (!zbar || !E || !ubar || !cnt || !z) {
		st = GSL_ENOMEM;
		goto done;
	}
	/* pass 1: group means of z and u */
	for (size_t i = 0; i < n; i++) {
		size_t gi = group ? group[i] : 0;
		double u = transform(Y, i, z);
		if (gi >= g) {
			st = GSL_EDOM;
			goto done;
		}
		cnt[gi]++;
		ubar[gi] += u;
		for (size_t c = 0; c < p; c++)
			*gsl_matrix_ptr(zbar, gi, c) += z[c];
	}
	for (size_t j = 0; j < g; j++) {
		if (cnt[j] == 0) {
			if (bad_group)
				*bad_group = j;
			st = GSL_EDOM;
			goto done;
		}
		ubar[j] /= cnt[j];
		for (size_t c = 0; c < p; c++)
			*gsl_matrix_ptr(zbar, j, c) /= cnt[j];
	}
	/* pass 2: deviations within groups */
	for (size_t i = 0; i < n; i++) {
		size_t gi = group ? group[i] : 0;
		double u = transform(Y, i, z);
		ss_s += (u - ubar[gi]) * (u - ubar[gi]);
		for (size_t a = 0; a < p; a++) {
			double da = z[a] - gsl_matrix_get(zbar, gi, a);
			for (size_t b = 0; b <= a; b++)
				*gsl_matrix_ptr(E, a, b) += da * (z[b] - gsl_matrix_get(zbar, gi, b));
		}
	}
	for (size_t a = 0; a < p; a++) {
		for (size_t b = 0; b < a; b++)
			gsl_matrix_set(E, b, a, gsl_matrix_get(E, a, b));
		ss_e += gsl_matrix_get(E, a, a);
	}
	/* within: unweighted mean of the group means (type III); interaction and between: the
	 * weighted spread of the group means about the grand mean */
	{
		double inv = 0, nn = (double)n, ug = 0, zz = 0;
		for (size_t j = 0; j < g; j++) {
			inv += 1 / cnt[j];
			ug += cnt[j] * ubar[j];
		}
		ug /= nn;
		for (size_t c = 0; c < p; c++) {
			double zh = 0, zw = 0;
			for (size_t j = 0; j < g; j++) {
				zh += gsl_matrix_get(zbar, j, c);
				zw += cnt[j] * gsl_matrix_get(zbar, j, c);
			}
			zh /= (double)g;
			zw /= nn;
			zz += zh * zh;
			for (size_t j = 0; j < g; j++) {
				double d = gsl_matrix_get(zbar, j, c) - zw;
				ss_int += cnt[j] * d * d;
			}
		}
		ss_w = zz / (inv / ((double)g * (double)g));
		for (size_t j = 0; j < g; j++)
			ss_b += cnt[j] * (ubar[j] - ug) * (ubar[j] - ug);
	}
	if (!(ss_e > RM_ANOVA_ZERO_SHARE * (ss_e + ss_w + ss_int))) {
		st = GSL_EZERODIV;
		goto done;
	}
	df_e = (double)(n - g);
	*out = (struct rm_anova){.n = n, .m = m, .g = g, .ss_subjects = ss_s, .df_subjects = df_e,
				 .ss_error = ss_e, .df_error = (double)p * df_e};
	sphericity(E, m, df_e, &out->sphericity);
	set_f(&out->within, ss_w, (double)p, ss_e, (double)p * df_e);
	out->within.ges = ss_w / (ss_w + ss_s + ss_e);
	set_corrections(&out->within, &out->sphericity);
	if (g >= 2) {
		set_f(&out->interaction, ss_int, (double)((g - 1) * p), ss_e, (double)p * df_e);
		out->interaction.ges = ss_int / (ss_int + ss_s + ss_e);
		set_corrections(&out->interaction, &out->sphericity);
		set_f(&out->between, ss_b, (double)(g - 1), ss_s, df_e);
		out->between.ges = ss_b / (ss_b + ss_s + ss_e);
		out->between.gg_df1 = out->between.gg_df2 = out->between.gg_p = NAN;
		out->between.hf_df1 = out->between.hf_df2 = out->between.hf_p = NAN;
		out->between.lb_df1 = out->between.lb_df2 = out->between.lb_p = NAN;
	}
done:
	gsl_matrix_free(zbar);
	gsl_matrix_free(E);
	free(ubar);
	free(cnt);
	free(z);
	return st;
}
