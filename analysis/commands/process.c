/* surveykit process: the options (PROCESS v4's names where it has them), their checks before any
 * data is read, the variables read from the wave and the model fitted by the engine
 * (models/process_fit.h). The effects are computed in process_results.c, the document written in
 * process_emit.c, the within-subject designs in process_within.c (analysis/commands/process.h). */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands.h"
#include "analysis/commands/process.h"
#include "analysis/data/bigbuf.h"
#include "io/doc.h"

const struct option_spec process_options[] = {
	{"model", "N", "PROCESS model number (1-22, 28, 29, 58-76, 80-92)"},
	{"y", "VAR", "outcome (two values: logistic regression, as PROCESS); with --within: Y1,Y2"},
	{"x", "VAR", "focal predictor"},
	{"m", "M1,M2,...", "mediators in order (serial models: the chain's order); with --within: pairs A1,A2,B1,B2,..."},
	{"w", "VAR", "first moderator; with --within: a between-subject moderator of the condition effect"},
	{"z", "VAR", "second moderator"},
	{"cov", "VAR,...", "covariates (in every equation unless --cmatrix)"},
	{"cmatrix", "0|1,...", "which covariates enter which equation: one row per consequent (M1, ..., Mk, Y), one 0/1 per covariate in --cov order, row after row (PROCESS cmatrix)"},
	{"mcx", "indicator|sequential|helmert|effect", "X is multicategorical, coded so (PROCESS mcx=1..4)"},
	{"mcw", "indicator|sequential|helmert|effect", "W is multicategorical, coded so (PROCESS mcw=1..4)"},
	{"center", "[1|2]", "mean-centre the variables in products: 1 every continuous one, 2 those with more than two values"},
	{"moments", NULL, "probe moderators at the mean and +/- 1 SD (default: 16th, 50th, 84th percentiles)"},
	{"wmodval", "V1,V2,...", "probe a continuous W at these values (in the data's metric; at most 8)"},
	{"zmodval", "V1,V2,...", "probe a continuous Z at these values (in the data's metric; at most 8)"},
	{"jn", NULL, "Johnson-Neyman regions for every path with a continuous moderator"},
	{"contrast", "[1|2]", "pairwise contrasts of indirect effects: 1 differences, 2 differences of absolute values"},
	{"effsize", NULL, "partially and completely standardised effects (continuous Y)"},
	{"boot", "[N]", "bootstrap resamples for indirect effects (default 5000, as PROCESS; 0 for none; at most 100000)"},
	{"seed", "S", "random seed for the bootstrap (default: from the clock, reported)"},
	{"threads", "N", "bootstrap threads (default and most: one per processor; the results do not depend on it)"},
	{"conf", "LEVEL", "confidence level in percent (default 95, or --ci)"},
	{"hc", "0..4", "heteroskedasticity-consistent standard errors HC0-HC4 (OLS equations)"},
	{"within", NULL, "two-condition within-subject design (MEMORE): --y Y1,Y2 with --m pairs or --w"},
	{0},
};

static int coding_parse(const char *opt, const char *s, enum coding_system *out, struct sk_error *err)
{
	static const char *names[] = {"indicator", "sequential", "helmert", "effect"};

	*out = 0;
	if (!s)
		return 0;
	for (size_t i = 0; i < 4; i++)
		if (strcasecmp(s, names[i]) == 0 || (s[0] == (char)('1' + i) && s[1] == 0)) {
			*out = (enum coding_system)(i + 1);
			return 0;
		}
	return sk_fail(err, SK_EXIT_USAGE, "--%s '%s' must be indicator, sequential, helmert or effect (or 1-4)", opt, s);
}

/* "" (given without a value) or 1 or 2. */
static int one_or_two(const struct cli *cli, const char *opt, int *out, struct sk_error *err)
{
	const char *s = cli_get(cli, opt);

	*out = 0;
	if (!s)
		return 0;
	if (!s[0] || strcmp(s, "1") == 0)
		*out = 1;
	else if (strcmp(s, "2") == 0)
		*out = 2;
	else
		return sk_fail(err, SK_EXIT_USAGE, "--%s '%s' must be 1 or 2", opt, s);
	return 0;
}

