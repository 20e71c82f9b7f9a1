/* io/gnuplot: every kind of chart is written as NAME.gp + NAME.dat and, when gnuplot is
 * installed, drawn in the formats the set asks for: a PNG of CHART_WIDTH x CHART_HEIGHT pixels
 * (CHART_DPI), an SVG and a PDF of the same printed size. */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/chart_raster.h"
#include "io/gnuplot.h"
#include "test.h"

/* Width and height from a PNG's IHDR chunk (bytes 16-23, big-endian); 0 when not a PNG. */
static int png_size(const char *path, unsigned *w, unsigned *h)
{
	unsigned char b[24];
	FILE *f = fopen(path, "rb");
	size_t got = f ? fread(b, 1, sizeof b, f) : 0;

	if (f)
		fclose(f);
	if (got != sizeof b || memcmp(b, "\x89PNG\r\n\x1a\n", 8) != 0 || memcmp(b + 12, "IHDR", 4) != 0)
		return 0;
	*w = (unsigned)b[16] << 24 | (unsigned)b[17] << 16 | (unsigned)b[18] << 8 | b[19];
	*h = (unsigned)b[20] << 24 | (unsigned)b[21] << 16 | (unsigned)b[22] << 8 | b[23];
	return 1;
}

/* Width and height of an SVG (gnuplot's: width="W" height="H" on its svg element). */
static int svg_size(const char *dir, const char *name, unsigned *w, unsigned *h)
{
	char path[1100], head[512];
	FILE *f;
	size_t got;
	const char *p;

	snprintf(path, sizeof path, "%s/%s.svg", dir, name);
	if (!(f = fopen(path, "r")))
		return 0;
	got = fread(head, 1, sizeof head - 1, f);
	fclose(f);
	head[got] = '\0';
	p = strstr(head, " width=\"");
	return p && sscanf(p, " width=\"%u\" height=\"%u\"", w, h) == 2;
}

static long file_size(const char *dir, const char *name, const char *ext)
{
	char path[1024];
	struct stat sb;

	snprintf(path, sizeof path, "%s/%s%s", dir, name, ext);
	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

/* Removes a test's chart directory, or keeps it to look at when SURVEYKIT_KEEP_CHARTS is set. */
static void remove_dir(const char *dir)
{
	char cmd[1100];

	if (getenv("SURVEYKIT_KEEP_CHARTS")) {
		fprintf(stderr, "charts kept in %s\n", dir);
		return;
	}
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	CHECK(system(cmd) == 0);
}

/* Writes one chart of every kind into dir. */
static void write_all(struct chart_set *cs)
{
	struct sk_error err = {0};
	const char *scen[] = {"Fix only", "Fix + apology", "Full recovery"};
	const double mean[] = {3.21, 3.90, 4.58}, lo[] = {3.08, 3.77, 4.44}, hi[] = {3.34, 4.03, 4.72};
	struct chart_means m = {.t = {"means", "Satisfaction by recovery scenario", "Recovery scenario",
				      "Satisfaction (mean of 5 items, 1-7)"},
				.n_cats = 3, .n_series = 1, .cats = scen, .mean = mean, .lo = lo, .hi = hi,
				.ymin = 1, .ymax = 7, .ci_level = 0.95};
	const char *segs[] = {"involvement low\ntrust low", "involvement low\ntrust high", "involvement high\ntrust low",
			      "involvement high\ntrust high"};
	const char *outs[] = {"satisfaction", "negemo", "pwom"};
	double pm[12], pl[12], ph[12];
	for (int i = 0; i < 12; i++) {
		pm[i] = 3 + 0.3 * (i % 4) + 0.2 * (i / 4);
		pl[i] = pm[i] - 0.15;
		ph[i] = pm[i] + 0.15;
	}
	struct chart_means prof = {.t = {"profiles", "Outcome profiles of the segments", "Segment", "Mean (1-7)"},
				   .n_cats = 4, .n_series = 3, .cats = segs, .series = outs, .mean = pm, .lo = pl,
				   .hi = ph, .ymin = 1, .ymax = 7, .ci_level = 0.90};
	const char *waves[] = {"wave 1", "wave 2", "wave 3"};
	const double wm[] = {3.9, 4.4, 3.95}, wl[] = {3.8, 4.3, 3.85}, wh[] = {4.0, 4.5, 4.05};
	struct chart_means wv = {.t = {"waves", "Satisfaction by wave", "Wave", "Mean (1-7)"},
				 .n_cats = 3, .n_series = 1, .cats = waves, .mean = wm, .lo = wl, .hi = wh,
				 .ymin = NAN, .ymax = NAN, .lines = 1, .ci_level = 0.99};
	const double x[] = {3.4, 4.6, 5.8}, y[] = {3.5, 3.3, 3.1, 3.9, 3.9, 3.9, 4.2, 4.6, 5.0};
	struct chart_lines sl = {.t = {"slopes", "Satisfaction by scenario and involvement", "Involvement",
				       "Predicted satisfaction"},
				 .n_points = 3, .n_series = 3, .x = x, .y = y, .series = scen, .legend_title = "Scenario"};
	double bx[21], be[42], bl[42], bh[42];
	for (int i = 0; i < 21; i++) {
		bx[i] = 1 + 0.3 * i;
		for (int s = 0; s < 2; s++) {
			be[s * 21 + i] = -0.2 + (0.15 + 0.05 * s) * (bx[i] - 2);
			bl[s * 21 + i] = be[s * 21 + i] - 0.25;
			bh[s * 21 + i] = be[s * 21 + i] + 0.25;
		}
	}
	const double rf[] = {4.1}, rt[] = {7.0}, pts[] = {4.1}, sf[] = {3.6, 4.4}, st[] = {7.0, 7.0};
	const size_t so[] = {0, 1};
	const char *ind[] = {"Fix + apology vs Fix only", "Full recovery vs Fix only"},
		   *ind_names[] = {"via negative emotion"};
	struct chart_band jn = {.t = {"jn", "Effect of the scenario on satisfaction across involvement", "Involvement",
				      "Conditional effect"},
				.n_points = 21, .n_series = 2, .x = bx, .est = be, .lo = bl, .hi = bh, .series = ind,
				.region_from = rf, .region_to = rt, .n_regions = 1,
				.region_label = "Omnibus F test significant (p < 0.05)", .points = pts, .n_transitions = 1,
				.point_label = "Omnibus Johnson-Neyman point", .series_from = sf, .series_to = st,
				.series_of = so, .n_series_regions = 2, .ci_level = 0.95};
	const char *items[] = {"sat_1 I am satisfied with how the firm handled it", "sat_2 (reversed)", "sat_3", "sat_4",
			       "sat_5"};
	const char *cats[] = {"1", "2", "3", "4", "5", "6", "7"};
	double pct[35];
	for (int i = 0; i < 5; i++) {
		double w[7] = {5, 10, 15, 30, 20, 12, 8}, s = 0;
		w[i % 7] += 10;
		for (int j = 0; j < 7; j++)
			s += w[j];
		for (int j = 0; j < 7; j++)
			pct[i * 7 + j] = 100 * w[j] / s;
	}
	struct chart_likert lk = {.t = {"likert", "Answers to the satisfaction items", "Percent of respondents", NULL},
				  .n_items = 5, .n_cats = 7, .items = items, .cats = cats, .pct = pct};
	double hc[31], hv[31];
	for (int i = 0; i < 31; i++) {
		hc[i] = 1 + 0.2 * i;
		hv[i] = 100 * exp(-0.5 * pow((hc[i] - 4) / 1.1, 2));
	}
	struct chart_histogram hg = {.t = {"hist", "Distribution of satisfaction", "Satisfaction (1-7)", "Respondents"},
				     .n_bins = 31, .centre = hc, .value = hv, .width = 0.2, .mean = 4.0,
				     .note = "Mean 4.00 (SD 1.10, n 600)"};
	const char *vars[] = {"involvement", "trust", "satisfaction", "negemo", "pwom"};
	double r[25], p[25];
	for (int i = 0; i < 5; i++)
		for (int j = 0; j < 5; j++) {
			r[i * 5 + j] = i == j ? 1 : 0.9 * sin(1.0 + i + j) * (i % 2 ? -1 : 1);
			p[i * 5 + j] = i == j ? 0 : fabs(r[i * 5 + j]) > 0.3 ? 1e-5 : 0.2;
		}
	struct chart_heatmap hm = {.t = {"heat", "Correlations of the scales", NULL, NULL}, .n = 5, .labels = vars,
				   .r = r, .p = p};

	CHECK_INT(chart_means(cs, &m, &err), 0);
	CHECK_INT(chart_means(cs, &prof, &err), 0);
	chart_set_start(cs); /* these two drawn in the background while the others are written */
	CHECK_INT(chart_means(cs, &wv, &err), 0);
	CHECK_INT(chart_lines(cs, &sl, &err), 0);
	CHECK_INT(chart_band(cs, &jn, &err), 0);
	CHECK_INT(chart_likert(cs, &lk, &err), 0);
	CHECK_INT(chart_histogram(cs, &hg, &err), 0);
	CHECK_INT(chart_heatmap(cs, &hm, &err), 0);
	/* the kinds drawn through options: HTMT, loadings, the paradox, the zone of tolerance, the
	 * conditional indirect effects */
	const char *constructs[] = {"satisfaction", "trust", "commitment", "word of mouth"};
	const double htmt[16] = {NAN, 0, 0, 0, 0.62, NAN, 0, 0, 0.41, 0.87, NAN, 0, 0.93, 0.55, 0.32, NAN},
		     marks[] = {0.85, 0.90};
	struct chart_heatmap ht = {.t = {"htmt", "Heterotrait-monotrait ratios", NULL, NULL}, .n = 4, .labels = constructs,
				   .r = htmt, .value_name = "HTMT", .from_zero = 1, .off_diagonal = 1, .apa = 1, .marks = marks,
				   .n_marks = 2};
	const size_t factor_of[] = {0, 0, 0, 1, 1, 1};
	const char *load_items[] = {"sat_1", "sat_2", "sat_3", "tru_1", "tru_2", "tru_3"};
	const double ld[] = {0.82, 0.77, 0.69, 0.88, 0.74, 0.58}, ldl[] = {0.78, 0.72, 0.63, 0.85, 0.69, 0.51},
		     ldh[] = {0.86, 0.82, 0.75, 0.91, 0.79, 0.65};
	struct chart_loadings lo_chart = {.t = {"loadings", "Standardised loadings", "Standardised loading", NULL},
					  .n_loadings = 6, .n_factors = 2, .items = load_items, .factor_of = factor_of,
					  .factors = constructs, .loading = ld, .lo = ldl, .hi = ldh, .ci_level = 0.95,
					  .ref2 = 0.5};
	const char *verdicts[] = {"worse", "equivalent", "supported"};
	struct chart_means px = m;
	px.t = (struct chart_text){"paradox", "Satisfaction against no failure", "Recovery scenario", "Satisfaction"};
	px.points = 1, px.ref = 3.9, px.ref_margin = 0.5, px.ref_label = "No failure", px.notes = verdicts;
	const char *zone_classes[] = {"Below the zone", "Within the zone", "Above the zone (delight)"};
	const double zone_pct[] = {42, 50.5, 7.5, 20, 61, 19, 3.2, 45.8, 51};
	struct chart_likert zn = {.t = {"zone", "Reliability: the zone of tolerance", "% of respondents", NULL},
				  .n_items = 3, .n_cats = 3, .items = scen, .cats = zone_classes, .pct = zone_pct,
				  .stacked = 1};
	struct chart_band ie = {.t = {"indirect", "Conditional indirect effect", "Trust", "Indirect effect"},
				 .n_points = 3, .n_series = 1, .x = x, .est = mean, .lo = lo, .hi = hi, .series = ind_names,
				 .ci_level = 0.95, .whiskers = 1, .ci_method = "percentile bootstrap",
				 .note = "Index of moderated mediation = 0.07, 95% CI [0.02, 0.13]"};
	CHECK_INT(chart_heatmap(cs, &ht, &err), 0);
	CHECK_INT(chart_loadings(cs, &lo_chart, &err), 0);
	CHECK_INT(chart_means(cs, &px, &err), 0);
	CHECK_INT(chart_likert(cs, &zn, &err), 0);
	CHECK_INT(chart_band(cs, &ie, &err), 0);
	CHECK_INT(cs->n, 13);
}

TEST(gnuplot_charts_render_at_their_size)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", gp[4096];
	struct chart_set cs;
	struct sk_error err = {0};

	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(chart_set_init(&cs, dir, &err), 0);
	cs.formats = CHART_FORMATS_ALL;
	write_all(&cs);
	for (size_t i = 0; i < cs.n; i++) {
		CHECK(file_size(dir, cs.names[i], ".gp") > 0);
		CHECK(file_size(dir, cs.names[i], ".dat") > 0);
	}
	if (chart_gnuplot_path(gp, sizeof gp)) {
		CHECK_INT(chart_set_render(&cs, &err), 0);
		if (err.msg[0])
			fprintf(stderr, "%s\n", err.msg);
		CHECK(cs.rendered);
		for (size_t i = 0; i < cs.n; i++) {
			char png[1024];
			unsigned w = 0, h = 0, svg_w = 0, svg_h = 0;
			snprintf(png, sizeof png, "%s/%s.png", dir, cs.names[i]);
			CHECK(png_size(png, &w, &h));
			CHECK(svg_size(dir, cs.names[i], &svg_w, &svg_h));
			/* 6.5 in wide; as tall as the kind needs, the same in both (300 and 96 dpi) */
			CHECK_INT(w, CHART_WIDTH);
			CHECK_INT(svg_w, 624);
			CHECK(fabs(h - svg_h * 300.0 / 96) <= 3);
			if (strcmp(cs.names[i], "likert") != 0 && strcmp(cs.names[i], "heat") != 0 &&
			    strcmp(cs.names[i], "htmt") != 0 && strcmp(cs.names[i], "loadings") != 0 &&
			    strcmp(cs.names[i], "zone") != 0)
				CHECK_INT(h, CHART_HEIGHT);
			else
				CHECK(h >= CHART_DPI * 2 && h <= CHART_DPI * 9);
		}
		CHECK(access(dir, F_OK) == 0);
		CHECK(file_size(dir, ".gnuplot-0", ".log") < 0);
	} else {
		fprintf(stderr, "notice: gnuplot is not installed: gnuplot_charts_render_at_their_size draws nothing\n");
	}
	chart_set_release(&cs);
	remove_dir(dir);
}

