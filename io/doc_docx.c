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

/* The Lua filter pandoc runs: each <div> of class DM_DOCX_LANDSCAPE_CLASS (io/doc_html.c: wide
 * tables) becomes a section of its own on landscape pages. A Word section ends with a paragraph
 * holding its properties: one before the div ends the portrait pages before it, one after it
 * ends the landscape ones; the document's last section is the reference document's page (US
 * Letter portrait, 1 in margins: scripts/make-reference-docx), which both repeat. */
#define DOCX_MARGINS                                                                                   \
	"<w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"720\" " \
	"w:footer=\"720\" w:gutter=\"0\"/>"
static const char docx_filter[] =
	"local function section_end(size)\n"
	"  return pandoc.RawBlock('openxml', '<w:p><w:pPr><w:sectPr>' .. size .. '" DOCX_MARGINS "</w:sectPr></w:pPr></w:p>')\n"
	"end\n"
	"function Div(div)\n"
	"  if not div.attr.classes:includes('" DM_DOCX_LANDSCAPE_CLASS "') then\n"
	"    return nil\n"
	"  end\n"
	"  local blocks = {section_end('<w:pgSz w:w=\"12240\" w:h=\"15840\"/>')}\n"
	"  for _, b in ipairs(div.content) do\n"
	"    blocks[#blocks + 1] = b\n"
	"  end\n"
	"  blocks[#blocks + 1] = section_end('<w:pgSz w:w=\"15840\" w:h=\"12240\" w:orient=\"landscape\"/>')\n"
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
	char *const argv[] = {"pandoc", "--from=html", "--to=docx", "--reference-doc=/dev/fd/3", "--lua-filter=/dev/fd/4",
			      "--output=-", NULL};
	FILE *in = NULL, *ref = NULL, *filter = NULL, *errors = NULL;
	char **env = NULL;
	int fds[2] = {-1, -1}, ws = 0, write_failed = 0;
	size_t copied = 0;
	enum dm_docx_status status = DM_DOCX_OK;
	pid_t pid;

	msg[0] = '\0';
	if (!dm_pandoc_path(pandoc, sizeof pandoc))
		return DM_DOCX_NO_PANDOC;
	if (!(in = temporary(d, NULL, 0)) || !(ref = temporary(NULL, reference_docx, reference_docx_size)) ||
	    !(filter = temporary(NULL, docx_filter, sizeof docx_filter - 1)) || !(errors = tmpfile())) {
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
		 * temporary files and the pipe are above 2 and each dup2 leaves the next source intact;
		 * the reference document and the filter go to 3 and 4 by way of descriptors above both. */
		sigset_t none;
		int r, f;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		if ((resource_dir && chdir(resource_dir) != 0) || dup2(fileno(in), 0) < 0 || dup2(fds[1], 1) < 0 ||
		    dup2(fileno(errors), 2) < 0 || (r = fcntl(fileno(ref), F_DUPFD, 5)) < 0 ||
		    (f = fcntl(fileno(filter), F_DUPFD, 5)) < 0 || dup2(r, 3) < 0 || dup2(f, 4) < 0)
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
	if (filter)
		fclose(filter);
	if (errors)
		fclose(errors);
	return status;
}
