/* io/filter: every error, with its position, message and suggested exit code: syntax, unknown
 * functions and columns with the closest names, types, arguments, data that cannot give a
 * whole-column value, the length and depth caps; and the one-line and caret renderings. */
#include "test.h"

#include <stdlib.h>
#include <string.h>

#include "filter_table.h"
#include "io/strbuf.h"

struct outcome {
	int code;
	enum filter_problem problem;
	size_t column;
	char message[sizeof ((struct filter_error *)0)->message];
};

static struct outcome try(const char *expr)
{
	struct filter_table t;
	struct filter_program *p;
	struct filter_error err;
	struct outcome o;

	filter_table_init(&t);
	o.code = filter_try(&t, expr, &p, &err);
	o.problem = o.code ? err.problem : FILTER_OK;
	o.column = o.code ? err.column : 0;
	strcpy(o.message, o.code ? err.message : "");
	filter_program_free(p);
	filter_table_free(&t);
	return o;
}

static void check_error(const char *expr, int code, enum filter_problem problem, const char *message, int line)
{
	struct outcome o = try(expr);

	test_check_int(o.code, code, expr, __FILE__, line);
	test_check_int(o.problem, problem, expr, __FILE__, line);
	test_check_str(o.message, message, expr, __FILE__, line);
}

#define ERROR(expr, code, problem, message) check_error(expr, code, problem, message, __LINE__)
#define SYNTAX(expr, message) ERROR(expr, SK_EXIT_USAGE, FILTER_SYNTAX, message)

TEST(filter_syntax_errors_point_at_the_character)
{
	struct outcome o = try("consent = 1");

	CHECK_INT(o.column, 9);
	SYNTAX("consent = 1", "syntax error at character 9: expected '==' to compare (a single '=' is not an operator)");
	SYNTAX("consent == ", "syntax error at character 12: expected a value (a number, 'text', a column or '('), "
			  "found the end of the expression");
	SYNTAX("(consent == 1", "syntax error at character 14: expected ')' to close the '(' at character 1, found "
			    "the end of the expression");
	SYNTAX("missing(consent == 1", "syntax error at character 21: expected ')' to close the '(' at character 8, "
				   "found the end of the expression");
	SYNTAX("consent == 1)", "syntax error at character 13: expected an operator or the end of the expression, "
			    "found ')'");
	SYNTAX("consent 1", "syntax error at character 9: expected an operator or the end of the expression, found '1'");
	SYNTAX("1 < attn < 3", "syntax error at character 10: comparisons do not chain: join them with 'and' (a < b "
			   "and b < c)");
	SYNTAX("attn in (1) in (2)", "syntax error at character 13: comparisons do not chain: join them with 'and' (a "
				 "< b and b < c)");
	SYNTAX("consent == 1 && attn == 3", "syntax error at character 14: '&' is not an operator: write 'and'");
	SYNTAX("consent == 1 || attn == 3", "syntax error at character 14: '|' is not an operator: write 'or'");
	SYNTAX("!missing(x)", "syntax error at character 1: '!' is not an operator: write 'not'");
	SYNTAX("attn <> 3", "syntax error at character 6: '<>' is not an operator: write '!='");
	SYNTAX("`attn` == 3", "syntax error at character 1: names that are not identifiers go in double quotes, not "
			  "backquotes");
	SYNTAX("attn == 3 % 2", "syntax error at character 11: unexpected character '%'");
	SYNTAX("attn == 3 ^ 2", "syntax error at character 11: unexpected character '^'");
	SYNTAX("attn == \x01", "syntax error at character 9: unexpected character '\\x01'");
	SYNTAX("scenario == 'Fix only", "syntax error at character 13: the string that starts here is not closed (a "
				    "quote inside is written '')");
	SYNTAX("\"Duration == 1", "syntax error at character 1: the name that starts here is not closed (a double "
			      "quote inside is written \"\")");
	SYNTAX("\"\" == 1", "syntax error at character 1: empty column name");
	SYNTAX("attn == 1.2.3", "syntax error at character 9: malformed number (numbers are written like 12, 0.5, .5 "
			    "or 1e-3)");
	SYNTAX("attn == 12abc", "syntax error at character 9: malformed number (numbers are written like 12, 0.5, .5 "
			    "or 1e-3)");
	SYNTAX("attn == 1e", "syntax error at character 9: malformed number (numbers are written like 12, 0.5, .5 or "
			 "1e-3)");
	SYNTAX("attn == 0x10", "syntax error at character 9: malformed number (numbers are written like 12, 0.5, .5 or "
			   "1e-3)");
	SYNTAX("attn == 1e400", "syntax error at character 9: the number is too large");
	SYNTAX("consent == 1 or", "syntax error at character 16: expected a value (a number, 'text', a column or '('), "
			      "found the end of the expression");
	SYNTAX("and == 1", "syntax error at character 1: expected a value (a column named like a keyword goes in "
			   "double quotes), found 'and'");
	SYNTAX("attn in 1, 2", "syntax error at character 9: expected '(' and a list of values after 'in', found '1'");
	SYNTAX("attn in ()", "syntax error at character 10: the list after 'in' is empty");
	SYNTAX("attn not 3", "syntax error at character 10: expected 'in' after 'not', found '3'");
	SYNTAX("attn == not 3", "syntax error at character 9: expected a value (a column named like a keyword goes in "
				"double quotes), found 'not'");
	SYNTAX("\"attn\"(1) == 3", "syntax error at character 7: expected an operator or the end of the expression, "
				   "found '('");
	SYNTAX("attn in (x, 1)", "syntax error at character 10: the values after 'in' must be constants (numbers or "
				 "'texts')");
	ERROR("", SK_EXIT_USAGE, FILTER_SYNTAX, "the expression is empty");
	ERROR(" \t\n", SK_EXIT_USAGE, FILTER_SYNTAX, "the expression is empty");
}

