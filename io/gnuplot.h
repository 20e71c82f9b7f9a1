/* Charts as gnuplot scripts. Each chart NAME is written into a chart directory as NAME.gp (the
 * script) and NAME.dat (its data, already summarised: means, bins, percentages, never raw rows),
 * and chart_set_render() runs gnuplot there to draw it in each format the set asks for: NAME.png
 * (pngcairo), NAME.svg, NAME.pdf (pdfcairo). The script plots once and redraws the figure with
 * `replot` on each further terminal, so every format shows the same figure. Every script stands
 * on its own: `cd DIR && gnuplot NAME.gp` redraws its files, so a machine without gnuplot keeps
 * the scripts and the reader renders them later.
 *
 * Figures are made for print: each is laid out at its printed size, CHART_WIDTH_IN inches wide (a
 * page's text width) and CHART_HEIGHT_IN high (some kinds grow taller with their rows), with text
 * of CHART_FONT_SIZE points at that size; the PNG has CHART_DPI pixels per inch, the PDF is that
 * size in inches and the SVG that size at 96 px per inch, all three with the same text, line and
 * point sizes. A title is drawn in the figure unless the set's `captions` says the document
 * carries it (the script then keeps it as a comment). Axis titles, value labels on bars and
 * points, CI bars at the caller's level and a legend outside the plot on every chart.
 *
 * Long texts are wrapped, never cut (below CHART_TEXT_MAX): item and category labels, legend
 * entries, axis titles and the title are broken into lines at spaces to the room they have (a
 * word longer than a whole line across lines), and the margins and the figure's height are made
 * to hold the longest line and every line. Every chart reads in grey scale: series differ by dash
 * and point type as well as colour (the colour-blind-safe Okabe-Ito palette), bars of several
 * series by fill pattern, CI bands by their edges' dash type, the answers of a Likert chart by
 * lightness.
 *
 * Every text a caller passes (titles, labels, category and series names: text that comes from a
 * data file, a codebook or a .sav) is drawn as written and never read as gnuplot commands: it
 * enters a script only as the single-quoted constant of a variable at the script's head
 * (`text_3 = 'Fix + 10% refund'`), where gnuplot performs no `command` or @macro substitution and
 * no backslash escapes; a quote and a line break are joined in as the variables quote and
 * newline ('it'.quote.'s'), other control characters become spaces, bytes that are not UTF-8
 * become U+FFFD, '%' is doubled where gnuplot reads the text as a format (tic labels), and
 * enhanced text ({}, ^, _) is off in every terminal.
 * The .dat files hold numbers only.
 *
 * gnuplot is found on PATH, or named by the environment variable SURVEYKIT_GNUPLOT (an empty
 * value or "none" means: do not render). It runs as a child process (fork/exec, no shell) with
 * the chart directory as its working directory; its exit status is checked. */
#ifndef SURVEYKIT_IO_GNUPLOT_H
#define SURVEYKIT_IO_GNUPLOT_H

#include <stddef.h>

#include "io/error.h"

/* The printed size of a figure (inches), the PNG's resolution, and the PNG's size in pixels. */
#define CHART_WIDTH_IN 6.5
#define CHART_HEIGHT_IN 4.0
#define CHART_DPI 300
#define CHART_WIDTH 1950  /* CHART_WIDTH_IN * CHART_DPI */
#define CHART_HEIGHT 1200 /* CHART_HEIGHT_IN * CHART_DPI */
/* Text in print, in points: axis titles, tic labels and legends; values printed in the plot; the
 * smallest text of any chart. */
#define CHART_FONT "Sans"
#define CHART_FONT_SIZE 10
#define CHART_LABEL_FONT_SIZE 9
#define CHART_SMALL_FONT_SIZE 8
/* The charts are drawn by one gnuplot process per processor, at most CHART_PROCESSES, started
 * once and fed the scripts as they are written (`load "NAME.gp"` on its standard input, each
 * chart to the process with the fewest so far), so drawing overlaps the rest of the work and
 * every process pays gnuplot's start-up once. When surveykit is built with poppler, cairo and
 * libpng (io/chart_raster.h), these processes draw each PNG as a PDF at the same printed size
 * (its script draws the PNG itself when run alone), and chart_set_render makes the 300-dpi PNGs
 * from those on as many threads, about five times faster than gnuplot's pngcairo. */
