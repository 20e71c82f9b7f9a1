/* surveykit waves W1 W2 ... [--codebook CB] --out DIR [--force] [--labels A,B,...]
 *
 * The study report of every wave (analysis/report/report.h) in DIR/LABEL/, and their comparison in DIR:
 *  - per scale (those every wave has): n, mean, SD and CI by wave; one-way ANOVA and Welch's F
 *    across the waves; every pair of waves compared by Welch's t (models/change_tests.h);
 *  - Cronbach's alpha by wave (from each wave's reliability result) and every pair compared by
 *    Feldt's (1969) test;
 *  - a summary table of what changed: every pairwise test, Holm-adjusted as one family, flagged
 *    when the adjusted p < WAVES_ALPHA.
 *  - the key coefficients by wave (each trait's slope in each outcome's regression, the
 *    interaction terms of each moderation model) and every pair of waves compared by
 *    z = (b_2 - b_1) / sqrt(se_1^2 + se_2^2);
 *  - before the means, measurement invariance across the waves (waves_invariance.c).
 * Written as waves.txt, waves.md, results.json, and waves.html and waves.docx in APA style
 * (waves_documents.c; Word needs pandoc, as the report's does). Output goes to DIR.tmp-XXXXXX,
 * renamed to DIR at the end. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <gsl/gsl_errno.h>

#include "analysis/cli/emit.h"
#include "analysis/commands.h"
#include "analysis/commands/reliability.h"
#include "analysis/data/dataset.h"
#include "analysis/data/regression_data.h"
#include "models/oneway.h"
#include "analysis/report/report.h"
#include "analysis/report/report_documents.h"
#include "analysis/report/study.h"
#include "analysis/report/waves.h"
#include "io/doc.h"
#include "io/docwrite.h"
#include "io/gnuplot.h"
#include "io/output.h"
#include "io/render.h"
#include "io/strbuf.h"
#include "io/text.h"
#include "io/version.h"
#include "models/change_tests.h"
#include "models/ols.h"

#define WAVES_ALPHA 0.05
#define WAVES_MAX 64
#define WAVES_LABEL_MAX 255 /* NAME_MAX on Linux file systems */

const struct option_spec waves_options[] = {
	{"out", "DIR", "directory to write the reports to (must not exist unless --force)"},
	{"force", NULL, "replace an existing DIR (only once the new reports are complete)"},
	{"labels", "A,B,...", "names of the waves (default: wave-1, wave-2, ...)"},
	{"scenario", "VAR", "the between-subjects condition column (default: detected)"},
	{"traits", "A,B", "trait scales (default: involvement, trust)"},
	{"outcomes", "X,Y,...", "outcome scales (default: every scale that is not a trait)"},
	REPORT_FIGURES_OPTION,
	{0},
};

struct wave {
	const char *path;
	char *label;
	struct dataset ds;
	struct study st;
	struct report *report; /* the wave's report, whose results are compared */
	int loaded, detected;
};

/* A pairwise test of the Holm family: its row in mean_pairs, alpha_pairs or coefficient_pairs
 * (which gets its adjusted p), what it compares (a scale's mean or alpha, or a model's term), the
 * waves, the difference and the p value. The strings are borrowed from the waves and their reports. */
struct pair_ref {
	json_t *row;
	const char *what;
	const char *scale; /* NULL for a coefficient */
	const char *model, *term, *label;
	const char *a, *b;
	double diff, p;
};

struct pairs {
	struct pair_ref *v;
	size_t n, cap;
};

/* The titles of the charts, in the chart set's order (the documents caption the figures). */
struct titles {
	char **v;
	size_t n, cap;
};

static int add_title(struct titles *t, const char *title)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 16;
		char **v = realloc(t->v, cap * sizeof *v);
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	if (!(t->v[t->n] = strdup(title)))
		return -1;
	t->n++;
	return 0;
}

static int add_pair(struct pairs *ps, const struct pair_ref *pair)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? 2 * ps->cap : 64;
		struct pair_ref *v = realloc(ps->v, cap * sizeof *v);
		if (!v)
			return -1;
		ps->v = v;
		ps->cap = cap;
	}
	ps->v[ps->n++] = *pair;
	return 0;
}

