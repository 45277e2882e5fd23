/*
 * Fuzz target: the figure extractor, as cchc-extract runs it on one
 * document: clean_doc, then every rule of share/cchc over the text and the
 * context (province, period, date, sentence) of each figure.
 */
int cchc_extract_main(int argc, char *argv[]);
#define main cchc_extract_main
#include "../../filters/cchc-extract.c"
#undef main
#include "../../filters/extract-context.c"

#include "fuzz.h"

static struct csvw w;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cchc_init("fuzz-extract");
	fuzz_data_dir();
	if (clean_init() < 0 || rulebook_load() < 0 || gaz_outlets_load() < 0)
		abort();
	csvw_init(&w, fopen("/dev/null", "w"));
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clean_stats st;
	struct buf text = { 0 };

	if (clean_doc((const char *)data, size, &copts, &text, &st) == 0)
		extract_doc("fuzz.txt", text.p ? text.p : "", text.len, NULL, &w, &w);  /* and the -D row */
	page_free(&st.page);
	buf_free(&text);
	return 0;
}
