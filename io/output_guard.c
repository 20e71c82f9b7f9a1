/* Inputs no output may replace, and the guard that cleans up an interrupted run (io/output_guard.h). */
#define _GNU_SOURCE /* nftw, waitid */
#include "io/output_guard.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io/strbuf.h"

#define TEMP_MARK ".tmp-sk"
#define TEMP_RANDOM 6 /* the XXXXXX of mkstemp */

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	void *p;
	size_t c;

	if (n < *cap)
		return 0;
	c = *cap ? 2 * *cap : 8;
	if (!(p = realloc(*v, c * size)))
		return -1;
	*v = p;
	*cap = c;
	return 0;
}

/* --- inputs ------------------------------------------------------------------------------------ */

struct file_id {
	dev_t dev;
	ino_t ino;
};

struct input {
	struct file_id id;
	char *path; /* as the command was given it */
};

static struct {
	pthread_mutex_t lock;
	struct input *v;
	size_t n, cap;
} inputs = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0};

static int same_file(struct file_id id, const struct stat *sb)
{
	return id.dev == sb->st_dev && id.ino == sb->st_ino;
}

/* 1 when `dir` is one of the directories above `path`'s real path. */
static int holds(const struct stat *dir, const char *path)
{
	char *real = realpath(path, NULL);
	int found = 0;

	for (char *slash = real ? strrchr(real, '/') : NULL; slash && !found; slash = strrchr(real, '/')) {
		struct stat sb;
		int top = slash == real;
		if (top)
			real[1] = '\0'; /* "/a" -> "/" */
		else
			*slash = '\0'; /* "/a/b" -> "/a" */
		found = stat(real, &sb) == 0 && sb.st_dev == dir->st_dev && sb.st_ino == dir->st_ino;
		if (top)
			break;
	}
	free(real);
	return found;
}

void output_guard_input(const char *path, int fd)
{
	struct stat sb;
	char *copy;

	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode))
		return;
	pthread_mutex_lock(&inputs.lock);
	for (size_t i = 0; i < inputs.n; i++)
		if (same_file(inputs.v[i].id, &sb) && strcmp(inputs.v[i].path, path) == 0) {
			pthread_mutex_unlock(&inputs.lock);
			return;
		}
	if ((copy = strdup(path)) != NULL && grow((void **)&inputs.v, &inputs.cap, inputs.n, sizeof *inputs.v) == 0)
		inputs.v[inputs.n++] = (struct input){{sb.st_dev, sb.st_ino}, copy};
	else
		free(copy);
	pthread_mutex_unlock(&inputs.lock);
}

int output_guard_check(const char *target, int as_dir, struct sk_error *err)
{
	struct stat sb, now;
	int status = 0;

	if (stat(target, &sb) != 0 || !(S_ISREG(sb.st_mode) || S_ISDIR(sb.st_mode)))
		return 0;
	pthread_mutex_lock(&inputs.lock);
	for (size_t i = 0; i < inputs.n && status == 0; i++) {
		const struct input *in = &inputs.v[i];
		/* an input no longer at its path (removed, so its inode may be reused) guards nothing */
		if (stat(in->path, &now) != 0 || !same_file(in->id, &now))
			continue;
		if (same_file(in->id, &sb))
			status = sk_fail(err, SK_EXIT_USAGE, "output '%s' is the input file '%s'; write to another %s", target,
					 in->path, as_dir ? "directory" : "file");
		else if (as_dir && S_ISDIR(sb.st_mode) && holds(&sb, in->path))
			status = sk_fail(err, SK_EXIT_USAGE,
					 "output directory '%s' holds the input file '%s'; write to another directory", target,
					 in->path);
	}
	pthread_mutex_unlock(&inputs.lock);
	return status;
}

/* --- the registry of temporaries and children -------------------------------------------------- */

struct temp {
	char *path;
	char *target;
	int dir;
};

static struct {
	pthread_mutex_t lock; /* held for good by the guard once a signal came */
	struct temp *temps;
	size_t n_temps, cap_temps;
	pid_t *children;
	size_t n_children, cap_children;
} reg = {PTHREAD_MUTEX_INITIALIZER, NULL, 0, 0, NULL, 0, 0};

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path) == 0 || errno == ENOENT ? 0 : -1;
}

