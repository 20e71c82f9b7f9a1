#include "models/descriptives.h"

#include <math.h>
#include <stdint.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

void moments_compute(const double *x, size_t stride, size_t n, struct moments *m)
{
	double sum = 0, lo = INFINITY, hi = -INFINITY;
	double d2 = 0, d3 = 0, d4 = 0, nn, s;
	size_t count = 0;

	for (size_t i = 0; i < n; i++) {
		double v = x[i * stride];
		if (isnan(v))
			continue;
		sum += v;
		lo = v < lo ? v : lo;
		hi = v > hi ? v : hi;
		count++;
	}
	m->n = count;
	m->mean = count ? sum / (double)count : NAN;
	m->min = count ? lo : NAN;
	m->max = count ? hi : NAN;
	m->var = m->sd = m->skewness = m->se_skewness = m->kurtosis = m->se_kurtosis = NAN;
	if (count && !isfinite(m->mean)) { /* the sum overflowed (values near 1e308): add v / n instead */
		m->mean = 0;
		for (size_t i = 0; i < n; i++)
			if (!isnan(x[i * stride]))
				m->mean += x[i * stride] / (double)count;
	}
	if (count < 2)
		return;
	/* second pass about the mean; a third term corrects the rounding of the mean itself */
	double corr = 0, spread = 0;
	for (size_t i = 0; i < n; i++) {
		double v = x[i * stride];
		if (!isnan(v)) {
			corr += v - m->mean;
			double d = fabs(v - m->mean);
			spread = d > spread ? d : spread; /* fmax: d is never NaN here */
		}
	}
	double mean = isfinite(corr) ? m->mean + corr / (double)count : m->mean;
	/* deviations far from 1 are measured in units of the largest, so that d^4 cannot overflow nor
	 * d^2 underflow; skewness and kurtosis are scale-free, sd is scaled back */
	double unit = spread > MOMENTS_UNIT_MAX || (spread > 0 && spread < MOMENTS_UNIT_MIN) ? spread : 1;
	m->mean = mean;
	for (size_t i = 0; i < n; i++) {
		double v = x[i * stride], d, dd;
		if (isnan(v))
			continue;
		d = (v - mean) / unit;
		dd = d * d;
		d2 += dd;
		d3 += dd * d;
		d4 += dd * dd;
	}
	nn = (double)count;
	double var = d2 / (nn - 1); /* in units of `unit` */
	s = sqrt(var);
	m->var = var * unit * unit;
	m->sd = s * unit;
	if (var <= 0)
		return;
	if (count >= 3) {
		m->skewness = nn / ((nn - 1) * (nn - 2)) * d3 / (s * s * s);
		m->se_skewness = sqrt(6 * nn * (nn - 1) / ((nn - 2) * (nn + 1) * (nn + 3)));
	}
	if (count >= 4) {
		m->kurtosis = nn * (nn + 1) / ((nn - 1) * (nn - 2) * (nn - 3)) * d4 / (var * var) -
			      3 * (nn - 1) * (nn - 1) / ((nn - 2) * (nn - 3));
		m->se_kurtosis = 2 * m->se_skewness * sqrt((nn * nn - 1) / ((nn - 3) * (nn + 5)));
	}
}

/* The same sums as moments_compute, each distinct value weighted by its count. */
void moments_from_counts(const double *values, const size_t *counts, size_t k, struct moments *m)
{
	double sum = 0, d2 = 0, d3 = 0, d4 = 0, nn, lo = INFINITY, hi = -INFINITY;
	size_t count = 0;

	for (size_t j = 0; j < k; j++) {
		if (!counts[j])
			continue;
		count += counts[j];
		sum += (double)counts[j] * values[j];
		lo = values[j] < lo ? values[j] : lo;
		hi = values[j] > hi ? values[j] : hi;
	}
	m->n = count;
	m->mean = count ? sum / (double)count : NAN;
	m->min = count ? lo : NAN;
	m->max = count ? hi : NAN;
	m->var = m->sd = m->skewness = m->se_skewness = m->kurtosis = m->se_kurtosis = NAN;
	if (count < 2)
		return;
	for (size_t j = 0; j < k; j++) {
		double d = values[j] - m->mean, w = (double)counts[j];
		d2 += w * d * d;
		d3 += w * d * d * d;
		d4 += w * d * d * d * d;
	}
	nn = (double)count;
	m->var = d2 / (nn - 1);
	m->sd = sqrt(m->var);
	if (m->var <= 0)
		return;
	if (count >= 3) {
		m->skewness = nn / ((nn - 1) * (nn - 2)) * d3 / (m->var * m->sd);
		m->se_skewness = sqrt(6 * nn * (nn - 1) / ((nn - 2) * (nn + 1) * (nn + 3)));
	}
	if (count >= 4) {
		m->kurtosis = nn * (nn + 1) / ((nn - 1) * (nn - 2) * (nn - 3)) * d4 / (m->var * m->var) -
			      3 * (nn - 1) * (nn - 1) / ((nn - 2) * (nn - 3));
		m->se_kurtosis = 2 * m->se_skewness * sqrt((nn * nn - 1) / ((nn - 3) * (nn + 5)));
	}
}

