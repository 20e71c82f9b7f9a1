/* surveykit regress as typed steps (analysis/commands.h): the request, the result the report reads
 * (its regression findings and the APA prose), and the functions behind regress_steps. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_REGRESS_H
#define SURVEYKIT_ANALYSIS_COMMANDS_REGRESS_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "analysis/data/regression_data.h"
#include "io/error.h"
#include "models/ols.h"
#include "models/ols_tests.h"
#include "models/regression_diagnostics.h"

struct regress_request {
	const char *y, *by;       /* --y, --by (borrowed from the command line; by NULL when not given) */
	struct ols_options o;     /* --hc and the confidence level */
	char **categorical;       /* --categorical (NULL-terminated, NULL when not given) */
	size_t ncat;
	char **names;             /* the predictors in entry order: covariates then blocks (--blocks), or --x then --cov */
	size_t npred;
	size_t *block_of;         /* --blocks: predictor -> block (0-based; the covariates are block 0) */
	char **block_text;        /* --blocks: each block as written ("covariates" for the covariates) */
	size_t n_blocks;          /* 0 without --blocks */
};

/* One step of the hierarchical entry: the model with the predictors of blocks 0..b, its R2 change
 * over the step before and the (classical) F test of that change. */
struct regress_block {
	struct ols_fit *fit;
	double r2_change;
	struct wald change;
};

struct regress_dcol; /* where a design column's values come from (regress.c) */

struct regress_result {
	const struct regress_request *rq;
	const struct dataset *ds;    /* borrowed: the input, the lines of the rows used */
	json_t *envelope;            /* dataset_doc with the notes of reading the variables and the rows left out */
	struct reg_var y, *pred;     /* the outcome and npred predictors */
	size_t npred, n_blocks;      /* rq's, kept for the release (which may follow the request's) */
	struct grouping by;          /* --by (has_by) */
	int has_by;
	size_t *rows, n;             /* the rows used (indices into the frame) */
	struct regress_dcol *dcols;
	char **terms, **labels;      /* the k design columns' names, and the same with value labels */
	size_t k;
	size_t *col_of;              /* predictor i -> its design columns col_of[i] .. col_of[i + 1] */
	struct ols_fit *fit;         /* the full model, with tolerance, VIF and condition number */
	struct ols_diagnostics diag;
	struct regress_block *blocks; /* rq->n_blocks */
	/* --by: the model in each level of the grouping (NULL for a level without a complete case),
	 * and, when at least two levels have one, the Wald tests that the slopes differ */
	struct ols_fit **group_fit;
	size_t groups_with_data;
	struct wald slopes_all, chow;
	struct wald *slopes_of;      /* predictor i's slopes (NULL: fewer than two groups with data) */
};

int regress_request_parse(const struct cli *cli, struct regress_request *q, struct sk_error *err);
void regress_request_release(struct regress_request *q);
int regress_run(const struct regress_request *q, const struct dataset *ds, struct regress_result *res,
		struct sk_error *err);
json_t *regress_emit(const struct regress_result *res);
size_t regress_used(const struct regress_result *res);
void regress_result_release(struct regress_result *res);

/* The coefficient of design column `term` ("trait", "scenario=2") in `fit`: its index in fit->b,
 * or 0 (the intercept's) when no design column has that name. */
size_t regress_term_index(const struct regress_result *res, const char *term);

#endif
