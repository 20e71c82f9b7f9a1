/* Tests of change between independent samples (survey waves), and the Holm adjustment of a family
 * of p-values.
 *
 *   Welch's t for two means from their summaries (Welch 1947; R t.test(var.equal = FALSE)):
 *     se = sqrt(s_a^2/n_a + s_b^2/n_b), t = (m_b - m_a) / se,
 *     df = se^4 / ((s_a^2/n_a)^2/(n_a-1) + (s_b^2/n_b)^2/(n_b-1)), p = 2 P(T_df > |t|).
 *   Two independent Cronbach's alphas (Feldt 1969; Charter & Feldt 1996; as R cocron does it):
 *     with alpha_1 >= alpha_2, W = (1 - alpha_2) / (1 - alpha_1) on F(n_1 - 1, n_2 - 1),
 *     two-sided p = min(1, 2 P(F > W)).
 *   Two independent regression coefficients (Clogg, Petkova & Haritou 1995; Paternoster et al.
 *     1998): z = (b_b - b_a) / sqrt(se_a^2 + se_b^2), p = 2 P(Z > |z|).
 *   Holm (1979) step-down adjustment (R p.adjust(method = "holm")): with p sorted ascending,
 *     p_(i) adj = max_{j <= i} min(1, (m - j + 1) p_(j)); NaN p-values are left out of m and stay NaN. */
#ifndef SURVEYKIT_MODELS_CHANGE_TESTS_H
#define SURVEYKIT_MODELS_CHANGE_TESTS_H

#include <stddef.h>

struct change_test {
	double diff;  /* b minus a */
	double se, stat, df, df2, p;
};

/* GSL_EDOM when a sample has fewer than 2 cases or both variances are 0 (out->p NaN). */
int change_welch_t(double mean_a, double var_a, size_t n_a, double mean_b, double var_b, size_t n_b,
		   struct change_test *out);
/* GSL_EDOM unless 0 <= alpha < 1 in both samples and n >= 2. stat = W, df and df2 its F df. */
int change_alpha_feldt(double alpha_a, size_t n_a, double alpha_b, size_t n_b, struct change_test *out);
/* GSL_EDOM when an SE is not positive. */
int change_coefficient_z(double b_a, double se_a, double b_b, double se_b, struct change_test *out);

/* adj[i] for p[i], i < m (adj may alias p). GSL_ENOMEM or GSL_SUCCESS. */
int change_holm(const double *p, size_t m, double *adj);

#endif
