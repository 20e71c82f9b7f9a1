/* Numbers and statistic symbols as the APA Publication Manual (7th ed., chapter 6: numbers,
 * statistical and mathematical copy) asks, for the documents of io/docmodel.h. `--style plain`
 * does not come here: io/render*.c keeps today's layout for scripts.
 *
 * The rules, one function or kind each (tests/unit/test_apa.c has a test per rule):
 *  - two decimals for most statistics (M, SD, t, F, b, SE, d, chi2, ...): `-2.00` for -2.0049;
 *  - no zero before the decimal point for a statistic that cannot exceed 1 in absolute value
 *    (p, r, alpha, standardised beta, eta squared, partial eta squared, omega squared, R2,
 *    Cramer's V, CR, AVE): `.46` for r = 0.456, `-.46` for -0.456; a zero otherwise (`0.46`);
 *  - p with three decimals, `< .001` below .001 (never `.000`), and `> .999` above .999 (rounding
 *    to `1.000` would claim certainty; papaja's printp does the same);
 *  - degrees of freedom as given: an integer without decimals, else one decimal (Welch: `57.3`);
 *  - counts (N, n) as integers with a comma between thousands (`12,345`), as every number of
 *    1,000 or more is written (the manual's rule for commas in numbers);
 *  - a confidence interval as `[.19, .30]` (both ends by the statistic's rule);
 *  - a value that rounds to zero never keeps its minus sign (`0.00`, `.00`, never `-0.00`);
 *  - a value that is not finite (NaN, infinite: a statistic that could not be computed) prints
 *    an en dash, never `nan` or `inf`.
 * A negative value keeps the hyphen-minus of R's output (copied into a spreadsheet, it stays a
 * number). Rounding is printf's: the decimal nearest to the double (0.125 -> "0.12" or "0.13" as its binary
 * value lies), which R's format() and sprintf() share.
 *
 * Symbols: italic for Latin letters used as statistics (M, SD, t, F, p, r, b, SE, n, N, df, R2,
 * d, V, z, ...), upright for Greek letters (alpha, beta, eta, chi, omega), superscripts for squares
 * (chi^2 as χ², eta^2 as η²), and subscripts that are identifiers upright (η²p for partial eta
 * squared). Each symbol has a plain form (today's column names, for text and CSV) and a rich form
 * (a base letter, italic or not, with an optional superscript and subscript) that the document
 * writers turn into their markup; each also names the number rule of its values.
 *
 * The strbuf forms append to `b` (io/strbuf.h's failure rule: check once at the end). */
#ifndef SURVEYKIT_IO_APA_H
#define SURVEYKIT_IO_APA_H

#include <stddef.h>

#include "io/strbuf.h"

/* How a value is written. */
enum apa_kind {
	APA_GENERAL, /* two decimals, leading zero: M, SD, t, F, b, SE, d, chi2 */
	APA_BOUNDED, /* two decimals, no leading zero: |value| <= 1 by definition (r, alpha, eta2, R2) */
	APA_P,       /* three decimals, no leading zero, < .001 and > .999 */
	APA_DF,      /* integer, or one decimal when not an integer */
	APA_COUNT,   /* integer with thousands separators */
};

#define APA_DASH "\xE2\x80\x93" /* en dash, U+2013: a value that is not finite */

/* A number with `decimals` digits after the point (0: none), thousands separated by commas,
 * without the leading zero when `leading_zero` is 0 and |v| < 1 once rounded. The building block
 * of the kinds below. */
void apa_number(struct strbuf *b, double v, int decimals, int leading_zero);
/* v written by the rule of `kind`. */
void apa_value(struct strbuf *b, enum apa_kind kind, double v);
/* A p-value in a table cell: ".034", "< .001", "> .999". */
void apa_p(struct strbuf *b, double p);
/* A p-value after its symbol in running text: "= .034", "< .001", "> .999". */
void apa_p_relation(struct strbuf *b, double p);
/* A count: "12,345". */
void apa_count(struct strbuf *b, unsigned long long n);
/* A confidence interval: "[.19, .30]", "[-0.12, 1.34]". */
void apa_ci(struct strbuf *b, enum apa_kind kind, double lo, double hi);

/* A statistic's symbol. */
struct apa_symbol {
	const char *name;  /* the key callers use: "M", "SD", "t", "eta2", "partial_eta2", ... */
	const char *plain; /* as text output names it ("eta2", "partial eta2", "chi2") */
	const char *base;  /* UTF-8: "M", "η", "χ" */
	int italic;        /* Latin statistics are italic; Greek letters and abbreviations are not */
	const char *sup;   /* superscript ("2") or NULL */
	const char *sub;   /* subscript ("p") or NULL */
	enum apa_kind kind; /* the rule for its values */
};

/* The symbol named `name` (case-sensitive: "n" and "N" differ), or NULL when there is none. */
const struct apa_symbol *apa_symbol(const char *name);
/* Every symbol, for listing and tests; *n receives their number. */
const struct apa_symbol *apa_symbols(size_t *n);

#endif
