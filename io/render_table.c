#include "io/render_table.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *key, *title;
} titles[] = {
	{"anova", "One-way ANOVA"},
	{"welch", "Welch's F test"},
	{"brown_forsythe", "Brown-Forsythe F test"},
	{"levene", "Levene's test (mean-centred)"},
	{"levene_median", "Levene's test (median-centred)"},
	{"kruskal", "Kruskal-Wallis test"},
	{"posthoc", "Post hoc comparisons"},
	{"groups", "Groups"},
	{"coefficients", "Coefficients"},
	{"interaction_test", "Test of the highest-order interaction"},
	{"conditional_effects", "Conditional effects of the focal predictor"},
	{"omnibus", "Omnibus test of X at values of the moderator"},
	{"johnson_neyman", "Johnson-Neyman"},
	{"items", "Items"},
	{"scales", "Scales"},
	{"items_stats", "Item statistics"},
	{"quality", "Data quality"},
	{"by_group", "By group"},
	{"blocks", "Hierarchical blocks"},
	{"model", "Model summary"},
	{"composite_reliability", "Composite reliability and average variance extracted"},
	{"fornell_larcker", "Fornell-Larcker criterion (sqrt(AVE) on the diagonal)"},
	{"kmo", "KMO and Bartlett's test"},
	{"sampling_adequacy", "Measures of sampling adequacy"},
	{"eigenvalues", "Initial eigenvalues"},
	{"structure", "Structure matrix"},
	{"factor_correlations", "Factor correlations"},
	{"variance_explained", "Variance explained by the factors"},
	{"htmt", "HTMT (heterotrait-monotrait ratio of correlations)"},
};

static const struct {
	const char *key, *header;
} headers[] = {
	{"se", "SE"}, {"sd", "SD"}, {"llci", "LLCI"}, {"ulci", "ULCI"}, {"r2", "R2"}, {"adj_r2", "adj R2"},
	{"r2_change", "R2 change"}, {"n_missing", "missing"}, {"out_of_range", "out of range"},
	{"r_drop", "r (item-total)"}, {"alpha_if_deleted", "alpha if deleted"}, {"alpha_std", "std alpha"},
	{"average_r", "average r"}, {"cr", "CR"}, {"ave", "AVE"}, {"sqrt_ave", "sqrt(AVE)"},
	{"fornell_larcker", "Fornell-Larcker"}, {"msa", "MSA"}, {"bartlett_chisq", "Bartlett chi2"},
	{"bartlett_df", "df"}, {"bartlett_p", "p"}, {"ss_loadings", "SS loadings"}, {"se_skewness", "SE skew"}, {"se_kurtosis", "SE kurt"},
	{"htmt", "HTMT"}, {"htmt2", "HTMT2"}, {"below_085", "below .85"}, {"below_090", "below .90"},
};

int is_scalar(const json_t *v)
{
	return v && !json_is_object(v) && !json_is_array(v);
}

int is_scalar_array(const json_t *v)
{
	if (!json_is_array(v))
		return 0;
	for (size_t i = 0; i < json_array_size(v); i++)
		if (!is_scalar(json_array_get(v, i)))
			return 0;
	return 1;
}

int is_flat_object(const json_t *v)
{
	const char *key;
	json_t *m;

	if (!json_is_object(v))
		return 0;
	json_object_foreach((json_t *)v, key, m)
		if (!is_hidden_key(key) && !is_scalar(m) && !is_scalar_array(m))
			return 0;
	return 1;
}

int is_table(const json_t *v)
{
	if (!json_is_array(v) || json_array_size(v) == 0)
		return 0;
	for (size_t i = 0; i < json_array_size(v); i++)
		if (!json_is_object(json_array_get(v, i)))
			return 0;
	return 1;
}

int is_matrix(const json_t *v)
{
	if (!json_is_array(v) || json_array_size(v) == 0)
		return 0;
	for (size_t i = 0; i < json_array_size(v); i++)
		if (!json_is_array(json_array_get(v, i)) || !is_scalar_array(json_array_get(v, i)))
			return 0;
	return 1;
}

int is_hidden_key(const char *key)
{
	return key[0] == '_';
}

static int is_p_key(const char *key)
{
	size_t n = strlen(key);
	return strcmp(key, "p") == 0 || strncmp(key, "p_", 2) == 0 || (n > 2 && strcmp(key + n - 2, "_p") == 0);
}

