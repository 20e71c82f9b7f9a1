/* render_docmodel: a result document (io/doc.h) as a document of io/docmodel.h, walked in the
 * order io/render.c prints it (io/render.h). In APA style:
 *  - a column's heading is its statistic's symbol (io/apa.h: "mean" -> *M*, "eta2" -> η², "df2"
 *    -> *df*2, "p_holm" -> *p*Holm) and its numbers follow that statistic's rule (p three
 *    decimals and "< .001"; no leading zero for p, r, alpha, beta, eta2, R2 and the other bounded
 *    statistics; counts with thousands separators; two decimals otherwise); keys without a symbol
 *    are written as words ("mean_rank" -> "Mean rank");
 *  - a pair of interval columns (llci, ulci) are LL and UL under a "95% CI" spanner, written by
 *    the rule of the estimate before them, and the table's note says what CI, LL and UL are;
 *  - a table with a "method" column of post hoc tests names the tests in its note;
 *  - where rows carry a "label" beside their "term" or "level" (value labels from the codebook),
 *    the label stands in the code's place, as in plain text;
 *  - tables are numbered, their titles in title case (render_title_case).
 * In plain style the same tables keep the key names as headings and `--digits` numbers (the
 * cells of io/render_table.c), for the document formats (HTML, LaTeX, Word) asked in plain. */
#include "io/render.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/apa.h"
#include "io/render_table.h"
#include "io/strbuf.h"

struct ctx {
	const struct render_options *o;
	struct dm_doc *d;
	struct cell_format plain; /* the cells of plain style */
	int apa;
	double ci; /* the confidence level */
};

/* --- headings and rules of a key ----------------------------------------------------------------- */

struct key_rule {
	const char *key;
	const char *pre;    /* words before the symbol ("Adj. ", "Welch ") */
	const char *symbol; /* io/apa.h's name, or NULL: `pre` alone, upright */
	const char *sub;    /* an upright subscript ("1", "Holm") */
	int kind;           /* -1: the symbol's rule; else an enum apa_kind */
};

static const struct key_rule key_rules[] = {
	{"mean", NULL, "M", NULL, -1},
	{"sd", NULL, "SD", NULL, -1},
	{"se", NULL, "SE", NULL, -1},
	{"median", NULL, "Mdn", NULL, -1},
	{"n", NULL, "n", NULL, -1},
	{"df", NULL, "df", NULL, -1},
	{"df1", NULL, "df", "1", -1},
	{"df2", NULL, "df", "2", -1},
	{"df_error", NULL, "df", "error", -1},
	{"df_subjects", NULL, "df", "subjects", -1},
	{"t", NULL, "t", NULL, -1},
	{"F", NULL, "F", NULL, -1},
	{"z", NULL, "z", NULL, -1},
	{"H", NULL, "H", NULL, -1},
	{"W", NULL, "W", NULL, -1},
	{"V", NULL, "V", NULL, -1},
	{"p", NULL, "p", NULL, -1},
	{"p_holm", NULL, "p", "Holm", -1},
	{"r", NULL, "r", NULL, -1},
	{"r2", NULL, "R2", NULL, -1},
	{"adj_r2", "Adj. ", "R2", NULL, -1},
	{"r2_change", NULL, "delta_R2", NULL, -1},
	{"b", NULL, "b", NULL, -1},
	{"beta", NULL, "beta", NULL, -1},
	{"d", NULL, "d", NULL, -1},
	{"dz", NULL, "d", "z", -1},
	{"g", NULL, "g", NULL, -1},
	{"alpha", NULL, "alpha", NULL, -1},
	{"alpha_std", "Standardised ", "alpha", NULL, -1},
	{"alpha_if_deleted", NULL, "alpha", NULL, -1}, /* with " if deleted" after: see key_heading */
	{"omega", NULL, "omega", NULL, -1},
	{"chi2", NULL, "chi2", NULL, -1},
	{"bartlett_chisq", "Bartlett ", "chi2", NULL, -1},
	{"bartlett_df", "Bartlett ", "df", NULL, -1},
	{"bartlett_p", "Bartlett ", "p", NULL, -1},
	{"eta2", NULL, "eta2", NULL, -1},
	{"partial_eta2", NULL, "partial_eta2", NULL, -1},
	{"omega2", NULL, "omega2", NULL, -1},
	{"epsilon2", NULL, "epsilon2", NULL, -1},
	{"welch_F", "Welch ", "F", NULL, -1},
	{"welch_df2", "Welch ", "df", "2", -1},
	{"welch_p", "Welch ", "p", NULL, -1},
	{"cr", NULL, "CR", NULL, -1},
	{"ave", NULL, "AVE", NULL, -1},
	{"ss", NULL, "SS", NULL, -1},
	{"ms", NULL, "MS", NULL, -1},
	{"ss_between", NULL, "SS", "between", -1},
	{"ss_within", NULL, "SS", "within", -1},
	{"ss_error", NULL, "SS", "error", -1},
	{"ss_subjects", NULL, "SS", "subjects", -1},
	{"ms_within", NULL, "MS", "within", -1},
	{"mse", NULL, "MSE", NULL, APA_GENERAL},
	{"llci", NULL, "LL", NULL, -1},
	{"ulci", NULL, "UL", NULL, -1},
	{"boot_llci", NULL, "LL", NULL, -1},
	{"boot_ulci", NULL, "UL", NULL, -1},
	{"boot_se", "Boot ", "SE", NULL, -1},
	{"r_drop", NULL, "r", "item-total", APA_BOUNDED},
	{"average_r", "Average ", "r", NULL, APA_BOUNDED},
	{"sqrt_ave", "\xE2\x88\x9A" "AVE", NULL, NULL, APA_BOUNDED},
	{"msa", "MSA", NULL, NULL, APA_BOUNDED},
	{"vif", "VIF", NULL, NULL, APA_GENERAL},
	{"ges", NULL, "eta2", "G", APA_BOUNDED},
	{"rank_biserial", "Rank-biserial ", "r", NULL, APA_BOUNDED},
	{"kendall_w", "Kendall's ", "W", NULL, APA_BOUNDED},
	{"se_skewness", NULL, "SE", "skew", APA_GENERAL},
	{"se_kurtosis", NULL, "SE", "kurt", APA_GENERAL},
	{"ss_loadings", NULL, "SS", "loadings", APA_GENERAL},
};

