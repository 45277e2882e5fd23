/* cchc-normalize: mentions (cchc-extract's CSV) to one canonical record per figure. */
#define _GNU_SOURCE  /* strcasestr */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util.h"
#include "metric.h"

static const char synopsis[] = "[-v] [--no-header] [-r DIR] [-o FILE] [FILE...]";
static int verbose;  /* -v: the counts of what could not be resolved */

static const char *const out_cols[] = {
	"doc", "line", "province", "province_code", "province_2025",
	"province_2025_code", "period", "period_start", "period_end", "year",
	"metric", "subject", "value", "denominator", "unit", "qualifier",
	"ambiguous", "raw", "kind", "owner", "component", "block", "doc_date", "own_report",
};

/* the mentions columns this filter reads */
enum {
	C_DOC, C_LINE, C_RAW, C_NUMBER, C_MULT, C_DEN, C_UNIT, C_QUAL, C_AMB,
	C_MARK, C_PROV, C_PKIND, C_DOCPROV, C_SCOPE, C_PERIOD, C_DATE, C_SENT, NCOL
};
static const char *const in_cols[NCOL] = {
	"doc", "line", "raw", "number", "multiplier", "denominator", "unit_text",
	"qualifier_text", "ambiguous", "decimal_mark", "province_text",
	"province_kind", "doc_province_text", "doc_scope", "period_text",
	"doc_date", "sentence",
};

/* ---- reference data ------------------------------------------------------ */

struct prov {
	char *code, *name, *code25, *name25;
	char from[11], to[11];   /* ISO dates; to is empty while in force */
};
struct key {
	char *key;               /* folded name or variant */
	size_t prov;
};
static struct prov *provs;
static size_t nprovs;
static struct key *keys;
static size_t nkeys;

struct pair {
	char *a, *b;             /* a word and what it maps to */
	int n;
};
struct table {
	struct pair *v;
	size_t n;
};
static struct table units, quals, mults;
static struct table cities;  /* cities.csv: folded city name -> province */

static struct rules periods;
static struct rules statements;  /* statements.rules: kind and owner */

/* what could not be resolved, reported at the end */
static unsigned long no_unit, no_province, no_period, nrecords;

static int
key_cmp(const void *a, const void *b)
{
	return strcmp(((const struct key *)a)->key, ((const struct key *)b)->key);
}

static void
add_key(const char *s, size_t n, size_t prov)
{
	char *k = utf8_fold(s, n);

	if (!*k) {
		free(k);
		return;
	}
	keys = xrealloc(keys, (nkeys + 1) * sizeof(*keys));
	keys[nkeys].key = k;
	keys[nkeys++].prov = prov;
}

static int
province_row(struct csvr *r, void *arg)
{
	static const char *const need[] = {
		"code", "name", "valid_from", "valid_to", "code_2025", "name_2025", "variants",
	};
	static int col[LEN(need)];
	struct prov *p;
	const char *v, *bar;
	size_t i;

	(void)arg;
	if (r->row == 1) {
		for (i = 0; i < LEN(need); i++)
			if ((col[i] = csvr_col(r, need[i])) < 0) {
				weprintf_at(r->path, r->line, "missing column %s", need[i]);
				return -1;
			}
		return 0;
	}
	provs = xrealloc(provs, (nprovs + 1) * sizeof(*provs));
	p = &provs[nprovs];
	p->code = xstrdup(r->field[col[0]]);
	p->name = xstrdup(r->field[col[1]]);
	snprintf(p->from, sizeof(p->from), "%s", r->field[col[2]]);
	snprintf(p->to, sizeof(p->to), "%s", r->field[col[3]]);
	p->code25 = xstrdup(r->field[col[4]]);
	p->name25 = xstrdup(r->field[col[5]]);
	add_key(p->name, strlen(p->name), nprovs);
	for (v = r->field[col[6]]; *v; v = *bar ? bar + 1 : bar) {
		if (!(bar = strchr(v, '|')))
			bar = v + strlen(v);
		add_key(v, (size_t)(bar - v), nprovs);
	}
	nprovs++;
	return 0;
}

/* A two-column table: the first column, the second, an optional number. */
static int
pair_row(struct csvr *r, void *arg)
{
	struct table *t = arg;

	if (r->row == 1) {
		if (r->nfield < 2) {
			weprintf_at(r->path, r->line, "needs two columns");
			return -1;
		}
		return 0;
	}
	t->v = xrealloc(t->v, (t->n + 1) * sizeof(*t->v));
	t->v[t->n].a = xstrdup(r->field[0]);
	t->v[t->n].b = xstrdup(r->field[1]);
	t->v[t->n++].n = r->nfield > 2 ? atoi(r->field[2]) : 0;
	return 0;
}

static int
pair_cmp(const void *a, const void *b)
{
	return strcmp(((const struct pair *)a)->a, ((const struct pair *)b)->a);
}

/* Returns: the pair whose first column is s, or NULL (t sorted by pair_cmp). */
static const struct pair *
lookup(const struct table *t, const char *s)
{
	struct pair k = { (char *)s, NULL, 0 };

	return t->n ? bsearch(&k, t->v, t->n, sizeof(*t->v), pair_cmp) : NULL;
}

