/* The findings and charts of the report's recovery sections (planned by report_recovery.c), read
 * from each section's typed result (analysis/commands/compare.h, crosstab.h, process.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands/compare.h"
#include "analysis/commands/crosstab.h"
#include "analysis/commands/process.h"
#include "analysis/report/report.h"
#include "analysis/report/report_parts.h"
#include "io/doc.h"
#include "io/strbuf.h"

/* The significance level the findings' words use. */
#define RECOVERY_ALPHA 0.05

/* --- findings ----------------------------------------------------------------------------------- */

static void add_p(struct strbuf *b, double p)
{
	char buf[32];

	strbuf_adds(b, report_p(p, buf, sizeof buf));
}

/* A level's label by its kept index. */
static const char *level_label(const struct compare_levels *L, size_t i)
{
	return L->g.labels[L->orig[i]];
}

static void balance_findings(struct report *r, const struct job *j)
{
	const struct crosstab_result *res = j->result;
	const struct crosstab *ct = res->ct;
	struct strbuf line = STRBUF_INIT;
	double p = ct ? ct->pearson.p : NAN;

	strbuf_addf(&line, "Randomisation: assignment to %s %s %s", res->r.name,
		    !isfinite(p) ? "could not be checked against" : p < RECOVERY_ALPHA ? "was not balanced on" : "was balanced on",
		    j->trait ? "age group (under 30, 30 to under 45, 45 to under 60, 60 and over)" : res->c.name);
	if (isfinite(p)) {
		strbuf_addf(&line, ": chi2(%.0f) = %.2f, ", ct->pearson.df, ct->pearson.stat);
		add_p(&line, p);
		if (isfinite(ct->v.v))
			strbuf_addf(&line, ", Cramer's V = %.2f", ct->v.v);
	}
	strbuf_addf(&line, " (n = %zu).", res->used);
	report_finding(r, &line);
}

static void check_findings(struct report *r, const struct job *j)
{
	const struct compare_result *res = j->result;
	const struct compare_oneway *o = &res->one;
	const struct contrast_test *t = o->contrasts.n ? &o->contrasts.t[0] : NULL;
	struct strbuf line = STRBUF_INIT;

	if (res->design != COMPARE_ONEWAY || !t || !isfinite(t->p))
		return;
	strbuf_addf(&line, "Manipulation check: the check score (%s) %s with the scenario (linear contrast %+.2f, "
			   "t(%.0f) = %.2f, ", j->trait,
		    t->p < RECOVERY_ALPHA && t->estimate > 0 ? "rises"
		    : t->p < RECOVERY_ALPHA		      ? "falls"
							      : "does not change significantly",
		    t->estimate, t->df, t->t);
	add_p(&line, t->p);
	strbuf_adds(&line, "); means ");
	for (size_t i = 0; i < o->by.k; i++)
		strbuf_addf(&line, "%s%s %.2f", i ? ", " : "", level_label(&o->by, i), o->s[i].mean);
	strbuf_adds(&line, ".");
	report_finding(r, &line);
}

static const char *verdict_words(enum paradox_verdict v)
{
	switch (v) {
	case PARADOX_SUPPORTED:
		return "paradox: above the no-failure level";
	case PARADOX_EQUIVALENT:
		return "no paradox: equivalent to no failure within the margin";
	case PARADOX_WORSE:
		return "no paradox: below the no-failure level";
	case PARADOX_INCONCLUSIVE:
		return "no paradox shown: neither above nor equivalent";
	default:
		return "not tested";
	}
}

