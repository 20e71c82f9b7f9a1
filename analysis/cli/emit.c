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
