/* io/output.h and io/output_guard.h: temporary names, inputs no output may replace, stale
 * temporaries, directories committed without replacing. */
#include "test.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "io/output.h"
#include "io/strbuf.h"

/* "DIR/name" (one of four static buffers in turn, so two can be used in one call). */
static const char *in_dir(const char *dir, const char *name)
{
	static struct strbuf b[4] = {STRBUF_INIT, STRBUF_INIT, STRBUF_INIT, STRBUF_INIT};
	static size_t next;
	struct strbuf *s = &b[next++ % 4];

	strbuf_reset(s);
	strbuf_addf(s, "%s/%s", dir, name);
	return strbuf_str(s);
}

static int exists(const char *path)
{
	struct stat sb;

	return lstat(path, &sb) == 0;
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

TEST(output_temp_names_mark_the_process_and_fit_name_max)
{
	struct strbuf want = STRBUF_INIT, target = STRBUF_INIT;
	char *t = output_guard_temp_name("some/dir/wave.csv");
	const char *base;

	strbuf_addf(&want, "some/dir/wave.csv.tmp-sk%ld-XXXXXX", (long)getpid());
	CHECK_STR(t, strbuf_str(&want));
	free(t);
	strbuf_adds(&target, "d/");
	for (int i = 0; i < 300; i++)
		strbuf_addc(&target, 'n');
	t = output_guard_temp_name(strbuf_str(&target));
	CHECK(t != NULL);
	base = t ? strrchr(t, '/') + 1 : "";
	CHECK_INT(strlen(base), NAME_MAX);
	CHECK(strncmp(base, "nnnn", 4) == 0 && strstr(base, ".tmp-sk") != NULL);
	free(t);
	strbuf_release(&want);
	strbuf_release(&target);
}

TEST(output_refuses_an_input_and_a_directory_holding_one)
{
	char dir[] = "/tmp/surveykit-output-XXXXXX";
	struct sk_error err;
	struct output o;
	struct output_dir d;
	FILE *f;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	mkdir(in_dir(dir, "sub"), 0777);
	write_text(in_dir(dir, "sub/in.csv"), "a\n1\n");
	f = fopen(in_dir(dir, "sub/in.csv"), "r");
	CHECK(f != NULL);
	if (f) {
		output_guard_input(in_dir(dir, "sub/in.csv"), fileno(f));
		fclose(f);
	}
	if (link(in_dir(dir, "sub/in.csv"), in_dir(dir, "hard.csv")) != 0)
		CHECK(0);
	CHECK_INT(output_open(&o, in_dir(dir, "sub/../sub/in.csv"), &err), SK_EXIT_USAGE);
	CHECK(strstr(err.msg, "is the input file") != NULL);
	CHECK_INT(output_open(&o, in_dir(dir, "hard.csv"), &err), SK_EXIT_USAGE);
	CHECK_INT(output_dir_open(&d, in_dir(dir, "sub"), 1, &err), SK_EXIT_USAGE);
	CHECK(strstr(err.msg, "holds the input file") != NULL);
	CHECK_INT(output_dir_open(&d, dir, 1, &err), SK_EXIT_USAGE);
	/* a file beside the input is written, and an abandoned one leaves nothing */
	CHECK_INT(output_open(&o, in_dir(dir, "sub/out.csv"), &err), 0);
	fputs("x\n", o.fp);
	CHECK_INT(output_commit(&o, &err), 0);
	CHECK(exists(in_dir(dir, "sub/out.csv")));
	CHECK_INT(output_open(&o, in_dir(dir, "sub/gone.csv"), &err), 0);
	output_abort(&o);
	CHECK(!exists(in_dir(dir, "sub/gone.csv")));
	remove(in_dir(dir, "sub/out.csv"));
	remove(in_dir(dir, "sub/in.csv"));
	remove(in_dir(dir, "hard.csv"));
	rmdir(in_dir(dir, "sub"));
	CHECK(rmdir(dir) == 0); /* nothing else was left */
}

TEST(output_dir_is_not_replaced_without_force)
{
	char dir[] = "/tmp/surveykit-output-XXXXXX";
	struct sk_error err;
	struct output_dir d;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	CHECK_INT(output_dir_open(&d, in_dir(dir, "rep"), 0, &err), 0);
	write_text(in_dir(d.tmp, "new.txt"), "new\n");
	mkdir(in_dir(dir, "rep"), 0777); /* appears while the output is written */
	write_text(in_dir(dir, "rep/mine.txt"), "mine\n");
	CHECK_INT(output_dir_commit(&d, &err), SK_EXIT_OUTPUT);
	CHECK(strstr(err.msg, "appeared while this run wrote its output") != NULL);
	CHECK(exists(in_dir(dir, "rep/mine.txt")) && !exists(in_dir(dir, "rep/new.txt")));
	/* --force swaps it in whole */
	CHECK_INT(output_dir_open(&d, in_dir(dir, "rep"), 1, &err), 0);
	write_text(in_dir(d.tmp, "new.txt"), "new\n");
	CHECK_INT(output_dir_commit(&d, &err), 0);
	CHECK(exists(in_dir(dir, "rep/new.txt")) && !exists(in_dir(dir, "rep/mine.txt")));
	remove(in_dir(dir, "rep/new.txt"));
	rmdir(in_dir(dir, "rep"));
	CHECK(rmdir(dir) == 0);
}

TEST(output_stale_temporaries_of_a_gone_process_are_removed)
{
	char dir[] = "/tmp/surveykit-output-XXXXXX";
	struct strbuf dead = STRBUF_INIT, live = STRBUF_INIT;

	if (!mkdtemp(dir)) {
		CHECK(0);
		return;
	}
	/* pid INT_MAX is above any pid_max: never a running process */
	strbuf_addf(&dead, "%s/w.csv.tmp-sk%d-abcdef", dir, INT_MAX);
	strbuf_addf(&live, "%s/w.csv.tmp-sk%ld-abcdef", dir, (long)getppid());
	write_text(strbuf_str(&dead), "partial");
	write_text(strbuf_str(&live), "partial");
	write_text(in_dir(dir, "w.csv.tmp-sk1x-abcdef"), "not ours");
	output_guard_remove_stale(in_dir(dir, "w.csv"));
	CHECK(!exists(strbuf_str(&dead)));
	CHECK(exists(strbuf_str(&live)));
	CHECK(exists(in_dir(dir, "w.csv.tmp-sk1x-abcdef")));
	remove(strbuf_str(&live));
	remove(in_dir(dir, "w.csv.tmp-sk1x-abcdef"));
	CHECK(rmdir(dir) == 0);
	strbuf_release(&dead);
	strbuf_release(&live);
}
