/* The report's plan (analysis/report/report_parts.h): one job per section, each the document of the
 * single command named in it (analysis/commands.h), computed side by side on up to REPORT_THREADS
 * threads and assembled in plan order with its findings (report_findings.c) and charts
 * (report_charts.c). */
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/commands.h"
#include "analysis/report/report_parts.h"
#include "io/doc.h"
#include "io/strbuf.h"
#include "io/text.h"

/* "a,b,c" (malloc'ed), NULL when out of memory. */
static char *join(char **list, size_t n)
{
	struct strbuf b = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(&b, ',');
		strbuf_adds(&b, list[i]);
	}
	return strbuf_take(&b);
}

/* Adds a section to the plan: its command line is the single command that gives the same result. */
static int add_job(struct report *r, enum job_kind kind, const struct command_steps *steps, const char *command,
		   const char *id,
		   const char *title, const struct cli_value *vals, size_t n, const char *trait, struct sk_error *err)
{
	struct strbuf line = STRBUF_INIT;
	struct job *j;

	if (r->n_jobs == r->cap_jobs) {
		size_t cap = r->cap_jobs ? 2 * r->cap_jobs : 16;
		struct job *v = realloc(r->jobs, cap * sizeof *v);
		if (!v)
			return sk_out_of_memory(err);
		r->jobs = v;
		r->cap_jobs = cap;
	}
	j = &r->jobs[r->n_jobs++];
	memset(j, 0, sizeof *j);
	j->kind = kind;
	j->steps = steps;
	j->command = command;
	j->n = n;
	j->trait = trait;
	for (size_t i = 0; i < n; i++)
		j->vals[i] = vals[i];
	if (!(j->sec = calloc(1, sizeof *j->sec)) || !(j->sec->id = report_text(id)) ||
	    !(j->sec->title = report_text(title)))
		return sk_out_of_memory(err);
	/* the command is shown to be pasted into a shell: every word from the data is quoted */
	strbuf_addf(&line, "surveykit %s ", command);
	text_shell_word(&line, r->data);
	if (r->cli->codebook) {
		strbuf_adds(&line, " --codebook ");
		text_shell_word(&line, r->cli->codebook);
	}
	for (size_t i = 0; i < n; i++) {
		strbuf_addf(&line, " --%s", vals[i].name);
		if (vals[i].value[0]) {
			strbuf_addc(&line, ' ');
			text_shell_word(&line, vals[i].value);
		}
	}
	if (!strbuf_ok(&line)) {
		strbuf_release(&line);
		return sk_out_of_memory(err);
	}
	j->sec->command = report_text(strbuf_str(&line));
	strbuf_release(&line);
	return j->sec->command ? 0 : sk_out_of_memory(err);
}

/* A string the plan's options point to, freed with the jobs. */
static int push_owned(struct report *r, char *s)
{
	char **v = realloc(r->owned, (r->n_owned + 1) * sizeof *v);

	if (!v)
		return -1;
	r->owned = v;
	v[r->n_owned++] = s;
	return 0;
}

int report_add_job(struct report *r, enum job_kind kind, const struct command_steps *steps, const char *command,
		   const char *id, const char *title, const struct cli_value *vals, size_t n, const char *trait,
		   struct sk_error *err)
{
	return add_job(r, kind, steps, command, id, title, vals, n, trait, err);
}

int report_own(struct report *r, char *s)
{
	return push_owned(r, s);
}

