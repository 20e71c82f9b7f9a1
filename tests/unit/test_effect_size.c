/* models/effect_size against R's effectsize 0.8.3: scripts/ref/effect_size.R writes
 * tests/fixtures/experiments/effect_size.json with each interval as effectsize reports it (its
 * optim() stops at 1e-9 in the probabilities, and its bounds are off the exact ones by up to
 * 2.2e-6 relative or 2.5e-7 absolute: agreement 1e-6 relative or 3e-7 absolute) and with the
 * noncentralities solved by uniroot() on the exact series (agreement 1e-9 relative). */
#include "test.h"

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <jansson.h>

#include "model_ref.h"
#include "models/effect_size.h"

#define FIXTURE "experiments/effect_size.json"

static void check_bound(double got, const json_t *ref, const char *path, double rel)
{
	double want = refnum(ref, path);

	if (isnan(want)) /* an infinite bound is written as null */
		CHECK(isinf(got));
	else if (want == 0 || want == 1)
		CHECK(got == want);
	else if (rel >= 1e-6 && fabs(want) * rel < 3e-7)
		CHECK_NEAR(got, want, 3e-7);
	else
		CHECK_CLOSE(got, want, rel);
}

/* An interval against "<path>.estimate", ".lo", ".hi" (effectsize) and ".exact_lo", ".exact_hi". */
static void check_interval(const struct effect_interval *got, const json_t *ref, const char *path, int exact)
{
	char key[256];

	CHECK_INT(got->problem, EFFECT_OK);
	snprintf(key, sizeof key, "%s.estimate", path);
	CHECK_CLOSE(got->estimate, refnum(ref, key), 1e-12);
	snprintf(key, sizeof key, "%s.lo", path);
	check_bound(got->lo, ref, key, 1e-6);
	snprintf(key, sizeof key, "%s.hi", path);
	check_bound(got->hi, ref, key, 1e-6);
	if (!exact)
		return;
	snprintf(key, sizeof key, "%s.exact_lo", path);
	check_bound(got->lo, ref, key, 1e-9);
	snprintf(key, sizeof key, "%s.exact_hi", path);
	check_bound(got->hi, ref, key, 1e-9);
}

static void check_term(const struct effect_anova *e, const json_t *ref, const char *path, int partial)
{
	char key[256];

	snprintf(key, sizeof key, "%s.eta2", path);
	check_interval(partial ? &e->partial_eta2 : &e->eta2, ref, key, 1);
	snprintf(key, sizeof key, "%s.omega2", path);
	check_interval(partial ? &e->partial_omega2 : &e->omega2, ref, key, 1);
	snprintf(key, sizeof key, "%s.epsilon2", path);
	check_interval(partial ? &e->partial_epsilon2 : &e->epsilon2, ref, key, 1);
}

static int term_of(const json_t *ref, const char *path, double level, enum effect_alternative alt,
		   struct effect_anova *out)
{
	char k[6][160];
	const char *f[6] = {"ss", "df", "ss_error", "df_error", "ss_total", "n_total"};

	for (int i = 0; i < 6; i++)
		snprintf(k[i], sizeof k[i], "%s.%s", path, f[i]);
	return effect_anova_term(refnum(ref, k[0]), refnum(ref, k[1]), refnum(ref, k[2]), refnum(ref, k[3]),
				 refnum(ref, k[4]), refnum(ref, k[5]), level, alt, out);
}

TEST(effect_size_oneway_matches_effectsize)
{
	json_t *ref = refjson(FIXTURE);
	struct effect_anova e;

	CHECK_INT(term_of(ref, "oneway.term", 0.95, EFFECT_GREATER, &e), GSL_SUCCESS);
	check_term(&e, ref, "oneway.greater", 0);
	/* one-way: partial and non-partial are the same */
	CHECK_CLOSE(e.partial_eta2.lo, e.eta2.lo, 1e-14);
	CHECK_INT(term_of(ref, "oneway.term", 0.95, EFFECT_TWO_SIDED, &e), GSL_SUCCESS);
	check_term(&e, ref, "oneway.two_sided", 0);
	json_decref(ref);
}

