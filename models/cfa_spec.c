#include "models/cfa_spec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

int cfa_spec_init(struct cfa_spec *s, size_t p, size_t m, size_t groups)
{
	memset(s, 0, sizeof *s);
	s->p = p;
	s->m = m;
	s->groups = groups;
	return 0;
}

void cfa_spec_release(struct cfa_spec *s)
{
	if (!s)
		return;
	free(s->param);
	memset(s, 0, sizeof *s);
}

int cfa_spec_copy(struct cfa_spec *dst, const struct cfa_spec *src)
{
	*dst = *src;
	dst->param = NULL;
	dst->cap = src->n_param;
	if (src->n_param) {
		dst->param = malloc(src->n_param * sizeof *dst->param);
		if (!dst->param) {
			dst->n_param = dst->cap = 0;
			return GSL_ENOMEM;
		}
		memcpy(dst->param, src->param, src->n_param * sizeof *dst->param);
	}
	return 0;
}

static int symmetric(enum cfa_kind k)
{
	return k == CFA_FACTOR_COV || k == CFA_RESID_COV;
}

size_t cfa_spec_find(const struct cfa_spec *s, enum cfa_kind kind, size_t group, size_t i, size_t j)
{
	if (symmetric(kind) && i < j) {
		size_t t = i;
		i = j;
		j = t;
	}
	for (size_t k = 0; k < s->n_param; k++) {
		const struct cfa_param *q = &s->param[k];
		if (q->kind == kind && q->group == group && q->i == i && q->j == j)
			return k;
	}
	return CFA_NONE;
}

int cfa_spec_add(struct cfa_spec *s, const struct cfa_param *par, size_t *index)
{
	struct cfa_param q = *par;

	if (symmetric(q.kind) && q.i < q.j) {
		size_t t = q.i;
		q.i = q.j;
		q.j = t;
	}
	if (q.kind == CFA_INTERCEPT || q.kind == CFA_LATENT_MEAN)
		q.j = 0;
	if (cfa_spec_find(s, q.kind, q.group, q.i, q.j) != CFA_NONE)
		return GSL_EINVAL;
	if (s->n_param == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 32;
		struct cfa_param *p = realloc(s->param, cap * sizeof *p);
		if (!p)
			return GSL_ENOMEM;
		s->param = p;
		s->cap = cap;
	}
	if (q.label > s->n_labels)
		s->n_labels = q.label;
	if (index)
		*index = s->n_param;
	s->param[s->n_param++] = q;
	return 0;
}

size_t cfa_spec_new_label(struct cfa_spec *s)
{
	return ++s->n_labels;
}

int cfa_spec_scales(struct cfa_spec *s, const size_t *factor_of)
{
	for (size_t i = 0; i < s->p; i++)
		if (factor_of[i] >= s->m)
			return GSL_EINVAL;
	for (size_t g = 0; g < s->groups; g++)
		for (size_t i = 0; i < s->p; i++) {
			struct cfa_param q = {CFA_LOADING, g, i, factor_of[i], 1, NAN, CFA_NO_LABEL, 0};
			int status = cfa_spec_add(s, &q, NULL);
			if (status)
				return status;
		}
	return 0;
}

/* Adds a default parameter unless the element is named already. */
static int add_default(struct cfa_spec *s, enum cfa_kind kind, size_t g, size_t i, size_t j, int free, double value)
{
	struct cfa_param q = {kind, g, i, j, free, value, CFA_NO_LABEL, 0};

	if (cfa_spec_find(s, kind, g, i, j) != CFA_NONE)
		return 0;
	return cfa_spec_add(s, &q, NULL);
}

static int fail(struct cfa_spec_error *err, enum cfa_spec_problem problem, size_t param, size_t factor, size_t group)
{
	if (err) {
		err->problem = problem;
		err->param = param;
		err->factor = factor;
		err->group = group;
	}
	return GSL_EDOM;
}

static int in_range(const struct cfa_spec *s, const struct cfa_param *q)
{
	if (q->group >= s->groups)
		return 0;
	switch (q->kind) {
	case CFA_LOADING:
		return q->i < s->p && q->j < s->m;
	case CFA_FACTOR_COV:
		return q->i < s->m && q->j <= q->i;
	case CFA_RESID_COV:
		return q->i < s->p && q->j <= q->i;
	case CFA_INTERCEPT:
		return q->i < s->p;
	case CFA_LATENT_MEAN:
		return q->i < s->m;
	}
	return 0;
}

/* lavaan's auto.fix.first and auto.fix.single for group g. */
static int fix_markers(struct cfa_spec *s, size_t g, struct cfa_spec_error *err)
{
	for (size_t f = 0; f < s->m; f++) {
		size_t first = CFA_NONE, count = 0, item = 0;
		for (size_t k = 0; k < s->n_param; k++) {
			const struct cfa_param *q = &s->param[k];
			if (q->kind != CFA_LOADING || q->group != g || q->j != f)
				continue;
			if (first == CFA_NONE)
				first = k;
			count++;
			item = q->i;
		}
		if (first == CFA_NONE)
			return fail(err, CFA_SPEC_NO_INDICATOR, CFA_NONE, f, g);
		if (!(s->param[first].flags & CFA_VALUE_SET)) {
			s->param[first].free = 0;
			s->param[first].value = 1;
		}
		if (count != 1)
			continue;
		size_t loads = 0;
		for (size_t k = 0; k < s->n_param; k++)
			if (s->param[k].kind == CFA_LOADING && s->param[k].group == g && s->param[k].i == item)
				loads++;
		if (loads == 1) {
			int status = add_default(s, CFA_RESID_COV, g, item, item, 0, 0.0);
			if (status)
				return status;
		}
	}
	return 0;
}

