#define _XOPEN_SOURCE 700
#include "io/gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/output_guard.h"
#include "io/strbuf.h"
#include "io/text.h"

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

int chart_set_init(struct chart_set *cs, const char *dir, struct sk_error *err)
{
	long name_max;

	memset(cs, 0, sizeof *cs);
	if (mkdir(dir, 0777) != 0 && errno != EEXIST)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot create '%s': %s", dir, strerror(errno));
	cs->dir = strdup(dir);
	if (!cs->dir)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot create '%s': out of memory", dir);
	/* the longest file name the directory takes, less the longest extension (".png") */
	name_max = pathconf(dir, _PC_NAME_MAX);
	if (name_max <= 0 || name_max > NAME_MAX)
		name_max = NAME_MAX;
	cs->stem_max = (size_t)name_max - 4;
	return 0;
}

static int wait_all(struct chart_set *cs, struct sk_error *err);

void chart_set_release(struct chart_set *cs)
{
	wait_all(cs, NULL);
	for (size_t i = 0; i < cs->n; i++)
		free(cs->names[i]);
	free(cs->names);
	free(cs->dir);
	memset(cs, 0, sizeof *cs);
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.';
}

/* Whether a chart of the set already has this stem, ignoring case (file systems that ignore it
 * would otherwise let one chart replace another). */
static int stem_taken(const struct chart_set *cs, const char *stem)
{
	for (size_t i = 0; i < cs->n; i++)
		if (strcasecmp(cs->names[i], stem) == 0)
			return 1;
	return 0;
}

/* The file stem of a chart asked to be called `wanted` (a name made from the data): each
 * character other than a letter, digit, '-', '_' or '.' becomes '_', as does a leading '.'; the
 * stem is cut to cs->stem_max bytes, so that it fits the file system with any extension; a stem
 * the set already has gets "-2", "-3", ... (within the same length). NULL when out of memory. */
static char *chart_stem(const struct chart_set *cs, const char *wanted)
{
	struct strbuf b = STRBUF_INIT;
	const char *s = wanted ? wanted : "";
	size_t left = strlen(s);
	char *clean, *stem;

	while (*s && b.len < cs->stem_max) {
		size_t len = text_utf8_length(s, left);
		len = len ? len : 1;
		strbuf_addc(&b, len == 1 && name_char(*s) && !(b.len == 0 && *s == '.') ? *s : '_');
		s += len, left -= len;
	}
	if (b.len == 0)
		strbuf_adds(&b, "chart");
	if (!(clean = strbuf_take(&b)))
		return NULL;
	stem = clean;
	for (unsigned k = 2; stem && stem_taken(cs, stem); k++) {
		char suffix[16];
		size_t n = (size_t)snprintf(suffix, sizeof suffix, "-%u", k), keep = strlen(clean);
		keep = keep + n <= cs->stem_max ? keep : cs->stem_max - n;
		if (stem != clean)
			free(stem);
		if ((stem = malloc(keep + n + 1)) != NULL)
			snprintf(stem, keep + n + 1, "%.*s%s", (int)keep, clean, suffix);
	}
	if (stem != clean)
		free(clean);
	return stem;
}

/* Text from the data (a label, a name, a level) as a gnuplot string expression that gnuplot
 * takes literally: the one form in which such text enters a script. gnuplot substitutes
 * `commands` and @macros anywhere on a command line except inside single quotes, where a
 * backslash is an ordinary character too (gnuplot's help on "quote marks" and "substitution"). So
 * the text goes between single quotes, and the two characters a single-quoted constant cannot
 * hold are joined in as the script's variables `quote` and `newline` ('it'.quote.'s'; an empty
 * text is '', and no other constant is empty): gnuplot's
 * lexer misreads a doubled quote at the start of a constant or after another doubled quote, and
 * its macro pass does not know that a quote inside double quotes is no quote, so no quote may
 * stand anywhere but around the text. Other control characters become spaces (nothing can end
 * the command line), bytes that are not UTF-8 become U+FFFD (the SVG stays valid) and text beyond
 * CHART_TEXT_MAX bytes is cut at a character with "...". `format`: the text is read as a format
 * (a tic label), so '%' is doubled. Enhanced text ({}, ^, _) is off in every terminal. */
