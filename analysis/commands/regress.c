/* surveykit regress: OLS of one outcome on predictors (models/ols.h), with standardised betas,
 * collinearity (tolerance, VIF, condition number), residual diagnostics (Durbin-Watson, Cook's
 * distance, Breusch-Pagan: models/regression_diagnostics.h), HC0-HC4 standard errors,
 * hierarchical blocks with the R2 change and its F test, and with --by the regression in each
 * group side by side plus the tests that the slopes differ between groups
 * (models/group_slopes.h). Typed steps (analysis/commands/regress.h): regress_run fits every
 * model, regress_emit writes them. */
#include "analysis/commands/regress.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/cli/emit.h"
#include "analysis/commands.h"
#include "analysis/data/bigbuf.h"
#include "io/doc.h"
#include "models/group_slopes.h"

const struct option_spec regress_options[] = {
	{"y", "VAR", "outcome: a column or a scale"},
	{"x", "VAR,...", "predictors (a categorical one is indicator-coded against its first level)"},
	{"cov", "VAR,...", "covariates: entered after the predictors (first, as block 0, with --blocks)"},
	{"blocks", "A,B;C;...", "hierarchical entry: blocks separated by ';', R2 change and F per block"},
	{"by", "VAR", "fit the regression in each group and test whether the slopes differ"},
	{"hc", "0..4", "heteroskedasticity-consistent standard errors HC0-HC4 (as R's sandwich)"},
	{"categorical", "VAR,...", "indicator-code these columns (codebook groups are already)"},
	{0},
};

/* A design column: a continuous predictor's values, or the indicator of one of its levels. */
struct regress_dcol {
	const double *v;    /* continuous: values on every row of the dataset (read through rows[]) */
	const size_t *code; /* categorical: kept level of each row used */
	size_t level;
};

/* --y, --by and the predictors (--x, --cov, --blocks) must not name the outcome, the grouping or
 * one variable twice. */
