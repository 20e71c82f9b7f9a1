/* surveykit describe as typed steps (analysis/commands.h): the request, the result and the
 * functions behind describe_steps. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_DESCRIBE_H
#define SURVEYKIT_ANALYSIS_COMMANDS_DESCRIBE_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "io/error.h"
#include "models/descriptives.h"

struct describe_request {
	const char *by;     /* --by (borrowed from the command line; NULL when not given) */
	double max_missing; /* --max-missing, a share in [0, 1] */
	size_t threads;     /* the passes run side by side on this many threads (analysis/data/
			       parallel.h; 0: one per processor); the result does not depend on it */
};

/* The moments of one column: an item of scale `scale`, or a numeric variable. */
struct describe_column {
	size_t col, scale;
	struct moments m;
};

/* The distribution of a scale score, overall or in one group. */
struct describe_scale {
	struct moments m;
	double median;
};

enum describe_flag { DESCRIBE_DUPLICATE_ID, DESCRIBE_STRAIGHT_LINING, DESCRIBE_MANY_MISSING };

/* A respondent flagged for the data-quality table: a duplicate id (`id_text`, else `id_value`, and
 * the line of its first occurrence), or a pattern of answers with its value (the answer given
 * every time, or the number of items missing). */
struct describe_case {
	enum describe_flag flag;
	size_t line, first_line;
	const char *id_text;
	double id_value, value;
};

struct describe_result {
	const struct dataset *ds;   /* borrowed: the input, its notes and the rows left out */
	struct describe_column *items, *vars;
	size_t n_items, n_vars;
	struct grouping *freq;      /* the group columns' frequencies */
	size_t n_freq;
	struct grouping by;         /* --by (has_by) */
	int has_by;
	struct describe_scale *scales; /* ds->n_scales */
	struct describe_scale *groups; /* with --by: scale s at level l is groups[s * levels + l] */
	size_t used;                /* rows with every scale score */
	size_t id_col;              /* SIZE_MAX without an id column */
	size_t duplicate_ids, straight_lining, many_missing;
	struct describe_case *cases;
	size_t n_cases;
};

int describe_request_parse(const struct cli *cli, struct describe_request *q, struct sk_error *err);
void describe_request_release(struct describe_request *q);
int describe_run(const struct describe_request *q, const struct dataset *ds, struct describe_result *res,
		 struct sk_error *err);
json_t *describe_emit(const struct describe_result *res);
size_t describe_used(const struct describe_result *res);
void describe_result_release(struct describe_result *res);

#endif
