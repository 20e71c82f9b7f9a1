/* `waves` tests measurement invariance across the waves before comparing their means
 * (analysis/report/waves.h): the waves are stacked as `surveykit stack` stacks them (analysis/
 * commands/stack.h, with a wave column), written to a work folder inside the output directory
 * (io/frame_write.h, atomic) and loaded as any data file is, then the codebook's scales are fitted
 * as one CFA with the wave as group through cfa's typed request (the options of `surveykit cfa
 * STACKED --group wave --invariance`, so the numbers are that command's: lavaan 0.6.14's cfa()
 * with group.equal, each step against the one before as lavTestLRT; models/cfa_invariance.h).
 *
 * Shown: the configural, metric (equal loadings) and scalar (equal intercepts) steps with
 * chi-square, df, CFI, RMSEA, SRMR, the chi-square difference test and the changes in CFI and
 * RMSEA; a step is not supported when CFI drops by more than .01 (Cheung & Rensvold 2002) or
 * RMSEA rises by more than .015 (Chen 2007). A sentence above the table ("measurement_invariance")
 * says whether the comparison of the means
 * rests on full scalar invariance, on metric invariance only (equal loadings, intercepts not
 * equal: partial), or on none. A wave that cannot be stacked or a model that cannot be fitted
 * is a note, never a failure of `waves`; the work folder is removed. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands/cfa.h"
#include "analysis/commands/stack.h"
#include "analysis/report/waves.h"
#include "io/doc.h"
#include "io/frame_write.h"
#include "io/output.h"

#define WORK_FOLDER ".invariance-work"
#define STACKED_FILE "stacked.csv"

static const char *const step_name[] = {"configural", "metric", "scalar"};

enum verdict { NOT_COMPARED, SUPPORTED, NOT_SUPPORTED };

/* As cfa's decision (analysis/commands/cfa_emit.c). */
static enum verdict verdict_of(const struct cfa_step_result *r)
{
	if (r->status != GSL_SUCCESS || !isfinite(r->delta_cfi) || !isfinite(r->delta_rmsea))
		return NOT_COMPARED;
	return r->delta_cfi < CFA_DELTA_CFI || r->delta_rmsea > CFA_DELTA_RMSEA ? NOT_SUPPORTED : SUPPORTED;
}

/* A name for the wave column that no column or scale of the first wave has. */
static void wave_column(const struct dataset *first, char *buf, size_t size)
{
	snprintf(buf, size, "wave");
	for (size_t k = 2; frame_find(&first->frame, buf) != SIZE_MAX || dataset_find_scale(first, buf); k++)
		snprintf(buf, size, "wave_%zu", k);
}

static void put_table(json_t *doc, const struct cfa_result *res)
{
	json_t *arr = doc_arr(doc, "measurement_invariance_across_waves");

	for (int s = CFA_CONFIGURAL; s <= CFA_SCALAR; s++) {
		const struct cfa_step_result *r = &res->inv.step[s];
		json_t *row = doc_push_obj(arr);
		enum verdict v = verdict_of(r);
		doc_str(row, "step", step_name[s]);
		if (r->status != GSL_SUCCESS) {
			doc_str(row, "decision", "not estimated");
			continue;
		}
		doc_num(row, "chisq", r->fit->standard.chisq);
		doc_num(row, "df", r->fit->standard.df);
		doc_num_noted(row, "p", r->fit->standard.p);
		doc_num(row, "cfi", r->fit->standard.cfi);
		doc_num(row, "rmsea", r->fit->standard.rmsea.value);
		doc_num(row, "srmr", r->fit->srmr);
		doc_num_noted(row, "chisq_diff", r->chisq_diff);
		doc_num_noted(row, "df_diff", r->df_diff);
		doc_num_noted(row, "p_diff", r->p);
		doc_num_noted(row, "delta_cfi", r->delta_cfi);
		doc_num_noted(row, "delta_rmsea", r->delta_rmsea);
		doc_str(row, "decision", s == CFA_CONFIGURAL ? "baseline"
					 : v == SUPPORTED    ? "supported"
					 : v == NOT_SUPPORTED ? "not supported"
							      : "not compared");
	}
	doc_note(doc, "measurement invariance across waves: the scales as one CFA of the stacked waves with the wave as "
		      "group (as 'surveykit cfa STACKED --group wave --invariance' on the file 'surveykit stack' writes), "
		      "%zu rows with every item answered; each step against the one before (chi-square difference as "
		      "lavTestLRT); a step is not supported when CFI drops by more than .01 (Cheung & Rensvold 2002) or "
		      "RMSEA rises by more than .015 (Chen 2007)",
		 res->fit ? res->fit->n : 0);
}