/* Statistics that cannot exceed 1 in absolute value, without a symbol of their own. */
static const char *const bounded_keys[] = {"communality", "uniqueness", "tolerance", "epsilon", "gg_epsilon",
					   "hf_epsilon", "lb_epsilon", "loading", "between_over_total", "kmo"};

/* Matrices of correlations (their cells bounded). */
static const char *const bounded_matrices[] = {"r", "matrix", "correlations", "factor_correlations",
					       "fornell_larcker", "htmt"};

static int in_list(const char *key, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(key, list[i]) == 0)
			return 1;
	return 0;
}

#define IN_LIST(key, list) in_list(key, list, sizeof list / sizeof list[0])

static const struct key_rule *key_rule(const char *key)
{
	for (size_t i = 0; i < sizeof key_rules / sizeof key_rules[0]; i++)
		if (strcmp(key_rules[i].key, key) == 0)
			return &key_rules[i];
	return NULL;
}

static int is_p_key(const char *key)
{
	size_t n = strlen(key);
	return strcmp(key, "p") == 0 || strncmp(key, "p_", 2) == 0 || (n > 2 && strcmp(key + n - 2, "_p") == 0);
}

static int is_df_key(const char *key)
{
	return strncmp(key, "df", 2) == 0 || strstr(key, "_df") != NULL;
}

static int has_suffix(const char *key, const char *suffix)
{
	size_t n = strlen(key), m = strlen(suffix);
	return n > m && strcmp(key + n - m, suffix) == 0;
}

/* An interval's ends: "llci"/"ulci" of the row's estimate, or "X_llci"/"X_ulci" of statistic X
 * ("eta2_llci"; "boot_llci" is the bootstrap interval of the estimate). */
static int is_lower_key(const char *key)
{
	return strcmp(key, "llci") == 0 || has_suffix(key, "_llci");
}

static int is_upper_key(const char *key)
{
	return strcmp(key, "ulci") == 0 || has_suffix(key, "_ulci");
}

/* The statistic X of "X_llci" (not "boot"), or NULL for the row's estimate. */
static int interval_of(const char *key, char *x, size_t size)
{
	size_t n = strlen(key);
	if (n <= 5 || key[n - 5] != '_' || (n - 5 == 4 && strncmp(key, "boot", 4) == 0) || n - 5 >= size)
		return 0;
	memcpy(x, key, n - 5);
	x[n - 5] = 0;
	return 1;
}