/* A wave's label names its directory: at most a file name's length. */
static int valid_label(const char *s)
{
	if (!*s || s[0] == '.' || strlen(s) > WAVES_LABEL_MAX)
		return 0;
	for (; *s; s++)
		if (!report_name_char(*s))
			return 0;
	return 1;
}

/* Cronbach's alpha of the scale in the wave's reliability section (NaN when it has none) and the
 * cases it used (0 when the scale is not there). */
static double alpha_of(const struct report *report, const char *scale, size_t *n)
{
	const struct reliability_result *res = report_reliability(report);

	*n = 0;
	for (size_t i = 0; res && i < res->m * res->levels; i++) {
		const struct reliability_unit *u = &res->units[i];
		if (strcmp(u->s->name, scale) != 0)
			continue;
		*n = u->n;
		return u->rel && isfinite(u->rel->alpha) ? u->rel->alpha : NAN;
	}
	return NAN;
}

/* The tables of the comparison's document the scales add their rows to. */
struct scale_tables {
	json_t *means, *mean_tests, *mean_pairs, *reliability, *alpha_pairs;
};

/* Means, tests and pairs of one scale across the waves. */
static int compare_scale(json_t *doc, const struct scale_tables *tab, struct wave *w, size_t n_waves, const char *scale, double level, struct chart_set *cs,
			 struct titles *titles, struct pairs *pairs, struct sk_error *err)
{
	size_t total = 0, at = 0;
	double *y;
	int *code;
	struct grouped *g = NULL;
	struct group_summary sum[WAVES_MAX];
	struct oneway_anova a;
	struct ftest welch;
	json_t *t;
	int status = 0, st;

