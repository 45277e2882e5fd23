/*
 * cchc: writing RFC 4180 CSV rows (UTF-8, LF line ends).  A field is quoted
 * only when it must be (it holds a comma, a quote, CR or LF, or has a
 * leading or trailing space); libcsv's csv_write does the quoting.  A row is
 * built in memory and written with one fwrite when it ends; fields are passed
 * with their lengths, since they may contain NUL bytes.
 *
 * Cells are data, written exactly.  CCHC_EXCEL_SAFE=1 in the environment is
 * for files a person opens in a spreadsheet (OWASP's CSV injection advice):
 * a cell that would start a formula (=, +, -, @, a tab or a CR first) and is
 * not a plain number gets a ' before it.  A writer to a terminal shows each
 * control character but a tab or a line end as '?', as ls does.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <csv.h>

#include "../util.h"

void
csvw_init(struct csvw *w, FILE *fp)
{
	const char *e = getenv("CCHC_EXCEL_SAFE");

	memset(w, 0, sizeof(*w));
	w->fp = fp;
	w->excel_safe = e && !strcmp(e, "1");
	w->tty = fp && isatty(fileno(fp));
}

/* Returns: 1 when s[0..n) would start a formula in a spreadsheet. */
static int
csv_formula(const char *s, size_t n)
{
	size_t i = 0;

	if (!n || !strchr("=+-@\t\r", s[0]))
		return 0;
	/* -12, +3.5: numbers, not formulas */
	if (s[0] == '-' || s[0] == '+') {
		int digits = 0, dot = 0;

		for (i = 1; i < n; i++) {
			if (s[i] >= '0' && s[i] <= '9')
				digits = 1;
			else if (s[i] == '.' && !dot && digits)
				dot = 1;
			else
				break;
		}
		if (i == n && digits && s[n - 1] != '.')
			return 0;
	}
	return 1;
}

/* A copy of s[0..n) for a terminal: control characters as '?'. */
static const char *
shown(struct buf *b, const char *s, size_t n)
{
	size_t i;

	b->len = 0;
	for (i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
			buf_addc(b, '?');
		} else if (c == 0xc2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 &&
		           (unsigned char)s[i + 1] <= 0x9f) {
			buf_addc(b, '?');  /* C1 */
			i++;
		} else {
			buf_addc(b, (char)c);
		}
	}
	return b->p ? b->p : "";
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
	if (w->excel_safe && csv_formula(s, n)) {
		w->tmp.len = 0;
		buf_addc(&w->tmp, '\'');
		buf_add(&w->tmp, s, n);
		s = w->tmp.p;
		n = w->tmp.len;
	}
	if (w->tty) {
		s = shown(&w->shown, s, n);
		n = w->shown.len;
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
	buf_free(&w->tmp);
	buf_free(&w->shown);
}

void
csvw_header(struct csvw *w, const char *const *names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		csvw_str(w, names[i]);
	csvw_end(w);
}
