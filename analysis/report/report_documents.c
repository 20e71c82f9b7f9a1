/* The report's documents (analysis/report/report_parts.h): report.html and report.docx, one
 * document of io/docmodel.h in APA style built from the report's records and written by
 * io/docwrite.h. In order:
 *   - the title and a line naming the program and the data;
 *   - Summary: with --filter, the exclusion record first (rows read, removed by each step, kept:
 *     the one table of it in the report, with its sentence); the rows each analysis used and left
 *     out (a table), the findings in words, and the results in APA prose (report_prose.c);
 *   - the study variables;
 *   - each section: its heading, the command that prints it alone, its tables in APA style
 *     (io/render.h's render_docmodel) and its charts as numbered figures with their titles as
 *     captions (the charts are drawn without titles: chart_set's captions);
 *   - the notes.
 * report.html holds everything (style sheet, charts as inline SVG made safe by io/svg_embed.h);
 * report.docx is made by pandoc with the PNG charts embedded; without pandoc it is not written
 * and the report's notes (and a notice on standard error) say how to get it. pandoc is started
 * before the charts are drawn (report_docx_start), so that it reads the document while gnuplot
 * draws and only embeds the PNGs once they are there.
 *
 * Each figure is drawn once in each format wanted (gnuplot's cost is almost all in the 300-dpi
 * PNG, whose compression takes about 0.1 s of CPU a chart, against 0.01 s for an SVG): SVG always
 * (report.html inlines it, report.md links it); PNG when --figures asks for png or all, and when
 * pandoc is there (report.docx embeds PNG: pandoc cannot give Word an SVG without rsvg-convert);
 * PDF (gnuplot's pdfcairo, for LaTeX and journals) when --figures asks for pdf or all. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report/report.h"
#include "analysis/report/report_documents.h"
#include "analysis/report/report_parts.h"
#include "io/doc.h"
#include "io/docmodel.h"
#include "io/docwrite.h"
#include "io/output.h"
#include "io/render.h"
#include "io/strbuf.h"
#include "io/svg_embed.h"
#include "io/version.h"

/* The largest chart file read to be inlined (io/svg_embed.h caps what it parses). */
#define REPORT_SVG_MAX SVG_EMBED_MAX

int report_figure_formats(const struct cli *cli, unsigned *formats, struct sk_error *err)
{
	const char *v = cli_get(cli, "figures");
	char pandoc[4096];

	*formats = CHART_SVG;
	if (v && strcmp(v, "svg") != 0 && strcmp(v, "png") != 0 && strcmp(v, "pdf") != 0 && strcmp(v, "all") != 0)
		return sk_fail(err, SK_EXIT_USAGE, "--figures '%s' must be png, svg, pdf or all (see 'surveykit %s --help')",
			       v, cli->command);
	if (v && (strcmp(v, "png") == 0 || strcmp(v, "all") == 0))
		*formats |= CHART_PNG;
	if (v && (strcmp(v, "pdf") == 0 || strcmp(v, "all") == 0))
		*formats |= CHART_PDF;
	if (dm_pandoc_path(pandoc, sizeof pandoc))
		*formats |= CHART_PNG; /* the Word document embeds them */
	return 0;
}

/* The bytes of dir/rel, or NULL (a chart that was not drawn, or one too large to inline). */
static char *slurp(const char *dir, const char *rel, size_t *len)
{
	char *path = output_path(dir, rel), *data = NULL;
	struct strbuf b = STRBUF_INIT;
	char buf[65536];
	size_t n;
	FILE *f;

	*len = 0;
	if (!path || !(f = fopen(path, "rb"))) {
		free(path);
		return NULL;
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0 && b.len <= REPORT_SVG_MAX)
		strbuf_add(&b, buf, n);
	if (!ferror(f) && b.len <= REPORT_SVG_MAX && strbuf_ok(&b)) {
		*len = b.len;
		data = strbuf_take(&b);
	}
	fclose(f);
	strbuf_release(&b);
	free(path);
	return data;
}

void report_doc_figure(struct dm_doc *d, const char *dir, const char *title, const char *svg, const char *png,
		       const char *pdf, int drawn)
{
	struct dm_figure *f = dm_figure(d);
	size_t len;
	char *data = drawn && svg ? slurp(dir, svg, &len) : NULL;

	dm_text(dm_figure_title(f), title);
	if (data && f)
		dm_figure_svg(f, data, len);
	free(data);
	if (drawn)
		dm_figure_files(f, png, pdf, svg);
}

