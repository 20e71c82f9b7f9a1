/* Robust standard errors and scaled test statistics of a CFA fit, as lavaan 0.6.14.
 *
 * MLM (Satorra & Bentler 1994; lavaan se = "robust.sem", test = "satorra.bentler"): with the
 * expected information I (total), Gamma the sample covariance matrix (divisor N) of the
 * casewise moments d_i = (y_i, vech((y_i - ybar)(y_i - ybar)')) and W the normal-theory weight
 * at the implied moments, the meat is sum_g N_g Delta' W Gamma W Delta = sum_i u_i u_i' with u_i
 * the centred casewise scores at the sample means (models/cfa_model.h); vcov = I^-1 meat I^-1;
 * tr(U Gamma) = sum_g tr(W_g Gamma_g) - tr(I^-1 meat), the scaling factor c = tr(U Gamma) / df
 * and the scaled statistic X2 / c.
 *
 * MLR (Yuan & Bentler 2000; lavaan se = "robust.huber.white", test = "yuan.bentler.mplus"):
 * with the observed information I and B0 = sum_i s_i s_i' over the casewise scores at the
 * estimates, vcov = I^-1 B0 I^-1 and
 *   c = (sum_g tr(B1_g A1_g^-1) - tr(B0 I^-1)) / df,
 * A1 and B1 the observed and first-order information of the saturated model at its estimates
 * (lavaan's h1.information = "unstructured"). With complete data tr(B1 A1^-1) =
 * (mean of (c_i' S^-1 c_i)^2 - p) / 2, plus p with a mean structure (c_i = y_i - ybar); with
 * missing data both matrices are computed for the saturated model at its EM estimates.
 * scaling.factor.h1 = sum_g tr(B1_g A1_g^-1) / moments, scaling.factor.h0 = tr(B0 I^-1) / the number
 * of free parameters counted before equality constraints (lavaan's nx.free).
 *
 * The baseline model gets its own scaling factor the same way. Fit indices (lavaan's
 * fitMeasures): the "scaled" ones use X2 / c and X2_B / c_B; the "robust" ones are those of
 * Brosseau-Liard, Savalei & Li (2012) and Brosseau-Liard & Savalei (2014): CFI with
 * max(X2 - c df, 0) / max(X2 - c df, X2_B - c_B df_B, 0), RMSEA sqrt(max(X2 / (N df) - c / N, 0))
 * with the interval of X2 / c rescaled by c.
 *
 * With FIML lavaan's robust CFI, TLI and RMSEA are the FIML-corrected ones of Zhang & Savalei
 * (2023), lavaan's lav_fit_fiml_corrected: X2~ is the complete-data chi-square of the estimates
 * against the EM moments, and with A the observed and J the first-order information of the
 * saturated model at the EM moments, C the complete-data information at them and
 * U = A - A Delta (Delta' A Delta)^-1 Delta' A (Delta the Jacobian of the moments; lavaan takes
 * the information of the model as Delta' A Delta here), the scaling factor is
 * c~ = tr(C A^-1 U A^-1) / df (version V6, estimator ML) or
 * c~ = tr(U A^-1 C A^-1 U A^-1 J A^-1) / df (version V3, MLR); the baseline model likewise; then
 * the robust formulas above with X2~, c~. */
#include "models/cfa_internal.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_math.h>

#include "models/distributions.h"

/* tr(A B) of two symmetric matrices */
static double trace_prod(const gsl_matrix *a, const gsl_matrix *b)
{
	double t = 0;
	for (size_t i = 0; i < a->size1; i++)
		for (size_t j = 0; j < a->size2; j++)
			t += gsl_matrix_get(a, i, j) * gsl_matrix_get(b, j, i);
	return t;
}

/* vcov = Iinv meat Iinv */
static int sandwich(const gsl_matrix *Iinv, const gsl_matrix *meat, gsl_matrix *vcov)
{
	gsl_matrix *tmp = gsl_matrix_alloc(Iinv->size1, Iinv->size2);
	if (!tmp)
		return GSL_ENOMEM;
	gsl_blas_dsymm(CblasLeft, CblasUpper, 1.0, Iinv, meat, 0.0, tmp);
	gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, tmp, Iinv, 0.0, vcov);
	gsl_matrix_free(tmp);
	return 0;
}

