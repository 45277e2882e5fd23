/*
 * cchc-extract: where a figure belongs.  The province and the period that
 * govern it (its clause, sentence, paragraph, then the document), and the
 * document's own date, province and scope (see figures.rules).
 */
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "extract.h"

/* The previous word before s[at], as [*wso, *weo); 0 when none. */
static int
prev_word(const char *s, size_t at, size_t *wso, size_t *weo)
{
	size_t e = at, b;

	while (e > 0 && s[e - 1] == ' ')
		e--;
	b = e;
	while (b > 0 && s[b - 1] != ' ' && s[b - 1] != ',' && s[b - 1] != ';' &&
	       s[b - 1] != '(' && s[b - 1] != '"')
		b--;
	*wso = b;
	*weo = e;
	return e > b;
}

static int
starts_upper(const char *s, size_t n)
{
	int32_t c;

	if (!n || utf8_decode(s, n, &c) < 0)
		return 0;
	return utf8proc_category(c) == UTF8PROC_CATEGORY_LU;
}

/* Words before a bare capitalised province name that still make it one. */
static int
trigger_word(const char *s, size_t n)
{
	static const char *const w[] = {
		"Báo", "UBND", "HĐND", "Tỉnh", "Thành", "TP", "TP.", "Sở", "Đài",
		"Cổng", "TTĐT", "Nguồn:", "Tại", "Ở", "Của", "Và", "Với", "Cùng",
	};

	return word_in(s, n, w, LEN(w));
}

/* Returns: 1 when s[0..at) ends in "tỉnh ", "thành phố ", "TP. " and the like. */
static int
has_prefix(const char *s, size_t at)
{
	static const char *const pfx[] = {
		"tỉnh ", "Tỉnh ", "TỈNH ", "thành phố ", "Thành phố ", "THÀNH PHỐ ",
		"TP. ", "TP.", "Tp. ", "Tp.", "tp. ", "TP ", "T.P ", "T.P. ", "T.P.",
	};
	size_t i, n;

	for (i = 0; i < LEN(pfx); i++)
		if ((n = strlen(pfx[i])) <= at && !memcmp(s + at - n, pfx[i], n) &&
		    (at == n || !is_word_byte(s[at - n - 1])))
			return 1;
	return 0;
}

/* The province names of s[0..n) that start at or before upto, as spans of
 * kind K_PROVINCE. */
static void
province_names(const char *s, size_t n, size_t upto, struct spans *out)
{
	PCRE2_SIZE *ov;
	const struct pat *pp = &pats[K_PROVINCE].v[0];
	size_t at = 0, i;

	while (at <= n && re_exec_upto(pp->re, s, n, at, upto, 0, &ov) > 0) {
		size_t nso = ov[2 * pp->g_name], neo = ov[2 * pp->g_name + 1];
		int prefixed = has_prefix(s, nso);
		size_t wso, weo;
		int ok = 1;

		if (!prefixed) {
			/* "Trương Hòa Bình" is a person: a capitalised word before
			 * a bare name makes it part of another name */
			if (prev_word(s, ov[0], &wso, &weo) && starts_upper(s + wso, weo - wso) &&
			    !trigger_word(s + wso, weo - wso))
				ok = 0;
			for (i = 0; i < nshortnames; i++)
				if (strlen(shortnames[i]) == neo - nso &&
				    !memcmp(shortnames[i], s + nso, neo - nso))
					ok = 0;
		}
		if (ok)
			spans_add(out, nso, neo, K_PROVINCE);
		at = ov[1] > at ? ov[1] : at + 1;
	}
}

/* How far a scan limited to upto must go to find every span that overlaps
 * one of s[from..): a span overlapping another starts before it ends. */
static size_t
reach(const struct spans *s, size_t from, size_t upto)
{
	size_t i;

	for (i = from; upto != PCRE2_UNSET && i < s->n; i++)
		if (s->v[i].eo > upto)
			upto = s->v[i].eo;
	return upto;
}

/* Province names, national, regional and local markers in one paragraph,
 * those that start at or before upto (PCRE2_UNSET: all). */
