/* Diagnostics, robust variants, hierarchical blocks and group-slope tests against R:
 * scripts/ref/regression.R wrote tests/fixtures/models/regression.json (lm, sandwich::vcovHC,
 * lmtest::bptest/waldtest, anova, cooks.distance). Edge cases of models/ols provoked on purpose. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "models/group_slopes.h"
#include "models/ols.h"
#include "models/ols_tests.h"
#include "models/regression_diagnostics.h"
#include "model_ref.h"

static struct ols_fit *fit_glbwarm(const struct reftable *g, const char *cols, enum ols_cov_type cov,
				   gsl_matrix **Xout)
{
	gsl_matrix *X = refdesign(g, cols);
	gsl_vector *y = refvector(g, "govact");
	struct ols_fit *fit = ols_fit_alloc(g->n, X->size2);
	struct ols_options o;

	ols_options_init(&o);
	o.cov = cov;
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_SUCCESS);
	gsl_vector_free(y);
	if (Xout)
		*Xout = X;
	else
		gsl_matrix_free(X);
	return fit;
}

TEST(regression_diagnostics_match_r)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	json_t *ref = refjson("models/regression.json");
	gsl_matrix *X;
	struct ols_fit *fit = fit_glbwarm(g, "negemot,posemot,ideology,age,sex", OLS_CLASSICAL, &X);
	struct ols_diagnostics d;

	CHECK_INT(ols_diagnostics_compute(fit, X, &d), GSL_SUCCESS);
	CHECK_CLOSE(d.durbin_watson, refnum(ref, "durbin_watson"), 1e-10);
	CHECK_CLOSE(d.cook_max, refnum(ref, "cook_max"), 1e-9);
	CHECK_INT(d.cook_row, (long long)refnum(ref, "cook_row"));
	CHECK_CLOSE(d.leverage_max, refnum(ref, "leverage_max"), 1e-9);
	CHECK_CLOSE(d.bp_koenker, refnum(ref, "bp_koenker"), 1e-9);
	CHECK_CLOSE(d.bp_df, refnum(ref, "bp_koenker_df"), 0);
	CHECK_CLOSE(d.bp_koenker_p, refnum(ref, "bp_koenker_p"), 1e-8);
	CHECK_CLOSE(d.bp_original, refnum(ref, "bp_original"), 1e-9);
	CHECK_CLOSE(d.bp_original_p, refnum(ref, "bp_original_p"), 1e-8);
	ols_fit_free(fit);
	gsl_matrix_free(X);
	json_decref(ref);
	reftable_free(g);
}

TEST(regression_hc1_hc2_and_robust_f_match_sandwich)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	json_t *ref = refjson("models/regression.json");
	const char *cols = "negemot,posemot,ideology,age,sex";
	struct ols_fit *f1 = fit_glbwarm(g, cols, OLS_HC1, NULL), *f2 = fit_glbwarm(g, cols, OLS_HC2, NULL);
	struct ols_fit *f3 = fit_glbwarm(g, cols, OLS_HC3, NULL);
	char key[64];

	for (size_t j = 0; j < 6; j++) {
		snprintf(key, sizeof key, "hc1_se[%zu]", j);
		CHECK_CLOSE(gsl_vector_get(f1->se, j), refnum(ref, key), 1e-9);
		snprintf(key, sizeof key, "hc2_se[%zu]", j);
		CHECK_CLOSE(gsl_vector_get(f2->se, j), refnum(ref, key), 1e-9);
	}
	CHECK_CLOSE(f3->F, refnum(ref, "hc3_F"), 1e-9);
	CHECK_CLOSE(f3->p_F, refnum(ref, "hc3_F_p"), 1e-7);
	ols_fit_free(f1);
	ols_fit_free(f2);
	ols_fit_free(f3);
	json_decref(ref);
	reftable_free(g);
}

TEST(regression_blocks_r2_change_matches_anova)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	json_t *ref = refjson("models/regression.json");
	const char *steps[] = {"negemot,posemot", "negemot,posemot,ideology", "negemot,posemot,ideology,age,sex"};
	double prev = 0, prev_k = 0;

	for (size_t s = 0; s < 3; s++) {
		struct ols_fit *f = fit_glbwarm(g, steps[s], OLS_CLASSICAL, NULL);
		struct wald w;
		char key[64];
		ols_f_change(f->r2, prev, (double)f->k - prev_k, f->df2, &w);
		snprintf(key, sizeof key, "blocks[%zu].r2", s);
		CHECK_CLOSE(f->r2, refnum(ref, key), 1e-10);
		snprintf(key, sizeof key, "blocks[%zu].r2_change", s);
		CHECK_CLOSE(f->r2 - prev, refnum(ref, key), 1e-8);
		snprintf(key, sizeof key, "blocks[%zu]", s);
		ref_check_f_test(ref, key, w.F, w.df1, w.df2, w.p, 1e-8, 1e-7);
		prev = f->r2;
		prev_k = (double)f->k;
		ols_fit_free(f);
	}
	json_decref(ref);
	reftable_free(g);
}

TEST(regression_group_slopes_match_anova)
{
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	json_t *ref = refjson("models/regression.json");
	gsl_matrix *X = refdesign(g, "negemot,ideology");
	gsl_vector *y = refvector(g, "govact");
	const double *party = refcol(g, "partyid");
	size_t *grp = malloc(g->n * sizeof *grp), gi, pj;
	struct group_slopes *gs = group_slopes_alloc(g->n, 2, 3);
	struct ols_options o;

	for (size_t i = 0; i < g->n; i++)
		grp[i] = (size_t)party[i] - 1;
	ols_options_init(&o);
	CHECK_INT(group_slopes_run(gs, X, y, grp, &o), GSL_SUCCESS);
	CHECK_CLOSE(gs->slopes.F, refnum(ref, "groups.slopes.F"), 1e-8);
	CHECK_CLOSE(gs->slopes.df1, refnum(ref, "groups.slopes.df1"), 0);
	CHECK_CLOSE(gs->slopes.df2, refnum(ref, "groups.slopes.df2"), 0);
	CHECK_CLOSE(gs->slopes.p, refnum(ref, "groups.slopes.p"), 1e-7);
	CHECK_CLOSE(gs->chow.F, refnum(ref, "groups.chow.F"), 1e-8);
	CHECK_CLOSE(gs->chow.df1, refnum(ref, "groups.chow.df1"), 0);
	CHECK_CLOSE(gs->chow.p, refnum(ref, "groups.chow.p"), 1e-7);
	CHECK_CLOSE(gs->predictor[0].F, refnum(ref, "groups.negemot.F"), 1e-8);
	CHECK_CLOSE(gs->predictor[0].p, refnum(ref, "groups.negemot.p"), 1e-7);
	CHECK_CLOSE(gs->predictor[1].F, refnum(ref, "groups.ideology.F"), 1e-8);
	CHECK_CLOSE(gs->predictor[1].p, refnum(ref, "groups.ideology.p"), 1e-7);
	{
		size_t one = 0, both[2] = {0, 1};
		struct wald w;
		CHECK_INT(group_slopes_test(gs, &one, 1, &w), GSL_SUCCESS);
		CHECK_CLOSE(w.F, gs->predictor[0].F, 1e-12);
		CHECK_INT(group_slopes_test(gs, both, 2, &w), GSL_SUCCESS);
		CHECK_CLOSE(w.F, gs->slopes.F, 1e-12);
		CHECK_CLOSE(w.df1, 4, 0);
	}
	group_slopes_column(gs, 0, &gi, &pj);
	CHECK(gi == 1 && pj == 2);
	group_slopes_column(gs, 3, &gi, &pj);
	CHECK(gi == 0 && pj == 1);
	group_slopes_column(gs, 7, &gi, &pj);
	CHECK(gi == 2 && pj == 1);
	o.cov = OLS_HC3;
	CHECK_INT(group_slopes_run(gs, X, y, grp, &o), GSL_SUCCESS);
	CHECK_CLOSE(gs->slopes.F, refnum(ref, "groups.slopes_hc3.F"), 1e-8);
	CHECK_CLOSE(gs->slopes.p, refnum(ref, "groups.slopes_hc3.p"), 1e-7);
	group_slopes_free(gs);
	free(grp);
	gsl_matrix_free(X);
	gsl_vector_free(y);
	json_decref(ref);
	reftable_free(g);
}

/* y = 1 + 2 x1 - x2 + noise on a fixed design (no randomness in tests) */
static void small_design(gsl_matrix *X, gsl_vector *y, double offset)
{
	for (size_t i = 0; i < X->size1; i++) {
		double x1 = (double)(i % 7) + offset, x2 = (double)((i * 3) % 5), x3 = (double)((i * i) % 11);
		gsl_matrix_set(X, i, 0, x1);
		gsl_matrix_set(X, i, 1, x2);
		if (X->size2 > 2)
			gsl_matrix_set(X, i, 2, x3);
		gsl_vector_set(y, i, 1 + 2 * (x1 - offset) - x2 + 0.1 * sin((double)i));
	}
}

