/* A completed CFA specification (models/cfa_spec.h) in matrix form, evaluated against the
 * sample statistics (models/cfa_sample.h): the normal-theory deviance, its gradient, the
 * expected and observed information and the casewise scores. Used by cfa_fit and its robust,
 * standardised and modification-index companions; callers outside models/ use cfa_fit.h.
 *
 * Free parameters: one per free parameter of the specification without a label, one per label
 * shared by free parameters; x holds their values. Derivatives are taken per parameter of the
 * specification and summed into x.
 *
 * Every parameter moves Sigma and mu by a symmetric rank-two term and a vector drawn from the
 * columns of V = [I_p | Lambda | Lambda Phi] (p x (p + 2m)):
 *   loading Lambda[i][f]:  dSigma = e_i (Lambda Phi)_f' + (Lambda Phi)_f e_i',  dmu = alpha_f e_i
 *   Phi[f][h]:             dSigma = Lambda_f Lambda_h' + Lambda_h Lambda_f'  (halved when f = h)
 *   Theta[i][j]:           dSigma = e_i e_j' + e_j e_i'                      (halved when i = j)
 *   nu[i]: dmu = e_i;      alpha[f]: dmu = Lambda_f
 * i.e. dSigma = c (V_u V_v' + V_v V_u') and dmu = d V_w. Traces of products of such terms with
 * a symmetric A reduce to entries of V'AV, so the information of q parameters costs O(q^2)
 * after O(p^2 (p + 2m)) per group (or per missing-data pattern).
 *
 * The deviance D = -2 log L without its 2 pi constant, summed over groups and patterns:
 *   D = sum n [log|Sigma_oo| + tr(Sigma_oo^-1 T) / n],  T = W + n (m - mu_o)(m - mu_o)'
 * (Jöreskog 1967; with complete data and no mean structure D = N (log|Sigma| + tr(S Sigma^-1)),
 * lavaan's F_ML with N in the likelihood, up to constants). Its gradient comes from the E-step
 * sums by Fisher's identity: dD/dSigma = M = P (N Sigma - EC) P and dD/dmu = -2 b, b = P rho
 * (P = Sigma^-1), so dD/dtheta = 2c V_u'M V_v - 2d V_w'b; V'MV = (PV)' (N Sigma - EC) (PV).
 *
 * Information, in log-likelihood units (the negative Hessian of log L), per pair of parameters:
 *   expected (complete data):  N [c_a c_b (G_uu' G_vv' + G_uv' G_vu') + d_a d_b G_ww'],  G = V'PV
 *   observed (per pattern, A = Sigma_oo^-1 placed in a p x p zero matrix, Y = A V, G = V'Y,
 *   H = Y'TY, g = Y'(m - mu)):
 *     -n c_a c_b (G_uu' G_vv' + G_uv' G_vu')
 *     + c_a c_b (G_vu' H_v'u + G_vv' H_u'u + G_uu' H_v'v + G_uv' H_u'v)
 *     + n c_a d_b (g_u G_vw' + g_v G_uw') + n c_b d_a (g_u' G_v'w + g_v' G_u'w) + n d_a d_b G_ww'
 *   plus the second derivatives of Sigma and mu, which involve only M and b of the group:
 *     Lambda[j][f], Lambda[k][g]: Phi_fg M_jk;   Lambda[j][f], Phi[g][h]: d_fg (M Lambda)_jh +
 *     d_fh (M Lambda)_jg (once when g = h);      Lambda[j][f], alpha[g]: -d_fg b_j.
 *   (Derivation: Magnus & Neudecker 1999, ch. 15; the same matrices as lavaan's analytic
 *   gradient, whose Hessian lavaan takes numerically.)
 * Casewise score of a row with residual r = y_o - mu_o: z = Y'r, s = c (z_u z_v - G_uv) + d z_w.
 *
 * Ownership: a model borrows its specification and sample, which must outlive it. */
#ifndef SURVEYKIT_MODELS_CFA_MODEL_H
#define SURVEYKIT_MODELS_CFA_MODEL_H

#include <stddef.h>

#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "models/cfa_sample.h"
#include "models/cfa_spec.h"

