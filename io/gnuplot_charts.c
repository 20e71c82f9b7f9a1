/* The kinds of chart (io/gnuplot.h): each writes its data and its plotting commands through the
 * script writer of io/gnuplot_script.h, and lays itself out at the printed size: texts wrapped to
 * the room they have, margins and the figure's height made to hold them. */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/gnuplot.h"
#include "io/gnuplot_script.h"
#include "io/strbuf.h"

/* Okabe & Ito (2008) colour-blind-safe palette, in the order series take it. */
static const char *const series_colour[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
					   "#56B4E9", "#D55E00", "#F0E442", "#000000"};
#define N_SERIES_COLOURS (sizeof series_colour / sizeof series_colour[0])
#define AXIS_COLOUR "#404040"
#define GRID_COLOUR "#dddddd"
#define REGION_COLOUR "#e3e3e3"
#define BAND_KEY_COLOUR "#808080"

static const char *colour(size_t s)
{
	return series_colour[s % N_SERIES_COLOURS];
}

/* What tells series apart without colour: for lines a dash type (gnuplot's 1 solid, 2 dashed,
 * 3 dotted, 4 dash-dot, 5 dash-dot-dot) and a point type (filled circle, square, triangle,
 * diamond, triangle down, pentagon), distinct together for the first 30 series; for bars a fill,
 * the first solid, then hatched one way, crosshatched, hatched the other way, then sparser
 * (gnuplot's fill patterns 5, 1, 4, 7, 6). */
static int dash(size_t s)
{
	return (int)(s % 5) + 1;
}

static int point(size_t s)
{
	static const int pt[] = {7, 5, 9, 13, 11, 15};
	return pt[s % (sizeof pt / sizeof pt[0])];
}

static void put_bar_fill(FILE *b, size_t s)
{
	static const int pattern[] = {5, 1, 4, 7, 6};

	if (s == 0)
		fputs("fs solid 0.85 border lc rgb \"" AXIS_COLOUR "\"", b);
	else
		fprintf(b, "fs pattern %d border lc rgb \"%s\"", pattern[(s - 1) % (sizeof pattern / sizeof pattern[0])],
			AXIS_COLOUR);
}

/* --- layout ----------------------------------------------------------------------------------
 * Sizes in characters and lines as gnuplot counts them for its margins and legends: a character
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
/* The fewest lines of height a plot keeps, whatever its legend and labels take. */
#define PLOT_MIN_LINES 12
/* A category label is wrapped to no fewer characters than this, however many categories share
 * the axis. Labels beside the plot (a Likert chart's items, a heat map's rows) are wrapped to 40%
 * of the figure's width, labels turned below it to this many characters. */
#define CATEGORY_MIN_CHARS 8
#define LABEL_CHARS ((size_t)(0.4 * FIGURE_CHARS))
#define ROTATED_CHARS 24

/* The lines a label of this many characters takes below the axis when turned by 40 degrees
 * (sin 40 = 0.643), as gnuplot measures it to put the x axis title below (half a line further
 * than for labels that are not turned); each further line of a label 0.8 of a line more. */
#define ROTATED_LINES(chars) ((double)(chars) * PT_PER_CHAR * 0.643 / PT_PER_LINE + 0.5)
#define ROTATED_EXTRA_LINE 0.8

/* Characters (not bytes) of n bytes of UTF-8 text. */
static size_t text_chars(const char *s, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += ((unsigned char)s[i] & 0xC0) != 0x80;
	return k;
}

/* The bytes of the first `chars` characters of n bytes of UTF-8 text (as text_chars counts). */
static size_t chars_bytes(const char *s, size_t n, size_t chars)
{
	size_t i = 0;

	for (size_t k = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80 && k++ == chars)
			break;
	return i;
}

/* Appends `text` to b (when not NULL) with the spaces between its words turned into line breaks
 * so that no line is longer than `width` characters: greedy; a longer word has a line of its own,
 * whole up to `hard` characters (the most a line can take where the text goes) and broken after
 * every `hard` characters beyond, so nothing is cut or runs off the figure. The text's own line
 * breaks stay; runs of spaces become one. Returns its number of lines; *longest gets the
 * characters of its longest line. */
static size_t wrap_greedy(struct strbuf *b, const char *text, size_t width, size_t hard, size_t *longest)
{
	const char *s = text ? text : "";
	size_t lines = 1, col = 0, most = 0;

	width = width ? width : 1;
	hard = hard > width ? hard : width;
	while (*s) {
		size_t len, chars;
		if (*s == '\n' || (col > 0 && *s != ' ' && col + 1 + text_chars(s, strcspn(s, " \n")) > width)) {
			if (b)
				strbuf_addc(b, '\n');
			most = col > most ? col : most;
			col = 0, lines++;
			s += *s == '\n';
			continue;
		}
		if (*s == ' ') {
			s++;
			continue;
		}
		if (col > 0) {
			if (b)
				strbuf_addc(b, ' ');
			col++;
		}
		len = strcspn(s, " \n");
		chars = text_chars(s, len);
		for (; chars > hard; chars -= hard, lines++) {
			size_t piece = chars_bytes(s, len, hard);
			if (b) {
				strbuf_add(b, s, piece);
				strbuf_addc(b, '\n');
			}
			most = hard > most ? hard : most;
			s += piece, len -= piece;
		}
		if (b)
			strbuf_add(b, s, len);
		col += chars;
		s += len;
	}
	*longest = col > most ? col : most;
	return lines;
}

/* wrap_greedy with its lines made as even as they can be: the narrowest width that needs no more
 * lines than `width` does, so a label does not end in a lone word. Only the start of the text
 * that can be shown is wrapped (runs of spaces as one, up to CHART_TEXT_MAX + 4 other bytes: the
 * script's quoting cuts a text after CHART_TEXT_MAX bytes and ends it in "..."), so the work is
 * bounded whatever the text's length. */
static size_t wrap_text(struct strbuf *b, const char *text, size_t width, size_t hard, size_t *longest)
{
	char start[2 * CHART_TEXT_MAX + 16];
	size_t n = 0, kept = 0, most, lines, narrow;

	for (const char *s = text ? text : ""; *s && kept <= CHART_TEXT_MAX + 4; s++) {
		if (*s == ' ' && n > 0 && start[n - 1] == ' ')
			continue;
		kept += *s != ' ';
		start[n++] = *s;
	}
	start[n] = '\0';
	lines = wrap_greedy(NULL, start, width, hard, &most);
	hard = hard > width ? hard : width;
	for (narrow = most; narrow > 1;) {
		size_t m, k = wrap_greedy(NULL, start, narrow - 1, hard, &m);
		if (k > lines)
			break;
		narrow = m < narrow - 1 ? m : narrow - 1;
	}
	return wrap_greedy(b, start, narrow, hard, longest);
}

/* Text from the data wrapped to `width` characters (`hard` at most, as wrap_greedy) into a command
 * (chart_file_text); returns its lines, and its longest line's characters in *longest (when not
 * NULL). */
static size_t put_wrapped(struct chart_file *cf, FILE *b, const char *text, size_t width, size_t hard, int format,
			  size_t *longest)
{
	struct strbuf w = STRBUF_INIT;
	size_t most, lines = wrap_text(&w, text, width, hard, &most);

	if (!strbuf_ok(&w))
		cf->failed = 1;
	chart_file_text(cf, b, strbuf_str(&w), format);
	strbuf_release(&w);
	if (longest)
		*longest = most;
	return lines;
}

/* A legend's entries as gnuplot lays them out, measured before they are written: gnuplot sizes a
 * column by its longest line; a row is as tall as the tallest entry. */
struct legend {
	size_t entries;
	size_t lines;   /* of the tallest entry */
	size_t longest; /* characters of the longest line */
	size_t width;   /* the entries are wrapped to this many characters */
	size_t hard;    /* and a word broken beyond this many */
};

static void legend_measure(struct legend *lg, const char *text)
{
	size_t most, lines = wrap_text(NULL, text, lg->width, lg->hard, &most);

	lg->entries++;
	lg->lines = lines > lg->lines ? lines : lg->lines;
	lg->longest = most > lg->longest ? most : lg->longest;
}

/* The line spacing of a legend's rows: a little air between entries of several lines. */
static double legend_spacing(const struct legend *lg)
{
	return lg->lines > 1 ? (double)lg->lines + 0.3 : 1;
}

/* The characters a legend at the right takes: its longest line, the sample and the gaps (gnuplot:
 * the sample, one character each side of the text). */
static double legend_chars(const struct legend *lg)
{
	return lg->entries ? (double)lg->longest + 2 + 2 + 1 : 0;
}

/* " title text_K" for a legend entry, wrapped as legend_measure measured it. */
static void put_entry(struct chart_file *cf, const struct legend *lg, const char *text)
{
	fputs("title ", cf->body);
	put_wrapped(cf, cf->body, text, lg->width, lg->hard, 0, NULL);
}

/* The legend at the right of the plot, at its top: samples first, texts left-aligned. */
static void key_right(struct chart_file *cf, const struct legend *lg, const char *title)
{
	fprintf(cf->body, "set key outside right top vertical Left reverse samplen 2 spacing %.3g", legend_spacing(lg));
	if (title) {
		fputs(" title ", cf->body);
		put_wrapped(cf, cf->body, title, lg->width, lg->hard, 0, NULL);
	}
	fputc('\n', cf->body);
}

