/* io/readstat_reader against files written by R's haven (scripts/ref/make_sav.R) and by PSPP
 * (scripts/ref/make_sav.sps): the values, labels and missing codes below are the ones those
 * scripts put in, as haven::read_sav(user_na = TRUE) and PSPP's LIST/DISPLAY DICTIONARY show
 * them. Then the limits, and damaged files: every truncation and header byte flip must end in
 * exit 3 with one line, or in a consistent frame, and never in a crash. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/readstat_reader.h"

static unsigned char *slurp(const char *path, size_t *n)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf = NULL;
	long size;

	*n = 0;
	if (!fp)
		return NULL;
	if (fseek(fp, 0, SEEK_END) == 0 && (size = ftell(fp)) >= 0 && fseek(fp, 0, SEEK_SET) == 0) {
		buf = malloc((size_t)size + 1);
		if (buf)
			*n = fread(buf, 1, (size_t)size, fp);
	}
	fclose(fp);
	return buf;
}

static int read_fixture(const char *name, const struct statfile_options *o, struct frame *f, struct sk_error *err)
{
	size_t n;
	unsigned char *head = slurp(fixture(name), &n);
	enum input_format fmt = INPUT_CSV;
	int rc;

	if (!head || !statfile_sniff(head, n, &fmt)) {
		free(head);
		frame_init(f, NULL);
		return -1;
	}
	free(head);
	rc = statfile_read_path(fixture(name), fmt, o, f, err);
	return rc;
}

static size_t col(const struct frame *f, const char *name)
{
	size_t j = frame_find(f, name);
	CHECK(j != SIZE_MAX);
	return j;
}

TEST(statfile_sniff_formats)
{
	static const struct {
		const char *file;
		enum input_format fmt;
	} cases[] = {
		{"sav/labels.sav", INPUT_SAV},	 {"sav/labels-plain.sav", INPUT_SAV}, {"sav/labels.zsav", INPUT_ZSAV},
		{"sav/labels.dta", INPUT_DTA},	 {"sav/small.sas7bdat", INPUT_SAS7BDAT}, {"sav/pspp.por", INPUT_POR},
		{"sav/pspp.sav", INPUT_SAV},
	};
	unsigned char old_dta[4] = {114, 2, 1, 0};
	const char *csv = "id,scenario\n1,2\n";
	enum input_format fmt;

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		size_t n;
		unsigned char *buf = slurp(fixture(cases[i].file), &n);
		fmt = INPUT_CSV;
		CHECK(buf != NULL);
		CHECK_INT(statfile_sniff(buf, n < 512 ? n : 512, &fmt), 1);
		CHECK_INT(fmt, cases[i].fmt);
		free(buf);
	}
	CHECK_INT(statfile_sniff(old_dta, 4, &fmt), 1);
	CHECK_INT(fmt, INPUT_DTA);
	CHECK_INT(statfile_sniff((const unsigned char *)csv, strlen(csv), &fmt), 0);
	CHECK_INT(statfile_sniff((const unsigned char *)"$FL", 3, &fmt), 0);
	CHECK_INT(statfile_sniff(NULL, 0, &fmt), 0);
}

/* haven: labelled scenario, sat_1 with user-missing -99, sat_2 with the range 90..99. */
static void check_haven_small(const struct frame *f)
{
	size_t id = col(f, "id"), sc = col(f, "scenario"), s1 = col(f, "sat_1"), s2 = col(f, "sat_2");
	size_t city = col(f, "city"), score = col(f, "score");
	const struct var_meta *m;

	CHECK_INT(f->n_rows, 6);
	CHECK_INT(f->n_cols, 6);
	CHECK_CLOSE(frame_value(f, id, 5), 6, 0);
	m = &f->cols[sc].meta;
	CHECK_STR(m->label, "Recovery scenario");
	CHECK_INT(m->n_labels, 3);
	CHECK_STR(var_meta_value_label(m, 2), "Fix + apology");
	CHECK_STR(var_meta_value_label(m, 3), "Full recovery");
	CHECK_CLOSE(frame_value(f, sc, 4), 2, 0);
	m = &f->cols[s1].meta;
	CHECK_STR(m->label, "I am satisfied");
	CHECK_INT(m->n_missing, 1);
	CHECK_CLOSE(m->missing[0], -99, 0);
	CHECK_STR(var_meta_value_label(m, 7), "Strongly agree");
	m = &f->cols[s2].meta;
	CHECK_CLOSE(m->missing_low, 90, 0);
	CHECK_CLOSE(m->missing_high, 99, 0);
	CHECK_INT(f->cols[city].kind, COLUMN_TEXT);
	CHECK_STR(frame_text(f, city, 0), "Z\xc3\xbcrich");
	CHECK(frame_text(f, city, 2) == NULL); /* empty string: missing */
	CHECK_CLOSE(frame_value(f, score, 3), 3.1, 0);
	CHECK_CLOSE(frame_value(f, score, 5), 1e6 + 0.5, 0);
	CHECK(isnan(frame_value(f, score, 2)));
	CHECK_INT(f->line[5], 6);
}

