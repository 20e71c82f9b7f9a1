/* One-way between-subjects comparisons of a numeric outcome across k groups.
 *
 * The observations are first gathered by group (struct grouped: one counting pass), so every
 * statistic below reads each group's values contiguously. Group summaries use two passes about
 * the group mean (values near 1e6 with a small spread keep their variance).
 *
 *   ANOVA (Fisher): SS_b = sum n_i (m_i - M)^2, SS_w = sum (n_i - 1) s_i^2, F = (SS_b / (k-1)) /
 *     (SS_w / (N-k)); eta^2 = SS_b / SS_t; omega^2 = (SS_b - (k-1) MS_w) / (SS_t + MS_w) (Hays 1963).
 *   Welch (1951): w_i = n_i / s_i^2, m_w = sum w_i m_i / W, A = sum w_i (m_i - m_w)^2 / (k-1),
 *     L = sum (1 - w_i / W)^2 / (n_i - 1), F = A / (1 + 2 (k-2) L / (k^2 - 1)),
 *     df = (k-1, (k^2 - 1) / (3 L)); R oneway.test(var.equal = FALSE).
 *   Brown & Forsythe (1974) F* for means: F* = SS_b / sum (1 - n_i/N) s_i^2, df1 = k-1,
 *     df2 = 1 / sum c_i^2 / (n_i - 1) with c_i = (1 - n_i/N) s_i^2 / sum_j (1 - n_j/N) s_j^2
 *     (Satterthwaite); SPSS ONEWAY /STATISTICS BROWNFORSYTHE. Not Levene's test with the median.
 *   Levene (1960) / Brown & Forsythe (1974) tests of equal variances: the one-way ANOVA F of
 *     |y - c_i|, with c_i the group mean or the group median; R car::leveneTest(center = mean or
 *     median).
 *
 * Functions return GSL_SUCCESS, or GSL_EDOM when the statistic needs a case or variance a group
 * lacks (the group's index is stored in *bad_group when bad_group is non-NULL), GSL_EZERODIV when
 * every variance involved is zero, or GSL_ENOMEM. */
#ifndef SURVEYKIT_MODELS_ONEWAY_H
#define SURVEYKIT_MODELS_ONEWAY_H

#include <stddef.h>

/* The n observations of k groups, contiguous by group: group i is y[start[i] .. start[i] + n_i). */
struct grouped {
	size_t k, n;
	double *y;
	size_t *start, *count;
};

/* Gathers the y[r] with 0 <= group[r] < k and y[r] not NaN, for r < rows. NULL when out of memory. */
struct grouped *grouped_alloc(const double *y, const int *group, size_t rows, size_t k);
void grouped_free(struct grouped *g);

struct group_summary {
	size_t n;
	double mean, median;
	double var, sd, se;  /* NaN when n < 2 */
	double llci, ulci;   /* mean -/+ t((1 + level) / 2, n - 1) se; NaN when n < 2 */
};

/* Summaries of each group (out has g->k elements) with confidence intervals at `level`. */
int oneway_summaries(const struct grouped *g, double level, struct group_summary *out);
/* The summary of a group of n values with mean `mean` and sum of squares about it `ss`:
 * var = ss / (n - 1), sd, se = sd / sqrt(n), and the t interval at `level`; the median NaN. */
void group_summary_from_moments(size_t n, double mean, double ss, double level, struct group_summary *s);

struct oneway_anova {
	double ss_between, ss_within, ss_total;
	double df1, df2, ms_between, ms_within;
	double F, p, eta2, omega2;
};

/* Needs k >= 2, every n_i >= 1 and N > k; GSL_EZERODIV when every group is constant (SS_w = 0). */
int oneway_anova(const struct group_summary *s, size_t k, struct oneway_anova *a);

struct ftest {
	double F, df1, df2, p;
};

/* Welch's F: every group needs n_i >= 2 and s_i > 0. */
int oneway_welch(const struct group_summary *s, size_t k, struct ftest *t, size_t *bad_group);

/* The standard error of a contrast psi = sum w_i m_i of the group means without pooling the
 * variances, and its Welch-Satterthwaite df (Welch 1947; Satterthwaite 1946):
 *   se^2 = sum_i w_i^2 s_i^2 / n_i,  df = se^4 / sum_i (w_i^2 s_i^2 / n_i)^2 / (n_i - 1),
 * over the groups with w_i != 0. For two groups and w = (1, -1) it is the se and df of Welch's t
 * (R t.test(var.equal = FALSE)), used by Games-Howell (models/posthoc.h), the paradox tests
 * (models/paradox.h), the tests of change between waves (models/change_tests.h) and the Welch
 * row of the planned contrasts (models/contrasts.h). GSL_EDOM when a group with w_i != 0 has
 * fewer than 2 cases (its index in *bad_group), GSL_EZERODIV when se = 0; se and df are then
 * left as they were. */
int oneway_welch_se(const struct group_summary *s, size_t k, const double *w, double *se, double *df,
		    size_t *bad_group);
/* The same for m_a - m_b. */
int oneway_welch_pair(const struct group_summary *a, const struct group_summary *b, double *se, double *df);
/* Brown-Forsythe F* for means: every group needs n_i >= 2; not every s_i may be 0. */
int oneway_brown_forsythe(const struct group_summary *s, size_t k, struct ftest *t, size_t *bad_group);

enum levene_center { LEVENE_MEAN, LEVENE_MEDIAN };

/* Levene's test about the group means or medians taken from `s`: every group needs n_i >= 2;
 * GSL_EZERODIV when every absolute deviation is the same within its group. */
int oneway_levene(const struct grouped *g, const struct group_summary *s, enum levene_center center,
		  struct ftest *t, size_t *bad_group);

#endif
