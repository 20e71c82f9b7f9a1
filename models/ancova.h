/* Analysis of covariance: y = mu + alpha_g + b'x + e, a between-subjects factor of k groups and
 * c covariates with common slopes, from the per-group moments of (y, x_1..x_c)
 * (models/group_moments.h: one pass over the rows, then work in k and c only).
 *
 * With W the pooled within-group and T the total cross-products (covariates x, outcome y),
 * N cases, df_e = N - k - c (the sweep operator, models/sweep.h, does the regressions):
 *   common slopes b = Wxx^-1 Wxy, RSS = Wyy - Wyx b, MS_e = RSS / df_e;
 *   type III table as car::Anova(lm(y ~ g + x), type = 3) with contr.sum (SPSS GLM's default):
 *     group:      SS = (Tyy - Tyx Txx^-1 Txy) - RSS, df k - 1 (the model without the group);
 *     covariate j: SS = b_j^2 / [Wxx^-1]_jj, df 1;
 *     intercept:  mu = (1/k) sum_g (ybar_g - b'xbar_g) (the unweighted mean of the group lines
 *                 at x = 0), SS = mu^2 / (sum_g (1/n_g) / k^2 + xu' Wxx^-1 xu), xu = (1/k) sum_g
 *                 xbar_g, df 1;
 *     each F = SS / df / MS_e with p from F(df, df_e); partial eta^2 = SS / (SS + RSS);
 *   homogeneity of regression slopes (the group x covariate interaction, as
 *     anova(lm(y ~ g + x), lm(y ~ g * x)); the same F as car's type III test of g:x when every
 *     slope is estimable): each group's own regression leaves RSS_g with rank r_g of its
 *     covariates (a covariate constant within the group, collinear there, or too few cases lower
 *     it), RSS_sep = sum_g RSS_g, F = ((RSS - RSS_sep) / (sum r_g - c)) / (RSS_sep / (N - k -
 *     sum r_g)) (lm drops the same aliased columns, so R reports the same df);
 *   estimated marginal means at the covariates' grand means xbar (emmeans(fit, "g")):
 *     EMM_g = ybar_g - b'(xbar_g - xbar), SE^2 = MS_e (1/n_g + d' Wxx^-1 d), d = xbar_g - xbar,
 *     CI EMM -/+ t_{(1+level)/2; df_e} SE;
 *   pairwise differences of the EMMs in emmeans' order and sign ((0,1), (0,2), ..., (1,2), ...:
 *     EMM_a - EMM_b with a < b; pairs(emm, adjust = ...)), SE^2 = MS_e (1/n_a + 1/n_b +
 *     d' Wxx^-1 d), d = xbar_a - xbar_b, t = est / SE on df_e:
 *       Tukey (emmeans "tukey"): p = P(Q_{k,df_e} > sqrt(2) |t|), CI est -/+ q_{level;k,df_e} SE /
 *         sqrt(2) (models/studentized_range.h);
 *       Bonferroni: p = min(1, m p_t) over m = k(k-1)/2 pairs, CI est -/+ t_{1-(1-level)/(2m)} SE;
 *       none: p_t and the plain t interval.
 *
 * Tolerances (ANCOVA_TOLERANCE): a covariate whose within-group SS is at most that share of its
 * total SS does not vary within any group (it is a function of the group: refused); one whose
 * within-group tolerance given the covariates before it is below it is collinear (refused); in
 * the slopes test, a covariate whose SS within one group is at most that share of its pooled
 * within SS is constant in that group (its slope there is dropped).
 *
 * Ownership: the fit owns its arrays; ancova_free(NULL) is a no-op. */
#ifndef SURVEYKIT_MODELS_ANCOVA_H
#define SURVEYKIT_MODELS_ANCOVA_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "models/group_moments.h"
#include "models/sweep.h"

#define ANCOVA_TOLERANCE 1e-10

