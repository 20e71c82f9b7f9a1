/* compare --contrast: planned contrasts over the ordered levels of a one-way design
 * (models/contrasts.h: estimate, SE, t, p, CI, the share of the between-group sum of squares,
 * and the Welch version; as lm() with the contrast matrix and t.test(var.equal = FALSE)) and the
 * Jonckheere-Terpstra trend test (models/jonckheere.h) as the rank-based companion.
 *   linear      the linear trend, contr.poly(k, scores)[, 1];
 *   quadratic   the linear and the quadratic trend (as SPSS ONEWAY /POLYNOMIAL = 2 prints them);
 *   sequential  each level minus the one before (MASS::contr.sdif);
 *   helmert     each level minus the mean of the later ones (SPSS's HELMERT);
 *   W1,W2,...   custom weights, one per level of the grouping variable, summing to 0.
 * The polynomial scores are 1..k unless --scores gives one per level (unequal spacing). */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands/compare.h"
#include "io/doc.h"

/* Comma-separated finite numbers; exit 2 naming the option otherwise. */
static int parse_numbers(const char *opt, const char *s, double **out, size_t *n, struct sk_error *err)
{
	size_t cap = 1;

	for (const char *c = s; *c; c++)
		cap += *c == ',';
	*out = malloc(cap * sizeof **out);
	*n = 0;
	if (!*out)
		return sk_out_of_memory(err);
	for (const char *c = s;;) {
		char *end;
		errno = 0;
		double v = strtod(c, &end);
		if (end == c || (*end != ',' && *end) || errno == ERANGE || !isfinite(v))
			return sk_fail(err, SK_EXIT_USAGE, "--%s takes numbers separated by commas, not '%s'", opt, s);
		(*out)[(*n)++] = v;
		if (!*end)
			return 0;
		c = end + 1;
	}
}

int compare_contrast_parse(const struct cli *cli, struct compare_request *rq, struct sk_error *err)
{
	const char *c = cli_get(cli, "contrast"), *sc = cli_get(cli, "scores");
	const char *names[] = {"linear", "quadratic", "sequential", "helmert"};
	const enum compare_contrast kinds[] = {COMPARE_CONTRAST_LINEAR, COMPARE_CONTRAST_QUADRATIC,
					       COMPARE_CONTRAST_SEQUENTIAL, COMPARE_CONTRAST_HELMERT};
	int status;

	if (!c) {
		if (sc)
			return sk_fail(err, SK_EXIT_USAGE, "--scores goes with --contrast linear or quadratic");
		return 0;
	}
	for (size_t i = 0; i < 4; i++)
		if (strcmp(c, names[i]) == 0)
			rq->contrast = kinds[i];
	if (rq->contrast == COMPARE_CONTRAST_NONE) {
		size_t bad = 0;
		if (!strchr(c, ','))
			return sk_fail(err, SK_EXIT_USAGE,
				       "--contrast must be linear, quadratic, sequential, helmert or weights W1,W2,..., not '%s'", c);
		if ((status = parse_numbers("contrast", c, &rq->weights, &rq->n_weights, err)) != 0)
			return status;
		rq->contrast = COMPARE_CONTRAST_CUSTOM;
		switch (contrast_check_custom(rq->weights, rq->n_weights, rq->n_weights, &bad)) {
		case CONTRAST_OK:
			break;
		case CONTRAST_ALL_ZERO:
			return sk_fail(err, SK_EXIT_USAGE, "--contrast weights are all 0");
		default:
			return sk_fail(err, SK_EXIT_USAGE, "--contrast weights must sum to 0: '%s'", c);
		}
	}
	if (sc) {
		if (rq->contrast != COMPARE_CONTRAST_LINEAR && rq->contrast != COMPARE_CONTRAST_QUADRATIC)
			return sk_fail(err, SK_EXIT_USAGE, "--scores goes with --contrast linear or quadratic");
		if ((status = parse_numbers("scores", sc, &rq->scores, &rq->n_scores, err)) != 0)
			return status;
		for (size_t i = 0; i < rq->n_scores; i++)
			for (size_t j = 0; j < i; j++)
				if (rq->scores[i] == rq->scores[j])
					return sk_fail(err, SK_EXIT_USAGE, "--scores gives %g twice", rq->scores[i]);
	}
	return 0;
}

