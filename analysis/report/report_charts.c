/* The report's charts (analysis/report/report_parts.h): the answers to each scale's items and each
 * scale's histogram, drawn from the data into the screening section while the other sections
 * compute; then, from each computed section's result, the correlation heat map, each outcome's
 * means by scenario, for each moderation the simple slopes and the Johnson-Neyman band, and the
 * segment profiles. Each chart is written by io/gnuplot.h, listed in its section's record and
 * its numbers kept in the record's chart_data (results.json's "chart_data"). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


#include "analysis/report/report.h"
#include "analysis/commands/compare.h"
#include "analysis/commands/correlate.h"
#include "analysis/commands/segment.h"
#include "analysis/report/report_parts.h"
#include "io/doc.h"
#include "io/gnuplot.h"
#include "io/strbuf.h"
#include "models/descriptives.h"
#include "models/distributions.h"
#include "models/johnson_neyman.h"

/* Histograms of a scale use one bar per possible score when the scores lie on the grid of steps
 * 1/k (k items, integer answers) and there are at most this many; otherwise equal-width bins. */
#define HISTOGRAM_MAX_BARS 61
/* A score is on the grid when score * k is a whole number to this relative tolerance (the mean of
 * k whole answers, computed in double precision). */
#define HISTOGRAM_GRID_TOL 1e-9
#define HISTOGRAM_BINS 30
#define LIKERT_MAX_ANSWERS 11
/* Outcomes drawn together in one segment-profile chart. */
#define SEGMENT_CHART_OUTCOMES 3

/* --- charts of the screening section: item answers and scale histograms ---------------------- */

static int item_chart(struct report *r, struct report_record *sec, const struct scale *s, struct sk_error *err)
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
			struct strbuf label = STRBUF_INIT;
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
			/* the whole label: the chart wraps it */
			if (c->meta.label)
				strbuf_addf(&label, "%s%s: %s", c->name, c->meta.reverse ? " (R)" : "", c->meta.label);
			else
				strbuf_addf(&label, "%s%s", c->name, c->meta.reverse ? " (reversed)" : "");
			if (!(items[j] = strbuf_take(&label))) {
				status = sk_out_of_memory(err);
				goto done;
			}
		}
		snprintf(name, sizeof name, "items-%s", s->name);
		snprintf(title, sizeof title, "Answers to the %s items", s->name);
		{
			struct chart_likert lk = {.t = {name, title,
							"% of respondents (R: reverse-keyed, as answered)",
							NULL},
						  .n_items = k, .n_cats = n_cats, .items = (const char *const *)items,
						  .cats = (const char *const *)cats, .pct = pct};
			if ((status = chart_likert(&r->charts, &lk, err)) == 0)
				report_attach_chart(r, sec, title);
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

static int histogram_chart(struct report *r, struct report_record *sec, const struct scale *s, struct sk_error *err)
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
		report_note(r, "no histogram of '%s': %s", s->name, err->msg);
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
	snprintf(name, sizeof name, "hist-%s", s->name);
	snprintf(title, sizeof title, "Distribution of the %s scores", s->name);
	snprintf(xlabel, sizeof xlabel, "%s (mean of %zu items)", s->name, k);
	/* no-break spaces (U+00A0) keep each statistic with its value when the legend wraps */
	snprintf(note, sizeof note, "Mean\u00a0%.2f (SD\u00a0%.2f, n\u00a0%zu)", m.mean, m.sd, m.n);
	{
		struct chart_histogram h = {.t = {name, title, xlabel, "Respondents"}, .n_bins = bars, .centre = centre,
					    .value = count, .width = step, .mean = m.mean, .note = note};
		if ((status = chart_histogram(&r->charts, &h, err)) == 0)
			report_attach_chart(r, sec, title);
	}
done:
	free(centre);
	free(count);
	variable_release(&v);
	return status;
}

int report_screening_charts(struct report *r, struct report_record *sec, struct sk_error *err)
{
	int status = 0;

	for (size_t a = 0; status == 0 && a < r->ds->n_scales; a++)
		status = item_chart(r, sec, &r->ds->scales[a], err);
	for (size_t a = 0; status == 0 && a < r->ds->n_scales; a++)
		status = histogram_chart(r, sec, &r->ds->scales[a], err);
	return status;
}

/* --- charts of the computed sections --------------------------------------------------------- */

