/* Multivariate analysis of variance: p outcomes by a between-subjects factor of k groups with
 * optional covariates (MANCOVA), Box's M, the univariate follow-ups, and the multivariate test of
 * a repeated-measures factor, from per-group moments (models/group_moments.h: one pass over the
 * rows).
 *
 * A hypothesis SSCP H with q df is tested against the error SSCP E with df_e df through the
 * eigenvalues l_1 >= ... >= l_p of E^-1 H (those of L^-1 H L^-T, E = L L' by Cholesky), with
 * s = min(p, q), m = (|p - q| - 1) / 2, n = (df_e - p - 1) / 2, exactly as car (Anova.mlm,
 * Manova; Rao 1951 for Wilks) and summary.manova compute them:
 *   Pillai          V = sum l/(1+l); F = (2n+s+1)/(2m+s+1) V/(s-V), df s(2m+s+1), s(2n+s+1)
 *   Wilks           L = prod 1/(1+l); r = sqrt((p^2 q^2 - 4)/(p^2 + q^2 - 5)) (1 when
 *                   p^2 + q^2 <= 5), u = (pq - 2)/4, v = df_e - (p - q + 1)/2;
 *                   F = (L^(-1/r) - 1)(v r - 2u)/(pq), df pq, v r - 2u
 *   Hotelling-Lawley T = sum l; F = 2(sn+1) T / (s^2 (2m+s+1)), df s(2m+s+1), 2(sn+1)
 *   Roy             the largest root l_1; F = l_1 (df_e - r + q)/r with r = max(p, q), df r,
 *                   df_e - r + q: an upper bound on F, so its p-value is a lower bound.
 *
 * Between-subjects design, W the pooled within-group and T the total SSCP of (outcomes,
 * covariates), N cases:
 *   no covariates: E = W_yy, df_e = N - k; group H = B_yy = T_yy - W_yy, q = k - 1;
 *   covariates (type II, car::Manova's default; the same as type III for these terms):
 *     E = W_yy - W_yx W_xx^-1 W_xy, df_e = N - k - c (the sweep operator, models/sweep.h);
 *     group H = (T_yy - T_yx T_xx^-1 T_xy) - E, q = k - 1;
 *     covariate j: H = b_j b_j' / [W_xx^-1]_jj with b_j its p within-group slopes, q = 1;
 *   univariate follow-ups: each outcome's F = (H_jj / q) / (E_jj / df_e), the one-way ANOVA or
 *     ANCOVA of that outcome (car::Anova(lm(y_j ~ g + x))), partial eta^2 = H_jj / (H_jj + E_jj).
 * Box's M (Box 1949; the formula of biotools::boxM and heplots::boxM) on the outcomes' covariance
 * matrices S_g = C_g / (n_g - 1) and S = W_yy / (N - k):
 *   M = (N - k) log|S| - sum_g (n_g - 1) log|S_g|,
 *   c1 = (sum_g 1/(n_g - 1) - 1/(N - k)) (2p^2 + 3p - 1) / (6 (p + 1) (k - 1)),
 *   chi2 = M (1 - c1) on p (p + 1) (k - 1) / 2 df; it needs every S_g non-singular
 *   (n_g - 1 >= p).
 *
 * Repeated measures (manova_within): n subjects' scores on m conditions, optionally in g groups
 * of a between factor, transformed by an orthonormal contrast basis C (m x (m - 1); the tests do
 * not depend on the basis) to z = C'y; with zbar_j the group means of z:
 *   E = C' W C, df_e = N - g;
 *   within:      H = zhat zhat' / (sum_j (1/n_j) / g^2), zhat = (1/g) sum_j zbar_j, q = 1 (the
 *                type III intercept of the transformed scores with contr.sum; without groups
 *                n zbar zbar', Hotelling's T^2 = df_e T);
 *   interaction: H = sum_j n_j (zbar_j - zbar)(zbar_j - zbar)', q = g - 1;
 *   as car::Anova(lm(cbind(y_1..y_m) ~ group), idata, idesign = ~cond, type = 3) under contr.sum.
 *
 * Tolerances (MANOVA_TOLERANCE, as models/ancova.h): an outcome whose error SS is at most that
 * share of its total SS, or whose error tolerance given the outcomes before it is below it, makes
 * E singular (refused, naming it); covariates as in ANCOVA. Box's M and a test of a term whose F
 * approximation has no df are reported missing with their own reason, never failing the fit.
 *
 * Ownership: the fits own their arrays; the _free functions accept NULL. */
#ifndef SURVEYKIT_MODELS_MANOVA_H
#define SURVEYKIT_MODELS_MANOVA_H