/* --wmodval / --zmodval: up to PROCESS_MAX_MODVALS finite numbers separated by commas. */
static int modvals(const struct cli *cli, const char *opt, double *out, size_t *n, struct sk_error *err)
{
	const char *text = cli_get(cli, opt);

	*n = 0;
	if (!text)
		return 0;
	switch (cli_parse_numbers(text, out, PROCESS_MAX_MODVALS, n)) {
	case CLI_NUMBERS_NOT_A_NUMBER:
		return sk_fail(err, SK_EXIT_USAGE, "--%s '%s' must be numbers separated by commas", opt, text);
	case CLI_NUMBERS_TOO_MANY:
		return sk_fail(err, SK_EXIT_USAGE, "--%s: at most %d values", opt, PROCESS_MAX_MODVALS);
	case CLI_NUMBERS_NONE:
		return sk_fail(err, SK_EXIT_USAGE, "--%s gives no value", opt);
	case CLI_NUMBERS_OK:
		break;
	}
	return 0;
}

/* --cmatrix: (k + 1) x ncov flags row by row (consequent M1..Mk, Y; covariate), as PROCESS's
 * cmatrix; stored covariate by covariate as proc_model_init reads them. Each covariate must enter
 * at least one equation. */
static int parse_cmatrix(const struct cli *cli, struct process_request *rq, struct sk_error *err)
{
	const char *s = cli_get(cli, "cmatrix"), *text = s;
	size_t rows = rq->k + 1, n = 0;

	if (!s)
		return 0;
	if (!rq->ncov)
		return sk_fail(err, SK_EXIT_USAGE, "--cmatrix needs --cov");
	rq->cov_in = calloc(rows * rq->ncov, 1);
	if (!rq->cov_in)
		return sk_out_of_memory(err);
	for (; *s; s++) {
		if (*s == ',')
			continue;
		if ((*s != '0' && *s != '1') || (s[1] && s[1] != ',') || n == rows * rq->ncov)
			return sk_fail(err, SK_EXIT_USAGE,
				       "--cmatrix '%s' must be %zu flags 0 or 1 separated by commas (%zu equations x %zu covariates)",
				       text, rows * rq->ncov, rows, rq->ncov);
		rq->cov_in[(n % rq->ncov) * rows + n / rq->ncov] = (unsigned char)(*s == '1');
		n++;
	}
	if (n != rows * rq->ncov)
		return sk_fail(err, SK_EXIT_USAGE,
			       "--cmatrix '%s' must be %zu flags 0 or 1 separated by commas (%zu equations x %zu covariates)",
			       text, rows * rq->ncov, rows, rq->ncov);
	for (size_t c = 0; c < rq->ncov; c++) {
		size_t in = 0;
		for (size_t e = 0; e < rows; e++)
			in += rq->cov_in[c * rows + e];
		if (!in)
			return sk_fail(err, SK_EXIT_USAGE, "--cmatrix puts the covariate '%s' in no equation", rq->cov[c]);
	}
	return 0;
}

static int distinct_names(const struct process_request *rq, struct sk_error *err)
{
	const char *all[PROC_MAX_MEDIATORS + 4 + PROC_MAX_COVARIATES];
	size_t n = 0;

	all[n++] = rq->y;
	all[n++] = rq->x;
	if (rq->w)
		all[n++] = rq->w;
	if (rq->z)
		all[n++] = rq->z;
	for (size_t j = 0; j < rq->k; j++)
		all[n++] = rq->m[j];
	for (size_t c = 0; c < rq->ncov; c++)
		all[n++] = rq->cov[c];
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (strcmp(all[i], all[j]) == 0)
				return sk_fail(err, SK_EXIT_USAGE, "'%s' is named twice among --y, --x, --m, --w, --z and --cov",
					       all[i]);
	return 0;
}

/* --within: Y1,Y2 and either mediator pairs or a moderator; the options of the between-subject
 * engine are refused rather than ignored. */