/* The room around a plot: what frame_texts needs to know. */
struct frame {
	size_t xtic_lines; /* lines the x tic labels take (0: none) */
	size_t rotated;    /* 0, or the lines of each of the x tic labels, turned: gnuplot puts the x
			    * axis title below their first line */
	double plot_chars; /* the plot's width */
	double plot_lines; /* the height the plot needs (a legend at its right, rows of bars) */
	double below;      /* lines under the x axis title (a legend there) */
	int fit;           /* 1: the figure is as tall as it needs; 0: at least CHART_HEIGHT_IN */
	double above;      /* lines between the title and the plot (notes over the plot) */
};

/* The texts around the plot and its margins. The title (CHART_FONT_SIZE + 1 bold, unless the
 * document's caption carries it), the x axis title wrapped to the plot's width below the x tic
 * labels, the y axis title wrapped to the plot's height; the figure's height holds them and a plot
 * of at least PLOT_MIN_LINES (or fr->plot_lines). */
static void frame_texts(struct chart_file *cf, const struct chart_text *t, const struct frame *fr)
{
	FILE *b = cf->body;
	double top = 1, bottom, plot_lines = fmax(PLOT_MIN_LINES, fr->plot_lines + 1), title_lines = 0;
	size_t xlabel_lines = 0, across = (size_t)(FIGURE_CHARS * CHART_FONT_SIZE / (CHART_FONT_SIZE + 1)) - 4;

	if (t->title) {
		/* the title in the figure, or for a reader of the script when the document's caption
		 * carries it; centred on the figure (gnuplot's own title is centred on the plot, and a
		 * long one would run off the side of a plot with a legend beside it); its tag beyond
		 * any other label's */
		if (cf->cs->captions)
			fputs("# The title is the document's caption; to draw it in the figure (and the tmargin below):\n# ", b);
		fputs("set label 1000 ", b);
		title_lines = 0.5 + (double)put_wrapped(cf, b, t->title, across, across, 0, NULL) * (CHART_FONT_SIZE + 1) /
					    CHART_FONT_SIZE;
		fprintf(b, " at screen 0.5, screen 1 offset 0,-1.2 center front font \"%s Bold,%d\"\n", CHART_FONT,
			CHART_FONT_SIZE + 1);
		if (!cf->cs->captions)
			top += title_lines;
	}
	top += fr->above;
	if (t->xlabel) {
		fputs("set xlabel ", b);
		xlabel_lines = put_wrapped(cf, b, t->xlabel, (size_t)fr->plot_chars, (size_t)fr->plot_chars, 0, NULL);
		/* gnuplot leaves one line for x tic labels however many they have */
		if (fr->rotated > 1)
			fprintf(b, " offset 0,%.3g", -ROTATED_EXTRA_LINE * (double)(fr->rotated - 1));
		else if (!fr->rotated && fr->xtic_lines > 1)
			fprintf(b, " offset 0,%d", 1 - (int)fr->xtic_lines);
		fputc('\n', b);
	}
	bottom = (double)fr->xtic_lines + 1 + (xlabel_lines ? (double)xlabel_lines + 0.2 : 0) +
		 (fr->below > 0 ? fr->below + 0.6 : 0) + 0.3;
	if (fr->fit)
		cf->height_in = (top + bottom + fr->plot_lines) * PT_PER_LINE / 72;
	else
		cf->height_in = fmax(CHART_HEIGHT_IN, (top + bottom + plot_lines) * PT_PER_LINE / 72);
	if (t->ylabel) {
		double plot_pt = cf->height_in * 72 - (top + bottom) * PT_PER_LINE;
		fputs("set ylabel ", b);
		size_t along = (size_t)fmax(CATEGORY_MIN_CHARS, plot_pt / PT_PER_CHAR - 1);
		put_wrapped(cf, b, t->ylabel, along, along, 0, NULL);
		fputc('\n', b);
	}
	fprintf(b, "set tmargin %.3g\nset bmargin %.3g\n", top, bottom);
	if (t->title && cf->cs->captions)
		fprintf(b, "# set tmargin %.3g\n", top + title_lines);
}

/* The frame, the grid, missing values: what every chart shares. */
static void common_settings(struct chart_file *cf)
{
	FILE *b = cf->body;

	fprintf(b, "set border 3 lc rgb \"%s\"\n", AXIS_COLOUR);
	fputs("set tics nomirror out\n", b);
	fprintf(b, "set grid ytics lc rgb \"%s\" lw 1 dt 1\n", GRID_COLOUR);
	fputs("set grid noxtics\n", b);
	fputs("set datafile missing \"?\"\n", b);
}

/* "90% CI" for a confidence level of 0.90 into buf; 0 when the level is not in (0, 1). */
static int ci_text(double level, char *buf, size_t size)
{
	if (!(level > 0 && level < 1))
		return 0;
	snprintf(buf, size, "%g%% CI", level * 100);
	return 1;
}

static int no_level(const struct chart_text *t, struct sk_error *err)
{
	return sk_fail(err, SK_EXIT_OUTPUT, "cannot draw the chart '%s': its confidence level is not between 0 and 1",
		       t->title ? t->title : "");
}

/* Tics of an axis ("xtics", "ytics") at 0, 1, ... (at n, n - 1, ..., 1 when `reversed`) labelled with the
 * labels wrapped to `width` characters (`hard` at most); returns the lines of the tallest label and
 * sets *longest to the characters of the longest line. */
static size_t category_tics(struct chart_file *cf, const char *axis, const char *const *labels, size_t n,
			    size_t width, size_t hard, int reversed, size_t *longest)
{
	FILE *b = cf->body;
	size_t most = 1;

	*longest = 0;
	fprintf(b, "set %s (", axis);
	for (size_t i = 0; i < n; i++) {
		size_t chars, lines;
		if (i)
			fputs(", ", b);
		lines = put_wrapped(cf, b, labels[i], width, hard, 1, &chars);
		fprintf(b, " %zu", reversed ? n - i : i);
		most = lines > most ? lines : most;
		*longest = chars > *longest ? chars : *longest;
	}
	fputs(")", b);
	return most;
}

/* A number as APA prints a statistic that cannot pass 1 in size: two decimals without the
 * leading zero (".85", "-.32", "1.02"), never a negative zero. */
static void apa_number(char *buf, size_t size, double v)
{
	char t[64];

	snprintf(t, sizeof t, "%.2f", v);
	if (strcmp(t, "-0.00") == 0)
		snprintf(buf, size, ".00");
	else if (strncmp(t, "0.", 2) == 0)
		snprintf(buf, size, "%s", t + 1);
	else if (strncmp(t, "-0.", 3) == 0)
		snprintf(buf, size, "-%s", t + 2);
	else
		snprintf(buf, size, "%s", t);
}

/* The same in the script: the function apa(v), for values printed from the data file. */
static void put_apa_function(FILE *b)
{
	fputs("apa(v) = (apa_s = sprintf(\"%.2f\", v), apa_s eq \"-0.00\" ? \".00\" : apa_s[1:2] eq \"0.\" ? apa_s[2:*] : "
	      "apa_s[1:3] eq \"-0.\" ? \"-\".apa_s[3:*] : apa_s)\n",
	      b);
}

static void data_range(const double *a, const double *b, size_t n, double *lo, double *hi)
{
	*lo = INFINITY;
	*hi = -INFINITY;
	for (size_t i = 0; i < n; i++) {
		double x = a[i], y = b ? b[i] : a[i];
		if (isfinite(x))
			*lo = fmin(*lo, x), *hi = fmax(*hi, x);
		if (isfinite(y))
			*lo = fmin(*lo, y), *hi = fmax(*hi, y);
	}
	if (!isfinite(*lo))
		*lo = 0, *hi = 1;
	if (*hi - *lo < 1e-12 * fmax(1, fabs(*hi)))
		*lo -= 0.5, *hi += 0.5;
}

/* The characters of a value label above a bar ("-4.58"), as wide as the digits are. */
#define VALUE_LABEL_CHARS 4.5

/* A break in the value axis near its foot, two slanted strokes across it: the axis starts above
 * zero, so heights are not proportional to the values. */
static void axis_break(FILE *b)
{
	fputs("set object 1 rect from graph -0.02, graph 0.035 to graph 0.02, graph 0.065 front noclip fc rgb \"white\" "
	      "fs solid 1.0 noborder\n",
	      b);
	for (int k = 0; k < 2; k++)
		fprintf(b, "set arrow %d from graph -0.015, graph %.3g to graph 0.015, graph %.3g nohead front lw 2 lc rgb \"%s\"\n",
			k + 1, 0.025 + 0.03 * k, 0.045 + 0.03 * k, AXIS_COLOUR);
}

/* The fill of a chart_means range (a light blue, L* 88), the half width of a range's bar in a
 * category, the spread of the points of several series in one; the font of the notes over the
 * categories and the first tag of their labels. */
#define RANGE_COLOUR "#cfe0ee"
#define RANGE_HALF 0.3
#define POINTS_SPREAD 0.5
#define NOTE_FONT CHART_FONT " Italic"
#define NOTE_TAG 100

