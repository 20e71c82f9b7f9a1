/* Rows left out of an analysis, by reason (see analysis/data/dropped.h). */
#include "analysis/data/dropped.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/doc.h"
#include "io/strbuf.h"

/* A column behind the analysis' variables: how many left-out rows each reason accounts for. */
struct slot {
	size_t col;
	size_t rows[CELL_WHY_COUNT];
	size_t last[CELL_WHY_COUNT]; /* 1 + the last row counted, so a row counts once per reason */
};

/* A variable of the analysis: a scale (its items are slots first .. first + k) or a column. */
struct source {
	const struct scale *s;
	size_t need;  /* a scale's items that must be answered */
	size_t first; /* its first slot */
};

struct reason {
	size_t slot;
	enum cell_why why;
	size_t rows;
};

static int compare_reason(const void *a, const void *b)
{
	const struct reason *x = a, *y = b;

	if (x->rows != y->rows)
		return x->rows < y->rows ? 1 : -1;
	if (x->slot != y->slot)
		return x->slot < y->slot ? -1 : 1;
	return (x->why > y->why) - (x->why < y->why);
}

static int cell_missing(const struct frame *f, size_t col, size_t row)
{
	return f->cols[col].kind == COLUMN_TEXT ? frame_text(f, col, row) == NULL : isnan(frame_value(f, col, row));
}

/* Rows counted at once: the missing cells of a chunk are counted column by column. */
#define DROPPED_CHUNK 4096

/* Adds 1 to miss[i] for each missing cell of column col in rows from .. from + n, reading the
 * column's own storage. */
static void add_missing(const struct frame *f, size_t col, size_t from, size_t n, uint32_t *miss)
{
	const struct column *c = &f->cols[col];

	if (c->kind == COLUMN_TEXT) {
		for (size_t i = 0; i < n; i++)
			miss[i] += c->text[from + i] == SIZE_MAX;
	} else if (c->small) {
		for (size_t i = 0; i < n; i++)
			miss[i] += c->small[from + i] == INT8_MIN;
	} else if (c->whole) {
		for (size_t i = 0; i < n; i++)
			miss[i] += c->whole[from + i] == INT32_MIN;
	} else if (c->wide) {
		for (size_t i = 0; i < n; i++)
			miss[i] += isnan(c->wide[from + i]);
	} else {
		for (size_t i = 0; i < n; i++)
			miss[i]++;
	}
}

static void count(struct slot *sl, const struct frame *f, size_t row)
{
	enum cell_why why = frame_why(f, sl->col, row);

	if (sl->last[why] != row + 1) {
		sl->last[why] = row + 1;
		sl->rows[why]++;
	}
}

/* The first missing cell of column col in rows at .. end, or end: a column of one-byte cells is
 * searched with memchr for its missing marker, the others cell by cell. */
static size_t next_missing(const struct frame *f, size_t col, size_t at, size_t end)
{
	const struct column *c = &f->cols[col];

	if (c->kind != COLUMN_TEXT && c->small) {
		const int8_t *hit = at < end ? memchr(c->small + at, (unsigned char)INT8_MIN, end - at) : NULL;
		return hit ? (size_t)(hit - c->small) : end;
	}
	while (at < end && !cell_missing(f, col, at))
		at++;
	return at;
}

/* A variable that needs every one of its m columns: the rows it leaves out are those with a
 * missing cell in any of them, so each column's missing cells are found and counted directly,
 * column by column (a slot counts a row once per reason, in whatever order its rows come). */
static void mark_all_needed(const struct frame *f, struct slot *slots, size_t m, size_t from, size_t n,
			    unsigned char *left)
{
	for (size_t j = 0; j < m; j++)
		for (size_t i = next_missing(f, slots[j].col, from, from + n); i < from + n;
		     i = next_missing(f, slots[j].col, i + 1, from + n)) {
			left[i - from] = 1;
			count(&slots[j], f, i);
		}
}

/* "sat_2 out of range 1..7" */
static void describe_reason(struct strbuf *b, const struct column *c, enum cell_why why)
{
	strbuf_addf(b, "%.60s", c->name);
	if (why == CELL_NOT_NUMBER) {
		strbuf_adds(b, " not a number");
	} else if (why != CELL_OUT_OF_RANGE) {
		strbuf_adds(b, " missing");
	} else if (!isnan(c->meta.min) && !isnan(c->meta.max)) {
		strbuf_addf(b, " out of range %.15g..%.15g", c->meta.min, c->meta.max);
	} else if (!isnan(c->meta.min)) {
		strbuf_addf(b, " below its minimum %.15g", c->meta.min);
	} else {
		strbuf_addf(b, " above its maximum %.15g", c->meta.max);
	}
}

static const char *reason_key(enum cell_why why)
{
	return why == CELL_OUT_OF_RANGE ? "out of range" : why == CELL_NOT_NUMBER ? "not a number" : "missing";
}

