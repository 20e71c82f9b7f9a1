#include "io/csv_writer.h"

#include <errno.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io/strbuf.h"

static int needs_quotes(const char *s)
{
	return strpbrk(s, ",;\t\"\r\n") || s[0] == ' ' || (s[0] != '\0' && s[strlen(s) - 1] == ' ');
}

int csv_write_field(FILE *out, const char *s)
{
	if (!needs_quotes(s))
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

/* "00" .. "99": the digits of n < 100 at 2 n */
static const char digit_pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
				  "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
				  "8081828384858687888990919293949596979899";

/* u as digits with a decimal point before the last `decimals` of them (zeros in front when u
 * has fewer), NUL-terminated, at buf; the length. The digits, two at a time, are written from the
 * end of a scratch buffer that is then copied with a fixed-size copy (no call), for which buf
 * has room. */
static size_t format_digits(char buf[CSV_NUMBER_MAX], unsigned long long u, int decimals, int negative)
{
	char tmp[2 * CSV_NUMBER_MAX] = {0}, *end = tmp + CSV_NUMBER_MAX, *p = end; /* *end: the NUL */
	int d = decimals;

	for (; d >= 2; d -= 2, u /= 100)
		memcpy(p -= 2, digit_pairs + 2 * (u % 100), 2);
	if (d) {
		*--p = (char)('0' + u % 10);
		u /= 10;
	}
	if (decimals)
		*--p = '.';
	for (; u >= 100; u /= 100)
		memcpy(p -= 2, digit_pairs + 2 * (u % 100), 2);
	if (u >= 10)
		memcpy(p -= 2, digit_pairs + 2 * u, 2);
	else
		*--p = (char)('0' + u);
	if (negative)
		*--p = '-';
	memcpy(buf, p, CSV_NUMBER_MAX); /* p + CSV_NUMBER_MAX stays within tmp */
	return (size_t)(end - p);
}

/* round(x) (halves away from zero) without a call into libm: below 2^52 in magnitude x - trunc(x)
 * is exact; from 2^52 on every double is a whole number already. */
static double round_half_away(double x)
{
	double t, diff;

	if (!(fabs(x) < 4503599627370496.0))
		return x;
	t = (double)(long long)x;
	diff = x - t;
	return diff >= 0.5 ? t + 1 : diff <= -0.5 ? t - 1 : t;
}

/* The shortest decimal m / 10^d (d <= 9) that reads back as exactly v, formatted by hand (a
 * scored wave has millions of values like 4.6); other values with %.17g. The test m / 10^d == v
 * is exact: IEEE division and strtod both round the same real number m / 10^d correctly. */
size_t csv_format_number(char buf[CSV_NUMBER_MAX], double v)
{
	double scale = 1;

	buf[0] = '\0';
	if (!isfinite(v))
		return 0;
	for (int d = 0; d <= 9; d++, scale *= 10) {
		double m = round_half_away(v * scale);
		if (fabs(m) < 9007199254740992.0 && m / scale == v)
			return format_digits(buf, (unsigned long long)fabs(m), d, m < 0);
	}
	return (size_t)snprintf(buf, CSV_NUMBER_MAX, "%.17g", v);
}

/* The table of csv_rows_format: MEMO_SLOTS numbers by a hash of their bits, the last one seen in
 * each slot (MEMO_EMPTY: none yet). */
#define MEMO_BITS 10
#define MEMO_SLOTS ((size_t)1 << MEMO_BITS)
#define MEMO_EMPTY 0xFF
struct csv_number_memo {
	uint64_t bits[MEMO_SLOTS];
	uint8_t len[MEMO_SLOTS];
	char text[MEMO_SLOTS][CSV_NUMBER_MAX]; /* NUL-padded */
};

size_t csv_rows_format(struct csv_rows *b, double v)
{
	char *out = b->s + b->len;
	struct csv_number_memo *memo = b->memo;
	uint64_t bits;
	size_t h, len;

	if (!memo && (memo = b->memo = malloc(sizeof *memo)) != NULL) {
		memset(memo->len, MEMO_EMPTY, sizeof memo->len);
		memset(memo->text, 0, sizeof memo->text);
	}
	if (!memo)
		return csv_format_number(out, v);
	memcpy(&bits, &v, sizeof bits);
	h = (size_t)((bits * 0x9E3779B97F4A7C15ULL) >> (64 - MEMO_BITS));
	if (memo->len[h] != MEMO_EMPTY && memo->bits[h] == bits) {
		memcpy(out, memo->text[h], CSV_NUMBER_MAX); /* the room csv_rows_number made */
		return memo->len[h];
	}
	len = csv_format_number(out, v);
	memset(memo->text[h], 0, CSV_NUMBER_MAX);
	memcpy(memo->text[h], out, len);
	memo->bits[h] = bits;
	memo->len[h] = (uint8_t)len;
	return len;
}

size_t csv_rows_format_whole(struct csv_rows *b, int32_t v)
{
	/* d = 0 in csv_format_number: the digits of m = v, |v| <= 2^31 (ten digits and a sign). Not
	 * format_digits(.., 0, ..): its general loop and larger scratch cost score 3% more instructions
	 * for the id and group columns (callgrind, 100,000 rows: 9.9 -> 18.6 million). */
	char tmp[24] = {0}, *end = tmp + 12, *p = end, *out = b->s + b->len;
	uint32_t u = v < 0 ? 0u - (uint32_t)v : (uint32_t)v;

	if (u < 10) {
		out[0] = '-';
		out[v < 0] = (char)('0' + u);
		out[1 + (v < 0)] = '\0';
		return 1 + (v < 0);
	}
	for (; u >= 100; u /= 100)
		memcpy(p -= 2, digit_pairs + 2 * (u % 100), 2);
	if (u >= 10)
		memcpy(p -= 2, digit_pairs + 2 * u, 2);
	else
		*--p = (char)('0' + u);
	if (v < 0)
		*--p = '-';
	memcpy(out, p, 12); /* p + 12 stays within tmp; the NUL at *end comes along */
	return (size_t)(end - p);
}

void csv_write_number(FILE *out, double v)
{
	char buf[CSV_NUMBER_MAX];
	size_t len = csv_format_number(buf, v);

	if (len)
		fwrite(buf, 1, len, out);
}

int csv_write_numbers(FILE *out, const double *v, size_t n)
{
	char stack[64 * CSV_NUMBER_MAX], *row = stack, *p;

	/* a long row gets a buffer of its own; without one it is written number by number */
	if (n > sizeof stack / CSV_NUMBER_MAX && !(row = malloc(n * CSV_NUMBER_MAX))) {
		for (size_t j = 0; j < n; j++) {
			if (j)
				fputc(',', out);
			csv_write_number(out, v[j]);
		}
		fputc('\n', out);
		return ferror(out) ? -1 : 0;
	}
	p = row;
	for (size_t j = 0; j < n; j++) {
		if (j)
			*p++ = ',';
		p += csv_format_number(p, v[j]);
	}
	*p++ = '\n';
	fwrite(row, 1, (size_t)(p - row), out);
	if (row != stack)
		free(row);
	return ferror(out) ? -1 : 0;
}

/* Appends a text cell to a row, quoted when it needs to be. */
static void add_field(struct strbuf *row, const char *s)
{
	if (!needs_quotes(s)) {
		strbuf_add(row, s, strlen(s));
		return;
	}
	strbuf_add(row, "\"", 1);
	for (const char *q; (q = strchr(s, '"')); s = q + 1)
		strbuf_add(row, s, (size_t)(q - s) + 1), strbuf_add(row, "\"", 1);
	strbuf_add(row, s, strlen(s));
	strbuf_add(row, "\"", 1);
}

int csv_write_frame(FILE *out, const struct frame *f)
{
	struct strbuf row = STRBUF_INIT;
	char num[CSV_NUMBER_MAX];
	int status = 0;

	for (size_t j = 0; j < f->n_cols; j++) {
		if (j)
			strbuf_addc(&row, ',');
		add_field(&row, f->cols[j].name);
	}
	strbuf_addc(&row, '\n');
	for (size_t i = 0; status == 0; i++) {
		if (!strbuf_ok(&row)) {
			errno = ENOMEM;
			status = -1;
			break;
		}
		fwrite(strbuf_str(&row), 1, row.len, out);
		strbuf_reset(&row);
		if (i == f->n_rows || ferror(out))
			break;
		for (size_t j = 0; j < f->n_cols; j++) {
			if (j)
				strbuf_addc(&row, ',');
			if (f->cols[j].kind == COLUMN_TEXT) {
				const char *t = frame_text(f, j, i);
				if (t)
					add_field(&row, t);
			} else {
				strbuf_add(&row, num, csv_format_number(num, frame_value(f, j, i)));
			}
		}
		strbuf_addc(&row, '\n');
	}
	strbuf_release(&row);
	return status || ferror(out) ? -1 : 0;
}

int csv_rows_grow(struct csv_rows *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 4096;
	char *s;

	if (b->failed)
		return -1;
	while (cap - b->len < n)
		cap *= 2;
	if (!(s = realloc(b->s, cap))) {
		b->failed = 1;
		return -1;
	}
	b->s = s;
	b->cap = cap;
	return 0;
}

void csv_rows_field(struct csv_rows *b, const char *s)
{
	size_t len = strlen(s);
	char *p;

	if (!needs_quotes(s)) {
		if (csv_rows_room(b, len) == 0)
			memcpy(b->s + b->len, s, len), b->len += len;
		return;
	}
	if (csv_rows_room(b, 2 * len + 2) != 0) /* every character a doubled quote, and the two quotes */
		return;
	p = b->s + b->len;
	*p++ = '"';
	for (; *s; s++) {
		if (*s == '"')
			*p++ = '"';
		*p++ = *s;
	}
	*p++ = '"';
	b->len = (size_t)(p - b->s);
}

int csv_rows_write(FILE *out, struct csv_rows *b)
{
	if (b->failed) {
		errno = ENOMEM;
		return -1;
	}
	if (b->len)
		fwrite(b->s, 1, b->len, out);
	b->len = 0;
	return ferror(out) ? -1 : 0;
}

void csv_rows_free(struct csv_rows *b)
{
	free(b->s);
	free(b->memo);
	memset(b, 0, sizeof *b);
}