static int correlation_chart(struct report *r, struct report_record *sec, const struct correlate_result *c, struct sk_error *err)
{
	struct chart_heatmap h = {.t = {"correlations", "Correlations of the scale scores (Pearson r)", NULL, NULL},
				  .n = c->k, .labels = c->names, .r = c->r, .p = c->p};
	int status;

	if ((status = chart_heatmap(&r->charts, &h, err)) == 0)
		report_attach_chart(r, sec, h.t.title);
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

/* The means of a scenario comparison with their CIs: the groups of a between-subjects design, or
 * the conditions of a within-subjects one. */
static int compare_chart(struct report *r, struct report_record *sec, const struct compare_result *res, struct sk_error *err)
{
	int within = res->design != COMPARE_ONEWAY;
	const struct compare_levels *L = &res->one.by;
	const struct group_summary *s = within ? res->within.s : res->one.s;
	size_t k = within ? res->within.m : L->k;
	const char *y = within ? NULL : res->y.name, *by = within ? NULL : L->g.name;
	char base[300] = "";

	if (within) {
		snprintf(base, sizeof base, "%s", k ? res->within.v[0].name : "");
		if (strstr(base, "_s"))
			*strrchr(base, '_') = '\0';
	}
	double mean[64], lo[64], hi[64], ymin, ymax;
	const char *cats[64];
	char name[300], title[400], ylabel[400];
	int status;

	if (k == 0 || k > 64 || (within && res->design != COMPARE_WITHIN))
		return 0;
	for (size_t i = 0; i < k; i++) {
		cats[i] = within ? compare_condition_label(&res->within.v[i]) : L->g.labels[L->orig[i]];
		/* as the document holds them: a value not finite is none */
		mean[i] = isfinite(s[i].mean) ? s[i].mean : NAN;
		lo[i] = isfinite(s[i].llci) ? s[i].llci : NAN;
		hi[i] = isfinite(s[i].ulci) ? s[i].ulci : NAN;
	}
	scale_range(r->ds, within ? res->within.v[0].name : y, &ymin, &ymax);
	snprintf(name, sizeof name, "means-%s", within ? base : y);
	if (within)
		snprintf(title, sizeof title, "Mean %s in each scenario (repeated measures)", base);
	else
		snprintf(title, sizeof title, "Mean %s by %s", y, by);
	if (isfinite(ymin))
		snprintf(ylabel, sizeof ylabel, "Mean %s score (%g-%g)", within ? base : y, ymin, ymax);
	else
		snprintf(ylabel, sizeof ylabel, "Mean %s score", within ? base : y);
	{
		size_t col = within ? SIZE_MAX : frame_find(&r->ds->frame, by);
		const char *xlabel = within ? "Scenario (condition)"
				     : col != SIZE_MAX && r->ds->frame.cols[col].meta.label ? r->ds->frame.cols[col].meta.label
											      : by;
		struct chart_means c = {.t = {name, title, xlabel, ylabel}, .n_cats = k, .n_series = 1, .cats = cats,
					.mean = mean, .lo = lo, .hi = hi, .ymin = ymin, .ymax = ymax, .ci_level = res->level};
		if ((status = chart_means(&r->charts, &c, err)) == 0)
			report_attach_chart(r, sec, title);
	}
	return status;
}

/* The profile chart: segments along x, one bar per outcome. */
static int segment_chart(struct report *r, struct report_record *sec, const struct segment_result *res, struct sk_error *err)
{
	size_t ns = res->n_seg, no = r->st->n_outcomes, n = ns * no;
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
		const char *s = res->flat[q];
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
	for (size_t j = 0; j < res->n_outcomes; j++) {
		const struct segment_outcome *out = &res->outcomes[j];
		for (size_t o = 0; o < no; o++)
			if (strcmp(out->name, r->st->outcomes[o]) == 0)
				for (size_t q = 0; q < ns; q++) {
					mean[o * ns + q] = out->sum[q].n ? out->sum[q].mean : NAN;
					lo[o * ns + q] = out->sum[q].llci;
					hi[o * ns + q] = out->sum[q].ulci;
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
		char title[256], name[64];
		struct strbuf xlabel = STRBUF_INIT;
		if (no <= SEGMENT_CHART_OUTCOMES)
			snprintf(name, sizeof name, "segments");
		else
			snprintf(name, sizeof name, "segments-%zu", first / SEGMENT_CHART_OUTCOMES + 1);
		snprintf(title, sizeof title, "Outcome means by segment (%ss of the traits)", segment_method_name(res->q->method));
		/* each category label has a line per trait, in the traits' order */
		strbuf_adds(&xlabel, "Segment: ");
		for (size_t t = 0; t < r->st->n_traits; t++)
			strbuf_addf(&xlabel, "%s%s%s", t ? " x " : "", r->st->traits[t],
				    r->st->n_traits == 2 ? (t ? " (lower line)" : " (upper line)") : "");
		if (r->st->n_traits > 2)
			strbuf_adds(&xlabel, " (a line each, from the top)");
		struct chart_means c = {.t = {name, title, strbuf_str(&xlabel), "Mean score"}, .ci_level = r->cli->ci,
					.n_cats = ns, .n_series = count, .cats = (const char *const *)cats,
					.series = (const char *const *)r->st->outcomes + first, .mean = mean + first * ns,
					.lo = lo + first * ns, .hi = hi + first * ns,
					.ymin = isfinite(ymin) ? ymin : NAN, .ymax = isfinite(ymax) ? ymax : NAN};
		if ((status = chart_means(&r->charts, &c, err)) == 0)
			report_attach_chart(r, sec, title);
		strbuf_release(&xlabel);
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

/* --- moderation ------------------------------------------------------------------------------- */

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

/* Whether a simple-slopes row is the level of X that the term "X=LEVEL" stands for (LEVEL a
 * code, or the text of a text group). */
static int is_level(const json_t *row, const char *x, const char *term)
{
	const json_t *v = json_object_get(row, "x");
	size_t n = strlen(x);
	const char *level = term + n + 1;
	char *end;
	double code;

	if (strncmp(term, x, n) != 0 || term[n] != '=')
		return 0;
	if (json_is_string(v))
		return strcmp(json_string_value(v), level) == 0;
	code = strtod(level, &end);
	return json_is_number(v) && end != level && !*end && code == json_number_value(v);
}

/* The label simple_slopes gives the level of X the term stands for, or NULL. */
static const char *level_label(const json_t *slopes, const char *x, const char *term)
{
	for (size_t i = 0; i < json_array_size(slopes); i++) {
		const json_t *row = json_array_get(slopes, i);
		if (is_level(row, x, term) && *str(row, "x_label"))
			return str(row, "x_label");
	}
	return NULL;
}

/* The reference level of a categorical X: the level in simple_slopes that no term stands for. */
static const char *reference_label(const json_t *slopes, const char *x, const char *const *terms, size_t nt)
{
	for (size_t i = 0; i < json_array_size(slopes); i++) {
		const json_t *row = json_array_get(slopes, i);
		size_t t = 0;
		while (t < nt && !is_level(row, x, terms[t]))
			t++;
		if (t == nt && *str(row, "x_label"))
			return str(row, "x_label");
	}
	return NULL;
}

/* The significant regions of theta(w) = a + b w over [lo, hi] (models/johnson_neyman.h's
 * jn_regions), adjacent ones merged; returns how many (at most 3). */
static size_t effect_regions(const struct jn_linear *f, double t_crit, double lo, double hi, double *from, double *to)
{
	struct jn_region r[3];
	size_t nr = jn_regions(f, t_crit, lo, hi, r), n = 0;

	for (size_t i = 0; i < nr; i++) {
		if (!r[i].significant)
			continue;
		if (n && to[n - 1] == r[i].from)
			to[n - 1] = r[i].to;
		else
			from[n] = r[i].from, to[n++] = r[i].to;
	}
	return n;
}

/* The Johnson-Neyman band from the moderate document. The conditional effect of each X term is
 * linear in W and its variance quadratic, theta(w) = a + b w, var(w) = A + 2 B w + C w^2
 * (Hayes 2022, sec. 7.4), so the effect and SE that moderate printed at three probe values fix
 * both exactly; the band is drawn over JN_BAND_POINTS values of W with the model's critical t.
 * Shaded: where moderate's Johnson-Neyman table finds the effect of X significant, which for a
 * categorical X of more than two levels is the omnibus F test of all its contrasts together;
 * then each contrast's own region, where its CI excludes 0, is drawn as a strip of its colour,
 * since a contrast can be significant where the omnibus test is not, and the reverse. */
#define JN_BAND_POINTS 41
#define JN_MAX_TERMS 16
static int jn_chart(struct report *r, struct report_record *sec, const char *trait, struct sk_error *err)
{
	const json_t *doc = sec->result, *effects = json_object_get(doc, "conditional_effects"),
		     *jn = json_object_get(doc, "johnson_neyman"), *table = json_object_get(jn, "table"),
		     *points = json_object_get(jn, "points"), *slopes = json_object_get(doc, "simple_slopes");
	const char *terms[JN_MAX_TERMS], *labels[JN_MAX_TERMS], *ref;
	struct strbuf label_buf[JN_MAX_TERMS] = {STRBUF_INIT};
	size_t nt = effect_terms(effects, terms, JN_MAX_TERMS), np = json_array_size(points), n_regions = 0, n_own = 0;
	double df = num(json_object_get(doc, "interaction_test"), "df2"), level = r->cli->ci, tcrit, lo_w, hi_w;
	double x[JN_BAND_POINTS], *est, *lo, *hi, from[8], to[8], pts[8];
	double own_from[3 * JN_MAX_TERMS], own_to[3 * JN_MAX_TERMS];
	size_t own_of[3 * JN_MAX_TERMS];
	int omnibus = nt > 1;
	json_t *data, *regions;
	char name[300], title[400], region[400], point_label[64];
	int status;

	if (nt == 0 || json_array_size(table) < 2 || !(df > 0))
		return 0;
	lo_w = num(json_array_get(table, 0), "w");
	hi_w = num(json_array_get(table, json_array_size(table) - 1), "w");
	tcrit = dist_t_Pinv(0.5 + level / 2, df);
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
	/* a categorical X: each term is its level against the reference level, by their labels */
	ref = level_label(slopes, str(doc, "x"), terms[0]) ? reference_label(slopes, str(doc, "x"), terms, nt) : NULL;
	for (size_t t = 0; t < nt; t++) {
		double w[3], e[3], v[3];
		size_t m = 0;
		const char *lab = level_label(slopes, str(doc, "x"), terms[t]);
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
		if (lab)
			strbuf_addf(&label_buf[t], "%s vs %s", lab, ref ? ref : "the reference level");
		else
			strbuf_adds(&label_buf[t], terms[t][0] ? terms[t] : "effect");
		labels[t] = strbuf_str(&label_buf[t]);
		doc_str(series, "term", terms[t]);
		doc_str(series, "label", labels[t]);
		{
			json_t *ej = doc_arr(series, "effect"), *lj = doc_arr(series, "llci"), *uj = doc_arr(series, "ulci");
			struct jn_linear f = {NAN, NAN, NAN, NAN, NAN};
			if (m == 3 && w[0] != w[1] && w[1] != w[2] && w[0] != w[2]) {
				/* effect: the line through the first and last probe; variance: the parabola through all three */
				double d01 = (v[1] - v[0]) / (w[1] - w[0]), d12 = (v[2] - v[1]) / (w[2] - w[1]);
				f.b = (e[2] - e[0]) / (w[2] - w[0]);
				f.a = e[0] - f.b * w[0];
				f.sbb = (d12 - d01) / (w[2] - w[0]);
				f.sab = (d01 - f.sbb * (w[0] + w[1])) / 2;
				f.saa = v[0] - 2 * f.sab * w[0] - f.sbb * w[0] * w[0];
			}
			for (size_t i = 0; i < JN_BAND_POINTS; i++) {
				size_t k = t * JN_BAND_POINTS + i;
				double var = f.saa + 2 * f.sab * x[i] + f.sbb * x[i] * x[i];
				est[k] = f.a + f.b * x[i];
				lo[k] = var >= 0 ? est[k] - tcrit * sqrt(var) : NAN;
				hi[k] = var >= 0 ? est[k] + tcrit * sqrt(var) : NAN;
				doc_push_num(ej, est[k]);
				doc_push_num(lj, lo[k]);
				doc_push_num(uj, hi[k]);
			}
			/* the contrast's own region of significance, drawn when there are several */
			regions = doc_arr(series, "regions");
			if (omnibus && isfinite(f.a)) {
				size_t k = effect_regions(&f, tcrit, lo_w, hi_w, own_from + n_own, own_to + n_own);
				for (size_t i = 0; i < k; i++) {
					json_t *pair = json_array();
					own_of[n_own + i] = t;
					doc_push_num(pair, own_from[n_own + i]);
					doc_push_num(pair, own_to[n_own + i]);
					json_array_append_new(regions, pair);
				}
				n_own += k;
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
		regions = doc_arr(data, omnibus ? "omnibus_regions" : "regions");
		for (size_t i = 0; i < n_regions; i++) {
			json_t *pair = json_array();
			doc_push_num(pair, from[i]);
			doc_push_num(pair, to[i]);
			json_array_append_new(regions, pair);
		}
	}
	snprintf(name, sizeof name, "jn-%s-by-%s", str(doc, "y"), trait);
	snprintf(title, sizeof title, "Effect of %s on %s across %s (Johnson-Neyman)", str(doc, "x"), str(doc, "y"), trait);
	if (omnibus)
		snprintf(region, sizeof region, "Omnibus F test significant (p < %.2g)", 1 - level);
	else
		snprintf(region, sizeof region, "%s effect significant (p < %.2g)", str(doc, "x"), 1 - level);
	snprintf(point_label, sizeof point_label, "%s", omnibus ? "Omnibus Johnson-Neyman point" : "Johnson-Neyman point");
	{
		char ylabel[300];
		snprintf(ylabel, sizeof ylabel, "Conditional effect on %s (%g%% CI)", str(doc, "y"), level * 100);
		struct chart_band c = {.t = {name, title, trait, ylabel}, .n_points = JN_BAND_POINTS, .n_series = nt, .x = x,
				       .est = est, .lo = lo, .hi = hi, .series = labels, .region_from = from, .region_to = to,
				       .n_regions = n_regions, .region_label = region, .points = pts,
				       .n_transitions = np < 8 ? np : 8, .point_label = point_label, .ref = 0,
				       .ci_level = level, .series_from = own_from, .series_to = own_to, .series_of = own_of,
				       .n_series_regions = n_own};
		if ((status = chart_band(&r->charts, &c, err)) == 0)
			report_attach_chart(r, sec, title);
	}
	for (size_t t = 0; t < nt; t++)
		strbuf_release(&label_buf[t]);
	free(est);
	free(lo);
	free(hi);
	return status;
}

/* Simple slopes: predicted outcome at each probed value of W, one line per level of X. */
static int slopes_chart(struct report *r, struct report_record *sec, const char *trait, struct sk_error *err)
{
	const json_t *doc = sec->result, *ss = json_object_get(doc, "simple_slopes");
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
	snprintf(name, sizeof name, "slopes-%s-by-%s", str(doc, "y"), trait);
	snprintf(title, sizeof title, "Predicted %s by %s at low, middle and high %s", str(doc, "y"), str(doc, "x"), trait);
	snprintf(ylabel, sizeof ylabel, "Predicted %s", str(doc, "y"));
	snprintf(legend, sizeof legend, "%s", str(doc, "x"));
	{
		char xlabel[300];
		snprintf(xlabel, sizeof xlabel, "%s (16th, 50th and 84th percentiles)", trait);
		struct chart_lines c = {.t = {name, title, xlabel, ylabel}, .n_points = nw, .n_series = ns, .x = w, .y = y,
					.series = series, .legend_title = legend};
		if ((status = chart_lines(&r->charts, &c, err)) == 0)
			report_attach_chart(r, sec, title);
	}
	free(y);
	return status;
}

int report_section_charts(struct report *r, const struct job *j, struct sk_error *err)
{
	int status;

	switch (j->kind) {
	case JOB_DESCRIBE:
	case JOB_RELIABILITY:
	case JOB_REGRESS:
		return 0;
	case JOB_CFA:
		return report_measurement_charts(r, j, err);
	case JOB_CORRELATE:
		return correlation_chart(r, j->sec, j->result, err);
	case JOB_COMPARE:
	case JOB_WITHIN:
		return compare_chart(r, j->sec, j->result, err);
	case JOB_MODERATE:
		if ((status = slopes_chart(r, j->sec, j->trait, err)) != 0)
			return status;
		return jn_chart(r, j->sec, j->trait, err);
	case JOB_SEGMENT:
		return segment_chart(r, j->sec, j->result, err);
	case JOB_MEDIATION:
		return report_mediation_chart(r, j, err);
	default:
		return report_recovery_charts(r, j, err);
	}
	return 0;
}