	for (size_t i = 0; i < n_waves; i++)
		total += w[i].ds.frame.n_rows;
	y = malloc((total ? total : 1) * sizeof *y);
	code = malloc((total ? total : 1) * sizeof *code);
	if (!y || !code) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < n_waves; i++) {
		struct variable v;
		if ((status = dataset_variable(&w[i].ds, scale, &v, err)) != 0) {
			sk_error_prefix(err, "wave '%s': ", w[i].label);
			goto done;
		}
		for (size_t r = 0; r < v.n; r++, at++) {
			y[at] = v.v[r];
			code[at] = (int)i;
		}
		variable_release(&v);
	}
	g = grouped_alloc(y, code, total, n_waves);
	if (!g) {
		status = sk_out_of_memory(err);
		goto done;
	}
	oneway_summaries(g, level, sum);
	{
		json_t *means = tab->means;
		double mean[WAVES_MAX], lo[WAVES_MAX], hi[WAVES_MAX];
		const char *cats[WAVES_MAX];
		char name[300], title[300];
		for (size_t i = 0; i < n_waves; i++) {
			json_t *row = doc_push_obj(means);
			doc_str(row, "scale", scale);
			doc_str(row, "wave", w[i].label);
			doc_size(row, "n", sum[i].n);
			doc_num(row, "mean", sum[i].n ? sum[i].mean : NAN);
			doc_num(row, "sd", sum[i].sd);
			doc_num(row, "llci", sum[i].llci);
			doc_num(row, "ulci", sum[i].ulci);
			mean[i] = sum[i].n ? sum[i].mean : NAN;
			lo[i] = sum[i].llci;
			hi[i] = sum[i].ulci;
			cats[i] = w[i].label;
		}
		/* the value axis over the scale's whole range, its items' answers in the codebook of the
		 * first wave (NaN when not given: the chart then marks its zoomed axis) */
		const struct scale *sc = dataset_find_scale(&w[0].ds, scale);
		double ymin = INFINITY, ymax = -INFINITY;
		for (size_t j = 0; sc && j < sc->k; j++) {
			ymin = fmin(ymin, w[0].ds.frame.cols[sc->items[j]].meta.min);
			ymax = fmax(ymax, w[0].ds.frame.cols[sc->items[j]].meta.max);
		}
		snprintf(name, sizeof name, "waves-%s", scale);
		snprintf(title, sizeof title, "Mean %s by wave (%g%% CI)", scale, level * 100);
		struct chart_means c = {.t = {name, title, "Wave", "Mean score"}, .n_cats = n_waves, .n_series = 1,
					.cats = cats, .mean = mean, .lo = lo, .hi = hi, .lines = 1, .ci_level = level,
					.ymin = isfinite(ymin) && isfinite(ymax) ? ymin : NAN,
					.ymax = isfinite(ymin) && isfinite(ymax) ? ymax : NAN};
		if ((status = chart_means(cs, &c, err)) != 0)
			goto done;
		if (add_title(titles, title) != 0) {
			status = sk_out_of_memory(err);
			goto done;
		}
	}
	t = doc_push_obj(tab->mean_tests);
	doc_str(t, "scale", scale);
	st = oneway_anova(sum, n_waves, &a);
	emit_oneway(doc, t, st, &a, "a wave has no cases of this scale, or none varies", oneway_welch(sum, n_waves, &welch, NULL),
		    &welch, "Welch's F needs two cases and variance per wave");
	for (size_t i = 0; i < n_waves; i++)
		for (size_t j = i + 1; j < n_waves; j++) {
			struct change_test ct;
			json_t *row = doc_push_obj(tab->mean_pairs);
			change_welch_t(sum[i].mean, sum[i].var, sum[i].n, sum[j].mean, sum[j].var, sum[j].n, &ct);
			doc_str(row, "scale", scale);
			doc_str(row, "a", w[i].label);
			doc_str(row, "b", w[j].label);
			doc_num(row, "diff", ct.diff);
			doc_num(row, "se", ct.se);
			doc_num(row, "t", ct.stat);
			doc_num(row, "df", ct.df);
			doc_num_why(doc, row, "p", ct.p, "a wave has fewer than two cases or no variance");
			if (add_pair(pairs, &(struct pair_ref){.row = row, .what = "mean", .scale = scale, .a = w[i].label,
							       .b = w[j].label, .diff = ct.diff, .p = ct.p}) != 0) {
				status = sk_out_of_memory(err);
				goto done;
			}
		}
	{
		double alpha[WAVES_MAX];
		size_t n[WAVES_MAX];
		for (size_t i = 0; i < n_waves; i++) {
			json_t *row = doc_push_obj(tab->reliability);
			alpha[i] = alpha_of(w[i].report, scale, &n[i]);
			doc_str(row, "scale", scale);
			doc_str(row, "wave", w[i].label);
			doc_size(row, "n", n[i]);
			doc_num_why(doc, row, "alpha", alpha[i], "the wave's reliability section has no alpha for it");
		}
		for (size_t i = 0; i < n_waves; i++)
			for (size_t j = i + 1; j < n_waves; j++) {
				struct change_test ct;
				json_t *row = doc_push_obj(tab->alpha_pairs);
				change_alpha_feldt(alpha[i], n[i], alpha[j], n[j], &ct);
				doc_str(row, "scale", scale);
				doc_str(row, "a", w[i].label);
				doc_str(row, "b", w[j].label);
				doc_num(row, "diff", ct.diff);
				doc_num(row, "W", ct.stat);
				doc_num(row, "df1", ct.df);
				doc_num(row, "df2", ct.df2);
				doc_num_why(doc, row, "p", ct.p, "an alpha is missing, negative or 1");
				if (add_pair(pairs, &(struct pair_ref){.row = row, .what = "alpha", .scale = scale, .a = w[i].label,
								       .b = w[j].label, .diff = ct.diff, .p = ct.p}) != 0) {
					status = sk_out_of_memory(err);
					goto done;
				}
			}
	}
done:
	grouped_free(g);
	free(y);
	free(code);
	return status;
}

/* The key coefficients of each wave's regressions (the traits' slopes) and moderation models (the
 * interaction terms), compared between every pair of waves. */
