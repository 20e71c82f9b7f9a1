/* surveykit process: any model PROCESS v4 numbers (models/process_model.h) on a wave, and the
 * two-condition within-subject designs of MEMORE (models/memore.h), in the typed-results style:
 *   process_request_parse  every option checked before any data is read (exit 2, one line);
 *   process_run            the variables read, rows left out counted, the engine run (no JSON);
 *   process_emit           the only place naming the document's keys (process_emit.c);
 *   process_result_release.
 * The within-subject design has its own run and emit (process_within.c) on the same request.
 *
 * Conventions matched (tests/cli/cases/process.sh, values from scripts/ref/process_cli.R): each
 * equation is R's lm (HC standard errors as sandwich::vcovHC) or, for a Y with two values,
 * glm(family = binomial) with Wald CIs; probe values are PROCESS's (quantile type 6); effects are
 * computed from the equations' coefficients as PROCESS defines them (models/process_effects.h);
 * the within-subject design follows MEMORE (models/memore.h).
 *
 * The document's envelope (dataset_doc: the file, rows used, the data layer's notes, and the rows
 * left out by reason from analysis/data/regression_data.h's reg_rows) is made by process_run
 * and carried in the result; process_emit adds every key of the analysis to it. */
#ifndef SURVEYKIT_ANALYSIS_PROCESS_H
#define SURVEYKIT_ANALYSIS_PROCESS_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/cli/boot_options.h"
#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "analysis/data/regression_data.h"
#include "io/error.h"
#include "models/bootstrap.h"
#include "models/coding.h"
#include "models/memore.h"
#include "models/moderation.h"
#include "models/ols.h"
#include "models/process_effects.h"
#include "models/process_fit.h"
#include "models/process_jn.h"
#include "models/process_logit.h"
#include "models/process_model.h"

/* --wmodval / --zmodval: at most this many values each. */
#define PROCESS_MAX_MODVALS 8

struct process_request {
	int within;                  /* --within: MEMORE (y holds two names, m pairs) */
	int model;                   /* --model */
	const char *y, *x, *w, *z;   /* borrowed from the command line */
	char **m, **cov, **y_pair;   /* --m, --cov, and --y split for --within */
	size_t k, ncov;
	unsigned char *cov_in;       /* --cmatrix as proc_model_init takes it (NULL: every covariate everywhere) */
	enum coding_system mcx, mcw; /* 0: continuous */
	enum proc_center center;
	enum mod_probe_kind probe;   /* --moments: mean and +/- SD */
	double wmodval[PROCESS_MAX_MODVALS], zmodval[PROCESS_MAX_MODVALS]; /* given probe values (data's metric) */
	size_t n_wmodval, n_zmodval;
	int jn, effsize, contrast;   /* contrast: 0, 1 (differences) or 2 (differences of absolute values) */
	struct ols_options ols;      /* --hc, --conf (or the global --ci) */
	struct boot_request boot;
	/* Set by the presets on the engine (mediate): */
	const char *command;         /* the document's command (NULL: "process") */
	int preset_categorical;      /* X and W indicator-coded when the codebook groups them or
				      * `categorical` lists them, notes on the variables in the document */
	char **categorical;          /* borrowed */
	int ols_only;                /* Y by OLS even with two values */
	int modval_centred;          /* wmodval, zmodval in the model's (centred) metric, not the data's */
};

int process_request_parse(const struct cli *cli, struct process_request *rq, struct sk_error *err);
void process_request_release(struct process_request *rq);

/* What an effect row is. */
enum process_effect_kind {
	PE_TOTAL,            /* total effect (normal theory) */
	PE_DIRECT,           /* conditional direct effect of X (normal theory; no bootstrap) */
	PE_INDIRECT,         /* indirect effect of a path at a point */
	PE_TOTAL_INDIRECT,   /* the sum over paths (models with no moderated path) */
	PE_INDEX,            /* index of moderated mediation (or of partial moderated mediation) */
	PE_INDEX_CONDITIONAL,/* index of conditional moderated mediation: by `of`, the other at `at` */
	PE_INDEX_MM,         /* index of moderated moderated mediation */
	PE_CONTRAST,         /* omega(path) - omega(path2) at a point */
};

/* The point an effect is conditional on: probe index of each variable of `mask` (-1: not set). */
struct process_at {
	unsigned mask;
	size_t probe[PROC_Y];
};

