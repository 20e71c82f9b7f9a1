/* The document of surveykit cfa: the only place naming its JSON keys. Fit measures carry
 * lavaan's fitMeasures() names with '_' for '.' where they exist (chisq, cfi_robust, ...). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands/cfa.h"
#include "analysis/data/dropped.h"
#include "io/doc.h"

static const char *const step_name[CFA_STEPS] = {"configural", "metric", "scalar", "strict"};

/* est, se, z, p and the interval; a fixed parameter's z and p are null (explained once). */
static void put_estimate(json_t *row, const struct cfa_estimate *e, int with_ci)
{
	doc_num(row, "est", e->est);
	doc_num(row, "se", e->se);
	doc_num_noted(row, "z", e->z);
	doc_num_noted(row, "p", e->p);
	if (with_ci) {
		doc_num_noted(row, "llci", e->lo);
		doc_num_noted(row, "ulci", e->hi);
	}
}

static void put_rmsea(json_t *obj, const char *key, const struct cfa_rmsea *r)
{
	char k[64];

	doc_num(obj, key, r->value);
	snprintf(k, sizeof k, "%s_lo", key);
	doc_num(obj, k, r->lo);
	snprintf(k, sizeof k, "%s_hi", key);
	doc_num(obj, k, r->hi);
	snprintf(k, sizeof k, "%s_p_close", key);
	doc_num_noted(obj, k, r->p_close);
}

static void put_fit(json_t *doc, const struct cfa_fit *fit)
{
	json_t *o = doc_obj(doc, "fit");
	const struct cfa_test *t = &fit->standard;

	doc_str(o, "_title", "Fit");
	doc_num(o, "chisq", t->chisq);
	doc_num(o, "df", t->df);
	doc_num_noted(o, "p", t->p);
	doc_num(o, "cfi", t->cfi);
	doc_num(o, "tli", t->tli);
	put_rmsea(o, "rmsea", &t->rmsea);
	doc_num(o, "srmr", fit->srmr);
	doc_num(o, "aic", fit->aic);
	doc_num(o, "bic", fit->bic);
	doc_num(o, "sabic", fit->sabic);
	doc_num(o, "logl", fit->logl);
	doc_num(o, "baseline_chisq", t->baseline_chisq);
	doc_num(o, "baseline_df", t->baseline_df);
	if (!fit->robust)
		return;
	doc_num(o, "chisq_scaled", fit->scaled.chisq);
	doc_num(o, "df_scaled", fit->scaled.df);
	doc_num_noted(o, "p_scaled", fit->scaled.p);
	doc_num(o, "scaling_factor", fit->scaling);
	doc_num(o, "cfi_scaled", fit->scaled.cfi);
	doc_num(o, "tli_scaled", fit->scaled.tli);
	put_rmsea(o, "rmsea_scaled", &fit->scaled.rmsea);
	if (fit->opt.missing == CFA_FIML && !fit->fiml_robust)
		return;
	doc_num(o, "cfi_robust", fit->cfi_robust);
	doc_num(o, "tli_robust", fit->tli_robust);
	put_rmsea(o, "rmsea_robust", &fit->rmsea_robust);
}

