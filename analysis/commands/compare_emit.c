/* compare_emit: a struct compare_result as the compare document (its JSON contract:
 * "groups", "anova", "welch", "brown_forsythe", "levene", "kruskal", "posthoc"; "cells" and
 * "simple_effects" of a two-way design; "conditions", "anova", "sphericity", "friedman",
 * "pairwise" of a within-subjects design). With the emitters it calls (compare_contrasts_emit,
 * compare_emit_ancova/manova, compare_paradox_emit, compare_emit_zone, each beside its run in its
 * design's file), the only place naming compare's keys. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/cli/emit.h"
#include "analysis/commands/compare.h"
#include "io/doc.h"

/* The within-subjects factor's name in the ANOVA table. */
#define WITHIN_FACTOR "condition"

/* A group's n, mean, SD, SE, CI and median as a row of "groups", "cells" or "conditions". */
/* Shared by the emitters: a group summary as a row; the levels left out as notes; input.used,
 * "excluded" and the rows left out; KEY_llci and KEY_ulci of an effect size's interval. */
static void compare_put_summary(json_t *row, const struct group_summary *s)
{
	doc_size(row, "n", s->n);
	doc_num(row, "mean", s->mean);
	doc_num(row, "sd", s->sd);
	doc_num(row, "se", s->se);
	doc_num(row, "llci", s->llci);
	doc_num(row, "ulci", s->ulci);
	doc_num(row, "median", s->median);
}

/* KEY_llci and KEY_ulci of an effect size's interval. */
static void compare_put_interval(json_t *row, const char *key, const struct effect_interval *e)
{
	char lo[64], hi[64];

	snprintf(lo, sizeof lo, "%s_llci", key);
	snprintf(hi, sizeof hi, "%s_ulci", key);
	doc_num(row, lo, e->lo);
	doc_num(row, hi, e->hi);
}

void compare_note_empty(json_t *doc, const struct compare_levels *L)
{
	for (size_t i = 0; i < L->n_empty; i++)
		doc_note(doc, "level '%s' of '%s' has no complete case and is left out", L->g.labels[L->empty[i]],
			 L->g.name);
}

size_t compare_used(const struct compare_result *r)
{
	return r->used;
}

/* input.used, "excluded", and the rows left out by reason. */
void compare_put_excluded(json_t *doc, const struct compare_result *r)
{
	json_t *dropped = json_object_get(json_object_get(r->dropped, "input"), "dropped"), *note;
	size_t i;

	doc_set_used(doc, compare_used(r));
	doc_size(doc, "excluded", r->rows - r->used);
	if (dropped)
		json_object_set_new(json_object_get(doc, "input"), "dropped", json_deep_copy(dropped));
	json_array_foreach(json_object_get(r->dropped, "notes"), i, note)
		doc_note(doc, "%s", json_string_value(note));
}

/* An F test object; all members null when it could not be computed, with the reason noted. */
static void put_ftest(json_t *doc, const char *key, const char *title, const struct compare_ftest *f)
{
	json_t *o = doc_obj(doc, key);
	void (*put)(json_t *, const char *, double) = f->ok ? doc_num : doc_num_noted;

	put(o, "F", f->ok ? f->t.F : NAN);
	put(o, "df1", f->ok ? f->t.df1 : NAN);
	put(o, "df2", f->ok ? f->t.df2 : NAN);
	put(o, "p", f->ok ? f->t.p : NAN);
	if (!f->ok)
		doc_note(doc, "%s not computed: %s", title, f->why);
}

