/*
 * The rule engine and the gazetteer of cchc-extract (filters/lib/rulebook.c,
 * filters/lib/gazetteer.c): the layer below the filter (cchc-extract.c) and
 * the attribution (extract-context.c).  The rulebook loads figures.rules,
 * compiles every family (a kind's rules one alternation where a paragraph
 * is scanned for all of them at once) and answers where a family matches;
 * the gazetteer knows the provinces' names and the outlets.  Neither calls
 * up into the files above it.
 */
#ifndef CCHC_RULEBOOK_H
#define CCHC_RULEBOOK_H
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

/* rulebook.c */
int rulebook_load(void);
int group(pcre2_code *re, const char *name);
void spans_add(struct spans *s, size_t so, size_t eo, int kind);
void find_all(enum kind k, const char *s, size_t n, size_t upto, struct spans *out);
int overlaps(const struct spans *s, size_t so, size_t eo);
int may_match(const struct pat *p, const char *s, size_t n);
size_t excluded(const char *s, size_t n, size_t at);
int numword_value(const char *s, size_t n);
int is_word_byte(char c);
int word_in(const char *s, size_t n, const char *const *w, size_t nw);

/* gazetteer.c: provinces.csv's names and variants, outlets.csv */
char *gaz_province_pattern(void);
const char *province_of(const char *s, size_t n);
int is_province(const char *s, size_t n);
int gaz_outlets_load(void);
void gaz_free(void);
/* short all-capital variants ("AG", "HCM") count only after "tỉnh", "TP." */
extern char **shortnames;
extern size_t nshortnames;
extern struct outlets outlets;      /* outlets.csv */

#endif
