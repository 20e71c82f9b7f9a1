/* The numbered models of PROCESS v4 (Hayes 2022, Introduction to Mediation, Moderation, and
 * Conditional Process Analysis, 3rd ed., Appendix A, "model templates") as data, and the set of
 * regressions each one stands for.
 *
 * A template says which mediators there are (none; in parallel; in series; the blends of models
 * 80-82) and which paths are moderated, and by what: W, Z, W and Z additively, or W, Z and their
 * product (moderated moderation, with the three-way product), or X itself (model 74). The paths
 * are X -> Y (the direct effect; the only path of models 1-3), X -> M_j (first mediator and the
 * others), M_j -> Y (first mediator and the others) and M_i -> M_j. From it, proc_model_init
 * derives one equation per mediator and one for Y (and, in models with no moderation, the
 * total-effect equation of Y on X): each antecedent A of an outcome enters with its moderation,
 *   none: A;  W: A, W, A W;  Z: A, Z, A Z;  W and Z: A, W, A W, Z, A Z;
 *   W x Z: A, W, A W, Z, A Z, W Z, A W Z;  X: A, X, A X,
 * each moderator main effect once per equation and only where a product needs it (as PROCESS
 * does: in model 7, W is not in the Y equation). Terms are ordered as PROCESS lists them:
 * antecedents, then W and its products, then Z and its products (model 3: X, W, XW, Z, XZ, WZ,
 * XWZ), covariates last. Covariates enter every equation unless a placement is given (PROCESS's
 * cmatrix); the total-effect equation takes the covariates of the Y equation.
 *
 * Which numbers exist. PROCESS v4 numbers 1-22, 28, 29, 58-76 and 80-92 (56 models). v2's models
 * 23-27 and 30-57 needed three or four moderators and were withdrawn in v3, and 77-79 were never
 * used; proc_template_find refuses them, and 0 or anything above 92.
 *
 * Sources. The table is the model matrix of Hayes's own PROCESS for R, version 4.3.1 (its nine
 * flags per model: X -> M moderated by W, Z, W x Z; M -> Y by W, Z, W x Z; X -> Y by W, Z, W x Z;
 * and its matrix of the paths that exist): parallel mediators X -> M_j -> Y; models 6 and 83-92
 * every M_i -> M_j, i < j; 80 M_1..M_{k-1} each into M_k; 81 M_1 into each of M_2..M_k; 82 the two
 * chains M_1 -> M_2 and M_3 -> M_4; W on X -> M_1 only (not X -> M_j, j > 1) in 83 and 86, on
 * M_k -> Y only (the last mediator) in 87 and 90, on every M_i -> M_j in 91 and 92. Every number
 * agrees with it (checked flag by flag; tests/unit/test_process_model.c), and with two public
 * transcriptions: pyprocessmacro (QuentinAndre/pyprocessmacro, models.py: the v2.16 templates
 * 1-76, renamed as v3 did: v2's moderator M of models 1-3 is W and its W is Z; its V and Q of the
 * M -> Y path are W and Z in 14-20 and Z in 21-29 and 64-71) and the JASP PROCESS module
 * (jasp-stats/jaspProcess, R/HayesModels.R, v4's 1-92, drawn there with two mediators in 83-92).
 * The equations of every model are also fitted in R from formulas written out by hand
 * (scripts/ref/process_models.R).
 *
 * Numbers of mediators, as PROCESS 4.3 allows them: models with parallel mediators take 1 to 10,
 * models 6 and 83-92 (in series) 2 to 6, 80 and 81 take 3 to 6, 82 exactly 4. (PROCESS 4.3 reaches
 * model 74 as model 4 with its xmint option; earlier 4.x versions by the number.)
 *
 * Ownership: a proc_model is a plain value (no pointers but to the static template table). */
#ifndef SURVEYKIT_MODELS_PROCESS_MODEL_H
#define SURVEYKIT_MODELS_PROCESS_MODEL_H

#include <stddef.h>

#define PROC_MAX_MEDIATORS 10
#define PROC_MAX_SERIAL 6
#define PROC_MAX_EQUATIONS (PROC_MAX_MEDIATORS + 2)
#define PROC_MAX_TERMS 64
#define PROC_MAX_COVARIATES 64
/* 2^6 - 1 indirect paths of six serial mediators */
#define PROC_MAX_PATHS 64