/* A section's id or title, built anew. */
static const char *name_of(struct strbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *name_of(struct strbuf *b, const char *fmt, ...)
{
	va_list ap;

	strbuf_release(b);
	va_start(ap, fmt);
	strbuf_vaddf(b, fmt, ap);
	va_end(ap);
	return strbuf_ok(b) ? strbuf_str(b) : NULL;
}

/* The sections that repeat per outcome, per repeated measure and per trait; an id or title that
 * could not be built (out of memory) is NULL and ends the plan. */
static int plan_repeated(struct report *r, struct strbuf *id, struct strbuf *title, struct sk_error *err)
{
	const struct study *st = r->st;
	const char *i_s, *t_s;
	int status = 0;

	for (size_t o = 0; st->group && o < st->n_outcomes && status == 0; o++) {
		const struct cli_value v[] = {{"y", st->outcomes[o]}, {"by", st->group}};
		i_s = name_of(id, "compare-%s", st->outcomes[o]);
		t_s = name_of(title, "%s across the levels of %s", st->outcomes[o], st->group);
		status = i_s && t_s ? add_job(r, JOB_COMPARE, &compare_steps, "compare", i_s, t_s, v, 2, NULL, err)
				    : sk_out_of_memory(err);
	}
	for (size_t i = 0; i < st->n_within && status == 0; i++) {
		char *list = join(st->within[i].vars, st->within[i].n);
		const struct cli_value v[] = {{"within", list ? list : ""}};
		if (!list || push_owned(r, list) != 0) {
			free(list);
			return sk_out_of_memory(err);
		}
		i_s = name_of(id, "compare-within-%s", st->within[i].base);
		t_s = name_of(title, "%s across the scenarios (repeated measures)", st->within[i].base);
		status = i_s && t_s ? add_job(r, JOB_WITHIN, &compare_steps, "compare", i_s, t_s, v, 1,
					      st->within[i].base, err)
				    : sk_out_of_memory(err);
	}
	for (size_t o = 0; st->group && st->n_traits && o < st->n_outcomes && status == 0; o++) {
		const struct cli_value v[] = {{"y", st->outcomes[o]}, {"x", r->traits_joined}, {"by", st->group}};
		i_s = name_of(id, "regress-%s", st->outcomes[o]);
		t_s = name_of(title, "%s regressed on %s, per level of %s", st->outcomes[o], r->traits_joined,
			      st->group);
		status = i_s && t_s ? add_job(r, JOB_REGRESS, &regress_steps, "regress", i_s, t_s, v, 3, NULL, err)
				    : sk_out_of_memory(err);
	}
	for (size_t o = 0; st->group && o < st->n_outcomes; o++)
		for (size_t t = 0; t < st->n_traits && status == 0; t++) {
			const struct cli_value v[] = {{"y", st->outcomes[o]}, {"x", st->group}, {"w", st->traits[t]}, {"jn", ""}};
			i_s = name_of(id, "moderate-%s-by-%s", st->outcomes[o], st->traits[t]);
			t_s = name_of(title, "Moderation of the %s effect on %s by %s", st->group, st->outcomes[o],
				      st->traits[t]);
			status = i_s && t_s ? add_job(r, JOB_MODERATE, &moderate_steps, "moderate", i_s, t_s, v, 4,
						      st->traits[t], err)
					    : sk_out_of_memory(err);
		}
	return status;
}

static int plan(struct report *r, struct sk_error *err)
{
	const struct study *st = r->st;
	struct strbuf id = STRBUF_INIT, title = STRBUF_INIT;
	int status;

	if ((status = add_job(r, JOB_DESCRIBE, &describe_steps, "describe", "describe", "Data screening", NULL, 0, NULL,
			      err)) != 0)
		return status;
	if (r->ds->n_scales) {
		const struct cli_value v[] = {{"validity", ""}};
		if ((status = add_job(r, JOB_RELIABILITY, &reliability_steps, "reliability", "reliability",
				      "Reliability and principal-axis validity of the scales", v, 1, NULL, err)) != 0)
			return status;
	}
	if (r->ds->n_scales >= 2) {
		/* the measurement model, with cfa's defaults named */
		const struct cli_value v[] = {{"estimator", "ml"}, {"missing", "listwise"}};
		if ((status = add_job(r, JOB_CFA, &cfa_steps, "cfa", "cfa", "Measurement model (CFA)", v, 2,
				      NULL, err)) != 0)
			return status;
	}
	if (r->ds->n_scales >= 2 && (status = add_job(r, JOB_CORRELATE, &correlate_steps, "correlate", "correlations",
						      "Correlations of the scales", NULL, 0, NULL, err)) != 0)
		return status;
	status = plan_repeated(r, &id, &title, err);
	strbuf_release(&id);
	strbuf_release(&title);
	if (status != 0 || (status = report_plan_recovery(r, err)) != 0 || (status = report_plan_mediation(r, err)) != 0)
		return status;
	if (st->n_traits && st->n_outcomes) {
		/* tertiles crossed give 3^k segments: beyond three traits, median splits (2^k) */
		const struct cli_value v[] = {{"on", r->traits_joined},
					      {"method", st->n_traits <= REPORT_TERTILE_TRAITS ? "tertile" : "median"},
					      {"outcomes", r->outcomes_joined}};
		if ((status = add_job(r, JOB_SEGMENT, &segment_steps, "segment", "segments", "Segments by the customer traits",
				      v, 3, NULL, err)) != 0)
			return status;
	} else {
		report_note(r, "segments: no %s found (name them with --traits and --outcomes)",
			    st->n_traits ? "outcome scales" : "trait scales");
	}
	return 0;
}

static void run_job(struct report *r, struct job *j)
{
	struct cli opts = cli_derive(r->cli, j->command, &r->data, j->vals, j->n);

	const struct command_steps *s = j->steps;

	if (!(j->request = calloc(1, s->request_size)) || !(j->result = calloc(1, s->result_size))) {
		j->status = sk_out_of_memory(&j->err);
	} else if ((j->status = s->parse(&opts, j->request, &j->err)) == 0 &&
		   (j->status = s->run(j->request, j->ds ? j->ds : r->ds, j->result, &j->err)) == 0 && !(j->doc = s->emit(j->result))) {
		j->status = sk_out_of_memory(&j->err);
	}
	if (j->status == 0)
		doc_explain(j->doc);
}

static void *worker(void *arg)
{
	struct report *r = arg;

	for (;;) {
		size_t i;
		pthread_mutex_lock(&r->lock);
		i = r->next_job++;
		pthread_mutex_unlock(&r->lock);
		if (i >= r->n_jobs)
			return NULL;
		run_job(r, &r->jobs[i]);
	}
}

/* Starts the jobs on up to REPORT_THREADS - 1 threads besides the caller's (at most one per
 * processor in all), which joins them in finish_jobs. The document functions only read the
 * dataset; its cache fills each value once under its own lock. */
static int start_jobs(struct report *r, struct sk_error *err)
{
	size_t threads;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);

	threads = cores > 1 ? (size_t)cores : 1;
	threads = threads < REPORT_THREADS ? threads : REPORT_THREADS;
	threads = threads < r->n_jobs ? threads : r->n_jobs;
	if (pthread_mutex_init(&r->lock, NULL) != 0)
		return sk_fail(err, SK_EXIT_ANALYSIS, "cannot start the analyses");
	r->next_job = 0;
	r->n_threads = 0;
	for (size_t t = 1; t < threads; t++)
		if (pthread_create(&r->tid[r->n_threads], NULL, worker, r) == 0)
			r->n_threads++;
	return 0;
}

