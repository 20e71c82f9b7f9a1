/* chart_raster_start, chart_raster_add, chart_raster_finish: io/chart_raster.h. */
#include "io/chart_raster.h"

#include <stdio.h>

#ifndef SURVEYKIT_RASTER

int chart_raster_available(void)
{
	return 0;
}

struct chart_raster_pool *chart_raster_start(size_t threads)
{
	(void)threads;
	return NULL;
}

void chart_raster_add(struct chart_raster_pool *p, const struct chart_raster_job *job)
{
	(void)p;
	(void)job;
}

int chart_raster_finish(struct chart_raster_pool *p, char *msg, size_t msg_size)
{
	(void)p;
	(void)msg_size;
	msg[0] = '\0';
	return 0;
}

#else

#include <cairo.h>
#include <png.h>
#include <poppler.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "io/output.h"

int chart_raster_available(void)
{
	return 1;
}

/* poppler's documents do not share state that is safe to use from two threads at once (its
 * global parameters, FreeType): loading and rendering go one at a time; the encoding, which
 * takes most of the time, runs in parallel. */
static pthread_mutex_t poppler_lock = PTHREAD_MUTEX_INITIALIZER;

/* A worker's pixels, kept from one chart to the next: a new surface of 10-20 MB per chart costs
 * the kernel's page faults and zeroing again each time. */
struct canvas {
	unsigned char *data;
	size_t size;
};

/* A w x h surface on the canvas's memory (grown when needed); NULL with a message. */
static cairo_surface_t *surface_on(struct canvas *c, long w, long h, char *msg, size_t size)
{
	int stride = w > 0 && w <= 32767 && h > 0 && h <= 32767 ? cairo_format_stride_for_width(CAIRO_FORMAT_RGB24, (int)w)
								: -1;
	size_t need = stride > 0 ? (size_t)stride * (size_t)h : 0;
	cairo_surface_t *s;

	if (!need) {
		snprintf(msg, size, "a size of %ld x %ld pixels", w, h);
		return NULL;
	}
	if (need > c->size) {
		unsigned char *d = realloc(c->data, need);
		if (!d) {
			snprintf(msg, size, "out of memory");
			return NULL;
		}
		c->data = d;
		c->size = need;
	}
	s = cairo_image_surface_create_for_data(c->data, CAIRO_FORMAT_RGB24, (int)w, (int)h, stride);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		snprintf(msg, size, "%s", cairo_status_to_string(cairo_surface_status(s)));
		cairo_surface_destroy(s);
		return NULL;
	}
	return s;
}

/* Page 1 of the PDF at `path` on a white w x h surface; NULL with *absent = 1 when there is no
 * such file, NULL with a message on any other failure. */
static cairo_surface_t *render(struct canvas *c, const char *path, long w, long h, int *absent, char *msg,
			       size_t size)
{
	gchar *contents = NULL;
	gsize len = 0;
	GError *ge = NULL;
	GBytes *bytes;
	PopplerDocument *doc = NULL;
	PopplerPage *page = NULL;
	cairo_surface_t *s = NULL;
	double pw = 0, ph = 0;

	*absent = 0;
	pthread_mutex_lock(&poppler_lock);
	if (!g_file_get_contents(path, &contents, &len, &ge)) {
		*absent = g_error_matches(ge, G_FILE_ERROR, G_FILE_ERROR_NOENT);
		snprintf(msg, size, "cannot read its PDF: %s", ge->message);
		g_error_free(ge);
		pthread_mutex_unlock(&poppler_lock);
		return NULL;
	}
	bytes = g_bytes_new_take(contents, len);
	doc = poppler_document_new_from_bytes(bytes, NULL, &ge);
	page = doc ? poppler_document_get_page(doc, 0) : NULL;
	if (page)
		poppler_page_get_size(page, &pw, &ph);
	if (!page || !(pw > 0) || !(ph > 0)) {
		snprintf(msg, size, "cannot read its PDF: %s", ge ? ge->message : "no page");
	} else {
		s = surface_on(c, w, h, msg, size);
		if (s) {
			cairo_t *cr = cairo_create(s);
			cairo_set_source_rgb(cr, 1, 1, 1);
			cairo_paint(cr);
			cairo_scale(cr, (double)w / pw, (double)h / ph);
			poppler_page_render(page, cr);
			cairo_destroy(cr);
			cairo_surface_flush(s);
		}
	}
	if (ge)
		g_error_free(ge);
	if (page)
		g_object_unref(page);
	if (doc)
		g_object_unref(doc);
	g_bytes_unref(bytes);
	pthread_mutex_unlock(&poppler_lock);
	return s;
}

/* The surface as an 8-bit RGB PNG: the "up" filter and zlib's fastest level (see the header). */
static int encode(cairo_surface_t *s, FILE *f, char *msg, size_t size)
{
	png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	png_infop info = png ? png_create_info_struct(png) : NULL;
	const unsigned char *data = cairo_image_surface_get_data(s);
	int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
	int stride = cairo_image_surface_get_stride(s);
	const uint32_t probe = 1;
	const int little = *(const unsigned char *)&probe == 1;

	if (!info) {
		png_destroy_write_struct(&png, NULL);
		snprintf(msg, size, "out of memory");
		return -1;
	}
	if (setjmp(png_jmpbuf(png))) {
		png_destroy_write_struct(&png, &info);
		snprintf(msg, size, "cannot write the PNG");
		return -1;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_set_compression_level(png, 1);
	png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_UP);
	png_write_info(png, info);
	/* cairo's RGB24 pixel is a native 32-bit 0x00RRGGBB: B, G, R, unused in memory on a
	 * little-endian machine, unused, R, G, B on a big-endian one */
	png_set_filler(png, 0, little ? PNG_FILLER_AFTER : PNG_FILLER_BEFORE);
	if (little)
		png_set_bgr(png);
	for (int y = 0; y < h; y++)
		png_write_row(png, data + (size_t)y * (size_t)stride);
	png_write_end(png, info);
	png_destroy_write_struct(&png, &info);
	return 0;
}

