/* Do the regression slopes differ between groups? One fully interacted model
 *
 *   y = b0 + sum_g d_g D_g + sum_j b_j x_j + sum_g sum_j c_gj D_g x_j + e,
 *
 * D_g the indicator of group g = 1..G-1 (group 0 the reference), gives the per-group regressions
 * with a pooled residual variance, and Wald F tests (models/ols_tests.h) of
 *   - slopes: every c_gj = 0 (common slopes, group intercepts free: the interaction test);
 *   - each predictor j: c_gj = 0 for all g (its slope is the same in every group);
 *   - Chow (1960): every d_g and c_gj = 0 (one regression fits every group).
 * With the classical covariance these equal R's anova() comparisons of the nested lm fits; with
 * an HC covariance they are the robust Wald tests. Design columns, in order: D_1..D_{G-1},
 * x_1..x_k, then D_g x_j for g = 1..G-1 (outer) and j = 1..k (inner). */
#ifndef SURVEYKIT_MODELS_GROUP_SLOPES_H
#define SURVEYKIT_MODELS_GROUP_SLOPES_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/ols.h"
#include "models/ols_tests.h"

struct group_slopes {
	size_t groups, k;
	struct wald slopes, chow;
	struct wald *predictor;   /* k tests */
	struct ols_fit *fit;      /* the interacted model; its problem says why a run failed */
	gsl_matrix *design;
};

/* Workspace for n cases, k predictors and G >= 2 groups; NULL when out of memory. */
struct group_slopes *group_slopes_alloc(size_t n, size_t k, size_t groups);
void group_slopes_free(struct group_slopes *gs);

/* group[i] in 0..G-1 for every case. A failed fit returns its status; design column `fit->bad`
 * is described by group_slopes_column. */
int group_slopes_run(struct group_slopes *gs, const gsl_matrix *X, const gsl_vector *y, const size_t *group,
		     const struct ols_options *o);

/* After a successful run: the Wald F that the slopes of predictors cols[0..m) are the same in
 * every group (all their products with the group indicators zero), e.g. the indicators of one
 * categorical predictor together. */
int group_slopes_test(const struct group_slopes *gs, const size_t *cols, size_t m, struct wald *out);

/* What design column c is: *group (1..G-1, or 0 for a predictor) and *predictor (k when c is a
 * group indicator). */
void group_slopes_column(const struct group_slopes *gs, size_t c, size_t *group, size_t *predictor);

#endif
