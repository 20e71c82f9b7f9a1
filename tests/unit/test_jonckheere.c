/* models/jonckheere against scripts/ref/jonckheere.R: J, its mean and tie-corrected variance
 * (kSamples::jt.test's mu and sig), the exact p-values (the convolution of stats::dwilcox, equal
 * to kSamples' exact enumeration where it enumerates) and the normal ones. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "model_ref.h"
#include "models/jonckheere.h"
#include "test.h"

static const char *const sets[] = {"small", "four_groups", "decreasing", "unbalanced", "likert", "large"};

/* The groups of set NAME as a struct grouped. */
static struct grouped *ref_groups(const json_t *ref, const char *name)
{
	const json_t *gs = json_object_get(json_object_get(ref, name), "groups");
	size_t rows = 0, k = json_array_size(gs), at = 0;
	double *y;
	int *g;
	struct grouped *out;

	for (size_t i = 0; i < k; i++)
		rows += json_array_size(json_array_get(gs, i));
	y = malloc(rows * sizeof *y);
	g = malloc(rows * sizeof *g);
	for (size_t i = 0; i < k; i++)
		for (size_t a = 0; a < json_array_size(json_array_get(gs, i)); a++, at++) {
			y[at] = json_number_value(json_array_get(json_array_get(gs, i), a));
			g[at] = (int)i;
		}
	out = grouped_alloc(y, g, rows, k);
	free(y);
	free(g);
	return out;
}

static double num(const json_t *ref, const char *name, const char *path)
{
	char full[128];
	snprintf(full, sizeof full, "%s.%s", name, path);
	return refnum(ref, full);
}

TEST(jonckheere_matches_reference)
{
	json_t *ref = refjson("jonckheere/jonckheere.json");

	for (size_t s = 0; s < sizeof sets / sizeof *sets; s++) {
		const char *name = sets[s];
		struct grouped *g = ref_groups(ref, name);
		struct jonckheere jt;
		int has_exact = json_object_get(json_object_get(ref, name), "exact") != NULL;

		CHECK_INT(jonckheere_test(g, 1, &jt), GSL_SUCCESS);
		CHECK_CLOSE(jt.J, num(ref, name, "J"), 1e-15);
		CHECK_CLOSE(jt.J, num(ref, name, "ksamples.JT"), 1e-15);
		CHECK_CLOSE(jt.mean, num(ref, name, "ksamples.mu"), 1e-15);
		CHECK_CLOSE(sqrt(jt.var), num(ref, name, "ksamples.sig"), 1e-12);
		CHECK_CLOSE(jt.z, num(ref, name, "z"), 1e-12);
		CHECK_INT(jt.method, has_exact ? JT_EXACT : JT_NORMAL);
		if (has_exact) {
			CHECK_CLOSE(jt.p_increasing, num(ref, name, "exact.p_increasing"), 1e-9);
			CHECK_CLOSE(jt.p_decreasing, num(ref, name, "exact.p_decreasing"), 1e-9);
			CHECK_CLOSE(jt.p_two_sided, num(ref, name, "exact.p_two_sided"), 1e-9);
			if (s == 0 || s == 2) /* kSamples enumerated these */
				CHECK_CLOSE(jt.p_increasing, num(ref, name, "exact.ksamples_exact"), 1e-9);
			/* the normal approximation when asked for */
			CHECK_INT(jonckheere_test(g, 0, &jt), GSL_SUCCESS);
			CHECK_INT(jt.method, JT_NORMAL);
		}
		CHECK_CLOSE(jt.p_increasing, num(ref, name, "normal.p_increasing"), 1e-10);
		CHECK_CLOSE(jt.p_increasing, num(ref, name, "ksamples.p"), 1e-10);
		CHECK_CLOSE(jt.p_decreasing, num(ref, name, "normal.p_decreasing"), 1e-10);
		CHECK_CLOSE(jt.p_two_sided, num(ref, name, "normal.p_two_sided"), 1e-10);
		grouped_free(g);
	}
	json_decref(ref);
}

TEST(jonckheere_edges)
{
	const double y[] = {1, 2, 3, 4, 4, 4, 4};
	const int one_group[] = {0, 0, 0, 0, 0, 0, 0}, tied[] = {0, 0, 0, 2, 2, 2, 2};
	const int empty_middle[] = {0, 0, 0, 2, 2, 2, 2};
	struct grouped *g = grouped_alloc(y, one_group, 7, 3);
	struct jonckheere jt;

	CHECK_INT(jonckheere_test(g, 1, &jt), GSL_EDOM); /* one non-empty group */
	CHECK_INT(jt.groups, 1);
	CHECK(isnan(jt.p_two_sided));
	grouped_free(g);
	/* an empty group in the middle is ignored: groups 0 and 2, J = 3 x 4 = 12; the value 4
	 * repeats (within group 2), so the p-values are normal */
	g = grouped_alloc(y, empty_middle, 7, 3);
	CHECK_INT(jonckheere_test(g, 1, &jt), GSL_SUCCESS);
	CHECK_INT(jt.groups, 2);
	CHECK_CLOSE(jt.J, 12, 0);
	CHECK_INT(jt.method, JT_NORMAL); /* ties: the normal approximation */
	CHECK_INT(jt.tied_values, 1);
	grouped_free(g);
	{
		const double same[] = {3, 3, 3, 3, 3, 3, 3};
		g = grouped_alloc(same, tied, 7, 3);
		CHECK_INT(jonckheere_test(g, 1, &jt), GSL_EZERODIV);
		CHECK_CLOSE(jt.J, 6, 0); /* 3 x 4 ties, half each */
		grouped_free(g);
	}
	{
		/* two groups without ties: J is the Mann-Whitney U, exact p of a perfect separation
		 * 1 / C(7, 3) */
		const double sep[] = {1, 2, 3, 4, 5, 6, 7};
		g = grouped_alloc(sep, tied, 7, 3);
		CHECK_INT(jonckheere_test(g, 1, &jt), GSL_SUCCESS);
		CHECK_INT(jt.method, JT_EXACT);
		CHECK_CLOSE(jt.J, 12, 0);
		CHECK_CLOSE(jt.p_increasing, 1.0 / 35, 1e-14);
		CHECK_CLOSE(jt.p_decreasing, 1, 1e-14);
		CHECK_CLOSE(jt.p_two_sided, 2.0 / 35, 1e-14);
		grouped_free(g);
	}
}