static int parse_within(const struct cli *cli, struct process_request *rq, struct sk_error *err)
{
	static const char *refused[] = {"model", "x", "z", "cov", "mcx", "mcw", "center", "moments", "hc", "effsize",
					"wmodval", "zmodval", "cmatrix"};
	size_t n_y, nm;
	int status;

	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		if (cli_get(cli, refused[i]))
			return sk_fail(err, SK_EXIT_USAGE, "--%s does not apply with --within", refused[i]);
	if ((status = cli_get_list(cli, "y", &rq->y_pair, &n_y, err)) != 0 ||
	    (status = cli_get_list(cli, "m", &rq->m, &nm, err)) != 0)
		return status;
	if (n_y != 2)
		return sk_fail(err, SK_EXIT_USAGE, "--within needs --y Y1,Y2: the outcome in the two conditions");
	if (nm % 2)
		return sk_fail(err, SK_EXIT_USAGE, "--within --m takes pairs (M1 in condition 1, M1 in condition 2, ...); %zu names given", nm);
	rq->k = nm / 2;
	if (rq->k > PROC_MAX_MEDIATORS)
		return sk_fail(err, SK_EXIT_USAGE, "--within --m: at most %d mediators", PROC_MAX_MEDIATORS);
	if (!rq->k == !rq->w)
		return sk_fail(err, SK_EXIT_USAGE, "--within needs either --m pairs (mediation) or --w (moderation), not both");
	if (rq->w && rq->contrast)
		return sk_fail(err, SK_EXIT_USAGE, "--contrast needs --m (contrasts of indirect effects)");
	if (rq->jn && !rq->w)
		return sk_fail(err, SK_EXIT_USAGE, "--jn needs --w with --within");
	for (size_t i = 0; i < nm + 2; i++)
		for (size_t j = i + 1; j < nm + 2 + (rq->w != NULL); j++) {
			const char *a = i < 2 ? rq->y_pair[i] : rq->m[i - 2];
			const char *b = j < 2 ? rq->y_pair[j] : j < nm + 2 ? rq->m[j - 2] : rq->w;
			if (strcmp(a, b) == 0)
				return sk_fail(err, SK_EXIT_USAGE, "'%s' is named twice among --y, --m and --w", a);
		}
	return 0;
}

static int check_model(struct process_request *rq, struct sk_error *err)
{
	const struct proc_template *t = proc_template_find(rq->model);
	struct proc_model *m;
	enum proc_model_problem why;
	int status = 0;

	if (!t)
		return sk_fail(err, SK_EXIT_USAGE, "--model %d: PROCESS v4 defines models 1-22, 28, 29, 58-76 and 80-92",
			       rq->model);
	if (rq->k < t->min_m || rq->k > t->max_m) {
		if (t->max_m == 0)
			return sk_fail(err, SK_EXIT_USAGE, "--model %d has no mediator: leave out --m", rq->model);
		if (t->min_m == t->max_m)
			return sk_fail(err, SK_EXIT_USAGE, "--model %d needs exactly %d mediators in --m (%zu given)",
				       rq->model, t->min_m, rq->k);
		return sk_fail(err, SK_EXIT_USAGE, "--model %d needs %d to %d mediators in --m (%zu given)", rq->model,
			       t->min_m, t->max_m, rq->k);
	}
	if (rq->ncov > PROC_MAX_COVARIATES)
		return sk_fail(err, SK_EXIT_USAGE, "--cov: at most %d covariates", PROC_MAX_COVARIATES);
	m = malloc(sizeof *m);
	if (!m)
		return sk_out_of_memory(err);
	if (proc_model_init(m, rq->model, rq->k, rq->ncov, NULL, &why) != GSL_SUCCESS)
		status = sk_fail(err, SK_EXIT_USAGE, "--model %d cannot be set up with these variables", rq->model);
	else if (proc_model_uses(m, PROC_W) != (rq->w != NULL))
		status = sk_fail(err, SK_EXIT_USAGE, rq->w ? "--model %d has no moderator W: leave out --w"
							 : "--model %d needs a moderator --w", rq->model);
	else if (proc_model_uses(m, PROC_Z) != (rq->z != NULL))
		status = sk_fail(err, SK_EXIT_USAGE, rq->z ? "--model %d has no second moderator Z: leave out --z"
							 : "--model %d needs a second moderator --z", rq->model);
	else if (rq->mcx && rq->mcw)
		status = sk_fail(err, SK_EXIT_USAGE, "--mcx and --mcw cannot be given together (as in PROCESS)");
	else if (rq->mcx && rq->model == 74)
		status = sk_fail(err, SK_EXIT_USAGE, "--model 74 moderates by X itself: X cannot be multicategorical (--mcx)");
	free(m);
	return status;
}

