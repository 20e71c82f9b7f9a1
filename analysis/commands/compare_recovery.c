/* compare and the service-recovery questions:
 *   the recovery paradox (models/paradox.h): with a no-failure control level of --by (--control
 *     LEVEL, or the codebook's `control` cell of the group), each other level against it by a
 *     one-sided Welch t (R t.test(level, control, alternative = "greater", var.equal = FALSE)),
 *     Holm-adjusted across the levels (p.adjust(method = "holm")), and the equivalence test (TOST)
 *     within --margin D in the outcome's units (default 0.5);
 *   the zone of tolerance (models/zone.h): `--zone DIMENSION --by VAR` reads the items the
 *     codebook marks adequate, desired and perceived for that dimension (or --adequate,
 *     --desired, --perceived COL,...); a respondent's three scores are the means of those items
 *     (every item required); per level of --by the shares below (perceived < adequate), within
 *     and above (perceived > desired, delight) the zone, the mean adequacy (MSA = perceived -
 *     adequate) and superiority (MSS = perceived - desired), and the levels x classes table tested
 *     as crosstab tests it (chisq.test, fisher.test, Cramer's V). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/commands/compare.h"
#include "io/doc.h"

/* The kept level that is the control: --control as a level or its label, else the codebook's. */
int compare_paradox_run(struct compare_oneway *o, const struct compare_request *rq, const struct dataset *ds,
			struct sk_error *err)
{
	const struct compare_levels *L = &o->by;
	struct paradox_options opt;
	double value;
	size_t level = SIZE_MAX;
	int from_codebook = 0, st;

	if (rq->control) {
		for (size_t l = 0; l < L->g.n_levels && level == SIZE_MAX; l++)
			if (strcmp(L->g.levels[l], rq->control) == 0 || strcmp(L->g.labels[l], rq->control) == 0)
				level = l;
		if (level == SIZE_MAX)
			return sk_fail(err, SK_EXIT_INPUT, "--control: '%s' has no level '%s'", L->g.name, rq->control);
	} else if (codebook_control(&ds->codebook, L->g.name, &value)) {
		for (size_t l = 0; l < L->g.n_levels && level == SIZE_MAX; l++)
			if (L->g.values[l] == value)
				level = l;
		from_codebook = 1;
		if (level == SIZE_MAX) /* a control level no one is in */
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot test the recovery paradox: the control level %g of "
							     "'%s' has no case", value, L->g.name);
	} else {
		if (rq->margin_given)
			return sk_fail(err, SK_EXIT_USAGE, "--margin goes with --control LEVEL (or a codebook control)");
		return 0;
	}
	/* an outcome not asked in the codebook's control (severity, a manipulation check: nothing
	 * failed there) has no paradox to test; the level left out is noted with the others */
	if (L->map[level] < 0 && from_codebook)
		return 0;
	if (L->map[level] < 0)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot test the recovery paradox: the control level '%s' of '%s' "
						     "has no case with the outcome", L->g.labels[level], L->g.name);
	paradox_options_init(&opt);
	if (rq->margin_given)
		opt.margin = rq->margin;
	st = paradox_test(o->s, L->k, (size_t)L->map[level], &opt, &o->paradox);
	o->has_paradox = 1;
	o->paradox_from_codebook = from_codebook;
	o->paradox_status = st;
	if (st == GSL_ENOMEM)
		return sk_out_of_memory(err);
	return 0;
}

static const char *verdict_name(enum paradox_verdict v)
{
	switch (v) {
	case PARADOX_SUPPORTED:
		return "paradox";
	case PARADOX_EQUIVALENT:
		return "equivalent";
	case PARADOX_WORSE:
		return "worse";
	case PARADOX_INCONCLUSIVE:
		return "inconclusive";
	default:
		return "not tested";
	}
}

