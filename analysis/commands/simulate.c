/* surveykit simulate: writes a study-shaped wave from models/simulation.h and its codebook.
 * Between-subjects: one row per respondent with the scenario seen. Within-subjects: one row per
 * respondent with the outcome items of every scenario (sat_s1_1 ... pwom_s3_3). Recovery
 * (--design recovery): between-subjects with a no-failure control level 0 (the codebook's
 * `control`; a planted paradox of --paradox D, 0 or below for none), a failure-severity scale
 * (sev_1..3, blank in the control), a manipulation check (chk_1..2, role check, blank in the
 * control) and zone-of-tolerance items of the dimension `recovery` (adq_1..2, des_1..2, per_1..2,
 * roles adequate, desired, perceived), then a perceived-justice mediator (jus_1..3, scale
 * justice, blank in the control) drawn from a second stream seeded from the seed, so that the
 * columns before it keep their values for a seed. The same seed gives the same file (GSL's
 * MT19937). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_rng.h>

#include "analysis/commands.h"
#include "io/codebook.h"
#include "io/csv_writer.h"
#include "io/frame_write.h"
#include "io/output.h"
#include "models/simulation.h"

const struct option_spec simulate_options[] = {
	{"design", "D", "between (default: one scenario per respondent), within (all three) or recovery (with a "
			"no-failure control, severity, manipulation check and zone items)"},
	{"paradox", "D", "recovery design: full recovery's satisfaction minus the control's (default 0.3; 0 or below: "
			 "no paradox)"},
	{"n", "N", "respondents (default 600)"},
	{"seed", "S", "random seed (default 1)"},
	{"scenario-effect", "A", "satisfaction gain per step of recovery (default 0.7)"},
	{"moderation-inv", "M", "how much involvement amplifies that gain (default 0.20)"},
	{"moderation-trust", "M", "how much trust amplifies that gain (default 0.15)"},
	{"shift", "X", "added to satisfaction: a change between waves (default 0)"},
	{"missing-rate", "P", "share of item answers left blank (default 0.01)"},
	{0},
};

struct scale_spec {
	const char *prefix, *scale;
	size_t k;
	int reversed; /* 1-based index of the reverse-keyed item, 0 for none */
	const char *questions[5];
};

static const struct scale_spec traits[] = {
	{"inv", "involvement", 5, 4,
	 {"This kind of purchase matters a lot to me", "I care about which online shop I use",
	  "I pay close attention to my orders", "Online shopping is of little importance to me",
	  "I am interested in how shops treat their customers"}},
	{"tru", "trust", 5, 3,
	 {"I trust this firm", "This firm keeps its promises", "I doubt this firm's honesty",
	  "This firm has my interests at heart", "I can rely on this firm"}},
};

static const struct scale_spec outcomes[] = {
	{"sat", "satisfaction", 5, 2,
	 {"I am satisfied with how the firm handled the problem", "The firm's response was disappointing",
	  "The recovery met my expectations", "I am happy with the outcome", "Overall, the firm handled it well"}},
	{"neg", "negemo", 4, 0, {"I felt angry", "I felt frustrated", "I felt annoyed", "I felt let down"}},
	{"pwom", "pwom", 4, 0,
	 {"I would say positive things about this firm", "I would recommend this firm to others",
	  "I would encourage friends to buy from this firm", "I would defend this firm if others criticised it"}},
};

#define WITHIN_ITEMS 3 /* items per outcome per scenario in the within design */

static const char *const scenario_labels = "1=Fix only;2=Fix + apology;3=Full recovery";
static const char *const recovery_labels = "0=No failure;1=Fix only;2=Fix + apology;3=Full recovery";

enum design { DESIGN_BETWEEN, DESIGN_WITHIN, DESIGN_RECOVERY };

static const struct scale_spec severity = {"sev", "severity", 3, 0,
					   {"The problem was serious", "The problem caused me a lot of trouble",
					    "The failure was a major one"}};
static const struct scale_spec check = {"chk", "check", 2, 0,
					{"The firm did a lot to put things right", "The firm's response was thorough"}};
