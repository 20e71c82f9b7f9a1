/* The kinds of chart (io/gnuplot.h): each writes its data and its plotting commands through the
 * script writer of io/gnuplot_script.h. */
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

static const char *colour(size_t s)
{
	return series_colour[s % N_SERIES_COLOURS];
}

/* Title and axis titles, the frame, the grid: what every chart shares. */
static void common_settings(struct chart_file *cf, const struct chart_text *t)
{
	FILE *b = cf->body;

	if (t->title) {
		/* the title in the figure, or for a reader of the script when the document's caption
		 * carries it */
		if (cf->cs->captions)
			fputs("# The title is the document's caption; to draw it in the figure:\n# ", b);
		fputs("set title ", b);
		chart_file_text(cf, b, t->title, 0);
		fprintf(b, " font \"%s Bold,%d\"\n", CHART_FONT, CHART_FONT_SIZE + 1);
	}
	if (t->xlabel) {
		fputs("set xlabel ", b);
		chart_file_text(cf, b, t->xlabel, 0);
		fputc('\n', b);
	}
	if (t->ylabel) {
		fputs("set ylabel ", b);
		chart_file_text(cf, b, t->ylabel, 0);
		fputc('\n', b);
	}
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

/* xtics from labels at 0, 1, ... */
static void category_tics(struct chart_file *cf, const char *axis, const char *const *labels, size_t n)
{
	FILE *b = cf->body;

	fprintf(b, "set %s (", axis);
	for (size_t i = 0; i < n; i++) {
		if (i)
			fputs(", ", b);
		chart_file_text(cf, b, labels[i], 1);
		fprintf(b, " %zu", i);
	}
	fputs(")\n", b);
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

static int label_lines(const char *const *labels, size_t n)
{
	int most = 1;

	for (size_t i = 0; i < n; i++) {
		int k = 1;
		for (const char *p = labels[i]; p && *p; p++)
			k += *p == '\n';
		most = k > most ? k : most;
	}
	return most;
}

int chart_means(struct chart_set *cs, const struct chart_means *c, struct sk_error *err)
{
	struct chart_file cf;
	size_t n = c->n_cats * c->n_series;
	double lo, hi, width = c->lines ? 0.05 : 0.8 / (double)c->n_series, top, bottom;
	char ci[32];
	/* many bars: value labels turned upright so neighbours cannot overlap */
	int status, crowded = !c->lines && n > CHART_UPRIGHT_LABELS;

	if (!ci_text(c->ci_level, ci, sizeof ci))
		return no_level(&c->t, err);
	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# one block per series; columns: x, mean, lower, upper\n");
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
	/* room above the highest CI for its value label, below for the axis */
	bottom = isfinite(c->ymin) ? fmin(c->ymin, lo) : c->lines ? lo - 0.15 * (hi - lo) : fmin(0, lo);
	top = hi + (crowded ? 0.2 : 0.12) * (hi - bottom);
	if (isfinite(c->ymax))
		top = fmax(top, c->ymax);
	common_settings(&cf, &c->t);
	category_tics(&cf, "xtics", c->cats, c->n_cats);
	fprintf(cf.body, "set xrange [-0.6:%.6g]\n", (double)c->n_cats - 0.4);
	fprintf(cf.body, "set yrange [%.10g:%.10g]\n", bottom, top);
	{
		int extra = label_lines(c->cats, c->n_cats) - 1;
		fprintf(cf.body, "set bmargin %d\n", 3 + extra + (c->t.xlabel ? 1 : 0));
		if (extra)
			fprintf(cf.body, "set xlabel offset 0,%d\n", -extra);
	}
	if (c->n_series > 1)
		fputs("set key outside right top vertical box opaque samplen 2\n", cf.body);
	else
		fputs("set key outside right top vertical samplen 2\n", cf.body);
	fprintf(cf.body, "set style fill solid 0.85 border lc rgb \"%s\"\n", AXIS_COLOUR);
	fprintf(cf.body, "set boxwidth %.6g absolute\n", width * 0.92);
	fputs("plot \\\n", cf.body);
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.body, "  \"%s.dat\" index %zu using 1:2 with %s lc rgb \"%s\" ", cf.name, s,
			c->lines ? "linespoints lw 2.5 pt 7 ps 1.4" : "boxes", colour(s));
		if (c->n_series > 1 && c->series) {
			fputs("title ", cf.body);
			chart_file_text(&cf, cf.body, c->series[s], 0);
		} else {
			fputs("title \"Mean\"", cf.body);
		}
		fputs(", \\\n", cf.body);
	}
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.body, "  \"%s.dat\" index %zu using 1:3:(0):($4-$3) with vectors heads size screen 0.008,90 lc rgb \"%s\" lw 1.6 ", cf.name,
			s, c->lines ? colour(s) : "#202020");
		if (s == 0) {
			fputs("title ", cf.body);
			chart_file_text(&cf, cf.body, ci, 0);
		} else {
			fputs("notitle", cf.body);
		}
		fputs(", \\\n", cf.body);
	}
	for (size_t s = 0; s < c->n_series; s++)
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using 1:4:(sprintf(\"%%.2f\", $2)) with labels %s font \",%d\" "
			"notitle%s\n",
			cf.name, s, crowded ? "rotate by 90 left offset 0,0.4" : "offset 0,0.8",
			crowded ? CHART_SMALL_FONT_SIZE : CHART_LABEL_FONT_SIZE, s + 1 < c->n_series ? ", \\" : "");
	return chart_file_finish(&cf, err);
}

