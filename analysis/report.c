/* surveykit report DATA [--codebook CB] --out DIR [--force] [--scenario VAR] [--traits A,B]
 *                      [--outcomes X,Y,Z]
 *
 * The study plan in one run (analysis/study.h finds the variables). Sections, each the document of
 * the single command named in it, computed on the wave loaded once:
 *   1. data screening         describe
 *   2. reliability, validity  reliability --validity
 *   3. correlations           correlate (the scales)
 *   4. scenario comparisons   compare --y OUTCOME --by SCENARIO, for each outcome
 *   5. regressions            regress --y OUTCOME --x TRAITS --by SCENARIO, for each outcome
 *   6. moderation             moderate --y OUTCOME --x SCENARIO --w TRAIT --jn, for each pair
 *   7. segments               segment --on TRAITS --outcomes OUTCOMES (tertiles crossed)
 * Charts: the answers to each scale's items (stacked bars), each scale's histogram, the
 * correlation heat map, each outcome's means by scenario with CIs, for each moderation the
 * simple-slopes lines and the Johnson-Neyman band, and the segment profiles; each chart's numbers are kept in its section's
 * "chart_data" in results.json. Output goes to DIR.tmp-XXXXXX and is renamed to DIR at the end
 * (io/output.h), so a failed run leaves no half report. */
#include "analysis/report.h"

#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <gsl/gsl_cdf.h>

#include "analysis/commands.h"
#include "io/doc.h"
#include "io/gnuplot.h"
#include "io/output.h"
#include "io/render.h"
#include "io/version.h"
#include "models/descriptives.h"

const struct option_spec report_options[] = {
	{"out", "DIR", "directory to write the report to (must not exist unless --force)"},
	{"force", NULL, "replace an existing DIR (only once the new report is complete)"},
	{"scenario", "VAR", "the between-subjects condition column (default: detected)"},
	{"traits", "A,B", "trait scales used as predictors and for segments (default: involvement, trust)"},
	{"outcomes", "X,Y,...", "outcome scales (default: every scale that is not a trait)"},
	{0},
};


/* Histograms of a scale use one bar per possible score when the scores lie on the grid of steps
 * 1/k (k items, integer answers) and there are at most this many; otherwise equal-width bins. */
#define HISTOGRAM_MAX_BARS 61
/* A score is on the grid when score * k is a whole number to this relative tolerance (the mean of
 * k whole answers, computed in double precision). */
#define HISTOGRAM_GRID_TOL 1e-9
#define HISTOGRAM_BINS 30
#define LIKERT_MAX_ANSWERS 11
#define ITEM_LABEL_CHARS 40
/* Sections are computed side by side on up to this many threads (at most one per processor). */
#define REPORT_THREADS 4
/* Outcomes drawn together in one segment-profile chart. */
#define SEGMENT_CHART_OUTCOMES 3

struct job;

struct report {
	const struct cli *cli;
	const struct dataset *ds;
	const struct study *st;
	const char *data;
	json_t *results, *sections, *findings;
	struct chart_set charts;
	struct job *jobs;
	size_t n_jobs, cap_jobs, next_job;
	pthread_mutex_t lock;
	pthread_t tid[REPORT_THREADS];
	size_t n_threads;
	char *traits_joined, *outcomes_joined;
	char **owned;
	size_t n_owned;
};

const char *report_p(double p, char *buf, size_t size)
{
	if (isnan(p))
		snprintf(buf, size, "p undefined");
	else if (p < 0.001)
		snprintf(buf, size, "p < .001");
	else {
		char tmp[32];
		snprintf(tmp, sizeof tmp, "%.3f", p);
		snprintf(buf, size, "p = %s", tmp[0] == '0' ? tmp + 1 : tmp);
	}
	return buf;
}

void report_chart_name(char *buf, size_t size, const char *prefix, const char *name)
{
	size_t o = (size_t)snprintf(buf, size, "%s", prefix);

	for (const char *p = name; *p && o + 1 < size; p++)
		buf[o++] = ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '-' ||
			    *p == '_' || *p == '.')
				   ? *p
				   : '_';
	buf[o < size ? o : size - 1] = '\0';
}

json_t *report_section(const json_t *results, const char *id)
{
	const json_t *sections = json_object_get(results, "sections");

	for (size_t i = 0; i < json_array_size(sections); i++) {
		json_t *s = json_array_get(sections, i);
		const char *sid = json_string_value(json_object_get(s, "id"));
		if (sid && strcmp(sid, id) == 0)
			return s;
	}
	return NULL;
}

