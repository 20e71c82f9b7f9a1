#include "process_ref.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "test.h"

static const double *column(const struct pcase *c, const char *generic)
{
	const char *name = json_string_value(json_object_get(json_object_get(c->j, "vars"), generic));

	return name ? refcol(c->t, name) : NULL;
}

const json_t *pcase_find(const json_t *doc, int number, size_t k, const char *data)
{
	const json_t *cases = json_object_get(doc, "cases"), *j;
	size_t i;

	json_array_foreach(cases, i, j) {
		if (json_integer_value(json_object_get(j, "model")) == number &&
		    (size_t)json_integer_value(json_object_get(j, "k")) == k &&
		    strcmp(json_string_value(json_object_get(j, "data")), data) == 0)
			return j;
	}
	fprintf(stderr, "unit tests: no case of model %d with %zu mediators on %s\n", number, k, data);
	exit(EXIT_FAILURE);
}

/* A variable given with a PROCESS coding: its distinct values in ascending order are the levels. */
static void categorical(struct pcase *c, struct proc_input *in, int v, json_int_t coding)
{
	double lv[CODING_MAX_LEVELS];
	size_t nl = 0;

	if (coding <= 0 || !in->v)
		return;
	for (size_t i = 0; i < c->t->n; i++) {
		size_t l = 0;
		while (l < nl && lv[l] != in->v[i])
			l++;
		if (l == nl && nl < CODING_MAX_LEVELS)
			lv[nl++] = in->v[i];
	}
	for (size_t a = 1; a < nl; a++) /* insertion sort */
		for (size_t b = a; b > 0 && lv[b - 1] > lv[b]; b--) {
			double t = lv[b];
			lv[b] = lv[b - 1];
			lv[b - 1] = t;
		}
	c->level[v] = malloc(c->t->n * sizeof *c->level[v]);
	for (size_t i = 0; i < c->t->n; i++) {
		size_t l = 0;
		while (lv[l] != in->v[i])
			l++;
		c->level[v][i] = l;
	}
	*in = (struct proc_input){NULL, c->level[v], nl, (enum coding_system)coding};
}

void pcase_load(struct pcase *c, const json_t *j)
{
	const json_t *cov = json_object_get(j, "cov"), *cov_in = json_object_get(j, "cov_in");
	size_t ncov = json_array_size(cov);
	enum proc_model_problem why;
	static const enum proc_center centers[] = {PROC_CENTER_NONE, PROC_CENTER_ALL, PROC_CENTER_CONTINUOUS};

	memset(c, 0, sizeof *c);
	c->j = j;
	c->t = reftable_read(json_string_value(json_object_get(j, "data")));
	c->number = (int)json_integer_value(json_object_get(j, "model"));
	c->k = (size_t)json_integer_value(json_object_get(j, "k"));
	if (json_is_array(cov_in)) {
		c->cov_in = malloc(ncov * (c->k + 1));
		for (size_t r = 0; r < ncov; r++)
			for (size_t e = 0; e <= c->k; e++)
				c->cov_in[r * (c->k + 1) + e] =
					(unsigned char)json_number_value(json_array_get(json_array_get(cov_in, r), e));
	}
	CHECK_INT(proc_model_init(&c->model, c->number, c->k, ncov, c->cov_in, &why), 0);
	if (json_is_true(json_object_get(j, "logistic")))
		CHECK_INT(proc_model_set_logistic(&c->model, &why), 0);
	c->data.n = c->t->n;
	c->data.x.v = column(c, "X");
	c->data.w.v = column(c, "W");
	c->data.z.v = column(c, "Z");
	categorical(c, &c->data.x, PROC_X, json_integer_value(json_object_get(j, "mcx")));
	categorical(c, &c->data.w, PROC_W, json_integer_value(json_object_get(j, "mcw")));
	for (size_t m = 0; m < c->k; m++) {
		char key[24];
		snprintf(key, sizeof key, "M%zu", m + 1);
		c->data.m[m] = column(c, key);
	}
	c->data.y = column(c, "Y");
	if (ncov) {
		c->cov = gsl_matrix_alloc(c->t->n, ncov);
		for (size_t r = 0; r < ncov; r++) {
			const double *v = refcol(c->t, json_string_value(json_array_get(cov, r)));
			c->cov_name[r] = json_string_value(json_array_get(cov, r));
			for (size_t i = 0; i < c->t->n; i++)
				gsl_matrix_set(c->cov, i, r, v[i]);
		}
	}
	c->data.cov = c->cov;
	c->data.center = centers[json_integer_value(json_object_get(j, "center"))];
	ols_options_init(&c->data.ols);
	c->status = proc_fit_run(&c->model, &c->data, &c->fit);
}

