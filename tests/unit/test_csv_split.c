/* io/csv_split and the parallel CSV read: the cuts fall on record boundaries, and a read in
 * parts gives the frame and the messages of a read in one part (tests/frame_compare.h). */
#include "test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_reader.h"
#include "io/csv_split.h"
#include "tests/frame_compare.h"

static void cut(const char *text, size_t parts, size_t first, struct csv_split *s)
{
	size_t len = strlen(text);

	csv_split_init(s, len, parts, first);
	/* fed in small blocks: a cut's search may run over a block boundary */
	for (size_t at = 0; at < len && !s->done; at += 3)
		csv_split_feed(s, text + at, len - at < 3 ? len - at : 3);
	if (!s->done)
		csv_split_finish(s);
}

TEST(csv_split_cuts_after_a_line_feed_outside_quotes)
{
	struct csv_split s;
	const char *text = "a,b\n1,\"x\ny\nz\"\n2,\"\"\"\n\"\n3,4\n5,6\n";

	cut(text, 2, 0, &s);
	CHECK_INT(s.parts, 2);
	/* the middle (byte 15) is inside the quoted "x\ny\nz" ... no: after it; the cut follows the
	 * first line feed outside quotes from there */
	CHECK(s.cut[1] > 0 && text[s.cut[1] - 1] == '\n');
	{
		size_t quotes = 0;
		for (size_t i = 0; i < s.cut[1]; i++)
			quotes += text[i] == '"';
		CHECK_INT(quotes % 2, 0);
	}
	CHECK_INT(s.cut[2], strlen(text));
	/* a target inside a quoted field moves to the line feed after its closing quote */
	cut(text, 4, 0, &s);
	for (size_t k = 1; k < s.parts; k++) {
		size_t quotes = 0;
		for (size_t i = 0; i < s.cut[k]; i++)
			quotes += text[i] == '"';
		CHECK_INT(quotes % 2, 0);
		CHECK(text[s.cut[k] - 1] == '\n' && s.cut[k] > s.cut[k - 1]);
	}
	/* nothing after `first` to cut at: one part */
	cut("a,b\n1,2\n", 2, 6, &s);
	CHECK_INT(s.parts, 1);
	CHECK_INT(s.cut[1], 8);
}

/* Reads text with 1 and with `threads` parts (parts as small as a byte) and checks both agree;
 * the parallel frame is left in *f when the read succeeds (status returned). */
static int read_both(const char *text, size_t threads, const struct codebook *cb, int mixed, size_t max_rows,
		     struct frame *f, struct sk_error *err)
{
	struct csv_read_options o;
	struct frame one;
	struct sk_error e1 = {0};
	const char *diff;
	int s1, sn;

	csv_read_options_init(&o);
	o.codebook = cb;
	o.mixed_numeric = mixed;
	o.min_part = 1;
	if (max_rows)
		o.max_rows = max_rows;
	o.threads = 1;
	s1 = csv_read_buffer("parts.csv", text, strlen(text), &o, &one, &e1);
	o.threads = threads;
	sn = csv_read_buffer("parts.csv", text, strlen(text), &o, f, err);
	diff = frame_compare(s1, &one, &e1, sn, f, err);
	if (diff)
		fprintf(stderr, "parallel read differs in %s (threads %zu)\n", diff, threads);
	CHECK(diff == NULL);
	if (s1 == 0)
		frame_free(&one);
	return sn;
}

/* A wave of n rows: id, a one-digit item, a comment (quoted, with a line break every 7th row). */
static char *wave(size_t n, const char *head, const char *(*row)(size_t i, char *buf))
{
	size_t cap = 64 + strlen(head) + n * 64, len = 0;
	char *s = malloc(cap), buf[64];

	len += (size_t)snprintf(s + len, cap - len, "%s", head);
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(s + len, cap - len, "%s", row(i, buf));
	return s;
}

static const char *quoted_row(size_t i, char *buf)
{
	snprintf(buf, 64, i % 7 ? "%zu,%zu,plain\n" : "%zu,%zu,\"two\nlines, \"\"quoted\"\"\"\n", i + 1, i % 7 + 1);
	return buf;
}

