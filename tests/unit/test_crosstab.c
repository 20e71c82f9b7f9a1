/* models/crosstab and models/fisher_exact against R: chisq.test (with and without Yates), its
 * $expected and $stdres, G2 by its formula, fisher.test (exact, and the Monte Carlo p bounded by
 * the exact one) and effectsize::cramers_v 0.8.3 (scripts/ref/crosstab.R ->
 * tests/fixtures/crosstab/crosstab.json; its pchisq grid is checked in test_noncentral_chisq.c). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "model_ref.h"
#include "models/crosstab.h"
#include "models/fisher_exact.h"
#include "models/noncentral.h"
#include "test.h"

static const char *const ref_tables[] = {"a2x2",    "zero2x2",   "t2x4",      "t3x3",
					 "weak3x3", "sparse3x4", "empty_row", "empty_col"};

/* The counts of tables.NAME.KEY as a row-major array (caller frees); dimensions in *r, *c. */
static size_t *ref_matrix(const json_t *ref, const char *name, const char *key, size_t *r, size_t *c)
{
	const json_t *m = json_object_get(json_object_get(json_object_get(ref, "tables"), name), key);
	size_t *out;

	*r = json_array_size(m);
	*c = json_array_size(json_array_get(m, 0));
	out = malloc(*r * *c * sizeof *out);
	for (size_t i = 0; i < *r; i++)
		for (size_t j = 0; j < *c; j++)
			out[i * *c + j] = (size_t)json_number_value(json_array_get(json_array_get(m, i), j));
	return out;
}

static double tnum(const json_t *ref, const char *name, const char *path)
{
	char full[256];

	snprintf(full, sizeof full, "tables.%s.%s", name, path);
	return refnum(ref, full);
}

/* The noncentrality behind a limit v of Cramer's V of the table (the inverse of V's formula). */
static double ncp_of(const struct crosstab *ct, double v, int adjust)
{
	double n = (double)ct->n, r = (double)ct->r, c = (double)ct->c;

	if (!adjust)
		return v * v * n * (fmin(r, c) - 1);
	return n * (v * v * (fmin(r - (r - 1) * (r - 1) / (n - 1), c - (c - 1) * (c - 1) / (n - 1)) - 1) +
		    (r - 1) * (c - 1) / (n - 1));
}

/* Checks V and its interval against the exact limits (uniroot to 1e-14) and against effectsize.
 * effectsize's optim() stops when the two tail probabilities are within about 1e-9 of their
 * targets, which leaves its noncentrality off by up to 5e-5 relative when it is near 0 (and V~ =
 * sqrt(ncp / N - df / (N - 1)) / ... magnifies that further), so its limits are checked where it
 * controls them: the noncentrality behind each limit gives the target probability within 1e-6
 * (optim() also stops on a relative change of 1e-8 in its objective, before its abstol).
 * A limit effectsize puts at 0 must be 0 here too. */
static void check_effectsize_ncp(const struct crosstab *ct, double v, int adjust, double target)
{
	double P;

	CHECK_INT(noncentral_chisq(ct->pearson.stat, ct->pearson.df, ncp_of(ct, v, adjust), &P, NULL), GSL_SUCCESS);
	CHECK_NEAR(P, target, 1e-6);
}

static void check_interval(const json_t *ref, const char *name, const char *key, const struct crosstab *ct,
			   int adjust, int one_sided)
{
	char path[128];
	double want_lo, want_hi, r_lo, r_hi;

	snprintf(path, sizeof path, "%s.v", key);
	CHECK_CLOSE(ct->v.v, tnum(ref, name, path), 1e-10);
	snprintf(path, sizeof path, "%s.exact.llci", key);
	want_lo = tnum(ref, name, path);
	snprintf(path, sizeof path, "%s.exact.ulci", key);
	want_hi = one_sided ? 1 : tnum(ref, name, path);
	CHECK_NEAR(ct->v.llci, want_lo, 1e-9 * fmax(want_lo, 1e-3));
	CHECK_NEAR(ct->v.ulci, want_hi, 1e-9 * fmax(want_hi, 1e-3));
	snprintf(path, sizeof path, "%s.exact.ncp_low", key);
	CHECK_NEAR(ct->v.ncp_low, tnum(ref, name, path), 1e-9 * fmax(tnum(ref, name, path), 1e-3));
	snprintf(path, sizeof path, "%s.llci", key);
	r_lo = tnum(ref, name, path);
	snprintf(path, sizeof path, "%s.ulci", key);
	r_hi = tnum(ref, name, path);
	if (r_lo > 0)
		check_effectsize_ncp(ct, r_lo, adjust, one_sided ? 0.95 : 0.975);
	else
		CHECK_CLOSE(ct->v.llci, 0, 0);
	if (one_sided || !(r_hi > 0 && r_hi < 1))
		CHECK_CLOSE(ct->v.ulci, r_hi, 0);
	else
		check_effectsize_ncp(ct, r_hi, adjust, 0.025);
}

