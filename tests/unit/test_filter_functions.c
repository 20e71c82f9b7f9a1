/* io/filter: the whole-column functions against R (scripts/ref/filter_expr.R: median, mean, sd
 * with n - 1, quantile type 7, all with na.rm = TRUE over every row) and the quality steps
 * straightlining(), duplicate_id() and too_fast() against the rows R flags. */
#include "test.h"

#include <math.h>
#include <string.h>

#include "filter_table.h"
#include "io/filter_program.h"

/* The value of the one whole-column function in `expr` (NaN when binding fails). */
static double aggregate(const char *expr, size_t *count)
{
	struct filter_table t;
	struct filter_program *p;
	struct filter_error err;
	const struct filter_aggregate *list;
	double v = NAN;

	filter_table_init(&t);
	*count = 0;
	if (filter_try(&t, expr, &p, &err) == 0) {
		*count = filter_program_aggregates(p, &list);
		if (*count)
			v = list[0].value;
		filter_program_free(p);
	}
	filter_table_free(&t);
	return v;
}

static void check_aggregate(const char *expr, double want, int line)
{
	size_t n;
	double got = aggregate(expr, &n);

	test_check_int((long long)n, 1, expr, __FILE__, line);
	test_check_close(got, want, 1e-12, expr, __FILE__, line);
}

#define AGGREGATE(expr, want) check_aggregate(expr, want, __LINE__)

TEST(filter_whole_column_values_match_r)
{
	AGGREGATE("x > median(x)", 7);
	AGGREGATE("x > mean(x)", 19.022727272727273);
	AGGREGATE("x > sd(x)", 25.762485940184067);
	AGGREGATE("big > median(big)", 1000000.375);
	AGGREGATE("big > mean(big)", 1000000.425);
	AGGREGATE("big > sd(big)", 0.28324419275343088);
	AGGREGATE("\"Duration (in seconds)\" > median(\"Duration (in seconds)\")", 300);
	AGGREGATE("\"Duration (in seconds)\" > mean(\"Duration (in seconds)\")", 322.72727272727275);
	AGGREGATE("\"Duration (in seconds)\" > sd(\"Duration (in seconds)\")", 289.01006588321138);
	AGGREGATE("x > quantile(x, 0)", 0.25);
	AGGREGATE("x > quantile(x, 0.05)", 1.625);
	AGGREGATE("x > quantile(x, 0.15)", 3);
	AGGREGATE("x > quantile(x, 0.25)", 4.25);
	AGGREGATE("x > quantile(x, 1/3)", 6);
	AGGREGATE("x > quantile(x, 0.5)", 7);
	AGGREGATE("x > quantile(x, 0.66)", 16.400000000000002);
	AGGREGATE("x > quantile(x, 0.9)", 41);
	AGGREGATE("x > quantile(x, 0.99)", 83.300000000000011);
	AGGREGATE("x > quantile(x, 1)", 88);
	AGGREGATE("big > quantile(big, 0.37)", 1000000.3035);
	AGGREGATE("\"Duration (in seconds)\" > quantile(\"Duration (in seconds)\", 0.25)", 87.5);
	AGGREGATE("\"Duration (in seconds)\" > quantile(\"Duration (in seconds)\", 0.75)", 405);
	/* one value: its median, mean and every quantile are that value */
	AGGREGATE("one == median(one)", 4);
	AGGREGATE("one == mean(one)", 4);
	AGGREGATE("one == quantile(one, 0.3)", 4);
}

TEST(filter_whole_column_values_are_computed_once)
{
	struct filter_table t;
	struct filter_program *p;
	struct filter_error err;
	const struct filter_aggregate *list;

	filter_table_init(&t);
	CHECK_INT(filter_try(&t, "x > median(x) / 2 and x < 2 * median(x) and x != quantile(x, 0.5) and "
			     "not too_fast(x, 0.1) and x != quantile(x, 0.25)",
			     &p, &err),
		  0);
	/* median(x) and too_fast(x, ...)'s median are one; quantile(x, 0.5) is recorded apart */
	CHECK_INT(filter_program_aggregates(p, &list), 3);
	CHECK_STR(list[0].function, "median");
	CHECK_STR(list[0].column, "x");
	CHECK_INT(list[0].column_index, 14);
	CHECK(isnan(list[0].p));
	CHECK_CLOSE(list[0].value, 7, 1e-15);
	CHECK_STR(list[1].function, "quantile");
	CHECK_CLOSE(list[1].p, 0.5, 1e-15);
	CHECK_CLOSE(list[1].value, 7, 1e-15);
	CHECK_STR(list[2].function, "quantile");
	CHECK_CLOSE(list[2].p, 0.25, 1e-15);
	CHECK_CLOSE(list[2].value, 4.25, 1e-12);
	filter_program_free(p);
	filter_table_free(&t);
}

