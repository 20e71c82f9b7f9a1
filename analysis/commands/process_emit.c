/* surveykit process: the result document, in PROCESS's order (the only place naming its keys):
 *   process_model, y, x, w, z, mediators, covariates, y_model ("OLS" or "logistic"), se_type;
 *   y_coding (logistic: the values coded 0 and 1); coding_x / coding_w (a multicategorical
 *     variable's coding table: level, label, one column per code);
 *   equations: per outcome (mediators, Y, then the total-effect model), its summary (OLS: n, r2,
 *     adj_r2, mse, F, df1, df2, p; logistic: n, minus2ll, model_ll, df, p, mcfadden, cox_snell,
 *     nagelkerke), coefficients (term, b, se, t or z, p, llci, ulci) and interaction_tests (term,
 *     r2_change, F, df1, df2, p; logistic: chi2, df, p);
 *   total_effect, direct_effects (at each point of the moderators of X -> Y; t or z);
 *   indirect_effects (each path at each point), total_indirect_effect; with --effsize partial and
 *     complete (partially and completely standardised) with their bootstrap CIs;
 *   index_of_moderated_mediation, conditional_moderated_mediation, moderated_moderated_mediation,
 *     contrasts; johnson_neyman (points, regions, the band table); bootstrap; notes.
 * Moderator values are in the metric of the model (centred with --center) under the key of the
 * variable's role: w, z (x, m1.. in model 74); a level of a multicategorical W with w_label. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cli/emit.h"
#include "analysis/commands/process.h"
#include "io/doc.h"

static const char *role_key(int v)
{
	static const char *keys[] = {"x", "w", "z", "m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "m10"};

	return keys[v];
}

/* "a -> b -> y" for path p (NULL: the direct path). */
static char *path_name(const struct process_result *res, size_t p)
{
	char buf[2048];
	size_t len;
	const struct proc_path *path = &res->model.path[p];

	snprintf(buf, sizeof buf, "%s", res->rq->x);
	for (size_t i = 0; i < path->len; i++) {
		len = strlen(buf);
		snprintf(buf + len, sizeof buf - len, " -> %s", res->rq->m[path->med[i]]);
	}
	len = strlen(buf);
	snprintf(buf + len, sizeof buf - len, " -> %s", res->rq->y);
	return strdup(buf);
}

/* A product's factors as PROCESS names them: the antecedent (X or a mediator) before W and Z. */
static void factor_order(const struct proc_term *t, size_t *order)
{
	size_t n = 0;

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < t->n; i++) {
			int mod = t->var[i] == PROC_W || t->var[i] == PROC_Z;
			if (mod == pass)
				order[n++] = i;
		}
}

static char *term_name(const struct process_result *res, size_t e, size_t coef)
{
	const struct proc_equation *q = &res->model.eq[e];
	const struct proc_eqfit *ef = &res->fit->eq[e];
	char buf[2048] = "";

	if (coef == 0)
		return strdup("(Intercept)");
	if (coef - 1 >= ef->off[q->n_terms]) {
		size_t r = coef - 1 - ef->off[q->n_terms];
		for (size_t c = 0; c < res->model.ncov; c++)
			if (q->cov[c] && r-- == 0)
				return strdup(res->rq->cov[c]);
		return strdup("?");
	}
	for (size_t t = 0; t < q->n_terms; t++)
		if (coef - 1 < ef->off[t + 1]) {
			size_t cols[3];
			size_t order[3], n = 0;
			proc_term_decode(res->fit, &q->term[t], coef - 1 - ef->off[t], cols);
			factor_order(&q->term[t], order);
			for (size_t i = 0; i < q->term[t].n; i++) {
				char *f = process_column_name(res, q->term[t].var[order[i]], cols[order[i]]);
				size_t len = strlen(buf);
				snprintf(buf + len, sizeof buf - len, "%s%s", n++ ? ":" : "", f ? f : "?");
				free(f);
			}
			return strdup(buf);
		}
	return strdup("?");
}

static void put_name(json_t *row, const char *key, char *s)
{
	doc_str(row, key, s);
	free(s);
}

