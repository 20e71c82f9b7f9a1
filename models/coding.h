/* Codings of a multicategorical variable, as PROCESS's mcx= and mcw= options build them (Hayes &
 * Montoya 2017, Communication Methods and Measures 11, 1-30, Table 1; Hayes 2022, Appendix A).
 *
 * A variable with L levels (in ascending order of their codes, level 0 the first) enters a model as
 * L - 1 code columns D_1..D_{L-1}; row `level`, column j (1-based) of the coding table is:
 *   CODING_INDICATOR (mcx=1): 1 when level = j, else 0. Level 0 is the reference:
 *     b_j = mean(level j) - mean(level 0).
 *   CODING_SEQUENTIAL (mcx=2): 1 when level >= j, else 0. Each level against the one before it:
 *     b_j = mean(level j) - mean(level j - 1).
 *   CODING_HELMERT (mcx=3): -(L - j) / (L - j + 1) for level j - 1, 1 / (L - j + 1) for the levels
 *     above it, 0 below: b_j = (unweighted) mean of levels j..L-1 - mean(level j - 1).
 *   CODING_EFFECT (mcx=4): 1 when level = j, and -1 in every column for level 0:
 *     b_j = mean(level j) - the unweighted mean of the level means.
 * (b_j as in a model with this variable alone; with covariates the means are adjusted means.)
 * These are the matrices PROCESS prints as "Coding of categorical X variable for analysis";
 * source of the matrices: Hayes & Montoya (2017) and the public pyprocessmacro port
 * (QuentinAndre/pyprocessmacro, categorical.py), which reproduces PROCESS's. R reproduces each
 * fit with contrasts(f) <- the table (scripts/ref/process.R). */
#ifndef SURVEYKIT_MODELS_CODING_H
#define SURVEYKIT_MODELS_CODING_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

/* PROCESS allows up to 9 groups (8 code columns); one more keeps a 10-point item usable. */
#define CODING_MAX_LEVELS 10

enum coding_system {
	CODING_INDICATOR = 1,
	CODING_SEQUENTIAL = 2,
	CODING_HELMERT = 3,
	CODING_EFFECT = 4,
};

/* The code of level `level` (0..levels-1) in column `col` (0-based, 0..levels-2). NaN for an
 * unknown system or an index out of range. */
double coding_value(enum coding_system c, size_t levels, size_t level, size_t col);

/* The whole table, levels x (levels - 1), into out. GSL_EINVAL for an unknown system or fewer
 * than 2 or more than CODING_MAX_LEVELS levels, GSL_EBADLEN for a wrongly sized out. */
int coding_table(enum coding_system c, size_t levels, gsl_matrix *out);

/* "indicator", "sequential", "Helmert", "effect"; NULL for an unknown system. */
const char *coding_name(enum coding_system c);

#endif
