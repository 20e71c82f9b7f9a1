/* surveykit cfa DATA [--codebook CB] [--scales A,B | --model FILE] [--estimator ml|mlm|mlr]
 *                  [--missing listwise|fiml] [--group VAR --invariance [--free ITEM,...]]
 *                  [--boot N] [--seed S] [--std lv|ref]
 *
 * The request, the run and the command (analysis/commands/cfa.h); the document is built in
 * analysis/commands/cfa_emit.c, the model-to-data wiring in analysis/commands/cfa_job.c. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands.h"
#include "analysis/commands/cfa.h"
#include "analysis/commands/cfa_job.h"

const struct option_spec cfa_options[] = {
	{"scales", "A,B,...", "only these scales (default: every scale), one factor each"},
	{"model", "FILE", "the model in lavaan syntax (=~, ~~, 1*x fixed, a*x labels) instead of the scales"},
	{"estimator", "ml|mlm|mlr", "ML (default); MLM (Satorra-Bentler) or MLR (Yuan-Bentler, robust SEs)"},
	{"missing", "listwise|fiml", "listwise deletion (default) or full-information ML (missing codes: codebook)"},
	{"std", "lv|ref", "scale of the factors: ref fixes each first loading to 1 (default), lv each variance"},
	{"group", "VAR", "categorical column whose groups the invariance steps compare (with --invariance)"},
	{"invariance", NULL, "configural, metric, scalar and strict models across the groups of --group"},
	{"free", "ITEM,...", "partial invariance: equalities left out (ITEM, ITEM~1, F=~ITEM, ITEM~~ITEM)"},
	{"boot", "[N]", "bootstrap percentile CIs of HTMT with N resamples (default 5000)"},
	{"seed", "S", "random seed of the bootstrap (default: from the clock, reported)"},
	{"threads", "N", "bootstrap threads (default: one per processor; results do not depend on it)"},
	{"max-iter", "N", "optimiser steps before giving up (default 1000)"},
	{0},
};

static void free_entry(struct cfa_free *f)
{
	free(f->item);
	free(f->factor);
}

void cfa_request_release(struct cfa_request *rq)
{
	cli_list_free(rq->scales);
	for (size_t k = 0; k < rq->n_free; k++)
		free_entry(&rq->free[k]);
	free(rq->free);
	memset(rq, 0, sizeof *rq);
}

/* A name of lavaan's form: letters, digits, '_' and '.', not starting with a digit. */
static int plain_name(const char *s, size_t len)
{
	if (!len || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
		      s[i] == '_' || s[i] == '.'))
			return 0;
	return 1;
}

/* One --free entry: ITEM (every equality of the item), ITEM~1 (its intercept), F=~ITEM (its
 * loading on F) or ITEM~~ITEM (its residual variance), lavaan's group.partial forms. */
static int parse_free(const char *s, struct cfa_free *f, struct sk_error *err)
{
	const char *op;
	size_t len = strlen(s);

	memset(f, 0, sizeof *f);
	f->kind = -1;
	if ((op = strstr(s, "=~"))) {
		f->kind = CFA_LOADING;
		f->factor = strndup(s, (size_t)(op - s));
		f->item = strdup(op + 2);
	} else if ((op = strstr(s, "~~"))) {
		f->kind = CFA_RESID_COV;
		f->item = strndup(s, (size_t)(op - s));
		if (strcmp(op + 2, f->item) != 0) {
			free_entry(f);
			return sk_fail(err, SK_EXIT_USAGE,
				       "--free '%s': only a residual variance (ITEM~~ITEM) can be freed across groups", s);
		}
	} else if (len > 2 && strcmp(s + len - 2, "~1") == 0) {
		f->kind = CFA_INTERCEPT;
		f->item = strndup(s, len - 2);
	} else {
		f->item = strdup(s);
	}
	if (!f->item || (f->kind == CFA_LOADING && !f->factor)) {
		free_entry(f);
		return sk_out_of_memory(err);
	}
	if (!plain_name(f->item, strlen(f->item)) || (f->factor && !plain_name(f->factor, strlen(f->factor)))) {
		free_entry(f);
		return sk_fail(err, SK_EXIT_USAGE, "--free '%s' is not ITEM, ITEM~1, FACTOR=~ITEM or ITEM~~ITEM", s);
	}
	return 0;
}

