/* surveykit crosstab in the typed-results style: the request (checked before any data is read),
 * the run (models/crosstab.h on the counts of two grouping variables) and its document. */
#ifndef SURVEYKIT_ANALYSIS_CROSSTAB_H
#define SURVEYKIT_ANALYSIS_CROSSTAB_H

#include <jansson.h>

#include "analysis/data/dataset.h"
#include "models/crosstab.h"

/* Most cells of a table (levels of --rows times levels of --cols): a table is read by people, and
 * the counts, percentages and residuals take 8 arrays of this size. */
#define CROSSTAB_MAX_CELLS 100000
/* Most Monte Carlo tables (--sims). */
#define CROSSTAB_MAX_SIMS 10000000

/* Most bands of --bands. */
#define CROSSTAB_MAX_BANDS 32

struct crosstab_request {
	const char *rows, *cols;
	/* --bands B1,B2,...: --cols is a number grouped as under B1, B1 to under B2, ..., Bk and over */
	double bands[CROSSTAB_MAX_BANDS];
	size_t n_bands;
	struct crosstab_options opt; /* level from --ci; fisher, reps and seed from the options */
};

struct crosstab_result {
	size_t n_rows, used;          /* rows read; rows with both variables */
	double level;                 /* of Cramer's V interval */
	json_t *envelope;             /* dataset_doc */
	json_t *dropped;              /* what dataset_note_dropped wrote */
	struct grouping r, c;
	int have_r, have_c;
	size_t *counts;               /* r.n_levels x c.n_levels */
	struct crosstab *ct;
	int status;                   /* crosstab_run's */
};

int crosstab_request_parse(const struct cli *cli, struct crosstab_request *rq, struct sk_error *err);
/* Borrows names and labels from the dataset: release the result before the dataset. */
int crosstab_run_table(const struct crosstab_request *rq, const struct dataset *ds, struct crosstab_result *res,
		       struct sk_error *err);
json_t *crosstab_emit(const struct crosstab_result *res);
size_t crosstab_used(const struct crosstab_result *res);
void crosstab_result_release(struct crosstab_result *res);

#endif
