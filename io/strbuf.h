/* Strings built piece by piece in a buffer that grows as needed, so no length computed from the
 * input (a path, a label, a list of names) can run past the end of a fixed array.
 *
 * Ownership: a strbuf owns its `s`; strbuf_release frees it, strbuf_take hands it to the caller.
 * After an allocation failure the buffer keeps what it held, `failed` is set and every later
 * append is ignored, so a caller checks once at the end (strbuf_ok) instead of after each call. */
#ifndef SURVEYKIT_IO_STRBUF_H
#define SURVEYKIT_IO_STRBUF_H

#include <stdarg.h>
#include <stddef.h>

struct strbuf {
	char *s;    /* NUL-terminated once anything was appended; NULL before */
	size_t len; /* bytes before the NUL */
	size_t cap;
	int failed; /* an allocation failed: the contents are incomplete */
};

#define STRBUF_INIT {NULL, 0, 0, 0}

void strbuf_add(struct strbuf *b, const char *s, size_t n);
void strbuf_adds(struct strbuf *b, const char *s);
void strbuf_addc(struct strbuf *b, char c);
/* What a NaN or infinite floating-point argument of strbuf_addf is written as: no text a person
 * reads (notes, warnings, findings, error messages) says "nan" or "inf". */
#define STRBUF_NOT_FINITE "n/a"
/* printf-style, except for non-finite floating-point arguments (above). */
void strbuf_addf(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void strbuf_vaddf(struct strbuf *b, const char *fmt, va_list ap);
/* Empties the buffer, keeping its memory. */
void strbuf_reset(struct strbuf *b);
/* 1 when every append succeeded. */
int strbuf_ok(const struct strbuf *b);
/* The contents ("" when empty); valid until the next append. */
const char *strbuf_str(const struct strbuf *b);
/* Hands the string to the caller (free() it), or NULL after a failed append; the buffer is reset. */
char *strbuf_take(struct strbuf *b);
void strbuf_release(struct strbuf *b);

#endif
