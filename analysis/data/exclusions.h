/* Row filters applied while a wave is loaded: each --filter EXPR (io/filter.h) is one
 * named exclusion step, applied in order; a row is kept when every step's condition is true for
 * it, and a removed row counts at the first step that removes it. Every step is bound to the
 * rows as read, so whole-column values (median(), too_fast()) and duplicate_id() see the whole
 * sample, not what earlier steps kept.
 *
 * The record (struct exclusions) is what a paper reports: rows read, rows removed by each step,
 * rows kept, and each removed row's line, id and step for an audit. dataset_load keeps it in
 * ds->exclusions (NULL without --filter); dataset_doc writes it as the document's "exclusions"
 * object and a note:
 *   "exclusions": {"rows_read": 470, "steps": [{"step": 1, "filter": "consent == 1",
 *                  "removed": 9, "remaining": 461}, ...], "kept": 404}
 * A report reads the same struct: x->rows_read, x->steps[s] (the expression as written),
 * x->removed[s], x->kept. */
#ifndef SURVEYKIT_ANALYSIS_EXCLUSIONS_H
#define SURVEYKIT_ANALYSIS_EXCLUSIONS_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "io/error.h"
#include "io/frame.h"

#define EXCLUSION_KEPT UINT32_MAX

struct exclusions {
	size_t rows_read;
	size_t n_steps;
	char **steps;      /* each step's expression as written */
	size_t *removed;   /* rows removed by step s (not by an earlier one) */
	size_t kept;
	uint32_t *first_failed; /* per row read: the step that removed it (0-based), or EXCLUSION_KEPT */
	size_t *line;      /* per row read: its line in the file */
	char **id;         /* per row read when the wave has an id column (role id): the id as text
			      (NULL when missing); NULL otherwise */
	char *id_column;   /* the id column's name, or NULL */
};

/* Runs the filters over `f` (not changed) into `x`. A filter that does not parse or bind is exit
 * 2 or 3 with one line: "--filter 'TEXT': MESSAGE". */
int exclusions_run(const struct frame *f, const char *const *filters, size_t n, struct exclusions *x,
		   struct sk_error *err);
/* Keeps the rows of `f` that x keeps (f must have x->rows_read rows); 0, or -1 when f does not
 * match or memory runs out (f unchanged then). Per-column counts (missing cells, out-of-range cells) are recounted on the rows kept. */
int exclusions_keep(struct frame *f, const struct exclusions *x);
void exclusions_free(struct exclusions *x);

/* The one-line summary: "470 rows read; removed 9 by 'consent == 1', 17 by 'Finished == 1'; 444 kept". */
char *exclusions_sentence(const struct exclusions *x);
/* doc["exclusions"] and the note, as described above. */
void exclusions_doc(const struct exclusions *x, json_t *doc);

#endif
