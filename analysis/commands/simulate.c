/* surveykit simulate: writes a study-shaped wave from models/simulation.h and its codebook.
 * Between-subjects: one row per respondent with the scenario seen. Within-subjects: one row per
 * respondent with the outcome items of every scenario (sat_s1_1 ... pwom_s3_3). The same seed
 * gives the same file (GSL's MT19937). */
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
	{"design", "D", "between (default: one scenario per respondent) or within (all three)"},
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

/* The columns of a wave, built once: names and codebook entries side by side. */
struct layout {
	char **names;
	struct codebook cb;
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

static int build_layout(struct layout *l, int within)
{
	memset(l, 0, sizeof *l);
	if (add_column(l, "id", ROLE_ID, NULL, 0, NAN, NAN, NULL, "Respondent") != 0 ||
	    (!within && add_column(l, "scenario", ROLE_GROUP, NULL, 0, 1, 3, scenario_labels, "Recovery scenario") != 0) ||
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

static int read_params(const struct cli *cli, struct sim_params *p, int *within, size_t *n, size_t *seed,
		       struct sk_error *err)
{
	const char *design = cli_get(cli, "design");
	int status;

	sim_params_default(p);
	*within = design && strcmp(design, "within") == 0;
	if (design && !*within && strcmp(design, "between") != 0)
		return sk_fail(err, SK_EXIT_USAGE, "--design must be between or within, not '%s'", design);
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
	struct layout l;
	struct output data, cbook;
	char *cb_path = NULL;
	double *row = NULL;
	gsl_rng *rng = NULL;
	size_t n, seed;
	int within, status, have_cb = 0;

	if (cli->n_positional)
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit simulate' takes no data file (see 'surveykit simulate --help')");
	if ((status = read_params(cli, &p, &within, &n, &seed, err)) != 0)
		return status;
	if (build_layout(&l, within) != 0 || !(row = malloc(l.n * sizeof *row)) || !(rng = gsl_rng_alloc(gsl_rng_mt19937))) {
		status = sk_fail(err, SK_EXIT_OUTPUT, "out of memory");
		goto done;
	}
	gsl_rng_set(rng, (unsigned long)seed);
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
		draw_row(&p, rng, within, i + 1, row);
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
	layout_free(&l);
	return status;
}
