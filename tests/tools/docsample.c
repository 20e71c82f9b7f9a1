/* docsample FIXTURES OUTDIR: builds two documents with io/docmodel.h and writes each in every
 * format into OUTDIR, for the command-line tests of tests/cli/cases/publication.sh:
 *  - sample: headings, a results paragraph with APA symbols, an ANOVA table with a spanner and
 *    all three kinds of notes, a table of fourteen columns (wider than a phone), two figures
 *    (FIXTURES/means.* and slopes.*, copied into OUTDIR/charts) and a list;
 *  - hostile: the same shapes with every text from the data hostile (markup, a script, Markdown
 *    image syntax, LaTeX specials, backquotes, invalid UTF-8) and a figure whose SVG carries a
 *    script, an event handler and a link.
 * Files: OUTDIR/{sample,hostile}.{html,md,tex,docx}; the .docx only when pandoc is there (else a
 * notice on stderr). Exit 0, or 1 with a message when something cannot be written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "io/docmodel.h"
#include "io/docwrite.h"
#include "io/strbuf.h"

static const char *fixtures, *outdir;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct strbuf b = STRBUF_INIT;
	char buf[8192];
	size_t n;

	if (!f) {
		fprintf(stderr, "docsample: cannot open '%s'\n", path);
		exit(1);
	}
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		strbuf_add(&b, buf, n);
	fclose(f);
	*len = b.len;
	return strbuf_take(&b);
}

static void copy_file(const char *from_dir, const char *name, const char *to_dir)
{
	char from[4096], to[4096];
	size_t len;
	char *data;
	FILE *f;

	snprintf(from, sizeof from, "%s/%s", from_dir, name);
	snprintf(to, sizeof to, "%s/%s", to_dir, name);
	data = slurp(from, &len);
	if (!(f = fopen(to, "wb")) || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
		fprintf(stderr, "docsample: cannot write '%s'\n", to);
		exit(1);
	}
	free(data);
}

struct texts {
	const char *title, *scenario[3], *outcome, *figure, *note, *list;
};

static void add_figure(struct dm_doc *d, const char *stem, const char *title, const char *note, const char *svg_text)
{
	struct dm_figure *f = dm_figure(d);
	char path[4096], png[256], svg[256];
	size_t len;
	char *data;

	dm_text(dm_figure_title(f), title);
	dm_text(dm_figure_note(f), note);
	snprintf(path, sizeof path, "%s/%s.svg", fixtures, stem);
	data = svg_text ? strdup(svg_text) : slurp(path, &len);
	len = strlen(data);
	if (dm_figure_svg(f, data, len) != 0) {
		fprintf(stderr, "docsample: '%s' is not a well-formed SVG\n", path);
		exit(1);
	}
	free(data);
	snprintf(png, sizeof png, "charts/%s.png", stem);
	snprintf(svg, sizeof svg, "charts/%s.svg", stem);
	dm_figure_files(f, png, NULL, svg);
}

static void build(struct dm_doc *d, const struct texts *tx, const char *hostile_svg)
{
	struct dm_inlines *p;
	struct dm_table *t;
	struct dm_list *l;
	static const double means[3] = {3.2049, 4.1351, 5.3}, sds[3] = {1.1, 0.9849, 1.0449};
	static const size_t ns[3] = {200, 1204, 196};
	static const double levels[3] = {.05, .01, .001};
	char mark;

	dm_init(d, tx->title, "en");
	dm_heading(d, 1, "Method");
	p = dm_paragraph(d);
	dm_text(p, "Customers read one of three recovery scenarios (");
	dm_italic(p, "N");
	dm_text(p, " = 1,600).");
	dm_heading(d, 1, "Results");
	dm_heading(d, 2, "Satisfaction by scenario");
	p = dm_paragraph(d);
	dm_text(p, "A one-way ANOVA showed that satisfaction differed across recovery scenarios, ");
	dm_symbol(p, "F");
	dm_text(p, "(2, 1597) = 94.90, ");
	dm_stat(p, "p", 0.0000004);
	dm_text(p, ", ");
	dm_stat(p, "eta2", 0.2512);
	dm_text(p, " ");
	dm_ci(p, APA_BOUNDED, 0.1912, 0.3049);
	dm_text(p, "; the partial ");
	dm_symbol(p, "partial_eta2");
	dm_text(p, " and ");
	dm_symbol(p, "chi2");
	dm_text(p, " agree. Run ");
	dm_add(p, DM_CODE, "surveykit compare wave.csv --y sat --by scenario");
	dm_text(p, ".");

	t = dm_table(d, 5);
	dm_text(dm_table_title(t), "Satisfaction by Recovery Scenario");
	dm_text(dm_table_header(t, 0, DM_LEFT), "Scenario");
	dm_symbol(dm_table_header(t, 1, DM_RIGHT), "n");
	dm_symbol(dm_table_header(t, 2, DM_RIGHT), "M");
	dm_symbol(dm_table_header(t, 3, DM_RIGHT), "SD");
	dm_symbol(dm_table_header(t, 4, DM_RIGHT), "p");
	dm_text(dm_table_spanner(t, 1, 3), tx->outcome);
	dm_text(dm_table_note(t, DM_NOTE_GENERAL, NULL), tx->note);
	dm_text(dm_table_note(t, DM_NOTE_SPECIFIC, &mark), "Full recovery: fix, apology, explanation and compensation.");
	for (size_t i = 0; i < 3; i++) {
		dm_table_row(t);
		dm_table_text(t, 0, tx->scenario[i]);
		if (i == 2)
			dm_add(dm_table_cell(t, 0), DM_SUP, (char[]){mark, 0});
		dm_value(dm_table_cell(t, 1), APA_COUNT, (double)ns[i]);
		dm_table_value(t, 2, APA_GENERAL, means[i]);
		dm_table_value(t, 3, APA_GENERAL, sds[i]);
		dm_table_value(t, 4, APA_P, i == 0 ? 0.0004 : i == 1 ? 0.0344 : -0.0);
	}
	dm_table_stars(t, levels, 3);

	dm_heading(d, 2, "Correlations");
	t = dm_table(d, 14);
	dm_text(dm_table_title(t), "Correlations of Fourteen Items");
	dm_text(dm_table_header(t, 0, DM_LEFT), "Item");
	for (size_t c = 1; c < 14; c++)
		dm_addf(dm_table_header(t, c, DM_RIGHT), 0, "%s_%zu", tx->outcome, c);
	for (size_t r = 0; r < 4; r++) {
		dm_table_row(t);
		dm_addf(dm_table_cell(t, 0), 0, "%s item %zu", tx->outcome, r + 1);
		for (size_t c = 1; c < 14; c++)
			dm_table_value(t, c, APA_BOUNDED, 0.456 - 0.071 * (double)c + 0.01 * (double)r);
	}
	dm_text(dm_table_note(t, DM_NOTE_GENERAL, NULL), "Pearson correlations, pairwise complete.");

	dm_page_break(d);
	dm_heading(d, 1, "Figures");
	add_figure(d, "means", tx->figure, tx->note, NULL);
	add_figure(d, "slopes", "Conditional Effect of Recovery by Trust", "Lines at low and high trust.", hostile_svg);
	l = dm_list(d, 0);
	dm_text(dm_list_item(l), tx->list);
	dm_text(dm_list_item(l), "Rows left out: 12 (missing satisfaction).");
	l = dm_list(d, 1);
	dm_text(dm_list_item(l), "First");
	dm_text(dm_list_item(l), "Second");
}

static void write_all(const struct dm_doc *d, const char *stem)
{
	char path[4096], msg[1024];
	FILE *f;
	int status;

	if (!dm_ok(d)) {
		fprintf(stderr, "docsample: out of memory\n");
		exit(1);
	}
	for (int k = 0; k < 3; k++) {
		static const char *const ext[] = {"html", "md", "tex"};
		snprintf(path, sizeof path, "%s/%s.%s", outdir, stem, ext[k]);
		if (!(f = fopen(path, "w"))) {
			fprintf(stderr, "docsample: cannot write '%s'\n", path);
			exit(1);
		}
		status = k == 0 ? dm_write_html(d, NULL, f)
		       : k == 1 ? dm_write_markdown(d, f)
				: dm_write_latex(d, &(struct dm_latex_options){.standalone = 1}, f);
		if (fclose(f) != 0 || status != 0) {
			fprintf(stderr, "docsample: cannot write '%s'\n", path);
			exit(1);
		}
	}
	snprintf(path, sizeof path, "%s/%s.docx", outdir, stem);
	if (!(f = fopen(path, "wb"))) {
		fprintf(stderr, "docsample: cannot write '%s'\n", path);
		exit(1);
	}
	switch (dm_write_docx(d, outdir, f, msg, sizeof msg)) {
	case DM_DOCX_OK:
		if (fclose(f) != 0) {
			fprintf(stderr, "docsample: cannot write '%s'\n", path);
			exit(1);
		}
		return;
	case DM_DOCX_NO_PANDOC:
		fprintf(stderr, "notice: %s.docx not written: %s\n", stem, DM_DOCX_HOW);
		break;
	default:
		fprintf(stderr, "docsample: %s.docx: %s\n", stem, msg);
		fclose(f);
		remove(path);
		exit(1);
	}
	fclose(f);
	remove(path);
}

int main(int argc, char **argv)
{
	static const struct texts sample = {
		"Recovery Study: Wave 1",
		{"Fix only", "Fix + apology", "Full recovery"},
		"Satisfaction",
		"Satisfaction by Recovery Scenario",
		"Means on a 1-7 scale; 95% CIs in the text.",
		"Exclusions: 3 duplicate ids.",
	};
	static const struct texts hostile = {
		"<script>alert('title')</script> & \"quotes\"",
		{"<img src=x onerror=alert(1)>", "![pwn](http://example.com/t.png) [link](https://example.com)",
		 "\\input{/etc/passwd} & 50% $x$ #1 ^ _ ~ {braces} `rm -rf /` *bold* | pipe \xFF\xFE bad"},
		"</th></tr></table><script>alert(2)</script>",
		"<svg onload=alert(3)> `code` \\\\ [x]",
		"*Note.* -- ''quoted'' <b>bold</b> &amp; \xC3\x28",
		"- not a list\n# not a heading\n    not code",
	};
	static const char hostile_svg[] =
		"<?xml version=\"1.0\"?><svg viewBox=\"0 0 100 60\" width=\"100\" height=\"60\" onload=\"alert(4)\">"
		"<script>alert(5)</script><a href=\"https://example.com\"><text x=\"5\" y=\"20\">link</text></a>"
		"<rect id=\"r\" x=\"0\" y=\"0\" width=\"100\" height=\"60\" fill=\"#eeeeee\"/>"
		"<use href=\"#r\"/><text x=\"5\" y=\"40\">&lt;script&gt;alert(6)&lt;/script&gt;</text></svg>";
	struct dm_doc d;
	char charts[4096];

	if (argc != 3) {
		fprintf(stderr, "usage: docsample FIXTURES OUTDIR\n");
		return 2;
	}
	fixtures = argv[1];
	outdir = argv[2];
	snprintf(charts, sizeof charts, "%s/charts", outdir);
	mkdir(outdir, 0777);
	mkdir(charts, 0777);
	copy_file(fixtures, "means.png", charts);
	copy_file(fixtures, "means.svg", charts);
	copy_file(fixtures, "slopes.png", charts);
	copy_file(fixtures, "slopes.svg", charts);

	build(&d, &sample, NULL);
	write_all(&d, "sample");
	dm_release(&d);
	build(&d, &hostile, hostile_svg);
	write_all(&d, "hostile");
	dm_release(&d);
	return 0;
}