void
mentions(const char *s, size_t n, size_t upto, int national_doc, struct spans *out)
{
	PCRE2_SIZE *ov;
	size_t at, i, first = out->n;

	province_names(s, n, upto, out);
	{
		const struct pat *mp = &pats[K_NATIONAL].v[0];
		int g_nat = group(mp->re, "nat"), g_agg = group(mp->re, "agg");
		int g_reg = group(mp->re, "reg");

		for (at = 0; at < n && re_exec_upto(mp->re, s, n, at, upto, 0, &ov) > 0; ) {
			int kind = ov[2 * g_nat] != PCRE2_UNSET ? K_NATIONAL :
			           ov[2 * g_agg] != PCRE2_UNSET ? K_AGGREGATE :
			           ov[2 * g_reg] != PCRE2_UNSET ? K_REGION : K_LOCAL;

			/* "các địa phương" is the whole country only in a report of
			 * a national meeting */
			if (ov[1] > ov[0] && (kind != K_AGGREGATE || national_doc))
				spans_add(out, ov[0], ov[1], kind);
			at = ov[1] > at ? ov[1] : at + 1;
		}
	}
	/* a marker inside a rank's universe ("xếp thứ 3/63 tỉnh, thành phố
	 * trực thuộc Trung ương", "đứng thứ hai cả nước") names no place */
	if (out->n > first) {
		struct spans no = { 0 };

		struct spans nop = { 0 };

		find_all(K_NOTPLACE, s, n, reach(out, first, upto), &no);
		/* a province a figure is compared with ("chỉ sau Hà Tĩnh") */
		find_all(K_NOTPROVINCE, s, n, reach(out, first, upto), &nop);
		for (i = first; i < out->n; )
			if (out->v[i].kind != K_PROVINCE ? overlaps(&no, out->v[i].so, out->v[i].eo) :
			    overlaps(&nop, out->v[i].so, out->v[i].eo))
				out->v[i] = out->v[--out->n];
			else
				i++;
		free(no.v);
		free(nop.v);
	}
}

const char *
level_name(int level)
{
	static const char *const names[] = { "clause", "sentence", "paragraph", "document" };

	return level >= 0 && level < 4 ? names[level] : "";
}


/* a paragraph's opening period ("6 tháng đầu năm, ...") starts this early */
#define OPENING_MAX 80

/* how many spans a search walks past before it gives up */
#define GOVERN_STEPS 64

/* Returns: 1 when span x lies in brackets that do not hold [so, eo). */
static int
elsewhere(const struct span *x, size_t so, size_t eo)
{
	return x->bc && (so < x->bo || eo > x->bc);
}

/*
 * Choose among the spans m (sorted by start) the one that governs
 * [so, eo) of a paragraph, trying the places of order[] in turn: the
 * nearest span before it, or the first after it, in its clause [cso, ceo),
 * its sentence [sso, seo), the paragraph's opening, the paragraph before
 * the sentence.  Each search walks at most GOVERN_STEPS spans, so a huge
 * paragraph stays linear.
 * Returns: the span's index and sets *level (0 clause, 1 sentence,
 *          2 paragraph), or -1.
 */
