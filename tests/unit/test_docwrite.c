/* io/docmodel and io/docwrite: a document built once, written as HTML, Markdown and LaTeX with
 * every text from the data escaped by the writer. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "io/docmodel.h"
#include "io/docwrite.h"
#include "doc_table.h"
#include "test.h"

/* What a writer printed, as a string (caller frees). */
static char *written(const struct dm_doc *d, int format)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	int status;

	if (!f)
		return NULL;
	status = format == 0 ? dm_write_html(d, NULL, f)
	       : format == 1 ? dm_write_markdown(d, f)
	       : format == 2 ? dm_write_latex(d, NULL, f)
			     : dm_write_html(d, &(struct dm_html_options){.pandoc = 1}, f);
	fclose(f);
	CHECK_INT(status, 0);
	return s;
}

/* A document whose every text is `text`: title, heading, paragraph, table title, heading, cell,
 * spanner and note, figure title and note, list item. */
static void hostile_doc(struct dm_doc *d, const char *text)
{
	struct dm_table *t;
	struct dm_figure *f;

	dm_init(d, text, NULL);
	dm_heading(d, 1, text);
	dm_text(dm_paragraph(d), text);
	dm_italic(dm_paragraph(d), text);
	t = dm_table(d, 2);
	dm_text(dm_table_title(t), text);
	dm_text(dm_table_header(t, 0, DM_LEFT), text);
	dm_text(dm_table_header(t, 1, DM_RIGHT), text);
	dm_text(dm_table_spanner(t, 1, 1), text);
	dm_table_row(t);
	dm_table_text(t, 0, text);
	dm_add(dm_table_cell(t, 1), DM_CODE, text);
	dm_text(dm_table_note(t, DM_NOTE_GENERAL, NULL), text);
	f = dm_figure(d);
	dm_text(dm_figure_title(f), text);
	dm_text(dm_figure_note(f), text);
	dm_figure_files(f, "charts/a b.png", "charts/a.pdf", NULL);
	dm_text(dm_list_item(dm_list(d, 0)), text);
	CHECK(dm_ok(d));
}

TEST(docwrite_html_escapes_every_text)
{
	struct dm_doc d;
	char *html, *pandoc;

	hostile_doc(&d, "<script>alert('x')</script> & \"q\" <img src=x onerror=alert(1)> \xFF");
	html = written(&d, 0);
	pandoc = written(&d, 3);
	CHECK(html && strstr(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot; "
				   "&lt;img src=x onerror=alert(1)&gt; \xEF\xBF\xBD") != NULL);
	CHECK(html && !strstr(html, "<script") && !strstr(html, "<img") && !strstr(html, "\xFF"));
	CHECK(pandoc && !strstr(pandoc, "<script") && strstr(pandoc, "<img src=\"charts/a%20b.png\" alt=\"&lt;script&gt;"));
	CHECK(pandoc && strstr(pandoc, "<img") == strstr(pandoc, "<img src=\"charts/a%20b.png\"") &&
	      !strstr(strstr(pandoc, "<img") + 4, "<img"));
	free(html);
	free(pandoc);
	dm_release(&d);
}

TEST(docwrite_pandoc_puts_wide_tables_on_landscape_pages)
{
	struct dm_doc d;
	char *html;
	const char *open = "<div class=\"" DM_DOCX_LANDSCAPE_CLASS "\">\n";

	dm_init(&d, "Study", "en");
	dm_heading(&d, 1, "First");
	doc_table_of(&d, DM_DOCX_WIDER_COLUMNS, "Narrow");
	dm_heading(&d, 2, "Post hoc");
	doc_table_of(&d, DM_DOCX_WIDER_COLUMNS + 1, "WideA");
	dm_text(dm_paragraph(&d), "between");
	doc_table_of(&d, DM_DOCX_WIDER_COLUMNS + 2, "WideB");
	dm_text(dm_paragraph(&d), "after");
	dm_page_break(&d);
	doc_table_of(&d, DM_DOCX_WIDER_COLUMNS + 1, "WideC"); /* alone on its page: a section of its own */
	dm_page_break(&d);
	dm_page_break(&d);
	doc_table_of(&d, DM_DOCX_WIDER_COLUMNS + 1, "WideD"); /* nothing but page breaks before: joins WideC's */
	html = written(&d, 3);
	/* the heading just before the first wide table and the paragraph between the two go with them */
	CHECK(html && strstr(html, "</table>\n<div class=\"landscape\">\n<h2 id=\"sec-2\">Post hoc</h2>") != NULL);
	CHECK(html && strstr(html, "WideB") && strstr(strstr(html, "WideB"), "</table>\n</div>\n<p>after</p>"));
	CHECK(html && strstr(html, "<em>Narrow</em>") < strstr(html, open));
	CHECK(html && strstr(html, "<p>after</p>\n<div class=\"landscape\">\n<table id=") != NULL);
	CHECK(html && strstr(html, "WideD") && strstr(strstr(html, "WideD"), "</table>\n</div>\n</body>"));
	{
		size_t opens = 0, closes = 0;
		for (const char *p = html; p && (p = strstr(p, open)); p++)
			opens++;
		for (const char *p = html; p && (p = strstr(p, "</div>\n")); p++)
			closes++;
		CHECK_INT(opens, 2);
		CHECK_INT(closes, 2);
	}
	free(html);
	html = written(&d, 0); /* the page itself has no such division */
	CHECK(html && !strstr(html, "class=\"landscape\""));
	free(html);
	dm_release(&d);
}

