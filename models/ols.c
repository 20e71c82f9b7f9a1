#include "models/ols.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>

#include "models/distributions.h"
#include "models/ols_tests.h"
#include "models/robust_cov.h"

void ols_options_init(struct ols_options *o)
{
	o->ci = 0.95;
	o->cov = OLS_CLASSICAL;
	o->tolerance = OLS_TOLERANCE;
	o->residuals = 1;
}

struct ols_fit *ols_fit_alloc(size_t n, size_t k)
{
	struct ols_fit *f = calloc(1, sizeof *f);
	size_t p = k + 1, kk = k ? k : 1;

	if (!f)
		return NULL;
	f->n = n;
	f->k = k;
	f->p = p;
	f->b = gsl_vector_alloc(p);
	f->se = gsl_vector_alloc(p);
	f->t = gsl_vector_alloc(p);
	f->p_value = gsl_vector_alloc(p);
	f->llci = gsl_vector_alloc(p);
	f->ulci = gsl_vector_alloc(p);
	f->beta = gsl_vector_alloc(p);
	f->cov = gsl_matrix_alloc(p, p);
	f->cov_classical = gsl_matrix_alloc(p, p);
	f->mean = gsl_vector_alloc(kk);
	f->sd = gsl_vector_alloc(kk);
	f->scale = gsl_vector_alloc(kk);
	f->vif = gsl_vector_alloc(kk);
	f->tolerance = gsl_vector_alloc(kk);
	f->resid = gsl_vector_alloc(n ? n : 1);
	f->leverage = gsl_vector_alloc(n ? n : 1);
	f->combo = malloc(kk * sizeof *f->combo);
	f->R = gsl_matrix_alloc(kk, kk);
	f->L = gsl_matrix_alloc(kk, kk);
	f->Rinv = gsl_matrix_alloc(kk, kk);
	f->g = gsl_vector_alloc(kk);
	f->bs = gsl_vector_alloc(kk);
	f->work = gsl_vector_alloc(p);
	f->work2 = gsl_vector_alloc(p);
	f->M = gsl_matrix_alloc(p, p);
	if (!f->b || !f->se || !f->t || !f->p_value || !f->llci || !f->ulci || !f->beta || !f->cov ||
	    !f->cov_classical || !f->mean || !f->sd || !f->scale || !f->vif || !f->tolerance || !f->resid ||
	    !f->leverage || !f->combo || !f->R || !f->L || !f->Rinv || !f->g || !f->bs || !f->work ||
	    !f->work2 || !f->M) {
		ols_fit_free(f);
		return NULL;
	}
	return f;
}

void ols_fit_free(struct ols_fit *f)
{
	if (!f)
		return;
	gsl_vector_free(f->b);
	gsl_vector_free(f->se);
	gsl_vector_free(f->t);
	gsl_vector_free(f->p_value);
	gsl_vector_free(f->llci);
	gsl_vector_free(f->ulci);
	gsl_vector_free(f->beta);
	gsl_matrix_free(f->cov);
	gsl_matrix_free(f->cov_classical);
	gsl_vector_free(f->mean);
	gsl_vector_free(f->sd);
	gsl_vector_free(f->scale);
	gsl_vector_free(f->vif);
	gsl_vector_free(f->tolerance);
	gsl_vector_free(f->resid);
	gsl_vector_free(f->leverage);
	free(f->combo);
	gsl_matrix_free(f->R);
	gsl_matrix_free(f->L);
	gsl_matrix_free(f->Rinv);
	gsl_vector_free(f->g);
	gsl_vector_free(f->bs);
	gsl_vector_free(f->work);
	gsl_vector_free(f->work2);
	gsl_matrix_free(f->M);
	free(f);
}

static int fail(struct ols_fit *f, enum ols_problem why, size_t bad, int status)
{
	f->problem = why;
	f->bad = bad;
	return status;
}