/* The pieces of a quoted text: constants between single quotes joined by '.' to the variables
 * quote and newline. */
struct quoted {
	FILE *f;
	int open;   /* inside a constant */
	int pieces; /* pieces written */
};

/* Writes bytes of text into a constant, opening one when needed. */
static void quoted_text(struct quoted *q, const char *s, size_t n)
{
	if (!q->open) {
		fputs(q->pieces++ ? ".'" : "'", q->f);
		q->open = 1;
	}
	fwrite(s, 1, n, q->f);
}

/* Writes one of the variables quote or newline. */
static void quoted_variable(struct quoted *q, const char *name)
{
	if (q->open)
		fputc('\'', q->f);
	q->open = 0;
	fprintf(q->f, "%s%s", q->pieces++ ? "." : "", name);
}

static void put_quoted(FILE *f, const char *text, int format)
{
	struct quoted q = {.f = f};
	const char *s = text ? text : "";
	size_t left = strlen(s), used = 0;

	while (*s) {
		size_t len = text_utf8_length(s, left);
		if (used + (len ? len : 3) > CHART_TEXT_MAX) {
			quoted_text(&q, "...", 3);
			break;
		}
		if (len == 0) {
			quoted_text(&q, "\xEF\xBF\xBD", 3);
			used += 3;
			s++, left--;
			continue;
		}
		if (*s == '\n')
			quoted_variable(&q, "newline");
		else if (*s == '\'')
			quoted_variable(&q, "quote");
		else if ((unsigned char)*s < 0x20 || *s == 0x7F)
			quoted_text(&q, " ", 1);
		else if (*s == '%' && format)
			quoted_text(&q, "%%", 2);
		else
			quoted_text(&q, s, len);
		used += len;
		s += len, left -= len;
	}
	if (q.open)
		fputc('\'', f);
	else if (!q.pieces)
		fputs("''", f);
}

/* A number in a data file; missing values are written as "?" (set datafile missing). */
static void put_value(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, " %.10g", v);
	else
		fputs(" ?", f);
}

/* The chart being written: its data go straight to NAME.dat, its plotting commands to a memory
 * buffer that chart_finish writes twice into NAME.gp, once per terminal. */
struct chart_file {
	struct chart_set *cs;
	const struct chart_text *t;
	char *name; /* the file stem (chart_stem) */
	char *dat_path;
	FILE *dat;
	FILE *body;
	char *body_buf;
	size_t body_len;
	FILE *texts; /* the texts from the data: `text_K = '...'` lines at the head of NAME.gp */
	char *texts_buf;
	size_t texts_len, n_texts;
};

/* Text from the data in a command: the command names the variable text_K, defined at the head of
 * the script as the text quoted by put_quoted, so every such text in a script is on a line of its
 * own in one form. */
static void put_text(struct chart_file *cf, FILE *b, const char *text, int format)
{
	cf->n_texts++;
	fprintf(cf->texts, "text_%zu = ", cf->n_texts);
	put_quoted(cf->texts, text, format);
	fputc('\n', cf->texts);
	fprintf(b, "text_%zu", cf->n_texts);
}

static char *path_in(const char *dir, const char *name, const char *ext)
{
	size_t n = strlen(dir) + strlen(name) + strlen(ext) + 2;
	char *p = malloc(n);

	if (p)
		snprintf(p, n, "%s/%s%s", dir, name, ext);
	return p;
}