static int parse_choice(const struct cli *cli, const char *name, const char *const *choices, int def, int *out,
			struct sk_error *err)
{
	const char *v = cli_get(cli, name);

	*out = def;
	if (!v)
		return 0;
	for (int k = 0; choices[k]; k++)
		if (strcmp(v, choices[k]) == 0) {
			*out = k;
			return 0;
		}
	return sk_fail(err, SK_EXIT_USAGE, "--%s must be %s, not '%s' (see 'surveykit cfa --help')", name,
		       strcmp(name, "estimator") == 0 ? "ml, mlm or mlr"
		       : strcmp(name, "missing") == 0 ? "listwise or fiml (missing codes go in the codebook)"
						      : "lv or ref",
		       v);
}

int cfa_request_parse(const struct cli *cli, struct cfa_request *rq, struct sk_error *err)
{
	static const char *const estimators[] = {"ml", "mlm", "mlr", NULL};
	static const char *const missing[] = {"listwise", "fiml", NULL};
	static const char *const std[] = {"ref", "lv", NULL};
	char **free_list = NULL;
	size_t n_free = 0;
	int est, mis, status;

	memset(rq, 0, sizeof *rq);
	rq->model = cli_get(cli, "model");
	rq->group = cli_get(cli, "group");
	rq->invariance = cli_flag(cli, "invariance");
	rq->ci = cli->ci;
	if ((status = cli_get_list(cli, "scales", &rq->scales, &rq->n_scales, err)) != 0 ||
	    (status = parse_choice(cli, "estimator", estimators, 0, &est, err)) != 0 ||
	    (status = parse_choice(cli, "missing", missing, 0, &mis, err)) != 0 ||
	    (status = parse_choice(cli, "std", std, 0, &rq->std_lv, err)) != 0 ||
	    (status = cli_get_size(cli, "max-iter", 1000, &rq->max_iter, err)) != 0 ||
	    (status = boot_options_parse(cli, 0, &rq->boot, err)) != 0)
		return status;
	rq->estimator = est == 1 ? CFA_MLM : est == 2 ? CFA_MLR : CFA_ML;
	rq->missing = mis ? CFA_FIML : CFA_LISTWISE;
	if (rq->model && rq->n_scales)
		return sk_fail(err, SK_EXIT_USAGE, "--scales and --model cannot go together: the model file names its factors");
	if (rq->model && !*rq->model)
		return sk_fail(err, SK_EXIT_USAGE, "--model needs a file name");
	if (rq->estimator == CFA_MLM && rq->missing == CFA_FIML)
		return sk_fail(err, SK_EXIT_USAGE,
			       "--estimator mlm needs complete data (as lavaan): use --missing listwise, or --estimator mlr with fiml");
	if (rq->max_iter == 0)
		return sk_fail(err, SK_EXIT_USAGE, "--max-iter must be a positive whole number");
	if (rq->group && !rq->invariance)
		return sk_fail(err, SK_EXIT_USAGE, "--group goes with --invariance (the measurement model is fitted to every row)");
	if (rq->invariance && !rq->group)
		return sk_fail(err, SK_EXIT_USAGE, "--invariance needs --group VAR, the groups to compare");
	if (rq->invariance && rq->std_lv)
		return sk_fail(err, SK_EXIT_USAGE,
			       "--std lv cannot go with --invariance: the steps identify the factors by reference loadings");
	if ((cli_get(cli, "seed") || cli_get(cli, "threads")) && !rq->boot.reps)
		return sk_fail(err, SK_EXIT_USAGE, "--seed and --threads go with --boot");
	if ((status = cli_get_list(cli, "free", &free_list, &n_free, err)) != 0)
		return status;
	if (n_free && !rq->invariance) {
		cli_list_free(free_list);
		return sk_fail(err, SK_EXIT_USAGE, "--free goes with --group VAR --invariance");
	}
	if (n_free && !(rq->free = calloc(n_free, sizeof *rq->free))) {
		cli_list_free(free_list);
		return sk_out_of_memory(err);
	}
	for (size_t k = 0; k < n_free && !status; k++)
		if ((status = parse_free(free_list[k], &rq->free[k], err)) == 0)
			rq->n_free++;
	cli_list_free(free_list);
	return status;
}