/* lookup of s in lower case ("Xếp thứ" as "xếp thứ") */
static const struct pair *
lookup_lower(const struct table *t, const char *s)
{
	utf8proc_uint8_t *l = NULL;
	const struct pair *p = NULL;

	if (*s && utf8proc_map((const utf8proc_uint8_t *)s, 0, &l,
	                       UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE |
	                       UTF8PROC_CASEFOLD) >= 0)
		p = lookup(t, (const char *)l);
	free(l);
	return p;
}

static int
load_table(const char *name, int (*fn)(struct csvr *, void *), void *arg)
{
	char *path = data_path(name);
	int ret = csvr_read(path, fn, arg);

	free(path);
	return ret;
}

/* Load the reference data.  Returns: 0, or -1 after messages. */
static int
load_data(void)
{
	size_t i;
	int ret = 0;

	if (load_table("provinces.csv", province_row, NULL) < 0 ||
	    load_table("units.csv", pair_row, &units) < 0 ||
	    load_table("qualifiers.csv", pair_row, &quals) < 0 ||
	    load_table("multipliers.csv", pair_row, &mults) < 0 ||
	    metric_load() < 0 ||
	    load_table("cities.csv", pair_row, &cities) < 0)
		return -1;
	for (i = 0; i < cities.n; i++) {  /* compared folded: "TP Đà Lạt" = "da lat" */
		char *f = utf8_fold(cities.v[i].a, strlen(cities.v[i].a));

		free(cities.v[i].a);
		cities.v[i].a = f;
	}
	qsort(cities.v, cities.n, sizeof(*cities.v), pair_cmp);
	qsort(keys, nkeys, sizeof(*keys), key_cmp);
	qsort(units.v, units.n, sizeof(*units.v), pair_cmp);
	qsort(mults.v, mults.n, sizeof(*mults.v), pair_cmp);
	if (rules_read(&periods, "periods.rules") < 0 || rules_read(&statements, "statements.rules") < 0)
		return -1;
	for (i = 0; i < statements.n; i++) {
		const char *k = statements.v[i].kind;

		if (strcmp(k, "target") && strcmp(k, "group") && strcmp(k, "ministry") &&
		    strcmp(k, "agency") && strcmp(k, "district") && strcmp(k, "province") &&
		    strcmp(k, "change") && strcmp(k, "points") && strcmp(k, "unit-agency") &&
		    strcmp(k, "unit-district") && strcmp(k, "ministries") && strcmp(k, "provinces") &&
		    strcmp(k, "all")) {
			weprintf_at(statements.file, statements.v[i].line, "unknown rule kind '%s'", k);
			ret = -1;
		} else if (!(statements.v[i].re = re_compile(statements.v[i].pattern, PCRE2_CASELESS,
		                                               statements.file, statements.v[i].line))) {
			ret = -1;
		}
	}
	/* a period rule must match the whole period_text */
	for (i = 0; i < periods.n; i++) {
		struct buf b = { 0 };

		buf_printf(&b, "^(?:%s)$", periods.v[i].pattern);
		if (!(periods.v[i].re = re_compile(b.p, PCRE2_CASELESS, periods.file, periods.v[i].line)))
			ret = -1;
		buf_free(&b);
	}
	return ret;
}

/* ---- provinces ------------------------------------------------------------- */

/* Rows whose key is k: [*lo, *hi). */
static void
find_key(const char *k, size_t *lo, size_t *hi)
{
	size_t a = 0, b = nkeys;

	while (a < b) {
		size_t m = (a + b) / 2;

		if (strcmp(keys[m].key, k) < 0)
			a = m + 1;
		else
			b = m;
	}
	*lo = a;
	while (a < nkeys && !strcmp(keys[a].key, k))
		a++;
	*hi = a;
}

/*
 * The unit named by text, as it existed on date (YYYY-MM-DD, or "" when
 * unknown).  A unit that no longer existed on date becomes the unit it
 * merged into.
 * Returns: the row, or -1 when no unit has that name; *unsure is set when
 *          the date cannot tell the code system.
 */
static long
resolve(const char *text, const char *date, int *unsure)
{
	static const char *const prefixes[] = { "thanhpho", "tinh", "tp" };
	char *k = utf8_fold(text, strlen(text));
	size_t lo, hi, i, p;
	long best = -1;

	*unsure = 0;
	find_key(k, &lo, &hi);
	for (p = 0; lo == hi && p < LEN(prefixes); p++)
		if (!strncmp(k, prefixes[p], strlen(prefixes[p])))
			find_key(k + strlen(prefixes[p]), &lo, &hi);
	free(k);
	if (lo == hi)
		return -1;
	if (!*date) {
		/* one name across both systems: the name is sure, the code is not */
		for (i = lo + 1; i < hi; i++)
			if (strcmp(provs[keys[i].prov].code, provs[keys[lo].prov].code))
				*unsure = 1;
		return (long)keys[lo].prov;
	}
	for (i = lo; i < hi; i++) {
		const struct prov *r = &provs[keys[i].prov];

		if (strcmp(r->from, date) <= 0 && (!*r->to || strcmp(date, r->to) <= 0))
			return (long)keys[i].prov;
	}
	/* gone by then: the unit it became on 2025-07-01 */
	for (i = lo; i < hi; i++) {
		const struct prov *r = &provs[keys[i].prov];

		if (*r->to && strcmp(r->to, date) < 0) {
			size_t j;

			for (j = 0; j < nprovs; j++)
				if (!*provs[j].to && !strcmp(provs[j].code, r->code25) &&
				    !strcmp(provs[j].name, r->name25))
					return (long)j;
		}
		if (best < 0)
			best = (long)keys[i].prov;
	}
	return best;
}