TEST(csv_parts_quoted_line_breaks_at_every_cut)
{
	struct frame f;
	struct sk_error err;
	char *text = wave(300, "id,q1,comment\n", quoted_row);

	/* every number of parts from 2 to 16 puts cuts at different places, some inside the quoted
	 * line breaks: each must move to the record's end */
	for (size_t t = 2; t <= 16; t++) {
		if (read_both(text, t, NULL, 0, 0, &f, &err) != 0)
			continue;
		CHECK_INT(f.n_rows, 300);
		CHECK_STR(frame_text(&f, 2, 7), "two\nlines, \"quoted\"");
		CHECK_INT(f.line[299], 2 + 299 + 300 / 7 + 1);
		frame_free(&f);
	}
	free(text);
}

static const char *ragged_late(size_t i, char *buf)
{
	snprintf(buf, 64, i == 250 ? "%zu,1\n" : "%zu,%zu,x\n", i + 1, i % 5 + 1);
	return buf;
}

static const char *text_late(size_t i, char *buf)
{
	snprintf(buf, 64, "%zu,%s,x\n", i + 1, i == 280 ? "n/a" : i == 3 ? "4.50" : i % 2 ? "1e1" : "3");
	return buf;
}

static const char *text_early(size_t i, char *buf)
{
	snprintf(buf, 64, "%zu,%s,x\n", i + 1, i == 20 ? "none" : i % 3 ? "" : "2.0");
	return buf;
}

static const char *out_of_range(size_t i, char *buf)
{
	snprintf(buf, 64, "%zu,%d,x\n", i + 1, i % 40 == 39 ? 9 : (int)(i % 5) + 1);
	return buf;
}

TEST(csv_parts_errors_name_the_line_of_a_one_part_read)
{
	struct frame f;
	struct sk_error err;
	char *ragged = wave(300, "id,q1,c\n", ragged_late);
	/* a stray quote in the second half: the cut may be wrong, the message must not be */
	const char *stray = "id,q1\n1,2\n3,4\n5,6\n7,8\n9,\"1\n11,1\"2\n13,14\n15,16\n17,18\n19,20\n";
	const char *unterminated = "id,q1\n1,2\n3,4\n5,6\n7,8\n9,10\n11,\"12\n13,14\n";

	for (size_t t = 2; t <= 4; t++) {
		CHECK_INT(read_both(ragged, t, NULL, 0, 0, &f, &err), SK_EXIT_INPUT);
		CHECK(strstr(err.msg, "line 252: row has 2 fields, the header has 3") != NULL);
		CHECK_INT(read_both(stray, t, NULL, 0, 0, &f, &err), SK_EXIT_INPUT);
		CHECK_INT(read_both(unterminated, t, NULL, 0, 0, &f, &err), SK_EXIT_INPUT);
		CHECK(strstr(err.msg, "line 7: unterminated quoted field") != NULL);
		/* more rows than --max-rows, counted over all parts */
		CHECK_INT(read_both(ragged, t, NULL, 0, 100, &f, &err), SK_EXIT_INPUT);
		CHECK(strstr(err.msg, "line 102: more than 100 data rows") != NULL);
	}
	free(ragged);
}

TEST(csv_parts_columns_turning_to_text_in_any_part)
{
	struct frame f;
	struct sk_error err;
	char *late = wave(300, "id,q1,c\n", text_late);
	char *early = wave(300, "id,q1,c\n", text_early);

	for (size_t t = 2; t <= 5; t++)
		for (int mixed = 0; mixed <= 1; mixed++) {
			if (read_both(late, t, NULL, mixed, 0, &f, &err) == 0) {
				/* numbers before the text formatted as %.15g, as in a one-part read */
				if (!mixed)
					CHECK_STR(frame_text(&f, 1, 1), "10");
				frame_free(&f);
			}
			if (read_both(early, t, NULL, mixed, 0, &f, &err) == 0)
				frame_free(&f);
		}
	free(late);
	free(early);
}

