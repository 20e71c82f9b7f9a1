/* compare with covariates or several outcomes, into a struct compare_result and out as its
 * document members:
 *   --y VAR --by G --cov X[,Z]: ANCOVA (models/ancova.h) as car::Anova(lm(y ~ g + x), type = 3)
 *     with contr.sum, the homogeneity-of-slopes test (anova(lm(y ~ g + x), lm(y ~ g * x))),
 *     estimated marginal means at the covariates' means and their pairwise differences with
 *     Tukey and Bonferroni adjustment, as emmeans(fit, "g") and pairs();
 *   --y A,B[,C] --by G [--cov X]: MANOVA / MANCOVA (models/manova.h): Pillai, Wilks,
 *     Hotelling-Lawley and Roy with car::Manova's F approximations, Box's M, and the univariate
 *     follow-up of each outcome.
 * Partial eta squared of every term with its interval from the noncentral F (effectsize's
 * one-sided default), models/effect_size.h. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/cli/emit.h"
#include "analysis/commands/compare.h"
#include "io/doc.h"

void compare_multi_release(struct compare_multi *m)
{
	compare_levels_release(&m->by);
	for (size_t j = 0; j < m->loaded; j++)
		variable_release(&m->v[j]);
	free(m->v);
	group_moments_free(m->m);
	free(m->s);
	ancova_free(m->anc);
	free(m->pairs[0]);
	free(m->pairs[1]);
	free(m->term_es);
	manova_free(m->man);
	free(m->uni_es);
}

/* Loads the outcomes and covariates and the grouping, keeps the complete rows and gathers the
 * groups' moments (outcomes first). */
static int load(struct compare_multi *mu, const struct compare_request *rq, const struct dataset *ds,
		struct compare_result *r, struct sk_error *err)
{
	size_t n = ds->frame.n_rows, nv = rq->n_y + rq->n_cov;
	char *keep = malloc(n ? n : 1);
	double *x = malloc(nv * sizeof *x);
	const char **names = malloc((nv + 1) * sizeof *names);
	int status = 0;

	mu->p = rq->n_y;
	mu->c = rq->n_cov;
	mu->v = calloc(nv, sizeof *mu->v);
	if (!keep || !x || !names || !mu->v) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t j = 0; j < nv; j++) {
		names[j] = j < mu->p ? rq->ys[j] : rq->cov[j - mu->p];
		if ((status = dataset_variable(ds, names[j], &mu->v[j], err)) != 0)
			goto done;
		mu->loaded++;
		if ((status = dataset_check_variable(&mu->v[j], err)) != 0)
			goto done;
	}
	names[nv] = rq->by[0];
	if ((status = dataset_grouping(ds, rq->by[0], &mu->by.g, err)) != 0)
		goto done;
	mu->by.have_g = 1;
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < nv && !isnan(mu->v[j].v[i]))
			j++;
		keep[i] = j == nv && mu->by.g.code[i] >= 0;
		r->used += (size_t)keep[i];
	}
	if ((status = compare_levels_keep(&mu->by, keep, err)) != 0)
		goto done;
	if (mu->by.k < 2) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare groups: '%s' has only one group with complete data",
				 mu->by.g.name);
		goto done;
	}
	mu->m = group_moments_alloc(mu->by.k, nv);
	mu->s = calloc(mu->p * mu->by.k, sizeof *mu->s);
	if (!mu->m || !mu->s) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		for (size_t j = 0; j < nv; j++)
			x[j] = mu->v[j].v[i];
		group_moments_add(mu->m, (size_t)mu->by.code[i], x);
	}
	for (size_t j = 0; j < mu->p; j++)
		group_moments_summaries(mu->m, j, rq->level, mu->s + j * mu->by.k);
	status = compare_note_dropped(ds, r, names, nv + 1, err);
done:
	free(keep);
	free(x);
	free(names);
	return status;
}

