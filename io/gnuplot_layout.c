/* What the kinds of chart share (io/gnuplot_layout.h): the series' colours, dashes, points and
 * fills; texts wrapped to their room; legends, margins and tics measured before they are
 * written; numbers as APA prints them. */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/gnuplot_layout.h"

/* Okabe & Ito (2008) colour-blind-safe palette, in the order series take it. */
static const char *const series_colour[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7",
					   "#56B4E9", "#D55E00", "#F0E442", "#000000"};
#define N_SERIES_COLOURS (sizeof series_colour / sizeof series_colour[0])

const char *chart_colour(size_t s)
{
	return series_colour[s % N_SERIES_COLOURS];
}

/* What tells series apart without colour: for lines a dash type (gnuplot's 1 solid, 2 dashed,
 * 3 dotted, 4 dash-dot, 5 dash-dot-dot) and a point type (filled circle, square, triangle,
 * diamond, triangle down, pentagon), distinct together for the first 30 series; for bars a fill,
 * the first solid, then hatched one way, crosshatched, hatched the other way, then sparser
 * (gnuplot's fill patterns 5, 1, 4, 7, 6). */
int chart_dash(size_t s)
{
	return (int)(s % 5) + 1;
}

int chart_point(size_t s)
{
	static const int pt[] = {7, 5, 9, 13, 11, 15};
	return pt[s % (sizeof pt / sizeof pt[0])];
}

void chart_bar_fill(FILE *b, size_t s)
{
	static const int pattern[] = {5, 1, 4, 7, 6};

	if (s == 0)
		fputs("fs solid 0.85 border lc rgb \"" AXIS_COLOUR "\"", b);
	else
		fprintf(b, "fs pattern %d border lc rgb \"%s\"", pattern[(s - 1) % (sizeof pattern / sizeof pattern[0])],
			AXIS_COLOUR);
}

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
size_t chart_wrap_greedy(struct strbuf *b, const char *text, size_t width, size_t hard, size_t *longest)
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

/* chart_wrap_greedy with its lines made as even as they can be: the narrowest width that needs no more
 * lines than `width` does, so a label does not end in a lone word. Only the start of the text
 * that can be shown is wrapped (runs of spaces as one, up to CHART_TEXT_MAX + 4 other bytes: the
 * script's quoting cuts a text after CHART_TEXT_MAX bytes and ends it in "..."), so the work is
 * bounded whatever the text's length. */
size_t chart_wrap(struct strbuf *b, const char *text, size_t width, size_t hard, size_t *longest)
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
	lines = chart_wrap_greedy(NULL, start, width, hard, &most);
	hard = hard > width ? hard : width;
	for (narrow = most; narrow > 1;) {
		size_t m, k = chart_wrap_greedy(NULL, start, narrow - 1, hard, &m);
		if (k > lines)
			break;
		narrow = m < narrow - 1 ? m : narrow - 1;
	}
	return chart_wrap_greedy(b, start, narrow, hard, longest);
}

/* Text from the data wrapped to `width` characters (`hard` at most, as chart_wrap_greedy) into a command
 * (chart_file_text); returns its lines, and its longest line's characters in *longest (when not
 * NULL). */
size_t chart_put_wrapped(struct chart_file *cf, FILE *b, const char *text, size_t width, size_t hard, int format,
			 size_t *longest)
{
	struct strbuf w = STRBUF_INIT;
	size_t most, lines = chart_wrap(&w, text, width, hard, &most);

	if (!strbuf_ok(&w))
		cf->failed = 1;
	chart_file_text(cf, b, strbuf_str(&w), format);
	strbuf_release(&w);
	if (longest)
		*longest = most;
	return lines;
}

void chart_legend_measure(struct chart_legend *lg, const char *text)
{
	size_t most, lines = chart_wrap(NULL, text, lg->width, lg->hard, &most);

	lg->entries++;
	lg->lines = lines > lg->lines ? lines : lg->lines;
	lg->longest = most > lg->longest ? most : lg->longest;
}

/* The line spacing of a legend's rows: a little air between entries of several lines. */
double chart_legend_spacing(const struct chart_legend *lg)
{
	return lg->lines > 1 ? (double)lg->lines + 0.3 : 1;
}

/* The characters a legend at the right takes: its longest line, the sample and the gaps (gnuplot:
 * the sample, one character each side of the text). */
double chart_legend_chars(const struct chart_legend *lg)
{
	return lg->entries ? (double)lg->longest + 2 + 2 + 1 : 0;
}

/* " title text_K" for a legend entry, wrapped as chart_legend_measure measured it. */
void chart_put_entry(struct chart_file *cf, const struct chart_legend *lg, const char *text)
{
	fputs("title ", cf->body);
	chart_put_wrapped(cf, cf->body, text, lg->width, lg->hard, 0, NULL);
}

/* The legend at the right of the plot, at its top: samples first, texts left-aligned. */
void chart_key_right(struct chart_file *cf, const struct chart_legend *lg, const char *title)
{
	fprintf(cf->body, "set key outside right top vertical Left reverse samplen 2 spacing %.3g", chart_legend_spacing(lg));
	if (title) {
		fputs(" title ", cf->body);
		chart_put_wrapped(cf, cf->body, title, lg->width, lg->hard, 0, NULL);
	}
	fputc('\n', cf->body);
}