/* Variables of a model: X, W, Z, M_1..M_k (PROC_M(0)..PROC_M(k-1)), Y. */
enum proc_var { PROC_X = 0, PROC_W = 1, PROC_Z = 2, PROC_M1 = 3 };
#define PROC_M(j) (PROC_M1 + (int)(j))
#define PROC_Y (PROC_M1 + PROC_MAX_MEDIATORS)
#define PROC_NVARS (PROC_Y + 1)

/* How a path is moderated. */
enum proc_mod {
	PROC_MOD_NONE,
	PROC_MOD_W,
	PROC_MOD_Z,
	PROC_MOD_W_Z, /* W and Z, additively */
	PROC_MOD_WZ,  /* W, Z and W x Z (moderated moderation) */
	PROC_MOD_X,   /* X itself (model 74: the M -> Y path) */
};

enum proc_structure {
	PROC_NO_MEDIATOR,       /* models 1-3 */
	PROC_PARALLEL,          /* 4, 5, 7-76 */
	PROC_SERIAL,            /* 6, 83-92: M_i -> M_j for every i < j */
	PROC_PARALLEL_SERIAL,   /* 80 */
	PROC_SERIAL_PARALLEL,   /* 81 */
	PROC_TWO_CHAINS,        /* 82 */
};

struct proc_template {
	int number;
	enum proc_structure structure;
	unsigned char min_m, max_m;
	enum proc_mod xy;        /* X -> Y */
	enum proc_mod xm1, xmk;  /* X -> M_1; X -> M_j, j > 1 */
	enum proc_mod my, mly;   /* M_j -> Y, j < k; M_k -> Y (the last mediator) */
	enum proc_mod mm;        /* every M_i -> M_j (only 91 and 92 moderate it: M_1 -> M_2) */
};

/* The template of model `number`; NULL when PROCESS v4 defines no such model. */
const struct proc_template *proc_template_find(int number);
/* The numbers PROCESS defines, ascending: writes up to max, returns how many there are. */
size_t proc_template_numbers(int *out, size_t max);

/* The estimator of an equation (PROCESS: OLS, or logistic regression for a dichotomous Y). */
enum proc_family { PROC_FAMILY_OLS, PROC_FAMILY_LOGISTIC };

/* A product of n variables (n = 1: the variable itself), ids ascending. */
struct proc_term {
	unsigned char n;
	unsigned char var[3];
};

struct proc_equation {
	int outcome;             /* PROC_M(j) or PROC_Y */
	int total;               /* 1: the total-effect equation (Y on X and covariates) */
	enum proc_family family;
	size_t n_terms;
	struct proc_term term[PROC_MAX_TERMS];
	unsigned char cov[PROC_MAX_COVARIATES]; /* 1: covariate c enters this equation */
};

/* X -> M_med[0] -> ... -> M_med[len-1] -> Y */
struct proc_path {
	size_t len;
	unsigned char med[PROC_MAX_MEDIATORS];
};

struct proc_model {
	const struct proc_template *tpl;
	size_t k;                /* mediators */
	size_t ncov;
	unsigned char edge[PROC_MAX_MEDIATORS][PROC_MAX_MEDIATORS]; /* M_i -> M_j */
	size_t n_eq;             /* k mediator equations (index j), Y (index k), total (k + 1) */
	struct proc_equation eq[PROC_MAX_EQUATIONS];
	/* indirect paths, by first mediator, then length, then mediators in order (model 6 with three:
	 * M1, M1 M2, M1 M3, M1 M2 M3, M2, M2 M3, M3) */
	size_t n_paths;
	struct proc_path path[PROC_MAX_PATHS];
};

enum proc_model_problem {
	PROC_MODEL_OK = 0,
	PROC_MODEL_UNKNOWN,      /* PROCESS defines no model with this number */
	PROC_MODEL_MEDIATORS,    /* k outside the template's min_m..max_m */
	PROC_MODEL_COVARIATES,   /* more than PROC_MAX_COVARIATES */
	PROC_MODEL_LOGISTIC_74,  /* model 74 with a dichotomous Y: PROCESS defines its counterfactual
				  * effects for a continuous Y only */
};

/* Derives the equations of model `number` with k mediators and ncov covariates. cov_in (NULL:
 * every covariate in every equation) holds ncov rows of k + 1 flags: covariate c enters the M_j
 * equation when cov_in[c * (k + 1) + j] and the Y equation when cov_in[c * (k + 1) + k]. Every
 * equation's family is OLS. GSL_EINVAL with *why set when the request is not a PROCESS model. */
int proc_model_init(struct proc_model *m, int number, size_t k, size_t ncov, const unsigned char *cov_in,
		    enum proc_model_problem *why);
