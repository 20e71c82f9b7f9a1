/* Text from the input (names, labels, values: anything a data file, a codebook or a .sav holds)
 * made inert in the outputs that would otherwise read it as markup or commands. gnuplot quoting
 * is io/gnuplot.c's own (its scripts are written nowhere else). */
#ifndef SURVEYKIT_IO_TEXT_H
#define SURVEYKIT_IO_TEXT_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s (1..4 bytes, of at most `left`), or 0 when the bytes
 * there are not one (a stray byte, an overlong form, a surrogate, beyond U+10FFFF). */
size_t text_utf8_length(const char *s, size_t left);

#endif
