/* surveykit moderate as typed steps (analysis/commands.h): PROCESS models 1, 2 and 3 as a preset of
 * the conditional-process engine (models/process_model.h, process_fit.h, process_effects.h,
 * process_boot.h): moderate_run builds the model, fits it with the engine and reads the engine's
 * tests, conditional effects, conditional interactions, predicted values and bootstrap into a
 * moderate_result, which moderate_emit writes as the document and the report's moderation section
 * reads (its findings and charts: the Johnson-Neyman band is carried here, computed by
 * models/johnson_neyman.h from the engine's coefficients). */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_MODERATE_H
#define SURVEYKIT_ANALYSIS_COMMANDS_MODERATE_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/cli/boot_options.h"
#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "analysis/data/regression_data.h"
#include "io/error.h"
#include "models/bootstrap.h"
#include "models/johnson_neyman.h"
#include "models/process_fit.h"
#include "models/ols.h"
#include "models/ols_tests.h"

struct moderate_request {
	int model;                  /* 1, 2 or 3 */
	const char *y, *x, *w, *z;  /* variable names (z: models 2 and 3) */
	char **cov, **categorical;  /* --cov, --categorical */
	size_t ncov, ncat;
	int center, jn;             /* --center, --jn */
	const char *probe, *probe_z; /* as given: percentiles, meansd or values (checked) */
	struct ols_options o;       /* --hc and the confidence level */
	struct boot_request boot;   /* --boot, --seed, --threads (reps 0: none) */
};

/* A test of the highest-order interaction(s): which 0 is all of them (model 2: X:W and X:Z
 * together), 1 the X:W block, 2 the X:Z block. */
struct moderate_test {
	int which;
	double r2_change;
	struct wald wald;
};

/* Johnson-Neyman, as far as --jn could give it. */
enum moderate_jn_why {
	MODERATE_JN_NOT_ASKED,
	MODERATE_JN_DONE,
	MODERATE_JN_MODEL2,          /* PROCESS has none for model 2 */
	MODERATE_JN_MODEL3_KINDS,    /* model 3 needs continuous X and W and a Z with > 2 values */
	MODERATE_JN_TWO_VALUED       /* model 1: W categorical or with two values */
};

#define MODERATE_JN_MAX_POINTS 8
#define MODERATE_JN_TABLE (JN_INTERVALS + 1 + MODERATE_JN_MAX_POINTS)
/* The band of each effect for a chart: this many equal steps over the observed range. */
#define MODERATE_BAND_POINTS 41

/* The effect whose significance changes over a continuous moderator (model 1: the conditional
 * effect of each X column over W; model 3: the X:W interaction over Z): the transition points,
 * the table over the range, and the band of each effect with its own regions of significance. */
struct moderate_jn {
	enum moderate_jn_why why;
	int omnibus;                   /* a categorical X: the omnibus F of all its columns together */
	const struct reg_var *moderator;
	double lo, hi;                 /* the moderator's observed range in the model's metric */
	size_t np;                     /* transition points, and the % of cases below and above each */
	double points[MODERATE_JN_MAX_POINTS], below[MODERATE_JN_MAX_POINTS], above[MODERATE_JN_MAX_POINTS];
	size_t ng;                     /* the table: jn_grid's values of the moderator */
	double grid[MODERATE_JN_TABLE];
	struct lincom table[MODERATE_JN_TABLE]; /* one effect: theta at each value (jn_band) */
	struct wald ftable[MODERATE_JN_TABLE];  /* omnibus: F at each value (jn_omnibus_f) */
	double f_crit;                 /* omnibus: the critical F */
	/* where the test above is significant: the range cut at the points inside it */
	struct jn_region regions[MODERATE_JN_MAX_POINTS + 1];
	size_t n_regions;
	/* the band: each effect (an X column; the one effect of model 3) theta(w) = a + b w at
	 * MODERATE_BAND_POINTS equal steps of w from lo to hi (jn_band), with its regions (jn_regions),
	 * at the fit's confidence level and critical t */
	size_t n_series;
	struct jn_linear *f;           /* n_series */
	double band_w[MODERATE_BAND_POINTS];
	struct lincom *band;           /* n_series x MODERATE_BAND_POINTS */
	struct jn_region (*own)[3];    /* n_series */
	size_t *n_own;
	double level, t_crit;
};

/* Where each block of the Y equation's design columns sits, as the engine laid them out (0-based;
 * the coefficient is column + 1): X, W, X:W, [Z, X:Z, [W:Z, X:W:Z]], covariates; a block a model
 * lacks starts where the next one does. */
struct moderate_layout {
	size_t nx, nw, nz, ncov;       /* columns of each block (nz = 0 in model 1) */
	size_t k;                      /* design columns */
	size_t x0, w0, xw0, z0, xz0, wz0, xwz0, cov0;
	double center_x, center_w, center_z; /* means subtracted (0 when not centred or categorical) */
};

struct moderate_result {
	const struct moderate_request *rq;
	json_t *envelope;              /* dataset_doc with the notes of the data layer */
	struct reg_var y, x, w, z, *cv;
	size_t *rows, n;
	gsl_matrix *C;                 /* covariates on the rows used */
	struct proc_fit *engine;       /* the engine's fit of the model */
	struct moderate_layout lay;
	char **terms, **labels;        /* design column names, and with value labels */
	const struct ols_fit *fit;     /* the engine's Y equation */
	struct moderate_test tests[3]; /* model 2: X:Z, X:W, both; else the one */
	size_t n_tests;
	struct reg_probes pw, pz, px;  /* the probed values of W, Z (models 2, 3) and X (simple slopes) */
	size_t n_points;               /* probe points: W's, crossed with Z's in models 2 and 3 */
	struct lincom *effect;         /* n_points x nx conditional effects of X's columns */
	struct wald *omnibus;          /* n_points omnibus tests (a categorical X), else NULL */
	struct boot_ci *boot;          /* n_points x nx with --boot, else NULL */
	size_t replaced;               /* resamples redrawn for a singular design */
	struct lincom *xw_at_z;        /* model 3: pz.S x nx x nw conditional X:W interactions */
	struct moderate_jn jn;
	double *yhat;                  /* simple slopes: px.S x n_points predicted Y */
};

int moderate_request_parse(const struct cli *cli, struct moderate_request *rq, struct sk_error *err);
void moderate_request_release(struct moderate_request *rq);
int moderate_run(const struct moderate_request *rq, const struct dataset *ds, struct moderate_result *res,
		 struct sk_error *err);
json_t *moderate_emit(const struct moderate_result *res);
size_t moderate_used(const struct moderate_result *res);
void moderate_result_release(struct moderate_result *res);

/* Probe point s: the index of its W value and (models 2, 3) of its Z value. */
size_t moderate_point_w(const struct moderate_result *res, size_t s);
size_t moderate_point_z(const struct moderate_result *res, size_t s);

#endif