static char *format_scalar(const char *key, const json_t *v, const struct cell_format *f)
{
	char buf[64];

	if (json_is_string(v))
		return strdup(json_string_value(v));
	if (json_is_null(v))
		return strdup(f->digits < 0 ? "" : ".");
	if (json_is_boolean(v))
		return strdup(json_is_true(v) ? "yes" : "no");
	if (json_is_integer(v)) {
		snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
		return strdup(buf);
	}
	double x = json_real_value(v);
	int d = f->digits, pd = d < 4 ? 4 : d; /* p-values: at least 4 decimals, never shown as 0 */
	if (!isfinite(x)) /* jansson holds none, but a number written is never "nan" or "inf" */
		return strdup(f->digits < 0 ? "" : ".");
	if (d < 0)
		snprintf(buf, sizeof buf, "%.17g", x);
	else if (is_p_key(key) && x < pow(10, -pd))
		snprintf(buf, sizeof buf, "<.%0*d", pd, 1);
	else if (is_p_key(key))
		snprintf(buf, sizeof buf, "%.*f", pd, x);
	else if (x != 0 && (fabs(x) < pow(10, -d) || fabs(x) >= 1e9))
		snprintf(buf, sizeof buf, "%.*e", d > 1 ? d - 1 : 1, x);
	else if (x == floor(x) && fabs(x) < 1e9 && (strcmp(key, "n") == 0 || strncmp(key, "df", 2) == 0))
		snprintf(buf, sizeof buf, "%.0f", x);
	else
		snprintf(buf, sizeof buf, "%.*f", d, x);
	return strdup(buf);
}

char *format_cell(const char *key, const json_t *v, const struct cell_format *f)
{
	char *out = NULL;
	size_t len = 0;
	FILE *s;

	if (!json_is_array(v))
		return format_scalar(key, v, f);
	s = open_memstream(&out, &len);
	if (!s)
		return NULL;
	for (size_t i = 0; i < json_array_size(v); i++) {
		char *c = format_scalar(key, json_array_get(v, i), f);
		fprintf(s, "%s%s", i ? ", " : "", c ? c : "");
		free(c);
	}
	fclose(s);
	return out;
}

const char *key_title(const char *key, const json_t *value, char *buf, size_t size)
{
	json_t *hint = json_is_object(value) ? json_object_get(value, "_title") : NULL;

	if (json_is_string(hint))
		return json_string_value(hint);
	for (size_t i = 0; i < sizeof titles / sizeof titles[0]; i++)
		if (strcmp(titles[i].key, key) == 0)
			return titles[i].title;
	snprintf(buf, size, "%s", key);
	for (char *p = buf; *p; p++)
		if (*p == '_')
			*p = ' ';
	buf[0] = (char)toupper((unsigned char)buf[0]);
	return buf;
}

const char *key_header(const char *key)
{
	for (size_t i = 0; i < sizeof headers / sizeof headers[0]; i++)
		if (strcmp(headers[i].key, key) == 0)
			return headers[i].header;
	return key;
}

const char *row_name(const json_t *row)
{
	const char *key;
	json_t *m = json_object_get(row, "_name");

	if (json_is_string(m))
		return json_string_value(m);
	json_object_foreach((json_t *)row, key, m)
		if (!is_hidden_key(key) && json_is_string(m))
			return json_string_value(m);
	return "";
}

void table_release(struct table *t)
{
	for (size_t j = 0; j < t->n_cols; j++)
		free(t->headers[j]);
	for (size_t i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i]);
	free(t->headers);
	free(t->cells);
	free(t->right);
	free(t->title);
	memset(t, 0, sizeof *t);
}

static int table_alloc(struct table *t, const char *title, size_t n_cols, size_t n_rows)
{
	memset(t, 0, sizeof *t);
	t->title = strdup(title);
	t->headers = calloc(n_cols ? n_cols : 1, sizeof *t->headers);
	t->cells = calloc(n_cols * n_rows > 0 ? n_cols * n_rows : 1, sizeof *t->cells);
	t->right = calloc(n_cols ? n_cols : 1, sizeof *t->right);
	t->n_cols = n_cols;
	t->n_rows = n_rows;
	if (!t->title || !t->headers || !t->cells || !t->right) {
		table_release(t);
		return -1;
	}
	return 0;
}

size_t collect_columns(const json_t *rows, const char **keys, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(rows); i++) {
		const char *key;
		json_t *m;
		json_object_foreach(json_array_get(rows, i), key, m) {
			size_t j = 0;
			if (is_hidden_key(key) || (!is_scalar(m) && !is_scalar_array(m)))
				continue;
			while (j < n && strcmp(keys[j], key) != 0)
				j++;
			if (j == n && n < max)
				keys[n++] = key;
		}
	}
	return n;
}

