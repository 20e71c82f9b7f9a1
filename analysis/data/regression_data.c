#include "analysis/data/regression_data.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/cli/emit.h"
#include "analysis/data/bigbuf.h"
#include "analysis/data/dropped.h"
#include "io/doc.h"
#include "models/ols_tests.h"

/* Rows reg_rows checks at a time. */
#define REG_ROWS_BLOCK 4096

char *reg_printf(const char *fmt, ...)
{
	va_list ap;
	int len;
	char *s;

	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (len < 0 || !(s = malloc((size_t)len + 1)))
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	va_end(ap);
	return s;
}

static int listed(char **list, const char *name)
{
	for (char **p = list; p && *p; p++)
		if (strcmp(*p, name) == 0)
			return 1;
	return 0;
}

int reg_var_load(const struct dataset *ds, const char *name, int may_be_categorical, char **categorical,
		   json_t *doc, struct reg_var *mv, struct sk_error *err)
{
	size_t col = frame_find(&ds->frame, name);
	const struct column *c = col == SIZE_MAX ? NULL : &ds->frame.cols[col];
	int declared = c && c->meta.role == ROLE_GROUP && !ds->inferred;
	int status;

	memset(mv, 0, sizeof *mv);
	mv->name = strdup(name);
	if (!mv->name)
		return sk_out_of_memory(err);
	if (may_be_categorical && c && (declared || listed(categorical, name) || c->kind == COLUMN_TEXT)) {
		mv->categorical = 1;
		status = dataset_grouping(ds, name, &mv->g, err);
		if (status)
			reg_var_release(mv);
		return status;
	}
	if (!may_be_categorical && c && c->kind == COLUMN_TEXT) {
		reg_var_release(mv);
		return sk_fail(err, SK_EXIT_INPUT, "'%s' holds text; it must be numeric here", name);
	}
	if (!c && listed(categorical, name)) {
		reg_var_release(mv);
		return sk_fail(err, SK_EXIT_USAGE, "--categorical '%s': only a column can be categorical, not a scale", name);
	}
	status = dataset_variable(ds, name, &mv->var, err);
	if (!status)
		status = dataset_check_variable(&mv->var, err);
	if (status) {
		reg_var_release(mv);
		return status;
	}
	if (may_be_categorical && c && c->meta.role == ROLE_GROUP && ds->inferred && doc)
		doc_note(doc, "'%s' is used as a number; give --categorical %s (or a codebook) to indicator-code it", name,
			 name);
	return 0;
}

void reg_var_release(struct reg_var *mv)
{
	free(mv->name);
	bigbuf_free(mv->own_v);
	if (mv->categorical)
		grouping_release(&mv->g);
	else if (mv->var.v)
		variable_release(&mv->var);
	bigbuf_free(mv->code);
	free(mv->kept);
	memset(mv, 0, sizeof *mv);
}

