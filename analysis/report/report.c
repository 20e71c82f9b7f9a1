/* surveykit report DATA [--codebook CB] --out DIR [--force] [--scenario VAR] [--traits A,B]
 *                      [--outcomes X,Y,Z]
 *
 * The study plan in one run (analysis/report/study.h finds the variables). With --filter the
 * exclusion record (analysis/data/exclusions.h) comes first, once: the first table of report.txt,
 * report.md and report.html with its sentence, results.json's top-level "exclusions" (the
 * sections' documents do not repeat it). Sections, each the document of
 * the single command named in it, computed on the wave loaded once:
 *   1. data screening         describe
 *   2. reliability, validity  reliability --validity (principal-axis loadings, CR, AVE)
 *   3. measurement model      cfa --estimator ml --missing listwise (two scales or more; a model
 *                             that cannot be fitted is a note in the section, not a failed report)
 *   4. correlations           correlate (the scales)
 *   5. scenario comparisons   compare --y OUTCOME --by SCENARIO, for each outcome
 *   6. regressions            regress --y OUTCOME --x TRAITS --by SCENARIO, for each outcome
 *   7. moderation             moderate --y OUTCOME --x SCENARIO --w TRAIT --jn, for each pair
 *   8. segments               segment --on TRAITS --outcomes OUTCOMES (tertiles crossed)
 * Charts: the answers to each scale's items (stacked bars), each scale's histogram, the
 * correlation heat map, each outcome's means by scenario with CIs, for each moderation the
 * simple-slopes lines and the Johnson-Neyman band, and the segment profiles; each chart's numbers are kept in its section's
 * "chart_data" in results.json. Output goes to DIR.tmp-XXXXXX and is renamed to DIR at the end
 * (io/output.h), so a failed run leaves no half report.
 *
 * This file holds the command and the writing of the report; the plan, the findings and the
 * charts are in report_plan.c, report_findings.c and report_charts.c (analysis/report/report_parts.h),
 * the helpers they and waves share in report_common.c (so that no two files call each other). */
#include "analysis/report/report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/data/exclusions.h"
#include "analysis/report/report_documents.h"
#include "analysis/report/report_parts.h"
#include "io/doc.h"
#include "io/gnuplot.h"
#include "io/output.h"
#include "io/render.h"
#include "io/text.h"
#include "io/version.h"

const struct option_spec report_options[] = {
	{"out", "DIR", "directory to write the report to (must not exist unless --force)"},
	{"force", NULL, "replace an existing DIR (only once the new report is complete)"},
	{"scenario", "VAR", "the between-subjects condition column (default: detected)"},
	{"traits", "A,B", "trait scales used as predictors and for segments (default: involvement, trust)"},
	{"mediators", "A,B", "mediator scales between the scenario and the outcomes (default: justice-like scales)"},
	{"serial", NULL, "two or more mediators in series, in the order given (PROCESS model 6; default: parallel, model 4)"},
	{"outcomes", "X,Y,...", "outcome scales (default: every scale that is not a trait)"},
	REPORT_FIGURES_OPTION,
	{0},
};

/* --- writing ------------------------------------------------------------------------------------ */

/* Text from the data (a name, a label, a finding): escaped in Markdown (io/text.h), as it is in
 * plain text. */
static void put_text(FILE *out, const char *s, int md)
{
	if (md)
		text_markdown_write(out, s);
	else
		fputs(s, out);
}

/* The file a document links for a drawn chart: its SVG (always drawn), else its PNG. */
static const char *chart_file(const struct report_chart *c)
{
	return c->svg ? c->svg : c->png ? c->png : "";
}

static void write_section(FILE *out, const struct report *r, const struct report_record *sec, int no, int md)
{
	struct render_options ro = {.format = md ? FORMAT_MARKDOWN : FORMAT_TEXT, .digits = r->cli->digits, .embedded = 1};
	int len;

	if (md) {
		fprintf(out, "## %d. ", no);
		text_markdown_write(out, sec->title);
		fputs("\n\n", out);
		text_markdown_code_write(out, sec->command);
		fputs("\n\n", out);
	} else {
		len = fprintf(out, "%d. %s\n", no, sec->title) - 1;
		fprintf(out, "%.*s\n%s\n\n", len < 78 ? len : 78,
			"==============================================================================", sec->command);
	}
	render_doc(sec->result, &ro, out);
	if (sec->n_charts == 0)
		return;
	if (!md)
		fputs("Charts:\n", out);
	for (size_t i = 0; i < sec->n_charts; i++) {
		const struct report_chart *c = &sec->charts[i];
		if (md && r->charts.rendered) {
			/* the chart's path is a plain file name (io/gnuplot.h) */
			fputs("![", out);
			text_markdown_write(out, c->title);
			fprintf(out, "](%s)\n\n", chart_file(c));
		} else if (md) {
			fputs("- ", out);
			text_markdown_write(out, c->title);
			fputs(": ", out);
			text_markdown_code_write(out, c->script);
			fputs(" (not drawn: see the notes)\n", out);
		} else
			fprintf(out, "  - %s: %s\n", c->title, r->charts.rendered ? chart_file(c) : c->script);
	}
	fputc('\n', out);
}

