/* report_results_prose (analysis/report/report_documents.h): the findings as APA prose a
 * researcher can edit, from the numbers each section's result holds, e.g.
 *   "Welch's test showed that satisfaction differed across the levels of scenario, F(2, 377.6)
 *    = 94.90, p < .001, η² = .25 (Fix only: M = 3.15, SD = 0.88; ...)."
 * Statistic symbols in italics, numbers by io/apa.h's rules. The ANOVA's F is reported unless
 * Levene's test rejected equal variances (the result's equal_variances_rejected), then Welch's;
 * eta squared is the ANOVA's either way. An effect size's CI is given where the result holds one
 * (Cronbach's alpha, the coefficients); none is invented. A statistic the result holds as null
 * is said to be one that could not be computed. */
#include <math.h>
#include <string.h>

#include "analysis/report/report.h"
#include "analysis/report/report_documents.h"
#include "analysis/report/report_parts.h"

#define PROSE_ALPHA 0.05

/* "F(df1, df2) = F, p < .001" (df by the df rule: whole, or one decimal for Welch's). */
static void ftest(struct dm_inlines *p, const json_t *t)
{
	double F = num(t, "F"), df1 = num(t, "df1"), df2 = num(t, "df2");

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
	dm_stat(p, "p", num(t, "p"));
}

static const char *significant(const json_t *t, const char *yes, const char *no)
{
	double p = num(t, "p");
	return isfinite(p) && p < PROSE_ALPHA ? yes : no;
}

static void reliability(struct dm_doc *d, const json_t *res, double ci)
{
	const json_t *scales = json_object_get(res, "scales");
	struct dm_inlines *p;

	if (json_array_size(scales) == 0)
		return;
	p = dm_paragraph(d);
	dm_text(p, "Internal consistency (Cronbach's ");
	dm_symbol(p, "alpha");
	dm_addf(p, 0, ", %g%% CI in brackets) was ", 100 * ci);
	for (size_t i = 0; i < json_array_size(scales); i++) {
		const json_t *s = json_array_get(scales, i), *ci = json_object_get(s, "alpha_ci");
		dm_text(p, i == 0 ? "" : i + 1 == json_array_size(scales) ? ", and " : ", ");
		dm_value(p, APA_BOUNDED, num(s, "alpha"));
		if (json_array_size(ci) == 2 && json_is_number(json_array_get(ci, 0)) && json_is_number(json_array_get(ci, 1))) {
			dm_text(p, " ");
			dm_ci(p, APA_BOUNDED, json_number_value(json_array_get(ci, 0)), json_number_value(json_array_get(ci, 1)));
		}
		dm_text(p, " for ");
		dm_text(p, str(s, "name"));
	}
	dm_text(p, ".");
}

static void compare(struct dm_doc *d, const json_t *res)
{
	const json_t *anova = json_object_get(res, "anova"), *groups = json_object_get(res, "groups");
	int welch = json_is_true(json_object_get(res, "equal_variances_rejected")) && json_is_object(json_object_get(res, "welch"));
	const json_t *test = welch ? json_object_get(res, "welch") : anova;
	struct dm_inlines *p;

	if (strcmp(str(res, "design"), "between") != 0 || !json_is_object(test))
		return;
	p = dm_paragraph(d);
	dm_text(p, welch ? "Welch's test (Levene's test rejected equal variances) showed that " : "A one-way ANOVA showed that ");
	dm_text(p, str(res, "y"));
	dm_text(p, significant(test, " differed across the levels of ", " did not differ significantly across the levels of "));
	dm_text(p, str(res, "by"));
	dm_text(p, ", ");
	ftest(p, test);
	if (isfinite(num(anova, "eta2"))) {
		dm_text(p, ", ");
		dm_stat(p, "eta2", num(anova, "eta2"));
	}
	if (json_array_size(groups)) {
		dm_text(p, " (");
		for (size_t i = 0; i < json_array_size(groups); i++) {
			const json_t *g = json_array_get(groups, i);
			dm_text(p, i ? "; " : "");
			dm_text(p, *str(g, "label") ? str(g, "label") : str(g, "level"));
			dm_text(p, ": ");
			dm_stat(p, "M", num(g, "mean"));
			dm_text(p, ", ");
			dm_stat(p, "SD", num(g, "sd"));
		}
		dm_text(p, ")");
	}
	dm_text(p, ".");
}

