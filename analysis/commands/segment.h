/* surveykit segment as typed steps (analysis/commands.h): the request, the result the report
 * reads (its findings and profile chart), and the functions behind segment_steps. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_SEGMENT_H
#define SURVEYKIT_ANALYSIS_COMMANDS_SEGMENT_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "io/error.h"
#include "models/oneway.h"

#define SEGMENT_MAX_ON 6
#define SEGMENT_MAX_SEGMENTS 64

enum segment_method { SEG_MEDIAN, SEG_TERTILE, SEG_KMEANS };

struct segment_request {
	enum segment_method method;
	char **on, **outcomes; /* outcomes NULL: every scale not in --on */
	size_t n_on, n_outcomes;
	size_t k, starts, seed; /* k-means */
	double level;
};

/* One outcome's profile: its summary in every segment (empty ones too) and the one-way tests
 * across the non-empty ones (a status not 0: the test could not be computed). */
struct segment_outcome {
	char *name;
	struct group_summary *sum; /* n_seg */
	size_t segments;           /* non-empty segments */
	int anova_status, welch_status;
	struct oneway_anova anova;
	struct ftest welch;
};

struct segment_kmeans {
	size_t k, starts, seed, converged, best_starts;
	double total_within, between_ss, total_ss;
	double *centre_z; /* k x n_on */
	double *within;   /* k */
};

struct segment_result {
	const struct dataset *ds; /* borrowed: the input, its notes and the rows left out */
	const struct segment_request *q;
	size_t used;              /* rows with every --on variable */
	double cuts[SEGMENT_MAX_ON][2]; /* median or tertile: each --on variable's cut points */
	struct segment_kmeans km;
	size_t n_seg;
	char **label;             /* "\n" between the variables' parts */
	char **flat;              /* on one line: "involvement low, trust high" */
	size_t *n;                /* per segment */
	double *mean_on;          /* n_seg x n_on: the segment's mean of each --on variable */
	struct segment_outcome *outcomes;
	size_t n_outcomes;
};

int segment_request_parse(const struct cli *cli, struct segment_request *q, struct sk_error *err);
void segment_request_release(struct segment_request *q);
int segment_run(const struct segment_request *q, const struct dataset *ds, struct segment_result *res,
		struct sk_error *err);
json_t *segment_emit(const struct segment_result *res);
size_t segment_used(const struct segment_result *res);
void segment_result_release(struct segment_result *res);

/* The method's name as the JSON and the report say it: "median", "tertile" or "kmeans". */
const char *segment_method_name(enum segment_method m);

#endif
