#include "models/oneway.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "models/descriptives.h"
#include "models/distributions.h"

struct grouped *grouped_alloc(const double *y, const int *group, size_t rows, size_t k)
{
	struct grouped *g = calloc(1, sizeof *g);
	size_t *fill = NULL;

	if (!g)
		return NULL;
	g->k = k;
	g->start = calloc(k ? k : 1, sizeof *g->start);
	g->count = calloc(k ? k : 1, sizeof *g->count);
	fill = calloc(k ? k : 1, sizeof *fill);
	if (!g->start || !g->count || !fill)
		goto fail;
	for (size_t r = 0; r < rows; r++)
		if (group[r] >= 0 && (size_t)group[r] < k && !isnan(y[r]))
			g->count[group[r]]++;
	for (size_t i = 0; i < k; i++) {
		g->start[i] = g->n;
		g->n += g->count[i];
	}
	g->y = malloc((g->n ? g->n : 1) * sizeof *g->y);
	if (!g->y)
		goto fail;
	for (size_t r = 0; r < rows; r++)
		if (group[r] >= 0 && (size_t)group[r] < k && !isnan(y[r])) {
			size_t i = (size_t)group[r];
			g->y[g->start[i] + fill[i]++] = y[r];
		}
	free(fill);
	return g;
fail:
	free(fill);
	grouped_free(g);
	return NULL;
}

void grouped_free(struct grouped *g)
{
	if (!g)
		return;
	free(g->y);
	free(g->start);
	free(g->count);
	free(g);
}

/* Mean by a first pass corrected by the mean residual of a second (the rounding of the first),
 * and the sum of squared deviations about it; a constant sample has exactly its value and 0. */
static void mean_ss(const double *x, size_t n, double *mean, double *ss)
{
	double sum = 0, corr = 0, m, d2 = 0;
	int constant = 1;

	for (size_t i = 0; i < n; i++) {
		sum += x[i];
		constant &= x[i] == x[0];
	}
	if (constant) { /* exactly: a mean of equal values can round away from them */
		*mean = x[0];
		*ss = 0;
		return;
	}
	m = sum / (double)n;
	for (size_t i = 0; i < n; i++)
		corr += x[i] - m;
	m += corr / (double)n;
	for (size_t i = 0; i < n; i++)
		d2 += (x[i] - m) * (x[i] - m);
	*mean = m;
	*ss = d2;
}

void group_summary_from_moments(size_t n, double mean, double ss, double level, struct group_summary *s)
{
	double t;

	*s = (struct group_summary){.n = n, .mean = n ? mean : NAN, .median = NAN, .var = NAN, .sd = NAN,
				    .se = NAN, .llci = NAN, .ulci = NAN};
	if (n < 2)
		return;
	s->var = ss / (double)(n - 1);
	s->sd = sqrt(s->var);
	s->se = s->sd / sqrt((double)n);
	t = dist_t_Pinv(0.5 + 0.5 * level, (double)(n - 1));
	s->llci = s->mean - t * s->se;
	s->ulci = s->mean + t * s->se;
}

int oneway_summaries(const struct grouped *g, double level, struct group_summary *out)
{
	size_t most = 0;
	double *work;

	for (size_t i = 0; i < g->k; i++)
		most = g->count[i] > most ? g->count[i] : most;
	work = malloc((most ? most : 1) * sizeof *work);
	if (!work)
		return GSL_ENOMEM;
	for (size_t i = 0; i < g->k; i++) {
		const double *x = g->y + g->start[i];
		size_t n = g->count[i];
		double mean = NAN, ss = NAN;

		if (n > 0)
			mean_ss(x, n, &mean, &ss);
		group_summary_from_moments(n, mean, ss, level, &out[i]);
		if (n > 0)
			out[i].median = median_exact(x, n, work);
	}
	free(work);
	return GSL_SUCCESS;
}

int oneway_anova(const struct group_summary *s, size_t k, struct oneway_anova *a)
{
	double n = 0, sum = 0, grand, ssb = 0, ssw = 0;

	for (size_t i = 0; i < k; i++) {
		if (s[i].n == 0)
			return GSL_EDOM;
		n += (double)s[i].n;
		sum += (double)s[i].n * s[i].mean;
	}
	if (k < 2 || n <= (double)k)
		return GSL_EDOM;
	grand = sum / n;
	for (size_t i = 0; i < k; i++) {
		double d = s[i].mean - grand;
		ssb += (double)s[i].n * d * d;
		if (s[i].n >= 2)
			ssw += (double)(s[i].n - 1) * s[i].var;
	}
	if (!(ssw > 0))
		return GSL_EZERODIV;
	a->ss_between = ssb;
	a->ss_within = ssw;
	a->ss_total = ssb + ssw;
	a->df1 = (double)k - 1;
	a->df2 = n - (double)k;
	a->ms_between = ssb / a->df1;
	a->ms_within = ssw / a->df2;
	a->F = a->ms_between / a->ms_within;
	a->p = dist_f_Q(a->F, a->df1, a->df2);
	a->eta2 = ssb / a->ss_total;
	a->omega2 = (ssb - a->df1 * a->ms_within) / (a->ss_total + a->ms_within);
	return GSL_SUCCESS;
}

static int need_two(const struct group_summary *s, size_t k, size_t *bad_group)
{
	if (k < 2)
		return GSL_EDOM;
	for (size_t i = 0; i < k; i++)
		if (s[i].n < 2) {
			if (bad_group)
				*bad_group = i;
			return GSL_EDOM;
		}
	return GSL_SUCCESS;
}

