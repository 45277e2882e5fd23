/*
 * cchc: diagnostics.  Every message goes to stderr as "prog: message" or, for
 * a data error, "prog: file:line: message".  A format that ends in ':' gets
 * the errno text appended (as in sbase's eprintf).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "../util.h"

const char *argv0 = "cchc";

/* The program's name in messages: prog's last path component. */
void
diag_prog(const char *prog)
{
	const char *s = strrchr(prog, '/');

	argv0 = s ? s + 1 : prog;
}

static void
vmsg(const char *file, unsigned long line, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t n = strlen(fmt);

	fprintf(stderr, "%s: ", argv0);
	if (file && line)
		fprintf(stderr, "%s:%lu: ", file, line);
	else if (file)
		fprintf(stderr, "%s: ", file);
	vfprintf(stderr, fmt, ap);
	if (n && fmt[n - 1] == ':')
		fprintf(stderr, " %s", strerror(saved));
	fputc('\n', stderr);
}

void
weprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
}

void
eprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, 0, fmt, ap);
	va_end(ap);
	exit(1);
}

/* "prog: file:line: message"; line 0 leaves the line out. */
void
weprintf_at(const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(file, line, fmt, ap);
	va_end(ap);
}

_Noreturn void
usage_line(const char *synopsis)
{
	fprintf(stderr, "usage: %s %s\n", argv0, synopsis);
	exit(2);  /* a usage error, as coreutils and grep say it */
}

/* progress lines, on a terminal only: from the second second of a run,
 * once a second, "\rprog: WHAT: N NOUN, X MB" */
static int progress_on, progress_shown;
static time_t progress_start, progress_last;

void
progress_init(int on)
{
	progress_on = on && isatty(2);
	progress_start = progress_last = time(NULL);
}

/* One progress line (done: the last, ended by a newline when a line was
 * shown at all). */
void
progress(const char *what, unsigned long n, const char *noun, long long bytes, int done)
{
	time_t now;

	if (!progress_on)
		return;
	now = time(NULL);
	if (done ? !progress_shown : now == progress_last || now == progress_start)
		return;
	progress_last = now;
	progress_shown = 1;
	fprintf(stderr, "\r%s: %s: %lu %s, %.1f MB%s", argv0, what, n, noun, bytes / 1e6,
	        done ? "\n" : "");
}