static int check_names(const struct cli *cli, struct sk_error *err)
{
	const char *y = cli_get(cli, "y"), *by = cli_get(cli, "by"), *keys[] = {"x", "cov", "blocks"};
	char **names = NULL;
	size_t n = 0;
	int status = 0;

	if (!y)
		return sk_fail(err, SK_EXIT_USAGE, "regress needs --y VAR (see 'surveykit regress --help')");
	if (by && strcmp(by, y) == 0)
		return sk_fail(err, SK_EXIT_USAGE, "--by '%s' is also the outcome --y", by);
	for (size_t k = 0; k < 3 && status == 0; k++) {
		const char *v = cli_get(cli, keys[k]);
		for (const char *p = v; p && *p && status == 0;) {
			size_t len = strcspn(p, ",;"), a = 0;
			char **grown;
			while (a < len && p[a] == ' ')
				a++;
			while (len > a && p[len - 1] == ' ')
				len--;
			if (len > a) {
				grown = realloc(names, (n + 1) * sizeof *names);
				if (!grown || !(grown[n] = strndup(p + a, len - a))) {
					names = grown ? grown : names;
					status = sk_out_of_memory(err);
					break;
				}
				names = grown;
				n++;
				if (strcmp(names[n - 1], y) == 0)
					status = sk_fail(err, SK_EXIT_USAGE,
							 "'%s' is the outcome --y and cannot also be a predictor (--%s)", y, keys[k]);
				else if (by && strcmp(names[n - 1], by) == 0)
					status = sk_fail(err, SK_EXIT_USAGE,
							 "'%s' is the grouping --by and cannot also be a predictor (--%s)", by, keys[k]);
				for (size_t i = 0; i + 1 < n && status == 0; i++)
					if (strcmp(names[i], names[n - 1]) == 0)
						status = sk_fail(err, SK_EXIT_USAGE, "predictor '%s' is named twice", names[i]);
			}
			p += strcspn(p, ",;");
			p += *p != '\0';
		}
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return status;
}

/* Predictors in entry order: covariates then blocks (--blocks), or --x then --cov. */
static int predictor_names(struct regress_request *q, const struct cli *cli, char **x, size_t nx, char **cov,
			   size_t ncov, struct sk_error *err)
{
	const char *blocks = cli_get(cli, "blocks");
	size_t cap = nx + ncov + 1, m = 0;
	char **out;

	if (blocks && nx)
		return sk_fail(err, SK_EXIT_USAGE, "give the predictors either with --x or with --blocks, not both");
	if (!blocks && !nx)
		return sk_fail(err, SK_EXIT_USAGE, "regress needs --x VAR,... or --blocks (see 'surveykit regress --help')");
	if (blocks)
		for (const char *p = blocks; *p; p++)
			cap += *p == ',' || *p == ';';
	q->names = out = calloc(cap + 1, sizeof *out);
	q->block_of = calloc(cap + 1, sizeof *q->block_of);
	q->block_text = calloc(cap + 2, sizeof *q->block_text);
	if (!out || !q->block_of || !q->block_text)
		return sk_out_of_memory(err);
	if (!blocks) {
		for (size_t i = 0; i < nx; i++)
			out[m++] = strdup(x[i]);
		for (size_t i = 0; i < ncov; i++)
			out[m++] = strdup(cov[i]);
		q->npred = m;
		for (size_t i = 0; i < m; i++)
			if (!out[i])
				return sk_out_of_memory(err);
		return 0;
	}
	if (ncov) {
		for (size_t i = 0; i < ncov; i++) {
			q->block_of[m] = 0;
			out[m++] = strdup(cov[i]);
		}
		q->block_text[q->n_blocks++] = reg_printf("covariates");
	}
	for (const char *p = blocks;;) {
		size_t len = strcspn(p, ";");
		size_t before = m;
		char *text = strndup(p, len);
		if (!text)
			return sk_out_of_memory(err);
		for (char *tok = strtok(text, ","); tok; tok = strtok(NULL, ",")) {
			while (*tok == ' ')
				tok++;
			size_t tl = strlen(tok);
			while (tl && tok[tl - 1] == ' ')
				tok[--tl] = 0;
			if (!tl)
				continue;
			q->block_of[m] = q->n_blocks;
			out[m++] = strdup(tok);
		}
		free(text);
		if (m == before)
			return sk_fail(err, SK_EXIT_USAGE, "--blocks '%s' has an empty block", blocks);
		q->block_text[q->n_blocks++] = strndup(p, len);
		if (!p[len])
			break;
		p += len + 1;
	}
	q->npred = m;
	for (size_t i = 0; i < m; i++)
		if (!out[i])
			return sk_out_of_memory(err);
	return 0;
}

/* The options of regress, checked before any data is read: --y and its predictors (--x, --cov,
 * --blocks), --hc and --categorical. */
int regress_request_parse(const struct cli *cli, struct regress_request *q, struct sk_error *err)
{
	char **x = NULL, **cov = NULL;
	size_t nx = 0, ncov = 0;
	int status;

	if ((status = check_names(cli, err)) != 0)
		return status;
	q->y = cli_get(cli, "y");
	q->by = cli_get(cli, "by");
	if ((status = reg_ols_options(cli, &q->o, err)) == 0 && (status = cli_get_list(cli, "x", &x, &nx, err)) == 0 &&
	    (status = cli_get_list(cli, "cov", &cov, &ncov, err)) == 0 &&
	    (status = cli_get_list(cli, "categorical", &q->categorical, &q->ncat, err)) == 0)
		status = predictor_names(q, cli, x, nx, cov, ncov, err);
	cli_list_free(x);
	cli_list_free(cov);
	return status;
}

void regress_request_release(struct regress_request *q)
{
	cli_list_free(q->categorical);
	cli_list_free(q->names);
	free(q->block_of);
	reg_names_free(q->block_text, q->n_blocks);
	memset(q, 0, sizeof *q);
}

/* The design columns of the predictors on the rows used and their names. The design itself is
 * never stored: the fits read it block by block (struct design). */
static int build_design(struct regress_result *r, struct sk_error *err)
{
	size_t c = 0, npred = r->rq->npred;

	r->k = 0;
	for (size_t i = 0; i < npred; i++)
		r->k += reg_var_columns(&r->pred[i]);
	r->dcols = calloc(r->k ? r->k : 1, sizeof *r->dcols);
	r->terms = calloc(r->k ? r->k : 1, sizeof *r->terms);
	r->labels = calloc(r->k ? r->k : 1, sizeof *r->labels);
	r->col_of = malloc((npred + 1) * sizeof *r->col_of);
	if (!r->dcols || !r->terms || !r->labels || !r->col_of)
		return sk_out_of_memory(err);
	for (size_t i = 0; i < npred; i++) {
		const struct reg_var *mv = &r->pred[i];
		size_t w = reg_var_columns(mv);
		r->col_of[i] = c;
		for (size_t j = 0; j < w; j++) {
			if (!(r->terms[c + j] = reg_var_term(mv, j)) || !(r->labels[c + j] = reg_var_term_label(mv, j)))
				return sk_out_of_memory(err);
			r->dcols[c + j] = mv->categorical ? (struct regress_dcol){NULL, mv->code, j + 1}
							  : (struct regress_dcol){mv->var.v, NULL, 0};
		}
		c += w;
	}
	r->col_of[npred] = c;
	return 0;
}

/* The first k design columns and y on the rows used (at == NULL) or on rows at[0..n) of them.
 * Continuous values are read where the dataset keeps them, through the rows used. */
struct design {
	struct ols_data data;
	const struct regress_result *r;
	const size_t *at;
};

static void design_rows(const void *ctx, size_t from, size_t count, double *xbuf, double *ybuf, struct ols_block *b)
{
	const struct design *d = ctx;
	const struct regress_dcol *dc = d->r->dcols;
	const double *y = d->r->y.var.v;
	const size_t *rows = d->r->rows, *at = d->at ? d->at + from : NULL;
	size_t k = d->data.k;

	for (size_t c = 0; c < k; c++) {
		const double *v = dc[c].v;
		const size_t *code = dc[c].code, level = dc[c].level;
		if (at && v)
			for (size_t q = 0; q < count; q++)
				xbuf[q * k + c] = v[rows[at[q]]];
		else if (at)
			for (size_t q = 0; q < count; q++) {
				long hit = code[at[q]] == level; /* converted from an integer: no branch on the data */
				xbuf[q * k + c] = (double)hit;
			}
		else if (v)
			for (size_t q = 0; q < count; q++)
				xbuf[q * k + c] = v[rows[from + q]];
		else
			for (size_t q = 0; q < count; q++) {
				long hit = code[from + q] == level;
				xbuf[q * k + c] = (double)hit;
			}
	}
	for (size_t q = 0; q < count; q++)
		ybuf[q] = y[rows[at ? at[q] : from + q]];
	b->x = xbuf;
	b->tda = k;
	b->y = ybuf;
	b->ystride = 1;
}

static void design_init(struct design *d, const struct regress_result *r, size_t k, const size_t *at, size_t n)
{
	d->data = (struct ols_data){n, k, design_rows, d};
	d->r = r;
	d->at = at;
}

/* Cumulative fits block by block: R2, its change and the F test of the change, and each step's
 * coefficients (the last step is the full model). */
static int fit_blocks(struct regress_result *r, struct sk_error *err)
{
	const struct regress_request *q = r->rq;
	double prev_r2 = 0;
	size_t prev_k = 0;

	if (!(r->blocks = calloc(q->n_blocks, sizeof *r->blocks)))
		return sk_out_of_memory(err);
	r->n_blocks = q->n_blocks;
	for (size_t b = 0; b < q->n_blocks; b++) {
		struct regress_block *blk = &r->blocks[b];
		size_t last = 0, kc;
		for (size_t i = 0; i < q->npred; i++)
			if (q->block_of[i] == b)
				last = i;
		kc = r->col_of[last + 1];
		struct ols_options o = q->o;
		struct design d;
		int status;
		if (!(blk->fit = ols_fit_alloc(r->n, kc)))
			return sk_out_of_memory(err);
		design_init(&d, r, kc, NULL, r->n);
		o.residuals = 0; /* R2 and the coefficients are wanted, not the diagnostics */
		status = ols_fit_run_data(blk->fit, &d.data, &o);
		if (status) {
			char ctx[256];
			snprintf(ctx, sizeof ctx, "block %zu (%s)", b + 1, q->block_text[b]);
			return reg_fit_error(err, status, blk->fit, r->terms, r->y.name, r->rows, r->ds, ctx);
		}
		ols_f_change(blk->fit->r2, prev_r2, (double)(kc - prev_k), blk->fit->df2, &blk->change);
		blk->r2_change = blk->fit->r2 - prev_r2;
		prev_r2 = blk->fit->r2;
		prev_k = kc;
	}
	return 0;
}

/* The message of a failed fit of the model with group-specific slopes, naming its design columns. */
static int slopes_fit_error(const struct regress_result *r, const struct group_slopes *gs, const size_t *count,
			    int status, struct sk_error *err)
{
	size_t G = r->by.n_levels;
	char **names = calloc(gs->fit->k, sizeof *names);

	if (!names)
		return sk_out_of_memory(err);
	for (size_t c = 0; c < gs->fit->k; c++) {
		size_t gc, pc, lvl = 0;
		group_slopes_column(gs, c, &gc, &pc);
		for (size_t l = 0, seen = 0; l < G; l++)
			if (count[l] && seen++ == gc)
				lvl = l;
		names[c] = gc == 0 ? strdup(r->terms[pc])
			   : pc == r->k ? reg_printf("%s=%s", r->by.name, r->by.levels[lvl])
					: reg_printf("%s=%s:%s", r->by.name, r->by.levels[lvl], r->terms[pc]);
	}
	status = reg_fit_error(err, status, gs->fit, names, r->y.name, r->rows, r->ds, "the model with group-specific slopes");
	reg_names_free(names, gs->fit->k);
	return status;
}

/* The tests that the slopes differ between the groups with data (grp[i]: row i's among them). */
static int test_slopes(struct regress_result *r, const size_t *grp, const size_t *count, struct sk_error *err)
{
	const struct regress_request *q = r->rq;
	struct group_slopes *gs = group_slopes_alloc(r->n, r->k, r->groups_with_data);
	struct design all;
	int status;

	r->slopes_of = calloc(q->npred ? q->npred : 1, sizeof *r->slopes_of);
	if (!gs || !r->slopes_of) {
		group_slopes_free(gs);
		return sk_out_of_memory(err);
	}
	design_init(&all, r, r->k, NULL, r->n);
	status = group_slopes_run_data(gs, &all.data, grp, &q->o);
	if (status) {
		status = slopes_fit_error(r, gs, count, status, err);
		group_slopes_free(gs);
		return status;
	}
	r->slopes_all = gs->slopes;
	r->chow = gs->chow;
	for (size_t i = 0; i < q->npred && !status; i++) {
		size_t m = r->col_of[i + 1] - r->col_of[i], *cols = malloc(m * sizeof *cols);
		if (!cols) {
			status = sk_out_of_memory(err);
			break;
		}
		for (size_t a = 0; a < m; a++)
			cols[a] = r->col_of[i] + a;
		status = group_slopes_test(gs, cols, m, &r->slopes_of[i]);
		free(cols);
		if (status)
			status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot test the slopes of '%s': %s", r->pred[i].name,
					 gsl_strerror(status));
	}
	group_slopes_free(gs);
	return status;
}

