/* cchc-extract: every figure of a report, with its context, as CSV. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "extract.h"

static const char synopsis[] =
	"[-d DOC] [-M MANIFEST] [-p PROVINCE] [-w] [--no-header] [-r DIR] [-o FILE] [-D FILE]\n"
	"       [FILE...]";

static const char *const columns[] = {
	"doc", "line", "col", "raw", "number", "multiplier", "denominator",
	"unit_text", "qualifier_text", "ambiguous", "decimal_mark",
	"province_text", "province_kind", "province_level", "doc_province_text",
	"doc_scope", "period_text", "period_level", "doc_date", "sentence",
	"doc_title", "context",
};
/* -D: one row per document */
static const char *const doc_columns[] = {
	"doc", "doc_date", "doc_province_text", "doc_scope", "period_text", "figures",
};


static struct clean_opts copts;
static const char *stdin_doc = "-";
static const char *default_prov;    /* -p, as provinces.csv names it */
/* the most figures a document may give (CCHC_MAX_FIGS): about 200 bytes of
 * memory each, so a document of a million "1%" lines stays bounded */
static size_t max_figs = 1000000;
static int doc_capped;  /* the last document passed max_figs */
static struct manifest manifest;    /* -M */
static int have_manifest;

/* ---- one document ------------------------------------------------------ */


static int
has_digit(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= '0' && s[i] <= '9')
			return 1;
	return 0;
}

static size_t
chars(const char *s, size_t n)
{
	size_t i, c = 0;

	for (i = 0; i < n; i++)
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	return c;
}

/* Classify the shape of a number and count the document's evidence. */
enum shape { INT, DEC_COMMA, DEC_DOT, THOU_DOT, THOU_COMMA, AMB_DOT3, AMB_COMMA3, ODD };

static enum shape
shape(const char *s, size_t n)
{
	size_t i, dots = 0, commas = 0, last = 0, k;
	int ok3 = 1;
	size_t prev = (size_t)-1;

	for (i = 0; i < n; i++)
		if (s[i] == '.' || s[i] == ',') {
			if (prev != (size_t)-1 && i - prev - 1 != 3)
				ok3 = 0;
			prev = i;
			dots += s[i] == '.';
			commas += s[i] == ',';
			last = i;
		}
	if (!dots && !commas)
		return INT;
	k = n - last - 1;  /* digits after the last separator */
	if (dots && commas)
		return s[last] == ',' ? DEC_COMMA : DEC_DOT;
	if (dots + commas > 1)
		return ok3 && k == 3 ? (dots ? THOU_DOT : THOU_COMMA) : ODD;
	if (k == 3)
		return dots ? AMB_DOT3 : AMB_COMMA3;
	return dots ? DEC_DOT : DEC_COMMA;
}

static int
is_unit(const struct doc_ctx *d, const struct fig *f, const char *u)
{
	const char *s = d->text + d->lines[f->para].off;

	return f->uso != f->ueo && f->ueo - f->uso == strlen(u) && !memcmp(s + f->uso, u, f->ueo - f->uso);
}

/*
 * One separator sep followed by three digits: a decimal mark, or thousands?
 * Arguments: too_big, the unit's range rules thousands out (1.327%);
 *            counted, a count of things, which has no decimals;
 *            sep_dec, other_dec: the document's other numbers that use sep,
 *            or the other separator, as their decimal mark.
 * Unsettled, it follows Vietnamese usage (. thousands, , decimal) and is
 * flagged ambiguous.
 */
static void
three_after(struct fig *f, char sep, int too_big, int counted, int sep_dec, int other_dec)
{
	int dec;

	if (too_big)
		dec = 1;
	else if (counted)
		dec = 0;
	else if (sep_dec && !other_dec)
		dec = 1;
	else if (other_dec && !sep_dec)
		dec = 0;
	else
		dec = sep == ',', f->ambiguous = 1;
	f->mark = dec ? sep : 0;
}

/* Resolve a figure's decimal mark from its shape, the document and its unit. */
static void
resolve_mark(const struct doc_ctx *d, struct fig *f)
{
	const char *num = f->number;
	size_t n = strlen(num);
	enum shape sh = shape(num, n);
	int pct = is_unit(d, f, "%") || is_unit(d, f, "phần trăm");
	int pts = is_unit(d, f, "điểm");
	int counted = f->uso != f->ueo && !pct && !pts && f->mso == f->meo;
	double thou = atof(num) * 1000 + atof(strpbrk(num, ".,") ? strpbrk(num, ".,") + 1 : "0");

	f->ambiguous = 0;
	switch (sh) {
	case INT:
	case THOU_DOT:
	case THOU_COMMA:
		f->mark = 0;
		break;
	case DEC_COMMA:
		f->mark = ',';
		break;
	case DEC_DOT:
		f->mark = '.';
		break;
	case AMB_DOT3:      /* 1.327: Vietnamese thousands, or a decimal point */
		three_after(f, '.', (pct || pts) && thou > 100, counted, d->dot_dec, d->comma_dec);
		break;
	case AMB_COMMA3:    /* 1,488: Vietnamese decimal, or English thousands */
		three_after(f, ',', (pct || pts) && thou > 100, counted, d->comma_dec, d->dot_dec);
		break;
	case ODD:
		f->mark = 0;
		f->ambiguous = 1;
		break;
	}
}

/* a group's start and end in a match, 0 when it took no part */
#define G(g) (ov[2 * (g)] == PCRE2_UNSET ? 0 : ov[2 * (g)])
#define GE(g) (ov[2 * (g)] == PCRE2_UNSET ? 0 : ov[2 * (g) + 1])

/*
 * A candidate is a figure when it has a rank word, a unit or a multiplier,
 * or is a fraction a/b: with b over 12 (no day/month) and not a year, or
 * before a lower-case word.
 */