int output_guard_remove(const char *path)
{
	struct stat sb;

	if (lstat(path, &sb) != 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(sb.st_mode))
		return unlink(path) == 0 || errno == ENOENT ? 0 : -1;
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) == 0 || errno == ENOENT ? 0 : -1;
}

int output_guard_temp(char *templ, const char *target, int dir)
{
	char *path = NULL, *tgt = NULL;
	int fd = -1, e = ENOMEM;

	pthread_mutex_lock(&reg.lock);
	if (grow((void **)&reg.temps, &reg.cap_temps, reg.n_temps, sizeof *reg.temps) == 0 &&
	    (tgt = strdup(target)) != NULL) {
		fd = dir ? (mkdtemp(templ) ? 0 : -1) : mkstemp(templ);
		e = errno;
		if (fd >= 0 && !(path = strdup(templ))) {
			if (dir)
				rmdir(templ);
			else
				close(fd), unlink(templ);
			fd = -1;
			e = ENOMEM;
		}
	}
	if (fd >= 0)
		reg.temps[reg.n_temps++] = (struct temp){path, tgt, dir};
	else
		free(tgt);
	pthread_mutex_unlock(&reg.lock);
	errno = e;
	return fd;
}

int output_guard_finish(const char *const *tmps, size_t n, int (*finish)(void *arg), void *arg)
{
	int rc, e;

	pthread_mutex_lock(&reg.lock);
	rc = finish(arg);
	e = errno;
	for (size_t k = 0; rc == 0 && k < n; k++)
		for (size_t i = 0; tmps[k] && i < reg.n_temps; i++)
			if (strcmp(reg.temps[i].path, tmps[k]) == 0) {
				free(reg.temps[i].path);
				free(reg.temps[i].target);
				reg.temps[i] = reg.temps[--reg.n_temps];
				break;
			}
	pthread_mutex_unlock(&reg.lock);
	errno = e;
	return rc;
}

pid_t output_guard_fork(void)
{
	pid_t pid;

	pthread_mutex_lock(&reg.lock);
	if (grow((void **)&reg.children, &reg.cap_children, reg.n_children, sizeof *reg.children) != 0) {
		pthread_mutex_unlock(&reg.lock);
		errno = ENOMEM;
		return -1;
	}
	pid = fork();
	if (pid == 0)
		return 0; /* the child only execs: the lock it inherited is never used */
	if (pid > 0)
		reg.children[reg.n_children++] = pid;
	pthread_mutex_unlock(&reg.lock);
	return pid;
}

int output_guard_wait(pid_t pid, int *status)
{
	siginfo_t info;
	int rc;

	/* wait without reaping: until the child leaves the registry its pid cannot be reused, so the
	 * guard never kills another process by that number */
	while ((rc = waitid(P_PID, (id_t)pid, &info, WEXITED | WNOWAIT)) != 0 && errno == EINTR)
		;
	pthread_mutex_lock(&reg.lock);
	for (size_t i = 0; i < reg.n_children; i++)
		if (reg.children[i] == pid) {
			reg.children[i] = reg.children[--reg.n_children];
			break;
		}
	while ((rc = waitpid(pid, status, 0)) < 0 && errno == EINTR)
		;
	pthread_mutex_unlock(&reg.lock);
	return rc < 0 ? -1 : 0;
}

/* --- temporary names and stale temporaries ---------------------------------------------------- */

/* `target` split into its directory ("." when none) and its name. */
static char *split_target(const char *target, const char **base)
{
	const char *slash = strrchr(target, '/');

	*base = slash ? slash + 1 : target;
	if (!slash)
		return strdup(".");
	return strndup(target, slash == target ? 1 : (size_t)(slash - target));
}

char *output_guard_temp_name(const char *target)
{
	struct strbuf b = STRBUF_INIT;
	const char *slash = strrchr(target, '/');
	const char *base = slash ? slash + 1 : target;
	char tail[64];
	size_t keep = strlen(base);
	int n = snprintf(tail, sizeof tail, TEMP_MARK "%ld-XXXXXX", (long)getpid());

	if (n < 0 || (size_t)n >= sizeof tail)
		return NULL;
	if (keep + (size_t)n > NAME_MAX)
		keep = NAME_MAX > (size_t)n ? NAME_MAX - (size_t)n : 0;
	strbuf_add(&b, target, (size_t)(base - target) + keep);
	strbuf_adds(&b, tail);
	return strbuf_take(&b);
}

