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
