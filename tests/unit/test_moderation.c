/* models/moderation and models/johnson_neyman against R: ref.R (glbwarm_model1.json,
 * protest_mcx_model1.json) and scripts/ref/moderation.R (models/moderation.json). */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_sort.h>

#include "models/johnson_neyman.h"
#include "models/moderation.h"
#include "models/ols.h"
#include "models/ols_tests.h"
#include "model_ref.h"

struct modfix {
	struct reftable *t;
	struct mod_spec spec;
	struct mod_layout lay;
	gsl_matrix *X, *C;
	gsl_vector *y;
	size_t *code;
	struct ols_fit *fit;
};

/* x/w/z: a column name, or "protest" as a categorical 0/1/2 variable; cov comma-separated or NULL */
static void modfix_init(struct modfix *m, const char *file, int model, const char *x, const char *w, const char *z,
			const char *cov, const char *y, int center, enum ols_cov_type hc)
{
	struct ols_options o;
	struct mod_var *vars[3] = {&m->spec.x, &m->spec.w, &m->spec.z};
	const char *names[3] = {x, w, z};

	m->t = reftable_read(file);
	m->spec.model = model;
	m->spec.center = center;
	m->code = NULL;
	for (size_t v = 0; v < 3; v++) {
		if (!names[v])
			continue;
		if (strcmp(names[v], "protest") == 0) {
			const double *c = refcol(m->t, "protest");
			m->code = malloc(m->t->n * sizeof *m->code);
			for (size_t i = 0; i < m->t->n; i++)
				m->code[i] = (size_t)c[i];
			vars[v]->kind = MOD_CATEGORICAL;
			vars[v]->code = m->code;
			vars[v]->levels = 3;
		} else {
			vars[v]->kind = MOD_CONTINUOUS;
			vars[v]->v = refcol(m->t, names[v]);
		}
	}
	m->C = cov ? refdesign(m->t, cov) : NULL;
	m->spec.cov = m->C;
	CHECK_INT(mod_layout_init(&m->spec, m->t->n, &m->lay), GSL_SUCCESS);
	m->X = gsl_matrix_alloc(m->t->n, m->lay.k);
	CHECK_INT(mod_design_fill(&m->spec, &m->lay, m->X), GSL_SUCCESS);
	m->y = refvector(m->t, y);
	m->fit = ols_fit_alloc(m->t->n, m->lay.k);
	ols_options_init(&o);
	o.cov = hc;
	CHECK_INT(ols_fit_run(m->fit, m->X, m->y, &o), GSL_SUCCESS);
}

static void modfix_free(struct modfix *m)
{
	ols_fit_free(m->fit);
	gsl_matrix_free(m->X);
	gsl_matrix_free(m->C);
	gsl_vector_free(m->y);
	free(m->code);
	reftable_free(m->t);
}

static void check_lincom(const struct lincom *lc, const json_t *ref, const char *path)
{
	char key[256];

	snprintf(key, sizeof key, "%s.effect", path);
	CHECK_CLOSE(lc->est, refnum(ref, key), 1e-9);
	snprintf(key, sizeof key, "%s.se", path);
	CHECK_CLOSE(lc->se, refnum(ref, key), 1e-9);
	snprintf(key, sizeof key, "%s.t", path);
	CHECK_CLOSE(lc->t, refnum(ref, key), 1e-9);
	snprintf(key, sizeof key, "%s.p", path);
	CHECK_CLOSE(lc->p, refnum(ref, key), 1e-7);
	/* a CI bound can be 0 (at a Johnson-Neyman point): tolerance relative to the SE then */
	snprintf(key, sizeof key, "%s.llci", path);
	CHECK_NEAR(lc->llci, refnum(ref, key), 1e-9 * fmax(fabs(refnum(ref, key)), lc->se));
	snprintf(key, sizeof key, "%s.ulci", path);
	CHECK_NEAR(lc->ulci, refnum(ref, key), 1e-9 * fmax(fabs(refnum(ref, key)), lc->se));
}

/* every field of coefficient j (0 the intercept) against R's row for `term` */
static void check_coef_full(const struct ols_fit *fit, size_t j, const json_t *ref, const char *path, const char *term)
{
	CHECK_CLOSE(gsl_vector_get(fit->b, j), refterm(ref, path, term, "b"), 1e-9);
	CHECK_CLOSE(gsl_vector_get(fit->se, j), refterm(ref, path, term, "se"), 1e-9);
	if (!isnan(refterm(ref, path, term, "t"))) {
		CHECK_CLOSE(gsl_vector_get(fit->t, j), refterm(ref, path, term, "t"), 1e-9);
		CHECK_CLOSE(gsl_vector_get(fit->p_value, j), refterm(ref, path, term, "p"), 1e-7);
		CHECK_CLOSE(gsl_vector_get(fit->llci, j), refterm(ref, path, term, "llci"), 1e-9);
		CHECK_CLOSE(gsl_vector_get(fit->ulci, j), refterm(ref, path, term, "ulci"), 1e-9);
	}
}

