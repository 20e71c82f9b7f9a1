/* PROCESS models 1, 2 and 3 as moderate fits them, on the conditional-process engine
 * (models/process_model.h, process_fit.h, process_effects.h), and models/johnson_neyman, against R:
 * ref.R (glbwarm_model1.json, protest_mcx_model1.json), scripts/ref/moderation.R
 * (models/moderation.json) and scripts/ref/moderation_categorical_codings.R
 * (models/moderation_categorical_codings.json: a categorical Z, and a categorical X with a
 * categorical W). */
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
#include "models/process_effects.h"
#include "models/process_fit.h"
#include "models/process_model.h"
#include "model_ref.h"

/* A moderation model fitted by the engine: its fit, its Y equation's OLS fit and where the blocks
 * of that equation's design columns start. */
struct modfix {
	struct reftable *t;
	gsl_matrix *C;
	size_t *code[3];
	const double *x, *w, *z;  /* continuous X, W, Z as given (NULL when categorical or absent) */
	struct proc_fit *f;
	const struct ols_fit *fit;
	size_t e;                 /* the Y equation */
	size_t k, nx, nw, x0, xw0, cov0;
};

/* The first design column of term a[:b[:c]] of the Y equation. */
static size_t modfix_column(const struct modfix *m, size_t n, int a, int b, int c)
{
	struct proc_term t = proc_term_make(n, a, b, c);

	return m->f->eq[m->e].off[proc_model_term(&m->f->model, m->e, &t)];
}

/* x/w/z: a column name, or "protest", "partyid" or "cat:sex" (the column sex) as a categorical
 * variable (its levels 0, 1, ... in ascending order of its values); cov comma-separated or NULL */
static void modfix_init(struct modfix *m, const char *file, int model, const char *x, const char *w, const char *z,
			const char *cov, const char *y, int center, enum ols_cov_type hc)
{
	struct proc_model pm;
	struct proc_data d;
	struct proc_input *in[3] = {&d.x, &d.w, &d.z};
	const double **cont[3] = {&m->x, &m->w, &m->z};
	const char *names[3] = {x, w, z};
	enum proc_model_problem why;

	memset(m, 0, sizeof *m);
	memset(&d, 0, sizeof d);
	m->t = reftable_read(file);
	for (size_t v = 0; v < 3; v++) {
		if (!names[v])
			continue;
		if (!strcmp(names[v], "protest") || !strcmp(names[v], "partyid") || !strcmp(names[v], "cat:sex")) {
			int sex = strcmp(names[v], "cat:sex") == 0;
			const double *c = refcol(m->t, sex ? "sex" : names[v]);
			double lo = strcmp(names[v], "partyid") == 0 ? 1 : 0;
			m->code[v] = malloc(m->t->n * sizeof *m->code[v]);
			for (size_t i = 0; i < m->t->n; i++)
				m->code[v][i] = (size_t)(c[i] - lo);
			*in[v] = (struct proc_input){NULL, m->code[v], sex ? 2 : 3, CODING_INDICATOR};
		} else {
			*cont[v] = refcol(m->t, names[v]);
			*in[v] = (struct proc_input){*cont[v], NULL, 0, CODING_INDICATOR};
		}
	}
	m->C = cov ? refdesign(m->t, cov) : NULL;
	d.n = m->t->n;
	d.y = refcol(m->t, y);
	d.cov = m->C;
	d.center = center ? PROC_CENTER_ALL : PROC_CENTER_NONE;
	ols_options_init(&d.ols);
	d.ols.cov = hc;
	CHECK_INT(proc_model_init(&pm, model, 0, m->C ? m->C->size2 : 0, NULL, &why), GSL_SUCCESS);
	CHECK_INT(proc_fit_run(&pm, &d, &m->f), GSL_SUCCESS);
	m->e = proc_model_equation(&m->f->model, PROC_Y);
	m->fit = m->f->eq[m->e].fit;
	m->k = m->f->eq[m->e].k;
	m->nx = m->f->width[PROC_X];
	m->nw = m->f->width[PROC_W];
	m->x0 = modfix_column(m, 1, PROC_X, 0, 0);
	m->xw0 = modfix_column(m, 2, PROC_X, PROC_W, 0);
	m->cov0 = m->f->eq[m->e].off[m->f->model.eq[m->e].n_terms];
}

static void modfix_free(struct modfix *m)
{
	proc_fit_free(m->f);
	gsl_matrix_free(m->C);
	for (size_t v = 0; v < 3; v++)
		free(m->code[v]);
	reftable_free(m->t);
}

