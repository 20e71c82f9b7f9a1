#include "io/value_codes.h"

#include <stdio.h>
#include <string.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static char fold(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Advances *i past blanks; returns 1 when any were skipped. */
static int skip_blanks(const char *s, size_t len, size_t *i)
{
	size_t start = *i;

	while (*i < len && is_blank(s[*i]))
		(*i)++;
	return *i > start;
}

int value_label_equal(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	skip_blanks(a, alen, &i);
	skip_blanks(b, blen, &j);
	for (;;) {
		int sa = skip_blanks(a, alen, &i), sb = skip_blanks(b, blen, &j);
		if (i == alen || j == blen)
			return i == alen && j == blen;
		if (sa != sb || fold(a[i]) != fold(b[j]))
			return 0;
		i++, j++;
	}
}

size_t value_code_find(const struct var_meta *m, const char *s, size_t len)
{
	for (size_t k = 0; k < m->n_labels; k++)
		if (value_label_equal(m->labels[k].label, strlen(m->labels[k].label), s, len))
			return k;
	return SIZE_MAX;
}

void value_labels_list(const struct var_meta *m, char *buf, size_t size)
{
	size_t j = 0;

	if (size == 0)
		return;
	for (size_t k = 0; k < m->n_labels && j + 8 < size; k++) {
		const char *l = m->labels[k].label;
		if (k)
			buf[j++] = ',', buf[j++] = ' ';
		buf[j++] = '\'';
		for (; *l && j + 6 < size; l++)
			buf[j++] = (unsigned char)*l < 0x20 ? '?' : *l;
		if (*l) {
			memcpy(buf + j, "...", 3);
			j += 3;
			break;
		}
		buf[j++] = '\'';
	}
	buf[j] = '\0';
}
