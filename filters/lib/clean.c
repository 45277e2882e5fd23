/*
 * cchc: from a document's bytes to clean text.
 *
 * The steps, in order: decode to UTF-8 (decode.c), dropping a BOM and
 * replacing bad bytes and NUL by U+FFFD; split lines at LF, CRLF, CR, U+2028
 * and U+2029; in each line, Unicode spaces and tabs become one space,
 * zero-width characters, soft hyphens and control characters go, and the ends
 * are trimmed; NFC; U+00D0/U+00F0 next to a letter become Đ/đ; old tone
 * placement in open syllables (hoà, thuý, khoẻ) moves to the modern place
 * (hòa, thúy, khỏe).  Then lines of page furniture are dropped by the rules
 * of share/cchc/boilerplate.rules, and runs of blank lines become one.
 * Every step works on one line at a time, so memory is the document's size
 * plus that of its longest line.  Most lines need none of it: a line that
 * one read shows to be valid UTF-8 the pass would leave as it is (nearly
 * all of a report's bytes) is copied; a document that is not valid UTF-8
 * after all starts again through the decoder.
 */
#include <string.h>

#include <utf8proc.h>

#include "../util.h"

/* boilerplate rules apply to lines up to this many bytes: article text is
 * never that short and furniture never that long */
#define RULE_MAX_LINE 300
/* a "block" rule also drops the short lines after it (link lists) */
#define BLOCK_MAX_LINE 160

static struct rules furniture;
static pcre2_code *drop_re, *block_re;  /* each kind's rules as one regex */
static int loaded;

static pcre2_code *
combine(const char *kind)
{
	struct buf b = { 0 };
	pcre2_code *re;
	size_t i;

	for (i = 0; i < furniture.n; i++)
		if (!strcmp(furniture.v[i].kind, kind))
			buf_printf(&b, "%s(?:%s)", b.len ? "|" : "", furniture.v[i].pattern);
	if (!b.len)
		buf_adds(&b, "(*FAIL)");
	re = re_compile(b.p, PCRE2_CASELESS, furniture.file, 0);
	re_label(re, "boilerplate.rules: every %s rule, one alternation", kind);
	buf_free(&b);
	if (!re)
		eprintf("%s: cannot combine the %s rules", furniture.file, kind);
	return re;
}

/*
 * Load share/cchc/boilerplate.rules.
 * Returns: 0, or -1 after messages.
 */
int
clean_init(void)
{
	size_t i;

	if (loaded)
		return 0;
	if (rules_load(&furniture, "boilerplate.rules", PCRE2_CASELESS) < 0)
		return -1;
	for (i = 0; i < furniture.n; i++)
		if (strcmp(furniture.v[i].kind, "drop") && strcmp(furniture.v[i].kind, "block")) {
			weprintf_at(furniture.file, furniture.v[i].line,
			            "unknown rule kind '%s' (drop or block)", furniture.v[i].kind);
			return -1;
		}
	/* every rule compiled alone (for its own error message), then each
	 * kind as one alternation, so that a line is matched twice, not 20 times */
	drop_re = combine("drop");
	block_re = combine("block");
	loaded = 1;
	return 0;
}

void
clean_free(void)
{
	rules_free(&furniture);
	pcre2_code_free(drop_re);
	pcre2_code_free(block_re);
	drop_re = block_re = NULL;
	loaded = 0;
}

static int
is_letter(int32_t c)
{
	if (c < 0x80)
		return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
	switch (utf8proc_category(c)) {
	case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL:
	case UTF8PROC_CATEGORY_LT: case UTF8PROC_CATEGORY_LM:
	case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_MN:
	case UTF8PROC_CATEGORY_MC:
		return 1;
	default:
		return 0;
	}
}

enum { DROP, SPACE, KEEP };

static int
classify(int32_t c)
{
	switch (c) {
	case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000:
		return SPACE;
	case 0x00AD: case 0x180E: case 0x200B: case 0x200C: case 0x200D:
	case 0x2060: case 0xFEFF:
		return DROP;
	}
	if (c >= 0x2000 && c <= 0x200A)
		return SPACE;
	if (c >= 0x80 && c <= 0x9F)     /* C1 controls */
		return DROP;
	return KEEP;
}

