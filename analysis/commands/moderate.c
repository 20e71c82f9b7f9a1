/* surveykit moderate: PROCESS models 1, 2 and 3 (models/moderation.h) with continuous,
 * dichotomous or categorical X, W and Z, covariates, mean-centring, HC0-HC4; the test of the
 * highest-order interaction(s); conditional effects of X at probed moderator values (with the
 * omnibus test for a categorical X); Johnson-Neyman regions (models/johnson_neyman.h); the data
 * of the simple-slopes plot; and bootstrap CIs of the conditional effects
 * (models/boot_regression.h). Laid out in PROCESS's order so results can be checked side by
 * side with it. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_errno.h>

#include "analysis/data/bigbuf.h"
#include "analysis/cli/boot_options.h"
#include "analysis/cli/emit.h"
#include "analysis/commands.h"
#include "analysis/data/regression_data.h"
#include "io/doc.h"
#include "models/boot_regression.h"
#include "models/bootstrap.h"
#include "models/descriptives.h"
#include "models/distributions.h"
#include "models/johnson_neyman.h"
#include "models/moderation.h"
#include "models/ols.h"
#include "models/ols_tests.h"

const struct option_spec moderate_options[] = {
	{"y", "VAR", "outcome"},
	{"x", "VAR", "focal predictor (continuous, dichotomous or categorical)"},
	{"w", "VAR", "moderator (continuous, dichotomous or categorical)"},
	{"z", "VAR", "second moderator (models 2 and 3)"},
	{"model", "1|2|3", "PROCESS model: 1 X*W (default), 2 X*W + X*Z, 3 X*W*Z"},
	{"cov", "VAR,...", "covariates"},
	{"center", NULL, "mean-centre continuous X, W and Z before forming products"},
	{"probe", "percentiles|meansd|V1,V2,...", "moderator values: 16th/50th/84th percentiles (default), mean and +/-1 SD, or given values"},
	{"probe-z", "V1,V2,...", "values of Z to probe at (default: as --probe)"},
	{"jn", NULL, "Johnson-Neyman regions of significance"},
	{"boot", "[N]", "bootstrap CIs of the conditional effects from N resamples (N defaults to 5000, as PROCESS; at most 100000)"},
	{"seed", "S", "random seed for the bootstrap (default: from the clock, reported)"},
	{"threads", "N", "bootstrap threads (default and most: one per processor)"},
	{"hc", "0..4", "heteroskedasticity-consistent standard errors HC0-HC4"},
	{"categorical", "VAR,...", "indicator-code these columns (codebook groups are already)"},
	{0},
};

struct moderate {
	const struct dataset *ds; /* borrowed */
	json_t *doc;
	struct ols_options o;
	int model, center, jn;
	char **cov, **categorical;
	size_t ncov, ncat;
	struct reg_var y, x, w, z, *cv;
	size_t *rows, n;
	struct mod_spec spec;
	struct mod_layout lay;
	gsl_matrix *C;
	char **terms, **labels; /* design column names, and with value labels */
	struct ols_fit *fit;
	struct reg_probes pw, pz, px;
	double *work;
	struct boot_request boot;
};

static void moderate_release(struct moderate *m)
{
	cli_list_free(m->cov);
	cli_list_free(m->categorical);
	reg_var_release(&m->y);
	reg_var_release(&m->x);
	reg_var_release(&m->w);
	reg_var_release(&m->z);
	for (size_t i = 0; m->cv && i < m->ncov; i++)
		reg_var_release(&m->cv[i]);
	free(m->cv);
	bigbuf_free(m->rows);
	gsl_matrix_free(m->C);
	reg_names_free(m->terms, m->lay.k);
	reg_names_free(m->labels, m->lay.k);
	ols_fit_free(m->fit);
	reg_probes_release(&m->pw);
	reg_probes_release(&m->pz);
	reg_probes_release(&m->px);
	bigbuf_free(m->work);
	json_decref(m->doc);
}

