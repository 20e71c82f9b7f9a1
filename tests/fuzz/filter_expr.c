/* libFuzzer target: a filter expression (io/filter.h) on arbitrary bytes, parsed, bound to a small
 * table (numeric, text and text-of-numbers columns, a name that needs quotes, two scales, an id
 * column) and run; every error has a one-line message in valid UTF-8 and a position inside the
 * text; a program that binds runs over every row and in an exclusion record. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/filter.h"
#include "io/filter_frame.h"

#define ROWS 600 /* more than one block of the evaluator */

static struct frame table;
static struct filter_frame_source source;

static void set(size_t col, size_t row, double v)
{
	if (frame_set_number(&table, col, row, v) != 0)
		abort();
}

static void set_text(size_t col, size_t row, const char *s)
{
	if (s && frame_set_text(&table, col, row, s, strlen(s)) != 0)
		abort();
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	static const char *const names[] = {"id", "consent", "finished", "Duration (in seconds)", "scenario",
					    "sat_1", "sat_2", "sat_3", "inv_1", "inv_2", "inv_3", "code", "empty",
					    "x"};
	static const char *const scenarios[] = {"Fix only", "Fix + apology", "Full recovery", NULL};
	static const char *const codes[] = {"007", "12", "-1", "2.5", NULL, "1e2"};

	(void)argc, (void)argv;
	frame_init(&table, "fuzz.csv");
	for (size_t j = 0; j < sizeof names / sizeof names[0]; j++)
		if (frame_add_column(&table, names[j], j == 2 || j == 4 || j == 11 ? COLUMN_TEXT : COLUMN_NUMERIC) != 0)
			abort();
	for (size_t i = 0; i < ROWS; i++) {
		size_t r = frame_add_row(&table, i + 2);
		if (r == SIZE_MAX)
			abort();
		set(0, r, (double)(i % 97 == 5 ? i - 1 : i));
		set(1, r, i % 13 == 0 ? NAN : (double)(i % 7 != 0));
		set_text(2, r, i % 11 ? "True" : "False");
		set(3, r, i % 17 == 3 ? NAN : (double)((i * 7919) % 1000) + 0.5);
		set_text(4, r, scenarios[i % 4]);
		for (size_t j = 5; j < 11; j++)
			set(j, r, i % 9 == 0 ? 4 : (double)((i * j) % 7 + 1));
		set_text(11, r, codes[i % 6]);
		set(13, r, (double)i * 1e300);
	}
	for (size_t j = 5; j < 11; j++) {
		table.cols[j].meta.role = ROLE_ITEM;
		if (!(table.cols[j].meta.scale = strdup(j < 8 ? "satisfaction" : "involvement")))
			abort();
	}
	table.cols[0].meta.role = ROLE_ID;
	if (frame_index_names(&table) != 0 || filter_frame_source_init(&source, &table) != 0)
		abort();
	return 0;
}

/* Whether s is valid UTF-8 without control characters other than the caret form's line breaks. */
static int clean_utf8(const char *text, int newlines)
{
	const unsigned char *s = (const unsigned char *)text;

	while (*s) {
		size_t n = *s < 0x80 ? 1 : *s >= 0xC2 && *s <= 0xDF ? 2 : *s >= 0xE0 && *s <= 0xEF ? 3 : *s >= 0xF0 && *s <= 0xF4 ? 4 : 0;
		uint32_t cp = n == 1 ? *s : n == 2 ? *s & 0x1Fu : n == 3 ? *s & 0x0Fu : *s & 0x07u;
		if (!n || (n == 1 && (*s < 0x20 || *s == 0x7F) && !(newlines && *s == '\n')))
			return 0;
		for (size_t k = 1; k < n; k++) {
			if ((s[k] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[k] & 0x3Fu);
		}
		if ((n == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
			return 0;
		s += n;
	}
	return 1;
}

static void check_error(const char *text, const struct filter_error *err)
{
	struct strbuf line = STRBUF_INIT, caret = STRBUF_INIT;

	if (err->problem == FILTER_OK || err->code == SK_EXIT_OK || !clean_utf8(err->message, 0) ||
	    !err->message[0] || err->offset > strlen(text) || (err->column && err->column > err->offset + 1))
		abort();
	filter_error_line(&line, "--filter", text, err);
	filter_error_caret(&caret, text, err);
	if (!strbuf_ok(&line) || !strbuf_ok(&caret) || !clean_utf8(strbuf_str(&line), 0) ||
	    !clean_utf8(strbuf_str(&caret), 1))
		abort();
	strbuf_release(&line);
	strbuf_release(&caret);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct filter_expr *e = NULL;
	struct filter_program *p = NULL;
	struct filter_error err;
	struct filter_flow flow;
	uint8_t keep[ROWS];

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (filter_parse(text, &e, &err) != 0) {
		check_error(text, &err);
	} else if (filter_bind(e, &source.src, &p, &err) != 0) {
		check_error(text, &err);
	} else {
		filter_run(p, 0, ROWS, keep);
		for (size_t i = 0; i < ROWS; i++)
			if (keep[i] > 1)
				abort();
		if (filter_flow_init(&flow, ROWS, 2) != 0 || filter_flow_run(&flow, &p, 1) != 0 ||
		    filter_flow_add(&flow, keep) != 0 || flow.removed[1] != 0 || flow.kept + flow.removed[0] != ROWS)
			abort();
		filter_flow_release(&flow);
	}
	filter_program_free(p);
	filter_expr_free(e);
	free(text);
	return 0;
}
