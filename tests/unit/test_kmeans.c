/* models/kmeans: a known partition, determinism for a seed, and the error cases. The total
 * within-cluster SS on real data is checked against R's kmeans in tests/cli/cases/segment.sh. */
#include <math.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>

#include "models/kmeans.h"
#include "test.h"

TEST(kmeans_finds_separated_clusters)
{
	/* three tight groups around (0,0), (10,0), (0,10) given in a scrambled order */
	const double pts[][2] = {{10, 0.5}, {0, 0}, {0.5, 10}, {0.5, 0}, {10, 0}, {0, 10.5}, {0, 0.5}, {10.5, 0}, {0, 10}};
	gsl_matrix *x = gsl_matrix_alloc(9, 2);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct kmeans *km = kmeans_alloc(9, 2, 3);

	for (size_t i = 0; i < 9; i++)
		for (size_t j = 0; j < 2; j++)
			gsl_matrix_set(x, i, j, pts[i][j]);
	gsl_rng_set(rng, 7);
	CHECK_INT(kmeans_run(x, 3, 10, 100, rng, km), GSL_SUCCESS);
	/* clusters numbered by centre: (0,~0.17), (~0.17,10.17), (10.17,~0.17) */
	CHECK_INT(km->cluster[1], 0);
	CHECK_INT(km->cluster[2], 1);
	CHECK_INT(km->cluster[0], 2);
	for (size_t q = 0; q < 3; q++)
		CHECK_INT(km->size[q], 3);
	/* each group: squared distances to its mean sum to 2 * (3 * (1/6)^2 + ...) = 1/3 */
	CHECK_CLOSE(km->total_within, 3 * (1.0 / 3), 1e-12);
	CHECK_CLOSE(km->total_ss, km->total_within + km->between_ss, 1e-12);
	CHECK_INT(km->converged, 10);
	/* fewer distinct cases than clusters; bad arguments */
	gsl_matrix_set_all(x, 1);
	CHECK_INT(kmeans_run(x, 3, 5, 100, rng, km), GSL_EDOM);
	CHECK_INT(kmeans_run(x, 3, 0, 100, rng, km), GSL_EINVAL);
	CHECK(kmeans_alloc(0, 2, 3) == NULL);
	kmeans_free(NULL);
	kmeans_free(km);
	gsl_matrix_free(x);
	gsl_rng_free(rng);
}

TEST(kmeans_same_seed_same_partition)
{
	gsl_matrix *x = gsl_matrix_alloc(200, 2);
	gsl_rng *data = gsl_rng_alloc(gsl_rng_mt19937), *a = gsl_rng_alloc(gsl_rng_mt19937),
		*b = gsl_rng_alloc(gsl_rng_mt19937);
	struct kmeans *k1 = kmeans_alloc(200, 2, 4), *k2 = kmeans_alloc(200, 2, 4);
	int same = 1;

	gsl_rng_set(data, 3);
	for (size_t i = 0; i < 200; i++)
		for (size_t j = 0; j < 2; j++)
			gsl_matrix_set(x, i, j, gsl_rng_uniform(data));
	gsl_rng_set(a, 11);
	gsl_rng_set(b, 11);
	CHECK_INT(kmeans_run(x, 4, 5, 100, a, k1), GSL_SUCCESS);
	CHECK_INT(kmeans_run(x, 4, 5, 100, b, k2), GSL_SUCCESS);
	for (size_t i = 0; i < 200; i++)
		same &= k1->cluster[i] == k2->cluster[i];
	CHECK(same);
	CHECK(k1->total_within == k2->total_within);
	kmeans_free(k1);
	kmeans_free(k2);
	gsl_matrix_free(x);
	gsl_rng_free(data);
	gsl_rng_free(a);
	gsl_rng_free(b);
}

/* k-means++ seeding: 300 cases on a grid around the origin and two far groups of three. A start
 * from k cases drawn uniformly (R's, and ours before) put no centre in a far group and ended with
 * the far groups merged in 33 of 100 single starts; seeded by distance, every start finds the three
 * groups, and the share of starts reaching the best is reported. */
TEST(kmeans_plus_plus_finds_small_far_groups)
{
	gsl_matrix *x = gsl_matrix_alloc(306, 2);
	gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
	struct kmeans *km = kmeans_alloc(306, 2, 3);
	const double far[6][2] = {{50, 0}, {51, 0}, {50, 1}, {0, 50}, {0, 51}, {1, 50}};
	double w_far = 2 * (2.0 / 3 * 2); /* each far group: squared distances to its mean sum to 4/3 */
	double w_grid = 0;

	for (size_t i = 0; i < 300; i++) {
		gsl_matrix_set(x, i, 0, -1 + 2.0 * (double)(i % 20) / 19);
		gsl_matrix_set(x, i, 1, -1 + 2.0 * (double)(i / 20) / 14);
	}
	for (size_t i = 0; i < 300; i++) /* the grid is centred at 0 */
		w_grid += gsl_matrix_get(x, i, 0) * gsl_matrix_get(x, i, 0) + gsl_matrix_get(x, i, 1) * gsl_matrix_get(x, i, 1);
	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 2; j++)
			gsl_matrix_set(x, 300 + i, j, far[i][j]);
	gsl_rng_set(rng, 1);
	CHECK_INT(kmeans_run(x, 3, 20, 100, rng, km), GSL_SUCCESS);
	CHECK_CLOSE(km->total_within, w_grid + w_far, 1e-12);
	CHECK(km->best_starts >= 18);
	CHECK_INT(km->size[0], 300);
	CHECK_INT(km->size[1], 3);
	CHECK_INT(km->size[2], 3);
	kmeans_free(km);
	gsl_matrix_free(x);
	gsl_rng_free(rng);
}