/* ---- messages ------------------------------------------------------------------------------ */

/* The name of parameter k of spec in lavaan's form: "visual =~ x1", "x1 ~~ x2", "x1 ~1". */
static void cfa_param_name(const struct cfa_spec *spec, size_t k, char *const *items, char *const *factors, char *buf,
		    size_t size)
{
	const struct cfa_param *q = &spec->param[k];

	switch (q->kind) {
	case CFA_LOADING:
		snprintf(buf, size, "%s =~ %s", factors[q->j], items[q->i]);
		break;
	case CFA_FACTOR_COV:
		snprintf(buf, size, "%s ~~ %s", factors[q->i], factors[q->j]);
		break;
	case CFA_RESID_COV:
		snprintf(buf, size, "%s ~~ %s", items[q->i], items[q->j]);
		break;
	case CFA_INTERCEPT:
		snprintf(buf, size, "%s ~1", items[q->i]);
		break;
	case CFA_LATENT_MEAN:
		snprintf(buf, size, "%s ~1", factors[q->i]);
		break;
	}
}

void cfa_why_text(const struct cfa_why *w, const struct cfa_spec *spec, char *const *items, char *const *factors,
		  char *const *groups, char *buf, size_t size)
{
	char in[256] = "", a[256] = "", b[256] = "";

	if (groups && w->group != CFA_NONE && spec->groups > 1)
		snprintf(in, sizeof in, " in group '%s'", groups[w->group]);
	switch (w->problem) {
	case CFA_OK:
		snprintf(buf, size, "no problem");
		break;
	case CFA_BAD_SPEC:
		if (w->spec.problem == CFA_SPEC_NO_INDICATOR)
			snprintf(buf, size, "factor '%s' has no indicator", factors[w->spec.factor]);
		else if (w->spec.problem == CFA_SPEC_LABEL_CONFLICT) {
			cfa_param_name(spec, w->spec.param, items, factors, a, sizeof a);
			snprintf(buf, size, "'%s' shares a label with a parameter fixed at another value", a);
		} else
			snprintf(buf, size, "the model names an item, factor or group that does not exist");
		break;
	case CFA_BAD_DATA:
		snprintf(buf, size, "the data do not match the model");
		break;
	case CFA_BAD_OPTIONS:
		snprintf(buf, size, "MLM needs complete data (use --missing listwise or --estimator mlr)");
		break;
	case CFA_NOT_FINITE:
		snprintf(buf, size, "item '%s' holds a value that is not finite", items[w->item]);
		break;
	case CFA_EMPTY_GROUP:
		snprintf(buf, size, "fewer than two usable rows%s", in);
		break;
	case CFA_CONSTANT_ITEM:
		snprintf(buf, size, "item '%s' has no variance%s", items[w->item], in);
		break;
	case CFA_SAMPLE_NOT_PD:
		snprintf(buf, size,
			 "the sample covariance matrix%s is not positive definite: item '%s' is a linear combination of the items "
			 "before it",
			 in, items[w->item]);
		break;
	case CFA_EM_NOT_CONVERGED:
		snprintf(buf, size, "the EM estimate of the saturated model%s did not converge", in);
		break;
	case CFA_NEGATIVE_DF:
		snprintf(buf, size,
			 "the model is not identified: it has %zu free parameters but the data only %zu moments (df < 0)",
			 w->count, w->moments);
		break;
	case CFA_NOT_IDENTIFIED:
		if (w->param != CFA_NONE)
			cfa_param_name(spec, w->param, items, factors, a, sizeof a);
		if (w->param2 != CFA_NONE)
			cfa_param_name(spec, w->param2, items, factors, b, sizeof b);
		snprintf(buf, size, "the model is not identified: '%s'%s%s%s can change without changing the fit", a,
			 b[0] ? " and '" : "", b, b[0] ? "'" : "");
		break;
	case CFA_NOT_CONVERGED:
		snprintf(buf, size, "the estimates did not converge in %zu iterations (raise --max-iter or check the model)",
			 w->count);
		break;
	case CFA_IMPLIED_NOT_PD:
		snprintf(buf, size, "the model-implied covariance matrix%s is not positive definite at the estimates", in);
		break;
	case CFA_HEYWOOD:
		if (w->item != CFA_NONE)
			snprintf(buf, size, "the residual variance of item '%s'%s is negative (a Heywood case: inadmissible)",
				 items[w->item], in);
		else
			snprintf(buf, size, "the variance of factor '%s'%s is negative (inadmissible)", factors[w->factor], in);
		break;
	case CFA_LATENT_NOT_PD:
		snprintf(buf, size,
			 "factors '%s' and '%s'%s correlate beyond +/-1: the factor covariance matrix is not positive definite "
			 "(inadmissible)",
			 factors[w->factor], factors[w->factor2], in);
		break;
	}
}

