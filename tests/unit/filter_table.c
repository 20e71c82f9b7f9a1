/* The filter tests' table (tests/unit/filter_table.h). */
#include "filter_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/strbuf.h"
#include "test.h"

#define NA NAN

enum { C_ID, C_CONSENT, C_FINISHED, C_DURATION, C_SCENARIO, C_ATTN, C_SAT, C_INV = C_SAT + 4, C_CODE = C_INV + 3,
       C_X, C_BIG, C_ONE, C_EMPTY, C_ODD, C_AND, C_MEDIAN, C_COUNT };

static const char *const names[C_COUNT] = {
	"id", "consent", "finished", "Duration (in seconds)", "scenario", "attn", "sat_1", "sat_2", "sat_3", "sat_4",
	"inv_1", "inv_2", "inv_3", "code", "x", "big", "one", "empty", "it's \"odd\"", "and", "median",
};

static const double id[] = {101, 102, 103, 103, 105, 106, 107, 102, 109, 110, 111, 112};
static const double consent[] = {1, 1, 0, 1, NA, 1, 1, 1, 1, 1, 1, 1};
static const char *const finished[] = {"True", "True", "False", "True", "True", "True",
				       "False", "True", "True", "True", "True", "True"};
static const double duration[] = {300, 45, 600, 250, NA, 80, 400, 1000, 20, 350, 95, 410};
static const char *const scenario[] = {"Fix only", "Fix + apology", "Full recovery", "Fix only",
				       "Fix + apology", NULL, "Full recovery", "Fix only",
				       "Fix + apology", "Full recovery", "Fix only", "Fix + apology"};
static const double attn[] = {3, 3, 3, 2, 3, 3, 3, 3, 3, 1, 3, 3};
static const double items[][7] = {
	{5, 5, 5, 5, 4, 4, 4}, {6, 6, 6, 6, 6, 6, 6}, {3, 4, 5, 2, 4, 5, 3}, {7, 6, 7, 5, 2, 3, 2},
	{4, NA, NA, NA, NA, NA, NA}, {2, 2, 2, NA, NA, NA, NA}, {1, 2, 1, 2, 5, 5, 4}, {3, 3, 3, 3, 3, 3, NA},
	{4, 5, 4, 5, 3, 3, 4}, {5, 4, 5, 4, 6, 5, 6}, {2, 2, 2, 2, 2, NA, NA}, {7, 6, 5, 4, 3, 2, 1},
};
static const char *const code[] = {"007", "12", "3", NULL, "8", "9", "10", "11", "2.5", "-1", "1e2", " 4 "};
static const double x[] = {12.5, 3, 7, 7, 41, 0.25, 19, 3, 88, 5.5, NA, 23};
static const double big_offset[] = {0.1, 0.7, 0.2, 0.9, 0.4, 0.35, 0.15, 0.8, 0.05, 0.6, 0.3, 0.55};

void filter_table_init(struct filter_table *t)
{
	struct frame *f = &t->frame;
	int failed = 0; /* one check for the whole table */

	frame_init(f, "table.csv");
	for (size_t j = 0; j < C_COUNT; j++)
		failed |= frame_add_column(f, names[j],
					   j == C_FINISHED || j == C_SCENARIO || j == C_CODE ? COLUMN_TEXT : COLUMN_NUMERIC);
	for (size_t i = 0; i < FILTER_TABLE_ROWS; i++) {
		size_t r = frame_add_row(f, i + 2);
		const double num[C_COUNT] = {
			[C_ID] = id[i], [C_CONSENT] = consent[i], [C_DURATION] = duration[i], [C_ATTN] = attn[i],
			[C_X] = x[i], [C_BIG] = 1e6 + big_offset[i], [C_ONE] = i == 2 ? 4 : NA, [C_EMPTY] = NA,
			[C_ODD] = (double)i + 1, [C_AND] = (double)(i % 2), [C_MEDIAN] = 5,
		};
		for (size_t j = 0; j < C_COUNT; j++) {
			const char *s = j == C_FINISHED ? finished[i] : j == C_SCENARIO ? scenario[i] : j == C_CODE ? code[i] : NULL;
			if (j == C_FINISHED || j == C_SCENARIO || j == C_CODE) {
				if (s)
					failed |= frame_set_text(f, j, r, s, strlen(s));
			} else {
				double v = j >= C_SAT && j < C_CODE ? items[i][j - C_SAT] : num[j];
				failed |= frame_set_number(f, j, r, v);
			}
		}
	}
	f->cols[C_ID].meta.role = ROLE_ID;
	for (size_t j = C_SAT; j < C_CODE; j++) {
		f->cols[j].meta.role = ROLE_ITEM;
		f->cols[j].meta.scale = strdup(j < C_INV ? "satisfaction" : "involvement");
	}
	failed |= frame_index_names(f);
	CHECK_INT(failed, 0);
	CHECK_INT(filter_frame_source_init(&t->source, f), 0);
}

void filter_table_free(struct filter_table *t)
{
	filter_frame_source_release(&t->source);
	frame_free(&t->frame);
}

int filter_try(struct filter_table *t, const char *expr, struct filter_program **out, struct filter_error *err)
{
	struct filter_expr *e;
	int rc;

	*out = NULL;
	if ((rc = filter_parse(expr, &e, err)) != 0)
		return rc;
	rc = filter_bind(e, &t->source.src, out, err);
	filter_expr_free(e);
	return rc;
}

const char *filter_rows(struct filter_table *t, const char *expr)
{
	static char buf[1024];
	struct strbuf b = STRBUF_INIT;
	struct filter_program *p;
	struct filter_error err;
	uint8_t keep[FILTER_TABLE_ROWS];

	if (filter_try(t, expr, &p, &err) != 0) {
		snprintf(buf, sizeof buf, "error: %s", err.message);
		return buf;
	}
	filter_run(p, 0, FILTER_TABLE_ROWS, keep);
	filter_program_free(p);
	for (size_t i = 0; i < FILTER_TABLE_ROWS; i++)
		if (keep[i])
			strbuf_addf(&b, "%s%zu", b.len ? " " : "", i + 1);
	snprintf(buf, sizeof buf, "%s", strbuf_str(&b));
	strbuf_release(&b);
	return buf;
}
