/* Fuzz targets whose code under test takes a path: the input goes into an in-memory file
 * (memfd) reached as /proc/self/fd/N, so nothing is left on disk. */
#ifndef SURVEYKIT_FUZZ_SCRATCH_H
#define SURVEYKIT_FUZZ_SCRATCH_H

#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

struct scratch {
	int fd;
	char path[64];
};

static inline void scratch_open(struct scratch *s, const char *name)
{
	s->fd = memfd_create(name, 0);
	if (s->fd < 0)
		abort();
	snprintf(s->path, sizeof s->path, "/proc/self/fd/%d", s->fd);
}

/* Replaces the file's content with data[0..size). */
static inline void scratch_fill(struct scratch *s, const void *data, size_t size)
{
	if (ftruncate(s->fd, 0) != 0 || (size && pwrite(s->fd, data, size, 0) != (ssize_t)size))
		abort();
}

#endif