static const struct scale_spec justice = {"jus", "justice", 3, 0,
					  {"Perceived justice: the firm treated me fairly", "Perceived justice: the outcome I received was fair",
					   "Perceived justice: the way the firm handled it was just"}};
/* The justice stream's seed: the wave's seed plus this (a stream apart from the main one). */
#define JUSTICE_STREAM 0x9E3779B9UL
#define ZONE_ITEMS 2 /* items per zone role */
#define ZONE_DIMENSION "recovery"

/* The columns of a wave, built once: names and codebook entries side by side. */
struct layout {
	char **names;
	struct codebook cb; /* with cb.extra beside cb.vars */
	size_t n;
};

static int add_column(struct layout *l, const char *name, enum column_role role, const char *scale, int reverse,
		      double min, double max, const char *values, const char *label)
{
	struct var_meta *m;
	char **names = realloc(l->names, (l->n + 1) * sizeof *names);

	if (!names)
		return -1;
	l->names = names;
	m = realloc(l->cb.vars, (l->n + 1) * sizeof *m);
	if (!m)
		return -1;
	l->cb.vars = m;
	struct codebook_extra *x = realloc(l->cb.extra, (l->n + 1) * sizeof *x);
	if (!x)
		return -1;
	l->cb.extra = x;
	l->cb.extra[l->n] = (struct codebook_extra){.purpose = PURPOSE_NONE, .control = NAN};
	m = &l->cb.vars[l->n];
	memset(m, 0, sizeof *m);
	m->min = min;
	m->max = max;
	m->missing_low = m->missing_high = NAN;
	m->role = role;
	m->reverse = reverse;
	names[l->n] = strdup(name);
	m->column = strdup(name);
	m->scale = scale ? strdup(scale) : NULL;
	m->label = label ? strdup(label) : NULL;
	l->n++;
	l->cb.n = l->n;
	if (!names[l->n - 1] || !m->column || (scale && !m->scale) || (label && !m->label))
		return -1;
	if (values) {
		const char *p = values;
		while (*p) {
			const char *end = strchr(p, ';'), *eq = strchr(p, '=');
			size_t len = end ? (size_t)(end - p) : strlen(p);
			struct value_label *vl = realloc(m->labels, (m->n_labels + 1) * sizeof *vl);
			if (!vl)
				return -1;
			m->labels = vl;
			vl[m->n_labels].value = strtod(p, NULL);
			vl[m->n_labels].label = strndup(eq + 1, (size_t)(p + len - eq - 1));
			if (!vl[m->n_labels++].label)
				return -1;
			p = end ? end + 1 : p + len;
		}
	}
	return 0;
}

static int add_items(struct layout *l, const struct scale_spec *s, int scenario, size_t k)
{
	for (size_t j = 0; j < k; j++) {
		char name[64], scale[64], label[256];
		if (scenario) {
			snprintf(name, sizeof name, "%s_s%d_%zu", s->prefix, scenario, j + 1);
			snprintf(scale, sizeof scale, "%s_s%d", s->scale, scenario);
			snprintf(label, sizeof label, "%s (scenario %d)", s->questions[j], scenario);
		} else {
			snprintf(name, sizeof name, "%s_%zu", s->prefix, j + 1);
			snprintf(scale, sizeof scale, "%s", s->scale);
			snprintf(label, sizeof label, "%s", s->questions[j]);
		}
		if (add_column(l, name, ROLE_ITEM, scale, s->reversed == (int)j + 1, 1, 7, NULL, label) != 0)
			return -1;
	}
	return 0;
}

/* The last column's purpose (and dimension) in the codebook. */
static int set_purpose(struct layout *l, enum codebook_purpose purpose, const char *dimension)
{
	struct codebook_extra *x = &l->cb.extra[l->n - 1];

	x->purpose = purpose;
	if (dimension && !(x->dimension = strdup(dimension)))
		return -1;
	return 0;
}

