/* models/distributions against R: scripts/ref/distributions.R writes the table read here
 * (tests/fixtures/models/distributions.txt): pt, qt, pf, the F quantile by inverting pf, and
 * pchisq at df = 1 .. 1e9, n = 10^3 .. 10^8 for the usual tests and Feldt's CI. */
#include "test.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include <gsl/gsl_math.h>

#include "models/distributions.h"

TEST(distributions_match_r)
{
	FILE *f = fopen(fixture("models/distributions.txt"), "r");
	char what[16], line[256];
	double df1, df2, x, p;
	int lower;
	size_t rows = 0;

	CHECK(f != NULL);
	if (!f || !fgets(line, sizeof line, f)) { /* header */
		if (f)
			fclose(f);
		return;
	}
	while (fscanf(f, "%15s %lf %lf %lf %lf %d", what, &df1, &df2, &x, &p, &lower) == 6) {
		if (strcmp(what, "pt") == 0)
			CHECK_CLOSE(lower ? dist_t_P(x, df1) : dist_t_Q(x, df1), p, 1e-8);
		else if (strcmp(what, "qt") == 0 && x == 0)
			CHECK(fabs(lower ? dist_t_Pinv(p, df1) : dist_t_Qinv(p, df1)) < 1e-12);
		else if (strcmp(what, "qt") == 0)
			CHECK_CLOSE(lower ? dist_t_Pinv(p, df1) : dist_t_Qinv(p, df1), x, 1e-8);
		else if (strcmp(what, "pf") == 0)
			CHECK_CLOSE(lower ? dist_f_P(x, df1, df2) : dist_f_Q(x, df1, df2), p, 1e-8);
		else if (strcmp(what, "qf") == 0)
			CHECK_CLOSE(lower ? dist_f_Pinv(p, df1, df2) : dist_f_Qinv(p, df1, df2), x, 1e-8);
		else if (strcmp(what, "pchisq") == 0)
			CHECK_CLOSE(lower ? dist_chisq_P(x, df1) : dist_chisq_Q(x, df1), p, 1e-8);
		else
			CHECK(0);
		rows++;
	}
	fclose(f);
	CHECK_INT(rows, 1226);
}

/* GSL's own functions fail on exactly these: kept as regressions. */
TEST(distributions_large_df)
{
	/* Feldt's CI of alpha at n = 1e6 and 10 items (gsl_cdf_fdist_Pinv gave NaN) */
	CHECK_CLOSE(dist_f_Pinv(0.975, 999999, 8999991), 1.0029242812041543, 1e-10);
	CHECK_CLOSE(dist_f_Pinv(0.025, 999999, 8999991), 0.99708079377120962, 1e-10);
	/* an F critical value at df2 = 1000 (GSL: NaN) */
	CHECK_CLOSE(dist_f_Pinv(0.975, 9, 1000), 2.1263779975644082, 1e-10);
	/* an upper tail below 1e-16 is not rounded to 0 (GSL: 1 - P = 0) */
	CHECK_CLOSE(dist_f_Q(46.051701859880914, 2, 1e6), 1.0021228791577865e-20, 1e-8);
	/* the chi-square upper tail at df = 1e8 (GSL: 15% off) */
	CHECK_CLOSE(dist_chisq_Q(100027720, 1e8), 0.024999879117552588, 1e-8);
}

/* Where GSL's incomplete gamma takes a continued fraction that stops early (x/2 within
 * sqrt(df/2) below df/2: 9e-8 off at df = 82630), and the Poisson weight behind the recurrence
 * that replaces it there; R's pchisq and dgamma (scripts/ref/distributions.R, the last lines). */
