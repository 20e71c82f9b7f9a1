/* The PROCESS engine (models/process_*.h) against R: every model PROCESS v4 numbers, written out
 * as lm formulas in scripts/ref/process.R, on simulated data with two covariates; the models the
 * issue names on Hayes's glbwarm data (with centring and chosen covariates); and his protest data
 * with the three conditions as a multicategorical X or W in each of PROCESS's codings, which R
 * fits as factor(protest) with that contrast matrix. */
#include "test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "models/bootstrap.h"
#include "models/process_boot.h"
#include "models/process_effects.h"
#include "models/process_fit.h"
#include "models/process_jn.h"
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
	/* a mediator is fitted by OLS only, as in PROCESS */
	CHECK_INT(proc_model_init(&mod, 4, 1, 0, NULL, &why), GSL_SUCCESS);
	mod.eq[0].family = PROC_FAMILY_LOGISTIC;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->problem, PROC_FAMILY);
	CHECK_INT(f->bad_eq, 0);
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

static size_t equation_of(const struct pcase *c, const char *name)
{
	return strcmp(name, "Y") == 0 ? c->model.k : (size_t)(strtol(name + 1, NULL, 10) - 1);
}

static int variable_of(const char *name)
{
	if (strcmp(name, "X") == 0)
		return PROC_X;
	if (strcmp(name, "W") == 0)
		return PROC_W;
	if (strcmp(name, "Z") == 0)
		return PROC_Z;
	return PROC_M(strtol(name + 1, NULL, 10) - 1);
}

static double at(const json_t *arr, size_t i)
{
	return json_number_value(json_array_get(arr, i));
}

/* One Johnson-Neyman record of scripts/ref/process.R against proc_jn. */
static void check_jn(const struct pcase *c, const json_t *r)
{
	const json_t *pts = json_object_get(r, "points"), *values = json_object_get(r, "values");
	const json_t *sig = json_object_get(r, "sig"), *others = json_object_get(r, "at"), *val;
	const char *key;
	size_t e = equation_of(c, json_string_value(json_object_get(r, "eq"))), nv = json_array_size(values);
	int a = variable_of(json_string_value(json_object_get(r, "a")));
	int v = variable_of(json_string_value(json_object_get(r, "var")));
	struct proc_point pt;
	struct proc_jn jn;
	double grid[JN_INTERVALS + 1 + PROC_JN_MAX_POINTS];
	size_t ng;

	memset(&pt, 0, sizeof pt);
	json_object_foreach((json_t *)others, key, val)
		proc_point_set(c->fit, &pt, variable_of(key), json_number_value(val), (size_t)json_number_value(val));
	CHECK_INT(proc_jn(c->fit, e, a, v, &pt, &jn), GSL_SUCCESS);
	CHECK_CLOSE(jn.lo, json_number_value(json_object_get(r, "lo")), 1e-12);
	CHECK_CLOSE(jn.hi, json_number_value(json_object_get(r, "hi")), 1e-12);
	CHECK_INT(jn.n_points, json_array_size(pts));
	for (size_t i = 0; i < jn.n_points && i < json_array_size(pts); i++) {
		/* the quadratic's roots to 1e-9; the omnibus F's to R's uniroot tolerance */
		CHECK_CLOSE(jn.points[i], at(pts, i), jn.omnibus ? 1e-8 : 1e-9);
		CHECK_CLOSE(jn.below[i], at(json_object_get(r, "below"), i), 1e-12);
		CHECK_CLOSE(jn.above[i], at(json_object_get(r, "above"), i), 1e-12);
	}
	CHECK_INT(jn.n_regions, json_array_size(sig));
	for (size_t i = 0; i < jn.n_regions && i < json_array_size(sig); i++)
		CHECK_INT(jn.region[i].significant, json_is_true(json_array_get(sig, i)));
	CHECK_CLOSE(jn.region[0].from, jn.lo, 0);
	CHECK_CLOSE(jn.region[jn.n_regions - 1].to, jn.hi, 0);
	if (jn.omnibus) {
		for (size_t i = 0; i < nv; i++) {
			double x = at(values, i);
			struct wald wd;
			CHECK_INT(proc_jn_omnibus_band(c->fit, &jn, &pt, &x, 1, &wd), 0);
			CHECK_CLOSE(wd.F, at(json_object_get(r, "F"), i), 1e-9);
		}
		/* at a boundary F equals its critical value */
		for (size_t i = 0; i < jn.n_points; i++) {
			struct wald wd;
			CHECK_INT(proc_jn_omnibus_band(c->fit, &jn, &pt, &jn.points[i], 1, &wd), 0);
			CHECK_NEAR(wd.F, jn.crit, 1e-8);
		}
	} else {
		double xs[32];
		struct lincom band[32];
		for (size_t i = 0; i < nv && i < 32; i++)
			xs[i] = at(values, i);
		CHECK_INT(proc_jn_band(c->fit, &jn, 0, &pt, xs, nv < 32 ? nv : 32, band), 0);
		for (size_t i = 0; i < nv && i < 32; i++) {
			CHECK_CLOSE(band[i].est, at(json_object_get(r, "est"), i), 1e-9);
			CHECK_CLOSE(band[i].se, at(json_object_get(r, "se"), i), 1e-9);
			CHECK_CLOSE(band[i].llci, at(json_object_get(r, "llci"), i), 1e-9);
			CHECK_CLOSE(band[i].ulci, at(json_object_get(r, "ulci"), i), 1e-9);
		}
		/* at a boundary the effect's CI just touches zero */
		for (size_t i = 0; i < jn.n_points; i++) {
			struct lincom lc;
			CHECK_INT(proc_jn_band(c->fit, &jn, 0, &pt, &jn.points[i], 1, &lc), 0);
			CHECK_NEAR(fabs(lc.t), jn.crit, 1e-8);
		}
	}
	ng = proc_jn_grid(&jn, grid);
	CHECK_INT(ng, JN_INTERVALS + 1 + jn.n_points);
	CHECK_CLOSE(grid[0], jn.lo, 0);
	CHECK_CLOSE(grid[ng - 1], jn.hi, 0);
}

