#include "io/csv_writer.h"

#include <math.h>
#include <stdlib.h>
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

/* Whole numbers up to 2^53 by hand (a simulated wave has millions of them), others in the
 * shortest of %.15g/%.17g that reads back as the same double (3.1, not 3.1000000000000001). */
static void write_number(FILE *out, double v)
{
	char buf[32], *p = buf + sizeof buf;
	unsigned long long u;

	if (isnan(v))
		return;
	if (v != floor(v) || fabs(v) > 9007199254740992.0) {
		snprintf(buf, sizeof buf, "%.15g", v);
		if (strtod(buf, NULL) != v)
			snprintf(buf, sizeof buf, "%.17g", v);
		fputs(buf, out);
		return;
	}
	u = (unsigned long long)fabs(v);
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	fwrite(p, 1, (size_t)(buf + sizeof buf - p), out);
}

int csv_write_numbers(FILE *out, const double *v, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		if (j)
			fputc(',', out);
		write_number(out, v[j]);
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
				write_number(out, frame_value(f, j, i));
			}
		}
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}