long
govern(const struct spans *m, const enum pass *order, size_t norder,
       size_t so, size_t eo, size_t cso, size_t ceo, size_t sso, size_t seo,
       int *level)
{
	size_t lo = 0, hi = m->n, k, steps;
	long j;

	/* first span that starts at or after the figure's end */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (m->v[mid].so < eo)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (k = 0; k < norder; k++) {
		enum pass pass = order[k];
		size_t from = pass == CLAUSE_BEFORE ? cso : pass == SENTENCE_BEFORE ? sso : 0;
		size_t to = pass == CLAUSE_AFTER ? ceo : seo;

		switch (pass) {
		case CLAUSE_BEFORE:
		case SENTENCE_BEFORE:
		case PARA_BEFORE:
			for (j = (long)lo - 1, steps = 0; j >= 0 && steps < GOVERN_STEPS; j--, steps++) {
				const struct span *x = &m->v[j];

				if (x->so < from)
					break;
				if (x->weak && pass == PARA_BEFORE)
					continue;  /* it places its own sentence only */
				if (elsewhere(x, so, eo))
					continue;  /* in brackets that do not hold the figure */
				if (x->eo <= (pass == PARA_BEFORE ? sso : so))
					goto found;
			}
			break;
		case CLAUSE_AFTER:
		case SENTENCE_AFTER:
			for (j = (long)lo, steps = 0; j < (long)m->n && steps < GOVERN_STEPS; j++, steps++) {
				if (m->v[j].so >= to)
					break;
				if (elsewhere(&m->v[j], so, eo))
					continue;
				if (m->v[j].eo <= to)
					goto found;
			}
			break;
		case PARA_OPENING:
			j = 0;
			if (m->n && m->v[0].so < OPENING_MAX && m->v[0].eo <= sso)
				goto found;
			break;
		default:
			break;
		}
		continue;
found:
		*level = pass <= CLAUSE_AFTER ? 0 : pass <= SENTENCE_AFTER ? 1 : 2;
		return j;
	}
	return -1;
}

int
by_start(const void *a, const void *b)
{
	const struct span *x = a, *y = b;

	return x->so < y->so ? -1 : x->so > y->so ? 1 : x->eo < y->eo ? -1 : x->eo > y->eo;
}

/* A province is named before the figure or in its clause; a period may
 * also follow it in its sentence, and a paragraph's opening one governs
 * the paragraph before nearer ones. */
const enum pass prov_order[NPROV_ORDER] = {
	CLAUSE_BEFORE, CLAUSE_AFTER, SENTENCE_BEFORE, PARA_BEFORE,
};
const enum pass period_order[NPERIOD_ORDER] = {
	CLAUSE_BEFORE, CLAUSE_AFTER, SENTENCE_BEFORE, SENTENCE_AFTER,
	PARA_OPENING, PARA_BEFORE,
};

static const char *const abbrevs[] = {
	"TP", "Tp", "T.P", "TT", "ThS", "TS", "GS", "PGS", "Th.S", "BS", "KS",
	"CN", "Q", "P", "St", "Mr", "Mrs", "Dr", "v.v", "TX", "Tx", "H", "X", "TPHCM",
};

/* Returns: 1 when the brackets (open, close) hold nothing but the period x
 * ("(2015)", "(năm 2019)"): a label of what stands before them. */
static int
label(const char *s, size_t open, size_t close, const struct span *x)
{
	size_t i;

	for (i = open + 1; i < x->so; i++)
		if (s[i] != ' ')
			return 0;
	for (i = x->eo; i < close; i++)
		if (s[i] != ' ')
			return 0;
	return 1;
}

/*
 * A period in brackets governs only what the brackets hold: "đạt 3,69
 * điểm (năm 2022 đạt 4,06 điểm)" is a 2023 figure beside a 2022 one.
 * Marks each span of out (sorted) that lies in brackets with their extent;
 * brackets that hold only a period label what stands just before them
 * ("hạng 6 (2015), hạng 10 (2018)"), back to a comma or a bracket.
 */
static void
bracket_spans(const char *s, size_t n, struct spans *out)
{
	size_t i = 0, k, open = 0, close;
	int depth = 0;

	for (k = 0; k < out->n; k++) {
		for (; i < out->v[k].so && i < n; i++) {
			if (s[i] == '(' && depth++ == 0)
				open = i;
			else if (s[i] == ')' && depth > 0)
				depth--;
		}
		if (depth == 0)
			continue;
		for (close = out->v[k].eo; close < n && s[close] != ')'; close++)
			;
		if (label(s, open, close, &out->v[k])) {
			/* "hạng 6 (2015)": the year of what stands just before */
			size_t b = open;

			while (b > 0 && !strchr(",;()", s[b - 1]))
				b--;
			out->v[k].bo = b;
			out->v[k].bc = close < n ? close + 1 : close;
			continue;
		}
		out->v[k].bo = open;
		out->v[k].bc = close;
	}
}

