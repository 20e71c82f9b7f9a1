/* io/doc_pandoc.c: pandoc's JSON AST of a document (the input of Word documents for pandoc 2.11
 * to 3.x), every text escaped and read back with jansson as the structure pandoc's HTML reader
 * makes of the same document; pandoc's API version read from any bytes; dm_write_docx giving a
 * pandoc of a known version the JSON and its gate, and any other the HTML. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/docmodel.h"
#include "io/docwrite.h"
#include "doc_table.h"
#include "test.h"

/* The document's JSON read back (caller releases), or NULL. */
static json_t *ast(const struct dm_doc *d, int api, int later)
{
	char *s = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&s, &len);
	json_t *doc;
	json_error_t e;

	if (!f)
		return NULL;
	CHECK_INT(dm_write_pandoc(d, &(struct dm_pandoc_options){.api_minor = api, .figures_later = later}, f), 0);
	fclose(f);
	doc = s ? json_loadb(s, len, 0, &e) : NULL;
	CHECK(doc != NULL);
	free(s);
	return doc;
}

/* The inlines as compact JSON, for comparison (caller frees). */
static char *dump(const json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : strdup("null");
}

static void check_json(const json_t *v, const char *want)
{
	char *got = dump(v);
	CHECK_STR(got, want);
	free(got);
}

/* The text "</script> \"q\" \\ back<U+0001>ctl é <U+0085> \xFF": escaped by jansson, split into
 * words at spaces (the control character is one), C1 as Windows-1252, the stray byte U+FFFD. */
#define HOSTILE "</script> \"q\" \\ back\x01" "ctl \xC3\xA9 \xC2\x85 \xFF"
#define HOSTILE_WORDS                                                                                          \
	"{\"t\":\"Str\",\"c\":\"</script>\"},{\"t\":\"Space\"},{\"t\":\"Str\",\"c\":\"\\\"q\\\"\"},{\"t\":\"Space\"}," \
	"{\"t\":\"Str\",\"c\":\"\\\\\"},{\"t\":\"Space\"},{\"t\":\"Str\",\"c\":\"back\"},{\"t\":\"Space\"},"          \
	"{\"t\":\"Str\",\"c\":\"ctl\"},{\"t\":\"Space\"},{\"t\":\"Str\",\"c\":\"\xC3\xA9\"},{\"t\":\"Space\"},"     \
	"{\"t\":\"Str\",\"c\":\"\xE2\x80\xA6\"},{\"t\":\"Space\"},{\"t\":\"Str\",\"c\":\"\xEF\xBF\xBD\"}"

