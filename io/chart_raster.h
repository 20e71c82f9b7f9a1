/* A chart's PNG made from its PDF (io/gnuplot.c). gnuplot's pngcairo spends about nine tenths of
 * a 300-dpi chart's time in libpng and zlib compressing 2.3 million pixels at their default
 * settings (every filter tried on every row, zlib level 6), which gnuplot does not let one
 * change: 0.085 s of the 0.09 s a chart takes. The same figure drawn by gnuplot's pdfcairo (the
 * same cairo layout, text measured by pango alike) and rasterised here with poppler's cairo
 * backend takes 0.006 s, and libpng writes it with the "up" filter at zlib's fastest level in
 * about 0.015 s: a PNG with the same pixels' size and content, about 1.3 times the bytes.
 *
 * Built when pkg-config finds poppler-glib, cairo and libpng (the Makefile defines
 * SURVEYKIT_RASTER); without them chart_raster_available() is 0 and gnuplot draws the PNG. */
#ifndef SURVEYKIT_IO_CHART_RASTER_H
#define SURVEYKIT_IO_CHART_RASTER_H

#include <stddef.h>

/* One PNG to make: page 1 of `pdf` rendered at exactly width x height pixels on white, written
 * to `png` (through a temporary file beside it, renamed into place), and `pdf` removed. A job
 * without pdf is a failure to report: out of memory. */
struct chart_raster_job {
	const char *pdf, *png;
	long width, height;
};

int chart_raster_available(void);

/* The PNGs are made on worker threads while gnuplot still draws: chart_raster_start starts
 * `threads` of them (NULL when none could be started or out of memory: nothing is made), each
 * chart_raster_add hands them one job (its strings copied), and chart_raster_finish waits for
 * every job, stops the threads and frees the pool. A job whose PDF is absent is skipped (nothing
 * was drawn). chart_raster_finish returns 0, or -1 with the first failure in msg ("NAME.png:
 * what went wrong"; "out of memory" when a job could not be added). */
struct chart_raster_pool;
struct chart_raster_pool *chart_raster_start(size_t threads);
void chart_raster_add(struct chart_raster_pool *p, const struct chart_raster_job *job);
int chart_raster_finish(struct chart_raster_pool *p, char *msg, size_t msg_size);

#endif
