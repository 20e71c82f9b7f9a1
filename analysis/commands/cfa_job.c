#include "analysis/commands/cfa_job.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/cli/limits.h"
#include "io/cfa_syntax.h"
#include "io/strbuf.h"
#include "io/suggest.h"

static const char *column_at(void *ctx, size_t i)
{
	const struct frame *f = ctx;
	return f->cols[i].name;
}

static const char *scale_at(void *ctx, size_t i)
{
	const struct dataset *ds = ctx;
	return ds->scales[i].name;
}

static const char *name_at(void *ctx, size_t i)
{
	return ((char *const *)ctx)[i];
}

/* "; did you mean 'a', 'b' or 'c'?" (empty when nothing is close) */
static void suggestion(struct strbuf *sb, const char *name, size_t n, const char *(*at)(void *, size_t), void *ctx)
{
	size_t near[SUGGEST_MAX], k = suggest_names(name, n, at, ctx, near);

	for (size_t j = 0; j < k; j++)
		strbuf_addf(sb, "%s'%s'", j ? (j + 1 == k ? " or " : ", ") : "; did you mean ", at(ctx, near[j]));
	if (k)
		strbuf_adds(sb, "?");
}

static int fail_suggest(struct sk_error *err, int code, const char *head, const char *name, size_t n,
			const char *(*at)(void *, size_t), void *ctx)
{
	struct strbuf sb = STRBUF_INIT;
	int rc;

	strbuf_addf(&sb, "%s'%s'", head, name);
	suggestion(&sb, name, n, at, ctx);
	rc = strbuf_ok(&sb) ? sk_fail(err, code, "%s", strbuf_str(&sb)) : sk_out_of_memory(err);
	strbuf_release(&sb);
	return rc;
}

static int set_names(struct cfa_result *res, const char *const *items, size_t p, const char *const *factors,
		     size_t m, struct sk_error *err)
{
	res->items = calloc(p ? p : 1, sizeof *res->items);
	res->factors = calloc(m ? m : 1, sizeof *res->factors);
	res->col = calloc(p ? p : 1, sizeof *res->col);
	if (!res->items || !res->factors || !res->col)
		return sk_out_of_memory(err);
	res->p = p;
	res->m = m;
	for (size_t i = 0; i < p; i++)
		if (!(res->items[i] = strdup(items[i])))
			return sk_out_of_memory(err);
	for (size_t f = 0; f < m; f++)
		if (!(res->factors[f] = strdup(factors[f])))
			return sk_out_of_memory(err);
	return 0;
}

/* One factor per scale (every scale, or those of --scales). */
static int model_from_scales(const struct cfa_request *rq, const struct dataset *ds, struct cfa_result *res,
			     size_t **factor_of, struct sk_error *err)
{
	size_t m = rq->n_scales ? rq->n_scales : ds->n_scales, p = 0, i = 0;
	const struct scale **sc = calloc(m ? m : 1, sizeof *sc);
	const char **items = NULL, **factors = NULL;
	int status = 0;

	if (!sc)
		return sk_out_of_memory(err);
	if (!m) {
		free(sc);
		return sk_fail(err, SK_EXIT_INPUT,
			       "'%s' has no scales: give a codebook naming each item's scale, or --model FILE",
			       ds->frame.path);
	}
	for (size_t f = 0; f < m && !status; f++) {
		sc[f] = rq->n_scales ? dataset_find_scale(ds, rq->scales[f]) : &ds->scales[f];
		if (!sc[f])
			status = fail_suggest(err, SK_EXIT_INPUT, "no scale named ", rq->scales[f], ds->n_scales, scale_at,
					      (void *)ds);
		for (size_t h = 0; h < f && !status; h++)
			if (sc[h] == sc[f])
				status = sk_fail(err, SK_EXIT_USAGE, "--scales names '%s' twice", sc[f]->name);
		if (!status)
			p += sc[f]->k;
	}
	if (!status) {
		items = calloc(p ? p : 1, sizeof *items);
		factors = calloc(m, sizeof *factors);
		*factor_of = calloc(p ? p : 1, sizeof **factor_of);
		if (!items || !factors || !*factor_of)
			status = sk_out_of_memory(err);
	}
	for (size_t f = 0; f < m && !status; f++) {
		factors[f] = sc[f]->name;
		for (size_t j = 0; j < sc[f]->k; j++, i++) {
			items[i] = ds->frame.cols[sc[f]->items[j]].name;
			(*factor_of)[i] = f;
		}
	}
	if (!status && (status = set_names(res, items, p, factors, m, err)) == 0)
		for (size_t f = 0, k = 0; f < m; f++)
			for (size_t j = 0; j < sc[f]->k; j++)
				res->col[k++] = sc[f]->items[j];
	free(sc);
	free(items);
	free(factors);
	return status;
}