/* Design column names in the layout's order, each variable's columns named by `term`
 * (reg_var_term, or reg_var_term_label for the names with value labels). */
static char **name_terms(const struct moderate *m, char *(*term)(const struct reg_var *, size_t))
{
	const struct mod_layout *L = &m->lay;
	char **xt = calloc(L->nx, sizeof *xt), **wt = calloc(L->nw, sizeof *wt), **zt = calloc(L->nz + 1, sizeof *zt);
	char **terms = calloc(L->k, sizeof *terms);

	if (!xt || !wt || !zt || !terms) {
		free(terms);
		terms = NULL;
		goto done;
	}
	for (size_t i = 0; i < L->nx; i++)
		xt[i] = term(&m->x, i);
	for (size_t l = 0; l < L->nw; l++)
		wt[l] = term(&m->w, l);
	for (size_t q = 0; q < L->nz; q++)
		zt[q] = term(&m->z, q);
	for (size_t i = 0; i < L->nx; i++) {
		terms[L->x0 + i] = xt[i] ? strdup(xt[i]) : NULL;
		for (size_t l = 0; l < L->nw; l++)
			terms[L->xw0 + i * L->nw + l] = xt[i] && wt[l] ? reg_product_name(xt[i], wt[l], NULL) : NULL;
		for (size_t q = 0; q < L->nz; q++)
			terms[L->xz0 + i * L->nz + q] = xt[i] && zt[q] ? reg_product_name(xt[i], zt[q], NULL) : NULL;
		if (m->model == 3)
			for (size_t l = 0; l < L->nw; l++)
				for (size_t q = 0; q < L->nz; q++)
					terms[L->xwz0 + (i * L->nw + l) * L->nz + q] =
						xt[i] && wt[l] && zt[q] ? reg_product_name(xt[i], wt[l], zt[q]) : NULL;
	}
	for (size_t l = 0; l < L->nw; l++) {
		terms[L->w0 + l] = wt[l] ? strdup(wt[l]) : NULL;
		if (m->model == 3)
			for (size_t q = 0; q < L->nz; q++)
				terms[L->wz0 + l * L->nz + q] = wt[l] && zt[q] ? reg_product_name(wt[l], zt[q], NULL) : NULL;
	}
	for (size_t q = 0; q < L->nz; q++)
		terms[L->z0 + q] = zt[q] ? strdup(zt[q]) : NULL;
	for (size_t c = 0; c < L->ncov; c++)
		terms[L->cov0 + c] = strdup(m->cv[c].name);
	for (size_t c = 0; c < L->k; c++)
		if (!terms[c]) {
			reg_names_free(terms, L->k);
			terms = NULL;
			break;
		}
done:
	reg_names_free(xt, L->nx);
	reg_names_free(wt, L->nw);
	reg_names_free(zt, L->nz);
	return terms;
}

static int put_interaction_tests(struct moderate *m, struct sk_error *err)
{
	size_t *idx = malloc((m->lay.k + 1) * sizeof *idx);
	const char *names[] = {"both", "X:W", "X:Z"};
	int which_max = m->model == 2 ? 2 : 0;
	json_t *arr = m->model == 2 ? doc_arr(m->doc, "interaction_tests") : NULL;

	if (!idx)
		return sk_out_of_memory(err);
	for (int which = which_max; which >= 0; which--) {
		size_t q = mod_interaction_terms(&m->lay, which, idx);
		struct wald wd;
		double r2c;
		int status = ols_wald_terms(m->fit, idx, q, NULL, &wd);
		if (!status)
			status = ols_r2_change(m->fit, idx, q, &r2c);
		if (status) {
			free(idx);
			return sk_fail(err, SK_EXIT_ANALYSIS, "cannot test the interaction: %s", gsl_strerror(status));
		}
		json_t *row = which == 0 ? doc_obj(m->doc, "interaction_test") : doc_push_obj(arr);
		if (m->model == 2) {
			doc_str(row, "term", names[which]);
			if (which == 0)
				json_array_append(arr, row);
		}
		doc_num(row, "r2_change", r2c);
		emit_wald(row, &wd);
	}
	free(idx);
	if (m->o.cov != OLS_CLASSICAL)
		doc_note(m->doc, "interaction F tests use %s standard errors; R2 change is from the classical fit",
			 reg_cov_name(m->o.cov));
	return 0;
}