/* The recovery design's columns after the outcomes. */
static int add_recovery(struct layout *l)
{
	const char *prefix[] = {"adq", "des", "per"};
	const enum codebook_purpose purpose[] = {PURPOSE_ADEQUATE, PURPOSE_DESIRED, PURPOSE_PERCEIVED};
	const char *what[] = {"Adequate recovery", "Desired recovery", "Recovery received"};

	if (add_items(l, &severity, 0, severity.k) != 0)
		return -1;
	for (size_t j = 0; j < check.k; j++) {
		char name[32];
		snprintf(name, sizeof name, "%s_%zu", check.prefix, j + 1);
		if (add_column(l, name, ROLE_NUMERIC, check.scale, 0, 1, 7, NULL, check.questions[j]) != 0 ||
		    set_purpose(l, PURPOSE_CHECK, NULL) != 0)
			return -1;
	}
	for (size_t r = 0; r < 3; r++)
		for (size_t j = 0; j < ZONE_ITEMS; j++) {
			char name[32], label[128];
			snprintf(name, sizeof name, "%s_%zu", prefix[r], j + 1);
			snprintf(label, sizeof label, "%s: %s", what[r], j ? "speed of the response" : "solving the problem");
			if (add_column(l, name, ROLE_NUMERIC, NULL, 0, 1, 7, NULL, label) != 0 ||
			    set_purpose(l, purpose[r], ZONE_DIMENSION) != 0)
				return -1;
		}
	return add_items(l, &justice, 0, justice.k);
}

static int build_layout(struct layout *l, enum design design)
{
	int within = design == DESIGN_WITHIN;

	memset(l, 0, sizeof *l);
	if (add_column(l, "id", ROLE_ID, NULL, 0, NAN, NAN, NULL, "Respondent") != 0 ||
	    (design == DESIGN_BETWEEN &&
	     add_column(l, "scenario", ROLE_GROUP, NULL, 0, 1, 3, scenario_labels, "Recovery scenario") != 0) ||
	    (design == DESIGN_RECOVERY &&
	     add_column(l, "scenario", ROLE_GROUP, NULL, 0, 0, 3, recovery_labels, "Recovery scenario") != 0) ||
	    add_column(l, "age", ROLE_NUMERIC, NULL, 0, 18, 99, NULL, "Age in years") != 0 ||
	    add_column(l, "gender", ROLE_GROUP, NULL, 0, 1, 2, "1=Female;2=Male", "Gender") != 0)
		return -1;
	for (size_t t = 0; t < 2; t++)
		if (add_items(l, &traits[t], 0, traits[t].k) != 0)
			return -1;
	for (int s = within ? 1 : 0; s <= (within ? 3 : 0); s++)
		for (size_t o = 0; o < 3; o++)
			if (add_items(l, &outcomes[o], s, within ? WITHIN_ITEMS : outcomes[o].k) != 0)
				return -1;
	if (design == DESIGN_RECOVERY) {
		l->cb.extra[1].control = 0;
		return add_recovery(l);
	}
	return 0;
}

static void layout_free(struct layout *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->names[i]);
	free(l->names);
	codebook_free(&l->cb);
}

/* Items of the reverse-keyed position of a scale spec, as sim_items wants them. */
static void reversed_flags(const struct scale_spec *s, int *flags)
{
	for (size_t j = 0; j < 5; j++)
		flags[j] = s->reversed == (int)j + 1;
}

/* Writes k blank answers. */
static void blank(double *out, size_t k)
{
	for (size_t j = 0; j < k; j++)
		out[j] = NAN;
}

