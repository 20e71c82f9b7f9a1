#include "analysis/cli/boot_options.h"

#include <time.h>
#include <unistd.h>

#include "io/doc.h"
#include "models/bootstrap.h"

int boot_options_parse(const struct cli *cli, size_t reps_absent, struct boot_request *rq, struct sk_error *err)
{
	size_t seed = 0;
	long cores;
	int status;

	*rq = (struct boot_request){.reps = reps_absent};
	if ((cli_get(cli, "boot") && (status = cli_get_size(cli, "boot", BOOT_DEFAULT_REPS, &rq->reps, err)) != 0) ||
	    (status = cli_get_size(cli, "threads", 0, &rq->threads, err)) != 0 ||
	    (status = cli_get_size(cli, "seed", 0, &seed, err)) != 0)
		return status;
	if (rq->reps == 1)
		return sk_fail(err, SK_EXIT_USAGE, "--boot 1: a bootstrap CI needs 2 or more resamples (5000 is usual)");
	if (rq->reps > BOOT_MAX_RESAMPLES)
		return sk_fail(err, SK_EXIT_USAGE, "--boot %zu: at most %d resamples (5000 is usual)", rq->reps,
			       BOOT_MAX_RESAMPLES);
	rq->seed = cli_get(cli, "seed") ? (unsigned long)seed : (unsigned long)time(NULL);
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (rq->threads > 1 && rq->threads > (size_t)(cores > 1 ? cores : 1)) {
		rq->threads_asked = rq->threads;
		rq->threads = (size_t)(cores > 1 ? cores : 1);
	}
	return 0;
}

void boot_options_notes(const struct boot_request *rq, json_t *doc)
{
	if (rq->reps && rq->reps < BOOT_FEW_RESAMPLES)
		doc_warning(doc, "%zu bootstrap resamples are few for a 95%% CI; 5000 is usual", rq->reps);
	if (rq->reps && rq->threads_asked)
		doc_note(doc, "--threads %zu is more than the %zu processors available: %zu threads used (the results do "
			      "not depend on it)", rq->threads_asked, rq->threads, rq->threads);
}
