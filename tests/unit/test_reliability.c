/* models/reliability against psych::alpha, psych::alpha.ci (Feldt) and
 * psych::omega(nfactors = 1, fm = "pa", flip = FALSE) on psych's bfi (tests/fixtures/bfi.csv);
 * reference values from scripts/ref/reliability.R in tests/fixtures/reliability_ref.json. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "models/reliability.h"
#include "refdata.h"

static const char *const bfi_scales[] = {"agree", "conscientious", "extraversion", "neuroticism", "openness"};
static const char *const reversed[] = {"A1", "C4", "C5", "E1", "E2", "O2", "O5",
				       /* data/wave-between.codebook.csv */
				       "inv_4", "tru_3", "sat_2"};

static int is_reversed(const char *item)
{
	for (size_t i = 0; i < sizeof reversed / sizeof reversed[0]; i++)
		if (strcmp(item, reversed[i]) == 0)
			return 1;
	return 0;
}

static double arr(json_t *a, size_t i)
{
	return json_number_value(json_array_get(a, i));
}

/* One scale of the reference document against reliability_compute on the same data. */
static void check_scale(const struct table *t, const char *doc, const char *name, double lo, double hi)
{
	char path[128];
	json_t *s, *items;
	const char *cols[16];
	int rev[16];
	size_t k, bad = 0;
	gsl_matrix *x;
	struct reliability *rel;

	snprintf(path, sizeof path, "%s.scales.%s", doc, name);
	s = ref_get(path);
	CHECK(s != NULL);
	if (!s)
		return;
	items = json_object_get(s, "items");
	k = json_array_size(items);
	for (size_t j = 0; j < k; j++) {
		cols[j] = json_string_value(json_array_get(items, j));
		rev[j] = is_reversed(cols[j]);
	}
	x = table_complete(t, cols, k, rev, lo, hi);
	rel = reliability_alloc(k);
	CHECK_INT(reliability_compute(x, 0.95, rel, &bad), GSL_SUCCESS);
	CHECK_INT(rel->n, json_integer_value(json_object_get(s, "n")));
	CHECK_CLOSE(rel->alpha, json_number_value(json_object_get(s, "alpha")), 1e-10);
	CHECK_CLOSE(rel->alpha_std, json_number_value(json_object_get(s, "alpha_std")), 1e-10);
	CHECK_CLOSE(rel->average_r, json_number_value(json_object_get(s, "average_r")), 1e-10);
	CHECK_CLOSE(rel->alpha_lo, json_number_value(json_object_get(s, "alpha_lo")), 1e-9);
	CHECK_CLOSE(rel->alpha_hi, json_number_value(json_object_get(s, "alpha_hi")), 1e-9);
	CHECK_CLOSE(rel->omega, json_number_value(json_object_get(s, "omega")), 1e-9);
	CHECK_CLOSE(rel->scale_mean, json_number_value(json_object_get(s, "mean")), 1e-10);
	CHECK_CLOSE(rel->scale_sd, json_number_value(json_object_get(s, "sd")), 1e-10);
	CHECK_CLOSE(rel->cr, json_number_value(json_object_get(s, "cr")), 1e-9);
	CHECK_CLOSE(rel->ave, json_number_value(json_object_get(s, "ave")), 1e-9);
	for (size_t j = 0; j < k; j++) {
		CHECK_CLOSE(gsl_vector_get(rel->mean, j), arr(json_object_get(s, "item_mean"), j), 1e-10);
		CHECK_CLOSE(gsl_vector_get(rel->sd, j), arr(json_object_get(s, "item_sd"), j), 1e-10);
		CHECK_CLOSE(gsl_vector_get(rel->r_drop, j), arr(json_object_get(s, "r_drop"), j), 1e-10);
		CHECK_CLOSE(gsl_vector_get(rel->alpha_if_deleted, j),
			    arr(json_object_get(s, "alpha_if_deleted"), j), 1e-10);
		CHECK_CLOSE(gsl_vector_get(rel->loading, j), arr(json_object_get(s, "loadings"), j), 1e-9);
	}
	reliability_free(rel);
	gsl_matrix_free(x);
}

TEST(reliability_bfi_matches_psych)
{
	struct table t;

	CHECK_INT(table_read(fixture("bfi.csv"), &t), 0);
	CHECK(ref_json() != NULL);
	for (size_t i = 0; i < sizeof bfi_scales / sizeof bfi_scales[0]; i++)
		check_scale(&t, "bfi", bfi_scales[i], 1, 6);
	table_free(&t);
}