TEST(gnuplot_missing_is_not_an_error)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX";
	struct chart_set cs;
	struct sk_error err = {0};
	const char *old = getenv("SURVEYKIT_GNUPLOT");
	char *saved = old ? strdup(old) : NULL;

	CHECK(mkdtemp(dir) != NULL);
	setenv("SURVEYKIT_GNUPLOT", "/nonexistent/gnuplot", 1);
	CHECK_INT(chart_set_init(&cs, dir, &err), 0);
	write_all(&cs);
	CHECK_INT(chart_set_render(&cs, &err), 0);
	CHECK_INT(cs.rendered, 0);
	CHECK(file_size(dir, "means", ".png") < 0);
	CHECK(file_size(dir, "means", ".gp") > 0);
	chart_set_release(&cs);
	if (saved) {
		setenv("SURVEYKIT_GNUPLOT", saved, 1);
		free(saved);
	} else {
		unsetenv("SURVEYKIT_GNUPLOT");
	}
	remove_dir(dir);
}

TEST(gnuplot_failure_is_reported)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", fake[1100], gp[4096];
	struct chart_set cs;
	struct sk_error err = {0};
	FILE *f;
	const char *old = getenv("SURVEYKIT_GNUPLOT");
	char *saved = old ? strdup(old) : NULL;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(fake, sizeof fake, "%s/fake-gnuplot", dir);
	f = fopen(fake, "w");
	CHECK(f != NULL);
	if (!f)
		return;
	fputs("#!/bin/sh\necho 'line 3: something went wrong' >&2\nexit 3\n", f);
	fclose(f);
	CHECK(chmod(fake, 0755) == 0);
	setenv("SURVEYKIT_GNUPLOT", fake, 1);
	CHECK(chart_gnuplot_path(gp, sizeof gp) != NULL);
	CHECK_INT(chart_set_init(&cs, dir, &err), 0);
	write_all(&cs);
	CHECK_INT(chart_set_render(&cs, &err), 4);
	CHECK(strstr(err.msg, "gnuplot failed") != NULL);
	CHECK(strstr(err.msg, "something went wrong") != NULL);
	CHECK_INT(cs.rendered, 0);
	/* a chart of CIs must say their level */
	CHECK_INT(chart_means(&cs, &(struct chart_means){.t = {"no-level", "x", NULL, NULL}}, &err), 4);
	CHECK(strstr(err.msg, "confidence level") != NULL);
	chart_set_release(&cs);
	if (saved) {
		setenv("SURVEYKIT_GNUPLOT", saved, 1);
		free(saved);
	} else {
		unsetenv("SURVEYKIT_GNUPLOT");
	}
	remove_dir(dir);
}

/* Texts that gnuplot would run, expand or misread if they reached a script as they are: command
 * substitution, macros, formats, enhanced text, escapes, quotes of both kinds, line breaks,
 * control characters and bytes that are not UTF-8. */
static const char *const hostile_text[] = {
	"Fix + 10% refund",
	"`touch PWNED_bq`",
	"x\".system(\"touch PWNED_sys\").\"",
	"'; system('touch PWNED_sq'); '",
	"@GPVAL_TERM @mac",
	"%n%s%%",
	"{/Symbol a}^2_y",
	"back\\slash\\",
	"it's \"quoted\"",
	"two\nlines",
	"bad \xff byte",
	"ctrl\r\tchars",
	"# not a comment",
	"\\U+0041 \\101 \\n",
	/* gnuplot's lexer misreads a doubled quote at the start of a constant or after another */
	"''`touch PWNED_lex`''",
	"'",
	"it''s @text_1 '@text_2'",
};
#define N_HOSTILE (sizeof hostile_text / sizeof hostile_text[0])

/* The texts an SVG draws, in order, each text element's content (its tspans' joined) after one
 * space: a text wrapped over several lines reads as written with its line breaks as spaces. */
static char *svg_texts(const char *svg)
{
	char *out = malloc(strlen(svg) + 2), *o = out;
	const char *p = svg;

	if (!out)
		return NULL;
	*o++ = ' ';
	while ((p = strstr(p, "<text")) != NULL) {
		const char *end = strstr(p, "</text>");
		int in_tag = 0;
		if (!end)
			break;
		for (p = strchr(p, '>') + 1; p < end; p++) {
			if (*p == '<')
				in_tag = 1;
			else if (*p == '>' && in_tag)
				in_tag = 0;
			else if (!in_tag)
				*o++ = *p;
		}
		*o++ = ' ';
	}
	*o = '\0';
	return out;
}

/* Whether the texts of an SVG (svg_texts) draw `text` as written, its line breaks and spaces
 * being where the lines break (as gnuplot's SVG terminal escapes & and <). */
static int svg_draws(const char *texts, const char *text)
{
	char want[1024];
	size_t o = 0;

	want[o++] = ' ';
	for (const char *p = text; *p && o < sizeof want - 8; p++) {
		if (*p == '&')
			o += (size_t)snprintf(want + o, sizeof want - o, "&amp;");
		else if (*p == '<')
			o += (size_t)snprintf(want + o, sizeof want - o, "&lt;");
		else
			want[o++] = *p == '\n' ? ' ' : *p;
	}
	want[o++] = ' ';
	want[o] = '\0';
	return texts && strstr(texts, want) != NULL;
}

static char *read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *s = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 && (s = malloc((size_t)n + 1))) {
		s[fread(s, 1, (size_t)n, f)] = '\0';
	}
	fclose(f);
	return s;
}

