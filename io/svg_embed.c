#include "io/svg_embed.h"

#include <string.h>
#include <strings.h>

#include "io/text.h"

/* Elements kept; every other one is dropped with its content. */
static const char *const elements[] = {
	"svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline",
	"polygon", "text", "tspan", "use", "clipPath", "symbol", "marker", "linearGradient",
	"radialGradient", "stop", "pattern", "mask", "filter", "feFlood", "feComposite", "feOffset",
	"feGaussianBlur", "feBlend", "feMerge", "feMergeNode", "feColorMatrix", "image",
};

/* Attributes kept (values checked for references); others are dropped. */
static const char *const attributes[] = {
	"id", "class", "x", "y", "x1", "y1", "x2", "y2", "cx", "cy", "r", "rx", "ry", "fx", "fy", "width",
	"height", "d", "points", "transform", "viewBox", "preserveAspectRatio", "fill", "fill-opacity",
	"fill-rule", "stroke", "stroke-width", "stroke-opacity", "stroke-dasharray", "stroke-dashoffset",
	"stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "opacity", "color", "font-family",
	"font-size", "font-weight", "font-style", "text-anchor", "dominant-baseline",
	"alignment-baseline", "baseline-shift", "letter-spacing", "word-spacing", "text-decoration",
	"shape-rendering", "text-rendering", "image-rendering", "clip-path", "clip-rule",
	"clipPathUnits", "mask", "maskUnits", "maskContentUnits", "filter", "filterUnits",
	"primitiveUnits", "flood-color", "flood-opacity", "in", "in2", "result", "operator", "mode",
	"type", "values", "stdDeviation", "dx", "dy", "rotate", "textLength", "lengthAdjust", "offset",
	"stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod",
	"patternUnits", "patternTransform", "patternContentUnits", "markerWidth", "markerHeight",
	"refX", "refY", "orient", "markerUnits", "marker-start", "marker-mid", "marker-end",
	"visibility", "display", "vector-effect", "paint-order", "xml:space", "version", "href",
	"xlink:href",
};

struct reader {
	const char *s, *end;
	struct strbuf *out;
	const char *prefix;
};

static int listed(const char *const *list, size_t n, const char *name, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == len && memcmp(list[i], name, len) == 0)
			return 1;
	return 0;
}

static int name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == ':' || c == '.';
}

static int space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Moves past the first occurrence of `mark`; 0 when there is none. */
static int skip_past(struct reader *r, const char *mark)
{
	size_t n = strlen(mark);

	for (const char *p = r->s; p + n <= r->end; p++)
		if (memcmp(p, mark, n) == 0) {
			r->s = p + n;
			return 1;
		}
	return 0;
}

static void put_utf8(struct strbuf *b, unsigned cp)
{
	if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		strbuf_addc(b, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addc(b, (char)(0xC0 | (cp >> 6)));
		strbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else if (cp < 0x10000) {
		strbuf_addc(b, (char)(0xE0 | (cp >> 12)));
		strbuf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	} else {
		strbuf_addc(b, (char)(0xF0 | (cp >> 18)));
		strbuf_addc(b, (char)(0x80 | ((cp >> 12) & 0x3F)));
		strbuf_addc(b, (char)(0x80 | ((cp >> 6) & 0x3F)));
		strbuf_addc(b, (char)(0x80 | (cp & 0x3F)));
	}
}

/* XML's five entities and character references decoded into `b`; any other '&' is kept as text. */
static void decode(struct strbuf *b, const char *s, size_t n)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"lt;", '<'}, {"gt;", '>'}, {"amp;", '&'}, {"quot;", '"'}, {"apos;", '\''}};

	for (size_t i = 0; i < n; i++) {
		int done = 0;
		if (s[i] != '&') {
			strbuf_addc(b, s[i] ? s[i] : ' ');
			continue;
		}
		for (size_t k = 0; k < sizeof named / sizeof named[0] && !done; k++) {
			size_t len = strlen(named[k].name);
			if (i + 1 + len <= n && memcmp(s + i + 1, named[k].name, len) == 0) {
				strbuf_addc(b, named[k].c);
				i += len;
				done = 1;
			}
		}
		if (!done && i + 2 < n && s[i + 1] == '#') {
			int hex = s[i + 2] == 'x';
			size_t j = i + 2 + (size_t)hex, digits = 0;
			unsigned long cp = 0;
			for (; j < n && digits < 8; j++, digits++) {
				char c = s[j];
				int v = c >= '0' && c <= '9' ? c - '0'
					: hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
					: hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
				if (v < 0)
					break;
				cp = cp * (hex ? 16 : 10) + (unsigned long)v;
			}
			if (digits > 0 && j < n && s[j] == ';') {
				put_utf8(b, cp > 0x10FFFF ? 0xFFFD : (unsigned)cp);
				i = j;
				done = 1;
			}
		}
		if (!done)
			strbuf_addc(b, '&');
	}
}

