/* io/sav_writer: a frame written as .sav/.zsav/.por and read back by io/readstat_reader keeps
 * every value (bit for bit), label, missing code and codebook field; names SPSS cannot take and
 * write errors are refused with the documented exit codes. PSPP's view of a written file is
 * checked in tests/cli/cases/convert.sh. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/readstat_reader.h"
#include "io/sav_writer.h"

/* Writes `f` into memory and reads it back (raw or not). */
static int round_trip(const struct frame *f, enum sav_kind kind, int raw, struct frame *back, struct sk_error *err)
{
	static const enum input_format fmts[] = {INPUT_SAV, INPUT_ZSAV, INPUT_POR};
	struct statfile_options o;
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);
	int rc;

	if (!mem)
		return -1;
	rc = sav_write(f, kind, mem, "mem.sav", NULL, err);
	if (fclose(mem) != 0 && rc == 0)
		rc = -1;
	if (rc == 0) {
		enum input_format fmt = INPUT_CSV;
		CHECK_INT(statfile_sniff((unsigned char *)buf, size, &fmt), 1);
		CHECK_INT(fmt, fmts[kind]);
		statfile_options_init(&o);
		o.raw = raw;
		rc = statfile_read_buffer(buf, size, fmts[kind], "mem.sav", &o, back, err);
	} else {
		frame_init(back, NULL);
	}
	free(buf);
	return rc;
}

static int read_fixture(const char *name, int raw, struct frame *f, struct sk_error *err)
{
	struct statfile_options o;

	statfile_options_init(&o);
	o.raw = raw;
	return statfile_read_path(fixture(name), INPUT_SAV, &o, f, err);
}

static void check_same_frame(const struct frame *a, const struct frame *b)
{
	CHECK_INT(b->n_rows, a->n_rows);
	CHECK_INT(b->n_cols, a->n_cols);
	for (size_t j = 0; j < a->n_cols && j < b->n_cols; j++) {
		const struct var_meta *x = &a->cols[j].meta, *y = &b->cols[j].meta;
		CHECK_STR(b->cols[j].name, a->cols[j].name);
		CHECK_INT(b->cols[j].kind, a->cols[j].kind);
		for (size_t i = 0; i < a->n_rows && i < b->n_rows; i++) {
			if (a->cols[j].kind == COLUMN_TEXT) {
				const char *s = frame_text(a, j, i), *t = frame_text(b, j, i);
				CHECK((!s && !t) || (s && t && strcmp(s, t) == 0));
			} else {
				double u = frame_value(a, j, i), v = frame_value(b, j, i);
				CHECK((isnan(u) && isnan(v)) || memcmp(&u, &v, sizeof u) == 0);
			}
		}
		CHECK((!x->label && !y->label) || (x->label && y->label && strcmp(x->label, y->label) == 0));
		CHECK_INT(y->n_labels, x->n_labels);
		for (size_t i = 0; i < x->n_labels && i < y->n_labels; i++) {
			CHECK_CLOSE(y->labels[i].value, x->labels[i].value, 0);
			CHECK_STR(y->labels[i].label, x->labels[i].label);
		}
		CHECK_INT(y->n_missing, x->n_missing);
		for (size_t i = 0; i < x->n_missing && i < y->n_missing; i++)
			CHECK_CLOSE(y->missing[i], x->missing[i], 0);
		CHECK_CLOSE(y->missing_low, x->missing_low, 0);
		CHECK_CLOSE(y->missing_high, x->missing_high, 0);
		CHECK_INT(y->role, x->role);
		CHECK((!x->scale && !y->scale) || (x->scale && y->scale && strcmp(x->scale, y->scale) == 0));
		CHECK_INT(y->reverse, x->reverse);
		CHECK_CLOSE(y->min, x->min, 0);
		CHECK_CLOSE(y->max, x->max, 0);
	}
}

