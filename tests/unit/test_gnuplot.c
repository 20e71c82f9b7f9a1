/* io/gnuplot: every kind of chart is written as NAME.gp + NAME.dat and, when gnuplot is
 * installed, drawn as a PNG of CHART_WIDTH x CHART_HEIGHT pixels and an SVG. */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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

static long file_size(const char *dir, const char *name, const char *ext)
{
	char path[1024];
	struct stat sb;

	snprintf(path, sizeof path, "%s/%s%s", dir, name, ext);
	return stat(path, &sb) == 0 ? (long)sb.st_size : -1;
}

static void remove_dir(const char *dir)
{
	char cmd[1100];

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
	const char *ind[] = {"Fix + apology vs Fix only", "Full recovery vs Fix only"};
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
	CHECK_INT(cs->n, 8);
}

TEST(gnuplot_charts_render_at_their_size)
{
	char dir[] = "/tmp/surveykit-gnuplot-XXXXXX", gp[4096];
	struct chart_set cs;
	struct sk_error err = {0};
	const char *keep = getenv("SURVEYKIT_KEEP_CHARTS");

	CHECK(mkdtemp(dir) != NULL);
	CHECK_INT(chart_set_init(&cs, dir, &err), 0);
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
			unsigned w = 0, h = 0;
			snprintf(png, sizeof png, "%s/%s.png", dir, cs.names[i]);
			CHECK(png_size(png, &w, &h));
			CHECK_INT(w, CHART_WIDTH);
			CHECK_INT(h, CHART_HEIGHT);
			CHECK(file_size(dir, cs.names[i], ".svg") > 1000);
		}
		CHECK(access(dir, F_OK) == 0);
		CHECK(file_size(dir, ".gnuplot-0", ".log") < 0);
	} else {
		fprintf(stderr, "notice: gnuplot is not installed: gnuplot_charts_render_at_their_size draws nothing\n");
	}
	chart_set_release(&cs);
	if (keep)
		fprintf(stderr, "charts kept in %s\n", dir);
	else
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

/* Whether the SVG draws `text` as one text element (as gnuplot's SVG terminal escapes it). */
static int svg_draws(const char *svg, const char *text)
{
	char want[256];
	size_t o = 0;

	want[o++] = '>';
	for (const char *p = text; *p && o < sizeof want - 8; p++) {
		if (*p == '&')
			o += (size_t)snprintf(want + o, sizeof want - o, "&amp;");
		else if (*p == '<')
			o += (size_t)snprintf(want + o, sizeof want - o, "&lt;");
		else
			want[o++] = *p;
	}
	want[o++] = '<';
	want[o] = '\0';
	return strstr(svg, want) != NULL;
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

	if (!chart_gnuplot_path(gp, sizeof gp)) {
		fprintf(stderr, "notice: gnuplot is not installed: gnuplot_texts_from_the_data_are_drawn_literally skipped\n");
		return;
	}
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
	CHECK_INT(chart_set_render(&cs, &err), 0);
	if (err.msg[0])
		fprintf(stderr, "%s\n", err.msg);
	for (size_t i = 0; i < sizeof pwned / sizeof pwned[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", dir, pwned[i]);
		CHECK(access(path, F_OK) != 0);
		CHECK(access(pwned[i], F_OK) != 0);
	}
	/* the categories of the means chart are tic labels, which gnuplot reads as formats */
	snprintf(path, sizeof path, "%s/means.svg", dir);
	svg = read_all(path);
	CHECK(svg != NULL);
	if (svg) {
		const char *drawn[] = {"Fix + 10% refund", "`touch PWNED_bq`", "x\".system(\"touch PWNED_sys\").\"",
				       "'; system('touch PWNED_sq'); '", "@GPVAL_TERM @mac", "%n%s%%", "{/Symbol a}^2_y",
				       "back\\slash\\", "it's \"quoted\"", "two", "lines", "bad \xEF\xBF\xBD byte",
				       "ctrl  chars", "# not a comment", "\\U+0041 \\101 \\n",
				       "''`touch PWNED_lex`''", "'", "it''s @text_1 '@text_2'"};
		for (size_t i = 0; i < sizeof drawn / sizeof drawn[0]; i++)
			if (!svg_draws(svg, drawn[i])) {
				CHECK(!"the means chart draws the text as written");
				fprintf(stderr, "    not drawn: %s\n", drawn[i]);
			}
	}
	free(svg);
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
