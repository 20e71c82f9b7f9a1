/* models/noncentral against R: scripts/ref/noncentral.R writes the tables read here
 * (tests/fixtures/experiments/noncentral_*.txt): the defining series summed in R with pbeta, and
 * R's own pt(ncp =) and pf(ncp =). */
#include "test.h"

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>

#include "models/noncentral.h"

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

/* Relative agreement, or absolute below `floor` (where the reference is a difference of sums of
 * order 1, or R's own error bound). */
static void check_prob(double got, double want, double rel, double floor)
{
	if (fabs(want) > GSL_MAX(floor, 1e-240) / rel)
		CHECK_CLOSE(got, want, rel);
	else
		CHECK_NEAR(got, want, GSL_MAX(floor, 1e-240));
}

/* Both tails over t x df x delta = {-3 .. 150} x {1 .. 1e6} x {-5 .. 200}. */
TEST(noncentral_t_matches_r)
{
	FILE *f = open_table("experiments/noncentral_t.txt");
	double t, df, d, sl, su, rl, ru, lo, up;
	size_t rows = 0;

	if (!f)
		return;
	while (fscanf(f, "%lf %lf %lf %lf %lf %lf %lf", &t, &df, &d, &sl, &su, &rl, &ru) == 7) {
		double rel = df > 1e5 ? 1e-9 : 1e-11; /* gsl_sf_beta_inc forms 1 - x (see the header) */
		CHECK_INT(noncentral_t(t, df, d, &lo, &up), GSL_SUCCESS);
		/* the tail on the side opposite to delta is a difference: absolute accuracy */
		check_prob(lo, sl, rel, t < 0 && d > 0 ? 1e-14 : 1e-300);
		check_prob(up, su, rel, t > 0 && d < 0 ? 1e-14 : 1e-300);
		/* R's pnt: a normal approximation above df = 4e5, nothing beyond |delta| = 37.62, and
		 * 1 - P for the upper tail */
		if (df <= 4e5 && fabs(d) <= 37) {
			CHECK_NEAR(lo, rl, 1e-9);
			CHECK_NEAR(up, ru, 1e-9);
		}
		rows++;
	}
	fclose(f);
	CHECK_INT(rows, 567);
}

/* Both tails over f x df1 x df2 x lambda = {0.1 .. 30} x {1 .. 12} x {2 .. 1e6} x {0 .. 1e5}. */
TEST(noncentral_f_matches_r)
{
	FILE *f = open_table("experiments/noncentral_f.txt");
	double x, d1, d2, l, sl, su, rl, ru, lo, up;
	size_t rows = 0;

	if (!f)
		return;
	while (fscanf(f, "%lf %lf %lf %lf %lf %lf %lf %lf", &x, &d1, &d2, &l, &sl, &su, &rl, &ru) == 8) {
		double rel = d2 > 1e5 ? 1e-9 : 1e-11;
		CHECK_INT(noncentral_f(x, d1, d2, l, &lo, &up), GSL_SUCCESS);
		check_prob(lo, sl, rel, 1e-300);
		check_prob(up, su, rel, 1e-300);
		/* R's pnbeta stops at an error bound of 1e-9 */
		CHECK_NEAR(lo, rl, 1e-9);
		CHECK_NEAR(up, ru, 1e-9);
		rows++;
	}
	fclose(f);
	CHECK_INT(rows, 720);
}

TEST(noncentral_ncp_matches_r)
{
	FILE *f = open_table("experiments/noncentral_ncp.txt");
	double q, d1, d2, p, want, got;
	int kind;
	size_t rows = 0;

	if (!f)
		return;
	while (fscanf(f, "%d %lf %lf %lf %lf %lf", &kind, &q, &d1, &d2, &p, &want) == 6) {
		int st = kind == 0 ? noncentral_t_ncp(q, d1, p, &got) : noncentral_f_ncp(q, d1, d2, p, &got);
		CHECK_INT(st, GSL_SUCCESS);
		CHECK_CLOSE(got, want, 1e-10);
		rows++;
	}
	fclose(f);
	CHECK_INT(rows, 12);
}

/* Without noncentrality both are GSL's central distributions. */
TEST(noncentral_central_case)
{
	double lo, up;

	CHECK_INT(noncentral_t(1.7, 9, 0, &lo, &up), GSL_SUCCESS);
	CHECK_CLOSE(lo, gsl_cdf_tdist_P(1.7, 9), 1e-13);
	CHECK_CLOSE(up, gsl_cdf_tdist_Q(1.7, 9), 1e-13);
	CHECK_INT(noncentral_t(-2.3, 4, 0, &lo, &up), GSL_SUCCESS);
	CHECK_CLOSE(lo, gsl_cdf_tdist_P(-2.3, 4), 1e-13);
	CHECK_INT(noncentral_f(3.1, 2, 30, 0, &lo, &up), GSL_SUCCESS);
	CHECK_CLOSE(lo, gsl_cdf_fdist_P(3.1, 2, 30), 1e-13);
	CHECK_CLOSE(up, gsl_cdf_fdist_Q(3.1, 2, 30), 1e-13);
}

TEST(noncentral_boundaries_and_domain)
{
	double lo, up, ncp;

	CHECK_INT(noncentral_t(0, 10, 1.5, &lo, &up), GSL_SUCCESS);
	CHECK_CLOSE(lo, gsl_cdf_ugaussian_P(-1.5), 1e-15);
	CHECK_INT(noncentral_t(INFINITY, 10, 1.5, &lo, &up), GSL_SUCCESS);
	CHECK(lo == 1 && up == 0);
	CHECK_INT(noncentral_f(0, 3, 10, 2, &lo, &up), GSL_SUCCESS);
	CHECK(lo == 0 && up == 1);
	CHECK_INT(noncentral_f(-1, 3, 10, 2, &lo, NULL), GSL_SUCCESS);
	CHECK(lo == 0);
	CHECK_INT(noncentral_t(1, 0, 1, &lo, &up), GSL_EDOM);
	CHECK_INT(noncentral_t(NAN, 5, 1, &lo, &up), GSL_EDOM);
	CHECK_INT(noncentral_f(1, 2, -3, 1, &lo, &up), GSL_EDOM);
	CHECK_INT(noncentral_f(1, 2, 3, -1, &lo, &up), GSL_EDOM);
	CHECK_INT(noncentral_t_ncp(1, 10, 1, &ncp), GSL_EDOM);
	CHECK_INT(noncentral_f_ncp(1, 2, 10, 0, &ncp), GSL_EDOM);
	/* F below its 90% point: no lambda >= 0 puts 90% below it; the bound is 0 */
	CHECK_INT(noncentral_f_ncp(1.9, 1, 20, 0.9, &ncp), GSL_SUCCESS);
	CHECK(ncp == 0);
	/* the inversion at a huge t (R's pt cannot: |delta| > 37.62) agrees with the forward value */
	CHECK_INT(noncentral_t_ncp(900, 2e6, 0.025, &ncp), GSL_SUCCESS);
	CHECK_INT(noncentral_t(900, 2e6, ncp, &lo, &up), GSL_SUCCESS);
	CHECK_CLOSE(lo, 0.025, 1e-12);
}