/* One job: 0, 1 when its PDF is absent, -1 with a message. The PNG is written as every output is
 * (io/output.h): under a temporary name, renamed into place when complete. */
static int make_png(struct canvas *c, const struct chart_raster_job *j, char *msg, size_t size)
{
	int absent = 0, status = -1;
	cairo_surface_t *s = render(c, j->pdf, j->width, j->height, &absent, msg, size);
	struct sk_error err = {0};
	struct output o;

	if (!s)
		return absent ? 1 : -1;
	if (output_open(&o, j->png, &err) != 0) {
		snprintf(msg, size, "%s", err.msg);
	} else if (encode(s, o.fp, msg, size) != 0) {
		output_abort(&o);
	} else if (output_commit(&o, &err) != 0) {
		snprintf(msg, size, "%s", err.msg);
	} else {
		status = 0;
		unlink(j->pdf);
	}
	cairo_surface_destroy(s);
	return status;
}

struct queued {
	struct chart_raster_job job;
	char *pdf, *png;
	struct queued *next;
};

#define POOL_THREADS 8

struct chart_raster_pool {
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct queued *head, *tail;
	int closing;
	int failed;
	char msg[600];
	pthread_t tid[POOL_THREADS];
	size_t n_threads;
};

static void fail(struct chart_raster_pool *p, const char *png, const char *msg)
{
	if (!p->failed) {
		const char *slash = strrchr(png, '/');
		p->failed = 1;
		snprintf(p->msg, sizeof p->msg, "%s: %s", slash ? slash + 1 : png, msg);
	}
}

static void *worker(void *arg)
{
	struct chart_raster_pool *p = arg;
	struct canvas canvas = {NULL, 0};
	char msg[sizeof ((struct sk_error *)0)->msg]; /* an io/output.h message fits */

	for (;;) {
		struct queued *q;
		pthread_mutex_lock(&p->lock);
		while (!p->head && !p->closing)
			pthread_cond_wait(&p->more, &p->lock);
		q = p->head;
		if (q && !(p->head = q->next))
			p->tail = NULL;
		pthread_mutex_unlock(&p->lock);
		if (!q) {
			free(canvas.data);
			return NULL;
		}
		msg[0] = '\0';
		if (make_png(&canvas, &q->job, msg, sizeof msg) < 0) {
			pthread_mutex_lock(&p->lock);
			fail(p, q->png, msg);
			pthread_mutex_unlock(&p->lock);
		}
		free(q->pdf);
		free(q->png);
		free(q);
	}
}

struct chart_raster_pool *chart_raster_start(size_t threads)
{
	struct chart_raster_pool *p = calloc(1, sizeof *p);

	if (!p)
		return NULL;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->more, NULL);
	threads = threads < 1 ? 1 : threads > POOL_THREADS ? POOL_THREADS : threads;
	for (size_t t = 0; t < threads; t++)
		if (pthread_create(&p->tid[p->n_threads], NULL, worker, p) == 0)
			p->n_threads++;
	if (!p->n_threads) {
		pthread_cond_destroy(&p->more);
		pthread_mutex_destroy(&p->lock);
		free(p);
		return NULL;
	}
	return p;
}

void chart_raster_add(struct chart_raster_pool *p, const struct chart_raster_job *job)
{
	struct queued *q;

	if (!p)
		return;
	q = job->pdf && job->png ? calloc(1, sizeof *q) : NULL;
	if (q && (q->pdf = strdup(job->pdf)) && (q->png = strdup(job->png))) {
		q->job = (struct chart_raster_job){q->pdf, q->png, job->width, job->height};
		pthread_mutex_lock(&p->lock);
		if (p->tail)
			p->tail->next = q;
		else
			p->head = q;
		p->tail = q;
		pthread_cond_signal(&p->more);
		pthread_mutex_unlock(&p->lock);
		return;
	}
	if (q) {
		free(q->pdf);
		free(q);
	}
	pthread_mutex_lock(&p->lock);
	fail(p, job->png ? job->png : "a chart", "out of memory");
	pthread_mutex_unlock(&p->lock);
}

int chart_raster_finish(struct chart_raster_pool *p, char *msg, size_t msg_size)
{
	int failed;

	msg[0] = '\0';
	if (!p)
		return 0;
	pthread_mutex_lock(&p->lock);
	p->closing = 1;
	pthread_cond_broadcast(&p->more);
	pthread_mutex_unlock(&p->lock);
	for (size_t t = 0; t < p->n_threads; t++)
		pthread_join(p->tid[t], NULL);
	failed = p->failed;
	if (failed)
		snprintf(msg, msg_size, "%s", p->msg);
	pthread_cond_destroy(&p->more);
	pthread_mutex_destroy(&p->lock);
	free(p);
	return failed ? -1 : 0;
}

#endif
