/* The noncentral chi-square distribution, which GSL lacks, for the RMSEA confidence interval
 * and the test of close fit (MacCallum, Browne & Sugawara 1996; lavaan's lav_fit_rmsea_ci).
 *
 *   P(X <= x; df, ncp) = sum_j Pois(j; ncp / 2) P(chi2_{df + 2j} <= x)
 * (Johnson, Kotz & Balakrishnan 1995, ch. 29), summed outwards from the Poisson mode with the
 * central distribution carried between neighbouring terms by
 *   P(chi2_{v+2} <= x) = P(chi2_v <= x) - (x/2)^{v/2} e^{-x/2} / Gamma(v/2 + 1)
 * and re-anchored on GSL's gsl_cdf_chisq_P/Q every 64 terms where GSL is accurate (not for
 * df >= 2e4 with x within about one standard deviation below df, where its incomplete gamma
 * function is off by up to 1e-6; the value is carried there from a trusted df by the same
 * recurrence); summation stops when the Poisson mass left is below 1e-17 of the sum. df may be fractional (lavaan's scaled RMSEA interval uses
 * df = c * df). Agrees with R's pchisq(x, df, ncp) to about 1e-13. */
#ifndef SURVEYKIT_MODELS_NCCHISQ_H
#define SURVEYKIT_MODELS_NCCHISQ_H

/* P(X <= x) and P(X > x), computed each directly so small tails keep their precision. */
double ncchisq_P(double x, double df, double ncp);
double ncchisq_Q(double x, double df, double ncp);

/* The ncp in [lo, hi] at which P(X <= x; df, ncp) = prob (P decreases in ncp), by Brent's
 * method (gsl_root_fsolver_brent) to 1e-13 relative; NaN when the interval does not bracket it. */
double ncchisq_ncp(double x, double df, double prob, double lo, double hi);

#endif
