/* A frame as the data source of a filter (io/filter_frame.h). */
#include "io/filter_frame.h"

#include <stdlib.h>
#include <string.h>

#include "io/grow.h"

static const char *column_name(void *ctx, size_t col)
{
	const struct filter_frame_source *s = ctx;
	return s->frame->cols[col].name;
}

static enum filter_column_kind column_kind(void *ctx, size_t col)
{
	const struct filter_frame_source *s = ctx;
	return s->frame->cols[col].kind == COLUMN_TEXT ? FILTER_COLUMN_TEXT : FILTER_COLUMN_NUMBER;
}

static size_t find_column(void *ctx, const char *name)
{
	const struct filter_frame_source *s = ctx;
	return frame_find(s->frame, name);
}

static void numbers(void *ctx, size_t col, size_t first, size_t n, double *out)
{
	const struct filter_frame_source *s = ctx;
	const struct column *c = &s->frame->cols[col];

	if (c->small) {
		const int8_t *v = c->small + first;
		for (size_t i = 0; i < n; i++)
			out[i] = v[i] == INT8_MIN ? NAN : (double)v[i];
	} else if (c->whole) {
		const int32_t *v = c->whole + first;
		for (size_t i = 0; i < n; i++)
			out[i] = v[i] == INT32_MIN ? NAN : (double)v[i];
	} else if (c->wide) {
		memcpy(out, c->wide + first, n * sizeof *out);
	} else {
		for (size_t i = 0; i < n; i++)
			out[i] = NAN;
	}
}

static void texts(void *ctx, size_t col, size_t first, size_t n, const char **out)
{
	const struct filter_frame_source *s = ctx;

	for (size_t i = 0; i < n; i++)
		out[i] = frame_text(s->frame, col, first + i);
}

static const char *scale_name(void *ctx, size_t k)
{
	const struct filter_frame_source *s = ctx;
	return s->scales[k].name;
}

static size_t scale_items(void *ctx, size_t k, const size_t **items)
{
	const struct filter_frame_source *s = ctx;
	*items = s->scales[k].items;
	return s->scales[k].k;
}

/* Adds column j to the scale called `name`, creating it after the others when new. */
static int add_item(struct filter_frame_source *s, const char *name, size_t j)
{
	struct filter_frame_scale *sc = NULL;
	size_t *items;

	for (size_t k = 0; k < s->n_scales && !sc; k++)
		if (strcmp(s->scales[k].name, name) == 0)
			sc = &s->scales[k];
	if (!sc) {
		struct filter_frame_scale *grown = grow_for(s->scales, s->n_scales, sizeof *grown);
		if (!grown)
			return -1;
		s->scales = grown;
		sc = &s->scales[s->n_scales++];
		*sc = (struct filter_frame_scale){.name = name};
	}
	if (!(items = grow_for(sc->items, sc->k, sizeof *items)))
		return -1;
	sc->items = items;
	sc->items[sc->k++] = j;
	return 0;
}

int filter_frame_source_init(struct filter_frame_source *s, const struct frame *f)
{
	*s = (struct filter_frame_source){.frame = f};
	s->src = (struct filter_source){
		.ctx = s,
		.n_rows = f->n_rows,
		.n_columns = f->n_cols,
		.column_name = column_name,
		.column_kind = column_kind,
		.find_column = find_column,
		.numbers = numbers,
		.texts = texts,
		.scale_name = scale_name,
		.scale_items = scale_items,
		.id_column = SIZE_MAX,
	};
	for (size_t j = 0; j < f->n_cols; j++) {
		const struct var_meta *m = &f->cols[j].meta;
		if (m->role == ROLE_ID && s->src.id_column == SIZE_MAX)
			s->src.id_column = j;
		if (m->role == ROLE_ITEM && m->scale && add_item(s, m->scale, j) != 0) {
			filter_frame_source_release(s);
			return -1;
		}
	}
	s->src.n_scales = s->n_scales;
	return 0;
}

void filter_frame_source_release(struct filter_frame_source *s)
{
	for (size_t k = 0; k < s->n_scales; k++)
		free(s->scales[k].items);
	free(s->scales);
	s->scales = NULL;
	s->n_scales = 0;
	s->src.n_scales = 0;
}
