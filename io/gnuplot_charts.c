/* The charts over a value axis (io/gnuplot.h): means with their CIs, lines over a numeric x,
 * conditional effects with their bands or whiskers, histograms. Each writes its data and its
 * plotting commands through the script writer of io/gnuplot_script.h and lays itself out at the
 * printed size with io/gnuplot_layout.h. */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/gnuplot.h"
#include "io/gnuplot_layout.h"
#include "io/strbuf.h"

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
	struct chart_legend lg = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};

	if (!chart_ci_text(c->ci_level, ci, sizeof ci))
		return chart_no_level(&c->t, err);
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
	chart_data_range(c->lo, c->hi, n, &lo, &hi);
	{
		double lo_m, hi_m;
		chart_data_range(c->mean, NULL, n, &lo_m, &hi_m);
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
		chart_legend_measure(&lg, named ? c->series[s] : "Mean");
	chart_legend_measure(&lg, ci);
	if (refd)
		chart_legend_measure(&lg, c->ref_label);
	if (banded)
		chart_legend_measure(&lg, c->margin_label ? c->margin_label : margin);
	if (ranged)
		chart_legend_measure(&lg, c->range_label ? c->range_label : "");
	plot_chars = FIGURE_CHARS - YAXIS_CHARS - chart_legend_chars(&lg);
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
		chart_wrap_greedy(NULL, c->cats[k], 1, CHART_TEXT_MAX, &word);
		rotate = rotate || (double)word > cat_chars;
	}
	xtic_lines = chart_category_tics(&cf, "xtics", c->cats, c->n_cats,
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
				lines = chart_wrap(NULL, c->notes[k], (size_t)fmax(CATEGORY_MIN_CHARS, cat_chars),
						   (size_t)plot_chars, &chars);
				note_lines = lines > note_lines ? lines : note_lines;
				note_chars = chars > note_chars ? chars : note_chars;
				continue;
			}
			fprintf(cf.body, "set label %zu ", NOTE_TAG + k);
			lines = chart_put_wrapped(&cf, cf.body, c->notes[k],
						  (size_t)fmax(CATEGORY_MIN_CHARS, cat_chars), (size_t)plot_chars, 0,
						  NULL);
			/* gnuplot centres a label's lines on its position */
			fprintf(cf.body, " at first %zu, graph 1 center offset 0,%.3g font \"%s,%d\" front\n", k,
				0.3 + (stagger && k % 2 == 0 ? row : 0) +
					0.5 * (double)lines * CHART_LABEL_FONT_SIZE / CHART_FONT_SIZE,
				NOTE_FONT, CHART_LABEL_FONT_SIZE);
		}
		if (pass == 1 && stagger && c->n_cats > 1)
			note_rows = 2;
	}
	chart_frame_texts(
		&cf, &c->t,
		&(struct chart_frame){
			rotate ? (size_t)ceil(ROTATED_LINES(longest) + ROTATED_EXTRA_LINE * (double)(xtic_lines - 1))
			       : xtic_lines,
			rotate ? xtic_lines : 0, plot_chars, (double)lg.entries * chart_legend_spacing(&lg), 0, 0,
			note_lines ? (double)note_rows * ((double)note_lines * CHART_LABEL_FONT_SIZE / CHART_FONT_SIZE +
							  0.2) +
					     0.2
				   : 0});
	chart_common_settings(&cf);
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
	chart_key_right(&cf, &lg, NULL);
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
		chart_put_entry(&cf, &lg, c->range_label ? c->range_label : "");
		fputs(", \\\n", cf.body);
	}
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.body, "  \"%s.dat\" index %zu using 1:2 ", cf.name, s);
		if (dots)
			fprintf(cf.body, "with points pt %d ps 1.2 ", chart_point(s));
		else if (c->lines)
			fprintf(cf.body, "with linespoints lw 2.5 dt %d pt %d ps 1.2 ", chart_dash(s), chart_point(s));
		else {
			fputs("with boxes ", cf.body);
			chart_bar_fill(cf.body, s);
		}
		fprintf(cf.body, " lc rgb \"%s\" ", chart_colour(s));
		chart_put_entry(&cf, &lg, named ? c->series[s] : "Mean");
		fputs(", \\\n", cf.body);
	}
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using 1:3:(0):($4-$3) with vectors heads size screen 0.008,90 lc rgb "
			"\"%s\" "
			"lw 1.6 dt 1 ",
			cf.name, s, unbarred ? chart_colour(s) : "#202020");
		if (s == 0)
			chart_put_entry(&cf, &lg, ci);
		else
			fputs("notitle", cf.body);
		fputs(", \\\n", cf.body);
	}
	if (refd) {
		fputs("  keyentry with lines lw 2 lc rgb \"#000000\" ", cf.body);
		chart_put_entry(&cf, &lg, c->ref_label);
		fputs(", \\\n", cf.body);
	}
	if (banded) {
		fprintf(cf.body, "  keyentry with boxes fc rgb \"%s\" fs solid 1.0 ", REGION_COLOUR);
		chart_put_entry(&cf, &lg, c->margin_label ? c->margin_label : margin);
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
	struct chart_legend lg = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};

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
	chart_data_range(c->y, NULL, c->n_points * c->n_series, &lo, &hi);
	chart_data_range(c->x, NULL, c->n_points, &xlo, &xhi);
	for (size_t s = 0; s < c->n_series; s++)
		chart_legend_measure(&lg, c->series ? c->series[s] : "");
	{
		/* the legend's title takes a row of its own, or more */
		struct chart_legend title = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};
		if (c->legend_title)
			chart_legend_measure(&title, c->legend_title);
		chart_frame_texts(
			&cf, &c->t,
			&(struct chart_frame){1, 0, FIGURE_CHARS - YAXIS_CHARS - chart_legend_chars(&lg),
					      (double)lg.entries * chart_legend_spacing(&lg) + (double)title.lines, 0,
					      0, 0});
	}
	chart_common_settings(&cf);
	fprintf(cf.body, "set xrange [%.10g:%.10g]\n", xlo - 0.08 * (xhi - xlo), xhi + 0.08 * (xhi - xlo));
	fprintf(cf.body, "set yrange [%.10g:%.10g]\n", lo - 0.12 * (hi - lo), hi + 0.15 * (hi - lo));
	chart_key_right(&cf, &lg, c->legend_title);
	fputs("plot \\\n", cf.body);
	for (size_t s = 0; s < c->n_series; s++) {
		int labels = c->n_points <= CHART_LABELLED_POINTS;
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using 1:2 with linespoints lw 2.5 dt %d pt %d ps 1.2 lc rgb \"%s\" ",
			cf.name, s, chart_dash(s), chart_point(s), chart_colour(s));
		chart_put_entry(&cf, &lg, c->series ? c->series[s] : "");
		if (labels)
			/* each series' labels on its own side of the line so neighbouring lines do not collide */
			fprintf(cf.body,
				", \\\n  \"%s.dat\" index %zu using 1:2:(sprintf(\"%%.2f\", $2)) with labels offset "
				"0,%s "
				"font \",%d\" tc rgb \"%s\" notitle",
				cf.name, s, s % 2 ? "-1.1" : "1.1", CHART_LABEL_FONT_SIZE, chart_colour(s));
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
	struct chart_legend lg = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};
	struct strbuf title = STRBUF_INIT, ci = STRBUF_INIT;

	if (!chart_ci_text(c->ci_level, level, sizeof level))
		return chart_no_level(&c->t, err);
	strbuf_adds(&ci, level);
	if (c->ci_method)
		strbuf_addf(&ci, " (%s)", c->ci_method);
	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0) {
		strbuf_release(&ci);
		return status;
	}
	chart_data_range(c->x, NULL, c->n_points, &xlo, &xhi);
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
	chart_data_range(c->lo, c->hi, n, &lo, &hi);
	lo = fmin(lo, c->ref);
	hi = fmax(hi, c->ref);
	/* the legend: the shading, the transition points, the bands (one entry: each band is drawn in
	 * its line's colour and edged in its dash type), then each series and its own regions */
	if (c->n_regions)
		chart_legend_measure(&lg, region);
	if (c->n_transitions)
		chart_legend_measure(&lg, point_label);
	chart_legend_measure(&lg, strbuf_str(&ci));
	for (size_t s = 0; s < c->n_series; s++) {
		const char *name = c->series ? c->series[s] : "";
		chart_legend_measure(&lg, *name ? name : "effect");
		if (has_series_region(c, s)) {
			strbuf_reset(&title);
			excludes_text(&title, name, c->ref);
			chart_legend_measure(&lg, strbuf_str(&title));
		}
	}
	plot_chars = FIGURE_CHARS - YAXIS_CHARS - chart_legend_chars(&lg);
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
				size_t lines = chart_put_wrapped(&cf, cf.body, c->x_labels[i], width, (size_t)plot_chars, 1, NULL);
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
		note_lines = chart_put_wrapped(&cf, cf.body, c->note, across, across, 0, NULL);
		fprintf(cf.body, " at screen 0.5, screen 0 offset 0,%.3g center\n", 0.4 + 0.5 * (double)note_lines);
	}
	chart_frame_texts(&cf, &c->t,
			  &(struct chart_frame){xtic_lines, 0, plot_chars,
						(double)lg.entries * chart_legend_spacing(&lg), (double)note_lines, 0,
						0});
	chart_common_settings(&cf);
	if (dots) {
		double pad = BAND_POINTS_PAD * (xhi - xlo) + step * (double)c->n_series / 2;
		xlo -= pad, xhi += pad;
	}
	fprintf(cf.body, "set xrange [%.10g:%.10g]\n", xlo, xhi);
	/* room below the band for a strip per series with regions of its own */
	fprintf(cf.body, "set yrange [%.10g:%.10g]\n", lo - (0.08 + 1.4 * strip * (double)c->n_series) * (hi - lo),
		hi + 0.14 * (hi - lo));
	chart_key_right(&cf, &lg, NULL);
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
		fprintf(cf.body,
			"set arrow %zu from %.10g, graph %.4g to %.10g, graph %.4g nohead back lw 5 dt %d lc rgb "
			"\"%s\"\n",
			++arrow, fmax(c->series_from[r], xlo), y, fmin(c->series_to[r], xhi), y, chart_dash(s),
			chart_colour(s));
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
		chart_put_entry(&cf, &lg, region);
	}
	if (c->n_transitions) {
		plot_element(cf.body, &first);
		fprintf(cf.body, "keyentry with lines dt 2 lw 1.5 lc rgb \"%s\" ", AXIS_COLOUR);
		chart_put_entry(&cf, &lg, point_label);
	}
	if (!dots) {
		plot_element(cf.body, &first);
		fprintf(cf.body, "keyentry with boxes fc rgb \"%s\" fs transparent solid 0.22 border lc rgb \"%s\" ",
			BAND_KEY_COLOUR, BAND_KEY_COLOUR);
		chart_put_entry(&cf, &lg, strbuf_str(&ci));
	}
	plot_element(cf.body, &first);
	fprintf(cf.body, "%.10g with lines dt 3 lw 1.2 lc rgb \"#000000\" notitle", c->ref);
	for (size_t s = 0; s < c->n_series && !dots; s++)
		fprintf(cf.body,
			", \\\n  \"%s.dat\" index %zu using 1:3:4 with filledcurves fc rgb \"%s\" fs transparent solid "
			"0.22 "
			"noborder notitle, \\\n"
			"  \"%s.dat\" index %zu using 1:3 with lines lw 1 dt %d lc rgb \"%s\" notitle, \\\n"
			"  \"%s.dat\" index %zu using 1:4 with lines lw 1 dt %d lc rgb \"%s\" notitle",
			cf.name, s, chart_colour(s), cf.name, s, chart_dash(s), chart_colour(s), cf.name, s,
			chart_dash(s), chart_colour(s));
	for (size_t s = 0; s < c->n_series; s++) {
		const char *name = c->series ? c->series[s] : "";
		plot_element(cf.body, &first);
		if (dots)
			fprintf(cf.body, "\"%s.dat\" index %zu using 5:2 with points pt %d ps 1.2 lc rgb \"%s\" ",
				cf.name, s, chart_point(s), chart_colour(s));
		else
			fprintf(cf.body, "\"%s.dat\" index %zu using 1:2 with lines lw 2.5 dt %d lc rgb \"%s\" ",
				cf.name, s, chart_dash(s), chart_colour(s));
		chart_put_entry(&cf, &lg, *name ? name : "effect");
		if (has_series_region(c, s)) {
			strbuf_reset(&title);
			excludes_text(&title, name, c->ref);
			plot_element(cf.body, &first);
			fprintf(cf.body, "keyentry with lines lw 5 dt %d lc rgb \"%s\" ", chart_dash(s), chart_colour(s));
			chart_put_entry(&cf, &lg, strbuf_str(&title));
		}
	}
	/* points: each CI a whisker in its series' colour (the first named in the legend), each
	 * estimate's value beside its point (a value hides what is behind it) */
	for (size_t s = 0; s < c->n_series && dots; s++) {
		plot_element(cf.body, &first);
		fprintf(cf.body,
			"\"%s.dat\" index %zu using 5:3:(0):($4-$3) with vectors heads size screen 0.008,90 lw 1.6 "
			"lc rgb \"%s\" ",
			cf.name, s, chart_colour(s));
		if (s == 0)
			chart_put_entry(&cf, &lg, strbuf_str(&ci));
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


int chart_histogram(struct chart_set *cs, const struct chart_histogram *c, struct sk_error *err)
{
	struct chart_file cf;
	double lo, hi, top = 0;
	int status;
	const char *note = c->note ? c->note : "Mean";
	struct chart_legend lg = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};

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
	chart_data_range(c->centre, NULL, c->n_bins, &lo, &hi);
	chart_legend_measure(&lg, "Respondents");
	if (isfinite(c->mean))
		chart_legend_measure(&lg, note);
	chart_frame_texts(&cf, &c->t,
			  &(struct chart_frame){1, 0, FIGURE_CHARS - YAXIS_CHARS - chart_legend_chars(&lg),
						(double)lg.entries * chart_legend_spacing(&lg), 0, 0, 0});
	chart_common_settings(&cf);
	fprintf(cf.body, "set xrange [%.10g:%.10g]\n", lo - c->width, hi + c->width);
	fprintf(cf.body, "set yrange [0:%.10g]\n", top > 0 ? top * 1.1 : 1);
	fprintf(cf.body, "set boxwidth %.10g absolute\n", c->width * 0.9);
	fputs("set style fill solid 0.85 border lc rgb \"white\"\n", cf.body);
	chart_key_right(&cf, &lg, NULL);
	if (isfinite(c->mean))
		fprintf(cf.body,
			"set arrow 1 from %.10g, graph 0 to %.10g, graph 1 nohead front lw 2.5 dt 2 lc rgb \"%s\"\n",
			c->mean, c->mean, chart_colour(5));
	fprintf(cf.body, "plot \"%s.dat\" using 1:2 with boxes lc rgb \"%s\" ", cf.name, chart_colour(0));
	chart_put_entry(&cf, &lg, "Respondents");
	if (isfinite(c->mean)) {
		fprintf(cf.body, ", \\\n  keyentry with lines lw 2.5 dt 2 lc rgb \"%s\" ", chart_colour(5));
		chart_put_entry(&cf, &lg, note);
	}
	fputc('\n', cf.body);
	return chart_file_finish(&cf, err);
}