/* Runs the jobs left on the calling thread too and waits for all. */
static void finish_jobs(struct report *r)
{
	worker(r);
	for (size_t t = 0; t < r->n_threads; t++)
		pthread_join(r->tid[t], NULL);
	pthread_mutex_destroy(&r->lock);
}

/* Takes the exclusion record dataset_doc puts in every section's document (its "exclusions" and
 * its note) out of `doc`: the report shows it once, first. */
static void drop_exclusions(const struct report *r, json_t *doc)
{
	const json_t *note = json_array_get(json_object_get(r->exclusions, "notes"), 0);
	json_t *notes = json_object_get(doc, "notes");

	if (!r->exclusions)
		return;
	json_object_del(doc, "exclusions");
	for (size_t i = json_array_size(notes); note && i-- > 0;)
		if (json_equal(json_array_get(notes, i), note))
			json_array_remove(notes, i);
}

/* A CFA that could not be fitted (a model not identified, no convergence, a singular matrix) is a
 * note in its section, whose result is then the wave's envelope; the report goes on. */
static int cfa_failed(const struct report *r, struct job *j, struct sk_error *err)
{
	if (!(j->doc = dataset_doc(r->ds, "cfa")))
		return sk_out_of_memory(err);
	doc_note(j->doc, "the measurement model could not be fitted: %s", j->err.msg);
	j->status = 0;
	j->failed = 1;
	return 0;
}

/* The sections in plan order, with their findings and charts. */
static int assemble(struct report *r, struct sk_error *err)
{
	int status = 0;

	for (size_t i = 0; i < r->n_jobs && status == 0; i++) {
		struct job *j = &r->jobs[i];
		/* a section the wave cannot give, or whose planned command this study cannot take (e.g. too
		 * many segments from many traits), is a note */
		if (j->kind == JOB_CFA && j->status != 0 && (status = cfa_failed(r, j, err)) != 0)
			return status;
		if (j->status == SK_EXIT_ANALYSIS || j->status == SK_EXIT_USAGE) {
			report_note(r, "%s: not computed on this wave (%s)", j->sec->title, j->err.msg);
			continue;
		}
		if (j->status != 0) {
			*err = j->err;
			return j->status;
		}
		drop_exclusions(r, j->doc);
		j->sec->rows = (j->ds ? j->ds : r->ds)->frame.n_rows;
		j->sec->used = j->failed ? j->sec->rows : j->steps->used(j->result);
		j->sec->result = j->doc;
		j->doc = NULL;
		j->shown = 1;
		report_section_findings(r, j);
		status = report_section_charts(r, j, err);
	}
	return status;
}

int report_run_jobs(struct report *r, struct sk_error *err)
{
	int status;

	r->traits_joined = join(r->st->traits, r->st->n_traits);
	r->outcomes_joined = join(r->st->outcomes, r->st->n_outcomes);
	if (!r->traits_joined || !r->outcomes_joined)
		return sk_out_of_memory(err);
	if ((status = plan(r, err)) != 0 || (status = start_jobs(r, err)) != 0)
		return status;
	/* the sections compute on the other threads while this one writes the screening charts, which
	 * need only the data, and starts drawing them */
	status = report_screening_charts(r, r->jobs[0].sec, err);
	if (status == 0)
		chart_set_start(&r->charts);
	finish_jobs(r);
	return status == 0 ? assemble(r, err) : status;
}

void report_release_jobs(struct report *r)
{
	for (size_t i = 0; i < r->n_jobs; i++) {
		report_record_release(r->jobs[i].sec);
		json_decref(r->jobs[i].doc);
		if (r->jobs[i].request)
			r->jobs[i].steps->request_release(r->jobs[i].request);
		if (r->jobs[i].result)
			r->jobs[i].steps->result_release(r->jobs[i].result);
		free(r->jobs[i].request);
		free(r->jobs[i].result);
	}
	free(r->jobs);
	for (size_t i = 0; i < r->n_owned; i++)
		free(r->owned[i]);
	free(r->owned);
	free(r->traits_joined);
	free(r->outcomes_joined);
	report_recovery_release(r);
}
