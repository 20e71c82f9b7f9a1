/* io/csv_writer: numbers in their shortest exact form, and rows built in memory (csv_rows) with
 * the quoting of csv_write_field. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_writer.h"

TEST(csv_rows_match_the_stream_writers)
{
	const char *fields[] = {"plain", "a,b", "say \"hi\"", " lead", "", "two\nlines"};
	const double numbers[] = {4.6, -0.5, 1e300, 0.1 + 0.2, NAN, 123456789, 3};
	struct csv_rows rows = CSV_ROWS_INIT;
	char *streamed = NULL, *built = NULL;
	size_t streamed_len = 0, built_len = 0;
	FILE *a = open_memstream(&streamed, &streamed_len), *b = open_memstream(&built, &built_len);

	/* enough rows to grow the buffer several times */
	for (int r = 0; r < 500; r++) {
		for (size_t j = 0; j < sizeof fields / sizeof *fields; j++) {
			csv_write_field(a, fields[j]);
			fputc(',', a);
			csv_rows_field(&rows, fields[j]);
			csv_rows_char(&rows, ',');
		}
		csv_write_numbers(a, numbers, sizeof numbers / sizeof *numbers);
		for (size_t j = 0; j < sizeof numbers / sizeof *numbers; j++) {
			if (j)
				csv_rows_char(&rows, ',');
			csv_rows_number(&rows, numbers[j]);
		}
		csv_rows_char(&rows, '\n');
		if (r % 100 == 99)
			CHECK_INT(csv_rows_write(b, &rows), 0);
	}
	CHECK_INT(csv_rows_write(b, &rows), 0);
	csv_rows_free(&rows);
	fclose(a);
	fclose(b);
	CHECK_INT(built_len, streamed_len);
	CHECK(memcmp(built, streamed, streamed_len) == 0);
	CHECK(strstr(built, "\"say \"\"hi\"\"\",\" lead\",,\"two\nlines\",4.6,-0.5,") != NULL);
	CHECK(strstr(built, ",0.30000000000000004,,123456789,3\n") != NULL);
	free(streamed);
	free(built);
}

/* The digits of csv_format_number's short form, rebuilt with printf: the smallest d <= 9 for which
 * m = round(v 10^d) (|m| < 2^53) gives back v as m / 10^d is written as m with d decimals;
 * other values as %.17g. */
static void reference_number(double v, char *out, size_t size)
{
	double scale = 1;

	if (!isfinite(v)) {
		out[0] = '\0';
		return;
	}
	for (int d = 0; d <= 9; d++, scale *= 10) {
		double m = round(v * scale);
		if (fabs(m) < 9007199254740992.0 && m / scale == v) {
			char digits[40];
			int len = snprintf(digits, sizeof digits, "%0*llu", d + 1, (unsigned long long)fabs(m));
			snprintf(out, size, "%s%.*s%s%s", m < 0 ? "-" : "", len - d, digits, d ? "." : "", digits + len - d);
			return;
		}
	}
	snprintf(out, size, "%.17g", v);
}

static void check_number(double v, int *bad)
{
	char got[CSV_NUMBER_MAX], want[64];
	size_t len = csv_format_number(got, v);

	reference_number(v, want, sizeof want);
	if (len != strlen(want) || strcmp(got, want) != 0 || (isfinite(v) && strtod(got, NULL) != v)) {
		if ((*bad)++ < 5)
			CHECK_STR(got, want);
	}
}

TEST(csv_format_number_writes_what_printf_writes)
{
	static const double edge[] = {0.0, -0.0, 1, -1, 0.5, -0.5, 0.05, -0.05, 4.6, 4.25, 1e-9, 1.5e-9, 1e-10,
				      123456789.123456789, 9007199254740991.0, 9007199254740992.0, 4503599627370495.5,
				      4503599627370496.0, 1e300, -1e300, 5e-324, 2.2250738585072014e-308, 1.0 / 3,
				      0.1 + 0.2, 999999999.999999999, 0.000000001, 0.999999999, 1e15 + 0.3, NAN,
				      INFINITY, -INFINITY};
	unsigned long long r = 88172645463325252ULL;
	int bad = 0;

	for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
		check_number(edge[i], &bad);
	for (int i = 0; i < 300000; i++) {
		double v, p10 = 1;
		int d;
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		memcpy(&v, &r, sizeof v); /* any bit pattern */
		check_number(v, &bad);
		d = (int)(r % 12);
		for (int k = 0; k < d; k++)
			p10 *= 10;
		/* short decimals k / 10^d of up to 15 digits, and whole numbers */
		check_number((double)(long long)((r >> 12) % 1000000000000000ULL) / p10 * (r & 1 ? -1 : 1), &bad);
		check_number((double)(long long)((r >> 20) % 100000) / p10, &bad);
		check_number((double)(r >> 11), &bad);
	}
	CHECK_INT(bad, 0);
}

/* csv_rows_number remembers the numbers it formatted (csv_rows_format): the same characters as
 * csv_format_number whether a value is new, seen before, or has taken another's slot; so does
 * csv_rows_whole for whole numbers of 32 bits. */
TEST(csv_rows_number_writes_what_csv_format_number_writes)
{
	struct csv_rows rows = CSV_ROWS_INIT;
	unsigned long long r = 2463534242ULL;
	int bad = 0;

	for (int i = 0; i < 400000; i++) {
		char want[CSV_NUMBER_MAX];
		size_t len, at;
		double v;
		r ^= r << 13, r ^= r >> 7, r ^= r << 17;
		switch (i % 5) {
		case 0: /* scale scores: few distinct values, seen again and again */
			v = (double)(long long)(r % 36) / (double)(1 + (r >> 8) % 7);
			break;
		case 1: /* whole numbers, signed zeros, missing */
			v = (r >> 8) % 4 == 0 ? -0.0 : (r >> 8) % 4 == 1 ? NAN : (double)(long long)(r % 2000001) - 1000000;
			break;
		case 2: /* more distinct values than the table has slots */
			v = (double)(long long)(r % 100000) / 1000.0 - 50;
			break;
		default: /* any bit pattern */
			memcpy(&v, &r, sizeof v);
		}
		len = csv_format_number(want, v);
		at = rows.len;
		csv_rows_number(&rows, v);
		if (rows.len - at != len || memcmp(rows.s + at, want, len) != 0) {
			if (bad++ < 5)
				CHECK_STR(want, "the same from csv_rows_number");
		}
		if (rows.len > 60000)
			rows.len = 0;
	}
	for (long long v = -2147483648LL; v <= 2147483647LL; v += v < -1000 || v > 1000 ? 65521 : 1) {
		char want[CSV_NUMBER_MAX];
		size_t len = csv_format_number(want, (double)v), at = rows.len;
		csv_rows_whole(&rows, (int32_t)v);
		if (rows.len - at != len || memcmp(rows.s + at, want, len) != 0) {
			if (bad++ < 5)
				CHECK_STR(want, "the same from csv_rows_whole");
		}
		if (rows.len > 60000)
			rows.len = 0;
	}
	csv_rows_whole(&rows, INT32_MAX);
	CHECK(memcmp(rows.s + rows.len - 10, "2147483647", 10) == 0);
	CHECK_INT(bad, 0);
	CHECK(rows.memo != NULL);
	csv_rows_free(&rows);
}
