/* Computed values (io/filter.h: filter_bind_number, recode()) on the filter tests' table; the
 * table's x is c(12.5, 3, 7, 7, 41, 0.25, 19, 3, 88, 5.5, NA, 23) (scripts/ref/filter_expr.R). */
#include <math.h>
#include <string.h>

#include "filter_table.h"
#include "test.h"

/* The values of expr over the table into out; 0, or the exit code with err filled. */
static int values(struct filter_table *t, const char *expr, double *out, struct filter_error *err)
{
	struct filter_expr *e = NULL;
	struct filter_program *p = NULL;
	int rc = filter_parse(expr, &e, err);

	if (rc == 0)
		rc = filter_bind_number(e, &t->source.src, &p, err);
	if (rc == 0)
		filter_run_numbers(p, 0, FILTER_TABLE_ROWS, out);
	filter_program_free(p);
	filter_expr_free(e);
	return rc;
}

TEST(filter_recode_maps_ranges_to_codes)
{
	struct filter_table t;
	struct filter_error err;
	double v[FILTER_TABLE_ROWS];

	filter_table_init(&t);
	CHECK_INT(values(&t, "recode(x, 0-5=1, 5.5-20=2, 23=3, -1 - -0.5=9)", v, &err), 0);
	CHECK(v[0] == 2 && v[1] == 1 && v[2] == 2 && v[5] == 1 && v[9] == 2 && v[11] == 3);
	CHECK(isnan(v[4]) && isnan(v[8])); /* in no range */
	CHECK(isnan(v[10]));               /* missing */
	/* the first range holding a value wins; codes may be signed */
	CHECK_INT(values(&t, "recode(x, 0-100=-1, 3=5)", v, &err), 0);
	CHECK(v[1] == -1 && v[8] == -1);
	/* arithmetic around and inside */
	CHECK_INT(values(&t, "recode(x * 2, 6=1) + 1", v, &err), 0);
	CHECK(v[1] == 2 && isnan(v[0]));
	/* a recode (or an `in`) inside another: each keeps its own ranges (found by the fuzzer: the
	 * list of ranges was grown before the inner one was bound) */
	CHECK_INT(values(&t, "recode(recode(x, 0-10=1, 10-100=2) + recode(x, 3=10), 11=5, 2=6)", v, &err), 0);
	CHECK(v[1] == 5 && v[7] == 5 && isnan(v[0]) && isnan(v[2]));
	CHECK_STR(filter_rows(&t, "recode(x, 0-5=1, 5.5-100=2) in (1) and recode(x, 3=1) == 1"), "2 8");
	CHECK_INT(values(&t, "recode(x, 08-34=1, -5 - -1=2, 99=0) + recode(\"x\" / '', 0-2=- 21,1e9=2)", v, &err), SK_EXIT_INPUT);
	CHECK_INT(values(&t, "(x + x) / 2 - median(x)", v, &err), 0);
	CHECK_CLOSE(v[0], 12.5 - 7, 1e-12);
	filter_table_free(&t);
}

TEST(filter_recode_errors)
{
	struct filter_table t;
	struct filter_error err;
	double v[FILTER_TABLE_ROWS];

	filter_table_init(&t);
	CHECK_INT(values(&t, "recode(x)", v, &err), SK_EXIT_USAGE);
	CHECK(strstr(err.message, "recode() takes a value and ranges such as 18-34=1") != NULL);
	CHECK_INT(values(&t, "recode(x, 1-2)", v, &err), SK_EXIT_USAGE);
	CHECK(strstr(err.message, "expected '=' and the code of the range") != NULL);
	CHECK_INT(values(&t, "recode(x, a=1)", v, &err), SK_EXIT_USAGE);
	CHECK(strstr(err.message, "at character 11") != NULL);
	CHECK_INT(values(&t, "recode(x, 5-1=1)", v, &err), SK_EXIT_USAGE);
	CHECK(strstr(err.message, "runs from the smaller number to the larger") != NULL);
	/* a single '=' stays an error outside recode's ranges */
	CHECK_INT(values(&t, "recode(x = 1, 1=2)", v, &err), SK_EXIT_USAGE);
	CHECK(strstr(err.message, "expected '=='") != NULL);
	/* a condition is not a computed value, nor a text */
	CHECK_INT(values(&t, "x > 1", v, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.message, "a computed variable must be a number") != NULL);
	CHECK_INT(values(&t, "recode(scenario, 1=2)", v, &err), SK_EXIT_INPUT);
	/* recode gives a number, so it is no filter on its own */
	CHECK(strstr(filter_rows(&t, "recode(x, 1=1)"), "error:") != NULL);
	CHECK_STR(filter_rows(&t, "recode(x, 0-5=1, 5.5-100=2) == 1"), "2 6 8");
	filter_table_free(&t);
}
