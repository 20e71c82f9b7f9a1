/* Factor rotations as psych::fa applies them (psych 2.2.9, GPArotation 2022.10), so that the
 * rotated loadings equal R's to the rounding of the arithmetic, iteration for iteration:
 *
 *  varimax: stats::varimax(L, normalize = TRUE, eps = 1e-5) (Kaiser 1958). Rows scaled to unit
 *    length; T = I; repeat: Z = A T, B = A' (Z^3 - Z diag(1'Z^2) / p), T = U V' from the SVD
 *    B = U D V'; stop when sum(D) < sum(D_previous) (1 + eps) (at most max_iter steps).
 *  promax: psych's kaiser(L, rotate = "Promax"), i.e. Kaiser row normalisation around
 *    psych::Promax(m = 4) (Hendrickson & White 1964): varimax as above, target
 *    Q = X |X|^(m - 1), U = least squares of Q on X, columns scaled by sqrt(diag((U'U)^-1)),
 *    pattern X U, Phi = U^-1 U^-T with U the product of the varimax and the promax matrices.
 *  oblimin: GPArotation::oblimin(L, gam = 0, normalize = FALSE, eps = 1e-5, maxit = 1000),
 *    the gradient projection algorithm of Jennrich (2002) / Bernaards & Jennrich (2005) for
 *    the criterion f = sum(L^2 * (I - gam/p 11') L^2 (11' - I)) / 4 with L = A T^-T, step
 *    doubled each iteration and halved (at most 11 times) until f drops by 0.5 s^2 alpha;
 *    stops when the projected gradient's norm s < eps. Phi = T'T.
 *
 * A is p x k with k >= 2. Every function writes the rotated loadings into `out` (p x k) and
 * returns a status: GSL_EDOM when a row of A is zero (normalisation impossible), GSL_ESING when a
 * matrix to invert is singular, GSL_EMAXITER after max_iter steps without convergence (out then
 * holds the last iterate). */
#ifndef SURVEYKIT_MODELS_ROTATION_H
#define SURVEYKIT_MODELS_ROTATION_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

enum rotation_method { ROTATION_NONE, ROTATION_VARIMAX, ROTATION_PROMAX, ROTATION_OBLIMIN };

/* "none", "varimax", "promax", "oblimin"; -1 for another name. */
int rotation_parse(const char *name, enum rotation_method *out);
const char *rotation_name(enum rotation_method m);

/* `rot` (k x k, may be NULL) receives T with out = A T. *iter: steps taken. */
int rotation_varimax(const gsl_matrix *a, int normalize, double eps, size_t max_iter,
		     gsl_matrix *out, gsl_matrix *rot, size_t *iter);
/* `phi` (k x k) receives the factor correlations. */
int rotation_promax(const gsl_matrix *a, double power, double eps, size_t max_iter,
		    gsl_matrix *out, gsl_matrix *phi, size_t *iter, size_t *bad);
int rotation_oblimin(const gsl_matrix *a, double gamma, double eps, size_t max_iter,
		     gsl_matrix *out, gsl_matrix *phi, size_t *iter);

#endif