/* One respondent's row of the recovery design in layout order. */
static void draw_recovery_row(const struct sim_params *p, const struct sim_recovery *r, gsl_rng *rng,
			      gsl_rng *justice_rng, size_t id, double *row)
{
	struct sim_person who;
	struct sim_outcomes out;
	struct sim_zone z;
	int flags[5];
	size_t c = 0;

	sim_person_draw(rng, 0, &who);
	row[c++] = (double)id;
	int scenario = (int)gsl_rng_uniform_int(rng, 4);
	row[c++] = scenario;
	row[c++] = 18 + (double)gsl_rng_uniform_int(rng, 58);
	row[c++] = 1 + (double)(gsl_rng_uniform(rng) < 0.48);
	for (size_t t = 0; t < 2; t++) {
		reversed_flags(&traits[t], flags);
		sim_items(p, rng, t ? who.trust : who.involvement, traits[t].k, flags, row + c);
		c += traits[t].k;
	}
	double sev = NAN;
	if (scenario == 0) {
		sim_control_draw(p, r, rng, &who, &out);
	} else {
		sim_outcomes_draw(p, rng, &who, scenario, &out);
		sev = sim_severity_draw(rng);
		sim_severity_apply(r, &who, scenario, sev, &out);
	}
	double latent[3] = {out.satisfaction, out.negemo, out.pwom};
	for (size_t o = 0; o < 3; o++) {
		reversed_flags(&outcomes[o], flags);
		sim_items(p, rng, latent[o], outcomes[o].k, flags, row + c);
		c += outcomes[o].k;
	}
	reversed_flags(&severity, flags);
	if (scenario == 0)
		blank(row + c, severity.k);
	else
		sim_items(p, rng, sev, severity.k, flags, row + c);
	c += severity.k;
	reversed_flags(&check, flags);
	if (scenario == 0)
		blank(row + c, check.k);
	else
		sim_items(p, rng, sim_check_latent(r, scenario), check.k, flags, row + c);
	c += check.k;
	sim_zone_draw(r, rng, scenario, &z);
	sim_zone_items(p, rng, z.adequate, ZONE_ITEMS, row + c);
	sim_zone_items(p, rng, z.desired, ZONE_ITEMS, row + c + ZONE_ITEMS);
	sim_zone_items(p, rng, z.perceived, ZONE_ITEMS, row + c + 2 * ZONE_ITEMS);
	c += 3 * ZONE_ITEMS;
	if (scenario == 0)
		blank(row + c, justice.k);
	else
		sim_items(p, justice_rng, sim_justice_latent(p, r, justice_rng, scenario, out.satisfaction), justice.k,
			  NULL, row + c);
}

/* One respondent's row in layout order. */
static void draw_row(const struct sim_params *p, gsl_rng *rng, int within, size_t id, double *row)
{
	struct sim_person who;
	struct sim_outcomes out;
	int flags[5];
	size_t c = 0;

	sim_person_draw(rng, within, &who);
	row[c++] = (double)id;
	int scenario = within ? 0 : 1 + (int)gsl_rng_uniform_int(rng, 3);
	if (!within)
		row[c++] = scenario;
	row[c++] = 18 + (double)gsl_rng_uniform_int(rng, 58);
	row[c++] = 1 + (double)(gsl_rng_uniform(rng) < 0.48);
	reversed_flags(&traits[0], flags);
	sim_items(p, rng, who.involvement, traits[0].k, flags, row + c);
	c += traits[0].k;
	reversed_flags(&traits[1], flags);
	sim_items(p, rng, who.trust, traits[1].k, flags, row + c);
	c += traits[1].k;
	for (int s = within ? 1 : scenario; s <= (within ? 3 : scenario); s++) {
		double latent[3];
		sim_outcomes_draw(p, rng, &who, s, &out);
		latent[0] = out.satisfaction;
		latent[1] = out.negemo;
		latent[2] = out.pwom;
		for (size_t o = 0; o < 3; o++) {
			size_t k = within ? WITHIN_ITEMS : outcomes[o].k;
			reversed_flags(&outcomes[o], flags);
			sim_items(p, rng, latent[o], k, flags, row + c);
			c += k;
		}
	}
}