TEST(distributions_chisq_band)
{
	/* x, df, pchisq(x, df), pchisq(x, df, lower.tail = FALSE) */
	static const double band[][4] = {
		{275.5051025721682, 300, 0.15836977907217151, 0.84163022092782847},
		{285.30306154330094, 300, 0.28002939032860952, 0.71997060967139048},
		{298.77525512860842, 300, 0.49088973512043521, 0.50911026487956479},
		{19800, 20000, 0.15865119219356463, 0.84134880780643528},
		{19880, 20000, 0.27496360411203546, 0.72503639588796454},
		{19990, 20000, 0.48138618545197687, 0.51861381454802313},
		{49683.77223398316, 50000, 0.1586536335040456, 0.8413463664959544},
		{49810.263340389894, 50000, 0.27470256061648035, 0.72529743938351965},
		{49984.188611699159, 50000, 0.48089915369937619, 0.5191008463006237},
		{82223.478167867943, 82630, 0.15865427438260116, 0.84134572561739884},
		{82386.086900720766, 82630, 0.274602760377747, 0.725397239622253},
		{82609.673908393394, 82630, 0.48071301998121291, 0.51928698001878704},
		{99551.788640573606, 99999, 0.15865444478068685, 0.8413455552193132},
		{99730.673184344167, 99999, 0.27457095600047049, 0.72542904399952945},
		{99976.639432028678, 99999, 0.48065371029881176, 0.51934628970118824},
	};
	/* z, c, dgamma(c, shape = z + 1) */
	static const double weight[][3] = {
		{0, 3, 0.049787068367863944},
		{7, 7.5, 0.14648383216413613},
		{2.5, 0.29999999999999999, 0.010988504334261878},
		{10000, 10100, 0.0024277059504406698},
		{300000, 299000, 0.00013706060712440475},
		{40, 1, 4.5087945859652482e-49},
		{0.5, 200, 2.2083793448639054e-86},
		{0.5, 5e-301, 7.9788456080286541e-151},
	};

	for (size_t k = 0; k < sizeof band / sizeof band[0]; k++) {
		CHECK_CLOSE(dist_chisq_P(band[k][0], band[k][1]), band[k][2], 1e-12);
		CHECK_CLOSE(dist_chisq_Q(band[k][0], band[k][1]), band[k][3], 1e-12);
	}
	for (size_t k = 0; k < sizeof weight / sizeof weight[0]; k++)
		CHECK_CLOSE(dist_poisson_weight(weight[k][0], weight[k][1]), weight[k][2], 1e-13);
	CHECK(dist_poisson_weight(0, 0) == 1);
	CHECK(dist_poisson_weight(2, 0) == 0);
	CHECK(isnan(dist_poisson_weight(-1, 2)));
	CHECK(isnan(dist_poisson_weight(1, NAN)));
}

TEST(distributions_limits)
{
	CHECK(dist_t_Q(0, 5) == 0.5);
	CHECK_CLOSE(dist_t_Q(1.5, GSL_POSINF), 0.066807201268858071, 1e-12);
	CHECK_CLOSE(dist_t_Qinv(0.025, GSL_POSINF), 1.9599639845400536, 1e-12);
	CHECK(dist_t_Qinv(0, 10) == GSL_POSINF);
	CHECK(dist_t_Pinv(0, 10) == GSL_NEGINF);
	CHECK(dist_t_Qinv(0.5, 10) == 0);
	CHECK_CLOSE(dist_t_Qinv(0.975, 10), -dist_t_Qinv(0.025, 10), 1e-14);
	CHECK(dist_f_Q(0, 3, 10) == 1);
	CHECK(dist_f_P(0, 3, 10) == 0);
	CHECK(dist_f_Q(GSL_POSINF, 3, 10) == 0);
	CHECK(dist_f_Pinv(0, 3, 10) == 0);
	CHECK(dist_f_Qinv(0, 3, 10) == GSL_POSINF);
	/* df2 = infinity: df1 F ~ chi-square(df1) */
	CHECK_CLOSE(dist_f_Q(2, 3, GSL_POSINF), dist_chisq_Q(6, 3), 1e-14);
	CHECK(dist_chisq_Q(0, 3) == 1);
	/* domain errors: NaN */
	CHECK(isnan(dist_t_Q(NAN, 5)));
	CHECK(isnan(dist_t_Q(1, 0)));
	CHECK(isnan(dist_t_Q(1, -1)));
	CHECK(isnan(dist_t_Qinv(1.5, 5)));
	CHECK(isnan(dist_f_Q(1, NAN, 5)));
	CHECK(isnan(dist_f_Pinv(-0.1, 2, 5)));
	CHECK(isnan(dist_chisq_Q(1, 0)));
	CHECK(isnan(dist_chisq_P(NAN, 4)));
}
