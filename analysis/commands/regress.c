/* surveykit regress: OLS of one outcome on predictors (models/ols.h), with standardised betas,
 * collinearity (tolerance, VIF, condition number), residual diagnostics (Durbin-Watson, Cook's
 * distance, Breusch-Pagan: models/regression_diagnostics.h), HC0-HC4 standard errors,
 * hierarchical blocks with the R2 change and its F test, and with --by the regression in each
 * group side by side plus the tests that the slopes differ between groups
 * (models/group_slopes.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/cli/emit.h"
#include "analysis/data/bigbuf.h"
#include "analysis/commands.h"
#include "analysis/data/regression_data.h"
#include "io/doc.h"
#include "models/group_slopes.h"
#include "models/ols.h"
#include "models/ols_tests.h"
#include "models/regression_diagnostics.h"

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
struct dcol {
	const double *v;    /* continuous: values on every row of the dataset (read through rows[]) */
	const size_t *code; /* categorical: kept level of each row used */
	size_t level;
};

struct regress {
	const struct dataset *ds; /* borrowed */
	json_t *doc;
	struct ols_options o;
	char **x, **cov, **categorical;
	size_t nx, ncov, ncat;
	char **block_text;        /* each block as written */
	size_t n_blocks;
	size_t *block_of;         /* predictor -> block (0-based) */
	struct reg_var y, *pred;
	size_t npred;
	struct grouping by;
	int have_by;
	size_t *rows, n;
	struct dcol *dcols;       /* design columns: where each one's values come from */
	char **terms;             /* design column names */
	char **labels;            /* the same with value labels */
	size_t k;
	size_t *col_of;           /* predictor -> first design column */
	struct ols_fit *fit;
};

static void regress_release(struct regress *r)
{
	cli_list_free(r->x);
	cli_list_free(r->cov);
	cli_list_free(r->categorical);
	reg_names_free(r->block_text, r->n_blocks);
	free(r->block_of);
	reg_var_release(&r->y);
	for (size_t i = 0; r->pred && i < r->npred; i++)
		reg_var_release(&r->pred[i]);
	free(r->pred);
	if (r->have_by)
		grouping_release(&r->by);
	bigbuf_free(r->rows);
	free(r->dcols);
	reg_names_free(r->terms, r->k);
	reg_names_free(r->labels, r->k);
	free(r->col_of);
	ols_fit_free(r->fit);
	json_decref(r->doc);
}

/* Predictors in entry order: covariates then blocks (--blocks), or --x then --cov. */
static int predictor_names(struct regress *r, const struct cli *cli, char ***names, struct sk_error *err)
{
	const char *blocks = cli_get(cli, "blocks");
	size_t cap = r->nx + r->ncov + 1, m = 0;
	char **out;

	if (blocks && r->nx)
		return sk_fail(err, SK_EXIT_USAGE, "give the predictors either with --x or with --blocks, not both");
	if (!blocks && !r->nx)
		return sk_fail(err, SK_EXIT_USAGE, "regress needs --x VAR,... or --blocks (see 'surveykit regress --help')");
	if (blocks)
		for (const char *p = blocks; *p; p++)
			cap += *p == ',' || *p == ';';
	out = calloc(cap + 1, sizeof *out);
	r->block_of = calloc(cap + 1, sizeof *r->block_of);
	r->block_text = calloc(cap + 2, sizeof *r->block_text);
	if (!out || !r->block_of || !r->block_text) {
		free(out);
		return sk_out_of_memory(err);
	}
	*names = out;
	if (!blocks) {
		for (size_t i = 0; i < r->nx; i++)
			out[m++] = strdup(r->x[i]);
		for (size_t i = 0; i < r->ncov; i++)
			out[m++] = strdup(r->cov[i]);
		r->npred = m;
		for (size_t i = 0; i < m; i++)
			if (!out[i])
				return sk_out_of_memory(err);
		return 0;
	}
	if (r->ncov) {
		for (size_t i = 0; i < r->ncov; i++) {
			r->block_of[m] = 0;
			out[m++] = strdup(r->cov[i]);
		}
		r->block_text[r->n_blocks++] = reg_printf("covariates");
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
			r->block_of[m] = r->n_blocks;
			out[m++] = strdup(tok);
		}
		free(text);
		if (m == before)
			return sk_fail(err, SK_EXIT_USAGE, "--blocks '%s' has an empty block", blocks);
		r->block_text[r->n_blocks++] = strndup(p, len);
		if (!p[len])
			break;
		p += len + 1;
	}
	r->npred = m;
	for (size_t i = 0; i < m; i++)
		if (!out[i])
			return sk_out_of_memory(err);
	return 0;
}