/* ---- periods --------------------------------------------------------------- */

struct period {
	char code[32];
	char start[32], end[32];  /* ISO dates (room for any int year) */
	int year;
};

/* The first months [1, m1] ... [m0, m1] of year y as a period. */
static void
span(struct period *p, int y, int m0, int m1)
{
	snprintf(p->start, sizeof(p->start), "%04d-%02d-01", y, m0);
	snprintf(p->end, sizeof(p->end), "%04d-%02d-%02d", y, m1, days_in(y, m1));
	p->year = y;
}

/* Months from the start of the year: 12 is the year, 6 H1, 3 Q1, else YYYY-Mn. */
static void
first_months(struct period *p, int y, int n)
{
	span(p, y, 1, n);
	if (n == 12)
		snprintf(p->code, sizeof(p->code), "%04d", y);
	else if (n == 6)
		snprintf(p->code, sizeof(p->code), "%04d-H1", y);
	else if (n == 3)
		snprintf(p->code, sizeof(p->code), "%04d-Q1", y);
	else
		snprintf(p->code, sizeof(p->code), "%04d-M%d", y, n);
}

static int
group_int(const pcre2_code *re, const char *s, PCRE2_SIZE *ov, const char *name)
{
	int g = pcre2_substring_number_from_name(re, (PCRE2_SPTR)name);
	const char *t;

	if (g <= 0 || ov[2 * g] == PCRE2_UNSET)
		return -1;
	t = s + ov[2 * g];
	if (!strncmp(t, "IV", 2)) return 4;
	if (!strncmp(t, "III", 3)) return 3;
	if (!strncmp(t, "II", 2)) return 2;
	if (*t == 'I') return 1;
	if (!strncmp(t, "chín", strlen("chín"))) return 9;
	if (!strncmp(t, "mười", strlen("mười"))) return 10;
	if (!strncmp(t, "sáu", strlen("sáu"))) return 6;
	if (!strncmp(t, "đầu", strlen("đầu"))) return 1;
	if (!strncmp(t, "cuối", strlen("cuối"))) return 2;
	return atoi(t);
}

/*
 * Parse period_text, taking the year from doc_date when the text has none;
 * a period cannot start after the report's date, so "6 tháng cuối năm"
 * written in January is the year before.
 * Returns: 0 with *p filled, or -1.
 */
static int
parse_period(const char *text, const char *date, struct period *p)
{
	PCRE2_SIZE *ov;
	size_t i, n = strlen(text);
	int pass;

	memset(p, 0, sizeof(*p));
	if (!n)
		return -1;
	for (i = 0; i < periods.n; i++) {
		const pcre2_code *re = periods.v[i].re;
		const char *kind = periods.v[i].kind;
		int y, yd = *date ? atoi(date) : -1;

		if (!re || re_exec(re, text, n, 0, 0, &ov) <= 0)
			continue;
		y = group_int(re, text, ov, "y");
		for (pass = 0; pass < 2; pass++) {
			if (y < 0)
				y = yd;
			if (y < 0 && strcmp(kind, "span"))
				return -1;
			if (!strcmp(kind, "half")) {
				int h = group_int(re, text, ov, "which");

				span(p, y, h == 2 ? 7 : 1, h == 2 ? 12 : 6);
				snprintf(p->code, sizeof(p->code), "%04d-H%d", y, h == 2 ? 2 : 1);
			} else if (!strcmp(kind, "months")) {
				int m = group_int(re, text, ov, "n");

				if (m < 1 || m > 12)
					return -1;
				first_months(p, y, m);
			} else if (!strcmp(kind, "quarter")) {
				int q = group_int(re, text, ov, "q");

				if (q < 1 || q > 4)
					return -1;
				span(p, y, 3 * q - 2, 3 * q);
				snprintf(p->code, sizeof(p->code), "%04d-Q%d", y, q);
			} else if (!strcmp(kind, "month")) {
				int m = group_int(re, text, ov, "m");

				if (m < 1 || m > 12)
					return -1;
				if (group_int(re, text, ov, "to") >= 0 || strstr(text, "đến") || strstr(text, "tới")) {
					first_months(p, y, m);
				} else {
					span(p, y, m, m);
					snprintf(p->code, sizeof(p->code), "%04d-%02d", y, m);
				}
			} else if (!strcmp(kind, "year")) {
				span(p, y, 1, 12);
				snprintf(p->code, sizeof(p->code), "%04d", y);
			} else if (!strcmp(kind, "span")) {
				int y0 = group_int(re, text, ov, "y0"), y1 = group_int(re, text, ov, "y1");

				if (y0 < 0 || y1 <= y0)
					return -1;
				snprintf(p->start, sizeof(p->start), "%04d-01-01", y0);
				snprintf(p->end, sizeof(p->end), "%04d-12-31", y1);
				snprintf(p->code, sizeof(p->code), "%04d-%04d", y0, y1);
				p->year = 0;  /* no one year */
			} else if (!strcmp(kind, "upto") || !strcmp(kind, "ytd")) {
				int m = !strcmp(kind, "ytd") ? (*date ? atoi(date + 5) : -1) :
				        group_int(re, text, ov, "m") - (group_int(re, text, ov, "early") > 0);

				if (m < 1 || m > 12)
					return -1;
				first_months(p, y, m);
			} else if (!strcmp(kind, "day")) {
				int m = group_int(re, text, ov, "m"), dd = group_int(re, text, ov, "d");

				if (m < 1 || m > 12 || dd < 1 || dd > days_in(y, m))
					return -1;
				snprintf(p->start, sizeof(p->start), "%04d-%02d-%02d", y, m, dd);
				snprintf(p->end, sizeof(p->end), "%04d-%02d-%02d", y, m, dd);
				snprintf(p->code, sizeof(p->code), "%04d-%02d", y, m);
				p->year = y;
			} else {
				return -1;
			}
			/* a year taken from the date: not a period that starts later */
			if (group_int(re, text, ov, "y") < 0 && *date && strcmp(p->start, date) > 0 && pass == 0) {
				y = yd - 1;
				continue;
			}
			return 0;
		}
		return 0;
	}
	return -1;
}

