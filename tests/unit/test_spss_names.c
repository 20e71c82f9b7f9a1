/* Column names SPSS rejects, renamed for a .sav output (io/spss_names.h). */
#include <string.h>

#include "io/spss_names.h"
#include "test.h"

TEST(spss_names_valid_and_renamed)
{
	static const char *const names[] = {"Duration (in seconds)", "a b", "a_b", "BY", "1st", "ok.", "Q1_1",
					    "été", "A_B_2", "x.y"};
	struct frame f;
	struct spss_rename *r;
	size_t n;

	CHECK(spss_name_valid("Q1_1", 0) && spss_name_valid("x.y", 0) && spss_name_valid("a@b#c$", 0));
	CHECK(!spss_name_valid("ok.", 0) && !spss_name_valid("by", 0) && !spss_name_valid("_x", 0));
	CHECK(spss_name_valid("abcdefgh", 1) && !spss_name_valid("abcdefghi", 1));
	frame_init(&f, "t.csv");
	for (size_t j = 0; j < sizeof names / sizeof names[0]; j++)
		CHECK_INT(frame_add_column(&f, names[j], COLUMN_NUMERIC), 0);
	CHECK_INT(spss_names_apply(&f, 0, &r, &n), 0);
	CHECK_INT(n, 6);
	CHECK_STR(f.cols[0].name, "Duration_in_seconds");
	CHECK_STR(f.cols[0].meta.label, "Duration (in seconds)"); /* the original as the label */
	CHECK_STR(f.cols[1].name, "a_b_3"); /* a_b and (case ignored) A_B_2 are taken */
	CHECK_STR(f.cols[2].name, "a_b");
	CHECK_STR(f.cols[3].name, "BY_");
	CHECK_STR(f.cols[4].name, "v_1st");
	CHECK_STR(f.cols[5].name, "ok");
	CHECK_STR(f.cols[7].name, "v_t"); /* bytes that are not ASCII are gaps */
	CHECK_STR(r[0].from, "Duration (in seconds)");
	CHECK_INT(r[5].col, 7);
	CHECK_INT(frame_find(&f, "BY_"), 3);
	spss_renames_free(r, n);
	frame_free(&f);
	/* portable files: at most 8 bytes */
	frame_init(&f, "t.csv");
	CHECK_INT(frame_add_column(&f, "satisfaction_1", COLUMN_NUMERIC), 0);
	CHECK_INT(frame_add_column(&f, "satisfaction_2", COLUMN_NUMERIC), 0);
	CHECK_INT(spss_names_apply(&f, 1, &r, &n), 0);
	CHECK_STR(f.cols[0].name, "satisfac");
	CHECK_STR(f.cols[1].name, "satisf_2");
	spss_renames_free(r, n);
	frame_free(&f);
}
