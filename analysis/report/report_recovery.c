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
 * Their findings and charts: report_recovery_results.c. */
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
#include "io/strbuf.h"

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

const char *report_recovery_control(const struct report *r)
{
	return r->recovery ? r->recovery->control : NULL;
}
