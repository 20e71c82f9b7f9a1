/* io/doc: a number that is not finite is written as null and named in a note (issue 11). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/doc.h"
#include "test.h"

static int has_note(const json_t *doc, const char *line)
{
	const json_t *notes = json_object_get(doc, "notes");

	for (size_t i = 0; i < json_array_size(notes); i++)
		if (strcmp(json_string_value(json_array_get(notes, i)), line) == 0)
			return 1;
	return 0;
}

TEST(doc_explain_names_values_not_computed)
{
	json_t *doc = doc_new("test", "f.csv", 3, 3), *anova = doc_obj(doc, "anova"), *rows = doc_arr(doc, "posthoc");
	json_t *nested = doc_obj(doc_push_obj(doc_arr(doc, "scales")), "fit");
	const char *names[] = {"a - b", "c - b", "c - a", "d - a", "d - b"};
	char *text;

	doc_num(anova, "F", NAN);
	doc_num(anova, "p", 0.5);
	doc_num(anova, "eta2", INFINITY);
	doc_num(anova, "eta2", 0.25); /* set again: computed after all */
	for (size_t i = 0; i < 5; i++) {
		json_t *row = doc_push_obj(rows);
		doc_str(row, "pair", names[i]);
		doc_num(row, "p", i == 2 ? 0.1 : -INFINITY);
		doc_num_noted(row, "d", NAN);
	}
	doc_num(nested, "r2", NAN);
	doc_num_why(doc, anova, "omega2", NAN, "too few cases");
	doc_explain(doc);
	CHECK(has_note(doc, "anova: F could not be computed (null)"));
	CHECK(has_note(doc, "posthoc: p could not be computed (null) for 4 rows ('a - b', 'c - b', 'd - a', ...)"));
	CHECK(has_note(doc, "scales row 1: fit: r2 could not be computed (null)"));
	CHECK(has_note(doc, "omega2 is not defined here (too few cases)"));
	CHECK_INT(json_array_size(json_object_get(doc, "notes")), 4);
	/* the marks are gone, the values are null, nothing says nan or inf */
	text = json_dumps(doc, JSON_COMPACT);
	CHECK(text && !strstr(text, "_undefined") && !strstr(text, "nan") && !strstr(text, "inf"));
	CHECK(json_is_null(json_object_get(anova, "F")));
	CHECK(json_real_value(json_object_get(anova, "eta2")) == 0.25);
	free(text);
	json_decref(doc);
}

static const char *line_of(const void *lines, size_t i)
{
	return ((char *const *)lines)[i];
}

/* doc_line_said, the rule doc_note and the report's notes share: a line among the first or the
 * last DOC_SAME_LINES lines is said; one only in between (of a longer list) is not looked for. */
TEST(doc_line_said_looks_at_the_first_and_last_lines)
{
	size_t n = 2 * DOC_SAME_LINES + 10; /* lines DOC_SAME_LINES .. DOC_SAME_LINES + 9 are in between */
	char **v = calloc(n, sizeof *v);

	CHECK(v != NULL);
	for (size_t i = 0; v && i < n; i++)
		if ((v[i] = malloc(32)))
			snprintf(v[i], 32, "line %zu", i);
	if (v) {
		CHECK_INT(doc_line_said(v[0], v, n, line_of), 1);
		CHECK_INT(doc_line_said(v[DOC_SAME_LINES - 1], v, n, line_of), 1);
		CHECK_INT(doc_line_said(v[DOC_SAME_LINES + 5], v, n, line_of), 0);
		CHECK_INT(doc_line_said(v[DOC_SAME_LINES + 10], v, n, line_of), 1);
		CHECK_INT(doc_line_said(v[n - 1], v, n, line_of), 1);
		CHECK_INT(doc_line_said(v[DOC_SAME_LINES + 5], v, DOC_SAME_LINES + 6, line_of), 1);
		CHECK_INT(doc_line_said("other", v, n, line_of), 0);
		CHECK_INT(doc_line_said(v[0], v, 0, line_of), 0);
		for (size_t i = 0; i < n; i++)
			free(v[i]);
	}
	free(v);
}
