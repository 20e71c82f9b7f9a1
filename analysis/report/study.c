#include "analysis/report/study.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/codebook.h"
#include "io/doc.h"

static int contains(const char *s, const char *word)
{
	size_t n = strlen(word);

	for (; s && *s; s++)
		if (strncasecmp(s, word, n) == 0)
			return 1;
	return 0;
}

static int is_condition_name(const struct column *c)
{
	static const char *const words[] = {"scenario", "condition", "treatment", "recovery", "arm", "cell"};

	for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
		if (contains(c->name, words[i]) || contains(c->meta.label, words[i]))
			return 1;
	return 0;
}

/* 1 for involvement-like, 2 for trust-like, 0 otherwise. */
static int trait_kind(const struct scale *s)
{
	if (contains(s->name, "involv") || contains(s->label, "involv") || strncasecmp(s->name, "inv", 3) == 0)
		return 1;
	if (contains(s->name, "trust") || contains(s->label, "trust") || strncasecmp(s->name, "tru", 3) == 0)
		return 2;
	return 0;
}

/* A mediator between the scenario and the outcomes: perceived justice, or a scale so labelled. */
static int is_mediator(const struct scale *s)
{
	return contains(s->name, "justice") || contains(s->label, "justice") || contains(s->name, "mediator") ||
	       contains(s->label, "mediator");
}

/* A scale that is neither trait nor outcome: the failure-severity measure (a moderator in the
 * report's severity sections) or the manipulation check (the scale of role `check` items). */
static int is_design_measure(const struct dataset *ds, const struct scale *s)
{
	if (contains(s->name, "severity") || contains(s->label, "severity"))
		return 1;
	for (size_t i = 0; i < s->k; i++)
		if (codebook_purpose_of(&ds->codebook, ds->frame.cols[s->items[i]].name) != PURPOSE_CHECK)
			return 0;
	return s->k > 0;
}

static int push(char ***list, size_t *n, const char *name)
{
	char **l = realloc(*list, (*n + 2) * sizeof *l);

	if (!l)
		return -1;
	*list = l;
	if (!(l[*n] = strdup(name)))
		return -1;
	l[++*n] = NULL;
	return 0;
}

static int in_list(char **list, size_t n, const char *name)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], name) == 0)
			return 1;
	return 0;
}

static int check_variable(const struct dataset *ds, const char *name, const char *option, struct sk_error *err)
{
	if (dataset_find_scale(ds, name) || frame_find(&ds->frame, name) != SIZE_MAX)
		return 0;
	return sk_fail(err, SK_EXIT_INPUT, "%s: no column or scale named '%s' in '%s'", option, name, ds->frame.path);
}

/* Length of BASE when name is BASE_s<digits>, else 0. */
static size_t within_base(const char *name)
{
	size_t n = strlen(name), d = n;

	while (d > 0 && name[d - 1] >= '0' && name[d - 1] <= '9')
		d--;
	if (d == n || d < 3 || name[d - 1] != 's' || name[d - 2] != '_')
		return 0;
	return d - 2;
}

static int detect_within(const struct dataset *ds, struct study *st)
{
	for (size_t a = 0; a < ds->n_scales; a++) {
		const char *name = ds->scales[a].name;
		size_t len = within_base(name), k = 0;
		struct within_set *w;
		int seen = 0;
		if (!len)
			continue;
		for (size_t i = 0; i < st->n_within; i++)
			seen |= strlen(st->within[i].base) == len && strncmp(st->within[i].base, name, len) == 0;
		for (size_t b = a; b < ds->n_scales; b++)
			k += within_base(ds->scales[b].name) == len && strncmp(ds->scales[b].name, name, len) == 0;
		if (seen || k < 2)
			continue;
		w = realloc(st->within, (st->n_within + 1) * sizeof *w);
		if (!w)
			return -1;
		st->within = w;
		w = &st->within[st->n_within++];
		memset(w, 0, sizeof *w);
		if (!(w->base = strndup(name, len)))
			return -1;
		for (size_t b = a; b < ds->n_scales; b++)
			if (within_base(ds->scales[b].name) == len && strncmp(ds->scales[b].name, name, len) == 0 &&
			    push(&w->vars, &w->n, ds->scales[b].name) != 0)
				return -1;
	}
	return 0;
}