int chart_means(struct chart_set *cs, const struct chart_means *c, struct sk_error *err)
{
	struct chart_file cf;
	size_t n = c->n_cats * c->n_series, xtic_lines, longest, note_lines = 0, note_chars = 0, note_rows = 1;
	int dots = c->points != 0, unbarred = c->lines || dots, ranged = c->range_lo && c->range_hi;
	double lo, hi, top, bottom, plot_chars, cat_chars,
		width = dots ? (c->n_series > 1 ? POINTS_SPREAD / (double)c->n_series : 0)
			     : c->lines ? 0.05 : 0.8 / (double)c->n_series;
	char ci[32], margin[64];
	int status, crowded, rotate = 0, named = c->series != NULL, refd = c->ref_label && isfinite(c->ref),
	    banded = refd && c->ref_margin > 0;
	struct legend lg = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};

	if (!ci_text(c->ci_level, ci, sizeof ci))
		return no_level(&c->t, err);
	snprintf(margin, sizeof margin, "Margin \xC2\xB1%g", c->ref_margin);
	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# one block per series; columns: x, mean, lower, upper%s\n",
		ranged ? "; then the ranges: x, from, to" : "");
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.dat, "# series %zu\n", s);
		for (size_t k = 0; k < c->n_cats; k++) {
			double x = (double)k + ((double)s - (double)(c->n_series - 1) / 2.0) * width;
			size_t i = s * c->n_cats + k;
			fprintf(cf.dat, "%.6g", x);
			chart_file_value(cf.dat, c->mean[i]);
			chart_file_value(cf.dat, c->lo[i]);
			chart_file_value(cf.dat, c->hi[i]);
			fputc('\n', cf.dat);
		}
		fputs("\n\n", cf.dat);
	}
	data_range(c->lo, c->hi, n, &lo, &hi);
	{
		double lo_m, hi_m;
		data_range(c->mean, NULL, n, &lo_m, &hi_m);
		lo = fmin(lo, lo_m);
		hi = fmax(hi, hi_m);
	}
	if (ranged) {
		fputs("# ranges\n", cf.dat);
		for (size_t k = 0; k < c->n_cats; k++) {
			fprintf(cf.dat, "%zu", k);
			chart_file_value(cf.dat, c->range_lo[k]);
			chart_file_value(cf.dat, c->range_hi[k]);
			fputc('\n', cf.dat);
			if (isfinite(c->range_lo[k]) && isfinite(c->range_hi[k]))
				lo = fmin(lo, fmin(c->range_lo[k], c->range_hi[k])), hi = fmax(hi, fmax(c->range_lo[k], c->range_hi[k]));
		}
	}
	if (refd) {
		double m = banded ? c->ref_margin : 0;
		lo = fmin(lo, c->ref - m);
		hi = fmax(hi, c->ref + m);
	}
	for (size_t s = 0; s < (named ? c->n_series : 1); s++)
		legend_measure(&lg, named ? c->series[s] : "Mean");
	legend_measure(&lg, ci);
	if (refd)
		legend_measure(&lg, c->ref_label);
	if (banded)
		legend_measure(&lg, c->margin_label ? c->margin_label : margin);
	if (ranged)
		legend_measure(&lg, c->range_label ? c->range_label : "");
	plot_chars = FIGURE_CHARS - YAXIS_CHARS - legend_chars(&lg);
	/* bars narrower than their value label: the labels turned upright so neighbours cannot
	 * overlap */
	crowded = !unbarred && plot_chars * PT_PER_CHAR * 0.8 / (double)n < VALUE_LABEL_CHARS * PT_PER_CHAR *
										     CHART_LABEL_FONT_SIZE / CHART_FONT_SIZE;
	/* room above the highest CI for its value label, below for the axis; the scale's whole range
	 * when given, else bars from 0 and points from below their lowest CI (the axis then broken) */
	bottom = isfinite(c->ymin) ? fmin(c->ymin, lo) : unbarred ? lo - 0.15 * (hi - lo) : fmin(0, lo);
	top = hi + (crowded ? 0.2 : 0.12) * (hi - bottom);
	if (isfinite(c->ymax))
		top = fmax(top, c->ymax);
	/* each category label wrapped to the width its category has, or turned by 40 degrees when a
	 * word of one is wider than that; the notes over the categories wrapped to it */
	cat_chars = plot_chars / (double)c->n_cats - 1;
	for (size_t k = 0; k < c->n_cats; k++) {
		size_t word;
		wrap_greedy(NULL, c->cats[k], 1, CHART_TEXT_MAX, &word);
		rotate = rotate || (double)word > cat_chars;
	}
	xtic_lines = category_tics(&cf, "xtics", c->cats, c->n_cats,
				   rotate ? ROTATED_CHARS : (size_t)fmax(CATEGORY_MIN_CHARS, cat_chars),
				   rotate ? ROTATED_CHARS : (size_t)plot_chars, 0, &longest);
	fputs(rotate ? " rotate by 40 right\n" : "\n", cf.body);
	/* the notes over their categories: in one row, or in two (every other category in the upper)
	 * when a line of one is wider than its category */
	for (size_t pass = 0; c->notes && pass < 2; pass++) {
		int stagger = note_chars + 1 > cat_chars;
		double row = (double)note_lines * CHART_LABEL_FONT_SIZE / CHART_FONT_SIZE + 0.2;
		for (size_t k = 0; k < c->n_cats; k++) {
			size_t lines, chars;
			if (!c->notes[k] || !*c->notes[k])
				continue;
			if (pass == 0) {
				lines = wrap_text(NULL, c->notes[k], (size_t)fmax(CATEGORY_MIN_CHARS, cat_chars), (size_t)plot_chars,
						  &chars);
				note_lines = lines > note_lines ? lines : note_lines;
				note_chars = chars > note_chars ? chars : note_chars;
				continue;
			}
			fprintf(cf.body, "set label %zu ", NOTE_TAG + k);
			lines = put_wrapped(&cf, cf.body, c->notes[k], (size_t)fmax(CATEGORY_MIN_CHARS, cat_chars),
					    (size_t)plot_chars, 0, NULL);
			/* gnuplot centres a label's lines on its position */
			fprintf(cf.body, " at first %zu, graph 1 center offset 0,%.3g font \"%s,%d\" front\n", k,
				0.3 + (stagger && k % 2 == 0 ? row : 0) +
					0.5 * (double)lines * CHART_LABEL_FONT_SIZE / CHART_FONT_SIZE,
				NOTE_FONT, CHART_LABEL_FONT_SIZE);
		}
		if (pass == 1 && stagger && c->n_cats > 1)
			note_rows = 2;
	}
	frame_texts(&cf, &c->t,
		    &(struct frame){rotate ? (size_t)ceil(ROTATED_LINES(longest) +
							   ROTATED_EXTRA_LINE * (double)(xtic_lines - 1))
					   : xtic_lines,
				    rotate ? xtic_lines : 0, plot_chars, (double)lg.entries * legend_spacing(&lg), 0, 0,
				    note_lines ? (double)note_rows * ((double)note_lines * CHART_LABEL_FONT_SIZE / CHART_FONT_SIZE + 0.2) +
							 0.2
					       : 0});
	common_settings(&cf);
	fprintf(cf.body, "set xrange [-0.6:%.6g]\n", (double)c->n_cats - 0.4);
	fprintf(cf.body, "set yrange [%.10g:%.10g]\n", bottom, top);
	if (unbarred && !isfinite(c->ymin) && bottom > 0)
		axis_break(cf.body);
	/* the reference line over its band (the axis break has object 1 and arrows 1 and 2) */
	if (banded)
		fprintf(cf.body,
			"set object 2 rect from graph 0, first %.10g to graph 1, first %.10g behind fc rgb \"%s\" fs solid 1.0 "
			"noborder\n",
			c->ref - c->ref_margin, c->ref + c->ref_margin, REGION_COLOUR);
	if (refd)
		fprintf(cf.body,
			"set arrow 3 from graph 0, first %.10g to graph 1, first %.10g nohead back lw 2 lc rgb \"#000000\"\n",
			c->ref, c->ref);
	key_right(&cf, &lg, NULL);
	/* a value beside its point hides a reference line behind it */
	if (dots && c->n_series == 1)
		fputs("set style textbox opaque noborder margins 0.5,0.5\n", cf.body);
	fprintf(cf.body, "set boxwidth %.6g absolute\n", width * 0.92);
	fputs("plot \\\n", cf.body);
	if (ranged) {
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using 1:(($2+$3)/2):(%g):(abs($3-$2)/2) with boxxyerror fs solid 1.0 border lc "
			"rgb \"%s\" fc rgb \"%s\" ",
			cf.name, c->n_series, c->n_series > 1 ? POINTS_SPREAD / 2 + 0.1 : RANGE_HALF, AXIS_COLOUR, RANGE_COLOUR);
		put_entry(&cf, &lg, c->range_label ? c->range_label : "");
		fputs(", \\\n", cf.body);
	}
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.body, "  \"%s.dat\" index %zu using 1:2 ", cf.name, s);
		if (dots)
			fprintf(cf.body, "with points pt %d ps 1.2 ", point(s));
		else if (c->lines)
			fprintf(cf.body, "with linespoints lw 2.5 dt %d pt %d ps 1.2 ", dash(s), point(s));
		else {
			fputs("with boxes ", cf.body);
			put_bar_fill(cf.body, s);
		}
		fprintf(cf.body, " lc rgb \"%s\" ", colour(s));
		put_entry(&cf, &lg, named ? c->series[s] : "Mean");
		fputs(", \\\n", cf.body);
	}
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using 1:3:(0):($4-$3) with vectors heads size screen 0.008,90 lc rgb \"%s\" "
			"lw 1.6 dt 1 ",
			cf.name, s, unbarred ? colour(s) : "#202020");
		if (s == 0)
			put_entry(&cf, &lg, ci);
		else
			fputs("notitle", cf.body);
		fputs(", \\\n", cf.body);
	}
	if (refd) {
		fputs("  keyentry with lines lw 2 lc rgb \"#000000\" ", cf.body);
		put_entry(&cf, &lg, c->ref_label);
		fputs(", \\\n", cf.body);
	}
	if (banded) {
		fprintf(cf.body, "  keyentry with boxes fc rgb \"%s\" fs solid 1.0 ", REGION_COLOUR);
		put_entry(&cf, &lg, c->margin_label ? c->margin_label : margin);
		fputs(", \\\n", cf.body);
	}
	/* each mean's value above its CI, or beside its point when there is one point per category */
	for (size_t s = 0; s < c->n_series; s++)
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using 1:%d:(sprintf(\"%%.2f\", $2)) with labels %s font \",%d\" "
			"notitle%s\n",
			cf.name, s, dots && c->n_series == 1 ? 2 : 4,
			crowded ? "rotate by 90 left offset 0,0.4" : dots && c->n_series == 1 ? "left offset 1.2,0 boxed" : "offset 0,0.8",
			crowded ? CHART_SMALL_FONT_SIZE : CHART_LABEL_FONT_SIZE, s + 1 < c->n_series ? ", \\" : "");
	return chart_file_finish(&cf, err);
}

