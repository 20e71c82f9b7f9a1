/* surveykit compare: do outcomes differ across scenarios? Between subjects (--y VAR --by VAR, or
 * --by A,B for a two-way design), within subjects (--within V1,V2,...) or mixed (--within ...
 * --between GROUP). Missing data are handled listwise within the analysis, and the number of rows
 * left out is reported. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/commands/compare.h"
#include "analysis/data/dropped.h"

const struct option_spec compare_options[] = {
	{"y", "VAR[,VAR]", "outcome (column or scale) compared between groups; several: MANOVA"},
	{"by", "VAR[,VAR]", "grouping column; two for a two-way ANOVA"},
	{"posthoc", "METHOD", "tukey, games-howell, bonferroni or all (default all)"},
	{"ss", "TYPE", "sums of squares of the two-way ANOVA: 3 (default, as SPSS) or 2"},
	{"within", "VAR,VAR[,...]", "repeated measures: one column or scale per condition"},
	{"between", "VAR", "between-subjects grouping column of a mixed design (with --within)"},
	{"cov", "VAR[,VAR]", "covariates: ANCOVA (one --y) or MANCOVA (several)"},
	{"contrast", "KIND", "linear, quadratic, sequential, helmert or weights W1,W2,... over the levels of --by"},
	{"scores", "S1,S2,...", "level scores of a polynomial contrast (unequal spacing; default 1..k)"},
	{"control", "LEVEL", "no-failure control level of --by: the recovery paradox (default: the codebook's control)"},
	{"margin", "D", "equivalence margin of the paradox's TOST, in the outcome's units (default 0.5)"},
	{"zone", "DIMENSION", "zone of tolerance of a service dimension by --by (codebook roles adequate/desired/perceived)"},
	{"adequate", "COL,...", "with --zone: the adequate-service items (instead of the codebook's)"},
	{"desired", "COL,...", "with --zone: the desired-service items"},
	{"perceived", "COL,...", "with --zone: the perceived-service items"},
	{0},
};

static int parse_posthoc(const char *s, unsigned *set, struct sk_error *err)
{
	if (!s || strcmp(s, "all") == 0)
		*set = POSTHOC_SET_TUKEY | POSTHOC_SET_GAMES_HOWELL | POSTHOC_SET_BONFERRONI;
	else if (strcmp(s, "tukey") == 0)
		*set = POSTHOC_SET_TUKEY;
	else if (strcmp(s, "games-howell") == 0)
		*set = POSTHOC_SET_GAMES_HOWELL;
	else if (strcmp(s, "bonferroni") == 0)
		*set = POSTHOC_SET_BONFERRONI;
	else
		return sk_fail(err, SK_EXIT_USAGE, "--posthoc must be tukey, games-howell, bonferroni or all, not '%s'", s);
	return 0;
}

int compare_levels_keep(struct compare_levels *L, const char *keep, struct sk_error *err)
{
	const struct grouping *g = &L->g;
	size_t nl = g->n_levels ? g->n_levels : 1;
	size_t *cnt = calloc(nl, sizeof *cnt);

	L->k = L->n_empty = 0;
	L->map = malloc(nl * sizeof *L->map);
	L->orig = malloc(nl * sizeof *L->orig);
	L->empty = malloc(nl * sizeof *L->empty);
	L->code = malloc((g->n ? g->n : 1) * sizeof *L->code);
	if (!cnt || !L->map || !L->orig || !L->empty || !L->code) {
		free(cnt);
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < g->n; i++)
		if (g->code[i] >= 0 && keep[i])
			cnt[g->code[i]]++;
	for (size_t l = 0; l < g->n_levels; l++) {
		if (cnt[l]) {
			L->orig[L->k] = l;
			L->map[l] = (int)L->k++;
		} else {
			L->map[l] = -1;
			L->empty[L->n_empty++] = l;
		}
	}
	for (size_t i = 0; i < g->n; i++)
		L->code[i] = g->code[i] >= 0 && keep[i] ? L->map[g->code[i]] : -1;
	free(cnt);
	return 0;
}

void compare_levels_release(struct compare_levels *L)
{
	if (L->have_g)
		grouping_release(&L->g);
	free(L->orig);
	free(L->empty);
	free(L->map);
	free(L->code);
	*L = (struct compare_levels){0};
}

/* --control, --margin; --zone with its item lists (a design of its own: --by only). */
static int recovery_parse(const struct cli *cli, struct compare_request *rq, struct sk_error *err)
{
	int status;

	rq->control = cli_get(cli, "control");
	rq->zone = cli_get(cli, "zone");
	rq->margin_given = cli_get(cli, "margin") != NULL;
	if ((status = cli_get_double(cli, "margin", 0.5, &rq->margin, err)) != 0 ||
	    (status = cli_get_list(cli, "adequate", &rq->adequate, &rq->n_adequate, err)) != 0 ||
	    (status = cli_get_list(cli, "desired", &rq->desired, &rq->n_desired, err)) != 0 ||
	    (status = cli_get_list(cli, "perceived", &rq->perceived, &rq->n_perceived, err)) != 0)
		return status;
	if (rq->margin_given && !(rq->margin > 0 && isfinite(rq->margin)))
		return sk_fail(err, SK_EXIT_USAGE, "--margin must be a positive number in the outcome's units");
	if (!rq->zone && (rq->n_adequate || rq->n_desired || rq->n_perceived))
		return sk_fail(err, SK_EXIT_USAGE, "--adequate, --desired and --perceived go with --zone DIMENSION");
	if ((rq->control || rq->margin_given) && (rq->n_within || rq->n_by != 1 || rq->n_y > 1 || rq->n_cov || rq->zone))
		return sk_fail(err, SK_EXIT_USAGE, "--control and --margin apply to a one-way design (--y VAR --by VAR)");
	if (!rq->zone)
		return 0;
	if (!*rq->zone)
		return sk_fail(err, SK_EXIT_USAGE, "--zone needs the name of a service dimension");
	if (rq->n_by != 1 || rq->n_y || rq->n_within || rq->n_cov || rq->contrast || cli_get(cli, "posthoc") ||
	    cli_get(cli, "ss"))
		return sk_fail(err, SK_EXIT_USAGE, "--zone DIMENSION takes --by VAR (one grouping variable) and nothing else");
	if ((rq->n_adequate || rq->n_desired || rq->n_perceived) && !(rq->n_adequate && rq->n_desired && rq->n_perceived))
		return sk_fail(err, SK_EXIT_USAGE, "--adequate, --desired and --perceived go together");
	return 0;
}