TEST(doc_pandoc_escapes_every_text)
{
	struct dm_doc d;
	struct dm_table *t;
	struct dm_figure *f;
	json_t *doc, *blocks;
	char mark;

	dm_init(&d, HOSTILE, NULL);
	dm_heading(&d, 2, HOSTILE);
	dm_text(dm_paragraph(&d), HOSTILE);
	t = dm_table(&d, 2);
	dm_text(dm_table_title(t), HOSTILE);
	dm_text(dm_table_header(t, 0, DM_LEFT), HOSTILE);
	dm_text(dm_table_header(t, 1, DM_RIGHT), "h");
	dm_text(dm_table_spanner(t, 1, 1), "Span");
	dm_table_row(t);
	dm_table_text(t, 0, HOSTILE);
	dm_add(dm_table_cell(t, 1), DM_CODE, "a\tb \"c\"");
	dm_text(dm_table_note(t, DM_NOTE_SPECIFIC, &mark), HOSTILE);
	f = dm_figure(&d);
	dm_text(dm_figure_title(f), HOSTILE);
	dm_figure_files(f, "charts/a b#1.png", NULL, NULL);
	CHECK(dm_ok(&d));

	doc = ast(&d, 22, 0);
	blocks = json_object_get(doc, "blocks");
	check_json(json_object_get(doc, "pandoc-api-version"), "[1,22]");
	check_json(json_object_get(doc, "meta"), "{\"lang\":{\"t\":\"MetaInlines\",\"c\":[{\"t\":\"Str\",\"c\":\"en\"}]},"
						 "\"title\":{\"t\":\"MetaInlines\",\"c\":[" HOSTILE_WORDS "]}}");
	check_json(json_array_get(blocks, 0), "{\"t\":\"Header\",\"c\":[2,[\"sec-1\",[],[]],[" HOSTILE_WORDS "]]}");
	check_json(json_array_get(blocks, 1), "{\"t\":\"Para\",\"c\":[" HOSTILE_WORDS "]}");
	{
		json_t *table = json_object_get(json_array_get(blocks, 2), "c");
		json_t *head = json_array_get(json_array_get(json_array_get(json_array_get(table, 3), 1), 0), 1);
		json_t *body = json_array_get(json_array_get(json_array_get(table, 4), 0), 3);
		json_t *cells = json_array_get(json_array_get(body, 0), 1);
		check_json(json_array_get(table, 0), "[\"table-1\",[],[]]");
		check_json(json_array_get(table, 1), "[null,[{\"t\":\"Plain\",\"c\":[{\"t\":\"Strong\",\"c\":[{\"t\":\"Str\",\"c\":"
						      "\"Table\"},{\"t\":\"Space\"},{\"t\":\"Str\",\"c\":\"1\"}]},{\"t\":\"LineBreak\"},"
						      "{\"t\":\"Emph\",\"c\":[" HOSTILE_WORDS "]}]}]]");
		/* the first column's heading left as pandoc's default, the spanner above its column's */
		check_json(json_array_get(head, 0), "[[\"\",[],[]],{\"t\":\"AlignDefault\"},1,1,[{\"t\":\"Plain\",\"c\":[" HOSTILE_WORDS "]}]]");
		check_json(json_array_get(head, 1), "[[\"\",[],[]],{\"t\":\"AlignRight\"},1,1,[{\"t\":\"Plain\",\"c\":[{\"t\":\"Str\","
						    "\"c\":\"Span\"},{\"t\":\"LineBreak\"},{\"t\":\"Str\",\"c\":\"h\"}]}]]");
		check_json(json_array_get(json_array_get(json_array_get(cells, 0), 4), 0), "{\"t\":\"Plain\",\"c\":[" HOSTILE_WORDS "]}");
		/* code keeps its spaces, a tab is one */
		check_json(json_array_get(json_array_get(json_array_get(cells, 1), 4), 0),
			   "{\"t\":\"Plain\",\"c\":[{\"t\":\"Code\",\"c\":[[\"\",[],[]],\"a b \\\"c\\\"\"]}]}");
		/* widths: 12 + 3 and 7 + 3 characters of 25 */
		CHECK_NEAR(json_real_value(json_object_get(json_array_get(json_array_get(json_array_get(table, 2), 0), 1), "c")),
			   0.6, 1e-12);
	}
	check_json(json_array_get(blocks, 3), "{\"t\":\"Div\",\"c\":[[\"\",[],[[\"custom-style\",\"Table Note\"]]],[{\"t\":\"Para\","
					      "\"c\":[{\"t\":\"Superscript\",\"c\":[{\"t\":\"Str\",\"c\":\"a\"}]},{\"t\":\"Space\"}," HOSTILE_WORDS "]}]]}");
	/* the figure: its title and the PNG's path, percent-encoded (pandoc decodes it to read the file) */
	check_json(json_object_get(json_array_get(blocks, 4), "t"), "\"Div\"");
	check_json(json_array_get(json_object_get(json_array_get(json_object_get(json_array_get(blocks, 5), "c"), 0), "c"), 2),
		   "[\"charts/a%20b%231.png\",\"\"]");
	CHECK_INT(json_array_size(blocks), 6);
	json_decref(doc);

	/* drawn later: a placeholder, the path in an attribute for the gate's filter; API 1.23 */
	doc = ast(&d, 23, 1);
	check_json(json_object_get(doc, "pandoc-api-version"), "[1,23]");
	{
		json_t *image = json_object_get(json_array_get(json_object_get(json_array_get(json_object_get(doc, "blocks"), 5), "c"), 0), "c");
		check_json(json_array_get(image, 0), "[\"\",[],[[\"surveykit-png\",\"charts/a b#1.png\"]]]");
		check_json(json_array_get(json_array_get(image, 2), 0), "\"data:image/gif;base64,R0lGODlhAQABAAAAACw=\"");
	}
	json_decref(doc);
	/* a version it cannot write */
	{
		FILE *out = tmpfile();
		CHECK_INT(dm_write_pandoc(&d, &(struct dm_pandoc_options){.api_minor = 21}, out), -1);
		fclose(out);
	}
	dm_release(&d);
}

