/* io/program: how gnuplot and pandoc are found (the variable's override, the PATH search). */
#include <stdlib.h>
#include <string.h>

#include "io/program.h"
#include "test.h"

#define VAR "SURVEYKIT_TEST_PROGRAM"

TEST(program_path_override_and_search)
{
	const char *old_path = getenv("PATH");
	char *saved_path = old_path ? strdup(old_path) : NULL, buf[256], tiny[4];

	unsetenv(VAR);
	setenv("PATH", "/nonexistent:/bin", 1);
	CHECK(program_path(VAR, "sh", buf, sizeof buf) == buf);
	CHECK_STR(buf, "/bin/sh");
	CHECK(program_path(VAR, "surely-no-such-program", buf, sizeof buf) == NULL);
	/* a path that does not fit is no path */
	CHECK(program_path(VAR, "sh", tiny, sizeof tiny) == NULL);
	/* the variable: none, empty, a file, a name searched for instead */
	setenv(VAR, "none", 1);
	CHECK(program_path(VAR, "sh", buf, sizeof buf) == NULL);
	setenv(VAR, "", 1);
	CHECK(program_path(VAR, "sh", buf, sizeof buf) == NULL);
	setenv(VAR, "/bin/sh", 1);
	CHECK(program_path(VAR, "surely-no-such-program", buf, sizeof buf) == buf);
	CHECK_STR(buf, "/bin/sh");
	setenv(VAR, "/nonexistent/sh", 1);
	CHECK(program_path(VAR, "sh", buf, sizeof buf) == NULL);
	setenv(VAR, "sh", 1);
	CHECK(program_path(VAR, "surely-no-such-program", buf, sizeof buf) == buf);
	CHECK_STR(buf, "/bin/sh");
	unsetenv(VAR);
	if (saved_path)
		setenv("PATH", saved_path, 1);
	else
		unsetenv("PATH");
	free(saved_path);
}
