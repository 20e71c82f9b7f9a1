#include "models/process_model.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#define N PROC_MOD_NONE
#define W PROC_MOD_W
#define Z PROC_MOD_Z
#define W_Z PROC_MOD_W_Z
#define WZ PROC_MOD_WZ

/* A model with parallel mediators: moderation of X -> Y, of every X -> M_j, of every M_j -> Y. */
#define PAR(num, xy, xm, my) {num, PROC_PARALLEL, 1, PROC_MAX_MEDIATORS, xy, xm, xm, my, my, N}
/* Mediators in series (2 to 6): X -> Y, X -> M_1, X -> M_j (j > 1), M_j -> Y (j < k), M_k -> Y,
 * every M_i -> M_j. */
#define SER(num, xy, xm1, xmk, my, mly, mm) {num, PROC_SERIAL, 2, PROC_MAX_SERIAL, xy, xm1, xmk, my, mly, mm}

static const struct proc_template templates[] = {
	{1, PROC_NO_MEDIATOR, 0, 0, W, N, N, N, N, N},
	{2, PROC_NO_MEDIATOR, 0, 0, W_Z, N, N, N, N, N},
	{3, PROC_NO_MEDIATOR, 0, 0, WZ, N, N, N, N, N},
	PAR(4, N, N, N),
	PAR(5, W, N, N),
	{6, PROC_SERIAL, 2, PROC_MAX_SERIAL, N, N, N, N, N, N},
	PAR(7, N, W, N),
	PAR(8, W, W, N),
	PAR(9, N, W_Z, N),
	PAR(10, W_Z, W_Z, N),
	PAR(11, N, WZ, N),
	PAR(12, WZ, WZ, N),
	PAR(13, W, WZ, N),
	PAR(14, N, N, W),
	PAR(15, W, N, W),
	PAR(16, N, N, W_Z),
	PAR(17, W_Z, N, W_Z),
	PAR(18, N, N, WZ),
	PAR(19, WZ, N, WZ),
	PAR(20, W, N, WZ),
	PAR(21, N, W, Z),
	PAR(22, W, W, Z),
	PAR(28, Z, W, Z),
	PAR(29, W_Z, W, Z),
	PAR(58, N, W, W),
	PAR(59, W, W, W),
	PAR(60, N, W_Z, W),
	PAR(61, W, W_Z, W),
	PAR(62, Z, W_Z, W),
	PAR(63, W_Z, W_Z, W),
	PAR(64, N, W, W_Z),
	PAR(65, W, W, W_Z),
	PAR(66, Z, W, W_Z),
	PAR(67, W_Z, W, W_Z),
	PAR(68, N, WZ, W),
	PAR(69, WZ, WZ, W),
	PAR(70, N, W, WZ),
	PAR(71, WZ, W, WZ),
	PAR(72, N, WZ, WZ),
	PAR(73, WZ, WZ, WZ),
	PAR(74, N, N, PROC_MOD_X),
	PAR(75, N, W_Z, W_Z),
	PAR(76, W_Z, W_Z, W_Z),
	{80, PROC_PARALLEL_SERIAL, 3, PROC_MAX_SERIAL, N, N, N, N, N, N},
	{81, PROC_SERIAL_PARALLEL, 3, PROC_MAX_SERIAL, N, N, N, N, N, N},
	{82, PROC_TWO_CHAINS, 4, 4, N, N, N, N, N, N},
	SER(83, N, W, N, N, N, N),
	SER(84, N, W, W, N, N, N),
	SER(85, W, W, W, N, N, N),
	SER(86, W, W, N, N, N, N),
	SER(87, N, N, N, N, W, N),
	SER(88, N, N, N, W, W, N),
	SER(89, W, N, N, W, W, N),
	SER(90, W, N, N, N, W, N),
	SER(91, N, N, N, N, N, W),
	SER(92, W, W, W, W, W, W),
};

#undef N
#undef W
#undef Z
#undef W_Z
#undef WZ

#define N_TEMPLATES (sizeof templates / sizeof templates[0])

const struct proc_template *proc_template_find(int number)
{
	for (size_t i = 0; i < N_TEMPLATES; i++)
		if (templates[i].number == number)
			return &templates[i];
	return NULL;
}

size_t proc_template_numbers(int *out, size_t max)
{
	for (size_t i = 0; i < N_TEMPLATES && i < max; i++)
		out[i] = templates[i].number;
	return N_TEMPLATES;
}

struct proc_term proc_term_make(size_t n, int a, int b, int c)
{
	struct proc_term t = {(unsigned char)n, {(unsigned char)a, (unsigned char)b, (unsigned char)c}};