TEST(crosstab_matches_chisq_test_and_cramers_v)
{
	json_t *ref = refjson("crosstab/crosstab.json");

	for (size_t t = 0; t < sizeof ref_tables / sizeof *ref_tables; t++) {
		const char *name = ref_tables[t];
		size_t rows, cols, kr, kc;
		size_t *counts = ref_matrix(ref, name, "counts", &rows, &cols);
		size_t *kept = ref_matrix(ref, name, "kept", &kr, &kc);
		struct crosstab *ct = crosstab_alloc(rows, cols);
		struct crosstab_options o;
		char path[128];

		crosstab_options_init(&o);
		CHECK_INT(crosstab_run(ct, counts, &o), GSL_SUCCESS);
		CHECK_INT(ct->r, kr);
		CHECK_INT(ct->c, kc);
		CHECK_INT(ct->dropped_rows + ct->r, rows);
		CHECK_INT(ct->dropped_cols + ct->c, cols);
		for (size_t i = 0; i < kr; i++)
			for (size_t j = 0; j < kc; j++) {
				CHECK_CLOSE(ct->count[i * kc + j], (double)kept[i * kc + j], 0);
				snprintf(path, sizeof path, "expected[%zu][%zu]", i, j);
				CHECK_CLOSE(ct->expected[i * kc + j], tnum(ref, name, path), 1e-12);
				snprintf(path, sizeof path, "stdres[%zu][%zu]", i, j);
				CHECK_NEAR(ct->stdres[i * kc + j], tnum(ref, name, path), 1e-12);
			}
		CHECK_CLOSE(ct->pearson.stat, tnum(ref, name, "pearson.stat"), 1e-12);
		CHECK_CLOSE(ct->pearson.df, tnum(ref, name, "pearson.df"), 0);
		CHECK_CLOSE(ct->pearson.p, tnum(ref, name, "pearson.p"), 1e-10);
		CHECK_CLOSE(ct->lr.stat, tnum(ref, name, "lr.stat"), 1e-12);
		CHECK_CLOSE(ct->lr.p, tnum(ref, name, "lr.p"), 1e-10);
		if (kr == 2 && kc == 2) {
			CHECK_CLOSE(ct->yates.stat, tnum(ref, name, "yates.stat"), 1e-12);
			CHECK_CLOSE(ct->yates.p, tnum(ref, name, "yates.p"), 1e-10);
		} else {
			CHECK(isnan(ct->yates.stat) && isnan(ct->yates.p));
		}
		CHECK_INT(ct->fisher.method, FISHER_EXACT);
		CHECK_CLOSE(ct->fisher.p, tnum(ref, name, "fisher"), 1e-9);
		check_interval(ref, name, "v_default", ct, 1, 1);
		o.adjust = 0;
		CHECK_INT(crosstab_run(ct, counts, &o), GSL_SUCCESS);
		check_interval(ref, name, "v_plain", ct, 0, 1);
		CHECK_CLOSE(ct->v.v, ct->v.v_unadjusted, 0);
		o.interval = CROSSTAB_TWO_SIDED;
		CHECK_INT(crosstab_run(ct, counts, &o), GSL_SUCCESS);
		check_interval(ref, name, "v_plain_two_sided", ct, 0, 0);
		o.adjust = 1;
		CHECK_INT(crosstab_run(ct, counts, &o), GSL_SUCCESS);
		check_interval(ref, name, "v_two_sided", ct, 1, 0);
		crosstab_free(ct);
		free(counts);
		free(kept);
	}
	json_decref(ref);
}