/* The saturated model (free means and covariances) at the sample or EM moments. */
static int saturated(const struct cfa_sample *s, struct cfa_spec *spec, struct cfa_model **out)
{
	const size_t p = s->p;
	int status;

	*out = NULL;
	cfa_spec_init(spec, p, 0, s->groups);
	for (size_t g = 0; g < s->groups; g++)
		for (size_t i = 0; i < p; i++)
			for (size_t j = 0; j <= i; j++) {
				struct cfa_param q = {CFA_RESID_COV, g, i, j, 1, GSL_NAN, CFA_NO_LABEL, 0};
				if ((status = cfa_spec_add(spec, &q, NULL)))
					return status;
			}
	if ((status = cfa_spec_complete(spec, 1, 0, NULL, 0, NULL)))
		return status;
	if (!(*out = cfa_model_alloc(spec, s)))
		return GSL_ENOMEM;
	for (size_t k = 0; k < spec->n_param; k++) {
		const struct cfa_param *q = &spec->param[k];
		(*out)->value[k] = q->kind == CFA_INTERCEPT ? gsl_vector_get(s->g[q->group].mean, q->i)
							    : gsl_matrix_get(s->g[q->group].cov, q->i, q->j);
	}
	if ((status = cfa_model_update(*out)))
		return status;
	cfa_model_deviance(*out, NULL, &status);
	return status;
}

/* sum_g tr(B1_g A1_g^-1) of the saturated model. */
static int trace_h1(const struct cfa_fit *fit, const struct cfa_data *data, double *out)
{
	const struct cfa_sample *s = fit->state->sample;
	const size_t p = s->p;

	*out = 0;
	if (!s->fiml) {
		gsl_matrix *L = gsl_matrix_alloc(p, p);
		gsl_vector *c = gsl_vector_alloc(p);
		if (!L || !c) {
			gsl_matrix_free(L);
			gsl_vector_free(c);
			return GSL_ENOMEM;
		}
		for (size_t g = 0; g < s->groups; g++) {
			const struct cfa_group_sample *gs = &s->g[g];
			double b2 = 0;
			gsl_matrix_memcpy(L, gs->cov);
			gsl_linalg_cholesky_decomp1(L);
			for (size_t r = 0; r < gs->n; r++) {
				const double *x = data->x + gs->rows[r] * data->stride;
				double d2;
				for (size_t i = 0; i < p; i++)
					gsl_vector_set(c, i, x[i] - gsl_vector_get(gs->mean, i));
				gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, L, c);
				gsl_blas_ddot(c, c, &d2);
				b2 += d2 * d2;
			}
			*out += 0.5 * (b2 / (double)gs->n - (double)p) + (fit->spec.means ? (double)p : 0);
		}
		gsl_matrix_free(L);
		gsl_vector_free(c);
		return 0;
	}
	struct cfa_spec spec;
	struct cfa_model *sat;
	int status = saturated(s, &spec, &sat);
	size_t q = sat ? sat->q : 0;
	gsl_matrix *A = gsl_matrix_alloc(q ? q : 1, q ? q : 1), *B = gsl_matrix_alloc(q ? q : 1, q ? q : 1);
	if (!status && (!A || !B))
		status = GSL_ENOMEM;
	if (!status)
		status = cfa_model_observed(sat, data, A);
	if (!status)
		status = cfa_model_firstorder(sat, data, 0, B, NULL);
	if (!status && cfa_spd_invert(A))
		status = GSL_ESING;
	if (!status)
		*out = trace_prod(B, A);
	gsl_matrix_free(A);
	gsl_matrix_free(B);
	cfa_model_free(sat);
	cfa_spec_release(&spec);
	return status;
}

/* The robust meat of a model (MLM: Gamma-based, with sum tr(W Gamma); MLR: first-order) and its
 * information (expected / observed), inverted. */