void pcase_free(struct pcase *c)
{
	proc_fit_free(c->fit);
	gsl_matrix_free(c->cov);
	free(c->cov_in);
	for (size_t v = 0; v < 3; v++)
		free(c->level[v]);
	reftable_free(c->t);
}

static const char *var_name(int v)
{
	static const char *fixed[] = {"X", "W", "Z"};
	static char buf[PROC_NVARS][8];

	if (v < PROC_M1)
		return fixed[v];
	if (v == PROC_Y)
		return "Y";
	snprintf(buf[v], sizeof buf[v], "M%d", v - PROC_M1 + 1);
	return buf[v];
}

/* "X", or "X2" for column 1 of a multicategorical X */
static void factor_name(const struct pcase *c, int v, size_t col, char *out, size_t size)
{
	if (c->fit->levels[v])
		snprintf(out, size, "%s%zu", var_name(v), col + 1);
	else
		snprintf(out, size, "%s", var_name(v));
}

const char *pcase_coef_name(const struct pcase *c, size_t e, size_t coef)
{
	static char out[64];
	const struct proc_eqfit *ef = &c->fit->eq[e];
	const struct proc_equation *q = &c->model.eq[e];

	if (coef == 0)
		return "(Intercept)";
	if (coef - 1 >= ef->off[q->n_terms]) {
		size_t r = coef - 1 - ef->off[q->n_terms];
		for (size_t cv = 0; cv < c->model.ncov; cv++)
			if (q->cov[cv] && r-- == 0)
				return c->cov_name[cv];
		return "?";
	}
	for (size_t t = 0; t < q->n_terms; t++)
		if (coef - 1 < ef->off[t + 1]) {
			const struct proc_term *term = &q->term[t];
			size_t cols[3], len = 0;
			proc_term_decode(c->fit, term, coef - 1 - ef->off[t], cols);
			out[0] = 0;
			for (size_t i = 0; i < term->n; i++) {
				char f[16];
				factor_name(c, term->var[i], cols[i], f, sizeof f);
				snprintf(out + len, sizeof out - len, "%s%s", i ? ":" : "", f);
				len = strlen(out);
			}
			return out;
		}
	return "?";
}

/* Index in R's coefficient names of coefficient i of equation e, or the names' count. */
static size_t r_index(const struct pcase *c, size_t e, size_t i, const json_t *terms)
{
	const char *name = pcase_coef_name(c, e, i);
	size_t ri = 0;

	while (ri < json_array_size(terms) && strcmp(json_string_value(json_array_get(terms, ri)), name))
		ri++;
	if (ri == json_array_size(terms)) {
		fprintf(stderr, "model %d equation %zu: no R coefficient '%s'\n", c->number, e, name);
		CHECK(0);
	}
	return ri;
}

static double num_of(const json_t *r, const char *key, size_t i)
{
	return json_number_value(json_array_get(json_object_get(r, key), i));
}

/* A logistic equation against glm: coefficients, SEs, z, p, Wald CIs, odds ratios and PROCESS's
 * model summary. */