static void put_posthoc(json_t *doc, const struct compare_oneway *o)
{
	const char *method[] = {"tukey", "games-howell", "bonferroni"};
	const struct compare_levels *L = &o->by;
	json_t *rows = doc_arr(doc, "posthoc");
	int effect_noted = 0;

	for (size_t mi = 0; mi < COMPARE_METHODS; mi++) {
		int gh_noted = 0;
		if (!o->pairs[mi])
			continue;
		for (size_t r = 0; r < o->n_pairs; r++) {
			const struct pairwise *p = &o->pairs[mi][r];
			const char *la = L->g.labels[L->orig[p->a]], *lb = L->g.labels[L->orig[p->b]];
			json_t *row = doc_push_obj(rows);
			char pair[512];
			snprintf(pair, sizeof pair, "%s - %s", la, lb);
			doc_str(row, "method", method[mi]);
			doc_str(row, "pair", pair);
			doc_str(row, "a", L->g.levels[L->orig[p->a]]);
			doc_str(row, "b", L->g.levels[L->orig[p->b]]);
			/* a pair not computed is explained once in the notes below */
			void (*put)(json_t *, const char *, double) = p->status == PAIR_OK ? doc_num : doc_num_noted;
			void (*put_es)(json_t *, const char *, double) = p->effect_status == PAIR_OK ? doc_num : doc_num_noted;
			doc_num(row, "diff", p->diff);
			put(row, "se", p->se);
			put(row, "df", p->df);
			put(row, "p", p->p);
			put(row, "llci", p->llci);
			put(row, "ulci", p->ulci);
			put_es(row, "d", p->d);
			put_es(row, "g", p->g);
			compare_put_interval(row, "d", &o->pair_d[r].d);
			compare_put_interval(row, "g", &o->pair_d[r].g);
			if (p->status != PAIR_OK && !gh_noted) {
				doc_note(doc, "some Games-Howell comparisons are not computed: they need 2 or more cases "
					      "and some variance in both groups");
				gh_noted = 1;
			}
			if (p->effect_status != PAIR_OK && !effect_noted) {
				doc_note(doc, "Cohen's d and Hedges' g are not defined for a pair whose pooled SD is "
					      "0 or has no degrees of freedom");
				effect_noted = 1;
			}
		}
	}
}

int compare_equal_variances_rejected(const struct compare_oneway *o)
{
	return o->levene.ok && o->levene.t.p < COMPARE_LEVENE_ALPHA;
}

static void put_oneway_design(json_t *doc, const struct compare_result *r)
{
	const struct compare_oneway *o = &r->one;
	const struct compare_levels *L = &o->by;
	int kw_ok = o->kw_status == GSL_SUCCESS;

	compare_note_empty(doc, L);
	doc_str(doc, "design", "between");
	doc_str(doc, "y", r->y.name);
	doc_str(doc, "by", L->g.name);
	doc_num(doc, "ci_level", r->level);
	compare_put_excluded(doc, r);
	if (o->levene.ok)
		doc_bool(doc, "equal_variances_rejected", compare_equal_variances_rejected(o));
	else
		json_object_set_new(doc, "equal_variances_rejected", json_null());
	json_t *groups = doc_arr(doc, "groups");
	for (size_t i = 0; i < L->k; i++) {
		json_t *row = doc_push_obj(groups);
		doc_str(row, "level", L->g.levels[L->orig[i]]);
		doc_str(row, "label", L->g.labels[L->orig[i]]);
		compare_put_summary(row, &o->s[i]);
		doc_num(row, "mean_rank", kw_ok ? o->kw.mean_rank[i] : NAN);
		if (o->s[i].n < 2)
			doc_note(doc, "group '%s' of '%s' has 1 case: its SD and CI are not defined", L->g.labels[L->orig[i]],
				 L->g.name);
	}
	json_t *ao = doc_obj(doc, "anova");
	emit_f_test(ao, o->anova.F, o->anova.df1, o->anova.df2, o->anova.p);
	doc_num(ao, "eta2", o->anova.eta2);
	doc_num(ao, "omega2", o->anova.omega2);
	compare_put_interval(ao, "eta2", &o->es.eta2);
	compare_put_interval(ao, "omega2", &o->es.omega2);
	doc_num(ao, "ss_between", o->anova.ss_between);
	doc_num(ao, "ss_within", o->anova.ss_within);
	doc_num(ao, "ms_within", o->anova.ms_within);
	put_ftest(doc, "welch", "Welch's F", &o->welch);
	put_ftest(doc, "brown_forsythe", "Brown-Forsythe's F", &o->brown_forsythe);
	put_ftest(doc, "levene", "Levene's test", &o->levene);
	put_ftest(doc, "levene_median", "Levene's test about the median", &o->levene_median);
	json_t *ko = doc_obj(doc, "kruskal");
	doc_num(ko, "H", kw_ok ? o->kw.H : NAN);
	doc_num(ko, "df", kw_ok ? o->kw.df : NAN);
	doc_num(ko, "p", kw_ok ? o->kw.p : NAN);
	doc_num(ko, "epsilon2", kw_ok ? o->kw.epsilon2 : NAN);
	if (!kw_ok)
		doc_note(doc, "Kruskal-Wallis test not computed: every value of '%s' is tied", r->y.name);
	put_posthoc(doc, o);
	doc_note(doc, "effect sizes: eta2 and omega2 with one-sided %g%% intervals from the noncentral F, d and g with "
		      "two-sided intervals from the noncentral t (the defaults of R's effectsize)", 100 * r->level);
	if (o->contrasts.kind)
		compare_contrasts_emit(doc, o);
	if (o->has_paradox)
		compare_paradox_emit(doc, o, r->y.name);
	if (compare_equal_variances_rejected(o))
		doc_note(doc, "Levene's test rejects equal variances (p = %.4g): report Welch's F and the Games-Howell "
			      "comparisons rather than the ANOVA F and Tukey HSD", o->levene.t.p);
	else if (o->levene.ok)
		doc_note(doc, "Levene's test does not reject equal variances (p = %.4g): the ANOVA F and Tukey HSD apply",
			 o->levene.t.p);
}

