#include "models/fisher_exact.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* Paths into one node whose pasts differ by less than this (in the logarithm) are merged. */
#define MERGE_TOLERANCE 1e-9
/* A cycle must lower sum log n! by more than this to count as negative. */
#define CYCLE_TOLERANCE 1e-12
/* Most rows (the shorter side) the network handles, and most columns left for the exact bound on
 * the most probable completion (beyond it the bound relaxes the rows or the columns alone). */
#define MAX_LINES 64

/* The table without its empty rows and columns, with r <= c (transposed if need be); the row
 * totals R in decreasing order, the column totals C in the order they are filled (the counts x
 * keep the input's order: only their statistic is used); lf[i] = log i! for i <= N. */
struct table {
	size_t r, c, n;
	unsigned *x;          /* r x c */
	unsigned *R, *C;
	double *lf;
};

static void table_free(struct table *t)
{
	free(t->x);
	free(t->R);
	free(t->C);
	free(t->lf);
}

static int cmp_desc(const void *a, const void *b)
{
	unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
	return (x < y) - (x > y);
}

static int cmp_asc(const void *a, const void *b)
{
	return -cmp_desc(a, b);
}

static int table_init(struct table *t, const size_t *counts, size_t rows, size_t cols)
{
	size_t *rt = calloc(rows ? rows : 1, sizeof *rt), *ct = calloc(cols ? cols : 1, sizeof *ct);
	size_t *ri = malloc((rows ? rows : 1) * sizeof *ri), *ci = malloc((cols ? cols : 1) * sizeof *ci);
	size_t r = 0, c = 0, n = 0;
	int st = GSL_SUCCESS;

	memset(t, 0, sizeof *t);
	if (!rt || !ct || !ri || !ci) {
		st = GSL_ENOMEM;
		goto done;
	}
	for (size_t i = 0; i < rows; i++)
		for (size_t j = 0; j < cols; j++) {
			size_t v = counts[i * cols + j];
			if (v > FISHER_MAX_N - n) {
				st = GSL_EINVAL;
				goto done;
			}
			rt[i] += v;
			ct[j] += v;
			n += v;
		}
	for (size_t i = 0; i < rows; i++)
		if (rt[i])
			ri[r++] = i;
	for (size_t j = 0; j < cols; j++)
		if (ct[j])
			ci[c++] = j;
	if (r < 2 || c < 2) {
		st = GSL_EDOM;
		goto done;
	}
	{
		int flip = r > c;
		t->r = flip ? c : r;
		t->c = flip ? r : c;
		t->n = n;
		t->x = malloc(r * c * sizeof *t->x);
		t->R = malloc(t->r * sizeof *t->R);
		t->C = malloc(t->c * sizeof *t->C);
		t->lf = malloc((n + 1) * sizeof *t->lf);
		if (!t->x || !t->R || !t->C || !t->lf) {
			st = GSL_ENOMEM;
			goto done;
		}
		for (size_t a = 0; a < r; a++)
			for (size_t b = 0; b < c; b++) {
				unsigned v = (unsigned)counts[ri[a] * cols + ci[b]];
				if (flip)
					t->x[b * r + a] = v;
				else
					t->x[a * c + b] = v;
			}
		for (size_t a = 0; a < r; a++)
			(flip ? t->C : t->R)[a] = (unsigned)rt[ri[a]];
		for (size_t b = 0; b < c; b++)
			(flip ? t->R : t->C)[b] = (unsigned)ct[ci[b]];
	}
	/* Node keys hold the rows in decreasing order. The columns are filled smallest first, which
	 * keeps the early stages small; with three columns, largest first, so that the last two,
	 * which are walked rather than stored, are the smallest (on random tables this halves the
	 * work of 3 x 3 tables, and smallest-first halves it from four columns on). */
	qsort(t->R, t->r, sizeof *t->R, cmp_desc);
	qsort(t->C, t->c, sizeof *t->C, t->c == 3 ? cmp_desc : cmp_asc);
	for (size_t i = 0; i <= n; i++)
		t->lf[i] = lgamma((double)i + 1);
done:
	free(rt);
	free(ct);
	free(ri);
	free(ci);
	if (st != GSL_SUCCESS)
		table_free(t);
	return st;
}

