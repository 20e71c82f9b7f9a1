/* models/zone against scripts/ref/zone.R: the classes by the rule of models/zone.h (inverted
 * zones and missing scores included), MSA and MSS per group, and the groups x classes test
 * (chisq.test, fisher.test). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "model_ref.h"
#include "models/zone.h"
#include "test.h"

static double *ref_array(const json_t *ref, const char *key, size_t *n)
{
	const json_t *a = json_object_get(ref, key);
	double *v;

	*n = json_array_size(a);
	v = malloc(*n * sizeof *v);
	for (size_t i = 0; i < *n; i++) {
		const json_t *x = json_array_get(a, i);
		v[i] = json_is_number(x) ? json_number_value(x) : NAN;
	}
	return v;
}

TEST(zone_matches_reference)
{
	static const char *const cls[] = {"below", "within", "above"};
	json_t *ref = refjson("zone/zone.json");
	size_t n;
	double *a = ref_array(ref, "adequate", &n), *d = ref_array(ref, "desired", &n), *p = ref_array(ref, "perceived", &n);
	double *gd = ref_array(ref, "group", &n);
	int *g = malloc(n * sizeof *g);
	struct crosstab_options o;
	struct zone z;

	for (size_t i = 0; i < n; i++)
		g[i] = (int)gd[i];
	crosstab_options_init(&o);
	CHECK_INT(zone_run(a, d, p, g, n, 3, &o, &z), GSL_SUCCESS);
	CHECK_INT(z.missing_score, 2);
	CHECK_INT(z.no_group, 0);
	CHECK_INT(z.all.n, 88);
	for (size_t i = 0; i < 3; i++) {
		char path[64];
		const struct zone_group *zg = &z.groups[i];
		snprintf(path, sizeof path, "groups[%zu].n", i);
		CHECK_INT(zg->n, (size_t)refnum(ref, path));
		for (int c = 0; c < ZONE_CLASSES; c++) {
			snprintf(path, sizeof path, "groups[%zu].%s", i, cls[c]);
			CHECK_INT(zg->count[c], (size_t)refnum(ref, path));
			CHECK_CLOSE(zg->share[c], refnum(ref, path) / (double)zg->n, 1e-15);
		}
		snprintf(path, sizeof path, "groups[%zu].inverted", i);
		CHECK_INT(zg->inverted, (size_t)refnum(ref, path));
		snprintf(path, sizeof path, "groups[%zu].msa_mean", i);
		CHECK_CLOSE(zg->msa_mean, refnum(ref, path), 1e-12);
		snprintf(path, sizeof path, "groups[%zu].msa_sd", i);
		CHECK_CLOSE(zg->msa_sd, refnum(ref, path), 1e-12);
		snprintf(path, sizeof path, "groups[%zu].mss_mean", i);
		CHECK_CLOSE(zg->mss_mean, refnum(ref, path), 1e-12);
		snprintf(path, sizeof path, "groups[%zu].mss_sd", i);
		CHECK_CLOSE(zg->mss_sd, refnum(ref, path), 1e-12);
	}
	/* respondent 5 (index 4), among others, has an inverted zone and a perceived score between
	 * its two ends: both rules hold and it is below */
	CHECK_INT(z.all.inverted, 3);
	CHECK_INT(z.all.inverted_both, (size_t)refnum(ref, "inverted_both"));
	CHECK(z.all.inverted_both >= 1);
	CHECK_CLOSE(z.all.msa_mean, refnum(ref, "all.msa_mean"), 1e-12);
	CHECK_CLOSE(z.all.mss_sd, refnum(ref, "all.mss_sd"), 1e-12);
	CHECK_INT(z.test_status, GSL_SUCCESS);
	CHECK_CLOSE(z.test->pearson.stat, refnum(ref, "chisq.stat"), 1e-12);
	CHECK_CLOSE(z.test->pearson.df, refnum(ref, "chisq.df"), 0);
	CHECK_CLOSE(z.test->pearson.p, refnum(ref, "chisq.p"), 1e-9);
	CHECK_INT(z.test->fisher.method, FISHER_EXACT);
	CHECK_CLOSE(z.test->fisher.p, refnum(ref, "fisher"), 1e-9);
	zone_release(&z);
	free(a);
	free(d);
	free(p);
	free(gd);
	free(g);
	json_decref(ref);
}

TEST(zone_classify_rule)
{
	double msa, mss;

	CHECK_INT(zone_classify(3, 5, 2.5, &msa, &mss), ZONE_BELOW);
	CHECK_CLOSE(msa, -0.5, 0);
	CHECK_CLOSE(mss, -2.5, 0);
	CHECK_INT(zone_classify(3, 5, 3, &msa, &mss), ZONE_WITHIN); /* the ends are inside */
	CHECK_INT(zone_classify(3, 5, 5, &msa, &mss), ZONE_WITHIN);
	CHECK_INT(zone_classify(3, 5, 5.5, &msa, &mss), ZONE_ABOVE);
	/* inverted zone (adequate 5 > desired 3): below first, otherwise above, never within */
	CHECK_INT(zone_classify(5, 3, 4, &msa, &mss), ZONE_BELOW);
	CHECK_INT(zone_classify(5, 3, 2, &msa, &mss), ZONE_BELOW);
	CHECK_INT(zone_classify(5, 3, 5, &msa, &mss), ZONE_ABOVE);
	CHECK_INT(zone_classify(NAN, 3, 5, &msa, &mss), ZONE_MISSING);
	CHECK(isnan(msa) && isnan(mss));
}

TEST(zone_edges)
{
	const double a[] = {3, 3, NAN, 3}, d[] = {5, 5, 5, 5}, p[] = {4, 4.5, 4, 6};
	const int g[] = {0, 0, 1, 7};
	struct crosstab_options o;
	struct zone z;

	crosstab_options_init(&o);
	/* everyone classified is within and in group 0: one group, one class, no test */
	CHECK_INT(zone_run(a, d, p, g, 4, 2, &o, &z), GSL_SUCCESS);
	CHECK_INT(z.all.n, 2);
	CHECK_INT(z.missing_score, 1);
	CHECK_INT(z.no_group, 1);
	CHECK_INT(z.groups[0].count[ZONE_WITHIN], 2);
	CHECK_INT(z.groups[1].n, 0);
	CHECK(isnan(z.groups[1].share[ZONE_BELOW]) && isnan(z.groups[1].msa_mean));
	CHECK_INT(z.test_status, GSL_EDOM);
	CHECK_INT(z.test->problem, CROSSTAB_ONE_ROW);
	zone_release(&z);
	/* no one can be classified */
	CHECK_INT(zone_run(a + 2, d, p, g + 2, 1, 2, &o, &z), GSL_EDOM);
	CHECK_INT(z.missing_score, 1);
	zone_release(&z);
	CHECK_INT(zone_run(a, d, p, g, 0, 2, &o, &z), GSL_EDOM);
	zone_release(&z);
}