static void finding(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void finding(struct report *r, const char *fmt, ...)
{
	char line[2048];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	doc_push_str(r->findings, line);
}

static double num(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_number(v) ? json_number_value(v) : NAN;
}

static const char *str(const json_t *obj, const char *key)
{
	const char *s = json_string_value(json_object_get(obj, key));
	return s ? s : "";
}

static void attach_chart(json_t *sec, const char *name, const char *title)
{
	json_t *c = doc_push_obj(json_object_get(sec, "charts"));
	char buf[512];

	doc_str(c, "title", title);
	snprintf(buf, sizeof buf, "charts/%s.png", name);
	doc_str(c, "png", buf);
	snprintf(buf, sizeof buf, "charts/%s.svg", name);
	doc_str(c, "svg", buf);
	snprintf(buf, sizeof buf, "charts/%s.gp", name);
	doc_str(c, "script", buf);
}

static json_t *chart_data(json_t *sec)
{
	json_t *d = json_object_get(sec, "chart_data");
	return d ? d : doc_obj(sec, "chart_data");
}

/* --- charts of the screening section: item answers and scale histograms ---------------------- */

static int item_chart(struct report *r, json_t *sec, const struct scale *s, struct sk_error *err)
{
	const struct frame *f = &r->ds->frame;
	double lo = INFINITY, hi = -INFINITY;
	size_t k = s->k, n_cats;
	char name[300], title[400];
	int status = 0;

	for (size_t j = 0; j < k; j++) {
		const struct column *c = &f->cols[s->items[j]];
		if (!c->small)
			return 0; /* not small whole numbers: no answer chart */
		if (isfinite(c->meta.min) && isfinite(c->meta.max)) {
			lo = fmin(lo, c->meta.min);
			hi = fmax(hi, c->meta.max);
		}
	}
	if (!isfinite(lo)) {
		for (size_t j = 0; j < k; j++)
			for (size_t i = 0; i < f->n_rows; i++) {
				double v = frame_value(f, s->items[j], i);
				if (!isnan(v))
					lo = fmin(lo, v), hi = fmax(hi, v);
			}
	}
	if (!isfinite(lo) || hi - lo + 1 > LIKERT_MAX_ANSWERS || lo != floor(lo) || hi != floor(hi))
		return 0;
	n_cats = (size_t)(hi - lo) + 1;
	{
		double *pct = calloc(k * n_cats, sizeof *pct);
		char **items = calloc(k, sizeof *items), **cats = calloc(n_cats, sizeof *cats);
		json_t *data = json_object_get(chart_data(sec), "item_answers"), *answers;
		if (!data) {
			data = json_array();
			json_object_set_new(chart_data(sec), "item_answers", data);
		}
		if (!pct || !items || !cats) {
			status = sk_out_of_memory(err);
			goto done;
		}
		for (size_t c = 0; c < n_cats; c++) {
			const char *label = var_meta_value_label(&f->cols[s->items[0]].meta, lo + (double)c);
			char buf[64];
			snprintf(buf, sizeof buf, "%g", lo + (double)c);
			if (!(cats[c] = strdup(label ? label : buf))) {
				status = sk_out_of_memory(err);
				goto done;
			}
		}
		for (size_t j = 0; j < k; j++) {
			const struct column *c = &f->cols[s->items[j]];
			size_t counts[256] = {0}, total = 0;
			char label[ITEM_LABEL_CHARS + 64];
			json_t *row = doc_push_obj(data), *p;
			for (size_t i = 0; i < f->n_rows; i++)
				counts[(uint8_t)c->small[i]]++;
			for (size_t a = 0; a < n_cats; a++)
				total += counts[(uint8_t)(int8_t)(lo + (double)a)];
			doc_str(row, "scale", s->name);
			doc_str(row, "item", c->name);
			doc_bool(row, "reversed", c->meta.reverse);
			doc_size(row, "n", total);
			answers = doc_arr(row, "answers");
			p = doc_arr(row, "percent");
			for (size_t a = 0; a < n_cats; a++) {
				double v = total ? 100.0 * (double)counts[(uint8_t)(int8_t)(lo + (double)a)] / (double)total : NAN;
				pct[j * n_cats + a] = v;
				doc_push_num(answers, lo + (double)a);
				doc_push_num(p, v);
			}
			if (c->meta.label)
				snprintf(label, sizeof label, "%s%s: %.*s%s", c->name, c->meta.reverse ? " (R)" : "", ITEM_LABEL_CHARS,
					 c->meta.label, strlen(c->meta.label) > ITEM_LABEL_CHARS ? "..." : "");
			else
				snprintf(label, sizeof label, "%s%s", c->name, c->meta.reverse ? " (reversed)" : "");
			if (!(items[j] = strdup(label))) {
				status = sk_out_of_memory(err);
				goto done;
			}
		}
		report_chart_name(name, sizeof name, "items-", s->name);
		snprintf(title, sizeof title, "Answers to the %s items", s->name);
		{
			struct chart_likert lk = {.t = {name, title,
							"% of respondents (R: reverse-keyed, as answered)",
							NULL},
						  .n_items = k, .n_cats = n_cats, .items = (const char *const *)items,
						  .cats = (const char *const *)cats, .pct = pct};
			if ((status = chart_likert(&r->charts, &lk, err)) == 0)
				attach_chart(sec, name, title);
		}
	done:
		for (size_t j = 0; items && j < k; j++)
			free(items[j]);
		for (size_t c = 0; cats && c < n_cats; c++)
			free(cats[c]);
		free(items);
		free(cats);
		free(pct);
	}
	return status;
}

static int histogram_chart(struct report *r, json_t *sec, const struct scale *s, struct sk_error *err)
{
	struct variable v;
	struct moments m;
	struct value_counts vc;
	const double *xs;
	double lo = INFINITY, hi = -INFINITY, step, *centre = NULL, *count = NULL;
	size_t bars, k = s->k, nx;
	int grid = 1, status;
	char name[300], title[400], xlabel[400], note[200];
	json_t *data;

	if ((status = dataset_variable(r->ds, s->name, &v, err)) == SK_EXIT_ANALYSIS) {
		doc_note(r->results, "no histogram of '%s': %s", s->name, err->msg);
		err->msg[0] = '\0';
		return 0;
	}
	if (status != 0)
		return status;
	xs = v.v;
	nx = v.n;
	moments_compute(v.v, 1, v.n, &m);
	/* a score takes few values: bin those with their counts (the same counts as score by score) */
	if (value_counts(v.v, v.n, &vc) == 0) {
		xs = vc.value;
		nx = vc.distinct;
	}
	for (size_t i = 0; i < nx; i++) {
		double x = xs[i];
		if (isnan(x))
			continue;
		lo = fmin(lo, x);
		hi = fmax(hi, x);
		if (grid && fabs(x * (double)k - nearbyint(x * (double)k)) > HISTOGRAM_GRID_TOL * fmax(1, fabs(x * (double)k)))
			grid = 0;
	}
	bars = grid ? (size_t)nearbyint((hi - lo) * (double)k) + 1 : HISTOGRAM_BINS;
	if (grid && bars > HISTOGRAM_MAX_BARS)
		grid = 0, bars = HISTOGRAM_BINS;
	step = grid ? 1.0 / (double)k : (hi > lo ? (hi - lo) / HISTOGRAM_BINS : 1);
	centre = calloc(bars, sizeof *centre);
	count = calloc(bars, sizeof *count);
	if (!centre || !count) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t b = 0; b < bars; b++)
		centre[b] = grid ? lo + (double)b * step : lo + ((double)b + 0.5) * step;
	for (size_t i = 0; i < nx; i++) {
		double x = xs[i];
		size_t b;
		if (isnan(x))
			continue;
		b = grid ? (size_t)nearbyint((x - lo) * (double)k) : (size_t)((x - lo) / step);
		count[b < bars ? b : bars - 1] +=
			xs == v.v ? 1 : (double)((i + 1 < vc.distinct ? vc.below[i + 1] : vc.n) - vc.below[i]);
	}
	data = json_object_get(chart_data(sec), "scale_histograms");
	if (!data) {
		data = json_array();
		json_object_set_new(chart_data(sec), "scale_histograms", data);
	}
	{
		json_t *row = doc_push_obj(data), *c = json_array(), *n = json_array();
		doc_str(row, "scale", s->name);
		doc_num(row, "bin_width", step);
		json_object_set_new(row, "centre", c);
		json_object_set_new(row, "count", n);
		for (size_t b = 0; b < bars; b++) {
			doc_push_num(c, centre[b]);
			doc_push_num(n, count[b]);
		}
	}
	report_chart_name(name, sizeof name, "hist-", s->name);
	snprintf(title, sizeof title, "Distribution of the %s scores", s->name);
	snprintf(xlabel, sizeof xlabel, "%s (mean of %zu items)", s->name, k);
	snprintf(note, sizeof note, "Mean %.2f (SD %.2f, n %zu)", m.mean, m.sd, m.n);
	{
		struct chart_histogram h = {.t = {name, title, xlabel, "Respondents"}, .n_bins = bars, .centre = centre,
					    .value = count, .width = step, .mean = m.mean, .note = note};
		if ((status = chart_histogram(&r->charts, &h, err)) == 0)
			attach_chart(sec, name, title);
	}
done:
	free(centre);
	free(count);
	variable_release(&v);
	return status;
}

/* --- sections -------------------------------------------------------------------------------- */

static void reliability_findings(struct report *r, const json_t *doc)
{
	const json_t *scales = json_object_get(doc, "scales");
	double lo = INFINITY, hi = -INFINITY;
	char weak[512] = "", lo_name[128] = "";
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(scales); i++) {
		const json_t *s = json_array_get(scales, i);
		double a = num(s, "alpha");
		if (isnan(a))
			continue;
		n++;
		if (a < lo)
			lo = a, snprintf(lo_name, sizeof lo_name, "%s", str(s, "name"));
		hi = fmax(hi, a);
		if (a < 0.70)
			snprintf(weak + strlen(weak), sizeof weak - strlen(weak), "%s%s (%.2f)", weak[0] ? ", " : "",
				 str(s, "name"), a);
	}
	if (!n)
		return;
	if (weak[0])
		finding(r, "Reliability: below the usual .70 threshold: %s; the other scales have Cronbach's alpha up to %.2f.",
			weak, hi);
	else
		finding(r, "Reliability: all %zu scales are reliable, Cronbach's alpha from %.2f (%s) to %.2f.", n, lo, lo_name,
			hi);
}

static void correlation_findings(struct report *r, const json_t *doc)
{
	const json_t *pairs = json_object_get(doc, "pairs");
	char line[1800] = "";

	for (size_t t = 0; t < r->st->n_traits; t++)
		for (size_t i = 0; i < json_array_size(pairs); i++) {
			const json_t *p = json_array_get(pairs, i);
			const char *a = str(p, "a"), *b = str(p, "b"), *other;
			double rv = num(p, "r"), pv = num(p, "p");
			char pb[32];
			if (strcmp(a, r->st->traits[t]) == 0)
				other = b;
			else if (strcmp(b, r->st->traits[t]) == 0)
				other = a;
			else
				continue;
			for (size_t u = 0; u < t; u++)
				if (strcmp(other, r->st->traits[u]) == 0)
					other = NULL;
			if (!other)
				continue;
			if (!(pv < 0.05) || strlen(line) > sizeof line - 200)
				continue;
			snprintf(line + strlen(line), sizeof line - strlen(line), "%s%s with %s (r = %.2f, %s)",
				 line[0] ? "; " : "", r->st->traits[t], other, rv, report_p(pv, pb, sizeof pb));
		}
	if (line[0])
		finding(r, "Correlations: %s.", line);
}

