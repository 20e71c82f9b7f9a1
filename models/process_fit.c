#include "models/process_fit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "models/descriptives.h"

static const struct proc_input *input(const struct proc_data *d, int v)
{
	return v == PROC_X ? &d->x : v == PROC_W ? &d->w : v == PROC_Z ? &d->z : NULL;
}

size_t proc_term_width(const struct proc_fit *f, const struct proc_term *t)
{
	size_t w = 1;

	for (size_t i = 0; i < t->n; i++)
		w *= f->width[t->var[i]];
	return w;
}

/* Checks that every variable the model uses is given, and sets widths, levels and codes. */
static int bind(struct proc_fit *f, const struct proc_data *d)
{
	const struct proc_model *m = &f->model;

	for (int v = 0; v < PROC_NVARS; v++)
		f->width[v] = 1;
	for (int v = PROC_X; v <= PROC_Z; v++) {
		const struct proc_input *in = input(d, v);
		if (!proc_model_uses(m, v) || in->v)
			continue;
		if (!in->level || in->levels < 2 || in->levels > CODING_MAX_LEVELS || !coding_name(in->coding))
			f->problem = PROC_MISSING_VARIABLE;
		else if (v == PROC_X && m->tpl->mly == PROC_MOD_X)
			f->problem = PROC_CATEGORICAL_X;
		for (size_t i = 0; i < d->n && !f->problem; i++)
			if (in->level[i] >= in->levels) {
				f->problem = PROC_LEVEL_RANGE;
				f->bad_row = i;
			}
		if (f->problem) {
			f->bad_var = v;
			return GSL_EINVAL;
		}
		f->levels[v] = in->levels;
		f->width[v] = in->levels - 1;
		for (size_t l = 0; l < in->levels; l++)
			for (size_t c = 0; c + 1 < in->levels; c++)
				f->code[v][l][c] = coding_value(in->coding, in->levels, l, c);
	}
	for (size_t j = 0; j < m->k; j++)
		if (!d->m[j]) {
			f->problem = PROC_MISSING_VARIABLE;
			f->bad_var = PROC_M(j);
			return GSL_EINVAL;
		}
	if (!d->y || (m->ncov > 0 && (!d->cov || d->cov->size1 != d->n || d->cov->size2 != m->ncov))) {
		f->problem = PROC_MISSING_VARIABLE;
		f->bad_var = d->y ? -1 : PROC_Y;
		return GSL_EINVAL;
	}
	for (size_t e = 0; e < m->n_eq; e++) {
		enum proc_family fam = m->eq[e].family;
		/* PROCESS fits mediators by OLS only */
		if (fam != PROC_FAMILY_OLS && !(fam == PROC_FAMILY_LOGISTIC && e == m->k)) {
			f->problem = PROC_FAMILY;
			f->bad_eq = e;
			return GSL_EINVAL;
		}
	}
	return GSL_SUCCESS;
}

int proc_dichotomous(const double *x, size_t n, double *lo, double *hi)
{
	size_t i = 1;

	if (n == 0 || !isfinite(x[0]))
		return 0;
	while (i < n && x[i] == x[0])
		i++;
	if (i == n || !isfinite(x[i]))
		return 0;
	*lo = fmin(x[0], x[i]);
	*hi = fmax(x[0], x[i]);
	for (size_t j = i + 1; j < n; j++)
		if (x[j] != x[0] && x[j] != x[i])
			return 0;
	return 1;
}

static int logistic(const struct proc_fit *f, size_t e)
{
	return f->model.eq[e].family == PROC_FAMILY_LOGISTIC;
}

/* A logistic Y's two values (PROCESS: the higher is coded 1). */
static int code_y(struct proc_fit *f, const struct proc_data *d)
{
	const double *y = d->y;
	size_t n = d->n;

	f->y_value[0] = f->y_value[1] = NAN;
	if (!logistic(f, f->model.k) || n == 0)
		return GSL_SUCCESS;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(y[i]) || (isfinite(f->y_value[1]) && y[i] != f->y_value[0] && y[i] != f->y_value[1])) {
			f->problem = PROC_Y_NOT_BINARY;
			f->bad_eq = f->model.k;
			f->bad_row = i;
			return GSL_EINVAL;
		}
		if (isnan(f->y_value[0]))
			f->y_value[0] = y[i];
		else if (y[i] != f->y_value[0] && isnan(f->y_value[1]))
			f->y_value[1] = y[i];
	}
	if (isnan(f->y_value[1])) {
		f->problem = PROC_Y_CONSTANT;
		f->bad_eq = f->model.k;
		return GSL_EINVAL;
	}
	if (f->y_value[0] > f->y_value[1]) {
		double t = f->y_value[0];
		f->y_value[0] = f->y_value[1];
		f->y_value[1] = t;
	}
	return GSL_SUCCESS;
}

