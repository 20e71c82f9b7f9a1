/* The PROCESS engine (models/process_*.h) against R: every model PROCESS v4 numbers, written out
 * as lm formulas in scripts/ref/process.R, on simulated data with two covariates; the models the
 * issue names on Hayes's glbwarm data (with centring and chosen covariates); and his protest data
 * with the three conditions as a multicategorical X or W in each of PROCESS's codings, which R
 * fits as factor(protest) with that contrast matrix. */
#include "test.h"

#include <math.h>

#include <gsl/gsl_errno.h>

#include <string.h>

#include "models/process_effects.h"
#include "models/process_fit.h"
#include "process_ref.h"

/* Equations agree with R's lm to this (relative). */
#define LM_TOL 1e-9
#define SIM "models/process_sim.csv"
#define GLB "reference/glbwarm.csv"

/* Every equation equals its lm fit; every indirect effect equals the product of R's coefficients
 * at every probed moderator value, with its indices, contrasts and standardised versions; direct
 * and total effects with their SEs. */
TEST(process_every_model_equals_separate_lm_fits)
{
	json_t *ref = refjson("models/process.json");
	const json_t *cases = json_object_get(ref, "cases");
	int seen[93] = {0};
	size_t n_seen = 0;

	for (size_t i = 0; i < json_array_size(cases); i++) {
		struct pcase c;
		pcase_load(&c, json_array_get(cases, i));
		CHECK_INT(c.status, GSL_SUCCESS);
		if (c.status == GSL_SUCCESS) {
			pcase_check_equations(&c, LM_TOL);
			pcase_check_effects(&c, LM_TOL);
		}
		if (!seen[c.number]++)
			n_seen++;
		pcase_free(&c);
	}
	CHECK_INT(n_seen, 56); /* every model number PROCESS defines */
	json_decref(ref);
}

/* Bad requests: each is refused with its problem, never a crash or a silent NaN. */
TEST(process_fit_refuses_bad_data)
{
	double x[6] = {1, 2, 3, 4, 5, 6}, m[6] = {2, 1, 4, 3, 6, 5}, y[6] = {1, 3, 2, 5, 4, 6};
	double w[6] = {1, 0, 1, 0, 1, 1}, nan_y[6] = {1, 3, NAN, 5, 4, 6};
	size_t level[6] = {0, 1, 2, 0, 1, 3};
	struct proc_model mod;
	enum proc_model_problem why;
	struct proc_data d = {.n = 6, .x = {x, NULL, 0, 0}, .m = {m}, .y = y};
	struct proc_fit *f;

	ols_options_init(&d.ols);
	/* model 7 needs W */
	CHECK_INT(proc_model_init(&mod, 7, 1, 0, NULL, &why), GSL_SUCCESS);
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->problem, PROC_MISSING_VARIABLE);
	CHECK_INT(f->bad_var, PROC_W);
	proc_fit_free(f);
	/* a level beyond the variable's levels */
	d.w = (struct proc_input){NULL, level, 3, CODING_INDICATOR};
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->problem, PROC_LEVEL_RANGE);
	CHECK_INT(f->bad_row, 5);
	proc_fit_free(f);
	/* an unknown coding */
	d.w = (struct proc_input){NULL, level, 4, (enum coding_system)7};
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->problem, PROC_MISSING_VARIABLE);
	proc_fit_free(f);
	/* model 74 with a multicategorical X */
	CHECK_INT(proc_model_init(&mod, 74, 1, 0, NULL, &why), GSL_SUCCESS);
	d.x = (struct proc_input){NULL, level, 4, CODING_INDICATOR};
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->problem, PROC_CATEGORICAL_X);
	proc_fit_free(f);
	d.x = (struct proc_input){x, NULL, 0, 0};
	/* a missing mediator, a missing Y, covariates promised but not given */
	CHECK_INT(proc_model_init(&mod, 4, 2, 0, NULL, &why), GSL_SUCCESS);
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->bad_var, PROC_M(1));
	proc_fit_free(f);
	CHECK_INT(proc_model_init(&mod, 4, 1, 1, NULL, &why), GSL_SUCCESS);
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->problem, PROC_MISSING_VARIABLE);
	proc_fit_free(f);
	/* logistic regression is not this engine's yet */
	CHECK_INT(proc_model_init(&mod, 4, 1, 0, NULL, &why), GSL_SUCCESS);
	mod.eq[1].family = PROC_FAMILY_LOGISTIC;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->problem, PROC_FAMILY);
	CHECK_INT(f->bad_eq, 1);
	proc_fit_free(f);
	/* M a copy of X: the Y equation is singular and says so */
	CHECK_INT(proc_model_init(&mod, 4, 1, 0, NULL, &why), GSL_SUCCESS);
	d.m[0] = x;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_ESING);
	CHECK_INT(f->problem, PROC_FIT);
	CHECK_INT(f->bad_eq, 1);
	CHECK_INT(f->eq[1].fit->problem, OLS_COLLINEAR);
	proc_fit_free(f);
	d.m[0] = m;
	/* a NaN reaches OLS, which names its row */
	d.y = nan_y;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EDOM);
	CHECK_INT(f->problem, PROC_FIT);
	CHECK_INT(f->bad_eq, 1);
	CHECK_INT(f->eq[1].fit->problem, OLS_NOT_FINITE);
	CHECK_INT(f->eq[1].fit->bad_row, 2);
	proc_fit_free(f);
	d.y = y;
	/* no cases */
	d.n = 0;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EDOM);
	CHECK_INT(f->eq[f->bad_eq].fit->problem, OLS_TOO_FEW_CASES);
	proc_fit_free(f);
	/* two cases for a two-coefficient equation: no residual df */
	d.n = 2;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EDOM);
	CHECK_INT(f->eq[f->bad_eq].fit->problem, OLS_TOO_FEW_CASES);
	proc_fit_free(f);
	/* a constant dichotomous moderator in model 1 */
	d.n = 6;
	for (size_t i = 0; i < 6; i++)
		w[i] = 1;
	d.w = (struct proc_input){w, NULL, 0, 0};
	CHECK_INT(proc_model_init(&mod, 1, 0, 0, NULL, &why), GSL_SUCCESS);
	CHECK(proc_fit_run(&mod, &d, &f) != GSL_SUCCESS);
	CHECK_INT(f->problem, PROC_FIT);
	proc_fit_free(f);
	proc_fit_free(NULL);
}