int chart_lines(struct chart_set *cs, const struct chart_lines *c, struct sk_error *err)
{
	struct chart_file cf;
	double lo, hi, xlo, xhi;
	int status;
	struct legend lg = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};

	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# one block per series; columns: x, y\n");
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.dat, "# series %zu\n", s);
		for (size_t i = 0; i < c->n_points; i++) {
			fprintf(cf.dat, "%.10g", c->x[i]);
			chart_file_value(cf.dat, c->y[s * c->n_points + i]);
			fputc('\n', cf.dat);
		}
		fputs("\n\n", cf.dat);
	}
	data_range(c->y, NULL, c->n_points * c->n_series, &lo, &hi);
	data_range(c->x, NULL, c->n_points, &xlo, &xhi);
	for (size_t s = 0; s < c->n_series; s++)
		legend_measure(&lg, c->series ? c->series[s] : "");
	{
		/* the legend's title takes a row of its own, or more */
		struct legend title = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};
		if (c->legend_title)
			legend_measure(&title, c->legend_title);
		frame_texts(&cf, &c->t,
			    &(struct frame){1, 0, FIGURE_CHARS - YAXIS_CHARS - legend_chars(&lg),
					    (double)lg.entries * legend_spacing(&lg) + (double)title.lines, 0, 0, 0});
	}
	common_settings(&cf);
	fprintf(cf.body, "set xrange [%.10g:%.10g]\n", xlo - 0.08 * (xhi - xlo), xhi + 0.08 * (xhi - xlo));
	fprintf(cf.body, "set yrange [%.10g:%.10g]\n", lo - 0.12 * (hi - lo), hi + 0.15 * (hi - lo));
	key_right(&cf, &lg, c->legend_title);
	fputs("plot \\\n", cf.body);
	for (size_t s = 0; s < c->n_series; s++) {
		int labels = c->n_points <= CHART_LABELLED_POINTS;
		fprintf(cf.body, "  \"%s.dat\" index %zu using 1:2 with linespoints lw 2.5 dt %d pt %d ps 1.2 lc rgb \"%s\" ",
			cf.name, s, dash(s), point(s), colour(s));
		put_entry(&cf, &lg, c->series ? c->series[s] : "");
		if (labels)
			/* each series' labels on its own side of the line so neighbouring lines do not collide */
			fprintf(cf.body,
				", \\\n  \"%s.dat\" index %zu using 1:2:(sprintf(\"%%.2f\", $2)) with labels offset 0,%s "
				"font \",%d\" tc rgb \"%s\" notitle",
				cf.name, s, s % 2 ? "-1.1" : "1.1", CHART_LABEL_FONT_SIZE, colour(s));
		fputs(s + 1 < c->n_series ? ", \\\n" : "\n", cf.body);
	}
	return chart_file_finish(&cf, err);
}

/* Whether series s of the band has a region of its own. */
static int has_series_region(const struct chart_band *c, size_t s)
{
	for (size_t r = 0; r < c->n_series_regions; r++)
		if (c->series_of[r] == s)
			return 1;
	return 0;
}

/* "NAME: CI excludes 0" (or without the name) into b. */
static void excludes_text(struct strbuf *b, const char *name, double ref)
{
	strbuf_addf(b, "%s%sCI excludes %g", name, *name ? ": " : "", ref);
}

/* The step between the points of neighbouring series at one x in a chart_band of points, and the
 * room either side of the outermost ones, as shares of the x values' range. */
#define BAND_POINTS_STEP 0.08
#define BAND_POINTS_PAD 0.12

/* Starts an element of a plot command: the first after "plot \", the others after a comma. */
static void plot_element(FILE *b, int *first)
{
	fputs(*first ? "  " : ", \\\n  ", b);
	*first = 0;
}

