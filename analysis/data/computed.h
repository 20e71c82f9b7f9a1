/* Computed variables: a codebook row of role computed (or with a `compute` cell) is a
 * new column of the wave, its value in each row the expression (io/filter.h's language giving a
 * number: arithmetic such as (sev_1 + sev_2) / 2, whole-column values, recode(age, 18-34=1,
 * 35-54=2, 55-99=3)) over that row, so every command uses it like a column. They are computed in
 * codebook order when the wave is read, before --filter (a filter may use them), each over every
 * row read; a later one may use an earlier one. Missing cells (and division by zero) give a
 * missing value. The column takes the row's label and value labels, and role numeric. */
#ifndef SURVEYKIT_ANALYSIS_COMPUTED_H
#define SURVEYKIT_ANALYSIS_COMPUTED_H

#include "analysis/data/dataset.h"
#include "io/error.h"

/* Appends the computed columns to ds->frame (ds->n_computed of them). An expression that does not
 * parse or bind is exit 3: "codebook 'CB' line N: compute of 'NAME': MESSAGE". */
int computed_add(struct dataset *ds, struct sk_error *err);

#endif