static void put_parameters(json_t *doc, const struct cfa_result *res)
{
	const struct cfa_fit *fit = res->fit;
	const struct cfa_spec *s = &fit->spec;
	json_t *load = doc_arr(doc, "loadings"), *var = doc_arr(doc, "factor_variances");
	json_t *cor = doc_arr(doc, "factor_correlations"), *res_var = doc_arr(doc, "residual_variances");
	json_t *res_cov = NULL, *icpt = NULL;
	int fixed = 0;

	for (size_t k = 0; k < s->n_param; k++) {
		const struct cfa_param *q = &s->param[k];
		const struct cfa_estimate *e = &fit->par[k];
		json_t *row = NULL;
		fixed |= !q->free;
		switch (q->kind) {
		case CFA_LOADING:
			row = doc_push_obj(load);
			doc_str(row, "factor", res->factors[q->j]);
			doc_str(row, "item", res->items[q->i]);
			put_estimate(row, e, 1);
			doc_num(row, "std", e->std);
			doc_num(row, "std_se", e->std_se);
			break;
		case CFA_FACTOR_COV:
			if (q->i == q->j) {
				row = doc_push_obj(var);
				doc_str(row, "factor", res->factors[q->i]);
				put_estimate(row, e, 1);
				break;
			}
			break; /* below, in lavaan's order */
		case CFA_RESID_COV:
			if (q->i == q->j) {
				row = doc_push_obj(res_var);
				doc_str(row, "item", res->items[q->i]);
				put_estimate(row, e, 0);
				doc_num(row, "std", e->std);
				doc_num(row, "r2", gsl_vector_get(fit->r2[0], q->i));
				break;
			}
			if (!res_cov)
				res_cov = doc_arr(doc, "residual_covariances");
			row = doc_push_obj(res_cov);
			doc_str(row, "a", res->items[q->j]);
			doc_str(row, "b", res->items[q->i]);
			put_estimate(row, e, 0);
			doc_num(row, "cor", e->std);
			break;
		case CFA_INTERCEPT:
			if (!icpt)
				icpt = doc_arr(doc, "intercepts");
			row = doc_push_obj(icpt);
			doc_str(row, "item", res->items[q->i]);
			put_estimate(row, e, 0);
			break;
		case CFA_LATENT_MEAN:
			break;
		}
	}
	/* lavaan's order: f1 ~~ f2, f1 ~~ f3, ..., f2 ~~ f3, ... */
	for (size_t a = 0; a < res->m; a++)
		for (size_t b = a + 1; b < res->m; b++) {
			size_t k = cfa_spec_find(s, CFA_FACTOR_COV, 0, b, a);
			const struct cfa_estimate *e = &fit->par[k];
			json_t *row;
			if (k == CFA_NONE)
				continue;
			row = doc_push_obj(cor);
			doc_str(row, "a", res->factors[a]);
			doc_str(row, "b", res->factors[b]);
			doc_num(row, "cov", e->est);
			doc_num(row, "se", e->se);
			doc_num_noted(row, "z", e->z);
			doc_num_noted(row, "p", e->p);
			doc_num(row, "cor", e->std);
			doc_num(row, "cor_se", e->std_se);
			doc_num_noted(row, "cor_llci", e->std_lo);
			doc_num_noted(row, "cor_ulci", e->std_hi);
		}
	if (!json_array_size(cor))
		json_object_del(doc, "factor_correlations");
	if (fixed)
		doc_note(doc, "fixed parameters (such as the loading fixed to 1 that scales each factor) have no z, p or CI");
}

static void put_validity(json_t *doc, const struct cfa_result *res)
{
	json_t *arr = doc_arr(doc, "validity"), *fl;

	for (size_t f = 0; f < res->m; f++) {
		const struct cfa_validity *v = &res->validity[f];
		json_t *row = doc_push_obj(arr);
		doc_str(row, "factor", res->factors[f]);
		doc_size(row, "items", v->k);
		doc_num(row, "cr", v->cr);
		doc_num(row, "ave", v->ave);
		doc_num(row, "sqrt_ave", v->sqrt_ave);
		if (res->m > 1) {
			doc_num(row, "msv", v->msv);
			doc_str(row, "msv_with", res->factors[v->msv_factor]);
			doc_bool(row, "ave_above_msv", v->ave > v->msv);
			doc_bool(row, "fornell_larcker", v->fl_ok);
		}
		doc_num_noted(row, "omega", v->omega);
		doc_num_noted(row, "ave_semtools", v->ave_semtools);
	}
	for (size_t f = 0; f < res->m; f++)
		if (!isfinite(res->validity[f].omega)) {
			doc_note(doc, "validity: omega and ave_semtools are null for a factor with one indicator or with an "
				      "indicator that loads on another factor (as semTools)");
			break;
		}
	if (res->m < 2)
		return;
	fl = doc_arr(doc, "fornell_larcker");
	for (size_t f = 0; f < res->m; f++) {
		json_t *row = doc_push_obj(fl);
		doc_str(row, "factor", res->factors[f]);
		for (size_t h = 0; h < res->m; h++)
			doc_num(row, res->factors[h], gsl_matrix_get(res->fl, f, h));
	}
	doc_note(doc, "validity: CR and AVE from the standardised loadings (Fornell & Larcker 1981); the Fornell-Larcker "
		      "table has sqrt(AVE) on its diagonal and the latent correlations off it; AVE-SV compares AVE with the "
		      "largest squared latent correlation (msv); omega and ave_semtools as semTools::compRelSEM and AVE");
}

