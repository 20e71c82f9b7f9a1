/* surveykit compare: do outcomes differ across scenarios? Between subjects (--y VAR --by VAR, or
 * --by A,B for a two-way design), within subjects (--within V1,V2,...) or mixed (--within ...
 * --between GROUP). Missing data are handled listwise within the analysis, and the number of rows
 * left out is reported. */
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/commands/compare.h"
#include "io/doc.h"
#include "models/oneway.h"

const struct option_spec compare_options[] = {
	{"y", "VAR", "outcome (column or scale) compared between groups"},
	{"by", "VAR[,VAR]", "grouping column; two for a two-way ANOVA"},
	{"posthoc", "METHOD", "tukey, games-howell, bonferroni or all (default all)"},
	{"ss", "TYPE", "sums of squares of the two-way ANOVA: 3 (default, as SPSS) or 2"},
	{"within", "VAR,VAR[,...]", "repeated measures: one column or scale per condition"},
	{"between", "VAR", "between-subjects grouping column of a mixed design (with --within)"},
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

int compare_used_levels(const struct grouping *g, const char *keep, json_t *doc, size_t *k, int **map, int **code,
			size_t **orig, struct sk_error *err)
{
	size_t *cnt = calloc(g->n_levels ? g->n_levels : 1, sizeof *cnt);

	*k = 0;
	*map = malloc((g->n_levels ? g->n_levels : 1) * sizeof **map);
	*orig = malloc((g->n_levels ? g->n_levels : 1) * sizeof **orig);
	*code = malloc((g->n ? g->n : 1) * sizeof **code);
	if (!cnt || !*map || !*orig || !*code) {
		free(cnt);
		free(*map);
		free(*orig);
		free(*code);
		*map = *code = NULL;
		*orig = NULL;
		return sk_out_of_memory(err);
	}
	for (size_t i = 0; i < g->n; i++)
		if (g->code[i] >= 0 && keep[i])
			cnt[g->code[i]]++;
	for (size_t l = 0; l < g->n_levels; l++) {
		if (cnt[l]) {
			(*orig)[*k] = l;
			(*map)[l] = (int)(*k)++;
		} else {
			(*map)[l] = -1;
			doc_note(doc, "level '%s' of '%s' has no complete case and is left out", g->labels[l], g->name);
		}
	}
	for (size_t i = 0; i < g->n; i++)
		(*code)[i] = g->code[i] >= 0 && keep[i] ? (*map)[g->code[i]] : -1;
	free(cnt);
	return 0;
}

/* The options of a compare run, checked before any data is read. */
struct compare_request {
	const char *y, *between;
	char **by, **within;
	size_t n_by, n_within, ss_type;
	unsigned posthoc;
};

static void compare_request_free(struct compare_request *rq)
{
	cli_list_free(rq->by);
	cli_list_free(rq->within);
}

static int compare_parse(const struct cli *cli, struct compare_request *rq, struct sk_error *err)
{
	int status;

	*rq = (struct compare_request){.y = cli_get(cli, "y"), .between = cli_get(cli, "between"), .ss_type = 3};
	if ((status = cli_get_list(cli, "by", &rq->by, &rq->n_by, err)) != 0 ||
	    (status = cli_get_list(cli, "within", &rq->within, &rq->n_within, err)) != 0 ||
	    (status = parse_posthoc(cli_get(cli, "posthoc"), &rq->posthoc, err)) != 0 ||
	    (status = cli_get_size(cli, "ss", 3, &rq->ss_type, err)) != 0)
		return status;
	if (rq->n_within) {
		if (rq->y || rq->n_by || cli_get(cli, "posthoc") || cli_get(cli, "ss"))
			return sk_fail(err, SK_EXIT_USAGE,
				       "--within takes --between for a mixed design, not --y, --by, --posthoc or --ss");
		if (rq->n_within < 2)
			return sk_fail(err, SK_EXIT_USAGE, "--within needs two or more conditions, e.g. --within sat_s1,sat_s2");
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

static int compare_run(const struct cli *cli, const struct compare_request *rq, const struct dataset *ds, json_t **out,
		       struct sk_error *err)
{
	json_t *doc = dataset_doc(ds, "compare");
	int status;

	if (rq->n_within)
		status = compare_within(ds, rq->within, rq->n_within, rq->between, cli->ci, doc, err);
	else if (rq->n_by == 1)
		status = compare_oneway(ds, rq->y, rq->by[0], rq->posthoc, cli->ci, doc, err);
	else
		status = compare_twoway(ds, rq->y, rq->by[0], rq->by[1], (int)rq->ss_type, cli->ci, doc, err);
	if (status != 0) {
		json_decref(doc);
		doc = NULL;
	}
	*out = doc;
	return status;
}

int compare_document(const struct cli *cli, const struct dataset *ds, json_t **doc, struct sk_error *err)
{
	struct compare_request rq;
	int status;

	*doc = NULL;
	if ((status = compare_parse(cli, &rq, err)) == 0)
		status = compare_run(cli, &rq, ds, doc, err);
	compare_request_free(&rq);
	return status;
}

int cmd_compare(const struct cli *cli, struct sk_error *err)
{
	const char *path;
	struct compare_request rq = {0};
	struct dataset ds;
	json_t *doc = NULL;
	int status;

	if ((status = cli_data_path(cli, &path, err)) != 0 || (status = compare_parse(cli, &rq, err)) != 0)
		goto done;
	if ((status = dataset_load(&ds, path, cli, err)) != 0)
		goto done;
	if ((status = compare_run(cli, &rq, &ds, &doc, err)) == 0)
		status = command_output(cli, doc, err);
	json_decref(doc);
	dataset_free(&ds);
done:
	compare_request_free(&rq);
	return status;
}

void compare_put_summary(json_t *row, const struct group_summary *s)
{
	doc_size(row, "n", s->n);
	doc_num(row, "mean", s->mean);
	doc_num(row, "sd", s->sd);
	doc_num(row, "se", s->se);
	doc_num(row, "llci", s->llci);
	doc_num(row, "ulci", s->ulci);
	doc_num(row, "median", s->median);
}