	/* three-element insertion sort */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && t.var[j - 1] > t.var[j]; j--) {
			unsigned char s = t.var[j];
			t.var[j] = t.var[j - 1];
			t.var[j - 1] = s;
		}
	for (size_t i = n; i < 3; i++)
		t.var[i] = 0;
	return t;
}

int proc_term_has(const struct proc_term *t, int v)
{
	for (size_t i = 0; i < t->n; i++)
		if (t->var[i] == v)
			return 1;
	return 0;
}

static int term_equal(const struct proc_term *a, const struct proc_term *b)
{
	return a->n == b->n && memcmp(a->var, b->var, a->n) == 0;
}

size_t proc_model_term(const struct proc_model *m, size_t e, const struct proc_term *t)
{
	const struct proc_equation *q = &m->eq[e];

	for (size_t i = 0; i < q->n_terms; i++)
		if (term_equal(&q->term[i], t))
			return i;
	return q->n_terms;
}

static void add_term(struct proc_equation *q, struct proc_term t)
{
	for (size_t i = 0; i < q->n_terms; i++)
		if (term_equal(&q->term[i], &t))
			return;
	q->term[q->n_terms++] = t;
}

/* Antecedent a with its moderation. */
static void add_antecedent(struct proc_equation *q, int a, enum proc_mod mod)
{
	add_term(q, proc_term_make(1, a, 0, 0));
	if (mod == PROC_MOD_W || mod == PROC_MOD_W_Z || mod == PROC_MOD_WZ) {
		add_term(q, proc_term_make(1, PROC_W, 0, 0));
		add_term(q, proc_term_make(2, a, PROC_W, 0));
	}
	if (mod == PROC_MOD_Z || mod == PROC_MOD_W_Z || mod == PROC_MOD_WZ) {
		add_term(q, proc_term_make(1, PROC_Z, 0, 0));
		add_term(q, proc_term_make(2, a, PROC_Z, 0));
	}
	if (mod == PROC_MOD_WZ) {
		add_term(q, proc_term_make(2, PROC_W, PROC_Z, 0));
		add_term(q, proc_term_make(3, a, PROC_W, PROC_Z));
	}
	if (mod == PROC_MOD_X) {
		add_term(q, proc_term_make(1, PROC_X, 0, 0));
		add_term(q, proc_term_make(2, a, PROC_X, 0));
	}
}

/* PROCESS's order: terms without W or Z, then W and its products, then Z and its products; within
 * a group by number of factors, then by variable ids. */
static int term_group(const struct proc_term *t)
{
	return proc_term_has(t, PROC_Z) ? 2 : proc_term_has(t, PROC_W) ? 1 : 0;
}

static int term_cmp(const void *pa, const void *pb)
{
	const struct proc_term *a = pa, *b = pb;
	int ga = term_group(a), gb = term_group(b);

	if (ga != gb)
		return ga - gb;
	if (a->n != b->n)
		return a->n - b->n;
	return memcmp(a->var, b->var, 3);
}

static void set_edges(struct proc_model *m)
{
	size_t k = m->k;

	memset(m->edge, 0, sizeof m->edge);
	for (size_t i = 0; i < k; i++)
		for (size_t j = i + 1; j < k; j++) {
			switch (m->tpl->structure) {
			case PROC_SERIAL:
				m->edge[i][j] = 1;
				break;
			case PROC_PARALLEL_SERIAL:
				m->edge[i][j] = j == k - 1;
				break;
			case PROC_SERIAL_PARALLEL:
				m->edge[i][j] = i == 0;
				break;
			case PROC_TWO_CHAINS:
				m->edge[i][j] = (i == 0 && j == 1) || (i == 2 && j == 3);
				break;
			case PROC_NO_MEDIATOR:
			case PROC_PARALLEL:
				break;
			}
		}
}

static int has_moderation(const struct proc_template *t)
{
	return t->xy || t->xm1 || t->xmk || t->my || t->mly || t->mm;
}

/* Paths from mediator `from` onwards, extending `cur` (len mediators so far). */
static void walk(struct proc_model *m, struct proc_path *cur, size_t from)
{
	if (m->n_paths < PROC_MAX_PATHS)
		m->path[m->n_paths++] = *cur;
	for (size_t j = from + 1; j < m->k; j++)
		if (m->edge[from][j] && cur->len < PROC_MAX_MEDIATORS) {
			cur->med[cur->len++] = (unsigned char)j;
			walk(m, cur, j);
			cur->len--;
		}
}

static int path_cmp(const void *pa, const void *pb)
{
	const struct proc_path *a = pa, *b = pb;

	if (a->med[0] != b->med[0])
		return a->med[0] - b->med[0];
	if (a->len != b->len)
		return a->len < b->len ? -1 : 1;
	return memcmp(a->med, b->med, a->len);
}

