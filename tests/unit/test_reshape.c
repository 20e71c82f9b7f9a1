/* analysis/reshape: wide <-> long on a small within-subjects table, the round trip, and every
 * refusal with its message. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands/reshape.h"

static void set_scale(struct frame *f, size_t col, const char *scale)
{
	f->cols[col].meta.scale = strdup(scale);
	f->cols[col].meta.role = ROLE_ITEM;
}

/* id, inv_1, sat_s1_1, sat_s1_2, note_s1, sat_s2_1, sat_s2_2, note_s2 for 3 respondents. */
static void wide_frame(struct frame *f)
{
	static const char *names[] = {"id", "inv_1", "sat_s1_1", "sat_s1_2", "note_s1", "sat_s2_1", "sat_s2_2", "note_s2"};
	static const double num[3][8] = {
		{101, 4, 5, 6, 0, 2, 3, 0},
		{102, 2, 7, NAN, 0, 1, 1, 0},
		{103, NAN, 3, 3, 0, 4, -99, 0},
	};
	static const char *text[3][2] = {{"good", "bad"}, {NULL, "meh"}, {"ok", NULL}};

	frame_init(f, "wide.csv");
	for (size_t j = 0; j < 8; j++)
		CHECK_INT(frame_add_column(f, names[j], j == 4 || j == 7 ? COLUMN_TEXT : COLUMN_NUMERIC), 0);
	for (size_t i = 0; i < 3; i++) {
		size_t r = frame_add_row(f, i + 2);
		for (size_t j = 0; j < 8; j++) {
			if (j == 4 || j == 7) {
				const char *s = text[i][j == 7];
				if (s)
					CHECK_INT(frame_set_text(f, j, r, s, strlen(s)), 0);
			} else {
				CHECK_INT(frame_set_number(f, j, r, num[i][j]), 0);
			}
		}
	}
	set_scale(f, 2, "satisfaction_s1");
	set_scale(f, 3, "satisfaction_s1");
	set_scale(f, 5, "satisfaction_s2");
	set_scale(f, 6, "satisfaction_s2");
	f->cols[2].meta.label = strdup("Satisfied (fix only)");
	f->cols[2].meta.min = 1;
	f->cols[2].meta.max = 7;
	f->cols[6].meta.missing = malloc(sizeof(double));
	f->cols[6].meta.missing[0] = -99;
	f->cols[6].meta.n_missing = 1;
}

static const struct value_label scenario_labels[] = {{1, "Fix only"}, {2, "Fix + apology"}};

static struct reshape_spec spec(void)
{
	struct reshape_spec s = {.index = "scenario", .id = "id", .marker = "s",
				 .index_labels = scenario_labels, .n_index_labels = 2};
	return s;
}

TEST(reshape_wide_to_long)
{
	static const char *names[] = {"id", "inv_1", "scenario", "sat_1", "sat_2", "note"};
	struct reshape_spec s = spec();
	struct sk_error err;
	struct frame w, l;
	struct reshape_report report;

	wide_frame(&w);
	CHECK_INT(reshape_to_long(&w, &s, &l, &report, &err), 0);
	CHECK_INT(report.labels_differ, 1); /* sat_s1_1 has a label, sat_s2_1 none */
	CHECK_STR(report.first, "sat_1");
	CHECK_INT(l.n_rows, 6);
	CHECK_INT(l.n_cols, 6);
	for (size_t j = 0; j < 6 && j < l.n_cols; j++)
		CHECK_STR(l.cols[j].name, names[j]);
	/* respondent 102, condition 2 is row 3 */
	CHECK_CLOSE(frame_value(&l, 0, 3), 102, 0);
	CHECK_CLOSE(frame_value(&l, 2, 3), 2, 0);
	CHECK_CLOSE(frame_value(&l, 3, 3), 1, 0);
	CHECK_CLOSE(frame_value(&l, 1, 3), 2, 0); /* the trait repeated */
	CHECK(isnan(frame_value(&l, 4, 2)));
	CHECK_STR(frame_text(&l, 5, 3), "meh");
	CHECK(frame_text(&l, 5, 2) == NULL);
	CHECK_CLOSE(frame_value(&l, 4, 5), -99, 0);
	CHECK_INT(l.line[3], 3);
	CHECK_INT(l.cols[2].meta.role, ROLE_GROUP);
	CHECK_STR(var_meta_value_label(&l.cols[2].meta, 2), "Fix + apology");
	CHECK_STR(l.cols[3].meta.scale, "satisfaction");
	CHECK_STR(l.cols[3].meta.label, "Satisfied (fix only)");
	CHECK_CLOSE(l.cols[3].meta.max, 7, 0);
	CHECK_INT(l.cols[4].meta.n_missing, 0); /* sat_2 takes condition 1's meta */
	CHECK_INT(l.cols[5].kind, COLUMN_TEXT);
	frame_free(&l);
	frame_free(&w);
}