/* The design columns of the predictors on the rows used and their names. The design itself is
 * never stored: the fits read it block by block (struct design). */
static int build_design(struct regress *r, struct sk_error *err)
{
	size_t c = 0;

	r->k = 0;
	for (size_t i = 0; i < r->npred; i++)
		r->k += reg_var_columns(&r->pred[i]);
	r->dcols = calloc(r->k ? r->k : 1, sizeof *r->dcols);
	r->terms = calloc(r->k ? r->k : 1, sizeof *r->terms);
	r->labels = calloc(r->k ? r->k : 1, sizeof *r->labels);
	r->col_of = malloc((r->npred + 1) * sizeof *r->col_of);
	if (!r->dcols || !r->terms || !r->labels || !r->col_of)
		return sk_out_of_memory(err);
	for (size_t i = 0; i < r->npred; i++) {
		const struct reg_var *mv = &r->pred[i];
		size_t w = reg_var_columns(mv);
		r->col_of[i] = c;
		for (size_t j = 0; j < w; j++) {
			if (!(r->terms[c + j] = reg_var_term(mv, j)) || !(r->labels[c + j] = reg_var_term_label(mv, j)))
				return sk_out_of_memory(err);
			r->dcols[c + j] = mv->categorical ? (struct dcol){NULL, mv->code, j + 1} : (struct dcol){mv->var.v, NULL, 0};
		}
		c += w;
	}
	r->col_of[r->npred] = c;
	return 0;
}

/* The first k design columns and y on the rows used (at == NULL) or on rows at[0..n) of them.
 * Continuous values are read where the dataset keeps them, through the rows used. */
struct design {
	struct ols_data data;
	const struct regress *r;
	const size_t *at;
};

static void design_rows(const void *ctx, size_t from, size_t count, double *xbuf, double *ybuf, struct ols_block *b)
{
	const struct design *d = ctx;
	const struct dcol *dc = d->r->dcols;
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

static void design_init(struct design *d, const struct regress *r, size_t k, const size_t *at, size_t n)
{
	d->data = (struct ols_data){n, k, design_rows, d};
	d->r = r;
	d->at = at;
}

static void put_collinearity(json_t *doc, const struct regress *r)
{
	json_t *arr = doc_arr(doc, "collinearity");

	for (size_t j = 0; j < r->k; j++) {
		json_t *row = doc_push_obj(arr);
		reg_put_term(row, r->terms[j], r->labels[j]);
		doc_num(row, "tolerance", gsl_vector_get(r->fit->tolerance, j));
		doc_num(row, "vif", gsl_vector_get(r->fit->vif, j));
	}
}

static int put_diagnostics(struct regress *r, struct sk_error *err)
{
	struct ols_diagnostics d;
	json_t *arr, *row;
	struct design dd;
	int status;

	design_init(&dd, r, r->k, NULL, r->n);
	status = ols_diagnostics_compute_data(r->fit, &dd.data, &d);

	if (status)
		return status == GSL_ENOMEM ? sk_out_of_memory(err) : sk_fail(err, SK_EXIT_ANALYSIS, "diagnostics: %s", gsl_strerror(status));
	arr = doc_arr(r->doc, "diagnostics");
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "durbin_watson");
	doc_num(row, "value", d.durbin_watson);
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "cooks_distance_max");
	doc_num_why(r->doc, row, "value", d.cook_max, "Cook's distance (every case has leverage 1)");
	if (isfinite(d.cook_max))
		doc_size(row, "line", r->ds->frame.line[r->rows[d.cook_row]]);
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "leverage_max");
	doc_num(row, "value", d.leverage_max);
	doc_size(row, "line", r->ds->frame.line[r->rows[d.leverage_row]]);
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "breusch_pagan");
	doc_num_why(r->doc, row, "value", d.bp_koenker, "Breusch-Pagan (every residual is zero)");
	doc_num(row, "df", d.bp_df);
	doc_num(row, "p", d.bp_koenker_p);
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "breusch_pagan_original");
	doc_num_why(r->doc, row, "value", d.bp_original, "Breusch-Pagan (every residual is zero)");
	doc_num(row, "df", d.bp_df);
	doc_num(row, "p", d.bp_original_p);
	row = doc_push_obj(arr);
	doc_str(row, "statistic", "condition_number");
	doc_num(row, "value", r->fit->condition);
	doc_note(r->doc, "Breusch-Pagan: Koenker's studentised n R2 (lmtest::bptest default); "
			 "breusch_pagan_original is the 1979 statistic (studentize = FALSE)");
	return 0;
}