/*
 * The period expressions of the paragraph s[0..n), sorted by start, less
 * those inside a comparison ("so với năm 2022") and, with PER_PLANS in
 * flags, those of a plan ("6 tháng cuối năm"); with PER_STOCK, a stock as
 * the dated report finds it ("hiện có") too.  The comparisons go to bases
 * when it is not NULL.  Only periods that start at or before upto
 * (PCRE2_UNSET: all).
 */
void
periods(const char *s, size_t n, size_t upto, int flags, struct spans *out,
        struct spans *bases)
{
	struct spans no = { 0 };
	size_t k, last;

	out->n = 0;
	if (bases)
		bases->n = 0;
	find_all(K_PERIOD, s, n, upto, out);
	if (flags & PER_STOCK)
		find_all(K_STOCK, s, n, upto, out);
	if (out->n || bases) {
		last = reach(out, 0, upto);
		find_all(K_NOTPERIOD, s, n, last, &no);
		if (bases)
			for (k = 0; k < no.n; k++)
				spans_add(bases, no.v[k].so, no.v[k].eo, 0);
		if (flags & PER_PLANS)
			find_all(K_PLANNING, s, n, last, &no);
		for (k = 0; k < out->n; )
			if (overlaps(&no, out->v[k].so, out->v[k].eo))
				out->v[k] = out->v[--out->n];
			else
				k++;
		if (out->n > 1)
			qsort(out->v, out->n, sizeof(*out->v), by_start);
		bracket_spans(s, n, out);
	}
	free(no.v);
}

/*
 * A figure in brackets just after a comparison is the base's value: "cao
 * hơn 1,71% so với năm 2022 (86,62%)".  Returns: the year words of that
 * comparison ("năm 2022") as [*so, *eo), or 0.
 */
int
base_year(const char *s, size_t fso, const struct spans *bases, size_t *so, size_t *eo)
{
	size_t at = fso, k, i;

	while (at > 0 && s[at - 1] == ' ')
		at--;
	if (at == 0 || s[at - 1] != '(')
		return 0;
	at--;
	while (at > 0 && s[at - 1] == ' ')
		at--;
	for (k = 0; k < bases->n; k++) {
		const struct span *b = &bases->v[k];

		if (b->eo != at)
			continue;
		for (i = b->eo; i >= b->so + strlen("năm "); i--)  /* its last "năm YYYY" */
			if (!memcmp(s + i - strlen("năm "), "năm ", strlen("năm "))) {
				size_t y = i;

				while (y < b->eo && s[y] >= '0' && s[y] <= '9')
					y++;
				*so = i - strlen("năm ");
				*eo = y;
				return y > i;
			}
	}
	return 0;
}

/* The sentences of the paragraph s[0..n), in order, as spans. */
void
sentences(const char *s, size_t n, struct spans *out)
{
	size_t i, b = 0;

	out->n = 0;
	for (i = 0; i < n; i++) {
		int end = 0;

		if (s[i] == '.' || s[i] == '!' || s[i] == '?')
			end = 1;
		else if (i + 2 < n && !memcmp(s + i, "\xE2\x80\xA6", 3))  /* … */
			end = 1, i += 2;
		if (!end)
			continue;
		while (i + 1 < n && strchr(".!?/", s[i + 1]))
			i++;
		if (i + 1 < n && s[i + 1] != ' ')
			continue;
		if (i + 2 < n) {
			int32_t c;
			size_t ws, we;

			/* a sentence ends before a capital, a digit, a quote */
			if (utf8_decode(s + i + 2, n - i - 2, &c) < 0 ||
			    !(utf8proc_category(c) == UTF8PROC_CATEGORY_LU ||
			      (c >= '0' && c <= '9') || c == '"' || c == 0x201C || c == '('))
				continue;
			/* but not after "TP." or "TS." */
			if (s[i] == '.' && prev_word(s, i, &ws, &we) &&
			    word_in(s + ws, we - ws, abbrevs, LEN(abbrevs)))
				continue;
		}
		spans_add(out, b, i + 1, 0);
		b = i + 1;
		while (b < n && s[b] == ' ')
			b++;
	}
	if (b < n || out->n == 0)
		spans_add(out, b, n, 0);
}

