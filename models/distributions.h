/* Distribution functions and quantiles of Student's t, F and chi-square for every df from below 1
 * up to 1e9 and beyond: the p-values and critical values of every test in models/ come from here.
 *
 * Why not GSL's gsl_cdf_* directly (GSL 2.7, checked against R 4.2 on df = 1 .. 1e9): its F and
 * beta quantiles return NaN from df2 = 1000 on (gsl_cdf_fdist_Pinv(0.975, 9, 1000)) and both
 * tails fail at large df; its F upper tail is 1 - P for F < df2 / df1, so a p-value below 1e-16
 * becomes 0 (F = 46 on 2 and 1e6 df); its incomplete beta gives NaN near the median once its
 * continued fraction needs more than 512 terms (df1 = 1e9, df2 >= 1e7) and loses 5e-6 of
 * relative accuracy at df = 1e9 (its prefactor x^a y^b / B(a, b) is formed from logarithms of
 * size 1e10); its chi-square upper tail is off by 2e-3 relative at df = 1e7 and by half at 1e9
 * (an expansion in a / x used where x is close to a).
 *
 * Methods:
 *  - t and F through the regularised incomplete beta I_x(a, b):
 *      P(F <= f) = I_x(d1/2, d2/2), x = d1 f / (d1 f + d2);
 *      P(T > t) = I_x(df/2, 1/2) / 2 for t > 0, x = df / (df + t^2).
 *    I_x(a, b) = x^a y^b / (a B(a, b)) * CF with y = 1 - x and CF the continued fraction
 *    DLMF 8.17.22, evaluated by the modified Lentz method while x < (a + 1) / (a + b + 2), else
 *    1 - I_y(b, a); the smaller tail is always the one computed directly, never as 1 - P. The
 *    prefactor is computed without cancellation as in TOMS 708's brcomp (DiDonato & Morris
 *    1992): with x0 = a / (a + b), t = x / x0 - 1 and s = y / (1 - x0) - 1 (a t + b s = 0),
 *      log(x^a y^b / B(a, b)) = a log1pmx(t) + b log1pmx(s) + log sqrt(a b / (2 pi (a + b)))
 *                               - d(a) - d(b) + d(a + b),
 *    log1pmx(t) = log(1 + t) - t and d(z) = log Gamma(z) minus Stirling's formula
 *    (log of GSL's gsl_sf_gammastar); t and s come from u = x b - y a, which the callers form
 *    exactly from the statistic (for F: u = d1 d2 (f - 1) / (2 (d1 f + d2))). The fraction takes
 *    about 4000 terms at a = b = 5e8 near the median, fewer in the tails. With one parameter
 *    above DIST_BETA_GAMMA_LARGE and the other below DIST_BETA_GAMMA_SMALL (t, or F with few
 *    numerator df, at df >= 2e7) the mass lies within 1e-6 of x = 1, where the fraction would
 *    need x to more digits than a double holds (an error of about 1e-16 a); there
 *    I_x(a, b) = Q(b, -(a + (b - 1)/2) log x) (Abramowitz & Stegun 26.5.17, GSL's incomplete
 *    gamma), whose error is about 3e3 b / a^2 relative.
 *  - chi-square: GSL's incomplete gamma P(a, h), a = df/2, h = x/2, below df = DIST_CHISQ_TEMME_DF
 *    (accurate to 1e-14 there) except where a - sqrt(a) < h < a: there GSL takes both tails from a
 *    continued fraction that stops early, off by about 1.5e-15 df relative (2e-12 at df = 1e3,
 *    6e-10 at 2e4, 9e-8 at 9.5e4). From df = DIST_CHISQ_CARRY_DF on, a value in that band
 *    (widened to h > a - sqrt(a) - 1, so that GSL's test rounded either way falls inside) is
 *    carried from the first a' = a + k (k whole) outside it, where GSL sums its series, by the
 *    recurrence (DLMF 8.8.11)
 *      P(a, h) = P(a + 1, h) + w_a(h),  Q(a, h) = Q(a + 1, h) - w_a(h),
 *      w_a(h) = e^-h h^a / Gamma(a + 1) = dist_poisson_weight(a, h),
 *    at most sqrt(a) + 2 steps, each term formed from the last by w_a = w_(a+1) (a + 1) / h.
 *    From DIST_CHISQ_TEMME_DF on, Temme's uniform asymptotic expansion (Temme 1979; DLMF
 *    8.12.3-8.12.8):
 *      Q(a, x) = erfc(eta sqrt(a/2)) / 2 + R, P(a, x) = erfc(-eta sqrt(a/2)) / 2 - R,
 *      R = exp(-a eta^2 / 2) / sqrt(2 pi a) (c0(eta) + c1(eta) / a), lambda = x / a,
 *      eta = sign(lambda - 1) sqrt(2 (lambda - 1 - log lambda)), c0 = 1/(lambda-1) - 1/eta,
 *      c1 = 1/eta^3 - 1/(lambda-1)^3 - 1/(lambda-1)^2 - 1/(12 (lambda-1)), with their Taylor
 *    series near lambda = 1. The omitted term is O(a^-2): below 1e-12 relative at df >= 1e5.
 *  - quantiles: Brent's method (GSL roots) on log(tail(x)) - log(p) over log x (over t for the t
 *    distribution), always on the tail that is below 1/2, from a normal approximation
 *    (log F ~ N(0, 2/d1 + 2/d2)) bracketed by doubling steps; relative accuracy about 1e-14.
 *  - the normal distribution has no df: callers use GSL's gsl_cdf_ugaussian_* directly.
 *
 * Accuracy (tests/unit/test_distributions.c, scripts/ref/distributions.R): within 1e-9 relative
 * of R's pt, pf, pchisq and qt at df = 1 .. 1e9 and probabilities 0.5 .. 1e-100, and of the F
 * quantile found by inverting R's pf. R's own qf switches to qchisq(p, df1) / df1 when
 * df2 > 4e5 and ignores df2 there (off by 1e-4 relative for df1 = 1e6, df2 = 9e6, the Feldt CI of
 * alpha at n = 1e6 and 10 items), so the reference inverts pf instead.
 *
 * Every function returns NaN for a NaN argument, a df that is not positive, or a probability
 * outside [0, 1]. df = infinity gives the limit (normal; chi-square(d1) / d1 for F). */
