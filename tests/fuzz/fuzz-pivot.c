/*
 * Fuzz target: cchc-pivot as a whole (the records reader, the cells, every
 * aggregation, the conflicts file).  The first byte picks the aggregation
 * and the columns; the rest is the records CSV.
 */
int cchc_pivot_main(int argc, char *argv[]);
#define main cchc_pivot_main
#include "../../filters/cchc-pivot.c"
#undef main

#include "fuzz.h"

static struct memfile in;
static char conflicts[64];

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_quiet_stdout();
	snprintf(conflicts, sizeof(conflicts), "%s/conflicts.csv", fuzz_tmpdir());
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *argv[] = { "cchc-pivot", "-a", NULL, "-r", "province,period", "-c", "metric",
	                 "-v", "value", "--conflicts", conflicts, NULL, NULL };

	if (size < 1)
		return 0;
	argv[2] = (char *)agg_names[(data[0] & 7) % LEN(agg_names)];
	if (data[0] & 8) {
		argv[4] = "a";
		argv[6] = "b";
		argv[8] = "c";
	}
	argv[11] = (char *)memfile_put(&in, "records.csv", data + 1, size - 1);
	optind = 0;
	cchc_pivot_main(LEN(argv) - 1, argv);
	fflush(stdout);
	return 0;
}
