/* io/filter: every operator, precedence, quoting, numbers and the three-valued logic, run on the
 * table of tests/unit/filter_table.c (rows 1..12; consent is missing in row 5, scenario in row 6,
 * the duration in row 5). */
#include "test.h"

#include "filter_table.h"

#define ALL "1 2 3 4 5 6 7 8 9 10 11 12"

static void check_rows(const char *expr, const char *want, int line)
{
	struct filter_table t;

	filter_table_init(&t);
	test_check_str(filter_rows(&t, expr), want, expr, __FILE__, line);
	filter_table_free(&t);
}

#define ROWS(expr, want) check_rows(expr, want, __LINE__)

TEST(filter_compares_numbers)
{
	ROWS("consent == 1", "1 2 4 6 7 8 9 10 11 12");
	ROWS("consent != 1", "3");
	ROWS("consent < 1", "3");
	ROWS("consent <= 0", "3");
	ROWS("consent > 0", "1 2 4 6 7 8 9 10 11 12");
	ROWS("consent >= 1", "1 2 4 6 7 8 9 10 11 12");
	ROWS("attn == 3 and consent == 1", "1 2 6 7 8 9 11 12");
	ROWS("1 == 1", ALL);
	ROWS("1 < 0", "");
	ROWS("x > big", "");
	ROWS("x <= attn", "2 6 8");
}

TEST(filter_compares_texts)
{
	ROWS("finished == 'True'", "1 2 4 5 6 8 9 10 11 12");
	ROWS("finished != 'True'", "3 7");
	ROWS("finished == 'true'", ""); /* case-sensitive */
	ROWS("scenario == 'Fix only'", "1 4 8 11");
	ROWS("scenario != 'Fix only'", "2 3 5 7 9 10 12"); /* row 6 is missing: unknown */
	/* byte order: "Fix + apology" < "Fix only" < "Full recovery" */
	ROWS("scenario < 'Fix only'", "2 5 9 12");
	ROWS("scenario <= 'Fix + apology'", "2 5 9 12");
	ROWS("scenario > 'Fix only'", "3 7 10");
	ROWS("scenario >= 'Full recovery'", "3 7 10");
	ROWS("scenario == scenario", "1 2 3 4 5 7 8 9 10 11 12");
	ROWS("finished == scenario", "");
	ROWS("'it''s' == 'it''s' and 'a' < 'b'", ALL);
	ROWS("'' < 'a'", ALL);
}

TEST(filter_in_lists)
{
	ROWS("attn in (1, 2)", "4 10");
	ROWS("attn in (3)", "1 2 3 5 6 7 8 9 11 12");
	ROWS("attn not in (3)", "4 10");
	ROWS("attn in (-1 + 3, 0.5 * 2)", "4 10");
	ROWS("consent in (1, 0)", "1 2 3 4 6 7 8 9 10 11 12");
	ROWS("consent not in (1)", "3"); /* row 5: unknown */
	/* a missing constant (1/0): no match is unknown, as SQL's x IN (2, NULL) */
	ROWS("attn in (2, 1/0)", "4");
	ROWS("attn not in (2, 1/0)", "");
	ROWS("scenario in ('Fix only', 'Full recovery')", "1 3 4 7 8 10 11");
	ROWS("scenario not in ('Fix only')", "2 3 5 7 9 10 12");
	ROWS("scenario in ('Fix only', 'Fix only', 'fix only')", "1 4 8 11");
	/* a list long enough for the binary search to matter */
	ROWS("id in (1, 2, 3, 101, 4, 5, 6, 7, 8, 9, 110, 10, 11, 12, 13, 14, 15, 112)", "1 10 12");
}

TEST(filter_missing)
{
	ROWS("missing(consent)", "5");
	ROWS("missing(scenario)", "6");
	ROWS("not missing(consent)", "1 2 3 4 6 7 8 9 10 11 12");
	ROWS("missing(consent) or consent == 1", "1 2 4 5 6 7 8 9 10 11 12");
	ROWS("missing(\"Duration (in seconds)\" + consent)", "5");
	ROWS("missing(empty)", ALL);
	ROWS("missing('text')", "");
}

TEST(filter_arithmetic)
{
	ROWS("\"Duration (in seconds)\" / 60 > 5", "3 7 8 10 12");
	ROWS("\"Duration (in seconds)\" - 300 == 0", "1");
	ROWS("2 * attn == 6", "1 2 3 5 6 7 8 9 11 12");
	ROWS("attn + 1 == 4", "1 2 3 5 6 7 8 9 11 12");
	ROWS("-attn == -3", "1 2 3 5 6 7 8 9 11 12");
	ROWS("+attn == 3", "1 2 3 5 6 7 8 9 11 12");
	ROWS("- -attn == 3", "1 2 3 5 6 7 8 9 11 12");
	ROWS("x / x == 1", "1 2 3 4 5 6 7 8 9 10 12");
	/* division by zero and overflow give missing values, not infinities */
	ROWS("attn / 0 == 1", "");
	ROWS("missing(attn / 0)", ALL);
	ROWS("missing(attn / (attn - 3))", "1 2 3 5 6 7 8 9 11 12");
	ROWS("x * 1e308 > 0", "6");
	ROWS("missing(x * 1e308)", "1 2 3 4 5 7 8 9 10 11 12");
	ROWS("missing(1e308 + 1e308)", ALL);
}

