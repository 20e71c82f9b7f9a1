/* surveykit codebook DATA [-o codebook.csv]: a starting codebook for a wave, so the user edits
 * rather than types it. From a labelled file (.sav, ...) it holds the file's variable labels,
 * value labels and missing values; from a CSV (or wherever the file says nothing) the roles and
 * scales the dataset layer infers (analysis/data/infer.h), with each inferred item's range set to
 * the range observed over its scale's items, and values that look like missing codes
 * (infer_missing_codes) written as the column's missing codes. With --codebook CB the result is CB
 * completed and normalised. What inference decided is printed to standard error (not with --quiet). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/infer.h"
#include "io/frame_write.h"
#include "io/output.h"

const struct option_spec codebook_options[] = {
	{0},
};

/* An item without a range gets the one observed over its scale's items, suspected missing codes
 * left out (analysis/data/infer.h). */
static void fill_item_ranges(struct dataset *ds)
{
	struct frame *f = &ds->frame;

	for (size_t s = 0; s < ds->n_scales; s++) {
		const struct scale *sc = &ds->scales[s];
		double lo, hi;
		infer_answer_range(ds, sc->items, sc->k, &lo, &hi);
		if (!(lo < hi))
			continue;
		for (size_t j = 0; j < sc->k; j++) {
			struct var_meta *m = &f->cols[sc->items[j]].meta;
			if (isnan(m->min) && isnan(m->max)) {
				m->min = lo;
				m->max = hi;
			}
		}
	}
}

/* Suspected missing codes are written as the column's missing codes. */
static int declare_suspects(struct dataset *ds, struct sk_error *err)
{
	for (size_t i = 0; i < ds->n_suspects; i++) {
		const struct suspect_codes *s = &ds->suspects[i];
		struct var_meta *m = &ds->frame.cols[s->col].meta;
		double *codes = realloc(m->missing, (m->n_missing + s->n) * sizeof *codes);
		if (!codes)
			return sk_fail(err, SK_EXIT_OUTPUT, "out of memory");
		memcpy(codes + m->n_missing, s->code, s->n * sizeof *codes);
		m->missing = codes;
		m->n_missing += s->n;
	}
	return 0;
}

int cmd_codebook(const struct cli *cli, struct sk_error *err)
{
	const char *path;
	struct dataset ds;
	struct codebook cb;
	struct output out;
	int status;

	if ((status = cli_data_path(cli, &path, err)) != 0)
		return status;
	if ((status = dataset_load(&ds, path, cli, err)) != 0)
		return status;
	if (ds.inferred)
		fill_item_ranges(&ds);
	if ((status = declare_suspects(&ds, err)) != 0)
		goto done;
	if (frame_codebook(&ds.frame, &cb) != 0) {
		status = sk_fail(err, SK_EXIT_OUTPUT, "out of memory");
		goto done;
	}
	if ((status = output_open(&out, cli->output, err)) != 0)
		goto done_cb;
	if (codebook_write(&cb, out.fp) != 0) {
		output_abort(&out);
		status = sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s'", cli->output ? cli->output : "standard output");
		goto done_cb;
	}
	if ((status = output_commit(&out, err)) != 0)
		goto done_cb;
	if (!cli->quiet) {
		for (size_t i = 0; i < ds.n_warnings; i++)
			fprintf(stderr, "surveykit: warning: %s\n", ds.warnings[i]);
		for (size_t i = 0; i < ds.n_notes; i++)
			fprintf(stderr, "surveykit: note: %s\n", ds.notes[i]);
	}
done_cb:
	frame_codebook_release(&cb);
done:
	dataset_free(&ds);
	return status;
}
