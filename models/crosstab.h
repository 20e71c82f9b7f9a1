/* A two-way table of counts and its tests of association, as R's chisq.test and
 * effectsize::cramers_v compute them (scripts/ref/crosstab.R).
 *
 * Empty rows and columns (total 0) are dropped before anything is computed, with their count in
 * the result: an empty row has no percentages and makes every expected count in it 0, so that R's
 * chisq.test returns NaN and effectsize refuses the table. The kept table has r rows and c
 * columns; row_index/col_index give each kept line's place in the input. With N cases, row totals
 * R_i, column totals C_j and df = (r - 1)(c - 1):
 *   percentages of the row, of the column and of N;
 *   expected counts E_ij = R_i C_j / N; the cells with E_ij < 5 are counted, and the table is
 *     flagged sparse when more than 20% of them are or some E_ij < 1 (Cochran 1954; SPSS prints
 *     the same count and the smallest E_ij);
 *   Pearson X2 = sum (O - E)^2 / E on df, p from the chi-square distribution (chisq.test(correct
 *     = FALSE)); for a 2 x 2 table also with Yates' continuity correction, X2 = sum (|O - E| - Y)^2
 *     / E with Y = min(0.5, |O - E|) (chisq.test(correct = TRUE): R's rule for the 0.5);
 *   the likelihood-ratio G2 = 2 sum O ln(O / E) (0 ln 0 = 0) on df (Agresti 2013, sec. 3.2.1);
 *   adjusted standardised residuals (O - E) / sqrt(E (1 - R_i / N)(1 - C_j / N)) (Haberman 1973;
 *     chisq.test()$stdres);
 *   Cramer's V = sqrt(X2 / (N (min(r, c) - 1))) and its bias-corrected version (Bergsma 2013),
 *     the default of effectsize 0.8.3 (adjust = TRUE): with phi2 = max(0, X2 / N - df / (N - 1)),
 *     r~ = r - (r - 1)^2 / (N - 1) and c~ likewise, V~ = sqrt(phi2 / (min(r~, c~) - 1)).
 *     Confidence interval by inverting the noncentral chi-square in its noncentrality
 *     (models/noncentral.h), as effectsize: the limit for a noncentrality L is V (or V~)
 *     computed with L in place of X2, 0 when no L reaches the level. effectsize's default is
 *     one-sided ("greater"): [lower limit of the two-sided interval at 2 level - 1, 1]; two-sided
 *     intervals are at `level` with the upper limit capped at 1.
 *   Fisher's exact test (models/fisher_exact.h) as fisher.test: by default exact when the
 *     network algorithm finishes within the work limit, otherwise by Monte Carlo with the seed
 *     (fisher.test(simulate.p.value = TRUE, B)), which the result says.
 *
 * Status: GSL_SUCCESS; GSL_EDOM with `problem` saying why the tests are missing (the counts and
 * percentages are set whenever N > 0); GSL_ENOMEM. A statistic that cannot be computed on a table
 * that can otherwise be tested (V~ with N = 2, say) is NaN.
 *
 * Ownership: the counts are read, never kept. Every array belongs to the result
 * (crosstab_alloc / crosstab_free); cell arrays are r x c row-major. */
#ifndef SURVEYKIT_MODELS_CROSSTAB_H
#define SURVEYKIT_MODELS_CROSSTAB_H

#include <stddef.h>

#include "models/fisher_exact.h"

/* Cochran's rule: expected counts below this are counted, ... */
#define CROSSTAB_SMALL_EXPECTED 5.0
/* ... and more than this share of them, or one below 1, flags the table as sparse. */
#define CROSSTAB_SPARSE_SHARE 0.20

enum crosstab_interval {
	CROSSTAB_ONE_SIDED, /* [lower, 1], effectsize's alternative = "greater" */
	CROSSTAB_TWO_SIDED,
};

/* Past this many cases a table without small expected counts gets no Fisher test under
 * CROSSTAB_FISHER_AUTO (2,000 Monte Carlo tables of 100,000 cases take seconds already). */
