/* report_results_prose (analysis/report/report_documents.h): the findings as APA prose a
 * researcher can edit, from the numbers each section's result holds, e.g.
 *   "Welch's test showed that satisfaction differed across the levels of scenario, F(2, 377.6)
 *    = 94.90, p < .001, η² = .25, one-sided 95% CI [.19, 1.00] (Fix only: M = 3.15, SD = 0.88; ...)."
 * Statistic symbols in italics, numbers by io/apa.h's rules. The ANOVA's F is reported unless
 * Levene's test rejected equal variances, then Welch's; eta squared is the ANOVA's either way. An
 * effect size's CI is given where the result holds one (Cronbach's alpha, eta squared, the
 * coefficients); none is invented. A statistic the result holds as null
 * is said to be one that could not be computed. */
#include <math.h>
#include <string.h>

#include "analysis/commands/compare.h"
#include "analysis/commands/moderate.h"
#include "analysis/commands/regress.h"
#include "analysis/commands/reliability.h"
#include "analysis/report/report.h"
#include "analysis/report/report_documents.h"
#include "analysis/report/report_parts.h"

#define PROSE_ALPHA 0.05

static void reliability(struct dm_doc *d, const struct reliability_result *res, double ci)
{
	size_t n = res->m * res->levels;
	struct dm_inlines *p;

	if (n == 0)
		return;
	p = dm_paragraph(d);
	dm_text(p, "Internal consistency (Cronbach's ");
	dm_symbol(p, "alpha");
	dm_addf(p, 0, ", %g%% CI in brackets) was ", 100 * ci);
	for (size_t i = 0; i < n; i++) {
		const struct reliability *r = res->units[i].rel;
		double alpha = r && isfinite(r->alpha) ? r->alpha : NAN;
		dm_text(p, i == 0 ? "" : i + 1 == n ? ", and " : ", ");
		dm_value(p, APA_BOUNDED, alpha);
		if (r && isfinite(r->alpha_lo) && isfinite(r->alpha_hi)) {
			dm_text(p, " ");
			dm_ci(p, APA_BOUNDED, r->alpha_lo, r->alpha_hi);
		}
		dm_text(p, " for ");
		dm_text(p, res->units[i].s->name);
	}
	dm_text(p, ".");
}

/* "F(df1, df2) = F, p < .001" of a test the result holds as numbers (none finite: could not be computed). */
static void ftest_of(struct dm_inlines *p, double F, double df1, double df2, double pv)
{
	if (!isfinite(F) || !isfinite(df1) || !isfinite(df2)) {
		dm_italic(p, "F");
		dm_text(p, " could not be computed");
		return;
	}
	dm_symbol(p, "F");
	dm_text(p, "(");
	dm_value(p, APA_DF, df1);
	dm_text(p, ", ");
	dm_value(p, APA_DF, df2);
	dm_text(p, ") = ");
	dm_value(p, APA_GENERAL, F);
	dm_text(p, ", ");
	dm_stat(p, "p", isfinite(pv) ? pv : NAN);
}

/* A one-way comparison: the ANOVA's F, or Welch's when Levene's test rejected equal variances;
 * eta squared with its one-sided interval from the noncentral F (R effectsize's default, so the
 * upper bound is 1). */
static void compare(struct dm_doc *d, const struct compare_result *res, double ci)
{
	const struct compare_oneway *o = &res->one;
	const struct compare_levels *L = &o->by;
	int welch = compare_equal_variances_rejected(o);
	double F = welch ? (o->welch.ok ? o->welch.t.F : NAN) : o->anova.F,
	       df1 = welch ? (o->welch.ok ? o->welch.t.df1 : NAN) : o->anova.df1,
	       df2 = welch ? (o->welch.ok ? o->welch.t.df2 : NAN) : o->anova.df2,
	       pv = welch ? (o->welch.ok ? o->welch.t.p : NAN) : o->anova.p;
	struct dm_inlines *p;

	if (res->design != COMPARE_ONEWAY)
		return;
	p = dm_paragraph(d);
	dm_text(p, welch ? "Welch's test (Levene's test rejected equal variances) showed that " : "A one-way ANOVA showed that ");
	dm_text(p, res->y.name);
	dm_text(p, isfinite(pv) && pv < PROSE_ALPHA ? " differed across the levels of "
						   : " did not differ significantly across the levels of ");
	dm_text(p, L->g.name);
	dm_text(p, ", ");
	ftest_of(p, F, df1, df2, pv);
	if (isfinite(o->anova.eta2)) {
		dm_text(p, ", ");
		dm_stat(p, "eta2", o->anova.eta2);
		if (isfinite(o->es.eta2.lo) && isfinite(o->es.eta2.hi)) {
			dm_addf(p, 0, ", one-sided %g%% ", 100 * ci);
			dm_symbol(p, "CI");
			dm_text(p, " ");
			dm_ci(p, APA_BOUNDED, o->es.eta2.lo, o->es.eta2.hi);
		}
	}
	if (L->k) {
		dm_text(p, " (");
		for (size_t i = 0; i < L->k; i++) {
			const char *label = L->g.labels[L->orig[i]];
			dm_text(p, i ? "; " : "");
			dm_text(p, *label ? label : L->g.levels[L->orig[i]]);
			dm_text(p, ": ");
			dm_stat(p, "M", isfinite(o->s[i].mean) ? o->s[i].mean : NAN);
			dm_text(p, ", ");
			dm_stat(p, "SD", isfinite(o->s[i].sd) ? o->s[i].sd : NAN);
		}
		dm_text(p, ")");
	}
	dm_text(p, ".");
}

