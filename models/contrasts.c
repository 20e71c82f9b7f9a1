#include "models/contrasts.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "models/distributions.h"

static void set_bad(size_t *bad, size_t i)
{
	if (bad)
		*bad = i;
}

static double dot(const double *a, const double *b, size_t k)
{
	double s = 0;

	for (size_t i = 0; i < k; i++)
		s += a[i] * b[i];
	return s;
}

static double score(const double *scores, size_t i)
{
	return scores ? scores[i] : (double)(i + 1);
}

/* Orthonormal polynomials p_0..p_degree over the centred scores y, by the Stieltjes recurrence
 * with full reorthogonalisation (Gram-Schmidt twice against every earlier p). */
enum contrast_problem contrast_polynomial(size_t k, const double *scores, size_t degree, double *w, size_t *bad)
{
	double *p, *y, mean = 0, largest = 0;

	if (k < 2)
		return CONTRAST_TOO_FEW_LEVELS;
	if (degree == 0 || degree >= k)
		return CONTRAST_BAD_DEGREE;
	for (size_t i = 0; scores && i < k; i++) {
		int tied = 0;
		for (size_t j = 0; j < i; j++)
			tied |= scores[j] == scores[i];
		if (!isfinite(scores[i]) || tied) {
			set_bad(bad, i);
			return CONTRAST_BAD_SCORES;
		}
	}
	p = malloc((degree + 2) * k * sizeof *p); /* p_0..p_degree, then y */
	if (!p)
		return CONTRAST_NO_MEMORY;
	y = p + (degree + 1) * k;
	for (size_t i = 0; i < k; i++)
		mean += score(scores, i);
	mean /= (double)k;
	for (size_t i = 0; i < k; i++) {
		y[i] = score(scores, i) - mean;
		p[i] = 1 / sqrt((double)k);
	}
	for (size_t d = 1; d <= degree; d++) {
		double *pd = p + d * k, norm;
		for (size_t i = 0; i < k; i++)
			pd[i] = y[i] * p[(d - 1) * k + i];
		for (int pass = 0; pass < 2; pass++)
			for (size_t e = 0; e < d; e++) {
				double c = dot(pd, p + e * k, k);
				for (size_t i = 0; i < k; i++)
					pd[i] -= c * p[e * k + i];
			}
		norm = sqrt(dot(pd, pd, k));
		for (size_t i = 0; i < k; i++)
			pd[i] /= norm;
	}
	for (size_t i = 0; i < k; i++)
		largest = GSL_MAX(largest, fabs(p[degree * k + i]));
	for (size_t i = 0; i < k; i++)
		w[i] = fabs(p[degree * k + i]) < CONTRAST_ZERO_WEIGHT * largest ? 0 : p[degree * k + i];
	free(p);
	return CONTRAST_OK;
}

enum contrast_problem contrast_sequential(size_t k, double *w)
{
	if (k < 2)
		return CONTRAST_TOO_FEW_LEVELS;
	for (size_t j = 0; j + 1 < k; j++)
		for (size_t i = 0; i < k; i++)
			w[j * k + i] = i == j + 1 ? 1 : i == j ? -1 : 0;
	return CONTRAST_OK;
}

enum contrast_problem contrast_helmert(size_t k, double *w)
{
	if (k < 2)
		return CONTRAST_TOO_FEW_LEVELS;
	for (size_t j = 0; j + 1 < k; j++)
		for (size_t i = 0; i < k; i++)
			w[j * k + i] = i < j ? 0 : i == j ? 1 : -1 / (double)(k - 1 - j);
	return CONTRAST_OK;
}

enum contrast_problem contrast_difference(size_t k, double *w)
{
	if (k < 2)
		return CONTRAST_TOO_FEW_LEVELS;
	for (size_t j = 0; j + 1 < k; j++)
		for (size_t i = 0; i < k; i++)
			w[j * k + i] = i <= j ? -1 / (double)(j + 1) : i == j + 1 ? 1 : 0;
	return CONTRAST_OK;
}

enum contrast_problem contrast_check_custom(const double *w, size_t n, size_t k, size_t *bad)
{
	double sum = 0, abs_sum = 0;

