/* k-means clustering of n cases in d dimensions: the partition into k clusters that minimises the
 * total within-cluster sum of squares W = sum_c sum_{i in c} ||x_i - m_c||^2.
 *
 * Each of `starts` starts seeds its centres by k-means++ (Arthur & Vassilvitskii 2007): the first
 * is a case drawn uniformly, each next one a case drawn with probability proportional to its
 * squared distance to the nearest centre chosen so far (so the centres are distinct cases, and
 * spread over the data: the expected W of the seeding alone is within O(log k) of the optimum).
 * R's kmeans instead takes k distinct cases uniformly, which puts several centres in one large
 * cluster and leaves a small distant one without a centre often enough that its default single
 * start misses the global optimum. Each start then runs Lloyd's (1982) iterations (assign every
 * case to its nearest centre, move each centre to its cluster's mean) until no case moves, then
 * Hartigan's (1975) single-case transfers: a case leaves cluster a for b when
 * n_b / (n_b + 1) ||x - m_b||^2 < n_a / (n_a - 1) ||x - m_a||^2, i.e. when the move lowers W, until
 * a full pass moves none. The transfer step is the heart of Hartigan & Wong's (1979) algorithm
 * (R's default), so the result is a local optimum in their sense as well as Lloyd's. The start
 * with the smallest W wins (the first on ties); the starts whose W is within KMEANS_SAME_W of it
 * are counted (best_starts: when few starts reach the best, more may find a better one).
 * Clusters are numbered by their centres in ascending order of the first coordinate (then the
 * second, ...), so the numbering does not depend on the starts. The same rng state gives the same
 * result. */
#ifndef SURVEYKIT_MODELS_KMEANS_H
#define SURVEYKIT_MODELS_KMEANS_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>

/* A transfer must lower W by more than this share of the case's cost to count, so rounding
 * cannot move a case back and forth. */
#define KMEANS_TRANSFER_TOL 1e-12

/* Two starts reached the same solution when their W differ by at most this share of it. */
#define KMEANS_SAME_W 1e-10

struct kmeans {
	size_t n, d, k;
	gsl_matrix *centre;  /* k x d cluster means */
	size_t *cluster;     /* n: cluster of each case */
	size_t *size;        /* k */
	double *within;      /* k within-cluster sums of squares */
	double total_within, total_ss, between_ss;
	size_t iterations;   /* Lloyd iterations + transfer passes of the winning start */
	size_t converged;    /* starts that converged within max_iter */
	size_t best_starts;  /* starts that reached the smallest W (KMEANS_SAME_W) */
};

struct kmeans *kmeans_alloc(size_t n, size_t d, size_t k);
void kmeans_free(struct kmeans *km);

/* x: n x d (no NaN). GSL_SUCCESS; GSL_EINVAL when k < 1, k > n or starts = 0; GSL_EDOM when the
 * data have fewer than k distinct cases; GSL_ENOMEM. A start that reaches max_iter keeps its
 * partition (counted out of km->converged). */
int kmeans_run(const gsl_matrix *x, size_t k, size_t starts, size_t max_iter, gsl_rng *rng, struct kmeans *km);

#endif