/* The exit code of a failed fit: 3 for a model that cannot be identified, 1 for data it cannot
 * be fitted to. */
static int why_exit(const struct cfa_why *w)
{
	return w->problem == CFA_BAD_SPEC || w->problem == CFA_NEGATIVE_DF || w->problem == CFA_NOT_IDENTIFIED
		       ? SK_EXIT_INPUT
		       : SK_EXIT_ANALYSIS;
}

int cfa_result_line(struct cfa_result *res, int warning, const char *fmt, ...)
{
	char buf[1024], ***lines = warning ? &res->warnings : &res->notes, **grown;
	size_t *n = warning ? &res->n_warnings : &res->n_notes;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (!(grown = realloc(*lines, (*n + 1) * sizeof *grown)))
		return -1;
	*lines = grown;
	if (!(grown[*n] = strdup(buf)))
		return -1;
	(*n)++;
	return 0;
}
#define NOTE(res, ...) cfa_result_line(res, 0, __VA_ARGS__)
#define WARN(res, ...) cfa_result_line(res, 1, __VA_ARGS__)

/* ---- the run ------------------------------------------------------------------------------- */

static void options_of(const struct cfa_request *rq, struct cfa_options *o)
{
	cfa_options_init(o);
	o->estimator = rq->estimator;
	o->missing = rq->missing;
	o->max_iter = rq->max_iter;
	o->ci = rq->ci;
}

/* The fit of the measurement model: exit code with a message naming the item or factor at fault,
 * or 0 (with a warning for an inadmissible solution). */
static int fit_main(struct cfa_result *res, struct cfa_job *jb, struct sk_error *err)
{
	struct cfa_options o;
	char why[1024];
	int status;

	options_of(res->rq, &o);
	status = cfa_fit_run(&jb->spec, &jb->data, &o, &res->fit);
	if (!res->fit)
		return sk_out_of_memory(err);
	if (status == GSL_ENOMEM)
		return sk_out_of_memory(err);
	cfa_why_text(&res->fit->why, &res->fit->spec, res->items, res->factors, NULL, why, sizeof why);
	if (status != GSL_SUCCESS)
		return sk_fail(err, why_exit(&res->fit->why), "cannot fit the CFA: %s", why);
	if (res->fit->why.problem != CFA_OK && WARN(res, "%s; the estimates are shown but must not be interpreted", why))
		return sk_out_of_memory(err);
	return 0;
}

/* The single-factor model of every item (with the model's residual covariances), fitted to the
 * same rows; its chi-square against the measurement model's. */
