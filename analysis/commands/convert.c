/* surveykit convert IN OUT [--scores]: a wave from one file format to another, CSV (with its
 * codebook beside it) <-> SPSS .sav/.zsav/.por, keeping every value, variable label, value label
 * and missing code (analysis/data/rawdata.h, io/frame_write.h). Input formats are recognised by
 * content (also Stata .dta and SAS .sas7bdat); the output format by OUT's extension. A CSV IN
 * is read with the codebook next to it unless --codebook says otherwise; where neither a
 * codebook nor the file states a column's role, what the dataset layer infers is written, so
 * the output analyses as the input does. --scores
 * appends each scale's score, computed as every analysis computes it (analysis/data/dataset.h), as a
 * new column SCALE_score (not SCALE: a column with a scale's name would hide the scale when the
 * converted wave is read back with its codebook). A column name SPSS rejects is renamed for an
 * SPSS output ("Duration (in seconds)" -> "Duration_in_seconds", io/spss_names.h), the original
 * kept as the variable label, the mapping under "renamed". --filter keeps the rows it keeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/commands.h"
#include "analysis/data/dataset.h"
#include "analysis/data/rawdata.h"
#include "io/doc.h"
#include "io/frame_write.h"
#include "io/spss_names.h"
#include "io/strbuf.h"

const struct option_spec convert_options[] = {
	{"scores", NULL, "append each scale's score (mean of its items) as a column SCALE_score"},
	{0},
};

/* One scale's score as the column SCALE_score (its name left in `name`), labelled with the scale's
 * label or what it is. */
static int append_score(struct frame *f, const struct dataset *ds, const struct scale *sc, const char *path,
			struct strbuf *name, struct sk_error *err)
{
	struct strbuf label = STRBUF_INIT;
	struct variable v;
	struct var_meta *m;
	size_t col = f->n_cols;
	int status;

	strbuf_reset(name);
	strbuf_addf(name, "%s_score", sc->name);
	if (!strbuf_ok(name))
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	if (frame_find(f, strbuf_str(name)) != SIZE_MAX)
		return sk_fail(err, SK_EXIT_INPUT, "cannot add the score of scale '%s': '%s' already has a column '%s'",
			       sc->name, path, strbuf_str(name));
	if ((status = dataset_variable(ds, sc->name, &v, err)) != 0)
		return status;
	if (frame_add_column(f, strbuf_str(name), COLUMN_NUMERIC) != 0) {
		variable_release(&v);
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	}
	for (size_t i = 0; i < v.n; i++)
		if (frame_set_number(f, col, i, v.v[i]) != 0) {
			variable_release(&v);
			return sk_fail(err, SK_EXIT_INPUT, "out of memory");
		}
	variable_release(&v);
	m = &f->cols[col].meta;
	m->role = ROLE_NUMERIC;
	if (sc->label)
		strbuf_adds(&label, sc->label);
	else
		strbuf_addf(&label, "Score of scale %s: mean of its %zu items", sc->name, sc->k);
	if (!(m->label = strbuf_take(&label)))
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	return 0;
}

/* Appends the scale scores of the wave (loaded for analysis in `ds`) to `f` (read as it is). */
static int append_scores(struct frame *f, const struct dataset *ds, const char *path, json_t *doc, struct sk_error *err)
{
	struct strbuf name = STRBUF_INIT;
	json_t *names;
	int status = 0;

	if (ds->n_scales == 0)
		return sk_fail(err, SK_EXIT_INPUT, "cannot score '%s': it has no scales (give --codebook CB)", path);
	names = doc_arr(doc, "scores");
	for (size_t s = 0; s < ds->n_scales; s++) {
		if ((status = append_score(f, ds, &ds->scales[s], path, &name, err)) != 0)
			break;
		doc_push_str(names, strbuf_str(&name));
	}
	strbuf_release(&name);
	if (status != 0)
		return status;
	if (ds->min_items)
		doc_note(doc, "scores need at least %zu answered items (--min-items)", ds->min_items);
	return 0;
}