static int chart_begin(struct chart_file *cf, struct chart_set *cs, const struct chart_text *t, struct sk_error *err)
{
	memset(cf, 0, sizeof *cf);
	cf->cs = cs;
	cf->t = t;
	if (!(cf->name = chart_stem(cs, t->name)) || !(cf->dat_path = path_in(cs->dir, cf->name, ".dat"))) {
		free(cf->name);
		return sk_out_of_memory(err);
	}
	cf->dat = fopen(cf->dat_path, "w");
	if (!cf->dat) {
		int e = errno;
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s/%s.dat': %s", cs->dir, cf->name, strerror(e));
		free(cf->dat_path);
		free(cf->name);
		return SK_EXIT_OUTPUT;
	}
	cf->body = open_memstream(&cf->body_buf, &cf->body_len);
	cf->texts = cf->body ? open_memstream(&cf->texts_buf, &cf->texts_len) : NULL;
	if (!cf->texts) {
		if (cf->body)
			fclose(cf->body);
		free(cf->body_buf);
		fclose(cf->dat);
		free(cf->dat_path);
		free(cf->name);
		return sk_out_of_memory(err);
	}
	fprintf(cf->dat, "# data of %s.gp (surveykit); \"?\" marks a missing value\n", cf->name);
	return 0;
}

static void chart_abandon(struct chart_file *cf)
{
	if (cf->dat)
		fclose(cf->dat);
	if (cf->body)
		fclose(cf->body);
	if (cf->texts)
		fclose(cf->texts);
	free(cf->body_buf);
	free(cf->texts_buf);
	free(cf->dat_path);
	free(cf->name);
	memset(cf, 0, sizeof *cf);
}

/* Title and axis titles, the frame, the grid: what every chart shares. */
static void common_settings(struct chart_file *cf, const struct chart_text *t)
{
	FILE *b = cf->body;

	if (t->title) {
		fputs("set title ", b);
		put_text(cf, b, t->title, 0);
		fprintf(b, " font \"%s Bold,%d\"\n", CHART_FONT, CHART_FONT_SIZE + 3);
	}
	if (t->xlabel) {
		fputs("set xlabel ", b);
		put_text(cf, b, t->xlabel, 0);
		fputc('\n', b);
	}
	if (t->ylabel) {
		fputs("set ylabel ", b);
		put_text(cf, b, t->ylabel, 0);
		fputc('\n', b);
	}
	fprintf(b, "set border 3 lc rgb \"%s\"\n", AXIS_COLOUR);
	fputs("set tics nomirror out\n", b);
	fprintf(b, "set grid ytics lc rgb \"%s\" lw 1 dt 1\n", GRID_COLOUR);
	fputs("set grid noxtics\n", b);
	fputs("set datafile missing \"?\"\n", b);
}

