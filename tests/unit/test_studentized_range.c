/* models/studentized_range against R: scripts/ref/studentized_range.R writes the tables read
 * here (tests/fixtures/compare/studentized_range*.txt). */
#include "test.h"

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "models/studentized_range.h"

static FILE *open_table(const char *name)
{
	FILE *f = fopen(fixture(name), "r");
	char line[512];

	CHECK(f != NULL);
	if (f && !fgets(line, sizeof line, f)) { /* header */
		fclose(f);
		return NULL;
	}
	return f;
}

/* Against the double integral evaluated by R's integrate() at a tight tolerance: both tails, on
 * q x k x df = {0.5 .. 10} x {2 .. 20} x {2 .. 1000}. */
TEST(studentized_range_matches_integral)
{
	FILE *f = open_table("compare/studentized_range.txt");
	double q, df, rp, rq, ip, iq, p, u;
	unsigned long k;
	size_t rows = 0;

	if (!f)
		return;
	while (fscanf(f, "%lf %lu %lf %lf %lf %lf %lf", &q, &k, &df, &rp, &rq, &ip, &iq) == 7) {
		CHECK_INT(studentized_range_P(q, k, df, &p), GSL_SUCCESS);
		CHECK_INT(studentized_range_Q(q, k, df, &u), GSL_SUCCESS);
		CHECK_NEAR(p, ip, 1e-11);
		CHECK_CLOSE(u, iq, 1e-10);
		/* R's ptukey: an approximation good to about 1e-8 from df = 20 on (up to 5e-8 at
		 * k = 20; 1e-7 at df = 5, 1e-4 at df = 2) */
		if (df >= 20) {
			CHECK_NEAR(p, rp, 1e-7);
			CHECK_NEAR(u, rq, 1e-7);
		}
		rows++;
	}
	fclose(f);
	CHECK_INT(rows, 150);
}

/* Far upper tails keep their relative accuracy (R's ptukey gives 3e-13 for the first: 1 - P). */
TEST(studentized_range_far_tail)
{
	FILE *f = open_table("compare/studentized_range_exact.txt");
	double q, df, want, u;
	unsigned long k;

	if (!f)
		return;
	while (fscanf(f, "%lf %lu %lf %lf", &q, &k, &df, &want) == 4) {
		CHECK_INT(studentized_range_Q(q, k, df, &u), GSL_SUCCESS);
		CHECK_CLOSE(u, want, 1e-8);
	}
	fclose(f);
}

/* Quantiles: R's qtukey stops its secant search at 1e-4 and lands within about 1e-7 of the
 * quantile of R's ptukey, which is itself off at small df (see above); ours inverts to 1e-12.
 * Compared with R from df = 20 on. */
TEST(studentized_range_quantile)
{
	FILE *f = open_table("compare/studentized_range_qtukey.txt");
	double p, df, want, q, back;
	unsigned long k;

	if (!f)
		return;
	while (fscanf(f, "%lf %lu %lf %lf", &p, &k, &df, &want) == 4) {
		CHECK_INT(studentized_range_Qinv(p, k, df, &q), GSL_SUCCESS);
		if (df >= 20)
			CHECK_CLOSE(q, want, 1e-6);
		CHECK_INT(studentized_range_Q(q, k, df, &back), GSL_SUCCESS);
		CHECK_CLOSE(back, p, 1e-10);
		CHECK_INT(studentized_range_Pinv(1 - p, k, df, &back), GSL_SUCCESS);
		CHECK_CLOSE(back, q, 1e-10);
	}
	fclose(f);
}