static size_t n_points(const struct moderate *m)
{
	return m->pw.S * (m->model >= 2 ? m->pz.S : 1);
}

static const double *zdesign(const struct moderate *m, size_t s)
{
	return m->model >= 2 ? m->pz.design + (s % m->pz.S) * m->pz.ncols : NULL;
}

static const double *wdesign(const struct moderate *m, size_t s)
{
	size_t iw = m->model >= 2 ? s / m->pz.S : s;
	return m->pw.design + iw * m->pw.ncols;
}

static void put_point(const struct moderate *m, json_t *row, size_t s)
{
	size_t iw = m->model >= 2 ? s / m->pz.S : s;

	reg_probes_put(row, "w", &m->w, &m->pw, iw);
	if (m->model >= 2)
		reg_probes_put(row, "z", &m->z, &m->pz, s % m->pz.S);
}

/* Conditional effects and (categorical X) omnibus tests; with --boot, their bootstrap CIs. */
static int put_conditional(struct moderate *m, struct sk_error *err)
{
	size_t P = n_points(m), nx = m->lay.nx, reps = m->boot.reps;
	json_t *ce = doc_arr(m->doc, "conditional_effects"), *om = nx > 1 ? doc_arr(m->doc, "omnibus") : NULL;
	struct lincom *lc = malloc(nx * sizeof *lc);
	gsl_matrix *L = gsl_matrix_calloc(P * nx, m->lay.k + 1), *draws = NULL;
	int status = 0;

	if (!lc || !L) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t s = 0; s < P; s++) {
		struct wald wd;
		status = mod_conditional(m->fit, &m->lay, wdesign(m, s), zdesign(m, s), lc, nx > 1 ? &wd : NULL);
		if (status) {
			status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot compute conditional effects: %s", gsl_strerror(status));
			goto done;
		}
		for (size_t i = 0; i < nx; i++) {
			json_t *row = doc_push_obj(ce);
			gsl_vector_view l = gsl_matrix_row(L, s * nx + i);
			if (m->x.categorical)
				reg_put_term(row, m->terms[m->lay.x0 + i], m->labels[m->lay.x0 + i]);
			put_point(m, row, s);
			reg_put_lincom(row, &lc[i], "effect");
			mod_effect_vector(&m->lay, i, wdesign(m, s), zdesign(m, s), &l.vector);
		}
		if (om) {
			json_t *row = doc_push_obj(om);
			put_point(m, row, s);
			emit_wald(row, &wd);
		}
	}
	if (reps == 0)
		goto done;
	size_t replaced;
	double *work;
	boot_options_notes(&m->boot, m->doc);
	draws = gsl_matrix_alloc(reps, P * nx);
	work = malloc(reps * sizeof *work);
	{
		/* the resamples are drawn from the stored design */
		struct bigmat xbuf;
		gsl_matrix *X = bigmat_alloc(&xbuf, m->n, m->lay.k);
		gsl_vector_const_view y = gsl_vector_const_view_array(m->y.v, m->n);
		if (!draws || !work || !X) {
			free(work);
			bigmat_free(&xbuf);
			status = sk_out_of_memory(err);
			goto done;
		}
		mod_design_fill(&m->spec, &m->lay, X);
		status = boot_regression(X, &y.vector, L, reps, m->boot.seed, m->boot.threads, m->o.tolerance, draws,
					 &replaced);
		bigmat_free(&xbuf);
	}
	if (status) {
		free(work);
		status = status == GSL_EMAXITER
				 ? sk_fail(err, SK_EXIT_ANALYSIS, "bootstrap: %d resamples in a row had a singular design",
					   BOOT_MAX_REDRAWS)
				 : sk_out_of_memory(err);
		goto done;
	}
	for (size_t r = 0; r < P * nx; r++) {
		struct boot_ci ci;
		json_t *row = json_array_get(ce, r);
		bootstrap_ci(draws, r, json_number_value(json_object_get(row, "effect")), m->o.ci, work, &ci);
		doc_num(row, "boot_se", ci.se);
		doc_num(row, "boot_llci", ci.llci);
		doc_num(row, "boot_ulci", ci.ulci);
		doc_num_why(m->doc, row, "bc_llci", ci.bc_llci, "bias-corrected CI (every resample on one side)");
		doc_num_why(m->doc, row, "bc_ulci", ci.bc_ulci, "bias-corrected CI (every resample on one side)");
	}
	free(work);
	{
		json_t *b = doc_obj(m->doc, "bootstrap");
		doc_size(b, "resamples", reps);
		doc_size(b, "seed", m->boot.seed);
		doc_size(b, "replaced", replaced);
		doc_num(b, "level", m->o.ci);
	}
	doc_note(m->doc, "bootstrap: %zu case resamples (seed %lu); boot_llci/boot_ulci percentile, bc_ bias-corrected "
			 "(PROCESS positions)", reps, m->boot.seed);