static void put_htmt(json_t *doc, const struct cfa_result *res)
{
	size_t pairs = htmt_n_pairs(res->m);
	json_t *arr = doc_arr(doc, "htmt");

	for (size_t k = 0; k < pairs; k++) {
		size_t a, b;
		json_t *row = doc_push_obj(arr);
		htmt_pair(res->m, k, &a, &b);
		doc_str(row, "a", res->factors[a]);
		doc_str(row, "b", res->factors[b]);
		doc_num(row, "htmt", gsl_matrix_get(res->htmt->ratio, a, b));
		doc_num(row, "htmt2", gsl_matrix_get(res->htmt->ratio2, a, b));
		if (res->htmt_ci) {
			const struct htmt_interval *c = &res->htmt_ci[k], *c2 = &res->htmt_ci[pairs + k];
			doc_num(row, "llci", c->llci);
			doc_num(row, "ulci", c->ulci);
			doc_num(row, "htmt2_llci", c2->llci);
			doc_num(row, "htmt2_ulci", c2->ulci);
			doc_bool(row, "below_085", c->supported_strict);
			doc_bool(row, "below_090", c->supported_lenient);
		} else {
			doc_bool(row, "below_085", gsl_matrix_get(res->htmt->ratio, a, b) < HTMT_THRESHOLD_STRICT);
			doc_bool(row, "below_090", gsl_matrix_get(res->htmt->ratio, a, b) < HTMT_THRESHOLD_LENIENT);
		}
		if (gsl_matrix_get(res->htmt->ratio, a, b) >= HTMT_THRESHOLD_LENIENT)
			doc_warning(doc, "HTMT of '%s' and '%s' is %.3f, above .90: discriminant validity not shown",
				    res->factors[a], res->factors[b], gsl_matrix_get(res->htmt->ratio, a, b));
		else if (gsl_matrix_get(res->htmt->ratio, a, b) >= HTMT_THRESHOLD_STRICT)
			doc_warning(doc, "HTMT of '%s' and '%s' is %.3f, above .85 (below the lenient .90)", res->factors[a],
				    res->factors[b], gsl_matrix_get(res->htmt->ratio, a, b));
	}
	doc_note(doc,
		 "htmt: as semTools::htmt (|r|, the %zu complete rows); HTMT2 with geometric means (Roemer et al. 2021); %s",
		 res->htmt_n,
		 res->htmt_ci ? "below_085/below_090: the upper CI bound is below the threshold (Henseler et al. 2015)"
			      : "below_085/below_090 compare the estimate; --boot N adds percentile CIs");
	if (res->htmt_ci)
		doc_note(doc, "HTMT bootstrap: %zu resamples, seed %lu, %.0f%% percentile CIs%s", res->rq->boot.reps,
			 res->rq->boot.seed, 100 * res->rq->ci,
			 res->htmt_replaced ? " (resamples with a constant item were drawn again)" : "");
}

