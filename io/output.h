/* Output that is never half-written, never replaces an input and is never left behind by an
 * interrupted run: a file is written under a temporary name beside its target
 * (TARGET.tmp-sk<pid>-XXXXXX) and renamed into place only when complete; on any failure the
 * temporary file is removed. Standard output is checked with fflush/ferror so a full disk or a
 * closed pipe is exit 4. Every target passes io/output_guard.h first: one that is an input (or,
 * for a directory, holds one) is refused with exit 2, and the temporaries of the same target left
 * by a run killed with SIGKILL are removed; while open, a temporary is removed by the guard if
 * the run is interrupted (SIGINT, SIGTERM, SIGHUP). */
#ifndef SURVEYKIT_IO_OUTPUT_H
#define SURVEYKIT_IO_OUTPUT_H

#include <stdio.h>

#include "io/error.h"
#include "io/output_guard.h"

struct output {
	FILE *fp;
	char *path; /* NULL for stdout */
	char *tmp;
};

/* "dir/name" (malloc'ed), NULL when out of memory: a path whose length no fixed buffer limits. */
char *output_path(const char *dir, const char *name);

/* path NULL or "-" means standard output. An existing target that is not a regular file
 * (/dev/null, a named pipe) is written in place; a symbolic link's target file is replaced. */
int output_open(struct output *o, const char *path, struct sk_error *err);
/* Flushes, closes and renames; exit 4 with a message on any write error (temp file removed). */
int output_commit(struct output *o, struct sk_error *err);
/* Commits a data file and its codebook (file outputs, `book` NULL for none) together: the codebook
 * is renamed first and removed again if the data file then fails, both in one step as an
 * interrupt sees it, so neither stands without the other. */
int output_commit_pair(struct output *data, struct output *book, struct sk_error *err);
/* Abandons the output: the temporary file is removed, the target untouched. */
void output_abort(struct output *o);

/* A directory written the same way: files go into DIR.tmp-sk<pid>-XXXXXX, which becomes DIR at
 * the end. DIR is never replaced unless `force`: an existing DIR is refused when opening (exit
 * 2), and one that appears while the output is written (another run into the same DIR) is left as
 * it is and the commit fails (exit 4), since the new directory is moved in with
 * renameat2(RENAME_NOREPLACE) (or, where the file system rejects the flag, mkdir then rename,
 * which replaces only the empty directory it just made). With `force` the complete new directory
 * takes DIR's place in one step (RENAME_EXCHANGE; else the old one is first moved aside) and the
 * old one is removed after. */
struct output_dir {
	char *path;
	char *tmp;
	char *aside; /* the old DIR moved aside (force, without RENAME_EXCHANGE) */
	int force;
	int swapped; /* tmp holds the old DIR after RENAME_EXCHANGE */
};
int output_dir_open(struct output_dir *d, const char *path, int force, struct sk_error *err);
int output_dir_commit(struct output_dir *d, struct sk_error *err);
void output_dir_abort(struct output_dir *d);

#endif