done:
	free(lc);
	gsl_matrix_free(L);
	gsl_matrix_free(draws);
	return status;
}

/* Model 3: the X:W interaction at each probed Z. */
static int put_conditional_interaction(struct moderate *m, struct sk_error *err)
{
	json_t *arr = doc_arr(m->doc, "conditional_interaction");
	gsl_vector *l = gsl_vector_alloc(m->lay.k + 1);

	if (!l)
		return sk_out_of_memory(err);
	for (size_t q = 0; q < m->pz.S; q++)
		for (size_t i = 0; i < m->lay.nx; i++)
			for (size_t j = 0; j < m->lay.nw; j++) {
				struct lincom lc;
				json_t *row = doc_push_obj(arr);
				mod_xw_at_z_vector(&m->lay, i, j, m->pz.design + q * m->pz.ncols, l);
				ols_lincom(m->fit, l, NULL, &lc);
				reg_put_term(row, m->terms[m->lay.xw0 + i * m->lay.nw + j], m->labels[m->lay.xw0 + i * m->lay.nw + j]);
				reg_probes_put(row, "z", &m->z, &m->pz, q);
				reg_put_lincom(row, &lc, "effect");
			}
	gsl_vector_free(l);
	return 0;
}

/* The transition points and the share of cases below and above each (PROCESS prints both). */
static void put_jn_points(json_t *points, json_t *shares, const double *w, size_t n, const double *pts, size_t np)
{
	for (size_t r = 0; r < np; r++) {
		double below, above;
		json_t *row = doc_push_obj(shares);
		doc_push_num(points, pts[r]);
		jn_shares(w, n, pts[r], &below, &above);
		doc_num(row, "w", pts[r]);
		doc_num(row, "below", below);
		doc_num(row, "above", above);
	}
}

