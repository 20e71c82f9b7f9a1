/* The data-generating model behind `surveykit simulate`: a service-recovery study in which a
 * more comprehensive recovery raises satisfaction and positive word-of-mouth (PWOM) and lowers
 * negative emotion, more so for involved and trusting customers (data/README.md states the
 * planted effects and what an analysis recovers from them).
 *
 * Latent scores live on the 1..7 answer metric. With c = scenario - 2 (-1, 0, 1: fix only,
 * fix + apology, full recovery), inv and tru centred at their means:
 *   SAT  = 3.9 + shift + a c + 0.30 inv + 0.35 tru + m_inv c inv + m_tru c tru + u + e,  sd(e) 0.8
 *   NEG  = 4.1 - 0.7 c - 0.10 inv - 0.25 tru - 0.15 c inv - 0.10 c tru + u + e,          sd(e) 0.8
 *   PWOM = 3.6 + 0.5 (SAT - 3.9 - shift) + 0.2 c + 0.10 inv + 0.15 tru + u + e,          sd(e) 0.7
 * involvement ~ N(4.6, 1.1), trust ~ N(4.3, 1.0), correlation 0.3; u is a respondent's own
 * level (sd 0.5, within-subjects design only, shared by the three scenarios). An item is the
 * latent score plus N(0, 0.75) noise, rounded and clamped to 1..7, written reversed (8 - x) when
 * reverse-keyed, and left missing with probability `missing_rate`. */
#ifndef SURVEYKIT_MODELS_SIMULATION_H
#define SURVEYKIT_MODELS_SIMULATION_H

#include <stddef.h>

#include <gsl/gsl_rng.h>

struct sim_params {
	double scenario_effect; /* a: satisfaction per step of recovery (default 0.7) */
	double moderation_inv;  /* m_inv (default 0.20) */
	double moderation_tru;  /* m_tru (default 0.15) */
	double shift;           /* added to satisfaction (default 0): a change between waves */
	double missing_rate;    /* share of item answers missing (default 0.01) */
};

void sim_params_default(struct sim_params *p);

/* A respondent's traits on the answer metric. */
struct sim_person {
	double involvement, trust;
	double level; /* u: 0 in the between design */
};

void sim_person_draw(gsl_rng *rng, int within, struct sim_person *p);

/* Latent outcomes of a person after recovery scenario 1..3. */
struct sim_outcomes {
	double satisfaction, negemo, pwom;
};

void sim_outcomes_draw(const struct sim_params *p, gsl_rng *rng, const struct sim_person *who, int scenario,
		       struct sim_outcomes *out);

/* k answers to items measuring `latent`; reversed[j] writes item j reverse-keyed; NaN = missing. */
void sim_items(const struct sim_params *p, gsl_rng *rng, double latent, size_t k, const int *reversed,
	       double *out);

#endif
