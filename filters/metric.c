/*
 * cchc: the metric of a figure: the concept the number measures, as one
 * code of the vocabulary share/cchc/metrics.csv (code, units, meaning), or
 * "other" when no code fits.  The cues are share/cchc/metric.rules:
 *
 *   family NAME DOMAIN UNIT=CODE... [topic] [component]
 *       a concept, and its code for each unit of a figure (count, percent,
 *       points, rank, money_vnd): "tăng 3 bậc" of the PAR Index is its
 *       rank, "93,31%" its score; a unit it has no code for gives "other"
 *   noun FAMILY PATTERN
 *       the figure's own unit words ("hồ sơ", "TTHC", "tỉnh"): they name
 *       its domain, and FAMILY when no cue of that domain is near
 *   cue FAMILY TIER PATTERN
 *       words that name the concept; tier 0 is the most specific
 *
 * A figure's cue is looked for in its phrase (between commas, brackets,
 * colons and semicolons), then its clause (between semicolons), then its
 * sentence; in each, the lowest tier wins, then the nearest match.  A
 * figure with a noun takes only cues of its noun's domain.  Past the
 * phrase, a concept without a code for the figure's unit is passed over.
 * No cue in the sentence: the paragraph before it (the mention's context),
 * the paragraph's last concept (for a figure with a noun, only in a
 * breakdown: "Trong đó, ... có 77 đơn vị"), then the index the title or the
 * lead names
 * (a family marked topic: "Chỉ số PAPI ... đạt 34,64 điểm" governs the
 * scores after it), then the noun's family, else "other".  A component cue (chỉ số thành phần, nội dung “...”) makes the
 * figure a part of the index around it: INDEX_component_score or
 * INDEX_component_rank, with the part's name as written.
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "metric.h"

enum { U_COUNT, U_PERCENT, U_POINTS, U_RANK, U_MONEY, NUNIT };
static const char *const unit_names[NUNIT] = { "count", "percent", "points", "rank", "money_vnd" };

struct code {
	char *code, *units;  /* units: space-separated, as in metrics.csv */
};
struct family {
	char *name, *domain;
	const char *code[NUNIT];
	int topic, component;
	size_t index;  /* component=INDEX: a part of INDEX named by the cue itself */
};
struct cue {
	size_t fam;
	int tier;
	pcre2_code *re;
};
struct hit {
	size_t cue, so, eo;
};

static struct code *codes;
static size_t ncodes;
static struct family *fams;
static size_t nfams;
static struct cue *cues, *nouns;  /* a noun's tier is unused */
static pcre2_code **noun_at;      /* each noun in running text */
/* the words of a breakdown, before a share's noun, before any noun */
enum { W_BREAKDOWN, W_SHARE, W_NOUNLEAD, NWORDS };
static const char *const word_kinds[NWORDS] = { "breakdown", "share", "nounlead" };
static pcre2_code *words[NWORDS];
static size_t ncues, nnouns;
static struct rules rules;

/* the matches of every cue in the last sentence (hits), and in the last
 * context before a sentence */
struct hits {
	char *text;
	struct hit *v;
	size_t n, cap;
};
static struct hits hits, ctx_hits;

/* what the paragraph and the document are about so far */
static struct {
	char *doc, *line;
	size_t para, index;  /* a family, or (size_t)-1 */
} topic = { NULL, NULL, (size_t)-1, (size_t)-1 };

#define NONE ((size_t)-1)

static int
unit_index(const char *u)
{
	int i;

	for (i = 0; i < NUNIT; i++)
		if (!strcmp(u, unit_names[i]))
			return i;
	return -1;
}

static const struct code *
code_find(const char *c)
{
	size_t i;

	for (i = 0; i < ncodes; i++)
		if (!strcmp(codes[i].code, c))
			return &codes[i];
	return NULL;
}

/* Returns: 1 when code is in the vocabulary. */
int
metric_known(const char *c)
{
	return code_find(c) != NULL;
}

/* Returns: 1 when the vocabulary lets code measure unit u (a fraction is a
 * count with a denominator). */
static int
code_allows(const struct code *c, int u)
{
	char *w, *save, *t = xstrdup(c->units);
	int ok = 0;

	for (w = strtok_r(t, " ", &save); w && !ok; w = strtok_r(NULL, " ", &save))
		ok = !strcmp(w, "any") || !strcmp(w, unit_names[u]) ||
		     (u == U_COUNT && !strcmp(w, "fraction"));
	free(t);
	return ok;
}