/* Johnson-Neyman over a continuous moderator `mv` (model metric) of the effect a + b w. */
static int jn_single(struct moderate *m, json_t *obj, size_t ia, size_t ib, const struct reg_var *mv, double center)
{
	struct jn_linear f = {gsl_vector_get(m->fit->b, ia), gsl_vector_get(m->fit->b, ib),
			      gsl_matrix_get(m->fit->cov, ia, ia), gsl_matrix_get(m->fit->cov, ia, ib),
			      gsl_matrix_get(m->fit->cov, ib, ib)};
	double pts[2], grid[JN_INTERVALS + 3], *vals = m->work, lo = INFINITY, hi = -INFINITY;
	struct lincom band[JN_INTERVALS + 3];
	size_t np, ng;
	json_t *parr = doc_arr(obj, "points"), *sh = doc_arr(obj, "shares"), *tab = doc_arr(obj, "table");

	for (size_t i = 0; i < m->n; i++) {
		vals[i] = mv->v[i] - center;
		lo = fmin(lo, vals[i]);
		hi = fmax(hi, vals[i]);
	}
	np = jn_points(&f, m->fit->t_crit, lo, hi, pts);
	put_jn_points(parr, sh, vals, m->n, pts, np);
	if (np == 0) {
		json_object_del(obj, "shares");
		doc_note(m->doc, "Johnson-Neyman: no transition point inside the observed range of '%s' (%g to %g)",
			 mv->name, lo, hi);
	}
	ng = jn_grid(lo, hi, pts, np, grid);
	jn_band(&f, m->fit->df2, m->fit->t_crit, grid, ng, band);
	for (size_t r = 0; r < ng; r++) {
		json_t *row = doc_push_obj(tab);
		doc_num(row, "w", grid[r]);
		reg_put_lincom(row, &band[r], "effect");
	}
	return 0;
}

/* Johnson-Neyman for a categorical X: where the omnibus F crosses its critical value. */
static int jn_omnibus(struct moderate *m, json_t *obj, struct sk_error *err)
{
	size_t q = m->lay.nx, ng, np = 0;
	gsl_vector *a = gsl_vector_alloc(q), *b = gsl_vector_alloc(q);
	gsl_matrix *V = gsl_matrix_alloc(2 * q, 2 * q);
	size_t *coef = malloc(2 * q * sizeof *coef);
	double pts[8], grid[JN_INTERVALS + 9], *vals = m->work, fcrit, lo = INFINITY, hi = -INFINITY;
	json_t *parr = doc_arr(obj, "points"), *sh = doc_arr(obj, "shares"), *tab = doc_arr(obj, "table");
	int status = 0;

	if (!a || !b || !V || !coef) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < q; i++) {
		coef[i] = 1 + m->lay.x0 + i;
		coef[q + i] = 1 + m->lay.xw0 + i;
		gsl_vector_set(a, i, gsl_vector_get(m->fit->b, coef[i]));
		gsl_vector_set(b, i, gsl_vector_get(m->fit->b, coef[q + i]));
	}
	for (size_t i = 0; i < 2 * q; i++)
		for (size_t j = 0; j < 2 * q; j++)
			gsl_matrix_set(V, i, j, gsl_matrix_get(m->fit->cov, coef[i], coef[j]));
	for (size_t i = 0; i < m->n; i++) {
		vals[i] = m->w.v[i] - m->lay.center_w;
		lo = fmin(lo, vals[i]);
		hi = fmax(hi, vals[i]);
	}
	fcrit = dist_f_Qinv(1 - m->o.ci, (double)q, m->fit->df2);
	status = jn_omnibus_points(a, b, V, m->fit->df2, fcrit, lo, hi, pts, 8, &np);
	if (status) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "Johnson-Neyman: %s", gsl_strerror(status));
		goto done;
	}
	put_jn_points(parr, sh, vals, m->n, pts, np);
	if (np == 0) {
		json_object_del(obj, "shares");
		doc_note(m->doc, "Johnson-Neyman: the omnibus test of '%s' does not change significance inside the "
				 "observed range of '%s'", m->x.name, m->w.name);
	}
	ng = jn_grid(lo, hi, pts, np, grid);
	for (size_t r = 0; r < ng && !status; r++) {
		struct wald wd;
		json_t *row = doc_push_obj(tab);
		status = jn_omnibus_f(a, b, V, m->fit->df2, grid[r], &wd);
		doc_num(row, "w", grid[r]);
		emit_wald(row, &wd);
	}
	if (status)
		status = sk_fail(err, SK_EXIT_ANALYSIS, "Johnson-Neyman: %s", gsl_strerror(status));
	doc_note(m->doc, "Johnson-Neyman for a categorical X: points where the omnibus F of '%s' crosses its "
			 "critical value %g (found numerically; not in PROCESS)", m->x.name, fcrit);