static const char *var_name(const struct compare_multi *mu, size_t j)
{
	return mu->v[j].name;
}

int compare_run_ancova(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		       struct sk_error *err)
{
	struct compare_multi *mu = &r->multi;
	const unsigned bits[] = {POSTHOC_SET_TUKEY, POSTHOC_SET_BONFERRONI};
	const enum ancova_adjust adjust[] = {ANCOVA_TUKEY, ANCOVA_BONFERRONI};
	struct ancova *a;
	int status, st;

	r->design = COMPARE_ANCOVA;
	if ((status = load(mu, rq, ds, r, err)) != 0)
		return status;
	a = mu->anc = ancova_alloc(mu->by.k, mu->c);
	mu->term_es = calloc(1 + mu->c, sizeof *mu->term_es);
	if (!a || !mu->term_es)
		return sk_out_of_memory(err);
	st = ancova_fit(a, mu->m, rq->level);
	if (st == GSL_EDOM) {
		switch (a->problem) {
		case ANCOVA_TOO_FEW_CASES:
			return sk_fail(err, SK_EXIT_ANALYSIS,
				       "cannot fit the ANCOVA: %zu cases for %zu groups and %zu covariates leave no error "
				       "degrees of freedom", r->used, mu->by.k, mu->c);
		case ANCOVA_CONSTANT_WITHIN:
			return sk_fail(err, SK_EXIT_ANALYSIS,
				       "cannot fit the ANCOVA: covariate '%s' does not vary within any group of '%s' (it is "
				       "a function of the group)", var_name(mu, 1 + a->bad), mu->by.g.name);
		case ANCOVA_COLLINEAR:
			return sk_fail(err, SK_EXIT_ANALYSIS,
				       "cannot fit the ANCOVA: covariate '%s' is, within groups, a linear combination of "
				       "the covariates before it", var_name(mu, 1 + a->bad));
		case ANCOVA_PERFECT_FIT:
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the ANCOVA: '%s' is fitted exactly (no residual "
							     "variance)", var_name(mu, 0));
		default:
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the ANCOVA of '%s' by '%s'", var_name(mu, 0),
				       mu->by.g.name);
		}
	}
	if (st != GSL_SUCCESS)
		return st == GSL_ENOMEM ? sk_out_of_memory(err)
					: sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the ANCOVA: %s", gsl_strerror(st));
	effect_pve_interval(a->group.partial_eta2, a->group.df, a->error.df, rq->level, EFFECT_GREATER, &mu->term_es[0]);
	for (size_t j = 0; j < mu->c; j++)
		effect_pve_interval(a->covariate[j].partial_eta2, 1, a->error.df, rq->level, EFFECT_GREATER,
				    &mu->term_es[1 + j]);
	mu->n_pairs = ancova_pairs(mu->by.k);
	for (size_t i = 0; i < 2; i++) {
		if (!(rq->posthoc & bits[i]))
			continue;
		mu->pairs[i] = malloc(mu->n_pairs * sizeof *mu->pairs[i]);
		if (!mu->pairs[i])
			return sk_out_of_memory(err);
		if ((st = ancova_pairwise(a, adjust[i], mu->pairs[i])) != GSL_SUCCESS)
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot compare the adjusted means: %s", gsl_strerror(st));
	}
	return 0;
}