static int
vocab_row(struct csvr *r, void *arg)
{
	(void)arg;
	if (r->row == 1) {
		if (csvr_col(r, "metric") != 0 || csvr_col(r, "units") != 1) {
			weprintf_at(r->path, r->line, "columns must start metric,units");
			return -1;
		}
		return 0;
	}
	codes = xrealloc(codes, (ncodes + 1) * sizeof(*codes));
	codes[ncodes].code = xstrdup(r->field[0]);
	codes[ncodes++].units = xstrdup(r->field[1]);
	return 0;
}

static size_t
family_find(const char *name)
{
	size_t i;

	for (i = 0; i < nfams; i++)
		if (!strcmp(fams[i].name, name))
			return i;
	return NONE;
}

/* "family NAME DOMAIN UNIT=CODE... [topic] [component]" */
static int
family_line(const struct rule *ru, const char *file)
{
	char *t = xstrdup(ru->pattern), *w, *save;
	struct family f = { 0 };
	int ret = 0;

	f.index = NONE;
	f.name = xstrdup((w = strtok_r(t, " \t", &save)) ? w : "");
	f.domain = xstrdup((w = strtok_r(NULL, " \t", &save)) ? w : "");
	if (!*f.domain) {
		weprintf_at(file, ru->line, "family %s: no domain", f.name);
		ret = -1;
	}
	while (ret == 0 && (w = strtok_r(NULL, " \t", &save))) {
		char *eq = strchr(w, '=');
		const struct code *c;
		int u;

		if (!strcmp(w, "topic")) {
			f.topic = 1;
		} else if (!strcmp(w, "component")) {
			f.component = 1;
		} else if (!strncmp(w, "component=", 10)) {
			f.component = 1;
			if ((f.index = family_find(w + 10)) == NONE || !fams[f.index].topic) {
				weprintf_at(file, ru->line, "family %s: %s is no index above", f.name, w + 10);
				ret = -1;
			}
		} else if (!eq || (*eq = '\0', (u = unit_index(w)) < 0)) {
			weprintf_at(file, ru->line, "family %s: '%s' is not UNIT=CODE", f.name, w);
			ret = -1;
		} else if (!(c = code_find(eq + 1))) {
			weprintf_at(file, ru->line, "family %s: %s is not a metric of metrics.csv",
			            f.name, eq + 1);
			ret = -1;
		} else if (!code_allows(c, u)) {
			weprintf_at(file, ru->line, "family %s: %s does not measure %s (metrics.csv)",
			            f.name, eq + 1, w);
			ret = -1;
		} else {
			f.code[u] = c->code;
		}
	}
	free(t);
	if (ret < 0 || family_find(f.name) != NONE) {
		if (ret == 0)
			weprintf_at(file, ru->line, "family %s: named twice", f.name);
		free(f.name);
		free(f.domain);
		return -1;
	}
	fams = xrealloc(fams, (nfams + 1) * sizeof(*fams));
	fams[nfams++] = f;
	return 0;
}

/* "cue FAMILY TIER PATTERN" or "noun FAMILY PATTERN" */
static int
cue_line(const struct rule *ru, const char *file, int noun)
{
	const char *p = ru->pattern, *e;
	struct buf name = { 0 }, pat = { 0 }, pat2 = { 0 };
	struct cue c = { 0 };
	pcre2_code *at = NULL;
	int ret = -1;

	e = p + strcspn(p, " \t");
	buf_add(&name, p, (size_t)(e - p));
	buf_str(&name);
	p = e + strspn(e, " \t");
	if (!noun) {
		c.tier = atoi(p);
		p += strcspn(p, " \t");
		p += strspn(p, " \t");
	}
	if ((c.fam = family_find(name.p ? name.p : "")) == NONE) {
		weprintf_at(file, ru->line, "%s: no family %s above", ru->kind, name.p ? name.p : "");
	} else if (!*p) {
		weprintf_at(file, ru->line, "%s %s: no pattern", ru->kind, name.p);
	} else {
		/* a noun is the whole unit text */
		buf_printf(&pat, noun ? "^(?:%s)$" : "%s", p);
		buf_printf(&pat2, "(?<![\\p{L}])(?:%s)(?![\\p{L}])", p);
		if ((c.re = re_compile(pat.p, PCRE2_CASELESS, file, ru->line)) &&
		    (!noun || (at = re_compile(pat2.p, PCRE2_CASELESS, file, ru->line)))) {
			re_label(c.re, "%s:%lu", file, ru->line);
			if (noun) {
				nouns = xrealloc(nouns, (nnouns + 1) * sizeof(*nouns));
				noun_at = xrealloc(noun_at, (nnouns + 1) * sizeof(*noun_at));
				noun_at[nnouns] = at;
				nouns[nnouns++] = c;
			} else {
				cues = xrealloc(cues, (ncues + 1) * sizeof(*cues));
				cues[ncues++] = c;
			}
			ret = 0;
		}
	}
	if (ret < 0)
		pcre2_code_free(c.re);
	buf_free(&name);
	buf_free(&pat);
	buf_free(&pat2);
	return ret;
}