static void matrix_rows(const void *ctx, size_t from, size_t count, double *xbuf, double *ybuf, struct ols_block *b)
{
	const struct ols_matrix_data *md = ctx;

	(void)count;
	(void)xbuf;
	(void)ybuf;
	b->x = md->X->data + from * md->X->tda;
	b->tda = md->X->tda;
	b->y = md->y->data + from * md->y->stride;
	b->ystride = md->y->stride;
}

void ols_data_matrix(struct ols_matrix_data *md, const gsl_matrix *X, const gsl_vector *y)
{
	md->X = X;
	md->y = y;
	md->data = (struct ols_data){X->size1, X->size2, matrix_rows, md};
}

/* Reads an ols_data block by block into its buffers. */
struct reader {
	const struct ols_data *d;
	double *xbuf, *ybuf;
};

/* Rows [from, from + count) into b; returns count. */
static size_t read_block(const struct reader *rd, size_t from, struct ols_block *b)
{
	size_t count = rd->d->n - from < OLS_BLOCK_ROWS ? rd->d->n - from : OLS_BLOCK_ROWS;

	rd->d->rows(rd->d->ctx, from, count, rd->xbuf, rd->ybuf, b);
	return count;
}

/* A sum was not finite (of column `col`, k = y): find the first value that is not, or report the
 * column as too large when every value is finite. */
static int not_finite(struct ols_fit *f, const struct reader *rd, size_t col)
{
	for (size_t from = 0; from < f->n; from += OLS_BLOCK_ROWS) {
		struct ols_block b;
		size_t count = read_block(rd, from, &b);
		for (size_t r = 0; r < count; r++) {
			const double *row = b.x + r * b.tda;
			for (size_t j = 0; j < f->k; j++)
				if (!isfinite(row[j])) {
					f->bad_row = from + r;
					return fail(f, OLS_NOT_FINITE, j, GSL_EDOM);
				}
			if (!isfinite(b.y[r * b.ystride])) {
				f->bad_row = from + r;
				return fail(f, OLS_NOT_FINITE, f->k, GSL_EDOM);
			}
		}
	}
	f->bad_row = 0;
	return fail(f, OLS_OVERFLOW, col, GSL_EDOM); /* finite values whose sum overflows */
}

/* Pass 1: provisional means, and a check that every value is finite. */
static int provisional_means(struct ols_fit *f, const struct reader *rd, double *m0, double *m0y)
{
	size_t n = f->n, k = f->k;
	double sy = 0;

	for (size_t j = 0; j < k; j++)
		m0[j] = 0;
	for (size_t from = 0; from < n; from += OLS_BLOCK_ROWS) {
		struct ols_block b;
		size_t count = read_block(rd, from, &b);
		for (size_t r = 0; r < count; r++) {
			const double *row = b.x + r * b.tda;
			double yi = b.y[r * b.ystride];
			sy += yi;
			for (size_t j = 0; j < k; j++)
				m0[j] += row[j];
		}
	}
	if (!isfinite(sy))
		return not_finite(f, rd, k);
	for (size_t j = 0; j < k; j++) {
		if (!isfinite(m0[j]))
			return not_finite(f, rd, j);
		m0[j] /= (double)n;
	}
	*m0y = sy / (double)n;
	return GSL_SUCCESS;
}

/* Pass 2: cross-products about the provisional means, then corrected to the exact means:
 * sum (x - m)(x - m)' = sum (x - m0)(x - m0)' - n d d' with d = mean(x - m0). Leaves the centred
 * cross-products of the predictors in R, with y in g, and returns sum (y - ybar)^2. */
