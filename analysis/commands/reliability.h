/* surveykit reliability as typed steps (analysis/commands.h): the request, the result the report
 * reads (its findings and the APA prose), and the functions behind reliability_steps. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_RELIABILITY_H
#define SURVEYKIT_ANALYSIS_COMMANDS_RELIABILITY_H

#include <jansson.h>
#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "io/error.h"
#include "models/reliability.h"

struct reliability_request {
	const char *scale, *by;     /* --scale, --by (borrowed from the command line; NULL when not given) */
	int validity;               /* --validity */
	size_t max_items, max_vars; /* --max-items, --max-vars */
	double level;               /* --ci as a proportion */
	size_t threads;             /* scales accumulated side by side on this many threads (analysis/
				       data/parallel.h; 0: one per processor); the result does not depend on it */
};

/* One scale in one group: the items kept and the result (rel), or why there is none (why). */
struct reliability_unit {
	const struct scale *s;
	struct reliability *rel;
	size_t *keep;               /* indices into s->items of the items used */
	size_t k, n;
	size_t *constant;           /* the items removed for having no variance, in order */
	double *constant_value;     /* the one value each of them has */
	size_t n_constant;
	char why[512];
};

/* --validity in one group: the AVE of each scale, the correlations of the scale scores (m x m,
 * NULL beyond --max-vars scales) and whether each scale passes Fornell-Larcker (-1: not known). */
struct reliability_validity {
	gsl_vector *ave;
	gsl_matrix *cor;
	int *ok;
};

/* m scales in `levels` groups (1 without --by): units[l * m + a] is scale a in group l. */
struct reliability_result {
	const struct dataset *ds;   /* borrowed: the input, its notes and the rows left out */
	const struct scale **scales;
	size_t m, levels;
	struct grouping g;
	int by;
	double level;
	size_t max_vars;
	struct reliability_unit *units;
	struct variable *scores;    /* --validity: the scale scores */
	struct reliability_validity *validity; /* --validity: one per group, else NULL */
};

int reliability_request_parse(const struct cli *cli, struct reliability_request *q, struct sk_error *err);
void reliability_request_release(struct reliability_request *q);
int reliability_run(const struct reliability_request *q, const struct dataset *ds, struct reliability_result *res,
		    struct sk_error *err);
json_t *reliability_emit(const struct reliability_result *res);
size_t reliability_used(const struct reliability_result *res);
void reliability_result_release(struct reliability_result *res);

#endif
