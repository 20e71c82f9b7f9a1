/* io/strbuf: appending past any fixed size, formatting, taking and resetting. */
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