TEST(ols_edge_constant_predictor)
{
	gsl_matrix *X = gsl_matrix_alloc(20, 3);
	gsl_vector *y = gsl_vector_alloc(20);
	struct ols_fit *fit = ols_fit_alloc(20, 3);
	struct ols_options o;

	ols_options_init(&o);
	small_design(X, y, 0);
	for (size_t i = 0; i < 20; i++)
		gsl_matrix_set(X, i, 1, 4.0);
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_EDOM);
	CHECK_INT(fit->problem, OLS_CONSTANT_X);
	CHECK_INT(fit->bad, 1);
	small_design(X, y, 0);
	for (size_t i = 0; i < 20; i++)
		gsl_vector_set(y, i, 2.5);
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_EDOM);
	CHECK_INT(fit->problem, OLS_CONSTANT_Y);
	ols_fit_free(fit);
	gsl_matrix_free(X);
	gsl_vector_free(y);
}

TEST(ols_edge_perfect_collinearity_names_columns)
{
	gsl_matrix *X = gsl_matrix_alloc(30, 4);
	gsl_vector *y = gsl_vector_alloc(30);
	struct ols_fit *fit = ols_fit_alloc(30, 4);
	struct ols_options o;

	ols_options_init(&o);
	for (size_t i = 0; i < 30; i++) {
		double a = (double)(i % 7), b = (double)((i * 3) % 5), c = sin((double)i);
		gsl_matrix_set(X, i, 0, a);
		gsl_matrix_set(X, i, 1, c);
		gsl_matrix_set(X, i, 2, b);
		gsl_matrix_set(X, i, 3, 2 * a - 0.5 * b + 3); /* x4 = 2 x1 - 0.5 x3 + 3 */
		gsl_vector_set(y, i, a + b + c);
	}
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_ESING);
	CHECK_INT(fit->problem, OLS_COLLINEAR);
	CHECK_INT(fit->bad, 3);
	CHECK_INT(fit->n_combo, 2);
	CHECK_INT(fit->combo[0], 0);
	CHECK_INT(fit->combo[1], 2);
	/* near-collinear beyond the tolerance: still singular */
	for (size_t i = 0; i < 30; i++)
		gsl_matrix_set(X, i, 3, gsl_matrix_get(X, i, 3) + 1e-9 * cos((double)i));
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_ESING);
	CHECK_INT(fit->bad, 3);
	/* a looser dependence fits, with a large condition number and VIF */
	for (size_t i = 0; i < 30; i++)
		gsl_matrix_set(X, i, 3, gsl_matrix_get(X, i, 3) + 1e-3 * cos((double)i));
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_SUCCESS);
	CHECK(fit->condition > 1e5);
	CHECK(gsl_vector_get(fit->vif, 3) > 1e4);
	ols_fit_free(fit);
	gsl_matrix_free(X);
	gsl_vector_free(y);
}

