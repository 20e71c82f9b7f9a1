/* Charts as gnuplot scripts. Each chart NAME is written into a chart directory as NAME.gp (the
 * script) and NAME.dat (its data, already summarised: means, bins, percentages, never raw rows),
 * and chart_set_render() runs gnuplot there to draw NAME.png (pngcairo) and NAME.svg. Every
 * script stands on its own: `cd DIR && gnuplot NAME.gp` redraws both files, so a machine without
 * gnuplot keeps the scripts and the reader renders them later.
 *
 * Defaults aim at a figure that can go into a paper: CHART_WIDTH x CHART_HEIGHT pixels, a sans
 * font of CHART_FONT_SIZE points, titles and axis titles on every chart, value labels on bars
 * and points, CI bars at the caller's level, legends outside the plotting area, the colour-blind-safe Okabe-Ito
 * palette for series and a red-grey-blue diverging palette for Likert answers and correlations.
 *
 * Every text a caller passes (titles, labels, category and series names: text that comes from a
 * data file, a codebook or a .sav) is drawn as written and never read as gnuplot commands: it
 * enters a script only as the single-quoted constant of a variable at the script's head
 * (`text_3 = 'Fix + 10% refund'`), where gnuplot performs no `command` or @macro substitution and
 * no backslash escapes; a quote is doubled, a line break joined in as "\n", other control
 * characters become spaces, bytes that are not UTF-8 become U+FFFD, '%' is doubled where gnuplot
 * reads the text as a format (tic labels), and enhanced text ({}, ^, _) is off in both terminals.
 * The .dat files hold numbers only.
 *
 * gnuplot is found on PATH, or named by the environment variable SURVEYKIT_GNUPLOT (an empty
 * value or "none" means: do not render). It runs as a child process (fork/exec, no shell) with
 * the chart directory as its working directory; its exit status is checked. */
#ifndef SURVEYKIT_IO_GNUPLOT_H
#define SURVEYKIT_IO_GNUPLOT_H

#include <stddef.h>

#include "io/error.h"

#define CHART_WIDTH 1200
#define CHART_HEIGHT 750
#define CHART_FONT "Sans"
#define CHART_FONT_SIZE 13
/* The charts are drawn by one gnuplot process per processor, at most CHART_PROCESSES, started
 * once and fed the scripts as they are written (`load "NAME.gp"` on its standard input, each
 * chart to the process with the fewest so far), so drawing overlaps the rest of the work and
 * every process pays gnuplot's start-up once. */
#define CHART_PROCESSES 4
/* A text longer than this many bytes is cut (at a character) and ends in "..." on the chart. */
#define CHART_TEXT_MAX 400

struct chart_set {
	char *dir;     /* where the charts go (created by chart_set_init when absent) */
	char **names;  /* stems of the charts written, in order: unique, ignoring case */
	size_t n, cap;
	size_t stem_max; /* the longest stem, so that STEM.png fits the file system's NAME_MAX */
	size_t sent;   /* charts handed to a gnuplot process so far */
	int pid[CHART_PROCESSES];
	int feed[CHART_PROCESSES];      /* our end of each process's commands (-1 once closed) */
	size_t sent_to[CHART_PROCESSES]; /* charts handed to each */
	size_t n_procs;
	int spawn_error;        /* errno of a process that could not be started, 0 when none */
	int rendered;  /* 1 after chart_set_render drew every chart */
	char gnuplot[4096]; /* the gnuplot that draws them, or "" */
};

int chart_set_init(struct chart_set *cs, const char *dir, struct sk_error *err);
/* Waits for any gnuplot still running (its result ignored) and frees the set. */
void chart_set_release(struct chart_set *cs);
/* Starts drawing the charts written so far in the background (starting the processes the first
 * time), so they are drawn while the caller computes the next ones; nothing happens without
 * gnuplot. May be called after every chart. */
void chart_set_start(struct chart_set *cs);
/* Draws every chart not started yet and waits for all. Without gnuplot this is not an error: it
 * returns 0 with cs->rendered = 0 (the caller says how to render). A gnuplot that fails is exit 4
 * with the line of its output that says what went wrong. */
int chart_set_render(struct chart_set *cs, struct sk_error *err);
/* The stem of the chart written last (its files are STEM.gp, .dat, .png, .svg), or NULL. */
const char *chart_set_last(const struct chart_set *cs);
/* The gnuplot chart_set_render would run (path), or NULL when none is available. */
const char *chart_gnuplot_path(char *buf, size_t size);

