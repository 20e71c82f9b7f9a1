/* surveykit process --within: a two-condition within-subject design as MEMORE estimates it
 * (models/memore.h; Montoya & Hayes 2017, Montoya 2019). Every respondent answered in condition 1
 * and condition 2 (two recovery scenarios); --y Y1,Y2 names the outcome in each,
 *   --m A1,A2[,B1,B2,...]  mediators as pairs, condition 1 first (MEMORE's m= order): mediation,
 *     with the a, b and d paths, the total, direct and indirect effects through each mediator
 *     difference, the total indirect effect, and with --contrast the pairwise contrasts, each
 *     indirect quantity with a percentile and bias-corrected bootstrap CI;
 *   --w TRAIT  moderation of the condition effect (Y1 - Y2) by a between-subject variable: the
 *     regression of the difference on W, the effect at W's 16th, 50th and 84th percentiles and,
 *     with --jn, the Johnson-Neyman points inside W's range.
 * Complete cases on every variable named; rows left out are counted by reason. Document keys:
 * design, y, mediators (pairs) or w; then total_effect, direct_effect, a_paths, b_paths,
 * d_paths, indirect_effects, total_indirect_effect, contrasts; or coefficients,
 * conditional_effects, johnson_neyman; bootstrap; notes. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/cli/emit.h"
#include "analysis/commands/process.h"
#include "analysis/data/bigbuf.h"
#include "io/doc.h"

static int load(struct process_within_result *res, const struct dataset *ds, struct sk_error *err)
{
	const struct process_request *rq = res->rq;
	struct reg_var **all = calloc(2 * rq->k + 3, sizeof *all);
	size_t k = 0, *rows = NULL;
	int status = 0;

	res->m1 = calloc(rq->k + 1, sizeof *res->m1);
	res->m2 = calloc(rq->k + 1, sizeof *res->m2);
	if (!all || !res->m1 || !res->m2) {
		free(all);
		return sk_out_of_memory(err);
	}
	if ((status = reg_var_load(ds, rq->y_pair[0], 0, NULL, NULL, &res->y1, err)) != 0 ||
	    (status = reg_var_load(ds, rq->y_pair[1], 0, NULL, NULL, &res->y2, err)) != 0 ||
	    (rq->w && (status = reg_var_load(ds, rq->w, 0, NULL, NULL, &res->w, err)) != 0))
		goto done;
	all[k++] = &res->y1;
	all[k++] = &res->y2;
	if (rq->w)
		all[k++] = &res->w;
	for (size_t j = 0; j < rq->k; j++) {
		if ((status = reg_var_load(ds, rq->m[2 * j], 0, NULL, NULL, &res->m1[j], err)) != 0 ||
		    (status = reg_var_load(ds, rq->m[2 * j + 1], 0, NULL, NULL, &res->m2[j], err)) != 0)
			goto done;
		all[k++] = &res->m1[j];
		all[k++] = &res->m2[j];
	}
	status = reg_rows(ds, all, k, NULL, res->envelope, &rows, &res->n, err);
	for (size_t j = 0; !status && j < k; j++)
		status = reg_var_restrict(all[j], rows, res->n, res->envelope, err);
done:
	free(all);
	bigbuf_free(rows);
	return status;
}

static int memore_error(const struct process_within_result *res, enum memore_problem p, size_t bad,
			struct sk_error *err)
{
	const struct process_request *rq = res->rq;

	switch (p) {
	case MEMORE_TOO_FEW_CASES:
		return sk_fail(err, SK_EXIT_ANALYSIS, "too few complete cases (%zu) for the within-subject analysis", res->n);
	case MEMORE_CONSTANT_DIFFERENCE:
		if (bad < rq->k && !rq->w)
			return sk_fail(err, SK_EXIT_ANALYSIS, "'%s' - '%s' is the same for every respondent", rq->m[2 * bad],
				       rq->m[2 * bad + 1]);
		return sk_fail(err, SK_EXIT_ANALYSIS, "'%s' - '%s' is the same for every respondent", rq->y_pair[0],
			       rq->y_pair[1]);
	case MEMORE_REGRESSION:
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "the regression of '%s' - '%s' cannot be fitted (collinear or constant predictors)",
			       rq->y_pair[0], rq->y_pair[1]);
	default:
		return sk_fail(err, SK_EXIT_ANALYSIS, "the within-subject analysis cannot be made");
	}
}

static int mediation(struct process_within_result *res, struct sk_error *err)
{
	const struct process_request *rq = res->rq;
	size_t n = res->n, k = rq->k;
	gsl_vector *y1 = gsl_vector_alloc(n), *y2 = gsl_vector_alloc(n);
	gsl_matrix *m1 = gsl_matrix_alloc(n, k), *m2 = gsl_matrix_alloc(n, k);
	int status = 0;

	res->med = memore_alloc(n, k);
	if (!y1 || !y2 || !m1 || !m2 || !res->med) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		gsl_vector_set(y1, i, res->y1.v[i]);
		gsl_vector_set(y2, i, res->y2.v[i]);
		for (size_t j = 0; j < k; j++) {
			gsl_matrix_set(m1, i, j, res->m1[j].v[i]);
			gsl_matrix_set(m2, i, j, res->m2[j].v[i]);
		}
	}
	{
		struct memore_spec s = {.y1 = y1, .y2 = y2, .m1 = m1, .m2 = m2, .ols = rq->ols};
		status = memore_run(res->med, &s);
	}
	if (status == GSL_ENOMEM) {
		status = sk_out_of_memory(err);
		goto done;
	}
	if (status) {
		status = memore_error(res, res->med->problem, res->med->bad, err);
		goto done;
	}
	if (rq->boot.reps) {
		res->draws = gsl_matrix_alloc(rq->boot.reps, memore_n_stats(k));
		if (!res->draws) {
			status = sk_out_of_memory(err);
			goto done;
		}
		status = memore_bootstrap(res->med, rq->boot.reps, rq->boot.seed, rq->boot.threads, rq->ols.tolerance,
					  res->draws, &res->replaced);
		if (status)
			status = status == GSL_ENOMEM ? sk_out_of_memory(err)
						      : sk_fail(err, SK_EXIT_ANALYSIS, "bootstrap: %s", gsl_strerror(status));
	}
done:
	gsl_vector_free(y1);
	gsl_vector_free(y2);
	gsl_matrix_free(m1);
	gsl_matrix_free(m2);
	return status;
}

static int moderation(struct process_within_result *res, struct sk_error *err)
{
	const struct process_request *rq = res->rq;
	size_t n = res->n;
	gsl_vector *y1 = gsl_vector_alloc(n), *y2 = gsl_vector_alloc(n), *w = gsl_vector_alloc(n);
	double *work = malloc(n * sizeof *work), roots[2];
	int clamped, status = 0;

	res->mod = memore_mod_alloc(n);
	if (!y1 || !y2 || !w || !work || !res->mod) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		gsl_vector_set(y1, i, res->y1.v[i]);
		gsl_vector_set(y2, i, res->y2.v[i]);
		gsl_vector_set(w, i, res->w.v[i]);
	}
	status = memore_mod_run(res->mod, y1, y2, w, &rq->ols);
	if (status == GSL_ENOMEM) {
		status = sk_out_of_memory(err);
		goto done;
	}
	if (status) {
		status = memore_error(res, res->mod->problem, res->mod->bad, err);
		goto done;
	}
	res->n_probe = mod_probe_values(res->w.v, n, MOD_PROBE_PERCENTILES, res->probe, &clamped, work);
	if (rq->jn)
		memore_mod_jn(res->mod, roots, res->jn_points, &res->n_jn);
done:
	gsl_vector_free(y1);
	gsl_vector_free(y2);
	gsl_vector_free(w);
	free(work);
	return status;
}

int process_within_run(const struct process_request *rq, const struct dataset *ds, struct process_within_result *res,
		       struct sk_error *err)
{
	int status;

	memset(res, 0, sizeof *res);
	res->rq = rq;
	res->envelope = dataset_doc(ds, "process");
	if (!res->envelope)
		return sk_out_of_memory(err);
	if ((status = load(res, ds, err)) != 0)
		return status;
	doc_set_used(res->envelope, res->n);
	return rq->w ? moderation(res, err) : mediation(res, err);
}

void process_within_release(struct process_within_result *res)
{
	const struct process_request *rq = res->rq;

	json_decref(res->envelope);
	reg_var_release(&res->y1);
	reg_var_release(&res->y2);
	reg_var_release(&res->w);
	for (size_t j = 0; rq && j < rq->k; j++) {
		if (res->m1)
			reg_var_release(&res->m1[j]);
		if (res->m2)
			reg_var_release(&res->m2[j]);
	}
	free(res->m1);
	free(res->m2);
	memore_free(res->med);
	memore_mod_free(res->mod);
	gsl_matrix_free(res->draws);
	memset(res, 0, sizeof *res);
}

static void put_effect(json_t *row, const struct memore_effect *e)
{
	doc_num(row, "effect", e->est);
	doc_num(row, "se", e->se);
	doc_num(row, "t", e->t);
	doc_num(row, "df", e->df);
	doc_num(row, "p", e->p);
	doc_num(row, "llci", e->llci);
	doc_num(row, "ulci", e->ulci);
}

static void put_boot(const struct process_within_result *res, json_t *doc, json_t *row, size_t col, double est,
		     double *work)
{
	struct boot_ci ci;

	doc_num(row, "effect", est);
	if (!res->draws)
		return;
	bootstrap_ci(res->draws, col, est, res->rq->ols.ci, work, &ci);
	doc_num(row, "boot_se", ci.se);
	doc_num(row, "boot_llci", ci.llci);
	doc_num(row, "boot_ulci", ci.ulci);
	doc_num_why(doc, row, "bc_llci", ci.bc_llci, "bias-corrected CI (every resample on one side)");
	doc_num_why(doc, row, "bc_ulci", ci.bc_ulci, "bias-corrected CI (every resample on one side)");
}

static const char *med_name(const struct process_request *rq, size_t j, char *buf, size_t size)
{
	snprintf(buf, size, "%s - %s", rq->m[2 * j], rq->m[2 * j + 1]);
	return buf;
}

static int put_mediation(const struct process_within_result *res, json_t *doc)
{
	const struct process_request *rq = res->rq;
	const struct memore *md = res->med;
	size_t k = rq->k, S = memore_n_stats(k), s = 0;
	double *est = malloc(S * sizeof *est), *work = malloc((rq->boot.reps + 1) * sizeof *work);
	json_t *arr;
	char buf[1024];
	static const char *paths[] = {"a_paths", "b_paths", "d_paths"};

	if (!est || !work) {
		free(est);
		free(work);
		return -1;
	}
	memore_statistics(md, est);
	put_effect(doc_obj(doc, "total_effect"), &md->total);
	put_effect(doc_obj(doc, "direct_effect"), &md->direct);
	for (int p = 0; p < 3; p++) {
		const struct memore_effect *e = p == 0 ? md->a : p == 1 ? md->b : md->d;
		arr = doc_arr(doc, paths[p]);
		for (size_t j = 0; j < k; j++) {
			json_t *row = doc_push_obj(arr);
			doc_str(row, "mediator", med_name(rq, j, buf, sizeof buf));
			put_effect(row, &e[j]);
		}
	}
	{
		json_t *reg = doc_obj(doc, "regression");
		doc_str(reg, "_title", "Regression of the outcome difference on the mediator differences and centred averages");
		doc_num(reg, "r2", md->fit->r2);
		doc_num(reg, "adj_r2", md->fit->adj_r2);
		doc_num(reg, "mse", md->fit->sigma * md->fit->sigma);
		emit_f_test(reg, md->fit->F, md->fit->df1, md->fit->df2, md->fit->p_F);
	}
	arr = doc_arr(doc, "indirect_effects");
	for (size_t j = 0; j < k; j++, s++) {
		json_t *row = doc_push_obj(arr);
		doc_str(row, "mediator", med_name(rq, j, buf, sizeof buf));
		put_boot(res, doc, row, s, est[s], work);
	}
	if (k > 1)
		put_boot(res, doc, doc_obj(doc, "total_indirect_effect"), s, est[s], work);
	s++;
	if (k > 1 && rq->contrast) {
		arr = doc_arr(doc, "contrasts");
		for (size_t i = 0; i < k; i++)
			for (size_t j = i + 1; j < k; j++, s++) {
				json_t *row = doc_push_obj(arr);
				char b2[2100];
				char b1[1024];
				snprintf(b2, sizeof b2, "(%s) minus (%s)", med_name(rq, i, buf, sizeof buf),
					 med_name(rq, j, b1, sizeof b1));
				doc_str(row, "contrast", b2);
				put_boot(res, doc, row, s, est[s], work);
			}
	}
	free(est);
	free(work);
	doc_note(doc, "within-subject mediation (MEMORE model 1; Montoya & Hayes 2017): differences are condition 1 "
		      "minus condition 2 (%s - %s), d paths are the centred mediator averages", rq->y_pair[0], rq->y_pair[1]);
	return 0;
}

static void put_moderation(const struct process_within_result *res, json_t *doc)
{
	const struct process_request *rq = res->rq;
	const struct ols_fit *f = res->mod->fit;
	json_t *arr = doc_arr(doc, "coefficients"), *reg;
	struct memore_effect e;

	reg = doc_obj(doc, "regression");
	doc_str(reg, "_title", "Regression of the outcome difference on the moderator");
	doc_num(reg, "r2", f->r2);
	emit_f_test(reg, f->F, f->df1, f->df2, f->p_F);
	for (size_t i = 0; i < 2; i++) {
		json_t *row = doc_push_obj(arr);
		doc_str(row, "term", i ? rq->w : "(Intercept)");
		doc_num(row, "b", gsl_vector_get(f->b, i));
		doc_num(row, "se", gsl_vector_get(f->se, i));
		doc_num(row, "t", gsl_vector_get(f->t, i));
		doc_num(row, "p", gsl_vector_get(f->p_value, i));
		doc_num(row, "llci", gsl_vector_get(f->llci, i));
		doc_num(row, "ulci", gsl_vector_get(f->ulci, i));
	}
	arr = doc_arr(doc, "conditional_effects");
	for (size_t p = 0; p < res->n_probe; p++) {
		json_t *row = doc_push_obj(arr);
		memore_mod_effect(res->mod, res->probe[p], &e);
		doc_num(row, "w", res->probe[p]);
		put_effect(row, &e);
	}
	if (rq->jn) {
		arr = doc_arr(doc, "johnson_neyman");
		for (size_t p = 0; p < res->n_jn; p++) {
			json_t *row = doc_push_obj(arr);
			memore_mod_effect(res->mod, res->jn_points[p], &e);
			doc_num(row, "w", res->jn_points[p]);
			put_effect(row, &e);
		}
		if (!res->n_jn)
			doc_note(doc, "Johnson-Neyman: no transition point inside the observed range of '%s' (%g to %g)", rq->w,
				 res->mod->w_min, res->mod->w_max);
	}
	doc_note(doc, "within-subject moderation (MEMORE model 2; Montoya 2019): the condition effect %s - %s regressed "
		      "on '%s'; probe values its 16th, 50th and 84th percentiles", rq->y_pair[0], rq->y_pair[1], rq->w);
}

json_t *process_within_emit(struct process_within_result *res)
{
	const struct process_request *rq = res->rq;
	json_t *doc = res->envelope, *a;

	if (!doc)
		return NULL;
	res->envelope = NULL;
	doc_str(doc, "design", "within");
	a = doc_arr(doc, "y");
	doc_push_str(a, rq->y_pair[0]);
	doc_push_str(a, rq->y_pair[1]);
	if (rq->w) {
		doc_str(doc, "w", rq->w);
		put_moderation(res, doc);
		return doc;
	}
	a = doc_arr(doc, "mediators");
	for (size_t j = 0; j < rq->k; j++) {
		json_t *row = doc_push_obj(a);
		doc_str(row, "condition_1", rq->m[2 * j]);
		doc_str(row, "condition_2", rq->m[2 * j + 1]);
	}
	if (put_mediation(res, doc) != 0) {
		json_decref(doc);
		return NULL;
	}
	if (rq->boot.reps) {
		json_t *b = doc_obj(doc, "bootstrap");
		doc_size(b, "resamples", rq->boot.reps);
		doc_size(b, "seed", rq->boot.seed);
		doc_size(b, "replaced", res->replaced);
		doc_num(b, "level", rq->ols.ci);
		boot_options_notes(&rq->boot, doc);
	}
	return doc;
}