TEST(docwrite_html_is_one_page_with_contents_and_apa_tables)
{
	struct dm_doc d;
	struct dm_table *t;
	char *html;
	char mark;

	dm_init(&d, "Study", "en");
	dm_heading(&d, 1, "Results");
	dm_heading(&d, 3, "Deep"); /* a skipped level is the next one down */
	dm_heading(&d, 1, "End");
	t = dm_table(&d, 3);
	dm_text(dm_table_title(t), "Means");
	dm_text(dm_table_header(t, 0, DM_LEFT), "Group");
	dm_symbol(dm_table_header(t, 1, DM_RIGHT), "M");
	dm_symbol(dm_table_header(t, 2, DM_RIGHT), "partial_eta2");
	dm_text(dm_table_spanner(t, 1, 5), "Outcome");
	dm_table_row(t);
	dm_table_text(t, 0, "A");
	dm_table_value(t, 1, APA_GENERAL, -0.001);
	dm_table_value(t, 2, APA_BOUNDED, NAN);
	dm_text(dm_table_note(t, DM_NOTE_SPECIFIC, &mark), "first");
	CHECK_INT(mark, 'a');
	dm_text(dm_table_note(t, DM_NOTE_SPECIFIC, &mark), "second");
	CHECK_INT(mark, 'b');
	dm_table_stars(t, (const double[]){.05, .001}, 2);
	html = written(&d, 0);
	CHECK(html && strncmp(html, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">", 62) == 0);
	CHECK(html && strstr(html, "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';") != NULL);
	CHECK(html && strstr(html, "<ol><li><a href=\"#sec-1\">Results</a><ol><li><a href=\"#sec-2\">Deep</a></li></ol></li>\n"
				   "<li><a href=\"#sec-3\">End</a></li></ol>") != NULL);
	CHECK(html && strstr(html, "<h2 id=\"sec-1\">Results</h2>") && strstr(html, "<h4 id=\"sec-2\">Deep</h4>"));
	CHECK(html && strstr(html, "<span class=\"number\">Table 1</span><span class=\"title\">Means</span>") != NULL);
	CHECK(html && strstr(html, "<th colspan=\"2\" class=\"spanner\">Outcome</th>") != NULL);
	CHECK(html && strstr(html, "<th class=\"r\"><em>M</em></th><th class=\"r\">\xCE\xB7<sup>2</sup><sub>p</sub></th>"));
	CHECK(html && strstr(html, "<td class=\"r\">0.00</td><td class=\"r\">\xE2\x80\x93</td>") != NULL);
	CHECK(html && strstr(html, "<p class=\"note\"><sup>a</sup> first <sup>b</sup> second</p>") != NULL);
	CHECK(html && strstr(html, "<p class=\"note\">*<em>p</em> &lt; .05. **<em>p</em> &lt; .001.</p>") != NULL);
	CHECK(html && !strstr(html, "http:") && !strstr(html, "https:") && !strstr(html, " src=") && !strstr(html, "<script"));
	free(html);
	dm_release(&d);
}