static int meat_and_info(struct cfa_model *mod, const struct cfa_data *data, enum cfa_estimator est, gsl_matrix *meat,
			 gsl_matrix *Iinv, double *twg)
{
	int status = est == CFA_MLM ? cfa_model_expected(mod, 0, Iinv) : cfa_model_observed(mod, data, Iinv);
	if (status)
		return status;
	if (cfa_spd_invert(Iinv))
		return GSL_ESING;
	return cfa_model_firstorder(mod, data, est == CFA_MLM, meat, twg);
}

/* The scaling factor of a model: tr(U Gamma) / df. */
static double scaling_of(const gsl_matrix *meat, const gsl_matrix *Iinv, double h1, double df, double *trace_ug,
			 double *h0)
{
	*h0 = trace_prod(meat, Iinv);
	*trace_ug = h1 - *h0;
	double c = *trace_ug / df;
	return c < 0 ? GSL_NAN : c;
}

static double trace_of(const gsl_matrix *a)
{
	double t = 0;
	for (size_t i = 0; i < a->size1; i++)
		t += gsl_matrix_get(a, i, i);
	return t;
}

/* a b (new matrix; NULL when out of memory) */
static gsl_matrix *mul(const gsl_matrix *a, const gsl_matrix *b)
{
	gsl_matrix *c = gsl_matrix_alloc(a->size1, b->size2);
	if (c)
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, a, b, 0.0, c);
	return c;
}

/* U = A - A D (D' A D)^-1 D' A */
static gsl_matrix *complement(const gsl_matrix *A, const gsl_matrix *D)
{
	gsl_matrix *AD = mul(A, D), *E = gsl_matrix_alloc(D->size2, D->size2), *U = gsl_matrix_alloc(A->size1, A->size2),
		   *ADE = gsl_matrix_alloc(A->size1, D->size2);
	int ok = AD && E && U && ADE;

	if (ok) {
		gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, D, AD, 0.0, E);
		ok = !cfa_spd_invert(E);
	}
	if (ok) {
		gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, AD, E, 0.0, ADE);
		gsl_matrix_memcpy(U, A);
		gsl_blas_dgemm(CblasNoTrans, CblasTrans, -1.0, ADE, AD, 1.0, U);
	}
	gsl_matrix_free(AD);
	gsl_matrix_free(E);
	gsl_matrix_free(ADE);
	if (!ok) {
		gsl_matrix_free(U);
		return NULL;
	}
	return U;
}

/* lavaan's k.fimlc of one model (V6 when J is NULL, else V3) */
static double fimlc_trace(const gsl_matrix *U, const gsl_matrix *Ainv, const gsl_matrix *C, const gsl_matrix *J)
{
	gsl_matrix *UA = mul(U, Ainv), *CA = mul(C, Ainv), *X = NULL, *Y = NULL, *JA = NULL, *Z = NULL;
	double k = GSL_NAN;

	if (!UA || !CA)
		goto done;
	if (!J) {
		/* tr(C A^-1 U A^-1) */
		if ((X = mul(CA, UA)))
			k = trace_of(X);
		goto done;
	}
	/* tr(U A^-1 C A^-1 U A^-1 J A^-1) */
	if ((X = mul(UA, CA)) && (Y = mul(X, UA)) && (JA = mul(J, Ainv)) && (Z = mul(Y, JA)))
		k = trace_of(Z);
done:
	gsl_matrix_free(UA);
	gsl_matrix_free(CA);
	gsl_matrix_free(X);
	gsl_matrix_free(Y);
	gsl_matrix_free(JA);
	gsl_matrix_free(Z);
	return k;
}

/* The chi-square of a model at its estimates against the EM moments as complete data. */
static int tilde_chisq(const struct cfa_model *mod, const struct cfa_sample *mom, double *out)
{
	struct cfa_model *t = cfa_model_alloc(mod->spec, mom);
	int status = GSL_ENOMEM;

	if (!t)
		return status;
	for (size_t k = 0; k < mod->spec->n_param; k++)
		t->value[k] = mod->value[k];
	if (!(status = cfa_model_update(t))) {
		double D = cfa_model_deviance(t, NULL, &status);
		for (size_t g = 0; g < mom->groups; g++)
			D -= -2 * mom->g[g].logl_h1 - mom->g[g].log2pi_terms;
		*out = D;
	}
	cfa_model_free(t);
	return status;
}