static void write_lines(FILE *out, const struct report_lines *lines, const char *title, int md)
{
	if (lines->n == 0)
		return;
	fprintf(out, md ? "## %s\n\n" : "%s\n--------\n", title);
	for (size_t i = 0; i < lines->n; i++) {
		fputs(md ? "- " : "  - ", out);
		put_text(out, lines->v[i], md);
		fputc('\n', out);
	}
	fputc('\n', out);
}

/* The exclusion record (--filter), the report's first table, with its sentence. */
static void write_exclusions(FILE *out, const struct report *r, int md)
{
	struct render_options ro = {.format = md ? FORMAT_MARKDOWN : FORMAT_TEXT, .digits = r->cli->digits, .embedded = 1};

	if (!r->exclusions)
		return;
	render_doc(r->exclusions, &ro, out);
	fputc('\n', out);
}

static void write_report(FILE *out, const struct report *r, int md)
{
	const struct study *st = r->st;
	int no = 0;

	fputs(md ? "# Study report: " : "Study report: ", out);
	put_text(out, r->data, md);
	fputs(md ? "\n\n" : "\n", out);
	fprintf(out, "surveykit %s; %lld rows %s.\n\n", SURVEYKIT_VERSION,
		(long long)r->ds->frame.n_rows,
		r->exclusions ? "kept by the exclusions below" : "read");
	write_exclusions(out, r, md);
	fprintf(out, md ? "## Study variables\n\n" : "Study variables\n---------------\n");
	fputs(md ? "- **Condition**: " : "  condition: ", out);
	put_text(out, st->group ? st->group : "none found", md);
	fprintf(out, md ? "\n- **Traits**: " : "\n  traits:    ");
	for (size_t i = 0; i < st->n_traits; i++) {
		fputs(i ? ", " : "", out);
		put_text(out, st->traits[i], md);
	}
	fprintf(out, md ? "%s\n- **Outcomes**: " : "%s\n  outcomes:  ", st->n_traits ? "" : "none found");
	for (size_t i = 0; i < st->n_outcomes; i++) {
		fputs(i ? ", " : "", out);
		put_text(out, st->outcomes[i], md);
	}
	fprintf(out, md ? "%s\n- **How they were found**: %s\n\n" : "%s\n  rule:      %s\n\n", st->n_outcomes ? "" : "none found",
		STUDY_RULE);
	write_lines(out, &r->findings, "Findings", md);
	for (size_t i = 0; i < r->n_jobs; i++)
		if (r->jobs[i].shown)
			write_section(out, r, r->jobs[i].sec, ++no, md);
	write_lines(out, &r->notes, "Notes", md);
}

static int write_file(const char *dir, const char *name, const struct report *r, int kind, struct sk_error *err)
{
	char *path = output_path(dir, name);
	FILE *f;
	int e = 0;

	if (!path)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot write '%s': out of memory", name);
	f = fopen(path, "w");
	if (!f) {
		e = errno;
		free(path);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s/%s': %s", dir, name, strerror(e));
	}
	if (kind == 2) {
		json_t *results = report_results_json(r);
		if (!results || json_dumpf(results, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) != 0)
			e = results ? EIO : ENOMEM;
		fputc('\n', f);
		json_decref(results);
	} else {
		write_report(f, r, kind == 1);
	}
	if (fflush(f) != 0 || ferror(f))
		e = e ? e : (errno ? errno : EIO);
	if (fclose(f) != 0 && !e)
		e = errno;
	free(path);
	if (e)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s/%s': %s", dir, name, strerror(e));
	return 0;
}

/* r->exclusions from the wave's record, and results.json's "exclusions": the same object with
 * the sentence. */
static int report_exclusions(struct report *r, struct sk_error *err)
{
	char *sentence = exclusions_sentence(r->ds->exclusions);
	json_t *copy;
	int failed;

	if (sentence && (r->exclusions = json_object()))
		exclusions_doc(r->ds->exclusions, r->exclusions);
	copy = json_deep_copy(json_object_get(r->exclusions, "exclusions"));
	failed = !copy || json_object_set_new(copy, "sentence", json_string(sentence)) != 0;
	free(sentence);
	if (failed) {
		json_decref(copy);
		return sk_out_of_memory(err);
	}
	r->exclusions_json = copy;
	return 0;
}

