#include "io/error.h"

#include <stdio.h>
#include <string.h>

#include "io/strbuf.h"

/* A message is one line: control characters from the input (a column name holding a line
 * break, a NUL, an escape sequence) are shown as '?'. */
static void one_line(char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			*s = '?';
}

/* A message longer than the buffer (one naming a path of 100,000 bytes) keeps its beginning and
 * its end, where the reason is, joined by "...", cut at UTF-8 character boundaries. */
static void fit(char *dst, size_t size, const char *s, size_t len)
{
	size_t head, tail;

	if (len < size) {
		memcpy(dst, s, len + 1);
		return;
	}
	head = (size - 4) / 2;
	tail = size - 4 - head;
	while (head > 0 && ((unsigned char)s[head] & 0xC0) == 0x80)
		head--;
	while (tail > 0 && ((unsigned char)s[len - tail] & 0xC0) == 0x80)
		tail--;
	memcpy(dst, s, head);
	memcpy(dst + head, "...", 3);
	memcpy(dst + head + 3, s + len - tail, tail);
	dst[head + 3 + tail] = '\0';
}

int sk_fail(struct sk_error *err, enum sk_exit code, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;

	err->code = code;
	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	if (strbuf_ok(&b)) {
		fit(err->msg, sizeof err->msg, strbuf_str(&b), b.len);
	} else {
		va_start(ap, fmt);
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		va_end(ap);
	}
	strbuf_release(&b);
	one_line(err->msg);
	return code;
}

int sk_out_of_memory(struct sk_error *err)
{
	return sk_fail(err, SK_EXIT_ANALYSIS, "out of memory");
}

void sk_error_prefix(struct sk_error *err, const char *fmt, ...)
{
	struct strbuf b = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&b, fmt, ap);
	va_end(ap);
	strbuf_adds(&b, err->msg);
	if (strbuf_ok(&b))
		fit(err->msg, sizeof err->msg, strbuf_str(&b), b.len);
	strbuf_release(&b);
	one_line(err->msg);
}
