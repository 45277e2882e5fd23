/*
 * cchc: output to stdout or to a file that appears only when complete.
 *
 * The output contract of every filter (out_open, out_close):
 * - A regular file (new or existing) is written to a temporary file in its
 *   directory and renamed over it after a flush, an error check and fsync;
 *   on any failure, and when a fatal signal or exit() interrupts the
 *   program, the temporary file is removed: a reader never sees a partial
 *   file, and an existing file is left as it was.
 * - A symbolic link is followed: its target is written (atomically as above
 *   when the target is a regular file or does not exist yet); the link
 *   stays a link.
 * - A FIFO, a device, and anything under /dev/ or /proc/ (/dev/null) is
 *   written in place, never replaced; /dev/stdout, /dev/stderr and
 *   /dev/fd/N write to the descriptor the program already has (a file the
 *   shell opened for appending is appended to).
 * - Every write error is reported with the output's name and makes
 *   out_close fail.
 *
 * A file made in a folder from a name that arrived as data (an archive
 * entry, a document's name: out_open_entry) follows nothing: a link at the
 * final name is replaced by the new file, never followed, and a FIFO, a
 * device, a socket or a folder there is refused and left as it is.
 *
 * A closed pipe on stdout ends the program quietly, as if by SIGPIPE
 * (exit_epipe), so "filter | head -1" prints no error.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../util.h"

/* the temporary files open now, removed at exit or on a fatal signal */
#define MAX_TMP 4
static char *volatile tmps[MAX_TMP];

static void
cleanup(void)
{
	size_t i;

	for (i = 0; i < MAX_TMP; i++)
		if (tmps[i])
			unlink(tmps[i]);
}

