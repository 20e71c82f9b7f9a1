/* The report's mediation section (analysis/report/report_parts.h): when the study has mediators
 * (analysis/report/study.h: a justice-like scale, or --mediators), each outcome gets
 *   PROCESS model 4 (the mediators in parallel; with --serial and two or more of them, model 6,
 *     the mediators in the order given): the relative indirect effects of each scenario against
 *     the first (X indicator-coded, PROCESS mcx=1) through each mediator (or chain);
 *   PROCESS model 7 with each trait as W (first-stage moderated mediation: does the trait change
 *     how strongly the scenario moves the mediator?): the index of moderated mediation and the
 *     conditional indirect effects at the trait's 16th, 50th and 84th percentiles (PROCESS's
 *     defaults),
 * each the result of `surveykit process` on the wave (analysis/commands/process.h) with a fixed
 * bootstrap (REPORT_BOOT_REPS resamples, seed REPORT_BOOT_SEED: the report is the same on every
 * run). The findings name each effect with its percentile bootstrap CI and whether the CI
 * excludes 0, the inference Hayes (2022, ch. 3 and 11) recommends for indirect effects. The chart of a model 7 shows the
 * conditional indirect effects as points with their bootstrap CIs at the trait's probe values
 * (io/gnuplot.h's chart_band with whiskers), the index of moderated mediation under it. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands/process.h"
#include "analysis/report/report_parts.h"
#include "io/doc.h"
#include "io/strbuf.h"

#define REPORT_BOOT_REPS "5000"
#define REPORT_BOOT_SEED "20221"
/* At most this many series (a path for a scenario contrast) in one chart. */
#define MEDIATION_MAX_SERIES 12

static char *join(char *const *list, size_t n)
{
	struct strbuf b = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(&b, ',');
		strbuf_adds(&b, list[i]);
	}
	if (!strbuf_ok(&b)) {
		strbuf_release(&b);
		return NULL;
	}
	return strbuf_take(&b);
}

int report_plan_mediation(struct report *r, struct sk_error *err)
{
	const struct study *st = r->st;
	int serial = cli_flag(r->cli, "serial") && st->n_mediators >= 2;
	const char *model = serial ? "6" : "4";
	char *ms, id[512], title[1024];
	int status = 0;

	if (!st->n_mediators)
		return 0;
	if (!st->group) {
		report_note(r, "mediation: no scenario column to mediate the effect of");
		return 0;
	}
	if (!(ms = join(st->mediators, st->n_mediators)) || report_own(r, ms) != 0) {
		free(ms);
		return sk_out_of_memory(err);
	}
	for (size_t o = 0; o < st->n_outcomes && status == 0; o++) {
		const struct cli_value v[] = {{"model", model},         {"y", st->outcomes[o]},    {"x", st->group},
					      {"m", ms},                {"mcx", "indicator"},      {"boot", REPORT_BOOT_REPS},
					      {"seed", REPORT_BOOT_SEED}};
		snprintf(id, sizeof id, "mediation-%s", st->outcomes[o]);
		snprintf(title, sizeof title, "Mediation of the %s effect on %s through %s (PROCESS model %s)", st->group,
			 st->outcomes[o], ms, model);
		status = report_add_job(r, JOB_MEDIATION, &process_steps, "process", id, title, v, 7, NULL, err);
		for (size_t t = 0; t < st->n_traits && status == 0; t++) {
			const struct cli_value w[] = {{"model", "7"},          {"y", st->outcomes[o]},    {"x", st->group},
						      {"m", ms},               {"w", st->traits[t]},      {"mcx", "indicator"},
						      {"boot", REPORT_BOOT_REPS}, {"seed", REPORT_BOOT_SEED}};
			snprintf(id, sizeof id, "mediation-%s-by-%s", st->outcomes[o], st->traits[t]);
			snprintf(title, sizeof title,
				 "Moderated mediation of the %s effect on %s through %s by %s (PROCESS model 7)", st->group,
				 st->outcomes[o], ms, st->traits[t]);
			status = report_add_job(r, JOB_MEDIATION, &process_steps, "process", id, title, w, 8,
						st->traits[t], err);
		}
	}
	return status;
}

/* Level l of X, by its value label where the codebook has one. */
static const char *level_name(const struct process_result *res, size_t l)
{
	const struct process_levels *lv = &res->xl;
	const char *s = lv->label[l] && *lv->label[l] ? lv->label[l] : lv->level[l];

	return s ? s : "?";
}

