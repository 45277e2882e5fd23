/*
 * Fuzz target: the text decoder and cleaner (clean_doc), as cchc-text and
 * cchc-extract run it.  The first byte picks the options; the rest is the
 * document.  Checked: the text is UTF-8 with no NUL or CR, and cleaning it
 * again changes nothing (cchc-text | cchc-extract equals cchc-extract).
 */
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	cchc_init("fuzz-text");
	fuzz_data_dir();
	if (clean_init() < 0)
		abort();
	return 0;
}

/* Returns: 1 when s[0..n) is read as something other than text: a web
 * page, or a file format's magic (a PDF, a Word file, RTF, ZIP, OLE). */
static int
other_format(const char *s, size_t n)
{
	return is_html(s, n) || is_pdf(s, n) || is_docx(s, n) || not_text(s, n) != NULL;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum enc encs[] = { ENC_AUTO, ENC_UTF8, ENC_CP1258, ENC_TCVN3 };
	struct clean_opts o = { 0 };
	struct clean_stats st;
	struct buf out = { 0 }, again = { 0 };

	if (size < 1)
		return 0;
	o.enc = encs[data[0] & 3];
	o.strict = (data[0] >> 2) & 1;
	o.keep_boilerplate = (data[0] >> 3) & 1;
	data++;
	size--;
	if (clean_doc((const char *)data, size, &o, &out, &st) == 0) {
		buf_str(&out);
		if (utf8_valid_prefix(out.p, out.len) != out.len || memchr(out.p, '\0', out.len) ||
		    memchr(out.p, '\r', out.len)) {
			fprintf(stderr, "clean_doc: output is not clean UTF-8\n");
			abort();
		}
		page_free(&st.page);
		/* cleaning clean text leaves it as it is (unless a page is in
		 * it or it became another format: "\x10<html>" is "<html>" and
		 * "\x10{\\rtf" is RTF's magic once clean) */
		o.enc = ENC_UTF8;
		if (!other_format((const char *)data, size) && !other_format(out.p, out.len) &&
		    (clean_doc(out.p, out.len, &o, &again, &st) != 0 || again.len != out.len ||
		     memcmp(again.p, out.p, out.len))) {
			fprintf(stderr, "clean_doc: cleaning the clean text changed it\n");
			abort();
		}
	}
	page_free(&st.page);
	buf_free(&out);
	buf_free(&again);
	return 0;
}
