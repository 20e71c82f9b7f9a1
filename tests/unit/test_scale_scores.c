/* Scale scores of one-byte whole-number items are summed in integers (analysis/data/dataset.c:
 * sum_whole_bytes); they must be, bit for bit, the mean of the reverse-coded items as doubles:
 * here on 70 items (the 16-bit partial sums carried more than once), reversed and not, with
 * negative codes, missing answers, partial rows under --min-items, and more rows than a chunk. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "test.h"

#define SCORE_ITEMS 70
#define SCORE_ROWS 9000 /* more than DATASET_SCORE_ROWS */

static void write_items(const char *data, const char *codebook)
{
	FILE *fp = fopen(data, "w"), *cb = fopen(codebook, "w");
	unsigned long r = 99;

	for (int j = 0; j < SCORE_ITEMS; j++)
		fprintf(fp, "%sq_%d", j ? "," : "", j + 1);
	fputc('\n', fp);
	for (int i = 0; i < SCORE_ROWS; i++) {
		for (int j = 0; j < SCORE_ITEMS; j++) {
			r = r * 6364136223846793005UL + 1442695040888963407UL;
			if ((r >> 40) % 200 == 0 || (i % 50 == 7 && j % 2))
				fprintf(fp, "%s", j ? "," : ""); /* missing; every 50th row misses half */
			else
				fprintf(fp, "%s%d", j ? "," : "", (int)((r >> 33) % 13) - 3); /* -3 .. 9 */
		}
		fputc('\n', fp);
	}
	fputs("column,role,scale,reverse,min,max\n", cb);
	for (int j = 0; j < SCORE_ITEMS; j++)
		fprintf(cb, "q_%d,item,q,%s,-3,9\n", j + 1, j % 3 == 1 ? "yes" : "no");
	fclose(fp);
	fclose(cb);
}

/* The scores of scale q loaded with `extra` arguments against the mean of dataset_item_value
 * over the answered items, item by item in doubles: how many differ in any bit. */
static size_t score_differences(const char *data, const char *codebook, char **extra, int n_extra)
{
	char *argv[6] = {(char *)data, "--codebook", (char *)codebook};
	int argc = 3;
	struct cli cli;
	struct dataset ds;
	struct variable v;
	struct sk_error err;
	size_t bad = SIZE_MAX;

	for (int i = 0; i < n_extra; i++)
		argv[argc++] = extra[i];
	if (cli_parse(&cli, "describe", NULL, argc, argv, &err) != 0)
		return bad;
	if (dataset_load(&ds, cli.positional[0], &cli, &err) == 0) {
		const struct scale *s = dataset_find_scale(&ds, "q");
		size_t need = ds.min_items ? ds.min_items : s->k;
		if (s && s->k == SCORE_ITEMS && dataset_variable(&ds, "q", &v, &err) == 0) {
			bad = 0;
			for (size_t j = 0; j < s->k; j++) /* the items the integer sums are for */
				CHECK(ds.frame.cols[s->items[j]].small != NULL);
			for (size_t i = 0; i < ds.frame.n_rows; i++) {
				double sum = 0, want;
				size_t answered = 0;
				for (size_t j = 0; j < s->k; j++) {
					double x = dataset_item_value(&ds, s, j, i);
					if (!isnan(x))
						sum += x, answered++;
				}
				want = answered >= need ? sum / (double)answered : NAN;
				bad += isnan(want) ? !isnan(v.v[i]) : memcmp(&want, &v.v[i], sizeof want) != 0;
			}
			variable_release(&v);
		}
		dataset_free(&ds);
	}
	cli_free(&cli);
	return bad;
}

TEST(scale_scores_of_whole_one_byte_items_are_the_double_means)
{
	char data[] = "/tmp/surveykit-scores-XXXXXX", codebook[] = "/tmp/surveykit-scorescb-XXXXXX";
	char *partial[] = {"--min-items", "30"};

	fclose(fdopen(mkstemp(data), "w"));
	fclose(fdopen(mkstemp(codebook), "w"));
	write_items(data, codebook);
	CHECK_INT(score_differences(data, codebook, NULL, 0), 0);
	CHECK_INT(score_differences(data, codebook, partial, 2), 0);
	remove(data);
	remove(codebook);
}
