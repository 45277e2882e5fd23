/*
 * cchc: a web page (HTML) to the text of its article, with libxml2's HTML
 * parser (the declared charset honoured), and the page's metadata: its
 * address (canonical link, og:url), date (article:published_time and the
 * portals' own date markup), outlet (og:site_name) and title.
 *
 * What is kept is chosen by structure, never by guessing at text: the
 * page's <article> (else <main>, else <body>) without scripts, styles,
 * navigation, headers, footers, asides, forms and frames; a block element
 * (p, div, li, h1-h6, tr ...) and <br> end a line, a table cell is a line of
 * its own (the convention of tables flattened to text).  The title comes
 * first, as the first line of a report does.
 */
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "../util.h"

/* elements whose content is never the article's (a <header> or <footer>
 * inside the article is the article's own: its heading, its byline) */
static const char *const skipped[] = {
	"script", "style", "noscript", "nav", "aside", "form", "iframe", "button", "select",
	"svg", "template", "head", "menu",
};
static const char *const page_parts[] = { "header", "footer" };
/* elements that end a line */
static const char *const blocks[] = {
	"p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6",
	"tr", "td", "th", "table", "tbody", "thead", "section", "article", "main",
	"blockquote", "figcaption", "figure", "pre", "address", "caption", "hr",
};

static int
named(const xmlNode *n, const char *const *names, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		if (!strcasecmp((const char *)n->name, names[i]))
			return 1;
	return 0;
}

/* Returns: 1 when s[i..n) starts with the tag opening tag, followed by
 * the end of the tag's name. */
static int
opens(const char *s, size_t i, size_t n, const char *tag)
{
	size_t k = strlen(tag);

	return n - i >= k && !strncasecmp(s + i, tag, k) &&
	       (n - i == k || strchr(" \t\r\n>", s[i + k]));
}

/* Returns: 1 when s[0..n) is a web page: it starts (after white space and
 * a BOM) with <!DOCTYPE html>, <html> or <head>. */
int
is_html(const char *s, size_t n)
{
	size_t i = 0;

	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && strchr(" \t\r\n", s[i]))
		i++;
	return opens(s, i, n, "<!doctype html") || opens(s, i, n, "<html") ||
	       opens(s, i, n, "<head");
}

/* The first element named name under n (n itself included), or NULL. */
static xmlNode *
find(xmlNode *n, const char *name)
{
	xmlNode *c, *f;

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcasecmp((const char *)n->name, name))
			return n;
		if ((c = n->children) && (f = find(c, name)))
			return f;
	}
	return NULL;
}

/* End the line out is on, if it has text (its trailing spaces go). */
static void
line_break(struct buf *out)
{
	while (out->len && out->p[out->len - 1] == ' ')
		out->len--;
	if (out->len && out->p[out->len - 1] != '\n')
		buf_addc(out, '\n');
}

/* A text node's text, its runs of white space one space, as a browser
 * shows them (none at the start of a line). */
static void
put_text(struct buf *out, const char *t)
{
	for (; *t; t++) {
		if (strchr(" \t\r\n\f", *t)) {
			if (out->len && !strchr(" \n", out->p[out->len - 1]))
				buf_addc(out, ' ');
		} else {
			buf_addc(out, *t);
		}
	}
}

/* The text of n's subtree into out: a block on lines of its own (an empty
 * one a blank line), <br> a line break, <pre> as written; in_article: n is
 * inside the page's article, whose header and footer are its own. */
static void
text_of(const xmlNode *n, struct buf *out, int in_article)
{
	for (; n; n = n->next) {
		size_t at;

		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (!n->content)
				continue;
			if (n->parent && !strcasecmp((const char *)n->parent->name, "pre"))
				buf_adds(out, (const char *)n->content);
			else
				put_text(out, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || named(n, skipped, LEN(skipped)) ||
		    (!in_article && named(n, page_parts, LEN(page_parts))))
			continue;
		if (!strcasecmp((const char *)n->name, "br")) {
			line_break(out);
			continue;
		}
		if (!named(n, blocks, LEN(blocks))) {
			text_of(n->children, out, in_article);
			continue;
		}
		line_break(out);
		at = out->len;
		text_of(n->children, out, in_article || !strcasecmp((const char *)n->name, "article"));
		if (out->len == at)
			buf_addc(out, '\n');  /* an empty paragraph: a blank line */
		else
			line_break(out);
	}
}

static char *
attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s = v ? xstrdup((const char *)v) : NULL;

	xmlFree(v);
	return s;
}

/* Keep v in *slot unless it is set already; frees v otherwise. */
static void
keep_first(char **slot, char *v)
{
	if (v && *v && !*slot)
		*slot = v;
	else
		free(v);
}