static int correlation_chart(struct report *r, json_t *sec, struct sk_error *err)
{
	json_t *doc, *vars, *rm, *pm;
	size_t k;
	double *rv = NULL, *pv = NULL;
	const char **labels = NULL;
	int status;

	doc = json_object_get(sec, "result");
	vars = json_object_get(doc, "vars");
	rm = json_object_get(doc, "r");
	pm = json_object_get(doc, "p");
	k = json_array_size(vars);
	rv = malloc(k * k * sizeof *rv);
	pv = malloc(k * k * sizeof *pv);
	labels = malloc(k * sizeof *labels);
	if (!rv || !pv || !labels) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t a = 0; a < k; a++) {
		labels[a] = json_string_value(json_array_get(vars, a));
		for (size_t b = 0; b < k; b++) {
			json_t *x = json_array_get(json_array_get(rm, a), b), *y = json_array_get(json_array_get(pm, a), b);
			rv[a * k + b] = json_is_number(x) ? json_number_value(x) : NAN;
			pv[a * k + b] = json_is_number(y) ? json_number_value(y) : NAN;
		}
	}
	{
		struct chart_heatmap h = {.t = {"correlations", "Correlations of the scale scores (Pearson r)", NULL, NULL},
					  .n = k, .labels = labels, .r = rv, .p = pv};
		if ((status = chart_heatmap(&r->charts, &h, err)) == 0)
			attach_chart(sec, "correlations", h.t.title);
	}
done:
	free(rv);
	free(pv);
	free(labels);
	return status;
}

/* The answer range of a scale's items from the codebook (NaN when not given). */
static void scale_range(const struct dataset *ds, const char *name, double *lo, double *hi)
{
	const struct scale *s = dataset_find_scale(ds, name);

	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t j = 0; s && j < s->k; j++) {
		const struct var_meta *m = &ds->frame.cols[s->items[j]].meta;
		*lo = fmin(*lo, m->min);
		*hi = fmax(*hi, m->max);
	}
	if (!isfinite(*lo) || !isfinite(*hi))
		*lo = *hi = NAN;
}

static void compare_findings(struct report *r, const json_t *doc)
{
	const json_t *groups = json_object_get(doc, "groups"), *posthoc = json_object_get(doc, "posthoc");
	int welch = json_is_true(json_object_get(doc, "equal_variances_rejected"));
	const json_t *test = json_object_get(doc, welch ? "welch" : "anova"), *anova = json_object_get(doc, "anova");
	const char *method = welch ? "games-howell" : "tukey";
	char means[1024] = "", pairs[1024] = "", pb[32];
	size_t n_sig = 0, n_pairs = 0;
	double p = num(test, "p");

	if (isnan(p))
		return;
	for (size_t i = 0; i < json_array_size(groups); i++) {
		const json_t *g = json_array_get(groups, i);
		snprintf(means + strlen(means), sizeof means - strlen(means), "%s%s %.2f", i ? ", " : "", str(g, "label"),
			 num(g, "mean"));
	}
	for (size_t i = 0; i < json_array_size(posthoc); i++) {
		const json_t *q = json_array_get(posthoc, i);
		char pq[32];
		if (strcmp(str(q, "method"), method) != 0)
			continue;
		n_pairs++;
		if (!(num(q, "p") < 0.05))
			continue;
		n_sig++;
		snprintf(pairs + strlen(pairs), sizeof pairs - strlen(pairs), "%s%s: %+.2f, d = %.2f, %s", n_sig > 1 ? "; " : "",
			 str(q, "pair"), num(q, "diff"), num(q, "d"), report_p(num(q, "p"), pq, sizeof pq));
	}
	if (p < 0.05)
		finding(r,
			"Scenarios: %s differs across %s (%s F(%.0f, %.1f) = %.2f, %s, eta squared = %.2f); means %s. "
			"%zu of %zu pairs differ (%s): %s.",
			str(doc, "y"), str(doc, "by"), welch ? "Welch" : "ANOVA", num(test, "df1"), num(test, "df2"),
			num(test, "F"), report_p(p, pb, sizeof pb), num(anova, "eta2"), means, n_sig, n_pairs,
			welch ? "Games-Howell, as Levene's test rejects equal variances" : "Tukey HSD", n_sig ? pairs : "none");
	else
		finding(r, "Scenarios: %s does not differ significantly across %s (%s F(%.0f, %.1f) = %.2f, %s); means %s.",
			str(doc, "y"), str(doc, "by"), welch ? "Welch" : "ANOVA", num(test, "df1"), num(test, "df2"),
			num(test, "F"), report_p(p, pb, sizeof pb), means);
}

static void within_findings(struct report *r, const json_t *doc, const char *base)
{
	const json_t *terms = json_object_get(json_object_get(doc, "anova"), "terms"), *conds = json_object_get(doc, "conditions");
	const json_t *sph = json_object_get(doc, "sphericity"), *test = NULL;
	int corrected = num(sph, "p") < 0.05;
	char means[1024] = "", pb[32];

	for (size_t i = 0; i < json_array_size(terms) && !test; i++) {
		const json_t *t = json_array_get(terms, i);
		if (strcmp(str(t, "correction"), corrected ? "greenhouse-geisser" : "none") == 0)
			test = t;
	}
	if (!test)
		return;
	for (size_t i = 0; i < json_array_size(conds); i++) {
		const json_t *c = json_array_get(conds, i);
		snprintf(means + strlen(means), sizeof means - strlen(means), "%s%s %.2f", i ? ", " : "", str(c, "label"),
			 num(c, "mean"));
	}
	finding(r, "Scenarios (repeated measures): the means of %s %s across the scenarios (%sF(%.2f, %.1f) = %.2f, %s, "
		   "partial eta squared = %.2f): %s.",
		base, num(test, "p") < 0.05 ? "differ" : "do not differ significantly",
		corrected ? "Greenhouse-Geisser corrected, as Mauchly's test rejects sphericity: " : "", num(test, "df1"),
		num(test, "df2"), num(test, "F"), report_p(num(test, "p"), pb, sizeof pb), num(test, "partial_eta2"), means);
}

static int compare_chart(struct report *r, json_t *sec, struct sk_error *err)
{
	const json_t *doc = json_object_get(sec, "result"), *groups = json_object_get(doc, "groups");
	int within = !groups;
	size_t k;
	char base[300] = "";

	if (within) {
		const json_t *sets = json_object_get(doc, "within");
		const char *first = json_string_value(json_array_get(sets, 0));
		groups = json_object_get(doc, "conditions");
		snprintf(base, sizeof base, "%s", first ? first : "");
		if (strstr(base, "_s"))
			*strrchr(base, '_') = '\0';
	}
	k = json_array_size(groups);
	double mean[64], lo[64], hi[64], ymin, ymax;
	const char *cats[64];
	char name[300], title[400], ylabel[400];
	int status;

	if (k == 0 || k > 64)
		return 0;
	for (size_t i = 0; i < k; i++) {
		const json_t *g = json_array_get(groups, i);
		cats[i] = str(g, "label");
		mean[i] = num(g, "mean");
		lo[i] = num(g, "llci");
		hi[i] = num(g, "ulci");
	}
	scale_range(r->ds, within ? json_string_value(json_array_get(json_object_get(doc, "within"), 0)) : str(doc, "y"),
		    &ymin, &ymax);
	report_chart_name(name, sizeof name, "means-", within ? base : str(doc, "y"));
	if (within)
		snprintf(title, sizeof title, "Mean %s in each scenario (repeated measures)", base);
	else
		snprintf(title, sizeof title, "Mean %s by %s", str(doc, "y"), str(doc, "by"));
	if (isfinite(ymin))
		snprintf(ylabel, sizeof ylabel, "Mean %s score (%g-%g)", within ? base : str(doc, "y"), ymin, ymax);
	else
		snprintf(ylabel, sizeof ylabel, "Mean %s score", within ? base : str(doc, "y"));
	{
		size_t col = within ? SIZE_MAX : frame_find(&r->ds->frame, str(doc, "by"));
		const char *xlabel = within ? "Scenario (condition)"
				     : col != SIZE_MAX && r->ds->frame.cols[col].meta.label ? r->ds->frame.cols[col].meta.label
											      : str(doc, "by");
		struct chart_means c = {.t = {name, title, xlabel, ylabel}, .n_cats = k, .n_series = 1, .cats = cats,
					.mean = mean, .lo = lo, .hi = hi, .ymin = ymin, .ymax = ymax};
		if ((status = chart_means(&r->charts, &c, err)) == 0)
			attach_chart(sec, name, title);
	}
	return status;
}

