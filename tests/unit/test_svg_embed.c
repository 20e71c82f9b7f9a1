/* io/svg_embed: an SVG made safe to inline in an HTML page. */
#include <stdlib.h>
#include <string.h>

#include "io/strbuf.h"
#include "io/svg_embed.h"
#include "test.h"

static char *embed(const char *svg, const char *prefix, int *status)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_adds(&b, "before|");
	*status = svg_embed(&b, svg, strlen(svg), prefix);
	CHECK(strbuf_ok(&b));
	return strbuf_take(&b);
}

TEST(svg_embed_keeps_a_gnuplot_figure_with_its_own_ids)
{
	const char *in =
		"<?xml version=\"1.0\" encoding=\"utf-8\"  standalone=\"no\"?>\n"
		"<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
		"<svg \n width=\"1200\" height=\"750\"\n viewBox=\"0 0 1200 750\"\n xmlns=\"http://www.w3.org/2000/svg\"\n"
		" xmlns:xlink=\"http://www.w3.org/1999/xlink\"\n>\n\n<title>Gnuplot</title>\n<desc>Produced by GNUPLOT 5.4 </desc>\n"
		"<g id=\"gnuplot_canvas\">\n<defs>\n\t<circle id='gpPt5' r='1'/>\n\t<use xlink:href='#gpPt5' id='gpPt6' fill='currentColor'/>\n"
		"\t<filter id='textbox' filterUnits='objectBoundingBox'><feFlood flood-color='#FFFFFF' result='bgnd'/></filter>\n</defs>\n"
		"<!-- a comment -->\n<g fill=\"#ffffff\" filter=\"url(#textbox)\"><title>Fix &amp; apology</title>"
		"<text>Fix + 10% &lt;refund&gt; &#233;&#x263A;</text></g>\n</g>\n</svg>\n";
	int status;
	char *out = embed(in, "fig1", &status);

	CHECK_INT(status, 0);
	const char *head = "before|<svg width=\"1200\" height=\"750\" viewBox=\"0 0 1200 750\">";
	CHECK(strncmp(out, head, strlen(head)) == 0);
	CHECK(!strstr(out, "<?xml") && !strstr(out, "DOCTYPE") && !strstr(out, "http") && !strstr(out, "xmlns"));
	CHECK(!strstr(out, "Gnuplot") && !strstr(out, "GNUPLOT") && !strstr(out, "comment"));
	CHECK(strstr(out, "<g id=\"fig1-gnuplot_canvas\">") != NULL);
	CHECK(strstr(out, "<circle id=\"fig1-gpPt5\" r=\"1\"/>") != NULL);
	CHECK(strstr(out, "<use href=\"#fig1-gpPt5\" id=\"fig1-gpPt6\" fill=\"currentColor\"/>") != NULL);
	CHECK(strstr(out, "flood-color=\"#FFFFFF\"") != NULL);
	CHECK(strstr(out, "<g fill=\"#ffffff\" filter=\"url(#fig1-textbox)\"><title>Fix &amp; apology</title>") != NULL);
	CHECK(strstr(out, "<text>Fix + 10% &lt;refund&gt; \xC3\xA9\xE2\x98\xBA</text>") != NULL);
	CHECK(strstr(out, "</g>\n</g>\n</svg>") != NULL);
	free(out);
}