/* The five tones: grave, acute, hook above, tilde, dot below. */
static const int32_t toned[][5] = {
	{ 0x00E0, 0x00E1, 0x1EA3, 0x00E3, 0x1EA1 },  /* a */
	{ 0x00C0, 0x00C1, 0x1EA2, 0x00C3, 0x1EA0 },  /* A */
	{ 0x00E8, 0x00E9, 0x1EBB, 0x1EBD, 0x1EB9 },  /* e */
	{ 0x00C8, 0x00C9, 0x1EBA, 0x1EBC, 0x1EB8 },  /* E */
	{ 0x1EF3, 0x00FD, 0x1EF7, 0x1EF9, 0x1EF5 },  /* y */
	{ 0x1EF2, 0x00DD, 0x1EF6, 0x1EF8, 0x1EF4 },  /* Y */
	{ 0x00F2, 0x00F3, 0x1ECF, 0x00F5, 0x1ECD },  /* o */
	{ 0x00D2, 0x00D3, 0x1ECE, 0x00D5, 0x1ECC },  /* O */
	{ 0x00F9, 0x00FA, 0x1EE7, 0x0169, 0x1EE5 },  /* u */
	{ 0x00D9, 0x00DA, 0x1EE6, 0x0168, 0x1EE4 },  /* U */
};
static const char bases[] = "aAeEyYoOuU";

/*
 * Write the replacement for "oà"-like pairs at the end of a word: given the
 * vowel before (v1, plain o/u) and the toned a/e/y (row r, tone t), append
 * the pair with the tone moved to the first vowel.
 */
static void
add_moved(struct buf *o, int32_t v1, int r, int t)
{
	int vr = (int)(strchr(bases, (int)v1) - bases);

	buf_addcp(o, toned[vr][t]);
	buf_addc(o, bases[r]);
}

/* toned a/e/y (rows 0-5 of toned[]) as row * 5 + tone + 1, by code point */
static unsigned char tone_lo[0x40];   /* U+00C0..U+00FF */
static unsigned char tone_hi[0x60];   /* U+1EA0..U+1EFF */

static void
tone_tables(void)
{
	size_t r;
	int t;

	if (tone_lo[0x20] || tone_hi[0x01])  /* à, ạ: already built */
		return;
	for (r = 0; r < 6; r++)
		for (t = 0; t < 5; t++) {
			int32_t c = toned[r][t];
			unsigned char v = (unsigned char)(r * 5 + (size_t)t + 1);

			if (c >= 0xC0 && c <= 0xFF)
				tone_lo[c - 0xC0] = v;
			else if (c >= 0x1EA0 && c <= 0x1EFF)
				tone_hi[c - 0x1EA0] = v;
		}
}

/* Returns: the row*5+tone+1 of a toned a/e/y, else 0. */
static int
tone_code(int32_t c)
{
	if (c >= 0xC0 && c <= 0xFF)
		return tone_lo[c - 0xC0];
	if (c >= 0x1EA0 && c <= 0x1EFF)
		return tone_hi[c - 0x1EA0];
	return 0;
}

/* Returns: 1 when a toned a, e or y (tone_code code) after prev and prev2
 * makes a pair whose tone goes first if the word ends there: "oà", "oé",
 * "uý" (not "quý"). */
static int
tone_moves(int32_t prev, int32_t prev2, int code)
{
	return code && (((prev == 'o' || prev == 'O') && code <= 20) ||
	                ((prev == 'u' || prev == 'U') && code > 20 && prev2 != 'q' && prev2 != 'Q'));
}

/* Decode the code point at s, valid UTF-8 with n > 0 bytes left, into *c
 * (a line reaches clean_pass validated).  Returns: its length. */