static void paradox_findings(struct report *r, const struct job *j)
{
	const struct compare_result *res = j->result;
	const struct compare_oneway *o = &res->one;
	const struct paradox *pd = &o->paradox;
	struct strbuf line = STRBUF_INIT;

	if (!o->has_paradox || o->paradox_status != 0)
		return;
	strbuf_addf(&line, "Recovery paradox (%s against %s, M = %.2f; one-sided Welch t, Holm; TOST within +/-%.2f):",
		    j->trait, level_label(&o->by, pd->control), o->s[pd->control].mean, pd->margin);
	for (size_t i = 0; i < pd->n_levels; i++) {
		const struct paradox_level *l = &pd->levels[i];
		strbuf_addf(&line, "%s %s M = %.2f (%+.2f, t(%.1f) = %.2f, Holm ", i ? ";" : "", level_label(&o->by, l->level),
			    l->mean, l->diff, l->df, l->t);
		add_p(&line, l->verdict == PARADOX_WORSE ? l->p_less_holm : l->p_greater_holm);
		strbuf_addf(&line, "): %s", verdict_words(l->verdict));
	}
	strbuf_addf(&line, ". %s.", pd->supported ? "The recovery paradox holds for the levels so marked"
						  : "No paradox: no recovery level exceeds the no-failure level");
	report_finding(r, &line);
}

static void zone_findings(struct report *r, const struct job *j)
{
	const struct compare_result *res = j->result;
	const struct compare_zone *zn = &res->zone;
	struct strbuf line = STRBUF_INIT;

	if (res->design != COMPARE_ZONE || !zn->has_z)
		return;
	strbuf_addf(&line, "Zone of tolerance (%s): below / within / above (delight)", zn->dimension);
	for (size_t i = 0; i < zn->z.k; i++) {
		const struct zone_group *g = &zn->z.groups[i];
		strbuf_addf(&line, "%s %s %.0f%% / %.0f%% / %.0f%%", i ? ";" : "", level_label(&zn->by, i),
			    100 * g->share[ZONE_BELOW], 100 * g->share[ZONE_WITHIN], 100 * g->share[ZONE_ABOVE]);
	}
	if (zn->z.test_status == 0 && zn->z.test) {
		const struct chisq_test *t = &zn->z.test->pearson;
		strbuf_addf(&line, "; the shares %s across %s (chi2(%.0f) = %.2f, ",
			    t->p < RECOVERY_ALPHA ? "differ" : "do not differ significantly", zn->by.g.name, t->df, t->stat);
		add_p(&line, t->p);
		strbuf_adds(&line, ")");
	}
	strbuf_adds(&line, ".");
	report_finding(r, &line);
}

/* The coefficient of the Y equation's term made of exactly the variables of `vars` (n of them). */
static int process_term(const struct process_result *res, const int *vars, size_t n, double *b, double *p)
{
	const struct proc_model *m = &res->fit->model;
	size_t e = proc_model_equation(m, PROC_Y);
	const struct proc_eqfit *ef = &res->fit->eq[e];

	for (size_t t = 0; t < m->eq[e].n_terms; t++) {
		const struct proc_term *term = &m->eq[e].term[t];
		size_t hit = 0;
		if (term->n != n || !ef->fit)
			continue;
		for (size_t a = 0; a < n; a++)
			for (size_t c = 0; c < n; c++)
				hit += term->var[c] == vars[a];
		if (hit == n) {
			*b = gsl_vector_get(ef->b, ef->off[t] + 1);
			*p = gsl_vector_get(ef->fit->p_value, ef->off[t] + 1);
			return 1;
		}
	}
	return 0;
}

static void add_term(struct strbuf *line, const char *name, const struct process_result *res, const int *vars, size_t n)
{
	double b, p;

	if (!process_term(res, vars, n, &b, &p))
		return;
	strbuf_addf(line, "%s b = %.3f (", name, b);
	add_p(line, p);
	strbuf_adds(line, ")");
}