TEST(statfile_reads_haven_sav_zsav_and_plain)
{
	static const char *files[] = {"sav/labels.sav", "sav/labels.zsav", "sav/labels-plain.sav"};
	struct statfile_options o;
	struct sk_error err;
	struct frame f;

	statfile_options_init(&o);
	for (size_t i = 0; i < 3; i++) {
		CHECK_INT(read_fixture(files[i], &o, &f, &err), 0);
		check_haven_small(&f);
		/* user-missing values are never data */
		CHECK(isnan(frame_value(&f, col(&f, "sat_1"), 1)));
		CHECK(isnan(frame_value(&f, col(&f, "sat_2"), 2)));
		CHECK_CLOSE(frame_value(&f, col(&f, "sat_1"), 0), 5, 0);
		CHECK_INT(f.cols[col(&f, "sat_1")].n_missing, 1);
		frame_free(&f);
	}
}

TEST(statfile_raw_keeps_codes)
{
	struct statfile_options o;
	struct sk_error err;
	struct frame f;

	statfile_options_init(&o);
	o.raw = 1;
	CHECK_INT(read_fixture("sav/labels.sav", &o, &f, &err), 0);
	check_haven_small(&f);
	CHECK_CLOSE(frame_value(&f, col(&f, "sat_1"), 1), -99, 0);
	CHECK_CLOSE(frame_value(&f, col(&f, "sat_2"), 2), 98, 0);
	frame_free(&f);
}

TEST(statfile_reads_pspp_ranges_strings_levels)
{
	static const char *files[] = {"sav/pspp.sav", "sav/pspp-compressed.sav"};
	struct statfile_options o;
	struct sk_error err;
	struct frame f;

	statfile_options_init(&o);
	for (size_t i = 0; i < 2; i++) {
		size_t s1, s2, city;
		CHECK_INT(read_fixture(files[i], &o, &f, &err), 0);
		CHECK_INT(f.n_rows, 6);
		s1 = col(&f, "sat_1");
		s2 = col(&f, "sat_2");
		city = col(&f, "city");
		/* MISSING VALUES sat_1 (LO THRU -1, 99) sat_2 (90 THRU HI) city ('x') */
		CHECK(isinf(f.cols[s1].meta.missing_low) && f.cols[s1].meta.missing_low < 0);
		CHECK_CLOSE(f.cols[s1].meta.missing_high, -1, 0);
		CHECK_INT(f.cols[s1].meta.n_missing, 1);
		CHECK_CLOSE(f.cols[s1].meta.missing[0], 99, 0);
		CHECK(isnan(frame_value(&f, s1, 1)));  /* -99 */
		CHECK(isnan(frame_value(&f, s1, 4)));  /* -5 */
		CHECK(isnan(frame_value(&f, s1, 5)));  /* 99 */
		CHECK_CLOSE(frame_value(&f, s1, 3), 1, 0);
		CHECK_CLOSE(f.cols[s2].meta.missing_low, 90, 0);
		CHECK(isinf(f.cols[s2].meta.missing_high));
		CHECK(isnan(frame_value(&f, s2, 2)));  /* 98 */
		CHECK(frame_text(&f, city, 2) == NULL); /* 'x' */
		CHECK_STR(frame_text(&f, city, 1), "Paris");
		CHECK_INT(f.cols[col(&f, "scenario")].meta.measure, MEASURE_NOMINAL);
		CHECK_INT(f.cols[s1].meta.measure, MEASURE_ORDINAL);
		CHECK_INT(f.cols[col(&f, "id")].meta.measure, MEASURE_SCALE);
		CHECK_STR(var_meta_value_label(&f.cols[col(&f, "scenario")].meta, 1), "Fix only");
		frame_free(&f);
	}
}