TEST(csv_parts_bom_crlf_qualtrics_and_ranges)
{
	struct frame f;
	struct sk_error err;
	struct codebook cb;
	char *ranged = wave(400, "id,q1,c\n", out_of_range);
	const char *qualtrics_head = "\xEF\xBB\xBFid,q1,c\r\n\"Respondent\",\"How, then?\",\"Say\"\r\n"
				     "\"{\"\"ImportId\"\":\"\"id\"\"}\",\"{\"\"ImportId\"\":\"\"QID1\"\"}\",\"{\"\"ImportId\"\":\"\"c\"\"}\"\r\n";
	size_t len = strlen(qualtrics_head);
	char *qualtrics = malloc(len + 400 * 32);
	const char *cb_text = "column,role,scale,min,max\nid,id,,,\nq1,numeric,,1,7\n";
	FILE *fp = fopen("/tmp/surveykit-unit-parts.codebook.csv", "w");

	memcpy(qualtrics, qualtrics_head, len);
	for (size_t i = 0; i < 400; i++)
		len += (size_t)sprintf(qualtrics + len, "%zu,%zu,\"a\r\nb\"\r\n", i + 1, i % 9);
	fputs(cb_text, fp);
	fclose(fp);
	CHECK_INT(codebook_read("/tmp/surveykit-unit-parts.codebook.csv", &cb, &err), 0);
	remove("/tmp/surveykit-unit-parts.codebook.csv");
	for (size_t t = 2; t <= 4; t++) {
		CHECK_INT(read_both(qualtrics, t, &cb, 1, 0, &f, &err), 0);
		CHECK_INT(f.skipped_headers, 2);
		CHECK_INT(f.n_rows, 400);
		CHECK_INT(f.line[399], 4 + 2 * 399);
		CHECK_STR(frame_text(&f, 2, 399), "a\r\nb");
		CHECK_INT(f.cols[1].n_out_of_range, 400 / 9 + 1 + 400 / 9); /* 0 and 8 lie outside 1..7 */
		frame_free(&f);
		CHECK_INT(read_both(ranged, t, &cb, 1, 0, &f, &err), 0);
		CHECK_INT(f.cols[1].n_out_of_range, 10);
		CHECK_INT(f.cols[1].out_of_range[4].line, 2 + 199);
		frame_free(&f);
	}
	codebook_free(&cb);
	free(qualtrics);
	free(ranged);
}

static const char *widening_row(size_t i, char *buf)
{
	/* id 1..n (one byte, then int32); w: one byte, one int32 value at row 150, a fraction at 390;
	 * big: a whole number beyond int32 at row 300; n: one byte, then int32, two cells blank */
	snprintf(buf, 64, "%zu,%s,%s,%s\n", i + 1, i == 150 ? "-40000" : i == 390 ? "0.5" : "3",
		 i == 300 ? "4294967296" : "-5", i == 5 || i == 350 ? "" : i < 200 ? "7" : "-2147483647");
	return buf;
}

/* Each numeric column takes the narrowest storage that holds all its values, with 1 or N parts
 * (a part's narrower column widens when joined to a wider one). */
TEST(csv_parts_columns_take_the_narrowest_exact_storage)
{
	struct frame f;
	struct sk_error err;
	char *text = wave(400, "id,w,big,n\n", widening_row);

	for (size_t t = 1; t <= 4; t++) {
		CHECK_INT(read_both(text, t, NULL, 1, 0, &f, &err), 0);
		CHECK(f.cols[0].whole && !f.cols[0].small && !f.cols[0].wide);
		CHECK(frame_value(&f, 0, 399) == 400);
		CHECK(f.cols[1].wide && !f.cols[1].whole);
		CHECK(frame_value(&f, 1, 150) == -40000 && frame_value(&f, 1, 390) == 0.5 && frame_value(&f, 1, 0) == 3);
		CHECK(f.cols[2].wide && frame_value(&f, 2, 300) == 4294967296.0 && frame_value(&f, 2, 0) == -5);
		CHECK(f.cols[3].whole && f.cols[3].n_missing == 2 && isnan(frame_value(&f, 3, 350)));
		CHECK(frame_value(&f, 3, 0) == 7 && frame_value(&f, 3, 399) == -2147483647.0);
		frame_free(&f);
	}
	free(text);
}