/* The rule of a key's numbers (an interval's ends: the caller's). */
static enum apa_kind key_kind(const char *key, const json_t *v)
{
	const struct key_rule *r = key_rule(key);

	if (is_p_key(key))
		return APA_P;
	if (r && r->kind >= 0)
		return (enum apa_kind)r->kind;
	if (r && r->symbol && apa_symbol(r->symbol))
		return apa_symbol(r->symbol)->kind;
	if (is_df_key(key))
		return APA_DF;
	if (IN_LIST(key, bounded_keys))
		return APA_BOUNDED;
	return json_is_integer(v) ? APA_COUNT : APA_GENERAL;
}

/* A key as words: "mean_rank" -> "Mean rank" (plain style: io/render_table.c's header). */
static void key_words(struct dm_inlines *in, const char *key, int capital)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_adds(&b, key_header(key));
	if (strbuf_ok(&b)) {
		for (char *p = b.s; *p; p++)
			if (*p == '_')
				*p = ' ';
		if (capital && b.len && islower((unsigned char)b.s[0]))
			b.s[0] = (char)toupper((unsigned char)b.s[0]);
	}
	dm_text(in, strbuf_ok(&b) ? strbuf_str(&b) : key);
	strbuf_release(&b);
}

/* A column's heading; `text` when its values are words (a code "b" is not a coefficient). */
static void key_heading(const struct ctx *c, struct dm_inlines *in, const char *key, int text)
{
	const struct key_rule *r = c->apa && !text ? key_rule(key) : NULL;

	if (!c->apa) {
		dm_text(in, key_header(key));
		return;
	}
	if (!r && (is_lower_key(key) || is_upper_key(key))) {
		dm_symbol(in, is_lower_key(key) ? "LL" : "UL");
		return;
	}
	if (!r && has_suffix(key, "_ci")) {
		/* "alpha_ci": "95% CI of α" */
		char base[64];
		snprintf(base, sizeof base, "%.*s", (int)(strlen(key) - 3), key);
		dm_addf(in, 0, "%g%% ", 100 * c->ci);
		dm_symbol(in, "CI");
		dm_text(in, " of ");
		key_heading(c, in, base, 0);
		return;
	}
	if (!r) {
		key_words(in, key, 1);
		return;
	}
	if (r->pre)
		dm_text(in, r->pre);
	if (r->symbol)
		dm_symbol(in, r->symbol);
	if (r->sub)
		dm_add(in, DM_SUB, r->sub);
	if (strcmp(key, "alpha_if_deleted") == 0)
		dm_text(in, " if item deleted");
}

/* --- cells ------------------------------------------------------------------------------------------ */

static void scalar_cell(const struct ctx *c, struct dm_inlines *in, const char *key, const json_t *v, enum apa_kind kind)
{
	if (!c->apa) {
		char *s = format_cell(key, v, &c->plain);
		dm_text(in, s ? s : "");
		if (!s)
			in->doc->failed = 1;
		free(s);
		return;
	}
	if (json_is_string(v))
		dm_text(in, json_string_value(v));
	else if (json_is_boolean(v))
		dm_text(in, json_is_true(v) ? "yes" : "no");
	else if (json_is_integer(v) && kind != APA_P && kind != APA_BOUNDED)
		dm_value(in, kind == APA_DF ? APA_DF : APA_COUNT, (double)json_integer_value(v));
	else if (json_is_number(v))
		dm_value(in, kind, json_number_value(v));
	else
		dm_text(in, APA_DASH); /* null: a value that could not be computed (named in the notes) */
}

/* A value or an array of values; "X_ci" arrays of two numbers are an interval by X's rule. */
static void value_cell(const struct ctx *c, struct dm_inlines *in, const char *key, const json_t *v, enum apa_kind kind)
{
	size_t n = strlen(key);

	if (!json_is_array(v)) {
		scalar_cell(c, in, key, v, kind);
		return;
	}
	if (c->apa && n > 3 && strcmp(key + n - 3, "_ci") == 0 && json_array_size(v) == 2 &&
	    json_is_number(json_array_get(v, 0)) && json_is_number(json_array_get(v, 1))) {
		char base[64];
		snprintf(base, sizeof base, "%.*s", (int)(n - 3), key);
		dm_ci(in, key_kind(base, NULL), json_number_value(json_array_get(v, 0)), json_number_value(json_array_get(v, 1)));
		return;
	}
	if (c->apa && json_array_size(v) == 0)
		dm_text(in, APA_DASH);
	for (size_t i = 0; i < json_array_size(v); i++) {
		if (i)
			dm_text(in, ", ");
		scalar_cell(c, in, key, json_array_get(v, i), kind);
	}
}

