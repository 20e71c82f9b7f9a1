/* The sweep operator on a symmetric cross-product matrix (Beaton 1964; Goodnight 1979, "A
 * tutorial on the SWEEP operator", Am. Stat. 33, 149-158): the regression of the later
 * variables on the earlier ones from their sums of squares and cross-products.
 *
 * Sweeping pivot j of A turns it into B with
 *   B_jj = -1 / A_jj,  B_ij = A_ij / A_jj,  B_ji = A_ji / A_jj,  B_il = A_il - A_ij A_jl / A_jj.
 * After sweeping the first c pivots of S = [Sxx Sxy; Syx Syy] the blocks hold -Sxx^-1, the
 * coefficients Sxx^-1 Sxy and the residual cross-products Syy - Syx Sxx^-1 Sxy. Used by ANCOVA
 * and MANCOVA (models/ancova.h, models/manova.h), where the matrices are small (covariates plus
 * outcomes) and already centred within groups.
 *
 * A pivot is skipped, leaving its variable out of the regression, when its starting diagonal is
 * at most floor_j (a variable without variance; floor may be NULL for 0) or when its current value
 * is at most tol times its starting value (the variable is a linear combination of the swept ones
 * before it: its tolerance, 1 - R2, is below tol, the rule of models/ols.h). */
#ifndef SURVEYKIT_MODELS_SWEEP_H
#define SURVEYKIT_MODELS_SWEEP_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

/* Why a pivot was skipped. */
enum sweep_skip {
	SWEEP_SWEPT = 0,
	SWEEP_CONSTANT,  /* starting diagonal at most floor_j */
	SWEEP_COLLINEAR, /* tolerance below tol */
};

/* Sweeps pivots 0..c-1 of the square A in order. diag (c values) receives the starting
 * diagonals; skip (c values, may be NULL) says what happened to each pivot. Returns the number
 * swept. */
size_t sweep_leading(gsl_matrix *A, size_t c, double tol, const double *floor, double *diag, enum sweep_skip *skip);

#endif