int chart_band(struct chart_set *cs, const struct chart_band *c, struct sk_error *err)
{
	struct chart_file cf;
	size_t n = c->n_points * c->n_series, object = 0, arrow = 0, note_lines = 0, xtic_lines = 1;
	double lo, hi, xlo, xhi, strip = CHART_BAND_STRIP, step = 0, plot_chars;
	const char *region = c->region_label ? c->region_label : "significant",
		   *point_label = c->point_label ? c->point_label : "Johnson-Neyman point";
	char level[32];
	int status, dots = c->whiskers != 0, first = 1;
	struct legend lg = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};
	struct strbuf title = STRBUF_INIT, ci = STRBUF_INIT;

	if (!ci_text(c->ci_level, level, sizeof level))
		return no_level(&c->t, err);
	strbuf_adds(&ci, level);
	if (c->ci_method)
		strbuf_addf(&ci, " (%s)", c->ci_method);
	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0) {
		strbuf_release(&ci);
		return status;
	}
	data_range(c->x, NULL, c->n_points, &xlo, &xhi);
	/* points of several series at one x side by side, centred on it */
	if (dots && c->n_series > 1)
		step = BAND_POINTS_STEP * (xhi - xlo);
	fprintf(cf.dat, "# one block per series; columns: x, estimate, lower, upper, x as drawn\n");
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.dat, "# series %zu\n", s);
		for (size_t i = 0; i < c->n_points; i++) {
			size_t k = s * c->n_points + i;
			fprintf(cf.dat, "%.10g", c->x[i]);
			chart_file_value(cf.dat, c->est[k]);
			chart_file_value(cf.dat, c->lo[k]);
			chart_file_value(cf.dat, c->hi[k]);
			chart_file_value(cf.dat, c->x[i] + ((double)s - (double)(c->n_series - 1) / 2) * step);
			fputc('\n', cf.dat);
		}
		fputs("\n\n", cf.dat);
	}
	data_range(c->lo, c->hi, n, &lo, &hi);
	lo = fmin(lo, c->ref);
	hi = fmax(hi, c->ref);
	/* the legend: the shading, the transition points, the bands (one entry: each band is drawn in
	 * its line's colour and edged in its dash type), then each series and its own regions */
	if (c->n_regions)
		legend_measure(&lg, region);
	if (c->n_transitions)
		legend_measure(&lg, point_label);
	legend_measure(&lg, strbuf_str(&ci));
	for (size_t s = 0; s < c->n_series; s++) {
		const char *name = c->series ? c->series[s] : "";
		legend_measure(&lg, *name ? name : "effect");
		if (has_series_region(c, s)) {
			strbuf_reset(&title);
			excludes_text(&title, name, c->ref);
			legend_measure(&lg, strbuf_str(&title));
		}
	}
	plot_chars = FIGURE_CHARS - YAXIS_CHARS - legend_chars(&lg);
	/* the points' x values as the tics, named when the caller names them */
	if (dots) {
		int tics = 0;
		fputs("set xtics (", cf.body);
		for (size_t i = 0; i < c->n_points; i++) {
			if (!isfinite(c->x[i]))
				continue;
			fputs(tics++ ? ", " : "", cf.body);
			if (c->x_labels) {
				size_t width = (size_t)fmax(CATEGORY_MIN_CHARS, plot_chars / (double)c->n_points - 2);
				size_t lines = put_wrapped(&cf, cf.body, c->x_labels[i], width, (size_t)plot_chars, 1, NULL);
				xtic_lines = lines > xtic_lines ? lines : xtic_lines;
				fputc(' ', cf.body);
			}
			fprintf(cf.body, "%.10g", c->x[i]);
		}
		fputs(")\n", cf.body);
	}
	/* the note under everything, across the figure */
	if (c->note) {
		size_t across = (size_t)FIGURE_CHARS - 4;
		fputs("set label 1001 ", cf.body);
		note_lines = put_wrapped(&cf, cf.body, c->note, across, across, 0, NULL);
		fprintf(cf.body, " at screen 0.5, screen 0 offset 0,%.3g center\n", 0.4 + 0.5 * (double)note_lines);
	}
	frame_texts(&cf, &c->t,
		    &(struct frame){xtic_lines, 0, plot_chars, (double)lg.entries * legend_spacing(&lg), (double)note_lines,
				    0, 0});
	common_settings(&cf);
	if (dots) {
		double pad = BAND_POINTS_PAD * (xhi - xlo) + step * (double)c->n_series / 2;
		xlo -= pad, xhi += pad;
	}
	fprintf(cf.body, "set xrange [%.10g:%.10g]\n", xlo, xhi);
	/* room below the band for a strip per series with regions of its own */
	fprintf(cf.body, "set yrange [%.10g:%.10g]\n", lo - (0.08 + 1.4 * strip * (double)c->n_series) * (hi - lo),
		hi + 0.14 * (hi - lo));
	key_right(&cf, &lg, NULL);
	for (size_t r = 0; r < c->n_regions; r++)
		fprintf(cf.body,
			"set object %zu rect from %.10g, graph 0 to %.10g, graph 1 behind fc rgb \"%s\" fs solid 1.0 "
			"noborder\n",
			++object, fmax(c->region_from[r], xlo), fmin(c->region_to[r], xhi), REGION_COLOUR);
	/* each series' own regions: a thick line in its colour and dash type along the bottom, one row
	 * per series */
	for (size_t r = 0; r < c->n_series_regions; r++) {
		size_t s = c->series_of[r];
		double y = strip * (0.9 + 1.4 * (double)s);
		fprintf(cf.body, "set arrow %zu from %.10g, graph %.4g to %.10g, graph %.4g nohead back lw 5 dt %d lc rgb \"%s\"\n",
			++arrow, fmax(c->series_from[r], xlo), y, fmin(c->series_to[r], xhi), y, dash(s), colour(s));
	}
	for (size_t i = 0; i < c->n_transitions; i++) {
		fprintf(cf.body, "set arrow %zu from %.10g, graph 0 to %.10g, graph 1 nohead dt 2 lw 1.5 lc rgb \"%s\"\n",
			++arrow, c->points[i], c->points[i], AXIS_COLOUR);
		/* the value on the side of the line with more room */
		int left = c->points[i] < (xlo + xhi) / 2;
		fprintf(cf.body, "set label %zu \"%.2f\" at %.10g, graph 0.97 %s offset %s,0 font \",%d\"\n", i + 1,
			c->points[i], c->points[i], left ? "left" : "right", left ? "0.5" : "-0.5", CHART_LABEL_FONT_SIZE);
	}
	if (dots)
		fputs("set style textbox opaque noborder margins 0.5,0.5\n", cf.body);
	fputs("plot \\\n", cf.body);
	if (c->n_regions) {
		plot_element(cf.body, &first);
		fprintf(cf.body, "keyentry with boxes fc rgb \"%s\" fs solid 1.0 ", REGION_COLOUR);
		put_entry(&cf, &lg, region);
	}
	if (c->n_transitions) {
		plot_element(cf.body, &first);
		fprintf(cf.body, "keyentry with lines dt 2 lw 1.5 lc rgb \"%s\" ", AXIS_COLOUR);
		put_entry(&cf, &lg, point_label);
	}
	if (!dots) {
		plot_element(cf.body, &first);
		fprintf(cf.body, "keyentry with boxes fc rgb \"%s\" fs transparent solid 0.22 border lc rgb \"%s\" ",
			BAND_KEY_COLOUR, BAND_KEY_COLOUR);
		put_entry(&cf, &lg, strbuf_str(&ci));
	}
	plot_element(cf.body, &first);
	fprintf(cf.body, "%.10g with lines dt 3 lw 1.2 lc rgb \"#000000\" notitle", c->ref);
	for (size_t s = 0; s < c->n_series && !dots; s++)
		fprintf(cf.body,
			", \\\n  \"%s.dat\" index %zu using 1:3:4 with filledcurves fc rgb \"%s\" fs transparent solid 0.22 "
			"noborder notitle, \\\n"
			"  \"%s.dat\" index %zu using 1:3 with lines lw 1 dt %d lc rgb \"%s\" notitle, \\\n"
			"  \"%s.dat\" index %zu using 1:4 with lines lw 1 dt %d lc rgb \"%s\" notitle",
			cf.name, s, colour(s), cf.name, s, dash(s), colour(s), cf.name, s, dash(s), colour(s));
	for (size_t s = 0; s < c->n_series; s++) {
		const char *name = c->series ? c->series[s] : "";
		plot_element(cf.body, &first);
		if (dots)
			fprintf(cf.body, "\"%s.dat\" index %zu using 5:2 with points pt %d ps 1.2 lc rgb \"%s\" ", cf.name, s,
				point(s), colour(s));
		else
			fprintf(cf.body, "\"%s.dat\" index %zu using 1:2 with lines lw 2.5 dt %d lc rgb \"%s\" ", cf.name, s,
				dash(s), colour(s));
		put_entry(&cf, &lg, *name ? name : "effect");
		if (has_series_region(c, s)) {
			strbuf_reset(&title);
			excludes_text(&title, name, c->ref);
			plot_element(cf.body, &first);
			fprintf(cf.body, "keyentry with lines lw 5 dt %d lc rgb \"%s\" ", dash(s), colour(s));
			put_entry(&cf, &lg, strbuf_str(&title));
		}
	}
	/* points: each CI a whisker in its series' colour (the first named in the legend), each
	 * estimate's value beside its point (a value hides what is behind it) */
	for (size_t s = 0; s < c->n_series && dots; s++) {
		plot_element(cf.body, &first);
		fprintf(cf.body, "\"%s.dat\" index %zu using 5:3:(0):($4-$3) with vectors heads size screen 0.008,90 lw 1.6 "
				 "lc rgb \"%s\" ",
			cf.name, s, colour(s));
		if (s == 0)
			put_entry(&cf, &lg, strbuf_str(&ci));
		else
			fputs("notitle", cf.body);
	}
	for (size_t s = 0; s < c->n_series && dots; s++) {
		/* the outer series' values outside, the middle one's above its CI */
		double side = (double)s - (double)(c->n_series - 1) / 2;
		plot_element(cf.body, &first);
		fprintf(cf.body, "\"%s.dat\" index %zu using 5:%s:(sprintf(\"%%.2f\", $2)) with labels %s font \",%d\" notitle",
			cf.name, s, side == 0 && c->n_series > 1 ? "4" : "2",
			side < 0 ? "right offset -1.2,0 boxed" : side > 0 || c->n_series == 1 ? "left offset 1.2,0 boxed" : "offset 0,0.8",
			CHART_LABEL_FONT_SIZE);
	}
	fputc('\n', cf.body);
	if (!strbuf_ok(&title) || !strbuf_ok(&ci))
		cf.failed = 1;
	strbuf_release(&title);
	strbuf_release(&ci);
	return chart_file_finish(&cf, err);
}

/* --- Likert charts ---------------------------------------------------------------------------- */

/* The lightness (CIELAB L*) of the answers: the neutral answer, and the lightest and darkest of
 * the others. */
#define LIKERT_L_NEUTRAL 92.0
#define LIKERT_L_LIGHT 82.0
#define LIKERT_L_DARK 30.0
/* Hues (CIELAB, degrees) of the disagreeing and agreeing sides, and the chroma of the answers
 * furthest from the middle. */
#define LIKERT_HUE_DISAGREE 35.0
#define LIKERT_HUE_AGREE 255.0
#define LIKERT_CHROMA 60.0

/* CIELAB (D65) to linear sRGB (CIE 15:2004; IEC 61966-2-1 matrix). */
static void lab_linear_rgb(double L, double a, double b, double rgb[3])
{
	static const double m[3][3] = {{3.2404542, -1.5371385, -0.4985314},
				       {-0.9692660, 1.8760108, 0.0415560},
				       {0.0556434, -0.2040259, 1.0572252}};
	const double d = 6.0 / 29;
	double f[3] = {(L + 16) / 116 + a / 500, (L + 16) / 116, (L + 16) / 116 - b / 200}, white[3] = {0.95047, 1, 1.08883},
	       xyz[3];

	for (int k = 0; k < 3; k++)
		xyz[k] = white[k] * (f[k] > d ? f[k] * f[k] * f[k] : 3 * d * d * (f[k] - 4.0 / 29));
	for (int k = 0; k < 3; k++)
		rgb[k] = m[k][0] * xyz[0] + m[k][1] * xyz[1] + m[k][2] * xyz[2];
}

/* The colour of answer j of n on a diverging scale (0xRRGGBB). Each answer has its own lightness,
 * so that the answers differ in grey too: the neutral answer (the middle one of an odd number)
 * light grey; the others darker the further they lie from the middle, the disagreeing side (low
 * answers, red) a step darker than the agreeing side (blue) at the same distance, from
 * LIKERT_L_LIGHT to LIKERT_L_DARK in equal steps. Chroma grows with the distance, lowered where
 * needed to stay within sRGB so the lightness is exact. Sets *lightness. Written here because the
 * conversion is a dozen lines and no library at hand does it. */
static unsigned likert_colour(size_t j, size_t n, double *lightness)
{
	size_t m = n / 2, first_agree = (n + 1) / 2, dist;
	int agree;
	double L, chroma, hue, rgb[3];
	unsigned out = 0;

	if (n % 2 && j == m) {
		*lightness = LIKERT_L_NEUTRAL;
		lab_linear_rgb(LIKERT_L_NEUTRAL, 0, 0, rgb);
	} else {
		agree = j >= first_agree;
		dist = agree ? j - first_agree + 1 : m - j; /* 1 next to the middle */
		L = m > 1 ? LIKERT_L_LIGHT - (double)(2 * (dist - 1) + !agree) * (LIKERT_L_LIGHT - LIKERT_L_DARK) /
						 (double)(2 * m - 1)
			  : agree ? (LIKERT_L_LIGHT + LIKERT_L_DARK) / 2 + 10 : (LIKERT_L_LIGHT + LIKERT_L_DARK) / 2 - 10;
		hue = (agree ? LIKERT_HUE_AGREE : LIKERT_HUE_DISAGREE) * M_PI / 180;
		for (chroma = 20 + (LIKERT_CHROMA - 20) * (double)dist / (double)m; chroma > 0; chroma -= 1) {
			lab_linear_rgb(L, chroma * cos(hue), chroma * sin(hue), rgb);
			if (fmin(rgb[0], fmin(rgb[1], rgb[2])) >= 0 && fmax(rgb[0], fmax(rgb[1], rgb[2])) <= 1)
				break;
		}
		if (chroma <= 0)
			lab_linear_rgb(L, 0, 0, rgb);
		*lightness = L;
	}
	for (int k = 0; k < 3; k++) {
		double v = fmin(1, fmax(0, rgb[k]));
		v = v <= 0.0031308 ? 12.92 * v : 1.055 * pow(v, 1 / 2.4) - 0.055;
		out = out << 8 | (unsigned)lround(255 * v);
	}
	return out;
}