TEST(statfile_reads_stata_and_sas)
{
	struct statfile_options o;
	struct sk_error err;
	struct frame f;

	statfile_options_init(&o);
	CHECK_INT(read_fixture("sav/labels.dta", &o, &f, &err), 0);
	CHECK_INT(f.n_rows, 6);
	CHECK_STR(var_meta_value_label(&f.cols[col(&f, "scenario")].meta, 3), "Full recovery");
	CHECK_STR(f.cols[col(&f, "sat_1")].meta.label, "I am satisfied");
	CHECK(isnan(frame_value(&f, col(&f, "sat_1"), 1)));
	CHECK_CLOSE(frame_value(&f, col(&f, "score"), 5), 1e6 + 0.5, 0);
	CHECK_STR(frame_text(&f, col(&f, "city"), 0), "Z\xc3\xbcrich");
	CHECK_INT(f.cols[0].meta.measure, MEASURE_UNKNOWN);
	frame_free(&f);

	CHECK_INT(read_fixture("sav/small.sas7bdat", &o, &f, &err), 0);
	CHECK_INT(f.n_rows, 6);
	CHECK_INT(f.n_cols, 3);
	CHECK_CLOSE(frame_value(&f, col(&f, "score"), 4), 0.1, 0);
	CHECK_STR(frame_text(&f, col(&f, "city"), 5), "Bern");
	frame_free(&f);
}

TEST(statfile_pspp_portable_file_is_a_clear_error)
{
	struct statfile_options o;
	struct sk_error err;
	struct frame f;

	statfile_options_init(&o);
	CHECK_INT(read_fixture("sav/pspp.por", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "sav/pspp.por") != NULL);
	CHECK(strstr(err.msg, "SPSS portable file") != NULL);
	CHECK(strchr(err.msg, '\n') == NULL);
	CHECK_INT(f.n_cols, 0);
	frame_free(&f);
}

TEST(statfile_codebook_wins)
{
	struct value_label labels[] = {{1, "One"}, {3, "Three"}};
	double codes[] = {6};
	struct var_meta vars[4];
	struct codebook cb = {.path = "cb.csv", .vars = vars, .n = 4};
	struct statfile_options o;
	struct sk_error err;
	struct frame f;
	size_t sc, s1, id, s2;

	memset(vars, 0, sizeof vars);
	for (size_t i = 0; i < 4; i++)
		vars[i].min = vars[i].max = vars[i].missing_low = vars[i].missing_high = NAN;
	vars[0].column = "scenario";
	vars[0].role = ROLE_GROUP;
	vars[0].labels = labels;
	vars[0].n_labels = 2;
	vars[0].label = "Condition";
	vars[1].column = "sat_1";
	vars[1].role = ROLE_ITEM;
	vars[1].scale = "satisfaction";
	vars[1].min = 1;
	vars[1].max = 5;
	vars[1].reverse = 1;
	vars[2].column = "id";
	vars[2].role = ROLE_TEXT;
	vars[3].column = "sat_2";
	vars[3].missing = codes; /* replaces the file's range 90..99 */
	vars[3].n_missing = 1;

	statfile_options_init(&o);
	o.codebook = &cb;
	CHECK_INT(read_fixture("sav/labels.sav", &o, &f, &err), 0);
	sc = col(&f, "scenario");
	s1 = col(&f, "sat_1");
	id = col(&f, "id");
	s2 = col(&f, "sat_2");
	CHECK_INT(f.cols[sc].meta.role, ROLE_GROUP);
	CHECK_INT(f.cols[sc].meta.n_labels, 2);
	CHECK_STR(var_meta_value_label(&f.cols[sc].meta, 3), "Three");
	CHECK(var_meta_value_label(&f.cols[sc].meta, 2) == NULL);
	CHECK_STR(f.cols[sc].meta.label, "Condition");
	CHECK_STR(f.cols[s1].meta.scale, "satisfaction");
	CHECK_INT(f.cols[s1].meta.reverse, 1);
	CHECK_STR(f.cols[s1].meta.label, "I am satisfied"); /* the codebook does not say */
	/* sat_1: 5 -99 7 1 2 3 with range 1..5: 7 is out of range, -99 still user-missing */
	CHECK(isnan(frame_value(&f, s1, 2)));
	CHECK(isnan(frame_value(&f, s1, 1)));
	CHECK_INT(f.cols[s1].n_out_of_range, 1);
	CHECK_INT(f.cols[s1].out_of_range[0].line, 3);
	CHECK_CLOSE(f.cols[s1].out_of_range[0].value, 7, 0);
	CHECK_INT(f.cols[id].kind, COLUMN_TEXT);
	CHECK_STR(frame_text(&f, id, 3), "4");
	/* sat_2: 5 6 98 1 NA 3; the codebook's code 6 replaces the file's range */
	CHECK_CLOSE(frame_value(&f, s2, 2), 98, 0);
	CHECK(isnan(frame_value(&f, s2, 1)));
	CHECK(isnan(f.cols[s2].meta.missing_low));
	frame_free(&f);
}

