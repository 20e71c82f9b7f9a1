/* The report's own records (analysis/report/report_parts.h): each section's record with its
 * charts, the findings and the notes, which report.txt, report.md, report.html and report.docx
 * read as they are, and results.json's tree, built from them once the report is complete. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/report/report_parts.h"
#include "io/doc.h"
#include "io/strbuf.h"

char *report_text(const char *s)
{
	json_t *j = doc_string(s);
	char *copy = j ? strdup(json_string_value(j)) : NULL;

	json_decref(j);
	return copy;
}

/* Appends the line s (taken); 0, or -1 when out of memory (s is freed). */
static int push_line(struct report_lines *l, char *s)
{
	if (!s)
		return -1;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 16;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v) {
			free(s);
			return -1;
		}
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = s;
	return 0;
}

void report_lines_release(struct report_lines *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	*l = (struct report_lines){0};
}

void report_finding(struct report *r, struct strbuf *line)
{
	if (strbuf_ok(line))
		push_line(&r->findings, report_text(strbuf_str(line)));
	strbuf_release(line);
}

static const char *report_line(const void *lines, size_t i)
{
	return ((const struct report_lines *)lines)->v[i];
}

/* The rule of io/doc.h's doc_note (doc_line_said): a line already said is not said again. */
void report_note(struct report *r, const char *fmt, ...)
{
	struct strbuf line = STRBUF_INIT;
	struct report_lines *l = &r->notes;
	char *said;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&line, fmt, ap);
	va_end(ap);
	said = strbuf_ok(&line) ? report_text(strbuf_str(&line)) : NULL;
	strbuf_release(&line);
	if (!said)
		return;
	if (doc_line_said(said, l, l->n, report_line))
		free(said);
	else
		push_line(l, said);
}

static void chart_release(struct report_chart *c)
{
	free(c->title);
	free(c->png);
	free(c->svg);
	free(c->pdf);
	free(c->script);
}

/* Lists the chart written last in the section's record: its title, a file per format drawn and
 * its script (when out of memory, not at all). */
void report_attach_chart(const struct report *r, struct report_record *sec, const char *title)
{
	const char *name = chart_set_last(&r->charts);
	struct report_chart *v = realloc(sec->charts, (sec->n_charts + 1) * sizeof *v), *c;
	char buf[512];

	if (!v)
		return;
	sec->charts = v;
	c = &v[sec->n_charts++];
	memset(c, 0, sizeof *c);
	c->title = report_text(title);
	for (unsigned f = 1; f <= CHART_FORMATS_ALL; f <<= 1)
		if (chart_set_formats(&r->charts) & f) {
			char **file = f == CHART_PNG ? &c->png : f == CHART_SVG ? &c->svg : &c->pdf;
			snprintf(buf, sizeof buf, "charts/%s.%s", name, chart_format_ext(f));
			*file = report_text(buf);
		}
	snprintf(buf, sizeof buf, "charts/%s.gp", name);
	c->script = report_text(buf);
	if (!c->title || !c->script) {
		chart_release(c);
		sec->n_charts--;
	}
}

void report_record_release(struct report_record *sec)
{
	if (!sec)
		return;
	free(sec->id);
	free(sec->title);
	free(sec->command);
	json_decref(sec->result);
	json_decref(sec->chart_data);
	for (size_t i = 0; i < sec->n_charts; i++)
		chart_release(&sec->charts[i]);
	free(sec->charts);
	free(sec);
}

static json_t *lines_json(const struct report_lines *l)
{
	json_t *a = json_array();

	for (size_t i = 0; i < l->n; i++)
		doc_push_str(a, l->v[i]);
	return a;
}

/* A section as results.json lists it. */
static json_t *section_json(const struct job *j)
{
	const struct report_record *sec = j->sec;
	json_t *o = json_object(), *args, *charts;

	doc_str(o, "id", sec->id);
	doc_str(o, "title", sec->title);
	args = doc_arr(o, "args");
	doc_push_str(args, j->command);
	for (size_t i = 0; i < j->n; i++) {
		json_array_append_new(args, json_sprintf("--%s", j->vals[i].name));
		if (j->vals[i].value[0])
			doc_push_str(args, j->vals[i].value);
	}
	doc_str(o, "command", sec->command);
	json_object_set(o, "result", sec->result ? sec->result : json_null());
	charts = doc_arr(o, "charts");
	for (size_t i = 0; i < sec->n_charts; i++) {
		const struct report_chart *c = &sec->charts[i];
		json_t *row = doc_push_obj(charts);
		doc_str(row, "title", c->title);
		if (c->png)
			doc_str(row, "png", c->png);
		if (c->svg)
			doc_str(row, "svg", c->svg);
		if (c->pdf)
			doc_str(row, "pdf", c->pdf);
		doc_str(row, "script", c->script);
	}
	if (sec->chart_data)
		json_object_set(o, "chart_data", sec->chart_data);
	return o;
}

json_t *report_results_json(const struct report *r)
{
	const struct dataset *ds = r->ds;
	json_t *res = doc_new("report", ds->frame.path, ds->frame.n_rows, ds->frame.n_rows), *sections;

	if (!res)
		return NULL;
	json_object_set_new(res, "study", study_json(r->st));
	if (r->exclusions_json)
		json_object_set(res, "exclusions", r->exclusions_json);
	json_object_set_new(res, "findings", lines_json(&r->findings));
	sections = doc_arr(res, "sections");
	for (size_t i = 0; i < r->n_jobs; i++)
		if (r->jobs[i].shown)
			json_array_append_new(sections, section_json(&r->jobs[i]));
	if (r->notes.n)
		json_object_set_new(res, "notes", lines_json(&r->notes));
	json_object_set_new(res, "charts_rendered", json_boolean(r->charts.rendered));
	return res;
}
