/*
 * cchc: legacy Vietnamese encodings.
 *
 * Reports arrive in UTF-8 (NFC or NFD), in Windows-1258 (base letters plus
 * combining tone marks) or in TCVN3 (TCVN 5712, the old "ABC" fonts).
 * Detection: valid UTF-8 is UTF-8; text with fewer than LEGACY_MIN_BYTES
 * invalid bytes, or at least as many valid UTF-8 multibyte sequences as
 * invalid bytes, is UTF-8 with a few bad bytes; anything else is decoded
 * both ways with glibc's iconv, and the decoding that looks more like
 * Vietnamese wins (vn_score); when neither does, it is UTF-8 with errors.
 * A byte-order mark announces UTF-16 or UTF-32 (LE or BE), decoded with
 * iconv too; a PDF, an Office file or binary data is named (not_text), not
 * read.  Each undecodable byte, and each NUL, becomes U+FFFD; offsets in
 * utf8err are offsets in the raw input.
 */
#include <errno.h>
#include <iconv.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "../util.h"

/* fewer invalid UTF-8 bytes than this: UTF-8 with errors, not legacy */
#define LEGACY_MIN_BYTES 4

static const struct {
	const char *name, *iconv;
	enum enc e;
} encs[] = {
	{ "utf-8", "UTF-8", ENC_UTF8 },
	{ "utf8", "UTF-8", ENC_UTF8 },
	{ "cp1258", "CP1258", ENC_CP1258 },
	{ "windows-1258", "CP1258", ENC_CP1258 },
	{ "tcvn3", "TCVN5712-1", ENC_TCVN3 },
	{ "tcvn", "TCVN5712-1", ENC_TCVN3 },
	{ "tcvn5712", "TCVN5712-1", ENC_TCVN3 },
	{ "utf-16le", "UTF-16LE", ENC_UTF16LE },
	{ "utf-16be", "UTF-16BE", ENC_UTF16BE },
	{ "utf-32le", "UTF-32LE", ENC_UTF32LE },
	{ "utf-32be", "UTF-32BE", ENC_UTF32BE },
};

/* a byte-order mark: the encoding it announces (first match wins: the
 * UTF-32LE mark begins with the UTF-16LE one) */
static const struct {
	const char *bom;
	size_t n;
	enum enc e;
} boms[] = {
	{ "\xFF\xFE\0\0", 4, ENC_UTF32LE },
	{ "\0\0\xFE\xFF", 4, ENC_UTF32BE },
	{ "\xFF\xFE", 2, ENC_UTF16LE },
	{ "\xFE\xFF", 2, ENC_UTF16BE },
};

/* Returns: the encoding the byte-order mark at s announces (its length in
 * *len), or ENC_AUTO when s starts with none. */
static enum enc
bom_of(const char *s, size_t n, size_t *len)
{
	size_t i;

	for (i = 0; i < LEN(boms); i++)
		if (n >= boms[i].n && !memcmp(s, boms[i].bom, boms[i].n)) {
			*len = boms[i].n;
			return boms[i].e;
		}
	*len = 0;
	return ENC_AUTO;
}

/* files that are no text, by their first bytes: what each is and what to
 * do with it */
static const struct {
	const char *magic;
	size_t n;
	const char *what;
} formats[] = {
	{ "PK\x03\x04", 4, "a ZIP file (an .odt, .xlsx or .pptx?), not text: convert it first "
	                   "(pandoc -t plain FILE, or libreoffice --convert-to txt)" },
	{ "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8, "an OLE file (a Word 97-2003 .doc?), not "
	                                       "text: convert it first (antiword or catdoc)" },
	{ "{\\rtf", 5, "an RTF file, not text: convert it first (unrtf --text, or pandoc)" },
};

/* in the first 4 KiB, NUL bytes beyond 1 in BINARY_NULS, or control
 * characters (not tab, LF, CR, FF) beyond 1 in BINARY_CTLS: binary data
 * (TCVN3 puts a few capitals among the controls: far fewer); a few stray
 * ones are a text's damage, replaced and warned about */