/* Common labels. `name` is the chart's name, any text (e.g. "hist-" and a scale's name): its file
 * stem keeps the letters, digits, '-', '_' and '.' of it (others, and a leading '.', become '_'),
 * is cut to fit the file system (NAME_MAX with the extension) and gets "-2", "-3", ... when the
 * set already has a chart of that stem (ignoring case); chart_set_last gives it. */
struct chart_text {
	const char *name;
	const char *title;
	const char *xlabel, *ylabel;
};

/* Means with their confidence intervals: categories along x; one bar (or point) per series in
 * each category, with a CI bar and the mean printed above it. Arrays are series-major:
 * mean[s * n_cats + c]. NaN leaves a bar out. ymin/ymax fix the value axis (NaN: from the data);
 * bars rise from ymin. `lines` joins each series' points instead of drawing bars. */
#define CHART_UPRIGHT_LABELS 12 /* more bars than this: value labels drawn upright */
struct chart_means {
	struct chart_text t;
	size_t n_cats, n_series;
	const char *const *cats;   /* category labels; "\n" breaks a label in two lines */
	const char *const *series; /* series names for the legend (ignored when n_series = 1) */
	const double *mean, *lo, *hi;
	double ymin, ymax;
	int lines;
	double ci_level; /* the level of lo..hi, e.g. 0.90: the legend says "90% CI" (required) */
};
int chart_means(struct chart_set *cs, const struct chart_means *c, struct sk_error *err);

/* Lines over a numeric x: one line per series through its points, labelled with the values when
 * there are at most CHART_LABELLED_POINTS points per line (simple-slopes plots). y is
 * series-major: y[s * n_points + i]. */
#define CHART_LABELLED_POINTS 5
struct chart_lines {
	struct chart_text t;
	size_t n_points, n_series;
	const double *x;
	const double *y;
	const char *const *series;
	const char *legend_title;
};
int chart_lines(struct chart_set *cs, const struct chart_lines *c, struct sk_error *err);

/* A conditional effect with its confidence band over a moderator (Johnson-Neyman): per series
 * the estimate and CI (at ci_level, required) at each x; a dashed line at `ref` (0). Two kinds of
 * regions, told apart in the legend: the regions shaded grey over the whole height (region_label;
 * e.g. where the omnibus test of all series together is significant) with the transition points
 * marked by their values (point_label, default "Johnson-Neyman point"); and, per series, the
 * regions where that series' own CI excludes ref, drawn as a strip in its colour along the bottom
 * ("NAME: CI excludes 0" in the legend): interval r is series_of[r]'s. */
#define CHART_BAND_STRIP 0.022 /* height of a series' strip, as a share of the plot */
#define CHART_KEY_COLUMN_CHARS 40 /* legend entries up to this many characters fit two to a line */
struct chart_band {
	struct chart_text t;
	size_t n_points, n_series;
	const double *x;
	const double *est, *lo, *hi; /* series-major */
	double ci_level;
	const char *const *series;
	const double *region_from, *region_to; /* the shaded regions along x */
	size_t n_regions;
	const char *region_label;
	const double *points; /* transition points */
	size_t n_transitions;
	const char *point_label;
	const double *series_from, *series_to; /* each series' own regions */
	const size_t *series_of;
	size_t n_series_regions;
	double ref;
};
int chart_band(struct chart_set *cs, const struct chart_band *c, struct sk_error *err);

/* Stacked horizontal bars of answer percentages, one bar per item (Likert charts). pct is
 * item-major: pct[i * n_cats + j], each row summing to 100; percentages of CHART_LIKERT_LABEL_MIN
 * or more are printed in their segment. */
#define CHART_LIKERT_LABEL_MIN 5.0
struct chart_likert {
	struct chart_text t;
	size_t n_items, n_cats;
	const char *const *items;
	const char *const *cats;
	const double *pct;
};
int chart_likert(struct chart_set *cs, const struct chart_likert *c, struct sk_error *err);

/* A histogram from its bins: bar i centred at centre[i], `width` wide, height value[i];
 * `mean` (NaN: none) is marked with a line and `note` printed in the top corner. */
struct chart_histogram {
	struct chart_text t;
	size_t n_bins;
	const double *centre, *value;
	double width;
	double mean;
	const char *note;
};
int chart_histogram(struct chart_set *cs, const struct chart_histogram *c, struct sk_error *err);

/* A correlation matrix as a heat map on [-1, 1], each cell printed as r with significance stars
 * (* p < .05, ** p < .01, *** p < .001). r and p are n x n row-major; NaN cells stay blank. */
struct chart_heatmap {
	struct chart_text t;
	size_t n;
	const char *const *labels;
	const double *r, *p;
};
int chart_heatmap(struct chart_set *cs, const struct chart_heatmap *c, struct sk_error *err);

#endif