static double centred_crossproducts(struct ols_fit *f, const struct reader *rd, const double *m0, double m0y,
				    double *dsum)
{
	size_t n = f->n, k = f->k, tda = f->R->tda;
	double *d = f->work->data, *R = f->R->data, *g = f->work2->data, syy = 0, sdy = 0, nn = (double)n;

	gsl_matrix_set_zero(f->R);
	for (size_t j = 0; j < k; j++)
		dsum[j] = g[j] = 0;
	for (size_t from = 0; from < n; from += OLS_BLOCK_ROWS) {
		struct ols_block blk;
		size_t count = read_block(rd, from, &blk);
		for (size_t r = 0; r < count; r++) {
			const double *row = blk.x + r * blk.tda;
			double dy = blk.y[r * blk.ystride] - m0y;
			for (size_t j = 0; j < k; j++)
				d[j] = row[j] - m0[j];
			for (size_t a = 0; a < k; a++) {
				double *Ra = R + a * tda, da = d[a];
				for (size_t b = a; b < k; b++)
					Ra[b] += da * d[b];
				g[a] += da * dy;
				dsum[a] += da;
			}
			syy += dy * dy;
			sdy += dy;
		}
	}
	for (size_t a = 0; a < k; a++) {
		double da = dsum[a] / nn;
		for (size_t b = a; b < k; b++) {
			double v = R[a * tda + b] - nn * da * (dsum[b] / nn);
			R[a * tda + b] = v;
			R[b * tda + a] = v;
		}
		gsl_vector_set(f->g, a, g[a] - nn * da * (sdy / nn));
		gsl_vector_set(f->mean, a, m0[a] + da);
	}
	f->mean_y = m0y + sdy / nn;
	return syy - nn * (sdy / nn) * (sdy / nn);
}

/* Which earlier columns make column j a linear combination: solve L11 L11' w = R[0..j, j]. */
static void name_combination(struct ols_fit *f, size_t j)
{
	double *w = f->work->data, big = 0;

	for (size_t i = 0; i < j; i++) {
		double s = gsl_matrix_get(f->R, i, j);
		for (size_t m = 0; m < i; m++)
			s -= gsl_matrix_get(f->L, i, m) * w[m];
		w[i] = s / gsl_matrix_get(f->L, i, i);
	}
	for (size_t i = j; i-- > 0;) {
		double s = w[i];
		for (size_t m = i + 1; m < j; m++)
			s -= gsl_matrix_get(f->L, m, i) * w[m];
		w[i] = s / gsl_matrix_get(f->L, i, i);
	}
	for (size_t i = 0; i < j; i++)
		big = fmax(big, fabs(w[i]));
	f->n_combo = 0;
	for (size_t i = 0; i < j; i++)
		if (big > 0 && fabs(w[i]) > OLS_COMBINATION_TOLERANCE * big)
			f->combo[f->n_combo++] = i;
}

/* Cholesky of the correlation matrix R in column order; the pivot of column j is its tolerance
 * given the columns before it. L (lower) and its transpose (upper) end up in f->L. */
static int ordered_cholesky(struct ols_fit *f, double tol)
{
	size_t k = f->k;

	for (size_t j = 0; j < k; j++) {
		double piv;
		for (size_t i = 0; i < j; i++) {
			double s = gsl_matrix_get(f->R, j, i);
			for (size_t m = 0; m < i; m++)
				s -= gsl_matrix_get(f->L, j, m) * gsl_matrix_get(f->L, i, m);
			gsl_matrix_set(f->L, j, i, s / gsl_matrix_get(f->L, i, i));
		}
		piv = gsl_matrix_get(f->R, j, j);
		for (size_t m = 0; m < j; m++)
			piv -= gsl_matrix_get(f->L, j, m) * gsl_matrix_get(f->L, j, m);
		if (!(piv >= tol)) {
			name_combination(f, j);
			return fail(f, OLS_COLLINEAR, j, GSL_ESING);
		}
		gsl_matrix_set(f->L, j, j, sqrt(piv));
	}
	for (size_t i = 0; i < k; i++)
		for (size_t j = i + 1; j < k; j++)
			gsl_matrix_set(f->L, i, j, gsl_matrix_get(f->L, j, i));
	return GSL_SUCCESS;
}

/* Residual of a row with slopes b (k values) about the means m. */
static double residual(const double *row, double yc, const double *m, const double *b, size_t k)
{
	double e = yc;

	for (size_t j = 0; j < k; j++)
		e -= (row[j] - m[j]) * b[j];
	return e;
}