static void emit_twoway(json_t *doc, const struct compare_result *r)
{
	const struct compare_twoway *w = &r->two;
	const struct compare_levels *A = &w->a, *B = &w->b;
	const char *an = w->a_name, *bn = w->b_name;

	compare_note_empty(doc, A);
	compare_note_empty(doc, B);
	doc_str(doc, "design", "two-way");
	doc_str(doc, "y", r->y.name);
	json_t *fac = doc_arr(doc, "factors");
	doc_push_str(fac, an);
	doc_push_str(fac, bn);
	doc_int(doc, "ss_type", w->ss_type);
	doc_num(doc, "ci_level", r->level);
	compare_put_excluded(doc, r);
	json_t *rows = doc_arr(doc, "cells");
	for (size_t i = 0; i < A->k; i++)
		for (size_t j = 0; j < B->k; j++) {
			json_t *row = doc_push_obj(rows);
			doc_str(row, "a_level", A->g.levels[A->orig[i]]);
			doc_str(row, "a_label", A->g.labels[A->orig[i]]);
			doc_str(row, "b_level", B->g.levels[B->orig[j]]);
			doc_str(row, "b_label", B->g.labels[B->orig[j]]);
			compare_put_summary(row, &w->cells[i * B->k + j]);
		}
	json_t *ao = doc_obj(doc, "anova");
	char title[128], inter[512];
	snprintf(title, sizeof title, "Two-way ANOVA (type %s sums of squares)", w->ss_type == 3 ? "III" : "II");
	doc_str(ao, "_title", title);
	json_t *terms = doc_arr(ao, "terms");
	const struct factorial_term *tt[] = {&w->f.A, &w->f.B, &w->f.AB};
	snprintf(inter, sizeof inter, "%s:%s", an, bn);
	const char *names[] = {an, bn, inter};
	for (size_t i = 0; i < 3; i++) {
		json_t *row = doc_push_obj(terms);
		doc_str(row, "term", names[i]);
		emit_anova_row(row, ANOVA_TERM,
			       &(struct anova_row){.ss = tt[i]->ss, .df1 = tt[i]->df, .ms = tt[i]->ms, .F = tt[i]->F,
						   .p = tt[i]->p, .partial_eta2 = tt[i]->partial_eta2, .es = &w->term_es[i]});
	}
	json_t *er = doc_push_obj(terms);
	doc_str(er, "term", "error");
	emit_anova_row(er, ANOVA_ERROR, &(struct anova_row){.ss = w->f.ss_error, .df1 = w->f.df_error, .ms = w->f.ms_error});
	doc_num(ao, "r2", w->f.r2);
	json_t *sr = doc_arr(doc, "simple_effects");
	for (size_t o = 0; o < B->k + A->k; o++) {
		int of_a = o < B->k;
		const struct compare_levels *at = of_a ? B : A;
		size_t l = of_a ? o : o - B->k;
		json_t *row = doc_push_obj(sr);
		doc_str(row, "effect", of_a ? an : bn);
		doc_str(row, "at", at->g.name);
		doc_str(row, "level", at->g.levels[at->orig[l]]);
		doc_str(row, "label", at->g.labels[at->orig[l]]);
		emit_anova_row(row, ANOVA_SIMPLE,
			       &(struct anova_row){.ss = w->simple[o].ss, .df1 = w->simple[o].df, .df2 = w->f.df_error,
						   .F = w->simple[o].F, .p = w->simple[o].p,
						   .partial_eta2 = w->simple[o].partial_eta2, .es = &w->simple_es[o]});
	}
	doc_note(doc, "simple effects are F tests of one factor at each level of the other with the two-way model's "
		      "pooled error (SPSS /EMMEANS ... COMPARE, univariate tests)");
}