TEST(studentized_range_limits)
{
	double p, q;

	/* df = infinity: the range of two normals is |X1 - X2| ~ sqrt(2) |N(0, 1)| */
	CHECK_INT(studentized_range_P(2.5, 2, GSL_POSINF, &p), GSL_SUCCESS);
	CHECK_CLOSE(p, 2 * gsl_cdf_ugaussian_P(2.5 / M_SQRT2) - 1, 1e-12);
	/* k = 2 with finite df: sqrt(2) |t(df)| */
	CHECK_INT(studentized_range_Q(3, 2, 7, &p), GSL_SUCCESS);
	CHECK_CLOSE(p, 2 * gsl_cdf_tdist_Q(3 / M_SQRT2, 7), 1e-10);
	/* a lower tail near 0 keeps relative accuracy: P(sqrt(2)|t| <= 0.01) */
	CHECK_INT(studentized_range_P(0.01, 2, 7, &p), GSL_SUCCESS);
	CHECK_CLOSE(p, 1 - 2 * gsl_cdf_tdist_Q(0.01 / M_SQRT2, 7), 1e-9);
	CHECK_INT(studentized_range_P(0, 3, 10, &p), GSL_SUCCESS);
	CHECK(p == 0);
	CHECK_INT(studentized_range_Q(0, 3, 10, &p), GSL_SUCCESS);
	CHECK(p == 1);
	CHECK_INT(studentized_range_Q(GSL_POSINF, 3, 10, &p), GSL_SUCCESS);
	CHECK(p == 0);
	/* a large df (a 1,000,000-row ANOVA) stays finite and close to df = infinity */
	CHECK_INT(studentized_range_Qinv(0.05, 3, 999997, &q), GSL_SUCCESS);
	CHECK_NEAR(q, 3.3144, 1e-3);
	CHECK_INT(studentized_range_Q(q, 3, 999997, &p), GSL_SUCCESS);
	CHECK_CLOSE(p, 0.05, 1e-10);
	/* df just above 1 (Games-Howell pairs of two): the chi density near s = 0 is finite */
	CHECK_INT(studentized_range_Qinv(0.05, 10, 1.02, &q), GSL_SUCCESS);
	CHECK_INT(studentized_range_Q(q, 10, 1.02, &p), GSL_SUCCESS);
	CHECK_CLOSE(p, 0.05, 1e-10);
	/* domain errors */
	CHECK_INT(studentized_range_P(-1, 3, 10, &p), GSL_EDOM);
	CHECK_INT(studentized_range_P(1, 1, 10, &p), GSL_EDOM);
	CHECK_INT(studentized_range_P(1, 3, 0, &p), GSL_EDOM);
	CHECK_INT(studentized_range_P(NAN, 3, 10, &p), GSL_EDOM);
	CHECK_INT(studentized_range_Q(1, 3, NAN, &p), GSL_EDOM);
	CHECK_INT(studentized_range_Qinv(1.5, 3, 10, &q), GSL_EDOM);
	CHECK_INT(studentized_range_Qinv(0, 3, 10, &q), GSL_SUCCESS);
	CHECK(isinf(q));
}

/* The tabulated range tail (used by the post hoc tests) against the same references as the
 * nested integration, at the same tolerances, and against the nested integration itself. */
TEST(studentized_range_table_matches_integral)
{
	struct studentized_range_table *tab[21] = {0};
	FILE *f = open_table("compare/studentized_range.txt");
	double q, df, rp, rq, ip, iq, p, u, want, back;
	unsigned long k;

	for (size_t j = 2; j <= 20; j++)
		CHECK_INT(studentized_range_table_alloc(j, &tab[j]), GSL_SUCCESS);
	while (f && fscanf(f, "%lf %lu %lf %lf %lf %lf %lf", &q, &k, &df, &rp, &rq, &ip, &iq) == 7) {
		if (k > 20 || !tab[k])
			continue;
		CHECK_INT(studentized_range_table_Q(tab[k], q, df, &u), GSL_SUCCESS);
		CHECK_CLOSE(u, iq, 1e-10);
		CHECK_INT(studentized_range_Q(q, k, df, &p), GSL_SUCCESS);
		CHECK_CLOSE(u, p, 1e-12);
	}
	if (f)
		fclose(f);
	f = open_table("compare/studentized_range_exact.txt");
	while (f && fscanf(f, "%lf %lu %lf %lf", &q, &k, &df, &want) == 4) {
		if (k > 20 || !tab[k])
			continue;
		CHECK_INT(studentized_range_table_Q(tab[k], q, df, &u), GSL_SUCCESS);
		CHECK_CLOSE(u, want, 1e-8);
	}
	if (f)
		fclose(f);
	f = open_table("compare/studentized_range_qtukey.txt");
	while (f && fscanf(f, "%lf %lu %lf %lf", &p, &k, &df, &want) == 4) {
		if (k > 20 || !tab[k])
			continue;
		CHECK_INT(studentized_range_table_Qinv(tab[k], p, df, &q), GSL_SUCCESS);
		if (df >= 20)
			CHECK_CLOSE(q, want, 1e-6);
		CHECK_INT(studentized_range_Qinv(p, k, df, &back), GSL_SUCCESS);
		CHECK_CLOSE(q, back, 1e-12);
		CHECK_INT(studentized_range_table_Q(tab[k], q, df, &back), GSL_SUCCESS);
		CHECK_CLOSE(back, p, 1e-10);
	}
	if (f)
		fclose(f);
	for (size_t j = 2; j <= 20; j++)
		studentized_range_table_free(tab[j]);
}