int oneway_welch(const struct group_summary *s, size_t k, struct ftest *t, size_t *bad_group)
{
	double W = 0, mw = 0, A = 0, L = 0, kk = (double)k;
	int st = need_two(s, k, bad_group);

	if (st != GSL_SUCCESS)
		return st;
	for (size_t i = 0; i < k; i++)
		if (!(s[i].var > 0)) {
			if (bad_group)
				*bad_group = i;
			return GSL_EZERODIV;
		}
	for (size_t i = 0; i < k; i++) {
		double w = (double)s[i].n / s[i].var;
		W += w;
		mw += w * s[i].mean;
	}
	mw /= W;
	for (size_t i = 0; i < k; i++) {
		double w = (double)s[i].n / s[i].var, d = s[i].mean - mw, h = 1 - w / W;
		A += w * d * d;
		L += h * h / (double)(s[i].n - 1);
	}
	A /= kk - 1;
	t->df1 = kk - 1;
	t->df2 = (kk * kk - 1) / (3 * L);
	t->F = A / (1 + 2 * (kk - 2) * L / (kk * kk - 1));
	t->p = dist_f_Q(t->F, t->df1, t->df2);
	return GSL_SUCCESS;
}

int oneway_welch_se(const struct group_summary *s, size_t k, const double *w, double *se, double *df,
		    size_t *bad_group)
{
	double v = 0, den = 0;

	for (size_t i = 0; i < k; i++) {
		double vi;
		if (w[i] == 0)
			continue;
		if (s[i].n < 2) {
			if (bad_group)
				*bad_group = i;
			return GSL_EDOM;
		}
		vi = w[i] * w[i] * s[i].var / (double)s[i].n;
		v += vi;
		den += vi * vi / (double)(s[i].n - 1);
	}
	if (!(v > 0))
		return GSL_EZERODIV;
	*se = sqrt(v);
	*df = v * v / den;
	return GSL_SUCCESS;
}

int oneway_welch_pair(const struct group_summary *a, const struct group_summary *b, double *se, double *df)
{
	const struct group_summary two[2] = {*a, *b};
	static const double w[2] = {1, -1};

	return oneway_welch_se(two, 2, w, se, df, NULL);
}

int oneway_brown_forsythe(const struct group_summary *s, size_t k, struct ftest *t, size_t *bad_group)
{
	double n = 0, sum = 0, grand, ssb = 0, den = 0, c2 = 0;
	int st = need_two(s, k, bad_group);

	if (st != GSL_SUCCESS)
		return st;
	for (size_t i = 0; i < k; i++) {
		n += (double)s[i].n;
		sum += (double)s[i].n * s[i].mean;
	}
	grand = sum / n;
	for (size_t i = 0; i < k; i++) {
		double d = s[i].mean - grand;
		ssb += (double)s[i].n * d * d;
		den += (1 - (double)s[i].n / n) * s[i].var;
	}
	if (!(den > 0))
		return GSL_EZERODIV;
	for (size_t i = 0; i < k; i++) {
		double c = (1 - (double)s[i].n / n) * s[i].var / den;
		c2 += c * c / (double)(s[i].n - 1);
	}
	t->F = ssb / den;
	t->df1 = (double)k - 1;
	t->df2 = 1 / c2;
	t->p = dist_f_Q(t->F, t->df1, t->df2);
	return GSL_SUCCESS;
}

int oneway_levene(const struct grouped *g, const struct group_summary *s, enum levene_center center,
		  struct ftest *t, size_t *bad_group)
{
	size_t k = g->k;
	double *zm = malloc((k ? k : 1) * sizeof *zm);
	double n = (double)g->n, zsum = 0, zgrand, ssb = 0, ssw = 0;
	int st = need_two(s, k, bad_group);

	if (!zm)
		return GSL_ENOMEM;
	if (st != GSL_SUCCESS || n <= (double)k) {
		free(zm);
		return st != GSL_SUCCESS ? st : GSL_EDOM;
	}
	/* z = |y - c_i|: mean of z per group, then its sum of squares about that mean */
	for (size_t i = 0; i < k; i++) {
		const double *x = g->y + g->start[i];
		double c = center == LEVENE_MEAN ? s[i].mean : s[i].median, sz = 0, corr = 0, m;
		size_t ni = g->count[i];

		for (size_t j = 0; j < ni; j++)
			sz += fabs(x[j] - c);
		m = sz / (double)ni;
		for (size_t j = 0; j < ni; j++)
			corr += fabs(x[j] - c) - m;
		m += corr / (double)ni;
		for (size_t j = 0; j < ni; j++) {
			double d = fabs(x[j] - c) - m;
			ssw += d * d;
		}
		zm[i] = m;
		zsum += (double)ni * m;
	}
	zgrand = zsum / n;
	for (size_t i = 0; i < k; i++)
		ssb += (double)g->count[i] * (zm[i] - zgrand) * (zm[i] - zgrand);
	free(zm);
	if (!(ssw > 0))
		return GSL_EZERODIV;
	t->df1 = (double)k - 1;
	t->df2 = n - (double)k;
	t->F = (ssb / t->df1) / (ssw / t->df2);
	t->p = dist_f_Q(t->F, t->df1, t->df2);
	return GSL_SUCCESS;
}
