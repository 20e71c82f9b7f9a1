/* models/paradox against scripts/ref/paradox.R: one-sided Welch t tests of each recovery level
 * against the no-failure control (t.test(alternative = "greater" / "less")), Holm-adjusted
 * (p.adjust), TOST by two one-sided t.test calls and its 90% interval; the verdict rule; a
 * constant group; a missing control. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "model_ref.h"
#include "models/oneway.h"
#include "models/paradox.h"
#include "test.h"

/* Summaries of the groups of set NAME (k written to *k; caller frees). */
static struct group_summary *ref_summaries(const json_t *ref, const char *name, size_t *k)
{
	const json_t *gs = json_object_get(json_object_get(ref, name), "groups");
	size_t rows = 0, at = 0;
	double *y;
	int *g;
	struct grouped *gr;
	struct group_summary *s;

	*k = json_array_size(gs);
	for (size_t i = 0; i < *k; i++)
		rows += json_array_size(json_array_get(gs, i));
	y = malloc(rows * sizeof *y);
	g = malloc(rows * sizeof *g);
	for (size_t i = 0; i < *k; i++)
		for (size_t a = 0; a < json_array_size(json_array_get(gs, i)); a++, at++) {
			y[at] = json_number_value(json_array_get(json_array_get(gs, i), a));
			g[at] = (int)i;
		}
	gr = grouped_alloc(y, g, rows, *k);
	s = malloc(*k * sizeof *s);
	oneway_summaries(gr, 0.95, s);
	grouped_free(gr);
	free(y);
	free(g);
	return s;
}

static double lnum(const json_t *ref, const char *set, size_t l, const char *field)
{
	char path[128];
	snprintf(path, sizeof path, "%s.levels[%zu].%s", set, l, field);
	return refnum(ref, path);
}

TEST(paradox_matches_t_test_holm_and_tost)
{
	static const char *const sets[] = {"wave", "close", "constant_control", "constant_level"};
	json_t *ref = refjson("paradox/paradox.json");

	for (size_t s = 0; s < 4; s++) {
		char path[128];
		size_t k;
		struct group_summary *sum = ref_summaries(ref, sets[s], &k);
		struct paradox_options o;
		struct paradox p;

		paradox_options_init(&o);
		snprintf(path, sizeof path, "%s.margin", sets[s]);
		o.margin = refnum(ref, path);
		CHECK_INT(paradox_test(sum, k, 0, &o, &p), GSL_SUCCESS);
		CHECK_INT(p.n_levels, k - 1);
		for (size_t l = 0; l < p.n_levels; l++) {
			const struct paradox_level *lv = &p.levels[l];
			CHECK_INT(lv->level, (size_t)lnum(ref, sets[s], l, "level"));
			CHECK_INT(lv->why, PARADOX_LEVEL_OK);
			CHECK_CLOSE(lv->diff, lnum(ref, sets[s], l, "diff"), 1e-12);
			CHECK_CLOSE(lv->t, lnum(ref, sets[s], l, "t"), 1e-10);
			CHECK_CLOSE(lv->df, lnum(ref, sets[s], l, "df"), 1e-10);
			CHECK_CLOSE(lv->p_greater, lnum(ref, sets[s], l, "p_greater"), 1e-9);
			CHECK_CLOSE(lv->p_less, lnum(ref, sets[s], l, "p_less"), 1e-9);
			CHECK_CLOSE(lv->p_greater_holm, lnum(ref, sets[s], l, "p_greater_holm"), 1e-9);
			CHECK_CLOSE(lv->p_less_holm, lnum(ref, sets[s], l, "p_less_holm"), 1e-9);
			CHECK_CLOSE(lv->t_low, lnum(ref, sets[s], l, "t_low"), 1e-10);
			CHECK_CLOSE(lv->t_high, lnum(ref, sets[s], l, "t_high"), 1e-10);
			CHECK_CLOSE(lv->p_low, lnum(ref, sets[s], l, "p_low"), 1e-9);
			CHECK_CLOSE(lv->p_high, lnum(ref, sets[s], l, "p_high"), 1e-9);
			CHECK_CLOSE(lv->p_tost, lnum(ref, sets[s], l, "p_tost"), 1e-9);
			CHECK_CLOSE(lv->llci, lnum(ref, sets[s], l, "llci"), 1e-9);
			CHECK_CLOSE(lv->ulci, lnum(ref, sets[s], l, "ulci"), 1e-9);
		}
		if (s == 0) {
			/* fix only: below the control; fix + apology: cannot tell; full recovery: above */
			CHECK_INT(p.levels[0].verdict, PARADOX_WORSE);
			CHECK_INT(p.levels[1].verdict, PARADOX_INCONCLUSIVE);
			CHECK_INT(p.levels[2].verdict, PARADOX_SUPPORTED);
			CHECK_INT(p.supported + p.worse + p.inconclusive, 3);
		} else if (s == 1) {
			CHECK_INT(p.levels[0].verdict, PARADOX_EQUIVALENT);
			CHECK(p.levels[0].llci > -o.margin && p.levels[0].ulci < o.margin);
			CHECK_INT(p.levels[1].verdict, PARADOX_INCONCLUSIVE);
		}
		paradox_release(&p);
		free(sum);
	}
	json_decref(ref);
}

TEST(paradox_edges)
{
	struct group_summary s[3] = {
		{.n = 10, .mean = 5, .var = 0},
		{.n = 12, .mean = 5.5, .var = 0},
		{.n = 0, .mean = NAN, .var = NAN},
	};
	struct paradox_options o;
	struct paradox p;

	paradox_options_init(&o);
	/* both groups constant: no se; an empty level: not tested; neither is an error */
	CHECK_INT(paradox_test(s, 3, 0, &o, &p), GSL_SUCCESS);
	CHECK_INT(p.levels[0].why, PARADOX_NO_VARIANCE);
	CHECK_INT(p.levels[0].verdict, PARADOX_NOT_TESTED);
	CHECK_CLOSE(p.levels[0].diff, 0.5, 1e-15);
	CHECK(isnan(p.levels[0].p_greater) && isnan(p.levels[0].p_greater_holm));
	CHECK_INT(p.levels[1].why, PARADOX_SMALL_LEVEL);
	CHECK_INT(p.not_tested, 2);
	paradox_release(&p);
	/* a missing control level: the control's index has no cases, or is not a level */
	CHECK_INT(paradox_test(s, 3, 2, &o, &p), GSL_EDOM);
	CHECK_INT(p.problem, PARADOX_NO_CONTROL);
	CHECK(p.levels == NULL);
	CHECK_INT(paradox_test(s, 3, 3, &o, &p), GSL_EDOM);
	CHECK_INT(p.problem, PARADOX_NO_CONTROL);
	s[0].n = 1;
	CHECK_INT(paradox_test(s, 3, 0, &o, &p), GSL_EDOM);
	CHECK_INT(p.problem, PARADOX_SMALL_CONTROL);
	s[0].n = 10;
	o.margin = 0;
	CHECK_INT(paradox_test(s, 3, 0, &o, &p), GSL_EINVAL);
	o.margin = 0.5;
	o.alpha = 0.5;
	CHECK_INT(paradox_test(s, 3, 0, &o, &p), GSL_EINVAL);
	/* only the control: nothing to compare, no error */
	o.alpha = 0.05;
	CHECK_INT(paradox_test(s, 1, 0, &o, &p), GSL_SUCCESS);
	CHECK_INT(p.n_levels, 0);
	paradox_release(&p);
}