/* Load metrics.csv and metric.rules.  Returns: 0, or -1 after messages. */
int
metric_load(void)
{
	char *path = data_path("metrics.csv");
	size_t i;
	int ret = csvr_read(path, vocab_row, NULL);

	free(path);
	if (ret < 0 || rules_read(&rules, "metric.rules") < 0)
		return -1;
	for (i = 0; i < rules.n; i++) {
		const struct rule *ru = &rules.v[i];

		size_t w;

		for (w = 0; w < NWORDS && strcmp(ru->kind, word_kinds[w]); w++)
			;
		if (!strcmp(ru->kind, "family"))
			ret |= family_line(ru, rules.file);
		else if (!strcmp(ru->kind, "cue") || !strcmp(ru->kind, "noun"))
			ret |= cue_line(ru, rules.file, !strcmp(ru->kind, "noun"));
		else if (w < NWORDS && !words[w])
			ret |= (words[w] = re_compile(ru->pattern, 0, rules.file, ru->line)) ? 0 : -1;
		else if (w < NWORDS) {
			weprintf_at(rules.file, ru->line, "a second '%s' rule: one a file", ru->kind);
			ret = -1;
		} else {
			weprintf_at(rules.file, ru->line, "unknown rule kind '%s'", ru->kind);
			ret = -1;
		}
	}
	if (!code_find("other")) {
		weprintf_at("metrics.csv", 0, "no metric 'other'");
		ret = -1;
	}
	for (i = 0; i < NWORDS; i++)
		if (!words[i] && ret == 0) {
			weprintf_at(rules.file, 0, "no '%s' rule", word_kinds[i]);
			ret = -1;
		}
	return ret < 0 ? -1 : 0;
}

void
metric_free(void)
{
	size_t i;

	for (i = 0; i < ncodes; i++) {
		free(codes[i].code);
		free(codes[i].units);
	}
	for (i = 0; i < nfams; i++) {
		free(fams[i].name);
		free(fams[i].domain);
	}
	for (i = 0; i < ncues; i++)
		pcre2_code_free(cues[i].re);
	for (i = 0; i < nnouns; i++) {
		pcre2_code_free(nouns[i].re);
		pcre2_code_free(noun_at[i]);
	}
	free(noun_at);
	for (i = 0; i < NWORDS; i++) {
		pcre2_code_free(words[i]);
		words[i] = NULL;
	}
	free(codes);
	free(fams);
	free(cues);
	free(nouns);
	free(hits.text);
	free(hits.v);
	free(ctx_hits.text);
	free(ctx_hits.v);
	free(topic.doc);
	free(topic.line);
	rules_free(&rules);
}

/* Every cue's matches in s into h, once per text. */
static void
match_in(struct hits *h, const char *s)
{
	size_t i, n = strlen(s);
	PCRE2_SIZE *ov;

	if (h->text && !strcmp(h->text, s))
		return;
	free(h->text);
	h->text = xstrdup(s);
	h->n = 0;
	for (i = 0; i < ncues; i++) {
		size_t at = 0;

		while (at < n && re_exec(cues[i].re, s, n, at, 0, &ov) > 0) {
			if (h->n == h->cap) {
				h->cap = h->cap ? 2 * h->cap : 64;
				h->v = xrealloc(h->v, h->cap * sizeof(*h->v));
			}
			h->v[h->n++] = (struct hit){ i, ov[0], ov[1] };
			at = ov[1] > at ? ov[1] : at + 1;
		}
	}
}

static void
match_cues(const char *s)
{
	match_in(&hits, s);
}

/*
 * The concept the paragraph names before the sentence: the last cue of the
 * context whose family has a code for unit u (for a figure without a noun).
 * Returns: a family, or NONE.
 */
