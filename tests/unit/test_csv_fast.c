/* io/csv_fast: quote-free lines split as libcsv splits them, and the CSV reader giving the same
 * frame and messages with and without it (tests/frame_compare.h). The fuzz target
 * tests/fuzz/csv_fast.c compares both on any input. */
#include "test.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/codebook.h"
#include "io/csv_fast.h"
#include "io/csv_reader.h"
#include "tests/frame_compare.h"

/* Splits the first line of text (which must hold a line feed); the fields joined by '|' into
 * out, with the bytes used in *used. */
static enum csv_fast_line split(const char *text, size_t len, unsigned char delim, size_t max_len,
				size_t max_cells, char *out, size_t *used)
{
	struct csv_fast fs;
	struct csv_cell cells[8];
	const char *next = NULL;
	size_t n = 0, k = 0;
	enum csv_fast_line kind;

	CHECK_INT(csv_fast_init(&fs, delim, max_len), 0);
	CHECK(memchr(text, '\n', len) != NULL);
	kind = csv_fast_line(&fs, text, cells, max_cells < 8 ? max_cells : 8, &n, &next);
	out[0] = '\0';
	for (size_t i = 0; kind == CSV_FAST_ROW && i < n; i++) {
		if (i)
			out[k++] = '|';
		for (size_t b = 0; b < cells[i].len; b++)
			out[k++] = cells[i].s[b] ? cells[i].s[b] : '0'; /* a NUL shown as '0' */
		out[k] = '\0';
	}
	*used = next ? (size_t)(next - text) : 0;
	return kind;
}

#define SPLIT(text, delim, kind, want, want_used)                                                           \
	do {                                                                                                \
		char got[256];                                                                              \
		size_t used;                                                                                \
		CHECK_INT(split(text, sizeof text - 1, delim, SIZE_MAX, 8, got, &used), kind);              \
		CHECK_STR(got, want);                                                                       \
		if (kind != CSV_FAST_STOP)                                                                  \
			CHECK_INT(used, want_used);                                                         \
	} while (0)

TEST(csv_fast_splits_like_libcsv)
{
	/* spaces and tabs around a field dropped, inside kept */
	SPLIT(" 1 ,\t2\t, a b \n", ',', CSV_FAST_ROW, "1|2|a b", 14);
	/* a tab delimiter is no blank; spaces still are */
	SPLIT("1\t\t 2 \n", '\t', CSV_FAST_ROW, "1||2", 7);
	/* a space delimiter is no blank; tabs still are */
	SPLIT("\t1  2\t\n", ' ', CSV_FAST_ROW, "1||2", 7);
	/* a delimiter at the end of a line makes one more, empty field */
	SPLIT("1,2,\n", ',', CSV_FAST_ROW, "1|2|", 5);
	SPLIT(",\n", ',', CSV_FAST_ROW, "|", 2);
	/* CRLF ends a line as LF does */
	SPLIT("1,2\r\n3\n", ',', CSV_FAST_ROW, "1|2", 5);
	/* empty lines and lines of blanks are no record (libcsv skips them), CRLF too */
	SPLIT("\n1\n", ',', CSV_FAST_BLANK, "", 1);
	SPLIT(" \t \r\n1\n", ',', CSV_FAST_BLANK, "", 5);
	/* a NUL is part of a field */
	SPLIT("1,\0,x\0y\n", ',', CSV_FAST_ROW, "1|0|x0y", 8);
	/* the semicolon files of a decimal-comma locale */
	SPLIT("4,5;NA; 3 \n", ';', CSV_FAST_ROW, "4,5|NA|3", 11);
	/* left to libcsv: a quote anywhere in the line, a CR that does not end it */
	SPLIT("1,\"2\"\n", ',', CSV_FAST_STOP, "", 0);
	SPLIT("1,2 \"\n", ',', CSV_FAST_STOP, "", 0);
	SPLIT("1\r2\n", ',', CSV_FAST_STOP, "", 0);
	SPLIT("1,2\r\r\n", ',', CSV_FAST_STOP, "", 0);
}

