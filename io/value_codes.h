/* Text answers read as their codes through a column's value labels: with
 * `1=Strongly disagree;...;7=Strongly agree` in the codebook, a cell "strongly  Agree" reads as 7.
 * Labels match case-insensitively (ASCII letters) and space-insensitively: leading and trailing
 * blanks are ignored and a run of blanks (space, tab, CR, LF) counts as one space. */
#ifndef SURVEYKIT_IO_VALUE_CODES_H
#define SURVEYKIT_IO_VALUE_CODES_H

#include <stddef.h>

#include "io/frame.h"

/* 1 when a[0..alen) and b[0..blen) are the same label under the rule above. */
int value_label_equal(const char *a, size_t alen, const char *b, size_t blen);
/* The index in m->labels of the label matching s[0..len), or SIZE_MAX. */
size_t value_code_find(const struct var_meta *m, const char *s, size_t len);
/* The labels for a message: "'Strongly disagree', 'Disagree', ..." cut to fit `size` bytes
 * (control characters as '?'). */
void value_labels_list(const struct var_meta *m, char *buf, size_t size);

#endif
