/* surveykit cfa: the measurement model of a wave as a confirmatory factor analysis, in the
 * typed-results style: cfa_request_parse reads and checks every option before any data is read
 * (exit 2), cfa_run fits the models (models/cfa_*.h, htmt.h, harman.h) and writes no JSON,
 * cfa_emit is the only place naming the document's keys (analysis/commands/cfa_emit.c).
 *
 * The model: one factor per scale of the codebook (or of the inferred scales; --scales for a
 * subset) measured by its reverse-coded items, or the lavaan-syntax model of --model FILE (items
 * are data columns, reverse-coded when the codebook says so). Fitted as lavaan 0.6.14's cfa()
 * with its defaults (models/cfa_fit.h), --std lv as std.lv = TRUE, --estimator and --missing as
 * lavaan's estimator = "ML"/"MLM"/"MLR" and missing = "listwise"/"ml".
 *
 * With --group VAR --invariance the measurement model is fitted to the rows whose group is
 * known, then the configural, metric, scalar and strict multi-group models (models/
 * cfa_invariance.h), each against the one before, --free listing the equalities left out.
 *
 * Exit codes: 2 for options (before reading), 3 for a model file that cannot be read or names
 * what the data lack, or a model that cannot be identified (df < 0, a singular information
 * matrix); 1 for data the model cannot be fitted to (a singular sample covariance matrix, an
 * item without variance, too few rows, no convergence). An inadmissible solution (Heywood case,
 * a latent correlation beyond 1) is reported with a warning naming the item or factors. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_CFA_H
#define SURVEYKIT_ANALYSIS_COMMANDS_CFA_H

#include <jansson.h>
#include <stddef.h>

#include <gsl/gsl_matrix.h>

#include "analysis/cli/boot_options.h"
#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "models/cfa_fit.h"
#include "models/cfa_invariance.h"
#include "models/cfa_modindices.h"
#include "models/cfa_validity.h"
#include "models/harman.h"
#include "models/htmt.h"

/* modification indices shown; residual correlations shown when larger in absolute value */
#define CFA_MI_SHOWN 10
#define CFA_RESID_SHOWN 0.1
/* Cheung & Rensvold (2002): a CFI drop above .01; Chen (2007): an RMSEA rise above .015 */
#define CFA_DELTA_CFI -0.01
#define CFA_DELTA_RMSEA 0.015
/* Hair et al.; Fornell & Larcker (1981) */
#define CFA_CR_BELOW 0.70
#define CFA_AVE_BELOW 0.50

/* --free: an equality left out of the invariance steps, by name (resolved against the model) */
struct cfa_free {
	char *item, *factor; /* factor: only for a loading */
	int kind;            /* -1: every equality of the item; else enum cfa_kind */
};

struct cfa_request {
	char **scales;
	size_t n_scales;
	const char *model; /* --model FILE */
	enum cfa_estimator estimator;
	enum cfa_missing missing;
	int std_lv;
	const char *group;
	int invariance;
	struct cfa_free *free;
	size_t n_free;
	struct boot_request boot;
	size_t max_iter;
	double ci;
};

/* The text of a parsed --free list is freed here. */
void cfa_request_release(struct cfa_request *rq);
int cfa_request_parse(const struct cli *cli, struct cfa_request *rq, struct sk_error *err);

struct cfa_result {
	const struct dataset *ds;       /* borrowed */
	const struct cfa_request *rq;   /* borrowed */
	char **items, **factors;        /* p and m names (owned) */
	size_t p, m;
	size_t *col;                    /* the data column of each item */
	size_t rows_with_missing;       /* FIML: used rows missing at least one item */
	struct cfa_fit *fit;
	/* validity (m >= 1) */
	struct cfa_validity *validity;
	gsl_matrix *fl;                 /* m x m Fornell-Larcker table */
	/* the largest modification indices */
	struct cfa_mi *mi;
	size_t n_mi;
	/* common method: Harman's test and the single-factor CFA (m >= 2) */
	struct harman harman;
	int harman_ok;
	struct cfa_fit *one_factor;
	struct cfa_step_result one_factor_test;
	/* HTMT (m >= 2, each item on one factor with two or more items) */
	struct htmt *htmt;
	size_t htmt_n;
	struct htmt_interval *htmt_ci;  /* 2 htmt_n_pairs(m) with --boot */
	size_t htmt_replaced;
	/* invariance */
	int invariance;
	struct cfa_invariance inv;
	char **group_labels;            /* per group of the multi-group fits (borrowed from grouping) */
	size_t groups;
	struct grouping grouping;
	/* what the run could not do or found doubtful, as lines (owned) */
	char **notes, **warnings;
	size_t n_notes, n_warnings;
};

int cfa_run(const struct cfa_request *rq, const struct dataset *ds, struct cfa_result *res, struct sk_error *err);
/* The document of a result (the envelope, notes on dropped rows and every table); NULL when out
 * of memory. */
json_t *cfa_emit(const struct cfa_result *res);
size_t cfa_used(const struct cfa_result *res);
void cfa_result_release(struct cfa_result *res);

/* Adds a line to res's notes (warning 0) or warnings; -1 when out of memory. */
int cfa_result_line(struct cfa_result *res, int warning, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* "the residual variance of item 'x3' is negative" and the like, for a fit's why. */
void cfa_why_text(const struct cfa_why *why, const struct cfa_spec *spec, char *const *items, char *const *factors,
		  char *const *groups, char *buf, size_t size);

#endif
