/* The report's findings (analysis/report_parts.h): a sentence or two in words per computed
 * section, read from its result, in plan order: reliability, correlations, scenario comparisons
 * (between and within subjects), regressions, moderation and segments. Each is built in a growing
 * buffer (io/strbuf.h): it names every trait, outcome and level however many and however long. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "analysis/report.h"
#include "analysis/report_parts.h"
#include "io/doc.h"
#include "io/strbuf.h"

/* Adds the finding `fmt` to the report; a finding whose text ran out of memory is left out. */
static void finding(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void finding(struct report *r, const char *fmt, ...)
{
	struct strbuf line = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&line, fmt, ap);
	va_end(ap);
	if (strbuf_ok(&line))
		doc_push_str(r->findings, strbuf_str(&line));
	strbuf_release(&line);
}

static void reliability_findings(struct report *r, const json_t *doc)
{
	const json_t *scales = json_object_get(doc, "scales");
	double lo = INFINITY, hi = -INFINITY;
	struct strbuf weak = STRBUF_INIT;
	const char *lo_name = "";
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(scales); i++) {
		const json_t *s = json_array_get(scales, i);
		double a = num(s, "alpha");
		if (isnan(a))
			continue;
		n++;
		if (a < lo)
			lo = a, lo_name = str(s, "name");
		hi = fmax(hi, a);
		if (a < 0.70)
			strbuf_addf(&weak, "%s%s (%.2f)", weak.len ? ", " : "", str(s, "name"), a);
	}
	if (n && weak.len)
		finding(r, "Reliability: below the usual .70 threshold: %s; the other scales have Cronbach's alpha up to %.2f.",
			strbuf_str(&weak), hi);
	else if (n)
		finding(r, "Reliability: all %zu scales are reliable, Cronbach's alpha from %.2f (%s) to %.2f.", n, lo, lo_name,
			hi);
	strbuf_release(&weak);
}

static void correlation_findings(struct report *r, const json_t *doc)
{
	const json_t *pairs = json_object_get(doc, "pairs");
	struct strbuf line = STRBUF_INIT;

	for (size_t t = 0; t < r->st->n_traits; t++)
		for (size_t i = 0; i < json_array_size(pairs); i++) {
			const json_t *p = json_array_get(pairs, i);
			const char *a = str(p, "a"), *b = str(p, "b"), *other;
			double rv = num(p, "r"), pv = num(p, "p");
			char pb[32];
			if (strcmp(a, r->st->traits[t]) == 0)
				other = b;
			else if (strcmp(b, r->st->traits[t]) == 0)
				other = a;
			else
				continue;
			/* a pair of two traits is said once, under the first */
			for (size_t u = 0; u < t && other; u++)
				if (strcmp(other, r->st->traits[u]) == 0)
					other = NULL;
			if (!other || !(pv < 0.05))
				continue;
			strbuf_addf(&line, "%s%s with %s (r = %.2f, %s)", line.len ? "; " : "", r->st->traits[t], other, rv,
				    report_p(pv, pb, sizeof pb));
		}
	if (line.len)
		finding(r, "Correlations: %s.", strbuf_str(&line));
	strbuf_release(&line);
}

static void compare_findings(struct report *r, const json_t *doc)
{
	const json_t *groups = json_object_get(doc, "groups"), *posthoc = json_object_get(doc, "posthoc");
	int welch = json_is_true(json_object_get(doc, "equal_variances_rejected"));
	const json_t *test = json_object_get(doc, welch ? "welch" : "anova"), *anova = json_object_get(doc, "anova");
	const char *method = welch ? "games-howell" : "tukey";
	struct strbuf means = STRBUF_INIT, pairs = STRBUF_INIT;
	char pb[32];
	size_t n_sig = 0, n_pairs = 0;
	double p = num(test, "p");

	if (isnan(p))
		return;
	for (size_t i = 0; i < json_array_size(groups); i++) {
		const json_t *g = json_array_get(groups, i);
		strbuf_addf(&means, "%s%s %.2f", i ? ", " : "", str(g, "label"), num(g, "mean"));
	}
	for (size_t i = 0; i < json_array_size(posthoc); i++) {
		const json_t *q = json_array_get(posthoc, i);
		char pq[32];
		if (strcmp(str(q, "method"), method) != 0)
			continue;
		n_pairs++;
		if (!(num(q, "p") < 0.05))
			continue;
		n_sig++;
		strbuf_addf(&pairs, "%s%s: %+.2f, d = %.2f, %s", n_sig > 1 ? "; " : "", str(q, "pair"), num(q, "diff"),
			    num(q, "d"), report_p(num(q, "p"), pq, sizeof pq));
	}
	if (p < 0.05)
		finding(r,
			"Scenarios: %s differs across %s (%s F(%.0f, %.1f) = %.2f, %s, eta squared = %.2f); means %s. "
			"%zu of %zu pairs differ (%s): %s.",
			str(doc, "y"), str(doc, "by"), welch ? "Welch" : "ANOVA", num(test, "df1"), num(test, "df2"),
			num(test, "F"), report_p(p, pb, sizeof pb), num(anova, "eta2"), strbuf_str(&means), n_sig, n_pairs,
			welch ? "Games-Howell, as Levene's test rejects equal variances" : "Tukey HSD",
			n_sig ? strbuf_str(&pairs) : "none");
	else
		finding(r, "Scenarios: %s does not differ significantly across %s (%s F(%.0f, %.1f) = %.2f, %s); means %s.",
			str(doc, "y"), str(doc, "by"), welch ? "Welch" : "ANOVA", num(test, "df1"), num(test, "df2"),
			num(test, "F"), report_p(p, pb, sizeof pb), strbuf_str(&means));
	strbuf_release(&means);
	strbuf_release(&pairs);
}

