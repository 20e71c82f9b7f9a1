/* The report's findings (analysis/report/report_parts.h): a sentence or two in words per computed
 * section, read from its result, in plan order: reliability, correlations, scenario comparisons
 * (between and within subjects), regressions, moderation and segments. Each is built in a growing
 * buffer (io/strbuf.h): it names every trait, outcome and level however many and however long.
 *
 * A statistic a result holds as null (its section's notes say why) is said to be one that "could
 * not be computed": no finding prints nan or inf. Degrees of freedom are whole numbers, except
 * those of Welch's test (one decimal) and of a Greenhouse-Geisser correction (two and one). */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report/report.h"
#include "analysis/commands/compare.h"
#include "analysis/commands/correlate.h"
#include "analysis/commands/moderate.h"
#include "analysis/commands/regress.h"
#include "analysis/commands/reliability.h"
#include "analysis/commands/segment.h"
#include "analysis/report/report_parts.h"
#include "io/doc.h"
#include "io/strbuf.h"

/* The level at which the findings call a result significant. */
#define FINDING_ALPHA 0.05
/* Nunnally (1978): alpha below .70 is insufficient for research use. */
#define FINDING_MIN_ALPHA 0.70

/* `sep` and v formatted by `fmt` (one double), or " could not be computed". */
static void add_num(struct strbuf *b, const char *sep, const char *fmt, double v)
{
	if (!isfinite(v)) {
		strbuf_adds(b, " could not be computed");
		return;
	}
	strbuf_adds(b, sep);
	strbuf_addf(b, fmt, v);
}

/* "p < .001", "p = .023" or "p could not be computed". */
static void add_p(struct strbuf *b, double p)
{
	char buf[32];

	strbuf_adds(b, report_p(p, buf, sizeof buf));
}

/* "NAME F(df1, df2) = F, p = ..." with the given decimals of the df, or "NAME F could not be
 * computed". */
static void add_ftest(struct strbuf *b, const char *name, double df1, int df1_decimals, double df2, int df2_decimals,
		      double F, double p)
{
	strbuf_addf(b, "%s%s", name, *name ? " " : "");
	if (!isfinite(F) || !isfinite(df1) || !isfinite(df2)) {
		strbuf_adds(b, "F could not be computed");
		return;
	}
	strbuf_addf(b, "F(%.*f, %.*f) = %.2f, ", df1_decimals, df1, df2_decimals, df2, F);
	add_p(b, p);
}

static void reliability_findings(struct report *r, const struct reliability_result *res)
{
	double lo = INFINITY, hi = -INFINITY, hi_ok = -INFINITY;
	struct strbuf line = STRBUF_INIT, weak = STRBUF_INIT, none = STRBUF_INIT;
	const char *lo_name = "", *hi_name = "", *hi_ok_name = "";
	size_t n = 0, n_ok = 0;

	for (size_t i = 0; i < res->m * res->levels; i++) {
		const struct reliability_unit *u = &res->units[i];
		const char *name = u->s->name;
		double a = u->rel ? u->rel->alpha : NAN;
		if (!isfinite(a)) {
			strbuf_addf(&none, "%s%s", none.len ? ", " : "", name);
			continue;
		}
		n++;
		if (a < lo)
			lo = a, lo_name = name;
		if (a > hi)
			hi = a, hi_name = name;
		if (a < FINDING_MIN_ALPHA) {
			strbuf_addf(&weak, "%s%s (%.2f)", weak.len ? ", " : "", name, a);
		} else {
			n_ok++;
			if (a > hi_ok)
				hi_ok = a, hi_ok_name = name;
		}
	}
	if (!n && !none.len)
		goto done;
	strbuf_adds(&line, "Reliability:");
	if (weak.len) {
		strbuf_addf(&line, " below the usual .70 threshold: %s", strbuf_str(&weak));
		if (n_ok)
			strbuf_addf(&line, "; the other %s Cronbach's alpha up to %.2f (%s)",
				    n_ok == 1 ? "scale has" : "scales have", hi_ok, hi_ok_name);
		strbuf_adds(&line, ".");
	} else if (n == 1) {
		strbuf_addf(&line, " %s is reliable, Cronbach's alpha %.2f.", lo_name, lo);
	} else if (n) {
		strbuf_addf(&line, " %s %zu scales are reliable, Cronbach's alpha from %.2f (%s) to %.2f (%s).",
			    none.len ? "the" : "all", n, lo, lo_name, hi, hi_name);
	}
	if (none.len)
		strbuf_addf(&line, " Cronbach's alpha could not be computed for %s.", strbuf_str(&none));
	report_finding(r, &line);
done:
	strbuf_release(&line);
	strbuf_release(&weak);
	strbuf_release(&none);
}

