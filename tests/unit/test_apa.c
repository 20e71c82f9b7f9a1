/* io/apa: numbers and symbols as APA 7 writes them, one test per rule. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/apa.h"
#include "io/strbuf.h"
#include "test.h"

static const char *kind(enum apa_kind k, double v)
{
	static char out[128];
	struct strbuf b = STRBUF_INIT;

	apa_value(&b, k, v);
	CHECK(strbuf_ok(&b));
	snprintf(out, sizeof out, "%s", strbuf_str(&b));
	strbuf_release(&b);
	return out;
}

static const char *p_cell(double p)
{
	static char out[64];
	struct strbuf b = STRBUF_INIT;

	apa_p(&b, p);
	snprintf(out, sizeof out, "%s", strbuf_str(&b));
	strbuf_release(&b);
	return out;
}

TEST(apa_two_decimals_for_most_statistics)
{
	CHECK_STR(kind(APA_GENERAL, -2.0049), "-2.00");
	CHECK_STR(kind(APA_GENERAL, 94.8967), "94.90");
	CHECK_STR(kind(APA_GENERAL, 3.0), "3.00");
	CHECK_STR(kind(APA_GENERAL, 0.456), "0.46");
}

TEST(apa_no_leading_zero_when_the_statistic_cannot_exceed_one)
{
	CHECK_STR(kind(APA_BOUNDED, 0.456), ".46");
	CHECK_STR(kind(APA_BOUNDED, -0.456), "-.46");
	CHECK_STR(kind(APA_BOUNDED, 1.0), "1.00");
	CHECK_STR(kind(APA_BOUNDED, 0.999), "1.00");
	CHECK_STR(kind(APA_BOUNDED, 0.2501), ".25");
	/* every statistic bounded by 1 follows the rule */
	const char *bounded[] = {"p", "r", "R2", "beta", "alpha", "eta2", "partial_eta2", "omega2", "V", "CR", "AVE"};
	for (size_t i = 0; i < sizeof bounded / sizeof bounded[0]; i++) {
		const struct apa_symbol *s = apa_symbol(bounded[i]);
		CHECK(s && (s->kind == APA_BOUNDED || s->kind == APA_P));
	}
	const char *unbounded[] = {"M", "SD", "SE", "t", "F", "b", "d", "chi2"};
	for (size_t i = 0; i < sizeof unbounded / sizeof unbounded[0]; i++) {
		const struct apa_symbol *s = apa_symbol(unbounded[i]);
		CHECK(s && s->kind == APA_GENERAL);
	}
}

TEST(apa_p_three_decimals_and_below_001)
{
	CHECK_STR(p_cell(0.0004), "< .001");
	CHECK_STR(p_cell(0.00099), "< .001");
	CHECK_STR(p_cell(0.0), "< .001");
	CHECK_STR(p_cell(1e-300), "< .001");
	CHECK_STR(p_cell(0.001), ".001");
	CHECK_STR(p_cell(0.0344), ".034");
	CHECK_STR(p_cell(0.05), ".050");
	CHECK_STR(p_cell(0.5), ".500");
	CHECK_STR(p_cell(0.999), ".999");
	CHECK_STR(p_cell(0.9994), "> .999");
	CHECK_STR(p_cell(0.9996), "> .999");
	CHECK_STR(p_cell(1.0), "> .999");
	CHECK_STR(kind(APA_P, 0.0004), "< .001");
}

TEST(apa_p_in_running_text_carries_its_relation)
{
	struct strbuf b = STRBUF_INIT;

	apa_p_relation(&b, 0.0344);
	CHECK_STR(strbuf_str(&b), "= .034");
	strbuf_reset(&b);
	apa_p_relation(&b, 0.0004);
	CHECK_STR(strbuf_str(&b), "< .001");
	strbuf_reset(&b);
	apa_p_relation(&b, NAN);
	CHECK_STR(strbuf_str(&b), "= " APA_DASH);
	strbuf_release(&b);
}

TEST(apa_negative_zero_never_prints)
{
	CHECK_STR(kind(APA_GENERAL, -0.001), "0.00");
	CHECK_STR(kind(APA_GENERAL, -0.0), "0.00");
	CHECK_STR(kind(APA_BOUNDED, -0.001), ".00");
	CHECK_STR(kind(APA_BOUNDED, -0.004999), ".00");
	CHECK_STR(kind(APA_BOUNDED, -0.005001), "-.01");
	CHECK_STR(kind(APA_DF, -0.01), "0.0");
	CHECK_STR(kind(APA_COUNT, -0.2), "0");
}

TEST(apa_df_integer_or_one_decimal)
{
	CHECK_STR(kind(APA_DF, 597), "597");
	CHECK_STR(kind(APA_DF, 2), "2");
	CHECK_STR(kind(APA_DF, 57.3194), "57.3");
	CHECK_STR(kind(APA_DF, 1234), "1,234");
	CHECK_STR(kind(APA_DF, 1234.56), "1,234.6");
}