/* Cumulative fits block by block: R2, its change and the F test of the change, and each step's
 * coefficients (the last step is the full model). */
static int put_blocks(struct regress *r, struct sk_error *err)
{
	json_t *arr = doc_arr(r->doc, "blocks");
	double prev_r2 = 0;
	size_t prev_k = 0;

	for (size_t b = 0; b < r->n_blocks; b++) {
		size_t last = 0, kc;
		for (size_t i = 0; i < r->npred; i++)
			if (r->block_of[i] == b)
				last = i;
		kc = r->col_of[last + 1];
		struct ols_fit *f = ols_fit_alloc(r->n, kc);
		struct ols_options o = r->o;
		struct design d;
		struct wald w;
		json_t *row;
		char name[32];
		int status;
		if (!f)
			return sk_out_of_memory(err);
		design_init(&d, r, kc, NULL, r->n);
		o.residuals = 0; /* R2 and the coefficients are wanted, not the diagnostics */
		status = ols_fit_run_data(f, &d.data, &o);
		if (status) {
			char ctx[256];
			snprintf(ctx, sizeof ctx, "block %zu (%s)", b + 1, r->block_text[b]);
			status = reg_fit_error(err, status, f, r->terms, r->y.name, r->rows, r->ds, ctx);
			ols_fit_free(f);
			return status;
		}
		ols_f_change(f->r2, prev_r2, (double)(kc - prev_k), f->df2, &w);
		row = doc_push_obj(arr);
		doc_size(row, "block", b + 1);
		doc_str(row, "terms", r->block_text[b]);
		doc_num(row, "r2", f->r2);
		doc_num(row, "r2_change", f->r2 - prev_r2);
		emit_wald(row, &w);
		/* the step's own coefficients, as SPSS prints Model 1, 2, ... */
		snprintf(name, sizeof name, "Model %zu", b + 1);
		doc_str(row, "_name", name);
		reg_put_coefficients(row, f, r->terms, r->labels);
		prev_r2 = f->r2;
		prev_k = kc;
		ols_fit_free(f);
	}
	if (r->o.cov != OLS_CLASSICAL)
		doc_note(r->doc, "block F tests compare R2 (classical); coefficients use %s standard errors",
			 reg_cov_name(r->o.cov));
	return 0;
}

