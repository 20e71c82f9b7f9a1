/* Modification indices of a CFA fit, as lavaan 0.6.14's modindices() (Sörbom 1989; Saris,
 * Satorra & Sörbom 1987): for every loading and every residual covariance of items that the
 * model leaves out (fixed at zero by omission), in every group, the score test of freeing it.
 *
 * With the model extended by the candidate (at value 0, so the fit is unchanged), g its score
 * (the derivative of log L) and I the expected information of the extended model (lavaan's
 * modindices default information = "expected"; pattern by pattern with FIML),
 *   V = I_cc - I_cm I_mm^-1 I_mc,   MI = g^2 / V,   EPC = g / V,
 * and the standardised EPC (lavaan's sepc.all, std.all rules of models/cfa_fit.h applied to
 * |EPC| with the fit's estimates): a loading EPC sqrt(phi_ff) / sqrt(sigma_ii), a residual
 * covariance EPC / sqrt(theta_ii theta_jj). V below eps^(1/3) (the candidate is redundant with
 * the model) gives NaN MI and EPC, and lavaan drops the row; so does cfa_modindices.
 * Releasing an equality constraint is a different test (lavaan's lavTestScore), not listed.
 *
 * Ownership: *out is malloc'ed; the caller frees it. */
#ifndef SURVEYKIT_MODELS_CFA_MODINDICES_H
#define SURVEYKIT_MODELS_CFA_MODINDICES_H

#include <stddef.h>

#include "models/cfa_fit.h"

struct cfa_mi {
	enum cfa_kind kind; /* CFA_LOADING (item i on factor j) or CFA_RESID_COV (items i > j) */
	size_t group, i, j;
	double mi, epc, sepc_all;
};

/* Every candidate of a successful fit, in the order group, loadings (factor by factor, item by
 * item), residual covariances (i > j, row by row). GSL_ENOMEM, GSL_ESING (the model's
 * information is singular) or 0. */
int cfa_modindices(const struct cfa_fit *fit, struct cfa_mi **out, size_t *n);

/* Sorts by decreasing MI (ties in the order above). */
void cfa_modindices_sort(struct cfa_mi *mi, size_t n);

#endif
