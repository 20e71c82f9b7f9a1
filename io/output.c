#define _GNU_SOURCE /* syscall, RENAME_NOREPLACE */
#include "io/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef RENAME_NOREPLACE
#define RENAME_NOREPLACE (1 << 0) /* linux/fs.h */
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

char *output_path(const char *dir, const char *name)
{
	size_t ld = strlen(dir), ln = strlen(name);
	char *s = malloc(ld + ln + 2);

	if (s) {
		memcpy(s, dir, ld);
		s[ld] = '/';
		memcpy(s + ld + 1, name, ln + 1);
	}
	return s;
}

/* The usual permissions instead of mkstemp's and mkdtemp's owner-only ones. */
static mode_t usual_mode(mode_t mode)
{
	mode_t mask = umask(0);

	umask(mask);
	return mode & ~mask;
}

/* --- files ------------------------------------------------------------------------------------- */

/* A target that exists and is not a regular file (/dev/null, /dev/stdout, a named pipe) is
 * written in place: renaming a file over it would replace the device or the pipe itself. */
static int open_in_place(struct output *o, const char *path, struct sk_error *err)
{
	o->fp = fopen(path, "w");
	if (!o->fp)
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", path, strerror(errno));
	o->path = strdup(path);
	if (!o->path) {
		output_abort(o);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': out of memory", path);
	}
	return 0;
}

int output_open(struct output *o, const char *path, struct sk_error *err)
{
	struct stat sb;
	char *real = NULL;
	const char *target = path;
	int fd, rc;

	memset(o, 0, sizeof *o);
	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	if ((rc = output_guard_check(path, 0, err)) != 0)
		return rc;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return open_in_place(o, path, err);
	/* through a symbolic link: replace the file it points to, not the link */
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) && (real = realpath(path, NULL)) != NULL)
		target = real;
	o->path = strdup(target);
	o->tmp = output_guard_temp_name(target);
	free(real);
	if (!o->path || !o->tmp) {
		free(o->tmp);
		o->tmp = NULL;
		output_abort(o);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': out of memory", path);
	}
	output_guard_remove_stale(o->path);
	fd = output_guard_temp(o->tmp, o->path, 0);
	if (fd >= 0)
		fchmod(fd, usual_mode(0666));
	if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		else
			o->tmp[0] = '\0'; /* nothing was made */
		output_abort(o);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", path, strerror(e));
	}
	return 0;
}

/* Flushes and closes a file output: 0, or the errno of the failure. */
static int close_output(struct output *o)
{
	int e = 0;

	if (fflush(o->fp) != 0 || ferror(o->fp))
		e = errno ? errno : EIO;
	if (fclose(o->fp) != 0 && !e)
		e = errno;
	o->fp = NULL;
	return e;
}

/* A data file and the codebook beside it (NULL when none), put in place together. */
struct pair {
	struct output *data, *book;
	const struct output *failed;
};

/* The codebook first, so the data file never stands without it; if the data file then fails,
 * the codebook is removed again. */
static int rename_pair(void *arg)
{
	struct pair *p = arg;

	if (p->book && p->book->tmp && rename(p->book->tmp, p->book->path) != 0) {
		p->failed = p->book;
		return -1;
	}
	if (p->data->tmp && rename(p->data->tmp, p->data->path) != 0) {
		int e = errno;
		if (p->book && p->book->tmp)
			unlink(p->book->path);
		p->failed = p->data;
		errno = e;
		return -1;
	}
	return 0;
}

static int remove_temp(void *arg)
{
	return output_guard_remove(arg);
}

int output_commit_pair(struct output *data, struct output *book, struct sk_error *err)
{
	struct pair p = {data, book, data};
	const char *tmps[2] = {data->tmp, book ? book->tmp : NULL};
	int e = close_output(data);

	if (!e && book && (e = close_output(book)) != 0)
		p.failed = book;
	if (!e && output_guard_finish(tmps, 2, rename_pair, &p) != 0)
		e = errno;
	if (e) {
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", p.failed->path, strerror(e));
		output_abort(data);
		if (book)
			output_abort(book);
		return SK_EXIT_OUTPUT;
	}
	free(data->tmp);
	free(data->path);
	memset(data, 0, sizeof *data);
	if (book) {
		free(book->tmp);
		free(book->path);
		memset(book, 0, sizeof *book);
	}
	return 0;
}

int output_commit(struct output *o, struct sk_error *err)
{
	if (!o->path) {
		if (fflush(stdout) != 0 || ferror(stdout))
			return sk_fail(err, SK_EXIT_OUTPUT, "cannot write to standard output: %s",
				       strerror(errno ? errno : EIO));
		return 0;
	}
	return output_commit_pair(o, NULL, err);
}