/* "b = 0.33, 95% CI [0.24, 0.42], p < .001" for the predictor `term`. */
static void coefficient(struct dm_inlines *p, const json_t *row, double ci)
{
	dm_text(p, str(row, "label")[0] ? str(row, "label") : str(row, "term"));
	dm_text(p, ", ");
	dm_stat(p, "b", num(row, "b"));
	if (isfinite(num(row, "llci")) && isfinite(num(row, "ulci"))) {
		dm_addf(p, 0, ", %g%% ", 100 * ci);
		dm_symbol(p, "CI");
		dm_text(p, " ");
		dm_ci(p, APA_GENERAL, num(row, "llci"), num(row, "ulci"));
	}
	dm_text(p, ", ");
	dm_stat(p, "p", num(row, "p"));
}

static void regress(struct dm_doc *d, const json_t *res, double ci)
{
	const json_t *coefs = json_object_get(res, "coefficients");
	struct dm_inlines *p;
	size_t said = 0;

	if (!isfinite(num(res, "r2")))
		return;
	p = dm_paragraph(d);
	dm_text(p, "In the regression of ");
	dm_text(p, str(res, "y"));
	dm_text(p, " on ");
	for (size_t i = 1; i < json_array_size(coefs); i++) {
		const json_t *row = json_array_get(coefs, i);
		dm_text(p, i == 1 ? "" : i + 1 == json_array_size(coefs) ? " and " : ", ");
		dm_text(p, str(row, "label")[0] ? str(row, "label") : str(row, "term"));
	}
	dm_text(p, " (all cases pooled), the predictors explained ");
	dm_stat(p, "R2", num(res, "r2"));
	dm_text(p, " of its variance, ");
	ftest(p, res);
	dm_text(p, ". ");
	for (size_t i = 1; i < json_array_size(coefs); i++) {
		const json_t *row = json_array_get(coefs, i);
		if (!isfinite(num(row, "p")) || num(row, "p") >= PROSE_ALPHA)
			continue;
		dm_text(p, said++ ? "; " : "Significant predictors: ");
		coefficient(p, row, ci);
	}
	dm_text(p, said ? "." : "No predictor was significant on its own.");
}

static void moderate(struct dm_doc *d, const json_t *res)
{
	const json_t *it = json_object_get(res, "interaction_test");
	struct dm_inlines *p;

	if (!json_is_object(it))
		return;
	p = dm_paragraph(d);
	dm_text(p, str(res, "w"));
	dm_text(p, significant(it, " moderated the effect of ", " did not significantly moderate the effect of "));
	dm_text(p, str(res, "x"));
	dm_text(p, " on ");
	dm_text(p, str(res, "y"));
	dm_text(p, ", ");
	dm_stat(p, "delta_R2", num(it, "r2_change"));
	dm_text(p, ", ");
	ftest(p, it);
	dm_text(p, ".");
}

void report_results_prose(struct dm_doc *d, const json_t *results, double ci)
{
	const json_t *sections = json_object_get(results, "sections");

	for (size_t i = 0; i < json_array_size(sections); i++) {
		const json_t *sec = json_array_get(sections, i), *res = json_object_get(sec, "result");
		const char *id = str(sec, "id");
		if (strcmp(id, "reliability") == 0)
			reliability(d, res, ci);
		else if (strncmp(id, "compare-", 8) == 0)
			compare(d, res);
		else if (strncmp(id, "regress-", 8) == 0)
			regress(d, res, ci);
		else if (strncmp(id, "moderate-", 9) == 0)
			moderate(d, res);
	}
}
