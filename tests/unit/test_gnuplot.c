/* io/gnuplot: every kind of chart is written as NAME.gp + NAME.dat and, when gnuplot is
 * installed, drawn as a PNG of CHART_WIDTH x CHART_HEIGHT pixels and an SVG. */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
				.ymin = 1, .ymax = 7};
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
				   .hi = ph, .ymin = 1, .ymax = 7};
	const char *waves[] = {"wave 1", "wave 2", "wave 3"};
	const double wm[] = {3.9, 4.4, 3.95}, wl[] = {3.8, 4.3, 3.85}, wh[] = {4.0, 4.5, 4.05};
	struct chart_means wv = {.t = {"waves", "Satisfaction by wave", "Wave", "Mean (1-7)"},
				 .n_cats = 3, .n_series = 1, .cats = waves, .mean = wm, .lo = wl, .hi = wh,
				 .ymin = NAN, .ymax = NAN, .lines = 1};
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
	const double rf[] = {4.1}, rt[] = {7.0}, pts[] = {4.1};
	const char *ind[] = {"Fix + apology vs Fix only", "Full recovery vs Fix only"};
	struct chart_band jn = {.t = {"jn", "Effect of the scenario on satisfaction across involvement", "Involvement",
				      "Conditional effect"},
				.n_points = 21, .n_series = 2, .x = bx, .est = be, .lo = bl, .hi = bh, .series = ind,
				.region_from = rf, .region_to = rt, .n_regions = 1,
				.region_label = "scenario effect significant (p < .05)", .points = pts, .n_transitions = 1};
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
	CHECK(chart_means(&cs, &(struct chart_means){.t = {"bad/name", "x", NULL, NULL}}, &err) == 4);
	chart_set_release(&cs);
	if (saved) {
		setenv("SURVEYKIT_GNUPLOT", saved, 1);
		free(saved);
	} else {
		unsetenv("SURVEYKIT_GNUPLOT");
	}
	remove_dir(dir);
}