/* Why the ANCOVA could not be fitted (status GSL_EDOM). */
enum ancova_problem {
	ANCOVA_OK = 0,
	ANCOVA_TOO_FEW_GROUPS,  /* k < 2 */
	ANCOVA_NO_COVARIATES,   /* c = 0: that is a one-way ANOVA (models/oneway.h) */
	ANCOVA_EMPTY_GROUP,     /* group `bad` has no case */
	ANCOVA_TOO_FEW_CASES,   /* N <= k + c: no error degrees of freedom */
	ANCOVA_CONSTANT_WITHIN, /* covariate `bad` does not vary within any group */
	ANCOVA_COLLINEAR,       /* covariate `bad` is, within groups, a linear combination of those before it */
	ANCOVA_PERFECT_FIT,     /* the model leaves no residual variance */
};

/* Why the homogeneity-of-slopes test is missing or weaker. */
enum ancova_slopes_problem {
	SLOPES_OK = 0,
	SLOPES_REDUCED, /* covariate `slopes_bad` has no slope in group `slopes_bad_group` (constant or
			 * collinear there, or too few cases): the test has fewer df; still computed */
	SLOPES_NO_DF,   /* no slope difference is estimable, or the separate-slopes model has no error df */
	SLOPES_PERFECT_FIT, /* the separate slopes fit exactly: F is infinite */
};

struct ancova_term {
	double ss, df, ms, F, p, partial_eta2;
};

struct ancova_emm {
	size_t n;
	double mean;      /* the unadjusted group mean */
	double emm, se, df, llci, ulci;
};

enum ancova_adjust { ANCOVA_TUKEY, ANCOVA_BONFERRONI, ANCOVA_NONE };

struct ancova_pair {
	size_t a, b; /* a < b */
	double estimate, se, df, t, p, llci, ulci;
};

struct ancova {
	size_t k, c, n;
	double level;
	/* type III table; error has ss, df, ms */
	struct ancova_term intercept, group, *covariate, error;
	double *slope, *slope_se; /* common within-group slopes (c) */
	double *cov_mean;         /* the covariates' grand means (c): where the EMMs are */
	struct ancova_emm *emm;   /* k */
	struct ancova_term slopes; /* group x covariates, with error df slopes_df_error */
	double slopes_df_error;
	enum ancova_slopes_problem slopes_problem;
	size_t slopes_bad, slopes_bad_group;
	enum ancova_problem problem;
	size_t bad;
	/* kept for the pairwise comparisons */
	gsl_matrix *Winv;         /* c x c, Wxx^-1 */
	double *xbar;             /* k x c group covariate means */
	double mse, df_error;
	/* scratch */
	gsl_matrix *S;            /* (c + 1) x (c + 1) */
	gsl_matrix *W, *T, *C;    /* (c + 1) x (c + 1) in the moments' order (y first) */
	double *work;             /* 3 c values */
	enum sweep_skip *skip;    /* c values */
};

/* A fit for k groups and c covariates; NULL when out of memory. */
struct ancova *ancova_alloc(size_t k, size_t c);
void ancova_free(struct ancova *a);

/* Fits from moments of q = 1 + c variables (y first, then the covariates) and k groups, with
 * confidence intervals at `level`. Returns GSL_SUCCESS, GSL_EDOM (a->problem and a->bad say
 * why; every statistic is NaN), or GSL_EBADLEN when the sizes differ from the allocation. The
 * slopes test has its own slopes_problem and never fails the fit. */
int ancova_fit(struct ancova *a, const struct group_moments *m, double level);

/* Number of pairs of k groups. */
size_t ancova_pairs(size_t k);
/* Every pair of EMMs of a successful fit, adjusted, into out (ancova_pairs(k) elements), with
 * intervals at the fit's level. Uses the fit's scratch: one call at a time per fit. Returns
 * GSL_SUCCESS or the status of the studentized range distribution. */
int ancova_pairwise(const struct ancova *a, enum ancova_adjust adjust, struct ancova_pair *out);

#endif
