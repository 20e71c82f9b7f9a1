/* Writing a whole frame to a data file: CSV (with its codebook beside it) or SPSS (.sav, .zsav,
 * .por through io/sav_writer.h), chosen by the output's extension. Used by `convert` and
 * `reshape`.
 *
 * CSV: as io/csv_writer.h writes a frame (numbers exact, a missing cell empty). The codebook (io/codebook.h: role, scale, reverse, min, max, missing, values, label of every
 * column) goes to the output's name without its extension plus ".codebook.csv"
 * (wave.csv -> wave.codebook.csv), so the pair reads back as it was written.
 *
 * Both files are written under temporary names and renamed into place only when both are
 * complete (io/output.h); on any failure neither is left behind (a codebook already renamed is
 * removed again if the data file then fails). */
#ifndef SURVEYKIT_IO_FRAME_WRITE_H
#define SURVEYKIT_IO_FRAME_WRITE_H

#include <stdio.h>

#include "io/codebook.h"
#include "io/error.h"
#include "io/frame.h"
#include "io/sav_writer.h"

enum frame_file_kind { FRAME_FILE_CSV, FRAME_FILE_SAV, FRAME_FILE_ZSAV, FRAME_FILE_POR, FRAME_FILE_UNKNOWN };

/* From the extension (case-insensitive): .csv or .txt, .sav, .zsav, .por; anything else
 * (including no extension) FRAME_FILE_UNKNOWN. */
enum frame_file_kind frame_file_kind(const char *path);
/* "csv", "sav", "zsav", "por". */
const char *frame_file_kind_name(enum frame_file_kind kind);

/* A codebook describing the frame's columns (their metas, named by column). The entries borrow
 * the frame's strings: valid while the frame is, released with frame_codebook_release. */
int frame_codebook(const struct frame *f, struct codebook *cb);
void frame_codebook_release(struct codebook *cb);

/* "wave.csv" -> "wave.codebook.csv" (malloc'ed; NULL when out of memory). */
char *frame_codebook_path(const char *data_path);

/* Writes the frame to `path` in the format its extension names (FRAME_FILE_UNKNOWN: CSV); for CSV also the codebook
 * (its path in *codebook_path when non-NULL, malloc'ed). `report` (may be NULL) says what SPSS
 * could not hold. Exit 4 on a write error, 3 when the data cannot be represented. */
int frame_write_file(const struct frame *f, const char *path, char **codebook_path,
		     struct sav_write_report *report, struct sk_error *err);

#endif