TEST(ols_edge_too_few_cases)
{
	struct ols_options o;
	gsl_matrix *X = gsl_matrix_alloc(3, 3);
	gsl_vector *y = gsl_vector_alloc(3);
	struct ols_fit *fit = ols_fit_alloc(3, 3), *fit4 = ols_fit_alloc(4, 3);
	gsl_matrix *X4 = gsl_matrix_alloc(4, 3);
	gsl_vector *y4 = gsl_vector_alloc(4);

	ols_options_init(&o);
	small_design(X, y, 0);
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_EDOM); /* more coefficients than cases */
	CHECK_INT(fit->problem, OLS_TOO_FEW_CASES);
	small_design(X4, y4, 0); /* n = p: no residual df */
	CHECK_INT(ols_fit_run(fit4, X4, y4, &o), GSL_EDOM);
	CHECK_INT(fit4->problem, OLS_TOO_FEW_CASES);
	ols_fit_free(fit);
	ols_fit_free(fit4);
	gsl_matrix_free(X);
	gsl_vector_free(y);
	gsl_matrix_free(X4);
	gsl_vector_free(y4);
}

TEST(ols_edge_not_finite_and_n_1_2)
{
	struct ols_options o;
	gsl_matrix *X = gsl_matrix_alloc(10, 2);
	gsl_vector *y = gsl_vector_alloc(10);
	struct ols_fit *fit = ols_fit_alloc(10, 2);

	ols_options_init(&o);
	small_design(X, y, 0);
	gsl_matrix_set(X, 4, 1, NAN);
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_EDOM);
	CHECK_INT(fit->problem, OLS_NOT_FINITE);
	CHECK_INT(fit->bad_row, 4);
	CHECK_INT(fit->bad, 1);
	for (size_t n = 1; n <= 2; n++) {
		struct ols_fit *f = ols_fit_alloc(n, 1);
		gsl_matrix_view Xn = gsl_matrix_submatrix(X, 0, 0, n, 1);
		gsl_vector_view yn = gsl_vector_subvector(y, 0, n);
		CHECK_INT(ols_fit_run(f, &Xn.matrix, &yn.vector, &o), GSL_EDOM);
		CHECK_INT(f->problem, OLS_TOO_FEW_CASES);
		ols_fit_free(f);
	}
	ols_fit_free(fit);
	gsl_matrix_free(X);
	gsl_vector_free(y);
}