static int read_params(const struct cli *cli, struct sim_params *p, struct sim_recovery *r, enum design *d,
		       size_t *n, size_t *seed, struct sk_error *err)
{
	const char *design = cli_get(cli, "design");
	int status;

	sim_params_default(p);
	sim_recovery_default(r);
	*d = !design || strcmp(design, "between") == 0 ? DESIGN_BETWEEN
	     : strcmp(design, "within") == 0	      ? DESIGN_WITHIN
	     : strcmp(design, "recovery") == 0	      ? DESIGN_RECOVERY
						      : (enum design)-1;
	if (*d == (enum design)-1)
		return sk_fail(err, SK_EXIT_USAGE, "--design must be between or within (or recovery: a no-failure control, severity, check and zone items), not '%s'", design);
	if (cli_get(cli, "paradox") && *d != DESIGN_RECOVERY)
		return sk_fail(err, SK_EXIT_USAGE, "--paradox goes with --design recovery");
	if ((status = cli_get_double(cli, "paradox", r->paradox, &r->paradox, err)) != 0)
		return status;
	if (!isfinite(r->paradox) || fabs(r->paradox) > 6)
		return sk_fail(err, SK_EXIT_USAGE, "--paradox must be a difference on the 1..7 scale, from -6 to 6");
	if ((status = cli_get_size(cli, "n", 600, n, err)) != 0 || (status = cli_get_size(cli, "seed", 1, seed, err)) != 0 ||
	    (status = cli_get_double(cli, "scenario-effect", p->scenario_effect, &p->scenario_effect, err)) != 0 ||
	    (status = cli_get_double(cli, "moderation-inv", p->moderation_inv, &p->moderation_inv, err)) != 0 ||
	    (status = cli_get_double(cli, "moderation-trust", p->moderation_tru, &p->moderation_tru, err)) != 0 ||
	    (status = cli_get_double(cli, "shift", p->shift, &p->shift, err)) != 0 ||
	    (status = cli_get_double(cli, "missing-rate", p->missing_rate, &p->missing_rate, err)) != 0)
		return status;
	if (*n == 0)
		return sk_fail(err, SK_EXIT_USAGE, "--n must be at least 1");
	if (!(p->missing_rate >= 0 && p->missing_rate < 1))
		return sk_fail(err, SK_EXIT_USAGE, "--missing-rate must be a share from 0 to below 1");
	return 0;
}

int cmd_simulate(const struct cli *cli, struct sk_error *err)
{
	struct sim_params p;
	struct sim_recovery rec;
	enum design design;
	struct layout l;
	struct output data, cbook;
	char *cb_path = NULL;
	double *row = NULL;
	gsl_rng *rng = NULL, *justice_rng = NULL;
	size_t n, seed;
	int status, have_cb = 0;

	if (cli->n_positional)
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit simulate' takes no data file (see 'surveykit simulate --help')");
	if ((status = read_params(cli, &p, &rec, &design, &n, &seed, err)) != 0)
		return status;
	if (build_layout(&l, design) != 0 || !(row = malloc(l.n * sizeof *row)) || !(rng = gsl_rng_alloc(gsl_rng_mt19937)) ||
	    !(justice_rng = gsl_rng_alloc(gsl_rng_mt19937))) {
		status = sk_fail(err, SK_EXIT_OUTPUT, "out of memory");
		goto done;
	}
	gsl_rng_set(rng, (unsigned long)seed);
	gsl_rng_set(justice_rng, (unsigned long)seed + JUSTICE_STREAM);
	if ((status = output_open(&data, cli->output, err)) != 0)
		goto done;
	if (cli->output && strcmp(cli->output, "-") != 0) {
		if (!(cb_path = frame_codebook_path(cli->output))) {
			output_abort(&data);
			status = sk_fail(err, SK_EXIT_OUTPUT, "out of memory");
			goto done;
		}
		if ((status = output_open(&cbook, cb_path, err)) != 0) {
			output_abort(&data);
			goto done;
		}
		have_cb = 1;
	}
	csv_write_header(data.fp, (const char *const *)l.names, l.n);
	for (size_t i = 0; i < n && !ferror(data.fp); i++) {
		if (design == DESIGN_RECOVERY)
			draw_recovery_row(&p, &rec, rng, justice_rng, i + 1, row);
		else
			draw_row(&p, rng, design == DESIGN_WITHIN, i + 1, row);
		csv_write_numbers(data.fp, row, l.n);
	}
	if (have_cb && codebook_write(&l.cb, cbook.fp) != 0) {
		output_abort(&cbook);
		output_abort(&data);
		status = sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s'", cb_path);
		goto done;
	}
	/* the wave and its codebook land together */
	status = have_cb ? output_commit_pair(&data, &cbook, err) : output_commit(&data, err);
done:
	free(cb_path);
	free(row);
	gsl_rng_free(rng);
	gsl_rng_free(justice_rng);
	layout_free(&l);
	return status;
}