/* A dichotomous Y, as PROCESS treats it (models/process_logit.h): the Y equation becomes a
 * logistic regression (the mediators' equations stay OLS) and the total-effect equation is
 * dropped (PROCESS: "Total effect model not available with dichotomous Y"; on the log-odds scale
 * the total effect is not the direct plus the indirect effects). GSL_EINVAL with
 * PROC_MODEL_LOGISTIC_74 for model 74 (PROCESS: "The XMINT option is not available for models
 * with a dichotomous Y"). */
int proc_model_set_logistic(struct proc_model *m, enum proc_model_problem *why);

/* 1 when any equation of the model uses variable v (W, Z: the model needs them). */
int proc_model_uses(const struct proc_model *m, int v);
/* Index of the equation of outcome PROC_M(j) or PROC_Y (not the total-effect equation). */
size_t proc_model_equation(const struct proc_model *m, int outcome);
/* Index of the total-effect equation, or m->n_eq when the model has none. */
size_t proc_model_total_equation(const struct proc_model *m);
/* Index of term t in equation e (m->eq[e].n_terms when absent). */
size_t proc_model_term(const struct proc_model *m, size_t e, const struct proc_term *t);
/* A term from 1 to 3 variable ids in any order. */
struct proc_term proc_term_make(size_t n, int a, int b, int c);
/* 1 when the term has variable v among its factors. */
int proc_term_has(const struct proc_term *t, int v);

/* Bit v set for every variable multiplying antecedent a in some term of equation e (its
 * moderators on that path). */
unsigned proc_link_moderators(const struct proc_model *m, size_t e, int a);
/* The links of path p: antecedent and equation of link i (0..len). */
void proc_path_link(const struct proc_model *m, size_t p, size_t i, int *antecedent, size_t *e);
/* Bit v set for every moderator of any link of path p. */
unsigned proc_path_moderators(const struct proc_model *m, size_t p);
/* How many links of path p variable v moderates: the degree of the indirect effect in v. */
size_t proc_path_degree(const struct proc_model *m, size_t p, int v);

/* Which indices of moderated mediation an indirect effect has (Hayes 2015, 2018): none unless the
 * effect is linear in each of its moderators (each moderates one link) and it has one or two;
 *   PROC_INDEX_SINGLE: one moderator: omega = c0 + c1 v, the index of moderated mediation c1;
 *   PROC_INDEX_PARTIAL: two, additively: omega = c0 + c1 v1 + c2 v2, the indices of partial
 *     moderated mediation c1 and c2;
 *   PROC_INDEX_CONDITIONAL: two, with their product (both on one link through v1 v2 terms, as
 *     models 11-13 and 18-20, or on different links, as 21): omega = c0 + c1 v1 + c2 v2 + c3 v1 v2,
 *     the indices of conditional moderated mediation c1 + c3 v2 (by v1 at v2) and c2 + c3 v1, and
 *     the index of moderated moderated mediation c3.
 * vars[0..1] receive the moderators (W before Z before X). PROCESS prints these for the models
 * built to have them (the index in 7, 8, 14, 15, 83-91; partial in 9, 10, 16, 17; conditional and
 * moderated moderated in 11-13, 18-20); the engine gives them for every path of that form, also
 * where W and Z moderate different paths (as in 21), the form being checked against R for every
 * path of every model (tests/unit/test_process.c). */
enum proc_index_kind { PROC_INDEX_NONE, PROC_INDEX_SINGLE, PROC_INDEX_PARTIAL, PROC_INDEX_CONDITIONAL };
enum proc_index_kind proc_path_index_kind(const struct proc_model *m, size_t p, int vars[2]);

/* PROCESS's tests of the highest-order unconditional interactions of equation e (an R2-change F
 * in an OLS equation, a likelihood-ratio test in a logistic one), in its order: for each
 * antecedent A of the equation (X, then the mediators), A x W and A x Z each when A has no
 * A x W x Z term, the two together when A has both, A x W x Z when A has it; A x X in model 74.
 * A product is A's when its other factors are A's moderators (W, Z; X when A is a mediator). */
#define PROC_MAX_TESTS (3 * (PROC_MAX_MEDIATORS + 1))
struct proc_test_set {
	int antecedent;
	size_t n;          /* 1, or 2 for A x W and A x Z together */
	size_t term[2];    /* indices of the terms in the equation */
};
/* Writes the tests of equation e (at most PROC_MAX_TESTS) and returns how many. */
size_t proc_highest_interactions(const struct proc_model *m, size_t e, struct proc_test_set *out);

#endif
