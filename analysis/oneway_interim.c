#include "analysis/oneway_interim.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "models/descriptives.h"

void grouped_free(struct grouped *g)
{
	if (!g)
		return;
	free(g->y);
	free(g->start);
	free(g->count);
	free(g);
}

struct grouped *grouped_alloc(const double *y, const int *group, size_t rows, size_t k)
{
	struct grouped *g = calloc(1, sizeof *g);
	size_t *fill = calloc(k, sizeof *fill);

	if (!g || !fill || !(g->start = calloc(k, sizeof *g->start)) || !(g->count = calloc(k, sizeof *g->count))) {
		free(fill);
		grouped_free(g);
		return NULL;
	}
	g->k = k;
	for (size_t r = 0; r < rows; r++)
		if (group[r] >= 0 && (size_t)group[r] < k && !isnan(y[r]))
			g->count[group[r]]++, g->n++;
	g->y = malloc((g->n ? g->n : 1) * sizeof *g->y);
	if (!g->y) {
		free(fill);
		grouped_free(g);
		return NULL;
	}
	for (size_t i = 1; i < k; i++)
		g->start[i] = g->start[i - 1] + g->count[i - 1];
	for (size_t r = 0; r < rows; r++)
		if (group[r] >= 0 && (size_t)group[r] < k && !isnan(y[r]))
			g->y[g->start[group[r]] + fill[group[r]]++] = y[r];
	free(fill);
	return g;
}

int oneway_summaries(const struct grouped *g, double level, struct group_summary *out)
{
	for (size_t i = 0; i < g->k; i++) {
		struct moments m;
		struct group_summary *s = &out[i];
		moments_compute(g->y + g->start[i], 1, g->count[i], &m);
		s->n = m.n;
		s->mean = m.mean;
		s->var = m.var;
		s->sd = m.sd;
		s->se = m.n >= 2 ? m.sd / sqrt((double)m.n) : NAN;
		s->llci = s->ulci = NAN;
		if (m.n >= 2) {
			double t = gsl_cdf_tdist_Pinv(0.5 + level / 2, (double)m.n - 1);
			s->llci = m.mean - t * s->se;
			s->ulci = m.mean + t * s->se;
		}
	}
	return 0;
}

int oneway_anova(const struct group_summary *s, size_t k, struct oneway_anova *a)
{
	double N = 0, grand = 0, ssb = 0, ssw = 0;

	for (size_t i = 0; i < k; i++)
		N += (double)s[i].n, grand += (double)s[i].n * s[i].mean;
	if (k < 2 || N <= (double)k)
		return GSL_EDOM;
	grand /= N;
	for (size_t i = 0; i < k; i++) {
		ssb += (double)s[i].n * (s[i].mean - grand) * (s[i].mean - grand);
		ssw += s[i].n > 1 ? ((double)s[i].n - 1) * s[i].var : 0;
	}
	if (!(ssw > 0))
		return GSL_EZERODIV;
	a->ss_between = ssb;
	a->ss_within = ssw;
	a->ss_total = ssb + ssw;
	a->df1 = (double)k - 1;
	a->df2 = N - (double)k;
	a->ms_between = ssb / a->df1;
	a->ms_within = ssw / a->df2;
	a->F = a->ms_between / a->ms_within;
	a->p = gsl_cdf_fdist_Q(a->F, a->df1, a->df2);
	a->eta2 = ssb / a->ss_total;
	a->omega2 = (ssb - a->df1 * a->ms_within) / (a->ss_total + a->ms_within);
	return GSL_SUCCESS;
}

int oneway_welch(const struct group_summary *s, size_t k, struct ftest *t, size_t *bad)
{
	double W = 0, mw = 0, A = 0, L = 0;

	(void)bad;
	if (k < 2)
		return GSL_EDOM;
	for (size_t i = 0; i < k; i++)
		if (s[i].n < 2 || !(s[i].var > 0))
			return GSL_EDOM;
	for (size_t i = 0; i < k; i++) {
		double w = (double)s[i].n / s[i].var;
		W += w;
		mw += w * s[i].mean;
	}
	mw /= W;
	for (size_t i = 0; i < k; i++) {
		double w = (double)s[i].n / s[i].var;
		A += w * (s[i].mean - mw) * (s[i].mean - mw);
		L += (1 - w / W) * (1 - w / W) / ((double)s[i].n - 1);
	}
	A /= (double)k - 1;
	t->F = A / (1 + 2 * ((double)k - 2) * L / ((double)k * k - 1));
	t->df1 = (double)k - 1;
	t->df2 = ((double)k * k - 1) / (3 * L);
	t->p = gsl_cdf_fdist_Q(t->F, t->df1, t->df2);
	return GSL_SUCCESS;
}
