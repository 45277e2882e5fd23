/*
 * cchc-extract's gazetteer: the names and variants of provinces.csv (as a
 * trie-shaped PCRE2 alternation for the rulebook, and folded for look-ups:
 * province_of) and the outlets of outlets.csv.
 */
#include <stdlib.h>
#include <string.h>

#include "../rulebook.h"

/* short all-capital variants ("AG", "HCM") count only after "tỉnh", "TP." */
char **shortnames;
size_t nshortnames;
/* every name and variant folded ("angiang") with the unit's name, sorted:
 * to accept a document's province found in free text, such as its portal's
 * host name, and to tell whether two names are one province */
struct folded {
	char *key;
	char *canon;
};
static struct folded *folded;
static size_t nfolded;
struct outlets outlets;

/* Escape s for use as a literal inside a PCRE2 pattern. */
static void
add_literal(struct buf *b, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strchr("\\^$.|?*+()[]{}", s[i]))
			buf_addc(b, '\\');
		else if (s[i] == ' ')
			{ buf_adds(b, "\\s+"); continue; }
		else if (s[i] == '-')
			{ buf_adds(b, "\\s*[-–]\\s*"); continue; }
		buf_addc(b, s[i]);
	}
}

struct names {
	char **v;
	char **canon;  /* the name of the row each came from */
	size_t n;
};

static void
names_add(struct names *nm, const char *s, size_t n, const char *canon)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < nm->n; i++)
		if (strlen(nm->v[i]) == n && !memcmp(nm->v[i], s, n))
			return;
	nm->v = xrealloc(nm->v, (nm->n + 1) * sizeof(*nm->v));
	nm->canon = xrealloc(nm->canon, (nm->n + 1) * sizeof(*nm->canon));
	nm->canon[nm->n] = xstrdup(canon);
	nm->v[nm->n++] = xstrndup(s, n);
}

static int
province_row(struct csvr *r, void *arg)
{
	struct names *nm = arg;
	static int cname, cvar;
	const char *v, *bar;

	if (r->row == 1) {
		cname = csvr_col(r, "name");
		cvar = csvr_col(r, "variants");
		if (cname < 0 || cvar < 0) {
			weprintf_at(r->path, r->line, "missing column %s",
			            cname < 0 ? "name" : "variants");
			return -1;
		}
		return 0;
	}
	names_add(nm, r->field[cname], r->flen[cname], r->field[cname]);
	for (v = r->field[cvar]; *v; v = *bar ? bar + 1 : bar) {
		bar = strchr(v, '|');
		if (!bar)
			bar = v + strlen(v);
		names_add(nm, v, (size_t)(bar - v), r->field[cname]);
	}
	return 0;
}

/* Returns: 1 for a variant like "AG" or "HCM" that needs a prefix. */
static int
is_short(const char *s, size_t n)
{
	size_t i;

	if (n > 4)
		return 0;
	for (i = 0; i < n; i++)
		if (s[i] < 'A' || s[i] > 'Z')
			return 0;
	return 1;
}

/*
 * Append v[0..n) (sorted, sharing their first depth bytes) as a trie of
 * alternatives: "Bình (?:Dương|Định|Phước|Thuận)".  PCRE2 tries the
 * alternatives of a group one by one, so a flat list of 200 names costs 200
 * tries at every capital letter; a trie costs a few.
 */
static void
trie(struct buf *b, char **v, size_t n, size_t depth)
{
	size_t i = 0, j, groups = 0, empty = 0;

	while (i < n && !v[i][depth]) {  /* a name that ends here */
		empty = 1;
		i++;
	}
	if (i == n)
		return;
	for (j = i; j < n; groups++) {
		size_t k = (size_t)utf8_len((unsigned char)v[j][depth]), e = j + 1;

		while (e < n && !strncmp(v[e] + depth, v[j] + depth, k))
			e++;
		j = e;
	}
	if (groups > 1 || empty)
		buf_adds(b, "(?:");
	for (j = i; j < n; ) {
		size_t k = (size_t)utf8_len((unsigned char)v[j][depth]), e = j + 1;

		while (e < n && !strncmp(v[e] + depth, v[j] + depth, k))
			e++;
		if (j > i)
			buf_addc(b, '|');
		if (e - j == 1) {
			add_literal(b, v[j] + depth, strlen(v[j] + depth));
		} else {
			add_literal(b, v[j] + depth, k);
			trie(b, v + j, e - j, depth + k);
		}
		j = e;
	}
	if (empty)
		buf_addc(b, '|');
	if (groups > 1 || empty)
		buf_addc(b, ')');
}

static int
bytes_first(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Build {PROVINCE}, every name and variant of provinces.csv as a trie.
 * Returns: the pattern in new memory, or NULL after a message.
 */
char *
gaz_province_pattern(void)
{
	struct names nm = { 0 };
	struct buf b = { 0 };
	char *path = data_path("provinces.csv");
	size_t i;
	int ret = csvr_read(path, province_row, &nm);

	free(path);
	if (ret < 0)
		return NULL;
	folded = xcalloc(nm.n, sizeof(*folded));
	for (i = 0; i < nm.n; i++) {
		folded[nfolded].key = utf8_fold(nm.v[i], strlen(nm.v[i]));
		folded[nfolded++].canon = nm.canon[i];
		if (is_short(nm.v[i], strlen(nm.v[i]))) {
			shortnames = xrealloc(shortnames, (nshortnames + 1) * sizeof(*shortnames));
			shortnames[nshortnames++] = xstrdup(nm.v[i]);
		}
	}
	free(nm.canon);
	qsort(folded, nfolded, sizeof(*folded), bytes_first);
	qsort(nm.v, nm.n, sizeof(*nm.v), bytes_first);
	buf_adds(&b, "(?<![\\p{L}\\p{N}])");
	trie(&b, nm.v, nm.n, 0);
	buf_adds(&b, "(?![\\p{L}\\p{N}])");
	for (i = 0; i < nm.n; i++)
		free(nm.v[i]);
	free(nm.v);
	return b.p;
}

/*
 * The province whose name or variant s[0..n) folds to.
 * Returns: its name (as in provinces.csv), or NULL.
 */
const char *
province_of(const char *s, size_t n)
{
	struct folded k = { utf8_fold(s, n), NULL }, *f = NULL;

	if (*k.key)
		f = bsearch(&k, folded, nfolded, sizeof(*folded), bytes_first);
	free(k.key);
	return f ? f->canon : NULL;
}

/* Returns: 1 when s[0..n) folds to a province name or variant. */
int
is_province(const char *s, size_t n)
{
	return province_of(s, n) != NULL;
}

/* Load outlets.csv.  Returns: 0, or -1 after a message. */
int
gaz_outlets_load(void)
{
	return outlets_read(&outlets, province_of);
}

void
gaz_free(void)
{
	outlets_free(&outlets);
}
