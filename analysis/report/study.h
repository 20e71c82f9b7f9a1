/* The study plan that `report` and `waves` run on a wave: which column holds the between-subjects
 * condition (the recovery scenario), which scales are the customer traits (involvement, trust)
 * and which are the outcomes, found from the codebook (or the inferred one) unless the options
 * --scenario VAR, --traits A,B and --outcomes X,Y,Z name them. The rule (STUDY_RULE) is printed
 * in every report:
 *  - condition: the first group column whose name or label contains scenario, condition,
 *    treatment, recovery, arm or cell; otherwise the only group column that is not gender or sex;
 *    otherwise none (no scenario comparisons);
 *  - traits: the scales whose name or label contains "involv" or "trust", or whose name starts
 *    with "inv" or "tru" (an inferred codebook names scales by item prefix), involvement first;
 *  - mediators: the scales whose name or label contains "justice" or "mediator" (--mediators
 *    A,B names them instead), in codebook order; they are neither traits nor outcomes;
 *  - outcomes: every other scale, in codebook order, but for a failure-severity scale (named or
 *    labelled like severity) and the manipulation check (role `check`), which the report's
 *    recovery sections use;
 *  - repeated measures: scales named BASE_s1, BASE_s2, ... (two or more per BASE). */
#ifndef SURVEYKIT_ANALYSIS_STUDY_H
#define SURVEYKIT_ANALYSIS_STUDY_H

#include <jansson.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"

#define STUDY_RULE                                                                                          \
	"condition: --scenario, else the first group column named or labelled like scenario, condition, "  \
	"treatment, recovery, arm or cell, else the only group column other than gender/sex; traits: "        \
	"--traits, else the scales named or labelled like involvement or trust (or named inv*/tru*); "       \
	"mediators: --mediators, else the scales named or labelled like justice or mediator; "               \
	"outcomes: --outcomes, else every other scale but severity and the manipulation check; "      \
	"repeated measures: scales named BASE_s1, BASE_s2, ..."

/* Repeated measures: scales named BASE_s1, BASE_s2, ... (one per scenario, the within-subjects
 * codebook convention) form a set compared with compare --within. */
struct within_set {
	char *base;
	char **vars; /* NULL-terminated */
	size_t n;
};

struct study {
	struct within_set *within;
	size_t n_within;
	char *group; /* NULL when the wave has no between-subjects condition */
	size_t group_levels;
	char **traits;
	size_t n_traits;
	char **outcomes;
	size_t n_outcomes;
	char **mediators; /* between the scenario and the outcomes (the report's mediation section) */
	size_t n_mediators;
};

/* Fills st from the options and the dataset; a named variable that does not exist is exit 3. */
int study_detect(const struct cli *cli, const struct dataset *ds, struct study *st, struct sk_error *err);
void study_release(struct study *st);
/* {"group", "traits", "outcomes", "mediators" (when any), "rule"} */
json_t *study_json(const struct study *st);

#endif