static void segment_findings(struct report *r, const json_t *doc)
{
	const json_t *tests = json_object_get(doc, "tests"), *profiles = json_object_get(doc, "profiles");

	for (size_t i = 0; i < json_array_size(tests); i++) {
		const json_t *t = json_array_get(tests, i);
		const char *y = str(t, "outcome");
		double p = num(t, "welch_p"), F = num(t, "welch_F"), df1 = num(t, "df1"), df2 = num(t, "welch_df2");
		const json_t *best = NULL, *worst = NULL;
		char pb[32];
		int welch = 1;
		if (isnan(p)) {
			welch = 0;
			p = num(t, "p");
			F = num(t, "F");
			df2 = num(t, "df2");
		}
		if (isnan(p))
			continue;
		for (size_t j = 0; j < json_array_size(profiles); j++) {
			const json_t *row = json_array_get(profiles, j);
			double m = num(row, "mean");
			if (strcmp(str(row, "outcome"), y) != 0 || isnan(m))
				continue;
			if (!best || m > num(best, "mean"))
				best = row;
			if (!worst || m < num(worst, "mean"))
				worst = row;
		}
		if (p < 0.05 && best && worst)
			finding(r,
				"Segments: %s differs between the %.0f segments (%s F(%.0f, %.1f) = %.2f, %s, eta squared = %.2f); "
				"highest for '%s' (M = %.2f), lowest for '%s' (M = %.2f).",
				y, num(t, "segments"), welch ? "Welch" : "ANOVA", df1, df2, F, report_p(p, pb, sizeof pb),
				num(t, "eta2"), str(best, "segment"), num(best, "mean"), str(worst, "segment"),
				num(worst, "mean"));
		else
			finding(r, "Segments: %s does not differ significantly between the segments (%s F(%.0f, %.1f) = %.2f, %s).",
				y, welch ? "Welch" : "ANOVA", df1, df2, F, report_p(p, pb, sizeof pb));
	}
}

/* The profile chart: segments along x, one bar per outcome. */
static int segment_chart(struct report *r, json_t *sec, struct sk_error *err)
{
	const json_t *doc = json_object_get(sec, "result"), *segs = json_object_get(doc, "segments"),
		     *profiles = json_object_get(doc, "profiles");
	size_t ns = json_array_size(segs), no = r->st->n_outcomes, n = ns * no;
	double *mean = malloc((n ? n : 1) * sizeof *mean), *lo = malloc((n ? n : 1) * sizeof *lo),
	       *hi = malloc((n ? n : 1) * sizeof *hi), ymin = INFINITY, ymax = -INFINITY;
	char **cats = calloc(ns ? ns : 1, sizeof *cats);
	int status = 0;

	if (!mean || !lo || !hi || !cats) {
		status = sk_out_of_memory(err);
		goto done;
	}
	/* category labels: the levels only, one line per --on variable ("low\nhigh") */
	for (size_t q = 0; q < ns; q++) {
		const char *s = str(json_array_get(segs, q), "segment");
		size_t o = 0;
		if (!(cats[q] = malloc(strlen(s) + 1))) {
			status = sk_out_of_memory(err);
			goto done;
		}
		for (size_t t = 0; t < r->st->n_traits; t++) {
			size_t len = strlen(r->st->traits[t]);
			const char *end;
			if (strncmp(s, r->st->traits[t], len) == 0 && s[len] == ' ')
				s += len + 1;
			end = strstr(s, ", ");
			len = end ? (size_t)(end - s) : strlen(s);
			if (o)
				cats[q][o++] = '\n';
			memcpy(cats[q] + o, s, len);
			o += len;
			s += len + (end ? 2 : 0);
		}
		cats[q][o] = '\0';
	}
	for (size_t i = 0; i < n; i++)
		mean[i] = lo[i] = hi[i] = NAN;
	for (size_t j = 0; j < json_array_size(profiles); j++) {
		const json_t *row = json_array_get(profiles, j);
		for (size_t o = 0; o < no; o++)
			if (strcmp(str(row, "outcome"), r->st->outcomes[o]) == 0)
				for (size_t q = 0; q < ns; q++)
					if (strcmp(str(row, "segment"), str(json_array_get(segs, q), "segment")) == 0) {
						mean[o * ns + q] = num(row, "mean");
						lo[o * ns + q] = num(row, "llci");
						hi[o * ns + q] = num(row, "ulci");
					}
	}
	/* the answer range of the outcomes' items, when the codebook gives one */
	for (size_t o = 0; o < no; o++) {
		double a, b;
		scale_range(r->ds, r->st->outcomes[o], &a, &b);
		ymin = fmin(ymin, a);
		ymax = fmax(ymax, b);
	}
	/* at most SEGMENT_CHART_OUTCOMES outcomes per chart, so every bar keeps a readable label */
	for (size_t first = 0; first < no && status == 0; first += SEGMENT_CHART_OUTCOMES) {
		size_t count = no - first < SEGMENT_CHART_OUTCOMES ? no - first : SEGMENT_CHART_OUTCOMES;
		char title[256], xlabel[256] = "Segment: ", name[64];
		if (no <= SEGMENT_CHART_OUTCOMES)
			snprintf(name, sizeof name, "segments");
		else
			snprintf(name, sizeof name, "segments-%zu", first / SEGMENT_CHART_OUTCOMES + 1);
		snprintf(title, sizeof title, "Outcome means by segment (%ss of the traits)", str(doc, "method"));
		for (size_t t = 0; t < r->st->n_traits; t++)
			snprintf(xlabel + strlen(xlabel), sizeof xlabel - strlen(xlabel), "%s%s", t ? " (upper line) x " : "",
				 r->st->traits[t]);
		if (r->st->n_traits > 1)
			snprintf(xlabel + strlen(xlabel), sizeof xlabel - strlen(xlabel), " (lower line)");
		struct chart_means c = {.t = {name, title, xlabel, "Mean score (95% CI)"},
					.n_cats = ns, .n_series = count, .cats = (const char *const *)cats,
					.series = (const char *const *)r->st->outcomes + first, .mean = mean + first * ns,
					.lo = lo + first * ns, .hi = hi + first * ns,
					.ymin = isfinite(ymin) ? ymin : NAN, .ymax = isfinite(ymax) ? ymax : NAN};
		if ((status = chart_means(&r->charts, &c, err)) == 0)
			attach_chart(sec, name, title);
	}
done:
	for (size_t q = 0; cats && q < ns; q++)
		free(cats[q]);
	free(cats);
	free(mean);
	free(lo);
	free(hi);
	return status;
}

static char *join(char **list, size_t n)
{
	size_t len = 1;
	char *s;

	for (size_t i = 0; i < n; i++)
		len += strlen(list[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(s, ",");
		strcat(s, list[i]);
	}
	return s;
}

/* --- regressions and moderation ----------------------------------------------------------------- */

static const json_t *find_row(const json_t *rows, const char *key, const char *value)
{
	for (size_t i = 0; i < json_array_size(rows); i++)
		if (strcmp(str(json_array_get(rows, i), key), value) == 0)
			return json_array_get(rows, i);
	return NULL;
}

static void regress_findings(struct report *r, const json_t *doc)
{
	const json_t *by = json_object_get(doc, "by_group"), *groups = json_object_get(by, "groups"),
		     *tests = json_object_get(by, "slope_tests");
	char line[1800], pb[32];
	size_t len;

	len = (size_t)snprintf(line, sizeof line, "Regressions: %s on %s", str(doc, "y"), "");
	for (size_t t = 0; t < r->st->n_traits; t++)
		len += (size_t)snprintf(line + len, sizeof line - len, "%s%s", t ? " and " : "", r->st->traits[t]);
	len += (size_t)snprintf(line + len, sizeof line - len, " per %s:", str(by, "variable"));
	for (size_t g = 0; g < json_array_size(groups) && len < sizeof line - 200; g++) {
		const json_t *grp = json_array_get(groups, g), *coefs = json_object_get(grp, "coefficients");
		len += (size_t)snprintf(line + len, sizeof line - len, "%s %s (R2 = %.2f)", g ? ";" : "", str(grp, "label"),
					num(grp, "r2"));
		for (size_t t = 0; t < r->st->n_traits && len < sizeof line - 100; t++) {
			const json_t *c = find_row(coefs, "term", r->st->traits[t]);
			if (c)
				len += (size_t)snprintf(line + len, sizeof line - len, " %s b = %.2f (%s)", r->st->traits[t],
							num(c, "b"), report_p(num(c, "p"), pb, sizeof pb));
		}
	}
	for (size_t t = 0; t < r->st->n_traits && len < sizeof line - 150; t++) {
		char name[300];
		const json_t *test;
		snprintf(name, sizeof name, "slope of '%s' equal across groups", r->st->traits[t]);
		if ((test = find_row(tests, "test", name)) != NULL)
			len += (size_t)snprintf(line + len, sizeof line - len, "%s %s slope %s across %s (F(%.0f, %.0f) = %.2f, %s)",
						t ? "; the" : ". The", r->st->traits[t], num(test, "p") < 0.05 ? "differs" : "does not differ significantly",
						str(by, "variable"), num(test, "df1"), num(test, "df2"), num(test, "F"),
						report_p(num(test, "p"), pb, sizeof pb));
	}
	finding(r, "%s.", line);
}

/* The series of a moderation's conditional effects: one per "term" (a categorical X), or one. */
static size_t effect_terms(const json_t *effects, const char **terms, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(effects); i++) {
		const char *t = str(json_array_get(effects, i), "term");
		size_t j = 0;
		while (j < n && strcmp(terms[j], t) != 0)
			j++;
		if (j == n && n < max)
			terms[n++] = t;
	}
	return n;
}