static int
accept(const char *s, size_t n, const struct fig *f)
{
	if (f->rank || f->uso != f->ueo || f->mso != f->meo)
		return 1;
	if (f->dso != f->deo) {
		size_t at = f->eo;
		int32_t c;
		long a = atol(s + f->nso), b = atol(s + f->dso);

		if (a >= 1 && a <= 31 && b >= 1 && b <= 12)
			return 0;  /* d/m */
		if (b >= 1900 && b <= 2100)
			return 0;  /* m/yyyy */
		if (b > 12)
			return 1;  /* a count out of a total: "(35/35)" */
		while (at < n && s[at] == ' ')
			at++;
		return at < n && utf8_decode(s + at, n - at, &c) > 0 &&
		       utf8proc_category(c) == UTF8PROC_CATEGORY_LL;
	}
	return 0;
}

/* Set f's group spans from a match of pattern p (ov). */
static void
take_groups(struct fig *f, const struct pat *p, PCRE2_SIZE *ov)
{
	if (p->g_num > 0) f->nso = G(p->g_num), f->neo = GE(p->g_num);
	if (p->g_den > 0) f->dso = G(p->g_den), f->deo = GE(p->g_den);
	if (p->g_mult > 0) f->mso = G(p->g_mult), f->meo = GE(p->g_mult);
	if (p->g_unit > 0) f->uso = G(p->g_unit), f->ueo = GE(p->g_unit);
	if (p->g_qual > 0) f->qso = G(p->g_qual), f->qeo = GE(p->g_qual);
}

/* the words before a number that a prefix rule may look at */
#define PREFIX_WINDOW 64

/* Where the words before s[at] that prefix and value rules see begin: up
 * to PREFIX_WINDOW bytes back, at the start of a word, not inside one. */
static size_t
window_start(const char *s, size_t at)
{
	size_t ws = at > PREFIX_WINDOW ? at - PREFIX_WINDOW : 0;

	if (ws > 0) {
		while (ws < at && s[ws] != ' ')
			ws++;
		if (ws < at)
			ws++;
	}
	return ws;
}

/*
 * Match the prefix rules against the words that end at f's start: a rank
 * word makes the figure a rank, qualifiers qualify it.
 */
static void
prefix(const char *s, struct fig *f)
{
	size_t ws = window_start(s, f->so), i;
	PCRE2_SIZE *ov;
	int rank = 0;

	for (i = 0; i < pats[K_PREFIX].n; i++) {
		const struct pat *p = &pats[K_PREFIX].v[i];
		size_t so;

		if (re_exec(p->re, s + ws, f->so - ws, 0, 0, &ov) <= 0)
			continue;
		so = ws + ov[0];
		if (p->g_unit > 0 && ov[2 * p->g_unit] != PCRE2_UNSET && !rank) {
			f->uso = ws + ov[2 * p->g_unit];
			f->ueo = ws + ov[2 * p->g_unit + 1];
			rank = 1;
		} else if (p->g_qual > 0 && ov[2 * p->g_qual] != PCRE2_UNSET && f->qso == f->qeo) {
			f->qso = ws + ov[2 * p->g_qual];
			f->qeo = ws + ov[2 * p->g_qual + 1];
		} else {
			continue;
		}
		if (so < f->so)
			f->so = so;
	}
	f->rank = rank;
}

/* Returns: 1 when f counts provinces, ministries or regions ("25/34 tỉnh",
 * "bảy bộ"): a groupunit rule matches its whole unit. */
static int
is_group(const char *s, const struct fig *f)
{
	PCRE2_SIZE *ov;

	return f->uso < f->ueo &&  /* a rank's unit is its rank word: never a group */
	       re_exec(pats[K_GROUPUNIT].v[0].re, s, f->ueo, f->uso, 0, &ov) > 0 && ov[1] == f->ueo;
}

/*
 * A number without unit, multiplier or denominator is a figure when a value
 * rule matches the words before it and it is a decimal with a decimal comma
 * ("47,88": one or two digits after it; three or four after a rule with a
 * group "score": "Kon Tum (40,3083)"): "đạt 47,88", "từ 40,14 lên 40,87";
 * or an integer of up to three digits after a
 * value rule with a unit group, which gives its unit: "từ vị trí 53 lên 46".
 */
static int
bare_value(const char *s, struct fig *f)
{
	size_t ws = window_start(s, f->nso), i = f->nso, k;
	PCRE2_SIZE *ov;
	int dec = 0, ndec = 0;

	while (i < f->neo && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i == f->nso || i - f->nso > 3)
		return 0;
	if (i < f->neo) {
		if (s[i] != ',' || f->neo - i - 1 < 1 || f->neo - i - 1 > 4)
			return 0;
		for (k = i + 1; k < f->neo; k++)
			if (s[k] < '0' || s[k] > '9')
				return 0;
		dec = 1;
		ndec = (int)(f->neo - i - 1);
	}
	for (k = 0; k < pats[K_VALUE].n; k++) {
		const struct pat *p = &pats[K_VALUE].v[k];

		if (!dec && p->g_unit <= 0)
			continue;
		/* three or four decimals ("1,234" may group thousands) only in
		 * a score list: rules with a group "score" */
		if (ndec > 2 && p->g_score <= 0)
			continue;
		if (re_exec(p->re, s, f->nso, ws, 0, &ov) <= 0)
			continue;
		if (p->g_unit > 0 && ov[2 * p->g_unit] != PCRE2_UNSET) {
			f->uso = ov[2 * p->g_unit];
			f->ueo = ov[2 * p->g_unit + 1];
			f->rank = 1;
		}
		return 1;
	}
	return 0;
}