static void severity_findings(struct report *r, const struct job *j)
{
	const struct process_result *res = j->result;
	const char *control = report_recovery_control(r);
	struct strbuf line = STRBUF_INIT;
	const int w[] = {PROC_W}, xw[] = {PROC_X, PROC_W}, wz[] = {PROC_W, PROC_Z}, xwz[] = {PROC_X, PROC_W, PROC_Z};
	double b3, p3;

	if (!res->fit || !res->n_tests)
		return;
	if (j->kind == JOB_SEVERITY) {
		const struct process_itest *t = &res->tests[0];
		double b, p;
		int has = process_term(res, xw, 2, &b, &p);
		strbuf_addf(&line, "Severity: %s %s the effect of %s on %s (", j->trait,
			    t->p < RECOVERY_ALPHA ? "moderates" : "does not significantly moderate", process_var_name(res, PROC_X),
			    process_var_name(res, PROC_Y));
		if (has)
			strbuf_addf(&line, "%s x %s b = %.3f, ", process_var_name(res, PROC_X), j->trait, b);
		strbuf_addf(&line, "F(%.0f, %.0f) = %.2f, ", t->df1, t->df2, t->stat);
		add_p(&line, t->p);
		strbuf_adds(&line, ";");
		add_term(&line, " severity alone", res, w, 1);
		strbuf_addf(&line, "; n = %zu%s).", res->n,
			    control ? ", failure scenarios only: the no-failure control is left out" : "");
		report_finding(r, &line);
		return;
	}
	strbuf_addf(&line, "Severity x trust (PROCESS model 3, %s on %s x %s x %s, n = %zu):", process_var_name(res, PROC_Y),
		    process_var_name(res, PROC_X), j->trait, process_var_name(res, PROC_Z), res->n);
	add_term(&line, " severity", res, w, 1);
	strbuf_adds(&line, ";");
	add_term(&line, " severity x trust", res, wz, 2);
	strbuf_adds(&line, ";");
	add_term(&line, " the three-way term", res, xwz, 3);
	{
		double bw, pw, bwz, pwz;
		int hw = process_term(res, w, 1, &bw, &pw), hwz = process_term(res, wz, 2, &bwz, &pwz);
		int buffers = hw && hwz && pwz < RECOVERY_ALPHA && (bw < 0) == (bwz > 0);
		strbuf_addf(&line, ". Trust %s the effect of severity",
			    buffers ? "buffers" : hwz && pwz < RECOVERY_ALPHA ? "amplifies" : "does not significantly buffer");
		if (process_term(res, xwz, 3, &b3, &p3))
			strbuf_addf(&line, ", and the scenario x severity interaction %s with trust",
				    p3 < RECOVERY_ALPHA ? (b3 > 0 ? "grows" : "shrinks") : "does not change significantly");
	}
	for (size_t i = 0; i < res->n_cond; i++) {
		const struct process_cond *c = &res->cond[i];
		if (!c->by_w)
			continue;
		strbuf_addf(&line, "%s %s = %.2f: %.3f (", i ? "," : "; scenario x severity at", process_var_name(res, PROC_Z),
			    res->probe[PROC_Z][c->at.probe[PROC_Z]], c->lc.est);
		add_p(&line, c->lc.p);
		strbuf_adds(&line, ")");
	}
	strbuf_adds(&line, ".");
	report_finding(r, &line);
}

void report_recovery_findings(struct report *r, const struct job *j)
{
	switch (j->kind) {
	case JOB_BALANCE:
		balance_findings(r, j);
		break;
	case JOB_CHECK:
		check_findings(r, j);
		break;
	case JOB_PARADOX:
		paradox_findings(r, j);
		break;
	case JOB_ZONE:
		zone_findings(r, j);
		break;
	case JOB_SEVERITY:
	case JOB_BUFFER:
		severity_findings(r, j);
		break;
	default:
		break;
	}
}

/* --- charts ------------------------------------------------------------------------------------- */

/* Each recovery level's mean with its CI, the control's mean as the reference line and the
 * equivalence margin as the band around it, each level's verdict above it. */
