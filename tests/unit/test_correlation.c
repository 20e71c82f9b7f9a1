/* models/correlation against R: psych::corr.test on Hayes' glbwarm
 * (tests/fixtures/reference/glbwarm_correlations.json, from ref.R there) and on a small set with
 * missing values (scripts/ref/correlation.R). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <jansson.h>

#include "io/csv_reader.h"
#include "models/correlation.h"
#include "test.h"

TEST(correlation_glbwarm_matches_psych)
{
	struct csv_read_options o;
	struct frame f;
	struct sk_error err;
	json_error_t jerr;
	json_t *ref = json_load_file(fixture("reference/glbwarm_correlations.json"), 0, &jerr);
	json_t *vars = json_object_get(ref, "vars");
	size_t k = json_array_size(vars);
	const double *x[8];
	double *cols[8] = {0};
	struct correlation *c = correlation_alloc(k);

	csv_read_options_init(&o);
	CHECK(ref != NULL && k == 5 && c != NULL);
	if (!ref || !c || csv_read_frame(fixture("reference/glbwarm.csv"), &o, &f, &err) != 0) {
		CHECK(0);
		json_decref(ref);
		correlation_free(c);
		return;
	}
	for (size_t j = 0; j < k; j++) {
		size_t col = frame_find(&f, json_string_value(json_array_get(vars, j)));
		CHECK(col != SIZE_MAX);
		cols[j] = malloc(f.n_rows * sizeof *cols[j]);
		for (size_t i = 0; i < f.n_rows; i++)
			cols[j][i] = frame_value(&f, col, i);
		x[j] = cols[j];
	}
	CHECK_INT(correlation_pearson(x, k, f.n_rows, 1, c), GSL_SUCCESS);
	for (size_t a = 0; a < k; a++)
		for (size_t b = 0; b < k; b++) {
			double r = json_number_value(json_array_get(json_array_get(json_object_get(ref, "r"), a), b));
			double p = json_number_value(json_array_get(json_array_get(json_object_get(ref, "p"), a), b));
			CHECK_CLOSE(gsl_matrix_get(c->r, a, b), r, 1e-10);
			CHECK_NEAR(gsl_matrix_get(c->p, a, b), p, 1e-12);
			if (a != b && p > 1e-300)
				CHECK_CLOSE(gsl_matrix_get(c->p, a, b), p, 1e-6);
			CHECK_INT(c->n[a * k + b], 815);
		}
	for (size_t j = 0; j < k; j++)
		free(cols[j]);
	correlation_free(c);
	frame_free(&f);
	json_decref(ref);
}

TEST(correlation_pairwise_and_listwise_match_r)
{
	const double a[] = {1, 2, 3, 4, 5, 6, 7, NAN, 2, 5}, b[] = {2, 1, 4, 3, 6, 5, 7, 3, NAN, 4},
		     cc[] = {7, 6, 6, 4, 3, 3, 1, 2, 5, NAN};
	const double *x[] = {a, b, cc};
	struct correlation *c = correlation_alloc(3);

	CHECK_INT(correlation_pearson(x, 3, 10, 1, c), GSL_SUCCESS);
	CHECK_CLOSE(gsl_matrix_get(c->r, 0, 1), 0.87922493556666237, 1e-12);
	CHECK_CLOSE(gsl_matrix_get(c->r, 0, 2), -0.95335738969064299, 1e-12);
	CHECK_CLOSE(gsl_matrix_get(c->r, 1, 2), -0.72374686445574588, 1e-12);
	CHECK_CLOSE(gsl_matrix_get(c->p, 0, 1), 0.0040149426659595146, 1e-9);
	CHECK_CLOSE(gsl_matrix_get(c->p, 0, 2), 0.00024488986943643017, 1e-9);
	CHECK_CLOSE(gsl_matrix_get(c->p, 2, 1), 0.04238935281195529287, 1e-9);
	CHECK_INT(c->n[0 * 3 + 1], 8);
	CHECK_INT(c->n[0 * 3 + 0], 9);
	CHECK_INT(correlation_pearson(x, 3, 10, 0, c), GSL_SUCCESS);
	CHECK_CLOSE(gsl_matrix_get(c->r, 0, 1), 0.8928571428571429, 1e-12);
	CHECK_CLOSE(gsl_matrix_get(c->r, 0, 2), -0.9742785792574935, 1e-12);
	CHECK_CLOSE(gsl_matrix_get(c->r, 1, 2), -0.8660254037844386, 1e-12);
	CHECK_CLOSE(gsl_matrix_get(c->p, 0, 1), 0.0068071874089354074, 1e-9);
	CHECK_CLOSE(gsl_matrix_get(c->p, 0, 2), 0.00020099281082010058, 1e-9);
	CHECK_CLOSE(gsl_matrix_get(c->p, 1, 2), 0.0117248110039546490, 1e-9);
	CHECK_INT(c->n[1], 7);
	correlation_free(c);
}

TEST(correlation_edge_cases)
{
	/* values near 1e6 with a spread of 0.001: the listwise r of the set above */
	const double a[] = {1, 2, 3, 4, 5, 6, 7}, b[] = {2, 1, 4, 3, 6, 5, 7};
	double ao[7], bo[7];
	const double *x[] = {ao, bo};
	struct correlation *c = correlation_alloc(2);

	for (int i = 0; i < 7; i++) {
		ao[i] = 1e6 + a[i] / 1000;
		bo[i] = 1e6 + b[i] / 1000;
	}
	CHECK_INT(correlation_pearson(x, 2, 7, 1, c), GSL_SUCCESS);
	CHECK_CLOSE(gsl_matrix_get(c->r, 0, 1), 0.8928571428571429, 1e-6);
	/* a constant variable: r and p undefined */
	for (int i = 0; i < 7; i++)
		bo[i] = 4;
	CHECK_INT(correlation_pearson(x, 2, 7, 1, c), GSL_SUCCESS);
	CHECK(isnan(gsl_matrix_get(c->r, 0, 1)) && isnan(gsl_matrix_get(c->p, 0, 1)));
	CHECK(isnan(gsl_matrix_get(c->r, 1, 1)));
	/* n = 2: r = +-1 without a test; n = 1 and n = 0: nothing */
	CHECK_INT(correlation_pearson((const double *[]){a, b}, 2, 2, 1, c), GSL_SUCCESS);
	CHECK_CLOSE(gsl_matrix_get(c->r, 0, 1), -1, 1e-15);
	CHECK(isnan(gsl_matrix_get(c->p, 0, 1)));
	CHECK_INT(correlation_pearson((const double *[]){a, b}, 2, 1, 1, c), GSL_SUCCESS);
	CHECK(isnan(gsl_matrix_get(c->r, 0, 1)));
	CHECK_INT(correlation_pearson((const double *[]){a, b}, 2, 0, 0, c), GSL_SUCCESS);
	CHECK(isnan(gsl_matrix_get(c->r, 0, 1)) && c->n[1] == 0);
	/* perfect correlation: p = 0 exactly */
	CHECK_INT(correlation_pearson((const double *[]){a, a}, 2, 7, 1, c), GSL_SUCCESS);
	CHECK(gsl_matrix_get(c->p, 0, 1) == 0);
	/* all missing */
	{
		const double m[] = {NAN, NAN, NAN};
		CHECK_INT(correlation_pearson((const double *[]){m, a}, 2, 3, 1, c), GSL_SUCCESS);
		CHECK(isnan(gsl_matrix_get(c->r, 0, 1)) && c->n[1] == 0);
	}
	CHECK_INT(correlation_pearson(x, 3, 7, 1, c), GSL_EBADLEN);
	CHECK(correlation_alloc(0) == NULL);
	correlation_free(NULL);
	correlation_free(c);
}
