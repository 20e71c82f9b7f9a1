#include "models/process_effects.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>

int proc_point_set(const struct proc_fit *f, struct proc_point *pt, int v, double value, size_t level)
{
	if (v == PROC_W || v == PROC_Z) {
		double *dst = v == PROC_W ? pt->w : pt->z;
		if (!f->levels[v]) {
			dst[0] = value;
			return GSL_SUCCESS;
		}
		if (level >= f->levels[v])
			return GSL_EINVAL;
		for (size_t c = 0; c + 1 < f->levels[v]; c++)
			dst[c] = f->code[v][level][c];
		return GSL_SUCCESS;
	}
	if (v == PROC_X && !f->levels[v]) {
		pt->x = value;
		return GSL_SUCCESS;
	}
	if (v >= PROC_M1 && v < PROC_M((int)f->model.k)) {
		pt->m[v - PROC_M1] = value;
		return GSL_SUCCESS;
	}
	return GSL_EINVAL;
}

double proc_point_get(const struct proc_point *pt, int v, size_t c)
{
	switch (v) {
	case PROC_W:
		return pt->w[c];
	case PROC_Z:
		return pt->z[c];
	case PROC_X:
		return pt->x;
	default:
		return v >= PROC_M1 && v < PROC_Y ? pt->m[v - PROC_M1] : 0;
	}
}

int proc_probe_values(const struct proc_fit *f, int v, enum mod_probe_kind kind, double *out, size_t *count,
		      int *clamped)
{
	size_t col = proc_fit_column(f, v, 0), n = f->n;
	double *x, *work;

	*count = 0;
	*clamped = 0;
	if (v < 0 || v >= PROC_Y || col == f->q)
		return GSL_EINVAL;
	if (f->levels[v]) {
		for (size_t l = 0; l < f->levels[v]; l++)
			out[l] = (double)l;
		*count = f->levels[v];
		return GSL_SUCCESS;
	}
	x = malloc(n * sizeof *x);
	work = malloc(n * sizeof *work);
	if (!x || !work) {
		free(x);
		free(work);
		return GSL_ENOMEM;
	}
	proc_fit_values(f, col, 0, n, x, 1);
	*count = mod_probe_values(x, n, kind, out, clamped, work);
	free(x);
	free(work);
	return GSL_SUCCESS;
}

size_t proc_grid(const struct proc_fit *f, unsigned mask, const double *const *values, const size_t *n,
		 struct proc_point *out, size_t max)
{
	int vars[PROC_NVARS];
	size_t nv = 0, total = 1, idx[PROC_NVARS] = {0};

	for (int v = 0; v < PROC_Y; v++)
		if ((mask >> v) & 1u) {
			vars[nv++] = v;
			total *= n[v];
		}
	for (size_t p = 0; p < total; p++) {
		if (p < max) {
			memset(&out[p], 0, sizeof out[p]);
			for (size_t i = 0; i < nv; i++) {
				double val = values[vars[i]][idx[i]];
				proc_point_set(f, &out[p], vars[i], val, f->levels[vars[i]] ? (size_t)val : 0);
			}
		}
		for (size_t i = nv; i-- > 0;) { /* the last variable fastest */
			if (++idx[i] < n[vars[i]])
				break;
			idx[i] = 0;
		}
	}
	return total;
}

/* Visits each coefficient of equation e that multiplies antecedent a's column col (differentiated
 * by d[0..nd)) with its weight at pt: adds the weight to l, or weight times coefficient to sum. */
struct visit {
	double *l;         /* weights out, or */
	const double *b;   /* coefficients to sum */
	double sum;
};

static void link_visit(const struct proc_fit *f, size_t e, int a, size_t col, const struct proc_point *pt,
		       const struct proc_deriv *d, size_t nd, struct visit *vis)
{
	const struct proc_equation *q = &f->model.eq[e];

	/* a link's slope is linear in each moderator and does not depend on its antecedent */
	if ((nd == 2 && d[0].var == d[1].var) || (nd >= 1 && d[0].var == a) || (nd == 2 && d[1].var == a))
		return;
	for (size_t t = 0; t < q->n_terms; t++) {
		const struct proc_term *term = &q->term[t];
		size_t width, cols[3];
		int has = proc_term_has(term, a);
		for (size_t j = 0; j < nd && has; j++)
			has = proc_term_has(term, d[j].var);
		if (!has)
			continue;
		width = proc_term_width(f, term);
		for (size_t r = 0; r < width; r++) {
			double w = 1;
			int keep = 1;
			proc_term_decode(f, term, r, cols);
			for (size_t i = 0; i < term->n && keep; i++) {
				int v = term->var[i];
				size_t j = 0;
				while (j < nd && d[j].var != v)
					j++;
				if (v == a)
					keep = cols[i] == col;
				else if (j < nd)
					keep = cols[i] == d[j].col;
				else
					w *= proc_point_get(pt, v, cols[i]);
			}
			if (!keep)
				continue;
			if (vis->l)
				vis->l[1 + f->eq[e].off[t] + r] += w;
			else
				vis->sum += w * vis->b[1 + f->eq[e].off[t] + r];
		}
	}
}