/* Per-group fits side by side, and the tests that the slopes differ between groups. */
static int fit_by_group(struct regress_result *r, struct sk_error *err)
{
	size_t G = r->by.n_levels, *count = calloc(G, sizeof *count), *map = malloc(G * sizeof *map), Gk = 0;
	size_t *grp = bigbuf_alloc(r->n * sizeof *grp), *pos = bigbuf_alloc(r->n * sizeof *pos);
	size_t *first = malloc((G + 1) * sizeof *first);
	int status = 0;

	r->group_fit = calloc(G ? G : 1, sizeof *r->group_fit);
	if (!count || !map || !grp || !pos || !first || !r->group_fit) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < r->n; i++)
		count[r->by.code[r->rows[i]]]++;
	for (size_t l = 0; l < G; l++)
		map[l] = count[l] ? Gk++ : SIZE_MAX;
	/* the rows used of each group, in data order: pos[first[l] .. first[l] + count[l]) */
	first[0] = 0;
	for (size_t l = 0; l < G; l++)
		first[l + 1] = first[l] + count[l];
	for (size_t i = 0; i < r->n; i++) {
		size_t l = (size_t)r->by.code[r->rows[i]];
		grp[i] = map[l];
		pos[first[l]++] = i;
	}
	for (size_t l = 0; l < G; l++)
		first[l] -= count[l];
	r->groups_with_data = Gk;
	for (size_t l = 0; l < G && !status; l++) {
		struct ols_options o = r->rq->o;
		struct design d;
		if (!count[l])
			continue;
		if (!(r->group_fit[l] = ols_fit_alloc(count[l], r->k))) {
			status = sk_out_of_memory(err);
			break;
		}
		design_init(&d, r, r->k, pos + first[l], count[l]);
		o.residuals = 0; /* the group fits report coefficients and fit only */
		status = ols_fit_run_data(r->group_fit[l], &d.data, &o);
		if (status) {
			char ctx[512];
			size_t *rows_g = malloc(count[l] * sizeof *rows_g);
			for (size_t m = 0; rows_g && m < count[l]; m++)
				rows_g[m] = r->rows[pos[first[l] + m]];
			snprintf(ctx, sizeof ctx, "the model for group '%s' of '%s'", r->by.labels[l], r->by.name);
			status = rows_g ? reg_fit_error(err, status, r->group_fit[l], r->terms, r->y.name, rows_g, r->ds, ctx)
					: sk_out_of_memory(err);
			free(rows_g);
		}
	}
	if (status == 0 && Gk >= 2)
		status = test_slopes(r, grp, count, err);
