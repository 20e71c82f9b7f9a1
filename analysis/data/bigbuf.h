/* Data-sized buffers (a design matrix, a variable on the rows used). On a virtual machine every
 * first touch of a 4 KB page can cost microseconds, so a 1,000,000 x 5 design matrix spends more
 * time in page faults than in the regression; blocks of BIGBUF_HUGE_MIN bytes or more are
 * therefore aligned to 2 MB and offered to the kernel as transparent huge pages (madvise
 * MADV_HUGEPAGE where the system has it; elsewhere, or when refused, they are ordinary memory). */
#ifndef SURVEYKIT_ANALYSIS_BIGBUF_H
#define SURVEYKIT_ANALYSIS_BIGBUF_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#define BIGBUF_HUGE_MIN ((size_t)4 << 20)
#define BIGBUF_HUGE_PAGE ((size_t)2 << 20)

/* `bytes` bytes (at least 1), NULL when out of memory; free with bigbuf_free (NULL is a no-op). */
void *bigbuf_alloc(size_t bytes);
void bigbuf_free(void *p);

/* An n x k matrix (n, k >= 1) in such a buffer. */
struct bigmat {
	gsl_matrix_view view;
	double *data;
};
gsl_matrix *bigmat_alloc(struct bigmat *m, size_t n, size_t k);
void bigmat_free(struct bigmat *m);

#endif
