/* dm_write_docx: io/docwrite.h. */
#include "io/docwrite.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "io/program.h"
#include "io/reference_docx.h"

extern char **environ;

/* pandoc's run-time options: a larger allocation area for its garbage collector, which otherwise
 * spends about half of pandoc's time collecting (a report's document: about 20% less CPU time).
 * Passed in the environment (GHCRTS), which a pandoc built without run-time options ignores; a
 * GHCRTS the user set is kept. */
#define DOCX_PANDOC_RTS "GHCRTS=-A64m"

/* The environment pandoc runs in: ours, with DOCX_PANDOC_RTS unless GHCRTS is set; NULL when
 * out of memory. Only the array is allocated. */
static char **pandoc_environment(void)
{
	size_t n = 0;
	int has = 0;
	char **env;

	for (; environ && environ[n]; n++)
		has |= strncmp(environ[n], "GHCRTS=", 7) == 0;
	if (!(env = malloc((n + 2) * sizeof *env)))
		return NULL;
	for (size_t i = 0; i < n; i++)
		env[i] = environ[i];
	env[n] = has ? NULL : (char *)DOCX_PANDOC_RTS;
	env[n + 1] = NULL;
	return env;
}

const char *dm_pandoc_path(char *buf, size_t size)
{
	return program_path("SURVEYKIT_PANDOC", "pandoc", buf, size);
}

/* The first line of what pandoc printed on its standard error (empty when nothing). */
static void first_line(FILE *f, char *line, size_t size)
{
	line[0] = '\0';
	if (fseek(f, 0, SEEK_SET) != 0 || !fgets(line, (int)size, f))
		return;
	line[strcspn(line, "\r\n")] = '\0';
}

/* A file that vanishes when closed, holding `len` bytes from `data` (or the HTML of `d`), read
 * from its start. */
static FILE *temporary(const struct dm_doc *d, const void *data, size_t len)
{
	FILE *f = tmpfile();

	if (!f)
		return NULL;
	if ((d ? dm_write_html(d, &(struct dm_html_options){.pandoc = 1}, f) != 0 : fwrite(data, 1, len, f) != len) ||
	    fflush(f) != 0 || lseek(fileno(f), 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	return f;
}

enum dm_docx_status dm_write_docx(const struct dm_doc *d, const char *resource_dir, FILE *out, char *msg,
				  size_t msg_size)
{
	char pandoc[4096], line[512];
	char *const argv[] = {"pandoc", "--from=html", "--to=docx", "--reference-doc=/dev/fd/3", "--output=-", NULL};
	FILE *in = NULL, *ref = NULL, *errors = NULL;
	char **env = NULL;
	int fds[2] = {-1, -1}, ws = 0, write_failed = 0;
	size_t copied = 0;
	enum dm_docx_status status = DM_DOCX_OK;
	pid_t pid;

	msg[0] = '\0';
	if (!dm_pandoc_path(pandoc, sizeof pandoc))
		return DM_DOCX_NO_PANDOC;
	if (!(in = temporary(d, NULL, 0)) || !(ref = temporary(NULL, reference_docx, reference_docx_size)) ||
	    !(errors = tmpfile())) {
		snprintf(msg, msg_size, "cannot write a temporary file for pandoc: %s", strerror(errno));
		status = DM_DOCX_SYSTEM;
		goto done;
	}
	if (!(env = pandoc_environment())) {
		snprintf(msg, msg_size, "cannot start pandoc: out of memory");
		status = DM_DOCX_SYSTEM;
		goto done;
	}
	if (pipe(fds) != 0) {
		snprintf(msg, msg_size, "cannot make a pipe for pandoc: %s", strerror(errno));
		status = DM_DOCX_SYSTEM;
		goto done;
	}
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		/* the child: only async-signal-safe calls until exec; the usual signals back (a report
		 * blocks them while its output directory is open). Descriptors 0-2 are taken, so the
		 * temporary files and the pipe are above 2 and each dup2 leaves the next source intact. */
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if ((resource_dir && chdir(resource_dir) != 0) || dup2(fileno(in), 0) < 0 || dup2(fds[1], 1) < 0 ||
		    dup2(fileno(errors), 2) < 0 || (fileno(ref) != 3 && dup2(fileno(ref), 3) < 0))
			_exit(126);
		execve(pandoc, argv, env);
		_exit(127);
	}
	close(fds[1]);
	fds[1] = -1;
	if (pid < 0) {
		snprintf(msg, msg_size, "cannot start '%s': %s", pandoc, strerror(errno));
		status = DM_DOCX_SYSTEM;
		goto done;
	}
	for (;;) {
		char buf[65536];
		ssize_t n = read(fds[0], buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (!write_failed && fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			write_failed = 1;
		copied += (size_t)n;
	}
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	first_line(errors, line, sizeof line);
	if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127) {
		snprintf(msg, msg_size, "cannot run '%s'", pandoc);
		status = DM_DOCX_SYSTEM;
	} else if (WIFEXITED(ws) && WEXITSTATUS(ws) == 126) {
		snprintf(msg, msg_size, "cannot start pandoc in '%s'", resource_dir ? resource_dir : ".");
		status = DM_DOCX_SYSTEM;
	} else if (!WIFEXITED(ws) || WEXITSTATUS(ws) != 0 || copied == 0) {
		if (WIFEXITED(ws))
			snprintf(msg, msg_size, "pandoc failed (exit %d)%s%s", WEXITSTATUS(ws), line[0] ? ": " : "", line);
		else
			snprintf(msg, msg_size, "pandoc was stopped by signal %d", WIFSIGNALED(ws) ? WTERMSIG(ws) : 0);
		status = DM_DOCX_FAILED;
	} else if (write_failed) {
		snprintf(msg, msg_size, "cannot write the Word document: %s", strerror(errno));
		status = DM_DOCX_WRITE;
	}
done:
	free(env);
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	if (in)
		fclose(in);
	if (ref)
		fclose(ref);
	if (errors)
		fclose(errors);
	return status;
}
