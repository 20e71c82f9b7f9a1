#include "models/crosstab.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "models/distributions.h"
#include "models/noncentral.h"

void crosstab_options_init(struct crosstab_options *o)
{
	o->level = 0.95;
	o->adjust = 1;
	o->interval = CROSSTAB_ONE_SIDED;
	o->fisher = CROSSTAB_FISHER_AUTO;
	o->fisher_work = FISHER_WORK_LIMIT;
	o->fisher_reps = FISHER_DEFAULT_REPS;
	o->seed = 1;
}

struct crosstab *crosstab_alloc(size_t rows, size_t cols)
{
	struct crosstab *ct = calloc(1, sizeof *ct);
	size_t cells = rows && cols ? rows * cols : 1;

	if (!ct || (cols && rows > SIZE_MAX / cols)) {
		free(ct);
		return NULL;
	}
	ct->rows = rows;
	ct->cols = cols;
	ct->row_index = malloc((rows ? rows : 1) * sizeof *ct->row_index);
	ct->col_index = malloc((cols ? cols : 1) * sizeof *ct->col_index);
	ct->row_total = malloc((rows ? rows : 1) * sizeof *ct->row_total);
	ct->col_total = malloc((cols ? cols : 1) * sizeof *ct->col_total);
	ct->count = malloc(cells * sizeof *ct->count);
	ct->row_pct = malloc(cells * sizeof *ct->row_pct);
	ct->col_pct = malloc(cells * sizeof *ct->col_pct);
	ct->total_pct = malloc(cells * sizeof *ct->total_pct);
	ct->expected = malloc(cells * sizeof *ct->expected);
	ct->stdres = malloc(cells * sizeof *ct->stdres);
	if (!ct->row_index || !ct->col_index || !ct->row_total || !ct->col_total || !ct->count || !ct->row_pct ||
	    !ct->col_pct || !ct->total_pct || !ct->expected || !ct->stdres) {
		crosstab_free(ct);
		return NULL;
	}
	return ct;
}

void crosstab_free(struct crosstab *ct)
{
	if (!ct)
		return;
	free(ct->row_index);
	free(ct->col_index);
	free(ct->row_total);
	free(ct->col_total);
	free(ct->count);
	free(ct->row_pct);
	free(ct->col_pct);
	free(ct->total_pct);
	free(ct->expected);
	free(ct->stdres);
	free(ct);
}

static const struct chisq_test no_test = {NAN, NAN, NAN};

/* Keeps the non-empty rows and columns of the input and sets the totals and percentages. */
static void keep_lines(struct crosstab *ct, const size_t *counts)
{
	size_t n = 0;

	ct->r = ct->c = 0;
	for (size_t i = 0; i < ct->rows; i++) {
		size_t t = 0;
		for (size_t j = 0; j < ct->cols; j++)
			t += counts[i * ct->cols + j];
		if (t)
			ct->row_index[ct->r++] = i;
		n += t;
	}
	for (size_t j = 0; j < ct->cols; j++) {
		size_t t = 0;
		for (size_t i = 0; i < ct->rows; i++)
			t += counts[i * ct->cols + j];
		if (t)
			ct->col_index[ct->c++] = j;
	}
	ct->n = n;
	ct->dropped_rows = ct->rows - ct->r;
	ct->dropped_cols = ct->cols - ct->c;
	for (size_t i = 0; i < ct->r; i++)
		ct->row_total[i] = 0;
	for (size_t j = 0; j < ct->c; j++)
		ct->col_total[j] = 0;
	for (size_t i = 0; i < ct->r; i++)
		for (size_t j = 0; j < ct->c; j++) {
			double o = (double)counts[ct->row_index[i] * ct->cols + ct->col_index[j]];
			ct->count[i * ct->c + j] = o;
			ct->row_total[i] += o;
			ct->col_total[j] += o;
		}
	for (size_t i = 0; i < ct->r; i++)
		for (size_t j = 0; j < ct->c; j++) {
			double o = ct->count[i * ct->c + j];
			ct->row_pct[i * ct->c + j] = 100 * o / ct->row_total[i];
			ct->col_pct[i * ct->c + j] = 100 * o / ct->col_total[j];
			ct->total_pct[i * ct->c + j] = 100 * o / (double)n;
		}
}

/* Expected counts, residuals and the chi-square statistics of a table with r, c >= 2. */
static void chisq_tests(struct crosstab *ct)
{
	double N = (double)ct->n, x2 = 0, g2 = 0, yates = 0.5, df = (double)((ct->r - 1) * (ct->c - 1));

	ct->small_expected = 0;
	ct->min_expected = INFINITY;
	for (size_t i = 0; i < ct->r; i++)
		for (size_t j = 0; j < ct->c; j++) {
			size_t at = i * ct->c + j;
			double R = ct->row_total[i], C = ct->col_total[j], o = ct->count[at], e = R * C / N;
			ct->expected[at] = e;
			ct->stdres[at] = (o - e) / sqrt(e * (1 - R / N) * (1 - C / N));
			x2 += (o - e) * (o - e) / e;
			if (o > 0)
				g2 += 2 * o * log(o / e);
			yates = fmin(yates, fabs(o - e));
			ct->small_expected += e < CROSSTAB_SMALL_EXPECTED;
			ct->min_expected = fmin(ct->min_expected, e);
		}
	ct->small_share = (double)ct->small_expected / (double)(ct->r * ct->c);
	ct->sparse = ct->small_share > CROSSTAB_SPARSE_SHARE || ct->min_expected < 1;
	ct->pearson = (struct chisq_test){x2, df, dist_chisq_Q(x2, df)};
	ct->lr = (struct chisq_test){g2, df, dist_chisq_Q(g2, df)};
	if (ct->r == 2 && ct->c == 2) {
		double y2 = 0;
		for (size_t at = 0; at < 4; at++) {
			double d = fabs(ct->count[at] - ct->expected[at]) - yates;
			y2 += d * d / ct->expected[at];
		}
		ct->yates = (struct chisq_test){y2, 1, dist_chisq_Q(y2, 1)};
	}
}

