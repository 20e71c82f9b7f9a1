/* The CFA engine against lavaan 0.6.14 (scripts/ref/cfa.R): estimates, standard errors,
 * standardised solution and fit measures of complete-data ML fits. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "cfa_ref.h"
#include "models/cfa_fit.h"
#include "models/cfa_invariance.h"
#include "models/cfa_modindices.h"
#include "models/cfa_validity.h"
#include "test.h"

static const char *const hs_items[] = {"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9"};
static const char *const hs_factors[] = {"visual", "textual", "speed"};
static const size_t hs_factor_of[] = {0, 0, 0, 1, 1, 1, 2, 2, 2};

static struct cfa_fit *fit_scales(const struct cfa_case *c, size_t m, const size_t *factor_of,
				  const struct cfa_options *o)
{
	struct cfa_spec spec;
	struct cfa_fit *fit = NULL;

	cfa_spec_init(&spec, c->p, m, c->groups);
	CHECK_INT(cfa_spec_scales(&spec, factor_of), 0);
	int status = cfa_fit_run(&spec, &c->data, o, &fit);
	if (status)
		fprintf(stderr, "fit failed: status %d, problem %d\n", status, fit ? (int)fit->why.problem : -1);
	CHECK_INT(status, GSL_SUCCESS);
	cfa_spec_release(&spec);
	return fit;
}

TEST(cfa_hs1939_ml)
{
	struct cfa_case c;
	struct cfa_options o;

	cfa_case_load(&c, "tests/fixtures/hs1939.csv", hs_items, 9, NULL, 0, NULL, 1);
	cfa_options_init(&o);
	struct cfa_fit *fit = fit_scales(&c, 3, hs_factor_of, &o);
	if (fit && fit->converged) {
		json_t *ref = cfa_ref("hs1939.json", "ml");
		cfa_check_estimates(fit, ref, hs_items, hs_factors, 1e-5);
		cfa_check_measures(fit, ref, 1e-5);
	}
	cfa_fit_free(fit);
	cfa_case_free(&c);
}
static const char *const bfi_items[] = {"A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4",
					"C5", "E1", "E2", "E3", "E4", "E5", "N1", "N2", "N3",
					"N4", "N5", "O1", "O2", "O3", "O4", "O5"};
static const char *const bfi_factors[] = {"agree", "conscientious", "extraversion", "neuroticism", "openness"};
static const char *const bfi_reversed[] = {"A1", "C4", "C5", "E1", "E2", "O2", "O5", NULL};
static const size_t bfi_factor_of[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 3, 4, 4, 4, 4, 4};

static const char *const wave_items[] = {"inv_1", "inv_2", "inv_3", "inv_4", "inv_5", "tru_1", "tru_2", "tru_3",
					 "tru_4", "tru_5", "sat_1", "sat_2", "sat_3", "sat_4", "sat_5", "neg_1",
					 "neg_2", "neg_3", "neg_4", "pwom_1", "pwom_2", "pwom_3", "pwom_4"};
static const char *const wave_factors[] = {"involvement", "trust", "satisfaction", "negemo", "pwom"};
static const char *const wave_reversed[] = {"inv_4", "tru_3", "sat_2", NULL};
static const size_t wave_factor_of[] = {0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4};

/* Fits a one-factor-per-scale model and compares it with reference `key` of `file`. */
static void check_scales(const char *csv, const char *const *items, size_t p, const char *const *reversed,
			 double rev_sum, const char *const *factors, size_t m, const size_t *factor_of,
			 const struct cfa_options *o, const char *file, const char *key)
{
	struct cfa_case c;

	cfa_case_load(&c, csv, items, p, reversed, rev_sum, NULL, 1);
	struct cfa_fit *fit = fit_scales(&c, m, factor_of, o);
	if (fit && fit->converged) {
		json_t *ref = cfa_ref(file, key);
		cfa_check_estimates(fit, ref, items, factors, 1e-5);
		cfa_check_measures(fit, ref, 1e-5);
		cfa_check_groups(fit, ref, items, 1e-5);
	}
	cfa_fit_free(fit);
	cfa_case_free(&c);
}

TEST(cfa_bfi_ml_listwise)
{
	struct cfa_options o;
	cfa_options_init(&o);
	check_scales("tests/fixtures/bfi.csv", bfi_items, 25, bfi_reversed, 7, bfi_factors, 5, bfi_factor_of, &o,
		     "bfi.json", "ml");
}

TEST(cfa_wave_ml_listwise)
{
	struct cfa_options o;
	cfa_options_init(&o);
	check_scales("data/wave-between.csv", wave_items, 23, wave_reversed, 8, wave_factors, 5, wave_factor_of, &o,
		     "wave_between.json", "ml");
}

