#include "io/apa.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* More decimals than this are not APA style; the limit keeps the buffer below bounded. */
#define APA_MAX_DECIMALS 15

void apa_number(struct strbuf *b, double v, int decimals, int leading_zero)
{
	/* DBL_MAX has 309 integer digits */
	char digits[320 + APA_MAX_DECIMALS];
	const char *point, *p;
	size_t int_len;
	int zero = 1;

	if (!isfinite(v)) {
		strbuf_adds(b, APA_DASH);
		return;
	}
	decimals = decimals < 0 ? 0 : decimals > APA_MAX_DECIMALS ? APA_MAX_DECIMALS : decimals;
	snprintf(digits, sizeof digits, "%.*f", decimals, fabs(v));
	for (p = digits; *p; p++)
		if (*p >= '1' && *p <= '9')
			zero = 0;
	/* a value that rounds to zero has no sign: -0.001 is "0.00" */
	if (v < 0 && !zero)
		strbuf_addc(b, '-');
	point = strchr(digits, '.');
	int_len = point ? (size_t)(point - digits) : strlen(digits);
	if (int_len == 1 && digits[0] == '0' && !leading_zero && point) {
		strbuf_adds(b, point);
		return;
	}
	for (size_t i = 0; i < int_len; i++) {
		if (i > 0 && (int_len - i) % 3 == 0)
			strbuf_addc(b, ',');
		strbuf_addc(b, digits[i]);
	}
	if (point)
		strbuf_adds(b, point);
}

void apa_p(struct strbuf *b, double p)
{
	if (isfinite(p) && p < 0.001)
		strbuf_adds(b, "< .001");
	else if (isfinite(p) && p > 0.999)
		strbuf_adds(b, "> .999");
	else
		apa_number(b, p, 3, 0);
}

void apa_p_relation(struct strbuf *b, double p)
{
	if (isfinite(p) && (p < 0.001 || p > 0.999)) {
		apa_p(b, p);
		return;
	}
	strbuf_adds(b, "= ");
	apa_number(b, p, 3, 0);
}

void apa_count(struct strbuf *b, unsigned long long n)
{
	char digits[32];
	size_t len = (size_t)snprintf(digits, sizeof digits, "%llu", n);

	for (size_t i = 0; i < len; i++) {
		if (i > 0 && (len - i) % 3 == 0)
			strbuf_addc(b, ',');
		strbuf_addc(b, digits[i]);
	}
}

void apa_value(struct strbuf *b, enum apa_kind kind, double v)
{
	switch (kind) {
	case APA_GENERAL:
		apa_number(b, v, 2, 1);
		break;
	case APA_BOUNDED:
		apa_number(b, v, 2, 0);
		break;
	case APA_P:
		apa_p(b, v);
		break;
	case APA_DF:
		/* Welch-type df keep one decimal; a df that is a whole number prints as one */
		apa_number(b, v, isfinite(v) && v == nearbyint(v) ? 0 : 1, 1);
		break;
	case APA_COUNT:
		apa_number(b, v, 0, 1);
		break;
	}
}

void apa_ci(struct strbuf *b, enum apa_kind kind, double lo, double hi)
{
	strbuf_addc(b, '[');
	apa_value(b, kind, lo);
	strbuf_adds(b, ", ");
	apa_value(b, kind, hi);
	strbuf_addc(b, ']');
}

/* The symbols of the statistics surveykit reports (the manual's list of statistical
 * abbreviations and symbols). Greek letters are upright, Latin ones italic; CI, LL, UL, SS, MS
 * are abbreviations, upright. */
static const struct apa_symbol symbols[] = {
	{"M", "mean", "M", 1, NULL, NULL, APA_GENERAL},
	{"SD", "sd", "SD", 1, NULL, NULL, APA_GENERAL},
	{"SE", "se", "SE", 1, NULL, NULL, APA_GENERAL},
	{"Mdn", "median", "Mdn", 1, NULL, NULL, APA_GENERAL},
	{"n", "n", "n", 1, NULL, NULL, APA_COUNT},
	{"N", "N", "N", 1, NULL, NULL, APA_COUNT},
	{"df", "df", "df", 1, NULL, NULL, APA_DF},
	{"t", "t", "t", 1, NULL, NULL, APA_GENERAL},
	{"F", "F", "F", 1, NULL, NULL, APA_GENERAL},
	{"z", "z", "z", 1, NULL, NULL, APA_GENERAL},
	{"H", "H", "H", 1, NULL, NULL, APA_GENERAL},
	{"U", "U", "U", 1, NULL, NULL, APA_GENERAL},
	{"W", "W", "W", 1, NULL, NULL, APA_GENERAL},
	{"p", "p", "p", 1, NULL, NULL, APA_P},
	{"r", "r", "r", 1, NULL, NULL, APA_BOUNDED},
	{"R2", "r2", "R", 1, "2", NULL, APA_BOUNDED},
	{"delta_R2", "r2_change", "\xCE\x94R", 1, "2", NULL, APA_BOUNDED},
	{"b", "b", "b", 1, NULL, NULL, APA_GENERAL},
	{"B", "B", "B", 1, NULL, NULL, APA_GENERAL},
	{"beta", "beta", "\xCE\xB2", 0, NULL, NULL, APA_BOUNDED},
	{"d", "d", "d", 1, NULL, NULL, APA_GENERAL},
	{"g", "g", "g", 1, NULL, NULL, APA_GENERAL},
	{"V", "cramer_v", "V", 1, NULL, NULL, APA_BOUNDED},
	{"alpha", "alpha", "\xCE\xB1", 0, NULL, NULL, APA_BOUNDED},
	{"omega", "omega", "\xCF\x89", 0, NULL, NULL, APA_BOUNDED},
	{"chi2", "chi2", "\xCF\x87", 0, "2", NULL, APA_GENERAL},
	{"eta2", "eta2", "\xCE\xB7", 0, "2", NULL, APA_BOUNDED},
	{"partial_eta2", "partial_eta2", "\xCE\xB7", 0, "2", "p", APA_BOUNDED},
	{"omega2", "omega2", "\xCF\x89", 0, "2", NULL, APA_BOUNDED},
	{"epsilon2", "epsilon2", "\xCE\xB5", 0, "2", NULL, APA_BOUNDED},
	{"CR", "cr", "CR", 0, NULL, NULL, APA_BOUNDED},
	{"AVE", "ave", "AVE", 0, NULL, NULL, APA_BOUNDED},
	{"CI", "ci", "CI", 0, NULL, NULL, APA_GENERAL},
	{"LL", "llci", "LL", 0, NULL, NULL, APA_GENERAL},
	{"UL", "ulci", "UL", 0, NULL, NULL, APA_GENERAL},
	{"SS", "ss", "SS", 0, NULL, NULL, APA_GENERAL},
	{"MS", "ms", "MS", 0, NULL, NULL, APA_GENERAL},
};

const struct apa_symbol *apa_symbol(const char *name)
{
	for (size_t i = 0; i < sizeof symbols / sizeof symbols[0]; i++)
		if (strcmp(symbols[i].name, name) == 0)
			return &symbols[i];
	return NULL;
}

const struct apa_symbol *apa_symbols(size_t *n)
{
	*n = sizeof symbols / sizeof symbols[0];
	return symbols;
}