/* The process that made `name` when it is a temporary of the target named `base` (its name
 * shortened to fit NAME_MAX, or whole), else 0. */
static long temp_owner(const char *name, const char *base)
{
	const char *mark = NULL, *p;
	size_t len = strlen(name), prefix;
	char *end;
	long pid;

	for (p = strstr(name, TEMP_MARK); p; p = strstr(p + 1, TEMP_MARK))
		mark = p;
	if (!mark)
		return 0;
	prefix = (size_t)(mark - name);
	if (strncmp(name, base, prefix) != 0 || (base[prefix] != '\0' && len != NAME_MAX))
		return 0;
	p = mark + strlen(TEMP_MARK);
	if (*p < '1' || *p > '9')
		return 0;
	errno = 0;
	pid = strtol(p, &end, 10);
	if (errno || *end != '-' || strlen(end + 1) != TEMP_RANDOM)
		return 0;
	return pid;
}

void output_guard_remove_stale(const char *target)
{
	const char *base;
	char *dir = split_target(target, &base);
	DIR *d = dir ? opendir(dir) : NULL;
	struct dirent *e;

	while (d && (e = readdir(d)) != NULL) {
		long pid = temp_owner(e->d_name, base);
		struct strbuf path = STRBUF_INIT;
		struct stat sb;
		if (pid <= 0 || pid == (long)getpid() || pid > (long)INT_MAX || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue; /* not a temporary of target, or its process may still be writing it */
		strbuf_addf(&path, "%s/%s", dir, e->d_name);
		if (strbuf_ok(&path) && lstat(strbuf_str(&path), &sb) == 0 && sb.st_uid == geteuid())
			output_guard_remove(strbuf_str(&path));
		strbuf_release(&path);
	}
	if (d)
		closedir(d);
	free(dir);
}

/* --- the guard thread ------------------------------------------------------------------------- */

static void guard_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGHUP);
}

/* Removes a temporary the run may still be writing. A directory is renamed first (to a fresh
 * temporary name of the same target), so that no file can be created in it by path any more, and
 * then removed until it is gone (a file whose creation was under way at the rename may appear
 * just after). A file is unlinked: whoever still writes to it writes to no name. */
static void remove_while_written(const struct temp *t)
{
	char *trash = t->dir ? output_guard_temp_name(t->target) : NULL;
	const char *path = t->path;
	struct timespec pause = {0, 10 * 1000 * 1000};

	if (trash && mkdtemp(trash) && rename(t->path, trash) == 0)
		path = trash;
	else if (trash)
		rmdir(trash);
	for (int i = 0; i < 100 && output_guard_remove(path) != 0; i++)
		nanosleep(&pause, NULL);
	free(trash);
}

static void *guard_main(void *arg)
{
	sigset_t set;
	int sig = 0;

	(void)arg;
	guard_signals(&set);
	while (sigwait(&set, &sig) != 0)
		;
	pthread_mutex_lock(&reg.lock); /* never released: the process ends here */
	for (size_t i = 0; i < reg.n_children; i++)
		kill(reg.children[i], SIGKILL);
	for (size_t i = 0; i < reg.n_children; i++)
		while (waitpid(reg.children[i], NULL, 0) < 0 && errno == EINTR)
			;
	for (size_t i = 0; i < reg.n_temps; i++)
		remove_while_written(&reg.temps[i]);
	/* end by the signal itself, as the default action would have */
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}

int output_guard_start(void)
{
	sigset_t set, old;
	pthread_t guard;
	int rc;

	guard_signals(&set);
	if ((rc = pthread_sigmask(SIG_BLOCK, &set, &old)) != 0) {
		errno = rc;
		return -1;
	}
	if ((rc = pthread_create(&guard, NULL, guard_main, NULL)) != 0) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		errno = rc;
		return -1;
	}
	pthread_detach(guard);
	return 0;
}