static void within_findings(struct report *r, const json_t *doc, const char *base)
{
	const json_t *terms = json_object_get(json_object_get(doc, "anova"), "terms"), *conds = json_object_get(doc, "conditions");
	const json_t *sph = json_object_get(doc, "sphericity"), *test = NULL;
	int corrected = num(sph, "p") < 0.05;
	struct strbuf means = STRBUF_INIT;
	char pb[32];

	for (size_t i = 0; i < json_array_size(terms) && !test; i++) {
		const json_t *t = json_array_get(terms, i);
		if (strcmp(str(t, "correction"), corrected ? "greenhouse-geisser" : "none") == 0)
			test = t;
	}
	if (!test)
		return;
	for (size_t i = 0; i < json_array_size(conds); i++) {
		const json_t *c = json_array_get(conds, i);
		strbuf_addf(&means, "%s%s %.2f", i ? ", " : "", str(c, "label"), num(c, "mean"));
	}
	finding(r, "Scenarios (repeated measures): the means of %s %s across the scenarios (%sF(%.2f, %.1f) = %.2f, %s, "
		   "partial eta squared = %.2f): %s.",
		base, num(test, "p") < 0.05 ? "differ" : "do not differ significantly",
		corrected ? "Greenhouse-Geisser corrected, as Mauchly's test rejects sphericity: " : "", num(test, "df1"),
		num(test, "df2"), num(test, "F"), report_p(num(test, "p"), pb, sizeof pb), num(test, "partial_eta2"),
		strbuf_str(&means));
	strbuf_release(&means);
}

static void regress_findings(struct report *r, const json_t *doc)
{
	const json_t *by = json_object_get(doc, "by_group"), *groups = json_object_get(by, "groups"),
		     *tests = json_object_get(by, "slope_tests");
	struct strbuf line = STRBUF_INIT, name = STRBUF_INIT;
	char pb[32];

	strbuf_addf(&line, "Regressions: %s on ", str(doc, "y"));
	for (size_t t = 0; t < r->st->n_traits; t++)
		strbuf_addf(&line, "%s%s", t ? " and " : "", r->st->traits[t]);
	strbuf_addf(&line, " per %s:", str(by, "variable"));
	for (size_t g = 0; g < json_array_size(groups); g++) {
		const json_t *grp = json_array_get(groups, g), *coefs = json_object_get(grp, "coefficients");
		strbuf_addf(&line, "%s %s (R2 = %.2f)", g ? ";" : "", str(grp, "label"), num(grp, "r2"));
		for (size_t t = 0; t < r->st->n_traits; t++) {
			const json_t *c = report_row(coefs, "term", r->st->traits[t]);
			if (c)
				strbuf_addf(&line, " %s b = %.2f (%s)", r->st->traits[t], num(c, "b"),
					    report_p(num(c, "p"), pb, sizeof pb));
		}
	}
	for (size_t t = 0; t < r->st->n_traits; t++) {
		const json_t *test;
		strbuf_reset(&name);
		strbuf_addf(&name, "slope of '%s' equal across groups", r->st->traits[t]);
		if ((test = report_row(tests, "test", strbuf_str(&name))) != NULL)
			strbuf_addf(&line, "%s %s slope %s across %s (F(%.0f, %.0f) = %.2f, %s)", t ? "; the" : ". The",
				    r->st->traits[t], num(test, "p") < 0.05 ? "differs" : "does not differ significantly",
				    str(by, "variable"), num(test, "df1"), num(test, "df2"), num(test, "F"),
				    report_p(num(test, "p"), pb, sizeof pb));
	}
	finding(r, "%s.", strbuf_str(&line));
	strbuf_release(&line);
	strbuf_release(&name);
}

