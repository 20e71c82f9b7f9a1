#include "models/paradox.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "models/change_tests.h"
#include "models/distributions.h"

void paradox_options_init(struct paradox_options *o)
{
	o->alpha = 0.05;
	o->margin = PARADOX_DEFAULT_MARGIN;
}

void paradox_release(struct paradox *p)
{
	free(p->levels);
	p->levels = NULL;
}

/* Welch's t of one level against the control (se and df from oneway_welch_pair), and TOST. */
static void compare(const struct group_summary *lv, const struct group_summary *c, const struct paradox *p,
		    struct paradox_level *out)
{
	double tq;
	int st;

	out->n = lv->n;
	out->mean = lv->n ? lv->mean : NAN;
	out->diff = lv->n ? lv->mean - c->mean : NAN;
	/* the control has 2 cases or more: GSL_EDOM can only come from the level */
	if ((st = oneway_welch_pair(lv, c, &out->se, &out->df)) != GSL_SUCCESS) {
		out->why = st == GSL_EDOM ? PARADOX_SMALL_LEVEL : PARADOX_NO_VARIANCE;
		return;
	}
	out->t = out->diff / out->se;
	out->p_greater = dist_t_Q(out->t, out->df);
	out->p_less = dist_t_P(out->t, out->df);
	out->t_low = (out->diff + p->margin) / out->se;
	out->t_high = (out->diff - p->margin) / out->se;
	out->p_low = dist_t_Q(out->t_low, out->df);
	out->p_high = dist_t_P(out->t_high, out->df);
	out->p_tost = fmax(out->p_low, out->p_high);
	tq = dist_t_Qinv(p->alpha, out->df);
	out->llci = out->diff - tq * out->se;
	out->ulci = out->diff + tq * out->se;
}

int paradox_test(const struct group_summary *s, size_t k, size_t control, const struct paradox_options *o,
		 struct paradox *out)
{
	double *pg = NULL, *pl = NULL;
	int st = GSL_SUCCESS;

	memset(out, 0, sizeof *out);
	out->control = control;
	out->alpha = o->alpha;
	out->margin = o->margin;
	if (!(o->margin > 0) || !(o->alpha > 0 && o->alpha < 0.5))
		return GSL_EINVAL;
	if (control >= k || s[control].n == 0) {
		out->problem = PARADOX_NO_CONTROL;
		return GSL_EDOM;
	}
	if (s[control].n < 2) {
		out->problem = PARADOX_SMALL_CONTROL;
		return GSL_EDOM;
	}
	out->n_levels = k - 1;
	out->levels = calloc(k > 1 ? k - 1 : 1, sizeof *out->levels);
	pg = malloc((k > 1 ? k - 1 : 1) * sizeof *pg);
	pl = malloc((k > 1 ? k - 1 : 1) * sizeof *pl);
	if (!out->levels || !pg || !pl) {
		st = GSL_ENOMEM;
		goto done;
	}
	for (size_t i = 0, l = 0; i < k; i++) {
		struct paradox_level *lv;
		if (i == control)
			continue;
		lv = &out->levels[l];
		lv->level = i;
		lv->se = lv->df = lv->t = lv->p_greater = lv->p_less = lv->t_low = lv->p_low = NAN;
		lv->t_high = lv->p_high = lv->p_tost = lv->llci = lv->ulci = NAN;
		compare(&s[i], &s[control], out, lv);
		pg[l] = lv->p_greater;
		pl[l] = lv->p_less;
		l++;
	}
	if ((st = change_holm(pg, out->n_levels, pg)) != GSL_SUCCESS || (st = change_holm(pl, out->n_levels, pl)) != GSL_SUCCESS)
		goto done;
	for (size_t l = 0; l < out->n_levels; l++) {
		struct paradox_level *lv = &out->levels[l];
		lv->p_greater_holm = pg[l];
		lv->p_less_holm = pl[l];
		if (lv->why != PARADOX_LEVEL_OK)
			lv->verdict = PARADOX_NOT_TESTED, out->not_tested++;
		else if (lv->p_greater_holm < o->alpha)
			lv->verdict = PARADOX_SUPPORTED, out->supported++;
		else if (lv->p_less_holm < o->alpha)
			lv->verdict = PARADOX_WORSE, out->worse++;
		else if (lv->p_tost < o->alpha)
			lv->verdict = PARADOX_EQUIVALENT, out->equivalent++;
		else
			lv->verdict = PARADOX_INCONCLUSIVE, out->inconclusive++;
	}
done:
	free(pg);
	free(pl);
	if (st != GSL_SUCCESS)
		paradox_release(out);
	return st;
}
