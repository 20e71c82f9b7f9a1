#include "models/coding.h"

#include <math.h>

#include <gsl/gsl_errno.h>

double coding_value(enum coding_system c, size_t levels, size_t level, size_t col)
{
	size_t j = col + 1; /* 1-based column */
	double above;

	if (levels < 2 || levels > CODING_MAX_LEVELS || level >= levels || j >= levels)
		return NAN;
	switch (c) {
	case CODING_INDICATOR:
		return level == j;
	case CODING_SEQUENTIAL:
		return level >= j;
	case CODING_HELMERT:
		above = (double)(levels - j + 1);
		if (level + 1 < j)
			return 0;
		return level + 1 == j ? -(double)(levels - j) / above : 1 / above;
	case CODING_EFFECT:
		return level == 0 ? -1 : level == j;
	}
	return NAN;
}

int coding_table(enum coding_system c, size_t levels, gsl_matrix *out)
{
	if (!coding_name(c) || levels < 2 || levels > CODING_MAX_LEVELS)
		return GSL_EINVAL;
	if (out->size1 != levels || out->size2 != levels - 1)
		return GSL_EBADLEN;
	for (size_t l = 0; l < levels; l++)
		for (size_t j = 0; j + 1 < levels; j++)
			gsl_matrix_set(out, l, j, coding_value(c, levels, l, j));
	return GSL_SUCCESS;
}

const char *coding_name(enum coding_system c)
{
	switch (c) {
	case CODING_INDICATOR:
		return "indicator";
	case CODING_SEQUENTIAL:
		return "sequential";
	case CODING_HELMERT:
		return "Helmert";
	case CODING_EFFECT:
		return "effect";
	}
	return NULL;
}
