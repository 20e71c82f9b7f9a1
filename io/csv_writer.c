#include "io/csv_writer.h"

#include <math.h>
#include <string.h>

int csv_write_field(FILE *out, const char *s)
{
	if (!strpbrk(s, ",;\t\"\r\n") && s[0] != ' ' && (s[0] == '\0' || s[strlen(s) - 1] != ' '))
		return fputs(s, out) == EOF ? -1 : 0;
	fputc('"', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	return fputc('"', out) == EOF ? -1 : 0;
}

int csv_write_header(FILE *out, const char *const *names, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		if (j)
			fputc(',', out);
		csv_write_field(out, names[j]);
	}
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}

static void write_digits(FILE *out, unsigned long long u, int decimals, int negative)
{
	char buf[40], *p = buf + sizeof buf;
	int d = 0;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
		if (++d == decimals)
			*--p = '.';
	} while (u || d <= decimals);
	if (negative)
		*--p = '-';
	fwrite(p, 1, (size_t)(buf + sizeof buf - p), out);
}

/* The shortest decimal m / 10^d (d <= 9) that reads back as exactly v, written by hand (a
 * scored wave has millions of values like 4.6); other values with %.17g. The test m / 10^d == v
 * is exact: IEEE division and strtod both round the same real number m / 10^d correctly. */
void csv_write_number(FILE *out, double v)
{
	double scale = 1;

	if (!isfinite(v))
		return;
	for (int d = 0; d <= 9; d++, scale *= 10) {
		double m = round(v * scale);
		if (fabs(m) < 9007199254740992.0 && m / scale == v) {
			write_digits(out, (unsigned long long)fabs(m), d, m < 0);
			return;
		}
	}
	fprintf(out, "%.17g", v);
}

int csv_write_numbers(FILE *out, const double *v, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		if (j)
			fputc(',', out);
		csv_write_number(out, v[j]);
	}
	fputc('\n', out);
	return ferror(out) ? -1 : 0;
}

int csv_write_frame(FILE *out, const struct frame *f)
{
	for (size_t j = 0; j < f->n_cols; j++) {
		if (j)
			fputc(',', out);
		csv_write_field(out, f->cols[j].name);
	}
	fputc('\n', out);
	for (size_t i = 0; i < f->n_rows; i++) {
		for (size_t j = 0; j < f->n_cols; j++) {
			if (j)
				fputc(',', out);
			if (f->cols[j].kind == COLUMN_TEXT) {
				const char *t = frame_text(f, j, i);
				if (t)
					csv_write_field(out, t);
			} else {
				csv_write_number(out, frame_value(f, j, i));
			}
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}