static inline int
decode(const unsigned char *s, size_t n, int32_t *c)
{
	if (s[0] < 0x80 || n < 2) {
		*c = s[0];
		return 1;
	}
	if (s[0] < 0xE0) {
		*c = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F);
		return 2;
	}
	if (s[0] < 0xF0 || n < 4) {
		*c = n < 3 ? 0xFFFD : ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return n < 3 ? (int)n : 3;
	}
	*c = ((s[0] & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F);
	return 4;
}

/*
 * One pass over a line of valid UTF-8: spaces, invisible characters, Đ and
 * tone placement, appended to o.  With nfc set the line is known to be NFC;
 * otherwise a code point that NFC might change stops the pass.  The output
 * is never longer than the line (a run of spaces becomes one byte, Đ and a
 * moved tone take the bytes they replace), so o grows once.
 * Returns: 0, or -1 when the line needs NFC first (o is then undefined).
 */
static int
clean_pass(const char *s, size_t n, struct buf *o, int nfc)
{
	const unsigned char *u8 = (const unsigned char *)s;
	size_t i = 0, j, start = o->len, prevoff = 0;
	int32_t c, prev = 0, prev2 = 0, next;
	int pend = 0, k, code;

	buf_grow(o, n + 8);
	while (i < n) {
		unsigned char u = u8[i];

		if (u < 0x80) {
			if (u > ' ' && u != 0x7F) {
				/* a run of printable ASCII is copied whole */
				char *w;

				if (pend && o->len > start)
					o->p[o->len++] = ' ';
				pend = 0;
				w = o->p + o->len;
				w[0] = (char)u;
				for (j = i + 1; j < n && u8[j] > ' ' && u8[j] < 0x7F; j++)
					w[j - i] = (char)u8[j];
				o->len += j - i;
				prevoff = o->len - 1;
				prev2 = j - i > 1 ? u8[j - 2] : prev;
				prev = u8[j - 1];
				i = j;
			} else {
				pend = 1;  /* space, tab and control characters */
				prev2 = prev;
				prev = ' ';
				i++;
			}
			continue;
		}
		k = decode(u8 + i, n - i, &c);
		if (((c >= 0x1E00 && c <= 0x1EFF) || (c >= 0xC0 && c < 0x300 && c != 0xD0 && c != 0xF0)) &&
		    !tone_moves(prev, prev2, tone_code(c))) {
			/* a letter that stays as it is (the common case) */
			if (pend && o->len > start)
				o->p[o->len++] = ' ';
			pend = 0;
			prevoff = o->len;
			for (j = 0; j < (size_t)k; j++)
				o->p[o->len++] = s[i + j];
			prev2 = prev;
			prev = c;
			i += (size_t)k;
			continue;
		}
		if (!nfc && !(c < 0x300 || (c >= 0x1E00 && c <= 0x1EFF) ||
		              (c >= 0x2000 && c <= 0x206F) || c == 0x1680 ||
		              c == 0x3000 || c == 0xFEFF || c == 0xFFFD || c == 0x20AB))
			return -1;  /* combining marks, other scripts: NFC first */
		switch (classify(c)) {
		case SPACE:
			pend = 1;
			prev2 = prev;
			prev = ' ';
			i += (size_t)k;
			continue;
		case DROP:
			i += (size_t)k;
			continue;
		}
		if (pend && o->len > start)
			o->p[o->len++] = ' ';
		pend = 0;
		next = 0;
		code = tone_code(c);
		if ((c == 0x00D0 || c == 0x00F0 || code) && i + (size_t)k < n)
			decode(u8 + i + k, n - i - (size_t)k, &next);
		if ((c == 0x00D0 || c == 0x00F0) && (is_letter(prev) || is_letter(next))) {
			c = c == 0x00D0 ? 0x0110 : 0x0111;
			prevoff = o->len;
			buf_addcp(o, c);
		} else if (tone_moves(prev, prev2, code) && !is_letter(next)) {
			/* "oa", "oe", "uy" closing a word: the tone goes first */
			o->len = prevoff;
			add_moved(o, prev, (code - 1) / 5, (code - 1) % 5);
			c = bases[(code - 1) / 5];
			prevoff = o->len - 1;
		} else {
			prevoff = o->len;
			memcpy(o->p + o->len, s + i, (size_t)k);
			o->len += (size_t)k;
		}
		prev2 = prev;
		prev = c;
		i += (size_t)k;
	}
	o->p[o->len] = '\0';
	return 0;
}