/* The note and, for the command's own analysis, input.dropped. */
static int put(const struct dataset *ds, json_t *doc, const char *what, const struct slot *slots, size_t n_slots,
	       size_t left_out)
{
	const struct frame *f = &ds->frame;
	struct reason *r = malloc((n_slots ? n_slots : 1) * CELL_WHY_COUNT * sizeof *r);
	struct strbuf b = STRBUF_INIT;
	json_t *reasons = NULL;
	size_t n = 0;
	int ok;

	if (!r)
		return -1;
	for (size_t s = 0; s < n_slots; s++)
		for (int w = 0; w < CELL_WHY_COUNT; w++)
			if (slots[s].rows[w])
				r[n++] = (struct reason){s, (enum cell_why)w, slots[s].rows[w]};
	qsort(r, n, sizeof *r, compare_reason);
	if (!what) {
		json_t *obj = doc_obj(json_object_get(doc, "input"), "dropped");
		doc_size(obj, "rows", left_out);
		reasons = doc_arr(obj, "reasons");
	}
	for (size_t i = 0; i < n && reasons; i++) {
		const struct column *c = &f->cols[slots[r[i].slot].col];
		json_t *row = doc_push_obj(reasons);
		doc_str(row, "column", c->name);
		doc_str(row, "reason", reason_key(r[i].why));
		if (r[i].why == CELL_OUT_OF_RANGE) {
			doc_num(row, "min", c->meta.min);
			doc_num(row, "max", c->meta.max);
		}
		doc_size(row, "rows", r[i].rows);
	}
	if (left_out) {
		if (what)
			strbuf_addf(&b, "%s: ", what);
		strbuf_addf(&b, "%zu of %zu rows left out", left_out, f->n_rows);
		for (size_t i = 0; i < n && i < DROPPED_LISTED; i++) {
			strbuf_adds(&b, i ? "; " : ": ");
			describe_reason(&b, &f->cols[slots[r[i].slot].col], r[i].why);
			strbuf_addf(&b, " (%zu)", r[i].rows);
		}
		if (n > DROPPED_LISTED)
			strbuf_addf(&b, "; %zu more reasons%s", n - DROPPED_LISTED, what ? "" : " (in input.dropped)");
		if (strbuf_ok(&b))
			doc_note(doc, "%s", strbuf_str(&b));
	}
	ok = strbuf_ok(&b);
	strbuf_release(&b);
	free(r);
	return ok ? 0 : -1;
}

int dataset_note_dropped(const struct dataset *ds, json_t *doc, const char *what, const char *const *names,
			 size_t k, size_t *left_out, struct sk_error *err)
{
	const struct frame *f = &ds->frame;
	struct source *src = malloc((k ? k : 1) * sizeof *src);
	size_t n_slots = 0, cap = 0, out = 0, n_src = 0;
	struct slot *slots = NULL;
	int status = 0;

	if (left_out)
		*left_out = 0;
	if (!src)
		return sk_out_of_memory(err);
	for (size_t v = 0; v < k; v++) {
		const struct scale *s = dataset_find_scale(ds, names[v]);
		size_t col = s ? SIZE_MAX : frame_find(f, names[v]), m = s ? s->k : 1;
		if (!s && col == SIZE_MAX)
			continue;
		if (n_slots + m > cap) {
			struct slot *grown;
			cap = 2 * (n_slots + m);
			if (!(grown = realloc(slots, cap * sizeof *grown))) {
				status = sk_out_of_memory(err);
				goto done;
			}
			slots = grown;
		}
		src[n_src++] = (struct source){s, s && ds->min_items && ds->min_items < s->k ? ds->min_items : m, n_slots};
		for (size_t j = 0; j < m; j++)
			slots[n_slots++] = (struct slot){.col = s ? s->items[j] : col};
	}
	/* per chunk of rows and per variable, its missing cells are counted column by column; only
	 * the rows it leaves out are looked at cell by cell */
	for (size_t from = 0; from < f->n_rows; from += DROPPED_CHUNK) {
		size_t n = f->n_rows - from < DROPPED_CHUNK ? f->n_rows - from : DROPPED_CHUNK;
		uint32_t miss[DROPPED_CHUNK];
		unsigned char left[DROPPED_CHUNK];
		memset(left, 0, n);
		for (size_t v = 0; v < n_src; v++) {
			const struct source *sv = &src[v];
			size_t m = sv->s ? sv->s->k : 1;
			if (sv->need >= m) {
				mark_all_needed(f, &slots[sv->first], m, from, n, left);
				continue;
			}
			memset(miss, 0, n * sizeof *miss);
			for (size_t j = 0; j < m; j++)
				add_missing(f, slots[sv->first + j].col, from, n, miss);
			for (size_t i = 0; i < n; i++) {
				if (m - miss[i] >= sv->need)
					continue;
				left[i] = 1;
				for (size_t j = 0; j < m; j++)
					if (cell_missing(f, slots[sv->first + j].col, from + i))
						count(&slots[sv->first + j], f, from + i);
			}
		}
		for (size_t i = 0; i < n; i++)
			out += left[i];
	}
	if (put(ds, doc, what, slots, n_slots, out) != 0)
		status = sk_out_of_memory(err);
	if (left_out)
		*left_out = out;
done:
	free(src);
	free(slots);
	return status;
}