done:
	gsl_vector_free(a);
	gsl_vector_free(b);
	gsl_matrix_free(V);
	free(coef);
	return status;
}

static int put_jn(struct moderate *m, struct sk_error *err)
{
	json_t *obj;

	if (m->model == 2) {
		doc_note(m->doc, "Johnson-Neyman is not available for model 2 (as in PROCESS)");
		return 0;
	}
	if (m->model == 3) {
		if (m->x.categorical || m->w.categorical || m->z.categorical || reg_var_dichotomous(&m->z)) {
			doc_note(m->doc, "Johnson-Neyman in model 3 needs continuous X and W and a Z with more than two values");
			return 0;
		}
		obj = doc_obj(m->doc, "johnson_neyman");
		doc_str(obj, "effect", m->terms[m->lay.xw0]);
		doc_str(obj, "moderator", m->z.name);
		return jn_single(m, obj, 1 + m->lay.xw0, 1 + m->lay.xwz0, &m->z, m->lay.center_z);
	}
	if (m->w.categorical || reg_var_dichotomous(&m->w)) {
		doc_note(m->doc, "Johnson-Neyman needs a moderator with more than two values; '%s' has two or is categorical",
			 m->w.name);
		return 0;
	}
	obj = doc_obj(m->doc, "johnson_neyman");
	if (m->lay.nx > 1)
		return jn_omnibus(m, obj, err);
	return jn_single(m, obj, 1 + m->lay.x0, 1 + m->lay.xw0, &m->w, m->lay.center_w);
}

/* Predicted Y at X values x each probed (W, Z), covariates at their means. */
static int put_simple_slopes(struct moderate *m, const char *probe, struct sk_error *err)
{
	json_t *arr = doc_arr(m->doc, "simple_slopes");
	gsl_vector *row = gsl_vector_alloc(m->lay.k + 1);
	double *cm = malloc((m->lay.ncov + 1) * sizeof *cm);
	const char *xkind = probe && strcmp(probe, "meansd") == 0 ? "meansd" : "percentiles";
	int status;

	if (!row || !cm) {
		gsl_vector_free(row);
		free(cm);
		return sk_out_of_memory(err);
	}
	status = reg_probes_make(&m->x, m->lay.center_x, xkind, "focal predictor", NULL, m->work, &m->px, err);
	for (size_t c = 0; c < m->lay.ncov; c++)
		cm[c] = gsl_vector_get(m->fit->mean, m->lay.cov0 + c);
	for (size_t a = 0; !status && a < m->px.S; a++)
		for (size_t s = 0; s < n_points(m); s++) {
			struct lincom lc;
			json_t *r = doc_push_obj(arr);
			mod_predict_vector(&m->lay, m->px.design + a * m->px.ncols, wdesign(m, s), zdesign(m, s), cm, row);
			ols_lincom(m->fit, row, NULL, &lc);
			reg_probes_put(r, "x", &m->x, &m->px, a);
			put_point(m, r, s);
			doc_num(r, "yhat", lc.est);
		}
	gsl_vector_free(row);
	free(cm);
	return status;
}

