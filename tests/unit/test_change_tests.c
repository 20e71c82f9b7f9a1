/* models/change_tests against R: p.adjust(method = "holm"), t.test (Welch), and Feldt's test of
 * two independent alphas computed as cocron does (W on F(n_hi - 1, n_lo - 1), two-sided). */
#include <math.h>

#include <gsl/gsl_errno.h>

#include "models/change_tests.h"
#include "test.h"

TEST(change_holm_matches_p_adjust)
{
	/* p.adjust(c(0.01, 0.04, NA, 0.03, 0.2, 0.03), "holm") */
	const double p[] = {0.01, 0.04, NAN, 0.03, 0.2, 0.03};
	const double want[] = {0.05, 0.12, NAN, 0.12, 0.2, 0.12};
	double adj[6];

	CHECK_INT(change_holm(p, 6, adj), GSL_SUCCESS);
	for (int i = 0; i < 6; i++) {
		if (isnan(want[i]))
			CHECK(isnan(adj[i]));
		else
			CHECK_CLOSE(adj[i], want[i], 1e-15);
	}
	CHECK_INT(change_holm(p, 0, adj), GSL_SUCCESS);
}

TEST(change_welch_t_matches_t_test)
{
	/* t.test(c(1,2,3,4,9), c(2,4,6,8,10,12)): t = -1.54798444767187804, df = 8.9966882160706394,
	 * p = 0.15604496321643188 (t here is b minus a) */
	struct change_test ct;
	double va = 9.7, vb = 14; /* var(c(1,2,3,4,9)), var(c(2,4,...,12)) */

	CHECK_INT(change_welch_t(3.8, va, 5, 7, vb, 6, &ct), GSL_SUCCESS);
	CHECK_CLOSE(ct.diff, 3.2, 1e-14);
	CHECK_CLOSE(ct.stat, 1.54798444767187804, 1e-12);
	CHECK_CLOSE(ct.df, 8.9966882160706394, 1e-12);
	CHECK_CLOSE(ct.p, 0.15604496321643188, 1e-10);
	CHECK_INT(change_welch_t(1, 0, 5, 1, 0, 5, &ct), GSL_EDOM);
	CHECK(isnan(ct.p));
	CHECK_INT(change_welch_t(1, 1, 1, 2, 1, 5, &ct), GSL_EDOM);
}

TEST(change_alpha_feldt_matches_cocron)
{
	/* cocron.two.coefficients(alpha = c(.78, .71), n = c(41, 151)): W = 1.3181818181818186 on
	 * F(40, 150), p = 2 * pf(W, 40, 150, lower.tail = FALSE) = 0.24139184287806539 */
	struct change_test ct;

	CHECK_INT(change_alpha_feldt(0.78, 41, 0.71, 151, &ct), GSL_SUCCESS);
	CHECK_CLOSE(ct.stat, 1.31818181818181857, 1e-14);
	CHECK_CLOSE(ct.df, 40, 0);
	CHECK_CLOSE(ct.df2, 150, 0);
	CHECK_CLOSE(ct.p, 0.24139184287806539, 1e-9);
	CHECK_CLOSE(ct.diff, -0.07, 1e-12);
	CHECK_INT(change_alpha_feldt(0.71, 151, 0.78, 41, &ct), GSL_SUCCESS); /* order does not matter */
	CHECK_CLOSE(ct.p, 0.24139184287806539, 1e-9);
	CHECK_INT(change_alpha_feldt(1.0, 41, 0.7, 50, &ct), GSL_EDOM);
	CHECK_INT(change_alpha_feldt(0.8, 1, 0.7, 50, &ct), GSL_EDOM);
	CHECK_INT(change_alpha_feldt(NAN, 41, 0.7, 50, &ct), GSL_EDOM);
}

TEST(change_coefficient_z)
{
	struct change_test ct;

	CHECK_INT(change_coefficient_z(0.3, 0.1, 0.5, 0.1, &ct), GSL_SUCCESS);
	CHECK_CLOSE(ct.stat, 0.2 / sqrt(0.02), 1e-14);
	CHECK_CLOSE(ct.p, 0.15729920705028513, 1e-12); /* 2 * pnorm(-sqrt(2)) */
	CHECK_INT(change_coefficient_z(0.3, 0, 0.5, 0.1, &ct), GSL_EDOM);
}
