/* The noncentral chi-square distribution (models/ncchisq.h) against R 4.2's pchisq(x, df, ncp)
 * (both tails), and the noncentrality root behind lavaan's RMSEA interval. R's pnchisq warns
 * that it may not reach full precision for the upper tail; where it does, the reference is R's
 * sum of the Poisson mixture with its central pchisq, and with ncp = 550000 both agree to 1e-9. */
#include <math.h>

#include "models/ncchisq.h"
#include "test.h"

TEST(ncchisq_against_r)
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
	for (size_t k = 0; k < sizeof ref / sizeof ref[0]; k++) {
		double tol = ref[k][2] > 1e5 ? 1e-9 : 1e-10;
		CHECK_CLOSE(ncchisq_P(ref[k][0], ref[k][1], ref[k][2]), ref[k][3], tol);
		CHECK_CLOSE(ncchisq_Q(ref[k][0], ref[k][1], ref[k][2]), ref[k][4], tol);
	}
	/* terms near df 552000 and x 551000, where GSL's central distribution is off by 3e-6 */
	CHECK_CLOSE(ncchisq_P(551000, 2000, 550000), 0.25040366470395947, 1e-9); /* R pchisq(551000, 2000, 550000) */
	CHECK(ncchisq_P(0, 5, 3) == 0);
	CHECK(ncchisq_Q(-1, 5, 3) == 1);
	/* the root: P(chi2_24(ncp) <= 85.3) = 0.95 at the ncp where it holds */
	double ncp = ncchisq_ncp(85.3, 24, 0.95, 0, 85.3);
	CHECK_CLOSE(ncchisq_P(85.3, 24, ncp), 0.95, 1e-12);
	CHECK(isnan(ncchisq_ncp(85.3, 24, 0.999999999999, 0, 1)));
}