/* The point W = w (its level wl when categorical), Z = z (level zl). */
static struct proc_point modfix_point(const struct modfix *m, double w, size_t wl, const double *z, size_t zl)
{
	struct proc_point pt;

	memset(&pt, 0, sizeof pt);
	CHECK_INT(proc_point_set(m->f, &pt, PROC_W, w, wl), GSL_SUCCESS);
	if (z)
		CHECK_INT(proc_point_set(m->f, &pt, PROC_Z, *z, zl), GSL_SUCCESS);
	return pt;
}

/* The conditional effect of each X column at pt (lc[0..nx)), and the omnibus test when nx > 1. */
static void modfix_conditional(const struct modfix *m, const struct proc_point *pt, struct lincom *lc,
			       struct wald *omnibus)
{
	for (size_t i = 0; i < m->nx; i++)
		CHECK_INT(proc_direct_effect(m->f, i, pt, &lc[i]), GSL_SUCCESS);
	if (omnibus)
		CHECK_INT(proc_link_omnibus(m->f, m->e, PROC_X, pt, omnibus), GSL_SUCCESS);
}

/* The coefficient indices of the engine's test of the highest-order interaction(s): which 0 the
 * highest-order term(s) together (model 2: X:W and X:Z, PROCESS's BOTH), 1 X:W, 2 X:Z. */