static void make_item(struct frame *f, const char *name, enum column_role role, const char *scale, int reverse,
		      double min, double max)
{
	struct var_meta *m = &f->cols[frame_find(f, name)].meta;

	m->role = role;
	m->scale = scale ? strdup(scale) : NULL;
	m->reverse = reverse;
	m->min = min;
	m->max = max;
}

TEST(sav_write_round_trip_keeps_everything)
{
	static const enum sav_kind kinds[] = {SAV_BYTECODE, SAV_ZLIB};
	struct sk_error err;
	struct frame f, back;

	CHECK_INT(read_fixture("sav/labels.sav", 1, &f, &err), 0);
	make_item(&f, "scenario", ROLE_GROUP, NULL, 0, NAN, NAN);
	make_item(&f, "sat_1", ROLE_ITEM, "satisfaction", 1, 1, 7);
	make_item(&f, "sat_2", ROLE_ITEM, "satisfaction", 0, 1, 7);
	make_item(&f, "id", ROLE_ID, NULL, 0, NAN, NAN);
	make_item(&f, "score", ROLE_NUMERIC, NULL, 0, -0.5, 2e6);
	for (size_t k = 0; k < 2; k++) {
		CHECK_INT(round_trip(&f, kinds[k], 1, &back, &err), 0);
		check_same_frame(&f, &back);
		CHECK_INT(back.cols[frame_find(&back, "scenario")].meta.measure, MEASURE_NOMINAL);
		CHECK_INT(back.cols[frame_find(&back, "sat_1")].meta.measure, MEASURE_ORDINAL);
		CHECK_INT(back.cols[frame_find(&back, "score")].meta.measure, MEASURE_SCALE);
		frame_free(&back);
	}
	/* read normally, the codes and the range from the document are applied */
	CHECK_INT(round_trip(&f, SAV_BYTECODE, 0, &back, &err), 0);
	CHECK(isnan(frame_value(&back, frame_find(&back, "sat_1"), 1)));  /* -99 */
	CHECK(isnan(frame_value(&back, frame_find(&back, "sat_2"), 2)));  /* 98: user-missing range */
	CHECK_CLOSE(frame_value(&back, frame_find(&back, "sat_1"), 2), 7, 0);
	frame_free(&back);
	frame_free(&f);
}

TEST(sav_write_document_range_filters_values)
{
	struct sk_error err;
	struct frame f, back;
	size_t s1;

	CHECK_INT(read_fixture("sav/labels.sav", 1, &f, &err), 0);
	make_item(&f, "sat_1", ROLE_ITEM, "satisfaction", 0, 1, 5); /* 7 is out of range */
	CHECK_INT(round_trip(&f, SAV_BYTECODE, 0, &back, &err), 0);
	s1 = frame_find(&back, "sat_1");
	CHECK(isnan(frame_value(&back, s1, 2)));
	CHECK_INT(back.cols[s1].n_out_of_range, 1);
	CHECK_CLOSE(frame_value(&back, s1, 0), 5, 0);
	frame_free(&back);
	frame_free(&f);
}

TEST(sav_write_open_ranges_and_pspp_file)
{
	struct sk_error err;
	struct frame f, back;

	CHECK_INT(read_fixture("sav/pspp.sav", 1, &f, &err), 0);
	CHECK_INT(round_trip(&f, SAV_BYTECODE, 1, &back, &err), 0);
	check_same_frame(&f, &back);
	CHECK(isinf(back.cols[frame_find(&back, "sat_1")].meta.missing_low));
	CHECK(isinf(back.cols[frame_find(&back, "sat_2")].meta.missing_high));
	frame_free(&back);
	frame_free(&f);
}

static void small_frame(struct frame *f, const char *a, const char *b)
{
	frame_init(f, "t.csv");
	CHECK_INT(frame_add_column(f, a, COLUMN_NUMERIC), 0);
	CHECK_INT(frame_add_column(f, b, COLUMN_TEXT), 0);
	for (size_t i = 0; i < 3; i++) {
		size_t r = frame_add_row(f, i + 2);
		CHECK_INT(frame_set_number(f, 0, r, (double)i / 3), 0);
		CHECK_INT(frame_set_text(f, 1, r, "ab", i), 0);
	}
}