const char *compare_condition_label(const struct variable *v)
{
	if (v->scale && v->scale->label)
		return v->scale->label;
	if (v->meta && v->meta->label)
		return v->meta->label;
	return v->name;
}

static void put_effect_rows(json_t *terms, const char *name, const struct rm_effect *e, const struct rm_sphericity *s,
			    int corrections, const struct effect_interval *es)
{
	const char *kind[] = {"none", "greenhouse-geisser", "huynh-feldt", "lower-bound"};
	double df1[] = {e->df1, e->gg_df1, e->hf_df1, e->lb_df1}, df2[] = {e->df2, e->gg_df2, e->hf_df2, e->lb_df2};
	double p[] = {e->p, e->gg_p, e->hf_p, e->lb_p}, eps[] = {1, s->gg, s->hf < 1 ? s->hf : 1, s->lb};

	for (size_t i = 0; i < (corrections ? 4u : 1u); i++) {
		json_t *row = json_object();
		json_array_append_new(terms, row);
		doc_str(row, "term", name);
		doc_str(row, "correction", kind[i]);
		if (corrections)
			doc_num(row, "epsilon", eps[i]);
		else /* no sphericity correction applies to this term */
			doc_num_noted(row, "epsilon", NAN);
		emit_anova_row(row, ANOVA_REPEATED,
			       &(struct anova_row){.ss = e->ss, .df1 = df1[i], .df2 = df2[i], .ms = e->ss / df1[i], .F = e->F,
						   .p = p[i], .ss_error = e->ss_error, .partial_eta2 = e->partial_eta2,
						   .es = es});
		doc_num(row, "ges", e->ges);
	}
}

static void emit_paired(json_t *doc, const struct compare_within *w)
{
	const struct paired_t *t = &w->t;
	const struct wilcoxon *wx = &w->wx;
	int ok = w->wx_status == GSL_SUCCESS;

	json_t *po = doc_obj(doc, "paired_t");
	doc_str(po, "_title", "Paired-samples t test");
	doc_str(po, "a", w->v[1].name);
	doc_str(po, "b", w->v[0].name);
	doc_size(po, "n", t->n);
	doc_num(po, "diff", t->diff);
	doc_num(po, "sd", t->sd);
	doc_num(po, "se", t->se);
	doc_num(po, "t", t->t);
	doc_num(po, "df", t->df);
	doc_num(po, "p", t->p);
	doc_num(po, "llci", t->llci);
	doc_num(po, "ulci", t->ulci);
	doc_num(po, "dz", t->dz);
	compare_put_interval(po, "dz", &w->t_d.d);
	if (t->status != GSL_SUCCESS)
		doc_note(doc, "paired t test not computed: '%s' - '%s' is the same (%g) for every respondent", w->v[1].name,
			 w->v[0].name, t->diff);
	json_t *wo = doc_obj(doc, "wilcoxon");
	doc_str(wo, "_title", "Wilcoxon signed-rank test");
	doc_num(wo, "V", ok ? wx->V : NAN);
	doc_num(wo, "z", ok ? wx->z : NAN);
	doc_num(wo, "p", ok ? wx->p : NAN);
	doc_num(wo, "rank_biserial", ok ? wx->rank_biserial : NAN);
	doc_size(wo, "n_nonzero", wx->n_nonzero);
	doc_size(wo, "zeros", wx->n_zero);
	if (!ok)
		doc_note(doc, "Wilcoxon test not computed: %s",
			 w->wx_status == GSL_EDOM ? "every difference is zero" : "every difference has the same size");
	doc_note(doc, "differences are '%s' - '%s'; the Wilcoxon test drops zero differences and uses the normal "
		      "approximation with tie and continuity corrections (R wilcox.test(exact = FALSE))",
		 w->v[1].name, w->v[0].name);
}