TEST(apa_counts_with_thousands_separators)
{
	struct strbuf b = STRBUF_INIT;

	apa_count(&b, 12345);
	CHECK_STR(strbuf_str(&b), "12,345");
	strbuf_reset(&b);
	apa_count(&b, 999);
	CHECK_STR(strbuf_str(&b), "999");
	strbuf_reset(&b);
	apa_count(&b, 1000);
	CHECK_STR(strbuf_str(&b), "1,000");
	strbuf_reset(&b);
	apa_count(&b, 18446744073709551615ULL);
	CHECK_STR(strbuf_str(&b), "18,446,744,073,709,551,615");
	strbuf_reset(&b);
	apa_count(&b, 0);
	CHECK_STR(strbuf_str(&b), "0");
	strbuf_release(&b);
	CHECK_STR(kind(APA_COUNT, 600), "600");
	CHECK_STR(kind(APA_COUNT, 1234567), "1,234,567");
	CHECK_STR(kind(APA_GENERAL, -12345.678), "-12,345.68");
	CHECK_STR(kind(APA_GENERAL, 1e20), "100,000,000,000,000,000,000.00");
}

TEST(apa_confidence_intervals_in_brackets)
{
	struct strbuf b = STRBUF_INIT;

	apa_ci(&b, APA_BOUNDED, 0.1912, 0.3049);
	CHECK_STR(strbuf_str(&b), "[.19, .30]");
	strbuf_reset(&b);
	apa_ci(&b, APA_GENERAL, -0.1234, 1.3371);
	CHECK_STR(strbuf_str(&b), "[-0.12, 1.34]");
	strbuf_reset(&b);
	apa_ci(&b, APA_GENERAL, NAN, 2);
	CHECK_STR(strbuf_str(&b), "[" APA_DASH ", 2.00]");
	strbuf_release(&b);
}

TEST(apa_non_finite_prints_an_en_dash)
{
	enum apa_kind kinds[] = {APA_GENERAL, APA_BOUNDED, APA_P, APA_DF, APA_COUNT};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		CHECK_STR(kind(kinds[i], NAN), APA_DASH);
		CHECK_STR(kind(kinds[i], INFINITY), APA_DASH);
		CHECK_STR(kind(kinds[i], -INFINITY), APA_DASH);
	}
	CHECK_STR(APA_DASH, "\xE2\x80\x93");
}

TEST(apa_number_decimals_and_leading_zero)
{
	struct strbuf b = STRBUF_INIT;

	apa_number(&b, 0.5, 0, 0);
	CHECK_STR(strbuf_str(&b), "0");
	strbuf_reset(&b);
	apa_number(&b, 0.25, 4, 1);
	CHECK_STR(strbuf_str(&b), "0.2500");
	strbuf_reset(&b);
	apa_number(&b, 1e308, 2, 1);
	CHECK(strbuf_ok(&b) && strlen(strbuf_str(&b)) > 400);
	strbuf_reset(&b);
	apa_number(&b, 1.5, 99, 1); /* capped at 15 */
	CHECK_STR(strbuf_str(&b), "1.500000000000000");
	strbuf_release(&b);
}

TEST(apa_symbols_rich_and_plain)
{
	const struct apa_symbol *s;
	size_t n;

	s = apa_symbol("M");
	CHECK(s && s->italic && strcmp(s->base, "M") == 0 && !s->sup && !s->sub);
	s = apa_symbol("chi2");
	CHECK(s && !s->italic && strcmp(s->base, "\xCF\x87") == 0 && strcmp(s->sup, "2") == 0);
	s = apa_symbol("eta2");
	CHECK(s && !s->italic && strcmp(s->base, "\xCE\xB7") == 0 && strcmp(s->sup, "2") == 0 && !s->sub);
	s = apa_symbol("partial_eta2");
	CHECK(s && strcmp(s->sub, "p") == 0 && strcmp(s->plain, "partial_eta2") == 0);
	s = apa_symbol("R2");
	CHECK(s && s->italic && strcmp(s->base, "R") == 0 && strcmp(s->sup, "2") == 0);
	s = apa_symbol("df");
	CHECK(s && s->italic && s->kind == APA_DF);
	s = apa_symbol("N");
	CHECK(s && s->kind == APA_COUNT && apa_symbol("n") != s);
	CHECK(apa_symbol("CI") && !apa_symbol("CI")->italic);
	CHECK(apa_symbol("nonesuch") == NULL);
	/* names are unique and every symbol has a plain form */
	const struct apa_symbol *all = apa_symbols(&n);
	CHECK(n > 20);
	for (size_t i = 0; i < n; i++) {
		CHECK(all[i].plain && all[i].base && all[i].base[0]);
		for (size_t j = i + 1; j < n; j++)
			CHECK(strcmp(all[i].name, all[j].name) != 0);
	}
}
