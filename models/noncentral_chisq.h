/* The noncentral chi-square distribution and the inversion of its noncentrality parameter, for
 * the confidence interval of Cramer's V (models/crosstab.h). GSL has only the central
 * distribution, so the noncentral one is written here.
 *
 * Distribution function as a Poisson mixture of central chi-squares (Johnson, Kotz &
 * Balakrishnan 1995, Continuous Univariate Distributions 2, ch. 29, eq. 29.2):
 *   P(X <= x; df, ncp) = sum_j e^(-ncp/2) (ncp/2)^j / j! P(chi2_(df + 2j) <= x).
 * The sum starts at the largest Poisson weight (j = floor(ncp / 2)) and runs down to j = 0 and
 * up until the Poisson mass not yet added is below NCCHISQ_EPS of the sum: each central term is
 * at most 1, so the neglected part is below that too. R's pchisq(x, df, ncp) agrees to about
 * 1e-12 (scripts/ref/crosstab.R).
 *
 * Inversion (the "ncp" confidence interval of effectsize::chisq_to_cramers_v, Steiger 2004):
 * the ncp with P(X <= x; df, ncp) = p, found by Brent's method on a bracket that doubles from
 * max(1, x); P decreases in ncp, so when P(X <= x; df, 0) <= p there is no root and the answer
 * is 0 (effectsize sets a limit to 0 in that case too). The root agrees with R's uniroot() on
 * pchisq to 1e-9. effectsize finds it with optim() on the two tail probabilities, which stops
 * within about 1e-8 of them; near ncp = 0 that leaves its root off by up to 5e-5 relative.
 *
 * Functions return GSL_SUCCESS, GSL_EDOM for x < 0, df <= 0, ncp < 0, p outside (0, 1) or a
 * NaN argument, or the status of a root search that did not converge (GSL_EMAXITER). */
#ifndef SURVEYKIT_MODELS_NONCENTRAL_CHISQ_H
#define SURVEYKIT_MODELS_NONCENTRAL_CHISQ_H

/* Poisson mass left out of the mixture, relative to the sum. */
#define NCCHISQ_EPS 1e-16
/* Root search: relative tolerance on ncp and the iteration limit. */
#define NCCHISQ_NCP_EPSREL 1e-13
#define NCCHISQ_MAXITER 200

int noncentral_chisq_P(double x, double df, double ncp, double *P);

/* The ncp with P(X <= x; df, ncp) = p, or 0 when P(X <= x; df, 0) <= p. */
int noncentral_chisq_ncp(double x, double df, double p, double *ncp);

#endif