int chart_lines(struct chart_set *cs, const struct chart_lines *c, struct sk_error *err)
{
	struct chart_file cf;
	double lo, hi, xlo, xhi;
	int status;

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
	common_settings(&cf, &c->t);
	fprintf(cf.body, "set xrange [%.10g:%.10g]\n", xlo - 0.08 * (xhi - xlo), xhi + 0.08 * (xhi - xlo));
	fprintf(cf.body, "set yrange [%.10g:%.10g]\n", lo - 0.12 * (hi - lo), hi + 0.15 * (hi - lo));
	fputs("set key outside right top vertical samplen 2", cf.body);
	if (c->legend_title) {
		fputs(" title ", cf.body);
		chart_file_text(&cf, cf.body, c->legend_title, 0);
	}
	fputc('\n', cf.body);
	fputs("plot \\\n", cf.body);
	for (size_t s = 0; s < c->n_series; s++) {
		int labels = c->n_points <= CHART_LABELLED_POINTS;
		fprintf(cf.body, "  \"%s.dat\" index %zu using 1:2 with linespoints lw 2.5 pt 7 ps 1.3 lc rgb \"%s\" title ",
			cf.name, s, colour(s));
		chart_file_text(&cf, cf.body, c->series ? c->series[s] : "", 0);
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

/* Characters (not bytes) of UTF-8 text: its width in a legend. */
static size_t text_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* Whether series s of the band has a region of its own. */
static int has_series_region(const struct chart_band *c, size_t s)
{
	for (size_t r = 0; r < c->n_series_regions; r++)
		if (c->series_of[r] == s)
			return 1;
	return 0;
}

int chart_band(struct chart_set *cs, const struct chart_band *c, struct sk_error *err)
{
	struct chart_file cf;
	size_t n = c->n_points * c->n_series, strips = 0, object = 0;
	double lo, hi, xlo, xhi, strip = CHART_BAND_STRIP;
	char ci[32];
	int status;

	if (!ci_text(c->ci_level, ci, sizeof ci))
		return no_level(&c->t, err);
	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# one block per series; columns: x, estimate, lower, upper\n");
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.dat, "# series %zu\n", s);
		for (size_t i = 0; i < c->n_points; i++) {
			size_t k = s * c->n_points + i;
			fprintf(cf.dat, "%.10g", c->x[i]);
			chart_file_value(cf.dat, c->est[k]);
			chart_file_value(cf.dat, c->lo[k]);
			chart_file_value(cf.dat, c->hi[k]);
			fputc('\n', cf.dat);
		}
		fputs("\n\n", cf.dat);
	}
	for (size_t s = 0; s < c->n_series; s++)
		strips += has_series_region(c, s);
	data_range(c->lo, c->hi, n, &lo, &hi);
	lo = fmin(lo, c->ref);
	hi = fmax(hi, c->ref);
	data_range(c->x, NULL, c->n_points, &xlo, &xhi);
	common_settings(&cf, &c->t);
	fprintf(cf.body, "set xrange [%.10g:%.10g]\n", xlo, xhi);
	/* room below the band for a strip per series with regions of its own */
	fprintf(cf.body, "set yrange [%.10g:%.10g]\n", lo - (0.08 + 1.4 * strip * (double)c->n_series) * (hi - lo),
		hi + 0.14 * (hi - lo));
	{
		/* the legend below the plot, in two columns when its longest entry leaves room for two
		 * (gnuplot's choice too), with a bottom margin for its rows */
		size_t entries = (c->n_regions > 0) + (c->n_transitions > 0) + 2 * c->n_series + strips, longest, cols;
		longest = c->n_regions ? text_chars(c->region_label ? c->region_label : "significant") : 0;
		for (size_t s = 0; s < c->n_series; s++) {
			size_t len = text_chars(c->series && c->series[s] ? c->series[s] : "") + strlen(": CI excludes 0");
			longest = len > longest ? len : longest;
		}
		cols = longest <= CHART_KEY_COLUMN_CHARS ? 2 : 1;
		fprintf(cf.body, "set key outside bottom center horizontal maxcols %zu samplen 2\n", cols);
		fprintf(cf.body, "set bmargin %zu\n", (entries + cols - 1) / cols + 4 + (c->t.xlabel != NULL));
	}
	for (size_t r = 0; r < c->n_regions; r++)
		fprintf(cf.body,
			"set object %zu rect from %.10g, graph 0 to %.10g, graph 1 behind fc rgb \"%s\" fs solid 1.0 "
			"noborder\n",
			++object, fmax(c->region_from[r], xlo), fmin(c->region_to[r], xhi), REGION_COLOUR);
	/* each series' own regions: a strip in its colour along the bottom, one row per series */
	for (size_t r = 0; r < c->n_series_regions; r++) {
		double y0 = strip * (0.4 + 1.4 * (double)c->series_of[r]);
		fprintf(cf.body,
			"set object %zu rect from %.10g, graph %.4g to %.10g, graph %.4g back fc rgb \"%s\" fs solid 0.8 "
			"noborder\n",
			++object, fmax(c->series_from[r], xlo), y0, fmin(c->series_to[r], xhi), y0 + strip,
			colour(c->series_of[r]));
	}
	for (size_t i = 0; i < c->n_transitions; i++) {
		fprintf(cf.body, "set arrow %zu from %.10g, graph 0 to %.10g, graph 1 nohead dt 2 lw 1.5 lc rgb \"%s\"\n",
			i + 1, c->points[i], c->points[i], AXIS_COLOUR);
		/* the value on the side of the line with more room */
		int left = c->points[i] < (xlo + xhi) / 2;
		fprintf(cf.body, "set label %zu \"%.2f\" at %.10g, graph 0.97 %s offset %s,0 font \",%d\"\n", i + 1,
			c->points[i], c->points[i], left ? "left" : "right", left ? "0.5" : "-0.5", CHART_LABEL_FONT_SIZE);
	}
	fputs("plot \\\n", cf.body);
	if (c->n_regions) {
		fprintf(cf.body, "  keyentry with boxes fc rgb \"%s\" fs solid 1.0 title ", REGION_COLOUR);
		chart_file_text(&cf, cf.body, c->region_label ? c->region_label : "significant", 0);
		fputs(", \\\n", cf.body);
	}
	if (c->n_transitions) {
		fprintf(cf.body, "  keyentry with lines dt 2 lw 1.5 lc rgb \"%s\" title ", AXIS_COLOUR);
		chart_file_text(&cf, cf.body, c->point_label ? c->point_label : "Johnson-Neyman point", 0);
		fputs(", \\\n", cf.body);
	}
	fprintf(cf.body, "  %.10g with lines dt 3 lw 1.2 lc rgb \"#000000\" notitle, \\\n", c->ref);
	for (size_t s = 0; s < c->n_series; s++) {
		const char *name = c->series ? c->series[s] : "";
		struct strbuf title = STRBUF_INIT;
		strbuf_addf(&title, "%s%s%s", name, *name ? ": " : "", ci);
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using 1:3:4 with filledcurves fc rgb \"%s\" fs transparent solid 0.22 "
			"noborder title ",
			cf.name, s, colour(s));
		chart_file_text(&cf, cf.body, strbuf_str(&title), 0);
		fputs(", \\\n", cf.body);
		if (has_series_region(c, s)) {
			strbuf_reset(&title);
			strbuf_addf(&title, "%s%sCI excludes %g", name, *name ? ": " : "", c->ref);
			fprintf(cf.body, "  keyentry with boxes fc rgb \"%s\" fs solid 0.8 title ", colour(s));
			chart_file_text(&cf, cf.body, strbuf_str(&title), 0);
			fputs(", \\\n", cf.body);
		}
		strbuf_release(&title);
	}
	for (size_t s = 0; s < c->n_series; s++) {
		const char *name = c->series ? c->series[s] : "";
		fprintf(cf.body, "  \"%s.dat\" index %zu using 1:2 with lines lw 2.5 lc rgb \"%s\" title ", cf.name, s,
			colour(s));
		chart_file_text(&cf, cf.body, *name ? name : "effect", 0);
		fputs(s + 1 < c->n_series ? ", \\\n" : "\n", cf.body);
	}
	return chart_file_finish(&cf, err);
}