/* The Johnson-Neyman band from the moderate document. The conditional effect of each X term is
 * linear in W and its variance quadratic, theta(w) = a + b w, var(w) = A + 2 B w + C w^2
 * (Hayes 2022, sec. 7.4), so the effect and SE that moderate printed at three probe values fix
 * both exactly; the band is drawn over JN_BAND_POINTS values of W with the model's critical t. */
#define JN_BAND_POINTS 41
static int jn_chart(struct report *r, json_t *sec, const char *trait, struct sk_error *err)
{
	const json_t *doc = json_object_get(sec, "result"), *effects = json_object_get(doc, "conditional_effects"),
		     *jn = json_object_get(doc, "johnson_neyman"), *table = json_object_get(jn, "table"),
		     *points = json_object_get(jn, "points");
	const char *terms[16], *labels[16];
	char label_buf[16][200];
	size_t nt = effect_terms(effects, terms, 16), np = json_array_size(points), n_regions = 0;
	double df = num(json_object_get(doc, "interaction_test"), "df2"), level = r->cli->ci, tcrit, lo_w, hi_w;
	double x[JN_BAND_POINTS], *est, *lo, *hi, from[8], to[8], pts[8];
	json_t *data;
	char name[300], title[400], region[200];
	int status;

	if (nt == 0 || json_array_size(table) < 2 || !(df > 0))
		return 0;
	lo_w = num(json_array_get(table, 0), "w");
	hi_w = num(json_array_get(table, json_array_size(table) - 1), "w");
	tcrit = gsl_cdf_tdist_Pinv(0.5 + level / 2, df);
	est = malloc(nt * JN_BAND_POINTS * sizeof *est);
	lo = malloc(nt * JN_BAND_POINTS * sizeof *lo);
	hi = malloc(nt * JN_BAND_POINTS * sizeof *hi);
	if (!est || !lo || !hi) {
		free(est), free(lo), free(hi);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < JN_BAND_POINTS; i++)
		x[i] = lo_w + (hi_w - lo_w) * (double)i / (JN_BAND_POINTS - 1);
	data = doc_obj(chart_data(sec), "jn_band");
	doc_str(data, "how", "effect and SE of each term at the probe values give theta(w) = a + b w and var(w) = A + 2Bw + "
			     "Cw^2 exactly; CI with the model's critical t");
	doc_num(data, "t_crit", tcrit);
	{
		json_t *xs = doc_arr(data, "w");
		for (size_t i = 0; i < JN_BAND_POINTS; i++)
			doc_push_num(xs, x[i]);
	}
	for (size_t t = 0; t < nt; t++) {
		double w[3], e[3], v[3];
		size_t m = 0;
		json_t *series = doc_push_obj(json_object_get(data, "series") ? json_object_get(data, "series")
									   : doc_arr(data, "series"));
		for (size_t i = 0; i < json_array_size(effects) && m < 3; i++) {
			const json_t *row = json_array_get(effects, i);
			if (strcmp(str(row, "term"), terms[t]) != 0)
				continue;
			w[m] = num(row, "w");
			e[m] = num(row, "effect");
			v[m] = num(row, "se") * num(row, "se");
			m++;
		}
		snprintf(label_buf[t], sizeof label_buf[t], "%s", terms[t][0] ? terms[t] : "effect");
		/* "scenario=3" reads better as the level's label against the reference */
		{
			const char *eq = strchr(terms[t], '=');
			size_t col = frame_find(&r->ds->frame, str(doc, "x"));
			if (eq && col != SIZE_MAX) {
				char *end;
				double lv = strtod(eq + 1, &end);
				const char *lab = *end ? NULL : var_meta_value_label(&r->ds->frame.cols[col].meta, lv);
				if (lab)
					snprintf(label_buf[t], sizeof label_buf[t], "%s vs the first level", lab);
			}
		}
		labels[t] = label_buf[t];
		doc_str(series, "term", terms[t]);
		{
			json_t *ej = doc_arr(series, "effect"), *lj = doc_arr(series, "llci"), *uj = doc_arr(series, "ulci");
			double a = NAN, b = NAN, A = NAN, B = NAN, C = NAN;
			if (m == 3 && w[0] != w[1] && w[1] != w[2] && w[0] != w[2]) {
				/* effect: the line through the first and last probe; variance: the parabola through all three */
				double d01 = (v[1] - v[0]) / (w[1] - w[0]), d12 = (v[2] - v[1]) / (w[2] - w[1]);
				b = (e[2] - e[0]) / (w[2] - w[0]);
				a = e[0] - b * w[0];
				C = (d12 - d01) / (w[2] - w[0]);
				B = (d01 - C * (w[0] + w[1])) / 2;
				A = v[0] - 2 * B * w[0] - C * w[0] * w[0];
			}
			for (size_t i = 0; i < JN_BAND_POINTS; i++) {
				size_t k = t * JN_BAND_POINTS + i;
				double var = A + 2 * B * x[i] + C * x[i] * x[i];
				est[k] = a + b * x[i];
				lo[k] = var >= 0 ? est[k] - tcrit * sqrt(var) : NAN;
				hi[k] = var >= 0 ? est[k] + tcrit * sqrt(var) : NAN;
				doc_push_num(ej, est[k]);
				doc_push_num(lj, lo[k]);
				doc_push_num(uj, hi[k]);
			}
		}
	}
	/* regions of significance: between consecutive boundaries (range ends and JN points), the
	 * interval whose middle the JN table finds significant */
	{
		double bounds[10];
		size_t nb = 0;
		bounds[nb++] = lo_w;
		for (size_t i = 0; i < np && i < 8; i++) {
			double pnt = json_number_value(json_array_get(points, i));
			pts[i] = pnt;
			if (pnt > lo_w && pnt < hi_w)
				bounds[nb++] = pnt;
		}
		bounds[nb++] = hi_w;
		for (size_t i = 0; i + 1 < nb && n_regions < 8; i++) {
			double mid = (bounds[i] + bounds[i + 1]) / 2, best = INFINITY, p = NAN;
			for (size_t j = 0; j < json_array_size(table); j++) {
				const json_t *row = json_array_get(table, j);
				if (fabs(num(row, "w") - mid) < best)
					best = fabs(num(row, "w") - mid), p = num(row, "p");
			}
			if (p < 1 - level) {
				if (n_regions && from[n_regions - 1] < bounds[i] && to[n_regions - 1] == bounds[i])
					to[n_regions - 1] = bounds[i + 1];
				else
					from[n_regions] = bounds[i], to[n_regions++] = bounds[i + 1];
			}
		}
	}
	report_chart_name(name, sizeof name, "jn-", str(doc, "y"));
	snprintf(name + strlen(name), sizeof name - strlen(name), "-by-");
	report_chart_name(name + strlen(name), sizeof name - strlen(name), "", trait);
	snprintf(title, sizeof title, "Effect of %s on %s across %s (Johnson-Neyman)", str(doc, "x"), str(doc, "y"), trait);
	snprintf(region, sizeof region, "%s effect significant (p < %.2g)", str(doc, "x"), 1 - level);
	{
		char ylabel[300];
		snprintf(ylabel, sizeof ylabel, "Conditional effect on %s (%g%% CI)", str(doc, "y"), level * 100);
		struct chart_band c = {.t = {name, title, trait, ylabel}, .n_points = JN_BAND_POINTS, .n_series = nt, .x = x,
				       .est = est, .lo = lo, .hi = hi, .series = labels, .region_from = from, .region_to = to,
				       .n_regions = n_regions, .region_label = region, .points = pts,
				       .n_transitions = np < 8 ? np : 8, .ref = 0};
		if ((status = chart_band(&r->charts, &c, err)) == 0)
			attach_chart(sec, name, title);
	}
	free(est);
	free(lo);
	free(hi);
	return status;
}

