/*
 * cchc-extract's rule engine: figures.rules loaded and compiled, family by
 * family ({NAME} defines expanded, {PROVINCE} the gazetteer's names; the
 * kinds scanned over a paragraph compiled as one alternation each, the
 * exclusions dispatched on a number's first byte), and the look-ups the
 * filter and the attribution make: every match of a family (find_all),
 * whether a rule may match a line (its needed literal), whether a number
 * is excluded, a number word's value.
 */
#include <stdlib.h>
#include <string.h>

#include "../rulebook.h"

static const char *const kindname[NKIND] = {
	"figure", "prefix", "value", "wordfigure", "exclude", "national", "aggregate", "local",
	"region", "groupunit", "period", "notperiod", "planning", "stock", "notplace", "notprovince", "docprov",
	"scope-national", "scope-provincial", "datehead", "datelead", "leadyear", NULL,
};

struct numword {
	char *word;
	int value;
};
/* the exclude rules that can start with byte b, in their order, as one
 * anchored alternation: excl_at[b] (NULL: none can) */
static pcre2_code *excl_at[256];
static struct numword *numwords;
static size_t nnumwords;
struct patlist pats[NKIND];

int
group(pcre2_code *re, const char *name)
{
	int n = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);

	return n > 0 ? n : -1;
}