TEST(gnuplot_texts_from_the_data_are_drawn_literally)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", gp[4096], path[1100];
	const char *const *h = hostile_text;
	struct chart_set cs;
	struct sk_error err = {0};
	double v[N_HOSTILE * 3], pct[4 * N_HOSTILE], x[N_HOSTILE], r[16], p[16];
	const char *pwned[] = {"PWNED_bq", "PWNED_sys", "PWNED_sq", "PWNED_lex"};
	char *svg;

	for (size_t i = 0; i < N_HOSTILE * 3; i++)
		v[i] = 3 + 0.1 * (double)(i % 7);
	for (size_t i = 0; i < N_HOSTILE; i++) {
		x[i] = (double)i;
		for (size_t j = 0; j < 4; j++)
			pct[j * N_HOSTILE + i] = 100.0 / N_HOSTILE;
	}
	for (size_t i = 0; i < 16; i++)
		r[i] = i % 5 == 0 ? 1 : 0.3, p[i] = 0.01;
	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(chart_set_init(&cs, dir, &err), 0);
	/* every text of every kind of chart */
	struct chart_means m = {.t = {"means", h[0], h[1], h[2]}, .n_cats = N_HOSTILE, .n_series = 1, .cats = h,
				.mean = v, .lo = v, .hi = v, .ymin = NAN, .ymax = NAN, .ci_level = 0.95};
	struct chart_means prof = {.t = {"profiles", h[4], h[5], h[6]}, .n_cats = 2, .n_series = 3, .cats = h + 7,
				   .series = h + 9, .mean = v, .lo = v, .hi = v, .ymin = NAN, .ymax = NAN, .ci_level = 0.95};
	struct chart_lines sl = {.t = {"slopes", h[12], h[13], h[0]}, .n_points = 3, .n_series = N_HOSTILE, .x = x,
				 .y = v, .series = h, .legend_title = h[1]};
	const double rf[] = {1}, rt[] = {2};
	struct chart_band jn = {.t = {"band", h[2], h[3], h[4]}, .n_points = 3, .n_series = N_HOSTILE, .x = x, .est = v,
				.lo = v, .hi = v, .series = h, .region_from = rf, .region_to = rt, .n_regions = 1,
				.region_label = h[5], .ci_level = 0.95};
	struct chart_likert lk = {.t = {"likert", h[6], h[7], h[8]}, .n_items = N_HOSTILE, .n_cats = 4, .items = h,
				  .cats = h + 9, .pct = pct};
	struct chart_histogram hg = {.t = {"hist", h[9], h[10], h[11]}, .n_bins = 3, .centre = x, .value = v,
				     .width = 1, .mean = 1, .note = h[12]};
	struct chart_heatmap hm = {.t = {"heat", h[13], NULL, NULL}, .n = 4, .labels = h + 2, .r = r, .p = p};
	CHECK_INT(chart_means(&cs, &m, &err), 0);
	CHECK_INT(chart_means(&cs, &prof, &err), 0);
	CHECK_INT(chart_lines(&cs, &sl, &err), 0);
	CHECK_INT(chart_band(&cs, &jn, &err), 0);
	CHECK_INT(chart_likert(&cs, &lk, &err), 0);
	CHECK_INT(chart_histogram(&cs, &hg, &err), 0);
	CHECK_INT(chart_heatmap(&cs, &hm, &err), 0);
	/* and every option that takes a text: the HTMT map, the loadings, the paradox and zone charts,
	 * the conditional indirect effects */
	const double marks[] = {0.25, 0.5};
	struct chart_heatmap htmt = {.t = {"htmt", h[14], NULL, NULL}, .n = 5, .labels = h + 10, .r = pct,
				     .value_name = h[15], .from_zero = 1, .off_diagonal = 1, .apa = 1, .marks = marks,
				     .n_marks = 2};
	size_t factor_of[N_HOSTILE];
	for (size_t i = 0; i < N_HOSTILE; i++)
		factor_of[i] = i % 3;
	struct chart_loadings ld = {.t = {"loadings", h[16], h[0], NULL}, .n_loadings = N_HOSTILE, .n_factors = 3,
				    .items = h, .factor_of = factor_of, .factors = h + 3, .loading = pct, .lo = pct,
				    .hi = pct, .ci_level = 0.95, .ref2 = 0.5};
	struct chart_means paradox = {.t = {"paradox", h[1], h[2], h[3]}, .n_cats = N_HOSTILE, .n_series = 1, .cats = h,
				      .mean = v, .lo = v, .hi = v, .ymin = 1, .ymax = 7, .ci_level = 0.95, .points = 1,
				      .ref = 3.2, .ref_margin = 0.3, .ref_label = h[4], .margin_label = h[5], .notes = h,
				      .range_lo = v, .range_hi = v, .range_label = h[6]};
	struct chart_likert zone = {.t = {"zone", h[7], h[8], h[9]}, .n_items = N_HOSTILE, .n_cats = 4, .items = h,
				    .cats = h + 13, .pct = pct, .stacked = 1};
	struct chart_band ind = {.t = {"indirect", h[10], h[11], h[12]}, .n_points = 3, .n_series = 2, .x = x, .est = v,
				 .lo = v, .hi = v, .series = h + 14, .ci_level = 0.95, .whiskers = 1, .x_labels = h + 1,
				 .ci_method = h[16], .note = h[15]};
	CHECK_INT(chart_heatmap(&cs, &htmt, &err), 0);
	CHECK_INT(chart_loadings(&cs, &ld, &err), 0);
	CHECK_INT(chart_means(&cs, &paradox, &err), 0);
	CHECK_INT(chart_likert(&cs, &zone, &err), 0);
	CHECK_INT(chart_band(&cs, &ind, &err), 0);
	/* the scripts hold the texts only as single-quoted constants (tests/tools/gp-inert) */
	{
		char cmd[1200];
		snprintf(cmd, sizeof cmd, "tests/tools/gp-inert '%s'/*.gp >&2", dir);
		CHECK_INT(system(cmd), 0);
	}
	if (!chart_gnuplot_path(gp, sizeof gp)) {
		fprintf(stderr, "notice: gnuplot is not installed: gnuplot_texts_from_the_data_are_drawn_literally checks the "
				"scripts only\n");
		chart_set_release(&cs);
		remove_dir(dir);
		return;
	}
	CHECK_INT(chart_set_render(&cs, &err), 0);
	if (err.msg[0])
		fprintf(stderr, "%s\n", err.msg);
	for (size_t i = 0; i < sizeof pwned / sizeof pwned[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, pwned[i]);
		CHECK(access(path, F_OK) != 0);
		CHECK(access(pwned[i], F_OK) != 0);
	}
	/* the categories of the means chart, the loadings' items and the probe values' labels are tic
	 * labels, which gnuplot reads as formats; the notes over the paradox chart are labels */
	static const struct {
		const char *chart;
		size_t first, n;
	} drawn_in[] = {{"means", 0, N_HOSTILE}, {"loadings", 0, N_HOSTILE}, {"paradox", 0, N_HOSTILE}, {"indirect", 1, 3}};
	for (size_t k = 0; k < sizeof drawn_in / sizeof drawn_in[0]; k++) {
		snprintf(path, sizeof path, "%s/%s.svg", dir, drawn_in[k].chart);
		svg = read_all(path);
		CHECK(svg != NULL);
		if (!svg)
			continue;
		/* wrapped to the width of a category, each on lines of its own */
		const char *drawn[] = {"Fix + 10% refund", "`touch PWNED_bq`", "x\".system(\"touch PWNED_sys\").\"",
				       "'; system('touch PWNED_sq'); '", "@GPVAL_TERM @mac", "%n%s%%", "{/Symbol a}^2_y",
				       "back\\slash\\", "it's \"quoted\"", "two lines", "bad \xEF\xBF\xBD byte",
				       "ctrl  chars", "# not a comment", "\\U+0041 \\101 \\n",
				       "''`touch PWNED_lex`''", "'", "it''s @text_1 '@text_2'"};
		char *texts = svg_texts(svg);
		CHECK_INT(sizeof drawn / sizeof drawn[0], N_HOSTILE);
		for (size_t i = drawn_in[k].first; i < drawn_in[k].first + drawn_in[k].n; i++)
			if (!svg_draws(texts, drawn[i])) {
				CHECK(!"the chart draws the text as written");
				fprintf(stderr, "    %s: not drawn: %s\n", drawn_in[k].chart, drawn[i]);
			}
		free(texts);
		free(svg);
	}
	chart_set_release(&cs);
	remove_dir(dir);
}

/* Chart names come from scale names: two names that map to the same file stem, or a name longer
 * than a file name may be, still give a chart each. */
TEST(gnuplot_chart_names_are_unique_and_fit_the_file_system)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", long1[400], long2[400];
	struct chart_set cs;
	struct sk_error err = {0};
	const double centre[] = {1, 2}, value[] = {3, 4};
	const char *wanted[] = {"hist-out/x", "hist-out x", "HIST-OUT_X", "hist-out_x-2", "../etc", "", "g\xc3\xb6\xc3\x9f"
				"e", long1, long2, long1};
	const char *want[] = {"hist-out_x", "hist-out_x-2", "HIST-OUT_X-3", "hist-out_x-2-2", "_._etc", "chart", "g__e"};
	size_t n = sizeof wanted / sizeof wanted[0];

	memset(long1, 'a', 300);
	long1[300] = '\0';
	memcpy(long2, long1, 301);
	long2[299] = 'b';
	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(chart_set_init(&cs, dir, &err), 0);
	for (size_t i = 0; i < n; i++) {
		struct chart_histogram h = {.t = {wanted[i], "x", NULL, NULL}, .n_bins = 2, .centre = centre, .value = value,
					    .width = 1, .mean = NAN};
		CHECK_INT(chart_histogram(&cs, &h, &err), 0);
		CHECK(chart_set_last(&cs) != NULL && chart_set_last(&cs) == cs.names[cs.n - 1]);
	}
	CHECK_INT(cs.n, n);
	for (size_t i = 0; i < sizeof want / sizeof want[0] && i < cs.n; i++)
		CHECK_STR(cs.names[i], want[i]);
	/* the long names: cut to fit with ".png", still distinct */
	for (size_t i = 7; i < cs.n; i++) {
		CHECK(strlen(cs.names[i]) + 4 <= 255);
		CHECK(file_size(dir, cs.names[i], ".gp") > 0);
		for (size_t j = 0; j < i; j++)
			CHECK(strcasecmp(cs.names[i], cs.names[j]) != 0);
	}
	chart_set_release(&cs);
	remove_dir(dir);
}

/* Whether a file (text or binary) holds the bytes of `text`. */
static int file_has(const char *path, const char *text)
{
	FILE *f = fopen(path, "rb");
	size_t n = strlen(text), at = 0;
	int c, found = 0;

	/* a text without repeated prefixes, so a mismatch restarts at this byte */
	while (f && !found && (c = fgetc(f)) != EOF) {
		at = c == (unsigned char)text[at] ? at + 1 : c == (unsigned char)text[0];
		found = at == n;
	}
	if (f)
		fclose(f);
	return found;
}

/* How many lines of a file begin with `prefix`. */
static int count_lines(const char *path, const char *prefix)
{
	char line[4096];
	int n = 0;
	FILE *f = fopen(path, "r");

	while (f && fgets(line, sizeof line, f))
		n += strncmp(line, prefix, strlen(prefix)) == 0;
	if (f)
		fclose(f);
	return n;
}

/* One histogram drawn in the formats asked for: each file present, the others absent; the
 * script plots once and replots on each further terminal. */
static void draw_formats(unsigned formats, int captions)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", gp[4096], path[1100];
	struct chart_set cs;
	struct sk_error err = {0};
	const double centre[] = {1, 2, 3}, value[] = {3, 4, 2};
	struct chart_histogram h = {.t = {"hist", "Distribution of the scores", "Score", "Respondents"}, .n_bins = 3,
				    .centre = centre, .value = value, .width = 1, .mean = 2};
	unsigned drawn = formats ? formats : CHART_FORMATS_DEFAULT;
	int n = 0;

	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(chart_set_init(&cs, dir, &err), 0);
	cs.formats = formats;
	cs.captions = captions;
	CHECK_INT(chart_set_formats(&cs), drawn);
	CHECK_INT(chart_histogram(&cs, &h, &err), 0);
	snprintf(path, sizeof path, "%s/hist.gp", dir);
	for (unsigned f = 1; f <= CHART_FORMATS_ALL; f <<= 1)
		n += (drawn & f) != 0;
	CHECK_INT(count_lines(path, "set terminal "), n);
	CHECK_INT(count_lines(path, "replot"), n - 1);
	CHECK_INT(count_lines(path, "plot "), 1);
	CHECK_INT(count_lines(path, "set label 1000 text_"), !captions);
	CHECK_INT(count_lines(path, "# set label 1000 text_"), captions);
	if (!chart_gnuplot_path(gp, sizeof gp)) {
		fprintf(stderr, "notice: gnuplot is not installed: the charts in formats %u are written, not drawn\n", drawn);
		chart_set_release(&cs);
		remove_dir(dir);
		return;
	}
	CHECK_INT(chart_set_render(&cs, &err), 0);
	for (unsigned f = 1; f <= CHART_FORMATS_ALL; f <<= 1) {
		char ext[8];
		snprintf(ext, sizeof ext, ".%s", chart_format_ext(f));
		CHECK((file_size(dir, "hist", ext) > 0) == ((drawn & f) != 0));
	}
	if (drawn & CHART_PNG) {
		unsigned w = 0, ht = 0;
		snprintf(path, sizeof path, "%s/hist.png", dir);
		CHECK(png_size(path, &w, &ht));
		CHECK_INT(w, CHART_WIDTH);
		CHECK_INT(ht, CHART_HEIGHT);
	}
	if (drawn & CHART_SVG) {
		char *svg;
		snprintf(path, sizeof path, "%s/hist.svg", dir);
		svg = read_all(path);
		CHECK(svg && strstr(svg, "width=\"624\" height=\"384\""));
		CHECK(svg && (strstr(svg, ">Distribution of the scores<") != NULL) == !captions);
		free(svg);
	}
	if (drawn & CHART_PDF) {
		/* the PDF's page is the printed size, 6.5 x 4 in (pdfcairo's points) */
		snprintf(path, sizeof path, "%s/hist.pdf", dir);
		CHECK(file_has(path, "%PDF-"));
		CHECK(file_has(path, "/MediaBox [ 0 0 468 288 ]"));
	}
	chart_set_release(&cs);
	remove_dir(dir);
}