static size_t
context_family(const char *context, int u)
{
	size_t i, best = NONE, at = 0;

	if (!*context)
		return NONE;
	match_in(&ctx_hits, context);
	for (i = 0; i < ctx_hits.n; i++) {
		const struct family *f = &fams[cues[ctx_hits.v[i].cue].fam];

		if (f->component || !f->code[u])
			continue;
		if (best == NONE || ctx_hits.v[i].eo > at) {
			best = cues[ctx_hits.v[i].cue].fam;
			at = ctx_hits.v[i].eo;
		}
	}
	return best;
}

/* Returns: 1 when s[i] ends a phrase ("," before a space, a bracket, ...). */
static int
phrase_end(const char *s, size_t i, size_t n)
{
	switch (s[i]) {
	case ';': case '(': case ')': case ':':
		return 1;
	case ',':
		return i + 1 >= n || s[i + 1] == ' ';
	case ' ':  /* " và ": "370 hồ sơ trong hạn và 9 hồ sơ quá hạn" */
		return i + 4 < n && !strncmp(s + i, " v\xc3\xa0 ", 5);
	}
	return 0;
}

/* The scope around [fs, fe) in s[0..n): the phrase (clause 0) or the clause. */
static void
scope(const char *s, size_t n, size_t fs, size_t fe, int clause, size_t *a, size_t *b)
{
	size_t i;

	for (i = fs; i > 0 && !(clause ? s[i - 1] == ';' : phrase_end(s, i - 1, n)); i--)
		;
	*a = i;
	for (i = fe; i < n && !(clause ? s[i] == ';' : phrase_end(s, i, n)); i++)
		;
	*b = i;
}

/* The family of the noun at s[i] ("hồ sơ", "TTHC" ...), or NONE. */
static size_t
noun_here(const char *s, size_t n, size_t i)
{
	size_t k;
	PCRE2_SIZE *ov;

	i += strspn(s + i, " ");
	/* the words that may stand before it ("tổng số"): an empty match at
	 * least */
	if (re_exec(words[W_NOUNLEAD], s, n, i, 0, &ov) > 0 && ov[0] == i)
		i = ov[1];
	for (k = 0; k < nnouns; k++)  /* the leftmost match, when it starts at i */
		if (re_exec(noun_at[k], s, n, i, 0, &ov) > 0 && ov[0] == i)
			return nouns[k].fam;
	return NONE;
}

/* Returns: 1 when s[a..b) names a noun of domain ("hồ sơ", "TTHC"). */
static int
domain_named(const char *s, size_t a, size_t b, const char *domain)
{
	size_t k;
	PCRE2_SIZE *ov;

	for (k = 0; k < nnouns; k++)
		if (!strcmp(fams[nouns[k].fam].domain, domain) &&
		    re_exec(noun_at[k], s, b, a, 0, &ov) > 0)
			return 1;
	return 0;
}

/* Returns: 1 when s[at] lies in brackets that do not hold s[fs]. */
static int
in_other_brackets(const char *s, size_t at, size_t fs)
{
	size_t i, lo = at < fs ? at : fs, hi = at < fs ? fs : at;
	int depth = 0, min = 0;

	/* walking from the earlier place to the later, the brackets around
	 * the earlier one close before the later one */
	for (i = lo; i < hi; i++) {
		if (s[i] == '(')
			depth++;
		else if (s[i] == ')' && --depth < min)
			min = depth;
	}
	return at < fs ? min < 0 : depth > 0;
}

/*
 * The best cue for the figure in [a, b) of the sentence: lowest tier, then
 * nearest.  domain: the noun's domain, or NULL.  strict: a family without a
 * code for unit u still counts (in the phrase).
 * Returns: the index in hits.v, or NONE.
 */
