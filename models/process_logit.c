#include "models/process_logit.h"

#include <stdlib.h>

#include <gsl/gsl_errno.h>

int proc_logit_lr_test(const struct proc_fit *f, size_t e, const size_t *term, size_t n, struct logit_lr *out,
		       enum logit_problem *why)
{
	const struct proc_eqfit *ef;
	const struct proc_equation *q;
	struct logit_fit *reduced;
	struct logit_options o;
	unsigned char drop[PROC_MAX_TERMS] = {0};
	size_t *cols, nc = 0;
	int status;

	*why = LOGIT_OK;
	if (e >= f->model.n_eq || !f->eq[e].logit || n == 0)
		return GSL_EINVAL;
	ef = &f->eq[e];
	q = &f->model.eq[e];
	for (size_t i = 0; i < n; i++) {
		if (term[i] >= q->n_terms || drop[term[i]])
			return GSL_EINVAL;
		drop[term[i]] = 1;
	}
	cols = malloc(ef->k * sizeof *cols);
	if (!cols)
		return GSL_ENOMEM;
	/* the dropped terms' design columns, ascending */
	for (size_t t = 0; t < q->n_terms; t++)
		for (size_t c = ef->off[t]; drop[t] && c < ef->off[t + 1]; c++)
			cols[nc++] = c;
	reduced = logit_fit_alloc(f->n, ef->k - nc);
	if (!reduced) {
		free(cols);
		return GSL_ENOMEM;
	}
	proc_logit_options(f, &o);
	status = logit_drop_test(ef->logit, ef->X, ef->y, NULL, cols, nc, &o, reduced, out);
	*why = reduced->problem;
	logit_fit_free(reduced);
	free(cols);
	return status;
}
