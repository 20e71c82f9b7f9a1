#include "models/moderation.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "models/descriptives.h"

static size_t block_columns(const struct mod_var *v)
{
	return v->kind == MOD_CATEGORICAL ? v->levels - 1 : 1;
}

static int var_ok(const struct mod_var *v)
{
	if (v->kind == MOD_CATEGORICAL)
		return v->code && v->levels >= 2;
	return v->v != NULL;
}

static double mean_of(const struct mod_var *v, size_t n)
{
	struct moments m;

	moments_compute(v->v, 1, n, &m);
	return m.mean;
}

int mod_layout_init(const struct mod_spec *s, size_t n, struct mod_layout *lay)
{
	size_t c = 0;

	if (s->model < 1 || s->model > 3 || !var_ok(&s->x) || !var_ok(&s->w))
		return GSL_EINVAL;
	if (s->model >= 2 && !var_ok(&s->z))
		return GSL_EINVAL;
	if (s->cov && s->cov->size1 != n)
		return GSL_EBADLEN;
	lay->model = s->model;
	lay->nx = block_columns(&s->x);
	lay->nw = block_columns(&s->w);
	lay->nz = s->model >= 2 ? block_columns(&s->z) : 0;
	lay->ncov = s->cov ? s->cov->size2 : 0;
	lay->x0 = c;
	c += lay->nx;
	lay->w0 = c;
	c += lay->nw;
	lay->xw0 = c;
	c += lay->nx * lay->nw;
	lay->z0 = lay->xz0 = lay->wz0 = lay->xwz0 = c;
	if (s->model >= 2) {
		lay->z0 = c;
		c += lay->nz;
		lay->xz0 = c;
		c += lay->nx * lay->nz;
		lay->wz0 = lay->xwz0 = c;
	}
	if (s->model == 3) {
		lay->wz0 = c;
		c += lay->nw * lay->nz;
		lay->xwz0 = c;
		c += lay->nx * lay->nw * lay->nz;
	}
	lay->cov0 = c;
	c += lay->ncov;
	lay->k = c;
	lay->center_x = lay->center_w = lay->center_z = 0;
	if (s->center && n > 0) {
		if (s->x.kind == MOD_CONTINUOUS)
			lay->center_x = mean_of(&s->x, n);
		if (s->w.kind == MOD_CONTINUOUS)
			lay->center_w = mean_of(&s->w, n);
		if (s->model >= 2 && s->z.kind == MOD_CONTINUOUS)
			lay->center_z = mean_of(&s->z, n);
	}
	return GSL_SUCCESS;
}

double mod_value(const struct mod_var *v, double center, size_t i)
{
	return v->v[i] - center;
}

/* Design values of variable v for case i into out (1 or levels - 1 values). */
static void case_design(const struct mod_var *v, double center, size_t i, double *out)
{
	if (v->kind == MOD_CONTINUOUS) {
		out[0] = mod_value(v, center, i);
		return;
	}
	for (size_t l = 1; l < v->levels; l++)
		out[l - 1] = v->code[i] == l;
}

void mod_probe_design(const struct mod_var *v, double value, size_t level, double *out)
{
	if (v->kind == MOD_CONTINUOUS) {
		out[0] = value;
		return;
	}
	for (size_t l = 1; l < v->levels; l++)
		out[l - 1] = level == l;
}