/* S(T) = -sum log n_ij! */
static double table_stat(const struct table *t)
{
	double s = 0;
	for (size_t a = 0; a < t->r * t->c; a++)
		s -= t->lf[t->x[a]];
	return s;
}

/* ---- bounds on sum f(x_i) over 0 <= x_i <= cap_i, sum x_i = total, f = log x! (convex) ---- */

/* Smallest value: the total spread as evenly as the caps allow (integer water-filling). caps in
 * decreasing order. */
static double spread_even(const double *lf, unsigned total, const unsigned *caps, size_t m)
{
	double s = 0;
	size_t left = m;

	/* the smallest caps are filled first while they are below the even share */
	for (size_t i = m; i-- > 0;) {
		if ((size_t)caps[i] * left > total)
			break;
		s += lf[caps[i]];
		total -= caps[i];
		left--;
	}
	if (left) {
		unsigned q = total / (unsigned)left, extra = total % (unsigned)left;
		s += (double)extra * lf[q + 1] + (double)(left - extra) * lf[q];
	}
	return s;
}

/* Largest value: the largest caps filled first. caps in decreasing order. */
static double spread_uneven(const double *lf, unsigned total, const unsigned *caps, size_t m)
{
	double s = 0;

	for (size_t i = 0; i < m && total; i++) {
		unsigned x = caps[i] < total ? caps[i] : total;
		s += lf[x];
		total -= x;
	}
	return s;
}

/* ---- the network ---- */

/* A path into a node: its past and how many paths it stands for. */
struct path {
	double past, weight;
	int64_t bucket; /* past rounded to MERGE_TOLERANCE */
};

/* The paths into one node: an open-addressing table keyed by the bucket, so that paths with
 * equal pasts are merged as they arrive (one table per node keeps a node's paths together in
 * memory while a parent's paths are pushed into it). */
#define EMPTY_BUCKET INT64_MIN
struct node_paths {
	struct path *p; /* n_slots slots, EMPTY_BUCKET when free; compacted before the node is extended */
	size_t n, n_slots;
};

/* The nodes of a stage. */
struct stage {
	size_t r;
	unsigned *keys; /* n_nodes x r */
	struct node_paths *paths;
	size_t n_nodes, cap_nodes;
	size_t *slot;   /* node index + 1, 0 empty */
	size_t n_slots;
	size_t n_paths; /* over all nodes */
};

static void stage_clear(struct stage *s)
{
	for (size_t v = 0; v < s->n_nodes; v++)
		free(s->paths[v].p);
	s->n_nodes = s->n_paths = 0;
	if (s->slot)
		memset(s->slot, 0, s->n_slots * sizeof *s->slot);
}

static void stage_free(struct stage *s)
{
	stage_clear(s);
	free(s->keys);
	free(s->paths);
	free(s->slot);
}

static size_t key_hash(const unsigned *k, size_t r)
{
	uint64_t h = 1469598103934665603u;
	for (size_t i = 0; i < r; i++) {
		h ^= k[i];
		h *= 1099511628211u;
	}
	return (size_t)(h ^ (h >> 29));
}

static int stage_rehash(struct stage *s, size_t n_slots)
{
	size_t *slot = calloc(n_slots, sizeof *slot);

	if (!slot)
		return GSL_ENOMEM;
	for (size_t v = 0; v < s->n_nodes; v++) {
		size_t h = key_hash(s->keys + v * s->r, s->r) & (n_slots - 1);
		while (slot[h])
			h = (h + 1) & (n_slots - 1);
		slot[h] = v + 1;
	}
	free(s->slot);
	s->slot = slot;
	s->n_slots = n_slots;
	return GSL_SUCCESS;
}