static void figures(struct dm_doc *d, const struct report_record *sec, const char *dir, int drawn)
{
	for (size_t i = 0; i < sec->n_charts; i++) {
		const struct report_chart *c = &sec->charts[i];
		report_doc_figure(d, dir, c->title, c->svg, c->png, c->pdf, drawn);
	}
}

/* Rows each section's analysis read, used and left out. */
static void exclusions(struct dm_doc *d, const struct report *r)
{
	struct dm_table *t = dm_table(d, 4);

	dm_text(dm_table_title(t), "Rows Used by Each Analysis");
	dm_text(dm_table_header(t, 0, DM_LEFT), "Analysis");
	dm_text(dm_table_header(t, 1, DM_RIGHT), "Rows read");
	dm_text(dm_table_header(t, 2, DM_RIGHT), "Used");
	dm_text(dm_table_header(t, 3, DM_RIGHT), "Left out");
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct report_record *sec = r->jobs[i].sec;
		if (!r->jobs[i].shown)
			continue;
		dm_table_row(t);
		dm_table_text(t, 0, sec->title);
		dm_table_value(t, 1, APA_COUNT, (double)sec->rows);
		dm_table_value(t, 2, APA_COUNT, (double)sec->used);
		dm_table_value(t, 3, APA_COUNT, (double)sec->rows - (double)sec->used);
	}
	dm_text(dm_table_note(t, DM_NOTE_GENERAL, NULL),
		"Rows are left out of an analysis when a variable it needs is missing or out of range; "
		"each section's notes give the reasons and their counts.");
}

static void list_lines(struct dm_doc *d, const struct report_lines *lines)
{
	struct dm_list *l = lines->n ? dm_list(d, 0) : NULL;

	for (size_t i = 0; i < lines->n; i++)
		dm_text(dm_list_item(l), lines->v[i]);
}

/* One line of the study variables: a name, or the names of a list, or "none found". */
static void study_line(struct dm_list *l, const char *name, char *const *v, size_t n)
{
	struct dm_inlines *item = dm_list_item(l);

	dm_text(item, name);
	for (size_t i = 0; i < n; i++) {
		dm_text(item, i ? ", " : "");
		dm_text(item, v[i]);
	}
	if (n == 0)
		dm_text(item, "none found");
}

static void study_variables(struct dm_doc *d, const struct study *st)
{
	struct dm_list *l = dm_list(d, 0);

	study_line(l, "Condition: ", &st->group, st->group ? 1 : 0);
	study_line(l, "Traits: ", st->traits, st->n_traits);
	study_line(l, "Outcomes: ", st->outcomes, st->n_outcomes);
}

/* A section's title with its first letter capitalised ("Satisfaction across the levels of scenario"). */
static void report_section_title(struct dm_inlines *h, const char *title)
{
	if (title[0] >= 'a' && title[0] <= 'z') {
		dm_addf(h, 0, "%c", title[0] - 'a' + 'A');
		title++;
	}
	dm_text(h, title);
}

static void build(struct dm_doc *d, const struct report *r, const char *dir, int drawn)
{
	struct render_options ro = {.format = FORMAT_HTML, .digits = r->cli->digits, .embedded = 1, .style = STYLE_APA,
				    .ci = r->cli->ci};
	struct dm_inlines *p = dm_paragraph(d);
	int first = 1;

	dm_addf(p, 0, "surveykit %s; ", SURVEYKIT_VERSION);
	dm_value(p, APA_COUNT, (double)r->ds->frame.n_rows);
	dm_text(p, " rows read from ");
	dm_add(p, DM_CODE, r->data);
	dm_text(p, ".");
	dm_heading(d, 1, "Summary");
	if (r->exclusions)
		render_docmodel(r->exclusions, &ro, d, 2);
	dm_heading(d, 2, "Rows Used");
	exclusions(d, r);
	dm_heading(d, 2, "Findings");
	list_lines(d, &r->findings);
	dm_heading(d, 2, "Results");
	report_results_prose(d, r);
	dm_heading(d, 1, "Study Variables");
	study_variables(d, r->st);
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct report_record *sec = r->jobs[i].sec;
		struct dm_inlines *h;
		if (!r->jobs[i].shown)
			continue;
		if (!first)
			dm_page_break(d);
		first = 0;
		h = dm_heading(d, 1, NULL);
		report_section_title(h, sec->title);
		p = dm_paragraph(d);
		dm_add(p, DM_CODE, sec->command);
		render_docmodel(sec->result, &ro, d, 2);
		figures(d, sec, dir, drawn);
	}
	if (r->notes.n) {
		dm_heading(d, 1, "Notes");
		list_lines(d, &r->notes);
	}
}

