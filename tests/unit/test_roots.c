/* models/roots: Brent's method to a tolerance, and each way it stops. */
#include <math.h>

#include <gsl/gsl_errno.h>

#include "models/roots.h"
#include "test.h"

static double square_minus_two(double x, void *params)
{
	int *calls = params;

	(*calls)++;
	return x * x - 2;
}

struct failing {
	int status, calls;
};

/* fails (status GSL_EDOM) from its third evaluation on, the first of the iterations */
static double failing_fn(double x, void *params)
{
	struct failing *f = params;

	if (++f->calls > 2)
		f->status = GSL_EDOM;
	return x - 0.3;
}

TEST(root_brent_converges_and_stops)
{
	int calls = 0;
	gsl_function f = {square_minus_two, &calls};
	struct failing fl = {GSL_SUCCESS, 0};
	gsl_function g = {failing_fn, &fl};
	double root = 0;

	CHECK_INT(root_brent(&f, 0, 2, 0, 1e-14, 100, NULL, &root), GSL_SUCCESS);
	CHECK_CLOSE(root, M_SQRT2, 1e-14);
	/* same sign at both ends: GSL's refusal, and *root untouched */
	root = -1;
	CHECK_INT(root_brent(&f, 2, 3, 0, 1e-14, 100, NULL, &root), GSL_EINVAL);
	CHECK(root == -1);
	/* too few steps */
	CHECK_INT(root_brent(&f, 0, 2, 0, 1e-14, 1, NULL, &root), GSL_EMAXITER);
	CHECK(root == -1);
	/* the function's own failure ends the search with its status */
	CHECK_INT(root_brent(&g, 0, 1, 0, 1e-14, 100, &fl.status, &root), GSL_EDOM);
	CHECK(root == -1);
}
