#include "models/zone.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

enum zone_class zone_classify(double adequate, double desired, double perceived, double *msa, double *mss)
{
	if (isnan(adequate) || isnan(desired) || isnan(perceived)) {
		*msa = *mss = NAN;
		return ZONE_MISSING;
	}
	*msa = perceived - adequate;
	*mss = perceived - desired;
	if (perceived < adequate)
		return ZONE_BELOW;
	return perceived > desired ? ZONE_ABOVE : ZONE_WITHIN;
}

void zone_release(struct zone *z)
{
	free(z->groups);
	crosstab_free(z->test);
	z->groups = NULL;
	z->test = NULL;
}

/* Means and SDs of MSA and MSS accumulated as sums and sums of squared deviations. */
struct moments {
	double sum_a, sum_s, ss_a, ss_s;
};

static void finish(struct zone_group *g, const struct moments *m)
{
	double n = (double)g->n;

	for (int c = 0; c < ZONE_CLASSES; c++)
		g->share[c] = g->n ? (double)g->count[c] / n : NAN;
	g->msa_mean = g->n ? m->sum_a / n : NAN;
	g->mss_mean = g->n ? m->sum_s / n : NAN;
	g->msa_sd = g->n > 1 ? sqrt(m->ss_a / (n - 1)) : NAN;
	g->mss_sd = g->n > 1 ? sqrt(m->ss_s / (n - 1)) : NAN;
}

int zone_run(const double *adequate, const double *desired, const double *perceived, const int *group, size_t rows,
	     size_t k, const struct crosstab_options *o, struct zone *out)
{
	struct moments *m = NULL, all_m = {0};
	size_t *table = NULL;
	int st = GSL_SUCCESS;

	memset(out, 0, sizeof *out);
	out->k = k;
	out->groups = calloc(k ? k : 1, sizeof *out->groups);
	m = calloc(k ? k : 1, sizeof *m);
	table = calloc((k ? k : 1) * ZONE_CLASSES, sizeof *table);
	out->test = crosstab_alloc(k, ZONE_CLASSES);
	if (!out->groups || !m || !table || !out->test) {
		st = GSL_ENOMEM;
		goto done;
	}
	/* pass 1: classes, counts and sums */
	for (size_t r = 0; r < rows; r++) {
		double msa, mss;
		enum zone_class c = zone_classify(adequate[r], desired[r], perceived[r], &msa, &mss);
		struct zone_group *g;
		if (c == ZONE_MISSING) {
			out->missing_score++;
			continue;
		}
		if (group[r] < 0 || (size_t)group[r] >= k) {
			out->no_group++;
			continue;
		}
		g = &out->groups[group[r]];
		g->n++;
		g->count[c]++;
		if (adequate[r] > desired[r]) {
			g->inverted++;
			g->inverted_both += c == ZONE_BELOW && perceived[r] > desired[r];
		}
		m[group[r]].sum_a += msa;
		m[group[r]].sum_s += mss;
		all_m.sum_a += msa;
		all_m.sum_s += mss;
	}
	for (size_t i = 0; i < k; i++) {
		struct zone_group *g = &out->groups[i];
		out->all.n += g->n;
		out->all.inverted += g->inverted;
		out->all.inverted_both += g->inverted_both;
		for (int c = 0; c < ZONE_CLASSES; c++) {
			out->all.count[c] += g->count[c];
			table[i * ZONE_CLASSES + c] = g->count[c];
		}
	}
	if (!out->all.n) {
		st = GSL_EDOM;
		goto done;
	}
	/* pass 2: squared deviations about the means */
	for (size_t r = 0; r < rows; r++) {
		double msa, mss, ma, ms;
		size_t i;
		if (zone_classify(adequate[r], desired[r], perceived[r], &msa, &mss) == ZONE_MISSING || group[r] < 0 ||
		    (size_t)group[r] >= k)
			continue;
		i = (size_t)group[r];
		ma = m[i].sum_a / (double)out->groups[i].n;
		ms = m[i].sum_s / (double)out->groups[i].n;
		m[i].ss_a += (msa - ma) * (msa - ma);
		m[i].ss_s += (mss - ms) * (mss - ms);
		ma = all_m.sum_a / (double)out->all.n;
		ms = all_m.sum_s / (double)out->all.n;
		all_m.ss_a += (msa - ma) * (msa - ma);
		all_m.ss_s += (mss - ms) * (mss - ms);
	}
	for (size_t i = 0; i < k; i++)
		finish(&out->groups[i], &m[i]);
	finish(&out->all, &all_m);
	out->test_status = crosstab_run(out->test, table, o);
	if (out->test_status == GSL_ENOMEM)
		st = GSL_ENOMEM;
done:
	free(m);
	free(table);
	if (st == GSL_ENOMEM)
		zone_release(out);
	return st;
}
