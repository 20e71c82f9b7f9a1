#include "io/input.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static const unsigned char sas7bdat_magic[32] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc2, 0xea, 0x81, 0x60,
	0xb3, 0x14, 0x11, 0xcf, 0xbd, 0x92, 0x08, 0x00, 0x09, 0xc7, 0x31, 0x8c, 0x18, 0x1f, 0x10, 0x11};

int input_detect(const char *path, enum input_format *fmt, struct sk_error *err)
{
	unsigned char head[512];
	size_t n;
	FILE *fp = fopen(path, "rb");

	if (!fp)
		return sk_fail(err, SK_EXIT_INPUT, "cannot open '%s': %s", path, strerror(errno));
	n = fread(head, 1, sizeof head, fp);
	fclose(fp);
	*fmt = INPUT_CSV;
	if (n >= 4 && memcmp(head, "$FL2", 4) == 0)
		*fmt = INPUT_SAV;
	else if (n >= 4 && memcmp(head, "$FL3", 4) == 0)
		*fmt = INPUT_ZSAV;
	else if (n >= 11 && memcmp(head, "<stata_dta>", 11) == 0)
		*fmt = INPUT_DTA;
	else if (n >= sizeof sas7bdat_magic && memcmp(head, sas7bdat_magic, sizeof sas7bdat_magic) == 0)
		*fmt = INPUT_SAS7BDAT;
	return 0;
}

int input_read_frame(const char *path, const struct csv_read_options *o, struct frame *out, struct sk_error *err)
{
	enum input_format fmt;
	int status = input_detect(path, &fmt, err);

	if (status != 0)
		return status;
	if (fmt != INPUT_CSV)
		return sk_fail(err, SK_EXIT_INPUT, "'%s' is an SPSS, Stata or SAS file, which this build cannot read",
			       path);
	return csv_read_frame(path, o, out, err);
}
