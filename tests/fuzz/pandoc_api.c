/* libFuzzer target: dm_pandoc_api_parse on arbitrary bytes (what a program named as pandoc printed
 * for its version): it returns 22, 23 or 0, and 0 for anything longer than DM_PANDOC_PROBE_MAX. */
#include <stdint.h>
#include <stdlib.h>

#include "io/docwrite.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	int minor = dm_pandoc_api_parse((const char *)data, size);

	if ((minor != 0 && minor != 22 && minor != 23) || (size > DM_PANDOC_PROBE_MAX && minor != 0))
		abort();
	return 0;
}