static size_t
best_cue(const char *s, size_t a, size_t b, size_t fs, size_t fe, const char *domain, int u,
         int strict)
{
	size_t i, best = NONE, bd = 0;
	int bt = 0;

	for (i = 0; i < hits.n; i++) {
		const struct hit *h = &hits.v[i];
		const struct cue *c = &cues[h->cue];
		const struct family *f = &fams[c->fam];
		size_t d;

		if (h->eo <= a || h->so >= b)
			continue;
		if (domain && strcmp(f->domain, domain))
			continue;
		/* in the phrase, a concept without a code for the unit makes the
		 * figure other ("đứng thứ 2 về tỷ lệ hồ sơ trực tuyến"); a noun's
		 * concept does so for a figure without a noun only where the
		 * phrase names the noun ("công bố" is of procedures) */
		if (!f->component && !f->code[u] &&
		    (!strict || (!domain && strcmp(f->domain, "-") &&
		                 !domain_named(s, a, b, f->domain))))
			continue;
		d = h->eo <= fs ? fs - h->eo : h->so >= fe ? h->so - fe : 0;
		/* past the phrase a rate refers back to the count before it
		 * ("đúng hạn 323.911 hồ sơ, đạt tỷ lệ 98,28%, còn 5.685 hồ sơ quá
		 * hạn"): a cue after the figure counts twice its distance; an
		 * aside in brackets that do not hold the figure, four times */
		if (!strict && h->so >= fe)
			d *= 2;
		if (!strict && in_other_brackets(s, h->so, fs))
			d *= 4;
		if (best == NONE || c->tier < bt || (c->tier == bt && d < bd)) {
			best = i;
			bt = c->tier;
			bd = d;
		}
	}
	return best;
}

/*
 * The noun a share counts in: "99% hồ sơ", "tỷ lệ TTHC được cung cấp trực
 * tuyến đạt 81%" (the noun after the figure, else after the last share
 * words, "tỷ lệ", of its clause before it).  Returns: its family, or NONE.
 */
static size_t
share_noun(const char *s, size_t n, size_t fs, size_t fe)
{
	size_t a, b, i, last = NONE, f;
	PCRE2_SIZE *ov;

	if ((f = noun_here(s, n, fe)) != NONE)
		return f;
	scope(s, n, fs, fe, 1, &a, &b);
	for (i = a; i < fs && re_exec(words[W_SHARE], s, fs, i, 0, &ov) > 0; i = ov[1] > i ? ov[1] : i + 1)
		last = ov[1];
	return last != NONE ? noun_here(s, n, last) : NONE;
}

/* Returns: 1 when the sentence before fs opens a breakdown of what came
 * before ("Trong đó, cơ quan nhà nước có 77 đơn vị"): its figures keep the
 * paragraph's concept. */
static int
breakdown(const char *s, size_t fs)
{
	PCRE2_SIZE *ov;

	return re_exec(words[W_BREAKDOWN], s, fs, 0, 0, &ov) > 0;
}

/* The index a component belongs to: the nearest index cue in the sentence,
 * else the paragraph's or the document's index. */
static size_t
component_index(size_t fs)
{
	size_t i, best = NONE, bd = 0;

	for (i = 0; i < hits.n; i++) {
		const struct hit *h = &hits.v[i];
		size_t f = cues[h->cue].fam, d = h->so > fs ? h->so - fs : fs - h->so;

		if (fams[f].topic && (best == NONE || d < bd)) {
			best = f;
			bd = d;
		}
	}
	if (best == NONE && topic.para != NONE && fams[topic.para].topic)
		best = topic.para;
	return best != NONE ? best : topic.index;
}

/* The part's name after a component cue: quoted, or the words to the
 * next comma, bracket or verb, 80 bytes at most. */
static void
component_name(const char *s, size_t at, struct buf *out)
{
	const char *p = s + at, *e;

	p += strspn(p, " ");
	if (!strncmp(p, "\xe2\x80\x9c", 3) || *p == '"') {  /* “ */
		p += *p == '"' ? 1 : 3;
		e = strstr(p, *p && p[-1] == '"' ? "\"" : "\xe2\x80\x9d");
		if (!e)
			e = p + strcspn(p, "\"");
	} else {
		e = p + strcspn(p, ",;:().");
	}
	if (e - p > 80) {
		e = p + 80;
		while (e > p && *e != ' ')
			e--;
	}
	while (e > p && e[-1] == ' ')
		e--;
	buf_add(out, p, (size_t)(e - p));
}

/* an index named in the title or the lead (the document's first lines)
 * governs the unnamed scores of the whole document */
#define LEAD_LINES 3

/*
 * The metric of a part of an index, whose cue is h: INDEX_component_score
 * or _rank, the part's name into component (the cue itself for a part the
 * rules name, else the words after the cue).  Returns: a code or "other".
 */
