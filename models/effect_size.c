#include "models/effect_size.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_gamma.h>

#include "models/noncentral.h"

static int fail(struct effect_interval *out, enum effect_problem why)
{
	out->lo = out->hi = NAN;
	out->problem = why;
	return GSL_EDOM;
}

/* a of the two-sided interval whose ends the interval asked for uses. */
static double alpha_of(double level, enum effect_alternative alt)
{
	return alt == EFFECT_TWO_SIDED ? 1 - level : 2 * (1 - level);
}

int effect_pve_interval(double es, double df, double df_error, double level, enum effect_alternative alt,
			struct effect_interval *out)
{
	double a, f, lam_lo, lam_hi;
	int st;

	out->estimate = isnan(es) ? NAN : GSL_MAX(es, 0.0);
	out->problem = EFFECT_OK;
	if (!(level > 0 && level < 1) || (alt != EFFECT_TWO_SIDED && !(level > 0.5)))
		return fail(out, EFFECT_BAD_LEVEL);
	if (!(df > 0) || !(df_error > 0) || isinf(df) || isinf(df_error))
		return fail(out, EFFECT_NO_DF);
	if (!isfinite(es))
		return fail(out, EFFECT_NOT_FINITE);
	if (!(out->estimate < 1))
		return fail(out, EFFECT_PERFECT);
	a = alpha_of(level, alt);
	f = (out->estimate / df) / ((1 - out->estimate) / df_error);
	if ((st = noncentral_f_ncp(f, df, df_error, 1 - a / 2, &lam_lo)) != GSL_SUCCESS ||
	    (st = noncentral_f_ncp(f, df, df_error, a / 2, &lam_hi)) != GSL_SUCCESS) {
		fail(out, EFFECT_NO_ROOT);
		return st;
	}
	out->lo = alt == EFFECT_LESS ? 0 : lam_lo / (lam_lo + df_error);
	out->hi = alt == EFFECT_GREATER ? 1 : lam_hi / (lam_hi + df_error);
	return GSL_SUCCESS;
}

int effect_anova_term(double ss, double df, double ss_error, double df_error, double ss_total, double n_total,
		      double level, enum effect_alternative alt, struct effect_anova *out)
{
	double mse = ss_error / df_error, excess = ss - df * mse;
	struct {
		struct effect_interval *dst;
		double es;
	} es[] = {
		{&out->eta2, ss / ss_total},
		{&out->partial_eta2, ss / (ss + ss_error)},
		{&out->omega2, excess / (ss_total + mse)},
		{&out->partial_omega2, excess / (ss + (n_total - df) * mse)},
		{&out->epsilon2, excess / ss_total},
		{&out->partial_epsilon2, excess / (ss + ss_error)},
	};
	int first = GSL_SUCCESS;

	for (size_t i = 0; i < sizeof es / sizeof es[0]; i++) {
		int st;
		if (!isfinite(ss) || !isfinite(ss_error) || !isfinite(ss_total) || !(ss >= 0) || !(ss_error >= 0)) {
			es[i].dst->estimate = NAN;
			st = fail(es[i].dst, EFFECT_NOT_FINITE);
		} else {
			st = effect_pve_interval(es[i].es, df, df_error, level, alt, es[i].dst);
		}
		if (first == GSL_SUCCESS)
			first = st;
	}
	return first;
}

int effect_r2_interval(double r2, size_t k, size_t n, double level, enum effect_alternative alt,
		       struct effect_interval *out)
{
	return effect_pve_interval(r2, (double)k, (double)n - (double)k - 1, level, alt, out);
}

int effect_d_interval(double d, double df, double h, double level, enum effect_alternative alt, struct effect_d *out)
{
	double a, lo, hi, sh = sqrt(h);
	int st = GSL_SUCCESS;

	out->df = df;
	out->t = d / sh;
	out->J = df > 1 ? exp(gsl_sf_lngamma(df / 2) - log(sqrt(df / 2)) - gsl_sf_lngamma((df - 1) / 2)) : NAN;
	out->d = (struct effect_interval){.estimate = d, .lo = NAN, .hi = NAN};
	out->g = (struct effect_interval){.estimate = out->J * d, .lo = NAN, .hi = NAN,
					  .problem = df > 1 ? EFFECT_OK : EFFECT_NO_DF};
	if (!(level > 0 && level < 1) || (alt != EFFECT_TWO_SIDED && !(level > 0.5)))
		st = fail(&out->d, EFFECT_BAD_LEVEL);
	else if (!(df > 0) || !(h > 0) || isinf(df))
		st = fail(&out->d, EFFECT_NO_DF);
	else if (!isfinite(d))
		st = fail(&out->d, EFFECT_NOT_FINITE);
	if (st == GSL_SUCCESS) {
		a = alpha_of(level, alt);
		if ((st = noncentral_t_ncp(out->t, df, 1 - a / 2, &lo)) != GSL_SUCCESS ||
		    (st = noncentral_t_ncp(out->t, df, a / 2, &hi)) != GSL_SUCCESS)
			fail(&out->d, EFFECT_NO_ROOT);
	}
	if (st != GSL_SUCCESS) {
		if (out->g.problem == EFFECT_OK)
			out->g.problem = out->d.problem;
		return st;
	}
	out->d.lo = alt == EFFECT_LESS ? GSL_NEGINF : lo * sh;
	out->d.hi = alt == EFFECT_GREATER ? GSL_POSINF : hi * sh;
	if (df > 1) {
		out->g.lo = out->J * out->d.lo;
		out->g.hi = out->J * out->d.hi;
	}
	return GSL_SUCCESS;
}

static int no_d(struct effect_d *out, double df, enum effect_problem why)
{
	out->df = df;
	out->t = out->J = NAN;
	out->d = out->g = (struct effect_interval){.estimate = NAN, .lo = NAN, .hi = NAN, .problem = why};
	return GSL_EDOM;
}

int effect_cohens_d(const struct group_summary *a, const struct group_summary *b, double level,
		    enum effect_alternative alt, struct effect_d *out)
{
	double na = (double)a->n, nb = (double)b->n, df = na + nb - 2, sp;

	if (a->n < 1 || b->n < 1 || !(df > 0))
		return no_d(out, df, EFFECT_NO_DF);
	/* a group of one adds no variance (its var is NaN) */
	sp = sqrt(((a->n > 1 ? (na - 1) * a->var : 0) + (b->n > 1 ? (nb - 1) * b->var : 0)) / df);
	if (!isfinite(sp) || !isfinite(a->mean) || !isfinite(b->mean))
		return no_d(out, df, EFFECT_NOT_FINITE);
	if (!(sp > 0))
		return no_d(out, df, EFFECT_NO_VARIANCE);
	return effect_d_interval((a->mean - b->mean) / sp, df, 1 / na + 1 / nb, level, alt, out);
}

int effect_paired_d(size_t n, double mean_diff, double sd_diff, double level, enum effect_alternative alt,
		    struct effect_d *out)
{
	double df = (double)n - 1;

	if (n < 2)
		return no_d(out, df, EFFECT_NO_DF);
	if (!isfinite(mean_diff) || !isfinite(sd_diff))
		return no_d(out, df, EFFECT_NOT_FINITE);
	if (!(sd_diff > 0))
		return no_d(out, df, EFFECT_NO_VARIANCE);
	return effect_d_interval(mean_diff / sd_diff, df, 1 / (double)n, level, alt, out);
}