struct process_effect {
	enum process_effect_kind kind;
	struct proc_stat stat;   /* the quantity (bootstrapped unless DIRECT or TOTAL) */
	struct process_at at;
	int of;                  /* INDEX, INDEX_CONDITIONAL, INDEX_MM: the moderator differentiated by */
	size_t of_col;
	int of2;                 /* INDEX_MM: the second one */
	size_t of2_col;
	struct lincom lc;        /* DIRECT, TOTAL */
	double est, partial, complete; /* complete: NaN unless continuous X (with --effsize) */
	size_t boot_col[3];      /* draws' columns of est, partial, complete (SIZE_MAX: none) */
	struct boot_ci ci[3];
};

/* A test of the highest-order unconditional interaction(s) of an equation. */
struct process_itest {
	size_t eq;
	struct proc_test_set set;
	double r2_change;        /* OLS */
	double stat, df1, df2, p; /* F (OLS) or likelihood-ratio chi-square (logistic: df2 = NaN) */
};

/* Conditional effect of antecedent a (column col) in equation eq at a point of its moderators
 * (PROCESS's "conditional effects of the focal predictor" under each equation). */
struct process_cond {
	size_t eq, col;
	int a;
	int by_w;                /* 1: the a x W interaction (column wcol of W) at a point of Z (model 3's
				  * "conditional X*W interaction at values of Z"), not a's effect */
	size_t wcol;
	struct process_at at;
	struct lincom lc;
};

/* Omnibus test of a multicategorical X's direct effect at a point (PROCESS: "test of equality of
 * conditional means"; Wald chi-square / q on (q, infinity) df with a logistic Y). */
struct process_omnibus {
	struct process_at at;
	struct wald wd;
};

struct process_jn_row {
	struct proc_jn jn;
	struct process_at at;    /* the link's other moderators */
	double band_values[JN_INTERVALS + 1 + PROC_JN_MAX_POINTS];
	struct lincom band[JN_INTERVALS + 1 + PROC_JN_MAX_POINTS];
	size_t n_band;
};

/* A variable's levels (multicategorical X or W) for the coding table. */
struct process_levels {
	size_t n;
	const char *level[CODING_MAX_LEVELS], *label[CODING_MAX_LEVELS];
};

#define PROCESS_MAX_PROBES 16

struct process_result {
	const struct process_request *rq;
	json_t *envelope;                /* dataset_doc with the notes of the data layer */
	struct reg_var y, x, w, z, m[PROC_MAX_MEDIATORS], *cv;
	size_t *rows, n;
	gsl_matrix *C;                   /* covariates on the rows used */
	size_t *xlevel, *wlevel;         /* multicategorical X, W: level of each row used */
	struct process_levels xl, wl;
	struct proc_model model;
	struct proc_fit *fit;
	int logistic;
	double probe[PROC_Y][PROCESS_MAX_PROBES];
	size_t n_probe[PROC_Y];
	int clamped[PROC_Y];
	struct process_itest *tests;
	size_t n_tests;
	struct process_effect *eff;
	size_t n_eff;
	struct process_cond *cond;
	size_t n_cond;
	struct process_omnibus *omni;
	size_t n_omni;
	struct process_jn_row *jn;
	size_t n_jn;
	size_t boot_stats, replaced;     /* bootstrap: statistics drawn, resamples drawn again */
};

int process_run(const struct process_request *rq, const struct dataset *ds, struct process_result *res,
		struct sk_error *err);
/* The effects, tests, Johnson-Neyman regions and bootstrap of a fitted result
 * (process_results.c; called by process_run). */
int process_results_compute(struct process_result *res, struct sk_error *err);
json_t *process_emit(struct process_result *res);
void process_result_release(struct process_result *res);
/* The between-subject model's steps for the report (analysis/commands.h's command_steps; emit hands
 * the envelope the result holds over to the document, as process_emit does). */
struct command_steps;
extern const struct command_steps process_steps;

/* The name of variable v of the model (X, W, Z, a mediator, Y) as given. */
const char *process_var_name(const struct process_result *res, int v);
/* "name", or "name_D1" for code column c of a multicategorical variable (malloc'd). */
char *process_column_name(const struct process_result *res, int v, size_t c);

/* Within-subject designs (MEMORE). */
struct process_within_result {
	const struct process_request *rq;
	json_t *envelope;
	struct reg_var y1, y2, *m1, *m2, w;
	size_t n;
	struct memore *med;              /* mediation (--m) */
	struct memore_mod *mod;          /* moderation (--w) */
	gsl_matrix *draws;
	size_t replaced;
	double probe[3];
	size_t n_probe;
	double jn_points[2];
	size_t n_jn;
};
int process_within_run(const struct process_request *rq, const struct dataset *ds, struct process_within_result *res,
		       struct sk_error *err);
json_t *process_within_emit(struct process_within_result *res);
void process_within_release(struct process_within_result *res);

#endif
