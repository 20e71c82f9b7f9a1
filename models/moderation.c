#include "models/moderation.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

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

/* The design values of variable v (1 column, or levels - 1 indicators) for cases
 * [from, from + count) into the columns starting at X (row stride tda). */
static void block_design(const struct mod_var *v, double center, size_t from, size_t count, double *X, size_t tda)
{
	if (v->kind == MOD_CONTINUOUS) {
		for (size_t r = 0; r < count; r++)
			X[r * tda] = mod_value(v, center, from + r);
		return;
	}
	for (size_t l = 1; l < v->levels; l++)
		for (size_t r = 0; r < count; r++) {
			long hit = v->code[from + r] == l; /* converted from an integer: no branch on the data */
			X[r * tda + l - 1] = (double)hit;
		}
}

/* Column c = column a times column b (times column e when e != SIZE_MAX), over count rows. */
static void block_product(double *X, size_t tda, size_t count, size_t c, size_t a, size_t b, size_t e)
{
	for (size_t r = 0; r < count; r++) {
		double *row = X + r * tda;
		row[c] = e == SIZE_MAX ? row[a] * row[b] : row[a] * row[b] * row[e];
	}
}

/* Column by column: each block's design values, then their products (as design_row forms them),
 * then the covariates. */
void mod_design_rows(const struct mod_spec *s, const struct mod_layout *lay, size_t from, size_t count, double *X,
		     size_t tda)
{
	block_design(&s->x, lay->center_x, from, count, X + lay->x0, tda);
	block_design(&s->w, lay->center_w, from, count, X + lay->w0, tda);
	for (size_t i = 0; i < lay->nx; i++)
		for (size_t l = 0; l < lay->nw; l++)
			block_product(X, tda, count, lay->xw0 + i * lay->nw + l, lay->x0 + i, lay->w0 + l, SIZE_MAX);
	if (lay->model >= 2) {
		block_design(&s->z, lay->center_z, from, count, X + lay->z0, tda);
		for (size_t i = 0; i < lay->nx; i++)
			for (size_t m = 0; m < lay->nz; m++)
				block_product(X, tda, count, lay->xz0 + i * lay->nz + m, lay->x0 + i, lay->z0 + m, SIZE_MAX);
	}
	if (lay->model >= 3) {
		for (size_t l = 0; l < lay->nw; l++)
			for (size_t m = 0; m < lay->nz; m++)
				block_product(X, tda, count, lay->wz0 + l * lay->nz + m, lay->w0 + l, lay->z0 + m, SIZE_MAX);
		for (size_t i = 0; i < lay->nx; i++)
			for (size_t l = 0; l < lay->nw; l++)
				for (size_t m = 0; m < lay->nz; m++)
					block_product(X, tda, count, lay->xwz0 + (i * lay->nw + l) * lay->nz + m, lay->x0 + i,
						      lay->w0 + l, lay->z0 + m);
	}
	for (size_t c = 0; c < lay->ncov; c++)
		for (size_t r = 0; r < count; r++)
			X[r * tda + lay->cov0 + c] = gsl_matrix_get(s->cov, from + r, c);
}

int mod_design_fill(const struct mod_spec *s, const struct mod_layout *lay, gsl_matrix *X)
{
	if (X->size2 != lay->k)
		return GSL_EBADLEN;
	mod_design_rows(s, lay, 0, X->size1, X->data, X->tda);
	return GSL_SUCCESS;
}

static void data_rows(const void *ctx, size_t from, size_t count, double *xbuf, double *ybuf, struct ols_block *b)
{
	const struct mod_data *md = ctx;

	(void)ybuf;
	mod_design_rows(md->s, md->lay, from, count, xbuf, md->lay->k);
	b->x = xbuf;
	b->tda = md->lay->k;
	b->y = md->y + from;
	b->ystride = 1;
}

void mod_data_init(struct mod_data *md, const struct mod_spec *s, const struct mod_layout *lay, const double *y,
		   size_t n)
{
	md->data = (struct ols_data){n, lay->k, data_rows, md};
	md->s = s;
	md->lay = lay;
	md->y = y;
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
		struct value_counts vc;
		const struct value_counts *counted = value_counts(work, m, &vc) == 0 ? &vc : NULL;
		out[0] = quantile_type6_select(work, m, counted, 0.16);
		out[1] = quantile_type6_select(work, m, counted, 0.50);
		out[2] = quantile_type6_select(work, m, counted, 0.84);
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