void compare_put_manova_test(json_t *rows, const char *term, const struct manova_test *t)
{
	const char *name[] = {"pillai", "wilks", "hotelling-lawley", "roy"};
	const struct manova_stat *st[] = {&t->pillai, &t->wilks, &t->hotelling, &t->roy};

	for (size_t i = 0; i < 4; i++) {
		json_t *row = doc_push_obj(rows);
		doc_str(row, "term", term);
		doc_str(row, "test", name[i]);
		doc_num(row, "stat", st[i]->stat);
		emit_f_test(row, st[i]->F, st[i]->df1, st[i]->df2, st[i]->p);
	}
}

/* The multivariate test of the repeated factor (no sphericity assumption). */
static void emit_multivariate(json_t *doc, const struct compare_result *r)
{
	const struct compare_within *w = &r->within;

	if (!w->mv)
		return;
	if (w->mv_status != GSL_SUCCESS) {
		doc_note(doc, "multivariate test of the conditions not computed: %s",
			 w->mv->problem == MANOVA_TOO_FEW_CASES ? "fewer respondents than conditions"
								 : "the differences between conditions are singular");
		return;
	}
	json_t *mo = doc_obj(doc, "multivariate");
	doc_str(mo, "_title", "Multivariate tests of the conditions (as car::Anova with idata, type III)");
	json_t *tests = doc_arr(mo, "tests");
	compare_put_manova_test(tests, WITHIN_FACTOR, &w->mv->within);
	if (r->design == COMPARE_MIXED) {
		char inter[512];
		snprintf(inter, sizeof inter, "%s:%s", WITHIN_FACTOR, w->between.g.name);
		compare_put_manova_test(tests, inter, &w->mv->interaction);
	}
}

static void emit_rm(json_t *doc, const struct compare_result *r, json_t *conds)
{
	const struct compare_within *w = &r->within;
	const struct rm_anova *rm = &w->rm;
	int between = r->design == COMPARE_MIXED;
	size_t m = w->m;

	json_t *ao = doc_obj(doc, "anova");
	doc_str(ao, "_title", "Repeated-measures ANOVA (univariate tests, type III)");
	json_t *terms = doc_arr(ao, "terms");
	put_effect_rows(terms, WITHIN_FACTOR, &rm->within, &rm->sphericity, 1, &w->rm_es[0]);
	if (between) {
		char inter[512];
		snprintf(inter, sizeof inter, "%s:%s", WITHIN_FACTOR, w->between.g.name);
		put_effect_rows(terms, inter, &rm->interaction, &rm->sphericity, 1, &w->rm_es[1]);
		put_effect_rows(terms, w->between.g.name, &rm->between, &rm->sphericity, 0, &w->rm_es[2]);
	}
	doc_num(ao, "ss_error", rm->ss_error);
	doc_num(ao, "df_error", rm->df_error);
	doc_num(ao, "ss_subjects", rm->ss_subjects);
	doc_num(ao, "df_subjects", rm->df_subjects);
	json_t *so = doc_obj(doc, "sphericity");
	doc_str(so, "_title", "Mauchly's test of sphericity and epsilons");
	doc_num(so, "W", rm->sphericity.W);
	doc_num(so, "chi2", rm->sphericity.chi2);
	doc_num(so, "df", rm->sphericity.df);
	doc_num(so, "p", rm->sphericity.p);
	doc_num(so, "gg_epsilon", rm->sphericity.gg);
	doc_num(so, "hf_epsilon", rm->sphericity.hf);
	doc_num(so, "lb_epsilon", rm->sphericity.lb);
	if (rm->sphericity.status == GSL_EDOM)
		doc_note(doc, "two conditions: sphericity holds by definition (every epsilon is 1)");
	else if (rm->sphericity.status == GSL_ESING)
		doc_note(doc, "Mauchly's test not computed: %.0f error degrees of freedom for %zu contrasts leave the "
			      "error covariance singular", rm->df_subjects, m - 1);
	doc_note(doc, "Huynh-Feldt epsilon with Lecoutre's (1991) correction, as R car and afex%s; a corrected test "
		      "uses min(1, epsilon)", between ? " (SPSS's is larger with a between-subjects factor)" : "");
	emit_multivariate(doc, r);
	if (between)
		return;
	int ok = w->fr_status == GSL_SUCCESS, flat = 0;
	for (size_t j = 0; j < m; j++)
		doc_num(json_array_get(conds, j), "mean_rank", ok ? w->mean_rank[j] : NAN);
	json_t *fo = doc_obj(doc, "friedman");
	doc_str(fo, "_title", "Friedman test");
	doc_num(fo, "chi2", ok ? w->fr.chi2 : NAN);
	doc_num(fo, "df", ok ? w->fr.df : NAN);
	doc_num(fo, "p", ok ? w->fr.p : NAN);
	doc_num(fo, "kendall_w", ok ? w->fr.kendall_w : NAN);
	if (!ok)
		doc_note(doc, "Friedman test not computed: every respondent gave the same score in every condition");
	json_t *rows = doc_arr(doc, "pairwise");
	for (size_t i = 0; i < w->n_pairs; i++) {
		const struct paired_t *pw = &w->pairs[i];
		json_t *pr = doc_push_obj(rows);
		char pair[512];
		snprintf(pair, sizeof pair, "%s - %s", w->v[pw->a].name, w->v[pw->b].name);
		doc_str(pr, "pair", pair);
		doc_str(pr, "a", w->v[pw->a].name);
		doc_str(pr, "b", w->v[pw->b].name);
		doc_num(pr, "diff", pw->diff);
		doc_num(pr, "se", pw->se);
		doc_num(pr, "t", pw->t);
		doc_num(pr, "df", pw->df);
		doc_num(pr, "p", pw->p);
		doc_num(pr, "llci", pw->llci);
		doc_num(pr, "ulci", pw->ulci);
		doc_num(pr, "dz", pw->dz);
		compare_put_interval(pr, "dz", &w->pair_d[i].d);
		flat |= pw->status != GSL_SUCCESS;
	}
	doc_note(doc, "pairwise: paired t tests with Bonferroni-adjusted p and %g%% CI over %zu pairs%s", 100 * r->level,
		 w->n_pairs, flat ? "; a pair whose difference is the same for everyone has no test" : "");
}