/* Replace each {NAME} in pat by the pattern of define NAME. */
static char *
expand(const char *pat, struct rules *defs, const char *file, unsigned long line)
{
	struct buf b = { 0 };
	const char *p = pat, *q;
	size_t i;

	while (*p) {
		/* \p{L}, \P{Lu}, \x{0110} are PCRE2's own braces */
		int escaped = p - pat >= 2 && p[-2] == '\\' && strchr("pPx", p[-1]);

		if (*p == '{' && !escaped && (q = strchr(p, '}')) && q - p > 1 &&
		    strspn(p + 1, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_") == (size_t)(q - p - 1)) {
			for (i = 0; i < defs->n; i++) {
				size_t n = strcspn(defs->v[i].pattern, " \t");

				if (n == (size_t)(q - p - 1) && !strncmp(defs->v[i].pattern, p + 1, n))
					break;
			}
			if (i == defs->n) {
				weprintf_at(file, line, "{%.*s} is not defined", (int)(q - p - 1), p + 1);
				buf_free(&b);
				return NULL;
			}
			{
				const char *body = defs->v[i].pattern + strcspn(defs->v[i].pattern, " \t");

				body += strspn(body, " \t");
				buf_adds(&b, "(?:");
				buf_adds(&b, body);
				buf_addc(&b, ')');
			}
			p = q + 1;
		} else {
			buf_addc(&b, *p++);
		}
	}
	return b.p ? b.p : xstrdup("");
}

/* The LITERAL of a pattern that begins "(?#needs LITERAL)", in new memory,
 * or NULL. */
static char *
needs_literal(const char *pat)
{
	static const char tag[] = "(?#needs ";
	const char *e;

	if (strncmp(pat, tag, strlen(tag)) || !(e = strchr(pat, ')')) || e == pat + strlen(tag))
		return NULL;
	return xstrndup(pat + strlen(tag), (size_t)(e - pat) - strlen(tag));
}

static void
add_pat(enum kind k, pcre2_code *re, const char *pat)
{
	struct pat *pt;

	pats[k].v = xrealloc(pats[k].v, (pats[k].n + 1) * sizeof(*pats[k].v));
	pt = &pats[k].v[pats[k].n++];
	pt->re = re;
	pt->needs = needs_literal(pat);
	pt->g_num = group(re, "num");
	pt->g_den = group(re, "den");
	pt->g_mult = group(re, "mult");
	pt->g_unit = group(re, "unit");
	pt->g_qual = group(re, "qual");
	pt->g_name = group(re, "name");
	pt->g_d = group(re, "d");
	pt->g_m = group(re, "m");
	pt->g_y = group(re, "y");
	pt->g_score = group(re, "score");
}

/*
 * Build excl_at[] from the exclude patterns v[0..n), first[i] the bytes
 * v[i] can start with (file, for messages): at a place whose byte is b, only
 * the rules that can start with b are tried, in their order, so the first
 * that matches is the one the whole alternation would take; each distinct
 * set is compiled once.
 * Returns: 0, or -1 after a message.
 */
static int
excl_dispatch(char *const *v, const unsigned char (*first)[256], size_t n, const char *file)
{
	char (*set)[256] = xcalloc(256, n + 1);  /* per byte: "0110..." */
	size_t i;
	int b, c, ret = 0;

	for (b = 0; b < 256; b++) {
		char *key = (char *)set + (size_t)b * (n + 1);
		struct buf alt = { 0 };

		for (i = 0; i < n; i++)
			key[i] = first[i][b] ? '1' : '0';
		key[n] = '\0';
		for (c = 0; c < b; c++)  /* the same rules as an earlier byte */
			if (!strcmp(key, (char *)set + (size_t)c * (n + 1)))
				break;
		if (c < b) {
			excl_at[b] = excl_at[c];
			continue;
		}
		for (i = 0; i < n; i++)
			if (first[i][b])
				buf_printf(&alt, "%s(?:%s)", alt.len ? "|" : "", v[i]);
		if (!alt.len)
			continue;
		if (!(excl_at[b] = re_compile(alt.p, PCRE2_ANCHORED, file, 0)))
			ret = -1;
		re_label(excl_at[b], "figures.rules: the exclude rules that can start with byte 0x%02X "
		         "(and bytes alike)", b);
		buf_free(&alt);
	}
	free(set);
	return ret;
}

/* kinds matched as one alternation of all their rules */
static const int combined[NKIND] = {
	[K_EXCLUDE] = 1, [K_NATIONAL] = 1, [K_AGGREGATE] = 1, [K_LOCAL] = 1,
	[K_REGION] = 1, [K_GROUPUNIT] = 1, [K_PERIOD] = 1, [K_NOTPERIOD] = 1, [K_PLANNING] = 1,
	[K_STOCK] = 1, [K_NOTPLACE] = 1, [K_NOTPROVINCE] = 1,
};

/* what loading figures.rules gathers before the families are compiled */
struct loading {
	const char *file;
	struct rules defs;             /* {NAME}: "NAME PATTERN", {PROVINCE} first */
	struct buf alt[NKIND];         /* a combined kind's rules, one alternation */
	char **excl_pats;              /* the exclude rules, in order */
	unsigned char (*excl_first)[256];  /* the bytes each can start with */
	size_t nexcl;
};

/* A numword rule: "WORD VALUE".  Returns: 0, or -1 after a message. */
static int
add_numword(const struct rule *ru, const char *file)
{
	char *sp = strrchr(ru->pattern, ' ');

	if (!sp || atoi(sp + 1) <= 0) {
		weprintf_at(file, ru->line, "numword needs WORD VALUE");
		return -1;
	}
	numwords = xrealloc(numwords, (nnumwords + 1) * sizeof(*numwords));
	numwords[nnumwords].word = xstrndup(ru->pattern, (size_t)(sp - ru->pattern));
	numwords[nnumwords++].value = atoi(sp + 1);
	return 0;
}

/*
 * Compile the rule of kind k whose pattern (expanded) is pat: kept as a
 * pattern of its own, or (a combined kind) compiled alone for its message
 * and added to the kind's alternation.  Returns: 0, or -1 after a message.
 */
static int
add_rule(struct loading *L, int k, char *pat, unsigned long line)
{
	struct buf b = { 0 };
	pcre2_code *re;

	if (k == K_PREFIX || k == K_VALUE) {  /* a prefix ends where the number starts */
		buf_printf(&b, "(?:%s)\\z", pat);
		pat = b.p;
	}
	/* anchored at a number: JIT code honours PCRE2_ANCHORED only when
	 * compiled in, not when passed to pcre2_match(); a prefix ends at the
	 * number, which PCRE2_ENDANCHORED tells the JIT as well as \z (3% fewer
	 * instructions) */
	re = re_compile(pat, k == K_FIGURE ? PCRE2_ANCHORED :
	                k == K_PREFIX || k == K_VALUE ? PCRE2_ENDANCHORED : 0, L->file, line);
	if (re && combined[k]) {
		buf_printf(&L->alt[k], "%s(?:%s)", L->alt[k].len ? "|" : "", pat);
		if (k == K_EXCLUDE) {
			L->excl_pats = xrealloc(L->excl_pats, (L->nexcl + 1) * sizeof(*L->excl_pats));
			L->excl_first = xrealloc(L->excl_first, (L->nexcl + 1) * sizeof(*L->excl_first));
			re_start_bytes(re, L->excl_first[L->nexcl]);
			L->excl_pats[L->nexcl++] = xstrdup(pat);
		}
		pcre2_code_free(re);
	} else if (re) {
		add_pat((enum kind)k, re, pat);
	}
	buf_free(&b);
	return re ? 0 : -1;
}

/* One line of figures.rules: a define, a numword or a rule of a kind.
 * Returns: 0, or -1 after a message. */
static int
load_line(struct loading *L, const struct rule *ru)
{
	char *pat;
	int k, ret;

	if (!strcmp(ru->kind, "numword"))
		return add_numword(ru, L->file);
	for (k = 0; k < NKIND; k++)
		if (kindname[k] && !strcmp(ru->kind, kindname[k]))
			break;
	if (k == NKIND && strcmp(ru->kind, "define")) {
		weprintf_at(L->file, ru->line, "unknown rule kind '%s'", ru->kind);
		return -1;
	}
	if (!(pat = expand(ru->pattern, &L->defs, L->file, ru->line)))
		return -1;
	if (k == NKIND) {  /* a define */
		L->defs.v[L->defs.n++].pattern = pat;
		return 0;
	}
	ret = add_rule(L, k, pat, ru->line);
	free(pat);
	return ret;
}

/* Compile pattern as a family of kind k, labelled for CCHC_PROFILE.
 * Returns: 0, or -1 after a message. */
static int
add_family(enum kind k, const char *pattern, uint32_t opts, const char *file, const char *label)
{
	pcre2_code *re = re_compile(pattern, opts, file, 0);

	if (!re)
		return -1;
	add_pat(k, re, pattern);
	re_label(re, "%s", label);
	return 0;
}

/* The families scanned over a paragraph, each one alternation, the
 * markers of a figure's place and the province finder.
 * Returns: 0, or -1 after messages. */
static int
compile_families(struct loading *L)
{
	struct buf b = { 0 }, label = { 0 };
	int k, ret = 0;

	for (k = 0; k < NKIND; k++) {
		if (!combined[k] || k == K_EXCLUDE || k == K_NATIONAL || k == K_AGGREGATE ||
		    k == K_LOCAL || k == K_REGION)
			continue;
		if (!L->alt[k].len)
			buf_adds(&L->alt[k], "(*FAIL)");
		label.len = 0;
		buf_printf(&label, "figures.rules: every %s rule, one alternation", kindname[k]);
		/* the paragraph scans may stop where the last figure's sentence
		 * ends (re_exec_upto) */
		if (k == K_PERIOD) {
			/* a period starts a word (or follows a bracket): the guard
			 * fails at once inside a word, where the alternation, whose
			 * rules start with many letters, would be tried in full
			 * (half the time of the paragraphs' period scans) */
			struct buf g = { 0 };

			buf_printf(&g, "(?<![\\p{L}\\p{N}])(?:%s)", L->alt[k].p);
			buf_free(&L->alt[k]);
			L->alt[k] = g;
		}
		if (add_family((enum kind)k, L->alt[k].p, k == K_GROUPUNIT ? PCRE2_ANCHORED :
		               PCRE2_USE_OFFSET_LIMIT, L->file, label.p) < 0)
			ret = -1;
	}
	/* the markers of a figure's place, one scan with a group for each
	 * kind; markers are words, so a match starts at one: the guard fails
	 * at once inside a word, where the alternation would be tried in full
	 * (half the time of this scan) */
	buf_printf(&b, "(?<![\\p{L}\\p{N}])(?:(?<nat>%s)|(?<agg>%s)|(?<reg>%s)|(?<loc>%s))",
	           L->alt[K_NATIONAL].len ? L->alt[K_NATIONAL].p : "(*FAIL)",
	           L->alt[K_AGGREGATE].len ? L->alt[K_AGGREGATE].p : "(*FAIL)",
	           L->alt[K_REGION].len ? L->alt[K_REGION].p : "(*FAIL)",
	           L->alt[K_LOCAL].len ? L->alt[K_LOCAL].p : "(*FAIL)");
	if (add_family(K_NATIONAL, b.p, PCRE2_USE_OFFSET_LIMIT, L->file, "figures.rules: every "
	               "national, aggregate, region and local rule, one alternation") < 0)
		ret = -1;
	/* the province finder: the names alone (a prefix is checked in C, so
	 * that matches can only start at a name's capital letter) */
	b.len = 0;
	buf_printf(&b, "(?<name>%s)", L->defs.v[0].pattern + strlen("PROVINCE "));
	if (add_family(K_PROVINCE, b.p, PCRE2_USE_OFFSET_LIMIT, "provinces.csv",
	               "provinces.csv: every name and variant, one alternation") < 0)
		ret = -1;
	buf_free(&b);
	buf_free(&label);
	return ret;
}

static void
loading_free(struct loading *L)
{
	size_t i;
	int k;

	for (i = 0; i < L->nexcl; i++)
		free(L->excl_pats[i]);
	free(L->excl_pats);
	free(L->excl_first);
	for (k = 0; k < NKIND; k++)
		buf_free(&L->alt[k]);
	for (i = 0; i < L->defs.n; i++)
		free(L->defs.v[i].pattern);
	free(L->defs.v);
}

/* Load figures.rules and provinces.csv.  Returns: 0, or -1 after messages. */
int
rulebook_load(void)
{
	struct loading L = { 0 };
	struct rules r;
	struct buf b = { 0 };
	char *prov;
	size_t i;
	int ret = 0;

	if (!(prov = gaz_province_pattern()))
		return -1;
	if (rules_read(&r, "figures.rules") < 0) {
		free(prov);
		return -1;
	}
	L.file = r.file;
	/* {PROVINCE} is a define like the others */
	L.defs.v = xcalloc(r.n + 1, sizeof(*L.defs.v));
	buf_printf(&b, "PROVINCE %s", prov);
	L.defs.v[L.defs.n++].pattern = b.p;
	free(prov);
	for (i = 0; i < r.n; i++)
		if (load_line(&L, &r.v[i]) < 0)
			ret = -1;
	/* one regex a kind: a paragraph is scanned once for all its periods,
	 * a number tried once against all exclusions */
	if (excl_dispatch(L.excl_pats, (const unsigned char (*)[256])L.excl_first, L.nexcl,
	                  r.file) < 0 || compile_families(&L) < 0)
		ret = -1;
	loading_free(&L);
	rules_free(&r);
	if (ret == 0 && (!pats[K_FIGURE].n || !pats[K_PROVINCE].n))
		eprintf("figures.rules: no figure rules");
	return ret;
}


void
spans_add(struct spans *s, size_t so, size_t eo, int kind)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->v = xrealloc(s->v, s->cap * sizeof(*s->v));
	}
	s->v[s->n].so = so;
	s->v[s->n].eo = eo;
	s->v[s->n].kind = kind;
	s->v[s->n].bo = s->v[s->n].bc = 0;
	s->v[s->n++].weak = 0;
}