/* The bundled sample (items 1..7, no values out of range). */
TEST(reliability_wave_between_matches_psych)
{
	static const char *const scales[] = {"involvement", "trust", "satisfaction", "negemo", "pwom"};
	struct table t;

	CHECK_INT(table_read("data/wave-between.csv", &t), 0);
	for (size_t i = 0; i < sizeof scales / sizeof scales[0]; i++)
		check_scale(&t, "wave_between", scales[i], 1, 7);
	table_free(&t);
}

TEST(reliability_feldt_level)
{
	struct table t;
	const char *cols[] = {"A1", "A2", "A3", "A4", "A5"};
	const int rev[] = {1, 0, 0, 0, 0};
	gsl_matrix *x;
	struct reliability *rel = reliability_alloc(5);
	size_t bad;

	CHECK_INT(table_read(fixture("bfi.csv"), &t), 0);
	x = table_complete(&t, cols, 5, rev, 1, 6);
	CHECK_INT(reliability_compute(x, 0.90, rel, &bad), GSL_SUCCESS);
	CHECK_CLOSE(rel->alpha_lo, ref_num("bfi.alpha_lo90"), 1e-9);
	gsl_matrix_free(x);
	reliability_free(rel);
	table_free(&t);
}

/* Feldt's CI at n = 10^3 .. 10^8 (it was null from n = 1e6 on: GSL's F quantile failed): ten
 * items with unit variances and covariances 0.5 (alpha = 10/11), F quantiles from
 * scripts/ref/distributions.R (R's pf inverted). */
TEST(reliability_feldt_large_n)
{
	const double F_hi[] = {1.09499439794162901, 1.0294731084322883, 1.0092647944943154,
			       1.0029242812041543, 1.0009241896919667, 1.0002921995569567};
	const double F_lo[] = {0.91008601162752745, 0.9710344429080896, 0.99078595574840966,
			       0.99708079377120962, 0.99907631780508055, 0.99970785119274319};
	gsl_matrix *cov = gsl_matrix_alloc(10, 10);
	gsl_vector *mean = gsl_vector_calloc(10);
	struct reliability *rel = reliability_alloc(10);
	size_t bad, n = 1000;

	for (size_t i = 0; i < 10; i++)
		for (size_t j = 0; j < 10; j++)
			gsl_matrix_set(cov, i, j, i == j ? 1 : 0.5);
	for (size_t e = 0; e < 6; e++, n *= 10) {
		CHECK_INT(reliability_from_cov(cov, mean, n, 0.95, rel, &bad), GSL_SUCCESS);
		CHECK_CLOSE(rel->alpha, 10.0 / 11, 1e-12);
		CHECK_CLOSE(rel->alpha_lo, 1 - (1 - rel->alpha) * F_hi[e], 1e-12);
		CHECK_CLOSE(rel->alpha_hi, 1 - (1 - rel->alpha) * F_lo[e], 1e-12);
	}
	gsl_matrix_free(cov);
	gsl_vector_free(mean);
	reliability_free(rel);
}

/* Values near 1e6 with a small spread: shifting every item by 1e6 changes only the means. */
TEST(reliability_large_offset)
{
	double base[] = {1, 2, 2, 2, 3, 3, 3, 3, 5, 4, 5, 4, 2, 1, 2, 5, 4, 3};
	gsl_matrix *x = gsl_matrix_alloc(6, 3), *y = gsl_matrix_alloc(6, 3);
	struct reliability *a = reliability_alloc(3), *b = reliability_alloc(3);
	size_t bad;

	for (size_t i = 0; i < 18; i++) {
		x->data[i] = base[i];
		y->data[i] = base[i] + 1e6;
	}
	CHECK_INT(reliability_compute(x, 0.95, a, &bad), GSL_SUCCESS);
	CHECK_INT(reliability_compute(y, 0.95, b, &bad), GSL_SUCCESS);
	CHECK_CLOSE(b->alpha, a->alpha, 1e-9);
	CHECK_CLOSE(b->alpha_std, a->alpha_std, 1e-9);
	for (size_t j = 0; j < 3; j++) {
		CHECK_CLOSE(gsl_vector_get(b->sd, j), gsl_vector_get(a->sd, j), 1e-9);
		CHECK_CLOSE(gsl_vector_get(b->r_drop, j), gsl_vector_get(a->r_drop, j), 1e-8);
	}
	gsl_matrix_free(x);
	gsl_matrix_free(y);
	reliability_free(a);
	reliability_free(b);
}