int compare_run_manova(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		       struct sk_error *err)
{
	struct compare_multi *mu = &r->multi;
	struct manova *f;
	int status, st;

	r->design = COMPARE_MANOVA;
	if ((status = load(mu, rq, ds, r, err)) != 0)
		return status;
	f = mu->man = manova_alloc(mu->by.k, mu->p, mu->c);
	mu->uni_es = calloc(mu->p, sizeof *mu->uni_es);
	if (!f || !mu->uni_es)
		return sk_out_of_memory(err);
	st = manova_fit(f, mu->m);
	if (st == GSL_EDOM) {
		const char *what = f->problem == MANOVA_CONSTANT_WITHIN || f->problem == MANOVA_COLLINEAR
					   ? var_name(mu, mu->p + f->bad)
					   : var_name(mu, f->bad < mu->p ? f->bad : 0);
		switch (f->problem) {
		case MANOVA_TOO_FEW_CASES:
			return sk_fail(err, SK_EXIT_ANALYSIS,
				       "cannot fit the MANOVA: %zu cases leave %zu error degrees of freedom for %zu outcomes "
				       "(the error SSCP is singular)", r->used,
				       r->used > mu->by.k + mu->c ? r->used - mu->by.k - mu->c : 0, mu->p);
		case MANOVA_CONSTANT_OUTCOME:
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the MANOVA: '%s' does not vary within the groups "
							     "of '%s'", what, mu->by.g.name);
		case MANOVA_COLLINEAR_OUTCOMES:
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the MANOVA: '%s' is, within groups, a linear "
							     "combination of the outcomes before it (singular)", what);
		case MANOVA_CONSTANT_WITHIN:
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the MANCOVA: covariate '%s' does not vary within "
							     "any group of '%s'", what, mu->by.g.name);
		case MANOVA_COLLINEAR:
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the MANCOVA: covariate '%s' is, within groups, a "
							     "linear combination of the covariates before it", what);
		default:
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the MANOVA by '%s'", mu->by.g.name);
		}
	}
	if (st != GSL_SUCCESS)
		return st == GSL_ENOMEM ? sk_out_of_memory(err)
					: sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit the MANOVA: %s", gsl_strerror(st));
	for (size_t j = 0; j < mu->p; j++)
		effect_pve_interval(f->univariate[j].partial_eta2, f->univariate[j].df, f->univariate[j].df_error,
				    rq->level, EFFECT_GREATER, &mu->uni_es[j]);
	return 0;
}

static void put_head(json_t *doc, const struct compare_result *r, const char *design)
{
	const struct compare_multi *mu = &r->multi;
	json_t *a;

	compare_note_empty(doc, &mu->by);
	doc_str(doc, "design", design);
	if (mu->p == 1) {
		doc_str(doc, "y", var_name(mu, 0));
	} else {
		a = doc_arr(doc, "outcomes");
		for (size_t j = 0; j < mu->p; j++)
			doc_push_str(a, var_name(mu, j));
	}
	doc_str(doc, "by", mu->by.g.name);
	if (mu->c) {
		a = doc_arr(doc, "covariates");
		for (size_t j = 0; j < mu->c; j++)
			doc_push_str(a, var_name(mu, mu->p + j));
	}
	doc_num(doc, "ci_level", r->level);
	compare_put_excluded(doc, r);
}

static void put_term(json_t *terms, const char *name, const struct ancova_term *t, const struct effect_interval *es)
{
	json_t *row = doc_push_obj(terms);

	doc_str(row, "term", name);
	/* es NULL: the error row; the intercept's interval is not reported */
	emit_anova_row(row, es ? ANOVA_TERM : ANOVA_ERROR,
		       &(struct anova_row){.ss = t->ss, .df1 = t->df, .ms = t->ms, .F = t->F, .p = t->p,
					   .partial_eta2 = t->partial_eta2,
					   .es = es && es->problem == EFFECT_OK ? es : NULL});
}