static int compare_coefficients(json_t *doc, struct wave *w, size_t n_waves, struct pairs *pairs, struct sk_error *err)
{
	json_t *coefs = doc_arr(doc, "coefficients"), *cpairs = doc_arr(doc, "coefficient_pairs");
	const char *id;

	for (size_t s = 0; (id = report_section_id(w[0].report, s)); s++) {
		int moderation = strncmp(id, "moderate-", 9) == 0;
		struct report_model m0;
		if ((!moderation && strncmp(id, "regress-", 8) != 0) || !report_section_model(w[0].report, id, &m0))
			continue;
		for (size_t t = 1; t < m0.fit->p; t++) { /* the intercept is not compared */
			const char *term = m0.terms[t - 1];
			const char *label = m0.labels[t - 1] ? m0.labels[t - 1] : term; /* with value labels */
			double b[WAVES_MAX], se[WAVES_MAX];
			int all = 1;
			if (moderation ? !strchr(term, ':') : strchr(term, '=') != NULL)
				continue;
			for (size_t i = 0; i < n_waves && all; i++) {
				struct report_model m;
				size_t c = 0;
				if (report_section_model(w[i].report, id, &m))
					for (size_t k = 1; k < m.fit->p && !c; k++)
						c = strcmp(m.terms[k - 1], term) == 0 ? k : 0;
				b[i] = c ? gsl_vector_get(m.fit->b, c) : NAN;
				se[i] = c ? gsl_vector_get(m.fit->se, c) : NAN;
				all = c != 0;
			}
			if (!all)
				continue;
			for (size_t i = 0; i < n_waves; i++) {
				json_t *row = doc_push_obj(coefs);
				doc_str(row, "model", id);
				reg_put_term(row, term, label);
				doc_str(row, "wave", w[i].label);
				doc_num(row, "b", b[i]);
				doc_num(row, "se", se[i]);
			}
			for (size_t i = 0; i < n_waves; i++)
				for (size_t j = i + 1; j < n_waves; j++) {
					struct change_test ct;
					json_t *row = doc_push_obj(cpairs);
					change_coefficient_z(b[i], se[i], b[j], se[j], &ct);
					doc_str(row, "model", id);
					reg_put_term(row, term, label);
					doc_str(row, "a", w[i].label);
					doc_str(row, "b", w[j].label);
					doc_num(row, "diff", ct.diff);
					doc_num(row, "se", ct.se);
					doc_num(row, "z", ct.stat);
					doc_num_why(doc, row, "p", ct.p, "a coefficient has no standard error");
					if (add_pair(pairs, &(struct pair_ref){.row = row, .what = "coefficient", .model = id,
									       .term = term, .label = label ? label : term,
									       .a = w[i].label, .b = w[j].label,
									       .diff = ct.diff, .p = ct.p}) != 0)
						return sk_out_of_memory(err);
				}
		}
	}
	return 0;
}

/* The Holm family: every pairwise test; the summary table of what changed. */
static int summarise(json_t *doc, json_t *findings, const struct pairs *ps, struct sk_error *err)
{
	const struct pair_ref *pairs = ps->v;
	size_t n_pairs = ps->n;
	double *p = malloc((n_pairs ? n_pairs : 1) * sizeof *p), *adj = malloc((n_pairs ? n_pairs : 1) * sizeof *adj);
	json_t *changes = doc_arr(doc, "changes");
	size_t flagged = 0;

	if (!p || !adj) {
		free(p);
		free(adj);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < n_pairs; i++)
		p[i] = isfinite(pairs[i].p) ? pairs[i].p : NAN;
	if (change_holm(p, n_pairs, adj) != GSL_SUCCESS) {
		free(p);
		free(adj);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < n_pairs; i++) {
		json_t *row = doc_push_obj(changes);
		const struct pair_ref *src = &pairs[i];
		const char *scale = src->scale, *a = src->a, *b = src->b;
		double diff = src->diff;
		int changed = adj[i] < WAVES_ALPHA;
		doc_num(src->row, "p_holm", adj[i]);
		doc_str(row, "what", src->what);
		doc_str(row, "scale", scale ? scale : src->model);
		if (!scale)
			reg_put_term(row, src->term, src->label);
		doc_str(row, "a", a);
		doc_str(row, "b", b);
		doc_num(row, "diff", diff);
		doc_num(row, "p", p[i]);
		doc_num(row, "p_holm", adj[i]);
		doc_bool(row, "changed", changed);
		if (changed) {
			struct strbuf line = STRBUF_INIT;
			char pb[32];
			flagged++;
			if (scale)
				strbuf_addf(&line, "%s %s changed from %s to %s by %+.3f (Holm-adjusted %s)", scale,
					    strcmp(pairs[i].what, "mean") == 0 ? "mean" : "Cronbach's alpha", a, b, diff,
					    report_p(adj[i], pb, sizeof pb));
			else
				strbuf_addf(&line, "coefficient of %s in %s changed from %s to %s by %+.3f (Holm-adjusted %s)",
					    src->label, src->model, a, b, diff, report_p(adj[i], pb, sizeof pb));
			if (!strbuf_ok(&line)) {
				strbuf_release(&line);
				free(p);
				free(adj);
				return sk_out_of_memory(err);
			}
			doc_push_str(findings, strbuf_str(&line));
			strbuf_release(&line);
		}
	}
	doc_size(doc, "changes_flagged", flagged);
	if (!flagged)
		doc_push_str(findings, "No change between the waves: no pairwise test has a Holm-adjusted p below .05.");
	free(p);
	free(adj);
	return 0;
}