int process_request_parse(const struct cli *cli, struct process_request *rq, struct sk_error *err)
{
	const char *conf = cli_get(cli, "conf");
	size_t model = 0;
	int status, center;

	memset(rq, 0, sizeof *rq);
	rq->within = cli_flag(cli, "within");
	rq->y = cli_get(cli, "y");
	rq->x = cli_get(cli, "x");
	rq->w = cli_get(cli, "w");
	rq->z = cli_get(cli, "z");
	rq->jn = cli_flag(cli, "jn");
	rq->effsize = cli_flag(cli, "effsize");
	rq->probe = cli_flag(cli, "moments") ? MOD_PROBE_MEANSD : MOD_PROBE_PERCENTILES;
	if ((status = reg_ols_options(cli, &rq->ols, err)) != 0 ||
	    (status = coding_parse("mcx", cli_get(cli, "mcx"), &rq->mcx, err)) != 0 ||
	    (status = coding_parse("mcw", cli_get(cli, "mcw"), &rq->mcw, err)) != 0 ||
	    (status = one_or_two(cli, "center", &center, err)) != 0 ||
	    (status = one_or_two(cli, "contrast", &rq->contrast, err)) != 0 ||
	    (status = modvals(cli, "wmodval", rq->wmodval, &rq->n_wmodval, err)) != 0 ||
	    (status = modvals(cli, "zmodval", rq->zmodval, &rq->n_zmodval, err)) != 0 ||
	    (status = boot_options_parse(cli, BOOT_DEFAULT_REPS, &rq->boot, err)) != 0)
		return status;
	rq->ols.residuals = 0;
	rq->center = center == 1 ? PROC_CENTER_ALL : center == 2 ? PROC_CENTER_CONTINUOUS : PROC_CENTER_NONE;
	if (conf) {
		char *end;
		double c = strtod(conf, &end);
		if (end == conf || *end || !(c > 0 && c < 100))
			return sk_fail(err, SK_EXIT_USAGE, "--conf '%s' must be a percentage between 0 and 100 (95 is usual)", conf);
		rq->ols.ci = c / 100;
	}
	if (!rq->y)
		return sk_fail(err, SK_EXIT_USAGE, "process needs --y (see 'surveykit process --help')");
	if (rq->within)
		return parse_within(cli, rq, err);
	if (!rq->x)
		return sk_fail(err, SK_EXIT_USAGE, "process needs --x (see 'surveykit process --help')");
	if (!cli_get(cli, "model"))
		return sk_fail(err, SK_EXIT_USAGE, "process needs --model N (a PROCESS model number)");
	if ((status = cli_get_size(cli, "model", 0, &model, err)) != 0)
		return status;
	rq->model = model > 1000 ? 1000 : (int)model;
	if ((status = cli_get_list(cli, "m", &rq->m, &rq->k, err)) != 0 ||
	    (status = cli_get_list(cli, "cov", &rq->cov, &rq->ncov, err)) != 0)
		return status;
	if (rq->k > PROC_MAX_MEDIATORS)
		return sk_fail(err, SK_EXIT_USAGE, "--m: at most %d mediators", PROC_MAX_MEDIATORS);
	if (rq->ncov > PROC_MAX_COVARIATES)
		return sk_fail(err, SK_EXIT_USAGE, "--cov: at most %d covariates", PROC_MAX_COVARIATES);
	if (rq->mcw && !rq->w)
		return sk_fail(err, SK_EXIT_USAGE, "--mcw needs --w");
	if (rq->n_wmodval && !rq->w)
		return sk_fail(err, SK_EXIT_USAGE, "--wmodval needs --w");
	if (rq->n_zmodval && !rq->z)
		return sk_fail(err, SK_EXIT_USAGE, "--zmodval needs --z");
	if (rq->n_wmodval && rq->mcw)
		return sk_fail(err, SK_EXIT_USAGE, "--wmodval needs a continuous W: a multicategorical W (--mcw) is probed at each level");
	if ((status = check_model(rq, err)) != 0 || (status = distinct_names(rq, err)) != 0 ||
	    (status = parse_cmatrix(cli, rq, err)) != 0)
		return status;
	if (rq->contrast && rq->k < 2)
		return sk_fail(err, SK_EXIT_USAGE, "--contrast needs two or more mediators");
	return 0;
}