/* ---- values -------------------------------------------------------------- */

/*
 * The number as written ("1.327", "40,36", "6,2") with its decimal mark, times
 * 10^exp, as a plain decimal with '.': "6200000", "40.36".  Decimal digits
 * are shifted, not multiplied, so no float rounding creeps in.
 */
static void
decimal(const char *num, char mark, int exp, struct buf *out)
{
	struct buf ip = { 0 }, fp = { 0 };
	const char *s;
	int frac = 0;
	size_t a, b;

	for (s = num; *s; s++) {
		if (*s >= '0' && *s <= '9')
			buf_addc(frac ? &fp : &ip, *s);
		else if (mark && *s == mark)
			frac = 1;
	}
	buf_str(&ip);
	buf_str(&fp);
	for (; exp > 0; exp--) {
		if (fp.len) {
			buf_addc(&ip, fp.p[0]);
			memmove(fp.p, fp.p + 1, fp.len--);
		} else {
			buf_addc(&ip, '0');
		}
	}
	for (a = 0; a + 1 < ip.len && ip.p[a] == '0'; a++)
		;
	for (b = fp.len; b > 0 && fp.p[b - 1] == '0'; b--)
		;
	buf_add(out, ip.len ? ip.p + a : "0", ip.len ? ip.len - a : 1);
	if (b) {
		buf_addc(out, '.');
		buf_add(out, fp.p, b);
	}
	buf_str(out);
	buf_free(&ip);
	buf_free(&fp);
}

/* The qualifier of stacked words: the strongest (lowest rank) wins. */
static const char *
qualifier(const char *text)
{
	const char *best = "exact";
	int rank = 1 << 30;
	size_t i;

	for (i = 0; *text && i < quals.n; i++) {  /* most figures have no qualifier */
		const char *w = quals.v[i].a;
		const char *hit = text;
		size_t n = strlen(w);

		/* the word as a whole word of text, case ignored on the first letter */
		while ((hit = strcasestr(hit, w))) {
			int start = hit == text || hit[-1] == ' ';
			int end = hit[n] == '\0' || hit[n] == ' ';

			if (start && end && quals.v[i].n < rank) {
				rank = quals.v[i].n;
				best = quals.v[i].b;
			}
			hit += n;
		}
	}
	return best;
}

/* ---- one file ---------------------------------------------------------------- */

/* resolve() of the last text and date asked, kept: rows come in runs */
struct pcache {
	char *text, *on;
	long pr;
	int unsure;
};

static long
resolve_cached(struct pcache *k, const char *text, const char *on, int *unsure)
{
	if (!k->text || strcmp(k->text, text) || strcmp(k->on, on)) {
		free(k->text);
		free(k->on);
		k->text = xstrdup(text);
		k->on = xstrdup(on);
		k->pr = resolve(text, on, &k->unsure);
	}
	*unsure = k->unsure;
	return k->pr;
}

/* the owner a whole text names (sole), kept for the next rows: they
 * mostly share their paragraph before and their title */
struct owner_cache {
	char *text;
	const char *owner;
};

struct ctx {
	struct csvw *w;
	int col[NCOL];
	int title_col, context_col;  /* doc_title, context: older mentions lack them */
	struct buf value, den, subj;
	/* consecutive rows mostly share these: the last ones, and what they gave */
	char *last_period, *last_date;
	struct period per;
	struct pcache prov, docprov;  /* the figure's province, the report's */
	/* the last figure's sentence and where its raw text starts in it: a
	 * sentence may hold the same raw text twice */
	char *fig_sent;
	size_t fig_at;
	struct buf component;
	/* this row's title and paragraph before (doc_title, context: "" in
	 * older mentions), and the owners they name */
	const char *title, *context;
	struct owner_cache title_owner, context_owner;
};

/* ---- what a figure states, and whose it is ------------------------------------- */

/*
 * Returns: 1 when a rule of kind kind matches in s[from..n); *last (when not
 * NULL) is where the last match of those rules ends.
 */
static int
statement_at(const char *kind, const char *s, size_t from, size_t n, size_t *last)
{
	PCRE2_SIZE *ov;
	size_t i, at;
	int hit = 0;

	for (i = 0; i < statements.n; i++) {
		if (!statements.v[i].re || strcmp(statements.v[i].kind, kind))
			continue;
		for (at = from; at <= n && re_exec(statements.v[i].re, s, n, at, 0, &ov) > 0; ) {
			hit = 1;
			if (!last)
				return 1;
			if (*last == (size_t)-1 || ov[1] > *last)
				*last = ov[1];
			at = ov[1] > at ? ov[1] : at + 1;
		}
	}
	return hit;
}