static void correlation_findings(struct report *r, const struct correlate_result *c)
{
	struct strbuf line = STRBUF_INIT;
	size_t n = 0;

	strbuf_adds(&line, "Correlations:");
	for (size_t t = 0; t < r->st->n_traits; t++)
		for (size_t a = 0; a < c->k; a++)
			for (size_t b = a + 1; b < c->k; b++) {
				const char *other;
				double pv = c->p[a * c->k + b];
				if (strcmp(c->names[a], r->st->traits[t]) == 0)
					other = c->names[b];
				else if (strcmp(c->names[b], r->st->traits[t]) == 0)
					other = c->names[a];
				else
					continue;
				/* a pair of two traits is said once, under the first */
				for (size_t u = 0; u < t && other; u++)
					if (strcmp(other, r->st->traits[u]) == 0)
						other = NULL;
				if (!other || !(pv < FINDING_ALPHA))
					continue;
				strbuf_addf(&line, "%s %s with %s (r", n++ ? ";" : "", r->st->traits[t], other);
				add_num(&line, " = ", "%.2f", c->r[a * c->k + b]);
				strbuf_adds(&line, ", ");
				add_p(&line, pv);
				strbuf_adds(&line, ")");
			}
	strbuf_adds(&line, ".");
	if (n)
		report_finding(r, &line);
	strbuf_release(&line);
}

/* A value as the result document holds it: a number, or null (NaN here) when not finite. */
static double finite(double v)
{
	return isfinite(v) ? v : NAN;
}

/* "LABEL MEAN, LABEL MEAN, ..." of k groups or conditions. */
static void add_means(struct strbuf *b, size_t k, const char *const *labels, const struct group_summary *s)
{
	for (size_t i = 0; i < k; i++) {
		strbuf_addf(b, "%s%s", i ? ", " : "", labels[i]);
		add_num(b, " ", "%.2f", s[i].mean);
	}
}

/* The labels of a one-way fit's groups (malloc'ed, NULL when out of memory). */
static const char **group_labels(const struct compare_levels *L)
{
	const char **labels = malloc((L->k ? L->k : 1) * sizeof *labels);

	for (size_t i = 0; labels && i < L->k; i++)
		labels[i] = L->g.labels[L->orig[i]];
	return labels;
}

