/* The report's sections on the recovery questions (analysis/report/report_parts.h), each the
 * typed result of a single command, planned when the wave has what they need:
 *   randomisation   crosstab of the condition by gender and by age group (a numeric column
 *                   `age` in the bands under 30, 30 to under 45, 45 to under 60, 60 and over:
 *                   crosstab --bands 30,45,60); the gender column is the group column named or
 *                   labelled like gender or sex;
 *   manipulation    compare --contrast linear of the check score (the scale of the codebook's
 *                   role `check` items, else each check column) across the condition;
 *   paradox         compare --control LEVEL of each outcome answered in the codebook's control
 *                   but severity and negative ones (named or labelled like neg: a paradox is a
 *                   favourable outcome above the no-failure level);
 *   zone            compare --zone DIMENSION for each dimension with adequate/desired/perceived;
 *   severity        for a scale named or labelled like severity: PROCESS model 1 (condition x
 *                   severity on the first other outcome) and model 3 (x severity x the trust
 *                   trait), on the failure levels only when the condition has a control: the
 *                   control had no failure, so it is left out (--filter), counted in the notes.
 * The findings and charts read the result structs (analysis/commands/compare.h, crosstab.h,
 * process.h). */
#include <ctype.h>
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

#define RECOVERY_ALPHA 0.05
/* Age groups of the randomisation check: crosstab --bands, the lower bounds after the first. */
#define AGE_BANDS "30,45,60"

/* What the plan made and keeps until the jobs are released. */
struct recovery_plan {
	struct dataset failures; /* the wave without its control (severity models) */
	int have_failures;
	char *control;           /* the control level as written */
	char *filter;            /* the filter that leaves it out */
	char *trust;
};

/* --- the plan --------------------------------------------------------------------------------- */

/* Whether `name` or `label` contains `word`, ignoring case. */
static int names_like(const char *name, const char *label, const char *word)
{
	const char *s[2] = {name, label};

	for (int k = 0; k < 2; k++)
		for (const char *p = s[k]; p && *p; p++) {
			size_t i = 0;
			while (word[i] && p[i] && tolower((unsigned char)p[i]) == word[i])
				i++;
			if (!word[i])
				return 1;
		}
	return 0;
}

/* The group column named or labelled like gender or sex, or NULL. */
static const char *gender_column(const struct dataset *ds, const char *group)
{
	for (size_t c = 0; c < ds->frame.n_cols; c++) {
		const struct column *col = &ds->frame.cols[c];
		if (col->meta.role != ROLE_GROUP || strcmp(col->name, group) == 0)
			continue;
		if (names_like(col->name, col->meta.label, "gender") || names_like(col->name, NULL, "sex"))
			return col->name;
	}
	return NULL;
}

/* The numeric column `age`, or NULL. */
static const char *age_column(const struct dataset *ds)
{
	size_t c = frame_find(&ds->frame, "age");

	return c != SIZE_MAX && ds->frame.cols[c].kind != COLUMN_TEXT ? ds->frame.cols[c].name : NULL;
}

/* The severity scale: the first named or labelled like severity. */
static const char *severity_scale(const struct dataset *ds)
{
	for (size_t s = 0; s < ds->n_scales; s++)
		if (names_like(ds->scales[s].name, ds->scales[s].label, "severity"))
			return ds->scales[s].name;
	return NULL;
}

/* Whether the outcome has an answer in the control level's rows. */
static int answered_in(const struct dataset *ds, const char *y, const struct grouping *g, size_t level)
{
	struct variable v;
	struct sk_error e;
	int found = 0;

	if (dataset_variable(ds, y, &v, &e) != 0)
		return 0;
	for (size_t i = 0; i < v.n && !found; i++)
		found = g->code[i] == (int)level && !isnan(v.v[i]);
	variable_release(&v);
	return found;
}

/* "NAME != VALUE" in the filter language, the name quoted when it is not an identifier. */
static char *control_filter(const char *name, const char *value)
{
	struct strbuf b = STRBUF_INIT;
	int bare = isalpha((unsigned char)name[0]) || name[0] == '_';

	for (const char *p = name; bare && *p; p++)
		bare = isalnum((unsigned char)*p) || *p == '_' || *p == '.';
	if (bare) {
		strbuf_adds(&b, name);
	} else {
		strbuf_addc(&b, '"');
		for (const char *p = name; *p; p++) {
			if (*p == '"')
				strbuf_addc(&b, '"');
			strbuf_addc(&b, *p);
		}
		strbuf_addc(&b, '"');
	}
	strbuf_addf(&b, " != %s", value);
	return strbuf_take(&b);
}