/* Rows of a Likert chart: at least this many lines apart, and a label's lines plus this. */
#define LIKERT_ROW_LINES 1.8
#define LIKERT_ROW_GAP 0.6
/* Answers in the legend wrapped to no fewer characters than this; a column of the legend takes
 * this many more than its text (the sample, the gaps: gnuplot's sample length, a tic and a
 * character each side, with room to spare). */
#define LIKERT_KEY_MIN_CHARS 9
#define LIKERT_KEY_COLUMN_CHARS 5.5
/* A segment's percentage printed in white on answers darker than this lightness. */
#define LIKERT_DARK_TEXT_L 55.0

/* A legend under the plot for these entries, in order (gnuplot fills its columns from the top):
 * measured into *lg in the number of columns that leaves it the fewest lines once each entry is
 * wrapped to its column, which it returns. */
static size_t legend_below(struct legend *lg, const char *const *texts, size_t n, double plot_chars)
{
	size_t cols = 1;

	memset(lg, 0, sizeof *lg);
	for (size_t k = n; k >= 1; k--) {
		struct legend try = {.width = (size_t)(plot_chars / (double)k - LIKERT_KEY_COLUMN_CHARS),
				     .hard = (size_t)(plot_chars - LIKERT_KEY_COLUMN_CHARS)};
		if (k > 1 && try.width < LIKERT_KEY_MIN_CHARS)
			continue;
		for (size_t j = 0; j < n; j++)
			legend_measure(&try, texts[j]);
		if (k > 1 && (double)k * ((double)try.longest + LIKERT_KEY_COLUMN_CHARS) > plot_chars)
			continue;
		if (!lg->entries || (n + k - 1) / k * try.lines < (n + cols - 1) / cols * lg->lines)
			*lg = try, cols = k;
	}
	return cols;
}

/* Where an item's bar starts, left of 0: the answers below the middle, and half the neutral one. */
static double likert_left(const double *pct, size_t n)
{
	double left = 0;

	for (size_t q = 0; q < n / 2; q++)
		left += isfinite(pct[q]) ? pct[q] : 0;
	if (n % 2 && isfinite(pct[n / 2]))
		left += pct[n / 2] / 2;
	return left;
}

int chart_likert(struct chart_set *cs, const struct chart_likert *c, struct sk_error *err)
{
	struct chart_file cf;
	size_t k = c->n_items, n = c->n_cats, label_lines, longest, cols, rows;
	double extent = 0, step, span, plot_chars, pitch, per_char;
	struct legend lg = {0};
	int status;

	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# one block per answer; columns: row, from %%, to %%, %%, label colour (0 is the middle)\n");
	for (size_t j = 0; j < n; j++) {
		double lightness;
		unsigned text;
		likert_colour(j, n, &lightness);
		text = lightness < LIKERT_DARK_TEXT_L ? 0xffffff : 0x202020;
		fprintf(cf.dat, "# answer %zu\n", j);
		for (size_t i = 0; i < k; i++) {
			const double *pct = c->pct + i * n;
			double from = c->stacked ? 0 : -likert_left(pct, n), p = isfinite(pct[j]) ? pct[j] : 0;
			for (size_t q = 0; q < j; q++)
				from += isfinite(pct[q]) ? pct[q] : 0;
			extent = fmax(extent, fmax(-from, from + p));
			fprintf(cf.dat, "%zu", k - i);
			chart_file_value(cf.dat, from);
			chart_file_value(cf.dat, from + p);
			chart_file_value(cf.dat, pct[j]);
			fprintf(cf.dat, " %u\n", text);
		}
		fputs("\n\n", cf.dat);
	}
	/* the items' labels at the left, wrapped; the plot and the legend below it share the rest */
	label_lines = category_tics(&cf, "ytics", c->items, k, LABEL_CHARS, LABEL_CHARS, 1, &longest);
	fputs(" scale 0\n", cf.body);
	fprintf(cf.body, "set lmargin %zu\nset rmargin 3\n", longest + 2);
	plot_chars = FIGURE_CHARS - (double)longest - 2 - 3;
	cols = legend_below(&lg, c->cats, n, plot_chars);
	rows = n ? (n + cols - 1) / cols : 0;
	pitch = fmax(LIKERT_ROW_LINES, (double)label_lines + LIKERT_ROW_GAP);
	frame_texts(&cf, &c->t,
		    &(struct frame){1, 0, plot_chars, pitch * (double)k, (double)rows * legend_spacing(&lg), 1, 0});
	common_settings(&cf);
	fputs("set grid noytics xtics\n", cf.body);
	fprintf(cf.body, "set yrange [0.5:%.6g]\n", (double)k + 0.5);
	if (c->stacked) {
		/* 0 to 100% */
		fputs("set xrange [0:100]\nset xtics 0, 20, 100\n", cf.body);
		span = 100;
	} else {
		/* a symmetric percent axis around the middle, its tics labelled without sign */
		step = extent <= 30 ? 10 : extent <= 60 ? 20 : 25;
		extent = fmax(step, ceil(extent / step - 1e-9) * step);
		fprintf(cf.body, "set xrange [%g:%g]\nset xtics (", -extent, extent);
		for (double x = -extent; x <= extent + 1e-9; x += step)
			fprintf(cf.body, "%s\"%g\" %g", x > -extent ? ", " : "", fabs(x), x);
		fputs(")\n", cf.body);
		/* the middle behind the bars, seen between them */
		fprintf(cf.body, "set arrow 1 from 0, graph 0 to 0, graph 1 nohead back lw 1.5 lc rgb \"%s\"\n", AXIS_COLOUR);
		span = 2 * extent;
	}
	/* the percent a character of the segments' labels takes, with 30% to spare */
	per_char = (PT_PER_CHAR * CHART_SMALL_FONT_SIZE / CHART_FONT_SIZE) * span / (plot_chars * PT_PER_CHAR) * 1.3;
	fprintf(cf.body,
		"set key outside bottom center horizontal Left reverse samplen 1 spacing %.3g maxcols %zu\n",
		legend_spacing(&lg), cols);
	fputs("set style fill solid 1.0 border lc rgb \"white\"\n", cf.body);
	fputs("plot \\\n", cf.body);
	for (size_t j = 0; j < n; j++) {
		double lightness;
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using (($2+$3)/2):1:(($3-$2)/2):(0.36) with boxxyerror lc rgb \"#%06x\" ",
			cf.name, j, likert_colour(j, n, &lightness));
		put_entry(&cf, &lg, c->cats[j]);
		fputs(", \\\n", cf.body);
	}
	/* a percentage in its segment when the segment is as wide as the text ("8%", "27%") */
	for (size_t j = 0; j < n; j++)
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using (($2+$3)/2):1:($4 >= ($4 < 9.5 ? %.3g : %.3g) ? sprintf(\"%%.0f%%%%\", $4) : "
			"\"\"):5 with labels tc rgb variable font \",%d\" notitle%s\n",
			cf.name, j, fmax(CHART_LIKERT_LABEL_MIN, 2 * per_char), fmax(CHART_LIKERT_LABEL_MIN, 3 * per_char),
			CHART_SMALL_FONT_SIZE, j + 1 < n ? ", \\" : "");
	return chart_file_finish(&cf, err);
}

/* --- factor loadings -------------------------------------------------------------------------- */

/* Rows of a loadings chart at least this many lines apart; a bar this share of its row high; the
 * default reference loading; the characters a value beside its whisker takes (".78", "-1.04" in
 * the labels' font, with the gap). */
#define LOADING_ROW_LINES 1.5
#define LOADING_BAR 0.3
#define LOADING_REF 0.70
#define LOADING_LABEL_CHARS 5.5
/* A factor's name is in bold, this much wider than the same text in the regular face. */
#define BOLD_WIDTH 1.1