/* NFC of s[0..n) into scratch, then its clean pass into o (both replaced);
 * s may be o's own bytes: they are read before o is written. */
static void
nfc_pass(const char *s, size_t n, struct buf *o, struct buf *scratch)
{
	scratch->len = 0;
	utf8_nfc(s, n, scratch);
	o->len = 0;
	clean_pass(scratch->p, scratch->len, o, 1);
}

/* Clean the line s[0..n) into o (replaced); scratch holds its NFC form if needed. */
static void
clean_into(const char *s, size_t n, struct buf *o, struct buf *scratch)
{
	o->len = 0;
	if (clean_pass(s, n, o, 0) < 0) {
		nfc_pass(s, n, o, scratch);
		/* an invisible character the pass dropped stood between a letter
		 * and its mark, which NFC can join now */
		if (utf8_needs_nfc(o->p, o->len))
			nfc_pass(o->p, o->len, o, scratch);
	}
	buf_str(o);
}

/* Clean one line in place: spaces, NFC, letters (see the top of the file). */
void
clean_line(struct buf *line)
{
	struct buf o = { 0 }, scratch = { 0 };

	tone_tables();
	clean_into(line->p ? line->p : "", line->len, &o, &scratch);
	buf_free(&scratch);
	buf_free(line);
	*line = o;
}

static int
rule_hit(const char *s, size_t n, const pcre2_code *re)
{
	PCRE2_SIZE *ov;

	return re_exec(re, s, n, 0, 0, &ov) > 0;
}

/* Length of the next line of s[i..n) and of its terminator. */
static size_t
next_line(const char *s, size_t n, size_t i, size_t *term)
{
	/* the bytes that may end a line: LF, VT, FF, CR and the lead of U+2028 */
	static const unsigned char stop[256] = {
		['\n'] = 1, ['\v'] = 1, ['\f'] = 1, ['\r'] = 1, [0xE2] = 1,
	};
	const unsigned char *u8 = (const unsigned char *)s;
	size_t j;

	for (j = i; j < n; j++) {
		unsigned char u;

		while (j + 4 <= n && !(stop[u8[j]] | stop[u8[j + 1]] | stop[u8[j + 2]] | stop[u8[j + 3]]))
			j += 4;
		if (j == n)
			break;
		if (!stop[u = u8[j]])
			continue;
		if (u == '\n' || u == '\f' || u == '\v') {
			*term = 1;
			return j - i;
		}
		if (u == '\r') {
			*term = j + 1 < n && s[j + 1] == '\n' ? 2 : 1;
			return j - i;
		}
		/* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR */
		if (u == 0xE2 && j + 2 < n && (unsigned char)s[j + 1] == 0x80 &&
		    ((unsigned char)s[j + 2] == 0xA8 || (unsigned char)s[j + 2] == 0xA9)) {
			*term = 3;
			return j - i;
		}
	}
	*term = 0;
	return n - i;
}

static int
ends_sentence(const char *s, size_t n)
{
	/* ".", "!", "?", ":", ";" or "…" (U+2026) */
	return n && (strchr(".!?:;", s[n - 1]) ||
	             (n >= 3 && !memcmp(s + n - 3, "\xE2\x80\xA6", 3)));
}

/* clean_line_len: no clean line here */
#define NOT_CLEAN ((size_t)-1)

/*
 * Is the line at the start of s[0..n) (up to LF or the end) valid UTF-8
 * that clean_pass would leave as it is?  Printable ASCII with single spaces
 * inside, and of the rest only letters up to U+02FF, Vietnamese letters
 * (U+1E00-U+1EFF), general punctuation, ₫ and U+FFFD, none of them a space,
 * an invisible character, Ð or ð, nor a pair whose tone may move ("oà",
 * "uý" not followed by an ASCII letter).  Any other line end (CR, FF, VT,
 * U+2028) is a control character or a line separator: not clean either.
 * One read of each byte finds the line's end and spares clean_pass.
 * Returns: the line's length when so, else NOT_CLEAN.
 */
