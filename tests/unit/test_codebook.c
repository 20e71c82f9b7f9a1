/* The codebook's additions for preparing a sample (issue 13): control levels, the roles check,
 * adequate, desired, perceived and computed, `values` as level order and as codes for text
 * answers, --reference. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "analysis/cli/cli.h"
#include "analysis/data/dataset.h"
#include "io/codebook.h"
#include "io/csv_reader.h"
#include "io/value_codes.h"
#include "test.h"

/* Writes content to a temporary file named for its use; the path stays valid until the next
 * call with the same slot. */
static const char *temp_file(int slot, const char *content)
{
	static char paths[3][64];
	FILE *fp;
	int fd;

	if (paths[slot][0])
		remove(paths[slot]);
	snprintf(paths[slot], sizeof paths[slot], "/tmp/surveykit-cb%d-XXXXXX", slot);
	fd = mkstemp(paths[slot]);
	fp = fdopen(fd, "w");
	fputs(content, fp);
	fclose(fp);
	return paths[slot];
}

static int read_cb(const char *content, struct codebook *cb, struct sk_error *err)
{
	return codebook_read(temp_file(0, content), cb, err);
}

TEST(codebook_control_level_by_value_or_label)
{
	struct codebook cb;
	struct sk_error err;
	double v = -1;

	CHECK_INT(read_cb("column,role,values,control\n"
			  "scenario,group,0=No failure;1=Fix only;2=Fix + apology,0\n"
			  "wave,group,1=A;2=B,b\n"
			  "x,numeric,,\n",
			  &cb, &err), 0);
	CHECK(codebook_control(&cb, "scenario", &v) == 1 && v == 0);
	CHECK(codebook_control(&cb, "wave", &v) == 1 && v == 2); /* the label, case ignored */
	CHECK(codebook_control(&cb, "x", &v) == 0);
	CHECK(codebook_control(&cb, "nope", &v) == 0);
	codebook_free(&cb);
	/* without labels, any number */
	CHECK_INT(read_cb("column,role,control\ng,group,3\n", &cb, &err), 0);
	CHECK(codebook_control(&cb, "g", &v) == 1 && v == 3);
	codebook_free(&cb);
}