static void slopes_from_scaled(struct ols_fit *f)
{
	for (size_t j = 0; j < f->k; j++)
		gsl_vector_set(f->b, j + 1, gsl_vector_get(f->bs, j) / gsl_vector_get(f->scale, j));
}

/* One step of iterative refinement: r = D^-1 Xc' e, bs += R^-1 r. */
static int refine(struct ols_fit *f, const struct reader *rd)
{
	size_t k = f->k;
	double *m = f->mean->data, *b = f->b->data + 1, *r = f->work2->data, my = f->mean_y;
	gsl_vector_view rv = gsl_vector_subvector(f->work2, 0, k);
	int status;

	for (size_t j = 0; j < k; j++)
		r[j] = 0;
	for (size_t from = 0; from < f->n; from += OLS_BLOCK_ROWS) {
		struct ols_block blk;
		size_t count = read_block(rd, from, &blk);
		for (size_t q = 0; q < count; q++) {
			const double *row = blk.x + q * blk.tda;
			double e = residual(row, blk.y[q * blk.ystride] - my, m, b, k);
			for (size_t j = 0; j < k; j++)
				r[j] += (row[j] - m[j]) * e;
		}
	}
	for (size_t j = 0; j < k; j++)
		r[j] /= f->scale->data[j];
	status = gsl_linalg_cholesky_svx(f->L, &rv.vector);
	if (status)
		return status;
	gsl_vector_add(f->bs, &rv.vector);
	slopes_from_scaled(f);
	return GSL_SUCCESS;
}

/* Final pass: residuals, leverages h_i = 1/n + |L^-1 z_i|^2 (z_i the centred, scaled row), SSE,
 * and for an HC estimator the meat sum omega_i (1, z_i)(1, z_i)' in f->M. Leverages are computed
 * when kept or needed by the estimator; residuals and leverages are stored only when kept. */
static int residual_pass(struct ols_fit *f, const struct reader *rd, enum ols_cov_type cov, int keep)
{
	size_t n = f->n, k = f->k, p = f->p, tl = f->L->tda, tm = f->M->tda;
	double *z = f->work->data, *v = f->work2->data, *m = f->mean->data, *b = f->b->data + 1;
	double *sc = f->scale->data, *L = f->L->data, *M = f->M->data, sse = 0, nn = (double)n, my = f->mean_y;
	int lev = keep || cov >= OLS_HC2;
	struct ols_block blk = {0};
	size_t count = 0, from = 0;

	if (cov != OLS_CLASSICAL)
		gsl_matrix_set_zero(f->M);
	z[0] = 1;
	for (size_t i = 0; i < n; i++) {
		if (i == from + count) {
			from = i;
			count = read_block(rd, from, &blk);
		}
		const double *row = blk.x + (i - from) * blk.tda;
		double e = residual(row, blk.y[(i - from) * blk.ystride] - my, m, b, k), h = 0, omega;
		sse += e * e;
		if (lev || cov != OLS_CLASSICAL)
			for (size_t j = 0; j < k; j++)
				z[j + 1] = (row[j] - m[j]) / sc[j];
		if (lev) {
			/* forward substitution L v = z */
			for (size_t j = 0; j < k; j++) {
				double s = z[j + 1];
				const double *Lj = L + j * tl;
				for (size_t q = 0; q < j; q++)
					s -= Lj[q] * v[q];
				s /= Lj[j];
				v[j] = s;
				h += s * s;
			}
			h += 1 / nn;
		}
		if (keep) {
			f->resid->data[i * f->resid->stride] = e;
			f->leverage->data[i * f->leverage->stride] = h;
		}
		if (cov == OLS_CLASSICAL)
			continue;
		if (robust_omega(cov, e, h, n, p, &omega)) {
			f->bad_row = i;
			return fail(f, OLS_LEVERAGE_ONE, k, GSL_EDOM);
		}
		for (size_t a = 0; a < p; a++) {
			double *Ma = M + a * tm, wa = omega * z[a];
			for (size_t c = a; c < p; c++)
				Ma[c] += wa * z[c];
		}
	}
	f->sse = sse;
	f->has_residuals = keep;
	return GSL_SUCCESS;
}