/* Fills a design row (without intercept) from block values. */
static void design_row(const struct mod_layout *lay, const double *xv, const double *wv, const double *zv,
		       double *row)
{
	for (size_t i = 0; i < lay->nx; i++)
		row[lay->x0 + i] = xv[i];
	for (size_t l = 0; l < lay->nw; l++)
		row[lay->w0 + l] = wv[l];
	for (size_t i = 0; i < lay->nx; i++)
		for (size_t l = 0; l < lay->nw; l++)
			row[lay->xw0 + i * lay->nw + l] = xv[i] * wv[l];
	if (lay->model < 2)
		return;
	for (size_t m = 0; m < lay->nz; m++)
		row[lay->z0 + m] = zv[m];
	for (size_t i = 0; i < lay->nx; i++)
		for (size_t m = 0; m < lay->nz; m++)
			row[lay->xz0 + i * lay->nz + m] = xv[i] * zv[m];
	if (lay->model < 3)
		return;
	for (size_t l = 0; l < lay->nw; l++)
		for (size_t m = 0; m < lay->nz; m++)
			row[lay->wz0 + l * lay->nz + m] = wv[l] * zv[m];
	for (size_t i = 0; i < lay->nx; i++)
		for (size_t l = 0; l < lay->nw; l++)
			for (size_t m = 0; m < lay->nz; m++)
				row[lay->xwz0 + (i * lay->nw + l) * lay->nz + m] = xv[i] * wv[l] * zv[m];
}

int mod_design_fill(const struct mod_spec *s, const struct mod_layout *lay, gsl_matrix *X)
{
	size_t n = X->size1;
	double *buf, *xv, *wv, *zv;

	if (X->size2 != lay->k)
		return GSL_EBADLEN;
	buf = malloc((lay->nx + lay->nw + lay->nz + 1) * sizeof *buf);
	if (!buf)
		return GSL_ENOMEM;
	xv = buf;
	wv = xv + lay->nx;
	zv = wv + lay->nw;
	for (size_t i = 0; i < n; i++) {
		double *row = gsl_matrix_ptr(X, i, 0);
		case_design(&s->x, lay->center_x, i, xv);
		case_design(&s->w, lay->center_w, i, wv);
		if (lay->model >= 2)
			case_design(&s->z, lay->center_z, i, zv);
		design_row(lay, xv, wv, zv, row);
		for (size_t c = 0; c < lay->ncov; c++)
			row[lay->cov0 + c] = gsl_matrix_get(s->cov, i, c);
	}
	free(buf);
	return GSL_SUCCESS;
}

void mod_effect_vector(const struct mod_layout *lay, size_t i, const double *wv, const double *zv, gsl_vector *l)
{
	gsl_vector_set_zero(l);
	gsl_vector_set(l, 1 + lay->x0 + i, 1);
	for (size_t a = 0; a < lay->nw; a++)
		gsl_vector_set(l, 1 + lay->xw0 + i * lay->nw + a, wv[a]);
	if (lay->model < 2)
		return;
	for (size_t m = 0; m < lay->nz; m++)
		gsl_vector_set(l, 1 + lay->xz0 + i * lay->nz + m, zv[m]);
	if (lay->model < 3)
		return;
	for (size_t a = 0; a < lay->nw; a++)
		for (size_t m = 0; m < lay->nz; m++)
			gsl_vector_set(l, 1 + lay->xwz0 + (i * lay->nw + a) * lay->nz + m, wv[a] * zv[m]);
}

void mod_xw_at_z_vector(const struct mod_layout *lay, size_t i, size_t l, const double *zv, gsl_vector *out)
{
	gsl_vector_set_zero(out);
	gsl_vector_set(out, 1 + lay->xw0 + i * lay->nw + l, 1);
	if (lay->model < 3)
		return;
	for (size_t m = 0; m < lay->nz; m++)
		gsl_vector_set(out, 1 + lay->xwz0 + (i * lay->nw + l) * lay->nz + m, zv[m]);
}

void mod_predict_vector(const struct mod_layout *lay, const double *xv, const double *wv, const double *zv,
			const double *cmeans, gsl_vector *row)
{
	gsl_vector_set_zero(row);
	gsl_vector_set(row, 0, 1);
	/* the row without intercept is a view from index 1 */
	{
		gsl_vector_view r = gsl_vector_subvector(row, 1, lay->k);
		design_row(lay, xv, wv, zv, r.vector.data);
	}
	for (size_t c = 0; c < lay->ncov; c++)
		gsl_vector_set(row, 1 + lay->cov0 + c, cmeans[c]);
}