static const double *raw(const struct proc_data *d, int v)
{
	if (v <= PROC_Z)
		return input(d, v)->v;
	return v == PROC_Y ? d->y : d->m[v - PROC_M1];
}

static int in_product(const struct proc_model *m, int v)
{
	for (size_t e = 0; e < m->n_eq; e++)
		for (size_t i = 0; i < m->eq[e].n_terms; i++)
			if (m->eq[e].term[i].n > 1 && proc_term_has(&m->eq[e].term[i], v))
				return 1;
	return 0;
}

static void set_centres(struct proc_fit *f, const struct proc_data *d)
{
	for (int v = 0; v < PROC_NVARS; v++) {
		const double *x;
		double lo, hi;
		struct moments mo;
		f->center[v] = 0;
		if (d->center == PROC_CENTER_NONE || v == PROC_Y || f->levels[v] || !in_product(&f->model, v))
			continue;
		x = raw(d, v);
		if (d->center == PROC_CENTER_CONTINUOUS && proc_dichotomous(x, d->n, &lo, &hi))
			continue;
		moments_compute(x, 1, d->n, &mo);
		f->center[v] = mo.mean;
	}
}

static int column_equal(const struct proc_column *a, const struct proc_column *b)
{
	return a->cov == b->cov && a->term.n == b->term.n && memcmp(a->term.var, b->term.var, a->term.n) == 0 &&
	       memcmp(a->cols, b->cols, a->term.n) == 0;
}

/* The column of V that is `col`, added when new. */
static size_t intern(struct proc_fit *f, const struct proc_column *col)
{
	for (size_t j = 0; j < f->q; j++)
		if (column_equal(&f->column[j], col))
			return j;
	f->column[f->q] = *col;
	return f->q++;
}

void proc_term_decode(const struct proc_fit *f, const struct proc_term *t, size_t r, size_t *cols)
{
	for (size_t i = t->n; i-- > 0;) {
		size_t w = f->width[t->var[i]];
		cols[i] = r % w;
		r /= w;
	}
}

static int layout(struct proc_fit *f)
{
	const struct proc_model *m = &f->model;
	size_t cap = 0;

	for (size_t e = 0; e < m->n_eq; e++) {
		for (size_t t = 0; t < m->eq[e].n_terms; t++)
			cap += proc_term_width(f, &m->eq[e].term[t]);
		cap += m->ncov + 1;
	}
	f->column = calloc(cap, sizeof *f->column);
	if (!f->column)
		return GSL_ENOMEM;
	for (size_t e = 0; e < m->n_eq; e++) {
		const struct proc_equation *q = &m->eq[e];
		struct proc_eqfit *ef = &f->eq[e];
		struct proc_column col;
		size_t k = 0;
		for (size_t t = 0; t < q->n_terms; t++) {
			ef->off[t] = k;
			k += proc_term_width(f, &q->term[t]);
		}
		ef->off[q->n_terms] = k;
		for (size_t c = 0; c < m->ncov; c++)
			k += q->cov[c];
		ef->k = k;
		ef->pred = malloc((k ? k : 1) * sizeof *ef->pred);
		if (!ef->pred)
			return GSL_ENOMEM;
		k = 0;
		for (size_t t = 0; t < q->n_terms; t++)
			for (size_t r = 0; r < proc_term_width(f, &q->term[t]); r++) {
				size_t cols[3];
				memset(&col, 0, sizeof col);
				col.term = q->term[t];
				col.cov = -1;
				proc_term_decode(f, &q->term[t], r, cols);
				for (size_t i = 0; i < q->term[t].n; i++)
					col.cols[i] = (unsigned char)cols[i];
				ef->pred[k++] = intern(f, &col);
			}
		for (size_t c = 0; c < m->ncov; c++)
			if (q->cov[c]) {
				memset(&col, 0, sizeof col);
				col.cov = (int)c;
				ef->pred[k++] = intern(f, &col);
			}
		memset(&col, 0, sizeof col);
		col.term = proc_term_make(1, q->outcome, 0, 0);
		col.cov = -1;
		ef->outcome = intern(f, &col);
	}
	return GSL_SUCCESS;
}

/* Variable v's design column c on rows [from, from + count) into out (stride apart), or multiplied
 * into what out holds (`times`): a code of a multicategorical variable by the case's level, a
 * logistic Y's 0/1 code, else the value less its centre. */
