/* What the parts of the study report (analysis/report/report.h) share; no other command includes this.
 *   report.c           the command, report_write and the writing of report.txt, report.md and
 *                      results.json, and the helpers declared in analysis/report/report.h
 *   report_plan.c      the plan: one job per section, computed on threads, assembled in order
 *   report_findings.c  the findings in words, from each section's result
 *   report_charts.c    the charts, from the data and from each section's result
 *   report_common.c    the helpers of analysis/report/report.h shared with waves.c
 *   report_recovery.c  the plan of the sections on the recovery questions
 *   report_recovery_results.c  their findings and charts
 *   report_measurement.c  the measurement model's charts (HTMT, loadings)
 *   report_records.c   the sections' records, the findings, the notes, and results.json's tree
 * A report is built by one call of report_write; every part reads the options, the wave and its
 * study plan through it and adds to its records, findings and notes. */
#ifndef SURVEYKIT_ANALYSIS_REPORT_PARTS_H
#define SURVEYKIT_ANALYSIS_REPORT_PARTS_H

#include <jansson.h>
#include <math.h>
#include <pthread.h>
#include <stddef.h>

#include "analysis/cli/cli.h"
#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/report/study.h"
#include "io/error.h"
#include "io/gnuplot.h"
#include "io/strbuf.h"

/* Sections are computed side by side on up to this many threads (at most one per processor). */
#define REPORT_THREADS 4
/* Segments are the traits' tertiles crossed for up to this many traits, their median splits beyond. */
#define REPORT_TERTILE_TRAITS 3

/* --- the plan: one job per section, computed in parallel, assembled in order ------------------- */

enum job_kind {
	JOB_DESCRIBE,
	JOB_RELIABILITY,
	JOB_CFA,
	JOB_CORRELATE,
	JOB_COMPARE,
	JOB_WITHIN,
	JOB_REGRESS,
	JOB_MODERATE,
	JOB_SEGMENT,
	JOB_MEDIATION,
	/* report_recovery.c */
	JOB_BALANCE,  /* randomisation check (crosstab); trait "age": the age groups */
	JOB_CHECK,    /* manipulation check (compare --contrast linear) */
	JOB_PARADOX,  /* recovery paradox (compare --control) */
	JOB_ZONE,     /* zone of tolerance (compare --zone) */
	JOB_SEVERITY, /* scenario x severity (process --model 1) */
	JOB_BUFFER    /* scenario x severity x trust (process --model 3) */
};

/* A chart listed in its section: its title, its file in each format drawn (NULL: not drawn in that
 * format) and its gnuplot script, all paths under the report's directory. */
struct report_chart {
	char *title, *png, *svg, *pdf, *script;
};

/* A section of the report: what report.txt, report.md, report.html and report.docx show of it and
 * what results.json lists (report_records.c writes it there: id, title, args, command, result,
 * charts, chart_data). `result` is the command's document, kept only to be shown as the command's
 * own output; `chart_data` the numbers of its charts (NULL: none yet); `rows` and `used` the rows
 * its command read and used, as the document's input says (the table of rows used shows them). */
struct report_record {
	char *id, *title, *command;
	json_t *result;
	size_t rows, used;
	struct report_chart *charts;
	size_t n_charts;
	json_t *chart_data;
};

/* Lines of text in order: the report's findings and its notes. */
struct report_lines {
	char **v;
	size_t n, cap;
};

/* A section's command: its typed steps; the section's result struct is what its findings and
 * charts read. */
struct job {
	enum job_kind kind;
	const struct command_steps *steps;
	void *request, *result; /* steps: the parsed options and the result, released with the jobs */
	const char *command;
	struct cli_value vals[8];
	size_t n;
	const char *trait; /* JOB_MODERATE, JOB_MEDIATION: the moderator; JOB_WITHIN: the outcome's base name */
	const struct dataset *ds; /* the rows the section uses; NULL: the wave */
	int failed;        /* JOB_CFA: the model could not be fitted (a note in its section) */
	int shown;         /* computed and shown in the report (a section the wave cannot give is a note) */
	struct report_record *sec;
	json_t *doc;
	int status;
	struct sk_error err;
};

struct recovery_plan;
struct dm_docx_job;

