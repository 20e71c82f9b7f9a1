#define _GNU_SOURCE /* nftw, syscall, RENAME_NOREPLACE */
#include "io/output.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
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

/* --- inputs no output may replace --------------------------------------------------------------- */

struct file_id {
	dev_t dev;
	ino_t ino;
};

struct protected_input {
	struct file_id id;
	char *path;            /* as the command was given it, for messages */
	struct file_id *above; /* the directories above its real path, nearest first, up to "/" */
	size_t n_above;
};

static struct {
	pthread_mutex_t lock;
	struct protected_input *v;
	size_t n, cap;
} inputs = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0};

static int same_file(struct file_id id, const struct stat *sb)
{
	return id.dev == sb->st_dev && id.ino == sb->st_ino;
}

/* The directories above `path`'s real path, nearest first. Cannot fail in a way that matters:
 * what cannot be resolved is left out (the file itself is still compared). */
static void directories_above(const char *path, struct protected_input *in)
{
	char *real = realpath(path, NULL);
	size_t depth = 0;

	if (!real)
		return;
	for (const char *p = real; *p; p++)
		depth += *p == '/';
	in->above = calloc(depth ? depth : 1, sizeof *in->above);
	for (char *slash = strrchr(real, '/'); in->above && slash; slash = strrchr(real, '/')) {
		struct stat sb;
		if (slash == real)
			real[1] = '\0'; /* "/a" -> "/" */
		else
			*slash = '\0'; /* "/a/b" -> "/a" */
		if (stat(real, &sb) == 0)
			in->above[in->n_above++] = (struct file_id){sb.st_dev, sb.st_ino};
		if (slash == real)
			break;
	}
	free(real);
}

void output_protect_input(const char *path, int fd)
{
	struct protected_input in = {0};
	struct stat sb;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		return;
	in.id = (struct file_id){sb.st_dev, sb.st_ino};
	pthread_mutex_lock(&inputs.lock);
	for (size_t i = 0; i < inputs.n; i++)
		if (same_file(inputs.v[i].id, &sb)) {
			pthread_mutex_unlock(&inputs.lock);
			return;
		}
	if (inputs.n == inputs.cap) {
		size_t cap = inputs.cap ? 2 * inputs.cap : 8;
		struct protected_input *v = realloc(inputs.v, cap * sizeof *v);
		if (!v) {
			pthread_mutex_unlock(&inputs.lock);
			return;
		}
		inputs.v = v;
		inputs.cap = cap;
	}
	in.path = strdup(path);
	directories_above(path, &in);
	if (in.path)
		inputs.v[inputs.n++] = in;
	else
		free(in.above);
	pthread_mutex_unlock(&inputs.lock);
}

/* Exit 2 when writing `target` would replace an input: `target` is one, or (as_dir: a directory
 * to be replaced) holds one anywhere below it. A target that does not exist replaces nothing. */
static int refuse_input(const char *target, int as_dir, struct sk_error *err)
{
	struct stat sb;
	int status = 0;

	if (stat(target, &sb) != 0 || !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
		return 0;
	pthread_mutex_lock(&inputs.lock);
	for (size_t i = 0; i < inputs.n && status == 0; i++) {
		const struct protected_input *in = &inputs.v[i];
		if (same_file(in->id, &sb)) {
			status = sk_fail(err, SK_EXIT_USAGE, "output '%s' is the input file '%s'; write to another %s", target,
					 in->path, as_dir ? "directory" : "file");
			break;
		}
		for (size_t a = 0; as_dir && a < in->n_above && status == 0; a++)
			if (same_file(in->above[a], &sb))
				status = sk_fail(err, SK_EXIT_USAGE,
						 "output directory '%s' holds the input file '%s'; write to another directory",
						 target, in->path);
	}
	pthread_mutex_unlock(&inputs.lock);
	return status;
}

/* --- files ------------------------------------------------------------------------------------- */

static char *concat(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	char *s = malloc(la + lb + 1);

	if (s) {
		memcpy(s, a, la);
		memcpy(s + la, b, lb + 1);
	}
	return s;
}

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
	int fd;

	memset(o, 0, sizeof *o);
	if (!path || strcmp(path, "-") == 0) {
		o->fp = stdout;
		return 0;
	}
	if (refuse_input(path, 0, err) != 0)
		return SK_EXIT_USAGE;
	if (stat(path, &sb) == 0 && !S_ISREG(sb.st_mode))
		return open_in_place(o, path, err);
	/* through a symbolic link: replace the file it points to, not the link */
	if (lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) && (real = realpath(path, NULL)) != NULL)
		target = real;
	o->path = strdup(target);
	o->tmp = concat(target, ".tmp-XXXXXX");
	free(real);
	if (!o->path || !o->tmp) {
		output_abort(o);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': out of memory", path);
	}
	fd = mkstemp(o->tmp);
	if (fd >= 0) {
		mode_t mask = umask(0); /* mkstemp makes 0600: give the file the usual permissions */
		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	if (fd < 0 || !(o->fp = fdopen(fd, "w"))) {
		int e = errno;
		if (fd >= 0) {
			close(fd);
			unlink(o->tmp);
		}
		free(o->tmp);
		o->tmp = NULL;
		output_abort(o);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", path, strerror(e));
	}
	return 0;
}