TEST(filter_positions_count_characters_not_bytes)
{
	struct outcome o = try("\"größe\" = 1");

	CHECK_INT(o.column, 9);
	SYNTAX("'Ünïcödé' == scenario and x = 1", "syntax error at character 29: expected '==' to compare (a single '=' "
						   "is not an operator)");
}

TEST(filter_unknown_functions)
{
	ERROR("medain(x) > 1", SK_EXIT_USAGE, FILTER_FUNCTION, "unknown function 'medain' at character 1; did you mean "
							       "'median' or 'mean'?");
	ERROR("x > foo(x)", SK_EXIT_USAGE, FILTER_FUNCTION, "unknown function 'foo' at character 5 (the functions are "
							    "missing, median, mean, sd, quantile, too_fast, "
							    "straightlining, duplicate_id)");
	ERROR("not straightlinning()", SK_EXIT_USAGE, FILTER_FUNCTION, "unknown function 'straightlinning' at "
								       "character 5; did you mean 'straightlining'?");
}

TEST(filter_quality_step_alone_is_refused)
{
	ERROR("straightlining()", SK_EXIT_USAGE, FILTER_FUNCTION, "a quality step alone at character 1: straightlining() "
								  "is true for the rows to remove, so this filter would "
								  "keep only those; write 'not straightlining(...)' to "
								  "remove them");
	ERROR("(duplicate_id())", SK_EXIT_USAGE, FILTER_FUNCTION, "a quality step alone at character 2: duplicate_id() "
								  "is true for the rows to remove, so this filter would "
								  "keep only those; write 'not duplicate_id(...)' to "
								  "remove them");
	ERROR("TOO_FAST(x, 0.5)", SK_EXIT_USAGE, FILTER_FUNCTION, "a quality step alone at character 1: too_fast() is "
								  "true for the rows to remove, so this filter would keep "
								  "only those; write 'not too_fast(...)' to remove them");
	/* within an expression they are ordinary conditions */
	ERROR("straightlining() or duplicate_id()", SK_EXIT_OK, FILTER_OK, "");
	ERROR("not not straightlining()", SK_EXIT_OK, FILTER_OK, "");
}