static int open_file(const char *dir, const char *name, FILE **f, char **path, struct sk_error *err)
{
	if (!(*path = output_path(dir, name)))
		return sk_out_of_memory(err);
	if (!(*f = fopen(*path, "wb"))) {
		int e = errno;
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", *path, strerror(e));
		free(*path);
		return SK_EXIT_OUTPUT;
	}
	return 0;
}

static int close_file(FILE *f, char *path, int failed, struct sk_error *err)
{
	int e = failed ? EIO : 0;

	if (fflush(f) != 0 || ferror(f))
		e = errno ? errno : EIO;
	if (fclose(f) != 0 && !e)
		e = errno;
	if (e)
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", path, strerror(e));
	free(path);
	return e ? SK_EXIT_OUTPUT : 0;
}

int report_docx_missing(const char *name, int quiet)
{
	char pandoc[4096];

	if (dm_pandoc_path(pandoc, sizeof pandoc))
		return 0;
	if (!quiet)
		fprintf(stderr, "surveykit: notice: %s not written: %s\n", name, DM_DOCX_HOW);
	return 1;
}

/* report_doc_write; `started`: the Word document's pandoc, started early (report_docx_start), which
 * is let go instead of running pandoc on d. */
static int doc_write(const struct dm_doc *d, const char *dir, const char *stem, struct dm_docx_job *started,
		     struct sk_error *err)
{
	char pandoc[4096], msg[256], name[64], *path;
	struct dm_html_options ho = {.toc_levels = 1};
	FILE *f;
	int status;

	if (!dm_ok(d))
		return sk_out_of_memory(err);
	snprintf(name, sizeof name, "%s.html", stem);
	if ((status = open_file(dir, name, &f, &path, err)) == 0)
		status = close_file(f, path, dm_write_html(d, &ho, f) != 0, err);
	snprintf(name, sizeof name, "%s.docx", stem);
	if (status == 0 && (started || dm_pandoc_path(pandoc, sizeof pandoc)) &&
	    (status = open_file(dir, name, &f, &path, err)) == 0) {
		enum dm_docx_status st = started ? dm_docx_finish(started, 1, f, msg, sizeof msg)
						 : dm_write_docx(d, dir, f, msg, sizeof msg);
		if (st == DM_DOCX_OK || st == DM_DOCX_WRITE)
			status = close_file(f, path, st != DM_DOCX_OK, err);
		else {
			fclose(f);
			status = sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", path,
					 st == DM_DOCX_NO_PANDOC ? DM_DOCX_HOW : msg);
			free(path);
		}
	}
	return status;
}

int report_doc_write(const struct dm_doc *d, const char *dir, const char *stem, struct sk_error *err)
{
	return doc_write(d, dir, stem, NULL, err);
}

/* The report's document; `drawn`: with its charts' files. */
static void report_doc(struct dm_doc *d, const struct report *r, const char *dir, int drawn)
{
	struct strbuf title = STRBUF_INIT;

	strbuf_adds(&title, "Study Report: ");
	strbuf_adds(&title, r->data);
	dm_init(d, strbuf_ok(&title) ? strbuf_str(&title) : "Study Report", "en");
	strbuf_release(&title);
	build(d, r, dir, drawn);
}

void report_docx_start(struct report *r, const char *dir)
{
	char pandoc[4096], msg[256];
	struct dm_doc d;

	if (r->docx || !r->charts.gnuplot[0] || !dm_pandoc_path(pandoc, sizeof pandoc) ||
	    !(r->docx = calloc(1, sizeof *r->docx)))
		return;
	report_doc(&d, r, dir, 1);
	if (!dm_ok(&d) || dm_docx_start(&d, dir, 1, r->docx, msg, sizeof msg) != DM_DOCX_OK) {
		free(r->docx); /* report_write_documents runs pandoc itself, and says what fails */
		r->docx = NULL;
	}
	dm_release(&d);
}

void report_docx_stop(struct report *r)
{
	char msg[256];

	if (r->docx && r->docx->pid)
		dm_docx_finish(r->docx, 0, NULL, msg, sizeof msg);
	free(r->docx);
	r->docx = NULL;
}

int report_write_documents(struct report *r, const char *dir, struct sk_error *err)
{
	struct dm_doc d;
	int status;

	if (report_docx_missing("report.docx", r->cli->quiet))
		report_note(r, "report.docx not written: %s", DM_DOCX_HOW);
	report_doc(&d, r, dir, r->charts.rendered);
	status = doc_write(&d, dir, "report", r->docx && r->charts.rendered ? r->docx : NULL, err);
	dm_release(&d);
	report_docx_stop(r);
	return status;
}