/* The value of moderator v at its probe index in a row (a level and its label when multicategorical). */
static void put_probe(const struct process_result *res, json_t *row, int v, size_t probe)
{
	const char *key = role_key(v);

	if (probe == SIZE_MAX) {
		json_object_set_new(row, key, json_null());
		return;
	}
	if (v == PROC_W && res->fit->levels[PROC_W]) {
		char lk[16];
		snprintf(lk, sizeof lk, "%s_label", key);
		doc_str(row, key, res->wl.level[probe]);
		doc_str(row, lk, res->wl.label[probe]);
		return;
	}
	doc_num(row, key, res->probe[v][probe]);
}

static void put_at(const struct process_result *res, json_t *row, unsigned mask, const struct process_at *at)
{
	for (int v = 0; v < PROC_Y; v++)
		if ((mask >> v) & 1u)
			put_probe(res, row, v, (at->mask >> v) & 1u ? at->probe[v] : SIZE_MAX);
}

static void put_lincom(json_t *row, const struct lincom *lc, int z)
{
	doc_num(row, "effect", lc->est);
	doc_num(row, "se", lc->se);
	doc_num(row, z ? "z" : "t", lc->t);
	doc_num(row, "p", lc->p);
	doc_num(row, "llci", lc->llci);
	doc_num(row, "ulci", lc->ulci);
}

static void put_boot(const struct process_result *res, json_t *doc, json_t *row, const char *prefix,
		     const struct boot_ci *ci)
{
	char key[64];

	if (!res->rq->boot.reps)
		return;
	snprintf(key, sizeof key, "%sboot_se", prefix);
	doc_num(row, key, ci->se);
	snprintf(key, sizeof key, "%sboot_llci", prefix);
	doc_num(row, key, ci->llci);
	snprintf(key, sizeof key, "%sboot_ulci", prefix);
	doc_num(row, key, ci->ulci);
	if (prefix[0])
		return; /* standardised effects: percentile CIs, as PROCESS */
	snprintf(key, sizeof key, "%sbc_llci", prefix);
	doc_num_why(doc, row, key, ci->bc_llci, "bias-corrected CI (every resample on one side)");
	snprintf(key, sizeof key, "%sbc_ulci", prefix);
	doc_num_why(doc, row, key, ci->bc_ulci, "bias-corrected CI (every resample on one side)");
}

static void put_stat_row(const struct process_result *res, json_t *doc, json_t *row, const struct process_effect *e,
			 const char *key)
{
	doc_num(row, key, e->est);
	put_boot(res, doc, row, "", &e->ci[0]);
	if (e->boot_col[1] != SIZE_MAX) {
		doc_num(row, "partial", e->partial);
		put_boot(res, doc, row, "partial_", &e->ci[1]);
	}
	if (e->boot_col[2] != SIZE_MAX) {
		doc_num(row, "complete", e->complete);
		put_boot(res, doc, row, "complete_", &e->ci[2]);
	}
}

static void put_header(const struct process_result *res, json_t *doc)
{
	const struct process_request *rq = res->rq;
	json_t *a;

	doc_int(doc, "process_model", rq->model);
	doc_str(doc, "y", rq->y);
	doc_str(doc, "x", rq->x);
	if (rq->w)
		doc_str(doc, "w", rq->w);
	if (rq->z)
		doc_str(doc, "z", rq->z);
	if (rq->k) {
		a = doc_arr(doc, "mediators");
		for (size_t j = 0; j < rq->k; j++)
			doc_push_str(a, rq->m[j]);
	}
	if (rq->ncov) {
		a = doc_arr(doc, "covariates");
		for (size_t c = 0; c < rq->ncov; c++)
			doc_push_str(a, rq->cov[c]);
	}
	doc_str(doc, "y_model", res->logistic ? "logistic" : "OLS");
	doc_str(doc, "se_type", reg_cov_name(rq->ols.cov));
	if (res->logistic) {
		json_t *o = doc_obj(doc, "y_coding");
		doc_str(o, "_title", "Coding of binary Y for logistic regression");
		doc_num(o, "coded_0", res->fit->y_value[0]);
		doc_num(o, "coded_1", res->fit->y_value[1]);
	}
}