static void moderate_findings(struct report *r, const json_t *doc, const char *trait)
{
	const json_t *it = json_object_get(doc, "interaction_test"), *jn = json_object_get(doc, "johnson_neyman");
	const json_t *points = json_object_get(jn, "points");
	double p = num(it, "p");
	struct strbuf where = STRBUF_INIT;
	char pb[32];

	if (isnan(p))
		return;
	/* a categorical X of more than two levels: the points are those of the omnibus F test of all its
	 * contrasts together (moderate's "omnibus"), not of any one contrast */
	int omnibus = json_object_get(doc, "omnibus") != NULL;

	for (size_t i = 0; i < json_array_size(points); i++) {
		const json_t *share = json_array_get(json_object_get(jn, "shares"), i);
		if (i)
			strbuf_adds(&where, ", ");
		else if (omnibus)
			strbuf_addf(&where, "; omnibus Johnson-Neyman point (the F test of all %s contrasts together) at ",
				    str(doc, "x"));
		else
			strbuf_adds(&where, "; Johnson-Neyman point at ");
		strbuf_addf(&where, "%s = %.2f (%.1f%% of cases below)", trait, json_number_value(json_array_get(points, i)),
			    num(share, "below"));
	}
	if (p < 0.05)
		finding(r, "Moderation: %s moderates the effect of %s on %s (R2 change = %.3f, F(%.0f, %.0f) = %.2f, %s)%s.",
			trait, str(doc, "x"), str(doc, "y"), num(it, "r2_change"), num(it, "df1"), num(it, "df2"), num(it, "F"),
			report_p(p, pb, sizeof pb), strbuf_str(&where));
	else
		finding(r, "Moderation: %s does not significantly moderate the effect of %s on %s (F(%.0f, %.0f) = %.2f, %s).",
			trait, str(doc, "x"), str(doc, "y"), num(it, "df1"), num(it, "df2"), num(it, "F"),
			report_p(p, pb, sizeof pb));
	strbuf_release(&where);
}

static void segment_findings(struct report *r, const json_t *doc)
{
	const json_t *tests = json_object_get(doc, "tests"), *profiles = json_object_get(doc, "profiles");

	for (size_t i = 0; i < json_array_size(tests); i++) {
		const json_t *t = json_array_get(tests, i);
		const char *y = str(t, "outcome");
		double p = num(t, "welch_p"), F = num(t, "welch_F"), df1 = num(t, "df1"), df2 = num(t, "welch_df2");
		const json_t *best = NULL, *worst = NULL;
		char pb[32];
		int welch = 1;
		if (isnan(p)) {
			welch = 0;
			p = num(t, "p");
			F = num(t, "F");
			df2 = num(t, "df2");
		}
		if (isnan(p))
			continue;
		for (size_t j = 0; j < json_array_size(profiles); j++) {
			const json_t *row = json_array_get(profiles, j);
			double m = num(row, "mean");
			if (strcmp(str(row, "outcome"), y) != 0 || isnan(m))
				continue;
			if (!best || m > num(best, "mean"))
				best = row;
			if (!worst || m < num(worst, "mean"))
				worst = row;
		}
		if (p < 0.05 && best && worst)
			finding(r,
				"Segments: %s differs between the %.0f segments (%s F(%.0f, %.1f) = %.2f, %s, eta squared = %.2f); "
				"highest for '%s' (M = %.2f), lowest for '%s' (M = %.2f).",
				y, num(t, "segments"), welch ? "Welch" : "ANOVA", df1, df2, F, report_p(p, pb, sizeof pb),
				num(t, "eta2"), str(best, "segment"), num(best, "mean"), str(worst, "segment"),
				num(worst, "mean"));
		else
			finding(r, "Segments: %s does not differ significantly between the segments (%s F(%.0f, %.1f) = %.2f, %s).",
				y, welch ? "Welch" : "ANOVA", df1, df2, F, report_p(p, pb, sizeof pb));
	}
}

void report_section_findings(struct report *r, const struct job *j)
{
	const json_t *doc = json_object_get(j->sec, "result");

	switch (j->kind) {
	case JOB_DESCRIBE:
		break;
	case JOB_RELIABILITY:
		reliability_findings(r, doc);
		break;
	case JOB_CORRELATE:
		correlation_findings(r, doc);
		break;
	case JOB_COMPARE:
		compare_findings(r, doc);
		break;
	case JOB_WITHIN:
		within_findings(r, doc, j->trait);
		break;
	case JOB_REGRESS:
		regress_findings(r, doc);
		break;
	case JOB_MODERATE:
		moderate_findings(r, doc, j->trait);
		break;
	case JOB_SEGMENT:
		segment_findings(r, doc);
		break;
	}
}
