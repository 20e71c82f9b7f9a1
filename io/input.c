#include "io/input.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "io/output_guard.h"
#include "io/readstat_reader.h"

int input_detect(const char *path, enum input_format *fmt, struct sk_error *err)
{
	unsigned char head[512];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return sk_fail(err, SK_EXIT_INPUT, "cannot open '%s': %s", path, strerror(errno));
	output_guard_input(path, fileno(fp));
	n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	if (!statfile_sniff(head, n, fmt))
		*fmt = INPUT_CSV;
	return 0;
}

int input_read_frame(const char *path, const struct csv_read_options *o, struct frame *out, struct sk_error *err)
{
	struct statfile_options so;
	enum input_format fmt;
	int status = input_detect(path, &fmt, err);

	if (status != 0)
		return status;
	if (fmt == INPUT_CSV)
		return csv_read_frame(path, o, out, err);
	statfile_options_from_csv(&so, o);
	return statfile_read_path(path, fmt, &so, out, err);
}
