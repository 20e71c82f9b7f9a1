/* A wave read as it is, for the commands that pass data on rather than analyse it (`convert`,
 * `reshape`): every cell keeps its value (a missing code such as -99 or a value outside a
 * codebook range stays in the cell), and the metadata says what the values mean: the labelled
 * file's own (io/readstat_reader.h), with the --codebook winning for what it states, and the
 * --missing codes added to every numeric column's missing codes. A codebook role text stores a
 * numeric column as text; text answers in a column whose codebook entry has values are stored
 * as their codes (io/value_codes.h); otherwise a codebook role item or numeric on a column holding
 * text is an error naming the first such cell, as when the wave is read for analysis. The output, written
 * by io/frame_write.h, then declares the codes missing instead of losing them. */
#ifndef SURVEYKIT_ANALYSIS_RAWDATA_H
#define SURVEYKIT_ANALYSIS_RAWDATA_H

#include <jansson.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "io/error.h"
#include "io/frame.h"
#include "io/frame_write.h"

int rawdata_load(const char *path, const struct cli *cli, struct frame *out, struct sk_error *err);

/* The CSV side of a conversion is a pair of files: without --codebook, a CSV `path` whose
 * codebook lies next to it (wave.csv -> wave.codebook.csv, as io/frame_write.h writes it) is
 * read with that codebook. Returns the codebook to use (cli->codebook, the neighbour, or NULL);
 * *found is the neighbour's malloc'ed path when it was picked (NULL otherwise). */
const char *rawdata_codebook(const char *path, const struct cli *cli, char **found);

/* Where `f` (read as it is, without a codebook) leaves a column's role unset, the dataset
 * layer's inference (`ds`, the same file loaded for analysis) fills role, scale, reverse, min
 * and max, so the written codebook is complete; its notes go to doc. */
void rawdata_infer(struct frame *f, const struct dataset *ds, json_t *doc);

/* --filter: keeps the rows of `f` (read as it is) that `ds` (the same file loaded for analysis)
 * kept, and puts the exclusion record in doc (input.rows becomes the rows kept); nothing without
 * --filter. Exit 3 when the two reads of the file differ in rows or columns. */
int rawdata_exclude(struct frame *f, const struct dataset *ds, json_t *doc, struct sk_error *err);

/* Writes `f` to `path` (io/frame_write.h) and records what was written in doc["output"]
 * ({"file", "format", "codebook", "rows", "columns"}), with notes for what SPSS could not hold. */
int rawdata_write(const struct frame *f, const char *path, json_t *doc, struct sk_error *err);

/* Usage error unless `path` ends in an extension io/frame_write.h writes. */
int rawdata_check_output(const struct cli *cli, const char *path, struct sk_error *err);

#endif