TEST(reliability_constant_item)
{
	double v[] = {1, 4, 2, 2, 4, 3, 3, 4, 3, 5, 4, 4};
	gsl_matrix_view x = gsl_matrix_view_array(v, 4, 3);
	struct reliability *rel = reliability_alloc(3);
	size_t bad = 99;

	CHECK_INT(reliability_compute(&x.matrix, 0.95, rel, &bad), GSL_EDOM);
	CHECK_INT(bad, 1);
	reliability_free(rel);
}

TEST(reliability_too_few_cases_or_items)
{
	double v[] = {1, 2, 3};
	gsl_matrix_view one = gsl_matrix_view_array(v, 1, 3), item = gsl_matrix_view_array(v, 3, 1);
	struct reliability *rel = reliability_alloc(3), *r1 = reliability_alloc(1);
	size_t bad;

	CHECK_INT(reliability_compute(&one.matrix, 0.95, rel, &bad), GSL_EINVAL);
	CHECK_INT(reliability_compute(&item.matrix, 0.95, r1, &bad), GSL_EINVAL);
	reliability_free(rel);
	reliability_free(r1);
}

TEST(reliability_perfectly_correlated_items)
{
	/* items 1 and 3 identical: alpha is defined, omega is not (R is singular) */
	double v[] = {1, 2, 1, 2, 2, 2, 3, 5, 3, 4, 3, 4, 5, 4, 5, 2, 3, 2};
	gsl_matrix_view x = gsl_matrix_view_array(v, 6, 3);
	struct reliability *rel = reliability_alloc(3);
	size_t bad, i = 9, j = 9;

	CHECK_INT(reliability_compute(&x.matrix, 0.95, rel, &bad), GSL_SUCCESS);
	CHECK(isfinite(rel->alpha));
	CHECK_INT(rel->omega_status, GSL_ESING);
	CHECK(isnan(rel->omega));
	CHECK(reliability_perfect_pair(rel, &i, &j));
	CHECK_INT(i, 0);
	CHECK_INT(j, 2);
	CHECK(rel->omega_bad == 0 || rel->omega_bad == 2);
	reliability_free(rel);
}

TEST(reliability_two_items)
{
	/* k = 2: alpha-if-deleted and omega undefined; r.drop is the inter-item r */
	double v[] = {1, 2, 2, 2, 3, 4, 4, 3, 5, 5};
	gsl_matrix_view x = gsl_matrix_view_array(v, 5, 2);
	struct reliability *rel = reliability_alloc(2);
	size_t bad;

	CHECK_INT(reliability_compute(&x.matrix, 0.95, rel, &bad), GSL_SUCCESS);
	CHECK(isnan(gsl_vector_get(rel->alpha_if_deleted, 0)));
	CHECK_INT(rel->omega_status, GSL_EINVAL);
	CHECK_CLOSE(gsl_vector_get(rel->r_drop, 0), gsl_matrix_get(rel->cor, 0, 1), 1e-14);
	CHECK_CLOSE(rel->average_r, gsl_matrix_get(rel->cor, 0, 1), 1e-14);
	reliability_free(rel);
}

TEST(reliability_fornell_larcker_criterion)
{
	double a[] = {0.5, 0.36, NAN}, c[] = {1, 0.65, 0.2, 0.65, 1, 0.1, 0.2, 0.1, 1};
	gsl_vector_view ave = gsl_vector_view_array(a, 3);
	gsl_matrix_view cor = gsl_matrix_view_array(c, 3, 3);
	int ok[3];

	reliability_fornell_larcker(&ave.vector, &cor.matrix, ok);
	CHECK_INT(ok[0], 1);  /* sqrt(.5) = .707 > .65 */
	CHECK_INT(ok[1], 0);  /* sqrt(.36) = .6 < .65 */
	CHECK_INT(ok[2], -1); /* AVE unknown */
	c[2] = c[6] = c[5] = c[7] = NAN; /* scale 3's correlations unknown: skipped */
	reliability_fornell_larcker(&ave.vector, &cor.matrix, ok);
	CHECK_INT(ok[0], 1);
	c[1] = c[3] = NAN; /* nothing left to compare with */
	reliability_fornell_larcker(&ave.vector, &cor.matrix, ok);
	CHECK_INT(ok[0], -1);
}