/* --y A,B and --cov: one between-subjects factor, no name twice. */
static int multi_parse(const struct cli *cli, struct compare_request *rq, struct sk_error *err)
{
	size_t nv = rq->n_y + rq->n_cov;

	if (rq->n_y < 2 && !rq->n_cov)
		return 0;
	if (rq->n_within || rq->n_by != 1)
		return sk_fail(err, SK_EXIT_USAGE, "%s take%s one grouping variable (--by VAR), not --within or two factors",
			       rq->n_cov ? "--cov" : "several outcomes", rq->n_cov ? "s" : "");
	if (rq->n_y > 1 && cli_get(cli, "posthoc"))
		return sk_fail(err, SK_EXIT_USAGE, "--posthoc applies to one outcome; a MANOVA reports univariate follow-ups");
	if (rq->posthoc == POSTHOC_SET_GAMES_HOWELL)
		return sk_fail(err, SK_EXIT_USAGE, "--posthoc with --cov compares adjusted means: tukey, bonferroni or all");
	if (rq->contrast)
		return sk_fail(err, SK_EXIT_USAGE, "--contrast applies to a one-way between-subjects design (--y VAR --by VAR)");
	for (size_t j = 0; j < nv; j++) {
		const char *a = j < rq->n_y ? rq->ys[j] : rq->cov[j - rq->n_y];
		for (size_t l = 0; l < j; l++) {
			const char *b = l < rq->n_y ? rq->ys[l] : rq->cov[l - rq->n_y];
			if (strcmp(a, b) == 0)
				return sk_fail(err, SK_EXIT_USAGE, "--y and --cov name '%s' twice", a);
		}
		if (strcmp(a, rq->by[0]) == 0)
			return sk_fail(err, SK_EXIT_USAGE, "'%s' is both the grouping variable and an outcome or covariate", a);
	}
	return 0;
}

void compare_request_release(struct compare_request *rq)
{
	cli_list_free(rq->by);
	cli_list_free(rq->within);
	cli_list_free(rq->ys);
	cli_list_free(rq->cov);
	cli_list_free(rq->adequate);
	cli_list_free(rq->desired);
	cli_list_free(rq->perceived);
	rq->ys = rq->cov = rq->adequate = rq->desired = rq->perceived = NULL;
	free(rq->weights);
	free(rq->scores);
	rq->by = rq->within = NULL;
	rq->weights = rq->scores = NULL;
}