static const char *
component_metric(const char *s, const struct hit *h, size_t fs, int u, struct buf *component)
{
	const struct family *f = &fams[cues[h->cue].fam];
	size_t x = f->index != NONE ? f->index : component_index(fs);
	const struct code *k;
	struct buf c = { 0 };
	const char *r = NULL;

	if (x == NONE)
		return "other";
	if (f->index != NONE)
		buf_add(component, s + h->so, h->eo - h->so);
	else
		component_name(s, h->eo, component);
	buf_printf(&c, "%s_component_%s", fams[x].name, u == U_RANK ? "rank" : "score");
	if ((k = code_find(c.p)) && code_allows(k, u))
		r = k->code;
	buf_free(&c);
	topic.index = x;
	return r ? r : "other";
}

static void
set_topic(size_t fam)
{
	topic.para = fam;
	if (fams[fam].topic && atol(topic.line) <= LEAD_LINES)
		topic.index = fam;
}

/* The first index the title names, or NONE (its own matches: the
 * sentences' are kept for the rows that share them). */
static size_t
title_index(const char *title)
{
	struct hits th = { 0 };
	size_t i, best = NONE, at = 0;

	match_in(&th, title);
	for (i = 0; i < th.n; i++)
		if (fams[cues[th.v[i].cue].fam].topic && (best == NONE || th.v[i].so < at)) {
			best = cues[th.v[i].cue].fam;
			at = th.v[i].so;
		}
	free(th.text);
	free(th.v);
	return best;
}

/* Start the paragraph (and the document) of f: a document starts with the
 * index its title names. */
static void
enter(const struct mfig *f)
{
	if (!topic.doc || strcmp(topic.doc, f->doc)) {
		free(topic.doc);
		topic.doc = xstrdup(f->doc);
		topic.index = *f->title ? title_index(f->title) : NONE;
		free(topic.line);
		topic.line = NULL;
	}
	if (!topic.line || strcmp(topic.line, f->line)) {
		free(topic.line);
		topic.line = xstrdup(f->line);
		topic.para = NONE;
	}
}

/*
 * The metric of figure f (see the top of this file); a component's name
 * as written is appended to component.
 * Returns: a code of the vocabulary, "other" when none fits.
 */
const char *
metric_of(const struct mfig *f, struct buf *component)
{
	const char *s = f->sentence, *domain = NULL;
	size_t n = strlen(s), fs = f->at, fe = f->at + f->len, a, b, h = NONE, fam = NONE, i;
	size_t noun = NONE;
	int u = unit_index(f->unit), k;

	enter(f);
	if (u < 0)
		return "other";
	if (fs > n)
		fs = fe = n;
	if (fe > n)
		fe = n;
	for (i = 0; i < nnouns && noun == NONE && *f->unit_text; i++) {
		PCRE2_SIZE *ov;

		if (re_exec(nouns[i].re, f->unit_text, strlen(f->unit_text), 0, 0, &ov) > 0)
			noun = nouns[i].fam;
	}
	if (noun == NONE && u == U_PERCENT)
		noun = share_noun(s, n, fs, fe);
	if (noun != NONE)
		domain = fams[noun].domain;
	match_cues(s);
	/* a figure with a noun: its phrase and clause only */
	for (k = 0; k < (domain ? 2 : 3) && h == NONE; k++) {
		if (k < 2)
			scope(s, n, fs, fe, k, &a, &b);
		else
			a = 0, b = n;
		h = best_cue(s, a, b, fs, fe, domain, u, k == 0);
	}
	if (h != NONE) {
		fam = cues[hits.v[h].cue].fam;
		if (fams[fam].component)
			return component_metric(s, &hits.v[h], fs, u, component);
		set_topic(fam);
	} else if (!domain && (fam = context_family(f->context, u)) != NONE) {
		set_topic(fam);
	} else if (topic.para != NONE && fams[topic.para].code[u] &&
	           (!domain || (!strcmp(fams[topic.para].domain, domain) && breakdown(s, fs)))) {
		fam = topic.para;
	} else if (!domain && topic.index != NONE && fams[topic.index].code[u]) {
		fam = topic.index;
	} else {
		fam = noun;
	}
	return fam != NONE && fams[fam].code[u] ? fams[fam].code[u] : "other";
}

/* Returns: 1 when s names an index whose scores are points ("chỉ số PAPI
 * đạt 47,88": a bare number there is a score). */
int
metric_index_named(const char *s)
{
	size_t i;

	match_cues(s);
	for (i = 0; i < hits.n; i++)
		if (fams[cues[hits.v[i].cue].fam].topic && fams[cues[hits.v[i].cue].fam].code[U_POINTS])
			return 1;
	return 0;
}