static void set_paths(struct proc_model *m)
{
	m->n_paths = 0;
	for (size_t j = 0; j < m->k; j++) {
		struct proc_path cur = {1, {(unsigned char)j}};
		walk(m, &cur, j);
	}
	qsort(m->path, m->n_paths, sizeof m->path[0], path_cmp);
}

static void place_covariates(struct proc_model *m, const unsigned char *cov_in)
{
	size_t k = m->k;

	for (size_t e = 0; e < m->n_eq; e++) {
		size_t col = m->eq[e].total ? k : e; /* the total-effect equation follows Y's */
		for (size_t c = 0; c < m->ncov; c++)
			m->eq[e].cov[c] = cov_in ? cov_in[c * (k + 1) + col] != 0 : 1;
	}
}

int proc_model_init(struct proc_model *m, int number, size_t k, size_t ncov, const unsigned char *cov_in,
		    enum proc_model_problem *why)
{
	const struct proc_template *t = proc_template_find(number);

	memset(m, 0, sizeof *m);
	*why = PROC_MODEL_OK;
	if (!t) {
		*why = PROC_MODEL_UNKNOWN;
		return GSL_EINVAL;
	}
	if (k < t->min_m || k > t->max_m) {
		*why = PROC_MODEL_MEDIATORS;
		return GSL_EINVAL;
	}
	if (ncov > PROC_MAX_COVARIATES) {
		*why = PROC_MODEL_COVARIATES;
		return GSL_EINVAL;
	}
	m->tpl = t;
	m->k = k;
	m->ncov = ncov;
	set_edges(m);
	for (size_t j = 0; j < k; j++) {
		struct proc_equation *q = &m->eq[j];
		q->outcome = PROC_M(j);
		add_antecedent(q, PROC_X, j == 0 ? t->xm1 : t->xmk);
		for (size_t i = 0; i < j; i++)
			if (m->edge[i][j])
				add_antecedent(q, PROC_M(i), t->mm);
	}
	{
		struct proc_equation *q = &m->eq[k];
		q->outcome = PROC_Y;
		add_antecedent(q, PROC_X, t->xy);
		for (size_t j = 0; j < k; j++)
			add_antecedent(q, PROC_M(j), j + 1 == k ? t->mly : t->my);
	}
	m->n_eq = k + 1;
	if (k > 0 && !has_moderation(t)) {
		struct proc_equation *q = &m->eq[k + 1];
		q->outcome = PROC_Y;
		q->total = 1;
		add_antecedent(q, PROC_X, PROC_MOD_NONE);
		m->n_eq = k + 2;
	}
	for (size_t e = 0; e < m->n_eq; e++) {
		m->eq[e].family = PROC_FAMILY_OLS;
		qsort(m->eq[e].term, m->eq[e].n_terms, sizeof m->eq[e].term[0], term_cmp);
	}
	place_covariates(m, cov_in);
	set_paths(m);
	return GSL_SUCCESS;
}

int proc_model_set_logistic(struct proc_model *m, enum proc_model_problem *why)
{
	*why = PROC_MODEL_OK;
	if (m->tpl->mly == PROC_MOD_X) {
		*why = PROC_MODEL_LOGISTIC_74;
		return GSL_EINVAL;
	}
	m->eq[m->k].family = PROC_FAMILY_LOGISTIC;
	m->n_eq = m->k + 1;
	return GSL_SUCCESS;
}

int proc_model_uses(const struct proc_model *m, int v)
{
	for (size_t e = 0; e < m->n_eq; e++)
		for (size_t i = 0; i < m->eq[e].n_terms; i++)
			if (proc_term_has(&m->eq[e].term[i], v))
				return 1;
	return 0;
}

size_t proc_model_equation(const struct proc_model *m, int outcome)
{
	return outcome == PROC_Y ? m->k : (size_t)(outcome - PROC_M1);
}

size_t proc_model_total_equation(const struct proc_model *m)
{
	return m->n_eq == m->k + 2 ? m->k + 1 : m->n_eq;
}

unsigned proc_link_moderators(const struct proc_model *m, size_t e, int a)
{
	const struct proc_equation *q = &m->eq[e];
	unsigned mask = 0;

	for (size_t i = 0; i < q->n_terms; i++) {
		const struct proc_term *t = &q->term[i];
		if (!proc_term_has(t, a))
			continue;
		for (size_t f = 0; f < t->n; f++)
			if (t->var[f] != a)
				mask |= 1u << t->var[f];
	}
	return mask;
}