/* The wave read again with the user's filters and the one leaving out the control. */
static int load_failures(struct report *r, struct recovery_plan *rp, struct sk_error *err)
{
	struct cli c = *r->cli;
	const char **f = malloc((r->cli->n_filters + 1) * sizeof *f);
	int status;

	if (!f)
		return sk_out_of_memory(err);
	for (size_t i = 0; i < r->cli->n_filters; i++)
		f[i] = r->cli->filters[i];
	f[r->cli->n_filters] = rp->filter;
	c.filters = f;
	c.n_filters = r->cli->n_filters + 1;
	status = dataset_load(&rp->failures, r->data, &c, err);
	free(f);
	if (status == 0)
		rp->have_failures = 1;
	return status;
}

static int plan_checks(struct report *r, struct sk_error *err)
{
	const char *group = r->st->group, *gender = gender_column(r->ds, group), *age = age_column(r->ds);
	size_t idx[16], n = codebook_entries_with(&r->ds->codebook, PURPOSE_CHECK, NULL, idx, 16);
	const char *done[16];
	size_t n_done = 0;
	int status = 0;

	if (gender) {
		const struct cli_value v[] = {{"rows", group}, {"cols", gender}};
		status = report_add_job(r, JOB_BALANCE, &crosstab_steps, "crosstab", "randomisation-gender",
					"Randomisation check: scenario by gender", v, 2, NULL, err);
	}
	if (status == 0 && age) {
		/* Fisher's test by Monte Carlo: the exact one on a table of four age groups can take seconds */
		const struct cli_value v[] = {{"rows", group}, {"cols", age}, {"bands", AGE_BANDS}, {"fisher", "mc"}};
		status = report_add_job(r, JOB_BALANCE, &crosstab_steps, "crosstab", "randomisation-age",
					"Randomisation check: scenario by age group", v, 4, "age", err);
	}
	for (size_t i = 0; i < n && i < 16 && status == 0; i++) {
		const struct var_meta *m = &r->ds->codebook.vars[idx[i]];
		const char *y = m->scale && dataset_find_scale(r->ds, m->scale) ? m->scale : m->column;
		int seen = 0;
		for (size_t d = 0; d < n_done; d++)
			seen |= strcmp(done[d], y) == 0;
		if (seen)
			continue;
		done[n_done++] = y;
		const struct cli_value v[] = {{"y", y}, {"by", group}, {"contrast", "linear"}};
		status = report_add_job(r, JOB_CHECK, &compare_steps, "compare", "manipulation-check",
					"Manipulation check: the check score across the scenarios (linear trend)", v, 3, y, err);
	}
	return status;
}

static int plan_paradox_zone(struct report *r, struct recovery_plan *rp, size_t control, const struct grouping *g,
			     struct sk_error *err)
{
	const char *group = r->st->group, *sev = severity_scale(r->ds), *dims[16];
	size_t n_dims = codebook_dimensions(&r->ds->codebook, dims, 16);
	int status = 0;

	for (size_t o = 0; rp->control && o < r->st->n_outcomes && status == 0; o++) {
		const char *y = r->st->outcomes[o];
		const struct scale *sc = dataset_find_scale(r->ds, y);
		/* the paradox is a higher level of a favourable outcome: negative emotion is left out */
		if ((sev && strcmp(y, sev) == 0) || names_like(y, sc ? sc->label : NULL, "neg") ||
		    !answered_in(r->ds, y, g, control))
			continue;
		const struct cli_value v[] = {{"y", y}, {"by", group}, {"control", rp->control}};
		struct strbuf id = STRBUF_INIT, title = STRBUF_INIT;
		strbuf_addf(&id, "paradox-%s", y);
		strbuf_addf(&title, "Recovery paradox: %s after each recovery against no failure", y);
		status = strbuf_ok(&id) && strbuf_ok(&title)
				 ? report_add_job(r, JOB_PARADOX, &compare_steps, "compare", strbuf_str(&id), strbuf_str(&title),
						  v, 3, y, err)
				 : sk_out_of_memory(err);
		strbuf_release(&id);
		strbuf_release(&title);
	}
	for (size_t d = 0; d < n_dims && d < 16 && status == 0; d++) {
		const struct cli_value v[] = {{"zone", dims[d]}, {"by", group}};
		struct strbuf id = STRBUF_INIT, title = STRBUF_INIT;
		strbuf_addf(&id, "zone-%s", dims[d]);
		strbuf_addf(&title, "Zone of tolerance: %s", dims[d]);
		status = strbuf_ok(&id) && strbuf_ok(&title)
				 ? report_add_job(r, JOB_ZONE, &compare_steps, "compare", strbuf_str(&id), strbuf_str(&title), v,
						  2, dims[d], err)
				 : sk_out_of_memory(err);
		strbuf_release(&id);
		strbuf_release(&title);
	}
	return status;
}