TEST(effect_size_type3_terms_match_effectsize)
{
	json_t *ref = refjson(FIXTURE);
	struct effect_anova e;

	for (int i = 0; i < 3; i++) {
		char path[64], key[96];
		snprintf(path, sizeof path, "twoway[%d]", i);
		CHECK_INT(term_of(ref, path, 0.95, EFFECT_GREATER, &e), GSL_SUCCESS);
		snprintf(key, sizeof key, "%s.partial_greater", path);
		check_term(&e, ref, key, 1);
		snprintf(key, sizeof key, "%s.greater", path);
		check_term(&e, ref, key, 0);
		CHECK_INT(term_of(ref, path, 0.95, EFFECT_TWO_SIDED, &e), GSL_SUCCESS);
		snprintf(key, sizeof key, "%s.partial_two_sided", path);
		check_term(&e, ref, key, 1);
	}
	json_decref(ref);
}

TEST(effect_size_d_matches_effectsize)
{
	json_t *ref = refjson(FIXTURE);
	size_t n = json_array_size(json_object_get(ref, "d"));

	CHECK_INT(n, 7);
	for (size_t i = 0; i < n; i++) {
		json_t *c = json_array_get(json_object_get(ref, "d"), i);
		const char *alt_s = json_string_value(json_object_get(c, "alternative"));
		enum effect_alternative alt = alt_s[0] == 't' ? EFFECT_TWO_SIDED : alt_s[0] == 'g' ? EFFECT_GREATER
												 : EFFECT_LESS;
		double level = refnum(c, "level");
		struct effect_d d;

		if (isnan(refnum(c, "mean_diff"))) {
			struct group_summary a = {.n = (size_t)refnum(c, "n_a"), .mean = refnum(c, "mean_a"),
						  .var = refnum(c, "var_a")};
			struct group_summary b = {.n = (size_t)refnum(c, "n_b"), .mean = refnum(c, "mean_b"),
						  .var = refnum(c, "var_b")};
			CHECK_INT(effect_cohens_d(&a, &b, level, alt, &d), GSL_SUCCESS);
		} else {
			CHECK_INT(effect_paired_d((size_t)refnum(c, "n_a"), refnum(c, "mean_diff"), refnum(c, "sd_diff"),
						  level, alt, &d),
				  GSL_SUCCESS);
		}
		check_interval(&d.d, c, "d", 1);
		check_interval(&d.g, c, "g", 0);
	}
	json_decref(ref);
}

TEST(effect_size_r2_matches_effectsize)
{
	json_t *ref = refjson(FIXTURE);
	struct effect_interval r;
	size_t k = (size_t)refnum(ref, "r2.k"), n = (size_t)refnum(ref, "r2.n");

	CHECK_INT(effect_r2_interval(refnum(ref, "r2.r2"), k, n, 0.95, EFFECT_GREATER, &r), GSL_SUCCESS);
	check_interval(&r, ref, "r2.greater", 1);
	CHECK_INT(effect_r2_interval(refnum(ref, "r2.r2"), k, n, 0.90, EFFECT_TWO_SIDED, &r), GSL_SUCCESS);
	check_interval(&r, ref, "r2.two_sided90", 1);
	json_decref(ref);
}

