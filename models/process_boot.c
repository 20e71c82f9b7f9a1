#include "models/process_boot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "models/bootstrap.h"
#include "models/crossprod.h"

struct pb_arg {
	const struct proc_fit *f;
	const struct proc_stat *stats;
	size_t n_stats;
	struct crossprod_data *cpd;
	size_t xcol, ycol; /* V columns of a continuous X (f->q when multicategorical) and Y */
	struct logit_options logit; /* a logistic Y equation's, started at the full-sample estimates */
};

struct pb_ws {
	struct crossprod *cp;
	double *coef;                       /* every equation's coefficients, one block after another */
	double *b[PROC_MAX_EQUATIONS];      /* each equation's block */
	struct logit_fit *logit;            /* a logistic Y equation's fit, and the counts as weights */
	double *w;
};

static void pb_ws_free(void *p)
{
	struct pb_ws *w = p;

	if (!w)
		return;
	crossprod_free(w->cp);
	free(w->coef);
	logit_fit_free(w->logit);
	free(w->w);
	free(w);
}

static void *pb_ws_alloc(const void *arg)
{
	const struct pb_arg *a = arg;
	const struct proc_fit *f = a->f;
	struct pb_ws *w = calloc(1, sizeof *w);
	size_t total = 0;

	if (!w)
		return NULL;
	for (size_t e = 0; e < f->model.n_eq; e++)
		total += f->eq[e].k + 1;
	w->cp = crossprod_alloc(f->q, f->n);
	w->coef = malloc(total * sizeof *w->coef);
	if (f->eq[f->model.k].logit) {
		w->logit = logit_fit_alloc(f->n, f->eq[f->model.k].k);
		w->w = malloc(f->n * sizeof *w->w);
	}
	if (!w->cp || !w->coef || (f->eq[f->model.k].logit && (!w->logit || !w->w))) {
		pb_ws_free(w);
		return NULL;
	}
	total = 0;
	for (size_t e = 0; e < f->model.n_eq; e++) {
		w->b[e] = w->coef + total;
		total += f->eq[e].k + 1;
	}
	return w;
}

static int pb_stat(const unsigned *counts, double *out, void *ws, const void *arg)
{
	const struct pb_arg *a = arg;
	const struct proc_fit *f = a->f;
	struct pb_ws *w = ws;
	double sd_x = NAN, sd_y;

	crossprod_accumulate(w->cp, a->cpd, counts);
	for (size_t e = 0; e < f->model.n_eq; e++) {
		const struct proc_eqfit *ef = &f->eq[e];
		double *b = w->b[e];
		int status;
		if (ef->logit) {
			/* the resample's counts as frequency weights; a fit that separates or fails has the
			 * resample drawn again */
			for (size_t i = 0; i < f->n; i++)
				w->w[i] = counts[i];
			status = logit_fit_run(w->logit, ef->k ? ef->X : NULL, ef->y, w->w, &a->logit);
			if (!status)
				memcpy(b, w->logit->b->data, (ef->k + 1) * sizeof *b);
		} else {
			status = crossprod_regress(w->cp, ef->pred, ef->k, ef->outcome, f->tolerance, b + 1, b);
		}
		if (status)
			return status;
	}
	if (a->xcol < f->q)
		sd_x = crossprod_sd(w->cp, a->xcol);
	sd_y = crossprod_sd(w->cp, a->ycol);
	for (size_t i = 0; i < a->n_stats; i++)
		out[i] = proc_stat_value(f, (const double *const *)w->b, sd_x, sd_y, &a->stats[i]);
	return GSL_SUCCESS;
}

int proc_bootstrap(const struct proc_fit *f, const struct proc_stat *stats, size_t n_stats, size_t reps,
		   unsigned long seed, size_t threads, gsl_matrix *draws, size_t *replaced)
{
	struct pb_arg a = {.f = f, .stats = stats, .n_stats = n_stats, .xcol = f->q, .ycol = f->eq[f->model.k].outcome};
	struct boot_spec spec = {f->n, n_stats, reps, seed, threads, pb_stat, pb_ws_alloc, pb_ws_free, &a};
	gsl_matrix *V;
	int status;

	*replaced = 0;
	for (size_t i = 0; i < n_stats; i++)
		if (proc_stat_check(f, &stats[i]))
			return GSL_EINVAL;
	if (!f->levels[PROC_X])
		a.xcol = proc_fit_column(f, PROC_X, 0);
	proc_logit_options(f, &a.logit);
	if (f->eq[f->model.k].logit)
		a.logit.start = f->eq[f->model.k].b->data;
	/* V stored once for the resamples, and freed when crossprod has its own copy */
	if (!(V = gsl_matrix_alloc(f->n, f->q)))
		return GSL_ENOMEM;
	for (size_t j = 0; j < f->q; j++)
		proc_fit_values(f, j, 0, f->n, V->data + j, V->tda);
	a.cpd = crossprod_data_alloc(V);
	gsl_matrix_free(V);
	if (!a.cpd)
		return GSL_ENOMEM;
	status = bootstrap_run(&spec, draws, replaced);
	crossprod_data_free(a.cpd);
	return status;
}