/* Simple slopes: predicted outcome at each probed value of W, one line per level of X. */
static int slopes_chart(struct report *r, json_t *sec, const char *trait, struct sk_error *err)
{
	const json_t *doc = json_object_get(sec, "result"), *ss = json_object_get(doc, "simple_slopes");
	const char *series[16];
	double w[8], *y;
	size_t ns = 0, nw = 0;
	char name[300], title[400], ylabel[300], legend[200];
	int status;

	for (size_t i = 0; i < json_array_size(ss); i++) {
		const json_t *row = json_array_get(ss, i);
		const char *lab = str(row, "x_label");
		double wv = num(row, "w");
		size_t j = 0;
		while (j < ns && strcmp(series[j], lab) != 0)
			j++;
		if (j == ns && ns < 16)
			series[ns++] = lab;
		for (j = 0; j < nw && w[j] != wv; j++)
			;
		if (j == nw && nw < 8)
			w[nw++] = wv;
	}
	if (ns == 0 || nw < 2)
		return 0;
	y = malloc(ns * nw * sizeof *y);
	if (!y)
		return sk_out_of_memory(err);
	for (size_t i = 0; i < ns * nw; i++)
		y[i] = NAN;
	for (size_t i = 0; i < json_array_size(ss); i++) {
		const json_t *row = json_array_get(ss, i);
		for (size_t a = 0; a < ns; a++)
			for (size_t b = 0; b < nw; b++)
				if (strcmp(series[a], str(row, "x_label")) == 0 && w[b] == num(row, "w"))
					y[a * nw + b] = num(row, "yhat");
	}
	report_chart_name(name, sizeof name, "slopes-", str(doc, "y"));
	snprintf(name + strlen(name), sizeof name - strlen(name), "-by-");
	report_chart_name(name + strlen(name), sizeof name - strlen(name), "", trait);
	snprintf(title, sizeof title, "Predicted %s by %s at low, middle and high %s", str(doc, "y"), str(doc, "x"), trait);
	snprintf(ylabel, sizeof ylabel, "Predicted %s", str(doc, "y"));
	snprintf(legend, sizeof legend, "%s", str(doc, "x"));
	{
		char xlabel[300];
		snprintf(xlabel, sizeof xlabel, "%s (16th, 50th and 84th percentiles)", trait);
		struct chart_lines c = {.t = {name, title, xlabel, ylabel}, .n_points = nw, .n_series = ns, .x = w, .y = y,
					.series = series, .legend_title = legend};
		if ((status = chart_lines(&r->charts, &c, err)) == 0)
			attach_chart(sec, name, title);
	}
	free(y);
	return status;
}

static void moderate_findings(struct report *r, const json_t *doc, const char *trait)
{
	const json_t *it = json_object_get(doc, "interaction_test"), *jn = json_object_get(doc, "johnson_neyman");
	const json_t *points = json_object_get(jn, "points");
	double p = num(it, "p");
	char pb[32], where[400] = "";

	if (isnan(p))
		return;
	for (size_t i = 0; i < json_array_size(points); i++) {
		const json_t *share = json_array_get(json_object_get(jn, "shares"), i);
		snprintf(where + strlen(where), sizeof where - strlen(where), "%s%s = %.2f (%.1f%% of cases below)",
			 i ? ", " : "; Johnson-Neyman point at ", trait, json_number_value(json_array_get(points, i)),
			 num(share, "below"));
	}
	if (p < 0.05)
		finding(r, "Moderation: %s moderates the effect of %s on %s (R2 change = %.3f, F(%.0f, %.0f) = %.2f, %s)%s.",
			trait, str(doc, "x"), str(doc, "y"), num(it, "r2_change"), num(it, "df1"), num(it, "df2"), num(it, "F"),
			report_p(p, pb, sizeof pb), where);
	else
		finding(r, "Moderation: %s does not significantly moderate the effect of %s on %s (F(%.0f, %.0f) = %.2f, %s).",
			trait, str(doc, "x"), str(doc, "y"), num(it, "df1"), num(it, "df2"), num(it, "F"),
			report_p(p, pb, sizeof pb));
}

/* --- the plan: one job per section, computed in parallel, assembled in order ------------------- */

enum job_kind {
	JOB_DESCRIBE,
	JOB_RELIABILITY,
	JOB_CORRELATE,
	JOB_COMPARE,
	JOB_WITHIN,
	JOB_REGRESS,
	JOB_MODERATE,
	JOB_SEGMENT
};

struct job {
	enum job_kind kind;
	document_fn fn;
	const char *command;
	struct cli_value vals[4];
	size_t n;
	const char *trait; /* JOB_MODERATE: the moderator; JOB_WITHIN: the outcome's base name */
	json_t *sec;       /* id, title, args, command, result, charts, chart_data */
	json_t *doc;
	int status;
	struct sk_error err;
};

/* Adds a section to the plan: its command line is the single command that gives the same result. */
static int add_job(struct report *r, enum job_kind kind, document_fn fn, const char *command, const char *id,
		   const char *title, const struct cli_value *vals, size_t n, const char *trait, struct sk_error *err)
{
	struct job *j;
	json_t *args;
	char line[2048];
	size_t len;

	if (r->n_jobs == r->cap_jobs) {
		size_t cap = r->cap_jobs ? 2 * r->cap_jobs : 16;
		struct job *v = realloc(r->jobs, cap * sizeof *v);
		if (!v)
			return sk_out_of_memory(err);
		r->jobs = v;
		r->cap_jobs = cap;
	}
	j = &r->jobs[r->n_jobs++];
	memset(j, 0, sizeof *j);
	j->kind = kind;
	j->fn = fn;
	j->command = command;
	j->n = n;
	j->trait = trait;
	for (size_t i = 0; i < n; i++)
		j->vals[i] = vals[i];
	len = (size_t)snprintf(line, sizeof line, "surveykit %s %s", command, r->data);
	if (r->cli->codebook)
		len += (size_t)snprintf(line + len, sizeof line - len, " --codebook %s", r->cli->codebook);
	j->sec = json_object();
	doc_str(j->sec, "id", id);
	doc_str(j->sec, "title", title);
	args = doc_arr(j->sec, "args");
	doc_push_str(args, command);
	for (size_t i = 0; i < n && len < sizeof line; i++) {
		char opt[256];
		snprintf(opt, sizeof opt, "--%s", vals[i].name);
		doc_push_str(args, opt);
		len += (size_t)snprintf(line + len, sizeof line - len, " %s", opt);
		if (vals[i].value[0]) {
			doc_push_str(args, vals[i].value);
			len += (size_t)snprintf(line + len, sizeof line - len, " %s", vals[i].value);
		}
	}
	doc_str(j->sec, "command", line);
	json_object_set_new(j->sec, "result", json_null());
	doc_arr(j->sec, "charts");
	return 0;
}

/* A string the plan's options point to, freed with the jobs. */
static int push_owned(struct report *r, char *s)
{
	char **v = realloc(r->owned, (r->n_owned + 1) * sizeof *v);

	if (!v)
		return -1;
	r->owned = v;
	v[r->n_owned++] = s;
	return 0;
}