#include <stddef.h>

#include <gsl/gsl_eigen.h>
#include <gsl/gsl_matrix.h>

#include "models/group_moments.h"
#include "models/sweep.h"

#define MANOVA_TOLERANCE 1e-10

/* Why a MANOVA could not be fitted (status GSL_EDOM). */
enum manova_problem {
	MANOVA_OK = 0,
	MANOVA_TOO_FEW_GROUPS,     /* k < 2 */
	MANOVA_EMPTY_GROUP,        /* group `bad` has no case */
	MANOVA_TOO_FEW_CASES,      /* df_e < p: more outcomes than error degrees of freedom */
	MANOVA_CONSTANT_OUTCOME,   /* outcome `bad` (manova_within: contrast `bad`) does not vary within groups */
	MANOVA_COLLINEAR_OUTCOMES, /* outcome `bad` is, within groups, a linear combination of those before it */
	MANOVA_CONSTANT_WITHIN,    /* covariate `bad` does not vary within any group */
	MANOVA_COLLINEAR,          /* covariate `bad` is, within groups, a linear combination of those before it */
};

/* Why Box's M is missing. */
enum box_m_problem {
	BOX_M_OK = 0,
	BOX_M_SINGULAR_GROUP, /* group `bad_group`'s covariance matrix is singular (n_g - 1 < p, or
			       * an outcome constant or collinear in it) */
};

struct manova_stat {
	double stat, F, df1, df2, p; /* F, df and p NaN when the approximation has no df */
};

struct manova_test {
	double q, df_error;  /* hypothesis and error df */
	size_t p, s;         /* outcomes, min(p, q) */
	double *eigen;       /* the p eigenvalues of E^-1 H, descending */
	struct manova_stat pillai, wilks, hotelling, roy;
};

struct manova_univariate {
	double ss, df, ss_error, df_error, F, p, partial_eta2;
};

struct box_m {
	double M, chi2, df, p, c1;
	double *log_det;     /* k + 1: log|S_g| per group, then log|S| pooled */
	enum box_m_problem problem;
	size_t bad_group;
};

struct manova {
	size_t k, p, c, n;
	struct manova_test group;
	struct manova_test *covariate;      /* c tests */
	struct manova_univariate *univariate; /* p: the group effect on each outcome */
	struct box_m box;
	gsl_matrix *E, *H;                  /* p x p: error and the group's hypothesis SSCP */
	double df_error;
	enum manova_problem problem;
	size_t bad;
	/* scratch */
	gsl_matrix *W, *T, *S;              /* (p + c) squares */
	gsl_matrix *L, *M, *Hc;             /* p x p */
	gsl_eigen_symm_workspace *eig;
	double *work;
	enum sweep_skip *skip;
};

/* For k groups, p outcomes and c covariates; NULL when out of memory. */
struct manova *manova_alloc(size_t k, size_t p, size_t c);
void manova_free(struct manova *f);
/* From moments of p + c variables (the outcomes first, then the covariates) and k groups.
 * Returns GSL_SUCCESS, GSL_EDOM (f->problem, f->bad), GSL_EBADLEN (sizes differ from the
 * allocation) or the status of the eigenvalue routine. */
int manova_fit(struct manova *f, const struct group_moments *m);

struct manova_within {
	size_t m, g, n;
	struct manova_test within, interaction; /* interaction only when g >= 2 */
	gsl_matrix *E;                          /* (m-1) x (m-1) */
	enum manova_problem problem;
	size_t bad;
	/* scratch */
	gsl_matrix *C, *W, *B, *T;              /* m x (m-1), then m x m */
	gsl_matrix *H, *A, *L, *M;              /* (m-1) x (m-1) */
	gsl_eigen_symm_workspace *eig;
	double *work;
	enum sweep_skip *skip;
};

/* For m conditions and g groups (1: no between factor); NULL when out of memory or m < 2. */
struct manova_within *manova_within_alloc(size_t m, size_t g);
void manova_within_free(struct manova_within *w);
/* From moments of the m conditions' scores by the g groups (complete cases). Returns as
 * manova_fit. */
int manova_within_fit(struct manova_within *w, const struct group_moments *m);

/* The four tests of H (q df) against E (df_e df), p x p: used by the fits above, and by callers
 * with their own hypotheses. t->eigen must hold p values; L and M (p x p) and eig (for p) are
 * scratch; H and E are left unchanged. GSL_EDOM when E is not positive definite. */
int manova_test(const gsl_matrix *H, double q, const gsl_matrix *E, double df_e, gsl_matrix *L, gsl_matrix *M,
		gsl_eigen_symm_workspace *eig, struct manova_test *t);

#endif