void proc_link_weights(const struct proc_fit *f, size_t e, int a, size_t col, const struct proc_point *pt,
		       const struct proc_deriv *d, size_t nd, double *l)
{
	struct visit vis = {l, NULL, 0};

	memset(l, 0, (f->eq[e].k + 1) * sizeof *l);
	link_visit(f, e, a, col, pt, d, nd, &vis);
}

double proc_link_slope(const struct proc_fit *f, size_t e, const double *b, int a, size_t col,
		       const struct proc_point *pt, const struct proc_deriv *d, size_t nd)
{
	struct visit vis = {NULL, b, 0};

	link_visit(f, e, a, col, pt, d, nd, &vis);
	return vis.sum;
}

int proc_link_effect(const struct proc_fit *f, size_t e, int a, size_t col, const struct proc_point *pt,
		     struct lincom *out)
{
	return proc_link_effect_by(f, e, a, col, pt, NULL, 0, out);
}

int proc_link_effect_by(const struct proc_fit *f, size_t e, int a, size_t col, const struct proc_point *pt,
			const struct proc_deriv *d, size_t nd, struct lincom *out)
{
	const struct proc_eqfit *ef;
	double *l, est = 0, var = 0;
	size_t p;

	if (e >= f->model.n_eq || col >= f->width[a])
		return GSL_EINVAL;
	ef = &f->eq[e];
	p = ef->k + 1;
	l = malloc(p * sizeof *l);
	if (!l)
		return GSL_ENOMEM;
	proc_link_weights(f, e, a, col, pt, d, nd, l);
	/* l'b with variance l' V l */
	for (size_t i = 0; i < p; i++) {
		if (l[i] == 0)
			continue;
		est += l[i] * gsl_vector_get(ef->b, i);
		for (size_t j = 0; j < p; j++)
			var += l[i] * gsl_matrix_get(ef->cov, i, j) * l[j];
	}
	free(l);
	lincom_from(est, var, ef->df, ef->crit, out);
	return GSL_SUCCESS;
}

int proc_link_omnibus(const struct proc_fit *f, size_t e, int a, const struct proc_point *pt, struct wald *out)
{
	const struct proc_eqfit *ef;
	size_t q = f->width[a];
	gsl_matrix *L = NULL, *LV = NULL, *LVL = NULL;
	gsl_vector *theta = NULL;
	int status = GSL_ENOMEM;

	if (e >= f->model.n_eq)
		return GSL_EINVAL;
	ef = &f->eq[e];
	L = gsl_matrix_alloc(q, ef->k + 1);
	LV = gsl_matrix_alloc(q, ef->k + 1);
	LVL = gsl_matrix_alloc(q, q);
	theta = gsl_vector_alloc(q);
	if (L && LV && LVL && theta) {
		for (size_t c = 0; c < q; c++)
			proc_link_weights(f, e, a, c, pt, NULL, 0, gsl_matrix_ptr(L, c, 0));
		/* Wald F = theta' (L V L')^-1 theta / q, theta = L b, on (q, df) df */
		gsl_blas_dgemv(CblasNoTrans, 1, L, ef->b, 0, theta);
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1, L, ef->cov, 0, LV);
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1, LV, L, 0, LVL);
		status = wald_quadratic(theta, LVL, ef->df, out);
	}
	gsl_matrix_free(L);
	gsl_matrix_free(LV);
	gsl_matrix_free(LVL);
	gsl_vector_free(theta);
	return status;
}

