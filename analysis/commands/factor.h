/* surveykit factor as typed steps (analysis/commands.h): the request, the result a report section
 * can read (sampling adequacy, eigenvalues, the rotated loadings), and the functions behind
 * factor_steps. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_FACTOR_H
#define SURVEYKIT_ANALYSIS_COMMANDS_FACTOR_H

#include <jansson.h>
#include <stddef.h>

#include <gsl/gsl_vector.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "io/error.h"
#include "models/factor.h"

struct factor_request {
	char **items;                  /* --items (NULL-terminated; NULL: every scale item of the codebook) */
	size_t n_items;
	size_t factors;                /* --factors */
	int has_factors;               /* 0: --factors not given, Kaiser's rule decides */
	enum rotation_method rotation; /* --rotation (default varimax) */
	int sort;                      /* --sort */
	double suppress;               /* --suppress, in [0, 1) */
	size_t max_iter, max_items;    /* --max-iter, --max-items */
};

/* An item factored: a scale item (reverse-coded as the codebook says) or a plain column. */
struct factor_item {
	const char *name;
	size_t col;
	const struct scale *s; /* NULL: the column as read */
	size_t j;              /* index in s->items */
};

struct factor_result {
	const struct dataset *ds;       /* borrowed: the input, its notes and the rows left out */
	struct factor_item *items;
	size_t p;
	size_t n;                       /* respondents who answered every item */
	double msa;                     /* KMO */
	gsl_vector *msa_item;           /* each item's measure of sampling adequacy */
	int bartlett_status;            /* 0, or why Bartlett's test could not be computed */
	struct bartlett bartlett;
	gsl_vector *eigen;              /* the eigenvalues of the correlation matrix */
	size_t k, kmax;                 /* factors extracted, and the most the items allow */
	int kaiser;                     /* 1: k chosen by Kaiser's rule (no --factors) */
	enum rotation_method rotation;
	struct factor_fit *fit;         /* principal-axis factoring with k factors, rotated */
	size_t *order;                  /* the items in the order of the loadings tables (--sort) */
	double suppress;                /* loadings below this in absolute value are left blank */
};

int factor_request_parse(const struct cli *cli, struct factor_request *q, struct sk_error *err);
void factor_request_release(struct factor_request *q);
int factor_run(const struct factor_request *q, const struct dataset *ds, struct factor_result *res,
	       struct sk_error *err);
json_t *factor_emit(const struct factor_result *res);
size_t factor_used(const struct factor_result *res);
void factor_result_release(struct factor_result *res);

#endif
