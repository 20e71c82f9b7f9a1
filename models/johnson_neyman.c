#include "models/johnson_neyman.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "models/roots.h"

size_t jn_roots(const struct jn_linear *f, double t_crit, double roots[2])
{
	double t2 = t_crit * t_crit;
	double A = t2 * f->sbb - f->b * f->b, B = 2 * (t2 * f->sab - f->a * f->b), C = t2 * f->saa - f->a * f->a;
	double disc, q;

	if (A == 0) {
		if (B == 0)
			return 0;
		roots[0] = -C / B;
		return 1;
	}
	disc = B * B - 4 * A * C;
	if (disc < 0)
		return 0;
	/* q form avoids cancellation between -B and sqrt(disc) (Press et al. 2007, sec. 5.6) */
	q = -0.5 * (B + copysign(sqrt(disc), B));
	if (q == 0) {
		roots[0] = 0;
		return 1;
	}
	roots[0] = q / A;
	roots[1] = C / q;
	if (roots[0] > roots[1]) {
		double t = roots[0];
		roots[0] = roots[1];
		roots[1] = t;
	}
	if (disc == 0)
		return 1;
	return 2;
}

size_t jn_points(const struct jn_linear *f, double t_crit, double lo, double hi, double out[2])
{
	double r[2];
	size_t n = jn_roots(f, t_crit, r), m = 0;

	for (size_t i = 0; i < n; i++)
		if (r[i] >= lo && r[i] <= hi)
			out[m++] = r[i];
	return m;
}

void jn_shares(const double *sorted, size_t n, double w, double *below, double *above)
{
	size_t lo = 0, hi = 0;

	for (size_t i = 0; i < n; i++) {
		lo += sorted[i] < w;
		hi += sorted[i] > w;
	}
	*below = n ? 100.0 * (double)lo / (double)n : NAN;
	*above = n ? 100.0 * (double)hi / (double)n : NAN;
}

size_t jn_grid(double lo, double hi, const double *points, size_t np, double *out)
{
	size_t m = 0, j = 0;

	for (size_t i = 0; i <= JN_INTERVALS; i++) {
		double w = i == JN_INTERVALS ? hi : lo + (double)i * (hi - lo) / JN_INTERVALS;
		while (j < np && points[j] < w)
			out[m++] = points[j++];
		if (j < np && points[j] == w)
			j++;
		out[m++] = w;
	}
	while (j < np)
		out[m++] = points[j++];
	return m;
}

void jn_band(const struct jn_linear *f, double df, double t_crit, const double *w, size_t n, struct lincom *out)
{
	for (size_t i = 0; i < n; i++)
		lincom_from(f->a + f->b * w[i], f->saa + 2 * w[i] * f->sab + w[i] * w[i] * f->sbb, df, t_crit, &out[i]);
}

size_t jn_regions(const struct jn_linear *f, double t_crit, double lo, double hi, struct jn_region out[3])
{
	double cut[4], roots[2];
	size_t nc = 0, nr = jn_points(f, t_crit, lo, hi, roots), n = 0;

	cut[nc++] = lo;
	for (size_t i = 0; i < nr; i++)
		if (roots[i] > cut[nc - 1] && roots[i] < hi)
			cut[nc++] = roots[i];
	cut[nc++] = hi;
	for (size_t i = 0; i + 1 < nc; i++) {
		double m = (cut[i] + cut[i + 1]) / 2, theta = f->a + f->b * m,
		       var = f->saa + 2 * f->sab * m + f->sbb * m * m;
		out[n++] = (struct jn_region){cut[i], cut[i + 1], var >= 0 && theta * theta >= t_crit * t_crit * var};
	}
	return n;
}

int jn_omnibus_f(const gsl_vector *a, const gsl_vector *b, const gsl_matrix *V, double df2, double w,
		 struct wald *out)
{
	size_t q = a->size;
	gsl_vector *theta = gsl_vector_alloc(q);
	gsl_matrix *S = gsl_matrix_alloc(q, q);
	int status = GSL_ENOMEM;

	if (theta && S) {
		for (size_t i = 0; i < q; i++) {
			gsl_vector_set(theta, i, gsl_vector_get(a, i) + w * gsl_vector_get(b, i));
			for (size_t j = 0; j < q; j++)
				gsl_matrix_set(S, i, j,
					       gsl_matrix_get(V, i, j) +
						       w * (gsl_matrix_get(V, i, q + j) + gsl_matrix_get(V, q + i, j)) +
						       w * w * gsl_matrix_get(V, q + i, q + j));
		}
		status = wald_quadratic(theta, S, df2, out);
	}
	gsl_vector_free(theta);
	gsl_matrix_free(S);
	return status;
}

struct omni_arg {
	const gsl_vector *a, *b;
	const gsl_matrix *V;
	double df2, f_crit;
	int status;
};

static double omni_excess(double w, void *p)
{
	struct omni_arg *o = p;
	struct wald wd;
	int status = jn_omnibus_f(o->a, o->b, o->V, o->df2, w, &wd);

	if (status) {
		o->status = status;
		return NAN;
	}
	return wd.F - o->f_crit;
}

static int refine_root(struct omni_arg *arg, double x0, double x1, double *root)
{
	gsl_function fn = {omni_excess, arg};

	return root_brent(&fn, x0, x1, JN_ROOT_TOLERANCE * fabs(x1 - x0), 0, JN_MAX_ITER, &arg->status, root);
}

int jn_omnibus_points(const gsl_vector *a, const gsl_vector *b, const gsl_matrix *V, double df2, double f_crit,
		      double lo, double hi, double *out, size_t max, size_t *n)
{
	struct omni_arg arg = {a, b, V, df2, f_crit, GSL_SUCCESS};
	double prev_w = lo, prev = omni_excess(lo, &arg);

	*n = 0;
	if (arg.status)
		return arg.status;
	if (prev == 0 && *n < max)
		out[(*n)++] = lo;
	for (size_t i = 1; i <= JN_SCAN_STEPS; i++) {
		double w = i == JN_SCAN_STEPS ? hi : lo + (double)i * (hi - lo) / JN_SCAN_STEPS;
		double cur = omni_excess(w, &arg);
		if (arg.status)
			return arg.status;
		if (cur == 0) {
			if (*n < max)
				out[(*n)++] = w;
		} else if (prev != 0 && (cur < 0) != (prev < 0)) {
			double root;
			int status = refine_root(&arg, prev_w, w, &root);
			if (status)
				return status;
			if (*n < max)
				out[(*n)++] = root;
		}
		prev = cur;
		prev_w = w;
	}
	return GSL_SUCCESS;
}
