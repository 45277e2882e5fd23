/*
 * cchc: UTF-8 validation and NFC.
 *
 * Validation runs over every CSV chunk and the lines that cleaning changes,
 * so ASCII is skipped eight bytes at a time and the rest is checked against
 * RFC 3629's table of well-formed sequences (no overlong forms, surrogates
 * or code points past U+10FFFF), without a call a character.  NFC goes through
 * utf8proc_map(); utf8_needs_nfc() spares it the text that NFC cannot change,
 * which is nearly all Vietnamese text written in precomposed letters.
 */
#include <endian.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "../util.h"

static const uint64_t HIGH = 0x8080808080808080ULL;

/* Returns: the length of the UTF-8 sequence that lead byte u starts (valid text). */
int
utf8_len(unsigned char u)
{
	return u < 0x80 ? 1 : u < 0xE0 ? 2 : u < 0xF0 ? 3 : 4;
}

/* Decode one code point.  Returns: its length (1..4), or -1 if invalid. */
int
utf8_decode(const char *s, size_t n, int32_t *cp)
{
	utf8proc_ssize_t r;

	if (n && (unsigned char)*s < 0x80) {
		*cp = (unsigned char)*s;
		return 1;
	}
	r = utf8proc_iterate((const utf8proc_uint8_t *)s,
	                     (utf8proc_ssize_t)(n > 4 ? 4 : n), cp);
	return r > 0 ? (int)r : -1;
}

/*
 * The length of the valid UTF-8 sequence at s (n bytes left) that starts
 * with a byte >= 0x80; 0 when it is not one; -1 when s[0..n) is a
 * well-formed start that the end cuts short.  RFC 3629's table: no
 * overlong form, no surrogate, nothing past U+10FFFF (what
 * utf8proc_iterate accepts).
 */
