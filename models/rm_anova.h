/* Repeated-measures ANOVA: n subjects by m conditions (a within-subjects factor), optionally with
 * a between-subjects factor of g groups (mixed design), as SPSS GLM repeated measures and R
 * car::Anova(mlm, idata, idesign, type = 3) / afex::aov_ez report the univariate tests.
 *
 * Each subject's m scores y_i are transformed by an orthonormal contrast basis C (m x p, p = m-1,
 * normalised Helmert; the tests do not depend on the basis) to z_i = C'y_i, and to the subject's
 * total u_i = sum_j y_ij / sqrt(m). With group means zbar_j, ubar_j, group sizes n_j, N = sum n_j
 * and df_e = N - g:
 *   error SSCP  E = sum_i (z_i - zbar_g(i))(z_i - zbar_g(i))',  SS_error = tr E, df p df_e
 *   within      SS = |zhat|^2 / (sum_j 1/n_j / g^2), zhat = (1/g) sum_j zbar_j  (type III, the
 *               unweighted mean of the groups; n |zbar|^2 without groups), df (p, p df_e)
 *   interaction SS = tr sum_j n_j (zbar_j - zbar)(zbar_j - zbar)', df ((g-1) p, p df_e)
 *   between     SS = sum_j n_j (ubar_j - ubar)^2, error SS_subjects = sum_i (u_i - ubar_g(i))^2,
 *               df (g - 1, df_e)
 *   partial eta^2 = SS / (SS + its error SS); generalized eta^2 (Olejnik & Algina 2003, every
 *   factor manipulated; afex "ges") = SS / (SS + SS_subjects + SS_error).
 * Sphericity (of E / df_e):
 *   Mauchly (1940): log W = log det E - p log(tr E / p); rho = 1 - (2p^2 + p + 2) / (6 p df_e);
 *   chi2 = -df_e rho log W, f = p(p+1)/2 - 1, p-value P(chi2_f > .) + w2 (P(chi2_{f+4} > .) -
 *   P(chi2_f > .)) with Anderson's w2 = (p+2)(p-1)(p-2)(2p^3 + 6p^2 + 3m + 2) / (288 (df_e p rho)^2)
 *   exactly as R's mauchly.test and car compute it (note the 3m, R's number of conditions; w2 is 0
 *   for m = 3). SPSS prints the plain chi-square p, which differs from m = 4 on.
 *   Greenhouse & Geisser (1959): eps = (tr E)^2 / (p tr(E^2)).
 *   Huynh & Feldt (1976) with Lecoutre's (1991) correction, as car and afex:
 *     eps~ = ((df_e + 1) p eps - 2) / (p (df_e - p eps)), reported as computed (it may exceed 1)
 *     and capped at 1 for the corrected test. SPSS uses N in place of df_e + 1 = N - g + 1, the
 *     same without groups; with groups SPSS's Huynh-Feldt epsilon is the larger.
 *   Lower bound: 1 / p. A corrected test multiplies both df by the epsilon. */
#ifndef SURVEYKIT_MODELS_RM_ANOVA_H
#define SURVEYKIT_MODELS_RM_ANOVA_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

/* SS_error at most this share of the within-subject total (SS_within + SS_interaction + SS_error)
 * counts as 0: every subject's profile is the same up to the rounding of the contrasts. */
#define RM_ANOVA_ZERO_SHARE 1e-12

struct rm_effect {
	double ss, df1, df2, ms, F, p;
	double ss_error;
	double partial_eta2, ges;
	/* within and interaction only (NaN for the between effect): corrected df and p */
	double gg_df1, gg_df2, gg_p, hf_df1, hf_df2, hf_p, lb_df1, lb_df2, lb_p;
};

struct rm_sphericity {
	double W, chi2, df, p; /* NaN when m < 3 or E is singular (df_e < p) */
	double gg, hf, lb;     /* 1 when m = 2 */
	int status;            /* GSL_SUCCESS, GSL_EDOM (m < 3) or GSL_ESING (E singular) */
};

struct rm_anova {
	size_t n, m, g;
	struct rm_effect within, between, interaction; /* between, interaction: only when g >= 2 */
	double ss_subjects, df_subjects;               /* error of the between-subjects stratum */
	double ss_error, df_error;                     /* error of the within-subjects stratum */
	struct rm_sphericity sphericity;
};

/* Y: n x m complete scores. group: NULL (no between factor), or per row a group index < g with
 * every group non-empty. GSL_EDOM: m < 2, or fewer subjects than groups + 1 (*bad_group not
 * set), or an empty group (*bad_group set); GSL_EZERODIV: no within-subject variation left
 * (SS_error = 0, see RM_ANOVA_ZERO_SHARE); GSL_ENOMEM. */
int rm_anova_fit(const gsl_matrix *Y, const size_t *group, size_t g, struct rm_anova *out, size_t *bad_group);

#endif