TEST(docwrite_markdown_escapes_every_text)
{
	struct dm_doc d;
	char *md;

	hostile_doc(&d, "![x](http://e.com/t.png) <b>|</b> *em* `tick` \\ # \xFF");
	md = written(&d, 1);
	CHECK(md && !strstr(md, "![x]") && !strstr(md, "<b>") && !strstr(md, "http://"));
	CHECK(md && strstr(md, "!\\[x\\](http\\://e.com/t.png) &lt;b&gt;\\|&lt;/b&gt; \\*em\\* \\`tick\\` \\\\ \\# \xEF\xBF\xBD"));
	/* the code run in a cell is escaped text: its '|' cannot end the cell */
	CHECK(md && strstr(md, "| !\\[x\\]") && !strstr(md, "`![x]"));
	/* the one image is the figure's, its path percent-encoded */
	CHECK(md && strstr(md, "](charts/a%20b.png)") != NULL);
	free(md);
	dm_release(&d);

	/* a block never starts as code or a list, emphasis keeps its spaces outside */
	dm_init(&d, "T", NULL);
	struct dm_inlines *p = dm_paragraph(&d);
	dm_text(p, "    - indented");
	dm_italic(p, " M ");
	dm_text(p, "= 2");
	md = written(&d, 1);
	CHECK_STR(md, "# T\n\n\\- indented *M* = 2\n\n");
	free(md);
	dm_release(&d);
}

TEST(docwrite_latex_escapes_every_text)
{
	struct dm_doc d;
	char *tex;

	hostile_doc(&d, "\\input{/etc/passwd} $x$ & 50% #1 ^ _ ~ [a] `b` \xFF");
	tex = written(&d, 2);
	CHECK(tex && !strstr(tex, "\\input{") && !strstr(tex, " $x$"));
	CHECK(tex && strstr(tex, "\\textbackslash{}input\\{/etc/passwd\\} \\$x\\$ \\& 50\\% \\#1 \\textasciicircum{} \\_ "
				 "\\textasciitilde{} {[}a{]} \\textasciigrave{}b\\textasciigrave{} \xEF\xBF\xBD"));
	/* rows begin with {} (no \\[ or \\* reading), booktabs rules, the PDF figure */
	CHECK(tex && strstr(tex, "\\toprule\n") && strstr(tex, "\\midrule\n{}") && strstr(tex, "\\bottomrule\n"));
	CHECK(tex && strstr(tex, "\\cmidrule(lr){2-2}") && strstr(tex, "\\includegraphics[width=\\linewidth]{charts/a.pdf}"));
	free(tex);
	dm_release(&d);

	/* a path LaTeX cannot take is not written */
	dm_init(&d, "T", NULL);
	dm_figure_files(dm_figure(&d), "a b.png", "x}\\input{y.pdf", NULL);
	tex = written(&d, 2);
	CHECK(tex && !strstr(tex, "includegraphics") && strstr(tex, "The figure was not drawn."));
	free(tex);
	dm_release(&d);
}

TEST(docmodel_symbols_stats_and_failure_rule)
{
	struct dm_doc d;
	struct dm_inlines *p;
	char *plain;

	dm_init(&d, "T", NULL);
	p = dm_paragraph(&d);
	dm_stat(p, "t", -2.0049);
	dm_text(p, ", ");
	dm_stat(p, "p", 0.0004);
	dm_text(p, ", ");
	dm_stat(p, "r", 0.456);
	dm_text(p, ", ");
	dm_stat(p, "eta2", 0.25);
	dm_text(p, " ");
	dm_ci(p, APA_BOUNDED, .19, .30);
	plain = dm_plain(p);
	CHECK_STR(plain, "t = -2.00, p < .001, r = .46, \xCE\xB7" "2 = .25 [.19, .30]");
	CHECK_INT(p->runs[0].style, DM_ITALIC);
	free(plain);
	/* NULL handles are ignored; a table clamps its spanners */
	dm_text(NULL, "x");
	dm_table_row(NULL);
	CHECK(dm_table_cell(dm_table(&d, 2), 0) == NULL); /* no row yet */
	CHECK(dm_table_spanner(dm_table(&d, 2), 5, 1) == NULL);
	CHECK(dm_ok(&d));
	/* a figure whose SVG is malformed has none and the document is not failed */
	struct dm_figure *f = dm_figure(&d);
	CHECK_INT(dm_figure_svg(f, "<svg><g></svg>", 14), -1);
	CHECK(f->svg == NULL && dm_ok(&d));
	CHECK_INT(dm_figure_svg(f, "<svg id=\"a\"/>", 13), 0);
	CHECK_STR(f->svg, "<svg id=\"figure-1-a\"/>");
	CHECK_INT(d.tables, 2);
	CHECK_INT(d.figures, 1);
	dm_release(&d);
}

/* A gated pandoc (dm_docx_start) waits for dm_docx_finish: a stand-in that prints what its gate
 * said and whether its input holds the placeholder figure; stopped, it writes nothing; one that
 * is gone before the gate opens does not end the caller (no SIGPIPE). */