static void emit_within(json_t *doc, const struct compare_result *r)
{
	const struct compare_within *w = &r->within;
	const struct compare_levels *L = &w->between;
	int between = r->design == COMPARE_MIXED;
	size_t m = w->m;

	if (between)
		compare_note_empty(doc, L);
	doc_str(doc, "design", between ? "mixed" : "within");
	json_t *wl = doc_arr(doc, "within");
	for (size_t j = 0; j < m; j++)
		doc_push_str(wl, w->v[j].name);
	if (between)
		doc_str(doc, "between", L->g.name);
	doc_num(doc, "ci_level", r->level);
	compare_put_excluded(doc, r);
	json_t *conds = doc_arr(doc, "conditions");
	for (size_t j = 0; j < m; j++) {
		json_t *row = doc_push_obj(conds);
		doc_str(row, "name", w->v[j].name);
		doc_str(row, "label", compare_condition_label(&w->v[j]));
		compare_put_summary(row, &w->s[j]);
	}
	if (between) {
		json_t *groups = doc_arr(doc, "groups"), *cells = doc_arr(doc, "cells");
		for (size_t l = 0; l < L->k; l++) {
			json_t *row = doc_push_obj(groups);
			doc_str(row, "level", L->g.levels[L->orig[l]]);
			doc_str(row, "label", L->g.labels[L->orig[l]]);
			doc_size(row, "n", w->s[m + l].n);
			for (size_t j = 0; j < m; j++) {
				json_t *c = doc_push_obj(cells);
				doc_str(c, "level", L->g.levels[L->orig[l]]);
				doc_str(c, "label", L->g.labels[L->orig[l]]);
				doc_str(c, "condition", w->v[j].name);
				compare_put_summary(c, &w->s[m + j * L->k + l]);
			}
		}
	}
	if (!between && m == 2)
		emit_paired(doc, w);
	else
		emit_rm(doc, r, conds);
}

json_t *compare_emit(const struct compare_result *r)
{
	json_t *doc = json_deep_copy(r->envelope);

	if (!doc)
		return NULL;
	if (r->design == COMPARE_ONEWAY)
		put_oneway_design(doc, r);
	else if (r->design == COMPARE_TWOWAY)
		emit_twoway(doc, r);
	else if (r->design == COMPARE_ANCOVA)
		compare_emit_ancova(doc, r);
	else if (r->design == COMPARE_MANOVA)
		compare_emit_manova(doc, r);
	else if (r->design == COMPARE_ZONE)
		compare_emit_zone(doc, r);
	else
		emit_within(doc, r);
	return doc;
}