/* Reads IN as it is, and (for --scores, or to complete what neither a codebook nor the file
 * says) for analysis too. `c` is the command line with the codebook to use. */
static int load(const char *in, const struct cli *c, int scores, struct frame *f, json_t **doc, struct sk_error *err)
{
	struct dataset ds;
	int need_ds = scores || c->n_filters, status;

	if ((status = rawdata_load(in, c, f, err)) != 0)
		return status;
	for (size_t j = 0; j < f->n_cols && !c->codebook; j++)
		if (f->cols[j].meta.role == ROLE_UNSET)
			need_ds = 1;
	*doc = doc_new("convert", in, f->n_rows, f->n_rows);
	if (!need_ds)
		return 0;
	if ((status = dataset_load(&ds, in, c, err)) != 0)
		return status;
	if ((status = rawdata_exclude(f, &ds, *doc, err)) != 0) {
		dataset_free(&ds);
		return status;
	}
	if (!c->codebook)
		rawdata_infer(f, &ds, *doc);
	if (scores)
		status = append_scores(f, &ds, in, *doc, err);
	dataset_free(&ds);
	return status;
}

/* For an SPSS output: the names SPSS rejects renamed (io/spss_names.h), the mapping in
 * doc["renamed"] ({"column", "spss_name"}) and a note. */
static int spss_names(struct frame *f, const char *out, json_t *doc, struct sk_error *err)
{
	enum frame_file_kind kind = frame_file_kind(out);
	struct spss_rename *renames;
	size_t n;
	json_t *list;

	if (kind != FRAME_FILE_SAV && kind != FRAME_FILE_ZSAV && kind != FRAME_FILE_POR)
		return 0;
	if (spss_names_apply(f, kind == FRAME_FILE_POR, &renames, &n) != 0) {
		spss_renames_free(renames, n);
		return sk_fail(err, SK_EXIT_INPUT, "out of memory");
	}
	if (n) {
		list = doc_arr(doc, "renamed");
		for (size_t i = 0; i < n; i++) {
			json_t *row = doc_push_obj(list);
			doc_str(row, "column", renames[i].from);
			doc_str(row, "spss_name", f->cols[renames[i].col].name);
		}
		doc_note(doc, "%zu column name%s SPSS does not accept renamed (the first: '%s' -> '%s'); the original name is the variable label where there was none",
			 n, n == 1 ? "" : "s", renames[0].from, f->cols[renames[0].col].name);
	}
	spss_renames_free(renames, n);
	return 0;
}

int cmd_convert(const struct cli *cli, struct sk_error *err)
{
	const char *in, *out;
	struct cli c = *cli;
	char *found = NULL;
	struct frame f;
	json_t *doc = NULL;
	int status;

	if (cli->n_positional != 2)
		return sk_fail(err, SK_EXIT_USAGE, "'surveykit convert' takes IN and OUT, got %zu file%s (see 'surveykit convert --help')",
			       cli->n_positional, cli->n_positional == 1 ? "" : "s");
	in = cli->positional[0];
	out = cli->positional[1];
	if ((status = rawdata_check_output(cli, out, err)) != 0)
		return status;
	c.codebook = rawdata_codebook(in, cli, &found);
	frame_init(&f, NULL);
	if ((status = load(in, &c, cli_flag(cli, "scores"), &f, &doc, err)) != 0)
		goto done;
	if (found)
		doc_note(doc, "codebook '%s' read as the codebook of '%s'", found, in);
	if ((status = spss_names(&f, out, doc, err)) != 0)
		goto done;
	if ((status = command_check_output(cli, err)) != 0 || (status = rawdata_write(&f, out, doc, err)) != 0)
		goto done;
	status = command_output(cli, doc, err);
done:
	json_decref(doc);
	frame_free(&f);
	free(found);
	return status;
}
