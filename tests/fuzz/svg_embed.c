/* libFuzzer target: svg_embed on arbitrary bytes; an SVG it accepts comes out as well-formed SVG
 * that it accepts again, with no script element and no event handler. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/strbuf.h"
#include "io/svg_embed.h"

/* An attribute whose name starts with "on" (text cannot fake one: its quotes are escaped). */
static int event_handler(const char *s)
{
	for (const char *p = strstr(s, " on"); p; p = strstr(p + 1, " on")) {
		const char *q = p + 3;
		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || *q == '-' || *q == ':')
			q++;
		if (q[0] == '=' && q[1] == '"')
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct strbuf once = STRBUF_INIT, twice = STRBUF_INIT;

	if (svg_embed(&once, (const char *)data, size, "f") == 0 && strbuf_ok(&once)) {
		const char *s = strbuf_str(&once);
		if (strcasestr(s, "<script") || event_handler(s) || strcasestr(s, "javascript:") ||
		    svg_embed(&twice, s, once.len, "g") != 0)
			abort();
	}
	strbuf_release(&once);
	strbuf_release(&twice);
	return 0;
}