/* A value the result holds, NaN when it is not finite (a document holds it as null). */
static double finite_or_nan(double v)
{
	return isfinite(v) ? v : NAN;
}

/* The name of coefficient c (1..k) of a regression: its term with value labels. */
static const char *coefficient_name(const struct regress_result *res, size_t c)
{
	return res->labels[c - 1][0] ? res->labels[c - 1] : res->terms[c - 1];
}

/* "b = 0.33, 95% CI [0.24, 0.42], p < .001" for coefficient c of the pooled model. */
static void coefficient(struct dm_inlines *p, const struct regress_result *res, size_t c, double ci)
{
	const struct ols_fit *f = res->fit;
	double lo = finite_or_nan(gsl_vector_get(f->llci, c)), hi = finite_or_nan(gsl_vector_get(f->ulci, c));

	dm_text(p, coefficient_name(res, c));
	dm_text(p, ", ");
	dm_stat(p, "b", finite_or_nan(gsl_vector_get(f->b, c)));
	if (isfinite(lo) && isfinite(hi)) {
		dm_addf(p, 0, ", %g%% ", 100 * ci);
		dm_symbol(p, "CI");
		dm_text(p, " ");
		dm_ci(p, APA_GENERAL, lo, hi);
	}
	dm_text(p, ", ");
	dm_stat(p, "p", finite_or_nan(gsl_vector_get(f->p_value, c)));
}

static void regress(struct dm_doc *d, const struct regress_result *res, double ci)
{
	const struct ols_fit *f = res->fit;
	struct dm_inlines *p;
	size_t said = 0;

	if (!isfinite(f->r2))
		return;
	p = dm_paragraph(d);
	dm_text(p, "In the regression of ");
	dm_text(p, res->y.name);
	dm_text(p, " on ");
	for (size_t c = 1; c <= res->k; c++) {
		dm_text(p, c == 1 ? "" : c == res->k ? " and " : ", ");
		dm_text(p, coefficient_name(res, c));
	}
	dm_text(p, " (all cases pooled), the predictors explained ");
	dm_stat(p, "R2", f->r2);
	dm_text(p, " of its variance, ");
	ftest_of(p, finite_or_nan(f->F), finite_or_nan(f->df1), finite_or_nan(f->df2), finite_or_nan(f->p_F));
	dm_text(p, ". ");
	for (size_t c = 1; c <= res->k; c++) {
		double pv = gsl_vector_get(f->p_value, c);
		if (!isfinite(pv) || pv >= PROSE_ALPHA)
			continue;
		dm_text(p, said++ ? "; " : "Significant predictors: ");
		coefficient(p, res, c, ci);
	}
	dm_text(p, said ? "." : "No predictor was significant on its own.");
}

static void moderate(struct dm_doc *d, const struct moderate_result *res)
{
	const struct moderate_test *it = NULL;
	struct dm_inlines *p;

	for (size_t i = 0; i < res->n_tests; i++)
		if (res->tests[i].which == 0)
			it = &res->tests[i];
	if (!it)
		return;
	p = dm_paragraph(d);
	dm_text(p, res->w.name);
	dm_text(p, isfinite(it->wald.p) && it->wald.p < PROSE_ALPHA ? " moderated the effect of "
								    : " did not significantly moderate the effect of ");
	dm_text(p, res->x.name);
	dm_text(p, " on ");
	dm_text(p, res->y.name);
	dm_text(p, ", ");
	dm_stat(p, "delta_R2", it->r2_change);
	dm_text(p, ", ");
	ftest_of(p, it->wald.F, it->wald.df1, it->wald.df2, it->wald.p);
	dm_text(p, ".");
}

void report_results_prose(struct dm_doc *d, const struct report *r)
{
	double ci = r->cli->ci;

	/* the sections shown, in plan order: those computed (a section the wave cannot give is a note) */
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct job *j = &r->jobs[i];
		if (j->status != 0)
			continue;
		if (j->kind == JOB_RELIABILITY)
			reliability(d, j->result, ci);
		else if (j->kind == JOB_COMPARE)
			compare(d, j->result, ci);
		else if (j->kind == JOB_REGRESS)
			regress(d, j->result, ci);
		else if (j->kind == JOB_MODERATE)
			moderate(d, j->result);
	}
}
