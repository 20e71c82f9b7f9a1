/* waves.html and waves.docx (analysis/report/waves.h): the comparison of the waves as one document
 * of io/docmodel.h in APA style, written as the report's documents are (report_documents.h's
 * report_doc_write: a self-contained page with the charts as inline SVG; Word by pandoc with the
 * reference document's APA styles and the PNG charts). In order: the title and a line naming the
 * program and where each wave's own report is; what changed, in words; the comparison's tables
 * (the first lists the waves with their files and rows) in APA style (io/render.h's render_docmodel,
 * with its notes); the charts as numbered figures captioned with their titles. */
#include "analysis/report/waves.h"

#include "analysis/report/report_documents.h"
#include "io/docmodel.h"
#include "io/render.h"
#include "io/version.h"

int waves_write_documents(const char *dir, const struct waves_doc *w, struct sk_error *err)
{
	struct render_options ro = {.format = FORMAT_HTML, .digits = w->cli->digits, .embedded = 1, .style = STYLE_APA,
				    .ci = w->cli->ci};
	struct dm_doc d;
	struct dm_inlines *p;
	struct dm_list *l;
	int status;

	dm_init(&d, "Survey Waves Compared", "en");
	p = dm_paragraph(&d);
	dm_addf(p, 0, "surveykit %s; each wave's own report is in the folder named after it.", SURVEYKIT_VERSION);
	dm_heading(&d, 1, "What Changed");
	l = json_array_size(w->findings) ? dm_list(&d, 0) : NULL;
	for (size_t i = 0; i < json_array_size(w->findings); i++)
		dm_text(dm_list_item(l), json_string_value(json_array_get(w->findings, i)));
	dm_heading(&d, 1, "Comparison");
	render_docmodel(w->doc, &ro, &d, 2);
	if (w->cs->n)
		dm_heading(&d, 1, "Figures");
	for (size_t i = 0; i < w->cs->n; i++) {
		const char *stem = w->cs->names[i];
		unsigned formats = chart_set_formats(w->cs);
		char files[3][300];
		const char *f[3] = {NULL, NULL, NULL};
		static const enum chart_format order[3] = {CHART_SVG, CHART_PNG, CHART_PDF};
		for (size_t k = 0; k < 3; k++)
			if (formats & order[k]) {
				snprintf(files[k], sizeof files[k], "charts/%s.%s", stem, chart_format_ext(order[k]));
				f[k] = files[k];
			}
		report_doc_figure(&d, dir, w->titles[i], f[0], f[1], f[2], w->cs->rendered);
	}
	status = report_doc_write(&d, dir, "waves", err);
	dm_release(&d);
	return status;
}
