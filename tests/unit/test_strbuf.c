/* io/strbuf: appending past any fixed size, formatting, taking and resetting. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/strbuf.h"
#include "test.h"

TEST(strbuf_grows_past_any_fixed_size)
{
	struct strbuf b = STRBUF_INIT;
	char *s;

	CHECK_STR(strbuf_str(&b), "");
	for (int i = 0; i < 100000; i++)
		strbuf_adds(&b, "0123456789");
	CHECK(strbuf_ok(&b));
	CHECK_INT(b.len, 1000000);
	CHECK_INT(strlen(strbuf_str(&b)), 1000000);
	strbuf_reset(&b);
	strbuf_addf(&b, "%s=%d", "k", 42);
	strbuf_addc(&b, '!');
	CHECK_STR(strbuf_str(&b), "k=42!");
	s = strbuf_take(&b);
	CHECK_STR(s, "k=42!");
	CHECK(b.s == NULL && b.len == 0);
	free(s);
	s = strbuf_take(&b);
	CHECK_STR(s, "");
	free(s);
	strbuf_release(&b);
}

/* Every conversion as printf writes it, except a NaN or infinite number: "n/a" (issue 11). */
TEST(strbuf_formats_like_printf_but_never_nan_or_inf)
{
	struct strbuf b = STRBUF_INIT;
	char want[256];
	long long big = -1234567890123LL;
	size_t z = 42;
	void *p = &b;

	strbuf_addf(&b, "%d|%5d|%-5d|%+d|%05.1f|%.3g|%e|%zu|%lld|%lu|%x|%c|%s|%.2s|%*d|%.*f|%%|%p|%hd|%G", -7, 42, 42, 3,
		    3.14159, 0.000123456, 1e300, z, big, 99UL, 255u, 'q', "text", "abc", 6, 1, 3, 2.5, p, (short)5, 1e-5);
	snprintf(want, sizeof want, "%d|%5d|%-5d|%+d|%05.1f|%.3g|%e|%zu|%lld|%lu|%x|%c|%s|%.2s|%*d|%.*f|%%|%p|%hd|%G", -7, 42,
		 42, 3, 3.14159, 0.000123456, 1e300, z, big, 99UL, 255u, 'q', "text", "abc", 6, 1, 3, 2.5, p, (short)5, 1e-5);
	CHECK_STR(strbuf_str(&b), want);
	strbuf_reset(&b);
	strbuf_addf(&b, "alpha %.3f is below .70; R2 = %g; %5.1f|%-5g|%*f|; mean %s", -INFINITY, NAN, INFINITY, NAN, -5,
		    NAN, "x");
	CHECK_STR(strbuf_str(&b), "alpha n/a is below .70; R2 = n/a;   n/a|n/a  |n/a  |; mean x");
	strbuf_reset(&b);
	strbuf_addf(&b, "%*d|%-3s|%s", -4, 7, "a", "b");
	CHECK_STR(strbuf_str(&b), "7   |a  |b");
	strbuf_reset(&b);
	strbuf_addf(&b, "%Lf and %.1Lf", (long double)NAN, (long double)2.25);
	CHECK_STR(strbuf_str(&b), "n/a and 2.2");
	strbuf_release(&b);
}
