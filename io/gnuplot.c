#define _XOPEN_SOURCE 700
#include "io/gnuplot.h"
#include "io/gnuplot_script.h"
#include "io/chart_raster.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
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
#include "io/program.h"
#include "io/strbuf.h"
#include "io/text.h"

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
	free(cs->png_rows);
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

void chart_file_value(FILE *f, double v)
{
	if (isfinite(v))
		fprintf(f, " %.10g", v);
	else
		fputs(" ?", f);
}

void chart_file_text(struct chart_file *cf, FILE *b, const char *text, int format)
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

int chart_file_begin(struct chart_file *cf, struct chart_set *cs, const struct chart_text *t, struct sk_error *err)
{
	memset(cf, 0, sizeof *cf);
	cf->cs = cs;
	cf->t = t;
	cf->height_in = CHART_HEIGHT_IN;
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

unsigned chart_set_formats(const struct chart_set *cs)
{
	unsigned f = cs->formats & CHART_FORMATS_ALL;

	return f ? f : CHART_FORMATS_DEFAULT;
}

const char *chart_format_ext(enum chart_format f)
{
	switch (f) {
	case CHART_PNG:
		return "png";
	case CHART_SVG:
		return "svg";
	case CHART_PDF:
		return "pdf";
	}
	return NULL;
}

const char *chart_formats_text(unsigned formats)
{
	static const char *const text[] = {"none", "PNG", "SVG", "PNG and SVG", "PDF", "PNG and PDF", "SVG and PDF",
					   "PNG, SVG and PDF"};
	return text[formats & CHART_FORMATS_ALL];
}

/* The terminal of one format for a figure of w x h inches, drawn with the same sizes of text,
 * lines, dashes and points in each. gnuplot's cairo terminals size text with pango, which counts
 * 96 points per inch, and the PNG's lines, dashes and points at 72 pixels per inch; a pdfcairo
 * line of width 1 is 0.5 pt, an SVG one 1 px (1/96 in). */
static void put_terminal_options(FILE *gp, enum chart_format f, double w, double h)
{
	const char *tail = "noenhanced background rgb \"white\"";

	if (f == CHART_PNG)
		fprintf(gp,
			"pngcairo size %ld,%ld font \"%s,%d\" fontscale %.6g linewidth %.6g dashlength 0.5 "
			"pointscale %.6g %s\n",
			lround(w * CHART_DPI), lround(h * CHART_DPI), CHART_FONT, CHART_FONT_SIZE, CHART_DPI / 96.0,
			CHART_DPI / 144.0, CHART_DPI / 72.0, tail);
	else if (f == CHART_PDF)
		fprintf(gp, "pdfcairo size %.6gin,%.6gin font \"%s,%d\" fontscale 0.75 %s", w, h, CHART_FONT, CHART_FONT_SIZE,
			tail);
	else
		fprintf(gp, "svg size %ld,%ld font \"%s,%d\" fontscale %.6g linewidth %.6g %s", lround(w * 96), lround(h * 96),
			CHART_FONT, CHART_FONT_SIZE, 96 / 72.0, 96 / 144.0, tail);
}

static void put_terminal(FILE *gp, enum chart_format f, double w, double h)
{
	fputs("set terminal ", gp);
	put_terminal_options(gp, f, w, h);
	fputc('\n', gp);
}

/* Where the PNG goes: NAME.png; or, when surveykit's gnuplot process defines surveykit_raster
 * (the name of a file it makes the PNG from: io/chart_raster.h), a PDF of the same size. */
static void put_png_output(FILE *gp, const char *name, double w, double h)
{
	fputs("# surveykit sets surveykit_raster to have the figure as a PDF, which it turns into the PNG\n", gp);
	fputs("if (exists(\"surveykit_raster\")) { set terminal ", gp);
	put_terminal_options(gp, CHART_PDF, w, h);
	fprintf(gp, "; set output surveykit_raster } else { set output \"%s.png\" }\n", name);
}

/* The raster PDF of chart i: a hidden file of the chart directory. */
static void raster_name(char *buf, size_t size, size_t i)
{
	snprintf(buf, size, ".raster-%zu.pdf", i);
}

/* Whether the set's PNGs are made from PDFs (io/chart_raster.h). */
static int raster_pngs(const struct chart_set *cs)
{
	return (chart_set_formats(cs) & CHART_PNG) && chart_raster_available();
}

int chart_file_finish(struct chart_file *cf, struct sk_error *err)
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
	if (cf->failed && !e)
		e = ENOMEM;
	if (e) {
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s/%s.dat': %s", cs->dir, name, strerror(e));
		chart_abandon(cf);
		return SK_EXIT_OUTPUT;
	}
	if (cs->n == cs->cap) {
		size_t cap = cs->cap ? 2 * cs->cap : 16;
		long *rows = NULL;
		names = realloc(cs->names, cap * sizeof *names);
		if (names)
			cs->names = names;
		if (!names || !(rows = realloc(cs->png_rows, cap * sizeof *rows))) {
			chart_abandon(cf);
			return sk_out_of_memory(err);
		}
		cs->png_rows = rows;
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
	{
		unsigned formats = chart_set_formats(cs);
		int first = 1;
		unsigned left = formats;
		fprintf(gp, "# %s: written by surveykit.\n# Render with:  gnuplot %s.gp   (in this folder; draws ", name, name);
		for (unsigned f = 1; f <= CHART_FORMATS_ALL; f <<= 1)
			if (formats & f) {
				left &= ~f;
				fprintf(gp, "%s.%s%s", name, chart_format_ext(f), !left ? "" : left & (left - 1) ? ", " : " and ");
			}
		fprintf(gp, " from %s.dat)\n", name);
		fprintf(gp, "# A figure of %g x %g in, its text %d pt in print; the PNG at %d dpi\n", CHART_WIDTH_IN,
			cf->height_in, CHART_FONT_SIZE, CHART_DPI);
		fputs("# The texts of the chart, taken literally (single quotes: no substitution or escapes)\n", gp);
		fputs("quote = sprintf(\"%c\", 39)\nnewline = sprintf(\"%c\", 10)\n", gp);
		fwrite(cf->texts_buf, 1, cf->texts_len, gp);
		fputs("set encoding utf8\nreset\n", gp);
		/* drawn once on the first terminal, then redrawn on each other one */
		for (unsigned f = 1; f <= CHART_FORMATS_ALL; f <<= 1) {
			if (!(formats & f))
				continue;
			put_terminal(gp, f, CHART_WIDTH_IN, cf->height_in);
			if (f == CHART_PNG)
				put_png_output(gp, name, CHART_WIDTH_IN, cf->height_in);
			else
				fprintf(gp, "set output \"%s.%s\"\n", name, chart_format_ext(f));
			if (first)
				fwrite(cf->body_buf, 1, cf->body_len, gp);
			else
				fputs("replot\n", gp);
			fputs("set output\n", gp);
			first = 0;
		}
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
	cs->png_rows[cs->n] = lround(cf->height_in * CHART_DPI);
	cs->names[cs->n++] = cf->name;
	cf->name = NULL;
	chart_abandon(cf);
	return 0;
}

const char *chart_set_last(const struct chart_set *cs)
{
	return cs->n ? cs->names[cs->n - 1] : NULL;
}

const char *chart_gnuplot_path(char *buf, size_t size)
{
	return program_path("SURVEYKIT_GNUPLOT", "gnuplot", buf, size);
}

/* Writes n bytes to a gnuplot's socket: 0, or -1 when it stopped reading. */
static int send_all(int fd, const char *s, size_t n)
{
	size_t done = 0;

	while (done < n) {
		ssize_t w = send(fd, s + done, n - done, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		done += (size_t)w;
	}
	return 0;
}

/* Starts a gnuplot process in the chart directory that reads its commands from a socket (our end
 * in cs->feed), its output and errors going to .gnuplot-K.log there. When the PNGs are made from
 * PDFs, its output goes back through the socket instead: the number of each chart it has drawn
 * (see feed_charts), so that its PNG is made while gnuplot draws the next ones. */
static void spawn_gnuplot(struct chart_set *cs)
{
	char *const argv[] = {"gnuplot", NULL};
	char log[64];
	int sv[2];
	int raster = raster_pngs(cs);
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
		if (errfd < 0 || dup2(sv[1], 0) < 0 || dup2(raster ? sv[1] : errfd, 1) < 0 || dup2(errfd, 2) < 0)
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
	if (raster)
		send_all(sv[0], "set print \"-\"\n", 14);
	cs->pid[cs->n_procs] = pid;
	cs->feed[cs->n_procs] = sv[0];
	cs->sent_to[cs->n_procs] = 0;
	cs->n_procs++;
}

/* Sends every chart not sent yet, each to the live process with the fewest charts so far. A
 * process that stopped reading keeps its charts undrawn; its exit status tells why. When the PNGs
 * are made from PDFs, the chart's number K goes before it (surveykit_raster = ".raster-K.pdf")
 * and gnuplot prints K when it has drawn it. */
static void feed_charts(struct chart_set *cs)
{
	struct strbuf cmd = STRBUF_INIT;

	for (; cs->sent < cs->n; cs->sent++) {
		size_t k = SIZE_MAX;
		for (size_t q = 0; q < cs->n_procs; q++)
			if (cs->feed[q] >= 0 && (k == SIZE_MAX || cs->sent_to[q] < cs->sent_to[k]))
				k = q;
		if (k == SIZE_MAX)
			break;
		/* chart names hold only [A-Za-z0-9._-], so they are inert inside the double quotes */
		strbuf_reset(&cmd);
		if (raster_pngs(cs)) {
			char pdf[64];
			raster_name(pdf, sizeof pdf, cs->sent);
			strbuf_addf(&cmd, "surveykit_raster = \"%s\"\n", pdf);
		}
		strbuf_addf(&cmd, "load \"%s.gp\"\n", cs->names[cs->sent]);
		if (raster_pngs(cs))
			strbuf_addf(&cmd, "print %zu\n", cs->sent);
		if (!strbuf_ok(&cmd) || send_all(cs->feed[k], cmd.s, cmd.len) != 0) {
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

/* The raster job of chart i (paths into pdf and png, which the caller frees): 0, or -1 when out
 * of memory. */
static int raster_job(const struct chart_set *cs, size_t i, struct chart_raster_job *job, char **pdf, char **png)
{
	char name[64];

	raster_name(name, sizeof name, i);
	*pdf = path_in(cs->dir, name, "");
	*png = path_in(cs->dir, cs->names[i], ".png");
	*job = (struct chart_raster_job){*pdf, *png, CHART_WIDTH, cs->png_rows[i]};
	return *pdf && *png ? 0 : -1;
}

/* Hands chart i's PNG to the pool, once. */
static void queue_png(const struct chart_set *cs, struct chart_raster_pool *pool, unsigned char *queued, size_t i)
{
	struct chart_raster_job job;
	char *pdf, *png;

	if (i >= cs->n || queued[i])
		return;
	queued[i] = 1;
	if (raster_job(cs, i, &job, &pdf, &png) != 0)
		job = (struct chart_raster_job){NULL, cs->names[i], 0, 0}; /* the pool reports it: out of memory */
	chart_raster_add(pool, &job);
	free(pdf);
	free(png);
}

/* Ends the processes' commands and, until each has ended its output, hands the pool the PNG of
 * every chart one of them reports drawn (feed_charts). */
static void collect_drawn(struct chart_set *cs, struct chart_raster_pool *pool, unsigned char *queued)
{
	struct pollfd fds[CHART_PROCESSES];
	char line[CHART_PROCESSES][32];
	size_t len[CHART_PROCESSES] = {0}, open = 0;

	for (size_t k = 0; k < cs->n_procs; k++) {
		fds[k] = (struct pollfd){.fd = cs->feed[k], .events = POLLIN};
		if (cs->feed[k] >= 0) {
			shutdown(cs->feed[k], SHUT_WR);
			open++;
		}
	}
	while (open) {
		if (poll(fds, cs->n_procs, -1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		for (size_t k = 0; k < cs->n_procs; k++) {
			char buf[512];
			ssize_t got;
			if (fds[k].fd < 0 || !fds[k].revents)
				continue;
			got = read(fds[k].fd, buf, sizeof buf);
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				fds[k].fd = -1;
				open--;
				continue;
			}
			for (ssize_t b = 0; b < got; b++) {
				if (buf[b] != '\n') {
					if (len[k] < sizeof line[k] - 1)
						line[k][len[k]++] = buf[b];
					continue;
				}
				line[k][len[k]] = '\0';
				len[k] = 0;
				if (line[k][0] >= '0' && line[k][0] <= '9')
					queue_png(cs, pool, queued, strtoul(line[k], NULL, 10));
			}
		}
	}
}

int chart_set_render(struct chart_set *cs, struct sk_error *err)
{
	struct chart_raster_pool *pool = NULL;
	unsigned char *queued = NULL;
	int status = 0;

	cs->rendered = 0;
	chart_set_start(cs);
	if (!cs->gnuplot[0])
		return 0;
	if (raster_pngs(cs) && cs->n) {
		long cores = sysconf(_SC_NPROCESSORS_ONLN);
		if (!(queued = calloc(cs->n, 1)) || !(pool = chart_raster_start(cores > 1 ? (size_t)cores : 1)))
			status = sk_fail(err, SK_EXIT_OUTPUT, "cannot start making the PNGs of the charts in '%s'", cs->dir);
		else
			collect_drawn(cs, pool, queued);
	}
	if (status == 0)
		status = wait_all(cs, err);
	else
		wait_all(cs, NULL);
	if (status == 0 && cs->spawn_error)
		status = sk_fail(err, SK_EXIT_OUTPUT, "cannot run '%s': %s", cs->gnuplot, strerror(cs->spawn_error));
	if (status == 0 && cs->sent < cs->n)
		status = sk_fail(err, SK_EXIT_OUTPUT, "gnuplot stopped before drawing every chart in '%s'", cs->dir);
	if (pool) {
		char msg[600];
		/* a chart not reported drawn has no PDF (a gnuplot that failed or drew nothing): skipped */
		for (size_t i = 0; status == 0 && i < cs->n; i++)
			queue_png(cs, pool, queued, i);
		if (chart_raster_finish(pool, msg, sizeof msg) != 0 && status == 0)
			status = sk_fail(err, SK_EXIT_OUTPUT, "cannot make the PNG of a chart in '%s': %s", cs->dir, msg);
	}
	free(queued);
	if (status == 0)
		cs->rendered = 1;
	return status;
}