void compare_paradox_emit(json_t *doc, const struct compare_oneway *o, const char *y)
{
	const struct compare_levels *L = &o->by;
	const struct paradox *p = &o->paradox;
	json_t *po = doc_obj(doc, "paradox"), *rows;
	size_t c = p->control;

	doc_str(po, "_title", "Recovery paradox: each level against the no-failure control");
	doc_str(po, "control", L->g.levels[L->orig[c]]);
	doc_str(po, "control_label", L->g.labels[L->orig[c]]);
	doc_num(po, "control_mean", o->s[c].mean);
	doc_num(po, "margin", p->margin);
	doc_num(po, "alpha", p->alpha);
	if (o->paradox_status != GSL_SUCCESS) {
		doc_note(doc, "recovery paradox not tested: the control level '%s' has %s", L->g.labels[L->orig[c]],
			 p->problem == PARADOX_SMALL_CONTROL ? "a single case" : "no case");
		return;
	}
	rows = doc_arr(po, "levels");
	for (size_t i = 0; i < p->n_levels; i++) {
		const struct paradox_level *l = &p->levels[i];
		json_t *row = doc_push_obj(rows);
		void (*put)(json_t *, const char *, double) = l->verdict == PARADOX_NOT_TESTED ? doc_num_noted : doc_num;
		doc_str(row, "level", L->g.levels[L->orig[l->level]]);
		doc_str(row, "label", L->g.labels[L->orig[l->level]]);
		doc_size(row, "n", l->n);
		doc_num(row, "mean", l->mean);
		doc_num(row, "diff", l->diff);
		put(row, "se", l->se);
		put(row, "df", l->df);
		put(row, "t", l->t);
		put(row, "p_greater", l->p_greater);
		put(row, "p_greater_holm", l->p_greater_holm);
		put(row, "p_less", l->p_less);
		put(row, "p_less_holm", l->p_less_holm);
		put(row, "p_tost", l->p_tost);
		put(row, "llci", l->llci);
		put(row, "ulci", l->ulci);
		doc_str(row, "verdict", verdict_name(l->verdict));
		if (l->verdict == PARADOX_NOT_TESTED)
			doc_note(doc, "recovery paradox: level '%s' not tested (%s)", L->g.labels[L->orig[l->level]],
				 l->why == PARADOX_SMALL_LEVEL ? "fewer than 2 cases" : "both groups constant");
	}
	doc_note(doc, "recovery paradox on '%s' against '%s'%s: one-sided Welch t per level (Holm-adjusted), TOST "
		      "within +/-%g; 'paradox' = above the no-failure level, 'equivalent' = within the margin, 'worse' = "
		      "below; llci/ulci are the %g%% interval of the difference the TOST reads",
		 y, L->g.labels[L->orig[c]], o->paradox_from_codebook ? " (the codebook's control level)" : "", p->margin,
		 100 * (1 - 2 * p->alpha));
}

/* The columns of one role: the option's list, or the codebook's entries of that purpose and
 * dimension. *names is allocated (the strings are borrowed). */
static int role_columns(const struct dataset *ds, const struct compare_request *rq, enum codebook_purpose purpose,
			char **given, size_t n_given, const char ***names, size_t *n, struct sk_error *err)
{
	size_t total;

	if (n_given) {
		*names = malloc(n_given * sizeof **names);
		if (!*names)
			return sk_out_of_memory(err);
		for (size_t i = 0; i < n_given; i++)
			(*names)[i] = given[i];
		*n = n_given;
		return 0;
	}
	total = codebook_entries_with(&ds->codebook, purpose, rq->zone, NULL, 0);
	if (total == 0)
		return sk_fail(err, SK_EXIT_INPUT,
			       "--zone %s: no column has role %s for that dimension in the codebook (or give --%s COL,...)",
			       rq->zone, codebook_purpose_name(purpose), codebook_purpose_name(purpose));
	size_t *idx = malloc(total * sizeof *idx);
	*names = malloc(total * sizeof **names);
	if (!idx || !*names) {
		free(idx);
		return sk_out_of_memory(err);
	}
	codebook_entries_with(&ds->codebook, purpose, rq->zone, idx, total);
	for (size_t i = 0; i < total; i++)
		(*names)[i] = ds->codebook.vars[idx[i]].column;
	*n = total;
	free(idx);
	return 0;
}