void compare_emit_ancova(json_t *doc, const struct compare_result *r)
{
	const struct compare_multi *mu = &r->multi;
	const struct ancova *a = mu->anc;
	const struct compare_levels *L = &mu->by;
	const char *method[] = {"tukey", "bonferroni"};
	const struct effect_interval none = {NAN, NAN, NAN, EFFECT_NOT_FINITE};

	put_head(doc, r, "ancova");
	json_t *groups = doc_arr(doc, "groups");
	for (size_t g = 0; g < L->k; g++) {
		const struct ancova_emm *e = &a->emm[g];
		json_t *row = doc_push_obj(groups);
		doc_str(row, "level", L->g.levels[L->orig[g]]);
		doc_str(row, "label", L->g.labels[L->orig[g]]);
		doc_size(row, "n", e->n);
		doc_num(row, "mean", mu->s[g].mean);
		doc_num(row, "sd", mu->s[g].sd);
		doc_num(row, "emm", e->emm);
		doc_num(row, "se", e->se);
		doc_num(row, "df", e->df);
		doc_num(row, "llci", e->llci);
		doc_num(row, "ulci", e->ulci);
	}
	json_t *cov = doc_arr(doc, "slopes");
	for (size_t j = 0; j < mu->c; j++) {
		json_t *row = doc_push_obj(cov);
		doc_str(row, "covariate", var_name(mu, 1 + j));
		doc_num(row, "mean", a->cov_mean[j]);
		doc_num(row, "slope", a->slope[j]);
		doc_num(row, "se", a->slope_se[j]);
	}
	json_t *ao = doc_obj(doc, "anova");
	doc_str(ao, "_title", "ANCOVA (type III sums of squares)");
	json_t *terms = doc_arr(ao, "terms");
	put_term(terms, "(Intercept)", &a->intercept, &none);
	put_term(terms, L->g.name, &a->group, &mu->term_es[0]);
	for (size_t j = 0; j < mu->c; j++)
		put_term(terms, var_name(mu, 1 + j), &a->covariate[j], &mu->term_es[1 + j]);
	put_term(terms, "error", &a->error, NULL);
	json_t *so = doc_obj(doc, "homogeneity_of_slopes");
	doc_str(so, "_title", "Homogeneity of regression slopes (group x covariate)");
	int sok = a->slopes_problem == SLOPES_OK || a->slopes_problem == SLOPES_REDUCED;
	void (*put)(json_t *, const char *, double) = sok ? doc_num : doc_num_noted;
	put(so, "F", a->slopes.F);
	put(so, "df1", a->slopes.df);
	put(so, "df2", a->slopes_df_error);
	put(so, "p", a->slopes.p);
	if (a->slopes_problem == SLOPES_REDUCED)
		doc_note(doc, "homogeneity of slopes: covariate '%s' does not vary (or is collinear) within group '%s' of "
			      "'%s', so its slope there is not estimated and the test has fewer df",
			 var_name(mu, 1 + a->slopes_bad), L->g.labels[L->orig[a->slopes_bad_group]], L->g.name);
	else if (a->slopes_problem == SLOPES_NO_DF)
		doc_note(doc, "homogeneity of slopes not tested: no slope difference is estimable or the separate slopes "
			      "leave no error df");
	else if (a->slopes_problem == SLOPES_PERFECT_FIT)
		doc_note(doc, "homogeneity of slopes not tested: the separate slopes fit exactly");
	else if (a->slopes.p < 0.05)
		doc_note(doc, "the slopes differ between the groups (p = %.4g): adjusted means assume common slopes",
			 a->slopes.p);
	json_t *rows = doc_arr(doc, "pairwise");
	for (size_t i = 0; i < 2; i++)
		for (size_t q = 0; mu->pairs[i] && q < mu->n_pairs; q++) {
			const struct ancova_pair *pr = &mu->pairs[i][q];
			json_t *row = doc_push_obj(rows);
			char pair[512];
			snprintf(pair, sizeof pair, "%s - %s", L->g.labels[L->orig[pr->a]], L->g.labels[L->orig[pr->b]]);
			doc_str(row, "method", method[i]);
			doc_str(row, "pair", pair);
			doc_str(row, "a", L->g.levels[L->orig[pr->a]]);
			doc_str(row, "b", L->g.levels[L->orig[pr->b]]);
			doc_num(row, "estimate", pr->estimate);
			doc_num(row, "se", pr->se);
			doc_num(row, "df", pr->df);
			doc_num(row, "t", pr->t);
			doc_num(row, "p", pr->p);
			doc_num(row, "llci", pr->llci);
			doc_num(row, "ulci", pr->ulci);
		}
	doc_note(doc, "ANCOVA: type III sums of squares with sum-to-zero contrasts (car::Anova(type = 3), SPSS GLM); "
		      "adjusted means at the covariates' means and their pairwise differences as emmeans; partial eta2 "
		      "with one-sided %g%% intervals (effectsize)", 100 * r->level);
}