/* Covariance in the original coefficients from the covariance Vs of (intercept of the centred
 * model, scaled slopes): b = T bs with T = [1, -m'D^-1; 0, D^-1]. A is p x p scratch. */
static void unscale_cov(struct ols_fit *f, const gsl_matrix *Vs, gsl_matrix *V, gsl_matrix *A)
{
	size_t p = f->p;
	double *t = f->work->data; /* row 0 of T */

	t[0] = 1;
	for (size_t j = 1; j < p; j++)
		t[j] = -gsl_vector_get(f->mean, j - 1) / gsl_vector_get(f->scale, j - 1);
	/* A = T Vs (rows of T: row 0 = t, row j = e_j / d_j) */
	for (size_t c = 0; c < p; c++) {
		double s = 0;
		for (size_t j = 0; j < p; j++)
			s += t[j] * gsl_matrix_get(Vs, j, c);
		gsl_matrix_set(A, 0, c, s);
		for (size_t j = 1; j < p; j++)
			gsl_matrix_set(A, j, c, gsl_matrix_get(Vs, j, c) / gsl_vector_get(f->scale, j - 1));
	}
	/* V = A T' */
	for (size_t r = 0; r < p; r++) {
		double s = 0;
		for (size_t j = 0; j < p; j++)
			s += gsl_matrix_get(A, r, j) * t[j];
		gsl_matrix_set(V, r, 0, s);
		for (size_t j = 1; j < p; j++)
			gsl_matrix_set(V, r, j, gsl_matrix_get(A, r, j) / gsl_vector_get(f->scale, j - 1));
	}
	for (size_t r = 0; r < p; r++)
		for (size_t c = r + 1; c < p; c++) {
			double v = 0.5 * (gsl_matrix_get(V, r, c) + gsl_matrix_get(V, c, r));
			gsl_matrix_set(V, r, c, v);
			gsl_matrix_set(V, c, r, v);
		}
}

/* Covariances: classical s^2 diag(1/n, R^-1); HC: G^-1 M G^-1 with G = diag(n, R). */
static int covariances(struct ols_fit *f, enum ols_cov_type cov)
{
	size_t p = f->p, k = f->k;
	double s2 = f->sse / f->df2, nn = (double)f->n;
	gsl_matrix *Vs = gsl_matrix_alloc(p, p), *G = gsl_matrix_calloc(p, p), *W = gsl_matrix_alloc(p, p);
	int status = GSL_ENOMEM;

	if (!Vs || !G || !W)
		goto done;
	gsl_matrix_set_zero(Vs);
	gsl_matrix_set(Vs, 0, 0, s2 / nn);
	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b < k; b++)
			gsl_matrix_set(Vs, a + 1, b + 1, s2 * gsl_matrix_get(f->Rinv, a, b));
	unscale_cov(f, Vs, f->cov_classical, W);
	if (cov == OLS_CLASSICAL) {
		gsl_matrix_memcpy(f->cov, f->cov_classical);
		status = GSL_SUCCESS;
		goto done;
	}
	gsl_matrix_set(G, 0, 0, 1 / nn);
	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b < k; b++)
			gsl_matrix_set(G, a + 1, b + 1, gsl_matrix_get(f->Rinv, a, b));
	for (size_t a = 0; a < p; a++)
		for (size_t b = 0; b < a; b++)
			gsl_matrix_set(f->M, a, b, gsl_matrix_get(f->M, b, a));
	status = robust_sandwich(G, f->M, Vs, W);
	if (!status)
		unscale_cov(f, Vs, f->cov, W);
done:
	gsl_matrix_free(Vs);
	gsl_matrix_free(G);
	gsl_matrix_free(W);
	return status;
}