TEST(gnuplot_each_format_drawn_once)
{
	draw_formats(0, 0);
	draw_formats(CHART_SVG, 0);
	draw_formats(CHART_PDF, 1);
	draw_formats(CHART_FORMATS_ALL, 1);
	CHECK_STR(chart_format_ext(CHART_PDF), "pdf");
	CHECK(chart_format_ext(CHART_PNG | CHART_SVG) == NULL);
}

/* The PNG made from the chart's PDF (io/chart_raster.h, when built with it) has the size gnuplot's
 * pngcairo gives it; no raster PDF is left; the script run alone draws the PNG with pngcairo, at
 * the same size. A PDF that is not one is an error naming the chart; an absent one (nothing was
 * drawn) is skipped. */
TEST(gnuplot_png_from_the_pdf)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", gp[4096], path[1100], msg[600];
	struct chart_set cs;
	struct sk_error err = {0};
	const double centre[] = {1, 2, 3}, value[] = {3, 4, 2};
	struct chart_histogram h = {.t = {"hist", "Distribution", "Score", "Respondents"}, .n_bins = 3,
				    .centre = centre, .value = value, .width = 1, .mean = 2};
	unsigned w = 0, ht = 0;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(chart_set_init(&cs, dir, &err), 0);
	cs.formats = CHART_PNG;
	CHECK_INT(chart_histogram(&cs, &h, &err), 0);
	snprintf(path, sizeof path, "%s/hist.gp", dir);
	CHECK_INT(count_lines(path, "if (exists(\"surveykit_raster\")) { set terminal pdfcairo size 6.5in,4in "), 1);
	if (!chart_gnuplot_path(gp, sizeof gp)) {
		fprintf(stderr, "notice: gnuplot is not installed: gnuplot_png_from_the_pdf checks the script only\n");
		chart_set_release(&cs);
		remove_dir(dir);
		return;
	}
	CHECK_INT(chart_set_render(&cs, &err), 0);
	snprintf(path, sizeof path, "%s/hist.png", dir);
	CHECK(png_size(path, &w, &ht));
	CHECK_INT(w, CHART_WIDTH);
	CHECK_INT(ht, CHART_HEIGHT);
	CHECK(file_size(dir, ".raster-0", ".pdf") < 0);
	CHECK(file_size(dir, ".raster-0", ".pdf.png") < 0);
	CHECK(file_size(dir, "hist", ".pdf") < 0);
	chart_set_release(&cs);
	/* alone, the script draws the PNG itself */
	CHECK(unlink(path) == 0);
	{
		char cmd[5200];
		snprintf(cmd, sizeof cmd, "cd '%s' && '%s' hist.gp", dir, gp);
		CHECK_INT(system(cmd), 0);
	}
	w = ht = 0;
	CHECK(png_size(path, &w, &ht));
	CHECK_INT(w, CHART_WIDTH);
	CHECK_INT(ht, CHART_HEIGHT);
	if (chart_raster_available()) {
		char pdf[1100], png[1100];
		snprintf(pdf, sizeof pdf, "%s/.raster-7.pdf", dir);
		snprintf(png, sizeof png, "%s/bad.png", dir);
		f = fopen(pdf, "w");
		CHECK(f != NULL);
		if (f) {
			fputs("not a PDF\n", f);
			fclose(f);
		}
		struct chart_raster_job job = {pdf, png, CHART_WIDTH, CHART_HEIGHT};
		struct chart_raster_pool *pool = chart_raster_start(2);
		CHECK(pool != NULL);
		chart_raster_add(pool, &job);
		CHECK_INT(chart_raster_finish(pool, msg, sizeof msg), -1);
		CHECK(strncmp(msg, "bad.png: cannot read its PDF", 28) == 0);
		CHECK(file_size(dir, "bad", ".png") < 0);
		CHECK(unlink(pdf) == 0);
		pool = chart_raster_start(2);
		chart_raster_add(pool, &job);
		CHECK_INT(chart_raster_finish(pool, msg, sizeof msg), 0);
		CHECK(file_size(dir, "bad", ".png") < 0);
	}
	remove_dir(dir);
}

/* A new chart set in a fresh directory, formats SVG only (the tests read it). */
static void open_set(struct chart_set *cs, char *dir)
{
	struct sk_error err = {0};

	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(chart_set_init(cs, dir, &err), 0);
	cs->formats = CHART_SVG;
}

/* The texts the SVG of chart `name` draws (svg_texts), or NULL without gnuplot (with a notice). */
static char *draw_and_read(struct chart_set *cs, const char *name, const char *test)
{
	char gp[4096], path[1100];
	struct sk_error err = {0};
	char *svg, *texts;

	if (!chart_gnuplot_path(gp, sizeof gp)) {
		fprintf(stderr, "notice: gnuplot is not installed: %s checks the scripts only\n", test);
		return NULL;
	}
	CHECK_INT(chart_set_render(cs, &err), 0);
	snprintf(path, sizeof path, "%s/%s.svg", cs->dir, name);
	svg = read_all(path);
	CHECK(svg != NULL);
	texts = svg ? svg_texts(svg) : NULL;
	free(svg);
	return texts;
}

/* The line of a script that defines text K's pieces joined back (each "'.newline.'" a line break),
 * found by the text's first words, into buf; 0 when none. */
static int script_text(const char *path, const char *starts, char *buf, size_t size)
{
	char line[8192];
	FILE *f = fopen(path, "r");
	int found = 0;

	while (f && !found && fgets(line, sizeof line, f)) {
		const char *p = strstr(line, " = '");
		size_t o = 0;
		if (strncmp(line, "text_", 5) != 0 || !p || strncmp(p + 4, starts, strlen(starts)) != 0)
			continue;
		for (p += 4; *p && *p != '\n' && o + 1 < size; p++) {
			if (strncmp(p, "'.newline.'", 11) == 0) {
				buf[o++] = '\n';
				p += 10;
			} else if (*p != '\'') {
				buf[o++] = *p;
			}
		}
		buf[o] = '\0';
		found = 1;
	}
	if (f)
		fclose(f);
	return found;
}

/* The longest line of a text, in characters (UTF-8). */
static size_t longest_line(const char *s)
{
	size_t most = 0, col = 0;

	for (; *s; s++) {
		if (*s == '\n')
			col = 0;
		else if (((unsigned char)*s & 0xC0) != 0x80 && ++col > most)
			most = col;
	}
	return most;
}

TEST(gnuplot_long_labels_are_wrapped_never_cut)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", path[1100], text[4096], *texts;
	struct chart_set cs;
	struct sk_error err = {0};
	/* an item label of 200 characters, an answer's wording and a category of 60, a word of 70 */
	const char *long_item = "sat_1 (R): Thinking back about the last time something went wrong with an order, I "
				"was completely satisfied with the way the firm handled my complaint and everything "
				"that followed in the months after.";
	const char *word = "Donaudampfschifffahrtsgesellschaftskapitaensmuetzenabzeichenherstellung";
	const char *items[] = {long_item, "sat_2", word};
	const char *cats[] = {"Strongly disagree with every part of the statement", "Disagree", "Neither agree nor disagree",
			      "Agree", "Strongly agree with every part of the statement"};
	const double pct[] = {10, 20, 30, 25, 15, 5, 10, 20, 40, 25, 20, 20, 20, 20, 20};
	const char *scen[] = {"Fix only", "An apology from the manager with a voucher for the next order worth ten pounds",
			      "Full recovery"};
	const double m[] = {3, 4, 5};

	CHECK_INT(strlen(long_item), 200);
	open_set(&cs, dir);
	struct chart_likert lk = {.t = {"likert", "Answers", "% of respondents", NULL}, .n_items = 3, .n_cats = 5,
				  .items = items, .cats = cats, .pct = pct};
	struct chart_means mc = {.t = {"means", "Means", "Scenario", "Mean"}, .n_cats = 3, .n_series = 1, .cats = scen,
				 .mean = m, .lo = m, .hi = m, .ymin = 1, .ymax = 7, .ci_level = 0.95};
	/* nine categories with a word wider than a category: labels turned, whole */
	const char *nine[] = {"low\nlow", "low\nmoderate", "low\nhigh", "moderate\nlow", "moderate\nmoderate",
			      "moderate\nhigh", "high\nlow", "high\nmoderate", "high\nhigh"};
	const double m9[] = {3, 3, 3, 4, 4, 4, 5, 5, 5};
	struct chart_means turned = {.t = {"turned", "Segments", "Segment", "Mean"}, .n_cats = 9, .n_series = 3,
				     .cats = nine, .mean = m9, .lo = m9, .hi = m9, .ymin = 1, .ymax = 7, .ci_level = 0.95};
	CHECK_INT(chart_likert(&cs, &lk, &err), 0);
	CHECK_INT(chart_means(&cs, &mc, &err), 0);
	turned.n_series = 1;
	CHECK_INT(chart_means(&cs, &turned, &err), 0);
	snprintf(path, sizeof path, "%s/turned.gp", dir);
	CHECK(file_has(path, " 8) rotate by 40 right\n") && file_has(path, "= 'moderate'.newline.'moderate'\n"));
	/* the scripts: each text whole, broken into lines at spaces, none longer than its room */
	snprintf(path, sizeof path, "%s/likert.gp", dir);
	CHECK(script_text(path, "sat_1 (R): Thinking", text, sizeof text));
	CHECK(strchr(text, '\n') != NULL);
	CHECK(longest_line(text) <= 0.4 * CHART_WIDTH_IN * 72 / 6.4);
	for (char *p = text; *p; p++)
		*p = *p == '\n' ? ' ' : *p;
	CHECK_STR(text, long_item);
	CHECK(script_text(path, "Strongly", text, sizeof text));
	CHECK(strchr(text, '\n') != NULL);
	for (char *p = text; *p; p++)
		*p = *p == '\n' ? ' ' : *p;
	CHECK_STR(text, cats[0]);
	/* a word longer than a line can be is broken after a line's worth, never cut */
	CHECK(script_text(path, "Donau", text, sizeof text));
	CHECK(strchr(text, '\n') != NULL);
	{
		char joined[256];
		size_t o = 0;
		for (const char *p = text; *p && o + 1 < sizeof joined; p++)
			if (*p != '\n')
				joined[o++] = *p;
		joined[o] = '\0';
		CHECK_STR(joined, word);
	}
	/* the left margin holds the longest line of the labels */
	CHECK(count_lines(path, "set lmargin ") == 1);
	{
		/* a label of a megabyte (spaces, then one word) is wrapped in bounded time and cut, as
		 * every text beyond CHART_TEXT_MAX bytes is, after its first lines */
		size_t big = 1 << 20;
		char *huge = malloc(big + 1);
		const char *one[1];
		double hundred[1] = {100};
		CHECK(huge != NULL);
		if (huge) {
			memset(huge, ' ', big / 2);
			memset(huge + big / 2, 'x', big - big / 2);
			huge[big] = '\0';
			one[0] = huge;
			CHECK_INT(chart_likert(&cs, &(struct chart_likert){.t = {"huge", "t", NULL, NULL}, .n_items = 1,
									     .n_cats = 1, .items = one, .cats = one, .pct = hundred},
					       &err),
				  0);
			snprintf(path, sizeof path, "%s/huge.gp", dir);
			CHECK(file_has(path, "xxx'.newline.'xxx") && file_has(path, "x...'\n"));
			free(huge);
		}
	}
	snprintf(path, sizeof path, "%s/means.gp", dir);
	CHECK(script_text(path, "An apology", text, sizeof text));
	CHECK(strchr(text, '\n') != NULL);
	/* the figures: every word drawn, in order */
	texts = draw_and_read(&cs, "likert", "gnuplot_long_labels_are_wrapped_never_cut");
	if (texts) {
		CHECK(svg_draws(texts, long_item));
		CHECK(svg_draws(texts, cats[0]));
		CHECK(svg_draws(texts, cats[4]));
		for (const char *p = long_item; *p;) {
			char w[64], want[70];
			size_t n = strcspn(p, " ");
			snprintf(w, sizeof w, "%.*s", (int)n, p);
			snprintf(want, sizeof want, " %s ", w);
			CHECK(strstr(texts, want) != NULL);
			p += n + (p[n] == ' ');
		}
		free(texts);
		texts = draw_and_read(&cs, "means", "gnuplot_long_labels_are_wrapped_never_cut");
		CHECK(svg_draws(texts, scen[1]));
		free(texts);
		texts = draw_and_read(&cs, "turned", "gnuplot_long_labels_are_wrapped_never_cut");
		for (size_t k = 0; k < 9; k++)
			CHECK(svg_draws(texts, nine[k]));
		free(texts);
	}
	chart_set_release(&cs);
	remove_dir(dir);
}

