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

/* The recovery questions. None of the functions above draws differently because of
 * them: a wave without these parts gives the same numbers for the same seed as before.
 *
 * No-failure control (scenario 0): the customer saw no failure, so there is no recovery effect;
 * with the full recovery's mean satisfaction 3.9 + shift + a,
 *   SAT  = 3.9 + shift + a - paradox + 0.30 inv + 0.35 tru + u + e,                   sd(e) 0.8
 *   NEG  = 2.2 - 0.10 inv - 0.25 tru + u + e,                                          sd(e) 0.8
 *   PWOM = 3.6 + 0.5 (SAT - 3.9 - shift) + 0.2 + 0.10 inv + 0.15 tru + u + e,          sd(e) 0.7
 * so `paradox` is the full recovery's satisfaction minus the control's: positive plants a
 * paradox, 0 or below plants none.
 * Failure severity: a latent score ~ N(4.5, 1.0) in the failure scenarios (none in the control);
 * with s = severity - 4.5, c = scenario - 2 and tru centred,
 *   SAT  += b_s s + m_s c s + m_t tru s + m_3 c tru s,  NEG += 0.35 s,  PWOM += 0.5 (the SAT change),
 * so a severe failure lowers satisfaction (b_s), makes recovery matter more or less (m_s), and
 * trust buffers it (m_t > 0), the three-way term being PROCESS model 3's.
 * Manipulation check (perceived comprehensiveness of the recovery): latent 2.5 + step (scenario
 * - 1) in the failure scenarios, items as sim_items; not asked in the control.
 * Zone of tolerance (one service dimension): each respondent falls below, within or above the
 * zone with the planted shares of their scenario; the adequate rating is uniform on 2..5, the
 * desired on adequate + 1..6 and the perceived uniform on the class's range (1..adequate - 1,
 * adequate..desired, desired + 1..7), so every class is possible and the shares are exactly the
 * planted ones. With probability `zone_inverted` the respondent then swaps adequate and desired
 * (an inverted zone, classified by models/zone.h's rule). Each role's items share the rating as
 * their mean: with k >= 2 items and a rating of 2..6, half the time one item is a point higher
 * and another a point lower.
 * Perceived justice (a mediator of the recovery's effect on satisfaction; failure scenarios only,
 * not asked in the control), drawn after everything above from a stream of its own so that the
 * other columns keep their values for a seed: with c = scenario - 2 and the satisfaction
 * disturbance d = SAT - (3.9 + shift + a c) (traits, severity and noise),
 *   JUS = 4.0 + j_a c + j_d d + e,  sd(e) 0.7,
 * so the recovery raises justice (the a path, j_a per step) and justice goes with satisfaction
 * beyond the scenario (a positive b path from the shared disturbance): the indirect effect of
 * the scenario on satisfaction through justice is positive. */
struct sim_recovery {
	double paradox;             /* full recovery minus no failure, satisfaction (default 0.3) */
	double severity_effect;     /* b_s (-0.30) */
	double severity_moderation; /* m_s (0.10) */
	double trust_buffer;        /* m_t (0.10) */
	double three_way;           /* m_3 (0.05) */
	double check_step;          /* manipulation check per step of recovery (1.0) */
	double zone_shares[4][3];   /* per scenario 0..3: below, within, above (each row sums to 1) */
	double zone_inverted;       /* share of inverted zones (0.02) */
	double justice_step;        /* j_a (0.6) */
	double justice_share;       /* j_d (0.5) */
};

void sim_recovery_default(struct sim_recovery *r);

/* Latent outcomes of a person in the no-failure control. */
void sim_control_draw(const struct sim_params *p, const struct sim_recovery *r, gsl_rng *rng,
		      const struct sim_person *who, struct sim_outcomes *out);

double sim_severity_draw(gsl_rng *rng);
/* Adds the severity terms to outcomes of failure scenario 1..3 (draws nothing). */
void sim_severity_apply(const struct sim_recovery *r, const struct sim_person *who, int scenario, double severity,
			struct sim_outcomes *out);

/* The manipulation check's latent score in scenario 0..3 (NaN in the control: not asked). */
double sim_check_latent(const struct sim_recovery *r, int scenario);

enum sim_zone_class { SIM_ZONE_BELOW, SIM_ZONE_WITHIN, SIM_ZONE_ABOVE };

struct sim_zone {
	double adequate, desired, perceived; /* ratings on 1..7 */
	enum sim_zone_class planted;         /* the class drawn (before any inversion) */
	int inverted;
};

void sim_zone_draw(const struct sim_recovery *r, gsl_rng *rng, int scenario, struct sim_zone *z);
/* k items with mean `rating` (see above); each left missing with probability p->missing_rate. */
void sim_zone_items(const struct sim_params *p, gsl_rng *rng, double rating, size_t k, double *out);

/* The latent perceived justice of a respondent of scenario 0..3 whose latent satisfaction is
 * `satisfaction` (NaN in the control: not asked; draws nothing then). */
double sim_justice_latent(const struct sim_params *p, const struct sim_recovery *r, gsl_rng *rng, int scenario,
			  double satisfaction);

#endif
