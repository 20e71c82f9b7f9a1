/* The PROCESS engine with a dichotomous Y (models/process_logit.h) against R: every model but 74
 * with Y's equation fitted by glm(family = binomial) and the mediators' by lm
 * (scripts/ref/process_logistic.R, simulated data with Y recorded as 1 and 2), the
 * likelihood-ratio tests of the highest-order interactions, Johnson-Neyman with z*, the bootstrap
 * against R's glm.fit bootstrap and across thread counts, and the data it refuses. */
#include "test.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>

#include "models/bootstrap.h"
#include "models/process_boot.h"
#include "models/process_jn.h"
#include "models/process_logit.h"
#include "process_ref.h"

/* Equations agree with R's glm and lm to this (relative). */
#define GLM_TOL 1e-9
#define LSIM "models/process_logit_sim.csv"

static double at(const json_t *arr, size_t i)
{
	return json_number_value(json_array_get(arr, i));
}

/* Every equation equals its glm or lm fit, every likelihood-ratio test its glm refit, every
 * indirect effect the product of R's coefficients at every probed moderator value, every
 * conditional direct effect R's with its z test. */
TEST(process_logit_every_model_equals_glm)
{
	json_t *ref = refjson("models/process_logit.json");
	const json_t *cases = json_object_get(ref, "cases");
	int seen[93] = {0};
	size_t n_seen = 0, n_tests = 0;

	for (size_t i = 0; i < json_array_size(cases); i++) {
		struct pcase c;
		pcase_load(&c, json_array_get(cases, i));
		CHECK_INT(c.status, GSL_SUCCESS);
		if (c.status == GSL_SUCCESS) {
			CHECK_INT(c.model.eq[c.k].family, PROC_FAMILY_LOGISTIC);
			CHECK_INT(c.model.n_eq, c.k + 1);
			pcase_check_equations(&c, GLM_TOL);
			pcase_check_logistic_effects(&c, GLM_TOL);
			pcase_check_lr_tests(&c, GLM_TOL);
			n_tests += json_array_size(json_object_get(c.j, "lr"));
		}
		if (!seen[c.number]++)
			n_seen++;
		pcase_free(&c);
	}
	CHECK_INT(n_seen, 55); /* every model PROCESS defines but 74 */
	CHECK(n_tests >= 80);
	json_decref(ref);
}

/* The omnibus likelihood-ratio test of every term in an equation is its model chi-square; a set of
 * terms is refused when it is not one. */
TEST(process_logit_lr_test_of_every_term_is_the_model_test)
{
	json_t *ref = refjson("models/process_logit.json");
	struct pcase c;
	struct logit_lr lr;
	enum logit_problem why;
	size_t all[PROC_MAX_TERMS], k;

	pcase_load(&c, pcase_find(ref, 58, 1, LSIM));
	k = c.model.k;
	for (size_t t = 0; t < c.model.eq[k].n_terms; t++)
		all[t] = t;
	/* the terms alone (the covariates stay): compare with dropping every column */
	CHECK_INT(proc_logit_lr_test(c.fit, k, all, c.model.eq[k].n_terms, &lr, &why), 0);
	CHECK_CLOSE(lr.df, (double)c.model.eq[k].n_terms, 0);
	CHECK(lr.chi2 > 0 && lr.chi2 < c.fit->eq[k].logit->chi2);
	/* refused: a mediator's OLS equation, a repeated or missing term, no terms */
	CHECK_INT(proc_logit_lr_test(c.fit, 0, all, 1, &lr, &why), GSL_EINVAL);
	CHECK_INT(proc_logit_lr_test(c.fit, k, (size_t[]){1, 1}, 2, &lr, &why), GSL_EINVAL);
	CHECK_INT(proc_logit_lr_test(c.fit, k, (size_t[]){PROC_MAX_TERMS}, 1, &lr, &why), GSL_EINVAL);
	CHECK_INT(proc_logit_lr_test(c.fit, k, all, 0, &lr, &why), GSL_EINVAL);
	pcase_free(&c);
	json_decref(ref);
}

/* Three scenarios as a multicategorical X (indicator coding): model 4's relative direct and
 * indirect effects and the omnibus likelihood-ratio test of X in Y's equation; model 1's Wald
 * chi-square of X's columns at W's probe values, given as F = chi2 / 2 on (2, infinity) df. */