void report_free(struct report *r)
{
	if (!r)
		return;
	report_release_jobs(r);
	report_lines_release(&r->findings);
	report_lines_release(&r->notes);
	json_decref(r->exclusions);
	json_decref(r->exclusions_json);
	free(r);
}

/* The charts, the documents and the files, once the sections are computed. */
static int write_all(struct report *r, const char *dir, struct sk_error *err)
{
	char *charts_dir = output_path(dir, "charts");
	int status;

	if (!charts_dir)
		return sk_out_of_memory(err);
	if ((status = chart_set_init(&r->charts, charts_dir, err)) != 0 ||
	    (status = report_figure_formats(r->cli, &r->charts.formats, err)) != 0) {
		free(charts_dir);
		return status;
	}
	r->charts.captions = 1; /* report.html and report.docx caption each figure */
	if ((status = report_run_jobs(r, err)) == 0) {
		if (!r->st->group)
			report_note(r, "no between-subjects condition found: give --scenario VAR to compare groups");
		/* with gnuplot the charts are drawn or the report fails: their note is known now, and
		 * pandoc reads report.docx's document while they are drawn */
		chart_set_start(&r->charts);
		if (r->charts.gnuplot[0])
			report_note(r, "%zu charts drawn by %s in charts/ (%s); each NAME.gp redraws its chart", r->charts.n,
				    r->charts.gnuplot, chart_formats_text(chart_set_formats(&r->charts)));
		report_docx_start(r, dir);
		status = chart_set_render(&r->charts, err);
	}
	if (status == 0) {
		if (!r->charts.rendered)
			report_note(r,
				    "gnuplot is not installed: the %zu charts are gnuplot scripts in charts/; draw them with "
				    "`cd charts && for f in *.gp; do gnuplot \"$f\"; done` (or `gnuplot NAME.gp` for one)",
				    r->charts.n);
	}
	if (status == 0)
		status = report_write_documents(r, dir, err);
	if (status == 0 && (status = write_file(dir, "results.json", r, 2, err)) == 0 &&
	    (status = write_file(dir, "report.md", r, 1, err)) == 0)
		status = write_file(dir, "report.txt", r, 0, err);
	report_docx_stop(r);
	chart_set_release(&r->charts);
	free(charts_dir);
	return status;
}

int report_write(const struct cli *cli, const struct dataset *ds, const struct study *st, const char *data,
		 const char *dir, struct report **kept, struct sk_error *err)
{
	struct report *r = calloc(1, sizeof *r);
	int status;

	if (kept)
		*kept = NULL;
	if (!r)
		return sk_out_of_memory(err);
	*r = (struct report){.cli = cli, .ds = ds, .st = st, .data = data};
	status = ds->exclusions ? report_exclusions(r, err) : 0;
	if (status == 0)
		status = write_all(r, dir, err);
	if (status == 0 && kept)
		*kept = r;
	else
		report_free(r);
	return status;
}

int cmd_report(const struct cli *cli, struct sk_error *err)
{
	const char *path, *out = cli_get(cli, "out");
	struct dataset ds;
	struct study st;
	struct output_dir od;
	int status;

	if ((status = cli_data_path(cli, &path, err)) != 0)
		return status;
	if (!out || !*out)
		return sk_fail(err, SK_EXIT_USAGE, "report needs --out DIR (see 'surveykit report --help')");
	if ((status = report_figure_formats(cli, &(unsigned){0}, err)) != 0 || (status = dataset_load(&ds, path, cli, err)) != 0)
		return status;
	if ((status = study_detect(cli, &ds, &st, err)) != 0) {
		dataset_free(&ds);
		return status;
	}
	if ((status = output_dir_open(&od, out, cli_flag(cli, "force"), err)) == 0) {
		status = report_write(cli, &ds, &st, path, od.tmp, NULL, err);
		if (status == 0)
			status = output_dir_commit(&od, err);
		else
			output_dir_abort(&od);
	}
	if (status == 0 && !cli->quiet) {
		printf("report of %s written to %s/: report.md, report.txt, results.json, charts/\n", path, out);
		if (fflush(stdout) != 0 || ferror(stdout))
			status = sk_fail(err, SK_EXIT_OUTPUT, "cannot write to standard output");
	}
	study_release(&st);
	dataset_free(&ds);
	return status;
}
