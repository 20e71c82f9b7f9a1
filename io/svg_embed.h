/* An SVG file (gnuplot's, or any) made safe to place inside an HTML page: the figures of
 * report.html are inline SVG, and the labels they draw come from the data.
 *
 * The SVG is read as XML and written back through an allow-list, so nothing in it can run,
 * fetch or clash with the page:
 *  - the XML declaration, processing instructions, the DOCTYPE and comments are dropped;
 *  - only drawing elements are kept (svg, g, defs, path, rect, circle, ellipse, line, polyline,
 *    polygon, text, tspan, title, desc, use, clipPath, symbol, marker, gradients, pattern, mask,
 *    filters, and image with an embedded PNG or JPEG): any other element (script, style,
 *    foreignObject, a, iframe, animate, set, ...) is dropped with everything inside it;
 *  - only geometry and presentation attributes are kept (no event handlers, no style), a
 *    reference (href, xlink:href) only to an element of the same figure ("#id") or, on image, to
 *    data:image/png or data:image/jpeg, a url(...) in a value (in any case) only to "#id", and
 *    no other value with a ':' (a scheme) or a '\\' (a CSS escape); xmlns attributes are
 *    dropped (the HTML parser puts inline SVG in its namespace) and xlink:href becomes href;
 *  - every id gets `prefix` and a '-' in front, and so does every reference to one, so that two
 *    figures defining the same id (gnuplot's "gpPt1", "gnuplot_canvas") do not take each other's;
 *  - text and attribute values are decoded (&amp;, &#233;, ...) and escaped again for HTML
 *    (io/text.h's text_html: bytes that are not UTF-8 become U+FFFD);
 *  - the title and desc that name the root ("Gnuplot", "Produced by GNUPLOT ...") are dropped:
 *    the page's figure caption names the figure.
 * Written by hand because Debian's XML libraries parse far more (entities, namespaces, DTDs) than
 * this needs; the input is capped at SVG_EMBED_MAX bytes and SVG_EMBED_MAX_DEPTH levels.
 *
 * Returns 0 with the SVG appended to `b` (io/strbuf.h's failure rule for memory), or -1 with `b`
 * as it was when the input is not one well-formed <svg> element (an unclosed or mismatched tag,
 * an attribute without a quoted value, text outside the root, too deep or too large). */
#ifndef SURVEYKIT_IO_SVG_EMBED_H
#define SURVEYKIT_IO_SVG_EMBED_H

#include <stddef.h>

#include "io/strbuf.h"

#define SVG_EMBED_MAX (64u << 20)
#define SVG_EMBED_MAX_DEPTH 256

int svg_embed(struct strbuf *b, const char *svg, size_t len, const char *prefix);

#endif