/* A date's first ten characters when they are YYYY-MM-DD, else NULL. */
static char *
iso_date(char *v)
{
	if (v && strlen(v) >= 10 && v[4] == '-' && v[7] == '-' &&
	    strspn(v, "0123456789") == 4 && strspn(v + 5, "0123456789") == 2 &&
	    strspn(v + 8, "0123456789") == 2) {
		v[10] = '\0';
		return v;
	}
	free(v);
	return NULL;
}

/* The metadata of the page's <meta> and <link> elements under n. */
static void
meta_of(const xmlNode *n, struct page *p)
{
	static const char *const dates[] = {
		"article:published_time", "og:published_time", "datepublished", "pubdate",
		"publishdate", "date", "dc.date", "dc.date.issued", "dcterms.date",
	};

	for (; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (!strcasecmp((const char *)n->name, "meta")) {
			char *k = attr(n, "property"), *v;
			size_t i;

			if (!k)
				k = attr(n, "name");
			if (!k)
				k = attr(n, "itemprop");
			v = k ? attr(n, "content") : NULL;
			if (k && !strcasecmp(k, "og:url"))
				keep_first(&p->source, v), v = NULL;
			else if (k && !strcasecmp(k, "og:site_name"))
				keep_first(&p->site, v), v = NULL;
			else if (k && !strcasecmp(k, "og:title"))
				keep_first(&p->title, v), v = NULL;
			for (i = 0; k && v && i < LEN(dates); i++)
				if (!strcasecmp(k, dates[i])) {
					keep_first(&p->date, iso_date(v));
					v = NULL;
				}
			free(k);
			free(v);
		} else if (!strcasecmp((const char *)n->name, "link")) {
			char *rel = attr(n, "rel");

			if (rel && !strcasecmp(rel, "canonical"))
				keep_first(&p->source, attr(n, "href"));
			free(rel);
		} else if (!strcasecmp((const char *)n->name, "time") && !p->date) {
			keep_first(&p->date, iso_date(attr(n, "datetime")));
		}
		meta_of(n->children, p);
	}
}

/* The charset a page declares in its first 2 KiB (<meta charset="X"> or
 * the Content-Type's charset=X), in buf (size n), or NULL: libxml2 2.9 sees
 * only the second form itself. */
static const char *
declared_charset(const char *s, size_t n, char *buf, size_t size)
{
	size_t i, k, lim = n < 2048 ? n : 2048;

	for (i = 0; i + 8 <= lim; i++) {
		if (strncasecmp(s + i, "charset=", 8))
			continue;
		i += 8;
		while (i < lim && (s[i] == '"' || s[i] == '\'' || s[i] == ' '))
			i++;
		for (k = 0; i + k < lim && k + 1 < size &&
		            (strchr("-_:.", s[i + k]) || (s[i + k] >= '0' && s[i + k] <= '9') ||
		             ((s[i + k] | 0x20) >= 'a' && (s[i + k] | 0x20) <= 'z')); k++)
			buf[k] = s[i + k];
		buf[k] = '\0';
		return k ? buf : NULL;
	}
	return NULL;
}

/*
 * The text of the page s[0..n) into out (UTF-8), its metadata into p (the
 * caller frees it with page_free).  Returns: 0, or -1 when libxml2 cannot
 * read it (after no message: the caller names the document).
 */
int
html_to_text(const char *s, size_t n, struct buf *out, struct page *p)
{
	const int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	                 HTML_PARSE_NONET;
	char cs[48];
	const char *enc = declared_charset(s, n, cs, sizeof(cs));
	htmlDocPtr doc;
	xmlNode *root, *art, *t;
	int in_article;

	if (n > (size_t)INT_MAX)
		return -1;
	doc = htmlReadMemory(s, (int)n, NULL, enc, opts);
	if (!doc && enc)  /* a charset libxml2 does not know: its own guess */
		doc = htmlReadMemory(s, (int)n, NULL, NULL, opts);
	if (!doc || !(root = xmlDocGetRootElement(doc))) {
		xmlFreeDoc(doc);
		return -1;
	}
	meta_of(root, p);
	if (!p->title && (t = find(root, "title")) && t->children) {
		xmlChar *v = xmlNodeGetContent(t);

		p->title = xstrdup((const char *)v);
		xmlFree(v);
	}
	in_article = (art = find(root, "article")) != NULL;
	if (!art && !(art = find(root, "main")))
		art = find(root, "body");
	art = art ? art->children : root->children;
	/* the title first, as a report's first line, unless the article
	 * opens with its own heading */
	if (p->title && !find((xmlNode *)art, "h1")) {
		put_text(out, p->title);
		line_break(out);
	}
	text_of(art, out, in_article);
	line_break(out);
	xmlFreeDoc(doc);
	return 0;
}

void
page_free(struct page *p)
{
	free(p->source);
	free(p->date);
	free(p->title);
	free(p->site);
	memset(p, 0, sizeof(*p));
}