static void check_logit_equation(const struct pcase *c, size_t e, const json_t *r, double tol)
{
	const struct logit_fit *fit = c->fit->eq[e].logit;
	const json_t *terms = json_object_get(r, "terms");
	static const char *keys[] = {"b", "se", "z", "llci", "ulci", "or", "or_llci", "or_ulci"};

	CHECK(fit != NULL);
	if (!fit)
		return;
	CHECK_INT(fit->p, json_array_size(terms));
	for (size_t i = 0; i < fit->p; i++) {
		size_t ri = r_index(c, e, i, terms);
		const gsl_vector *got[] = {fit->b, fit->se, fit->z, fit->llci, fit->ulci, fit->odds, fit->odds_llci,
					   fit->odds_ulci};
		if (ri == json_array_size(terms))
			continue;
		for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++)
			CHECK_CLOSE(gsl_vector_get(got[k], i), num_of(r, keys[k], ri), tol);
		CHECK_NEAR(gsl_vector_get(fit->p_value, i), num_of(r, "p", ri), 1e-12);
		/* the engine's view of the equation: the same numbers, normal-theory tests */
		CHECK_CLOSE(gsl_vector_get(c->fit->eq[e].b, i), gsl_vector_get(fit->b, i), 0);
		CHECK_CLOSE(gsl_matrix_get(c->fit->eq[e].cov, i, i), gsl_vector_get(fit->se, i) * gsl_vector_get(fit->se, i),
			    1e-12);
	}
	CHECK(isinf(c->fit->eq[e].df));
	CHECK_CLOSE(c->fit->eq[e].crit, 1.959963984540054, 1e-12);
	CHECK_CLOSE(fit->dev, json_number_value(json_object_get(r, "dev")), tol);
	CHECK_CLOSE(fit->dev_null, json_number_value(json_object_get(r, "dev_null")), tol);
	CHECK_NEAR(fit->chi2, json_number_value(json_object_get(r, "chi2")), tol * fit->dev_null);
	CHECK_CLOSE(fit->df, json_number_value(json_object_get(r, "df")), 0);
	CHECK_NEAR(fit->p_chi2, json_number_value(json_object_get(r, "p_chi2")), 1e-12);
	CHECK_NEAR(fit->mcfadden, json_number_value(json_object_get(r, "mcfadden")), tol);
	CHECK_NEAR(fit->cox_snell, json_number_value(json_object_get(r, "cox_snell")), tol);
	CHECK_NEAR(fit->nagelkerke, json_number_value(json_object_get(r, "nagelkerke")), tol);
}

void pcase_check_equations(const struct pcase *c, double tol)
{
	const json_t *eqs = json_object_get(c->j, "equations");

	CHECK_INT(json_array_size(eqs), c->model.n_eq);
	for (size_t e = 0; e < c->model.n_eq && e < json_array_size(eqs); e++) {
		const json_t *r = json_array_get(eqs, e), *terms = json_object_get(r, "terms");
		const struct ols_fit *fit = c->fit->eq[e].fit;
		if (c->model.eq[e].family == PROC_FAMILY_LOGISTIC) {
			check_logit_equation(c, e, r, tol);
			continue;
		}
		CHECK_INT(json_is_true(json_object_get(r, "total")), c->model.eq[e].total);
		CHECK_INT(fit->p, json_array_size(terms));
		for (size_t i = 0; i < fit->p; i++) {
			size_t ri = r_index(c, e, i, terms);
			if (ri == json_array_size(terms))
				continue;
			CHECK_CLOSE(gsl_vector_get(fit->b, i), num_of(r, "b", ri), tol);
			CHECK_CLOSE(gsl_vector_get(fit->se, i), num_of(r, "se", ri), tol);
		}
		CHECK_CLOSE(fit->r2, json_number_value(json_object_get(r, "r2")), tol);
		CHECK_CLOSE(fit->adj_r2, json_number_value(json_object_get(r, "adj_r2")), tol);
		CHECK_CLOSE(fit->F, json_number_value(json_object_get(r, "F")), tol);
		CHECK_CLOSE(fit->df1, json_number_value(json_object_get(r, "df1")), 0);
		CHECK_CLOSE(fit->df2, json_number_value(json_object_get(r, "df2")), 0);
	}
}

static int var_of(const char *name)
{
	if (strcmp(name, "X") == 0)
		return PROC_X;
	if (strcmp(name, "W") == 0)
		return PROC_W;
	if (strcmp(name, "Z") == 0)
		return PROC_Z;
	return PROC_M(strtol(name + 1, NULL, 10) - 1);
}

