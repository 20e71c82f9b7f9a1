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
/* The chi density f_S is integrated from 0 to mode + S_SPAN / sqrt(df); its mass above that is
 * below exp(-S_SPAN^2 / 2) (a lighter tail than the normal with variance 1 / df). */
#define STUDENTIZED_RANGE_S_SPAN 12.0
/* Subintervals available to each adaptive integration. */
#define STUDENTIZED_RANGE_LIMIT 200
/* The quantile: relative tolerance on q and the iteration limit of the root search. */
#define STUDENTIZED_RANGE_Q_EPSREL 1e-13
#define STUDENTIZED_RANGE_MAXITER 200
/* Bracketing the quantile: the first step away from the starting value is this factor, and
 * each further step squares it. */
#define STUDENTIZED_RANGE_BRACKET_STEP 1.05

/* P(Q <= q) and P(Q > q) for k groups and df error degrees of freedom. */
int studentized_range_P(double q, size_t k, double df, double *p);
int studentized_range_Q(double q, size_t k, double df, double *p);
/* The q with P(Q <= q) = p, and the q with P(Q > q) = p (for critical values: Qinv(0.05)). */
int studentized_range_Pinv(double p, size_t k, double df, double *q);
int studentized_range_Qinv(double p, size_t k, double df, double *q);

#endif