static void
add_fig(struct doc_ctx *d, struct fig *f, const char *s)
{
	if (has_digit(s + f->nso, f->neo - f->nso)) {
		f->number = xstrndup(s + f->nso, f->neo - f->nso);
	} else {
		int v = numword_value(s + f->nso, f->neo - f->nso);
		char b[16];

		if (!v)
			return;
		snprintf(b, sizeof(b), "%d", v);
		f->number = xstrdup(b);
	}
	if (d->nfigs >= max_figs) {  /* memory stays bounded: see CCHC_MAX_FIGS */
		if (!d->too_many)
			d->too_many = f->line;
		free(f->number);
		free(f->cell);
		return;
	}
	f->group = is_group(s, f);
	if (d->nfigs == d->figcap) {
		d->figcap = d->figcap ? 2 * d->figcap : 64;
		d->figs = xrealloc(d->figs, d->figcap * sizeof(*d->figs));
	}
	d->figs[d->nfigs++] = *f;
}

/* the words between two items of a list may run this many bytes */
#define LIST_GAP 80

static int
same_unit(const char *s, const struct fig *a, const struct fig *b)
{
	return a->uso != a->ueo && a->ueo - a->uso == b->ueo - b->uso &&
	       !memcmp(s + a->uso, s + b->uso, a->ueo - a->uso);
}

/* Returns: 1 when s[0..n) ends a list item: a digit, ';', '.' or ':'. */
static int
list_break(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((s[i] >= '0' && s[i] <= '9') || s[i] == ';' || s[i] == '.' || s[i] == ':')
			return 1;
	return 0;
}

/*
 * Candidates of one paragraph, appended to d->figs in document order: at
 * each number, an exclusion skips it, else the first figure rule that
 * matches makes a candidate; then numbers written as words.
 */
/* a gap this short may hold "và thấp nhất là" */
#define SUPERLATIVE_GAP 32

/* Returns: 1 when g[0..n) reads " và (mức) WORD nhất (là|với) ". */
static int
superlative(const char *g, size_t n)
{
	static const char *const ends[] = { " nhất là ", " nhất với ", " nhất " };
	size_t k, e;

	if (n < strlen(" và ") || memcmp(g, " và ", strlen(" và ")))
		return 0;
	for (k = 0; k < LEN(ends); k++)
		if ((e = strlen(ends[k])) <= n - strlen(" và ") && !memcmp(g + n - e, ends[k], e))
			return memchr(g + strlen(" và "), ',', n - strlen(" và ")) == NULL;
	return 0;
}

/*
 * The figure that starts at s[at], a number's first digit, into f.
 * Returns: where to look next; f->so < f->eo when f is a figure to add.
 */
static size_t
number_at(const char *s, size_t n, size_t at, struct fig *f)
{
	PCRE2_SIZE *ov;
	size_t r;

	for (r = 0; r < pats[K_FIGURE].n; r++)
		if (re_exec(pats[K_FIGURE].v[r].re, s, n, at, 0, &ov) > 0 && ov[1] > at)
			break;
	if (r == pats[K_FIGURE].n) {
		while (at < n && ((s[at] >= '0' && s[at] <= '9') || s[at] == '.' || s[at] == ','))
			at++;
		return at;
	}
	f->rule = r;
	f->so = ov[0];
	f->eo = ov[1];
	take_groups(f, &pats[K_FIGURE].v[r], ov);
	prefix(s, f);
	if (f->nso == f->neo || (!accept(s, n, f) && !bare_value(s, f))) {
		at = f->nso < f->neo ? f->neo : f->eo;
		f->so = f->eo = 0;
		return at;
	}
	if ((r = excluded(s, n, at)) > 0) {
		f->so = f->eo = 0;
		return r > f->neo ? r : f->neo;
	}
	at = f->eo;
	/* a figure that ends in a space gives it back */
	while (f->eo > f->so && s[f->eo - 1] == ' ')
		f->eo--;
	return at;
}

/* The figures of line li that start with a digit. */
static void
scan_numbers(struct doc_ctx *d, size_t li, unsigned long lineno)
{
	const char *s = d->text + d->lines[li].off;
	size_t n = d->lines[li].len, at = 0;

	while (at < n) {
		struct fig f;

		if (s[at] < '0' || s[at] > '9') {
			at++;
			continue;
		}
		/* a number starts here: not after a digit, a separator, '/' or a letter */
		if (at > 0 && (strchr("0123456789.,/", s[at - 1]) ||
		               ((s[at - 1] | 0x20) >= 'a' && (s[at - 1] | 0x20) <= 'z'))) {
			at++;
			continue;
		}
		memset(&f, 0, sizeof(f));  /* here, not for every byte of the line */
		f.line = lineno;
		f.para = li;
		at = number_at(s, n, at, &f);
		if (f.so < f.eo)
			add_fig(d, &f, s);
	}
}

/* The figures of line li written in words ("thứ nhì"), where no figure
 * found from first on stands. */
static void
scan_words(struct doc_ctx *d, size_t li, unsigned long lineno, size_t first)
{
	const char *s = d->text + d->lines[li].off;
	size_t n = d->lines[li].len, i, at;
	PCRE2_SIZE *ov;

	for (i = 0; i < pats[K_WORDFIGURE].n; i++) {
		const struct pat *p = &pats[K_WORDFIGURE].v[i];

		if (!may_match(p, s, n))
			continue;
		for (at = 0; at < n && re_exec(p->re, s, n, at, 0, &ov) > 0; at = ov[1] > at ? ov[1] : at + 1) {
			struct fig f = { 0 };
			size_t k;

			f.line = lineno;
			f.para = li;
			f.rule = pats[K_FIGURE].n + i;
			f.so = ov[0];
			f.eo = ov[1];
			f.rank = 1;
			take_groups(&f, p, ov);
			for (k = first; k < d->nfigs; k++)
				if (d->figs[k].so < f.eo && f.so < d->figs[k].eo)
					break;
			if (k == d->nfigs && f.nso != f.neo)
				add_fig(d, &f, s);
		}
	}
}

/* A change verb governs a list ("giảm 203 TTHC và 2.458 quy định") and a
 * change's range ("mức tăng cao nhất là 9,39% và thấp nhất là 0,03%"):
 * the figures from first on of the line s inherit its verb. */