/* The index of the node with this key, added when new; (size_t)-1 when out of memory. */
static size_t stage_node(struct stage *s, const unsigned *key)
{
	size_t h;

	if (2 * (s->n_nodes + 1) > s->n_slots && stage_rehash(s, s->n_slots ? 2 * s->n_slots : 1024) != GSL_SUCCESS)
		return (size_t)-1;
	h = key_hash(key, s->r) & (s->n_slots - 1);
	while (s->slot[h]) {
		size_t v = s->slot[h] - 1;
		if (memcmp(s->keys + v * s->r, key, s->r * sizeof *key) == 0)
			return v;
		h = (h + 1) & (s->n_slots - 1);
	}
	if (s->n_nodes == s->cap_nodes) {
		size_t cap = s->cap_nodes ? 2 * s->cap_nodes : 1024;
		unsigned *k = realloc(s->keys, cap * s->r * sizeof *k);
		struct node_paths *np;
		if (!k)
			return (size_t)-1;
		s->keys = k;
		if (!(np = realloc(s->paths, cap * sizeof *np)))
			return (size_t)-1;
		s->paths = np;
		s->cap_nodes = cap;
	}
	memcpy(s->keys + s->n_nodes * s->r, key, s->r * sizeof *key);
	memset(&s->paths[s->n_nodes], 0, sizeof *s->paths);
	s->slot[h] = ++s->n_nodes;
	return s->n_nodes - 1;
}

static size_t bucket_hash(int64_t b)
{
	uint64_t h = (uint64_t)b * UINT64_C(0x9E3779B97F4A7C15);
	return (size_t)(h ^ (h >> 32));
}

static int paths_rehash(struct node_paths *np, size_t n_slots)
{
	struct path *p = malloc(n_slots * sizeof *p);

	if (!p)
		return GSL_ENOMEM;
	for (size_t h = 0; h < n_slots; h++)
		p[h].bucket = EMPTY_BUCKET;
	for (size_t v = 0; v < np->n_slots; v++) {
		size_t h;
		if (np->p[v].bucket == EMPTY_BUCKET)
			continue;
		h = bucket_hash(np->p[v].bucket) & (n_slots - 1);
		while (p[h].bucket != EMPTY_BUCKET)
			h = (h + 1) & (n_slots - 1);
		p[h] = np->p[v];
	}
	free(np->p);
	np->p = p;
	np->n_slots = n_slots;
	return GSL_SUCCESS;
}

/* Adds a path into node v, or its weight to the path there with the same past; GSL_EMAXITER when
 * the stage holds FISHER_MAX_PATHS paths already. */
static int stage_add(struct stage *s, size_t v, double past, double weight)
{
	struct node_paths *np = &s->paths[v];
	int64_t bucket = (int64_t)llround(past / MERGE_TOLERANCE);
	size_t h;

	if (2 * (np->n + 1) > np->n_slots && paths_rehash(np, np->n_slots ? 2 * np->n_slots : 16) != GSL_SUCCESS)
		return GSL_ENOMEM;
	h = bucket_hash(bucket) & (np->n_slots - 1);
	while (np->p[h].bucket != EMPTY_BUCKET) {
		if (np->p[h].bucket == bucket) {
			np->p[h].weight += weight;
			return GSL_SUCCESS;
		}
		h = (h + 1) & (np->n_slots - 1);
	}
	if (s->n_paths >= FISHER_MAX_PATHS)
		return GSL_EMAXITER;
	np->p[h] = (struct path){past, weight, bucket};
	np->n++;
	s->n_paths++;
	return GSL_SUCCESS;
}

static int cmp_past(const void *a, const void *b)
{
	const struct path *x = a, *y = b;
	return (x->past > y->past) - (x->past < y->past);
}

struct network {
	const struct table *t;
	double thr, K;       /* threshold on S(T); log of the constant of P(T) = exp(K + S(T)) */
	double work, limit;
	double p;
	size_t k;            /* stage being extended */
	unsigned **colsort;  /* colsort[k]: C[k..c-1] in decreasing order */
	struct stage *next;
	/* the paths of the node being extended (sorted by past), and for the last step their
	 * prefix sums of weight * exp(past - top) */
	const struct path *paths;
	size_t n_paths;
	double *prefix, top;
	unsigned *rem, *x, *child;
	int status;
};