int reg_rows(const struct dataset *ds, struct reg_var *const *vars, size_t k, const struct grouping *by,
	       json_t *doc, size_t **rows, size_t *n, struct sk_error *err)
{
	size_t N = ds->frame.n_rows, m = 0;
	size_t *r = bigbuf_alloc(N * sizeof *r);
	const char **names = malloc((k + 1) * sizeof *names);
	int status;

	*rows = NULL;
	*n = 0;
	if (!r || !names) {
		bigbuf_free(r);
		free(names);
		return sk_out_of_memory(err);
	}
	for (size_t j = 0; j < k; j++)
		names[j] = vars[j]->name;
	if (by)
		names[k] = by->name;
	status = dataset_note_dropped(ds, doc, NULL, names, k + (by != NULL), NULL, err);
	free(names);
	if (status) {
		bigbuf_free(r);
		return status;
	}
	for (size_t from = 0; from < N; from += REG_ROWS_BLOCK) {
		/* a block of rows at a time, one variable after another */
		size_t count = N - from < REG_ROWS_BLOCK ? N - from : REG_ROWS_BLOCK;
		unsigned char ok[REG_ROWS_BLOCK];
		for (size_t i = 0; i < count; i++)
			ok[i] = !by || by->code[from + i] >= 0;
		for (size_t j = 0; j < k; j++) {
			if (vars[j]->categorical) {
				const int *code = vars[j]->g.code + from;
				for (size_t i = 0; i < count; i++)
					ok[i] &= code[i] >= 0;
			} else {
				const double *v = vars[j]->var.v + from;
				for (size_t i = 0; i < count; i++)
					ok[i] &= !isnan(v[i]);
			}
		}
		for (size_t i = 0; i < count; i++) {
			r[m] = from + i; /* kept when ok: m <= from + i, within r */
			m += ok[i];
		}
	}
	if (m == 0) {
		char names[512] = "";
		for (size_t j = 0; j < k; j++)
			snprintf(names + strlen(names), sizeof names - strlen(names), "%s'%s'", j ? ", " : "",
				 vars[j]->name);
		bigbuf_free(r);
		return sk_fail(err, SK_EXIT_ANALYSIS, "no row has a value for every one of %s%s%s%s", names,
			       by ? " and '" : "", by ? by->name : "", by ? "'" : "");
	}
	*rows = r;
	*n = m;
	return 0;
}

int reg_var_restrict(struct reg_var *mv, const size_t *rows, size_t n, json_t *doc, struct sk_error *err)
{
	mv->n = n;
	if (!mv->categorical && n == mv->var.n) {
		mv->v = mv->var.v; /* every row used: no copy (rows are then 0..n-1) */
		return 0;
	}
	if (!mv->categorical) {
		double *v = mv->own_v = bigbuf_alloc(n * sizeof *v);
		if (!v)
			return sk_out_of_memory(err);
		for (size_t i = 0; i < n; i++)
			v[i] = mv->var.v[rows[i]];
		mv->v = v;
		return 0;
	}
	size_t L = mv->g.n_levels, *count = calloc(L, sizeof *count), *map = malloc(L * sizeof *map);
	mv->code = bigbuf_alloc(n * sizeof *mv->code);
	mv->kept = malloc(L * sizeof *mv->kept);
	if (!count || !map || !mv->code || !mv->kept) {
		free(count);
		free(map);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < n; i++)
		count[mv->g.code[rows[i]]]++;
	mv->n_kept = 0;
	for (size_t l = 0; l < L; l++) {
		if (count[l] == 0) {
			if (doc)
				doc_note(doc, "level '%s' of '%s' has no complete case and is left out", mv->g.labels[l],
					 mv->name);
			map[l] = SIZE_MAX;
			continue;
		}
		map[l] = mv->n_kept;
		mv->kept[mv->n_kept++] = l;
	}
	for (size_t i = 0; i < n; i++)
		mv->code[i] = map[mv->g.code[rows[i]]];
	free(count);
	free(map);
	if (mv->n_kept < 2)
		return sk_fail(err, SK_EXIT_ANALYSIS, "'%s' has complete cases at only one level ('%s'); it needs two or more",
			       mv->name, mv->g.labels[mv->kept[0]]);
	return 0;
}

size_t reg_var_columns(const struct reg_var *mv)
{
	return mv->categorical ? mv->n_kept - 1 : 1;
}

const char *reg_var_level(const struct reg_var *mv, size_t l)
{
	return mv->g.levels[mv->kept[l]];
}

const char *reg_var_label(const struct reg_var *mv, size_t l)
{
	return mv->g.labels[mv->kept[l]];
}

char *reg_var_term(const struct reg_var *mv, size_t c)
{
	if (!mv->categorical)
		return strdup(mv->name);
	return reg_printf("%s=%s", mv->name, reg_var_level(mv, c + 1));
}

char *reg_var_term_label(const struct reg_var *mv, size_t c)
{
	if (!mv->categorical)
		return strdup(mv->name);
	return reg_printf("%s=%s", mv->name, reg_var_label(mv, c + 1));
}