static void put_common_method(json_t *doc, const struct cfa_result *res)
{
	json_t *o;

	if (!res->harman_ok && !res->one_factor)
		return;
	o = doc_obj(doc, "common_method");
	doc_str(o, "_title", "Common method variance");
	if (res->harman_ok) {
		doc_num(o, "harman_share_pc", res->harman.share_pc);
		doc_num_noted(o, "harman_share_pa", res->harman.share_pa);
		doc_bool(o, "harman_majority", res->harman.majority_pc);
		if (res->harman.majority_pc)
			doc_warning(doc, "Harman's test: the first component explains %.1f%% of the item variance, more than half "
					 "(a common method factor may dominate)", 100 * res->harman.share_pc);
	}
	if (res->one_factor) {
		const struct cfa_step_result *t = &res->one_factor_test;
		doc_num(o, "one_factor_chisq", res->one_factor->standard.chisq);
		doc_num(o, "one_factor_df", res->one_factor->standard.df);
		doc_num(o, "one_factor_cfi", res->one_factor->standard.cfi);
		doc_num(o, "one_factor_rmsea", res->one_factor->standard.rmsea.value);
		doc_num(o, "chisq_diff", t->chisq_diff);
		doc_num(o, "df_diff", t->df_diff);
		doc_num_noted(o, "p", t->p);
		if (res->fit->robust) {
			doc_num_noted(o, "scaled_diff", t->scaled_diff);
			doc_num_noted(o, "scaled_p", t->scaled_p);
		}
	}
	doc_note(doc, "common method: Harman's share is that of the first unrotated component (pa: one principal-axis "
		      "factor); it detects only a method factor that dominates every trait, so a share below 50%% does not "
		      "show its absence (Podsakoff et al. 2003). The single-factor CFA fitting much worse than the "
		      "measurement model (chisq_diff) argues against one common factor; neither test estimates method variance");
}

static void put_mi(json_t *doc, const struct cfa_result *res)
{
	json_t *arr;
	size_t shown = res->n_mi < CFA_MI_SHOWN ? res->n_mi : CFA_MI_SHOWN;

	if (!shown)
		return;
	arr = doc_arr(doc, "modification_indices");
	for (size_t k = 0; k < shown; k++) {
		const struct cfa_mi *mi = &res->mi[k];
		json_t *row = doc_push_obj(arr);
		int load = mi->kind == CFA_LOADING;
		doc_str(row, "lhs", load ? res->factors[mi->j] : res->items[mi->j]);
		doc_str(row, "op", load ? "=~" : "~~");
		doc_str(row, "rhs", res->items[mi->i]);
		doc_num(row, "mi", mi->mi);
		doc_num(row, "epc", mi->epc);
		doc_num(row, "sepc_all", mi->sepc_all);
	}
}

static void put_residuals(json_t *doc, const struct cfa_result *res)
{
	const gsl_matrix *r = res->fit->resid_cor[0];
	json_t *arr = NULL;

	for (size_t i = 0; i < res->p; i++)
		for (size_t j = 0; j < i; j++) {
			double v = gsl_matrix_get(r, i, j);
			json_t *row;
			if (!(fabs(v) > CFA_RESID_SHOWN))
				continue;
			if (!arr)
				arr = doc_arr(doc, "residual_correlations");
			row = doc_push_obj(arr);
			doc_str(row, "a", res->items[j]);
			doc_str(row, "b", res->items[i]);
			doc_num(row, "residual", v);
		}
	if (arr)
		doc_note(doc, "residual_correlations: observed minus model-implied correlations above %.2f in absolute value "
			      "(lavaan's resid(type = \"cor.bollen\"))", CFA_RESID_SHOWN);
}