/* The finding: on which level of invariance the comparison of the means rests. */
static void put_finding(json_t *doc, const struct cfa_result *res)
{
	enum verdict metric = verdict_of(&res->inv.step[CFA_METRIC]), scalar = verdict_of(&res->inv.step[CFA_SCALAR]);
	const struct cfa_step_result *m = &res->inv.step[CFA_METRIC], *s = &res->inv.step[CFA_SCALAR];
	char line[600];

	if (res->inv.step[CFA_CONFIGURAL].status != GSL_SUCCESS || metric == NOT_COMPARED ||
	    (metric == SUPPORTED && scalar == NOT_COMPARED)) {
		snprintf(line, sizeof line, "Measurement invariance across the waves could not be tested to the scalar "
					    "step (a step could not be fitted): the comparison of the means should be read with "
					    "caution.");
		doc_note(doc, "measurement invariance across waves: a step that could not be fitted is not compared");
	} else if (metric == SUPPORTED && scalar == SUPPORTED)
		snprintf(line, sizeof line, "The comparison of the means rests on full scalar invariance across the waves: "
					    "equal loadings and equal intercepts fit about as well as the free model (scalar "
					    "step: delta CFI %+.4f, delta RMSEA %+.4f).", s->delta_cfi, s->delta_rmsea);
	else if (metric == SUPPORTED)
		snprintf(line, sizeof line, "The comparison of the means rests on partial invariance only: the loadings are "
					    "equal across the waves (metric invariance), the item intercepts are not (scalar "
					    "step: delta CFI %+.4f, delta RMSEA %+.4f), so a change in a scale's mean may be a "
					    "change in how its items are answered; read the comparison of the means with "
					    "caution.", s->delta_cfi, s->delta_rmsea);
	else
		snprintf(line, sizeof line, "Measurement invariance does not hold across the waves: already the loadings "
					    "differ (metric step: delta CFI %+.4f, delta RMSEA %+.4f), so the comparison of the "
					    "means should be read with caution.", m->delta_cfi, m->delta_rmsea);
	doc_str(doc, "measurement_invariance", line);
}

/* A step that could not be fitted, or whose solution is inadmissible, named as cfa names it
 * (with the waves' labels for its groups: group g holds the rows of wave value g + 1). */
static void put_problems(json_t *doc, const struct cfa_result *res, char **labels, size_t n)
{
	char **groups = calloc(res->groups ? res->groups : 1, sizeof *groups);

	for (size_t g = 0; groups && g < res->groups; g++) {
		double v = res->grouping.values ? res->grouping.values[g] : NAN;
		groups[g] = v >= 1 && v <= (double)n ? labels[(size_t)v - 1] : res->group_labels[g];
	}
	for (int s = CFA_CONFIGURAL; s <= CFA_SCALAR; s++) {
		const struct cfa_step_result *r = &res->inv.step[s];
		char why[1024];
		if (!r->fit || (r->status == GSL_SUCCESS && r->fit->why.problem == CFA_OK))
			continue;
		cfa_why_text(&r->fit->why, &r->fit->spec, res->items, res->factors, groups ? groups : res->group_labels, why,
			     sizeof why);
		if (r->status == GSL_SUCCESS)
			doc_warning(doc, "measurement invariance across waves: the %s model: %s", step_name[s], why);
		else
			doc_note(doc, "measurement invariance across waves: the %s model could not be fitted: %s", step_name[s], why);
	}
	free(groups);
}

static void fit(const struct cli *cli, const char *path, const char *column, char **labels, size_t n, json_t *doc)
{
	struct cli_value vals[] = {{"group", column}, {"invariance", ""}};
	const char *data[] = {path};
	struct cli c = cli_derive(cli, "cfa", data, vals, sizeof vals / sizeof vals[0]);
	struct cfa_request rq = {0};
	struct cfa_result res = {0};
	struct dataset ds;
	struct sk_error e = {0};
	int status;

	if ((status = dataset_load(&ds, path, &c, &e)) != 0) {
		doc_note(doc, "measurement invariance across waves: not tested (%s)", e.msg);
		return;
	}
	if ((status = cfa_request_parse(&c, &rq, &e)) == 0)
		status = cfa_run(&rq, &ds, &res, &e);
	if (status != 0)
		doc_note(doc, "measurement invariance across waves: not tested (%s)", e.msg);
	else {
		put_finding(doc, &res);
		put_table(doc, &res);
		put_problems(doc, &res, labels, n);
	}
	cfa_result_release(&res);
	cfa_request_release(&rq);
	dataset_free(&ds);
}

int waves_invariance(const struct cli *cli, const char *const *paths, char **labels, size_t n,
		     const struct dataset *first, const char *dir, json_t *doc, struct sk_error *err)
{
	char column[64], *work = output_path(dir, WORK_FOLDER), *path = work ? output_path(work, STACKED_FILE) : NULL,
			 *book = NULL;
	struct stack_request r = {.waves = paths, .n = n, .out = path, .wave_column = column, .labels = labels,
				  .n_labels = n};
	struct stack_result res;
	struct sk_error e = {0};
	int status;

	if (!path) {
		free(work);
		return sk_out_of_memory(err);
	}
	wave_column(first, column, sizeof column);
	if (mkdir(work, 0777) != 0)
		status = sk_fail(&e, SK_EXIT_OUTPUT, "cannot create '%s': %s", work, strerror(errno));
	else if ((status = stack_run(cli, &r, &res, &e)) == 0) {
		status = frame_write_file(&res.frame, path, &book, NULL, &e);
		stack_result_release(&res);
	}
	if (status != 0)
		doc_note(doc, "measurement invariance across waves: not tested (%s)", e.msg);
	else
		fit(cli, path, column, labels, n, doc);
	if (status == 0)
		unlink(path);
	if (book)
		unlink(book);
	rmdir(work);
	free(book);
	free(path);
	free(work);
	return 0;
}
