/*
 * cchc-extract's two halves: finding figures (cchc-extract.c, the filter)
 * and placing them in a province and a period (extract-context.c), both on
 * the rule engine and the gazetteer below them (rulebook.h).  What the
 * filter gives the context is declared here; the context never calls up
 * into the filter.
 */
#ifndef CCHC_EXTRACT_H
#define CCHC_EXTRACT_H
#include "rulebook.h"

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
	const char *default_prov;  /* -p, as provinces.csv names it, or NULL */
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