static void put_coding(const struct process_result *res, json_t *doc, int v, const char *key,
		       const struct process_levels *lv)
{
	json_t *arr;

	if (!res->fit->levels[v])
		return;
	arr = doc_arr(doc, key);
	for (size_t l = 0; l < lv->n; l++) {
		json_t *row = doc_push_obj(arr);
		doc_str(row, "level", lv->level[l]);
		doc_str(row, "label", lv->label[l]);
		for (size_t c = 0; c + 1 < lv->n; c++) {
			char *name = process_column_name(res, v, c);
			doc_num(row, name ? name : "?", res->fit->code[v][l][c]);
			free(name);
		}
	}
	doc_note(doc, "'%s' is multicategorical with %s coding (%s): %s", process_var_name(res, v),
		 coding_name(v == PROC_X ? res->rq->mcx : res->rq->mcw), key,
		 (v == PROC_X ? res->rq->mcx : res->rq->mcw) == CODING_SEQUENTIAL
			 ? "each code column compares a level with the one before it"
			 : "each code column's coefficient is relative to that coding");
}

static void put_conditional(const struct process_result *res, json_t *row, size_t e, int logistic)
{
	unsigned mask = 0;
	json_t *arr = NULL;

	for (int by_w = 0; by_w < 2; by_w++) {
		mask = 0;
		arr = NULL;
		for (size_t i = 0; i < res->n_cond; i++)
			if (res->cond[i].eq == e && res->cond[i].by_w == by_w)
				mask |= res->cond[i].at.mask;
		for (size_t i = 0; i < res->n_cond; i++) {
			const struct process_cond *c = &res->cond[i];
			json_t *r;
			if (c->eq != e || c->by_w != by_w)
				continue;
			if (!arr)
				arr = doc_arr(row, by_w ? "conditional_interactions" : "conditional_effects");
			r = doc_push_obj(arr);
			if (by_w) {
				char *a = process_column_name(res, c->a, c->col), *w = process_column_name(res, PROC_W, c->wcol);
				put_name(r, "interaction", reg_printf("%s:%s", a ? a : "?", w ? w : "?"));
				free(a);
				free(w);
			} else
				put_name(r, "focal", process_column_name(res, c->a, c->col));
			put_at(res, r, mask, &c->at);
			put_lincom(r, &c->lc, logistic);
		}
	}
}

