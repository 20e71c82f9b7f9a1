/* jsoncmp EXPECTED ACTUAL [--rel R] [--abs A] [--from PTR] [--at PTR]: exit 0 when every value in
 * EXPECTED is in ACTUAL. --from and --at compare the subtrees at JSON pointers (RFC 6901, e.g.
 * /sections/2/result) of EXPECTED and ACTUAL instead of the whole documents.
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

/* The value at a JSON pointer ("" is the whole document); NULL when there is none. */
static json_t *at_pointer(json_t *doc, const char *ptr)
{
	char token[512];

	while (doc && *ptr == '/') {
		size_t n = 0;
		ptr++;
		while (*ptr && *ptr != '/' && n + 1 < sizeof token) {
			if (ptr[0] == '~' && (ptr[1] == '0' || ptr[1] == '1')) {
				token[n++] = ptr[1] == '0' ? '~' : '/';
				ptr += 2;
			} else {
				token[n++] = *ptr++;
			}
		}
		token[n] = '\0';
		if (json_is_array(doc)) {
			char *end;
			unsigned long i = strtoul(token, &end, 10);
			doc = *end || !n ? NULL : json_array_get(doc, i);
		} else {
			doc = json_object_get(doc, token);
		}
	}
	return *ptr ? NULL : doc;
}

int main(int argc, char **argv)
{
	json_error_t error;
	json_t *want, *got, *want_at, *got_at;
	const char *from = "", *at = "";

	if (argc < 3) {
		fprintf(stderr, "usage: jsoncmp EXPECTED ACTUAL [--rel R] [--abs A] [--from PTR] [--at PTR]\n");
		return 2;
	}
	for (int i = 3; i + 1 < argc; i += 2) {
		if (strcmp(argv[i], "--rel") == 0)
			rel_tol = strtod(argv[i + 1], NULL);
		else if (strcmp(argv[i], "--abs") == 0)
			abs_tol = strtod(argv[i + 1], NULL);
		else if (strcmp(argv[i], "--from") == 0)
			from = argv[i + 1];
		else if (strcmp(argv[i], "--at") == 0)
			at = argv[i + 1];
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
	want_at = at_pointer(want, from);
	got_at = at_pointer(got, at);
	if (!want_at || !got_at) {
		fprintf(stderr, "no value at '%s'\n", !want_at ? from : at);
		json_decref(want);
		json_decref(got);
		return 2;
	}
	compare(want_at, got_at, "");
	if (mismatches > 50)
		printf("... %d mismatches in all\n", mismatches);
	json_decref(want);
	json_decref(got);
	return mismatches ? 1 : 0;
}
