#include "analysis/cli/emit.h"

#include <math.h>

#include "io/doc.h"

void emit_f_test(json_t *row, double F, double df1, double df2, double p)
{
	doc_num(row, "F", F);
	doc_num(row, "df1", df1);
	doc_num(row, "df2", df2);
	doc_num(row, "p", p);
}

void emit_wald(json_t *row, const struct wald *w)
{
	emit_f_test(row, w->F, w->df1, w->df2, w->p);
}

void emit_oneway(json_t *doc, json_t *row, int anova_status, const struct oneway_anova *a, const char *why_f,
		 int welch_status, const struct ftest *welch, const char *why_welch)
{
	int ok = anova_status == 0, w_ok = welch_status == 0;

	doc_num_why(doc, row, "F", ok ? a->F : NAN, why_f);
	doc_num(row, "df1", ok ? a->df1 : NAN);
	doc_num(row, "df2", ok ? a->df2 : NAN);
	doc_num(row, "p", ok ? a->p : NAN);
	doc_num(row, "eta2", ok ? a->eta2 : NAN);
	doc_num_why(doc, row, "welch_F", w_ok ? welch->F : NAN, why_welch);
	doc_num(row, "welch_df2", w_ok ? welch->df2 : NAN);
	doc_num(row, "welch_p", w_ok ? welch->p : NAN);
}

void emit_anova_row(json_t *row, enum anova_row_shape shape, const struct anova_row *a)
{
	doc_num(row, "ss", a->ss);
	if (shape == ANOVA_TERM || shape == ANOVA_ERROR) {
		doc_num(row, "df", a->df1);
		doc_num(row, "ms", a->ms);
		if (shape == ANOVA_ERROR)
			return;
	} else {
		doc_num(row, "df1", a->df1);
		if (shape == ANOVA_UNIVARIATE)
			doc_num(row, "ss_error", a->ss_error);
		doc_num(row, "df2", a->df2);
		if (shape == ANOVA_REPEATED)
			doc_num(row, "ms", a->ms);
	}
	doc_num(row, "F", a->F);
	doc_num(row, "p", a->p);
	if (shape == ANOVA_REPEATED)
		doc_num(row, "ss_error", a->ss_error);
	doc_num(row, "partial_eta2", a->partial_eta2);
	if (a->es) {
		doc_num(row, "partial_eta2_llci", a->es->lo);
		doc_num(row, "partial_eta2_ulci", a->es->hi);
	} else {
		doc_num_noted(row, "partial_eta2_llci", NAN);
		doc_num_noted(row, "partial_eta2_ulci", NAN);
	}
}
