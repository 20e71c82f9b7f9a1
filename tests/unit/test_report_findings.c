/* analysis/report/report_findings.c: the findings in words, from section results written by hand, with
 * every statistic the results can hold as null (not computable), as many traits as wanted, and
 * the wording of degrees of freedom. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "analysis/commands/compare.h"
#include "analysis/commands/correlate.h"
#include "analysis/commands/moderate.h"
#include "analysis/commands/regress.h"
#include "analysis/commands/reliability.h"
#include "analysis/commands/segment.h"
#include "analysis/report/report_parts.h"
#include "test.h"

/* A correlate result with the pairs of a result document (its variables in order of appearance;
 * the pairs not named are NaN). */
static void correlate_of(const json_t *doc, struct correlate_result *c)
{
	const json_t *pairs = json_object_get(doc, "pairs");
	size_t cap = 2 * json_array_size(pairs);

	memset(c, 0, sizeof *c);
	c->names = calloc(cap ? cap : 1, sizeof *c->names);
	for (size_t i = 0; i < json_array_size(pairs); i++)
		for (size_t e = 0; e < 2; e++) {
			const char *name = json_string_value(json_object_get(json_array_get(pairs, i), e ? "b" : "a"));
			size_t j = 0;
			while (j < c->k && strcmp(c->names[j], name) != 0)
				j++;
			if (j == c->k)
				c->names[c->k++] = name;
		}
	c->r = malloc((c->k * c->k + 1) * sizeof *c->r);
	c->p = malloc((c->k * c->k + 1) * sizeof *c->p);
	for (size_t i = 0; i < c->k * c->k; i++)
		c->r[i] = c->p[i] = NAN;
	for (size_t i = 0; i < json_array_size(pairs); i++) {
		const json_t *row = json_array_get(pairs, i), *r = json_object_get(row, "r"), *p = json_object_get(row, "p");
		size_t a = 0, b = 0;
		while (strcmp(c->names[a], json_string_value(json_object_get(row, "a"))) != 0)
			a++;
		while (strcmp(c->names[b], json_string_value(json_object_get(row, "b"))) != 0)
			b++;
		c->r[a * c->k + b] = c->r[b * c->k + a] = json_is_number(r) ? json_number_value(r) : NAN;
		c->p[a * c->k + b] = c->p[b * c->k + a] = json_is_number(p) ? json_number_value(p) : NAN;
	}
}

