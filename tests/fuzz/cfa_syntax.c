/* libFuzzer target: the lavaan-syntax reader on arbitrary bytes. A model it reads is built into
 * a specification for one and for two groups (any name accepted as an item) and completed with
 * lavaan's defaults and equal loadings; every parameter must then name an item, factor and
 * group in range. */
#include <stdint.h>
#include <stdlib.h>

#include "io/cfa_syntax.h"
#include "models/cfa_spec.h"

static void check(const struct cfa_spec *s)
{
	for (size_t k = 0; k < s->n_param; k++) {
		const struct cfa_param *q = &s->param[k];
		size_t rows = q->kind == CFA_FACTOR_COV || q->kind == CFA_LATENT_MEAN ? s->m : s->p;
		if (q->group >= s->groups || q->i >= rows || q->label > s->n_labels)
			abort();
		if (q->kind == CFA_LOADING && q->j >= s->m)
			abort();
		if ((q->kind == CFA_FACTOR_COV || q->kind == CFA_RESID_COV) && q->j > q->i)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cfa_syntax syn;
	struct sk_error err;

	if (cfa_syntax_parse((const char *)data, size, &syn, &err))
		return 0;
	for (size_t groups = 1; groups <= 2; groups++) {
		struct cfa_syntax_model m;
		struct cfa_spec_error serr;
		if (cfa_syntax_build(&syn, groups, NULL, 0, &m, &err))
			continue;
		if (m.p == 0 || m.spec.p != m.p || m.spec.m != m.m)
			abort();
		if (!cfa_spec_complete(&m.spec, groups > 1, CFA_EQ_LOADINGS | CFA_EQ_INTERCEPTS, NULL, 0, &serr))
			check(&m.spec);
		cfa_syntax_model_free(&m);
	}
	cfa_syntax_free(&syn);
	return 0;
}