void compare_emit_manova(json_t *doc, const struct compare_result *r)
{
	const struct compare_multi *mu = &r->multi;
	const struct manova *f = mu->man;
	const struct compare_levels *L = &mu->by;

	put_head(doc, r, mu->c ? "mancova" : "manova");
	json_t *groups = doc_arr(doc, "groups");
	for (size_t j = 0; j < mu->p; j++)
		for (size_t g = 0; g < L->k; g++) {
			json_t *row = doc_push_obj(groups);
			doc_str(row, "outcome", var_name(mu, j));
			doc_str(row, "level", L->g.levels[L->orig[g]]);
			doc_str(row, "label", L->g.labels[L->orig[g]]);
			const struct group_summary *gs = &mu->s[j * L->k + g];
			doc_size(row, "n", gs->n);
			doc_num(row, "mean", gs->mean);
			doc_num(row, "sd", gs->sd);
			doc_num(row, "se", gs->se);
			doc_num(row, "llci", gs->llci);
			doc_num(row, "ulci", gs->ulci);
		}
	json_t *mo = doc_obj(doc, "multivariate");
	doc_str(mo, "_title", mu->c ? "MANCOVA (type II, as car::Manova)" : "MANOVA (as car::Manova)");
	json_t *tests = doc_arr(mo, "tests");
	compare_put_manova_test(tests, L->g.name, &f->group);
	for (size_t j = 0; j < mu->c; j++)
		compare_put_manova_test(tests, var_name(mu, mu->p + j), &f->covariate[j]);
	json_t *bo = doc_obj(doc, "box_m");
	doc_str(bo, "_title", "Box's M test of equal covariance matrices");
	int bok = f->box.problem == BOX_M_OK;
	void (*put)(json_t *, const char *, double) = bok ? doc_num : doc_num_noted;
	put(bo, "M", f->box.M);
	put(bo, "chi2", f->box.chi2);
	put(bo, "df", f->box.df);
	put(bo, "p", f->box.p);
	if (!bok)
		doc_note(doc, "Box's M not computed: the covariance matrix of group '%s' of '%s' is singular (%zu cases "
			      "for %zu outcomes, or an outcome constant or collinear in it)",
			 L->g.labels[L->orig[f->box.bad_group]], L->g.name, mu->m->n[f->box.bad_group], mu->p);
	json_t *uni = doc_arr(doc, "univariate");
	for (size_t j = 0; j < mu->p; j++) {
		const struct manova_univariate *u = &f->univariate[j];
		json_t *row = doc_push_obj(uni);
		doc_str(row, "outcome", var_name(mu, j));
		emit_anova_row(row, ANOVA_UNIVARIATE,
			       &(struct anova_row){.ss = u->ss, .df1 = u->df, .ss_error = u->ss_error, .df2 = u->df_error,
						   .F = u->F, .p = u->p, .partial_eta2 = u->partial_eta2,
						   .es = &mu->uni_es[j]});
	}
	doc_note(doc, "multivariate tests with car::Manova's F approximations (Roy's F is an upper bound, its p a lower "
		      "bound); univariate follow-ups are the %s of each outcome; partial eta2 with one-sided %g%% "
		      "intervals (effectsize)", mu->c ? "ANCOVA" : "one-way ANOVA", 100 * r->level);
}
