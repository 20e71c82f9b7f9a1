#include "cfa_ref.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "refdata.h"
#include "test.h"

void cfa_case_load(struct cfa_case *c, const char *path, const char *const *items, size_t p,
		   const char *const *reversed, double rev_sum, const char *group_col, size_t groups)
{
	struct table t;
	size_t col[256], gcol = (size_t)-1;

	memset(c, 0, sizeof *c);
	if (table_read(path, &t) || p > 256) {
		fprintf(stderr, "cannot read fixture %s\n", path);
		abort();
	}
	for (size_t i = 0; i < p; i++)
		if ((col[i] = table_col(&t, items[i])) == (size_t)-1) {
			fprintf(stderr, "fixture %s has no column %s\n", path, items[i]);
			abort();
		}
	if (group_col && (gcol = table_col(&t, group_col)) == (size_t)-1)
		abort();
	c->n = t.rows;
	c->p = p;
	c->groups = group_col ? groups : 1;
	c->items = items;
	c->x = malloc(t.rows * p * sizeof *c->x);
	if (group_col)
		c->group = malloc(t.rows * sizeof *c->group);
	for (size_t r = 0; r < t.rows; r++) {
		for (size_t i = 0; i < p; i++) {
			double v = t.v[r * t.cols + col[i]];
			for (const char *const *rv = reversed; rv && *rv; rv++)
				if (!strcmp(*rv, items[i]))
					v = rev_sum - v;
			c->x[r * p + i] = v;
		}
		if (group_col) {
			double gv = t.v[r * t.cols + gcol];
			c->group[r] = isnan(gv) ? CFA_NONE : (size_t)gv - 1;
		}
	}
	table_free(&t);
	c->data = (struct cfa_data){c->n, p, c->x, p, c->group, c->groups};
}

void cfa_case_free(struct cfa_case *c)
{
	free(c->x);
	free(c->group);
}

json_t *cfa_ref(const char *file, const char *path)
{
	static struct {
		char name[64];
		json_t *root;
	} cache[8];
	json_t *root = NULL;

	for (size_t k = 0; k < 8 && !root; k++) {
		if (!cache[k].root) {
			char full[256];
			json_error_t err;
			snprintf(full, sizeof full, "tests/fixtures/cfa/%s", file);
			if (!(cache[k].root = json_load_file(full, JSON_DECODE_ANY, &err))) {
				fprintf(stderr, "cannot read %s: %s\n", full, err.text);
				abort();
			}
			snprintf(cache[k].name, sizeof cache[k].name, "%s", file);
		}
		if (!strcmp(cache[k].name, file))
			root = cache[k].root;
	}
	char key[128];
	for (const char *s = path; root && *s;) {
		size_t len = strcspn(s, "/");
		snprintf(key, sizeof key, "%.*s", (int)len, s);
		root = json_object_get(root, key);
		s += len + (s[len] == '/');
	}
	if (!root) {
		fprintf(stderr, "no %s in %s\n", path, file);
		abort();
	}
	return root;
}

