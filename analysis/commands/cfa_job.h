/* The wiring of surveykit cfa between a loaded wave and the CFA engine: the model (one factor
 * per scale, or a lavaan-syntax file with its names checked against the data, suggesting close
 * names for a typo), its specification for one group and for the groups of --group, the item
 * values (reverse-coded as the codebook says) and the --free equalities by index. */
#ifndef SURVEYKIT_ANALYSIS_COMMANDS_CFA_JOB_H
#define SURVEYKIT_ANALYSIS_COMMANDS_CFA_JOB_H

#include "analysis/commands/cfa.h"

struct cfa_job {
	struct cfa_spec spec;        /* one group */
	struct cfa_spec spec_groups; /* the groups of --group (groups = 0 without) */
	struct cfa_data data, data_groups;
	double *x;       /* rows x p */
	size_t *group;   /* per row: its group, or CFA_NONE */
	struct cfa_partial *partial;
	size_t n_partial;
};

/* Fills the job and res's names, columns and groups. Exit code with err, or 0; the job is
 * always safe to release. */
int cfa_job_build(const struct cfa_request *rq, const struct dataset *ds, struct cfa_result *res, struct cfa_job *jb,
		  struct sk_error *err);
void cfa_job_release(struct cfa_job *jb);

#endif
