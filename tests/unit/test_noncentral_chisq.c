/* The noncentral chi-square of models/noncentral.h against R 4.2's pchisq(x, df, ncp): both tails
 * at the points behind lavaan's RMSEA interval (large df and ncp), the grid behind Cramer's V
 * (scripts/ref/crosstab.R -> tests/fixtures/crosstab/crosstab.json), and the noncentrality root.
 * R's pnchisq warns that it may not reach full precision for the upper tail; where it does not,
 * the reference is R's sum of the Poisson mixture with its central pchisq, and with ncp = 550000
 * both agree to 1e-9. */
#include <math.h>

#include <gsl/gsl_errno.h>

#include "model_ref.h"
#include "models/noncentral.h"
#include "test.h"

TEST(noncentral_chisq_against_r)
{
	/* x, df, ncp, pchisq(x, df, ncp), pchisq(x, df, ncp, lower.tail = FALSE) */
	static const double ref[][5] = {
		{85.3, 24, 30, 0.9848396701491553, 0.01516032985084474},
		{237, 220, 17, 0.51259115110896403, 0.48740884889103592},
		{500, 220, 200, 0.98533701877786184, 0.014662981222138161},
		{10, 3.7, 2.5, 0.83517182154638192, 0.16482817845361808},
		{551000, 220, 550000, 0.70066389998130152, 0.29933610001869848},
		{549000, 220, 550000, 0.2054748258012721, 0.79452517419872792},
		{1, 50, 100, 5.8932195015362781e-55, 1},
		{3000, 265, 3000, 0.0079780369668096818, 0.99202196303319035},
		{150, 24, 20, 0.99999999984709687, 1.5290319532439798e-10},
	};
	double P, Q, ncp;

	for (size_t k = 0; k < sizeof ref / sizeof ref[0]; k++) {
		double tol = ref[k][2] > 1e5 ? 1e-9 : 1e-10;
		CHECK_INT(noncentral_chisq(ref[k][0], ref[k][1], ref[k][2], &P, &Q), GSL_SUCCESS);
		CHECK_CLOSE(P, ref[k][3], tol);
		CHECK_CLOSE(Q, ref[k][4], tol);
	}
	/* central terms near df 552000 and x 551000, where GSL's central distribution is off by 3e-6 */
	CHECK_INT(noncentral_chisq(551000, 2000, 550000, &P, NULL), GSL_SUCCESS);
	CHECK_CLOSE(P, 0.25040366470395947, 1e-9); /* R pchisq(551000, 2000, 550000) */
	CHECK_INT(noncentral_chisq(0, 5, 3, &P, NULL), GSL_SUCCESS);
	CHECK(P == 0);
	CHECK_INT(noncentral_chisq(-1, 5, 3, NULL, &Q), GSL_SUCCESS);
	CHECK(Q == 1);
	/* the root: P(chi2_24(ncp) <= 85.3) = 0.95 at the ncp where it holds */
	CHECK_INT(noncentral_chisq_ncp(85.3, 24, 0.95, &ncp), GSL_SUCCESS);
	CHECK_INT(noncentral_chisq(85.3, 24, ncp, &P, NULL), GSL_SUCCESS);
	CHECK_CLOSE(P, 0.95, 1e-12);
	/* no ncp >= 0 puts that much below 85.3 (P = 1 - 1e-8 at ncp = 0): the limit is 0 */
	CHECK_INT(noncentral_chisq_ncp(85.3, 24, 0.999999999999, &ncp), GSL_SUCCESS);
	CHECK(ncp == 0);
}

TEST(noncentral_chisq_matches_pchisq)
{
	json_t *ref = refjson("crosstab/crosstab.json");
	const json_t *grid = json_object_get(ref, "pchisq");
	size_t i;
	json_t *row;

	CHECK(json_array_size(grid) == 60);
	json_array_foreach(grid, i, row) {
		double x = refnum(row, "x"), df = refnum(row, "df"), ncp = refnum(row, "ncp"), want = refnum(row, "P"), P;
		CHECK_INT(noncentral_chisq(x, df, ncp, &P, NULL), GSL_SUCCESS);
		/* R's pnchisq is accurate to about 1e-12 absolute; relative 1e-9 where P is not tiny */
		CHECK_NEAR(P, want, want > 1e-3 ? 1e-9 * want : 1e-12);
	}
	json_decref(ref);
}

TEST(noncentral_chisq_edges)
{
	double P = 0, Q = 0, ncp;

	/* x < 0 has P = 0 (R's pchisq), as f < 0 for the noncentral F */
	CHECK_INT(noncentral_chisq(-1, 2, 1, &P, &Q), GSL_SUCCESS);
	CHECK(P == 0 && Q == 1);
	CHECK_INT(noncentral_chisq(1, 0, 1, &P, NULL), GSL_EDOM);
	CHECK_INT(noncentral_chisq(1, 2, -1, &P, NULL), GSL_EDOM);
	CHECK_INT(noncentral_chisq(NAN, 2, 1, &P, NULL), GSL_EDOM);
	CHECK_INT(noncentral_chisq(1, INFINITY, 1, &P, NULL), GSL_EDOM);
	CHECK_INT(noncentral_chisq(0, 3, 5, &P, NULL), GSL_SUCCESS);
	CHECK_CLOSE(P, 0, 0);
	CHECK_INT(noncentral_chisq(3, 2, 0, &P, NULL), GSL_SUCCESS);
	CHECK_CLOSE(P, 1 - exp(-1.5), 1e-14);
	/* x far below df / 2 (where 1 + (x/2 - df/2) / (df/2) rounds to 0): R pchisq(1e-300, 1, 1) */
	CHECK_INT(noncentral_chisq(1e-300, 1, 1, &P, &Q), GSL_SUCCESS);
	CHECK_CLOSE(P, 4.8394144903828695e-151, 1e-12);
	CHECK(Q == 1);
	/* the root reproduces the probability it was asked for */
	CHECK_INT(noncentral_chisq_ncp(25, 4, 0.95, &ncp), GSL_SUCCESS);
	CHECK_INT(noncentral_chisq(25, 4, ncp, &P, NULL), GSL_SUCCESS);
	CHECK_CLOSE(P, 0.95, 1e-12);
	/* no root: P(X <= 1; 4, 0) < 0.95 */
	CHECK_INT(noncentral_chisq_ncp(1, 4, 0.95, &ncp), GSL_SUCCESS);
	CHECK_CLOSE(ncp, 0, 0);
	CHECK_INT(noncentral_chisq_ncp(1, 4, 1, &ncp), GSL_EDOM);
	CHECK_INT(noncentral_chisq_ncp(1, 4, 0, &ncp), GSL_EDOM);
}
