/* Record boundaries for a parallel CSV parse (see io/csv_split.h). */
#define _GNU_SOURCE /* sched_getaffinity */
#include "io/csv_split.h"

#include <sched.h>
#include <string.h>
#include <unistd.h>

void csv_split_init(struct csv_split *s, size_t size, size_t parts, size_t first)
{
	memset(s, 0, sizeof *s);
	if (parts < 1)
		parts = 1;
	if (parts > CSV_SPLIT_MAX_PARTS)
		parts = CSV_SPLIT_MAX_PARTS;
	s->parts = parts;
	s->size = size;
	s->found = 1;
	s->target = size / parts > first ? size / parts : first;
	if (parts == 1 || s->target >= size)
		csv_split_finish(s);
}

void csv_split_finish(struct csv_split *s)
{
	s->parts = s->found;
	s->cut[s->parts] = s->size;
	s->done = 1;
}

int csv_split_feed(struct csv_split *s, const char *block, size_t len)
{
	const char *p = block, *end = block + len;

	while (!s->done && p < end) {
		size_t at = s->pos + (size_t)(p - block);
		if (at < s->target) {
			/* before the target only the parity matters */
			const char *stop = end - p > (ptrdiff_t)(s->target - at) ? p + (s->target - at) : end, *q;
			while ((q = memchr(p, '"', (size_t)(stop - p)))) {
				s->quoted = !s->quoted;
				p = q + 1;
			}
			p = stop;
			continue;
		}
		/* from the target: the first line feed outside quotes */
		for (; p < end; p++) {
			if (*p == '"') {
				s->quoted = !s->quoted;
			} else if (*p == '\n' && !s->quoted) {
				size_t cut = s->pos + (size_t)(p - block) + 1;
				p++;
				if (cut >= s->size)
					break;
				s->cut[s->found++] = cut;
				s->target = s->size / s->parts * s->found;
				if (s->target < cut)
					s->target = cut;
				if (s->found == s->parts)
					csv_split_finish(s);
				break;
			}
		}
	}
	s->pos += len;
	if (!s->done && s->pos >= s->size)
		csv_split_finish(s);
	return s->done;
}

size_t csv_split_processors(void)
{
	cpu_set_t set;
	long n;

	if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
		return (size_t)CPU_COUNT(&set);
	n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (size_t)n : 1;
}
