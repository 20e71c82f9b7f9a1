#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_writer.h"
#include "io/numparse.h"

static enum num_parse parse(const char *s, double *v)
{
	return num_parse(s, strlen(s), 0, v);
}

TEST(numparse_accepts_decimal_numbers)
{
	double v;

	CHECK(parse("7", &v) == NUM_OK && v == 7);
	CHECK(parse(" -12 ", &v) == NUM_OK && v == -12);
	CHECK(parse("+3", &v) == NUM_OK && v == 3);
	CHECK(parse("4.25", &v) == NUM_OK && v == 4.25);
	CHECK(parse(".5", &v) == NUM_OK && v == 0.5);
	CHECK(parse("5.", &v) == NUM_OK && v == 5);
	CHECK(parse("1e3", &v) == NUM_OK && v == 1000);
	CHECK(parse("-2.5E-2", &v) == NUM_OK && v == -0.025);
	CHECK(parse("1234567890123", &v) == NUM_OK && v == 1234567890123.0);
	CHECK(parse("-0", &v) == NUM_OK && v == 0 && !signbit(v));
	CHECK(parse("-0.0", &v) == NUM_OK && v == 0 && !signbit(v));
	CHECK(parse("1e-400", &v) == NUM_OK && v == 0);
	CHECK(num_parse("4,5", 3, 1, &v) == NUM_OK && v == 4.5);
}

TEST(numparse_rejects_what_is_not_a_number)
{
	double v;
	static const char *const bad[] = {"abc", "nan", "NaN", "inf", "-inf", "Infinity", "0x10", "-", "+", ".",
					  "1e", "1e+", "1.2.3", "1,5", "12abc", "1 2", "--1", "e5"};

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		CHECK(parse(bad[i], &v) == NUM_INVALID);
	CHECK(parse("1e400", &v) == NUM_RANGE);
	CHECK(parse("-1e400", &v) == NUM_RANGE);
	CHECK(parse("", &v) == NUM_EMPTY);
	CHECK(parse("   ", &v) == NUM_EMPTY);
	CHECK(num_parse("1\0002", 3, 0, &v) == NUM_INVALID); /* an embedded NUL byte */
}

TEST(parse_size_is_strict)
{
	size_t n;

	CHECK(parse_size("42", &n) == 0 && n == 42);
	CHECK(parse_size("", &n) != 0);
	CHECK(parse_size("-1", &n) != 0);
	CHECK(parse_size("1.5", &n) != 0);
	CHECK(parse_size("99999999999999999999999", &n) != 0);
}

TEST(csv_numbers_are_written_short_and_exact)
{
	static const double values[] = {0, 1, -7, 4.6, 4.5999999999999996, 0.1, 1.0 / 3, -2.75, 1e-12, 123456.789,
					 9007199254740993.0, 1e300, 3.2000000000000002, -0.0};
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);

	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		csv_write_number(fp, values[i]);
		fputc('\n', fp);
	}
	fclose(fp);
	const char *line = text;
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++) {
		const char *end = strchr(line, '\n');
		double back;
		CHECK(num_parse(line, (size_t)(end - line), 0, &back) == NUM_OK && back == values[i]);
		line = end + 1;
	}
	CHECK(strncmp(text, "0\n1\n-7\n4.6\n4.6\n0.1\n", 18) == 0);
	free(text);
}
