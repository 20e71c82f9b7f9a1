/* Output that is never half-written and never replaces an input: a file is written under a
 * temporary name beside its target and renamed into place only when complete; on any failure the
 * temporary file is removed. Standard output is checked with fflush/ferror so a full disk or a
 * closed pipe is exit 4.
 *
 * Inputs: every file a command reads is registered when it is opened (output_protect_input, called
 * by the readers in io/), by device and inode and with the device and inode of every directory
 * above its real path. output_open refuses (exit 2, naming both paths) a target that is the same
 * file as an input (whatever the spelling: ./x and x, a symbolic or a hard link), and
 * output_dir_open a directory that is an input or holds one; so no command, present or future,
 * can overwrite what it reads. */
#ifndef SURVEYKIT_IO_OUTPUT_H
#define SURVEYKIT_IO_OUTPUT_H

#include <pthread.h>
#include <signal.h>
#include <stdio.h>

#include "io/error.h"

struct output {
	FILE *fp;
	char *path; /* NULL for stdout */
	char *tmp;
};

/* Registers a file opened for reading (`fd` open on `path`) as one no output may replace. Only
 * regular files are registered; registering one twice is harmless. Thread-safe. */
void output_protect_input(const char *path, int fd);

/* "dir/name" (malloc'ed), NULL when out of memory: a path whose length no fixed buffer limits. */
char *output_path(const char *dir, const char *name);

/* path NULL or "-" means standard output. An existing target that is not a regular file
 * (/dev/null, a named pipe) is written in place; a symbolic link's target file is replaced. */
int output_open(struct output *o, const char *path, struct sk_error *err);
/* Flushes, closes and renames; exit 4 with a message on any write error (temp file removed). */
int output_commit(struct output *o, struct sk_error *err);
/* Abandons the output: the temporary file is removed, the target untouched. */
void output_abort(struct output *o);

/* A directory written the same way: files go into DIR.tmp-XXXXXX, which becomes DIR at the end.
 * DIR is never replaced unless `force`: an existing DIR is refused when opening (exit 2), and one
 * that appears while the output is written (another run into the same DIR) is left as it is and
 * the commit fails (exit 4), since the new directory is moved in with renameat2(RENAME_NOREPLACE)
 * (or, where the file system rejects the flag, mkdir then rename, which replaces only the empty
 * directory it just made). With `force` the complete new directory takes DIR's place in one step
 * (RENAME_EXCHANGE; else the old one is first moved aside) and the old one is removed after.
 * While it is open, SIGINT, SIGTERM and SIGHUP are blocked in the calling thread (and the threads
 * it starts) and taken by a guard thread that removes DIR.tmp-XXXXXX and exits with 128 + the
 * signal, as a shell reports it: an interrupted run leaves nothing behind. Open it before starting
 * threads. */
struct output_dir {
	char *path;
	char *tmp;
	char *aside; /* the old DIR moved aside (force, without RENAME_EXCHANGE) */
	int force;
	int swapped; /* tmp holds the old DIR after RENAME_EXCHANGE */
	int guarded;
	volatile int stopping;
	pthread_t guard;
	sigset_t saved_mask;
};
int output_dir_open(struct output_dir *d, const char *path, int force, struct sk_error *err);
int output_dir_commit(struct output_dir *d, struct sk_error *err);
void output_dir_abort(struct output_dir *d);

#endif