static int
statement(const char *kind, const char *s, size_t n)
{
	return statement_at(kind, s, 0, n, NULL);
}

/* Returns: 1 when text names a city of a province (cities.csv), not the
 * province: "TP Đà Lạt", "Vũng Tàu". */
static int
is_city(const char *text)
{
	static const char *const prefixes[] = { "thanhpho", "tp" };
	char *k = utf8_fold(text, strlen(text));
	const char *q = k;
	size_t p;
	int yes;

	for (p = 0; p < LEN(prefixes); p++)
		if (!strncmp(q, prefixes[p], strlen(prefixes[p])) && lookup(&cities, q) == NULL)
			q += strlen(prefixes[p]);
	yes = *q && lookup(&cities, q) != NULL;
	free(k);
	return yes;
}

/*
 * Which of kinds[0..nk) a rule matches nearest the end of s[from..to)
 * (what comes before from is seen by lookbehinds: "thủ tục cấp tỉnh" is
 * no agency); on a tie the earlier kind of the list.  Returns its index,
 * or -1 when none matches, or when sole and more than one kind does ("của
 * tỉnh, sở, ban, ngành và UBND cấp huyện": a list of tiers says whose no
 * figure is).
 */
static int
nearest_kind(const char *const *kinds, int nk, const char *s, size_t from, size_t to, int sole)
{
	size_t end, best = 0;
	int i, hits = 0, k = -1;

	for (i = 0; i < nk; i++) {
		end = (size_t)-1;
		if (!statement_at(kinds[i], s, from, to, &end))
			continue;
		hits++;
		if (k < 0 || end > best)
			k = i, best = end;
	}
	return sole && hits > 1 ? -1 : k;
}

/* The owner named in s[from..to), nearest its end: "agency", "district",
 * "province", or NULL (a district before an agency, an agency before the
 * province on a tie: "Với cấp xã, toàn tỉnh tiếp nhận ..."). */
static const char *
owner_in(const char *s, size_t from, size_t to, int sole)
{
	static const char *const kinds[] = { "district", "agency", "province" };
	int k = nearest_kind(kinds, LEN(kinds), s, from, to, sole);

	return k < 0 ? NULL : kinds[k];
}

static const char *
owner_in_cached(struct owner_cache *k, const char *text)
{
	if (!k->text || strcmp(k->text, text)) {
		free(k->text);
		k->text = xstrdup(text);
		k->owner = owner_in(text, 0, strlen(text), 1);
	}
	return k->owner;
}

/* where a figure stands in its sentence: its clause [clause, before)
 * before it (since the last ';'), its raw text [before, after), its phrase
 * after it [after, phrase_end) (to ';', ',' or '('), and the sentence's
 * first clause [0, topic_end) */
struct around {
	size_t clause, before, after, phrase_end, topic_end;
};

static void
around_of(const char *sent, size_t at, size_t rawlen, struct around *a)
{
	size_t n = strlen(sent);

	a->before = a->clause = at < n ? at : n;
	a->after = a->before + rawlen < n ? a->before + rawlen : n;
	while (a->clause > 0 && sent[a->clause - 1] != ';')
		a->clause--;
	for (a->phrase_end = a->after; sent[a->phrase_end] && sent[a->phrase_end] != ';' &&
	                               sent[a->phrase_end] != ',' && sent[a->phrase_end] != '(';
	     a->phrase_end++)
		;
	for (a->topic_end = 0; a->topic_end < a->clause && sent[a->topic_end] != ';'; a->topic_end++)
		;
}

/*
 * Whose figure a figure placed in a province is: the agency, district or
 * province named nearest before it in its clause; else named in its phrase
 * after it ("99% hồ sơ qua Trung tâm Hành chính công"); else in the first
 * clause of its sentence, the sentence's topic ("Với cấp huyện, ... tiếp
 * nhận 340.060 hồ sơ; đã giải quyết ..."); else the one kind the paragraph before the sentence
 * (its context) names, or the report's title; else the province.  A city of
 * the province (Đà Lạt) is a district's.
 */
static const char *
owner_of(struct ctx *c, const char *sent, const struct around *a, const char *ptext)
{
	const char *o;

	if (!(o = owner_in(sent, a->clause, a->before, 0)) &&
	    (!(o = owner_in(sent, a->after, a->phrase_end, 0)) || !strcmp(o, "province")) &&
	    !(o = owner_in(sent, 0, a->topic_end, 0)) &&
	    !(o = owner_in_cached(&c->context_owner, c->context)))
		o = owner_in_cached(&c->title_owner, c->title);
	if ((!o || !strcmp(o, "province")) && is_city(ptext))
		return "district";
	return o ? o : "province";
}

/*
 * The block of a figure of the nation: "ministries" ("các bộ, ngành Trung
 * ương đã hoàn thành 400/991 nhiệm vụ"), "provinces" ("UBND các tỉnh, thành
 * phố đã hoàn thành 1.327/3.009"), or "" for the whole country: the block
 * named nearest before the figure in its clause, else in its phrase after
 * it, else in the sentence's first clause (its topic).
 */