/* A value other than an id or href is safe to keep when every url( in it (CSS reads the name in
 * any case) points into the figure, url(#...), and it holds no ':' and no '\\': presentation
 * values (colours, lengths, transforms, font names) need neither, while a scheme ("javascript:",
 * "http:") needs the one and a CSS escape (\\75 rl for url) the other. */
static const char *find_url(const char *v)
{
	for (; *v; v++)
		if (strncasecmp(v, "url(", 4) == 0)
			return v;
	return NULL;
}

static int safe_value(const char *v)
{
	if (strpbrk(v, ":\\"))
		return 0;
	for (const char *p = find_url(v); p; p = find_url(p + 4)) {
		const char *q = p + 4;
		while (space(*q) || *q == '\'' || *q == '"')
			q++;
		if (*q != '#')
			return 0;
	}
	return 1;
}

enum value_kind { VALUE_ID, VALUE_HREF, VALUE_OTHER };

/* The value with the prefix put before each id it names: id "a" -> "P-a", href "#a" -> "#P-a",
 * "url(#a)" -> "url(#P-a)" in any other value. */
static void put_value(struct reader *r, const char *v, enum value_kind kind)
{
	struct strbuf out = STRBUF_INIT;

	if (kind == VALUE_ID)
		strbuf_addf(&out, "%s-", r->prefix);
	if (kind == VALUE_HREF && v[0] == '#') {
		strbuf_addf(&out, "#%s-", r->prefix);
		v++;
	}
	while (*v) {
		if (kind == VALUE_OTHER && strncasecmp(v, "url(", 4) == 0) {
			strbuf_add(&out, v, 4);
			v += 4;
			while (space(*v) || *v == '\'' || *v == '"')
				strbuf_addc(&out, *v++);
			if (*v == '#') {
				strbuf_addf(&out, "#%s-", r->prefix);
				v++;
			}
			continue;
		}
		strbuf_addc(&out, *v++);
	}
	if (!strbuf_ok(&out))
		r->out->failed = 1;
	text_html(r->out, strbuf_str(&out));
	strbuf_release(&out);
}

/* Reads the attributes of a start tag up to its '>' or "/>"; writes the allowed ones when
 * `keep`. Returns 1 for "/>", 0 for '>', -1 when malformed. */
static int attributes_of(struct reader *r, const char *element, size_t element_len, int keep)
{
	for (;;) {
		const char *name, *value;
		size_t name_len, value_len;
		char quote;
		while (r->s < r->end && space(*r->s))
			r->s++;
		if (r->s >= r->end)
			return -1;
		if (*r->s == '>') {
			r->s++;
			return 0;
		}
		if (*r->s == '/' && r->s + 1 < r->end && r->s[1] == '>') {
			r->s += 2;
			return 1;
		}
		name = r->s;
		while (r->s < r->end && name_char(*r->s))
			r->s++;
		name_len = (size_t)(r->s - name);
		while (r->s < r->end && space(*r->s))
			r->s++;
		if (name_len == 0 || r->s + 1 >= r->end || *r->s != '=')
			return -1;
		r->s++;
		while (r->s < r->end && space(*r->s))
			r->s++;
		if (r->s >= r->end || (*r->s != '"' && *r->s != '\''))
			return -1;
		quote = *r->s++;
		value = r->s;
		while (r->s < r->end && *r->s != quote)
			r->s++;
		if (r->s >= r->end)
			return -1;
		value_len = (size_t)(r->s - value);
		r->s++;
		if (keep && listed(attributes, sizeof attributes / sizeof attributes[0], name, name_len)) {
			struct strbuf v = STRBUF_INIT;
			int href = (name_len == 4 && memcmp(name, "href", 4) == 0) ||
				   (name_len == 10 && memcmp(name, "xlink:href", 10) == 0);
			int is_id = name_len == 2 && memcmp(name, "id", 2) == 0;
			int ok;
			decode(&v, value, value_len);
			ok = strbuf_ok(&v) && (href || safe_value(strbuf_str(&v)));
			if (href)
				ok = ok && (strbuf_str(&v)[0] == '#' ||
					    (element_len == 5 && memcmp(element, "image", 5) == 0 &&
					     (strncmp(strbuf_str(&v), "data:image/png;base64,", 22) == 0 ||
					      strncmp(strbuf_str(&v), "data:image/jpeg;base64,", 23) == 0)));
			if (!strbuf_ok(&v))
				r->out->failed = 1;
			if (ok) {
				strbuf_addc(r->out, ' ');
				if (href)
					strbuf_adds(r->out, "href");
				else
					strbuf_add(r->out, name, name_len);
				strbuf_adds(r->out, "=\"");
				put_value(r, strbuf_str(&v), is_id ? VALUE_ID : href ? VALUE_HREF : VALUE_OTHER);
				strbuf_addc(r->out, '"');
			}
			strbuf_release(&v);
		}
	}
}