done:
	free(count);
	free(map);
	free(first);
	bigbuf_free(grp);
	bigbuf_free(pos);
	return status;
}

int regress_run(const struct regress_request *q, const struct dataset *ds, struct regress_result *r,
		struct sk_error *err)
{
	struct reg_var **all = NULL;
	struct design main_design;
	int status;

	r->rq = q;
	r->ds = ds;
	if (!(r->envelope = dataset_doc(ds, "regress")))
		return sk_out_of_memory(err);
	if ((status = reg_var_load(ds, q->y, 0, NULL, r->envelope, &r->y, err)) != 0)
		return status;
	r->pred = calloc(q->npred, sizeof *r->pred);
	r->npred = q->npred;
	all = calloc(q->npred + 1, sizeof *all);
	if (!r->pred || !all) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < q->npred; i++) {
		if ((status = reg_var_load(ds, q->names[i], 1, q->categorical, r->envelope, &r->pred[i], err)) != 0)
			goto done;
		all[i] = &r->pred[i];
	}
	all[q->npred] = &r->y;
	if (q->by) {
		if ((status = dataset_grouping(ds, q->by, &r->by, err)) != 0)
			goto done;
		r->has_by = 1;
	}
	if ((status = reg_rows(ds, all, q->npred + 1, q->by ? &r->by : NULL, r->envelope, &r->rows, &r->n, err)) != 0)
		goto done;
	/* the levels of categorical predictors on the rows used; continuous values are read in place */
	for (size_t i = 0; i < q->npred; i++)
		if (r->pred[i].categorical && (status = reg_var_restrict(&r->pred[i], r->rows, r->n, r->envelope, err)) != 0)
			goto done;
	if ((status = build_design(r, err)) != 0)
		goto done;
	if (!(r->fit = ols_fit_alloc(r->n, r->k))) {
		status = sk_out_of_memory(err);
		goto done;
	}
	design_init(&main_design, r, r->k, NULL, r->n);
	if ((status = ols_fit_run_data(r->fit, &main_design.data, &q->o)) != 0) {
		status = reg_fit_error(err, status, r->fit, r->terms, r->y.name, r->rows, ds, "the model");
		goto done;
	}
	if ((status = ols_diagnostics_compute_data(r->fit, &main_design.data, &r->diag)) != 0) {
		status = status == GSL_ENOMEM ? sk_out_of_memory(err)
					      : sk_fail(err, SK_EXIT_ANALYSIS, "diagnostics: %s", gsl_strerror(status));
		goto done;
	}
	if (q->n_blocks && (status = fit_blocks(r, err)) != 0)
		goto done;
	if (q->by)
		status = fit_by_group(r, err);