static const char *
block_of(const char *sent, const struct around *a)
{
	static const char *const kinds[] = { "all", "ministries", "provinces" };
	int k;

	if ((k = nearest_kind(kinds, LEN(kinds), sent, a->clause, a->before, 0)) < 0 &&
	    (k = nearest_kind(kinds, LEN(kinds), sent, a->after, a->phrase_end, 0)) < 0)
		k = nearest_kind(kinds, LEN(kinds), sent, 0, a->topic_end, 0);
	return k <= 0 ? "" : kinds[k];
}

/*
 * The kind (level, change, target, bound), owner (province, agency,
 * district, ministry, nation, region, group, or "" when unplaced) and
 * block (of the nation's figures) of the figure of row F at
 * c->fig_at, given its unit, its qualifier and where it was placed
 * (national, a province found, or neither).  See statements.rules.
 */
static void
kind_owner(struct ctx *c, const char *const *F, const char *unit, const char *qual,
           int national, int placed, const char *ptext, const char **kind, const char **owner,
           const char **block)
{
	const char *sent = F[C_SENT];
	struct around a;
	size_t before, open;
	int group_fig = !strcmp(F[C_PKIND], "national") && *F[C_UNIT] &&
	                !strcmp(F[C_PROV], F[C_UNIT]);  /* "14 bộ": cchc-extract's mark */

	around_of(sent, c->fig_at, strlen(F[C_RAW]), &a);
	before = open = a.before;
	/* target words after the last bracket closed before the figure */
	while (open > 0 && sent[open - 1] != ')')
		open--;
	if (!strcmp(qual, "increase") || !strcmp(qual, "decrease") ||
	    statement("change", sent, before))
		*kind = "change";
	else if (statement("target", sent + open, before - open))
		*kind = "target";
	else if ((!strcmp(qual, "over") || !strcmp(qual, "under")) &&
	         (!strcmp(unit, "percent") || !strcmp(unit, "points")) &&
	         statement("group", sent, before))
		*kind = "bound";
	else
		*kind = "level";

	if (!strcmp(F[C_PKIND], "region"))
		*owner = "region";
	else if (group_fig || !strcmp(*kind, "bound"))
		*owner = "group";
	else if (national)
		*owner = !strcmp(F[C_PKIND], "national") && statement("ministry", F[C_PROV], strlen(F[C_PROV])) ?
		         "ministry" : "nation";
	else if (!placed)
		*owner = "";
	else if (*F[C_UNIT] && statement("unit-agency", F[C_UNIT], strlen(F[C_UNIT])))
		*owner = "agency";    /* "19/19 sở, ban, ngành" */
	else if (*F[C_UNIT] && statement("unit-district", F[C_UNIT], strlen(F[C_UNIT])))
		*owner = "district";  /* "127/127 xã, phường, thị trấn" */
	else
		*owner = owner_of(c, sent, &a, ptext);
	*block = !strcmp(*owner, "nation") ? block_of(sent, &a) : "";
}

/* Where the raw text of row F starts in its sentence, into c->fig_at:
 * after the last figure's when the sentence is the same (figures come in
 * order). */
static void
figure_at(struct ctx *c, const char *const *F)
{
	const char *s = F[C_SENT], *at;
	size_t from = 0;

	if (c->fig_sent && !strcmp(c->fig_sent, s)) {
		from = c->fig_at + 1;
	} else {
		free(c->fig_sent);
		c->fig_sent = xstrdup(s);
	}
	if (from > strlen(s) || !*F[C_RAW] || !(at = strstr(s + from, F[C_RAW])))
		at = *F[C_RAW] ? strstr(s, F[C_RAW]) : NULL;
	c->fig_at = at ? (size_t)(at - s) : strlen(s);
}

/* Returns: 1 when the qualifier words q end in "lên" or "xuống" (to). */
static int
moves_to(const char *q)
{
	size_t n = strlen(q);

	while (n > 0 && q[n - 1] == ' ')
		n--;
	return (n >= 4 && !strncmp(q + n - 4, "l\xc3\xaan", 4) && (n == 4 || q[n - 5] == ' ')) ||
	       (n >= 7 && !strncmp(q + n - 7, "xu\xe1\xbb\x91ng", 7) && (n == 7 || q[n - 8] == ' '));
}

/* Returns: 1 when the clause before s[at] says where a move started: "từ"
 * and a number ("từ 62,73 điểm (năm 2014) lên 67,16"). */
static int
moves_from(const char *s, size_t at)
{
	size_t i = at, k;

	while (i > 0 && s[i - 1] != ';' && at - i < 120)
		i--;
	for (k = i; k + 4 < at; k++)
		if ((k == 0 || s[k - 1] == ' ') && !strncmp(s + k, "t\xe1\xbb\xab ", 5)) {
			size_t j;

			for (j = k + 5; j < at; j++)
				if (s[j] >= '0' && s[j] <= '9')
					return 1;
		}
	return 0;
}

/* The metric of row F (metric.c); its component's name into c->component. */
static const char *
metric(struct ctx *c, const char *const *F, const char *unit)
{
	struct mfig f;

	f.doc = F[C_DOC];
	f.line = F[C_LINE];
	f.title = c->title;
	f.context = c->context;
	f.sentence = F[C_SENT];
	f.at = c->fig_at;
	f.len = strlen(F[C_RAW]);
	f.unit_text = F[C_UNIT];
	f.unit = unit;
	c->component.len = 0;
	return metric_of(&f, &c->component);
}