/* Red (low answers) through light grey (the midpoint) to blue (high answers). */
static unsigned diverging(double t)
{
	static const double lo[3] = {0xb2, 0x18, 0x2b}, mid[3] = {0xd9, 0xd9, 0xd9}, hi[3] = {0x21, 0x66, 0xac};
	unsigned rgb = 0;

	for (int k = 0; k < 3; k++) {
		double v = t < 0.5 ? lo[k] + (mid[k] - lo[k]) * t * 2 : mid[k] + (hi[k] - mid[k]) * (t - 0.5) * 2;
		rgb = rgb << 8 | (unsigned)lround(v);
	}
	return rgb;
}

int chart_likert(struct chart_set *cs, const struct chart_likert *c, struct sk_error *err)
{
	struct chart_file cf;
	int status;

	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# one block per answer; columns: row, from %%, to %%, %%, label colour\n");
	for (size_t j = 0; j < c->n_cats; j++) {
		double t = c->n_cats > 1 ? (double)j / (double)(c->n_cats - 1) : 0.5;
		unsigned text = fabs(t - 0.5) > 0.3 ? 0xffffff : 0x202020;
		fprintf(cf.dat, "# answer %zu\n", j);
		for (size_t i = 0; i < c->n_items; i++) {
			double from = 0;
			for (size_t q = 0; q < j; q++)
				from += isfinite(c->pct[i * c->n_cats + q]) ? c->pct[i * c->n_cats + q] : 0;
			double p = c->pct[i * c->n_cats + j];
			fprintf(cf.dat, "%zu", c->n_items - i);
			chart_file_value(cf.dat, from);
			chart_file_value(cf.dat, from + (isfinite(p) ? p : 0));
			chart_file_value(cf.dat, p);
			fprintf(cf.dat, " %u\n", text);
		}
		fputs("\n\n", cf.dat);
	}
	common_settings(&cf, &c->t);
	fputs("set grid noytics xtics\n", cf.body);
	fputs("set ytics (", cf.body);
	for (size_t i = 0; i < c->n_items; i++) {
		if (i)
			fputs(", ", cf.body);
		chart_file_text(&cf, cf.body, c->items[i], 1);
		fprintf(cf.body, " %zu", c->n_items - i);
	}
	fputs(") scale 0\n", cf.body);
	fprintf(cf.body, "set yrange [0.4:%.6g]\n", (double)c->n_items + 0.6);
	fputs("set xrange [0:100]\nset xtics 0,10,100\n", cf.body);
	fputs("set key outside right center vertical samplen 1.5 title \"Answer\"\n", cf.body);
	fputs("set style fill solid 1.0 border lc rgb \"white\"\n", cf.body);
	fputs("plot \\\n", cf.body);
	for (size_t j = 0; j < c->n_cats; j++) {
		double t = c->n_cats > 1 ? (double)j / (double)(c->n_cats - 1) : 0.5;
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using (($2+$3)/2):1:(($3-$2)/2):(0.36) with boxxyerror lc rgb \"#%06x\" title ",
			cf.name, j, diverging(t));
		chart_file_text(&cf, cf.body, c->cats[j], 0);
		fputs(", \\\n", cf.body);
	}
	for (size_t j = 0; j < c->n_cats; j++)
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using (($2+$3)/2):1:($4 >= %g ? sprintf(\"%%.0f%%%%\", $4) : \"\"):5 with labels "
			"tc rgb variable font \",%d\" notitle%s\n",
			cf.name, j, CHART_LIKERT_LABEL_MIN, CHART_SMALL_FONT_SIZE, j + 1 < c->n_cats ? ", \\" : "");
	return chart_file_finish(&cf, err);
}