static void compare_findings(struct report *r, const struct compare_result *c)
{
	const struct compare_oneway *o = &c->one;
	int welch = compare_equal_variances_rejected(o);
	/* Tukey HSD, or Games-Howell when Levene's test rejects equal variances */
	const struct pairwise *pairs = o->pairs[welch ? 1 : 0];
	const char **labels;
	struct strbuf line = STRBUF_INIT, pairs_said = STRBUF_INIT;
	size_t n_sig = 0, n_pairs = pairs ? o->n_pairs : 0;
	double F, df1, df2, p;

	if (c->design != COMPARE_ONEWAY || !(labels = group_labels(&o->by)))
		return;
	F = welch ? (o->welch.ok ? o->welch.t.F : NAN) : o->anova.F;
	df1 = welch ? (o->welch.ok ? o->welch.t.df1 : NAN) : o->anova.df1;
	df2 = welch ? (o->welch.ok ? o->welch.t.df2 : NAN) : o->anova.df2;
	p = finite(welch ? (o->welch.ok ? o->welch.t.p : NAN) : o->anova.p);
	for (size_t i = 0; i < n_pairs; i++) {
		const struct pairwise *q = &pairs[i];
		double qp = finite(q->p);
		if (!(qp < FINDING_ALPHA))
			continue;
		strbuf_addf(&pairs_said, "%s%s - %s:", n_sig++ ? "; " : "", labels[q->a], labels[q->b]);
		add_num(&pairs_said, " ", "%+.2f", q->diff);
		strbuf_adds(&pairs_said, ", d");
		add_num(&pairs_said, " = ", "%.2f", q->d);
		strbuf_adds(&pairs_said, ", ");
		add_p(&pairs_said, qp);
	}
	strbuf_addf(&line, "Scenarios: %s %s across %s (", c->y.name,
		    p < FINDING_ALPHA ? "differs" : isfinite(p) ? "does not differ significantly" : "was compared", o->by.g.name);
	add_ftest(&line, welch ? "Welch" : "ANOVA", df1, 0, df2, welch ? 1 : 0, F, p);
	if (p < FINDING_ALPHA) {
		strbuf_adds(&line, ", eta squared");
		add_num(&line, " = ", "%.2f", o->anova.eta2);
	}
	strbuf_adds(&line, "); means ");
	add_means(&line, o->by.k, labels, o->s);
	strbuf_adds(&line, ".");
	if (p < FINDING_ALPHA)
		strbuf_addf(&line, " %zu of %zu pairs differ (%s): %s.", n_sig, n_pairs,
			    welch ? "Games-Howell, as Levene's test rejects equal variances" : "Tukey HSD",
			    n_sig ? strbuf_str(&pairs_said) : "none");
	report_finding(r, &line);
	strbuf_release(&pairs_said);
	free(labels);
}

/* The test of the conditions of a repeated-measures ANOVA: Greenhouse-Geisser corrected when
 * Mauchly's test rejects sphericity. */
static void within_findings(struct report *r, const struct compare_result *c, const char *base)
{
	const struct compare_within *w = &c->within;
	const struct rm_effect *e = &w->rm.within;
	int corrected = w->rm.sphericity.p < FINDING_ALPHA;
	double p = finite(corrected ? e->gg_p : e->p);
	const char **labels;
	struct strbuf line = STRBUF_INIT;

	/* two conditions are a paired t test, which has no finding */
	if (c->design != COMPARE_WITHIN || w->m == 2 || !(labels = malloc((w->m ? w->m : 1) * sizeof *labels)))
		return;
	for (size_t j = 0; j < w->m; j++)
		labels[j] = compare_condition_label(&w->v[j]);
	strbuf_addf(&line, "Scenarios (repeated measures): the means of %s %s across the scenarios (%s", base,
		    p < FINDING_ALPHA ? "differ" : isfinite(p) ? "do not differ significantly" : "were compared",
		    corrected ? "Greenhouse-Geisser corrected, as Mauchly's test rejects sphericity: " : "");
	add_ftest(&line, "", corrected ? e->gg_df1 : e->df1, corrected ? 2 : 0, corrected ? e->gg_df2 : e->df2,
		  corrected ? 1 : 0, e->F, p);
	strbuf_adds(&line, ", partial eta squared");
	add_num(&line, " = ", "%.2f", e->partial_eta2);
	strbuf_adds(&line, "): ");
	add_means(&line, w->m, labels, w->s);
	strbuf_adds(&line, ".");
	report_finding(r, &line);
	free(labels);
}

/* The slope tests of trait `name` when it is one design column (a categorical trait's are named
 * "slopes of" and have no finding), else NULL. */