static void
on_signal(int sig)
{
	cleanup();
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

static void
tmp_track(char *t, int on)
{
	size_t i;

	for (i = 0; i < MAX_TMP; i++)
		if (on ? !tmps[i] : tmps[i] == t) {
			tmps[i] = on ? t : NULL;
			return;
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
 * Where a write to path goes: *target (new memory) is path, or the file a
 * symbolic link at path leads to; *inplace is set for what is written in
 * place (see the contract above).  Returns: 0, or -1 after a message.
 */
static int
out_target(const char *path, char **target, int *inplace)
{
	struct stat st;
	char *t = xstrdup(path);
	int hops = 0;

	*inplace = 0;
	/* /dev/stdout leads to /proc/self/fd/1 and on to "pipe:[...]": what is
	 * under /dev/ or /proc/ is opened as named, not followed */
	while (strncmp(t, "/dev/", 5) && strncmp(t, "/proc/", 6) &&
	       lstat(t, &st) == 0 && S_ISLNK(st.st_mode) && hops++ < 40) {
		char buf[PATH_MAX];
		ssize_t n = readlink(t, buf, sizeof(buf) - 1);
		const char *slash = strrchr(t, '/');
		char *next;

		if (n < 0) {
			weprintf("%s:", path);
			free(t);
			return -1;
		}
		buf[n] = '\0';
		if (buf[0] == '/' || !slash) {
			next = xstrdup(buf);
		} else {  /* relative to the link's directory */
			next = xmalloc((size_t)(slash - t) + 2 + (size_t)n);
			sprintf(next, "%.*s/%s", (int)(slash - t), t, buf);
		}
		free(t);
		t = next;
	}
	if (!strncmp(t, "/dev/", 5) || !strncmp(t, "/proc/", 6)) {
		*inplace = 1;
	} else if (stat(t, &st) == 0) {
		if (S_ISDIR(st.st_mode)) {
			weprintf("%s: is a directory", path);
			free(t);
			return -1;
		}
		*inplace = !S_ISREG(st.st_mode);
	}
	*target = t;
	return 0;
}

/* The descriptor a path names (/dev/stdout, /dev/stderr, /dev/fd/N,
 * /proc/self/fd/N), or -1. */
static int
std_fd(const char *path)
{
	static const char *const pfx[] = { "/dev/fd/", "/proc/self/fd/" };
	size_t i;

	if (!strcmp(path, "/dev/stdout"))
		return 1;
	if (!strcmp(path, "/dev/stderr"))
		return 2;
	for (i = 0; i < LEN(pfx); i++)
		if (!strncmp(path, pfx[i], strlen(pfx[i]))) {
			const char *d = path + strlen(pfx[i]);
			char *end;
			long n = strtol(d, &end, 10);

			if (*d >= '0' && *d <= '9' && !*end && n >= 0 && n < 1024)
				return (int)n;
		}
	return -1;
}

/* Returns: 1 when path ("-", /dev/stdout, /dev/fd/1 ...) is standard output. */
int
out_is_stdout(const char *path)
{
	return !path || !strcmp(path, "-") || std_fd(path) == 1;
}

/* The temporary file beside o->path that out_close renames onto it.
 * Returns: 0, or -1 after a message naming path (o is then empty). */
static int
open_tmp(struct output *o, const char *path)
{
	const char *slash, *base, *target = o->path;
	int fd;

	install_cleanup();
	slash = strrchr(target, '/');
	base = slash ? slash + 1 : target;
	o->tmp = xmalloc(strlen(target) + 32);
	/* ".NAME.XXXXXX" beside it, or a shorter name where NAME is long */
	sprintf(o->tmp, "%.*s.%s.XXXXXX", slash ? (int)(slash - target + 1) : 0, target,
	        strlen(base) <= 200 ? base : "cchc-out");
	if ((fd = mkstemp(o->tmp)) < 0) {
		weprintf("%s:", path);
		free(o->tmp);
		free(o->path);
		o->tmp = o->path = NULL;
		return -1;
	}
	fchmod(fd, 0666 & ~umask_get());
	tmp_track(o->tmp, 1);
	if (!(o->fp = fdopen(fd, "w"))) {
		weprintf("%s:", path);
		close(fd);
		out_close(o, 0);
		return -1;
	}
	return 0;
}

/*
 * Open a file to make in a folder from a name that came as data: nothing at
 * path is followed; a regular file or a link there is replaced on success,
 * anything else is refused.
 * Returns: 0, or -1 after a message.
 */
int
out_open_entry(struct output *o, const char *path)
{
	struct stat st;

	memset(o, 0, sizeof(*o));
	o->mtime = -1;
	if (lstat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) {
		weprintf("%s: %s there: left as it is, nothing written", path,
		         S_ISDIR(st.st_mode) ? "a folder" : S_ISFIFO(st.st_mode) ? "a FIFO" :
		         S_ISSOCK(st.st_mode) ? "a socket" : "a device file");
		return -1;
	}
	o->path = xstrdup(path);
	return open_tmp(o, path);
}

/*
 * Open an output: NULL, "-" or /dev/stdout is stdout, anything else as the
 * contract above says.
 * Returns: 0, or -1 after a message (the directory is not writable, ...).
 */
int
out_open(struct output *o, const char *path)
{
	char *target;
	int fd, inplace;

	memset(o, 0, sizeof(*o));
	o->mtime = -1;
	if (out_is_stdout(path)) {
		o->fp = stdout;
		return 0;
	}
	if ((fd = std_fd(path)) >= 0) {
		/* an open descriptor: its own offset and O_APPEND, not a reopening */
		int d = dup(fd);

		if (d < 0 || !(o->fp = fdopen(d, "w"))) {
			weprintf("%s:", path);
			if (d >= 0)
				close(d);
			return -1;
		}
		o->path = xstrdup(path);
		o->inplace = 1;
		return 0;
	}
	if (out_target(path, &target, &inplace) < 0)
		return -1;
	o->path = target;
	if (inplace) {
		/* no O_TRUNC: /dev/stdout may be a file opened for appending */
		if ((fd = open(target, O_WRONLY | O_CLOEXEC)) < 0 || !(o->fp = fdopen(fd, "w"))) {
			weprintf("%s:", path);
			if (fd >= 0)
				close(fd);
			free(o->path);
			o->path = NULL;
			return -1;
		}
		o->inplace = 1;
		return 0;
	}
	return open_tmp(o, path);
}

/* Returns: nonzero once a write to o has failed. */
int
out_error(struct output *o)
{
	return ferror(o->fp);
}

/*
 * Finish an output.  commit: 1 to keep it (flush, check, fsync, rename),
 * 0 to throw a named output away (what is written in place stays).
 * Stdout is closed with fshut().
 * Returns: 0, or -1 after a message; a failed named output is removed.
 */
int
out_close(struct output *o, int commit)
{
	int ret = 0;

	if (!o->fp)
		return -1;
	if (!o->path) {  /* stdout, closed once however many outputs it is */
		static int closed, failed;

		o->fp = NULL;
		if (!closed) {
			closed = 1;
			failed = fshut(stdout, "stdout");
		}
		return failed ? -1 : 0;
	}
	if (fflush(o->fp) == EOF || ferror(o->fp)) {
		weprintf("%s: write error:", o->path);  /* whether kept or not */
		ret = -1;
	} else if (commit && !o->inplace && fsync(fileno(o->fp)) < 0 && errno != EINVAL) {
		weprintf("%s: fsync:", o->path);
		ret = -1;
	} else if (commit && !o->inplace && o->mtime >= 0) {
		struct timespec ts[2] = { { (time_t)o->mtime, 0 }, { (time_t)o->mtime, 0 } };

		futimens(fileno(o->fp), ts);  /* the file itself, before it has its name */
	}
	if (fclose(o->fp) == EOF && ret == 0 && (commit || o->inplace)) {
		weprintf("%s: close:", o->path);
		ret = -1;
	}
	o->fp = NULL;
	if (!o->inplace) {
		if (commit && ret == 0 && rename(o->tmp, o->path) < 0) {
			weprintf("%s: rename:", o->path);
			ret = -1;
		}
		if (!commit || ret < 0)
			unlink(o->tmp);
		tmp_track(o->tmp, 0);
	}
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
	return commit || o->inplace ? ret : 0;
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

/* Write p[0..n) to fd at offset off, whatever pwrite() takes at a time.
 * Returns: 0, or -1 (errno set). */
int
pwrite_all(int fd, const void *p, size_t n, off_t off)
{
	const char *s = p;
	ssize_t w;

	while (n) {
		w = pwrite(fd, s, n, off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
		off += w;
	}
	return 0;
}
