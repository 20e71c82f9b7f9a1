/* The studentized range distribution: Q = W / S, where W is the range of k independent N(0, 1)
 * variables and S is independent of W with df S^2 ~ chi-square(df). It gives the p-values and
 * critical values of Tukey's HSD and the Games-Howell test. GSL has no such distribution.
 *
 * Distribution function as a double integral (Hartley 1942; Copenhaver & Holland 1988, the
 * method behind R's ptukey):
 *   P(W <= w) = k * Int phi(z) [Phi(z + w) - Phi(z)]^(k-1) dz                    (z: the minimum)
 *   P(Q <= q) = Int_0^inf f_S(s) P(W <= q s) ds,
 *   f_S(s)    = df^(df/2) / (Gamma(df/2) 2^(df/2 - 1)) s^(df-1) exp(-df s^2 / 2).
 * The upper tail is computed directly, never as 1 - P, so that small p-values keep their
 * relative accuracy: with a = 1 - Phi(z) and b = Phi(z + w) - Phi(z), a - b = 1 - Phi(z + w) and
 *   P(W > w) = k * Int phi(z) [a^(k-1) - b^(k-1)] dz
 *            = k * Int phi(z) (1 - Phi(z + w)) sum_{i=0}^{k-2} a^i b^(k-2-i) dz.
 * Both integrals are evaluated with GSL's adaptive Gauss-Kronrod rule (QAG) on finite ranges
 * that hold all but a negligible part of the integrand (see the constants below). The quantile
 * is found by Brent's method (GSL roots) on the tail that is below one half.
 *
 * Accuracy (tests/unit/test_studentized_range.c, scripts/ref/studentized_range.R): within 1e-11
 * of the same double integral evaluated independently with R's integrate() on a grid of
 * q = 0.5..10, k = 2..20, df = 2..1000, and within 1e-7 of R's ptukey from df = 20 on. R's ptukey
 * is the less accurate of the two (fixed Gauss-Legendre rules; off by up to 1e-4 at df = 2 and
 * 1e-7 at df = 5, and df = infinity above 25000), and R's qtukey stops its secant search at 1e-4,
 * so its quantiles differ from exact ones by up to about 1e-7 relative where ptukey is accurate.
 *
 * Every function returns GSL_SUCCESS, GSL_EDOM for arguments outside the domain (q < 0, k < 2,
 * df <= 0 or NaN, p outside [0, 1]), GSL_ENOMEM, or the GSL status of an integration or root
 * search that failed to converge (GSL_EMAXITER, GSL_EROUND...). df = GSL_POSINF gives the
 * distribution of the range itself. */
#ifndef SURVEYKIT_MODELS_STUDENTIZED_RANGE_H
#define SURVEYKIT_MODELS_STUDENTIZED_RANGE_H

#include <stddef.h>

/* Relative tolerance requested from each adaptive integration. */
#define STUDENTIZED_RANGE_EPSREL 1e-12
/* Half-width, in standard-normal units, of the z range integrated for the range of k normals:
 * the integrand outside it is below k^2 exp(-HALFWIDTH^2 / 2) relative to the total. */
#define STUDENTIZED_RANGE_Z_HALFWIDTH 8.5
/* The outer integral (over x = log s) covers the range where the chi density's weight is above
 * exp(-S_SPAN^2 / 2) of its peak, moved with the integrand's peak (studentized_range.c). */
#define STUDENTIZED_RANGE_S_SPAN 12.0
/* Phi(z + w) - Phi(z) comes from a Taylor series when w is at most this (relative error below
 * 1e-14 for |z| within the half-width). */
#define STUDENTIZED_RANGE_SHORT_INTERVAL 0.01
/* Subintervals available to each adaptive integration. */
#define STUDENTIZED_RANGE_LIMIT 200
/* The quantile: relative tolerance on q and the iteration limit of the root search. */
#define STUDENTIZED_RANGE_Q_EPSREL 1e-13
#define STUDENTIZED_RANGE_MAXITER 200
/* Bracketing the quantile: the first step away from the starting value is this factor, and
 * each further step squares it. */
#define STUDENTIZED_RANGE_BRACKET_STEP 1.05

/* The table (studentized_range_table_alloc): the upper tail of the range of k normals,
 * log P(W > w), as Chebyshev series of this order on pieces of at most this width, each halved
 * (at most DEPTH times) until its last two coefficients are below TOL times max(1, |c0|); at most
 * PIECES pieces in all. The critical-value curve (below) is fitted the same way over log df. */
#define STUDENTIZED_RANGE_TABLE_ORDER 24
#define STUDENTIZED_RANGE_TABLE_WIDTH 4.0
#define STUDENTIZED_RANGE_TABLE_TOL 1e-13
#define STUDENTIZED_RANGE_TABLE_DEPTH 6
#define STUDENTIZED_RANGE_TABLE_PIECES 256
/* The critical-value curve: tolerance of its series, and the width in log df below which it
 * holds a single value. */
#define STUDENTIZED_RANGE_CURVE_TOL 1e-11
#define STUDENTIZED_RANGE_CURVE_SAME_DF 1e-12

/* P(Q <= q) and P(Q > q) for k groups and df error degrees of freedom. */
int studentized_range_P(double q, size_t k, double df, double *p);
int studentized_range_Q(double q, size_t k, double df, double *p);
/* The q with P(Q <= q) = p, and the q with P(Q > q) = p (for critical values: Qinv(0.05)). */
int studentized_range_Pinv(double p, size_t k, double df, double *q);
int studentized_range_Qinv(double p, size_t k, double df, double *q);

/* Many upper tails and their quantiles for one k at different df (post hoc tests of every pair,
 * each with its own Welch df): the inner integral, P(W > w) for the range W of k normals, is
 * tabulated once (Chebyshev series of its logarithm; zero where it falls below
 * DBL_MIN / DBL_EPSILON) and the outer integral over the chi density reads the table, about a
 * thousand times faster than the nested integration and within 1e-13 of it relative.
 * studentized_range_table_Qinv with p > 1/2 searches on the lower tail without the table. */
struct studentized_range_table;
int studentized_range_table_alloc(size_t k, struct studentized_range_table **t);
void studentized_range_table_free(struct studentized_range_table *t);
int studentized_range_table_Q(const struct studentized_range_table *t, double q, double df, double *p);
int studentized_range_table_Qinv(const struct studentized_range_table *t, double p, double df, double *q);

/* Critical values at many df for one k and one upper-tail probability p (Games-Howell: every pair
 * has its own Welch df): log q as Chebyshev series in log df over [df_lo, df_hi], fitted as the
 * table is (to STUDENTIZED_RANGE_CURVE_TOL, the root search's own accuracy being about 1e-13),
 * so that a pair's critical value is a series evaluation instead of a root search over the
 * integral. studentized_range_curve_Qinv returns GSL_EDOM for a df outside the range. */
struct studentized_range_curve;
int studentized_range_curve_alloc(const struct studentized_range_table *t, double p, double df_lo, double df_hi,
				  struct studentized_range_curve **c);
void studentized_range_curve_free(struct studentized_range_curve *c);
int studentized_range_curve_Qinv(const struct studentized_range_curve *c, double df, double *q);

#endif