struct report {
	const struct cli *cli;
	const struct dataset *ds;
	const struct study *st;
	const char *data;
	struct report_lines findings, notes;
	/* with --filter: {"exclusions": {...}, "notes": ["exclusions: SENTENCE"]}, the record shown
	 * once as the report's first table (each section's copy is taken out), NULL without */
	json_t *exclusions;
	json_t *exclusions_json; /* results.json's "exclusions": the record with its sentence */
	struct chart_set charts;
	struct job *jobs;
	size_t n_jobs, cap_jobs, next_job;
	pthread_mutex_t lock;
	pthread_t tid[REPORT_THREADS];
	size_t n_threads;
	char *traits_joined, *outcomes_joined;
	char **owned;
	size_t n_owned;
	struct recovery_plan *recovery; /* report_recovery.c's, NULL until planned */
	struct dm_docx_job *docx; /* report.docx's pandoc, started before the charts are drawn, or NULL */
};

/* report_records.c: the records of the report and results.json's tree built from them. */
/* s with every byte that is not UTF-8 made U+FFFD, as results.json holds it (malloc'ed; NULL when
 * out of memory). */
char *report_text(const char *s);
/* The finding in `line` (released) added to the report; one that ran out of memory is left out. */
void report_finding(struct report *r, struct strbuf *line);
/* A note of the report (io/doc.h's doc_note's rule: a line already said is not said again). */
void report_note(struct report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_lines_release(struct report_lines *l);
void report_record_release(struct report_record *sec);
/* The section's "chart_data" object, created on first use. */
static inline json_t *chart_data(struct report_record *sec)
{
	return sec->chart_data ? sec->chart_data : (sec->chart_data = json_object());
}
/* results.json's tree (a new reference; NULL when out of memory): command, version, input, study,
 * exclusions (with --filter), findings, sections (those shown, in plan order), notes and
 * charts_rendered. */
json_t *report_results_json(const struct report *r);

/* report_plan.c: plans the sections, computes them on the threads while this one draws the
 * screening charts, and assembles them in plan order (the sections a wave cannot give become
 * notes); report_release_jobs frees the plan, whether or not it ran. */
int report_run_jobs(struct report *r, struct sk_error *err);
void report_release_jobs(struct report *r);

/* A typed section's job (at most 8 values, which must outlive the report, as `s` given to
 * report_own does), and a string freed with the jobs. */
int report_add_job(struct report *r, enum job_kind kind, const struct command_steps *steps, const char *command,
		   const char *id, const char *title, const struct cli_value *vals, size_t n, const char *trait,
		   struct sk_error *err);
int report_own(struct report *r, char *s);

/* report_mediation.c: the mediation section's jobs (planned after moderation), its findings and
 * its chart of conditional indirect effects. */
int report_plan_mediation(struct report *r, struct sk_error *err);
void report_mediation_findings(struct report *r, const struct job *j);
int report_mediation_chart(struct report *r, const struct job *j, struct sk_error *err);

/* report_recovery.c: plans the recovery sections of a wave with a condition and frees what the
 * plan kept (after the jobs); the control level the severity models leave out (NULL when none). */
int report_plan_recovery(struct report *r, struct sk_error *err);
void report_recovery_release(struct report *r);
const char *report_recovery_control(const struct report *r);
/* report_recovery_results.c: the recovery sections' findings and charts. */
void report_recovery_findings(struct report *r, const struct job *j);
int report_recovery_charts(struct report *r, const struct job *j, struct sk_error *err);

/* report_measurement.c: the measurement model section's charts. */
int report_measurement_charts(struct report *r, const struct job *j, struct sk_error *err);

/* report_findings.c: the findings of a computed section, appended to r->findings. */
void report_section_findings(struct report *r, const struct job *j);

/* report_charts.c: the screening charts (each scale's item answers, then each scale's histogram)
 * into the screening section `sec`, and the charts of a computed section into its own. */
int report_screening_charts(struct report *r, struct report_record *sec, struct sk_error *err);
int report_section_charts(struct report *r, const struct job *j, struct sk_error *err);
/* A chart just drawn listed in section `sec` under `title` (report_records.c). */
void report_attach_chart(const struct report *r, struct report_record *sec, const char *title);

#endif