static const struct wald *trait_slope_test(const struct regress_result *res, const char *name)
{
	for (size_t i = 0; res->slopes_of && i < res->npred; i++)
		if (strcmp(res->pred[i].name, name) == 0 && res->col_of[i + 1] - res->col_of[i] == 1)
			return &res->slopes_of[i];
	return NULL;
}

static void regress_findings(struct report *r, const struct regress_result *res)
{
	const char *by = res->has_by ? res->by.name : "";
	struct strbuf line = STRBUF_INIT;
	size_t said = 0;

	strbuf_addf(&line, "Regressions: %s on ", res->y.name);
	for (size_t t = 0; t < r->st->n_traits; t++)
		strbuf_addf(&line, "%s%s", t ? " and " : "", r->st->traits[t]);
	strbuf_addf(&line, " per %s:", by);
	for (size_t l = 0; res->group_fit && l < res->by.n_levels; l++) {
		const struct ols_fit *f = res->group_fit[l];
		if (!f)
			continue;
		strbuf_addf(&line, "%s %s (R2", said++ ? ";" : "", res->by.labels[l]);
		add_num(&line, " = ", "%.2f", f->r2);
		strbuf_adds(&line, ")");
		for (size_t t = 0; t < r->st->n_traits; t++) {
			size_t c = regress_term_index(res, r->st->traits[t]);
			if (!c)
				continue;
			strbuf_addf(&line, " %s b", r->st->traits[t]);
			add_num(&line, " = ", "%.2f", gsl_vector_get(f->b, c));
			strbuf_adds(&line, " (");
			add_p(&line, gsl_vector_get(f->p_value, c));
			strbuf_adds(&line, ")");
		}
	}
	for (size_t t = 0; t < r->st->n_traits; t++) {
		const struct wald *w = trait_slope_test(res, r->st->traits[t]);
		if (!w)
			continue;
		strbuf_addf(&line, "%s %s slope %s across %s (", t ? "; the" : ". The", r->st->traits[t],
			    w->p < FINDING_ALPHA ? "differs" : isfinite(w->p) ? "does not differ significantly" : "was compared",
			    by);
		add_ftest(&line, "", w->df1, 0, w->df2, 0, w->F, w->p);
		strbuf_adds(&line, ")");
	}
	strbuf_adds(&line, ".");
	report_finding(r, &line);
}

/* The test of the interaction (of both in model 2). */
static const struct moderate_test *moderate_interaction(const struct moderate_result *res)
{
	for (size_t i = 0; i < res->n_tests; i++)
		if (res->tests[i].which == 0)
			return &res->tests[i];
	return NULL;
}

static void moderate_findings(struct report *r, const struct moderate_result *res, const char *trait)
{
	const struct moderate_test *it = moderate_interaction(res);
	const struct moderate_jn *jn = &res->jn;
	size_t np = jn->why == MODERATE_JN_DONE ? jn->np : 0;
	/* a categorical X of more than two levels: the points are those of the omnibus F test of all its
	 * contrasts together (moderate's "omnibus"), not of any one contrast */
	int omnibus = res->omnibus != NULL;
	struct strbuf line = STRBUF_INIT;
	double p = it ? it->wald.p : NAN;

	if (!it)
		return;
	strbuf_addf(&line, "Moderation: %s %s the effect of %s on %s (", trait,
		    p < FINDING_ALPHA ? "moderates" : isfinite(p) ? "does not significantly moderate" : "was tested as moderator of",
		    res->x.name, res->y.name);
	if (p < FINDING_ALPHA) {
		strbuf_adds(&line, "R2 change");
		add_num(&line, " = ", "%.3f", it->r2_change);
		strbuf_adds(&line, ", ");
	}
	add_ftest(&line, "", it->wald.df1, 0, it->wald.df2, 0, it->wald.F, p);
	strbuf_adds(&line, ")");
	for (size_t i = 0; p < FINDING_ALPHA && i < np; i++) {
		if (i)
			strbuf_adds(&line, ", ");
		else if (omnibus)
			strbuf_addf(&line, "; omnibus Johnson-Neyman point (the F test of all %s contrasts together) at ",
				    res->x.name);
		else
			strbuf_adds(&line, "; Johnson-Neyman point at ");
		strbuf_addf(&line, "%s", trait);
		add_num(&line, " = ", "%.2f", jn->points[i]);
		if (isfinite(jn->below[i]))
			strbuf_addf(&line, " (%.1f%% of cases below)", jn->below[i]);
		else
			strbuf_adds(&line, " (the share of cases below could not be computed)");
	}
	strbuf_adds(&line, ".");
	report_finding(r, &line);
}