/* --- tables ----------------------------------------------------------------------------------------- */

static void table_title(const struct ctx *c, struct dm_table *t, const char *title)
{
	struct strbuf b = STRBUF_INIT;

	if (!t)
		return;
	if (c->apa)
		render_title_case(&b, title);
	else
		strbuf_adds(&b, title);
	dm_text(dm_table_title(t), strbuf_ok(&b) ? strbuf_str(&b) : title);
	strbuf_release(&b);
}

#define MAX_COLS 64

/* The words of a post hoc method's name, for the table's note. */
static const char *method_words(const char *m)
{
	static const struct {
		const char *name, *words;
	} methods[] = {
		{"tukey", "Tukey's honestly significant difference test (tukey)"},
		{"games-howell", "the Games-Howell test, which does not assume equal variances (games-howell)"},
		{"bonferroni", "t tests with Bonferroni-adjusted p values (bonferroni)"},
		{"holm", "t tests with Holm-adjusted p values (holm)"},
	};
	for (size_t i = 0; i < sizeof methods / sizeof methods[0]; i++)
		if (strcmp(methods[i].name, m) == 0)
			return methods[i].words;
	return m;
}

static void table_notes(const struct ctx *c, struct dm_table *t, const json_t *rows, const char *const *keys,
			size_t n_cols, int has_ci, int has_boot)
{
	struct dm_inlines *note = NULL;
	const char *seen[8];
	size_t n_seen = 0;

	if (!c->apa || !t)
		return;
	if (has_ci) {
		note = dm_table_note(t, DM_NOTE_GENERAL, NULL);
		dm_text(note, has_boot ? "CI = confidence interval (bootstrap percentile for the bootstrap columns); "
					 "LL = lower limit; UL = upper limit."
				       : "CI = confidence interval; LL = lower limit; UL = upper limit.");
	}
	for (size_t j = 0; j < n_cols; j++) {
		if (strcmp(keys[j], "method") != 0)
			continue;
		for (size_t i = 0; i < json_array_size(rows); i++) {
			const char *m = json_string_value(json_object_get(json_array_get(rows, i), "method"));
			size_t k = 0;
			if (!m)
				continue;
			while (k < n_seen && strcmp(seen[k], m) != 0)
				k++;
			if (k == n_seen && n_seen < sizeof seen / sizeof seen[0])
				seen[n_seen++] = m;
		}
	}
	if (n_seen) {
		if (!note)
			note = dm_table_note(t, DM_NOTE_GENERAL, NULL);
		else
			dm_text(note, " ");
		dm_text(note, n_seen > 1 ? "Post hoc tests: " : "Post hoc test: ");
		for (size_t k = 0; k < n_seen; k++) {
			dm_text(note, k == 0 ? "" : k + 1 == n_seen ? "; and " : "; ");
			dm_text(note, method_words(seen[k]));
		}
		dm_text(note, ".");
	}
	for (size_t j = 0; j < n_cols; j++)
		if (strcmp(keys[j], "p_holm") == 0) {
			if (!note)
				note = dm_table_note(t, DM_NOTE_GENERAL, NULL);
			else
				dm_text(note, " ");
			dm_symbol(note, "p");
			dm_add(note, DM_SUB, "Holm");
			dm_text(note, " = p value adjusted by Holm's method.");
		}
}

static int has_key(const char *const *keys, size_t n, const char *key)
{
	for (size_t j = 0; j < n; j++)
		if (strcmp(keys[j], key) == 0)
			return 1;
	return 0;
}

static size_t drop_key(const char **keys, size_t n, const char *key)
{
	size_t m = 0;

	for (size_t j = 0; j < n; j++)
		if (strcmp(keys[j], key) != 0)
			keys[m++] = keys[j];
	return m;
}

/* The rule of an interval's ends: that of the nearest estimate before them. */
static enum apa_kind interval_kind(const char *const *keys, size_t j, const json_t *rows)
{
	char x[64];

