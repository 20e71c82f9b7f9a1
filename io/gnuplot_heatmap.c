/* The heat map of a matrix (io/gnuplot.h): correlations with significance stars, or ratios such
 * as HTMT on [0, 1] with their thresholds marked. */
#define _XOPEN_SOURCE 700
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/gnuplot.h"
#include "io/gnuplot_layout.h"
#include "io/strbuf.h"

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
	struct chart_legend lg = {.width = KEY_CHARS, .hard = KEY_HARD_CHARS};
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
		chart_wrap_greedy(NULL, c->labels[i], CHART_TEXT_MAX, CHART_TEXT_MAX, &chars);
		longest = chars > longest ? chars : longest;
	}
	/* the row labels at the left, wrapped; the matrix square in what is left beside its colour
	 * box, the figure as tall as it needs */
	chart_category_tics(&cf, "ytics", c->labels + off, side_cells, LABEL_CHARS, LABEL_CHARS, 0, &row_chars);
	fputc('\n', cf.body);
	side = fmin(HEATMAP_SIDE_IN * 72, CHART_WIDTH_IN * 72 - ((double)row_chars + 3) * PT_PER_CHAR - COLOURBOX_PT);
	cell = side / (double)side_cells;
	/* the column labels whole, turned by 40 degrees when one is wider than its column */
	rotate = (double)longest * PT_PER_CHAR > cell;
	lines = chart_category_tics(&cf, "xtics", c->labels, side_cells, rotate ? ROTATED_CHARS : CHART_TEXT_MAX,
				    rotate ? ROTATED_CHARS : CHART_TEXT_MAX, 0, &longest);
	fputs(rotate ? " rotate by 40 right\n" : "\n", cf.body);
	/* the marks' legend under the matrix, above the note on the stars */
	for (size_t k = 0; k < c->n_marks; k++) {
		if (c->apa)
			chart_apa_number(value, sizeof value, c->marks[k]);
		else
			snprintf(value, sizeof value, "%g", c->marks[k]);
		strbuf_reset(&entry);
		strbuf_addf(&entry, "%s > %s", value_name, value);
		chart_legend_measure(&lg, strbuf_str(&entry));
	}
	if (c->n_marks)
		key_lines = chart_legend_spacing(&lg) + 0.4;
	chart_frame_texts(&cf, &c->t,
			  &(struct chart_frame){rotate ? (size_t)ceil(ROTATED_LINES(longest) +
								      ROTATED_EXTRA_LINE * (double)(lines - 1))
						       : lines,
						rotate ? lines : 0, FIGURE_CHARS - YAXIS_CHARS, side / PT_PER_LINE,
						key_lines + (c->p ? 1.2 : 0), 1, 0});
	chart_common_settings(&cf);
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
			chart_legend_spacing(&lg), c->p ? " height 1.2" : "");
	else
		fputs("unset key\n", cf.body);
	if (c->apa)
		chart_apa_function(cf.body);
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
			chart_apa_number(value, sizeof value, c->marks[k]);
		else
			snprintf(value, sizeof value, "%g", c->marks[k]);
		strbuf_reset(&entry);
		strbuf_addf(&entry, "%s > %s", value_name, value);
		fprintf(cf.body, ", \\\n  keyentry with boxes fs empty lw %g dt %d lc rgb \"#000000\" ", heat_mark[style].lw,
			heat_mark[style].dt);
		chart_put_entry(&cf, &lg, strbuf_str(&entry));
	}
	fputc('\n', cf.body);
	if (!strbuf_ok(&entry))
		cf.failed = 1;
	strbuf_release(&entry);
	return chart_file_finish(&cf, err);
}