#ifndef SURVEYKIT_MODELS_DISTRIBUTIONS_H
#define SURVEYKIT_MODELS_DISTRIBUTIONS_H

/* From this df on the chi-square distribution uses Temme's expansion instead of GSL. */
#define DIST_CHISQ_TEMME_DF 1e5
/* From this df on a chi-square value in GSL's inaccurate band is carried from outside it. */
#define DIST_CHISQ_CARRY_DF 100
/* I_x(a, b) with a >= LARGE and b <= SMALL (or the reverse) comes from the incomplete gamma. */
#define DIST_BETA_GAMMA_LARGE 1e7
#define DIST_BETA_GAMMA_SMALL 50
/* Terms of the incomplete beta's continued fraction before giving up (NaN). */
#define DIST_CF_MAXITER 1000000
/* The quantile search: steps of the bracketing and of Brent's method, and its tolerance on log x
 * (absolute and relative). */
#define DIST_QUANTILE_MAXITER 200
#define DIST_QUANTILE_EPSABS 1e-15
#define DIST_QUANTILE_EPSREL 1e-15

/* P(T <= t), P(T > t), and the t with P(T <= t) = p or P(T > t) = p. */
double dist_t_P(double t, double df);
double dist_t_Q(double t, double df);
double dist_t_Pinv(double p, double df);
double dist_t_Qinv(double p, double df);

/* The same for F with df1 and df2 degrees of freedom. */
double dist_f_P(double f, double df1, double df2);
double dist_f_Q(double f, double df1, double df2);
double dist_f_Pinv(double p, double df1, double df2);
double dist_f_Qinv(double p, double df1, double df2);

/* P(X <= x) and P(X > x) for chi-square with df degrees of freedom. */
double dist_chisq_P(double x, double df);
double dist_chisq_Q(double x, double df);

/* The Poisson weight w_z(c) = e^-c c^z / Gamma(z + 1) for real z >= 0 and c >= 0 (the Poisson
 * probability of z when z is whole; the difference between chi-square distributions two df
 * apart: P(chi2_v <= x) - P(chi2_(v+2) <= x) = w_(v/2)(x/2), DLMF 8.8.11). Formed as
 *   w_z(c) = exp(z log1pmx((c - z) / z)) / (sqrt(2 pi z) Gamma*(z)),
 * log1pmx(t) = log(1 + t) - t (for c <= z/2 as log(c/z) - (c - z)/z, which cannot round 1 + t
 * to 0) and Gamma*(z) = Gamma(z) / (sqrt(2 pi) z^(z - 1/2) e^-z) (GSL's gsl_sf_gammastar), as
 * Loader (2000) forms the binomial and Poisson probabilities: the direct
 * exp(-c + z log c - lgamma(z + 1)) loses the rounding of logarithms of size z log z (5e-10
 * relative at z = 3e5). NaN for a NaN or negative argument. */
double dist_poisson_weight(double z, double c);

#endif