TEST(reshape_round_trip)
{
	struct reshape_spec s = spec();
	struct sk_error err;
	struct frame w, l, back;

	wide_frame(&w);
	CHECK_INT(reshape_to_long(&w, &s, &l, NULL, &err), 0);
	CHECK_INT(reshape_to_wide(&l, &s, &back, &err), 0);
	CHECK_INT(back.n_rows, w.n_rows);
	CHECK_INT(back.n_cols, w.n_cols);
	for (size_t j = 0; j < w.n_cols && j < back.n_cols; j++) {
		CHECK_STR(back.cols[j].name, w.cols[j].name);
		CHECK_INT(back.cols[j].kind, w.cols[j].kind);
		CHECK((!w.cols[j].meta.scale && !back.cols[j].meta.scale) ||
		      (w.cols[j].meta.scale && back.cols[j].meta.scale &&
		       strcmp(w.cols[j].meta.scale, back.cols[j].meta.scale) == 0));
		for (size_t i = 0; i < w.n_rows && i < back.n_rows; i++) {
			if (w.cols[j].kind == COLUMN_TEXT) {
				const char *a = frame_text(&w, j, i), *b = frame_text(&back, j, i);
				CHECK((!a && !b) || (a && b && strcmp(a, b) == 0));
			} else {
				double a = frame_value(&w, j, i), b = frame_value(&back, j, i);
				CHECK((isnan(a) && isnan(b)) || a == b);
			}
		}
	}
	CHECK_INT(back.line[1], 3);
	frame_free(&back);
	frame_free(&l);
	frame_free(&w);
}

TEST(reshape_long_to_wide_text_ids_and_order)
{
	struct reshape_spec s = {.index = "cond", .id = "who", .marker = "t"};
	static const char *who[] = {"bo", "al", "bo", "al"};
	static const double cond[] = {2, 1, 1, 3}, y[] = {20, 11, 10, 13};
	struct sk_error err;
	struct frame l, w;

	frame_init(&l, "long.csv");
	CHECK_INT(frame_add_column(&l, "who", COLUMN_TEXT), 0);
	CHECK_INT(frame_add_column(&l, "cond", COLUMN_NUMERIC), 0);
	CHECK_INT(frame_add_column(&l, "y", COLUMN_NUMERIC), 0);
	for (size_t i = 0; i < 4; i++) {
		size_t r = frame_add_row(&l, i + 2);
		CHECK_INT(frame_set_text(&l, 0, r, who[i], 2), 0);
		CHECK_INT(frame_set_number(&l, 1, r, cond[i]), 0);
		CHECK_INT(frame_set_number(&l, 2, r, y[i]), 0);
	}
	CHECK_INT(reshape_to_wide(&l, &s, &w, &err), 0);
	CHECK_INT(w.n_rows, 2);
	CHECK_INT(w.n_cols, 4);
	CHECK_STR(w.cols[1].name, "y_t1");
	CHECK_STR(w.cols[3].name, "y_t3");
	CHECK_STR(frame_text(&w, 0, 0), "bo"); /* first seen first */
	CHECK_CLOSE(frame_value(&w, 1, 0), 10, 0);
	CHECK_CLOSE(frame_value(&w, 2, 0), 20, 0);
	CHECK(isnan(frame_value(&w, 3, 0)));
	CHECK_CLOSE(frame_value(&w, 3, 1), 13, 0);
	frame_free(&w);
	frame_free(&l);
}

static void expect_fail(int rc, int code, struct sk_error *err, const char *want, struct frame *out)
{
	CHECK_INT(rc, code);
	CHECK(strstr(err->msg, want) != NULL);
	if (!strstr(err->msg, want))
		fprintf(stderr, "    got: %s\n", err->msg);
	CHECK_INT(out->n_cols, 0);
	frame_free(out);
}

TEST(reshape_refusals)
{
	struct reshape_spec s = spec();
	struct sk_error err;
	struct frame w, out, l;

	wide_frame(&w);
	s.marker = "x";
	expect_fail(reshape_to_long(&w, &s, &out, NULL, &err), SK_EXIT_INPUT, &err,
		    "no column name carries a condition token like 'sat_x1_1' (--marker x)", &out);
	s = spec();
	s.index = "inv_1";
	expect_fail(reshape_to_long(&w, &s, &out, NULL, &err), SK_EXIT_INPUT, &err,
		    "the long layout would have two columns named 'inv_1'", &out);
	s = spec();
	free(w.cols[1].name);
	w.cols[1].name = strdup("sat_s1_s2");
	expect_fail(reshape_to_long(&w, &s, &out, NULL, &err), SK_EXIT_INPUT, &err,
		    "column 'sat_s1_s2' names 2 conditions", &out);
	free(w.cols[1].name);
	w.cols[1].name = strdup("s1_sat_1");
	expect_fail(reshape_to_long(&w, &s, &out, NULL, &err), SK_EXIT_INPUT, &err,
		    "columns 's1_sat_1' and 'sat_s1_1' both give 'sat_1' for condition 1", &out);
	free(w.cols[1].name);
	w.cols[1].name = strdup("inv_1");

	CHECK_INT(reshape_to_long(&w, &s, &l, NULL, &err), 0);
	s.id = NULL;
	expect_fail(reshape_to_wide(&l, &s, &out, &err), SK_EXIT_USAGE, &err, "needs --id", &out);
	s = spec();
	s.index = "nope";
	expect_fail(reshape_to_wide(&l, &s, &out, &err), SK_EXIT_INPUT, &err, "no column named 'nope' (--index)", &out);
	s = spec();
	s.id = "inv_1"; /* 103 has no inv_1 */
	expect_fail(reshape_to_wide(&l, &s, &out, &err), SK_EXIT_INPUT, &err, "line 4: id 'inv_1' is missing", &out);
	s = spec();
	CHECK_INT(frame_set_number(&l, 2, 1, 1), 0); /* respondent 101 twice in condition 1 */
	expect_fail(reshape_to_wide(&l, &s, &out, &err), SK_EXIT_INPUT, &err,
		    "line 2: a second row for this respondent ('id') and condition 1", &out);
	CHECK_INT(frame_set_number(&l, 2, 1, 2.5), 0);
	expect_fail(reshape_to_wide(&l, &s, &out, &err), SK_EXIT_INPUT, &err,
		    "line 2: 'scenario' is not a whole number from 0, not a condition number", &out);
	frame_free(&l);
	frame_free(&w);
}