void compare_contrasts_release(struct compare_contrasts *c)
{
	free(c->w);
	free(c->t);
}

/* Weights of the asked kind over the kept levels into c->w (c->n rows). */
static int make_weights(struct compare_contrasts *c, const struct compare_oneway *o, const struct compare_request *rq,
			struct sk_error *err)
{
	const struct compare_levels *L = &o->by;
	size_t k = L->k, levels = L->g.n_levels;
	double *scores = NULL;

	if ((rq->contrast == COMPARE_CONTRAST_CUSTOM && rq->n_weights != levels) || (rq->scores && rq->n_scores != levels))
		return sk_fail(err, SK_EXIT_USAGE, "--%s gives %zu values but '%s' has %zu levels",
			       rq->scores ? "scores" : "contrast", rq->scores ? rq->n_scores : rq->n_weights, L->g.name, levels);
	if (rq->contrast == COMPARE_CONTRAST_CUSTOM)
		for (size_t i = 0; i < L->n_empty; i++)
			if (rq->weights[L->empty[i]] != 0)
				return sk_fail(err, SK_EXIT_ANALYSIS,
					       "cannot test the contrast: level '%s' of '%s' has a weight but no case",
					       L->g.labels[L->empty[i]], L->g.name);
	c->n = rq->contrast == COMPARE_CONTRAST_SEQUENTIAL || rq->contrast == COMPARE_CONTRAST_HELMERT ? k - 1
	       : rq->contrast == COMPARE_CONTRAST_QUADRATIC && k > 2				    ? 2
												    : 1;
	c->quadratic_dropped = rq->contrast == COMPARE_CONTRAST_QUADRATIC && k == 2;
	c->w = calloc(c->n * k, sizeof *c->w);
	c->t = calloc(c->n, sizeof *c->t);
	scores = malloc(k * sizeof *scores);
	if (!c->w || !c->t || !scores) {
		free(scores);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < k; i++)
		scores[i] = rq->scores ? rq->scores[L->orig[i]] : (double)(i + 1);
	switch (rq->contrast) {
	case COMPARE_CONTRAST_LINEAR:
	case COMPARE_CONTRAST_QUADRATIC:
		for (size_t d = 0; d < c->n; d++)
			contrast_polynomial(k, scores, d + 1, c->w + d * k, NULL);
		break;
	case COMPARE_CONTRAST_SEQUENTIAL:
		contrast_sequential(k, c->w);
		break;
	case COMPARE_CONTRAST_HELMERT:
		contrast_helmert(k, c->w);
		break;
	default:
		for (size_t i = 0; i < k; i++)
			c->w[i] = rq->weights[L->orig[i]];
		break;
	}
	free(scores);
	return 0;
}

int compare_contrasts_run(struct compare_oneway *o, const struct compare_request *rq, const struct grouped *data,
			  struct sk_error *err)
{
	struct compare_contrasts *c = &o->contrasts;
	int status;

	c->kind = rq->contrast;
	c->k = o->by.k;
	if ((status = make_weights(c, o, rq, err)) != 0)
		return status;
	for (size_t j = 0; j < c->n; j++)
		if (contrast_test(o->s, c->k, c->w + j * c->k, rq->level, &c->t[j]) == CONTRAST_NO_MEMORY)
			return sk_out_of_memory(err);
	c->jt_status = jonckheere_test(data, 1, &c->jt);
	if (c->jt_status == GSL_ENOMEM)
		return sk_out_of_memory(err);
	return 0;
}

static void contrast_name(char *buf, size_t size, const struct compare_contrasts *c, const struct compare_levels *L,
			  size_t j)
{
	switch (c->kind) {
	case COMPARE_CONTRAST_LINEAR:
	case COMPARE_CONTRAST_QUADRATIC:
		snprintf(buf, size, "%s", j == 0 ? "linear" : "quadratic");
		break;
	case COMPARE_CONTRAST_SEQUENTIAL:
		snprintf(buf, size, "%s - %s", L->g.labels[L->orig[j + 1]], L->g.labels[L->orig[j]]);
		break;
	case COMPARE_CONTRAST_HELMERT:
		snprintf(buf, size, "%s - later", L->g.labels[L->orig[j]]);
		break;
	default:
		snprintf(buf, size, "custom");
		break;
	}
}

