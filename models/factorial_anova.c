#include "models/factorial_anova.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multifit.h>

#include "models/distributions.h"

/* Effect code of level i of a factor with L levels in column r < L - 1. */
static double effect_code(size_t i, size_t r, size_t L)
{
	if (i == L - 1)
		return -1;
	return i == r ? 1 : 0;
}

enum { TERM_A = 1, TERM_B = 2, TERM_AB = 4 };

/* Weighted RSS of the cell means (already centred) on intercept + the terms in `terms`. */
static int cell_rss(size_t a, size_t b, const gsl_vector *ybar,
		    const gsl_vector *w, unsigned terms, double *rss)
{
	size_t ncell = a * b, ncol = 1, col;
	gsl_matrix *X, *cov;
	gsl_vector *c;
	gsl_multifit_linear_workspace *ws;
	int st;

	if (terms & TERM_A)
		ncol += a - 1;
	if (terms & TERM_B)
		ncol += b - 1;
	if (terms & TERM_AB)
		ncol += (a - 1) * (b - 1);
	X = gsl_matrix_alloc(ncell, ncol);
	cov = gsl_matrix_alloc(ncol, ncol);
	c = gsl_vector_alloc(ncol);
	ws = gsl_multifit_linear_alloc(ncell, ncol);
	if (!X || !cov || !c || !ws) {
		st = GSL_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < a; i++)
		for (size_t j = 0; j < b; j++) {
			size_t row = i * b + j;
			col = 0;
			gsl_matrix_set(X, row, col++, 1);
			if (terms & TERM_A)
				for (size_t r = 0; r + 1 < a; r++)
					gsl_matrix_set(X, row, col++, effect_code(i, r, a));
			if (terms & TERM_B)
				for (size_t s = 0; s + 1 < b; s++)
					gsl_matrix_set(X, row, col++, effect_code(j, s, b));
			if (terms & TERM_AB)
				for (size_t r = 0; r + 1 < a; r++)
					for (size_t s = 0; s + 1 < b; s++)
						gsl_matrix_set(X, row, col++, effect_code(i, r, a) * effect_code(j, s, b));
		}
	st = gsl_multifit_wlinear(X, w, ybar, c, cov, rss, ws);
done:
	gsl_matrix_free(X);
	gsl_matrix_free(cov);
	gsl_vector_free(c);
	gsl_multifit_linear_free(ws);
	return st;
}

static void set_term(struct factorial_term *t, double ss, double df, double ms_error, double ss_error, double df_error)
{
	t->ss = ss < 0 ? 0 : ss; /* a difference of two fits: never below 0 but for rounding */
	t->df = df;
	t->ms = t->ss / df;
	t->F = t->ms / ms_error;
	t->p = dist_f_Q(t->F, df, df_error);
	t->partial_eta2 = t->ss / (t->ss + ss_error);
}

int factorial_anova_fit(const struct group_summary *cells, size_t a, size_t b, int ss_type,
			struct factorial_anova *out, size_t *bad_cell)
{
	size_t ncell = a * b;
	double n = 0, sum = 0, grand, ssw = 0, ssm = 0;
	double r_full, r_no_a, r_no_b, r_no_ab, r_a, r_b;
	gsl_vector *ybar = NULL, *w = NULL;
	int st = GSL_SUCCESS;