/* Johnson-Neyman boundaries, shares, regions and bands of the a path, the b path, the direct path
 * and model 74's paths, and the omnibus regions of a multicategorical X (the same in every coding),
 * against R. */
TEST(process_johnson_neyman_matches_r)
{
	json_t *ref = refjson("models/process.json");
	const json_t *cases = json_object_get(ref, "cases"), *r;
	size_t n = 0, with_points = 0, i;

	for (size_t k = 0; k < json_array_size(cases); k++) {
		const json_t *jn = json_object_get(json_array_get(cases, k), "jn");
		struct pcase c;
		if (!json_array_size(jn))
			continue;
		pcase_load(&c, json_array_get(cases, k));
		CHECK_INT(c.status, GSL_SUCCESS);
		json_array_foreach(jn, i, r) {
			check_jn(&c, r);
			n++;
			with_points += json_array_size(json_object_get(r, "points")) > 0;
		}
		pcase_free(&c);
	}
	CHECK_INT(n, 12);
	CHECK(with_points >= 6);
	json_decref(ref);
}

TEST(process_johnson_neyman_refuses_what_it_cannot_do)
{
	json_t *ref = refjson("models/process.json");
	struct pcase c;
	struct proc_point pt;
	struct proc_jn jn;

	memset(&pt, 0, sizeof pt);
	pcase_load(&c, pcase_find(ref, 7, 1, GLB));
	CHECK_INT(proc_jn(c.fit, 1, PROC_M(0), PROC_W, &pt, &jn), GSL_EINVAL); /* W does not moderate M -> Y */
	CHECK_INT(proc_jn(c.fit, 0, PROC_X, PROC_Z, &pt, &jn), GSL_EINVAL);    /* no Z */
	CHECK_INT(proc_jn(c.fit, 0, PROC_X, PROC_X, &pt, &jn), GSL_EINVAL);
	CHECK_INT(proc_jn(c.fit, 9, PROC_X, PROC_W, &pt, &jn), GSL_EINVAL);
	CHECK_INT(proc_jn(c.fit, 0, PROC_X, PROC_W, &pt, &jn), GSL_SUCCESS);
	pcase_free(&c);
	/* a multicategorical moderator has no Johnson-Neyman boundaries */
	for (size_t k = 0; k < json_array_size(json_object_get(ref, "cases")); k++) {
		const json_t *j = json_array_get(json_object_get(ref, "cases"), k);
		if (json_integer_value(json_object_get(j, "mcw")) == 0)
			continue;
		pcase_load(&c, j);
		CHECK_INT(proc_jn(c.fit, c.model.k, PROC_X, PROC_W, &pt, &jn), GSL_EINVAL);
		pcase_free(&c);
	}
	json_decref(ref);
}

