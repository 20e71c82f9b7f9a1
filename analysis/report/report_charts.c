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
#include "analysis/commands/moderate.h"
#include "analysis/commands/segment.h"
#include "analysis/report/report_parts.h"
#include "io/doc.h"
#include "io/gnuplot.h"
#include "io/strbuf.h"
#include "models/descriptives.h"
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

/* The significant pieces among `n` regions, adjacent ones merged, into from/to (at most max);
 * returns how many. */
static size_t significant_regions(const struct jn_region *r, size_t n, double *from, double *to, size_t max)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (!r[i].significant)
			continue;
		if (k && to[k - 1] == r[i].from)
			to[k - 1] = r[i].to;
		else if (k < max)
			from[k] = r[i].from, to[k++] = r[i].to;
	}
	return k;
}

static void push_pairs(json_t *arr, const double *from, const double *to, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		json_t *pair = json_array();
		doc_push_num(pair, from[i]);
		doc_push_num(pair, to[i]);
		json_array_append_new(arr, pair);
	}
}

/* The label of X's level l (a categorical X), or NULL when it has none. */
static const char *x_level_label(const struct moderate_result *res, size_t l)
{
	const char *lab = res->x.categorical && l < res->x.n_kept ? reg_var_label(&res->x, l) : NULL;
	return lab && *lab ? lab : NULL;
}

/* The Johnson-Neyman band as moderate computed it (models/johnson_neyman.h's jn_band over the
 * observed range of W, at the model's confidence level and critical t): one series per X column
 * (each level of a categorical X against the reference level), or one. Shaded: where moderate's
 * Johnson-Neyman test finds the effect of X significant, which for a categorical X of more than two
 * levels is the omnibus F test of all its contrasts together; then each contrast's own region,
 * where its CI excludes 0, is drawn as a strip of its colour, since a contrast can be significant
 * where the omnibus test is not, and the reverse. */
#define JN_MAX_TERMS 16
#define JN_MAX_REGIONS 8
static int jn_chart(struct report *r, struct report_record *sec, const struct moderate_result *res, const char *trait,
		    struct sk_error *err)
{
	const struct moderate_jn *jn = &res->jn;
	const char *labels[JN_MAX_TERMS], *ref;
	struct strbuf label_buf[JN_MAX_TERMS] = {STRBUF_INIT};
	size_t nt = jn->n_series < JN_MAX_TERMS ? jn->n_series : JN_MAX_TERMS, n_regions, n_own = 0;
	size_t np = jn->np < JN_MAX_REGIONS ? jn->np : JN_MAX_REGIONS;
	double level = jn->level, *est, *lo, *hi, from[JN_MAX_REGIONS], to[JN_MAX_REGIONS];
	double own_from[3 * JN_MAX_TERMS], own_to[3 * JN_MAX_TERMS];
	size_t own_of[3 * JN_MAX_TERMS];
	int omnibus = jn->omnibus;
	json_t *data, *series, *regions;
	char name[300], title[400], region[400], point_label[64];
	int status;