	if (interval_of(keys[j], x, sizeof x))
		return key_kind(x, json_object_get(json_array_get(rows, 0), keys[j]));
	while (j-- > 0) {
		const char *k = keys[j];
		enum apa_kind kind = key_kind(k, json_object_get(json_array_get(rows, 0), k));
		if (kind == APA_P || kind == APA_DF || kind == APA_COUNT || is_lower_key(k) || is_upper_key(k) ||
		    !strcmp(k, "se") || !strcmp(k, "boot_se") || !strcmp(k, "t") || !strcmp(k, "z"))
			continue;
		return kind;
	}
	return APA_GENERAL;
}

static void rows_table(const struct ctx *c, const json_t *rows, const char *title)
{
	const char *keys[MAX_COLS];
	enum apa_kind kinds[MAX_COLS];
	size_t n_cols = collect_columns(rows, keys, MAX_COLS), n_rows = json_array_size(rows);
	/* a row's "label" (the term or level with value labels) is printed in the code's place */
	const char *coded = has_key(keys, n_cols, "term") ? "term" : c->apa && has_key(keys, n_cols, "level") ? "level" : NULL;
	int relabel = coded && has_key(keys, n_cols, "label"), has_ci = 0, has_boot = 0, text;
	struct dm_table *t;

	if (relabel)
		n_cols = drop_key(keys, n_cols, "label");
	if (n_cols == 0)
		return;
	t = dm_table(c->d, n_cols);
	table_title(c, t, title);
	for (size_t j = 0; j < n_cols; j++) {
		int right = 0;
		text = 0;
		for (size_t i = 0; i < n_rows; i++) {
			json_t *v = json_object_get(json_array_get(rows, i), keys[j]);
			if (json_is_number(v) || json_is_null(v) || json_is_boolean(v))
				right = 1;
			if (json_is_string(v))
				text = 1;
		}
		if (relabel && strcmp(keys[j], coded) == 0)
			right = 0;
		kinds[j] = is_lower_key(keys[j]) || is_upper_key(keys[j]) ? interval_kind(keys, j, rows)
									: key_kind(keys[j], json_object_get(json_array_get(rows, 0), keys[j]));
		key_heading(c, dm_table_header(t, j, right && !text ? DM_RIGHT : DM_LEFT), keys[j], text);
	}
	/* an interval's two columns under "95% CI" */
	for (size_t j = 0; c->apa && j + 1 < n_cols; j++)
		if (is_lower_key(keys[j]) && is_upper_key(keys[j + 1])) {
			struct dm_inlines *s = dm_table_spanner(t, j, 2);
			int boot = strncmp(keys[j], "boot_", 5) == 0;
			char x[64];
			dm_addf(s, 0, "%s%g%% ", boot ? "Bootstrap " : "", 100 * c->ci);
			dm_symbol(s, "CI");
			if (interval_of(keys[j], x, sizeof x)) {
				dm_text(s, " of ");
				key_heading(c, s, x, 0);
			}
			has_ci = 1;
			has_boot |= boot;
		}
	for (size_t i = 0; i < n_rows; i++) {
		const json_t *row = json_array_get(rows, i);
		dm_table_row(t);
		for (size_t j = 0; j < n_cols; j++) {
			json_t *v = json_object_get(row, keys[j]);
			json_t *label = relabel && strcmp(keys[j], coded) == 0 ? json_object_get(row, "label") : NULL;
			if (json_is_string(label))
				v = label;
			if (v)
				value_cell(c, dm_table_cell(t, j), keys[j], v, kinds[j]);
		}
	}
	table_notes(c, t, rows, keys, n_cols, has_ci, has_boot);
}

static void object_table(const struct ctx *c, const json_t *obj, const char *title)
{
	json_t *rows = json_array();

	if (!rows) {
		c->d->failed = 1;
		return;
	}
	json_array_append(rows, (json_t *)obj);
	rows_table(c, rows, title);
	json_decref(rows);
}