/* "YYYY-MM-DD" into out from groups d, m, y; 0 on success. */
static int
make_date(char out[11], long dd, long mm, long yy)
{
	if (dd < 1 || dd > 31 || mm < 1 || mm > 12 || yy < 1900 || yy > 2100)
		return -1;
	snprintf(out, 11, "%04ld-%02ld-%02ld", yy, mm, dd);
	return 0;
}

static long
grp_long(const char *s, PCRE2_SIZE *ov, int g)
{
	if (g < 0 || ov[2 * g] == PCRE2_UNSET)
		return -1;
	return atol(s + ov[2 * g]);
}

/* a title is a short first line that is no sentence */
#define TITLE_MAX 300
/* the title a mention carries: its first line, this long at most (cut at
 * a word) */
#define DOC_TITLE_MAX 200

/*
 * The one province s[0..n) names (with prefix set, only after "tỉnh",
 * "TP"), as written (its longest name there: "An Giang" over "AG"; a city
 * stays a city: "Đà Lạt"), in new memory; NULL when it names none or
 * several.
 */
static char *
sole_province(const char *s, size_t n, int prefix)
{
	struct spans m = { 0 };
	const char *one = NULL, *p;
	size_t i, so = 0, len = 0;
	int several = 0;

	province_names(s, n, PCRE2_UNSET, &m);
	for (i = 0; i < m.n; i++) {
		if (prefix && !has_prefix(s, m.v[i].so))
			continue;
		p = province_of(s + m.v[i].so, m.v[i].eo - m.v[i].so);
		if (p && one && strcmp(p, one))
			several = 1;
		if (p) {
			one = p;
			if (m.v[i].eo - m.v[i].so > len) {
				so = m.v[i].so;
				len = m.v[i].eo - m.v[i].so;
			}
		}
	}
	free(m.v);
	return one && !several ? xstrndup(s + so, len) : NULL;
}

/* The document's province from its title, or the first sentence of its
 * lead when that names a province with "tỉnh", "thành phố" or "TP". */
static void
title_province(struct doc_ctx *d, size_t lead)
{
	struct spans sent = { 0 };
	char *p = NULL;
	const char *s;
	size_t li, n;

	for (li = 0; li < d->nlines && !d->lines[li].len; li++)
		;
	if (li < d->nlines && li < lead && d->lines[li].len <= TITLE_MAX) {
		s = d->text + d->lines[li].off;
		n = d->lines[li].len;
		sentences(s, n, &sent);
		if (sent.n == 1 && s[n - 1] != '.')
			p = sole_province(s, n, 0);
	}
	if (!p && lead < d->nlines) {
		s = d->text + d->lines[lead].off;
		sentences(s, d->lines[lead].len, &sent);
		if (sent.n)
			p = sole_province(s, sent.v[0].eo, 1);
	}
	free(sent.v);
	if (p)
		d->prov = p;
}

/* several provinces named besides its own make a document national: three,
 * or five when its title or lead names its own (a province's report may
 * compare it with its neighbours) */
#define NATIONAL_OTHERS 3
#define NATIONAL_OTHERS_TITLED 5

/*
 * National or provincial: a document that names several provinces besides
 * its own (NATIONAL_OTHERS) is about the country; one whose title or lead names its province
 * is about that province, even where it reports a national meeting; else
 * the first sign of a national or provincial meeting in its title and lead;
 * else a document with a province of its own (from text, manifest, or
 * source) is provincial, and one with none that speaks of the whole
 * country ("cả nước", "các bộ, ngành") national.
 */
