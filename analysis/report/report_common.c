/* The helpers of analysis/report/report.h that the report's parts and waves share, apart from the
 * report command (report.c) so that report.c -> report_plan.c -> report_findings.c does not lead
 * back to report.c. */
#include "analysis/report/report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "analysis/commands/moderate.h"
#include "analysis/commands/regress.h"
#include "analysis/report/report_parts.h"

const char *report_p(double p, char *buf, size_t size)
{
	if (isnan(p))
		snprintf(buf, size, "p could not be computed");
	else if (p < 0.001)
		snprintf(buf, size, "p < .001");
	else {
		char tmp[32];
		snprintf(tmp, sizeof tmp, "%.3f", p);
		snprintf(buf, size, "p = %s", tmp[0] == '0' ? tmp + 1 : tmp);
	}
	return buf;
}

int report_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
	       c == '.';
}

const struct reliability_result *report_reliability(const struct report *r)
{
	for (size_t i = 0; i < r->n_jobs; i++)
		if (r->jobs[i].kind == JOB_RELIABILITY && r->jobs[i].shown)
			return r->jobs[i].result;
	return NULL;
}

/* The i-th section shown, NULL past the last. */
static const struct report_record *shown(const struct report *r, size_t i)
{
	for (size_t k = 0; k < r->n_jobs; k++)
		if (r->jobs[k].shown && i-- == 0)
			return r->jobs[k].sec;
	return NULL;
}

const char *report_section_id(const struct report *r, size_t i)
{
	const struct report_record *sec = shown(r, i);

	return sec ? sec->id : NULL;
}

int report_section_model(const struct report *r, const char *id, struct report_model *m)
{
	for (size_t i = 0; i < r->n_jobs; i++) {
		const struct job *j = &r->jobs[i];
		if (!j->shown || strcmp(j->sec->id, id) != 0)
			continue;
		if (j->kind == JOB_REGRESS) {
			const struct regress_result *res = j->result;
			*m = (struct report_model){res->fit, res->terms, res->labels};
			return res->fit != NULL;
		}
		if (j->kind == JOB_MODERATE) {
			const struct moderate_result *res = j->result;
			*m = (struct report_model){res->fit, res->terms, res->labels};
			return res->fit != NULL;
		}
		return 0;
	}
	return 0;
}