/* lavaan's FIML-corrected robust CFI, TLI and RMSEA (V3 with MLR, V6 otherwise). */
static int fiml_corrected(struct cfa_fit *fit, const struct cfa_data *data)
{
	struct cfa_state *st = fit->state;
	const int v3 = fit->opt.estimator == CFA_MLR;
	const double N = (double)fit->n, G = (double)st->sample->groups, df = fit->standard.df,
		     dfb = fit->standard.baseline_df;
	struct cfa_spec sspec, cspec;
	struct cfa_model *sat = NULL, *satc = NULL;
	struct cfa_sample *mom = cfa_sample_moments(st->sample);
	gsl_matrix *A = NULL, *Ainv = NULL, *J = NULL, *C = NULL, *D = NULL, *DB = NULL, *U = NULL, *UB = NULL;
	double x3 = 0, x3b = 0;
	int status = GSL_ENOMEM;

	cfa_spec_init(&sspec, 0, 0, 0);
	cfa_spec_init(&cspec, 0, 0, 0);
	if (!mom)
		goto done;
	if ((status = saturated(st->sample, &sspec, &sat)) || (status = saturated(mom, &cspec, &satc)))
		goto done;
	const size_t qs = sat->q;
	status = GSL_ENOMEM;
	if (!(A = gsl_matrix_alloc(qs, qs)) || !(Ainv = gsl_matrix_alloc(qs, qs)) || !(C = gsl_matrix_alloc(qs, qs)) ||
	    !(D = gsl_matrix_alloc(qs, st->model->q)) || !(DB = gsl_matrix_alloc(qs, st->baseline->q)) ||
	    (v3 && !(J = gsl_matrix_alloc(qs, qs))))
		goto done;
	if ((status = cfa_model_observed(sat, data, A)) || (status = cfa_model_observed(satc, NULL, C)) ||
	    (v3 && (status = cfa_model_firstorder(sat, data, 0, J, NULL))) ||
	    (status = cfa_model_jacobian(st->model, sat, D)) || (status = cfa_model_jacobian(st->baseline, sat, DB)))
		goto done;
	gsl_matrix_memcpy(Ainv, A);
	if (cfa_spd_invert(Ainv)) {
		status = GSL_ESING;
		goto done;
	}
	status = GSL_ESING;
	if (!(U = complement(A, D)) || !(UB = complement(A, DB)))
		goto done;
	if ((status = tilde_chisq(st->model, mom, &x3)) || (status = tilde_chisq(st->baseline, mom, &x3b)))
		goto done;
	double c3 = fimlc_trace(U, Ainv, C, J) / df, cb3 = fimlc_trace(UB, Ainv, C, J) / dfb;
	fit->fiml_robust = 1;
	fit->cfi_robust = cfa_cfi(x3, df, x3b, dfb, c3, cb3);
	fit->tli_robust = cfa_tli(x3, df, x3b, dfb, c3, cb3);
	cfa_rmsea_fill(x3 / c3, df, N, G, c3, &fit->opt, &fit->rmsea_robust);
	fit->rmsea_robust.value = df > 0 ? sqrt(fmax(x3 / (N * df) - c3 / N, 0)) * sqrt(G) : 0;
	status = 0;
done:
	cfa_model_free(sat);
	cfa_model_free(satc);
	cfa_spec_release(&sspec);
	cfa_spec_release(&cspec);
	cfa_sample_free(mom);
	gsl_matrix_free(A);
	gsl_matrix_free(Ainv);
	gsl_matrix_free(J);
	gsl_matrix_free(C);
	gsl_matrix_free(D);
	gsl_matrix_free(DB);
	gsl_matrix_free(U);
	gsl_matrix_free(UB);
	return status;
}