/* The mean of the role's items per row (NaN unless every item is present). */
static int role_scores(const struct dataset *ds, const char **names, size_t n, double *out, struct sk_error *err)
{
	size_t rows = ds->frame.n_rows;
	int status;

	for (size_t i = 0; i < rows; i++)
		out[i] = 0;
	for (size_t j = 0; j < n; j++) {
		struct variable v;
		if ((status = dataset_variable(ds, names[j], &v, err)) != 0)
			return status;
		for (size_t i = 0; i < rows; i++)
			out[i] += v.v[i];
		variable_release(&v);
	}
	for (size_t i = 0; i < rows; i++)
		out[i] /= (double)n;
	return 0;
}

int compare_run_zone(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		     struct sk_error *err)
{
	struct compare_zone *z = &r->zone;
	char **given[] = {rq->adequate, rq->desired, rq->perceived};
	size_t n_given[] = {rq->n_adequate, rq->n_desired, rq->n_perceived};
	const enum codebook_purpose purpose[] = {PURPOSE_ADEQUATE, PURPOSE_DESIRED, PURPOSE_PERCEIVED};
	size_t rows = ds->frame.n_rows, total = 0;
	struct crosstab_options opt;
	const char **all = NULL;
	int status, st;

	r->design = COMPARE_ZONE;
	z->dimension = rq->zone;
	for (size_t k = 0; k < 3; k++)
		if ((status = role_columns(ds, rq, purpose[k], given[k], n_given[k], &z->names[k], &z->n_names[k], err)) != 0)
			return status;
	if ((status = dataset_grouping(ds, rq->by[0], &z->by.g, err)) != 0)
		return status;
	z->by.have_g = 1;
	for (size_t k = 0; k < 3; k++) {
		z->score[k] = malloc((rows ? rows : 1) * sizeof *z->score[k]);
		if (!z->score[k])
			return sk_out_of_memory(err);
		if ((status = role_scores(ds, z->names[k], z->n_names[k], z->score[k], err)) != 0)
			return status;
		total += z->n_names[k];
	}
	char *keep = malloc(rows ? rows : 1);
	all = malloc((total + 1) * sizeof *all);
	if (!keep || !all) {
		free(keep);
		free(all);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < rows; i++) {
		keep[i] = z->by.g.code[i] >= 0 && !isnan(z->score[0][i]) && !isnan(z->score[1][i]) && !isnan(z->score[2][i]);
		r->used += (size_t)keep[i];
	}
	status = compare_levels_keep(&z->by, keep, err);
	free(keep);
	total = 0;
	for (size_t k = 0; k < 3; k++)
		for (size_t j = 0; j < z->n_names[k]; j++)
			all[total++] = z->names[k][j];
	all[total++] = rq->by[0];
	if (status == 0)
		status = compare_note_dropped(ds, r, all, total, err);
	free(all);
	if (status != 0)
		return status;
	if (r->used == 0)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot place anyone in the zone of tolerance of '%s': no row has "
						     "every adequate, desired and perceived item and '%s'", rq->zone, rq->by[0]);
	crosstab_options_init(&opt);
	opt.level = rq->level;
	st = zone_run(z->score[0], z->score[1], z->score[2], z->by.code, rows, z->by.k, &opt, &z->z);
	z->has_z = st == GSL_SUCCESS;
	if (st == GSL_ENOMEM)
		return sk_out_of_memory(err);
	if (st != GSL_SUCCESS)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot place anyone in the zone of tolerance of '%s'", rq->zone);
	return 0;
}

void compare_zone_release(struct compare_zone *z)
{
	compare_levels_release(&z->by);
	for (size_t k = 0; k < 3; k++) {
		free(z->names[k]);
		free(z->score[k]);
	}
	if (z->has_z)
		zone_release(&z->z);
}

