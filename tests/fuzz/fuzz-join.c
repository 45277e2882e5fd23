/*
 * Fuzz target: cchc-join as a whole (both CSV readers, the hash side, the
 * streamed side in one pass and split over two threads, the 2025 checks).
 * The first byte picks the join kind, the key and the flags; the rest is
 * LEFT, then "\n==\n", then RIGHT.
 */
int cchc_join_main(int argc, char *argv[]);
#define main cchc_join_main
#include "../../filters/cchc-join.c"
#undef main

#include "fuzz.h"

static struct memfile left, right;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet_stdout();
	setenv("CCHC_JOIN_SPLIT", "64", 1);  /* the two-thread path on small inputs too */
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "--left", "--right", "--full", "--semi",
	                                     "--anti", "--left", "--full", "--left" };
	static const char *const keys[] = { "province,year", "province_code", "doc,line", "a" };
	const uint8_t *a, *b;
	size_t an, bn;
	char *argv[12];
	int argc = 0;

	if (size < 1)
		return 0;
	split_at(data + 1, size - 1, "\n==\n", &a, &an, &b, &bn);
	argv[argc++] = "cchc-join";
	if (data[0] & 8)
		argv[argc++] = (char *)kinds[data[0] & 7];
	if (data[0] & 16)
		argv[argc++] = "--fold";
	if (data[0] & 32)
		argv[argc++] = "--same-era";
	argv[argc++] = "-k";
	argv[argc++] = (char *)keys[data[0] >> 6];
	argv[argc++] = (char *)memfile_put(&left, "left.csv", a, an);
	argv[argc++] = (char *)memfile_put(&right, "right.csv", b, bn);
	argv[argc] = NULL;
	optind = 0;
	cchc_join_main(argc, argv);
	fflush(stdout);
	return 0;
}