TEST(cfa_wave_fiml)
{
	struct cfa_options o;
	cfa_options_init(&o);
	o.missing = CFA_FIML;
	check_scales("data/wave-between.csv", wave_items, 23, wave_reversed, 8, wave_factors, 5, wave_factor_of, &o,
		     "wave_between.json", "fiml");
}

TEST(cfa_bfi_fiml)
{
	struct cfa_options o;
	cfa_options_init(&o);
	o.missing = CFA_FIML;
	check_scales("tests/fixtures/bfi.csv", bfi_items, 25, bfi_reversed, 7, bfi_factors, 5, bfi_factor_of, &o,
		     "bfi.json", "fiml");
}

TEST(cfa_hs1939_robust)
{
	struct cfa_options o;
	cfa_options_init(&o);
	o.estimator = CFA_MLM;
	check_scales("tests/fixtures/hs1939.csv", hs_items, 9, NULL, 0, hs_factors, 3, hs_factor_of, &o, "hs1939.json",
		     "mlm");
	o.estimator = CFA_MLR;
	check_scales("tests/fixtures/hs1939.csv", hs_items, 9, NULL, 0, hs_factors, 3, hs_factor_of, &o, "hs1939.json",
		     "mlr");
}

TEST(cfa_bfi_mlr)
{
	struct cfa_options o;
	cfa_options_init(&o);
	o.estimator = CFA_MLR;
	check_scales("tests/fixtures/bfi.csv", bfi_items, 25, bfi_reversed, 7, bfi_factors, 5, bfi_factor_of, &o,
		     "bfi.json", "mlr");
	o.missing = CFA_FIML;
	check_scales("tests/fixtures/bfi.csv", bfi_items, 25, bfi_reversed, 7, bfi_factors, 5, bfi_factor_of, &o,
		     "bfi.json", "fiml_mlr");
}

/* Every modification index of lavaan's list (loadings and residual covariances of items)
 * against ours. */
static void check_mi(const struct cfa_fit *fit, const json_t *ref, const char *const *items,
		     const char *const *factors, size_t p, size_t m)
{
	struct cfa_mi *mi;
	size_t n, idx, matched = 0;
	json_t *row;

	CHECK_INT(cfa_modindices(fit, &mi, &n), 0);
	json_array_foreach(json_object_get(ref, "mi"), idx, row)
	{
		const char *lhs = json_string_value(json_object_get(row, "lhs")),
			   *op = json_string_value(json_object_get(row, "op")),
			   *rhs = json_string_value(json_object_get(row, "rhs"));
		size_t g = (size_t)cfa_refnum(row, "group") - 1, a = CFA_NONE, b = CFA_NONE;
		int loading = !strcmp(op, "=~");
		for (size_t k = 0; k < (loading ? m : p); k++)
			if (!strcmp(lhs, loading ? factors[k] : items[k]))
				a = k;
		for (size_t k = 0; k < p; k++)
			if (!strcmp(rhs, items[k]))
				b = k;
		const struct cfa_mi *hit = NULL;
		for (size_t k = 0; k < n; k++) {
			const struct cfa_mi *r = &mi[k];
			if (r->group != g || (r->kind == CFA_LOADING) != loading)
				continue;
			if (loading ? (r->j == a && r->i == b) : ((r->i == a && r->j == b) || (r->i == b && r->j == a)))
				hit = r;
		}
		CHECK(hit != NULL);
		if (!hit)
			continue;
		matched++;
		CHECK_CLOSE(hit->mi, cfa_refnum(row, "mi"), 1e-5);
		CHECK_CLOSE(hit->epc, cfa_refnum(row, "epc"), 1e-5);
		CHECK_CLOSE(hit->sepc_all, cfa_refnum(row, "sepc_all"), 1e-5);
	}
	CHECK_INT(matched, n);
	free(mi);
}