/* Per-group fits side by side, and the tests that the slopes differ between groups. */
static int put_by_group(struct regress *r, struct sk_error *err)
{
	size_t G = r->by.n_levels, *count = calloc(G, sizeof *count), *map = malloc(G * sizeof *map), Gk = 0;
	size_t *grp = bigbuf_alloc(r->n * sizeof *grp), *pos = bigbuf_alloc(r->n * sizeof *pos);
	size_t *first = malloc((G + 1) * sizeof *first);
	json_t *obj = doc_obj(r->doc, "by_group"), *groups, *side, *tests;
	struct group_slopes *gs = NULL;
	struct design all;
	int status = 0;

	if (!count || !map || !grp || !pos || !first) {
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
	doc_str(obj, "variable", r->by.name);
	groups = doc_arr(obj, "groups");
	side = doc_arr(obj, "side_by_side");
	for (size_t j = 0; j <= r->k; j++)
		reg_put_term(doc_push_obj(side), j ? r->terms[j - 1] : "(Intercept)", j ? r->labels[j - 1] : NULL);
	for (size_t l = 0; l < G && !status; l++) {
		struct ols_fit *f;
		struct ols_options o = r->o;
		struct design d;
		json_t *row;
		if (!count[l]) {
			doc_note(r->doc, "group '%s' of '%s' has no complete case", r->by.labels[l], r->by.name);
			continue;
		}
		f = ols_fit_alloc(count[l], r->k);
		if (!f) {
			status = sk_out_of_memory(err);
		} else {
			design_init(&d, r, r->k, pos + first[l], count[l]);
			o.residuals = 0; /* the group fits report coefficients and fit only */
			status = ols_fit_run_data(f, &d.data, &o);
			if (status) {
				char ctx[512];
				size_t *rows_g = malloc(count[l] * sizeof *rows_g);
				for (size_t m = 0; rows_g && m < count[l]; m++)
					rows_g[m] = r->rows[pos[first[l] + m]];
				snprintf(ctx, sizeof ctx, "the model for group '%s' of '%s'", r->by.labels[l], r->by.name);
				status = rows_g ? reg_fit_error(err, status, f, r->terms, r->y.name, rows_g, r->ds, ctx) : sk_out_of_memory(err);
				free(rows_g);
			} else {
				row = doc_push_obj(groups);
				doc_str(row, "level", r->by.levels[l]);
				doc_str(row, "label", r->by.labels[l]);
				doc_str(row, "_name", r->by.labels[l]); /* the heading of the group's tables */
				reg_put_summary(row, f);
				reg_put_coefficients(row, f, r->terms, r->labels);
				for (size_t j = 0; j <= r->k; j++)
					doc_num(json_array_get(side, j), r->by.labels[l], gsl_vector_get(f->b, j));
			}
		}
		ols_fit_free(f);
	}
	if (status)
		goto done;
	if (Gk < 2) {
		doc_note(r->doc, "'%s' has complete cases in one group only: no test of differing slopes", r->by.name);
		goto done;
	}
	gs = group_slopes_alloc(r->n, r->k, Gk);
	if (!gs) {
		status = sk_out_of_memory(err);
		goto done;
	}
	design_init(&all, r, r->k, NULL, r->n);
	status = group_slopes_run_data(gs, &all.data, grp, &r->o);
	if (status) {
		/* name the design columns of the interacted model for the message */
		char **names = calloc(gs->fit->k, sizeof *names), *name;
		if (!names) {
			status = sk_out_of_memory(err);
			goto done;
		}
		for (size_t c = 0; c < gs->fit->k; c++) {
			size_t gc, pc, lvl = 0;
			group_slopes_column(gs, c, &gc, &pc);
			for (size_t l = 0, seen = 0; l < G; l++)
				if (count[l] && seen++ == gc)
					lvl = l;
			name = gc == 0 ? strdup(r->terms[pc])
			       : pc == r->k ? reg_printf("%s=%s", r->by.name, r->by.levels[lvl])
					     : reg_printf("%s=%s:%s", r->by.name, r->by.levels[lvl], r->terms[pc]);
			names[c] = name;
		}
		status = reg_fit_error(err, status, gs->fit, names, r->y.name, r->rows, r->ds,
					 "the model with group-specific slopes");
		reg_names_free(names, gs->fit->k);
		goto done;
	}
	tests = doc_arr(obj, "slope_tests");
	{
		json_t *row = doc_push_obj(tests);
		doc_str(row, "test", "all slopes equal across groups (interaction)");
		emit_wald(row, &gs->slopes);
		for (size_t i = 0; i < r->npred && !status; i++) {
			size_t m = r->col_of[i + 1] - r->col_of[i], *cols = malloc(m * sizeof *cols);
			struct wald w;
			char *t;
			if (!cols) {
				status = sk_out_of_memory(err);
				break;
			}
			for (size_t a = 0; a < m; a++)
				cols[a] = r->col_of[i] + a;
			status = group_slopes_test(gs, cols, m, &w);
			free(cols);
			if (status) {
				status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot test the slopes of '%s': %s", r->pred[i].name,
						 gsl_strerror(status));
				break;
			}
			t = reg_printf("slope%s of '%s' equal across groups", m > 1 ? "s" : "", r->pred[i].name);
			row = doc_push_obj(tests);
			doc_str(row, "test", t ? t : r->pred[i].name);
			free(t);
			emit_wald(row, &w);
		}
		if (status)
			goto done;
		row = doc_push_obj(tests);
		doc_str(row, "test", "Chow: one regression for every group");
		emit_wald(row, &gs->chow);
	}
	doc_note(r->doc, "slope tests: Wald F tests in one model with group-specific intercepts and slopes "
			 "(pooled residual variance%s%s)",
		 r->o.cov == OLS_CLASSICAL ? "" : ", ", r->o.cov == OLS_CLASSICAL ? "" : reg_cov_name(r->o.cov));
done:
	group_slopes_free(gs);
	free(count);
	free(map);
	free(first);
	bigbuf_free(grp);
	bigbuf_free(pos);
	return status;
}

