/* Minimal unit-test harness. A test is `TEST(name) { ... }` in any C file of tests/unit; the
 * Makefile collects the names, tests/unit/main.c runs them all. Each CHECK counts as one passed
 * or failed check; a failed one prints its file, line and the values involved. */
#ifndef SURVEYKIT_TEST_H
#define SURVEYKIT_TEST_H

#include <stddef.h>

#define TEST(name) void test_##name(void)

void test_check(int ok, const char *expr, const char *file, int line);
void test_check_close(double got, double want, double rel, const char *expr, const char *file, int line);
void test_check_int(long long got, long long want, const char *expr, const char *file, int line);
void test_check_str(const char *got, const char *want, const char *expr, const char *file, int line);

#define CHECK(cond) test_check(!!(cond), #cond, __FILE__, __LINE__)
/* |got - want| <= rel * max(|want|, 1e-300); p-values near 0 should use CHECK_NEAR. */
#define CHECK_CLOSE(got, want, rel) test_check_close((got), (want), (rel), #got, __FILE__, __LINE__)
/* |got - want| <= abs */
#define CHECK_NEAR(got, want, abs) test_check_close((got), (want), -(abs), #got, __FILE__, __LINE__)
#define CHECK_INT(got, want) test_check_int((long long)(got), (long long)(want), #got, __FILE__, __LINE__)
#define CHECK_STR(got, want) test_check_str((got), (want), #got, __FILE__, __LINE__)

/* Path of a file under tests/fixtures (static buffer, valid until the next call). */
const char *fixture(const char *name);

#endif