static void factor_values(const struct proc_fit *f, int v, size_t c, size_t from, size_t count, int times,
			  double *out, size_t stride)
{
	const struct proc_data *d = &f->data;

	if (f->levels[v]) {
		const size_t *level = input(d, v)->level + from;
		const double(*code)[PROC_MAX_CODES] = f->code[v];
		if (times)
			for (size_t r = 0; r < count; r++)
				out[r * stride] *= code[level[r]][c];
		else
			for (size_t r = 0; r < count; r++)
				out[r * stride] = code[level[r]][c];
	} else if (v == PROC_Y && logistic(f, f->model.k)) {
		const double *y = d->y + from, one = f->y_value[1];
		for (size_t r = 0; r < count; r++)
			out[r * stride] = y[r] == one; /* an outcome: never a factor of a product */
	} else {
		const double *x = raw(d, v) + from, m = f->center[v];
		if (times)
			for (size_t r = 0; r < count; r++)
				out[r * stride] *= x[r] - m;
		else
			for (size_t r = 0; r < count; r++)
				out[r * stride] = x[r] - m;
	}
}

void proc_fit_values(const struct proc_fit *f, size_t j, size_t from, size_t count, double *out, size_t stride)
{
	const struct proc_column *col = &f->column[j];

	if (col->cov >= 0) {
		const gsl_matrix *C = f->data.cov;
		const double *x = C->data + from * C->tda + (size_t)col->cov;
		for (size_t r = 0; r < count; r++)
			out[r * stride] = x[r * C->tda];
		return;
	}
	/* the product in factor order, as 1 * v0 * v1 * v2 (1 * v0 = v0 exactly) */
	for (size_t t = 0; t < col->term.n; t++)
		factor_values(f, col->term.var[t], col->cols[t], from, count, t > 0, out, stride);
}

/* Whether column j holds a variable's own values unchanged (neither centred, coded nor a product). */
static const double *plain(const struct proc_fit *f, size_t j)
{
	const struct proc_column *col = &f->column[j];
	int v = col->term.var[0];

	if (col->cov >= 0 || col->term.n != 1 || f->levels[v] || f->center[v] != 0 ||
	    (v == PROC_Y && logistic(f, f->model.k)))
		return NULL;
	return raw(&f->data, v);
}

/* An equation's design formed block by block (models/ols.h's ols_data). */
struct eq_data {
	struct ols_data data;
	const struct proc_fit *f;
	const struct proc_eqfit *ef;
	const double *y; /* the outcome's values when read in place */
};

static void eq_rows(const void *ctx, size_t from, size_t count, double *xbuf, double *ybuf, struct ols_block *b)
{
	const struct eq_data *ed = ctx;
	size_t k = ed->ef->k;

	for (size_t c = 0; c < k; c++)
		proc_fit_values(ed->f, ed->ef->pred[c], from, count, xbuf + c, k);
	if (ed->y) {
		b->y = ed->y + from;
	} else {
		proc_fit_values(ed->f, ed->ef->outcome, from, count, ybuf, 1);
		b->y = ybuf;
	}
	b->x = xbuf;
	b->tda = k;
	b->ystride = 1;
}

/* Equation e by OLS, its design formed block by block. */
static int fit_ols(struct proc_fit *f, const struct proc_data *d, size_t e)
{
	struct proc_eqfit *ef = &f->eq[e];
	struct eq_data ed = {{d->n, ef->k, eq_rows, NULL}, f, ef, plain(f, ef->outcome)};
	int status;

	ed.data.ctx = &ed;
	ef->fit = ols_fit_alloc(d->n, ef->k);
	if (!ef->fit)
		return GSL_ENOMEM;
	status = ols_fit_run_data(ef->fit, &ed.data, &d->ols);
	if (status)
		return status;
	ef->b = ef->fit->b;
	ef->cov = ef->fit->cov;
	ef->df = ef->fit->df2;
	ef->crit = ef->fit->t_crit;
	return GSL_SUCCESS;
}

