/* The charts of horizontal bars (io/gnuplot.h): Likert answers, diverging from the neutral answer
 * or stacked to 100%, and standardised factor loadings grouped under their factors. */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/gnuplot.h"
#include "io/gnuplot_layout.h"
#include "io/strbuf.h"

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

/* Rows of a Likert chart at least this many lines apart (and a label's lines plus ROW_GAP). */
#define LIKERT_ROW_LINES 1.8
/* A segment's percentage printed in white on answers darker than this lightness. */
#define LIKERT_DARK_TEXT_L 55.0

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
	struct chart_legend lg = {0};
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
	label_lines = chart_category_tics(&cf, "ytics", c->items, k, LABEL_CHARS, LABEL_CHARS, 1, &longest);
	fputs(" scale 0\n", cf.body);
	fprintf(cf.body, "set lmargin %zu\nset rmargin 3\n", longest + 2);
	plot_chars = FIGURE_CHARS - (double)longest - 2 - 3;
	cols = chart_legend_below(&lg, c->cats, n, plot_chars);
	rows = n ? (n + cols - 1) / cols : 0;
	pitch = fmax(LIKERT_ROW_LINES, (double)label_lines + ROW_GAP);
	chart_frame_texts(&cf, &c->t,
			  &(struct chart_frame){1, 0, plot_chars, pitch * (double)k,
						(double)rows * chart_legend_spacing(&lg), 1, 0});
	chart_common_settings(&cf);
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
	fprintf(cf.body, "set key outside bottom center horizontal Left reverse samplen 1 spacing %.3g maxcols %zu\n",
		chart_legend_spacing(&lg), cols);
	fputs("set style fill solid 1.0 border lc rgb \"white\"\n", cf.body);
	fputs("plot \\\n", cf.body);
	for (size_t j = 0; j < n; j++) {
		double lightness;
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using (($2+$3)/2):1:(($3-$2)/2):(0.36) with boxxyerror lc rgb \"#%06x\" ",
			cf.name, j, likert_colour(j, n, &lightness));
		chart_put_entry(&cf, &lg, c->cats[j]);
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
	struct chart_legend lg;

	if (whiskers && !chart_ci_text(c->ci_level, ci, sizeof ci))
		return chart_no_level(&c->t, err);
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
	label_lines = chart_category_tics(&cf, "ytics", labels, n_rows, LABEL_CHARS, LABEL_CHARS, 1, &longest);
	fputs(" scale 0\n", cf.body);
	for (size_t f = 0; f < c->n_factors; f++) {
		size_t chars, lines;
		if (isnan(heading_y[f]))
			continue;
		lines = chart_wrap(NULL, c->factors[f], LABEL_CHARS, LABEL_CHARS, &chars);
		heading_chars = chars > heading_chars ? chars : heading_chars;
		label_lines = lines > label_lines ? lines : label_lines;
	}
	margin = fmax((double)longest, (double)heading_chars * BOLD_WIDTH) + 2;
	fprintf(cf.body, "set lmargin %.3g\nset rmargin 3\n", margin);
	plot_chars = FIGURE_CHARS - margin - 3;
	keys[n_keys++] = "Standardised loading";
	if (whiskers)
		keys[n_keys++] = ci;
	chart_apa_number(value, sizeof value, ref);
	snprintf(ref_text[0], sizeof ref_text[0], "Reference %s", value);
	keys[n_keys++] = ref_text[0];
	if (ref2) {
		chart_apa_number(value, sizeof value, c->ref2);
		snprintf(ref_text[1], sizeof ref_text[1], "Reference %s", value);
		keys[n_keys++] = ref_text[1];
	}
	cols = chart_legend_below(&lg, keys, n_keys, plot_chars);
	pitch = fmax(LOADING_ROW_LINES, (double)label_lines + ROW_GAP);
	chart_frame_texts(&cf, &c->t,
			  &(struct chart_frame){1, 0, plot_chars, pitch * (double)n_rows,
						(double)((n_keys + cols - 1) / cols) * chart_legend_spacing(&lg), 1,
						0});
	chart_common_settings(&cf);
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
		chart_put_wrapped(&cf, cf.body, c->factors[f], LABEL_CHARS, LABEL_CHARS, 0, NULL);
		fprintf(cf.body, " at screen 0, first %.6g left offset 1,0 font \"%s Bold,%d\"\n", heading_y[f], CHART_FONT,
			CHART_FONT_SIZE);
	}
	fprintf(cf.body, "set key outside bottom center horizontal Left reverse samplen 2 spacing %.3g maxcols %zu\n",
		chart_legend_spacing(&lg), cols);
	chart_apa_function(cf.body);
	fprintf(cf.body,
		"plot \"%s.dat\" using ($3/2):1:(abs($3)/2):(%g) with boxxyerror fs solid 0.85 border lc rgb \"%s\" "
		"lc rgb \"%s\" ",
		cf.name, LOADING_BAR, AXIS_COLOUR, chart_colour(0));
	chart_put_entry(&cf, &lg, keys[0]);
	if (whiskers) {
		fprintf(cf.body,
			", \\\n  \"%s.dat\" using 4:1:($5-$4):(0) with vectors heads size screen 0.006,90 lw 1.6 lc rgb "
			"\"#202020\" ",
			cf.name);
		chart_put_entry(&cf, &lg, ci);
	}
	fputs(", \\\n  keyentry with lines lw 1.5 dt 2 lc rgb \"#000000\" ", cf.body);
	chart_put_entry(&cf, &lg, ref_text[0]);
	if (ref2) {
		fputs(", \\\n  keyentry with lines lw 1.5 dt 3 lc rgb \"#000000\" ", cf.body);
		chart_put_entry(&cf, &lg, ref_text[1]);
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