TEST(crosstab_percentages_and_expected_flags)
{
	/* sparse3x4: 3 0 1 4 / 1 2 6 0 / 0 5 2 1, N = 25 */
	const size_t counts[] = {3, 0, 1, 4, 1, 2, 6, 0, 0, 5, 2, 1};
	struct crosstab *ct = crosstab_alloc(3, 4);
	struct crosstab_options o;

	crosstab_options_init(&o);
	CHECK_INT(crosstab_run(ct, counts, &o), GSL_SUCCESS);
	CHECK_INT(ct->n, 25);
	CHECK_CLOSE(ct->row_pct[0 * 4 + 3], 50, 1e-15);     /* 4 of 8 */
	CHECK_CLOSE(ct->col_pct[1 * 4 + 2], 100 * 6.0 / 9, 1e-15);
	CHECK_CLOSE(ct->total_pct[2 * 4 + 1], 20, 1e-15);
	CHECK_CLOSE(ct->row_total[1], 9, 0);
	CHECK_CLOSE(ct->col_total[3], 5, 0);
	CHECK_INT(ct->small_expected, 12);                   /* every expected count is below 5 */
	CHECK_CLOSE(ct->small_share, 1, 0);
	CHECK_CLOSE(ct->min_expected, 8.0 * 4 / 25, 1e-15); /* a row of 8 and the column of 4 */
	CHECK(ct->sparse);
	crosstab_free(ct);
}

TEST(crosstab_empty_lines_are_dropped)
{
	const size_t counts[] = {10, 0, 4, 0, 0, 0, 3, 0, 9};
	struct crosstab *ct = crosstab_alloc(3, 3);
	struct crosstab_options o;

	crosstab_options_init(&o);
	CHECK_INT(crosstab_run(ct, counts, &o), GSL_SUCCESS);
	CHECK_INT(ct->r, 2);
	CHECK_INT(ct->c, 2);
	CHECK_INT(ct->dropped_rows, 1);
	CHECK_INT(ct->dropped_cols, 1);
	CHECK_INT(ct->row_index[1], 2);
	CHECK_INT(ct->col_index[1], 2);
	CHECK_CLOSE(ct->count[1 * 2 + 1], 9, 0);
	CHECK(!isnan(ct->yates.stat)); /* the kept table is 2 x 2 */
	crosstab_free(ct);
}

TEST(crosstab_untestable_tables)
{
	const size_t one_row[] = {5, 3, 2};
	const size_t one_cell[] = {0, 0, 0, 0, 0, 7, 0, 0, 0};
	const size_t none[] = {0, 0, 0, 0};
	struct crosstab_options o;
	struct crosstab *ct = crosstab_alloc(1, 3);

	crosstab_options_init(&o);
	CHECK_INT(crosstab_run(ct, one_row, &o), GSL_EDOM);
	CHECK_INT(ct->problem, CROSSTAB_ONE_ROW);
	CHECK_INT(ct->n, 10);
	CHECK_CLOSE(ct->row_pct[1], 30, 1e-15); /* counts and percentages are still there */
	CHECK(isnan(ct->pearson.p) && isnan(ct->lr.p) && isnan(ct->v.v));
	crosstab_free(ct);

	ct = crosstab_alloc(3, 3);
	CHECK_INT(crosstab_run(ct, one_cell, &o), GSL_EDOM);
	CHECK_INT(ct->problem, CROSSTAB_ONE_ROW);
	CHECK_INT(ct->r * ct->c, 1);
	CHECK_INT(ct->dropped_rows, 2);
	CHECK_INT(ct->dropped_cols, 2);
	CHECK_INT(ct->row_index[0], 1);
	CHECK_INT(ct->col_index[0], 2);
	crosstab_free(ct);

	{
		const size_t one_col[] = {4, 0, 6, 0};
		ct = crosstab_alloc(2, 2);
		CHECK_INT(crosstab_run(ct, one_col, &o), GSL_EDOM);
		CHECK_INT(ct->problem, CROSSTAB_ONE_COLUMN);
		CHECK_INT(crosstab_run(ct, none, &o), GSL_EDOM);
		CHECK_INT(ct->problem, CROSSTAB_NO_CASES);
		CHECK_INT(ct->n, 0);
		CHECK_INT(ct->r + ct->c, 0);
		crosstab_free(ct);
	}
	ct = crosstab_alloc(0, 0);
	CHECK(ct != NULL);
	CHECK_INT(crosstab_run(ct, none, &o), GSL_EDOM);
	CHECK_INT(ct->problem, CROSSTAB_NO_CASES);
	crosstab_free(ct);
	crosstab_free(NULL);
}