int mod_conditional(const struct ols_fit *fit, const struct mod_layout *lay, const double *wv, const double *zv,
		    struct lincom *out, struct wald *omnibus)
{
	size_t p = lay->k + 1, nx = lay->nx;
	gsl_matrix *L = gsl_matrix_alloc(nx, p);
	int status = GSL_SUCCESS;

	if (!L)
		return GSL_ENOMEM;
	for (size_t i = 0; i < nx && !status; i++) {
		gsl_vector_view row = gsl_matrix_row(L, i);
		mod_effect_vector(lay, i, wv, zv, &row.vector);
		status = ols_lincom(fit, &row.vector, NULL, &out[i]);
	}
	if (!status && omnibus && nx > 1)
		status = ols_wald(fit, L, NULL, omnibus);
	gsl_matrix_free(L);
	return status;
}

size_t mod_interaction_terms(const struct mod_layout *lay, int which, size_t *idx)
{
	size_t q = 0;

	if (lay->model == 3) {
		for (size_t c = 0; c < lay->nx * lay->nw * lay->nz; c++)
			idx[q++] = 1 + lay->xwz0 + c;
		return q;
	}
	if (which == 0 || which == 1)
		for (size_t c = 0; c < lay->nx * lay->nw; c++)
			idx[q++] = 1 + lay->xw0 + c;
	if (lay->model == 2 && (which == 0 || which == 2))
		for (size_t c = 0; c < lay->nx * lay->nz; c++)
			idx[q++] = 1 + lay->xz0 + c;
	return q;
}

/* Quantile at position p(m+1) by selection (Hoare's FIND via gsl_stats_select), O(m) instead of a
 * sort; same value as quantile_type6_sorted. w is reordered. */
static double quantile_select(double *w, size_t m, double p, double lo, double hi)
{
	double pos = p * (double)(m + 1), frac, a, b;
	size_t i;

	if (pos <= 1)
		return lo;
	if (pos >= (double)m)
		return hi;
	i = (size_t)floor(pos);
	frac = pos - (double)i;
	a = gsl_stats_select(w, 1, m, i - 1);
	if (frac == 0)
		return a;
	b = gsl_stats_select(w, 1, m, i);
	return a + frac * (b - a);
}

size_t mod_probe_values(const double *v, size_t n, enum mod_probe_kind kind, double *out, int *clamped, double *work)
{
	size_t m = 0, distinct = 0;
	double lo = INFINITY, hi = -INFINITY, first = NAN, second = NAN;
	struct moments mo;

	*clamped = 0;
	for (size_t i = 0; i < n; i++) {
		double x = v[i];
		if (isnan(x))
			continue;
		work[m++] = x;
		lo = fmin(lo, x);
		hi = fmax(hi, x);
		if (distinct == 0) {
			first = x;
			distinct = 1;
		} else if (distinct == 1 && x != first) {
			second = x;
			distinct = 2;
		} else if (distinct == 2 && x != first && x != second) {
			distinct = 3;
		}
	}
	if (m == 0)
		return 0;
	if (distinct == 2) {
		out[0] = lo;
		out[1] = hi;
		return 2;
	}
	if (kind == MOD_PROBE_PERCENTILES) {
		out[0] = quantile_select(work, m, 0.16, lo, hi);
		out[1] = quantile_select(work, m, 0.50, lo, hi);
		out[2] = quantile_select(work, m, 0.84, lo, hi);
		return 3;
	}
	moments_compute(v, 1, n, &mo);
	out[0] = mo.mean - mo.sd;
	out[1] = mo.mean;
	out[2] = mo.mean + mo.sd;
	if (out[0] < lo) {
		out[0] = lo;
		*clamped |= 1;
	}
	if (out[2] > hi) {
		out[2] = hi;
		*clamped |= 2;
	}
	return 3;
}