/* All matches of every pattern of kind k in s[0..n) that start at or
 * before upto (PCRE2_UNSET: all), as spans. */
void
find_all(enum kind k, const char *s, size_t n, size_t upto, struct spans *out)
{
	PCRE2_SIZE *ov;
	size_t i, at;

	for (i = 0; i < pats[k].n; i++)
		for (at = 0; at <= n && re_exec_upto(pats[k].v[i].re, s, n, at, upto, 0, &ov) > 0; ) {
			if (ov[1] > ov[0])
				spans_add(out, ov[0], ov[1], (int)k);
			at = ov[1] > at ? ov[1] : at + 1;
			while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
				at++;
		}
}

int
overlaps(const struct spans *s, size_t so, size_t eo)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (s->v[i].so < eo && so < s->v[i].eo)
			return 1;
	return 0;
}


/* Returns: 1 for an ASCII letter or digit, or a byte of a multibyte letter. */
int
is_word_byte(char c)
{
	unsigned char u = (unsigned char)c;

	return u >= 0x80 || (u >= '0' && u <= '9') || ((u | 0x20) >= 'a' && (u | 0x20) <= 'z');
}

static int
lower_ascii(char c)
{
	return c >= 'A' && c <= 'Z' ? c | 0x20 : c;
}

/* Returns: 1 when s[0..n) holds lit, its ASCII letters in either case. */
static int
holds(const char *s, size_t n, const char *lit)
{
	size_t m = strlen(lit), i, k;
	int letter = lower_ascii(lit[0]) >= 'a' && lower_ascii(lit[0]) <= 'z';
	const char *c;

	for (i = 0; i + m <= n; i++) {
		if (!letter) {  /* to the next place the first byte is */
			if (!(c = memchr(s + i, lit[0], n - m - i + 1)))
				return 0;
			i = (size_t)(c - s);
		}
		for (k = 0; k < m && lower_ascii(s[i + k]) == lower_ascii(lit[k]); k++)
			;
		if (k == m)
			return 1;
	}
	return 0;
}