/* |ours - R| within this many bootstrap SEs: the Monte-Carlo SD of a 2.5% quantile of B = 5000
 * draws is about 0.04 SE for a normal statistic (sqrt(.025 .975 / B) / phi(1.96)), R's own at
 * B = 20000 about 0.02 SE; 0.25 SE is over five times their combined SD (as test_mediation.c). */
#define MC_TOL 0.25
#define BOOT_B 5000

static void check_boot(const struct pcase *c, const struct proc_stat *st, size_t ns, const json_t *want,
		       unsigned long seed)
{
	gsl_matrix *draws = gsl_matrix_alloc(BOOT_B, ns);
	double *work = malloc(BOOT_B * sizeof *work);
	size_t replaced;

	CHECK_INT(json_array_size(want), ns);
	CHECK_INT(proc_bootstrap(c->fit, st, ns, BOOT_B, seed, 0, draws, &replaced), GSL_SUCCESS);
	CHECK_INT(replaced, 0);
	for (size_t i = 0; i < ns; i++) {
		const json_t *r = json_array_get(want, i);
		double est = proc_stat_estimate(c->fit, &st[i]), se = json_number_value(json_object_get(r, "se"));
		struct boot_ci ci;
		CHECK_CLOSE(est, json_number_value(json_object_get(r, "est")), 1e-9);
		CHECK_INT(bootstrap_ci(draws, i, est, 0.95, work, &ci), GSL_SUCCESS);
		CHECK_NEAR(ci.se, se, 0.05 * se);
		CHECK_NEAR(ci.llci, json_number_value(json_object_get(r, "llci")), MC_TOL * se);
		CHECK_NEAR(ci.ulci, json_number_value(json_object_get(r, "ulci")), MC_TOL * se);
		CHECK_NEAR(ci.bc_llci, json_number_value(json_object_get(r, "bc_llci")), MC_TOL * se);
		CHECK_NEAR(ci.bc_ulci, json_number_value(json_object_get(r, "bc_ulci")), MC_TOL * se);
	}
	free(work);
	gsl_matrix_free(draws);
}

static struct proc_stat indirect_at_w(const struct pcase *c, size_t path, double w)
{
	struct proc_stat s = {.kind = PROC_STAT_INDIRECT, .path = path};

	proc_point_set(c->fit, &s.pt, PROC_W, w, 0);
	return s;
}

/* Percentile and bias-corrected bootstrap CIs against R's own case bootstrap (B = 20000) of the
 * same quantities: model 58's conditional indirect effects, model 7's with the index, model 6's
 * serial indirect effects, total indirect effect, contrast and completely standardised effect. */
TEST(process_bootstrap_agrees_with_r)
{
	json_t *ref = refjson("models/process.json");
	const json_t *boot = json_object_get(ref, "boot"), *wq = json_object_get(boot, "w");
	struct pcase c;
	struct proc_stat st[6];

	pcase_load(&c, pcase_find(ref, 58, 1, GLB));
	for (size_t i = 0; i < 3; i++)
		st[i] = indirect_at_w(&c, 0, at(wq, i));
	check_boot(&c, st, 3, json_object_get(boot, "model58"), 58);
	pcase_free(&c);

	pcase_load(&c, pcase_find(ref, 7, 1, GLB));
	for (size_t i = 0; i < 3; i++)
		st[i] = indirect_at_w(&c, 0, at(wq, i));
	st[3] = (struct proc_stat){.kind = PROC_STAT_INDEX, .d = {{PROC_W, 0}}};
	check_boot(&c, st, 4, json_object_get(boot, "model7"), 7);
	pcase_free(&c);

	pcase_load(&c, pcase_find(ref, 6, 2, GLB));
	for (size_t p = 0; p < 3; p++)
		st[p] = (struct proc_stat){.kind = PROC_STAT_INDIRECT, .path = p};
	st[3] = (struct proc_stat){.kind = PROC_STAT_TOTAL_INDIRECT};
	st[4] = (struct proc_stat){.kind = PROC_STAT_CONTRAST, .path = 0, .path2 = 1};
	st[5] = (struct proc_stat){.kind = PROC_STAT_INDIRECT, .scale = PROC_SCALE_COMPLETE};
	check_boot(&c, st, 6, json_object_get(boot, "model6"), 6);
	pcase_free(&c);
	json_decref(ref);
}

