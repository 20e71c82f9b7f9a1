/* The specification of a confirmatory factor model (CFA) in LISREL form, one set of matrices per
 * group g:
 *
 *   Sigma_g = Lambda_g Phi_g Lambda_g' + Theta_g        (p x p, the items' covariance matrix)
 *   mu_g    = nu_g + Lambda_g alpha_g                   (p, the items' means; mean structure only)
 *
 * Lambda (p x m) holds the loadings of the p items (observed variables) on the m factors, Phi
 * (m x m) the factor variances and covariances, Theta (p x p) the residual variances and
 * covariances, nu the item intercepts and alpha the factor (latent) means. Every element the
 * model names is a parameter (struct cfa_param): free, or fixed at a value; parameters sharing a
 * label take one common value (an equality constraint). Elements no parameter names are zero.
 * There are no regressions among factors or items: the engine fits measurement models only.
 *
 * A specification is built either by cfa_spec_scales (one factor per scale, as the codebook's
 * scales) or parameter by parameter (io/cfa_syntax.h reads lavaan's model syntax into one), and
 * then completed by cfa_spec_complete with lavaan 0.6.14's defaults for cfa() (lavaan's
 * auto.fix.first, auto.fix.single, auto.var, auto.cov.lv.x, int.ov.free, int.lv.free = FALSE,
 * meanstructure, group.equal and group.partial), in this order:
 *   - the first loading named for each factor is fixed at 1 unless the model gave it a value or
 *     NA (a label alone does not count: lavaan fixes `a*x1` too);
 *   - an item that is the only indicator of a factor and loads on nothing else gets its
 *     residual variance fixed at 0;
 *   - residual variances of items, variances of factors and covariances between factors that
 *     the model does not name are free;
 *   - with a mean structure, intercepts not named are free and latent means not named are fixed
 *     at 0; in groups after the first, latent means are free when intercepts are held equal;
 *   - equalities across groups (CFA_EQ_*) for every free parameter of those kinds, except those
 *     listed as partial; two parameters with the same label are equal in and across groups;
 *   - a label shared by a fixed parameter fixes every parameter with that label at its value.
 *
 * Ownership: a cfa_spec owns its parameter array; cfa_spec_release frees it. Indices (items,
 * factors, groups, parameters) are what every error reports; the caller keeps the names. */
#ifndef SURVEYKIT_MODELS_CFA_SPEC_H
#define SURVEYKIT_MODELS_CFA_SPEC_H

#include <stddef.h>

enum cfa_kind {
	CFA_LOADING,     /* Lambda[i][j]: item i on factor j */
	CFA_FACTOR_COV,  /* Phi[i][j], i >= j: factor variance (i == j) or covariance */
	CFA_RESID_COV,   /* Theta[i][j], i >= j: residual variance (i == j) or covariance of items */
	CFA_INTERCEPT,   /* nu[i] */
	CFA_LATENT_MEAN, /* alpha[i] */
};

/* flags of a parameter */
#define CFA_USER 1u     /* named by the model (not a default) */
#define CFA_VALUE_SET 2u /* the model gave it a fixed value or NA (lavaan's modifier) */

/* no label */
#define CFA_NO_LABEL 0
/* "not found" for indices */
#define CFA_NONE ((size_t)-1)

struct cfa_param {
	enum cfa_kind kind;
	size_t group;
	size_t i, j;  /* see enum cfa_kind; j = 0 for intercepts and latent means */
	int free;     /* 1 estimated, 0 fixed at value */
	double value; /* the fixed value (ignored when free) */
	size_t label; /* CFA_NO_LABEL or 1..n_labels: parameters sharing one are equal */
	unsigned flags;
};

struct cfa_spec {
	size_t p, m, groups; /* items, factors, groups */
	int means;           /* mean structure (set by cfa_spec_complete) */
	struct cfa_param *param;
	size_t n_param, cap;
	size_t n_labels;
};

/* Equalities across groups (lavaan's group.equal). */
#define CFA_EQ_LOADINGS 1u   /* "loadings" */
#define CFA_EQ_INTERCEPTS 2u /* "intercepts" */
#define CFA_EQ_RESIDUALS 4u  /* "residuals": residual variances */

/* An equality across groups left out (lavaan's group.partial): the parameter of this kind on
 * item i (and factor j for a loading; CFA_NONE: every factor) in every group. */
struct cfa_partial {
	enum cfa_kind kind;
	size_t i, j;
};

/* Why a specification is invalid (cfa_spec_complete returns GSL_EDOM). */
enum cfa_spec_problem {
	CFA_SPEC_OK = 0,
	CFA_SPEC_NO_INDICATOR,   /* factor `factor` has no loading (in group `group`) */
	CFA_SPEC_LABEL_CONFLICT, /* parameter `param` shares a label with a fixed parameter of another value */
	CFA_SPEC_BAD_INDEX,      /* parameter `param` names an item, factor or group out of range */
};

struct cfa_spec_error {
	enum cfa_spec_problem problem;
	size_t param, factor, group;
};

/* An empty specification of p items and m factors in `groups` groups. GSL_ENOMEM or 0. */
int cfa_spec_init(struct cfa_spec *s, size_t p, size_t m, size_t groups);
void cfa_spec_release(struct cfa_spec *s);
/* Deep copy into an uninitialised dst. GSL_ENOMEM or 0. */
int cfa_spec_copy(struct cfa_spec *dst, const struct cfa_spec *src);

/* Adds a parameter; *index (when not NULL) receives its position. GSL_ENOMEM, or GSL_EINVAL when
 * the same element of the same group is already named (it is not added). */
int cfa_spec_add(struct cfa_spec *s, const struct cfa_param *par, size_t *index);
/* The parameter naming element (kind, group, i, j), or CFA_NONE. For the symmetric kinds the
 * order of i and j does not matter. */
size_t cfa_spec_find(const struct cfa_spec *s, enum cfa_kind kind, size_t group, size_t i, size_t j);
/* A new label, 1..: the count so far plus one. */
size_t cfa_spec_new_label(struct cfa_spec *s);

/* One factor per scale: item i loads (free) on factor factor_of[i] < m, in every group; the
 * rest follows from cfa_spec_complete. GSL_ENOMEM, GSL_EINVAL (a factor_of out of range) or 0. */
int cfa_spec_scales(struct cfa_spec *s, const size_t *factor_of);

/* Completes s with lavaan's defaults (above): means = 1 for a mean structure; `equal` a set of
 * CFA_EQ_* with `partial[0..n_partial)` left out. GSL_EDOM with *err filled when the model
 * cannot be completed, GSL_ENOMEM, or 0. */
int cfa_spec_complete(struct cfa_spec *s, int means, unsigned equal, const struct cfa_partial *partial,
		      size_t n_partial, struct cfa_spec_error *err);

#endif