TEST(filter_whole_column_values_use_every_row)
{
	struct filter_table t;

	/* the median is the whole sample's, whatever an earlier condition in the same filter or an
	 * earlier step removes */
	filter_table_init(&t);
	CHECK_STR(filter_rows(&t, "consent == 1 and \"Duration (in seconds)\" >= median(\"Duration (in seconds)\")"),
		  "1 7 8 10 12");
	filter_table_free(&t);
}

TEST(filter_quantile7_edge_cases)
{
	double one[] = {5}, two[] = {1, 3}, ties[] = {2, 2, 2, 9}, rev[] = {9, 8, 7, 6, 5, 4, 3, 2, 1};

	CHECK_CLOSE(filter_quantile7(one, 1, 0), 5, 1e-15);
	CHECK_CLOSE(filter_quantile7(one, 1, 1), 5, 1e-15);
	CHECK_CLOSE(filter_quantile7(two, 2, 0.5), 2, 1e-15);
	CHECK_CLOSE(filter_quantile7(two, 2, 0.25), 1.5, 1e-15);
	/* R: quantile(c(2, 2, 2, 9), c(.5, .7, .9)) = 2, 2.7, 6.9 */
	CHECK_CLOSE(filter_quantile7(ties, 4, 0.5), 2, 1e-15);
	CHECK_CLOSE(filter_quantile7(ties, 4, 0.7), 2.7, 1e-12);
	CHECK_CLOSE(filter_quantile7(ties, 4, 0.9), 6.9, 1e-12);
	/* R: quantile(9:1, c(.1, .5, .95)) = 1.8, 5, 8.6 */
	CHECK_CLOSE(filter_quantile7(rev, 9, 0.1), 1.8, 1e-12);
	CHECK_CLOSE(filter_quantile7(rev, 9, 0.5), 5, 1e-15);
	CHECK_CLOSE(filter_quantile7(rev, 9, 0.95), 8.6, 1e-12);
}

TEST(filter_straightlining)
{
	struct filter_table t;

	filter_table_init(&t);
	/* R: rows 2 8 11 over all 7 items; 1 2 6 8 11 on satisfaction; 1 2 on involvement */
	CHECK_STR(filter_rows(&t, "not not straightlining()"), "2 8 11");
	CHECK_STR(filter_rows(&t, "not straightlining()"), "1 3 4 5 6 7 9 10 12");
	CHECK_STR(filter_rows(&t, "straightlining(satisfaction) or 1 == 0"), "1 2 6 8 11");
	CHECK_STR(filter_rows(&t, "straightlining(\"involvement\") and 1 == 1"), "1 2");
	CHECK_STR(filter_rows(&t, "STRAIGHTLINING() and straightlining(involvement)"), "2");
	filter_table_free(&t);
}

TEST(filter_duplicate_id)
{
	struct filter_table t;

	filter_table_init(&t);
	/* ids 103 (rows 3, 4) and 102 (rows 2, 8): the later rows are duplicates */
	CHECK_STR(filter_rows(&t, "not not duplicate_id()"), "4 8");
	CHECK_STR(filter_rows(&t, "not duplicate_id()"), "1 2 3 5 6 7 9 10 11 12");
	/* a text id column: byte for byte */
	t.source.src.id_column = 4; /* scenario: 3 distinct texts and a missing one */
	CHECK_STR(filter_rows(&t, "duplicate_id() and 1 == 1"), "4 5 7 8 9 10 11 12");
	t.source.src.id_column = 18; /* 1..12 in order: the fast path */
	CHECK_STR(filter_rows(&t, "duplicate_id() and 1 == 1"), "");
	t.source.src.id_column = 17; /* all missing: nothing repeats */
	CHECK_STR(filter_rows(&t, "duplicate_id() and 1 == 1"), "");
	t.source.src.id_column = 13; /* text "007" and numbers: 7 is not "007" */
	CHECK_STR(filter_rows(&t, "duplicate_id() and 1 == 1"), "");
	filter_table_free(&t);
}

TEST(filter_too_fast)
{
	struct filter_table t;

	filter_table_init(&t);
	/* median 300: below 100 are rows 2 (45), 6 (80), 9 (20), 11 (95); row 5 is missing */
	CHECK_STR(filter_rows(&t, "not not too_fast(\"Duration (in seconds)\", 1/3)"), "2 6 9 11");
	CHECK_STR(filter_rows(&t, "not too_fast(\"Duration (in seconds)\", 1/3)"), "1 3 4 7 8 10 12");
	CHECK_STR(filter_rows(&t, "not too_fast(\"Duration (in seconds)\", 1 / 3)"),
		  filter_rows(&t, "\"Duration (in seconds)\" >= median(\"Duration (in seconds)\") / 3"));
	CHECK_STR(filter_rows(&t, "too_fast(\"Duration (in seconds)\", 1) or 1 == 0"), "2 4 6 9 11");
	CHECK_STR(filter_rows(&t, "too_fast(code, 0.5) or 1 == 0"), "3 9 10"); /* median 8; " 4 " is not below 4 */
	filter_table_free(&t);
}