void proc_design_row(const struct proc_fit *f, size_t e, const double *x, const struct proc_point *pt,
		     const double *cov, double *row)
{
	const struct proc_equation *q = &f->model.eq[e];
	size_t at = 1, cols[3];

	row[0] = 1;
	for (size_t t = 0; t < q->n_terms; t++)
		for (size_t r = 0; r < proc_term_width(f, &q->term[t]); r++) {
			double v = 1;
			proc_term_decode(f, &q->term[t], r, cols);
			for (size_t i = 0; i < q->term[t].n; i++) {
				int var = q->term[t].var[i];
				v *= var == PROC_X ? x[cols[i]] : proc_point_get(pt, var, cols[i]);
			}
			row[at++] = v;
		}
	for (size_t c = 0; c < f->model.ncov; c++)
		if (q->cov[c])
			row[at++] = cov[c];
}

int proc_direct_effect(const struct proc_fit *f, size_t col, const struct proc_point *pt, struct lincom *out)
{
	return proc_link_effect(f, f->model.k, PROC_X, col, pt, out);
}

int proc_total_effect(const struct proc_fit *f, size_t col, struct lincom *out)
{
	struct proc_point zero;

	memset(&zero, 0, sizeof zero);
	return proc_link_effect(f, proc_model_total_equation(&f->model), PROC_X, col, &zero, out);
}

/* Slopes of the links of path p (and their derivatives with respect to d1, d2 when given). */
static size_t link_slopes(const struct proc_fit *f, const double *const *b, size_t p, size_t col,
			  const struct proc_point *pt, const struct proc_deriv *d1, const struct proc_deriv *d2,
			  double *s, double *s1, double *s2, double *s12)
{
	size_t nl = f->model.path[p].len + 1;

	for (size_t i = 0; i < nl; i++) {
		int a;
		size_t e, c = i == 0 ? col : 0;
		proc_path_link(&f->model, p, i, &a, &e);
		s[i] = proc_link_slope(f, e, b[e], a, c, pt, NULL, 0);
		if (d1)
			s1[i] = proc_link_slope(f, e, b[e], a, c, pt, d1, 1);
		if (d2)
			s2[i] = proc_link_slope(f, e, b[e], a, c, pt, d2, 1);
		if (d1 && d2) {
			struct proc_deriv dd[2] = {*d1, *d2};
			s12[i] = proc_link_slope(f, e, b[e], a, c, pt, dd, 2);
		}
	}
	return nl;
}

/* prod of s over the links except i and j (pass SIZE_MAX for none) */
static double product_except(const double *s, size_t nl, size_t i, size_t j)
{
	double v = 1;

	for (size_t l = 0; l < nl; l++)
		if (l != i && l != j)
			v *= s[l];
	return v;
}

static double indirect(const struct proc_fit *f, const double *const *b, size_t p, size_t col,
		       const struct proc_point *pt)
{
	double s[PROC_MAX_MEDIATORS + 1];
	size_t nl = link_slopes(f, b, p, col, pt, NULL, NULL, s, NULL, NULL, NULL);

	return product_except(s, nl, nl, nl);
}

/* d omega / d d1 = sum_i s1_i prod_{j != i} s_j */
static double index1(const struct proc_fit *f, const double *const *b, size_t p, size_t col,
		     const struct proc_point *pt, const struct proc_deriv *d1)
{
	double s[PROC_MAX_MEDIATORS + 1], s1[PROC_MAX_MEDIATORS + 1], v = 0;
	size_t nl = link_slopes(f, b, p, col, pt, d1, NULL, s, s1, NULL, NULL);

	for (size_t i = 0; i < nl; i++)
		v += s1[i] * product_except(s, nl, i, nl);
	return v;
}

/* d2 omega / d d1 d d2 = sum_i s12_i prod_{j != i} s_j + sum_{i != j} s1_i s2_j prod_{l != i, j} s_l */
static double index2(const struct proc_fit *f, const double *const *b, size_t p, size_t col,
		     const struct proc_point *pt, const struct proc_deriv *d1, const struct proc_deriv *d2)
{
	double s[PROC_MAX_MEDIATORS + 1], s1[PROC_MAX_MEDIATORS + 1], s2[PROC_MAX_MEDIATORS + 1];
	double s12[PROC_MAX_MEDIATORS + 1], v = 0;
	size_t nl = link_slopes(f, b, p, col, pt, d1, d2, s, s1, s2, s12);

	for (size_t i = 0; i < nl; i++) {
		v += s12[i] * product_except(s, nl, i, nl);
		for (size_t j = 0; j < nl; j++)
			if (j != i)
				v += s1[i] * s2[j] * product_except(s, nl, i, j);
	}
	return v;
}

