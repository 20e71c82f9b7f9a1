#include "models/moderation.h"

#include <math.h>

#include "models/descriptives.h"

size_t mod_probe_values(const double *v, size_t n, enum mod_probe_kind kind, double *out, int *clamped, double *work)
{
	size_t m = 0, distinct = 0;
	double lo = INFINITY, hi = -INFINITY, first = NAN, second = NAN;
	struct moments mo;

	*clamped = 0;
	for (size_t i = 0; i < n; i++) {
		double x = v[i];
		if (isnan(x))
			continue;
		work[m++] = x;
		lo = fmin(lo, x);
		hi = fmax(hi, x);
		if (distinct == 0) {
			first = x;
			distinct = 1;
		} else if (distinct == 1 && x != first) {
			second = x;
			distinct = 2;
		} else if (distinct == 2 && x != first && x != second) {
			distinct = 3;
		}
	}
	if (m == 0)
		return 0;
	if (distinct == 2) {
		out[0] = lo;
		out[1] = hi;
		return 2;
	}
	if (kind == MOD_PROBE_PERCENTILES) {
		struct value_counts vc;
		const struct value_counts *counted = value_counts(work, m, &vc) == 0 ? &vc : NULL;
		out[0] = quantile_type6_select(work, m, counted, 0.16);
		out[1] = quantile_type6_select(work, m, counted, 0.50);
		out[2] = quantile_type6_select(work, m, counted, 0.84);
		return 3;
	}
	moments_compute(v, 1, n, &mo);
	out[0] = mo.mean - mo.sd;
	out[1] = mo.mean;
	out[2] = mo.mean + mo.sd;
	if (out[0] < lo) {
		out[0] = lo;
		*clamped |= 1;
	}
	if (out[2] > hi) {
		out[2] = hi;
		*clamped |= 2;
	}
	return 3;
}
