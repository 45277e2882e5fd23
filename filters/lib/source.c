/*
 * Where a report came from: the manifest a scraper writes beside its
 * reports (doc, source, date, province) and the outlets table that maps an
 * outlet's host or name to the province it belongs to.
 */
#include <stdlib.h>
#include <string.h>

#include "../util.h"

/* ---- the manifest ------------------------------------------------------------ */

struct mf_load {
	struct manifest *m;
	const char *(*prov)(const char *s, size_t n);
	int cdoc, csrc, cdate, cprov;
};

/* Returns: the days of month m (1-12) of year y. */
int
days_in(int y, int m)
{
	static const int d[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };

	return m == 2 && ((y % 4 == 0 && y % 100) || y % 400 == 0) ? 29 : d[m - 1];
}

/* Returns: 1 when s is a real YYYY-MM-DD date. */
int
iso_date_ok(const char *s)
{
	int y, m, d;
	size_t i;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	return y >= 1900 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= days_in(y, m);
}

static int
mf_row(struct csvr *r, void *arg)
{
	struct mf_load *l = arg;
	struct manifest *m = l->m;
	struct docsrc *e;
	const char *doc, *v;

	if (r->row == 1) {
		l->cdoc = csvr_col(r, "doc");
		l->csrc = csvr_col(r, "source");
		l->cdate = csvr_col(r, "date");
		l->cprov = csvr_col(r, "province");
		if (l->cdoc < 0) {
			weprintf_at(r->path, r->line, "missing column doc");
			return -1;
		}
		return 0;
	}
	doc = (size_t)l->cdoc < r->nfield ? r->field[l->cdoc] : "";
	if (!*doc) {
		weprintf_at(r->path, r->line, "no doc: row ignored");
		return 0;
	}
	if (hmap_get(&m->idx, doc, strlen(doc), 0) != HMAP_NONE) {
		weprintf_at(r->path, r->line, "%s is listed again: row ignored", doc);
		return 0;
	}
	hmap_get(&m->idx, doc, strlen(doc), 1);
	m->v = xrealloc(m->v, (m->n + 1) * sizeof(*m->v));
	e = &m->v[m->n++];
	memset(e, 0, sizeof(*e));
	e->doc = xstrdup(doc);
	e->line = r->line;
	if (l->csrc >= 0 && (size_t)l->csrc < r->nfield && *r->field[l->csrc])
		e->source = xstrdup(r->field[l->csrc]);
	if (l->cdate >= 0 && (size_t)l->cdate < r->nfield && *(v = r->field[l->cdate])) {
		if (iso_date_ok(v))
			e->date = xstrdup(v);
		else
			weprintf_at(r->path, r->line, "date '%s' is not YYYY-MM-DD: ignored", v);
	}
	if (l->cprov >= 0 && (size_t)l->cprov < r->nfield && *(v = r->field[l->cprov])) {
		const char *p = l->prov(v, strlen(v));

		if (p)
			e->province = xstrdup(p);
		else
			weprintf_at(r->path, r->line, "unknown province '%s': ignored", v);
	}
	return 0;
}

/*
 * Read the manifest at path (CSV with a doc column and any of source, date,
 * province); prov names the province a text folds to, or NULL.  A bad field
 * is named on stderr and left out; the rest of its row is kept.
 * Returns: 0, or -1 when the file cannot be read as a manifest.
 */
int
manifest_read(struct manifest *m, const char *path,
              const char *(*prov)(const char *s, size_t n))
{
	struct mf_load l = { m, prov, -1, -1, -1, -1 };

	memset(m, 0, sizeof(*m));
	m->path = xstrdup(path);
	return csvr_read(path, mf_row, &l) < 0 ? -1 : 0;
}

/* The entry for the document doc (its name, or its base name), or NULL. */
struct docsrc *
manifest_find(struct manifest *m, const char *doc)
{
	size_t i = hmap_get(&m->idx, doc, strlen(doc), 0);
	const char *base = strrchr(doc, '/');

	if (i == HMAP_NONE && base)
		i = hmap_get(&m->idx, base + 1, strlen(base + 1), 0);
	if (i == HMAP_NONE)
		return NULL;
	m->v[i].used = 1;
	return &m->v[i];
}

/* Free m; with report set, say so when no row named a document read (the
 * names in its doc column do not match the documents'). */
void
manifest_free(struct manifest *m, int report)
{
	size_t i, used = 0;

	for (i = 0; i < m->n; i++)
		used += m->v[i].used;
	if (report && m->n && !used)
		weprintf_at(m->path, m->v[0].line, "no row names a document that was read "
		            "(the doc column holds names like %s)", m->v[0].doc);
	for (i = 0; i < m->n; i++) {
		free(m->v[i].doc);
		free(m->v[i].source);
		free(m->v[i].date);
		free(m->v[i].province);
	}
	free(m->v);
	free(m->path);
	hmap_free(&m->idx);
	memset(m, 0, sizeof(*m));
}

/* ---- outlets ------------------------------------------------------------------ */

struct ol_load {
	struct outlets *o;
	const char *(*prov)(const char *s, size_t n);
	int chost, cname, cprov;
};