double proc_stat_value(const struct proc_fit *f, const double *const *b, double sd_x, double sd_y,
		       const struct proc_stat *s)
{
	double v = NAN;

	switch (s->kind) {
	case PROC_STAT_INDIRECT:
		v = indirect(f, b, s->path, s->col, &s->pt);
		break;
	case PROC_STAT_TOTAL_INDIRECT:
		v = 0;
		for (size_t p = 0; p < f->model.n_paths; p++)
			v += indirect(f, b, p, s->col, &s->pt);
		break;
	case PROC_STAT_INDEX:
		v = index1(f, b, s->path, s->col, &s->pt, &s->d[0]);
		break;
	case PROC_STAT_INDEX2:
		v = index2(f, b, s->path, s->col, &s->pt, &s->d[0], &s->d[1]);
		break;
	case PROC_STAT_CONTRAST: {
		double o1 = indirect(f, b, s->path, s->col, &s->pt), o2 = indirect(f, b, s->path2, s->col2, &s->pt2);
		v = s->absolute ? fabs(o1) - fabs(o2) : o1 - o2;
		break;
	}
	case PROC_STAT_DIRECT:
		v = proc_link_slope(f, f->model.k, b[f->model.k], PROC_X, s->col, &s->pt, NULL, 0);
		break;
	case PROC_STAT_TOTAL: {
		size_t e = proc_model_total_equation(&f->model);
		v = proc_link_slope(f, e, b[e], PROC_X, s->col, &s->pt, NULL, 0);
		break;
	}
	}
	/* both as one factor times the effect, the same bits as mediate printed before it ran here */
	if (s->scale == PROC_SCALE_PARTIAL)
		v *= 1 / sd_y;
	else if (s->scale == PROC_SCALE_COMPLETE)
		v *= sd_x / sd_y;
	return v;
}

/* 1 when d is a moderator column of path p that proc_path_index_kind gives an index for */
static int index_var(const struct proc_fit *f, size_t p, const struct proc_deriv *d, enum proc_index_kind *kind)
{
	int vars[2];

	*kind = proc_path_index_kind(&f->model, p, vars);
	return *kind != PROC_INDEX_NONE && (d->var == vars[0] || d->var == vars[1]) && d->col < f->width[d->var];
}

int proc_stat_check(const struct proc_fit *f, const struct proc_stat *s)
{
	size_t np = f->model.n_paths, nx = f->width[PROC_X];
	enum proc_index_kind kind;
	int ok = s->col < nx;

	switch (s->kind) {
	case PROC_STAT_INDIRECT:
		ok = ok && s->path < np;
		break;
	case PROC_STAT_TOTAL_INDIRECT:
		ok = ok && np > 0;
		break;
	case PROC_STAT_INDEX:
		ok = ok && s->path < np && index_var(f, s->path, &s->d[0], &kind);
		break;
	case PROC_STAT_INDEX2:
		ok = ok && s->path < np && index_var(f, s->path, &s->d[0], &kind) && kind == PROC_INDEX_CONDITIONAL &&
		     index_var(f, s->path, &s->d[1], &kind) && s->d[0].var != s->d[1].var;
		break;
	case PROC_STAT_CONTRAST:
		ok = ok && s->path < np && s->path2 < np && s->col2 < nx;
		break;
	case PROC_STAT_DIRECT:
		break;
	case PROC_STAT_TOTAL:
		ok = ok && proc_model_total_equation(&f->model) < f->model.n_eq;
		break;
	default:
		ok = 0;
	}
	if (s->scale == PROC_SCALE_COMPLETE && f->levels[PROC_X])
		ok = 0;
	/* PROCESS: no standardised effects with a dichotomous Y */
	if (s->scale != PROC_SCALE_RAW && f->model.eq[f->model.k].family == PROC_FAMILY_LOGISTIC)
		ok = 0;
	if (s->scale != PROC_SCALE_RAW && s->scale != PROC_SCALE_PARTIAL && s->scale != PROC_SCALE_COMPLETE)
		ok = 0;
	return ok ? GSL_SUCCESS : GSL_EINVAL;
}

double proc_stat_estimate(const struct proc_fit *f, const struct proc_stat *s)
{
	const double *b[PROC_MAX_EQUATIONS];

	for (size_t e = 0; e < f->model.n_eq; e++)
		b[e] = f->eq[e].b->data;
	return proc_stat_value(f, b, f->sd_x, f->sd_y, s);
}