/* With two columns left (totals a and b) the rest of a table is fixed by its column-k values x_i,
 * lo_i <= x_i <= hi_i with sum a, and adds -sum h_i(x_i), h_i(x) = log x! + log (rem_i - x)!,
 * convex in x. Smallest sum h: from the proportional shares rem_i a / M, single steps of the
 * cheapest row to reach the total a, then pairwise exchanges of one case until none lowers the
 * sum (for a separable convex sum under one total, a point without such an exchange is optimal).
 * Largest sum h: bounded by the Lagrangian dual min over L of L a + sum_i max(h_i(lo_i) - L lo_i,
 * h_i(hi_i) - L hi_i), piecewise linear and convex in L, so its minimum is at a breakpoint. */
static double h_at(const double *lf, unsigned rem, unsigned x)
{
	return lf[x] + lf[rem - x];
}

static void two_column_bounds(const double *lf, const unsigned *rem, size_t r, unsigned a, unsigned b,
			      double *min_h, double *max_h)
{
	unsigned x[MAX_LINES], lo[MAX_LINES], hi[MAX_LINES], sum = 0, M = a + b;
	double s = 0, best = INFINITY;

	for (size_t i = 0; i < r; i++) {
		unsigned share = (unsigned)((double)rem[i] * a / M);
		lo[i] = rem[i] > b ? rem[i] - b : 0;
		hi[i] = rem[i] < a ? rem[i] : a;
		x[i] = share < lo[i] ? lo[i] : share > hi[i] ? hi[i] : share;
		sum += x[i];
	}
	while (sum != a) {
		size_t pick = r;
		double d = INFINITY;
		for (size_t i = 0; i < r; i++) {
			double di;
			if (sum < a && x[i] < hi[i])
				di = h_at(lf, rem[i], x[i] + 1) - h_at(lf, rem[i], x[i]);
			else if (sum > a && x[i] > lo[i])
				di = h_at(lf, rem[i], x[i] - 1) - h_at(lf, rem[i], x[i]);
			else
				continue;
			if (di < d)
				d = di, pick = i;
		}
		if (sum < a)
			x[pick]++, sum++;
		else
			x[pick]--, sum--;
	}
	for (int improved = 1; improved;) {
		improved = 0;
		for (size_t i = 0; i < r; i++)
			for (size_t j = 0; j < r; j++)
				if (i != j && x[i] < hi[i] && x[j] > lo[j] &&
				    h_at(lf, rem[i], x[i] + 1) - h_at(lf, rem[i], x[i]) + h_at(lf, rem[j], x[j] - 1) -
						    h_at(lf, rem[j], x[j]) < -1e-12) {
					x[i]++;
					x[j]--;
					improved = 1;
				}
	}
	for (size_t i = 0; i < r; i++)
		s += h_at(lf, rem[i], x[i]);
	*min_h = s;
	for (size_t k = 0; k <= r; k++) {
		/* L at row k's breakpoint, and L = 0 (k = r) */
		double L = 0, f;
		if (k < r) {
			if (hi[k] == lo[k])
				continue;
			L = (h_at(lf, rem[k], hi[k]) - h_at(lf, rem[k], lo[k])) / (double)(hi[k] - lo[k]);
		}
		f = L * a;
		for (size_t i = 0; i < r; i++)
			f += fmax(h_at(lf, rem[i], lo[i]) - L * lo[i], h_at(lf, rem[i], hi[i]) - L * hi[i]);
		best = fmin(best, f);
	}
	*max_h = best;
}