/* The rows of a Likert chart's data: per answer, per item, "row from to pct colour". */
static int likert_segment(const char *dir, size_t answer, size_t row, double *from, double *to)
{
	char path[1100], line[256];
	FILE *f;
	size_t block = 0;
	int found = 0;

	snprintf(path, sizeof path, "%s/likert.dat", dir);
	f = fopen(path, "r");
	while (f && !found && fgets(line, sizeof line, f)) {
		size_t r;
		if (strncmp(line, "# answer ", 9) == 0)
			block = (size_t)strtoul(line + 9, NULL, 10);
		else if (line[0] != '#' && block == answer && sscanf(line, "%zu %lf %lf", &r, from, to) == 3 && r == row)
			found = 1;
	}
	if (f)
		fclose(f);
	return found;
}

TEST(gnuplot_likert_bars_diverge_from_the_neutral_answer)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", path[1100], *texts;
	struct chart_set cs;
	struct sk_error err = {0};
	const char *items[] = {"odd"}, *cats5[] = {"Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"},
		   *cats4[] = {"No", "Rather no", "Rather yes", "Yes"};
	const double pct5[] = {10, 20, 30, 25, 15}, pct4[] = {10, 20, 30, 40};
	/* five answers: the neutral one split across 0, disagreement left, agreement right */
	const double want5[][2] = {{-45, -35}, {-35, -15}, {-15, 15}, {15, 40}, {40, 55}}, want4[][2] = {{-30, -20}, {-20, 0},
													     {0, 30}, {30, 70}};
	double from, to;

	open_set(&cs, dir);
	CHECK_INT(chart_likert(&cs, &(struct chart_likert){.t = {"likert", "Five", "%", NULL}, .n_items = 1, .n_cats = 5,
							     .items = items, .cats = cats5, .pct = pct5},
			       &err),
		  0);
	for (size_t j = 0; j < 5; j++) {
		CHECK(likert_segment(dir, j, 1, &from, &to));
		CHECK_NEAR(from, want5[j][0], 1e-9);
		CHECK_NEAR(to, want5[j][1], 1e-9);
	}
	snprintf(path, sizeof path, "%s/likert.gp", dir);
	/* a symmetric axis labelled without signs, the legend in the answers' order */
	CHECK_INT(count_lines(path, "set xrange [-60:60]"), 1);
	CHECK(file_has(path, "\"40\" -40, \"20\" -20, \"0\" 0, \"20\" 20, \"40\" 40"));
	{
		/* the texts of the script, each wrapped one joined back: the answers last, in order */
		char *gp = read_all(path), *o = gp;
		const char *at = gp;
		for (const char *p = gp; p && *p; p++)
			if (strncmp(p, "'.newline.'", 11) == 0)
				*o++ = ' ', p += 10;
			else
				*o++ = *p;
		if (o)
			*o = '\0';
		for (size_t j = 0; j < 5 && at; j++) {
			char want[64];
			snprintf(want, sizeof want, "= '%s'\n%s", cats5[j], j < 4 ? "text_" : "set encoding");
			at = strstr(at, want);
		}
		CHECK(at != NULL);
		free(gp);
	}
	texts = draw_and_read(&cs, "likert", "gnuplot_likert_bars_diverge_from_the_neutral_answer");
	if (texts) {
		/* each answer's percentage in its segment, the legend in order */
		CHECK(strstr(texts, " 10% ") && strstr(texts, " 30% ") && strstr(texts, " 15% "));
		CHECK(svg_draws(texts, "Strongly disagree Disagree Neutral Agree Strongly agree"));
		free(texts);
	}
	chart_set_release(&cs);
	remove_dir(dir);
	/* four answers: 0 between the middle two */
	strcpy(dir, "/tmp/surveykit-gnuplot-XXXXXX");
	open_set(&cs, dir);
	items[0] = "even";
	CHECK_INT(chart_likert(&cs, &(struct chart_likert){.t = {"likert", "Four", "%", NULL}, .n_items = 1, .n_cats = 4,
							     .items = items, .cats = cats4, .pct = pct4},
			       &err),
		  0);
	for (size_t j = 0; j < 4; j++) {
		CHECK(likert_segment(dir, j, 1, &from, &to));
		CHECK_NEAR(from, want4[j][0], 1e-9);
		CHECK_NEAR(to, want4[j][1], 1e-9);
	}
	snprintf(path, sizeof path, "%s/likert.gp", dir);
	CHECK_INT(count_lines(path, "set xrange [-75:75]"), 1);
	chart_set_release(&cs);
	remove_dir(dir);
}

/* CIE L* of an sRGB colour (0-255 each). */
static double lightness(int r, int g, int b)
{
	double c[3] = {r / 255.0, g / 255.0, b / 255.0}, y;

	for (int k = 0; k < 3; k++)
		c[k] = c[k] <= 0.04045 ? c[k] / 12.92 : pow((c[k] + 0.055) / 1.055, 2.4);
	y = 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
	return y > 216.0 / 24389 ? 116 * cbrt(y) - 16 : y * 24389.0 / 27;
}

/* The distinct values of an SVG attribute written as attr='VALUE' (gnuplot's quoting), up to max. */
static size_t svg_values(const char *svg, const char *attr, char values[][64], size_t max)
{
	size_t n = 0, len = strlen(attr);

	for (const char *p = svg; (p = strstr(p, attr)) != NULL; p += len) {
		const char *v = p + len, *end = strchr(v, '\'');
		char one[64];
		size_t i = 0;
		if (!end || (size_t)(end - v) >= sizeof one)
			continue;
		snprintf(one, sizeof one, "%.*s", (int)(end - v), v);
		while (i < n && strcmp(values[i], one) != 0)
			i++;
		if (i == n && n < max)
			snprintf(values[n++], 64, "%s", one);
	}
	return n;
}

/* Every series of every kind of chart reads without colour: the script gives each series its own
 * dash and point type (or fill pattern), and the drawn SVG shows them: distinct dash arrays and
 * point symbols for lines, distinct fill patterns for bars, and a Likert chart's answers in fills
 * whose lightness (their grey) differs by at least 8 L* between any two. */
TEST(gnuplot_series_differ_in_grey)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", gp[4096], path[1100], values[16][64];
	struct chart_set cs;
	struct sk_error err = {0};
	const char *three[] = {"Fix only", "Fix + apology", "Full recovery"}, *items[] = {"a", "b"},
		   *cats[] = {"1", "2", "3", "4", "5", "6", "7"};
	const double x[] = {1, 2, 3}, y[] = {3, 3.2, 3.4, 4, 4.1, 4.2, 5, 5.5, 6};
	double pct[14];
	const double bx[] = {1, 2, 3}, be[] = {0, 0.5, 1, 0.2, 0.3, 0.4}, bl[] = {-1, -0.5, 0, -0.8, -0.7, -0.6},
		     bh[] = {1, 1.5, 2, 1.2, 1.3, 1.4};
	char *svg;

	for (int i = 0; i < 14; i++)
		pct[i] = 100.0 / 7;
	open_set(&cs, dir);
	CHECK_INT(chart_lines(&cs, &(struct chart_lines){.t = {"lines", "t", "x", "y"}, .n_points = 3, .n_series = 3, .x = x,
							   .y = y, .series = three},
			      &err),
		  0);
	CHECK_INT(chart_means(&cs, &(struct chart_means){.t = {"bars", "t", "x", "y"}, .n_cats = 3, .n_series = 3,
							   .cats = three, .series = three, .mean = y, .lo = y, .hi = y,
							   .ymin = NAN, .ymax = NAN, .ci_level = 0.95},
			      &err),
		  0);
	CHECK_INT(chart_band(&cs, &(struct chart_band){.t = {"band", "t", "x", "y"}, .n_points = 3, .n_series = 2, .x = bx,
							 .est = be, .lo = bl, .hi = bh, .series = three, .ci_level = 0.95},
			     &err),
		  0);
	CHECK_INT(chart_likert(&cs, &(struct chart_likert){.t = {"likert", "t", "%", NULL}, .n_items = 2, .n_cats = 7,
							     .items = items, .cats = cats, .pct = pct},
			       &err),
		  0);
	/* the scripts: a dash and a point type per line, a fill per bar series */
	snprintf(path, sizeof path, "%s/lines.gp", dir);
	CHECK(file_has(path, "dt 1 pt 7") && file_has(path, "dt 2 pt 5") && file_has(path, "dt 3 pt 9"));
	snprintf(path, sizeof path, "%s/bars.gp", dir);
	CHECK(file_has(path, "fs solid 0.85") && file_has(path, "fs pattern 5") && file_has(path, "fs pattern 1"));
	snprintf(path, sizeof path, "%s/band.gp", dir);
	CHECK(file_has(path, "using 1:3 with lines lw 1 dt 2") && file_has(path, "using 1:2 with lines lw 2.5 dt 2"));
	if (!chart_gnuplot_path(gp, sizeof gp)) {
		fprintf(stderr, "notice: gnuplot is not installed: gnuplot_series_differ_in_grey checks the scripts only\n");
		chart_set_release(&cs);
		remove_dir(dir);
		return;
	}
	CHECK_INT(chart_set_render(&cs, &err), 0);
	/* lines: two dash arrays besides the solid line and the grid's, three point symbols */
	snprintf(path, sizeof path, "%s/lines.svg", dir);
	svg = read_all(path);
	CHECK(svg && svg_values(svg, "stroke-dasharray='", values, 16) >= 3);
	CHECK(svg && svg_values(svg, "xlink:href='#gpPt", values, 16) >= 3);
	free(svg);
	/* bars: two hatchings (the first series solid) */
	snprintf(path, sizeof path, "%s/bars.svg", dir);
	svg = read_all(path);
	CHECK(svg && svg_values(svg, "<path style='fill:none; stroke:", values, 16) >= 1);
	CHECK(svg && svg_values(svg, "' d='", values, 16) >= 2);
	free(svg);
	/* the band: its series' lines and edges dashed apart */
	snprintf(path, sizeof path, "%s/band.svg", dir);
	svg = read_all(path);
	CHECK(svg && svg_values(svg, "stroke-dasharray='", values, 16) >= 2);
	free(svg);
	/* Likert: seven fills, as greys at least 8 L* apart */
	snprintf(path, sizeof path, "%s/likert.svg", dir);
	svg = read_all(path);
	{
		size_t n = svg ? svg_values(svg, "fill = 'rgb(", values, 16) : 0;
		double l[16];
		CHECK_INT(n, 7);
		for (size_t i = 0; i < n; i++) {
			int r = 0, g = 0, b = 0;
			CHECK(sscanf(values[i], "%d, %d, %d", &r, &g, &b) == 3);
			l[i] = lightness(r, g, b);
			for (size_t j = 0; j < i; j++)
				if (fabs(l[i] - l[j]) < 8) {
					CHECK(!"two answers of a Likert chart are greys within 8 L*");
					fprintf(stderr, "    rgb(%s) and rgb(%s)\n", values[i], values[j]);
				}
		}
	}
	free(svg);
	chart_set_release(&cs);
	remove_dir(dir);
}