/* Shifting a predictor by 1e6 changes only the intercept: slopes, SEs, R2 stay to 1e-9. */
TEST(ols_edge_large_offset_keeps_precision)
{
	struct ols_options o;
	gsl_matrix *X = gsl_matrix_alloc(40, 2), *Xs = gsl_matrix_alloc(40, 2);
	gsl_vector *y = gsl_vector_alloc(40), *ys = gsl_vector_alloc(40);
	struct ols_fit *a = ols_fit_alloc(40, 2), *b = ols_fit_alloc(40, 2);

	ols_options_init(&o);
	small_design(X, y, 0);
	small_design(Xs, ys, 1e6);
	CHECK_INT(ols_fit_run(a, X, y, &o), GSL_SUCCESS);
	CHECK_INT(ols_fit_run(b, Xs, ys, &o), GSL_SUCCESS);
	CHECK_CLOSE(gsl_vector_get(b->b, 1), gsl_vector_get(a->b, 1), 1e-9);
	CHECK_CLOSE(gsl_vector_get(b->se, 1), gsl_vector_get(a->se, 1), 1e-9);
	CHECK_CLOSE(gsl_vector_get(b->b, 2), gsl_vector_get(a->b, 2), 1e-9);
	CHECK_CLOSE(b->r2, a->r2, 1e-12);
	CHECK_CLOSE(gsl_vector_get(b->b, 0), gsl_vector_get(a->b, 0) - 1e6 * gsl_vector_get(a->b, 1), 1e-9);
	ols_fit_free(a);
	ols_fit_free(b);
	gsl_matrix_free(X);
	gsl_matrix_free(Xs);
	gsl_vector_free(y);
	gsl_vector_free(ys);
}

/* Data formed block by block from generated columns (as regress and moderate read their
 * designs): row i of X is (x1, x2, x3) of small_design with offset 0; y likewise. */
static void generated_rows(const void *ctx, size_t from, size_t count, double *xbuf, double *ybuf,
			   struct ols_block *b)
{
	const double *bad = ctx; /* a row index to make NaN, or NULL */

	for (size_t q = 0; q < count; q++) {
		size_t i = from + q;
		double x1 = (double)(i % 7), x2 = (double)((i * 3) % 5), x3 = (double)((i * i) % 11);
		xbuf[q * 3] = x1;
		xbuf[q * 3 + 1] = bad && (double)i == *bad ? NAN : x2;
		xbuf[q * 3 + 2] = x3;
		ybuf[q] = 1 + 2 * x1 - x2 + 0.1 * sin((double)i);
	}
	b->x = xbuf;
	b->tda = 3;
	b->y = ybuf;
	b->ystride = 1;
}

static void check_same_fit(const struct ols_fit *a, const struct ols_fit *b)
{
	for (size_t j = 0; j < a->p; j++) {
		CHECK_CLOSE(gsl_vector_get(a->b, j), gsl_vector_get(b->b, j), 0);
		CHECK_CLOSE(gsl_vector_get(a->se, j), gsl_vector_get(b->se, j), 0);
		CHECK_CLOSE(gsl_vector_get(a->p_value, j), gsl_vector_get(b->p_value, j), 0);
	}
	CHECK_CLOSE(a->r2, b->r2, 0);
	CHECK_CLOSE(a->F, b->F, 0);
	CHECK_CLOSE(a->sse, b->sse, 0);
}

/* Reading the data block by block gives the fit of the stored matrix bit for bit, over several
 * blocks and a partial last one, with residuals kept and with an HC covariance; the diagnostics
 * and the group-slope tests likewise; a value that is not finite is found in a later block. */
