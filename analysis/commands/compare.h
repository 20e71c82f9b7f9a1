/* surveykit compare in the typed-results style: compare_request_parse checks the options before
 * any data is read, compare_run fits the design into a struct compare_result (calling models/,
 * writing no JSON), compare_emit turns the result into the document (the only place naming its
 * keys), so that the report can read the numbers from the result.
 * Designs: between-subjects one-way and two-way (compare_between.c), within-subjects and mixed
 * (compare_within.c); compare_emit.c writes them. */
#ifndef SURVEYKIT_ANALYSIS_COMPARE_H
#define SURVEYKIT_ANALYSIS_COMPARE_H

#include <jansson.h>

#include "analysis/data/dataset.h"
#include "models/ancova.h"
#include "models/contrasts.h"
#include "models/effect_size.h"
#include "models/factorial_anova.h"
#include "models/jonckheere.h"
#include "models/manova.h"
#include "models/paradox.h"
#include "models/zone.h"
#include "models/oneway.h"
#include "models/paired.h"
#include "models/posthoc.h"
#include "models/rank_tests.h"
#include "models/rm_anova.h"

enum posthoc_set { POSTHOC_SET_TUKEY = 1, POSTHOC_SET_GAMES_HOWELL = 2, POSTHOC_SET_BONFERRONI = 4 };

enum compare_contrast {
	COMPARE_CONTRAST_NONE,
	COMPARE_CONTRAST_LINEAR,     /* the linear trend */
	COMPARE_CONTRAST_QUADRATIC,  /* the linear and quadratic trends (SPSS ONEWAY /POLYNOMIAL = 2) */
	COMPARE_CONTRAST_SEQUENTIAL, /* each level minus the one before */
	COMPARE_CONTRAST_HELMERT,    /* each level minus the mean of the later ones */
	COMPARE_CONTRAST_CUSTOM,     /* weights given, one per level */
};

/* The options of a compare run, checked before any data is read. */
struct compare_request {
	const char *y, *between;
	char **by, **within;
	size_t n_by, n_within, ss_type;
	unsigned posthoc;
	double level; /* --ci */
	enum compare_contrast contrast;
	double *weights, *scores; /* --contrast W1,W2,...; --scores S1,S2,... (polynomial spacing) */
	size_t n_weights, n_scores;
	char **ys, **cov;         /* --y A[,B...] (several: MANOVA), --cov X[,Z...] (ANCOVA, MANCOVA) */
	size_t n_y, n_cov;
	const char *control;      /* --control LEVEL (else the codebook's control of --by) */
	double margin;            /* --margin D of the equivalence test */
	int margin_given;
	const char *zone;         /* --zone DIMENSION */
	char **adequate, **desired, **perceived; /* --adequate/--desired/--perceived COL,... */
	size_t n_adequate, n_desired, n_perceived;
};

int compare_request_parse(const struct cli *cli, struct compare_request *rq, struct sk_error *err);
void compare_request_release(struct compare_request *rq);

/* A grouping variable restricted to the levels that keep a complete case: k of them, orig[i] the
 * grouping's index of kept level i, map[level] the kept index or -1, code[row] the kept index or
 * -1; empty[0..n_empty) the grouping's levels left out (noted in the document). */
struct compare_levels {
	struct grouping g;
	int have_g;
	size_t k, n_empty;
	size_t *orig, *empty;
	int *map, *code;
};

/* Fills L's level arrays from L->g (loaded) and the rows kept (keep[row] set). */
int compare_levels_keep(struct compare_levels *L, const char *keep, struct sk_error *err);
void compare_levels_release(struct compare_levels *L);

/* An F test that may be missing (ok = 0), with the reason. */
struct compare_ftest {
	struct ftest t;
	int ok;
	char why[512];
};

enum compare_design {
	COMPARE_ONEWAY,
	COMPARE_TWOWAY,
	COMPARE_WITHIN,
	COMPARE_MIXED,
	COMPARE_ANCOVA,
	COMPARE_MANOVA,
	COMPARE_ZONE,
};

