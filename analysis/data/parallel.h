/* Independent passes over a loaded wave, run side by side: the per-column, per-scale and per-row
 * passes of an analysis (describe, reliability) that read the frame and write disjoint results.
 * Each task computes exactly what it would alone, in the same order, so the results are the
 * same, bit for bit, with 1 or N threads. */
#ifndef SURVEYKIT_ANALYSIS_PARALLEL_H
#define SURVEYKIT_ANALYSIS_PARALLEL_H

#include <stddef.h>

/* Runs task(ctx, t) once for each t in 0 .. n - 1 on up to `threads` threads, the caller's among
 * them (0: one per processor the process may use, io/csv_split.h); tasks are taken in order by
 * whichever thread is free. A thread that cannot be started leaves its share to the others. */
void parallel_run(size_t n, size_t threads, void (*task)(void *ctx, size_t t), void *ctx);

/* A pipeline of n tasks whose results are used in order (`score`: chunks of rows formatted side by
 * side and written in order): make(ctx, t, slot) runs for each t on up to `threads` threads (0:
 * one per processor), into slot t % slots, not before the task slots places earlier has been used;
 * use(ctx, t, slot) runs for t = 0, 1, .. in order, one at a time, on whichever thread is free once
 * task t is made. The threads stay up through all n tasks (no start and join per batch), and a
 * result is used while later ones are made. When use returns nonzero no further task is made or
 * used; that value is returned (else 0). */
int parallel_ordered(size_t n, size_t slots, size_t threads, void (*make)(void *ctx, size_t t, size_t slot),
		     int (*use)(void *ctx, size_t t, size_t slot), void *ctx);

#endif