static void
inherit_changes(struct doc_ctx *d, const char *s, size_t first)
{
	static const char *const connectors[] = { ", ", " và ", ", và " };
	size_t i, gap, k;

	for (i = first + 1; i < d->nfigs; i++) {
		struct fig *f = &d->figs[i], *p = &d->figs[i - 1];
		const char *q = s + p->qso;

		if (f->qso != f->qeo || p->qso == p->qeo || f->rank || p->rank)
			continue;
		if (strncmp(q, "tăng", strlen("tăng")) && strncmp(q, "giảm", strlen("giảm")))
			continue;
		gap = f->so - p->eo;
		for (k = 0; k < LEN(connectors); k++) {
			size_t c = strlen(connectors[k]);

			/* "giảm 203 TTHC và 2.458 quy định", or with the words of
			 * the first item between when both count the same thing:
			 * "giảm 203 chỉ tiêu biên chế hành chính và 2.458 chỉ tiêu" */
			if (gap < c || memcmp(s + f->so - c, connectors[k], c))
				continue;
			if (gap == c || (gap <= LIST_GAP && same_unit(s, p, f) &&
			                 !list_break(s + p->eo, gap - c)))
				f->qual_inherited = !strncmp(q, "tăng", strlen("tăng")) ? "tăng" : "giảm";
		}
		if (!f->qual_inherited && gap <= SUPERLATIVE_GAP && same_unit(s, p, f) &&
		    superlative(s + p->eo, gap))
			f->qual_inherited = !strncmp(q, "tăng", strlen("tăng")) ? "tăng" : "giảm";
	}
}

/* The figures of line li (lineno in the text), in order. */
static void
scan_line(struct doc_ctx *d, size_t li, unsigned long lineno)
{
	size_t i, first = d->nfigs;

	scan_numbers(d, li, lineno);
	scan_words(d, li, lineno, first);
	/* document order (word figures were appended last) */
	for (i = first + 1; i < d->nfigs; i++) {
		struct fig t = d->figs[i];
		size_t j = i;

		while (j > first && d->figs[j - 1].so > t.so) {
			d->figs[j] = d->figs[j - 1];
			j--;
		}
		d->figs[j] = t;
	}
	inherit_changes(d, d->text + d->lines[li].off, first);
}

/* ---- tables flattened to one cell a line ------------------------------------ */

/* a table's header starts with its row-number column */
static int
is_stt(const char *s, size_t n)
{
	static const char *const w[] = { "Stt", "STT", "TT", "Số TT", "Số thứ tự" };

	return word_in(s, n, w, LEN(w));
}

/* Returns: 1 for a cell that is a value: "17", "1.250", "71%", "4,5 %". */
static int
is_value_cell(const char *s, size_t n)
{
	size_t i = 0;

	while (n && s[n - 1] == ' ')
		n--;
	if (n && s[n - 1] == '%')
		n--;
	while (n && s[n - 1] == ' ')
		n--;
	if (!n || s[0] < '0' || s[0] > '9' || n > 15)
		return 0;
	for (i = 0; i < n; i++)
		if ((s[i] < '0' || s[i] > '9') && s[i] != '.' && s[i] != ',')
			return 0;
	return 1;
}