/* Significance level of Levene's test behind the choice of Welch's F and Games-Howell over the
 * ANOVA F and Tukey HSD (the SPSS habit). */
#define COMPARE_LEVENE_ALPHA 0.05

/* Pairwise methods in the order they are reported: Tukey, Games-Howell, Bonferroni. */
#define COMPARE_METHODS 3

/* Planned contrasts of a one-way design and their rank-based companion. */
struct compare_contrasts {
	enum compare_contrast kind;
	size_t n, k;              /* contrasts, levels */
	double *w;                /* n x k weights over the levels kept */
	struct contrast_test *t;  /* n */
	int quadratic_dropped;    /* quadratic asked on two levels: the linear only */
	struct jonckheere jt;
	int jt_status;
};

struct compare_oneway {
	struct compare_levels by;
	struct group_summary *s;      /* by.k groups */
	struct kruskal kw;            /* kw.mean_rank: by.k values */
	int kw_status;
	struct oneway_anova anova;
	struct compare_ftest welch, brown_forsythe, levene, levene_median;
	size_t n_pairs;
	struct pairwise *pairs[COMPARE_METHODS]; /* Tukey, Games-Howell, Bonferroni; NULL when not asked */
	struct effect_anova es;   /* eta2, omega2 with intervals (effectsize's one-sided default) */
	struct effect_d *pair_d;  /* n_pairs: d and g of each pair with two-sided intervals */
	struct compare_contrasts contrasts; /* kind NONE unless asked */
	struct paradox paradox;   /* with a control level (has_paradox) */
	int has_paradox, paradox_from_codebook, paradox_status;
};

struct compare_twoway {
	struct compare_levels a, b;
	const char *a_name, *b_name;  /* as asked */
	int ss_type;
	struct group_summary *cells;  /* a.k x b.k, row-major */
	struct factorial_anova f;
	struct factorial_term *simple; /* A at each level of B (b.k), then B at each level of A (a.k) */
	struct effect_interval term_es[3], *simple_es; /* partial eta2 intervals of A, B, A:B and the simple effects */
};

struct compare_within {
	struct variable *v;           /* m conditions (loaded of them to release) */
	size_t m, loaded;
	struct compare_levels between; /* mixed design only */
	struct group_summary *s;      /* m conditions, then with groups s[m + j k + l] */
	/* two conditions without groups */
	struct paired_t t;
	struct wilcoxon wx;
	int wx_status;
	/* otherwise */
	struct rm_anova rm;
	double *mean_rank;            /* m, without groups */
	struct friedman fr;
	int fr_status;
	struct paired_t *pairs;       /* m (m - 1) / 2, without groups */
	size_t n_pairs;
	struct manova_within *mv;     /* the multivariate test of the conditions (3 or more; NULL otherwise) */
	int mv_status;
	struct effect_interval rm_es[3]; /* partial eta2 intervals: within, interaction, between */
	struct effect_d t_d, *pair_d;   /* d_z intervals of the paired t and of each pair */
};

/* ANCOVA (one outcome, covariates) and MANOVA / MANCOVA (several outcomes), from the groups'
 * moments of the outcomes then the covariates. */
struct compare_multi {
	struct compare_levels by;
	struct variable *v;           /* p outcomes, then c covariates (loaded of them to release) */
	size_t p, c, loaded;
	struct group_moments *m;
	struct group_summary *s;      /* p x by.k: outcome j's groups at s[j k + g] */
	/* ANCOVA */
	struct ancova *anc;
	struct ancova_pair *pairs[2]; /* Tukey, Bonferroni (emmeans' pairs()); NULL when not asked */
	size_t n_pairs;
	struct effect_interval *term_es; /* partial eta2 of the group, then each covariate */
	/* MANOVA */
	struct manova *man;
	struct effect_interval *uni_es;  /* partial eta2 of the group on each outcome */
};

