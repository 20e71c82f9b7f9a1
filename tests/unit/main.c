/* Runs every TEST in tests/unit and ends with "N passed, N failed". */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#define X(name) void test_##name(void);
#include "test_list.h"
#undef X

static struct {
	const char *name;
	void (*run)(void);
} const tests[] = {
#define X(name) {#name, test_##name},
#include "test_list.h"
#undef X
};

static size_t passed, failed;
static const char *current;

static void fail_header(const char *file, int line)
{
	fprintf(stderr, "FAIL %s (%s:%d): ", current, file, line);
	failed++;
}

void test_check(int ok, const char *expr, const char *file, int line)
{
	if (ok) {
		passed++;
		return;
	}
	fail_header(file, line);
	fprintf(stderr, "%s\n", expr);
}

void test_check_close(double got, double want, double rel, const char *expr, const char *file, int line)
{
	double tol = rel >= 0 ? rel * fmax(fabs(want), 1e-300) : -rel;

	if (isfinite(got) && isfinite(want) ? fabs(got - want) <= tol : (isnan(got) && isnan(want)) || got == want) {
		passed++;
		return;
	}
	fail_header(file, line);
	fprintf(stderr, "%s = %.17g, want %.17g (tolerance %.3g)\n", expr, got, want, tol);
}

void test_check_int(long long got, long long want, const char *expr, const char *file, int line)
{
	if (got == want) {
		passed++;
		return;
	}
	fail_header(file, line);
	fprintf(stderr, "%s = %lld, want %lld\n", expr, got, want);
}

void test_check_str(const char *got, const char *want, const char *expr, const char *file, int line)
{
	if (got && want && strcmp(got, want) == 0) {
		passed++;
		return;
	}
	fail_header(file, line);
	fprintf(stderr, "%s = \"%s\", want \"%s\"\n", expr, got ? got : "(null)", want ? want : "(null)");
}

const char *fixture(const char *name)
{
	static char path[4096];

	snprintf(path, sizeof path, "tests/fixtures/%s", name);
	return path;
}

int main(int argc, char **argv)
{
	const char *only = argc > 1 ? argv[1] : NULL;

	gsl_set_error_handler_off();
	for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
		if (only && !strstr(tests[i].name, only))
			continue;
		current = tests[i].name;
		tests[i].run();
	}
	printf("%zu passed, %zu failed\n", passed, failed);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
