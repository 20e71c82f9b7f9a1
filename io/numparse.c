#include "io/numparse.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Accepts [+-]? digits [. digits] [(e|E) [+-]? digits], with at least one mantissa digit. */
static int is_decimal_number(const char *s, size_t len, int decimal_comma)
{
	size_t i = 0, mantissa = 0;

	if (i < len && (s[i] == '+' || s[i] == '-'))
		i++;
	while (i < len && is_digit(s[i]))
		i++, mantissa++;
	if (i < len && (s[i] == '.' || (decimal_comma && s[i] == ','))) {
		i++;
		while (i < len && is_digit(s[i]))
			i++, mantissa++;
	}
	if (mantissa == 0)
		return 0;
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		size_t exponent = 0;
		i++;
		if (i < len && (s[i] == '+' || s[i] == '-'))
			i++;
		while (i < len && is_digit(s[i]))
			i++, exponent++;
		if (exponent == 0)
			return 0;
	}
	return i == len;
}

/* A decimal of at most 15 digits without an exponent ("4.5", "-0.25", "12,75" with a decimal
 * comma) read without strtod, to the same double: its digits m < 2^53 and 10^k (k <= 15) are
 * exact doubles, so m / 10^k is one correctly rounded division, the nearest double to the
 * decimal, which is what strtod returns (round to nearest). 1 when it applies. */
static int short_decimal(const char *s, size_t len, int decimal_comma, double *out)
{
	static const double tens[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
	size_t i = s[0] == '-' || s[0] == '+', digits = 0, point = SIZE_MAX;
	int64_t m = 0;
	double v;

	for (; i < len; i++) {
		if (is_digit(s[i]))
			m = m * 10 + (s[i] - '0'), digits++;
		else if (point == SIZE_MAX && (s[i] == '.' || (decimal_comma && s[i] == ',')))
			point = digits;
		else
			return 0;
		if (digits > 15)
			return 0;
	}
	if (digits == 0)
		return 0;
	v = point == SIZE_MAX ? (double)m : (double)m / tens[digits - point];
	*out = v == 0 ? 0.0 : s[0] == '-' ? -v : v;
	return 1;
}

enum num_parse num_parse(const char *s, size_t len, int decimal_comma, double *out)
{
	char buf[128], *text, *end;
	double v;
	size_t i;
	int range;

	while (len && is_blank(*s))
		s++, len--;
	while (len && is_blank(s[len - 1]))
		len--;
	if (len == 0)
		return NUM_EMPTY;
	/* fast path: an optionally signed integer of up to 9 digits (every Likert answer) */
	if (len <= 10) {
		int neg = s[0] == '-';
		size_t start = (s[0] == '-' || s[0] == '+') ? 1 : 0;
		long acc = 0;
		for (i = start; i < len && is_digit(s[i]); i++)
			acc = acc * 10 + (s[i] - '0');
		if (i == len && len > start) {
			*out = neg ? (acc == 0 ? 0.0 : -(double)acc) : (double)acc;
			return NUM_OK;
		}
	}
	if (short_decimal(s, len, decimal_comma, out))
		return NUM_OK;
	if (!is_decimal_number(s, len, decimal_comma))
		return NUM_INVALID;
	/* a number with hundreds of digits (1e300 written out) is still a number */
	text = len < sizeof buf ? buf : malloc(len + 1);
	if (!text)
		return NUM_INVALID;
	for (i = 0; i < len; i++)
		text[i] = s[i] == ',' ? '.' : s[i];
	text[len] = '\0';
	errno = 0;
	v = strtod(text, &end);
	range = errno == ERANGE && fabs(v) > 1;
	i = (size_t)(end - text);
	if (text != buf)
		free(text);
	if (i != len)
		return NUM_INVALID;
	if (range)
		return NUM_RANGE;
	/* underflow reads as the nearest representable value (0 or a subnormal), as R does */
	*out = v == 0 ? 0.0 : v;
	return NUM_OK;
}

int parse_size(const char *s, size_t *out)
{
	size_t acc = 0;

	if (!s || !*s)
		return -1;
	for (; *s; s++) {
		if (!is_digit(*s))
			return -1;
		if (acc > (SIZE_MAX - (size_t)(*s - '0')) / 10)
			return -1;
		acc = acc * 10 + (size_t)(*s - '0');
	}
	*out = acc;
	return 0;
}