void pcase_point(const struct pcase *c, size_t row, struct proc_point *pt)
{
	const json_t *mods = json_object_get(c->j, "mods"), *vals = json_array_get(json_object_get(c->j, "grid"), row);

	memset(pt, 0, sizeof *pt);
	for (size_t i = 0; i < json_array_size(mods); i++) {
		double v = json_number_value(json_array_get(vals, i));
		CHECK_INT(proc_point_set(c->fit, pt, var_of(json_string_value(json_array_get(mods, i))), v, (size_t)v), 0);
	}
}

const char *pcase_path_name(const struct pcase *c, size_t p)
{
	static char out[128];
	size_t len;
	const struct proc_path *path = &c->model.path[p];

	snprintf(out, sizeof out, "X");
	len = strlen(out);
	for (size_t i = 0; i < path->len; i++) {
		snprintf(out + len, sizeof out - len, "->M%d", path->med[i] + 1);
		len = strlen(out);
	}
	snprintf(out + len, sizeof out - len, "->Y");
	return out;
}

static double num_at(const json_t *arr, size_t i)
{
	return json_number_value(json_array_get(arr, i));
}

/* PROCESS's probe values of every moderator, and the grid of their combinations in R's order. */
static void check_probes(const struct pcase *c, double tol)
{
	const json_t *mods = json_object_get(c->j, "mods"), *probes = json_object_get(c->j, "probes");
	double vals[PROC_NVARS][16];
	const double *vp[PROC_NVARS] = {NULL};
	size_t nv[PROC_NVARS] = {0}, rows = json_array_size(json_object_get(c->j, "grid"));
	unsigned mask = 0;
	struct proc_point pts[64];

	for (size_t i = 0; i < json_array_size(mods); i++) {
		const char *name = json_string_value(json_array_get(mods, i));
		int v = var_of(name), clamped;
		const json_t *want = json_object_get(probes, name);
		CHECK_INT(proc_probe_values(c->fit, v, MOD_PROBE_PERCENTILES, vals[v], &nv[v], &clamped), 0);
		CHECK_INT(nv[v], json_array_size(want));
		for (size_t j = 0; j < nv[v] && j < json_array_size(want); j++)
			CHECK_CLOSE(vals[v][j], num_at(want, j), tol);
		vp[v] = vals[v];
		mask |= 1u << v;
	}
	CHECK_INT(proc_grid(c->fit, mask, vp, nv, pts, 64), rows);
	for (size_t r = 0; r < rows && r < 64; r++) {
		struct proc_point want;
		pcase_point(c, r, &want);
		for (size_t j = 0; j < PROC_MAX_CODES; j++) {
			CHECK_CLOSE(pts[r].w[j], want.w[j], tol);
			CHECK_CLOSE(pts[r].z[j], want.z[j], tol);
		}
		CHECK_CLOSE(pts[r].x, want.x, tol);
		for (size_t j = 0; j < PROC_MAX_MEDIATORS; j++)
			CHECK_CLOSE(pts[r].m[j], want.m[j], tol);
	}
}

static void check_indices(const struct pcase *c, size_t p, const json_t *rp, size_t rows, double tol)
{
	int vars[2];
	enum proc_index_kind kind = proc_path_index_kind(&c->model, p, vars);
	unsigned mask = proc_path_moderators(&c->model, p);
	const json_t *linear = json_object_get(rp, "linear"), *rec;
	size_t nmods = 0, i;
	int all_linear = 1;
	static const char *names[] = {"X", "W", "Z"};

	for (int v = PROC_X; v <= PROC_Z; v++)
		if ((mask >> v) & 1u) {
			nmods++;
			all_linear = all_linear && json_is_true(json_object_get(linear, names[v]));
		}
	/* the engine gives indices exactly where R finds the effect linear in one or two moderators */
	CHECK_INT(kind != PROC_INDEX_NONE, all_linear && nmods >= 1 && nmods <= 2);
	if (kind == PROC_INDEX_NONE)
		return;
	json_array_foreach(json_object_get(rp, "index"), i, rec) {
		int v = var_of(json_string_value(json_object_get(rec, "var")));
		struct proc_stat s = {.kind = PROC_STAT_INDEX, .path = p};
		const json_t *want = json_object_get(rec, "values");
		if (v != vars[0] && v != vars[1])
			continue; /* a moderator of the model but not of this path */
		s.col = (size_t)json_integer_value(json_object_get(rec, "xcol"));
		s.d[0] = (struct proc_deriv){v, (size_t)json_integer_value(json_object_get(rec, "vcol"))};
		for (size_t r = 0; r < rows; r++) {
			pcase_point(c, r, &s.pt);
			CHECK_INT(proc_stat_check(c->fit, &s), 0);
			CHECK_CLOSE(proc_stat_estimate(c->fit, &s), num_at(want, r), tol);
		}
	}
	if (kind == PROC_INDEX_CONDITIONAL)
		json_array_foreach(json_object_get(rp, "mmm"), i, rec) {
			struct proc_stat s = {.kind = PROC_STAT_INDEX2, .path = p};
			s.col = (size_t)json_integer_value(json_object_get(rec, "xcol"));
			s.d[0] = (struct proc_deriv){PROC_W, (size_t)json_integer_value(json_object_get(rec, "wcol"))};
			s.d[1] = (struct proc_deriv){PROC_Z, 0};
			CHECK_INT(proc_stat_check(c->fit, &s), 0);
			CHECK_CLOSE(proc_stat_estimate(c->fit, &s), json_number_value(json_object_get(rec, "value")), tol);
		}
}

