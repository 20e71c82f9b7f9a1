/* jsoncmp EXPECTED ACTUAL [--rel R] [--abs A]: exit 0 when every value in EXPECTED is in ACTUAL.
 *
 * Objects match when each key of the expected object is in the actual one (extra keys are
 * allowed); arrays must have the same length and match element by element; numbers match when
 * |a - e| <= R |e| (default 1e-6) or |a - e| <= A (default 1e-10); strings, booleans and null
 * must be equal. Each mismatch is printed with its path. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double rel_tol = 1e-6, abs_tol = 1e-10;
static int mismatches;

static void mismatch(const char *path, const char *what)
{
	if (mismatches++ < 50)
		printf("%s: %s\n", path[0] ? path : "(root)", what);
}

static void compare(const json_t *want, const json_t *got, const char *path)
{
	char sub[2048], what[512];

	if (json_is_number(want)) {
		double e = json_number_value(want), a;
		if (!json_is_number(got)) {
			mismatch(path, "expected a number");
			return;
		}
		a = json_number_value(got);
		if (fabs(a - e) > fmax(rel_tol * fabs(e), abs_tol)) {
			snprintf(what, sizeof what, "got %.17g, want %.17g", a, e);
			mismatch(path, what);
		}
	} else if (json_is_object(want)) {
		const char *key;
		json_t *value;
		if (!json_is_object(got)) {
			mismatch(path, "expected an object");
			return;
		}
		json_object_foreach((json_t *)want, key, value) {
			snprintf(sub, sizeof sub, "%s.%s", path, key);
			if (!json_object_get(got, key))
				mismatch(sub, "missing");
			else
				compare(value, json_object_get(got, key), sub);
		}
	} else if (json_is_array(want)) {
		if (!json_is_array(got) || json_array_size(got) != json_array_size(want)) {
			snprintf(what, sizeof what, "expected an array of %zu", json_array_size(want));
			mismatch(path, what);
			return;
		}
		for (size_t i = 0; i < json_array_size(want); i++) {
			snprintf(sub, sizeof sub, "%s[%zu]", path, i);
			compare(json_array_get(want, i), json_array_get(got, i), sub);
		}
	} else if (!json_equal((json_t *)want, (json_t *)got)) {
		char *w = json_dumps(want, JSON_ENCODE_ANY), *g = json_dumps(got, JSON_ENCODE_ANY);
		snprintf(what, sizeof what, "got %s, want %s", g ? g : "?", w ? w : "?");
		mismatch(path, what);
		free(w);
		free(g);
	}
}

int main(int argc, char **argv)
{
	json_error_t error;
	json_t *want, *got;

	if (argc < 3) {
		fprintf(stderr, "usage: jsoncmp EXPECTED ACTUAL [--rel R] [--abs A]\n");
		return 2;
	}
	for (int i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--rel") == 0)
			rel_tol = strtod(argv[i + 1], NULL);
		else if (strcmp(argv[i], "--abs") == 0)
			abs_tol = strtod(argv[i + 1], NULL);
	}
	want = json_load_file(argv[1], 0, &error);
	if (!want) {
		fprintf(stderr, "%s: %s (line %d)\n", argv[1], error.text, error.line);
		return 2;
	}
	got = json_load_file(argv[2], 0, &error);
	if (!got) {
		fprintf(stderr, "%s: %s (line %d)\n", argv[2], error.text, error.line);
		json_decref(want);
		return 2;
	}
	compare(want, got, "");
	if (mismatches > 50)
		printf("... %d mismatches in all\n", mismatches);
	json_decref(want);
	json_decref(got);
	return mismatches ? 1 : 0;
}