void process_request_release(struct process_request *rq)
{
	cli_list_free(rq->m);
	cli_list_free(rq->cov);
	cli_list_free(rq->y_pair);
	free(rq->cov_in);
	memset(rq, 0, sizeof *rq);
}

const char *process_var_name(const struct process_result *res, int v)
{
	if (v == PROC_X)
		return res->rq->x;
	if (v == PROC_W)
		return res->rq->w;
	if (v == PROC_Z)
		return res->rq->z;
	if (v == PROC_Y)
		return res->rq->y;
	return res->rq->m[v - PROC_M1];
}

char *process_column_name(const struct process_result *res, int v, size_t c)
{
	if (v <= PROC_Z && res->fit->levels[v])
		return reg_printf("%s_D%zu", process_var_name(res, v), c + 1);
	return strdup(process_var_name(res, v));
}

/* A multicategorical X or W is a column (its values are the levels), not a scale score. */
static int categorical_column(const struct dataset *ds, const char *opt, const char *name, struct sk_error *err)
{
	if (frame_find(&ds->frame, name) != SIZE_MAX)
		return 0;
	if (dataset_find_scale(ds, name))
		return sk_fail(err, SK_EXIT_USAGE, "--%s: '%s' is a scale; a multicategorical variable must be a column", opt,
			       name);
	return sk_fail(err, SK_EXIT_INPUT, "no column or scale named '%s'", name);
}

/* Variables read, rows with every one of them kept (those left out counted by reason). */
static int load_vars(struct process_result *res, const struct dataset *ds, struct sk_error *err)
{
	const struct process_request *rq = res->rq;
	char *xcat[] = {(char *)rq->x, NULL}, *wcat[] = {(char *)rq->w, NULL};
	char **xlist = rq->mcx ? xcat : rq->preset_categorical ? rq->categorical : NULL;
	char **wlist = rq->mcw ? wcat : rq->preset_categorical ? rq->categorical : NULL;
	json_t *notes = rq->preset_categorical ? res->envelope : NULL;
	struct reg_var *all[PROC_MAX_MEDIATORS + 4 + PROC_MAX_COVARIATES];
	size_t k = 0;
	int status;

	if ((rq->mcx && (status = categorical_column(ds, "mcx", rq->x, err)) != 0) ||
	    (rq->mcw && (status = categorical_column(ds, "mcw", rq->w, err)) != 0))
		return status;
	if ((status = reg_var_load(ds, rq->y, 0, NULL, notes, &res->y, err)) != 0 ||
	    (status = reg_var_load(ds, rq->x, rq->mcx != 0 || rq->preset_categorical, xlist, notes, &res->x, err)) != 0 ||
	    (rq->w && (status = reg_var_load(ds, rq->w, rq->mcw != 0 || rq->preset_categorical, wlist, notes, &res->w,
					     err)) != 0) ||
	    (rq->z && (status = reg_var_load(ds, rq->z, 0, NULL, notes, &res->z, err)) != 0))
		return status;
	for (size_t j = 0; j < rq->k; j++)
		if ((status = reg_var_load(ds, rq->m[j], 0, NULL, notes, &res->m[j], err)) != 0)
			return status;
	res->cv = calloc(rq->ncov + 1, sizeof *res->cv);
	if (!res->cv)
		return sk_out_of_memory(err);
	for (size_t c = 0; c < rq->ncov; c++)
		if ((status = reg_var_load(ds, rq->cov[c], 0, NULL, notes, &res->cv[c], err)) != 0)
			return status;
	all[k++] = &res->y;
	all[k++] = &res->x;
	if (rq->w)
		all[k++] = &res->w;
	if (rq->z)
		all[k++] = &res->z;
	for (size_t j = 0; j < rq->k; j++)
		all[k++] = &res->m[j];
	for (size_t c = 0; c < rq->ncov; c++)
		all[k++] = &res->cv[c];
	status = reg_rows(ds, all, k, NULL, res->envelope, &res->rows, &res->n, err);
	for (size_t j = 0; !status && j < k; j++)
		status = reg_var_restrict(all[j], res->rows, res->n, res->envelope, err);
	return status;
}

