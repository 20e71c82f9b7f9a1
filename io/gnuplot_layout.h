/* What the kinds of chart share (io/gnuplot_charts.c, io/gnuplot_bars.c, io/gnuplot_heatmap.c):
 * the series' colours, dashes, points and fills, texts wrapped to the room they have, legends,
 * margins and tics measured before they are written, and numbers as APA prints them. Private to
 * those files and io/gnuplot_layout.c. Every text from the data goes into a script through
 * chart_file_text (io/gnuplot_script.h), here through chart_put_wrapped and chart_put_entry. */
#ifndef SURVEYKIT_IO_GNUPLOT_LAYOUT_H
#define SURVEYKIT_IO_GNUPLOT_LAYOUT_H

#include <stddef.h>
#include <stdio.h>

#include "io/error.h"
#include "io/gnuplot.h"
#include "io/gnuplot_script.h"
#include "io/strbuf.h"

#define AXIS_COLOUR "#404040"
#define GRID_COLOUR "#dddddd"
#define REGION_COLOUR "#e3e3e3"
#define BAND_KEY_COLOUR "#808080"

/* Sizes in characters and lines as gnuplot counts them for its margins and legends: a character
 * as wide as a digit of its Sans (DejaVu Sans on Debian: 0.636 em; mixed-case text averages about
 * 0.52 em, so a text measured this way fits), a line 1.164 em high (DejaVu Sans's ascent plus
 * descent), both at CHART_FONT_SIZE. */
#define PT_PER_CHAR (0.64 * CHART_FONT_SIZE)
#define PT_PER_LINE (1.164 * CHART_FONT_SIZE)
#define FIGURE_CHARS (CHART_WIDTH_IN * 72 / PT_PER_CHAR)
/* The room left of the plot that the y axis takes (tic labels and a title), and the widest line
 * of a legend at the right of the plot, in characters. */
#define YAXIS_CHARS 10
#define KEY_CHARS 22
#define KEY_HARD_CHARS 30 /* a word of a legend entry longer than this is broken */
/* A legend under the plot: entries wrapped to no fewer characters than this; a column takes this
 * many more than its text (the sample, the gaps: gnuplot's sample length, a tic and a character
 * each side, with room to spare). */
#define KEY_MIN_CHARS 9
#define KEY_COLUMN_CHARS 5.5
/* The fewest lines of height a plot keeps, whatever its legend and labels take. */
#define PLOT_MIN_LINES 12
/* A category label is wrapped to no fewer characters than this, however many categories share
 * the axis. Labels beside the plot (a Likert chart's items, a heat map's rows) are wrapped to 40%
 * of the figure's width, labels turned below it to this many characters. */
#define CATEGORY_MIN_CHARS 8
#define LABEL_CHARS ((size_t)(0.4 * FIGURE_CHARS))
#define ROTATED_CHARS 24
/* Rows of bars beside their labels: a label's lines plus this many apart. */
#define ROW_GAP 0.6

/* The lines a label of this many characters takes below the axis when turned by 40 degrees
 * (sin 40 = 0.643), as gnuplot measures it to put the x axis title below (half a line further
 * than for labels that are not turned); each further line of a label 0.8 of a line more. */
#define ROTATED_LINES(chars) ((double)(chars) * PT_PER_CHAR * 0.643 / PT_PER_LINE + 0.5)
#define ROTATED_EXTRA_LINE 0.8

/* Series s's colour (Okabe & Ito 2008), dash type, point type and bar fill ("fs ..."). */
const char *chart_colour(size_t s);
int chart_dash(size_t s);
int chart_point(size_t s);
void chart_bar_fill(FILE *b, size_t s);

/* Texts wrapped at spaces: chart_wrap_greedy and chart_wrap (its lines made even) append the
 * wrapped text to b (when not NULL) and return its lines, *longest its longest line's
 * characters; chart_put_wrapped writes it into a command as chart_file_text does. */
size_t chart_wrap_greedy(struct strbuf *b, const char *text, size_t width, size_t hard, size_t *longest);
size_t chart_wrap(struct strbuf *b, const char *text, size_t width, size_t hard, size_t *longest);
size_t chart_put_wrapped(struct chart_file *cf, FILE *b, const char *text, size_t width, size_t hard, int format,
			 size_t *longest);

/* A legend's entries as gnuplot lays them out, measured before they are written: gnuplot sizes a
 * column by its longest line; a row is as tall as the tallest entry. */
struct chart_legend {
	size_t entries;
	size_t lines;   /* of the tallest entry */
	size_t longest; /* characters of the longest line */
	size_t width;   /* the entries are wrapped to this many characters */
	size_t hard;    /* and a word broken beyond this many */
};
void chart_legend_measure(struct chart_legend *lg, const char *text);
double chart_legend_spacing(const struct chart_legend *lg);
double chart_legend_chars(const struct chart_legend *lg);
void chart_put_entry(struct chart_file *cf, const struct chart_legend *lg, const char *text);
void chart_key_right(struct chart_file *cf, const struct chart_legend *lg, const char *title);
size_t chart_legend_below(struct chart_legend *lg, const char *const *texts, size_t n, double plot_chars);

/* The room around a plot: what chart_frame_texts needs to know. */
struct chart_frame {
	size_t xtic_lines; /* lines the x tic labels take (0: none) */
	size_t rotated;    /* 0, or the lines of each of the x tic labels, turned: gnuplot puts the x
			    * axis title below their first line */
	double plot_chars; /* the plot's width */
	double plot_lines; /* the height the plot needs (a legend at its right, rows of bars) */
	double below;      /* lines under the x axis title (a legend there) */
	int fit;           /* 1: the figure is as tall as it needs; 0: at least CHART_HEIGHT_IN */
	double above;      /* lines between the title and the plot (notes over the plot) */
};
void chart_frame_texts(struct chart_file *cf, const struct chart_text *t, const struct chart_frame *fr);
void chart_common_settings(struct chart_file *cf);

/* "90% CI" for a confidence level, and the error for a chart without one. */
int chart_ci_text(double level, char *buf, size_t size);
int chart_no_level(const struct chart_text *t, struct sk_error *err);
size_t chart_category_tics(struct chart_file *cf, const char *axis, const char *const *labels, size_t n, size_t width,
			   size_t hard, int reversed, size_t *longest);
/* Numbers as APA prints them: into buf, and as the script's function apa(v). */
void chart_apa_number(char *buf, size_t size, double v);
void chart_apa_function(FILE *b);
void chart_data_range(const double *a, const double *b, size_t n, double *lo, double *hi);

#endif