static int plan_severity(struct report *r, struct recovery_plan *rp, struct sk_error *err)
{
	const char *sev = severity_scale(r->ds), *y = NULL, *trust = NULL;
	const struct dataset *ds = r->ds;
	struct cli_value v[8];
	size_t n = 0;
	int status;

	if (!sev)
		return 0;
	for (size_t o = 0; o < r->st->n_outcomes && !y; o++)
		if (strcmp(r->st->outcomes[o], sev) != 0 && codebook_purpose_of(&ds->codebook, r->st->outcomes[o]) != PURPOSE_CHECK &&
		    !names_like(r->st->outcomes[o], NULL, "check"))
			y = r->st->outcomes[o];
	for (size_t t = 0; t < r->st->n_traits && !trust; t++) {
		const struct scale *s = dataset_find_scale(ds, r->st->traits[t]);
		if (names_like(r->st->traits[t], s ? s->label : NULL, "trust"))
			trust = r->st->traits[t];
	}
	if (!y) {
		report_note(r, "severity: no outcome besides '%s' to model", sev);
		return 0;
	}
	if (rp->control) {
		if ((status = load_failures(r, rp, err)) != 0)
			return status;
		ds = &rp->failures;
	}
	v[n++] = (struct cli_value){"model", "1"};
	v[n++] = (struct cli_value){"y", y};
	v[n++] = (struct cli_value){"x", r->st->group};
	v[n++] = (struct cli_value){"w", sev};
	v[n++] = (struct cli_value){"center", ""};
	v[n++] = (struct cli_value){"boot", "0"}; /* models 1 and 3 have no indirect effect to resample */
	if (rp->control)
		v[n++] = (struct cli_value){"filter", rp->filter};
	if ((status = report_add_job(r, JOB_SEVERITY, &process_steps, "process", "severity",
				     "Failure severity: does it moderate the scenario's effect? (PROCESS model 1)", v, n, sev,
				     err)) != 0)
		return status;
	r->jobs[r->n_jobs - 1].ds = ds;
	if (!trust) {
		report_note(r, "severity x trust: no trust trait (a scale named or labelled like trust)");
		return 0;
	}
	v[0].value = "3";
	v[n++] = (struct cli_value){"z", trust};
	rp->trust = strdup(trust);
	if ((status = report_add_job(r, JOB_BUFFER, &process_steps, "process", "severity-trust",
				     "Severity x trust: does trust buffer the effect of severity? (PROCESS model 3)", v, n,
				     sev, err)) != 0)
		return status;
	r->jobs[r->n_jobs - 1].ds = ds;
	return 0;
}

int report_plan_recovery(struct report *r, struct sk_error *err)
{
	struct recovery_plan *rp;
	struct grouping g;
	double value;
	size_t control = SIZE_MAX;
	int status;

	if (!r->st->group)
		return 0;
	if (!(rp = calloc(1, sizeof *rp)))
		return sk_out_of_memory(err);
	r->recovery = rp;
	if ((status = plan_checks(r, err)) != 0)
		return status;
	if (codebook_control(&r->ds->codebook, r->st->group, &value) && dataset_grouping(r->ds, r->st->group, &g, err) == 0) {
		for (size_t l = 0; l < g.n_levels && control == SIZE_MAX; l++)
			if (g.values[l] == value)
				control = l;
		if (control != SIZE_MAX) {
			rp->control = strdup(g.levels[control]);
			rp->filter = rp->control ? control_filter(r->st->group, g.levels[control]) : NULL;
			if (!rp->control || !rp->filter) {
				grouping_release(&g);
				return sk_out_of_memory(err);
			}
		} else {
			report_note(r, "recovery paradox: the control level %g of '%s' has no case", value, r->st->group);
		}
		status = plan_paradox_zone(r, rp, control, &g, err);
		grouping_release(&g);
	} else {
		const char *dims[1];
		if (codebook_dimensions(&r->ds->codebook, dims, 1))
			status = plan_paradox_zone(r, rp, SIZE_MAX, NULL, err);
		report_note(r, "recovery paradox: the codebook names no control level of '%s' (no paradox test)",
			    r->st->group);
	}
	return status ? status : plan_severity(r, rp, err);
}

void report_recovery_release(struct report *r)
{
	struct recovery_plan *rp = r->recovery;

	if (!rp)
		return;
	if (rp->have_failures)
		dataset_free(&rp->failures);
	free(rp->control);
	free(rp->filter);
	free(rp->trust);
	free(rp);
	r->recovery = NULL;
}

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
	const struct recovery_plan *rp = r->recovery;
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
			    rp && rp->control ? ", failure scenarios only: the no-failure control is left out" : "");
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