static void put_invariance(json_t *doc, const struct cfa_result *res)
{
	json_t *arr = doc_arr(doc, "invariance"), *groups = doc_arr(doc, "groups"), *means = NULL;
	const struct cfa_step_result *scalar = &res->inv.step[CFA_SCALAR];
	int robust = res->fit->robust, failed = 0, rejected = 0;

	for (size_t g = 0; g < res->groups && res->inv.step[0].fit; g++) {
		json_t *row = doc_push_obj(groups);
		doc_str(row, "group", res->group_labels[g]);
		doc_size(row, "n", res->inv.step[0].status == GSL_SUCCESS ? res->inv.step[0].fit->n_group[g] : 0);
	}
	for (int s = 0; s < CFA_STEPS; s++) {
		const struct cfa_step_result *r = &res->inv.step[s];
		json_t *row = doc_push_obj(arr);
		doc_str(row, "step", step_name[s]);
		if (r->status != GSL_SUCCESS) {
			doc_str(row, "decision", "not estimated");
			failed = 1;
			continue;
		}
		const struct cfa_fit *f = r->fit;
		doc_num(row, "chisq", f->standard.chisq);
		doc_num(row, "df", f->standard.df);
		doc_num_noted(row, "p", f->standard.p);
		doc_num(row, "cfi", f->standard.cfi);
		doc_num(row, "rmsea", f->standard.rmsea.value);
		doc_num(row, "srmr", f->srmr);
		if (robust) {
			doc_num(row, "chisq_scaled", f->scaled.chisq);
			doc_num(row, "cfi_scaled", f->scaled.cfi);
			doc_num(row, "rmsea_scaled", f->scaled.rmsea.value);
		}
		doc_num_noted(row, "chisq_diff", r->chisq_diff);
		doc_num_noted(row, "df_diff", r->df_diff);
		doc_num_noted(row, "p_diff", r->p);
		if (robust) {
			doc_num_noted(row, "scaled_diff", r->scaled_diff);
			doc_num_noted(row, "scaled_p", r->scaled_p);
		}
		doc_num_noted(row, "delta_cfi", r->delta_cfi);
		doc_num_noted(row, "delta_rmsea", r->delta_rmsea);
		if (s == CFA_CONFIGURAL)
			doc_str(row, "decision", "baseline");
		else if (!isfinite(r->delta_cfi))
			doc_str(row, "decision", "not compared");
		else if (r->delta_cfi < CFA_DELTA_CFI || r->delta_rmsea > CFA_DELTA_RMSEA) {
			doc_str(row, "decision", "not supported");
			if (!rejected++)
				doc_warning(doc, "%s invariance is not supported across the groups of '%s'%s; later steps are tested "
						 "against it", step_name[s], res->rq->group,
					    s == CFA_SCALAR ? ": compare their means only under partial invariance (--free ITEM~1,...)"
							    : "");
		} else
			doc_str(row, "decision", "supported");
	}
	doc_note(doc, "invariance: each step against the one before; decision 'not supported' when CFI drops by more than "
		      ".01 (Cheung & Rensvold 2002) or RMSEA rises by more than .015 (Chen 2007)%s; the chi-square "
		      "difference%s is shown beside them",
		 robust ? ", by the standard (not scaled) CFI and RMSEA" : "",
		 robust ? " (scaled_diff: the Satorra-Bentler 2001 scaled difference of lavTestLRT)" : " (as lavTestLRT)");
	if (res->rq->n_free)
		doc_note(doc, "partial invariance: the equalities of --free are left out of every step");
	if (failed)
		doc_note(doc, "invariance: a step that could not be fitted is not compared");
	if (scalar->status != GSL_SUCCESS)
		return;
	for (size_t k = 0; k < scalar->fit->spec.n_param; k++) {
		const struct cfa_param *q = &scalar->fit->spec.param[k];
		const struct cfa_estimate *e = &scalar->fit->par[k];
		json_t *row;
		if (q->kind != CFA_LATENT_MEAN || q->group == 0 || !q->free)
			continue;
		if (!means)
			means = doc_arr(doc, "latent_means");
		row = doc_push_obj(means);
		doc_str(row, "group", res->group_labels[q->group]);
		doc_str(row, "factor", res->factors[q->i]);
		put_estimate(row, e, 1);
		doc_num(row, "std", e->std);
	}
	if (means)
		doc_note(doc, "latent_means: at the scalar step, each group against '%s' (whose means are 0); std in its "
			      "own factor standard deviations", res->group_labels[0]);
}

