/* Fisher's exact test of independence in an r x c table of counts (Fisher 1935; Freeman &
 * Halton 1951 for r x c), as R's fisher.test computes its p-value.
 *
 * Given the margins, a table has the (multiple) hypergeometric probability
 *   P(T) = prod R_i! prod C_j! / (N! prod n_ij!),
 * and the two-sided p-value sums P(T) over the tables with P(T) <= P(observed) (1 + 1e-7), the
 * relative tolerance fisher.test uses so that tables as probable as the observed one count
 * despite rounding.
 *
 * Exact: the network algorithm of Mehta & Patel (1983, JASA 78, 427-434), written from the
 * paper; R's FEXACT is their later implementation. The table is filled a column at a time; a
 * node of stage k is the multiset of row totals still to be filled after k columns (sorted, since
 * the rows' order does not change what can follow), and a path to it carries its "past",
 * -sum log n_ij! over the cells filled so far. Paths reaching a node with the same past (to 1e-9
 * in the logarithm) are merged with their counts added. Before a node's paths are extended, the
 * largest and smallest value the rest of any table can add are bounded: if even the largest
 * leaves a path at or below the threshold, every completion counts and their total probability
 * is added at once (the completions of a node sum to M! / (prod r_i! prod C_j!) over the cells
 * left, M the cases left); if even the smallest puts it above, the path is dropped; otherwise
 * the path is extended by every possible next column. The bounds relax the problem to its
 * columns alone or its rows alone (each line's share of the total spread as evenly, or as
 * unevenly, as the other margins allow: exact for one line because log n! is convex) and take
 * the tighter of the two. The larger of r and c is taken as the number of stages.
 * The work (paths extended times columns tried, plus the tables walked at the last step) and the
 * paths held are capped; past a cap the test stops with GSL_EMAXITER, and the caller may use the
 * Monte Carlo test instead.
 *
 * Monte Carlo (fisher.test(simulate.p.value = TRUE, B)): B tables with the observed margins are
 * drawn by filling the rows in turn, each cell a hypergeometric draw given what is left
 * (equivalent in distribution to Patefield's 1981 algorithm behind R's r2dtable, but not R's
 * random numbers), from GSL's MT19937 seeded with the seed. With S(T) = -sum log n_ij!,
 * p = (1 + #{S(T_b) <= S(observed) / (1 + 64 eps)}) / (B + 1), R's definition. The cost grows
 * with B N.
 *
 * Functions return GSL_SUCCESS, GSL_EDOM when the table has fewer than 2 non-empty rows or
 * columns (fisher.test stops there too; empty rows and columns are ignored), GSL_EMAXITER (exact
 * test over its work limit), GSL_EINVAL when N exceeds FISHER_MAX_N, or GSL_ENOMEM. */
#ifndef SURVEYKIT_MODELS_FISHER_EXACT_H
#define SURVEYKIT_MODELS_FISHER_EXACT_H

#include <stddef.h>

/* Relative tolerance of "as probable as the observed table" (fisher.test's 1 + 1e-7). */
#define FISHER_REL_TOLERANCE 1e-7
/* Default cap on the work of the exact test: one to two seconds on one core of this project's
 * machines (3 x 3 tables with N = 300 need at most about 2e6). */
#define FISHER_WORK_LIMIT 5e7
/* Most paths one stage of the network may hold (48 bytes each with their hash table): past it
 * the exact test stops as over its work limit. */
#define FISHER_MAX_PATHS 4000000
/* Default number of Monte Carlo tables (fisher.test's B). */
#define FISHER_DEFAULT_REPS 2000
/* Largest N accepted (the table of log factorials has N + 1 entries). */
#define FISHER_MAX_N 10000000

/* counts: r x c row-major. *work (may be NULL) receives the work spent. */
int fisher_exact(const size_t *counts, size_t r, size_t c, double work_limit, double *p, double *work);

int fisher_simulated(const size_t *counts, size_t r, size_t c, size_t reps, unsigned long seed, double *p);

#endif