TEST(cfa_modification_indices)
{
	struct cfa_case c;
	struct cfa_options o;

	cfa_options_init(&o);
	cfa_case_load(&c, "tests/fixtures/hs1939.csv", hs_items, 9, NULL, 0, NULL, 1);
	struct cfa_fit *fit = fit_scales(&c, 3, hs_factor_of, &o);
	check_mi(fit, cfa_ref("hs1939.json", "ml"), hs_items, hs_factors, 9, 3);
	cfa_fit_free(fit);
	cfa_case_free(&c);
	cfa_case_load(&c, "tests/fixtures/bfi.csv", bfi_items, 25, bfi_reversed, 7, NULL, 1);
	fit = fit_scales(&c, 5, bfi_factor_of, &o);
	check_mi(fit, cfa_ref("bfi.json", "ml"), bfi_items, bfi_factors, 25, 5);
	cfa_fit_free(fit);
	o.missing = CFA_FIML;
	fit = fit_scales(&c, 5, bfi_factor_of, &o);
	check_mi(fit, cfa_ref("bfi.json", "fiml"), bfi_items, bfi_factors, 25, 5);
	cfa_fit_free(fit);
	cfa_case_free(&c);
	/* two groups: the candidates of each */
	o.missing = CFA_LISTWISE;
	cfa_case_load(&c, "tests/fixtures/hs1939.csv", hs_items, 9, NULL, 0, "school", 2);
	fit = fit_scales(&c, 3, hs_factor_of, &o);
	check_mi(fit, cfa_ref("hs1939.json", "configural_mi"), hs_items, hs_factors, 9, 3);
	cfa_check_groups(fit, cfa_ref("hs1939.json", "configural_mi"), hs_items, 1e-5);
	cfa_fit_free(fit);
	cfa_case_free(&c);
}

/* CR and AVE from the standardised loadings, semTools' compRelSEM and AVE, MSV. */
static void check_validity(const struct cfa_fit *fit, const json_t *ref, const char *const *factors, size_t m)
{
	struct cfa_validity v[8];
	gsl_matrix *fl = gsl_matrix_alloc(m, m);
	const json_t *val = json_object_get(ref, "validity");

	CHECK_INT(cfa_validity(fit, 0, v, fl), 0);
	for (size_t f = 0; f < m; f++) {
		const json_t *flf = json_object_get(json_object_get(val, "fl"), factors[f]);
		CHECK_CLOSE(v[f].cr, cfa_refnum(flf, "cr"), 1e-5);
		CHECK_CLOSE(v[f].ave, cfa_refnum(flf, "ave"), 1e-5);
		CHECK_CLOSE(v[f].omega, cfa_refnum(json_object_get(val, "omega"), factors[f]), 1e-5);
		CHECK_CLOSE(v[f].ave_semtools, cfa_refnum(json_object_get(val, "ave"), factors[f]), 1e-5);
		CHECK_CLOSE(gsl_matrix_get(fl, f, f), sqrt(v[f].ave), 1e-12);
		/* MSV: the largest squared std.all factor correlation of f */
		double msv = 0;
		for (size_t h = 0; h < m; h++) {
			if (h == f)
				continue;
			size_t k = cfa_spec_find(&fit->spec, CFA_FACTOR_COV, 0, f, h);
			msv = fmax(msv, fit->par[k].std * fit->par[k].std);
			CHECK_CLOSE(gsl_matrix_get(fl, f, h), fit->par[k].std, 1e-12);
		}
		CHECK_CLOSE(v[f].msv, msv, 1e-12);
	}
	gsl_matrix_free(fl);
}

TEST(cfa_validity_semtools)
{
	struct cfa_case c;
	struct cfa_options o;

	cfa_options_init(&o);
	cfa_case_load(&c, "tests/fixtures/hs1939.csv", hs_items, 9, NULL, 0, NULL, 1);
	struct cfa_fit *fit = fit_scales(&c, 3, hs_factor_of, &o);
	check_validity(fit, cfa_ref("hs1939.json", "ml"), hs_factors, 3);
	cfa_fit_free(fit);
	cfa_case_free(&c);
	cfa_case_load(&c, "tests/fixtures/bfi.csv", bfi_items, 25, bfi_reversed, 7, NULL, 1);
	fit = fit_scales(&c, 5, bfi_factor_of, &o);
	check_validity(fit, cfa_ref("bfi.json", "ml"), bfi_factors, 5);
	cfa_fit_free(fit);
	o.missing = CFA_FIML;
	fit = fit_scales(&c, 5, bfi_factor_of, &o);
	check_validity(fit, cfa_ref("bfi.json", "fiml"), bfi_factors, 5);
	cfa_fit_free(fit);
	cfa_case_free(&c);
}

static const char *const step_names[] = {"configural", "metric", "scalar", "strict"};

static void check_test(const struct cfa_step_result *r, const json_t *ref, int scaled)
{
	CHECK_CLOSE(scaled ? r->scaled_diff : r->chisq_diff, cfa_refnum(ref, "chisq_diff"), 1e-5);
	CHECK_CLOSE(r->df_diff, cfa_refnum(ref, "df_diff"), 0);
	CHECK_NEAR(scaled ? r->scaled_p : r->p, cfa_refnum(ref, "p"), 1e-8);
	if (scaled)
		CHECK_CLOSE(r->scaling, cfa_refnum(ref, "scaling"), 1e-5);
}