/* The level X's indicator column c stands for. */
static void add_level(struct strbuf *b, const struct process_result *res, size_t c)
{
	strbuf_adds(b, level_name(res, c + 1));
}

/* "LEVEL vs REFERENCE" of X's indicator column c. */
static void add_contrast(struct strbuf *b, const struct process_result *res, size_t c)
{
	strbuf_addf(b, "%s vs %s", level_name(res, c + 1), level_name(res, 0));
}

/* "M1" or "M1 then M2" (a serial chain). */
static void add_path(struct strbuf *b, const struct process_result *res, size_t p)
{
	const struct proc_path *path = &res->model.path[p];

	for (size_t i = 0; i < path->len; i++)
		strbuf_addf(b, "%s%s", i ? " then " : "", res->rq->m[path->med[i]]);
}

/* " = 0.123, 95% CI [0.045, 0.210]" (percentile bootstrap), or " could not be computed". */
static void add_ci(struct strbuf *b, double est, const struct boot_ci *ci, double level)
{
	if (!isfinite(est) || !isfinite(ci->llci) || !isfinite(ci->ulci)) {
		strbuf_adds(b, " could not be computed");
		return;
	}
	strbuf_addf(b, " = %.3f, %g%% CI [%.3f, %.3f]", est, 100 * level, ci->llci, ci->ulci);
}

static int excludes_zero(const struct boot_ci *ci)
{
	return ci->llci > 0 || ci->ulci < 0;
}

void report_mediation_findings(struct report *r, const struct job *j)
{
	const struct process_result *res = j->result;
	double level = res->rq->ols.ci;
	struct strbuf line = STRBUF_INIT;
	size_t n = 0;

	if (!j->trait) {
		strbuf_addf(&line, "Mediation: indirect effects of %s on %s (percentile bootstrap, %zu resamples): ",
			    res->rq->x, res->rq->y, res->rq->boot.reps);
		for (size_t i = 0; i < res->n_eff; i++) {
			const struct process_effect *e = &res->eff[i];
			if (e->kind != PE_INDIRECT)
				continue;
			strbuf_adds(&line, n++ ? "; " : "");
			add_contrast(&line, res, e->stat.col);
			strbuf_adds(&line, " through ");
			add_path(&line, res, e->stat.path);
			add_ci(&line, e->est, &e->ci[0], level);
			strbuf_adds(&line, excludes_zero(&e->ci[0]) ? " (CI excludes 0)" : " (CI includes 0)");
		}
	} else {
		strbuf_addf(&line, "Moderated mediation by %s of the effect of %s on %s (index of moderated mediation, "
				   "percentile bootstrap, %zu resamples): ",
			    j->trait, res->rq->x, res->rq->y, res->rq->boot.reps);
		for (size_t i = 0; i < res->n_eff; i++) {
			const struct process_effect *e = &res->eff[i];
			if (e->kind != PE_INDEX)
				continue;
			strbuf_adds(&line, n++ ? "; " : "");
			add_contrast(&line, res, e->stat.col);
			strbuf_adds(&line, " through ");
			add_path(&line, res, e->stat.path);
			add_ci(&line, e->est, &e->ci[0], level);
			strbuf_addf(&line, " (%s)", excludes_zero(&e->ci[0]) ? "the indirect effect depends on the trait"
									    : "CI includes 0");
		}
	}
	strbuf_adds(&line, n ? "." : "none could be estimated.");
	report_finding(r, &line);
}

/* Model 7: the conditional indirect effects at W's probe values, one series per path and scenario
 * contrast, as points with their percentile bootstrap CIs; the indices under the chart. */