static void matrix_table(const struct ctx *c, const char *key, const json_t *matrix, const json_t *labels,
			 const char *title)
{
	size_t n_rows = json_array_size(matrix), n_cols = json_array_size(json_array_get(matrix, 0));
	const json_t *first = json_array_get(json_array_get(matrix, 0), 0);
	enum apa_kind kind = IN_LIST(key, bounded_matrices) ? APA_BOUNDED : key_kind(key, first);
	struct dm_table *t = dm_table(c->d, n_cols + 1);

	table_title(c, t, title);
	dm_table_header(t, 0, DM_LEFT);
	for (size_t j = 0; j < n_cols; j++) {
		json_t *l = json_array_get(labels, j);
		struct dm_inlines *h = dm_table_header(t, j + 1, DM_RIGHT);
		if (json_is_string(l))
			dm_text(h, json_string_value(l));
		else
			dm_addf(h, 0, "%zu", j + 1);
	}
	for (size_t i = 0; i < n_rows; i++) {
		const json_t *row = json_array_get(matrix, i), *l = json_array_get(labels, i);
		dm_table_row(t);
		if (json_is_string(l))
			dm_table_text(t, 0, json_string_value(l));
		else
			dm_addf(dm_table_cell(t, 0), 0, "%zu", i + 1);
		for (size_t j = 0; j < n_cols && j < json_array_size(row); j++)
			value_cell(c, dm_table_cell(t, j + 1), key, json_array_get(row, j), kind);
	}
}

/* The titles of the matrices whose key is a bare symbol (correlate's r, p and n). */
static const char *matrix_title(const char *key, const char *title)
{
	return !strcmp(key, "r") ? "Correlations" : !strcmp(key, "p") ? "p values of the correlations"
						    : !strcmp(key, "n") ? "Cases per pair (pairwise n)" : title;
}

/* --- the walk -------------------------------------------------------------------------------------- */

static void walk(const struct ctx *c, const json_t *obj, int level, int top, const char *parent);

static void key_values_item(const struct ctx *c, struct dm_list **list, const char *key, const json_t *v)
{
	char tbuf[128];
	struct dm_inlines *item;

	if (!*list)
		*list = dm_list(c->d, 0);
	item = dm_list_item(*list);
	if (c->apa && strcmp(key, "ci_level") == 0 && json_is_number(v)) {
		dm_addf(item, 0, "Confidence level: %g%%", 100 * json_number_value(v));
		return;
	}
	dm_text(item, key_title(key, NULL, tbuf, sizeof tbuf));
	dm_text(item, ": ");
	value_cell(c, item, key, v, key_kind(key, v));
}

static void rows_and_nested(const struct ctx *c, const json_t *rows, int level, const char *title)
{
	rows_table(c, rows, title);
	for (size_t i = 0; i < json_array_size(rows); i++) {
		const json_t *row = json_array_get(rows, i);
		char sub[600];
		const char *k;
		json_t *m, *wrapper;
		int nested = 0;
		json_object_foreach((json_t *)row, k, m)
			if (!is_hidden_key(k) && !is_scalar(m) && !is_scalar_array(m))
				nested = 1;
		if (!nested)
			continue;
		snprintf(sub, sizeof sub, "%s: %s", title, row_name(row));
		if (!(wrapper = json_object())) {
			c->d->failed = 1;
			return;
		}
		json_object_foreach((json_t *)row, k, m)
			if (!is_hidden_key(k) && !is_scalar(m) && !is_scalar_array(m))
				json_object_set(wrapper, k, m);
		dm_heading(c->d, level, sub);
		walk(c, wrapper, level + 1, 0, sub);
		json_decref(wrapper);
	}
}

/* parent: the title of the section obj is in; it names a member that is just "table" */
static void walk(const struct ctx *c, const json_t *obj, int level, int top, const char *parent)
{
	const char *key;
	json_t *v;
	struct dm_list *list = NULL;
	int summary_done = 0;

	json_object_foreach((json_t *)obj, key, v) {
		char tbuf[128];
		const char *title;
		if (is_hidden_key(key) || (top && (!strcmp(key, "command") || !strcmp(key, "version") || !strcmp(key, "input") ||
						   !strcmp(key, "notes") || !strcmp(key, "warnings"))))
			continue;
		if (is_model_summary_key(obj, key)) {
			if (!summary_done) {
				json_t *row = model_summary_row(obj);
				list = NULL;
				if (!row)
					c->d->failed = 1;
				else if (json_object_size(row))
					object_table(c, row, "Model summary");
				json_decref(row);
				summary_done = 1;
			}
			continue;
		}
		if (is_scalar(v) || is_scalar_array(v)) {
			key_values_item(c, &list, key, v);
			continue;
		}
		list = NULL;
		title = key_title(key, v, tbuf, sizeof tbuf);
		if (strcmp(key, "table") == 0 && parent[0])
			title = parent;
		if (c->apa && is_matrix(v))
			title = matrix_title(key, title);
		if (is_flat_object(v)) {
			object_table(c, v, title);
		} else if (is_table(v)) {
			rows_and_nested(c, v, level, title);
		} else if (is_matrix(v)) {
			json_t *labels = json_object_get(obj, "_labels");
			matrix_table(c, key, v, labels ? labels : json_object_get(obj, "vars"), title);
		} else if (json_is_object(v)) {
			struct strbuf h = STRBUF_INIT;
			if (c->apa)
				render_title_case(&h, title);
			else
				strbuf_adds(&h, title);
			dm_heading(c->d, level, strbuf_ok(&h) ? strbuf_str(&h) : title);
			strbuf_release(&h);
			walk(c, v, level + 1, 0, title);
		}
	}
}