TEST(sav_write_portable_file)
{
	struct sk_error err;
	struct frame f, back;

	small_frame(&f, "score", "NAME");
	CHECK_INT(round_trip(&f, SAV_PORTABLE, 1, &back, &err), 0);
	CHECK_INT(back.n_rows, 3);
	CHECK_STR(back.cols[0].name, "SCORE"); /* upper case in a portable file */
	/* a portable file stores numbers in base 30 with limited precision */
	CHECK_CLOSE(frame_value(&back, 0, 1), 1.0 / 3, 1e-12);
	CHECK(frame_text(&back, 1, 0) == NULL);
	CHECK_STR(frame_text(&back, 1, 2), "ab");
	frame_free(&back);
	frame_free(&f);
	small_frame(&f, "satisfaction", "t");
	CHECK_INT(round_trip(&f, SAV_PORTABLE, 1, &back, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "column 'satisfaction' is not a valid SPSS name: an SPSS name has at most 64 bytes (8 in a portable file)") != NULL);
	frame_free(&back);
	frame_free(&f);
}

TEST(sav_write_refuses_names_spss_cannot_take)
{
	static const char *bad[] = {"1st", "my var", "BY", "a_very_long_name_that_goes_on_and_on_past_the_sixty_four_bytes_spss_allows"};
	struct sk_error err;
	struct frame f, back;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		char want[256];
		small_frame(&f, "ok", bad[i]);
		CHECK_INT(round_trip(&f, SAV_BYTECODE, 1, &back, &err), SK_EXIT_INPUT);
		snprintf(want, sizeof want, "cannot write 'mem.sav': column '%s' is not a valid SPSS name", bad[i]);
		CHECK(strncmp(err.msg, want, strlen(want)) == 0);
		frame_free(&f);
		frame_free(&back);
	}
	small_frame(&f, "Sat_1", "sat_1");
	CHECK_INT(round_trip(&f, SAV_BYTECODE, 1, &back, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "cannot write 'mem.sav': columns 'Sat_1' and 'sat_1' would have the same SPSS name");
	frame_free(&f);
	frame_free(&back);
}