TEST(csv_fast_limits_and_delimiters)
{
	struct csv_fast fs;
	char got[256];
	size_t used;

	/* more fields than asked for, or a field longer than the limit: libcsv's messages */
	CHECK_INT(split("1,2,3\n", 6, ',', SIZE_MAX, 2, got, &used), CSV_FAST_STOP);
	CHECK_INT(split("1,2\n", 4, ',', SIZE_MAX, 2, got, &used), CSV_FAST_ROW);
	CHECK_INT(split("12,123\n", 7, ',', 2, 8, got, &used), CSV_FAST_STOP);
	CHECK_INT(split("12, 12 ,1\n", 10, ',', 2, 8, got, &used), CSV_FAST_ROW);
	CHECK_STR(got, "12|12|1");
	/* delimiters that would change what a line is */
	CHECK_INT(csv_fast_init(&fs, '"', 10), -1);
	CHECK_INT(csv_fast_init(&fs, '\n', 10), -1);
	CHECK_INT(csv_fast_init(&fs, '\r', 10), -1);
	CHECK_INT(csv_fast_init(&fs, '|', 10), 0);
	/* where the complete lines of a block end */
	{
		const char *b = "a\nb\nc";
		CHECK(csv_fast_last_line_end(b, 5) == b + 4);
		CHECK(csv_fast_last_line_end(b, 1) == b);
		CHECK(csv_fast_last_line_end(b, 2) == b + 2);
	}
}

/* Reads text with libcsv alone and with the direct split, in `threads` parts (as small as a byte),
 * and checks both agree; returns the status, the frame of the direct read in *f on success. */
static int read_both(const char *text, size_t len, size_t threads, const struct csv_read_options *base,
		     struct frame *f, struct sk_error *err)
{
	struct csv_read_options o = *base;
	struct frame ref;
	struct sk_error e1 = {0};
	const char *diff;
	int s1, s2;

	o.min_part = 1;
	o.threads = threads;
	o.libcsv_only = 1;
	s1 = csv_read_buffer("fast.csv", text, len, &o, &ref, &e1);
	o.libcsv_only = 0;
	s2 = csv_read_buffer("fast.csv", text, len, &o, f, err);
	diff = frame_compare(s1, &ref, &e1, s2, f, err);
	if (diff)
		fprintf(stderr, "direct split differs in %s (threads %zu): %s / %s\n", diff, threads, e1.msg, err->msg);
	CHECK(diff == NULL);
	if (s1 == 0)
		frame_free(&ref);
	return s2;
}

/* Both reads of text fail with `want` as the message (after the file name), in 1 and 3 parts. */
static void check_error(const char *text, const struct csv_read_options *o, const char *want)
{
	struct frame f;
	struct sk_error err = {0};
	char full[512];

	snprintf(full, sizeof full, "'fast.csv' %s", want);
	for (size_t t = 1; t <= 3; t += 2) {
		if (read_both(text, strlen(text), t, o, &f, &err) == 0) {
			frame_free(&f);
			CHECK(!"read succeeded");
			continue;
		}
		CHECK_STR(err.msg, full);
	}
}

TEST(csv_fast_reader_edge_cases)
{
	struct csv_read_options o;
	struct frame f;
	struct sk_error err = {0};
	/* blank lines, CRLF, blanks around cells, a trailing delimiter's empty last column, a NUL in
	 * a text cell, quoted lines among plain ones, two-digit and long numbers, decimals */
	static const char text[] = "id,q1,q2,note,last\r\n"
				   "1,2,3,a b,\r\n"
				   "\r\n"
				   " 2 ,\t4\t, 12 ,\"quoted, \"\"x\"\"\",\r\n"
				   "   \n"
				   "3,,7,x\0y,\n"
				   "4,5,1234567890,NA,9\n"
				   "5,6,2.5,\"two\nlines\",\n"
				   "6,7,-3,z,\n";

	csv_read_options_init(&o);
	for (size_t t = 1; t <= 4; t++) {
		CHECK_INT(read_both(text, sizeof text - 1, t, &o, &f, &err), 0);
		CHECK_INT(f.n_rows, 6);
		CHECK_INT(f.line[2], 6);
		CHECK_INT(f.line[5], 10);
		CHECK(frame_value(&f, 1, 1) == 4);
		CHECK(frame_value(&f, 2, 1) == 12);
		CHECK(frame_value(&f, 2, 3) == 1234567890);
		CHECK_STR(frame_text(&f, 3, 0), "a b");
		CHECK_STR(frame_text(&f, 3, 1), "quoted, \"x\"");
		CHECK(frame_text(&f, 3, 3) == NULL);
		CHECK(isnan(frame_value(&f, 1, 2)));
		CHECK(f.cols[4].n_missing == 5);
		frame_free(&f);
	}
	/* a tab-delimited file, and semicolons with decimal commas */
	{
		static const char tabbed[] = "id\tq\tr\n1\t 2 \t3,5\n2\t\t4\n";
		static const char semi[] = "id;q;r\n1; 2 ;3,5\n2;;4\n";
		for (size_t t = 1; t <= 2; t++) {
			CHECK_INT(read_both(tabbed, sizeof tabbed - 1, t, &o, &f, &err), 0);
			CHECK_INT(f.delimiter, '\t');
			CHECK(frame_value(&f, 1, 0) == 2);
			frame_free(&f);
			CHECK_INT(read_both(semi, sizeof semi - 1, t, &o, &f, &err), 0);
			CHECK(frame_value(&f, 2, 0) == 3.5);
			frame_free(&f);
		}
	}
}