static void put_equation(const struct process_result *res, json_t *eqs, size_t e)
{
	const struct proc_eqfit *ef = &res->fit->eq[e];
	int logistic = res->model.eq[e].family == PROC_FAMILY_LOGISTIC;
	json_t *row = doc_push_obj(eqs), *coef, *tests = NULL;

	doc_str(row, "outcome", process_var_name(res, res->model.eq[e].outcome));
	if (res->model.eq[e].total)
		doc_str(row, "_name", "total effect model");
	doc_bool(row, "total_effect_model", res->model.eq[e].total);
	doc_size(row, "n", res->n);
	if (logistic) {
		const struct logit_fit *lf = ef->logit;
		doc_num(row, "minus2ll", lf->dev);
		doc_num(row, "model_ll", lf->chi2);
		doc_num(row, "df", lf->df);
		doc_num(row, "p", lf->p_chi2);
		doc_num(row, "mcfadden", lf->mcfadden);
		doc_num(row, "cox_snell", lf->cox_snell);
		doc_num(row, "nagelkerke", lf->nagelkerke);
	} else {
		const struct ols_fit *f = ef->fit;
		doc_num(row, "r2", f->r2);
		doc_num(row, "adj_r2", f->adj_r2);
		doc_num(row, "mse", f->sigma * f->sigma);
		emit_f_test(row, f->F, f->df1, f->df2, f->p_F);
	}
	coef = doc_arr(row, "coefficients");
	for (size_t i = 0; i <= ef->k; i++) {
		json_t *c = doc_push_obj(coef);
		put_name(c, "term", term_name(res, e, i));
		if (logistic) {
			const struct logit_fit *lf = ef->logit;
			doc_num(c, "b", gsl_vector_get(lf->b, i));
			doc_num(c, "se", gsl_vector_get(lf->se, i));
			doc_num(c, "z", gsl_vector_get(lf->z, i));
			doc_num(c, "p", gsl_vector_get(lf->p_value, i));
			doc_num(c, "llci", gsl_vector_get(lf->llci, i));
			doc_num(c, "ulci", gsl_vector_get(lf->ulci, i));
			doc_num(c, "odds_ratio", gsl_vector_get(lf->odds, i));
		} else {
			const struct ols_fit *f = ef->fit;
			doc_num(c, "b", gsl_vector_get(f->b, i));
			doc_num(c, "se", gsl_vector_get(f->se, i));
			doc_num(c, "t", gsl_vector_get(f->t, i));
			doc_num(c, "p", gsl_vector_get(f->p_value, i));
			doc_num(c, "llci", gsl_vector_get(f->llci, i));
			doc_num(c, "ulci", gsl_vector_get(f->ulci, i));
		}
	}
	for (size_t t = 0; t < res->n_tests; t++) {
		const struct process_itest *it = &res->tests[t];
		json_t *r;
		char name[1024] = "";
		if (it->eq != e)
			continue;
		if (!tests)
			tests = doc_arr(row, "interaction_tests");
		r = doc_push_obj(tests);
		for (size_t i = 0; i < it->set.n; i++) {
			const struct proc_term *term = &res->model.eq[e].term[it->set.term[i]];
			size_t len = strlen(name);
			snprintf(name + len, sizeof name - len, "%s", i ? ", " : "");
			size_t order[3];
			factor_order(term, order);
			for (size_t f = 0; f < term->n; f++) {
				len = strlen(name);
				snprintf(name + len, sizeof name - len, "%s%s", f ? ":" : "",
					 process_var_name(res, term->var[order[f]]));
			}
		}
		doc_str(r, "term", name);
		if (logistic) {
			doc_num(r, "chi2", it->stat);
			doc_num(r, "df", it->df1);
		} else {
			doc_num(r, "r2_change", it->r2_change);
			doc_num(r, "F", it->stat);
			doc_num(r, "df1", it->df1);
			doc_num(r, "df2", it->df2);
		}
		doc_num(r, "p", it->p);
	}
	put_conditional(res, row, e, logistic);
}

static unsigned union_mask(const struct process_result *res, enum process_effect_kind kind)
{
	unsigned m = 0;

	for (size_t i = 0; i < res->n_eff; i++)
		if (res->eff[i].kind == kind)
			m |= res->eff[i].at.mask;
	return m;
}

static json_t *table(json_t *doc, const char *key)
{
	json_t *arr = json_object_get(doc, key);

	return arr ? arr : doc_arr(doc, key);
}

static void put_x_column(const struct process_result *res, json_t *row, size_t col)
{
	if (res->fit->levels[PROC_X])
		put_name(row, "x_column", process_column_name(res, PROC_X, col));
}