size_t cfa_used(const struct cfa_result *res)
{
	return res->fit->n;
}

static void put_rows(json_t *doc, const struct cfa_result *res, int *failed)
{
	const struct dataset *ds = res->ds;
	const char **names = malloc((res->p + 1) * sizeof *names);
	size_t k = 0;

	if (!names) {
		*failed = 1;
		return;
	}
	if (res->rq->missing == CFA_LISTWISE)
		for (size_t i = 0; i < res->p; i++)
			names[k++] = ds->frame.cols[res->col[i]].name;
	if (res->rq->group)
		names[k++] = res->rq->group;
	if (k && dataset_note_dropped(ds, doc, NULL, names, k, NULL, &(struct sk_error){0}) != 0)
		*failed = 1;
	free(names);
	doc_set_used(doc, cfa_used(res));
	if (res->rq->missing == CFA_FIML) {
		doc_note(doc, "FIML (lavaan's missing = \"ml\"): %zu of the %zu rows used had missing answers; every answered "
			      "item is used", res->rows_with_missing, res->fit->n);
		if (res->fit->dropped_empty)
			doc_note(doc, "%zu rows answered no item of the model and are left out", res->fit->dropped_empty);
	}
}

json_t *cfa_emit(const struct cfa_result *res)
{
	json_t *doc = dataset_doc(res->ds, "cfa"), *model;
	const struct cfa_fit *fit = res->fit;
	int failed = 0;

	if (!doc)
		return NULL;
	put_rows(doc, res, &failed);
	model = doc_obj(doc, "model");
	doc_str(model, "_title", "Model");
	doc_str(model, "estimator", fit->opt.estimator == CFA_MLM ? "MLM" : fit->opt.estimator == CFA_MLR ? "MLR" : "ML");
	doc_str(model, "missing", fit->opt.missing == CFA_FIML ? "fiml" : "listwise");
	doc_str(model, "scale", res->rq->std_lv ? "factor variances fixed to 1" : "first loadings fixed to 1");
	doc_size(model, "n", fit->n);
	doc_size(model, "items", res->p);
	doc_size(model, "factors", res->m);
	doc_size(model, "npar", fit->npar);
	doc_size(model, "iterations", fit->iterations);
	put_fit(doc, fit);
	put_parameters(doc, res);
	if (res->validity)
		put_validity(doc, res);
	if (res->htmt)
		put_htmt(doc, res);
	put_common_method(doc, res);
	put_mi(doc, res);
	put_residuals(doc, res);
	if (res->invariance)
		put_invariance(doc, res);
	doc_note(doc, "as lavaan 0.6.14's cfa(): ML with N in the likelihood, %s information for the standard errors%s",
		 fit->opt.missing == CFA_FIML || fit->opt.estimator == CFA_MLR ? "observed" : "expected",
		 fit->opt.estimator == CFA_MLM   ? "; MLM: Satorra-Bentler scaled test, robust.sem SEs"
		 : fit->opt.estimator == CFA_MLR ? "; MLR: Yuan-Bentler (Mplus) scaled test, Huber-White SEs"
						 : "");
	for (size_t k = 0; k < res->n_warnings; k++)
		doc_warning(doc, "%s", res->warnings[k]);
	for (size_t k = 0; k < res->n_notes; k++)
		doc_note(doc, "%s", res->notes[k]);
	if (failed) {
		json_decref(doc);
		return NULL;
	}
	return doc;
}