TEST(statfile_codebook_numeric_string)
{
	struct var_meta var;
	struct codebook cb = {.path = "cb.csv", .vars = &var, .n = 1};
	struct statfile_options o;
	struct sk_error err;
	struct frame f;

	memset(&var, 0, sizeof var);
	var.min = var.max = var.missing_low = var.missing_high = NAN;
	var.column = "city";
	var.role = ROLE_NUMERIC;
	statfile_options_init(&o);
	o.codebook = &cb;
	CHECK_INT(read_fixture("sav/labels.sav", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "case 1, variable 'city'") != NULL);
	CHECK(strstr(err.msg, "not a number") != NULL);
	CHECK_INT(f.n_cols, 0);
	frame_free(&f);
}

TEST(statfile_global_missing_codes)
{
	double codes[] = {5};
	struct statfile_options o;
	struct sk_error err;
	struct frame f;

	statfile_options_init(&o);
	o.missing = codes;
	o.n_missing = 1;
	CHECK_INT(read_fixture("sav/labels.sav", &o, &f, &err), 0);
	CHECK(isnan(frame_value(&f, col(&f, "sat_1"), 0)));
	CHECK(isnan(frame_value(&f, col(&f, "sat_2"), 0)));
	CHECK(isnan(frame_value(&f, col(&f, "id"), 4))); /* in every numeric column */
	CHECK_CLOSE(frame_value(&f, col(&f, "id"), 3), 4, 0);
	frame_free(&f);
}

TEST(statfile_limits)
{
	struct statfile_options o;
	struct sk_error err;
	struct frame f;

	statfile_options_init(&o);
	o.max_columns = 3;
	CHECK_INT(read_fixture("sav/labels.sav", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "6 variables, more than the limit of 3") != NULL);
	frame_free(&f);

	statfile_options_init(&o);
	o.max_rows = 5;
	CHECK_INT(read_fixture("sav/labels.sav", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "6 cases, more than the limit of 5") != NULL);
	frame_free(&f);

	statfile_options_init(&o);
	o.max_labels = 4;
	CHECK_INT(read_fixture("sav/labels.sav", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "more than 4 value labels") != NULL);
	frame_free(&f);

	statfile_options_init(&o);
	o.max_string = 4;
	CHECK_INT(read_fixture("sav/labels.sav", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "longer than 4 bytes") != NULL);
	frame_free(&f);
}

TEST(statfile_buffer_equals_path)
{
	struct statfile_options o;
	struct sk_error err;
	struct frame a, b;
	size_t n;
	unsigned char *buf = slurp(fixture("sav/labels.zsav"), &n);

	statfile_options_init(&o);
	CHECK(buf != NULL);
	CHECK_INT(statfile_read_buffer(buf, n, INPUT_ZSAV, "mem.zsav", &o, &a, &err), 0);
	CHECK_INT(read_fixture("sav/labels.zsav", &o, &b, &err), 0);
	CHECK_INT(a.n_rows, b.n_rows);
	CHECK_INT(a.n_cols, b.n_cols);
	for (size_t j = 0; j < a.n_cols && j < b.n_cols; j++) {
		CHECK_STR(a.cols[j].name, b.cols[j].name);
		for (size_t i = 0; i < a.n_rows && i < b.n_rows; i++) {
			double x = frame_value(&a, j, i), y = frame_value(&b, j, i);
			CHECK((isnan(x) && isnan(y)) || x == y);
		}
	}
	CHECK_STR(a.path, "mem.zsav");
	frame_free(&a);
	frame_free(&b);
	free(buf);
}

/* Every way of cutting a file short is exit 3 with one line, and leaves an empty frame. */
static void check_truncations(const char *name, enum input_format fmt)
{
	struct statfile_options o;
	struct sk_error err;
	struct frame f;
	size_t n, rejected = 0;
	unsigned char *buf = slurp(fixture(name), &n);

	CHECK(buf != NULL);
	statfile_options_init(&o);
	for (size_t k = 0; k < n; k++) {
		int rc = statfile_read_buffer(buf, k, fmt, name, &o, &f, &err);
		if (rc == SK_EXIT_INPUT && f.n_cols == 0 && !strchr(err.msg, '\n') && strstr(err.msg, name))
			rejected++;
		else
			fprintf(stderr, "%s cut at %zu: exit %d\n", name, k, rc);
		frame_free(&f);
	}
	CHECK_INT(rejected, n);
	free(buf);
}