#define CROSSTAB_AUTO_FISHER_MAX_N 100000

/* How Fisher's test is run. */
enum crosstab_fisher {
	CROSSTAB_FISHER_AUTO,     /* exact within the work limit, otherwise Monte Carlo; not run on a
				     table of more than CROSSTAB_AUTO_FISHER_MAX_N cases whose expected
				     counts all reach CROSSTAB_SMALL_EXPECTED (the chi-square is accurate
				     there, and each Monte Carlo table costs O(N)) */
	CROSSTAB_FISHER_EXACT,    /* exact or nothing */
	CROSSTAB_FISHER_SIMULATE, /* Monte Carlo */
	CROSSTAB_FISHER_OFF,
};

struct crosstab_options {
	double level;                    /* confidence level of Cramer's V (0.95) */
	int adjust;                      /* 1: V is bias-corrected (effectsize's default) */
	enum crosstab_interval interval; /* CROSSTAB_ONE_SIDED */
	enum crosstab_fisher fisher;     /* CROSSTAB_FISHER_AUTO */
	double fisher_work;              /* FISHER_WORK_LIMIT */
	size_t fisher_reps;              /* FISHER_DEFAULT_REPS */
	unsigned long seed;              /* 1 */
};
void crosstab_options_init(struct crosstab_options *o);

/* Why the tests are missing (status GSL_EDOM). */
enum crosstab_problem {
	CROSSTAB_OK = 0,
	CROSSTAB_NO_CASES,   /* every count is 0 */
	CROSSTAB_ONE_ROW,    /* fewer than 2 non-empty rows: a 1 x k table has no association */
	CROSSTAB_ONE_COLUMN, /* fewer than 2 non-empty columns */
};

struct chisq_test {
	double stat, df, p; /* NaN when not computed */
};

struct cramers_v {
	double v;            /* V~ with options.adjust, V otherwise */
	double v_unadjusted; /* V */
	double llci, ulci;   /* interval of v */
	double ncp_low, ncp_high; /* the noncentralities behind the limits */
};

enum fisher_method {
	FISHER_NOT_RUN,     /* off, or the table cannot be tested */
	FISHER_EXACT,
	FISHER_MONTE_CARLO,
	FISHER_TOO_LARGE,   /* CROSSTAB_FISHER_EXACT over the work limit: p is NaN */
	FISHER_NOT_NEEDED,  /* CROSSTAB_FISHER_AUTO on a large table that is not sparse: p is NaN */
};

struct fisher_test {
	double p;
	enum fisher_method method;
	size_t reps;        /* Monte Carlo tables drawn */
	unsigned long seed;
	double work;        /* work the exact test spent (or had spent when it gave up) */
	int exact_gave_up;  /* CROSSTAB_FISHER_AUTO fell back to Monte Carlo */
};

struct crosstab {
	size_t rows, cols;         /* the input's dimensions (as allocated) */
	size_t r, c;               /* non-empty rows and columns kept */
	size_t dropped_rows, dropped_cols;
	size_t *row_index, *col_index; /* input row/column of kept row i / column j */
	size_t n;
	double *count, *row_pct, *col_pct, *total_pct, *expected, *stdres; /* r x c */
	double *row_total, *col_total;
	size_t small_expected;     /* cells with E < CROSSTAB_SMALL_EXPECTED */
	double small_share, min_expected;
	int sparse;
	struct chisq_test pearson, yates, lr; /* yates only for a 2 x 2 table */
	struct cramers_v v;
	struct fisher_test fisher;
	enum crosstab_problem problem;
};

/* A result for tables of at most rows x cols; NULL when out of memory. */
struct crosstab *crosstab_alloc(size_t rows, size_t cols);
void crosstab_free(struct crosstab *ct);

/* counts: rows x cols, row-major, as allocated. */
int crosstab_run(struct crosstab *ct, const size_t *counts, const struct crosstab_options *o);

#endif
