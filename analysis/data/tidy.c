/* Tidying a wave as it is loaded (see analysis/data/tidy.h). */
#include "analysis/data/tidy.h"

#include <stdlib.h>
#include <string.h>

#include "analysis/data/infer.h"
#include "io/strbuf.h"

#define MERGES_LISTED 3 /* merged values named per column */

/* Bytes of white space (ASCII, or a UTF-8 no-break space) at s[0..len), from the front or back. */
static size_t space_at(const char *s, size_t len, int back)
{
	unsigned char c = (unsigned char)s[back ? len - 1 : 0];

	if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f')
		return 1;
	if (len >= 2 && (back ? memcmp(s + len - 2, "\xC2\xA0", 2) : memcmp(s, "\xC2\xA0", 2)) == 0)
		return 2;
	return 0;
}

/* The value of t[0..*len) without the white space around it: returns its start, sets *len. */
static const char *trimmed(const char *t, size_t *len)
{
	size_t k;

	while (*len && (k = space_at(t, *len, 0)) != 0)
		t += k, *len -= k;
	while (*len && (k = space_at(t, *len, 1)) != 0)
		*len -= k;
	return t;
}

/* A text cell seen as its trimmed value [s, s + len) and as written. */
struct cell {
	const char *s;
	size_t len;
	const char *raw;
};

static int compare_cell(const void *a, const void *b)
{
	const struct cell *x = a, *y = b;
	int c = memcmp(x->s, y->s, x->len < y->len ? x->len : y->len);

	if (c == 0)
		c = (x->len > y->len) - (x->len < y->len);
	return c ? c : strcmp(x->raw, y->raw);
}

/* Notes the trimmed values of column `col` that were written in more than one way. The cells are
 * sorted by (trimmed, as written): the ways of writing one value lie side by side. */
static int note_merges(struct dataset *ds, size_t col, struct cell *cells, size_t n)
{
	struct strbuf b = STRBUF_INIT;
	size_t merged = 0;
	int status = 0;

	qsort(cells, n, sizeof *cells, compare_cell);
	for (size_t i = 0; i < n;) {
		size_t j = i + 1, ways = 1;
		for (; j < n && cells[j].len == cells[i].len && memcmp(cells[j].s, cells[i].s, cells[i].len) == 0; j++)
			ways += strcmp(cells[j].raw, cells[j - 1].raw) != 0;
		if (ways > 1 && merged++ < MERGES_LISTED) {
			strbuf_addf(&b, "%s'%.*s' (written", merged > 1 ? "; " : "", (int)cells[i].len, cells[i].s);
			for (size_t k = i, w = 0; k < j; k++)
				if (k == i || strcmp(cells[k].raw, cells[k - 1].raw) != 0)
					strbuf_addf(&b, "%s'%s'", w++ ? ", " : " ", cells[k].raw);
			strbuf_adds(&b, ")");
		}
		i = j;
	}
	if (merged && strbuf_ok(&b))
		status = dataset_add_note(ds, "'%s': values that differ only in spaces around them are one value once trimmed: %s%s",
					  ds->frame.cols[col].name, strbuf_str(&b), merged > MERGES_LISTED ? "; ..." : "");
	else if (merged)
		status = -1;
	strbuf_release(&b);
	return status;
}

int tidy_note_stray_text(struct dataset *ds, struct sk_error *err)
{
	const struct frame *f = &ds->frame;

	for (size_t col = 0; col < f->n_cols; col++) {
		const struct column *c = &f->cols[col];
		const struct stray_text *st = &c->stray;
		struct strbuf lines = STRBUF_INIT;
		int status;
		if (!st->n)
			continue;
		for (size_t k = 0; k < st->n && k < FRAME_BAD_CELLS_KEPT; k++)
			strbuf_addf(&lines, "%s%zu", k ? ", " : "", st->line[k]);
		if (st->n > FRAME_BAD_CELLS_KEPT)
			strbuf_adds(&lines, ", ...");
		if (c->kind == COLUMN_NUMERIC)
			status = dataset_add_note(ds, "'%s': %zu cell%s that %s (line%s %s) taken as missing; the other %zu are numbers",
						  c->name, st->n, st->n == 1 ? "" : "s",
						  st->n == 1 ? "is not a number" : "are not numbers", st->n == 1 ? "" : "s",
						  strbuf_str(&lines), st->numbers);
		else
			status = dataset_add_note(ds, "'%s' is used as text: %zu cell%s (line%s %s) against %zu that %s",
						  c->name, st->n, st->n == 1 ? " is not a number" : "s are not numbers",
						  st->n == 1 ? "" : "s", strbuf_str(&lines), st->numbers,
						  st->numbers == 1 ? "is" : "are");
		if (!strbuf_ok(&lines))
			status = -1;
		strbuf_release(&lines);
		if (status != 0)
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	}
	return 0;
}

int tidy_trim_text(struct dataset *ds, struct sk_error *err)
{
	struct frame *f = &ds->frame;
	struct cell *cells = NULL;

	for (size_t col = 0; col < f->n_cols; col++) {
		struct column *c = &f->cols[col];
		size_t n = 0, spaced = 0;
		if (c->kind != COLUMN_TEXT)
			continue;
		for (size_t i = 0; i < f->n_rows; i++) {
			const char *t = frame_text(f, col, i);
			size_t len = t ? strlen(t) : 0;
			spaced += len && (space_at(t, len, 0) || space_at(t, len, 1));
		}
		if (!spaced)
			continue;
		if (!cells && !(cells = malloc((f->n_rows ? f->n_rows : 1) * sizeof *cells)))
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
		for (size_t i = 0; i < f->n_rows; i++) {
			const char *raw = frame_text(f, col, i), *t;
			size_t len;
			if (!raw)
				continue;
			len = strlen(raw);
			t = trimmed(raw, &len);
			cells[n++] = (struct cell){t, len, raw};
		}
		if (note_merges(ds, col, cells, n) != 0) {
			free(cells);
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
		}
		/* the trimmed value in place: the cell starts later and ends earlier in the arena */
		for (size_t i = 0; i < f->n_rows; i++) {
			size_t len, at;
			if (c->text[i] == SIZE_MAX)
				continue;
			len = strlen(f->arena + c->text[i]);
			at = (size_t)(trimmed(f->arena + c->text[i], &len) - f->arena);
			f->arena[at + len] = '\0';
			if (len == 0) {
				c->text[i] = SIZE_MAX; /* only spaces: a blank cell, missing */
				c->n_missing++;
			} else {
				c->text[i] = at;
			}
		}
	}
	free(cells);
	return 0;
}
