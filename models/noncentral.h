/* The noncentral t, F and chi-square distributions, and the noncentrality parameter that puts a
 * given probability below an observed t, F or chi-square (the inversion behind confidence
 * intervals for Cohen's d, eta squared and R2: models/effect_size.h; Cramer's V:
 * models/crosstab.h; the RMSEA of a CFA: models/cfa_fit.h). GSL has no noncentral
 * distributions, so they are written here from the published series.
 *
 * Both are Poisson mixtures of regularized incomplete beta functions I_x(a, b):
 *   F (Patnaik 1949; Lenth 1987, AS 226; Frick 1990, AS R84; the method of R's pnbeta/pnf):
 *     P(F <= f; d1, d2, lambda) = sum_j w_j(lambda/2) I_x(d1/2 + j, d2/2),  x = d1 f / (d1 f + d2),
 *     w_j(c) = exp(-c) c^j / j!;
 *   t (Lenth 1989, AS 243, the method of R's pnt; Guenther 1978), for t >= 0:
 *     P(T <= t; df, delta) = Phi(-delta) + 1/2 sum_j [ w_j(c) I_x(j + 1/2, df/2)
 *                                               + sign(delta) w_{j+1/2}(c) I_x(j + 1, df/2) ],
 *     x = t^2 / (t^2 + df), c = delta^2 / 2, w_z(c) = exp(-c) c^z / Gamma(z + 1) for real z;
 *     and for t < 0, P(T <= t; df, delta) = P(T >= -t; df, -delta).
 * Unlike AS 226 and AS 243, which start at j = 0 (R's pnt underflows and gives up for
 * |delta| > 37.62), each sum starts at the largest weight and runs both ways (Benton &
 * Krishnamoorthy 2003, Comput. Stat. Data Anal. 43, 249-267), with the recurrences
 *   I_x(a + 1, b) = I_x(a, b) - g_a,   g_a = x^a (1-x)^b / (a B(a, b)),
 *   g_{a+1} = g_a x (a + b) / (a + 1),   w_{z+1}(c) = w_z(c) c / (z + 1).
 * The upper tail is summed on its own, from 1 - I_x(a, b) = I_{1-x}(b, a) with 1 - x formed
 * without cancellation (df / (t^2 + df), d2 / (d1 f + d2)), so either tail keeps its relative
 * accuracy: P(T > t) = 1/2 sum_j [w_j (1 - I_x(j + 1/2, df/2)) + sign(delta) w_{j+1/2} (...)] for
 * t >= 0. (For t on the side of 0 opposite to delta, P(T > t) with delta < 0 < t or P(T <= t)
 * with t < 0 < delta, that is a difference of sums: absolute accuracy about 1e-15.)
 * A sum stops when the bound on its remaining terms (the weights fall by a ratio below 1 away
 * from the mode and sum to at most 1; I_x is monotone in j) is below NONCENTRAL_EPSREL times the
 * sum. When the tail's I_x at the largest weight is below NONCENTRAL_START_MIN (deep tails, where
 * the terms near the mode would underflow), the sum starts where I_x reaches it and runs away
 * from the mode, in the direction where the recurrence adds: such tails lose at most about
 * NONCENTRAL_START_MIN absolute.
 * The weights and g_a at the start are evaluated in Loader's (2000) saddle-point form,
 *   w_z(c) = exp(-stirl(z) - bd0(z, c)) / sqrt(2 pi z)   (dist_poisson_weight, models/distributions.h),
 *   x^a y^b / B(a, b) = exp(stirl(a+b) - stirl(a) - stirl(b) - bd0(a, x(a+b)) - bd0(b, y(a+b)))
 *                       sqrt(a b / (2 pi (a + b))),
 *   bd0(u, v) = u log(u/v) + v - u, stirl(z) = log Gamma(z) - (z - 1/2) log z + z - log(2 pi)/2,
 * which keeps them exact to rounding where exp(-c + z log c - lgamma(z + 1)) loses digits to
 * cancellation (c = 5e5 costs 1e-9 relative). The starting I_x comes from GSL's gsl_sf_beta_inc,
 * asked for the smaller of I_x(a, b) and I_{1-x}(b, a).
 *
 * Accuracy (tests/unit/test_noncentral.c, scripts/ref/noncentral.R): against the same series
 * summed independently in R with dpois/dgamma and pbeta (TOMS 708) on a grid of 567 t and 720 F
 * points with delta up to 200, lambda up to 1e5 and df up to 1e6: at most 1.4e-12 relative for
 * df <= 5000 and 6e-11 at df = 1e6, where gsl_sf_beta_inc, which forms 1 - x itself, loses about
 * df * 1e-16. Against R's own pt(ncp =) and pf(ncp =) within 1e-9 absolute where R is accurate:
 * R's pnbeta stops at an error bound of 1e-9 and skips weights below the mode minus 7 SD; pnt
 * uses a normal approximation for df > 4e5 and fails for |delta| > 37.62.
 *
 * The chi-square (models/noncentral_chisq.c) is a Poisson mixture of central chi-squares
 * (Johnson, Kotz & Balakrishnan 1995, ch. 29, eq. 29.2):
 *   P(X <= x; df, lambda) = sum_j w_j(lambda/2) P(chi2_(df+2j) <= x),
 * each tail summed on its own from the largest weight outwards with the stopping bounds above,
 * the central tails carried between neighbouring terms by (DLMF 8.8.11)
 *   P(chi2_(v+2) <= x) = P(chi2_v <= x) - w_(v/2)(x/2),
 * and every NONCENTRAL_CHISQ_ANCHOR terms the weights and tails taken afresh from
 * models/distributions (dist_chisq_P/Q, accurate at any df; dist_poisson_weight in Loader's
 * form). df may be fractional (lavaan's scaled RMSEA interval uses c df). Against R's
 * pchisq(x, df, ncp) within 1e-10 relative for ncp up to 3000 and 1e-9 at ncp = 550000, where
 * R's pnchisq (accurate to about 1e-12 absolute; it warns that its upper tail may lose precision)
 * is itself off by 1e-10 and the Poisson mixture of R's central pchisq agrees with this one to
 * 1e-13 (tests/unit/test_noncentral_chisq.c, scripts/ref/noncentral_chisq.R and crosstab.R).
 *
 * The inversions: noncentral_t_ncp finds the delta with P(T <= t; df, delta) = p (decreasing in
 * delta), noncentral_f_ncp and noncentral_chisq_ncp the lambda >= 0 with P(F <= f; d1, d2,
 * lambda) = p or P(X <= x; df, lambda) = p (decreasing in lambda; 0 when even lambda = 0 leaves
 * at most p below f or x, the truncation effectsize applies), each by bracketing and Brent's
 * method (GSL roots) to NONCENTRAL_NCP_EPSREL, searching on the tail that is below one half.
 * The chi-square root is the "ncp" interval of effectsize::chisq_to_cramers_v (Steiger 2004) and
 * of lavaan's RMSEA (lav_fit_rmsea_ci); it agrees with R's uniroot() on pchisq to 1e-9.
 * effectsize finds it with optim() on the two tail probabilities, which stops within about 1e-8
 * of them; near ncp = 0 that leaves its root off by up to 5e-5 relative.
 *
 * Every function returns GSL_SUCCESS, GSL_EDOM for an argument outside the domain (a df <= 0 or
 * NaN, an infinite df for chi-square, a NaN t, f, x or noncentrality, a negative noncentrality
 * for F and chi-square; f < 0 and x < 0 are allowed and give P = 0, as in R; p outside (0, 1)),
 * GSL_EMAXITER when a sum needs more than NONCENTRAL_MAX_TERMS terms or a root search does not
 * converge, GSL_EFAILED when a chi-square term cannot be formed (not seen: a guard against a
 * NaN passing as a probability), or the status of gsl_sf_beta_inc. Output pointers may be NULL. */
