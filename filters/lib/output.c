/*
 * cchc: output to stdout or to a file that appears only when complete.
 *
 * A named output is written to a temporary file in the same directory and
 * renamed over the target after a flush, an error check and fsync; on any
 * failure, and when a fatal signal or exit() interrupts the program, the
 * temporary file is removed, so a reader never sees a partial file.  Only one
 * named output is open at a time; out_tmp remembers it for the cleanup.
 *
 * A closed pipe on stdout ends the program quietly, as if by SIGPIPE
 * (exit_epipe), so "filter | head -1" prints no error.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util.h"

static volatile sig_atomic_t have_tmp;
static char *out_tmp;

static void
cleanup(void)
{
	if (have_tmp && out_tmp)
		unlink(out_tmp);
}

static void
on_signal(int sig)
{
	if (have_tmp && out_tmp)
		unlink(out_tmp);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
install_cleanup(void)
{
	static int done;
	static const int sigs[] = { SIGHUP, SIGINT, SIGTERM, SIGXFSZ };
	struct sigaction sa;
	size_t i;

	if (done)
		return;
	done = 1;
	atexit(cleanup);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < LEN(sigs); i++) {
		struct sigaction old;

		/* keep a signal that the caller (nohup, a shell) ignores ignored */
		if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN)
			continue;
		sigaction(sigs[i], &sa, NULL);
	}
}

static mode_t
umask_get(void)
{
	mode_t m = umask(0);

	umask(m);
	return m;
}

_Noreturn void
exit_epipe(void)
{
	signal(SIGPIPE, SIG_DFL);
	raise(SIGPIPE);
	_exit(141);
}

/*
 * Open an output: NULL or "-" is stdout, anything else a file created
 * atomically.
 * Returns: 0, or -1 after a message (the directory is not writable, ...).
 */
int
out_open(struct output *o, const char *path)
{
	const char *slash;
	int fd;

	memset(o, 0, sizeof(*o));
	if (!path || !strcmp(path, "-")) {
		o->fp = stdout;
		return 0;
	}
	install_cleanup();
	o->path = xstrdup(path);
	slash = strrchr(path, '/');
	o->tmp = xmalloc(strlen(path) + 16);
	if (slash)
		sprintf(o->tmp, "%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1);
	else
		sprintf(o->tmp, ".%s.XXXXXX", path);
	if ((fd = mkstemp(o->tmp)) < 0) {
		weprintf("%s:", path);
		free(o->tmp);
		free(o->path);
		o->tmp = o->path = NULL;
		return -1;
	}
	fchmod(fd, 0666 & ~umask_get());
	out_tmp = o->tmp;
	have_tmp = 1;
	if (!(o->fp = fdopen(fd, "w"))) {
		weprintf("%s:", path);
		close(fd);
		out_close(o, 0);
		return -1;
	}
	return 0;
}

/* Returns: nonzero once a write to o has failed. */
int
out_error(struct output *o)
{
	return ferror(o->fp);
}

/*
 * Finish an output.  commit: 1 to keep it (flush, check, fsync, rename),
 * 0 to throw a named output away.  Stdout is closed with fshut().
 * Returns: 0, or -1 after a message; a failed named output is removed.
 */
int
out_close(struct output *o, int commit)
{
	int ret = 0;

	if (!o->fp)
		return -1;
	if (!o->path) {
		o->fp = NULL;
		return fshut(stdout, "stdout") ? -1 : 0;
	}
	if (commit) {
		if (fflush(o->fp) == EOF || ferror(o->fp)) {
			weprintf("%s: write error:", o->path);
			ret = -1;
		} else if (fsync(fileno(o->fp)) < 0 && errno != EINVAL) {
			weprintf("%s: fsync:", o->path);
			ret = -1;
		}
	}
	if (fclose(o->fp) == EOF && commit && ret == 0) {
		weprintf("%s: close:", o->path);
		ret = -1;
	}
	o->fp = NULL;
	if (commit && ret == 0 && rename(o->tmp, o->path) < 0) {
		weprintf("%s: rename:", o->path);
		ret = -1;
	}
	if (!commit || ret < 0)
		unlink(o->tmp);
	have_tmp = 0;
	out_tmp = NULL;
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return commit ? ret : 0;
}

/*
 * Flush and close a standard stream at exit (sbase's fshut).
 * Returns: 0, or 1 after a message; EPIPE on stdout exits quietly.
 */
int
fshut(FILE *fp, const char *name)
{
	int ret = 0;

	/* fflush() is undefined on input streams; skip stdin */
	if (fp != stdin && fflush(fp) == EOF) {
		if (fp == stdout && errno == EPIPE)
			exit_epipe();
		weprintf("%s: write error:", name);
		ret = 1;
	} else if (ferror(fp)) {
		weprintf("%s: error", name);
		ret = 1;
	}
	if (fclose(fp) == EOF && !ret) {
		if (fp == stdout && errno == EPIPE)
			exit_epipe();
		weprintf("%s: close:", name);
		ret = 1;
	}
	return ret;
}