static int
ol_row(struct csvr *r, void *arg)
{
	struct ol_load *l = arg;
	struct outlets *o = l->o;
	const char *p = NULL, *pv;

	if (r->row == 1) {
		l->chost = csvr_col(r, "host");
		l->cname = csvr_col(r, "name");
		l->cprov = csvr_col(r, "province");
		if (l->chost < 0 || l->cname < 0 || l->cprov < 0) {
			weprintf_at(r->path, r->line, "missing column %s", l->chost < 0 ? "host" :
			            l->cname < 0 ? "name" : "province");
			return -1;
		}
		return 0;
	}
	pv = r->field[l->cprov];
	/* "national": an outlet of no province, which stops the guess from
	 * its host name */
	if (strcmp(pv, "national") && !(p = l->prov(pv, strlen(pv)))) {
		weprintf_at(r->path, r->line, "unknown province '%s'", pv);
		return -1;
	}
	o->v = xrealloc(o->v, (o->n + 1) * sizeof(*o->v));
	o->v[o->n].host = xstrdup(r->field[l->chost]);
	o->v[o->n].name = utf8_fold(r->field[l->cname], r->flen[l->cname]);
	o->v[o->n++].province = strcmp(pv, "national") ? xstrdup(p) : NULL;
	return 0;
}

/* Load outlets.csv of the data directory.  Returns: 0, or -1 after a message. */
int
outlets_read(struct outlets *o, const char *(*prov)(const char *s, size_t n))
{
	struct ol_load l = { o, prov, -1, -1, -1 };
	char *path = data_path("outlets.csv");
	int ret;

	memset(o, 0, sizeof(*o));
	ret = csvr_read(path, ol_row, &l);
	free(path);
	return ret < 0 ? -1 : 0;
}

void
outlets_free(struct outlets *o)
{
	size_t i;

	for (i = 0; i < o->n; i++) {
		free(o->v[i].host);
		free(o->v[i].name);
		free(o->v[i].province);
	}
	free(o->v);
	memset(o, 0, sizeof(*o));
}

/* Lower-case ASCII copy of s[0..n). */
static char *
lower(const char *s, size_t n)
{
	char *t = xstrndup(s, n);
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i] >= 'A' && t[i] <= 'Z')
			t[i] += 32;
	return t;
}

/* Returns: 1 when host is h or ends in ".h". */
static int
host_is(const char *host, const char *h)
{
	size_t a = strlen(host), b = strlen(h);

	return a >= b && !strcmp(host + a - b, h) && (a == b || host[a - b - 1] == '.');
}

/*
 * A province in the words of a URL's path, written as a slug
 * ("/lam-dong-9833-thu-tuc-..."): the first run of one to five words that
 * folds to a province name, the longest at each place.
 */
static const char *
slug_province(const char *path, const char *(*prov)(const char *s, size_t n))
{
	const char *seg = path, *best = NULL;

	while (*seg && !best) {
		const char *end = seg + strcspn(seg, "/?#&=");
		const char *w = seg;

		while (w < end && !best) {
			const char *e = w;
			int k;

			for (k = 0; k < 5 && e < end; k++) {
				const char *p;

				e += strcspn(e, "-_.");
				if (e > end)
					e = end;
				if ((p = prov(w, (size_t)(e - w))) && e - w > 3)
					best = p;
				if (e < end)
					e++;
			}
			w += strcspn(w, "-_.");
			if (w < end)
				w++;
		}
		seg = *end ? end + 1 : end;
	}
	return best;
}

/*
 * The province a report's source names: a province written in the
 * address's slug (the article's title), an outlet of outlets.csv by host or
 * name, a provincial portal (X.gov.vn) or paper (baoX.vn) by its host.
 * Returns: the province's name, or NULL.
 */
const char *
source_province(const struct outlets *o, const char *source,
                const char *(*prov)(const char *s, size_t n))
{
	const char *h = strstr(source, "://"), *he, *p = NULL, *lab;
	char *host, *fold;
	size_t i;

	if (!h) {
		/* an outlet's name as written: "Báo Lâm Đồng" */
		fold = utf8_fold(source, strlen(source));
		for (i = 0; i < o->n && !p; i++)
			if (*o->v[i].name && !strcmp(fold, o->v[i].name))
				p = o->v[i].province;
		free(fold);
		if (!p && !strncmp(source, "Báo ", strlen("Báo ")))
			p = prov(source + strlen("Báo "), strlen(source + strlen("Báo ")));
		if (p || !strchr(source, '.') || strchr(source, ' '))
			return p;
		h = source;  /* a bare host: "kontum.gov.vn/..." */
	} else {
		h += 3;
	}
	he = h + strcspn(h, "/:?#");
	/* the address's words first: they are the article's title */
	if (*he == '/' && (p = slug_province(he + 1, prov)))
		return p;
	host = lower(h, (size_t)(he - h));
	for (i = 0; i < o->n; i++)
		if (*o->v[i].host && host_is(host, o->v[i].host)) {
			free(host);
			return o->v[i].province;  /* NULL: a national outlet */
		}
	/* sonoivu.angiang.gov.vn, baolamdong.vn, www.baoangiang.com.vn */
	for (lab = host; *lab && !p; ) {
		size_t n = strcspn(lab, ".");
		const char *gov = strstr(host, ".gov.vn");

		if (n > 3 && !strncmp(lab, "bao", 3))
			p = prov(lab + 3, n - 3);
		if (!p && gov && lab < gov)
			p = prov(lab, n);
		lab += n;
		if (*lab)
			lab++;
	}
	free(host);
	return p;
}

/*
 * The month a source address carries as a path segment "/YYYYMM/"
 * ("/xa-hoi/202009/..."), as the first day of that month in out.
 * Returns: 0, or -1 when it has none.
 */
int
source_month(const char *source, char out[11])
{
	const char *s = strstr(source, "://");
	size_t i;

	for (s = s ? s + 3 : source; (s = strchr(s, '/')); s++) {
		for (i = 1; i <= 6 && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == 7 && (s[7] == '/' || !s[7])) {
			int y = atoi(s + 1) / 100, m = atoi(s + 1) % 100;

			if (y >= 1995 && y <= 2100 && m >= 1 && m <= 12) {
				snprintf(out, 11, "%04d-%02d-01", y, m);
				return 0;
			}
		}
	}
	return -1;
}
