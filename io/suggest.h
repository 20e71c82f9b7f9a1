/* The names closest to a name that was not found, for "did you mean ..." in a message.
 *
 * A candidate is close when its optimal-string-alignment distance to the name (insertions,
 * deletions, substitutions and swaps of neighbours, each 1; ASCII letters compared without case)
 * is at most max(1, min(3, length / 3)), or, for names of 3 bytes or more, when one contains the
 * other without regard to case ("Duration" and "Duration (in seconds)"); closer ones come first,
 * then the earlier. Names longer than SUGGEST_NAME_MAX bytes are not compared, which keeps the
 * cost at most n * SUGGEST_NAME_MAX^2 steps. */
#ifndef SURVEYKIT_IO_SUGGEST_H
#define SURVEYKIT_IO_SUGGEST_H

#include <stddef.h>

#define SUGGEST_MAX 3        /* names suggested at most */
#define SUGGEST_NAME_MAX 128 /* longer names are never suggested */

/* Writes the indices (< n) of up to SUGGEST_MAX names close to `name` into out, closest first;
 * returns how many. name_at(ctx, i) gives candidate i (NULL is skipped). */
size_t suggest_names(const char *name, size_t n, const char *(*name_at)(void *ctx, size_t i), void *ctx,
		     size_t out[SUGGEST_MAX]);

#endif
