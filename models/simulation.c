#include "models/simulation.h"

#include <math.h>

#include <gsl/gsl_randist.h>

#define INV_MEAN 4.6
#define INV_SD 1.1
#define TRU_MEAN 4.3
#define TRU_SD 1.0
#define TRAIT_CORRELATION 0.3
#define LEVEL_SD 0.5
#define ITEM_NOISE_SD 0.75

void sim_params_default(struct sim_params *p)
{
	p->scenario_effect = 0.7;
	p->moderation_inv = 0.20;
	p->moderation_tru = 0.15;
	p->shift = 0;
	p->missing_rate = 0.01;
}

void sim_person_draw(gsl_rng *rng, int within, struct sim_person *p)
{
	double z1 = gsl_ran_gaussian_ziggurat(rng, 1), z2 = gsl_ran_gaussian_ziggurat(rng, 1);

	p->involvement = INV_MEAN + INV_SD * z1;
	p->trust = TRU_MEAN + TRU_SD * (TRAIT_CORRELATION * z1 + sqrt(1 - TRAIT_CORRELATION * TRAIT_CORRELATION) * z2);
	p->level = within ? gsl_ran_gaussian_ziggurat(rng, LEVEL_SD) : 0;
}

void sim_outcomes_draw(const struct sim_params *p, gsl_rng *rng, const struct sim_person *who, int scenario,
		       struct sim_outcomes *out)
{
	double c = scenario - 2, inv = who->involvement - INV_MEAN, tru = who->trust - TRU_MEAN;
	double sat_core = p->scenario_effect * c + 0.30 * inv + 0.35 * tru + p->moderation_inv * c * inv +
			  p->moderation_tru * c * tru + who->level + gsl_ran_gaussian_ziggurat(rng, 0.8);

	out->satisfaction = 3.9 + p->shift + sat_core;
	out->negemo = 4.1 - 0.7 * c - 0.10 * inv - 0.25 * tru - 0.15 * c * inv - 0.10 * c * tru + who->level +
		      gsl_ran_gaussian_ziggurat(rng, 0.8);
	out->pwom = 3.6 + 0.5 * sat_core + 0.2 * c + 0.10 * inv + 0.15 * tru + who->level +
		    gsl_ran_gaussian_ziggurat(rng, 0.7);
}

void sim_items(const struct sim_params *p, gsl_rng *rng, double latent, size_t k, const int *reversed,
	       double *out)
{
	for (size_t j = 0; j < k; j++) {
		double x = round(latent + gsl_ran_gaussian_ziggurat(rng, ITEM_NOISE_SD));
		x = x < 1 ? 1 : x > 7 ? 7 : x;
		if (reversed && reversed[j])
			x = 8 - x;
		out[j] = gsl_rng_uniform(rng) < p->missing_rate ? NAN : x;
	}
}

#define CONTROL_NEGEMO 2.2
#define SEVERITY_MEAN 4.5
#define SEVERITY_SD 1.0
#define SEVERITY_NEGEMO 0.35
#define CHECK_BASE 2.5
#define ZONE_ITEM_SPREAD 0.5
#define JUSTICE_BASE 4.0
#define JUSTICE_SD 0.7

void sim_recovery_default(struct sim_recovery *r)
{
	static const double shares[4][3] = {
		{0.10, 0.55, 0.35}, /* no failure */
		{0.50, 0.42, 0.08}, /* fix only */
		{0.30, 0.55, 0.15}, /* fix + apology */
		{0.15, 0.55, 0.30}, /* full recovery */
	};

	r->paradox = 0.3;
	r->severity_effect = -0.30;
	r->severity_moderation = 0.10;
	r->trust_buffer = 0.10;
	r->three_way = 0.05;
	r->check_step = 1.0;
	for (int s = 0; s < 4; s++)
		for (int c = 0; c < 3; c++)
			r->zone_shares[s][c] = shares[s][c];
	r->zone_inverted = 0.02;
	r->justice_step = 0.6;
	r->justice_share = 0.5;
}