/* Text between tags, decoded and escaped again (when kept). */
static void text(struct reader *r, const char *s, size_t n, int keep)
{
	struct strbuf v = STRBUF_INIT;

	if (!keep)
		return;
	decode(&v, s, n);
	if (!strbuf_ok(&v))
		r->out->failed = 1;
	text_html(r->out, strbuf_str(&v));
	strbuf_release(&v);
}

int svg_embed(struct strbuf *b, const char *svg, size_t len, const char *prefix)
{
	struct reader r = {svg, svg + len, b, prefix};
	struct {
		const char *name;
		size_t len;
		int keep;
	} stack[SVG_EMBED_MAX_DEPTH];
	size_t depth = 0, old = b->len;
	int roots = 0;

	if (len > SVG_EMBED_MAX)
		goto malformed;
	while (r.s < r.end) {
		const char *start = r.s;
		int keep = depth == 0 || stack[depth - 1].keep;
		if (*r.s != '<') {
			while (r.s < r.end && *r.s != '<')
				r.s++;
			if (depth > 0)
				text(&r, start, (size_t)(r.s - start), keep);
			else
				for (const char *p = start; p < r.s; p++)
					if (!space(*p))
						goto malformed;
			continue;
		}
		if (r.end - r.s >= 4 && memcmp(r.s, "<!--", 4) == 0) {
			r.s += 4;
			if (!skip_past(&r, "-->"))
				goto malformed;
		} else if (r.end - r.s >= 9 && memcmp(r.s, "<![CDATA[", 9) == 0) {
			const char *body = r.s + 9;
			r.s = body;
			if (depth == 0 || !skip_past(&r, "]]>"))
				goto malformed;
			if (keep) {
				struct strbuf v = STRBUF_INIT;
				strbuf_add(&v, body, (size_t)(r.s - 3 - body));
				text_html(b, strbuf_str(&v));
				if (!strbuf_ok(&v))
					b->failed = 1;
				strbuf_release(&v);
			}
		} else if (r.end - r.s >= 2 && (r.s[1] == '?' || r.s[1] == '!')) {
			/* the XML declaration, a processing instruction, the DOCTYPE (with its internal subset) */
			const char *gt = memchr(r.s, '>', (size_t)(r.end - r.s));
			const char *bracket = memchr(r.s, '[', (size_t)(r.end - r.s));
			const char *until = r.s[1] == '?' ? "?>" : bracket && (!gt || bracket < gt) ? "]>" : ">";
			if (depth > 0 || !skip_past(&r, until))
				goto malformed;
		} else if (r.end - r.s >= 2 && r.s[1] == '/') {
			const char *name = r.s + 2;
			r.s = name;
			while (r.s < r.end && name_char(*r.s))
				r.s++;
			if (depth == 0 || (size_t)(r.s - name) != stack[depth - 1].len ||
			    memcmp(name, stack[depth - 1].name, stack[depth - 1].len) != 0)
				goto malformed;
			while (r.s < r.end && space(*r.s))
				r.s++;
			if (r.s >= r.end || *r.s != '>')
				goto malformed;
			r.s++;
			depth--;
			if (stack[depth].keep) {
				strbuf_adds(b, "</");
				strbuf_add(b, name, stack[depth].len);
				strbuf_addc(b, '>');
			}
		} else {
			const char *name = r.s + 1;
			size_t name_len;
			int closed, kept;
			r.s = name;
			while (r.s < r.end && name_char(*r.s))
				r.s++;
			name_len = (size_t)(r.s - name);
			if (name_len == 0 || depth == SVG_EMBED_MAX_DEPTH)
				goto malformed;
			if (depth == 0 && (roots++ > 0 || name_len != 3 || memcmp(name, "svg", 3) != 0))
				goto malformed;
			kept = keep && listed(elements, sizeof elements / sizeof elements[0], name, name_len) &&
			       !(depth == 1 && ((name_len == 5 && memcmp(name, "title", 5) == 0) ||
						(name_len == 4 && memcmp(name, "desc", 4) == 0)));
			if (kept) {
				strbuf_addc(b, '<');
				strbuf_add(b, name, name_len);
			}
			closed = attributes_of(&r, name, name_len, kept);
			if (closed < 0)
				goto malformed;
			if (kept)
				strbuf_adds(b, closed ? "/>" : ">");
			if (!closed) {
				stack[depth].name = name;
				stack[depth].len = name_len;
				stack[depth].keep = kept;
				depth++;
			}
		}
	}
	if (depth == 0 && roots == 1)
		return 0;
malformed:
	if (!b->failed && b->s) {
		b->len = old;
		b->s[old] = '\0';
	}
	return -1;
}