TEST(codebook_control_rejects_what_is_not_a_level)
{
	struct codebook cb;
	struct sk_error err;

	CHECK_INT(read_cb("column,role,values,control\ng,group,1=A;2=B,3\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 2: control '3' of 'g' is neither one of its values nor one of its labels") != NULL);
	CHECK_INT(read_cb("column,role,values,control\ng,group,1=A;2=B,C\n", &cb, &err), SK_EXIT_INPUT);
	CHECK_INT(read_cb("column,role,control\ng,group,none\n", &cb, &err), SK_EXIT_INPUT);
	CHECK_INT(read_cb("column,role,control\nx,numeric,1\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "'x' has a control level but is not a group") != NULL);
}

TEST(codebook_zone_and_check_roles)
{
	struct codebook cb;
	struct sk_error err;
	size_t idx[8];
	const char *dims[4];
	const struct var_meta *m;

	CHECK_INT(read_cb("column,role,scale,min,max\n"
			  "adq_1,adequate,recovery,1,7\n"
			  "des_1,desired,recovery,1,7\n"
			  "per_1,perceived,recovery,1,7\n"
			  "per_2,Perceived,recovery,1,7\n"
			  "adq_s,adequate,speed,1,7\n"
			  "mc,check,,1,7\n"
			  "mc_1,check,manip,1,7\n"
			  "mc_2,check,manip,1,7\n",
			  &cb, &err), 0);
	CHECK_INT(codebook_purpose_of(&cb, "adq_1"), PURPOSE_ADEQUATE);
	CHECK_INT(codebook_purpose_of(&cb, "per_2"), PURPOSE_PERCEIVED);
	CHECK_INT(codebook_purpose_of(&cb, "mc"), PURPOSE_CHECK);
	CHECK_INT(codebook_purpose_of(&cb, "nope"), PURPOSE_NONE);
	/* zone rows are numbers, not items of a scale named after the dimension */
	m = codebook_find(&cb, "adq_1");
	CHECK(m && m->role == ROLE_NUMERIC && m->scale == NULL);
	CHECK_STR(codebook_extra_of(&cb, "adq_1")->dimension, "recovery");
	/* a check item with a scale is an item of that scale; alone, a number */
	CHECK(codebook_find(&cb, "mc_1")->role == ROLE_ITEM);
	CHECK_STR(codebook_find(&cb, "mc_1")->scale, "manip");
	CHECK(codebook_find(&cb, "mc")->role == ROLE_NUMERIC);
	CHECK_INT(codebook_entries_with(&cb, PURPOSE_PERCEIVED, "recovery", idx, 8), 2);
	CHECK_STR(cb.vars[idx[0]].column, "per_1");
	CHECK_STR(cb.vars[idx[1]].column, "per_2");
	CHECK_INT(codebook_entries_with(&cb, PURPOSE_ADEQUATE, NULL, idx, 1), 2); /* counts beyond max */
	CHECK_INT(codebook_entries_with(&cb, PURPOSE_CHECK, NULL, idx, 8), 3);
	CHECK_INT(codebook_dimensions(&cb, dims, 4), 2);
	CHECK_STR(dims[0], "recovery");
	CHECK_STR(dims[1], "speed");
	codebook_free(&cb);
	CHECK_INT(read_cb("column,role\nadq_1,desired\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "'adq_1' has role desired but no scale naming its service dimension") != NULL);
	CHECK_INT(read_cb("column,role\nx,checks\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "unknown role 'checks'") != NULL);
}

TEST(codebook_computed_rows)
{
	struct codebook cb;
	struct sk_error err;
	struct csv_read_options o;
	struct frame f;

	CHECK_INT(read_cb("column,role,compute,label\n"
			  "sev_1,numeric,,\n"
			  "sev_2,numeric,,\n"
			  "severity,computed,(sev_1 + sev_2) / 2,Failure severity\n"
			  "age_group,,\"recode(age, 18-34=1, 35-54=2, 55-99=3)\",\n",
			  &cb, &err), 0);
	CHECK_INT(codebook_purpose_of(&cb, "severity"), PURPOSE_COMPUTED);
	CHECK_STR(codebook_compute(&cb, "severity"), "(sev_1 + sev_2) / 2");
	CHECK_INT(codebook_purpose_of(&cb, "age_group"), PURPOSE_COMPUTED); /* a compute cell implies the role */
	CHECK(codebook_compute(&cb, "sev_1") == NULL);
	/* a computed variable is not a column of the data, and must not be one */
	csv_read_options_init(&o);
	o.codebook = &cb;
	CHECK_INT(csv_read_frame(temp_file(1, "sev_1,sev_2\n1,2\n"), &o, &f, &err), 0);
	frame_free(&f);
	CHECK_INT(csv_read_frame(temp_file(1, "sev_1,sev_2,severity\n1,2,3\n"), &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "computed 'severity' has the name of a column") != NULL);
	codebook_free(&cb);
	CHECK_INT(read_cb("column,role\ns,computed\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "'s' has role computed but no expression in a 'compute' column") != NULL);
	CHECK_INT(read_cb("column,role,compute\ns,numeric,a+b\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "'s' has a compute expression but role 'numeric'") != NULL);
	CHECK_INT(read_cb("column,role,scale,compute\ns,computed,t,a+b\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "computed 's' has scale 't'") != NULL);
}

TEST(codebook_additions_round_trip_through_the_writer)
{
	struct codebook a, b;
	struct sk_error err;
	char *text = NULL;
	size_t len = 0;
	FILE *ms;

	CHECK_INT(read_cb("column,role,scale,values,control,compute\n"
			  "scenario,group,,0=No failure;1=Fix only,0,\n"
			  "adq_1,adequate,recovery,,,\n"
			  "mc_1,check,manip,,,\n"
			  "mc_2,check,manip,,,\n"
			  "sev,computed,,,,adq_1 * 2\n",
			  &a, &err), 0);
	ms = open_memstream(&text, &len);
	CHECK_INT(codebook_write(&a, ms), 0);
	fclose(ms);
	CHECK(strstr(text, "\"label\",\"control\",\"compute\"\n") != NULL);
	CHECK_INT(codebook_read(temp_file(1, text), &b, &err), 0);
	CHECK_INT(b.n, a.n);
	for (size_t i = 0; i < a.n && i < b.n; i++) {
		CHECK_STR(b.vars[i].column, a.vars[i].column);
		CHECK_INT(b.vars[i].role, a.vars[i].role);
		CHECK_INT(b.extra[i].purpose, a.extra[i].purpose);
		CHECK((isnan(b.extra[i].control) && isnan(a.extra[i].control)) || b.extra[i].control == a.extra[i].control);
	}
	CHECK_STR(codebook_compute(&b, "sev"), "adq_1 * 2");
	CHECK_STR(codebook_extra_of(&b, "adq_1")->dimension, "recovery");
	free(text);
	codebook_free(&a);
	codebook_free(&b);
	/* without control or compute, the writer writes the columns it always wrote */
	CHECK_INT(read_cb("column,role\nx,numeric\n", &a, &err), 0);
	text = NULL;
	ms = open_memstream(&text, &len);
	CHECK_INT(codebook_write(&a, ms), 0);
	fclose(ms);
	CHECK(strstr(text, "\"label\"\n") != NULL && !strstr(text, "control") && !strstr(text, "compute"));
	free(text);
	codebook_free(&a);
}

TEST(codebook_values_must_be_unambiguous)
{
	struct codebook cb;
	struct sk_error err;

	CHECK_INT(read_cb("column,values\ng,1=Agree;2=  agree \n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "labels 'Agree' and '  agree' read the same (case and spaces are ignored)") != NULL);
	CHECK_INT(read_cb("column,values\ng,1=A;1=B\n", &cb, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "values of 'g': 1 is listed twice") != NULL);
}

TEST(value_labels_match_without_case_or_extra_spaces)
{
	CHECK(value_label_equal("Strongly agree", 14, "  strongly   AGREE ", 19));
	CHECK(value_label_equal("Fix + apology", 13, "fix +\napology", 13));
	CHECK(!value_label_equal("Strongly agree", 14, "Stronglyagree", 13));
	CHECK(!value_label_equal("Agree", 5, "Agree more", 10));
	CHECK(!value_label_equal("Agree", 5, "", 0));
	CHECK(value_label_equal("", 0, "   ", 3));
}

TEST(text_answers_read_as_their_codes)
{
	struct codebook cb;
	struct sk_error err;
	struct csv_read_options o;
	struct frame f;

	CHECK_INT(read_cb("column,role,scale,min,max,values\n"
			  "s_1,item,sat,1,3,1=Disagree;2=Neutral;3=Strongly agree\n"
			  "s_2,item,sat,1,3,1=Disagree;2=Neutral;3=Strongly agree\n"
			  "g,group,,,,1=Fix only;2=Fix + apology\n"
			  "t,text,,,,1=One\n",
			  &cb, &err), 0);
	csv_read_options_init(&o);
	o.codebook = &cb;
	CHECK_INT(csv_read_frame(temp_file(1, "s_1,s_2,g,t\n"
					      "strongly  agree,2,Fix + apology,One\n"
					      " Disagree ,NA,fix only,x\n"),
				 &o, &f, &err), 0);
	CHECK(frame_value(&f, 0, 0) == 3 && frame_value(&f, 0, 1) == 1);
	CHECK(frame_value(&f, 1, 0) == 2 && isnan(frame_value(&f, 1, 1)));
	CHECK(f.cols[2].kind == COLUMN_NUMERIC && frame_value(&f, 2, 0) == 2 && frame_value(&f, 2, 1) == 1);
	CHECK_STR(frame_text(&f, 3, 0), "One"); /* a text column keeps its text */
	frame_free(&f);
	CHECK_INT(csv_read_frame(temp_file(1, "s_1,s_2,g,t\n1,2,1,a\n3,Agree,1,b\n"), &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 3, column 's_2': 'Agree' is not one of its values ('Disagree', 'Neutral', 'Strongly agree')") !=
	      NULL);
	CHECK_INT(csv_read_frame(temp_file(1, "s_1,s_2,g,t\n1,2,Full recovery,a\n"), &o, &f, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "line 2, column 'g': 'Full recovery' is not one of its values") != NULL);
	codebook_free(&cb);
}

/* Loads `data` with `codebook` (may be NULL) and the extra arguments; groups `var`. */
static int group_of(const char *data, const char *codebook, const char *var, char **extra, int n_extra,
		    struct grouping *g, struct sk_error *err)
{
	char *argv[8];
	int argc = 0, status;
	struct cli cli;
	struct dataset ds;

	argv[argc++] = (char *)temp_file(1, data);
	if (codebook) {
		argv[argc++] = "--codebook";
		argv[argc++] = (char *)temp_file(2, codebook);
	}
	for (int i = 0; i < n_extra; i++)
		argv[argc++] = extra[i];
	if ((status = cli_parse(&cli, "compare", NULL, argc, argv, err)) != 0) {
		cli_free(&cli);
		return status;
	}
	status = dataset_load(&ds, cli.positional[0], &cli, err);
	if (status == 0) {
		status = dataset_grouping(&ds, var, g, err);
		if (status == 0) { /* codes belong to the dataset's cache: keep only what is checked */
			g->code = NULL;
		}
		dataset_free(&ds);
	}
	cli_free(&cli);
	return status;
}

TEST(group_levels_follow_the_codebook_values)
{
	struct grouping g;
	struct sk_error err;
	const char *data = "g,y\n1,1\n3,2\n2,3\n9,4\n5,5\n";

	CHECK_INT(group_of(data, "column,role,values\ng,group,3=C;1=A;2=B\ny,numeric,\n", "g", NULL, 0, &g, &err), 0);
	CHECK_INT(g.n_levels, 5);
	CHECK_STR(g.levels[0], "3");
	CHECK_STR(g.levels[1], "1");
	CHECK_STR(g.levels[2], "2");
	CHECK_STR(g.levels[3], "5"); /* values without a label follow, ascending */
	CHECK_STR(g.levels[4], "9");
	CHECK_STR(g.labels[0], "C");
	grouping_release(&g);
	/* without values: ascending */
	CHECK_INT(group_of(data, "column,role\ng,group\ny,numeric\n", "g", NULL, 0, &g, &err), 0);
	CHECK_STR(g.levels[0], "1");
	CHECK_STR(g.levels[4], "9");
	grouping_release(&g);
}

TEST(text_group_levels_keep_first_appearance)
{
	struct grouping g;
	struct sk_error err;

	CHECK_INT(group_of("g,y\nZulu,1\nAlpha,2\nMike,3\nAlpha,4\n", NULL, "g", NULL, 0, &g, &err), 0);
	CHECK_INT(g.n_levels, 3);
	CHECK_STR(g.levels[0], "Zulu");
	CHECK_STR(g.levels[1], "Alpha");
	CHECK_STR(g.levels[2], "Mike");
	CHECK_INT(g.counts[1], 2);
	grouping_release(&g);
}

TEST(reference_level_moves_first)
{
	struct grouping g;
	struct sk_error err;
	const char *cb = "column,role,values\ng,group,1=Fix only;2=Fix + apology;3=Full recovery\ny,numeric,\n";
	const char *data = "g,y\n1,1\n2,2\n3,3\n2,4\n";
	char *by_label[] = {"--reference", "g=full RECOVERY"}, *by_value[] = {"--reference=g=2"},
	     *unknown[] = {"--reference", "g=Nothing"}, *no_column[] = {"--reference", "gg=1"},
	     *malformed[] = {"--reference", "g"};

	CHECK_INT(group_of(data, cb, "g", by_label, 2, &g, &err), 0);
	CHECK_STR(g.levels[0], "3");
	CHECK_STR(g.levels[1], "1");
	CHECK_STR(g.levels[2], "2");
	CHECK_INT(g.counts[0], 1);
	CHECK_INT(g.counts[2], 2);
	grouping_release(&g);
	CHECK_INT(group_of(data, cb, "g", by_value, 1, &g, &err), 0);
	CHECK_STR(g.labels[0], "Fix + apology");
	CHECK_STR(g.labels[1], "Fix only");
	grouping_release(&g);
	CHECK_INT(group_of(data, cb, "g", unknown, 2, &g, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "--reference g=Nothing: 'g' has no such level (its levels: 'Fix only', 'Fix + apology', 'Full recovery')") !=
	      NULL);
	CHECK_INT(group_of(data, cb, "g", no_column, 2, &g, &err), SK_EXIT_INPUT);
	CHECK(strstr(err.msg, "--reference: no column named 'gg'") != NULL && strstr(err.msg, "closest: 'g'") != NULL);
	CHECK_INT(group_of(data, cb, "g", malformed, 2, &g, &err), SK_EXIT_USAGE);
	CHECK(strstr(err.msg, "--reference 'g' must be VAR=LEVEL") != NULL);
}
