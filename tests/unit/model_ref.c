#include "model_ref.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/ols.h"
#include "test.h"

static void die(const char *what, const char *name)
{
	fprintf(stderr, "unit tests: cannot read fixture '%s': %s\n", name, what);
	exit(EXIT_FAILURE);
}

static char *strip(char *s)
{
	size_t len;

	while (*s == ' ' || *s == '"')
		s++;
	len = strlen(s);
	while (len && (s[len - 1] == '"' || s[len - 1] == '\n' || s[len - 1] == '\r' || s[len - 1] == ' '))
		s[--len] = 0;
	return s;
}

struct reftable *reftable_read(const char *name)
{
	FILE *fp = fopen(fixture(name), "r");
	char line[8192];
	struct reftable *t = calloc(1, sizeof *t);
	double *rows = NULL;
	size_t cap = 0;

	if (!fp || !t)
		die("open", name);
	if (!fgets(line, sizeof line, fp))
		die("no header", name);
	for (char *tok = strtok(line, ","); tok; tok = strtok(NULL, ",")) {
		t->names = realloc(t->names, (t->k + 1) * sizeof *t->names);
		t->names[t->k++] = strdup(strip(tok));
	}
	while (fgets(line, sizeof line, fp)) {
		char *s = line, *end;
		if (strspn(line, " \r\n") == strlen(line))
			continue;
		if (t->n == cap) {
			cap = cap ? 2 * cap : 256;
			rows = realloc(rows, cap * t->k * sizeof *rows);
			if (!rows)
				die("memory", name);
		}
		for (size_t j = 0; j < t->k; j++) {
			rows[t->n * t->k + j] = strtod(s, &end);
			if (end == s)
				die("not a number", name);
			s = end;
			if (*s == ',')
				s++;
		}
		t->n++;
	}
	fclose(fp);
	t->v = malloc(t->n * t->k * sizeof *t->v);
	if (!t->v)
		die("memory", name);
	for (size_t i = 0; i < t->n; i++)
		for (size_t j = 0; j < t->k; j++)
			t->v[j * t->n + i] = rows[i * t->k + j];
	free(rows);
	return t;
}

void reftable_free(struct reftable *t)
{
	if (!t)
		return;
	for (size_t j = 0; j < t->k; j++)
		free(t->names[j]);
	free(t->names);
	free(t->v);
	free(t);
}

const double *refcol(const struct reftable *t, const char *name)
{
	for (size_t j = 0; j < t->k; j++)
		if (strcmp(t->names[j], name) == 0)
			return t->v + j * t->n;
	fprintf(stderr, "unit tests: no column '%s'\n", name);
	exit(EXIT_FAILURE);
}

gsl_matrix *refdesign(const struct reftable *t, const char *names)
{
	char buf[1024], *tok;
	size_t k = 1, j = 0;
	gsl_matrix *X;

	for (const char *c = names; *c; c++)
		k += *c == ',';
	X = gsl_matrix_alloc(t->n, k);
	snprintf(buf, sizeof buf, "%s", names);
	for (tok = strtok(buf, ","); tok; tok = strtok(NULL, ","), j++) {
		const double *c = refcol(t, tok);
		for (size_t i = 0; i < t->n; i++)
			gsl_matrix_set(X, i, j, c[i]);
	}
	return X;
}

gsl_vector *refvector(const struct reftable *t, const char *name)
{
	const double *c = refcol(t, name);
	gsl_vector *v = gsl_vector_alloc(t->n);

	for (size_t i = 0; i < t->n; i++)
		gsl_vector_set(v, i, c[i]);
	return v;
}

json_t *refjson(const char *name)
{
	json_error_t e;
	json_t *j = json_load_file(fixture(name), 0, &e);

	if (!j)
		die(e.text, name);
	return j;
}

const json_t *refget(const json_t *root, const char *path)
{
	const json_t *cur = root;
	const char *p = path;

	while (cur && *p) {
		if (*p == '.') {
			p++;
		} else if (*p == '[') {
			char *end;
			long i = strtol(p + 1, &end, 10);
			cur = json_array_get(cur, (size_t)i);
			p = end + 1;
		} else {
			char key[128];
			size_t len = strcspn(p, ".[");
			snprintf(key, sizeof key, "%.*s", (int)len, p);
			cur = json_object_get(cur, key);
			p += len;
		}
	}
	return cur;
}

double refnum(const json_t *root, const char *path)
{
	const json_t *cur = refget(root, path);

	return cur && json_is_number(cur) ? json_number_value(cur) : NAN;
}

double refterm(const json_t *root, const char *path, const char *term, const char *field)
{
	const json_t *arr = root;
	char key[256];
	size_t i;
	json_t *el;

	snprintf(key, sizeof key, "%s", path);
	for (char *tok = strtok(key, "."); tok && arr; tok = strtok(NULL, "."))
		arr = json_object_get(arr, tok);
	json_array_foreach(arr, i, el) {
		const char *t = json_string_value(json_object_get(el, "term"));
		if (t && strcmp(t, term) == 0) {
			json_t *v = json_object_get(el, field);
			return json_is_number(v) ? json_number_value(v) : NAN;
		}
	}
	return NAN;
}

void ref_check_model(const struct ols_fit *fit, const json_t *ref)
{
	CHECK_INT(fit->n, (long long)refnum(ref, "model.n"));
	CHECK_CLOSE(fit->r2, refnum(ref, "model.r2"), 1e-10);
	CHECK_CLOSE(fit->adj_r2, refnum(ref, "model.adj_r2"), 1e-10);
	CHECK_CLOSE(fit->F, refnum(ref, "model.F"), 1e-10);
	CHECK_CLOSE(fit->df1, refnum(ref, "model.df1"), 0);
	CHECK_CLOSE(fit->df2, refnum(ref, "model.df2"), 0);
	CHECK_CLOSE(fit->p_F, refnum(ref, "model.p"), 1e-7);
}

void ref_check_f_test(const json_t *ref, const char *prefix, double F, double df1, double df2, double p, double F_tol,
		      double p_tol)
{
	const char *key[] = {"F", "df1", "df2", "p"};
	double got[] = {F, df1, df2, p}, tol[] = {F_tol, 0, 0, p_tol};
	char path[160];

	for (size_t i = 0; i < 4; i++) {
		snprintf(path, sizeof path, "%s.%s", prefix, key[i]);
		CHECK_CLOSE(got[i], refnum(ref, path), tol[i]);
	}
}

void ref_check_interaction_test(double r2_change, double F, double df1, double df2, double p, const json_t *ref,
				double p_tol)
{
	CHECK_CLOSE(r2_change, refnum(ref, "interaction_test.r2_change"), 1e-9);
	ref_check_f_test(ref, "interaction_test", F, df1, df2, p, 1e-9, p_tol);
}