/* The texts around the plot and its margins. The title (CHART_FONT_SIZE + 1 bold, unless the
 * document's caption carries it), the x axis title wrapped to the plot's width below the x tic
 * labels, the y axis title wrapped to the plot's height; the figure's height holds them and a plot
 * of at least PLOT_MIN_LINES (or fr->plot_lines). */
void chart_frame_texts(struct chart_file *cf, const struct chart_text *t, const struct chart_frame *fr)
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
			fputs("# The title is the caption of the document; to draw it in the figure (and the tmargin below):\n# ", b);
		fputs("set label 1000 ", b);
		title_lines = 0.5 + (double)chart_put_wrapped(cf, b, t->title, across, across, 0, NULL) *
					    (CHART_FONT_SIZE + 1) / CHART_FONT_SIZE;
		fprintf(b, " at screen 0.5, screen 1 offset 0,-1.2 center front font \"%s Bold,%d\"\n", CHART_FONT,
			CHART_FONT_SIZE + 1);
		if (!cf->cs->captions)
			top += title_lines;
	}
	top += fr->above;
	if (t->xlabel) {
		fputs("set xlabel ", b);
		xlabel_lines = chart_put_wrapped(cf, b, t->xlabel, (size_t)fr->plot_chars, (size_t)fr->plot_chars, 0, NULL);
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
		chart_put_wrapped(cf, b, t->ylabel, along, along, 0, NULL);
		fputc('\n', b);
	}
	fprintf(b, "set tmargin %.3g\nset bmargin %.3g\n", top, bottom);
	if (t->title && cf->cs->captions)
		fprintf(b, "# set tmargin %.3g\n", top + title_lines);
}

/* The frame, the grid, missing values: what every chart shares. */
void chart_common_settings(struct chart_file *cf)
{
	FILE *b = cf->body;

	fprintf(b, "set border 3 lc rgb \"%s\"\n", AXIS_COLOUR);
	fputs("set tics nomirror out\n", b);
	fprintf(b, "set grid ytics lc rgb \"%s\" lw 1 dt 1\n", GRID_COLOUR);
	fputs("set grid noxtics\n", b);
	fputs("set datafile missing \"?\"\n", b);
}

/* "90% CI" for a confidence level of 0.90 into buf; 0 when the level is not in (0, 1). */
int chart_ci_text(double level, char *buf, size_t size)
{
	if (!(level > 0 && level < 1))
		return 0;
	snprintf(buf, size, "%g%% CI", level * 100);
	return 1;
}

int chart_no_level(const struct chart_text *t, struct sk_error *err)
{
	return sk_fail(err, SK_EXIT_OUTPUT, "cannot draw the chart '%s': its confidence level is not between 0 and 1",
		       t->title ? t->title : "");
}

/* Tics of an axis ("xtics", "ytics") at 0, 1, ... (at n, n - 1, ..., 1 when `reversed`) labelled with the
 * labels wrapped to `width` characters (`hard` at most); returns the lines of the tallest label and
 * sets *longest to the characters of the longest line. */
size_t chart_category_tics(struct chart_file *cf, const char *axis, const char *const *labels, size_t n, size_t width,
			   size_t hard, int reversed, size_t *longest)
{
	FILE *b = cf->body;
	size_t most = 1;

	*longest = 0;
	fprintf(b, "set %s (", axis);
	for (size_t i = 0; i < n; i++) {
		size_t chars, lines;
		if (i)
			fputs(", ", b);
		lines = chart_put_wrapped(cf, b, labels[i], width, hard, 1, &chars);
		fprintf(b, " %zu", reversed ? n - i : i);
		most = lines > most ? lines : most;
		*longest = chars > *longest ? chars : *longest;
	}
	fputs(")", b);
	return most;
}

/* A number as APA prints a statistic that cannot pass 1 in size: two decimals without the
 * leading zero (".85", "-.32", "1.02"), never a negative zero. */
void chart_apa_number(char *buf, size_t size, double v)
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
void chart_apa_function(FILE *b)
{
	fputs("apa(v) = (apa_s = sprintf(\"%.2f\", v), apa_s eq \"-0.00\" ? \".00\" : apa_s[1:2] eq \"0.\" ? apa_s[2:*] : "
	      "apa_s[1:3] eq \"-0.\" ? \"-\".apa_s[3:*] : apa_s)\n",
	      b);
}

void chart_data_range(const double *a, const double *b, size_t n, double *lo, double *hi)
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

/* A legend under the plot for these entries, in order (gnuplot fills its columns from the top):
 * measured into *lg in the number of columns that leaves it the fewest lines once each entry is
 * wrapped to its column, which it returns. */
size_t chart_legend_below(struct chart_legend *lg, const char *const *texts, size_t n, double plot_chars)
{
	size_t cols = 1;

	memset(lg, 0, sizeof *lg);
	for (size_t k = n; k >= 1; k--) {
		struct chart_legend try = {.width = (size_t)(plot_chars / (double)k - KEY_COLUMN_CHARS),
					   .hard = (size_t)(plot_chars - KEY_COLUMN_CHARS)};
		if (k > 1 && try.width < KEY_MIN_CHARS)
			continue;
		for (size_t j = 0; j < n; j++)
			chart_legend_measure(&try, texts[j]);
		if (k > 1 && (double)k * ((double)try.longest + KEY_COLUMN_CHARS) > plot_chars)
			continue;
		if (!lg->entries || (n + k - 1) / k * try.lines < (n + cols - 1) / cols * lg->lines)
			*lg = try, cols = k;
	}
	return cols;
}