static int is_partial(const struct cfa_param *q, const struct cfa_partial *partial, size_t n_partial)
{
	for (size_t k = 0; k < n_partial; k++)
		if (partial[k].kind == q->kind && partial[k].i == q->i &&
		    (q->kind != CFA_LOADING || partial[k].j == CFA_NONE || partial[k].j == q->j))
			return 1;
	return 0;
}

/* group.equal: gives a parameter of group 0 and its counterparts one label. */
static int equal_across_groups(struct cfa_spec *s, unsigned equal, const struct cfa_partial *partial,
			       size_t n_partial)
{
	size_t n0 = s->n_param;

	for (size_t k = 0; k < n0; k++) {
		struct cfa_param *q = &s->param[k];
		int want = (q->kind == CFA_LOADING && (equal & CFA_EQ_LOADINGS)) ||
			   (q->kind == CFA_INTERCEPT && (equal & CFA_EQ_INTERCEPTS)) ||
			   (q->kind == CFA_RESID_COV && q->i == q->j && (equal & CFA_EQ_RESIDUALS));
		if (!want || q->group != 0 || !q->free || is_partial(q, partial, n_partial))
			continue;
		for (size_t g = 1; g < s->groups; g++) {
			size_t b = cfa_spec_find(s, q->kind, g, q->i, q->j);
			if (b == CFA_NONE || !s->param[b].free)
				continue;
			if (q->label == CFA_NO_LABEL)
				q->label = cfa_spec_new_label(s);
			if (s->param[b].label == CFA_NO_LABEL)
				s->param[b].label = q->label;
			else if (s->param[b].label != q->label) {
				/* both labelled (a user label): merge b's class into q's */
				size_t old = s->param[b].label;
				for (size_t t = 0; t < s->n_param; t++)
					if (s->param[t].label == old)
						s->param[t].label = q->label;
			}
		}
	}
	return 0;
}

/* Fixes every parameter of a label class holding a fixed one, then numbers labels 1.. in order
 * of first use. */
static int settle_labels(struct cfa_spec *s, struct cfa_spec_error *err)
{
	size_t n = s->n_labels + 1;
	size_t *fixed = malloc(n * sizeof *fixed), *renum = malloc(n * sizeof *renum);
	size_t next = 0;

	if (!fixed || !renum) {
		free(fixed);
		free(renum);
		return GSL_ENOMEM;
	}
	for (size_t l = 0; l < n; l++)
		fixed[l] = renum[l] = CFA_NONE;
	for (size_t k = 0; k < s->n_param; k++) {
		const struct cfa_param *q = &s->param[k];
		if (q->label != CFA_NO_LABEL && !q->free && fixed[q->label] == CFA_NONE)
			fixed[q->label] = k;
	}
	for (size_t k = 0; k < s->n_param; k++) {
		struct cfa_param *q = &s->param[k];
		if (q->label == CFA_NO_LABEL || fixed[q->label] == CFA_NONE)
			continue;
		const struct cfa_param *f = &s->param[fixed[q->label]];
		if (!q->free && q->value != f->value) {
			free(fixed);
			free(renum);
			return fail(err, CFA_SPEC_LABEL_CONFLICT, k, CFA_NONE, q->group);
		}
		q->free = 0;
		q->value = f->value;
	}
	for (size_t k = 0; k < s->n_param; k++) {
		struct cfa_param *q = &s->param[k];
		if (q->label == CFA_NO_LABEL)
			continue;
		if (renum[q->label] == CFA_NONE)
			renum[q->label] = ++next;
		q->label = renum[q->label];
	}
	s->n_labels = next;
	free(fixed);
	free(renum);
	return 0;
}

int cfa_spec_complete(struct cfa_spec *s, int means, unsigned equal, const struct cfa_partial *partial,
		      size_t n_partial, struct cfa_spec_error *err)
{
	int status;

	if (err)
		memset(err, 0, sizeof *err);
	for (size_t k = 0; k < s->n_param; k++) {
		if (!in_range(s, &s->param[k]))
			return fail(err, CFA_SPEC_BAD_INDEX, k, CFA_NONE, s->param[k].group);
		if (s->param[k].label > s->n_labels)
			s->n_labels = s->param[k].label;
	}
	s->means = means;
	for (size_t g = 0; g < s->groups; g++) {
		if ((status = fix_markers(s, g, err)))
			return status;
		for (size_t i = 0; i < s->p; i++)
			if ((status = add_default(s, CFA_RESID_COV, g, i, i, 1, NAN)))
				return status;
		for (size_t f = 0; f < s->m; f++)
			if ((status = add_default(s, CFA_FACTOR_COV, g, f, f, 1, NAN)))
				return status;
		for (size_t f = 0; f < s->m; f++)
			for (size_t h = 0; h < f; h++)
				if ((status = add_default(s, CFA_FACTOR_COV, g, f, h, 1, NAN)))
					return status;
		if (!means)
			continue;
		for (size_t i = 0; i < s->p; i++)
			if ((status = add_default(s, CFA_INTERCEPT, g, i, 0, 1, NAN)))
				return status;
		for (size_t f = 0; f < s->m; f++)
			if ((status = add_default(s, CFA_LATENT_MEAN, g, f, 0, g > 0 && (equal & CFA_EQ_INTERCEPTS),
						  g > 0 && (equal & CFA_EQ_INTERCEPTS) ? NAN : 0.0)))
				return status;
	}
	if (!means)
		equal &= ~CFA_EQ_INTERCEPTS;
	if (s->groups > 1 && equal && (status = equal_across_groups(s, equal, partial, n_partial)))
		return status;
	return settle_labels(s, err);
}
