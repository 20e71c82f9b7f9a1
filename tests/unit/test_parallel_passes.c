/* describe's and reliability's passes run side by side (analysis/data/parallel.h): the same
 * document, byte for byte, on 1, 2 and 3 threads, on a wave of several row blocks with missing
 * answers, straight-liners, a reverse-keyed item, an item stored as doubles, duplicate ids and
 * a group column. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "analysis/commands.h"
#include "analysis/commands/describe.h"
#include "analysis/commands/reliability.h"
#include "analysis/data/dataset.h"
#include "analysis/data/parallel.h"
#include "test.h"

#define WAVE_ROWS 40000 /* more than two of describe's blocks of rows */

static char wave_path[64], codebook_path[64];

/* A simulated wave: items a_1..a_4 (a_3 reverse-keyed), b_1..b_3 (b_2 with half-point answers,
 * so stored as doubles), a group g, a numeric x and an id with a few repeats. */
static void write_wave(void)
{
	FILE *fp;
	int fd;
	unsigned long r = 12345;

	strcpy(wave_path, "/tmp/surveykit-par-XXXXXX");
	fd = mkstemp(wave_path);
	fp = fdopen(fd, "w");
	fputs("id,g,x,a_1,a_2,a_3,a_4,b_1,b_2,b_3\n", fp);
	for (int i = 0; i < WAVE_ROWS; i++) {
		int base;
		r = r * 6364136223846793005UL + 1442695040888963407UL;
		base = 1 + (int)((r >> 33) % 7);
		fprintf(fp, "%d,%d,%d", i % 9973 == 5 ? 17 : i + 1, 1 + (int)((r >> 20) % 3), 18 + (int)((r >> 40) % 60));
		for (int j = 0; j < 7; j++) {
			unsigned long z = (r >> (3 * j)) & 63;
			int straight = (r >> 50) % 5 == 0; /* a fifth answer the same everywhere */
			int v = straight ? base : 1 + (int)((base + z) % 7);
			if ((z == 7 && j != 0) || (i % 1000 == 3 && j > 1))
				fputs(",", fp); /* missing; some rows miss most items */
			else if (j == 5 && !straight)
				fprintf(fp, ",%d.5", v < 7 ? v : 6);
			else
				fprintf(fp, ",%d", v);
		}
		fputc('\n', fp);
	}
	fclose(fp);
	strcpy(codebook_path, "/tmp/surveykit-parcb-XXXXXX");
	fd = mkstemp(codebook_path);
	fp = fdopen(fd, "w");
	fputs("column,role,scale,reverse,min,max\nid,id,,no,,\ng,group,,no,1,3\nx,numeric,,no,,\n"
	      "a_1,item,a,no,1,7\na_2,item,a,no,1,7\na_3,item,a,yes,1,7\na_4,item,a,no,1,7\n"
	      "b_1,item,b,no,1,7\nb_2,item,b,no,1,7\nb_3,item,b,no,1,7\n",
	      fp);
	fclose(fp);
}

/* The JSON document of `command` (describe or reliability) with `extra` arguments on `threads`
 * threads; NULL when it fails. */
static char *run(const char *command, const char *extra, size_t threads)
{
	char *argv[6] = {wave_path, "--codebook", codebook_path};
	int argc = 3;
	struct cli cli;
	struct dataset ds;
	struct sk_error err;
	char *text = NULL;
	json_t *doc = NULL;
	int is_describe = strcmp(command, "describe") == 0;

	if (extra) {
		argv[argc++] = "--by";
		argv[argc++] = (char *)extra;
	}
	if (cli_parse(&cli, command, is_describe ? describe_options : reliability_options, argc, argv, &err) != 0)
		return NULL;
	if (dataset_load(&ds, cli.positional[0], &cli, &err) == 0) {
		if (is_describe) {
			struct describe_request q;
			struct describe_result res = {0};
			if (describe_request_parse(&cli, &q, &err) == 0) {
				q.threads = threads;
				if (describe_run(&q, &ds, &res, &err) == 0)
					doc = describe_emit(&res);
				describe_result_release(&res);
			}
		} else {
			struct reliability_request q;
			struct reliability_result res = {0};
			if (reliability_request_parse(&cli, &q, &err) == 0) {
				q.threads = threads;
				if (reliability_run(&q, &ds, &res, &err) == 0)
					doc = reliability_emit(&res);
				reliability_result_release(&res);
			}
		}
		if (doc)
			text = json_dumps(doc, JSON_SORT_KEYS | JSON_REAL_PRECISION(17));
		json_decref(doc);
		dataset_free(&ds);
	}
	cli_free(&cli);
	return text;
}

