/* surveykit compare, split by design: between-subjects one-way and two-way (compare_between.c),
 * within-subjects and mixed (compare_within.c). analysis/commands/compare.c parses the options and picks
 * one. Each fills `doc` (the envelope from dataset_doc) and returns 0 or an exit code with `err`. */
#ifndef SURVEYKIT_ANALYSIS_COMPARE_H
#define SURVEYKIT_ANALYSIS_COMPARE_H

#include <jansson.h>

#include "analysis/data/dataset.h"

enum posthoc_set { POSTHOC_SET_TUKEY = 1, POSTHOC_SET_GAMES_HOWELL = 2, POSTHOC_SET_BONFERRONI = 4 };

int compare_oneway(const struct dataset *ds, const char *y, const char *by, unsigned posthoc, double level,
		   json_t *doc, struct sk_error *err);
int compare_twoway(const struct dataset *ds, const char *y, const char *a, const char *b, int ss_type, double level,
		   json_t *doc, struct sk_error *err);
int compare_within(const struct dataset *ds, char **vars, size_t m, const char *between, double level, json_t *doc,
		   struct sk_error *err);

/* A group's n, mean, SD, SE, CI and median as a row of "groups" or "cells". */
struct group_summary;
void compare_put_summary(json_t *row, const struct group_summary *s);

/* Levels of `g` that keep at least one row where keep[row] is set: *k of them; map[level] is the
 * new index or -1; code[row] the new index or -1 (both allocated here, free them). Levels left
 * out are noted in `doc`. */
int compare_used_levels(const struct grouping *g, const char *keep, json_t *doc, size_t *k, int **map, int **code,
			size_t **orig, struct sk_error *err);

#endif