static void lines(const struct ctx *c, const json_t *doc, const char *key, const char *title, int level)
{
	const json_t *arr = json_object_get(doc, key);
	struct dm_list *l;

	if (!json_is_array(arr) || json_array_size(arr) == 0)
		return;
	if (c->o->embedded) /* a section's notes: a paragraph, not a heading of the report */
		dm_italic(dm_paragraph(c->d), title);
	else
		dm_heading(c->d, level, title);
	l = dm_list(c->d, 0);
	for (size_t i = 0; i < json_array_size(arr); i++)
		dm_text(dm_list_item(l), json_string_value(json_array_get(arr, i)));
}

void render_docmodel(const json_t *doc, const struct render_options *o, struct dm_doc *d, int level)
{
	struct ctx c = {.o = o, .d = d, .plain = {.digits = o->digits}, .apa = o->style == STYLE_APA,
			.ci = o->ci > 0 && o->ci < 1 ? o->ci : 0.95};
	const json_t *input = json_object_get(doc, "input"), *level_v = json_object_get(doc, "ci_level");

	if (json_is_number(level_v) && json_number_value(level_v) > 0 && json_number_value(level_v) < 1)
		c.ci = json_number_value(level_v);
	if (!o->embedded && json_is_object(input)) {
		const char *file = json_string_value(json_object_get(input, "file"));
		struct dm_inlines *p = dm_paragraph(d);
		dm_text(p, "Data: ");
		dm_add(p, DM_CODE, file ? file : "?");
		dm_text(p, ": ");
		dm_value(p, APA_COUNT, (double)json_integer_value(json_object_get(input, "rows")));
		dm_text(p, " rows read, ");
		dm_value(p, APA_COUNT, (double)json_integer_value(json_object_get(input, "used")));
		dm_text(p, " used.");
	}
	walk(&c, doc, level, 1, "");
	lines(&c, doc, "warnings", "Warnings", level);
	lines(&c, doc, "notes", "Notes", level);
}

/* --- title case ------------------------------------------------------------------------------------ */

static int minor_word(const char *w, size_t n)
{
	static const char *const minor[] = {"a", "an", "the", "and", "but", "or", "nor", "for", "so", "yet", "as",
					    "at", "by", "in", "of", "off", "on", "per", "to", "up", "via", "vs"};
	for (size_t i = 0; i < sizeof minor / sizeof minor[0]; i++)
		if (strlen(minor[i]) == n && strncmp(minor[i], w, n) == 0)
			return 1;
	return 0;
}

void render_title_case(struct strbuf *b, const char *s)
{
	int first = 1;

	while (*s) {
		size_t n = strcspn(s, " -:"), lead = strspn(s, "(\"'");
		int cap = first || !minor_word(s + (lead < n ? lead : n), n - (lead < n ? lead : n));
		/* a statistic's letter keeps its case ("p Values", "t Tests") */
		if (n == lead + 1 && strchr("bdgnprtz", s[lead]))
			cap = 0;
		if (lead < n && cap && islower((unsigned char)s[lead])) {
			strbuf_add(b, s, lead);
			strbuf_addc(b, (char)toupper((unsigned char)s[lead]));
			strbuf_add(b, s + lead + 1, n - lead - 1);
		} else {
			strbuf_add(b, s, n);
		}
		s += n;
		if (n)
			first = 0;
		if (*s) {
			/* after a colon the next word starts a subtitle; a hyphen's parts are words */
			if (*s == ':')
				first = 1;
			strbuf_addc(b, *s);
			s++;
		}
	}
}
