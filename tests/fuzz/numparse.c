/* libFuzzer target: num_parse on arbitrary bytes, both decimal conventions; a number it accepts
 * is finite, is bit for bit what strtod makes of the same text (blanks around it dropped, a
 * decimal comma as a point; -0 as 0), whichever of num_parse's paths read it, and parses the same
 * way again when printed back. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/numparse.h"

static int same_as_strtod(const char *s, size_t len, int comma, double v)
{
	char *text, *end;
	double want;
	int same;

	while (len && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if (!(text = malloc(len + 1)))
		abort();
	for (size_t i = 0; i < len; i++)
		text[i] = comma && s[i] == ',' ? '.' : s[i];
	text[len] = '\0';
	want = strtod(text, &end);
	if (want == 0)
		want = 0.0;
	same = end == text + len && memcmp(&want, &v, sizeof v) == 0;
	free(text);
	return same;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	for (int comma = 0; comma < 2; comma++) {
		double v, again;
		char buf[40];
		if (num_parse((const char *)data, size, comma, &v) != NUM_OK)
			continue;
		snprintf(buf, sizeof buf, "%.17g", v);
		if (!isfinite(v) || num_parse(buf, strlen(buf), 0, &again) != NUM_OK || again != v)
			abort();
		if (!same_as_strtod((const char *)data, size, comma, v))
			abort();
	}
	return 0;
}