TEST(filter_precedence)
{
	ROWS("1 + 2 * 3 == 7", ALL);
	ROWS("(1 + 2) * 3 == 9", ALL);
	ROWS("10 - 4 - 3 == 3", ALL);  /* left to right */
	ROWS("12 / 3 / 2 == 2", ALL);
	ROWS("2 * 3 - 1 == 5", ALL);
	ROWS("-2 * -3 == 6", ALL);
	ROWS("8 - 2 * 3 + 1 == 3", ALL);
	ROWS("1 - -1 == 2", ALL);
	/* and binds tighter than or; not looser than comparisons */
	ROWS("consent == 1 or attn == 2 and consent == 0", "1 2 4 6 7 8 9 10 11 12");
	ROWS("(consent == 1 or attn == 2) and consent == 0", "");
	ROWS("not consent == 1 and attn == 3", "3");
	ROWS("not (consent == 1 and attn == 3)", "3 4 10");
	ROWS("not not consent == 1", "1 2 4 6 7 8 9 10 11 12");
	ROWS("attn == 1 or attn == 2 or consent == 0", "3 4 10");
	ROWS("((((consent == 1))))", "1 2 4 6 7 8 9 10 11 12");
}

TEST(filter_three_valued_logic)
{
	/* row 5 has no consent: the comparison is unknown there */
	ROWS("consent == 1 or attn == 3", ALL);                        /* unknown or true = true */
	ROWS("consent == 1 and attn == 3", "1 2 6 7 8 9 11 12");       /* unknown and true = unknown */
	ROWS("consent == 0 or attn == 1", "3 10");                     /* unknown or false = unknown */
	ROWS("not (consent == 0 and attn == 1)", ALL);                 /* unknown and false = false */
	ROWS("not (consent == 0 or attn == 1)", "1 2 4 6 7 8 9 11 12"); /* not unknown = unknown */
	ROWS("not consent == 1", "3");
	ROWS("consent == 1 or not consent == 1", "1 2 3 4 6 7 8 9 10 11 12");
	ROWS("consent == 1 or not consent == 1 or missing(consent)", ALL);
}

TEST(filter_text_column_of_numbers)
{
	/* code: "007", "12", "3", -, "8", "9", "10", "11", "2.5", "-1", "1e2", " 4 " */
	ROWS("code == 7", "1");
	ROWS("code == '007'", "1");
	ROWS("code == '7'", "");
	ROWS("code > 9", "2 7 8 11");
	ROWS("code * 2 == 5", "9");
	ROWS("code in (3, 100)", "3 11");
	ROWS("code in ('3', '100')", "3");
	ROWS("code >= median(code)", "2 5 6 7 8 11");
	ROWS("missing(code)", "4");
	ROWS("code == x", "");
}

TEST(filter_quoting_and_names)
{
	ROWS("\"Duration (in seconds)\" >= median(\"Duration (in seconds)\") / 3", "1 3 4 7 8 10 12");
	ROWS("\"it's \"\"odd\"\"\" == 3", "3");
	ROWS("\"and\" == 1", "2 4 6 8 10 12");
	ROWS("median == 5", ALL);     /* a column, since no '(' follows */
	ROWS("median(median) == 5", ALL);
	ROWS("\"consent\" == 1", "1 2 4 6 7 8 9 10 11 12");
	ROWS("sat_1 == 5 and inv_1 == 4", "1");
	/* keywords and functions in any case */
	ROWS("consent == 1 AND attn == 3", "1 2 6 7 8 9 11 12");
	ROWS("NOT consent == 1 Or attn IN (1, 2)", "3 4 10");
	ROWS("attn NOT IN (3)", "4 10");
	ROWS("MEDIAN(x) == 7 and Missing(consent)", "5");
	/* white space, tabs and line breaks anywhere between tokens */
	ROWS("consent\n==\t1\r\nand\tattn==3", "1 2 6 7 8 9 11 12");
	ROWS("consent==1", "1 2 4 6 7 8 9 10 11 12");
}

TEST(filter_number_notation)
{
	ROWS(".5 * 2 == 1", ALL);
	ROWS("5. == 5", ALL);
	ROWS("1e3 == 1000 and 1E-3 * 1000 == 1 and 2.5e+1 == 25", ALL);
	ROWS("0.1 + 0.2 > 0.3", ALL); /* doubles, as in C and R */
	ROWS("007 == 7", ALL);
	ROWS("1e-400 == 0", ALL);
}
