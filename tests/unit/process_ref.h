/* Test helpers for the PROCESS engine: a case of tests/fixtures/models/process.json (written by
 * scripts/ref/process.R) or process_logit.json (scripts/ref/process_logistic.R: a dichotomous Y)
 * loaded, its data bound and its model fitted, and its equations compared with R's lm and glm
 * fits. Only for the unit tests. */
#ifndef SURVEYKIT_TEST_PROCESS_REF_H
#define SURVEYKIT_TEST_PROCESS_REF_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <jansson.h>

#include "models/process_effects.h"
#include "models/process_fit.h"
#include "models/process_logit.h"
#include "model_ref.h"

struct pcase {
	const json_t *j;         /* the case (borrowed from the document) */
	struct reftable *t;      /* its data */
	int number;
	size_t k;
	struct proc_model model;
	struct proc_data data;
	gsl_matrix *cov;
	unsigned char *cov_in;
	const char *cov_name[PROC_MAX_COVARIATES];
	size_t *level[3];        /* levels of a multicategorical X, W (mcx, mcw) */
	struct proc_fit *fit;
	int status;              /* of proc_fit_run */
};

/* The first case of model `number` with k mediators on `data` (aborts when there is none). */
const json_t *pcase_find(const json_t *doc, int number, size_t k, const char *data);
/* Loads case j and fits it (c->status says how that went). */
void pcase_load(struct pcase *c, const json_t *j);
void pcase_free(struct pcase *c);
/* R's name of coefficient `coef` (0 the intercept) of equation e: "(Intercept)", "X:W", "C1". */
const char *pcase_coef_name(const struct pcase *c, size_t e, size_t coef);
/* Every coefficient, SE, R2, adjusted R2, F and df of every equation against R (relative tol). */
void pcase_check_equations(const struct pcase *c, double tol);
/* The moderator values of row `row` of the case's grid ("mods" x "grid"). */
void pcase_point(const struct pcase *c, size_t row, struct proc_point *pt);
/* "X->M1->M2->Y" */
const char *pcase_path_name(const struct pcase *c, size_t p);
/* Indirect effects at every grid point (and their indices of moderated mediation where the engine
 * gives them, with R's check that the effect is linear there), direct effects with SEs, the total
 * effect, standardised effects and contrasts against R (relative tol). */
void pcase_check_effects(const struct pcase *c, double tol);
/* A case with a dichotomous Y (scripts/ref/process_logistic.R): Y's coding, probes, indirect
 * effects as products at every grid point, conditional direct effects with z tests, and no
 * standardised or total effects. */
void pcase_check_logistic_effects(const struct pcase *c, double tol);
/* The likelihood-ratio tests of the highest-order interactions of Y's logistic equation, in
 * PROCESS's order, against glm refitted without each set. */
void pcase_check_lr_tests(const struct pcase *c, double tol);

#endif