/* The four steps, then a partial scalar step, against lavaan's fits and lavTestLRT. */
static void check_invariance(const char *csv, const char *const *items, size_t p, const char *const *reversed,
			     double rev_sum, const char *const *factors, size_t m, const size_t *factor_of,
			     const char *group, size_t groups, enum cfa_estimator est, const struct cfa_partial *partial,
			     size_t n_partial, const char *file, const char *key)
{
	struct cfa_case c;
	struct cfa_spec spec;
	struct cfa_options o;
	struct cfa_invariance inv;
	char path[128];

	cfa_case_load(&c, csv, items, p, reversed, rev_sum, group, groups);
	cfa_spec_init(&spec, p, m, groups);
	cfa_spec_scales(&spec, factor_of);
	cfa_options_init(&o);
	o.estimator = est;
	CHECK_INT(cfa_invariance_run(&spec, &c.data, &o, &inv), GSL_SUCCESS);
	for (int s = 0; s < CFA_STEPS; s++) {
		CHECK_INT(inv.step[s].status, GSL_SUCCESS);
		if (inv.step[s].status)
			continue;
		snprintf(path, sizeof path, "%s/fits/%s", key, step_names[s]);
		cfa_check_estimates(inv.step[s].fit, cfa_ref(file, path), items, factors, 1e-5);
		cfa_check_measures(inv.step[s].fit, cfa_ref(file, path), 1e-5);
		if (s == 0)
			continue;
		snprintf(path, sizeof path, "%s/tests/%s", key, step_names[s]);
		check_test(&inv.step[s], cfa_ref(file, path), est != CFA_ML);
		const json_t *now = json_object_get(cfa_ref(file, key), "fits");
		double cfi1 = cfa_refnum(json_object_get(json_object_get(now, step_names[s]), "fit"), "cfi");
		double cfi0 = cfa_refnum(json_object_get(json_object_get(now, step_names[s - 1]), "fit"), "cfi");
		CHECK_CLOSE(inv.step[s].delta_cfi, cfi1 - cfi0, 1e-4);
	}
	if (n_partial && inv.step[CFA_METRIC].status == GSL_SUCCESS) {
		struct cfa_fit *fit = NULL;
		struct cfa_step_result r;
		o.equal = CFA_EQ_LOADINGS | CFA_EQ_INTERCEPTS;
		o.partial = partial;
		o.n_partial = n_partial;
		CHECK_INT(cfa_fit_run(&spec, &c.data, &o, &fit), GSL_SUCCESS);
		snprintf(path, sizeof path, "%s/fits/partial", key);
		cfa_check_estimates(fit, cfa_ref(file, path), items, factors, 1e-5);
		cfa_check_measures(fit, cfa_ref(file, path), 1e-5);
		cfa_difference_test(fit, inv.step[CFA_METRIC].fit, &r);
		snprintf(path, sizeof path, "%s/tests/partial", key);
		check_test(&r, cfa_ref(file, path), est != CFA_ML);
		cfa_fit_free(fit);
	}
	cfa_invariance_release(&inv);
	cfa_spec_release(&spec);
	cfa_case_free(&c);
}

TEST(cfa_invariance_hs1939)
{
	const struct cfa_partial partial[] = {{CFA_INTERCEPT, 2, CFA_NONE}, {CFA_INTERCEPT, 6, CFA_NONE}};
	check_invariance("tests/fixtures/hs1939.csv", hs_items, 9, NULL, 0, hs_factors, 3, hs_factor_of, "school", 2,
			 CFA_ML, partial, 2, "hs1939.json", "invariance_ml");
	check_invariance("tests/fixtures/hs1939.csv", hs_items, 9, NULL, 0, hs_factors, 3, hs_factor_of, "school", 2,
			 CFA_MLM, partial, 2, "hs1939.json", "invariance_mlm");
}

TEST(cfa_invariance_wave)
{
	const struct cfa_partial partial[] = {{CFA_INTERCEPT, 10, CFA_NONE}};
	check_invariance("data/wave-between.csv", wave_items, 23, wave_reversed, 8, wave_factors, 5, wave_factor_of,
			 "scenario", 3, CFA_ML, partial, 1, "wave_between.json", "invariance_ml");
	check_invariance("data/wave-between.csv", wave_items, 23, wave_reversed, 8, wave_factors, 5, wave_factor_of,
			 "scenario", 3, CFA_MLR, NULL, 0, "wave_between.json", "invariance_mlr");
}
