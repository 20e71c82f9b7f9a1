#include "io/program.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *program_path(const char *env, const char *name, char *buf, size_t size)
{
	const char *set = getenv(env), *path;

	if (set) {
		if (!*set || strcmp(set, "none") == 0)
			return NULL;
		if (strchr(set, '/'))
			return access(set, X_OK) == 0 && (size_t)snprintf(buf, size, "%s", set) < size ? buf : NULL;
		name = set;
	}
	path = getenv("PATH");
	if (!path)
		path = "/usr/local/bin:/usr/bin:/bin";
	while (*path) {
		const char *end = strchr(path, ':');
		size_t len = end ? (size_t)(end - path) : strlen(path);
		if (len > 0 && (size_t)snprintf(buf, size, "%.*s/%s", (int)len, path, name) < size &&
		    access(buf, X_OK) == 0)
			return buf;
		path += len + (end ? 1 : 0);
	}
	return NULL;
}
