#include "models/process_boot.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_errno.h>

#include "models/bootstrap.h"
#include "models/crossprod.h"

struct pb_arg {
	const struct proc_fit *f;
	const struct proc_stat *stats;
	size_t n_stats;
	struct crossprod_data *cpd;
	size_t xcol, ycol; /* V columns of a continuous X (f->q when multicategorical) and Y */
	/* every equation's coefficients in one block after another: each one's start, and in all */
	size_t start[PROC_MAX_EQUATIONS], n_coef;
};

/* the workspace: models/crossprod's, its scratch the coefficients of every equation */
static void *pb_ws_alloc(const void *arg)
{
	const struct pb_arg *a = arg;

	return crossprod_ws_alloc(a->f->q, a->f->n, a->n_coef);
}

static int pb_stat(const unsigned *counts, double *out, void *ws, const void *arg)
{
	const struct pb_arg *a = arg;
	const struct proc_fit *f = a->f;
	struct crossprod_ws *w = ws;
	double *b[PROC_MAX_EQUATIONS], sd_x = NAN, sd_y;

	crossprod_accumulate(w->cp, a->cpd, counts);
	for (size_t e = 0; e < f->model.n_eq; e++) {
		int status;
		b[e] = w->scratch + a->start[e];
		status = crossprod_regress(w->cp, f->eq[e].pred, f->eq[e].k, f->eq[e].outcome, f->tolerance, b[e] + 1, b[e]);
		if (status)
			return status;
	}
	if (a->xcol < f->q)
		sd_x = crossprod_sd(w->cp, a->xcol);
	sd_y = crossprod_sd(w->cp, a->ycol);
	for (size_t i = 0; i < a->n_stats; i++)
		out[i] = proc_stat_value(f, (const double *const *)b, sd_x, sd_y, &a->stats[i]);
	return GSL_SUCCESS;
}

int proc_bootstrap(const struct proc_fit *f, const struct proc_stat *stats, size_t n_stats, size_t reps,
		   unsigned long seed, size_t threads, gsl_matrix *draws, size_t *replaced)
{
	struct pb_arg a = {f, stats, n_stats, NULL, f->q, f->eq[f->model.k].outcome, {0}, 0};
	struct boot_spec spec = {f->n, n_stats, reps, seed, threads, pb_stat, pb_ws_alloc, crossprod_ws_free, &a};
	int status;

	*replaced = 0;
	for (size_t i = 0; i < n_stats; i++)
		if (proc_stat_check(f, &stats[i]))
			return GSL_EINVAL;
	if (!f->levels[PROC_X])
		a.xcol = proc_fit_column(f, PROC_X, 0);
	for (size_t e = 0; e < f->model.n_eq; e++) {
		a.start[e] = a.n_coef;
		a.n_coef += f->eq[e].k + 1;
	}
	a.cpd = crossprod_data_alloc(f->V);
	if (!a.cpd)
		return GSL_ENOMEM;
	status = bootstrap_run(&spec, draws, replaced);
	crossprod_data_free(a.cpd);
	return status;
}