static int read_model(const char *path, char **text, size_t *len, struct sk_error *err)
{
	FILE *fp = fopen(path, "rb");
	size_t cap = (size_t)CFA_SYNTAX_MAX_BYTES + 1;

	*text = NULL;
	if (!fp)
		return sk_fail(err, SK_EXIT_INPUT, "cannot read the model '%s': %s", path, strerror(errno));
	if (!(*text = malloc(cap))) {
		fclose(fp);
		return sk_out_of_memory(err);
	}
	*len = fread(*text, 1, cap, fp);
	if (ferror(fp)) {
		fclose(fp);
		free(*text);
		*text = NULL;
		return sk_fail(err, SK_EXIT_INPUT, "cannot read the model '%s'", path);
	}
	fclose(fp);
	return 0;
}

/* Every name of the model that is not a factor must be a numeric column of the data: an error
 * naming the line and column of the first that is not, with the columns it may have meant. */
static int check_model_names(const struct cfa_syntax *syn, const struct dataset *ds, struct sk_error *err)
{
	const struct frame *fr = &ds->frame;

	for (size_t k = 0; k < syn->n; k++) {
		const struct cfa_syntax_term *t = &syn->term[k];
		const char *side[2] = {t->op == CFA_OP_COVARIES ? t->lhs : NULL, t->rhs};
		const size_t line[2] = {t->lhs_line, t->line}, col[2] = {t->lhs_col, t->col};
		for (int s = 0; s < 2; s++) {
			size_t c;
			int factor = 0;
			if (!side[s])
				continue;
			for (size_t h = 0; h < syn->n && !factor; h++)
				factor = syn->term[h].op == CFA_OP_MEASURED && strcmp(syn->term[h].lhs, side[s]) == 0;
			if (factor)
				continue;
			c = frame_find(fr, side[s]);
			if (c == SIZE_MAX) {
				char head[128];
				snprintf(head, sizeof head, "line %zu, column %zu: not a column of the data: ", line[s], col[s]);
				return fail_suggest(err, SK_EXIT_INPUT, head, side[s], fr->n_cols, column_at, (void *)fr);
			}
			if (fr->cols[c].kind == COLUMN_TEXT)
				return sk_fail(err, SK_EXIT_INPUT, "line %zu, column %zu: column '%s' holds text, not numbers",
					       line[s], col[s], side[s]);
		}
	}
	return 0;
}

static int model_from_file(const struct cfa_request *rq, const struct dataset *ds, struct cfa_result *res,
			   struct cfa_syntax *syn, struct sk_error *err)
{
	struct cfa_syntax_model sm;
	const char **known = NULL;
	char *text;
	size_t len = 0;
	int status;

	if ((status = read_model(rq->model, &text, &len, err)) != 0)
		return status;
	status = cfa_syntax_parse(text, len, syn, err);
	free(text);
	if (status == 0)
		status = check_model_names(syn, ds, err);
	if (status == 0 && !(known = malloc((ds->frame.n_cols ? ds->frame.n_cols : 1) * sizeof *known)))
		status = sk_out_of_memory(err);
	for (size_t c = 0; known && c < ds->frame.n_cols; c++)
		known[c] = ds->frame.cols[c].name;
	if (status == 0 && (status = cfa_syntax_build(syn, 1, known, ds->frame.n_cols, &sm, err)) == 0) {
		status = set_names(res, (const char *const *)sm.items, sm.p, (const char *const *)sm.factors, sm.m, err);
		for (size_t i = 0; status == 0 && i < sm.p; i++)
			res->col[i] = frame_find(&ds->frame, sm.items[i]);
		cfa_syntax_model_free(&sm);
	}
	free(known);
	if (status != 0 && status != SK_EXIT_ANALYSIS)
		sk_error_prefix(err, "'%s': ", rq->model);
	return status;
}

/* lavaan's std.lv = TRUE: every loading free unless the model fixes it, every factor variance
 * not named by the model fixed at 1. */
static int standardise_latent(struct cfa_spec *s)
{
	for (size_t k = 0; k < s->n_param; k++)
		if (s->param[k].kind == CFA_LOADING && !(s->param[k].flags & CFA_VALUE_SET))
			s->param[k].flags |= CFA_VALUE_SET;
	for (size_t g = 0; g < s->groups; g++)
		for (size_t f = 0; f < s->m; f++)
			if (cfa_spec_find(s, CFA_FACTOR_COV, g, f, f) == CFA_NONE) {
				struct cfa_param q = {CFA_FACTOR_COV, g, f, f, 0, 1.0, CFA_NO_LABEL, CFA_USER | CFA_VALUE_SET};
				if (cfa_spec_add(s, &q, NULL) != 0)
					return -1;
			}
	return 0;
}

