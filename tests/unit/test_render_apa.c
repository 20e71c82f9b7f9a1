/* io/render_apa.c: a result document in APA style, one check per rule the tables apply (the
 * number rules themselves: tests/unit/test_apa.c). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/docmodel.h"
#include "io/render.h"
#include "io/strbuf.h"
#include "test.h"

/* The first table of the document built from `json` in APA style. */
static const struct dm_table *first_table(struct dm_doc *d, const char *json)
{
	json_t *doc = json_loads(json, 0, NULL);
	struct render_options o = {.format = FORMAT_TEXT, .digits = 4, .style = STYLE_APA, .ci = 0.95};

	CHECK(doc != NULL);
	dm_init(d, "t", NULL);
	render_docmodel(doc, &o, d, 1);
	json_decref(doc);
	CHECK(dm_ok(d));
	for (size_t i = 0; i < d->n; i++)
		if (d->blocks[i]->kind == DM_TABLE)
			return &d->blocks[i]->u.table;
	return NULL;
}

static char *cell(const struct dm_table *t, size_t row, size_t col)
{
	return dm_plain(&t->cells[row * t->n_cols + col]);
}

static char *head(const struct dm_table *t, size_t col)
{
	return dm_plain(&t->head[col]);
}

#define CHECK_CELL(t, r, c, want)                                                                                  \
	do {                                                                                                       \
		char *s_ = cell(t, r, c);                                                                          \
		CHECK_STR(s_, want);                                                                               \
		free(s_);                                                                                          \
	} while (0)

#define CHECK_HEAD(t, c, want)                                                                                     \
	do {                                                                                                       \
		char *s_ = head(t, c);                                                                             \
		CHECK_STR(s_, want);                                                                               \
		free(s_);                                                                                          \
	} while (0)

TEST(render_apa_cells_follow_each_statistics_rule)
{
	struct dm_doc d;
	const struct dm_table *t =
		first_table(&d, "{\"rows\": [{\"term\": \"x\", \"b\": -0.00001, \"t\": -2.0049, \"p\": 0.0004, \"r\": 0.456,"
				" \"df\": 377.589, \"n\": 12345, \"beta\": null}]}");

	CHECK(t != NULL);
	if (t) {
		CHECK_CELL(t, 0, 1, "0.00");     /* a negative zero never prints */
		CHECK_CELL(t, 0, 2, "-2.00");    /* two decimals */
		CHECK_CELL(t, 0, 3, "< .001");   /* p */
		CHECK_CELL(t, 0, 4, ".46");      /* no leading zero for r */
		CHECK_CELL(t, 0, 5, "377.6");    /* Welch's df: one decimal */
		CHECK_CELL(t, 0, 6, "12,345");   /* counts */
		CHECK_CELL(t, 0, 7, "\xE2\x80\x93"); /* not computed: an en dash */
		CHECK_HEAD(t, 0, "Term");
		CHECK_HEAD(t, 1, "b");
		CHECK_HEAD(t, 7, "\xCE\xB2");
		CHECK(t->head[1].n == 1 && (t->head[1].runs[0].style & DM_ITALIC)); /* b in italics */
		CHECK(t->head[7].n == 1 && !(t->head[7].runs[0].style & DM_ITALIC)); /* beta upright */
	}
	dm_release(&d);
}

TEST(render_apa_interval_columns_under_a_ci_spanner_with_a_note)
{
	struct dm_doc d;
	const struct dm_table *t = first_table(&d, "{\"pairs\": [{\"r\": 0.2345, \"p\": 0.5, \"llci\": -0.1, \"ulci\": 0.51}]}");

	CHECK(t != NULL);
	if (t) {
		char *label = dm_plain(&t->spanners[0].label);
		CHECK_INT(t->n_spanners, 1);
		CHECK_STR(label, "95% CI");
		free(label);
		CHECK_INT(t->spanners[0].first, 2);
		CHECK_CELL(t, 0, 2, "-.10"); /* an interval of r by r's rule */
		CHECK_CELL(t, 0, 3, ".51");
		CHECK_CELL(t, 0, 1, ".500");
		CHECK_HEAD(t, 2, "LL");
		CHECK_INT(t->n_notes, 1);
		char *note = dm_plain(&t->notes[0].text);
		CHECK(strstr(note, "CI = confidence interval") != NULL);
		free(note);
	}
	dm_release(&d);
}

TEST(render_apa_labels_stand_for_codes_and_post_hoc_tests_are_named)
{
	struct dm_doc d;
	const struct dm_table *t = first_table(
		&d, "{\"posthoc\": [{\"method\": \"tukey\", \"level\": \"2\", \"label\": \"Fix + apology\", \"a\": \"2\", \"p\": 1}]}");

	CHECK(t != NULL);
	if (t) {
		char *title = dm_plain(&t->title), *note = dm_plain(&t->notes[0].text);
		CHECK_STR(title, "Post Hoc Comparisons");
		CHECK_CELL(t, 0, 1, "Fix + apology");
		CHECK_HEAD(t, 2, "A"); /* a code column, not the statistic a */
		CHECK_CELL(t, 0, 3, "> .999");
		CHECK(strstr(note, "Tukey's honestly significant difference test") != NULL);
		free(title);
		free(note);
	}
	dm_release(&d);
}

TEST(render_title_case_capitalises_major_words)
{
	struct strbuf b = STRBUF_INIT;

	render_title_case(&b, "one-way ANOVA of satisfaction by scenario: the p values (mean-centred)");
	CHECK_STR(strbuf_str(&b), "One-Way ANOVA of Satisfaction by Scenario: The p Values (Mean-Centred)");
	strbuf_release(&b);
}