TEST(crosstab_v_small_n)
{
	/* N = 2: the bias-corrected V divides by min(r~, c~) - 1 = 0 */
	const size_t counts[] = {1, 0, 0, 1};
	struct crosstab *ct = crosstab_alloc(2, 2);
	struct crosstab_options o;

	crosstab_options_init(&o);
	CHECK_INT(crosstab_run(ct, counts, &o), GSL_SUCCESS);
	CHECK(isnan(ct->v.v) && isnan(ct->v.llci));
	CHECK_CLOSE(ct->v.v_unadjusted, 1, 1e-15);
	crosstab_free(ct);
}

static const char *const fisher_tables[] = {"square_ties", "f2x3",      "f5x2",           "f3x5",      "f4x4",
					    "f3x3_n300",   "f3x3_n300_null", "f2x2_large", "one_table"};

/* The counts of fisher.NAME (caller frees). */
static size_t *fisher_counts(const json_t *ref, const char *name, size_t *r, size_t *c)
{
	const json_t *m = json_object_get(json_object_get(json_object_get(ref, "fisher"), name), "counts");
	size_t *out;

	*r = json_array_size(m);
	*c = json_array_size(json_array_get(m, 0));
	out = malloc(*r * *c * sizeof *out);
	for (size_t i = 0; i < *r; i++)
		for (size_t j = 0; j < *c; j++)
			out[i * *c + j] = (size_t)json_number_value(json_array_get(json_array_get(m, i), j));
	return out;
}

TEST(fisher_exact_matches_fisher_test)
{
	json_t *ref = refjson("crosstab/crosstab.json");

	for (size_t t = 0; t < sizeof fisher_tables / sizeof *fisher_tables; t++) {
		char path[128];
		size_t r, c, *counts = fisher_counts(ref, fisher_tables[t], &r, &c);
		double p, work;

		snprintf(path, sizeof path, "fisher.%s.p", fisher_tables[t]);
		CHECK_INT(fisher_exact(counts, r, c, FISHER_WORK_LIMIT, &p, &work), GSL_SUCCESS);
		CHECK_CLOSE(p, refnum(ref, path), 1e-9);
		free(counts);
	}
	json_decref(ref);
}

TEST(fisher_simulated_within_monte_carlo_error)
{
	/* 20000 tables: the p-value is within 4 standard errors (plus one table) of the exact one */
	json_t *ref = refjson("crosstab/crosstab.json");
	const size_t B = 20000;

	for (size_t t = 0; t < sizeof fisher_tables / sizeof *fisher_tables; t++) {
		char path[128];
		size_t r, c, *counts = fisher_counts(ref, fisher_tables[t], &r, &c);
		double p, again, exact;

		snprintf(path, sizeof path, "fisher.%s.p", fisher_tables[t]);
		exact = refnum(ref, path);
		CHECK_INT(fisher_simulated(counts, r, c, B, 42, &p), GSL_SUCCESS);
		CHECK_NEAR(p, exact, 4 * sqrt(exact * (1 - exact) / (double)B) + 1.0 / (double)(B + 1));
		CHECK_INT(fisher_simulated(counts, r, c, B, 42, &again), GSL_SUCCESS);
		CHECK_CLOSE(again, p, 0); /* the same seed gives the same tables */
		free(counts);
	}
	json_decref(ref);
}