int chart_histogram(struct chart_set *cs, const struct chart_histogram *c, struct sk_error *err)
{
	struct chart_file cf;
	double lo, hi, top = 0;
	int status;

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
	common_settings(&cf, &c->t);
	fprintf(cf.body, "set xrange [%.10g:%.10g]\n", lo - c->width, hi + c->width);
	fprintf(cf.body, "set yrange [0:%.10g]\n", top > 0 ? top * 1.1 : 1);
	fprintf(cf.body, "set boxwidth %.10g absolute\n", c->width * 0.9);
	fputs("set style fill solid 0.85 border lc rgb \"white\"\n", cf.body);
	fputs("set key outside top center horizontal samplen 2\n", cf.body);
	if (isfinite(c->mean))
		fprintf(cf.body, "set arrow 1 from %.10g, graph 0 to %.10g, graph 1 nohead front lw 2.5 dt 2 lc rgb \"%s\"\n",
			c->mean, c->mean, colour(5));
	fprintf(cf.body, "plot \"%s.dat\" using 1:2 with boxes lc rgb \"%s\" title \"Respondents\"", cf.name, colour(0));
	if (isfinite(c->mean)) {
		fprintf(cf.body, ", \\\n  keyentry with lines lw 2.5 dt 2 lc rgb \"%s\" title ", colour(5));
		chart_file_text(&cf, cf.body, c->note ? c->note : "Mean", 0);
	}
	fputc('\n', cf.body);
	return chart_file_finish(&cf, err);
}