static void put_effects(const struct process_result *res, json_t *doc)
{
	static const char *keys[] = {
		[PE_DIRECT] = "direct_effects",
		[PE_TOTAL] = "total_effect",
		[PE_INDIRECT] = "indirect_effects",
		[PE_TOTAL_INDIRECT] = "total_indirect_effect",
		[PE_INDEX] = "index_of_moderated_mediation",
		[PE_INDEX_CONDITIONAL] = "conditional_moderated_mediation",
		[PE_INDEX_MM] = "moderated_moderated_mediation",
		[PE_CONTRAST] = "contrasts",
	};
	unsigned masks[PE_CONTRAST + 1];

	for (int k = 0; k <= PE_CONTRAST; k++)
		masks[k] = union_mask(res, (enum process_effect_kind)k);
	for (int k = 0; k <= PE_CONTRAST; k++)
		for (size_t i = 0; i < res->n_eff; i++) {
			const struct process_effect *e = &res->eff[i];
			json_t *row;
			if ((int)e->kind != k)
				continue;
			row = doc_push_obj(table(doc, keys[k]));
			switch (e->kind) {
			case PE_DIRECT:
			case PE_TOTAL:
				put_x_column(res, row, e->stat.col);
				put_at(res, row, masks[k], &e->at);
				put_lincom(row, &e->lc, res->logistic && e->kind == PE_DIRECT);
				if (res->rq->effsize && !res->logistic && isfinite(e->partial)) {
					doc_num(row, "partial", e->partial);
					doc_num_noted(row, "complete", e->complete);
				}
				break;
			case PE_INDIRECT:
			case PE_TOTAL_INDIRECT:
				if (e->kind == PE_INDIRECT)
					put_name(row, "path", path_name(res, e->stat.path));
				put_x_column(res, row, e->stat.col);
				put_at(res, row, masks[k], &e->at);
				put_stat_row(res, doc, row, e, "effect");
				break;
			case PE_INDEX:
			case PE_INDEX_CONDITIONAL:
				put_name(row, "path", path_name(res, e->stat.path));
				put_x_column(res, row, e->stat.col);
				put_name(row, "moderator", process_column_name(res, e->of, e->of_col));
				put_at(res, row, masks[k], &e->at);
				put_stat_row(res, doc, row, e, "index");
				break;
			case PE_INDEX_MM:
				put_name(row, "path", path_name(res, e->stat.path));
				put_x_column(res, row, e->stat.col);
				put_name(row, "moderator", process_column_name(res, e->of, e->of_col));
				put_name(row, "by", process_column_name(res, e->of2, e->of2_col));
				put_stat_row(res, doc, row, e, "index");
				break;
			case PE_CONTRAST: {
				char *a = path_name(res, e->stat.path), *b = path_name(res, e->stat.path2);
				put_name(row, "contrast", reg_printf("(%s) %s (%s)", a ? a : "?",
								       res->rq->contrast == 2 ? "minus, in absolute value," : "minus",
								       b ? b : "?"));
				free(a);
				free(b);
				put_x_column(res, row, e->stat.col);
				put_at(res, row, masks[k], &e->at);
				put_stat_row(res, doc, row, e, "effect");
				break;
			}
			}
		}
	for (size_t i = 0; i < res->n_omni; i++) {
		json_t *row = doc_push_obj(table(doc, "direct_omnibus"));
		put_at(res, row, res->omni[i].at.mask, &res->omni[i].at);
		if (res->logistic) {
			doc_num(row, "chi2", res->omni[i].wd.F * res->omni[i].wd.df1);
			doc_num(row, "df", res->omni[i].wd.df1);
		} else {
			doc_num(row, "F", res->omni[i].wd.F);
			doc_num(row, "df1", res->omni[i].wd.df1);
			doc_num(row, "df2", res->omni[i].wd.df2);
		}
		doc_num(row, "p", res->omni[i].wd.p);
	}
	if (res->rq->effsize && !res->logistic)
		doc_note(doc, "partial: effect / SD(%s); complete: effect x SD(%s) / SD(%s) (Hayes 2022, sec. 3.5)",
			 res->rq->y, res->rq->x, res->rq->y);
	if (res->rq->effsize && !res->logistic && res->fit->levels[PROC_X])
		doc_note(doc, "complete: no completely standardised effect of the multicategorical '%s' (as PROCESS)", res->rq->x);
	if (res->rq->effsize && res->logistic)
		doc_note(doc, "--effsize: no standardised effects with a dichotomous Y (as PROCESS)");
}