TEST(ols_block_reading_equals_the_stored_matrix)
{
	const size_t n = 3 * OLS_BLOCK_ROWS + 77;
	gsl_matrix *X = gsl_matrix_alloc(n, 3);
	gsl_vector *y = gsl_vector_alloc(n);
	struct ols_fit *a = ols_fit_alloc(n, 3), *b = ols_fit_alloc(n, 3);
	struct ols_data d = {n, 3, generated_rows, NULL};
	struct ols_diagnostics da, db;
	struct ols_options o;
	size_t *grp = malloc(n * sizeof *grp);
	struct group_slopes *ga = group_slopes_alloc(n, 3, 3), *gb = group_slopes_alloc(n, 3, 3);
	double bad = (double)(2 * OLS_BLOCK_ROWS + 5);

	CHECK(X && y && a && b && grp && ga && gb);
	if (!X || !y || !a || !b || !grp || !ga || !gb)
		return;
	small_design(X, y, 0);
	for (size_t i = 0; i < n; i++)
		grp[i] = (i * 7) % 3;
	ols_options_init(&o);
	for (int hc = 0; hc < 2; hc++) {
		o.cov = hc ? OLS_HC3 : OLS_CLASSICAL;
		CHECK_INT(ols_fit_run(a, X, y, &o), GSL_SUCCESS);
		CHECK_INT(ols_fit_run_data(b, &d, &o), GSL_SUCCESS);
		check_same_fit(a, b);
		for (size_t i = 0; i < n; i += 97) {
			CHECK_CLOSE(gsl_vector_get(a->resid, i), gsl_vector_get(b->resid, i), 0);
			CHECK_CLOSE(gsl_vector_get(a->leverage, i), gsl_vector_get(b->leverage, i), 0);
		}
		CHECK_INT(ols_diagnostics_compute(a, X, &da), GSL_SUCCESS);
		CHECK_INT(ols_diagnostics_compute_data(b, &d, &db), GSL_SUCCESS);
		CHECK_CLOSE(da.durbin_watson, db.durbin_watson, 0);
		CHECK_CLOSE(da.cook_max, db.cook_max, 0);
		CHECK_CLOSE(da.bp_koenker, db.bp_koenker, 0);
		CHECK_INT(group_slopes_run(ga, X, y, grp, &o), GSL_SUCCESS);
		CHECK_INT(group_slopes_run_data(gb, &d, grp, &o), GSL_SUCCESS);
		CHECK_CLOSE(ga->slopes.F, gb->slopes.F, 0);
		CHECK_CLOSE(ga->chow.p, gb->chow.p, 0);
		CHECK_CLOSE(ga->predictor[2].F, gb->predictor[2].F, 0);
		check_same_fit(ga->fit, gb->fit);
	}
	d.ctx = &bad;
	CHECK_INT(ols_fit_run_data(b, &d, &o), GSL_EDOM);
	CHECK_INT(b->problem, OLS_NOT_FINITE);
	CHECK_INT(b->bad, 1);
	CHECK_INT(b->bad_row, 2 * OLS_BLOCK_ROWS + 5);
	d.n = n - 1;
	CHECK_INT(ols_fit_run_data(b, &d, &o), GSL_EBADLEN);
	group_slopes_free(ga);
	group_slopes_free(gb);
	free(grp);
	ols_fit_free(a);
	ols_fit_free(b);
	gsl_matrix_free(X);
	gsl_vector_free(y);
}

/* Finite values whose sums or squares leave the double range: OLS_OVERFLOW naming the column (the
 * fit would be NaN), not "not finite" or "constant" (issue 11). */
TEST(ols_overflow_is_named)
{
	struct ols_options o;
	gsl_matrix *X = gsl_matrix_alloc(10, 2);
	gsl_vector *y = gsl_vector_alloc(10);
	struct ols_fit *fit = ols_fit_alloc(10, 2);

	ols_options_init(&o);
	small_design(X, y, 0);
	for (size_t i = 0; i < 10; i++) /* squares near 1e400 */
		gsl_matrix_set(X, i, 1, (1 + (double)i) * 1e200);
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_EDOM);
	CHECK_INT(fit->problem, OLS_OVERFLOW);
	CHECK_INT(fit->bad, 1);
	small_design(X, y, 0);
	for (size_t i = 0; i < 10; i++) /* a sum beyond 1.8e308 */
		gsl_vector_set(y, i, (i % 2 ? 1.7 : 1.1) * 1e308);
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_EDOM);
	CHECK_INT(fit->problem, OLS_OVERFLOW);
	CHECK_INT(fit->bad, 2);
	ols_fit_free(fit);
	gsl_matrix_free(X);
	gsl_vector_free(y);
}
