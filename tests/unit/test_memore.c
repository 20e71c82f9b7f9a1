/* models/memore against the formulas of Montoya & Hayes (2017) and Montoya (2019) computed in R
 * with t.test and lm on difference scores (scripts/ref/memore.R, tests/fixtures/models/memore.json)
 * on the bundled within-subject wave: full recovery (condition 1) against fix only (condition 2),
 * PWOM through satisfaction and negative emotion, moderated by trust and by involvement. Then the
 * bootstrap against R's within Monte-Carlo error and across thread counts, and bad data. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "model_ref.h"
#include "models/bootstrap.h"
#include "models/memore.h"

static void check_effect(const struct memore_effect *e, const json_t *ref, const char *path)
{
	char p[128];

#define FIELD(name, tol)                                   \
	snprintf(p, sizeof p, "%s." #name, path);          \
	CHECK_CLOSE(e->name, refnum(ref, p), tol)
	FIELD(est, 1e-10);
	FIELD(se, 1e-10);
	FIELD(t, 1e-10);
	FIELD(df, 0);
	FIELD(llci, 1e-10);
	FIELD(ulci, 1e-10);
#undef FIELD
	snprintf(p, sizeof p, "%s.p", path);
	CHECK_NEAR(e->p, refnum(ref, p), 1e-12);
}

/* Mediators named in `names` ("sat", "neg") in condition 1 and 2 as matrices. */
static void mediators(const struct reftable *t, const char *const *names, size_t k, gsl_matrix *m1, gsl_matrix *m2)
{
	for (size_t j = 0; j < k; j++) {
		char c1[32], c2[32];
		const double *a, *b;
		snprintf(c1, sizeof c1, "%s1", names[j]);
		snprintf(c2, sizeof c2, "%s2", names[j]);
		a = refcol(t, c1);
		b = refcol(t, c2);
		for (size_t i = 0; i < t->n; i++) {
			gsl_matrix_set(m1, i, j, a[i]);
			gsl_matrix_set(m2, i, j, b[i]);
		}
	}
}

/* One mediation model of the reference (`key`: "parallel" or "single"). */
static void check_mediation(const char *key, const char *const *names, size_t k)
{
	struct reftable *t = reftable_read("models/memore.csv");
	json_t *ref = refjson("models/memore.json");
	gsl_vector *y1 = refvector(t, "y1"), *y2 = refvector(t, "y2");
	gsl_matrix *m1 = gsl_matrix_alloc(t->n, k), *m2 = gsl_matrix_alloc(t->n, k), *draws[3];
	struct memore *md = memore_alloc(t->n, k);
	struct memore_spec s = {.y1 = y1, .y2 = y2, .m1 = m1, .m2 = m2};
	size_t S = memore_n_stats(k), rep, threads[] = {1, 2, 4};
	double est[8], work[5000];
	char p[128];

	ols_options_init(&s.ols);
	mediators(t, names, k, m1, m2);
	CHECK_INT(memore_run(md, &s), GSL_SUCCESS);
	snprintf(p, sizeof p, "%s.n", key);
	CHECK_INT(md->n, (long long)refnum(ref, p));
	snprintf(p, sizeof p, "%s.c", key);
	check_effect(&md->total, ref, p);
	snprintf(p, sizeof p, "%s.y.coefficients[0]", key);
	check_effect(&md->direct, ref, p);
	for (size_t j = 0; j < k; j++) {
		snprintf(p, sizeof p, "%s.a[%zu]", key, j);
		check_effect(&md->a[j], ref, p);
		snprintf(p, sizeof p, "%s.y.coefficients[%zu]", key, 1 + j);
		check_effect(&md->b[j], ref, p);
		snprintf(p, sizeof p, "%s.y.coefficients[%zu]", key, 1 + k + j);
		check_effect(&md->d[j], ref, p);
		snprintf(p, sizeof p, "%s.indirect[%zu]", key, j);
		CHECK_CLOSE(md->indirect[j], refnum(ref, p), 1e-10);
	}
	snprintf(p, sizeof p, "%s.total_indirect", key);
	CHECK_CLOSE(md->total_indirect, refnum(ref, p), 1e-10);
	CHECK_CLOSE(md->total.est, md->direct.est + md->total_indirect, 1e-12);
	snprintf(p, sizeof p, "%s.y.r2", key);
	CHECK_CLOSE(md->fit->r2, refnum(ref, p), 1e-10);
	snprintf(p, sizeof p, "%s.y.F", key);
	CHECK_CLOSE(md->fit->F, refnum(ref, p), 1e-10);
	memore_statistics(md, est);
	CHECK_CLOSE(est[k], md->total_indirect, 0);
	if (k == 2) {
		snprintf(p, sizeof p, "%s.contrast", key);
		CHECK_CLOSE(est[3], refnum(ref, p), 1e-10);
	}
	/* the bootstrap: identical at 1, 2 and 4 threads; percentile CIs within Monte-Carlo error of
	 * R's 20,000 resamples (the reference quantiles are type 7, ours PROCESS's positions) */
	for (size_t r = 0; r < 3; r++) {
		draws[r] = gsl_matrix_alloc(5000, S);
		CHECK_INT(memore_bootstrap(md, 5000, 1, threads[r], OLS_TOLERANCE, draws[r], &rep), GSL_SUCCESS);
		CHECK_INT(rep, 0);
	}
	CHECK(memcmp(draws[0]->data, draws[1]->data, 5000 * S * sizeof(double)) == 0);
	CHECK(memcmp(draws[0]->data, draws[2]->data, 5000 * S * sizeof(double)) == 0);
	for (size_t c = 0; c < S; c++) {
		struct boot_ci ci;
		double se;
		CHECK_INT(bootstrap_ci(draws[0], c, est[c], 0.95, work, &ci), GSL_SUCCESS);
		snprintf(p, sizeof p, "%s.boot.se[%zu]", key, c);
		se = refnum(ref, p);
		CHECK_CLOSE(ci.se, se, 0.05);
		snprintf(p, sizeof p, "%s.boot.llci[%zu]", key, c);
		CHECK_NEAR(ci.llci, refnum(ref, p), 0.2 * se);
		snprintf(p, sizeof p, "%s.boot.ulci[%zu]", key, c);
		CHECK_NEAR(ci.ulci, refnum(ref, p), 0.2 * se);
	}
	for (size_t r = 0; r < 3; r++)
		gsl_matrix_free(draws[r]);
	memore_free(md);
	gsl_matrix_free(m1);
	gsl_matrix_free(m2);
	gsl_vector_free(y1);
	gsl_vector_free(y2);
	json_decref(ref);
	reftable_free(t);
}