void output_abort(struct output *o)
{
	const char *tmps[1] = {o->tmp};

	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	if (o->tmp && o->tmp[0])
		output_guard_finish(tmps, 1, remove_temp, o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}

/* --- directories ------------------------------------------------------------------------------- */

/* renameat2(2) through its system call, which glibc before 2.28 does not wrap. */
static int rename2(const char *from, const char *to, unsigned flags)
{
#ifdef SYS_renameat2
	return (int)syscall(SYS_renameat2, AT_FDCWD, from, AT_FDCWD, to, flags);
#else
	(void)from, (void)to, (void)flags;
	errno = ENOSYS;
	return -1;
#endif
}

/* Moves the directory `tmp` to `path` only if nothing is at `path` (EEXIST otherwise).
 * RENAME_NOREPLACE does it in one step; where the file system rejects the flag, `path` is first
 * created empty with mkdir(2), which fails when anything is there, and then replaced by rename(2),
 * which replaces only an empty directory: if something wrote into it meanwhile, that stays. */
static int rename_new(const char *tmp, const char *path)
{
	int e;

	if (rename2(tmp, path, RENAME_NOREPLACE) == 0)
		return 0;
	if (errno != EINVAL && errno != ENOSYS)
		return -1;
	if (mkdir(path, 0700) != 0)
		return -1;
	if (rename(tmp, path) == 0)
		return 0;
	e = errno == ENOTEMPTY || errno == EEXIST ? EEXIST : errno;
	rmdir(path); /* ours if still empty; what another wrote into it stays */
	errno = e;
	return -1;
}

/* --force: the new directory replaces whatever is at `path` in one step (RENAME_EXCHANGE, after
 * which `tmp` holds the old one). Where the file system rejects the flag, the old one is first
 * moved aside to d->aside. Returns 0, or -1 with errno. */
static int rename_replace(struct output_dir *d)
{
	for (int attempt = 0; attempt < 3; attempt++) {
		if (rename2(d->tmp, d->path, RENAME_EXCHANGE) == 0) {
			d->swapped = 1;
			return 0;
		}
		if (errno == ENOENT) { /* nothing to replace (any more) */
			if (rename_new(d->tmp, d->path) == 0)
				return 0;
			if (errno == EEXIST)
				continue; /* it appeared just now: replace it */
			return -1;
		}
		if (errno != EINVAL && errno != ENOSYS)
			return -1;
		/* no RENAME_EXCHANGE here: move the old one aside, then the new one in */
		if (!(d->aside = output_guard_temp_name(d->path)) || !mkdtemp(d->aside) || rmdir(d->aside) != 0 ||
		    rename(d->path, d->aside) != 0) {
			free(d->aside);
			d->aside = NULL;
			return -1;
		}
		if (rename_new(d->tmp, d->path) == 0)
			return 0;
		rename(d->aside, d->path);
		free(d->aside);
		d->aside = NULL;
		return -1;
	}
	errno = EEXIST;
	return -1;
}

/* Puts the new directory in place and removes the one it replaced, while the guard waits: an
 * interrupt after this finds nothing left to remove. */
static int commit_dir(void *arg)
{
	struct output_dir *d = arg;

	if ((d->force ? rename_replace(d) : rename_new(d->tmp, d->path)) != 0)
		return -1;
	if (d->swapped)
		output_guard_remove(d->tmp);
	if (d->aside)
		output_guard_remove(d->aside);
	return 0;
}

int output_dir_open(struct output_dir *d, const char *path, int force, struct sk_error *err)
{
	struct stat sb;
	size_t len = strlen(path);
	int rc;

	memset(d, 0, sizeof *d);
	while (len > 1 && path[len - 1] == '/')
		len--; /* "rep/" is the directory rep, its temporary name beside it */
	if ((rc = output_guard_check(path, 1, err)) != 0)
		return rc;
	if (stat(path, &sb) == 0 && !force)
		return sk_fail(err, SK_EXIT_USAGE, "'%s' already exists; give --force to replace it", path);
	d->path = strndup(path, len);
	d->tmp = d->path ? output_guard_temp_name(d->path) : NULL;
	d->force = force;
	if (!d->path || !d->tmp) {
		free(d->tmp);
		d->tmp = NULL;
		output_dir_abort(d);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot create '%s': out of memory", path);
	}
	output_guard_remove_stale(d->path);
	if (output_guard_temp(d->tmp, d->path, 1) != 0) {
		int e = errno;
		d->tmp[0] = '\0'; /* nothing was made */
		output_dir_abort(d);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot create '%s': %s", path, strerror(e));
	}
	chmod(d->tmp, usual_mode(0777));
	return 0;
}

int output_dir_commit(struct output_dir *d, struct sk_error *err)
{
	const char *tmps[1] = {d->tmp};
	int rc;

	if (d->force && (rc = output_guard_check(d->path, 1, err)) != 0) {
		output_dir_abort(d);
		return rc;
	}
	if (output_guard_finish(tmps, 1, commit_dir, d) != 0) {
		int e = errno;
		if (e == EEXIST && !d->force)
			sk_fail(err, SK_EXIT_OUTPUT,
				"'%s' appeared while this run wrote its output; it was left as it is (give --force to "
				"replace it)", d->path);
		else
			sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", d->path, strerror(e));
		output_dir_abort(d);
		return SK_EXIT_OUTPUT;
	}
	free(d->aside);
	free(d->tmp);
	free(d->path);
	memset(d, 0, sizeof *d);
	return 0;
}

void output_dir_abort(struct output_dir *d)
{
	const char *tmps[1] = {d->tmp};

	if (d->tmp && d->tmp[0])
		output_guard_finish(tmps, 1, remove_temp, d->tmp);
	free(d->aside);
	free(d->tmp);
	free(d->path);
	memset(d, 0, sizeof *d);
}