#define CHART_PROCESSES 4
/* A text longer than this many bytes is cut (at a character) and ends in "..." on the chart. */
#define CHART_TEXT_MAX 400

/* The files a chart is drawn to: a mask of these. */
enum chart_format {
	CHART_PNG = 1,
	CHART_SVG = 2,
	CHART_PDF = 4,
};
#define CHART_FORMATS_DEFAULT (CHART_PNG | CHART_SVG)
#define CHART_FORMATS_ALL (CHART_PNG | CHART_SVG | CHART_PDF)

struct chart_set {
	char *dir;     /* where the charts go (created by chart_set_init when absent) */
	/* Set by the caller after chart_set_init, before the first chart (0 keeps the default): */
	unsigned formats; /* the chart_format mask to draw; 0: CHART_FORMATS_DEFAULT */
	int captions;     /* 1: the document prints each chart's title as its caption, so the
			   * figure has none (its script keeps it as a comment) */
	char **names;  /* stems of the charts written, in order: unique, ignoring case */
	long *png_rows; /* each chart's PNG height in pixels */
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
/* The stem of the chart written last (its files are STEM.gp, .dat and one per format), or NULL. */
const char *chart_set_last(const struct chart_set *cs);
/* The formats the set draws (its mask, or the default when 0). */
unsigned chart_set_formats(const struct chart_set *cs);
/* The file extension of one format ("png", "svg", "pdf"), NULL for anything else. */
const char *chart_format_ext(enum chart_format f);
/* The formats of a mask in words, for a note: "SVG", "PNG and SVG", "PNG, SVG and PDF", ... */
const char *chart_formats_text(unsigned formats);
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
 * each category, with a CI bar and the mean printed above it (turned upright when the bars are
 * narrower than the label). Arrays are series-major: mean[s * n_cats + c]. NaN leaves a bar out.
 * ymin/ymax: the scale's whole range (a wave trend or a mean of 1-7 answers: the codebook's
 * range), which the value axis then spans, bars rising from ymin; NaN: the axis from the data,
 * bars from 0, and for `lines` from just below the lowest CI, with a break marked at the foot of
 * the axis when it does not reach down to 0. `lines` joins each series' points instead of
 * drawing bars. Category labels are wrapped to the width of their category, or turned by 40
 * degrees when a word of one is wider than that.
 * Options (all zero: none):
 *   points        each mean a point with its CI, neither bar nor joining line (dot and whisker:
 *                 levels whose order matters but whose spacing does not); series differ by
 *                 point type and colour; the axis as for `lines`;
 *   ref_label     a solid black line across the plot at y = ref (when finite; e.g. the mean of
 *                 a no-failure control), named ref_label in the legend; with ref_margin > 0 the
 *                 band ref -/+ ref_margin shaded grey behind everything (e.g. an equivalence
 *                 margin), named margin_label (NULL: "Margin -/+ M"); the value axis holds both;
 *   notes         a short text per category (e.g. the verdict of its test, NULL or "" for none)
 *                 in italics in a row above the plot, over its category, wrapped to its width;
 *   range_lo, range_hi  per category a range drawn as a floating bar behind its means, edged in
 *                 dark grey (e.g. the zone of tolerance: the mean adequate to the mean desired
 *                 score), named range_label in the legend; NaN leaves one out.
 * A recovery-paradox chart is points with ref_label (the control's mean), ref_margin (the
 * equivalence margin) and notes (each level's verdict); a zone-of-tolerance chart of the scores
 * is points (the perceived mean) with range_lo, range_hi (the mean adequate and desired). */
struct chart_means {
	struct chart_text t;
	size_t n_cats, n_series;
	const char *const *cats;   /* category labels; "\n" breaks a line */
	const char *const *series; /* series names for the legend (NULL: "Mean") */
	const double *mean, *lo, *hi;
	double ymin, ymax;
	int lines;
	double ci_level; /* the level of lo..hi, e.g. 0.90: the legend says "90% CI" (required) */
	int points;
	double ref, ref_margin;
	const char *ref_label, *margin_label;
	const char *const *notes;
	const double *range_lo, *range_hi;
	const char *range_label;
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
 * the estimate and CI (at ci_level, required) at each x, the band edged in the series' dash type
 * (one "95% CI" entry in the legend for all); a dotted line at `ref` (0). Two kinds of regions,
 * told apart in the legend: the regions shaded grey over the whole height (region_label; e.g.
 * where the omnibus test of all series together is significant) with the transition points marked
 * by their values (point_label, default "Johnson-Neyman point"); and, per series, the regions
 * where that series' own CI excludes ref, drawn as a thick line in its colour and dash type along
 * the bottom ("NAME: CI excludes 0" in the legend): interval r is series_of[r]'s.
 * Options (zero: none):
 *   whiskers   each estimate a point with its CI as a whisker at its x, no band and no line
 *              (the probe values of a moderator: its 16th, 50th and 84th percentiles, the mean
 *              and +/- 1 SD, or the values of a dichotomous one), the series at one x side by
 *              side; the x values are the tics, each estimate's value printed beside its point
 *              (outside for the outer series, above its CI for the middle one of an odd number);
 *              regions and transition points as for the band;
 *   x_labels   with whiskers, a tic label per x value instead of the number (e.g. "Low (-1 SD)"
 *              or a moderator's value labels), wrapped to its room;
 *   ci_method  how the CIs were found, in the legend after the level: "95% CI (percentile
 *              bootstrap, 5000 samples)";
 *   note       a line under the figure, wrapped across it (e.g. the index of moderated
 *              mediation with its CI).
 * A conditional indirect effect chart (PROCESS models 7, 14, ...) is a band over the moderator's
 * range when the effect was computed on a grid, or whiskers at the probe values, with ci_method
 * and the index as the note; the moderator's name is the x axis title. */
#define CHART_BAND_STRIP 0.022 /* the spacing of the series' lines along the bottom, as a share of the plot */
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
	int whiskers;
	const char *const *x_labels;
	const char *ci_method, *note;
};
int chart_band(struct chart_set *cs, const struct chart_band *c, struct sk_error *err);

/* Likert charts: diverging stacked bars of answer percentages, one bar per item, centred on the
 * neutral answer: the answers below the middle (disagreement) to the left of 0, those above it to
 * the right, the neutral answer of an odd number split half and half across 0 (an even number:
 * 0 between the middle two). cats[j] is answer j's wording (the codebook's value label), from the
 * lowest; the legend shows them in that order, left to right. pct is item-major:
 * pct[i * n_cats + j], each row summing to 100; percentages of CHART_LIKERT_LABEL_MIN or more are
 * printed in their segment when it is wide enough for the text. The answers differ in lightness as well as hue (red for
 * disagreement, blue for agreement, light grey for neutral). Item labels are wrapped to 40% of the
 * figure's width; the figure is as tall as its rows need.
 * `stacked`: the bars run from 0 to 100% instead, the categories one after the other from the
 * left, with the same colours: shares of classes that make up a whole, such as the shares of
 * each scenario's respondents below, within and above (delight) a service dimension's zone of
 * tolerance (items: the scenarios; cats: "Below the zone", "Within the zone", "Above the zone
 * (delight)": red and dark, light grey, blue and mid-grey). */
#define CHART_LIKERT_LABEL_MIN 5.0
struct chart_likert {
	struct chart_text t;
	size_t n_items, n_cats;
	const char *const *items;
	const char *const *cats;
	const double *pct;
	int stacked;
};
int chart_likert(struct chart_set *cs, const struct chart_likert *c, struct sk_error *err);

/* Standardised factor loadings (a CFA's completely standardised solution, lavaan's std.all) as
 * horizontal bars from 0, one row per loading, grouped by factor in the order of `factors` (each
 * group under its factor's name in bold at the left, a rule between groups; within a group in
 * the order given), each bar with its CI whisker and its value printed beside it without the
 * leading zero (".78", APA), on the far side of the whisker; a dashed line at `ref` (0: .70, the
 * loading at which the factor explains half the item's variance) and a dotted one at `ref2` (0:
 * none; e.g. .50), both named in the legend under the plot. Arrays are per loading:
 * items[i] (the item's label, wrapped to 40% of the figure's width), factor_of[i] (an index into
 * factors), loading[i], lo[i] and hi[i] (lo and hi NULL: no whiskers; NaN: none for that loading;
 * a NaN loading leaves its bar out, its row kept). ci_level is required when lo and hi are given;
 * no loadings, or one of no factor, is refused (exit 4).
 * The value axis spans 0 to 1 and whatever lies beyond (a negative loading, a Heywood case above
 * 1); the figure is as tall as its rows need. */
struct chart_loadings {
	struct chart_text t;
	size_t n_loadings, n_factors;
	const char *const *items;
	const size_t *factor_of;
	const char *const *factors;
	const double *loading, *lo, *hi;
	double ci_level;
	double ref, ref2;
};
int chart_loadings(struct chart_set *cs, const struct chart_loadings *c, struct sk_error *err);

/* A histogram from its bins: bar i centred at centre[i], `width` wide, height value[i];
 * `mean` (NaN: none) is marked with a dashed line, `note` its legend entry (default "Mean"). */
struct chart_histogram {
	struct chart_text t;
	size_t n_bins;
	const double *centre, *value;
	double width;
	double mean;
	const char *note;
};
int chart_histogram(struct chart_set *cs, const struct chart_histogram *c, struct sk_error *err);

/* A matrix as a heat map of its lower triangle, each cell printed with its value (two decimals).
 * By default a correlation matrix: r on [-1, 1] in a diverging palette (blue, white, red), the
 * diagonal drawn, each cell's r with significance stars (* p < .05, ** p < .01, *** p < .001) so
 * the signs read in grey too. r is n x n row-major, p too (NULL: no stars and no note on them);
 * NaN cells stay blank. Column labels wider than their column are turned by 40 degrees.
 * Options for other matrices, all zero for a correlation matrix; the heterotrait-monotrait ratios
 * of a measurement model (HTMT, Henseler, Ringle & Sarstedt 2015), for instance, take
 * value_name "HTMT", p NULL, from_zero, off_diagonal, apa and marks {0.85, 0.90}:
 *   value_name    what the cells hold: the colour box's title and the marks' legend (NULL:
 *                 "Pearson r");
 *   from_zero     the values are 0 or more: a one-hue palette from white over [0, 1] whose
 *                 lightness falls with the value (a value above 1 takes its darkest colour);
 *   off_diagonal  only the cells below the diagonal: rows 2..n and columns 1..n-1;
 *   apa           values below 1 in size printed without the leading zero, as APA prints
 *                 correlations and ratios (".87", "-.32"; "1.02" as it is; never "-.00");
 *   marks         up to CHART_HEATMAP_MARKS thresholds, ascending: a cell above the highest is
 *                 outlined with a thick solid line and its value printed in bold, a cell above
 *                 the one below it (and not above the highest) outlined with a dashed line; the
 *                 legend under the matrix names each ("HTMT > .85", "HTMT > .90"). Outlines and
 *                 bold type read without colour. */
#define CHART_HEATMAP_MARKS 2
struct chart_heatmap {
	struct chart_text t;
	size_t n;
	const char *const *labels;
	const double *r, *p;
	const char *value_name;
	int from_zero, off_diagonal, apa;
	const double *marks;
	size_t n_marks;
};
int chart_heatmap(struct chart_set *cs, const struct chart_heatmap *c, struct sk_error *err);

#endif