static int chart_finish(struct chart_file *cf, struct sk_error *err)
{
	struct chart_set *cs = cf->cs;
	const char *name = cf->name;
	char *gp_path = NULL, **names;
	FILE *gp = NULL;
	int e = 0;

	if (fflush(cf->dat) != 0 || ferror(cf->dat))
		e = errno ? errno : EIO;
	if (fclose(cf->dat) != 0 && !e)
		e = errno;
	cf->dat = NULL;
	if (fclose(cf->body) != 0 && !e)
		e = ENOMEM;
	cf->body = NULL;
	if (fclose(cf->texts) != 0 && !e)
		e = ENOMEM;
	cf->texts = NULL;
	if (e) {
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s/%s.dat': %s", cs->dir, name, strerror(e));
		chart_abandon(cf);
		return SK_EXIT_OUTPUT;
	}
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? 2 * cs->cap : 16;
		names = realloc(cs->names, cap * sizeof *names);
		if (!names) {
			chart_abandon(cf);
			return sk_out_of_memory(err);
		}
		cs->names = names;
		cs->cap = cap;
	}
	gp_path = path_in(cs->dir, name, ".gp");
	if (!gp_path || !(gp = fopen(gp_path, "w"))) {
		e = gp_path ? errno : ENOMEM;
		free(gp_path);
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s/%s.gp': %s", cs->dir, name, strerror(e));
		chart_abandon(cf);
		return SK_EXIT_OUTPUT;
	}
	fprintf(gp, "# %s: written by surveykit.\n", name);
	fprintf(gp, "# Render with:  gnuplot %s.gp   (in this folder; draws %s.png and %s.svg from %s.dat)\n",
		name, name, name, name);
	fputs("# The texts of the chart, taken literally (single quotes: no substitution or escapes)\n", gp);
	fputs("quote = sprintf(\"%c\", 39)\nnewline = sprintf(\"%c\", 10)\n", gp);
	fwrite(cf->texts_buf, 1, cf->texts_len, gp);
	fputs("set encoding utf8\n", gp);
	for (int term = 0; term < 2; term++) {
		fputs("reset\n", gp);
		if (term == 0)
			fprintf(gp, "set terminal pngcairo size %d,%d font \"%s,%d\" noenhanced background rgb \"white\"\n",
				CHART_WIDTH, CHART_HEIGHT, CHART_FONT, CHART_FONT_SIZE);
		else
			fprintf(gp, "set terminal svg size %d,%d font \"%s,%d\" noenhanced background rgb \"white\"\n",
				CHART_WIDTH, CHART_HEIGHT, CHART_FONT, CHART_FONT_SIZE);
		fprintf(gp, "set output \"%s.%s\"\n", name, term == 0 ? "png" : "svg");
		fwrite(cf->body_buf, 1, cf->body_len, gp);
		fputs("set output\n", gp);
	}
	if (fflush(gp) != 0 || ferror(gp))
		e = errno ? errno : EIO;
	if (fclose(gp) != 0 && !e)
		e = errno;
	free(gp_path);
	if (e) {
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s/%s.gp': %s", cs->dir, name, strerror(e));
		chart_abandon(cf);
		return SK_EXIT_OUTPUT;
	}
	cs->names[cs->n++] = cf->name;
	cf->name = NULL;
	chart_abandon(cf);
	return 0;
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
		put_text(cf, b, labels[i], 1);
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
	if ((status = chart_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# one block per series; columns: x, mean, lower, upper\n");
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.dat, "# series %zu\n", s);
		for (size_t k = 0; k < c->n_cats; k++) {
			double x = (double)k + ((double)s - (double)(c->n_series - 1) / 2.0) * width;
			size_t i = s * c->n_cats + k;
			fprintf(cf.dat, "%.6g", x);
			put_value(cf.dat, c->mean[i]);
			put_value(cf.dat, c->lo[i]);
			put_value(cf.dat, c->hi[i]);
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
			put_text(&cf, cf.body, c->series[s], 0);
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
			put_text(&cf, cf.body, ci, 0);
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
			CHART_FONT_SIZE - 1 - 2 * crowded, s + 1 < c->n_series ? ", \\" : "");
	return chart_finish(&cf, err);
}