static int plan(struct report *r, struct sk_error *err)
{
	const struct study *st = r->st;
	int status;
	char id[400], title[500];

	if ((status = add_job(r, JOB_DESCRIBE, describe_document, "describe", "describe", "Data screening", NULL, 0, NULL,
			      err)) != 0)
		return status;
	if (r->ds->n_scales) {
		const struct cli_value v[] = {{"validity", ""}};
		if ((status = add_job(r, JOB_RELIABILITY, reliability_document, "reliability", "reliability",
				      "Reliability and validity of the scales", v, 1, NULL, err)) != 0)
			return status;
	}
	if (r->ds->n_scales >= 2 && (status = add_job(r, JOB_CORRELATE, correlate_document, "correlate", "correlations",
						      "Correlations of the scales", NULL, 0, NULL, err)) != 0)
		return status;
	for (size_t o = 0; st->group && o < st->n_outcomes; o++) {
		const struct cli_value v[] = {{"y", st->outcomes[o]}, {"by", st->group}};
		snprintf(id, sizeof id, "compare-%s", st->outcomes[o]);
		snprintf(title, sizeof title, "%s across the levels of %s", st->outcomes[o], st->group);
		if ((status = add_job(r, JOB_COMPARE, compare_document, "compare", id, title, v, 2, NULL, err)) != 0)
			return status;
	}
	for (size_t i = 0; i < st->n_within; i++) {
		char *list = join(st->within[i].vars, st->within[i].n);
		const struct cli_value v[] = {{"within", list ? list : ""}};
		if (!list || push_owned(r, list) != 0) {
			free(list);
			return sk_out_of_memory(err);
		}
		snprintf(id, sizeof id, "compare-within-%s", st->within[i].base);
		snprintf(title, sizeof title, "%s across the scenarios (repeated measures)", st->within[i].base);
		if ((status = add_job(r, JOB_WITHIN, compare_document, "compare", id, title, v, 1, st->within[i].base, err)) != 0)
			return status;
	}
	for (size_t o = 0; st->group && st->n_traits && o < st->n_outcomes; o++) {
		const struct cli_value v[] = {{"y", st->outcomes[o]}, {"x", r->traits_joined}, {"by", st->group}};
		snprintf(id, sizeof id, "regress-%s", st->outcomes[o]);
		snprintf(title, sizeof title, "%s regressed on %s, per level of %s", st->outcomes[o], r->traits_joined, st->group);
		if ((status = add_job(r, JOB_REGRESS, regress_document, "regress", id, title, v, 3, NULL, err)) != 0)
			return status;
	}
	for (size_t o = 0; st->group && o < st->n_outcomes; o++)
		for (size_t t = 0; t < st->n_traits; t++) {
			const struct cli_value v[] = {{"y", st->outcomes[o]}, {"x", st->group}, {"w", st->traits[t]}, {"jn", ""}};
			snprintf(id, sizeof id, "moderate-%s-by-%s", st->outcomes[o], st->traits[t]);
			snprintf(title, sizeof title, "Moderation of the %s effect on %s by %s", st->group, st->outcomes[o],
				 st->traits[t]);
			if ((status = add_job(r, JOB_MODERATE, moderate_document, "moderate", id, title, v, 4, st->traits[t],
					      err)) != 0)
				return status;
		}
	if (st->n_traits && st->n_outcomes) {
		const struct cli_value v[] = {{"on", r->traits_joined}, {"method", "tertile"}, {"outcomes", r->outcomes_joined}};
		if ((status = add_job(r, JOB_SEGMENT, segment_document, "segment", "segments", "Segments by the customer traits",
				      v, 3, NULL, err)) != 0)
			return status;
	} else {
		doc_note(r->results, "segments: no %s found (name them with --traits and --outcomes)",
			 st->n_traits ? "outcome scales" : "trait scales");
	}
	return 0;
}

static void run_job(struct report *r, struct job *j)
{
	struct cli opts = cli_derive(r->cli, j->command, &r->data, j->vals, j->n);

	j->status = j->fn(&opts, r->ds, &j->doc, &j->err);
}

static void *worker(void *arg)
{
	struct report *r = arg;

	for (;;) {
		size_t i;
		pthread_mutex_lock(&r->lock);
		i = r->next_job++;
		pthread_mutex_unlock(&r->lock);
		if (i >= r->n_jobs)
			return NULL;
		run_job(r, &r->jobs[i]);
	}
}

/* Starts the jobs on up to REPORT_THREADS - 1 threads besides the caller's (at most one per
 * processor in all), which joins them in finish_jobs. The document functions only read the
 * dataset; its cache fills each value once under its own lock. */
static int start_jobs(struct report *r, struct sk_error *err)
{
	size_t threads;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	threads = cores > 1 ? (size_t)cores : 1;
	threads = threads < REPORT_THREADS ? threads : REPORT_THREADS;
	threads = threads < r->n_jobs ? threads : r->n_jobs;
	if (pthread_mutex_init(&r->lock, NULL) != 0)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot start the analyses");
	r->next_job = 0;
	r->n_threads = 0;
	for (size_t t = 1; t < threads; t++)
		if (pthread_create(&r->tid[r->n_threads], NULL, worker, r) == 0)
			r->n_threads++;
	return 0;
}

/* Runs the jobs left on the calling thread too and waits for all. */
static void finish_jobs(struct report *r)
{
	worker(r);
	for (size_t t = 0; t < r->n_threads; t++)
		pthread_join(r->tid[t], NULL);
	pthread_mutex_destroy(&r->lock);
}

/* The sections in plan order, with their findings and charts. */
static int assemble(struct report *r, struct sk_error *err)
{
	int status = 0;

	for (size_t i = 0; i < r->n_jobs && status == 0; i++) {
		struct job *j = &r->jobs[i];
		json_t *doc;
		if (j->status == SK_EXIT_ANALYSIS) {
			doc_note(r->results, "%s: not computed on this wave (%s)", json_string_value(json_object_get(j->sec, "title")),
				 j->err.msg);
			continue;
		}
		if (j->status != 0) {
			*err = j->err;
			return j->status;
		}
		json_object_set_new(j->sec, "result", j->doc);
		j->doc = NULL;
		json_array_append(r->sections, j->sec);
		doc = json_object_get(j->sec, "result");
		switch (j->kind) {
		case JOB_DESCRIBE:
			break;
		case JOB_RELIABILITY:
			reliability_findings(r, doc);
			break;
		case JOB_CORRELATE:
			correlation_findings(r, doc);
			status = correlation_chart(r, j->sec, err);
			break;
		case JOB_COMPARE:
			compare_findings(r, doc);
			status = compare_chart(r, j->sec, err);
			break;
		case JOB_WITHIN:
			within_findings(r, doc, j->trait);
			status = compare_chart(r, j->sec, err);
			break;
		case JOB_REGRESS:
			regress_findings(r, doc);
			break;
		case JOB_MODERATE:
			moderate_findings(r, doc, j->trait);
			if ((status = slopes_chart(r, j->sec, j->trait, err)) == 0)
				status = jn_chart(r, j->sec, j->trait, err);
			break;
		case JOB_SEGMENT:
			segment_findings(r, doc);
			status = segment_chart(r, j->sec, err);
			break;
		}
	}
	return status;
}

static void release_jobs(struct report *r)
{
	for (size_t i = 0; i < r->n_jobs; i++) {
		json_decref(r->jobs[i].sec);
		json_decref(r->jobs[i].doc);
	}
	free(r->jobs);
	for (size_t i = 0; i < r->n_owned; i++)
		free(r->owned[i]);
	free(r->owned);
	free(r->traits_joined);
	free(r->outcomes_joined);
}

/* --- writing ------------------------------------------------------------------------------------ */