/* The total effect of a multicategorical X in a model with X alone (model 4's total-effect
 * equation without covariates) is the coding's contrast of the group means of Y. */
static void check_coding_means(const struct pcase *c, const json_t *ymeans, double tol)
{
	size_t L = json_array_size(ymeans);
	double mean[CODING_MAX_LEVELS], grand = 0;
	enum coding_system sys = c->data.x.coding;

	for (size_t l = 0; l < L; l++) {
		mean[l] = num_at(ymeans, l);
		grand += mean[l] / (double)L;
	}
	for (size_t j = 1; j < L; j++) {
		struct lincom tot;
		double want = NAN, later = 0;
		for (size_t l = j; l < L; l++)
			later += mean[l] / (double)(L - j);
		switch (sys) {
		case CODING_INDICATOR:
			want = mean[j] - mean[0];
			break;
		case CODING_SEQUENTIAL:
			want = mean[j] - mean[j - 1];
			break;
		case CODING_HELMERT:
			want = later - mean[j - 1];
			break;
		case CODING_EFFECT:
			want = mean[j] - grand;
			break;
		}
		CHECK_INT(proc_total_effect(c->fit, j - 1, &tot), 0);
		CHECK_CLOSE(tot.est, want, tol);
	}
}

void pcase_check_effects(const struct pcase *c, double tol)
{
	const json_t *paths = json_object_get(c->j, "paths"), *direct = json_object_get(c->j, "direct");
	const json_t *total = json_object_get(c->j, "total"), *omnibus = json_object_get(c->j, "omnibus");
	size_t rows = json_array_size(json_object_get(c->j, "grid")), np = c->model.n_paths;
	size_t nx = c->fit->width[PROC_X];
	double sd_x = json_number_value(json_object_get(c->j, "sd_x"));
	double sd_y = json_number_value(json_object_get(c->j, "sd_y"));
	int continuous_x = c->fit->levels[PROC_X] == 0;
	struct proc_point pt0;

	CHECK_INT(json_array_size(paths), np);
	check_probes(c, tol);
	if (continuous_x)
		CHECK_CLOSE(c->fit->sd_x, sd_x, tol);
	CHECK_CLOSE(c->fit->sd_y, sd_y, tol);
	pcase_point(c, 0, &pt0);
	for (size_t p = 0; p < np && p < json_array_size(paths); p++) {
		const json_t *rp = json_array_get(paths, p), *ind = json_object_get(rp, "ind");
		CHECK_STR(pcase_path_name(c, p), json_string_value(json_object_get(rp, "name")));
		CHECK_INT(json_array_size(ind), nx);
		for (size_t x = 0; x < nx; x++) {
			const json_t *want = json_array_get(ind, x);
			struct proc_stat s = {.kind = PROC_STAT_INDIRECT, .path = p, .col = x};
			for (size_t r = 0; r < rows; r++) {
				pcase_point(c, r, &s.pt);
				CHECK_INT(proc_stat_check(c->fit, &s), 0);
				CHECK_CLOSE(proc_stat_estimate(c->fit, &s), num_at(want, r), tol);
			}
			/* standardised at the first grid point */
			s.pt = pt0;
			s.scale = PROC_SCALE_PARTIAL;
			CHECK_CLOSE(proc_stat_estimate(c->fit, &s), num_at(want, 0) / sd_y, tol);
			s.scale = PROC_SCALE_COMPLETE;
			CHECK_INT(proc_stat_check(c->fit, &s), continuous_x ? GSL_SUCCESS : GSL_EINVAL);
			if (continuous_x)
				CHECK_CLOSE(proc_stat_estimate(c->fit, &s), num_at(want, 0) * sd_x / sd_y, tol);
		}
		/* contrasts with every later path */
		for (size_t p2 = p + 1; p2 < np; p2++) {
			double i1 = num_at(json_array_get(ind, 0), 0);
			double i2 = num_at(json_array_get(json_object_get(json_array_get(paths, p2), "ind"), 0), 0);
			struct proc_stat ct = {.kind = PROC_STAT_CONTRAST, .path = p, .path2 = p2, .pt = pt0, .pt2 = pt0};
			CHECK_INT(proc_stat_check(c->fit, &ct), 0);
			CHECK_NEAR(proc_stat_estimate(c->fit, &ct), i1 - i2, tol * (fabs(i1) + fabs(i2)));
			ct.absolute = 1;
			CHECK_NEAR(proc_stat_estimate(c->fit, &ct), fabs(i1) - fabs(i2), tol * (fabs(i1) + fabs(i2)));
		}
		check_indices(c, p, rp, rows, tol);
	}
	for (size_t x = 0; x < nx; x++)
		for (size_t r = 0; r < rows; r++) {
			struct lincom lc;
			struct proc_point pt;
			pcase_point(c, r, &pt);
			CHECK_INT(proc_direct_effect(c->fit, x, &pt, &lc), 0);
			CHECK_CLOSE(lc.est, num_at(json_array_get(json_object_get(direct, "est"), x), r), tol);
			CHECK_CLOSE(lc.se, num_at(json_array_get(json_object_get(direct, "se"), x), r), tol);
		}
	for (size_t r = 0; r < rows && json_is_array(omnibus); r++) {
		struct wald wd;
		struct proc_point pt;
		pcase_point(c, r, &pt);
		CHECK_INT(proc_link_omnibus(c->fit, c->model.k, PROC_X, &pt, &wd), 0);
		CHECK_CLOSE(wd.F, num_at(omnibus, r), tol);
		CHECK_INT(wd.df1, nx);
	}
	if (json_is_object(total)) {
		for (size_t x = 0; x < nx; x++) {
			struct lincom tot, dir;
			double sum = 0;
			struct proc_stat ti = {.kind = PROC_STAT_TOTAL_INDIRECT, .col = x};
			CHECK_INT(proc_total_effect(c->fit, x, &tot), 0);
			CHECK_CLOSE(tot.est, num_at(json_object_get(total, "est"), x), tol);
			CHECK_CLOSE(tot.se, num_at(json_object_get(total, "se"), x), tol);
			for (size_t p = 0; p < np; p++)
				sum += num_at(json_array_get(json_object_get(json_array_get(paths, p), "ind"), x), 0);
			CHECK_CLOSE(proc_stat_estimate(c->fit, &ti), sum, tol);
			/* total = direct + total indirect (OLS with the same covariates in every equation) */
			proc_direct_effect(c->fit, x, &pt0, &dir);
			if (!c->cov_in)
				CHECK_CLOSE(tot.est, dir.est + sum, 1e-10);
		}
		if (json_is_array(json_object_get(c->j, "ymeans")) && c->model.ncov == 0)
			check_coding_means(c, json_object_get(c->j, "ymeans"), tol);
	} else {
		struct lincom tot;
		CHECK_INT(proc_total_effect(c->fit, 0, &tot), GSL_EINVAL);
	}
}

