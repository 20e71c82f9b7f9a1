/* io/text: text from the data shown as written in Markdown and HTML. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/strbuf.h"
#include "io/text.h"
#include "test.h"

static void check_form(void (*form)(struct strbuf *, const char *), const char *in, const char *want)
{
	struct strbuf b = STRBUF_INIT;

	form(&b, in);
	CHECK(strbuf_ok(&b));
	CHECK_STR(strbuf_str(&b), want);
	strbuf_release(&b);
}

TEST(text_utf8_length_accepts_only_valid_sequences)
{
	CHECK_INT(text_utf8_length("a", 1), 1);
	CHECK_INT(text_utf8_length("\xC3\xB6", 2), 2);
	CHECK_INT(text_utf8_length("\xE2\x82\xAC", 3), 3);
	CHECK_INT(text_utf8_length("\xF0\x9F\x98\x80", 4), 4);
	CHECK_INT(text_utf8_length("\xE2\x82", 2), 0);     /* cut short */
	CHECK_INT(text_utf8_length("\xC0\xAF", 2), 0);     /* overlong '/' */
	CHECK_INT(text_utf8_length("\xED\xA0\x80", 3), 0); /* surrogate */
	CHECK_INT(text_utf8_length("\xF4\x90\x80\x80", 4), 0); /* beyond U+10FFFF */
	CHECK_INT(text_utf8_length("\xFF", 1), 0);
	CHECK_INT(text_utf8_length("", 0), 0);
}

TEST(text_markdown_passes_nothing_through)
{
	check_form(text_markdown, "Fix + apology", "Fix + apology");
	check_form(text_markdown, "<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;");
	check_form(text_markdown, "![](http://example.com/t.png)", "!\\[\\](http\\://example.com/t.png)");
	check_form(text_markdown, "[click](https://example.com)", "\\[click\\](https\\://example.com)");
	check_form(text_markdown, "see WWW.example.com or me@example.com", "see WWW\\.example.com or me\\@example.com");
	check_form(text_markdown, "www", "www");
	check_form(text_markdown, "a | b", "a \\| b");
	check_form(text_markdown, "*bold* _it_ ~~del~~", "\\*bold\\* \\_it\\_ \\~\\~del\\~\\~");
	check_form(text_markdown, "# heading #", "\\# heading \\#");
	check_form(text_markdown, "`code`", "\\`code\\`");
	check_form(text_markdown, "back\\slash", "back\\\\slash");
	check_form(text_markdown, "$x$ &amp; &", "\\$x\\$ &amp;amp; &amp;");
	check_form(text_markdown, "two\nlines\r\n\tand a tab", "two lines   and a tab");
	check_form(text_markdown, "\n\n    indented", "indented");
	check_form(text_markdown, "- item", "\\- item");
	check_form(text_markdown, "+ item", "\\+ item");
	check_form(text_markdown, "12. item", "12\\. item");
	check_form(text_markdown, "3) item", "3\\) item");
	check_form(text_markdown, "-0.25", "-0.25");
	check_form(text_markdown, "2.5", "2.5");
	check_form(text_markdown, "a - b", "a - b");
	check_form(text_markdown, "bad \xFF byte", "bad \xEF\xBF\xBD byte");
	check_form(text_markdown, "gr\xC3\xB6\xC3\x9F" "e", "gr\xC3\xB6\xC3\x9F" "e");
	check_form(text_markdown, "", "");
}

TEST(text_markdown_code_fences_any_backticks)
{
	check_form(text_markdown_code, "surveykit describe data.csv", "`surveykit describe data.csv`");
	check_form(text_markdown_code, "a`b", "``a`b``");
	check_form(text_markdown_code, "`x``", "``` `x`` ```");
	check_form(text_markdown_code, " lead", "`  lead `");
	check_form(text_markdown_code, "<b>|*x*</b>\nnext", "`<b>|*x*</b> next`");
	check_form(text_markdown_code, "\xFF", "`\xEF\xBF\xBD`");
}

TEST(text_html_escapes_markup_and_quotes)
{
	check_form(text_html, "<script>alert('x' & \"y\")</script>",
		   "&lt;script&gt;alert(&#39;x&#39; &amp; &quot;y&quot;)&lt;/script&gt;");
	check_form(text_html, "Fix + 10% refund", "Fix + 10% refund");
	check_form(text_html, "a\tb\nc\rd\x01" "e", "a\tb\nc d e");
	check_form(text_html, "bad \xC3 byte", "bad \xEF\xBF\xBD byte");
}

TEST(text_write_forms_equal_the_buffer_forms)
{
	const char *in = "<b>#1</b> `x` | ![](y)";
	struct strbuf b = STRBUF_INIT;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);

	CHECK(f != NULL);
	if (!f)
		return;
	text_markdown_write(f, in);
	text_markdown_code_write(f, in);
	text_html_write(f, in);
	fclose(f);
	text_markdown(&b, in);
	text_markdown_code(&b, in);
	text_html(&b, in);
	CHECK_STR(out, strbuf_str(&b));
	free(out);
	strbuf_release(&b);
}

TEST(text_shell_word_quotes_what_a_shell_would_read)
{
	const char *cases[][2] = {
		{"wave.csv", "wave.csv"},
		{"/data/w-1_2.csv", "/data/w-1_2.csv"},
		{"", "''"},
		{"my wave.csv", "'my wave.csv'"},
		{"$(touch PWNED)", "'$(touch PWNED)'"},
		{"`id`;rm x", "'`id`;rm x'"},
		{"it's", "'it'\\''s'"},
		{"a\nb", "'a\nb'"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct strbuf b = STRBUF_INIT;
		text_shell_word(&b, cases[i][0]);
		CHECK_STR(strbuf_str(&b), cases[i][1]);
		strbuf_release(&b);
	}
}