/* Returns: 1 for a small row number: "1" to "999". */
static int
is_row_number(const char *s, size_t n)
{
	size_t i;

	if (!n || n > 3)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* a header cell or a row's label: a short line without digits */
#define CELL_MAX 120

static int
is_label_cell(const char *s, size_t n)
{
	return n > 0 && n <= CELL_MAX && !has_digit(s, n);
}

/*
 * Tables written one cell a line ("Stt", "Cấp hành chính", "Tốt", ...,
 * then "1", "Sở, ban, ngành", "0", "10", ...; a row may have no number:
 * "TỔNG", "Tỷ lệ"): each value cell becomes a figure whose context is its
 * row's label and its column's header; a bare "0" in a row of percentages
 * is a percentage.  The lines of cells are marked in cell[] so that the
 * line scan passes them over.
 */
static void
scan_tables(struct doc_ctx *d, unsigned char *cell)
{
	size_t li = 0, *c = NULL, nc = 0, cap = 0, k;

	/* the non-empty lines, as indices */
	for (li = 0; li < d->nlines; li++) {
		const char *s = d->text + d->lines[li].off;
		size_t n = d->lines[li].len;

		while (n && s[n - 1] == ' ')
			n--;
		if (n) {
			if (nc == cap) {
				cap = cap ? 2 * cap : 64;
				c = xrealloc(c, cap * sizeof(*c));
			}
			c[nc++] = li;
		}
	}
#define CS(j) (d->text + d->lines[c[j]].off)
#define CN(j) (d->lines[c[j]].len)
	for (k = 0; k < nc; k++) {
		size_t h = k, ncols, r, j;

		if (!is_stt(CS(k), CN(k)))
			continue;
		while (h + 1 < nc && is_label_cell(CS(h + 1), CN(h + 1)))
			h++;
		ncols = h - k + 1;
		if (ncols < 3)
			continue;
		/* rows: [number] label value... */
		for (r = h + 1; r < nc; ) {
			size_t lab = r, v, nv = 0, first;
			int pct = 0;

			if (is_row_number(CS(r), CN(r)) && r + 1 < nc && is_label_cell(CS(r + 1), CN(r + 1)))
				lab = r + 1;
			else if (!is_label_cell(CS(r), CN(r)))
				break;
			first = lab + 1;
			for (v = first; v < nc && nv < ncols - 2 && is_value_cell(CS(v), CN(v)); v++, nv++)
				pct |= memchr(CS(v), '%', CN(v)) != NULL;
			if (nv == 0)
				break;
			for (j = 0; j < nv; j++) {
				const char *s = CS(first + j);
				size_t n = CN(first + j), e = n;
				struct fig f;
				struct buf b = { 0 };

				while (e && (s[e - 1] == ' ' || s[e - 1] == '%'))
					e--;
				memset(&f, 0, sizeof(f));
				f.line = (unsigned long)c[first + j] + 1;
				f.para = c[first + j];
				f.so = 0;
				f.eo = n;
				while (f.eo && s[f.eo - 1] == ' ')
					f.eo--;
				f.nso = 0;
				f.neo = e;
				if (pct && memchr(s, '%', n)) {
					f.uso = (size_t)((const char *)memchr(s, '%', n) - s);
					f.ueo = f.uso + 1;
				}
				buf_add(&b, CS(lab), CN(lab));
				buf_adds(&b, ": ");
				buf_add(&b, CS(k + 2 + j), CN(k + 2 + j));  /* after Stt and label */
				if (pct && !f.ueo)
					buf_adds(&b, " (%)");
				f.cell = b.p;
				add_fig(d, &f, s);
				cell[c[first + j]] = 1;
			}
			for (j = r; j < first; j++)
				cell[c[j]] = 1;
			r = first + nv;
		}
		for (j = k; j <= h; j++)
			cell[c[j]] = 1;
	}
#undef CS
#undef CN
	free(c);
}

static void
put_span(struct csvw *w, const char *s, size_t so, size_t eo)
{
	csvw_field(w, s + so, eo > so ? eo - so : 0);
}

/* a longer sentence is cut to this many bytes around its figure; a sentence
 * of k figures gives each at most 16/k of its length (never under
 * SENTENCE_MIN), so the sentence column of a document's mentions stays
 * within 16 times the document plus SENTENCE_MIN a figure */
#define SENTENCE_MAX 1000
#define SENTENCE_MIN 64

/* The bytes a row may carry of a sentence of len bytes and k figures:
 * 16/k of it, between SENTENCE_MIN and cap. */
static size_t
window(size_t len, size_t k, size_t cap)
{
	size_t max = 16 * len / (k ? k : 1);

	return max > cap ? cap : max < SENTENCE_MIN ? SENTENCE_MIN : max;
}

/* The sentence [so, eo) of a figure [fso, feo), one of k in it, cut at words
 * when too long. */
static void
put_sentence(struct csvw *w, const char *s, size_t so, size_t eo, size_t fso, size_t feo,
             size_t k)
{
	size_t max = window(eo - so, k, SENTENCE_MAX), half = max / 2;
	if (eo - so > max) {
		size_t a = fso > so + half ? fso - half : so;
		size_t b = feo + half < eo ? feo + half : eo;

		while (a > so && a < fso && s[a - 1] != ' ')
			a++;
		while (b < eo && b > feo && s[b] != ' ')
			b--;
		so = a;
		eo = b;
	}
	put_span(w, s, so, eo);
}

/* the paragraph before a figure's sentence that a mention carries (what the
 * paragraph is about: "Tại hội nghị đã công bố Chỉ số CCHC năm 2023. Cụ
 * thể, Sở Tài chính ... 94,87 điểm"), this many bytes at most, less in a
 * sentence of many figures as the sentence itself */
#define CONTEXT_MAX 200

/* The words of the paragraph s before its byte so, up to CONTEXT_MAX bytes
 * (or as the window of a sentence of len bytes and k figures), cut at a
 * word. */
static void
put_context(struct csvw *w, const char *s, size_t so, size_t k, size_t len)
{
	size_t max = window(len, k, CONTEXT_MAX), a;

	a = so > max ? so - max : 0;
	if (a > 0) {  /* from the next word */
		while (a < so && s[a - 1] != ' ')
			a++;
	}
	while (so > a && s[so - 1] == ' ')
		so--;
	put_span(w, s, a, so);
}

static int
by_place(const void *a, const void *b)
{
	const struct fig *x = a, *y = b;

	if (x->para != y->para)
		return x->para < y->para ? -1 : 1;
	return x->so < y->so ? -1 : x->so > y->so;
}

/* a rank's place may follow it: "xếp ở vị trí thứ hai là TP.Hải Phòng" */
#define NAMED_AFTER 12

/*
 * The province a rank ending at eo is followed by, with at most "là" or a
 * colon between ("thứ nhì là Bình Dương"): its index in ment, or -1.
 */
static long
named_after(const char *s, size_t eo, const struct spans *m)
{
	size_t i, k;

	for (i = 0; i < m->n; i++) {
		if (m->v[i].kind != K_PROVINCE || m->v[i].so < eo || m->v[i].so > eo + NAMED_AFTER)
			continue;
		for (k = eo; k < m->v[i].so && (s[k] == ' ' || s[k] == ':'); k++)
			;
		if (!strncmp(s + k, "l\xc3\xa0 ", 4))  /* "là " */
			k += 4;
		while (k < m->v[i].so && s[k] == ' ')
			k++;
		if (k == m->v[i].so)
			return (long)i;
	}
	return -1;
}

/* The lines of d->text (len bytes), into d->lines. */
static void
split_lines(struct doc_ctx *d, size_t len)
{
	size_t at = 0, cap = 0;

	while (at < len) {
		const char *nl = memchr(d->text + at, '\n', len - at);
		size_t n = nl ? (size_t)(nl - (d->text + at)) : len - at;

		if (d->nlines == cap) {
			cap = cap ? 2 * cap : 256;
			d->lines = xrealloc(d->lines, cap * sizeof(*d->lines));
		}
		d->lines[d->nlines].off = at;
		d->lines[d->nlines++].len = n;
		at += n + 1;
	}
}

/* Every figure of d: the tables' cells, then the other lines, in document
 * order.  Returns: the first line where a match stopped at a PCRE2 limit
 * (hits: re_limit_hits before), or 0. */
static unsigned long
find_figures(struct doc_ctx *d, unsigned long hits)
{
	unsigned char *cell = xcalloc(d->nlines + 1, 1);
	unsigned long limit_line = 0;
	size_t i;

	scan_tables(d, cell);
	for (i = 0; i < d->nlines && !d->too_many; i++) {
		if (cell[i])
			continue;
		scan_line(d, i, (unsigned long)i + 1);
		if (!limit_line && re_limit_hits != hits)
			limit_line = (unsigned long)i + 1;
	}
	free(cell);
	/* the table's figures were found first: document order */
	if (d->nfigs > 1)
		qsort(d->figs, d->nfigs, sizeof(*d->figs), by_place);
	return limit_line;
}

/* what the figures of one paragraph share, found once for it */
struct para {
	size_t para;                /* the line's index, or -1 */
	const char *s;              /* its text */
	size_t n;
	struct spans ment, per, sent, semi, bases;
	size_t si;                  /* the sentence of the last figure */
	size_t colbyte, colchar;    /* the last figure's column, bytes and chars */
	size_t kso, kfigs;          /* a sentence's start, and its figures from here */
};

/* Enter the paragraph of figure i: its sentences, semicolons, place
 * markers and periods, each scan stopping where the sentence of its last
 * figure ends. */
static void
enter_para(const struct doc_ctx *d, struct para *p, size_t i)
{
	size_t k, upto, last = i;

	p->para = d->figs[i].para;
	p->s = d->text + d->lines[p->para].off;
	p->n = d->lines[p->para].len;
	sentences(p->s, p->n, &p->sent);
	while (last + 1 < d->nfigs && d->figs[last + 1].para == p->para)
		last++;
	for (k = 0; k + 1 < p->sent.n && p->sent.v[k].eo <= d->figs[last].so; k++)
		;
	upto = p->sent.v[k].eo;
	p->semi.n = 0;
	for (k = 0; k < p->n; k++)
		if (p->s[k] == ';')
			spans_add(&p->semi, k, k + 1, 0);
	p->si = p->colbyte = p->colchar = 0;
	p->kso = (size_t)-1;
	p->ment.n = 0;
	mentions(p->s, p->n, upto, !strcmp(d->scope, "national"), &p->ment);
	/* a count of provinces places what follows it in the nation: "cả 63
	 * tỉnh đều đạt trên 80%" */
	for (k = i; k < d->nfigs && d->figs[k].para == p->para; k++)
		if (d->figs[k].group) {
			spans_add(&p->ment, d->figs[k].so, d->figs[k].eo, K_NATIONAL);
			p->ment.v[p->ment.n - 1].weak = 1;
		}
	if (p->ment.n > 1)
		qsort(p->ment.v, p->ment.n, sizeof(*p->ment.v), by_start);
	/* "hiện có" is the year of a dated report only */
	periods(p->s, p->n, upto, d->date[0] ? PER_STOCK : 0, &p->per, &p->bases);
}

/* where a figure stands: its sentence [sso, seo) and clause [cso, ceo) */
struct where {
	size_t sso, seo, cso, ceo;
};

/* The sentence and clause (between the semicolons around it) of figure i,
 * and (p->kfigs) how many figures its sentence holds from here. */
static void
where_of(const struct doc_ctx *d, struct para *p, size_t i, struct where *w)
{
	const struct fig *f = &d->figs[i];
	size_t lo = 0, hi = p->semi.n;

	while (p->si + 1 < p->sent.n && p->sent.v[p->si].eo <= f->so)
		p->si++;
	w->sso = p->sent.v[p->si].so;
	w->seo = p->sent.v[p->si].eo;
	if (w->sso != p->kso) {  /* the figures of this sentence, once */
		p->kso = w->sso;
		for (p->kfigs = 0; i + p->kfigs < d->nfigs && d->figs[i + p->kfigs].para == p->para &&
		                   d->figs[i + p->kfigs].so < w->seo; p->kfigs++)
			;
	}
	while (lo < hi) {  /* the first ';' at or after the figure's end */
		size_t mid = (lo + hi) / 2;

		if (p->semi.v[mid].so < f->eo)
			lo = mid + 1;
		else
			hi = mid;
	}
	w->cso = lo > 0 && p->semi.v[lo - 1].so + 1 > w->sso && p->semi.v[lo - 1].so < f->so ?
	         p->semi.v[lo - 1].so + 1 : w->sso;
	w->ceo = lo < p->semi.n && p->semi.v[lo].so < w->seo ? p->semi.v[lo].so : w->seo;
}

/* The figure's own columns: raw, number, multiplier, denominator, unit,
 * qualifier, ambiguous, decimal mark. */
static void
put_number(struct csvw *w, const char *s, const struct fig *f)
{
	char mark[2] = { f->mark, '\0' };

	put_span(w, s, f->so, f->eo);
	csvw_str(w, f->number);
	put_span(w, s, f->mso, f->meo);
	put_span(w, s, f->dso, f->deo);
	put_span(w, s, f->uso, f->ueo);
	if (f->qso != f->qeo) {
		size_t qe = f->qeo;

		while (qe > f->qso && s[qe - 1] == ' ')
			qe--;
		put_span(w, s, f->qso, qe);
	} else {
		csvw_str(w, f->qual_inherited);
	}
	csvw_long(w, f->ambiguous);
	csvw_str(w, mark);
}

/* The place that governs the figure: province_text, province_kind,
 * province_level. */
static void
put_place(struct csvw *w, const struct para *p, const struct fig *f, const struct where *wh)
{
	int level = -1;
	long m;

	if (!f->rank || (m = named_after(p->s, f->eo, &p->ment)) < 0)
		m = govern(&p->ment, prov_order, LEN(prov_order), f->so, f->eo, wh->cso, wh->ceo,
		           wh->sso, wh->seo, &level);
	else
		level = 0;  /* the clause */
	if (f->group) {
		put_span(w, p->s, f->uso, f->ueo);
		csvw_str(w, "national");
		csvw_str(w, level_name(0));
	} else if (m >= 0) {
		const struct span *x = &p->ment.v[m];

		put_span(w, p->s, x->so, x->eo);
		csvw_str(w, x->kind == K_PROVINCE ? "province" : x->kind == K_LOCAL ? "local" :
		             x->kind == K_REGION ? "region" : "national");  /* or aggregate */
		csvw_str(w, level_name(level));
	} else {
		csvw_str(w, "");
		csvw_str(w, "");
		csvw_str(w, "");
	}
}

/* The period that governs the figure: period_text, period_level. */
static void
put_period(struct csvw *w, const struct doc_ctx *d, const struct para *p, const struct fig *f,
           const struct where *wh)
{
	int level = -1;
	size_t bso, beo;
	long m = govern(&p->per, period_order, LEN(period_order), f->so, f->eo, wh->cso, wh->ceo,
	                wh->sso, wh->seo, &level);

	if (f->qso == f->qeo && base_year(p->s, f->so, &p->bases, &bso, &beo)) {
		put_span(w, p->s, bso, beo);
		csvw_str(w, level_name(0));
	} else if (m >= 0) {
		put_span(w, p->s, p->per.v[m].so, p->per.v[m].eo);
		csvw_str(w, level_name(level));
	} else {
		csvw_str(w, d->period);
		csvw_str(w, d->period ? "document" : "");
	}
}

/* One mentions row: figure i of document name. */
static void
put_figure(struct csvw *w, const char *name, const struct doc_ctx *d, struct para *p, size_t i)
{
	const struct fig *f = &d->figs[i];
	struct where wh;

	where_of(d, p, i, &wh);
	csvw_str(w, name);
	csvw_long(w, (long)f->line);
	p->colchar += chars(p->s + p->colbyte, f->so - p->colbyte);  /* figures come in order */
	p->colbyte = f->so;
	csvw_long(w, (long)p->colchar);
	put_number(w, p->s, f);
	put_place(w, p, f, &wh);
	csvw_str(w, d->prov);
	csvw_str(w, d->scope);
	put_period(w, d, p, f, &wh);
	csvw_str(w, d->date);
	if (f->cell)
		csvw_str(w, f->cell);
	else
		put_sentence(w, p->s, wh.sso, wh.seo, f->so, f->eo, p->kfigs);
	put_span(w, d->text, d->title_off, d->title_off + d->title_len);
	put_context(w, p->s, f->cell ? 0 : wh.sso, p->kfigs, wh.seo - wh.sso);
	csvw_end(w);
}

/* -D: the document's row. */
static void
put_docrow(struct csvw *dw, const char *name, const struct doc_ctx *d)
{
	csvw_str(dw, name);
	csvw_str(dw, d->date);
	csvw_str(dw, d->prov);
	csvw_str(dw, d->scope);
	csvw_str(dw, d->period);
	csvw_long(dw, (long)d->nfigs);
	csvw_end(dw);
}

static void
doc_ctx_free(struct doc_ctx *d, struct para *p)
{
	size_t i;

	for (i = 0; i < d->nfigs; i++) {
		free(d->figs[i].number);
		free(d->figs[i].cell);
	}
	free(d->figs);
	free(d->lines);
	free(d->prov);
	free(d->period);
	free(p->ment.v);
	free(p->per.v);
	free(p->sent.v);
	free(p->semi.v);
	free(p->bases.v);
}

/*
 * Extract one document's figures and write them with w (and its row with
 * dw, when not NULL).
 * Returns: 0, or the line where a match first stopped at a PCRE2 limit
 *          (figures there may be missing; re_limit_hits counts them).
 */
static unsigned long
extract_doc(const char *name, const char *text, size_t len, const struct docsrc *src,
            struct csvw *w, struct csvw *dw)
{
	struct doc_ctx d;
	struct para p = { .para = (size_t)-1 };
	unsigned long hits = re_limit_hits, limit_line;
	size_t i;

	memset(&d, 0, sizeof(d));
	d.text = text;
	d.src = src;
	d.default_prov = default_prov;
	split_lines(&d, len);
	limit_line = find_figures(&d, hits);
	if (d.nfigs || dw) {
		doc_context(&d);
		for (i = 0; i < d.nfigs; i++) {
			enum shape sh = shape(d.figs[i].number, strlen(d.figs[i].number));

			d.comma_dec += sh == DEC_COMMA || sh == THOU_DOT;
			d.dot_dec += sh == DEC_DOT || sh == THOU_COMMA;
		}
		for (i = 0; i < d.nfigs; i++) {
			resolve_mark(&d, &d.figs[i]);
			if (p.para != d.figs[i].para)
				enter_para(&d, &p, i);
			put_figure(w, name, &d, &p, i);
		}
		if (dw)
			put_docrow(dw, name, &d);
	}
	doc_ctx_free(&d, &p);
	if (!limit_line && re_limit_hits != hits)
		limit_line = 1;  /* in the context rules: somewhere in the document */
	if (d.too_many) {
		weprintf_at(name, d.too_many, "more than %zu figures (CCHC_MAX_FIGS): the rest "
		            "of the document is not extracted", max_figs);
		doc_capped = 1;
	}
	return limit_line;
}

struct sink {
	struct output *out, *docs;  /* docs: -D, or NULL */
	struct csvw w, dw;
	unsigned long written;      /* documents extracted */
	long long bytes;            /* their clean text */
};

/* Extract one cleaned document onto the output.  See docs_clean. */
static int
put_doc(const char *name, const struct buf *text, int stream, const struct page *page, void *arg)
{
	struct sink *k = arg;
	unsigned long hits = re_limit_hits, line;
	const struct docsrc *src = have_manifest ? manifest_find(&manifest, name) : NULL;
	/* a web page's own metadata stands for a manifest row it lacks */
	struct docsrc from_page = { NULL, page->source ? page->source : page->site,
	                            page->date, NULL, 0, 0 };

	(void)stream;
	doc_capped = 0;
	if (!src && (from_page.source || from_page.date))
		src = &from_page;
	line = extract_doc(name, text->p, text->len, src, &k->w, k->docs ? &k->dw : NULL);
	k->written++;
	k->bytes += (long long)text->len;
	progress("read", k->written, "documents", k->bytes, 0);
	if (out_error(k->out) || (k->docs && out_error(k->docs)))
		return -1;
	if (line) {
		weprintf_at(name, line, "a rule stopped at the PCRE2 match limit (%lu in this "
		            "document): figures may be missing", re_limit_hits - hits);
		return 1;
	}
	return doc_capped;
}

static _Noreturn void
help(void)
{
	printf("usage: %s %s\n"
	       "Find every figure of reform reports (raw or cleaned text, plain or gzip,\n"
	       "one document a file or a \"=== NAME\" stream) and write one CSV row each.\n\n"
	       "  -d, --doc NAME       the document name for standard input (default -)\n"
	       "  -M, --manifest FILE  CSV with a doc column and any of source (address or\n"
	       "                       outlet), date (YYYY-MM-DD), province: what a\n"
	       "                       scraper knew of each report, used where the text\n"
	       "                       does not say\n"
	       "  -p, --province NAME  the province of reports that do not name theirs\n"
	       "  -r, --rules DIR      data files (default: CCHC_DATA, ../share/cchc)\n"
	       "  -o, --output FILE    write to FILE, replaced only when complete\n"
	       "  -D, --docs FILE      also write one row per document to FILE (the same\n"
	       "                       way): doc,doc_date,doc_province_text,doc_scope,\n"
	       "                       period_text,figures\n"
	       "  -w, --whole          each FILE is one document, even one that starts\n"
	       "                       like a \"=== NAME\" stream or a tar archive\n"
	       "      --no-header      no header row: the output of parts of one input\n"
	       "                       (GNU parallel --pipe) concatenates\n"
	       "      --version        the version of cchc\n"
	       "  -h, --help           this help\n\n"
	       "Columns: doc,line,col,raw,number,multiplier,denominator,unit_text,\n"
	       "qualifier_text,ambiguous,decimal_mark,province_text,province_kind,\n"
	       "province_level,doc_province_text,doc_scope,period_text,period_level,\n"
	       "doc_date,sentence,doc_title,context.  Exit status: 0 on success, 1 if\n"
	       "any input or the output failed, a rule stopped at a PCRE2 limit (figures\n"
	       "may be missing), or a document gave more than CCHC_MAX_FIGS figures\n"
	       "(default 1000000).\n",
	       argv0, synopsis);
	exit(0);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		{ "doc", required_argument, NULL, 'd' },
		{ "docs", required_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ "manifest", required_argument, NULL, 'M' },
		{ "output", required_argument, NULL, 'o' },
		{ "province", required_argument, NULL, 'p' },
		{ "rules", required_argument, NULL, 'r' },
		{ "whole", no_argument, NULL, 'w' },
		{ "no-header", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	struct output out, docs;
	struct sink sink;
	const char *outfile = NULL, *docsfile = NULL, *mfile = NULL, *prov = NULL;
	int c, i, ret = 0, header = 1;

	cchc_init(argv[0]);
	while ((c = getopt_long(argc, argv, "D:d:hM:o:p:r:w", longopts, NULL)) != -1) {
		switch (c) {
		case 'H':
			header = 0;
			break;
		case 'M':
			mfile = optarg;
			break;
		case 'p':
			prov = optarg;
			break;
		case 'w':
			docs_whole = 1;
			break;
		case 'D':
			docsfile = optarg;
			break;
		case 'd':
			stdin_doc = optarg;
			break;
		case 'h':
			help();
		case 'V':
			print_version();
		case 'o':
			outfile = optarg;
			break;
		case 'r':
			data_dir_set(optarg);
			break;
		default:
			usage_line(synopsis);
		}
	}
	argc -= optind;
	argv += optind;
	if (docsfile && out_is_stdout(docsfile) && out_is_stdout(outfile)) {
		weprintf("-D %s writes to standard output: give the figures -o FILE", docsfile);
		usage_line(synopsis);
	}
	max_figs = env_size("CCHC_MAX_FIGS", max_figs);
	if (clean_init() < 0 || rulebook_load() < 0 || gaz_outlets_load() < 0)
		return 1;
	if (prov && !(default_prov = province_of(prov, strlen(prov)))) {
		weprintf("-p %s: no such province in provinces.csv", prov);
		usage_line(synopsis);
	}
	if (mfile) {
		if (manifest_read(&manifest, mfile, province_of) < 0)
			return 1;
		have_manifest = 1;
	}
	if (out_open(&out, outfile) < 0)
		return 1;
	if (docsfile && out_open(&docs, docsfile) < 0) {
		out_close(&out, 0);
		return 1;
	}
	sink.out = &out;
	sink.docs = docsfile ? &docs : NULL;
	sink.written = 0;
	sink.bytes = 0;
	progress_init(1);
	csvw_init(&sink.w, out.fp);
	if (header)
		csvw_header(&sink.w, columns, LEN(columns));
	if (sink.docs) {
		csvw_init(&sink.dw, docs.fp);
		if (header)
			csvw_header(&sink.dw, doc_columns, LEN(doc_columns));
	}
	if (argc == 0)
		ret |= docs_clean("-", stdin_doc, &copts, put_doc, &sink);
	for (i = 0; i < argc && !out_error(&out) && !(sink.docs && out_error(&docs)); i++)
		ret |= docs_clean(argv[i], stdin_doc, &copts, put_doc, &sink);
	progress("read", sink.written, "documents", sink.bytes, 1);
	/* -o, -D: the documents that could be read, even when others could
	 * not; when none could, existing files are left as they were */
	if (out_close(&out, !ret || sink.written > 0) < 0)
		ret = 1;
	if (sink.docs) {
		if (out_close(&docs, !ret || sink.written > 0) < 0)
			ret = 1;
		csvw_free(&sink.dw);
	}
	if (have_manifest)
		manifest_free(&manifest, 1);
	gaz_free();
	clean_free();
	csvw_free(&sink.w);
	return ret;
}