	if (k < 2)
		return CONTRAST_TOO_FEW_LEVELS;
	if (n != k)
		return CONTRAST_WRONG_COUNT;
	for (size_t i = 0; i < k; i++) {
		if (!isfinite(w[i])) {
			set_bad(bad, i);
			return CONTRAST_NOT_FINITE;
		}
		sum += w[i];
		abs_sum += fabs(w[i]);
	}
	if (abs_sum == 0)
		return CONTRAST_ALL_ZERO;
	if (fabs(sum) > CONTRAST_SUM_TOLERANCE * abs_sum)
		return CONTRAST_NOT_ZERO_SUM;
	return CONTRAST_OK;
}

static enum contrast_problem refuse(struct contrast_test *out, enum contrast_problem why, size_t bad)
{
	*out = (struct contrast_test){.estimate = NAN, .se = NAN, .t = NAN, .df = NAN, .p = NAN, .llci = NAN,
				      .ulci = NAN, .ss = NAN, .share = NAN, .welch_se = NAN, .welch_t = NAN,
				      .welch_df = NAN, .welch_p = NAN, .welch_llci = NAN, .welch_ulci = NAN,
				      .problem = why, .welch_problem = why, .bad = bad, .welch_bad = bad};
	return why;
}

/* The Welch fields: se and Satterthwaite df from oneway_welch_se. */
static void welch(const struct group_summary *s, size_t k, const double *w, double level, struct contrast_test *out)
{
	double tc;
	int st = oneway_welch_se(s, k, w, &out->welch_se, &out->welch_df, &out->welch_bad);

	if (st != GSL_SUCCESS) {
		out->welch_problem = st == GSL_EDOM ? CONTRAST_SMALL_GROUP : CONTRAST_NO_VARIANCE;
		return;
	}
	out->welch_problem = CONTRAST_OK;
	out->welch_t = out->estimate / out->welch_se;
	out->welch_p = 2 * dist_t_Q(fabs(out->welch_t), out->welch_df);
	tc = dist_t_Pinv(0.5 + 0.5 * level, out->welch_df);
	out->welch_llci = out->estimate - tc * out->welch_se;
	out->welch_ulci = out->estimate + tc * out->welch_se;
}

enum contrast_problem contrast_test(const struct group_summary *s, size_t k, const double *w, double level,
				    struct contrast_test *out)
{
	double n = 0, sum = 0, grand, ssw = 0, ssb = 0, psi = 0, h = 0, mse, tc;

	if (k < 2)
		return refuse(out, CONTRAST_TOO_FEW_LEVELS, 0);
	for (size_t i = 0; i < k; i++) {
		if (s[i].n == 0)
			return refuse(out, CONTRAST_EMPTY_LEVEL, i);
		n += (double)s[i].n;
		sum += (double)s[i].n * s[i].mean;
		if (s[i].n >= 2)
			ssw += (double)(s[i].n - 1) * s[i].var;
		psi += w[i] * s[i].mean;
		h += w[i] * w[i] / (double)s[i].n;
	}
	if (!(h > 0))
		return refuse(out, CONTRAST_ALL_ZERO, 0);
	if (n <= (double)k)
		return refuse(out, CONTRAST_NO_ERROR_DF, 0);
	if (!(ssw > 0))
		return refuse(out, CONTRAST_NO_ERROR_VARIANCE, 0);
	grand = sum / n;
	for (size_t i = 0; i < k; i++)
		ssb += (double)s[i].n * (s[i].mean - grand) * (s[i].mean - grand);
	refuse(out, CONTRAST_OK, 0);
	out->estimate = psi;
	out->df = n - (double)k;
	mse = ssw / out->df;
	out->se = sqrt(mse * h);
	out->t = psi / out->se;
	out->p = 2 * dist_t_Q(fabs(out->t), out->df);
	tc = dist_t_Pinv(0.5 + 0.5 * level, out->df);
	out->llci = psi - tc * out->se;
	out->ulci = psi + tc * out->se;
	out->ss = psi * psi / h;
	out->share = ssb > 0 ? out->ss / ssb : NAN;
	welch(s, k, w, level, out);
	return CONTRAST_OK;
}