static int make_spec(const struct cfa_request *rq, const struct dataset *ds, const struct cfa_syntax *syn,
		     const size_t *factor_of, size_t p, size_t m, size_t groups, struct cfa_spec *spec,
		     struct sk_error *err)
{
	int status;

	if (rq->model) {
		struct cfa_syntax_model sm;
		const char **known = malloc((ds->frame.n_cols ? ds->frame.n_cols : 1) * sizeof *known);
		if (!known)
			return sk_out_of_memory(err);
		for (size_t c = 0; c < ds->frame.n_cols; c++)
			known[c] = ds->frame.cols[c].name;
		status = cfa_syntax_build(syn, groups, known, ds->frame.n_cols, &sm, err);
		free(known);
		if (status != 0)
			return status;
		*spec = sm.spec;
		memset(&sm.spec, 0, sizeof sm.spec);
		cfa_syntax_model_free(&sm);
	} else {
		if (cfa_spec_init(spec, p, m, groups) != 0)
			return sk_out_of_memory(err);
		if (cfa_spec_scales(spec, factor_of) != 0)
			return sk_out_of_memory(err);
	}
	if (rq->std_lv && standardise_latent(spec) != 0)
		return sk_out_of_memory(err);
	return 0;
}

/* The value of item i in row r: the column's, reverse-coded when the codebook says so. */
static double item_value(const struct dataset *ds, size_t col, size_t row)
{
	const struct column *c = &ds->frame.cols[col];
	double v = frame_value(&ds->frame, col, row);

	return c->meta.reverse ? c->meta.min + c->meta.max - v : v;
}

/* --free by index: each entry's item (and factor) must be in the model. */
static int resolve_free(const struct cfa_request *rq, const struct cfa_result *res, struct cfa_job *jb,
			struct sk_error *err)
{
	if (!rq->n_free)
		return 0;
	if (!(jb->partial = calloc(3 * rq->n_free, sizeof *jb->partial)))
		return sk_out_of_memory(err);
	for (size_t k = 0; k < rq->n_free; k++) {
		const struct cfa_free *fr = &rq->free[k];
		size_t i = 0, f = CFA_NONE;
		while (i < res->p && strcmp(res->items[i], fr->item) != 0)
			i++;
		if (i == res->p)
			return fail_suggest(err, SK_EXIT_INPUT, "--free: the model has no item ", fr->item, res->p, name_at,
					    (void *)res->items);
		if (fr->factor) {
			for (f = 0; f < res->m && strcmp(res->factors[f], fr->factor) != 0; f++)
				;
			if (f == res->m)
				return fail_suggest(err, SK_EXIT_INPUT, "--free: the model has no factor ", fr->factor, res->m,
						    name_at, (void *)res->factors);
		}
		if (fr->kind == -1 || fr->kind == CFA_LOADING)
			jb->partial[jb->n_partial++] = (struct cfa_partial){CFA_LOADING, i, f};
		if (fr->kind == -1 || fr->kind == CFA_INTERCEPT)
			jb->partial[jb->n_partial++] = (struct cfa_partial){CFA_INTERCEPT, i, CFA_NONE};
		if (fr->kind == -1 || fr->kind == CFA_RESID_COV)
			jb->partial[jb->n_partial++] = (struct cfa_partial){CFA_RESID_COV, i, i};
	}
	return 0;
}

/* Levels of --group with a usable row (every item answered, or with FIML one); the others are
 * left out with a note. Sets jb->group and res's group labels. */
static int make_groups(const struct cfa_request *rq, const struct dataset *ds, struct cfa_result *res,
		       struct cfa_job *jb, struct sk_error *err)
{
	struct grouping *g = &res->grouping;
	size_t n = ds->frame.n_rows, *count, *map;
	int status;