int chart_heatmap(struct chart_set *cs, const struct chart_heatmap *c, struct sk_error *err)
{
	struct chart_file cf;
	/* smaller cell labels as the matrix grows, so a label stays inside its cell */
	int font = c->n <= 6 ? CHART_LABEL_FONT_SIZE : CHART_SMALL_FONT_SIZE;
	int status;

	if ((status = chart_file_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# the lower triangle and the diagonal; columns: column, row, r, p\n");
	for (size_t i = 0; i < c->n; i++)
		for (size_t j = 0; j <= i; j++) {
			fprintf(cf.dat, "%zu %zu", j, i);
			chart_file_value(cf.dat, c->r[i * c->n + j]);
			chart_file_value(cf.dat, i == j ? NAN : c->p[i * c->n + j]);
			fputc('\n', cf.dat);
		}
	common_settings(&cf, &c->t);
	fputs("set grid noytics\nset border 0\nset tics scale 0\n", cf.body);
	category_tics(&cf, "xtics", c->labels, c->n);
	if (c->n > 5)
		fputs("set xtics rotate by 40 right\n", cf.body);
	category_tics(&cf, "ytics", c->labels, c->n);
	fprintf(cf.body, "set xrange [-0.5:%.6g]\nset yrange [%.6g:-0.5]\n", (double)c->n - 0.5, (double)c->n - 0.5);
	fputs("set size ratio -1\nset cbrange [-1:1]\nset cbtics 0.5\nset cblabel \"Pearson r\"\n", cf.body);
	fputs("set palette defined (-1 \"#2166ac\", 0 \"#f7f7f7\", 1 \"#b2182b\")\n", cf.body);
	fputs("set style fill solid 1.0 noborder\n", cf.body);
	fputs("set key outside bottom center horizontal samplen 0\n", cf.body);
	fprintf(cf.body, "set bmargin %d\n", c->n > 5 ? 9 : 5);
	fprintf(cf.body,
		"plot \"%s.dat\" using 1:2:(0.5):(0.5):3 with boxxyerror lc palette notitle, \\\n"
		"  \"%s.dat\" using 1:2:($1 == $2 ? \"\" : sprintf(\"%%.2f%%s\", $3, $4 < 0.001 ? \"***\" : $4 < 0.01 ? "
		"\"**\" : $4 < 0.05 ? \"*\" : \"\")):(abs($3) > 0.6 ? 0xffffff : 0x202020) with labels tc rgb variable "
		"font \",%d\" notitle, \\\n"
		"  keyentry with points pt -1 title \"* p < .05   ** p < .01   *** p < .001 (two-sided)\"\n",
		cf.name, cf.name, font);
	return chart_file_finish(&cf, err);
}