/* Returns: 0 when rule p cannot match in the line s[0..n), for it needs a
 * literal the line does not hold; else 1. */
int
may_match(const struct pat *p, const char *s, size_t n)
{
	return !p->needs || holds(s, n, p->needs);
}

/* an exclusion may start this many words before the number it covers */
#define EXCL_WORDS 4

/*
 * Is the number at s[at] inside an exclusion?  The exclusions are tried
 * anchored at the number, at the start of the word that holds it ("+84",
 * "(0296)") and at the starts of the EXCL_WORDS words before it.
 * Returns: the end of the exclusion that covers s[at], or 0.
 */
size_t
excluded(const char *s, size_t n, size_t at)
{
	size_t pos = at, k;
	PCRE2_SIZE *ov;

	for (k = 0; k <= EXCL_WORDS + 1; k++) {
		const pcre2_code *re = excl_at[(unsigned char)s[pos]];

		if (re && re_exec(re, s, n, pos, 0, &ov) > 0 && ov[1] > at)
			return ov[1];
		if (pos == 0)
			break;
		/* back to the start of the word before */
		if (k > 0 || s[pos - 1] == ' ')
			while (pos > 0 && s[pos - 1] == ' ')
				pos--;
		while (pos > 0 && s[pos - 1] != ' ')
			pos--;
	}
	return 0;
}

int
numword_value(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < nnumwords; i++)
		if (strlen(numwords[i].word) == n && !memcmp(numwords[i].word, s, n))
			return numwords[i].value;
	return 0;
}

/* Returns: 1 when s[0..n) is one of the nw words w. */
int
word_in(const char *s, size_t n, const char *const *w, size_t nw)
{
	size_t i;

	for (i = 0; i < nw; i++)
		if (strlen(w[i]) == n && !memcmp(w[i], s, n))
			return 1;
	return 0;
}