TEST(svg_embed_drops_what_could_run_or_fetch)
{
	const char *in =
		"<svg onload=\"alert(1)\" viewBox=\"0 0 10 10\"><script>alert(2)</script><script/>"
		"<style>@import url(http://evil/x.css);</style>"
		"<a href=\"javascript:alert(3)\"><text>link</text></a>"
		"<foreignObject><iframe src=\"http://evil\"></iframe></foreignObject>"
		"<animate attributeName=\"href\" to=\"javascript:alert(4)\"/><set attributeName=\"onclick\"/>"
		"<image href=\"http://evil/t.png\" width=\"1\"/><image xlink:href=\"data:image/png;base64,iVBO\"/>"
		"<image href=\"data:text/html;base64,PHNjcmlwdD4=\"/>"
		"<use href=\"http://evil/sprite.svg#a\"/><use href=\"#a\"/>"
		"<rect style=\"fill:url(http://evil)\" fill=\"url(http://evil)\" stroke=\"url( '#grad' )\" onclick=\"x()\" ONCLICK=\"y()\"/>"
		"<text>&lt;script&gt;alert(5)&lt;/script&gt; \"q\" 'a' <![CDATA[<b>bold</b>]]> \xFF</text>"
		"<SCRIPT>alert(6)</SCRIPT></svg>";
	int status;
	char *out = embed(in, "f2", &status);

	CHECK_INT(status, 0);
	CHECK(!strstr(out, "alert(1)") && !strstr(out, "alert(2)") && !strstr(out, "alert(3)") &&
	      !strstr(out, "alert(4)") && !strstr(out, "alert(6)"));
	CHECK(!strstr(out, "<script") && !strstr(out, "<SCRIPT") && !strstr(out, "<style") && !strstr(out, "<a ") &&
	      !strstr(out, "iframe") && !strstr(out, "foreignObject") && !strstr(out, "animate") && !strstr(out, "<set"));
	CHECK(!strstr(out, "http") && !strstr(out, "javascript") && !strstr(out, "text/html") && !strstr(out, "onclick") &&
	      !strstr(out, "ONCLICK") && !strstr(out, "style=") && !strstr(out, "link<"));
	CHECK(strstr(out, "<image width=\"1\"/>") != NULL);
	CHECK(strstr(out, "<image href=\"data:image/png;base64,iVBO\"/>") != NULL);
	CHECK(strstr(out, "<use/><use href=\"#f2-a\"/>") != NULL);
	CHECK(strstr(out, "<rect stroke=\"url( &#39;#f2-grad&#39; )\"/>") != NULL);
	CHECK(strstr(out, "<text>&lt;script&gt;alert(5)&lt;/script&gt; &quot;q&quot; &#39;a&#39; &lt;b&gt;bold&lt;/b&gt; "
			  "\xEF\xBF\xBD</text>") != NULL);
	free(out);
}

TEST(svg_embed_refuses_what_is_not_one_svg_element)
{
	const char *bad[] = {
		"", "   ", "<svg>", "<svg><g></svg>", "<svg></g>", "<svg><g></svg></g>", "<svg width=10></svg>",
		"<svg width></svg>", "<svg width=\"10></svg>", "<svg></svg><svg></svg>", "<html></html>",
		"text<svg></svg>", "<svg></svg>tail", "<svg><!-- open</svg>", "<svg><![CDATA[x</svg>", "<svg><", "<?xml",
		"<svg><g <text/></g></svg>", "<svg><?pi x?></svg>", "<svg></svg ", "<svg><></svg>",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int status;
		char *out = embed(bad[i], "f", &status);
		CHECK_INT(status, -1);
		CHECK_STR(out, "before|");
		free(out);
	}
	/* nesting deeper than SVG_EMBED_MAX_DEPTH */
	struct strbuf deep = STRBUF_INIT;
	strbuf_adds(&deep, "<svg>");
	for (int i = 0; i < SVG_EMBED_MAX_DEPTH; i++)
		strbuf_adds(&deep, "<g>");
	for (int i = 0; i < SVG_EMBED_MAX_DEPTH; i++)
		strbuf_adds(&deep, "</g>");
	strbuf_adds(&deep, "</svg>");
	int status;
	char *out = embed(strbuf_str(&deep), "f", &status);
	CHECK_INT(status, -1);
	free(out);
	strbuf_release(&deep);
	/* the smallest accepted */
	out = embed("<svg/>", "f", &status);
	CHECK_INT(status, 0);
	CHECK_STR(out, "before|<svg/>");
	free(out);
}

TEST(svg_embed_prefix_is_escaped)
{
	int status;
	char *out = embed("<svg id=\"x\"/>", "a\"b", &status);

	CHECK_INT(status, 0);
	CHECK_STR(out, "before|<svg id=\"a&quot;b-x\"/>");
	free(out);
}

/* Found by the fuzz target: a scheme inside a presentation value came through. Values other than
 * ids and references keep no ':' or '\' (CSS escape), and url( is matched in any case. */
TEST(svg_embed_drops_schemes_escapes_and_upper_case_urls_in_values)
{
	const char *in = "<svg viewBox=\"0 0 10 10\"><path stroke=\"rgb( 6javascript:)\" d=\"M0,0\"/>"
			 "<rect fill=\"URL(http://evil/x)\" stroke=\"Url(#g)\" width=\"1\"/>"
			 "<rect fill=\"\\75 rl(http://evil)\" font-family=\"a:b\" height=\"2\"/></svg>";
	int status;
	char *out = embed(in, "f3", &status);

	CHECK_INT(status, 0);
	CHECK(!strstr(out, "javascript") && !strstr(out, "http") && !strstr(out, "\\75") && !strstr(out, "a:b"));
	CHECK(strstr(out, "<path d=\"M0,0\"/>") != NULL);
	CHECK(strstr(out, "<rect stroke=\"Url(#f3-g)\" width=\"1\"/>") != NULL);
	CHECK(strstr(out, "<rect height=\"2\"/>") != NULL);
	free(out);
}