void reg_put_term(json_t *row, const char *term, const char *label)
{
	doc_str(row, "term", term);
	doc_str(row, "label", label ? label : term);
}

char *reg_product_name(const char *a, const char *b, const char *c)
{
	return reg_printf("%s:%s%s%s", a, b, c ? ":" : "", c ? c : "");
}

int reg_ols_options(const struct cli *cli, struct ols_options *o, struct sk_error *err)
{
	const char *hc = cli_get(cli, "hc");

	ols_options_init(o);
	o->ci = cli->ci;
	if (hc) {
		if (strlen(hc) != 1 || hc[0] < '0' || hc[0] > '4')
			return sk_fail(err, SK_EXIT_USAGE, "--hc '%s' must be 0, 1, 2, 3 or 4 (see 'surveykit %s --help')", hc,
				       cli->command);
		o->cov = (enum ols_cov_type)(hc[0] - '0');
	}
	return 0;
}

const char *reg_cov_name(enum ols_cov_type t)
{
	static const char *names[] = {"HC0", "HC1", "HC2", "HC3", "HC4"};

	return t == OLS_CLASSICAL ? "classical" : names[t];
}

int reg_fit_error(struct sk_error *err, int status, const struct ols_fit *fit, char *const *terms, const char *y,
		    const size_t *rows, const struct dataset *ds, const char *context)
{
	char list[768] = "";

	switch (fit->problem) {
	case OLS_NO_PREDICTORS:
		return sk_fail(err, SK_EXIT_USAGE, "cannot fit %s: no predictor", context);
	case OLS_TOO_FEW_CASES:
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit %s: %zu complete case%s for %zu coefficients", context,
			       fit->n, fit->n == 1 ? "" : "s", fit->p);
	case OLS_NOT_FINITE: /* the data are finite: a product of large values overflowed */
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "cannot fit %s: '%s' is beyond the double range on line %zu; divide the variables by a power "
			       "of ten",
			       context, fit->bad < fit->k ? terms[fit->bad] : y, ds->frame.line[rows[fit->bad_row]]);
	case OLS_OVERFLOW:
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "cannot fit %s: the values of '%s' are too large for their sums of squares in double "
			       "precision; divide the variables by a power of ten",
			       context, fit->bad < fit->k ? terms[fit->bad] : y);
	case OLS_CONSTANT_Y:
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit %s: '%s' has the same value in every case", context, y);
	case OLS_CONSTANT_X:
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit %s: '%s' has the same value in every case", context,
			       terms[fit->bad]);
	case OLS_COLLINEAR:
		for (size_t i = 0; i < fit->n_combo; i++)
			snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'", i ? ", " : "",
				 terms[fit->combo[i]]);
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit %s: '%s' is a linear combination of %s", context,
			       terms[fit->bad], list);
	case OLS_LEVERAGE_ONE:
		return sk_fail(err, SK_EXIT_ANALYSIS,
			       "cannot fit %s: the case on line %zu has leverage 1, so %s standard errors are undefined",
			       context, ds->frame.line[rows[fit->bad_row]], reg_cov_name(fit->cov_type));
	case OLS_OK:
		break;
	}
	if (status == GSL_ENOMEM)
		return sk_out_of_memory(err);
	return sk_fail(err, SK_EXIT_ANALYSIS, "cannot fit %s: %s", context, gsl_strerror(status));
}

void reg_put_summary(json_t *obj, const struct ols_fit *fit)
{
	doc_size(obj, "n", fit->n);
	doc_num(obj, "r2", fit->r2);
	doc_num(obj, "adj_r2", fit->adj_r2);
	emit_f_test(obj, fit->F, fit->df1, fit->df2, fit->p_F);
	doc_num(obj, "mse", fit->sigma * fit->sigma);
}