	if (jn->why != MODERATE_JN_DONE || nt == 0 || jn->ng < 2 || !(res->fit->df2 > 0))
		return 0;
	est = malloc(nt * MODERATE_BAND_POINTS * sizeof *est);
	lo = malloc(nt * MODERATE_BAND_POINTS * sizeof *lo);
	hi = malloc(nt * MODERATE_BAND_POINTS * sizeof *hi);
	if (!est || !lo || !hi) {
		free(est), free(lo), free(hi);
		return sk_out_of_memory(err);
	}
	data = doc_obj(chart_data(sec), "jn_band");
	doc_str(data, "how", "effect, SE and CI of each term at each w from the model's coefficients and their covariance "
			     "(theta(w) = a + b w); CI with the model's critical t");
	doc_num(data, "t_crit", jn->t_crit);
	{
		json_t *xs = doc_arr(data, "w");
		for (size_t i = 0; i < MODERATE_BAND_POINTS; i++)
			doc_push_num(xs, jn->band_w[i]);
	}
	series = doc_arr(data, "series");
	/* a categorical X: each term is its level against the reference level, by their labels */
	ref = x_level_label(res, 1) ? x_level_label(res, 0) : NULL;
	for (size_t t = 0; t < nt; t++) {
		const char *term = res->x.categorical ? res->terms[res->lay.x0 + t] : "", *lab = x_level_label(res, t + 1);
		json_t *row = doc_push_obj(series), *ej, *lj, *uj;
		if (lab)
			strbuf_addf(&label_buf[t], "%s vs %s", lab, ref ? ref : "the reference level");
		else
			strbuf_adds(&label_buf[t], term[0] ? term : "effect");
		labels[t] = strbuf_str(&label_buf[t]);
		doc_str(row, "term", term);
		doc_str(row, "label", labels[t]);
		ej = doc_arr(row, "effect");
		lj = doc_arr(row, "llci");
		uj = doc_arr(row, "ulci");
		for (size_t i = 0; i < MODERATE_BAND_POINTS; i++) {
			size_t k = t * MODERATE_BAND_POINTS + i;
			est[k] = jn->band[k].est;
			lo[k] = jn->band[k].llci;
			hi[k] = jn->band[k].ulci;
			doc_push_num(ej, est[k]);
			doc_push_num(lj, lo[k]);
			doc_push_num(uj, hi[k]);
		}
		/* the contrast's own region of significance, drawn when there are several */
		regions = doc_arr(row, "regions");
		if (omnibus) {
			size_t k = significant_regions(jn->own[t], jn->n_own[t], own_from + n_own, own_to + n_own, 3);
			for (size_t i = 0; i < k; i++)
				own_of[n_own + i] = t;
			push_pairs(regions, own_from + n_own, own_to + n_own, k);
			n_own += k;
		}
	}
	n_regions = significant_regions(jn->regions, jn->n_regions, from, to, JN_MAX_REGIONS);
	push_pairs(doc_arr(data, omnibus ? "omnibus_regions" : "regions"), from, to, n_regions);
	snprintf(name, sizeof name, "jn-%s-by-%s", res->y.name, trait);
	snprintf(title, sizeof title, "Effect of %s on %s across %s (Johnson-Neyman)", res->x.name, res->y.name, trait);
	if (omnibus)
		snprintf(region, sizeof region, "Omnibus F test significant (p < %.2g)", 1 - level);
	else
		snprintf(region, sizeof region, "%s effect significant (p < %.2g)", res->x.name, 1 - level);
	snprintf(point_label, sizeof point_label, "%s", omnibus ? "Omnibus Johnson-Neyman point" : "Johnson-Neyman point");
	{
		char ylabel[300];
		snprintf(ylabel, sizeof ylabel, "Conditional effect on %s (%g%% CI)", res->y.name, level * 100);
		struct chart_band c = {.t = {name, title, trait, ylabel}, .n_points = MODERATE_BAND_POINTS, .n_series = nt,
				       .x = jn->band_w, .est = est, .lo = lo, .hi = hi, .series = labels, .region_from = from,
				       .region_to = to, .n_regions = n_regions, .region_label = region, .points = jn->points,
				       .n_transitions = np, .point_label = point_label, .ref = 0, .ci_level = level,
				       .series_from = own_from, .series_to = own_to, .series_of = own_of,
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

/* Simple slopes: predicted outcome at each probed value of W, one line per level of X (the rows
 * taken in moderate's order, a later one for the same line and W replacing an earlier one). */
static int slopes_chart(struct report *r, struct report_record *sec, const struct moderate_result *res, const char *trait,
			struct sk_error *err)
{
	const char *series[16];
	double w[8], *y;
	size_t ns = 0, nw = 0, S = res->px.S, P = res->n_points;
	char name[300], title[400], ylabel[300], legend[200];
	int status;

	for (size_t a = 0; a < S; a++) {
		const char *lab = x_level_label(res, res->x.categorical ? res->px.level[a] : 0);
		size_t j = 0;
		lab = lab ? lab : "";
		while (j < ns && strcmp(series[j], lab) != 0)
			j++;
		if (j == ns && ns < 16)
			series[ns++] = lab;
		for (size_t s = 0; s < P; s++) {
			double wv = res->pw.value[moderate_point_w(res, s)];
			for (j = 0; j < nw && w[j] != wv; j++)
				;
			if (j == nw && nw < 8)
				w[nw++] = wv;
		}
	}
	if (ns == 0 || nw < 2)
		return 0;
	y = malloc(ns * nw * sizeof *y);
	if (!y)
		return sk_out_of_memory(err);
	for (size_t i = 0; i < ns * nw; i++)
		y[i] = NAN;
	for (size_t a = 0; a < S; a++) {
		const char *lab = x_level_label(res, res->x.categorical ? res->px.level[a] : 0);
		for (size_t s = 0; s < P; s++)
			for (size_t i = 0; i < ns; i++)
				for (size_t b = 0; b < nw; b++)
					if (strcmp(series[i], lab ? lab : "") == 0 && w[b] == res->pw.value[moderate_point_w(res, s)])
						y[i * nw + b] = res->yhat[a * P + s];
	}
	snprintf(name, sizeof name, "slopes-%s-by-%s", res->y.name, trait);
	snprintf(title, sizeof title, "Predicted %s by %s at low, middle and high %s", res->y.name, res->x.name, trait);
	snprintf(ylabel, sizeof ylabel, "Predicted %s", res->y.name);
	snprintf(legend, sizeof legend, "%s", res->x.name);
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
		if ((status = slopes_chart(r, j->sec, j->result, j->trait, err)) != 0)
			return status;
		return jn_chart(r, j->sec, j->result, j->trait, err);
	case JOB_SEGMENT:
		return segment_chart(r, j->sec, j->result, err);
	case JOB_MEDIATION:
		return report_mediation_chart(r, j, err);
	default:
		return report_recovery_charts(r, j, err);
	}
	return 0;
}
