#include "refdata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "test.h"

static char *dup_range(const char *s, size_t n)
{
	char *d = malloc(n + 1);
	if (d) {
		memcpy(d, s, n);
		d[n] = 0;
	}
	return d;
}

int table_read(const char *path, struct table *t)
{
	FILE *f = fopen(path, "r");
	char line[4096];
	size_t cap = 0;

	memset(t, 0, sizeof *t);
	if (!f || !fgets(line, sizeof line, f)) {
		if (f)
			fclose(f);
		return -1;
	}
	for (char *p = line, *e;; p = e + 1) {
		e = p + strcspn(p, ",\r\n");
		t->names = realloc(t->names, (t->cols + 1) * sizeof *t->names);
		t->names[t->cols++] = dup_range(p, (size_t)(e - p));
		if (*e != ',')
			break;
	}
	while (fgets(line, sizeof line, f)) {
		char *p = line;
		if (t->rows == cap) {
			cap = cap ? 2 * cap : 1024;
			t->v = realloc(t->v, cap * t->cols * sizeof *t->v);
		}
		for (size_t j = 0; j < t->cols; j++) {
			char *end;
			double x = strtod(p, &end);
			t->v[t->rows * t->cols + j] = end == p ? NAN : x;
			p = end + strcspn(end, ",");
			if (*p == ',')
				p++;
		}
		t->rows++;
	}
	fclose(f);
	return 0;
}

void table_free(struct table *t)
{
	for (size_t j = 0; j < t->cols; j++)
		free(t->names[j]);
	free(t->names);
	free(t->v);
}

size_t table_col(const struct table *t, const char *name)
{
	for (size_t j = 0; j < t->cols; j++)
		if (strcmp(t->names[j], name) == 0)
			return j;
	return (size_t)-1;
}

gsl_matrix *table_complete(const struct table *t, const char *const *cols, size_t k,
			   const int *reverse, double lo, double hi)
{
	size_t idx[64], n = 0;
	gsl_matrix *m;

	for (size_t j = 0; j < k; j++)
		idx[j] = table_col(t, cols[j]);
	for (size_t i = 0; i < t->rows; i++) {
		int ok = 1;
		for (size_t j = 0; j < k; j++)
			ok &= !isnan(t->v[i * t->cols + idx[j]]);
		n += (size_t)ok;
	}
	m = gsl_matrix_alloc(n, k);
	n = 0;
	for (size_t i = 0; i < t->rows; i++) {
		int ok = 1;
		for (size_t j = 0; j < k; j++)
			ok &= !isnan(t->v[i * t->cols + idx[j]]);
		if (!ok)
			continue;
		for (size_t j = 0; j < k; j++) {
			double x = t->v[i * t->cols + idx[j]];
			gsl_matrix_set(m, n, j, reverse && reverse[j] ? lo + hi - x : x);
		}
		n++;
	}
	return m;
}

gsl_matrix *table_scales(const struct table *t, const json_t *scales, const char *const *reversed, double lo,
			 double hi, size_t *construct, size_t *p)
{
	const char *cols[64];
	int rev[64];
	size_t n = 0;

	for (size_t c = 0; c < json_array_size(scales); c++) {
		const json_t *items = json_array_get(scales, c);
		for (size_t j = 0; j < json_array_size(items) && n < 64; j++, n++) {
			cols[n] = json_string_value(json_array_get(items, j));
			construct[n] = c;
			rev[n] = 0;
			for (const char *const *r = reversed; *r; r++)
				rev[n] |= strcmp(*r, cols[n]) == 0;
		}
	}
	*p = n;
	return table_complete(t, cols, n, rev, lo, hi);
}

json_t *ref_json(void)
{
	static json_t *doc;
	if (!doc)
		doc = json_load_file(fixture("reliability_ref.json"), 0, NULL);
	return doc;
}

json_t *ref_get(const char *path)
{
	json_t *cur = ref_json();
	char key[256];

	while (cur && *path) {
		size_t n = strcspn(path, ".");
		snprintf(key, sizeof key, "%.*s", (int)n, path);
		cur = json_object_get(cur, key);
		path += n + (path[n] == '.');
	}
	return cur;
}

double ref_num(const char *path)
{
	json_t *v = ref_get(path);
	return json_is_number(v) ? json_number_value(v) : NAN;
}
