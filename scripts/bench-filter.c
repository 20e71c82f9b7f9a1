/* Timing of row filters (io/filter.h) on 1,000,000 rows held in a frame, the cost --filter adds to
 * a command beyond reading: parse, bind (whole-column values, quality steps) and the exclusion
 * record, best of RUNS runs in CPU seconds. Built and run by scripts/bench-filter; not a test.
 * Data: a seeded Qualtrics-like wave: increasing ids, consent (1; 2% 0, 1% missing), a text
 * Finished ("True"; 3% "False"), an attention check (3; 4% other answers), a duration in seconds
 * (log-normal around 420 s, 1% missing) and 20 Likert items in 5 scales. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "io/filter.h"
#include "io/filter_frame.h"

#define RUNS 7

/* CPU seconds of this process: steadier than the wall clock on a machine shared with other jobs,
 * and the same thing here, the filters running on one thread. */
static double now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
	return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static int build(struct frame *f, size_t n, int shuffled_ids)
{
	static const char *const scales[] = {"inv", "trust", "sat", "emotion", "pwom"};
	gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
	char name[32];
	int failed = 0;

	gsl_rng_set(r, 42);
	frame_init(f, "bench");
	failed |= frame_add_column(f, "ResponseId", COLUMN_NUMERIC);
	failed |= frame_add_column(f, "consent", COLUMN_NUMERIC);
	failed |= frame_add_column(f, "Finished", COLUMN_TEXT);
	failed |= frame_add_column(f, "attn", COLUMN_NUMERIC);
	failed |= frame_add_column(f, "Duration (in seconds)", COLUMN_NUMERIC);
	for (size_t j = 0; j < 20; j++) {
		snprintf(name, sizeof name, "%s_%zu", scales[j / 4], j % 4 + 1);
		failed |= frame_add_column(f, name, COLUMN_NUMERIC);
		f->cols[5 + j].meta.role = ROLE_ITEM;
		f->cols[5 + j].meta.scale = strdup(scales[j / 4]);
	}
	f->cols[0].meta.role = ROLE_ID;
	for (size_t i = 0; i < n && !failed; i++) {
		size_t row = frame_add_row(f, i + 4);
		double u = gsl_rng_uniform(r), id = shuffled_ids ? (double)gsl_rng_uniform_int(r, 4 * n) : (double)i + 1;
		const char *fin = gsl_rng_uniform(r) < 0.03 ? "False" : "True";
		failed |= row == SIZE_MAX;
		failed |= frame_set_number(f, 0, row, id);
		failed |= frame_set_number(f, 1, row, u < 0.01 ? NAN : u < 0.03 ? 0 : 1);
		failed |= frame_set_text(f, 2, row, fin, strlen(fin));
		failed |= frame_set_number(f, 3, row, gsl_rng_uniform(r) < 0.04 ? (double)gsl_rng_uniform_int(r, 3) + 1 : 3);
		failed |= frame_set_number(f, 4, row, gsl_rng_uniform(r) < 0.01 ? NAN : round(gsl_ran_lognormal(r, 6, 0.6)));
		for (size_t j = 0; j < 20; j++)
			failed |= frame_set_number(f, 5 + j, row, (double)gsl_rng_uniform_int(r, 7) + 1);
	}
	gsl_rng_free(r);
	return failed || frame_index_names(f) != 0 ? -1 : 0;
}

/* Seconds to parse, bind and record n steps over the frame (best of RUNS); prints the flow once. */
static double run(const struct filter_source *src, const char *const *steps, size_t n, int show)
{
	double best = INFINITY;

	for (int k = 0; k < RUNS; k++) {
		struct filter_program *p[8];
		struct filter_flow flow;
		struct filter_error err;
		double t0 = now();
		for (size_t s = 0; s < n; s++) {
			struct filter_expr *e;
			if (filter_parse(steps[s], &e, &err) != 0 || filter_bind(e, src, &p[s], &err) != 0) {
				fprintf(stderr, "bench-filter: '%s': %s\n", steps[s], err.message);
				exit(1);
			}
			filter_expr_free(e);
		}
		if (filter_flow_init(&flow, src->n_rows, n) != 0 || filter_flow_run(&flow, p, n) != 0) {
			fprintf(stderr, "bench-filter: out of memory\n");
			exit(1);
		}
		t0 = now() - t0;
		best = t0 < best ? t0 : best;
		if (show && k == 0) {
			for (size_t s = 0; s < n; s++)
				printf("    %-62s removes %7zu\n", steps[s], flow.removed[s]);
			printf("    %-62s    keeps %7zu of %zu\n", "", flow.kept, flow.rows_read);
		}
		filter_flow_release(&flow);
		for (size_t s = 0; s < n; s++)
			filter_program_free(p[s]);
	}
	return best;
}

int main(int argc, char **argv)
{
	static const char *const four[] = {
		"consent == 1",
		"Finished == 'True'",
		"attn == 3",
		"\"Duration (in seconds)\" >= median(\"Duration (in seconds)\") / 3",
	};
	static const char *const quality[] = {"not duplicate_id()", "not straightlining()",
					      "not too_fast(\"Duration (in seconds)\", 1/3)"};
	static const char *const arithmetic[] = {
		"(sat_1 + sat_2 + sat_3 + sat_4) / 4 >= 2 or missing(sat_1) or sat_1 * 2 - sat_2 / 3 > mean(sat_3)"};
	size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
	struct frame f, g;
	struct filter_frame_source src, shuffled;

	if (n < 10 || build(&f, n, 0) != 0 || build(&g, n, 1) != 0 || filter_frame_source_init(&src, &f) != 0 ||
	    filter_frame_source_init(&shuffled, &g) != 0) {
		fprintf(stderr, "bench-filter: out of memory or n < 10\n");
		return 1;
	}
	printf("bench-filter: %zu rows in memory, best of %d runs in CPU seconds (parse + bind + run + exclusion "
	       "record)\n", n, RUNS);
	printf("  the four acceptance steps (target < 0.05 s): %.4f s\n", run(&src.src, four, 4, 1));
	printf("  not duplicate_id(), ids in increasing order: %.4f s\n", run(&src.src, quality, 1, 0));
	printf("  not duplicate_id(), ids in random order (hash table): %.4f s\n", run(&shuffled.src, quality, 1, 0));
	printf("  not straightlining(), 20 items in 5 scales: %.4f s\n", run(&src.src, quality + 1, 1, 0));
	printf("  not too_fast(\"Duration (in seconds)\", 1/3): %.4f s\n", run(&src.src, quality + 2, 1, 0));
	printf("  arithmetic on 4 items, 3 comparisons, mean(): %.4f s\n", run(&src.src, arithmetic, 1, 0));
	filter_frame_source_release(&src);
	filter_frame_source_release(&shuffled);
	frame_free(&f);
	frame_free(&g);
	return 0;
}