TEST(effect_size_edge_cases)
{
	struct effect_interval r;
	struct effect_anova e;
	struct effect_d d;
	struct group_summary a = {.n = 1, .mean = 3, .var = NAN}, b = {.n = 2, .mean = 2, .var = 0.5};
	struct group_summary c = {.n = 4, .mean = 2, .var = 0}, z = {.n = 3, .mean = 2, .var = 0};

	/* no effect: F = 0, the interval is [0, 0] two-sided and [0, 1] one-sided */
	CHECK_INT(effect_pve_interval(0, 2, 40, 0.95, EFFECT_TWO_SIDED, &r), GSL_SUCCESS);
	CHECK(r.lo == 0 && r.hi == 0);
	CHECK_INT(effect_pve_interval(-0.01, 2, 40, 0.95, EFFECT_GREATER, &r), GSL_SUCCESS);
	CHECK(r.estimate == 0 && r.lo == 0 && r.hi == 1);
	/* a perfect fit, no error df, a bad level */
	CHECK_INT(effect_pve_interval(1, 2, 40, 0.95, EFFECT_TWO_SIDED, &r), GSL_EDOM);
	CHECK_INT(r.problem, EFFECT_PERFECT);
	CHECK(isnan(r.lo) && isnan(r.hi));
	CHECK_INT(effect_pve_interval(0.3, 2, 0, 0.95, EFFECT_TWO_SIDED, &r), GSL_EDOM);
	CHECK_INT(r.problem, EFFECT_NO_DF);
	CHECK_INT(effect_pve_interval(0.3, 2, 10, 1.5, EFFECT_TWO_SIDED, &r), GSL_EDOM);
	CHECK_INT(r.problem, EFFECT_BAD_LEVEL);
	CHECK_INT(effect_pve_interval(0.3, 2, 10, 0.4, EFFECT_GREATER, &r), GSL_EDOM);
	CHECK_INT(r.problem, EFFECT_BAD_LEVEL);
	CHECK_INT(effect_pve_interval(NAN, 2, 10, 0.95, EFFECT_GREATER, &r), GSL_EDOM);
	CHECK_INT(r.problem, EFFECT_NOT_FINITE);
	CHECK_INT(effect_anova_term(NAN, 2, 10, 30, 20, 33, 0.95, EFFECT_GREATER, &e), GSL_EDOM);
	CHECK_INT(e.eta2.problem, EFFECT_NOT_FINITE);
	/* a group of one: d exists (the other group gives the SD), df 1 leaves g undefined */
	CHECK_INT(effect_cohens_d(&a, &b, 0.95, EFFECT_TWO_SIDED, &d), GSL_SUCCESS);
	CHECK_CLOSE(d.d.estimate, 1 / sqrt(0.5), 1e-14);
	CHECK(isfinite(d.d.lo) && isfinite(d.d.hi) && d.d.lo < d.d.estimate && d.d.hi > d.d.estimate);
	CHECK(isnan(d.g.estimate) && isnan(d.g.lo));
	CHECK_INT(d.g.problem, EFFECT_NO_DF);
	/* both groups constant; too few cases */
	CHECK_INT(effect_cohens_d(&c, &z, 0.95, EFFECT_TWO_SIDED, &d), GSL_EDOM);
	CHECK_INT(d.d.problem, EFFECT_NO_VARIANCE);
	CHECK_INT(effect_cohens_d(&a, &a, 0.95, EFFECT_TWO_SIDED, &d), GSL_EDOM);
	CHECK_INT(d.d.problem, EFFECT_NO_DF);
	CHECK_INT(effect_paired_d(1, 0.5, 1, 0.95, EFFECT_TWO_SIDED, &d), GSL_EDOM);
	CHECK_INT(d.d.problem, EFFECT_NO_DF);
	CHECK_INT(effect_paired_d(10, 0.5, 0, 0.95, EFFECT_TWO_SIDED, &d), GSL_EDOM);
	CHECK_INT(d.d.problem, EFFECT_NO_VARIANCE);
	/* a huge t (1,000,000 cases; R's pt cannot go there): the interval is about d -/+ 1.96 SE */
	CHECK_INT(effect_d_interval(0.5, 999998, 4.0 / 1e6, 0.95, EFFECT_TWO_SIDED, &d), GSL_SUCCESS);
	CHECK_NEAR(d.d.lo, 0.5 - 1.959964 * sqrt(4e-6 * (1 + 0.25 / 8)), 1e-5);
	CHECK_NEAR(d.d.hi, 0.5 + 1.959964 * sqrt(4e-6 * (1 + 0.25 / 8)), 1e-5);
}