int output_commit(struct output *o, struct sk_error *err)
{
	int e = 0;

	if (!o->path) {
		if (fflush(stdout) != 0 || ferror(stdout))
			return sk_fail(err, SK_EXIT_OUTPUT, "cannot write to standard output: %s",
				       strerror(errno ? errno : EIO));
		return 0;
	}
	if (fflush(o->fp) != 0 || ferror(o->fp))
		e = errno ? errno : EIO;
	if (fclose(o->fp) != 0 && !e)
		e = errno;
	o->fp = NULL;
	if (!e && o->tmp && rename(o->tmp, o->path) != 0)
		e = errno;
	if (e) {
		sk_fail(err, SK_EXIT_OUTPUT, "cannot write '%s': %s", o->path, strerror(e));
		output_abort(o);
		return SK_EXIT_OUTPUT;
	}
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
	return 0;
}

void output_abort(struct output *o)
{
	if (o->fp && o->fp != stdout)
		fclose(o->fp);
	if (o->tmp)
		unlink(o->tmp);
	free(o->tmp);
	free(o->path);
	memset(o, 0, sizeof *o);
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int remove_tree(const char *path)
{
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* The signals that end a run, plus the one the guard is stopped with. */
static void guard_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
	sigaddset(set, SIGUSR2);
}

static void *guard_main(void *arg)
{
	struct output_dir *d = arg;
	sigset_t set;
	int sig;

	guard_signals(&set);
	while (sigwait(&set, &sig) == 0) {
		if (sig == SIGUSR2 && d->stopping)
			return NULL;
		if (sig != SIGUSR2) {
			remove_tree(d->tmp);
			_exit(128 + sig);
		}
	}
	return NULL;
}

static void guard_start(struct output_dir *d)
{
	sigset_t set;

	guard_signals(&set);
	if (pthread_sigmask(SIG_BLOCK, &set, &d->saved_mask) != 0)
		return;
	if (pthread_create(&d->guard, NULL, guard_main, d) != 0) {
		pthread_sigmask(SIG_SETMASK, &d->saved_mask, NULL);
		return;
	}
	d->guarded = 1;
}

static void guard_stop(struct output_dir *d)
{
	if (!d->guarded)
		return;
	d->stopping = 1;
	pthread_kill(d->guard, SIGUSR2);
	pthread_join(d->guard, NULL);
	pthread_sigmask(SIG_SETMASK, &d->saved_mask, NULL);
	d->guarded = 0;
}

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
 * which `tmp` holds the old one, removed by the caller). Where the file system rejects the flag,
 * the old one is moved aside to `aside` first. Returns 0, or -1 with errno. */
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
		if (!d->aside && !(d->aside = concat(d->path, ".old-XXXXXX")))
			return -1;
		if (!mkdtemp(d->aside) || rmdir(d->aside) != 0 || rename(d->path, d->aside) != 0)
			return -1;
		if (rename_new(d->tmp, d->path) == 0)
			return 0;
		rename(d->aside, d->path);
		return -1;
	}
	errno = EEXIST;
	return -1;
}

int output_dir_open(struct output_dir *d, const char *path, int force, struct sk_error *err)
{
	struct stat sb;
	size_t len = strlen(path);

	memset(d, 0, sizeof *d);
	while (len > 1 && path[len - 1] == '/')
		len--; /* "rep/" is the directory rep, its temporary name beside it */
	if (refuse_input(path, 1, err) != 0)
		return SK_EXIT_USAGE;
	if (stat(path, &sb) == 0 && !force)
		return sk_fail(err, SK_EXIT_USAGE, "'%s' already exists; give --force to replace it", path);
	d->path = strndup(path, len);
	d->tmp = d->path ? concat(d->path, ".tmp-XXXXXX") : NULL;
	d->force = force;
	if (!d->path || !d->tmp || !mkdtemp(d->tmp)) {
		int e = errno;
		free(d->tmp);
		d->tmp = NULL;
		output_dir_abort(d);
		return sk_fail(err, SK_EXIT_OUTPUT, "cannot create '%s': %s", path, strerror(e));
	}
	{
		mode_t mask = umask(0); /* mkdtemp makes 0700: give the directory the usual permissions */
		umask(mask);
		chmod(d->tmp, 0777 & ~mask);
	}
	guard_start(d);
	return 0;
}

int output_dir_commit(struct output_dir *d, struct sk_error *err)
{
	int rc;

	guard_stop(d);
	if (d->force && (rc = refuse_input(d->path, 1, err)) != 0) {
		output_dir_abort(d);
		return rc;
	}
	if ((d->force ? rename_replace(d) : rename_new(d->tmp, d->path)) != 0) {
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
	/* what is left under the temporary name (or moved aside) is the directory replaced */
	if (d->swapped)
		remove_tree(d->tmp);
	if (d->aside)
		remove_tree(d->aside);
	free(d->aside);
	free(d->tmp);
	free(d->path);
	memset(d, 0, sizeof *d);
	return 0;
}

void output_dir_abort(struct output_dir *d)
{
	guard_stop(d);
	if (d->tmp)
		remove_tree(d->tmp);
	free(d->aside);
	free(d->tmp);
	free(d->path);
	memset(d, 0, sizeof *d);
}