void proc_path_link(const struct proc_model *m, size_t p, size_t i, int *antecedent, size_t *e)
{
	const struct proc_path *path = &m->path[p];

	*antecedent = i == 0 ? PROC_X : PROC_M(path->med[i - 1]);
	*e = i < path->len ? path->med[i] : m->k;
}

unsigned proc_path_moderators(const struct proc_model *m, size_t p)
{
	unsigned mask = 0;

	for (size_t i = 0; i <= m->path[p].len; i++) {
		int a;
		size_t e;
		proc_path_link(m, p, i, &a, &e);
		mask |= proc_link_moderators(m, e, a);
	}
	return mask;
}

size_t proc_path_degree(const struct proc_model *m, size_t p, int v)
{
	size_t d = 0;

	for (size_t i = 0; i <= m->path[p].len; i++) {
		int a;
		size_t e;
		proc_path_link(m, p, i, &a, &e);
		d += (proc_link_moderators(m, e, a) >> v) & 1u;
	}
	return d;
}

/* 1 when some link of path p has a term with a, v1 and v2, or v1 and v2 moderate different links. */
static int joint(const struct proc_model *m, size_t p, int v1, int v2)
{
	size_t l1 = SIZE_MAX, l2 = SIZE_MAX;

	for (size_t i = 0; i <= m->path[p].len; i++) {
		int a;
		size_t e;
		unsigned mask;
		proc_path_link(m, p, i, &a, &e);
		mask = proc_link_moderators(m, e, a);
		if ((mask >> v1) & 1u)
			l1 = i;
		if ((mask >> v2) & 1u)
			l2 = i;
	}
	if (l1 != l2)
		return 1;
	{
		int a;
		size_t e;
		const struct proc_equation *q;
		proc_path_link(m, p, l1, &a, &e);
		q = &m->eq[e];
		for (size_t i = 0; i < q->n_terms; i++)
			if (proc_term_has(&q->term[i], a) && proc_term_has(&q->term[i], v1) && proc_term_has(&q->term[i], v2))
				return 1;
	}
	return 0;
}

enum proc_index_kind proc_path_index_kind(const struct proc_model *m, size_t p, int vars[2])
{
	unsigned mask = proc_path_moderators(m, p);
	static const int order[] = {PROC_W, PROC_Z, PROC_X};
	size_t n = 0;

	vars[0] = vars[1] = -1;
	for (int v = 0; v < PROC_NVARS; v++)
		if ((mask >> v) & 1u) {
			if (v >= PROC_M1 || proc_path_degree(m, p, v) != 1)
				return PROC_INDEX_NONE;
		}
	for (size_t i = 0; i < 3; i++)
		if ((mask >> order[i]) & 1u) {
			if (n == 2)
				return PROC_INDEX_NONE;
			vars[n++] = order[i];
		}
	if (n == 0)
		return PROC_INDEX_NONE;
	if (n == 1)
		return PROC_INDEX_SINGLE;
	return joint(m, p, vars[0], vars[1]) ? PROC_INDEX_CONDITIONAL : PROC_INDEX_PARTIAL;
}

/* Index of the term a x v1 (x v2 when v2 >= 0) in equation e, or n_terms. */
static size_t product(const struct proc_model *m, size_t e, int a, int v1, int v2)
{
	struct proc_term t = v2 >= 0 ? proc_term_make(3, a, v1, v2) : proc_term_make(2, a, v1, 0);

	return proc_model_term(m, e, &t);
}

size_t proc_highest_interactions(const struct proc_model *m, size_t e, struct proc_test_set *out)
{
	const struct proc_equation *q = &m->eq[e];
	size_t n = 0, none = q->n_terms;

	for (int a = PROC_X; a <= PROC_Y; a++) {
		size_t aw, az, awz;
		if (a != PROC_X && a < PROC_M1)
			continue;
		if (proc_model_term(m, e, &(struct proc_term){1, {(unsigned char)a}}) == none)
			continue;
		if (a != PROC_X && ((proc_link_moderators(m, e, a) >> PROC_X) & 1u)) {
			out[n++] = (struct proc_test_set){a, 1, {product(m, e, a, PROC_X, -1), 0}};
			continue;
		}
		aw = product(m, e, a, PROC_W, -1);
		az = product(m, e, a, PROC_Z, -1);
		awz = product(m, e, a, PROC_W, PROC_Z);
		if (awz != none) {
			out[n++] = (struct proc_test_set){a, 1, {awz, 0}};
			continue;
		}
		if (aw != none)
			out[n++] = (struct proc_test_set){a, 1, {aw, 0}};
		if (az != none)
			out[n++] = (struct proc_test_set){a, 1, {az, 0}};
		if (aw != none && az != none)
			out[n++] = (struct proc_test_set){a, 2, {aw, az}};
	}
	return n;
}