static int fit_one_factor(struct cfa_result *res, struct cfa_job *jb, struct sk_error *err)
{
	struct cfa_spec one;
	struct cfa_options o;
	size_t *zero = calloc(res->p, sizeof *zero);
	char why[1024];
	int status;

	if (!zero || cfa_spec_init(&one, res->p, 1, 1) != 0) {
		free(zero);
		return sk_out_of_memory(err);
	}
	status = cfa_spec_scales(&one, zero);
	free(zero);
	for (size_t k = 0; k < jb->spec.n_param && !status; k++) {
		const struct cfa_param *q = &jb->spec.param[k];
		if (q->kind == CFA_RESID_COV && q->i != q->j && q->group == 0)
			status = cfa_spec_add(&one, q, NULL);
	}
	options_of(res->rq, &o);
	if (!status)
		status = cfa_fit_run(&one, &jb->data, &o, &res->one_factor);
	cfa_spec_release(&one);
	if (!res->one_factor || status == GSL_ENOMEM)
		return sk_out_of_memory(err);
	if (status != GSL_SUCCESS) {
		char *const one_name[] = {"single factor"};
		cfa_why_text(&res->one_factor->why, &res->one_factor->spec, res->items, one_name, NULL, why, sizeof why);
		cfa_fit_free(res->one_factor);
		res->one_factor = NULL;
		return NOTE(res, "the single-factor CFA could not be fitted (%s): no chi-square difference test", why) ? sk_out_of_memory(err)
															 : 0;
	}
	cfa_difference_test(res->one_factor, res->fit, &res->one_factor_test);
	return 0;
}

static int run_harman(struct cfa_result *res, struct sk_error *err)
{
	const gsl_matrix *S = res->fit->sample_cov[0];
	gsl_matrix *R = gsl_matrix_alloc(res->p, res->p);
	int status;

	if (!R)
		return sk_out_of_memory(err);
	for (size_t i = 0; i < res->p; i++)
		for (size_t j = 0; j < res->p; j++)
			gsl_matrix_set(R, i, j,
				       i == j ? 1.0
					      : gsl_matrix_get(S, i, j) / sqrt(gsl_matrix_get(S, i, i) * gsl_matrix_get(S, j, j)));
	status = harman_test(R, &res->harman);
	gsl_matrix_free(R);
	if (status == GSL_ENOMEM)
		return sk_out_of_memory(err);
	res->harman_ok = status == GSL_SUCCESS;
	if (!res->harman_ok && NOTE(res, "Harman's single-factor test could not be computed"))
		return sk_out_of_memory(err);
	return 0;
}

/* The construct of each item for HTMT: the one factor it loads on; NULL (with *why) when an item
 * loads on none or on several. */
static size_t *htmt_constructs(const struct cfa_result *res, const struct cfa_spec *spec, const char **why)
{
	size_t *construct = malloc(res->p * sizeof *construct);

	if (!construct)
		return NULL;
	for (size_t i = 0; i < res->p; i++)
		construct[i] = CFA_NONE;
	for (size_t k = 0; k < spec->n_param; k++) {
		const struct cfa_param *q = &spec->param[k];
		if (q->kind != CFA_LOADING || q->group != 0 || (!q->free && q->value == 0))
			continue;
		if (construct[q->i] != CFA_NONE && construct[q->i] != q->j)
			*why = "an item loads on more than one factor";
		construct[q->i] = q->j;
	}
	for (size_t i = 0; i < res->p && !*why; i++)
		if (construct[i] == CFA_NONE)
			*why = "an item loads on no factor";
	return construct;
}

/* The complete rows of the job's data (semTools's listwise default), or NULL when out of memory. */
static gsl_matrix *complete_rows(const struct cfa_data *d, size_t *n)
{
	gsl_matrix *X;
	size_t row = 0;

	*n = 0;
	for (size_t r = 0; r < d->n; r++) {
		size_t i = 0;
		while (i < d->p && !isnan(d->x[r * d->stride + i]))
			i++;
		*n += i == d->p;
	}
	if (!(X = gsl_matrix_alloc(*n ? *n : 1, d->p)))
		return NULL;
	for (size_t r = 0; r < d->n; r++) {
		size_t i = 0;
		while (i < d->p && !isnan(d->x[r * d->stride + i]))
			i++;
		if (i < d->p)
			continue;
		for (i = 0; i < d->p; i++)
			gsl_matrix_set(X, row, i, d->x[r * d->stride + i]);
		row++;
	}
	return X;
}

