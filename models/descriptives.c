#include "models/descriptives.h"

#include <math.h>

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
			spread = fmax(spread, fabs(v - m->mean));
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

double quantile_type6_sorted(const double *sorted, size_t n, double p)
{
	double pos, frac;
	size_t lo;

	if (n == 0)
		return NAN;
	pos = p * (double)(n + 1); /* 1-based position */
	if (pos <= 1)
		return sorted[0];
	if (pos >= (double)n)
		return sorted[n - 1];
	lo = (size_t)floor(pos);
	frac = pos - (double)lo;
	return sorted[lo - 1] + frac * (sorted[lo] - sorted[lo - 1]);
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

double quantile_type6(const double *x, size_t n, double p, double *work)
{
	size_t k = 0, lo;
	double pos, frac, a, b;

	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			work[k++] = x[i];
	if (k == 0)
		return NAN;
	pos = p * (double)(k + 1);
	if (pos <= 1)
		return gsl_stats_select(work, 1, k, 0);
	if (pos >= (double)k)
		return gsl_stats_select(work, 1, k, k - 1);
	lo = (size_t)floor(pos);
	frac = pos - (double)lo;
	a = gsl_stats_select(work, 1, k, lo - 1);
	b = frac > 0 ? gsl_stats_select(work, 1, k, lo) : a;
	return a + frac * (b - a);
}

double median_of(const double *x, size_t n, double *work)
{
	return quantile_type6(x, n, 0.5, work);
}