void pcase_check_logistic_effects(const struct pcase *c, double tol)
{
	const json_t *paths = json_object_get(c->j, "paths"), *direct = json_object_get(c->j, "direct");
	const json_t *yv = json_object_get(c->j, "y_values");
	size_t rows = json_array_size(json_object_get(c->j, "grid")), np = c->model.n_paths;
	struct lincom tot;

	/* PROCESS's coding of Y: the lower value 0, the higher 1 */
	CHECK_CLOSE(c->fit->y_value[0], num_at(yv, 0), 0);
	CHECK_CLOSE(c->fit->y_value[1], num_at(yv, 1), 0);
	CHECK(isnan(c->fit->sd_y));
	CHECK_INT(json_array_size(paths), np);
	check_probes(c, tol);
	for (size_t p = 0; p < np && p < json_array_size(paths); p++) {
		const json_t *rp = json_array_get(paths, p), *want = json_object_get(rp, "ind");
		struct proc_stat s = {.kind = PROC_STAT_INDIRECT, .path = p};
		CHECK_STR(pcase_path_name(c, p), json_string_value(json_object_get(rp, "name")));
		for (size_t r = 0; r < rows; r++) {
			pcase_point(c, r, &s.pt);
			CHECK_INT(proc_stat_check(c->fit, &s), 0);
			CHECK_CLOSE(proc_stat_estimate(c->fit, &s), num_at(want, r), tol);
		}
		/* no standardised effects with a dichotomous Y */
		s.scale = PROC_SCALE_PARTIAL;
		CHECK_INT(proc_stat_check(c->fit, &s), GSL_EINVAL);
	}
	for (size_t r = 0; r < rows; r++) {
		struct lincom lc;
		struct proc_point pt;
		pcase_point(c, r, &pt);
		CHECK_INT(proc_direct_effect(c->fit, 0, &pt, &lc), 0);
		CHECK_CLOSE(lc.est, num_at(json_object_get(direct, "est"), r), tol);
		CHECK_CLOSE(lc.se, num_at(json_object_get(direct, "se"), r), tol);
		CHECK_CLOSE(lc.t, num_at(json_object_get(direct, "z"), r), tol);
		CHECK_NEAR(lc.p, num_at(json_object_get(direct, "p"), r), 1e-12);
		CHECK_CLOSE(lc.llci, num_at(json_object_get(direct, "llci"), r), tol);
		CHECK_CLOSE(lc.ulci, num_at(json_object_get(direct, "ulci"), r), tol);
	}
	/* no total-effect equation with a dichotomous Y */
	CHECK_INT(proc_total_effect(c->fit, 0, &tot), GSL_EINVAL);
}