TEST(process_logit_multicategorical_x)
{
	json_t *ref = refjson("models/process_logit.json");
	const json_t *mcx = json_object_get(ref, "mcx"), *r, *w;
	struct pcase c;
	struct proc_point pt;
	struct logit_lr lr;
	enum logit_problem why;
	struct wald wd;
	struct proc_test_set sets[PROC_MAX_TESTS];
	size_t i, xterm = 0;

	pcase_load(&c, json_array_get(mcx, 0));
	CHECK_INT(c.status, GSL_SUCCESS);
	CHECK_INT(c.fit->levels[PROC_X], 3);
	pcase_check_equations(&c, GLM_TOL);
	memset(&pt, 0, sizeof pt);
	r = json_object_get(c.j, "direct");
	for (size_t x = 0; x < 2; x++) {
		struct lincom lc;
		struct proc_stat s = {.kind = PROC_STAT_INDIRECT, .col = x};
		CHECK_INT(proc_direct_effect(c.fit, x, &pt, &lc), 0);
		CHECK_CLOSE(lc.est, at(json_object_get(r, "est"), x), GLM_TOL);
		CHECK_CLOSE(lc.se, at(json_object_get(r, "se"), x), GLM_TOL);
		CHECK_CLOSE(lc.t, at(json_object_get(r, "z"), x), GLM_TOL);
		CHECK_NEAR(lc.p, at(json_object_get(r, "p"), x), 1e-12);
		CHECK_INT(proc_stat_check(c.fit, &s), 0);
		CHECK_CLOSE(proc_stat_estimate(c.fit, &s), at(json_object_get(c.j, "ind"), x), GLM_TOL);
	}
	/* X has no product in model 4: no interaction test; the omnibus tests of its two columns */
	CHECK_INT(proc_highest_interactions(&c.model, 1, sets), 0);
	CHECK_INT(proc_logit_lr_test(c.fit, 1, &xterm, 1, &lr, &why), 0);
	r = json_object_get(c.j, "omnibus_lr");
	CHECK_CLOSE(lr.chi2, json_number_value(json_object_get(r, "chi2")), GLM_TOL);
	CHECK_CLOSE(lr.df, 2, 0);
	CHECK_NEAR(lr.p, json_number_value(json_object_get(r, "p")), 1e-12);
	CHECK_INT(proc_link_omnibus(c.fit, 1, PROC_X, &pt, &wd), 0);
	r = json_object_get(c.j, "omnibus_wald");
	CHECK_CLOSE(wd.F * wd.df1, json_number_value(json_object_get(r, "chi2")), GLM_TOL);
	CHECK(isinf(wd.df2));
	CHECK_NEAR(wd.p, json_number_value(json_object_get(r, "p")), 1e-12);
	pcase_free(&c);

	pcase_load(&c, json_array_get(mcx, 1));
	CHECK_INT(c.status, GSL_SUCCESS);
	pcase_check_equations(&c, GLM_TOL);
	json_array_foreach(json_object_get(c.j, "wald"), i, r) {
		w = json_array_get(json_object_get(c.j, "w"), i);
		memset(&pt, 0, sizeof pt);
		proc_point_set(c.fit, &pt, PROC_W, json_number_value(w), 0);
		CHECK_INT(proc_link_omnibus(c.fit, 0, PROC_X, &pt, &wd), 0);
		CHECK_CLOSE(wd.F * wd.df1, json_number_value(json_object_get(r, "chi2")), GLM_TOL);
		CHECK_CLOSE(wd.df1, 2, 0);
		CHECK_NEAR(wd.p, json_number_value(json_object_get(r, "p")), 1e-12);
	}
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

/* Johnson-Neyman boundaries of paths of Y's logistic equation (X -> Y over W in model 1, M -> Y
 * over W in model 14, X -> Y over Z at W = 3 in model 2): the roots where z = z*, their shares and
 * the band with normal p-values, against R. */
TEST(process_logit_johnson_neyman_with_z)
{
	json_t *ref = refjson("models/process_logit.json");
	const json_t *jns = json_object_get(ref, "jn"), *r;
	size_t i, with_points = 0;

	CHECK_INT(json_array_size(jns), 3);
	json_array_foreach(jns, i, r) {
		struct pcase c;
		struct proc_point pt;
		struct proc_jn jn;
		const json_t *pts = json_object_get(r, "points"), *values = json_object_get(r, "values"), *val;
		const char *key;
		size_t nv = json_array_size(values);
		pcase_load(&c, pcase_find(ref, (int)json_integer_value(json_object_get(r, "model")),
					  (size_t)json_integer_value(json_object_get(r, "k")), LSIM));
		memset(&pt, 0, sizeof pt);
		json_object_foreach(json_object_get(r, "at"), key, val)
			proc_point_set(c.fit, &pt, variable_of(key), json_number_value(val), 0);
		CHECK_INT(proc_jn(c.fit, equation_of(&c, json_string_value(json_object_get(r, "eq"))),
				  variable_of(json_string_value(json_object_get(r, "a"))),
				  variable_of(json_string_value(json_object_get(r, "var"))), &pt, &jn),
			  GSL_SUCCESS);
		CHECK_CLOSE(jn.crit, json_number_value(json_object_get(r, "crit")), 1e-12);
		CHECK_CLOSE(jn.lo, json_number_value(json_object_get(r, "lo")), 0);
		CHECK_CLOSE(jn.hi, json_number_value(json_object_get(r, "hi")), 0);
		CHECK_INT(jn.n_points, json_array_size(pts));
		with_points += jn.n_points > 0;
		for (size_t p = 0; p < jn.n_points && p < json_array_size(pts); p++) {
			CHECK_CLOSE(jn.points[p], at(pts, p), 1e-9);
			CHECK_CLOSE(jn.below[p], at(json_object_get(r, "below"), p), 1e-12);
			CHECK_CLOSE(jn.above[p], at(json_object_get(r, "above"), p), 1e-12);
		}
		for (size_t v = 0; v < nv; v++) {
			double x = at(values, v);
			struct lincom lc;
			CHECK_INT(proc_jn_band(c.fit, &jn, 0, &pt, &x, 1, &lc), 0);
			CHECK_CLOSE(lc.est, at(json_object_get(r, "est"), v), GLM_TOL);
			CHECK_CLOSE(lc.se, at(json_object_get(r, "se"), v), GLM_TOL);
			CHECK_NEAR(lc.p, at(json_object_get(r, "p"), v), 1e-12);
			CHECK_CLOSE(lc.llci, at(json_object_get(r, "llci"), v), GLM_TOL);
			CHECK_CLOSE(lc.ulci, at(json_object_get(r, "ulci"), v), GLM_TOL);
		}
		pcase_free(&c);
	}
	CHECK(with_points >= 2);
	json_decref(ref);
}

/* |ours - R| within this many bootstrap SEs: the Monte-Carlo SD of a 2.5% quantile of B draws is
 * about sqrt(.025 .975 / B) / phi(1.96) SE, 0.038 SE at our 5000 and 0.027 at R's 10000; 0.25 SE
 * is over five times their combined SD. */
#define MC_TOL 0.25
#define BOOT_B 5000

static void check_boot(const struct pcase *c, const struct proc_stat *st, size_t ns, const json_t *want,
		       unsigned long seed)
{
	gsl_matrix *draws = gsl_matrix_alloc(BOOT_B, ns);
	double *work = malloc(BOOT_B * sizeof *work);
	const json_t *stats = json_object_get(want, "stats");
	size_t replaced;

	CHECK_INT(json_array_size(stats), ns);
	CHECK_INT(json_integer_value(json_object_get(want, "redrawn")), 0);
	CHECK_INT(proc_bootstrap(c->fit, st, ns, BOOT_B, seed, 0, draws, &replaced), GSL_SUCCESS);
	CHECK_INT(replaced, 0);
	for (size_t i = 0; i < ns; i++) {
		const json_t *r = json_array_get(stats, i);
		double est = proc_stat_estimate(c->fit, &st[i]), se = json_number_value(json_object_get(r, "se"));
		struct boot_ci ci;
		CHECK_CLOSE(est, json_number_value(json_object_get(r, "est")), 1e-8);
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

/* Percentile and bias-corrected CIs of indirect effects with a logistic fit on every resample,
 * against R's glm.fit bootstrap: model 4's a b, model 7's conditional indirect effects and index,
 * model 58's conditional indirect effects. */
TEST(process_logit_bootstrap_agrees_with_r)
{
	json_t *ref = refjson("models/process_logit.json");
	const json_t *boot = json_object_get(ref, "boot"), *wq = json_object_get(boot, "w");
	struct pcase c;
	struct proc_stat st[4];

	pcase_load(&c, pcase_find(ref, 4, 1, LSIM));
	st[0] = (struct proc_stat){.kind = PROC_STAT_INDIRECT};
	check_boot(&c, st, 1, json_object_get(boot, "model4"), 4);
	pcase_free(&c);

	pcase_load(&c, pcase_find(ref, 7, 1, LSIM));
	for (size_t i = 0; i < 3; i++)
		st[i] = indirect_at_w(&c, 0, at(wq, i));
	st[3] = (struct proc_stat){.kind = PROC_STAT_INDEX, .d = {{PROC_W, 0}}};
	check_boot(&c, st, 4, json_object_get(boot, "model7"), 7);
	pcase_free(&c);

	pcase_load(&c, pcase_find(ref, 58, 1, LSIM));
	for (size_t i = 0; i < 3; i++)
		st[i] = indirect_at_w(&c, 0, at(wq, i));
	check_boot(&c, st, 3, json_object_get(boot, "model58"), 58);
	pcase_free(&c);
	json_decref(ref);
}

/* The same seed gives the same draws, bit for bit, on 1, 2 or 4 threads (and on all cores). */
TEST(process_logit_bootstrap_identical_across_threads)
{
	json_t *ref = refjson("models/process_logit.json");
	struct pcase c;
	struct proc_stat st[4];
	static const size_t threads[] = {1, 2, 4, 0};
	gsl_matrix *first = gsl_matrix_alloc(1000, 4), *draws = gsl_matrix_alloc(1000, 4);
	size_t replaced;

	pcase_load(&c, pcase_find(ref, 21, 2, LSIM));
	for (size_t i = 0; i < 3; i++)
		st[i] = indirect_at_w(&c, i % 2, (double)i + 2);
	st[3] = (struct proc_stat){.kind = PROC_STAT_INDEX2, .path = 1, .d = {{PROC_W, 0}, {PROC_Z, 0}}};
	for (size_t t = 0; t < 4; t++) {
		CHECK_INT(proc_bootstrap(c.fit, st, 4, 1000, 20250217, threads[t], t ? draws : first, &replaced), 0);
		if (t)
			CHECK(memcmp(first->data, draws->data, 1000 * 4 * sizeof(double)) == 0);
	}
	/* standardised effects are refused with a dichotomous Y: nothing is drawn */
	st[0].scale = PROC_SCALE_COMPLETE;
	CHECK_INT(proc_bootstrap(c.fit, st, 4, 1000, 1, 2, draws, &replaced), GSL_EINVAL);
	gsl_matrix_free(first);
	gsl_matrix_free(draws);
	pcase_free(&c);
	json_decref(ref);
}

/* Y "would buy again" (2) exactly when M is above 5 but for one buyer below and one non-buyer
 * above (cases 10 and 30): the full sample overlaps, but a resample without the cases that make
 * the overlap separates. Such resamples are drawn again and counted, identically on any number
 * of threads. */
TEST(process_logit_bootstrap_redraws_separated_resamples)
{
	enum { N = 40, B = 400 };
	double x[N], m[N], y[N];
	struct proc_model mod;
	enum proc_model_problem why;
	struct proc_data d = {.n = N, .x = {x, NULL, 0, 0}, .m = {m}, .y = y};
	struct proc_fit *f;
	struct proc_stat s = {.kind = PROC_STAT_INDIRECT};
	gsl_matrix *one = gsl_matrix_alloc(B, 1), *two = gsl_matrix_alloc(B, 1);
	size_t r1, r2;

	for (size_t i = 0; i < N; i++) {
		x[i] = (double)(i % 5) - 2;
		m[i] = (double)i / 4;
		y[i] = 1 + ((i > 20) != (i == 10 || i == 30));
	}
	ols_options_init(&d.ols);
	CHECK_INT(proc_model_init(&mod, 4, 1, 0, NULL, &why), 0);
	CHECK_INT(proc_model_set_logistic(&mod, &why), 0);
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_SUCCESS);
	CHECK_INT(proc_bootstrap(f, &s, 1, B, 5, 1, one, &r1), GSL_SUCCESS);
	CHECK_INT(proc_bootstrap(f, &s, 1, B, 5, 4, two, &r2), GSL_SUCCESS);
	CHECK(r1 > B / 20);
	CHECK_INT(r1, r2);
	CHECK(memcmp(one->data, two->data, B * sizeof(double)) == 0);
	for (size_t r = 0; r < B; r++)
		CHECK(isfinite(gsl_matrix_get(one, r, 0)));
	gsl_matrix_free(one);
	gsl_matrix_free(two);
	proc_fit_free(f);
}

/* What a dichotomous Y refuses: a third value (or a missing one) names its case, a constant Y, a
 * full sample that separates names the equation and the predictor, model 74, a logistic mediator. */
TEST(process_logit_refuses_bad_data)
{
	double x[8] = {1, 2, 3, 4, 5, 6, 7, 8}, m[8] = {2, 1, 4, 3, 6, 5, 8, 7};
	double y3[8] = {0, 1, 0, 1, 2, 1, 0, 1}, ynan[8] = {0, 1, 0, NAN, 1, 1, 0, 1}, yc[8] = {5, 5, 5, 5, 5, 5, 5, 5};
	double ysep[8] = {0, 0, 0, 0, 1, 1, 1, 1}, yok[8] = {7, 3, 3, 7, 3, 7, 7, 3};
	struct proc_model mod;
	enum proc_model_problem why;
	struct proc_data d = {.n = 8, .x = {x, NULL, 0, 0}, .m = {m}};
	struct proc_fit *f;

	ols_options_init(&d.ols);
	CHECK_INT(proc_model_init(&mod, 4, 1, 0, NULL, &why), 0);
	CHECK_INT(proc_model_set_logistic(&mod, &why), 0);
	CHECK_INT(mod.n_eq, 2); /* no total-effect equation */
	d.y = y3;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->problem, PROC_Y_NOT_BINARY);
	CHECK_INT(f->bad_row, 4);
	CHECK_INT(f->bad_eq, 1);
	proc_fit_free(f);
	d.y = ynan;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->problem, PROC_Y_NOT_BINARY);
	CHECK_INT(f->bad_row, 3);
	proc_fit_free(f);
	d.y = yc;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EINVAL);
	CHECK_INT(f->problem, PROC_Y_CONSTANT);
	CHECK_INT(f->bad_eq, 1);
	proc_fit_free(f);
	/* Y = 1 exactly where X > 4: complete separation in Y's equation, carried by X */
	d.y = ysep;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_ESING);
	CHECK_INT(f->problem, PROC_FIT);
	CHECK_INT(f->bad_eq, 1);
	CHECK(f->eq[1].fit == NULL);
	CHECK(f->eq[1].logit->problem == LOGIT_SEPARATION || f->eq[1].logit->problem == LOGIT_QUASI_SEPARATION);
	proc_fit_free(f);
	/* two values other than 0 and 1: the higher is coded 1 */
	d.y = yok;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_SUCCESS);
	CHECK_CLOSE(f->y_value[0], 3, 0);
	CHECK_CLOSE(f->y_value[1], 7, 0);
	CHECK_CLOSE(f->eq[1].logit->n_events, 4, 0);
	CHECK_CLOSE(gsl_vector_get(f->eq[1].y, 0), 1, 0);
	CHECK_CLOSE(gsl_vector_get(f->eq[1].y, 1), 0, 0);
	proc_fit_free(f);
	/* no cases: the Y equation's logistic fit says why */
	CHECK_INT(proc_model_init(&mod, 1, 0, 0, NULL, &why), 0);
	CHECK_INT(proc_model_set_logistic(&mod, &why), 0);
	d.w = (struct proc_input){m, NULL, 0, 0};
	d.n = 0;
	CHECK_INT(proc_fit_run(&mod, &d, &f), GSL_EDOM);
	CHECK_INT(f->problem, PROC_FIT);
	CHECK_INT(f->eq[0].logit->problem, LOGIT_TOO_FEW_CASES);
	proc_fit_free(f);
	/* model 74: PROCESS defines its counterfactual effects for a continuous Y only */
	CHECK_INT(proc_model_init(&mod, 74, 1, 0, NULL, &why), 0);
	CHECK_INT(proc_model_set_logistic(&mod, &why), GSL_EINVAL);
	CHECK_INT(why, PROC_MODEL_LOGISTIC_74);
}

/* PROCESS's test of a two-valued Y. */
TEST(process_logit_dichotomous_values)
{
	double lo, hi;

	CHECK_INT(proc_dichotomous((double[]){2, 2, 9, 2}, 4, &lo, &hi), 1);
	CHECK_CLOSE(lo, 2, 0);
	CHECK_CLOSE(hi, 9, 0);
	CHECK_INT(proc_dichotomous((double[]){1, 0, 1}, 3, &lo, &hi), 1);
	CHECK_CLOSE(lo, 0, 0);
	CHECK_INT(proc_dichotomous((double[]){1, 1, 1}, 3, &lo, &hi), 0);
	CHECK_INT(proc_dichotomous((double[]){1, 2, 3}, 3, &lo, &hi), 0);
	CHECK_INT(proc_dichotomous((double[]){1, NAN, 2}, 3, &lo, &hi), 0);
	CHECK_INT(proc_dichotomous((double[]){NAN, 1}, 2, &lo, &hi), 0);
	CHECK_INT(proc_dichotomous(NULL, 0, &lo, &hi), 0);
}
