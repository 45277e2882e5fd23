/*
 * cchc: a Word file (.docx, Office Open XML) to its text.  libzip opens the
 * package in memory, libxml2 reads its main part, word/document.xml: a
 * paragraph is a line, so a table cell's paragraphs are lines of their own
 * (the convention of tables flattened to text); w:tab is a tab, w:br and
 * w:cr end a line; deleted text of tracked changes (w:delText) and field
 * codes (w:instrText) are no text.  The part's size is checked before it
 * is inflated: a ZIP bomb is refused, not unpacked.
 */
#define _GNU_SOURCE  /* memmem */
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include <libxml/parser.h>
#include <zip.h>

#include "../util.h"

static const char main_part[] = "word/document.xml";
static const char failed[] = "a Word file (.docx) whose text cannot be read (no "
                             "word/document.xml, or not XML)";
static const char too_big[] = "a Word file whose text part (word/document.xml) is over 8 "
                              "times CCHC_MAX_DOC: skipped";

/* Returns: 1 when s[0..n) is a Word package: a ZIP file that names
 * word/document.xml (in its local headers and its directory). */
int
is_docx(const char *s, size_t n)
{
	return n >= 4 && !memcmp(s, "PK\003\004", 4) &&
	       memmem(s, n, main_part, sizeof(main_part) - 1) != NULL;
}

/* The text of the elements under n, appended to out. */
static void
text_of(const xmlNode *n, struct buf *out)
{
	for (; n; n = n->next) {
		const char *name = (const char *)n->name;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcmp(name, "t")) {
			xmlChar *t = xmlNodeGetContent(n);

			if (t)
				buf_add(out, (const char *)t, strlen((const char *)t));
			xmlFree(t);
		} else if (!strcmp(name, "tab")) {
			buf_addc(out, '\t');
		} else if (!strcmp(name, "br") || !strcmp(name, "cr")) {
			buf_addc(out, '\n');
		} else if (strcmp(name, "delText") && strcmp(name, "instrText")) {
			text_of(n->children, out);
			if (!strcmp(name, "p"))
				buf_addc(out, '\n');
		}
	}
}

/* The bytes of the package's main part, at most limit of them, into part.
 * Returns: NULL, or why not (too_big, failed). */
static const char *
read_part(zip_t *za, size_t limit, struct buf *part)
{
	zip_stat_t st;
	zip_file_t *f;
	zip_int64_t i = zip_name_locate(za, main_part, 0), r;
	char chunk[65536];

	if (i < 0 || zip_stat_index(za, (zip_uint64_t)i, 0, &st) < 0)
		return failed;
	if ((st.valid & ZIP_STAT_SIZE) && st.size > limit)
		return too_big;
	if (!(f = zip_fopen_index(za, (zip_uint64_t)i, 0)))
		return failed;
	while ((r = zip_fread(f, chunk, sizeof(chunk))) > 0) {
		if (part->len + (size_t)r > limit) {  /* a size the directory hid */
			zip_fclose(f);
			return too_big;
		}
		buf_add(part, chunk, (size_t)r);
	}
	zip_fclose(f);
	return r < 0 ? failed : NULL;
}

/*
 * The text of the Word file s[0..n), UTF-8, appended to out.
 * Returns: NULL; or why not: its document part is over 8 × in_max_doc (the
 * markup around a text is several times its size), or it is no package or
 * its document part is not XML.
 */
const char *
docx_to_text(const char *s, size_t n, struct buf *out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *za;
	struct buf part = { 0 };
	xmlDoc *doc;
	const char *ret;

	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(s, n, 0, &ze))) {
		zip_error_fini(&ze);
		return failed;
	}
	if (!(za = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return failed;
	}
	zip_error_fini(&ze);
	ret = read_part(za, in_max_doc > SIZE_MAX / 8 ? SIZE_MAX : in_max_doc * 8, &part);
	zip_discard(za);  /* frees src too */
	if (ret) {
		buf_free(&part);
		return ret;
	}
	/* no network, no external entity, no DTD: the part is data */
	doc = xmlReadMemory(part.p ? part.p : "", (int)(part.len > INT_MAX ? INT_MAX : part.len),
	                    main_part, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	buf_free(&part);
	if (!doc)
		return failed;
	text_of(xmlDocGetRootElement(doc), out);
	xmlFreeDoc(doc);
	return NULL;
}