static const char *htmt_why(enum htmt_problem problem)
{
	switch (problem) {
	case HTMT_ONE_ITEM:
		return "a factor has fewer than two items";
	case HTMT_MONOTRAIT:
		return "a factor's items do not correlate positively on average";
	case HTMT_CONSTANT_ITEM:
		return "an item has no variance among the complete rows";
	default:
		return "too few complete rows";
	}
}

/* HTMT (and its bootstrap CIs) on the complete rows. */
static int run_htmt(struct cfa_result *res, struct cfa_job *jb, struct sk_error *err)
{
	const char *why = NULL;
	size_t *construct = htmt_constructs(res, &jb->spec, &why);
	struct htmt_spec hs = {res->p, res->m, construct, 1};
	gsl_matrix *X = NULL, *draws = NULL;
	int status = 0;

	if (!construct)
		return sk_out_of_memory(err);
	if (!why && !(X = complete_rows(&jb->data, &res->htmt_n)))
		status = sk_out_of_memory(err);
	if (X && res->htmt_n < 3)
		why = htmt_why(HTMT_TOO_FEW_CASES);
	if (!status && !why) {
		if (!(res->htmt = htmt_alloc(res->p, res->m)))
			status = sk_out_of_memory(err);
		else if (htmt_compute(res->htmt, X, &hs) != GSL_SUCCESS) {
			why = htmt_why(res->htmt->problem);
			htmt_free(res->htmt);
			res->htmt = NULL;
		}
	}
	if (!status && why && NOTE(res, "HTMT not computed: %s", why))
		status = sk_out_of_memory(err);
	if (!status && res->htmt && res->rq->boot.reps) {
		size_t pairs = htmt_n_pairs(res->m);
		draws = gsl_matrix_alloc(res->rq->boot.reps, 2 * pairs);
		res->htmt_ci = calloc(2 * pairs, sizeof *res->htmt_ci);
		if (!draws || !res->htmt_ci)
			status = sk_out_of_memory(err);
		else if (htmt_bootstrap(X, &hs, res->rq->boot.reps, res->rq->boot.seed, res->rq->boot.threads, draws,
					&res->htmt_replaced) != GSL_SUCCESS ||
			 htmt_intervals(res->htmt, draws, res->rq->ci, res->htmt_ci) != GSL_SUCCESS) {
			free(res->htmt_ci);
			res->htmt_ci = NULL;
			if (NOTE(res, "HTMT bootstrap CIs not computed: no resample could be used"))
				status = sk_out_of_memory(err);
		}
	}
	gsl_matrix_free(X);
	gsl_matrix_free(draws);
	free(construct);
	return status;
}

static int run_invariance(struct cfa_result *res, struct cfa_job *jb, struct sk_error *err)
{
	struct cfa_options o;
	int status;

	options_of(res->rq, &o);
	o.partial = jb->partial;
	o.n_partial = jb->n_partial;
	status = cfa_invariance_run(&jb->spec_groups, &jb->data_groups, &o, &res->inv);
	if (status == GSL_ENOMEM)
		return sk_out_of_memory(err);
	if (status != GSL_SUCCESS)
		return sk_fail(err, SK_EXIT_ANALYSIS, "invariance needs two or more groups of '%s'", res->rq->group);
	res->invariance = 1;
	for (int s = 0; s < CFA_STEPS; s++) {
		const struct cfa_step_result *r = &res->inv.step[s];
		static const char *const step_name[] = {"configural", "metric", "scalar", "strict"};
		char why[1024];
		if (r->status == GSL_SUCCESS && r->fit->why.problem == CFA_OK)
			continue;
		cfa_why_text(&r->fit->why, &r->fit->spec, res->items, res->factors, res->group_labels, why, sizeof why);
		if (r->status == GSL_SUCCESS ? WARN(res, "the %s model: %s", step_name[s], why)
					     : NOTE(res, "the %s model could not be fitted: %s", step_name[s], why))
			return sk_out_of_memory(err);
	}
	return 0;
}