TEST(fisher_definitions_and_edges)
{
	/* one table has these margins... twice over, as probable as each other: every draw counts */
	const size_t one[] = {1, 0, 0, 1}, row[] = {3, 4, 5}, none[] = {0, 0, 0, 0};
	const size_t with_empty[] = {3, 0, 1, 0, 0, 0, 7, 0, 9}, reduced[] = {3, 1, 7, 9};
	const size_t huge[] = {FISHER_MAX_N, 1, 1, 1};
	double p, q, work;

	CHECK_INT(fisher_simulated(one, 2, 2, 99, 1, &p), GSL_SUCCESS);
	CHECK_CLOSE(p, 1, 0); /* (1 + 99) / (99 + 1) */
	CHECK_INT(fisher_exact(one, 2, 2, FISHER_WORK_LIMIT, &p, NULL), GSL_SUCCESS);
	CHECK_CLOSE(p, 1, 1e-12);
	/* empty rows and columns do not change the test */
	CHECK_INT(fisher_exact(with_empty, 3, 3, FISHER_WORK_LIMIT, &p, NULL), GSL_SUCCESS);
	CHECK_INT(fisher_exact(reduced, 2, 2, FISHER_WORK_LIMIT, &q, NULL), GSL_SUCCESS);
	CHECK_CLOSE(p, q, 1e-14);
	CHECK_INT(fisher_exact(row, 1, 3, FISHER_WORK_LIMIT, &p, NULL), GSL_EDOM);
	CHECK(isnan(p));
	CHECK_INT(fisher_exact(none, 2, 2, FISHER_WORK_LIMIT, &p, NULL), GSL_EDOM);
	CHECK_INT(fisher_simulated(row, 3, 1, 100, 1, &p), GSL_EDOM);
	CHECK_INT(fisher_exact(huge, 2, 2, FISHER_WORK_LIMIT, &p, NULL), GSL_EINVAL);
	/* over the work limit */
	{
		const size_t t44[] = {3, 1, 0, 2, 1, 4, 2, 0, 0, 2, 5, 1, 2, 0, 1, 3};
		CHECK_INT(fisher_exact(t44, 4, 4, 10, &p, &work), GSL_EMAXITER);
		CHECK(isnan(p) && work > 10);
	}
}

TEST(crosstab_fisher_modes)
{
	const size_t t44[] = {3, 1, 0, 2, 1, 4, 2, 0, 0, 2, 5, 1, 2, 0, 1, 3};
	struct crosstab *ct = crosstab_alloc(4, 4);
	struct crosstab_options o;

	crosstab_options_init(&o);
	o.fisher_work = 10;
	CHECK_INT(crosstab_run(ct, t44, &o), GSL_SUCCESS);
	CHECK_INT(ct->fisher.method, FISHER_MONTE_CARLO);
	CHECK(ct->fisher.exact_gave_up);
	CHECK_INT(ct->fisher.reps, FISHER_DEFAULT_REPS);
	CHECK(ct->fisher.p > 0 && ct->fisher.p <= 1);
	o.fisher = CROSSTAB_FISHER_EXACT;
	CHECK_INT(crosstab_run(ct, t44, &o), GSL_SUCCESS);
	CHECK_INT(ct->fisher.method, FISHER_TOO_LARGE);
	CHECK(isnan(ct->fisher.p));
	o.fisher = CROSSTAB_FISHER_SIMULATE;
	o.fisher_reps = 500;
	o.seed = 7;
	CHECK_INT(crosstab_run(ct, t44, &o), GSL_SUCCESS);
	CHECK_INT(ct->fisher.method, FISHER_MONTE_CARLO);
	CHECK(!ct->fisher.exact_gave_up);
	CHECK_INT(ct->fisher.seed, 7);
	CHECK_INT(ct->fisher.reps, 500);
	o.fisher = CROSSTAB_FISHER_OFF;
	CHECK_INT(crosstab_run(ct, t44, &o), GSL_SUCCESS);
	CHECK_INT(ct->fisher.method, FISHER_NOT_RUN);
	CHECK(isnan(ct->fisher.p));
	crosstab_free(ct);
}

/* auto on a large table without small expected counts: no Fisher test (its Monte Carlo tables
 * cost O(N) each), the chi-square stands; asked for, it still runs. */
TEST(crosstab_fisher_auto_large_table)
{
	const size_t big[] = {40000, 30000, 35000, 45000, 20000, 30000, 25000, 30000, 45000};
	const size_t small[] = {4000, 3000, 3500, 4500, 2000, 3000, 2500, 3000, 4500};
	struct crosstab *ct = crosstab_alloc(3, 3);
	struct crosstab_options o;

	crosstab_options_init(&o);
	CHECK_INT(crosstab_run(ct, big, &o), GSL_SUCCESS);
	CHECK_INT(ct->fisher.method, FISHER_NOT_NEEDED);
	CHECK(isnan(ct->fisher.p));
	CHECK(ct->pearson.p < 1e-10);
	CHECK_INT(crosstab_run(ct, small, &o), GSL_SUCCESS);
	CHECK(ct->fisher.method == FISHER_EXACT || ct->fisher.method == FISHER_MONTE_CARLO);
	crosstab_free(ct);
}
