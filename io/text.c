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

/* The code point of the valid UTF-8 sequence of `len` bytes at s. */
static unsigned code_point(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;
	unsigned cp = len == 1 ? s[0] : len == 2 ? s[0] & 0x1F : len == 3 ? s[0] & 0x0F : s[0] & 0x07;

	for (size_t i = 1; i < len; i++)
		cp = (cp << 6) | (s[i] & 0x3F);
	return cp;
}

/* Greek letters U+0391..U+03C9 as TeX names ("" where the capital is a Latin letter's twin). */
static const char *const greek[] = {
	"A", "B", "\\Gamma", "\\Delta", "E", "Z", "H", "\\Theta", "I", "K", "\\Lambda", "M", "N", "\\Xi", "O",
	"\\Pi", "P", "", "\\Sigma", "T", "\\Upsilon", "\\Phi", "X", "\\Psi", "\\Omega", "", "", "", "", "", "", "",
	"\\alpha", "\\beta", "\\gamma", "\\delta", "\\epsilon", "\\zeta", "\\eta", "\\theta", "\\iota", "\\kappa",
	"\\lambda", "\\mu", "\\nu", "\\xi", "o", "\\pi", "\\rho", "\\varsigma", "\\sigma", "\\tau", "\\upsilon",
	"\\phi", "\\chi", "\\psi", "\\omega",
};

/* A character pdfTeX's inputenc does not know, as a math or text command; NULL for the others. */
static const char *latex_symbol(unsigned cp, char *buf, size_t size)
{
	if (cp >= 0x391 && cp <= 0x3C9 && greek[cp - 0x391][0]) {
		const char *name = greek[cp - 0x391];
		if (name[0] != '\\')
			return name; /* Alpha, Beta, ...: the Latin letter */
		snprintf(buf, size, "\\ensuremath{%s}", name);
		return buf;
	}
	switch (cp) {
	case 0x2212:
		return "\\ensuremath{-}";
	case 0x2264:
		return "\\ensuremath{\\leq}";
	case 0x2265:
		return "\\ensuremath{\\geq}";
	case 0xB1:
		return "\\ensuremath{\\pm}";
	case 0xD7:
		return "\\ensuremath{\\times}";
	case 0xB2:
		return "\\textsuperscript{2}";
	}
	return NULL;
}

void text_latex(struct strbuf *b, const char *s)
{
	size_t left;

	s = s ? s : "";
	left = strlen(s);
	while (*s) {
		size_t len = text_utf8_length(s, left);
		char c = *s, name[32];
		const char *symbol;
		if (len == 0) {
			strbuf_adds(b, REPLACEMENT);
			len = 1;
		} else if (len > 1 && (symbol = latex_symbol(code_point(s, len), name, sizeof name))) {
			strbuf_adds(b, symbol);
		} else if (is_control(c)) {
			strbuf_addc(b, ' ');
		} else if (strchr("{}$&#_%", c)) {
			strbuf_addc(b, '\\');
			strbuf_addc(b, c);
		} else if (c == '\\') {
			strbuf_adds(b, "\\textbackslash{}");
		} else if (c == '^') {
			strbuf_adds(b, "\\textasciicircum{}");
		} else if (c == '~') {
			strbuf_adds(b, "\\textasciitilde{}");
		} else if (c == '`') {
			strbuf_adds(b, "\\textasciigrave{}");
		} else if (c == '"') {
			strbuf_adds(b, "\\textquotedbl{}");
		} else if (c == '[' || c == ']') {
			strbuf_addc(b, '{');
			strbuf_addc(b, c);
			strbuf_addc(b, '}');
		} else {
			strbuf_add(b, s, len);
			/* TeX's ligatures: -- and --- dashes, '' and ,, quotes, << >> guillemets */
			if (strchr("-',<>", c) && s[1] == c)
				strbuf_adds(b, "{}");
		}
		s += len, left -= len;
	}
}

void text_url_path(struct strbuf *b, const char *s)
{
	for (s = s ? s : ""; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("-._~/", c))
			strbuf_addc(b, (char)c);
		else
			strbuf_addf(b, "%%%02X", c);
	}
}
