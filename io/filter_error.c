/* Messages of the filter language (io/filter.h): positions in characters, quoted names, the
 * one-line form and the caret form. */
#include "io/filter_ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define LINE_TEXT_MAX 80  /* characters of the expression repeated in a one-line message */
#define CARET_CONTEXT 30  /* characters shown on each side of the fault in the caret form */

/* The index after the character at s[i]: a valid UTF-8 sequence (no overlong forms, surrogates
 * or code points above U+10FFFF), or one byte when s[i] does not start one. */
static size_t next_char(const char *text, size_t i)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned char c = s[i], lo = 0x80, hi = 0xBF;
	size_t n;

	if (c < 0x80)
		return i + 1;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
	else
		return i + 1;
	if (s[i + 1] < lo || s[i + 1] > hi)
		return i + 1;
	for (size_t k = 2; k < n; k++)
		if ((s[i + k] & 0xC0) != 0x80)
			return i + 1;
	return i + n;
}

static int is_control(unsigned char c)
{
	return c < 0x20 || c == 0x7F;
}

size_t filter_char_column(const char *text, size_t offset)
{
	size_t col = 1;

	for (size_t i = 0; i < offset && text[i]; i = next_char(text, i))
		col++;
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

/* Copies at most size - 1 bytes of s into dst, not cutting a character. */
static void copy_cut(char *dst, size_t size, const char *s)
{
	size_t n = 0;

	for (size_t next; s[n] && (next = next_char(s, n)) < size; n = next)
		;
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

/* Appends the characters of s within its first `max` bytes, control characters and bytes that
 * are not UTF-8 as \xNN, and "..." when that is not all of s. */
static void add_escaped(struct strbuf *b, const char *s, size_t max)
{
	size_t i = 0, next;

	for (; s[i] && (next = next_char(s, i)) <= max; i = next) {
		unsigned char c = (unsigned char)s[i];
		if (is_control(c) || (c >= 0x80 && next == i + 1))
			strbuf_addf(b, "\\x%02X", c);
		else
			strbuf_add(b, s + i, next - i);
	}
	if (s[i])
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
	size_t bytes = 0;

	for (size_t chars = 0; text[bytes] && chars < LINE_TEXT_MAX; chars++)
		bytes = next_char(text, bytes);
	strbuf_addf(out, "%s ", option);
	filter_quote(out, text, bytes);
	strbuf_addf(out, ": %s", err->message);
}

void filter_error_caret(struct strbuf *out, const char *text, const struct filter_error *err)
{
	size_t before = err->column ? err->column - 1 : 0, skip = before > CARET_CONTEXT ? before - CARET_CONTEXT : 0;
	size_t i = 0, shown = 0;

	if (!err->column)
		return;
	for (size_t k = 0; k < skip && text[i]; k++)
		i = next_char(text, i);
	strbuf_adds(out, skip ? "  ..." : "  ");
	for (size_t k = skip; text[i] && k < before + CARET_CONTEXT; k++) {
		size_t next = next_char(text, i);
		unsigned char c = (unsigned char)text[i];
		if (is_control(c))
			strbuf_addc(out, ' ');
		else if (c >= 0x80 && next == i + 1)
			strbuf_addc(out, '?');
		else
			strbuf_add(out, text + i, next - i);
		i = next;
		shown += k < before;
	}
	if (text[i])
		strbuf_adds(out, "...");
	strbuf_adds(out, "\n  ");
	for (size_t k = 0; k < shown + (skip ? 3 : 0); k++)
		strbuf_addc(out, ' ');
	strbuf_adds(out, "^\n");
}