static const char *
doc_scope(struct doc_ctx *d, size_t lead)
{
	PCRE2_SIZE *ov;
	const char *rule = "", *own = d->prov ? province_of(d->prov, strlen(d->prov)) : NULL;
	const char *others[NATIONAL_OTHERS_TITLED];
	struct spans m = { 0 };
	size_t li, i, nothers = 0, nnat = 0;
	size_t enough = d->prov_text ? NATIONAL_OTHERS_TITLED : NATIONAL_OTHERS;
	int k;

	for (li = 0; li < d->nlines && li <= lead + 1 && !*rule; li++) {
		const char *s = d->text + d->lines[li].off;
		size_t at_nat = (size_t)-1, at_prov = (size_t)-1;

		for (k = K_SCOPE_NAT; k <= K_SCOPE_PROV; k++)
			for (i = 0; i < pats[k].n; i++)
				if (re_exec(pats[k].v[i].re, s, d->lines[li].len, 0, 0, &ov) > 0) {
					size_t *at = k == K_SCOPE_NAT ? &at_nat : &at_prov;

					if (ov[0] < *at)
						*at = ov[0];
				}
		if (at_nat != (size_t)-1 || at_prov != (size_t)-1)
			rule = at_nat < at_prov ? "national" : "provincial";
	}
	/* the provinces named (names only: the markers are looked for below,
	 * and only when they can decide) */
	for (li = 0; li < d->nlines && nothers < enough; li++) {
		const char *s = d->text + d->lines[li].off;

		m.n = 0;
		province_names(s, d->lines[li].len, PCRE2_UNSET, &m);
		for (i = 0; i < m.n && nothers < enough; i++) {
			const char *p = province_of(s + m.v[i].so, m.v[i].eo - m.v[i].so);
			size_t j;

			if (!p || (own && !strcmp(p, own)))
				continue;
			for (j = 0; j < nothers && strcmp(others[j], p); j++)
				;
			if (j == nothers)
				others[nothers++] = p;
		}
	}
	/* a national marker, for a document with no province and no sign */
	if (nothers < enough && !d->prov && !*rule)
		for (li = 0; li < d->nlines && !nnat; li++) {
			const char *s = d->text + d->lines[li].off;

			m.n = 0;
			mentions(s, d->lines[li].len, PCRE2_UNSET, 1, &m);
			for (i = 0; i < m.n; i++)
				nnat += m.v[i].kind == K_NATIONAL;
		}
	free(m.v);
	if (nothers >= enough)
		return "national";
	if (!strcmp(rule, "national") && !d->prov_text)
		return "national";
	if (d->prov)
		return "provincial";
	if (*rule)
		return rule;
	return nnat ? "national" : "";
}

/* lines after the lead, and lines at the end, where a document names itself */
#define DOCPROV_LEAD 3
#define DOCPROV_FOOT 12

/* The title: the first line when it is no longer than a title, its first
 * DOC_TITLE_MAX bytes cut at a word (what the report is about:
 * cchc-normalize reads the index it names). */
static void
doc_title(struct doc_ctx *d)
{
	size_t li;

	for (li = 0; li < d->nlines && !d->lines[li].len; li++)
		;
	d->title_off = d->title_len = 0;
	if (li < d->nlines && d->lines[li].len <= TITLE_MAX) {  /* cut at a word */
		size_t n = d->lines[li].len;

		d->title_off = d->lines[li].off;
		if (n > DOC_TITLE_MAX) {
			n = DOC_TITLE_MAX;
			while (n > 0 && d->text[d->title_off + n] != ' ')
				n--;
		}
		d->title_len = n;
	}
}

/* The header's end: the first line of prose (over 200 bytes), the lead. */
static size_t
doc_lead(const struct doc_ctx *d)
{
	size_t li;

	for (li = 0; li < d->nlines; li++)
		if (d->lines[li].len > 200)
			return li;
	return d->nlines;
}

/* The document's date: the earliest date line of its header, else the
 * date its lead opens with (the year from the lead when it gives none). */
