#include "io/strbuf.h"

#include <limits.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Room for `extra` more bytes plus the NUL; doubles the capacity so appending is linear. */
static int reserve(struct strbuf *b, size_t extra)
{
	size_t need, cap;
	char *s;

	if (b->failed)
		return 0;
	if (extra > SIZE_MAX - b->len - 1)
		goto fail;
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 1;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : 2 * cap;
	s = realloc(b->s, cap);
	if (!s)
		goto fail;
	b->s = s;
	b->cap = cap;
	return 1;
fail:
	b->failed = 1;
	return 0;
}

void strbuf_add(struct strbuf *b, const char *s, size_t n)
{
	if (!reserve(b, n))
		return;
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void strbuf_adds(struct strbuf *b, const char *s)
{
	strbuf_add(b, s, strlen(s));
}

void strbuf_addc(struct strbuf *b, char c)
{
	strbuf_add(b, &c, 1);
}

/* One conversion formatted by vsnprintf into the buffer. */
static void add_piece(struct strbuf *b, const char *spec, ...) __attribute__((format(printf, 2, 3)));
static void add_piece(struct strbuf *b, const char *spec, ...)
{
	va_list ap, again;
	int n;

	va_start(ap, spec);
	va_copy(again, ap);
	n = vsnprintf(NULL, 0, spec, ap);
	if (n < 0 || !reserve(b, (size_t)n))
		b->failed = 1;
	else {
		vsnprintf(b->s + b->len, (size_t)n + 1, spec, again);
		b->len += (size_t)n;
	}
	va_end(again);
	va_end(ap);
}

/* printf, with one difference: a NaN or infinite floating-point argument is written as
 * STRBUF_NOT_FINITE (padded to the field width) instead of C's "nan" or "inf", so no sentence a
 * reader sees says "alpha -inf" or "R2 = nan". The format is taken apart here because neither C
 * nor glibc offers that choice: each conversion, with its '*' width and precision replaced by
 * their values, is handed to vsnprintf with its own argument; literal text is copied. */
void strbuf_vaddf(struct strbuf *b, const char *fmt, va_list ap)
{
	va_list args;

	va_copy(args, ap);
	while (*fmt && !b->failed) {
		const char *start = fmt, *lengths;
		char spec[64], conv;
		size_t o = 0;
		int width, prec = -1, left = 0;

		if (*fmt != '%') {
			const char *next = strchr(fmt, '%');
			size_t n = next ? (size_t)(next - fmt) : strlen(fmt);
			strbuf_add(b, fmt, n);
			fmt += n;
			continue;
		}
		if (fmt[1] == '%') {
			strbuf_addc(b, '%');
			fmt += 2;
			continue;
		}
		spec[o++] = *fmt++;
		for (; *fmt && strchr("-+ #0'", *fmt); fmt++) {
			left |= *fmt == '-';
			if (o < 8)
				spec[o++] = *fmt;
		}
		if (*fmt == '*') {
			width = va_arg(args, int);
			fmt++;
		} else if (*fmt >= '1' && *fmt <= '9') {
			for (width = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
				width = width < 100000 ? 10 * width + (*fmt - '0') : width;
		} else {
			width = INT_MIN; /* none given */
		}
		if (width != INT_MIN)
			o += (size_t)snprintf(spec + o, sizeof spec - o, "%d", width);
		if (width < 0 && width != INT_MIN) { /* a negative '*' width: left-justified */
			left = 1;
			width = -width;
		}
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				prec = va_arg(args, int);
				fmt++;
			} else {
				for (prec = 0; *fmt >= '0' && *fmt <= '9'; fmt++)
					prec = prec < 100000 ? 10 * prec + (*fmt - '0') : prec;
			}
			if (prec >= 0)
				o += (size_t)snprintf(spec + o, sizeof spec - o, ".%d", prec);
		}
		lengths = fmt;
		while (*fmt && strchr("hlLqjzt", *fmt))
			fmt++;
		conv = *fmt;
		if (!conv || (size_t)(fmt - lengths) > 2 || !strchr("diouxXeEfFgGaAcsp", conv)) {
			/* not a conversion this function knows: the text as it stands */
			strbuf_add(b, start, (size_t)(fmt - start) + (conv != 0));
			fmt += conv != 0;
			continue;
		}
		memcpy(spec + o, lengths, (size_t)(fmt - lengths));
		o += (size_t)(fmt - lengths);
		spec[o++] = conv;
		spec[o] = '\0';
		fmt++;
		if (strchr("eEfFgGaA", conv)) {
			long double x = lengths[0] == 'L' ? va_arg(args, long double) : va_arg(args, double);
			if (isfinite(x))
				lengths[0] == 'L' ? add_piece(b, spec, x) : add_piece(b, spec, (double)x);
			else
				add_piece(b, left ? "%-*s" : "%*s", width > 0 ? width : 0, STRBUF_NOT_FINITE);
		} else if (conv == 's') {
			add_piece(b, spec, va_arg(args, const char *));
		} else if (conv == 'p') {
			add_piece(b, spec, va_arg(args, void *));
		} else if (conv == 'c') {
			add_piece(b, spec, va_arg(args, int));
		} else if (lengths[0] == 'z') {
			add_piece(b, spec, va_arg(args, size_t));
		} else if (lengths[0] == 'j') {
			add_piece(b, spec, va_arg(args, intmax_t));
		} else if (lengths[0] == 't') {
			add_piece(b, spec, va_arg(args, ptrdiff_t));
		} else if (lengths[0] == 'l' && lengths[1] == 'l') {
			add_piece(b, spec, va_arg(args, long long));
		} else if (lengths[0] == 'l') {
			add_piece(b, spec, va_arg(args, long));
		} else {
			add_piece(b, spec, va_arg(args, int)); /* int, and hh/h promoted to int */
		}
	}
	va_end(args);
}

void strbuf_addf(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(b, fmt, ap);
	va_end(ap);
}

void strbuf_reset(struct strbuf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->s)
		b->s[0] = '\0';
}

int strbuf_ok(const struct strbuf *b)
{
	return !b->failed;
}

const char *strbuf_str(const struct strbuf *b)
{
	return b->s ? b->s : "";
}

char *strbuf_take(struct strbuf *b)
{
	char *s = b->failed ? NULL : b->s;

	if (b->failed)
		free(b->s);
	else if (!s)
		s = calloc(1, 1);
	b->s = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
	return s;
}

void strbuf_release(struct strbuf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}