static int paradox_chart(struct report *r, const struct job *j, struct sk_error *err)
{
	const struct compare_result *res = j->result;
	const struct compare_oneway *o = &res->one;
	const struct paradox *pd = &o->paradox;
	size_t k = pd->n_levels;
	char name[300], title[400], ylabel[400], ref[400];
	int status;

	if (!o->has_paradox || o->paradox_status != 0 || k == 0)
		return 0;
	const char **cats = calloc(k, sizeof *cats), **notes = calloc(k, sizeof *notes);
	double *mean = calloc(3 * k, sizeof *mean);
	if (!cats || !notes || !mean) {
		free(cats);
		free(notes);
		free(mean);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < k; i++) {
		const struct paradox_level *l = &pd->levels[i];
		cats[i] = level_label(&o->by, l->level);
		mean[i] = o->s[l->level].mean;
		mean[k + i] = o->s[l->level].llci;
		mean[2 * k + i] = o->s[l->level].ulci;
		notes[i] = l->verdict == PARADOX_SUPPORTED ? "paradox" : l->verdict == PARADOX_EQUIVALENT ? "equivalent"
							       : l->verdict == PARADOX_WORSE	    ? "below"
							       : l->verdict == PARADOX_INCONCLUSIVE ? "inconclusive"
												   : "not tested";
	}
	snprintf(name, sizeof name, "paradox-%s", j->trait);
	snprintf(title, sizeof title, "Mean %s after each recovery against no failure", j->trait);
	snprintf(ylabel, sizeof ylabel, "Mean %s score", j->trait);
	snprintf(ref, sizeof ref, "%s (M = %.2f)", level_label(&o->by, pd->control), o->s[pd->control].mean);
	struct chart_means c = {.t = {name, title, res->one.by.g.name, ylabel}, .n_cats = k, .n_series = 1, .cats = cats,
				.mean = mean, .lo = mean + k, .hi = mean + 2 * k, .ymin = NAN, .ymax = NAN,
				.ci_level = res->level, .points = 1, .ref = o->s[pd->control].mean,
				.ref_margin = pd->margin, .ref_label = ref, .notes = notes};
	if ((status = chart_means(&r->charts, &c, err)) == 0)
		report_attach_chart(r, j->sec, title);
	free(cats);
	free(notes);
	free(mean);
	return status;
}

/* Per scenario the shares below, within and above the zone as a stacked bar. */
static int zone_chart(struct report *r, const struct job *j, struct sk_error *err)
{
	const struct compare_result *res = j->result;
	const struct compare_zone *zn = &res->zone;
	static const char *const classes[] = {"Below the zone", "Within the zone", "Above the zone (delight)"};
	size_t k = zn->z.k;
	char name[300], title[400];
	int status;

	if (res->design != COMPARE_ZONE || !zn->has_z || k == 0)
		return 0;
	const char **items = calloc(k, sizeof *items);
	double *pct = calloc(k * ZONE_CLASSES, sizeof *pct);
	if (!items || !pct) {
		free(items);
		free(pct);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < k; i++) {
		items[i] = level_label(&zn->by, i);
		for (size_t c = 0; c < ZONE_CLASSES; c++)
			pct[i * ZONE_CLASSES + c] = zn->z.groups[i].n ? 100 * zn->z.groups[i].share[c] : 0;
	}
	snprintf(name, sizeof name, "zone-%s", zn->dimension);
	snprintf(title, sizeof title, "Zone of tolerance (%s) by %s", zn->dimension, zn->by.g.name);
	struct chart_likert c = {.t = {name, title, "Share of respondents (%)", NULL}, .n_items = k, .n_cats = ZONE_CLASSES,
				 .items = items, .cats = classes, .pct = pct, .stacked = 1};
	if ((status = chart_likert(&r->charts, &c, err)) == 0)
		report_attach_chart(r, j->sec, title);
	free(items);
	free(pct);
	return status;
}

int report_recovery_charts(struct report *r, const struct job *j, struct sk_error *err)
{
	switch (j->kind) {
	case JOB_PARADOX:
		return paradox_chart(r, j, err);
	case JOB_ZONE:
		return zone_chart(r, j, err);
	default:
		return 0;
	}
}
