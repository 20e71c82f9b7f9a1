#include "models/sweep.h"

static void sweep_one(gsl_matrix *A, size_t j)
{
	size_t p = A->size1;
	double d = gsl_matrix_get(A, j, j);

	for (size_t i = 0; i < p; i++) {
		if (i == j)
			continue;
		double aij = gsl_matrix_get(A, i, j);
		for (size_t l = 0; l < p; l++)
			if (l != j)
				*gsl_matrix_ptr(A, i, l) -= aij * gsl_matrix_get(A, j, l) / d;
	}
	for (size_t i = 0; i < p; i++)
		if (i != j) {
			*gsl_matrix_ptr(A, i, j) /= d;
			*gsl_matrix_ptr(A, j, i) /= d;
		}
	gsl_matrix_set(A, j, j, -1 / d);
}

size_t sweep_leading(gsl_matrix *A, size_t c, double tol, const double *floor, double *diag, enum sweep_skip *skip)
{
	size_t swept = 0;

	for (size_t j = 0; j < c; j++)
		diag[j] = gsl_matrix_get(A, j, j);
	for (size_t j = 0; j < c; j++) {
		enum sweep_skip why = SWEEP_SWEPT;
		if (!(diag[j] > (floor ? floor[j] : 0)))
			why = SWEEP_CONSTANT;
		else if (!(gsl_matrix_get(A, j, j) > tol * diag[j]))
			why = SWEEP_COLLINEAR;
		else {
			sweep_one(A, j);
			swept++;
		}
		if (skip)
			skip[j] = why;
	}
	return swept;
}