#define BINARY_NULS 32
#define BINARY_CTLS 10

/*
 * Returns: NULL when s[0..n) may be text (in any encoding cchc reads), or
 * what it is instead, with what to do: a PDF, an Office file, binary data.
 */
const char *
not_text(const char *s, size_t n)
{
	size_t i, nul = 0, ctl = 0, k = n < 4096 ? n : 4096;

	for (i = 0; i < LEN(formats); i++)
		if (n >= formats[i].n && !memcmp(s, formats[i].magic, formats[i].n))
			return formats[i].what;
	if (bom_of(s, n, &i) != ENC_AUTO)
		return NULL;  /* UTF-16 or UTF-32: decoded */
	for (i = 0; i < k; i++) {
		unsigned char c = (unsigned char)s[i];

		nul += !c;
		ctl += (c < 0x20 && !strchr("\t\n\r\f", c)) || c == 0x7F;
	}
	if (nul > 4 && nul * BINARY_NULS > k)
		return "binary data, not text (UTF-16 or UTF-32 without a byte-order mark? "
		       "give cchc-text -e utf-16le, utf-16be, utf-32le or utf-32be)";
	if (ctl > 8 && ctl * BINARY_CTLS > k)
		return "binary data, not text";
	return NULL;
}

/* Returns: 0 and sets *e for a known name (case ignored), else -1. */
int
enc_parse(const char *name, enum enc *e)
{
	size_t i;

	if (!strcasecmp(name, "auto")) {
		*e = ENC_AUTO;
		return 0;
	}
	for (i = 0; i < LEN(encs); i++)
		if (!strcasecmp(name, encs[i].name)) {
			*e = encs[i].e;
			return 0;
		}
	return -1;
}

static const char *
iconv_name(enum enc e)
{
	size_t i;

	for (i = 0; i < LEN(encs); i++)
		if (encs[i].e == e)
			return encs[i].iconv;
	return "UTF-8";
}

/* Returns: the number of Vietnamese tone marks in code point c. */
static int
tones(int32_t c)
{
	utf8proc_int32_t d[8];
	utf8proc_ssize_t n, i;
	int last = 0, t = 0;

	if (c < 0xC0)
		return 0;
	n = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE, &last);
	for (i = 0; i >= 0 && i < n && i < 8; i++)
		switch (d[i]) {
		case 0x0300: case 0x0301: case 0x0303: case 0x0309: case 0x0323:
			t++;
		}
	return t;
}

/*
 * How much s looks like Vietnamese: a syllable carries at most one tone
 * mark, so words with one count for, words with two or more (the mark of
 * a wrong decoding: "Chiờèu") against, as do U+FFFD and surviving control
 * characters (TCVN3 puts capitals on C0 codes).
 */
static long
vn_score(const char *s, size_t n)
{
	struct buf nfc = { 0 };
	size_t i = 0;
	long score = 0;
	int32_t c;
	int k, t = 0, letters = 0;

	utf8_nfc(s, n, &nfc);
	while (i <= nfc.len) {
		if (i == nfc.len) {
			c = ' ';
			k = 1;
		} else if ((k = utf8_decode(nfc.p + i, nfc.len - i, &c)) < 0) {
			break;
		}
		if (c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') :
		    (utf8proc_category(c) >= UTF8PROC_CATEGORY_LU &&
		     utf8proc_category(c) <= UTF8PROC_CATEGORY_MC)) {
			t += tones(c);
			letters++;
		} else {
			if (letters)
				score += t == 1 ? 1 : t > 1 ? -3 : 0;
			t = letters = 0;
			if (c == 0xFFFD)
				score -= 3;
			else if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
				score -= 2;
		}
		i += (size_t)k;
	}
	buf_free(&nfc);
	return score;
}

#define DETECT_SAMPLE ((size_t)1 << 20)