/* The smallest sum log n_ij! over the tables with row totals rem (r) and column totals cs (m):
 * a separable convex transportation problem, solved exactly by starting from the proportional
 * table rem_i cs_j / M rounded down (the rest filled by the north-west corner rule) and moving
 * single units round negative-cost cycles until none is left (for separable convex costs on
 * integer flows a flow without a negative unit cycle is optimal: Ahuja, Magnanti & Orlin 1993,
 * sec. 14.3). A cycle is found by Bellman-Ford on the residual graph: row i -> column j costs
 * log(n_ij + 1) (one more case in the cell), column j -> row i costs -log n_ij when n_ij > 0. */
static double most_probable(const double *lf, const unsigned *rem, size_t r, const unsigned *cs, size_t m)
{
	unsigned n[MAX_LINES * MAX_LINES], sup[MAX_LINES], dem[MAX_LINES], M = 0;
	double dist[2 * MAX_LINES], s = 0;
	size_t pred[2 * MAX_LINES], V = r + m;

	for (size_t i = 0; i < r; i++)
		M += rem[i];
	for (size_t j = 0; j < m; j++)
		dem[j] = cs[j];
	for (size_t i = 0; i < r; i++) {
		sup[i] = rem[i];
		for (size_t j = 0; j < m; j++) {
			n[i * m + j] = (unsigned)((double)rem[i] * cs[j] / M);
			sup[i] -= n[i * m + j];
			dem[j] -= n[i * m + j];
		}
	}
	for (size_t i = 0, j = 0; i < r && j < m;) {
		unsigned x = sup[i] < dem[j] ? sup[i] : dem[j];
		n[i * m + j] += x;
		sup[i] -= x;
		dem[j] -= x;
		if (!sup[i])
			i++;
		else
			j++;
	}
	for (;;) {
		size_t last = V;
		for (size_t v = 0; v < V; v++)
			dist[v] = 0, pred[v] = V;
		for (size_t it = 0; it < V; it++) {
			last = V;
			for (size_t i = 0; i < r; i++)
				for (size_t j = 0; j < m; j++) {
					unsigned x = n[i * m + j];
					double up = lf[x + 1] - lf[x], down = x ? lf[x - 1] - lf[x] : 0;
					if (dist[i] + up < dist[r + j] - CYCLE_TOLERANCE)
						dist[r + j] = dist[i] + up, pred[r + j] = i, last = r + j;
					if (x && dist[r + j] + down < dist[i] - CYCLE_TOLERANCE)
						dist[i] = dist[r + j] + down, pred[i] = r + j, last = i;
				}
			if (last == V)
				break;
		}
		if (last == V)
			break;
		/* a node relaxed in round V lies on or leads to a negative cycle: walk back V steps */
		for (size_t v = 0; v < V; v++)
			last = pred[last];
		for (size_t v = last;;) {
			size_t u = pred[v];
			if (v >= r)
				n[u * m + (v - r)]++;      /* row u -> column v */
			else
				n[v * m + (u - r)]--;      /* column u -> row v */
			v = u;
			if (v == last)
				break;
		}
	}
	for (size_t a = 0; a < r * m; a++)
		s += lf[n[a]];
	return s;
}

/* Bounds of the rest of a node's tables: *lo and *hi bound -sum log n_ij! from below and above;
 * *total is the log of the sum of exp(-sum log n_ij!) over them. */
static void node_bounds(const struct network *nw, const unsigned *rem, size_t k, double *lo, double *hi, double *total)
{
	const struct table *t = nw->t;
	const double *lf = t->lf;
	const unsigned *cs = nw->colsort[k];
	size_t r = t->r, m = t->c - k;
	double col_even = 0, col_uneven = 0, row_even = 0, row_uneven = 0, tot;
	unsigned M = 0;

	for (size_t i = 0; i < r; i++)
		M += rem[i];
	tot = lf[M];
	for (size_t i = 0; i < r; i++)
		tot -= lf[rem[i]];
	for (size_t j = 0; j < m; j++)
		tot -= lf[cs[j]];
	*total = tot;
	if (m == 2) {
		double min_h, max_h;
		two_column_bounds(lf, rem, r, t->C[k], t->C[k + 1], &min_h, &max_h);
		*hi = -min_h;
		*lo = -max_h;
		return;
	}
	for (size_t j = 0; j < m; j++) {
		col_even += spread_even(lf, cs[j], rem, r);
		col_uneven += spread_uneven(lf, cs[j], rem, r);
	}
	for (size_t i = 0; i < r; i++) {
		row_even += spread_even(lf, rem[i], cs, m);
		row_uneven += spread_uneven(lf, rem[i], cs, m);
	}
	*hi = m <= MAX_LINES ? -most_probable(lf, rem, r, cs, m) : -fmax(col_even, row_even);
	*lo = -fmin(col_uneven, row_uneven);
}