	if ((status = dataset_grouping(ds, rq->group, g, err)) != 0) {
		memset(g, 0, sizeof *g);
		return status;
	}
	count = calloc(g->n_levels + 1, sizeof *count);
	map = calloc(g->n_levels + 1, sizeof *map);
	res->group_labels = calloc(g->n_levels + 1, sizeof *res->group_labels);
	jb->group = malloc((n ? n : 1) * sizeof *jb->group);
	if (!count || !map || !res->group_labels || !jb->group) {
		free(count);
		free(map);
		return sk_out_of_memory(err);
	}
	for (size_t r = 0; r < n; r++) {
		size_t i = 0, answered = 0;
		if (g->code[r] < 0)
			continue;
		for (i = 0; i < res->p; i++)
			answered += !isnan(item_value(ds, res->col[i], r));
		if (rq->missing == CFA_FIML ? answered > 0 : answered == res->p)
			count[g->code[r]]++;
	}
	for (size_t l = 0; l < g->n_levels; l++) {
		map[l] = CFA_NONE;
		if (count[l]) {
			map[l] = res->groups;
			res->group_labels[res->groups++] = g->labels[l];
		} else if (cfa_result_line(res, 0, "group '%s' of '%s' has no usable row and is left out of the invariance steps",
				    g->labels[l], g->name)) {
			status = sk_out_of_memory(err);
		}
	}
	for (size_t r = 0; r < n; r++)
		jb->group[r] = g->code[r] < 0 ? CFA_NONE : map[g->code[r]];
	free(count);
	free(map);
	if (!status && res->groups < 2)
		status = sk_fail(err, SK_EXIT_ANALYSIS, "'%s' has %zu group%s with usable rows: invariance needs two or more",
				 g->name, res->groups, res->groups == 1 ? "" : "s");
	return status;
}

int cfa_job_build(const struct cfa_request *rq, const struct dataset *ds, struct cfa_result *res, struct cfa_job *jb,
		  struct sk_error *err)
{
	struct cfa_syntax syn = {0};
	size_t *factor_of = NULL, n_all = ds->frame.n_rows, n = 0;
	int status;

	memset(jb, 0, sizeof *jb);
	status = rq->model ? model_from_file(rq, ds, res, &syn, err) : model_from_scales(rq, ds, res, &factor_of, err);
	if (status == 0 && res->p > LIMIT_SCALE_ITEMS)
		status = sk_fail(err, SK_EXIT_ANALYSIS, "the model has %zu items: at most %d are analysed", res->p,
				 LIMIT_SCALE_ITEMS);
	if (status == 0)
		status = make_spec(rq, ds, &syn, factor_of, res->p, res->m, 1, &jb->spec, err);
	for (size_t i = 0; status == 0 && i < res->p; i++) {
		char what[256];
		if (ds->frame.cols[res->col[i]].kind == COLUMN_TEXT) {
			status = sk_fail(err, SK_EXIT_INPUT, "item '%s' holds text, not numbers", res->items[i]);
			break;
		}
		snprintf(what, sizeof what, "item '%s'", res->items[i]);
		if (ds->frame.cols[res->col[i]].wide)
			status = dataset_check_magnitude(ds->frame.cols[res->col[i]].wide, n_all, 1, what, err);
	}
	if (status == 0 && rq->group)
		status = make_groups(rq, ds, res, jb, err);
	if (status == 0 && rq->group)
		status = make_spec(rq, ds, &syn, factor_of, res->p, res->m, res->groups, &jb->spec_groups, err);
	if (status == 0)
		status = resolve_free(rq, res, jb, err);
	if (status == 0 && !(jb->x = malloc((n_all ? n_all : 1) * (res->p ? res->p : 1) * sizeof *jb->x)))
		status = sk_out_of_memory(err);
	for (size_t r = 0; status == 0 && r < n_all; r++) {
		size_t missing = 0;
		if (jb->group && jb->group[r] == CFA_NONE)
			continue;
		for (size_t i = 0; i < res->p; i++) {
			double v = item_value(ds, res->col[i], r);
			jb->x[n * res->p + i] = v;
			missing += isnan(v);
		}
		if (jb->group)
			jb->group[n] = jb->group[r];
		res->rows_with_missing += missing > 0 && missing < res->p;
		n++;
	}
	if (status == 0) {
		jb->data = (struct cfa_data){n, res->p, jb->x, res->p, NULL, 1};
		if (rq->group)
			jb->data_groups = (struct cfa_data){n, res->p, jb->x, res->p, jb->group, res->groups};
	}
	cfa_syntax_free(&syn);
	free(factor_of);
	return status;
}

void cfa_job_release(struct cfa_job *jb)
{
	if (jb->spec.param || jb->spec.p)
		cfa_spec_release(&jb->spec);
	if (jb->spec_groups.param || jb->spec_groups.p)
		cfa_spec_release(&jb->spec_groups);
	free(jb->x);
	free(jb->group);
	free(jb->partial);
	memset(jb, 0, sizeof *jb);
}
