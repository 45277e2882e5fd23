/*
 * Fuzz target: the document reader (docs_open/docs_next): plain, gzip
 * (members in series), "=== NAME" streams and tar archives, plain or gzip.
 * The document size limit is lowered to 1 MiB so that inflation bombs stay
 * cheap; a document larger than that must be refused, not returned, and a
 * name must be UTF-8 without control characters.
 */
#include "fuzz.h"

static struct memfile in;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cchc_init("fuzz-docs");
	in_max_doc = 1 << 20;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct docs d;
	struct doc doc;
	int r;

	if (docs_open(&d, memfile_put(&in, "docs", data, size), "stdin") == 0) {
		while ((r = docs_next(&d, &doc)) > 0) {
			size_t k, n = strlen(doc.name);

			if (doc.text.len > in_max_doc) {
				fprintf(stderr, "docs_next: a document of %zu bytes\n", doc.text.len);
				abort();
			}
			for (k = 0; k < n; k++)
				if ((unsigned char)doc.name[k] < 0x20)
					abort();  /* a name that forges lines */
			if (utf8_valid_prefix(doc.name, n) != n)
				abort();
			doc_free(&doc);
		}
	}
	docs_close(&d);
	return 0;
}
