/* models/coding: PROCESS's coding tables of a multicategorical variable (mcx=, mcw=); the fits
 * with each coding are checked against R in test_process.c. */
#include "test.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>

#include "models/coding.h"

TEST(coding_tables_are_processes)
{
	/* four levels, as Hayes & Montoya (2017, Table 1) */
	static const double want[4][4][3] = {
		{{0, 0, 0}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
		{{0, 0, 0}, {1, 0, 0}, {1, 1, 0}, {1, 1, 1}},
		{{-0.75, 0, 0}, {0.25, -2.0 / 3, 0}, {0.25, 1.0 / 3, -0.5}, {0.25, 1.0 / 3, 0.5}},
		{{-1, -1, -1}, {1, 0, 0}, {0, 1, 0}, {0, 0, 1}},
	};
	gsl_matrix *t = gsl_matrix_alloc(4, 3), *bad = gsl_matrix_alloc(3, 3);

	for (int c = CODING_INDICATOR; c <= CODING_EFFECT; c++) {
		CHECK_INT(coding_table((enum coding_system)c, 4, t), GSL_SUCCESS);
		for (size_t l = 0; l < 4; l++)
			for (size_t j = 0; j < 3; j++)
				CHECK_CLOSE(gsl_matrix_get(t, l, j), want[c - 1][l][j], 1e-15);
		CHECK(coding_name((enum coding_system)c) != NULL);
	}
	CHECK_STR(coding_name(CODING_HELMERT), "Helmert");
	CHECK(coding_name((enum coding_system)9) == NULL);
	CHECK_INT(coding_table((enum coding_system)0, 4, t), GSL_EINVAL);
	CHECK_INT(coding_table(CODING_INDICATOR, 1, t), GSL_EINVAL);
	CHECK_INT(coding_table(CODING_INDICATOR, CODING_MAX_LEVELS + 1, t), GSL_EINVAL);
	CHECK_INT(coding_table(CODING_INDICATOR, 4, bad), GSL_EBADLEN);
	CHECK(coding_value(CODING_EFFECT, 4, 4, 0) != coding_value(CODING_EFFECT, 4, 4, 0)); /* NaN */
	CHECK(coding_value(CODING_EFFECT, 4, 0, 3) != coding_value(CODING_EFFECT, 4, 0, 3));
	/* two levels: every system gives one column; Helmert and effect codes are symmetric */
	CHECK_CLOSE(coding_value(CODING_HELMERT, 2, 0, 0), -0.5, 1e-15);
	CHECK_CLOSE(coding_value(CODING_HELMERT, 2, 1, 0), 0.5, 1e-15);
	gsl_matrix_free(t);
	gsl_matrix_free(bad);
}