double cfa_refnum(const json_t *obj, const char *key)
{
	json_t *v = key ? json_object_get(obj, key) : (json_t *)obj;
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *str(const json_t *row, const char *key)
{
	const char *s = json_string_value(json_object_get(row, key));
	return s ? s : "";
}

json_t *cfa_ref_row(const json_t *ref, const struct cfa_fit *fit, size_t k, const char *const *items,
		    const char *const *factors)
{
	const struct cfa_param *q = &fit->spec.param[k];
	const char *a = "", *b = "", *op = "~~";
	json_t *pe = json_object_get(ref, "pe"), *row;
	size_t idx;

	switch (q->kind) {
	case CFA_LOADING:
		a = factors[q->j], b = items[q->i], op = "=~";
		break;
	case CFA_FACTOR_COV:
		a = factors[q->i], b = factors[q->j];
		break;
	case CFA_RESID_COV:
		a = items[q->i], b = items[q->j];
		break;
	case CFA_INTERCEPT:
		a = items[q->i], op = "~1";
		break;
	case CFA_LATENT_MEAN:
		a = factors[q->i], op = "~1";
		break;
	}
	json_array_foreach(pe, idx, row)
	{
		if (strcmp(str(row, "op"), op) || (size_t)cfa_refnum(row, "group") != q->group + 1)
			continue;
		const char *l = str(row, "lhs"), *r = str(row, "rhs");
		if (!strcmp(op, "~1") ? !strcmp(l, a)
				      : (!strcmp(l, a) && !strcmp(r, b)) || (!strcmp(op, "~~") && !strcmp(l, b) && !strcmp(r, a)))
			return row;
	}
	return NULL;
}

static void close_to(double got, double want, double tol, const char *what, size_t k)
{
	char expr[96];
	snprintf(expr, sizeof expr, "%s of parameter %zu", what, k);
	if (isnan(want)) {
		test_check(isnan(got) || got == 0, expr, __FILE__, __LINE__);
		return;
	}
	test_check_close(got, want, -(tol * fabs(want) + 1e-9), expr, __FILE__, __LINE__);
}

void cfa_check_estimates(const struct cfa_fit *fit, const json_t *ref, const char *const *items,
			 const char *const *factors, double tol)
{
	size_t matched = 0, rows = 0, idx;
	json_t *row;

	json_array_foreach(json_object_get(ref, "pe"), idx, row)
	{
		const char *op = str(row, "op");
		if (!strcmp(op, "==") || !strcmp(op, ":="))
			continue;
		rows++;
	}
	for (size_t k = 0; k < fit->spec.n_param; k++) {
		const struct cfa_estimate *e = &fit->par[k];
		json_t *r = cfa_ref_row(ref, fit, k, items, factors);
		if (!r) {
			char expr[64];
			snprintf(expr, sizeof expr, "parameter %zu in lavaan's table", k);
			test_check(0, expr, __FILE__, __LINE__);
			continue;
		}
		matched++;
		close_to(e->est, cfa_refnum(r, "est"), tol, "est", k);
		close_to(e->se, cfa_refnum(r, "se"), tol, "se", k);
		close_to(e->z, cfa_refnum(r, "z"), tol, "z", k);
		if (!isnan(cfa_refnum(r, "p")))
			CHECK_NEAR(e->p, cfa_refnum(r, "p"), 1e-8);
		close_to(e->lo, cfa_refnum(r, "lo"), tol, "ci lower", k);
		close_to(e->hi, cfa_refnum(r, "hi"), tol, "ci upper", k);
		close_to(e->std, cfa_refnum(r, "std"), tol, "std", k);
		close_to(e->std_se, cfa_refnum(r, "std_se"), tol, "std se", k);
		close_to(e->std_z, cfa_refnum(r, "std_z"), tol, "std z", k);
		close_to(e->std_lo, cfa_refnum(r, "std_lo"), tol, "std ci lower", k);
		close_to(e->std_hi, cfa_refnum(r, "std_hi"), tol, "std ci upper", k);
	}
	CHECK_INT(matched, rows);
}

static void measure(double got, const json_t *fitm, const char *key, double tol)
{
	double want = cfa_refnum(fitm, key);
	if (isnan(want)) {
		fprintf(stderr, "reference has no %s\n", key);
		test_check(0, key, __FILE__, __LINE__);
		return;
	}
	test_check_close(got, want, -(tol * fabs(want) + 1e-12), key, __FILE__, __LINE__);
}

static double exact(const json_t *ref, const char *which, size_t i)
{
	return cfa_refnum(json_array_get(json_object_get(json_object_get(ref, "rmsea_exact"), which), i), NULL);
}

void cfa_check_measures(const struct cfa_fit *fit, const json_t *ref, double tol)
{
	const json_t *f = json_object_get(ref, "fit");
	const struct cfa_test *t = &fit->standard;

	CHECK_INT(fit->npar, (long long)cfa_refnum(f, "npar"));
	CHECK_INT(fit->n, (long long)cfa_refnum(f, "ntotal"));
	measure(t->chisq, f, "chisq", tol);
	measure(t->df, f, "df", 0);
	CHECK_NEAR(t->p, cfa_refnum(f, "pvalue"), 1e-9);
	measure(fit->fmin, f, "fmin", tol);
	measure(t->baseline_chisq, f, "baseline.chisq", tol);
	measure(t->baseline_df, f, "baseline.df", 0);
	measure(t->cfi, f, "cfi", tol);
	measure(t->tli, f, "tli", tol);
	measure(t->rmsea.value, f, "rmsea", tol);
	CHECK_CLOSE(t->rmsea.lo, exact(ref, "standard", 0), tol);
	CHECK_CLOSE(t->rmsea.hi, exact(ref, "standard", 1), tol);
	CHECK_NEAR(t->rmsea.p_close, cfa_refnum(f, "rmsea.pvalue"), 1e-9);
	measure(fit->srmr, f, "srmr", tol);
	measure(fit->logl, f, "logl", tol);
	measure(fit->logl_h1, f, "unrestricted.logl", tol);
	measure(fit->aic, f, "aic", tol);
	measure(fit->bic, f, "bic", tol);
	measure(fit->sabic, f, "bic2", tol);
	if (fit->robust || fit->fiml_robust) {
		measure(fit->cfi_robust, f, "cfi.robust", tol);
		measure(fit->tli_robust, f, "tli.robust", tol);
		measure(fit->rmsea_robust.value, f, "rmsea.robust", tol);
		CHECK_CLOSE(fit->rmsea_robust.lo, exact(ref, "robust", 0), tol);
		CHECK_CLOSE(fit->rmsea_robust.hi, exact(ref, "robust", 1), tol);
		CHECK_NEAR(fit->rmsea_robust.p_close, cfa_refnum(f, "rmsea.pvalue.robust"), 1e-9);
	}
	if (!fit->robust)
		return;
	const struct cfa_test *s = &fit->scaled;
	measure(s->chisq, f, "chisq.scaled", tol);
	measure(fit->scaling, f, "chisq.scaling.factor", tol);
	CHECK_NEAR(s->p, cfa_refnum(f, "pvalue.scaled"), 1e-9);
	measure(s->baseline_chisq, f, "baseline.chisq.scaled", tol);
	measure(fit->baseline_scaling, f, "baseline.chisq.scaling.factor", tol);
	measure(s->cfi, f, "cfi.scaled", tol);
	measure(s->tli, f, "tli.scaled", tol);
	measure(s->rmsea.value, f, "rmsea.scaled", tol);
	CHECK_CLOSE(s->rmsea.lo, exact(ref, "scaled", 0), tol);
	CHECK_CLOSE(s->rmsea.hi, exact(ref, "scaled", 1), tol);
	CHECK_NEAR(s->rmsea.p_close, cfa_refnum(f, "rmsea.pvalue.scaled"), 1e-9);
	if (fit->opt.estimator == CFA_MLR) {
		measure(fit->scaling_h1, f, "scaling.factor.h1", tol);
		measure(fit->scaling_h0, f, "scaling.factor.h0", tol);
	}
}

void cfa_check_groups(const struct cfa_fit *fit, const json_t *ref, const char *const *items, double tol)
{
	const json_t *ov = json_object_get(ref, "ov");
	const size_t p = fit->spec.p;
	size_t pos[512];

	if (p > 512 || json_array_size(ov) != p) {
		test_check(0, "the reference has the fit's items", __FILE__, __LINE__);
		return;
	}
	for (size_t i = 0; i < p; i++) {
		pos[i] = (size_t)-1;
		for (size_t a = 0; a < p; a++)
			if (!strcmp(json_string_value(json_array_get(ov, a)), items[i]))
				pos[i] = a;
		if (pos[i] == (size_t)-1) {
			test_check(0, "item in the reference", __FILE__, __LINE__);
			return;
		}
	}
	for (size_t g = 0; g < fit->spec.groups; g++) {
		const json_t *r2 = json_array_get(json_object_get(ref, "r2"), g);
		const json_t *rc = json_array_get(json_object_get(ref, "resid_cor"), g);
		const json_t *rm = json_array_get(json_object_get(ref, "resid_mean"), g);
		const json_t *sc = json_array_get(json_object_get(ref, "sample_cov"), g);
		const json_t *sm = json_array_get(json_object_get(ref, "sample_mean"), g);
		for (size_t i = 0; i < p; i++) {
			CHECK_CLOSE(gsl_vector_get(fit->r2[g], i), cfa_refnum(r2, items[i]), tol);
			if (json_is_array(rm))
				CHECK_NEAR(gsl_vector_get(fit->resid_mean[g], i), cfa_refnum(json_array_get(rm, pos[i]), NULL), 1e-7);
			if (json_is_array(sm))
				CHECK_CLOSE(gsl_vector_get(fit->sample_mean[g], i), cfa_refnum(json_array_get(sm, pos[i]), NULL), 1e-8);
			for (size_t j = 0; j < p; j++) {
				const json_t *rrow = json_array_get(rc, pos[i]), *srow = json_array_get(sc, pos[i]);
				CHECK_NEAR(gsl_matrix_get(fit->resid_cor[g], i, j), cfa_refnum(json_array_get(rrow, pos[j]), NULL), 1e-7);
				CHECK_CLOSE(gsl_matrix_get(fit->sample_cov[g], i, j), cfa_refnum(json_array_get(srow, pos[j]), NULL), 1e-8);
			}
		}
	}
}