/* The words of the figure's clause before it: who or what it is about. */
static void
subject(const char *sentence, const char *raw, struct buf *out)
{
	const char *at = *raw ? strstr(sentence, raw) : NULL;
	size_t e = at ? (size_t)(at - sentence) : 0, b;

	for (b = e; b > 0 && sentence[b - 1] != ';'; b--)
		;
	while (b < e && (sentence[b] == ' ' || sentence[b] == ','))
		b++;
	while (e > b && (sentence[e - 1] == ' ' || sentence[e - 1] == ','))
		e--;
	if (e - b > 120) {  /* the last words, cut at a space */
		b = e - 120;
		while (b < e && sentence[b] != ' ')
			b++;
		while (b < e && sentence[b] == ' ')
			b++;
	}
	buf_add(out, sentence + b, e - b);
}

static void
ctx_free(struct ctx *c)
{
	free(c->last_period);
	free(c->last_date);
	free(c->prov.text);
	free(c->prov.on);
	free(c->docprov.text);
	free(c->docprov.on);
	free(c->fig_sent);
	free(c->title_owner.text);
	free(c->context_owner.text);
	buf_free(&c->component);
	buf_free(&c->value);
	buf_free(&c->den);
	buf_free(&c->subj);
}

static int
record(struct csvr *r, void *arg)
{
	struct ctx *c = arg;
	struct csvw *w = c->w;
	const char *F[NCOL];
	const struct pair *u, *mu;
	struct period per;
	const char *unit, *ptext, *pkind, *date, *qual, *kind, *owner, *block;
	long pr = -1;
	int unsure = 0, national = 0, exp = 0, i;

	if (r->row == 1) {
		for (i = 0; i < NCOL; i++)
			if ((c->col[i] = csvr_col(r, in_cols[i])) < 0) {
				weprintf_at(in_name(r->path), r->line, "missing column %s", in_cols[i]);
				r->err = 1;
				return -1;
			}
		c->title_col = csvr_col(r, "doc_title");
		c->context_col = csvr_col(r, "context");
		return 0;
	}
	for (i = 0; i < NCOL; i++)
		F[i] = r->field[c->col[i]];
	c->title = c->title_col >= 0 ? r->field[c->title_col] : "";
	c->context = c->context_col >= 0 ? r->field[c->context_col] : "";
	figure_at(c, F);  /* c->fig_at, for the metric, the qualifier, the owner */
	nrecords++;

	/* the unit: known texts (any case: "Xếp thứ 11" opens a sentence), or
	 * a multiplier or a fraction counts */
	if ((u = lookup(&units, F[C_UNIT])) || (u = lookup_lower(&units, F[C_UNIT])))
		unit = u->b;
	else if (!*F[C_UNIT] && (*F[C_MULT] || *F[C_DEN]))
		unit = "count";
	else if (!*F[C_UNIT] && (metric_index_named(F[C_SENT]) ||
	                         (*F[C_MARK] && statement("points", F[C_SENT], strlen(F[C_SENT])))))
		unit = "points";  /* a bare score: "chỉ số PAPI đạt 47,88", "tổng điểm 43,0102" */
	else if (!*F[C_UNIT] && strstr(F[C_SENT], " (%)"))
		unit = "percent"; /* a bare "0" in a table's row of percentages */
	else if (!*F[C_UNIT] && strspn(F[C_NUMBER], "0123456789.") == strlen(F[C_NUMBER]) &&
	         !*F[C_MARK])
		unit = "count";   /* a table's cell counts something: "17" */
	else
		unit = "", no_unit++;
	if ((mu = lookup(&mults, F[C_MULT])))
		exp = atoi(mu->b);

	/* the period first: the province is named as it was then */
	date = F[C_DATE];
	if (!c->last_period || strcmp(c->last_period, F[C_PERIOD]) || strcmp(c->last_date, date)) {
		free(c->last_period);
		free(c->last_date);
		c->last_period = xstrdup(F[C_PERIOD]);
		c->last_date = xstrdup(date);
		if (parse_period(F[C_PERIOD], date, &c->per) < 0)
			memset(&c->per, 0, sizeof(c->per));
	}
	per = c->per;
	if (!*per.code)
		no_period++;
	pkind = F[C_PKIND];
	ptext = F[C_PROV];
	if (!*ptext || !strcmp(pkind, "local")) {
		ptext = "";
		if (!*F[C_PROV] && !strcmp(F[C_SCOPE], "national"))
			national = 1;
		else
			ptext = F[C_DOCPROV];
	} else if (!strcmp(pkind, "national")) {
		national = 1;
	}
	if (!national && *ptext) {
		const char *on = *per.end ? per.end : date;

		pr = resolve_cached(&c->prov, ptext, on, &unsure);
	}

