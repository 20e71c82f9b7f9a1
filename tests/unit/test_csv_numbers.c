/* The numbers of CSV cells (io/numparse.h): a short decimal read without strtod must be the very
 * double strtod makes of it (the fuzz target tests/fuzz/numparse.c checks any bytes). */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/numparse.h"

/* 1 when num_parse reads text as strtod does (a decimal comma as a point), bit for bit. */
static int as_strtod(const char *text, int comma)
{
	char buf[64];
	double got, want;

	if (num_parse(text, strlen(text), comma, &got) != NUM_OK)
		return 0;
	snprintf(buf, sizeof buf, "%s", text);
	for (char *c = buf; comma && *c; c++)
		if (*c == ',')
			*c = '.';
	want = strtod(buf, NULL);
	if (want == 0)
		want = 0.0;
	return memcmp(&got, &want, sizeof got) == 0;
}

TEST(csv_numbers_short_decimals_as_strtod)
{
	static const char *const texts[] = {
		"4.5", "-0.25", "0.1", "0.3", "2.675", "1.005", "123456.789", "0.000000000000001",
		"999999999999999", "99999999999999.9", "-1234.5678901", "5.", ".5", "+.5", "-0.0",
		"3.14159265358979", "0.1234567890123", "7.0000000000001", "1e5", "12345678901234567.5",
	};

	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		CHECK(as_strtod(texts[i], 0));
		CHECK(as_strtod(texts[i], 1));
	}
	CHECK(as_strtod("12,75", 1));
	CHECK(as_strtod("-0,1", 1));
	/* -0 reads as 0 */
	{
		double v;
		CHECK_INT(num_parse("-0.0", 4, 0, &v), NUM_OK);
		CHECK(v == 0 && !signbit(v));
	}
	/* what is no number stays none */
	{
		static const char *const bad[] = {"1.2.3", ".", "-", "1,5", "1. 5", "0x10", "1.5x", "--1"};
		double v;
		for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
			CHECK_INT(num_parse(bad[i], strlen(bad[i]), 0, &v), NUM_INVALID);
		CHECK_INT(num_parse("1,2,3", 5, 1, &v), NUM_INVALID);
	}
}