TEST(studentized_range_table_limits)
{
	struct studentized_range_table *tab = NULL;
	double p, q, want;

	CHECK_INT(studentized_range_table_alloc(1, &tab), GSL_EDOM);
	CHECK(tab == NULL);
	CHECK_INT(studentized_range_table_alloc(3, &tab), GSL_SUCCESS);
	if (!tab)
		return;
	CHECK_INT(studentized_range_table_Q(tab, 0, 10, &p), GSL_SUCCESS);
	CHECK(p == 1);
	CHECK_INT(studentized_range_table_Q(tab, GSL_POSINF, 10, &p), GSL_SUCCESS);
	CHECK(p == 0);
	CHECK_INT(studentized_range_table_Q(tab, -1, 10, &p), GSL_EDOM);
	CHECK_INT(studentized_range_table_Q(tab, 1, NAN, &p), GSL_EDOM);
	/* df = infinity, and a quantile above one half (searched on the lower tail, untabulated) */
	CHECK_INT(studentized_range_table_Q(tab, 3.3, GSL_POSINF, &p), GSL_SUCCESS);
	CHECK_INT(studentized_range_Q(3.3, 3, GSL_POSINF, &want), GSL_SUCCESS);
	CHECK_CLOSE(p, want, 1e-12);
	CHECK_INT(studentized_range_table_Qinv(tab, 0.8, 12, &q), GSL_SUCCESS);
	CHECK_INT(studentized_range_Qinv(0.8, 3, 12, &want), GSL_SUCCESS);
	CHECK_CLOSE(q, want, 1e-12);
	/* far beyond the table (the range tail is below DBL_MIN / DBL_EPSILON there) */
	CHECK_INT(studentized_range_table_Q(tab, 200, 1000, &p), GSL_SUCCESS);
	CHECK(p >= 0 && p < 1e-280);
	studentized_range_table_free(tab);
	studentized_range_table_free(NULL);
}

/* Large df (scripts/ref/distributions.R): k = 2 against 2 pt(-q / sqrt 2, df) at df = 1e3 .. 1e9,
 * k > 2 against R's ptukey (the df = infinity distribution) at df = 1e9, and through the table
 * and back through the quantile; the chi density's constant once lost 1e-6 at df = 1e9. */
TEST(studentized_range_large_df)
{
	FILE *f = open_table("compare/studentized_range_large_df.txt");
	struct studentized_range_table *tab = NULL;
	char what[16];
	double df, q, want, u, back;
	unsigned long k;
	size_t rows = 0;

	if (!f)
		return;
	while (fscanf(f, "%15s %lu %lf %lf %lf", what, &k, &df, &q, &want) == 5) {
		CHECK_INT(studentized_range_Q(q, k, df, &u), GSL_SUCCESS);
		CHECK_CLOSE(u, want, what[0] == 't' ? 1e-9 : 1e-6);
		CHECK_INT(studentized_range_table_alloc(k, &tab), GSL_SUCCESS);
		if (tab) {
			CHECK_INT(studentized_range_table_Q(tab, q, df, &u), GSL_SUCCESS);
			CHECK_CLOSE(u, want, what[0] == 't' ? 1e-9 : 1e-6);
			if (u < 0.5) {
				CHECK_INT(studentized_range_table_Qinv(tab, u, df, &back), GSL_SUCCESS);
				CHECK_CLOSE(back, q, 1e-10);
			}
		}
		studentized_range_table_free(tab);
		tab = NULL;
		rows++;
	}
	fclose(f);
	CHECK_INT(rows, 40);
}

/* The critical-value curve of Games-Howell against the root search it replaces. */
TEST(studentized_range_curve)
{
	struct studentized_range_table *tab = NULL;
	struct studentized_range_curve *cv = NULL;
	const double dfs[] = {1.01, 1.3, 1.9, 2.5, 7, 66.85, 1000, 123456, 1e6};
	double q, want;

	CHECK_INT(studentized_range_table_alloc(10, &tab), GSL_SUCCESS);
	if (!tab)
		return;
	CHECK_INT(studentized_range_curve_alloc(tab, 0.05, 1.01, 1e6, &cv), GSL_SUCCESS);
	for (size_t i = 0; cv && i < sizeof dfs / sizeof dfs[0]; i++) {
		CHECK_INT(studentized_range_curve_Qinv(cv, dfs[i], &q), GSL_SUCCESS);
		CHECK_INT(studentized_range_table_Qinv(tab, 0.05, dfs[i], &want), GSL_SUCCESS);
		CHECK_CLOSE(q, want, 1e-10);
	}
	if (cv) {
		CHECK_INT(studentized_range_curve_Qinv(cv, 1, &q), GSL_EDOM);
		CHECK_INT(studentized_range_curve_Qinv(cv, 2e6, &q), GSL_EDOM);
	}
	studentized_range_curve_free(cv);
	/* one df: a single value */
	CHECK_INT(studentized_range_curve_alloc(tab, 0.01, 12.5, 12.5, &cv), GSL_SUCCESS);
	CHECK_INT(studentized_range_table_Qinv(tab, 0.01, 12.5, &want), GSL_SUCCESS);
	if (cv) {
		CHECK_INT(studentized_range_curve_Qinv(cv, 12.5, &q), GSL_SUCCESS);
		CHECK_CLOSE(q, want, 1e-14);
	}
	studentized_range_curve_free(cv);
	CHECK_INT(studentized_range_curve_alloc(tab, 0.05, 3, 2, &cv), GSL_EDOM);
	studentized_range_table_free(tab);
}
