#include "models/change_tests.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "models/distributions.h"
#include "models/oneway.h"

static void undefined(struct change_test *out)
{
	out->se = out->stat = out->df = out->df2 = out->p = NAN;
}

int change_welch_t(double mean_a, double var_a, size_t n_a, double mean_b, double var_b, size_t n_b,
		   struct change_test *out)
{
	const struct group_summary a = {.n = n_a, .mean = mean_a, .var = var_a}, b = {.n = n_b, .mean = mean_b, .var = var_b};

	out->diff = mean_b - mean_a;
	undefined(out);
	if (!(var_a >= 0) || !(var_b >= 0) || oneway_welch_pair(&a, &b, &out->se, &out->df) != GSL_SUCCESS)
		return GSL_EDOM;
	out->stat = out->diff / out->se;
	out->p = 2 * dist_t_Q(fabs(out->stat), out->df);
	return GSL_SUCCESS;
}

int change_alpha_feldt(double alpha_a, size_t n_a, double alpha_b, size_t n_b, struct change_test *out)
{
	double hi, lo;
	size_t n_hi, n_lo;

	out->diff = alpha_b - alpha_a;
	undefined(out);
	if (!(alpha_a >= 0 && alpha_a < 1 && alpha_b >= 0 && alpha_b < 1) || n_a < 2 || n_b < 2)
		return GSL_EDOM;
	if (alpha_a >= alpha_b)
		hi = alpha_a, n_hi = n_a, lo = alpha_b, n_lo = n_b;
	else
		hi = alpha_b, n_hi = n_b, lo = alpha_a, n_lo = n_a;
	out->stat = (1 - lo) / (1 - hi);
	out->df = (double)n_hi - 1;
	out->df2 = (double)n_lo - 1;
	out->p = fmin(1, 2 * dist_f_Q(out->stat, out->df, out->df2));
	return GSL_SUCCESS;
}

int change_coefficient_z(double b_a, double se_a, double b_b, double se_b, struct change_test *out)
{
	out->diff = b_b - b_a;
	undefined(out);
	if (!(se_a > 0) || !(se_b > 0))
		return GSL_EDOM;
	out->se = sqrt(se_a * se_a + se_b * se_b);
	out->stat = out->diff / out->se;
	out->p = 2 * gsl_cdf_ugaussian_Q(fabs(out->stat));
	return GSL_SUCCESS;
}

int change_holm(const double *p, size_t m, double *adj)
{
	size_t *order = malloc((m ? m : 1) * sizeof *order), k = 0;
	double run = 0;

	if (!order)
		return GSL_ENOMEM;
	for (size_t i = 0; i < m; i++)
		if (!isnan(p[i]))
			order[k++] = i;
	/* insertion sort by p (stable: ties keep their order) */
	for (size_t i = 1; i < k; i++) {
		size_t v = order[i], j = i;
		for (; j > 0 && p[order[j - 1]] > p[v]; j--)
			order[j] = order[j - 1];
		order[j] = v;
	}
	{
		double *tmp = malloc((k ? k : 1) * sizeof *tmp);
		if (!tmp) {
			free(order);
			return GSL_ENOMEM;
		}
		for (size_t i = 0; i < k; i++) {
			double a = fmin(1, (double)(k - i) * p[order[i]]);
			run = fmax(run, a);
			tmp[i] = run;
		}
		for (size_t i = 0; i < m; i++)
			if (isnan(p[i]))
				adj[i] = NAN;
		for (size_t i = 0; i < k; i++)
			adj[order[i]] = tmp[i];
		free(tmp);
	}
	free(order);
	return GSL_SUCCESS;
}