static void put_jn(const struct process_result *res, json_t *doc)
{
	json_t *arr;

	if (!res->rq->jn)
		return;
	if (!res->n_jn) {
		doc_note(doc, "Johnson-Neyman: no path of this model has a continuous moderator with more than two values");
		return;
	}
	arr = doc_arr(doc, "johnson_neyman");
	for (size_t i = 0; i < res->n_jn; i++) {
		const struct process_jn_row *r = &res->jn[i];
		const struct proc_jn *jn = &r->jn;
		json_t *row = doc_push_obj(arr), *pts, *regs;
		char *from = jn->omnibus ? strdup(process_var_name(res, jn->a)) : process_column_name(res, jn->a, 0);
		put_name(row, "_name", reg_printf("%s -> %s by %s", from ? from : "?",
						    process_var_name(res, res->model.eq[jn->e].outcome),
						    process_var_name(res, jn->var)));
		free(from);
		doc_str(row, "antecedent", process_var_name(res, jn->a));
		doc_str(row, "outcome", process_var_name(res, res->model.eq[jn->e].outcome));
		doc_str(row, "moderator", process_var_name(res, jn->var));
		put_at(res, row, r->at.mask, &r->at);
		doc_bool(row, "omnibus", jn->omnibus);
		doc_num(row, "critical", jn->crit);
		doc_num(row, "min", jn->lo);
		doc_num(row, "max", jn->hi);
		pts = doc_arr(row, "points");
		for (size_t p = 0; p < jn->n_points; p++) {
			json_t *pr = doc_push_obj(pts);
			doc_num(pr, "value", jn->points[p]);
			doc_num(pr, "below", jn->below[p]);
			doc_num(pr, "above", jn->above[p]);
		}
		regs = doc_arr(row, "regions");
		for (size_t g = 0; g < jn->n_regions; g++) {
			json_t *gr = doc_push_obj(regs);
			doc_num(gr, "from", jn->region[g].from);
			doc_num(gr, "to", jn->region[g].to);
			doc_bool(gr, "significant", jn->region[g].significant);
		}
		if (r->n_band) {
			json_t *tab = doc_arr(row, "table");
			for (size_t b = 0; b < r->n_band; b++) {
				json_t *tr = doc_push_obj(tab);
				doc_num(tr, "value", r->band_values[b]);
				put_lincom(tr, &r->band[b], isinf(res->fit->eq[jn->e].df));
			}
		}
	}
}

json_t *process_emit(struct process_result *res)
{
	const struct process_request *rq = res->rq;
	json_t *doc = res->envelope, *eqs;

	if (!doc)
		return NULL;
	res->envelope = NULL;
	put_header(res, doc);
	put_coding(res, doc, PROC_X, "coding_x", &res->xl);
	put_coding(res, doc, PROC_W, "coding_w", &res->wl);
	eqs = doc_arr(doc, "equations");
	for (size_t e = 0; e < res->model.n_eq; e++)
		put_equation(res, eqs, e);
	put_effects(res, doc);
	put_jn(res, doc);
	if (rq->boot.reps) {
		json_t *b = doc_obj(doc, "bootstrap");
		doc_size(b, "resamples", rq->boot.reps);
		doc_size(b, "seed", rq->boot.seed);
		doc_size(b, "replaced", res->replaced);
		doc_num(b, "level", rq->ols.ci);
		boot_options_notes(&rq->boot, doc);
		doc_note(doc, "bootstrap: %zu case resamples (seed %lu); boot_llci/boot_ulci percentile, bc_ bias-corrected "
			      "(PROCESS positions)", rq->boot.reps, rq->boot.seed);
	} else if (res->boot_stats)
		doc_note(doc, "--boot 0: indirect effects and indices without confidence intervals");
	if (rq->center != PROC_CENTER_NONE)
		doc_note(doc, "centred: the variables in products (%s) are deviations from their means, and so are the probe values",
			 rq->center == PROC_CENTER_ALL ? "every continuous one" : "those with more than two values");
	for (int v = 0; v < PROC_Y; v++)
		if (res->n_probe[v] && !(v <= PROC_Z && res->fit->levels[v]))
			doc_note(doc, "probe values of '%s': %s%s", process_var_name(res, v),
				 (v == PROC_W && rq->n_wmodval) || (v == PROC_Z && rq->n_zmodval)
					 ? (v == PROC_W ? "given by --wmodval" : "given by --zmodval")
				 : rq->probe == MOD_PROBE_MEANSD ? "mean and +/- 1 SD"
								 : "16th, 50th and 84th percentiles",
				 res->clamped[v] ? " (a value beyond the data replaced by the minimum or maximum)" : "");
	if (rq->cov_in)
		doc_note(doc, "--cmatrix: each equation has the covariates its row gives%s",
			 proc_model_total_equation(&res->model) < res->model.n_eq
				 ? "; the total-effect model has those of the Y equation, so with covariates left out of "
				   "some equation the total effect need not be the direct plus the indirect effects"
				 : "");
	if (res->logistic)
		doc_note(doc, "'%s' has two values: its equation is a logistic regression (log-odds; z tests), as PROCESS does",
			 rq->y);
	return doc;
}