TEST(csv_fast_reader_keeps_libcsv_messages)
{
	struct csv_read_options o;
	struct codebook cb;
	struct sk_error err = {0};
	FILE *fp = fopen("/tmp/surveykit-unit-fast.codebook.csv", "w");

	csv_read_options_init(&o);
	/* a ragged row after blank lines and CRLFs: the line libcsv names */
	check_error("a,b\r\n1,2\r\n1,2\r\n1,2\r\n\r\n\n3\r\n4,5\n", &o, "line 7: row has 1 fields, the header has 2");
	check_error("a,b\n1,2\n1,2\n1,2\n3,4,5\n", &o, "line 5: row has more than the 2 fields of the header");
	/* a lone CR ends a record within a line, as libcsv reads it */
	check_error("a,b\n1,2\n1,2\n1,2\n3\r4,5\n", &o, "line 5: row has 1 fields, the header has 2");
	/* a quote inside an unquoted field; an unterminated quote after blank lines (the line of its
	 * record's first field) */
	check_error("a,b\n1,2\n1,2\n1,2\n3,x\"y\n", &o,
		    "line 5: malformed quoting (a quote inside an unquoted field, or text after a closing quote)");
	check_error("a,b\n1,2\n1,2\n1,2\n\n\n3,\"open\n4,5\n", &o, "line 7: unterminated quoted field (its quote is never closed)");
	/* the limits */
	o.max_field = 3;
	check_error("a,b\n1,22\n1,2\n1,2\n333,4444\n", &o, "line 5: a field is longer than 3 bytes (raise the limit with --max-field)");
	o.max_field = CSV_DEFAULT_MAX_FIELD;
	o.max_rows = 3;
	check_error("a,b\n1,2\n\n3,4\n5,6\n7,8\n", &o, "line 6: more than 3 data rows (raise the limit with --max-rows)");
	o.max_rows = CSV_DEFAULT_MAX_ROWS;
	/* what the codebook says of a cell: text in a numeric column, an answer outside its labels */
	fputs("column,role,scale,min,max,values\nid,id,,,,\nq,numeric,,1,5,\ng,group,,,,1=yes;2=no\n", fp);
	fclose(fp);
	CHECK_INT(codebook_read("/tmp/surveykit-unit-fast.codebook.csv", &cb, &err), 0);
	remove("/tmp/surveykit-unit-fast.codebook.csv");
	o.codebook = &cb;
	check_error("id,q,g\n1,2,yes\n1,2,yes\n1,2,yes\n2,x,no\n", &o, "line 5, column 'q': 'x' is not a number");
	check_error("id,q,g\n1,2,yes\n1,2,yes\n1,2,yes\n2,3,maybe\n", &o,
		    "line 5, column 'g': 'maybe' is not one of its values ('yes', 'no')");
	{
		struct frame f;
		static const char text[] = "id,q,g\n1,1,yes\n1,1,yes\n1,9,yes\n2,0,2\n3,5, no \n";
		CHECK_INT(read_both(text, sizeof text - 1, 2, &o, &f, &err), 0);
		CHECK_INT(f.cols[1].n_out_of_range, 2);
		CHECK_INT(f.cols[1].out_of_range[1].line, 5);
		CHECK(frame_value(&f, 2, 4) == 2);
		frame_free(&f);
	}
	codebook_free(&cb);
}