static int write_text(const char *dir, const char *name, const json_t *doc, const json_t *findings, struct wave *w,
		      size_t n_waves, const struct chart_set *cs, const struct titles *titles, int md, const struct cli *cli,
		      struct sk_error *err)
{
	struct render_options ro = {.format = md ? FORMAT_MARKDOWN : FORMAT_TEXT, .digits = cli->digits, .embedded = 1};
	char *path = output_path(dir, name);
	FILE *f;
	int e = 0;

	if (!path)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot write '%s': out of memory", name);
	if (!(f = fopen(path, "w"))) {
		e = errno;
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", path, strerror(e));
		free(path);
		return SK_EXIT_OUTPUT;
	}
	fprintf(f, md ? "# Survey waves compared\n\nsurveykit %s\n\n## Waves\n\n" : "Survey waves compared\nsurveykit %s\n\nWaves\n-----\n",
		SURVEYKIT_VERSION);
	/* wave labels are plain names (valid_label), so they can stand in a link; in Markdown every
	 * text is escaped */
	for (size_t i = 0; i < n_waves; i++) {
		if (md) {
			fputs("- **", f);
			text_markdown_write(f, w[i].label);
			fputs("**: ", f);
			text_markdown_write(f, w[i].path);
		} else {
			fprintf(f, "  %s: %s", w[i].label, w[i].path);
		}
		fprintf(f, md ? ", %zu rows; [report](%s/report.md)\n" : ", %zu rows; report in %s/\n", w[i].ds.frame.n_rows,
			w[i].label);
	}
	fprintf(f, md ? "\n## What changed\n\n" : "\nWhat changed\n------------\n");
	for (size_t i = 0; i < json_array_size(findings); i++) {
		const char *line = json_string_value(json_array_get(findings, i));
		fputs(md ? "- " : "  - ", f);
		if (md)
			text_markdown_write(f, line);
		else
			fputs(line, f);
		fputc('\n', f);
	}
	fprintf(f, md ? "\n## Comparison\n\n" : "\nComparison\n----------\n");
	render_doc(doc, &ro, f);
	if (cs->n) {
		fprintf(f, md ? "## Charts\n\n" : "Charts:\n");
		for (size_t i = 0; i < cs->n; i++) {
			if (md && cs->rendered) {
				fputs("![", f);
				text_markdown_write(f, titles->v[i]);
				fprintf(f, "](charts/%s.svg)\n\n", cs->names[i]);
			} else {
				fprintf(f, md ? "- `charts/%s.%s`\n" : "  - charts/%s.%s\n", cs->names[i], cs->rendered ? "svg" : "gp");
			}
		}
	}
	if (fflush(f) != 0 || ferror(f))
		e = errno ? errno : EIO;
	if (fclose(f) != 0 && !e)
		e = errno;
	if (e)
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", path, strerror(e));
	free(path);
	return e ? SK_EXIT_OUTPUT : 0;
}

static int write_json(const char *dir, const json_t *doc, struct sk_error *err)
{
	char *path = output_path(dir, "results.json");
	int status = 0;

	if (!path || json_dump_file(doc, path, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) != 0)
		status = sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s/results.json'", dir);
	free(path);
	return status;
}