/* A trend over the scale's whole range when the caller knows it; zoomed, with a break marked at the
 * foot of the axis, when it does not. */
TEST(gnuplot_trend_axis_full_range_or_broken)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", path[1100];
	struct chart_set cs;
	struct sk_error err = {0};
	const char *waves[] = {"wave 1", "wave 2", "wave 3"};
	const double m[] = {3.9, 4.4, 3.95}, lo[] = {3.8, 4.3, 3.85}, hi[] = {4.0, 4.5, 4.05};
	struct chart_means c = {.t = {"full", "Satisfaction by wave", "Wave", "Mean"}, .n_cats = 3, .n_series = 1,
				.cats = waves, .mean = m, .lo = lo, .hi = hi, .ymin = 1, .ymax = 7, .lines = 1,
				.ci_level = 0.95};

	open_set(&cs, dir);
	CHECK_INT(chart_means(&cs, &c, &err), 0);
	c.t.name = "zoomed";
	c.ymin = c.ymax = NAN;
	CHECK_INT(chart_means(&cs, &c, &err), 0);
	snprintf(path, sizeof path, "%s/full.gp", dir);
	CHECK_INT(count_lines(path, "set yrange [1:7]"), 1);
	CHECK_INT(count_lines(path, "set object 1 rect"), 0);
	snprintf(path, sizeof path, "%s/zoomed.gp", dir);
	CHECK_INT(count_lines(path, "set yrange [3.69"), 1);
	CHECK_INT(count_lines(path, "set object 1 rect from graph -0.02, graph 0.035"), 1);
	CHECK_INT(count_lines(path, "set arrow 1 from graph -0.015"), 1);
	CHECK_INT(count_lines(path, "set arrow 2 from graph -0.015"), 1);
	chart_set_release(&cs);
	remove_dir(dir);
}

/* The lines of a chart's data file that are not comments or blank. */
static size_t data_rows(const char *dir, const char *name)
{
	char path[1100], line[1024];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s.dat", dir, name);
	f = fopen(path, "r");
	while (f && fgets(line, sizeof line, f))
		n += line[0] != '#' && line[0] != '\n';
	if (f)
		fclose(f);
	return n;
}

/* The HTMT matrix of five constructs: the cells below the diagonal only, on [0, 1], each value
 * without its leading zero, the cells above .85 outlined dashed and those above .90 outlined
 * thick with the value in bold, the legend naming both thresholds; no significance stars. */
TEST(gnuplot_htmt_heat_map_marks_its_thresholds)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", path[1100], *texts;
	struct chart_set cs;
	struct sk_error err = {0};
	const char *constructs[] = {"Satisfaction with the recovery", "Trust", "Commitment", "Word of mouth",
				    "Negative emotion"};
	const double marks[] = {0.85, 0.90};
	/* row-major, only the lower triangle read; .87 passes .85, .93 and 1.04 pass .90 */
	const double htmt[25] = {NAN, 0, 0, 0, 0,
				 0.62, NAN, 0, 0, 0,
				 0.41, 0.87, NAN, 0, 0,
				 0.93, 0.55, 0.32, NAN, 0,
				 0.049, 0.28, 1.04, 0.851, NAN};
	struct chart_heatmap h = {.t = {"htmt", "Discriminant validity (HTMT)", NULL, NULL}, .n = 5, .labels = constructs,
				  .r = htmt, .value_name = "HTMT", .from_zero = 1, .off_diagonal = 1, .apa = 1,
				  .marks = marks, .n_marks = 2};

	open_set(&cs, dir);
	CHECK_INT(chart_heatmap(&cs, &h, &err), 0);
	/* the ten cells below the diagonal, each with the thresholds it passes */
	CHECK_INT(data_rows(dir, "htmt"), 10);
	snprintf(path, sizeof path, "%s/htmt.dat", dir);
	CHECK(file_has(path, "\n1 1 0.87 ? 1 ") && file_has(path, "\n0 2 0.93 ? 2 ") && file_has(path, "\n2 3 1.04 ? 2 ") &&
	      file_has(path, "\n3 3 0.851 ? 1 ") && file_has(path, "\n0 0 0.62 ? 0 "));
	snprintf(path, sizeof path, "%s/htmt.gp", dir);
	CHECK_INT(count_lines(path, "set cbrange [0:1]"), 1);
	CHECK_INT(count_lines(path, "set label 1001 "), 0);
	CHECK(file_has(path, "= 'HTMT > .85'\n") && file_has(path, "= 'HTMT > .90'\n"));
	CHECK(file_has(path, "fs empty lw 2 dt 2") && file_has(path, "fs empty lw 3.5 dt 1"));
	/* one hue whose lightness falls with the value, from near white */
	CHECK(file_has(path, "set palette defined (0 \"#f7f7f7\", 1 \"#2166ac\")"));
	CHECK(lightness(0xf7, 0xf7, 0xf7) - lightness(0x21, 0x66, 0xac) > 45);
	/* rows 2..5 and columns 1..4 */
	CHECK(file_has(path, "set ytics (text_1 0, text_2 1, text_3 2, text_4 3)"));
	CHECK(file_has(path, "text_1 = 'Trust'\n") && file_has(path, "text_5 = 'Satisfaction with'.newline.'the recovery'\n"));
	texts = draw_and_read(&cs, "htmt", "gnuplot_htmt_heat_map_marks_its_thresholds");
	if (texts) {
		const char *drawn[] = {" .62 ", " .87 ", " .93 ", " 1.04 ", " .05 ", " .85 ", " HTMT > .85 ", " HTMT > .90 ",
				       " Negative emotion ", " Word of mouth "};
		char *svg;
		for (size_t i = 0; i < sizeof drawn / sizeof drawn[0]; i++)
			if (!strstr(texts, drawn[i])) {
				CHECK(!"the HTMT map draws its value");
				fprintf(stderr, "    not drawn: %s\n", drawn[i]);
			}
		CHECK(!strstr(texts, "0.87") && !strstr(texts, "*"));
		free(texts);
		/* the outline above .85 dashed */
		snprintf(path, sizeof path, "%s/htmt.svg", dir);
		svg = read_all(path);
		CHECK(svg && strstr(svg, "stroke-dasharray") != NULL);
		free(svg);
		/* the two cells above .90 in bold, and no other text but the title */
		snprintf(path, sizeof path, "%s/htmt.svg", dir);
		svg = read_all(path);
		{
			size_t bold = 0;
			for (const char *p = svg; p && (p = strstr(p, "font-weight=\"bold\"")) != NULL; p++) {
				const char *t = strstr(p, "<text>");
				if (!t || strncmp(t, "<text></text>", 13) == 0 || strncmp(t, "<text>Discriminant", 18) == 0)
					continue;
				bold++;
				CHECK(strncmp(t, "<text>.93<", 10) == 0 || strncmp(t, "<text>1.04<", 11) == 0);
			}
			CHECK_INT(bold, 2);
		}
		free(svg);
	}
	chart_set_release(&cs);
	remove_dir(dir);
}

/* Standardised loadings grouped by factor: a heading row per factor with loadings (in the order
 * of the factors, whatever the order of the loadings), bars from 0 with CI whiskers, the values
 * beside them without the leading zero, reference lines at .70 and .50 named in the legend; a
 * negative loading's value at its left, a loading above 1 on an axis that reaches it. */
TEST(gnuplot_loadings_grouped_by_factor)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", path[1100], *texts;
	struct chart_set cs;
	struct sk_error err = {0};
	const char *factors[] = {"Satisfaction with the recovery", "Unused factor", "Trust", "Negative emotion"};
	const char *items[] = {"sat_1 I am satisfied with the way my complaint was handled", "tru_1 The firm can be trusted",
			       "sat_2 The outcome was fair", "tru_2 The firm keeps its promises", "neg_1 Angry",
			       "neg_2 Calm (reversed, not recoded)", "sat_3 Overall, I am happy with the firm", "neg_3 Upset"};
	const size_t factor_of[] = {0, 2, 0, 2, 3, 3, 0, 3};
	const double l[] = {0.81, 0.74, 0.66, 0.9, 0.78, -0.45, NAN, 1.03},
		     lo[] = {0.77, 0.69, 0.6, 0.87, 0.73, -0.53, NAN, 0.98},
		     hi[] = {0.85, 0.79, 0.72, 0.93, 0.83, -0.37, NAN, 1.08};
	struct chart_loadings c = {.t = {"loadings", "Standardised loadings of the measurement model",
					 "Standardised loading (std.all)", NULL},
				   .n_loadings = 8, .n_factors = 4, .items = items, .factor_of = factor_of,
				   .factors = factors, .loading = l, .lo = lo, .hi = hi, .ci_level = 0.95, .ref2 = 0.5};

	open_set(&cs, dir);
	CHECK_INT(chart_loadings(&cs, &c, &err), 0);
	CHECK_INT(data_rows(dir, "loadings"), 8);
	snprintf(path, sizeof path, "%s/loadings.dat", dir);
	/* 11 rows from the top: Satisfaction (11) sat_1 sat_2 sat_3, Trust (7) tru_1 tru_2, Negative
	 * emotion (4) neg_1 neg_2 neg_3; a value at the right of its whisker, a negative one at its left */
	CHECK(file_has(path, "\n10 0 0.81 0.77 0.85 0.85 ?\n") && file_has(path, "\n9 0 0.66 ") &&
	      file_has(path, "\n8 0 ? ? ? ? ?\n") && file_has(path, "\n6 2 0.74 ") && file_has(path, "\n5 2 0.9 ") &&
	      file_has(path, "\n3 3 0.78 ") && file_has(path, "\n2 3 -0.45 -0.53 -0.37 ? -0.53\n") &&
	      file_has(path, "\n1 3 1.03 0.98 1.08 1.08 ?\n"));
	snprintf(path, sizeof path, "%s/loadings.gp", dir);
	CHECK_INT(count_lines(path, "set yrange [0.5:11.5]"), 1);
	CHECK(file_has(path, "text_1 = ''\ntext_2 = 'sat_1 I am satisfied") || file_has(path, "text_1 = ''\ntext_2 = 'sat_1"));
	/* the factors' names in bold at their heading rows, a rule above the second and third */
	CHECK(file_has(path, " at screen 0, first 11 left offset 1,0 font \"Sans Bold,10\"") &&
	      file_has(path, " at screen 0, first 7 left") && file_has(path, " at screen 0, first 4 left"));
	CHECK_INT(count_lines(path, "set label 2 "), 0);
	CHECK(file_has(path, "from screen 0, first 7.5 to graph 1, first 7.5 nohead") &&
	      file_has(path, "from screen 0, first 4.5 to graph 1, first 4.5 nohead"));
	/* the references, the zero line of the negative loading, the legend */
	CHECK(file_has(path, "from 0.7, graph 0 to 0.7, graph 1 nohead front lw 1.5 dt 2") &&
	      file_has(path, "from 0.5, graph 0 to 0.5, graph 1 nohead front lw 1.5 dt 3") &&
	      file_has(path, "from 0, graph 0 to 0, graph 1 nohead back"));
	CHECK(file_has(path, "= 'Reference .70'\n") && file_has(path, "= 'Reference .50'\n") &&
	      file_has(path, "= '95% CI'\n"));
	texts = draw_and_read(&cs, "loadings", "gnuplot_loadings_grouped_by_factor");
	if (texts) {
		const char *drawn[] = {" .81 ", " .66 ", " .90 ", " -.45 ", " 1.03 ", " Trust ", " Negative emotion ",
				       " Reference .70 ", " 95% CI ", " neg_3 Upset "};
		for (size_t i = 0; i < sizeof drawn / sizeof drawn[0]; i++)
			if (!strstr(texts, drawn[i])) {
				CHECK(!"the loadings chart draws its texts");
				fprintf(stderr, "    not drawn: %s\n", drawn[i]);
			}
		CHECK(svg_draws(texts, items[0]) && svg_draws(texts, factors[0]));
		CHECK(!strstr(texts, "Unused") && !strstr(texts, "0.81"));
		free(texts);
	}
	/* no loadings, a loading of no factor, CIs without their level */
	c.n_loadings = 0;
	CHECK_INT(chart_loadings(&cs, &c, &err), 4);
	CHECK(strstr(err.msg, "no loadings") != NULL);
	c.n_loadings = 8;
	c.n_factors = 3;
	CHECK_INT(chart_loadings(&cs, &c, &err), 4);
	CHECK(strstr(err.msg, "loading 5 names no factor") != NULL);
	c.n_factors = 4;
	c.ci_level = 0;
	CHECK_INT(chart_loadings(&cs, &c, &err), 4);
	CHECK(strstr(err.msg, "confidence level") != NULL);
	chart_set_release(&cs);
	remove_dir(dir);
}

