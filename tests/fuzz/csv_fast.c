/* libFuzzer target: the direct split of quote-free lines (io/csv_fast.h) against libcsv, on any
 * bytes. The first byte picks the delimiter and the limits; the rest is parsed twice, each time
 * one line at a time as the reader feeds it: by libcsv alone, and by the direct split wherever a
 * record starts, handing a line it stops at to libcsv. The fields (bytes and line), the record
 * ends and where libcsv fails must be the same, byte for byte; a line without a quote, a lone CR
 * or a field beyond the limits must never be handed over. Then the CSV reader itself must give
 * the same frame and message with and without the direct split (tests/frame_compare.h). */
#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv_fast.h"
#include "io/csv_reader.h"
#include "tests/frame_compare.h"

struct events {
	unsigned char *buf;
	size_t len, cap;
	size_t line;
};

static void put(struct events *e, const void *data, size_t len)
{
	if (e->len + len > e->cap) {
		e->cap = (e->len + len) * 2 + 256;
		if (!(e->buf = realloc(e->buf, e->cap)))
			abort();
	}
	memcpy(e->buf + e->len, data, len);
	e->len += len;
}

static void field(const void *s, size_t len, struct events *e)
{
	put(e, "F", 1);
	put(e, &e->line, sizeof e->line);
	put(e, &len, sizeof len);
	put(e, s, len);
}

static void on_field(void *s, size_t len, void *data)
{
	field(s, len, data);
}

static void on_record(int c, void *data)
{
	(void)c;
	put(data, "R", 1);
}

/* Feeds buf[0..len) to libcsv one line at a time; returns 1 when libcsv failed. After it,
 * *row_start says whether libcsv waits for a new record. */
static int feed(struct csv_parser *p, const char *buf, size_t len, struct events *e, int *row_start)
{
	while (len) {
		const char *nl = memchr(buf, '\n', len);
		size_t seg = nl ? (size_t)(nl - buf) + 1 : len;
		if (csv_parse(p, buf, seg, on_field, on_record, e) != seg) {
			put(e, "E", 1);
			put(e, &e->line, sizeof e->line);
			return 1;
		}
		*row_start = nl && !p->quoted;
		e->line += nl != NULL;
		buf += seg;
		len -= seg;
	}
	return 0;
}

static void finish(struct csv_parser *p, struct events *e)
{
	if (csv_fini(p, on_field, on_record, e) != 0)
		put(e, "U", 1);
	csv_free(p);
}

static int lone_cr(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\r' && (i + 1 == len || s[i + 1] != '\n'))
			return 1;
	return 0;
}

static void compare_split(const char *text, size_t len, unsigned char delim, size_t max_len, size_t max_cells)
{
	struct events whole = {0}, mixed = {0};
	struct csv_parser p;
	struct csv_fast fs;
	struct csv_cell *cells = malloc((max_cells + 1) * sizeof *cells);
	const char *at = text, *end = csv_fast_last_line_end(text, len), *next;
	int row_start = 1, failed = 0, plain = 1;
	size_t n, longest = 0, widest = 0, run = 0, fields = 1;

	if (!cells || csv_fast_init(&fs, delim, max_len) != 0)
		abort();
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '"')
			plain = 0;
		run = text[i] == '\n' ? 0 : run + 1;
		longest = run > longest ? run : longest;
		fields = text[i] == '\n' ? 1 : fields + (text[i] == (char)delim);
		widest = fields > widest ? fields : widest;
	}
	/* a line of many fields or a long field may be handed over; a plain line may not */
	plain = plain && !lone_cr(text, len) && longest <= max_len && widest <= max_cells;

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
	csv_set_delim(&p, delim);
	if (!feed(&p, text, len, &whole, &row_start))
		finish(&p, &whole);
	else
		csv_free(&p);

	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
		abort();
	csv_set_delim(&p, delim);
	row_start = 1;
	while (at < end && !failed) {
		const char *nl;
		if (row_start) {
			enum csv_fast_line kind = csv_fast_line(&fs, at, cells, max_cells, &n, &next);
			if (kind != CSV_FAST_STOP) {
				if (kind == CSV_FAST_ROW) {
					for (size_t i = 0; i < n; i++)
						field(cells[i].s, cells[i].len, &mixed);
					put(&mixed, "R", 1);
				}
				mixed.line++;
				at = next;
				continue;
			}
			if (plain)
				abort(); /* a plain line handed over */
		}
		nl = memchr(at, '\n', (size_t)(end - at));
		failed = feed(&p, at, (size_t)(nl - at) + 1, &mixed, &row_start);
		at = nl + 1;
	}
	if (!failed && !feed(&p, end, len - (size_t)(end - text), &mixed, &row_start))
		finish(&p, &mixed);
	else
		csv_free(&p);

	if (whole.len != mixed.len || (whole.len && memcmp(whole.buf, mixed.buf, whole.len) != 0))
		abort();
	free(whole.buf);
	free(mixed.buf);
	free(cells);
}

static void compare_reader(const char *text, size_t len, unsigned char delim, size_t max_field, int threads)
{
	struct csv_read_options o;
	struct frame a, b;
	struct sk_error ea = {0}, eb = {0};
	int sa, sb;

	csv_read_options_init(&o);
	o.delimiter = (char)delim;
	o.max_field = max_field;
	o.max_columns = 64;
	o.max_rows = 200;
	o.min_part = 1;
	o.threads = (size_t)threads;
	o.libcsv_only = 1;
	sa = csv_read_buffer("fuzz.csv", text, len, &o, &a, &ea);
	o.libcsv_only = 0;
	sb = csv_read_buffer("fuzz.csv", text, len, &o, &b, &eb);
	if (frame_compare(sa, &a, &ea, sb, &b, &eb))
		abort();
	if (sa == 0)
		frame_free(&a);
	if (sb == 0)
		frame_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned char delims[] = {',', ';', '\t', '|', ' ', 0};
	unsigned char delim;
	size_t max_len;

	if (size < 1)
		return 0;
	delim = delims[(data[0] & 7) % 6];
	max_len = data[0] & 8 ? 3 : SIZE_MAX - 1;
	compare_split((const char *)data + 1, size - 1, delim, max_len, data[0] & 16 ? 4 : 256);
	compare_reader((const char *)data + 1, size - 1, delim, data[0] & 8 ? 3 : 1024, data[0] & 32 ? 3 : 1);
	return 0;
}