int study_detect(const struct cli *cli, const struct dataset *ds, struct study *st, struct sk_error *err)
{
	const char *group = cli_get(cli, "scenario");
	char **given = NULL;
	size_t n_given = 0;
	int status;

	memset(st, 0, sizeof *st);
	if (group) {
		if (frame_find(&ds->frame, group) == SIZE_MAX)
			return sk_fail(err, SK_EXIT_INPUT, "--scenario: no column named '%s' in '%s'", group, ds->frame.path);
	} else {
		const char *only = NULL;
		size_t n_groups = 0;
		for (size_t j = 0; j < ds->frame.n_cols && !group; j++) {
			const struct column *c = &ds->frame.cols[j];
			if (c->meta.role != ROLE_GROUP)
				continue;
			if (is_condition_name(c))
				group = c->name;
			else if (strcasecmp(c->name, "gender") != 0 && strcasecmp(c->name, "sex") != 0)
				only = c->name, n_groups++;
		}
		if (!group && n_groups == 1)
			group = only;
	}
	if (group) {
		struct grouping g;
		if ((status = dataset_grouping(ds, group, &g, err)) != 0)
			return status;
		st->group_levels = g.n_levels;
		grouping_release(&g);
		if (!(st->group = strdup(group)))
			goto oom;
	}
	if ((status = cli_get_list(cli, "traits", &given, &n_given, err)) != 0)
		goto fail;
	if (given) {
		for (size_t i = 0; i < n_given; i++)
			if ((status = check_variable(ds, given[i], "--traits", err)) != 0 ||
			    push(&st->traits, &st->n_traits, given[i]) != 0) {
				if (status == 0)
					goto oom;
				goto fail;
			}
	} else {
		for (int kind = 1; kind <= 2; kind++)
			for (size_t a = 0; a < ds->n_scales; a++)
				if (trait_kind(&ds->scales[a]) == kind && push(&st->traits, &st->n_traits, ds->scales[a].name) != 0)
					goto oom;
	}
	cli_list_free(given);
	given = NULL;
	if ((status = cli_get_list(cli, "mediators", &given, &n_given, err)) != 0)
		goto fail;
	if (given) {
		for (size_t i = 0; i < n_given; i++)
			if ((status = check_variable(ds, given[i], "--mediators", err)) != 0 ||
			    push(&st->mediators, &st->n_mediators, given[i]) != 0) {
				if (status == 0)
					goto oom;
				goto fail;
			}
	} else {
		for (size_t a = 0; a < ds->n_scales; a++)
			if (is_mediator(&ds->scales[a]) && !in_list(st->traits, st->n_traits, ds->scales[a].name) &&
			    push(&st->mediators, &st->n_mediators, ds->scales[a].name) != 0)
				goto oom;
	}
	cli_list_free(given);
	given = NULL;
	if ((status = cli_get_list(cli, "outcomes", &given, &n_given, err)) != 0)
		goto fail;
	if (given) {
		for (size_t i = 0; i < n_given; i++)
			if ((status = check_variable(ds, given[i], "--outcomes", err)) != 0 ||
			    push(&st->outcomes, &st->n_outcomes, given[i]) != 0) {
				if (status == 0)
					goto oom;
				goto fail;
			}
	} else {
		for (size_t a = 0; a < ds->n_scales; a++)
			if (!in_list(st->traits, st->n_traits, ds->scales[a].name) &&
			    !in_list(st->mediators, st->n_mediators, ds->scales[a].name) &&
			    !is_design_measure(ds, &ds->scales[a]) && push(&st->outcomes, &st->n_outcomes, ds->scales[a].name) != 0)
				goto oom;
	}
	cli_list_free(given);
	given = NULL;
	if (detect_within(ds, st) != 0)
		goto oom;
	return 0;
oom:
	status = sk_out_of_memory(err);
fail:
	cli_list_free(given);
	study_release(st);
	return status;
}

void study_release(struct study *st)
{
	for (size_t i = 0; i < st->n_within; i++) {
		for (size_t j = 0; j < st->within[i].n; j++)
			free(st->within[i].vars[j]);
		free(st->within[i].vars);
		free(st->within[i].base);
	}
	free(st->within);
	for (size_t i = 0; i < st->n_traits; i++)
		free(st->traits[i]);
	for (size_t i = 0; i < st->n_outcomes; i++)
		free(st->outcomes[i]);
	for (size_t i = 0; i < st->n_mediators; i++)
		free(st->mediators[i]);
	free(st->traits);
	free(st->outcomes);
	free(st->mediators);
	free(st->group);
	memset(st, 0, sizeof *st);
}

json_t *study_json(const struct study *st)
{
	json_t *o = json_object(), *t, *y;

	doc_str(o, "group", st->group);
	t = doc_arr(o, "traits");
	for (size_t i = 0; i < st->n_traits; i++)
		doc_push_str(t, st->traits[i]);
	y = doc_arr(o, "outcomes");
	for (size_t i = 0; i < st->n_outcomes; i++)
		doc_push_str(y, st->outcomes[i]);
	if (st->n_mediators) {
		json_t *m = doc_arr(o, "mediators");
		for (size_t i = 0; i < st->n_mediators; i++)
			doc_push_str(m, st->mediators[i]);
	}
	if (st->n_within) {
		json_t *w = doc_arr(o, "within");
		for (size_t i = 0; i < st->n_within; i++) {
			json_t *set = doc_push_obj(w), *vars;
			doc_str(set, "base", st->within[i].base);
			vars = doc_arr(set, "conditions");
			for (size_t j = 0; j < st->within[i].n; j++)
				doc_push_str(vars, st->within[i].vars[j]);
		}
	}
	doc_str(o, "rule", STUDY_RULE);
	return o;
}