/* coefficient of design column c against R's term */
static void check_coef(const struct modfix *m, size_t c, const json_t *ref, const char *path, const char *term)
{
	check_coef_full(m->fit, c + 1, ref, path, term);
}

TEST(moderation_glbwarm_model1_matches_r)
{
	struct modfix m;
	json_t *ref = refjson("reference/glbwarm_model1.json"), *ref2 = refjson("models/moderation.json");
	double *work, probes[3], w[1];
	size_t idx[4], q, np;
	int clamped;
	struct wald wd;
	double r2c;

	modfix_init(&m, "reference/glbwarm.csv", 1, "negemot", "age", NULL, "posemot,ideology,sex", "govact", 0,
		    OLS_CLASSICAL);
	CHECK_INT(m.lay.k, 6);
	CHECK_INT(m.lay.xw0, 2);
	CHECK_INT(m.lay.cov0, 3);
	ref_check_model(m.fit, ref);
	check_coef_full(m.fit, 0, ref, "model.coefficients", "(Intercept)");
	check_coef(&m, 0, ref, "model.coefficients", "negemot");
	check_coef(&m, 1, ref, "model.coefficients", "age");
	check_coef(&m, 2, ref, "model.coefficients", "negemot:age");
	check_coef(&m, 3, ref, "model.coefficients", "posemot");
	check_coef(&m, 4, ref, "model.coefficients", "ideology");
	check_coef(&m, 5, ref, "model.coefficients", "sex");
	/* Johnson-Neyman: no point inside the range of age, as R found */
	{
		struct jn_linear f = {gsl_vector_get(m.fit->b, 1), gsl_vector_get(m.fit->b, 3), gsl_matrix_get(m.fit->cov, 1, 1),
				      gsl_matrix_get(m.fit->cov, 1, 3), gsl_matrix_get(m.fit->cov, 3, 3)};
		double pts[2];
		CHECK_INT(jn_points(&f, m.fit->t_crit, 17, 87, pts), json_array_size(json_object_get(ref, "jn")));
	}
	q = mod_interaction_terms(&m.lay, 0, idx);
	CHECK_INT(q, 1);
	CHECK_INT(ols_wald_terms(m.fit, idx, q, NULL, &wd), GSL_SUCCESS);
	CHECK_INT(ols_r2_change(m.fit, idx, q, &r2c), GSL_SUCCESS);
	ref_check_interaction_test(r2c, wd.F, wd.df1, wd.df2, wd.p, ref, 1e-7);
	/* percentiles and mean +/- SD of age */
	work = malloc(m.t->n * sizeof *work);
	np = mod_probe_values(m.spec.w.v, m.t->n, MOD_PROBE_PERCENTILES, probes, &clamped, work);
	CHECK_INT(np, 3);
	for (size_t j = 0; j < 3; j++) {
		char path[64];
		struct lincom lc;
		snprintf(path, sizeof path, "percentiles[%zu]", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
		w[0] = probes[j];
		CHECK_INT(mod_conditional(m.fit, &m.lay, w, NULL, &lc, NULL), GSL_SUCCESS);
		snprintf(path, sizeof path, "conditional_effects[%zu]", j);
		check_lincom(&lc, ref, path);
		snprintf(path, sizeof path, "conditional_effects[%zu].w", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
	}
	np = mod_probe_values(m.spec.w.v, m.t->n, MOD_PROBE_MEANSD, probes, &clamped, work);
	CHECK_INT(np, 3);
	CHECK_INT(clamped, 0);
	for (size_t j = 0; j < 3; j++) {
		char path[64];
		struct lincom lc;
		snprintf(path, sizeof path, "conditional_effects_meansd[%zu].w", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
		w[0] = probes[j];
		CHECK_INT(mod_conditional(m.fit, &m.lay, w, NULL, &lc, NULL), GSL_SUCCESS);
		snprintf(path, sizeof path, "conditional_effects_meansd[%zu]", j);
		check_lincom(&lc, ref, path);
	}
	/* simple slopes: yhat at negemot x age percentiles, covariates at their means */
	{
		double xp[3], wp[3], cm[3];
		gsl_vector *row = gsl_vector_alloc(m.lay.k + 1);
		mod_probe_values(m.spec.x.v, m.t->n, MOD_PROBE_PERCENTILES, xp, &clamped, work);
		mod_probe_values(m.spec.w.v, m.t->n, MOD_PROBE_PERCENTILES, wp, &clamped, work);
		for (size_t c = 0; c < 3; c++)
			cm[c] = gsl_vector_get(m.fit->mean, m.lay.cov0 + c);
		for (size_t a = 0; a < 3; a++)
			for (size_t b = 0; b < 3; b++) {
				char path[64];
				struct lincom lc;
				mod_predict_vector(&m.lay, &xp[a], &wp[b], NULL, cm, row);
				ols_lincom(m.fit, row, NULL, &lc);
				snprintf(path, sizeof path, "glbwarm_simple_slopes[%zu].yhat", a * 3 + b);
				CHECK_CLOSE(lc.est, refnum(ref2, path), 1e-10);
				snprintf(path, sizeof path, "glbwarm_simple_slopes[%zu].x", a * 3 + b);
				CHECK_CLOSE(xp[a], refnum(ref2, path), 1e-12);
			}
		gsl_vector_free(row);
	}
	free(work);
	modfix_free(&m);
	json_decref(ref);
	json_decref(ref2);
}

TEST(moderation_glbwarm_hc3_and_centered_match_r)
{
	struct modfix m, c;
	json_t *ref = refjson("models/moderation.json");
	double *work, probes[3], *wc;
	int clamped;

	modfix_init(&m, "reference/glbwarm.csv", 1, "negemot", "age", NULL, "posemot,ideology,sex", "govact", 0, OLS_HC3);
	work = malloc(m.t->n * sizeof *work);
	mod_probe_values(m.spec.w.v, m.t->n, MOD_PROBE_PERCENTILES, probes, &clamped, work);
	for (size_t j = 0; j < 3; j++) {
		char path[64];
		struct lincom lc;
		CHECK_INT(mod_conditional(m.fit, &m.lay, &probes[j], NULL, &lc, NULL), GSL_SUCCESS);
		snprintf(path, sizeof path, "glbwarm_hc3[%zu]", j);
		check_lincom(&lc, ref, path);
	}
	modfix_init(&c, "reference/glbwarm.csv", 1, "negemot", "age", NULL, "posemot,ideology,sex", "govact", 1,
		    OLS_CLASSICAL);
	check_coef(&c, 0, ref, "glbwarm_centered.coefficients", "negemot");
	check_coef(&c, 1, ref, "glbwarm_centered.coefficients", "age");
	check_coef(&c, 2, ref, "glbwarm_centered.coefficients", "negemot:age");
	CHECK_CLOSE(gsl_vector_get(c.fit->b, 0), refterm(ref, "glbwarm_centered.coefficients", "(Intercept)", "b"), 1e-9);
	wc = malloc(c.t->n * sizeof *wc);
	for (size_t i = 0; i < c.t->n; i++)
		wc[i] = mod_value(&c.spec.w, c.lay.center_w, i);
	mod_probe_values(wc, c.t->n, MOD_PROBE_PERCENTILES, probes, &clamped, work);
	for (size_t j = 0; j < 3; j++) {
		char path[64];
		struct lincom lc;
		snprintf(path, sizeof path, "glbwarm_centered.w[%zu]", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-10);
		CHECK_INT(mod_conditional(c.fit, &c.lay, &probes[j], NULL, &lc, NULL), GSL_SUCCESS);
		snprintf(path, sizeof path, "glbwarm_centered.conditional_effects[%zu]", j);
		check_lincom(&lc, ref, path);
	}
	free(wc);
	free(work);
	modfix_free(&m);
	modfix_free(&c);
	json_decref(ref);
}

TEST(moderation_protest_categorical_x_matches_r)
{
	struct modfix m;
	json_t *ref = refjson("reference/protest_mcx_model1.json");
	double *work, probes[3], r2c;
	size_t idx[8], q;
	int clamped;
	struct wald wd;

	modfix_init(&m, "reference/protest.csv", 1, "protest", "sexism", NULL, NULL, "liking", 0, OLS_CLASSICAL);
	CHECK_INT(m.lay.nx, 2);
	CHECK_INT(m.lay.k, 5);
	ref_check_model(m.fit, ref);
	check_coef_full(m.fit, 0, ref, "model.coefficients", "(Intercept)");
	check_coef(&m, 0, ref, "model.coefficients", "D1");
	check_coef(&m, 1, ref, "model.coefficients", "D2");
	check_coef(&m, 2, ref, "model.coefficients", "sexism");
	check_coef(&m, 3, ref, "model.coefficients", "D1:sexism");
	check_coef(&m, 4, ref, "model.coefficients", "D2:sexism");
	q = mod_interaction_terms(&m.lay, 0, idx);
	CHECK_INT(q, 2);
	CHECK_INT(ols_wald_terms(m.fit, idx, q, NULL, &wd), GSL_SUCCESS);
	CHECK_INT(ols_r2_change(m.fit, idx, q, &r2c), GSL_SUCCESS);
	ref_check_interaction_test(r2c, wd.F, wd.df1, wd.df2, wd.p, ref, 1e-8);
	work = malloc(m.t->n * sizeof *work);
	mod_probe_values(m.spec.w.v, m.t->n, MOD_PROBE_PERCENTILES, probes, &clamped, work);
	for (size_t j = 0; j < 3; j++) {
		struct lincom lc[2];
		char path[64];
		snprintf(path, sizeof path, "percentiles[%zu]", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
		CHECK_INT(mod_conditional(m.fit, &m.lay, &probes[j], NULL, lc, &wd), GSL_SUCCESS);
		for (size_t d = 0; d < 2; d++) {
			snprintf(path, sizeof path, "conditional_effects[%zu]", d * 3 + j);
			check_lincom(&lc[d], ref, path);
			snprintf(path, sizeof path, "conditional_effects[%zu].w", d * 3 + j);
			CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
		}
		snprintf(path, sizeof path, "omnibus_x_at_w[%zu].w", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
		snprintf(path, sizeof path, "omnibus_x_at_w[%zu].df1", j);
		CHECK_CLOSE(wd.df1, refnum(ref, path), 0);
		snprintf(path, sizeof path, "omnibus_x_at_w[%zu].df2", j);
		CHECK_CLOSE(wd.df2, refnum(ref, path), 0);
		snprintf(path, sizeof path, "omnibus_x_at_w[%zu].F", j);
		CHECK_CLOSE(wd.F, refnum(ref, path), 1e-9);
		snprintf(path, sizeof path, "omnibus_x_at_w[%zu].p", j);
		CHECK_CLOSE(wd.p, refnum(ref, path), 1e-8);
		CHECK_CLOSE(wd.df2, 123, 0);
	}
	free(work);
	modfix_free(&m);
	json_decref(ref);
}

TEST(moderation_models_2_and_3_match_r)
{
	struct modfix m2, m3;
	json_t *ref = refjson("models/moderation.json");
	double *work, wp[3], zv[2] = {0, 1}, r2c;
	size_t idx[8], q;
	int clamped;
	struct wald wd;
	const char *which[] = {"both", "xw", "xz"};

	modfix_init(&m2, "reference/glbwarm.csv", 2, "negemot", "age", "sex", "posemot,ideology", "govact", 0,
		    OLS_CLASSICAL);
	CHECK_CLOSE(m2.fit->r2, refnum(ref, "model2.r2"), 1e-10);
	check_coef(&m2, 0, ref, "model2.coefficients", "negemot");
	check_coef(&m2, 2, ref, "model2.coefficients", "negemot:age");
	check_coef(&m2, 3, ref, "model2.coefficients", "sex");
	check_coef(&m2, 4, ref, "model2.coefficients", "negemot:sex");
	for (int t = 0; t < 3; t++) {
		char path[64];
		q = mod_interaction_terms(&m2.lay, t, idx);
		CHECK_INT(q, t == 0 ? 2 : 1);
		CHECK_INT(ols_wald_terms(m2.fit, idx, q, NULL, &wd), GSL_SUCCESS);
		CHECK_INT(ols_r2_change(m2.fit, idx, q, &r2c), GSL_SUCCESS);
		snprintf(path, sizeof path, "model2.%s.F", which[t]);
		CHECK_CLOSE(wd.F, refnum(ref, path), 1e-9);
		snprintf(path, sizeof path, "model2.%s.r2_change", which[t]);
		CHECK_CLOSE(r2c, refnum(ref, path), 1e-9);
		snprintf(path, sizeof path, "model2.%s.p", which[t]);
		CHECK_CLOSE(wd.p, refnum(ref, path), 1e-8);
	}
	work = malloc(m2.t->n * sizeof *work);
	mod_probe_values(m2.spec.w.v, m2.t->n, MOD_PROBE_PERCENTILES, wp, &clamped, work);
	/* sex has two values: probed at 0 and 1 */
	CHECK_INT(mod_probe_values(m2.spec.z.v, m2.t->n, MOD_PROBE_PERCENTILES, zv, &clamped, work), 2);
	for (size_t a = 0; a < 3; a++)
		for (size_t b = 0; b < 2; b++) {
			struct lincom lc;
			char path[64];
			CHECK_INT(mod_conditional(m2.fit, &m2.lay, &wp[a], &zv[b], &lc, NULL), GSL_SUCCESS);
			snprintf(path, sizeof path, "model2.conditional_effects[%zu]", a * 2 + b);
			check_lincom(&lc, ref, path);
		}
	modfix_init(&m3, "reference/glbwarm.csv", 3, "negemot", "age", "sex", "posemot,ideology", "govact", 0,
		    OLS_CLASSICAL);
	CHECK_INT(m3.lay.k, 9);
	CHECK_CLOSE(m3.fit->r2, refnum(ref, "model3.r2"), 1e-10);
	check_coef(&m3, 5, ref, "model3.coefficients", "age:sex");
	check_coef(&m3, 6, ref, "model3.coefficients", "negemot:age:sex");
	q = mod_interaction_terms(&m3.lay, 0, idx);
	CHECK_INT(q, 1);
	CHECK_INT(idx[0], 7);
	CHECK_INT(ols_wald_terms(m3.fit, idx, q, NULL, &wd), GSL_SUCCESS);
	CHECK_INT(ols_r2_change(m3.fit, idx, q, &r2c), GSL_SUCCESS);
	CHECK_CLOSE(wd.F, refnum(ref, "model3.xwz.F"), 1e-9);
	CHECK_CLOSE(r2c, refnum(ref, "model3.xwz.r2_change"), 1e-9);
	for (size_t a = 0; a < 3; a++)
		for (size_t b = 0; b < 2; b++) {
			struct lincom lc;
			char path[64];
			CHECK_INT(mod_conditional(m3.fit, &m3.lay, &wp[a], &zv[b], &lc, NULL), GSL_SUCCESS);
			snprintf(path, sizeof path, "model3.conditional_effects[%zu]", a * 2 + b);
			check_lincom(&lc, ref, path);
		}
	for (size_t b = 0; b < 2; b++) {
		gsl_vector *l = gsl_vector_alloc(m3.lay.k + 1);
		struct lincom lc;
		char path[64];
		mod_xw_at_z_vector(&m3.lay, 0, 0, &zv[b], l);
		CHECK_INT(ols_lincom(m3.fit, l, NULL, &lc), GSL_SUCCESS);
		snprintf(path, sizeof path, "model3.xw_at_z[%zu]", b);
		check_lincom(&lc, ref, path);
		gsl_vector_free(l);
	}
	free(work);
	modfix_free(&m2);
	modfix_free(&m3);
	json_decref(ref);
}

TEST(moderation_categorical_w_matches_r)
{
	struct modfix m;
	json_t *ref = refjson("models/moderation.json");

	modfix_init(&m, "reference/protest.csv", 1, "sexism", "protest", NULL, NULL, "liking", 0, OLS_CLASSICAL);
	CHECK_INT(m.lay.nw, 2);
	check_coef(&m, 3, ref, "categorical_w.coefficients", "sexism:D1");
	for (size_t level = 0; level < 3; level++) {
		double wv[2];
		struct lincom lc;
		char path[64];
		mod_probe_design(&m.spec.w, 0, level, wv);
		CHECK_INT(mod_conditional(m.fit, &m.lay, wv, NULL, &lc, NULL), GSL_SUCCESS);
		snprintf(path, sizeof path, "categorical_w.conditional_effects[%zu]", level);
		check_lincom(&lc, ref, path);
	}
	modfix_free(&m);
	json_decref(ref);
}

static struct jn_linear jn_of(const struct ols_fit *fit, size_t x, size_t xw)
{
	struct jn_linear f = {gsl_vector_get(fit->b, x), gsl_vector_get(fit->b, xw), gsl_matrix_get(fit->cov, x, x),
			      gsl_matrix_get(fit->cov, x, xw), gsl_matrix_get(fit->cov, xw, xw)};
	return f;
}

TEST(jn_two_roots_inside_with_table_and_shares)
{
	json_t *ref = refjson("models/moderation.json");
	struct reftable *t = reftable_read("reference/protest.csv");
	gsl_matrix *X = gsl_matrix_alloc(t->n, 3);
	gsl_vector *y = refvector(t, "liking"), *l = gsl_vector_alloc(4);
	const double *pr = refcol(t, "protest"), *sx = refcol(t, "sexism");
	struct ols_fit *fit = ols_fit_alloc(t->n, 3);
	struct ols_options o;
	double pts[2], grid[JN_INTERVALS + 3], *sorted = malloc(t->n * sizeof *sorted), lo, hi;
	size_t np, ng;
	struct jn_linear f;

	for (size_t i = 0; i < t->n; i++) {
		double d = pr[i] > 0;
		gsl_matrix_set(X, i, 0, d);
		gsl_matrix_set(X, i, 1, sx[i]);
		gsl_matrix_set(X, i, 2, d * sx[i]);
		sorted[i] = sx[i];
	}
	gsl_sort(sorted, 1, t->n);
	lo = sorted[0];
	hi = sorted[t->n - 1];
	ols_options_init(&o);
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_SUCCESS);
	f = jn_of(fit, 1, 3);
	np = jn_points(&f, fit->t_crit, lo, hi, pts);
	CHECK_INT(np, 2);
	CHECK_CLOSE(pts[0], refnum(ref, "protest_dich.roots[0]"), 1e-9);
	CHECK_CLOSE(pts[1], refnum(ref, "protest_dich.roots[1]"), 1e-9);
	for (size_t r = 0; r < 2; r++) {
		double below, above;
		char path[64];
		jn_shares(sorted, t->n, pts[r], &below, &above);
		snprintf(path, sizeof path, "protest_dich.shares[%zu].below", r);
		CHECK_CLOSE(below, refnum(ref, path), 1e-12);
		snprintf(path, sizeof path, "protest_dich.shares[%zu].above", r);
		CHECK_CLOSE(above, refnum(ref, path), 1e-12);
	}
	ng = jn_grid(lo, hi, pts, np, grid);
	CHECK_INT(ng, 23);
	for (size_t r = 0; r < ng; r++) {
		struct lincom lc;
		char path[64];
		gsl_vector_set_zero(l);
		gsl_vector_set(l, 1, 1);
		gsl_vector_set(l, 3, grid[r]);
		ols_lincom(fit, l, NULL, &lc);
		snprintf(path, sizeof path, "protest_dich.table[%zu].w", r);
		CHECK_CLOSE(grid[r], refnum(ref, path), 1e-12);
		snprintf(path, sizeof path, "protest_dich.table[%zu]", r);
		check_lincom(&lc, ref, path);
	}
	/* jn_band at the grid is R's table; jn_regions cuts the range at the roots, and each piece's
	 * significance agrees with R's p at every grid value strictly inside it */
	{
		struct lincom band[JN_INTERVALS + 3];
		struct jn_region reg[3];
		size_t nr;
		jn_band(&f, fit->df2, fit->t_crit, grid, ng, band);
		for (size_t r = 0; r < ng; r++) {
			char path[64];
			snprintf(path, sizeof path, "protest_dich.table[%zu]", r);
			check_lincom(&band[r], ref, path);
		}
		nr = jn_regions(&f, fit->t_crit, lo, hi, reg);
		CHECK_INT(nr, 3);
		CHECK_CLOSE(reg[0].from, lo, 0);
		CHECK_CLOSE(reg[0].to, pts[0], 0);
		CHECK_CLOSE(reg[1].to, pts[1], 0);
		CHECK_CLOSE(reg[2].to, hi, 0);
		CHECK_INT(reg[0].significant, 1);
		CHECK_INT(reg[1].significant, 0);
		CHECK_INT(reg[2].significant, 1);
		for (size_t r = 0; r < ng; r++) {
			char path[64];
			snprintf(path, sizeof path, "protest_dich.table[%zu].p", r);
			for (size_t i = 0; i < nr; i++)
				if (grid[r] > reg[i].from && grid[r] < reg[i].to)
					CHECK_INT(refnum(ref, path) < 0.05, reg[i].significant);
		}
	}
	/* at a boundary the effect is just significant: |t| = t* */
	gsl_vector_set(l, 3, pts[0]);
	{
		struct lincom lc;
		ols_lincom(fit, l, NULL, &lc);
		CHECK_CLOSE(fabs(lc.t), fit->t_crit, 1e-9);
	}
	free(sorted);
	gsl_vector_free(l);
	ols_fit_free(fit);
	gsl_matrix_free(X);
	gsl_vector_free(y);
	reftable_free(t);
	json_decref(ref);
}

TEST(jn_one_root_none_and_both_outside)
{
	json_t *ref = refjson("models/moderation.json");
	struct reftable *g = reftable_read("reference/glbwarm.csv");
	struct modfix m;
	struct ols_options o;
	double pts[2], roots[2];
	struct jn_linear f;
	/* one root inside: X = age, W = posemot (range 1..6) */
	gsl_matrix *X = gsl_matrix_alloc(g->n, 3);
	gsl_vector *y = refvector(g, "govact");
	struct ols_fit *fit = ols_fit_alloc(g->n, 3);
	const double *age = refcol(g, "age"), *pos = refcol(g, "posemot");

	ols_options_init(&o);
	for (size_t i = 0; i < g->n; i++) {
		gsl_matrix_set(X, i, 0, age[i]);
		gsl_matrix_set(X, i, 1, pos[i]);
		gsl_matrix_set(X, i, 2, age[i] * pos[i]);
	}
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_SUCCESS);
	f = jn_of(fit, 1, 3);
	CHECK_INT(jn_roots(&f, fit->t_crit, roots), 2);
	CHECK_CLOSE(roots[0], refnum(ref, "one_root.roots[0]"), 1e-9);
	CHECK_CLOSE(roots[1], refnum(ref, "one_root.roots[1]"), 1e-9);
	CHECK_INT(jn_points(&f, fit->t_crit, 1, 6, pts), 1);
	CHECK_CLOSE(pts[0], refnum(ref, "one_root.roots[1]"), 1e-9);
	/* no real root: X = posemot, W = age */
	for (size_t i = 0; i < g->n; i++) {
		gsl_matrix_set(X, i, 0, pos[i]);
		gsl_matrix_set(X, i, 1, age[i]);
	}
	CHECK_INT(ols_fit_run(fit, X, y, &o), GSL_SUCCESS);
	f = jn_of(fit, 1, 3);
	CHECK_INT(jn_roots(&f, fit->t_crit, roots), 0);
	CHECK(json_array_size(json_object_get(json_object_get(ref, "no_root"), "roots")) == 0);
	/* both roots outside the range: PROCESS model 1 on glbwarm */
	modfix_init(&m, "reference/glbwarm.csv", 1, "negemot", "age", NULL, "posemot,ideology,sex", "govact", 0,
		    OLS_CLASSICAL);
	f = jn_of(m.fit, 1, 3);
	CHECK_INT(jn_roots(&f, m.fit->t_crit, roots), 2);
	CHECK_CLOSE(roots[0], refnum(ref, "glbwarm_jn_roots[0]"), 1e-9);
	CHECK_CLOSE(roots[1], refnum(ref, "glbwarm_jn_roots[1]"), 1e-9);
	CHECK_INT(jn_points(&f, m.fit->t_crit, 17, 87, pts), 0);
	{
		/* no boundary inside: one region, the whole range, significant (R: p < .05 throughout) */
		struct jn_region reg[3];
		CHECK_INT(jn_regions(&f, m.fit->t_crit, 17, 87, reg), 1);
		CHECK_CLOSE(reg[0].from, 17, 0);
		CHECK_CLOSE(reg[0].to, 87, 0);
		CHECK_INT(reg[0].significant, 1);
	}
	/* degenerate: b = 0 and no variance in it: the equation is constant, no boundary */
	{
		struct jn_linear d = {1, 0, 1, 0, 0};
		CHECK_INT(jn_roots(&d, 2, roots), 0);
	}
	modfix_free(&m);
	ols_fit_free(fit);
	gsl_matrix_free(X);
	gsl_vector_free(y);
	reftable_free(g);
	json_decref(ref);
}

TEST(jn_omnibus_categorical_x_matches_r)
{
	json_t *ref = refjson("models/moderation.json");
	struct modfix m;
	gsl_vector *a = gsl_vector_alloc(2), *b = gsl_vector_alloc(2);
	gsl_matrix *V = gsl_matrix_alloc(4, 4);
	size_t coef[4], n;
	double pts[4];
	struct wald wd;

	modfix_init(&m, "reference/protest.csv", 1, "protest", "sexism", NULL, NULL, "liking", 0, OLS_CLASSICAL);
	coef[0] = 1 + m.lay.x0;
	coef[1] = 2 + m.lay.x0;
	coef[2] = 1 + m.lay.xw0;
	coef[3] = 2 + m.lay.xw0;
	for (size_t i = 0; i < 2; i++) {
		gsl_vector_set(a, i, gsl_vector_get(m.fit->b, coef[i]));
		gsl_vector_set(b, i, gsl_vector_get(m.fit->b, coef[2 + i]));
	}
	for (size_t i = 0; i < 4; i++)
		for (size_t j = 0; j < 4; j++)
			gsl_matrix_set(V, i, j, gsl_matrix_get(m.fit->cov, coef[i], coef[j]));
	CHECK_INT(jn_omnibus_f(a, b, V, m.fit->df2, 4, &wd), GSL_SUCCESS);
	CHECK_CLOSE(wd.F, refnum(ref, "omnibus_jn.at[0].F"), 1e-9);
	CHECK_INT(jn_omnibus_f(a, b, V, m.fit->df2, 5.5, &wd), GSL_SUCCESS);
	CHECK_CLOSE(wd.p, refnum(ref, "omnibus_jn.at[1].p"), 1e-8);
	CHECK_INT(jn_omnibus_points(a, b, V, m.fit->df2, refnum(ref, "omnibus_jn.f_crit"), 2.87, 7, pts, 4, &n),
		  GSL_SUCCESS);
	CHECK_INT(n, 1);
	CHECK_CLOSE(pts[0], refnum(ref, "omnibus_jn.points"), 1e-8);
	gsl_vector_free(a);
	gsl_vector_free(b);
	gsl_matrix_free(V);
	modfix_free(&m);
	json_decref(ref);
}

TEST(moderation_probe_values_edge_cases)
{
	double v[] = {1, 1, 1, 1, 1, 1, 2, 9}, out[3], work[8];
	double two[] = {3, 5, 5, 3, 3}, w2[5];
	int clamped;

	/* mean - SD below the minimum: replaced by it */
	CHECK_INT(mod_probe_values(v, 8, MOD_PROBE_MEANSD, out, &clamped, work), 3);
	CHECK_CLOSE(out[0], 1, 0);
	CHECK_INT(clamped & 1, 1);
	CHECK(out[2] < 9);
	/* two distinct values: probed at those */
	CHECK_INT(mod_probe_values(two, 5, MOD_PROBE_PERCENTILES, out, &clamped, w2), 2);
	CHECK_CLOSE(out[0], 3, 0);
	CHECK_CLOSE(out[1], 5, 0);
	CHECK_INT(mod_probe_values(two, 0, MOD_PROBE_MEANSD, out, &clamped, w2), 0);
}

TEST(moderation_layout_rejects_bad_specs)
{
	struct mod_spec s = {0};
	struct mod_layout lay;
	double v[3] = {1, 2, 3};
	size_t code[3] = {0, 0, 0};

	s.model = 4;
	s.x.kind = s.w.kind = MOD_CONTINUOUS;
	s.x.v = s.w.v = v;
	CHECK_INT(mod_layout_init(&s, 3, &lay), GSL_EINVAL);
	s.model = 2; /* no Z */
	CHECK_INT(mod_layout_init(&s, 3, &lay), GSL_EINVAL);
	s.model = 1;
	s.w.kind = MOD_CATEGORICAL;
	s.w.code = code;
	s.w.levels = 1; /* one level: nothing to compare */
	CHECK_INT(mod_layout_init(&s, 3, &lay), GSL_EINVAL);
}

/* The design formed block by block as the fit reads it (struct mod_data) gives the fit of the
 * stored design bit for bit: model 3 with covariates and centring, and a categorical X. */
TEST(moderation_streamed_design_equals_stored)
{
	struct modfix m3, mc;
	struct modfix *ms[2] = {&m3, &mc};
	struct ols_options o;

	modfix_init(&m3, "reference/glbwarm.csv", 3, "negemot", "age", "sex", "posemot,ideology", "govact", 1,
		    OLS_CLASSICAL);
	modfix_init(&mc, "reference/protest.csv", 1, "protest", "sexism", NULL, NULL, "liking", 0, OLS_CLASSICAL);
	ols_options_init(&o);
	for (size_t f = 0; f < 2; f++) {
		struct modfix *m = ms[f];
		struct mod_data md;
		struct ols_fit *s = ols_fit_alloc(m->t->n, m->lay.k);
		double *rows = malloc(5 * m->lay.k * sizeof *rows);
		CHECK(s && rows);
		if (!s || !rows)
			return;
		mod_design_rows(&m->spec, &m->lay, 7, 5, rows, m->lay.k);
		for (size_t r = 0; r < 5; r++)
			for (size_t c = 0; c < m->lay.k; c++)
				CHECK_CLOSE(rows[r * m->lay.k + c], gsl_matrix_get(m->X, 7 + r, c), 0);
		mod_data_init(&md, &m->spec, &m->lay, m->y->data, m->t->n);
		CHECK_INT(ols_fit_run_data(s, &md.data, &o), GSL_SUCCESS);
		for (size_t j = 0; j < s->p; j++) {
			CHECK_CLOSE(gsl_vector_get(s->b, j), gsl_vector_get(m->fit->b, j), 0);
			CHECK_CLOSE(gsl_vector_get(s->se, j), gsl_vector_get(m->fit->se, j), 0);
		}
		CHECK_CLOSE(s->r2, m->fit->r2, 0);
		free(rows);
		ols_fit_free(s);
		modfix_free(m);
	}
}
