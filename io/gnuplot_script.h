/* The script of one chart, shared by the chart set (io/gnuplot.c: names, quoting, terminals, the
 * gnuplot processes) and the kinds of chart (io/gnuplot_charts.c, io/gnuplot_bars.c,
 * io/gnuplot_heatmap.c, with io/gnuplot_layout.c); private to those. A chart kind calls chart_file_begin, writes its numbers to cf->dat and its plotting commands to cf->body
 * (texts from the data only through chart_file_text), then chart_file_finish, which writes NAME.gp
 * and adds the chart to the set, or releases everything on failure. */
#ifndef SURVEYKIT_IO_GNUPLOT_SCRIPT_H
#define SURVEYKIT_IO_GNUPLOT_SCRIPT_H

#include <stdio.h>

#include "io/error.h"
#include "io/gnuplot.h"

/* The chart being written: its data go straight to NAME.dat, its plotting commands to a memory
 * buffer that chart_file_finish writes into NAME.gp after the first terminal. */
struct chart_file {
	struct chart_set *cs;
	const struct chart_text *t;
	double height_in; /* the figure's printed height (CHART_HEIGHT_IN unless the chart needs more) */
	char *name; /* the file stem (chart_stem) */
	char *dat_path;
	FILE *dat;
	FILE *body;
	char *body_buf;
	size_t body_len;
	FILE *texts; /* the texts from the data: `text_K = '...'` lines at the head of NAME.gp */
	char *texts_buf;
	size_t texts_len, n_texts;
	int failed; /* the chart kind ran out of memory: chart_file_finish fails */
};

int chart_file_begin(struct chart_file *cf, struct chart_set *cs, const struct chart_text *t, struct sk_error *err);
/* Writes NAME.gp: the texts, then for each format of the set its terminal and the body (the first)
 * or `replot`. On failure (exit 4) the chart is not added and cf is released. */
int chart_file_finish(struct chart_file *cf, struct sk_error *err);
/* Text from the data in a command: the command names the variable text_K, defined at the head of
 * the script as the text in single quotes (io/gnuplot.h), so every such text in a script is on a
 * line of its own in one form. `format`: the text is read as a format (a tic label). */
void chart_file_text(struct chart_file *cf, FILE *b, const char *text, int format);
/* A number in a data file; missing values are written as "?" (set datafile missing). */
void chart_file_value(FILE *f, double v);

#endif