static void sort_desc(unsigned *v, size_t r)
{
	for (size_t i = 1; i < r; i++) {
		unsigned x = v[i];
		size_t j = i;
		for (; j > 0 && v[j - 1] < x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

/* One value x of column k (not the last but one): the paths move on to the child node. */
static void extend_with(struct network *nw, double inc)
{
	size_t r = nw->t->r, node;

	for (size_t i = 0; i < r; i++)
		nw->child[i] = nw->rem[i] - nw->x[i];
	sort_desc(nw->child, r);
	node = stage_node(nw->next, nw->child);
	if (node == (size_t)-1) {
		nw->status = GSL_ENOMEM;
		return;
	}
	for (size_t e = 0; e < nw->n_paths && nw->status == GSL_SUCCESS; e++)
		nw->status = stage_add(nw->next, node, nw->paths[e].past + inc, nw->paths[e].weight);
	nw->work += (double)nw->n_paths;
}

/* Every column k with x_i <= rem_i and sum x_i = left over rows i.. (cap_after[i]: sum of rem
 * below row i). */
static void columns(struct network *nw, size_t i, unsigned left, double inc, const unsigned *cap_after)
{
	size_t r = nw->t->r;
	unsigned lo, hi;

	if (nw->status != GSL_SUCCESS || nw->work > nw->limit)
		return;
	if (i + 1 == r) {
		nw->x[i] = left;
		extend_with(nw, inc - nw->t->lf[left]);
		return;
	}
	lo = left > cap_after[i] ? left - cap_after[i] : 0;
	hi = nw->rem[i] < left ? nw->rem[i] : left;
	for (unsigned v = lo; v <= hi; v++) {
		nw->x[i] = v;
		columns(nw, i + 1, left - v, inc - nw->t->lf[v], cap_after);
	}
}

/* The tables of the last two rows given the rest, walked from one end of v inwards: they count
 * for the paths whose past is at most thr - S, S rising towards the mode, so the walk stops at
 * the first table that counts for none. */
static void count_walk(struct network *nw, double G, unsigned L, unsigned from, unsigned to, int step)
{
	const double *lf = nw->t->lf;
	size_t r = nw->t->r, q = nw->n_paths;
	unsigned ra = nw->rem[r - 2], rb = nw->rem[r - 1];

	for (unsigned v = from;; v += (unsigned)step) {
		double S = G - lf[v] - lf[ra - v] - lf[L - v] - lf[rb - (L - v)];
		while (q > 0 && nw->paths[q - 1].past + S > nw->thr)
			q--;
		nw->work += 1;
		if (q == 0)
			return;
		nw->p += exp(nw->K + nw->top + S) * nw->prefix[q - 1];
		if (v == to)
			return;
	}
}

/* The last step: the value x_i of column c - 2 in rows i.. (summing to left) fixes the last
 * column too. G holds -log x! - log (rem - x)! of the rows before i. The last two rows leave one
 * free value v, x_(r-2) = v, x_(r-1) = left - v, and S(v) is concave in v (a 2 x 2 table's
 * hypergeometric probability): the tables that count lie in its two tails, which are walked
 * from the ends inwards, up to the mode, so the tables that count for no path are never visited. */
static void last_columns(struct network *nw, size_t i, unsigned left, double G, const unsigned *cap_after)
{
	const double *lf = nw->t->lf;
	size_t r = nw->t->r;

	if (nw->work > nw->limit)
		return;
	if (i + 2 == r) {
		unsigned ra = nw->rem[r - 2], rb = nw->rem[r - 1];
		unsigned vmin = left > rb ? left - rb : 0, vmax = ra < left ? ra : left, mode;
		/* the 2 x 2 table (ra, rb) x (left, ra + rb - left) has its mode at
		 * floor((left + 1)(ra + 1) / (ra + rb + 2)) */
		mode = (unsigned)(((double)left + 1) * ((double)ra + 1) / ((double)ra + rb + 2));
		mode = mode < vmin ? vmin : mode > vmax ? vmax : mode;
		count_walk(nw, G, left, vmin, mode, 1);
		if (mode < vmax)
			count_walk(nw, G, left, vmax, mode + 1, -1);
		return;
	}
	{
		unsigned lo = left > cap_after[i] ? left - cap_after[i] : 0, hi = nw->rem[i] < left ? nw->rem[i] : left;
		for (unsigned v = lo; v <= hi; v++)
			last_columns(nw, i + 1, left - v, G - lf[v] - lf[nw->rem[i] - v], cap_after);
	}
}

/* Resolves or extends the paths of one node. */
static int node_step(struct network *nw, struct stage *cur, size_t node)
{
	const struct table *t = nw->t;
	struct path *e = cur->paths[node].p;
	size_t r = t->r, keep = 0, n = 0;
	double lo, hi, total;
	unsigned cap_after[MAX_LINES];

	for (size_t h = 0; h < cur->paths[node].n_slots; h++)
		if (e[h].bucket != EMPTY_BUCKET)
			e[n++] = e[h];
	qsort(e, n, sizeof *e, cmp_past);
	memcpy(nw->rem, cur->keys + node * r, r * sizeof *nw->rem);
	node_bounds(nw, nw->rem, nw->k, &lo, &hi, &total);
	for (size_t a = 0; a < n;) {
		size_t b = a + 1;
		double w = e[a].weight, past = e[a].past;
		while (b < n && e[b].past - past <= MERGE_TOLERANCE)
			w += e[b++].weight;
		if (past + hi <= nw->thr)
			nw->p += w * exp(nw->K + past + total);
		else if (past + lo <= nw->thr)
			e[keep++] = (struct path){past, w, 0};
		a = b;
	}
	if (!keep)
		return GSL_SUCCESS;
	nw->paths = e;
	nw->n_paths = keep;
	if (nw->k + 2 == t->c) {
		double run = 0;
		nw->top = e[keep - 1].past;
		for (size_t a = 0; a < keep; a++) {
			run += e[a].weight * exp(e[a].past - nw->top);
			nw->prefix[a] = run;
		}
	}
	cap_after[r - 1] = 0;
	for (size_t i = r - 1; i-- > 0;)
		cap_after[i] = cap_after[i + 1] + nw->rem[i + 1];
	if (nw->k + 2 == t->c)
		last_columns(nw, 0, t->C[nw->k], 0, cap_after);
	else
		columns(nw, 0, t->C[nw->k], 0, cap_after);
	return nw->status;
}

int fisher_exact(const size_t *counts, size_t rows, size_t cols, double work_limit, double *p, double *work)
{
	struct table t;
	struct stage s[2] = {{0}, {0}};
	struct network nw = {0};
	size_t max_paths = 0;
	int st;

	*p = NAN;
	if (work)
		*work = 0;
	if ((st = table_init(&t, counts, rows, cols)) != GSL_SUCCESS)
		return st;
	if (t.r > MAX_LINES) {
		/* more than 64 lines both ways: far beyond any work limit */
		table_free(&t);
		return GSL_EMAXITER;
	}
	nw.t = &t;
	nw.limit = work_limit;
	nw.status = GSL_SUCCESS;
	nw.thr = table_stat(&t) + log1p(FISHER_REL_TOLERANCE);
	nw.K = -t.lf[t.n];
	for (size_t i = 0; i < t.r; i++)
		nw.K += t.lf[t.R[i]];
	for (size_t j = 0; j < t.c; j++)
		nw.K += t.lf[t.C[j]];
	nw.colsort = calloc(t.c, sizeof *nw.colsort);
	nw.rem = malloc(3 * t.r * sizeof *nw.rem);
	if (!nw.colsort || !nw.rem) {
		st = GSL_ENOMEM;
		goto done;
	}
	nw.x = nw.rem + t.r;
	nw.child = nw.rem + 2 * t.r;
	for (size_t k = 0; k < t.c; k++) {
		if (!(nw.colsort[k] = malloc((t.c - k) * sizeof **nw.colsort))) {
			st = GSL_ENOMEM;
			goto done;
		}
		memcpy(nw.colsort[k], t.C + k, (t.c - k) * sizeof **nw.colsort);
		qsort(nw.colsort[k], t.c - k, sizeof **nw.colsort, cmp_desc);
	}
	s[0].r = s[1].r = t.r;
	if (stage_node(&s[0], t.R) == (size_t)-1 || stage_add(&s[0], 0, 0, 1) != GSL_SUCCESS) {
		st = GSL_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k + 1 < t.c; k++) {
		struct stage *cur = &s[k % 2];
		nw.k = k;
		nw.next = &s[(k + 1) % 2];
		stage_clear(nw.next);
		for (size_t v = 0; v < cur->n_nodes; v++) {
			size_t n = cur->paths[v].n;
			if (n > max_paths) {
				double *pf = realloc(nw.prefix, n * sizeof *pf);
				if (!pf) {
					st = GSL_ENOMEM;
					goto done;
				}
				nw.prefix = pf;
				max_paths = n;
			}
			if ((st = node_step(&nw, cur, v)) != GSL_SUCCESS)
				goto done;
			if (nw.work > nw.limit) {
				st = GSL_EMAXITER;
				goto done;
			}
		}
	}
	*p = nw.p > 1 ? 1 : nw.p;
done:
	if (work)
		*work = nw.work;
	if (nw.colsort)
		for (size_t k = 0; k < t.c; k++)
			free(nw.colsort[k]);
	free(nw.colsort);
	free(nw.rem);
	free(nw.prefix);
	stage_free(&s[0]);
	stage_free(&s[1]);
	table_free(&t);
	return st;
}

int fisher_simulated(const size_t *counts, size_t rows, size_t cols, size_t reps, unsigned long seed, double *p)
{
	struct table t;
	gsl_rng *rng;
	unsigned *left;
	double cut;
	size_t hits = 0;
	int st;

	*p = NAN;
	if ((st = table_init(&t, counts, rows, cols)) != GSL_SUCCESS)
		return st;
	cut = table_stat(&t) / (1 + 64 * DBL_EPSILON);
	rng = gsl_rng_alloc(gsl_rng_mt19937);
	left = malloc(t.c * sizeof *left);
	if (!rng || !left) {
		st = GSL_ENOMEM;
		goto done;
	}
	gsl_rng_set(rng, seed);
	for (size_t b = 0; b < reps; b++) {
		unsigned n_left = (unsigned)t.n;
		double s = 0;
		memcpy(left, t.C, t.c * sizeof *left);
		for (size_t i = 0; i + 1 < t.r; i++) {
			unsigned row = t.R[i], others = n_left;
			/* row i's cases fall in the columns as draws without replacement from what is left */
			for (size_t j = 0; j + 1 < t.c && row; j++) {
				unsigned v;
				others -= left[j];
				v = gsl_ran_hypergeometric(rng, left[j], others, row);
				s -= t.lf[v];
				left[j] -= v;
				row -= v;
			}
			s -= t.lf[row];
			left[t.c - 1] -= row;
			n_left -= t.R[i];
		}
		for (size_t j = 0; j < t.c; j++)
			s -= t.lf[left[j]];
		hits += s <= cut;
	}
	*p = (1 + (double)hits) / ((double)reps + 1);
done:
	gsl_rng_free(rng);
	free(left);
	table_free(&t);
	return st;
}