static void segment_findings(struct report *r, const struct segment_result *res)
{
	for (size_t i = 0; i < res->n_outcomes; i++) {
		const struct segment_outcome *t = &res->outcomes[i];
		const char *y = t->name;
		int anova = t->anova_status == 0, welch = t->welch_status == 0 && !isnan(t->welch.p);
		double p = welch ? t->welch.p : anova ? t->anova.p : NAN, F = welch ? t->welch.F : anova ? t->anova.F : NAN,
		       df2 = welch ? t->welch.df2 : anova ? t->anova.df2 : NAN;
		size_t best = SIZE_MAX, worst = SIZE_MAX;
		struct strbuf line = STRBUF_INIT;
		for (size_t s = 0; s < res->n_seg; s++) {
			double m = t->sum[s].n ? t->sum[s].mean : NAN;
			if (isnan(m))
				continue;
			if (best == SIZE_MAX || m > t->sum[best].mean)
				best = s;
			if (worst == SIZE_MAX || m < t->sum[worst].mean)
				worst = s;
		}
		strbuf_addf(&line, "Segments: %s %s the ", y,
			    p < FINDING_ALPHA ? "differs between" : isfinite(p) ? "does not differ significantly between"
										: "was compared between");
		strbuf_addf(&line, "%zu ", t->segments);
		strbuf_adds(&line, "segments (");
		add_ftest(&line, welch ? "Welch" : "ANOVA", anova ? t->anova.df1 : NAN, 0, df2, welch ? 1 : 0, F, p);
		if (p < FINDING_ALPHA) {
			strbuf_adds(&line, ", eta squared");
			add_num(&line, " = ", "%.2f", anova ? t->anova.eta2 : NAN);
		}
		strbuf_adds(&line, ")");
		if (p < FINDING_ALPHA && best != SIZE_MAX && worst != SIZE_MAX)
			strbuf_addf(&line, "; highest for '%s' (M = %.2f), lowest for '%s' (M = %.2f)", res->flat[best],
				    t->sum[best].mean, res->flat[worst], t->sum[worst].mean);
		strbuf_adds(&line, ".");
		report_finding(r, &line);
	}
}

void report_section_findings(struct report *r, const struct job *j)
{
	switch (j->kind) {
	case JOB_DESCRIBE:
	case JOB_CFA:
		break;
	case JOB_RELIABILITY:
		reliability_findings(r, j->result);
		break;
	case JOB_CORRELATE:
		correlation_findings(r, j->result);
		break;
	case JOB_COMPARE:
		compare_findings(r, j->result);
		break;
	case JOB_WITHIN:
		within_findings(r, j->result, j->trait);
		break;
	case JOB_REGRESS:
		regress_findings(r, j->result);
		break;
	case JOB_MODERATE:
		moderate_findings(r, j->result, j->trait);
		break;
	case JOB_SEGMENT:
		segment_findings(r, j->result);
		break;
	case JOB_MEDIATION:
		report_mediation_findings(r, j);
		break;
	default:
		report_recovery_findings(r, j);
		break;
	}
}
