/* models/contrasts against lm() with the contrast matrix: scripts/ref/contrasts.R writes
 * tests/fixtures/experiments/contrasts.json; the group summaries come from the fixture CSVs
 * through models/group_moments. Agreement 1e-10 relative (p-values 1e-12 absolute). */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <jansson.h>

#include "model_ref.h"
#include "models/contrasts.h"
#include "models/group_moments.h"

#define REL 1e-10

/* Summaries of column y by the 1-based codes of column g (k levels). */
static size_t summaries_of(const char *file, const char *y, const char *g, struct group_summary *s, double level)
{
	char path[128];
	struct reftable *t;
	struct group_moments *m;
	size_t k = 0;

	snprintf(path, sizeof path, "experiments/%s", file);
	t = reftable_read(path);
	for (size_t i = 0; i < t->n; i++)
		k = refcol(t, g)[i] > (double)k ? (size_t)refcol(t, g)[i] : k;
	m = group_moments_alloc(k, 1);
	for (size_t i = 0; i < t->n; i++)
		CHECK_INT(group_moments_add(m, (size_t)refcol(t, g)[i] - 1, &refcol(t, y)[i]), GSL_SUCCESS);
	group_moments_summaries(m, 0, level, s);
	group_moments_free(m);
	reftable_free(t);
	return k;
}

/* Our weights for the contrast R named, from its name. */
static enum contrast_problem weights_for(const char *name, size_t k, const double *scores, const json_t *rw, double *w)
{
	double set[64];
	size_t j, bad;
	enum contrast_problem why;

	if (sscanf(name, "poly%zu", &j) == 1)
		return contrast_polynomial(k, scores, j, w, &bad);
	if (sscanf(name, "seq%zu", &j) == 1)
		why = contrast_sequential(k, set);
	else if (sscanf(name, "helmert%zu", &j) == 1)
		why = contrast_helmert(k, set);
	else if (sscanf(name, "difference%zu", &j) == 1)
		why = contrast_difference(k, set);
	else { /* custom: the weights as given */
		for (size_t i = 0; i < k; i++)
			w[i] = json_number_value(json_array_get(rw, i));
		return contrast_check_custom(w, json_array_size(rw), k, &bad);
	}
	for (size_t i = 0; i < k; i++)
		w[i] = set[(j - 1) * k + i];
	return why;
}

TEST(contrasts_match_lm)
{
	json_t *ref = refjson("experiments/contrasts.json"), *c;
	size_t ci, tested = 0;

	json_array_foreach(ref, ci, c) {
		struct group_summary s[8];
		double level = refnum(c, "level"), scores[8], *sc = NULL;
		json_t *rs = json_object_get(c, "scores"), *rc;
		size_t k = summaries_of(json_string_value(json_object_get(c, "file")),
					json_string_value(json_object_get(c, "y")),
					json_string_value(json_object_get(c, "group")), s, level), i;
		if (json_is_array(rs)) {
			for (i = 0; i < json_array_size(rs); i++)
				scores[i] = json_number_value(json_array_get(rs, i));
			sc = scores;
		}
		json_array_foreach(json_object_get(c, "contrasts"), i, rc) {
			const char *name = json_string_value(json_object_get(rc, "name"));
			json_t *rw = json_object_get(rc, "weights"), *welch = json_object_get(rc, "welch");
			double w[8];
			struct contrast_test r;

			CHECK_INT(weights_for(name, k, sc, rw, w), CONTRAST_OK);
			for (size_t l = 0; l < k; l++)
				CHECK_NEAR(w[l], json_number_value(json_array_get(rw, l)), 1e-12);
			CHECK_INT(contrast_test(s, k, w, level, &r), CONTRAST_OK);
			CHECK_CLOSE(r.estimate, refnum(rc, "estimate"), REL);
			CHECK_CLOSE(r.se, refnum(rc, "se"), REL);
			CHECK_CLOSE(r.t, refnum(rc, "t"), REL);
			CHECK_CLOSE(r.df, refnum(rc, "df"), 0);
			CHECK_NEAR(r.p, refnum(rc, "p"), 1e-12);
			CHECK_CLOSE(r.llci, refnum(rc, "llci"), REL);
			CHECK_CLOSE(r.ulci, refnum(rc, "ulci"), REL);
			CHECK_CLOSE(r.ss, refnum(rc, "ss"), REL);
			CHECK_CLOSE(r.share, refnum(rc, "share"), REL);
			if (json_is_object(welch)) {
				CHECK_INT(r.welch_problem, CONTRAST_OK);
				CHECK_CLOSE(r.welch_se, refnum(welch, "se"), REL);
				CHECK_CLOSE(r.welch_df, refnum(welch, "df"), REL);
				CHECK_CLOSE(r.welch_t, refnum(welch, "t"), REL);
				CHECK_NEAR(r.welch_p, refnum(welch, "p"), 1e-12);
				CHECK_CLOSE(r.welch_llci, refnum(welch, "llci"), REL);
				CHECK_CLOSE(r.welch_ulci, refnum(welch, "ulci"), REL);
			} else {
				/* the group of one with a weight */
				CHECK_INT(r.welch_problem, CONTRAST_SMALL_GROUP);
				CHECK_INT(r.welch_bad, 1);
				CHECK(isnan(r.welch_t));
			}
			tested++;
		}
	}
	CHECK_INT(tested, 40);
	json_decref(ref);
}