/* V (or V~) for a chi-square value x2: NaN when the table is too small for it. */
static double v_of(const struct crosstab *ct, double x2, int adjust)
{
	double N = (double)ct->n, r = (double)ct->r, c = (double)ct->c, df = (r - 1) * (c - 1), phi2, m;

	if (!adjust)
		return sqrt(x2 / (N * (fmin(r, c) - 1)));
	phi2 = fmax(0, x2 / N - df / (N - 1));
	m = fmin(r - (r - 1) * (r - 1) / (N - 1), c - (c - 1) * (c - 1) / (N - 1)) - 1;
	return N > 1 && m > 0 ? sqrt(phi2 / m) : NAN;
}

static int cramers_v(struct crosstab *ct, const struct crosstab_options *o)
{
	struct cramers_v *v = &ct->v;
	double x2 = ct->pearson.stat, df = ct->pearson.df, alpha;
	int st;

	v->v_unadjusted = v_of(ct, x2, 0);
	v->v = v_of(ct, x2, o->adjust);
	alpha = o->interval == CROSSTAB_ONE_SIDED ? 2 * (1 - o->level) : 1 - o->level;
	if ((st = noncentral_chisq_ncp(x2, df, 1 - alpha / 2, &v->ncp_low)) != GSL_SUCCESS)
		return st;
	v->llci = v_of(ct, v->ncp_low, o->adjust);
	if (o->interval == CROSSTAB_ONE_SIDED) {
		v->ncp_high = INFINITY;
		v->ulci = 1;
	} else {
		if ((st = noncentral_chisq_ncp(x2, df, alpha / 2, &v->ncp_high)) != GSL_SUCCESS)
			return st;
		v->ulci = fmin(1, v_of(ct, v->ncp_high, o->adjust));
	}
	if (isnan(v->v))
		v->llci = v->ulci = NAN;
	return GSL_SUCCESS;
}

/* Fisher's test on the input counts (its empty lines do not matter to it). */
static int fisher(struct crosstab *ct, const size_t *counts, const struct crosstab_options *o)
{
	struct fisher_test *f = &ct->fisher;
	int st = GSL_EMAXITER;

	if (o->fisher == CROSSTAB_FISHER_OFF)
		return GSL_SUCCESS;
	if (o->fisher == CROSSTAB_FISHER_AUTO && !ct->sparse && ct->n > CROSSTAB_AUTO_FISHER_MAX_N) {
		f->method = FISHER_NOT_NEEDED;
		return GSL_SUCCESS;
	}
	if (o->fisher != CROSSTAB_FISHER_SIMULATE) {
		st = fisher_exact(counts, ct->rows, ct->cols, o->fisher_work, &f->p, &f->work);
		if (st == GSL_SUCCESS)
			f->method = FISHER_EXACT;
		if (st != GSL_EMAXITER)
			return st;
		if (o->fisher == CROSSTAB_FISHER_EXACT) {
			f->method = FISHER_TOO_LARGE;
			return GSL_SUCCESS;
		}
		f->exact_gave_up = 1;
	}
	f->reps = o->fisher_reps;
	f->seed = o->seed;
	st = fisher_simulated(counts, ct->rows, ct->cols, o->fisher_reps, o->seed, &f->p);
	if (st == GSL_SUCCESS)
		f->method = FISHER_MONTE_CARLO;
	return st;
}

int crosstab_run(struct crosstab *ct, const size_t *counts, const struct crosstab_options *o)
{
	int st;

	ct->pearson = ct->yates = ct->lr = no_test;
	ct->v = (struct cramers_v){NAN, NAN, NAN, NAN, NAN, NAN};
	ct->fisher = (struct fisher_test){NAN, FISHER_NOT_RUN, 0, 0, 0, 0};
	ct->small_expected = 0;
	ct->small_share = ct->min_expected = NAN;
	ct->sparse = 0;
	keep_lines(ct, counts);
	for (size_t at = 0; at < ct->r * ct->c; at++)
		ct->expected[at] = ct->stdres[at] = NAN;
	ct->problem = ct->n == 0 ? CROSSTAB_NO_CASES : ct->r < 2 ? CROSSTAB_ONE_ROW : ct->c < 2 ? CROSSTAB_ONE_COLUMN : CROSSTAB_OK;
	if (ct->problem != CROSSTAB_OK)
		return GSL_EDOM;
	chisq_tests(ct);
	if ((st = cramers_v(ct, o)) != GSL_SUCCESS)
		return st;
	return fisher(ct, counts, o);
}