void reg_put_coefficients(json_t *obj, const struct ols_fit *fit, char *const *terms, char *const *labels)
{
	json_t *arr = doc_arr(obj, "coefficients");

	for (size_t j = 0; j < fit->p; j++) {
		json_t *row = doc_push_obj(arr);
		reg_put_term(row, j ? terms[j - 1] : "(Intercept)", j ? labels[j - 1] : NULL);
		doc_num(row, "b", gsl_vector_get(fit->b, j));
		doc_num(row, "se", gsl_vector_get(fit->se, j));
		doc_num(row, "t", gsl_vector_get(fit->t, j));
		doc_num(row, "p", gsl_vector_get(fit->p_value, j));
		doc_num(row, "llci", gsl_vector_get(fit->llci, j));
		doc_num(row, "ulci", gsl_vector_get(fit->ulci, j));
		if (j) /* the intercept has none: each command says so in a note */
			doc_num(row, "beta", gsl_vector_get(fit->beta, j));
		else
			doc_num_noted(row, "beta", gsl_vector_get(fit->beta, j));
	}
}

void reg_put_lincom(json_t *row, const struct lincom *lc, const char *effect_key)
{
	doc_num(row, effect_key, lc->est);
	doc_num(row, "se", lc->se);
	doc_num(row, "t", lc->t);
	doc_num(row, "p", lc->p);
	doc_num(row, "llci", lc->llci);
	doc_num(row, "ulci", lc->ulci);
}