static void write_section(FILE *out, const struct report *r, const json_t *sec, int no, int md)
{
	struct render_options ro = {.format = md ? FORMAT_MARKDOWN : FORMAT_TEXT, .digits = r->cli->digits, .embedded = 1};
	const json_t *charts = json_object_get(sec, "charts");
	char head[512];
	int len = snprintf(head, sizeof head, "%d. %s", no, str(sec, "title"));

	if (md)
		fprintf(out, "## %s\n\n`%s`\n\n", head, str(sec, "command"));
	else
		fprintf(out, "%s\n%.*s\n%s\n\n", head, len < 78 ? len : 78,
			"==============================================================================",
			str(sec, "command"));
	render_doc(json_object_get(sec, "result"), &ro, out);
	if (json_array_size(charts) == 0)
		return;
	if (!md)
		fputs("Charts:\n", out);
	for (size_t i = 0; i < json_array_size(charts); i++) {
		const json_t *c = json_array_get(charts, i);
		if (md && r->charts.rendered)
			fprintf(out, "![%s](%s)\n\n", str(c, "title"), str(c, "png"));
		else if (md)
			fprintf(out, "- %s: `%s` (not drawn: see the notes)\n", str(c, "title"), str(c, "script"));
		else
			fprintf(out, "  - %s: %s\n", str(c, "title"), r->charts.rendered ? str(c, "png") : str(c, "script"));
	}
	fputc('\n', out);
}

static void write_lines(FILE *out, const json_t *lines, const char *title, int md)
{
	if (json_array_size(lines) == 0)
		return;
	fprintf(out, md ? "## %s\n\n" : "%s\n--------\n", title);
	for (size_t i = 0; i < json_array_size(lines); i++)
		fprintf(out, md ? "- %s\n" : "  - %s\n", json_string_value(json_array_get(lines, i)));
	fputc('\n', out);
}

static void write_report(FILE *out, const struct report *r, int md)
{
	const struct study *st = r->st;
	const json_t *input = json_object_get(r->results, "input");

	fprintf(out, md ? "# Study report: %s\n\n" : "Study report: %s\n", r->data);
	fprintf(out, md ? "surveykit %s; %lld rows read.\n\n" : "surveykit %s; %lld rows read.\n\n", SURVEYKIT_VERSION,
		(long long)json_integer_value(json_object_get(input, "rows")));
	fprintf(out, md ? "## Study variables\n\n" : "Study variables\n---------------\n");
	fprintf(out, md ? "- **Condition**: %s\n" : "  condition: %s\n", st->group ? st->group : "none found");
	fprintf(out, md ? "- **Traits**: " : "  traits:    ");
	for (size_t i = 0; i < st->n_traits; i++)
		fprintf(out, "%s%s", i ? ", " : "", st->traits[i]);
	fprintf(out, md ? "%s\n- **Outcomes**: " : "%s\n  outcomes:  ", st->n_traits ? "" : "none found");
	for (size_t i = 0; i < st->n_outcomes; i++)
		fprintf(out, "%s%s", i ? ", " : "", st->outcomes[i]);
	fprintf(out, md ? "%s\n- **How they were found**: %s\n\n" : "%s\n  rule:      %s\n\n", st->n_outcomes ? "" : "none found",
		STUDY_RULE);
	write_lines(out, r->findings, "Findings", md);
	for (size_t i = 0; i < json_array_size(r->sections); i++)
		write_section(out, r, json_array_get(r->sections, i), (int)i + 1, md);
	write_lines(out, json_object_get(r->results, "notes"), "Notes", md);
}

static int write_file(const char *dir, const char *name, const struct report *r, int kind, struct sk_error *err)
{
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path = malloc(len);
	FILE *f;
	int e = 0;

	if (!path)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': out of memory", name);
	snprintf(path, len, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		e = errno;
		free(path);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s/%s': %s", dir, name, strerror(e));
	}
	if (kind == 2) {
		if (json_dumpf(r->results, f, JSON_INDENT(2) | JSON_REAL_PRECISION(17)) != 0)
			e = EIO;
		fputc('\n', f);
	} else {
		write_report(f, r, kind == 1);
	}
	if (fflush(f) != 0 || ferror(f))
		e = e ? e : (errno ? errno : EIO);
	if (fclose(f) != 0 && !e)
		e = errno;
	free(path);
	if (e)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s/%s': %s", dir, name, strerror(e));
	return 0;
}

int report_write(const struct cli *cli, const struct dataset *ds, const struct study *st, const char *data,
		 const char *dir, json_t **results, struct sk_error *err)
{
	struct report r = {.cli = cli, .ds = ds, .st = st, .data = data};
	char *charts_dir = NULL;
	size_t len = strlen(dir) + 8;
	int status;

	*results = NULL;
	r.results = doc_new("report", ds->frame.path, ds->frame.n_rows, ds->frame.n_rows);
	json_object_set_new(r.results, "study", study_json(st));
	r.findings = doc_arr(r.results, "findings");
	r.sections = doc_arr(r.results, "sections");
	charts_dir = malloc(len);
	if (!charts_dir) {
		json_decref(r.results);
		return sk_fail(err, SK_EXIT_OUTPUT, "out of memory");
	}
	snprintf(charts_dir, len, "%s/charts", dir);
	if ((status = chart_set_init(&r.charts, charts_dir, err)) != 0) {
		free(charts_dir);
		json_decref(r.results);
		return status;
	}
	r.traits_joined = join(st->traits, st->n_traits);
	r.outcomes_joined = join(st->outcomes, st->n_outcomes);
	if (!r.traits_joined || !r.outcomes_joined)
		status = sk_out_of_memory(err);
	if (status == 0)
		status = plan(&r, err);
	/* the sections compute on the other threads while this one writes the screening charts, which
	 * need only the data, and starts drawing them */
	if (status == 0 && (status = start_jobs(&r, err)) == 0) {
		for (size_t a = 0; status == 0 && a < ds->n_scales; a++)
			status = item_chart(&r, r.jobs[0].sec, &ds->scales[a], err);
		for (size_t a = 0; status == 0 && a < ds->n_scales; a++)
			status = histogram_chart(&r, r.jobs[0].sec, &ds->scales[a], err);
		if (status == 0)
			chart_set_start(&r.charts);
		finish_jobs(&r);
	}
	if (status == 0)
		status = assemble(&r, err);
	if (status == 0) {
		if (!st->group)
			doc_note(r.results, "no between-subjects condition found: give --scenario VAR to compare groups");
		status = chart_set_render(&r.charts, err);
	}
	if (status == 0) {
		if (r.charts.rendered)
			doc_note(r.results, "%zu charts drawn by %s in charts/ (PNG and SVG); each NAME.gp redraws its chart", r.charts.n,
				 r.charts.gnuplot);
		else
			doc_note(r.results,
				 "gnuplot is not installed: the %zu charts are gnuplot scripts in charts/; draw them with "
				 "`cd charts && for f in *.gp; do gnuplot \"$f\"; done` (or `gnuplot NAME.gp` for one)",
				 r.charts.n);
		json_object_set_new(r.results, "charts_rendered", json_boolean(r.charts.rendered));
	}
	if (status == 0 && (status = write_file(dir, "results.json", &r, 2, err)) == 0 &&
	    (status = write_file(dir, "report.md", &r, 1, err)) == 0)
		status = write_file(dir, "report.txt", &r, 0, err);
	chart_set_release(&r.charts);
	release_jobs(&r);
	free(charts_dir);
	if (status != 0) {
		json_decref(r.results);
		return status;
	}
	*results = r.results;
	return 0;
}

int cmd_report(const struct cli *cli, struct sk_error *err)
{
	const char *path, *out = cli_get(cli, "out");
	struct dataset ds;
	struct study st;
	struct output_dir od;
	json_t *results = NULL;
	int status;

	if ((status = cli_data_path(cli, &path, err)) != 0)
		return status;
	if (!out || !*out)
		return sk_fail(err, SK_EXIT_USAGE, "report needs --out DIR (see 'surveykit report --help')");
	if ((status = dataset_load(&ds, path, cli, err)) != 0)
		return status;
	if ((status = study_detect(cli, &ds, &st, err)) != 0) {
		dataset_free(&ds);
		return status;
	}
	if ((status = output_dir_open(&od, out, cli_flag(cli, "force"), err)) == 0) {
		status = report_write(cli, &ds, &st, path, od.tmp, &results, err);
		if (status == 0)
			status = output_dir_commit(&od, err);
		else
			output_dir_abort(&od);
	}
	if (status == 0 && !cli->quiet) {
		printf("report of %s written to %s/: report.md, report.txt, results.json, charts/\n", path, out);
		if (fflush(stdout) != 0 || ferror(stdout))
			status = sk_fail(err, SK_EXIT_OUTPUT, "cannot write to standard output");
	}
	json_decref(results);
	study_release(&st);
	dataset_free(&ds);
	return status;
}