TEST(filter_argument_errors)
{
	ERROR("median(x, 2) > 1", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 1: median() takes a "
								  "column name, not 2 arguments");
	ERROR("x > quantile(x)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 5: quantile() takes a "
								 "column name and p, not 1 argument");
	ERROR("missing()", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 1: missing() takes a value, "
							   "not 0 arguments");
	ERROR("duplicate_id(id)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 1: duplicate_id() takes "
								  "nothing, not 1 argument");
	ERROR("straightlining(a, b)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 1: straightlining() "
								      "takes nothing, or a scale name, not 2 arguments");
	ERROR("too_fast(x)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 1: too_fast() takes a column "
							     "name and a fraction of its median, not 1 argument");
	ERROR("x > median(1)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 12: median() takes a "
							       "column name");
	ERROR("x > mean(x + 1)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 10: mean() takes a "
								 "column name");
	ERROR("x > sd('x')", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 8: sd() takes a column name");
	ERROR("x > quantile(x, 2)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 17: quantile()'s p "
								    "must be between 0 and 1");
	ERROR("x > quantile(x, -0.5)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 17: quantile()'s "
								       "p must be between 0 and 1");
	ERROR("x > quantile(x, 1/0)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 17: quantile()'s p "
								      "must be between 0 and 1");
	ERROR("x > quantile(x, x)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 17: quantile()'s p "
								    "must be a constant number");
	ERROR("not too_fast(x, 0)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 17: too_fast()'s fraction "
								"must be above 0");
	ERROR("not too_fast(x, -1)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 17: too_fast()'s "
								 "fraction must be above 0");
	ERROR("not too_fast(x, 'a')", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 17: too_fast()'s "
								  "fraction must be a constant number");
	ERROR("missing(consent == 1)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 17: missing() "
								       "takes a value, not a condition");
	ERROR("not straightlining(1)", SK_EXIT_USAGE, FILTER_FUNCTION, "wrong arguments at character 20: straightlining() "
								   "takes nothing, or a scale name");
}

TEST(filter_unknown_names_suggest_the_closest)
{
	ERROR("consnt == 1", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown column 'consnt' at character 1; did you mean "
							    "'consent'?");
	ERROR("Consent == 1", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown column 'Consent' at character 1; did you mean "
							     "'consent'?");
	ERROR("Duration > 100", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown column 'Duration' at character 1; did you mean "
							       "'Duration (in seconds)'?");
	ERROR("\"Duration (in secs)\" > 100", SK_EXIT_INPUT, FILTER_UNKNOWN,
	      "unknown column 'Duration (in secs)' at character 1; did you mean 'Duration (in seconds)'?");
	ERROR("sat == 1", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown column 'sat' at character 1; did you mean 'sat_1', "
							 "'sat_2' or 'sat_3'?");
	ERROR("sat_5 == 1", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown column 'sat_5' at character 1; did you mean "
							   "'sat_1', 'sat_2' or 'sat_3'?");
	ERROR("atn == 1", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown column 'atn' at character 1; did you mean 'attn'?");
	ERROR("x > 1 and scenario == 1 and consnt == 1", SK_EXIT_INPUT, FILTER_UNKNOWN,
	      "unknown column 'consnt' at character 29; did you mean 'consent'?");
	ERROR("scenario == Fix", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown column 'Fix' at character 13 (a text value goes "
								"in single quotes: 'Fix')");
	ERROR("\"zzzz\" == 1", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown column 'zzzz' at character 1");
	ERROR("x > median(xx)", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown column 'xx' at character 12; did you mean 'x'?");
	ERROR("not straightlining(satisfactoin)", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown scale 'satisfactoin' at character "
									     "20; did you mean 'satisfaction'?");
	ERROR("not straightlining(trust)", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown scale 'trust' at character 20 (the data "
								      "has 2 scales)");
	/* a name with control characters is shown escaped, on one line */
	ERROR("\"a\tb\nc\" == 1", SK_EXIT_INPUT, FILTER_UNKNOWN, "unknown column 'a\\x09b\\x0Ac' at character 1");
}

TEST(filter_type_errors_name_the_column)
{
	ERROR("scenario == 1", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 1: column 'scenario' is text (it "
							   "holds 'Fix only', not a number), compared with a number");
	ERROR("1 != finished", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 6: column 'finished' is text (it "
							   "holds 'True', not a number), compared with a number");
	ERROR("consent == 'yes'", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 1: column 'consent' is numeric, "
							      "compared with the text 'yes'");
	ERROR("'consent' == 1", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 1: the text 'consent' (a column name "
							    "goes in double quotes), compared with a number");
	ERROR("1 + 1 == 'two'", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 10: the text 'two', compared with a "
							    "number");
	ERROR("consent", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 1: column 'consent' is numeric, but a filter "
						     "must be a condition (a comparison such as finished == 1, missing(), "
						     "in, or a quality step)");
	ERROR("median(x)", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 1: median() gives a number, but a filter "
						       "must be a condition (a comparison such as finished == 1, "
						       "missing(), in, or a quality step)");
	ERROR("x + 1", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 1: this gives a number, but a filter must be a "
						   "condition (a comparison such as finished == 1, missing(), in, or a "
						   "quality step)");
	ERROR("'yes'", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 1: the text 'yes', but a filter must be a "
						   "condition (a comparison such as finished == 1, missing(), in, or a "
						   "quality step)");
	ERROR("consent and attn == 3", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 1: column 'consent' is "
								   "numeric, joined by 'and', which needs conditions "
								   "(e.g. finished == 1)");
	ERROR("attn == 3 or 1", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 14: the number 1, joined by 'or', "
							    "which needs conditions (e.g. finished == 1)");
	ERROR("not finished", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 5: column 'finished' is text, after "
							  "'not', which needs a condition (e.g. finished == 1)");
	ERROR("(consent == 1) == (attn == 3)", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 16: conditions cannot "
									   "be compared (join them with 'and' or 'or')");
	ERROR("consent + finished == 1", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 11: column 'finished' is "
								     "text (it holds 'True', not a number), in "
								     "arithmetic");
	ERROR("-scenario == 1", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 2: column 'scenario' is text (it "
							    "holds 'Fix only', not a number), after a sign");
	ERROR("-(attn == 1) == 1", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 8: this gives a condition, after "
							       "a sign");
	ERROR("median(x) + straightlining() > 1", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 13: "
									      "straightlining() gives a condition, in "
									      "arithmetic");
	ERROR("attn in ('a', 1)", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 15: the list after 'in' mixes "
							      "numbers and texts");
	ERROR("attn in (1, 'a')", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 13: the list after 'in' mixes "
							      "numbers and texts");
	ERROR("scenario in (1, 2)", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 1: column 'scenario' is text (it "
								"holds 'Fix only', not a number), compared with the numbers "
								"after 'in'");
	ERROR("attn in ('a')", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 1: column 'attn' is numeric, "
							   "compared with the texts after 'in'");
	ERROR("x > median(scenario)", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 12: column 'scenario' is text "
								  "(it holds 'Fix only', not a number), given to "
								  "median(), which needs numbers");
	ERROR("not too_fast(finished, 0.5)", SK_EXIT_INPUT, FILTER_TYPE, "type error at character 14: column 'finished' is "
								     "text (it holds 'True', not a number), given to "
								     "too_fast(), which needs numbers");
}

TEST(filter_data_that_cannot_give_a_value)
{
	struct filter_table t;
	struct filter_program *p;
	struct filter_error err;

	ERROR("x > median(empty)", SK_EXIT_ANALYSIS, FILTER_NO_DATA, "cannot compute at character 5: median() of column "
								     "'empty': the column has no values");
	ERROR("x > quantile(empty, 0.5)", SK_EXIT_ANALYSIS, FILTER_NO_DATA, "cannot compute at character 5: quantile() "
									    "of column 'empty': the column has no "
									    "values");
	ERROR("not too_fast(empty, 0.5)", SK_EXIT_ANALYSIS, FILTER_NO_DATA, "cannot compute at character 5: median() "
									    "of column 'empty': the column has no values");
	ERROR("x > sd(one)", SK_EXIT_ANALYSIS, FILTER_NO_DATA, "cannot compute at character 5: sd() of column 'one': the "
							       "column has 1 value and sd needs 2");
	ERROR("x > mean(empty)", SK_EXIT_ANALYSIS, FILTER_NO_DATA, "cannot compute at character 5: mean() of column "
								   "'empty': the column has no values");

	filter_table_init(&t);
	t.source.src.id_column = SIZE_MAX;
	CHECK_INT(filter_try(&t, "not duplicate_id()", &p, &err), SK_EXIT_ANALYSIS);
	CHECK_STR(err.message, "cannot compute at character 5: duplicate_id() needs an id column and the data has none "
			       "(give it role id in the codebook)");
	t.source.scales[1].k = 2;
	CHECK_INT(filter_try(&t, "not straightlining(involvement)", &p, &err), SK_EXIT_ANALYSIS);
	CHECK_STR(err.message, "cannot compute at character 5: straightlining() needs at least 3 items and the scale has 2");
	t.source.scales[1].k = 3;
	t.source.scales[1].items[0] = 4; /* scenario, a text column */
	CHECK_INT(filter_try(&t, "not straightlining()", &p, &err), SK_EXIT_INPUT);
	CHECK_STR(err.message, "type error at character 5: straightlining() needs numeric items and 'scenario' is text");
	t.source.src.n_scales = 0;
	CHECK_INT(filter_try(&t, "not straightlining()", &p, &err), SK_EXIT_ANALYSIS);
	CHECK_STR(err.message, "cannot compute at character 5: straightlining() needs scale items and the data has no "
			       "scales (give a codebook that assigns items to scales)");
	CHECK(p == NULL);
	filter_table_free(&t);
}

/* "1 == 1 and 1 == 1 and ..." of about n bytes */
static char *long_expression(size_t n)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_adds(&b, "1 == 1");
	while (b.len + 11 <= n)
		strbuf_adds(&b, " and 1 == 1");
	return strbuf_take(&b);
}

static char *nested(size_t depth, const char *open, const char *middle, const char *close)
{
	struct strbuf b = STRBUF_INIT;

	for (size_t i = 0; i < depth; i++)
		strbuf_adds(&b, open);
	strbuf_adds(&b, middle);
	for (size_t i = 0; i < depth; i++)
		strbuf_adds(&b, close);
	return strbuf_take(&b);
}

TEST(filter_length_and_depth_are_capped)
{
	struct filter_table t;
	struct filter_program *p;
	struct filter_error err;
	char *s;

	filter_table_init(&t);
	/* the longest expression allowed parses and runs: a flat chain, no deep recursion */
	s = long_expression(FILTER_MAX_LENGTH);
	CHECK(strlen(s) > FILTER_MAX_LENGTH - 11 && strlen(s) <= FILTER_MAX_LENGTH);
	CHECK_STR(filter_rows(&t, s), "1 2 3 4 5 6 7 8 9 10 11 12");
	free(s);
	s = malloc(FILTER_MAX_LENGTH + 2);
	memset(s, ' ', FILTER_MAX_LENGTH + 1);
	s[FILTER_MAX_LENGTH + 1] = '\0';
	CHECK_INT(filter_try(&t, s, &p, &err), SK_EXIT_USAGE);
	CHECK_INT(err.problem, FILTER_TOO_LONG);
	CHECK_INT(err.column, 0);
	CHECK_STR(err.message, "the expression is too long: more than 65536 bytes");
	free(s);

	s = nested(FILTER_MAX_DEPTH, "(", "attn == 1", ")");
	CHECK_STR(filter_rows(&t, s), "10");
	free(s);
	s = nested(FILTER_MAX_DEPTH + 1, "(", "attn == 1", ")");
	CHECK_INT(filter_try(&t, s, &p, &err), SK_EXIT_USAGE);
	CHECK_INT(err.problem, FILTER_TOO_DEEP);
	CHECK_STR(err.message, "the expression nests too deep at character 257: at most 256 levels of parentheses, "
			       "function calls, lists, 'not' and signs");
	free(s);
	s = nested(FILTER_MAX_DEPTH, "not ", "attn == 1", "");
	CHECK_STR(filter_rows(&t, s), "10");
	free(s);
	s = nested(FILTER_MAX_DEPTH + 1, "not ", "attn == 1", "");
	CHECK_INT(filter_try(&t, s, &p, &err), SK_EXIT_USAGE);
	CHECK_INT(err.column, 1025);
	free(s);
	s = nested(100000, "-", "1", "");
	CHECK_INT(filter_try(&t, s, &p, &err), SK_EXIT_USAGE);
	CHECK_INT(err.problem, FILTER_TOO_LONG);
	free(s);
	s = nested(FILTER_MAX_DEPTH + 1, "-", "attn == -1", "");
	CHECK_INT(filter_try(&t, s, &p, &err), SK_EXIT_USAGE);
	CHECK_INT(err.problem, FILTER_TOO_DEEP);
	free(s);
	s = nested(FILTER_MAX_DEPTH + 1, "missing(", "1", ")");
	CHECK_INT(filter_try(&t, s, &p, &err), SK_EXIT_USAGE);
	CHECK_INT(err.problem, FILTER_TOO_DEEP);
	free(s);
	/* right-nested arithmetic as deep as allowed: a stack of 256 blocks */
	s = nested(FILTER_MAX_DEPTH - 1, "(1 + ", "attn", ")");
	{
		struct strbuf b = STRBUF_INIT;
		strbuf_addf(&b, "%s == 258", s);
		CHECK_STR(filter_rows(&t, strbuf_str(&b)), "1 2 3 5 6 7 8 9 11 12");
		strbuf_release(&b);
	}
	free(s);
	filter_table_free(&t);
}

TEST(filter_error_renderings)
{
	struct filter_table t;
	struct filter_program *p;
	struct filter_error err;
	struct strbuf b = STRBUF_INIT;
	char *s;

	filter_table_init(&t);
	CHECK_INT(filter_try(&t, "consent = 1", &p, &err), SK_EXIT_USAGE);
	filter_error_line(&b, "--filter", "consent = 1", &err);
	CHECK_STR(strbuf_str(&b), "--filter 'consent = 1': syntax error at character 9: expected '==' to compare (a "
				  "single '=' is not an operator)");
	strbuf_reset(&b);
	filter_error_caret(&b, "consent = 1", &err);
	CHECK_STR(strbuf_str(&b), "  consent = 1\n          ^\n");
	strbuf_reset(&b);

	/* a long expression: cut in the line, a window around the fault with the caret */
	s = long_expression(400);
	s[200] = '=';
	s[201] = ' ';
	CHECK_INT(filter_try(&t, s, &p, &err), SK_EXIT_USAGE);
	filter_error_line(&b, "--filter", s, &err);
	CHECK_STR(strbuf_str(&b), "--filter '1 == 1 and 1 == 1 and 1 == 1 and 1 == 1 and 1 == 1 and 1 == 1 and 1 == 1 "
				  "and 1 =...': syntax error at character 201: expected '==' to compare (a single '=' "
				  "is not an operator)");
	strbuf_reset(&b);
	filter_error_caret(&b, s, &err);
	CHECK_STR(strbuf_str(&b), "  ...1 and 1 == 1 and 1 == 1 and 1 =  1 and 1 == 1 and 1 == 1 and...\n"
				  "                                   ^\n");
	strbuf_reset(&b);
	free(s);

	/* control characters: escaped in the line, blanks in the caret form; UTF-8 counted as characters */
	CHECK_INT(filter_try(&t, "\"größe\"\n= 1", &p, &err), SK_EXIT_USAGE);
	filter_error_line(&b, "--filter", "\"größe\"\n= 1", &err);
	CHECK_STR(strbuf_str(&b), "--filter '\"größe\"\\x0A= 1': syntax error at character 9: expected '==' to compare (a "
				  "single '=' is not an operator)");
	strbuf_reset(&b);
	filter_error_caret(&b, "\"größe\"\n= 1", &err);
	CHECK_STR(strbuf_str(&b), "  \"größe\" = 1\n          ^\n");
	strbuf_reset(&b);

	/* bytes that are not UTF-8: escaped in messages, '?' in the caret form, one character each */
	CHECK_INT(filter_try(&t, "\"\xff\xfe\" = 1", &p, &err), SK_EXIT_USAGE);
	CHECK_INT(err.column, 6);
	filter_error_caret(&b, "\"\xff\xfe\" = 1", &err);
	CHECK_STR(strbuf_str(&b), "  \"??\" = 1\n       ^\n");
	strbuf_reset(&b);
	CHECK_INT(filter_try(&t, "\xc3\xa9\xc3 = 1", &p, &err), SK_EXIT_USAGE);
	filter_error_line(&b, "--filter", "\xc3\xa9\xc3 = 1", &err);
	CHECK_STR(strbuf_str(&b), "--filter 'é\\xC3 = 1': syntax error at character 4: expected '==' to compare (a "
				  "single '=' is not an operator)");
	strbuf_reset(&b);
	CHECK_INT(filter_try(&t, "\xff\xc0\xaf == 1", &p, &err), SK_EXIT_INPUT);
	CHECK_STR(err.message, "unknown column '\\xFF\\xC0\\xAF' at character 1 (a text value goes in single quotes: "
			       "'\\xFF\\xC0\\xAF')");
	CHECK_INT(filter_try(&t, "\xed\xa0\x80x = 1", &p, &err), SK_EXIT_USAGE); /* a surrogate: 3 bytes */
	CHECK_INT(err.column, 6);

	/* an error about the whole expression has no caret */
	CHECK_INT(filter_try(&t, "", &p, &err), SK_EXIT_USAGE);
	filter_error_caret(&b, "", &err);
	CHECK_STR(strbuf_str(&b), "");
	filter_error_line(&b, "--filter", "", &err);
	CHECK_STR(strbuf_str(&b), "--filter '': the expression is empty");
	strbuf_release(&b);
	filter_table_free(&t);
}