int cfa_run(const struct cfa_request *rq, const struct dataset *ds, struct cfa_result *res, struct sk_error *err)
{
	struct cfa_job jb;
	int status;

	memset(res, 0, sizeof *res);
	res->ds = ds;
	res->rq = rq;
	if ((status = cfa_job_build(rq, ds, res, &jb, err)) != 0)
		goto done;
	if ((status = fit_main(res, &jb, err)) != 0)
		goto done;
	if (res->m >= 1) {
		res->validity = calloc(res->m, sizeof *res->validity);
		res->fl = gsl_matrix_alloc(res->m, res->m);
		if (!res->validity || !res->fl || cfa_validity(res->fit, 0, res->validity, res->fl) != 0) {
			status = sk_out_of_memory(err);
			goto done;
		}
		for (size_t f = 0; f < res->m; f++) {
			const struct cfa_validity *v = &res->validity[f];
			if ((v->cr < CFA_CR_BELOW &&
			     WARN(res, "factor '%s': composite reliability %.3f is below .70", res->factors[f], v->cr)) ||
			    (v->ave < CFA_AVE_BELOW &&
			     WARN(res, "factor '%s': AVE %.3f is below .50 (convergent validity not shown)", res->factors[f], v->ave)) ||
			    (res->m > 1 && !v->fl_ok &&
			     WARN(res, "factor '%s': sqrt(AVE) %.3f does not exceed its correlations with every other factor "
				       "(Fornell-Larcker criterion not met)", res->factors[f], v->sqrt_ave))) {
				status = sk_out_of_memory(err);
				goto done;
			}
		}
	}
	status = cfa_modindices(res->fit, &res->mi, &res->n_mi);
	if (status == GSL_ENOMEM) {
		status = sk_out_of_memory(err);
		goto done;
	}
	if (status != 0) {
		res->mi = NULL;
		res->n_mi = 0;
		if ((status = NOTE(res, "modification indices could not be computed (the information matrix is singular)")))
			status = sk_out_of_memory(err);
	} else {
		cfa_modindices_sort(res->mi, res->n_mi);
	}
	if (status == 0 && res->m >= 2)
		status = run_harman(res, err);
	if (status == 0 && res->m >= 2)
		status = fit_one_factor(res, &jb, err);
	if (status == 0 && res->m >= 2)
		status = run_htmt(res, &jb, err);
	if (status == 0 && rq->invariance)
		status = run_invariance(res, &jb, err);
done:
	cfa_job_release(&jb);
	return status;
}

void cfa_result_release(struct cfa_result *res)
{
	for (size_t i = 0; i < res->p && res->items; i++)
		free(res->items[i]);
	for (size_t f = 0; f < res->m && res->factors; f++)
		free(res->factors[f]);
	free(res->items);
	free(res->factors);
	free(res->col);
	cfa_fit_free(res->fit);
	free(res->validity);
	gsl_matrix_free(res->fl);
	free(res->mi);
	cfa_fit_free(res->one_factor);
	htmt_free(res->htmt);
	free(res->htmt_ci);
	cfa_invariance_release(&res->inv);
	free(res->group_labels);
	if (res->grouping.name)
		grouping_release(&res->grouping);
	for (size_t k = 0; k < res->n_notes; k++)
		free(res->notes[k]);
	for (size_t k = 0; k < res->n_warnings; k++)
		free(res->warnings[k]);
	free(res->notes);
	free(res->warnings);
	memset(res, 0, sizeof *res);
}

/* cfa as a typed command (analysis/commands.h): main and the report's measurement section run it. */
COMMAND_STEPS(cfa);