/* The same seed gives the same draws, bit for bit, on 1, 2 or 4 threads (and on all cores). */
TEST(process_bootstrap_identical_across_threads)
{
	json_t *ref = refjson("models/process.json");
	struct pcase c;
	struct proc_stat st[5];
	static const size_t threads[] = {1, 2, 4, 0};
	gsl_matrix *first = gsl_matrix_alloc(2000, 5), *draws = gsl_matrix_alloc(2000, 5);
	size_t replaced;

	pcase_load(&c, pcase_find(ref, 21, 2, SIM));
	for (size_t i = 0; i < 3; i++)
		st[i] = indirect_at_w(&c, i % 2, (double)i + 2);
	st[3] = (struct proc_stat){.kind = PROC_STAT_INDEX, .d = {{PROC_Z, 0}}, .scale = PROC_SCALE_PARTIAL};
	st[4] = (struct proc_stat){.kind = PROC_STAT_INDEX2, .path = 1, .d = {{PROC_W, 0}, {PROC_Z, 0}}};
	for (size_t t = 0; t < 4; t++) {
		CHECK_INT(proc_bootstrap(c.fit, st, 5, 2000, 20250117, threads[t], t ? draws : first, &replaced), 0);
		if (t)
			CHECK(memcmp(first->data, draws->data, 2000 * 5 * sizeof(double)) == 0);
	}
	/* another seed, other draws */
	CHECK_INT(proc_bootstrap(c.fit, st, 5, 2000, 20250118, 2, draws, &replaced), 0);
	CHECK(memcmp(first->data, draws->data, 2000 * 5 * sizeof(double)) != 0);
	/* a statistic the model does not have: nothing is drawn */
	st[0] = (struct proc_stat){.kind = PROC_STAT_TOTAL};
	CHECK_INT(proc_bootstrap(c.fit, st, 5, 2000, 1, 2, draws, &replaced), GSL_EINVAL);
	gsl_matrix_free(first);
	gsl_matrix_free(draws);
	pcase_free(&c);
	json_decref(ref);
}

/* A dichotomous moderator with few cases of one value leaves some resamples singular: they are
 * drawn again and counted, as PROCESS does. */
TEST(process_bootstrap_redraws_singular_resamples)
{
	double x[24], w[24], y[24];
	struct proc_model m;
	enum proc_model_problem why;
	struct proc_data d = {.n = 24, .x = {x, NULL, 0, 0}, .w = {w, NULL, 0, 0}, .y = y};
	struct proc_fit *f;
	struct proc_stat s = {.kind = PROC_STAT_DIRECT};
	gsl_matrix *draws = gsl_matrix_alloc(500, 1);
	size_t replaced;

	for (size_t i = 0; i < 24; i++) {
		x[i] = (double)(i % 7) - 3;
		w[i] = i < 2;
		y[i] = 0.5 * x[i] + w[i] + 0.3 * x[i] * w[i] + (double)((i * 37) % 11) / 10;
	}
	ols_options_init(&d.ols);
	CHECK_INT(proc_model_init(&m, 1, 0, 0, NULL, &why), 0);
	CHECK_INT(proc_fit_run(&m, &d, &f), 0);
	proc_point_set(f, &s.pt, PROC_W, 1, 0);
	CHECK_INT(proc_bootstrap(f, &s, 1, 500, 3, 2, draws, &replaced), GSL_SUCCESS);
	CHECK(replaced > 0);
	for (size_t r = 0; r < 500; r++)
		CHECK(isfinite(gsl_matrix_get(draws, r, 0)));
	gsl_matrix_free(draws);
	proc_fit_free(f);
}

/* Heteroskedasticity-consistent SEs reach the conditional effects: model 1 on glbwarm with HC3
 * against sandwich::vcovHC in scripts/ref/moderation.R (tests/fixtures/models/moderation.json). */