void sim_control_draw(const struct sim_params *p, const struct sim_recovery *r, gsl_rng *rng,
		      const struct sim_person *who, struct sim_outcomes *out)
{
	double inv = who->involvement - INV_MEAN, tru = who->trust - TRU_MEAN;
	double sat_core = p->scenario_effect - r->paradox + 0.30 * inv + 0.35 * tru + who->level +
			  gsl_ran_gaussian_ziggurat(rng, 0.8);

	out->satisfaction = 3.9 + p->shift + sat_core;
	out->negemo = CONTROL_NEGEMO - 0.10 * inv - 0.25 * tru + who->level + gsl_ran_gaussian_ziggurat(rng, 0.8);
	out->pwom = 3.6 + 0.5 * sat_core + 0.2 + 0.10 * inv + 0.15 * tru + who->level + gsl_ran_gaussian_ziggurat(rng, 0.7);
}

double sim_severity_draw(gsl_rng *rng)
{
	return SEVERITY_MEAN + gsl_ran_gaussian_ziggurat(rng, SEVERITY_SD);
}

void sim_severity_apply(const struct sim_recovery *r, const struct sim_person *who, int scenario, double severity,
			struct sim_outcomes *out)
{
	double c = scenario - 2, s = severity - SEVERITY_MEAN, tru = who->trust - TRU_MEAN;
	double d = r->severity_effect * s + r->severity_moderation * c * s + r->trust_buffer * tru * s +
		   r->three_way * c * tru * s;

	out->satisfaction += d;
	out->negemo += SEVERITY_NEGEMO * s;
	out->pwom += 0.5 * d;
}

double sim_check_latent(const struct sim_recovery *r, int scenario)
{
	return scenario >= 1 ? CHECK_BASE + r->check_step * (scenario - 1) : NAN;
}

/* A uniform integer in lo..hi. */
static double uniform_int(gsl_rng *rng, int lo, int hi)
{
	return lo + (double)gsl_rng_uniform_int(rng, (unsigned long)(hi - lo + 1));
}

void sim_zone_draw(const struct sim_recovery *r, gsl_rng *rng, int scenario, struct sim_zone *z)
{
	const double *share = r->zone_shares[scenario < 0 ? 0 : scenario > 3 ? 3 : scenario];
	double u = gsl_rng_uniform(rng);
	int a, d;

	z->planted = u < share[0] ? SIM_ZONE_BELOW : u < share[0] + share[1] ? SIM_ZONE_WITHIN : SIM_ZONE_ABOVE;
	a = (int)uniform_int(rng, 2, 5);
	d = (int)uniform_int(rng, a + 1, 6);
	z->adequate = a;
	z->desired = d;
	z->perceived = z->planted == SIM_ZONE_BELOW ? uniform_int(rng, 1, a - 1)
		       : z->planted == SIM_ZONE_WITHIN ? uniform_int(rng, a, d)
						       : uniform_int(rng, d + 1, 7);
	z->inverted = gsl_rng_uniform(rng) < r->zone_inverted;
	if (z->inverted) {
		z->adequate = d;
		z->desired = a;
	}
}

void sim_zone_items(const struct sim_params *p, gsl_rng *rng, double rating, size_t k, double *out)
{
	for (size_t j = 0; j < k; j++)
		out[j] = rating;
	if (k >= 2 && rating >= 2 && rating <= 6 && gsl_rng_uniform(rng) < ZONE_ITEM_SPREAD) {
		size_t up = gsl_rng_uniform_int(rng, k), down = (up + 1 + gsl_rng_uniform_int(rng, k - 1)) % k;
		out[up] += 1;
		out[down] -= 1;
	}
	for (size_t j = 0; j < k; j++)
		if (gsl_rng_uniform(rng) < p->missing_rate)
			out[j] = NAN;
}

double sim_justice_latent(const struct sim_params *p, const struct sim_recovery *r, gsl_rng *rng, int scenario,
			  double satisfaction)
{
	double c = scenario - 2, d = satisfaction - (3.9 + p->shift + p->scenario_effect * c);

	if (scenario < 1)
		return NAN;
	return JUSTICE_BASE + r->justice_step * c + r->justice_share * d + gsl_ran_gaussian_ziggurat(rng, JUSTICE_SD);
}
