/* A frame (io/frame.h) as the data source of a filter (io/filter.h): its columns, its scales
 * (items grouped by the codebook's or inference's scale name, in the order of their first item,
 * as analysis/dataset builds them) and its id column (the first with role id).
 *
 * Ownership: the source points into the frame, which must outlive it and every program bound to
 * it; filter_frame_source_release frees the scale lists. */
#ifndef SURVEYKIT_IO_FILTER_FRAME_H
#define SURVEYKIT_IO_FILTER_FRAME_H

#include "io/filter.h"
#include "io/frame.h"

struct filter_frame_scale {
	const char *name;
	size_t *items;
	size_t k;
};

struct filter_frame_source {
	struct filter_source src; /* what filter_bind takes */
	const struct frame *frame;
	struct filter_frame_scale *scales;
	size_t n_scales;
};

/* 0, or -1 when out of memory (nothing to release then). */
int filter_frame_source_init(struct filter_frame_source *s, const struct frame *f);
void filter_frame_source_release(struct filter_frame_source *s);

#endif