done:
	free(all);
	return status;
}

size_t regress_term_index(const struct regress_result *res, const char *term)
{
	for (size_t j = 0; j < res->k; j++)
		if (strcmp(res->terms[j], term) == 0)
			return j + 1;
	return 0;
}

static void put_collinearity(json_t *doc, const struct regress_result *r)
{
	json_t *arr = doc_arr(doc, "collinearity");

	for (size_t j = 0; j < r->k; j++) {
		json_t *row = doc_push_obj(arr);
		reg_put_term(row, r->terms[j], r->labels[j]);
		doc_num(row, "tolerance", gsl_vector_get(r->fit->tolerance, j));
		doc_num(row, "vif", gsl_vector_get(r->fit->vif, j));
	}
}

static void put_diagnostics(json_t *doc, const struct regress_result *r)
{
	const struct ols_diagnostics *d = &r->diag;
	json_t *arr = doc_arr(doc, "diagnostics"), *row;

	row = doc_push_obj(arr);
	doc_str(row, "statistic", "durbin_watson");
	doc_num(row, "value", d->durbin_watson);
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "cooks_distance_max");
	doc_num_why(doc, row, "value", d->cook_max, "Cook's distance (every case has leverage 1)");
	if (isfinite(d->cook_max))
		doc_size(row, "line", r->ds->frame.line[r->rows[d->cook_row]]);
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "leverage_max");
	doc_num(row, "value", d->leverage_max);
	doc_size(row, "line", r->ds->frame.line[r->rows[d->leverage_row]]);
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "breusch_pagan");
	doc_num_why(doc, row, "value", d->bp_koenker, "Breusch-Pagan (every residual is zero)");
	doc_num(row, "df", d->bp_df);
	doc_num(row, "p", d->bp_koenker_p);
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "breusch_pagan_original");
	doc_num_why(doc, row, "value", d->bp_original, "Breusch-Pagan (every residual is zero)");
	doc_num(row, "df", d->bp_df);
	doc_num(row, "p", d->bp_original_p);
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "condition_number");
	doc_num(row, "value", r->fit->condition);
	doc_note(doc, "Breusch-Pagan: Koenker's studentised n R2 (lmtest::bptest default); "
		      "breusch_pagan_original is the 1979 statistic (studentize = FALSE)");
}

