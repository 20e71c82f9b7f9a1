/* libFuzzer target: num_parse on arbitrary bytes, both decimal conventions; a number it accepts
 * is finite and parses the same way again when printed back. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/numparse.h"

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
	}
	return 0;
}
