/* A loaded wave: the frame read from the data file, its codebook (given or inferred), and its
 * scales. Any command asks it for a variable by name (a column, or a scale whose score is
 * computed on demand) or for a grouping (levels and labels of a categorical column).
 *
 * Scale score: the mean of the scale's items after reverse-coding (min + max - x);
 * by default every item must be present (the SPSS MEAN.k / PROCESS habit), --min-items K accepts
 * a respondent with at least K answered items. */
#ifndef SURVEYKIT_ANALYSIS_DATASET_H
#define SURVEYKIT_ANALYSIS_DATASET_H

#include <jansson.h>
#include <stddef.h>

#include "analysis/cli/cli.h"
#include "analysis/data/exclusions.h"
#include "io/codebook.h"
#include "io/error.h"
#include "io/frame.h"

/* Values of a column that look like missing-value codes though nothing declares them missing
 * (analysis/data/infer.h: infer_missing_codes); they are used as answers, with a warning. */
#define SUSPECT_CODES_MAX 3
struct suspect_codes {
	size_t col;
	size_t n;                        /* 1..SUSPECT_CODES_MAX */
	double code[SUSPECT_CODES_MAX];  /* ascending */
	size_t cells[SUSPECT_CODES_MAX]; /* cells holding each */
	double lo, hi;                   /* the range of the column's other values */
};

struct scale {
	char *name;
	size_t *items; /* column indices in the frame */
	size_t k;
	char *label;   /* NULL unless known */
};

struct dataset {
	struct frame frame;
	struct codebook codebook; /* as given, or empty */
	int inferred;             /* 1 when roles and scales were inferred (no codebook) */
	struct scale *scales;
	size_t n_scales;
	size_t *scales_by_name;   /* scale indices sorted by name, built by dataset_load */
	size_t min_items;         /* 0: all items */
	char **notes;             /* what inference decided, what was skipped */
	size_t n_notes;
	char **warnings;          /* what may make a result wrong (suspected missing codes) */
	size_t n_warnings;
	size_t n_computed;        /* computed variables: the frame's last columns (analysis/data/computed.h) */
	struct exclusions *exclusions; /* --filter: the exclusion record (analysis/data/exclusions.h);
					  the frame holds the rows kept; NULL without --filter */
	char **references;        /* --reference VAR=LEVEL (copies): the first level of VAR's groupings */
	size_t n_references;
	struct suspect_codes *suspects; /* without a codebook: columns with suspected missing codes */
	size_t n_suspects;
	struct dataset_cache *cache; /* values computed once per wave and shared by every analysis of it
					(dataset_variable, dataset_grouping); filled under a lock, so
					analyses may run on the same wave from several threads */
};

/* Reads DATA (and --codebook when given), applies the codebook or infers one, applies the
 * --filter steps (the frame then holds the rows kept), builds the scales.
 * The file's format is chosen from its content (CSV, or SPSS/Stata/SAS when supported). */
int dataset_load(struct dataset *ds, const char *path, const struct cli *cli, struct sk_error *err);
void dataset_free(struct dataset *ds);

const struct scale *dataset_find_scale(const struct dataset *ds, const char *name);
/* The items of a scale reverse-coded where the codebook says so: value of item j in row i. */
double dataset_item_value(const struct dataset *ds, const struct scale *s, size_t j, size_t row);
/* For an item stored in one byte per cell: fills value[code] with what dataset_item_value gives
 * for each byte code (NaN for missing), so a pass over the column reads
 * value[(uint8_t)small[row]]; returns the column's bytes, or NULL for an item stored otherwise. */
const int8_t *dataset_item_table(const struct dataset *ds, const struct scale *s, size_t j, double value[256]);

/* Scale scores of rows [from, from + n), n at most DATASET_SCORE_ROWS, into out: the values
 * dataset_variable gives, without a copy of the whole score (`score` writes a wave chunk by chunk). */
#define DATASET_SCORE_ROWS 8192
void dataset_score_rows(const struct dataset *ds, const struct scale *s, size_t from, size_t n, double *out);
/* 0 when some row has a score of scale s; otherwise exit 1 with dataset_variable's message. */
int dataset_check_scale(const struct dataset *ds, const struct scale *s, struct sk_error *err);

/* Moments of a numeric column; one-byte columns (answer codes) are counted, not copied.
 * `work` holds n_rows doubles. */
struct moments;
void dataset_column_moments(const struct dataset *ds, size_t col, double *work, struct moments *m);

/* A numeric variable over all rows: n values, NaN = missing. `v` belongs to the dataset (its
 * cache, or the column itself) and stays valid until dataset_free; it is never written to. */
struct variable {
	char *name;
	const double *v;
	size_t n;
	const struct var_meta *meta; /* the column's metadata, NULL for a scale */
	const struct scale *scale;   /* non-NULL for a scale score */
};

/* A column (numeric) or a scale score by name; exit 3 "no column or scale named ..." otherwise,
 * exit 1 naming the variable when every value is missing. A scale is scored, and a one-byte
 * column widened to doubles, once per dataset. */
int dataset_variable(const struct dataset *ds, const char *name, struct variable *out, struct sk_error *err);
void variable_release(struct variable *v);

/* Analyses that sum squares and cross-products of deviations need every |value| at most
 * DATASET_MAX_MAGNITUDE (their squares summed over 50,000,000 rows stay below the largest double,
 * about 1.8e308) and, unless every value is 0, some |value| of at least DATASET_MIN_MAGNITUDE
 * (smaller squares fall out of the double range). describe and score take any finite value.
 * Values nearer the limits of the double range are refused rather than turned into an infinite
 * or undefined statistic: exit 1 naming the variable (`what`: "'big'", "item 'sat_1'"), its
 * largest |value| and the remedy. */
#define DATASET_MAX_MAGNITUDE 1e140
#define DATASET_MIN_MAGNITUDE 1e-140
int dataset_check_magnitude(const double *v, size_t n, size_t stride, const char *what, struct sk_error *err);
int dataset_check_variable(const struct variable *v, struct sk_error *err);

/* Levels of a categorical variable, in level order (the first is the reference in every model):
 * numeric levels in the order of the column's value labels (the codebook's `values`), then those
 * without a label ascending; text levels in order of first appearance; --reference VAR=LEVEL
 * moves LEVEL first. Labels from the codebook's value labels where given. */
struct grouping {
	char *name;
	size_t n_levels;
	double *values;  /* numeric level values (NaN for text levels) */
	char **levels;   /* level as written ("1", "fix only") */
	char **labels;   /* value label, or the level itself */
	const int *code; /* per row: level index, or -1 when missing (shared with the dataset's cache) */
	size_t *counts;  /* rows per level */
	size_t n;        /* rows */
	int *own_code;   /* `code` when this grouping owns it (analysis/data/bigbuf.h; NULL when shared) */
};
int dataset_grouping(const struct dataset *ds, const char *name, struct grouping *g, struct sk_error *err);
void grouping_release(struct grouping *g);

/* The suspected missing codes of column col, or NULL. */
const struct suspect_codes *dataset_suspects(const struct dataset *ds, size_t col);

/* The envelope every data command starts its document with (io/doc.h), including the notes and
 * warnings. */
json_t *dataset_doc(const struct dataset *ds, const char *command);

#endif