TEST(process_direct_effects_with_hc3_match_sandwich)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	json_t *ref = refjson("models/moderation.json");
	const json_t *want = json_object_get(ref, "glbwarm_hc3"), *r;
	gsl_matrix *cov = refdesign(g, "posemot,ideology,sex");
	struct proc_model m;
	enum proc_model_problem why;
	struct proc_data d = {.n = g->n, .x = {refcol(g, "negemot"), NULL, 0, 0}, .w = {refcol(g, "age"), NULL, 0, 0},
			      .y = refcol(g, "govact"), .cov = cov};
	struct proc_fit *f;
	size_t i;

	ols_options_init(&d.ols);
	d.ols.cov = OLS_HC3;
	CHECK_INT(proc_model_init(&m, 1, 0, 3, NULL, &why), GSL_SUCCESS);
	CHECK_INT(proc_fit_run(&m, &d, &f), GSL_SUCCESS);
	CHECK_INT(json_array_size(want), 3);
	json_array_foreach(want, i, r) {
		struct proc_point pt;
		struct lincom lc;
		memset(&pt, 0, sizeof pt);
		proc_point_set(f, &pt, PROC_W, json_number_value(json_object_get(r, "w")), 0);
		CHECK_INT(proc_direct_effect(f, 0, &pt, &lc), GSL_SUCCESS);
		CHECK_CLOSE(lc.est, json_number_value(json_object_get(r, "effect")), 1e-9);
		CHECK_CLOSE(lc.se, json_number_value(json_object_get(r, "se")), 1e-9);
		CHECK_CLOSE(lc.t, json_number_value(json_object_get(r, "t")), 1e-9);
		CHECK_NEAR(lc.p, json_number_value(json_object_get(r, "p")), 1e-12);
		CHECK_CLOSE(lc.llci, json_number_value(json_object_get(r, "llci")), 1e-9);
		CHECK_CLOSE(lc.ulci, json_number_value(json_object_get(r, "ulci")), 1e-9);
	}
	proc_fit_free(f);
	gsl_matrix_free(cov);
	json_decref(ref);
	reftable_free(g);
}

/* A product term's coefficients, for the test of the highest-order interaction PROCESS prints:
 * model 1 on glbwarm against car::linearHypothesis / anova in tests/fixtures/reference/ref.R. */
TEST(process_interaction_test_from_term_coefficients)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	json_t *ref = refjson("reference/glbwarm_model1.json");
	gsl_matrix *cov = refdesign(g, "posemot,ideology,sex");
	struct proc_model m;
	enum proc_model_problem why;
	struct proc_data d = {.n = g->n, .x = {refcol(g, "negemot"), NULL, 0, 0}, .w = {refcol(g, "age"), NULL, 0, 0},
			      .y = refcol(g, "govact"), .cov = cov};
	struct proc_fit *f;
	struct proc_term xw = proc_term_make(2, PROC_W, PROC_X, 0);
	size_t idx[PROC_MAX_CODES * PROC_MAX_CODES], q, t;
	double r2;
	struct wald wd;

	ols_options_init(&d.ols);
	CHECK_INT(proc_model_init(&m, 1, 0, 3, NULL, &why), GSL_SUCCESS);
	CHECK_INT(proc_fit_run(&m, &d, &f), GSL_SUCCESS);
	ref_check_model(f->eq[0].fit, ref);
	t = proc_model_term(&m, 0, &xw);
	CHECK_INT(t, 2);
	q = proc_term_coefs(f, 0, t, idx);
	CHECK_INT(q, 1);
	CHECK_INT(idx[0], 3);
	CHECK_INT(proc_coef_index(f, 0, t, (size_t[]){0, 0}), 3);
	CHECK_INT(ols_r2_change(f->eq[0].fit, idx, q, &r2), GSL_SUCCESS);
	CHECK_INT(ols_wald_terms(f->eq[0].fit, idx, q, NULL, &wd), GSL_SUCCESS);
	ref_check_interaction_test(r2, wd.F, wd.df1, wd.df2, wd.p, ref, 1e-12);
	CHECK_INT(proc_model_term(&m, 0, &(struct proc_term){1, {PROC_Z}}), m.eq[0].n_terms);
	proc_fit_free(f);
	gsl_matrix_free(cov);
	json_decref(ref);
	reftable_free(g);
}