/* The name of term t of equation e as R writes its (single) coefficient. */
static const char *term_name(const struct pcase *c, size_t e, size_t t)
{
	size_t cols[3] = {0, 0, 0};

	return pcase_coef_name(c, e, proc_coef_index(c->fit, e, t, cols));
}

void pcase_check_lr_tests(const struct pcase *c, double tol)
{
	const json_t *lr = json_object_get(c->j, "lr");
	size_t e = c->model.k, n;
	struct proc_test_set sets[PROC_MAX_TESTS];
	double dev0 = c->fit->eq[e].logit->dev_null;

	n = proc_highest_interactions(&c->model, e, sets);
	CHECK_INT(n, json_array_size(lr));
	for (size_t i = 0; i < n && i < json_array_size(lr); i++) {
		const json_t *r = json_array_get(lr, i), *terms = json_object_get(r, "terms");
		struct logit_lr got;
		enum logit_problem why;
		CHECK_INT(sets[i].n, json_array_size(terms));
		for (size_t t = 0; t < sets[i].n && t < json_array_size(terms); t++)
			CHECK_STR(term_name(c, e, sets[i].term[t]), json_string_value(json_array_get(terms, t)));
		CHECK_INT(proc_logit_lr_test(c->fit, e, sets[i].term, sets[i].n, &got, &why), 0);
		CHECK_INT(why, LOGIT_OK);
		CHECK_NEAR(got.chi2, json_number_value(json_object_get(r, "chi2")), tol * dev0);
		CHECK_CLOSE(got.df, json_number_value(json_object_get(r, "df")), 0);
		CHECK_NEAR(got.p, json_number_value(json_object_get(r, "p")), 1e-9);
	}
}
