/* The yardstick scripts/bench measures `surveykit score` against: the least a single-threaded C
 * program does to read a wave, score its scales and write the scores. It reads the file in 1 MB
 * blocks, splits lines at commas (no quoting: the simulated waves have none), parses whole
 * numbers by hand, reverse-codes items, averages each scale's items (a row with an item missing
 * or outside its range has no score, as `surveykit score` without --min-items) and writes the id
 * and group columns and the scores through one output buffer, in the shortest exact decimal form
 * of io/csv_writer.h, so its output is byte for byte that of `surveykit score`.
 *
 *   build/yardstick WAVE.csv CODEBOOK.csv OUT.csv
 *
 * The codebook is read with io/codebook.h (not timed work: 30 lines). Exit 1 on anything this
 * minimal reader does not handle (quotes, text, a ragged row). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/codebook.h"
#include "io/csv_writer.h"

#define BLOCK ((size_t)1 << 20)
#define MAX_COLS 4096
#define MAX_SCALES 256

struct col {
	int keep;      /* an id or group column, written before the scores */
	int scale;     /* index of its scale, or -1 */
	int reverse;
	double min, max;
	const struct var_meta *meta;
};

static struct col cols[MAX_COLS];
static size_t n_cols, n_keep, n_scales;
static const char *scale_names[MAX_SCALES];
static size_t scale_items[MAX_SCALES];

static int die(const char *what)
{
	fprintf(stderr, "yardstick: %s\n", what);
	return 1;
}

static int is_code(const struct var_meta *m, double v)
{
	for (size_t i = 0; i < m->n_missing; i++)
		if (m->missing[i] == v)
			return 1;
	return !isnan(m->missing_low) && v >= m->missing_low && v <= m->missing_high;
}

/* The header line: every column's role from the codebook, scales in codebook order. */
static int set_up(const struct codebook *cb, char *line)
{
	for (size_t i = 0; i < cb->n; i++) {
		const struct var_meta *m = &cb->vars[i];
		size_t s;
		if (m->role != ROLE_ITEM)
			continue;
		for (s = 0; s < n_scales && strcmp(scale_names[s], m->scale) != 0; s++)
			;
		if (s == n_scales) {
			if (n_scales == MAX_SCALES)
				return die("too many scales");
			scale_names[n_scales++] = m->scale;
		}
	}
	for (char *name = strtok(line, ","); name; name = strtok(NULL, ",")) {
		const struct var_meta *m = codebook_find(cb, name);
		struct col *c = &cols[n_cols];
		if (n_cols == MAX_COLS)
			return die("too many columns");
		c->scale = -1;
		c->meta = m;
		c->min = m && !isnan(m->min) ? m->min : -INFINITY;
		c->max = m && !isnan(m->max) ? m->max : INFINITY;
		if (m && (m->role == ROLE_ID || m->role == ROLE_GROUP))
			c->keep = 1, n_keep++;
		if (m && m->role == ROLE_ITEM) {
			for (size_t s = 0; s < n_scales; s++)
				if (strcmp(scale_names[s], m->scale) == 0)
					c->scale = (int)s;
			c->reverse = m->reverse;
			scale_items[c->scale]++;
		}
		n_cols++;
	}
	return 0;
}

/* One data line [p, end): parse, score, format into out; returns the end of what it wrote. */
static char *score_line(const char *p, const char *end, char *out, int *bad)
{
	double sum[MAX_SCALES];
	size_t answered[MAX_SCALES];
	size_t kept = 0;

	for (size_t s = 0; s < n_scales; s++)
		sum[s] = 0, answered[s] = 0;

	for (size_t j = 0; j < n_cols; j++) {
		const struct col *c = &cols[j];
		double v = NAN;
		const char *start = p;
		int neg = *p == '-';
		long long acc = 0;
		p += neg;
		while (p < end && *p >= '0' && *p <= '9')
			acc = acc * 10 + (*p++ - '0');
		if (p < end && *p != ',') {
			char *stop;
			v = strtod(start, &stop);
			if (stop == start || (stop < end && *stop != ','))
				return *bad = 1, out;
			p = stop;
		} else if (p > start + neg) {
			v = neg ? -(double)acc : (double)acc;
		}
		if (j + 1 < n_cols && (p == end || *p != ','))
			return *bad = 1, out;
		p++;
		if (!isnan(v) && c->meta && ((c->meta->n_missing || !isnan(c->meta->missing_low)) && is_code(c->meta, v)))
			v = NAN;
		if (!(v >= c->min && v <= c->max))
			v = NAN;
		if (c->keep) {
			if (kept++)
				*out++ = ',';
			out += csv_format_number(out, v == 0 ? 0 : v);
		} else if (c->scale >= 0 && !isnan(v)) {
			sum[c->scale] += c->reverse ? c->min + c->max - v : v;
			answered[c->scale]++;
		}
	}
	for (size_t s = 0; s < n_scales; s++) {
		if (kept || s)
			*out++ = ',';
		out += csv_format_number(out, answered[s] == scale_items[s] ? sum[s] / (double)answered[s] : NAN);
	}
	*out++ = '\n';
	return out;
}

int main(int argc, char **argv)
{
	struct codebook cb;
	struct sk_error err = {0};
	FILE *in, *outf;
	char *buf, *outbuf;
	size_t have = 0, got, out_cap;
	int header = 1, bad = 0;

	if (argc != 4)
		return die("usage: yardstick WAVE.csv CODEBOOK.csv OUT.csv");
	if (codebook_read(argv[2], &cb, &err) != 0)
		return die(err.msg);
	if (!(in = fopen(argv[1], "rb")) || !(outf = fopen(argv[3], "wb")))
		return die("cannot open the input or the output");
	buf = malloc(BLOCK + 1);
	out_cap = 2 * BLOCK;
	outbuf = malloc(out_cap);
	if (!buf || !outbuf)
		return die("out of memory");
	while ((got = fread(buf + have, 1, BLOCK - have, in)) > 0 || have) {
		char *p = buf, *end = buf + have + got, *nl, *o = outbuf;
		int last = got == 0;
		have += got;
		while ((nl = memchr(p, '\n', (size_t)(end - p))) || (last && p < end)) {
			char *stop = nl ? nl : end;
			if (stop > p && stop[-1] == '\r')
				stop--;
			if (header) {
				*stop = '\0';
				if (set_up(&cb, p) != 0)
					return 1;
				for (size_t j = 0, k = 0; j < n_cols; j++)
					if (cols[j].keep)
						o += sprintf(o, "%s%s", k++ ? "," : "", cols[j].meta->column);
				for (size_t s = 0; s < n_scales; s++)
					o += sprintf(o, "%s%s", n_keep || s ? "," : "", scale_names[s]);
				*o++ = '\n';
				header = 0;
			} else if (stop > p) {
				o = score_line(p, stop, o, &bad);
				if (bad)
					return die("a line this minimal reader does not handle");
			}
			p = nl ? nl + 1 : end;
			if ((size_t)(o - outbuf) > out_cap - 64 * (n_cols + n_scales + 2)) {
				fwrite(outbuf, 1, (size_t)(o - outbuf), outf);
				o = outbuf;
			}
		}
		fwrite(outbuf, 1, (size_t)(o - outbuf), outf);
		have = (size_t)(end - p);
		memmove(buf, p, have);
		if (last)
			break;
		if (have == BLOCK)
			return die("a line longer than the block");
	}
	codebook_free(&cb);
	free(buf);
	free(outbuf);
	return fclose(outf) == 0 && !ferror(in) ? 0 : die("read or write error");
}
