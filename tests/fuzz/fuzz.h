/*
 * cchc fuzz targets: what the libFuzzer harnesses share (see README.md here).
 *
 * A harness that tests a filter's own code includes the filter's .c with its
 * main renamed, so that it calls the same functions the program runs.  Inputs
 * reach path-based readers through a memfd, opened again as /proc/self/fd/N.
 */
#ifndef CCHC_FUZZ_H
#define CCHC_FUZZ_H

/* built with -D_GNU_SOURCE= (memfd_create, memmem), before any header */


#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#ifndef FUZZ_DATA
#define FUZZ_DATA "share/cchc"
#endif

/* The data files: CCHC_DATA if set, else the source tree's share/cchc. */
static inline void
fuzz_data_dir(void)
{
	if (!getenv("CCHC_DATA"))
		data_dir_set(FUZZ_DATA);
}

/* A file that holds data[0..n): its path, valid until the next call with f. */
struct memfile {
	int fd;
	char path[64];
};

static inline const char *
memfile_put(struct memfile *f, const char *name, const void *data, size_t n)
{
	if (!f->fd) {
		if ((f->fd = memfd_create(name, 0)) < 0) {
			perror("memfd_create");
			abort();
		}
		snprintf(f->path, sizeof(f->path), "/proc/self/fd/%d", f->fd);
	}
	if (ftruncate(f->fd, 0) < 0 || (n && pwrite(f->fd, data, n, 0) != (ssize_t)n)) {
		perror("memfd write");
		abort();
	}
	return f->path;
}

/* Standard output goes nowhere: the harnesses check behaviour, not output. */
static inline void
fuzz_quiet_stdout(void)
{
	if (!freopen("/dev/null", "w", stdout))
		abort();
}

static char fuzz_dir[] = "/tmp/cchc-fuzz-XXXXXX";

static inline void
fuzz_tmpdir_remove(void)
{
	char cmd[64];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fuzz_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz: could not remove %s\n", fuzz_dir);
}

/* A fresh private directory for files a target needs, removed at exit. */
static inline char *
fuzz_tmpdir(void)
{
	if (!mkdtemp(fuzz_dir)) {
		perror("mkdtemp");
		abort();
	}
	atexit(fuzz_tmpdir_remove);
	return fuzz_dir;
}

/* The input split at the first occurrence of sep: the two parts. */
static inline void
split_at(const uint8_t *d, size_t n, const char *sep, const uint8_t **a, size_t *an,
         const uint8_t **b, size_t *bn)
{
	const uint8_t *m = memmem(d, n, sep, strlen(sep));

	*a = d;
	*an = m ? (size_t)(m - d) : n;
	*b = m ? m + strlen(sep) : d + n;
	*bn = (size_t)(d + n - *b);
}

#endif
