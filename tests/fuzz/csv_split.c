/* libFuzzer target: the CSV reader in 2 to 4 parts side by side (io/csv_split.h) must give the
 * frame and the error of the reader in one part, on any bytes; the first byte picks the number
 * of parts, the codebook-free settling of mixed columns and the limits. Parts are as small as
 * one byte, so cuts land next to quoted line breaks, CRLFs and Qualtrics rows. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "io/csv_reader.h"
#include "tests/frame_compare.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csv_read_options o;
	struct frame one, many;
	struct sk_error e1 = {0}, en = {0};
	int s1, sn;

	if (size < 1)
		return 0;
	csv_read_options_init(&o);
	o.max_field = 256;
	o.max_columns = 64;
	o.max_rows = data[0] & 8 ? 2000 : 40;
	o.mixed_numeric = data[0] & 4;
	o.min_part = 1;
	o.threads = 1;
	s1 = csv_read_buffer("fuzz.csv", data + 1, size - 1, &o, &one, &e1);
	o.threads = 2 + (data[0] & 3) % 3;
	sn = csv_read_buffer("fuzz.csv", data + 1, size - 1, &o, &many, &en);
	if (frame_compare(s1, &one, &e1, sn, &many, &en))
		abort();
	if (s1 == 0)
		frame_free(&one);
	if (sn == 0)
		frame_free(&many);
	return 0;
}
