/* io/filter: the exclusion record of steps applied in order (a row counts at the first step that
 * removes it), against the counts scripts/ref/filter_expr.R computes on the same table. */
#include "test.h"

#include <stdlib.h>

#include "filter_table.h"

static const char *const steps[] = {
	"consent == 1",
	"finished == 'True'",
	"attn == 3",
	"not too_fast(\"Duration (in seconds)\", 1/3)",
	"not duplicate_id()",
	"not straightlining()",
};
#define N_STEPS (sizeof steps / sizeof steps[0])

TEST(filter_flow_counts_each_row_at_its_first_failed_step)
{
	struct filter_table t;
	struct filter_program *p[N_STEPS];
	struct filter_error err;
	struct filter_flow flow;
	/* R: removed 2 (rows 3 5), 1 (7), 2 (4 10), 4 (2 6 9 11), 1 (8), 0; kept 2 (rows 1 12) */
	static const size_t removed[N_STEPS] = {2, 1, 2, 4, 1, 0};
	static const uint32_t first[FILTER_TABLE_ROWS] = {FILTER_FLOW_KEPT, 3, 0, 2, 0, 3, 1, 4, 3, 2, 3, FILTER_FLOW_KEPT};

	filter_table_init(&t);
	for (size_t s = 0; s < N_STEPS; s++)
		CHECK_INT(filter_try(&t, steps[s], &p[s], &err), 0);
	CHECK_INT(filter_flow_init(&flow, FILTER_TABLE_ROWS, N_STEPS), 0);
	CHECK_INT(filter_flow_run(&flow, p, N_STEPS), 0);
	CHECK_INT(flow.rows_read, 12);
	CHECK_INT(flow.n_steps, N_STEPS);
	for (size_t s = 0; s < N_STEPS; s++)
		CHECK_INT(flow.removed[s], removed[s]);
	CHECK_INT(flow.kept, 2);
	for (size_t i = 0; i < FILTER_TABLE_ROWS; i++)
		CHECK_INT(flow.first_failed[i], first[i]);
	/* all steps recorded: one more is refused */
	CHECK_INT(filter_flow_run(&flow, p, 1), -1);
	filter_flow_release(&flow);
	filter_flow_release(&flow); /* released twice is harmless */

	/* the same steps in another order count differently, the rows kept do not change */
	CHECK_INT(filter_flow_init(&flow, FILTER_TABLE_ROWS, N_STEPS), 0);
	for (size_t s = N_STEPS; s-- > 0;)
		CHECK_INT(filter_flow_run(&flow, &p[s], 1), 0);
	/* straightlining 2 8 11; duplicate 4; speed 5 (missing duration) 6 9; attention 10;
	 * finished 3 7; consent none left */
	CHECK_INT(flow.removed[0], 3);
	CHECK_INT(flow.removed[1], 1);
	CHECK_INT(flow.removed[2], 3);
	CHECK_INT(flow.removed[3], 1);
	CHECK_INT(flow.removed[4], 2);
	CHECK_INT(flow.removed[5], 0);
	CHECK_INT(flow.kept, 2);
	filter_flow_release(&flow);
	for (size_t s = 0; s < N_STEPS; s++)
		filter_program_free(p[s]);
	filter_table_free(&t);
}

TEST(filter_flow_from_keep_masks)
{
	struct filter_flow flow;
	static const uint8_t a[5] = {1, 0, 1, 1, 0}, b[5] = {0, 0, 1, 1, 1}, c[5] = {1, 1, 1, 1, 1};

	CHECK_INT(filter_flow_init(&flow, 5, 3), 0);
	CHECK_INT(flow.kept, 5);
	CHECK_INT(filter_flow_add(&flow, a), 0);
	CHECK_INT(filter_flow_add(&flow, b), 0);
	CHECK_INT(filter_flow_add(&flow, c), 0);
	CHECK_INT(filter_flow_add(&flow, c), -1);
	CHECK_INT(flow.removed[0], 2);
	CHECK_INT(flow.removed[1], 1); /* row 1: row 2 and 5 were removed by step 0 */
	CHECK_INT(flow.removed[2], 0);
	CHECK_INT(flow.kept, 2);
	CHECK_INT(flow.first_failed[0], 1);
	CHECK_INT(flow.first_failed[4], 0);
	CHECK_INT(flow.first_failed[2], FILTER_FLOW_KEPT);
	filter_flow_release(&flow);

	/* no rows, no steps */
	CHECK_INT(filter_flow_init(&flow, 0, 0), 0);
	CHECK_INT(flow.kept, 0);
	CHECK_INT(filter_flow_add(&flow, c), -1);
	filter_flow_release(&flow);
	CHECK_INT(filter_flow_init(&flow, 1, FILTER_FLOW_KEPT), -1);
}

TEST(filter_flow_refuses_a_program_of_another_table)
{
	struct filter_table t;
	struct filter_program *p;
	struct filter_error err;
	struct filter_flow flow;

	filter_table_init(&t);
	CHECK_INT(filter_try(&t, "consent == 1", &p, &err), 0);
	CHECK_INT(filter_flow_init(&flow, FILTER_TABLE_ROWS + 1, 1), 0);
	CHECK_INT(filter_flow_run(&flow, &p, 1), -1);
	CHECK_INT(flow.n_steps, 0);
	filter_flow_release(&flow);
	filter_program_free(p);
	filter_table_free(&t);
}

TEST(filter_runs_any_range_of_rows)
{
	struct filter_table t;
	struct filter_program *p;
	struct filter_error err;
	uint8_t keep[FILTER_TABLE_ROWS] = {0};

	filter_table_init(&t);
	CHECK_INT(filter_try(&t, "consent == 1 and not duplicate_id()", &p, &err), 0);
	filter_run(p, 3, 6, keep + 3); /* rows 4..9 */
	CHECK(!keep[0] && !keep[1] && !keep[2]);
	CHECK(!keep[3] && !keep[4] && keep[5] && keep[6] && !keep[7] && keep[8]);
	CHECK(!keep[9]);
	filter_run(p, 0, 0, keep);
	filter_program_free(p);
	filter_table_free(&t);
}