/* The number after `prefix` on the first line of a script that begins with it. */
static int script_number(const char *path, const char *prefix, double *v)
{
	char line[4096];
	int found = 0;
	FILE *f = fopen(path, "r");

	while (f && !found && fgets(line, sizeof line, f))
		if (strncmp(line, prefix, strlen(prefix)) == 0) {
			char *end;
			*v = strtod(line + strlen(prefix), &end);
			found = end > line + strlen(prefix);
		}
	if (f)
		fclose(f);
	return found;
}

/* The vertical offset of the label a script sets with the line beginning `prefix`. */
static int label_offset(const char *path, const char *prefix, double *y)
{
	char line[4096];
	int found = 0;
	FILE *f = fopen(path, "r");

	while (f && !found && fgets(line, sizeof line, f)) {
		const char *o = strstr(line, " offset 0,");
		found = strncmp(line, prefix, strlen(prefix)) == 0 && o && sscanf(o, " offset 0,%lf", y) == 1;
	}
	if (f)
		fclose(f);
	return found;
}

/* The recovery paradox: each recovery level's mean with its CI as a point, the no-failure
 * control's mean as a line across the plot with the equivalence margin shaded around it, and each
 * level's verdict over it. */
TEST(gnuplot_paradox_chart_against_the_control)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", path[1100], text[256], *texts;
	struct chart_set cs;
	struct sk_error err = {0};
	const char *levels[] = {"Fix only", "Fix + apology", "Full recovery with compensation"};
	const char *verdicts[] = {"worse", "equivalent", "supported"};
	const double m[] = {4.6, 5.2, 5.9}, lo[] = {4.41, 5.02, 5.71}, hi[] = {4.79, 5.38, 6.09};
	struct chart_means c = {.t = {"paradox", "Satisfaction after recovery against no failure", "Recovery",
				      "Satisfaction (1-7)"},
				.n_cats = 3, .n_series = 1, .cats = levels, .mean = m, .lo = lo, .hi = hi, .ymin = 1,
				.ymax = 7, .ci_level = 0.95, .points = 1, .ref = 5.25, .ref_margin = 0.5,
				.ref_label = "No failure (control): 5.25", .margin_label = "Equivalence margin (\xC2\xB1" "0.50)",
				.notes = verdicts};
	double plain_top, top;

	open_set(&cs, dir);
	CHECK_INT(chart_means(&cs, &c, &err), 0);
	c.t.name = "plain";
	c.notes = NULL;
	c.ref_margin = 0;
	c.margin_label = NULL;
	CHECK_INT(chart_means(&cs, &c, &err), 0);
	snprintf(path, sizeof path, "%s/paradox.gp", dir);
	CHECK(file_has(path, "set object 2 rect from graph 0, first 4.75 to graph 1, first 5.75 behind"));
	CHECK(file_has(path, "set arrow 3 from graph 0, first 5.25 to graph 1, first 5.25 nohead back lw 2"));
	CHECK(file_has(path, "using 1:2 with points pt 7 ps 1.2"));
	CHECK_INT(count_lines(path, "set yrange [1:7]"), 1);
	/* the verdicts over their levels, in italics */
	CHECK(file_has(path, "set label 100 text_") && file_has(path, " at first 2, graph 1 center offset 0,") &&
	      file_has(path, "font \"Sans Italic,9\""));
	CHECK(file_has(path, "= 'worse'\n") && file_has(path, "= 'supported'\n"));
	CHECK(script_text(path, "Equivalence", text, sizeof text) &&
	      strcmp(text, "Equivalence\nmargin (\xC2\xB1" "0.50)") == 0);
	/* the notes take a row above the plot */
	CHECK(script_number(path, "set tmargin ", &top));
	snprintf(path, sizeof path, "%s/plain.gp", dir);
	CHECK(script_number(path, "set tmargin ", &plain_top));
	CHECK(top > plain_top + 0.9);
	CHECK_INT(count_lines(path, "set object 2"), 0);
	CHECK_INT(count_lines(path, "set label 100 "), 0);
	CHECK_INT(count_lines(path, "set arrow 3 from graph 0, first 5.25"), 1);
	/* four levels whose verdicts are wider than their categories: every other one a row higher */
	{
		const char *four[] = {"Apology", "Fix only", "Fix + apology", "Full recovery"},
			   *said[] = {"inconclusive", "equivalent", "inconclusive", "supported"};
		const double m4[] = {4.9, 5.1, 5.3, 5.9}, lo4[] = {4.6, 4.8, 5.0, 5.6}, hi4[] = {5.2, 5.4, 5.6, 6.2};
		double low, high;
		struct chart_means four_levels = c;
		four_levels.t.name = "paradox-four";
		four_levels.n_cats = 4;
		four_levels.cats = four;
		four_levels.notes = said;
		four_levels.mean = m4, four_levels.lo = lo4, four_levels.hi = hi4;
		CHECK_INT(chart_means(&cs, &four_levels, &err), 0);
		snprintf(path, sizeof path, "%s/paradox-four.gp", dir);
		CHECK(script_number(path, "set tmargin ", &top));
		CHECK(top > plain_top + 2);
		CHECK(label_offset(path, "set label 100 ", &high) && label_offset(path, "set label 101 ", &low));
		CHECK(high > low + 0.9);
		CHECK(label_offset(path, "set label 102 ", &high) && label_offset(path, "set label 103 ", &low));
		CHECK(high > low + 0.9);
	}
	texts = draw_and_read(&cs, "paradox", "gnuplot_paradox_chart_against_the_control");
	if (texts) {
		const char *drawn[] = {" worse ", " equivalent ", " supported ", " 4.60 ", " 5.90 ", " No failure (control): 5.25 ",
				       " Equivalence margin (\xC2\xB1" "0.50) ", " 95% CI "};
		for (size_t i = 0; i < sizeof drawn / sizeof drawn[0]; i++)
			if (!strstr(texts, drawn[i])) {
				CHECK(!"the paradox chart draws its texts");
				fprintf(stderr, "    not drawn: %s\n", drawn[i]);
			}
		CHECK(svg_draws(texts, levels[2]));
		free(texts);
	}
	chart_set_release(&cs);
	remove_dir(dir);
}

/* The zone of tolerance in scores: per scenario the zone from the mean adequate to the mean
 * desired score as a floating bar, the mean perceived score as a point with its CI. */
TEST(gnuplot_zone_scores_chart_draws_the_zone_behind_the_means)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", path[1100], *texts;
	struct chart_set cs;
	struct sk_error err = {0};
	const char *scen[] = {"Fix only", "Fix + apology", "Full recovery"}, *series[] = {"Perceived"};
	const double m[] = {4.1, 5.3, 6.4}, lo[] = {3.9, 5.1, 6.2}, hi[] = {4.3, 5.5, 6.6}, adequate[] = {4.6, 4.5, NAN},
		     desired[] = {6.1, 6.0, 6.2};
	struct chart_means c = {.t = {"zone-scores", "Reliability: perceived service and the zone of tolerance", "Scenario",
				      "Mean score (1-7)"},
				.n_cats = 3, .n_series = 1, .cats = scen, .series = series, .mean = m, .lo = lo, .hi = hi,
				.ymin = 1, .ymax = 7, .ci_level = 0.95, .points = 1, .range_lo = adequate, .range_hi = desired,
				.range_label = "Zone of tolerance (adequate to desired)"};

	open_set(&cs, dir);
	CHECK_INT(chart_means(&cs, &c, &err), 0);
	snprintf(path, sizeof path, "%s/zone-scores.dat", dir);
	CHECK(file_has(path, "# ranges\n0 4.6 6.1\n1 4.5 6\n2 ? 6.2\n"));
	snprintf(path, sizeof path, "%s/zone-scores.gp", dir);
	CHECK(file_has(path, "\"zone-scores.dat\" index 1 using 1:(($2+$3)/2):(0.3):(abs($3-$2)/2) with boxxyerror"));
	CHECK(file_has(path, "\"zone-scores.dat\" index 0 using 1:2 with points pt 7"));
	texts = draw_and_read(&cs, "zone-scores", "gnuplot_zone_scores_chart_draws_the_zone_behind_the_means");
	if (texts) {
		CHECK(strstr(texts, " 4.10 ") && strstr(texts, " 6.40 "));
		CHECK(svg_draws(texts, "Zone of tolerance (adequate to desired)") || strstr(texts, " Zone of tolerance "));
		free(texts);
	}
	chart_set_release(&cs);
	remove_dir(dir);
}

/* The zone of tolerance in shares: per scenario the respondents below, within and above the zone
 * as bars stacked from 0 to 100%, each share printed in its segment when it is large enough. */