void reg_names_free(char **names, size_t n)
{
	if (!names)
		return;
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

void reg_probes_release(struct reg_probes *p)
{
	free(p->value);
	free(p->level);
	free(p->design);
	memset(p, 0, sizeof *p);
}

/* Values "V1,V2,..." of option `option` into out (room for one per comma and one more: never too
 * many); exit 2 with a message when they are not numbers. */
static int parse_numbers(const char *text, const char *option, double *out, size_t cap, size_t *n,
			 struct sk_error *err)
{
	switch (cli_parse_numbers(text, out, cap, n)) {
	case CLI_NUMBERS_NOT_A_NUMBER:
		return sk_fail(err, SK_EXIT_USAGE, "%s '%s' must be percentiles, meansd or numbers separated by commas",
			       option, text);
	case CLI_NUMBERS_NONE:
		return sk_fail(err, SK_EXIT_USAGE, "%s '%s' gives no value", option, text);
	case CLI_NUMBERS_TOO_MANY:
	case CLI_NUMBERS_OK:
		break;
	}
	return 0;
}

static size_t values_room(const char *text)
{
	size_t cap = 1;

	for (const char *c = text; *c; c++)
		cap += *c == ',';
	return cap;
}

static int parse_values(const char *text, struct reg_probes *p, struct sk_error *err)
{
	size_t cap = values_room(text);

	p->value = malloc(cap * sizeof *p->value);
	if (!p->value)
		return sk_out_of_memory(err);
	return parse_numbers(text, "--probe", p->value, cap, &p->S, err);
}

int reg_probes_check(const char *kind, const char *option, struct sk_error *err)
{
	double *v;
	size_t cap, n;
	int status;

	if (!kind || strcmp(kind, "percentiles") == 0 || strcmp(kind, "meansd") == 0)
		return 0;
	cap = values_room(kind);
	if (!(v = malloc(cap * sizeof *v)))
		return sk_out_of_memory(err);
	status = parse_numbers(kind, option, v, cap, &n, err);
	free(v);
	return status;
}

int reg_probes_make(const struct reg_var *v, double center, const char *kind, const char *what, json_t *doc,
		      double *work, struct reg_probes *p, struct sk_error *err)
{
	size_t ncols = reg_var_columns(v);
	int status;

	memset(p, 0, sizeof *p);
	p->ncols = ncols;
	if (v->categorical) {
		p->S = v->n_kept;
		p->value = malloc(p->S * sizeof *p->value);
		p->level = malloc(p->S * sizeof *p->level);
		p->design = calloc(p->S * ncols, sizeof *p->design);
		if (!p->value || !p->level || !p->design)
			return sk_out_of_memory(err);
		for (size_t l = 0; l < p->S; l++) {
			p->value[l] = v->g.values[v->kept[l]];
			p->level[l] = l;
			/* the indicator codes of level l (none for the reference level) */
			if (l > 0)
				p->design[l * ncols + l - 1] = 1;
		}
		return 0;
	}
	if (!kind || strcmp(kind, "percentiles") == 0 || strcmp(kind, "meansd") == 0) {
		double *centred = center == 0 ? NULL : malloc((v->n ? v->n : 1) * sizeof *centred), out[3];
		const double *vals = centred ? centred : v->v;
		int clamped = 0;
		if (center != 0 && !centred)
			return sk_out_of_memory(err);
		for (size_t i = 0; centred && i < v->n; i++)
			centred[i] = v->v[i] - center;
		p->S = mod_probe_values(vals, v->n, kind && strcmp(kind, "meansd") == 0 ? MOD_PROBE_MEANSD : MOD_PROBE_PERCENTILES,
					out, &clamped, work);
		free(centred);
		p->value = malloc((p->S ? p->S : 1) * sizeof *p->value);
		if (!p->value)
			return sk_out_of_memory(err);
		memcpy(p->value, out, p->S * sizeof *out);
		p->note = p->S == 2 ? REG_PROBES_TWO_VALUES
				    : kind && strcmp(kind, "meansd") == 0 ? REG_PROBES_MEANSD : REG_PROBES_PERCENTILES;
		p->clamped = clamped;
		if (doc)
			reg_probes_notes(doc, v, p, what);
	} else if ((status = parse_values(kind, p, err)) != 0) {
		return status;
	}
	p->design = malloc((p->S ? p->S : 1) * sizeof *p->design);
	if (!p->design)
		return sk_out_of_memory(err);
	memcpy(p->design, p->value, p->S * sizeof *p->design);
	return 0;
}

void reg_probes_notes(json_t *doc, const struct reg_var *v, const struct reg_probes *p, const char *what)
{
	if (p->note == REG_PROBES_TWO_VALUES)
		doc_note(doc, "%s '%s' has two values: probed at those", what, v->name);
	else if (p->note == REG_PROBES_PERCENTILES)
		doc_note(doc, "values of %s '%s': 16th, 50th and 84th percentiles (position p(n+1), as PROCESS)", what,
			 v->name);
	else if (p->note == REG_PROBES_MEANSD)
		doc_note(doc, "values of %s '%s': mean - 1 SD, mean, mean + 1 SD", what, v->name);
	if (p->clamped & 1)
		doc_note(doc, "one SD below the mean of '%s' is below its minimum: the minimum is used", v->name);
	if (p->clamped & 2)
		doc_note(doc, "one SD above the mean of '%s' is above its maximum: the maximum is used", v->name);
}

void reg_probes_put(json_t *row, const char *key, const struct reg_var *v, const struct reg_probes *p, size_t s)
{
	if (v->categorical) {
		char lk[64];
		if (isnan(p->value[s]))
			doc_str(row, key, reg_var_level(v, p->level[s]));
		else
			doc_num(row, key, p->value[s]);
		snprintf(lk, sizeof lk, "%s_label", key);
		doc_str(row, lk, reg_var_label(v, p->level[s]));
	} else {
		doc_num(row, key, p->value[s]);
	}
}

int reg_var_dichotomous(const struct reg_var *v)
{
	double a, b;
	size_t i = 1;

	if (v->categorical || v->n == 0)
		return v->categorical && v->n_kept == 2;
	a = v->v[0];
	while (i < v->n && v->v[i] == a)
		i++;
	if (i == v->n)
		return 1;
	b = v->v[i];
	for (; i < v->n; i++)
		if (v->v[i] != a && v->v[i] != b)
			return 0;
	return 1;
}