static void put_zone_group(json_t *row, const struct zone_group *g)
{
	doc_size(row, "n", g->n);
	doc_size(row, "below", g->count[ZONE_BELOW]);
	doc_size(row, "within", g->count[ZONE_WITHIN]);
	doc_size(row, "above", g->count[ZONE_ABOVE]);
	doc_num(row, "below_share", g->share[ZONE_BELOW]);
	doc_num(row, "within_share", g->share[ZONE_WITHIN]);
	doc_num(row, "above_share", g->share[ZONE_ABOVE]);
	doc_num(row, "msa_mean", g->msa_mean);
	doc_num(row, "msa_sd", g->msa_sd);
	doc_num(row, "mss_mean", g->mss_mean);
	doc_num(row, "mss_sd", g->mss_sd);
	doc_size(row, "inverted", g->inverted);
}

void compare_emit_zone(json_t *doc, const struct compare_result *r)
{
	const struct compare_zone *z = &r->zone;
	const struct compare_levels *L = &z->by;
	const char *role[] = {"adequate", "desired", "perceived"};
	const struct crosstab *ct = z->z.test;

	compare_note_empty(doc, L);
	doc_str(doc, "design", "zone");
	doc_str(doc, "dimension", z->dimension);
	doc_str(doc, "by", L->g.name);
	for (size_t k = 0; k < 3; k++) {
		json_t *a = doc_arr(doc, role[k]);
		for (size_t j = 0; j < z->n_names[k]; j++)
			doc_push_str(a, z->names[k][j]);
	}
	doc_num(doc, "ci_level", r->level);
	compare_put_excluded(doc, r);
	json_t *groups = doc_arr(doc, "groups");
	for (size_t g = 0; g < L->k; g++) {
		json_t *row = doc_push_obj(groups);
		doc_str(row, "level", L->g.levels[L->orig[g]]);
		doc_str(row, "label", L->g.labels[L->orig[g]]);
		put_zone_group(row, &z->z.groups[g]);
	}
	json_t *all = doc_obj(doc, "all");
	doc_str(all, "_title", "All respondents");
	put_zone_group(all, &z->z.all);
	json_t *t = doc_obj(doc, "zone_test");
	doc_str(t, "_title", "Zone classes across the levels (chi-square, Fisher, Cramer's V)");
	int ok = z->z.test_status == GSL_SUCCESS;
	void (*put)(json_t *, const char *, double) = ok ? doc_num : doc_num_noted;
	put(t, "chi2", ok ? ct->pearson.stat : NAN);
	put(t, "df", ok ? ct->pearson.df : NAN);
	put(t, "p", ok ? ct->pearson.p : NAN);
	put(t, "fisher_p", ok && (ct->fisher.method == FISHER_EXACT || ct->fisher.method == FISHER_MONTE_CARLO)
				   ? ct->fisher.p
				   : NAN);
	doc_str(t, "fisher_method", ok && ct->fisher.method == FISHER_EXACT	    ? "exact"
				    : ok && ct->fisher.method == FISHER_MONTE_CARLO ? "monte-carlo"
										    : NULL);
	put(t, "cramers_v", ok ? ct->v.v : NAN);
	put(t, "llci", ok ? ct->v.llci : NAN);
	put(t, "ulci", ok ? ct->v.ulci : NAN);
	if (!ok)
		doc_note(doc, "zone classes not tested across the levels: one level or one class holds every respondent");
	if (z->z.all.inverted)
		doc_note(doc, "%zu respondent%s rated adequate above desired (an inverted zone): classified below when "
			      "perceived < adequate, above otherwise", z->z.all.inverted, z->z.all.inverted == 1 ? "" : "s");
	doc_note(doc, "zone of tolerance of '%s': scores are the means of each role's items; below = perceived < "
		      "adequate, above (delight) = perceived > desired; MSA = perceived - adequate, MSS = perceived - "
		      "desired; the table of levels x classes is tested as chisq.test and fisher.test",
		 z->dimension);
}
