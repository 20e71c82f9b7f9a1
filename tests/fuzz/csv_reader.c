/* libFuzzer target: the CSV reader on arbitrary bytes, with small limits so the limit paths run. */
#include <stddef.h>
#include <stdint.h>

#include "io/csv_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_read_options o;
	struct frame f;
	struct sk_error err;

	csv_read_options_init(&o);
	o.max_field = 256;
	o.max_columns = 64;
	o.max_rows = 2000;
	o.mixed_numeric = size & 1; /* both ways of settling a column of numbers and text */
	if (csv_read_buffer("fuzz.csv", data, size, &o, &f, &err) == 0)
		frame_free(&f);
	return 0;
}