/* Returns: the encoding that s is most likely in (never ENC_AUTO). */
enum enc
enc_detect(const char *s, size_t n)
{
	size_t i = 0, multi = 0, bad = 0, v;
	struct buf a = { 0 }, b = { 0 };
	struct utf8err e;
	enum enc marked;
	long sa, sb;

	if ((marked = bom_of(s, n, &i)) != ENC_AUTO)
		return marked;
	i = 0;
	while (i < n) {
		v = utf8_valid_prefix(s + i, n - i);
		for (size_t k = i; k < i + v; k++)
			multi += ((unsigned char)s[k] & 0xC0) == 0xC0;
		i += v;
		if (i < n) {
			bad++;
			i++;
		}
	}
	/* a few stray bytes do not make a legacy document */
	if (bad < LEGACY_MIN_BYTES || multi >= bad)
		return ENC_UTF8;
	/* the two readings are scored on the first MiB: enough words to tell,
	 * and memory that does not grow with the document */
	if (n > DETECT_SAMPLE)
		n = DETECT_SAMPLE;
	enc_to_utf8(ENC_CP1258, s, n, &a, &e);
	enc_to_utf8(ENC_TCVN3, s, n, &b, &e);
	sa = vn_score(a.p, a.len);
	sb = vn_score(b.p, b.len);
	buf_free(&a);
	buf_free(&b);
	if (sa <= 0 && sb <= 0)
		return ENC_UTF8;  /* not Vietnamese either way: binary or garbage */
	return sb > sa ? ENC_TCVN3 : ENC_CP1258;
}

static void
note_bad(struct utf8err *err, const char *s, size_t off, int nul)
{
	if (!err->count++) {
		err->first = off;
		err->nul = nul;
		err->line = 1;
		for (size_t k = 0; k < off; k++)
			err->line += s[k] == '\n';
	}
}

/*
 * Decode s from encoding e (not ENC_AUTO) into UTF-8, appended to out.
 * Returns: 0, or -1 when iconv lacks the conversion (after a message).
 */
int
enc_to_utf8(enum enc e, const char *s, size_t n, struct buf *out, struct utf8err *err)
{
	iconv_t cd;
	size_t i = 0;

	memset(err, 0, sizeof(*err));
	if (e == ENC_UTF8 || e == ENC_AUTO) {
		utf8_sanitize(s, n, out, err);
		return 0;
	}
	if ((cd = iconv_open("UTF-8", iconv_name(e))) == (iconv_t)-1) {
		weprintf("iconv_open %s:", iconv_name(e));
		return -1;
	}
	if (bom_of(s, n, &i) != e)  /* the mark is no text */
		i = 0;
	while (i < n && out->len <= in_max_doc) {  /* the caller refuses more */
		/* a NUL is a character's byte in UTF-16 and UTF-32 */
		const char *nul = e >= ENC_UTF16LE ? NULL : memchr(s + i, '\0', n - i);
		size_t seg = nul ? (size_t)(nul - s) - i : n - i;
		char *in = (char *)s + i;
		size_t inleft = seg;

		while (inleft) {
			char *o;
			size_t oleft, r;

			buf_grow(out, inleft * 3 + 16);
			o = out->p + out->len;
			oleft = out->cap - out->len - 1;
			r = iconv(cd, &in, &inleft, &o, &oleft);
			out->len = (size_t)(o - out->p);
			if (r != (size_t)-1 || errno == E2BIG)
				continue;
			/* EILSEQ or EINVAL: one undecodable byte */
			note_bad(err, s, (size_t)(in - s), 0);
			buf_addcp(out, 0xFFFD);
			in++;
			inleft--;
		}
		/* flush a base letter held back for a combining mark */
		for (;;) {
			char *o;
			size_t oleft;

			buf_grow(out, 16);
			o = out->p + out->len;
			oleft = out->cap - out->len - 1;
			if (iconv(cd, NULL, NULL, &o, &oleft) != (size_t)-1) {
				out->len = (size_t)(o - out->p);
				break;
			}
			out->len = (size_t)(o - out->p);
			if (errno != E2BIG)
				break;
		}
		i += seg;
		if (nul) {
			note_bad(err, s, i, 1);
			buf_addcp(out, 0xFFFD);
			i++;
		}
	}
	iconv_close(cd);
	buf_str(out);
	return 0;
}