/* Quantities that are not defined for a model are refused, not computed. */
TEST(process_stat_check_refuses_undefined_quantities)
{
	json_t *ref = refjson("models/process.json");
	struct pcase c;
	struct proc_stat s;
	struct proc_point pt;
	size_t count;
	double probes[8];
	int clamped;

	pcase_load(&c, pcase_find(ref, 1, 0, SIM)); /* model 1: no paths */
	memset(&s, 0, sizeof s);
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	s.kind = PROC_STAT_TOTAL_INDIRECT;
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	s.kind = PROC_STAT_DIRECT;
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_SUCCESS);
	s.kind = PROC_STAT_TOTAL; /* moderated: no total-effect equation */
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	s.kind = PROC_STAT_DIRECT;
	s.col = 1; /* X has one column */
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	s.col = 0;
	s.scale = (enum proc_scale)5;
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	s.kind = (enum proc_stat_kind)99;
	s.scale = PROC_SCALE_RAW;
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	/* probing: Y is no moderator; Z is not in model 1; mean -/+ SD of W */
	CHECK_INT(proc_probe_values(c.fit, PROC_Y, MOD_PROBE_PERCENTILES, probes, &count, &clamped), GSL_EINVAL);
	CHECK_INT(proc_probe_values(c.fit, PROC_Z, MOD_PROBE_PERCENTILES, probes, &count, &clamped), GSL_EINVAL);
	CHECK_INT(proc_probe_values(c.fit, PROC_W, MOD_PROBE_MEANSD, probes, &count, &clamped), GSL_SUCCESS);
	CHECK_INT(count, 3);
	CHECK(probes[0] < probes[1] && probes[1] < probes[2]);
	memset(&pt, 0, sizeof pt);
	CHECK_INT(proc_point_set(c.fit, &pt, PROC_Y, 1, 0), GSL_EINVAL);
	CHECK_INT(proc_point_set(c.fit, &pt, PROC_M(0), 1, 0), GSL_EINVAL); /* model 1 has no mediator */
	pcase_free(&c);

	pcase_load(&c, pcase_find(ref, 7, 2, SIM));
	memset(&s, 0, sizeof s);
	s.kind = PROC_STAT_INDEX;
	s.d[0] = (struct proc_deriv){PROC_W, 0};
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_SUCCESS);
	s.d[0].col = 1;
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	s.d[0] = (struct proc_deriv){PROC_Z, 0}; /* Z moderates nothing here */
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	s.d[0] = (struct proc_deriv){PROC_W, 0};
	s.path = 2;
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	s.path = 0;
	s.kind = PROC_STAT_INDEX2; /* one moderator: no moderated moderated mediation */
	s.d[1] = (struct proc_deriv){PROC_W, 0};
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	s.kind = PROC_STAT_CONTRAST;
	s.path2 = 5;
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	pcase_free(&c);

	pcase_load(&c, pcase_find(ref, 58, 1, SIM)); /* the indirect effect is quadratic in W */
	memset(&s, 0, sizeof s);
	s.kind = PROC_STAT_INDEX;
	s.d[0] = (struct proc_deriv){PROC_W, 0};
	CHECK_INT(proc_stat_check(c.fit, &s), GSL_EINVAL);
	pcase_free(&c);
	json_decref(ref);
}
