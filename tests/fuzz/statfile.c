/* libFuzzer target: the SPSS/Stata/SAS reader (ReadStat) on arbitrary bytes, the format chosen
 * from the content as surveykit chooses it (a .sav when nothing matches), with small limits. */
#include <stdint.h>

#include "io/readstat_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct statfile_options o;
	enum input_format fmt;
	struct frame f;
	struct sk_error err;

	if (!statfile_sniff(data, size, &fmt))
		fmt = INPUT_SAV;
	statfile_options_init(&o);
	o.max_columns = 64;
	o.max_rows = 2000;
	o.max_string = 256;
	o.max_labels = 1000;
	if (statfile_read_buffer(data, size, fmt, "fuzz.sav", &o, &f, &err) == 0)
		frame_free(&f);
	return 0;
}