static void put_blocks(json_t *doc, const struct regress_result *r)
{
	const struct regress_request *q = r->rq;
	json_t *arr = doc_arr(doc, "blocks");

	for (size_t b = 0; b < q->n_blocks; b++) {
		const struct regress_block *blk = &r->blocks[b];
		json_t *row = doc_push_obj(arr);
		char name[32];
		doc_size(row, "block", b + 1);
		doc_str(row, "terms", q->block_text[b]);
		doc_num(row, "r2", blk->fit->r2);
		doc_num(row, "r2_change", blk->r2_change);
		emit_wald(row, &blk->change);
		/* the step's own coefficients, as SPSS prints Model 1, 2, ... */
		snprintf(name, sizeof name, "Model %zu", b + 1);
		doc_str(row, "_name", name);
		reg_put_coefficients(row, blk->fit, r->terms, r->labels);
	}
	if (q->o.cov != OLS_CLASSICAL)
		doc_note(doc, "block F tests compare R2 (classical); coefficients use %s standard errors", reg_cov_name(q->o.cov));
}

static void put_slope_tests(json_t *doc, json_t *obj, const struct regress_result *r)
{
	const struct regress_request *q = r->rq;
	json_t *tests = doc_arr(obj, "slope_tests"), *row = doc_push_obj(tests);

	doc_str(row, "test", "all slopes equal across groups (interaction)");
	emit_wald(row, &r->slopes_all);
	for (size_t i = 0; i < q->npred; i++) {
		char *t = reg_printf("slope%s of '%s' equal across groups", r->col_of[i + 1] - r->col_of[i] > 1 ? "s" : "",
				     r->pred[i].name);
		row = doc_push_obj(tests);
		doc_str(row, "test", t ? t : r->pred[i].name);
		free(t);
		emit_wald(row, &r->slopes_of[i]);
	}
	row = doc_push_obj(tests);
	doc_str(row, "test", "Chow: one regression for every group");
	emit_wald(row, &r->chow);
	doc_note(doc, "slope tests: Wald F tests in one model with group-specific intercepts and slopes "
		      "(pooled residual variance%s%s)",
		 q->o.cov == OLS_CLASSICAL ? "" : ", ", q->o.cov == OLS_CLASSICAL ? "" : reg_cov_name(q->o.cov));
}

