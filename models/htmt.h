/* The heterotrait-monotrait ratio of correlations (HTMT; Henseler, Ringle & Sarstedt 2015, JAMS
 * 43, 115-135) and its geometric-mean version HTMT2 (Roemer, Schuberth & Henseler 2021, IMDS 121,
 * 2637-2650), for every pair of constructs measured by multi-item scales.
 *
 * With r_ab the Pearson correlation of items a and b (reverse-keyed items already reversed by the
 * caller), for constructs i and j with item sets I and J:
 *   monotrait-heteromethod  M_i  = mean of r_ab over the pairs a < b in I,
 *   heterotrait-heteromethod H_ij = mean of r_ab over a in I, b in J,
 *   HTMT_ij = H_ij / sqrt(M_i M_j);
 *   HTMT2_ij: the same with geometric means, M2_i = exp(mean ln|r_ab|), H2_ij = exp(mean ln|r_ab|).
 * As semTools::htmt (version 0.5-6: missing = "listwise", absolute = TRUE, htmt2 = TRUE) the
 * correlations are taken in absolute value unless `absolute` is 0, and always for HTMT2. The
 * diagonal of both matrices is 1. Matched to 1e-9 by scripts/ref/htmt.R on psych's bfi and the
 * bundled wave.
 *
 * Data: n complete cases (the caller removes incomplete ones: semTools's listwise default) on p
 * items, each assigned to one of k constructs. Each construct needs at least two items (HTMT is
 * undefined for a single item, semTools returns NaN), and its monotrait mean must be positive (a
 * signed mean can be negative; a zero correlation makes the geometric mean zero).
 *
 * Inference (Henseler et al. 2015, "HTMT_inference"; Franke & Sarstedt 2019, Internet Research
 * 29, 430-447): a percentile bootstrap CI of each ratio (models/bootstrap.h: thread-invariant
 * streams, PROCESS's percentile positions). Discriminant validity between two constructs is
 * supported at a threshold (0.85, Kline 2011; or the more lenient 0.90, Gold et al. 2001) when
 * the upper bound of the CI lies below it: that, not the point estimate, is the test of
 * H0: HTMT >= threshold, one-sided at (1 - level) / 2 (a two-sided 95% CI gives a 2.5% test; for
 * a 5% one-sided test ask for a 90% interval). The flags report both readings.
 * Each resample's correlations come from one pass of weighted cross-products of the bootstrap
 * counts (models/crossprod.h) over the items; only the k(k - 1)/2 pairs of ratios are formed.
 * A resample in which an item is constant or a monotrait mean is not positive is drawn again.
 *
 * Ownership: the data and the spec are read, never kept; every matrix of struct htmt belongs to
 * it. */
#ifndef SURVEYKIT_MODELS_HTMT_H
#define SURVEYKIT_MODELS_HTMT_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#define HTMT_THRESHOLD_STRICT 0.85
#define HTMT_THRESHOLD_LENIENT 0.90

/* Why the ratios could not be computed (status GSL_EDOM or GSL_EINVAL). */
enum htmt_problem {
	HTMT_OK = 0,
	HTMT_TOO_FEW_CASES,     /* n < 3 */
	HTMT_NOT_FINITE,        /* a value is NaN or infinite (row `bad_row`, item `bad`) */
	HTMT_BAD_CONSTRUCT,     /* item `bad` is assigned to a construct index >= k */
	HTMT_ONE_ITEM,          /* construct `bad` has fewer than two items */
	HTMT_CONSTANT_ITEM,     /* item `bad` has no variance */
	HTMT_MONOTRAIT,         /* construct `bad`: mean monotrait correlation not positive */
};

struct htmt_spec {
	size_t p, k;               /* items, constructs */
	const size_t *construct;   /* p: the construct (0..k-1) of each item */
	int absolute;              /* 1: |r| in HTMT (semTools's default); HTMT2 always uses |r| */
};

struct htmt {
	size_t p, k;
	gsl_matrix *r;             /* p x p item correlations */
	gsl_matrix *ratio;         /* k x k HTMT */
	gsl_matrix *ratio2;        /* k x k HTMT2 */
	gsl_vector *mono, *mono2;  /* k monotrait means, arithmetic and geometric */
	/* why the last htmt_compute failed */
	enum htmt_problem problem;
	size_t bad, bad_row;
};

struct htmt *htmt_alloc(size_t p, size_t k);
void htmt_free(struct htmt *h);

/* Ratios from the data (n x p, complete). */
int htmt_compute(struct htmt *h, const gsl_matrix *data, const struct htmt_spec *s);

/* The pairs a < b of k constructs in order (0,1), (0,2), ..., (1,2), ...: k(k - 1)/2 of them. */
size_t htmt_n_pairs(size_t k);
void htmt_pair(size_t k, size_t index, size_t *a, size_t *b);

/* Bootstrap draws (reps x 2 htmt_n_pairs(k)): HTMT of every pair, then HTMT2 of every pair.
 * For data on which htmt_compute succeeded (otherwise every resample fails: GSL_EMAXITER).
 * scripts/time-htmt times it at n = 600 with 23 items in 5 constructs. */
int htmt_bootstrap(const gsl_matrix *data, const struct htmt_spec *s, size_t reps, unsigned long seed,
		   size_t threads, gsl_matrix *draws, size_t *replaced);

struct htmt_interval {
	size_t a, b;               /* constructs */
	double est, se, llci, ulci;
	int above_strict, above_lenient;           /* est > 0.85, est > 0.90 */
	int supported_strict, supported_lenient;   /* ulci < 0.85, ulci < 0.90 */
};
/* Percentile intervals of every pair from the draws: out[0 .. P) HTMT, out[P .. 2P) HTMT2. */
int htmt_intervals(const struct htmt *h, const gsl_matrix *draws, double level, struct htmt_interval *out);

#endif