static int scaled_tests(struct cfa_fit *fit, const struct cfa_data *data)
{
	struct cfa_state *st = fit->state;
	const enum cfa_estimator est = fit->opt.estimator;
	const size_t q = st->model->q, qb = st->baseline->q;
	const double N = (double)fit->n, G = (double)st->sample->groups;
	gsl_matrix *meat = gsl_matrix_alloc(q ? q : 1, q ? q : 1), *bmeat = gsl_matrix_alloc(qb, qb),
		   *bIinv = gsl_matrix_alloc(qb, qb);
	double twg = 0, btwg = 0, h1 = 0, h0 = 0, bh0 = 0, btrace = 0;
	int status = GSL_ENOMEM;

	if (!meat || !bmeat || !bIinv)
		goto done;
	fit->robust = 1;
	/* standard errors */
	if ((status = cfa_model_firstorder(st->model, data, est == CFA_MLM, meat, &twg)))
		goto done;
	if (q && (status = sandwich(st->info_inv, meat, fit->vcov)))
		goto done;
	cfa_fill_estimates(fit);
	/* scaling factors of the model and the baseline */
	if (est == CFA_MLR && (status = trace_h1(fit, data, &h1)))
		goto done;
	if ((status = meat_and_info(st->baseline, data, est, bmeat, bIinv, &btwg)))
		goto done;
	const double df = fit->standard.df, dfb = fit->standard.baseline_df;
	fit->scaling = df > 0 ? scaling_of(meat, st->info_inv, est == CFA_MLM ? twg : h1, df, &fit->trace_ugamma, &h0)
			      : GSL_NAN;
	fit->baseline_scaling = scaling_of(bmeat, bIinv, est == CFA_MLM ? btwg : h1, dfb, &btrace, &bh0);
	if (est == CFA_MLR) {
		fit->scaling_h1 = h1 / (double)fit->moments;
		/* lavaan divides by its nx.free, which counts a parameter held equal once per place */
		size_t entries = 0;
		for (size_t k = 0; k < fit->spec.n_param; k++)
			entries += fit->spec.param[k].free != 0;
		fit->scaling_h0 = trace_prod(meat, st->info_inv) / (double)entries;
	}
	/* scaled and robust measures */
	const struct cfa_test *t = &fit->standard;
	struct cfa_test *s = &fit->scaled;
	const double c = fit->scaling, cb = fit->baseline_scaling;
	s->chisq = t->chisq / c;
	s->df = df;
	s->p = dist_chisq_Q(s->chisq, df);
	s->baseline_chisq = t->baseline_chisq / cb;
	s->baseline_df = dfb;
	s->baseline_p = dist_chisq_Q(s->baseline_chisq, dfb);
	s->cfi = cfa_cfi(s->chisq, df, s->baseline_chisq, dfb, 1, 1);
	s->tli = cfa_tli(s->chisq, df, s->baseline_chisq, dfb, 1, 1);
	cfa_rmsea_fill(t->chisq, c * df, N, G, 1, &fit->opt, &s->rmsea);
	fit->cfi_robust = cfa_cfi(t->chisq, df, t->baseline_chisq, dfb, c, cb);
	fit->tli_robust = cfa_tli(t->chisq, df, t->baseline_chisq, dfb, c, cb);
	cfa_rmsea_fill(t->chisq / c, df, N, G, c, &fit->opt, &fit->rmsea_robust);
	fit->rmsea_robust.value = df > 0 ? sqrt(fmax(t->chisq / (N * df) - c / N, 0)) * sqrt(G) : 0;
	status = 0;
done:
	gsl_matrix_free(meat);
	gsl_matrix_free(bmeat);
	gsl_matrix_free(bIinv);
	return status;
}

int cfa_robust(struct cfa_fit *fit, const struct cfa_data *data)
{
	int status = 0;
	if (fit->opt.estimator != CFA_ML)
		status = scaled_tests(fit, data);
	if (!status && fit->state->sample->fiml && fit->opt.fiml_corrected) {
		const struct cfa_sample *s = fit->state->sample;
		double moments = (double)s->p + (double)s->p * ((double)s->p + 1) / 2, work = 0;
		for (size_t g = 0; g < s->groups; g++)
			work += (double)s->g[g].n_pat * moments * moments;
		if (fit->opt.fiml_corrected > 0 || work <= CFA_FIML_CORRECTED_WORK)
			status = fiml_corrected(fit, data);
	}
	return status;
}
