/*
 * cchc: writing RFC 4180 CSV rows (UTF-8, LF line ends).  A field is quoted
 * only when it must be (it holds a comma, a quote, CR or LF, or has a
 * leading or trailing space); libcsv's csv_fwrite does the quoting.  Fields
 * are passed with their lengths, since they may contain NUL bytes.
 */
#include <string.h>

#include <csv.h>

#include "../util.h"

void
csvw_init(struct csvw *w, FILE *fp)
{
	w->fp = fp;
	w->nfield = 0;
}

static int
needs_quote(const char *s, size_t n)
{
	size_t i;

	if (n && (s[0] == ' ' || s[n - 1] == ' '))
		return 1;
	for (i = 0; i < n; i++)
		switch (s[i]) {
		case ',': case '"': case '\n': case '\r':
			return 1;
		}
	return 0;
}

void
csvw_field(struct csvw *w, const char *s, size_t n)
{
	if (w->nfield++)
		putc(',', w->fp);
	if (needs_quote(s, n))
		csv_fwrite(w->fp, s, n);
	else
		fwrite(s, 1, n, w->fp);
}

void
csvw_str(struct csvw *w, const char *s)
{
	csvw_field(w, s ? s : "", s ? strlen(s) : 0);
}

void
csvw_long(struct csvw *w, long v)
{
	char b[32];

	csvw_field(w, b, (size_t)snprintf(b, sizeof(b), "%ld", v));
}

void
csvw_end(struct csvw *w)
{
	putc('\n', w->fp);
	w->nfield = 0;
}

void
csvw_header(struct csvw *w, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		csvw_str(w, names[i]);
	csvw_end(w);
}
