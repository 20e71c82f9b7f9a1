/* Messages of the filter language (io/filter.h): positions in characters, quoted names, the
 * one-line form and the caret form. */
#include "io/filter_ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LINE_TEXT_MAX 80  /* characters of the expression repeated in a one-line message */
#define CARET_CONTEXT 30  /* characters shown on each side of the fault in the caret form */

static int is_continuation(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

size_t filter_char_column(const char *text, size_t offset)
{
	size_t col = 1;

	for (size_t i = 0; i < offset && text[i]; i++)
		col += !is_continuation((unsigned char)text[i]);
	return col;
}

static enum sk_exit problem_code(enum filter_problem p)
{
	switch (p) {
	case FILTER_OK:
		return SK_EXIT_OK;
	case FILTER_SYNTAX:
	case FILTER_TOO_LONG:
	case FILTER_TOO_DEEP:
	case FILTER_FUNCTION:
		return SK_EXIT_USAGE;
	case FILTER_UNKNOWN:
	case FILTER_TYPE:
		return SK_EXIT_INPUT;
	case FILTER_NO_DATA:
	case FILTER_MEMORY:
		break;
	}
	return SK_EXIT_ANALYSIS;
}

/* Copies at most size - 1 bytes of s into dst, not cutting a UTF-8 character. */
static void copy_cut(char *dst, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && is_continuation((unsigned char)s[n]))
			n--;
	}
	memcpy(dst, s, n);
	dst[n] = '\0';
}

int filter_fail(struct filter_error *err, enum filter_problem problem, const char *text, size_t offset,
		const char *head, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;

	err->problem = problem;
	err->code = problem_code(problem);
	err->offset = offset == SIZE_MAX ? 0 : offset;
	err->column = offset == SIZE_MAX ? 0 : filter_char_column(text, offset);
	strbuf_adds(&b, head);
	if (err->column)
		strbuf_addf(&b, " at character %zu", err->column);
	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	copy_cut(err->message, sizeof err->message, strbuf_ok(&b) ? strbuf_str(&b) : head);
	strbuf_release(&b);
	return err->code;
}

/* Appends s[0..n) with control bytes escaped, at most `max` bytes of it (cut at a character). */
static void add_escaped(struct strbuf *b, const char *s, size_t max)
{
	size_t n = strlen(s), cut = n;

	if (n > max) {
		cut = max;
		while (cut > 0 && is_continuation((unsigned char)s[cut]))
			cut--;
	}
	for (size_t i = 0; i < cut; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c < 0x20 || c == 0x7F)
			strbuf_addf(b, "\\x%02X", c);
		else
			strbuf_addc(b, (char)c);
	}
	if (cut < n)
		strbuf_adds(b, "...");
}

void filter_quote(struct strbuf *b, const char *s, size_t max)
{
	strbuf_addc(b, '\'');
	add_escaped(b, s, max);
	strbuf_addc(b, '\'');
}

void filter_error_line(struct strbuf *out, const char *option, const char *text, const struct filter_error *err)
{
	size_t bytes = 0, chars = 0;

	/* LINE_TEXT_MAX characters are at most 4 bytes each */
	while (text[bytes] && chars < LINE_TEXT_MAX) {
		bytes++;
		while (is_continuation((unsigned char)text[bytes]))
			bytes++;
		chars++;
	}
	strbuf_addf(out, "%s ", option);
	filter_quote(out, text, bytes);
	strbuf_addf(out, ": %s", err->message);
}

void filter_error_caret(struct strbuf *out, const char *text, const struct filter_error *err)
{
	size_t len = strlen(text), at = err->offset > len ? len : err->offset, from = at, to = at, before = 0;

	if (!err->column)
		return;
	/* back CARET_CONTEXT characters and forward as many */
	for (size_t k = 0; k < CARET_CONTEXT && from > 0; k++) {
		from--;
		while (from > 0 && is_continuation((unsigned char)text[from]))
			from--;
	}
	for (size_t k = 0; k < CARET_CONTEXT && to < len; k++) {
		to++;
		while (to < len && is_continuation((unsigned char)text[to]))
			to++;
	}
	strbuf_adds(out, "  ");
	if (from > 0) {
		strbuf_adds(out, "...");
		before += 3;
	}
	for (size_t i = from; i < to; i++) {
		unsigned char c = (unsigned char)text[i];
		strbuf_addc(out, c < 0x20 || c == 0x7F ? ' ' : (char)c);
		before += i < at && !is_continuation(c);
	}
	if (to < len)
		strbuf_adds(out, "...");
	strbuf_adds(out, "\n  ");
	for (size_t i = 0; i < before; i++)
		strbuf_addc(out, ' ');
	strbuf_adds(out, "^\n");
}
