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
