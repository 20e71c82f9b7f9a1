#include "io/text.h"

#include <string.h>
#include <strings.h>

#define REPLACEMENT "\xEF\xBF\xBD" /* U+FFFD */

size_t text_utf8_length(const char *text, size_t left)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t len;
	unsigned cp;

	if (left == 0)
		return 0;
	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0)
		len = 2, cp = s[0] & 0x1F;
	else if ((s[0] & 0xF0) == 0xE0)
		len = 3, cp = s[0] & 0x0F;
	else if ((s[0] & 0xF8) == 0xF0)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (left < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3F);
	}
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

/* Where escaped text goes: a growing buffer or a stream. */
struct sink {
	struct strbuf *b;
	FILE *f;
};

static void put(struct sink *o, const char *s, size_t n)
{
	if (o->b)
		strbuf_add(o->b, s, n);
	else
		fwrite(s, 1, n, o->f);
}

static void puts_(struct sink *o, const char *s)
{
	put(o, s, strlen(s));
}

static int is_control(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7F;
}

/* Whether s starts with a list item marker: "-", "+" or "*", or up to nine digits and "." or ")",
 * followed by white space or the end. Returns the marker's length, 0 when none. */
static size_t list_marker(const char *s)
{
	size_t n = 0;

	if (*s == '-' || *s == '+' || *s == '*')
		n = 1;
	else {
		while (n < 9 && s[n] >= '0' && s[n] <= '9')
			n++;
		if (n == 0 || (s[n] != '.' && s[n] != ')'))
			return 0;
		n++;
	}
	return s[n] == '\0' || s[n] == ' ' || is_control(s[n]) ? n : 0;
}

/* Whether the character at s would let GitHub make a link of plain text: the ':' of "://" or the
 * '.' of "www." (e-mail addresses are broken by escaping every '@'). */
static int autolink(const char *start, const char *s)
{
	if (*s == ':')
		return s[1] == '/' && s[2] == '/';
	return *s == '.' && s - start >= 3 && strncasecmp(s - 3, "www", 3) == 0;
}

static void markdown(struct sink *o, const char *s)
{
	const char *mark, *start;
	size_t left;

	s = s ? s : "";
	while (*s && (*s == ' ' || is_control(*s)))
		s++;
	start = s;
	left = strlen(s);
	/* the character that makes a list marker ('-', '+', or the '.' of "1.") gets a backslash */
	mark = list_marker(s) ? s + list_marker(s) - 1 : NULL;
	while (*s) {
		size_t len = text_utf8_length(s, left);
		char c = *s;
		if (len == 0) {
			puts_(o, REPLACEMENT);
			len = 1;
		} else if (is_control(c)) {
			puts_(o, " ");
		} else if (c == '<') {
			puts_(o, "&lt;");
		} else if (c == '>') {
			puts_(o, "&gt;");
		} else if (c == '&') {
			puts_(o, "&amp;");
		} else if ((len == 1 && strchr("\\`*_[]|#~$@", c)) || s == mark || autolink(start, s)) {
			puts_(o, "\\");
			put(o, s, 1);
		} else {
			put(o, s, len);
		}
		s += len, left -= len;
	}
}

static void markdown_code(struct sink *o, const char *s)
{
	size_t run = 0, longest = 0, left;
	int pad;

	s = s ? s : "";
	for (const char *p = s; *p; p++) {
		run = *p == '`' ? run + 1 : 0;
		longest = run > longest ? run : longest;
	}
	left = strlen(s);
	/* a space on each side keeps a backtick at either end apart from the fence; CommonMark strips
	 * one such space from each side (so a leading space is padded too) */
	pad = left && (s[0] == '`' || s[left - 1] == '`' || s[0] == ' ');
	for (size_t i = 0; i <= longest; i++)
		puts_(o, "`");
	if (pad)
		puts_(o, " ");
	while (*s) {
		size_t len = text_utf8_length(s, left);
		if (len == 0) {
			puts_(o, REPLACEMENT);
			len = 1;
		} else if (is_control(*s)) {
			puts_(o, " ");
		} else {
			put(o, s, len);
		}
		s += len, left -= len;
	}
	if (pad)
		puts_(o, " ");
	for (size_t i = 0; i <= longest; i++)
		puts_(o, "`");
}

static void html(struct sink *o, const char *s)
{
	size_t left;

	s = s ? s : "";
	left = strlen(s);
	while (*s) {
		size_t len = text_utf8_length(s, left);
		char c = *s;
		if (len == 0) {
			puts_(o, REPLACEMENT);
			len = 1;
		} else if (c == '&') {
			puts_(o, "&amp;");
		} else if (c == '<') {
			puts_(o, "&lt;");
		} else if (c == '>') {
			puts_(o, "&gt;");
		} else if (c == '"') {
			puts_(o, "&quot;");
		} else if (c == '\'') {
			puts_(o, "&#39;");
		} else if (is_control(c) && c != '\t' && c != '\n') {
			puts_(o, " ");
		} else {
			put(o, s, len);
		}
		s += len, left -= len;
	}
}

void text_markdown(struct strbuf *b, const char *s)
{
	markdown(&(struct sink){.b = b}, s);
}

void text_markdown_write(FILE *f, const char *s)
{
	markdown(&(struct sink){.f = f}, s);
}

void text_markdown_code(struct strbuf *b, const char *s)
{
	markdown_code(&(struct sink){.b = b}, s);
}

void text_markdown_code_write(FILE *f, const char *s)
{
	markdown_code(&(struct sink){.f = f}, s);
}

void text_html(struct strbuf *b, const char *s)
{
	html(&(struct sink){.b = b}, s);
}

void text_html_write(FILE *f, const char *s)
{
	html(&(struct sink){.f = f}, s);
}

void text_shell_word(struct strbuf *b, const char *s)
{
	size_t plain = strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@%_+=:,./-");

	if (*s && !s[plain]) {
		strbuf_adds(b, s);
		return;
	}
	strbuf_addc(b, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			strbuf_adds(b, "'\\''");
		else
			strbuf_addc(b, *s);
	}
	strbuf_addc(b, '\'');
}