TEST(sav_write_refuses_what_spss_cannot_hold)
{
	double codes[] = {-99, -98, -97, -96};
	struct sk_error err;
	struct frame f, back;
	char *big;

	small_frame(&f, "x", "t");
	f.cols[0].meta.missing = malloc(sizeof codes);
	memcpy(f.cols[0].meta.missing, codes, sizeof codes);
	f.cols[0].meta.n_missing = 4;
	CHECK_INT(round_trip(&f, SAV_BYTECODE, 1, &back, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "cannot write 'mem.sav': column 'x' has 4 missing codes; SPSS allows 3, or a range and 1");
	f.cols[0].meta.n_missing = 2;
	f.cols[0].meta.missing_low = 90;
	f.cols[0].meta.missing_high = 99;
	CHECK_INT(round_trip(&f, SAV_BYTECODE, 1, &back, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "has 2 missing codes and a range") != NULL);
	f.cols[0].meta.n_missing = 1;
	CHECK_INT(round_trip(&f, SAV_BYTECODE, 1, &back, &err), 0);
	CHECK_CLOSE(back.cols[0].meta.missing_low, 90, 0);
	CHECK_CLOSE(back.cols[0].meta.missing[0], -99, 0);
	frame_free(&back);

	big = malloc(SAV_MAX_STRING + 2);
	memset(big, 'a', SAV_MAX_STRING + 1);
	big[SAV_MAX_STRING + 1] = '\0';
	CHECK_INT(frame_set_text(&f, 1, 0, big, SAV_MAX_STRING + 1), 0);
	CHECK_INT(round_trip(&f, SAV_BYTECODE, 1, &back, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "column 't' holds a text of 32768 bytes") != NULL);
	frame_free(&back);
	/* a long string (over 255 bytes) is fine */
	CHECK_INT(frame_set_text(&f, 1, 0, big, 1000), 0);
	CHECK_INT(round_trip(&f, SAV_BYTECODE, 1, &back, &err), 0);
	CHECK_INT(strlen(frame_text(&back, 1, 0)), 1000);
	frame_free(&back);
	free(big);
	frame_free(&f);
}

TEST(sav_write_error_is_exit_4)
{
	struct sk_error err;
	struct frame f;
	FILE *full = fopen("/dev/full", "wb");

	if (!full)
		return; /* not on this system */
	small_frame(&f, "x", "t");
	setvbuf(full, NULL, _IONBF, 0);
	CHECK_INT(sav_write(&f, SAV_BYTECODE, full, "full.sav", NULL, &err), SK_EXIT_OUTPUT);
	CHECK_STR(err.msg, "cannot write 'full.sav': No space left on device");
	fclose(full);
	frame_free(&f);
}

/* SPSS keeps 256 bytes of a variable label and 120 of a value label: longer ones are cut at a
 * character boundary and reported. */
TEST(sav_write_long_labels)
{
	struct sav_write_report report;
	struct sk_error err;
	struct frame f, back;
	struct statfile_options o;
	char label[300], *buf = NULL;
	size_t size = 0;
	FILE *mem;

	small_frame(&f, "x", "t");
	memset(label, 'q', sizeof label - 1);
	label[sizeof label - 1] = '\0';
	memcpy(label + 119, "\xc3\xbc", 2); /* u-umlaut across the 120-byte limit */
	f.cols[0].meta.label = strdup(label);
	f.cols[0].meta.labels = calloc(2, sizeof *f.cols[0].meta.labels);
	f.cols[0].meta.labels[0].value = 1;
	f.cols[0].meta.labels[0].label = strdup("short");
	f.cols[0].meta.labels[1].value = 2.5;
	f.cols[0].meta.labels[1].label = strdup(label);
	f.cols[0].meta.n_labels = 2;
	mem = open_memstream(&buf, &size);
	CHECK(mem != NULL);
	CHECK_INT(sav_write(&f, SAV_BYTECODE, mem, "mem.sav", &report, &err), 0);
	fclose(mem);
	CHECK_INT(report.labels_shortened, 2);
	CHECK_STR(report.first_label_column, "x");
	CHECK(report.first_value_label != NULL && report.first_value_label->value == 2.5);
	CHECK_INT(report.lines_left_out, 0);
	statfile_options_init(&o);
	CHECK_INT(statfile_read_buffer(buf, size, INPUT_SAV, "mem.sav", &o, &back, &err), 0);
	CHECK_INT(strlen(back.cols[0].meta.label), 256);
	CHECK(strncmp(back.cols[0].meta.label, label, 256) == 0);
	CHECK_INT(strlen(back.cols[0].meta.labels[1].label), 119); /* cut before the 2-byte character */
	CHECK_STR(back.cols[0].meta.labels[0].label, "short");
	frame_free(&back);
	free(buf);
	frame_free(&f);
}

TEST(sav_write_reports_document_lines_left_out)
{
	struct sav_write_report report;
	struct sk_error err;
	struct frame f;
	char *buf = NULL;
	size_t size = 0;
	FILE *mem = open_memstream(&buf, &size);

	small_frame(&f, "x", "t");
	f.cols[0].meta.role = ROLE_ITEM;
	f.cols[0].meta.scale = strdup("a_scale_name_so_long_that_the_line_cannot_fit_in_eighty_bytes_of_document");
	CHECK(mem != NULL);
	CHECK_INT(sav_write(&f, SAV_BYTECODE, mem, "mem.sav", &report, &err), 0);
	fclose(mem);
	CHECK_INT(report.lines_left_out, 1);
	CHECK_STR(report.first_line, "x");
	free(buf);
	frame_free(&f);
}
