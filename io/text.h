/* Text from the input (names, labels, values: anything a data file, a codebook or a .sav holds)
 * made inert in the outputs that would otherwise read it as markup: Markdown (report.md,
 * --format markdown) and HTML. Every writer of such output passes every text through these; the
 * quoting of gnuplot scripts is io/gnuplot.c's own, as they are written nowhere else.
 *
 * Common to all: bytes that are not UTF-8 become U+FFFD. The strbuf forms append to `b` (see
 * io/strbuf.h for its failure rule); the FILE forms write the same bytes to `f`. */
#ifndef SURVEYKIT_IO_TEXT_H
#define SURVEYKIT_IO_TEXT_H

#include <stddef.h>
#include <stdio.h>

#include "io/strbuf.h"

/* Length of the valid UTF-8 sequence at s (1..4 bytes, of at most `left`), or 0 when the bytes
 * there are not one (a stray byte, an overlong form, a surrogate, beyond U+10FFFF). */
size_t text_utf8_length(const char *s, size_t left);

/* Text shown as written in Markdown (CommonMark and GitHub's tables), inline: in a paragraph, a
 * heading, a list item, a table cell or a link's text. A backslash goes before \ ` * _ [ ] | # ~
 * $ @ (code, emphasis, links and images, table cells, headings, strikethrough, maths, e-mail
 * links) and before the ':' of "://" and the '.' of "www." (GitHub's links from plain text);
 * < > & become entities (no raw HTML); a leading list marker ("- ", "+ ", "1. ", "1) ") is
 * escaped; line breaks and other control characters become spaces, leading white space is dropped
 * (so nothing starts a block of its own). */
void text_markdown(struct strbuf *b, const char *s);
void text_markdown_write(FILE *f, const char *s);

/* Text as a Markdown code span (`...`), shown exactly in a fixed-width font: the fence is one
 * backtick longer than the longest run inside; line breaks and control characters become spaces. */
void text_markdown_code(struct strbuf *b, const char *s);
void text_markdown_code_write(FILE *f, const char *s);

/* Text in HTML, in an element or a quoted attribute value: & < > " ' become entities; control
 * characters other than tab and line feed become spaces. */
void text_html(struct strbuf *b, const char *s);
void text_html_write(FILE *f, const char *s);

/* A word of a command line shown to the reader (a report lists the command behind each section),
 * quoted for a POSIX shell so that pasting it runs the command as shown and nothing else: a word
 * of only letters, digits and @%_+=:,./- is appended as it is, any other in single quotes, a
 * single quote written as '\''. The empty word is ''. Nothing here runs a shell. */
void text_shell_word(struct strbuf *b, const char *s);

#endif
