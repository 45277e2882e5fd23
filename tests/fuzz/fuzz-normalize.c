/*
 * Fuzz target: the mentions CSV reader and cchc-normalize's record
 * building (values, units, qualifiers, provinces, periods, metrics) on
 * every row, as the program runs them.
 */
int cchc_normalize_main(int argc, char *argv[]);
#define main cchc_normalize_main
#include "../../filters/cchc-normalize.c"
#undef main
#include "../../filters/metric.c"

#include "fuzz.h"

static struct memfile in;
static struct csvw w;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cchc_init("fuzz-normalize");
	fuzz_data_dir();
	if (load_data() < 0)
		abort();
	csvw_init(&w, fopen("/dev/null", "w"));
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvr_opts o = { .fd = -1 };
	struct ctx c;

	memset(&c, 0, sizeof(c));
	c.w = &w;
	csvr_read_opts(memfile_put(&in, "mentions.csv", data, size), &o, record, &c);
	ctx_free(&c);
	return 0;
}
