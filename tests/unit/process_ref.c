#include "process_ref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static const double *column(const struct pcase *c, const char *generic)
{
	const char *name = json_string_value(json_object_get(json_object_get(c->j, "vars"), generic));

	return name ? refcol(c->t, name) : NULL;
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
