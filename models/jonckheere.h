/* The Jonckheere-Terpstra test of an ordered alternative across k groups (Terpstra 1952;
 * Jonckheere 1954): the rank-based companion of a linear trend contrast over ordered scenarios.
 *
 *   J = sum over pairs of groups i < j of U_ij, U_ij = #{x_i < x_j} + #{x_i = x_j} / 2
 *   (the pairs of observations ordered as the groups are; ties count one half),
 *   E J = (N^2 - sum n_i^2) / 4,
 *   Var J (Hollander & Wolfe 1999, eq. 6.19, with t_m the sizes of the groups of tied values)
 *     = [N(N-1)(2N+5) - sum n_i(n_i-1)(2n_i+5) - sum t_m(t_m-1)(2t_m+5)] / 72
 *     + [sum n_i(n_i-1)(n_i-2)] [sum t_m(t_m-1)(t_m-2)] / (36 N(N-1)(N-2))
 *     + [sum n_i(n_i-1)] [sum t_m(t_m-1)] / (8 N(N-1)),
 *   which without ties is (N^2 (2N+3) - sum n_i^2 (2n_i+3)) / 72.
 * p-values: p_increasing = P(J >= observed), p_decreasing = P(J <= observed), two-sided
 * 2 min(p_increasing, p_decreasing, 1/2), as clinfun::jonckheere.test defines them.
 *   Exact, when there are no ties and N <= JT_EXACT_MAX_N (clinfun's rule): under the null
 *     hypothesis J is the sum of independent Mann-Whitney counts of each group against all the
 *     groups before it, so its distribution is the convolution of their distributions; each is
 *     counted by the recursion c(u; m, n) = c(u - n; m - 1, n) + c(u; m, n - 1) (Mann & Whitney
 *     1947), which only adds, so the tails keep their relative accuracy. The tails are summed
 *     directly (clinfun computes 1 - the rest; the two agree to 1e-12 here).
 *   Normal approximation otherwise: z = (J - E J) / sqrt(Var J) with the tie correction above,
 *     no continuity correction, as kSamples::jt.test(method = "asymptotic") (its "sig" is
 *     sqrt(Var J)). clinfun's normal approximation omits the tie correction; with Likert scores
 *     ties are the rule, so the corrected variance is used.
 * R's clinfun is not packaged for Debian: scripts/ref/jonckheere.R computes the exact reference
 * by convolving stats::dwilcox and checks it against kSamples::jt.test(method = "exact").
 *
 * Groups with no observations are ignored. Returns GSL_SUCCESS, GSL_EDOM with fewer than two
 * non-empty groups, GSL_EZERODIV when every value is tied (Var J = 0), or GSL_ENOMEM. */
#ifndef SURVEYKIT_MODELS_JONCKHEERE_H
#define SURVEYKIT_MODELS_JONCKHEERE_H

#include <stddef.h>

#include "models/oneway.h"

/* Largest N for the exact distribution (without ties). */
#define JT_EXACT_MAX_N 100

enum jt_method {
	JT_EXACT,
	JT_NORMAL,
};

struct jonckheere {
	double J, mean, var, z;
	double p_increasing, p_decreasing, p_two_sided;
	enum jt_method method;
	size_t n, groups;   /* cases and non-empty groups */
	size_t tied_values; /* distinct values that occur more than once */
};

/* Groups in their order (g->y by group, see models/oneway.h). exact = 0 forces the normal
 * approximation. */
int jonckheere_test(const struct grouped *g, int exact, struct jonckheere *out);

#endif