static int run(const struct cli *cli, struct wave *w, size_t n_waves, const char *dir, struct sk_error *err)
{
	char *sub;
	json_t *doc = NULL, *findings = NULL, *arr;
	struct chart_set cs = {0};
	struct titles titles = {0};
	struct pairs pairs = {0};
	struct scale_tables tab;
	size_t n_scales = w[0].ds.n_scales;
	int status = 0;

	for (size_t i = 0; i < n_waves; i++) {
		if (!(sub = output_path(dir, w[i].label)))
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot create '%s/%s': out of memory", dir, w[i].label);
		if (mkdir(sub, 0777) != 0)
			status = sk_fail(err, SK_EXIT_OUTPUT, "cannot create '%s': %s", sub, strerror(errno));
		else
			status = report_write(cli, &w[i].ds, &w[i].st, w[i].path, sub, &w[i].report, err);
		free(sub);
		if (status != 0)
			return status;
	}
	doc = doc_new("waves", w[0].path, 0, 0);
	json_object_del(doc, "input");
	arr = doc_arr(doc, "waves");
	for (size_t i = 0; i < n_waves; i++) {
		json_t *row = doc_push_obj(arr);
		doc_str(row, "wave", w[i].label);
		doc_str(row, "file", w[i].path);
		doc_size(row, "rows", w[i].ds.frame.n_rows);
	}
	{
		const char *paths[WAVES_MAX];
		char *labels[WAVES_MAX];
		for (size_t i = 0; i < n_waves; i++) {
			paths[i] = w[i].path;
			labels[i] = w[i].label;
		}
		if ((status = waves_invariance(cli, paths, labels, n_waves, &w[0].ds, dir, doc, err)) != 0)
			goto done;
	}
	tab.means = doc_arr(doc, "means");
	tab.mean_tests = doc_arr(doc, "mean_tests");
	tab.mean_pairs = doc_arr(doc, "mean_pairs");
	tab.reliability = doc_arr(doc, "reliability");
	tab.alpha_pairs = doc_arr(doc, "alpha_pairs");
	findings = json_array();
	if (!(sub = output_path(dir, "charts"))) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot create '%s/charts': out of memory", dir);
		goto done;
	}
	status = chart_set_init(&cs, sub, err);
	free(sub);
	if (status != 0 || (status = report_figure_formats(cli, &cs.formats, err)) != 0)
		goto done;
	cs.captions = 1; /* waves.html and waves.docx caption each figure */
	for (size_t a = 0; a < n_scales && status == 0; a++) {
		const char *scale = w[0].ds.scales[a].name;
		size_t i = 1;
		while (i < n_waves && dataset_find_scale(&w[i].ds, scale))
			i++;
		if (i < n_waves) {
			doc_note(doc, "scale '%s' is not in wave '%s': not compared", scale, w[i].label);
			continue;
		}
		status = compare_scale(doc, &tab, w, n_waves, scale, cli->ci, &cs, &titles, &pairs, err);
	}
	if (status == 0)
		status = compare_coefficients(doc, w, n_waves, &pairs, err);
	if (status == 0)
		status = summarise(doc, findings, &pairs, err);
	if (status == 0) {
		doc_note(doc, "pairwise tests: Welch's t for means, Feldt (1969) for alphas, z = (b2 - b1) / sqrt(se1^2 + "
			      "se2^2) for coefficients (Clogg et al. 1995); all of them adjusted together by Holm's method; a "
			      "change is flagged when its adjusted p is below %.2f", WAVES_ALPHA);
		doc_note(doc, "coefficients compared: each trait's slope in the pooled regression of each outcome, and the "
			      "interaction terms of each moderation model");
		status = chart_set_render(&cs, err);
	}
	if (status == 0 && report_docx_missing("waves.docx", cli->quiet))
		doc_note(doc, "waves.docx not written: %s", DM_DOCX_HOW);
	doc_explain(doc);
	if (status == 0) {
		struct waves_doc wd = {.cli = cli, .doc = doc, .findings = findings, .cs = &cs,
				       .titles = (const char *const *)titles.v};
		status = waves_write_documents(dir, &wd, err);
	}
	if (status == 0 && (status = write_text(dir, "waves.md", doc, findings, w, n_waves, &cs, &titles, 1, cli, err)) == 0)
		status = write_text(dir, "waves.txt", doc, findings, w, n_waves, &cs, &titles, 0, cli, err);
	if (status == 0) {
		json_object_set(doc, "findings", findings);
		status = write_json(dir, doc, err);
	}
