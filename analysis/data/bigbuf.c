#define _DEFAULT_SOURCE /* MADV_HUGEPAGE */
#include "analysis/data/bigbuf.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

void *bigbuf_alloc(size_t bytes)
{
	void *p = NULL;
	size_t size;

	if (bytes < BIGBUF_HUGE_MIN)
		return malloc(bytes ? bytes : 1);
	size = (bytes + BIGBUF_HUGE_PAGE - 1) / BIGBUF_HUGE_PAGE * BIGBUF_HUGE_PAGE;
	if (size < bytes || posix_memalign(&p, BIGBUF_HUGE_PAGE, size) != 0)
		return NULL;
#ifdef MADV_HUGEPAGE
	madvise(p, size, MADV_HUGEPAGE); /* advice only: refusal leaves ordinary pages */
#endif
	return p;
}

void bigbuf_free(void *p)
{
	free(p);
}

gsl_matrix *bigmat_alloc(struct bigmat *m, size_t n, size_t k)
{
	memset(m, 0, sizeof *m);
	if (n == 0 || k == 0 || n > (size_t)-1 / k / sizeof(double))
		return NULL;
	m->data = bigbuf_alloc(n * k * sizeof *m->data);
	if (!m->data)
		return NULL;
	m->view = gsl_matrix_view_array(m->data, n, k);
	return &m->view.matrix;
}

void bigmat_free(struct bigmat *m)
{
	bigbuf_free(m->data);
	memset(m, 0, sizeof *m);
}