int chart_loadings(struct chart_set *cs, const struct chart_loadings *c, struct sk_error *err)
{
	struct chart_file cf;
	size_t n = c->n_loadings, n_rows = n, row = 0, label_lines, longest, heading_chars = 0, cols, n_keys = 0, arrow = 0;
	const char **labels;
	const char *keys[4];
	double *heading_y, xlo = 0, xhi = 1, plot_chars, pitch, room, per_char, left, margin;
	double ref = isfinite(c->ref) && c->ref != 0 ? c->ref : LOADING_REF;
	char ci[32], ref_text[2][48], value[32];
	int status, whiskers = c->lo && c->hi, negative = 0, ref2 = isfinite(c->ref2) && c->ref2 != 0;
	struct legend lg;

	if (whiskers && !ci_text(c->ci_level, ci, sizeof ci))
		return no_level(&c->t, err);
	if (n == 0)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot draw the chart '%s': it has no loadings", c->t.title ? c->t.title : "");
	for (size_t i = 0; i < n; i++)
		if (c->factor_of[i] >= c->n_factors)
			return sk_fail(err, SK_EXIT_OUTPUT, "cannot draw the chart '%s': loading %zu names no factor",
				       c->t.title ? c->t.title : "", i + 1);
	/* a heading row for each factor with loadings */
	for (size_t f = 0; f < c->n_factors; f++)
		for (size_t i = 0; i < n; i++)
			if (c->factor_of[i] == f) {
				n_rows++;
				break;
			}
	labels = malloc((n_rows ? n_rows : 1) * sizeof *labels);
	heading_y = malloc((c->n_factors ? c->n_factors : 1) * sizeof *heading_y);
	if (!labels || !heading_y) {
		free(labels);
		free(heading_y);
		return sk_out_of_memory(err);
	}
	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0) {
		free(labels);
		free(heading_y);
		return status;
	}
	fprintf(cf.dat, "# one row per loading, the top row first; columns: row, factor, loading, lower, upper, "
			"x of its value at the right, x of its value at the left\n");
	for (size_t f = 0; f < c->n_factors; f++) {
		heading_y[f] = NAN;
		for (size_t i = 0; i < n; i++) {
			double l = c->loading[i], lo = whiskers ? c->lo[i] : NAN, hi = whiskers ? c->hi[i] : NAN;
			if (c->factor_of[i] != f)
				continue;
			if (isnan(heading_y[f])) {
				heading_y[f] = (double)(n_rows - row);
				labels[row++] = "";
			}
			labels[row] = c->items[i];
			/* the value beyond the whisker, on the side the bar points to */
			fprintf(cf.dat, "%zu %zu", n_rows - row++, f);
			chart_file_value(cf.dat, l);
			chart_file_value(cf.dat, lo);
			chart_file_value(cf.dat, hi);
			chart_file_value(cf.dat, l >= 0 ? fmax(l, isfinite(hi) ? hi : l) : NAN);
			chart_file_value(cf.dat, l < 0 ? fmin(l, isfinite(lo) ? lo : l) : NAN);
			fputc('\n', cf.dat);
			negative = negative || l < 0;
			for (int k = 0; k < 3; k++) {
				double v = k == 0 ? l : k == 1 ? lo : hi;
				if (isfinite(v))
					xlo = fmin(xlo, v), xhi = fmax(xhi, v);
			}
		}
	}
	/* the items' labels at the left, wrapped, the factors' names above their items there (in
	 * bold); the plot and the legend below it share the rest */
	label_lines = category_tics(&cf, "ytics", labels, n_rows, LABEL_CHARS, LABEL_CHARS, 1, &longest);
	fputs(" scale 0\n", cf.body);
	for (size_t f = 0; f < c->n_factors; f++) {
		size_t chars, lines;
		if (isnan(heading_y[f]))
			continue;
		lines = wrap_text(NULL, c->factors[f], LABEL_CHARS, LABEL_CHARS, &chars);
		heading_chars = chars > heading_chars ? chars : heading_chars;
		label_lines = lines > label_lines ? lines : label_lines;
	}
	margin = fmax((double)longest, (double)heading_chars * BOLD_WIDTH) + 2;
	fprintf(cf.body, "set lmargin %.3g\nset rmargin 3\n", margin);
	plot_chars = FIGURE_CHARS - margin - 3;
	keys[n_keys++] = "Standardised loading";
	if (whiskers)
		keys[n_keys++] = ci;
	apa_number(value, sizeof value, ref);
	snprintf(ref_text[0], sizeof ref_text[0], "Reference %s", value);
	keys[n_keys++] = ref_text[0];
	if (ref2) {
		apa_number(value, sizeof value, c->ref2);
		snprintf(ref_text[1], sizeof ref_text[1], "Reference %s", value);
		keys[n_keys++] = ref_text[1];
	}
	cols = legend_below(&lg, keys, n_keys, plot_chars);
	pitch = fmax(LOADING_ROW_LINES, (double)label_lines + LIKERT_ROW_GAP);
	frame_texts(&cf, &c->t,
		    &(struct frame){1, 0, plot_chars, pitch * (double)n_rows,
				    (double)((n_keys + cols - 1) / cols) * legend_spacing(&lg), 1, 0});
	common_settings(&cf);
	fputs("set grid noytics xtics\n", cf.body);
	fprintf(cf.body, "set yrange [0.5:%.6g]\n", (double)n_rows + 0.5);
	/* 0 to 1 and beyond where a loading or a CI goes, with room for the values beside the
	 * whiskers: at the right, and at the left when a loading is negative */
	room = LOADING_LABEL_CHARS * CHART_LABEL_FONT_SIZE / CHART_FONT_SIZE;
	per_char = (xhi - xlo) / (plot_chars - room * (1 + negative));
	left = negative ? xlo - room * per_char : xlo;
	fprintf(cf.body, "set xrange [%.6g:%.6g]\n", left, xhi + room * per_char);
	if (xhi - xlo <= 1.6)
		fputs("set xtics 0.2\n", cf.body);
	if (left < 0)
		fprintf(cf.body, "set arrow %zu from 0, graph 0 to 0, graph 1 nohead back lw 1.5 lc rgb \"%s\"\n", ++arrow,
			AXIS_COLOUR);
	fprintf(cf.body, "set arrow %zu from %.6g, graph 0 to %.6g, graph 1 nohead front lw 1.5 dt 2 lc rgb \"#000000\"\n",
		++arrow, ref, ref);
	if (ref2)
		fprintf(cf.body, "set arrow %zu from %.6g, graph 0 to %.6g, graph 1 nohead front lw 1.5 dt 3 lc rgb \"#000000\"\n",
			++arrow, c->ref2, c->ref2);
	/* each factor's name above its items, a rule above each but the first */
	for (size_t f = 0, first = 1; f < c->n_factors; f++) {
		if (isnan(heading_y[f]))
			continue;
		if (!first)
			fprintf(cf.body,
				"set arrow %zu from screen 0, first %.6g to graph 1, first %.6g nohead back lw 1 lc rgb \"%s\"\n",
				++arrow, heading_y[f] + 0.5, heading_y[f] + 0.5, AXIS_COLOUR);
		first = 0;
		fprintf(cf.body, "set label %zu ", f + 1);
		put_wrapped(&cf, cf.body, c->factors[f], LABEL_CHARS, LABEL_CHARS, 0, NULL);
		fprintf(cf.body, " at screen 0, first %.6g left offset 1,0 font \"%s Bold,%d\"\n", heading_y[f], CHART_FONT,
			CHART_FONT_SIZE);
	}
	fprintf(cf.body, "set key outside bottom center horizontal Left reverse samplen 2 spacing %.3g maxcols %zu\n",
		legend_spacing(&lg), cols);
	put_apa_function(cf.body);
	fprintf(cf.body,
		"plot \"%s.dat\" using ($3/2):1:(abs($3)/2):(%g) with boxxyerror fs solid 0.85 border lc rgb \"%s\" "
		"lc rgb \"%s\" ",
		cf.name, LOADING_BAR, AXIS_COLOUR, colour(0));
	put_entry(&cf, &lg, keys[0]);
	if (whiskers) {
		fprintf(cf.body,
			", \\\n  \"%s.dat\" using 4:1:($5-$4):(0) with vectors heads size screen 0.006,90 lw 1.6 lc rgb "
			"\"#202020\" ",
			cf.name);
		put_entry(&cf, &lg, ci);
	}
	fputs(", \\\n  keyentry with lines lw 1.5 dt 2 lc rgb \"#000000\" ", cf.body);
	put_entry(&cf, &lg, ref_text[0]);
	if (ref2) {
		fputs(", \\\n  keyentry with lines lw 1.5 dt 3 lc rgb \"#000000\" ", cf.body);
		put_entry(&cf, &lg, ref_text[1]);
	}
	fprintf(cf.body, ", \\\n  \"%s.dat\" using 6:1:(apa($3)) with labels left offset 0.5,0 font \",%d\" notitle", cf.name,
		CHART_LABEL_FONT_SIZE);
	if (negative)
		fprintf(cf.body, ", \\\n  \"%s.dat\" using 7:1:(apa($3)) with labels right offset -0.5,0 font \",%d\" notitle",
			cf.name, CHART_LABEL_FONT_SIZE);
	fputc('\n', cf.body);
	free(labels);
	free(heading_y);
	return chart_file_finish(&cf, err);
}

int chart_histogram(struct chart_set *cs, const struct chart_histogram *c, struct sk_error *err)
{
	struct chart_file cf;
	double lo, hi, top = 0;
	int status;
	const char *note = c->note ? c->note : "Mean";
	struct legend lg = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};

	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# columns: bin centre, value\n");
	for (size_t i = 0; i < c->n_bins; i++) {
		fprintf(cf.dat, "%.10g", c->centre[i]);
		chart_file_value(cf.dat, c->value[i]);
		fputc('\n', cf.dat);
		if (isfinite(c->value[i]))
			top = fmax(top, c->value[i]);
	}
	data_range(c->centre, NULL, c->n_bins, &lo, &hi);
	legend_measure(&lg, "Respondents");
	if (isfinite(c->mean))
		legend_measure(&lg, note);
	frame_texts(&cf, &c->t,
		    &(struct frame){1, 0, FIGURE_CHARS - YAXIS_CHARS - legend_chars(&lg),
				    (double)lg.entries * legend_spacing(&lg), 0, 0, 0});
	common_settings(&cf);
	fprintf(cf.body, "set xrange [%.10g:%.10g]\n", lo - c->width, hi + c->width);
	fprintf(cf.body, "set yrange [0:%.10g]\n", top > 0 ? top * 1.1 : 1);
	fprintf(cf.body, "set boxwidth %.10g absolute\n", c->width * 0.9);
	fputs("set style fill solid 0.85 border lc rgb \"white\"\n", cf.body);
	key_right(&cf, &lg, NULL);
	if (isfinite(c->mean))
		fprintf(cf.body, "set arrow 1 from %.10g, graph 0 to %.10g, graph 1 nohead front lw 2.5 dt 2 lc rgb \"%s\"\n",
			c->mean, c->mean, colour(5));
	fprintf(cf.body, "plot \"%s.dat\" using 1:2 with boxes lc rgb \"%s\" ", cf.name, colour(0));
	put_entry(&cf, &lg, "Respondents");
	if (isfinite(c->mean)) {
		fprintf(cf.body, ", \\\n  keyentry with lines lw 2.5 dt 2 lc rgb \"%s\" ", colour(5));
		put_entry(&cf, &lg, note);
	}
	fputc('\n', cf.body);
	return chart_file_finish(&cf, err);
}