/* Runs of text put together as pandoc's HTML reader does: words join across runs, spaces merge and
 * leave the ends of an emphasis (and then part two of them) and of a paragraph, the same emphasis
 * shares one element. */
TEST(doc_pandoc_joins_runs_as_pandoc_reads_them)
{
	struct dm_doc d;
	struct dm_inlines *p;
	json_t *doc;

	dm_init(&d, "T", NULL);
	p = dm_paragraph(&d);
	dm_text(p, " a");
	dm_text(p, "b ");
	dm_italic(p, " M ");
	dm_text(p, "\n= ");
	dm_add(p, DM_SUP, "2");
	dm_add(p, DM_SUP, "x");
	dm_add(p, DM_ITALIC | DM_BOLD, "bi ");
	dm_add(p, DM_BOLD, "b");
	dm_paragraph(&d); /* empty: none */
	dm_text(dm_paragraph(&d), " \t ");
	doc = ast(&d, 22, 0);
	check_json(json_object_get(doc, "blocks"),
		   "[{\"t\":\"Para\",\"c\":[{\"t\":\"Str\",\"c\":\"ab\"},{\"t\":\"Space\"},{\"t\":\"Emph\",\"c\":[{\"t\":\"Str\",\"c\":\"M\"}]},"
		   "{\"t\":\"SoftBreak\"},{\"t\":\"Str\",\"c\":\"=\"},{\"t\":\"Space\"},{\"t\":\"Superscript\",\"c\":[{\"t\":\"Str\",\"c\":\"2\"},"
		   "{\"t\":\"Str\",\"c\":\"x\"}]},{\"t\":\"Strong\",\"c\":[{\"t\":\"Emph\",\"c\":[{\"t\":\"Str\",\"c\":\"bi\"}]}]},{\"t\":\"Space\"},"
		   "{\"t\":\"Strong\",\"c\":[{\"t\":\"Str\",\"c\":\"b\"}]}]}]");
	json_decref(doc);
	dm_release(&d);
}

TEST(doc_pandoc_puts_wide_tables_between_section_breaks)
{
	struct dm_doc d;
	json_t *doc, *blocks;
	char *kinds = NULL;
	size_t len = 0;
	FILE *f;

	dm_init(&d, "Study", "en");
	doc_table_of(&d, DM_DOCX_WIDE_COLUMNS + 1, "T"); /* small type, portrait */
	dm_heading(&d, 2, "Wide");
	doc_table_of(&d, DM_DOCX_WIDER_COLUMNS + 1, "T");
	dm_text(dm_paragraph(&d), "after");
	doc = ast(&d, 22, 0);
	blocks = json_object_get(doc, "blocks");
	f = open_memstream(&kinds, &len);
	for (size_t i = 0; f && i < json_array_size(blocks); i++)
		fprintf(f, "%s ", json_string_value(json_object_get(json_array_get(blocks, i), "t")));
	if (f)
		fclose(f);
	CHECK_STR(kinds, "Table RawBlock Header Table RawBlock Para ");
	CHECK(strstr(json_string_value(json_array_get(json_object_get(json_array_get(blocks, 1), "c"), 1)),
		     "<w:pgSz w:w=\"12240\" w:h=\"15840\"/>") != NULL);
	CHECK(strstr(json_string_value(json_array_get(json_object_get(json_array_get(blocks, 4), "c"), 1)), "w:orient=\"landscape\"") != NULL);
	check_json(json_array_get(json_object_get(json_array_get(blocks, 1), "c"), 0), "\"openxml\"");
	{
		/* the cells of a wide table in the reference document's small type */
		json_t *head = json_array_get(json_array_get(json_array_get(json_object_get(json_array_get(blocks, 0), "c"), 3), 1), 0);
		check_json(json_array_get(json_array_get(json_array_get(json_array_get(head, 1), 0), 4), 0),
			   "{\"t\":\"Plain\",\"c\":[{\"t\":\"Span\",\"c\":[[\"\",[],[[\"custom-style\",\"Table Text Small\"]]],"
			   "[{\"t\":\"Str\",\"c\":\"h\"}]]}]}");
	}
	free(kinds);
	json_decref(doc);
	dm_release(&d);
}

