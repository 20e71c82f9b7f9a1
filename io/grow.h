/* Arrays that grow one element at a time, without the quadratic copying of realloc(n + 1) (which
 * 1,000,000 columns turn into hours under AddressSanitizer or any allocator without mremap). */
#ifndef SURVEYKIT_IO_GROW_H
#define SURVEYKIT_IO_GROW_H

#include <stdint.h>
#include <stdlib.h>

/* Call before storing element n of an array holding n elements that only this function has
 * (re)allocated: when n is 0 or a power of two the array is reallocated to hold 2n (1 for n = 0),
 * so its capacity is always enough. Returns the array (possibly moved), or NULL on ENOMEM with
 * the old array left allocated. */
static inline void *grow_for(void *array, size_t n, size_t size)
{
	if (n & (n - 1))
		return array;
	if (n > SIZE_MAX / 2 / size)
		return NULL;
	return realloc(array, (n ? 2 * n : 1) * size);
}

#endif
