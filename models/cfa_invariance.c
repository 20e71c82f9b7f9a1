#include "models/cfa_invariance.h"

#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "models/distributions.h"

void cfa_difference_test(const struct cfa_fit *restricted, const struct cfa_fit *free_fit, struct cfa_step_result *r)
{
	const struct cfa_test *t0 = &restricted->standard, *t1 = &free_fit->standard;

	r->chisq_diff = t0->chisq - t1->chisq;
	r->df_diff = t0->df - t1->df;
	r->p = r->df_diff > 0 ? dist_chisq_Q(r->chisq_diff, r->df_diff) : GSL_NAN;
	r->delta_cfi = t0->cfi - t1->cfi;
	r->delta_rmsea = t0->rmsea.value - t1->rmsea.value;
	r->scaled_diff = r->scaling = r->scaled_p = GSL_NAN;
	if (!restricted->robust || !free_fit->robust || !(r->df_diff > 0))
		return;
	double c0 = restricted->scaling, c1 = t1->df > 0 ? free_fit->scaling : 1;
	double cd = (t0->df * c0 - t1->df * c1) / r->df_diff;
	if (!(cd > 0))
		return;
	r->scaling = cd;
	r->scaled_diff = r->chisq_diff / cd;
	r->scaled_p = dist_chisq_Q(r->scaled_diff, r->df_diff);
}

static const unsigned step_equal[CFA_STEPS] = {
	0,
	CFA_EQ_LOADINGS,
	CFA_EQ_LOADINGS | CFA_EQ_INTERCEPTS,
	CFA_EQ_LOADINGS | CFA_EQ_INTERCEPTS | CFA_EQ_RESIDUALS,
};

int cfa_invariance_run(const struct cfa_spec *spec, const struct cfa_data *data, const struct cfa_options *opt,
		       struct cfa_invariance *out)
{
	memset(out, 0, sizeof *out);
	if (spec->groups < 2)
		return GSL_EINVAL;
	for (int s = 0; s < CFA_STEPS; s++) {
		struct cfa_options o = *opt;
		struct cfa_step_result *r = &out->step[s];
		o.equal = step_equal[s];
		r->status = cfa_fit_run(spec, data, &o, &r->fit);
		if (!r->fit)
			return GSL_ENOMEM;
		r->chisq_diff = r->df_diff = r->p = r->scaled_diff = r->scaling = r->scaled_p = GSL_NAN;
		r->delta_cfi = r->delta_rmsea = GSL_NAN;
		if (s > 0 && r->status == GSL_SUCCESS && out->step[s - 1].status == GSL_SUCCESS)
			cfa_difference_test(r->fit, out->step[s - 1].fit, r);
	}
	return GSL_SUCCESS;
}

void cfa_invariance_release(struct cfa_invariance *inv)
{
	for (int s = 0; s < CFA_STEPS; s++)
		cfa_fit_free(inv->step[s].fit);
	memset(inv, 0, sizeof *inv);
}
