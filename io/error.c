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

/* The message into msg (cut to its size); a NaN or infinite number reads "n/a" (io/strbuf.h). */
static void format_into(char *msg, size_t size, const char *fmt, va_list ap)
{
	struct strbuf b = STRBUF_INIT;

	strbuf_vaddf(&b, fmt, ap);
	snprintf(msg, size, "%s", strbuf_ok(&b) ? strbuf_str(&b) : "out of memory");
	strbuf_release(&b);
}

int sk_fail(struct sk_error *err, enum sk_exit code, const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	va_start(ap, fmt);
	format_into(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	one_line(err->msg);
	return code;
}

int sk_out_of_memory(struct sk_error *err)
{
	return sk_fail(err, SK_EXIT_ANALYSIS, "out of memory");
}

void sk_error_prefix(struct sk_error *err, const char *fmt, ...)
{
	char prefix[512];
	size_t plen, mlen = strlen(err->msg);
	va_list ap;

	va_start(ap, fmt);
	format_into(prefix, sizeof prefix, fmt, ap);
	va_end(ap);
	plen = strlen(prefix);
	if (plen + mlen >= sizeof err->msg)
		mlen = sizeof err->msg - 1 - plen; /* the end of an over-long message is cut */
	memmove(err->msg + plen, err->msg, mlen);
	memcpy(err->msg, prefix, plen);
	err->msg[plen + mlen] = '\0';
	one_line(err->msg);
}