static size_t
clean_line_len(const char *line, size_t n)
{
	const unsigned char *s = (const unsigned char *)line;
	size_t i = 0;
	int32_t c, prev = 0, prev2 = 0;
	int k;

	if (n && s[0] == ' ')
		return NOT_CLEAN;
	while (i < n) {
		unsigned char u = s[i];

		if (u < 0x80) {
			if (u > ' ' && u < 0x7F) {  /* a run of printable ASCII */
				size_t j = i + 1;

				while (j < n && (unsigned char)(s[j] - 0x21) < 0x5E)
					j++;
				prev2 = j - i > 1 ? s[j - 2] : prev;
				prev = s[j - 1];
				i = j;
				continue;
			}
			if (u == '\n')
				break;
			if (u != ' ' || i + 1 == n || s[i + 1] == ' ' || s[i + 1] == '\n')
				return NOT_CLEAN;  /* a control character, spaces not single */
			prev2 = prev;
			prev = ' ';
			i++;
			continue;
		}
		if (u >= 0xC2 && u <= 0xCB && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
			c = ((u & 0x1F) << 6) | (s[i + 1] & 0x3F);
			if (c <= 0xA0 || c == 0xAD || c == 0xD0 || c == 0xF0)
				return NOT_CLEAN;  /* C1 controls, no-break space, soft hyphen, Ð, ð */
			k = 2;
		} else if (i + 2 < n && (s[i + 2] & 0xC0) == 0x80 &&
		           ((u == 0xE1 && s[i + 1] >= 0xB8 && s[i + 1] <= 0xBB) ||
		            (u == 0xE2 && (s[i + 1] == 0x80 || s[i + 1] == 0x81)) ||
		            (u == 0xE2 && s[i + 1] == 0x82 && s[i + 2] == 0xAB) ||
		            (u == 0xEF && s[i + 1] == 0xBF && s[i + 2] == 0xBD))) {
			c = ((u & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
			if (c >= 0x2000 && c <= 0x207F &&
			    (c <= 0x200D || c >= 0x2070 || c == 0x2028 || c == 0x2029 ||
			     c == 0x202F || c == 0x205F || c == 0x2060))
				return NOT_CLEAN;  /* spaces, invisible characters, line ends */
			k = 3;
		} else {
			return NOT_CLEAN;
		}
		if (tone_moves(prev, prev2, tone_code(c)) &&
		    (i + (size_t)k >= n || ((s[i + k] | 0x20) < 'a' || (s[i + k] | 0x20) > 'z')))
			return NOT_CLEAN;  /* the pair may close a word: its tone may move */
		prev2 = prev;
		prev = c;
		i += (size_t)k;
	}
	return i;
}

/*
 * The lines of the UTF-8 text t[0..tn) cleaned, furniture dropped, onto
 * out (see clean_doc).  With fast set t is not known to be valid: a line
 * clean as it is is copied, another is validated before it is cleaned.
 * Returns: 0; -1 (fast only) at the first line that is not valid UTF-8.
 */
static int
clean_text(const char *t, size_t tn, int fast, const struct clean_opts *o,
           struct buf *out, struct clean_stats *st)
{
	struct buf line = { 0 }, scratch = { 0 };
	size_t i = 0, len, term, base = out->len;
	int blank = 1, inblock = 0, ret = 0;

	if (tn >= 3 && !memcmp(t, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < tn) {
		const char *lp;
		size_t ll;

		if (fast && (len = clean_line_len(t + i, tn - i)) != NOT_CLEAN) {
			term = i + len < tn;  /* LF */
			lp = t + i;
			ll = len;
		} else {
			len = next_line(t, tn, i, &term);
			if (fast && utf8_valid_prefix(t + i, len) != len) {
				ret = -1;
				break;
			}
			clean_into(t + i, len, &line, &scratch);
			lp = line.p;
			ll = line.len;
		}
		i += len + term;
		if (!o->keep_boilerplate && ll) {
			int drop = 0;

			if (ll <= RULE_MAX_LINE && rule_hit(lp, ll, block_re)) {
				inblock = 1;
				drop = 1;
			} else if (inblock && ll <= BLOCK_MAX_LINE && !ends_sentence(lp, ll)) {
				drop = 1;
			} else {
				inblock = 0;
				drop = ll <= RULE_MAX_LINE && rule_hit(lp, ll, drop_re);
			}
			if (drop) {
				st->dropped++;
				continue;
			}
		}
		if (!ll) {
			blank = 1;
			continue;
		}
		if (blank && out->len > base)
			buf_addc(out, '\n');
		blank = 0;
		if (ll >= 4 && !memcmp(lp, "=== ", 4)) {
			/* a report's own "=== x" line would read as a document
			 * boundary in a stream: its third '=' becomes U+FF1D */
			buf_add(out, "==\xEF\xBC\x9D", 5);
			buf_add(out, lp + 3, ll - 3);
		} else {
			buf_add(out, lp, ll);
		}
		buf_addc(out, '\n');
	}
	buf_free(&line);
	buf_free(&scratch);
	return ret;
}

/* Clean conv, a converter's UTF-8 (a web page's, a PDF's or a Word file's text), into out
 * as any text is: bad bytes replaced, the decoded size held to
 * in_max_doc.  Returns: 0, or -1 (st->too_big) when it is larger. */
static int
clean_converted(const struct buf *conv, const struct clean_opts *o, struct buf *out,
                struct clean_stats *st)
{
	struct buf text = { 0 };
	int ret = 0;

	st->enc = ENC_UTF8;
	enc_to_utf8(ENC_UTF8, conv->p ? conv->p : "", conv->len, &text, &st->bad);
	if (text.len > in_max_doc) {
		st->too_big = 1;
		ret = -1;
	} else {
		clean_text(text.p ? text.p : "", text.len, 0, o, out, st);
	}
	buf_free(&text);
	buf_str(out);
	return ret;
}

/* Clean document s[0..n) through the converter conv (a PDF's, a Word
 * file's): its text cleaned into out, or why not in st->format.  Returns:
 * 0, or -1. */
static int
clean_with(const char *(*conv)(const char *, size_t, struct buf *), const char *s, size_t n,
           const struct clean_opts *o, struct buf *out, struct clean_stats *st)
{
	struct buf text = { 0 };
	int r = -1;

	if (!(st->format = conv(s, n, &text)))
		r = clean_converted(&text, o, out, st);
	buf_free(&text);
	return r;
}

/*
 * Clean one document.
 * Arguments: s, n: its raw bytes; o: options; out: the clean text is
 *            appended (each line ends in LF; no blank line first or last,
 *            none doubled); st: what was found.
 * Returns: 0; -1 when o->strict and the input had bad bytes or NULs (out is
 *          then unchanged), or when the encoding cannot be converted.
 */
int
clean_doc(const char *s, size_t n, const struct clean_opts *o,
          struct buf *out, struct clean_stats *st)
{
	struct buf text = { 0 };
	size_t base = out->len;

	memset(st, 0, sizeof(*st));
	tone_tables();
	if (is_pdf(s, n))  /* a PDF file: its text through pdftotext */
		return clean_with(pdf_to_text, s, n, o, out, st);
	if (is_docx(s, n))  /* a Word file: its paragraphs as lines */
		return clean_with(docx_to_text, s, n, o, out, st);
	if ((st->format = not_text(s, n)))
		return -1;
	if (is_html(s, n)) {  /* a web page: its article's text, then as text */
		struct buf conv = { 0 };
		int r = html_to_text(s, n, &conv, &st->page);

		st->html_failed = r < 0;
		if (r == 0)
			r = clean_converted(&conv, o, out, st);
		buf_free(&conv);
		return r;
	}
	/* nearly every document is UTF-8 without NUL: read in place, each
	 * line validated as it is cleaned; one that is not valid after all
	 * starts again below */
	if ((o->enc == ENC_AUTO || o->enc == ENC_UTF8) && !memchr(s, '\0', n)) {
		if (clean_text(s, n, 1, o, out, st) == 0) {
			st->enc = ENC_UTF8;
			buf_str(out);
			return 0;
		}
		out->len = base;
		st->dropped = 0;
	}
	st->enc = o->enc == ENC_AUTO ? enc_detect(s, n) : o->enc;
	if (enc_to_utf8(st->enc, s, n, &text, &st->bad) < 0)
		return -1;
	/* each bad byte became 3 bytes of U+FFFD: the limit holds for what
	 * was decoded too, so the copies below stay within it */
	if (text.len > in_max_doc || (st->bad.count && o->strict)) {
		st->too_big = text.len > in_max_doc;
		buf_free(&text);
		return -1;
	}
	clean_text(text.p ? text.p : "", text.len, 0, o, out, st);
	buf_free(&text);
	buf_str(out);
	return 0;
}

/* What replaced bytes were, for messages. */
static const char *
bad_what(const struct clean_stats *st)
{
	if (st->bad.nul)
		return "NUL byte";
	if (st->enc == ENC_UTF8)
		return "invalid UTF-8";
	return st->enc == ENC_CP1258 ? "byte undefined in cp1258" : "byte undefined in tcvn3";
}

/*
 * Clean each document of path ("-": stdin, named stdin_name) and hand it to
 * fn(name, text, stream, page, arg) (page: a web page's metadata, its
 * fields NULL for text); stream is set for a "=== NAME" stream or a
 * tar archive (documents named inside the input, not by it).  Bad
 * bytes give one warning a document ("file:line: invalid UTF-8 at byte N
 * replaced by U+FFFD (K in all)"); with o->strict they are an error for that
 * document, which fn does not see.  fn returns 0, 1 when its document failed
 * (the others go on), or -1 to stop (its output failed).
 * Returns: 0, or 1 when the input, a document or fn failed.
 */
int
docs_clean(const char *path, const char *stdin_name, const struct clean_opts *o,
           int (*fn)(const char *, const struct buf *, int, const struct page *, void *),
           void *arg)
{
	struct docs d;
	struct doc doc;
	struct clean_stats st;
	struct buf text = { 0 };
	int ret = 0, r, k;

	if (docs_open(&d, path, stdin_name) < 0)
		return 1;
	while ((r = docs_next(&d, &doc)) > 0) {
		const char *where = d.stream || d.tar ? doc.name : in_name(path);

		text.len = 0;
		if (clean_doc(doc.text.p, doc.text.len, o, &text, &st) < 0) {
			if (st.format)
				weprintf_at(where, 0, "%s", st.format);
			else if (st.html_failed)
				weprintf_at(where, 0, "a web page libxml2 cannot read");
			else if (st.too_big)
				weprintf_at(where, 0, "decoded, larger than %zu bytes (CCHC_MAX_DOC): "
				            "skipped", in_max_doc);
			else if (st.bad.count)
				weprintf_at(where, st.bad.line, "%s at byte %zu", bad_what(&st),
				            st.bad.first);
			ret = 1;
			page_free(&st.page);
			doc_free(&doc);
			continue;
		}
		if (st.bad.count)
			weprintf_at(where, st.bad.line, "%s at byte %zu replaced by U+FFFD (%zu in all)",
			            bad_what(&st), st.bad.first, st.bad.count);
		buf_str(&text);
		k = fn(doc.name, &text, d.stream || d.tar, &st.page, arg);
		page_free(&st.page);
		doc_free(&doc);
		if (k)
			ret = 1;
		if (k < 0)
			break;
	}
	buf_free(&text);
	if (r < 0)
		ret = 1;
	if (docs_close(&d) < 0)
		ret = 1;
	return ret;
}
