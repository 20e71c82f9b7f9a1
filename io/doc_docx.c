/* dm_write_docx: io/docwrite.h. */
#include "io/docwrite.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "io/doc_pandoc.h"
#include "io/output_guard.h"
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

/* The Lua filter of the HTML route: each <div> of class DM_DOCX_LANDSCAPE_CLASS (io/doc_html.c:
 * wide tables) becomes a section of its own on landscape pages, between the section breaks of
 * io/doc_pandoc.h. */
static const char docx_filter[] =
	"function Div(div)\n"
	"  if not div.attr.classes:includes('" DM_DOCX_LANDSCAPE_CLASS "') then\n"
	"    return nil\n"
	"  end\n"
	"  local blocks = {pandoc.RawBlock('openxml', '" DM_DOCX_SECTION_END(DM_DOCX_SIZE_PORTRAIT) "')}\n"
	"  for _, b in ipairs(div.content) do\n"
	"    blocks[#blocks + 1] = b\n"
	"  end\n"
	"  blocks[#blocks + 1] = pandoc.RawBlock('openxml', '" DM_DOCX_SECTION_END(DM_DOCX_SIZE_LANDSCAPE) "')\n"
	"  return blocks\n"
	"end\n";

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

/* A file that vanishes when closed, holding `len` bytes from `data`, or the document `d` as pandoc
 * reads it: its JSON for API version 1.`api` (dm_write_pandoc), or with `api` 0 the HTML (with
 * placeholder figures when `figures_later`); read from its start. */