static int load_vars(struct moderate *m, const struct cli *cli, struct sk_error *err)
{
	const char *names[3] = {cli_get(cli, "x"), cli_get(cli, "w"), cli_get(cli, "z")};
	struct reg_var *vars[3] = {&m->x, &m->w, &m->z}, **all;
	size_t k = 0;
	int status;

	if ((status = reg_var_load(m->ds, cli_get(cli, "y"), 0, NULL, m->doc, &m->y, err)) != 0)
		return status;
	for (size_t v = 0; v < 3; v++)
		if (names[v] && (status = reg_var_load(m->ds, names[v], 1, m->categorical, m->doc, vars[v], err)) != 0)
			return status;
	m->cv = calloc(m->ncov + 1, sizeof *m->cv);
	all = calloc(m->ncov + 4, sizeof *all);
	if (!m->cv || !all) {
		free(all);
		return sk_out_of_memory(err);
	}
	for (size_t c = 0; c < m->ncov; c++)
		if ((status = reg_var_load(m->ds, m->cov[c], 0, NULL, m->doc, &m->cv[c], err)) != 0) {
			free(all);
			return status;
		}
	all[k++] = &m->y;
	for (size_t v = 0; v < 3; v++)
		if (names[v])
			all[k++] = vars[v];
	for (size_t c = 0; c < m->ncov; c++)
		all[k++] = &m->cv[c];
	status = reg_rows(m->ds, all, k, NULL, m->doc, &m->rows, &m->n, err);
	for (size_t j = 0; !status && j < k; j++)
		status = reg_var_restrict(all[j], m->rows, m->n, m->doc, err);
	free(all);
	return status;
}

static int check_options(struct moderate *m, const struct cli *cli, struct sk_error *err)
{
	const char *x = cli_get(cli, "x"), *w = cli_get(cli, "w"), *z = cli_get(cli, "z"), *y = cli_get(cli, "y");
	size_t model;
	int status;

	if (!y || !x || !w)
		return sk_fail(err, SK_EXIT_USAGE, "moderate needs --y, --x and --w (see 'surveykit moderate --help')");
	if ((status = cli_get_size(cli, "model", 1, &model, err)) != 0)
		return status;
	if (model < 1 || model > 3)
		return sk_fail(err, SK_EXIT_USAGE, "--model %zu: moderate fits PROCESS models 1, 2 and 3", model);
	if (model >= 2 && !z)
		return sk_fail(err, SK_EXIT_USAGE, "--model %zu needs a second moderator --z", model);
	if (model == 1 && z)
		return sk_fail(err, SK_EXIT_USAGE, "--z needs --model 2 or 3");
	if (!strcmp(x, w) || !strcmp(x, y) || !strcmp(w, y) || (z && (!strcmp(z, x) || !strcmp(z, w) || !strcmp(z, y))))
		return sk_fail(err, SK_EXIT_USAGE, "--y, --x, --w and --z must be different variables");
	m->model = (int)model;
	m->center = cli_flag(cli, "center");
	m->jn = cli_flag(cli, "jn");
	if ((status = reg_ols_options(cli, &m->o, err)) != 0 ||
	    (status = cli_get_list(cli, "cov", &m->cov, &m->ncov, err)) != 0 ||
	    (status = cli_get_list(cli, "categorical", &m->categorical, &m->ncat, err)) != 0 ||
	    (status = boot_options_parse(cli, 0, &m->boot, err)) != 0)
		return status;
	m->o.residuals = 0; /* no residual diagnostics here */
	return 0;
}

static void put_header(struct moderate *m)
{
	json_t *covs;

	doc_int(m->doc, "process_model", m->model);
	doc_str(m->doc, "y", m->y.name);
	doc_str(m->doc, "x", m->x.name);
	doc_str(m->doc, "w", m->w.name);
	if (m->model >= 2)
		doc_str(m->doc, "z", m->z.name);
	if (m->ncov) {
		covs = doc_arr(m->doc, "covariates");
		for (size_t c = 0; c < m->ncov; c++)
			doc_push_str(covs, m->cv[c].name);
	}
	doc_str(m->doc, "se_type", reg_cov_name(m->o.cov));
	if (m->center) {
		const struct reg_var *vs[3] = {&m->x, &m->w, &m->z};
		double means[3] = {m->lay.center_x, m->lay.center_w, m->lay.center_z};
		for (size_t v = 0; v < (m->model >= 2 ? 3u : 2u); v++)
			if (!vs[v]->categorical)
				doc_note(m->doc, "'%s' was mean-centred (mean %.10g): its values here are deviations from the mean",
					 vs[v]->name, means[v]);
	}
}

