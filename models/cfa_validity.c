#include "models/cfa_validity.h"

#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "models/cfa_internal.h"

/* 1 when item i loads (free or fixed non-zero) on factor f in group g */
static int indicator(const struct cfa_spec *s, size_t g, size_t i, size_t f)
{
	size_t k = cfa_spec_find(s, CFA_LOADING, g, i, f);
	return k != CFA_NONE && (s->param[k].free || s->param[k].value != 0);
}

int cfa_validity(const struct cfa_fit *fit, size_t g, struct cfa_validity *out, gsl_matrix *fl)
{
	const struct cfa_spec *s = &fit->spec;
	const struct cfa_model *mod = fit->state->model;

	if (g >= s->groups)
		return GSL_EINVAL;
	const struct cfa_group_model *gm = &mod->gm[g];
	const gsl_matrix *S = fit->state->sample->g[g].cov;
	for (size_t f = 0; f < s->m; f++) {
		struct cfa_validity *v = &out[f];
		double sl = 0, sl2 = 0, su = 0, su2 = 0, tot = 0, trS = 0;
		int cross = 0;
		const double phi = gsl_matrix_get(gm->phi, f, f);
		v->k = 0;
		for (size_t i = 0; i < s->p; i++) {
			if (!indicator(s, g, i, f))
				continue;
			size_t k = cfa_spec_find(s, CFA_LOADING, g, i, f);
			double l = fit->par[k].std, lam = gsl_matrix_get(gm->lambda, i, f);
			v->k++;
			sl += l;
			sl2 += l * l;
			su += lam;
			su2 += lam * lam;
			trS += gsl_matrix_get(S, i, i);
			for (size_t j = 0; j < s->p; j++)
				if (indicator(s, g, j, f))
					tot += gsl_matrix_get(S, i, j);
			for (size_t h = 0; h < s->m; h++)
				if (h != f && indicator(s, g, i, h))
					cross = 1;
		}
		v->cr = sl * sl / (sl * sl + (double)v->k - sl2);
		v->ave = sl2 / (double)v->k;
		v->sqrt_ave = sqrt(v->ave);
		v->omega = v->k > 1 && !cross ? su * su * phi / tot : GSL_NAN;
		v->ave_semtools = v->k > 1 && !cross ? su2 * phi / trS : GSL_NAN;
		v->msv = GSL_NAN;
		v->msv_factor = CFA_NONE;
		v->fl_ok = 1;
		for (size_t h = 0; h < s->m; h++) {
			if (h == f)
				continue;
			double r = gsl_matrix_get(gm->phi, f, h) / sqrt(phi * gsl_matrix_get(gm->phi, h, h));
			if (v->msv_factor == CFA_NONE || r * r > v->msv) {
				v->msv = r * r;
				v->msv_factor = h;
			}
			if (fabs(r) >= v->sqrt_ave)
				v->fl_ok = 0;
		}
		if (fl)
			for (size_t h = 0; h < s->m; h++)
				gsl_matrix_set(fl, f, h,
					       h == f ? v->sqrt_ave
						      : gsl_matrix_get(gm->phi, f, h) /
								sqrt(phi * gsl_matrix_get(gm->phi, h, h)));
	}
	return 0;
}