	if (ss_type != 2 && ss_type != 3)
		return GSL_EINVAL;
	if (a < 2 || b < 2)
		return GSL_EDOM;
	for (size_t c = 0; c < ncell; c++) {
		if (cells[c].n == 0) {
			if (bad_cell)
				*bad_cell = c;
			return GSL_EDOM;
		}
		n += (double)cells[c].n;
		sum += (double)cells[c].n * cells[c].mean;
		if (cells[c].n >= 2)
			ssw += (double)(cells[c].n - 1) * cells[c].var;
	}
	if (n <= (double)ncell)
		return GSL_EDOM;
	if (!(ssw > 0))
		return GSL_EZERODIV;
	grand = sum / n;
	ybar = gsl_vector_alloc(ncell);
	w = gsl_vector_alloc(ncell);
	if (!ybar || !w) {
		st = GSL_ENOMEM;
		goto done;
	}
	for (size_t c = 0; c < ncell; c++) {
		double d = cells[c].mean - grand;
		gsl_vector_set(ybar, c, d); /* centred: the intercept no longer carries the level */
		gsl_vector_set(w, c, (double)cells[c].n);
		ssm += (double)cells[c].n * d * d;
	}
	*out = (struct factorial_anova){.a = a, .b = b, .ss_type = ss_type, .ss_error = ssw,
					.df_error = n - (double)ncell};
	out->ms_error = ssw / out->df_error;
	out->ss_model = ssm;
	out->ss_total = ssm + ssw;
	out->r2 = ssm / out->ss_total;
	/* the full model is saturated: its weighted cell RSS is 0 up to rounding */
	st = cell_rss(a, b, ybar, w, TERM_A | TERM_B | TERM_AB, &r_full);
	if (st == GSL_SUCCESS && ss_type == 3) {
		st = cell_rss(a, b, ybar, w, TERM_B | TERM_AB, &r_no_a);
		if (st == GSL_SUCCESS)
			st = cell_rss(a, b, ybar, w, TERM_A | TERM_AB, &r_no_b);
		if (st == GSL_SUCCESS)
			st = cell_rss(a, b, ybar, w, TERM_A | TERM_B, &r_no_ab);
		if (st == GSL_SUCCESS) {
			set_term(&out->A, r_no_a - r_full, (double)(a - 1), out->ms_error, ssw, out->df_error);
			set_term(&out->B, r_no_b - r_full, (double)(b - 1), out->ms_error, ssw, out->df_error);
			set_term(&out->AB, r_no_ab - r_full, (double)((a - 1) * (b - 1)), out->ms_error, ssw,
				 out->df_error);
		}
	} else if (st == GSL_SUCCESS) {
		st = cell_rss(a, b, ybar, w, TERM_A | TERM_B, &r_no_ab);
		if (st == GSL_SUCCESS)
			st = cell_rss(a, b, ybar, w, TERM_A, &r_a);
		if (st == GSL_SUCCESS)
			st = cell_rss(a, b, ybar, w, TERM_B, &r_b);
		if (st == GSL_SUCCESS) {
			set_term(&out->A, r_b - r_no_ab, (double)(a - 1), out->ms_error, ssw, out->df_error);
			set_term(&out->B, r_a - r_no_ab, (double)(b - 1), out->ms_error, ssw, out->df_error);
			set_term(&out->AB, r_no_ab - r_full, (double)((a - 1) * (b - 1)), out->ms_error, ssw,
				 out->df_error);
		}
	}
done:
	gsl_vector_free(ybar);
	gsl_vector_free(w);
	return st;
}

void factorial_simple_effects(const struct group_summary *cells, const struct factorial_anova *fit, int of_a,
			      struct factorial_term *out)
{
	size_t a = fit->a, b = fit->b;
	size_t outer = of_a ? b : a, inner = of_a ? a : b;

	for (size_t o = 0; o < outer; o++) {
		double n = 0, sum = 0, m, ss = 0;
		for (size_t l = 0; l < inner; l++) {
			const struct group_summary *c = of_a ? &cells[l * b + o] : &cells[o * b + l];
			n += (double)c->n;
			sum += (double)c->n * c->mean;
		}
		m = sum / n;
		for (size_t l = 0; l < inner; l++) {
			const struct group_summary *c = of_a ? &cells[l * b + o] : &cells[o * b + l];
			ss += (double)c->n * (c->mean - m) * (c->mean - m);
		}
		set_term(&out[o], ss, (double)(inner - 1), fit->ms_error, fit->ss_error, fit->df_error);
	}
}
