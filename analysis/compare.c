/* surveykit compare: do outcomes differ across scenarios? Between subjects (--y VAR --by VAR, or
 * --by A,B for a two-way design), within subjects (--within V1,V2,...) or mixed (--within ...
 * --between GROUP). Missing data are handled listwise within the analysis, and the number of rows
 * left out is reported. */
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/compare.h"
#include "io/doc.h"

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
		return sk_fail(err, SK_EXIT_ANALYSIS, "out of memory");
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

int cmd_compare(const struct cli *cli, struct sk_error *err)
{
	const char *path, *y = cli_get(cli, "y"), *between = cli_get(cli, "between");
	char **by = NULL, **within = NULL;
	size_t n_by = 0, n_within = 0, ss_type = 3;
	unsigned posthoc = 0;
	struct dataset ds;
	json_t *doc = NULL;
	int status;

	if ((status = cli_data_path(cli, &path, err)) != 0 ||
	    (status = cli_get_list(cli, "by", &by, &n_by, err)) != 0 ||
	    (status = cli_get_list(cli, "within", &within, &n_within, err)) != 0 ||
	    (status = parse_posthoc(cli_get(cli, "posthoc"), &posthoc, err)) != 0 ||
	    (status = cli_get_size(cli, "ss", 3, &ss_type, err)) != 0)
		goto done;
	if (n_within) {
		if (y || n_by || cli_get(cli, "posthoc") || cli_get(cli, "ss")) {
			status = sk_fail(err, SK_EXIT_USAGE,
					 "--within takes --between for a mixed design, not --y, --by, --posthoc or --ss");
			goto done;
		}
		if (n_within < 2) {
			status = sk_fail(err, SK_EXIT_USAGE, "--within needs two or more conditions, e.g. --within sat_s1,sat_s2");
			goto done;
		}
	} else {
		if (!y || !n_by) {
			status = sk_fail(err, SK_EXIT_USAGE,
					 "compare needs --y VAR --by VAR (between subjects) or --within VAR,VAR (repeated measures)");
			goto done;
		}
		if (between) {
			status = sk_fail(err, SK_EXIT_USAGE, "--between goes with --within; between subjects use --by");
			goto done;
		}
		if (n_by > 2) {
			status = sk_fail(err, SK_EXIT_USAGE, "--by takes one grouping variable, or two for a two-way ANOVA");
			goto done;
		}
		if (n_by == 2 && strcmp(by[0], by[1]) == 0) {
			status = sk_fail(err, SK_EXIT_USAGE, "--by names '%s' twice", by[0]);
			goto done;
		}
		if (ss_type != 2 && ss_type != 3) {
			status = sk_fail(err, SK_EXIT_USAGE, "--ss must be 2 or 3");
			goto done;
		}
		if (n_by == 1 && cli_get(cli, "ss")) {
			status = sk_fail(err, SK_EXIT_USAGE, "--ss applies to a two-way design (--by A,B)");
			goto done;
		}
		if (n_by == 2 && cli_get(cli, "posthoc")) {
			status = sk_fail(err, SK_EXIT_USAGE, "--posthoc applies to a one-way design; a two-way design reports simple effects");
			goto done;
		}
	}
	if ((status = dataset_load(&ds, path, cli, err)) != 0)
		goto done;
	doc = dataset_doc(&ds, "compare");
	if (n_within)
		status = compare_within(&ds, within, n_within, between, cli->ci, doc, err);
	else if (n_by == 1)
		status = compare_oneway(&ds, y, by[0], posthoc, cli->ci, doc, err);
	else
		status = compare_twoway(&ds, y, by[0], by[1], (int)ss_type, cli->ci, doc, err);
	if (status == 0)
		status = command_output(cli, doc, err);
	json_decref(doc);
	dataset_free(&ds);
done:
	cli_list_free(by);
	cli_list_free(within);
	return status;
}