done:
	chart_set_release(&cs);
	for (size_t i = 0; i < titles.n; i++)
		free(titles.v[i]);
	free(titles.v);
	free(pairs.v);
	json_decref(findings);
	json_decref(doc);
	return status;
}

int cmd_waves(const struct cli *cli, struct sk_error *err)
{
	const char *out = cli_get(cli, "out");
	size_t n_waves = cli->n_positional, n_labels = 0;
	char **labels = NULL;
	struct wave *w = NULL;
	struct output_dir od;
	int status;

	if (n_waves < 2)
		return sk_fail(err, SK_EXIT_USAGE, "waves needs at least two data files (see 'surveykit waves --help')");
	if (n_waves > WAVES_MAX)
		return sk_fail(err, SK_EXIT_USAGE, "waves takes at most %d data files", WAVES_MAX);
	if (!out || !*out)
		return sk_fail(err, SK_EXIT_USAGE, "waves needs --out DIR (see 'surveykit waves --help')");
	if ((status = report_figure_formats(cli, &(unsigned){0}, err)) != 0 ||
	    (status = cli_get_list(cli, "labels", &labels, &n_labels, err)) != 0)
		return status;
	if (labels && n_labels != n_waves) {
		cli_list_free(labels);
		return sk_fail(err, SK_EXIT_USAGE, "--labels names %zu waves, but %zu data files were given", n_labels, n_waves);
	}
	w = calloc(n_waves, sizeof *w);
	if (!w) {
		cli_list_free(labels);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < n_waves; i++) {
		struct strbuf label = STRBUF_INIT;
		w[i].path = cli->positional[i];
		if (labels)
			strbuf_adds(&label, labels[i]);
		else
			strbuf_addf(&label, "wave-%zu", i + 1);
		if (!(w[i].label = strbuf_take(&label))) {
			status = sk_out_of_memory(err);
			goto done;
		}
		if (!valid_label(w[i].label) || strcmp(w[i].label, "charts") == 0) {
			status = sk_fail(err, SK_EXIT_USAGE,
					 "wave label '%s' must be a plain name of at most %d bytes (letters, digits, '-', '_', '.') "
					 "other than 'charts'", w[i].label, WAVES_LABEL_MAX);
			goto done;
		}
		for (size_t j = 0; j < i; j++)
			if (strcmp(w[j].label, w[i].label) == 0) {
				status = sk_fail(err, SK_EXIT_USAGE, "wave label '%s' is given twice", w[i].label);
				goto done;
			}
	}
	for (size_t i = 0; i < n_waves; i++) {
		if ((status = dataset_load(&w[i].ds, w[i].path, cli, err)) != 0)
			goto done;
		w[i].loaded = 1;
		if ((status = study_detect(cli, &w[i].ds, &w[i].st, err)) != 0)
			goto done;
		w[i].detected = 1;
	}
	if ((status = output_dir_open(&od, out, cli_flag(cli, "force"), err)) != 0)
		goto done;
	status = run(cli, w, n_waves, od.tmp, err);
	if (status == 0)
		status = output_dir_commit(&od, err);
	else
		output_dir_abort(&od);
	if (status == 0 && !cli->quiet) {
		printf("%zu waves compared in %s/: waves.html, waves.md, waves.txt, results.json, charts/, and a report per wave\n", n_waves,
		       out);
		if (fflush(stdout) != 0 || ferror(stdout))
			status = sk_fail(err, SK_EXIT_OUTPUT, "cannot write to standard output");
	}
done:
	for (size_t i = 0; i < n_waves; i++) {
		free(w[i].label);
		report_free(w[i].report);
		if (w[i].detected)
			study_release(&w[i].st);
		if (w[i].loaded)
			dataset_free(&w[i].ds);
	}
	free(w);
	cli_list_free(labels);
	return status;
}