static inline int
seq_len(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len, k;

	/* the common forms first: Vietnamese letters are 2 bytes (Ă, Đ, Ơ,
	 * Ư) or 3 bytes below U+D000 without a special lead (E1 BA xx) */
	if (c >= 0xC2 && c <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80)
		return 2;
	if (c >= 0xE1 && c <= 0xEC && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80)
		return 3;
	if (c >= 0xC2 && c <= 0xDF)
		len = 2;
	else if (c >= 0xE0 && c <= 0xEF)
		len = 3;
	else if (c >= 0xF0 && c <= 0xF4)
		len = 4;
	else
		return 0;
	if (c == 0xE0)
		lo = 0xA0;
	else if (c == 0xED)
		hi = 0x9F;
	else if (c == 0xF0)
		lo = 0x90;
	else if (c == 0xF4)
		hi = 0x8F;
	if (len > n)  /* cut short (n <= 3): well-formed as far as it goes? */
		return (n > 1 && (s[1] < lo || s[1] > hi)) ||
		       (n > 2 && (s[2] & 0xC0) != 0x80) ? 0 : -1;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (k = 2; k < len; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 0;
	return (int)len;
}

/* Returns: 1 when s[0..n) begins a well-formed sequence that n cuts short. */
int
utf8_cut_short(const char *s, size_t n)
{
	return n > 0 && seq_len((const unsigned char *)s, n) < 0;
}

/* Returns: the length of the longest prefix of s that is valid UTF-8. */
size_t
utf8_valid_prefix(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	int k;

	while (i < n) {
		if (i + 8 <= n) {
			uint64_t w;

			memcpy(&w, s + i, 8);
			if (!(w & HIGH)) {
				i += 8;
				continue;
			}
			/* to the first byte >= 0x80 (little-endian: the lowest) */
			if (BYTE_ORDER == LITTLE_ENDIAN)
				i += (size_t)__builtin_ctzll(w & HIGH) / 8;
		}
		if (u[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = seq_len(u + i, n - i)) <= 0)
			return i;
		i += (size_t)k;
	}
	return n;
}

/* Length of an invalid sequence to replace by one U+FFFD (maximal subpart). */
static size_t
bad_len(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t want, i;

	if (u[0] >= 0xC2 && u[0] <= 0xDF)
		want = 2;
	else if (u[0] >= 0xE0 && u[0] <= 0xEF)
		want = 3;
	else if (u[0] >= 0xF0 && u[0] <= 0xF4)
		want = 4;
	else
		return 1;
	for (i = 1; i < want && i < n; i++)
		if ((u[i] & 0xC0) != 0x80)
			break;
	return i;
}

/*
 * Copy s to out (appending), replacing each invalid sequence and each NUL
 * byte by U+FFFD; e records the count and the first offset and line.
 */
void
utf8_sanitize(const char *s, size_t n, struct buf *out, struct utf8err *e)
{
	size_t i = 0, run = 0, k, nul = 0;
	unsigned long line = 1;

	memset(e, 0, sizeof(*e));
	buf_grow(out, n);
	while (i < n) {
		size_t v;

		/* the next NUL, found once and kept until passed: validating up to
		 * it (not to the end) keeps a run of NULs or bad bytes linear */
		if (i == 0 || nul < i) {
			const char *z = memchr(s + i, '\0', n - i);

			nul = z ? (size_t)(z - s) : n;
		}
		v = utf8_valid_prefix(s + i, nul - i);
		buf_add(out, s + i, v);
		if (!e->count)
			for (k = i; k < i + v; k++)
				line += s[k] == '\n';
		i += v;
		if (i == n)
			break;
		run = s[i] ? bad_len(s + i, n - i) : 1;
		if (!e->count++) {
			e->first = i;
			e->line = line;
			e->nul = s[i] == '\0';
		}
		buf_addcp(out, 0xFFFD);
		i += run;
		if (out->len > in_max_doc)
			break;  /* the caller refuses a document this large */
	}
	buf_str(out);
}

static int
nfc_safe(int32_t c)
{
	return c < 0x300 ||
	       (c >= 0x1E00 && c <= 0x1EFF) ||  /* Latin Extended Additional */
	       (c >= 0x2010 && c <= 0x2027) ||  /* dashes, quotes, ellipsis */
	       (c >= 0x2030 && c <= 0x205E) ||
	       c == 0x20AB || c == 0xFFFD;
}

/* Returns: 0 when NFC leaves the valid UTF-8 text s unchanged for sure. */
int
utf8_needs_nfc(const char *s, size_t n)
{
	size_t i = 0;
	int32_t cp;
	int k;

	while (i < n) {
		if ((unsigned char)s[i] < 0xCC) {  /* below U+0300 */
			i++;
			continue;
		}
		if ((k = utf8_decode(s + i, n - i, &cp)) < 0)
			return 1;
		if (!nfc_safe(cp))
			return 1;
		i += (size_t)k;
	}
	return 0;
}

/* Append the NFC form of the valid UTF-8 text s to out. */
void
utf8_nfc(const char *s, size_t n, struct buf *out)
{
	utf8proc_uint8_t *r = NULL;
	utf8proc_ssize_t m;

	if (!utf8_needs_nfc(s, n)) {
		buf_add(out, s, n);
		return;
	}
	m = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)n, &r,
	                 UTF8PROC_STABLE | UTF8PROC_COMPOSE);
	if (m < 0)
		eprintf("utf8proc_map: %s", utf8proc_errmsg(m));
	buf_add(out, r, (size_t)m);
	free(r);
}

/*
 * Fold a name for comparison: lower case, no diacritics (đ is d), letters
 * and digits only.  "TP. Hồ Chí Minh" and "tp ho chi minh" fold alike.
 * utf8_fold_buf appends the folded form to b; utf8_fold returns it in new
 * memory.
 */
void
utf8_fold_buf(const char *s, size_t n, struct buf *b)
{
	size_t i = 0;
	int32_t c, d[8];
	int k, last = 0;

	while (i < n) {
		utf8proc_ssize_t m, j;
		unsigned char u = (unsigned char)s[i];

		if (u < 0x80) {  /* ASCII needs no table */
			if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9'))
				buf_addc(b, u);
			else if (u >= 'A' && u <= 'Z')
				buf_addc(b, u + 32);
			i++;
			continue;
		}
		if ((k = utf8_decode(s + i, n - i, &c)) < 0) {
			i++;
			continue;
		}
		i += (size_t)k;
		if (c == 0x0110 || c == 0x0111 || c == 0x00D0 || c == 0x00F0)
			c = 'd';
		m = utf8proc_decompose_char(c, d, 8, UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD |
		                            UTF8PROC_STRIPMARK, &last);
		for (j = 0; j < m && j < 8; j++)
			if ((d[j] >= 'a' && d[j] <= 'z') || (d[j] >= '0' && d[j] <= '9'))
				buf_addc(b, (int)d[j]);
			else if (d[j] >= 'A' && d[j] <= 'Z')
				buf_addc(b, (int)d[j] + 32);
	}
}

char *
utf8_fold(const char *s, size_t n)
{
	struct buf b = { 0 };

	utf8_fold_buf(s, n, &b);
	return b.p ? b.p : xstrdup("");
}