/* dSigma = c (V_u V_v' + V_v V_u'), dmu = d V_w */
struct cfa_deriv {
	double c, d;
	size_t u, v, w;
};

struct cfa_group_model {
	gsl_matrix *lambda, *phi, *theta;
	gsl_vector *nu, *alpha;
	gsl_matrix *sigma, *P; /* implied covariance and its inverse */
	gsl_vector *mu;        /* implied means (the sample means without a mean structure) */
	double logdet;
	gsl_matrix *V, *PV, *G; /* p x nv, p x nv, nv x nv */
	gsl_matrix *EC, *R;     /* E-step sums; R = N Sigma - EC */
	gsl_matrix *RPV;        /* scratch, p x nv */
	gsl_matrix *VMV;        /* V' M V, M = P R P = dD/dSigma */
	gsl_vector *rho, *Vb;   /* Vb = V' P rho (= V' b) */
	double D;
};

struct cfa_model {
	const struct cfa_spec *spec;
	const struct cfa_sample *sample;
	size_t p, m, groups, nv, q;
	int means;
	size_t *x_of;      /* per specification parameter: its index in x, or CFA_NONE when fixed */
	size_t *rep;       /* per x: a specification parameter it stands for */
	double *value;     /* per specification parameter: its current value */
	struct cfa_group_model *gm;
	size_t bad_group;  /* set_x: the group whose Sigma is not positive definite */
	int tables;        /* PV, G, VMV and Vb belong to the current parameters */
};

/* The model of a completed specification on a sample; NULL when out of memory. Fixed values are
 * taken from the specification, free ones start at 0 until cfa_model_set. */
struct cfa_model *cfa_model_alloc(const struct cfa_spec *spec, const struct cfa_sample *sample);
void cfa_model_free(struct cfa_model *mod);

/* Sets the free parameters and computes Sigma, P, log|Sigma| and mu of every group. GSL_EDOM
 * (bad_group set) when some Sigma is not positive definite. */
int cfa_model_set(struct cfa_model *mod, const double *x);
/* Fills the matrices of every group from mod->value (after changing values directly). */
int cfa_model_update(struct cfa_model *mod);

/* The deviance at the current parameters; with grad (q) its gradient. Runs the E-step (group
 * D); with grad also the tables (PV, G, VMV, Vb) the information matrices use, which they
 * compute themselves when missing. GSL status in *status. */
double cfa_model_deviance(struct cfa_model *mod, double *grad, int *status);

/* The derivative terms of specification parameter k. */
struct cfa_deriv cfa_model_deriv(const struct cfa_model *mod, size_t k);

/* Expected information (q x q): complete-data form at Sigma, or pattern by pattern as lavaan's
 * "expected" information with missing data when per_pattern is set. */
int cfa_model_expected(struct cfa_model *mod, int per_pattern, gsl_matrix *info);
/* Observed information (q x q, the Hessian of -log L). With data (the rows the sample was built
 * from) small patterns take their tables from their rows, which is faster; NULL works too. */
int cfa_model_observed(struct cfa_model *mod, const struct cfa_data *data, gsl_matrix *info);

/* Sum over rows of s s' for the casewise scores s at the current parameters (q x q), reading
 * the rows of `data`. With gamma set (complete data only), the scores are those of lavaan's
 * Gamma-based meat (MLM): residuals from the sample means, centred, so that the result is
 * sum_g N_g Delta' W Gamma W Delta; *trace_wg then receives sum_g tr(W_g Gamma_g). */
int cfa_model_firstorder(struct cfa_model *mod, const struct cfa_data *data, int gamma, gsl_matrix *B,
			 double *trace_wg);

/* Jacobian of the moments on x: J (sat->q x mod->q) holds d moment / d x for the moments in the
 * order of the free parameters of `sat`, a saturated model of the same items and groups
 * (means as intercepts, covariances as residual covariances). */
int cfa_model_jacobian(const struct cfa_model *mod, const struct cfa_model *sat, gsl_matrix *J);
/* Number of sample moments per group: p (p + 1) / 2, plus p with a mean structure. */
size_t cfa_model_moments(const struct cfa_model *mod);

#endif