TEST(statfile_truncated_files_fail)
{
	struct statfile_options o;
	struct sk_error err;
	struct frame f;
	size_t n;
	unsigned char *buf;

	check_truncations("sav/labels.sav", INPUT_SAV);
	check_truncations("sav/labels-plain.sav", INPUT_SAV);
	check_truncations("sav/labels.zsav", INPUT_ZSAV);
	check_truncations("sav/pspp.sav", INPUT_SAV);
	check_truncations("sav/labels.dta", INPUT_DTA);

	/* the messages say what happened */
	buf = slurp(fixture("sav/labels-plain.sav"), &n);
	statfile_options_init(&o);
	CHECK_INT(statfile_read_buffer(buf, n - 20, INPUT_SAV, "cut.sav", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "cannot read 'cut.sav' (SPSS system file): the file is truncated or corrupt") != NULL);
	CHECK_INT(statfile_read_buffer(buf, 100, INPUT_SAV, "cut.sav", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "truncated or corrupt") != NULL);
	free(buf);
	buf = slurp(fixture("sav/labels.dta"), &n);
	CHECK_INT(statfile_read_buffer(buf, n - 30, INPUT_DTA, "cut.dta", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "does not end with </stata_dta>") != NULL);
	free(buf);
}

/* Each byte of the header and dictionary flipped in a few ways: exit 0 with a consistent frame
 * or exit 3 with one line; never a crash (run under the sanitizers). */
static void check_flips(const char *name, enum input_format fmt, size_t upto)
{
	static const unsigned char masks[] = {0xff, 0x80, 0x01, 0x40};
	struct statfile_options o;
	struct sk_error err;
	struct frame f;
	size_t n, bad = 0;
	unsigned char *buf = slurp(fixture(name), &n), *copy = malloc(n ? n : 1);

	CHECK(buf != NULL && copy != NULL);
	statfile_options_init(&o);
	if (upto > n)
		upto = n;
	for (size_t k = 0; k < upto; k++) {
		for (size_t m = 0; m < sizeof masks; m++) {
			int rc;
			memcpy(copy, buf, n);
			copy[k] ^= masks[m];
			rc = statfile_read_buffer(copy, n, fmt, name, &o, &f, &err);
			if (rc == 0 ? f.n_cols == 0
				    : rc != SK_EXIT_INPUT || f.n_cols != 0 || strchr(err.msg, '\n')) {
				fprintf(stderr, "%s byte %zu ^ %#x: exit %d\n", name, k, masks[m], rc);
				bad++;
			}
			frame_free(&f);
		}
	}
	CHECK_INT(bad, 0);
	free(buf);
	free(copy);
}

TEST(statfile_corrupted_headers_fail_cleanly)
{
	struct statfile_options o;
	struct sk_error err;
	struct frame f;
	size_t n;
	unsigned char *buf;

	check_flips("sav/labels.sav", INPUT_SAV, 1049);
	check_flips("sav/pspp.sav", INPUT_SAV, 1244);
	check_flips("sav/labels.zsav", INPUT_ZSAV, 1103);
	check_flips("sav/labels.dta", INPUT_DTA, 1200);

	/* a header claiming 2^31 - 1 cases is refused before anything is allocated for them */
	buf = slurp(fixture("sav/labels-plain.sav"), &n);
	CHECK(buf != NULL && n > 84);
	if (!buf || n <= 84) {
		free(buf);
		return;
	}
	memcpy(buf + 80, "\xff\xff\xff\x7f", 4); /* ncases, little-endian */
	statfile_options_init(&o);
	CHECK_INT(statfile_read_buffer(buf, n, INPUT_SAV, "big.sav", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "2147483647 cases, more than the limit") != NULL);
	/* the magic number gone */
	memcpy(buf, "$FL9", 4);
	CHECK_INT(statfile_read_buffer(buf, n, INPUT_SAV, "bad.sav", &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strncmp(err.msg, "cannot read 'bad.sav' (SPSS system file): ", 42) == 0);
	free(buf);
}

TEST(statfile_missing_file)
{
	struct statfile_options o;
	struct sk_error err;
	struct frame f;

	statfile_options_init(&o);
	CHECK_INT(statfile_read_path("no/such.sav", INPUT_SAV, &o, &f, &err), SK_EXIT_INPUT);
	CHECK_STR(err.msg, "cannot open 'no/such.sav': No such file or directory");
	frame_free(&f);
}