TEST(contrasts_shares_of_orthogonal_set_sum_to_one)
{
	struct group_summary s[8];
	size_t k = summaries_of("warpbreaks.csv", "breaks", "wool", s, 0.95), k6;
	double w[8], total = 0;
	struct contrast_test r;

	/* two levels: one contrast takes the whole between-group SS */
	CHECK_INT(k, 2);
	CHECK_INT(contrast_polynomial(2, NULL, 1, w, NULL), CONTRAST_OK);
	CHECK_INT(contrast_test(s, 2, w, 0.95, &r), CONTRAST_OK);
	CHECK_CLOSE(r.share, 1, 1e-12);
	CHECK_INT(contrast_polynomial(2, NULL, 2, w, NULL), CONTRAST_BAD_DEGREE);
	/* three tensions of 18 breaks each: the two orthogonal polynomials split it */
	k6 = summaries_of("warpbreaks.csv", "breaks", "tension", s, 0.95);
	CHECK_INT(k6, 3);
	for (size_t d = 1; d < 3; d++) {
		CHECK_INT(contrast_polynomial(3, NULL, d, w, NULL), CONTRAST_OK);
		CHECK_INT(contrast_test(s, 3, w, 0.95, &r), CONTRAST_OK);
		total += r.share;
	}
	CHECK_CLOSE(total, 1, 1e-12);
}

TEST(contrasts_refuse_bad_weights_and_data)
{
	double w[4], bad_scores[3] = {1, 2, 2}, nan_scores[3] = {1, NAN, 3};
	size_t bad = 99;
	struct contrast_test r;
	struct group_summary s[3] = {{.n = 3, .mean = 1, .var = 1}, {.n = 0, .mean = NAN, .var = NAN},
				     {.n = 2, .mean = 2, .var = 0.5}};
	struct group_summary ones[3] = {{.n = 1, .mean = 1}, {.n = 1, .mean = 2}, {.n = 1, .mean = 4}};
	struct group_summary flat[3] = {{.n = 2, .mean = 1, .var = 0}, {.n = 3, .mean = 2, .var = 0},
					{.n = 2, .mean = 4, .var = 0}};

	CHECK_INT(contrast_polynomial(1, NULL, 1, w, NULL), CONTRAST_TOO_FEW_LEVELS);
	CHECK_INT(contrast_polynomial(3, NULL, 0, w, NULL), CONTRAST_BAD_DEGREE);
	CHECK_INT(contrast_polynomial(3, NULL, 3, w, NULL), CONTRAST_BAD_DEGREE);
	CHECK_INT(contrast_polynomial(3, bad_scores, 1, w, &bad), CONTRAST_BAD_SCORES);
	CHECK_INT(bad, 2);
	CHECK_INT(contrast_polynomial(3, nan_scores, 1, w, &bad), CONTRAST_BAD_SCORES);
	CHECK_INT(bad, 1);
	CHECK_INT(contrast_sequential(1, w), CONTRAST_TOO_FEW_LEVELS);
	CHECK_INT(contrast_helmert(1, w), CONTRAST_TOO_FEW_LEVELS);
	CHECK_INT(contrast_difference(0, w), CONTRAST_TOO_FEW_LEVELS);
	CHECK_INT(contrast_check_custom((double[]){1, -1}, 2, 3, &bad), CONTRAST_WRONG_COUNT);
	CHECK_INT(contrast_check_custom((double[]){1, 1, -1}, 3, 3, &bad), CONTRAST_NOT_ZERO_SUM);
	CHECK_INT(contrast_check_custom((double[]){0, 0, 0}, 3, 3, &bad), CONTRAST_ALL_ZERO);
	CHECK_INT(contrast_check_custom((double[]){1, INFINITY, -1}, 3, 3, &bad), CONTRAST_NOT_FINITE);
	CHECK_INT(bad, 1);
	CHECK_INT(contrast_check_custom((double[]){0.333, 0.333, -0.666}, 3, 3, &bad), CONTRAST_OK);
	CHECK_INT(contrast_check_custom((double[]){1.0 / 3, 1.0 / 3, -2.0 / 3}, 3, 3, &bad), CONTRAST_OK);
	/* an empty level, one case per level, every level constant */
	contrast_polynomial(3, NULL, 1, w, NULL);
	CHECK_INT(contrast_test(s, 3, w, 0.95, &r), CONTRAST_EMPTY_LEVEL);
	CHECK_INT(r.bad, 1);
	CHECK(isnan(r.estimate) && isnan(r.t) && isnan(r.welch_t));
	CHECK_INT(contrast_test(ones, 3, w, 0.95, &r), CONTRAST_NO_ERROR_DF);
	CHECK_INT(contrast_test(flat, 3, w, 0.95, &r), CONTRAST_NO_ERROR_VARIANCE);
	CHECK_INT(contrast_test(flat, 3, (double[]){0, 0, 0}, 0.95, &r), CONTRAST_ALL_ZERO);
	/* Welch alone impossible: the pooled test stands */
	{
		struct group_summary some[3] = {{.n = 3, .mean = 1, .var = 0}, {.n = 3, .mean = 2, .var = 1},
						{.n = 2, .mean = 4, .var = 0}};
		CHECK_INT(contrast_test(some, 3, w, 0.95, &r), CONTRAST_OK);
		CHECK(isfinite(r.t));
		CHECK_INT(r.welch_problem, CONTRAST_NO_VARIANCE);
	}
}
