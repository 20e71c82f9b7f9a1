/* libFuzzer target: svg_embed on arbitrary bytes; an SVG it accepts comes out as well-formed SVG
 * that it accepts again, with no script element, no attribute named on... (an event handler) and
 * no scheme in an attribute value (a text between tags may say "javascript:": it is shown as
 * text). The output is walked as HTML reads it: '<' starts a tag, since text escapes it, and an
 * attribute's value runs to its closing double quote. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/strbuf.h"
#include "io/svg_embed.h"

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == ':' ||
	       c == '_' || c == '.';
}

/* 1 when a tag has an event-handler attribute or a value with a scheme; -1 when the output is
 * not tags of name="value" attributes at all. */
static int unsafe_tags(const char *s)
{
	for (const char *p = strchr(s, '<'); p; p = strchr(p, '<')) {
		p++;
		if (*p == '/')
			p++;
		while (name_char(*p))
			p++;
		for (;;) {
			const char *name, *end;
			while (*p == ' ')
				p++;
			if (*p == '>' || (p[0] == '/' && p[1] == '>'))
				break;
			name = p;
			while (name_char(*p))
				p++;
			if (p == name || p[0] != '=' || p[1] != '"')
				return -1;
			if (strncasecmp(name, "on", 2) == 0)
				return 1;
			end = strchr(p + 2, '"');
			if (!end)
				return -1;
			for (const char *q = p + 2; q + 11 <= end; q++)
				if (strncasecmp(q, "javascript:", 11) == 0)
					return 1;
			p = end + 1;
		}
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf once = STRBUF_INIT, twice = STRBUF_INIT;

	if (svg_embed(&once, (const char *)data, size, "f") == 0 && strbuf_ok(&once)) {
		const char *s = strbuf_str(&once);
		if (strcasestr(s, "<script") || unsafe_tags(s) != 0 || svg_embed(&twice, s, once.len, "g") != 0)
			abort();
	}
	strbuf_release(&once);
	strbuf_release(&twice);
	return 0;
}