/* Type 6's 1-based position p(n + 1), clamped to 1..n (n >= 1), as the 0-based index r of the
 * value at or below it and the share *frac of the way to the next: x_(r) + frac (x_(r+1) - x_(r)). */
static size_t type6_position(size_t n, double p, double *frac)
{
	double pos = p * (double)(n + 1);
	size_t lo;

	*frac = 0;
	if (pos <= 1)
		return 0;
	if (pos >= (double)n)
		return n - 1;
	lo = (size_t)floor(pos);
	*frac = pos - (double)lo;
	return lo - 1;
}

double quantile_type6_sorted(const double *sorted, size_t n, double p)
{
	double frac;
	size_t r;

	if (n == 0)
		return NAN;
	r = type6_position(n, p, &frac);
	return frac > 0 ? sorted[r] + frac * (sorted[r + 1] - sorted[r]) : sorted[r];
}

size_t sorted_finite(const double *x, size_t n, double *work)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			work[k++] = x[i];
	gsl_sort(work, 1, k);
	return k;
}

/* Open addressing on the bits of the value: a table four times ORDER_COUNT_MAX. */
#define COUNT_SLOTS (4 * ORDER_COUNT_MAX)

static int compare_slot(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int value_counts(const double *x, size_t n, struct value_counts *vc)
{
	uint64_t key[COUNT_SLOTS];
	uint32_t slot_of[COUNT_SLOTS]; /* 0: empty; else 1 + index into value[] */
	size_t count[ORDER_COUNT_MAX], d = 0, total = 0;
	struct {
		double v;
		size_t c;
	} sorted[ORDER_COUNT_MAX];

	memset(slot_of, 0, sizeof slot_of);
	for (size_t i = 0; i < n; i++) {
		double v = x[i];
		uint64_t bits;
		size_t h;
		if (isnan(v))
			continue;
		v = v == 0 ? 0.0 : v; /* -0 and 0 are one value */
		memcpy(&bits, &v, sizeof bits);
		h = (size_t)((bits * UINT64_C(0x9E3779B97F4A7C15)) >> 53) % COUNT_SLOTS;
		while (slot_of[h] && key[h] != bits)
			h = (h + 1) % COUNT_SLOTS;
		if (!slot_of[h]) {
			if (d == ORDER_COUNT_MAX)
				return -1;
			key[h] = bits;
			vc->value[d] = v;
			count[d] = 0;
			slot_of[h] = (uint32_t)++d;
		}
		count[slot_of[h] - 1]++;
		total++;
	}
	for (size_t j = 0; j < d; j++) {
		sorted[j].v = vc->value[j];
		sorted[j].c = count[j];
	}
	qsort(sorted, d, sizeof *sorted, compare_slot);
	vc->n = total;
	vc->distinct = d;
	for (size_t j = 0, below = 0; j < d; j++) {
		vc->value[j] = sorted[j].v;
		vc->below[j] = below;
		below += sorted[j].c;
	}
	return 0;
}

double value_counts_select(const struct value_counts *vc, size_t r)
{
	size_t lo = 0, hi = vc->distinct; /* the last j with below[j] <= r */

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (vc->below[mid] <= r)
			lo = mid;
		else
			hi = mid;
	}
	return vc->value[lo];
}

double median_exact(const double *x, size_t n, double *work)
{
	struct value_counts vc;
	size_t lhs = (n - 1) / 2, rhs = n / 2;

	if (value_counts(x, n, &vc) == 0)
		return lhs == rhs ? value_counts_select(&vc, lhs)
				  : (value_counts_select(&vc, lhs) + value_counts_select(&vc, rhs)) / 2.0;
	memcpy(work, x, n * sizeof *work);
	return gsl_stats_median(work, 1, n);
}

/* The value at 0-based position r of the m values: counted, or selected in w. */
static double order_statistic(double *w, size_t m, const struct value_counts *vc, size_t r)
{
	return vc ? value_counts_select(vc, r) : gsl_stats_select(w, 1, m, r);
}

double quantile_type6_select(double *w, size_t m, const struct value_counts *vc, double p)
{
	double frac, a;
	size_t r;

	if (m == 0)
		return NAN;
	r = type6_position(m, p, &frac);
	a = order_statistic(w, m, vc, r);
	return frac > 0 ? a + frac * (order_statistic(w, m, vc, r + 1) - a) : a;
}

double quantile_type6(const double *x, size_t n, double p, double *work)
{
	size_t k = 0;
	struct value_counts vc;

	if (value_counts(x, n, &vc) == 0)
		return quantile_type6_select(NULL, vc.n, &vc, p);
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			work[k++] = x[i];
	return quantile_type6_select(work, k, NULL, p);
}

double median_of(const double *x, size_t n, double *work)
{
	return quantile_type6(x, n, 0.5, work);
}
