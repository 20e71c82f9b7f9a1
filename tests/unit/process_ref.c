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
	c->data.n = c->t->n;
	c->data.x.v = column(c, "X");
	c->data.w.v = column(c, "W");
	c->data.z.v = column(c, "Z");
	for (size_t m = 0; m < c->k; m++) {
		char key[8];
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
			if (term->n == 1)
				snprintf(out, sizeof out, "%s", var_name(term->var[0]));
			else if (term->n == 2)
				snprintf(out, sizeof out, "%s:%s", var_name(term->var[0]), var_name(term->var[1]));
			else
				snprintf(out, sizeof out, "%s:%s:%s", var_name(term->var[0]), var_name(term->var[1]),
					 var_name(term->var[2]));
			return out;
		}
	return "?";
}

void pcase_check_equations(const struct pcase *c, double tol)
{
	const json_t *eqs = json_object_get(c->j, "equations");

	CHECK_INT(json_array_size(eqs), c->model.n_eq);
	for (size_t e = 0; e < c->model.n_eq && e < json_array_size(eqs); e++) {
		const json_t *r = json_array_get(eqs, e), *terms = json_object_get(r, "terms");
		const struct ols_fit *fit = c->fit->eq[e].fit;
		CHECK_INT(json_is_true(json_object_get(r, "total")), c->model.eq[e].total);
		CHECK_INT(fit->p, json_array_size(terms));
		for (size_t i = 0; i < fit->p; i++) {
			const char *name = pcase_coef_name(c, e, i);
			size_t ri = 0;
			while (ri < json_array_size(terms) && strcmp(json_string_value(json_array_get(terms, ri)), name))
				ri++;
			if (ri == json_array_size(terms)) {
				fprintf(stderr, "model %d equation %zu: no R coefficient '%s'\n", c->number, e, name);
				CHECK(0);
				continue;
			}
			CHECK_CLOSE(gsl_vector_get(fit->b, i), json_number_value(json_array_get(json_object_get(r, "b"), ri)), tol);
			CHECK_CLOSE(gsl_vector_get(fit->se, i), json_number_value(json_array_get(json_object_get(r, "se"), ri)), tol);
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
	for (size_t i = 0; i < json_array_size(mods); i++)
		CHECK_INT(proc_point_set(c->fit, pt, var_of(json_string_value(json_array_get(mods, i))),
					 json_number_value(json_array_get(vals, i)), 0),
			  0);
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

static void check_indices(const struct pcase *c, size_t p, const json_t *rp, size_t rows, double tol)
{
	int vars[2];
	enum proc_index_kind kind = proc_path_index_kind(&c->model, p, vars);
	unsigned mask = proc_path_moderators(&c->model, p);
	const json_t *linear = json_object_get(rp, "linear"), *index = json_object_get(rp, "index");
	size_t nmods = 0;
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
	for (size_t i = 0; i < 2 && vars[i] >= 0; i++) {
		const json_t *want = json_object_get(index, names[vars[i]]);
		for (size_t r = 0; r < rows; r++) {
			struct proc_stat s = {.kind = PROC_STAT_INDEX, .path = p, .d = {{vars[i], 0}}};
			pcase_point(c, r, &s.pt);
			CHECK_INT(proc_stat_check(c->fit, &s), 0);
			CHECK_CLOSE(proc_stat_estimate(c->fit, &s), num_at(want, r), tol);
		}
	}
	if (kind == PROC_INDEX_CONDITIONAL) {
		struct proc_stat s = {.kind = PROC_STAT_INDEX2, .path = p, .d = {{vars[0], 0}, {vars[1], 0}}};
		CHECK_INT(proc_stat_check(c->fit, &s), 0);
		CHECK_CLOSE(proc_stat_estimate(c->fit, &s), json_number_value(json_object_get(rp, "mmm")), tol);
	}
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

void pcase_check_effects(const struct pcase *c, double tol)
{
	const json_t *paths = json_object_get(c->j, "paths"), *direct = json_object_get(c->j, "direct");
	const json_t *total = json_object_get(c->j, "total");
	size_t rows = json_array_size(json_object_get(c->j, "grid")), np = c->model.n_paths;
	double sd_x = json_number_value(json_object_get(c->j, "sd_x")), sd_y = json_number_value(json_object_get(c->j, "sd_y"));
	struct proc_point pt0;

	CHECK_INT(json_array_size(paths), np);
	check_probes(c, tol);
	CHECK_CLOSE(c->fit->sd_x, sd_x, tol);
	CHECK_CLOSE(c->fit->sd_y, sd_y, tol);
	pcase_point(c, 0, &pt0);
	for (size_t p = 0; p < np && p < json_array_size(paths); p++) {
		const json_t *rp = json_array_get(paths, p), *ind = json_object_get(rp, "ind");
		struct proc_stat s = {.kind = PROC_STAT_INDIRECT, .path = p};
		CHECK_STR(pcase_path_name(c, p), json_string_value(json_object_get(rp, "name")));
		for (size_t r = 0; r < rows; r++) {
			pcase_point(c, r, &s.pt);
			CHECK_INT(proc_stat_check(c->fit, &s), 0);
			CHECK_CLOSE(proc_stat_estimate(c->fit, &s), num_at(ind, r), tol);
		}
		/* standardised at the first grid point */
		s.pt = pt0;
		s.scale = PROC_SCALE_PARTIAL;
		CHECK_CLOSE(proc_stat_estimate(c->fit, &s), num_at(ind, 0) / sd_y, tol);
		s.scale = PROC_SCALE_COMPLETE;
		CHECK_CLOSE(proc_stat_estimate(c->fit, &s), num_at(ind, 0) * sd_x / sd_y, tol);
		/* contrasts with every later path */
		for (size_t p2 = p + 1; p2 < np; p2++) {
			double i1 = num_at(ind, 0), i2 = num_at(json_object_get(json_array_get(paths, p2), "ind"), 0);
			struct proc_stat ct = {.kind = PROC_STAT_CONTRAST, .path = p, .path2 = p2, .pt = pt0, .pt2 = pt0};
			CHECK_INT(proc_stat_check(c->fit, &ct), 0);
			CHECK_NEAR(proc_stat_estimate(c->fit, &ct), i1 - i2, tol * (fabs(i1) + fabs(i2)));
			ct.absolute = 1;
			CHECK_NEAR(proc_stat_estimate(c->fit, &ct), fabs(i1) - fabs(i2), tol * (fabs(i1) + fabs(i2)));
		}
		check_indices(c, p, rp, rows, tol);
	}
	for (size_t r = 0; r < rows; r++) {
		struct lincom lc;
		struct proc_point pt;
		pcase_point(c, r, &pt);
		CHECK_INT(proc_direct_effect(c->fit, 0, &pt, &lc), 0);
		CHECK_CLOSE(lc.est, num_at(json_object_get(direct, "est"), r), tol);
		CHECK_CLOSE(lc.se, num_at(json_object_get(direct, "se"), r), tol);
	}
	if (json_is_object(total)) {
		struct lincom tot, dir;
		double sum = 0;
		struct proc_stat ti = {.kind = PROC_STAT_TOTAL_INDIRECT};
		CHECK_INT(proc_total_effect(c->fit, 0, &tot), 0);
		CHECK_CLOSE(tot.est, json_number_value(json_object_get(total, "est")), tol);
		CHECK_CLOSE(tot.se, json_number_value(json_object_get(total, "se")), tol);
		for (size_t p = 0; p < np; p++)
			sum += num_at(json_object_get(json_array_get(paths, p), "ind"), 0);
		CHECK_CLOSE(proc_stat_estimate(c->fit, &ti), sum, tol);
		/* total = direct + total indirect (OLS with the same covariates in every equation) */
		proc_direct_effect(c->fit, 0, &pt0, &dir);
		if (!c->cov_in)
			CHECK_CLOSE(tot.est, dir.est + sum, 1e-10);
	} else {
		struct lincom tot;
		CHECK_INT(proc_total_effect(c->fit, 0, &tot), GSL_EINVAL);
	}
}