int moderate_document(const struct cli *cli, const struct dataset *ds, json_t **out, struct sk_error *err)
{
	struct moderate m;
	const char *probe = cli_get(cli, "probe"), *probe_z = cli_get(cli, "probe-z");
	struct mod_data data;
	int status;

	memset(&m, 0, sizeof m);
	*out = NULL;
	if ((status = check_options(&m, cli, err)) != 0)
		goto done;
	m.ds = ds;
	m.doc = dataset_doc(m.ds, "moderate");
	if ((status = load_vars(&m, cli, err)) != 0)
		goto done;
	m.work = bigbuf_alloc((m.n + 1) * sizeof *m.work);
	m.C = m.ncov ? gsl_matrix_alloc(m.n, m.ncov) : NULL;
	if (!m.work || (m.ncov && !m.C)) {
		status = sk_out_of_memory(err);
		goto done;
	}
	for (size_t i = 0; i < m.n; i++)
		for (size_t c = 0; c < m.ncov; c++)
			gsl_matrix_set(m.C, i, c, m.cv[c].v[i]);
	m.spec.model = m.model;
	m.spec.x = reg_var_mod(&m.x);
	m.spec.w = reg_var_mod(&m.w);
	if (m.model >= 2)
		m.spec.z = reg_var_mod(&m.z);
	m.spec.cov = m.C;
	m.spec.center = m.center;
	if (mod_layout_init(&m.spec, m.n, &m.lay) != GSL_SUCCESS) {
		status = sk_fail(err, SK_EXIT_ANALYSIS, "cannot lay out the model");
		goto done;
	}
	m.fit = ols_fit_alloc(m.n, m.lay.k);
	m.terms = name_terms(&m, reg_var_term);
	m.labels = name_terms(&m, reg_var_term_label);
	if (!m.fit || !m.terms || !m.labels) {
		status = sk_out_of_memory(err);
		goto done;
	}
	mod_data_init(&data, &m.spec, &m.lay, m.y.v, m.n);
	status = ols_fit_run_data(m.fit, &data.data, &m.o);

	if (status) {
		status = reg_fit_error(err, status, m.fit, m.terms, m.y.name, m.rows, m.ds, "the model");
		goto done;
	}
	doc_set_used(m.doc, m.n);
	put_header(&m);
	reg_put_summary(m.doc, m.fit);
	reg_put_coefficients(m.doc, m.fit, m.terms, m.labels);
	if ((status = put_interaction_tests(&m, err)) != 0 ||
	    (status = reg_probes_make(&m.w, m.lay.center_w, probe, "moderator", m.doc, m.work, &m.pw, err)) != 0 ||
	    (m.model >= 2 &&
	     (status = reg_probes_make(&m.z, m.lay.center_z, probe_z ? probe_z : probe, "moderator", m.doc, m.work, &m.pz, err)) != 0) ||
	    (status = put_conditional(&m, err)) != 0 ||
	    (m.model == 3 && (status = put_conditional_interaction(&m, err)) != 0) ||
	    (m.jn && (status = put_jn(&m, err)) != 0) || (status = put_simple_slopes(&m, probe, err)) != 0)
		goto done;
	doc_note(m.doc, "simple_slopes: predicted %s with the covariates at their means", m.y.name);
	doc_note(m.doc, "beta: standardised coefficients (lm on scale()d variables); none for the intercept");
	if (probe && m.w.categorical)
		doc_note(m.doc, "--probe is ignored for the categorical moderator '%s': each of its levels is probed", m.w.name);
	*out = m.doc;
	m.doc = NULL;
done:
	moderate_release(&m);
	return status;
}

int cmd_moderate(const struct cli *cli, struct sk_error *err)
{
	struct moderate m;
	int status;

	/* the options are checked before the data are read */
	memset(&m, 0, sizeof m);
	status = check_options(&m, cli, err);
	moderate_release(&m);
	return status ? status : command_run_document(cli, moderate_document, err);
}
