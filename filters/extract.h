/*
 * cchc-extract's two halves: finding figures (cchc-extract.c) and placing
 * them in a province and a period (extract-context.c).  What one half
 * gives the other is declared here.
 */
#ifndef CCHC_EXTRACT_H
#define CCHC_EXTRACT_H
#include "util.h"

/* the rules of figures.rules, by kind */
enum kind {
	K_FIGURE, K_PREFIX, K_VALUE, K_WORDFIGURE, K_EXCLUDE, K_NATIONAL, K_AGGREGATE, K_LOCAL,
	K_REGION, K_GROUPUNIT, K_PERIOD, K_NOTPERIOD, K_PLANNING, K_STOCK, K_NOTPLACE, K_NOTPROVINCE, K_DOCPROV, K_SCOPE_NAT,
	K_SCOPE_PROV, K_DATEHEAD, K_DATELEAD, K_LEADYEAR, K_PROVINCE, NKIND
};

struct pat {
	pcre2_code *re;
	char *needs;     /* (?#needs LITERAL): tried only where LITERAL is */
	int g_num, g_den, g_mult, g_unit, g_qual, g_name, g_d, g_m, g_y, g_score;
};
extern struct patlist {
	struct pat *v;
	size_t n;
} pats[NKIND];

/* short all-capital variants ("AG", "HCM") count only after "tỉnh", "TP." */
extern char **shortnames;
extern size_t nshortnames;
extern struct outlets outlets;      /* outlets.csv */
extern const char *default_prov;    /* -p, as provinces.csv names it */

struct span {
	size_t so, eo;
	int kind;        /* for mentions: K_PROVINCE, K_NATIONAL, ... */
	int weak;
	size_t bo, bc;   /* a period in brackets: the brackets' [bo, bc), which
	                  * hold every figure it governs; else 0, 0 */
};

struct spans {
	struct span *v;
	size_t n, cap;
};

struct fig {
	unsigned long line;     /* in the clean text */
	size_t para;            /* index of the line */
	size_t so, eo;          /* raw */
	size_t nso, neo, dso, deo, mso, meo, uso, ueo, qso, qeo;
	char *number;           /* digits as written, or a number word's value */
	const char *qual_inherited;
	size_t rule;            /* index of the figure rule that found it */
	int rank;               /* a rank word stands before it */
	int ambiguous;
	char mark;              /* decimal mark: ',' '.' or 0 */
	char *cell;             /* a table's cell: "row label: column header" */
	int group;              /* it counts provinces, ministries or regions */
};

struct line {
	size_t off, len;
};

struct doc_ctx {
	const char *text;
	struct line *lines;
	size_t nlines;
	struct fig *figs;
	size_t nfigs, figcap;
	unsigned long too_many; /* the line where CCHC_MAX_FIGS was passed */
	char date[11];
	char *prov;             /* the document's own province, as written */
	int prov_text;          /* ... and the text itself names it */
	const char *scope;      /* "national", "provincial" or "" */
	const struct docsrc *src;  /* its manifest row, or NULL */
	char *period;           /* the document's period, as written */
	int comma_dec, dot_dec; /* evidence of the decimal mark in use */
	size_t title_off, title_len;  /* its first line, when short: the title */
};

/* Where a governing span may stand, in order of preference. */
enum pass {
	CLAUSE_BEFORE, CLAUSE_AFTER, SENTENCE_BEFORE, SENTENCE_AFTER,
	PARA_OPENING, PARA_BEFORE, NPASS
};
#define NPROV_ORDER 4
#define NPERIOD_ORDER 6
extern const enum pass prov_order[NPROV_ORDER];
extern const enum pass period_order[NPERIOD_ORDER];

/* cchc-extract.c */
int group(pcre2_code *re, const char *name);
const char *province_of(const char *s, size_t n);
int is_province(const char *s, size_t n);
void spans_add(struct spans *s, size_t so, size_t eo, int kind);
void find_all(enum kind k, const char *s, size_t n, size_t upto, struct spans *out);
int overlaps(const struct spans *s, size_t so, size_t eo);
int is_word_byte(char c);
int word_in(const char *s, size_t n, const char *const *w, size_t nw);
int may_match(const struct pat *p, const char *s, size_t n);

/* extract-context.c */
int by_start(const void *a, const void *b);
void mentions(const char *s, size_t n, size_t upto, int national_doc, struct spans *out);
const char *level_name(int level);
long govern(const struct spans *m, const enum pass *order, size_t norder,
            size_t so, size_t eo, size_t cso, size_t ceo, size_t sso, size_t seo,
            int *level);
enum { PER_PLANS = 1, PER_STOCK = 2 };
void periods(const char *s, size_t n, size_t upto, int flags, struct spans *out,
             struct spans *bases);
int base_year(const char *s, size_t fso, const struct spans *bases, size_t *so, size_t *eo);
void sentences(const char *s, size_t n, struct spans *out);
void doc_context(struct doc_ctx *d);

#endif