static void same_on_any_threads(const char *command, const char *by)
{
	char *one = run(command, by, 1);

	CHECK(one != NULL);
	for (size_t threads = 2; one && threads <= 3; threads++) {
		char *more = run(command, by, threads);
		CHECK(more != NULL && strcmp(one, more) == 0);
		free(more);
	}
	free(one);
}

TEST(describe_is_the_same_on_any_number_of_threads)
{
	write_wave();
	same_on_any_threads("describe", NULL);
	same_on_any_threads("describe", "g");
	remove(wave_path);
	remove(codebook_path);
}

TEST(reliability_is_the_same_on_any_number_of_threads)
{
	write_wave();
	same_on_any_threads("reliability", NULL);
	same_on_any_threads("reliability", "g");
	remove(wave_path);
	remove(codebook_path);
}

static void square(void *ctx, size_t t)
{
	size_t *out = ctx;
	out[t] = t * t;
}

TEST(parallel_run_runs_each_task_once)
{
	for (size_t threads = 0; threads <= 4; threads++) {
		size_t out[100];
		memset(out, 0xff, sizeof out);
		parallel_run(100, threads, square, out);
		for (size_t t = 0; t < 100; t++)
			CHECK_INT(out[t], t * t);
	}
	parallel_run(0, 2, square, NULL); /* no task: nothing runs */
}

/* parallel_ordered: each task made once into its slot, used in order while its slot still holds
 * it; a nonzero use stops the pipeline and is returned. */
struct ordered_check {
	size_t slot_task[3];   /* the task each slot holds */
	size_t used[500], n_used;
	int bad, fail_at;
};

static void ordered_make(void *ctx, size_t t, size_t slot)
{
	struct ordered_check *c = ctx;

	if (slot != t % 3)
		c->bad = 1;
	for (volatile int spin = 0; spin < (int)(t % 7) * 200; spin++)
		; /* uneven tasks, so the threads overtake one another */
	c->slot_task[slot] = t;
}

static int ordered_use(void *ctx, size_t t, size_t slot)
{
	struct ordered_check *c = ctx;

	if (c->slot_task[slot] != t)
		c->bad = 1;
	c->used[c->n_used++] = t;
	return c->fail_at >= 0 && t == (size_t)c->fail_at ? 7 : 0;
}

TEST(parallel_ordered_uses_each_task_in_order)
{
	for (size_t threads = 0; threads <= 4; threads++) {
		struct ordered_check c = {.fail_at = -1};
		CHECK_INT(parallel_ordered(500, 3, threads, ordered_make, ordered_use, &c), 0);
		CHECK_INT(c.bad, 0);
		CHECK_INT(c.n_used, 500);
		for (size_t t = 0; t < c.n_used; t++)
			CHECK_INT(c.used[t], t);
		c = (struct ordered_check){.fail_at = 123};
		CHECK_INT(parallel_ordered(500, 3, threads, ordered_make, ordered_use, &c), 7);
		CHECK_INT(c.bad, 0);
		CHECK_INT(c.n_used, 124); /* nothing used after the failure */
	}
	CHECK_INT(parallel_ordered(0, 3, 2, ordered_make, ordered_use, NULL), 0);
}