int report_mediation_chart(struct report *r, const struct job *j, struct sk_error *err)
{
	const struct process_result *res = j->result;
	size_t np = res->n_probe[PROC_W], ns = 0;
	const char *series[MEDIATION_MAX_SERIES];
	struct strbuf names[MEDIATION_MAX_SERIES], note = STRBUF_INIT;
	size_t key_path[MEDIATION_MAX_SERIES], key_col[MEDIATION_MAX_SERIES];
	double *est, *lo, *hi;
	char name[600], title[1200], ylabel[600], method[128];
	int status = 0;

	if (!j->trait || np == 0 || np > PROCESS_MAX_PROBES)
		return 0;
	est = malloc(MEDIATION_MAX_SERIES * np * sizeof *est);
	lo = malloc(MEDIATION_MAX_SERIES * np * sizeof *lo);
	hi = malloc(MEDIATION_MAX_SERIES * np * sizeof *hi);
	if (!est || !lo || !hi) {
		free(est), free(lo), free(hi);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < MEDIATION_MAX_SERIES * np; i++)
		est[i] = lo[i] = hi[i] = NAN;
	for (size_t i = 0; i < res->n_eff; i++) {
		const struct process_effect *e = &res->eff[i];
		size_t s = 0, at;
		if (e->kind != PE_INDIRECT || !((e->at.mask >> PROC_W) & 1u) || (at = e->at.probe[PROC_W]) >= np)
			continue;
		while (s < ns && !(key_path[s] == e->stat.path && key_col[s] == e->stat.col))
			s++;
		if (s == ns) {
			if (ns == MEDIATION_MAX_SERIES)
				continue;
			key_path[ns] = e->stat.path;
			key_col[ns] = e->stat.col;
			names[ns] = (struct strbuf)STRBUF_INIT;
			add_contrast(&names[ns], res, e->stat.col);
			strbuf_adds(&names[ns], " through ");
			add_path(&names[ns], res, e->stat.path);
			series[ns] = strbuf_str(&names[ns]);
			ns++;
		}
		est[s * np + at] = e->est;
		lo[s * np + at] = e->ci[0].llci;
		hi[s * np + at] = e->ci[0].ulci;
	}
	for (size_t i = 0; i < res->n_eff; i++) {
		const struct process_effect *e = &res->eff[i];
		if (e->kind != PE_INDEX)
			continue;
		if (note.len)
			strbuf_adds(&note, "; ");
		else
			strbuf_addf(&note, "Index of moderated mediation (%g%% CI): ", 100 * res->rq->ols.ci);
		add_level(&note, res, e->stat.col);
		if (res->model.n_paths > 1) {
			strbuf_adds(&note, " via ");
			add_path(&note, res, e->stat.path);
		}
		if (isfinite(e->est) && isfinite(e->ci[0].llci) && isfinite(e->ci[0].ulci))
			strbuf_addf(&note, " %.3f [%.3f, %.3f]", e->est, e->ci[0].llci, e->ci[0].ulci);
		else
			strbuf_adds(&note, " could not be computed");
	}
	if (ns) {
		json_t *cd = doc_obj(chart_data(j->sec), "conditional_indirect");
		json_t *xs = doc_arr(cd, "w"), *arr = doc_arr(cd, "series");
		for (size_t a = 0; a < np; a++)
			doc_push_num(xs, res->probe[PROC_W][a]);
		for (size_t s = 0; s < ns; s++) {
			json_t *row = doc_push_obj(arr), *e = doc_arr(row, "effect"), *l = doc_arr(row, "llci"),
			       *u = doc_arr(row, "ulci");
			doc_str(row, "label", series[s]);
			for (size_t a = 0; a < np; a++) {
				doc_push_num(e, est[s * np + a]);
				doc_push_num(l, lo[s * np + a]);
				doc_push_num(u, hi[s * np + a]);
			}
		}
		snprintf(name, sizeof name, "indirect-%s-by-%s", res->rq->y, j->trait);
		snprintf(title, sizeof title, "Indirect effect of %s on %s across %s", res->rq->x, res->rq->y, j->trait);
		snprintf(ylabel, sizeof ylabel, "Conditional indirect effect on %s", res->rq->y);
		snprintf(method, sizeof method, "percentile bootstrap, %zu samples", res->rq->boot.reps);
		{
			struct chart_band c = {.t = {name, title, j->trait, ylabel}, .n_points = np, .n_series = ns,
					       .x = res->probe[PROC_W], .est = est, .lo = lo, .hi = hi, .series = series,
					       .ci_level = res->rq->ols.ci, .ref = 0, .whiskers = 1, .ci_method = method,
					       .note = note.len && strbuf_ok(&note) ? strbuf_str(&note) : NULL};
			if ((status = chart_band(&r->charts, &c, err)) == 0)
				report_attach_chart(r, j->sec, title);
		}
	}
	for (size_t s = 0; s < ns; s++)
		strbuf_release(&names[s]);
	strbuf_release(&note);
	free(est);
	free(lo);
	free(hi);
	return status;
}