/* The side of a matrix at most, in inches, and the width its colour box and scale take at its
 * right, in points. */
#define HEATMAP_SIDE_IN 3.2
#define COLOURBOX_PT 70
/* A cell's value printed in white where its colour is darker than this (|r|, or the value from
 * 0), in dark grey elsewhere; a cell's outline inside the cell, this share of its side from its
 * centre. */
#define HEATMAP_DARK_R 0.6
#define HEATMAP_DARK_FROM_ZERO 0.65
#define HEATMAP_OUTLINE 0.44

/* The styles of a heat map's marks, the highest threshold's first: line width, dash type. */
static const struct {
	double lw;
	int dt;
} heat_mark[CHART_HEATMAP_MARKS] = {{3.5, 1}, {2, 2}};

/* The style (index into heat_mark) of the cells above marks[k] and not above the next. */
static size_t heat_mark_style(const struct chart_heatmap *c, size_t k)
{
	return c->n_marks - 1 - k;
}

int chart_heatmap(struct chart_set *cs, const struct chart_heatmap *c, struct sk_error *err)
{
	struct chart_file cf;
	int font, status, rotate, stacked, off = c->off_diagonal != 0;
	size_t longest = 0, row_chars = 0, lines, n = c->n, side_cells = off && n ? n - 1 : n;
	const char *value_name = c->value_name ? c->value_name : "Pearson r";
	double side, cell, key_lines = 0;
	struct legend lg = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};
	struct strbuf entry = STRBUF_INIT;
	char value[64], bold_font[64], plain_font[16];

	if (side_cells == 0)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot draw the chart '%s': it has no cells", c->t.title ? c->t.title : "");
	if (c->n_marks > CHART_HEATMAP_MARKS)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot draw the chart '%s': it marks more than %d thresholds",
			       c->t.title ? c->t.title : "", CHART_HEATMAP_MARKS);
	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# the lower triangle%s; columns: column, row, value, p, thresholds passed, label colour\n",
		off ? "" : " and the diagonal");
	for (size_t i = off; i < n; i++)
		for (size_t j = 0; j < i + !off; j++) {
			double v = c->r[i * n + j];
			size_t passed = 0;
			for (size_t k = 0; k < c->n_marks; k++)
				passed += v > c->marks[k];
			fprintf(cf.dat, "%zu %zu", j, i - off);
			chart_file_value(cf.dat, v);
			chart_file_value(cf.dat, i == j || !c->p ? NAN : c->p[i * n + j]);
			fprintf(cf.dat, " %zu %u\n", passed,
				(c->from_zero ? v > HEATMAP_DARK_FROM_ZERO : fabs(v) > HEATMAP_DARK_R) ? 0xffffffu : 0x202020u);
		}
	for (size_t i = 0; i < side_cells; i++) {
		size_t chars;
		wrap_greedy(NULL, c->labels[i], CHART_TEXT_MAX, CHART_TEXT_MAX, &chars);
		longest = chars > longest ? chars : longest;
	}
	/* the row labels at the left, wrapped; the matrix square in what is left beside its colour
	 * box, the figure as tall as it needs */
	category_tics(&cf, "ytics", c->labels + off, side_cells, LABEL_CHARS, LABEL_CHARS, 0, &row_chars);
	fputc('\n', cf.body);
	side = fmin(HEATMAP_SIDE_IN * 72, CHART_WIDTH_IN * 72 - ((double)row_chars + 3) * PT_PER_CHAR - COLOURBOX_PT);
	cell = side / (double)side_cells;
	/* the column labels whole, turned by 40 degrees when one is wider than its column */
	rotate = (double)longest * PT_PER_CHAR > cell;
	lines = category_tics(&cf, "xtics", c->labels, side_cells, rotate ? ROTATED_CHARS : CHART_TEXT_MAX,
			      rotate ? ROTATED_CHARS : CHART_TEXT_MAX, 0, &longest);
	fputs(rotate ? " rotate by 40 right\n" : "\n", cf.body);
	/* the marks' legend under the matrix, above the note on the stars */
	for (size_t k = 0; k < c->n_marks; k++) {
		if (c->apa)
			apa_number(value, sizeof value, c->marks[k]);
		else
			snprintf(value, sizeof value, "%g", c->marks[k]);
		strbuf_reset(&entry);
		strbuf_addf(&entry, "%s > %s", value_name, value);
		legend_measure(&lg, strbuf_str(&entry));
	}
	if (c->n_marks)
		key_lines = legend_spacing(&lg) + 0.4;
	frame_texts(&cf, &c->t,
		    &(struct frame){rotate ? (size_t)ceil(ROTATED_LINES(longest) + ROTATED_EXTRA_LINE * (double)(lines - 1))
					   : lines,
				    rotate ? lines : 0, FIGURE_CHARS - YAXIS_CHARS, side / PT_PER_LINE,
				    key_lines + (c->p ? 1.2 : 0), 1, 0});
	common_settings(&cf);
	fputs("set grid noytics\nset border 0\nset tics scale 0\n", cf.body);
	fprintf(cf.body, "set xrange [-0.5:%.6g]\nset yrange [%.6g:-0.5]\n", (double)side_cells - 0.5,
		(double)side_cells - 0.5);
	fputs("set size ratio -1\n", cf.body);
	if (c->from_zero)
		fputs("set cbrange [0:1]\nset cbtics 0.25\nset palette defined (0 \"#f7f7f7\", 1 \"#2166ac\")\n", cf.body);
	else
		fputs("set cbrange [-1:1]\nset cbtics 0.5\nset palette defined (-1 \"#2166ac\", 0 \"#f7f7f7\", 1 \"#b2182b\")\n",
		      cf.body);
	fputs("set cblabel ", cf.body);
	chart_file_text(&cf, cf.body, value_name, 0);
	fputs("\nset style fill solid 1.0 noborder\n", cf.body);
	/* what the stars mean, under everything (a legend entry would draw a sample) */
	if (c->p)
		fputs("set label 1001 \"* p < .05   ** p < .01   *** p < .001 (two-sided)\" at screen 0.5, screen 0 "
		      "offset 0,1 center\n",
		      cf.body);
	if (c->n_marks)
		fprintf(cf.body, "set key outside bottom center horizontal Left reverse samplen 2 spacing %.3g%s\n",
			legend_spacing(&lg), c->p ? " height 1.2" : "");
	else
		fputs("unset key\n", cf.body);
	if (c->apa)
		put_apa_function(cf.body);
	/* the cells' labels ("-0.82***"), the stars under the value when the cell is too narrow; in
	 * bold in the cells above the highest mark */
	font = cell >= 8 * 0.64 * CHART_LABEL_FONT_SIZE ? CHART_LABEL_FONT_SIZE : CHART_SMALL_FONT_SIZE;
	stacked = c->p && cell < 8 * 0.64 * font;
	snprintf(bold_font, sizeof bold_font, "%s Bold,%d", CHART_FONT, font);
	snprintf(plain_font, sizeof plain_font, ",%d", font);
	fprintf(cf.body, "plot \"%s.dat\" using 1:2:(0.5):(0.5):3 with boxxyerror lc palette notitle, \\\n", cf.name);
	for (size_t k = 0; k < c->n_marks; k++) {
		size_t style = heat_mark_style(c, k);
		fprintf(cf.body,
			"  \"%s.dat\" using 1:($5 == %zu ? $2 : NaN):(%g):(%g) with boxxyerror fs empty lw %g dt %d lc rgb "
			"\"#000000\" notitle, \\\n",
			cf.name, k + 1, HEATMAP_OUTLINE, HEATMAP_OUTLINE, heat_mark[style].lw, heat_mark[style].dt);
	}
	for (int bold = 0; bold <= (c->n_marks > 0); bold++) {
		/* the diagonal (1) and, for each of the two, the other's cells are left blank */
		fprintf(cf.body, "  \"%s.dat\" using 1:2:(", cf.name);
		if (!off || c->n_marks) {
			fputs(!off ? "$1 == $2" : "", cf.body);
			if (c->n_marks)
				fprintf(cf.body, "%s$5 %s %zu", !off ? " || " : "", bold ? "!=" : "==", c->n_marks);
			fputs(" ? \"\" : ", cf.body);
		}
		fputs(c->apa ? "apa($3)" : "sprintf(\"%.2f\", $3)", cf.body);
		if (c->p)
			fprintf(cf.body, "%s.($4 < 0.001 ? \"***\" : $4 < 0.01 ? \"**\" : $4 < 0.05 ? \"*\" : \"\")",
				stacked ? ".\"\\n\"" : "");
		fprintf(cf.body, "):6 with labels tc rgb variable font \"%s\" notitle", bold ? bold_font : plain_font);
		fputs(bold || !c->n_marks ? "" : ", \\\n", cf.body);
	}
	/* the legend: each mark's sample outline, the lowest threshold first */
	for (size_t k = 0; k < c->n_marks; k++) {
		size_t style = heat_mark_style(c, k);
		if (c->apa)
			apa_number(value, sizeof value, c->marks[k]);
		else
			snprintf(value, sizeof value, "%g", c->marks[k]);
		strbuf_reset(&entry);
		strbuf_addf(&entry, "%s > %s", value_name, value);
		fprintf(cf.body, ", \\\n  keyentry with boxes fs empty lw %g dt %d lc rgb \"#000000\" ", heat_mark[style].lw,
			heat_mark[style].dt);
		put_entry(&cf, &lg, strbuf_str(&entry));
	}
	fputc('\n', cf.body);
	if (!strbuf_ok(&entry))
		cf.failed = 1;
	strbuf_release(&entry);
	return chart_file_finish(&cf, err);
}
