/*
 * cchc: a PDF file's text through poppler's pdftotext, when it is
 * installed.  The file's bytes go to pdftotext through a memory file
 * (memfd: seekable, as pdftotext needs, and nothing left on disk); its
 * UTF-8 output is read back, bounded by CCHC_MAX_DOC.
 */
#define _GNU_SOURCE  /* memfd_create */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../util.h"

/* Returns: 1 when s[0..n) is a PDF file. */
int
is_pdf(const char *s, size_t n)
{
	return n >= 5 && !memcmp(s, "%PDF-", 5);
}

static const char missing[] = "a PDF file, and pdftotext is not installed: install Debian's "
                               "poppler-utils (or convert it: pdftotext FILE)";
static const char failed[] = "a PDF file pdftotext cannot read";

/* Run pdftotext on the memory file mfd, its output into out.  Returns:
 * NULL, or why not (missing, failed). */
static const char *
run_pdftotext(int mfd, struct buf *out)
{
	int p[2], status;
	char path[32];
	pid_t pid;
	char chunk[65536];
	ssize_t r;

	if (pipe(p) < 0)
		return failed;
	snprintf(path, sizeof(path), "/dev/fd/%d", mfd);
	if ((pid = fork()) < 0) {
		close(p[0]);
		close(p[1]);
		return failed;
	}
	if (pid == 0) {
		dup2(p[1], 1);
		close(p[0]);
		close(p[1]);
		execlp("pdftotext", "pdftotext", "-q", "-enc", "UTF-8", "-nopgbrk", path, "-",
		       (char *)NULL);
		_exit(errno == ENOENT ? 127 : 126);
	}
	close(p[1]);
	while ((r = read(p[0], chunk, sizeof(chunk))) != 0) {
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 || out->len > in_max_doc)
			break;  /* the caller refuses more */
		buf_add(out, chunk, (size_t)r);
	}
	close(p[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		return missing;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? NULL : failed;
}

/*
 * The text of the PDF file s[0..n), UTF-8, appended to out.
 * Returns: NULL; or why not: pdftotext is not installed, or it cannot read
 * the file.
 */
const char *
pdf_to_text(const char *s, size_t n, struct buf *out)
{
	int mfd = memfd_create("cchc-pdf", 0);
	const char *ret;

	if (mfd < 0)
		return failed;
	if (pwrite_all(mfd, s, n, 0) < 0) {  /* pdftotext reads from offset 0 */
		close(mfd);
		return failed;
	}
	ret = run_pdftotext(mfd, out);
	close(mfd);
	return ret;
}