static void
doc_date(struct doc_ctx *d, size_t lead)
{
	PCRE2_SIZE *ov;
	size_t li, i;
	char best[11] = "";

	for (li = 0; li < lead && li < 40; li++) {
		const char *s = d->text + d->lines[li].off;

		for (i = 0; i < pats[K_DATEHEAD].n; i++) {
			const struct pat *p = &pats[K_DATEHEAD].v[i];
			char dt[11];

			if (re_exec(p->re, s, d->lines[li].len, 0, 0, &ov) > 0 &&
			    make_date(dt, grp_long(s, ov, p->g_d), grp_long(s, ov, p->g_m),
			              grp_long(s, ov, p->g_y)) == 0 &&
			    (!best[0] || strcmp(dt, best) < 0))
				memcpy(best, dt, 11);
		}
	}
	if (!best[0] && lead < d->nlines) {
		const char *s = d->text + d->lines[lead].off;
		size_t n = d->lines[lead].len;
		long yy = -1;

		for (i = 0; i < pats[K_LEADYEAR].n; i++) {
			const struct pat *p = &pats[K_LEADYEAR].v[i];
			size_t at = 0;

			while (at < n && re_exec(p->re, s, n, at, 0, &ov) > 0) {
				long y = grp_long(s, ov, p->g_y);

				if (y > yy)
					yy = y;
				at = ov[1] > at ? ov[1] : at + 1;
			}
		}
		for (i = 0; i < pats[K_DATELEAD].n && !best[0]; i++) {
			const struct pat *p = &pats[K_DATELEAD].v[i];
			long y;

			if (re_exec(p->re, s, n, 0, 0, &ov) <= 0)
				continue;
			y = grp_long(s, ov, p->g_y);
			make_date(best, grp_long(s, ov, p->g_d), grp_long(s, ov, p->g_m), y > 0 ? y : yy);
		}
	}
	memcpy(d->date, best, 11);
}

/* The document's province: the title (the first line, when it is no
 * sentence) or the lead's first sentence naming one province ("Lâm Đồng:
 * 98,33% ...", "... công tác CCHC của TP Cần Thơ"), then the strongest kind
 * of evidence in its header, lead and footer (publisher, dateline, source,
 * bridge point); then what the scraper knew: the manifest's province, -p,
 * the source. */
static void
doc_province(struct doc_ctx *d, size_t lead)
{
	PCRE2_SIZE *ov;
	size_t li, i;

	title_province(d, lead);
	d->prov_text = d->prov != NULL;
	for (i = 0; i < pats[K_DOCPROV].n && !d->prov; i++) {
		const struct pat *p = &pats[K_DOCPROV].v[i];

		for (li = 0; li < d->nlines && !d->prov; li++) {
			if (li > lead + DOCPROV_LEAD && li + DOCPROV_FOOT < d->nlines)
				continue;
			const char *s = d->text + d->lines[li].off;

			if (p->g_name > 0 && may_match(p, s, d->lines[li].len) &&
			    re_exec(p->re, s, d->lines[li].len, 0, 0, &ov) > 0 &&
			    ov[2 * p->g_name] != PCRE2_UNSET &&
			    is_province(s + ov[2 * p->g_name], ov[2 * p->g_name + 1] - ov[2 * p->g_name]))
				d->prov = xstrndup(s + ov[2 * p->g_name],
				                   ov[2 * p->g_name + 1] - ov[2 * p->g_name]);
		}
	}
	if (!d->prov && d->src && d->src->province)
		d->prov = xstrdup(d->src->province);
	if (!d->prov && d->default_prov)
		d->prov = xstrdup(d->default_prov);
	if (!d->prov && d->src && d->src->source) {
		const char *p = source_province(&outlets, d->src->source, province_of);

		if (p)
			d->prov = xstrdup(p);
	}
}

/* The document's period: the first that is neither plan nor comparison. */
static void
doc_period(struct doc_ctx *d)
{
	size_t li;

	for (li = 0; li < d->nlines && !d->period; li++) {
		const char *s = d->text + d->lines[li].off;
		struct spans per = { 0 };

		periods(s, d->lines[li].len, PCRE2_UNSET, PER_PLANS, &per, NULL);
		if (per.n)
			d->period = xstrndup(s + per.v[0].so, per.v[0].eo - per.v[0].so);
		free(per.v);
	}
}

/* The document's date, province, scope and period (see figures.rules). */
void
doc_context(struct doc_ctx *d)
{
	size_t lead = doc_lead(d);

	doc_title(d);
	doc_date(d, lead);
	doc_province(d, lead);
	if (!d->date[0] && d->src && d->src->date)
		memcpy(d->date, d->src->date, 11);
	if (!d->date[0] && d->src && d->src->source)
		source_month(d->src->source, d->date);
	d->scope = doc_scope(d, lead);
	doc_period(d);
}