static size_t modfix_interaction(const struct modfix *m, int which, size_t *idx)
{
	struct proc_test_set sets[PROC_MAX_TESTS];
	size_t ns = proc_highest_interactions(&m->f->model, m->e, sets), q = 0;

	for (size_t i = 0; i < ns; i++) {
		const struct proc_test_set *s = &sets[i];
		int w = ns == 1 || s->n == 2 ? 0 : proc_term_has(&m->f->model.eq[m->e].term[s->term[0]], PROC_Z) ? 2 : 1;
		if (w != which)
			continue;
		for (size_t j = 0; j < s->n; j++)
			q += proc_term_coefs(m->f, m->e, s->term[j], idx + q);
	}
	return q;
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
	double *work, probes[3];
	size_t idx[4], q, np;
	int clamped;
	struct wald wd;
	double r2c;

	modfix_init(&m, "reference/glbwarm.csv", 1, "negemot", "age", NULL, "posemot,ideology,sex", "govact", 0,
		    OLS_CLASSICAL);
	CHECK_INT(m.k, 6);
	CHECK_INT(m.xw0, 2);
	CHECK_INT(m.cov0, 3);
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
	q = modfix_interaction(&m, 0, idx);
	CHECK_INT(q, 1);
	CHECK_INT(ols_wald_terms(m.fit, idx, q, NULL, &wd), GSL_SUCCESS);
	CHECK_INT(ols_r2_change(m.fit, idx, q, &r2c), GSL_SUCCESS);
	ref_check_interaction_test(r2c, wd.F, wd.df1, wd.df2, wd.p, ref, 1e-7);
	/* percentiles and mean +/- SD of age */
	work = malloc(m.t->n * sizeof *work);
	np = mod_probe_values(m.w, m.t->n, MOD_PROBE_PERCENTILES, probes, &clamped, work);
	CHECK_INT(np, 3);
	for (size_t j = 0; j < 3; j++) {
		char path[64];
		struct lincom lc;
		struct proc_point pt;
		snprintf(path, sizeof path, "percentiles[%zu]", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
		pt = modfix_point(&m, probes[j], 0, NULL, 0);
		modfix_conditional(&m, &pt, &lc, NULL);
		snprintf(path, sizeof path, "conditional_effects[%zu]", j);
		check_lincom(&lc, ref, path);
		snprintf(path, sizeof path, "conditional_effects[%zu].w", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
	}
	np = mod_probe_values(m.w, m.t->n, MOD_PROBE_MEANSD, probes, &clamped, work);
	CHECK_INT(np, 3);
	CHECK_INT(clamped, 0);
	for (size_t j = 0; j < 3; j++) {
		char path[64];
		struct lincom lc;
		struct proc_point pt = modfix_point(&m, probes[j], 0, NULL, 0);
		snprintf(path, sizeof path, "conditional_effects_meansd[%zu].w", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
		modfix_conditional(&m, &pt, &lc, NULL);
		snprintf(path, sizeof path, "conditional_effects_meansd[%zu]", j);
		check_lincom(&lc, ref, path);
	}
	/* simple slopes: yhat at negemot x age percentiles, covariates at their means */
	{
		double xp[3], wp[3], cm[3];
		gsl_vector *row = gsl_vector_alloc(m.k + 1);
		mod_probe_values(m.x, m.t->n, MOD_PROBE_PERCENTILES, xp, &clamped, work);
		mod_probe_values(m.w, m.t->n, MOD_PROBE_PERCENTILES, wp, &clamped, work);
		for (size_t c = 0; c < 3; c++)
			cm[c] = gsl_vector_get(m.fit->mean, m.cov0 + c);
		for (size_t a = 0; a < 3; a++)
			for (size_t b = 0; b < 3; b++) {
				char path[64];
				struct lincom lc;
				struct proc_point pt = modfix_point(&m, wp[b], 0, NULL, 0);
				proc_design_row(m.f, m.e, &xp[a], &pt, cm, row->data);
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
	mod_probe_values(m.w, m.t->n, MOD_PROBE_PERCENTILES, probes, &clamped, work);
	for (size_t j = 0; j < 3; j++) {
		char path[64];
		struct lincom lc;
		struct proc_point pt = modfix_point(&m, probes[j], 0, NULL, 0);
		modfix_conditional(&m, &pt, &lc, NULL);
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
		wc[i] = c.w[i] - c.f->center[PROC_W];
	mod_probe_values(wc, c.t->n, MOD_PROBE_PERCENTILES, probes, &clamped, work);
	for (size_t j = 0; j < 3; j++) {
		char path[64];
		struct lincom lc;
		snprintf(path, sizeof path, "glbwarm_centered.w[%zu]", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-10);
		struct proc_point pt = modfix_point(&c, probes[j], 0, NULL, 0);
		modfix_conditional(&c, &pt, &lc, NULL);
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
	CHECK_INT(m.nx, 2);
	CHECK_INT(m.k, 5);
	ref_check_model(m.fit, ref);
	check_coef_full(m.fit, 0, ref, "model.coefficients", "(Intercept)");
	check_coef(&m, 0, ref, "model.coefficients", "D1");
	check_coef(&m, 1, ref, "model.coefficients", "D2");
	check_coef(&m, 2, ref, "model.coefficients", "sexism");
	check_coef(&m, 3, ref, "model.coefficients", "D1:sexism");
	check_coef(&m, 4, ref, "model.coefficients", "D2:sexism");
	q = modfix_interaction(&m, 0, idx);
	CHECK_INT(q, 2);
	CHECK_INT(ols_wald_terms(m.fit, idx, q, NULL, &wd), GSL_SUCCESS);
	CHECK_INT(ols_r2_change(m.fit, idx, q, &r2c), GSL_SUCCESS);
	ref_check_interaction_test(r2c, wd.F, wd.df1, wd.df2, wd.p, ref, 1e-8);
	work = malloc(m.t->n * sizeof *work);
	mod_probe_values(m.w, m.t->n, MOD_PROBE_PERCENTILES, probes, &clamped, work);
	for (size_t j = 0; j < 3; j++) {
		struct lincom lc[2];
		char path[64];
		struct proc_point pt = modfix_point(&m, probes[j], 0, NULL, 0);
		snprintf(path, sizeof path, "percentiles[%zu]", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
		modfix_conditional(&m, &pt, lc, &wd);
		for (size_t d = 0; d < 2; d++) {
			snprintf(path, sizeof path, "conditional_effects[%zu]", d * 3 + j);
			check_lincom(&lc[d], ref, path);
			snprintf(path, sizeof path, "conditional_effects[%zu].w", d * 3 + j);
			CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
		}
		snprintf(path, sizeof path, "omnibus_x_at_w[%zu].w", j);
		CHECK_CLOSE(probes[j], refnum(ref, path), 1e-12);
		snprintf(path, sizeof path, "omnibus_x_at_w[%zu]", j);
		ref_check_f_test(ref, path, wd.F, wd.df1, wd.df2, wd.p, 1e-9, 1e-8);
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
		q = modfix_interaction(&m2, t, idx);
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
	mod_probe_values(m2.w, m2.t->n, MOD_PROBE_PERCENTILES, wp, &clamped, work);
	/* sex has two values: probed at 0 and 1 */
	CHECK_INT(mod_probe_values(m2.z, m2.t->n, MOD_PROBE_PERCENTILES, zv, &clamped, work), 2);
	for (size_t a = 0; a < 3; a++)
		for (size_t b = 0; b < 2; b++) {
			struct lincom lc;
			char path[64];
			struct proc_point pt = modfix_point(&m2, wp[a], 0, &zv[b], 0);
			modfix_conditional(&m2, &pt, &lc, NULL);
			snprintf(path, sizeof path, "model2.conditional_effects[%zu]", a * 2 + b);
			check_lincom(&lc, ref, path);
		}
	modfix_init(&m3, "reference/glbwarm.csv", 3, "negemot", "age", "sex", "posemot,ideology", "govact", 0,
		    OLS_CLASSICAL);
	CHECK_INT(m3.k, 9);
	CHECK_CLOSE(m3.fit->r2, refnum(ref, "model3.r2"), 1e-10);
	check_coef(&m3, 5, ref, "model3.coefficients", "age:sex");
	check_coef(&m3, 6, ref, "model3.coefficients", "negemot:age:sex");
	q = modfix_interaction(&m3, 0, idx);
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
			struct proc_point pt = modfix_point(&m3, wp[a], 0, &zv[b], 0);
			modfix_conditional(&m3, &pt, &lc, NULL);
			snprintf(path, sizeof path, "model3.conditional_effects[%zu]", a * 2 + b);
			check_lincom(&lc, ref, path);
		}
	for (size_t b = 0; b < 2; b++) {
		struct lincom lc;
		char path[64];
		struct proc_point pt = modfix_point(&m3, 0, 0, &zv[b], 0);
		struct proc_deriv d = {PROC_W, 0};
		CHECK_INT(proc_link_effect_by(m3.f, m3.e, PROC_X, 0, &pt, &d, 1, &lc), GSL_SUCCESS);
		snprintf(path, sizeof path, "model3.xw_at_z[%zu]", b);
		check_lincom(&lc, ref, path);
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
	CHECK_INT(m.nw, 2);
	check_coef(&m, 3, ref, "categorical_w.coefficients", "sexism:D1");
	for (size_t level = 0; level < 3; level++) {
		struct lincom lc;
		char path[64];
		struct proc_point pt = modfix_point(&m, 0, level, NULL, 0);
		modfix_conditional(&m, &pt, &lc, NULL);
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
	coef[0] = 1 + m.x0;
	coef[1] = 2 + m.x0;
	coef[2] = 1 + m.xw0;
	coef[3] = 2 + m.xw0;
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

/* The engine's coefficients against R's, in the engine's design order (intercept first). */
static void check_coefficients(const struct modfix *m, const json_t *ref, const char *model)
{
	char path[96];

	for (size_t j = 0; j <= m->k; j++) {
		snprintf(path, sizeof path, "%s.coefficients[%zu].b", model, j);
		CHECK_CLOSE(gsl_vector_get(m->fit->b, j), refnum(ref, path), 1e-9);
		snprintf(path, sizeof path, "%s.coefficients[%zu].se", model, j);
		CHECK_CLOSE(gsl_vector_get(m->fit->se, j), refnum(ref, path), 1e-9);
	}
	snprintf(path, sizeof path, "%s.r2", model);
	CHECK_CLOSE(m->fit->r2, refnum(ref, path), 1e-10);
}

static void check_test(const struct modfix *m, int which, size_t q_want, const json_t *ref, const char *path)
{
	size_t idx[16], q = modfix_interaction(m, which, idx);
	struct wald wd;
	double r2c;
	char key[96];

	CHECK_INT(q, q_want);
	CHECK_INT(ols_wald_terms(m->fit, idx, q, NULL, &wd), GSL_SUCCESS);
	CHECK_INT(ols_r2_change(m->fit, idx, q, &r2c), GSL_SUCCESS);
	ref_check_f_test(ref, path, wd.F, wd.df1, wd.df2, wd.p, 1e-9, 1e-8);
	snprintf(key, sizeof key, "%s.r2_change", path);
	CHECK_CLOSE(r2c, refnum(ref, key), 1e-9);
}

/* Model 2 with a categorical Z (partyid, three levels): the engine's X:W, X:Z and joint (PROCESS's
 * BOTH) tests and the conditional effects of X at each W percentile and Z level. */
TEST(moderation_categorical_codings_z_matches_r)
{
	struct modfix m;
	json_t *ref = refjson("models/moderation_categorical_codings.json");
	double *work, wp[3];
	int clamped;

	modfix_init(&m, "reference/glbwarm.csv", 2, "negemot", "age", "partyid", "posemot", "govact", 0, OLS_CLASSICAL);
	CHECK_INT(m.k, 8);
	CHECK_INT(m.f->width[PROC_Z], 2);
	check_coefficients(&m, ref, "model2");
	check_test(&m, 1, 1, ref, "model2.xw");
	check_test(&m, 2, 2, ref, "model2.xz");
	check_test(&m, 0, 3, ref, "model2.both");
	work = malloc(m.t->n * sizeof *work);
	CHECK_INT(mod_probe_values(m.w, m.t->n, MOD_PROBE_PERCENTILES, wp, &clamped, work), 3);
	for (size_t a = 0; a < 3; a++)
		for (size_t zl = 0; zl < 3; zl++) {
			struct lincom lc;
			char path[64];
			struct proc_point pt = modfix_point(&m, wp[a], 0, &wp[0], zl);
			snprintf(path, sizeof path, "model2.w[%zu]", a);
			CHECK_CLOSE(wp[a], refnum(ref, path), 1e-12);
			modfix_conditional(&m, &pt, &lc, NULL);
			snprintf(path, sizeof path, "model2.conditional_effects[%zu]", a * 3 + zl);
			check_lincom(&lc, ref, path);
		}
	free(work);
	modfix_free(&m);
	json_decref(ref);
}

/* Model 3 with a categorical X (partyid) and a categorical W (sex) together, Z continuous: the
 * test of X:W:Z, the conditional effects of X's columns and their omnibus test at each level of W
 * and percentile of Z, the conditional X:W interaction at each Z, and the predicted values of the
 * simple-slopes plot (covariate at its mean). */
TEST(moderation_categorical_codings_x_and_w_match_r)
{
	struct modfix m;
	json_t *ref = refjson("models/moderation_categorical_codings.json");
	double *work, zp[3], cm[1], row[13];
	size_t r = 0, o = 0, y = 0;
	int clamped;

	modfix_init(&m, "reference/glbwarm.csv", 3, "partyid", "cat:sex", "negemot", "posemot", "govact", 0, OLS_CLASSICAL);
	CHECK_INT(m.k, 12);
	check_coefficients(&m, ref, "model3");
	check_test(&m, 0, 2, ref, "model3.xwz");
	work = malloc(m.t->n * sizeof *work);
	CHECK_INT(mod_probe_values(m.z, m.t->n, MOD_PROBE_PERCENTILES, zp, &clamped, work), 3);
	for (size_t wl = 0; wl < 2; wl++)
		for (size_t b = 0; b < 3; b++) {
			struct lincom lc[2];
			struct wald wd;
			char path[64];
			struct proc_point pt = modfix_point(&m, 0, wl, &zp[b], 0);
			modfix_conditional(&m, &pt, lc, &wd);
			for (size_t c = 0; c < 2; c++) {
				snprintf(path, sizeof path, "model3.conditional_effects[%zu]", r++);
				check_lincom(&lc[c], ref, path);
			}
			snprintf(path, sizeof path, "model3.omnibus[%zu].F", o);
			CHECK_CLOSE(wd.F, refnum(ref, path), 1e-9);
			snprintf(path, sizeof path, "model3.omnibus[%zu].p", o++);
			CHECK_CLOSE(wd.p, refnum(ref, path), 1e-8);
		}
	for (size_t b = 0; b < 3; b++)
		for (size_t c = 0; c < 2; c++) {
			struct lincom lc;
			struct proc_deriv d = {PROC_W, 0};
			struct proc_point pt = modfix_point(&m, 0, 0, &zp[b], 0);
			char path[64];
			CHECK_INT(proc_link_effect_by(m.f, m.e, PROC_X, c, &pt, &d, 1, &lc), GSL_SUCCESS);
			snprintf(path, sizeof path, "model3.xw_at_z[%zu]", b * 2 + c);
			check_lincom(&lc, ref, path);
		}
	/* a link's slope differentiated twice by the same moderator, or by its antecedent, is 0 */
	{
		struct proc_deriv dd[2] = {{PROC_W, 0}, {PROC_W, 0}};
		struct proc_point pt = modfix_point(&m, 0, 1, &zp[1], 0);
		struct lincom lc;
		CHECK_INT(proc_link_effect_by(m.f, m.e, PROC_X, 0, &pt, dd, 2, &lc), GSL_SUCCESS);
		CHECK_CLOSE(lc.est, 0, 0);
	}
	cm[0] = gsl_vector_get(m.fit->mean, m.cov0);
	for (size_t xl = 0; xl < 3; xl++)
		for (size_t wl = 0; wl < 2; wl++)
			for (size_t b = 0; b < 3; b++) {
				double x[2] = {xl == 1, xl == 2}, yhat = 0;
				struct proc_point pt = modfix_point(&m, 0, wl, &zp[b], 0);
				char path[64];
				proc_design_row(m.f, m.e, x, &pt, cm, row);
				for (size_t j = 0; j <= m.k; j++)
					yhat += row[j] * gsl_vector_get(m.fit->b, j);
				snprintf(path, sizeof path, "model3.yhat[%zu].yhat", y++);
				CHECK_CLOSE(yhat, refnum(ref, path), 1e-10);
			}
	free(work);
	modfix_free(&m);
	json_decref(ref);
}
