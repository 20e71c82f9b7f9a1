/* surveykit codebook DATA [-o codebook.csv]: a starting codebook for a wave, so the user edits
 * rather than types it. From a labelled file (.sav, ...) it holds the file's variable labels,
 * value labels and missing values; from a CSV (or wherever the file says nothing) the roles and
 * scales the dataset layer infers (analysis/infer.h), with each inferred item's range set to
 * the range observed over its scale's items. With --codebook CB the result is CB completed and
 * normalised. What inference decided is printed to standard error (not with --quiet). */
#include <math.h>
#include <stdio.h>

#include "analysis/commands.h"
#include "analysis/dataset.h"
#include "io/frame_write.h"
#include "io/output.h"

const struct option_spec codebook_options[] = {
	{0},
};

/* An item without a range gets the one observed over its scale's items. */
static void fill_item_ranges(struct dataset *ds)
{
	struct frame *f = &ds->frame;

	for (size_t s = 0; s < ds->n_scales; s++) {
		const struct scale *sc = &ds->scales[s];
		double lo = INFINITY, hi = -INFINITY;
		for (size_t j = 0; j < sc->k; j++)
			for (size_t i = 0; i < f->n_rows; i++) {
				double v = frame_value(f, sc->items[j], i);
				if (!isnan(v)) {
					lo = v < lo ? v : lo;
					hi = v > hi ? v : hi;
				}
			}
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
	if (!cli->quiet)
		for (size_t i = 0; i < ds.n_notes; i++)
			fprintf(stderr, "surveykit: note: %s\n", ds.notes[i]);
done_cb:
	frame_codebook_release(&cb);
done:
	dataset_free(&ds);
	return status;
}
