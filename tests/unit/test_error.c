/* io/error.h: a message longer than its buffer keeps the beginning and the end (the reason). */
#include <stdlib.h>
#include <string.h>

#include "io/error.h"
#include "test.h"

TEST(error_long_message_keeps_both_ends)
{
	struct sk_error err;
	size_t n = 100000;
	char *path = malloc(n + 1);
	size_t len;

	if (!path)
		return;
	memset(path, 'd', n);
	path[n] = '\0';
	memcpy(path, "\xc3\xa9", 2); /* a two-byte character where the message begins */
	CHECK_INT(sk_fail(&err, SK_EXIT_INPUT, "cannot open '%s': %s", path, "File name too long"), SK_EXIT_INPUT);
	len = strlen(err.msg);
	CHECK(len < sizeof err.msg);
	CHECK(strncmp(err.msg, "cannot open '\xc3\xa9" "ddd", 17) == 0);
	CHECK(strcmp(err.msg + len - 21, "': File name too long") == 0);
	CHECK(strstr(err.msg, "...") != NULL);
	sk_error_prefix(&err, "wave '%s': ", "w1");
	CHECK(strncmp(err.msg, "wave 'w1': cannot open", 22) == 0);
	CHECK(strcmp(err.msg + strlen(err.msg) - 21, "': File name too long") == 0);
	sk_fail(&err, SK_EXIT_USAGE, "short %d", 1);
	CHECK_STR(err.msg, "short 1");
	free(path);
}