/* A multicategorical variable's levels on the rows used, for the engine and the coding table. */
static int categorical_input(const struct reg_var *mv, enum coding_system coding, struct proc_input *in,
			     struct process_levels *lv, struct sk_error *err)
{
	if (mv->n_kept > CODING_MAX_LEVELS)
		return sk_fail(err, SK_EXIT_ANALYSIS, "'%s' has %zu levels: a multicategorical variable may have at most %d",
			       mv->name, mv->n_kept, CODING_MAX_LEVELS);
	*in = (struct proc_input){NULL, mv->code, mv->n_kept, coding};
	lv->n = mv->n_kept;
	for (size_t l = 0; l < mv->n_kept; l++) {
		lv->level[l] = reg_var_level(mv, l);
		lv->label[l] = reg_var_label(mv, l);
	}
	return 0;
}

static int fit_error(const struct process_result *res, int status, struct sk_error *err)
{
	const struct proc_fit *f = res->fit;
	const char *outcome;

	if (!f)
		return sk_out_of_memory(err);
	switch (f->problem) {
	case PROC_Y_NOT_BINARY:
	case PROC_Y_CONSTANT:
		return sk_fail(err, SK_EXIT_ANALYSIS, "'%s' must take exactly two values for logistic regression",
			       res->rq->y);
	case PROC_FIT:
		outcome = process_var_name(res, res->model.eq[f->bad_eq].outcome);
		if (f->eq[f->bad_eq].logit)
			return sk_fail(err, SK_EXIT_ANALYSIS,
				       "the logistic regression of '%s' cannot be fitted: %s (separation or collinear predictors)",
				       outcome, gsl_strerror(status));
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "the regression of '%s' cannot be fitted: its predictors are collinear or constant (%s)",
			       outcome, gsl_strerror(status));
	case PROC_CATEGORICAL_X:
		return sk_fail(err, SK_EXIT_USAGE, "--model 74 needs a continuous or dichotomous X");
	default:
		return sk_fail(err, SK_EXIT_ANALYSIS, "the model cannot be fitted: %s", gsl_strerror(status));
	}
}

int process_run(const struct process_request *rq, const struct dataset *ds, struct process_result *res,
		struct sk_error *err)
{
	struct proc_data d;
	enum proc_model_problem why;
	double lo, hi;
	int status;

	memset(res, 0, sizeof *res);
	res->rq = rq;
	res->envelope = dataset_doc(ds, rq->command ? rq->command : "process");
	if (!res->envelope)
		return sk_out_of_memory(err);
	if ((status = load_vars(res, ds, err)) != 0)
		return status;
	memset(&d, 0, sizeof d);
	d.n = res->n;
	d.y = res->y.v;
	d.x.v = res->x.v;
	d.w.v = res->w.v;
	d.z.v = res->z.v;
	/* a preset's categorical X or W (codebook group or --categorical) is indicator-coded */
	if (res->x.categorical &&
	    (status = categorical_input(&res->x, rq->mcx ? rq->mcx : CODING_INDICATOR, &d.x, &res->xl, err)) != 0)
		return status;
	if (res->w.categorical &&
	    (status = categorical_input(&res->w, rq->mcw ? rq->mcw : CODING_INDICATOR, &d.w, &res->wl, err)) != 0)
		return status;
	for (size_t j = 0; j < rq->k; j++)
		d.m[j] = res->m[j].v;
	if (rq->ncov) {
		res->C = gsl_matrix_alloc(res->n, rq->ncov);
		if (!res->C)
			return sk_out_of_memory(err);
		for (size_t i = 0; i < res->n; i++)
			for (size_t c = 0; c < rq->ncov; c++)
				gsl_matrix_set(res->C, i, c, res->cv[c].v[i]);
	}
	d.cov = res->C;
	d.center = rq->center;
	d.ols = rq->ols;
	if (proc_model_init(&res->model, rq->model, rq->k, rq->ncov, rq->cov_in, &why) != GSL_SUCCESS)
		return sk_fail(err, SK_EXIT_USAGE, "--model %d cannot be set up with these variables", rq->model);
	/* a Y with exactly two values is modelled by logistic regression, as PROCESS does */
	if (!rq->ols_only && proc_dichotomous(res->y.v, res->n, &lo, &hi)) {
		if (proc_model_set_logistic(&res->model, &why) != GSL_SUCCESS)
			return sk_fail(err, SK_EXIT_ANALYSIS,
				       "'%s' has two values (logistic regression), and PROCESS defines model 74 for a continuous Y only",
				       rq->y);
		res->logistic = 1;
	}
	status = proc_fit_run(&res->model, &d, &res->fit);
	if (status)
		return fit_error(res, status, err);
	doc_set_used(res->envelope, res->n);
	return process_results_compute(res, err);
}

