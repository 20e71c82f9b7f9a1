/* The service recovery paradox (McCollough & Bharadwaj 1992; de Matos, Henrique & Rossi 2007):
 * does a recovery leave customers more satisfied than no failure at all? Each recovery level of
 * a scenario is compared with its no-failure control level, from the groups' means, variances
 * and sizes, with d = mean(level) - mean(control):
 *   Welch's t (Welch 1947): se = sqrt(s_l^2/n_l + s_c^2/n_c),
 *     df = se^4 / ((s_l^2/n_l)^2/(n_l-1) + (s_c^2/n_c)^2/(n_c-1)), t = d / se;
 *     p_greater = P(T_df > t) (H1: the level is above the control; R t.test(level, control,
 *     alternative = "greater", var.equal = FALSE)) and p_less = P(T_df < t), each adjusted by
 *     Holm (1979) across the levels tested (R p.adjust(method = "holm"); models/change_tests.h).
 *   Equivalence by two one-sided tests (TOST; Schuirmann 1987) with the same se and df and a
 *     margin m stated in the outcome's units: p_low = P(T_df > (d + m) / se) (H0: d <= -m),
 *     p_high = P(T_df < (d - m) / se) (H0: d >= m), p_tost = max(p_low, p_high) (R
 *     t.test(mu = -m, alternative = "greater") and t.test(mu = m, alternative = "less"), as
 *     Lakens 2017 defines it for Welch), with the 1 - 2 alpha interval d -/+ t_(1 - alpha; df) se
 *     (t.test(conf.level = 1 - 2 alpha)): equivalent exactly when it lies inside (-m, m). TOST is
 *     a claim about each level on its own and is not adjusted.
 * Verdict per level, in this order:
 *   PARADOX_SUPPORTED    Holm-adjusted p_greater < alpha: more satisfied than without a failure;
 *   PARADOX_WORSE        Holm-adjusted p_less < alpha: less satisfied than without a failure;
 *   PARADOX_EQUIVALENT   neither, and p_tost < alpha: within the margin of the no-failure level
 *                        (recovered to it, no paradox);
 *   PARADOX_INCONCLUSIVE neither, and not shown equivalent: the data cannot tell;
 *   PARADOX_NOT_TESTED   the level or the comparison lacks data (see `why`).
 * A significant difference smaller than the margin is reported as supported or worse; the TOST
 * result beside it says that it is also within the margin.
 *
 * Returns GSL_SUCCESS, GSL_EDOM with `problem` set when the control cannot be compared with
 * anything (missing, or fewer than 2 cases), GSL_EINVAL for a margin that is not positive or an
 * alpha outside (0, 0.5), or GSL_ENOMEM. Levels without data are NOT_TESTED, not an error. */
#ifndef SURVEYKIT_MODELS_PARADOX_H
#define SURVEYKIT_MODELS_PARADOX_H

#include <stddef.h>

#include "models/oneway.h"

/* Default equivalence margin: half a point on the 1..7 answer metric (a standardised difference
 * of about 0.4 with the answer SDs of about 1.2 seen in the study's waves). */
#define PARADOX_DEFAULT_MARGIN 0.5

struct paradox_options {
	double alpha;  /* 0.05 */
	double margin; /* PARADOX_DEFAULT_MARGIN, in the outcome's units */
};
void paradox_options_init(struct paradox_options *o);

enum paradox_verdict {
	PARADOX_SUPPORTED,
	PARADOX_EQUIVALENT,
	PARADOX_WORSE,
	PARADOX_INCONCLUSIVE,
	PARADOX_NOT_TESTED,
};

/* Why a level was not tested. */
enum paradox_why {
	PARADOX_LEVEL_OK = 0,
	PARADOX_SMALL_LEVEL, /* the level has fewer than 2 cases */
	PARADOX_NO_VARIANCE, /* both groups are constant: se = 0 */
};

/* Why nothing could be tested (status GSL_EDOM). */
enum paradox_problem {
	PARADOX_OK = 0,
	PARADOX_NO_CONTROL,    /* the control index is not a level, or the level has no cases */
	PARADOX_SMALL_CONTROL, /* the control has a single case */
};

struct paradox_level {
	size_t level;          /* index among the groups */
	size_t n;
	double mean, diff, se, df, t;
	double p_greater, p_greater_holm, p_less, p_less_holm;
	double t_low, p_low, t_high, p_high, p_tost;
	double llci, ulci;     /* the 1 - 2 alpha interval of diff */
	enum paradox_verdict verdict;
	enum paradox_why why;
};

struct paradox {
	size_t control, n_levels;     /* n_levels = k - 1 */
	double alpha, margin;
	struct paradox_level *levels; /* the groups other than the control, in their order; owned */
	size_t supported, equivalent, worse, inconclusive, not_tested;
	enum paradox_problem problem;
};

/* s: the k group summaries (models/oneway.h: n, mean and var are used). The result's levels
 * array belongs to it: paradox_release frees it. */
int paradox_test(const struct group_summary *s, size_t k, size_t control, const struct paradox_options *o,
		 struct paradox *out);
void paradox_release(struct paradox *p);

#endif