TEST(gnuplot_zone_shares_stack_to_a_hundred)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", path[1100], *texts;
	struct chart_set cs;
	struct sk_error err = {0};
	const char *scen[] = {"Fix only", "Fix + apology", "Full recovery"},
		   *classes[] = {"Below the zone", "Within the zone", "Above the zone (delight)"};
	const double pct[] = {42, 50.5, 7.5, 20, 61, 19, 3.2, 45.8, 51};
	double from, to;

	open_set(&cs, dir);
	CHECK_INT(chart_likert(&cs, &(struct chart_likert){.t = {"likert", "Reliability: the zone of tolerance by scenario",
								   "% of respondents", NULL},
							     .n_items = 3, .n_cats = 3, .items = scen, .cats = classes,
							     .pct = pct, .stacked = 1},
			       &err),
		  0);
	/* rows from the top: Fix only is row 3 */
	CHECK(likert_segment(dir, 0, 3, &from, &to) && from == 0 && to == 42);
	CHECK(likert_segment(dir, 1, 3, &from, &to) && from == 42 && to == 92.5);
	CHECK(likert_segment(dir, 2, 3, &from, &to) && from == 92.5 && to == 100);
	CHECK(likert_segment(dir, 2, 1, &from, &to) && fabs(from - 49) < 1e-9 && fabs(to - 100) < 1e-9);
	snprintf(path, sizeof path, "%s/likert.gp", dir);
	CHECK_INT(count_lines(path, "set xrange [0:100]"), 1);
	CHECK_INT(count_lines(path, "set arrow 1 from 0"), 0);
	texts = draw_and_read(&cs, "likert", "gnuplot_zone_shares_stack_to_a_hundred");
	if (texts) {
		char values[8][64], *svg;
		size_t n;
		double l[8];
		CHECK(strstr(texts, " 42% ") && strstr(texts, " 61% ") && strstr(texts, " 51% ") && !strstr(texts, " 3% "));
		CHECK(svg_draws(texts, "Below the zone Within the zone Above the zone (delight)"));
		free(texts);
		/* the three classes in greys at least 15 L* apart */
		snprintf(path, sizeof path, "%s/likert.svg", dir);
		svg = read_all(path);
		n = svg ? svg_values(svg, "fill = 'rgb(", values, 8) : 0;
		CHECK_INT(n, 3);
		for (size_t i = 0; i < n; i++) {
			int r = 0, g = 0, b = 0;
			CHECK(sscanf(values[i], "%d, %d, %d", &r, &g, &b) == 3);
			l[i] = lightness(r, g, b);
			for (size_t j = 0; j < i; j++)
				CHECK(fabs(l[i] - l[j]) >= 15);
		}
		free(svg);
	}
	chart_set_release(&cs);
	remove_dir(dir);
}

/* A conditional indirect effect over a moderator: at its probe values each effect a point with
 * its bootstrap CI (the series side by side at one value), the probe values as the tics, the CI
 * level and method in the legend, the index of moderated mediation as a note; over a grid, the
 * band. */
TEST(gnuplot_conditional_indirect_effects_at_probe_values)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", path[1100], text[256], *texts;
	struct chart_set cs;
	struct sk_error err = {0};
	const double x[] = {3.2, 4.5, 5.8}, est[] = {0.05, 0.14, 0.23, -0.02, 0.01, 0.04},
		     lo[] = {-0.01, 0.08, 0.15, -0.09, -0.04, -0.02}, hi[] = {0.11, 0.2, 0.31, 0.05, 0.06, 0.1};
	const char *probes[] = {"Low (16th percentile)", "Medium (50th percentile)", "High (84th percentile)"},
		   *mediators[] = {"via negative emotion", "via perceived justice"};
	struct chart_band one = {.t = {"indirect", "Indirect effect of the full recovery on word of mouth", "Trust",
				       "Conditional indirect effect"},
				 .n_points = 3, .n_series = 1, .x = x, .est = est, .lo = lo, .hi = hi, .series = mediators,
				 .ci_level = 0.95, .whiskers = 1, .x_labels = probes,
				 .ci_method = "percentile bootstrap, 5000 samples",
				 .note = "Index of moderated mediation = 0.07, 95% CI [0.02, 0.13]"};
	struct chart_band two = one;
	double drawn_x[2];

	two.t.name = "indirect-two";
	two.n_series = 2;
	two.x_labels = NULL;
	two.note = NULL;
	open_set(&cs, dir);
	CHECK_INT(chart_band(&cs, &one, &err), 0);
	CHECK_INT(chart_band(&cs, &two, &err), 0);
	one.t.name = "indirect-band";
	one.whiskers = 0;
	CHECK_INT(chart_band(&cs, &one, &err), 0);
	snprintf(path, sizeof path, "%s/indirect.gp", dir);
	CHECK(file_has(path, "\"indirect.dat\" index 0 using 5:2 with points pt 7 ps 1.2"));
	CHECK(file_has(path, "\"indirect.dat\" index 0 using 5:3:(0):($4-$3) with vectors heads"));
	CHECK(file_has(path, "0 with lines dt 3 lw 1.2"));
	CHECK_INT(count_lines(path, "set xtics (text_1 3.2, text_2 4.5, text_3 5.8)"), 1);
	CHECK(!file_has(path, "filledcurves"));
	CHECK(script_text(path, "95% CI", text, sizeof text));
	for (char *p = text; *p; p++)
		*p = *p == '\n' ? ' ' : *p;
	CHECK_STR(text, "95% CI (percentile bootstrap, 5000 samples)");
	CHECK(file_has(path, "set label 1001 text_") && file_has(path, "screen 0.5, screen 0 offset 0,"));
	/* two series: side by side around each probe value, the tics the values */
	snprintf(path, sizeof path, "%s/indirect-two.dat", dir);
	{
		FILE *f = fopen(path, "r");
		char line[256];
		size_t got = 0;
		while (f && fgets(line, sizeof line, f))
			if (strncmp(line, "3.2 ", 4) == 0 && got < 2)
				CHECK(sscanf(line, "%*f %*f %*f %*f %lf", &drawn_x[got++]) == 1);
		if (f)
			fclose(f);
		CHECK_INT(got, 2);
		CHECK(got == 2 && drawn_x[0] < 3.2 && drawn_x[1] > 3.2 && fabs(drawn_x[0] + drawn_x[1] - 6.4) < 1e-9);
	}
	snprintf(path, sizeof path, "%s/indirect-two.gp", dir);
	CHECK_INT(count_lines(path, "set xtics (3.2, 4.5, 5.8)"), 1);
	CHECK(file_has(path, "index 0 using 5:2:(sprintf(\"%.2f\", $2)) with labels right offset -1.2,0 boxed") &&
	      file_has(path, "index 1 using 5:2:(sprintf(\"%.2f\", $2)) with labels left offset 1.2,0 boxed"));
	/* over a grid: the band, the method and the note kept */
	snprintf(path, sizeof path, "%s/indirect-band.gp", dir);
	CHECK(file_has(path, "using 1:3:4 with filledcurves") && file_has(path, "set label 1001 text_"));
	CHECK_INT(count_lines(path, "set xtics ("), 0);
	texts = draw_and_read(&cs, "indirect", "gnuplot_conditional_indirect_effects_at_probe_values");
	if (texts) {
		CHECK(svg_draws(texts, "95% CI (percentile bootstrap, 5000 samples)"));
		CHECK(svg_draws(texts, "Index of moderated mediation = 0.07, 95% CI [0.02, 0.13]"));
		CHECK(svg_draws(texts, probes[0]) && svg_draws(texts, probes[2]) && svg_draws(texts, "Trust"));
		CHECK(strstr(texts, " 0.05 ") && strstr(texts, " 0.23 "));
		free(texts);
		/* the two mediators' points in two symbols */
		{
			char values[8][64], *svg;
			snprintf(path, sizeof path, "%s/indirect-two.svg", dir);
			svg = read_all(path);
			CHECK(svg && svg_values(svg, "xlink:href='#gpPt", values, 8) >= 2);
			free(svg);
		}
	}
	chart_set_release(&cs);
	remove_dir(dir);
}

/* The options' edge cases: a heat map without cells or with too many marks is refused, a missing
 * HTMT value leaves its cell blank and unmarked; loadings without CIs need no level; a single probe
 * value, notes missing for some categories, a reference without a margin. */
TEST(gnuplot_new_options_edge_cases)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", path[1100];
	struct chart_set cs;
	struct sk_error err = {0};
	const char *two[] = {"A", "B"}, *items[] = {"a1", "a2"}, *factors[] = {"A"}, *notes[] = {NULL, "", "supported"},
		   *cats[] = {"x", "y", "z"};
	const double r[] = {NAN, NAN, NAN, NAN}, marks[] = {0.85, 0.9, 0.95}, l[] = {0.7, NAN}, x[] = {1}, e[] = {0.2},
		     elo[] = {0.1}, ehi[] = {0.3}, m[] = {3, 4, 5};
	const size_t factor_of[] = {0, 0};
	struct chart_heatmap h = {.t = {"htmt", "HTMT", NULL, NULL}, .n = 1, .labels = two, .r = r, .from_zero = 1,
				  .off_diagonal = 1, .apa = 1, .marks = marks, .n_marks = 2};

	open_set(&cs, dir);
	CHECK_INT(chart_heatmap(&cs, &h, &err), 4);
	CHECK(strstr(err.msg, "no cells") != NULL);
	h.n = 2;
	h.n_marks = 3;
	CHECK_INT(chart_heatmap(&cs, &h, &err), 4);
	CHECK(strstr(err.msg, "more than 2 thresholds") != NULL);
	h.n_marks = 2;
	CHECK_INT(chart_heatmap(&cs, &h, &err), 0);
	snprintf(path, sizeof path, "%s/htmt.dat", dir);
	CHECK(file_has(path, "\n0 0 ? ? 0 "));
	CHECK_INT(data_rows(dir, "htmt"), 1);
	CHECK_INT(chart_loadings(&cs,
				 &(struct chart_loadings){.t = {"loadings", "L", NULL, NULL}, .n_loadings = 2, .n_factors = 1,
							  .items = items, .factor_of = factor_of, .factors = factors,
							  .loading = l},
				 &err),
		  0);
	snprintf(path, sizeof path, "%s/loadings.gp", dir);
	CHECK(!file_has(path, "with vectors") && !file_has(path, "CI'"));
	CHECK_INT(chart_band(&cs,
			     &(struct chart_band){.t = {"one-probe", "t", "x", "y"}, .n_points = 1, .n_series = 1, .x = x,
						  .est = e, .lo = elo, .hi = ehi, .ci_level = 0.9, .whiskers = 1},
			     &err),
		  0);
	snprintf(path, sizeof path, "%s/one-probe.gp", dir);
	CHECK(file_has(path, "set xrange [0.38:1.62]") && file_has(path, "set xtics (1)"));
	CHECK_INT(chart_means(&cs,
			      &(struct chart_means){.t = {"notes", "t", "x", "y"}, .n_cats = 3, .n_series = 1, .cats = cats,
						    .mean = m, .lo = m, .hi = m, .ymin = NAN, .ymax = NAN, .ci_level = 0.95,
						    .points = 1, .ref = 4, .ref_label = "control", .notes = notes},
			      &err),
		  0);
	snprintf(path, sizeof path, "%s/notes.gp", dir);
	CHECK_INT(count_lines(path, "set label 100 "), 0);
	CHECK_INT(count_lines(path, "set label 101 "), 0);
	CHECK_INT(count_lines(path, "set label 102 "), 1);
	CHECK(!file_has(path, "set object 2"));
	free(draw_and_read(&cs, "notes", "gnuplot_new_options_edge_cases"));
	chart_set_release(&cs);
	remove_dir(dir);
}
