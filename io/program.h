/* Finding an external program that the output layer runs (gnuplot for the charts, pandoc for
 * Word documents). The environment variable `env` overrides the search: empty or "none" means
 * no program; a value with a '/' is that file, when it is executable; any other value is the
 * name searched for instead of `name`. The search tries each directory of PATH (when PATH is
 * unset: /usr/local/bin:/usr/bin:/bin) in order and takes the first executable file.
 *
 * program_path writes the path into buf (size bytes) and returns buf, or returns NULL when no
 * program is found or its path does not fit. */
#ifndef SURVEYKIT_IO_PROGRAM_H
#define SURVEYKIT_IO_PROGRAM_H

#include <stddef.h>

const char *program_path(const char *env, const char *name, char *buf, size_t size);

#endif