TEST(memore_parallel_mediation_matches_r)
{
	static const char *const names[] = {"sat", "neg"};
	check_mediation("parallel", names, 2);
}

TEST(memore_single_mediator_matches_r)
{
	static const char *const names[] = {"sat"};
	check_mediation("single", names, 1);
}

/* Coefficient j of the moderation fit as an effect. */
static void coefficient_of(const struct memore_mod *mm, size_t j, struct memore_effect *e)
{
	const struct ols_fit *f = mm->fit;

	*e = (struct memore_effect){gsl_vector_get(f->b, j), gsl_vector_get(f->se, j), gsl_vector_get(f->t, j),
				    f->df2, gsl_vector_get(f->p_value, j), gsl_vector_get(f->llci, j),
				    gsl_vector_get(f->ulci, j)};
}

static void check_moderation(const char *key, const char *wname)
{
	struct reftable *t = reftable_read("models/memore.csv");
	json_t *ref = refjson("models/memore.json");
	gsl_vector *y1 = refvector(t, "y1"), *y2 = refvector(t, "y2"), *w = refvector(t, wname);
	struct memore_mod *mm = memore_mod_alloc(t->n);
	struct ols_options o;
	double roots[2], points[2];
	size_t nr, np;
	char p[128];

	ols_options_init(&o);
	CHECK_INT(memore_mod_run(mm, y1, y2, w, &o), GSL_SUCCESS);
	for (size_t j = 0; j < 2; j++) {
		struct memore_effect e;
		coefficient_of(mm, j, &e);
		snprintf(p, sizeof p, "%s.coefficients[%zu]", key, j);
		check_effect(&e, ref, p);
	}
	snprintf(p, sizeof p, "%s.w_min", key);
	CHECK_CLOSE(mm->w_min, refnum(ref, p), 0);
	for (size_t s = 0; s < 6; s++) {
		struct memore_effect e;
		snprintf(p, sizeof p, "%s.conditional[%zu].w", key, s);
		memore_mod_effect(mm, refnum(ref, p), &e);
		snprintf(p, sizeof p, "%s.conditional[%zu]", key, s);
		check_effect(&e, ref, p);
	}
	nr = memore_mod_jn(mm, roots, points, &np);
	snprintf(p, sizeof p, "%s.jn_roots", key);
	CHECK_INT(nr, json_array_size(refget(ref, p)));
	for (size_t i = 0; i < nr; i++) {
		snprintf(p, sizeof p, "%s.jn_roots[%zu]", key, i);
		CHECK_CLOSE(roots[i], refnum(ref, p), 1e-9);
	}
	snprintf(p, sizeof p, "%s.jn_points", key);
	CHECK_INT(np, json_array_size(refget(ref, p)));
	for (size_t i = 0; i < np; i++) {
		snprintf(p, sizeof p, "%s.jn_points[%zu]", key, i);
		CHECK_CLOSE(points[i], refnum(ref, p), 1e-9);
		/* at a boundary the effect is exactly significant at the 5% level */
		{
			struct memore_effect e;
			memore_mod_effect(mm, points[i], &e);
			CHECK_CLOSE(e.p, 0.05, 1e-8);
		}
	}
	memore_mod_free(mm);
	gsl_vector_free(y1);
	gsl_vector_free(y2);
	gsl_vector_free(w);
	json_decref(ref);
	reftable_free(t);
}

