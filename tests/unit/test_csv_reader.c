/* io/csv_reader: quoting, delimiters, header rows, line numbers, missing and range handling. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/codebook.h"
#include "io/csv_reader.h"

static int read_file(const char *name, struct frame *f, struct sk_error *err)
{
	struct csv_read_options o;

	csv_read_options_init(&o);
	return csv_read_frame(fixture(name), &o, f, err);
}

static const char *tmp_csv(const char *content)
{
	static char path[] = "/tmp/surveykit-unit-XXXXXX";
	FILE *fp;
	int fd;

	strcpy(path, "/tmp/surveykit-unit-XXXXXX");
	fd = mkstemp(path);
	fp = fdopen(fd, "w");
	fputs(content, fp);
	fclose(fp);
	return path;
}

TEST(csv_quoted_fields_keep_delimiters_quotes_and_newlines)
{
	struct frame f;
	struct sk_error err;
	size_t c;

	CHECK_INT(read_file("formats/quoted.csv", &f, &err), 0);
	c = frame_find(&f, "comment");
	CHECK(c != SIZE_MAX);
	CHECK_INT(f.n_rows, 40);
	CHECK_STR(frame_text(&f, c, 0), "first line\nsecond, line");
	CHECK_STR(frame_text(&f, c, 1), "late, again");
	CHECK_STR(frame_text(&f, c, 2), "he said \"sorry\"");
	/* the row after a quoted line break starts two physical lines later */
	CHECK_INT(f.line[0], 2);
	CHECK_INT(f.line[1], 4);
	frame_free(&f);
}

TEST(csv_semicolon_crlf_bom)
{
	struct frame f;
	struct sk_error err;

	CHECK_INT(read_file("formats/semicolon-crlf-bom.csv", &f, &err), 0);
	CHECK(f.delimiter == ';');
	CHECK_STR(f.cols[0].name, "id"); /* the byte order mark is not part of the name */
	CHECK_INT(f.n_cols, 28);
	CHECK_INT(f.n_rows, 40);
	CHECK_STR(frame_text(&f, 27, 0), "ok"); /* no trailing CR */
	frame_free(&f);
}

TEST(csv_qualtrics_header_rows_are_skipped)
{
	struct frame f;
	struct sk_error err;

	CHECK_INT(read_file("formats/qualtrics.csv", &f, &err), 0);
	CHECK_INT(f.skipped_headers, 2);
	CHECK_INT(f.n_rows, 40);
	CHECK(f.cols[1].kind == COLUMN_NUMERIC);
	CHECK_INT(f.line[0], 4);
	frame_free(&f);
}

TEST(csv_two_data_rows_are_not_mistaken_for_headers)
{
	struct frame f;
	struct sk_error err;
	struct csv_read_options o;

	csv_read_options_init(&o);
	CHECK_INT(csv_read_frame(tmp_csv("a,b\n1,2\n"), &o, &f, &err), 0);
	CHECK_INT(f.n_rows, 1);
	frame_free(&f);
	CHECK_INT(csv_read_frame(tmp_csv("a,b\n1,2\n3,4"), &o, &f, &err), 0); /* no final newline */
	CHECK_INT(f.n_rows, 2);
	CHECK(frame_value(&f, 1, 1) == 4);
	frame_free(&f);
}

TEST(csv_missing_values_and_types)
{
	struct frame f;
	struct sk_error err;
	struct csv_read_options o;
	double codes[] = {-99};

	csv_read_options_init(&o);
	o.missing = codes;
	o.n_missing = 1;
	CHECK_INT(csv_read_frame(tmp_csv("x,y,t\n1,NA,a\n,-99,b\n 2.5 ,300,NA\n-7,1,c\n"), &o, &f, &err), 0);
	CHECK(isnan(frame_value(&f, 0, 1)));
	CHECK(isnan(frame_value(&f, 1, 0)));
	CHECK(isnan(frame_value(&f, 1, 1)));
	CHECK(frame_value(&f, 0, 2) == 2.5);  /* widened to doubles */
	CHECK(frame_value(&f, 0, 3) == -7);
	CHECK(frame_value(&f, 1, 2) == 300); /* beyond one byte */
	CHECK_INT(f.cols[1].n_missing, 2);
	CHECK(f.cols[2].kind == COLUMN_TEXT);
	CHECK(frame_text(&f, 2, 2) == NULL);
	CHECK_STR(frame_text(&f, 2, 3), "c");
	frame_free(&f);
}