int chart_lines(struct chart_set *cs, const struct chart_lines *c, struct sk_error *err)
{
	struct chart_file cf;
	double lo, hi, xlo, xhi;
	int status;

	if ((status = chart_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# one block per series; columns: x, y\n");
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.dat, "# series %zu\n", s);
		for (size_t i = 0; i < c->n_points; i++) {
			fprintf(cf.dat, "%.10g", c->x[i]);
			put_value(cf.dat, c->y[s * c->n_points + i]);
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
		put_text(&cf, cf.body, c->legend_title, 0);
	}
	fputc('\n', cf.body);
	fputs("plot \\\n", cf.body);
	for (size_t s = 0; s < c->n_series; s++) {
		int labels = c->n_points <= CHART_LABELLED_POINTS;
		fprintf(cf.body, "  \"%s.dat\" index %zu using 1:2 with linespoints lw 2.5 pt 7 ps 1.3 lc rgb \"%s\" title ",
			cf.name, s, colour(s));
		put_text(&cf, cf.body, c->series ? c->series[s] : "", 0);
		if (labels)
			/* each series' labels on its own side of the line so neighbouring lines do not collide */
			fprintf(cf.body,
				", \\\n  \"%s.dat\" index %zu using 1:2:(sprintf(\"%%.2f\", $2)) with labels offset 0,%s "
				"font \",%d\" tc rgb \"%s\" notitle",
				cf.name, s, s % 2 ? "-1.1" : "1.1", CHART_FONT_SIZE - 2, colour(s));
		fputs(s + 1 < c->n_series ? ", \\\n" : "\n", cf.body);
	}
	return chart_finish(&cf, err);
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
	if ((status = chart_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# one block per series; columns: x, estimate, lower, upper\n");
	for (size_t s = 0; s < c->n_series; s++) {
		fprintf(cf.dat, "# series %zu\n", s);
		for (size_t i = 0; i < c->n_points; i++) {
			size_t k = s * c->n_points + i;
			fprintf(cf.dat, "%.10g", c->x[i]);
			put_value(cf.dat, c->est[k]);
			put_value(cf.dat, c->lo[k]);
			put_value(cf.dat, c->hi[k]);
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
			c->points[i], c->points[i], left ? "left" : "right", left ? "0.5" : "-0.5", CHART_FONT_SIZE - 1);
	}
	fputs("plot \\\n", cf.body);
	if (c->n_regions) {
		fprintf(cf.body, "  keyentry with boxes fc rgb \"%s\" fs solid 1.0 title ", REGION_COLOUR);
		put_text(&cf, cf.body, c->region_label ? c->region_label : "significant", 0);
		fputs(", \\\n", cf.body);
	}
	if (c->n_transitions) {
		fprintf(cf.body, "  keyentry with lines dt 2 lw 1.5 lc rgb \"%s\" title ", AXIS_COLOUR);
		put_text(&cf, cf.body, c->point_label ? c->point_label : "Johnson-Neyman point", 0);
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
		put_text(&cf, cf.body, strbuf_str(&title), 0);
		fputs(", \\\n", cf.body);
		if (has_series_region(c, s)) {
			strbuf_reset(&title);
			strbuf_addf(&title, "%s%sCI excludes %g", name, *name ? ": " : "", c->ref);
			fprintf(cf.body, "  keyentry with boxes fc rgb \"%s\" fs solid 0.8 title ", colour(s));
			put_text(&cf, cf.body, strbuf_str(&title), 0);
			fputs(", \\\n", cf.body);
		}
		strbuf_release(&title);
	}
	for (size_t s = 0; s < c->n_series; s++) {
		const char *name = c->series ? c->series[s] : "";
		fprintf(cf.body, "  \"%s.dat\" index %zu using 1:2 with lines lw 2.5 lc rgb \"%s\" title ", cf.name, s,
			colour(s));
		put_text(&cf, cf.body, *name ? name : "effect", 0);
		fputs(s + 1 < c->n_series ? ", \\\n" : "\n", cf.body);
	}
	return chart_finish(&cf, err);
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

	if ((status = chart_begin(&cf, cs, &c->t, err)) != 0)
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
			put_value(cf.dat, from);
			put_value(cf.dat, from + (isfinite(p) ? p : 0));
			put_value(cf.dat, p);
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
		put_text(&cf, cf.body, c->items[i], 1);
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
		put_text(&cf, cf.body, c->cats[j], 0);
		fputs(", \\\n", cf.body);
	}
	for (size_t j = 0; j < c->n_cats; j++)
		fprintf(cf.body,
			"  \"%s.dat\" index %zu using (($2+$3)/2):1:($4 >= %g ? sprintf(\"%%.0f%%%%\", $4) : \"\"):5 with labels "
			"tc rgb variable font \",%d\" notitle%s\n",
			cf.name, j, CHART_LIKERT_LABEL_MIN, CHART_FONT_SIZE - 2, j + 1 < c->n_cats ? ", \\" : "");
	return chart_finish(&cf, err);
}

int chart_histogram(struct chart_set *cs, const struct chart_histogram *c, struct sk_error *err)
{
	struct chart_file cf;
	double lo, hi, top = 0;
	int status;

	if ((status = chart_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# columns: bin centre, value\n");
	for (size_t i = 0; i < c->n_bins; i++) {
		fprintf(cf.dat, "%.10g", c->centre[i]);
		put_value(cf.dat, c->value[i]);
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
		put_text(&cf, cf.body, c->note ? c->note : "Mean", 0);
	}
	fputc('\n', cf.body);
	return chart_finish(&cf, err);
}

int chart_heatmap(struct chart_set *cs, const struct chart_heatmap *c, struct sk_error *err)
{
	struct chart_file cf;
	/* smaller cell labels as the matrix grows, so a label stays inside its cell */
	int font = c->n <= 6 ? CHART_FONT_SIZE : c->n <= 9 ? CHART_FONT_SIZE - 3 : CHART_FONT_SIZE - 5;
	int status;

	if ((status = chart_begin(&cf, cs, &c->t, err)) != 0)
		return status;
	fprintf(cf.dat, "# the lower triangle and the diagonal; columns: column, row, r, p\n");
	for (size_t i = 0; i < c->n; i++)
		for (size_t j = 0; j <= i; j++) {
			fprintf(cf.dat, "%zu %zu", j, i);
			put_value(cf.dat, c->r[i * c->n + j]);
			put_value(cf.dat, i == j ? NAN : c->p[i * c->n + j]);
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
	return chart_finish(&cf, err);
}

const char *chart_set_last(const struct chart_set *cs)
{
	return cs->n ? cs->names[cs->n - 1] : NULL;
}

const char *chart_gnuplot_path(char *buf, size_t size)
{
	const char *env = getenv("SURVEYKIT_GNUPLOT"), *path;

	if (env) {
		if (!*env || strcmp(env, "none") == 0)
			return NULL;
		if (strchr(env, '/')) {
			if (access(env, X_OK) != 0 || (size_t)snprintf(buf, size, "%s", env) >= size)
				return NULL;
			return buf;
		}
	}
	path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		if (len > 0 && (size_t)snprintf(buf, size, "%.*s/%s", (int)len, path, env ? env : "gnuplot") < size &&
		    access(buf, X_OK) == 0)
			return buf;
		path += len + (end ? 1 : 0);
	}
	return NULL;
}

/* Starts a gnuplot process in the chart directory that reads its commands from a socket (our end
 * in cs->feed), its output and errors going to .gnuplot-K.log there. */
static void spawn_gnuplot(struct chart_set *cs)
{
	char *const argv[] = {"gnuplot", NULL};
	char log[64];
	int sv[2];
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) != 0) {
		cs->spawn_error = errno;
		return;
	}
	/* neither end may stay open in a later child: a gnuplot sees the end of its commands only
	 * when every copy of our end is closed */
	fcntl(sv[0], F_SETFD, FD_CLOEXEC);
	fcntl(sv[1], F_SETFD, FD_CLOEXEC);
	snprintf(log, sizeof log, ".gnuplot-%zu.log", cs->n_procs);
	fflush(NULL);
	pid = output_guard_fork(); /* an interrupted run kills and reaps it (io/output_guard.h) */
	if (pid == 0) {
		/* the child: only async-signal-safe calls until exec; gnuplot gets the usual signals
		 * back (surveykit blocks them for its guard thread) */
		int errfd;
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (chdir(cs->dir) != 0)
			_exit(126);
		errfd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (errfd < 0 || dup2(sv[1], 0) < 0 || dup2(errfd, 1) < 0 || dup2(errfd, 2) < 0)
			_exit(126);
		execv(cs->gnuplot, argv);
		_exit(127);
	}
	close(sv[1]);
	if (pid < 0) {
		cs->spawn_error = errno;
		close(sv[0]);
		return;
	}
	cs->pid[cs->n_procs] = pid;
	cs->feed[cs->n_procs] = sv[0];
	cs->sent_to[cs->n_procs] = 0;
	cs->n_procs++;
}

/* Sends every chart not sent yet, each to the live process with the fewest charts so far. A
 * process that stopped reading keeps its charts undrawn; its exit status tells why. */
static void feed_charts(struct chart_set *cs)
{
	struct strbuf cmd = STRBUF_INIT;

	for (; cs->sent < cs->n; cs->sent++) {
		size_t k = SIZE_MAX, len, done = 0;
		for (size_t q = 0; q < cs->n_procs; q++)
			if (cs->feed[q] >= 0 && (k == SIZE_MAX || cs->sent_to[q] < cs->sent_to[k]))
				k = q;
		if (k == SIZE_MAX)
			break;
		/* chart names hold only [A-Za-z0-9._-], so they are inert inside the double quotes */
		strbuf_reset(&cmd);
		strbuf_addf(&cmd, "load \"%s.gp\"\n", cs->names[cs->sent]);
		len = strbuf_ok(&cmd) ? cmd.len : 0;
		while (done < len) {
			ssize_t w = send(cs->feed[k], cmd.s + done, len - done, MSG_NOSIGNAL);
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				break;
			done += (size_t)w;
		}
		if (done < len) {
			close(cs->feed[k]);
			cs->feed[k] = -1;
			continue; /* the chart goes to another process */
		}
		cs->sent_to[k]++;
	}
	strbuf_release(&cmd);
}

/* The line of a log file (in the chart directory) that says what went wrong: gnuplot's
 * '"FILE" line N: message', else the first line with text. The file is removed. */
static void log_message(const char *dir, size_t k, char *buf, size_t size)
{
	char name[64], line[512], *path;
	FILE *f;
	int found = 0;

	snprintf(name, sizeof name, ".gnuplot-%zu.log", k);
	path = path_in(dir, name, "");
	f = path ? fopen(path, "r") : NULL;
	buf[0] = '\0';
	while (f && !found && fgets(line, sizeof line, f)) {
		const char *t = line + strspn(line, " \t");
		line[strcspn(line, "\r\n")] = '\0';
		found = t[0] == '"' && strstr(t, " line ") != NULL;
		if (found || (!buf[0] && t[0]))
			snprintf(buf, size, "%s", t);
	}
	if (f)
		fclose(f);
	if (path)
		unlink(path);
	free(path);
}

void chart_set_start(struct chart_set *cs)
{
	long cores;
	size_t procs;

	if (!cs->gnuplot[0] && !chart_gnuplot_path(cs->gnuplot, sizeof cs->gnuplot)) {
		cs->gnuplot[0] = '\0';
		return;
	}
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	procs = cores > 1 ? (size_t)cores : 1;
	procs = procs < CHART_PROCESSES ? procs : CHART_PROCESSES;
	while (cs->n_procs < procs && cs->n_procs < cs->n && !cs->spawn_error)
		spawn_gnuplot(cs);
	feed_charts(cs);
}

/* Ends the processes' commands and waits for them; the first failure goes into err. */
static int wait_all(struct chart_set *cs, struct sk_error *err)
{
	int status = 0;

	for (size_t k = 0; k < cs->n_procs; k++)
		if (cs->feed[k] >= 0) {
			close(cs->feed[k]);
			cs->feed[k] = -1;
		}
	for (size_t k = 0; k < cs->n_procs; k++) {
		int ws = 0;
		char line[512];
		output_guard_wait(cs->pid[k], &ws);
		log_message(cs->dir, k, line, sizeof line);
		if (status || !err || (WIFEXITED(ws) && WEXITSTATUS(ws) == 0))
			continue;
		if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127)
			status = sk_fail(err, SK_EXIT_OUTPUT, "cannot run '%s'", cs->gnuplot);
		else if (WIFEXITED(ws))
			status = sk_fail(err, SK_EXIT_OUTPUT, "gnuplot failed drawing the charts in '%s' (exit %d)%s%s", cs->dir,
					 WEXITSTATUS(ws), line[0] ? ": " : "", line);
		else
			status = sk_fail(err, SK_EXIT_OUTPUT, "gnuplot was stopped by signal %d drawing the charts in '%s'",
					 WIFSIGNALED(ws) ? WTERMSIG(ws) : 0, cs->dir);
	}
	cs->n_procs = 0;
	return status;
}

int chart_set_render(struct chart_set *cs, struct sk_error *err)
{
	int status;

	cs->rendered = 0;
	chart_set_start(cs);
	if (!cs->gnuplot[0])
		return 0;
	status = wait_all(cs, err);
	if (status == 0 && cs->spawn_error)
		status = sk_fail(err, SK_EXIT_OUTPUT, "cannot run '%s': %s", cs->gnuplot, strerror(cs->spawn_error));
	if (status == 0 && cs->sent < cs->n)
		status = sk_fail(err, SK_EXIT_OUTPUT, "gnuplot stopped before drawing every chart in '%s'", cs->dir);
	if (status == 0)
		cs->rendered = 1;
	return status;
}