static FILE *temporary(const struct dm_doc *d, int api, int figures_later, const void *data, size_t len)
{
	FILE *f = tmpfile();
	int status;

	if (!f)
		return NULL;
	if (!d)
		status = fwrite(data, 1, len, f) == len ? 0 : -1;
	else if (api)
		status = dm_write_pandoc(d, &(struct dm_pandoc_options){.api_minor = api, .figures_later = figures_later}, f);
	else
		status = dm_write_html(d, &(struct dm_html_options){.pandoc = 1, .figures_later = figures_later}, f);
	if (status != 0 || fflush(f) != 0 || lseek(fileno(f), 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	return f;
}

/* The filter's head when pandoc is started early (dm_docx_start with `gated`): pandoc has read
 * and parsed its input when it runs its filters, and this waits there, reading descriptor 5 to
 * its end, for dm_docx_finish to say "go" (the figures are drawn): anything else stops pandoc. */
static const char docx_gate[] =
	"local gate = io.open('/dev/fd/5', 'r')\n"
	"if gate == nil or gate:read('a') ~= 'go' then\n"
	"  error('surveykit: the figures were not drawn')\n"
	"end\n"
	"gate:close()\n";

/* After the gate: each placeholder image (figures_later of dm_html_options and dm_pandoc_options)
 * gets its PNG file, read into pandoc's media under its own path (a file that is not there is left
 * to pandoc, which puts the image's description in its place, as without the gate). pandoc hands
 * Lua only the images for this: the filter costs nothing measurable, where one with a function
 * over divisions (the HTML route's) has it hand over nearly the whole document. */
static const char docx_gate_images[] =
	"function Image(img)\n"
	"  local path = img.attributes['" DM_PANDOC_PNG_ATTR "']\n"
	"  if path == nil then\n"
	"    return nil\n"
	"  end\n"
	"  local f = io.open(path, 'rb')\n"
	"  if f then\n"
	"    pandoc.mediabag.insert(path, 'image/png', f:read('a'))\n"
	"    f:close()\n"
	"  end\n"
	"  img.src = path\n"
	"  img.attributes['" DM_PANDOC_PNG_ATTR "'] = nil\n"
	"  return img\n"
	"end\n";

/* dm_pandoc_api's question: pandoc's JSON of an empty input, read up to DM_PANDOC_PROBE_MAX bytes
 * (a longer output is no version this knows). */
static int probe(const char *pandoc)
{
	char *const argv[] = {"pandoc", "--from=markdown", "--to=json", NULL};
	char buf[DM_PANDOC_PROBE_MAX + 1];
	size_t len = 0;
	char **env = pandoc_environment();
	int fds[2] = {-1, -1}, ws = 0;
	pid_t pid;

	if (!env || pipe(fds) != 0) {
		free(env);
		return 0;
	}
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	fcntl(fds[1], F_SETFD, FD_CLOEXEC);
	pid = output_guard_fork();
	if (pid == 0) {
		sigset_t none;
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if (null < 0 || dup2(null, 0) < 0 || dup2(fds[1], 1) < 0 || dup2(null, 2) < 0)
			_exit(126);
		execve(pandoc, argv, env);
		_exit(127);
	}
	free(env);
	close(fds[1]);
	while (pid > 0 && len < sizeof buf) {
		ssize_t n = read(fds[0], buf + len, sizeof buf - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(fds[0]); /* a pandoc still writing stops (SIGPIPE) */
	if (pid < 0 || output_guard_wait(pid, &ws) != 0 || !WIFEXITED(ws) || WEXITSTATUS(ws) != 0)
		return 0;
	return dm_pandoc_api_parse(buf, len);
}

static pthread_mutex_t api_lock = PTHREAD_MUTEX_INITIALIZER;
static char api_path[4096];
static int api_known, api_minor;

int dm_pandoc_api(const char *path)
{
	int minor;

	pthread_mutex_lock(&api_lock);
	if (!api_known || strcmp(api_path, path) != 0) {
		api_minor = probe(path);
		snprintf(api_path, sizeof api_path, "%s", path);
		api_known = 1;
	}
	minor = api_minor;
	pthread_mutex_unlock(&api_lock);
	return minor;
}

/* Writes n bytes of s to the pipe fd: 0, or -1 when the reader is gone, without the SIGPIPE that
 * would end the process then (blocked in this thread for the write, and taken if raised). */
static int write_quietly(int fd, const char *s, size_t n)
{
	sigset_t pipe_set, old;
	struct timespec now = {0, 0};
	ssize_t w;

	sigemptyset(&pipe_set);
	sigaddset(&pipe_set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &pipe_set, &old);
	do
		w = write(fd, s, n);
	while (w < 0 && errno == EINTR);
	if (w < 0 && errno == EPIPE && !sigismember(&old, SIGPIPE))
		sigtimedwait(&pipe_set, NULL, &now);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return w == (ssize_t)n ? 0 : -1;
}

static void job_clear(struct dm_docx_job *job)
{
	job->pid = 0;
	job->output = job->gate = -1;
	job->errors = NULL;
}

enum dm_docx_status dm_docx_start(const struct dm_doc *d, const char *resource_dir, int gated,
				  struct dm_docx_job *job, char *msg, size_t msg_size)
{
	char pandoc[4096];
	char *json_argv[] = {"pandoc", "--from=json", "--to=docx", "--reference-doc=/dev/fd/3", "--output=-",
			     NULL, NULL};
	char *const html_argv[] = {"pandoc", "--from=html", "--to=docx", "--reference-doc=/dev/fd/3",
				   "--lua-filter=/dev/fd/4", "--output=-", NULL};
	char filter_text[sizeof docx_gate + sizeof docx_gate_images + sizeof docx_filter];
	FILE *in = NULL, *ref = NULL, *filter = NULL;
	char **env = NULL;
	int fds[2] = {-1, -1}, gate[2] = {-1, -1}, api;
	enum dm_docx_status status = DM_DOCX_OK;
	pid_t pid;

	msg[0] = '\0';
	job_clear(job);
	if (!dm_pandoc_path(pandoc, sizeof pandoc))
		return DM_DOCX_NO_PANDOC;
	/* the JSON has a filter only for the gate (and the figures after it); the HTML always has one */
	api = dm_pandoc_api(pandoc);
	if (api && gated)
		json_argv[4] = "--lua-filter=/dev/fd/4", json_argv[5] = "--output=-";
	snprintf(filter_text, sizeof filter_text, "%s%s%s", gated ? docx_gate : "", gated ? docx_gate_images : "",
		 api ? "" : docx_filter);
	if (!(in = temporary(d, api, gated, NULL, 0)) || !(ref = temporary(NULL, 0, 0, reference_docx, reference_docx_size)) ||
	    (filter_text[0] && !(filter = temporary(NULL, 0, 0, filter_text, strlen(filter_text)))) ||
	    !(job->errors = tmpfile())) {
		snprintf(msg, msg_size, "cannot write a temporary file for pandoc: %s", strerror(errno));
		status = DM_DOCX_SYSTEM;
		goto done;
	}
	if (!(env = pandoc_environment())) {
		snprintf(msg, msg_size, "cannot start pandoc: out of memory");
		status = DM_DOCX_SYSTEM;
		goto done;
	}
	if (pipe(fds) != 0 || (gated && pipe(gate) != 0)) {
		snprintf(msg, msg_size, "cannot make a pipe for pandoc: %s", strerror(errno));
		status = DM_DOCX_SYSTEM;
		goto done;
	}
	/* our ends must not stay open in a later child (gnuplot): pandoc sees the end of the gate
	 * only when every copy of its writing end is closed */
	fcntl(fds[0], F_SETFD, FD_CLOEXEC);
	if (gated)
		fcntl(gate[1], F_SETFD, FD_CLOEXEC);
	fflush(NULL);
	pid = output_guard_fork(); /* an interrupted run kills and reaps it (io/output_guard.h) */
	if (pid == 0) {
		/* the child: only async-signal-safe calls until exec; the usual signals back (a report
		 * blocks them while its output directory is open). Descriptors 0-2 are taken, so the
		 * temporary files and the pipes are above 2 and each dup2 leaves the next source intact;
		 * the reference document, the filter and the gate go to 3, 4 and 5 by way of descriptors
		 * above those. */
		sigset_t none;
		int r, f = -1, g = -1;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if ((resource_dir && chdir(resource_dir) != 0) || dup2(fileno(in), 0) < 0 || dup2(fds[1], 1) < 0 ||
		    dup2(fileno(job->errors), 2) < 0 || (r = fcntl(fileno(ref), F_DUPFD, 6)) < 0 ||
		    (filter && (f = fcntl(fileno(filter), F_DUPFD, 6)) < 0) ||
		    (gated && (g = fcntl(gate[0], F_DUPFD, 6)) < 0) || dup2(r, 3) < 0 || (filter && dup2(f, 4) < 0) ||
		    (gated && dup2(g, 5) < 0))
			_exit(126);
		execve(pandoc, api ? json_argv : html_argv, env);
		_exit(127);
	}
	if (pid < 0) {
		snprintf(msg, msg_size, "cannot start '%s': %s", pandoc, strerror(errno));
		status = DM_DOCX_SYSTEM;
		goto done;
	}
	job->pid = pid;
	snprintf(job->program, sizeof job->program, "%s", pandoc);
	job->dir = resource_dir;
	job->output = fds[0];
	job->gate = gate[1];
	fds[0] = gate[1] = -1;
done:
	free(env);
	for (int k = 0; k < 2; k++) {
		if (fds[k] >= 0)
			close(fds[k]);
		if (gate[k] >= 0)
			close(gate[k]);
	}
	if (in)
		fclose(in);
	if (ref)
		fclose(ref);
	if (filter)
		fclose(filter);
	if (status != DM_DOCX_OK && job->errors) {
		fclose(job->errors);
		job->errors = NULL;
	}
	return status;
}

enum dm_docx_status dm_docx_finish(struct dm_docx_job *job, int go, FILE *out, char *msg, size_t msg_size)
{
	char line[512];
	int ws = 0, write_failed = 0;
	size_t copied = 0;
	enum dm_docx_status status = DM_DOCX_OK;

	msg[0] = '\0';
	if (!job->pid)
		return DM_DOCX_SYSTEM;
	if (!go)
		kill(job->pid, SIGKILL);
	if (job->gate >= 0) {
		if (go)
			write_quietly(job->gate, "go", 2); /* a pandoc that stopped already: its status says why */
		close(job->gate);
	}
	for (;;) {
		char buf[65536];
		ssize_t n = read(job->output, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (go && !write_failed && fwrite(buf, 1, (size_t)n, out) != (size_t)n)
			write_failed = 1;
		copied += (size_t)n;
	}
	output_guard_wait(job->pid, &ws);
	first_line(job->errors, line, sizeof line);
	if (!go) {
		status = DM_DOCX_FAILED;
		snprintf(msg, msg_size, "pandoc was stopped");
	} else if (WIFEXITED(ws) && WEXITSTATUS(ws) == 127) {
		snprintf(msg, msg_size, "cannot run '%s'", job->program);
		status = DM_DOCX_SYSTEM;
	} else if (WIFEXITED(ws) && WEXITSTATUS(ws) == 126) {
		snprintf(msg, msg_size, "cannot start pandoc in '%s'", job->dir ? job->dir : ".");
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
	close(job->output);
	fclose(job->errors);
	job_clear(job);
	return status;
}

enum dm_docx_status dm_write_docx(const struct dm_doc *d, const char *resource_dir, FILE *out, char *msg,
				  size_t msg_size)
{
	struct dm_docx_job job;
	enum dm_docx_status status = dm_docx_start(d, resource_dir, 0, &job, msg, msg_size);

	return status == DM_DOCX_OK ? dm_docx_finish(&job, 1, out, msg, msg_size) : status;
}
