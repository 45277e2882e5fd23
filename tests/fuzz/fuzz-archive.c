/*
 * Fuzz target: cchc-archive's readers on a damaged archive: the gzip member
 * scan and tar entries (list, verify), the index reader (cat with an index
 * beside the archive), extraction, and repair.  The input is the archive,
 * then optionally "CCHCIDX\n" and the text of ARCHIVE.idx.
 * Checked: extraction writes nothing outside its folder and makes no link or
 * device file; an archive that repair says it mended passes verify.
 */
int cchc_archive_main(int argc, char *argv[]);
#define main cchc_archive_main
#include "../../filters/cchc-archive.c"
#undef main

#include <dirent.h>

#include "fuzz.h"

static char *dir;
static char archive[128], idx[128], out[128], lock[128];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet_stdout();
	dir = fuzz_tmpdir();
	snprintf(archive, sizeof(archive), "%s/a.tar.gz", dir);
	snprintf(idx, sizeof(idx), "%s/a.tar.gz.idx", dir);
	snprintf(lock, sizeof(lock), "%s/a.tar.gz.lock", dir);
	snprintf(out, sizeof(out), "%s/out", dir);
	in_max_doc = 4 << 20;  /* inflation bombs stay cheap */
	return 0;
}

/* cchc-archive -q CMD ARCHIVE [ARG1 [ARG2]] */
static int
run(char *cmd, char *arg1, char *arg2)
{
	char *argv[] = { "cchc-archive", "-q", cmd, archive, arg1, arg2, NULL };

	optind = 0;
	return cchc_archive_main(4 + !!arg1 + !!arg2, argv);
}

static void
put(const char *path, const uint8_t *d, size_t n)
{
	FILE *fp = fopen(path, "w");

	if (!fp || fwrite(d, 1, n, fp) != n || fclose(fp) != 0)
		abort();
}

/* Check what extraction left in out (depth: for the recursion), then remove it. */
static void
sweep(const char *path, int depth)
{
	DIR *dp = opendir(path);
	struct dirent *e;
	char sub[4096];
	struct stat st;

	if (!dp)
		return;
	while ((e = readdir(dp))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		if (lstat(sub, &st) < 0)
			abort();
		if (depth == 0 && strcmp(sub, archive) && strcmp(sub, idx) && strcmp(sub, lock) &&
		    strcmp(sub, out)) {
			fprintf(stderr, "fuzz-archive: %s written outside the extraction folder\n", sub);
			abort();
		}
		if (!S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
			fprintf(stderr, "fuzz-archive: %s is not a regular file or folder\n", sub);
			abort();
		}
		if (S_ISDIR(st.st_mode)) {
			sweep(sub, depth + 1);
			if (rmdir(sub) < 0)
				abort();
		} else if (depth > 0 && unlink(sub) < 0) {
			abort();
		}
	}
	closedir(dp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *a, *x;
	size_t an, xn;

	split_at(data, size, "CCHCIDX\n", &a, &an, &x, &xn);
	put(archive, a, an);
	unlink(idx);
	if (a + an < data + size)
		put(idx, x, xn);
	run("list", NULL, NULL);
	run("verify", NULL, NULL);
	run("cat", "r.txt", NULL);
	run("cat", "s.txt@1", NULL);
	run("extract", "-C", out);
	sweep(dir, 0);
	if (run("repair", NULL, NULL) == 0 && run("verify", NULL, NULL) != 0) {
		fprintf(stderr, "fuzz-archive: verify fails on a repaired archive\n");
		abort();
	}
	return 0;
}
