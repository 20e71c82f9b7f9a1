/* Two-way between-subjects ANOVA, factors A (a levels) and B (b levels) with interaction, from
 * the a x b cell summaries (cell (i, j) at index i * b + j; models/oneway.h).
 *
 * Model: y = mu + alpha_i + beta_j + (alpha beta)_ij + e with effect (sum-to-zero) coding, as
 * SPSS GLM and R with contr.sum. Every model is fitted by weighted least squares on the cell means
 * (weights n_ij; GSL gsl_multifit_wlinear), since for any model whose terms are functions of the
 * cell, RSS = SS_within + sum_ij n_ij (ybar_ij - fitted_ij)^2. Sums of squares:
 *   type III (SPSS GLM default; R car::Anova(type = 3) with contr.sum): a term's SS is the rise
 *     in RSS when its columns are removed from the full model;
 *   type II (R car::Anova(type = 2)): SS(A | B) = RSS(B) - RSS(A + B), SS(B | A) likewise,
 *     SS(AB) = RSS(A + B) - RSS(full).
 * Error: SS_within = sum (n_ij - 1) s_ij^2, df N - ab. F = MS / MS_error; partial eta^2 =
 *   SS / (SS + SS_error).
 * Simple effects (SPSS /EMMEANS = TABLES(A*B) COMPARE(A), the univariate tests; the same as
 *   pooled-error F tests): the effect of A at level j of B tests ybar_1j = ... = ybar_aj in the
 *   full model: SS = sum_i n_ij (ybar_ij - ybar_.j)^2 with ybar_.j the n-weighted mean of
 *   column j, df a - 1, F = SS / (a - 1) / MS_error with the full model's error df.
 *
 * Returns GSL_SUCCESS; GSL_EDOM when a cell is empty (*bad_cell = its index) or N <= ab (no error
 * df); GSL_EZERODIV when every cell is constant (SS_error = 0); GSL_EINVAL for a type other than
 * 2 or 3; GSL_ENOMEM; or the status of the least-squares fit. */
#ifndef SURVEYKIT_MODELS_FACTORIAL_ANOVA_H
#define SURVEYKIT_MODELS_FACTORIAL_ANOVA_H

#include <stddef.h>

#include "models/oneway.h"

struct factorial_term {
	double ss, df, ms, F, p, partial_eta2;
};

struct factorial_anova {
	size_t a, b;
	int ss_type;
	struct factorial_term A, B, AB;
	double ss_error, df_error, ms_error;
	double ss_model, ss_total, r2; /* corrected model and total */
};

int factorial_anova_fit(const struct group_summary *cells, size_t a, size_t b, int ss_type,
			struct factorial_anova *out, size_t *bad_cell);

/* Effects of A at each level of B (of_a = 1; out has b terms) or of B at each level of A
 * (of_a = 0; out has a terms), with the error of `fit`. */
void factorial_simple_effects(const struct group_summary *cells, const struct factorial_anova *fit, int of_a,
			      struct factorial_term *out);

#endif