/* Condition number of R from its eigenvalues (2-norm). */
static int condition_number(struct ols_fit *f)
{
	size_t k = f->k;
	gsl_matrix_view A = gsl_matrix_submatrix(f->M, 0, 0, k, k);
	gsl_vector_view ev = gsl_vector_subvector(f->work2, 0, k);
	gsl_eigen_symm_workspace *w = gsl_eigen_symm_alloc(k);
	double lo = INFINITY, hi = 0;
	int status;

	if (!w)
		return GSL_ENOMEM;
	gsl_matrix_memcpy(&A.matrix, f->R);
	status = gsl_eigen_symm(&A.matrix, &ev.vector, w);
	gsl_eigen_symm_free(w);
	if (status)
		return status;
	for (size_t j = 0; j < k; j++) {
		lo = fmin(lo, gsl_vector_get(&ev.vector, j));
		hi = fmax(hi, gsl_vector_get(&ev.vector, j));
	}
	f->condition = lo > 0 ? hi / lo : INFINITY;
	return GSL_SUCCESS;
}

static int model_statistics(struct ols_fit *f)
{
	size_t p = f->p, k = f->k;
	double nn = (double)f->n;
	int status;

	f->df1 = (double)k;
	f->df2 = nn - (double)p;
	f->sigma = sqrt(f->sse / f->df2);
	f->r2 = 1 - f->sse / f->sst;
	f->adj_r2 = 1 - (1 - f->r2) * (nn - 1) / f->df2;
	f->sd_y = sqrt(f->sst / (nn - 1));
	f->t_crit = dist_t_Qinv((1 - f->ci) / 2, f->df2);
	for (size_t j = 0; j < p; j++) {
		struct lincom lc;
		lincom_from(gsl_vector_get(f->b, j), gsl_matrix_get(f->cov, j, j), f->df2, f->t_crit, &lc);
		gsl_vector_set(f->se, j, lc.se);
		gsl_vector_set(f->t, j, lc.t);
		gsl_vector_set(f->p_value, j, lc.p);
		gsl_vector_set(f->llci, j, lc.llci);
		gsl_vector_set(f->ulci, j, lc.ulci);
		gsl_vector_set(f->beta, j, j ? lc.est * gsl_vector_get(f->sd, j - 1) / f->sd_y : NAN);
	}
	for (size_t j = 0; j < k; j++) {
		gsl_vector_set(f->vif, j, gsl_matrix_get(f->Rinv, j, j));
		gsl_vector_set(f->tolerance, j, 1 / gsl_matrix_get(f->Rinv, j, j));
	}
	if (f->cov_type == OLS_CLASSICAL) {
		f->F = ((f->sst - f->sse) / (double)k) / (f->sigma * f->sigma);
		f->p_F = dist_f_Q(f->F, f->df1, f->df2);
		return GSL_SUCCESS;
	}
	size_t *idx = malloc(k * sizeof *idx);
	struct wald w;
	if (!idx)
		return GSL_ENOMEM;
	for (size_t j = 0; j < k; j++)
		idx[j] = j + 1;
	status = ols_wald_terms(f, idx, k, f->cov, &w);
	free(idx);
	if (status)
		return status;
	f->F = w.F;
	f->p_F = w.p;
	return GSL_SUCCESS;
}

int ols_fit_run(struct ols_fit *f, const gsl_matrix *X, const gsl_vector *y, const struct ols_options *o)
{
	struct ols_matrix_data md;

	if (y->size != X->size1)
		return GSL_EBADLEN;
	ols_data_matrix(&md, X, y);
	return ols_fit_run_data(f, &md.data, o);
}

