/* Quote-free CSV lines split as libcsv splits them (see io/csv_fast.h). */
#include "io/csv_fast.h"

#include <string.h>

enum { BYTE_OTHER, BYTE_BLANK, BYTE_DELIMITER, BYTE_LF, BYTE_CR, BYTE_QUOTE };

int csv_fast_init(struct csv_fast *fs, unsigned char delimiter, size_t max_len)
{
	unsigned char *k = fs->byte_class;

	if (delimiter == '"' || delimiter == '\n' || delimiter == '\r')
		return -1;
	memset(k, BYTE_OTHER, sizeof fs->byte_class);
	k[' '] = k['\t'] = BYTE_BLANK;
	k[delimiter] = BYTE_DELIMITER; /* a tab (or space) delimiter is no blank */
	k['\n'] = BYTE_LF;
	k['\r'] = BYTE_CR;
	k['"'] = BYTE_QUOTE;
	fs->max_len = max_len;
	return 0;
}

enum csv_fast_line csv_fast_line(const struct csv_fast *fs, const char *line, struct csv_cell *cells,
				 size_t max_cells, size_t *n, const char **next)
{
	const unsigned char *k = fs->byte_class, *s = (const unsigned char *)line, *start, *last;
	size_t fields = 0;
	unsigned c;

	for (;;) {
		c = k[*s];
		if (c == BYTE_OTHER && k[s[1]] == BYTE_DELIMITER) {
			/* one byte and a delimiter: most cells of a survey */
			if (fields == max_cells)
				return CSV_FAST_STOP;
			cells[fields].s = (const char *)s;
			cells[fields++].len = 1;
			s += 2;
			continue;
		}
		while (c == BYTE_BLANK)
			c = k[*++s];
		start = s;
		while (c == BYTE_OTHER)
			c = k[*++s];
		last = s; /* just past the field's last byte that is not a blank */
		while (c == BYTE_BLANK) {
			do
				c = k[*++s];
			while (c == BYTE_BLANK);
			if (c != BYTE_OTHER)
				break;
			do
				c = k[*++s];
			while (c == BYTE_OTHER);
			last = s;
		}
		if (fields == max_cells)
			return CSV_FAST_STOP;
		cells[fields].s = (const char *)start;
		cells[fields++].len = (size_t)(last - start);
		if (c != BYTE_DELIMITER)
			break;
		s++;
	}
	if (c == BYTE_QUOTE)
		return CSV_FAST_STOP;
	if (c == BYTE_CR) {
		/* libcsv ends the record at a lone CR and goes on in the same line: not here */
		if (s[1] != '\n')
			return CSV_FAST_STOP;
		s++;
	}
	*next = (const char *)s + 1;
	if (fields == 1 && cells[0].len == 0)
		return CSV_FAST_BLANK;
	if ((size_t)(s - (const unsigned char *)line) > fs->max_len)
		for (size_t i = 0; i < fields; i++)
			if (cells[i].len > fs->max_len)
				return CSV_FAST_STOP;
	*n = fields;
	return CSV_FAST_ROW;
}

const char *csv_fast_last_line_end(const char *buf, size_t len)
{
	while (len && buf[len - 1] != '\n')
		len--;
	return buf + len;
}