TEST(csv_late_text_turns_a_column_to_text)
{
	struct frame f;
	struct sk_error err;
	struct csv_read_options o;

	csv_read_options_init(&o);
	CHECK_INT(csv_read_frame(tmp_csv("id\n1\n2\nR_x7\n"), &o, &f, &err), 0);
	CHECK(f.cols[0].kind == COLUMN_TEXT);
	CHECK_STR(frame_text(&f, 0, 0), "1");
	CHECK_STR(frame_text(&f, 0, 2), "R_x7");
	frame_free(&f);
}

TEST(csv_stray_text_in_a_numeric_column)
{
	const char *data = "a,b\n1,x\n2,3\n-,y\n4,z\n5,-99\n";
	struct frame f;
	struct sk_error err;
	struct csv_read_options o;

	/* as read for convert: any text makes a text column; the stray cells are counted */
	csv_read_options_init(&o);
	CHECK_INT(csv_read_buffer("mem.csv", data, strlen(data), &o, &f, &err), 0);
	CHECK(f.cols[0].kind == COLUMN_TEXT);
	CHECK_INT(f.cols[0].stray.n, 1);
	CHECK_INT(f.cols[0].stray.numbers, 4);
	CHECK_INT(f.cols[0].stray.line[0], 4);
	CHECK(f.cols[1].kind == COLUMN_TEXT);
	CHECK_INT(f.cols[1].stray.n, 3);
	CHECK_INT(f.cols[1].stray.numbers, 2);
	frame_free(&f);
	/* for analysis: more numbers than not keeps the column numeric, the stray cell missing */
	o.mixed_numeric = 1;
	o.missing = (const double[]){-99};
	o.n_missing = 1;
	CHECK_INT(csv_read_buffer("mem.csv", data, strlen(data), &o, &f, &err), 0);
	CHECK(f.cols[0].kind == COLUMN_NUMERIC);
	CHECK(frame_value(&f, 0, 0) == 1 && frame_value(&f, 0, 3) == 4 && frame_value(&f, 0, 4) == 5);
	CHECK(isnan(frame_value(&f, 0, 2)));
	CHECK_INT(frame_why(&f, 0, 2), CELL_NOT_NUMBER);
	CHECK_INT(f.cols[0].n_missing, 1);
	CHECK(f.cols[1].kind == COLUMN_TEXT); /* x, y, z against 3 and -99 */
	CHECK_STR(frame_text(&f, 1, 4), "-99");
	frame_free(&f);
	/* a number too large is an error once the column is numeric, as it is in any numeric column */
	data = "a\nx\n1\n2\n1e400\n";
	CHECK_INT(csv_read_buffer("mem.csv", data, strlen(data), &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 5, column 'a': '1e400' is too large for a number") != NULL);
}

TEST(csv_errors_name_file_line_and_column)
{
	struct frame f;
	struct sk_error err;
	struct csv_read_options o;

	csv_read_options_init(&o);
	CHECK_INT(csv_read_frame(tmp_csv("a,b\n1,2\n3,4,5\n"), &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 3: row has more than the 2 fields of the header") != NULL);
	CHECK_INT(csv_read_frame(tmp_csv("a,b\n1,\"x\"y\n"), &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 2: malformed quoting") != NULL);
	CHECK_INT(csv_read_frame(tmp_csv("a,b\n1,1e400\n"), &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 2, column 'b': '1e400' is too large for a number") != NULL);
	o.max_columns = 2;
	CHECK_INT(csv_read_frame(tmp_csv("a,b,c\n1,2,3\n"), &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "more than 2 columns") != NULL);
	csv_read_options_init(&o);
	o.max_rows = 1;
	CHECK_INT(csv_read_frame(tmp_csv("a\n1\n2\n3\n"), &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "more than 1 data rows") != NULL);
}

TEST(csv_codebook_ranges_and_codes)
{
	struct frame f;
	struct codebook cb;
	struct sk_error err;
	struct csv_read_options o;

	CHECK_INT(codebook_read(fixture("bad/range.codebook.csv"), &cb, &err), 0);
	csv_read_options_init(&o);
	o.codebook = &cb;
	CHECK_INT(csv_read_frame(fixture("bad/out-of-range.csv"), &o, &f, &err), 0);
	CHECK_INT(f.cols[1].n_out_of_range, 1);
	CHECK_INT(f.cols[1].out_of_range[0].line, 3);
	CHECK(f.cols[1].out_of_range[0].value == 9);
	CHECK(isnan(frame_value(&f, 1, 3))); /* -99 is a missing code, not out of range */
	/* each cell remembers why it is missing, for the count of rows an analysis leaves out */
	CHECK_INT(frame_why(&f, 1, 1), CELL_OUT_OF_RANGE); /* line 3 is row 1 */
	CHECK_INT(frame_why(&f, 1, 3), CELL_MISSING);
	CHECK_INT(frame_why(&f, 1, 0), CELL_MISSING);
	CHECK_INT(f.cols[2].n_out_of_range, 1);
	CHECK(f.cols[2].meta.reverse == 1);
	frame_free(&f);
	codebook_free(&cb);
}

TEST(codebook_parses_every_field)
{
	struct codebook cb;
	struct sk_error err;
	const struct var_meta *m;

	CHECK_INT(codebook_read("data/wave-between.codebook.csv", &cb, &err), 0);
	m = codebook_find(&cb, "scenario");
	CHECK(m && m->role == ROLE_GROUP && m->n_labels == 3);
	CHECK_STR(var_meta_value_label(m, 2), "Fix + apology");
	m = codebook_find(&cb, "sat_2");
	CHECK(m && m->role == ROLE_ITEM && m->reverse && m->min == 1 && m->max == 7);
	CHECK_STR(m->scale, "satisfaction");
	CHECK(codebook_find(&cb, "nope") == NULL);
	codebook_free(&cb);
}

TEST(codebook_round_trips_through_its_writer)
{
	struct codebook a, b;
	struct sk_error err;
	char path[] = "/tmp/surveykit-cb-XXXXXX";
	int fd = mkstemp(path);
	FILE *fp = fdopen(fd, "w");

	CHECK_INT(codebook_read("data/wave-between.codebook.csv", &a, &err), 0);
	CHECK_INT(codebook_write(&a, fp), 0);
	fclose(fp);
	CHECK_INT(codebook_read(path, &b, &err), 0);
	CHECK_INT(b.n, a.n);
	for (size_t i = 0; i < a.n && i < b.n; i++) {
		CHECK_STR(b.vars[i].column, a.vars[i].column);
		CHECK(b.vars[i].role == a.vars[i].role && b.vars[i].reverse == a.vars[i].reverse);
		CHECK_INT(b.vars[i].n_labels, a.vars[i].n_labels);
	}
	codebook_free(&a);
	codebook_free(&b);
	remove(path);
}

TEST(codebook_rejects_bad_entries)
{
	struct codebook cb;
	struct sk_error err;

	CHECK_INT(codebook_read(tmp_csv("column,role\nx,weird\n"), &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 2: unknown role 'weird'") != NULL);
	CHECK_INT(codebook_read(tmp_csv("column,rol\nx,id\n"), &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "unknown column 'rol'") != NULL);
	CHECK_INT(codebook_read(tmp_csv("column,reverse,min,max,scale\na,yes,,,s\nb,no,,,s\n"), &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "'a' is reversed but has no min and max") != NULL);
	CHECK_INT(codebook_read(tmp_csv("column,values\ng,1=a;two\n"), &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "value label 'two' of 'g' is not of the form VALUE=LABEL") != NULL);
	CHECK_INT(codebook_read(tmp_csv("column,missing\ng,-99;x\n"), &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "missing code 'x' of 'g' is not a number") != NULL);
	CHECK_INT(codebook_read(tmp_csv("column,role,scale\ng,group,s\n"), &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "only items belong to scales") != NULL);
}