TEST(doc_pandoc_api_version_from_any_bytes)
{
	static const char big_prefix[] = "{\"pandoc-api-version\":[1,22],\"meta\":{},\"blocks\":[";
	char *big = malloc(DM_PANDOC_PROBE_MAX + 64);
	static const struct {
		const char *text;
		int minor;
	} cases[] = {
		{"{\"pandoc-api-version\":[1,22,2,1],\"meta\":{},\"blocks\":[]}\n", 22},
		{"{\"pandoc-api-version\":[1,23,1],\"meta\":{},\"blocks\":[]}", 23},
		{"{\"pandoc-api-version\":[1,21],\"meta\":{},\"blocks\":[]}", 0},
		{"{\"pandoc-api-version\":[2,22]}", 0},
		{"{\"pandoc-api-version\":[1.0,22]}", 0},
		{"{\"pandoc-api-version\":[1,22.0]}", 0},
		{"{\"pandoc-api-version\":[1]}", 0},
		{"{\"pandoc-api-version\":\"1.22\"}", 0},
		{"{\"pandoc-api-version\":[1,22],\"pandoc-api-version\":[1,22]}", 0},
		{"[1,22]", 0},
		{"{\"pandoc-api-version\":[1,22]", 0},
		{"pandoc 2.17.1.1", 0},
		{"", 0},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		CHECK_INT(dm_pandoc_api_parse(cases[i].text, strlen(cases[i].text)), cases[i].minor);
	CHECK_INT(dm_pandoc_api_parse(NULL, 0), 0);
	CHECK_INT(dm_pandoc_api_parse("{\"pandoc-api-version\":[1,22]}\0junk", 34), 0);
	CHECK(big != NULL);
	if (!big)
		return;
	/* more than the cap is refused even when it is valid */
	memcpy(big, big_prefix, sizeof big_prefix - 1);
	memset(big + sizeof big_prefix - 1, ' ', DM_PANDOC_PROBE_MAX);
	memcpy(big + sizeof big_prefix - 1 + DM_PANDOC_PROBE_MAX, "]}", 3);
	CHECK_INT(dm_pandoc_api_parse(big, strlen(big)), 0);
	free(big);
}

/* A stand-in pandoc dir/name: asked for its version it prints `version` (and counts the questions
 * in dir/name.probes); asked for a Word document it prints its arguments, whether its input is
 * pandoc's JSON, how many functions its filter defines (if it has one) and what its gate said. */
static void fake_pandoc(const char *dir, const char *name, const char *version, char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/%s", dir, name);
	f = fopen(path, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fprintf(f, "#!/bin/sh\n"
		   "case \"$*\" in *--to=json*) printf '%%s' '%s'; echo >> \"$0.probes\"; exit 0;; esac\n"
		   "echo \"$*\"\n"
		   "head -c 30 | grep -q '^{\"pandoc-api-version\":\\[1,22\\]' && echo json || echo other\n"
		   "case \"$*\" in *--lua-filter*) grep -c 'function' /dev/fd/4; grep -q 'function Div' /dev/fd/4 && echo div;; esac\n"
		   "case \"$*\" in *--lua-filter*) grep -q fd/5 /dev/fd/4 && printf 'gate:%%s\\n' \"$(cat /dev/fd/5)\";; esac\n"
		   "exit 0\n",
		version);
	fclose(f);
	chmod(path, 0700);
}

/* What dm_write_docx (or, gated, dm_docx_start and finish) gave the stand-in, as it printed it. */
static char *docx_run(const struct dm_doc *d, const char *dir, int gated)
{
	char *text = NULL, msg[256];
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	struct dm_docx_job job;

	if (!out)
		return NULL;
	if (gated) {
		CHECK_INT(dm_docx_start(d, dir, 1, &job, msg, sizeof msg), DM_DOCX_OK);
		CHECK_INT(dm_docx_finish(&job, 1, out, msg, sizeof msg), DM_DOCX_OK);
	} else {
		CHECK_INT(dm_write_docx(d, dir, out, msg, sizeof msg), DM_DOCX_OK);
	}
	fclose(out);
	return text;
}

/* The lines of a file. */
static int lines(const char *path)
{
	FILE *f = fopen(path, "r");
	int n = 0;

	for (int c; f && (c = getc(f)) != EOF;)
		n += c == '\n';
	if (f)
		fclose(f);
	return n;
}

TEST(doc_pandoc_docx_gives_pandoc_the_json_of_its_version)
{
	char dir[] = "/tmp/sk-docx-api-XXXXXX", known[128], other[128], probes[160];
	const char *old = getenv("SURVEYKIT_PANDOC");
	char *saved = old ? strdup(old) : NULL, *text;
	struct dm_doc d;

	CHECK(mkdtemp(dir) != NULL);
	dm_init(&d, "T", NULL);
	dm_text(dm_paragraph(&d), "x");
	/* 1.22: the JSON; a filter only when gated, and then only the gate and the figures' function */
	fake_pandoc(dir, "known", "{\"pandoc-api-version\":[1,22,2,1],\"meta\":{},\"blocks\":[]}", known, sizeof known);
	setenv("SURVEYKIT_PANDOC", known, 1);
	text = docx_run(&d, dir, 0);
	CHECK_STR(text, "--from=json --to=docx --reference-doc=/dev/fd/3 --output=-\njson\n");
	free(text);
	text = docx_run(&d, dir, 1);
	CHECK_STR(text, "--from=json --to=docx --reference-doc=/dev/fd/3 --lua-filter=/dev/fd/4 --output=-\njson\n1\ngate:go\n");
	free(text);
	snprintf(probes, sizeof probes, "%s.probes", known);
	CHECK_INT(lines(probes), 1); /* its version was asked once */
	unlink(probes);
	/* another version: the HTML and the filter that makes the landscape pages */
	fake_pandoc(dir, "other", "{\"pandoc-api-version\":[1,24],\"meta\":{},\"blocks\":[]}", other, sizeof other);
	setenv("SURVEYKIT_PANDOC", other, 1);
	text = docx_run(&d, dir, 0);
	CHECK_STR(text, "--from=html --to=docx --reference-doc=/dev/fd/3 --lua-filter=/dev/fd/4 --output=-\nother\n1\ndiv\n");
	free(text);
	text = docx_run(&d, dir, 1);
	CHECK_STR(text, "--from=html --to=docx --reference-doc=/dev/fd/3 --lua-filter=/dev/fd/4 --output=-\nother\n2\ndiv\ngate:go\n");
	free(text);
	snprintf(probes, sizeof probes, "%s.probes", other);
	unlink(probes);
	if (saved)
		setenv("SURVEYKIT_PANDOC", saved, 1);
	else
		unsetenv("SURVEYKIT_PANDOC");
	free(saved);
	unlink(known);
	unlink(other);
	rmdir(dir);
	dm_release(&d);
}
