/* Reading any supported data file into a frame; the reader is chosen from the file's content
 * (SPSS .sav/.zsav/.por, Stata .dta and SAS .sas7bdat through ReadStat, io/readstat_reader.h;
 * everything else as CSV), not from its name. */
#ifndef SURVEYKIT_IO_INPUT_H
#define SURVEYKIT_IO_INPUT_H

#include "io/csv_reader.h"
#include "io/error.h"
#include "io/frame.h"

enum input_format { INPUT_CSV, INPUT_SAV, INPUT_ZSAV, INPUT_POR, INPUT_DTA, INPUT_SAS7BDAT };

/* Looks at the first bytes of `path`; exit 3 when it cannot be opened. */
int input_detect(const char *path, enum input_format *fmt, struct sk_error *err);
/* Reads `path` with the reader for its format. The CSV options' codebook and missing codes
 * apply to every format; labels and missing values stored in a labelled file fill each column's
 * meta unless the codebook says otherwise. */
int input_read_frame(const char *path, const struct csv_read_options *o, struct frame *out, struct sk_error *err);

#endif