/* Drops the column `key` from keys[0..n); returns the new count. */
static size_t drop_column(const char **keys, size_t n, const char *key)
{
	size_t m = 0;

	for (size_t j = 0; j < n; j++)
		if (strcmp(keys[j], key) != 0)
			keys[m++] = keys[j];
	return m;
}

static int has_column(const char *const *keys, size_t n, const char *key)
{
	for (size_t j = 0; j < n; j++)
		if (strcmp(keys[j], key) == 0)
			return 1;
	return 0;
}

int table_from_rows(struct table *t, const char *title, const json_t *rows, const struct cell_format *f)
{
	const char *keys[64];
	size_t n_cols = collect_columns(rows, keys, 64), n_rows = json_array_size(rows);
	/* a term's "label" (its name with value labels) is printed in the term's place */
	int term_labels = has_column(keys, n_cols, "term") && has_column(keys, n_cols, "label");

	if (term_labels)
		n_cols = drop_column(keys, n_cols, "label");
	if (table_alloc(t, title, n_cols, n_rows) != 0)
		return -1;
	for (size_t j = 0; j < n_cols; j++) {
		int relabel = term_labels && strcmp(keys[j], "term") == 0;
		t->headers[j] = strdup(key_header(keys[j]));
		t->right[j] = 1;
		for (size_t i = 0; i < n_rows; i++) {
			json_t *v = json_object_get(json_array_get(rows, i), keys[j]);
			json_t *label = relabel ? json_object_get(json_array_get(rows, i), "label") : NULL;
			if (json_is_string(label))
				v = label;
			t->cells[i * n_cols + j] = v ? format_cell(keys[j], v, f) : strdup("");
			if (v && (json_is_string(v) || json_is_array(v)))
				t->right[j] = 0;
		}
	}
	for (size_t i = 0; i < n_rows * n_cols; i++)
		if (!t->cells[i])
			return table_release(t), -1;
	return 0;
}

int table_from_object(struct table *t, const char *title, const json_t *obj, const struct cell_format *f)
{
	json_t *rows = json_array();
	int rc;

	json_array_append((json_t *)rows, (json_t *)obj);
	rc = table_from_rows(t, title, rows, f);
	json_decref(rows);
	return rc;
}

int table_from_matrix(struct table *t, const char *title, const json_t *matrix, const json_t *labels,
		      const struct cell_format *f)
{
	size_t n_rows = json_array_size(matrix), n_cols = json_array_size(json_array_get(matrix, 0));
	char buf[32];

	if (table_alloc(t, title, n_cols + 1, n_rows) != 0)
		return -1;
	t->headers[0] = strdup("");
	for (size_t j = 0; j < n_cols; j++) {
		json_t *l = json_array_get(labels, j);
		snprintf(buf, sizeof buf, "%zu", j + 1);
		t->headers[j + 1] = strdup(json_is_string(l) ? json_string_value(l) : buf);
		t->right[j + 1] = 1;
	}
	for (size_t i = 0; i < n_rows; i++) {
		json_t *row = json_array_get(matrix, i), *l = json_array_get(labels, i);
		snprintf(buf, sizeof buf, "%zu", i + 1);
		t->cells[i * (n_cols + 1)] = strdup(json_is_string(l) ? json_string_value(l) : buf);
		for (size_t j = 0; j < n_cols; j++) {
			json_t *v = json_array_get(row, j);
			t->cells[i * (n_cols + 1) + j + 1] = v ? format_cell("", v, f) : strdup("");
		}
	}
	for (size_t i = 0; i < n_rows * (n_cols + 1); i++)
		if (!t->cells[i])
			return table_release(t), -1;
	return 0;
}

/* The fit statistics of a regression-like result (r2, adj_r2, F, df1, df2, p), shown
 * together as one "Model summary" row, as PROCESS and SPSS print them. */
static const char *const model_summary_keys[] = {"n", "r2", "adj_r2", "mse", "F", "df1", "df2", "p"};

int is_model_summary_key(const json_t *obj, const char *key)
{
	if (!json_is_number(json_object_get(obj, "r2")) || !json_is_number(json_object_get(obj, key)))
		return 0;
	for (size_t i = 0; i < sizeof model_summary_keys / sizeof model_summary_keys[0]; i++)
		if (strcmp(key, model_summary_keys[i]) == 0)
			return 1;
	return 0;
}

json_t *model_summary_row(const json_t *obj)
{
	json_t *row = json_object();

	for (size_t i = 0; row && i < sizeof model_summary_keys / sizeof model_summary_keys[0]; i++)
		if (is_model_summary_key(obj, model_summary_keys[i]))
			json_object_set(row, model_summary_keys[i], json_object_get(obj, model_summary_keys[i]));
	return row;
}
