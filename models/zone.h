/* The zone of tolerance (Parasuraman, Berry & Zeithaml 1991; Zeithaml, Berry & Parasuraman 1993):
 * customers accept a range of service between the level they find adequate and the level they
 * desire. Per respondent, from the scores of a service dimension (each the mean of its role's
 * items, computed by the caller):
 *   measure of service adequacy     MSA = perceived - adequate,
 *   measure of service superiority  MSS = perceived - desired (Parasuraman, Zeithaml & Berry
 *     1994);
 *   below the zone when perceived < adequate (MSA < 0), above it (delight) when perceived >
 *   desired (MSS > 0), within it otherwise (adequate <= perceived <= desired; the boundaries are
 *   inside).
 * An inverted zone (adequate > desired: the respondent's expectations contradict each other) is
 * classified by the same rules in the same order, so "below" wins: perceived < adequate is below
 * (also when perceived > desired as well, counted in `inverted_both`), anything else is above,
 * since perceived >= adequate > desired; such a respondent is never within. Inverted zones are
 * counted per group so that the report can say how many there were.
 * Per group: the counts and shares of the three classes and the mean and SD (n - 1) of MSA and
 * MSS; across groups, the groups x 3 table tested by models/crosstab (chi-square, G2, Fisher,
 * Cramer's V; a class no one is in is dropped there, with its count in the crosstab).
 * A respondent with a score missing (NaN) or a group outside 0..k-1 is not classified and is
 * counted by reason.
 *
 * Returns GSL_SUCCESS (the test may still be missing: `test_status` holds crosstab_run's status,
 * GSL_EDOM with one group or one class), GSL_EDOM when no respondent can be classified, or
 * GSL_ENOMEM. Ownership: the inputs are read, never kept; groups and test belong to the result
 * (zone_release). */
#ifndef SURVEYKIT_MODELS_ZONE_H
#define SURVEYKIT_MODELS_ZONE_H

#include <stddef.h>

#include "models/crosstab.h"

enum zone_class {
	ZONE_BELOW,
	ZONE_WITHIN,
	ZONE_ABOVE,
	ZONE_CLASSES,
	ZONE_MISSING = -1, /* a score is missing */
};

/* One respondent: writes MSA and MSS (NaN when a score is missing) and returns the class. */
enum zone_class zone_classify(double adequate, double desired, double perceived, double *msa, double *mss);

struct zone_group {
	size_t n;                      /* respondents classified */
	size_t count[ZONE_CLASSES];
	double share[ZONE_CLASSES];    /* NaN when n = 0 */
	double msa_mean, msa_sd, mss_mean, mss_sd;
	size_t inverted, inverted_both;
};

struct zone {
	size_t k;
	struct zone_group *groups;     /* k groups */
	struct zone_group all;
	size_t missing_score, no_group; /* respondents not classified, by reason */
	struct crosstab *test;         /* k x 3 */
	int test_status;
};

/* The rows scores and groups (0..k-1). */
int zone_run(const double *adequate, const double *desired, const double *perceived, const int *group, size_t rows,
	     size_t k, const struct crosstab_options *o, struct zone *out);
void zone_release(struct zone *z);

#endif