TEST(memore_moderation_by_trust_matches_r)
{
	check_moderation("moderation_trust", "trust");
}

TEST(memore_moderation_by_involvement_matches_r)
{
	check_moderation("moderation_involvement", "involvement");
}

TEST(memore_refuses_bad_data)
{
	const double y1v[] = {3, 4, 5, 4, 6, 5, 4, 7}, y2v[] = {2, 4, 3, 3, 4, 5, 2, 5};
	const double m1v[] = {4, 5, 5, 3, 6, 6, 4, 7}, m2v[] = {3, 3, 4, 3, 4, 5, 3, 5};
	gsl_vector_const_view y1 = gsl_vector_const_view_array(y1v, 8), y2 = gsl_vector_const_view_array(y2v, 8);
	gsl_matrix *m1 = gsl_matrix_alloc(8, 2), *m2 = gsl_matrix_alloc(8, 2);
	struct memore *md = memore_alloc(8, 2);
	struct memore_spec s = {.y1 = &y1.vector, .y2 = &y2.vector, .m1 = m1, .m2 = m2};
	struct memore_mod *mm = memore_mod_alloc(8);

	CHECK(memore_alloc(8, 0) == NULL);
	ols_options_init(&s.ols);
	for (size_t i = 0; i < 8; i++) {
		gsl_matrix_set(m1, i, 0, m1v[i]);
		gsl_matrix_set(m2, i, 0, m2v[i]);
		gsl_matrix_set(m1, i, 1, y1v[(i + 3) % 8]);
		gsl_matrix_set(m2, i, 1, m2v[(i + 5) % 8]);
	}
	CHECK_INT(memore_run(md, &s), GSL_SUCCESS);
	/* the second mediator's difference is the same for everyone */
	for (size_t i = 0; i < 8; i++)
		gsl_matrix_set(m2, i, 1, gsl_matrix_get(m1, i, 1) - 1);
	CHECK_INT(memore_run(md, &s), GSL_EDOM);
	CHECK_INT(md->problem, MEMORE_CONSTANT_DIFFERENCE);
	CHECK_INT(md->bad, 1);
	/* the second mediator is the first one again: its difference is collinear */
	for (size_t i = 0; i < 8; i++) {
		gsl_matrix_set(m1, i, 1, m1v[i]);
		gsl_matrix_set(m2, i, 1, m2v[i]);
	}
	CHECK_INT(memore_run(md, &s), GSL_ESING);
	CHECK_INT(md->problem, MEMORE_REGRESSION);
	CHECK_INT(md->fit->problem, OLS_COLLINEAR);
	CHECK_INT(md->bad, 1);
	/* a missing answer */
	gsl_matrix_set(m1, 5, 1, NAN);
	CHECK_INT(memore_run(md, &s), GSL_EDOM);
	CHECK_INT(md->problem, MEMORE_NOT_FINITE);
	CHECK_INT(md->bad_row, 5);
	/* 5 respondents, 2 mediators: the regression has 5 coefficients */
	{
		struct memore *small = memore_alloc(5, 2);
		gsl_vector_const_view a = gsl_vector_const_subvector(&y1.vector, 0, 5);
		gsl_vector_const_view b = gsl_vector_const_subvector(&y2.vector, 0, 5);
		gsl_matrix_const_view c = gsl_matrix_const_submatrix(m1, 0, 0, 5, 2);
		gsl_matrix_const_view d = gsl_matrix_const_submatrix(m2, 0, 0, 5, 2);
		struct memore_spec t = {&a.vector, &b.vector, &c.matrix, &d.matrix, s.ols};
		CHECK_INT(memore_run(small, &t), GSL_EDOM);
		CHECK_INT(small->problem, MEMORE_TOO_FEW_CASES);
		memore_free(small);
	}
	/* moderation: a constant moderator, a constant difference */
	{
		double wv[8] = {2, 2, 2, 2, 2, 2, 2, 2};
		gsl_vector_view w = gsl_vector_view_array(wv, 8);
		CHECK_INT(memore_mod_run(mm, &y1.vector, &y2.vector, &w.vector, &s.ols), GSL_EDOM);
		CHECK_INT(mm->problem, MEMORE_REGRESSION);
		CHECK_INT(mm->fit->problem, OLS_CONSTANT_X);
		wv[3] = 5;
		CHECK_INT(memore_mod_run(mm, &y1.vector, &y1.vector, &w.vector, &s.ols), GSL_EDOM);
		CHECK_INT(mm->problem, MEMORE_CONSTANT_DIFFERENCE);
		wv[3] = INFINITY;
		CHECK_INT(memore_mod_run(mm, &y1.vector, &y2.vector, &w.vector, &s.ols), GSL_EDOM);
		CHECK_INT(mm->problem, MEMORE_NOT_FINITE);
		CHECK_INT(mm->bad_row, 3);
	}
	memore_mod_free(mm);
	memore_free(md);
	gsl_matrix_free(m1);
	gsl_matrix_free(m2);
}
