/* The bootstrap options of moderate and mediate, `--boot [N] --seed S --threads N`, read into one
 * request and checked before any data is read (as compare's request is), so a typo is exit 2 at
 * once rather than after loading a large file.
 *
 * Limits (README "Limits"): at most BOOT_MAX_RESAMPLES resamples (20 times PROCESS's usual 5000;
 * the draws are held in memory, resamples x statistics doubles, and the time grows with
 * resamples x rows); more threads than online processors are capped at that number with a note. */
#ifndef SURVEYKIT_ANALYSIS_BOOT_OPTIONS_H
#define SURVEYKIT_ANALYSIS_BOOT_OPTIONS_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/cli/cli.h"
#include "io/error.h"

#define BOOT_MAX_RESAMPLES 100000
/* Fewer resamples than this get a warning. */
#define BOOT_FEW_RESAMPLES 1000

struct boot_request {
	size_t reps;           /* 0: no bootstrap */
	unsigned long seed;    /* --seed, else from the clock (reported) */
	size_t threads;        /* 0: one per online processor; else at most that number */
	size_t threads_asked;  /* --threads as given, when it was capped (else 0) */
};

/* Reads the options; `reps_absent` is the number of resamples when --boot is not given (0 for
 * moderate, BOOT_DEFAULT_REPS for mediate). Exit 2 with a message for a malformed or out-of-range
 * value: --boot 1, --boot above BOOT_MAX_RESAMPLES, a --seed or --threads that is not a whole
 * number. */
int boot_options_parse(const struct cli *cli, size_t reps_absent, struct boot_request *rq, struct sk_error *err);
/* The warning about few resamples and the note about capped threads, into doc. */
void boot_options_notes(const struct boot_request *rq, json_t *doc);

#endif