int ols_fit_run_data(struct ols_fit *f, const struct ols_data *d, const struct ols_options *o)
{
	size_t n = f->n, k = f->k, rows = n < OLS_BLOCK_ROWS ? n : OLS_BLOCK_ROWS;
	double *m0, m0y = 0, *dsum, syy, nn = (double)n;
	struct reader rd = {d, NULL, NULL};
	int status;

	f->problem = OLS_OK;
	f->n_combo = 0;
	f->ci = o->ci;
	f->cov_type = o->cov;
	if (d->n != n || d->k != k)
		return GSL_EBADLEN;
	if (o->cov < OLS_CLASSICAL || o->cov > OLS_HC4 || !(o->ci > 0 && o->ci < 1))
		return GSL_EINVAL;
	if (k == 0)
		return fail(f, OLS_NO_PREDICTORS, 0, GSL_EDOM);
	if (n < k + 2)
		return fail(f, OLS_TOO_FEW_CASES, 0, GSL_EDOM);
	m0 = malloc((2 * k + rows * (k + 1)) * sizeof *m0);
	if (!m0)
		return GSL_ENOMEM;
	dsum = m0 + k;
	rd.xbuf = dsum + k;
	rd.ybuf = rd.xbuf + rows * k;
	status = provisional_means(f, &rd, m0, &m0y);
	if (status)
		goto done;
	syy = centred_crossproducts(f, &rd, m0, m0y, dsum);
	f->sst = syy;
	/* squares beyond the double range (|R_ab| <= sqrt(R_aa R_bb), so the diagonal tells) */
	if (!isfinite(syy)) {
		status = fail(f, OLS_OVERFLOW, k, GSL_EDOM);
		goto done;
	}
	for (size_t j = 0; j < k; j++)
		if (!isfinite(gsl_matrix_get(f->R, j, j)) || !isfinite(gsl_vector_get(f->g, j))) {
			status = fail(f, OLS_OVERFLOW, j, GSL_EDOM);
			goto done;
		}
	for (size_t j = 0; j < k; j++) {
		double ss = gsl_matrix_get(f->R, j, j), sd = sqrt(fmax(ss, 0) / (nn - 1));
		if (!(sd > 0) || sd <= OLS_CONSTANT_TOLERANCE * fabs(gsl_vector_get(f->mean, j))) {
			status = fail(f, OLS_CONSTANT_X, j, GSL_EDOM);
			goto done;
		}
		gsl_vector_set(f->scale, j, sqrt(ss));
		gsl_vector_set(f->sd, j, sd);
	}
	if (!(syy > 0) || sqrt(syy / (nn - 1)) <= OLS_CONSTANT_TOLERANCE * fabs(f->mean_y)) {
		status = fail(f, OLS_CONSTANT_Y, k, GSL_EDOM);
		goto done;
	}
	for (size_t a = 0; a < k; a++) {
		double da = gsl_vector_get(f->scale, a);
		for (size_t b = 0; b < k; b++)
			gsl_matrix_set(f->R, a, b, gsl_matrix_get(f->R, a, b) / (da * gsl_vector_get(f->scale, b)));
		gsl_matrix_set(f->R, a, a, 1.0);
		gsl_vector_set(f->g, a, gsl_vector_get(f->g, a) / da);
	}
	status = ordered_cholesky(f, o->tolerance);
	if (status)
		goto done;
	gsl_vector_memcpy(f->bs, f->g);
	status = gsl_linalg_cholesky_svx(f->L, f->bs);
	if (status)
		goto done;
	slopes_from_scaled(f);
	status = refine(f, &rd);
	if (status)
		goto done;
	gsl_matrix_memcpy(f->Rinv, f->L);
	status = gsl_linalg_cholesky_invert(f->Rinv);
	if (status)
		goto done;
	status = residual_pass(f, &rd, o->cov, o->residuals);
	if (status)
		goto done;
	/* intercept */
	{
		double b0 = f->mean_y;
		for (size_t j = 0; j < k; j++)
			b0 -= gsl_vector_get(f->mean, j) * gsl_vector_get(f->b, j + 1);
		gsl_vector_set(f->b, 0, b0);
	}
	f->df2 = nn - (double)f->p;
	status = covariances(f, o->cov);
	if (status)
		goto done;
	status = condition_number(f);
	if (status)
		goto done;
	status = model_statistics(f);
done:
	free(m0);
	return status;
}

int ols_solve_scaled(const struct ols_fit *f, gsl_vector *v)
{
	if (v->size != f->k)
		return GSL_EBADLEN;
	return gsl_linalg_cholesky_svx(f->L, v);
}