/* The zone of tolerance of one service dimension by the levels of --by. */
struct compare_zone {
	const char *dimension;
	struct compare_levels by;
	const char **names[3];        /* adequate, desired, perceived columns (borrowed strings) */
	size_t n_names[3];
	double *score[3];             /* per row: the mean of each role's items */
	struct zone z;
	int has_z;
};

/* One compare run. It borrows names and labels from the dataset: release it before the dataset. */
struct compare_result {
	enum compare_design design;
	double level;
	size_t rows, used;
	json_t *envelope;             /* dataset_doc: the input and the wave's notes and warnings */
	json_t *dropped;              /* what dataset_note_dropped wrote: input.dropped and its note */
	struct variable y;            /* between designs */
	int have_y;
	struct compare_oneway one;
	struct compare_twoway two;
	struct compare_within within;
	struct compare_multi multi;
	struct compare_zone zone;
};

int compare_run(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		struct sk_error *err);
json_t *compare_emit(const struct compare_result *r);
size_t compare_used(const struct compare_result *r);
/* The four multivariate tests of one term (Pillai, Wilks, Hotelling-Lawley, Roy) as rows of
 * `rows`: the MANOVA of compare_multivariate.c and the repeated factor of a within design. */
void compare_put_manova_test(json_t *rows, const char *term, const struct manova_test *t);
void compare_result_release(struct compare_result *r);
/* A one-way fit's Levene test rejects equal variances (at COMPARE_LEVENE_ALPHA). */
int compare_equal_variances_rejected(const struct compare_oneway *o);
/* A within-subjects condition's name to show: its scale's or variable's label, else its name. */
const char *compare_condition_label(const struct variable *v);

/* The parts of compare_run, by design (r is zeroed with its envelope set). */
int compare_run_oneway(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		       struct sk_error *err);
int compare_run_twoway(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		       struct sk_error *err);
int compare_run_within(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		       struct sk_error *err);
/* --contrast and --scores, parsed and checked (exit 2) before any data is read. */
int compare_contrast_parse(const struct cli *cli, struct compare_request *rq, struct sk_error *err);
/* The contrasts asked of a one-way fit (o->s, o->anova set) and the Jonckheere-Terpstra test on
 * the gathered data. */
int compare_contrasts_run(struct compare_oneway *o, const struct compare_request *rq, const struct grouped *data,
			  struct sk_error *err);
void compare_contrasts_release(struct compare_contrasts *c);
/* The "contrasts" and "jonckheere" members. */
void compare_contrasts_emit(json_t *doc, const struct compare_oneway *o);

void compare_note_empty(json_t *doc, const struct compare_levels *L);
void compare_put_excluded(json_t *doc, const struct compare_result *r);

/* ANCOVA and MANOVA (compare_multivariate.c). */
int compare_run_ancova(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		       struct sk_error *err);
int compare_run_manova(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		       struct sk_error *err);
void compare_multi_release(struct compare_multi *m);
void compare_emit_ancova(json_t *doc, const struct compare_result *r);
void compare_emit_manova(json_t *doc, const struct compare_result *r);

/* The recovery paradox of a one-way fit (compare_recovery.c): when --control or the codebook
 * names a control level of --by; and the zone of tolerance (--zone). */
int compare_paradox_run(struct compare_oneway *o, const struct compare_request *rq, const struct dataset *ds,
			struct sk_error *err);
void compare_paradox_emit(json_t *doc, const struct compare_oneway *o, const char *y);
int compare_run_zone(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		     struct sk_error *err);
void compare_zone_release(struct compare_zone *z);
void compare_emit_zone(json_t *doc, const struct compare_result *r);

/* Counts the rows left out of an analysis of names[0..k) into r->dropped. */
int compare_note_dropped(const struct dataset *ds, struct compare_result *r, const char *const *names, size_t k,
			 struct sk_error *err);

#endif