void process_result_release(struct process_result *res)
{
	const struct process_request *rq = res->rq;

	json_decref(res->envelope);
	reg_var_release(&res->y);
	reg_var_release(&res->x);
	reg_var_release(&res->w);
	reg_var_release(&res->z);
	for (size_t j = 0; j < PROC_MAX_MEDIATORS; j++)
		reg_var_release(&res->m[j]);
	for (size_t c = 0; res->cv && rq && c < rq->ncov; c++)
		reg_var_release(&res->cv[c]);
	free(res->cv);
	bigbuf_free(res->rows);
	gsl_matrix_free(res->C);
	proc_fit_free(res->fit);
	free(res->tests);
	free(res->eff);
	free(res->cond);
	free(res->omni);
	free(res->jn);
	memset(res, 0, sizeof *res);
}

static int process_parse_step(const struct cli *cli, void *q, struct sk_error *err)
{
	return process_request_parse(cli, q, err);
}

static int process_run_step(const void *q, const struct dataset *ds, void *res, struct sk_error *err)
{
	return process_run(q, ds, res, err);
}

static json_t *process_emit_step(const void *res)
{
	return process_emit((struct process_result *)res);
}

/* process_run's count, which it writes in the envelope. */
static size_t process_used_step(const void *res)
{
	return ((const struct process_result *)res)->n;
}

static void process_result_release_step(void *res)
{
	process_result_release(res);
}

static void process_request_release_step(void *q)
{
	process_request_release(q);
}

const struct command_steps process_steps = {sizeof(struct process_request), sizeof(struct process_result),
					    process_parse_step,     process_run_step,
					    process_emit_step,      process_used_step,
					    process_result_release_step, process_request_release_step};

/* The command line's steps: a between-subjects model (process_run) or, with --within, MEMORE's
 * two-condition designs (process_within_run), as the request says. The report uses process_steps. */
struct process_any_result {
	int within;
	struct process_result between;
	struct process_within_result two;
};

static int process_any_run_step(const void *q, const struct dataset *ds, void *r, struct sk_error *err)
{
	const struct process_request *rq = q;
	struct process_any_result *res = r;

	res->within = rq->within;
	return rq->within ? process_within_run(rq, ds, &res->two, err) : process_run(rq, ds, &res->between, err);
}

static json_t *process_any_emit_step(const void *r)
{
	struct process_any_result *res = (struct process_any_result *)r; /* the emits hand out the envelope */

	return res->within ? process_within_emit(&res->two) : process_emit(&res->between);
}

/* process_run's or process_within_run's count, which each writes in its envelope. */
static size_t process_any_used_step(const void *r)
{
	const struct process_any_result *res = r;

	return res->within ? res->two.n : res->between.n;
}

static void process_any_release_step(void *r)
{
	struct process_any_result *res = r;

	if (res->within)
		process_within_release(&res->two);
	else
		process_result_release(&res->between);
}

const struct command_steps process_command_steps = {sizeof(struct process_request), sizeof(struct process_any_result),
						    process_parse_step,     process_any_run_step,
						    process_any_emit_step,  process_any_used_step,
						    process_any_release_step, process_request_release_step};