/* The options of regress, checked before any data is read: --y and its predictors (--x, --cov,
 * --blocks), which must not name the outcome, the grouping or one variable twice. */
static int regress_check(const struct cli *cli, struct sk_error *err)
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

int regress_document(const struct cli *cli, const struct dataset *ds, json_t **out, struct sk_error *err)
{
	struct regress r;
	const char *yname = cli_get(cli, "y"), *by = cli_get(cli, "by");
	char **names = NULL;
	struct reg_var **all = NULL;
	struct design main_design;
	int status;

	memset(&r, 0, sizeof r);
	*out = NULL;
	if ((status = regress_check(cli, err)) != 0)
		return status;
	if ((status = reg_ols_options(cli, &r.o, err)) != 0 ||
	    (status = cli_get_list(cli, "x", &r.x, &r.nx, err)) != 0 ||
	    (status = cli_get_list(cli, "cov", &r.cov, &r.ncov, err)) != 0 ||
	    (status = cli_get_list(cli, "categorical", &r.categorical, &r.ncat, err)) != 0 ||
	    (status = predictor_names(&r, cli, &names, err)) != 0)
		goto done;
	r.ds = ds;
	r.doc = dataset_doc(r.ds, "regress");
	if ((status = reg_var_load(r.ds, yname, 0, NULL, r.doc, &r.y, err)) != 0)
		goto done;
	r.pred = calloc(r.npred, sizeof *r.pred);
	all = calloc(r.npred + 1, sizeof *all);
	if (!r.pred || !all) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < r.npred; i++) {
		if ((status = reg_var_load(r.ds, names[i], 1, r.categorical, r.doc, &r.pred[i], err)) != 0)
			goto done;
		all[i] = &r.pred[i];
	}
	all[r.npred] = &r.y;
	if (by) {
		if ((status = dataset_grouping(r.ds, by, &r.by, err)) != 0)
			goto done;
		r.have_by = 1;
	}
	if ((status = reg_rows(r.ds, all, r.npred + 1, by ? &r.by : NULL, r.doc, &r.rows, &r.n, err)) != 0)
		goto done;
	/* the levels of categorical predictors on the rows used; continuous values are read in place */
	for (size_t i = 0; i < r.npred; i++)
		if (r.pred[i].categorical && (status = reg_var_restrict(&r.pred[i], r.rows, r.n, r.doc, err)) != 0)
			goto done;
	if ((status = build_design(&r, err)) != 0)
		goto done;
	r.fit = ols_fit_alloc(r.n, r.k);
	if (!r.fit) {
		status = sk_out_of_memory(err);
		goto done;
	}
	design_init(&main_design, &r, r.k, NULL, r.n);
	status = ols_fit_run_data(r.fit, &main_design.data, &r.o);
	if (status) {
		status = reg_fit_error(err, status, r.fit, r.terms, r.y.name, r.rows, r.ds, "the model");
		goto done;
	}
	doc_set_used(r.doc, r.n);
	doc_str(r.doc, "y", r.y.name);
	doc_str(r.doc, "se_type", reg_cov_name(r.o.cov));
	reg_put_summary(r.doc, r.fit);
	reg_put_coefficients(r.doc, r.fit, r.terms, r.labels);
	put_collinearity(r.doc, &r);
	if ((status = put_diagnostics(&r, err)) != 0)
		goto done;
	if (r.n_blocks && (status = put_blocks(&r, err)) != 0)
		goto done;
	if (by && (status = put_by_group(&r, err)) != 0)
		goto done;
	doc_note(r.doc, "beta: standardised coefficients (lm on scale()d variables); none for the intercept");
	*out = r.doc;
	r.doc = NULL;
done:
	free(all);
	cli_list_free(names);
	regress_release(&r);
	return status;
}

int cmd_regress(const struct cli *cli, struct sk_error *err)
{
	int status = regress_check(cli, err); /* the options are checked before the data are read */

	return status ? status : command_run_document(cli, regress_document, err);
}
