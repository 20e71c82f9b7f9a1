/* What keeps a run's outputs from harming anything else; io/output.h writes every output through
 * it, so every command, present or future, has these rules:
 *
 * Inputs. Every file a command reads is registered when a reader in io/ opens it
 * (output_guard_input: its path, device and inode). output_guard_check refuses (exit 2, naming
 * both paths) a target that is the same file as an input (same device and inode, whatever the
 * spelling: ./x and x, a symbolic or a hard link), or a directory to be replaced that is one of
 * the directories above an input's real path. An input no longer at its path (removed: its inode
 * may be reused) guards nothing.
 *
 * Interruption. output_guard_start (called by main before any thread starts) blocks SIGINT,
 * SIGTERM and SIGHUP in every thread and hands them to a guard thread. On one of them the guard
 * takes the registry's lock for good (no temporary is committed, created or forgotten after
 * that), kills (SIGKILL) and reaps every child started with output_guard_fork (gnuplot), removes
 * every temporary file and directory still registered, and ends the process by the same signal
 * (a shell reports 128 + its number: 130 for Ctrl-C, 143 for SIGTERM). A directory being written
 * is renamed before it is removed, so the threads still writing into it by path can add nothing
 * more to it. Without output_guard_start (unit tests, fuzzing) nothing is guarded.
 *
 * Temporary names. A temporary of TARGET is TARGET.tmp-sk<pid>-XXXXXX beside it ("sk" marks
 * surveykit's, <pid> the process that made it; the target's name is shortened when the whole would
 * exceed NAME_MAX). SIGKILL cannot be caught: the next output to the same TARGET removes the
 * temporaries of TARGET whose process is no longer running (and that belong to the same user),
 * and only those. */
#ifndef SURVEYKIT_IO_OUTPUT_GUARD_H
#define SURVEYKIT_IO_OUTPUT_GUARD_H

#include <sys/types.h>

#include "io/error.h"

/* Registers a file opened for reading (`fd` open on `path`) as one no output may replace. Only
 * regular files are registered; registering one twice is harmless. Thread-safe. */
void output_guard_input(const char *path, int fd);
/* 0, or exit 2 with a message when writing `target` would replace an input: `target` is one, or
 * (`as_dir`: a directory to be replaced) holds one. A target that does not exist replaces nothing. */
int output_guard_check(const char *target, int as_dir, struct sk_error *err);

/* Starts the guard thread; 0, or -1 with errno (then nothing is guarded). */
int output_guard_start(void);
/* fork(2), with the child registered before an interrupt can see it. The child must only exec
 * (it inherits the blocked signals: unblock them first) and never calls into io/output. */
pid_t output_guard_fork(void);
/* waitpid(2) for such a child, which is forgotten when it is reaped: 0, or -1 with errno. */
int output_guard_wait(pid_t pid, int *status);

/* For io/output.c. The template TARGET.tmp-sk<pid>-XXXXXX (malloc'ed; NULL when out of memory). */
char *output_guard_temp_name(const char *target);
/* Removes the temporaries of `target` left by processes no longer running. */
void output_guard_remove_stale(const char *target);
/* Makes the temporary file (mkstemp: returns its descriptor) or directory (`dir`, mkdtemp:
 * returns 0) from `templ` and registers it as a temporary of `target`; -1 with errno. */
int output_guard_temp(char *templ, const char *target, int dir);
/* Runs finish(arg) (the renames into place, or the removal) and, when it returns 0, forgets the
 * n temporaries `tmps`, in one step as the guard sees it: an interrupt comes before (the
 * temporaries are removed) or after (they are gone). Returns what finish returns, errno as
 * finish left it. */
int output_guard_finish(const char *const *tmps, size_t n, int (*finish)(void *arg), void *arg);
/* Removes a file or a directory tree (symbolic links are removed, not followed): 0 when gone. */
int output_guard_remove(const char *path);

#endif