static double num_or_nan(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static size_t size_or_zero(const json_t *obj, const char *key)
{
	double v = num_or_nan(obj, key);
	return v >= 0 ? (size_t)v : 0;
}

/* A segment result with the tests and profiles of a result document (segments in order of
 * appearance in the profiles). */
static void segment_of(const json_t *doc, struct segment_result *res)
{
	const json_t *tests = json_object_get(doc, "tests"), *profiles = json_object_get(doc, "profiles");
	size_t np = json_array_size(profiles), nt = json_array_size(tests);

	memset(res, 0, sizeof *res);
	res->flat = calloc(np + 1, sizeof *res->flat);
	for (size_t i = 0; i < np; i++) {
		const char *seg = json_string_value(json_object_get(json_array_get(profiles, i), "segment"));
		size_t s = 0;
		while (s < res->n_seg && strcmp(res->flat[s], seg) != 0)
			s++;
		if (s == res->n_seg)
			res->flat[res->n_seg++] = (char *)seg;
	}
	res->outcomes = calloc(nt + 1, sizeof *res->outcomes);
	res->n_outcomes = nt;
	for (size_t i = 0; i < nt; i++) {
		const json_t *t = json_array_get(tests, i);
		struct segment_outcome *o = &res->outcomes[i];
		o->name = (char *)json_string_value(json_object_get(t, "outcome"));
		o->segments = size_or_zero(t, "segments");
		o->anova = (struct oneway_anova){.F = num_or_nan(t, "F"), .df1 = num_or_nan(t, "df1"), .df2 = num_or_nan(t, "df2"),
						 .p = num_or_nan(t, "p"), .eta2 = num_or_nan(t, "eta2")};
		o->welch = (struct ftest){.F = num_or_nan(t, "welch_F"), .df2 = num_or_nan(t, "welch_df2"), .p = num_or_nan(t, "welch_p")};
		o->welch_status = json_is_number(json_object_get(t, "welch_p")) ? 0 : 1;
		o->sum = calloc(res->n_seg + 1, sizeof *o->sum);
		for (size_t j = 0; j < np; j++) {
			const json_t *row = json_array_get(profiles, j);
			size_t s = 0;
			if (strcmp(json_string_value(json_object_get(row, "outcome")), o->name) != 0)
				continue;
			while (strcmp(res->flat[s], json_string_value(json_object_get(row, "segment"))) != 0)
				s++;
			o->sum[s] = (struct group_summary){.n = size_or_zero(row, "n"), .mean = num_or_nan(row, "mean"),
							   .llci = num_or_nan(row, "llci"), .ulci = num_or_nan(row, "ulci")};
		}
	}
}

/* A compare result with the numbers of a result document: a one-way design (its "groups",
 * "anova", "welch" and "equal_variances_rejected"), or with "conditions" a within-subjects design
 * (the first of its "anova" "terms", "sphericity" and "conditions" by name). */
static void compare_of(const json_t *doc, struct compare_result *c)
{
	const json_t *groups = json_object_get(doc, "groups"), *conds = json_object_get(doc, "conditions");
	const json_t *anova = json_object_get(doc, "anova"), *welch = json_object_get(doc, "welch");
	size_t k = json_array_size(groups), m = json_array_size(conds);

	memset(c, 0, sizeof *c);
	if (conds) {
		const json_t *t = json_array_get(json_object_get(anova, "terms"), 0);
		int gg = strcmp(json_string_value(json_object_get(t, "correction")), "greenhouse-geisser") == 0;
		struct rm_effect *e = &c->within.rm.within;
		c->design = COMPARE_WITHIN;
		c->within.m = m;
		c->within.v = calloc(m + 1, sizeof *c->within.v);
		c->within.s = calloc(m + 1, sizeof *c->within.s);
		for (size_t j = 0; j < m; j++) {
			c->within.v[j].name = (char *)json_string_value(json_object_get(json_array_get(conds, j), "name"));
			c->within.s[j].mean = num_or_nan(json_array_get(conds, j), "mean");
		}
		e->F = num_or_nan(t, "F");
		e->partial_eta2 = num_or_nan(t, "partial_eta2");
		*(gg ? &e->gg_df1 : &e->df1) = num_or_nan(t, "df1");
		*(gg ? &e->gg_df2 : &e->df2) = num_or_nan(t, "df2");
		*(gg ? &e->gg_p : &e->p) = num_or_nan(t, "p");
		c->within.rm.sphericity.p = num_or_nan(json_object_get(doc, "sphericity"), "p");
		return;
	}
	c->design = COMPARE_ONEWAY;
	c->y.name = (char *)json_string_value(json_object_get(doc, "y"));
	c->one.by.g.name = (char *)json_string_value(json_object_get(doc, "by"));
	c->one.by.k = k;
	c->one.by.g.labels = calloc(k + 1, sizeof *c->one.by.g.labels);
	c->one.by.orig = calloc(k + 1, sizeof *c->one.by.orig);
	c->one.s = calloc(k + 1, sizeof *c->one.s);
	for (size_t i = 0; i < k; i++) {
		c->one.by.g.labels[i] = (char *)json_string_value(json_object_get(json_array_get(groups, i), "label"));
		c->one.by.orig[i] = i;
		c->one.s[i].mean = num_or_nan(json_array_get(groups, i), "mean");
	}
	c->one.anova = (struct oneway_anova){.F = num_or_nan(anova, "F"), .df1 = num_or_nan(anova, "df1"),
					     .df2 = num_or_nan(anova, "df2"), .p = num_or_nan(anova, "p"),
					     .eta2 = num_or_nan(anova, "eta2")};
	/* Levene's test rejects equal variances exactly when the document says so */
	c->one.levene.ok = json_is_true(json_object_get(doc, "equal_variances_rejected"));
	c->one.levene.t.p = c->one.levene.ok ? 0 : 1;
	c->one.welch.ok = welch != NULL;
	c->one.welch.t = (struct ftest){.F = num_or_nan(welch, "F"), .df1 = num_or_nan(welch, "df1"),
				       .df2 = num_or_nan(welch, "df2"), .p = num_or_nan(welch, "p")};
}

/* A reliability result with the scales of a result document: each one's name and alpha (a null
 * alpha: not computed). */
static void reliability_of(const json_t *doc, struct reliability_result *res)
{
	const json_t *scales = json_object_get(doc, "scales");
	size_t m = json_array_size(scales);
	struct scale *s = m ? calloc(m, sizeof *s) : NULL;

	memset(res, 0, sizeof *res);
	res->m = m;
	res->levels = 1;
	res->units = calloc(m + 1, sizeof *res->units);
	for (size_t i = 0; i < m; i++) {
		s[i].name = (char *)json_string_value(json_object_get(json_array_get(scales, i), "name"));
		res->units[i].s = &s[i];
		res->units[i].rel = calloc(1, sizeof *res->units[i].rel);
		res->units[i].rel->alpha = num_or_nan(json_array_get(scales, i), "alpha");
	}
}

static void reliability_free_of(struct reliability_result *res)
{
	for (size_t i = 0; i < res->m; i++)
		free(res->units[i].rel);
	free((void *)(res->m ? res->units[0].s : NULL));
	free(res->units);
}

/* A regress result with the groups and slope tests of a result document's "by_group": each
 * group's label, R2 and coefficients (the terms of the first group's, each one design column),
 * and a predictor for each test "slope of 'NAME' equal across groups". */
static void regress_of(const json_t *doc, struct regress_result *res)
{
	const json_t *by = json_object_get(doc, "by_group"), *groups = json_object_get(by, "groups"),
		     *tests = json_object_get(by, "slope_tests"), *first = json_object_get(json_array_get(groups, 0), "coefficients");
	size_t G = json_array_size(groups), nt = json_array_size(tests);

	memset(res, 0, sizeof *res);
	res->y.name = (char *)json_string_value(json_object_get(doc, "y"));
	res->has_by = by != NULL;
	res->by.name = (char *)json_string_value(json_object_get(by, "variable"));
	res->by.n_levels = G;
	res->by.labels = calloc(G + 1, sizeof *res->by.labels);
	res->terms = calloc(json_array_size(first) + 1, sizeof *res->terms);
	for (size_t c = 0; c < json_array_size(first); c++) {
		const char *term = json_string_value(json_object_get(json_array_get(first, c), "term"));
		if (strcmp(term, "(Intercept)") != 0)
			res->terms[res->k++] = (char *)term;
	}
	res->group_fit = calloc(G + 1, sizeof *res->group_fit);
	for (size_t l = 0; l < G; l++) {
		const json_t *grp = json_array_get(groups, l), *coefs = json_object_get(grp, "coefficients");
		struct ols_fit *f = res->group_fit[l] = ols_fit_alloc(1, res->k);
		res->by.labels[l] = (char *)json_string_value(json_object_get(grp, "label"));
		f->r2 = num_or_nan(grp, "r2");
		gsl_vector_set_all(f->b, NAN);
		gsl_vector_set_all(f->p_value, NAN);
		for (size_t c = 0; c < json_array_size(coefs); c++) {
			const json_t *row = json_array_get(coefs, c);
			size_t j = regress_term_index(res, json_string_value(json_object_get(row, "term")));
			gsl_vector_set(f->b, j, num_or_nan(row, "b"));
			gsl_vector_set(f->p_value, j, num_or_nan(row, "p"));
		}
	}
	res->pred = calloc(nt + 1, sizeof *res->pred);
	res->col_of = calloc(nt + 2, sizeof *res->col_of);
	res->slopes_of = nt ? calloc(nt, sizeof *res->slopes_of) : NULL;
	for (size_t i = 0; i < nt; i++) {
		const json_t *t = json_array_get(tests, i);
		const char *name = json_string_value(json_object_get(t, "test"));
		char buf[256];
		if (sscanf(name, "slope of '%255[^']' equal across groups", buf) != 1)
			continue;
		res->pred[res->npred].name = strdup(buf);
		res->slopes_of[res->npred] = (struct wald){num_or_nan(t, "F"), num_or_nan(t, "df1"), num_or_nan(t, "df2"),
							   num_or_nan(t, "p")};
		res->npred++;
		res->col_of[res->npred] = res->npred;
	}
}

static void regress_free_of(struct regress_result *res)
{
	for (size_t l = 0; l < res->by.n_levels; l++)
		ols_fit_free(res->group_fit[l]);
	for (size_t i = 0; i < res->npred; i++)
		free(res->pred[i].name);
	free(res->group_fit);
	free(res->by.labels);
	free(res->terms);
	free(res->pred);
	free(res->col_of);
	free(res->slopes_of);
}

static void compare_free(struct compare_result *c)
{
	free(c->within.v);
	free(c->within.s);
	free(c->one.by.g.labels);
	free(c->one.by.orig);
	free(c->one.s);
}

/* A moderate result with the numbers of a result document: its "x" and "y", "interaction_test",
 * "johnson_neyman" (its "points" and the shares below them) and whether it has "omnibus" tests. */
static void moderate_of(const json_t *doc, struct moderate_result *res)
{
	static struct wald omnibus;
	const json_t *it = json_object_get(doc, "interaction_test"), *jn = json_object_get(doc, "johnson_neyman");
	const json_t *points = json_object_get(jn, "points"), *shares = json_object_get(jn, "shares");

	memset(res, 0, sizeof *res);
	res->x.name = (char *)json_string_value(json_object_get(doc, "x"));
	res->y.name = (char *)json_string_value(json_object_get(doc, "y"));
	res->n_tests = 1;
	res->tests[0].r2_change = num_or_nan(it, "r2_change");
	res->tests[0].wald = (struct wald){num_or_nan(it, "F"), num_or_nan(it, "df1"), num_or_nan(it, "df2"),
					   num_or_nan(it, "p")};
	res->omnibus = json_object_get(doc, "omnibus") ? &omnibus : NULL;
	res->jn.why = jn ? MODERATE_JN_DONE : MODERATE_JN_NOT_ASKED;
	for (size_t i = 0; i < json_array_size(points) && i < MODERATE_JN_MAX_POINTS; i++) {
		res->jn.points[res->jn.np] = json_number_value(json_array_get(points, i));
		res->jn.below[res->jn.np++] = num_or_nan(json_array_get(shares, i), "below");
	}
}

/* The findings of one section of the given kind and result (JSON text; a typed section's result
 * struct is made from it), joined by newlines. */
static char *findings_of(enum job_kind kind, const char *result, char **traits, size_t n_traits)
{
	struct study st = {.traits = traits, .n_traits = n_traits};
	struct report r = {.st = &st};
	struct job j = {.kind = kind, .trait = n_traits ? traits[0] : NULL};
	struct report_record sec = {0};
	struct correlate_result corr;
	struct segment_result seg;
	struct compare_result cmp;
	struct reliability_result rel;
	struct moderate_result mod;
	struct regress_result reg;
	json_error_t e;
	char *out;
	size_t len = 0;
	FILE *f;

	j.sec = &sec;
	sec.result = json_loads(result, 0, &e);
	CHECK(sec.result != NULL);
	if (kind == JOB_CORRELATE) {
		correlate_of(sec.result, &corr);
		j.result = &corr;
	}
	if (kind == JOB_SEGMENT) {
		segment_of(sec.result, &seg);
		j.result = &seg;
	}
	if (kind == JOB_RELIABILITY) {
		reliability_of(sec.result, &rel);
		j.result = &rel;
	}
	if (kind == JOB_REGRESS) {
		regress_of(sec.result, &reg);
		j.result = &reg;
	}
	if (kind == JOB_COMPARE || kind == JOB_WITHIN) {
		compare_of(sec.result, &cmp);
		j.result = &cmp;
	}
	if (kind == JOB_MODERATE) {
		moderate_of(sec.result, &mod);
		j.result = &mod;
	}
	report_section_findings(&r, &j);
	if (kind == JOB_COMPARE || kind == JOB_WITHIN)
		compare_free(&cmp);
	if (kind == JOB_RELIABILITY)
		reliability_free_of(&rel);
	if (kind == JOB_REGRESS)
		regress_free_of(&reg);
	if (kind == JOB_CORRELATE) {
		free(corr.names);
		free(corr.r);
		free(corr.p);
	}
	if (kind == JOB_SEGMENT) {
		for (size_t i = 0; i < seg.n_outcomes; i++)
			free(seg.outcomes[i].sum);
		free(seg.outcomes);
		free(seg.flat);
	}
	f = open_memstream(&out, &len);
	for (size_t i = 0; f && i < r.findings.n; i++)
		fprintf(f, "%s\n", r.findings.v[i]);
	if (f)
		fclose(f);
	report_lines_release(&r.findings);
	json_decref(sec.result);
	return f ? out : NULL;
}

/* Whether text says nan or inf anywhere (as a word, any case). */
static int says_nan(const char *text)
{
	static const char *const words[] = {"nan", "inf"};

	for (const char *p = text; *p; p++)
		for (size_t w = 0; w < 2; w++)
			if (strncasecmp(p, words[w], 3) == 0 && (p == text || !((p[-1] | 32) >= 'a' && (p[-1] | 32) <= 'z')) &&
			    !((p[3] | 32) >= 'a' && (p[3] | 32) <= 'z'))
				return 1;
	return 0;
}

static void check_finding(enum job_kind kind, const char *result, char **traits, size_t n_traits, const char *want)
{
	char *text = findings_of(kind, result, traits, n_traits);

	CHECK(text != NULL);
	if (!text)
		return;
	CHECK(!says_nan(text));
	if (!strstr(text, want)) {
		CHECK(!"the findings say what they should");
		fprintf(stderr, "    want: %s\n    got:  %s", want, text);
	}
	free(text);
}

TEST(report_findings_name_both_ends_of_the_alpha_range)
{
	char *traits[] = {"trust"};

	check_finding(JOB_RELIABILITY, "{\"scales\": [{\"name\": \"trust\", \"alpha\": 0.85}, {\"name\": \"involvement\", "
				       "\"alpha\": 0.89}, {\"name\": \"pwom\", \"alpha\": 0.87}]}",
		      traits, 1, "Reliability: all 3 scales are reliable, Cronbach's alpha from 0.85 (trust) to 0.89 (involvement).");
	check_finding(JOB_RELIABILITY, "{\"scales\": [{\"name\": \"a\", \"alpha\": 0.55}, {\"name\": \"b\", \"alpha\": 0.91}, "
				       "{\"name\": \"c\", \"alpha\": 0.80}]}",
		      traits, 1, "below the usual .70 threshold: a (0.55); the other scales have Cronbach's alpha up to 0.91 (b).");
	/* when every scale is weak, no "other scales" */
	check_finding(JOB_RELIABILITY, "{\"scales\": [{\"name\": \"a\", \"alpha\": 0.55}, {\"name\": \"b\", \"alpha\": 0.61}]}",
		      traits, 1, "Reliability: below the usual .70 threshold: a (0.55), b (0.61).\n");
	/* an alpha that could not be computed (-inf, stored as null) is said so */
	check_finding(JOB_RELIABILITY, "{\"scales\": [{\"name\": \"a\", \"alpha\": null}, {\"name\": \"b\", \"alpha\": 0.8}, "
				       "{\"name\": \"c\", \"alpha\": 0.9}]}",
		      traits, 1, "the 2 scales are reliable, Cronbach's alpha from 0.80 (b) to 0.90 (c). Cronbach's alpha could "
				 "not be computed for a.");
	check_finding(JOB_RELIABILITY, "{\"scales\": [{\"name\": \"a\", \"alpha\": null}]}", traits, 1,
		      "Reliability: Cronbach's alpha could not be computed for a.");
}

TEST(report_findings_give_anova_whole_df_and_welch_one_decimal)
{
	char *traits[] = {"trust"};
	const char *groups = "\"groups\": [{\"label\": \"Fix only\", \"mean\": 3.15}, {\"label\": \"Fix + apology\", \"mean\": null}]";
	char doc[1024];

	snprintf(doc, sizeof doc, "{\"y\": \"sat\", \"by\": \"scenario\", %s, \"anova\": {\"F\": 5.5, \"df1\": 2, \"df2\": 375, "
				  "\"p\": 0.004, \"eta2\": 0.03}}", groups);
	check_finding(JOB_COMPARE, doc, traits, 1, "(ANOVA F(2, 375) = 5.50, p = .004, eta squared = 0.03); means Fix only "
						   "3.15, Fix + apology could not be computed.");
	snprintf(doc, sizeof doc, "{\"y\": \"sat\", \"by\": \"scenario\", %s, \"equal_variances_rejected\": true, \"anova\": "
				  "{\"eta2\": null}, \"welch\": {\"F\": 5.5, \"df1\": 2, \"df2\": 241.37, \"p\": 0.2}}", groups);
	check_finding(JOB_COMPARE, doc, traits, 1, "sat does not differ significantly across scenario (Welch F(2, 241.4) = 5.50, p = .200)");
	/* a test that could not be computed is said, not skipped */
	snprintf(doc, sizeof doc, "{\"y\": \"sat\", \"by\": \"scenario\", %s, \"anova\": {\"F\": null, \"df1\": 2, \"df2\": 375, "
				  "\"p\": null}}", groups);
	check_finding(JOB_COMPARE, doc, traits, 1, "Scenarios: sat was compared across scenario (ANOVA F could not be computed)");
	check_finding(JOB_SEGMENT, "{\"tests\": [{\"outcome\": \"sat\", \"segments\": 4, \"F\": 3.1, \"df1\": 3, \"df2\": 96, "
				   "\"p\": 0.03, \"eta2\": 0.09, \"welch_p\": null}], \"profiles\": []}",
		      traits, 1, "Segments: sat differs between the 4 segments (ANOVA F(3, 96) = 3.10, p = .030, eta squared = 0.09).");
	check_finding(JOB_WITHIN, "{\"anova\": {\"terms\": [{\"correction\": \"none\", \"F\": 4.2, \"df1\": 2, \"df2\": 398, "
				  "\"p\": 0.016, \"partial_eta2\": 0.02}]}, \"sphericity\": {\"p\": 0.3}, \"conditions\": []}",
		      traits, 1, "(F(2, 398) = 4.20, p = .016, partial eta squared = 0.02)");
}

TEST(report_findings_never_print_nan)
{
	char *traits[] = {"inv", "tru", "neg", "pwom", "ext"};

	check_finding(JOB_REGRESS, "{\"y\": \"sat\", \"by_group\": {\"variable\": \"scenario\", \"groups\": [{\"label\": \"A\", "
				   "\"r2\": null, \"coefficients\": [{\"term\": \"inv\", \"b\": null, \"p\": null}]}], "
				   "\"slope_tests\": [{\"test\": \"slope of 'inv' equal across groups\", \"F\": null, \"df1\": 2, "
				   "\"df2\": 50, \"p\": null}]}}",
		      traits, 5, "Regressions: sat on inv and tru and neg and pwom and ext per scenario: A (R2 could not be "
				 "computed) inv b could not be computed (p could not be computed). The inv slope was compared "
				 "across scenario (F could not be computed).");
	check_finding(JOB_MODERATE, "{\"x\": \"scenario\", \"y\": \"sat\", \"interaction_test\": {\"F\": 9.1, \"df1\": 2, "
				    "\"df2\": 540, \"p\": 0.0001, \"r2_change\": null}, \"johnson_neyman\": {\"points\": [2.5], "
				    "\"shares\": [{\"below\": null}]}}",
		      traits, 5, "(R2 change could not be computed, F(2, 540) = 9.10, p < .001); Johnson-Neyman point at inv "
				 "= 2.50 (the share of cases below could not be computed).");
	check_finding(JOB_CORRELATE, "{\"pairs\": [{\"a\": \"inv\", \"b\": \"tru\", \"r\": null, \"p\": 0.01}, {\"a\": \"tru\", "
				     "\"b\": \"neg\", \"r\": 0.3, \"p\": 0.001}, {\"a\": \"neg\", \"b\": \"inv\", \"r\": 0.2, \"p\": "
				     "0.02}, {\"a\": \"ext\", \"b\": \"pwom\", \"r\": 0.25, \"p\": 0.02}]}",
		      traits, 5, "Correlations: inv with tru (r could not be computed, p = .010); inv with neg (r = 0.20, p = "
				 ".020); tru with neg (r = 0.30, p = .001); pwom with ext (r = 0.25, p = .020).");
}
