/* Post hoc pairwise comparisons after a one-way ANOVA, from the group summaries.
 *
 * Pairs come in R's TukeyHSD order: (1,0), (2,0), ..., (k-1,0), (2,1), ...; in each, a is the later
 * group, b the earlier one, and diff = m_a - m_b (R's "1-0" row). With m = k(k-1)/2 pairs:
 *   Tukey HSD, Tukey-Kramer for unequal n (Tukey 1953; Kramer 1956; R TukeyHSD):
 *     se = sqrt(MS_w (1/n_a + 1/n_b)) (as SPSS prints it), df = N - k,
 *     p = P(Q_{k,df} > |diff| / (se / sqrt 2)), CI diff -/+ q_{level;k,df} se / sqrt 2.
 *   Games & Howell (1976): se = sqrt(s_a^2/n_a + s_b^2/n_b), Welch-Satterthwaite
 *     df = se^4 / ((s_a^2/n_a)^2/(n_a-1) + (s_b^2/n_b)^2/(n_b-1)), p and CI as Tukey with
 *     that se and df (the formula of ../shared/reference/ref.R).
 *   Bonferroni (SPSS ONEWAY /POSTHOC BONFERRONI): t = diff / se with Tukey's se and df,
 *     p = min(1, 2 m P(T_df > |t|)), CI diff -/+ t_{1 - (1 - level)/(2m); df} se
 *     (R pairwise.t.test(pool.sd = TRUE, p.adjust.method = "bonferroni")).
 * Effect sizes of each pair, whatever the method: Cohen's d with the pair's pooled SD,
 *   d = diff / sqrt(((n_a-1) s_a^2 + (n_b-1) s_b^2) / (n_a + n_b - 2)), and Hedges' g = J d with
 *   the exact small-sample factor J = Gamma(v/2) / (sqrt(v/2) Gamma((v-1)/2)), v = n_a + n_b - 2
 *   (Hedges 1981; R effectsize::hedges_g). */
#ifndef SURVEYKIT_MODELS_POSTHOC_H
#define SURVEYKIT_MODELS_POSTHOC_H

#include <stddef.h>

#include "models/oneway.h"

enum posthoc_method { POSTHOC_TUKEY, POSTHOC_GAMES_HOWELL, POSTHOC_BONFERRONI };

/* Why a statistic of a pair is missing (NaN). */
enum pair_status {
	PAIR_OK,
	PAIR_SMALL_GROUP, /* Games-Howell: a group of the pair has fewer than 2 cases */
	PAIR_NO_VARIANCE, /* Games-Howell: both groups constant; d and g: pooled SD is 0 */
};

struct pairwise {
	size_t a, b;         /* group indices, a > b */
	double diff, se, df;
	double stat;         /* q (Tukey, Games-Howell) or t (Bonferroni) */
	double p, llci, ulci;
	enum pair_status status;
	double d, g;         /* NaN when the pair's pooled SD is 0 or undefined */
	enum pair_status effect_status;
};

/* Number of pairs of k groups. */
size_t posthoc_pairs(size_t k);

/* Fills out[0 .. posthoc_pairs(k)) for one method at confidence `level`. a->ms_within and a->df2
 * come from oneway_anova. Returns GSL_SUCCESS, or the status of the studentized range
 * distribution (models/studentized_range.h). */
int posthoc_compare(enum posthoc_method method, const struct group_summary *s, size_t k,
		    const struct oneway_anova *a, double level, struct pairwise *out);

#endif
