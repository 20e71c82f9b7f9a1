/* Errors that end a command: an exit code from the documented set and a one-line message.
 *
 * Every function that can fail for a reason the user must hear fills a struct sk_error and
 * returns its code; main prints "surveykit: <msg>" to stderr and exits with that code. */
#ifndef SURVEYKIT_IO_ERROR_H
#define SURVEYKIT_IO_ERROR_H

#include <stdarg.h>

/* Exit codes (README "Output and exit codes"); the numbers are part of the command-line contract.
 * A type of their own: a GSL status (GSL_EDOM, ...) or a models/ status is never returned as an
 * exit code; the command that gets one turns it into SK_EXIT_ANALYSIS with a message. Out of
 * memory is SK_EXIT_ANALYSIS, always through sk_out_of_memory or a message ending in it. */
enum sk_exit {
	SK_EXIT_OK = 0,
	SK_EXIT_ANALYSIS = 1, /* the analysis cannot be done on this data */
	SK_EXIT_USAGE = 2,    /* bad command line */
	SK_EXIT_INPUT = 3,    /* unreadable or invalid input file */
	SK_EXIT_OUTPUT = 4,   /* output cannot be written */
};

struct sk_error {
	enum sk_exit code;
	char msg[1024];
};

/* Sets code and a printf-style message; returns code so callers can `return sk_fail(...)`. A
 * message longer than msg keeps its beginning and its end (the reason) around "...". */
int sk_fail(struct sk_error *err, enum sk_exit code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* "out of memory" with exit 1 (the one exit code for out of memory): the analysis could not be
 * done here. Returns SK_EXIT_ANALYSIS. */
int sk_out_of_memory(struct sk_error *err);

/* Prefixes the existing message with more context ("'wave.csv': " + msg). */
void sk_error_prefix(struct sk_error *err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
