/* Convergent and discriminant validity from a CFA fit, per factor of one group.
 *
 * From the standardised (std.all) loadings l_j of the factor's k indicators (Fornell & Larcker
 * 1981, the form journals ask for):
 *   CR  = (sum l)^2 / ((sum l)^2 + sum (1 - l^2)),   AVE = sum l^2 / k,   sqrt(AVE);
 * residual covariances between indicators do not enter (the usual practice). The Fornell-
 * Larcker criterion compares sqrt(AVE) with the factor's latent correlations (the table has
 * sqrt(AVE) on its diagonal and the latent correlations off it); AVE-SV compares AVE with the
 * largest squared latent correlation of the factor (its maximum shared variance, MSV; Voorhees
 * et al. 2016).
 * As semTools 0.5.6, from the unstandardised estimates and the observed (or, with FIML, EM)
 * covariance matrix S of the indicators:
 *   omega = (sum lambda)^2 phi_ff / 1'S1        (semTools::compRelSEM defaults: obs.var = TRUE)
 *   AVE_semTools = sum lambda^2 phi_ff / tr(S)   (semTools::AVE defaults)
 * both NaN, as in semTools, for a factor with one indicator or with an indicator that also loads
 * on another factor.
 * Indicators are the items whose loading on the factor is free or fixed at a non-zero value. */
#ifndef SURVEYKIT_MODELS_CFA_VALIDITY_H
#define SURVEYKIT_MODELS_CFA_VALIDITY_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "models/cfa_fit.h"

struct cfa_validity {
	size_t k;            /* indicators */
	double cr, ave, sqrt_ave;
	double msv;          /* largest squared latent correlation (NaN with one factor) */
	size_t msv_factor;   /* the factor it is shared with (CFA_NONE with one factor) */
	int fl_ok;           /* sqrt(AVE) exceeds every latent correlation of the factor in absolute value */
	double omega, ave_semtools;
};

/* Fills out[0 .. m) for group g, and, when fl is not NULL, the m x m Fornell-Larcker table.
 * GSL_EINVAL when g is out of range. */
int cfa_validity(const struct cfa_fit *fit, size_t g, struct cfa_validity *out, gsl_matrix *fl);

#endif
