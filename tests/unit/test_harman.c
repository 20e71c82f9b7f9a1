/* models/harman against eigen(cor(x)) and psych::fa(nfactors = 1, rotate = "none", fm = "pa") on
 * all the items of psych's bfi and of the bundled wave (scripts/ref/harman.R,
 * tests/fixtures/harman.json); then the matrices it refuses and the parts it leaves out. */
#include "test.h"

#include <math.h>
#include <stdio.h>

#include <gsl/gsl_errno.h>

#include "model_ref.h"
#include "models/correlation.h"
#include "models/harman.h"
#include "refdata.h"

static const char *const reversed[] = {"A1", "C4", "C5", "E1", "E2", "O2", "O5", "inv_4", "tru_3", "sat_2", NULL};

static void check_dataset(const char *key, const char *path, double hi)
{
	json_t *ref = refjson("harman.json");
	struct table t;
	size_t construct[64], p;
	gsl_matrix *x, *r, *pv;
	struct harman h;
	char buf[64];

	snprintf(buf, sizeof buf, "%s.items", key);
	CHECK_INT(table_read(path, &t), 0);
	x = table_scales(&t, refget(ref, buf), reversed, 1, hi, construct, &p);
	table_free(&t);
	snprintf(buf, sizeof buf, "%s.n", key);
	CHECK_INT(x->size1, (long long)refnum(ref, buf));
	r = gsl_matrix_alloc(p, p);
	pv = gsl_matrix_alloc(p, p);
	CHECK_INT(correlation_matrix(x, r, pv, NULL), GSL_SUCCESS);
	CHECK_INT(harman_test(r, &h), GSL_SUCCESS);
	CHECK_INT(h.problem, HARMAN_OK);
	CHECK_INT(h.p, p);
#define FIELD(name, tol)                                        \
	snprintf(buf, sizeof buf, "%s." #name, key);            \
	CHECK_CLOSE(h.name, refnum(ref, buf), tol)
	FIELD(eigen1, 1e-10);
	FIELD(share_pc, 1e-10);
	FIELD(ss_pa, 1e-8);
	FIELD(share_pa, 1e-8);
#undef FIELD
	CHECK(!h.majority_pc && !h.majority_pa);
	CHECK(h.share_pa < h.share_pc);
	gsl_matrix_free(x);
	gsl_matrix_free(r);
	gsl_matrix_free(pv);
	json_decref(ref);
}

TEST(harman_bfi_matches_r)
{
	check_dataset("bfi", "tests/fixtures/bfi.csv", 6);
}

TEST(harman_wave_matches_r)
{
	check_dataset("wave_between", "data/wave-between.csv", 7);
}

/* Four items all correlating 0.8: lambda_1 = 1 + 3(0.8) = 3.4, a majority of 4. One principal-axis
 * factor reproduces the off-diagonal exactly with loadings sqrt(0.8): variance 3.2. */
TEST(harman_majority_and_exact_case)
{
	gsl_matrix *r = gsl_matrix_alloc(4, 4);
	struct harman h;

	gsl_matrix_set_all(r, 0.8);
	for (size_t i = 0; i < 4; i++)
		gsl_matrix_set(r, i, i, 1);
	CHECK_INT(harman_test(r, &h), GSL_SUCCESS);
	CHECK_CLOSE(h.eigen1, 3.4, 1e-12);
	CHECK_CLOSE(h.share_pc, 0.85, 1e-12);
	CHECK(h.majority_pc && h.majority_pa);
	CHECK_CLOSE(h.ss_pa, 3.2, 1e-3);
	gsl_matrix_free(r);
}

TEST(harman_refuses_and_leaves_out)
{
	gsl_matrix *r = gsl_matrix_alloc(3, 3), *r2 = gsl_matrix_alloc(2, 2), *r1 = gsl_matrix_alloc(1, 1);
	struct harman h;

	gsl_matrix_set_identity(r);
	gsl_matrix_set(r, 0, 1, 0.5);
	gsl_matrix_set(r, 1, 0, 0.4);
	CHECK_INT(harman_test(r, &h), GSL_EDOM);
	CHECK_INT(h.problem, HARMAN_NOT_CORRELATION);
	CHECK_INT(h.bad, 0);
	gsl_matrix_set(r, 1, 0, 0.5);
	gsl_matrix_set(r, 2, 2, NAN);
	CHECK_INT(harman_test(r, &h), GSL_EDOM);
	CHECK_INT(h.bad, 2);
	/* items 0 and 2 identical: components fine, principal axes need R^-1 */
	gsl_matrix_set(r, 2, 2, 1);
	gsl_matrix_set(r, 0, 2, 1);
	gsl_matrix_set(r, 2, 0, 1);
	gsl_matrix_set(r, 1, 2, 0.5);
	gsl_matrix_set(r, 2, 1, 0.5);
	CHECK_INT(harman_test(r, &h), GSL_SUCCESS);
	CHECK_CLOSE(h.share_pc, h.eigen1 / 3, 1e-15);
	CHECK_INT(h.problem, HARMAN_PA_SINGULAR);
	CHECK(isnan(h.share_pa));
	/* two items: no common factor, the component share alone (1 + r) / 2 */
	gsl_matrix_set_identity(r2);
	gsl_matrix_set(r2, 0, 1, 0.3);
	gsl_matrix_set(r2, 1, 0, 0.3);
	CHECK_INT(harman_test(r2, &h), GSL_SUCCESS);
	CHECK_CLOSE(h.share_pc, 0.65, 1e-12);
	CHECK_INT(h.problem, HARMAN_PA_TOO_FEW_ITEMS);
	gsl_matrix_set_identity(r1);
	CHECK_INT(harman_test(r1, &h), GSL_EINVAL);
	CHECK_INT(h.problem, HARMAN_TOO_FEW_ITEMS);
	gsl_matrix_free(r);
	gsl_matrix_free(r2);
	gsl_matrix_free(r1);
}
