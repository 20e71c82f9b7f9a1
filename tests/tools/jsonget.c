/* jsonget FILE POINTER: prints the value at a JSON pointer (RFC 6901) of FILE for shell tests:
 * a string as is, a number or boolean as JSON, an array of scalars one per line, an array of
 * objects or an object as its size. Exit 1 when there is no such value. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void print_scalar(const json_t *v)
{
	if (json_is_string(v)) {
		puts(json_string_value(v));
	} else {
		char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(17));
		puts(s ? s : "");
		free(s);
	}
}

int main(int argc, char **argv)
{
	json_error_t error;
	json_t *doc, *v;
	char *ptr, *tok, *save = NULL;

	if (argc != 3) {
		fprintf(stderr, "usage: jsonget FILE POINTER\n");
		return 2;
	}
	doc = json_load_file(argv[1], 0, &error);
	if (!doc) {
		fprintf(stderr, "%s: %s (line %d)\n", argv[1], error.text, error.line);
		return 2;
	}
	ptr = strdup(argv[2]);
	v = doc;
	for (tok = strtok_r(ptr, "/", &save); v && tok; tok = strtok_r(NULL, "/", &save))
		v = json_is_array(v) ? json_array_get(v, strtoul(tok, NULL, 10)) : json_object_get(v, tok);
	free(ptr);
	if (!v) {
		json_decref(doc);
		return 1;
	}
	if (json_is_object(v)) {
		printf("%zu\n", json_object_size(v));
	} else if (json_is_array(v)) {
		int scalars = 1;
		for (size_t i = 0; i < json_array_size(v); i++)
			scalars &= !json_is_object(json_array_get(v, i)) && !json_is_array(json_array_get(v, i));
		if (scalars)
			for (size_t i = 0; i < json_array_size(v); i++)
				print_scalar(json_array_get(v, i));
		else
			printf("%zu\n", json_array_size(v));
	} else {
		print_scalar(v);
	}
	json_decref(doc);
	return 0;
}