static void note_welch(json_t *doc, const char *name, const struct contrast_test *t, const struct compare_levels *L)
{
	if (t->welch_problem == CONTRAST_SMALL_GROUP)
		doc_note(doc, "contrast '%s': no Welch test, level '%s' of '%s' has a weight and 1 case", name,
			 L->g.labels[L->orig[t->welch_bad]], L->g.name);
	else if (t->welch_problem != CONTRAST_OK)
		doc_note(doc, "contrast '%s': no Welch test, every level it weighs is constant", name);
}

void compare_contrasts_emit(json_t *doc, const struct compare_oneway *o)
{
	const struct compare_contrasts *c = &o->contrasts;
	const struct compare_levels *L = &o->by;
	json_t *rows = doc_arr(doc, "contrasts");

	for (size_t j = 0; j < c->n; j++) {
		const struct contrast_test *t = &c->t[j];
		json_t *row = doc_push_obj(rows), *w;
		char name[512];
		contrast_name(name, sizeof name, c, L, j);
		doc_str(row, "contrast", name);
		w = doc_arr(row, "weights");
		for (size_t i = 0; i < c->k; i++)
			doc_push_num(w, c->w[j * c->k + i]);
		doc_num(row, "estimate", t->estimate);
		doc_num(row, "se", t->se);
		doc_num(row, "t", t->t);
		doc_num(row, "df", t->df);
		doc_num(row, "p", t->p);
		doc_num(row, "llci", t->llci);
		doc_num(row, "ulci", t->ulci);
		doc_num(row, "ss", t->ss);
		doc_num(row, "share", t->share);
		void (*put)(json_t *, const char *, double) = t->welch_problem == CONTRAST_OK ? doc_num : doc_num_noted;
		put(row, "welch_se", t->welch_se);
		put(row, "welch_t", t->welch_t);
		put(row, "welch_df", t->welch_df);
		put(row, "welch_p", t->welch_p);
		put(row, "welch_llci", t->welch_llci);
		put(row, "welch_ulci", t->welch_ulci);
		note_welch(doc, name, t, L);
	}
	if (c->quadratic_dropped)
		doc_note(doc, "'%s' has two levels with data: a quadratic trend needs three, so only the linear contrast "
			      "(the difference of the two means) is tested", L->g.name);
	else if (c->k == 2)
		doc_note(doc, "'%s' has two levels with data: the contrast is the difference of the two means (the "
			      "t test of the two groups)", L->g.name);
	doc_note(doc, "contrasts: estimate = sum of weight x level mean; pooled test as lm() with the contrast "
		      "matrix, Welch test with the Welch-Satterthwaite df; share = the contrast's part of the "
		      "between-groups sum of squares");
	json_t *jo = doc_obj(doc, "jonckheere");
	int ok = c->jt_status == GSL_SUCCESS;
	doc_str(jo, "_title", "Jonckheere-Terpstra trend test");
	doc_num(jo, "J", ok ? c->jt.J : NAN);
	doc_num(jo, "mean", ok ? c->jt.mean : NAN);
	doc_num(jo, "var", ok ? c->jt.var : NAN);
	doc_num(jo, "z", ok ? c->jt.z : NAN);
	doc_num(jo, "p_increasing", ok ? c->jt.p_increasing : NAN);
	doc_num(jo, "p_decreasing", ok ? c->jt.p_decreasing : NAN);
	doc_num(jo, "p", ok ? c->jt.p_two_sided : NAN);
	doc_str(jo, "method", ok ? (c->jt.method == JT_EXACT ? "exact" : "normal") : NULL);
	if (!ok)
		doc_note(doc, "Jonckheere-Terpstra test not computed: every value of the outcome is tied");
	else
		doc_note(doc, "Jonckheere-Terpstra: %s", c->jt.method == JT_EXACT
							       ? "exact p-values (as clinfun::jonckheere.test)"
							       : "normal approximation with the tie-corrected variance (as "
								 "kSamples::jt.test)");
}
