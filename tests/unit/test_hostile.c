/* Hardening (issue 8): reading from memory, name indexes, first-repeat messages, extreme
 * magnitudes in moments, long numbers, geometric growth, one-line errors, doc bookkeeping. */
#include "test.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/codebook.h"
#include "io/csv_reader.h"
#include "io/doc.h"
#include "io/error.h"
#include "io/grow.h"
#include "io/numparse.h"
#include "io/readstat_reader.h"
#include "models/descriptives.h"

/* Writes `content` to a scratch file, reads it as a codebook and removes the file. */
static int read_codebook_text(const char *content, struct codebook *cb, struct sk_error *err)
{
	char path[] = "/tmp/surveykit-hostile-XXXXXX";
	int fd = mkstemp(path), status;
	FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;

	if (!fp)
		return -1;
	fputs(content, fp);
	fclose(fp);
	status = codebook_read(path, cb, err);
	remove(path);
	return status;
}

TEST(csv_read_buffer_reads_like_a_file)
{
	static const char text[] = "id,a_1,a_2\n1,2,3\n2,,5\n";
	struct csv_read_options o;
	struct frame f, g;
	struct sk_error err;

	csv_read_options_init(&o);
	CHECK_INT(csv_read_buffer("mem.csv", text, sizeof text - 1, &o, &f, &err), 0);
	{
		char path[] = "/tmp/surveykit-hostile-XXXXXX";
		int fd = mkstemp(path);
		FILE *fp = fd >= 0 ? fdopen(fd, "w") : NULL;
		CHECK(fp != NULL);
		if (fp) {
			fputs(text, fp);
			fclose(fp);
		}
		CHECK_INT(csv_read_frame(path, &o, &g, &err), 0);
		remove(path);
	}
	CHECK_INT(f.n_rows, 2);
	CHECK_INT(f.n_cols, g.n_cols);
	CHECK_STR(f.path, "mem.csv");
	CHECK(frame_value(&f, 2, 1) == 5 && isnan(frame_value(&f, 1, 1)));
	CHECK(frame_value(&f, 1, 0) == frame_value(&g, 1, 0));
	frame_free(&f);
	frame_free(&g);
	CHECK_INT(csv_read_buffer("none.csv", NULL, 0, &o, &f, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "'none.csv' is empty");
	CHECK_INT(csv_read_buffer("u16.csv", "\xFF\xFEi\0d\0", 6, &o, &f, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "'u16.csv' is UTF-16 text; save it as CSV in UTF-8");
}

TEST(csv_duplicate_names_name_the_first_repeat)
{
	static const char text[] = "a,b,c,b,a,c\n1,2,3,4,5,6\n";
	struct csv_read_options o;
	struct frame f;
	struct sk_error err;

	csv_read_options_init(&o);
	CHECK_INT(csv_read_buffer("d.csv", text, sizeof text - 1, &o, &f, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "'d.csv' line 1: duplicate column name 'b' (columns 2 and 4)");
}

TEST(csv_line_numbers_with_lone_cr_and_split_crlf)
{
	struct csv_read_options o;
	struct frame f;
	struct sk_error err;
	size_t n = 5 + 30000 * 3 + 5;
	char *buf = malloc(n);

	csv_read_options_init(&o);
	CHECK_INT(csv_read_buffer("cr.csv", "a,b\r1,2\r3\r", 11, &o, &f, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "'cr.csv' line 3: row has 1 fields, the header has 2");
	/* a lone CR inside a quoted field of an LF file is not a line end */
	CHECK_INT(csv_read_buffer("lf.csv", "a,b\n1,\"x\ry\"\n3\n", 16, &o, &f, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "'lf.csv' line 3: row has 1 fields, the header has 2");
	/* CRLF with the CR as the last byte of the first 64 KB block */
	memcpy(buf, "abc\r\n", 5);
	for (size_t i = 0; i < 30000; i++)
		memcpy(buf + 5 + 3 * i, "1\r\n", 3);
	memcpy(buf + n - 5, "1,2\r\n", 5);
	CHECK(buf[65535] == '\r' && buf[65536] == '\n');
	CHECK_INT(csv_read_buffer("split.csv", buf, n, &o, &f, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "'split.csv' line 30002: row has more than the 1 fields of the header");
	free(buf);
	/* lone CRs, and one CRLF whose CR is the last byte of the first block: counted once */
	n = 4 + 32766 * 2 + 1 + 100 * 2 + 4;
	buf = malloc(n);
	memcpy(buf, "abc\r", 4);
	for (size_t i = 0; i < 32766; i++)
		memcpy(buf + 4 + 2 * i, "1\r", 2);
	buf[4 + 32766 * 2] = '\n';
	for (size_t i = 0; i < 100; i++)
		memcpy(buf + 5 + 32766 * 2 + 2 * i, "1\r", 2);
	memcpy(buf + n - 4, "1,2\r", 4);
	CHECK(buf[65535] == '\r' && buf[65536] == '\n');
	CHECK_INT(csv_read_buffer("cr2.csv", buf, n, &o, &f, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "'cr2.csv' line 32868: row has more than the 1 fields of the header");
	free(buf);
}

TEST(csv_limits_name_their_flag)
{
	struct csv_read_options o;
	struct frame f;
	struct sk_error err;

	csv_read_options_init(&o);
	o.max_columns = 2;
	CHECK_INT(csv_read_buffer("c.csv", "a,b,c\n1,2,3\n", 12, &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "more than 2 columns (raise the limit with --max-columns)") != NULL);
	csv_read_options_init(&o);
	o.max_field = 3;
	CHECK_INT(csv_read_buffer("f.csv", "a,b\n1,1234\n", 11, &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "longer than 3 bytes (raise the limit with --max-field)") != NULL);
}

TEST(frame_find_uses_the_name_index_and_survives_new_columns)
{
	struct frame f;
	char name[32];

	frame_init(&f, "wide");
	for (int j = 0; j < 3000; j++) {
		snprintf(name, sizeof name, "v%d", 2999 - j);
		CHECK_INT(frame_add_column(&f, name, COLUMN_NUMERIC), 0);
	}
	CHECK(f.by_name == NULL);
	CHECK_INT(frame_find(&f, "v0"), 2999);
	CHECK_INT(frame_index_names(&f), 0);
	CHECK(f.by_name != NULL);
	CHECK_INT(frame_find(&f, "v0"), 2999);
	CHECK_INT(frame_find(&f, "v2999"), 0);
	CHECK_INT(frame_find(&f, "v1500"), 1499);
	CHECK(frame_find(&f, "v3000") == SIZE_MAX);
	CHECK(frame_find(&f, "") == SIZE_MAX);
	CHECK_INT(frame_add_column(&f, "added", COLUMN_TEXT), 0); /* drops the index */
	CHECK(f.by_name == NULL);
	CHECK_INT(frame_find(&f, "added"), 3000);
	frame_free(&f);
}

TEST(codebook_index_finds_entries_and_names_the_first_repeat)
{
	struct codebook cb;
	struct sk_error err;

	CHECK_INT(read_codebook_text("column,role\nz,numeric\na,id\nm,numeric\n", &cb, &err), 0);
	CHECK(cb.by_column != NULL);
	CHECK(codebook_find(&cb, "a") == &cb.vars[1]);
	CHECK(codebook_find(&cb, "z") == &cb.vars[0]);
	CHECK(codebook_find(&cb, "m") == &cb.vars[2]);
	CHECK(codebook_find(&cb, "b") == NULL);
	codebook_free(&cb);
	CHECK_INT(read_codebook_text("column\na\nb\nc\nb\na\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 5: column 'b' is listed twice (lines 3 and 5)") != NULL);
	/* a bad row after the first repeat: the repeat comes first in the file */
	CHECK_INT(read_codebook_text("column,role\na,id\na,id\nb,weird\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 3: column 'a' is listed twice (lines 2 and 3)") != NULL);
	/* a bad row before it */
	CHECK_INT(read_codebook_text("column,role\nb,weird\na,id\na,id\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 2: unknown role 'weird'") != NULL);
	CHECK_INT(read_codebook_text("column,scale\nx_1,t\nq_1,s\nq_2,s\ny_1,u\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 2: scale 't' has only one item ('x_1')") != NULL);
}

TEST(codebook_refuses_a_reversal_that_overflows)
{
	struct codebook cb;
	struct sk_error err;

	CHECK_INT(read_codebook_text("column,scale,reverse,min,max\na,s,yes,-1e308,1.5e308\nb,s,no,,\n", &cb, &err), 0);
	codebook_free(&cb);
	CHECK_INT(read_codebook_text("column,scale,reverse,min,max\na,s,yes,1e308,1.5e308\nb,s,no,,\n", &cb, &err),
		  SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "'a' is reversed but min + max (1e+308 + 1.5e+308) is too large to reverse with") != NULL);
}

/* Values checked against R: sd(c(1e300, 2)) overflows in R (Inf); the exact value is 1e300/sqrt(2). */
TEST(moments_survive_extreme_magnitudes)
{
	struct moments m;
	const double huge[] = {1e300, 2};
	const double sum_overflows[] = {1e308, 1e308, 1.7e308};
	const double subnormal[] = {0, 2e-320, 4e-320};
	const double spread[] = {-1e70, 0, 1e70, 2e70};

	moments_compute(huge, 1, 2, &m);
	CHECK_CLOSE(m.mean, 5e299, 1e-15);
	CHECK_CLOSE(m.sd, 1e300 / sqrt(2), 1e-15);
	moments_compute(sum_overflows, 1, 3, &m);
	CHECK_CLOSE(m.mean, 1.2333333333333333e308, 1e-15);
	CHECK_CLOSE(m.sd, 4.0414518843273795e307, 1e-14);
	CHECK(isfinite(m.skewness));
	moments_compute(subnormal, 1, 3, &m);
	CHECK(m.sd > 0);
	CHECK_CLOSE(m.sd, 2e-320, 1e-4); /* subnormals carry few digits */
	CHECK_NEAR(m.skewness, 0, 1e-12);
	/* a spread of 1e70: d^4 would overflow; scale-free statistics as for {-1, 0, 1, 2} */
	moments_compute(spread, 1, 4, &m);
	CHECK_CLOSE(m.sd, 1.2909944487358056e70, 1e-14);
	CHECK_NEAR(m.skewness, 0, 1e-12);
	CHECK_CLOSE(m.kurtosis, -1.2, 1e-12);
}

TEST(numparse_long_numbers_and_ranges)
{
	char buf[400];
	double v;

	memset(buf, '0', sizeof buf);
	buf[0] = '1';
	CHECK(num_parse(buf, 301, 0, &v) == NUM_OK && v == 1e300);
	CHECK(num_parse(buf, 310, 0, &v) == NUM_RANGE);
	buf[0] = '0';
	buf[1] = '.';
	buf[301] = '5'; /* "0." then 299 zeros and a 5 */
	CHECK(num_parse(buf, 302, 0, &v) == NUM_OK);
	CHECK_CLOSE(v, 5e-300, 1e-15);
	CHECK(num_parse("1e400", 5, 0, &v) == NUM_RANGE);
	CHECK(num_parse("-1e400", 6, 0, &v) == NUM_RANGE);
	CHECK(num_parse("nan", 3, 0, &v) == NUM_INVALID);
	CHECK(num_parse("-inf", 4, 0, &v) == NUM_INVALID);
	CHECK(num_parse("-", 1, 0, &v) == NUM_INVALID);
	CHECK(num_parse("1\0", 2, 0, &v) == NUM_INVALID);
}

TEST(grow_for_doubles_at_powers_of_two)
{
	int *a = NULL;

	for (size_t n = 0; n < 1000; n++) {
		int *b = grow_for(a, n, sizeof *a);
		CHECK(b != NULL);
		a = b;
		a[n] = (int)n;
	}
	CHECK_INT(a[999], 999);
	CHECK(grow_for(a, (size_t)1 << 62, 16) == NULL); /* too large: refused, `a` still owned */
	free(a);
}

TEST(error_messages_are_one_line)
{
	struct sk_error err;

	sk_fail(&err, SK_EXIT_INPUT, "column '%s' is bad", "a\nb\r\x1b[0m\x7f");
	CHECK_STR(err.msg, "column 'a?b??[0m?' is bad");
	sk_error_prefix(&err, "'%s': ", "x\ty");
	CHECK_STR(err.msg, "'x?y': column 'a?b??[0m?' is bad");
}

TEST(doc_notes_are_said_once_in_valid_utf8)
{
	json_t *doc = doc_new("t", "f.csv", 1, 1);

	for (int i = 0; i < 50; i++)
		doc_note(doc, "note %d", i % 25);
	doc_note(doc, "bad byte \xff");
	doc_note(doc, "bad byte \xff");
	CHECK_INT(json_array_size(json_object_get(doc, "notes")), 26);
	CHECK_STR(json_string_value(json_array_get(json_object_get(doc, "notes"), 25)), "bad byte \xEF\xBF\xBD");
	json_decref(doc);
	/* thousands of distinct lines (one per variable): a repeat of an early or a recent one is
	 * still said once */
	doc = doc_new("t", "f.csv", 1, 1);
	for (int i = 0; i < 20000; i++)
		doc_note(doc, "'v%d': no valid value", i);
	doc_note(doc, "'v3': no valid value");
	doc_note(doc, "'v19990': no valid value");
	CHECK_INT(json_array_size(json_object_get(doc, "notes")), 20000);
	json_decref(doc);
}

/* Found by the describe fuzz target: in an old Stata file (format 105) a variable's value-label
 * set name fills its 9-byte field, and ReadStat passes the field without a terminating NUL; the
 * reader's strdup read past the end of ReadStat's buffer (heap-buffer-overflow under ASan). */
TEST(statfile_stata_label_set_name_is_bounded)
{
	struct statfile_options o;
	struct frame f;
	struct sk_error err;
	FILE *fp = fopen(fixture("hostile/fuzz-stata-label-name.dta"), "rb");
	unsigned char buf[4096];
	size_t n = fp ? fread(buf, 1, sizeof buf, fp) : 0;

	if (fp)
		fclose(fp);
	CHECK(n > 0);
	statfile_options_init(&o);
	CHECK_INT(statfile_read_buffer(buf, n, INPUT_DTA, "old.dta", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strncmp(err.msg, "cannot read 'old.dta' (Stata file): ", 36) == 0);
}

/* Found by the statfile fuzz target: ReadStat reads 0 bytes into a NULL buffer from an old Stata
 * file; the memory reader passed NULL to memcpy (undefined behaviour). */
TEST(statfile_buffer_reader_takes_an_empty_read)
{
	struct statfile_options o;
	struct frame f;
	struct sk_error err;
	FILE *fp = fopen(fixture("hostile/fuzz-stata-empty-read.dta"), "rb");
	unsigned char buf[8192];
	size_t n = fp ? fread(buf, 1, sizeof buf, fp) : 0;

	if (fp)
		fclose(fp);
	CHECK(n > 0);
	statfile_options_init(&o);
	CHECK_INT(statfile_read_buffer(buf, n, INPUT_DTA, "fuzz.dta", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strncmp(err.msg, "cannot read 'fuzz.dta' (Stata file): ", 37) == 0);
}

/* The payload fixture that report and waves draw in tests/cli/cases/hostile.sh: its names and
 * labels reach the charts byte for byte (so the test there feeds gnuplot what it means to). */
TEST(codebook_payloads_are_read_as_written)
{
	struct codebook cb;
	struct sk_error err;
	const struct var_meta *m;

	CHECK_INT(codebook_read(fixture("hostile/payload.codebook.csv"), &cb, &err), 0);
	m = codebook_find(&cb, "scenario");
	CHECK(m != NULL && m->n_labels == 3);
	if (m && m->n_labels == 3) {
		CHECK_STR(var_meta_value_label(m, 1), "`touch ${PWNED_DIR:-.}/PWNED_a`");
		CHECK_STR(var_meta_value_label(m, 2), "system(\"touch ${PWNED_DIR:-.}/PWNED_b\")");
		CHECK_STR(var_meta_value_label(m, 3), "Fix + 10% refund");
		CHECK_STR(m->label, "<b>Scenario</b> ''`touch ${PWNED_DIR:-.}/PWNED_e`''");
	}
	m = codebook_find(&cb, "inv_1");
	CHECK(m != NULL);
	if (m) {
		CHECK_STR(m->scale, "inv `touch ${PWNED_DIR:-.}/PWNED_g`");
		CHECK_STR(var_meta_value_label(m, 1), "'.system('touch ${PWNED_DIR:-.}/PWNED_c').'");
		CHECK_STR(var_meta_value_label(m, 7), "\".system(\"touch ${PWNED_DIR:-.}/PWNED_d\").\"");
		CHECK_STR(m->label, "@mac %n%s");
	}
	m = codebook_find(&cb, "neg_1");
	CHECK(m != NULL && strcmp(m->scale, "neg @mac %n%s {x}^2_y \\") == 0);
	m = codebook_find(&cb, "tru_1");
	CHECK(m != NULL && strcmp(m->scale, "tru '.system('touch ${PWNED_DIR:-.}/PWNED_h').'") == 0);
	codebook_free(&cb);
}
