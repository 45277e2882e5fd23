/*
 * cchc: legacy Vietnamese encodings.
 *
 * Reports arrive in UTF-8 (NFC or NFD), in Windows-1258 (base letters plus
 * combining tone marks) or in TCVN3 (TCVN 5712, the old "ABC" fonts).
 * Detection: valid UTF-8 is UTF-8; text with fewer than LEGACY_MIN_BYTES
 * invalid bytes, or at least as many valid UTF-8 multibyte sequences as
 * invalid bytes, is UTF-8 with a few bad bytes; anything else is decoded
 * both ways with glibc's iconv, and the decoding that looks more like
 * Vietnamese wins (vn_score); when neither does, it is UTF-8 with errors.  Each undecodable byte, and each NUL, becomes U+FFFD; offsets in
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
};

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
	long sa, sb;

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
	while (i < n && out->len <= in_max_doc) {  /* the caller refuses more */
		const char *nul = memchr(s + i, '\0', n - i);
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