#ifndef SURVEYKIT_MODELS_NONCENTRAL_H
#define SURVEYKIT_MODELS_NONCENTRAL_H

/* A series stops when its remaining terms are bounded by this share of its sum. */
#define NONCENTRAL_EPSREL 1e-16
/* A tail whose I_x at the largest weight is below this starts where I_x reaches it instead. */
#define NONCENTRAL_START_MIN 1e-250
/* Terms summed in each direction at most; the weights fall below 1e-300 of the largest within
 * about 40 sqrt(c) + 40 terms, so this allows noncentralities beyond 1e12. */
#define NONCENTRAL_MAX_TERMS 50000000UL
/* The noncentral chi-square re-reads its weights and central tails every this many terms. */
#define NONCENTRAL_CHISQ_ANCHOR 64
/* The inversion: relative width of the final bracket and the iteration limit. */
#define NONCENTRAL_NCP_EPSREL 1e-13
#define NONCENTRAL_NCP_MAXITER 500

/* P(T <= t) and P(T > t) for the noncentral t with df degrees of freedom and noncentrality ncp. */
int noncentral_t(double t, double df, double ncp, double *lower, double *upper);
/* P(F <= f) and P(F > f) for the noncentral F with (df1, df2) degrees of freedom and
 * noncentrality ncp >= 0 (R's ncp: the mean of df1 F is df1 + ncp with df2 infinite). */
int noncentral_f(double f, double df1, double df2, double ncp, double *lower, double *upper);

/* P(X <= x) and P(X > x) for the noncentral chi-square with df degrees of freedom and
 * noncentrality ncp >= 0 (R's pchisq(x, df, ncp)). */
int noncentral_chisq(double x, double df, double ncp, double *lower, double *upper);

/* The noncentrality with P(T <= t; df, ncp) = p. */
int noncentral_t_ncp(double t, double df, double p, double *ncp);
/* The noncentrality ncp >= 0 with P(F <= f; df1, df2, ncp) = p, or 0 when P(F <= f; df1, df2, 0)
 * <= p. */
int noncentral_f_ncp(double f, double df1, double df2, double p, double *ncp);
/* The noncentrality ncp >= 0 with P(X <= x; df, ncp) = p, or 0 when P(X <= x; df, 0) <= p. */
int noncentral_chisq_ncp(double x, double df, double p, double *ncp);

#endif