	csvw_str(w, F[C_DOC]);
	csvw_str(w, F[C_LINE]);
	if (national) {
		csvw_str(w, "national");
		csvw_str(w, "");
		csvw_str(w, "national");
		csvw_str(w, "");
	} else if (pr >= 0) {
		csvw_str(w, provs[pr].name);
		csvw_str(w, unsure ? "" : provs[pr].code);
		csvw_str(w, provs[pr].name25);
		csvw_str(w, provs[pr].code25);
	} else {
		no_province++;
		for (i = 0; i < 4; i++)
			csvw_str(w, "");
	}
	csvw_str(w, per.code);
	csvw_str(w, per.start);
	csvw_str(w, per.end);
	if (per.year)
		csvw_long(w, per.year);
	else
		csvw_str(w, "");
	csvw_str(w, metric(c, F, unit));
	c->subj.len = 0;
	subject(F[C_SENT], F[C_RAW], &c->subj);
	csvw_field(w, c->subj.p ? c->subj.p : "", c->subj.len);
	c->value.len = 0;
	decimal(F[C_NUMBER], *F[C_MARK], exp, &c->value);
	csvw_str(w, c->value.p);
	c->den.len = 0;
	if (*F[C_DEN])
		decimal(F[C_DEN], *F[C_MARK], 0, &c->den);
	csvw_str(w, c->den.len ? c->den.p : "");
	csvw_str(w, unit);
	/* a new position is a level: "vươn lên vị trí thứ 2", "từ vị trí 53
	 * lên 46", "tăng lên hạng 14", "từ 62,73 điểm lên 67,16"; the size of
	 * a move ("lên 3 bậc") is a change */
	if (moves_to(F[C_QUAL]) && strcmp(F[C_UNIT], "bậc") &&
	    (!strcmp(unit, "rank") || moves_from(F[C_SENT], c->fig_at)))
		qual = "exact";
	else
		qual = qualifier(F[C_QUAL]);
	csvw_str(w, qual);
	csvw_str(w, *F[C_AMB] ? F[C_AMB] : "0");
	csvw_str(w, F[C_RAW]);
	kind_owner(c, F, unit, qual, national, pr >= 0, ptext, &kind, &owner, &block);
	csvw_str(w, kind);
	csvw_str(w, owner);
	csvw_field(w, c->component.p ? c->component.p : "", c->component.len);
	csvw_str(w, block);
	csvw_str(w, date);
	/* the province's own report (a provincial report of that province)
	 * speaks first when two reports disagree: see nightly's tables */
	{
		int own = 0;

		if (pr >= 0 && !strcmp(F[C_SCOPE], "provincial") && *F[C_DOCPROV]) {
			int dunsure;
			long dp = resolve_cached(&c->docprov, F[C_DOCPROV], *per.end ? per.end : date,
			                         &dunsure);

			own = dp >= 0 && !strcmp(provs[dp].name, provs[pr].name);
		}
		csvw_str(w, own ? "1" : "0");
	}
	csvw_end(w);
	return 0;
}

static _Noreturn void
help(void)
{
	printf("usage: %s %s\n"
	       "Turn cchc-extract's mentions CSV into canonical records: value, unit,\n"
	       "qualifier, metric, province (as it was in the period, with its 2025 unit)\n"
	       "and period.\n\n"
	       "  -r, --rules DIR      data files (default: CCHC_DATA, ../share/cchc)\n"
	       "  -o, --output FILE    write to FILE, replaced only when complete\n"
	       "  -v, --verbose        say how many records have no unit, province, period\n"
	       "      --no-header      no header row: the records of parts of one input\n"
	       "                       (GNU parallel --pipe) concatenate\n"
	       "      --version        the version of cchc\n"
	       "  -h, --help           this help\n\n"
	       "Columns: doc,line,province,province_code,province_2025,province_2025_code,\n"
	       "period,period_start,period_end,year,metric,subject,value,denominator,unit,\n"
	       "qualifier,ambiguous,raw,kind,owner,component,block,doc_date,own_report.\n"
	       "Exit status: 0 on success, 1 if an input is not a mentions CSV or the\n"
	       "output failed, 2 on a usage error.\n",
	       argv0, synopsis);
	exit(0);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "version", no_argument, NULL, 'V' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "output", required_argument, NULL, 'o' },
		{ "rules", required_argument, NULL, 'r' },
		{ "no-header", no_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 },
	};
	struct output out;
	struct csvw w;
	struct ctx c;
	const char *outfile = NULL;
	int ch, i, ret = 0, header = 1;

	cchc_init(argv[0]);
	while ((ch = getopt_long(argc, argv, "ho:r:v", longopts, NULL)) != -1) {
		switch (ch) {
		case 'H':
			header = 0;
			break;
		case 'h':
			help();
		case 'v':
			verbose = 1;
			break;
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
	if (load_data() < 0)
		return 1;
	if (out_open(&out, outfile) < 0)
		return 1;
	memset(&c, 0, sizeof(c));
	csvw_init(&w, out.fp);
	c.w = &w;
	if (header)
		csvw_header(&w, out_cols, LEN(out_cols));
	if (argc == 0)
		ret |= csvr_read("-", record, &c) < 0;
	for (i = 0; i < argc && !out_error(&out); i++)
		ret |= csvr_read(argv[i], record, &c) < 0;
	if (re_limit_hits)
		weprintf("a rule stopped at the PCRE2 match limit %lu times: some metrics, "
		         "periods or subjects may be missing", re_limit_hits);
	if (verbose)  /* quiet on success otherwise */
		weprintf("%lu records: %lu without unit, %lu without province, %lu without period",
		         nrecords, no_unit, no_province, no_period);
	/* an input that is not a mentions file leaves no output file behind */
	if (out_close(&out, !ret) < 0)
		ret = 1;
	csvw_free(&w);
	ctx_free(&c);
	metric_free();
	return ret;
}