static void put_by_group(json_t *doc, const struct regress_result *r)
{
	json_t *obj = doc_obj(doc, "by_group"), *groups, *side;

	doc_str(obj, "variable", r->by.name);
	groups = doc_arr(obj, "groups");
	side = doc_arr(obj, "side_by_side");
	for (size_t j = 0; j <= r->k; j++)
		reg_put_term(doc_push_obj(side), j ? r->terms[j - 1] : "(Intercept)", j ? r->labels[j - 1] : NULL);
	for (size_t l = 0; l < r->by.n_levels; l++) {
		const struct ols_fit *f = r->group_fit[l];
		json_t *row;
		if (!f) {
			doc_note(doc, "group '%s' of '%s' has no complete case", r->by.labels[l], r->by.name);
			continue;
		}
		row = doc_push_obj(groups);
		doc_str(row, "level", r->by.levels[l]);
		doc_str(row, "label", r->by.labels[l]);
		doc_str(row, "_name", r->by.labels[l]); /* the heading of the group's tables */
		reg_put_summary(row, f);
		reg_put_coefficients(row, f, r->terms, r->labels);
		for (size_t j = 0; j <= r->k; j++)
			doc_num(json_array_get(side, j), r->by.labels[l], gsl_vector_get(f->b, j));
	}
	if (r->groups_with_data < 2)
		doc_note(doc, "'%s' has complete cases in one group only: no test of differing slopes", r->by.name);
	else
		put_slope_tests(doc, obj, r);
}

size_t regress_used(const struct regress_result *r)
{
	return r->n;
}

json_t *regress_emit(const struct regress_result *r)
{
	json_t *doc = json_deep_copy(r->envelope);

	if (!doc)
		return NULL;
	doc_set_used(doc, regress_used(r));
	doc_str(doc, "y", r->y.name);
	doc_str(doc, "se_type", reg_cov_name(r->rq->o.cov));
	reg_put_summary(doc, r->fit);
	reg_put_coefficients(doc, r->fit, r->terms, r->labels);
	put_collinearity(doc, r);
	put_diagnostics(doc, r);
	if (r->rq->n_blocks)
		put_blocks(doc, r);
	if (r->has_by)
		put_by_group(doc, r);
	doc_note(doc, "beta: standardised coefficients (lm on scale()d variables); none for the intercept");
	return doc;
}

void regress_result_release(struct regress_result *r)
{
	json_decref(r->envelope);
	reg_var_release(&r->y);
	for (size_t i = 0; r->pred && i < r->npred; i++)
		reg_var_release(&r->pred[i]);
	free(r->pred);
	for (size_t l = 0; r->group_fit && l < r->by.n_levels; l++)
		ols_fit_free(r->group_fit[l]);
	free(r->group_fit);
	if (r->has_by)
		grouping_release(&r->by);
	bigbuf_free(r->rows);
	free(r->dcols);
	reg_names_free(r->terms, r->k);
	reg_names_free(r->labels, r->k);
	free(r->col_of);
	ols_fit_free(r->fit);
	for (size_t b = 0; r->blocks && b < r->n_blocks; b++)
		ols_fit_free(r->blocks[b].fit);
	free(r->blocks);
	free(r->slopes_of);
	memset(r, 0, sizeof *r);
}

COMMAND_STEPS(regress);