TEST(docwrite_docx_gated_pandoc_waits_for_its_figures)
{
	char dir[] = "/tmp/sk-docx-gate-XXXXXX", script[64], msg[256], *text = NULL;
	const char *old = getenv("SURVEYKIT_PANDOC");
	char *saved = old ? strdup(old) : NULL;
	struct dm_docx_job job;
	struct dm_doc d;
	struct dm_figure *fig;
	size_t len = 0;
	FILE *f, *out;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(script, sizeof script, "%s/pandoc", dir);
	f = fopen(script, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("#!/bin/sh\n"
	      "grep -q 'data-surveykit-png=\"charts/a.png\"' && printf 'placeholder ' || printf 'file '\n"
	      "printf 'gate:%s' \"$(cat /dev/fd/5)\"\n", f);
	fclose(f);
	chmod(script, 0700);
	setenv("SURVEYKIT_PANDOC", script, 1);
	dm_init(&d, "T", NULL);
	fig = dm_figure(&d);
	dm_text(dm_figure_title(fig), "A");
	dm_figure_files(fig, "charts/a.png", NULL, NULL);
	out = open_memstream(&text, &len);
	CHECK_INT(dm_docx_start(&d, dir, 1, &job, msg, sizeof msg), DM_DOCX_OK);
	CHECK_INT(dm_docx_finish(&job, 1, out, msg, sizeof msg), DM_DOCX_OK);
	fclose(out);
	CHECK(text && strcmp(text, "placeholder gate:go") == 0);
	free(text);
	text = NULL;
	out = open_memstream(&text, &len);
	CHECK_INT(dm_docx_start(&d, dir, 1, &job, msg, sizeof msg), DM_DOCX_OK);
	CHECK_INT(dm_docx_finish(&job, 0, out, msg, sizeof msg), DM_DOCX_FAILED);
	CHECK_INT(job.pid, 0);
	fclose(out);
	CHECK(text && text[0] == '\0');
	free(text);
	text = NULL;
	/* gone before the gate opens */
	setenv("SURVEYKIT_PANDOC", "/bin/true", 1);
	out = open_memstream(&text, &len);
	CHECK_INT(dm_docx_start(&d, dir, 1, &job, msg, sizeof msg), DM_DOCX_OK);
	nanosleep(&(struct timespec){0, 200000000}, NULL);
	CHECK_INT(dm_docx_finish(&job, 1, out, msg, sizeof msg), DM_DOCX_FAILED);
	fclose(out);
	free(text);
	/* ungated: the figure's own file */
	setenv("SURVEYKIT_PANDOC", script, 1);
	text = NULL;
	out = open_memstream(&text, &len);
	CHECK_INT(dm_write_docx(&d, dir, out, msg, sizeof msg), DM_DOCX_OK);
	fclose(out);
	CHECK(text && strncmp(text, "file ", 5) == 0);
	free(text);
	if (saved)
		setenv("SURVEYKIT_PANDOC", saved, 1);
	else
		unsetenv("SURVEYKIT_PANDOC");
	free(saved);
	unlink(script);
	rmdir(dir);
	dm_release(&d);
}

TEST(docwrite_docx_without_pandoc_says_so)
{
	struct dm_doc d;
	char msg[256];
	FILE *f = tmpfile();
	const char *old = getenv("SURVEYKIT_PANDOC");
	char *saved = old ? strdup(old) : NULL;

	dm_init(&d, "T", NULL);
	setenv("SURVEYKIT_PANDOC", "none", 1);
	CHECK_INT(dm_write_docx(&d, ".", f, msg, sizeof msg), DM_DOCX_NO_PANDOC);
	setenv("SURVEYKIT_PANDOC", "/nonexistent/pandoc", 1);
	CHECK_INT(dm_write_docx(&d, ".", f, msg, sizeof msg), DM_DOCX_NO_PANDOC);
	/* a "pandoc" that fails: its message is passed on */
	setenv("SURVEYKIT_PANDOC", "/bin/false", 1);
	CHECK_INT(dm_write_docx(&d, ".", f, msg, sizeof msg), DM_DOCX_FAILED);
	CHECK(strncmp(msg, "pandoc failed (exit 1)", 22) == 0);
	CHECK(strstr(DM_DOCX_HOW, "apt-get install pandoc") != NULL);
	if (saved)
		setenv("SURVEYKIT_PANDOC", saved, 1);
	else
		unsetenv("SURVEYKIT_PANDOC");
	free(saved);
	fclose(f);
	dm_release(&d);
}