int compare_request_parse(const struct cli *cli, struct compare_request *rq, struct sk_error *err)
{
	int status;

	*rq = (struct compare_request){.between = cli_get(cli, "between"), .ss_type = 3, .level = cli->ci};
	if ((status = cli_get_list(cli, "y", &rq->ys, &rq->n_y, err)) != 0 ||
	    (status = cli_get_list(cli, "cov", &rq->cov, &rq->n_cov, err)) != 0 ||
	    (status = cli_get_list(cli, "by", &rq->by, &rq->n_by, err)) != 0 ||
	    (status = cli_get_list(cli, "within", &rq->within, &rq->n_within, err)) != 0 ||
	    (status = parse_posthoc(cli_get(cli, "posthoc"), &rq->posthoc, err)) != 0 ||
	    (status = cli_get_size(cli, "ss", 3, &rq->ss_type, err)) != 0 ||
	    (status = compare_contrast_parse(cli, rq, err)) != 0)
		return status;
	rq->y = rq->n_y ? rq->ys[0] : NULL;
	if ((status = recovery_parse(cli, rq, err)) != 0 || rq->zone)
		return status;
	if ((status = multi_parse(cli, rq, err)) != 0)
		return status;
	if (rq->contrast && (rq->n_within || rq->n_by != 1))
		return sk_fail(err, SK_EXIT_USAGE, "--contrast applies to a one-way between-subjects design (--y VAR --by VAR)");
	if (rq->n_within) {
		if (rq->y || rq->n_by || cli_get(cli, "posthoc") || cli_get(cli, "ss"))
			return sk_fail(err, SK_EXIT_USAGE,
				       "--within takes --between for a mixed design, not --y, --by, --posthoc or --ss");
		if (rq->n_within < 2)
			return sk_fail(err, SK_EXIT_USAGE, "--within needs two or more conditions, e.g. --within sat_s1,sat_s2");
		for (size_t j = 0; j < rq->n_within; j++)
			for (size_t l = 0; l < j; l++)
				if (strcmp(rq->within[j], rq->within[l]) == 0)
					return sk_fail(err, SK_EXIT_USAGE, "--within names '%s' twice", rq->within[j]);
		return 0;
	}
	if (!rq->y || !rq->n_by)
		return sk_fail(err, SK_EXIT_USAGE,
			       "compare needs --y VAR --by VAR (between subjects) or --within VAR,VAR (repeated measures)");
	if (rq->between)
		return sk_fail(err, SK_EXIT_USAGE, "--between goes with --within; between subjects use --by");
	if (rq->n_by > 2)
		return sk_fail(err, SK_EXIT_USAGE, "--by takes one grouping variable, or two for a two-way ANOVA");
	if (rq->n_by == 2 && strcmp(rq->by[0], rq->by[1]) == 0)
		return sk_fail(err, SK_EXIT_USAGE, "--by names '%s' twice", rq->by[0]);
	if (rq->ss_type != 2 && rq->ss_type != 3)
		return sk_fail(err, SK_EXIT_USAGE, "--ss must be 2 or 3");
	if (rq->n_by == 1 && cli_get(cli, "ss"))
		return sk_fail(err, SK_EXIT_USAGE, "--ss applies to a two-way design (--by A,B)");
	if (rq->n_by == 2 && cli_get(cli, "posthoc"))
		return sk_fail(err, SK_EXIT_USAGE, "--posthoc applies to a one-way design; a two-way design reports simple effects");
	return 0;
}

int compare_note_dropped(const struct dataset *ds, struct compare_result *r, const char *const *names, size_t k,
			 struct sk_error *err)
{
	return dataset_note_dropped(ds, r->dropped, NULL, names, k, NULL, err);
}

int compare_run(const struct compare_request *rq, const struct dataset *ds, struct compare_result *r,
		struct sk_error *err)
{
	*r = (struct compare_result){.level = rq->level, .rows = ds->frame.n_rows};
	r->envelope = dataset_doc(ds, "compare");
	r->dropped = json_pack("{s:{}}", "input");
	if (!r->envelope || !r->dropped)
		return sk_out_of_memory(err);
	if (rq->zone)
		return compare_run_zone(rq, ds, r, err);
	if (rq->n_within)
		return compare_run_within(rq, ds, r, err);
	if (rq->n_y > 1)
		return compare_run_manova(rq, ds, r, err);
	if (rq->n_cov)
		return compare_run_ancova(rq, ds, r, err);
	if (rq->n_by == 1)
		return compare_run_oneway(rq, ds, r, err);
	return compare_run_twoway(rq, ds, r, err);
}

void compare_result_release(struct compare_result *r)
{
	json_decref(r->envelope);
	json_decref(r->dropped);
	if (r->have_y)
		variable_release(&r->y);
	compare_levels_release(&r->one.by);
	free(r->one.s);
	free(r->one.kw.mean_rank);
	free(r->one.pair_d);
	compare_contrasts_release(&r->one.contrasts);
	if (r->one.has_paradox)
		paradox_release(&r->one.paradox);
	compare_zone_release(&r->zone);
	for (size_t i = 0; i < COMPARE_METHODS; i++)
		free(r->one.pairs[i]);
	compare_levels_release(&r->two.a);
	compare_levels_release(&r->two.b);
	free(r->two.cells);
	free(r->two.simple);
	free(r->two.simple_es);
	for (size_t j = 0; j < r->within.loaded; j++)
		variable_release(&r->within.v[j]);
	free(r->within.v);
	compare_levels_release(&r->within.between);
	compare_multi_release(&r->multi);
	free(r->within.s);
	free(r->within.mean_rank);
	free(r->within.pairs);
	free(r->within.pair_d);
	manova_within_free(r->within.mv);
	*r = (struct compare_result){0};
}

COMMAND_STEPS(compare);