/* Equation e by logistic regression, its design and coded outcome formed and kept. */
static int fit_logistic(struct proc_fit *f, const struct proc_data *d, size_t e)
{
	struct proc_eqfit *ef = &f->eq[e];
	struct logit_options o;
	int status;

	ef->logit = logit_fit_alloc(d->n, ef->k);
	ef->X = gsl_matrix_alloc(d->n, ef->k ? ef->k : 1);
	ef->y = gsl_vector_alloc(d->n);
	if (!ef->logit || !ef->X || !ef->y)
		return GSL_ENOMEM;
	for (size_t c = 0; c < ef->k; c++)
		proc_fit_values(f, ef->pred[c], 0, d->n, ef->X->data + c, ef->X->tda);
	proc_fit_values(f, ef->outcome, 0, d->n, ef->y->data, ef->y->stride);
	proc_logit_options(f, &o);
	status = logit_fit_run(ef->logit, ef->k ? ef->X : NULL, ef->y, NULL, &o);
	if (status)
		return status;
	ef->b = ef->logit->b;
	ef->cov = ef->logit->cov;
	ef->df = INFINITY;
	ef->crit = ef->logit->z_crit;
	return GSL_SUCCESS;
}

void proc_logit_options(const struct proc_fit *f, struct logit_options *o)
{
	logit_options_init(o);
	o->ci = f->ci;
	o->tolerance = f->tolerance;
}

size_t proc_fit_column(const struct proc_fit *f, int v, size_t c)
{
	struct proc_column col;

	memset(&col, 0, sizeof col);
	col.term = proc_term_make(1, v, 0, 0);
	col.cols[0] = (unsigned char)c;
	col.cov = -1;
	for (size_t j = 0; j < f->q; j++)
		if (column_equal(&f->column[j], &col))
			return j;
	return f->q;
}

int proc_fit_run(const struct proc_model *m, const struct proc_data *d, struct proc_fit **out)
{
	struct proc_fit *f = calloc(1, sizeof *f);
	int status;

	*out = f;
	if (!f)
		return GSL_ENOMEM;
	f->model = *m;
	f->data = *d;
	f->n = d->n;
	f->ci = d->ols.ci;
	f->tolerance = d->ols.tolerance;
	f->sd_x = f->sd_y = NAN;
	status = bind(f, d);
	if (!status)
		status = code_y(f, d);
	if (status)
		return status;
	status = layout(f);
	if (status)
		return status;
	if (d->n == 0) {
		/* the first equation's fit says why: too few cases */
		f->problem = PROC_FIT;
		f->bad_eq = 0;
		if (logistic(f, 0)) {
			if (!(f->eq[0].logit = logit_fit_alloc(0, f->eq[0].k)))
				return GSL_ENOMEM;
			f->eq[0].logit->problem = LOGIT_TOO_FEW_CASES;
			return GSL_EDOM;
		}
		f->eq[0].fit = ols_fit_alloc(0, f->eq[0].k);
		if (!f->eq[0].fit)
			return GSL_ENOMEM;
		f->eq[0].fit->problem = OLS_TOO_FEW_CASES;
		return GSL_EDOM;
	}
	set_centres(f, d);
	for (size_t e = 0; e < m->n_eq; e++) {
		status = logistic(f, e) ? fit_logistic(f, d, e) : fit_ols(f, d, e);
		if (status == GSL_ENOMEM)
			return status;
		if (status) {
			f->problem = PROC_FIT;
			f->bad_eq = e;
			return status;
		}
	}
	/* SD(Y) as its OLS fit has it, sqrt(SST / (n - 1)); SD(X) of the data as given (centring
	 * leaves it unchanged) */
	if (!logistic(f, m->k))
		f->sd_y = f->eq[m->k].fit->sd_y;
	if (!f->levels[PROC_X]) {
		struct moments mo;
		moments_compute(d->x.v, 1, d->n, &mo);
		f->sd_x = mo.sd;
	}
	return GSL_SUCCESS;
}

void proc_fit_free(struct proc_fit *f)
{
	if (!f)
		return;
	for (size_t e = 0; e < PROC_MAX_EQUATIONS; e++) {
		free(f->eq[e].pred);
		ols_fit_free(f->eq[e].fit);
		logit_fit_free(f->eq[e].logit);
		gsl_matrix_free(f->eq[e].X);
		gsl_vector_free(f->eq[e].y);
	}
	free(f->column);
	free(f);
}

size_t proc_coef_index(const struct proc_fit *f, size_t e, size_t t, const size_t *cols)
{
	const struct proc_term *term = &f->model.eq[e].term[t];
	size_t r = 0;

	for (size_t i = 0; i < term->n; i++)
		r = r * f->width[term->var[i]] + cols[i];
	return 1 + f->eq[e].off[t] + r;
}

size_t proc_term_coefs(const struct proc_fit *f, size_t e, size_t t, size_t *idx)
{
	size_t w = proc_term_width(f, &f->model.eq[e].term[t]);

	for (size_t r = 0; r < w; r++)
		idx[r] = 1 + f->eq[e].off[t] + r;
	return w;
}
