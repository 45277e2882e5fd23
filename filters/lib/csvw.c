/*
 * cchc: writing RFC 4180 CSV rows (UTF-8, LF line ends).  A field is quoted
 * only when it must be (it holds a comma, a quote, CR or LF, or has a
 * leading or trailing space); libcsv's csv_write does the quoting.  A row is
 * built in memory and written with one fwrite when it ends; fields are passed
 * with their lengths, since they may contain NUL bytes.
 */
#include <string.h>

#include <csv.h>

#include "../util.h"

void
csvw_init(struct csvw *w, FILE *fp)
{
	memset(w, 0, sizeof(*w));
	w->fp = fp;
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
	if (w->nfield++) {
		buf_grow(&w->row, n + 1);
		w->row.p[w->row.len++] = ',';
	}
	if (needs_quote(s, n)) {
		/* csv_write quotes into memory; csv_fwrite would putc each byte */
		size_t need = csv_write(NULL, 0, s, n);

		buf_grow(&w->row, need);
		csv_write(w->row.p + w->row.len, need, s, n);
		w->row.len += need;
	} else {
		buf_add(&w->row, s, n);
	}
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

/* End the row: it is written with one fwrite. */
void
csvw_end(struct csvw *w)
{
	buf_addc(&w->row, '\n');
	fwrite(w->row.p, 1, w->row.len, w->fp);
	w->row.len = 0;
	w->nfield = 0;
}

void
csvw_free(struct csvw *w)
{
	buf_free(&w->row);
}

void
csvw_header(struct csvw *w, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		csvw_str(w, names[i]);
	csvw_end(w);
}
